"""Notebook parameters: read the defaults a notebook declares, parse and type-check overrides.

Overrides are typed like papermill's command line (`True`, `None`, `3`, `0.5`), and YAML
flow syntax gives lists (`-p events='[zhanaozen-2011, shetpe-2011]'`). Each override is
checked against the type of the notebook's default, so a typo fails before any kernel starts.
"""

from __future__ import annotations

import ast
from pathlib import Path

import papermill
import yaml


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
        return yaml.safe_load(text) if text.strip() else ""
    except yaml.YAMLError:
        return text


def parse_assignment(text: str) -> tuple[str, object]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise ParameterError(f"-p {text!r}: write parameters as name=value")
    return name.strip(), parse_value(value)


def coerce(name: str, value: object, default: object, notebook: str) -> object:
    """Return `value` converted to the type of `default`, or raise ParameterError."""
    if default is None or value is None:
        return value
    expected = type(default)
    if expected is bool:
        if isinstance(value, bool):
            return value
    elif expected is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif expected is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    elif expected is str:
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return str(value)
    elif expected in (list, tuple):
        if isinstance(value, (list, tuple)):
            return list(value)
    elif expected is dict:
        if isinstance(value, dict):
            return value
    example = " (e.g. -p " + name + "='[a, b]')" if expected in (list, tuple) else ""
    raise ParameterError(
        f"parameter {name!r} of {notebook} expects {expected.__name__}{example}, got {type(value).__name__} {value!r}"
    )


def resolve(defaults_by_notebook: dict[str, dict[str, object]], overrides: dict[str, object]) -> dict[str, dict[str, object]]:
    """Per notebook, the overrides it declares, type-checked. Unknown names are an error."""
    known = sorted({name for defaults in defaults_by_notebook.values() for name in defaults})
    unknown = [name for name in overrides if name not in known]
    if unknown:
        raise ParameterError(
            f"unknown parameter(s): {', '.join(unknown)}. Valid parameters: {', '.join(known) or '(none)'}"
        )
    resolved = {}
    for notebook, defaults in defaults_by_notebook.items():
        resolved[notebook] = {
            name: coerce(name, value, defaults[name], notebook)
            for name, value in overrides.items()
            if name in defaults
        }
    return resolved


def load_params_file(path: str | Path) -> dict[str, object]:
    try:
        content = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise ParameterError(f"parameters file {path} does not exist") from None
    except yaml.YAMLError as exc:
        raise ParameterError(f"parameters file {path} is not valid YAML: {exc}") from None
    if not isinstance(content, dict):
        raise ParameterError(f"parameters file {path} must hold a mapping of name: value")
    return content
