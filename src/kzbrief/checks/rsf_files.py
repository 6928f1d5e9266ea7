"""Official RSF files dropped into `<data>/raw/rsf/`, checked like the tables.

The press-freedom chapter reads them over the curated rows, so a file that cannot be read,
or an edition that does not rank every country it lists, would change the briefing. Their rows
pass the rules of press_freedom.csv's rows: the same text rules for names (a formula, a control
character), the same rules across a row (score within its method's range), an edition no later
than this year, and the label press_freedom.csv gives the same edition. `import-rsf` refuses
what this refuses.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..domain import RSF_INDEX
from ..rsf_import import RSFFormatError, read_official_file
from . import cells, rules
from .files import read_file_bytes
from .problems import Problem, in_folder
from .sandbox import link_out_problem

RSF_FOLDER = Path("raw") / "rsf"
# RSF has ranked 139 (2002) to 180 countries; a shorter file is an excerpt, whose ranks
# would be read as "out of" the few countries it lists.
MIN_COUNTRIES = 100
EDITION = "Year (N)"  # the files' column naming the edition


def rsf_problems(data_dir: Path, today: dt.date | None = None, curated: list[dict[str, str]] | None = None):
    """Problems of the official files in `<data_dir>/raw/rsf/`, beside press_freedom.csv's rows `curated`."""
    return official_files_problems(data_dir, RSF_FOLDER, today=today, labels=curated_labels(curated or []))


def curated_labels(rows) -> dict[int, str]:
    """{year: edition label} of the RSF rows of press_freedom.csv (rows as dicts of text)."""
    labels = {}
    for row in rows:
        year = str(row["year"]).strip()
        if str(row["index"]).strip() == RSF_INDEX and year.isdigit():
            labels.setdefault(int(year), str(row["edition"]).strip())
    return labels


def official_files_problems(
    root: Path, relative: Path = Path("."), *, today: dt.date | None = None, labels: dict[int, str] | None = None
) -> list[Problem]:
    """Problems of the official RSF files in `root / relative`, named by their path from `root`
    (a `raw_rsf_dir` parameter naming a folder elsewhere is checked with relative="."). `labels`
    are the curated edition labels by year ({2012: "2011-2012"})."""
    folder = root / relative
    outside = link_out_problem(root, relative, in_folder(root, relative.as_posix()))
    if outside:  # never read: the chapter would merge files from elsewhere over the data
        return [outside]
    if not folder.is_dir():
        return []
    today, labels = today or dt.date.today(), labels or {}
    problems: list[Problem] = []
    editions: dict[str, str] = {}
    years: dict[int, tuple[str, str]] = {}
    for path in sorted(folder.glob("*.csv")):
        inside = (relative / path.name).as_posix()
        label = in_folder(root, inside)
        _, unsafe = read_file_bytes(root, inside, label)
        if unsafe:
            problems.append(unsafe)
            continue
        try:
            rows = read_official_file(path)
        except RSFFormatError as exc:
            problems.append(Problem(label, exc.row, exc.column, None, exc.rule))
            continue
        problems += _edition_problems(label, path.name, rows, today, labels)
        problems += _row_problems(label, rows)
        edition, year = rows["edition"].iloc[0], int(rows["year"].iloc[0])
        if edition in editions:
            problems.append(Problem(label, 2, EDITION, edition, f"edition {edition} is also in {editions[edition]}"))
        elif year in years:
            other_label, other_file = years[year]
            problems.append(
                Problem(
                    label,
                    2,
                    EDITION,
                    edition,
                    f"{other_file} labels the edition of {year} {other_label}: one edition has one label",
                )
            )
        editions.setdefault(edition, path.name)
        years.setdefault(year, (edition, path.name))
    return problems


def _edition_problems(label: str, file_name: str, rows, today: dt.date, labels: dict[int, str]) -> list[Problem]:
    """The whole edition, published by now, under its curated label; ranks within 1..n (n =
    countries it lists); the file named for its edition's year."""
    problems = []
    n = len(rows)
    edition, year = rows["edition"].iloc[0], int(rows["year"].iloc[0])
    if year > today.year:
        problems.append(Problem(label, 2, EDITION, edition, f"is after this year ({today.year}): not published yet"))
    elif year in labels and labels[year] != edition:
        problems.append(
            Problem(
                label,
                2,
                EDITION,
                edition,
                f"press_freedom.csv labels the edition of {year} {labels[year]}: one edition has one label",
            )
        )
    if n < MIN_COUNTRIES:
        problems.append(
            Problem(
                label,
                None,
                None,
                None,
                f"lists {n} countries; an RSF edition ranks at least "
                f"{MIN_COUNTRIES} (139 to 180): use the whole file as RSF serves it",
            )
        )
    for index, rank in rows["rank"].items():
        if not 1 <= rank <= n:
            problems.append(
                Problem(
                    label, int(index) + 2, "rank", str(rank), f"must be within 1..{n}: the edition lists {n} countries"
                )
            )
    named_year = re.fullmatch(r"(\d{4})\.csv", file_name)
    if named_year and int(named_year.group(1)) != year:
        problems.append(
            Problem(
                label, 2, EDITION, edition, f"is edition {edition} (year {year}), but the file is named {file_name}"
            )
        )
    return problems


def _row_problems(label: str, rows) -> list[Problem]:
    """Each row through press_freedom.csv's rules: names' text, then the rules across a row
    (scores within the method's range...). A rank already out of 1..n is not reported twice."""
    problems = []
    for index, row in rows.iterrows():
        number = int(index) + 2
        text = {column: "" if value is None else str(value) for column, value in row.items()}
        rule = cells.text_problem("country", text["country"])
        if rule:
            problems.append(Problem(label, number, "country", text["country"], rule))
        problems += [
            Problem(label, number, column, value, rule)
            for column, value, rule in rules.ROW_RULES["press_freedom"](text)
            if column != "rank"
        ]
    return problems
