"""Freedom House's Freedom of the Press: a second press-freedom series beside RSF's.

Its own method and direction: a score from 0 (most free) to 100 (least free), with Freedom
House's status bands, and no rank in its data. It is never merged, averaged or ranked with
RSF: the chapter shows it in its own section and chart, and RSF's functions read RSF rows only.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..domain import FH_INDEX, FH_STATUS_BANDS
from ..english import from_to, span
from ..period import within


def status(score: float) -> str:
    """Freedom House's status for a score: 'Free', 'Partly Free' or 'Not Free'."""
    return next(label for upper, label in FH_STATUS_BANDS if score <= upper)


def band_words() -> str:
    """'Free up to 30, Partly Free up to 60, Not Free above': the status bands, for a caption."""
    *bounded, (_, last) = FH_STATUS_BANDS
    return ", ".join(f"{label} up to {upper}" for upper, label in bounded) + f", {last} above"


def series(table: pd.DataFrame, countries: list[str], start_year: int, end_year: int | None) -> pd.DataFrame:
    """Freedom House rows of `countries` whose edition falls in the period, with `status`."""
    rows = table[
        (table["index"] == FH_INDEX)
        & table["iso3"].isin(countries)
        & within(table["year"], start_year, end_year)
        & table["score"].notna()
    ].copy()
    rows["status"] = [status(s) for s in rows["score"]]
    return rows.sort_values(["year", "iso3"], ignore_index=True)


@dataclass(frozen=True)
class Summary:
    first_edition: int
    last_edition: int
    first_score: float
    last_score: float
    statuses: tuple[str, ...]  # in edition order, each listed once

    @property
    def one_status(self) -> bool:
        return len(self.statuses) == 1


def summary(rows: pd.DataFrame, focus: str) -> Summary | None:
    """The focus country's first and last edition in the rows; None when it has none."""
    own = rows[rows["iso3"] == focus].sort_values("year")
    if own.empty:
        return None
    return Summary(
        int(own["year"].iloc[0]),
        int(own["year"].iloc[-1]),
        float(own["score"].iloc[0]),
        float(own["score"].iloc[-1]),
        tuple(dict.fromkeys(own["status"])),
    )


def describe(found: Summary, country: str) -> str:
    """'Ruritania was rated Not Free in every edition from 2002 to 2015; its score went from 69
    to 85 out of 100 (higher is less free).' Numbers from the data."""
    editions = from_to(found.first_edition, found.last_edition)
    if found.one_status:
        rated = (
            f"{country} was rated {found.statuses[0]} in every edition {editions}"
            if found.first_edition != found.last_edition
            else f"{country} was rated {found.statuses[0]} {editions}"
        )
    else:
        rated = f"{country} was rated {', then '.join(found.statuses)} over the editions {editions}"
    if found.first_edition == found.last_edition:
        return f"{rated}, with a score of {found.first_score:g} out of 100 (higher is less free)."
    return (
        f"{rated}; its score went from {found.first_score:g} to {found.last_score:g} out of 100 (higher is less free)."
    )


def headline(found: Summary, country: str) -> str:
    """The chart's title: the finding in a few words."""
    if found.first_edition == found.last_edition:
        return f"{country}: {found.statuses[0]} in Freedom House's {found.first_edition} edition"
    rated = f"{found.statuses[0]} in every edition" if found.one_status else ", then ".join(found.statuses)
    return (
        f"{country}: {rated} {span(found.first_edition, found.last_edition)}; score {found.first_score:g} to "
        f"{found.last_score:g} (100 = least free)"
    )
