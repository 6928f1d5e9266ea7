"""The briefing's config: what a data folder is about, read from its `briefing.yml`.

The tables hold the facts; this file names the country, the title and publisher line, the
countries the press-freedom chapter compares it with, the index edition that documents
quote (checked against the index), and the names of the legal codes charges cite. Adapting
the briefing to another country or period means new tables and a new briefing.yml: no code
changes. The last year of the period is never configured: it follows the data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import paths, strict_yaml
from .checks.cells import text_problem
from .checks.problems import Problem, clip, in_folder
from .checks.sandbox import link_out_problem
from .domain import RSF_INDEX
from .markup import is_web_url

FILE_NAME = "briefing.yml"
_ISO3 = re.compile(r"[A-Z]{3}")
_CODE = re.compile(r"[A-Z][A-Z0-9-]{0,15}")
UNKNOWN_CODE = "unknown"  # a charge whose code no document gives


@dataclass(frozen=True)
class Reference:
    """An index edition that documents quote, so their ranks can be checked against it."""

    edition: str
    documents: tuple[str, ...]
    countries: tuple[str, ...]


@dataclass(frozen=True)
class Config:
    country: str
    iso3: str
    adjective: str
    title: str
    subtitle: str
    publisher: str
    first_year: int | None = None
    comparison_countries: tuple[str, ...] = ()
    reference: Reference | None = None
    legal_codes: dict[str, str] = field(default_factory=dict)
    # Where the briefing and its data annex are published (a web folder): the printed briefing
    # names it where it points to the annex. Empty: the annex is "published with this briefing".
    address: str = ""


# key: (type, required)
_KEYS = {
    "country": (dict, True),
    "title": (str, True),
    "subtitle": (str, True),
    "publisher": (str, True),
    "first_year": (int, False),
    "comparison_countries": (list, False),
    "reference": (dict, False),
    "legal_codes": (dict, False),
    "address": (str, False),
}
_COUNTRY_KEYS = {"name": str, "iso3": str, "adjective": str}
_REFERENCE_KEYS = {"edition": str, "documents": list, "countries": list}


class ConfigError(ValueError):
    """briefing.yml is missing or malformed; str() lists each problem on its own line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def path(data_dir: str | Path) -> Path:
    return paths.resolve_data_dir(data_dir) / FILE_NAME


def problems(data_dir: str | Path) -> list[Problem]:
    """Every problem of the data folder's briefing.yml (a missing file is one)."""
    return _read(Path(data_dir))[1]


def load(data_dir: str | Path = paths.DATA_DIR) -> Config:
    """The config of a data folder; ConfigError when briefing.yml is missing or malformed."""
    config, found = _read(paths.resolve_data_dir(data_dir))
    if found:
        raise ConfigError(found)
    return config


def _read(data_dir: Path) -> tuple[Config | None, list[Problem]]:
    file = data_dir / FILE_NAME
    label = in_folder(data_dir, FILE_NAME)

    def problem(key: str | None, rule: str, value=None) -> Problem:
        # Named as 'key "country.iso3", value "kz": ...': a config has keys, not rows and columns.
        where = (
            "" if key is None else f'key "{key}"' + ("" if value is None else f', value "{clip(str(value))}"') + ": "
        )
        return Problem(label, None, None, None, where + rule)

    outside = link_out_problem(data_dir, FILE_NAME, label)
    if outside:  # the data folder is a sandbox: a config from elsewhere is not the folder's
        return None, [outside]
    try:
        raw = strict_yaml.load(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, [
            problem(
                None,
                "missing: every data folder needs a briefing.yml naming its country, title and "
                "publisher (see docs/data-schema.md)",
            )
        ]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [problem(None, f"cannot be read: {exc}")]
    except yaml.reader.ReaderError as exc:  # a character YAML refuses (NUL, BEL...): one line, not YAML's two
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return None, [
            problem(None, f"contains the control character U+{code:04X} (character {exc.position + 1}); remove it")
        ]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        return None, [problem(None, f"is not valid YAML{where}: {getattr(exc, 'problem', None) or exc}")]
    if not isinstance(raw, dict):
        return None, [problem(None, "must be a mapping of keys (country:, title:, ...)")]
    found = [problem(key, f"unknown key; known keys: {', '.join(_KEYS)}") for key in raw if key not in _KEYS]
    for key, (kind, required) in _KEYS.items():
        if key not in raw or raw[key] is None:
            if required:
                found.append(problem(key, "missing"))
            continue
        if not isinstance(raw[key], kind) or (kind is int and isinstance(raw[key], bool)):
            found.append(problem(key, f"must be a {_type_name(kind)}", raw[key]))
        elif kind is str and not raw[key].strip():
            found.append(problem(key, "is empty"))
    if found:
        return None, found
    found += _check_mapping(raw["country"], _COUNTRY_KEYS, "country", problem, required=("name", "iso3"))
    found += _check_iso3([raw["country"].get("iso3")], "country.iso3", problem)
    found += _check_iso3(raw.get("comparison_countries") or [], "comparison_countries", problem)
    reference = raw.get("reference")
    if reference is not None:
        found += _check_mapping(reference, _REFERENCE_KEYS, "reference", problem, required=tuple(_REFERENCE_KEYS))
        found += _check_iso3(reference.get("countries") or [], "reference.countries", problem)
        if not all(isinstance(d, str) and d for d in reference.get("documents") or []):
            found.append(problem("reference.documents", "must be a list of source_id values from sources.csv"))
    codes = raw.get("legal_codes") or {}
    for code, name in codes.items():
        if not isinstance(code, str) or not _CODE.fullmatch(code) or code == UNKNOWN_CODE:
            found.append(problem("legal_codes", "a code is capital letters, digits and hyphens (e.g. CC-2014)", code))
        elif not isinstance(name, str) or not name.strip():
            found.append(problem(f"legal_codes.{code}", 'needs a name (e.g. "2014 Criminal Code")'))
    found += _text_problems(raw, problem)
    if raw.get("address") is not None and not is_web_url(raw["address"].strip()):
        found.append(problem("address", "must be a web address starting with http:// or https://", raw["address"]))
    year = raw.get("first_year")
    if year is not None and not 1900 <= year <= 2100:
        found.append(problem("first_year", "must be a year between 1900 and 2100", year))
    if found:
        return None, found
    country = raw["country"]
    return Config(
        country=country["name"].strip(),
        iso3=country["iso3"],
        adjective=(country.get("adjective") or "").strip(),
        title=raw["title"].strip(),
        subtitle=raw["subtitle"].strip(),
        publisher=raw["publisher"].strip(),
        first_year=year,
        comparison_countries=tuple(raw.get("comparison_countries") or ()),
        reference=None
        if reference is None
        else Reference(str(reference["edition"]), tuple(reference["documents"]), tuple(reference["countries"])),
        legal_codes={code: name.strip() for code, name in codes.items()},
        address=(raw.get("address") or "").strip(),
    ), []


# The longest a piece of text laid out on every page (title, subtitle, publisher, names) may be:
# a running header holds one line.
MAX_LAID_OUT = 200


def _text_problems(raw: dict, problem) -> list[Problem]:
    """The config's text through the tables' text rules (no control or direction characters, no
    line breaks, no spreadsheet formulas), and short enough to lay out."""
    texts = [(key, raw[key]) for key in ("title", "subtitle", "publisher", "address") if key in raw]
    texts += [(f"country.{key}", raw["country"].get(key)) for key in _COUNTRY_KEYS]
    texts += [(f"legal_codes.{code}", name) for code, name in (raw.get("legal_codes") or {}).items()]
    if isinstance(raw.get("reference"), dict):
        texts.append(("reference.edition", raw["reference"].get("edition")))
    found = []
    for key, value in texts:
        if not isinstance(value, str):
            continue
        rule = text_problem(key, value) or (
            f"is {len(value)} characters long; at most {MAX_LAID_OUT} fit where it is printed"
            if len(value) > MAX_LAID_OUT
            else None
        )
        if rule:
            found.append(problem(key, rule, value))
    return found


def _type_name(kind) -> str:
    return {dict: "mapping", list: "list", str: "text", int: "whole number"}[kind]


def _check_mapping(value: dict, keys: dict, prefix: str, problem, required: tuple[str, ...]) -> list[Problem]:
    found = [
        problem(f"{prefix}.{key}", f"unknown key; known keys: {', '.join(keys)}") for key in value if key not in keys
    ]
    for key, kind in keys.items():
        if value.get(key) is None:
            if key in required:
                found.append(problem(f"{prefix}.{key}", "missing"))
        elif not isinstance(value[key], kind):
            found.append(problem(f"{prefix}.{key}", f"must be a {_type_name(kind)}", value[key]))
    return found


def _check_iso3(codes, key: str, problem) -> list[Problem]:
    return [
        problem(key, "must be a three-letter ISO code in capitals (e.g. FRA)", code)
        for code in codes
        if not (isinstance(code, str) and _ISO3.fullmatch(code))
    ]


def data_problems(config: Config, data_dir: Path, tables: dict[str, list[dict[str, str]]]) -> list[Problem]:
    """The config checked against the tables: legal codes the charges cite, reference documents,
    and the countries and edition it names, which must be in press_freedom.csv (as the same
    values given as parameters must)."""
    label = in_folder(data_dir, FILE_NAME)
    press = tables.get("press_freedom") or []
    codes = {row.get("iso3") for row in press}
    editions = {row.get("edition") for row in press if row.get("index") == RSF_INDEX}
    named = [("comparison_countries", code) for code in config.comparison_countries]
    if config.reference:
        named += [("reference.countries", code) for code in config.reference.countries]
    found = [
        Problem(
            label, None, None, None, f'key "{key}", value "{clip(code)}": is not a country code in press_freedom.csv'
        )
        for key, code in named
        if press and code not in codes
    ]
    if press and config.reference and config.reference.edition not in editions:
        found.append(
            Problem(
                label,
                None,
                None,
                None,
                f'key "reference.edition", value "{clip(config.reference.edition)}": is not an RSF edition in '
                "press_freedom.csv",
            )
        )
    for table in ("charges", "offence_families"):
        for number, row in enumerate(tables.get(table) or [], start=2):
            code = row.get("code", "")
            if code and code != UNKNOWN_CODE and code not in config.legal_codes:
                found.append(
                    Problem(
                        in_folder(data_dir, f"{table}.csv"),
                        number,
                        "code",
                        code,
                        f"not a legal code named in {FILE_NAME} (legal_codes: "
                        f"{', '.join(config.legal_codes) or 'none'})",
                    )
                )
    if config.reference:
        known = {row.get("source_id") for row in tables.get("sources") or []}
        for document in config.reference.documents:
            if document not in known:
                found.append(
                    Problem(
                        in_folder(data_dir, FILE_NAME),
                        None,
                        None,
                        None,
                        f'key "reference.documents", value "{clip(document)}": is not a source_id in sources.csv',
                    )
                )
    return found


def countries(config: Config, focus_country: str = "", peers=None) -> tuple[str, list[str]]:
    """The focus country and the countries compared with it: the parameters when given, else the
    config's (an empty focus means the briefing's country; peers None means its comparison group)."""
    focus = focus_country or config.iso3
    compared = list(config.comparison_countries) if peers is None else list(peers)
    return focus, [code for code in compared if code != focus]


def quoted_ranks(config: Config, focus_country: str, edition: str = "", countries=None) -> Reference | None:
    """The index edition documents quote, to check against the index; None when no document in
    the data quotes one for the focus country (the reference is about the briefing's country)."""
    if config.reference is None or focus_country != config.iso3:
        return None
    return Reference(
        edition or config.reference.edition,
        config.reference.documents,
        tuple(config.reference.countries if countries is None else countries),
    )
