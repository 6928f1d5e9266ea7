"""Press-freedom rankings: ranks, methodology periods, movement and comparisons.

RSF changed its methodology twice (2013 and 2022), so ranks and scores from different
methods are not comparable: movement (places gained or lost, a score getting better or worse)
is only computed between editions of the same `method`. Charts and tables show the breaks.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import inputs
from ..domain import LOWER_IS_BETTER, RSF_INDEX
from ..period import within
from ..rsf_import import merge_over, read_official_folder, rsf_rows, source_rows


def with_official_files(table: pd.DataFrame, sources: pd.DataFrame, raw_rsf_dir: str | Path | None):
    """Merge official RSF yearly files (if any) over the curated table; add their sources."""
    if raw_rsf_dir:
        inputs.note("folder", raw_rsf_dir)  # read or absent, the result depends on its files
    if not raw_rsf_dir or not Path(raw_rsf_dir).is_dir():
        return table, sources
    official = read_official_folder(raw_rsf_dir)
    if official.empty:
        return table, sources
    merged = merge_over(table, official)
    new_sources = source_rows(list(official["edition"].unique()))
    new_sources = new_sources[~new_sources["source_id"].isin(sources["source_id"])]
    new_sources = new_sources.reindex(columns=sources.columns)  # the table's columns, optional ones too
    return merged, pd.concat([sources, new_sources.astype(sources.dtypes.to_dict())], ignore_index=True)


def select(
    table: pd.DataFrame, countries: list[str], start_year: int, end_year: int | None, index: str = RSF_INDEX
) -> pd.DataFrame:
    """Rows of one index for the given codes and years (end_year None: to the newest edition),
    with `rank_percentile` added."""
    chosen = table[
        (table["index"] == index) & table["iso3"].isin(countries) & within(table["year"], start_year, end_year)
    ].copy()
    chosen["rank_percentile"] = rank_percentile(chosen["rank"], chosen["n_ranked"])
    return chosen.sort_values(["year", "iso3"], ignore_index=True)


def comparison(table: pd.DataFrame, focus_country: str, peers: list[str], start_year: int, end_year: int | None):
    """(rows, countries, names): the focus country and its peers in the period, and each
    country's latest name. An unknown focus country is refused with the codes present; a known
    one without an edition in the period gives no rows (the chapter says so)."""
    countries = [focus_country] + [c for c in peers if c != focus_country]
    table = rsf_rows(table)  # another index (Freedom House) is a separate series
    if not (table["iso3"] == focus_country).any():
        raise ValueError(
            f"focus_country {focus_country!r} has no RSF rows in press_freedom.csv; "
            f"codes present: {', '.join(sorted(table['iso3'].unique()))}"
        )
    rows = select(table, countries, start_year, end_year)
    if not (rows["iso3"] == focus_country).any():
        rows = rows.iloc[0:0]
    names = table[table["iso3"].isin(countries)].sort_values("year").groupby("iso3")["country"].last().to_dict()
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


def breaks(rows: pd.DataFrame) -> list[int]:
    """First year of each methodology period after the first: where charts draw a break."""
    return [period.first_year for period in method_periods(rows)[1:]]


def ranked_runs(rows: pd.DataFrame) -> list[dict]:
    """How many countries each edition ranked, runs of equal counts folded: per run the count,
    its first and last edition, how many editions lie between them (0: one edition) and the
    source ids of its rows."""
    per_edition = rows.sort_values("year").drop_duplicates("year")
    editions = per_edition["edition"].tolist()
    runs: list[dict] = []
    for edition, n in zip(per_edition["edition"], per_edition["n_ranked"]):
        if runs and runs[-1]["n_ranked"] == n:
            runs[-1]["last"] = edition
        else:
            runs.append({"n_ranked": int(n), "first": edition, "last": edition})
    for run in runs:
        first, last = editions.index(run["first"]), editions.index(run["last"])
        run["between"] = last - first
        run["source_ids"] = list(dict.fromkeys(rows.loc[rows["edition"].isin(editions[first : last + 1]), "source_id"]))
    return runs


def rank_table(rows: pd.DataFrame, order: list[str], names: dict[str, str] | None = None) -> pd.DataFrame:
    """Ranks by edition (rows) and country (columns, in `order`, headed by `names` where given).
    The first edition of each methodology period after the first is marked '(new method)':
    ranks on either side of it are not comparable. (How many countries each edition ranked is
    left to the caption, see `ranked_runs`: a column of its own would not fit the page.)"""
    names = names or {}
    pivot = rows.pivot_table(index=["year", "edition"], columns="iso3", values="rank", aggfunc="first")
    pivot = pivot[[code for code in order if code in pivot.columns]].astype("Int64")
    pivot = pivot.reset_index()
    new_method = pivot["year"].isin(breaks(rows))
    pivot["edition"] = pivot["edition"].where(~new_method, pivot["edition"] + " (new method)")
    pivot = pivot.drop(columns="year")
    pivot.columns.name = None
    return pivot.rename(columns={"edition": "Edition", **names})


@dataclass(frozen=True)
class Standing:
    edition: str
    year: int
    rank: int
    n_ranked: int
    percentile: float
    position_in_group: int
    group_size: int
    method: str = ""


def standing(rows: pd.DataFrame, focus: str, edition: str) -> Standing | None:
    """Where `focus` stood in `edition`, overall and within the countries in `rows`
    (`position_in_group` counts from the best-ranked: 1 = freest of the group; ties share)."""
    same = rows[rows["edition"] == edition]
    mine = same[same["iso3"] == focus]
    if mine.empty:
        return None
    row = mine.iloc[0]
    position = int((same["rank"] < row["rank"]).sum()) + 1
    return Standing(
        edition,
        int(row["year"]),
        int(row["rank"]),
        int(row["n_ranked"]),
        float(row["rank_percentile"]),
        position,
        len(same),
        str(row["method"]),
    )


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


# --- movement within one methodology ------------------------------------------------------------
# RSF's 2013 and 2022 methodology changes make ranks and scores before and after a break
# incomparable: movement is only ever computed between two editions of the same method.


@dataclass(frozen=True)
class Movement:
    """The focus country's first and last edition inside one methodology period."""

    method: str
    first: Standing
    last: Standing

    @property
    def places(self) -> int | None:
        """Places lost (positive) or gained (negative), only when both editions ranked the
        same number of countries; otherwise a count of places would mislead."""
        if self.first.n_ranked != self.last.n_ranked:
            return None
        return self.last.rank - self.first.rank


def movements(rows: pd.DataFrame, focus: str) -> list[Movement]:
    """One Movement per methodology period in which `focus` is ranked, oldest first."""
    found = []
    for period in method_periods(rows):
        mine = rows[
            (rows["iso3"] == focus)
            & (rows["method"] == period.method)
            & rows["year"].between(period.first_year, period.last_year)
        ].sort_values("year")
        if mine.empty:
            continue
        first = standing(rows, focus, mine["edition"].iloc[0])
        last = standing(rows, focus, mine["edition"].iloc[-1])
        found.append(Movement(period.method, first, last))
    return found


def latest_movement(rows: pd.DataFrame, focus: str) -> Movement | None:
    """Movement within the methodology of the latest edition (None if `focus` is not ranked)."""
    found = movements(rows, focus)
    return found[-1] if found else None


def movement_verb(movement: Movement) -> str:
    """'fell', 'rose' or 'stayed': the direction of the rank, lower rank numbers being freer."""
    change = movement.last.rank - movement.first.rank
    return "fell" if change > 0 else ("rose" if change < 0 else "stayed")


def index_part(stand: Standing) -> str:
    """Where a rank falls in the index: 'bottom-fifth', 'top-fifth', 'top-half' or 'bottom-half'."""
    below = stand.n_ranked - stand.rank  # countries ranked below it
    if below < stand.n_ranked / 5:
        return "bottom-fifth"
    if stand.rank <= stand.n_ranked / 5:
        return "top-fifth"
    return "top-half" if stand.rank <= stand.n_ranked / 2 else "bottom-half"


# --- scores, within each method ---------------------------------------------------------------


def score_changes(rows: pd.DataFrame, focus: str) -> list[dict]:
    """Per methodology period: the focus country's first and last score and whether it got
    better or worse by the period's own direction."""
    found = []
    for period in method_periods(rows):
        own = rows[
            (rows["iso3"] == focus)
            & (rows["method"] == period.method)
            & rows["score"].notna()
            & rows["year"].between(period.first_year, period.last_year)
        ].sort_values("year")
        if own.empty:
            continue
        first, last = own.iloc[0], own.iloc[-1]
        direction = str(last["score_direction"])
        delta = float(last["score"]) - float(first["score"])
        if direction == LOWER_IS_BETTER:
            delta = -delta
        change = "unchanged" if len(own) < 2 or delta == 0 else ("better" if delta > 0 else "worse")
        found.append(
            {
                "method": period.method,
                "first_year": period.first_year,
                "last_year": period.last_year,
                "first_edition": first["edition"],
                "last_edition": last["edition"],
                "first": float(first["score"]),
                "last": float(last["score"]),
                "direction": direction,
                "editions": len(own),
                "change": change,
            }
        )
    return found
