"""Notebook parameters: read the defaults a notebook declares, parse and type-check overrides.

Overrides are typed like papermill's command line (`True`, `None`, `3`, `0.5`), and YAML
flow syntax gives lists (`-p events='[event-a, event-b]'`). Each override is
checked against the type of the notebook's default, so a typo fails before any kernel starts.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import papermill
import yaml

from .. import config, paths, strict_yaml
from ..checks.problems import clip
from ..domain import CLAIMANT_TYPES, METRIC_LABELS
from ..rsf_import import rsf_rows


class ParameterError(ValueError):
    """A parameter override that no notebook accepts, or of the wrong type."""


def notebook_defaults(path: str | Path) -> dict[str, object]:
    """The parameters a notebook declares in its `parameters` cell, with their default values."""
    declared = papermill.inspect_notebook(str(path))
    defaults = {}
    for name, info in declared.items():
        try:
            defaults[name] = ast.literal_eval(info["default"])
        except (ValueError, SyntaxError):
            raise ParameterError(
                f"{Path(path).name}: the default of parameter {name!r} ({info['default']}) is not a literal; "
                "parameters cells may only hold literals so overrides can be type-checked"
            ) from None
    return defaults


def parse_value(text: str) -> object:
    """Type a command-line value like papermill does, plus YAML lists and mappings."""
    if text == "None":
        return None
    if text in ("True", "False"):
        return text == "True"
    try:
        return strict_yaml.load(text) if text.strip() else ""
    except strict_yaml.AliasRefused as exc:
        raise ParameterError(f"{exc.problem} (line {exc.problem_mark.line + 1} of the value)") from None
    except yaml.YAMLError:
        return text


def parse_assignment(text: str) -> tuple[str, object]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise ParameterError(f"-p {clip(text)!r}: write parameters as name=value")
    try:
        return name.strip(), parse_value(value)
    except ParameterError as exc:
        raise ParameterError(f"-p {clip(name.strip())}: {exc}") from None


# The values each type of default accepts, and how they are converted.
_ACCEPTED = {
    bool: (bool,),
    int: (int,),
    float: (int, float),
    str: (str, int, float),
    list: (list, tuple),
    tuple: (list, tuple),
    dict: (dict,),
}
_CONVERTED = {float: float, str: str, list: list, tuple: list}
# Parameters whose default is None ("not set": the period's open end, briefing.yml's countries)
# still have a type when they are set.
TYPES_WHEN_SET = {"start_year": int, "end_year": int, "peers": list, "reference_countries": list}


def coerce(name: str, value: object, default: object, notebook: str) -> object:
    """Return `value` converted to the type of `default` (or, for a default of None, the type
    TYPES_WHEN_SET gives), or raise ParameterError. None is always accepted: "not set"."""
    expected = type(default) if default is not None else TYPES_WHEN_SET.get(name)
    if value is None or expected is None:
        return value
    # A bool is an int to Python, never to a parameter: True is not a year.
    if isinstance(value, _ACCEPTED.get(expected, ())) and (expected is bool or not isinstance(value, bool)):
        return _CONVERTED.get(expected, lambda given: given)(value)
    example = " (e.g. -p " + name + "='[a, b]')" if expected in (list, tuple) else ""
    raise ParameterError(
        f"parameter {name!r} of {notebook} expects {expected.__name__}{example}, got {type(value).__name__} {value!r}"
    )


# Parameters the build sets itself, and the option that sets them: an override would be ignored.
SET_BY_THE_BUILD = {"data_dir": "--data-dir", "figures_dir": "--figures-dir"}


def resolve(
    defaults_by_notebook: dict[str, dict[str, object]], overrides: dict[str, object]
) -> dict[str, dict[str, object]]:
    """Per notebook, the overrides it declares, type-checked. Unknown names are an error, and so
    are the parameters the build sets itself (SET_BY_THE_BUILD)."""
    set_by_build = [name for name in overrides if name in SET_BY_THE_BUILD]
    if set_by_build:
        raise ParameterError(
            "; ".join(f"parameter {n} is set by the build, not by -p: use {SET_BY_THE_BUILD[n]}" for n in set_by_build)
        )
    known = sorted({name for defaults in defaults_by_notebook.values() for name in defaults})
    unknown = [name for name in overrides if name not in known]
    if unknown:
        raise ParameterError(
            f"unknown parameter(s): {', '.join(unknown)}. Valid parameters: {', '.join(known) or '(none)'}"
        )
    resolved = {}
    for notebook, defaults in defaults_by_notebook.items():
        resolved[notebook] = {
            name: coerce(name, value, defaults[name], notebook) for name, value in overrides.items() if name in defaults
        }
    return resolved


def load_params_file(path: str | Path) -> dict[str, object]:
    try:
        content = strict_yaml.load(Path(path).read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise ParameterError(f"parameters file {path} does not exist") from None
    except yaml.YAMLError as exc:
        raise ParameterError(f"parameters file {path} is not valid YAML: {exc}") from None
    if not isinstance(content, dict):
        raise ParameterError(f"parameters file {path} must hold a mapping of name: value")
    return content


# Parameters whose values name things in the data; each is checked against the tables before any
# kernel starts, so a typo is one line on the console instead of a traceback from a notebook.
TERM_UNITS = ("years", "months")  # what 01_sentencing and 04_case_profiles accept


def check_run_values(runs, data_dir: str | Path) -> None:
    """Check the overridden parameter values of planned runs (objects with `source` and
    `parameters`) against the data in `data_dir`; raise ParameterError, one line per problem."""
    overrides: dict[str, object] = {}
    defaults: dict[str, object] = {}
    for run in runs:
        overrides.update({k: v for k, v in run.parameters.items() if k not in ("data_dir", "figures_dir")})
        defaults = notebook_defaults(run.source) | defaults
    if not overrides:
        return
    from ..datasets import load_all

    check_values(overrides, defaults, load_all(data_dir, validate=False), Path(data_dir))


def check_values(overrides: dict[str, object], defaults: dict[str, object], tables: dict, data_dir: Path) -> None:
    """Raise ParameterError naming every override whose value does not exist in the data
    (country codes, event ids, editions), is not one of its values (metrics, claimant types,
    term unit) or is out of range (years, counts, folders). `defaults` fill in the parameters
    an override is compared with (start_year with end_year)."""
    effective = defaults | overrides
    checks = _checks()
    problems = []
    for name, value in overrides.items():
        if (
            value is None
            or (value == "" and name in ("focus_country", "reference_edition"))
            or name not in checks
            or (name == "end_year" and "start_year" in overrides and _year_in_range(value))
        ):
            continue  # None or "": the notebook's own "not set" (briefing.yml's); both years: one line for their order
        problem = _list_length(value) or checks[name](value, effective, tables, data_dir)
        if problem:
            problems.append(f"parameter {name}: {problem}")
    if problems:
        raise ParameterError("\n".join(problems))


# The most items a list parameter may name (press_freedom.csv ranks at most 200 countries): a
# list of 20,000 once kept a kernel past its cell timeout. Checked before the items are.
MAX_LIST_ITEMS = 200
# A country code as press_freedom.csv writes it (the schema's iso3 pattern).
_COUNTRY_CODE = re.compile(r"[A-Z][A-Z0-9_]{2,4}")


def _list_length(value) -> str | None:
    if isinstance(value, list) and len(value) > MAX_LIST_ITEMS:
        return f"lists {len(value)} items; at most {MAX_LIST_ITEMS}"
    return None


def _quoted(values, shown: int = 5) -> str:
    """The first few values, each clipped: a message stays one readable line however long the list."""
    quoted = ", ".join(f'"{clip(str(v))}"' for v in values[:shown])
    return quoted + (f" and {len(values) - shown} more" if len(values) > shown else "")


def _codes(tables) -> list[str]:
    return sorted(tables["press_freedom"]["iso3"].dropna().astype(str).unique())


def _focus_country(value, effective, tables, data_dir):
    """A code the index knows; a period without an edition for it is a valid, empty selection
    (the chapter says so in one sentence)."""
    codes = _codes(tables)
    if value not in codes:
        return f'"{value}" is not a country code in press_freedom.csv; codes present: {", ".join(codes)}'
    return None


def _country_list(value, effective, tables, data_dir):
    malformed = [v for v in value if not (isinstance(v, str) and _COUNTRY_CODE.fullmatch(v))]
    if malformed:
        return f"{_quoted(malformed)} not country code(s): a code is 3 to 5 capital letters, digits or _ (ISO3)"
    codes = _codes(tables)
    unknown = [v for v in value if v not in codes]
    if unknown:
        return f"{_quoted(unknown)} not country code(s) in press_freedom.csv; codes present: {', '.join(codes)}"
    return None


def _reference_edition(value, effective, tables, data_dir):
    rsf = rsf_rows(tables["press_freedom"])  # the chapter checks RSF's ranks
    editions = list(dict.fromkeys(rsf.sort_values("year")["edition"].astype(str)))
    if value not in editions:
        return f'"{value}" is not an edition in press_freedom.csv; editions present: {", ".join(editions)}'
    return None


def _events(value, effective, tables, data_dir):
    ids = list(tables["events"]["event_id"].astype(str))
    unknown = [v for v in value if v not in ids]
    if unknown:
        return f"{_quoted(unknown)} not event_id(s) in events.csv; event ids present: {', '.join(ids)}"
    return None


def _one_of(allowed, what: str):
    def check(value, effective, tables, data_dir):
        unknown = [v for v in value if v not in allowed]
        if unknown:
            return f"{_quoted(unknown)} not {what}(s); {what}s: {', '.join(allowed)}"
        return None

    return check


def _term_unit(value, effective, tables, data_dir):
    return None if value in TERM_UNITS else f'"{value}" is not a term unit; write {" or ".join(TERM_UNITS)}'


# The years a period may name: a bound on the work a selection asks for (a year of twenty digits
# once made a kernel build lists of that many years), far wider than any data.
YEARS = (1900, 2100)
# The most people or calls a count parameter may ask to be listed.
MAX_COUNT = 1000


def _year_in_range(value) -> bool:
    return YEARS[0] <= value <= YEARS[1]


def _year_order(value, effective, tables, data_dir):
    if not _year_in_range(value):
        return f"{clip(str(value))} is not a year from {YEARS[0]} to {YEARS[1]}"
    start, end = effective.get("start_year"), effective.get("end_year")
    if start is None and isinstance(end, int):  # unset: the briefing's first_year, as the notebooks take it
        start = _first_year(data_dir)
    if isinstance(start, int) and isinstance(end, int) and start > end:
        return f"start_year {start} is after end_year {end}"
    return None


def _first_year(data_dir: Path) -> int | None:
    try:
        return config.load(data_dir).first_year
    except config.ConfigError:
        return None  # briefing.yml's own problems are reported by validation


def _count(value, effective, tables, data_dir):
    if value < 0:
        return f"{clip(str(value))} is negative; give 0 or more"
    return f"{clip(str(value))} is more than {MAX_COUNT}" if value > MAX_COUNT else None


def _rsf_folder(value, effective, tables, data_dir):
    """A folder of official RSF files: it exists, and its files pass the checks `validate`
    applies to the data folder's own raw/rsf/ (which `validate` cannot see when it is elsewhere)."""
    from ..checks.rsf_files import curated_labels, official_files_problems

    folder = paths.resolve_data_dir(value) if value else Path()  # relative: from the project, as it is read
    if value and not folder.is_dir():
        return f'"{value}" is not a folder' + (" (it is a file)" if folder.exists() else " (it does not exist)")
    labels = curated_labels(tables["press_freedom"].astype(str).to_dict("records"))
    problems = official_files_problems(folder, labels=labels) if value else []
    if problems:
        return f'"{value}" holds official RSF files with problems:\n' + "\n".join(f"  {p}" for p in problems)
    return None


def _checks() -> dict:
    return {
        "focus_country": _focus_country,
        "peers": _country_list,
        "reference_countries": _country_list,
        "reference_edition": _reference_edition,
        "events": _events,
        "metrics": _one_of(list(METRIC_LABELS), "metric"),
        "claimant_types": _one_of(list(CLAIMANT_TYPES), "claimant type"),
        "term_unit": _term_unit,
        "start_year": _year_order,
        "end_year": _year_order,
        "n_profiles": _count,
        "max_asks": _count,
        "raw_rsf_dir": _rsf_folder,
    }
