"""The briefing's apparatus, added once every chapter is in one document.

Figure and table numbers, cross-references, the contents and the appendix depend on the
whole briefing, which no single notebook sees, so they are made here from the rendered HTML:

- a `###` section whose code showed nothing is left out (no empty headings);
- every `##` heading starts a chapter (a `<section>`, one page break in print);
- tables marked for the appendix move to a final chapter, leaving a pointer behind;
- figures and tables are numbered in reading order ("Figure 3.", "Table 2.");
- cross-references made with `report.see()` get those numbers;
- the contents list chapters and sections: a menu at the top of the HTML edition, a page after
  the executive summary in print.

The PDF is the print edition of the same document: its appendix keeps each long table's
caption and source line but not its rows, which stay in the HTML edition. A briefing on
thousands of cases then prints as many pages as one on dozens.
"""

from __future__ import annotations

import copy
import re

from bs4 import BeautifulSoup, Tag

from .catalog import number_facts

SUMMARY_ID = "key-findings"
METHODS_ID = "methods-and-data"
APPENDIX_TITLE = "Appendix: long tables"
CONTENTS_TITLE = "Contents"


class AssemblyError(ValueError):
    """The rendered notebooks cannot be put together into a briefing."""


HTML_EDITION = "briefing.html"


def assemble(html: str, warn=lambda message: None) -> str:
    """The finished briefing. `warn` receives each cross-reference that has no target (a figure
    in a chapter left out with --only, say); the reference then says so in the text."""
    return str(_assembled(html, warn))


def assemble_editions(html: str, warn=lambda message: None) -> tuple[str, str]:
    """(HTML edition, print edition) of the finished briefing, from one parse of `html`."""
    soup = _assembled(html, warn)
    screen = str(soup)
    _rows_to_html_edition(soup)
    _contents_to_print_edition(soup)
    return screen, str(soup)


def _assembled(html: str, warn) -> BeautifulSoup:
    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("main")
    if main is None:
        raise AssemblyError("the rendered briefing has no <main> element")
    _drop_empty_sections(main)
    _name_headings(soup)
    record = main.find(class_="build-record")
    record = record.extract() if record else None
    _make_chapters(soup, main)
    _place_build_record(soup, main, record)
    _move_to_appendix(soup, main)
    numbers = _number_figures_and_tables(soup)
    _fill_references(soup, numbers, warn)
    _insert_contents(soup, main)
    number_facts(soup)
    return soup


def _rows_to_html_edition(soup: BeautifulSoup) -> None:
    """The print edition's appendix: each long table's caption and source line, with a note in
    place of its rows, which the HTML edition holds (their number grows with the data; the
    printed briefing does not)."""
    for block in soup.select(".appendix-chapter div.briefing-table-block"):
        table = block.find("table")
        if table is None:
            continue
        rows = len(table.select("tbody tr"))
        note = soup.new_tag("p", attrs={"class": "rows-elsewhere"})
        note.string = (
            f"{rows} {'row' if rows == 1 else 'rows'}, not printed: the table is in the HTML edition "
            f"of this briefing ({HTML_EDITION}), in its appendix."
        )
        table.replace_with(note)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


def _shows_something(cell: Tag) -> bool:
    return bool(cell.get_text(strip=True)) or cell.find(["img", "svg", "table", "figure"]) is not None


def _drop_empty_sections(main: Tag) -> None:
    """A level-3 section whose code cells showed nothing (a selection with nothing for it; the
    chapter says so once) is left out, heading and introduction included: no empty headings."""
    cells = [child for child in main.children if isinstance(child, Tag)]
    dropped: set[int] = set()
    for index, cell in enumerate(cells):
        if (
            index in dropped
            or cell.find("h3") is None
            or cell.find("h2") is not None
            or "code_cell" in (cell.get("class") or [])
        ):
            continue
        following = []
        for position in range(index + 1, len(cells)):
            later = cells[position]
            if later.find(["h2", "h3"]) is not None and "code_cell" not in (later.get("class") or []):
                break
            following.append(position)
        if following and not any(_shows_something(cells[position]) for position in following):
            dropped.update(following)
            for position in [index, *following]:
                cells[position].decompose()


def _name_headings(soup: BeautifulSoup) -> None:
    """Readable, unique ids on chapter and section headings; nbconvert's permalinks removed."""
    for link in soup.select("a.anchor-link"):
        link.decompose()
    taken: set[str] = {t["id"] for t in soup.find_all(id=True) if t.name not in ("h2", "h3")}
    for heading in soup.find_all(["h2", "h3"]):
        base = slug(heading.get_text(" ", strip=True))
        anchor, n = base, 2
        while anchor in taken:
            anchor, n = f"{base}-{n}", n + 1
        taken.add(anchor)
        heading["id"] = anchor


def _make_chapters(soup: BeautifulSoup, main: Tag) -> None:
    """Wrap main's cells into one <section class="chapter"> per level-2 heading."""
    section = None
    for child in list(main.children):
        if not isinstance(child, Tag):
            continue
        heading = child if child.name == "h2" else child.find("h2")
        if heading is not None or section is None:
            section = soup.new_tag("section", attrs={"class": "chapter"})
            if heading is not None:
                section["aria-labelledby"] = heading["id"]
            child.insert_before(section)
        section.append(child.extract())


def _place_build_record(soup: BeautifulSoup, main: Tag, record: Tag | None) -> None:
    """The build record (date, version, data fingerprint, parameters) closes the methods
    chapter; without that chapter (--only), it closes the briefing."""
    if record is None:
        return
    heading = soup.find("h2", id=METHODS_ID)
    chapter = heading.find_parent("section") if heading else None
    (chapter or main).append(record)


def _new_chapter(soup: BeautifulSoup, tag: str, classes: str, anchor: str, title: str) -> Tag:
    """A chapter the assembly adds itself (contents, appendix), with its level-2 heading."""
    chapter = soup.new_tag(tag, attrs={"class": classes, "aria-labelledby": anchor})
    heading = soup.new_tag("h2", id=anchor)
    heading.string = title
    chapter.append(heading)
    return chapter


def _append_caption(pointer: Tag, block: Tag) -> None:
    """The caption's words, its facts' spans kept (copies), so that the facts catalog lists the
    numbers the pointer repeats where they are printed."""
    caption = block.find(class_="table-caption")
    if caption is None:
        pointer.append("a table")
        return
    for child in list(caption.contents):
        pointer.append(copy.copy(child))


def _move_to_appendix(soup: BeautifulSoup, main: Tag) -> None:
    """Long tables go to a final chapter; where each stood, a pointer to it remains."""
    blocks = main.select("div.briefing-table-block.appendix")
    if not blocks:
        return
    chapter = _new_chapter(soup, "section", "chapter appendix-chapter", "appendix", APPENDIX_TITLE)
    intro = soup.new_tag("p")
    intro.string = (
        "Tables too long to read inside a chapter. Each is referred to where it belongs; "
        "rows are in the same order and carry the same source numbers. The printed briefing "
        "lists them by caption; their rows are in the HTML edition."
    )
    chapter.append(intro)
    for number, block in enumerate(blocks, start=1):
        if not block.get("id"):
            block["id"] = f"tab-appendix-{number}"
        pointer = soup.new_tag("p", attrs={"class": "appendix-pointer"})
        link = soup.new_tag("a", attrs={"class": "xref", "href": f"#{block['id']}"})
        link.string = "table"
        pointer.append(link)
        pointer.append(", in the appendix: ")
        _append_caption(pointer, block)
        pointer.append(".")
        block.replace_with(pointer)
        chapter.append(block)
    main.append(chapter)


def _number_figures_and_tables(soup: BeautifulSoup) -> dict[str, str]:
    """Prefix captions with 'Figure N.' / 'Table N.'; return anchor id -> 'Figure N'."""
    numbers: dict[str, str] = {}
    counters = {"Figure": 0, "Table": 0}
    for block in soup.find_all(_is_numbered):
        kind = "Figure" if block.name == "figure" else "Table"
        counters[kind] += 1
        label = f"{kind} {counters[kind]}"
        caption = block.find("figcaption") if kind == "Figure" else block.find(class_="table-caption")
        if caption is not None:
            span = soup.new_tag("span", attrs={"class": "label"})
            span.string = f"{label}."
            caption.insert(0, " ")
            caption.insert(0, span)
        if block.get("id"):
            numbers[block["id"]] = label
    return numbers


def _is_numbered(tag: Tag) -> bool:
    classes = tag.get("class") or []
    return (tag.name == "figure" and "briefing-figure" in classes) or (
        tag.name == "div" and "briefing-table-block" in classes
    )


def _fill_references(soup: BeautifulSoup, numbers: dict[str, str], warn) -> None:
    for link in soup.select("a.xref"):
        target = link.get("href", "").lstrip("#")
        if target in numbers:
            link.string = numbers[target]
            continue
        kind = "figure" if target.startswith("fig-") else "table"
        warn(f"the text refers to {kind} {target!r}, which is not in this briefing (left out of the build?)")
        link.string = f"a {kind} not in this build"
        del link["href"]


def _insert_contents(soup: BeautifulSoup, main: Tag) -> None:
    """The contents of the HTML edition: a menu that opens and closes (<details>), first in the
    briefing, which the stylesheet keeps at the top of a screen wherever the reader is. The print
    edition makes it the ordinary contents page (`_contents_to_print_edition`)."""
    chapters = _chapters(main)
    if not chapters:
        return
    listing = soup.new_tag("ol", attrs={"class": "toc"})
    for chapter in chapters:
        heading = chapter.find("h2")
        item = _toc_entry(soup, heading)
        sections = chapter.find_all("h3")
        if sections:
            sub = soup.new_tag("ol")
            for section in sections:
                sub.append(_toc_entry(soup, section))
            item.append(sub)
        listing.append(item)
    nav = soup.new_tag("nav", attrs={"class": "contents contents-menu", "aria-label": CONTENTS_TITLE})
    menu = soup.new_tag("details")
    summary = soup.new_tag("summary")
    summary.string = CONTENTS_TITLE
    menu.append(summary)
    menu.append(listing)
    nav.append(menu)
    main.insert(0, nav)


def _chapters(main: Tag) -> list[Tag]:
    return [s for s in main.find_all("section", recursive=False) if s.find("h2")]


def _contents_to_print_edition(soup: BeautifulSoup) -> None:
    """The printed contents: a chapter of its own with its heading and the same list (the page
    numbers come from the print stylesheet), after the executive summary, or first without one."""
    menu = soup.select_one("main > nav.contents-menu")
    if menu is None:
        return
    main = menu.parent
    menu.extract()
    nav = _new_chapter(soup, "nav", "chapter contents", "contents", CONTENTS_TITLE)
    nav.append(menu.find("ol", class_="toc"))
    chapters = _chapters(main)
    if chapters[0].find("h2")["id"] == SUMMARY_ID and len(chapters) > 1:
        chapters[1].insert_before(nav)
    else:
        chapters[0].insert_before(nav)


def _toc_entry(soup: BeautifulSoup, heading: Tag) -> Tag:
    item = soup.new_tag("li")
    link = soup.new_tag("a", href=f"#{heading['id']}")
    link.string = heading.get_text(" ", strip=True)
    item.append(link)
    return item
