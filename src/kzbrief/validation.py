"""Validate a data folder against the package's schema and the rules it cannot express.

Per-cell rules the Table Schema can hold (types, enumerations, patterns, bounds, keys,
foreign keys) are declared in the package's Frictionless descriptor
(`kzbrief/schema/datapackage.json`, copied byte for byte to data/datapackage.json), so
outside tools check the same data. The modules of `kzbrief.checks` add what the schema
cannot say (files, cells, rules across fields and tables, raw RSF files).

Every problem becomes one `Problem` naming file, row (as numbered in the file, header = 1),
column, value and rule; all problems are collected before reporting, one per cell.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

from .checks import cells, identity, rules
from .checks.files import data_dir_problem, read_structure
from .checks.problems import DataValidationError, Problem, format_problems, in_folder
from .checks.rsf_files import rsf_problems
from .checks.schema import DESCRIPTOR, effective_descriptor, package_descriptor
from .checks.templates import template_problems

__all__ = [
    "DESCRIPTOR",
    "DataValidationError",
    "Problem",
    "check",
    "format_problems",
    "package_descriptor",
    "read_descriptor",
    "validate",
]


def read_descriptor(data_dir: str | Path) -> dict:
    """The schema `data_dir` is checked against: the package's tables plus any it adds."""
    return effective_descriptor(Path(data_dir))[0]


def validate(data_dir: str | Path, *, today: dt.date | None = None) -> list[Problem]:
    """Return every problem found in `data_dir` (empty list = valid)."""
    data_dir = Path(data_dir)
    unusable = data_dir_problem(data_dir)
    if unusable:
        return [unusable]
    descriptor, problems = effective_descriptor(data_dir)
    tables: dict[str, list[dict[str, str]]] = {}
    for resource in descriptor["resources"]:
        rows, structural = read_structure(data_dir, resource)
        problems += structural
        if rows is not None and not structural:
            tables[resource["name"]] = rows
    labels = {r["name"]: in_folder(data_dir, r["path"]) for r in descriptor["resources"]}
    today = today or dt.date.today()
    cell_problems = _cell_problems(descriptor, tables, labels, today)
    flagged = {(p.file, p.row, p.column) for p in cell_problems}
    problems += cell_problems
    schema_problems = [
        p
        for p in _frictionless_problems(data_dir, descriptor, list(tables))
        if (p.file, p.row, p.column) not in flagged
    ]
    problems += schema_problems
    # One line per cell: a row rule says nothing more about a cell already reported.
    flagged |= {(p.file, p.row, p.column) for p in schema_problems}
    problems += _row_rules(descriptor, tables, labels, flagged)
    for rule in rules.CROSS_TABLE_RULES:
        problems += [p for p in rule(labels, tables) if (p.file, p.row, p.column) not in flagged]
    problems += rsf_problems(data_dir, today, tables.get("press_freedom"))
    problems += template_problems(data_dir)
    # The config's countries are checked against press_freedom.csv only when its rows are valid:
    # a broken row is one problem, not a second one in briefing.yml.
    broken = {p.file for p in problems}
    problems += config_problems(
        data_dir,
        {name: rows for name, rows in tables.items() if not (name == "press_freedom" and labels.get(name) in broken)},
    )
    return sorted(set(problems), key=lambda p: (p.file, p.row or 0, p.column or "", p.rule))


def config_problems(data_dir: Path, tables: dict[str, list[dict[str, str]]]) -> list[Problem]:
    """briefing.yml on its own, then against the tables (the legal codes charges cite...)."""
    from . import config

    data_dir = Path(data_dir).resolve()  # as given (from the working directory), like the tables
    found = config.problems(data_dir)
    return found or config.data_problems(config.load(data_dir), data_dir, tables)


def check(data_dir: str | Path) -> None:
    """Raise DataValidationError listing all problems, or return None when the data is valid."""
    problems = validate(data_dir)
    if problems:
        raise DataValidationError(problems)


# --- one cell at a time ---------------------------------------------------------------------


def _cell_problems(descriptor: dict, tables, labels: dict[str, str], today: dt.date) -> list[Problem]:
    """At most one problem per cell: hygiene first, then form (numbers, dates, spaces)."""
    problems = []
    for resource in descriptor["resources"]:
        rows = tables.get(resource["name"])
        if rows is None:
            continue
        fields = resource["schema"]["fields"]
        dates = {f["name"] for f in fields if f.get("constraints", {}).get("pattern", "").startswith(r"^\d{4}")}
        for row in rows:
            for field in fields:
                column, value = field["name"], row[field["name"]]
                rule = (
                    cells.text_problem(column, value)
                    or cells.whitespace_problem(value)
                    or cells.number_problem(field["type"], value)
                    or (cells.date_problem(value, today) if column in dates else None)
                )
                if rule:
                    problems.append(Problem(labels[resource["name"]], row["__row__"], column, value, rule))
    return problems


# --- Frictionless: types, enumerations, patterns, bounds, keys ------------------------------


def _frictionless_problems(data_dir: Path, descriptor: dict, sound: list[str]) -> list[Problem]:
    """Validate the structurally sound resources; foreign keys into broken files are skipped."""
    if not sound:
        return []
    from frictionless import FrictionlessException, Package  # slow to import; only needed with data

    descriptor = copy.deepcopy(descriptor)
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] in sound]
    for resource in descriptor["resources"]:
        keys = resource["schema"].get("foreignKeys", [])
        resource["schema"]["foreignKeys"] = [k for k in keys if k["reference"]["resource"] in ("", *sound)]
    try:
        report = Package(descriptor, basepath=str(data_dir)).validate(limit_errors=10_000)
    except (FrictionlessException, ValueError, TypeError) as exc:
        return [
            Problem(
                in_folder(data_dir, DESCRIPTOR),
                None,
                None,
                None,
                f"the tables could not be checked against the schema: {' '.join(str(exc).split())}",
            )
        ]
    problems = []
    by_name = {r["name"]: r for r in descriptor["resources"]}
    for task in report.tasks:
        file = in_folder(data_dir, by_name[task.name]["path"])
        problems += [_from_frictionless(file, by_name[task.name], error) for error in task.errors]
    return problems


def _from_frictionless(file: str, resource: dict, error) -> Problem:
    row = getattr(error, "row_number", None)
    column = getattr(error, "field_name", None)
    cell = getattr(error, "cell", None)
    kind = error.type
    if kind == "type-error":
        field = _field(resource, column)
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


def _field(resource: dict, column: str) -> dict:
    return next(f for f in resource["schema"]["fields"] if f["name"] == column)


def _constraint_rule(resource: dict, column: str, note: str) -> str:
    constraints = _field(resource, column).get("constraints", {})
    if '"enum"' in note:
        return "must be one of: " + ", ".join(map(str, constraints["enum"])) + " (exactly, in lower case)"
    if '"required"' in note:
        return "is required and may not be empty"
    if '"pattern"' in note:
        pattern = constraints["pattern"]
        if pattern.startswith(r"^\d{4}"):
            return "must be a date written YYYY, YYYY-MM or YYYY-MM-DD"
        if pattern.startswith("^https?://"):
            return "must be a web address starting with http:// or https:// (or empty)"
        return f"must match the pattern {pattern}"
    if '"minimum"' in note:
        return f"must be at least {constraints['minimum']}"
    if '"maximum"' in note:
        return f"must be at most {constraints['maximum']}"
    if '"maxLength"' in note:
        return f"is longer than {constraints['maxLength']} characters"
    return note


# --- rules across the fields of a row -------------------------------------------------------


def _row_rules(descriptor: dict, tables, labels: dict[str, str], flagged: set) -> list[Problem]:
    problems = []
    for resource in descriptor["resources"]:
        name = resource["name"]
        rows = tables.get(name)
        if rows is None:
            continue
        row_rule = rules.ROW_RULES.get(name)
        for row in rows if row_rule else []:
            problems += [
                Problem(labels[name], row["__row__"], column, value, rule)
                for column, value, rule in row_rule(row)
                if (labels[name], row["__row__"], column) not in flagged
            ]
        problems += rules.duplicate_rows(labels[name], name, rows)
        # A cell a row rule reported neither votes for its edition's value nor is reported twice.
        reported = flagged | {(p.file, p.row, p.column) for p in problems}
        problems += identity.table_problems(labels[name], resource, rows, reported)
    return problems
