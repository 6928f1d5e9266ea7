"""The casualties chapter's facts: who counted how many people killed, injured, detained,
arrested, prosecuted or amnestied, figure by figure, each with the document that reports it.

`compute(tables, params)` is pure: frames in, `Facts` out, no English and no HTML. The wording
is in the templates `casualties/*.md`. Figures of different claimants stand side by side: no fact
here sums, averages, divides or reconciles them (the parts of one statement are printed each as
its own figure, never as their total).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

import pandas as pd

from .. import config
from ..analysis import casualties as cs
from ..domain import COUNTED_LABELS, STOCK_METRICS
from ..facts import Facts, fact, group
from ..quotes import translated
from . import selection

DEATHS, DETENTIONS = "deaths and injuries", "detentions and prosecutions"
# Qualifiers a chart draws as an arrow past the stated minimum, and as a range or a dashed bar.
OPEN_ENDED = ("at_least", "more_than")


def compute(tables: Mapping[str, pd.DataFrame], params: Mapping) -> Facts:
    """All the facts of the chapter for the selection `params` describes (events, metrics,
    claimant_types; empty means all)."""
    settings = config.load(params["data_dir"])
    events, metrics, types = (list(params.get(k) or []) for k in ("events", "metrics", "claimant_types"))
    selected = selection.claims(tables, params)
    claims = cs.in_country(selected, settings.iso3)
    st = cs.statements(claims)
    sources = tables["sources"]
    names = tables["events"].set_index("event_id")["name"].to_dict()
    words = _Statements(claims, sources)
    # A body's count of political prisoners is a list on a date, not a figure about an event.
    stocks = st[st["metric"].isin(STOCK_METRICS)]
    flows = st[~st["metric"].isin(STOCK_METRICS)]
    return _group(
        "facts",
        country=settings.country,
        selection=group("selection", events=[names.get(e, e) for e in events], metrics=metrics, claimant_types=types),
        figures=fact(len(flows), flows["source_id"], what="casualty and detention figures in the selection"),
        events=fact(flows["event_id"].nunique(), flows["source_id"], what="events the figures are about"),
        lists=fact(len(stocks), stocks["source_id"], what="counts of political prisoners in the selection"),
        documents=fact(claims["source_id"].nunique(), claims["source_id"], what="documents giving the figures"),
        series=series_facts(st, sources, words),
        deaths=(deaths := family_facts(st, DEATHS, words, tabled=_series_key(st))),
        detentions=_quoted_once(family_facts(st, DETENTIONS, words), deaths),
        contrast=contrast_facts(st, words),
        prisoners=prisoner_facts(st, sources, words),
        comparisons=comparison_facts(cs.comparisons(selected, settings.iso3)),
        claims=_group(
            "claims",
            count=fact(len(st), st["source_id"], what="casualty and detention figures in the selection"),
            table=cs.claims_table(st, sources) if not st.empty else None,
            source_ids=list(st["source_id"]),
        ),
    )


def _group(label: str, /, **items) -> Facts:
    """A group without the items that are None: a template's `{% if %}` and a notebook's test of
    them then see a Missing, false, and a frame is never asked whether it is true."""
    return group(label, **{k: v for k, v in items.items() if v is not None})


def _event(rows: pd.DataFrame) -> Facts:
    first = rows.iloc[0]
    return group("event", name=first["event"], date=fact(first["event_start"], what="event date"))


def _figure(r) -> object:
    """One statement's or claim's figure: its bounds, printed as the document words it."""
    return fact(
        (_whole(r["lower"]), _whole(r["upper"])),
        (r["source_id"],),
        what=f"{r['metric_label']}: {r['claimant']} ({r['claim_date'] if pd.notna(r['claim_date']) else 'undated'})",
        shown=r["figure"],
    )


def _whole(value: float):
    """17.0 as 17 (the catalog lists a count, not a measurement); an open end stays infinite."""
    return int(value) if math.isfinite(value) and float(value).is_integer() else float(value)


def _qualifiers(rows: pd.DataFrame) -> Facts:
    """What a chart of `rows` draws besides plain bars, in the order its caption's key names them:
    a range, an arrow past an open-ended figure (`open_ended`: which wordings), a dashed "up to"."""
    present = set(rows["qualifier"])
    open_ended = [q for q in OPEN_ENDED if q in present]
    keys = ["range"] * ("range" in present) + ["open_ended"] * bool(open_ended) + ["up_to"] * ("up_to" in present)
    return group("drawn", kinds=keys, open_ended=open_ended)


# --- one statement, as a line of the chapter -------------------------------------------------------


class _Statements:
    """Statements as facts: the figure (or the parts of one statement, each its own figure), who
    gave it, the document that reports it and the document's words."""

    def __init__(self, claims: pd.DataFrame, sources: pd.DataFrame):
        self.claims = claims
        indexed = sources.set_index("source_id")
        self.by_id = claims.set_index("claim_id", drop=False) if "claim_id" in claims else None
        self.publishers = indexed["publisher"].to_dict()
        self.dates = indexed["date"].to_dict()

    def parts(self, st) -> list:
        """The claims a statement with parts stands for ('4 and 3'), each its own figure."""
        c = self.claims
        rows = c[
            (c["event_id"] == st["event_id"])
            & (c["metric"] == st["metric"])
            & (c["source_id"] == st["source_id"])
            & (c["quote"] == st["quote"])
        ]
        rows = rows.drop_duplicates([k for k in c.columns if k != "claim_id"])
        return [_figure(r) for _, r in rows.iterrows()]

    def __call__(self, st) -> Facts:
        parts = st["qualifier"] == "parts"
        quote = st["quote"] if pd.notna(st["quote"]) else None
        still = quote is not None and re.search(r"\bstill\b", str(quote)) is not None
        return _group(
            "statement",
            figure=_figure(st),
            parts=self.parts(st) if parts else [],
            metric=st["metric"],
            claimant=st["claimant"],
            # the claimant published the document itself: the document is named, not "cited in"
            own=str(self.publishers.get(st["source_id"], "")).startswith(str(st["claimant"])),
            source=st["source_id"],
            quote=quote,
            # a quote in another language: the briefing's translation first (kzbrief.quotes)
            translation=(found := translated(quote, st.get("quote_translation"))) and found["text"],
            lang=found and found["lang"],
            language=found and found["language"],
            # a status ("still held") is dated by its document
            as_of=str(self.dates.get(st["source_id"])) if still and pd.notna(self.dates.get(st["source_id"])) else None,
            stated=(
                fact(int(st["n_rows"]), (st["source_id"],), what="times one document states the figure")
                if st["n_rows"] > 1 and not parts
                else None
            ),
            casualties=bool(st["casualties_wording"]),
            **self.scope(st),
        )

    def scope(self, st) -> dict:
        """Whom the figure counts (when not everyone), the period it covers, the parts of it a
        claimant gave (the security forces among the dead) and what its document says of it."""
        whom = st.get("counted", "all")
        period, caveat = st.get("period", ""), st.get("caveat")
        return {
            "whom": COUNTED_LABELS.get(whom) if whom != "all" else None,
            "period": period or None,
            "caveat": str(caveat) if caveat is not None and not pd.isna(caveat) and str(caveat).strip() else None,
            "of_which": [
                group("part", figure=_figure(self.by_id.loc[claim_id]), whom=label)
                for _, label, claim_id in (st.get("of_which") or [])
            ]
            if self.by_id is not None
            else [],
        }


# --- a count revised over time -----------------------------------------------------------------------


def series_facts(st: pd.DataFrame, sources: pd.DataFrame, words: _Statements) -> Facts | None:
    """The event whose official count of people killed was given on three dates or more: every
    figure by the date it was given (one claimant's figure on one date each, none replacing
    another). None when no event has such a count."""
    event_id = cs.series_event(st)
    if event_id is None:
        return None
    series = cs.dated_series(st, event_id, sources=sources)
    official = series[series["claimant_type"] == "official"]
    return group(
        "series",
        count=fact(len(official), official["source_id"], what="official figures given over time"),
        event=_event(series),
        metric=series["metric"].iloc[0],
        official=[_dated(r, words) for _, r in official.iterrows()],
        first=fact(official["date"].iloc[0], what="date of the first official figure"),
        last=fact(official["date"].iloc[-1], what="date of the latest official figure"),
        points=[
            group("point", figure=_figure(r), date=r["date"], reported=bool(r["reported"]), claimant=r["claimant"])
            for _, r in series.iterrows()
        ],
        drawn=_qualifiers(series),
        frame=series,
        table=cs.series_table(series, sources),
        source_ids=list(series["source_id"]),
    )


def _dated(r, words: _Statements) -> Facts:
    """A figure of a series with the date it was given, or (`reported`) the date of the document
    that reports it when the document does not date the claim; with its parts and caveat."""
    what = "date of the document reporting the claim" if r["reported"] else "claim date"
    return group(
        "dated",
        figure=_figure(r),
        date=fact(r["date"], (r["source_id"],), what=what),
        reported=bool(r["reported"]),
        **words.scope(r),
    )


# --- a family of metrics: the chart of one event, the figures of the others ---------------------


def _quoted_once(later: Facts, earlier: Facts) -> Facts:
    """A sentence that gives a death toll and an arrest count ("killed 18 assailants and
    arrested 9") is quoted with the deaths; the detentions list says so instead of quoting it again."""
    printed = [*(earlier.focus.listed if earlier.focus else []), *(x for e in earlier.others for x in e.statements)]
    quoted = {(x.source, x.quote) for x in printed if x.quote}
    for listed in [*(later.focus.listed if later.focus else []), *(x for e in later.others for x in e.statements)]:
        if listed.quote and (listed.source, listed.quote) in quoted:
            listed.entries["quoted_above"] = True
    return later


def _series_key(st: pd.DataFrame) -> tuple[str, str] | None:
    """(event, metric) of the count revised over time, whose table already gives each of its
    figures in the document's words: the chapter's lists leave them out (said once)."""
    event_id = cs.series_event(st)
    return None if event_id is None else (event_id, "killed")  # dated_series' metric, as series_facts uses it


def family_facts(st: pd.DataFrame, family: str, words: _Statements, tabled: tuple[str, str] | None = None) -> Facts:
    """One family's figures (`domain.METRIC_FAMILIES`): the event its chart shows (the one with
    the most statements, when it has two) with its statements, and the other events' statements.
    Statements of `tabled` (event, metric) are listed in the series table, not again here."""
    part = cs.in_family(st, family)
    focus_id = cs.focus_event(st, family)
    others = part[part["event_id"] != focus_id] if focus_id is not None else part
    return _group(
        family,
        count=fact(len(part), part["source_id"], what=f"figures: {family}"),
        focus=focus_facts(part[part["event_id"] == focus_id], words, tabled) if focus_id is not None else None,
        others=[
            group("event", event=_event(rows), statements=[words(r) for _, r in rows.iterrows()])
            for _, rows in others.groupby("event_id", sort=False)
        ],
    )


def focus_facts(shown: pd.DataFrame, words: _Statements, tabled: tuple[str, str] | None = None) -> Facts:
    """The charted event: its statements, and what its title and lead state: the official and
    independent figures of its main metric side by side, and who counted what."""
    # The chart draws running totals of everyone: a part (the security forces among the dead) or
    # one night's figure is listed with its words, not drawn as a rival bar.
    drawn = shown[cs.is_total(shown)] if "period" in shown else shown
    drawn = drawn if len(drawn) else shown
    metric = cs.main_metric(drawn)
    own = drawn[drawn["metric"] == metric]
    firsts = own.drop_duplicates("figure")
    by_type = {t: [_figure(r) for _, r in firsts[firsts["claimant_type"] == t].iterrows()] for t in cs.CLAIMANT_TYPES}
    return _group(
        "focus",
        count=fact(len(shown), shown["source_id"], what="figures charted"),
        event=_event(shown),
        metric=metric,
        metrics=list(dict.fromkeys(shown["metric"])),
        # what the state counted besides the main metric: named, never compared with it
        state_metrics=list(
            dict.fromkeys(m for m in shown.loc[shown["claimant_type"] == "official", "metric"] if m != metric)
        ),
        official=by_type["official"],
        independent=by_type["independent"],
        main_figures=fact(len(own), own["source_id"], what=f"figures for the number {metric}"),
        claimants=fact(own["claimant"].nunique(), own["source_id"], what=f"claimants of a figure for {metric}"),
        counted=_counted(shown, metric),
        state=_state(shown),
        statements=[words(r) for _, r in shown.iterrows()],
        # The series table gives the running totals of `tabled`; a figure for one group or one
        # period is not in it, so it is listed here.
        listed=[words(r) for _, r in shown.iterrows() if not (_key(r) == tabled and _running_total(r))],
        tabled=tabled[1] if tabled and (shown["event_id"] == tabled[0]).any() else None,
        drawn=_qualifiers(drawn),
        frame=drawn,
        source_ids=list(shown["source_id"]),
    )


def _key(r) -> tuple[str, str]:
    return (r["event_id"], r["metric"])


def _running_total(r) -> bool:
    return r.get("counted", "all") == "all" and not r.get("period", "")


def _counted(shown: pd.DataFrame, metric: str) -> list[Facts]:
    """The main metric's figures other than the state's, each with the claimants who gave it (the
    figure most claimants gave first)."""
    main = shown[(shown["metric"] == metric) & (shown["claimant_type"] != "official")]
    by_figure = sorted(main.groupby("figure", sort=False), key=lambda item: -item[1]["claimant"].nunique())
    return [
        group("counted", figure=_figure(rows.iloc[0]), claimants=list(dict.fromkeys(rows["claimant"])))
        for _, rows in by_figure
    ]


def _state(shown: pd.DataFrame) -> list[Facts]:
    """The state's figures, by state claimant, each with what it counts (named, not compared)."""
    official = shown[shown["claimant_type"] == "official"]
    return [
        group(
            "state",
            claimant=claimant,
            figures=[
                group("figure", figure=_figure(r), metric=r["metric"], date=cs.when_repeated(r, rows))
                for _, r in rows.iterrows()
            ],
        )
        for claimant, rows in official.groupby("claimant", sort=False)
    ]


# --- political prisoners: each body's count on its dates ------------------------------------------

PRISONERS = "political prisoners"


def prisoner_facts(st: pd.DataFrame, sources: pd.DataFrame, words: _Statements) -> Facts | None:
    """Each counting body's political prisoners, a stock on a date: per body its counts in date
    order (first and latest), and the frame the chart draws, one line per body. Bodies define a
    political prisoner differently, so their counts are never added or compared as one series.
    None when the selection holds no such count."""
    part = cs.in_family(st, PRISONERS)
    frames = [cs.dated_series(part, event_id, "political_prisoners", sources) for event_id in part["event_id"].unique()]
    frame = pd.concat(frames).sort_values(["when", "claimant"], kind="stable") if frames else part.iloc[0:0]
    if frame.empty:
        return None
    bodies = []
    for claimant, rows in frame.groupby("claimant", sort=False):
        rows = rows.reset_index(drop=True)
        bodies.append(
            group(
                "body",
                claimant=claimant,
                claimant_type=rows["claimant_type"].iloc[0],
                count=fact(len(rows), rows["source_id"], what=f"counts of political prisoners: {claimant}"),
                first=_dated(rows.iloc[0], words),
                last=_dated(rows.iloc[-1], words) if len(rows) > 1 else None,
                sources=list(dict.fromkeys(rows["source_id"])),
            )
        )
    return group(
        "prisoners",
        count=fact(len(frame), frame["source_id"], what="counts of political prisoners"),
        bodies=bodies,
        first=fact(frame["date"].iloc[0], what="date of the first count of political prisoners"),
        last=fact(frame["date"].iloc[-1], what="date of the latest count of political prisoners"),
        frame=frame,
        source_ids=list(frame["source_id"]),
    )


# --- the state's count beside the others' for one event ----------------------------------------

CONTRAST_METRIC = "killed"


def contrast_facts(st: pd.DataFrame, words: _Statements) -> Facts | None:
    """The state's death toll of one event beside the other claimants' figures, as its own chart:
    of the events the deaths chart does not show, the one with the most figures for the number
    killed among those where the state and at least one other claimant gave one (ties: the
    earliest); None when no other event has both. In the real data: the December 2011 shooting,
    the state's 17 beside the independent 80–100 and "up to 70"."""
    killed = st[st["metric"] == CONTRAST_METRIC]
    shown = cs.focus_event(st, DEATHS)
    candidates = [
        event_id
        for event_id, rows in killed.groupby("event_id", sort=False)
        if event_id != shown
        and (rows["claimant_type"] == "official").any()
        and (rows["claimant_type"] != "official").any()
    ]
    if not candidates:
        return None
    sizes = killed[killed["event_id"].isin(candidates)].groupby("event_id", sort=False).size()
    rows = killed[killed["event_id"] == sizes.idxmax()]
    return focus_facts(rows, words)


# --- comparisons with events elsewhere -----------------------------------------------------------


def comparison_facts(compared: pd.DataFrame) -> list[Facts]:
    """Events outside the country that a document sets beside its events: the document, the event
    and the document's fullest words about it (figures not counted nor charted)."""
    found = []
    for _, event in compared.groupby("event_id", sort=False):
        first = event.loc[event["quote"].fillna("").str.len().idxmax()]
        found.append(
            group(
                "comparison",
                source=first["source_id"],
                event=first["event"],
                date=fact(first["event_start"], what="event date"),
                quote=first["quote"] if pd.notna(first["quote"]) else None,
            )
        )
    return found
