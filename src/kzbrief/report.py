"""What notebooks display besides the templates' words (`kzbrief.render`): figures and tables
with their source lines, and the cross-references that point at them.

Everything that comes from the data is HTML-escaped here, so a defendant's name can never
become markup in the briefing.
"""

from __future__ import annotations

import base64
import io
import re
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML
from markupsafe import Markup

from .citations import source_html
from .markup import escape
from .plots import legibility


def see(kind: str, name: str) -> str:
    """'Figure 3' or 'Table 2': the number is filled in when the chapters are assembled,
    since it depends on everything before it. `name` is the one given to figure() or table()."""
    prefix = {"figure": "fig", "table": "tab"}[kind]
    return f'<a class="xref" href="#{prefix}-{escape(name)}">{kind}</a>'


def _svg_bytes(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def save_figure(fig, name: str, figures_dir: str | Path | None) -> bytes:
    """Write figures_dir/name.svg and name.png (200 dpi); return the SVG bytes. An empty
    `figures_dir` writes no file: a notebook run by hand shows its charts inline and leaves
    the project's figures/ alone."""
    svg = _svg_bytes(fig)
    if not figures_dir:
        return svg
    figures_dir = Path(figures_dir)
    figures_dir.mkdir(parents=True, exist_ok=True)
    (figures_dir / f"{name}.svg").write_bytes(svg)
    fig.savefig(figures_dir / f"{name}.png", format="png", dpi=200, metadata={"Software": None})
    return svg


def _caption(caption) -> str:
    """A caption: text is escaped; a caption worded by a template (`Text.caption`, Markup holding
    its facts' spans, already escaped) is used as it is."""
    return str(caption) if isinstance(caption, Markup) else escape(caption)


# Below this viewport width a figure shows its narrow drawing (the CSS block "Figures" of
# briefing.css and tests/test_phone_charts.py use the same width).
NARROW_VIEWPORT_PX = 600


def _data_uri(fig) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(_svg_bytes(fig)).decode("ascii")


def figure(
    fig, name: str, *, caption: str, alt: str, source_ids, sources: pd.DataFrame, figures_dir, narrow=None
) -> HTML:
    """Save a matplotlib figure and return it as a captioned, sourced HTML figure.

    `narrow`: the same chart drawn for a phone (the chart function's `narrow=True`), shown
    instead of `fig` on screens narrower than NARROW_VIEWPORT_PX through <picture>; print and
    wider screens show `fig` (WeasyPrint draws the <img>). One alt text serves both.

    Overlapping labels and text under 7 pt at print size are warned about: the build reports
    the warning on the console (the briefing stays clean), and the chart tests fail on it."""
    for drawn, which in ((fig, ""), (narrow, " (narrow)")):
        unreadable = legibility.problems(drawn) if drawn is not None else []
        if unreadable:
            warnings.warn(f"figure {name}{which}: " + "; ".join(unreadable), stacklevel=2)
    svg = save_figure(fig, name, figures_dir)
    plt.close(fig)
    data = base64.b64encode(svg).decode("ascii")
    image = f'<img src="data:image/svg+xml;base64,{data}" alt="{escape(alt)}">'
    if narrow is not None:
        phone = _data_uri(narrow)
        plt.close(narrow)
        image = f'<picture><source media="(max-width: {NARROW_VIEWPORT_PX}px)" srcset="{phone}">{image}</picture>'
    return HTML(
        f'<figure class="briefing-figure" id="fig-{escape(name)}">'
        f"{image}"
        f"<figcaption>{_caption(caption)}</figcaption>"
        f'<p class="source-line">{source_html(source_ids, sources)}</p>'
        "</figure>"
    )


# A table of at most SHORT_TABLE_ROWS rows and SHORT_TABLE_CHARACTERS characters fits on a page
# and is kept on one; longer ones may break between rows (the header row repeats). Tables of more
# than LONG_TABLE_ROWS rows are not printed: the PDF points to the data annex instead, so a
# chapter's length does not grow with the data (the HTML edition keeps them in place).
SHORT_TABLE_ROWS = 15
LONG_TABLE_ROWS = SHORT_TABLE_ROWS
SHORT_TABLE_CHARACTERS = 1200


def table(
    frame: pd.DataFrame,
    *,
    caption: str,
    source_ids,
    sources: pd.DataFrame,
    name: str = "",
    appendix: bool | None = None,
    highlight_column: str | None = None,
    highlight_rows=None,
) -> HTML:
    """A captioned table with header cells; every cell is escaped.

    Columns whose values are all numbers (or number ranges such as '3–7', '1,083') are
    right-aligned. `highlight_column` / `highlight_rows` (a boolean sequence) set the focus
    country's column or rows in bold. `appendix=True` (or any table over LONG_TABLE_ROWS rows)
    is left out of the printed briefing when the chapters are assembled, with a pointer to the
    data annex sheet holding the full list (pipeline/annex.py's TABLE_SHEETS, by `name`).
    """
    internal = [c for c in frame.columns if c in INTERNAL_COLUMNS]
    if internal:
        raise ValueError(
            f"table {name or caption!r} shows internal id column(s) {internal}: cite with citations.cite()"
        )
    # Counts that became floats on the way (a column with gaps) read as counts: 41, not 41.0.
    frame = frame.apply(lambda c: c.astype("Int64") if _whole_floats(c) else c)
    # Missing values read as a dash, not pandas' "<NA>".
    shown = frame.astype(object).where(frame.notna(), "–")
    numeric = {i for i, column in enumerate(shown.columns) if _is_numeric_column(shown[column])}
    focus = list(shown.columns).index(highlight_column) if highlight_column in shown.columns else None
    rows_marked = list(highlight_rows) if highlight_rows is not None else [False] * len(shown)
    html_table = _table_html(shown, numeric, focus, rows_marked, _row_sources(source_ids, len(shown)))
    anchor = f' id="tab-{escape(name)}"' if name else ""
    classes = ["briefing-table-block"]
    if appendix or (appendix is None and len(frame) > LONG_TABLE_ROWS):
        classes.append("appendix")
    elif len(frame) <= SHORT_TABLE_ROWS and int(shown.astype(str).map(len).to_numpy().sum()) <= SHORT_TABLE_CHARACTERS:
        classes.append("short")
    return HTML(
        f'<div class="{" ".join(classes)}"{anchor}>'
        f'<p class="table-caption">{_caption(caption)}</p>{html_table}'
        f'<p class="source-line">{source_html(source_ids, sources)}</p></div>'
    )


# A run of more than LONG_WORD characters without a space (an address, a hostile value) gets a
# break opportunity every WORD_PIECE characters: a table column is as wide as its longest word,
# and such a word would push the table off the page. Ordinary words are left whole.
LONG_WORD, WORD_PIECE = 30, 20
_LONG_WORD = re.compile(rf"\S{{{LONG_WORD + 1},}}")


def _cell_text(value: object) -> str:
    """A cell's value, escaped, with <wbr> inside words longer than LONG_WORD characters."""
    text, pieces, last = str(value), [], 0
    for word in _LONG_WORD.finditer(text):
        pieces.append(escape(text[last : word.start()]))
        token = word.group()
        pieces.append("<wbr>".join(escape(token[i : i + WORD_PIECE]) for i in range(0, len(token), WORD_PIECE)))
        last = word.end()
    pieces.append(escape(text[last:]))
    return "".join(pieces)


def _row_sources(source_ids, rows: int) -> list[str]:
    """Each row's source ids, space-separated, when `source_ids` gives them per row (a column of
    ids or of id lists); otherwise every row rests on all of them."""
    given = list(source_ids) if source_ids is not None else []

    def ids(item) -> list[str]:
        if isinstance(item, str):
            return [item]
        return [i for i in item if isinstance(i, str)] if isinstance(item, list | tuple | set) else []

    if len(given) == rows:
        return [" ".join(dict.fromkeys(ids(item))) for item in given]
    everything = " ".join(dict.fromkeys(i for item in given for i in ids(item)))
    return [everything] * rows


# A cell that is only citation numbers ("[1, 3]") is an apparatus, not a number to catalog.
_CITATION_CELL = re.compile(r"^\[[\d,–\s]+\]$")


def _fact_cell(value: object, sources: str) -> str:
    """A cell's HTML; one holding a number is marked for the facts catalog with its row's sources."""
    text = _cell_text(value)
    plain = str(value)
    if not any(c.isdigit() for c in plain) or _CITATION_CELL.match(plain):
        return text
    return f'<span class="fact" data-sources="{escape(sources)}">{text}</span>'


def _table_html(
    shown: pd.DataFrame, numeric: set[int], focus: int | None, rows_marked: list, row_sources: list[str]
) -> str:
    """The <table>: header cells, then one row per record, every cell escaped and naming its
    column (data-label); numeric columns and the focus column carry their classes; a cell with a
    number is marked for the facts catalog. Written directly (linear in the cells): a table of
    thousands of rows is built in a blink."""

    def attributes(i: int) -> str:
        classes = (["num"] if i in numeric else []) + (["focus"] if i == focus else [])
        return f' class="{" ".join(classes)}"' if classes else ""

    heads = [attributes(i) for i in range(len(shown.columns))]
    head = "".join(f"<th{heads[i]}>{_cell_text(column)}</th>" for i, column in enumerate(shown.columns))
    # Each cell names its column: on a phone a row is shown as a card, the name before the value.
    cells = [f'{heads[i]} data-label="{escape(column)}"' for i, column in enumerate(shown.columns)]
    body = []
    for marked, sources, record in zip(rows_marked, row_sources, shown.itertuples(index=False, name=None)):
        row = "".join(f"<td{cells[i]}>{_fact_cell(value, sources)}</td>" for i, value in enumerate(record))
        body.append(f'<tr class="focus">{row}</tr>' if marked else f"<tr>{row}</tr>")
    return f'<table class="briefing-table"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


# Internal keys of the data tables: readers see bibliography numbers and names instead.
INTERNAL_COLUMNS = {"source_id", "source_ids", "claim_id", "claim_ids", "case_id", "event_id", "cited_in"}
_NUMBER = re.compile(r"^[−-]?[\d,.]+(?:\s?[–-]\s?[\d,.]+)?%?$")


def _whole_floats(values: pd.Series) -> bool:
    if not pd.api.types.is_float_dtype(values):
        return False
    given = values.dropna()
    return bool(len(given)) and bool((given == given.round()).all())


def _is_numeric_column(values: pd.Series) -> bool:
    given = [str(v) for v in values if str(v) not in ("–", "")]
    return bool(given) and all(_NUMBER.match(v) for v in given)
