"""Hostile and broken copies of a data folder, each with the exact problems `validate` must report.

Every case is a small mutation of a copy of the tiny fixture (tests/fixtures/tiny) with the
schema next to it. `expected` lists (file, row, column, words of the rule) — file relative to
the data folder ("." for the folder itself); an empty `expected` means the copy is valid and
must load. Used by tests/test_hostile_data.py and bench/hostile_corpus.py; written against
nothing but the standard library so the bench can run it against older code.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

TESTS = Path(__file__).resolve().parent
# Where a resource a data folder's descriptor adds stands: after the package's own resources.
_PACKAGE = json.loads((TESTS.parent / "src" / "kzbrief" / "schema" / "datapackage.json").read_text(encoding="utf-8"))
ADDED_AT = f"resources[{len(_PACKAGE['resources']) + 1}]"
TINY = TESTS / "fixtures" / "tiny"

Expect = tuple[str, "int | None", "str | None", str]


@dataclass(frozen=True)
class Case:
    name: str
    mutate: Callable[[Path], Path | None]  # may return a different folder to validate
    expected: tuple[Expect, ...] = ()
    skip_reason: str | None = None

    @property
    def must_accept(self) -> bool:
        return not self.expected


# --- building a copy --------------------------------------------------------------------------


def build(case: Case, workdir: Path, descriptor: Path) -> Path:
    """A fresh copy of the tiny data in `workdir`/data with `descriptor` beside it, mutated."""
    target = workdir / "data"
    shutil.copytree(TINY, target)
    shutil.copy(descriptor, target / "datapackage.json")
    replaced = case.mutate(target)
    return replaced if replaced is not None else target


def relative_file(problem_file: str, data_dir: Path) -> str:
    if problem_file in (str(data_dir), data_dir.name):
        return "."
    prefix = data_dir.name + "/"
    return problem_file[len(prefix) :] if problem_file.startswith(prefix) else problem_file


# --- mutations --------------------------------------------------------------------------------


def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _write(path: Path, records: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(records)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def cell(file: str, row: int, column: str, value: str) -> Callable[[Path], None]:
    """Set one cell (row numbered as in the file, header = 1)."""

    def mutate(data: Path) -> None:
        records = _read(data / file)
        records[row - 1][records[0].index(column)] = value
        _write(data / file, records)

    return mutate


def cells(*changes: tuple[str, int, str, str]) -> Callable[[Path], None]:
    def mutate(data: Path) -> None:
        for change in changes:
            cell(*change)(data)

    return mutate


def append_row(file: str, row: list[str]) -> Callable[[Path], None]:
    def mutate(data: Path) -> None:
        _write(data / file, _read(data / file) + [row])

    return mutate


def copy_row(file: str, row: int, **changes: str) -> Callable[[Path], None]:
    def mutate(data: Path) -> None:
        records = _read(data / file)
        new = list(records[row - 1])
        for column, value in changes.items():
            new[records[0].index(column)] = value
        _write(data / file, records + [new])

    return mutate


def rename_column(file: str, old: str, new: str) -> Callable[[Path], None]:
    def mutate(data: Path) -> None:
        records = _read(data / file)
        records[0][records[0].index(old)] = new
        _write(data / file, records)

    return mutate


def drop_column(file: str, column: str) -> Callable[[Path], None]:
    def mutate(data: Path) -> None:
        records = _read(data / file)
        index = records[0].index(column)
        _write(data / file, [r[:index] + r[index + 1 :] for r in records])

    return mutate


def raw_bytes(file: str, transform: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def mutate(data: Path) -> None:
        (data / file).write_bytes(transform((data / file).read_bytes()))

    return mutate


def descriptor_edit(edit: Callable[[dict], None]) -> Callable[[Path], None]:
    def mutate(data: Path) -> None:
        path = data / "datapackage.json"
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        edit(descriptor)
        path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")

    return mutate


def _field(descriptor: dict, table: str, column: str) -> dict:
    resource = next(r for r in descriptor["resources"] if r["name"] == table)
    return next(f for f in resource["schema"]["fields"] if f["name"] == column)


def weaken(table: str, column: str, *constraints: str) -> Callable[[dict], None]:
    def edit(descriptor: dict) -> None:
        field = _field(descriptor, table, column)
        for name in constraints:
            field.get("constraints", {}).pop(name, None)

    return edit


def both(*mutations: Callable[[Path], None]) -> Callable[[Path], None]:
    def mutate(data: Path) -> None:
        for mutation in mutations:
            mutation(data)

    return mutate


ADDED_RESOURCE = {
    "name": "interviews",
    "path": "interviews.csv",
    "profile": "tabular-data-resource",
    "format": "csv",
    "encoding": "utf-8",
    "schema": {
        "fields": [
            {"name": "interview_id", "type": "string", "constraints": {"required": True}},
            {"name": "minutes", "type": "integer"},
        ]
    },
}


def add_resource(resource: dict, content: str | None) -> Callable[[Path], None]:
    def mutate(data: Path) -> None:
        descriptor_edit(lambda d: d["resources"].append(resource))(data)
        if content is not None:
            (data / resource["path"]).write_text(content, encoding="utf-8")

    return mutate


RSF_HEADER = "ISO;Score;Rank;Zone;Country_EN;Year (N)"


RSF_FILLER = 117  # countries after the three of RSF_ROWS: 120 in all, as many as a real edition lists


def rsf_file(
    name: str, edition: str, rows: list[tuple[str, str, str]], text: str | None = None, filler: int = RSF_FILLER
) -> Callable[[Path], None]:
    """An official-layout (2023+) RSF file in raw/rsf: rows of (iso, score, rank), then
    `filler` further countries ranked 4, 5, ..."""

    def mutate(data: Path) -> None:
        folder = data / "raw" / "rsf"
        folder.mkdir(parents=True, exist_ok=True)
        entries = list(rows) + [
            (f"X{i // 26:d}{chr(65 + i % 26)}", f"{10 - i / 100:.2f}".replace(".", ","), str(4 + i))
            for i in range(filler)
        ]
        body = (
            text
            if text is not None
            else "\n".join(
                [RSF_HEADER] + [f"{iso};{score};{rank};Asia;Country {iso};{edition}" for iso, score, rank in entries]
            )
            + "\n"
        )
        (folder / name).write_text(body, encoding="utf-8")

    return mutate


RSF_ROWS = [("KAZ", "40,1", "1"), ("RUS", "30,2", "2"), ("UZB", "20,3", "3")]


def replace_with(kind: str) -> Callable[[Path], None]:
    """Put something that is not a regular file where cases.csv belongs."""

    def mutate(data: Path) -> None:
        target = data / "cases.csv"
        if kind == "outside-link":
            outside = data.parent / "outside.csv"
            shutil.copy(target, outside)
            target.unlink()
            target.symlink_to(outside)
        elif kind == "inside-link":
            (data / "originals").mkdir()
            shutil.move(target, data / "originals" / "cases.csv")
            target.symlink_to(Path("originals") / "cases.csv")
        elif kind == "fifo":
            target.unlink()
            os.mkfifo(target)
        elif kind == "folder":
            target.unlink()
            target.mkdir()
        elif kind == "unreadable":
            target.chmod(0)

    return mutate


def missing_folder(data: Path) -> Path:
    return data.parent / "no-such-folder"


def folder_is_a_file(data: Path) -> Path:
    path = data.parent / "data.csv"
    path.write_text("not a folder\n", encoding="utf-8")
    return path


# --- the corpus -------------------------------------------------------------------------------

WHOLE = "must be a whole number"
NUMBER = "must be a number written with the digits 0-9"
ENUM = "must be one of"
SPACES = "leading or trailing whitespace"
WEB = "must be a web address starting with http:// or https://"

CASES: list[Case] = [
    # Numbers the loader cannot parse
    Case("integer INF", cell("cases.csv", 4, "n_persons", "INF"), (("cases.csv", 4, "n_persons", WHOLE),)),
    Case(
        "integer with underscore 1_7", cell("cases.csv", 4, "n_persons", "1_7"), (("cases.csv", 4, "n_persons", WHOLE),)
    ),
    Case(
        "integer in Arabic-Indic digits",
        cell("cases.csv", 4, "n_persons", "١٧"),
        (("cases.csv", 4, "n_persons", WHOLE),),
    ),
    Case(
        "integer in full-width digits",
        cell("cases.csv", 4, "n_persons", "１７"),
        (("cases.csv", 4, "n_persons", WHOLE),),
    ),
    Case("integer with plus sign", cell("cases.csv", 4, "n_persons", "+5"), (("cases.csv", 4, "n_persons", WHOLE),)),
    Case(
        "integer of 20 digits",
        cell("cases.csv", 4, "n_persons", "12345678901234567890"),
        (("cases.csv", 4, "n_persons", "too large"),),
    ),
    Case(
        "integer written 16.0",
        cells(("casualty_estimates.csv", 2, "low", "16.0"), ("casualty_estimates.csv", 2, "high", "16.0")),
        (("casualty_estimates.csv", 2, "low", WHOLE), ("casualty_estimates.csv", 2, "high", WHOLE)),
    ),
    Case(
        "integer with thousands space",
        cell("casualty_estimates.csv", 4, "low", "1 000"),
        (("casualty_estimates.csv", 4, "low", WHOLE),),
    ),
    Case("number NaN", cell("sentences.csv", 4, "term_min", "NaN"), (("sentences.csv", 4, "term_min", NUMBER),)),
    Case("number 1e400", cell("sentences.csv", 4, "term_max", "1e400"), (("sentences.csv", 4, "term_max", NUMBER),)),
    Case(
        "number INF score", cell("press_freedom.csv", 2, "score", "INF"), (("press_freedom.csv", 2, "score", NUMBER),)
    ),
    Case(
        "number with decimal comma",
        cells(("sentences.csv", 9, "term_min", "2,5"), ("sentences.csv", 9, "term_max", "2,5")),
        (("sentences.csv", 9, "term_min", NUMBER), ("sentences.csv", 9, "term_max", NUMBER)),
    ),
    # Enumerations: exact, in lower case, no stray spaces
    Case(
        "role capitalised Police officer",
        cell("cases.csv", 9, "role", "Police officer"),
        (("cases.csv", 9, "role", ENUM),),
    ),
    Case(
        "role with trailing space", cell("cases.csv", 9, "role", "police officer "), (("cases.csv", 9, "role", SPACES),)
    ),
    Case("role not in the list", cell("cases.csv", 9, "role", "policeman"), (("cases.csv", 9, "role", ENUM),)),
    Case(
        "role with non-breaking space",
        cell("cases.csv", 9, "role", "police\u00a0officer"),
        (("cases.csv", 9, "role", ENUM),),
    ),
    Case(
        "outcome capitalised",
        cell("sentences.csv", 2, "outcome", "Custodial"),
        (("sentences.csv", 2, "outcome", ENUM),),
    ),
    Case(
        "stage with leading space",
        cell("sentences.csv", 3, "stage", " appeal"),
        (("sentences.csv", 3, "stage", SPACES),),
    ),
    Case(
        "metric capitalised",
        cell("casualty_estimates.csv", 2, "metric", "Killed"),
        (("casualty_estimates.csv", 2, "metric", ENUM),),
    ),
    Case(
        "source_type upper case",
        cell("sources.csv", 2, "source_type", "NGO"),
        (("sources.csv", 2, "source_type", ENUM),),
    ),
    Case("boolean True", cell("cases.csv", 3, "is_group", "True"), (("cases.csv", 3, "is_group", "true or false"),)),
    Case(
        "torture_alleged yes",
        cell("cases.csv", 3, "torture_alleged", "yes"),
        (("cases.csv", 3, "torture_alleged", ENUM),),
    ),
    Case(
        "iso3 lower case",
        cell("press_freedom.csv", 3, "iso3", "rus"),
        (("press_freedom.csv", 3, "iso3", "must match the pattern"),),
    ),
    Case(
        "event country lower case",
        cell("events.csv", 2, "country", "kaz"),
        (("events.csv", 2, "country", "must match the pattern"),),
    ),
    # Plausibility bounds
    Case(
        "term of 45 years",
        cell("sentences.csv", 2, "term_max", "45"),
        (("sentences.csv", 2, "term_max", "more than 30 years"),),
    ),
    Case(
        "term of 500 months",
        cell("sentences.csv", 4, "term_max", "500"),
        (("sentences.csv", 4, "term_max", "more than 30 years"),),
    ),
    Case(
        "term of 20000 days",
        cell("sentences.csv", 10, "term_max", "20000"),
        (("sentences.csv", 10, "term_max", "more than 30 years"),),
    ),
    Case(
        "prosecutor asked 99 years",
        cell("sentences.csv", 2, "prosecutor_request", "99"),
        (("sentences.csv", 2, "prosecutor_request", "more than 30 years"),),
    ),
    Case("n_persons zero", cell("cases.csv", 3, "n_persons", "0"), (("cases.csv", 3, "n_persons", "at least 1"),)),
    Case(
        "n_persons 50000", cell("cases.csv", 4, "n_persons", "50000"), (("cases.csv", 4, "n_persons", "at most 10000"),)
    ),
    Case(
        "torture n_people 50000",
        cell("torture_allegations.csv", 3, "n_people", "50000"),
        (("torture_allegations.csv", 3, "n_people", "at most 10000"),),
    ),
    Case(
        "casualties five million",
        cell("casualty_estimates.csv", 3, "high", "5000000"),
        (("casualty_estimates.csv", 3, "high", "at most 1000000"),),
    ),
    Case(
        "negative casualty count",
        cell("casualty_estimates.csv", 6, "high", "-80"),
        (("casualty_estimates.csv", 6, "high", "at least 0"),),
    ),
    Case("rank zero", cell("press_freedom.csv", 2, "rank", "0"), (("press_freedom.csv", 2, "rank", "at least 1"),)),
    Case(
        "rank above n_ranked",
        cell("press_freedom.csv", 2, "rank", "200"),
        (("press_freedom.csv", 2, "rank", "greater than n_ranked 179"),),
    ),
    Case(
        "n_ranked 500",
        cell("press_freedom.csv", 3, "n_ranked", "500"),
        (("press_freedom.csv", 3, "n_ranked", "at most 200"),),
    ),
    Case(
        "2013 score above 100",
        cell("press_freedom.csv", 4, "score", "120"),
        (("press_freedom.csv", 4, "score", "between 0 and 100 for method rsf-2013-2021"),),
    ),
    Case(
        "2022 score negative",
        cell("press_freedom.csv", 5, "score", "-5"),
        (("press_freedom.csv", 5, "score", "between 0 and 100 for method rsf-2022"),),
    ),
    Case(
        "2012 score above 150",
        cell("press_freedom.csv", 2, "score", "200"),
        (("press_freedom.csv", 2, "score", "at most 150"),),
    ),
    Case(
        "score direction not the method's",
        cell("press_freedom.csv", 5, "score_direction", "lower_is_better"),
        (("press_freedom.csv", 5, "score_direction", "must be higher_is_better for method rsf-2022"),),
    ),
    Case(
        "method not the edition year's",
        cell("press_freedom.csv", 4, "method", "rsf-2002-2012"),
        (("press_freedom.csv", 4, "method", "must be rsf-2013-2021 for an edition of 2013"),),
    ),
    Case(
        "year not the edition's",
        cell("press_freedom.csv", 4, "year", "2014"),
        (("press_freedom.csv", 4, "year", "must be 2013"),),
    ),
    Case(
        "edition not a year",
        cell("press_freedom.csv", 4, "edition", "latest"),
        (("press_freedom.csv", 4, "edition", "year range"),),
    ),
    Case(
        "sentence dated in the future",
        cell("sentences.csv", 4, "date", "2099-01-01"),
        (("sentences.csv", 4, "date", "in the future"),),
    ),
    Case(
        "event before 1950",
        cell("events.csv", 2, "start_date", "1850"),
        (("events.csv", 2, "start_date", "before 1950"),),
    ),
    Case(
        "impossible calendar date",
        cell("sentences.csv", 2, "date", "2012-02-30"),
        (("sentences.csv", 2, "date", "not a calendar date"),),
    ),
    Case(
        "date in another format",
        cell("sentences.csv", 2, "date", "04.06.2012"),
        (("sentences.csv", 2, "date", "YYYY, YYYY-MM or YYYY-MM-DD"),),
    ),
    # Rules across fields and tables
    Case(
        "acquittal with a prison term",
        cell("sentences.csv", 4, "outcome", "acquitted"),
        (("sentences.csv", 4, "term_min", "must be empty when outcome is acquitted"),),
    ),
    Case(
        "pending case with a term",
        cell("sentences.csv", 6, "outcome", "pending"),
        (("sentences.csv", 6, "term_min", "must be empty when outcome is pending"),),
    ),
    Case(
        "witness with a term",
        cell("sentences.csv", 5, "outcome", "witness"),
        (("sentences.csv", 5, "term_min", "must be empty when outcome is witness"),),
    ),
    Case(
        "term_min above term_max",
        cell("sentences.csv", 7, "term_min", "9"),
        (("sentences.csv", 7, "term_min", "greater than term_max 7"),),
    ),
    Case(
        "term without unit",
        cell("sentences.csv", 2, "term_unit", ""),
        (("sentences.csv", 2, "term_unit", "is required when term_min"),),
    ),
    Case(
        "event ends before it starts",
        cell("events.csv", 3, "end_date", "2016-03-01"),
        (("events.csv", 3, "end_date", "is before start_date 2016-04-24"),),
    ),
    Case(
        "sentence before its event",
        cell("sentences.csv", 2, "date", "2010-01-01"),
        (("sentences.csv", 2, "date", "before the start 2011-05 of the case's event strike-2011"),),
    ),
    Case(
        "claim dated after its document",
        cell("casualty_estimates.csv", 7, "claim_date", "2013"),
        (
            (
                "casualty_estimates.csv",
                7,
                "claim_date",
                "is after the date of its source document 2012-10-08 (sources.csv row 3)",
            ),
        ),
    ),
    Case(
        "torture response after its document",
        cell("torture_allegations.csv", 3, "response_date", "2015"),
        (
            (
                "torture_allegations.csv",
                3,
                "response_date",
                "is after the date of its source document 2014-03 (sources.csv row 2)",
            ),
        ),
    ),
    Case(
        "source cited in itself",
        cell("sources.csv", 3, "cited_in", "news-item"),
        (("sources.csv", 3, "cited_in", "names the document itself"),),
    ),
    Case(
        "cited_in loop",
        cell("sources.csv", 2, "cited_in", "prosecutor"),
        (("sources.csv", 2, "cited_in", "forms a loop"), ("sources.csv", 4, "cited_in", "forms a loop")),
    ),
    Case(
        "qualifier exact with different bounds",
        cell("casualty_estimates.csv", 2, "high", "17"),
        (("casualty_estimates.csv", 2, "high", "must equal low"),),
    ),
    Case(
        "low above high",
        cell("casualty_estimates.csv", 3, "low", "90"),
        (("casualty_estimates.csv", 3, "low", "greater than high 70"),),
    ),
    Case(
        "duplicate press-freedom row",
        copy_row("press_freedom.csv", 4),
        (("press_freedom.csv", 6, None, "duplicate key"),),
    ),
    Case(
        "duplicate press-freedom row with spaced edition",
        copy_row("press_freedom.csv", 4, edition="2013 "),
        (("press_freedom.csv", 6, "edition", SPACES), ("press_freedom.csv", 6, None, "repeats row 4")),
    ),
    Case("duplicate case id", copy_row("cases.csv", 3), (("cases.csv", 10, None, "duplicate key"),)),
    Case("duplicate sentence row", copy_row("sentences.csv", 4), (("sentences.csv", 12, None, "repeats row 4"),)),
    Case(
        "dangling source_id",
        cell("charges.csv", 3, "source_id", "no-such-source"),
        (("charges.csv", 3, None, "dangling reference"),),
    ),
    Case(
        "torture allegation of no case",
        cell("torture_allegations.csv", 2, "case_id", "no-such-case"),
        (
            ("torture_allegations.csv", 2, None, "dangling reference"),
            ("torture_allegations.csv", 2, "case_id", "names no row of cases.csv"),
        ),
    ),
    Case(
        "charge without offence family",
        append_row("charges.csv", ["plain-name", "CC-2014", "999", "1", "an unlisted offence", "news-item"]),
        (("charges.csv", 6, "article", "has no row in offence_families.csv"),),
    ),
    Case(
        "conflict naming a missing claim",
        cell("conflicts.csv", 2, "claim_ids", "no-such-claim"),
        (("conflicts.csv", 2, "claim_ids", "names no row of casualty_estimates.csv"),),
    ),
    # Text hygiene and links
    Case(
        "NUL character",
        cell("cases.csv", 3, "notes", "a\x00b"),
        (("cases.csv", 3, "notes", "control character U+0000"),),
    ),
    Case(
        "bidi override",
        cell("cases.csv", 3, "defendant", "\u202eJohn Example"),
        (("cases.csv", 3, "defendant", "control character U+202E"),),
    ),
    Case(
        "C1 control character",
        cell("sources.csv", 2, "title", "Report\x85on trials"),
        (("sources.csv", 2, "title", "control character U+0085"),),
    ),
    Case(
        "escape sequence",
        cell("sources.csv", 2, "publisher", "\x1b[31mExample NGO"),
        (("sources.csv", 2, "publisher", "control character U+001B"),),
    ),
    Case(
        "line break in a name",
        cell("cases.csv", 3, "defendant", "John\nExample"),
        (("cases.csv", 3, "defendant", "contains a line break"),),
    ),
    Case("javascript: URL", cell("sources.csv", 3, "url", "javascript:alert(1)"), (("sources.csv", 3, "url", WEB),)),
    Case(
        "data: URL",
        cell("sources.csv", 3, "url", "data:text/html,<script>alert(1)</script>"),
        (("sources.csv", 3, "url", WEB),),
    ),
    Case("file: URL", cell("sources.csv", 3, "url", "file:///etc/passwd"), (("sources.csv", 3, "url", WEB),)),
    Case("relative URL", cell("sources.csv", 3, "url", "report.html"), (("sources.csv", 3, "url", WEB),)),
    Case("protocol-relative URL", cell("sources.csv", 3, "url", "//example.org/x"), (("sources.csv", 3, "url", WEB),)),
    Case("oversize cell", cell("cases.csv", 3, "notes", "x" * 6000), (("cases.csv", 3, "notes", "at most 5000"),)),
    Case(
        "cell beyond the CSV reader's default limit",
        cell("cases.csv", 3, "notes", "x" * 200_000),
        (("cases.csv", 3, "notes", "is 200000 characters long; a cell holds at most 5000"),),
    ),
    Case(
        "spreadsheet formula",
        cell("cases.csv", 3, "notes", '=HYPERLINK("http://evil.example","click")'),
        (("cases.csv", 3, "notes", 'starts with "="'),),
    ),
    Case(
        "spreadsheet formula after @",
        cell("cases.csv", 3, "notes", "@SUM(1+1)*cmd|' /C calc'!A0"),
        (("cases.csv", 3, "notes", 'starts with "@"'),),
    ),
    Case(
        "spreadsheet formula after +",
        cell("cases.csv", 3, "defendant", "+cmd|' /C calc'!A0"),
        (("cases.csv", 3, "defendant", 'starts with "+"'),),
    ),
    Case(
        "spreadsheet formula after -",
        cell("sources.csv", 2, "title", "-2+3+cmd|' /C calc'!A0"),
        (("sources.csv", 2, "title", 'starts with "-"'),),
    ),
    # File structure
    Case(
        "semicolon-separated file",
        raw_bytes("charges.csv", lambda b: b.replace(b",", b";")),
        (("charges.csv", 1, None, "';'-separated"),),
    ),
    Case("missing column", drop_column("cases.csv", "plea"), (("cases.csv", 1, "plea", "required column is missing"),)),
    Case(
        "extra column",
        lambda d: _write(
            d / "charges.csv", [r + ["extra" if i == 0 else "x"] for i, r in enumerate(_read(d / "charges.csv"))]
        ),
        (("charges.csv", 1, "extra", "unknown column"),),
    ),
    Case(
        "renamed column",
        rename_column("cases.csv", "plea", "pleas"),
        (("cases.csv", 1, "plea", "required column is missing"), ("cases.csv", 1, "pleas", "unknown column")),
    ),
    Case(
        "column name with spaces",
        rename_column("cases.csv", "plea", " plea"),
        (("cases.csv", 1, " plea", "column name has leading or trailing whitespace"),),
    ),
    Case(
        "columns out of order",
        lambda d: _write(d / "conflicts.csv", [r[1:2] + r[:1] + r[2:] for r in _read(d / "conflicts.csv")]),
        (("conflicts.csv", 1, None, "columns must be in the schema's order"),),
    ),
    Case(
        "row with an extra cell",
        raw_bytes("charges.csv", lambda b: b + b"plain-name,CC-1997,164,1,x,news-item,extra\n"),
        (("charges.csv", 6, None, "has 7 cells, the header has 6"),),
    ),
    Case("empty file", raw_bytes("charges.csv", lambda b: b""), (("charges.csv", None, None, "file is empty"),)),
    Case(
        "press-freedom table with a header only",
        lambda d: _write(d / "press_freedom.csv", _read(d / "press_freedom.csv")[:1]),
        (("press_freedom.csv", None, None, "has a header but no rows"),),
    ),
    Case(
        "casualty table with a header only",
        lambda d: _write(d / "casualty_estimates.csv", _read(d / "casualty_estimates.csv")[:1]),
        (("casualty_estimates.csv", None, None, "has a header but no rows"),),
    ),
    Case("file missing", lambda d: (d / "conflicts.csv").unlink(), (("conflicts.csv", None, None, "file is missing"),)),
    Case(
        "non-UTF-8 bytes",
        raw_bytes("cases.csv", lambda b: b.replace(b"Example", "Exampl\xe9".encode("cp1252"), 1)),
        (("cases.csv", 3, None, "not UTF-8 text"),),
    ),
    Case("data folder missing", missing_folder, ((".", None, None, "does not exist"),)),
    Case("data folder is a file", folder_is_a_file, ((".", None, None, "is a file, not a data folder"),)),
    Case(
        "table is a link out of the folder",
        replace_with("outside-link"),
        (("cases.csv", None, None, "outside the data folder"),),
    ),
    Case("table is a FIFO", replace_with("fifo"), (("cases.csv", None, None, "not a regular file"),)),
    Case("table is a folder", replace_with("folder"), (("cases.csv", None, None, "is a folder, not a file"),)),
    Case(
        "table cannot be read",
        replace_with("unreadable"),
        (("cases.csv", None, None, "permission denied"),),
        skip_reason="root reads every file" if hasattr(os, "geteuid") and os.geteuid() == 0 else None,
    ),
    # The data folder's own descriptor cannot weaken the package's rules
    Case(
        "weakened descriptor: role enum dropped",
        both(descriptor_edit(weaken("cases", "role", "enum")), cell("cases.csv", 9, "role", "Police officer")),
        (("cases.csv", 9, "role", ENUM),),
    ),
    Case(
        "weakened descriptor: required and minimum dropped",
        both(
            descriptor_edit(weaken("cases", "n_persons", "required", "minimum")), cell("cases.csv", 3, "n_persons", "0")
        ),
        (("cases.csv", 3, "n_persons", "at least 1"),),
    ),
    Case(
        "weakened descriptor: URL pattern dropped",
        both(
            descriptor_edit(weaken("sources", "url", "pattern")), cell("sources.csv", 3, "url", "javascript:alert(1)")
        ),
        (("sources.csv", 3, "url", WEB),),
    ),
    Case(
        "broken descriptor JSON",
        raw_bytes("datapackage.json", lambda b: b[:-20]),
        (("datapackage.json", None, None, "not valid JSON"),),
    ),
    Case(
        "added resource with a bad cell",
        add_resource(ADDED_RESOURCE, "interview_id,minutes\ni1,ninety\n"),
        (("interviews.csv", 2, "minutes", WHOLE),),
    ),
    Case(
        "added resource outside the folder",
        add_resource({**ADDED_RESOURCE, "path": "../outside.csv"}, None),
        (("datapackage.json", None, ADDED_AT, "must be a file inside the data folder"),),
    ),
    Case(
        "added resource with absolute path",
        add_resource({**ADDED_RESOURCE, "path": "/etc/passwd"}, None),
        (("datapackage.json", None, ADDED_AT, "must be a file inside the data folder"),),
    ),
    # Official RSF files in raw/rsf
    Case(
        "RSF rank beyond the countries listed",
        rsf_file("2026.csv", "2026", [*RSF_ROWS[:2], ("UZB", "20,3", "125")]),
        (("raw/rsf/2026.csv", 4, "rank", "within 1..120"),),
    ),
    Case(
        "RSF file named for another year",
        rsf_file("2026.csv", "2025", RSF_ROWS),
        (("raw/rsf/2026.csv", 2, "Year (N)", "the file is named 2026.csv"),),
    ),
    Case(
        "RSF rank not a number",
        rsf_file("2026.csv", "2026", [RSF_ROWS[0], ("RUS", "30,2", "n/a"), RSF_ROWS[2]]),
        (("raw/rsf/2026.csv", 3, None, "rank or score is not a number"),),
    ),
    Case(
        "RSF score INF",
        rsf_file("2026.csv", "2026", [RSF_ROWS[0], ("RUS", "INF", "2"), RSF_ROWS[2]]),
        (("raw/rsf/2026.csv", 3, None, "rank or score is not a number"),),
    ),
    Case(
        "RSF malformed country code",
        rsf_file("2026.csv", "2026", [RSF_ROWS[0], ("ru", "30,2", "2"), RSF_ROWS[2]]),
        (("raw/rsf/2026.csv", 3, "ISO", "country code 'ru'"),),
    ),
    Case(
        "RSF country listed twice",
        rsf_file("2026.csv", "2026", [RSF_ROWS[0], ("KAZ", "30,2", "2"), RSF_ROWS[2]]),
        (("raw/rsf/2026.csv", 3, "ISO", "listed twice"),),
    ),
    Case(
        "RSF excerpt of three countries",
        rsf_file("2026.csv", "2026", RSF_ROWS, filler=0),
        (("raw/rsf/2026.csv", None, None, "lists 3 countries; an RSF edition ranks at least 100"),),
    ),
    Case(
        "n_ranked of an excerpt",
        cells(("press_freedom.csv", 2, "n_ranked", "3"), ("press_freedom.csv", 2, "rank", "2")),
        (("press_freedom.csv", 2, "n_ranked", "at least 100"),),
    ),
    Case(
        "RSF empty file",
        rsf_file("2026.csv", "2026", [], text=""),
        (("raw/rsf/2026.csv", None, None, "the file is empty"),),
    ),
    Case(
        "RSF file without the needed columns",
        rsf_file("2026.csv", "2026", [], text="ISO;Points\nKAZ;3\n"),
        (("raw/rsf/2026.csv", None, None, "no column for"),),
    ),
    Case(
        "RSF edition in two files",
        both(rsf_file("2026.csv", "2026", RSF_ROWS), rsf_file("2026-copy.csv", "2026", RSF_ROWS)),
        (("raw/rsf/2026.csv", 2, "Year (N)", "also in 2026-copy.csv"),),
    ),
    # Valid variants that must be accepted and load
    Case("byte-order mark", raw_bytes("cases.csv", lambda b: b"\xef\xbb\xbf" + b)),
    Case("CRLF line endings", raw_bytes("sentences.csv", lambda b: b.replace(b"\n", b"\r\n"))),
    Case("line break in notes", cell("cases.csv", 3, "notes", "First line.\nSecond line.")),
    Case("markup characters are data", cell("cases.csv", 3, "notes", "**bold** <b>x</b> $x$ [a](javascript:x) ---")),
    Case("descriptor missing", lambda d: (d / "datapackage.json").unlink()),
    Case("table is a link inside the folder", replace_with("inside-link")),
    Case("added resource", add_resource(ADDED_RESOURCE, "interview_id,minutes\ni1,90\n")),
    Case("negative RSF 2002-2012 score", cell("press_freedom.csv", 3, "score", "-10")),
    Case("valid RSF file dropped in", rsf_file("2026.csv", "2026", RSF_ROWS)),
    Case(
        "optional tables with a header only",
        lambda d: (
            [
                _write(d / f, _read(d / f)[:1])
                for f in ("conflicts.csv", "recommendations.csv", "torture_allegations.csv")
            ]
            and None
        ),
    ),
    Case("http URL", cell("sources.csv", 3, "url", "http://example.org/a?b=c#d")),
    # --- Row and cross-table rules (h25-rowrules): identity, chronology, consistency, print ---
    # The same fact or person under a second id
    Case(
        "same defendant under a second id",
        copy_row("cases.csv", 3, case_id="plain-name-again", defendant="john  EXAMPLE", source_id="ngo-report"),
        (("cases.csv", 10, "defendant", 'names the same person as row 3 ("John Example")'),),
    ),
    Case(
        "same defendant by an alias, reordered and transliterated",
        copy_row("cases.csv", 5, case_id="gumarova", defendant="Gumarova Aliia", aliases="", notes=""),
        (("cases.csv", 10, "defendant", 'names the same person as row 2 ("Әлия Ғұмарова")'),),
    ),
    Case(
        "same defendant in Cyrillic",
        copy_row("cases.csv", 5, case_id="serik-cyrillic", defendant="Серік Example", notes=""),
        (("cases.csv", 10, "defendant", 'names the same person as row 5 ("Serik Example")'),),
    ),
    Case(
        "same defendant named in aliases",
        copy_row("cases.csv", 8, case_id="organiser", defendant="P. Organiser", aliases="Protest  Organiser"),
        (("cases.csv", 10, "aliases", 'names the same person as row 8 ("Protest Organiser")'),),
    ),
    Case(
        "case row repeated under a new id",
        copy_row("cases.csv", 2, case_id="qazaq-name-copy"),
        (("cases.csv", 10, "case_id", "repeats row 2 in every column but case_id"),),
    ),
    Case(
        "source repeated under a new id",
        copy_row("sources.csv", 3, source_id="news-item-copy"),
        (("sources.csv", 9, "source_id", "repeats row 3 in every column but source_id"),),
    ),
    Case(
        "event repeated under a new id",
        copy_row("events.csv", 3, event_id="protest-2016-copy"),
        (("events.csv", 4, "event_id", "repeats row 3 in every column but event_id"),),
    ),
    Case(
        "claim repeated under a new id",
        copy_row("casualty_estimates.csv", 3, claim_id="killed-witnesses-copy"),
        (("casualty_estimates.csv", 11, "claim_id", "repeats row 3 in every column but claim_id"),),
    ),
    Case(
        "recommendation repeated under a new id",
        copy_row("recommendations.csv", 2, recommendation_id="ngo-release-copy"),
        (("recommendations.csv", 3, "recommendation_id", "repeats row 2 in every column but recommendation_id"),),
    ),
    Case(
        "torture allegation repeated under a new id",
        copy_row("torture_allegations.csv", 3, allegation_id="copy"),
        (("torture_allegations.csv", 5, "allegation_id", "repeats row 3 in every column but allegation_id"),),
    ),
    Case(
        "conflict repeated under a new id",
        copy_row("conflicts.csv", 2, conflict_id="strike-name-copy"),
        (("conflicts.csv", 3, "conflict_id", "repeats row 2 in every column but conflict_id"),),
    ),
    Case(
        "edition label written two ways",
        append_row(
            "press_freedom.csv",
            [
                "RSF",
                "2011-12",
                "2012",
                "Belarus",
                "BLR",
                "168",
                "179",
                "99",
                "lower_is_better",
                "rsf-2002-2012",
                "rsf-wpfi-2011-2012",
            ],
        ),
        (("press_freedom.csv", 6, "edition", 'is the 2012 edition of RSF, labelled "2011-2012" in row 2'),),
    ),
    Case(
        "n_ranked not the edition's",
        cells(("press_freedom.csv", 3, "rank", "190"), ("press_freedom.csv", 3, "n_ranked", "200")),
        (("press_freedom.csv", 3, "n_ranked", "differs from n_ranked 179 of RSF edition 2011-2012 in row 2"),),
    ),
    # Chronology across rows and tables
    Case(
        "appeal before the first-instance decision",
        cell("sentences.csv", 3, "date", "2012-05"),
        (("sentences.csv", 3, "date", "is before the case's first-instance decision of 2012-06-04 (row 2)"),),
    ),
    Case(
        "release before the first-instance decision",
        append_row("sentences.csv", ["plain-name", "release", "2012-01", "released", "", "", "", "", "news-item", ""]),
        (("sentences.csv", 12, "date", "is before the case's first-instance decision of 2012-10-08 (row 4)"),),
    ),
    Case(
        "decision dated after its document",
        cell("sentences.csv", 4, "date", "2012-11"),
        (("sentences.csv", 4, "date", "is after the date of its source document 2012-10-08 (sources.csv row 3)"),),
    ),
    Case(
        "event dated after its document",
        cells(("events.csv", 3, "start_date", "2016-04-24"), ("events.csv", 3, "source_id", "news-item")),
        (("events.csv", 3, "start_date", "is after the date of its source document 2012-10-08 (sources.csv row 3)"),),
    ),
    Case(
        "claim years before its event",
        cell("casualty_estimates.csv", 2, "claim_date", "2008-12"),
        (
            (
                "casualty_estimates.csv",
                2,
                "claim_date",
                "is before the start 2011-05 of its event strike-2011 (events.csv row 2); a claim counts what has",
            ),
        ),
    ),
    # One column constrains another
    Case(
        "several people in a row that is not a group",
        cell("cases.csv", 3, "n_persons", "3"),
        (("cases.csv", 3, "is_group", "is false but n_persons is 3"),),
    ),
    Case(
        "group row of one person",
        cell("cases.csv", 4, "n_persons", "1"),
        (("cases.csv", 4, "is_group", "is true but n_persons is 1"),),
    ),
    Case(
        "prosecutor's request without a unit",
        cells(
            ("sentences.csv", 3, "term_min", ""),
            ("sentences.csv", 3, "term_max", ""),
            ("sentences.csv", 3, "term_unit", ""),
            ("sentences.csv", 3, "outcome", "acquitted"),
            ("sentences.csv", 3, "prosecutor_request", "6"),
        ),
        (("sentences.csv", 3, "term_unit", "is required when prosecutor_request is given (6 of what"),),
    ),
    Case(
        "term of 900 days",
        cell("sentences.csv", 10, "term_max", "900"),
        (("sentences.csv", 10, "term_max", "is more than 365 days"),),
    ),
    Case(
        "custodial term of 0",
        cells(("sentences.csv", 2, "term_min", "0"), ("sentences.csv", 2, "term_max", "0")),
        (("sentences.csv", 2, "term_max", "is 0 but outcome custodial imposes a term"),),
    ),
    Case(
        "range with equal bounds",
        cell("casualty_estimates.csv", 3, "high", "60"),
        (("casualty_estimates.csv", 3, "high", "must be greater than low when qualifier is range"),),
    ),
    # Text the print cannot show
    Case(
        "right-to-left mark in a name",
        cell("cases.csv", 3, "defendant", "John\u200f Example"),
        (("cases.csv", 3, "defendant", "control character U+200F; remove it (an invisible direction mark"),),
    ),
    Case(
        "left-to-right mark in a title",
        cell("sources.csv", 2, "title", "Report\u200e on trials"),
        (("sources.csv", 2, "title", "control character U+200E; remove it (an invisible direction mark"),),
    ),
    Case(
        "emoji in a name",
        cell("cases.csv", 3, "defendant", "John Example \U0001f525"),
        (("cases.csv", 3, "defendant", "emoji U+1F525"),),
    ),
    Case(
        "flag emoji in a place",
        cell("events.csv", 2, "place", "Zhanaozen \U0001f1f0\U0001f1ff"),
        (("events.csv", 2, "place", "emoji U+1F1F0"),),
    ),
    Case(
        "acquittal after a prosecutor's request in years",
        cells(
            ("sentences.csv", 3, "term_min", ""),
            ("sentences.csv", 3, "term_max", ""),
            ("sentences.csv", 3, "outcome", "acquitted"),
            ("sentences.csv", 3, "prosecutor_request", "6"),
        ),
    ),
    Case("group rows with the same description", copy_row("cases.csv", 4, case_id="group-again", n_persons="3")),
    Case(
        "symbols the fonts show",
        cell("cases.csv", 3, "notes", "Verdict \u2713 upheld \u2605 \u00a7 164 \u2013 \u2116 5"),
    ),
]

# --- The data folder is a sandbox: files outside it, and remote addresses (h25 datarules) ---------


def link_out(inside: str, make: Callable[[Path], None]) -> Callable[[Path], None]:
    """Make `inside` (a path in the data folder) a link to a folder outside it, which `make` fills."""

    def mutate(data: Path) -> None:
        outside = data.parent / "elsewhere"
        outside.mkdir()
        make(outside)
        (data / inside).parent.mkdir(parents=True, exist_ok=True)
        (data / inside).symlink_to(outside, target_is_directory=True)

    return mutate


def _outside_rsf(folder: Path) -> None:
    rsf_file("2026.csv", "2026", RSF_ROWS)(folder)
    shutil.move(folder / "raw" / "rsf" / "2026.csv", folder / "2026.csv")
    shutil.rmtree(folder / "raw")


SECRET = "root:x:0:0:secret-first-line"

CASES += [
    Case(
        "raw/rsf is a link to a folder outside",
        link_out("raw/rsf", _outside_rsf),
        (("raw/rsf", None, None, '"raw/rsf" is a link to a folder outside the data folder'),),
    ),
    Case(
        "raw is a link to a folder outside",
        link_out("raw", lambda o: (o / "rsf").mkdir() or _outside_rsf(o / "rsf")),
        (("raw/rsf", None, None, '"raw" is a link to a folder outside the data folder'),),
    ),
    Case(
        "added resource in a folder linked out",
        both(
            link_out("private", lambda o: (o / "interviews.csv").write_text(SECRET + "\n", encoding="utf-8")),
            add_resource({**ADDED_RESOURCE, "path": "private/interviews.csv"}, None),
        ),
        (("private/interviews.csv", None, None, '"private" is a link to a folder outside the data folder'),),
    ),
    Case(
        "templates is a link to a folder outside",
        link_out("templates", lambda o: (o / "summary.md").write_text("Elsewhere.\n", encoding="utf-8")),
        (("templates", None, None, '"templates" is a link to a folder outside the data folder'),),
    ),
    Case(
        "briefing.yml is a link to a file outside",
        lambda d: (
            shutil.move(d / "briefing.yml", d.parent / "briefing.yml")
            and (d / "briefing.yml").symlink_to(d.parent / "briefing.yml")
        ),
        (("briefing.yml", None, None, '"briefing.yml" is a link to a file outside the data folder'),),
    ),
]

# An address on a port nothing listens on: validate must refuse it without trying to connect.
REMOTE = "http://127.0.0.1:9/kzbrief"
REMOTE_RULE = "is a remote address; the data folder's descriptor may name no address outside it"

CASES += [
    Case(
        "remote dialect of an added resource",
        add_resource({**ADDED_RESOURCE, "dialect": f"{REMOTE}/dialect.json"}, "interview_id,minutes\ni1,90\n"),
        (("datapackage.json", None, f"{ADDED_AT}.dialect", REMOTE_RULE),),
    ),
    Case(
        "remote profile of an added resource",
        add_resource({**ADDED_RESOURCE, "profile": f"{REMOTE}/profile.json"}, "interview_id,minutes\ni1,90\n"),
        (("datapackage.json", None, f"{ADDED_AT}.profile", REMOTE_RULE),),
    ),
    Case(
        "remote schema of an added resource",
        add_resource({**ADDED_RESOURCE, "schema": f"{REMOTE}/schema.json"}, "interview_id,minutes\ni1,90\n"),
        (("datapackage.json", None, f"{ADDED_AT}.schema", REMOTE_RULE),),
    ),
    Case(
        "added resource whose path is a URL",
        add_resource({**ADDED_RESOURCE, "path": f"{REMOTE}/interviews.csv"}, None),
        (("datapackage.json", None, f"{ADDED_AT}.path", REMOTE_RULE),),
    ),
    Case(
        "remote address deep in an added resource",
        add_resource(
            {
                **ADDED_RESOURCE,
                "schema": {**ADDED_RESOURCE["schema"], "missingValues": [""], "$ref": f"{REMOTE}/fields.json"},
            },
            "interview_id,minutes\ni1,90\n",
        ),
        (("datapackage.json", None, f"{ADDED_AT}.schema.$ref", REMOTE_RULE),),
    ),
]

# --- Official RSF files pass press_freedom.csv's rules (h25 datarules) ---------------------------

FORMULA_NAME = "=cmd|' /C calc'!A0"

CASES += [
    Case(
        "RSF edition far in the future",
        rsf_file("9999.csv", "9999", RSF_ROWS),
        (("raw/rsf/9999.csv", 2, "Year (N)", "is after this year"),),
    ),
    Case(
        "RSF country named as a formula",
        both(
            rsf_file("2026.csv", "2026", RSF_ROWS),
            raw_bytes("raw/rsf/2026.csv", lambda b: b.replace(b"Country KAZ", FORMULA_NAME.encode())),
        ),
        (("raw/rsf/2026.csv", 2, "country", 'starts with "="'),),
    ),
    Case(
        "RSF country name with a control character",
        both(
            rsf_file("2026.csv", "2026", RSF_ROWS),
            raw_bytes("raw/rsf/2026.csv", lambda b: b.replace(b"Country RUS", b"Rus\x1b[2Jsia")),
        ),
        (("raw/rsf/2026.csv", 3, "country", "control character U+001B"),),
    ),
    Case(
        "RSF country name of 6000 characters",
        both(
            rsf_file("2026.csv", "2026", RSF_ROWS),
            raw_bytes("raw/rsf/2026.csv", lambda b: b.replace(b"Country RUS", b"R" * 6000)),
        ),
        (("raw/rsf/2026.csv", 3, "country", "at most 5000"),),
    ),
    Case(
        "RSF score 250 on a 0-100 scale",
        rsf_file("2026.csv", "2026", [("KAZ", "250", "1"), *RSF_ROWS[1:]]),
        (("raw/rsf/2026.csv", 2, "score", "must be between 0 and 100 for method rsf-2022"),),
    ),
    Case(
        "RSF score -40 on a 0-100 scale",
        rsf_file("2026.csv", "2026", [RSF_ROWS[0], ("RUS", "-40", "2"), RSF_ROWS[2]]),
        (("raw/rsf/2026.csv", 3, "score", "must be between 0 and 100 for method rsf-2022"),),
    ),
    Case(
        "RSF file of 20,000 countries",
        rsf_file("2026.csv", "2026", RSF_ROWS, filler=19_997),
        (("raw/rsf/2026.csv", None, None, "lists 20000 countries; an RSF edition ranks at most 200"),),
    ),
    Case(
        "RSF edition 2012 beside the curated 2011-2012",
        rsf_file("2012.csv", "2012", RSF_ROWS),
        (("raw/rsf/2012.csv", 2, "Year (N)", "press_freedom.csv labels the edition of 2012 2011-2012"),),
    ),
    Case(
        "RSF edition under two labels in two files",
        both(rsf_file("2010.csv", "2010", RSF_ROWS), rsf_file("2010-b.csv", "2009-10", RSF_ROWS)),
        (("raw/rsf/2010.csv", 2, "Year (N)", "2010-b.csv labels the edition of 2010 2009-2010"),),
    ),
    Case(
        "RSF UTF-8 file with one Windows-1252 byte",
        both(
            rsf_file("2026.csv", "2026", RSF_ROWS),
            raw_bytes(
                "raw/rsf/2026.csv",
                lambda b: b.replace(b"Country KAZ", "Côte".encode()).replace(b"Country RUS", b"R\xe9union"),
            ),
        ),
        (("raw/rsf/2026.csv", 3, None, "mixed encodings: the file is UTF-8 but byte 84 is not"),),
    ),
]

CASES_BY_NAME = {case.name: case for case in CASES}
assert len(CASES_BY_NAME) == len(CASES), "case names must be unique"
