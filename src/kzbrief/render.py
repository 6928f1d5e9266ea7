"""What a notebook calls to print a chapter's words: a template, filled with the chapter's facts.

    text = render.Text(data_dir, tables["sources"])
    text("summary/bottom_line.md", facts, wrap="p.bottom-line")

Templates come from the briefing's own `templates/` folder first (beside briefing.yml), then
from the package (`kzbrief.words`). Templates get the chapter's `facts`, and two helpers that
make package HTML: `cite(fact_or_source_ids)` (linked bibliography numbers) and
`see("figure", name)` (a cross-reference the assembly numbers).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
from IPython.display import HTML

from . import paths
from .citations import bibliography_numbers, short_reference, source_html
from .facts import Fact, Facts
from .quotes import LANGUAGES
from .report import see
from .words import Html, Words, _data_text, _one_line

_WRAPPERS = {"p", "div", "section", "aside"}


class Text:
    """The wording of one briefing, for notebooks: `text(name, facts)` displays template `name`."""

    def __init__(self, data_dir: str | Path, sources: pd.DataFrame):
        self.words = Words(paths.resolve_data_dir(data_dir))
        self.sources = sources
        self._numbers = bibliography_numbers(sources)

    def html(self, name: str, facts: Facts | None = None, /, *, wrap: str = "", inline: bool = False, **context) -> str:
        """The template's HTML; `wrap` ("p.bottom-line", "div.know-grid") puts it in an element
        with that class; `inline` leaves out the paragraph (for a wrapped single paragraph)."""
        render = self.words.inline if inline else self.words.markdown
        body = render(
            name,
            facts=facts if facts is not None else Facts(),
            cite=self.cite,
            see=self.see,
            reference=self.reference,
            source_line=self.source_line,
            original=self.original,
            **context,
        )
        if not body or not wrap:
            return body
        tag, _, css_class = wrap.partition(".")
        if tag not in _WRAPPERS:
            raise ValueError(f"cannot wrap a template in <{tag}>")
        return f'<{tag} class="{html.escape(css_class)}">{body}</{tag}>'

    def __call__(self, name: str, facts: Facts | None = None, /, *, wrap: str = "", inline: bool = False, **context):
        return HTML(self.html(name, facts, wrap=wrap, inline=inline, **context))

    def caption(self, name: str, facts: Facts | None = None, /, **context) -> Html:
        """A figure's or table's caption worded by a template, for `report.figure`/`report.table`
        (one paragraph, no <p>)."""
        return Html(self.html(name, facts, inline=True, **context))

    def plain(self, name: str, facts: Facts | None = None, **context) -> str:
        """A template's words as plain text, for what takes no markup: a chart's title, an
        image's alt text (tags dropped, entities read back; the facts are not catalogued there)."""
        body = self.html(name, facts, inline=True, **context)
        return " ".join(html.unescape(re.sub(r"<[^>]+>", "", body)).split())

    def columns(self, *names: str, facts: Facts | None = None, **context):
        """Templates side by side (two short lists, say), each a column; a template that says
        nothing leaves no empty column."""
        parts = [self.html(name, facts, wrap="div.know-column", **context) for name in names]
        shown = [p for p in parts if p]
        return HTML('<div class="know-grid">' + "".join(shown) + "</div>" if shown else "")

    def cite(self, *items) -> Html:
        """' [1, 3]', linked to the Sources list, for a fact's sources or a list of source ids;
        several facts at once cite every document any of them rests on."""
        ids = [s for item in items for s in (item.sources if isinstance(item, Fact) else _source_ids(item))]
        numbers = sorted({self._numbers[s] for s in ids if s in self._numbers})
        if not numbers:
            return Html("")
        links = ", ".join(f'<a class="cite" href="#source-{n}">{n}</a>' for n in numbers)
        return Html(f" [{links}]")

    def reference(self, source_id: str) -> Html:
        """'Human Rights Watch (2022)': a document named as the text attributes a statement to it
        (an apparatus like a citation: its year is not a fact for the catalog)."""
        return Html(html.escape(short_reference(source_id, self.sources), quote=False))

    def source_line(self, source_ids) -> Html:
        """'Sources: Open Dialog Foundation (2012) [1]; ...': a source line, numbers linked to the
        Sources list, as under a figure or table."""
        return Html(source_html(_source_ids(source_ids), self.sources))

    @staticmethod
    def original(quote: str, lang: str) -> Html:
        """A translated quote's original words, on a smaller line of their own under the briefing's
        translation, marked with their language (screen readers, hyphenation)."""
        name = f"{LANGUAGES[lang]} original" if lang in LANGUAGES else "Original"
        words = _data_text(_one_line(str(quote)))
        return Html(f' <br><small class="original" lang="{html.escape(lang)}">{name}: “{words}”</small>')

    @staticmethod
    def see(kind: str, name: str) -> Html:
        return Html(see(kind, name))


def _source_ids(item) -> list[str]:
    if isinstance(item, str):
        return [item]
    if isinstance(item, Iterable):
        return [s for s in item if isinstance(s, str)]
    return []
