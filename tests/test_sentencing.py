"""Sentencing logic: units, interval bounds, outcome counts with group rows, offence families."""

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from conftest import DATA
from kzbrief import datasets
from kzbrief.analysis import sentencing as sn
from kzbrief.chapters import summary
from kzbrief.render import Text
from kzbrief.words import Words


@pytest.fixture
def tiny(tiny_data):
    return datasets.load_all(tiny_data)


def _cases(tables, **kwargs):
    options = {"start_year": 2002, "end_year": None, **kwargs}
    return sn.select_cases(tables["cases"], tables["sentences"], tables["events"], **options)


# --- units and intervals


@pytest.mark.parametrize("value, unit, years", [(7.5, "years", 7.5), (18, "months", 1.5), (365.25, "days", 1.0)])
def test_terms_convert_to_years(value, unit, years):
    assert sn.to_years(value, unit) == pytest.approx(years)


def test_years_convert_back_to_the_display_unit():
    assert sn.from_years(2.5, "months") == pytest.approx(30)
    assert sn.from_years(2.5, "years") == pytest.approx(2.5)


def test_unknown_unit_is_refused():
    with pytest.raises(ValueError, match="decades"):
        sn.to_years(1, "decades")


def test_bounds_add_scale_and_hull():
    assert sn.Bounds(3, 7).times(13) == sn.Bounds(39, 91)
    assert sn.Bounds(1, 2) + sn.Bounds(7.5, 7.5) == sn.Bounds(8.5, 9.5)
    assert sn.hull([sn.Bounds(3, 7), sn.Bounds(4, 9), sn.Bounds(2, 5)]) == sn.Bounds(2, 9)
    with pytest.raises(ValueError):
        sn.Bounds(5, 4)


def test_terms_are_formatted_no_more_precisely_than_given():
    assert sn.format_term(7.5, 7.5) == "7.5 years"
    assert sn.format_term(3, 7) == "3–7 years"
    assert sn.format_term(1, 1) == "1 year"
    assert sn.format_term(2.5, 2.5, "months") == "30 months"
    assert sn.format_as_given(15, 15, "days") == "15 days"


# --- outcomes with group rows


def test_named_defendants_are_counted_once_and_groups_per_document(tiny):
    outcomes = sn.trial_outcomes(_cases(tiny), tiny["sentences"])
    counts = sn.outcome_counts(sn.named_outcomes(outcomes)).set_index(["kind", "outcome"])["persons"]
    assert counts[("criminal", "custodial")] == 1  # the police group is a group row, not named
    assert counts[("criminal", "suspended")] == 2
    assert counts[("administrative", "administrative_detention")] == 1
    accounts = sn.group_accounts(outcomes).set_index(["proceeding", "source_id"])
    # Two documents count the same trial: two rows, never one summed row.
    assert accounts.loc[("Strike trial 2012", "ngo-report"), "custodial"] == 4
    assert accounts.loc[("Strike trial 2012", "ngo-report"), "suspended"] == 5
    assert accounts.loc[("Strike trial 2012", "ngo-report"), "total"] == 9
    assert accounts.loc[("Strike trial 2012", "news-item"), "total"] == 4


def test_disagreeing_documents_show_a_conflict_not_a_choice(tiny):
    extra = pd.DataFrame(
        [
            {
                "case_id": "plain-name",
                "stage": "first_instance",
                "date": "2012-10-08",
                "outcome": "acquitted",
                "source_id": "ngo-report",
            }
        ]
    )
    sentences = pd.concat([tiny["sentences"], extra], ignore_index=True)
    named = sn.named_outcomes(sn.trial_outcomes(_cases(tiny), sentences)).set_index("case_id")
    assert named.loc["plain-name", "outcome"] == "conflicting"
    assert named.loc["plain-name", "outcomes"] == ["suspended", "acquitted"]


def test_a_pending_case_a_later_document_reports_decided_is_not_a_conflict():
    cases = pd.DataFrame(
        {
            "case_id": ["a"],
            "defendant": ["Anna Alpha"],
            "is_group": [False],
            "n_persons": [1],
            "role": ["activist"],
            "event_id": ["e"],
            "proceeding": ["trial"],
            "source_id": ["report-2016"],
        }
    )
    sentences = pd.DataFrame(
        {
            "case_id": ["a", "a", "a"],
            "stage": ["first_instance", "first_instance", "appeal"],
            "date": [pd.NA, "2016-11-28", "2017-01-20"],
            "outcome": ["pending", "custodial", "custodial"],
            "term_min": [pd.NA, 5, 5],
            "term_max": [pd.NA, 5, 5],
            "term_unit": [pd.NA, "years", "years"],
            "source_id": ["report-2016", "news-2016-11", "ngo-2017"],
        }
    )
    named = sn.named_outcomes(sn.trial_outcomes(cases, sentences)).set_index("case_id")
    # the earlier status stays in the data; the count takes the verdict, cited to its document
    assert named.loc["a", "outcome"] == "custodial"
    assert named.loc["a", "source_ids"] == ["news-2016-11"]
    # the appeal is compared with the verdict, not with the pending case
    change = sn.appeal_changes(cases, sentences).set_index("case_id").loc["a"]
    assert (change["first_outcome"], change["later_outcome"], change["change_years"]) == ("custodial", "custodial", 0)
    # a pending case no document reports decided is still counted as pending
    alone = sn.named_outcomes(sn.trial_outcomes(cases, sentences.iloc[[0]])).set_index("case_id")
    assert alone.loc["a", "outcome"] == "pending"


def test_higher_court_subsets_are_not_counted_again():
    cases = pd.DataFrame(
        {
            "case_id": ["all", "released"],
            "defendant": ["13 workers", "6 of them"],
            "is_group": [True, True],
            "n_persons": [13, 6],
            "role": ["oil worker"] * 2,
            "event_id": ["e"] * 2,
            "proceeding": ["trial"] * 2,
            "source_id": ["doc"] * 2,
        }
    )
    sentences = pd.DataFrame(
        {
            "case_id": ["all", "released"],
            "stage": ["first_instance", "supreme_court"],
            "date": [pd.NA, pd.NA],
            "outcome": ["custodial", "released"],
            "source_id": ["doc", "doc"],
        }
    )
    accounts = sn.group_accounts(sn.trial_outcomes(cases, sentences))
    assert accounts["total"].tolist() == [13]


def test_the_upr_breakdown_reproduces_the_37_prosecuted():
    tables = datasets.load_all(DATA)
    cases = _cases(tables)
    accounts = sn.group_accounts(sn.trial_outcomes(cases, tables["sentences"]))
    upr = accounts.set_index(["proceeding", "source_id"]).loc[
        ("Zhanaozen oil workers trial, Aktau 2012", "odf-2014-upr")
    ]
    assert (upr["acquitted"], upr["custodial"], upr["suspended"], upr["amnesty"], upr["total"]) == (3, 13, 16, 5, 37)
    table = sn.group_counts_table(sn.prepare(tables, start_year=2002, end_year=None), tables["casualty_estimates"])
    stated = table[(table["source_id"] == "odf-2014-upr") & (table["stated_metric"] == "prosecuted")]
    assert stated["stated"].tolist() == [37]
    assert int(stated[list(sn.GROUP_OUTCOMES)].sum(axis=1).iloc[0]) == 37  # the breakdown adds up to it


# --- person-years as bounds


def test_person_years_take_the_hull_of_alternative_accounts(tiny):
    cases = _cases(tiny)
    accused = cases[~sn.is_state_agent(cases)]
    terms = sn.terms(accused, tiny["sentences"])
    outcomes = sn.trial_outcomes(accused, tiny["sentences"])
    bounds = sn.person_years(terms[terms["outcome"] == "custodial"], outcomes[outcomes["outcome"] == "custodial"])
    # Groups: 4 × [3, 7] = [12, 28] by one document, 4 × [4, 6] = [16, 24] by another -> hull [12, 28].
    # The named defendant's 7 years may be inside that group count: 0 at the low end, 7 at the high end.
    assert bounds.years == sn.Bounds(12, 35)
    assert bounds.persons == sn.Bounds(4, 5)
    assert (bounds.exact_rows, bounds.range_rows) == (1, 2)


def test_person_years_without_groups_are_exact(tiny):
    cases = _cases(tiny, include_group_rows=False)
    terms = sn.terms(cases, tiny["sentences"])
    outcomes = sn.trial_outcomes(cases, tiny["sentences"])
    bounds = sn.person_years(terms[terms["outcome"] == "custodial"], outcomes[outcomes["outcome"] == "custodial"])
    assert bounds.years == sn.Bounds(7, 7) and bounds.persons == sn.Bounds(1, 1)


def test_groups_without_terms_are_reported_outside_the_bounds():
    cases = pd.DataFrame(
        {
            "case_id": ["g"],
            "defendant": ["13 locals"],
            "is_group": [True],
            "n_persons": [13],
            "role": ["resident"],
            "event_id": ["e"],
            "proceeding": ["trial"],
            "source_id": ["doc"],
        }
    )
    sentences = pd.DataFrame(
        {
            "case_id": ["g"],
            "stage": ["first_instance"],
            "date": ["2012"],
            "outcome": ["custodial"],
            "term_min": [pd.NA],
            "term_max": [pd.NA],
            "term_unit": [pd.NA],
            "source_id": ["doc"],
        }
    )
    bounds = sn.person_years(sn.terms(cases, sentences), sn.trial_outcomes(cases, sentences))
    assert bounds.empty and bounds.persons_without_term == 13


def test_named_terms_agreeing_across_documents_merge(tiny):
    extra = pd.DataFrame(
        [
            {
                "case_id": "qazaq-name",
                "stage": "first_instance",
                "date": "2012-06-04",
                "outcome": "custodial",
                "term_min": 7.0,
                "term_max": 7.0,
                "term_unit": "years",
                "source_id": "news-item",
            }
        ]
    )
    sentences = pd.concat([tiny["sentences"], extra], ignore_index=True)
    terms = sn.terms(_cases(tiny), sentences).set_index("case_id")
    assert terms.loc["qazaq-name", "source_ids"] == ["ngo-report", "news-item"]


# --- appeals, pleas, torture, charges, selection


def test_appeal_reduction_is_computed_per_person(tiny):
    changes = sn.appeal_changes(_cases(tiny), tiny["sentences"]).set_index("case_id")
    assert changes.loc["qazaq-name", "change_years"] == -2
    assert changes.loc["qazaq-name", "later_outcome"] == "custodial"


def test_pleas_of_co_defendants_beside_their_sentences(tiny):
    pleas = sn.plea_and_outcome(_cases(tiny), tiny["sentences"]).set_index("case_id")
    assert set(pleas.index) == {"qazaq-name", "co-defendant"}  # plain-name pleaded, but alone in its trial
    assert pleas.loc["qazaq-name", "prosecutor_request_years"] == 9
    # their wording: test_sentencing_chapter.py::test_pleas_are_worded_trial_by_trial


def test_offence_families_join_the_two_codes(tiny):
    offences = sn.charged_offences(tiny["charges"], tiny["offence_families"], _cases(tiny))
    counts = sn.offence_counts(offences).set_index("offence")
    assert counts.loc["inciting social discord", "articles"] == "CC-1997 Art. 164; CC-2014 Art. 174"
    assert counts.loc["inciting social discord", "named_defendants"] == 2
    # A label joining two charges without article numbers counts as two offences.
    assert counts.loc["resisting the police", "persons_in_group_counts"] == 4
    assert counts.loc["resisting the police", "articles"] == "article not given"


def test_unnumbered_wordings_do_not_add_to_numbered_charges():
    charges = pd.DataFrame(
        {
            "case_id": ["k", "k"],
            "code": ["CC-1997", "unknown"],
            "article": ["164", pd.NA],
            "part": ["3", pd.NA],
            "label": ["incitement", "inciting strife"],
            "source_id": ["a", "b"],
        }
    )
    families = pd.DataFrame({"code": ["CC-1997"], "article": ["164"], "family": ["inciting social discord"]})
    cases = pd.DataFrame(
        {
            "case_id": ["k"],
            "defendant": ["K"],
            "is_group": [False],
            "n_persons": [1],
            "proceeding": ["t"],
            "role": ["activist"],
        }
    )
    assert sn.charged_offences(charges, families, cases)["family"].tolist() == ["inciting social discord"]


def test_selection_by_event_and_period(tiny):
    assert set(_cases(tiny, event_ids=["protest-2016"])["case_id"]) == {"protest-case"}
    in_2016 = _cases(tiny, start_year=2016, end_year=2016, include_undated=False)
    assert set(in_2016["case_id"]) == {"protest-case"}
    assert "group-suspended" not in set(_cases(tiny, include_group_rows=False)["case_id"])


def test_every_charged_article_of_the_real_data_has_a_family():
    tables = datasets.load_all(DATA)
    offences = sn.charged_offences(tables["charges"], tables["offence_families"], tables["cases"])
    assert offences["family"].notna().all()


def test_bounds_convert_to_the_display_unit():
    assert sn.Bounds(1.5, 2).in_unit("months") == sn.Bounds(18, 24)


# --- the reader review's faults, on the real data


@pytest.fixture(scope="module")
def real():
    tables = datasets.load_all(DATA)
    return tables, sn.prepare(tables, start_year=2002, end_year=None)


@pytest.fixture(scope="module")
def key_findings(real):
    """The generic key findings on sentencing, worded by summary/key_findings.md: the text of each
    item by the figure or table it points at ("tab-sentencing-torture")."""
    tables, _ = real
    facts = summary.compute(tables, {"data_dir": str(DATA), "start_year": 2002, "end_year": None, "events": []})
    text = Text(DATA, tables["sources"])
    text.words = Words(None)
    found = BeautifulSoup(text.html("summary/key_findings.md", facts), "html.parser").select("ol > li")
    return facts, {li.select_one("a.xref")["href"].lstrip("#"): " ".join(li.get_text().split()) for li in found}


def test_torture_finding_states_each_documents_response_and_the_22_from_data(real, key_findings):
    tables, _ = real
    text = key_findings[1]["tab-sentencing-torture"]
    allegations = tables["torture_allegations"]
    n = int(allegations.loc[allegations["testified_in_court"].fillna(False).astype(bool), "n_people"].max())
    assert f"{n} oil workers testified in court" in text
    assert "the court refused to open a case" in text and "the court ignored the statements" in text
    assert "prosecutor's office found no confirmation and refused to open a case" in text
    assert "do not say whether" not in text


def test_overlapping_groups_are_never_counted_twice(real, key_findings):
    _, selection = real
    lines = sn.term_lines(selection.first_terms)
    thirteen = lines[lines["is_group"].astype(bool) & (lines["n_persons"] == "13")]
    assert len(thirteen) == 1 and len(thirteen.iloc[0]["source_ids"]) == 2
    facts = key_findings[0]
    assert facts.sentencing.named.value == len(sn.named_prosecuted(selection))  # named people only, no group rows


def test_police_wording_says_what_they_were_convicted_of(key_findings):
    text = key_findings[1]["tab-sentencing-police"]
    assert "for overstepping their authority" in text and "convicted of abuse of office" in text
    assert "released from prison early" in text
    assert "shootings" not in text


def test_releases_list_kozlovs_refused_early_release_with_its_date(real):
    tables, selection = real
    freed = sn.releases(selection.accused, tables["sentences"])
    kozlov = freed[(freed["defendant"] == "Vladimir Kozlov") & (freed["what"] == "early release refused")]
    assert kozlov["date"].tolist() == ["2015-12-08"]


def test_named_count_is_one_definition(real, key_findings):
    _, selection = real
    people = sn.named_prosecuted(selection)
    assert not people["is_group"].any() and not (people["role"] == "police officer").any()
    named_rows = selection.accused[~selection.accused["is_group"].astype(bool)]
    assert len(people) == named_rows["person_id"].nunique()  # one per person, not per proceeding
    facts, found = key_findings
    assert facts.sentencing.named.value == len(people)
    assert f"name {len(people)} people" in found["fig-sentencing-outcomes"]
    chapter = (DATA.parent / "src" / "kzbrief" / "chapters" / "sentencing.py").read_text(encoding="utf-8")
    assert "people = sn.named_prosecuted(selection)" in chapter and "fact(len(people)" in chapter


def test_group_table_shows_missing_not_zero_and_the_booklets_37(real):
    tables, selection = real
    groups = sn.group_counts_table(selection, tables["casualty_estimates"])
    booklet = groups[groups["source_id"] == "odf-2012-booklet"].iloc[0]
    assert booklet["stated"] == 37 and booklet["suspended"] == 18 and pd.isna(booklet["custodial"])
    assert not (groups[list(sn.GROUP_OUTCOMES)] == 0).any().any()


def test_validation_rejects_unknown_case_and_response(tiny_data):
    from kzbrief.validation import validate

    path = tiny_data / "torture_allegations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.append("bad,no-such-case,ngo-report,,,Quote.,court,shrugged,,,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = validate(tiny_data)
    assert any(p.file.endswith("torture_allegations.csv") and p.row == 5 and p.column == "response" for p in found)
    assert any(p.file.endswith("torture_allegations.csv") and p.row == 5 and p.column == "case_id" for p in found)


@pytest.mark.parametrize("which", ["real", "tiny"])
def test_charts_are_legible(which, tiny_data):
    from kzbrief.plots import legibility
    from kzbrief.plots import sentencing as charts

    tables = datasets.load_all(DATA if which == "real" else tiny_data)
    selection = sn.prepare(tables, start_year=2002, end_year=None)
    counts = sn.outcome_counts(selection.named)
    for fig in (
        charts.outcome_bars(counts),
        charts.outcome_bars(counts, narrow=True),
        charts.term_chart(sn.term_lines(selection.first_terms), "years"),
        charts.term_chart(sn.term_lines(selection.first_terms), "years", narrow=True),
    ):
        assert legibility.problems(fig) == []
        assert fig.texts == [] and all(not ax.get_title() for ax in fig.axes)  # the caption states the finding


def test_tables_show_no_internal_ids(real):
    from kzbrief import citations, report

    tables, selection = real
    freed = sn.releases(selection.accused, tables["sentences"])
    html = str(
        report.table(
            pd.DataFrame(
                {
                    "who": freed["defendant"],
                    "source": [citations.cite([s], tables["sources"]) for s in freed["source_id"]],
                }
            ),
            caption="c",
            source_ids=freed["source_id"],
            sources=tables["sources"],
        ).data
    )
    assert "odf-2012-booklet" not in html and "[1]" in html


def test_the_terms_chart_draws_the_longest_terms_up_to_its_limit():
    lows, highs = [1.0, 3.0, 2.0, 7.0, 3.0], [1.0, 7.0, 2.0, 7.0, 5.0]
    lines = pd.DataFrame({"defendant": list("abcde"), "low": lows, "high": highs})
    assert list(sn.longest_lines(lines, 3)["defendant"]) == ["d", "b", "e"]
    assert len(sn.longest_lines(lines, 30)) == 5


# --- a higher court's decision on part of a group: the first instance the document gives


def _part_of_a_group(tables, first_instance_groups):
    """The tiny data with a trial the report sentences in `first_instance_groups` ((case, n,
    outcome) at first instance) and of whose prisoners a higher court releases 3."""
    cases = pd.DataFrame(
        [
            {
                "case_id": case_id,
                "defendant": case_id,
                "n_persons": n,
                "is_group": True,
                "role": "oil worker",
                "event_id": "strike-2011",
                "proceeding": "Riot trial 2012",
                "plea": "unknown",
                "source_id": "ngo-report",
            }
            for case_id, n, _ in [*first_instance_groups, ("released-part", 3, None)]
        ]
    )
    sentences = pd.DataFrame(
        [
            {
                "case_id": case_id,
                "stage": "first_instance",
                "outcome": outcome,
                "term_min": 3.0,
                "term_max": 7.0,
                "term_unit": "years",
                "source_id": "ngo-report",
            }
            for case_id, _, outcome in first_instance_groups
        ]
        + [{"case_id": "released-part", "stage": "supreme_court", "outcome": "released", "source_id": "ngo-report"}]
    )
    # the same trial counted by another document: never the first instance of the report's group
    other = pd.DataFrame(
        [{"case_id": "news-prison", "n_persons": 20, "is_group": True, "proceeding": "Riot trial 2012"}]
    ).assign(defendant="news-prison", source_id="news-item")
    cases = pd.concat([tables["cases"], cases, other], ignore_index=True)
    news = {"case_id": "news-prison", "stage": "first_instance", "outcome": "custodial", "source_id": "news-item"}
    sentences = pd.concat([tables["sentences"], sentences, pd.DataFrame([news])], ignore_index=True)
    return sn.appeal_changes(cases, sentences).set_index("case_id")


def test_a_higher_courts_decision_on_part_of_a_group_shows_the_groups_first_instance(tiny):
    changes = _part_of_a_group(tiny, [("prison-all", 10, "custodial"), ("suspended-all", 12, "suspended")])
    part = changes.loc["released-part"]
    assert (part["first_outcome"], part["first_term"], part["first_of"]) == ("custodial", "3–7 years", 10)
    assert part["source_id"] == "ngo-report"


def test_no_first_instance_is_borrowed_where_the_document_leaves_it_open(tiny):
    # two prison groups of the same trial in the report: which one the 3 were in is not said
    changes = _part_of_a_group(tiny, [("prison-a", 10, "custodial"), ("prison-b", 5, "custodial")])
    assert pd.isna(changes.loc["released-part", "first_outcome"])
    assert pd.isna(changes.loc["released-part", "first_of"])


def test_every_higher_court_decision_on_the_real_data_shows_the_first_instance_its_document_gives(real):
    """A dash at first instance only where the document reporting the higher court gives no
    first-instance decision, for the person or for a group of the same trial they are part of."""
    tables, _ = real
    changes = sn.appeal_changes(tables["cases"], tables["sentences"])
    firsts = tables["sentences"][tables["sentences"]["stage"] == "first_instance"].merge(
        tables["cases"][["case_id", "proceeding"]], on="case_id"
    )
    for row in changes.itertuples():
        given = firsts[(firsts["source_id"] == row.source_id) & (firsts["proceeding"] == row.proceeding)]
        if pd.isna(row.first_outcome):
            assert given.empty, f"{row.defendant}: first instance given by {row.source_id} but not shown"
    released = changes[changes["case_id"] == "zhanaozen-oilworkers-odf2014-sc-released"].iloc[0]
    assert (released["first_outcome"], released["first_term"], released["first_of"]) == ("custodial", "3–7 years", 13)


def test_a_release_read_years_later_does_not_date_the_case():
    """A case is dated by its decisions, not by a later release, parole or pardon: with only an
    undated verdict and a 2020 release, the case has no year (and falls back to its event's)."""
    cases = pd.DataFrame(
        {"case_id": ["a", "b", "c"], "event_id": [pd.NA, "ev", pd.NA]},
    )
    sentences = pd.DataFrame(
        {
            "case_id": ["a", "a", "b", "c", "c"],
            "stage": ["first_instance", "parole", "release", "first_instance", "pardon"],
            "date": [pd.NA, "2020-03-03", "2012-03-15", "2010-10-01", "2019"],
        }
    )
    events = pd.DataFrame({"event_id": ["ev"], "start_date": ["2011-12-16"]})
    years = sn.case_years(cases, sentences, events)
    assert pd.isna(years["a"])
    assert years["b"] == 2011
    assert years["c"] == 2010
