"""Source lines cite the numbered bibliography; data text is escaped wherever it is shown."""

import pandas as pd

from kzbrief import datasets, report
from kzbrief.analysis import coverage
from kzbrief.analysis.findings import Finding

from conftest import DATA


def sources_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "source_id": ["index-2003", "cited", "report", "index-2002", "news"],
        "publisher": ["RSF", "A Ministry", "An NGO", "RSF", "A paper"],
        "title": ["World Press Freedom Index 2003", "Press release", "A report", "World Press Freedom Index 2002", "Story"],
        "date": ["2003", "2012", "2014", "2002", "2012-10"],
        "url": [None, None, "https://example.org/r", None, None],
        "source_type": ["index", "official", "ngo", "index", "media"],
        "cited_in": [None, "report", None, None, None],
        "notes": [None] * 5,
    })


def test_bibliography_numbers_documents_then_cited_documents_then_index_editions():
    numbers = report.bibliography_numbers(sources_frame())
    assert numbers == {"news": 1, "report": 2, "cited": 3, "index-2002": 4, "index-2003": 5}


def test_source_line_cites_bibliography_numbers_and_folds_index_editions():
    line = report.source_line(["report", "index-2003", "index-2002", "news"], sources_frame())
    assert line == "Sources: An NGO (2014) [2]; RSF, World Press Freedom Index (2 editions, 2002 to 2003) [4, 5]; A paper (2012) [1]."
    assert report.source_line(["report"], sources_frame()) == "Source: An NGO (2014) [2]."


def test_source_html_links_each_number_to_its_bibliography_entry():
    html = report.source_html(["report"], sources_frame())
    assert html == 'Source: An NGO (2014) <a class="cite" href="#source-2">[2]</a>.'


def test_bibliography_list_has_one_numbered_entry_per_source_with_its_type():
    html = report.bibliography_list(sources_frame()).data
    assert html.count("<li ") == 5
    assert '<li id="source-2" value="2"><span class="source-type">Non-governmental organisation</span> An NGO' in html
    assert "State body (an interested party)" in html and "Cited in <a class=\"cite\" href=\"#source-2\">[2]</a>." in html


def test_every_real_source_gets_a_distinct_number():
    sources = datasets.load_all(DATA)["sources"]
    numbers = report.bibliography_numbers(sources)
    assert sorted(numbers.values()) == list(range(1, len(sources) + 1))
    assert list(coverage.bibliography(sources)["no"]) == list(range(1, len(sources) + 1))


def test_data_text_in_findings_and_tables_is_escaped():
    hostile = "<script>alert(1)</script>"
    findings = report.key_findings([Finding("sentencing", f"{hostile} was sentenced.", {}, ("figure", "x"))]).data
    assert "<script>" not in findings and "&lt;script&gt;alert(1)&lt;/script&gt;" in findings
    assert '<a class="xref" href="#fig-x">figure</a>' in findings
    table = report.table(pd.DataFrame({"defendant": [hostile]}), caption=hostile, source_ids=[], sources=sources_frame()).data
    assert "<script>" not in table and table.count("&lt;script&gt;") == 2


def test_a_reference_passes_through_prose_unescaped_but_values_do_not():
    text = report.prose("{who} ({see})", who="<b>x</b>", see=report.see("table", "t")).data
    assert text == '&lt;b&gt;x&lt;/b&gt; (<a class="xref" href="#tab-t">table</a>)'
