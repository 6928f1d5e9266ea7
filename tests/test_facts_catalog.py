"""The facts catalog: every number the briefing prints, with its value, sentence, chapter, page
and sources, written beside the briefing as facts.csv and facts.json."""

import csv
import json
import re

import pytest
from pypdf import PdfReader

from conftest import DATA
from kzbrief.pipeline import brief, catalog
from kzbrief.pipeline.assembly import assemble
from kzbrief.pipeline.briefing import BuildOptions, build

PAGE = """<html><body><main>
<h2 id="key-findings">Key findings</h2>
<p>The documents name <span class="fact" data-what="named people" data-value="34" data-sources="a b">34 people</span>
prosecuted [<a class="cite" href="#source-1">1</a>].</p>
<h2>Sentencing</h2>
<div class="briefing-table-block" id="tab-x"><p class="table-caption">Terms imposed</p>
<table class="briefing-table"><thead><tr><th>defendant</th><th>term</th></tr></thead>
<tbody><tr><td>A</td><td><span class="fact" data-sources="b">5–7 years</span></td></tr></tbody></table>
<p class="source-line">Source: B</p></div>
</main></body></html>"""


def test_the_assembly_numbers_facts_in_reading_order_and_the_catalog_lists_them():
    html = assemble(PAGE)
    found = catalog.entries(html, {"a": "[1] A (2012)", "b": "[2] B (2014)"}, {"fact-1": 2})
    assert [e["id"] for e in found] == ["fact-1", "fact-2"]
    first, cell = found
    assert first["printed"] == "34 people" and first["value"] == 34 and first["what"] == "named people"
    assert first["chapter"] == "Key findings" and first["page"] == 2
    assert first["sentence"].startswith("The documents name 34 people prosecuted")
    assert first["sources"] == ["[1] A (2012)", "[2] B (2014)"] and first["source_ids"] == ["a", "b"]
    assert cell["what"] == "Table 1. Terms imposed — term" and cell["value"] == "5–7 years" and cell["page"] is None
    assert cell["chapter"] == "Sentencing"


def test_the_csv_and_the_json_hold_the_same_entries():
    found = catalog.entries(assemble(PAGE), {}, None)
    rows = list(csv.DictReader(catalog.as_csv(found).splitlines()))
    assert [r["id"] for r in rows] == [e["id"] for e in json.loads(catalog.as_json(found))]
    assert rows[0]["value"] == "34" and rows[1]["value"] == '"5–7 years"'


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("catalog-build")
    build(BuildOptions(data_dir=DATA, build_dir=root / "build", figures_dir=root / "figures", jobs=2), log=print)
    return root / "build"


# Numbers a reader does not need the catalog for: dates and years, citation numbers, the page
# furniture, the contents' page numbers, figure and table numbers.
_NOT_FACTS = [
    r"page \d+ of \d+",
    r"\[[\d,–\s]+\]",
    r"\b\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* (?:19|20)\d\d\b",
    r"\b\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b",
    r"\b(?:19|20)\d\d(?:[–-](?:19|20)?\d\d)?\b",
    r"\b(?:Figure|Table) \d+\b",
    r"(?:\b\d{1,2}\.\s*){2,}",  # a list's numbering (the text layer puts the markers in a run)
    r"(?:\. ){3,}\d+",  # the contents' dot leaders and page numbers
    r"\bCC BY \d\.\d\b",  # the licence's version on the cover
    r"\(\d+ rows?\); the table is in the HTML edition",  # a long table's rows, counted where the print leaves them out
    r"\(\d+ editions, ",  # a source line naming the index's run of editions, as the sources list does
    # The methods' conventions, fixed by the method rather than measured: a scale's ends, the
    # percentile's × 100, the lower end of an "up to" claim.
    r"\(0 = most free, 100 = least free\)",
    r"× 100\b",
    r"lower end taken as 0\b",
]


@pytest.mark.e2e
def test_the_catalog_is_written_beside_the_briefing_with_pages(built):
    found = json.loads((built / catalog.JSON_NAME).read_text(encoding="utf-8"))
    rows = list(csv.DictReader((built / catalog.CSV_NAME).read_text(encoding="utf-8").splitlines()))
    assert len(found) == len(rows) > 50
    pdf = PdfReader(built / "briefing.pdf")
    for entry in found[:40]:
        if entry["page"]:
            page_text = " ".join(pdf.pages[entry["page"] - 1].extract_text().split())
            assert entry["printed"].split()[0] in page_text, entry


@pytest.mark.e2e
def test_every_number_on_the_key_findings_pages_is_in_the_catalog(built):
    found = briefing_entries(built)
    pdf = PdfReader(built / "briefing.pdf")
    pages = sorted({e["page"] for e in found if e["chapter"] == "Key findings" and e["page"]})
    assert pages
    printed = sorted({e["printed"] for e in found if e["page"] in pages}, key=len, reverse=True)
    for number in pages:
        text = " ".join(pdf.pages[number - 1].extract_text().split())
        for pattern in _NOT_FACTS:
            text = re.sub(pattern, " ", text)
        for pattern in printed:  # longest first: "1,205 people" before "5"; whole tokens only
            text = re.sub(rf"(?<![\w,.]){re.escape(' '.join(pattern.split()))}(?![\w]|[,.]\d)", " ", text)
        assert re.findall(r"\d[\d,.]*", text) == [], (number, text)


def briefing_entries(built) -> list[dict]:
    """The catalog's entries for briefing.pdf (the two-page brief's have pages of brief.pdf)."""
    found = json.loads((built / catalog.JSON_NAME).read_text(encoding="utf-8"))
    return [e for e in found if not e["id"].startswith("brief-")]


def _numbers(text: str) -> set[str]:
    return set(re.findall(r"\d[\d,.]*\d|\d", text))


@pytest.mark.e2e
def test_every_number_the_pdf_prints_is_a_catalogued_fact(built):
    """From the key findings to the end of the last chapter: each
    number on a page (dates, citations, figure and table numbers and page furniture aside) is a
    number of a catalogued fact on that page or the next or previous one (a table cell or a
    sentence may run over a page break). The sources list is apparatus (the build record is not printed)."""
    found = briefing_entries(built)
    pdf = PdfReader(built / "briefing.pdf")
    on_page: dict[int, set[str]] = {}
    for entry in found:
        if entry["page"]:
            on_page.setdefault(entry["page"], set()).update(_numbers(entry["printed"]))
    checked, in_sources = 0, False
    for number, page in enumerate(pdf.pages[1:], start=2):
        text = " ".join(page.extract_text().split())
        in_sources = in_sources or text.startswith("Sources ")
        if in_sources:
            continue  # the bibliography, the last chapter: titles, addresses and dates of the documents
        for pattern in _NOT_FACTS:
            text = re.sub(pattern, " ", text)
        allowed = set().union(*(on_page.get(n, set()) for n in (number - 1, number, number + 1)))
        stray = _numbers(text) - allowed
        assert not stray, (number, sorted(stray), text[:300])
        checked += 1
    assert checked > 15  # the pages from the key findings to the last chapter (24 pages in all)


@pytest.mark.e2e
def test_the_brief_is_two_pages_of_catalogued_facts(built):
    """The real data's brief: two pages; four to six findings, each with its key number in bold and
    a citation; the briefing's chart with its caption; every number it prints in the catalog."""
    from bs4 import BeautifulSoup

    from kzbrief.pipeline.briefing import BuildOptions, plan

    reader = PdfReader(built / brief.PDF_NAME)
    assert len(reader.pages) == 2
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    found = json.loads((built / catalog.JSON_NAME).read_text(encoding="utf-8"))
    listed = [e for e in found if e["id"].startswith("brief-")]
    assert listed and all(e["chapter"].startswith("Two-page brief") and e["page"] in (1, 2) for e in listed)
    for entry in listed:
        assert re.sub(r"\s", "", entry["printed"]) in re.sub(r"\s", "", text), entry
    options = BuildOptions(data_dir=DATA)
    words = brief.words(DATA, brief.summary_parameters(plan(options), options.notebooks_dir, DATA, {}))
    findings = BeautifulSoup(words["key_findings"], "html.parser").select("li")
    assert 4 <= len(findings) <= 6
    for item in findings:
        # its sources by number, or, for a count resting on more documents than the brief's list
        # can hold, the full briefing's chapter that cites each one
        pointer = "cited in the full briefing's sentencing chapter" in item.get_text()
        assert item.select("strong span.fact") and (item.select("a.cite") or pointer), item
    figure = BeautifulSoup((built / "briefing.html").read_text(encoding="utf-8"), "html.parser").find(
        id=f"fig-{brief.FIGURE}"
    )
    caption = figure.figcaption.get_text(" ", strip=True).split(". ", 1)[1]  # after "Figure 5."
    assert re.sub(r"\s", "", caption)[:60] in re.sub(r"\s", "", text)
