"""Every valid selection builds and reads well: random valid parameter sets on the tiny data
(plus an event no case or claim refers to) build with exit 0, no warning, and no '2016–2016',
'1 claims' or 'the 1 event' in the text. The seed is fixed so a failure can be rerun; the suite
builds two sets, KZBRIEF_SELECTIONS=N builds N and KZBRIEF_SELECTION_SEED explores other sets."""

import json
import os
import random
import re
import shutil
import subprocess
import sys

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, TINY
from kzbrief import datasets, english
from kzbrief.analysis import press_freedom as pf
from kzbrief.analysis import sentencing as sn
from kzbrief.chapters import sentencing as sentencing_chapter
from kzbrief.pipeline.assembly import assemble
from kzbrief.render import Text

SEED = int(os.environ.get("KZBRIEF_SELECTION_SEED", "2026"))
BUILDS = int(os.environ.get("KZBRIEF_SELECTIONS", "2"))
QUIET_EVENT = "quiet-2014,A quiet vigil,2014-03-01,,Capital,KAZ,A vigil no document reports further on.,ngo-report\n"
# A number agreeing with its noun, a one-year span written once, no open end year printed.
BAD_WORDING = re.compile(
    r"\b(\d{4})[–-]\1\b|(?<!Figure )(?<!Table )\b1 (?!person\b|is\b|was\b|has\b)[a-z]+s\b|\bthe 1 [a-z]+"
    r"|between (\d{4}) and \2\b|from (\d{4}) to \3\b|\b0 [a-z]+s\b|(?:\bto |\bin |\bfrom |–)None\b"
)


def random_selection(rng: random.Random, tables: dict) -> dict:
    """A valid parameter set: every value exists in the data; some parameters left at their default."""
    events = list(tables["events"]["event_id"])
    years = sorted({int(d[:4]) for d in tables["events"]["start_date"]} | {2005, 2017})
    metrics = sorted(set(tables["casualty_estimates"]["metric"]) | {"missing"})
    codes = sorted(set(tables["press_freedom"]["iso3"]))
    choices = {
        "events": lambda: rng.sample(events, rng.randint(1, 2)),
        "start_year": lambda: rng.choice(years),
        "metrics": lambda: rng.sample(metrics, rng.randint(1, 2)),
        "claimant_types": lambda: rng.sample(["official", "independent", "media", "ngo"], rng.randint(1, 2)),
        "include_group_rows": lambda: rng.choice([True, False]),
        "include_undated": lambda: rng.choice([True, False]),
        "term_unit": lambda: rng.choice(["years", "months"]),
        "focus_country": lambda: rng.choice(codes),
        "peers": lambda: rng.sample(codes, rng.randint(0, len(codes))),
        "n_profiles": lambda: rng.randint(0, 3),
        "max_asks": lambda: rng.randint(0, 2),
    }
    chosen = {name: make() for name, make in choices.items() if rng.random() < 0.45}
    if "start_year" in chosen:
        chosen["end_year"] = rng.choice([y for y in years if y >= chosen["start_year"]])
    return chosen


def parameter_args(selection: dict) -> list[str]:
    args = []
    for name, value in selection.items():
        args += ["-p", f"{name}={value}" if isinstance(value, (bool, int)) else f"{name}={json.dumps(value)}"]
    return args


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("selections") / "data"
    shutil.copytree(TINY, folder)
    with (folder / "events.csv").open("a", encoding="utf-8") as handle:
        handle.write(QUIET_EVENT)
    return folder


def selections():
    tables = datasets.load_all(TINY)
    tables = {
        **tables,
        "events": pd.concat(
            [tables["events"], pd.DataFrame([{"event_id": "quiet-2014", "start_date": "2014-03-01"}])],
            ignore_index=True,
        ),
    }
    rng = random.Random(SEED)
    return [random_selection(rng, tables) for _ in range(BUILDS)]


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    """One out dir for every selection: a notebook whose parameters a selection leaves alone is
    reused from the cache, as in a user's successive builds."""
    return tmp_path_factory.mktemp("selections-out")


@pytest.mark.e2e
@pytest.mark.parametrize("selection", selections(), ids=lambda s: ",".join(s) or "defaults")
def test_a_random_valid_selection_builds_cleanly(selection, data, out):
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "--data-dir",
            str(data),
            "--out-dir",
            str(out),
            "--format",
            "html",
            "--jobs",
            "2",
            *parameter_args(selection),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr
    # stderr carries progress lines only; stdout no warning
    assert [line for line in done.stderr.splitlines() if not line.strip().startswith(("executing ", "done "))] == []
    assert "warning" not in done.stdout
    soup = BeautifulSoup((out / "briefing.html").read_text(encoding="utf-8"), "html.parser")
    for table in soup.find_all("table"):
        table.decompose()  # numbers in table cells are not prose
    text = " ".join(soup.get_text(" ").split())
    assert [m.group(0) for m in BAD_WORDING.finditer(text)] == []


@pytest.mark.e2e
def test_an_event_with_no_case_builds_every_chapter_with_one_sentence(data, tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "--data-dir",
            str(data),
            "--out-dir",
            str(tmp_path / "out"),
            "--format",
            "html",
            "-p",
            "events=[quiet-2014]",
            "-p",
            "start_year=2014",
            "-p",
            "end_year=2014",
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr
    text = " ".join(
        BeautifulSoup((tmp_path / "out" / "briefing.html").read_text(encoding="utf-8"), "html.parser")
        .get_text(" ")
        .split()
    )
    assert "The documents record no one prosecuted by the state for A quiet vigil in 2014" in text
    assert "The data hold no edition of the RSF World Press Freedom Index in 2014 that ranks Kazakhstan" in text
    assert "Who was prosecuted and how it ended" not in text, "an empty section is left out, heading and all"


@pytest.mark.parametrize(
    "first, last, span, words",
    [
        (2016, 2016, "2016", "in 2016"),
        (2011, 2016, "2011–2016", "from 2011 to 2016"),
        ("2012", "2012", "2012", "in 2012"),
    ],
)
def test_a_one_year_period_is_written_once(first, last, span, words):
    assert english.span(first, last) == span and english.from_to(first, last) == words


@pytest.mark.parametrize(
    "start, end, words",
    [
        (2017, None, "from 2017 on"),
        (2017, 2019, "from 2017 to 2019"),  # a closed period, whatever today's date
        (2005, 2005, "in 2005"),
    ],
)
def test_an_open_end_year_is_not_printed(start, end, words):
    tables = datasets.load_all(TINY)
    params = {"data_dir": str(TINY), "start_year": start, "end_year": end, "events": [], "include_undated": False}
    facts = sentencing_chapter.compute(tables, params)
    lead = Text(TINY, tables["sources"]).plain("sentencing/lead.md", facts)
    assert lead == (
        f"The documents record no one prosecuted by the state for all events {words}, "
        "so this chapter has nothing to count."
    )


# Chart captions count the other countries: test_press_freedom_chapter.test_chart_captions_count_the_other_countries


def test_a_period_without_an_edition_gives_no_rows_but_a_name():
    table = datasets.load_table("press_freedom", TINY)
    rows, _, names = pf.comparison(table, "KAZ", ["RUS"], 2005, 2005)
    assert rows.empty and names["KAZ"] == "Kazakhstan"
    with pytest.raises(ValueError, match="'XYZ' has no RSF rows"):
        pf.comparison(table, "XYZ", [], 2002, None)


def test_no_named_defendant_gives_an_empty_roster_with_its_columns():
    tables = datasets.load_all(TINY)
    nobody = tables["cases"].iloc[0:0]
    roster = sn.defendants_table(nobody, tables["sentences"], pd.DataFrame(columns=["case_id", "family", "source_id"]))
    assert roster.empty and list(roster.columns) == sn.DEFENDANT_COLUMNS


def cell(kind: str, html: str) -> str:
    return f'<div class="cell {kind}">{html}</div>'


def test_a_section_whose_code_showed_nothing_is_left_out():
    body = (
        "<main>"
        + cell("text_cell", "<h2>Chapter</h2>")
        + cell("code_cell", "<p>One sentence.</p>")
        + cell("text_cell", "<h3>Empty</h3><p>Intro</p>")
        + cell("code_cell", "")
        + cell("code_cell", " ")
        + cell("text_cell", "<h3>Full</h3>")
        + cell("code_cell", "<p>Shown.</p>")
        + "</main>"
    )
    text = BeautifulSoup(assemble(body), "html.parser").get_text(" ")
    assert "Empty" not in text and "Intro" not in text
    assert "Full" in text and "Shown." in text and "One sentence." in text
