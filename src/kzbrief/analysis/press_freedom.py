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
from ..domain import HIGHER_IS_BETTER, LOWER_IS_BETTER, RSF_INDEX, RSF_METHOD_LABELS, RSF_METHOD_NAMES
from ..english import count, ordinal, plural, span
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

    @property
    def label(self) -> str:
        return RSF_METHOD_LABELS.get(self.method, self.method)


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
        told = f"{first['score']:g} in {first['edition']}"
        if len(own) > 1:
            told += f" to {last['score']:g} in {last['edition']}"
        parts.append(f"{span(period.first_year, period.last_year)}: {told}")
    return "; ".join(parts)


def breaks(rows: pd.DataFrame) -> list[int]:
    """First year of each methodology period after the first: where charts draw a break."""
    return [period.first_year for period in method_periods(rows)[1:]]


def rank_table(rows: pd.DataFrame, order: list[str], names: dict[str, str] | None = None) -> pd.DataFrame:
    """Ranks by edition (rows) and country (columns, in `order`, headed by `names` where given).
    The first edition of each methodology period after the first is marked '(new method)':
    ranks on either side of it are not comparable. (How many countries each edition ranked is
    left to the caption, see `ranked_counts`: a column of its own would not fit the page.)"""
    names = names or {}
    pivot = rows.pivot_table(index=["year", "edition"], columns="iso3", values="rank", aggfunc="first")
    pivot = pivot[[code for code in order if code in pivot.columns]].astype("Int64")
    pivot = pivot.reset_index()
    new_method = pivot["year"].isin(breaks(rows))
    pivot["edition"] = pivot["edition"].where(~new_method, pivot["edition"] + " (new method)")
    pivot = pivot.drop(columns="year")
    pivot.columns.name = None
    return pivot.rename(columns={"edition": "Edition", **names})


def ranked_counts(rows: pd.DataFrame) -> str:
    """How many countries each edition ranked, runs of equal counts folded:
    '139 countries in 2002; 166 in 2003; 167 in 2004 and 2005; ...; 180 in every edition from
    2014 to 2026'."""
    per_edition = rows.drop_duplicates("year").sort_values("year")[["edition", "n_ranked"]]
    runs: list[list] = []
    for edition, n in per_edition.itertuples(index=False):
        if runs and runs[-1][0] == n:
            runs[-1][2] = edition
        else:
            runs.append([n, edition, edition])
    editions = per_edition["edition"].tolist()
    parts = []
    for n, first, last in runs:
        between = editions.index(last) - editions.index(first)
        when = (
            first
            if between == 0
            else (f"{first} and {last}" if between == 1 else f"every edition from {first} to {last}")
        )
        parts.append(f"{n} in {when}")
    parts[0] = parts[0].replace(" in ", f" {plural('country', runs[0][0])} in ", 1)
    return "; ".join(parts)


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


def method_name(method: str) -> str:
    """'RSF's 2013–2021 method': a methodology period in words, whatever years are selected."""
    return RSF_METHOD_NAMES.get(method, f"RSF method {method}")


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


def describe_movement(movement: Movement) -> str:
    """'from 122nd of 180 in 2022 to 149th in 2026, 27 places lower', or '160th of 179 in 2013'
    when the period holds one edition."""
    first, last = movement.first, movement.last
    if first.edition == last.edition:
        return f"{ordinal(last.rank)} of {last.n_ranked} in {last.edition}"
    if first.n_ranked == last.n_ranked:
        text = (
            f"from {ordinal(first.rank)} of {first.n_ranked} in {first.edition} "
            f"to {ordinal(last.rank)} in {last.edition}"
        )
    else:
        text = (
            f"from {ordinal(first.rank)} of {first.n_ranked} in {first.edition} "
            f"to {ordinal(last.rank)} of {last.n_ranked} in {last.edition}"
        )
    places = movement.places
    if places:
        text += f", {count(abs(places), 'place')} {'lower' if places > 0 else 'higher'}"
    return text


def movement_verb(movement: Movement) -> str:
    """'fell', 'rose' or 'stayed': the direction of the rank, lower rank numbers being freer."""
    change = movement.last.rank - movement.first.rank
    return "fell" if change > 0 else ("rose" if change < 0 else "stayed")


def rank_headline(rows: pd.DataFrame, focus: str, name: str) -> str:
    """One sentence for the rank chart's title: the movement within the latest method."""
    movement = latest_movement(rows, focus)
    if movement is None:
        return f"{name} is not ranked in the selected editions"
    first, last = movement.first, movement.last
    if first.edition == last.edition:
        return f"{name} ranked {ordinal(last.rank)} of {last.n_ranked} in the {last.edition} RSF index"
    verb = movement_verb(movement)
    if verb == "stayed":
        return (
            f"{name} ranked {ordinal(last.rank)} of {last.n_ranked} in both {first.edition} and "
            f"{last.edition} under the same RSF method"
        )
    of_first = f" of {first.n_ranked}" if first.n_ranked != last.n_ranked else ""
    return (
        f"{name} {verb} from {ordinal(first.rank)}{of_first} to {ordinal(last.rank)} of {last.n_ranked} "
        f"in the RSF index between {first.edition} and {last.edition}, under the same method"
    )


def index_part(stand: Standing) -> str:
    """'in the bottom fifth of the index': where a rank falls, in plain words."""
    below = stand.n_ranked - stand.rank  # countries ranked below it
    if below < stand.n_ranked / 5:
        return "in the bottom fifth of the index"
    if stand.rank <= stand.n_ranked / 5:
        return "in the top fifth of the index"
    return "in the top half of the index" if stand.rank <= stand.n_ranked / 2 else "in the bottom half of the index"


def group_position(stand: Standing) -> str:
    """'6th best of the 12 countries compared' (counted from the freest); the ends are named."""
    n = stand.group_size
    if stand.position_in_group == 1:
        return f"the best-ranked of the {n} countries compared"
    if stand.position_in_group == n:
        return f"the worst-ranked of the {n} countries compared"
    return f"{ordinal(stand.position_in_group)} best of the {n} countries compared"


# --- scores, within each method ---------------------------------------------------------------


def score_better(direction: str) -> str:
    """'higher = freer' or 'lower = freer' for a score_direction value."""
    return "higher = freer" if direction == HIGHER_IS_BETTER else "lower = freer"


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


def score_headline(rows: pd.DataFrame, focus: str, name: str) -> str:
    """One sentence for the score chart's title: how the score moved within each method."""
    changes = [c for c in score_changes(rows, focus) if c["editions"] > 1]
    if not changes:
        return f"{name}'s RSF score in each methodology period (scores are not comparable across periods)"
    latest = changes[-1]
    told = (
        f"from {latest['first']:g} to {latest['last']:g} ({score_better(latest['direction'])}) "
        f"between {latest['first_edition']} and {latest['last_edition']}"
    )
    verb = {"worse": "got worse", "better": "improved", "unchanged": "was unchanged"}[latest["change"]]
    if len(changes) == 1:
        return f"{name}'s RSF score {verb}, {told}"
    worse = sum(c["change"] == "worse" for c in changes)
    if latest["change"] == "worse":
        return f"{name}'s RSF score got worse within {worse} of {len(changes)} method periods, most recently {told}"
    return (
        f"{name}'s RSF score got worse within {worse} of {len(changes)} method periods; in the latest it {verb}, {told}"
    )


def earlier_methods(rows: pd.DataFrame, focus: str) -> list[str]:
    """Each earlier methodology period's ranks in words, one phrase per method and never a
    comparison across methods: "RSF's 2013–2021 method: from 160th of 179 in 2013 to 155th of
    180 in 2021"."""
    return [f"{method_name(m.method)}: {describe_movement(m)}" for m in movements(rows, focus)[:-1]]


def editions_span(rows: pd.DataFrame) -> str:
    """'2002 to 2026 editions', or '2022 edition' for one; '' for none."""
    editions = list(dict.fromkeys(rows.sort_values("year")["edition"].astype(str)))
    if not editions:
        return ""
    return f"{editions[0]} edition" if len(editions) == 1 else f"{editions[0]} to {editions[-1]} editions"


def others_in_grey(rows: pd.DataFrame) -> str:
    """' and the other 3 compared countries (grey)' for a chart's caption: the countries drawn
    besides the focus; '' when there are none."""
    n = int(rows["iso3"].nunique()) - 1
    if n <= 0:
        return ""
    return " and the other compared country (grey)" if n == 1 else f" and the other {n} compared countries (grey)"
