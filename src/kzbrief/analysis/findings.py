"""The executive summary's key findings, computed from the data with the chapters' own functions.

Each finding is one or two sentences whose numbers come from the same calls the chapter
makes, so the summary and the chapter cannot disagree. `values` keeps the numbers behind the
sentence (for tests and for anyone reusing them); `see` names the figure or table that shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..domain import CLAIMANT_TYPES, METRIC_LABELS, RSF_INDEX_NAME
from ..english import count, join_words, number, ordinal, span
from . import casualties as cs
from . import press_freedom as pf
from . import sentencing as sn

# A finding names fewer items than a chapter does: the key findings stay on their page.
FINDING_LISTED = 2


@dataclass(frozen=True)
class Finding:
    chapter: str
    text: str
    values: dict = field(default_factory=dict)
    see: tuple[str, str] | None = None  # ("figure" or "table", name given to report.figure/table)


# --- sentencing ---------------------------------------------------------------------------------


def bounds_span(bounds: sn.Bounds) -> str:
    """'21–22' or '6': a bound pair as a compact span for summary sentences."""
    return span(number(bounds.low), number(bounds.high))


def sentencing_findings(tables: dict[str, pd.DataFrame], selection: sn.Selection, unit: str = "years") -> list[Finding]:
    """At most three findings: who was prosecuted, how it ended and the prison terms imposed;
    what the police officers tried were convicted of; how courts and prosecutors answered the
    torture allegations. Short enough for the one-page key findings: the chapter has the rest."""
    found = []
    sources = tables["sources"]
    people = sn.named_prosecuted(selection)
    bounds = sn.imprisonment(selection)
    if len(people):
        key = sn.outcome_phrases(selection, sources, only=("custodial", "pending"))
        text = (
            f"The documents name {count(len(people), 'person', 'people')} prosecuted by the state"
            + (f": {join_words(key)}" if key else "")
            + "."
        )
        values = {"named": len(people)}
        if not bounds.empty:
            years = bounds.years.in_unit(unit)
            text += (
                f" Counting the people they report only as numbers, courts imposed {bounds_span(years)} person-{unit} "
                f"of imprisonment at first instance on {bounds_span(bounds.persons)} "
                f"{'person' if bounds.persons == sn.Bounds(1, 1) else 'people'}: sentences imposed, not time served."
            )
            values |= {
                "low": years.low,
                "high": years.high,
                "persons_low": bounds.persons.low,
                "persons_high": bounds.persons.high,
            }
        found.append(Finding("sentencing", text, values, ("figure", "sentencing-outcomes")))
    police = sn.police_accounts(selection.agents, tables["sentences"], tables["charges"])
    if not police.empty:
        clauses = sn.describe_police(police, sources, limit=FINDING_LISTED)
        found.append(
            Finding(
                "sentencing",
                "Police officers were tried too: " + "; ".join(clauses) + ".",
                {"police_rows": len(police)},
                ("table", "sentencing-police"),
            )
        )
    torture = sn.torture_responses(tables["torture_allegations"], selection.accused, sources)
    if not torture.empty:
        clauses = sn.describe_torture(torture, sources, limit=FINDING_LISTED)
        said = torture["testified_in_court"].fillna(False).astype(bool)
        testified = (
            int(torture.loc[said, "n_people"].dropna().max())
            if said.any() and torture.loc[said, "n_people"].notna().any()
            else 0
        )
        found.append(
            Finding(
                "sentencing",
                "Torture allegations, and how courts and prosecutors answered them, as each document reports: "
                + "; ".join(clauses)
                + ".",
                {"documents": int(torture["source_id"].nunique()), "largest_testified": testified},
                ("table", "sentencing-torture"),
            )
        )
    return found


# --- casualties and detentions ------------------------------------------------------------------


def casualty_findings(claims: pd.DataFrame, country: str) -> list[Finding]:
    """At most two findings: the deaths and the detentions of the events the chapter charts, each
    figure with its claimant, side by side (never divided, summed or reconciled). Claims about
    events outside `country` (a comparison a document draws) are not counted."""
    found = []
    st = cs.statements(cs.in_country(claims, country))
    deaths = cs.focus_event(st, "deaths and injuries")
    if deaths is not None:
        event = cs.in_family(st, "deaths and injuries")
        event = event[event["event_id"] == deaths]
        metric = cs.main_metric(event)
        own = event[event["metric"] == metric]
        said = []
        # An official count revised over time (the chapter charts it as a series) is worded in the
        # order given, each figure with its date.
        revised = cs.series_event(own, metric) == deaths
        for claimant_type in CLAIMANT_TYPES:
            typed = own[own["claimant_type"] == claimant_type]
            if typed.empty:
                continue
            if revised:
                typed = cs.dated_series(own[own["claimant_type"] == claimant_type], deaths, metric)
                figures = join_words([f"{r.figure} ({cs.date_label(r.claim_date)})" for r in typed.itertuples()])
            else:
                figures = join_words(list(dict.fromkeys(typed["figure"])))
            if claimant_type == "official" and revised:
                said.append(f"official figures, in the order given, were {figures} {METRIC_LABELS[metric]}")
            elif claimant_type == "official":
                said.append(f"official figures give {figures} {METRIC_LABELS[metric]}")
            elif claimant_type == "independent":
                said.append(f"independent estimates give {figures}")
            else:
                said.append(f"{join_words(list(dict.fromkeys(typed['claimant'])))} gives {figures}")
        worded = own.loc[own["casualties_wording"], "figure"]
        caveat = "".join(
            f" The figure of {figure} counts “casualties”, which may include the injured."
            for figure in dict.fromkeys(worded)
        )
        found.append(
            Finding(
                "casualties",
                f"{cs.event_label(own['event'].iloc[0], own['event_start'].iloc[0])}: {'; '.join(said)}.{caveat}",
                {
                    "event_id": deaths,
                    "metric": metric,
                    "figures": {
                        t: list(dict.fromkeys(own.loc[own["claimant_type"] == t, "figure"])) for t in CLAIMANT_TYPES
                    },
                },
                ("figure", "casualties-deaths"),
            )
        )
    detentions = cs.focus_event(st, "detentions and prosecutions")
    if detentions is not None:
        event = cs.in_family(st, "detentions and prosecutions")
        event = event[event["event_id"] == detentions]
        found.append(
            Finding(
                "casualties",
                f"{cs.event_label(event['event'].iloc[0], event['event_start'].iloc[0])}: "
                f"{cs.who_counted_what(event)}.",
                {
                    "event_id": detentions,
                    "figures": dict(zip(event["figure"] + " " + event["metric_label"], event["claimant"])),
                },
                ("figure", "casualties-detentions"),
            )
        )
    return found


# --- press freedom ------------------------------------------------------------------------------


def press_findings(rows: pd.DataFrame, focus: str, names: dict[str, str]) -> list[Finding]:
    """The latest rank 'of N', its movement within the latest edition's RSF method only (ranks
    under different methods are not comparable) and the position among the compared countries,
    counted from the freest."""
    _, latest = pf.first_and_latest(rows, focus)
    if latest is None:
        return []
    name = names.get(focus, focus)
    text = (
        f"In the {latest.edition} edition of the {RSF_INDEX_NAME}, {name} ranked "
        f"{ordinal(latest.rank)} of {latest.n_ranked} countries"
    )
    movement = pf.latest_movement(rows, focus)
    values = {
        "edition": latest.edition,
        "rank": latest.rank,
        "n_ranked": latest.n_ranked,
        "position": latest.position_in_group,
        "group_size": latest.group_size,
    }
    if movement is not None and movement.first.edition != movement.last.edition:
        first = movement.first
        verb = {"fell": "down from", "rose": "up from", "stayed": "unchanged from"}[pf.movement_verb(movement)]
        of_first = f" of {first.n_ranked}" if first.n_ranked != latest.n_ranked else ""
        text += (
            f", {verb} {ordinal(first.rank)}{of_first} in {first.edition}, the first edition under RSF's current method"
        )
        values.update(since_edition=first.edition, since_rank=first.rank)
    text += "."
    if latest.group_size > 1:
        text += f" It was {_group_position(latest)} in the chapter."
    return [Finding("press freedom", text, values, ("figure", "press-freedom-rank-lines"))]


def _group_position(stand: pf.Standing) -> str:
    """'6th best of the 12 countries compared' (counted from the freest); the ends are named."""
    n = stand.group_size
    if stand.position_in_group == 1:
        return f"the best-ranked of the {n} countries compared"
    if stand.position_in_group == n:
        return f"the worst-ranked of the {n} countries compared"
    return f"{ordinal(stand.position_in_group)} best of the {n} countries compared"
