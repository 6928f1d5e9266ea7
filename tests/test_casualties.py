"""Casualty and detention claims: ranges from qualifiers, statements side by side, wording, selection,
the two charts and the chapter."""

import math
import re

import pandas as pd
import papermill
import pytest
from bs4 import BeautifulSoup

from conftest import DATA, ROOT, notebook_text
from kzbrief import datasets, domain, english, report
from kzbrief.analysis import casualties as cs
from kzbrief.chapters import casualties as chapter
from kzbrief.chapters import summary
from kzbrief.facts import fact, group
from kzbrief.plots import legibility
from kzbrief.render import Text
from kzbrief.words import Words

INF = math.inf


@pytest.fixture
def tiny(tiny_data):
    return datasets.load_all(tiny_data)


@pytest.fixture(scope="module")
def real():
    return datasets.load_all(DATA)


def _claims(tables, **selection):
    return cs.select_claims(tables["casualty_estimates"], tables["events"], **selection)


def _facts(tables, data_dir=DATA, events=(), metrics=(), claimant_types=()):
    params = {
        "data_dir": data_dir,
        "events": list(events),
        "metrics": list(metrics),
        "claimant_types": list(claimant_types),
    }
    return chapter.compute(tables, params)


def _words(tables, name, facts, data_dir=DATA, **context) -> str:
    """A chapter template's words as plain text (the citation links as their numbers)."""
    return Text(data_dir, tables["sources"]).plain(f"casualties/{name}.md", facts, **context)


def _key_findings(tables, claims) -> list[tuple[str, str]]:
    """The generic key findings (summary/key_findings.md) on the casualty facts of `claims` alone:
    (the figure each points at, its text)."""
    facts = group(
        "facts", country=fact("Kazakhstan"), casualties=summary.casualty_facts(claims, "KAZ", tables["sources"])
    )
    text = Text(DATA, tables["sources"])
    text.words = Words(None)
    found = BeautifulSoup(text.html("summary/key_findings.md", facts), "html.parser").select("ol > li")
    return [(li.select_one("a.xref")["href"], " ".join(li.get_text().split())) for li in found]


# --- one claim as a range


@pytest.mark.parametrize(
    "low, high, qualifier, bounds, figure",
    [
        (17, 17, "exact", (17, 17), "17"),
        (10, 10, "approx", (10, 10), "approx. 10"),
        (80, 100, "range", (80, 100), "80–100"),
        (17, pd.NA, "at_least", (17, INF), "at least 17"),
        (1000, pd.NA, "more_than", (1000, INF), "more than 1,000"),
        (pd.NA, 70, "up_to", (0, 70), "up to 70"),
        (1083, 1083, "exact", (1083, 1083), "1,083"),
        (7000, 7000, "nearly", (7000, 7000), "nearly 7,000"),
        (200, 200, "almost", (200, 200), "almost 200"),
    ],
)
def test_each_qualifier_gives_a_range_and_the_claim_s_own_wording(low, high, qualifier, bounds, figure):
    assert cs.claim_bounds(low, high, qualifier) == bounds
    assert cs.format_figure(low, high, qualifier) == figure


def test_an_unknown_qualifier_is_refused():
    with pytest.raises(ValueError):
        cs.claim_bounds(1, 1, "about")
    with pytest.raises(ValueError):
        cs.format_figure(1, 1, "about")


def test_selected_claims_carry_their_ranges(tiny):
    claims = _claims(tiny).set_index("claim_id")
    assert (claims.at["killed-witnesses", "lower"], claims.at["killed-witnesses", "upper"]) == (60, 70)
    assert claims.at["detained-ngo", "upper"] == INF and claims.at["detained-ngo", "figure"] == "more than 1,000"
    up_to = claims.loc["killed-unofficial-2014"]
    assert (up_to["lower"], up_to["upper"], up_to["figure"]) == (0, 80, "up to 80")


@pytest.mark.parametrize(
    "claim_date, label",
    [
        ("2012", "2012"),
        ("2012-10", "Oct 2012"),
        ("2015-12-16", "16 Dec 2015"),
        (pd.NA, "date unknown"),
    ],
)
def test_dates_are_worded_as_precisely_as_given(claim_date, label):
    assert cs.date_label(claim_date) == label


def test_join_words():
    assert [english.join_words(p) for p in ([], ["a"], ["a", "b"], ["a", "b", "c"])] == [
        "",
        "a",
        "a and b",
        "a, b and c",
    ]


def test_a_claimant_keeps_its_apostrophe_and_markup_in_it_is_escaped(real):
    def said(estimates) -> str:
        facts = _facts({**real, "casualty_estimates": estimates}, events=["detentions-2016-05-21"])
        return Text(DATA, real["sources"]).html("casualties/detentions_caption.md", facts)

    estimates = real["casualty_estimates"]
    assert "; General Prosecutor's Office counted " in said(estimates)
    hostile = estimates.assign(
        claimant=estimates["claimant"].str.replace("General Prosecutor's Office", "<script>x</script>")
    )
    assert "; &lt;script&gt;x&lt;/script&gt; counted " in said(hostile) and "<script" not in said(hostile)


# --- selection by parameters


def test_empty_parameters_select_everything(tiny):
    assert len(_claims(tiny)) == len(tiny["casualty_estimates"])


def test_selection_by_event_metric_and_claimant_type(tiny):
    chosen = _claims(tiny, event_ids=["strike-2011"], metrics=["killed"], claimant_types=["official"])
    assert chosen["claim_id"].tolist() == ["killed-official", "killed-official-2014"]
    assert set(_claims(tiny, metrics=["detained"])["claim_id"]) == {"detained-ngo", "detained-activist"}
    assert _claims(tiny, claimant_types=["media"])["claim_id"].tolist() == ["injured-news"]


def test_a_selection_that_matches_nothing_is_empty_not_an_error(tiny):
    chosen = _claims(tiny, event_ids=["protest-2016"], metrics=["killed"])
    assert chosen.empty
    assert cs.statements(chosen).empty and not summary.casualty_facts(chosen, "KAZ")


def test_unknown_parameter_values_are_refused(tiny):
    with pytest.raises(ValueError, match="strike-2012"):
        _claims(tiny, event_ids=["strike-2012"])
    with pytest.raises(ValueError, match="dead"):
        _claims(tiny, metrics=["dead"])
    with pytest.raises(ValueError, match="offical"):
        _claims(tiny, claimant_types=["offical"])


def test_claims_are_ordered_by_event_metric_and_claimant_type(tiny):
    strike = _claims(tiny, event_ids=["strike-2011"])
    assert strike["metric"].tolist() == ["killed"] * 4 + ["injured"]
    assert strike["claimant_type"].tolist()[:4] == ["official", "official", "independent", "independent"]


def test_the_lead_describes_the_selection(tiny, tiny_data):
    lead = _words(tiny, "lead", _facts(tiny, tiny_data), tiny_data)
    # a full selection needs no words about it
    assert lead.startswith("The documents give ") and "selection" not in lead
    chosen = _facts(tiny, tiny_data, ["strike-2011"], ["injured"], ["media"])
    assert _words(tiny, "lead", chosen, tiny_data) == (
        "For this selection (Oil strike and shooting; injured; media) the documents give 1 figure about 1 event, "
        "in 1 document."
    )


def test_an_intergovernmental_claim_validates_and_is_never_worded_or_charted_as_independent(tiny_data):
    from kzbrief.plots import casualties as plots
    from kzbrief.validation import validate

    path = tiny_data / "casualty_estimates.csv"
    text = path.read_text(encoding="utf-8")
    assert "witnesses,independent," in text
    path.write_text(text.replace("witnesses,independent,", "UN Human Rights Office,intergovernmental,", 1), "utf-8")
    assert validate(tiny_data) == []
    tables = datasets.load_all(tiny_data)
    chosen = _claims(tables, claimant_types=["intergovernmental"])
    table = cs.claims_table(cs.statements(chosen), tables["sources"])
    assert table["claimant"].tolist() == ["UN Human Rights Office (intergovernmental)"]
    facts = _facts(tables, tiny_data)
    focus = facts.deaths.focus
    assert [f.shown for f in focus.independent] == ["up to 80"]  # the UN's 60–70 is not an independent estimate
    assert "60–70" not in _words(tables, "deaths_title", facts, tiny_data)
    findings = dict(_key_findings(tables, _claims(tables)))["#fig-casualties-deaths"]
    assert "independent estimates give up to 80; UN Human Rights Office gives 60–70" in findings
    fig = plots.claim_ranges(focus.frame, tables["sources"])
    legend = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
    assert "Intergovernmental claimant" in legend and "Independent claimant" in legend
    assert set(plots.TYPE_STYLE) == set(plots.TYPE_MARKER) == set(domain.CLAIMANT_TYPES)
    assert len(set(plots.TYPE_STYLE.values())) == len(plots.TYPE_STYLE)  # each type drawn its own way


# --- statements: what is one claim, what is parts of one, what is a comparison


def _statements(tables, **selection):
    return cs.statements(cs.in_country(_claims(tables, **selection), "KAZ"))


def test_the_same_figure_twice_in_one_document_is_one_statement(real):
    st = _statements(real, event_ids=["zhanaozen-2011"], metrics=["killed"])
    official = st[st["claimant_type"] == "official"]
    assert official["figure"].tolist() == ["17", "at least 17"]  # the booklet's infobox and timeline 17: once
    booklet = official.iloc[0]
    assert booklet["n_rows"] == 2 and "Zhanaozen and the village of Shetpe" in booklet["quote"]  # the fuller wording
    assert st["figure"].tolist() == ["17", "at least 17", "80–100", "up to 70", "16"]


def test_aktobe_4_and_3_are_parts_of_one_statement_not_alternatives(real):
    st = _statements(real, event_ids=["aktobe-2016"], metrics=["killed"])
    parts = st[st["qualifier"] == "parts"]
    (row,) = parts.itertuples()
    assert row.figure == "4 and 3" and row.parts == (4.0, 3.0) and row.n_rows == 2
    assert "killing 4 locals and 3 soldiers" in row.quote
    # no separate rows "4" and "3" that a reader could take for rival counts
    assert not st["figure"].isin(["4", "3"]).any()
    (aktobe,) = [e for e in _facts(real).deaths.others if e.event.name == "Aktobe attack"]
    line = _words(real, "deaths_list", _facts(real, events=["aktobe-2016"]))
    assert "4 and 3 killed: Open Dialog Foundation [13]" in line
    assert "parts of one statement" in line and "not alternative figures" in line
    # each part its own figure, never their total
    (worded,) = [st for st in aktobe.statements if st.parts]
    assert [p.value for p in worded.parts] == [(4, 4), (3, 3)]


def test_poland_1970_is_a_comparison_outside_the_kazakh_counts_and_charts(real):
    selected = _claims(real)
    assert set(cs.comparisons(selected, "KAZ")["event_id"]) == {"poland-1970"}
    kazakh = cs.in_country(selected, "KAZ")
    assert "poland-1970" not in set(kazakh["event_id"])
    st = cs.statements(kazakh)
    for family in domain.METRIC_FAMILIES:
        assert cs.focus_event(st, family) != "poland-1970"
    worded = " ".join(text for _, text in _key_findings(real, selected))
    # Poland's 45 dead never reach the Kazakh findings ("445 convicted" is a Kazakh figure, not 45)
    assert worded and not re.search(r"(?<![\d,])45(?![\d,])", worded) and "Poland" not in worded


def test_administrative_liability_has_its_own_metric_and_wording(real):
    claims = real["casualty_estimates"].set_index("claim_id")
    assert claims.loc["detentions-2016-05-21-prosecutor-admin", "metric"] == "administrative_liability"
    assert domain.METRIC_LABELS["administrative_liability"] == "brought to administrative responsibility"
    st = _statements(real, event_ids=["detentions-2016-05-21"])
    admin = st[st["metric"] == "administrative_liability"].iloc[0]
    assert admin["figure"] == "51"
    facts = _facts(real, events=["detentions-2016-05-21"])
    listed = _words(real, "detentions_alt", facts)
    assert "51 brought to administrative responsibility: General Prosecutor's Office" in listed
    assert "prosecuted" not in listed and "prosecuted" not in _words(real, "detentions", facts)
    assert not (st["metric"] == "prosecuted").any()


def test_side_by_side_never_combines_figures(real):
    assert _words(real, "deaths_title", _facts(real, events=["zhanaozen-2011"], metrics=["killed"])) == (
        "Zhanaozen shooting, 16 Dec 2011: official figures give 17 and at least 17 killed, "
        "independent estimates 80–100 and up to 70"
    )


def test_casualties_wording_is_flagged_as_possibly_including_the_injured(real):
    st = _statements(real, event_ids=["zhanaozen-2011"], metrics=["killed"])
    flagged = st[st["casualties_wording"]]
    assert flagged["figure"].tolist() == ["up to 70"]
    listed = _words(real, "deaths_list", _facts(real, events=["zhanaozen-2011"], metrics=["killed"]))
    assert "up to 70 killed: unofficial sources [12]" in listed
    assert listed.count("may include the injured") == 1


def test_a_status_is_dated_by_its_source(real):
    st = _statements(real, event_ids=["atyrau-rally-2016-04-24"], metrics=["detained"])
    listed = _words(real, "detentions_list", _facts(real, events=["atyrau-rally-2016-04-24"], metrics=["detained"]))
    assert "2 detained: Open Dialog Foundation [13], as of 2016:" in listed and len(st) == 1


# --- key findings


def _before_2022(tables):
    claims = _claims(tables)
    return claims[claims["event_id"] != "january-2022"]


def test_at_most_two_findings_each_pointing_at_a_chapter_figure(real):
    found = _key_findings(real, _before_2022(real))
    assert [see for see, _ in found] == ["#fig-casualties-deaths", "#fig-casualties-detentions"]
    (_, deaths), (_, detentions) = found
    deaths_facts = summary.casualty_facts(_before_2022(real), "KAZ").deaths.by_type
    assert [f.figure.shown for f in deaths_facts.official.figures] == ["17", "at least 17"]
    assert [f.figure.shown for f in deaths_facts.independent.figures] == ["80–100", "up to 70"]
    assert "official figures give 17 and at least 17 killed" in deaths
    assert "independent estimates give 80–100 and up to 70" in deaths
    assert "may include the injured" in deaths
    assert "51 brought to administrative responsibility" in detentions
    assert "more than 1,000 detained according to reporters and Open Dialog Foundation" in detentions


def test_findings_never_say_prosecuted_for_the_51_nor_give_decimal_ratios(real):
    for _, finding in _key_findings(real, _claims(real)):
        assert "51 prosecuted" not in finding
        assert not re.search(r"\d\.\d", finding), finding  # no '4.7 times'
        assert " times " not in finding


# --- tables


def test_claims_table_has_no_internal_ids_cites_numbers_and_names_each_event_once(real):
    st = _statements(real)
    table = cs.claims_table(st, real["sources"])
    assert not set(table.columns) & set(report.INTERNAL_COLUMNS)
    assert table.columns.tolist() == [
        "event",
        "what is counted",
        "figure",
        "claimant",
        "the document's words",
        "as of",
        "source",
    ]
    assert table["source"].str.fullmatch(r"\[\d+\]").all()
    named = table.loc[table["event"] != "", "event"]
    assert named.is_unique and len(named) == st["event_id"].nunique()
    killed = table["what is counted"] == "killed"
    assert (table.loc[killed, "figure"] == "17").sum() == 1  # the booklet's 17 killed, once
    assert "administrative_liability" not in table.to_string()
    report.table(table, caption="all", source_ids=st["source_id"], sources=real["sources"], appendix=True)


# --- charts


def _chart_parts(tables, data_dir):
    facts = _facts(tables, data_dir)
    return [
        (facts[family].focus.frame, _words(tables, f"{family}_title", facts, data_dir))
        for family in ("deaths", "detentions")
        if facts[family].focus.count
    ]


@pytest.mark.parametrize("which", ["real", "tiny"])
def test_every_chart_is_legible_linear_and_has_no_title(which, real, tiny, tiny_data):
    from kzbrief.plots import claim_ranges

    tables, data_dir = (real, DATA) if which == "real" else (tiny, tiny_data)
    charts = _chart_parts(tables, data_dir)
    assert len(charts) == 2
    for part, _ in charts:
        for narrow in (False, True):
            fig = claim_ranges(part, tables["sources"], narrow=narrow)
            assert legibility.problems(fig) == []
            assert len(fig.axes) == part["metric"].nunique()  # one axis per number counted
            assert all(ax.get_xscale() == "linear" and ax.get_yscale() == "linear" for ax in fig.axes)
            assert all(not ax.get_title() for ax in fig.axes) and fig._suptitle is None and fig.texts == []


def test_the_charts_leave_out_poland_and_aktobe_attackers_are_not_rival_deaths(real):
    from kzbrief.plots import claim_ranges

    for part, _ in _chart_parts(real, DATA):
        assert "poland-1970" not in set(part["event_id"])
    aktobe = _facts(real, events=["aktobe-2016"])
    # The authorities' 18 are the attackers the security forces killed, not a rival figure for the
    # 4 locals and 3 soldiers the attackers killed: no chart sets them side by side, and the list
    # says whom each counts.
    assert not aktobe.deaths.focus
    listed = _words(real, "deaths_list", aktobe)
    assert "18 killed (people the authorities class as attackers)" in listed
    assert "4 and 3 killed" in listed and "parts of one statement" in listed
    st = cs.statements(_claims(real, event_ids=["aktobe-2016"]))
    fig = claim_ranges(st[(st["metric"] == "killed") & cs.is_total(st)], real["sources"])
    assert legibility.problems(fig) == []
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "4 and 3 (one statement)" in texts and "4" not in texts and "3" not in texts


# --- the chapter


def _run(tmp_path, data_dir, **parameters):
    output = tmp_path / "out.ipynb"
    papermill.execute_notebook(
        str(ROOT / "notebooks" / "02_casualties.ipynb"),
        str(output),
        cwd=str(ROOT / "notebooks"),
        progress_bar=False,
        parameters={"data_dir": str(data_dir), "figures_dir": str(tmp_path / "figures"), **parameters},
    )
    # The words a reader sees: facts and citations are inside tags (<span class="fact">, <a class="cite">).
    return " ".join(re.sub(r"<[^>]+>", "", notebook_text(output)).split())


@pytest.mark.e2e
def test_the_chapter_sets_the_figures_side_by_side_from_the_real_data(tmp_path):
    text = _run(tmp_path, DATA)
    # Zhanaozen is listed below the January 2022 chart now (markdown escapes the reference's brackets).
    assert re.search(
        r"17 killed: Kazakh authorities (\[1\]|&#91;1&#93;), stated twice",
        text,
    )
    assert "the count changed over time" in text and "between 9 Jan 2022 and Jan 2023" in text
    assert "the town of Zhanaozen and the village of Shetpe" in text and "town of Janaozen" in text
    assert "at least 17 killed" in text and "up to 70 killed" in text and "80–100 killed" in text
    assert "may include the injured" in text
    assert "51 brought to administrative responsibility" in text
    assert "prosecuted" not in text.split("Mass detentions on the day")[1].split("Other figures")[0]
    assert "51 prosecuted" not in text
    assert not re.search(r"\d\.\d+ times", text) and "hull" not in text and "interval" not in text
    assert "A comparison, not a count for Kazakhstan" in text and "45 people were killed" in text
    assert "&amp;#x27;" not in text and "&\\#x27;" not in text
    assert {p.name for p in (tmp_path / "figures").glob("*.svg")} == {
        "casualties-contrast.svg",  # Zhanaozen: the official count beside the other claimants'
        "casualties-deaths.svg",
        "casualties-detentions.svg",
        "casualties-over-time.svg",
        "casualties-prisoners.svg",  # each counting body's list on its dates
    }


@pytest.mark.parametrize(
    "parameters",
    [
        {"metrics": ["killed"]},
        {"events": ["zhanaozen-2011"]},
        {"claimant_types": ["official"]},
    ],
)
@pytest.mark.e2e
def test_the_chapter_builds_with_any_selection(tmp_path, parameters):
    text = _run(tmp_path, DATA, **parameters)
    assert "For this selection" in text and "51 prosecuted" not in text
    assert len(list((tmp_path / "figures").glob("*.svg"))) <= 3  # deaths, detentions, a count over time


@pytest.mark.e2e
def test_the_chapter_says_so_when_the_selection_is_empty(tiny_data, tmp_path):
    text = _run(tmp_path, tiny_data, events=["protest-2016"], metrics=["killed"])
    assert (
        "The data hold no claims about events in Kazakhstan for this selection (Land protests; killed; all "
        "claimant types)" in text
    )
    assert not list((tmp_path / "figures").glob("*.svg"))


# --- a count revised over time (January 2022)


@pytest.mark.parametrize(
    "claim_date, day", [("2022-01-09", "2022-01-09"), ("2022-05", "2022-05-15"), ("2022", "2022-07-01")]
)
def test_a_claim_sits_on_the_time_axis_at_its_day_or_mid_period(claim_date, day):
    assert cs.claim_day(claim_date) == pd.Timestamp(day)
    assert pd.isna(cs.claim_day(pd.NA))


def test_the_official_death_toll_is_a_dated_series_by_claimant_never_one_number(real):
    st = _statements(real)
    assert cs.series_event(st) == "january-2022"
    series = cs.dated_series(st, "january-2022", sources=real["sources"])
    official = series[series["claimant_type"] == "official"]
    # Every official running total in the order given: nothing replaced, merged or summed. The 241,
    # which its document gives for 4-6 January only, and the parts (19 security officers) are not
    # points of the running total; they are listed with their period and beside their total.
    assert official["figure"].tolist() == ["at least 164", "225", "230", "232", "238"]
    assert official["date"].tolist() == ["2022-01-09", "2022-01-15", "2022-03-14", "2022-05-05", "2023-01"]
    # Two are dated only by the documents that report them: The Diplomat does not date the 238 (the official
    # list it dates to August 2022 is not said to count 238).
    assert official["reported"].tolist() == [False, False, False, True, True]
    assert set(series["claimant_type"]) == {"official", "media", "ngo"} and len(series) == 7
    listed = [(x.figure.shown, x.period) for x in _facts(real).deaths.focus.listed]
    assert ("241", "4–6 Jan 2022") in listed
    facts = _facts(real)
    # The lead counts them and points to the table; the figures are given once, in the table.
    lead = _words(real, "series", facts)
    assert "Official bodies gave 5 figures for the number killed between 9 Jan 2022 and Jan 2023" in lead
    assert "table" in lead.lower() and "225" not in lead
    assert _words(real, "series_title", facts).endswith(
        "5 official figures for the number killed, given or reported between 9 Jan 2022 and Jan 2023"
    )
    table = cs.series_table(series, real["sources"])
    assert not set(table.columns) & set(report.INTERNAL_COLUMNS)
    assert table["date of the claim"].iloc[0] == "9 Jan 2022" and table["source"].str.fullmatch(r"\[\d+\]").all()
    assert table["date of the claim"].iloc[-1] == "reported Jan 2023"


def test_an_undated_claim_is_printed_with_its_documents_date_marked_reported(real):
    """A figure the document does not date is never shown as if given on the document's date."""
    undated = real["casualty_estimates"]["claim_date"].isna()
    # A claim the data note as undated has no claim_date: the document's date is not typed in.
    noted = real["casualty_estimates"]["notes"].fillna("").str.contains("Claim date unknown: ")
    assert (undated[noted]).all() and noted.sum() >= 4
    facts = _facts(real)
    undated_232 = [s for s in facts.series.official if s.figure.shown == "232"][-1]
    assert (undated_232.date.value, undated_232.reported) == ("2022-05-05", True)
    assert "232 reported 5 May 2022" in _words(real, "series_alt", facts)
    assert "at least 164 on 9 Jan 2022" in _words(real, "series_alt", facts)
    table = cs.series_table(facts.series.frame, real["sources"])
    dated = {figure.split(" (")[0]: when for figure, when in zip(table["figure"], table["date of the claim"])}
    assert dated["232"] == "reported 5 May 2022" and dated["230"] == "14 Mar 2022"
    # the 238 is undated in its document (The Diplomat dates the official list, not the estimate): "reported"
    assert dated["238"] == "reported Jan 2023"
    assert "marked “reported”" in _words(real, "series_table_caption", facts)
    # Without the documents an undated claim has no place on the time axis: left out, not guessed.
    assert "232" not in set(cs.dated_series(_statements(real), "january-2022")["figure"])


def test_the_series_chart_labels_a_reported_date(real):
    from kzbrief.plots import figures_over_time

    facts = _facts(real)
    fig = figures_over_time(facts.series.frame, real["sources"])
    labels = {t.get_text() for t in fig.axes[0].texts}
    assert {"238 (reported)", "232 (reported)", "225", "at least 164"} <= labels
    assert "reported" in fig.axes[0].get_xlabel()


def test_no_series_without_an_official_count_given_on_three_dates(real, tiny):
    assert cs.series_event(_statements(tiny)) is None
    assert cs.series_event(cs.statements(cs.in_country(_before_2022(real), "KAZ"))) is None


def test_the_series_chart_is_legible_linear_from_zero(real):
    from kzbrief.plots import figures_over_time

    facts = _facts(real)
    series = facts.series.frame
    fig = figures_over_time(series, real["sources"])
    assert legibility.problems(fig) == []
    (ax,) = fig.axes
    assert ax.get_yscale() == "linear" and ax.get_ylim()[0] == 0
    assert {t.get_text() for t in ax.texts} >= {"at least 164", "232 (reported)", "238 (reported)", "188 (reported)"}


def test_the_deaths_finding_dates_each_revised_official_figure(real):
    see, deaths = _key_findings(real, _claims(real))[0]
    assert see == "#fig-casualties-deaths" and deaths.startswith("Casualties. January 2022 unrest")
    # Each figure with its date, the parts of it the claimant gave, and what is known of its standing.
    assert (
        "official figures, in the order given, were at least 164 (9 Jan 2022; according to The National on "
        "10 January 2022, the health and police authorities did not confirm it"
    ) in deaths
    assert "225 (15 Jan 2022, of whom 19 members of the security forces)" in deaths
    assert "230 (14 Mar 2022, of whom 20 civilians, 19 members of the security forces)" in deaths
    assert "232 (reported 5 May 2022, of whom 149 people the authorities class as attackers)" in deaths
    assert "and 238 (reported Jan 2023) killed" in deaths
