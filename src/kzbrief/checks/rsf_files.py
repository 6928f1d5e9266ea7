"""Official RSF files dropped into `<data>/raw/rsf/`, checked like the tables.

The press-freedom chapter reads them over the curated rows, so a file that cannot be read,
or an edition that does not rank every country it lists, would change the briefing.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..rsf_import import RSFFormatError, read_official_file
from .files import read_file_bytes
from .problems import Problem, in_folder
from .sandbox import link_out_problem

RSF_FOLDER = Path("raw") / "rsf"
# RSF has ranked 139 (2002) to 180 countries; a shorter file is an excerpt, whose ranks
# would be read as "out of" the few countries it lists.
MIN_COUNTRIES = 100


def rsf_problems(data_dir: Path) -> list[Problem]:
    """Problems of the official files in `<data_dir>/raw/rsf/`."""
    return official_files_problems(data_dir, RSF_FOLDER)


def official_files_problems(root: Path, relative: Path = Path(".")) -> list[Problem]:
    """Problems of the official RSF files in `root / relative`, named by their path from `root`
    (a `raw_rsf_dir` parameter naming a folder elsewhere is checked with relative=".")."""
    folder = root / relative
    outside = link_out_problem(root, relative, in_folder(root, relative.as_posix()))
    if outside:  # never read: the chapter would merge files from elsewhere over the data
        return [outside]
    if not folder.is_dir():
        return []
    problems: list[Problem] = []
    editions: dict[str, str] = {}
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
        problems += _edition_problems(label, path.name, rows)
        edition = rows["edition"].iloc[0]
        if edition in editions:
            problems.append(Problem(label, 2, "Year (N)", edition, f"edition {edition} is also in {editions[edition]}"))
        editions.setdefault(edition, path.name)
    return problems


def _edition_problems(label: str, file_name: str, rows) -> list[Problem]:
    """The whole edition; ranks within 1..n (n = countries it lists); the file named for its edition's year."""
    problems = []
    n = len(rows)
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
    year = int(rows["year"].iloc[0])
    if named_year and int(named_year.group(1)) != year:
        problems.append(
            Problem(
                label,
                2,
                "Year (N)",
                rows["edition"].iloc[0],
                f"is edition {rows['edition'].iloc[0]} (year {year}), but the file is named {file_name}",
            )
        )
    return problems
