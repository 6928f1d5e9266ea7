"""What a print reader would notice, measured on the laid-out pages of the PDF.

The build lays the briefing out once (WeasyPrint) and reviews that layout before it writes
the file: a box that runs past the text block, a page left mostly empty in the middle of a
chapter, a heading or a lone table row at the foot of a page, body text set too small. Each
is reported as a warning on the build's console, naming the page and the element; the
presentation tests build the real data and require that there are none. The boxes are
measured, not the CSS read: a long word, a wide table or a data change that pushes a chapter
onto a new page is caught whatever the stylesheet says.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

MIN_FILL = 0.40  # a page that is not a chapter's last is at least this full
MIN_BODY_PT = 9.5  # running text (paragraphs and list items outside tables and figures)
TOLERANCE_PX = 0.5  # rounding in the layout
PX_PER_PT = 4 / 3
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6", "caption", "figcaption"}
# Text set smaller on purpose: source lines under figures and tables, the bibliography, notes, and
# the original of a translated quotation (printed below the briefing's translation).
SMALL_TEXT_CLASSES = {"source-line", "bibliography", "sources", "note", "build-record", "cover-details", "original"}


@dataclass
class Leaf:
    """A line of text or an image on a page, with what encloses it."""

    top: float
    bottom: float
    chapter: str | None  # the id of the chapter <section> it belongs to
    block: str  # the tag of its nearest block element (p, li, h2, td, ...)
    element_id: str | None  # the nearest enclosing figure's or table's id, or any id
    in_table: bool
    in_figure: bool
    small: bool
    font_px: float | None
    text: str


@dataclass
class PageLayout:
    number: int
    top: float  # the text block, in CSS px
    bottom: float
    left: float
    right: float
    leaves: list[Leaf]
    overflows: list[tuple[str, float]]  # (element, px past the text block)
    rows: dict[str, int]  # table id -> body rows laid out on this page


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split()) if element is not None else set()


def _walk(box, context: dict) -> Iterator[tuple[object, dict]]:
    element = getattr(box, "element", None)
    tag = getattr(box, "element_tag", None)
    if element is not None and tag and getattr(box, "element", None) is not context.get("element"):
        context = dict(context, element=element)
        classes = _classes(element)
        if tag == "section" and "chapter" in classes:
            context["chapter"] = element.get("id") or element.get("aria-labelledby")
        # Figures and tables are named by their anchors (fig-..., tab-...); the notebook cells'
        # ids mean nothing to whoever reads the warning.
        if (element.get("id") or "").startswith(("fig-", "tab-")):
            context["owner"] = element.get("id")
        if tag == "table":
            context["in_table"] = True
            context["table"] = context.get("owner") or f"a table in {context.get('chapter')}"
        if tag == "figure":
            context["in_figure"] = True
        if classes & SMALL_TEXT_CLASSES:
            context["small"] = True
        if type(box).__name__ == "TableRowGroupBox":
            context["row_group"] = tag
        if type(box).__name__ in {"BlockBox", "TableCellBox", "TableCaptionBox", "ListMarkerBox"}:
            context["block"] = tag
    yield box, context
    for child in getattr(box, "children", None) or []:
        yield from _walk(child, context)


def page_layout(number: int, page) -> PageLayout:
    page_box = page._page_box
    left = page_box.margin_left + page_box.padding_left
    top = page_box.margin_top + page_box.padding_top
    right = left + page_box.width
    bottom = top + page_box.height
    leaves: list[Leaf] = []
    overflows: dict[str, float] = {}
    rows: dict[str, int] = {}
    for child in page_box.children:
        if type(child).__name__ == "MarginBox":
            continue  # the running header and the page numbers sit in the margins by design
        for box, context in _walk(child, {}):
            kind = type(box).__name__
            past = box.position_x + box.margin_width() - right
            if past > TOLERANCE_PX and kind not in {"LineBox"}:
                owner = context.get("owner") or f"a {context.get('block') or 'box'} in {context.get('chapter')}"
                overflows[owner] = max(overflows.get(owner, 0.0), past)
            if kind == "TableRowBox" and context.get("table") and context.get("row_group") == "tbody":
                rows[context["table"]] = rows.get(context["table"], 0) + 1
            if kind in {"TextBox", "InlineReplacedBox", "BlockReplacedBox"}:
                text = getattr(box, "text", "") or ""
                if kind == "TextBox" and not text.strip():
                    continue
                leaves.append(
                    Leaf(
                        top=box.position_y,
                        bottom=box.position_y + box.margin_height(),
                        chapter=context.get("chapter"),
                        block=context.get("block", ""),
                        element_id=context.get("owner"),
                        in_table=context.get("in_table", False),
                        in_figure=context.get("in_figure", False),
                        small=context.get("small", False),
                        font_px=box.style["font_size"] if kind == "TextBox" else None,
                        text=text,
                    )
                )
    return PageLayout(number, top, bottom, left, right, leaves, sorted(overflows.items()), rows)


def review(document) -> list[str]:
    """One line per problem found in a laid-out WeasyPrint document (empty: none)."""
    pages = [page_layout(number, page) for number, page in enumerate(document.pages, start=1)]
    problems: list[str] = []
    for index, page in enumerate(pages):
        following = pages[index + 1] if index + 1 < len(pages) else None
        problems += _overflows(page)
        problems += _emptiness(page, following)
        problems += _stranded(page, following)
        problems += _small_text(page)
    return problems


def _overflows(page: PageLayout) -> list[str]:
    return [
        f"page {page.number}: {owner} runs {past:.0f} px past the right edge of the text block"
        for owner, past in page.overflows
    ]


def fill(page: PageLayout) -> float:
    """How much of the text block's height is used, from its top to the lowest line or image."""
    if not page.leaves:
        return 0.0
    lowest = max(leaf.bottom for leaf in page.leaves)
    return max(0.0, min(1.0, (lowest - page.top) / (page.bottom - page.top)))


def _emptiness(page: PageLayout, following: PageLayout | None) -> list[str]:
    if following is None or not page.leaves or not following.leaves:
        return []  # the last page, or a page with nothing to judge by
    # A chapter starts on a new page, so the page before a chapter's first may be short.
    last_chapter = page.leaves[-1].chapter
    if following.leaves[0].chapter != last_chapter:
        return []
    used = fill(page)
    if used >= MIN_FILL:
        return []
    return [
        f"page {page.number}: only {used:.0%} of the page is filled, in the middle of a chapter "
        f"(a page other than a chapter's last is at least {MIN_FILL:.0%} full)"
    ]


def _stranded(page: PageLayout, following: PageLayout | None) -> list[str]:
    problems = []
    if page.leaves and following is not None and following.leaves:
        last = max(page.leaves, key=lambda leaf: leaf.bottom)
        if last.block in HEADINGS and last.chapter == following.leaves[0].chapter:
            words = last.text.strip()
            problems.append(f"page {page.number}: the heading or caption '{words}' is alone at the page foot")
    if following is not None:
        for table, count in page.rows.items():
            if count == 1 and table in following.rows:
                problems.append(f"page {page.number}: one row of {table} is alone at the page foot")
    return problems


def _small_text(page: PageLayout) -> list[str]:
    smallest: dict[str, float] = {}
    for leaf in page.leaves:
        if leaf.font_px is None or leaf.in_table or leaf.in_figure or leaf.small:
            continue
        if leaf.block not in {"p", "li"}:
            continue
        if leaf.font_px / PX_PER_PT < MIN_BODY_PT - 0.01:
            where = leaf.element_id or leaf.chapter or "the page"
            smallest[where] = min(smallest.get(where, 99.0), leaf.font_px / PX_PER_PT)
    return [
        f"page {page.number}: running text in {where} is set at {size:.1f} pt (at least {MIN_BODY_PT} pt)"
        for where, size in smallest.items()
    ]
