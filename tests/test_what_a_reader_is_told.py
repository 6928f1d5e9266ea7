"""Mistakes an audit of the briefing against its documents found in the 2017–2026 text, each
with a test of the rule that prevents it: a list kept over years is not an event; every
document's higher-court decision is shown, not only one document's; dates read 'on' a day and
'in' a month or a year."""

import pandas as pd

from kzbrief.analysis import coverage
from kzbrief.analysis import sentencing as sn
from kzbrief.chapters.summary import event_facts
from kzbrief.words import on_date
from test_profiles import case, sentence, small_tables


def _events():
    return pd.DataFrame(
        {
            "event_id": ["shooting", "lists"],
            "name": ["Harbour shooting", "Lists of political prisoners"],
            "start_date": ["2011-12-16", "2017-10-17"],
            "source_id": ["doc-a", "doc-b"],
        }
    )


def _claims(metrics):
    return pd.DataFrame({"event_id": [e for e, _ in metrics], "metric": [m for _, m in metrics]})


def test_a_list_of_political_prisoners_is_not_an_event_of_the_timeline():
    cases = pd.DataFrame({"event_id": ["shooting"]})
    claims = _claims([("shooting", "killed"), ("lists", "political_prisoners"), ("lists", "political_prisoners")])
    assert coverage.lists_only(_events(), claims, cases) == {"lists"}
    facts = event_facts(_events(), 2002, None, leave_out=coverage.lists_only(_events(), claims, cases))
    assert list(facts.table["event_id"]) == ["shooting"] and facts.count.value == 1


def test_an_event_with_a_case_or_another_figure_stays_an_event():
    claims = _claims([("lists", "political_prisoners"), ("lists", "detained")])
    assert coverage.lists_only(_events(), claims, pd.DataFrame({"event_id": []})) == set()
    only_counts = _claims([("lists", "political_prisoners")])
    assert coverage.lists_only(_events(), only_counts, pd.DataFrame({"event_id": ["lists"]})) == set()


def test_every_documents_higher_court_decision_is_shown_beside_the_first_instance():
    """doc-a gives the verdict and a Supreme Court decision; doc-b an appeal in between. The
    appeal is not hidden because doc-a compares its own two decisions."""
    tables = small_tables(
        [case("a", "Anna Alpha")],
        [
            sentence("a", "first_instance", "2017-07-25", "restriction_of_liberty", 4, source="doc-a"),
            sentence("a", "appeal", "2017-09-29", "restriction_of_liberty", 4, source="doc-b"),
            sentence("a", "supreme_court", "2018-11-07", "restriction_of_liberty", 4, source="doc-a"),
        ],
    )
    changes = sn.appeal_changes(tables["cases"], tables["sentences"])
    assert sorted(zip(changes["later_stage"], changes["source_id"])) == [
        ("appeal", "doc-b"),
        ("supreme_court", "doc-a"),
    ]
    assert set(changes["first_term"]) == {"4 years"} and set(changes["later_term"]) == {"4 years"}


def test_a_date_reads_on_a_day_and_in_a_month_or_a_year():
    assert on_date("2021-02-01").text == "on 1 Feb 2021"
    assert on_date("2021-07").text == "in Jul 2021"
    assert on_date("2016").text == "in 2016"
