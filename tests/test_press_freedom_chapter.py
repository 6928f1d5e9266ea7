"""The press-freedom chapter's facts (`chapters.press_freedom.compute`, no kernel) on the real data
and the fixtures, and the wording of its templates on those facts: ranks compared only within one
RSF method, the group position counted from the freest, every number a catalogued fact."""

import html
import re

import pandas as pd
import pytest

from conftest import DATA, ROOT, TINY
from kzbrief import datasets
from kzbrief.analysis import press_freedom as pf
from kzbrief.chapters import press_freedom as chapter
from kzbrief.facts import fact, group
from kzbrief.words import PACKAGE_TEMPLATES, Words, typed_numbers

FREEDONIA = ROOT / "tests" / "fixtures" / "freedonia"
WORDS = Words()


def params(data_dir, **changes) -> dict:
    """The notebook's default parameters for `data_dir`."""
    defaults = {
        "data_dir": str(data_dir),
        "focus_country": "",
        "peers": None,
        "start_year": 2002,
        "end_year": None,
        "raw_rsf_dir": "",
        "reference_edition": "",
        "reference_countries": None,
    }
    return {**defaults, **changes}


def computed(data_dir, **changes):
    return chapter.compute(datasets.load_all(data_dir), params(data_dir, **changes))


def facts_of(rows: pd.DataFrame, focus: str = "KAZ", names: dict | None = None):
    """The chapter's facts for a table of RSF rows (no briefing folder needed)."""
    names = names or rows.groupby("iso3")["country"].last().to_dict()
    countries = [focus, *sorted(set(rows["iso3"]) - {focus})]
    return group(
        "facts",
        country=names[focus],
        selected=group("selected", start="2002", end=None),
        rsf=chapter.rsf_facts(rows, focus, names, countries),
        quoted=None,
        freedom_house=None,
    )


def rendered(name: str, facts) -> str:
    """Template press_freedom/`name`.md as HTML, with stand-ins for citations and cross-references."""
    return WORDS.markdown(
        f"press_freedom/{name}.md",
        facts=facts,
        cite=lambda item: "",
        see=lambda kind, target: kind,
        reference=lambda source_id: f"Doc {source_id}",
    )


def said(name: str, facts) -> str:
    """The words a reader sees: tags dropped, entities read, white space collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", rendered(name, facts))).split())


def press_rows(records):
    """A press_freedom.csv-shaped frame from tuples in its column order."""
    columns = ["index", "edition", "year", "country", "iso3", "rank", "n_ranked", "score", "score_direction"]
    columns += ["method", "source_id"]
    return pd.DataFrame(records, columns=columns)


# Ranks that differ on either side of the 2013 and 2022 breaks, with two editions per method.
BREAKS = press_rows(
    [
        ("RSF", "2010", 2010, "Kazakhstan", "KAZ", 120, 178, 68.5, "lower_is_better", "rsf-2002-2012", "s10"),
        ("RSF", "2010", 2010, "Russia", "RUS", 140, 178, 49.9, "lower_is_better", "rsf-2002-2012", "s10"),
        ("RSF", "2011-2012", 2012, "Kazakhstan", "KAZ", 154, 179, 77.5, "lower_is_better", "rsf-2002-2012", "s12"),
        ("RSF", "2011-2012", 2012, "Russia", "RUS", 142, 179, 66.0, "lower_is_better", "rsf-2002-2012", "s12"),
        ("RSF", "2013", 2013, "Kazakhstan", "KAZ", 160, 179, 55.08, "lower_is_better", "rsf-2013-2021", "s13"),
        ("RSF", "2013", 2013, "Russia", "RUS", 148, 179, 43.42, "lower_is_better", "rsf-2013-2021", "s13"),
        ("RSF", "2014", 2014, "Kazakhstan", "KAZ", 161, 180, 54.94, "lower_is_better", "rsf-2013-2021", "s14"),
        ("RSF", "2014", 2014, "Russia", "RUS", 148, 180, 44.97, "lower_is_better", "rsf-2013-2021", "s14"),
        ("RSF", "2022", 2022, "Kazakhstan", "KAZ", 122, 180, 48.28, "higher_is_better", "rsf-2022", "s22"),
        ("RSF", "2022", 2022, "Russia", "RUS", 155, 180, 38.82, "higher_is_better", "rsf-2022", "s22"),
        ("RSF", "2023", 2023, "Kazakhstan", "KAZ", 134, 180, 45.87, "higher_is_better", "rsf-2022", "s23"),
        ("RSF", "2023", 2023, "Russia", "RUS", 164, 180, 34.77, "higher_is_better", "rsf-2022", "s23"),
    ]
)


def selected(table, countries=("KAZ", "RUS"), start=2000, end=None):
    return pf.select(table, list(countries), start, end)


# --- compute on the data and the fixtures -----------------------------------------------------------


def test_the_real_data_latest_rank_movement_and_group():
    facts = computed(DATA)
    r = facts.rsf
    assert facts.country == "Kazakhstan"
    assert (r.latest.edition, r.latest.rank.value, r.latest.n_ranked.value, r.latest.part) == (
        "2026",
        149,
        180,
        "bottom-fifth",
    )
    assert r.latest.rank.sources == ("rsf-wpfi-2026",)
    assert (r.latest.position.value, r.latest.group_size.value) == (6, 12)
    mv = r.movement
    assert (mv.method, mv.first.edition, mv.first.rank.value, mv.last.edition) == ("rsf-2022", "2022", 122, "2026")
    assert (mv.places.value, mv.lost, mv.direction) == (27, True, "fell")
    assert set(mv.places.sources) == {"rsf-wpfi-2022", "rsf-wpfi-2026"}
    assert [c.name for c in r.compared.behind] == ["Germany", "Poland", "Ukraine", "Kyrgyzstan", "Uzbekistan"]
    assert [c.rank.value for c in r.compared.ahead] == [155, 165, 171, 172, 173, 178]
    assert [(e.method, e.first.edition, e.last.edition) for e in r.earlier] == [
        ("rsf-2002-2012", "2002", "2011-2012"),
        ("rsf-2013-2021", "2013", "2021"),
    ]
    assert r.breaks == ["2013", "2022"]
    assert (r.first_edition, r.last_edition, r.others.value) == ("2002", "2026", 11)
    assert (r.n_ranked_min.value, r.n_ranked_max.value) == (139, 180)
    assert list(r.rank_table.columns[:2]) == ["Edition", "Kazakhstan"]


def test_the_real_data_checks_the_quoted_ranks_and_holds_freedom_house():
    facts = computed(DATA)
    q = facts.quoted
    assert (q.documents, q.edition, q.checked) == (["odf-2012-booklet"], "2011-2012", True)
    assert (q.standing.rank.value, q.standing.n_ranked.value) == (154, 179)
    assert [(c.name, c.rank.value) for c in q.compared.behind] == [("Russia", 142)]
    assert [(c.name, c.rank.value) for c in q.compared.ahead] == [("Belarus", 168), ("China", 174)]
    f = facts.freedom_house.found
    assert (f.first_edition, f.last_edition, f.statuses, f.one_edition) == ("2002", "2015", ["Not Free"], False)
    assert (f.first_score.value, f.last_score.value, f.last_score.shown) == (69, 85, "85")
    assert facts.freedom_house.others.value == 11
    assert [(b.status, b.upper.value) for b in facts.freedom_house.bands] == [
        ("Free", 30),
        ("Partly Free", 60),
        ("Not Free", 100),
    ]


def test_the_tiny_fixture_has_one_edition_in_the_latest_method():
    facts = computed(TINY)
    r = facts.rsf
    assert (r.latest.edition, r.latest.rank.value, r.latest.group_size.value) == ("2022", 122, 1)
    assert r.movement.one_edition and r.movement.places is None
    assert [e.first.edition for e in r.earlier] == ["2011-2012", "2013"]
    assert facts.quoted is None  # the tiny briefing names no document quoting ranks
    assert facts.freedom_house is None  # no Freedom House row: no such section
    assert [(run.n_ranked.value, run.first, run.last, run.between) for run in r.ranked_runs] == [
        (179, "2011-2012", "2013", 1),
        (180, "2022", "2022", 0),
    ]


def test_freedonia_is_computed_from_its_own_data():
    facts = computed(FREEDONIA, start_year=2015)
    r = facts.rsf
    assert facts.country == "Freedonia"
    assert (r.latest.edition, r.latest.rank.value, r.latest.part) == ("2019", 131, "bottom-half")
    assert (r.movement.places.value, r.movement.lost, r.breaks, r.earlier) == (11, True, [], [])
    assert [(c.name, c.rank.value) for c in r.compared.behind] == [("Sylvania", 58)]
    assert facts.quoted.checked and facts.quoted.standing.rank.value == 131
    assert facts.freedom_house is None


def test_a_selection_without_an_edition_has_no_rsf_facts():
    facts = computed(TINY, start_year=2014, end_year=2014)
    assert facts.rsf is None and facts.quoted is None
    assert said("lead", facts) == (
        "The data hold no edition of the RSF World Press Freedom Index in 2014 that ranks Kazakhstan, "
        "so this chapter has no ranks to show."
    )
    for name in ("movement", "group", "earlier", "quoted", "scores"):
        assert rendered(name, facts) == "", name  # no heading without its section


def test_an_edition_the_selection_leaves_out_is_not_checked():
    facts = computed(DATA, start_year=2013)
    assert facts.quoted.checked is False
    assert said("quoted", facts) == (
        "Ranks the documents quote, checked against the index "
        "Doc odf-2012-booklet gives Reporters Without Borders' ranks of the 2011-2012 edition. The editions and "
        "countries selected here do not include that edition for Kazakhstan and the countries compared with it, "
        "so those ranks are not checked in this chapter."
    )


# --- the wording on those facts ------------------------------------------------------------------


def test_the_real_data_chapter_reads_as_before():
    facts = computed(DATA)
    assert said("lead", facts) == (
        "In the latest edition in the data, the RSF World Press Freedom Index 2026, Kazakhstan ranked 149th of 180 "
        "countries, in the bottom fifth of the index (figure)."
    )
    assert "<strong>" in rendered("lead", facts)
    # The latest rank is the lead's (said once); the movement gives the change and where it started.
    assert said("movement", facts) == (
        "RSF used the same method in every edition from 2022 to 2026. Over those editions Kazakhstan fell 27 "
        "places, from 122nd of 180 in 2022 (its latest rank is given above)."
    )
    assert said("group", facts).startswith(
        "In 2026 Kazakhstan was 6th best of the 12 countries compared in this chapter: behind Germany (14th), "
    )
    assert said("group", facts).endswith(
        "; ahead of Tajikistan (155th), Belarus (165th), Azerbaijan (171st), "
        "Russia (172nd), Turkmenistan (173rd) and China (178th)."
    )
    assert said("quoted", facts).endswith(
        "Doc odf-2012-booklet gives Reporters Without Borders' ranks, which are those of the 2011-2012 edition of "
        "the index. In that edition Kazakhstan ranked 154th of 179, behind Russia (142nd), ahead of Belarus "
        "(168th) and China (174th)."
    )
    assert said("freedom_house", facts) == (
        "A second index: Freedom House's Freedom of the Press Freedom House rated press freedom in its own index, "
        "Freedom of the Press, from 0 (most free) to 100 (least free), with no rank. Kazakhstan was rated Not Free "
        "in every edition from 2002 to 2015; its score went from 69 to 85 out of 100 (higher is less free). Its "
        "scale, direction and method differ from RSF's, so the two indexes are shown apart and never combined "
        "(figure). The data hold no later edition of Freedom House's index, so it says nothing of the years since."
    )
    assert (
        said("freedom_house_caption", facts)
        == (
            said("freedom_house_title", facts) + ". "  # the finding first, as the caption's title
            "Freedom House Freedom of the Press score, Kazakhstan (black) and the other 11 compared countries (grey), "
            "2002–2015 editions; 0 = most free, 100 = least free, with Freedom House's bands: Free up to 30, Partly "
            "Free up to 60, Not Free above. A separate index from RSF's, never combined with it."
        )
    )
    assert said("freedom_house_title", facts) == (
        "Kazakhstan: Not Free in every edition 2002–2015; score 69 to 85 (100 = least free)"
    )


def test_every_number_printed_is_a_catalogued_fact():
    facts = computed(DATA)
    for name in (
        "lead",
        "movement",
        "group",
        "earlier",
        "quoted",
        "scores",
        "rank_lines_caption",
        "ranks_caption",
        "scores_caption",
        "freedom_house",
        "freedom_house_caption",
    ):
        text = re.sub(r'<span class="fact"[^>]*>[^<]*</span>', "", rendered(name, facts))
        text = re.sub(r"<[^>]+>", "", text)
        # what is left: years and editions (text, not counts) and the methods' scale labels
        text = re.sub(r"\b(19|20)\d\d(-20\d\d)?\b|0-100|\b(0|100) = best", "", text)
        assert not re.search(r"\d", text), (name, text)
    assert 'data-what="rank in the 2026 RSF index"' in rendered("lead", facts)
    assert 'data-what="the rank of the freest country"' in rendered("rank_lines_caption", facts)


def test_the_templates_type_no_number():
    for template in sorted((PACKAGE_TEMPLATES / "press_freedom").glob("*.md")):
        assert typed_numbers(template.read_text(encoding="utf-8"), template.name) == []


def test_a_movement_between_editions_ranking_different_numbers_gives_no_count_of_places():
    rows = selected(BREAKS[BREAKS["year"] <= 2012])
    facts = facts_of(rows)
    assert facts.rsf.movement.places is None
    assert "from 120th of 178 in 2010 to 154th of 179 in 2011-2012." in said("movement", facts)


def test_ranks_are_compared_only_within_one_method():
    facts = facts_of(selected(BREAKS))
    assert "fell 12 places, from 122nd of 180 in 2022 (its latest rank is given above)." in said("movement", facts)
    assert said("rank_lines_title", facts) == (
        "Kazakhstan fell from 122nd to 134th of 180 in the RSF index between 2022 and 2023, under the same method"
    )
    assert said("earlier", facts) == (
        "RSF changed its method in 2013 and 2022. Ranks under different methods are not comparable, so earlier "
        "ranks are given for each method on its own: RSF's 2002–2012 method: from 120th of 178 in 2010 to 154th "
        "of 179 in 2011-2012; RSF's 2013–2021 method: from 160th of 179 in 2013 to 161st of 180 in 2014."
    )
    assert said("rank_lines_alt", facts) == (
        "Line chart of ranks by edition. Kazakhstan fell from 122nd to 134th of 180 in the RSF index between 2022 "
        "and 2023, under the same method. Latest ranks: Kazakhstan 134th; Russia 164th."
    )


def test_a_rank_that_stayed_says_both_editions():
    rows = selected(BREAKS).copy()
    rows.loc[(rows["iso3"] == "KAZ") & (rows["year"] == 2023), "rank"] = 122
    assert said("rank_lines_title", facts_of(rows)) == (
        "Kazakhstan ranked 122nd of 180 in both 2022 and 2023 under the same RSF method"
    )


def _standing(position, size):
    return group(
        "standing",
        edition="2026",
        rank=fact(149),
        n_ranked=fact(180),
        part="bottom-fifth",
        position=fact(position),
        group_size=fact(size),
    )


@pytest.mark.parametrize(
    "position, size, words",
    [
        (6, 12, "6th best of the 12 countries compared"),
        (1, 12, "the best-ranked of the 12 countries compared"),
        (12, 12, "the worst-ranked of the 12 countries compared"),
    ],
)
def test_the_group_position_says_which_end_it_counts_from(position, size, words):
    facts = group(
        "facts",
        country="Kazakhstan",
        rsf=group("rsf", latest=_standing(position, size), compared=group("compared", behind=[], ahead=[])),
    )
    assert said("group", facts) == f"In 2026 Kazakhstan was {words} in this chapter."


def test_a_country_compared_with_none_has_no_group_sentence():
    facts = group("facts", country="Kazakhstan", rsf=group("rsf", latest=_standing(1, 1)))
    assert rendered("group", facts) == ""


def test_index_part_is_a_code_the_template_words():
    assert pf.index_part(pf.Standing("2026", 2026, 149, 180, 82.8, 6, 12, "rsf-2022")) == "bottom-fifth"
    assert pf.index_part(pf.Standing("x", 1, 30, 180, 0, 1, 1)) == "top-fifth"
    assert pf.index_part(pf.Standing("x", 1, 80, 180, 0, 1, 1)) == "top-half"


def test_the_score_title_judges_each_method_by_its_own_direction():
    facts = facts_of(selected(BREAKS))
    assert said("scores_title", facts) == (
        "Kazakhstan's RSF score got worse within 2 of 3 method periods, most recently from 48.28 to 45.87 "
        "(higher = freer) between 2022 and 2023"
    )
    one = facts_of(selected(BREAKS, start=2022))
    assert said("scores_title", one) == (
        "Kazakhstan's RSF score got worse, from 48.28 to 45.87 (higher = freer) between 2022 and 2023"
    )


def test_scores_are_described_per_method_period_first_and_last():
    facts = facts_of(selected(BREAKS))
    assert said("scores_alt", facts).endswith(
        "Kazakhstan's scores: 2010–2012: 68.5 in 2010 to 77.5 in 2011-2012; 2013–2014: 55.08 in 2013 to 54.94 in "
        "2014; 2022–2023: 48.28 in 2022 to 45.87 in 2023."
    )
    assert said("scores_alt", facts).startswith("3 panels of RSF scores, one per method.")
    single = facts_of(selected(BREAKS[BREAKS["year"] != 2014]))
    assert "2013: 55.08 in 2013;" in said("scores_alt", single)


def test_the_table_caption_folds_runs_of_editions():
    caption = said("ranks_caption", facts_of(selected(BREAKS)))
    assert "RSF ranked 178 countries in 2010; 179 in 2011-2012 and 2013; 180 in every edition from 2014 to 2023." in (
        caption
    )
    assert caption.endswith(
        "'(new method)': RSF changed its method with that edition, and ranks on either side "
        "of a change are not comparable"
    )
    latest = said("ranks_caption", facts_of(selected(BREAKS, start=2022)))
    assert latest.endswith("RSF ranked 180 countries in 2022 and 2023")  # no break, no note


@pytest.mark.parametrize(
    "codes, phrase",
    [
        (["KAZ"], "Kazakhstan (black), 2010 to 2023 editions"),
        (["KAZ", "RUS"], "Kazakhstan (black) and the other compared country (grey), 2010 to 2023 editions"),
    ],
)
def test_chart_captions_count_the_other_countries(codes, phrase):
    assert phrase in said("rank_lines_caption", facts_of(selected(BREAKS, codes)))


def test_three_countries_are_two_others():
    rows = pd.concat([BREAKS, BREAKS[BREAKS["iso3"] == "RUS"].assign(iso3="BLR", country="Belarus")])
    caption = said("scores_caption", facts_of(selected(rows, ["KAZ", "RUS", "BLR"])))
    assert "Kazakhstan (black, first and last score of each period written beside it) and the other 2 compared " in (
        caption
    )
    assert caption.endswith(
        "one panel per RSF method: RSF's 2002–2012 method, points score, 0 = best, open-ended; RSF's 2013–2021 "
        "method, 0-100, 0 = best; RSF's method since 2022, 0-100, 100 = best, five indicators."
    )


def _freedom_house(scores: dict[int, float]):
    table = pd.DataFrame(
        {"index": "FH-FOTP", "iso3": "X", "year": list(scores), "score": list(scores.values()), "source_id": "fh"}
    )
    return group(
        "facts",
        country="X",
        selected=group("selected", start="2002", end=None),
        freedom_house=chapter.freedom_house_facts(table, ["X"], "X", {"X": "X"}, 2002, None),
    )


def test_a_changing_freedom_house_status_is_listed_in_order():
    facts = _freedom_house({2002: 55.0, 2003: 62.0, 2004: 70.0})
    assert said("freedom_house_alt", facts) == (
        "Line chart of Freedom House scores by edition. X was rated Partly Free, then Not Free over the editions "
        "from 2002 to 2004; its score went from 55 to 70 out of 100 (higher is less free)."
    )
    assert (
        said("freedom_house_title", facts)
        == "X: Partly Free, then Not Free 2002–2004; score 55 to 70 (100 = least free)"
    )


def test_one_freedom_house_edition_gives_its_score():
    facts = _freedom_house({2005: 75.5})
    assert said("freedom_house_alt", facts).endswith(
        "X was rated Not Free in 2005, with a score of 75.5 out of 100 (higher is less free)."
    )
    assert said("freedom_house_title", facts) == "X: Not Free in Freedom House's 2005 edition"
    assert "2005 editions" in said("freedom_house_caption", facts)


def test_no_freedom_house_score_for_the_country_in_the_selection_has_no_section():
    """A section that would only say there is none is left out (its heading too)."""
    facts = computed(DATA, start_year=2016)
    assert facts.freedom_house.found is None
    assert said("freedom_house", facts) == ""
