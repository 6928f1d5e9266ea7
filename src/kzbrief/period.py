"""A selection's period: a first year and a last one, where a last year of None leaves the period
open (up to the newest row of the data). No default of the briefing depends on today's date."""

from __future__ import annotations

import pandas as pd


def within(years: pd.Series, start_year: int, end_year: int | None) -> pd.Series:
    """True where a year falls in [start_year, end_year]; end_year None: no upper limit."""
    inside = years >= start_year
    return inside if end_year is None else inside & (years <= end_year)
