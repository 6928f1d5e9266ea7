"""Freedom House's Freedom of the Press: a second press-freedom series beside RSF's.

Its own method and direction: a score from 0 (most free) to 100 (least free), with Freedom
House's status bands, and no rank in its data. It is never merged, averaged or ranked with
RSF: the chapter shows it in its own section and chart, and RSF's functions read RSF rows only.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..domain import FH_INDEX, FH_STATUS_BANDS
from ..period import within


def status(score: float) -> str:
    """Freedom House's status for a score: 'Free', 'Partly Free' or 'Not Free'."""
    return next(label for upper, label in FH_STATUS_BANDS if score <= upper)


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
