"""Freedom House's *Freedom of the Press* scores into the press_freedom.csv shape.

Freedom House rated press freedom 0 (most free) to 100 (least free) from 1980 to 2017; each
edition (the report year) covers the calendar year before. Its detailed data, as tidied to
one row per country and coverage year (`country, year.collected, year.reported, a, b, c,
score, status`), give no rank: the rows here carry the score, the number of countries scored
in that edition, and an empty rank. They are a separate series (`index` FH-FOTP, method
fh-fotp, lower is better), never combined with RSF's.

    python -m kzbrief import-fotp fotp_2001_2014.csv --out rows.csv
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from .checks import cells, rules
from .checks.problems import clip
from .domain import FH_DIRECTION, FH_INDEX, FH_METHOD
from .rsf_import import PRESS_FREEDOM_COLUMNS, rsf_rows

SOURCE_ID = "fh-fotp-2015-data"
COLUMNS = ("country", "year.reported", "score")


class FOTPFormatError(ValueError):
    """The file is not Freedom House's tidied Freedom of the Press layout."""


def read_fotp(
    path: str | Path, iso3: dict[str, str], countries: list[str] | None = None, today: dt.date | None = None
) -> pd.DataFrame:
    """press_freedom.csv rows for the Freedom House country names `iso3` maps to codes (or only
    `countries`, by code). `names_to_iso3` builds the map from the RSF rows a data folder holds.
    Rows press_freedom.csv's rules refuse raise FOTPFormatError, one line each."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise FOTPFormatError(f"{path}: missing column(s) {', '.join(missing)}; expected {', '.join(COLUMNS)}")
    scored = frame[frame["score"].str.fullmatch(r"\d{1,3}")].copy()
    scored["edition"] = scored["year.reported"].str.strip()
    unyeared = scored.index[~scored["edition"].str.fullmatch(r"\d{4}")]
    if len(unyeared):
        line = int(unyeared[0]) + 2
        value = clip(scored.loc[unyeared[0], "year.reported"])
        raise FOTPFormatError(f'{path}, row {line}, column "year.reported": value "{value}": must be a year (2002)')
    n_scored = scored.groupby("edition")["country"].nunique()
    mine = scored[scored["country"].isin(iso3)].copy()
    mine["iso3"] = mine["country"].map(iso3)
    if countries:
        mine = mine[mine["iso3"].isin(countries)]
    rows = pd.DataFrame(
        {
            "index": FH_INDEX,
            "edition": mine["edition"],
            "year": mine["edition"].astype(int),
            "country": mine["country"],
            "iso3": mine["iso3"],
            "rank": pd.NA,
            "n_ranked": mine["edition"].map(n_scored).astype(int),
            "score": mine["score"].astype(int),
            "score_direction": FH_DIRECTION,
            "method": FH_METHOD,
            "source_id": SOURCE_ID,
        }
    )
    problems = _row_problems(path, rows, today or dt.date.today())
    if problems:
        raise FOTPFormatError("\n".join(problems))
    return rows[PRESS_FREEDOM_COLUMNS].sort_values(["year", "iso3"], ignore_index=True)


def _row_problems(path, rows: pd.DataFrame, today: dt.date) -> list[str]:
    """press_freedom.csv's rules for each row (lines numbered as in the file, header = 1): the
    name's text, the rules across a row (score 0-100), an edition no later than this year."""
    problems = []
    for index, row in rows.iterrows():
        text = {column: "" if pd.isna(value) else str(value) for column, value in row.items()}
        found = [("country", text["country"], cells.text_problem("country", text["country"]))]
        found += list(rules.ROW_RULES["press_freedom"](text))
        if int(text["year"]) > today.year:
            found.append(("year.reported", text["edition"], f"is after this year ({today.year}): not published yet"))
        problems += [
            f'{path}, row {int(index) + 2}, column "{column}": value "{clip(value)}": {rule}'
            for column, value, rule in found
            if rule
        ]
    return problems


def names_to_iso3(press_freedom: pd.DataFrame, extra: dict[str, str] | None = None) -> dict[str, str]:
    """{country name: ISO3} from the names the RSF rows use (where they match Freedom House's,
    as for every country of the briefing's comparison group), plus `extra` for names that differ."""
    rsf = rsf_rows(press_freedom)
    return {**{str(n): str(c) for n, c in zip(rsf["country"], rsf["iso3"])}, **(extra or {})}
