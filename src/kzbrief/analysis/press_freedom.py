"""Press-freedom rankings: ranks, rank percentiles, methodology periods and comparisons.

RSF changed its methodology twice (2013 and 2022): scores are only compared inside one
`method`; ranks and rank percentiles can be followed across the breaks, with the breaks shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..rsf_import import METHOD_LABELS, merge_over, read_official_folder, source_rows


def with_official_files(table: pd.DataFrame, sources: pd.DataFrame, raw_rsf_dir: str | Path | None):
    """Merge official RSF yearly files (if any) over the curated table; add their sources."""
    if not raw_rsf_dir or not Path(raw_rsf_dir).is_dir():
        return table, sources
    official = read_official_folder(raw_rsf_dir)
    if official.empty:
        return table, sources
    merged = merge_over(table, official)
    new_sources = source_rows(list(official["edition"].unique()))
    new_sources = new_sources[~new_sources["source_id"].isin(sources["source_id"])]
    return merged, pd.concat([sources, new_sources.astype(sources.dtypes.to_dict())], ignore_index=True)


def select(table: pd.DataFrame, countries: list[str], start_year: int, end_year: int, index: str = "RSF") -> pd.DataFrame:
    """Rows of one index for the given codes and years, with `rank_percentile` added."""
    chosen = table[(table["index"] == index) & table["iso3"].isin(countries)
                   & table["year"].between(start_year, end_year)].copy()
    chosen["rank_percentile"] = rank_percentile(chosen["rank"], chosen["n_ranked"])
    return chosen.sort_values(["year", "iso3"], ignore_index=True)


def comparison(table: pd.DataFrame, focus_country: str, peers: list[str], start_year: int, end_year: int):
    """(rows, countries, names): the focus country and its peers in the period, and each
    country's latest name. An unknown focus country is refused with the codes present."""
    countries = [focus_country] + [c for c in peers if c != focus_country]
    rows = select(table, countries, start_year, end_year)
    if not (rows["iso3"] == focus_country).any():
        raise ValueError(f"focus_country {focus_country!r} has no RSF rows between {start_year} and {end_year} "
                         f"in press_freedom.csv; codes present: {', '.join(sorted(table['iso3'].unique()))}")
    names = rows.sort_values("year").groupby("iso3")["country"].last().to_dict()
    return rows, countries, names


def rank_percentile(rank: pd.Series, n_ranked: pd.Series) -> pd.Series:
    """100 × rank / entries ranked: comparable across editions that ranked different numbers
    of countries (1 is the top of the index, 100 the bottom)."""
    return (100 * rank.astype("Float64") / n_ranked.astype("Float64")).round(1)


@dataclass(frozen=True)
class Period:
    method: str
    first_year: int
    last_year: int

    @property
    def label(self) -> str:
        return METHOD_LABELS.get(self.method, self.method)


def method_periods(rows: pd.DataFrame) -> list[Period]:
    """Consecutive runs of the same method, in year order."""
    ordered = rows.drop_duplicates("year").sort_values("year")
    periods: list[Period] = []
    for year, method in zip(ordered["year"], ordered["method"]):
        if periods and periods[-1].method == method:
            periods[-1] = Period(method, periods[-1].first_year, int(year))
        else:
            periods.append(Period(method, int(year), int(year)))
    return periods


def describe_scores(rows: pd.DataFrame, focus: str, periods: list[Period]) -> str:
    """The focus country's first and last score in each methodology period, in words
    ('2002–2012: 89 in 2002 to 58.43 in 2011-2012'), for text that stands in for the chart."""
    mine = rows[(rows["iso3"] == focus) & rows["score"].notna()].sort_values("year")
    parts = []
    for period in periods:
        own = mine[mine["year"].between(period.first_year, period.last_year)]
        if own.empty:
            continue
        first, last = own.iloc[0], own.iloc[-1]
        span = f"{period.first_year}–{period.last_year}" if period.first_year != period.last_year else str(period.first_year)
        told = f"{first['score']:g} in {first['edition']}"
        if len(own) > 1:
            told += f" to {last['score']:g} in {last['edition']}"
        parts.append(f"{span}: {told}")
    return "; ".join(parts)


def breaks(rows: pd.DataFrame) -> list[int]:
    """First year of each methodology period after the first: where charts draw a break."""
    return [period.first_year for period in method_periods(rows)[1:]]


def rank_table(rows: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """Ranks by edition (rows) and country code (columns, in `order`), with the entries ranked."""
    pivot = rows.pivot_table(index=["year", "edition", "n_ranked"], columns="iso3", values="rank", aggfunc="first")
    pivot = pivot[[code for code in order if code in pivot.columns]].astype("Int64")
    pivot = pivot.reset_index().drop(columns="year")
    pivot.columns.name = None
    return pivot.rename(columns={"n_ranked": "of"})


@dataclass(frozen=True)
class Standing:
    edition: str
    year: int
    rank: int
    n_ranked: int
    percentile: float
    position_in_group: int
    group_size: int


def standing(rows: pd.DataFrame, focus: str, edition: str) -> Standing | None:
    """Where `focus` stood in `edition`, overall and within the countries in `rows`."""
    same = rows[rows["edition"] == edition]
    mine = same[same["iso3"] == focus]
    if mine.empty:
        return None
    row = mine.iloc[0]
    position = int((same["rank"] < row["rank"]).sum()) + 1
    return Standing(edition, int(row["year"]), int(row["rank"]), int(row["n_ranked"]),
                    float(row["rank_percentile"]), position, len(same))


def first_and_latest(rows: pd.DataFrame, focus: str) -> tuple[Standing | None, Standing | None]:
    mine = rows[rows["iso3"] == focus].sort_values("year")
    if mine.empty:
        return None, None
    return standing(rows, focus, mine["edition"].iloc[0]), standing(rows, focus, mine["edition"].iloc[-1])


def compare_in_edition(rows: pd.DataFrame, focus: str, edition: str) -> pd.DataFrame:
    """Every country of `rows` in one edition, best rank first, with ahead/behind of `focus`."""
    same = rows[rows["edition"] == edition].sort_values("rank")
    mine = same.loc[same["iso3"] == focus, "rank"]
    if mine.empty:
        return same.assign(relation=pd.NA)
    focus_rank = int(mine.iloc[0])
    relation = same["rank"].map(lambda r: "ahead of" if r > focus_rank else ("behind" if r < focus_rank else "same"))
    return same.assign(relation=relation.where(same["iso3"] != focus, "focus"))


def describe_change(before: Standing, after: Standing) -> str:
    """Rank change in words, with the percentile beside it: when the number of ranked
    countries changed, places gained or lost are not the whole story."""
    moved = before.rank - after.rank
    if moved == 0:
        text = "at the same rank"
    else:
        places = "place" if abs(moved) == 1 else "places"
        text = f"{abs(moved)} {places} {'higher' if moved > 0 else 'lower'}"
    text += f" (percentile {before.percentile:g} to {after.percentile:g}"
    if after.n_ranked != before.n_ranked:
        text += f", with {after.n_ranked} countries ranked instead of {before.n_ranked}"
    return text + ")"
