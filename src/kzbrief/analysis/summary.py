"""The key-findings page besides the findings themselves: what the evidence lets a reader say
it knows and does not know, and what the documents' own authors ask for.

The briefing makes no recommendation of its own: the asks are the documents' calls, quoted in
`data/recommendations.csv`, each attributed to whoever makes it and cited.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..domain import CRIMINAL, RSF_INDEX_NAME
from ..english import count, format_date, join_words, number, ordinal, span
from ..rsf_import import rsf_rows
from . import coverage
from . import press_freedom as pf
from . import sentencing as sn


@dataclass(frozen=True)
class Ask:
    made_by: str
    addressed_to: str
    ask: str
    source_id: str


def asks(tables: dict[str, pd.DataFrame], limit: int | None = None) -> list[Ask]:
    """The documents' calls for action, at most `limit`: taken in turn from each body that makes
    them, newest document first, so a short list still shows every voice."""
    recommendations = tables.get("recommendations")
    if recommendations is None or recommendations.empty:
        return []
    sources = tables["sources"]
    dates = sources.set_index("source_id")["date"].astype(str)
    ordered = recommendations.assign(_date=recommendations["source_id"].map(dates)).sort_values(
        "_date", ascending=False, kind="stable"
    )
    voices = ordered.groupby("made_by", sort=False).cumcount()  # 0 = a body's first call, newest first
    ordered = ordered.assign(_turn=voices).sort_values(["_turn", "_date"], ascending=[True, False], kind="stable")
    found = [Ask(r.made_by, r.addressed_to, r.ask, r.source_id) for r in ordered.itertuples()]
    return found[:limit] if limit else found


def what_we_know(tables: dict[str, pd.DataFrame], country_name: str, period: dict) -> list[str]:
    """Plain statements of what the evidence does establish, with its counts."""
    known = []
    evidence_years = coverage.describe_period(period)
    if evidence_years:
        read = coverage.document_counts(tables["sources"])
        known.append(
            f"Prosecutions, casualties and detentions in {country_name}, {evidence_years}, as "
            f"{count(read['read'], 'document')} read directly"
            + (f" (which cite {read['cited']} more)" if read["cited"] else "")
            + " record them."
        )
    claims = tables["casualty_estimates"]
    if claims["claimant_type"].nunique() > 1:
        known.append(
            f"Who claims each casualty and detention figure: {count(claims['claimant'].nunique(), 'claimant')}, "
            "from state bodies to independent witnesses, side by side."
        )
    press = tables.get("press_freedom")
    press = rsf_rows(press) if press is not None else None  # Freedom House is its own series
    if press is not None and not press.empty and period.get("index_first"):
        known.append(
            f"Where RSF ranked {country_name} in each of {count(press['edition'].nunique(), 'edition')} of "
            f"its index, {span(period['index_first'], period['index_last'])}."
        )
    return known


def what_we_do_not_know(tables: dict[str, pd.DataFrame], period: dict) -> list[str]:
    """What the evidence cannot tell, measured on the data where it can be."""
    unknown = []
    if period.get("cut_off"):
        unknown.append(
            f"Anything after the newest document ({format_date(period['cut_off'])}), "
            "apart from the press-freedom index."
        )
    unknown.append("The true number of people killed, detained or prosecuted: the counts are claims and floors.")
    sentences = tables["sentences"]
    no_term = int(sentences[(sentences["outcome"] == "custodial") & sentences["term_min"].isna()].shape[0])
    unknown.append(
        "How long anyone actually spent in prison: the documents give sentences imposed"
        + (f", and no term at all for {count(no_term, 'prison sentence')}." if no_term else ".")
    )
    undated = int(sentences["date"].isna().sum())
    if undated:
        unknown.append(f"The dates of {undated:,} of the {len(sentences):,} court decisions the documents report.")
    return unknown


def bottom_line(
    selection,
    claims: pd.DataFrame,
    press_rows: pd.DataFrame,
    focus: str,
    country_name: str,
    period: dict,
    named_span: str | None = None,
) -> str:
    """Two sentences a reader can repeat: what the documents record about prosecutions and the
    dead, and where the press-freedom index puts the country now. Empty parts are left out."""
    sentences = []
    named = sn.named_prosecuted(selection)
    first = []
    if not named.empty:
        people = sn.named_outcome_counts(selection)
        prison = int(people.loc[(people["kind"] == CRIMINAL) & (people["outcome"] == "custodial"), "persons"].sum())
        named_years = coverage.describe_period(period) if named_span is None else named_span
        first.append(
            f"the documents name {count(len(named), 'person', 'people')} prosecuted by "
            f"the state{' in ' + named_years if named_years else ''}, {prison} of them sent to prison"
        )
    killed = claims[claims["metric"] == "killed"]
    if not killed.empty:
        event_id = killed["event_id"].value_counts().index[0]
        own = killed[killed["event_id"] == event_id]
        official = own[own["claimant_type"] == "official"]
        independent = own[own["claimant_type"] == "independent"]
        if not official.empty and not independent.empty:
            # '17' and 'at least 17' from two documents are one state figure, said once
            lows = official["low"].dropna().unique()
            stated = number(lows[0]) if len(lows) == 1 else join_words(list(dict.fromkeys(official["figure"])))
            reach = independent.loc[independent["upper"].fillna(independent["lower"]).idxmax(), "figure"]
            first.append(
                f"for the {own['event'].iloc[0]}, state figures count {stated} dead, while independent "
                f"estimates the documents report reach {reach}"
            )
    if first:
        text = "; ".join(first)
        sentences.append(text[0].upper() + text[1:] + ".")
    _, latest = pf.first_and_latest(press_rows, focus) if not press_rows.empty else (None, None)
    if latest is not None:
        sentences.append(
            f"{country_name} ranks {ordinal(latest.rank)} of {latest.n_ranked} countries in the "
            f"{latest.edition} {RSF_INDEX_NAME}."
        )
    return " ".join(sentences)
