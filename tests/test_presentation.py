"""The briefing as a reader gets it: one build of the real data, checked through the PDF's
extracted text and the HTML's structure."""

import re
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

import chromium
from conftest import CODE_ARTEFACTS, DATA
from kzbrief import chapters, config, datasets, report
from kzbrief.chapters import summary
from kzbrief.pipeline import annex
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
        out=root / "build",
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
        assert " asked " in ask.get_text() and ask.select_one("a.cite")  # attributed, dated and cited
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


def chapter_pages(briefing) -> dict[str, int]:
    """Chapter title -> the page it starts on, as the contents say (checked by the contents test)."""
    contents = next(text for text in briefing.pages if "Contents Key findings" in text)
    found = {}
    for link in briefing.soup.select("nav.contents .toc > li > a"):
        title = link.get_text()
        match = re.search(re.escape(title) + r"[ .]*?(\d+)(?!\d)", contents)
        found[title] = int(match.group(1))
    return found


# Cover to sources, the long tables in the annex. 24 pages held the 2002-2016 record; the record to
# 2026 (January 2022 in every chapter, political prisoners, the named prosecutions since 2017) takes
# more. The two-page brief (brief.pdf) is the ten-minute read; this budget keeps the full
# briefing from growing unnoticed.
MAX_PAGES = 32


def test_the_briefing_is_at_most_24_pages_from_cover_to_sources(briefing):
    assert len(briefing.pdf.pages) <= MAX_PAGES, f"{len(briefing.pdf.pages)} pages"


def test_the_page_review_finds_nothing_a_print_reader_would_notice(briefing):
    """No box past the text block, no page under 40 % full in the middle of a chapter, no heading
    or lone table row at a page foot, no running text under 9.5 pt: measured on the laid-out
    pages by the build (page_review.py), which prints each problem as a "layout:" line."""
    problems = [m for m in briefing.messages if m.lstrip().startswith("layout:")]
    assert not problems, "\n".join(problems)


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
    printed_tables = briefing.soup.select(".briefing-table-block:not(.appendix)")  # long ones: the annex's
    assert len([m for m in captions if m.group(1) == "Table"]) == len(printed_tables)
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


def test_long_tables_stay_in_the_html_and_the_print_edition_points_to_the_annex_where_each_stood(briefing):
    """The PDF's page count does not grow with the rows of long tables: where each stood, it prints one
    sentence naming the annex file and sheet; the HTML keeps the table, followed by the same pointer."""
    printed = " ".join(briefing.pages)
    assert "Appendix" not in printed and not briefing.soup.select(".appendix-chapter")
    long_tables = briefing.soup.select("div.briefing-table-block.appendix")
    assert {b["id"] for b in long_tables} >= {"tab-sentencing-defendants", "tab-casualty-claims"}
    for block in briefing.soup.select("div.briefing-table-block"):
        if len(block.select("tbody tr")) > report.LONG_TABLE_ROWS:
            assert block in long_tables, block["id"]
    for block in long_tables:
        sheet = annex.BY_NAME[annex.TABLE_SHEETS[block["id"].removeprefix("tab-")]]
        pointer = block.find_next_sibling()
        assert "annex-pointer" in pointer["class"] and f"sheet \u2018{sheet.name}\u2019 of annex.xlsx" in (
            pointer.get_text()
        )
        # read as printed: a fact's <span> in the caption adds no space
        caption = " ".join(block.select_one(".table-caption").get_text().split())
        assert caption[:60] not in printed, "the table is not printed"
        assert (
            f"The full list of {sheet.listing} is in the data annex published with this briefing: "
            f"sheet \u2018{sheet.name}\u2019 of annex.xlsx, also in annex.html."
        ) in printed


def test_the_build_record_is_the_html_editions_colophon_and_not_printed(briefing):
    record = briefing.soup.select_one("main").find_all(recursive=False)[-1]
    assert "build-record" in record["class"]
    fingerprint = re.search(r"fingerprint ([0-9a-f]{12})", record.get_text()).group(1)
    printed = " ".join(briefing.pages)
    assert fingerprint not in printed and "About this build" not in printed


def test_the_annex_is_written_beside_the_briefing_with_every_table(briefing):
    from openpyxl import load_workbook

    tables = datasets.load_all(DATA)
    book = load_workbook(briefing.out / annex.XLSX_NAME, read_only=True)
    assert book.sheetnames == ["README", *(sheet.name for sheet in annex.SHEETS)]
    for sheet, table in (("Events", "events"), ("Claims", "casualty_estimates"), ("Sources", "sources")):
        assert book[sheet].max_row == len(tables[table]) + 1, sheet
    assert {p.name for p in (briefing.out / annex.CSV_DIR).iterdir()} == {
        *(f"{sheet.file}.csv" for sheet in annex.SHEETS),
        annex.README_FILE,
    }
    page = BeautifulSoup((briefing.out / annex.HTML_NAME).read_text(encoding="utf-8"), "html.parser")
    assert len(page.select("table")) == len(annex.SHEETS)


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
    assert 6 <= len(images) <= 11  # fewer, stronger charts (the Zhanaozen contrast, political prisoners)
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


@pytest.fixture(scope="module")
def layout(briefing, tmp_path_factory) -> dict[int, dict]:
    """The HTML edition laid out by headless Chromium on a phone (390 x 844 CSS px) and on a
    laptop (1280 x 800), measured (tests/chromium.py)."""
    page = tmp_path_factory.mktemp("layout") / "briefing.html"
    page.write_text(briefing.html, encoding="utf-8")
    return {width: chromium.measure(page, width, height) for width, height in ((390, 844), (1280, 800))}


@pytest.mark.parametrize("width", [390, 1280])
def test_the_page_never_scrolls_sideways_and_no_table_or_image_is_wider_than_the_screen(briefing, layout, width):
    measured = layout[width]
    assert measured["width"] == width
    assert measured["scroll_width"] <= width
    assert len(measured["tables"]) == len(briefing.soup.find_all("table")) > 5
    assert len(measured["images"]) == len(briefing.soup.find_all("img")) > 5
    for image in measured["images"]:
        assert image["right"] <= width + 0.5, image
    for table in measured["tables"]:
        if width == 390:  # on a phone, cards: every table fits, none scrolls inside its box either
            assert table["right"] <= width + 0.5 and not table["box_scrolls"], table
        else:  # wider than the text column (ranks of a dozen countries): it scrolls inside its box
            assert table["right"] <= width + 0.5 or (table["box_scrolls"] and table["box_right"] <= width), table


def test_body_text_is_at_least_16_px_on_screen(layout):
    for width in (390, 1280):
        sizes = layout[width]["text_sizes"]
        assert sizes and sorted(sizes)[len(sizes) // 2] >= 16, (width, sorted(sizes)[:5])


def test_a_phone_s_first_screen_shows_the_bottom_line_the_period_and_the_cut_off(layout):
    phone = layout[390]
    assert [c["text"] for c in phone["coverage"][::2]] == ["Period covered", "Data cut-off"]
    assert all(c["bottom"] <= phone["height"] for c in phone["coverage"]), phone["coverage"]
    # The bottom line starts on the first screen, with room for its first lines.
    assert phone["bottom_line"] is not None and phone["bottom_line"] <= phone["height"] - 100


@pytest.mark.parametrize("width", [390, 1280])
def test_the_contents_can_be_opened_from_the_middle_of_the_briefing(layout, width):
    middle = layout[width]["middle"]
    assert middle["scrolled"] > 5000  # the page was scrolled far from the top, where the menu starts
    assert middle["summary_top"] >= 0 and middle["summary_bottom"] <= layout[width]["height"], middle
    assert middle["summary_reached"], "something covers the contents' summary"


def test_every_internal_link_has_a_target(briefing):
    ids = {tag["id"] for tag in briefing.soup.find_all(id=True)}
    links = [a["href"][1:] for a in briefing.soup.find_all("a", href=True) if a["href"].startswith("#")]
    assert len(links) > 50
    assert not [target for target in links if target not in ids]


def test_every_named_person_has_a_dated_latest_status_with_its_document(briefing):
    """The named people's table (HTML edition) gives every named person of the selection a latest
    status 'as of <date> (<document>)', and every profile prints one (both editions)."""
    from kzbrief.analysis import sentencing as sn
    from kzbrief.chapters import selection

    tables = datasets.load_all(DATA)
    named = set(sn.named_prosecuted(selection.cases(tables, chapters.parameters({"data_dir": str(DATA)})))["defendant"])
    div = briefing.soup.find(id="tab-sentencing-defendants")
    assert div is not None
    table = div.find("table")
    headers = [th.get_text(" ", strip=True) for th in table.find("thead").find_all("th")]
    person, latest = headers.index("defendant"), headers.index("latest status")
    dated = re.compile(r", as of (\d{1,2} )?([A-Z][a-z]{2} )?\d{4} \(.+\)")
    seen = set()
    for row in table.find("tbody").find_all("tr"):
        cells = [words(td.get_text(" ")) for td in row.find_all("td")]
        seen.add(cells[person])
        assert dated.search(cells[latest]), cells
    assert named <= seen
    profiles = briefing.soup.select("section.profile")
    assert profiles
    for profile in profiles:
        text = words(profile.get_text())
        assert re.search(
            r"Latest status recorded: .+, as of (\d{1,2} )?([A-Z][a-z]{2} )?\d{4} \(.+\[[\d, ]+\]\)", text
        ), text
    pdf = " ".join(briefing.pages)
    assert len(re.findall(r"Latest status recorded: ", pdf)) == len(profiles)
