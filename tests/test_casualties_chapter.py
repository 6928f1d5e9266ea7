"""The casualties chapter as facts and words: `chapters.casualties.compute` on the real data and the
fixtures (no kernel), and the templates of `prose/casualties` rendered on those facts."""

import math
import re

import pytest

from conftest import DATA, ROOT
from kzbrief import datasets, words
from kzbrief.chapters import casualties
from kzbrief.render import Text

FREEDONIA = ROOT / "tests" / "fixtures" / "freedonia"
TEMPLATES = ROOT / "src" / "kzbrief" / "prose" / "casualties"


@pytest.fixture(scope="module")
def real():
    return datasets.load_all(DATA)


@pytest.fixture(scope="module")
def freedonia():
    return datasets.load_all(FREEDONIA)


@pytest.fixture
def tiny(tiny_data):
    return datasets.load_all(tiny_data), tiny_data


def compute(tables, data_dir, **selection):
    params = {"data_dir": data_dir, "events": [], "metrics": [], "claimant_types": [], **selection}
    return casualties.compute(tables, params)


def plain(tables, data_dir, name, facts) -> str:
    return Text(data_dir, tables["sources"]).plain(f"casualties/{name}.md", facts)


# --- facts -----------------------------------------------------------------------------------------


def test_the_real_selection_counts_figures_events_and_documents(real):
    facts = compute(real, DATA)
    assert facts.country == "Kazakhstan"
    # Parts of a total (the security forces among the dead) are printed with it, not counted apart.
    # A body's count of political prisoners is a list on a date, counted apart from the events' figures.
    assert (facts.figures.value, facts.events.value, facts.lists.value, facts.documents.value) == (47, 8, 11, 32)
    assert len(facts.figures.sources) == 21 and facts.claims.count.value == 58
    assert len(facts.claims.table) == 58


def test_the_revised_official_toll_is_every_figure_with_its_date(real):
    series = compute(real, DATA).series
    assert series.event.name.startswith("January 2022 unrest") and series.metric == "killed"
    assert series.count.value == 5
    assert [(o.figure.shown, o.date.value, o.reported) for o in series.official] == [
        ("at least 164", "2022-01-09", False),
        ("225", "2022-01-15", False),
        ("230", "2022-03-14", False),
        ("232", "2022-05-05", True),
        ("238", "2023-01", True),
    ]
    # what is known of each figure is carried with it: the 164 was not confirmed, the 225 and 230
    # include 19 members of the security forces
    assert "did not confirm" in series.official[0].caveat
    assert [(p.figure.shown, p.whom) for p in series.official[1].of_which] == [("19", "members of the security forces")]
    assert series.official[0].figure.value == (164, math.inf)
    assert (series.first.value, series.last.value) == ("2022-01-09", "2023-01")
    assert len(series.points) == 7 and list(series.drawn.open_ended) == ["at_least"]
    assert set(series.source_ids) == set(series.frame["source_id"])


def test_the_deaths_chart_is_january_2022_and_the_other_events_are_listed(real):
    deaths = compute(real, DATA).deaths
    focus = deaths.focus
    assert focus.event.name.startswith("January 2022 unrest") and focus.event.date.value == "2022-01-02"
    assert focus.metric == "killed" and focus.metrics == ["killed", "injured"]
    # 7 running totals from 5 bodies: the General Prosecutor's Office, named four ways, is one claimant
    assert (focus.main_figures.value, focus.claimants.value) == (7, 5)
    assert focus.official and not focus.independent  # the title then counts figures and claimants
    # listed besides: the 241 for 4-6 January and the injured security officers with no total of that date
    assert len(focus.statements) == 11 and list(focus.drawn.kinds) == ["open_ended"]
    assert [e.event.name for e in deaths.others] == ["Zhanaozen shooting", "Aktobe attack"]
    zhanaozen = deaths.others[0].statements
    assert [s.figure.shown for s in zhanaozen] == ["17", "at least 17", "80–100", "up to 70", "16", "86"]
    booklet = zhanaozen[0]
    assert booklet.stated.value == 2 and not booklet.own and booklet.claimant.startswith("Kazakh authorities")
    assert [s.casualties for s in zhanaozen] == [False, False, False, True, False, False]


def test_the_detentions_chart_names_who_counted_what(real):
    detentions = compute(real, DATA).detentions
    focus = detentions.focus
    # January 2022 has the most figures: convictions are its main metric, the state's counts of
    # detentions, prosecutions and the amnesty are named beside them, each by its claimant
    assert focus.event.date.value == "2022-01-02" and focus.metric == "convicted"
    assert [(c.figure.shown, c.claimants) for c in focus.counted] == [("more than 1,000", ["Human Rights Watch"])]
    prosecutors = next(s for s in focus.state if s.claimant == "General Prosecutor's Office")
    assert [(f.figure.shown, f.metric, f.date) for f in prosecutors.figures] == [
        ("1,221", "prosecuted", None),
        ("445", "convicted", "2022-07-01"),
        ("717", "convicted", "2022-08-01"),
        ("1,205", "convicted", "2023-01-05"),
        ("1,095", "amnestied", None),
    ]
    assert focus.state_metrics == ["detained", "prosecuted", "amnestied"]
    assert list(focus.drawn.open_ended) == ["more_than"]
    # the 21 May 2016 detentions are listed with their claimants
    may = next(e for e in detentions.others if e.event.date.value == "2016-05-21")
    assert [s.figure.shown for s in may.statements][:2] == ["more than 1,000", "more than 1,000"] or any(
        s.figure.shown == "1,083" for s in may.statements
    )


def test_poland_is_a_comparison_quoted_never_counted(real):
    facts = compute(real, DATA)
    (comparison,) = facts.comparisons
    assert comparison.source == "odf-2012-booklet" and comparison.date.value == "1970-12-14"
    assert comparison.quote == "45 people were killed and over 1,000 were injured"
    assert "poland-1970" not in set(facts.claims.source_ids) | set(facts.deaths.focus.frame["event_id"])


def test_a_selection_with_nothing_has_no_groups_to_print(tiny):
    tables, data_dir = tiny
    facts = compute(tables, data_dir, events=["protest-2016"], metrics=["killed"])
    assert not facts.figures and not facts.series and not facts.comparisons
    assert not facts.deaths.count and not facts.deaths.focus and not facts.detentions.focus
    assert not facts.claims.count and not facts.claims.table
    assert facts.selection.events == ["Land protests"]


def test_the_tiny_fixture_charts_both_families(tiny):
    tables, data_dir = tiny
    facts = compute(tables, data_dir)
    assert facts.deaths.focus.event.name == "Oil strike and shooting"
    assert [f.shown for f in facts.deaths.focus.official] == ["16", "at least 16"]
    assert [f.shown for f in facts.deaths.focus.independent] == ["60–70", "up to 80"]
    assert list(facts.deaths.focus.drawn.kinds) == ["range", "open_ended", "up_to"]
    assert facts.detentions.focus.event.name == "Land protests" and not facts.series


def test_freedonia_has_a_deaths_chart_and_no_detentions_chart(freedonia):
    facts = compute(freedonia, FREEDONIA)
    assert facts.country == "Freedonia" and facts.figures.value == 3
    assert facts.deaths.focus.event.name == "Harbour protest and dispersal"
    assert not facts.detentions.focus and [e.event.name for e in facts.detentions.others] == ["Capital march"]
    assert not facts.series and not facts.comparisons


# --- words -----------------------------------------------------------------------------------------


def test_no_template_types_a_number_or_names_a_country():
    for path in sorted(TEMPLATES.glob("*.md")):
        source = path.read_text(encoding="utf-8")
        assert words.typed_numbers(source, path.name) == []
        assert not re.search(r"Kazakh|Zhanaozen|Almaty|locals|soldiers|oil worker", source), path.name


def test_the_real_chapter_reads_as_before(real):
    facts = compute(real, DATA)

    def say(name):
        return plain(real, DATA, name, facts)

    # the counts of political prisoners are lists on a date, not figures about an event
    assert say("lead") == (
        "The documents give 47 figures about 8 events, and 11 counts of political prisoners, in 32 documents."
    )
    assert "Official bodies gave 5 figures for the number killed between 9 Jan 2022 and Jan 2023" in say("series")
    assert say("deaths_title").endswith("2 Jan 2022: 7 figures for the number killed, from 5 claimants")
    # the deaths chart's event too: named once, in the deaths lead
    assert say("detentions").startswith("For the same event, figure sets")
    # said once: the figures are in the chart's caption, the lead points to the chart
    assert (
        "figure sets side by side who counted what. A count of people detained, prosecuted or amnestied is not a "
        "count of people convicted"
    ) in say("detentions")
    # a claimant's running count is dated, so it reads as a count over time, not as rival figures
    assert "445 convicted (1 Jul 2022), 717 convicted (1 Aug 2022), 1,205 convicted (5 Jan 2023)" in say(
        "detentions_alt"
    )
    # 13 figures: the caption counts them, each is read on its bar
    assert say("detentions_caption").startswith(
        "January 2022 unrest ('Bloody January', Qandy Qantar) (2 Jan 2022): 13 figures for the people detained, "
    )
    assert "1,000" not in say("detentions")
    assert say("detentions_list").startswith("Other figures of people detained, arrested, prosecuted or convicted")
    assert say("comparisons").startswith(
        "A comparison, not a count for Kazakhstan. Open Dialog Foundation (2012) [1] sets the December 1970 events"
    )
    assert say("deaths_caption").startswith(say("deaths_title") + ". ")  # the finding first, as the caption's title
    assert say("deaths_caption").endswith(
        "one bar per claimant and document, each number on its own axis, largest first."
        " An arrow marks an open-ended “at least”."
    )
    assert say("claims_caption").startswith("All 58 figures in this selection about events in Kazakhstan")


def test_every_number_of_the_prose_is_a_catalogued_fact(real):
    text = Text(DATA, real["sources"])
    facts = compute(real, DATA)
    for name in ("lead", "series", "deaths", "deaths_list", "detentions", "detentions_list", "comparisons"):
        html = text.html(f"casualties/{name}.md", facts)
        # Outside the facts' spans, the quotations, the event names and the citations, no figure is printed.
        for event in [*facts.deaths.others, *facts.detentions.others, facts.series]:
            html = html.replace(event.event.name, "")
        bare = re.sub(r'<span class="fact".*?</span>|“[^”]*”', "", html)
        bare = re.sub(r"\[\d+\]|\b(?:19|20)\d\d\b|&#\d+;", "", re.sub(r"<[^>]+>", "", bare))
        assert not re.search(r"\d", bare), (name, bare)


def test_a_figure_s_parts_are_each_a_fact_never_their_total(real):
    html = Text(DATA, real["sources"]).html("casualties/deaths_list.md", compute(real, DATA, events=["aktobe-2016"]))
    assert re.search(
        r'data-value="\[4, 4\]"[^>]*>4</span> and <span[^>]*data-value="\[3, 3\]"[^>]*>3</span> killed', html
    )
    assert 'data-value="[7' not in html


def test_freedonia_reads_without_an_empty_section_or_another_country_s_words(freedonia):
    facts = compute(freedonia, FREEDONIA)
    said = {
        name: plain(freedonia, FREEDONIA, name, facts)
        for name in ("lead", "series", "deaths", "deaths_list", "detentions", "detentions_list", "comparisons")
    }
    assert said["series"] == "" and said["detentions"] == "" and said["comparisons"] == ""
    assert said["deaths"].startswith("Harbour protest and dispersal (14 Jun 2019). figure sets")
    assert said["detentions_list"].startswith("Figures of people detained")  # not "Other figures": no chart
    assert "more than 300 detained: Freedonia Rights Monitor [2]" in said["detentions_list"]
    caption = plain(freedonia, FREEDONIA, "deaths_caption", facts)
    assert "killed, one bar" in caption and "injured" not in caption and "range" not in caption
    assert not re.search(r"Kazakh|Zhanaozen|soldiers|locals", " ".join(said.values()))


def test_an_empty_selection_says_so_and_nothing_else(tiny):
    tables, data_dir = tiny
    facts = compute(tables, data_dir, events=["protest-2016"], metrics=["killed"])
    assert plain(tables, data_dir, "lead", facts) == (
        "The data hold no claims about events in Kazakhstan for this selection (Land protests; killed; all "
        "claimant types), so this chapter has nothing to show."
    )
    for name in ("series", "deaths", "deaths_list", "detentions", "detentions_list", "comparisons"):
        assert plain(tables, data_dir, name, facts) == "", name


def test_a_family_without_figures_prints_no_section(tiny):
    """The section would only say there is none: the methods chapter says it once instead."""
    tables, data_dir = tiny
    facts = compute(tables, data_dir, metrics=["detained"])
    for name in ("deaths_heading", "deaths", "deaths_list"):
        assert plain(tables, data_dir, name, facts) == ""
    assert plain(tables, data_dir, "detentions_heading", facts) == "Detentions, arrests and prosecutions"


def test_data_values_are_inserted_escaped(tiny):
    tables, data_dir = tiny
    tables["casualty_estimates"]["claimant"] = "<b>x</b> **y**"
    html = Text(data_dir, tables["sources"]).html("casualties/deaths_list.md", compute(tables, data_dir))
    assert "&lt;b&gt;x&lt;/b&gt; **y**" in html and "<b>" not in html and "<strong>y" not in html


def test_the_tiny_fixture_s_key_names_every_kind_of_bar(tiny):
    tables, data_dir = tiny
    assert plain(tables, data_dir, "deaths_caption", compute(tables, data_dir)).endswith(
        "A range shows its low and high ends; an arrow marks an open-ended “at least”; a dashed bar is an “up to” "
        "whose lower end is unknown."
    )


def test_plain_words_are_text_without_markup_for_chart_titles_and_alt_text(real):
    facts = compute(real, DATA)
    text = Text(DATA, real["sources"])
    alt = text.plain("casualties/detentions_alt.md", facts)
    assert "<" not in alt and "&amp;" not in alt and "&#" not in alt
    assert alt.startswith("2 Jan 2022: more than 1,000 convicted according to Human Rights Watch; Presidency counted")
    assert re.search(r"General Prosecutor's Office \[\d+\]", alt)
    assert text.plain("casualties/series_title.md", facts) == (
        "January 2022 unrest ('Bloody January', Qandy Qantar): 5 official figures for the number killed, given or "
        "reported between 9 Jan 2022 and Jan 2023"
    )
