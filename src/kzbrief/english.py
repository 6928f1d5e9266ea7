"""Numbers in English words: plurals that agree with their counts, and ordinals.

A small local pluraliser instead of a general one: the briefing's nouns are its own (roles,
'person', 'country', 'document', 'edition'), so the regular rules and a short list of irregular
forms cover them, and every kernel is spared a second of importing a general inflection engine.
A noun of several words is pluralised in its last word ('police officer' -> 'police officers').
"""

from __future__ import annotations

import re

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
