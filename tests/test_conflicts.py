"""Where the documents disagree (analysis.conflicts, the methods chapter's table): every conflict
the data README documents, and any the data shows that nobody documented yet, each account shown."""

import re

import pandas as pd
import pytest

from conftest import DATA
from kzbrief import datasets
from kzbrief.analysis import casualties as cs
from kzbrief.analysis import conflicts
from kzbrief.analysis import sentencing as sn


@pytest.fixture(scope="module")
def real():
    tables = datasets.load_all(DATA)
    selection = sn.prepare(tables, start_year=2002, end_year=None)
    claims = cs.select_claims(tables["casualty_estimates"], tables["events"])
    return tables, selection, claims


def test_conflicts_table_lists_every_conflict_the_data_readme_documents(real):
    tables, selection, claims = real
    found = conflicts.source_conflicts(tables, selection, claims, tables["sources"])
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    listed = readme.split("### Known conflicts between sources")[1].split("###")[0]
    numbered = re.findall(r"^\d+\. \*\*", listed, flags=re.M)
    assert len(numbered) == 14
    # Each README conflict, by the words that name it, has its row.
    for words in (
        "Death toll of 16–17 December 2011",
        "Unofficial death toll",
        "Injured",
        "The 37 people",
        "Shetpe trial",
        "Police officers",
        "Vladimir Kozlov's court",
        "Vladimir Kozlov's charges",
        "Esentayev's first name",
        "Detentions on 21 May 2016",
        "Spellings of names",
        "Death toll of the January 2022 unrest",
        "People detained in January 2022",
        "Convictions after January 2022",
    ):
        assert found["subject"].str.startswith(words).any(), words
    shetpe = found[found["subject"] == "Shetpe trial"].iloc[0]
    assert (
        "the men convicted" in shetpe["what the documents say"]
        and "sentenced to prison" in shetpe["what the documents say"]
    )
    # The conflicting claims are summed up, not listed again (the casualties chapter lists each): the
    # range, how many figures and how many bodies; one document's repeated 17 counts once.
    toll = found[found["subject"].str.startswith("Death toll")].iloc[0]["what the documents say"]
    assert toll.startswith("16 to 17 killed: 3 figures by 2 claimants")
    january = found[found["subject"].str.startswith("Death toll of the January 2022")].iloc[0]
    assert january["what the documents say"].startswith("at least 164 to 241 killed: 8 figures by 5 claimants")
    assert not found["how the briefing treats it"].eq(conflicts.FOUND).any()  # the data README covers all of them
    # Parts of one sentence (Aktobe: 4 locals and 3 soldiers) count different people: not a conflict.
    assert not found["subject"].str.startswith("Aktobe").any()
    assert set(found.columns) == set(conflicts.COLUMNS) | {"source_ids"}


def test_a_conflict_the_data_shows_but_nobody_documented_is_listed_as_found(real):
    tables, selection, claims = real
    extra = claims[claims["claim_id"] == "zhanaozen-killed-iwpr2012"].assign(
        claim_id="zhanaozen-killed-new", low=20, high=20, figure="20", quote="twenty died", source_id="odf-2014-upr"
    )
    found = conflicts.source_conflicts(tables, selection, pd.concat([claims, extra]), tables["sources"])
    new = found[found["how the briefing treats it"] == conflicts.FOUND]
    assert len(new) == 1 and new.iloc[0]["what the documents say"].startswith("16 to 80–100 killed: 6 figures by 4")


def test_an_outcome_and_a_term_disputed_between_documents_are_listed_with_each_account(tiny_data):
    with (tiny_data / "sentences.csv").open("a", encoding="utf-8") as handle:
        handle.write(
            "plain-name,first_instance,2012-10-08,custodial,2,2,years,,ngo-report,Another document's account.\n"
        )
        handle.write("qazaq-name,first_instance,2012-06-04,custodial,6,6,years,,news-item,A different term.\n")
    tables = datasets.load_all(tiny_data)
    selection = sn.prepare(tables, start_year=2002, end_year=None)
    outcome = conflicts.outcome_conflicts(selection, tables["sources"])
    assert [(r["subject"], r["what the documents say"]) for r in outcome] == [
        ("John Example: outcome", "suspended sentence [1]; prison [2]")
    ]
    term = conflicts.term_conflicts(selection, tables["sources"])
    assert [r["subject"] for r in term] == ["Әлия Ғұмарова: term, first instance", "John Example: term, first instance"]
    assert "7 years [2]" in term[0]["what the documents say"]
    assert "6 years [1]" in term[0]["what the documents say"]
    shown = conflicts.source_conflicts(
        tables, selection, cs.select_claims(tables["casualty_estimates"], tables["events"]), tables["sources"]
    )
    assert shown["subject"].str.startswith("John Example: outcome").any()
    assert "A defendant's name" in list(shown["subject"])  # the fixture's documented conflict


def test_counts_of_a_stock_on_different_dates_are_a_series_not_a_conflict(monkeypatch):
    """Political prisoners are counted on a date: one body's counts over the years are its series;
    two different figures for the same date are a conflict."""
    claims = pd.DataFrame(
        {
            "claim_id": ["pp-2021", "pp-2025", "pp-2025-other"],
            "event_id": ["crackdown"] * 3,
            "event": ["Crackdown"] * 3,
            "metric": ["political_prisoners"] * 3,
            "metric_label": ["political prisoners"] * 3,
            "figure": ["122", "375", "350"],
            "claim_date": ["2021-12", "2025-06", "2025-06"],
            "source_id": ["union-2021", "union-2025", "other-2025"],
            "quote": ["122 political prisoners", "375 political prisoners", "350 political prisoners"],
        }
    )
    monkeypatch.setattr(conflicts, "claim_accounts", lambda ids, rows, sources: "")  # the words: tested above
    found = conflicts.claim_conflicts(claims, pd.DataFrame())
    assert [sorted(row["claim_ids"]) for row in found] == [["pp-2025", "pp-2025-other"]]
