"""What notebooks display: prose with computed numbers, figures and tables with source lines.

Everything that comes from the data is HTML-escaped here, so a defendant's name can never
become markup in the briefing.
"""

from __future__ import annotations

import base64
import html
import io
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # figures are embedded explicitly; no inline backend output in the briefing

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from IPython.display import HTML, Markdown  # noqa: E402

# Fixed salt and no dates: identical inputs give identical SVG bytes.
STYLE = {
    "svg.hashsalt": "kzbrief",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#d0d0d0",
    "grid.linewidth": 0.5,
    "figure.dpi": 100,
    "savefig.bbox": "tight",
}
GREYS = ["#000000", "#555555", "#8c8c8c", "#bdbdbd"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X"]


def use_style() -> None:
    """Apply the project's figure style (greyscale-safe: colours are paired with markers)."""
    matplotlib.rcParams.update(STYLE)


def prose(template: str, **values) -> Markdown:
    """Narrative in Markdown with computed values filled in, each HTML-escaped.

    `prose("{n} people were convicted.", n=count)`: the template is the author's, the values
    come from the data and so are escaped (and Markdown-neutralised) before they are inserted.
    """
    return Markdown(template.format(**{k: _markdown_safe(v) for k, v in values.items()}))


def _markdown_safe(value: object) -> str:
    # Quotes stay as they are: in running text they need no escaping, and an entity such as
    # &#x27; would be broken by the Markdown escaping of '#' below and reach the reader literally.
    text = html.escape(str(value), quote=False)
    for char in "\\`*_[]#|":
        text = text.replace(char, "\\" + char)
    return text


def count(n: int, noun: str, plural: str | None = None) -> str:
    """'1 event', '3 events': numbers in prose agree with their nouns."""
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"


def join_words(parts: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    parts = [p for p in parts if p]
    if len(parts) < 2:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 142nd."""
    n = int(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def escape(value: object) -> str:
    return html.escape(str(value), quote=True)


def source_line(source_ids, sources: pd.DataFrame) -> str:
    """'Source: Publisher, Title (date); ...' for the ids behind a figure or table.

    Editions of one index are folded into one entry ('..., editions 2002–2026'), so a chart
    over 24 editions gets a one-line source, not 24 entries.
    """
    wanted = list(dict.fromkeys(str(s) for s in source_ids))
    if not wanted:
        return "Source: the briefing's data tables (data/), compiled from the sources listed in the bibliography."
    rows = sources.set_index("source_id")
    parts: list[str] = []
    editions: dict[tuple[str, str], list[str]] = {}
    for source_id in wanted:
        if source_id not in rows.index:
            parts.append(source_id)
            continue
        row = rows.loc[source_id]
        match = _EDITION.search(str(row["title"]))
        if row["source_type"] == "index" and match:
            key = (str(row["publisher"]), str(row["title"])[: match.start()])
            if key not in editions:
                parts.append(key)  # placeholder, filled in below, keeps the order of first mention
                editions[key] = []
            editions[key].append(match.group(1))
        else:
            parts.append(f"{row['publisher']}, {row['title']} ({row['date']})")
    text = []
    for part in parts:
        if isinstance(part, tuple):
            found = sorted(editions[part])
            span = found[0] if len(found) == 1 else f"{len(found)} editions, {found[0]} to {found[-1]}"
            text.append(f"{part[0]}, {part[1]} ({span})")
        else:
            text.append(part)
    return "Source: " + "; ".join(text) + "."


def short_reference(source_id: str, sources: pd.DataFrame) -> str:
    """'Open Dialog Foundation (2014)': a document named in running text; the bibliography has the rest."""
    rows = sources.set_index("source_id")
    if source_id not in rows.index:
        return str(source_id)
    row = rows.loc[source_id]
    return f"{row['publisher']} ({str(row['date'])[:4]})"


_EDITION = re.compile(r"\s+(\d{4}(?:-\d{4})?)$")


def _svg_bytes(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def save_figure(fig, name: str, figures_dir: str | Path) -> bytes:
    """Write figures_dir/name.svg and name.png (200 dpi); return the SVG bytes."""
    figures_dir = Path(figures_dir)
    figures_dir.mkdir(parents=True, exist_ok=True)
    svg = _svg_bytes(fig)
    (figures_dir / f"{name}.svg").write_bytes(svg)
    fig.savefig(figures_dir / f"{name}.png", format="png", dpi=200, metadata={"Software": None})
    return svg


def figure(fig, name: str, *, caption: str, alt: str, source_ids, sources: pd.DataFrame, figures_dir) -> HTML:
    """Save a matplotlib figure and return it as a captioned, sourced HTML figure."""
    svg = save_figure(fig, name, figures_dir)
    plt.close(fig)
    data = base64.b64encode(svg).decode("ascii")
    return HTML(
        f'<figure class="briefing-figure" id="fig-{escape(name)}">'
        f'<img src="data:image/svg+xml;base64,{data}" alt="{escape(alt)}">'
        f"<figcaption>{escape(caption)}</figcaption>"
        f'<p class="source-line">{escape(source_line(source_ids, sources))}</p>'
        "</figure>"
    )


def table(frame: pd.DataFrame, *, caption: str, source_ids, sources: pd.DataFrame, name: str = "") -> HTML:
    """A captioned table with header cells; every cell is escaped."""
    # Missing values read as a dash, not pandas' "<NA>".
    shown = frame.astype(object).where(frame.notna(), "–")
    body = shown.to_html(index=False, escape=True, border=0, classes="briefing-table")
    anchor = f' id="tab-{escape(name)}"' if name else ""
    return HTML(
        f'<div class="briefing-table-block"{anchor}>'
        f'<p class="table-caption">{escape(caption)}</p>{body}'
        f'<p class="source-line">{escape(source_line(source_ids, sources))}</p></div>'
    )
