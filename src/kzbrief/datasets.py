"""Load the tables of a data folder as typed pandas DataFrames.

Column types come from the package's schema (kzbrief/schema/datapackage.json, the copy in
data/ is identical), so one descriptor is the contract for the validator, the loaders and
outside tools. Numbers are parsed with the validator's own rules, so whatever `validate`
accepts loads. Loading validates first by default: analyses never run on data that breaks
the rules.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import paths
from .validation import check, read_descriptor
from .checks.cells import parse_integer, parse_number

# Table Schema type -> pandas nullable dtype (empty cells become <NA>, never 0 or "").
_DTYPES = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean"}

TABLES = ("sources", "events", "cases", "sentences", "charges", "offence_families", "casualty_estimates",
          "press_freedom", "recommendations", "torture_allegations", "conflicts")


def load_table(name: str, data_dir: str | Path = paths.DATA_DIR, *, validate: bool = True) -> pd.DataFrame:
    """Return one table of `data_dir` with the dtypes its schema declares."""
    data_dir = Path(data_dir)
    if validate:
        check(data_dir)
    resource = _resource(data_dir, name)
    fields = resource["schema"]["fields"]
    frame = pd.read_csv(
        data_dir / resource["path"],
        dtype=str,
        keep_default_na=False,
        encoding="utf-8-sig",
    )
    for field in fields:
        frame[field["name"]] = _typed(frame[field["name"]], field["type"])
    return frame


def _typed(cells: pd.Series, kind: str) -> pd.Series:
    """One column as its schema type; numbers with exactly the rules validate applies."""
    if kind == "integer":
        return cells.map(parse_integer).astype("Int64")
    if kind == "number":
        return cells.map(parse_number).astype("Float64")
    column = cells.replace("", pd.NA)
    if kind == "boolean":
        column = column.map({"true": True, "false": False}, na_action="ignore")
    return column.astype(_DTYPES.get(kind, "string"))


def load_all(data_dir: str | Path = paths.DATA_DIR, *, validate: bool = True) -> dict[str, pd.DataFrame]:
    """Every table of the data folder, validated once."""
    if validate:
        check(data_dir)
    return {name: load_table(name, data_dir, validate=False) for name in TABLES}


def _resource(data_dir: Path, name: str) -> dict:
    for resource in read_descriptor(data_dir)["resources"]:
        if resource["name"] == name:
            return resource
    raise KeyError(f"{name!r} is not a table of {data_dir}; tables: {', '.join(TABLES)}")


def _loader(name: str):
    def load(data_dir: str | Path = paths.DATA_DIR, *, validate: bool = True) -> pd.DataFrame:
        return load_table(name, data_dir, validate=validate)

    load.__name__ = load.__qualname__ = f"load_{name}"
    load.__doc__ = f"The {name} table of `data_dir`, typed; validates the folder first unless validate=False."
    return load


load_sources = _loader("sources")
load_events = _loader("events")
load_cases = _loader("cases")
load_sentences = _loader("sentences")
load_charges = _loader("charges")
load_offence_families = _loader("offence_families")
load_casualty_estimates = _loader("casualty_estimates")
load_press_freedom = _loader("press_freedom")
load_recommendations = _loader("recommendations")
load_torture_allegations = _loader("torture_allegations")
load_conflicts = _loader("conflicts")
