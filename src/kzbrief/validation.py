"""Validate a data folder against data/datapackage.json and the cross-field rules.

Per-cell rules (types, enumerations, patterns, keys, foreign keys) are declared in the
Frictionless descriptor, so outside tools can check the same data. Rules that the
Table Schema cannot express (term_min <= term_max, low <= high, rank <= n_ranked,
calendar-valid dates, stray whitespace) are checked here.

Every problem becomes one `Problem` naming file, row (as numbered in the file, header = 1),
column, value and rule; all problems are collected before reporting.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

DESCRIPTOR = "datapackage.json"


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    value: str | None
    rule: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f', column "{self.column}"'
        value = "" if self.value is None else f' value "{_clip(self.value)}":'
        return f"{where}:{value} {self.rule}"


class DataValidationError(Exception):
    """Raised by `check` when a data folder has problems; str() lists them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(format_problems(problems))


def format_problems(problems: list[Problem]) -> str:
    lines = [str(p) for p in problems]
    lines.append(f"{len(problems)} problem(s) found.")
    return "\n".join(lines)


def _clip(value: str, width: int = 60) -> str:
    return value if len(value) <= width else value[: width - 1] + "…"


def read_descriptor(data_dir: Path) -> dict:
    path = Path(data_dir) / DESCRIPTOR
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataValidationError([Problem(str(path), None, None, None, "the schema descriptor is missing")])
    except json.JSONDecodeError as exc:
        raise DataValidationError(
            [Problem(str(path), exc.lineno, None, None, f"not valid JSON: {exc.msg}")]
        ) from None


def validate(data_dir: str | Path) -> list[Problem]:
    """Return every problem found in `data_dir` (empty list = valid)."""
    data_dir = Path(data_dir)
    try:
        descriptor = read_descriptor(data_dir)
    except DataValidationError as exc:
        return exc.problems
    problems: list[Problem] = []
    tables: dict[str, list[dict[str, str]]] = {}
    sound: list[str] = []
    for resource in descriptor["resources"]:
        rows, structural = _read_structure(data_dir, resource)
        problems += structural
        if rows is not None and not structural:
            tables[resource["name"]] = rows
            sound.append(resource["name"])
    problems += _frictionless_problems(data_dir, descriptor, sound)
    problems += _row_rules(data_dir.name, descriptor, tables)
    problems += _charges_without_family(data_dir.name, descriptor, tables)
    problems += _torture_references(data_dir.name, descriptor, tables)
    problems += _conflict_references(data_dir.name, descriptor, tables)
    return sorted(set(problems), key=lambda p: (p.file, p.row or 0, p.column or "", p.rule))


def check(data_dir: str | Path) -> None:
    """Raise DataValidationError listing all problems, or return None when the data is valid."""
    problems = validate(data_dir)
    if problems:
        raise DataValidationError(problems)


# --- file structure: encoding, delimiter, header -------------------------------------------


def _read_structure(data_dir: Path, resource: dict) -> tuple[list[dict[str, str]] | None, list[Problem]]:
    """Decode a CSV and compare its header with the schema; return its rows as dicts."""
    path = data_dir / resource["path"]
    name = f"{data_dir.name}/{resource['path']}"
    expected = [field["name"] for field in resource["schema"]["fields"]]
    if not path.exists():
        return None, [Problem(name, None, None, None, "file is missing")]
    raw = path.read_bytes()
    try:
        # A byte-order mark (as spreadsheet programs write) is accepted and ignored.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(name, line, None, None, f"not UTF-8 text (byte {exc.start}); save the file as UTF-8")]
    if not text.strip():
        return None, [Problem(name, None, None, None, f"file is empty; it needs at least the header row: {','.join(expected)}")]
    records = list(csv.reader(io.StringIO(text, newline="")))
    header = records[0]
    if len(header) == 1 and any(sep in header[0] for sep in ";\t|"):
        sep = next(s for s in ";\t|" if s in header[0])
        return None, [Problem(name, 1, None, None, f"header is one column; the file looks {sep!r}-separated, but data files must be comma-separated")]
    problems = []
    for column in header:
        if column != column.strip():
            problems.append(Problem(name, 1, column, column, "column name has leading or trailing whitespace"))
    names = [c.strip() for c in header]
    for column in expected:
        if column not in names:
            problems.append(Problem(name, 1, column, None, "required column is missing"))
    for column in names:
        if column not in expected:
            problems.append(Problem(name, 1, column, None, f"unknown column; declare it in {DESCRIPTOR} or remove it"))
    if not problems and names != expected:
        problems.append(Problem(name, 1, None, ",".join(names), f"columns must be in the schema's order: {','.join(expected)}"))
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            problems.append(Problem(name, number, None, None, f"has {len(record)} cells, the header has {len(header)}"))
            continue
        row = dict(zip(names, record))
        row["__row__"] = number
        rows.append(row)
    return rows, problems


# --- Frictionless: types, enumerations, patterns, keys -------------------------------------


def _frictionless_problems(data_dir: Path, descriptor: dict, sound: list[str]) -> list[Problem]:
    """Validate the structurally sound resources; foreign keys into broken files are skipped."""
    if not sound:
        return []
    from frictionless import Package  # slow to import; only needed when there is data to check

    descriptor = copy.deepcopy(descriptor)
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] in sound]
    for resource in descriptor["resources"]:
        keys = resource["schema"].get("foreignKeys", [])
        resource["schema"]["foreignKeys"] = [
            k for k in keys if k["reference"]["resource"] in ("", *sound)
        ]
    package = Package(descriptor, basepath=str(data_dir))
    report = package.validate(limit_errors=10_000)
    problems = []
    by_name = {r["name"]: r for r in descriptor["resources"]}
    for task in report.tasks:
        file = f"{data_dir.name}/{by_name[task.name]['path']}"
        for error in task.errors:
            problems.append(_from_frictionless(file, by_name[task.name], error))
    return problems


def _from_frictionless(file: str, resource: dict, error) -> Problem:
    row = getattr(error, "row_number", None)
    column = getattr(error, "field_name", None)
    cell = getattr(error, "cell", None)
    kind = error.type
    if kind == "type-error":
        field = next(f for f in resource["schema"]["fields"] if f["name"] == column)
        rule = f"must be of type {field['type']}"
        if field["type"] == "boolean":
            rule += " (true or false)"
    elif kind == "constraint-error":
        rule = _constraint_rule(resource, column, error.note)
    elif kind in ("primary-key", "unique-error"):
        key = resource["schema"].get("primaryKey") or [column]
        rule = f"duplicate key ({', '.join(key)}): {error.note}"
    elif kind == "foreign-key":
        rule = f"dangling reference: {error.note}"
    else:
        rule = f"{kind}: {error.note}"
    return Problem(file, row, column, cell, rule)


def _constraint_rule(resource: dict, column: str, note: str) -> str:
    field = next(f for f in resource["schema"]["fields"] if f["name"] == column)
    constraints = field.get("constraints", {})
    if '"enum"' in note:
        return "must be one of: " + ", ".join(constraints["enum"])
    if '"required"' in note:
        return "is required and may not be empty"
    if '"pattern"' in note:
        if constraints["pattern"].startswith(r"^\d{4}"):
            return "must be a date written YYYY, YYYY-MM or YYYY-MM-DD"
        return f"must match the pattern {constraints['pattern']}"
    if '"minimum"' in note:
        return f"must be at least {constraints['minimum']}"
    return note


# --- rules the Table Schema cannot express --------------------------------------------------


def _number(value: str) -> float | None:
    try:
        return float(value) if value.strip() else None
    except ValueError:
        return None  # a type error the schema already reports


def _calendar_problem(value: str) -> str | None:
    """Pattern-valid dates can still be impossible (2012-02-30)."""
    if not value:
        return None
    parts = value.split("-")
    try:
        numbers = [int(p) for p in parts]
        dt.date(numbers[0], numbers[1] if len(numbers) > 1 else 1, numbers[2] if len(numbers) > 2 else 1)
    except (ValueError, IndexError):
        return "is not a calendar date"
    return None


def _row_rules(dir_name: str, descriptor: dict, tables: dict[str, list[dict[str, str]]]) -> list[Problem]:
    problems = []
    for resource in descriptor["resources"]:
        rows = tables.get(resource["name"])
        if rows is None:
            continue
        file = f"{dir_name}/{resource['path']}"
        date_fields = [
            f["name"] for f in resource["schema"]["fields"]
            if f.get("constraints", {}).get("pattern", "").startswith(r"^\d{4}")
        ]
        check = _TABLE_RULES.get(resource["name"])
        for row in rows:
            number = row["__row__"]
            for column, value in row.items():
                if column != "__row__" and value != value.strip():
                    problems.append(Problem(file, number, column, value, "has leading or trailing whitespace"))
            for column in date_fields:
                rule = _calendar_problem(row[column].strip())
                if rule and _looks_like_date(row[column].strip()):
                    problems.append(Problem(file, number, column, row[column], rule))
            if check:
                problems += [Problem(file, number, c, v, r) for c, v, r in check(row)]
        problems += _duplicate_rows(file, resource, rows)
    return problems


# Tables without a declared primary key still may not repeat the same fact twice.
_NATURAL_KEYS = {
    "sentences": ("case_id", "stage", "date", "outcome", "source_id"),
    "charges": ("case_id", "code", "article", "part", "label", "source_id"),
}


def _duplicate_rows(file: str, resource: dict, rows: list[dict[str, str]]) -> list[Problem]:
    key = _NATURAL_KEYS.get(resource["name"])
    if not key:
        return []
    seen: dict[tuple, int] = {}
    problems = []
    for row in rows:
        value = tuple(row[c].strip() for c in key)
        if value in seen:
            problems.append(Problem(file, row["__row__"], None, ",".join(value),
                                    f"repeats row {seen[value]} ({', '.join(key)})"))
        else:
            seen[value] = row["__row__"]
    return problems


def _charges_without_family(dir_name: str, descriptor: dict, tables: dict[str, list[dict[str, str]]]) -> list[Problem]:
    """Every article charged needs an offence family, or the charges chapter would silently drop it."""
    charges, families = tables.get("charges"), tables.get("offence_families")
    if charges is None or families is None:
        return []
    paths = {r["name"]: r["path"] for r in descriptor["resources"]}
    known = {(row["code"].strip(), row["article"].strip()) for row in families}
    return [
        Problem(f"{dir_name}/{paths['charges']}", row["__row__"], "article", row["article"],
                f"{row['code']} Art. {row['article'].strip()} has no row in {paths['offence_families']} (code, article)")
        for row in charges
        if row["article"].strip() and row["code"].strip() != "unknown"
        and (row["code"].strip(), row["article"].strip()) not in known
    ]


def _missing_references(file: str, rows: list[dict[str, str]], column: str, known: set[str], target: str,
                        *, many: bool = False) -> list[Problem]:
    """Each value of `column` (';'-separated with `many`) must name a row of `target`; the
    problem names the column, which a bare foreign-key error does not."""
    problems = []
    for row in rows:
        values = row[column].split(";") if many else [row[column]]
        for value in filter(None, (v.strip() for v in values)):
            if value not in known:
                problems.append(Problem(file, row["__row__"], column, value, f"names no row of {target}"))
    return problems


def _conflict_references(dir_name: str, descriptor: dict, tables: dict[str, list[dict[str, str]]]) -> list[Problem]:
    """A documented conflict names documents and claims that exist, and says what it is about."""
    conflicts = tables.get("conflicts")
    if conflicts is None:
        return []
    paths = {r["name"]: r["path"] for r in descriptor["resources"]}
    file = f"{dir_name}/{paths['conflicts']}"
    sources = {r["source_id"].strip() for r in tables.get("sources", [])}
    claims = {r["claim_id"].strip() for r in tables.get("casualty_estimates", [])}
    problems = (_missing_references(file, conflicts, "source_ids", sources, paths.get("sources", "sources"), many=True)
                + _missing_references(file, conflicts, "claim_ids", claims,
                                      paths.get("casualty_estimates", "casualty_estimates"), many=True))
    for row in conflicts:
        if not row["claim_ids"].strip() and not row["accounts"].strip():
            problems.append(Problem(file, row["__row__"], "accounts", "", "is required when claim_ids is empty"))
    return problems


def _torture_references(dir_name: str, descriptor: dict, tables: dict[str, list[dict[str, str]]]) -> list[Problem]:
    """A torture allegation names a case of cases.csv."""
    allegations, cases = tables.get("torture_allegations"), tables.get("cases")
    if allegations is None or cases is None:
        return []
    paths = {r["name"]: r["path"] for r in descriptor["resources"]}
    return _missing_references(f"{dir_name}/{paths['torture_allegations']}", allegations, "case_id",
                               {row["case_id"].strip() for row in cases}, paths["cases"])


def _looks_like_date(value: str) -> bool:
    return bool(re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value))


def _events_rules(row):
    start, end = row["start_date"].strip(), row["end_date"].strip()
    if start and end and _looks_like_date(start) and _looks_like_date(end) and end < start[: len(end)]:
        yield "end_date", end, f"is before start_date {start}"


def _sentences_rules(row):
    low, high, unit = _number(row["term_min"]), _number(row["term_max"]), row["term_unit"].strip()
    if (low is not None or high is not None) and not unit:
        yield "term_unit", unit, "is required when term_min or term_max is given (days, months or years)"
    if unit and low is None and high is None:
        yield "term_unit", unit, "is given but term_min and term_max are empty"
    if (low is None) != (high is None):
        missing = "term_max" if high is None else "term_min"
        yield missing, "", "must be given with the other bound (equal bounds for an exact term)"
    if low is not None and high is not None and low > high:
        yield "term_min", row["term_min"], f"is greater than term_max {row['term_max']}"


def _casualty_rules(row):
    low, high, qualifier = _number(row["low"]), _number(row["high"]), row["qualifier"].strip()
    if low is not None and high is not None and low > high:
        yield "low", row["low"], f"is greater than high {row['high']}"
    need = {
        "exact": (True, True), "approx": (True, True), "range": (True, True),
        "at_least": (True, False), "more_than": (True, False), "up_to": (False, True),
    }.get(qualifier)
    if need is None:
        return
    for column, value, wanted in (("low", low, need[0]), ("high", high, need[1])):
        if wanted and value is None:
            yield column, row[column], f"is required when qualifier is {qualifier}"
        if not wanted and value is not None:
            yield column, row[column], f"must be empty when qualifier is {qualifier} (the claim is open-ended)"
    if qualifier in ("exact", "approx") and low is not None and high is not None and low != high:
        yield "high", row["high"], f"must equal low when qualifier is {qualifier}"
    if qualifier == "range" and low is not None and high is not None and low == high:
        yield "high", row["high"], "must be greater than low when qualifier is range"


def _press_freedom_rules(row):
    rank, n_ranked = _number(row["rank"]), _number(row["n_ranked"])
    if rank is not None and n_ranked is not None and rank > n_ranked:
        yield "rank", row["rank"], f"is greater than n_ranked {row['n_ranked']}"


_TABLE_RULES = {
    "events": _events_rules,
    "sentences": _sentences_rules,
    "casualty_estimates": _casualty_rules,
    "press_freedom": _press_freedom_rules,
}
