"""Claims of people killed, injured, detained or prosecuted: ranges, divergence, change over time.

Every row of casualty_estimates.csv is one claimant's figure as a document reports it. The
figures are documented counts or claims, not estimates of a true total, so nothing here
averages, sums or picks among them: each claim becomes an interval (open where the claim is
open-ended), and official and independent claims are compared by interval arithmetic on
their ratio. Claims of different metrics ("detained" and "prosecuted") are never compared.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from ..report import count, join_words

CLAIMANT_TYPES = ("official", "independent", "media", "ngo")
TYPE_LABELS = {"official": "official", "independent": "independent", "media": "media", "ngo": "NGO"}

# The non-official side of a divergence ratio: only claims the documents attribute to sources
# independent of both the state and the publisher (witnesses, medical workers, "unofficial
# sources", a politician). What an NGO or news outlet states in its own name is shown, not used
# in ratios: it is often the publisher's unattributed figure, or counts a different group.
COMPARED_TYPES = ("independent",)

# Schema order of metrics, with the words used in prose and labels.
METRIC_LABELS = {
    "killed": "killed",
    "injured": "injured",
    "wounded_by_gunfire": "wounded by gunfire",
    "missing": "missing",
    "detained": "detained",
    "journalists_detained": "journalists detained",
    "arrested": "arrested",
    "administrative_arrests": "given administrative arrest",
    "prosecuted": "prosecuted",
    "convicted": "convicted",
    "fined": "fined",
}

# Charts group metrics into two families, so a death toll and a count of detainees never share
# an axis as if they were the same kind of number.
FAMILIES = {
    "deaths and injuries": ("killed", "injured", "wounded_by_gunfire", "missing"),
    "detentions and prosecutions": ("detained", "journalists_detained", "arrested", "administrative_arrests",
                                    "prosecuted", "convicted", "fined"),
}

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")

INF = math.inf


# --- one claim as a range --------------------------------------------------------------------------


def claim_bounds(low, high, qualifier: str) -> tuple[float, float]:
    """The interval a claim allows: (lower, upper), upper = inf for an open-ended claim.

    `up_to` has no low: the lower bound is unknown and taken as 0, so "up to 70" reads as
    "at most 70". `at_least` and `more_than` have no high: the upper bound is infinite.
    "More than 1,000" is treated as ≥ 1,000 (the difference disappears in rounded ratios).
    """
    lower = 0.0 if pd.isna(low) else float(low)
    upper = INF if pd.isna(high) else float(high)
    if qualifier in ("exact", "approx"):
        value = lower if not pd.isna(low) else upper
        return value, value
    if qualifier in ("at_least", "more_than"):
        return lower, INF
    if qualifier == "up_to":
        return 0.0, upper
    if qualifier == "range":
        return lower, upper
    raise ValueError(f"unknown qualifier {qualifier!r}")


def format_number(value) -> str:
    """Integers as the documents give them, with a thousands separator: 1,083."""
    return f"{int(value):,}"


def format_figure(low, high, qualifier: str) -> str:
    """A claim worded as it was made: '17', 'approx. 10', '80–100', 'more than 1,000', 'up to 70'."""
    if qualifier == "exact":
        return format_number(low)
    if qualifier == "approx":
        return f"approx. {format_number(low)}"
    if qualifier == "range":
        return f"{format_number(low)}–{format_number(high)}"
    if qualifier == "at_least":
        return f"at least {format_number(low)}"
    if qualifier == "more_than":
        return f"more than {format_number(low)}"
    if qualifier == "up_to":
        return f"up to {format_number(high)}"
    raise ValueError(f"unknown qualifier {qualifier!r}")


# --- dates -----------------------------------------------------------------------------------------


def date_label(claim_date) -> str:
    """'2012', 'Oct 2012', '16 Dec 2015'; 'date unknown' when empty."""
    if pd.isna(claim_date) or not str(claim_date):
        return "date unknown"
    parts = str(claim_date).split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1][:3]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def date_phrase(claim_date) -> str:
    """'in 2012', 'in October 2012', 'on 16 December 2015': a date as precise as the source."""
    if pd.isna(claim_date) or not str(claim_date):
        return "at an unknown date"
    parts = str(claim_date).split("-")
    if len(parts) == 1:
        return f"in {parts[0]}"
    month = MONTHS[int(parts[1]) - 1]
    return f"in {month} {parts[0]}" if len(parts) == 2 else f"on {int(parts[2])} {month} {parts[0]}"


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


def select_claims(claims: pd.DataFrame, events: pd.DataFrame, *, event_ids=(), metrics=(),
                  claimant_types=()) -> pd.DataFrame:
    """The claims a chapter covers (empty selections mean all), with their ranges and labels.

    Adds `lower`/`upper` (floats, upper = inf when open-ended), `figure` (the claim as worded),
    `event` (the event's name), `event_start`, and sorts by event date, metric (schema order),
    claimant type (official first) and claim date.
    """
    check_selection(events, event_ids=event_ids, metrics=metrics, claimant_types=claimant_types)
    chosen = claims.copy()
    if event_ids:
        chosen = chosen[chosen["event_id"].isin(list(event_ids))]
    if metrics:
        chosen = chosen[chosen["metric"].isin(list(metrics))]
    if claimant_types:
        chosen = chosen[chosen["claimant_type"].isin(list(claimant_types))]
    bounds = [claim_bounds(r.low, r.high, r.qualifier) for r in chosen.itertuples()]
    chosen["lower"] = [b[0] for b in bounds]
    chosen["upper"] = [b[1] for b in bounds]
    chosen["figure"] = [format_figure(r.low, r.high, r.qualifier) for r in chosen.itertuples()]
    info = events.set_index("event_id")
    chosen["event"] = chosen["event_id"].map(info["name"]).astype("string")
    chosen["event_start"] = chosen["event_id"].map(info["start_date"]).astype("string")
    chosen["metric_label"] = chosen["metric"].map(METRIC_LABELS).astype("string")
    order = {
        "_metric": chosen["metric"].map({m: i for i, m in enumerate(METRIC_LABELS)}),
        "_type": chosen["claimant_type"].map({t: i for i, t in enumerate(CLAIMANT_TYPES)}),
    }
    chosen = chosen.assign(**order).sort_values(
        ["event_start", "event_id", "_metric", "_type", "claim_date", "claim_id"], kind="stable", na_position="last")
    return chosen.drop(columns=list(order)).reset_index(drop=True)


def describe_selection(event_ids, metrics, claimant_types, event_names: dict[str, str]) -> str:
    """'all events; all metrics; all claimant types', or the values chosen, for prose."""
    def words(values, every, label=lambda v: v):
        return every if not values else ", ".join(label(v) for v in values)
    return (f"{words(event_ids, 'all events', lambda e: event_names.get(e, e))}; "
            f"{words(metrics, 'all metrics', lambda m: METRIC_LABELS.get(m, m))}; "
            f"{words(claimant_types, 'all claimant types', lambda t: TYPE_LABELS.get(t, t))}")


def in_family(claims: pd.DataFrame, family: str) -> pd.DataFrame:
    """The claims of one chart family (`FAMILIES`)."""
    return claims[claims["metric"].isin(FAMILIES[family])]


def dated_by_document(claims: pd.DataFrame) -> int:
    """Claims whose date is the reporting document's (the notes say 'document date used')."""
    return int(claims["notes"].fillna("").str.contains("document date used", regex=False).sum())


# --- divergence: interval arithmetic on ratios -----------------------------------------------------


@dataclass(frozen=True)
class RatioRange:
    """The ratios a/b that two claims allow: low ≤ a/b ≤ high (high may be inf)."""

    low: float
    high: float

    @property
    def bounded(self) -> bool:
        return self.high != INF


def ratio_range(a_low: float, a_high: float, b_low: float, b_high: float) -> RatioRange | None:
    """Interval of a/b for a in [a_low, a_high], b in [b_low, b_high], all ≥ 0.

    The ratio runs from a_low / b_high to a_high / b_low. An infinite b_high gives a lower
    bound of 0; a_high infinite, or b_low = 0 (an "up to" denominator, whose low is unknown),
    gives an unbounded upper end. Returns None when b can only be 0: the ratio is undefined.
    """
    if min(a_low, a_high, b_low, b_high) < 0 or a_low > a_high or b_low > b_high:
        raise ValueError(f"not valid intervals: [{a_low}, {a_high}] / [{b_low}, {b_high}]")
    if b_high == 0:
        return None
    low = 0.0 if b_high == INF else a_low / b_high
    if a_high == 0:
        high = 0.0  # a is 0 whatever b is
    elif b_low == 0 or a_high == INF:
        high = INF
    else:
        high = a_high / b_low
    return RatioRange(low, high)


def envelope(ranges: list[RatioRange | None]) -> RatioRange | None:
    """The smallest interval holding every defined ratio range (None if there is none)."""
    defined = [r for r in ranges if r is not None]
    if not defined:
        return None
    return RatioRange(min(r.low for r in defined), max(r.high for r in defined))


def format_ratio(value: float) -> str:
    """A ratio rounded half up: one decimal under 10 ('4.7', '5'), whole numbers from 10 ('21')."""
    places = Decimal("1") if value >= 9.95 else Decimal("0.1")
    text = str(Decimal(repr(value)).quantize(places, rounding=ROUND_HALF_UP))
    text = text[:-2] if text.endswith(".0") else text
    return "less than 0.1" if text == "0" and value > 0 else text


def describe_ratio(ratio: RatioRange | None, of: str = "the official figure") -> str:
    """Wording of a ratio range: 'between 4.7 and 5.9 times the official figure', 'up to 4.1 times…'."""
    tail = f" {of}" if of else ""
    if ratio is None:
        return f"not comparable{' with ' + of if of else ''}: the official figure is zero"
    if ratio.low == 0 and not ratio.bounded:
        return f"any multiple of{tail or ' it'}: the claims set no bound"
    if ratio.low == 0:
        return f"up to {format_ratio(ratio.high)} times{tail}"
    if not ratio.bounded:
        return f"at least {format_ratio(ratio.low)} times{tail}"
    low, high = format_ratio(ratio.low), format_ratio(ratio.high)
    if low == high:
        return f"{'' if ratio.low == ratio.high else 'about '}{low} times{tail}"
    return f"between {low} and {high} times{tail}"


PAIR_COLUMNS = ["event_id", "event", "metric", "metric_label", "claim_id_other", "claim_id_official", "figure_other",
                "figure_official", "claimant_other", "claimant_official", "date_other", "date_official",
                "source_other", "source_official", "together", "ratio", "wording"]


def divergence_pairs(claims: pd.DataFrame, compared=COMPARED_TYPES) -> pd.DataFrame:
    """Every pairing of a non-official claim (of the `compared` types) with an official claim
    on the same event and metric, with the ratio range non-official ÷ official.

    `together` marks pairs stated in one document on one date (as the documents set them side
    by side); `ratio` holds a RatioRange (None when undefined), `wording` its description.
    """
    official = claims[claims["claimant_type"] == "official"]
    other = claims[claims["claimant_type"].isin(list(compared))]
    merged = other.merge(official, on=["event_id", "metric"], suffixes=("_other", "_official"))
    if merged.empty:
        return pd.DataFrame(columns=PAIR_COLUMNS)
    merged["event"] = merged["event_other"]
    merged["metric_label"] = merged["metric_label_other"]
    merged = merged.rename(columns={"claim_date_other": "date_other", "claim_date_official": "date_official",
                                    "source_id_other": "source_other", "source_id_official": "source_official"})
    merged["together"] = ((merged["source_other"] == merged["source_official"])
                          & (merged["date_other"].fillna("") == merged["date_official"].fillna(""))).astype(bool)
    merged["ratio"] = [ratio_range(r.lower_other, r.upper_other, r.lower_official, r.upper_official)
                       for r in merged.itertuples()]
    merged["wording"] = [describe_ratio(r, of="") for r in merged["ratio"]]
    return merged[PAIR_COLUMNS].reset_index(drop=True)


@dataclass(frozen=True)
class Divergence:
    """One event and metric: how far the non-official claims stand from the official ones."""

    event: str
    metric_label: str
    n_other: int
    n_official: int
    overall: RatioRange | None
    together: list[tuple[str, str, str, str]]  # (non-official figure, official figure, source_id, wording)
    claim_ids: list[str]


def divergences(pairs: pd.DataFrame) -> list[Divergence]:
    """Per event and metric, the envelope of all pairings and the pairs stated together."""
    found = []
    for (_, metric), group in pairs.groupby(["event_id", "metric"], sort=False):
        together = []
        for r in group[group["together"]].itertuples():
            item = (r.figure_other, r.figure_official, r.source_other, describe_ratio(r.ratio))
            if item not in together:  # two official claims with the same figure in one document
                together.append(item)
        found.append(Divergence(
            event=group["event"].iloc[0], metric_label=group["metric_label"].iloc[0],
            n_other=group["claim_id_other"].nunique(), n_official=group["claim_id_official"].nunique(),
            overall=envelope(list(group["ratio"])), together=together,
            claim_ids=list(dict.fromkeys(list(group["claim_id_other"]) + list(group["claim_id_official"])))))
    return found


def unmatched(claims: pd.DataFrame, compared=COMPARED_TYPES) -> pd.DataFrame:
    """Events with both official and non-official claims but on no common metric.

    These are different things (the prosecutor's count of people brought to administrative
    responsibility is not a count of detainees): they are named side by side, with the
    official wording, and not compared.
    """
    rows = []
    for event_id, group in claims.groupby("event_id", sort=False):
        official = group[group["claimant_type"] == "official"]
        other = group[group["claimant_type"].isin(list(compared))]
        if official.empty or other.empty or set(official["metric"]) & set(other["metric"]):
            continue
        rows.append({
            "event_id": event_id, "event": group["event"].iloc[0],
            "official": join_words([f"{r.figure} {r.metric_label}" for r in official.itertuples()]),
            "official_claimants": join_words(list(dict.fromkeys(official["claimant"]))),
            "official_quotes": list(dict.fromkeys(official["quote"].dropna())),
            "other": join_words([f"{r.figure} {r.metric_label} ({r.claimant})" for r in other.itertuples()]),
            "other_metrics": join_words(list(dict.fromkeys(other["metric_label"]))),
        })
    return pd.DataFrame(rows, columns=["event_id", "event", "official", "official_claimants", "official_quotes",
                                       "other", "other_metrics"])


def one_statement_groups(claims: pd.DataFrame) -> list[pd.DataFrame]:
    """Claims of one event and metric quoted from the same sentence of the same document.

    "killing 4 locals and 3 soldiers" gives two `killed` rows that count different people:
    they are parts of one statement, not alternative figures, and the chapter says so.
    """
    keyed = claims[claims["quote"].notna()]
    return [group for _, group in keyed.groupby(["event_id", "metric", "source_id", "quote"], sort=False)
            if len(group) > 1 and group["figure"].nunique() > 1]


def pairs_table(pairs: pd.DataFrame) -> pd.DataFrame:
    """The pairings as a table for the chapter: which claims each ratio comes from."""
    return pd.DataFrame({
        "event, metric": pairs["event"] + ", " + pairs["metric_label"],
        "independent claim": [f"{r.figure_other} – {r.claimant_other}, {date_label(r.date_other)}"
                              for r in pairs.itertuples()],
        "official claim": [f"{r.figure_official} – {r.claimant_official}, {date_label(r.date_official)}"
                           for r in pairs.itertuples()],
        "independent ÷ official": pairs["wording"],
        "claim_ids": [f"{r.claim_id_other} / {r.claim_id_official}" for r in pairs.itertuples()],
    })


# --- change over time ------------------------------------------------------------------------------


def series_over_time(claims: pd.DataFrame) -> list[pd.DataFrame]:
    """Claims of one event and metric made on more than one (known) date, one frame each."""
    dated = claims[claims["claim_date"].notna()]
    return [group for _, group in dated.groupby(["event_id", "metric"], sort=False)
            if group["claim_date"].nunique() > 1]


def describe_over_time(series: pd.DataFrame) -> str:
    """'the official figure was 17 in 2012 and at least 17 on 16 December 2015; the independent…'"""
    parts = []
    for claimant_type in CLAIMANT_TYPES:
        own = series[series["claimant_type"] == claimant_type].sort_values("claim_date", kind="stable")
        if own.empty:
            continue
        stated = []
        for claim_date, at_date in own.groupby("claim_date", sort=False):
            stated.append(f"{join_words(list(dict.fromkeys(at_date['figure'])))} {date_phrase(claim_date)}")
        noun = "figure was" if len(own) == 1 else "figures were"
        parts.append(f"the {TYPE_LABELS[claimant_type]} {noun} {join_words(stated)}")
    return "; ".join(parts)


def over_time_headline(series: list[pd.DataFrame]) -> str:
    """Chart title for claims over time: 'Event, metric: official 17 (2012) then at least 17 (2015); …'."""
    if len(series) != 1:
        return f"{len(series)} events and metrics with claims made on more than one date"
    claims = series[0]
    changes = []
    for claimant_type in CLAIMANT_TYPES:
        own = claims[claims["claimant_type"] == claimant_type].sort_values("claim_date", kind="stable")
        if own["claim_date"].nunique() > 1:
            first, last = own.iloc[0], own.iloc[-1]
            changes.append(f"{TYPE_LABELS[claimant_type]} {first['figure']} ({first['claim_date'][:4]}) "
                           f"then {last['figure']} ({last['claim_date'][:4]})")
    head = f"{claims['event'].iloc[0]}, {claims['metric_label'].iloc[0]}"
    if changes:
        return f"{head}: {'; '.join(changes)}"
    return f"{head}: claims from {claims['claim_date'].min()[:4]} to {claims['claim_date'].max()[:4]}"


# --- summaries and tables --------------------------------------------------------------------------


def describe_types(claims: pd.DataFrame) -> str:
    """'3 official, 2 independent, 1 media and 14 NGO claims' (types in a fixed order)."""
    counts = claims["claimant_type"].value_counts()
    parts = [f"{int(counts[t])} {TYPE_LABELS[t]}" for t in CLAIMANT_TYPES if t in counts.index]
    return f"{join_words(parts)} claim{'' if len(claims) == 1 else 's'}"


def event_label(name: str, start_date) -> str:
    """'Zhanaozen shooting (16 Dec 2011)'."""
    return f"{name} ({date_label(start_date)})"


def event_summaries(claims: pd.DataFrame) -> list[tuple[str, str]]:
    """Per event, its claims by metric and claimant type: ('Event (date)', 'killed: official 17, …')."""
    summaries = []
    for _, event in claims.groupby("event_id", sort=False):
        by_metric = []
        for _, metric in event.groupby("metric", sort=False):
            by_type = []
            for claimant_type in CLAIMANT_TYPES:
                own = metric[metric["claimant_type"] == claimant_type]
                if not own.empty:
                    by_type.append(f"{TYPE_LABELS[claimant_type]} {', '.join(own['figure'])}")
            by_metric.append(f"{metric['metric_label'].iloc[0]}: {'; '.join(by_type)}")
        summaries.append((event_label(event["event"].iloc[0], event["event_start"].iloc[0]), ". ".join(by_metric)))
    return summaries


def claims_table(claims: pd.DataFrame) -> pd.DataFrame:
    """All claims, each figure worded as the claim states it, with claimant and source.

    The quotes stay in the data (they would make the table too wide for a page); the chapter
    quotes them where they settle a reading, as for parts of one statement.
    """
    return pd.DataFrame({
        "event": claims["event"],
        "metric": claims["metric_label"],
        "figure": claims["figure"],
        "claimant": claims["claimant"],
        "claimant type": claims["claimant_type"].map(TYPE_LABELS),
        "claim date": claims["claim_date"],
        "source_id": claims["source_id"],
    }).reset_index(drop=True)


def headline(claims: pd.DataFrame, pairs: pd.DataFrame) -> str:
    """A chart title that states the finding: the widest divergence, or what the claims count."""
    found = divergences(pairs[pairs["metric"].isin(claims["metric"])]) if not pairs.empty else []
    bounded = [d for d in found if d.overall is not None and d.overall.bounded]
    if bounded:
        top = max(bounded, key=lambda d: d.overall.high)
        return (f"{top.event}, {top.metric_label}: independent claims are "
                f"{describe_ratio(top.overall, of='the official count')}")
    n_events = claims["event_id"].nunique()
    title = f"{count(len(claims), 'claim')} about {count(n_events, 'event')}"
    types = set(claims["claimant_type"])
    if "official" in types and types & set(COMPARED_TYPES) and not found:
        title += ": official and independent claims never count the same thing"
    return title
