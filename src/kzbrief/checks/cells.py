"""Rules for one cell at a time: numbers as the loader parses them, text hygiene, dates.

Frictionless accepts `INF`, `NaN`, `1e400`, `1_7`, `+5`, Arabic-Indic and full-width digits
and integers of any size; pandas would then load them as something else or fail. Numbers
are therefore checked here with the exact rules `parse_integer`/`parse_number` apply when
loading.
"""

from __future__ import annotations

import datetime as dt
import re

INT64_MAX = 2**63 - 1
MAX_CELL_CHARACTERS = 5000
# Dates before this are typing errors (the oldest background event is from 1970).
EARLIEST_YEAR = 1950
# Columns of prose where a line break is part of the text; anywhere else it would break
# a table row or a list item in the briefing.
MULTILINE_COLUMNS = frozenset({"notes", "description", "accounts"})

_INTEGER = re.compile(r"-?[0-9]+")
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")
# C0 controls (tab and line breaks handled separately), DEL, C1 controls, a stray byte-order mark.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff]")
# Invisible direction marks, embeddings, overrides and isolates: they reorder the printed text
# (a name or a number can read backwards) while the cell looks right in an editor.
_DIRECTION = re.compile(r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Emoji: the pictograph blocks of plane 1 (faces, symbols, transport, regional-indicator flags),
# the emoji-presentation selector and the keycap mark. A build showed the print's fonts (DejaVu)
# draw most of them as empty boxes (fire, flags, raised fist) and figures warn of missing glyphs.
_EMOJI = re.compile(r"[\U0001f000-\U0001faff\ufe0f\u20e3]")
_LINE_BREAK = re.compile(r"[\r\n\u2028\u2029]")

INTEGER_RULE = "must be a whole number written with the digits 0-9 (e.g. 17), without sign +, spaces or separators"
NUMBER_RULE = (
    "must be a number written with the digits 0-9 and a decimal point (e.g. 2.5), "
    "without exponent, sign + or separators"
)


def parse_integer(value: str) -> int | None:
    """The loader's integer: ASCII digits, optional minus, within int64; '' is missing."""
    return None if value == "" else int(_well_formed("integer", value))


def parse_number(value: str) -> float | None:
    """The loader's number: ASCII digits with an optional decimal point; '' is missing."""
    return None if value == "" else float(_well_formed("number", value))


def _well_formed(kind: str, value: str) -> str:
    """`value` itself when `number_problem` accepts it: the loader and validate share one rule."""
    rule = number_problem(kind, value)
    if rule:
        raise ValueError(f"{value!r} {rule}")
    return value


def number_or_none(value: str) -> float | None:
    """A number for the cross-field rules; None when empty or malformed (reported elsewhere)."""
    try:
        return parse_number(value.strip())
    except ValueError:
        return None


def number_problem(kind: str, value: str) -> str | None:
    if value == "":
        return None
    if kind == "integer":
        if not _INTEGER.fullmatch(value):
            return INTEGER_RULE
        if abs(int(value)) > INT64_MAX:
            return "is too large to be a count"
    elif kind == "number" and not _NUMBER.fullmatch(value):
        return NUMBER_RULE
    return None


def unprintable_problem(value: str) -> str | None:
    """Characters the print cannot show as typed: controls, invisible direction marks, emoji."""
    found = _CONTROL.search(value)
    if found:
        return f"contains the control character U+{ord(found.group()):04X}; remove it"
    found = _DIRECTION.search(value)
    if found:
        code = f"U+{ord(found.group()):04X}"
        return f"contains the control character {code}; remove it (an invisible direction mark: it reorders the print)"
    found = _EMOJI.search(value)
    if found:
        return f"contains the emoji U+{ord(found.group()):04X}, which the printed briefing cannot show; use words"
    return None


def text_problem(column: str, value: str) -> str | None:
    """Control characters never; line breaks only in prose columns; no spreadsheet formulas."""
    unprintable = unprintable_problem(value)
    if unprintable:
        return unprintable
    if column not in MULTILINE_COLUMNS and _LINE_BREAK.search(value):
        return f"contains a line break; only {', '.join(sorted(MULTILINE_COLUMNS))} may span lines"
    if len(value) > MAX_CELL_CHARACTERS:
        return f"is {len(value)} characters long; a cell holds at most {MAX_CELL_CHARACTERS}"
    formula = _FORMULA_START.match(value)
    if formula:
        return f'starts with "{formula.group(1)}", which spreadsheet programs run as a formula; rephrase it'
    return None


# What spreadsheet programs read as the start of a formula: "=", "@", and "+" or "-" unless the
# whole cell is a plain number (a score of -10 is a number; "-2+cmd|..." is a formula).
_FORMULA_START = re.compile(r"([=@]|[+-](?![\d.]+$))")


def whitespace_problem(value: str) -> str | None:
    return "has leading or trailing whitespace" if value != value.strip() else None


def looks_like_date(value: str) -> bool:
    return bool(_DATE.fullmatch(value))


def date_problem(value: str, today: dt.date) -> str | None:
    """A YYYY[-MM[-DD]] value that is a real date, not before EARLIEST_YEAR, not in the future."""
    if not looks_like_date(value):
        return None  # the schema's pattern reports the form
    parts = [int(p) for p in value.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return "is not a calendar date"
    if parts[0] < EARLIEST_YEAR:
        return f"is before {EARLIEST_YEAR}, the earliest year the data covers"
    if value > today.isoformat()[: len(value)]:
        return f"is in the future (today is {today.isoformat()})"
    return None


def date_after(first: str, second: str) -> bool:
    """True when date `first` is certainly after `second`, compared at the coarser precision."""
    if not (looks_like_date(first) and looks_like_date(second)):
        return False
    width = min(len(first), len(second))
    return first[:width] > second[:width]
