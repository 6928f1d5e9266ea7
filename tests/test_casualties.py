"""Casualty and detention claims: ranges from qualifiers, ratio intervals, wording, selection, the chapter."""

import math

import pandas as pd
import papermill
import pytest

from kzbrief import datasets, report
from kzbrief.analysis import casualties as cs
from kzbrief.plots.timeline import mid_date

from conftest import DATA, ROOT, notebook_text

INF = math.inf


@pytest.fixture
def tiny(tiny_data):
    return datasets.load_all(tiny_data)


@pytest.fixture(scope="module")
def real():
    return datasets.load_all(DATA)


def _claims(tables, **selection):
    return cs.select_claims(tables["casualty_estimates"], tables["events"], **selection)


# --- one claim as a range


@pytest.mark.parametrize("low, high, qualifier, bounds, figure", [
    (17, 17, "exact", (17, 17), "17"),
    (10, 10, "approx", (10, 10), "approx. 10"),
    (80, 100, "range", (80, 100), "80–100"),
    (17, pd.NA, "at_least", (17, INF), "at least 17"),
    (1000, pd.NA, "more_than", (1000, INF), "more than 1,000"),
    (pd.NA, 70, "up_to", (0, 70), "up to 70"),
    (1083, 1083, "exact", (1083, 1083), "1,083"),
])
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


# --- ratio intervals


@pytest.mark.parametrize("a, b, expected", [
    ((17, 17), (17, 17), (1, 1)),
    ((80, 100), (17, 17), (80 / 17, 100 / 17)),                # range over exact
    ((0, 70), (17, INF), (0, 70 / 17)),                        # up to 70 over at least 17
    ((80, 100), (17, INF), (0, 100 / 17)),                     # open denominator: lower bound 0
    ((1000, INF), (51, 51), (1000 / 51, INF)),                 # open numerator: no upper bound
    ((1000, INF), (17, INF), (0, INF)),                        # both open: no bound at all
    ((80, 100), (0, 20), (4, INF)),                            # "up to 20" denominator: its low is unknown
    ((0, 0), (5, 10), (0, 0)),                                 # zero numerator
])
def test_ratio_interval_arithmetic(a, b, expected):
    ratio = cs.ratio_range(*a, *b)
    assert (ratio.low, ratio.high) == pytest.approx(expected)


def test_a_zero_denominator_makes_the_ratio_undefined():
    assert cs.ratio_range(10, 20, 0, 0) is None
    assert cs.describe_ratio(None) == "not comparable with the official figure: the official figure is zero"


def test_invalid_intervals_are_refused():
    with pytest.raises(ValueError):
        cs.ratio_range(20, 10, 1, 1)
    with pytest.raises(ValueError):
        cs.ratio_range(1, 2, -1, 1)


def test_envelope_spans_every_defined_range():
    ranges = [cs.RatioRange(4.7, 5.9), cs.RatioRange(0, 4.1), None]
    assert cs.envelope(ranges) == cs.RatioRange(0, 5.9)
    assert cs.envelope([None]) is None


# --- wording


@pytest.mark.parametrize("value, text", [
    (80 / 17, "4.7"), (100 / 17, "5.9"), (70 / 17, "4.1"), (4.375, "4.4"), (3.75, "3.8"), (0.25, "0.3"),
    (5.0, "5"), (1083 / 51, "21"), (9.96, "10"), (0.01, "less than 0.1"),
])
def test_ratios_are_rounded_half_up(value, text):
    assert cs.format_ratio(value) == text


@pytest.mark.parametrize("ratio, text", [
    (cs.RatioRange(80 / 17, 100 / 17), "between 4.7 and 5.9 times the official figure"),
    (cs.RatioRange(0, 70 / 17), "up to 4.1 times the official figure"),
    (cs.RatioRange(1000 / 51, INF), "at least 20 times the official figure"),
    (cs.RatioRange(0, INF), "any multiple of the official figure: the claims set no bound"),
    (cs.RatioRange(2, 2), "2 times the official figure"),
    (cs.RatioRange(4.71, 4.74), "about 4.7 times the official figure"),
])
def test_ratio_wording(ratio, text):
    assert cs.describe_ratio(ratio) == text


def test_ratio_wording_without_a_reference():
    assert cs.describe_ratio(cs.RatioRange(0, 70 / 17), of="") == "up to 4.1 times"


@pytest.mark.parametrize("claim_date, label, phrase", [
    ("2012", "2012", "in 2012"),
    ("2012-10", "Oct 2012", "in October 2012"),
    ("2015-12-16", "16 Dec 2015", "on 16 December 2015"),
    (pd.NA, "date unknown", "at an unknown date"),
])
def test_dates_are_worded_as_precisely_as_given(claim_date, label, phrase):
    assert cs.date_label(claim_date) == label
    assert cs.date_phrase(claim_date) == phrase


def test_partial_dates_sit_mid_period():
    assert mid_date("2012") == pd.Timestamp("2012-07-01 12:00")
    assert mid_date("2012-10").day == 16
    assert mid_date("2015-12-16") == pd.Timestamp("2015-12-16")


def test_join_words():
    assert [report.join_words(p) for p in ([], ["a"], ["a", "b"], ["a", "b", "c"])] == ["", "a", "a and b", "a, b and c"]


def test_prose_keeps_apostrophes_and_escapes_markup():
    text = report.prose("{who} said {what}", who="Prosecutor's office", what="<script>x</script>").data
    assert text == "Prosecutor's office said &lt;script&gt;x&lt;/script&gt;"


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
    assert cs.divergence_pairs(chosen).empty and cs.divergences(cs.divergence_pairs(chosen)) == []
    assert cs.series_over_time(chosen) == [] and cs.unmatched(chosen).empty


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


def test_describe_selection():
    names = {"strike-2011": "Oil strike"}
    assert cs.describe_selection([], [], [], names) == "all events; all metrics; all claimant types"
    assert cs.describe_selection(["strike-2011"], ["journalists_detained"], ["ngo"], names) == (
        "Oil strike; journalists detained; NGO")


# --- divergence on the fixture


def test_every_independent_claim_is_paired_with_every_official_one(tiny):
    pairs = cs.divergence_pairs(_claims(tiny)).set_index(["claim_id_other", "claim_id_official"])
    assert len(pairs) == 4  # 2 independent × 2 official killed; protest-2016 has no common metric
    assert pairs.loc[("killed-witnesses", "killed-official"), "wording"] == "between 3.8 and 4.4 times"
    assert pairs.loc[("killed-witnesses", "killed-official-2014"), "wording"] == "up to 4.4 times"
    assert pairs.loc[("killed-unofficial-2014", "killed-official"), "wording"] == "up to 5 times"
    together = pairs[pairs["together"]]
    assert together.index.tolist() == [("killed-unofficial-2014", "killed-official-2014")]


def test_divergence_summary_per_event_and_metric(tiny):
    (found,) = cs.divergences(cs.divergence_pairs(_claims(tiny)))
    assert (found.event, found.metric_label) == ("Oil strike and shooting", "killed")
    assert (found.n_other, found.n_official) == (2, 2)
    assert found.overall == cs.RatioRange(0, 5)
    assert found.together == [("up to 80", "at least 16", "ngo-report", "up to 5 times the official figure")]


def test_media_and_ngo_claims_are_not_used_in_ratios(tiny):
    claims = _claims(tiny)
    assert not cs.divergence_pairs(claims)["claim_id_other"].isin(["injured-news", "detained-ngo"]).any()
    # ...unless asked for
    with_ngo = cs.divergence_pairs(claims, compared=("independent", "ngo"))
    assert "detained-ngo" not in set(with_ngo["claim_id_other"])  # no official count of detainees to set it against


def test_claims_of_different_metrics_are_named_not_compared(tiny):
    (row,) = cs.unmatched(_claims(tiny)).itertuples()
    assert row.event_id == "protest-2016"
    assert row.official == "40 arrested" and row.other == "1,200 detained (an activist)"
    assert row.official_quotes == ["40 persons were arrested"]


def test_headline_states_the_widest_divergence(tiny):
    claims = _claims(tiny)
    pairs = cs.divergence_pairs(claims)
    assert cs.headline(cs.in_family(claims, "deaths and injuries"), pairs) == (
        "Oil strike and shooting, killed: independent claims are up to 5 times the official count")
    assert cs.headline(cs.in_family(claims, "detentions and prosecutions"), pairs) == (
        "3 claims about 1 event: official and independent claims never count the same thing")


# --- change over time, summaries, tables


def test_claims_made_on_several_dates_form_a_series(tiny):
    (series,) = cs.series_over_time(_claims(tiny))
    assert set(series["metric"]) == {"killed"}
    assert cs.describe_over_time(series) == (
        "the official figures were 16 in December 2011 and at least 16 in March 2014; "
        "the independent figures were 60–70 in 2012 and up to 80 in March 2014")
    assert cs.over_time_headline([series]) == (
        "Oil strike and shooting, killed: official 16 (2011) then at least 16 (2014); "
        "independent 60–70 (2012) then up to 80 (2014)")


def test_event_summaries_and_claims_table(tiny):
    claims = _claims(tiny, event_ids=["strike-2011"])
    assert cs.event_summaries(claims) == [(
        "Oil strike and shooting (May 2011)",
        "killed: official 16, at least 16; independent 60–70, up to 80. injured: media approx. 50")]
    table = cs.claims_table(claims)
    assert table.columns.tolist() == ["event", "metric", "figure", "claimant", "claimant type", "claim date",
                                      "source_id"]
    assert table["figure"].tolist() == ["16", "at least 16", "60–70", "up to 80", "approx. 50"]
    assert cs.describe_types(claims) == "2 official, 2 independent and 1 media claims"


def test_parts_of_one_statement_are_recognised():
    claims = pd.DataFrame({
        "event_id": ["a", "a", "a"], "metric": ["killed"] * 3, "source_id": ["s"] * 3,
        "quote": ["killing 4 locals and 3 soldiers"] * 2 + ["18 assailants"], "figure": ["4", "3", "18"]})
    (group,) = cs.one_statement_groups(claims)
    assert group["figure"].tolist() == ["4", "3"]


# --- charts


def test_charts_draw_any_selection(tiny):
    from kzbrief.plots import claim_ranges, claim_timeline

    claims = _claims(tiny)
    wide = claim_ranges(claims, "16 to 1,200 people").axes[0]  # values span more than 30-fold: log axis
    assert wide.get_xscale() == "log" and wide.get_xlabel().endswith("(log scale)")
    narrow = claim_ranges(_claims(tiny, event_ids=["strike-2011"]), "16 to 80 people").axes[0]
    assert narrow.get_xscale() == "linear" and narrow.get_xlabel() == "Number of people, as claimed"
    assert claim_ranges(_claims(tiny, claimant_types=["ngo"]), "one open-ended claim").axes
    series = cs.series_over_time(claims)
    assert len(claim_timeline(series + series, "two panels").axes) == 2


# --- the real data


def test_zhanaozen_official_and_independent_death_tolls(real):
    claims = _claims(real, event_ids=["zhanaozen-2011"], metrics=["killed"])
    (found,) = cs.divergences(cs.divergence_pairs(claims))
    assert (found.n_other, found.n_official) == (2, 3)
    assert found.together == [
        ("80–100", "17", "odf-2012-booklet", "between 4.7 and 5.9 times the official figure"),
        ("up to 70", "at least 17", "odf-2015-zhanaozen-anniversary", "up to 4.1 times the official figure")]
    assert cs.describe_ratio(found.overall) == "up to 5.9 times the official figure"


def test_the_21_may_2016_detentions_are_not_compared_with_the_prosecutor_s_counts(real):
    claims = _claims(real, event_ids=["detentions-2016-05-21"])
    assert cs.divergence_pairs(claims).empty
    (row,) = cs.unmatched(claims).itertuples()
    assert row.official == "4 arrested and 51 prosecuted" and row.other == "1,083 detained (Mukhtar Tayzhan)"


def _run(tmp_path, data_dir, **parameters):
    output = tmp_path / "out.ipynb"
    papermill.execute_notebook(
        str(ROOT / "notebooks" / "02_casualties.ipynb"), str(output), cwd=str(ROOT / "notebooks"), progress_bar=False,
        parameters={"data_dir": str(data_dir), "figures_dir": str(tmp_path / "figures"), **parameters})
    return notebook_text(output)


def test_the_chapter_states_the_zhanaozen_divergence_from_the_real_data(real, tmp_path):
    claims = real["casualty_estimates"].set_index("claim_id")

    def claim(claim_id):
        row = claims.loc[claim_id]
        return row["low"], row["high"], row["qualifier"]

    booklet = cs.ratio_range(*cs.claim_bounds(*claim("zhanaozen-killed-independent-odf2012")),
                             *cs.claim_bounds(*claim("zhanaozen-killed-official-odf2012-timeline")))
    anniversary = cs.ratio_range(*cs.claim_bounds(*claim("zhanaozen-killed-unofficial-odf2015")),
                                 *cs.claim_bounds(*claim("zhanaozen-killed-official-odf2015")))
    text = _run(tmp_path, DATA)
    assert f"80–100 against 17: {cs.describe_ratio(booklet)}" in text
    # checked by hand: 80/17 = 4.71, 100/17 = 5.88, 70/17 = 4.12
    assert "80–100 against 17: between 4.7 and 5.9 times the official figure" in text
    assert f"up to 70 against at least 17: {cs.describe_ratio(anniversary)}" in text
    assert "up to 70 against at least 17: up to 4.1 times the official figure" in text
    assert "not people detained" in text and "1,083 detained (Mukhtar Tayzhan)" in text
    assert "&amp;#x27;" not in text and "&\\#x27;" not in text
    assert {p.name for p in (tmp_path / "figures").glob("*.svg")} == {
        "casualties-deaths-and-injuries.svg", "casualties-detentions-and-prosecutions.svg", "casualties-over-time.svg"}


def test_the_chapter_says_so_when_the_selection_is_empty(tiny_data, tmp_path):
    text = _run(tmp_path, tiny_data, events=["protest-2016"], metrics=["killed"])
    assert "The data hold no claims for this selection (Land protests; killed; all claimant types)" in text
    assert not list((tmp_path / "figures").glob("*.svg"))
