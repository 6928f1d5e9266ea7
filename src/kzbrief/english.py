"""Numbers, dates and lists in English words: plurals that agree with their counts, ordinals,
numbers and spans of numbers or years, dates as precise as the documents give them, and lists.

The one home of these helpers: every chapter writes '21–22', '1,083', '16 Dec 2011' and
'a, b and c' the same way because they all call the functions here.

A small local pluraliser instead of a general one: the briefing's nouns are its own (roles,
'person', 'country', 'document', 'edition'), so the regular rules and a short list of irregular
forms cover them, and every kernel is spared a second of importing a general inflection engine.
A noun of several words is pluralised in its last word ('police officer' -> 'police officers').
"""

from __future__ import annotations

import re

import pandas as pd

# Irregular forms, matched on the last word (or its ending, for the -man compounds).
_IRREGULAR = {
    "person": "people",
    "child": "children",
    "man": "men",
    "woman": "women",
    "criterion": "criteria",
    "medium": "media",
    "analysis": "analyses",
    "thesis": "theses",
    "index": "indexes",
}
# Words that are the same in both numbers.
_INVARIABLE = {"police", "personnel", "staff", "series", "data", "people", "sheep", "aircraft"}
_MAN = re.compile(r"(?<=[a-z])(wo)?man$")  # businessman, chairwoman, ombudsman
_NOT_MAN = {"german", "human", "roman", "shaman", "talisman", "caiman", "ottoman"}  # ...man, yet regular


def plural_noun(noun: str) -> str:
    """The plural of a singular English noun or noun phrase: 'event' -> 'events', 'country' ->
    'countries', 'person' -> 'people', 'businessman' -> 'businessmen', 'police officer' -> 'police officers'."""
    head, space, word = noun.rpartition(" ")
    return head + space + _plural_word(word) if word else noun


def _plural_word(word: str) -> str:
    lower = word.lower()
    if lower in _INVARIABLE:
        return word
    if lower in _IRREGULAR:
        return _same_case(word, _IRREGULAR[lower])
    if _MAN.search(lower) and lower not in _NOT_MAN:
        return word[:-2] + "en"
    if re.search(r"[^aeiou]y$", lower):
        return word[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", lower):
        return word + "es"
    return word + "s"


def _same_case(original: str, replacement: str) -> str:
    return replacement.capitalize() if original[:1].isupper() else replacement


def plural(noun: str, n: int) -> str:
    """The noun alone, agreeing with n: plural('person', 2) == 'people', plural('person', 1) == 'person'."""
    return noun if int(n) == 1 else plural_noun(noun)


def count(n: int, noun: str, plural_form: str | None = None) -> str:
    """'1 event', '3 events', '2 people', '3,400 people': a number (thousands separated) with its
    noun in agreement. `plural_form` overrides the rules for a phrase ('person was' / 'people were')."""
    n = int(n)
    return f"{n:,} {noun if n == 1 else (plural_form or plural_noun(noun))}"


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 102nd, 111th."""
    n = int(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def number(value: float) -> str:
    """'1,083', '7.5', '12': thousands separated, at most one decimal and none when whole (no
    figure more precise than its source; the casualty counts are whole numbers already)."""
    rounded = round(float(value), 1)
    return f"{rounded:,.0f}" if rounded == int(rounded) else f"{rounded:,.1f}"


def span(low: object, high: object) -> str:
    """'2011–2016' or '21–22' with an en dash; '2016' when both ends read the same: never
    '2016–2016'. The ends are shown as they are: format numbers with `number()` first (a year
    must not become '2,016')."""
    low, high = str(low), str(high)
    return low if low == high else f"{low}–{high}"


def from_to(first, last) -> str:
    """'from 2011 to 2016', or 'in 2016' for one year: never 'between 2016 and 2016'."""
    return f"in {first}" if str(first) == str(last) else f"from {first} to {last}"


_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def format_date(value: object) -> str:
    """'2011-12-16' -> '16 Dec 2011', '2011-12' -> 'Dec 2011', '2011' -> '2011'; a missing
    date -> ''. Dates are as precise as the document gives them, and say no more."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value) or value == "":
        return ""
    text = str(value)
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text)
    if not match:
        return text
    year, month, day = match.groups()
    if not month:
        return year
    shown = f"{_MONTHS[int(month) - 1]} {year}"
    return f"{int(day)} {shown}" if day else shown


# How many items a sentence names before it says "and 12 others": running text stays readable
# and does not grow with the data; tables (in the HTML edition and the data annex) hold every row.
LISTED = 3


def join_words(parts: list[str], limit: int | None = None, others: tuple[str, str] = ("other", "others")) -> str:
    """'a', 'a and b', 'a, b and c'; with `limit`, at most that many named, then 'and 1 other' or
    'and 7 others' (`others`: the phrase for one and for several)."""
    parts = [p for p in parts if p]
    if limit is not None and len(parts) > limit:
        parts = [*parts[:limit], count(len(parts) - limit, *others)]
    if len(parts) < 2:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]
