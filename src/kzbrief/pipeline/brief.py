"""The two-page brief (brief.pdf): the key-findings page's facts in the brief's own templates,
with one chart of the briefing, laid out on exactly two A4 pages.

Numbers are the summary's computed facts (`chapters.summary.compute`, with the summary
notebook's parameters as this build ran it); the words are templates (`prose/brief/*.md`, which a
data folder may rewrite in `templates/brief/`); the layout is `templates/brief/brief.html.j2` with
`styles/brief.css`, rendered by WeasyPrint like the briefing (same fonts, tagged PDF/UA). The
chart is the briefing's own, taken by name: its SVG from this build's figures, its caption,
alternative text and source line from the assembled briefing. Its printed size is measured, not
guessed: the brief is laid out once without the picture, the room left on each page is read off
the laid-out pages, and the chart goes where it can be printed largest.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import jinja2
from bs4 import BeautifulSoup
from markupsafe import Markup

from .. import chapters, paths
from ..citations import bibliography, index_series
from ..facts import Fact
from ..markup import escape
from ..words import Html, TemplateProblem
from . import catalog
from . import parameters as params
from .annex import XLSX_NAME
from .execution import NotebookRun
from .rendering import PDF_VARIANT, TEMPLATES_DIR, font_faces

PDF_NAME = "brief.pdf"
# Where the brief sends its reader for the rest (written beside it by the same build).
FULL_BRIEFING = "briefing.pdf"
DATA_ANNEX = XLSX_NAME  # the data annex (pipeline/annex.py)
SUMMARY_NOTEBOOK = "00_summary.ipynb"  # whose parameters the brief's facts are computed with
# The one chart, by the name report.figure gave it: the figures the notebooks make are the choice.
FIGURE = "casualties-deaths"
TEMPLATE = TEMPLATES_DIR / "brief" / "brief.html.j2"
CSS_FILE = paths.PACKAGE_DIR / "styles" / "brief.css"
# What the brief's layout depends on besides the runs and the cover: re-rendered when they change.
RENDER_INPUTS = (TEMPLATE, CSS_FILE, Path(__file__))
WORDS = ("bottom_line", "key_findings", "limits", "more")  # prose/brief/<name>.md

# The page, in millimetres; set here rather than in the stylesheet because the chart is sized to
# the room they leave. The sides match the briefing's (18 mm), so the chart at full width prints
# at the size its legibility was checked for (plots.legibility.PRINT_WIDTH_INCHES).
PAGE_WIDTH, PAGE_HEIGHT = 210.0, 297.0
MARGIN_TOP, MARGIN_SIDE, MARGIN_BOTTOM = 14.0, 18.0, 16.0
MM_PER_PX = 25.4 / 96  # WeasyPrint measures in CSS pixels
SLACK = 2.0  # mm kept free under the chart, for rounding between two layouts
PAGES = 2


class BriefProblem(RuntimeError):
    """The brief cannot be written: a template of its words cannot be used (the message says which)."""


@dataclass(frozen=True)
class Chart:
    """The briefing's chart as the brief prints it: the SVG, its natural print size (mm) and the
    briefing's caption (without its figure number), alternative text and source line (HTML; the
    documents named without their numbers, since the brief's short list holds its findings')."""

    svg: bytes
    width: float
    height: float
    alt: str
    caption: str
    source_line: str

    @property
    def src(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg).decode("ascii")


@dataclass
class Written:
    """What `write` made: the HTML it laid out, the page of each fact, the chart's placement."""

    html: str
    pages: dict[str, int]
    page_count: int
    chart_page: int | None
    chart_height: float | None  # mm

    def catalog_entries(self, references: dict[str, str]) -> list[dict]:
        """The brief's numbers for the facts catalog, each named as the brief's (ids brief-fact-N)."""
        found = catalog.entries(self.html, references, self.pages)
        for entry in found:
            entry["chapter"] = f"Two-page brief ({PDF_NAME})" + (f": {entry['chapter']}" if entry["chapter"] else "")
        return found


# --- the facts: the summary's, with the parameters its notebook ran with ------------------------------


def summary_parameters(runs: list[NotebookRun], notebooks_dir: Path, data_dir: Path, overrides: dict) -> dict | None:
    """The summary notebook's effective parameters: its defaults with this build's overrides and
    data folder (as its run got them); None when the notebooks folder has no summary notebook."""
    run = next((r for r in runs if r.name == SUMMARY_NOTEBOOK), None)
    source = run.source if run is not None else Path(notebooks_dir) / SUMMARY_NOTEBOOK
    if not source.is_file():
        return None
    defaults = params.notebook_defaults(source)
    if run is not None:
        given = run.parameters
    else:  # --only left it out: the overrides it declares, typed as a run of it would get them
        declared = {name: value for name, value in overrides.items() if name in defaults}
        given = params.resolve({source.name: defaults}, declared)[source.name]
    effective = {**defaults, **given, "data_dir": str(Path(data_dir).resolve())}
    return chapters.parameters(effective)


# --- the words --------------------------------------------------------------------------------------


def _cited_ids(items) -> list[str]:
    ids: list[str] = []
    for item in items:
        if isinstance(item, Fact):
            ids += item.sources
        elif isinstance(item, str):
            ids.append(item)
        elif isinstance(item, list | tuple):
            ids += _cited_ids(item)
    return ids


def _text(data_dir: Path, sources):
    """The package's Text (templates with cite and reference), for the brief: `cite` takes several
    facts at once, and a cross-reference names the full briefing (the brief numbers no figures)."""
    from ..render import Text  # IPython's display: loaded only when a brief is made

    class BriefText(Text):
        def cite(self, *items) -> Html:
            return super().cite(_cited_ids(items))

        @staticmethod
        def see(kind: str, name: str) -> Html:
            return Html(f"{kind} in the full briefing")

    return BriefText(data_dir, sources)


def words(data_dir: Path, parameters: dict, tables=None) -> dict[str, Markup]:
    """The brief's paragraphs (HTML), each from its template filled with the summary's facts."""
    from ..chapters import summary
    from ..datasets import load_all

    tables = tables if tables is not None else load_all(data_dir, validate=False)
    facts = summary.compute(tables, parameters)
    text = _text(data_dir, tables["sources"])
    files = {"briefing": FULL_BRIEFING, "annex": DATA_ANNEX, "catalog": catalog.CSV_NAME}
    found = {}
    for name in WORDS:
        inline = name in ("bottom_line", "more")
        found[name] = Markup(text.html(f"brief/{name}.md", facts, inline=inline, files=files))
    return found


# --- the chart ----------------------------------------------------------------------------------------


_SVG_LENGTH = re.compile(r"^\s*([\d.]+)\s*(pt|px|mm|cm|in)?\s*$")
_MM = {"pt": 25.4 / 72, "px": 25.4 / 96, None: 25.4 / 96, "mm": 1.0, "cm": 10.0, "in": 25.4}


def _svg_size(svg: bytes) -> tuple[float, float] | None:
    """The SVG's width and height in millimetres, from its root element (matplotlib writes pt)."""
    try:
        root = ElementTree.fromstring(svg)
    except ElementTree.ParseError:
        return None
    size = []
    for attribute in ("width", "height"):
        match = _SVG_LENGTH.match(str(root.get(attribute, "")))
        if not match:
            return None
        size.append(float(match.group(1)) * _MM[match.group(2)])
    return size[0], size[1]


def find_chart(runs: list[NotebookRun], briefing_html: str, name: str = FIGURE) -> Chart | None:
    """The chart `name` as this build made it, or None when the build has not got it (--only)."""
    svg_file = next(
        (run.figures / f"{name}.svg" for run in runs if run.figures and (run.figures / f"{name}.svg").is_file()), None
    )
    figure = BeautifulSoup(briefing_html, "html.parser").find("figure", id=f"fig-{name}")
    if svg_file is None or figure is None:
        return None
    svg = svg_file.read_bytes()
    size = _svg_size(svg)
    image = figure.find("img")
    caption = figure.find("figcaption")
    if size is None or caption is None:
        return None
    for label in caption.select(".label"):  # "Figure 5.": the brief numbers no figures
        label.decompose()
    line = figure.find(class_="source-line")
    if line is not None:  # the documents by name: the brief's short list holds its findings' sources
        for number in line.select("a.cite"):
            number.decompose()
        line = re.sub(r"\s+([;.])", r"\1", line.decode_contents().strip())
    return Chart(
        svg=svg,
        width=size[0],
        height=size[1],
        alt=str(image.get("alt", "")) if image is not None else caption.get_text(" ", strip=True),
        caption=caption.decode_contents().strip(),
        source_line=line or "",
    )


# --- the sources it cites -----------------------------------------------------------------------------

_CITED = re.compile(r'href="#source-(\d+)"')


def cited_numbers(*html_parts: str) -> set[int]:
    return {int(n) for part in html_parts for n in _CITED.findall(part)}


def source_list(numbers: set[int], sources) -> Markup:
    """The short list of the sources the brief cites, numbered as in the full briefing's Sources,
    with the documents they are cited in (so every number the brief prints is listed)."""
    numbered = bibliography(sources)
    by_number = {no: rows for no, rows in numbered.groupby("no", sort=True)}
    ids = dict(zip(numbered["source_id"], numbered["no"]))
    wanted = set(numbers)
    for no in list(wanted):  # a document known through another: that one too
        for cited_in in by_number[no]["cited_in"].dropna() if no in by_number else ():
            if cited_in in ids:
                wanted.add(int(ids[cited_in]))
    items = []
    for no in sorted(n for n in wanted if n in by_number):
        rows = by_number[no]
        first = rows.iloc[0]
        series = index_series(first)
        if series:  # the editions of one index: one entry
            editions = sorted(index_series(row)[2] for _, row in rows.iterrows())
            run = editions[0] if len(editions) == 1 else f"{editions[0]} to {editions[-1]}"
            entry = f"{escape(series[0])}, <cite>{escape(series[1])}</cite>, editions {escape(run)}."
        else:
            entry = f"{escape(first['publisher'])}, <cite>{escape(first['title'])}</cite> ({escape(first['date'])})."
            if isinstance(first["cited_in"], str) and first["cited_in"] in ids:
                entry += f" Cited in [{ids[first['cited_in']]}]."
        items.append(f'<li id="source-{no}"><span class="no">[{no}]</span> {entry}</li>')
    return Markup('<ol class="source-list">' + "".join(items) + "</ol>")


# --- the layout ----------------------------------------------------------------------------------------


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE.parent)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def page_css() -> str:
    """The page size and margins (the chart is sized to what they leave), with the fonts."""
    margins = f"{MARGIN_TOP}mm {MARGIN_SIDE}mm {MARGIN_BOTTOM}mm"
    return f"{font_faces()}\n@page {{ size: {PAGE_WIDTH}mm {PAGE_HEIGHT}mm; margin: {margins}; }}"


def _number_facts(html: str) -> str:
    """Every printed fact gets its id (brief-fact-1, ...), for the catalog and the pages."""
    soup = BeautifulSoup(html, "html.parser")
    for number, span in enumerate(soup.select("span.fact"), 1):
        span["id"] = f"brief-fact-{number}"
    return str(soup)


def _render(context: dict, chart_page: int | None, chart_height: float | None):
    """(HTML, WeasyPrint document) of the brief with the chart on `chart_page` at `chart_height` mm
    (0: the chart's caption and source line without the picture, to measure the room)."""
    from weasyprint import CSS, HTML

    html = (
        _environment().get_template(TEMPLATE.name).render(**context, chart_page=chart_page, chart_height=chart_height)
    )
    html = _number_facts(html)
    document = HTML(string=html, base_url=str(paths.PROJECT_DIR)).render(
        stylesheets=[CSS(filename=str(CSS_FILE)), CSS(string=page_css())], pdf_variant=PDF_VARIANT
    )
    return html, document


def _room(document, page: int) -> float | None:
    """Millimetres left at the foot of `page` (from 1) after its content (the marker closing it)."""
    if len(document.pages) != PAGES:
        return None
    marker = document.pages[page - 1].anchors.get(f"page-{page}-end")
    if marker is None:
        return None
    bottom = document.pages[page - 1].height - MARGIN_BOTTOM / MM_PER_PX
    return (bottom - marker[1]) * MM_PER_PX


def _chart_page(document) -> int | None:
    for number, page in enumerate(document.pages, 1):
        if "brief-chart" in page.anchors:
            return number
    return None


def lay_out(context: dict, chart: Chart | None, log=print):
    """Lay the brief out on two pages; returns (HTML, document, chart page, chart height in mm).

    The chart goes on the page where it prints largest: each placement is laid out with the
    chart's caption and source line but no picture, the room left under it is measured, and the
    picture gets that room (never more than its natural size or the text column's width)."""
    context = {**context, "chart": chart}
    if chart is not None:
        column = PAGE_WIDTH - 2 * MARGIN_SIDE
        largest = min(chart.height, chart.height * column / chart.width)
        best = None
        for page in (1, 2):
            room = _room(_render(context, page, 0)[1], page)
            if room is not None and room - SLACK > 0:
                height = min(largest, room - SLACK)
                if best is None or height > best[1] + 0.5:
                    best = (page, height)
        if best is not None:
            page, height = best
            for _ in range(4):  # the measured room is exact up to rounding: shrink a little if not
                html, document = _render(context, page, round(height, 1))
                if len(document.pages) == PAGES and _chart_page(document) == page:
                    return html, document, page, round(height, 1)
                height *= 0.95
        log(f"  warning: {PDF_NAME}: no room for the chart on its two pages; it is left out")
        context["chart"] = None
    html, document = _render(context, None, None)
    if len(document.pages) != PAGES:  # said, not fatal: the briefing itself is fine
        log(f"  warning: {PDF_NAME} runs to {len(document.pages)} pages, not {PAGES}: its words are too long")
    return html, document, None, None


def write(
    target: Path,
    *,
    data_dir: Path,
    parameters: dict,
    cover: dict,
    chart: Chart | None,
    tables=None,
    log=print,
) -> Written:
    """Write the brief to `target`: the summary's facts worded by the brief's templates, the chart,
    the cover's title, period, cut-off and citation, and the short list of the sources it cites."""
    from ..datasets import load_table

    try:
        found = words(data_dir, parameters, tables)
    except TemplateProblem as exc:
        raise BriefProblem(str(exc)) from None
    sources = tables["sources"] if tables is not None else load_table("sources", data_dir, validate=False)
    numbers = cited_numbers(*found.values(), chart.source_line if chart else "")
    context = {
        "cover": cover,
        "words": found,
        "chart_caption": Markup(chart.caption) if chart else "",
        "chart_source": Markup(chart.source_line) if chart else "",
        "sources": source_list(numbers, sources),
    }
    html, document, page, height = lay_out(context, chart, log)
    document.write_pdf(target, pdf_variant=PDF_VARIANT)
    pages = {anchor: number for number, laid in enumerate(document.pages, 1) for anchor in laid.anchors}
    return Written(html, pages, len(document.pages), page, height)
