"""The sentencing chapter: its facts (`chapters.sentencing.compute`, no kernel) and the wording its
templates give them (`sentencing/*.md`, rendered outside a kernel)."""

import re
from pathlib import Path

import pytest

from conftest import DATA, TINY
from kzbrief import datasets, words
from kzbrief.chapters import sentencing
from kzbrief.render import Text

FREEDONIA = Path(__file__).resolve().parent / "fixtures" / "freedonia"
TEMPLATES = words.PACKAGE_TEMPLATES / "sentencing"
DEFAULTS = {"start_year": 2002, "end_year": None, "events": [], "term_unit": "years"}


def _chapter(data_dir, **params):
    tables = datasets.load_all(data_dir)
    facts = sentencing.compute(tables, {**DEFAULTS, **params, "data_dir": str(data_dir)})
    return tables, facts, Text(data_dir, tables["sources"])


@pytest.fixture(scope="module")
def real():
    return _chapter(DATA)


@pytest.fixture(scope="module")
def tiny():
    return _chapter(TINY)


@pytest.fixture(scope="module")
def freedonia():
    return _chapter(FREEDONIA)


def said(text: Text, name: str, facts, **context) -> str:
    """A template's words as a reader sees them: tags dropped, white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", "", text.html(name, facts, **context)).split())


# --- facts ---------------------------------------------------------------------------------------


def test_the_real_data_names_its_people_and_how_their_cases_ended(real):
    _, facts, _ = real
    assert facts.prosecuted and facts.named.value == 46
    assert (facts.first_year.value, facts.last_year.value) == ("2002", "2025")
    statuses = {s.outcome: s.people.value for s in facts.outcomes.statuses}
    # Bokayev and Ayan: pending in the 2016 report, sentenced on 28 Nov 2016 (Human Rights Watch)
    assert statuses["custodial"] == 19 and statuses["pending"] == 8 and "conflicting" not in statuses
    assert statuses["in_absentia"] == 1  # Ablyazov, tried twice while abroad, is one person
    assert facts.outcomes.retried.value == 5  # counted under each of their verdicts
    custodial = next(s for s in facts.outcomes.statuses if s.outcome == "custodial")
    assert "hrw-2016-11-29-bokaev-ayan-sentenced" in custodial.people.sources
    pending = next(s for s in facts.outcomes.statuses if s.outcome == "pending")
    assert [(a.date, a.source) for a in pending.as_of] == [("2016", "odf-2016-land-protests")]
    assert facts.outcomes.administrative.value == 5 and facts.outcomes.unrecorded.value == 5
    assert facts.groups.documents.value == 4


def test_person_years_are_bounds_with_their_sources(real):
    _, facts, _ = real
    imposed = facts.terms.imposed
    assert imposed.total.value == (185.5, 256.5) and imposed.people.value == (34, 35)
    assert imposed.total.sources and not imposed.without
    assert facts.terms.lines.value >= facts.terms.drawn.value == len(facts.terms.chart)


def test_appeals_pleas_releases_torture_charges_and_police_on_the_real_data(real):
    _, facts, _ = real
    # every document's higher-court decision, Kharkova's appeal and both Supreme Court dates among them,
    # and Sokolova's March 2012 decision in three documents' accounts
    assert facts.appeals.decisions.value == 16
    assert [(r.defendant, r.first.value, r.later.value) for r in facts.appeals.reduced] == [
        ("Natalia Sokolova", 6, 3),
        ("Roza Tuletayeva", 7, 5),
    ]
    kozlov = facts.pleas.trials[0].defendants[0]
    assert (kozlov.name, kozlov.plea, kozlov.outcome, kozlov.term.value) == (
        "Vladimir Kozlov",
        "not_guilty",
        "custodial",
        7.5,
    )
    assert [(r.defendant, r.term.value) for r in facts.pleas.requests] == [("Vladimir Kozlov", 9)]
    # 15 from the documents to 2016, Kozlov's, Dzhakishev's and Atabek's later releases, and Kharlamov's
    # and Kashkumbayev's (2013, 2014)
    assert facts.releases.statements.value == 35 and facts.releases.kinds == ["release", "parole", "refused"]
    assert [(r.defendant, r.date) for r in facts.releases.refused] == [
        ("Erzhan Elshibayev", "2021-07"),
        ("Kenzhebek Abishev", "2021-02"),
        ("Vladimir Kozlov", "2015-12-08"),
    ]
    # the documents of 2012-2015 and those on January 2022 and on later trials, each its own account
    assert len(facts.torture.accounts) == 11
    assert facts.charges.offence == "inciting social discord" and facts.charges.people.value == 11
    assert facts.charges.codes_grouped == ["1997 Criminal Code", "2014 Criminal Code"]
    assert [len(a.convictions) for a in facts.police.accounts] == [2, 1]
    # one row per proceeding: 46 people, 5 of them tried more than once
    assert facts.defendants.table["name"] == "sentencing-defendants" and len(facts.defendants.table["frame"]) == 53


def test_figures_and_tables_keep_the_names_other_chapters_point_at(real):
    _, facts, _ = real
    assert facts.outcomes.figure["name"] == "sentencing-outcomes" and facts.terms.figure["name"] == "sentencing-terms"
    names = {facts[k].table["name"] for k in ("groups", "appeals", "releases", "torture", "charges", "police")}
    assert {"sentencing-police", "sentencing-torture", "sentencing-group-counts"} <= names


def test_months_and_one_event_on_the_tiny_data(tiny):
    _, facts, _ = _chapter(TINY, events=["strike-2011"], term_unit="months")
    assert facts.scope == ["Oil strike and shooting"]
    assert facts.terms.imposed.total.value == (144, 420) and facts.terms.imposed.people.value == (4, 5)


def test_without_group_rows_there_are_no_groups_and_no_police(tiny):
    _, facts, _ = _chapter(TINY, include_group_rows=False)
    assert facts.groups is None and facts.police is None
    assert facts.terms.imposed.total.value == (7, 7) and facts.terms.imposed.people.value == (1, 1)


def test_freedonia_has_one_code_no_release_and_its_guards(freedonia):
    _, facts, _ = freedonia
    assert facts.named.value == 2 and facts.charges.codes_grouped == [] and facts.charges.unnumbered
    assert facts.releases is None
    assert facts.police.accounts[0].convictions[0].officers.value == 2


def test_a_selection_without_cases_has_nothing_but_its_scope():
    tables = datasets.load_all(TINY)
    facts = sentencing.compute(tables, {**DEFAULTS, "start_year": 1990, "end_year": 1991, "include_undated": False})
    assert not facts.prosecuted and facts.named.value == 0 and not facts.outcomes


def test_an_unknown_term_unit_is_refused():
    with pytest.raises(ValueError, match="decades"):
        sentencing.compute(datasets.load_all(TINY), {**DEFAULTS, "data_dir": str(TINY), "term_unit": "decades"})


# --- words ---------------------------------------------------------------------------------------


def test_no_template_types_a_number():
    for path in sorted(TEMPLATES.glob("*.md")):
        assert words.typed_numbers(path.read_text(encoding="utf-8"), path.name) == []


def test_the_lead_and_the_outcomes_on_the_real_data(real):
    _, facts, text = real
    lead = said(text, "sentencing/lead.md", facts)
    named = facts.named.value
    assert lead.startswith(
        f"For all events, the documents name {named} people whom the state prosecuted, in cases dated "
    )
    assert "(police officers tried over the same events are counted apart)" in lead
    # the events the documents count only in totals (or in totals far above the people named) are said
    for u in facts.unnamed:
        assert u.event in lead and "These totals are claims" in lead
    outcomes = said(text, "sentencing/outcomes.md", facts)
    assert outcomes.startswith(f"Of these {named} people, the documents report: ")
    # every status is cited, and the pending one dated
    assert re.search(r"\d+ sent to prison \[[\d, ]+\]", outcomes)
    assert re.search(r"\d+ still awaiting a verdict as of 2016 \[[\d, ]+\]", outcomes)
    assert re.search(r"with no outcome recorded in the documents \[[\d, ]+\] \(figure\)\.", outcomes)


def test_group_accounts_each_say_what_their_document_breaks_down(real):
    _, facts, text = real
    words_ = said(text, "sentencing/groups.md", facts)
    # The counts and breakdowns are in the table, the documents' words in the casualties chapter: said once.
    assert words_ == (
        "table sets each document's count of a trial, and how it breaks the count down by outcome, beside the "
        "others'; the casualties chapter quotes each document's words."
    )
    assert "breaks them down" not in words_ and "13 sent to prison" not in words_


def test_terms_appeals_pleas_and_charges_in_months_on_the_tiny_data():
    _, facts, text = _chapter(TINY, events=["strike-2011"], term_unit="months")
    assert said(text, "sentencing/terms.md", facts).startswith(
        "Between 144 and 420 person-months of imprisonment were imposed at first instance on between 4 and 5 people"
    )
    assert "Әлия Ғұмарова's term went from 84 months to 60 months" in said(text, "sentencing/appeals.md", facts)
    assert (
        "The offence charged most often among named defendants was mass unrest (Art. 241, 1997 Criminal Code)"
        in said(text, "sentencing/charges.md", facts)
    )


def test_pleas_are_worded_trial_by_trial(tiny):
    _, facts, text = tiny
    pleas = said(text, "sentencing/pleas.md", facts)
    assert text.html("sentencing/pleas.md", facts).startswith("<h3>Pleas and sentences</h3>")
    assert pleas.startswith("Pleas and sentences Where the documents give the pleas of co-defendants")
    pleas = pleas.split("not evidence of a general rule. ", 1)[1]
    assert pleas.startswith("Strike trial 2012. Әлия Ғұмарова, who pleaded not guilty, was given 7 years (prison)")
    assert "Serik Example, who pleaded guilty, was given 3 years (suspended sentence)" in pleas
    assert pleas.endswith("The prosecutor had asked for 9 years for Әлия Ғұмарова.")


def test_one_person_and_one_year_agree(tiny):
    _, facts, text = _chapter(TINY, include_group_rows=False)
    assert said(text, "sentencing/terms.md", facts).startswith(
        "7 person-years of imprisonment were imposed at first instance on 1 person"
    )
    assert said(text, "sentencing/police.md", facts) == ""
    # no group count, no line saying so: the methods chapter says once what the data do not hold
    assert said(text, "sentencing/groups.md", facts) == ""
    assert "police officers" not in said(text, "sentencing/lead.md", facts)


def test_release_heading_and_refusals_follow_the_data(real, freedonia):
    _, facts, text = real
    html = text.html("sentencing/releases.md", facts)
    assert html.startswith("<h3>Release, parole and refused early release</h3>")
    assert "Vladimir Kozlov was refused early release on 8 Dec 2015 [12]" in said(text, "sentencing/releases.md", facts)
    _, none, text = freedonia
    assert text.html("sentencing/releases.md", none) == ""


def test_torture_and_police_accounts_per_document(real):
    _, facts, text = real
    torture = said(text, "sentencing/torture.md", facts)
    assert "Roza Tuletayeva testified in court to torture and the court refused to open a case" in torture
    assert "22 oil workers testified in court to torture and the prosecutor's office found no confirmation" in torture
    police = said(text, "sentencing/police.md", facts)
    assert police.startswith("Police officers The documents report trials of police officers over the same events")
    # Each document's account is in the police table; the paragraph points there instead of repeating it.
    assert "table gives each document's account in its own words" in police
    assert "overstepping their authority" not in police
    assert (
        "Vladimir Kozlov, 7.5 years, Roza Tuletayeva, 7 years and "
        "Zhanaozen oil workers trial: 13 oil workers, each 3–7 years" in police
    )


def test_captions_name_the_grouped_codes_from_the_data(real, freedonia):
    _, facts, text = real
    assert said(text, "sentencing/captions.md", facts, of="charges") == (
        "Charges by offence (the articles of the 1997 Criminal Code and the 2014 Criminal Code grouped by offence; "
        "charges a document words without an article in its words); largest group count: the most people one "
        "document counts for one trial, never a total of several documents"
    )
    assert said(text, "sentencing/captions.md", facts, of="defendants") == (
        "Named people the state prosecuted, 2002–2025, by date of the first decision"
    )
    _, other, text = freedonia
    caption = said(text, "sentencing/captions.md", other, of="charges")
    assert caption == (
        "Charges by offence (charges a document words without an article in its words); largest group count: the "
        "most people one document counts for one trial, never a total of several documents"
    )
    assert "1997" not in caption


def test_freedonia_reads_naturally(freedonia):
    _, facts, text = freedonia
    lead = said(text, "sentencing/lead.md", facts)
    assert "1 document also counts people it does not name" in lead
    assert "Rufus Firefly's term went from 6 years to 4 years" in said(text, "sentencing/appeals.md", facts)
    police = said(text, "sentencing/police.md", facts)
    assert "table gives each document's account" in police
    assert "Harbour trial 2019: 6 others, each 2–5 years" in police


def test_nothing_prosecuted_says_so_once():
    tables = datasets.load_all(TINY)
    facts = sentencing.compute(
        tables, {**DEFAULTS, "start_year": 1990, "end_year": 1991, "include_undated": False, "data_dir": str(TINY)}
    )
    text = Text(TINY, tables["sources"])
    assert said(text, "sentencing/lead.md", facts) == (
        "The documents record no one prosecuted by the state for all events from 1990 to 1991, so this chapter "
        "has nothing to count."
    )
    for name in ("outcomes", "groups", "terms", "appeals", "pleas", "releases", "torture", "charges", "police"):
        assert text.html(f"sentencing/{name}.md", facts) == "", name


def test_printed_numbers_are_facts_for_the_catalog(real):
    _, facts, text = real
    html = text.html("sentencing/terms.md", facts)
    assert 'data-what="person-years of imprisonment imposed"' in html and 'data-value="[185.5, 256.5]"' in html
