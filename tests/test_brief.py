"""The two-page brief (brief.pdf): the summary's facts in the brief's templates, laid out on two A4
pages. Made in-process from a fixture's data (no kernel): the page count and the text are read
from the PDF, the type size from WeasyPrint's laid-out boxes."""

import io
import re
import shutil
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from conftest import DATA, ROOT  # noqa: E402
from kzbrief.pipeline import brief, briefing  # noqa: E402
from test_adapting import FREEDONIA, country_words, found  # noqa: E402

PT = 96 / 72  # CSS px per point


def a_chart() -> brief.Chart:
    """A chart as the build finds one: an SVG of the project's style, a caption and a source line."""
    fig, ax = plt.subplots(figsize=(7.2, 3.5))
    ax.barh(["a", "b"], [3, 9])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg")
    plt.close(fig)
    svg = buffer.getvalue()
    width, height = brief._svg_size(svg)
    return brief.Chart(svg, width, height, "Two bars", "Every figure for the people killed", "Source: A (2020).")


def make_brief(data_dir: Path, target: Path, chart: brief.Chart | None = None):
    options = briefing.BuildOptions(data_dir=data_dir)
    runs = briefing.plan(options)
    written = brief.write(
        target,
        data_dir=data_dir,
        parameters=brief.summary_parameters(runs, options.notebooks_dir, options.data_dir, options.overrides),
        cover=briefing.cover_facts(data_dir, runs),
        chart=chart if chart is not None else a_chart(),
        log=lambda *_: None,
    )
    text = " ".join("\n".join(page.extract_text() for page in PdfReader(target).pages).split())
    return written, text


@pytest.fixture(scope="module")
def tiny_brief(tmp_path_factory):
    from conftest import copy_tiny

    root = tmp_path_factory.mktemp("brief")
    data = copy_tiny(root / "data")
    return (data, *make_brief(data, root / "brief.pdf"), root / "brief.pdf")


def test_the_brief_is_two_pages_with_its_parts(tiny_brief):
    data, written, text, pdf = tiny_brief
    assert len(PdfReader(pdf).pages) == 2 and written.page_count == 2
    soup = BeautifulSoup(written.html, "html.parser")
    assert soup.select_one(".bottom-line p").get_text(strip=True)
    findings = soup.select(".findings li")
    assert 4 <= len(findings) <= 6
    for item in findings:
        assert item.select("strong span.fact"), item  # its key number, in bold
        assert item.select('a.cite[href^="#source-"]'), item  # its sources, by number
        number = item.select_one("a.cite")["href"].removeprefix("#")
        assert soup.find(id=number) is not None  # ... in the list on page 2
        assert len(re.findall(r"[.!?](?:\s|$)", item.get_text(" ", strip=True))) == 1  # one sentence
    assert len(soup.select("figure img")) == 1 and written.chart_page in (1, 2)
    assert written.pages["brief-sources"] == 2  # the short source list is on page 2
    cover = briefing.cover_facts(data, briefing.plan(briefing.BuildOptions(data_dir=data)))
    for part in ("Bottom line", "Key findings", "What the evidence cannot tell", "Data cut-off", "How to cite"):
        assert part in text
    for said in (cover["cut_off"], cover["citation"], cover["period"], brief.FULL_BRIEFING, brief.DATA_ANNEX):
        assert re.sub(r"\s", "", said) in re.sub(r"\s", "", text), said  # a line may break at a dash


def test_every_number_the_brief_prints_is_a_fact(tiny_brief):
    _, written, _, _ = tiny_brief
    soup = BeautifulSoup(written.html, "html.parser")
    for element in soup.select("span.fact, a.cite, .brief-facts, .about, .source-list, .source-line, style"):
        element.decompose()
    text = soup.get_text(" ", strip=True)
    text = re.sub(r"\b\d{1,2} [A-Z][a-z]{2,8}(?: (?:19|20)\d\d)?\b|\b(?:19|20)\d\d(?:[–-](?:19|20)?\d\d)?\b", "", text)
    assert re.findall(r"\d", text) == [], text
    entries = written.catalog_entries({})
    assert entries and all(
        e["id"].startswith("brief-fact-") and e["chapter"].startswith("Two-page brief") for e in entries
    )


def test_body_text_is_at_least_9_5_pt(tiny_brief):
    data, _, _, _ = tiny_brief
    html, document, _, _ = brief.lay_out(
        {
            "cover": briefing.cover_facts(data, briefing.plan(briefing.BuildOptions(data_dir=data))),
            "words": brief.words(
                data,
                brief.summary_parameters([], ROOT / "notebooks", data, {}),
            ),
            "chart_caption": "",
            "chart_source": "",
            "sources": "",
            "files": {},
        },
        None,
    )
    sizes = []

    def walk(box, inside):
        element = getattr(box, "element", None)
        classes = element.get("class", "") if element is not None else ""
        inside = inside or any(c in classes for c in ("bottom-line", "findings", "limits"))
        if inside and getattr(box, "text", "").strip():
            sizes.append(box.style["font_size"])
        for child in getattr(box, "children", None) or []:
            walk(child, inside)

    for page in document.pages:
        walk(page._page_box, False)
    assert sizes and min(sizes) >= 9.5 * PT - 0.01


def test_a_data_folder_rewrites_the_brief(tmp_path):
    from conftest import copy_tiny

    data = copy_tiny(tmp_path / "data")
    (data / "templates" / "brief").mkdir(parents=True)
    (data / "templates" / "brief" / "bottom_line.md").write_text(
        'An editor\'s bottom line: {{ facts.sentencing.named | count("person", "people") }} named.\n'
    )
    _, text = make_brief(data, tmp_path / "brief.pdf")
    assert "An editor's bottom line: 4 people named." in text


def test_the_generic_brief_names_no_real_country(tmp_path):
    words = country_words(DATA) | {"Open Dialog", "oil worker", "oil workers"}
    for template in sorted((ROOT / "src" / "kzbrief" / "prose" / "brief").glob("*.md")):
        assert found(words, template.read_text(encoding="utf-8")) == [], template
    written, text = make_brief(FREEDONIA, tmp_path / "brief.pdf")
    assert written.page_count == 2 and "Political persecution in Freedonia" in text
    assert found(words, text) == []


def test_the_chart_is_taken_by_name_from_the_build(tmp_path):
    figures = tmp_path / "figures"
    figures.mkdir()
    chart = a_chart()
    (figures / f"{brief.FIGURE}.svg").write_bytes(chart.svg)
    html = (
        f'<figure class="briefing-figure" id="fig-{brief.FIGURE}"><img src="x" alt="The alt text">'
        '<figcaption><span class="label">Figure 5.</span> The caption</figcaption>'
        '<p class="source-line">Sources: A (2020) <a class="cite" href="#source-3">[3]</a>; B (2021).</p></figure>'
    )

    class Run:
        pass

    run = Run()
    run.figures = figures
    found_chart = brief.find_chart([run], html)
    assert found_chart.alt == "The alt text" and found_chart.caption == "The caption"
    assert found_chart.source_line == "Sources: A (2020); B (2021)."  # named, not numbered: page 2 lists the findings'
    assert abs(found_chart.width - chart.width) < 0.01
    shutil.rmtree(figures)
    assert brief.find_chart([run], html) is None  # a build without the chart (--only): no chart
