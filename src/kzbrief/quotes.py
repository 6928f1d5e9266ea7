"""Quotes in a language the reader may not read: the briefing's translation first, the
document's own words beside it, marked as the briefing's translation ("translation ours").

The data keeps the quote as the document gives it and the translation in `quote_translation`
(validation asks for one when a quote is mostly in another script: checks/entities.py).
"""

from __future__ import annotations

import pandas as pd

# Letters that only some Cyrillic alphabets use tell the language apart well enough to label
# the original and set its lang attribute (for screen readers and hyphenation). Letters of the
# Turkic Cyrillic alphabets (ә, ғ, қ, ң, ө, ұ, ү, һ) mark a language the briefing does not name
# (the package names no country); the original is then just "original".
_TURKIC = set("әғқңөұүһӘҒҚҢӨҰҮҺ")
_UKRAINIAN = set("іїєґІЇЄҐ")
LANGUAGES = {"uk": "Ukrainian", "ru": "Russian"}


def language(text: str) -> str:
    """The language code of a Cyrillic quote: 'kk', 'uk' or 'ru' (the default)."""
    letters = set(str(text))
    if letters & _TURKIC:
        return "kk"
    if letters & _UKRAINIAN:
        return "uk"
    return "ru"


def _given(value) -> str | None:
    return None if value is None or pd.isna(value) or not str(value).strip() else str(value)


def translated(quote, translation) -> dict | None:
    """{'text', 'original', 'lang', 'language'} for a translated quote, else None."""
    quote, translation = _given(quote), _given(translation)
    if not (quote and translation):
        return None
    code = language(quote)
    return {"text": translation, "original": quote, "lang": code, "language": LANGUAGES.get(code, "")}


def as_text(quote, translation=None):
    """The document's words for a table cell: the translation, then the original, marked."""
    found = translated(quote, translation)
    if found is None:
        return quote
    original = f"{found['language']} original" if found["language"] else "original"
    return f"{found['text']} (translation ours; {original}: {found['original']})"
