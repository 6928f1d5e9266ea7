"""Key findings, conflicts and gaps: computed with the chapters' functions, from the data."""

import re

import pandas as pd
import pytest

from conftest import DATA
from kzbrief import datasets
from kzbrief.analysis import casualties as cs
from kzbrief.analysis import conflicts, findings
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
        "eleven men convicted" in shetpe["what the documents say"]
        and "four residents" in shetpe["what the documents say"]
    )
    # Figures of conflicting claims come from the claims table; one document's repeated 17 is given once.
    toll = found[found["subject"].str.startswith("Death toll")].iloc[0]["what the documents say"]
    assert (
        len(re.findall(r"(?<!least )\b17 according to", toll)) == 1
        and "at least 17 according to" in toll
        and "16 according to" in toll
    )
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
    assert len(new) == 1 and "20 according to" in new.iloc[0]["what the documents say"]


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
        ("John Example: outcome", "suspended sentence (Example News (2012)); prison (Example NGO (2014))")
    ]
    term = conflicts.term_conflicts(selection, tables["sources"])
    assert [r["subject"] for r in term] == ["Әлия Ғұмарова: term, first instance", "John Example: term, first instance"]
    assert "7 years (Example NGO (2014))" in term[0]["what the documents say"]
    assert "6 years (Example News (2012))" in term[0]["what the documents say"]
    shown = conflicts.source_conflicts(
        tables, selection, cs.select_claims(tables["casualty_estimates"], tables["events"]), tables["sources"]
    )
    assert shown["subject"].str.startswith("John Example: outcome").any()
    assert "A defendant's name" in list(shown["subject"])  # the fixture's documented conflict
