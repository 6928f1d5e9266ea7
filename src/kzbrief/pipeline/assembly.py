"""The briefing's apparatus, added once every chapter is in one document.

Figure and table numbers, cross-references and the contents depend on the whole briefing,
which no single notebook sees, so they are made here from the rendered HTML:

- a `###` section whose code showed nothing is left out (no empty headings);
- every `##` heading starts a chapter (a `<section>`, one page break in print);
- long tables (marked for the appendix, or over report.LONG_TABLE_ROWS rows) point to the data
  annex that goes out with the briefing (pipeline/annex.py);
- figures and tables are numbered in reading order ("Figure 3.", "Table 2.");
- cross-references made with `report.see()` get those numbers;
- the contents list chapters and sections: a menu at the top of the HTML edition, a page after
  the executive summary in print.

The two editions differ in three things (the contents, above, are the third). The HTML edition
keeps every long table where it stands,
followed by a sentence pointing to the annex: a screen has no page budget, the file is read
offline (it is self-contained, the annex may not travel with it), its citation numbers link to
the Sources list, and the tables show the selection's own view (counts by offence, the
document's words), which the annex's raw rows do not. The print edition leaves long tables out
and puts that sentence where each stood (the printed briefing keeps its length, however many
cases the data holds), numbering the tables it prints; a reference to a table left out names the
annex sheet instead. The build record ("About this build") closes the HTML edition as a
colophon; the printed briefing leaves it to the HTML edition and the annex's README.
"""

from __future__ import annotations

import copy
import re

from bs4 import BeautifulSoup, Tag

from .annex import BY_NAME, HTML_NAME, TABLE_SHEETS, XLSX_NAME
from .catalog import number_facts

SUMMARY_ID = "key-findings"
METHODS_ID = "methods-and-data"
CONTENTS_TITLE = "Contents"


class AssemblyError(ValueError):
    """The rendered notebooks cannot be put together into a briefing."""


HTML_EDITION = "briefing.html"


def assemble(html: str, warn=lambda message: None, address: str = "") -> str:
    """The finished briefing (HTML edition). `warn` receives each cross-reference that has no target
    (a figure in a chapter left out with --only, say); the reference then says so in the text.
    `address`: where the briefing and its annex are published (briefing.yml), or ''."""
    return str(_finished(_prepared(html), warn, address, printed=False))


def assemble_editions(html: str, warn=lambda message: None, address: str = "") -> tuple[str, str]:
    """(HTML edition, print edition) of the finished briefing, from one parse of `html`."""
    prepared = _prepared(html)
    printed = copy.copy(prepared)  # before numbering: each edition numbers the tables it shows
    return str(_finished(prepared, warn, address, printed=False)), str(
        _finished(printed, lambda message: None, address, printed=True)
    )


def _prepared(html: str) -> BeautifulSoup:
    """What both editions share: chapters, contents, and the facts' catalog ids (the same in both,
    so the catalog finds each fact's page in the PDF). The build record waits outside <main>."""
    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("main")
    if main is None:
        raise AssemblyError("the rendered briefing has no <main> element")
    _drop_empty_sections(main)
    _name_headings(soup)
    record = main.find(class_="build-record")
    if record:
        main.insert_after(record.extract())
    _make_chapters(soup, main)
    _insert_contents(soup, main)
    number_facts(soup)
    return soup


def _finished(soup: BeautifulSoup, warn, address: str, printed: bool) -> BeautifulSoup:
    main = soup.find("main")
    record = soup.find(class_="build-record")
    record = record.extract() if record else None
    long_tables = main.select("div.briefing-table-block.appendix")
    if printed:
        _leave_out_of_print(soup, long_tables, address)
        _contents_to_print_edition(soup)
        _cited_sources_only(soup)
    else:
        _place_build_record(main, record)
        for block in long_tables:
            if _sheet(block):
                block.insert_after(_annex_pointer(soup, block, address, printed=False))
    numbers = _number_figures_and_tables(soup)
    _fill_references(soup, numbers, warn)
    return soup


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


def _place_build_record(main: Tag, record: Tag | None) -> None:
    """The build record (date, version, data fingerprint, parameters) closes the HTML edition, a
    colophon after the last chapter (the printed briefing leaves it out)."""
    if record is not None:
        record["class"] = [*record.get("class", []), "colophon"]
        main.append(record)


def _new_chapter(soup: BeautifulSoup, tag: str, classes: str, anchor: str, title: str) -> Tag:
    """A chapter the assembly adds itself (the contents), with its level-2 heading."""
    chapter = soup.new_tag(tag, attrs={"class": classes, "aria-labelledby": anchor})
    heading = soup.new_tag("h2", id=anchor)
    heading.string = title
    chapter.append(heading)
    return chapter


def _sheet(block: Tag):
    """The annex sheet holding the data behind a long table, or None."""
    name = TABLE_SHEETS.get(block.get("id", "").removeprefix("tab-"))
    return BY_NAME.get(name) if name else None


def _quoted(sheet) -> str:
    return f"sheet \u2018{sheet.name}\u2019"


def _where(address: str) -> str:
    return f" at {address}" if address else ""


def _annex_pointer(soup: BeautifulSoup, block: Tag, address: str, printed: bool) -> Tag:
    """One sentence naming the annex file and sheet that hold the full list, and where it is published.
    In the HTML edition the file names link to the files (beside the briefing, or at `address`)."""
    sheet = _sheet(block)
    pointer = soup.new_tag("p", attrs={"class": "annex-pointer"})
    base = address.rstrip("/") + "/" if address else ""

    def file(name: str, anchor: str = "") -> Tag | str:
        if printed and not address:
            return name
        link = soup.new_tag("a", href=f"{base}{name}{anchor}")
        link.string = name
        return link

    if printed:
        pointer.append(f"The full list of {sheet.listing} is in the data annex published with this briefing")
    else:
        pointer.append(f"The full list of {sheet.listing}, each row with its document, is also in the data annex")
    pointer.append(f"{_where(address)}: {_quoted(sheet)} of ")
    pointer.append(file(XLSX_NAME))
    pointer.append(", also in ")
    pointer.append(file(HTML_NAME, f"#{sheet.file}"))
    pointer.append(".")
    return pointer


def _append_caption(pointer: Tag, block: Tag) -> None:
    """The caption's words, its facts' spans kept (copies), so that the facts catalog lists the
    numbers the pointer repeats where they are printed."""
    caption = block.find(class_="table-caption")
    if caption is None:
        pointer.append("a table")
        return
    for child in list(caption.contents):
        pointer.append(copy.copy(child))


_CITATION = re.compile(r"\[(\d+(?:\s*[,–-]\s*\d+)*)\]")


def _numbers_in(citation: str) -> set[int]:
    found: set[int] = set()
    for part in citation.split(","):
        ends = [int(n) for n in re.split(r"\s*[–-]\s*", part.strip()) if n]
        found |= set(range(ends[0], ends[-1] + 1)) if ends else set()
    return found


def _cited_sources_only(soup: BeautifulSoup) -> None:
    """The print edition lists only the documents it cites (a table left to the annex takes its
    citations with it), keeping the annex's numbers; a note says the annex lists them all."""
    listing = soup.select_one("ol.bibliography")
    if listing is None:
        return
    place = soup.new_tag("span")
    listing.replace_with(place)  # what the rest of the document cites, the list itself aside
    text = soup.get_text(" ")
    cited = {n for m in _CITATION.finditer(text) for n in _numbers_in(m.group(1))}
    cited |= {int(a["href"].split("-")[-1]) for a in soup.select('a[href^="#source-"]') if a["href"][8:].isdigit()}
    place.replace_with(listing)
    entries = {int(li["value"]): li for li in listing.find_all("li", recursive=False) if li.get("value", "").isdigit()}
    # A kept entry "cited in" another document keeps that document too.
    for number in sorted(cited):
        for link in entries[number].select('a[href^="#source-"]') if number in entries else []:
            cited.add(int(link["href"].split("-")[-1]))
    for number, entry in entries.items():
        if number not in cited:
            entry.decompose()
    if len(entries) > len(cited & set(entries)):
        note = soup.new_tag("p", attrs={"class": "note"})
        note.string = (
            "Only the documents this edition cites are listed, numbered as in the data annex, whose sheet "
            "‘Sources’ lists every document the data cite."
        )
        listing.insert_before(note)


def _leave_out_of_print(soup: BeautifulSoup, blocks: list[Tag], address: str) -> None:
    """Long tables are left out of the print edition: where each stood, one sentence names the annex
    sheet holding the full list (or, for a table the annex has no sheet for, the HTML edition);
    references to it name that sheet instead of a table number."""
    instead: dict[str, str] = {}
    for block in blocks:
        sheet = _sheet(block)
        if sheet is not None:
            pointer = _annex_pointer(soup, block, address, printed=True)
            said = f"{_quoted(sheet)} of the data annex"
        else:
            rows = len(block.select("tbody tr"))
            pointer = soup.new_tag("p", attrs={"class": "annex-pointer"})
            pointer.append("Not printed: ")
            _append_caption(pointer, block)
            pointer.append(
                f" ({rows} {'row' if rows == 1 else 'rows'}); the table is in the HTML edition of this briefing "
                f"({HTML_EDITION}){_where(address)}."
            )
            said = "a table in the HTML edition"
        if block.get("id"):
            pointer["id"] = block["id"]
            instead[block["id"]] = said
        block.replace_with(pointer)
    for link in soup.select("a.xref"):
        target = link.get("href", "").lstrip("#")
        if target in instead:
            link.string = instead[target]
            link["class"] = ["annex-ref"]
            if _starts_sentence(link):
                link.string = instead[target][0].upper() + instead[target][1:]


def _starts_sentence(link: Tag) -> bool:
    before = link.previous_sibling
    text = before if isinstance(before, str) else (before.get_text() if before is not None else "")
    return before is None or text.rstrip().endswith((".", "!", "?")) or not text.strip()


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
