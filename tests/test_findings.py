"""Key findings: computed with the chapters' functions, from the data."""

import re

import pytest

from conftest import DATA
from kzbrief import datasets
from kzbrief.analysis import casualties as cs
from kzbrief.analysis import findings
from kzbrief.analysis import press_freedom as pf
from kzbrief.analysis import sentencing as sn

PEERS = ["RUS", "BLR", "CHN", "KGZ", "UZB", "TJK", "TKM", "AZE", "UKR", "POL", "DEU"]


@pytest.fixture(scope="module")
def real():
    tables = datasets.load_all(DATA)
    selection = sn.prepare(tables, start_year=2002, end_year=None)
    claims = cs.select_claims(tables["casualty_estimates"], tables["events"])
    return tables, selection, claims


def all_findings(tables, selection, claims, unit="years"):
    rows, _, names = pf.comparison(tables["press_freedom"], "KAZ", PEERS, 2002, None)
    return (
        findings.sentencing_findings(tables, selection, unit)
        + findings.casualty_findings(claims, "KAZ")
        + findings.press_findings(rows, "KAZ", names)
    )


def test_four_to_six_findings_from_all_three_analyses(real):
    found = all_findings(*real)
    assert 4 <= len(found) <= 6
    assert {f.chapter for f in found} == {"sentencing", "casualties", "press freedom"}
    assert all(f.see for f in found)


def test_person_years_finding_equals_the_interval_computed_from_the_terms(real):
    tables, selection, _ = real
    custodial = selection.first_terms[selection.first_terms["outcome"] == "custodial"]
    direct = sn.person_years(custodial, selection.outcomes[selection.outcomes["outcome"] == "custodial"])
    finding = next(
        f for f in findings.sentencing_findings(tables, selection) if "person-years of imprisonment" in f.text
    )
    assert (finding.values["low"], finding.values["high"]) == (direct.years.low, direct.years.high) == (89.5, 160.5)
    assert "89.5–160.5 person-years" in finding.text and "21–22 people" in finding.text
    assert "not time served" in finding.text


def test_findings_follow_the_unit_parameter(real):
    tables, selection, _ = real
    finding = next(f for f in findings.sentencing_findings(tables, selection, "months") if "imprisonment" in f.text)
    assert "1,074–1,926 person-months" in finding.text


def test_police_finding_says_what_the_officers_were_convicted_of_in_the_documents_words(real):
    tables, selection, _ = real
    finding = next(f for f in findings.sentencing_findings(tables, selection) if "Police officers" in f.text)
    police = finding.text.split("Police officers were tried too:")[1]
    assert finding.see == ("table", "sentencing-police")
    assert "overstepping their authority" in police and "abuse of office" in police
    assert "released from prison early" in police and "shootings" not in police
    assert int((selection.agents["role"] == "police officer").sum()) > 0


def test_outcome_finding_counts_named_defendants_once_with_the_briefings_one_definition(real):
    tables, selection, _ = real
    finding = findings.sentencing_findings(tables, selection)[0]
    assert finding.values["named"] == len(sn.named_prosecuted(selection)) == 34
    assert "5 sent to prison" in finding.text
    assert "awaiting a verdict as of" in finding.text  # a status is dated by its document


def test_torture_finding_states_how_courts_and_prosecutors_answered(real):
    tables, selection, _ = real
    finding = next(f for f in findings.sentencing_findings(tables, selection) if f.text.startswith("Torture"))
    testified = tables["torture_allegations"]
    assert (
        finding.values["largest_testified"]
        == int(testified.loc[testified["testified_in_court"].fillna(False).astype(bool), "n_people"].max())
        == 22
    )
    assert "do not say whether the courts examined" not in finding.text
    for answer in ("refused", "ignored", "no confirmation"):
        assert answer in finding.text, answer


def test_casualty_finding_sets_the_figures_side_by_side_without_ratios(real):
    _, _, claims = real
    killed = findings.casualty_findings(claims[claims["event_id"] != "january-2022"], "KAZ")[0]
    assert killed.values["figures"]["official"] == ["17", "at least 17"]
    assert killed.values["figures"]["independent"] == ["80–100", "up to 70"]
    assert "times" not in killed.text and not re.search(r"\d\.\d", killed.text)
    assert "may include the injured" in killed.text


def test_detention_finding_keeps_administrative_liability_apart_from_detention(real):
    _, _, claims = real
    detained = findings.casualty_findings(claims, "KAZ")[-1]
    assert "51 brought to administrative responsibility" in detained.text
    assert "more than 1,000 detained according to reporters and Open Dialog Foundation" in detained.text
    assert "prosecuted" not in detained.text


def test_press_finding_matches_the_latest_edition(real):
    tables = real[0]
    rows, _, names = pf.comparison(tables["press_freedom"], "KAZ", PEERS, 2002, None)
    latest = rows[(rows["iso3"] == "KAZ")].sort_values("year").iloc[-1]
    finding = findings.press_findings(rows, "KAZ", names)[0]
    assert finding.values["rank"] == latest["rank"] and finding.values["n_ranked"] == latest["n_ranked"]
    assert f"ranked {latest['rank']}th of {latest['n_ranked']}" in finding.text


def test_an_empty_selection_gives_no_findings_rather_than_made_up_ones(real):
    tables = real[0]
    none = sn.prepare(tables, start_year=1990, end_year=1991, include_undated=False)
    assert findings.sentencing_findings(tables, none) == []
    assert (
        findings.casualty_findings(
            cs.select_claims(
                tables["casualty_estimates"], tables["events"], metrics=["injured"], claimant_types=["media"]
            ),
            "KAZ",
        )
        == []
    )
