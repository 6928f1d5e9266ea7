"""The briefing's words: Markdown templates, filled with computed facts.

A template is Markdown with Jinja2 expressions (`{{ facts.named_people | count("person") }}`).
Rendering takes three steps, so that a value from the data can never become markup:

1. Jinja2 renders the template; every `{{ ... }}` becomes an opaque placeholder;
2. the author's Markdown, placeholders and all, becomes HTML;
3. each placeholder is replaced by its value, HTML-escaped (a fact inside a
   `<span class="fact">` that the build lists in the facts catalog).

Templates are looked up first in the briefing's own `templates/` folder (beside `briefing.yml`),
then in the package's generic `prose/` folder, so an editor can rewrite any text of one
briefing, and a country that writes none gets the generic wording. A number typed into a
template is refused (`typed_numbers`): numbers are always references to facts, except in a
quotation, a date or a list's numbering.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
import mistune
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from . import domain, english
from .facts import Fact, Missing

PACKAGE_TEMPLATES = Path(__file__).with_name("prose")
TEMPLATES_FOLDER = "templates"  # in the briefing's folder, beside briefing.yml

# Private-use characters: no template or validated data value contains them (tables refuse them).
_OPEN, _CLOSE = "\ue000", "\ue001"
_PLACEHOLDER = re.compile(f"{_OPEN}(\\d+){_CLOSE}")


class TemplateProblem(ValueError):
    """A template cannot be used: a typed number, a syntax error, or a fact it prints is missing."""


@dataclass(frozen=True)
class Printed:
    """A value as a template prints it: its text, the fact behind it (if any) and whether the text
    is markup the package made (a citation link), not text to escape."""

    text: str
    fact: Fact | None = None
    markup: bool = False


# --- filters: one helper each for numbers, counts, ordinals, spans and dates ---------------------


def _value(item):
    return item.value if isinstance(item, Fact) else item


def _printed(item, text: str) -> Printed:
    return Printed(text, item if isinstance(item, Fact) else None)


def number(item) -> Printed:
    value = _value(item)
    if isinstance(value, tuple):
        return span(item)
    return _printed(item, english.number(value))


def count(item, noun: str, plural_form: str | None = None) -> Printed:
    """'3 people', '1,205 convictions': the number and its noun, pluralised."""
    return _printed(item, english.count(_value(item), noun, plural_form))


def noun(item, singular: str, plural_form: str | None = None) -> str:
    """The noun alone, in the number the fact asks for ('was'/'were' style agreement)."""
    n = _value(item)
    n = n[1] if isinstance(n, tuple) else n
    if n == 1:
        return singular
    return plural_form or english.plural_noun(singular)


def ordinal(item) -> Printed:
    return _printed(item, english.ordinal(_value(item)))


def span(item) -> Printed:
    """'70–100', or '17' when both ends are the same."""
    value = _value(item)
    low, high = value if isinstance(value, tuple) else (value, value)
    return _printed(item, english.span(*(english.number(v) if _is_number(v) else v for v in (low, high))))


def between(item, capital: bool = False) -> Printed:
    """'between 12 and 35' ('Between ...' to open a sentence), or '7' when both ends are the same."""
    value = _value(item)
    low, high = (english.number(v) for v in (value if isinstance(value, tuple) else (value, value)))
    if low == high:
        return _printed(item, low)
    return _printed(item, f"{'B' if capital else 'b'}etween {low} and {high}")


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def date(item) -> Printed:
    return _printed(item, english.format_date(_value(item)))


def on_date(item) -> Printed:
    """'on 1 Feb 2021' for a day, 'in Jul 2021' or 'in 2016' for a month or a year."""
    shown = english.format_date(_value(item))
    day = bool(re.match(r"\d{1,2} ", shown))
    return _printed(item, f"{'on' if day else 'in'} {shown}")


class Html(Markup):
    """HTML the package made (a citation link, a cross-reference): inserted after the Markdown is
    rendered, as it is. Plain `Markup` is the template's own text (a macro's output), which goes
    through Markdown like the rest of the template."""


def _pair(first, last) -> tuple[object, Fact]:
    sources = tuple(dict.fromkeys((*getattr(first, "sources", ()), *getattr(last, "sources", ()))))
    what = " to ".join(dict.fromkeys(x.what for x in (first, last) if isinstance(x, Fact)))
    return Fact((_value(first), _value(last)), sources, what)


def span_to(first, last) -> Printed:
    """'2011–2016' (or '2016' when both are the same) from two facts."""
    pair = _pair(first, last)
    return Printed(english.span(*pair.value), pair)


def from_to(first, last) -> Printed:
    """'from 2011 to 2016', or 'in 2016' for one year."""
    pair = _pair(first, last)
    return Printed(english.from_to(*pair.value), pair)


def apply(item, function):
    """`items | map("apply", a_macro)`: each item worded by a macro of the template."""
    return function(item)


# Words for the data's codes (domain.py holds them once), as templates read them:
# `codes.outcome_phrases["custodial"]` -> "sent to prison".
CODE_WORDS = {
    "response_bodies": domain.RESPONSE_BODIES,
    "response_verbs": domain.RESPONSE_VERBS,
    "outcome_phrases": domain.OUTCOME_PHRASES,
    "outcome_labels": domain.OUTCOME_LABELS,
    "metric_labels": domain.METRIC_LABELS,
    "plea_labels": domain.PLEA_LABELS,
    "claimant_types": domain.CLAIMANT_TYPE_LABELS,
    "source_types": domain.SOURCE_TYPE_LABELS,
    "rsf_method_names": domain.RSF_METHOD_NAMES,
    "rsf_method_labels": domain.RSF_METHOD_LABELS,
}

FILTERS = {
    "apply": apply,
    "number": number,
    "count": count,
    "noun": noun,
    "ordinal": ordinal,
    "span": span,
    "between": between,
    "date": date,
    "on_date": on_date,
    "span_to": span_to,
    "from_to": from_to,
}


# --- templates -----------------------------------------------------------------------------------

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
)
# What a typed digit may be: a date or year, a list's numbering, or inside a quotation.
_ALLOWED_DIGITS = re.compile(
    rf"\b\d{{1,2}} {_MONTH}(?: (?:19|20)\d\d)?\b"  # 16 December 2011, 21 May
    rf"|\b{_MONTH} \d{{1,2}}, (?:19|20)\d\d\b"  # December 16, 2011
    r"|\b(?:19|20)\d\d(?:[–-](?:19|20)?\d\d)?s?\b"  # 2011, 2011–2012, 1990s
    r"|^[ \t]*\d{1,2}[.)][ \t]"  # ordered-list numbering
    r"|“[^”]*”|\"[^\"\n]*\"",  # quotations
    re.MULTILINE,
)


def typed_number_positions(source: str) -> list[tuple[int, str]]:
    """(line, number) for every number typed into the template's own text (outside `{{ }}`,
    `{% %}` and comments) that is not a date, a year, a list's numbering or part of a quotation.
    Raises jinja2.TemplateSyntaxError for a template Jinja cannot read."""
    found = []
    environment = jinja2.Environment()
    environment.parse(source)  # a syntax error is the first problem
    for line, kind, text in environment.lex(source):
        if kind != "data":
            continue
        kept = _ALLOWED_DIGITS.sub(lambda m: " " * len(m.group()), text)
        for match in re.finditer(r"\d[\d,.]*", kept):
            found.append((line + text.count("\n", 0, match.start()), match.group().rstrip(",.")))
    return found


TYPED_NUMBER = (
    "the number {number!r} is typed into the text; print a computed fact instead ({{{{ facts.… }}}}), "
    "so that it follows the data"
)


def typed_numbers(source: str, name: str = "<template>") -> list[str]:
    """typed_number_positions as one-line problems: 'name, line N: the number '17' is typed ...'."""
    try:
        found = typed_number_positions(source)
    except jinja2.TemplateSyntaxError as exc:
        return [f"{name}, line {exc.lineno}: {exc.message}"]
    return [f"{name}, line {line}: " + TYPED_NUMBER.format(number=number) for line, number in found]


class _CheckedLoader(jinja2.FileSystemLoader):
    """Templates from folders, each refused if it types a number or is a link leading out of its
    folder (a briefing's folder is read like its data: nothing outside it)."""

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        for folder in self.searchpath:
            root = Path(folder).resolve()
            if Path(filename).is_relative_to(Path(folder)) and not Path(filename).resolve().is_relative_to(root):
                raise TemplateProblem(f"{filename}: the template is a link to a file outside {folder}")
        problems = typed_numbers(source, filename)
        if problems:
            raise TemplateProblem(problems[0])
        return source, filename, uptodate


def _template_folders(briefing_dir: Path | None) -> list[str]:
    folders = []
    if briefing_dir is not None and (Path(briefing_dir) / TEMPLATES_FOLDER).is_dir():
        folders.append(str(Path(briefing_dir) / TEMPLATES_FOLDER))
    folders.append(str(PACKAGE_TEMPLATES))
    return folders


_markdown = mistune.create_markdown(escape=True)


class Words:
    """The wording of one briefing: `render(name, **context)` gives the HTML of template `name`
    (e.g. "summary/bottom_line.md"), with the briefing's own version if it has one."""

    def __init__(self, briefing_dir: Path | str | None = None):
        self.env = SandboxedEnvironment(
            loader=_CheckedLoader(_template_folders(Path(briefing_dir) if briefing_dir else None)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            finalize=self._hold,
        )
        self.env.filters.update(FILTERS, listing=self.listing)
        self.env.globals["listing"] = self.listing
        self.env.globals["codes"] = CODE_WORDS
        # A data value must never reach the Markdown: nothing may mark it as safe.
        del self.env.filters["safe"]
        self._held: list = []

    def _hold(self, value):
        """Jinja's finalize: a value is kept aside and a placeholder printed in its place; the
        template's own text (a macro's output, already holding placeholders) stays in the text."""
        if isinstance(value, Missing):
            raise TemplateProblem(f"the template prints {value.name}, which this selection of the data does not hold")
        if isinstance(value, Markup) and not isinstance(value, Html):
            return value
        self._held.append(value)
        return Markup(f"{_OPEN}{len(self._held) - 1}{_CLOSE}")

    def listing(self, items, limit: int | None = None, others: str = "other") -> Markup:
        """'a, b and c': parts (a macro's text, a fact, a data value) joined in English; with `limit`,
        'a, b and 3 others', the 3 a fact like any number printed."""
        parts = [self._hold(item) for item in items]
        if limit is not None and len(parts) > limit:
            rest = len(parts) - limit
            counted = Printed(english.count(rest, others), Fact(rest, what=f"{english.plural_noun(others)} not listed"))
            parts = [*parts[:limit], self._hold(counted)]
        return Markup(english.join_words([str(p) for p in parts]))

    def markdown(self, name: str, /, **context) -> str:
        """Template `name` rendered to HTML (a fragment); empty when the template says nothing."""
        self._held = []
        try:
            text = self.env.get_template(name).render(**context)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateProblem(f"{exc.filename or name}, line {exc.lineno}: {exc.message}") from None
        except jinja2.UndefinedError as exc:
            raise TemplateProblem(f"{name}: {exc.message}") from None
        if not text.strip():
            return ""
        held = self._held
        rendered = _markdown(text)
        # A held value may be package HTML holding placeholders of its own (a citation around a
        # fact): substitute until none is left. Data text cannot hold one (_one_line drops them).
        while _PLACEHOLDER.search(rendered):
            rendered = _PLACEHOLDER.sub(lambda m: _inserted(held[int(m.group(1))]), rendered)
        return rendered.strip()

    def inline(self, name: str, /, **context) -> str:
        """Like `markdown`, for a template of one paragraph used inside other markup: without <p>."""
        rendered = self.markdown(name, **context)
        return re.sub(r"^<p>(.*)</p>$", r"\1", rendered, flags=re.DOTALL)

    def exists(self, name: str) -> bool:
        try:
            self.env.loader.get_source(self.env, name)
        except jinja2.TemplateNotFound:
            return False
        return True


def _inserted(value) -> str:
    if isinstance(value, Markup):
        return str(value)
    if isinstance(value, Fact):
        if value.shown is not None:
            value = Printed(value.shown, value)
        elif _is_number(value.value) or isinstance(value.value, tuple):
            value = number(value)
        else:  # a name or a label: data text, not a number for the catalog
            value = Printed(str(value.value))
    if isinstance(value, Printed):
        if value.markup:
            return value.text
        text = _one_line(value.text)
        if value.fact is None:
            return _data_text(text)
        return fact_span(text, value.fact)
    return _data_text(_one_line(str(value)))


def _data_text(text_html: str) -> str:
    """Text from the data (a name, a quotation, a call for action). One that holds a number
    ("Article 164", "5–7 years") is marked too, so the catalog lists every number printed, this one
    as the data words it."""
    if not re.search(r"\d", text_html):
        return text_html
    return fact_span(text_html, Fact(html.unescape(text_html), what="as the data words it"))


def _one_line(text: str) -> str:
    text = text.replace(_OPEN, "").replace(_CLOSE, "")
    return html.escape(re.sub(r"\s+", " ", text), quote=False)


def fact_span(text_html: str, fact: Fact) -> str:
    """The printed number, marked for the facts catalog (the build numbers the spans and lists
    them with their value, sentence, page and sources)."""
    value = [_json_number(v) for v in fact.value] if isinstance(fact.value, tuple) else _json_number(fact.value)
    return (
        f'<span class="fact" data-what="{html.escape(fact.what)}" '
        f'data-value="{html.escape(json.dumps(value, ensure_ascii=False))}" '
        f'data-sources="{html.escape(" ".join(fact.sources))}">{text_html}</span>'
    )


def _json_number(value):
    """An open bound ("at least 17" has no upper one) is null in the catalog, not Infinity."""
    return None if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))) else value
