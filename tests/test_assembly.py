"""Putting chapters together: chapters, numbering, cross-references, contents, appendix."""

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


def test_long_tables_move_to_the_appendix_leaving_a_numbered_pointer():
    soup = assembled(
        heading(2, "Chapter"),
        cell(table("short", 3)),
        cell(table("long", report.LONG_TABLE_ROWS + 1)),
        cell(table("chosen", 5, appendix=True)),
        heading(2, "Sources"),
    )
    appendix = soup.select("main > section.chapter")[-1]
    assert appendix.h2.get_text() == "Appendix: long tables"
    assert [b["id"] for b in appendix.select(".briefing-table-block")] == ["tab-long", "tab-chosen"]
    pointers = [p.get_text(" ", strip=True) for p in soup.select("p.appendix-pointer")]
    assert pointers == ["Table 2 , in the appendix: Caption of long.", "Table 3 , in the appendix: Caption of chosen."]
    assert soup.select_one("#tab-short").find_parent("section").h2.get_text() == "Chapter"


def test_the_print_edition_lists_appendix_tables_by_caption_and_leaves_their_rows_to_the_html():
    """However many rows the appendix tables hold, the print edition gives each its caption,
    number, row count and source line, and no row; the chapters' own tables keep theirs."""
    for rows in (report.LONG_TABLE_ROWS + 1, 5000):
        body = page(heading(2, "Chapter"), cell(table("short", 3)), cell(table("long", rows)), heading(2, "Sources"))
        screen, printed = (BeautifulSoup(html, "html.parser") for html in assemble_editions(body))
        assert str(screen) == assemble(body)
        assert len(screen.select("#tab-long tbody tr")) == rows
        block = printed.select_one("#tab-long")
        assert block.find("table") is None and block.select_one(".source-line") is not None
        assert block.select_one(".table-caption").get_text().startswith("Table 2. Caption of long")
        assert block.select_one(".rows-elsewhere").get_text() == (
            f"{rows} rows, not printed: the table is in the HTML edition of this briefing (briefing.html), "
            "in its appendix."
        )
        assert len(printed.select("#tab-short tbody tr")) == 3


def test_short_tables_are_kept_on_one_page_and_long_ones_may_break():
    assert "short" in table("t", 3)
    assert "short" not in table("t", report.SHORT_TABLE_ROWS + 1)
    wordy = pd.DataFrame({"text": ["word " * 100] * 4})
    assert "short" not in report.table(wordy, caption="c", source_ids=[], sources=SOURCES).data


def test_html_without_a_main_element_is_refused():
    with pytest.raises(AssemblyError, match="<main>"):
        assemble("<html><body><p>no main</p></body></html>")


def test_the_build_record_closes_the_methods_chapter_or_else_the_briefing():
    record = '<section class="build-record"><h3>About this build</h3><p>Built 2026-01-01</p></section>'
    soup = assembled(heading(2, "Methods and data"), cell("<p>how</p>"), heading(2, "Sources"), record)
    methods = soup.find("h2", id="methods-and-data").find_parent("section")
    assert methods.select("section.build-record") and methods.contents[-1]["class"] == ["build-record"]
    alone = assembled(heading(2, "Sentencing"), record)
    assert alone.select_one("main").find_all(recursive=False)[-1]["class"] == ["build-record"]
