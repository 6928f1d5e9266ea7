"""The whole build, on the tiny fixture and on the real data, into temporary folders."""

import json
import re
import shutil
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import CODE_ARTEFACTS, ROOT, copy_tiny
from kzbrief.pipeline.briefing import BuildError, BuildOptions, build
from kzbrief.pipeline.rendering import render_pdf

pytestmark = pytest.mark.e2e  # every test here runs a build

SECTION_TITLES = ["Political persecution in Kazakhstan", "Key findings", "Contents", "Methods and data", "Sources"]


def pdf_text(path):
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


EPOCH = "1700000000"  # SOURCE_DATE_EPOCH: the title page's date, fixed so two builds can be compared


@pytest.fixture(scope="module")
def tiny_build(tmp_path_factory):
    """One cold build of the tiny data set; tests below reuse its folders. Its outputs' bytes are
    kept as built, for the reproducibility test."""
    root = tmp_path_factory.mktemp("tiny-build")
    data = copy_tiny(root / "data")
    notebooks = root / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks)
    options = BuildOptions(
        notebooks_dir=notebooks, data_dir=data, build_dir=root / "build", figures_dir=root / "figures", jobs=2
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = build(options, log=lambda *_: None)
    names = ("briefing.html", "briefing.pdf", "brief.pdf", "annex.xlsx", "annex.html")
    result.first_outputs = [(root / "build" / name).read_bytes() for name in names]
    return options, result


def test_cold_build_executes_every_notebook(tiny_build):
    options, result = tiny_build
    assert result.rendered
    assert sorted(result.executed) == sorted(p.name for p in options.notebooks_dir.glob("*.ipynb"))
    assert result.cached == []


def test_figures_are_exported_as_svg_and_png(tiny_build):
    options, _ = tiny_build
    svgs = sorted(p.stem for p in options.figures_dir.glob("*.svg"))
    pngs = sorted(p.stem for p in options.figures_dir.glob("*.png"))
    assert "event-timeline" in svgs and svgs == pngs
    assert (options.figures_dir / "event-timeline.svg").read_text().lstrip().startswith("<?xml")
    assert not list(options.figures_dir.glob(".*.tmp"))


def test_pdf_has_pages_section_titles_and_no_code(tiny_build):
    options, _ = tiny_build
    pdf = options.build_dir / "briefing.pdf"
    assert len(PdfReader(pdf).pages) > 1
    text = pdf_text(pdf)
    for title in SECTION_TITLES:
        assert title in text
    for artefact in CODE_ARTEFACTS:
        assert artefact not in text, artefact


def test_the_brief_is_published_beside_the_briefing_on_two_pages(tiny_build):
    options, _ = tiny_build
    reader = PdfReader(options.build_dir / "brief.pdf")
    assert len(reader.pages) == 2
    text = " ".join("\n".join(page.extract_text() for page in reader.pages).split())
    assert "Bottom line" in text and "Key findings" in text and "Sources" in text
    assert "Every figure for the people killed" in text or "every figure for the people killed" in text  # the chart
    catalogued = json.loads((options.build_dir / "facts.json").read_text(encoding="utf-8"))
    assert any(entry["id"].startswith("brief-fact-") for entry in catalogued)


def test_pdf_numbers_come_from_the_data(tiny_build):
    options, _ = tiny_build
    text = " ".join(pdf_text(options.build_dir / "briefing.pdf").split())
    assert "The data cites 3 documents read directly (which cite 1 more) and 3 editions of a published index" in text
    assert "Period covered 2011–2016, with press-freedom rankings to 2022" in text  # the fixture's span


def test_kazakh_letters_survive_into_the_pdf(tiny_build, tmp_path):
    """A name and a place with all nine Kazakh letters (ә ғ қ ң ө ұ ү һ і) come back out of the PDF."""
    options, _ = tiny_build
    place = "Ақтау, Үшқоңыр, Шаһар, Өскемен, Әліби"
    text = " ".join(pdf_text(options.build_dir / "briefing.pdf").split())
    assert "Әлия Ғұмарова" in text
    assert "\ufffd" not in text  # no replacement characters for glyphs the font lacks
    # The place is a row of the events table, which the HTML edition holds (the PDF points to the data
    # annex for it): it is there, and the briefing's print fonts render every one of its letters.
    assert place in (options.build_dir / "briefing.html").read_text(encoding="utf-8")
    render_pdf(f"<html><body><main><p>{place}</p></main></body></html>", tmp_path / "letters.pdf")
    assert place in " ".join(pdf_text(tmp_path / "letters.pdf").split())


def test_data_text_is_escaped_and_overridden_parameters_are_in_the_build_record(tiny_data, tmp_path):
    """A defendant's name that is markup appears as text in the HTML and never runs."""
    hostile = "<script>alert(1)</script>"
    cases = tiny_data / "cases.csv"
    cases.write_text(cases.read_text(encoding="utf-8").replace("John Example", hostile), encoding="utf-8")
    (tmp_path / "notebooks").mkdir()
    shutil.copy(ROOT / "notebooks" / "01_sentencing.ipynb", tmp_path / "notebooks")
    build(
        BuildOptions(
            notebooks_dir=tmp_path / "notebooks",
            data_dir=tiny_data,
            build_dir=tmp_path / "out",
            figures_dir=tmp_path / "figures",
            formats=("html",),
            overrides={"term_unit": "months"},
        ),
        log=lambda *_: None,
    )
    html = (tmp_path / "out" / "briefing.html").read_text(encoding="utf-8")
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    record = BeautifulSoup(html, "html.parser").select_one("section.build-record").get_text(" ")
    assert "changed from the defaults" in record and "term_unit = months" in record
    page = (tmp_path / "out" / "annex.html").read_text(encoding="utf-8")
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    readme = (tmp_path / "out" / "annex" / "README.md").read_text(encoding="utf-8")
    assert "changed from the defaults: term_unit = months" in readme, "the annex keeps the build record"


def test_html_is_self_contained_without_code(tiny_build):
    options, _ = tiny_build
    html = (options.build_dir / "briefing.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    assert "<script" not in html
    assert not re.search(r"""<link[^>]+href=["']?(https?:)?//""", html)
    assert not re.search(r"""src=["']?(https?:)?//""", html)
    assert not re.search(r"url\((['\"])?(https?:)?//", html)
    assert "input_area" not in html and "highlight" not in html
    assert "injected-parameters" not in html and "figures_dir" not in html


def test_second_build_is_a_cache_hit_and_renders_nothing(tiny_build, monkeypatch):
    options, _ = tiny_build
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)  # the first build's date: nothing changed
    before = (options.build_dir / "briefing.pdf").stat().st_mtime_ns
    messages = []
    result = build(options, log=messages.append)
    assert result.executed == [] and not result.rendered
    assert "Nothing changed" in messages[0]
    assert (options.build_dir / "briefing.pdf").stat().st_mtime_ns == before


def test_failed_notebook_leaves_the_previous_briefing_untouched(tiny_build, tmp_path):
    options, _ = tiny_build
    html_before = (options.build_dir / "briefing.html").read_bytes()
    pdf_before = (options.build_dir / "briefing.pdf").read_bytes()
    brief_before = (options.build_dir / "brief.pdf").read_bytes()
    broken = tmp_path / "notebooks"
    shutil.copytree(options.notebooks_dir, broken)
    notebook = json.loads((broken / "90_methods_and_sources.ipynb").read_text())
    code_cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    code_cells[2]["source"] = "missing_value = 1 / 0"
    (broken / "90_methods_and_sources.ipynb").write_text(json.dumps(notebook))
    from kzbrief.pipeline.execution import NotebookFailed

    with pytest.raises(NotebookFailed) as raised:
        build(
            BuildOptions(
                notebooks_dir=broken,
                data_dir=options.data_dir,
                build_dir=options.build_dir,
                figures_dir=options.figures_dir,
            ),
            log=lambda *_: None,
        )
    message = str(raised.value)
    assert "90_methods_and_sources.ipynb" in message and "ZeroDivisionError" in message
    assert "missing_value = 1 / 0" in message and re.search(r"cell \d+ failed", message)
    assert raised.value.kept.exists()
    assert (options.build_dir / "briefing.html").read_bytes() == html_before
    assert (options.build_dir / "briefing.pdf").read_bytes() == pdf_before
    assert (options.build_dir / "brief.pdf").read_bytes() == brief_before


def test_warnings_are_reported_on_the_console_not_printed_in_the_briefing(tiny_build, tmp_path):
    options, _ = tiny_build
    noisy = tmp_path / "notebooks"
    noisy.mkdir()
    shutil.copy(options.notebooks_dir / "90_methods_and_sources.ipynb", noisy)
    notebook = json.loads((noisy / "90_methods_and_sources.ipynb").read_text())
    code_cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    code_cells[2]["source"] = "import warnings\nwarnings.warn('careful with this number')\n" + "".join(
        code_cells[2]["source"]
    )
    (noisy / "90_methods_and_sources.ipynb").write_text(json.dumps(notebook))
    messages = []
    build(
        BuildOptions(
            notebooks_dir=noisy,
            data_dir=options.data_dir,
            build_dir=tmp_path / "out",
            figures_dir=tmp_path / "figures",
            formats=("html",),
        ),
        log=messages.append,
    )
    assert any("warning: 90_methods_and_sources.ipynb" in m and "careful with this number" in m for m in messages)
    assert "careful with this number" not in (tmp_path / "out" / "briefing.html").read_text(encoding="utf-8")


def test_changed_data_invalidates_the_cache(tiny_build, tmp_path):
    options, _ = tiny_build
    data = tmp_path / "data"
    shutil.copytree(options.data_dir, data)
    with (data / "sources.csv").open("a", encoding="utf-8") as handle:
        handle.write("extra-doc,Another NGO,Another report,2015,,ngo,,\n")
    changed = BuildOptions(
        notebooks_dir=options.notebooks_dir,
        data_dir=data,
        build_dir=options.build_dir,
        figures_dir=options.figures_dir,
        formats=("html",),
    )
    result = build(changed, log=lambda *_: None)
    assert result.executed and result.rendered
    html = (options.build_dir / "briefing.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", html)  # the count is a template's fact, inside its catalog span
    assert "The data cites 4 documents read directly" in " ".join(text.split())


def test_invalid_data_stops_the_build_before_anything_runs(tiny_build, tmp_path):
    options, _ = tiny_build
    data = tmp_path / "data"
    shutil.copytree(options.data_dir, data)
    text = (data / "sentences.csv").read_text(encoding="utf-8").replace(",years,", ",decades,", 1)
    (data / "sentences.csv").write_text(text, encoding="utf-8")
    with pytest.raises(BuildError) as raised:
        build(
            BuildOptions(notebooks_dir=options.notebooks_dir, data_dir=data, build_dir=tmp_path / "out"),
            log=lambda *_: None,
        )
    assert 'sentences.csv, row 2, column "term_unit"' in str(raised.value)
    assert not (tmp_path / "out").exists()


def test_unknown_parameter_is_refused_with_the_valid_names(tiny_build):
    options, _ = tiny_build
    with pytest.raises(BuildError, match="unknown parameter.*Valid parameters: .*data_dir"):
        build(
            BuildOptions(
                notebooks_dir=options.notebooks_dir,
                data_dir=options.data_dir,
                build_dir=options.build_dir,
                overrides={"no_such_parameter": 1},
            ),
            log=lambda *_: None,
        )


def test_command_line_help_and_bad_parameter():
    helped = subprocess.run([sys.executable, "build.py", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert helped.returncode == 0 and "--data-dir" in helped.stdout and "--force" in helped.stdout
    listed = subprocess.run([sys.executable, "build.py", "--list"], cwd=ROOT, capture_output=True, text=True)
    assert listed.returncode == 0 and "data_dir" in listed.stdout
    bad = subprocess.run(
        [sys.executable, "build.py", "-p", "start_year=soon", "--out-dir", "/nonexistent/x"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and "expects int" in bad.stderr and "Traceback" not in bad.stderr


def test_builds_are_byte_for_byte_reproducible(tiny_build, tmp_path, monkeypatch):
    """A second, forced build (nothing from the cache) into another folder gives the bytes the first gave."""
    options, first = tiny_build
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    target = BuildOptions(
        notebooks_dir=options.notebooks_dir,
        data_dir=options.data_dir,
        build_dir=tmp_path / "again",
        figures_dir=tmp_path / "fig-again",
        force=True,
    )
    build(target, log=lambda *_: None)
    again = [(tmp_path / "again" / name).read_bytes() for name in ("briefing.html", "briefing.pdf", "brief.pdf")]
    assert again[0] == first.first_outputs[0], "HTML differs between two builds"
    assert again[1] == first.first_outputs[1], "PDF differs between two builds"
    assert again[2] == first.first_outputs[2], "the brief differs between two builds"
    annexed = [(tmp_path / "again" / name).read_bytes() for name in ("annex.xlsx", "annex.html")]
    assert annexed == first.first_outputs[3:], "the data annex differs between two builds"
