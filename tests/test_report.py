"""Source lines cite the numbered bibliography; data text is escaped wherever it is shown."""

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from conftest import DATA
from kzbrief import citations, datasets, english, plots, report
from kzbrief.facts import fact, group
from kzbrief.render import Text
from kzbrief.words import Words


def sources_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source_id": ["index-2003", "cited", "report", "index-2002", "news"],
            "publisher": ["RSF", "A Ministry", "An NGO", "RSF", "A paper"],
            "title": [
                "World Press Freedom Index 2003",
                "Press release",
                "A report",
                "World Press Freedom Index 2002",
                "Story",
            ],
            "date": ["2003", "2012", "2014", "2002", "2012-10"],
            "url": [None, None, "https://example.org/r", None, None],
            "source_type": ["index", "official", "ngo", "index", "media"],
            "cited_in": [None, "report", None, None, None],
            "notes": [None] * 5,
        }
    )


def test_bibliography_numbers_documents_then_cited_documents_then_one_entry_per_index():
    numbers = citations.bibliography_numbers(sources_frame())
    assert numbers == {"news": 1, "report": 2, "cited": 3, "index-2002": 4, "index-2003": 4}


def test_source_line_cites_bibliography_numbers_and_folds_index_editions():
    line = citations.source_line(["report", "index-2003", "index-2002", "news"], sources_frame())
    assert line == "Sources: An NGO [2]; RSF, World Press Freedom Index (2 editions, 2002 to 2003) [4]; A paper [1]."


def test_a_source_line_names_each_publisher_once_with_the_numbers_of_its_documents():
    sources = sources_frame()
    second = sources[sources["source_id"] == "report"].assign(source_id="report-2", date="2016")
    sources = pd.concat([sources, second], ignore_index=True)
    line = citations.source_line(["report", "news", "report-2"], sources)
    assert line.count("An NGO") == 1
    numbers = citations.bibliography_numbers(sources)
    assert f"An NGO [{numbers['report']}, {numbers['report-2']}]" in line


def test_a_label_is_what_source_lines_and_text_call_a_publisher():
    sources = sources_frame().assign(label=pd.NA)
    sources.loc[sources["source_id"] == "report", "label"] = "NGO"
    assert citations.source_line(["report"], sources) == "Source: NGO [2]."
    assert citations.short_reference("report", sources) == "NGO (2014)"


def test_table_cells_cite_bibliography_numbers_not_ids():
    assert citations.cite(["news", "index-2003", "report", "news"], sources_frame()) == "[1, 2, 4]"
    assert citations.cite([], sources_frame()) == ""
    with pytest.raises(ValueError, match="source_id"):
        report.table(pd.DataFrame({"source_id": ["news"]}), caption="c", source_ids=[], sources=sources_frame())


def test_number_columns_are_right_aligned_and_the_focus_is_marked():
    frame = pd.DataFrame({"country": ["A", "B"], "rank": [3, 12], "term": ["3–7", None], "note": ["x", "7 years"]})
    html = report.table(frame, caption="c", source_ids=[], sources=sources_frame(), highlight_rows=[False, True]).data
    soup = BeautifulSoup(html, "html.parser")
    aligned = [
        [("num" in (cell.get("class") or [])) for cell in row.find_all(["th", "td"])] for row in soup.select("tr")
    ]
    assert aligned == [[False, True, True, False]] * 3
    assert [("focus" in (row.get("class") or [])) for row in soup.select("tbody tr")] == [False, True]
    column = report.table(frame, caption="c", source_ids=[], sources=sources_frame(), highlight_column="rank").data
    assert BeautifulSoup(column, "html.parser").select("td.focus")[1].get_text() == "12"


def test_dates_read_as_a_person_writes_them_and_no_more_precise_than_given():
    assert english.format_date("2011-12-16") == "16 Dec 2011"
    assert english.format_date("2012-03") == "Mar 2012"
    assert english.format_date("2016") == "2016"
    assert english.format_date(None) == "" and english.format_date(float("nan")) == ""


def test_counts_agree_with_their_nouns():
    assert english.count(1, "person") == "1 person" and english.count(2, "person") == "2 people"
    assert english.count(3, "police officer") == "3 police officers"
    assert english.count(0, "claim") == "0 claims"
    assert english.count(2, "person was", "people were") == "2 people were"
    assert english.plural("document", 1) == "document" and english.plural("analysis", 2) == "analyses"
    assert [english.ordinal(n) for n in (1, 2, 3, 11, 12, 13, 22, 142)] == [
        "1st",
        "2nd",
        "3rd",
        "11th",
        "12th",
        "13th",
        "22nd",
        "142nd",
    ]
    assert citations.source_line(["report"], sources_frame()) == "Source: An NGO [2]."


def test_source_html_links_each_number_to_its_bibliography_entry():
    html = citations.source_html(["report"], sources_frame())
    assert html == 'Source: An NGO <a class="cite" href="#source-2">[2]</a>.'


def test_bibliography_list_has_one_numbered_entry_per_source_with_its_type():
    html = citations.bibliography_list(sources_frame()).data
    assert html.count("<li ") == 4
    assert "World Press Freedom Index</cite>, 2 editions: 2002, 2003." in html
    assert '<li id="source-2" value="2"><span class="source-type">Non-governmental organisation</span> An NGO' in html
    assert "State body (an interested party)" in html and 'Cited in <a class="cite" href="#source-2">[2]</a>.' in html


def test_every_real_document_gets_a_distinct_number_and_each_index_one_entry():
    sources = datasets.load_all(DATA)["sources"]
    numbers = citations.bibliography_numbers(sources)
    documents = sources[sources["source_type"] != "index"]
    indexes = sources[sources["source_type"] == "index"]
    rsf = indexes[indexes["source_id"].str.startswith("rsf-")]["source_id"]
    assert sorted(numbers[s] for s in documents["source_id"]) == list(range(1, len(documents) + 1))
    assert len({numbers[s] for s in rsf}) == 1, "every RSF edition is one entry"
    assert {numbers[s] for s in indexes["source_id"]} == set(
        range(len(documents) + 1, len(documents) + 1 + indexes["publisher"].nunique())
    )
    html = citations.bibliography_list(sources).data
    assert html.count("<li ") == len(documents) + indexes["publisher"].nunique()
    assert html.count("import_classement") == len(rsf)


def test_data_text_in_findings_and_tables_is_escaped():
    hostile = "<script>alert(1)</script>"
    torture = group(
        "torture",
        source="report",
        who=[group("who", name=hostile, people=fact(1), role="activist", in_court=True)],
        responses=[],
    )
    text = Text(DATA, sources_frame())
    text.words = Words(None)  # the package's generic key findings
    findings = text.html("summary/key_findings.md", group("facts", sentencing=group("sentencing", torture=[torture])))
    assert "<script>" not in findings and "&lt;script&gt;alert(1)&lt;/script&gt;" in findings
    assert f"{hostile} testified in court" in BeautifulSoup(findings, "html.parser").get_text()
    assert '<a class="xref" href="#tab-sentencing-torture">table</a>' in findings
    table = report.table(
        pd.DataFrame({"defendant": [hostile]}), caption=hostile, source_ids=[], sources=sources_frame()
    ).data
    assert "<script>" not in table and table.count("&lt;script&gt;") == 2


def test_a_reference_passes_through_a_template_unescaped_but_values_do_not(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "t.md").write_text("{{ who }} ({{ see('table', 't') }})\n", encoding="utf-8")
    html = Text(tmp_path, sources_frame()).html("t.md", inline=True, who="<b>x</b>")
    assert html == '&lt;b&gt;x&lt;/b&gt; (<a class="xref" href="#tab-t">table</a>)'


def test_a_chart_with_overlapping_or_tiny_labels_is_reported(tmp_path):
    import matplotlib.pyplot as plt

    from kzbrief.plots import legibility

    plots.use_style()
    fig, ax = plt.subplots(figsize=(7.2, 3))
    ax.text(0.5, 0.5, "first label")
    ax.text(0.52, 0.5, "second label")
    ax.text(0.1, 0.1, "tiny", fontsize=5)
    found = legibility.problems(fig)
    assert "text 'first label' overlaps 'second label'" in found
    assert "text 'tiny' prints at 5.0 pt (at least 7 pt)" in found
    with pytest.warns(UserWarning, match="figure crowded: text 'first label' overlaps"):
        report.figure(
            fig, "crowded", caption="c", alt="a", source_ids=[], sources=sources_frame(), figures_dir=tmp_path
        )
    clean, ax = plt.subplots(figsize=(7.2, 3))
    ax.plot([0, 1], [0, 1])
    ax.set_title("A line")
    assert legibility.problems(clean) == []


def test_counts_with_gaps_read_as_whole_numbers_not_floats():
    frame = pd.DataFrame({"offence": ["a", "b"], "people": [41.0, None], "score": [3.5, 2.0]})
    html = report.table(frame, caption="c", source_ids=[], sources=sources_frame()).data
    cells = [td.get_text() for td in BeautifulSoup(html, "html.parser").select("td")]
    assert cells == ["a", "41", "3.5", "b", "–", "2.0"]


def test_the_overlap_sweep_finds_exactly_the_pairs_every_pair_comparison_finds():
    """The legibility check's sweep (linear for tall charts) against comparing every pair."""
    import itertools
    import random

    from matplotlib.transforms import Bbox

    from kzbrief.plots import legibility

    rng = random.Random(7)
    boxes = []
    for _ in range(300):
        x, y = rng.uniform(0, 500), rng.uniform(0, 2000)
        boxes.append(Bbox.from_bounds(x, y, rng.uniform(0, 80), rng.uniform(1, 14)))
    boxes.append(Bbox.from_bounds(10, 10, 0, 30))  # no width: never an overlap
    every_pair = [
        (i, j)
        for i, j in itertools.combinations(range(len(boxes)), 2)
        if boxes[i].width and boxes[j].width and legibility._overlap(boxes[i], boxes[j])
    ]
    assert every_pair and legibility._overlapping_pairs(boxes) == every_pair


def test_a_list_in_running_text_names_at_most_its_limit_and_counts_the_rest():
    assert english.join_words(["a", "b", "c", "d", "e"], 3) == "a, b, c and 2 others"
    assert english.join_words(["a", "b", "c", "d"], 3, ("other term", "other terms")) == "a, b, c and 1 other term"
    assert english.join_words(["a", "b", "c"], 3) == "a, b and c"


def test_citations_follow_the_sources_table_they_are_given():
    """Citing is worked out once per sources table, and a changed table is worked out again."""
    sources = sources_frame()
    first = citations.cite(["report"], sources)
    grown = pd.concat([sources.iloc[[4]].assign(source_id="aaa-first", date="1990"), sources], ignore_index=True)
    assert citations.cite(["report"], sources) == first
    assert citations.bibliography_numbers(grown)["aaa-first"] == 1 and citations.cite(["report"], grown) != first


def test_a_long_word_in_a_table_cell_gets_break_opportunities_and_stays_escaped():
    word = "<script>" + "x" * 40 + "&amp;</script>"
    html = report.table(
        pd.DataFrame({"value": [word, "Foundation"]}), caption="c", source_ids=[], sources=sources_frame()
    ).data
    cell = html.split('<td data-label="value">')[1].split("</td>")[0]
    assert "<wbr>" in cell and "<script" not in html
    assert BeautifulSoup(cell.replace("<wbr>", ""), "html.parser").get_text() == word
    assert '<td data-label="value">Foundation</td>' in html  # an ordinary word is left whole


def test_every_table_cell_names_its_column_for_the_phone_layout():
    """On a phone each row is shown as a card whose cells name their column (data-label); the
    names are the header cells' text, escaped, and the header row stays for screen readers."""
    hostile = '<b>"Name" & co</b>'
    frame = pd.DataFrame({"Year": [2011, 2012], hostile: ["a", "b"], "People": [3, None]})
    html = report.table(frame, caption="c", source_ids=[], sources=sources_frame()).data
    table = BeautifulSoup(html, "html.parser").table
    headers = [th.get_text() for th in table.thead.find_all("th")]
    assert headers == ["Year", hostile, "People"]
    rows = table.tbody.find_all("tr")
    assert len(rows) == 2
    for row in rows:
        assert [td["data-label"] for td in row.find_all("td")] == headers
    assert "<b>" not in html and 'data-label="&lt;b&gt;&quot;Name&quot; &amp; co&lt;/b&gt;"' in html
