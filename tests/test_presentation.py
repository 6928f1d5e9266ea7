"""The briefing as a reader gets it: one build of the real data, checked through the PDF's
extracted text and the HTML's structure."""

import re
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import CODE_ARTEFACTS, DATA, ROOT
from kzbrief import chapters, config, datasets, report
from kzbrief.chapters import summary
from kzbrief.pipeline.briefing import BuildOptions, build
from kzbrief.render import Text

A4 = (595, 842)  # points, portrait
CAPTION = re.compile(r"\b(Figure|Table) (\d+)\. ")

pytestmark = pytest.mark.e2e  # every test here reads one build of the real data

SETTINGS = config.load(DATA)
TITLE, SUBTITLE, PUBLISHER = SETTINGS.title, SETTINGS.subtitle, SETTINGS.publisher


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def briefing(tmp_path_factory):
    root = tmp_path_factory.mktemp("real-build")
    messages = []
    build(
        BuildOptions(data_dir=DATA, build_dir=root / "build", figures_dir=root / "figures", jobs=2), log=messages.append
    )
    pdf = PdfReader(root / "build" / "briefing.pdf")
    html = (root / "build" / "briefing.html").read_text(encoding="utf-8")
    return SimpleNamespace(
        pdf=pdf,
        pages=[words(p.extract_text()) for p in pdf.pages],
        html=html,
        soup=BeautifulSoup(html, "html.parser"),
        messages=messages,
    )


def key_findings() -> list[str]:
    """The key findings as the summary's templates word them for data/ with the notebook's
    defaults, computed here without a kernel: each item's text as a reader reads it."""
    tables = datasets.load_all(DATA)
    facts = summary.compute(tables, chapters.parameters({"data_dir": str(DATA), "max_asks": 3}))
    html = Text(DATA, tables["sources"]).html("summary/key_findings.md", facts)
    return [words(item.get_text()) for item in BeautifulSoup(html, "html.parser").select("li")]


def test_pages_are_a4_with_running_header_and_page_x_of_y(briefing):
    total = len(briefing.pages)
    for number, (page, text) in enumerate(zip(briefing.pdf.pages, briefing.pages), start=1):
        size = sorted((round(float(page.mediabox.width)), round(float(page.mediabox.height))))
        assert size == sorted(A4), f"page {number} is not A4"
        assert f"page {number} of {total}" in text
        if number > 1:
            assert TITLE in text


def test_key_findings_are_one_page_after_the_title_with_the_computed_findings(briefing):
    summary = briefing.pages[1]
    assert "Key findings" in summary and "Contents" not in summary
    found = key_findings()
    assert 4 <= len(found) <= 6
    for finding in found:
        # Figure and table numbers are filled in at assembly; the rest reads as computed.
        # A word broken at a line's hyphen ("person- years") reads whole.
        assert re.sub(r"\s*\([^()]*\)$", "", finding) in re.sub(r"(?<=\w)- (?=\w)", "-", summary), finding
    for part in ("What the evidence shows", "What it cannot tell", "What the documents' authors ask for"):
        assert part in summary, part  # all on the one page
    assert "Contents Key findings" in briefing.pages[2]  # the findings ended on their one page
    bottom = briefing.soup.select_one("p.bottom-line").get_text()
    assert 2 <= len(re.findall(r"\.(?:\s|$)", bottom.strip())) <= 3  # two or three sentences
    asks = briefing.soup.select("div.asks li")
    assert asks
    for ask in asks:
        assert " asks " in ask.get_text() and ask.select_one("a.cite")  # attributed and cited
    bodies = [ask.strong.get_text() for ask in asks]
    assert len(set(bodies[:2])) == min(2, len(set(bodies)))  # one call from each voice in turn


def test_tables_show_no_internal_ids(briefing):
    tables = datasets.load_all(DATA)
    ids = set()
    for name, column in (
        ("sources", "source_id"),
        ("casualty_estimates", "claim_id"),
        ("cases", "case_id"),
        ("events", "event_id"),
    ):
        ids |= set(tables[name][column].dropna())
    cells = [cell.get_text(" ", strip=True) for cell in briefing.soup.select("table td")]
    leaked = {i for i in ids for cell in cells if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", cell)}
    assert not leaked, sorted(leaked)


def test_table_dates_read_as_a_person_writes_them(briefing):
    iso = [
        td.get_text(strip=True)
        for td in briefing.soup.select("table td")
        if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", td.get_text(strip=True))
    ]
    assert not iso, iso[:5]


def test_no_jargon_outside_the_methods_chapter(briefing):
    for chapter in briefing.soup.select("main > section.chapter"):
        if chapter.get("aria-labelledby") == "methods-and-data":
            continue
        text = chapter.get_text(" ").lower()
        for word in ("case row", "hull", "percentile", "None"):
            assert word not in text, (chapter.get("aria-labelledby"), word)


def test_no_page_is_more_than_a_third_empty_except_before_a_chapter(briefing):
    starts = set(chapter_pages(briefing).values()) | {3}  # the contents follow the one-page key findings
    for number, page in enumerate(briefing.pdf.pages):
        if number == 0 or number + 2 in starts or number == len(briefing.pdf.pages) - 1:  # next page starts a chapter
            continue
        lowest = lowest_content(page)
        height = float(page.mediabox.height)
        assert lowest < height / 3 + 60, f"page {number + 1} is more than a third empty"


def chapter_pages(briefing) -> dict[str, int]:
    """Chapter title -> the page it starts on, as the contents say (checked by the contents test)."""
    contents = next(text for text in briefing.pages if "Contents Key findings" in text)
    found = {}
    for link in briefing.soup.select("nav.contents > ol > li > a"):
        title = link.get_text()
        match = re.search(re.escape(title) + r"[ .]*?(\d+)(?!\d)", contents)
        found[title] = int(match.group(1))
    return found


def lowest_content(page) -> float:
    """The y (from the bottom) of the lowest text or drawing on the page, footer excluded."""
    ys = []

    def visit(text, cm, tm, font, size):
        if text.strip() and not text.strip().startswith("page "):
            ys.append(tm[5] * cm[3] + cm[5])

    page.extract_text(visitor_text=visit)
    ys = [y for y in ys if y > 45]  # the footer's "page X of Y"
    return min(ys) if ys else float(page.mediabox.height)


def test_pdf_is_tagged_for_screen_readers(briefing):
    root = briefing.pdf.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root and root["/Lang"] == "en"


def test_contents_list_every_chapter_and_section_with_the_page_it_starts_on(briefing):
    contents_page = next(i for i, text in enumerate(briefing.pages) if "Contents Key findings" in text)
    contents = briefing.pages[contents_page]
    entries = [a.get_text() for a in briefing.soup.select("nav.contents a")]
    for chapter in (
        "Key findings",
        "Sentencing",
        "Casualties and detentions",
        "Press freedom",
        "Methods and data",
        "Sources",
        "Appendix",
    ):
        assert any(e.startswith(chapter) for e in entries), chapter
    for entry in entries:
        match = re.search(re.escape(entry) + r"[ .]*?(\d+)(?!\d)", contents)
        assert match, f"no page number for {entry!r} in the contents"
        page = int(match.group(1))
        assert page >= 2, entry
        assert entry in briefing.pages[page - 1], f"{entry!r} is not on page {page}"


def test_chapters_come_in_the_order_a_briefing_reads(briefing):
    chapters = [s.find("h2").get_text() for s in briefing.soup.select("main > section.chapter")]
    order = [
        "Key findings",
        "Sentencing",
        "Casualties and detentions",
        "Press freedom",
        "Case profiles",
        "Methods and data",
        "Sources",
    ]
    positions = [next(i for i, c in enumerate(chapters) if c.startswith(name)) for name in order]
    assert positions == sorted(positions)
    assert any(c.startswith("Background") for c in chapters)


def test_every_figure_and_table_caption_is_numbered_and_followed_by_its_source_line(briefing):
    text = " ".join(briefing.pages)
    captions = list(CAPTION.finditer(text))
    for kind in ("Figure", "Table"):
        numbers = [int(m.group(2)) for m in captions if m.group(1) == kind]
        assert numbers == list(range(1, len(numbers) + 1)), kind
    assert len([m for m in captions if m.group(1) == "Figure"]) == len(briefing.soup.select("figure.briefing-figure"))
    assert len([m for m in captions if m.group(1) == "Table"]) == len(briefing.soup.select(".briefing-table-block"))
    ends = [m.start() for m in captions[1:]] + [len(text)]
    for caption, end in zip(captions, ends):
        assert re.search(r"Sources?: ", text[caption.end() : end]), f"{caption.group(0)} has no source line"


def test_source_lines_cite_numbered_entries_of_the_bibliography(briefing):
    entries = {li["id"] for li in briefing.soup.select("ol.bibliography li")}
    cites = briefing.soup.select(".source-line a.cite")
    assert cites and all(a["href"].lstrip("#") in entries for a in cites)
    sources = datasets.load_all(DATA)["sources"]
    index = sources["source_type"] == "index"
    assert len(entries) == int((~index).sum()) + sources.loc[index, "publisher"].nunique()  # one entry per index


def test_text_refers_to_figures_and_tables_by_their_numbers(briefing):
    labels = {}
    for block in briefing.soup.select("figure.briefing-figure, div.briefing-table-block"):
        labels[block["id"]] = block.select_one(".label").get_text().rstrip(".")
    references = briefing.soup.select("a.xref")
    assert len(references) >= 10
    for link in references:
        assert link.get_text() == labels[link["href"].lstrip("#")]
    text = " ".join(briefing.pages)
    assert re.search(r"\((?:see )?Figure \d+\)", text) and re.search(r"\((?:see )?Table \d+\)", text)
    assert not any("warning" in m for m in briefing.messages), briefing.messages


def test_no_code_prompts_warnings_or_reprs_in_the_pdf(briefing):
    text = " ".join(briefing.pages)
    for artefact in [*CODE_ARTEFACTS, "¶", "<IPython", "DataFrame", "dtype"]:
        assert artefact not in text, artefact


def test_fonts_are_embedded_dejavu(briefing):
    fonts = {}
    for page in briefing.pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font)[
                "/FontDescriptor"
            ]
            fonts[str(font["/BaseFont"])] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), fonts
    assert all("DejaVu" in name for name in fonts), fonts


def test_long_tables_are_in_the_appendix_not_across_chapter_pages(briefing):
    for block in briefing.soup.select("div.briefing-table-block"):
        rows = len(block.select("tbody tr"))
        if rows > report.LONG_TABLE_ROWS:
            assert block.find_parent("section")["aria-labelledby"] == "appendix", block["id"]
    appendix = briefing.soup.select_one("section.appendix-chapter")
    assert {b["id"] for b in appendix.select(".briefing-table-block")} >= {
        "tab-sentencing-defendants",
        "tab-casualty-claims",
    }
    assert len(briefing.soup.select("p.appendix-pointer")) == len(appendix.select(".briefing-table-block"))


def test_the_printed_appendix_names_each_long_table_and_leaves_its_rows_to_the_html_edition(briefing):
    """The PDF's page count does not grow with the rows of long tables: it prints each one's
    caption and row count; the rows are in the HTML."""
    appendix = briefing.soup.select_one("section.appendix-chapter")
    first = next(i for i, t in enumerate(briefing.pages) if "Appendix: long tables Tables too long" in t)
    printed = " ".join(briefing.pages[first:])
    for block in appendix.select(".briefing-table-block"):
        # read as printed: a fact's <span> in the caption adds no space
        caption = " ".join(block.select_one(".table-caption").get_text().split())
        rows = len(block.select("tbody tr"))
        assert caption[:60] in printed
        assert f"{rows} rows, not printed: the table is in the HTML edition of this briefing (briefing.html)" in printed
    defendants = appendix.select_one("#tab-sentencing-defendants tbody tr td:nth-of-type(2)").get_text(strip=True)
    assert defendants and defendants in briefing.html and defendants not in printed.split("Appendix: long tables")[-1]


# --- HTML --------------------------------------------------------------------------------------


def test_html_is_one_self_contained_file(briefing):
    html = briefing.html
    assert not re.search(r"""<(?:link|script|iframe|object|embed)\b""", html)
    for tag in briefing.soup.find_all(src=True):
        assert tag["src"].startswith("data:"), tag["src"][:60]
    assert not re.search(r"url\((['\"])?(https?:)?//", html)
    assert not re.search(r"@import", html)


def test_html_headings_are_in_order_and_the_language_is_set(briefing):
    assert briefing.soup.html["lang"] == "en"
    levels = [int(h.name[1]) for h in briefing.soup.find_all(re.compile(r"^h[1-6]$"))]
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in zip(levels, levels[1:]):
        assert after <= before + 1, f"heading level jumps from h{before} to h{after}"


def test_every_image_is_vector_with_alt_text_stating_what_it_shows(briefing):
    images = briefing.soup.find_all("img")
    assert 6 <= len(images) <= 10  # fewer, stronger charts (the Zhanaozen contrast is the tenth)
    for image in images:
        assert image["src"].startswith("data:image/svg+xml;base64,")
        # a phone gets the chart's narrow drawing; print and wide screens the <img>
        (phone,) = image.parent.find_all("source") if image.parent.name == "picture" else [None]
        assert phone is not None and phone["media"] == "(max-width: 600px)"
        assert phone["srcset"].startswith("data:image/svg+xml;base64,") and phone["srcset"] != image["src"]
        alt = image.get("alt", "")
        assert len(alt) > 30 and any(ch.isdigit() for ch in alt), alt


def test_tables_have_header_cells(briefing):
    tables = briefing.soup.find_all("table")
    assert tables
    for table in tables:
        assert table.thead and table.thead.find_all("th"), table.get("class")


def test_phone_width_needs_no_page_scroll(briefing):
    # Wide content scrolls inside its own box; images shrink to the column.
    css = (ROOT / "src" / "kzbrief" / "styles" / "briefing.css").read_text()
    assert re.search(r"@media screen \{\s*\.briefing-table-block \{[^}]*overflow-x: auto", css)
    assert re.search(r"figure\.briefing-figure img \{[^}]*max-width: 100%", css)
    viewport = briefing.soup.find("meta", attrs={"name": "viewport"})
    assert viewport["content"] == "width=device-width, initial-scale=1"


def test_every_internal_link_has_a_target(briefing):
    ids = {tag["id"] for tag in briefing.soup.find_all(id=True)}
    links = [a["href"][1:] for a in briefing.soup.find_all("a", href=True) if a["href"].startswith("#")]
    assert len(links) > 50
    assert not [target for target in links if target not in ids]
