"""Load the tables of a data folder as typed pandas DataFrames.

Column types come from the package's schema (kzbrief/schema/datapackage.json, the copy in
data/ is identical), so one descriptor is the contract for the validator, the loaders and
outside tools. Numbers are parsed with the validator's own rules, so whatever `validate`
accepts loads. Loading validates first by default: analyses never run on data that breaks
the rules. In a kernel the build started, data the build has just validated (and that has not
changed since) is not validated a second time (kzbrief.digests).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import claimants, inputs, paths
from .checks.cells import parse_integer, parse_number
from .checks.problems import DataValidationError, in_folder
from .checks.sandbox import link_out_problem
from .checks.schema import optional_tables, package_descriptor
from .digests import validated_by_build
from .validation import check, read_descriptor

# Table Schema type -> pandas nullable dtype (empty cells become <NA>, never 0 or "").
_DTYPES = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean"}

TABLES = (
    "sources",
    "events",
    "cases",
    "sentences",
    "charges",
    "offence_families",
    "casualty_estimates",
    "claimants",
    "statuses",
    "publishers",
    "press_freedom",
    "recommendations",
    "torture_allegations",
    "conflicts",
)


def load_table(name: str, data_dir: str | Path = paths.DATA_DIR, *, validate: bool = True) -> pd.DataFrame:
    """Return one table of `data_dir` with the dtypes its schema declares."""
    data_dir = paths.resolve_data_dir(data_dir)
    if validate and not validated_by_build(data_dir):
        check(data_dir)
    file, frame = _read(name, data_dir)
    inputs.note("table", file)
    if name == "casualty_estimates":  # claims name bodies (kzbrief.claimants)
        claimants_file, claimants_frame = _read("claimants", data_dir)
        inputs.note("table", claimants_file)
        frame = claimants.resolve(frame, claimants_frame)
    return frame


def _read(name: str, data_dir: Path) -> tuple[Path, pd.DataFrame]:
    """(file, typed frame) of one table; reading is not noted as an input (the callers decide)."""
    resource = _resource(data_dir, name)
    file = data_dir / resource["path"]
    if resource.get("absent"):  # an optional table the folder does not have: no rows
        return file, pd.DataFrame({f["name"]: pd.Series(dtype=_DTYPES.get(f["type"], "string")) for f in _fields(name)})
    # The sandbox holds without validation too (validate=False): no table is read from elsewhere.
    outside = link_out_problem(data_dir, resource["path"], in_folder(data_dir, resource["path"]))
    if outside:
        raise DataValidationError([outside])
    frame = pd.read_csv(file, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    for field in resource["schema"]["fields"]:
        frame[field["name"]] = _typed(frame[field["name"]], field["type"])
    # An optional column the file does not have reads as empty cells, in the schema's order.
    for field in _fields(name):
        if field["name"] not in frame.columns:
            frame[field["name"]] = pd.Series(pd.NA, index=frame.index, dtype=_DTYPES.get(field["type"], "string"))
    order = [f["name"] for f in _fields(name)]
    return file, frame[order + [c for c in frame.columns if c not in order]]


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


def official_files_dir(data_dir: str | Path, raw_rsf_dir: str | Path = "") -> Path:
    """The folder of official RSF yearly files a notebook merges: `raw_rsf_dir` when given,
    else data_dir/raw/rsf (relative paths are taken from the project folder)."""
    return paths.resolve_data_dir(raw_rsf_dir) if raw_rsf_dir else paths.resolve_data_dir(data_dir) / "raw" / "rsf"


class Tables(dict):
    """The tables of a data folder by name. Each table is noted as an input of the running
    notebook when it is first looked up (not when loaded), so the build's cache knows which
    tables a notebook's results depend on."""

    def __init__(self, frames: dict[str, pd.DataFrame], files: dict[str, Path]):
        super().__init__(frames)
        self._files, self._noted = files, set()

    # A table whose rows another one rewrites when loading: looking up the first reads both.
    _READS_ALSO = {"casualty_estimates": "claimants"}

    def _note(self, name) -> None:
        if name in self._files and name not in self._noted:
            self._noted.add(name)
            inputs.note("table", self._files[name])
        if name in self._READS_ALSO:
            self._note(self._READS_ALSO[name])

    def __getitem__(self, name):
        self._note(name)
        return super().__getitem__(name)

    def get(self, name, default=None):
        self._note(name)
        return super().get(name, default)

    def _note_all(self) -> None:
        for name in self._files:
            self._note(name)

    def __iter__(self):
        self._note_all()
        return super().__iter__()

    def keys(self):
        self._note_all()
        return super().keys()

    def values(self):
        self._note_all()
        return super().values()

    def items(self):
        self._note_all()
        return super().items()

    def copy(self):
        self._note_all()
        return dict(super().items())


def load_all(data_dir: str | Path = paths.DATA_DIR, *, validate: bool = True) -> Tables:
    """Every table of the data folder, validated once. A relative `data_dir` is taken from the
    project folder, so notebooks run from anywhere read the same data."""
    data_dir = paths.resolve_data_dir(data_dir)
    if validate and not validated_by_build(data_dir):
        check(data_dir)
    read = {name: _read(name, data_dir) for name in TABLES}  # loading is not using: Tables notes lookups
    frames = {name: frame for name, (_, frame) in read.items()}
    frames["casualty_estimates"] = claimants.resolve(frames["casualty_estimates"], frames["claimants"])
    _fill_defaults(frames)
    files = {name: file for name, (file, _) in read.items()}  # an absent optional table too: adding it re-runs
    return Tables(frames, files)


def _fill_defaults(frames: dict[str, pd.DataFrame]) -> None:
    """The documented meaning of an empty optional cell, written in, so the analyses never
    guess it: a case is its own person's only proceeding; a claim counts everyone."""
    cases, claims = frames["cases"], frames["casualty_estimates"]
    cases["person_id"] = cases["person_id"].fillna(cases["case_id"])
    claims["counted"] = claims["counted"].fillna("all")


def _fields(name: str) -> list[dict]:
    """The package's fields of a project table (a folder's own table: none)."""
    resource = next((r for r in package_descriptor()["resources"] if r["name"] == name), None)
    return resource["schema"]["fields"] if resource else []


def _resource(data_dir: Path, name: str) -> dict:
    for resource in read_descriptor(data_dir)["resources"]:
        if resource["name"] == name:
            return resource
    if name in optional_tables():
        resource = next(r for r in package_descriptor()["resources"] if r["name"] == name)
        return {**resource, "absent": True}
    raise KeyError(f"{name!r} is not a table of {data_dir}; tables: {', '.join(TABLES)}")
