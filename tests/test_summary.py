"""The key-findings page: its facts (chapters.summary.compute, no kernel) and their wording, by
the package's generic templates and by the Kazakhstan editor's own."""

import re

import pytest
from bs4 import BeautifulSoup

from conftest import DATA, ROOT
from kzbrief import datasets
from kzbrief.analysis import sentencing
from kzbrief.chapters import summary
from kzbrief.render import Text
from kzbrief.words import Words, typed_numbers

FREEDONIA = ROOT / "tests" / "fixtures" / "freedonia"
PARAMS = {"data_dir": str(DATA), "start_year": 2002, "end_year": None, "events": [], "max_asks": 3}


@pytest.fixture(scope="module")
def tables():
    return datasets.load_all(DATA)


@pytest.fixture(scope="module")
def facts(tables):
    return summary.compute(tables, PARAMS)


def generic(tables, data_dir=DATA) -> Text:
    text = Text(data_dir, tables["sources"])
    text.words = Words(None)  # the package's templates only
    return text


def plain(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").get_text().split())


def items(html: str) -> list[str]:
    return [" ".join(li.get_text().split()) for li in BeautifulSoup(html, "html.parser").select("ol > li")]


def test_the_counts_are_the_briefings_one_definitions_with_their_sources(tables, facts):
    selection = sentencing.prepare(tables, start_year=2002, end_year=None)
    named = sentencing.named_prosecuted(selection)
    assert facts.sentencing.named.value == len(named) == 46
    assert set(facts.sentencing.named.sources) == set(named["source_id"])
    assert facts.sentencing.sent_to_prison.value == 19
    # the two sentenced on 28 Nov 2016 are counted from the document that reports the verdict
    assert "hrw-2016-11-29-bokaev-ayan-sentenced" in facts.sentencing.sent_to_prison.sources
    assert facts.sentencing.person_years.total.value == (185.5, 256.5)
    assert facts.sentencing.person_years.people.value == (34, 35)
    # the interval is the one computed from the terms themselves
    custodial = selection.first_terms[selection.first_terms["outcome"] == "custodial"]
    direct = sentencing.person_years(custodial, selection.outcomes[selection.outcomes["outcome"] == "custodial"])
    assert facts.sentencing.person_years.total.value == (direct.years.low, direct.years.high)


def test_a_claim_is_a_fact_printed_as_the_document_words_it(facts):
    claim = facts.claims["zhanaozen-killed-official-odf2015"]
    assert claim.shown == "at least 17" and claim.low == 17 and claim.sources == ("odf-2015-zhanaozen-anniversary",)
    assert facts.claims["jan2022-convicted-pg-20230105"].value == (1205, 1205)
    assert not facts.claims["no-such-claim"]


def test_six_generic_findings_from_the_three_analyses_each_pointing_at_its_figure_or_table(tables, facts):
    html = generic(tables).html("summary/key_findings.md", facts)
    found = items(html)
    assert len(found) == 6
    assert [f.split(".")[0] for f in found] == ["Sentencing"] * 3 + ["Casualties"] * 2 + ["Press freedom"]
    assert html.count('class="xref"') == 6


def test_the_person_years_finding_says_imposed_not_served_and_follows_the_unit(tables, facts):
    found = items(generic(tables).html("summary/key_findings.md", facts))[0]
    # dated; not cited with one document only (its figure's source line gives them all)
    assert re.search(r"\d+ sent to prison, 1 sentenced in absentia and 8 still awaiting a verdict as of 2016\. ", found)
    assert "185.5–256.5 person-years of imprisonment at first instance on 34–35 people" in found
    assert "not time served" in found
    months = summary.compute(tables, PARAMS | {"term_unit": "months"})
    assert "2,226–3,078 person-months" in items(generic(tables).html("summary/key_findings.md", months))[0]


def test_the_police_and_torture_findings_keep_the_documents_words_and_answers(tables, facts):
    html = generic(tables).html("summary/key_findings.md", facts)
    found = items(html)
    police = found[1].split("Police officers were tried too:")[1]
    assert "overstepping their authority" in police and "abuse of office" in police
    assert "released from prison early" in police and "shootings" not in police
    torture = found[2]
    for answer in ("refused to open a case", "ignored the statements", "found no confirmation", "22 oil workers"):
        assert answer in torture, answer
    assert "do not say whether the courts examined" not in torture
    # the 22 is the data's: the most people one document says testified in court
    allegations = tables["torture_allegations"]
    in_court = allegations["testified_in_court"].fillna(False).astype(bool)
    assert f"{int(allegations.loc[in_court, 'n_people'].max())} oil workers testified in court" in torture
    assert '<a class="xref" href="#tab-sentencing-police">' in html and 'href="#tab-sentencing-torture"' in html


def test_casualty_figures_stand_side_by_side_without_ratios(tables):
    before_2022 = summary.compute(tables, PARAMS | {"events": ["zhanaozen-2011", "detentions-2016-05-21"]})
    found = items(generic(tables).html("summary/key_findings.md", before_2022))
    killed = next(f for f in found if f.startswith("Casualties. Zhanaozen"))
    assert "official figures give 17 and at least 17 killed" in killed
    assert "independent estimates give 80–100 and up to 70" in killed
    assert "may include the injured" in killed and "times" not in killed and not re.search(r"\d\.\d", killed)
    detained = found[-2]
    assert "more than 1,000 detained according to reporters and Open Dialog Foundation" in detained
    assert "51 brought to administrative responsibility" in detained and "prosecuted" not in detained


def test_the_press_finding_is_the_latest_edition_and_movement_within_one_method(tables, facts):
    latest = facts.press.latest
    rsf = tables["press_freedom"]
    row = rsf[(rsf["iso3"] == "KAZ") & (rsf["index"] == "RSF")].sort_values("year").iloc[-1]
    assert (latest.rank.value, latest.n_ranked.value, latest.edition.value) == (row["rank"], row["n_ranked"], "2026")
    press = items(generic(tables).html("summary/key_findings.md", facts))[-1]
    assert f"ranked {row['rank']}th of {row['n_ranked']} countries, down from 122nd in 2022" in press


def test_an_empty_selection_says_so_instead_of_making_findings_up(tables):
    empty = summary.compute(
        tables, PARAMS | {"start_year": 1990, "end_year": 1991, "include_undated": False, "metrics": ["injured"]}
    )
    assert not empty.sentencing.named and not empty.casualties.deaths and not empty.press
    html = generic(tables).html("summary/key_findings.md", empty)
    assert plain(html) == "This selection holds no data from which a key finding can be computed."
    assert generic(tables).html("summary/bottom_line.md", empty) == ""


def test_the_kazakhstan_editors_bottom_line_states_the_pattern_with_computed_facts(tables, facts):
    line = plain(Text(DATA, tables["sources"]).html("summary/bottom_line.md", facts, inline=True))
    assert line.startswith(
        "The state has answered protest with gunfire, mass detention and prosecution: at Zhanaozen in December "
        "2011, in the land protests of May 2016 and in the unrest of January 2022."
    )
    assert "Kazakhstan ranks lower in RSF's 2026 index than in its 2022 index" in line  # dated, never "now"
    # The key findings give the figures; the bottom line does not say them again.
    for figure in ("17", "80–100", "1,000", "238", "1,205", "34", "149th"):
        assert figure not in line, figure
    assert 2 <= line.count(". ") + 1 <= 3


def test_the_kazakhstan_editors_findings_are_six_in_the_editors_order(tables, facts):
    found = items(Text(DATA, tables["sources"]).html("summary/key_findings.md", facts))
    heads = [item.split(".")[0] for item in found]
    assert heads == [
        "January 2022",
        "Zhanaozen, December 2011",
        "Land protests, May 2016",
        "Sentencing",
        "Accountability",
        "Press freedom",
    ]
    accountability = found[4]
    for said in (
        "In the only trial of police implicated in the Zhanaozen shooting by October 2012, 5 officers were "
        "sentenced to 5–7 years",
        "“they were released from prison early, long before the convicted oil workers”",
        "22 oil workers testified in court to torture",
        "found no confirmation",
    ):
        assert said in accountability, said


def test_the_asks_take_one_call_from_each_body_in_turn(tables):
    calls = summary.compute(tables, PARAMS | {"max_asks": 2}).asks
    assert len({ask.made_by for ask in calls}) == 2


def test_the_editors_findings_follow_a_selection_leaving_out_what_it_does_not_hold(tables):
    only_2016 = summary.compute(tables, PARAMS | {"events": ["detentions-2016-05-21"]})
    html = Text(DATA, tables["sources"]).html("summary/key_findings.md", only_2016)
    assert "January 2022" not in plain(html) and "Zhanaozen" not in plain(html)
    assert "more than 1,000" in plain(html)


def test_every_number_of_the_page_is_a_marked_fact(tables, facts):
    """Apart from dates and years, list numbers and citations, each number printed on the page is
    inside a fact span (so the catalog lists it)."""
    text = Text(DATA, tables["sources"])
    html = "".join(
        text.html(f"summary/{name}.md", facts) for name in ("bottom_line", "key_findings", "known", "unknown", "asks")
    )
    soup = BeautifulSoup(html, "html.parser")
    for marked in soup.select("span.fact, a.cite"):
        marked.decompose()
    left = re.sub(r"\b\d{1,2} (?:Jan|January|May|Dec|December)\b|\b(?:19|20)\d\d\b", "", soup.get_text())
    assert re.findall(r"\d[\d,.]*", left) == []


def test_the_editors_templates_type_no_number():
    templates = sorted((DATA / "templates").rglob("*.md"))
    assert templates
    assert [p for t in templates for p in typed_numbers(t.read_text(encoding="utf-8"), str(t))] == []


def test_a_country_without_templates_gets_the_generic_wording(tmp_path):
    tables = datasets.load_all(FREEDONIA)
    facts = summary.compute(tables, PARAMS | {"data_dir": str(FREEDONIA), "start_year": 1990})
    text = Text(FREEDONIA, tables["sources"])
    line = plain(text.html("summary/bottom_line.md", facts))
    assert "Freedonia" in line and "Kazakhstan" not in line and "Zhanaozen" not in line
