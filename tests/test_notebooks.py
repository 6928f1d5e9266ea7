"""Every notebook runs with papermill on the tiny fixture, with non-default parameters."""

import re

import papermill
import pytest

from conftest import ROOT, notebook_text

# Per notebook: non-default parameters, and text the run must then show (computed from the fixture).
RUNS = {
    "00_summary.ipynb": (
        {"events": ["strike-2011"], "term_unit": "months"},
        [
            "courts imposed 144–420 person-months of imprisonment at first instance on 4–5 people",
            "Oil strike and shooting (May 2011): official figures give 16 and at least 16 killed; "
            "independent estimates give 60–70 and up to 80",
            "state figures count 16 dead, while independent estimates the documents report reach up to 80",
            "An NGO</strong> (as quoted in 2014) asked the authorities for: release the strikers",
            "refer to 2 events from 2011 to 2016, as the documents describe them",
            "Ақтау, Үшқоңыр, Шаһар, Өскемен, Әліби",
        ],
    ),
    "01_sentencing.ipynb": (
        {"events": ["strike-2011"], "term_unit": "months"},
        [
            "Between 144 and 420 person-months of imprisonment were imposed at first instance "
            "on between 4 and 5 people",
            "Әлия Ғұмарова, who pleaded not guilty, was given 84 months (prison)",
            "The prosecutor had asked for 108 months for Әлия Ғұмарова",
            "The offence charged most often among named defendants was mass unrest (Art. 241, 1997 Criminal Code)",
            "Әлия Ғұмарова's term went from 84 months to 60 months",
        ],
    ),
    "02_casualties.ipynb": (
        {
            "events": ["strike-2011"],
            "metrics": ["killed", "injured"],
            "claimant_types": ["official", "independent", "media"],
        },
        [
            "the documents give 5 figures about 1 event, in 2 documents",
            "60–70 killed: witnesses [2]: “between 60 and 70”",
            "up to 80 killed: unofficial sources [2]: “as many as 80 people were killed”",
            "approx. 50 injured: Example News [1]",
        ],
    ),
    "03_press_freedom.ipynb": (
        {"focus_country": "RUS", "peers": ["KAZ"], "start_year": 2012, "reference_countries": ["KAZ"]},
        [
            "Russia ranked 142nd of 179 countries, in the bottom half of the index",
        ],
    ),
    "04_case_profiles.ipynb": (
        {"n_profiles": 2, "term_unit": "months", "events": ["strike-2011"]},
        [
            "This chapter profiles both named people with a recorded decision in this selection",
            "sentenced to 84 months in prison",
            "Response: the court refused to open a case",
        ],
    ),
    "90_methods_and_sources.ipynb": (
        {"start_year": 2016, "end_year": 2016, "metrics": ["detained"]},
        [
            "On 2 subjects the documents or claimants give different figures, wordings or names",
            "The report and the news item spell the name differently",
            "more than 1,000 to 1,200 detained: 2 figures by 2 claimants",
            "found in the data, not yet among the documented conflicts",
            "The newest document other than the press-freedom index dates from 2016",
            '<li id="source-3" value="3">',
        ],
    ),
}


@pytest.mark.e2e
def test_background_with_no_events_in_range_says_so(tiny_data, tmp_path):
    output = tmp_path / "out.ipynb"
    papermill.execute_notebook(
        str(ROOT / "notebooks" / "00_summary.ipynb"),
        str(output),
        cwd=str(ROOT / "notebooks"),
        progress_bar=False,
        parameters={
            "data_dir": str(tiny_data),
            "figures_dir": str(tmp_path / "f"),
            "start_year": 2012,
            "end_year": 2015,
        },
    )
    text = " ".join(re.sub(r"<[^>]+>", "", notebook_text(output)).split())  # a fact's span is no word
    assert "The data hold no events starting from 2012 to 2015." in text


@pytest.mark.e2e
def test_sentencing_without_group_rows_counts_named_defendants_only(tiny_data, tmp_path):
    output = tmp_path / "out.ipynb"
    papermill.execute_notebook(
        str(ROOT / "notebooks" / "01_sentencing.ipynb"),
        str(output),
        cwd=str(ROOT / "notebooks"),
        progress_bar=False,
        parameters={"data_dir": str(tiny_data), "figures_dir": str(tmp_path / "f"), "include_group_rows": False},
    )
    text = notebook_text(output)
    assert "7 person-years of imprisonment were imposed at first instance on 1 person" in text
    assert "No group counts are in this selection." not in text
    # No police officer in this selection: no section for them, and no word of them in the lead.
    assert "Police officers" not in text and "police officers tried over the same events" not in text


def test_every_notebook_has_a_parameter_run():
    assert sorted(RUNS) == sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.e2e
@pytest.mark.parametrize("name", sorted(RUNS))
def test_notebook_runs_with_other_parameters(name, tiny_data, tmp_path):
    parameters, expected = RUNS[name]
    figures = tmp_path / "figures"
    output = tmp_path / name
    papermill.execute_notebook(
        str(ROOT / "notebooks" / name),
        str(output),
        cwd=str(ROOT / "notebooks"),
        progress_bar=False,
        parameters={**parameters, "data_dir": str(tiny_data), "figures_dir": str(figures)},
    )
    text = notebook_text(output)
    # Templates print each fact in a span: the words a reader sees are the text without its tags.
    words = " ".join(re.sub(r"<[^>]+>", "", text).split())
    for fragment in expected:
        assert fragment in text or fragment in words, fragment
    for figure in figures.glob("*.svg"):
        assert (figures / f"{figure.stem}.png").exists()
