"""Key findings, conflicts and gaps: computed with the chapters' functions, from the data."""

import pandas as pd
import pytest

from kzbrief import datasets
from kzbrief.analysis import casualties as cs
from kzbrief.analysis import conflicts, coverage, findings
from kzbrief.analysis import press_freedom as pf
from kzbrief.analysis import sentencing as sn

from conftest import DATA

PEERS = ["RUS", "BLR", "CHN", "KGZ", "UZB", "TJK", "TKM", "AZE", "UKR", "POL", "DEU"]


@pytest.fixture(scope="module")
def real():
    tables = datasets.load_all(DATA)
    selection = sn.prepare(tables, start_year=2002, end_year=2030)
    claims = cs.select_claims(tables["casualty_estimates"], tables["events"])
    return tables, selection, claims


def all_findings(tables, selection, claims, unit="years"):
    rows, _, names = pf.comparison(tables["press_freedom"], "KAZ", PEERS, 2002, 2030)
    return (findings.sentencing_findings(tables, selection, unit) + findings.casualty_findings(claims)
            + findings.press_findings(rows, "KAZ", names))


def test_between_five_and_eight_findings_from_all_three_analyses(real):
    found = all_findings(*real)
    assert 5 <= len(found) <= 8
    assert {f.chapter for f in found} == {"sentencing", "casualties", "press freedom"}
    assert all(f.see for f in found)


def test_person_years_finding_equals_the_interval_computed_from_the_terms(real):
    tables, selection, _ = real
    custodial = selection.first_terms[selection.first_terms["outcome"] == "custodial"]
    direct = sn.person_years(custodial, selection.outcomes[selection.outcomes["outcome"] == "custodial"])
    finding = next(f for f in findings.sentencing_findings(tables, selection) if "person-years of imprisonment" in f.text)
    assert (finding.values["low"], finding.values["high"]) == (direct.years.low, direct.years.high) == (89.5, 160.5)
    assert "89.5–160.5 person-years" in finding.text and "21–22 people" in finding.text
    assert "not time served" in finding.text


def test_findings_follow_the_unit_parameter(real):
    tables, selection, _ = real
    finding = next(f for f in findings.sentencing_findings(tables, selection, "months") if "imprisonment" in f.text)
    assert "1,074–1,926 person-months" in finding.text


def test_police_finding_keeps_officers_apart_from_the_people_prosecuted(real):
    tables, selection, _ = real
    finding = next(f for f in findings.sentencing_findings(tables, selection) if "police officers" in f.text)
    assert finding.text.startswith("6 police officers") and "30–40 person-years" in finding.text
    assert int((selection.agents["role"] == "police officer").sum()) > 0


def test_outcome_finding_counts_named_defendants_once(real):
    tables, selection, _ = real
    finding = findings.sentencing_findings(tables, selection)[0]
    assert finding.values["named"] == selection.named["case_id"].nunique() == 26
    assert finding.values["custodial"] == 5 and "5 sent to prison" in finding.text


def test_casualty_finding_gives_both_sides_and_the_ratio_range(real):
    _, _, claims = real
    killed = findings.casualty_findings(claims)[0]
    assert killed.values["official"] == ["17", "at least 17"]
    assert killed.values["independent"] == ["80–100", "up to 70"]
    assert "up to 5.9 times the official figure" in killed.text
    assert killed.values["ratio_high"] == pytest.approx(100 / 17)


def test_detention_finding_names_the_largest_claim_and_what_state_bodies_counted(real):
    _, _, claims = real
    largest = findings.casualty_findings(claims)[-1]
    assert largest.values["figure"] == "1,083"
    assert "4 arrested and 51 prosecuted" in largest.text


def test_press_finding_matches_the_latest_edition(real):
    tables = real[0]
    rows, _, names = pf.comparison(tables["press_freedom"], "KAZ", PEERS, 2002, 2030)
    latest = rows[(rows["iso3"] == "KAZ")].sort_values("year").iloc[-1]
    finding = findings.press_findings(rows, "KAZ", names)[0]
    assert finding.values["rank"] == latest["rank"] and finding.values["n_ranked"] == latest["n_ranked"]
    assert f"ranked {latest['rank']}th of {latest['n_ranked']}" in finding.text


def test_an_empty_selection_gives_no_findings_rather_than_made_up_ones(real):
    tables = real[0]
    none = sn.prepare(tables, start_year=1990, end_year=1991, include_undated=False)
    assert findings.sentencing_findings(tables, none) == []
    assert findings.casualty_findings(cs.select_claims(tables["casualty_estimates"], tables["events"], metrics=["injured"],
                                                       claimant_types=["media"])) == []


def test_conflicts_list_each_account_of_a_disputed_figure(real):
    tables, selection, claims = real
    found = conflicts.source_conflicts(selection, claims, tables["sources"])
    killed = found[found["subject"] == "Zhanaozen shooting, killed"].iloc[0]
    for figure in ("17: ", "at least 17: ", "80–100: ", "up to 70: ", "16: "):
        assert figure in killed["accounts"]
    assert "ratio" in killed["how the briefing treats it"]
    trial = found[found["subject"] == "Zhanaozen oil workers trial, Aktau 2012"].iloc[0]
    assert trial["accounts"].count("(") >= 3 and "never added" in trial["how the briefing treats it"]
    # Parts of one sentence (Aktobe: 4 locals and 3 soldiers) count different people: not a conflict.
    assert not found["subject"].str.startswith("Aktobe attack, killed").any()


def test_an_outcome_and_a_term_disputed_between_documents_are_listed_with_each_account(tiny_data):
    with (tiny_data / "sentences.csv").open("a", encoding="utf-8") as handle:
        handle.write("plain-name,first_instance,2012-10-08,custodial,2,2,years,,ngo-report,Another document's account.\n")
        handle.write("qazaq-name,first_instance,2012-06-04,custodial,6,6,years,,news-item,A different term.\n")
    tables = datasets.load_all(tiny_data)
    selection = sn.prepare(tables, start_year=2002, end_year=2030)
    outcome = conflicts.outcome_conflicts(selection, tables["sources"])
    assert [(r["subject"], r["accounts"]) for r in outcome] == [
        ("John Example", "suspended sentence (Example News (2012)); prison (Example NGO (2014))")]
    term = conflicts.term_conflicts(selection, tables["sources"])
    assert [r["subject"] for r in term] == ["Әлия Ғұмарова", "John Example"]
    assert "7 years (Example NGO (2014))" in term[0]["accounts"] and "6 years (Example News (2012))" in term[0]["accounts"]


def test_gaps_are_measured_on_the_data():
    tables = datasets.load_all(DATA)
    found = coverage.gaps(tables, 2002, 2030)
    assert any("dates from 2016" in g for g in found)
    undated = int(tables["sentences"]["date"].isna().sum())
    assert any(g.startswith(f"{undated} of the {len(tables['sentences'])} reported court decisions") for g in found)
    assert coverage.year_runs([2003, 2004, 2005, 2007, 2009, 2010]) == ["2003–2005", "2007", "2009–2010"]


def test_a_gap_disappears_when_the_data_fills_it():
    tables = datasets.load_all(DATA)
    sentences = tables["sentences"].copy()
    sentences.loc[sentences["date"].isna(), "date"] = "2013-05-01"
    filled = coverage.gaps({**tables, "sentences": sentences}, 2002, 2030)
    assert not any("have no date" in g for g in filled)
    assert not any("2013" in g and "No court decision" in g for g in filled)
