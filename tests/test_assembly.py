"""Putting chapters together: chapters, numbering, cross-references, contents, pointers to the data annex."""

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from conftest import one_source
from kzbrief import report
from kzbrief.pipeline.assembly import AssemblyError, assemble, assemble_editions

SOURCES = one_source()


def cell(html: str) -> str:
    """One rendered cell as nbconvert's basic template wraps it."""
    return f'<div class="cell"><div class="output_area">{html}</div></div>'


def heading(level: int, text: str) -> str:
    return cell(f'<h{level} id="{text}">{text}<a class="anchor-link" href="#{text}">¶</a></h{level}>')


def figure(name: str) -> str:
    """The markup report.figure() gives, without drawing a chart."""
    return (
        f'<figure class="briefing-figure" id="fig-{name}"><img src="data:," alt="a finding">'
        f'<figcaption>Caption of {name}</figcaption><p class="source-line">Source: An NGO (2014) [1].</p></figure>'
    )


def table(name: str, rows: int = 3, appendix=None) -> str:
    frame = pd.DataFrame({"n": range(rows)})
    return report.table(
        frame, caption=f"Caption of {name}", source_ids=["doc"], sources=SOURCES, name=name, appendix=appendix
    ).data


def page(*cells: str) -> str:
    return f"<html><body><header><h1>Title</h1></header><main>{''.join(cells)}</main></body></html>"


def see(kind: str, name: str) -> str:
    return cell(f"<p>As {report.see(kind, name)} shows.</p>")


def assembled(*cells: str, warn=lambda message: None) -> BeautifulSoup:
    return BeautifulSoup(assemble(page(*cells), warn), "html.parser")


def test_figures_and_tables_are_numbered_in_reading_order_and_references_get_the_numbers():
    soup = assembled(
        heading(2, "Key findings"),
        see("figure", "b"),
        see("table", "t2"),
        heading(2, "Chapter"),
        cell(figure("a")),
        cell(table("t1")),
        cell(figure("b")),
        cell(table("t2")),
    )
    captions = [c.get_text(" ", strip=True) for c in soup.select("figcaption, .table-caption")]
    assert captions == [
        "Figure 1. Caption of a",
        "Table 1. Caption of t1",
        "Figure 2. Caption of b",
        "Table 2. Caption of t2",
    ]
    assert [a.get_text() for a in soup.select("a.xref")] == ["Figure 2", "Table 2"]
    assert soup.select_one("a.xref")["href"] == "#fig-b"


def test_a_reference_to_a_figure_not_in_the_briefing_is_reported_and_said_in_the_text():
    problems = []
    soup = assembled(heading(2, "Chapter"), see("figure", "missing"), warn=problems.append)
    assert problems and "'fig-missing'" in problems[0]
    assert soup.select_one("a.xref").get_text() == "a figure not in this build"
    assert not soup.select_one("a.xref").has_attr("href")


def test_each_level_two_heading_starts_a_chapter_with_a_readable_id():
    soup = assembled(
        heading(2, "Sentencing: how the courts were used"),
        cell("<p>a</p>"),
        heading(3, "How long"),
        heading(2, "Press freedom"),
        cell("<p>b</p>"),
    )
    chapters = soup.select("main > section.chapter")
    assert [c.h2["id"] for c in chapters] == ["sentencing-how-the-courts-were-used", "press-freedom"]
    assert chapters[0].find("h3")["id"] == "how-long"
    assert not soup.select("a.anchor-link")


def test_repeated_headings_get_distinct_ids():
    soup = assembled(heading(2, "Notes"), heading(3, "Notes"), heading(2, "Other"), heading(3, "Notes"))
    ids = [h["id"] for h in soup.find_all(["h2", "h3"])]
    assert len(ids) == len(set(ids))


def test_contents_follow_the_executive_summary_and_link_every_chapter_and_section():
    body = page(
        heading(2, "Key findings"),
        cell("<p>findings</p>"),
        heading(2, "Sentencing"),
        heading(3, "How long"),
        heading(2, "Sources"),
    )
    links = ["#key-findings", "#sentencing", "#how-long", "#sources"]
    screen, printed = (BeautifulSoup(html, "html.parser") for html in assemble_editions(body))
    # On screen: a menu that opens and closes, first in the briefing (the stylesheet keeps it at
    # the top of the screen), with no heading of its own.
    menu = screen.select_one("main > nav.contents")
    assert screen.select("main > *")[0] is menu and menu["aria-label"] == "Contents"
    assert menu.details.summary.get_text() == "Contents" and menu.details.get("open") is None
    assert [a["href"] for a in menu.details.select("ol.toc a")] == links
    assert menu.find("h2") is None
    # In print: the ordinary contents page, right after the summary chapter, a plain list.
    nav = printed.select_one("main > nav.contents")
    assert printed.select("main > *")[1] is nav and nav.find(["details", "summary"]) is None
    assert nav.h2.get_text() == "Contents" and nav.h2["id"] == "contents"
    assert [a["href"] for a in nav.select("ol.toc a")] == links
    assert len(printed.select("nav.contents")) == 1


def test_contents_come_first_without_a_summary():
    body = page(heading(2, "Sentencing"), heading(2, "Sources"))
    for edition in assemble_editions(body):
        assert BeautifulSoup(edition, "html.parser").select("main > *")[0].name == "nav"


def editions(*cells: str, address: str = "") -> tuple[BeautifulSoup, BeautifulSoup]:
    return tuple(BeautifulSoup(html, "html.parser") for html in assemble_editions(page(*cells), address=address))


def test_long_tables_stay_in_the_html_edition_with_a_pointer_to_the_annex_and_no_appendix():
    screen, printed = editions(
        heading(2, "Chapter"),
        see("table", "sentencing-releases"),
        cell(table("short", 3)),
        cell(table("sentencing-releases", report.LONG_TABLE_ROWS + 1)),
        cell(table("sentencing-charges", 5, appendix=True)),
        heading(2, "Sources"),
    )
    for soup in (screen, printed):
        assert [s.h2.get_text() for s in soup.select("main > section.chapter")] == ["Chapter", "Sources"]
        assert not soup.select(".appendix-chapter, .appendix-pointer")
    blocks = screen.select(".briefing-table-block")
    assert [b["id"] for b in blocks] == ["tab-short", "tab-sentencing-releases", "tab-sentencing-charges"]
    assert len(screen.select("#tab-sentencing-releases tbody tr")) == report.LONG_TABLE_ROWS + 1
    after = [b.find_next_sibling() for b in blocks[1:]]
    assert [p.get_text() for p in after] == [
        "The full list of statements about release, each row with its document, is also in the data annex: "
        "sheet \u2018Releases\u2019 of annex.xlsx, also in annex.html.",
        "The full list of charges, each row with its document, is also in the data annex: "
        "sheet \u2018Charges\u2019 of annex.xlsx, also in annex.html.",
    ]
    assert [a["href"] for a in after[0].select("a")] == ["annex.xlsx", "annex.html#releases"]
    assert screen.select_one("a.xref").get_text() == "Table 2"
    body = page(heading(2, "Chapter"), cell(table("sentencing-releases", report.LONG_TABLE_ROWS + 1)))
    assert assemble_editions(body)[0] == assemble(body), "the HTML edition is the same either way"


def test_the_print_edition_points_to_the_annex_where_a_long_table_stood_and_numbers_the_tables_it_prints():
    """However many rows a long table holds, the print edition has one sentence in its place, naming
    the annex file and sheet; references to it name the sheet; the tables it prints are numbered
    without gaps."""
    for rows in (report.LONG_TABLE_ROWS + 1, 5000):
        _, printed = editions(
            heading(2, "Chapter"),
            see("table", "sentencing-releases"),
            cell(table("sentencing-releases", rows)),
            cell(table("short", 3)),
            heading(2, "Sources"),
        )
        assert printed.select("tbody tr") == printed.select("#tab-short tbody tr")
        pointer = printed.select_one("#tab-sentencing-releases")
        assert pointer.name == "p" and pointer.find_parent("section").h2.get_text() == "Chapter"
        assert pointer.get_text() == (
            "The full list of statements about release is in the data annex published with this briefing: "
            "sheet \u2018Releases\u2019 of annex.xlsx, also in annex.html."
        )
        assert not pointer.find("a"), "no link to a file beside a printed page"
        assert printed.select_one(".annex-ref").get_text() == "sheet \u2018Releases\u2019 of the data annex"
        assert printed.select_one("#tab-short .label").get_text() == "Table 1."


def test_the_pointers_name_the_address_the_briefing_is_published_at():
    screen, printed = editions(
        heading(2, "Chapter"),
        cell(table("timeline", 3, appendix=True)),
        address="https://example.org/briefing/",
    )
    assert "published with this briefing at https://example.org/briefing/: sheet \u2018Events\u2019 of" in (
        printed.select_one("#tab-timeline").get_text()
    )
    assert [a["href"] for a in printed.select("#tab-timeline a")] == [
        "https://example.org/briefing/annex.xlsx",
        "https://example.org/briefing/annex.html#events",
    ]
    assert screen.select_one(".annex-pointer a")["href"] == "https://example.org/briefing/annex.xlsx"


def test_a_long_table_the_annex_has_no_sheet_for_is_left_to_the_html_edition():
    screen, printed = editions(
        heading(2, "Chapter"),
        see("table", "long"),
        cell(table("long", report.LONG_TABLE_ROWS + 1)),
        heading(2, "Sources"),
    )
    assert len(screen.select("#tab-long tbody tr")) == report.LONG_TABLE_ROWS + 1
    assert not screen.select(".annex-pointer")
    assert printed.select_one("#tab-long").get_text() == (
        f"Not printed: Caption of long ({report.LONG_TABLE_ROWS + 1} rows); the table is in the HTML edition "
        "of this briefing (briefing.html)."
    )
    assert printed.select_one(".annex-ref").get_text() == "a table in the HTML edition"


def test_short_tables_are_kept_on_one_page_and_long_ones_may_break():
    assert "short" in table("t", 3)
    assert "short" not in table("t", report.SHORT_TABLE_ROWS + 1)
    wordy = pd.DataFrame({"text": ["word " * 100] * 4})
    assert "short" not in report.table(wordy, caption="c", source_ids=[], sources=SOURCES).data


def test_html_without_a_main_element_is_refused():
    with pytest.raises(AssemblyError, match="<main>"):
        assemble("<html><body><p>no main</p></body></html>")


def test_the_build_record_closes_the_html_edition_and_is_left_out_of_print():
    record = '<section class="build-record"><h3>About this build</h3><p>Built 2026-01-01</p></section>'
    for cells in ((heading(2, "Methods and data"), cell("<p>how</p>"), heading(2, "Sources")), (heading(2, "A"),)):
        screen, printed = editions(*cells, record)
        last = screen.select_one("main").find_all(recursive=False)[-1]
        assert last["class"] == ["build-record", "colophon"] and "Built 2026-01-01" in last.get_text()
        assert not printed.select(".build-record") and "About this build" not in printed.get_text()
        assert "About this build" not in screen.select_one("nav.contents").get_text()


def test_the_print_edition_lists_only_the_documents_it_cites_with_the_annex_numbers():
    listing = (
        '<ol class="bibliography">'
        '<li id="source-1" value="1">An NGO, <cite>Report</cite> (2012).</li>'
        '<li id="source-2" value="2">A paper, <cite>Article</cite> (2013).</li>'
        '<li id="source-3" value="3">A wire, <cite>Story</cite> (2014). '
        'Cited in <a class="cite" href="#source-4">[4]</a>.</li>'
        '<li id="source-4" value="4">A court, <cite>Ruling</cite> (2015).</li>'
        '<li id="source-5" value="5">A blog, <cite>Post</cite> (2016).</li>'
        "</ol>"
    )
    body = page(
        heading(2, "Chapter"),
        cell('<p>Figures [1] and <a class="cite" href="#source-3">[3]</a>; see also [5–5].</p>'),
        heading(2, "Sources"),
        cell(listing),
    )
    screen, printed = (BeautifulSoup(html, "html.parser") for html in assemble_editions(body))
    kept = [int(li["value"]) for li in printed.select("ol.bibliography > li")]
    assert kept == [1, 3, 4, 5]  # 4 is the document 3 is cited in; 2 is cited nowhere
    assert "numbered as in the data annex" in printed.get_text()
    assert [int(li["value"]) for li in screen.select("ol.bibliography > li")] == [1, 2, 3, 4, 5]
