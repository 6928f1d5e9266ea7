"""Claims of people killed, injured, detained, arrested, prosecuted or amnestied: who counted what.

Every row of casualty_estimates.csv is one claimant's figure as a document reports it. The
figures are documented counts or claims, not estimates of a true total, so nothing here
averages, sums, divides or picks among them: figures from different claimants are set side by
side, each worded as the claim words it ("more than", "up to", a range). Claims of different
metrics ("detained", "brought to administrative responsibility") are never compared.

Three kinds of rows are not rival claims and are shown as what they are:
- a figure for one group within a total (`counted`: the security forces among the dead) — printed
  beside the total it is part of, see `attach_parts()`; a figure for a window (`period_start`,
  `period_end`: one night) is labelled with its period and kept out of the running totals;
- claims about events outside the country the briefing covers (the Polish December 1970
  events, which the 2012 booklet gives as a comparison) — `comparisons()`;
- several figures from one sentence that count different people ("killing 4 locals and
  3 soldiers") — one statement with parts, see `statements()`.
"""

from __future__ import annotations

import math

import pandas as pd

from ..citations import cite
from ..domain import CLAIMANT_TYPE_LABELS, CLAIMANT_TYPES, COUNTED_LABELS, METRIC_FAMILIES, METRIC_LABELS
from ..english import format_date, join_words, number, span
from ..quotes import as_text

INF = math.inf


# --- one claim as a range --------------------------------------------------------------------------


def claim_bounds(low, high, qualifier: str) -> tuple[float, float]:
    """The interval a claim allows: (lower, upper), upper = inf for an open-ended claim.

    `up_to` has no low: the lower bound is unknown and taken as 0, so "up to 70" reads as
    "at most 70". `at_least` and `more_than` have no high: the upper bound is infinite.
    """
    lower = 0.0 if pd.isna(low) else float(low)
    upper = INF if pd.isna(high) else float(high)
    if qualifier in ("exact", "approx", "nearly", "almost"):
        # "nearly 7,000" is drawn and compared at the figure the document gives, worded as it words it.
        value = lower if not pd.isna(low) else upper
        return value, value
    if qualifier in ("at_least", "more_than"):
        return lower, INF
    if qualifier == "up_to":
        return 0.0, upper
    if qualifier == "range":
        return lower, upper
    raise ValueError(f"unknown qualifier {qualifier!r}")


def format_figure(low, high, qualifier: str) -> str:
    """A claim worded as it was made: '17', 'approx. 10', '80–100', 'more than 1,000', 'up to 70'."""
    if qualifier == "exact":
        return number(low)
    if qualifier == "approx":
        return f"approx. {number(low)}"
    if qualifier in ("nearly", "almost"):
        return f"{qualifier} {number(low)}"
    if qualifier == "range":
        return span(number(low), number(high))
    if qualifier == "at_least":
        return f"at least {number(low)}"
    if qualifier == "more_than":
        return f"more than {number(low)}"
    if qualifier == "up_to":
        return f"up to {number(high)}"
    raise ValueError(f"unknown qualifier {qualifier!r}")


# --- dates -----------------------------------------------------------------------------------------


def date_label(claim_date) -> str:
    """'2012', 'Oct 2012', '16 Dec 2015'; 'date unknown' when empty."""
    if pd.isna(claim_date) or not str(claim_date):
        return "date unknown"
    return format_date(str(claim_date))


# --- whom and when a figure counts -------------------------------------------------------------------

SCOPE_COLUMNS = ("counted", "period_start", "period_end", "caveat")


def with_scope(claims: pd.DataFrame) -> pd.DataFrame:
    """A copy of `claims` with the optional scope columns, empty ones given their documented
    meaning: a claim counts everyone, over the whole event up to its date, with no caveat."""
    chosen = claims.copy()
    for column in SCOPE_COLUMNS:
        if column not in chosen:
            chosen[column] = pd.Series(pd.NA, index=chosen.index, dtype="string")
    chosen["counted"] = chosen["counted"].fillna("all")
    return chosen


def _metric_label(metric: str, counted: str) -> str:
    label = METRIC_LABELS[metric]
    return label if counted == "all" else f"{label}: {COUNTED_LABELS[counted]}"


def period_label(start, end) -> str:
    """'16–17 Dec 2011', 'since 5 Jan 2022', 'up to 10 Jan 2022'; '' for a running total."""
    start = "" if pd.isna(start) else str(start)
    end = "" if pd.isna(end) else str(end)
    if start and end:
        if start == end:
            return format_date(start)
        if len(start) == len(end) == 10 and start[:7] == end[:7]:  # one month: '16–17 Dec 2011'
            return f"{int(start[8:])}–{format_date(end)}"
        return f"{format_date(start)} to {format_date(end)}"
    if start:
        return f"since {format_date(start)}"
    return f"up to {format_date(end)}" if end else ""


def when_repeated(claim, same_claimant: pd.DataFrame) -> str | None:
    """The claim's date when its claimant gave the same metric more than once (445, then 717,
    then 1,205 convicted): a running count reads as a count over time, not as rival figures."""
    again = (same_claimant["metric"] == claim["metric"]).sum() > 1
    date = claim.get("claim_date")
    return str(date) if again and date is not None and not pd.isna(date) else None


def is_total(claims: pd.DataFrame) -> pd.Series:
    """Claims that count everyone over the whole event to their date: the figures that are
    compared, charted and followed over time."""
    return (claims["counted"] == "all") & claims["period"].astype(str).eq("")


def attach_parts(totals: pd.DataFrame, parts: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(totals with `of_which`, the parts no total takes). A part (the 19 security officers among
    238 dead) belongs to the total of the same event, metric and claimant given on the same date,
    in the same document when there is one; `of_which` lists (figure, whom, claim_id) in data order."""
    totals = totals.assign(of_which=[[] for _ in range(len(totals))])
    said_on = totals["claim_date"].astype("string").fillna("")  # once, not per part
    alone = []
    for index, part in parts.iterrows():
        same = totals[
            (totals["event_id"] == part["event_id"])
            & (totals["metric"] == part["metric"])
            & (totals["claimant"] == part["claimant"])
            & (said_on == ("" if pd.isna(part["claim_date"]) else str(part["claim_date"])))
            & (totals["counted"] == "all")
        ]
        own = same[same["source_id"] == part["source_id"]]
        found = own if len(own) else same
        if found.empty or part["counted"] == "all":
            alone.append(index)
            continue
        for row in found.index:
            totals.at[row, "of_which"] = [
                *totals.at[row, "of_which"],
                (part["figure"], COUNTED_LABELS[part["counted"]], part["claim_id"]),
            ]
    return totals, parts.loc[alone]


def figure_text(figure: str, period: str = "", of_which=(), caveat=None) -> str:
    """A figure as a table cell prints it: with its period, the parts it includes and what its
    document says of its standing ('at least 164 (not confirmed …)')."""
    notes = [period] if period else []
    notes += [f"of whom {n} {whom}" for n, whom, *_ in of_which]
    if caveat is not None and not pd.isna(caveat) and str(caveat).strip():
        notes.append(str(caveat).strip())
    return f"{figure} ({'; '.join(notes)})" if notes else figure


# --- selection -------------------------------------------------------------------------------------


def check_selection(events: pd.DataFrame, *, event_ids=(), metrics=(), claimant_types=()) -> None:
    """Reject parameter values that name nothing (a typo), before they silently select nothing."""
    problems = []
    unknown = [e for e in event_ids if e not in set(events["event_id"])]
    if unknown:
        problems.append(f"events {unknown} are not in events.csv")
    unknown = [m for m in metrics if m not in METRIC_LABELS]
    if unknown:
        problems.append(f"metrics {unknown} are not metrics of the schema ({', '.join(METRIC_LABELS)})")
    unknown = [t for t in claimant_types if t not in CLAIMANT_TYPES]
    if unknown:
        problems.append(f"claimant_types {unknown} are not claimant types ({', '.join(CLAIMANT_TYPES)})")
    if problems:
        raise ValueError("; ".join(problems))


def select_claims(
    claims: pd.DataFrame, events: pd.DataFrame, *, event_ids=(), metrics=(), claimant_types=()
) -> pd.DataFrame:
    """The claims a chapter covers (empty selections mean all), with their ranges and labels.

    Adds `lower`/`upper` (floats, upper = inf when open-ended), `figure` (the claim as worded),
    `event` (the event's name), `event_start`, `country` (the event's), `metric_label`, and
    sorts by event date, metric (schema order), claimant type (official first) and claim date.
    """
    check_selection(events, event_ids=event_ids, metrics=metrics, claimant_types=claimant_types)
    chosen = with_scope(claims)
    if event_ids:
        chosen = chosen[chosen["event_id"].isin(list(event_ids))]
    if metrics:
        chosen = chosen[chosen["metric"].isin(list(metrics))]
    if claimant_types:
        chosen = chosen[chosen["claimant_type"].isin(list(claimant_types))]
    bounds = [claim_bounds(r.low, r.high, r.qualifier) for r in chosen.itertuples()]
    chosen["lower"] = pd.Series([b[0] for b in bounds], index=chosen.index, dtype=float)
    chosen["upper"] = pd.Series([b[1] for b in bounds], index=chosen.index, dtype=float)
    chosen["figure"] = pd.Series(
        [format_figure(r.low, r.high, r.qualifier) for r in chosen.itertuples()], index=chosen.index, dtype=object
    )
    info = events.set_index("event_id")
    chosen["event"] = chosen["event_id"].map(info["name"]).astype("string")
    chosen["event_start"] = chosen["event_id"].map(info["start_date"]).astype("string")
    chosen["country"] = chosen["event_id"].map(info["country"]).astype("string")
    chosen["metric_label"] = pd.Series(
        [_metric_label(m, c) for m, c in zip(chosen["metric"], chosen["counted"])], index=chosen.index, dtype="string"
    )
    chosen["period"] = pd.Series(
        [period_label(a, b) for a, b in zip(chosen["period_start"], chosen["period_end"])],
        index=chosen.index,
        dtype=object,
    )
    order = {
        "_metric": chosen["metric"].map({m: i for i, m in enumerate(METRIC_LABELS)}),
        "_type": chosen["claimant_type"].map({t: i for i, t in enumerate(CLAIMANT_TYPES)}),
    }
    chosen = chosen.assign(**order).sort_values(
        ["event_start", "event_id", "_metric", "_type", "claim_date", "claim_id"], kind="stable", na_position="last"
    )
    return chosen.drop(columns=list(order)).reset_index(drop=True)


def in_country(claims: pd.DataFrame, country: str) -> pd.DataFrame:
    """The claims about events in the country the briefing covers: what the chapter counts and charts."""
    return claims[claims["country"] == country].reset_index(drop=True)


def comparisons(claims: pd.DataFrame, country: str) -> pd.DataFrame:
    """Claims about events elsewhere: a comparison a document draws, never a count of this country's."""
    return claims[claims["country"] != country].reset_index(drop=True)


def in_family(claims: pd.DataFrame, family: str) -> pd.DataFrame:
    """The claims (or statements) of one chart family (`METRIC_FAMILIES`)."""
    return claims[claims["metric"].isin(METRIC_FAMILIES[family])]


# --- statements: one row per thing a claimant said -------------------------------------------------


def one_statement_groups(claims: pd.DataFrame) -> list[pd.DataFrame]:
    """Claims of one event and metric quoted from the same sentence of the same document.

    "killing 4 locals and 3 soldiers" gives two `killed` rows that count different people:
    they are parts of one statement, not alternative figures.
    """
    keyed = claims[claims["quote"].notna()]
    return [
        group
        for _, group in keyed.groupby(["event_id", "metric", "source_id", "quote"], sort=False)
        if len(group) > 1 and group["figure"].nunique() > 1
    ]


STATEMENT_COLUMNS = [
    "event_id",
    "event",
    "event_start",
    "metric",
    "metric_label",
    "claimant",
    "claimant_type",
    "qualifier",
    "figure",
    "parts",
    "lower",
    "upper",
    "source_id",
    "claim_date",
    "quote",
    "quote_translation",
    "n_rows",
    "casualties_wording",
    "counted",
    "period",
    "caveat",
    "of_which",
]


def statements(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per statement, in the order of `select_claims`.

    - The same figure stated twice in one document by the same kind of claimant (the booklet's
      official 17 in its infobox and its timeline) is one statement, with the fuller wording;
      `n_rows` says how many rows it stands for.
    - Figures from one sentence that count different people are one statement with `parts`
      (4 and 3): `figure` reads '4 and 3', `lower` = `upper` = the end of the stacked parts.
    Otherwise a statement is a claim, with `parts` = (its figure,).
    `casualties_wording` marks a count of people killed that the document words "casualties",
    which may include the injured.
    """
    if claims.empty:
        return pd.DataFrame(columns=STATEMENT_COLUMNS)
    if "period" in claims:  # parts of a total go beside it (select_claims adds the scope columns)
        parts = claims["counted"] != "all"
        totals, alone = attach_parts(claims[~parts], claims[parts])
        claims = pd.concat([totals, alone.assign(of_which=[[] for _ in range(len(alone))])]).sort_index()
    grouped_ids: dict[str, int] = {}
    for group_no, group in enumerate(one_statement_groups(claims)):
        for claim_id in group["claim_id"]:
            grouped_ids[claim_id] = group_no
    numbers = claims["claim_id"].map(grouped_ids)
    members = {group_no: group for group_no, group in claims.groupby(numbers, sort=False)}
    rows, seen_parts = [], set()
    for r in claims.itertuples():
        if r.claim_id in grouped_ids:
            group_no = grouped_ids[r.claim_id]
            if group_no in seen_parts:
                continue
            seen_parts.add(group_no)
            # A row repeated under another id is the same part again, not another part.
            group = members[group_no].drop_duplicates([c for c in claims.columns if c not in ("claim_id", "of_which")])
            exact = (group["qualifier"].isin(["exact", "approx"])).all()
            parts = tuple(float(v) for v in group["lower"]) if exact else ()
            end = float(sum(parts)) if exact else float(group["lower"].max())
            rows.append(
                _statement(
                    r,
                    figure=join_words(list(group["figure"])),
                    parts=parts,
                    lower=end,
                    upper=end,
                    qualifier="parts",
                    n_rows=len(members[group_no]),
                )
            )
            continue
        rows.append(
            _statement(
                r,
                figure=r.figure,
                parts=(float(r.lower),),
                lower=float(r.lower),
                upper=float(r.upper),
                qualifier=r.qualifier,
                n_rows=1,
            )
        )
    frame = pd.DataFrame(rows, columns=STATEMENT_COLUMNS)
    # The same figure, the same kind of claimant, the same document: one statement.
    key = ["event_id", "metric", "claimant_type", "source_id", "figure", "counted", "period"]
    merged = []
    for _, group in frame.groupby(key, sort=False):
        fullest = group.loc[group["quote"].fillna("").str.len().idxmax()].copy()
        fullest["n_rows"] = int(group["n_rows"].sum())
        merged.append(fullest)
    return pd.DataFrame(merged, columns=STATEMENT_COLUMNS).reset_index(drop=True)


def _statement(r, **values) -> dict:
    quote = r.quote if not pd.isna(r.quote) else pd.NA
    casualties = r.metric == "killed" and not pd.isna(r.quote) and "casualt" in str(r.quote).lower()
    return {
        "event_id": r.event_id,
        "event": r.event,
        "event_start": r.event_start,
        "metric": r.metric,
        "metric_label": r.metric_label,
        "claimant": r.claimant,
        "claimant_type": r.claimant_type,
        "source_id": r.source_id,
        "claim_date": r.claim_date,
        "quote": quote,
        "quote_translation": getattr(r, "quote_translation", pd.NA),
        "casualties_wording": casualties,
        "counted": getattr(r, "counted", "all"),
        "period": getattr(r, "period", ""),
        "caveat": getattr(r, "caveat", pd.NA),
        "of_which": list(getattr(r, "of_which", []) or []),
        **values,
    }


def focus_event(statements_: pd.DataFrame, family: str) -> str | None:
    """The event a family's chart shows: the one with the most statements of that family, when it
    has at least two (ties: the earliest event). None when no event has two."""
    part = in_family(statements_, family)
    if "period" in part:  # a figure for one group or one night is not charted as a rival total
        part = part[is_total(part)]
    if part.empty:
        return None
    sizes = part.groupby("event_id", sort=False).size()
    if sizes.max() < 2:
        return None
    return str(sizes.idxmax())


def main_metric(statements_: pd.DataFrame) -> str:
    """The metric with the most statements (ties: schema order)."""
    sizes = statements_.groupby("metric", sort=False).size()
    return str(sizes.idxmax())


# --- tables ----------------------------------------------------------------------------------------


def event_label(name: str, start_date) -> str:
    """'Harbour shooting (16 Dec 2011)': an event as the claims table names it."""
    return f"{name} ({date_label(start_date)})"


def claims_table(statements_: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Every statement, worded as the claim states it, with its claimant, the document's words, the
    document's date and the document as a bibliography number. No internal ids; an event is named
    on its first row only."""
    events = [event_label(r.event, r.event_start) for r in statements_.itertuples()]
    shown = [name if index == 0 or name != events[index - 1] else "" for index, name in enumerate(events)]
    dates = sources.set_index("source_id")["date"]
    return pd.DataFrame(
        {
            "event": shown,
            "what is counted": statements_["metric_label"].astype(object),
            "figure": [_cell(r) for r in statements_.itertuples()],
            "claimant": [f"{r.claimant} ({CLAIMANT_TYPE_LABELS[r.claimant_type]})" for r in statements_.itertuples()],
            "the document's words": [as_text(r.quote, r.quote_translation) for r in statements_.itertuples()],
            "as of": [
                format_date(dates.get(s, pd.NA)) if not pd.isna(dates.get(s, pd.NA)) else pd.NA
                for s in statements_["source_id"]
            ],
            "source": [cite([s], sources) for s in statements_["source_id"]],
        }
    ).reset_index(drop=True)


def _cell(r) -> str:
    return figure_text(r.figure, getattr(r, "period", ""), getattr(r, "of_which", ()), getattr(r, "caveat", None))


# --- one metric's figures over time ----------------------------------------------------------------


def claim_day(claim_date) -> pd.Timestamp:
    """Where a claim sits on a time axis: its day; the 15th for a month ('2022-05'); 1 July for a year.
    NaT when the claim is undated. Only for placing points: the text keeps the date as given."""
    if pd.isna(claim_date) or not str(claim_date):
        return pd.NaT
    parts = str(claim_date).split("-")
    if len(parts) == 1:
        return pd.Timestamp(int(parts[0]), 7, 1)
    if len(parts) == 2:
        return pd.Timestamp(int(parts[0]), int(parts[1]), 15)
    return pd.Timestamp(str(claim_date))


def dated_series(
    statements_: pd.DataFrame, event_id: str, metric: str = "killed", sources: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One event's statements of one metric in the order they were made, with `when` (a Timestamp
    for the time axis), `date` (the date shown) and `reported`. A claim the document does not date
    (empty `claim_date`) is placed at the date of the document that reports it, given `sources`:
    `date` is then the document's date and `reported` is true, so the text says "reported <date>"
    and never presents it as the date of the figure. Without `sources` an undated claim is left
    out. Each row stays one claimant's figure on one date: a later figure does not replace an
    earlier one here, it is shown beside it."""
    chosen = statements_[(statements_["event_id"] == event_id) & (statements_["metric"] == metric)]
    if "period" in chosen:  # a figure for one night or one group is not a point of the running total
        chosen = chosen[is_total(chosen)]
    chosen = chosen.copy()
    documents = sources.set_index("source_id")["date"] if sources is not None else pd.Series(dtype=object)
    undated = chosen["claim_date"].isna() | (chosen["claim_date"].astype("string") == "")
    chosen["reported"] = undated.astype(bool)
    chosen["date"] = [
        documents.get(s, pd.NA) if missing else d
        for s, d, missing in zip(chosen["source_id"], chosen["claim_date"], undated)
    ]
    chosen["when"] = [claim_day(d) for d in chosen["date"]]
    chosen = chosen[chosen["when"].notna()]
    return chosen.sort_values(["when", "claimant_type", "lower"], kind="stable").reset_index(drop=True)


def series_event(statements_: pd.DataFrame, metric: str = "killed", min_dates: int = 3) -> str | None:
    """The event whose figures for `metric` were given on the most different dates, when official
    claimants gave that metric on at least `min_dates` dates (a count revised over time); else None.
    Ties: the earliest event."""
    totals = statements_[is_total(statements_)] if "period" in statements_ else statements_
    official = totals[
        (totals["metric"] == metric) & (totals["claimant_type"] == "official") & totals["claim_date"].notna()
    ]
    if official.empty:
        return None
    dates = official.groupby("event_id", sort=False)["claim_date"].nunique()
    if dates.max() < min_dates:
        return None
    return str(dates.idxmax())


def series_table(series: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The series as a table, in the order the figures were given: date of the claim ("reported
    <date>" when the document does not date the claim and its own date is shown), figure,
    claimant, the document's words and the document as a bibliography number."""
    return pd.DataFrame(
        {
            "date of the claim": [
                f"reported {date_label(d)}" if reported else date_label(d)
                for d, reported in zip(series["date"], series["reported"])
            ],
            "figure": [_cell(r) for r in series.itertuples()],
            "claimant": [f"{r.claimant} ({CLAIMANT_TYPE_LABELS[r.claimant_type]})" for r in series.itertuples()],
            "the document's words": [
                as_text(r.quote, getattr(r, "quote_translation", None)) for r in series.itertuples()
            ],
            "source": [cite([s], sources) for s in series["source_id"]],
        }
    ).reset_index(drop=True)
