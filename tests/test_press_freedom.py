"""Press freedom: methodology periods, movement only within one method, standings, the summary finding,
the charts (legible, up = freer), the chapter's text and table, the official-file merge."""

import re

import matplotlib.pyplot as plt
import pandas as pd
import papermill
import pytest
from bs4 import BeautifulSoup

from conftest import DATA, ROOT, copy_tiny, notebook_text
from kzbrief import datasets, english
from kzbrief.analysis import press_freedom as pf
from kzbrief.chapters import summary
from kzbrief.facts import fact, group
from kzbrief.plots import legibility
from kzbrief.plots import press_freedom as press_plots
from kzbrief.render import Text
from kzbrief.words import Words
from test_press_freedom_chapter import BREAKS, press_rows

TABLE = press_rows(
    [
        ("RSF", "2010", 2010, "Kazakhstan", "KAZ", 162, 178, 68.5, "lower_is_better", "rsf-2002-2012", "s10"),
        ("RSF", "2010", 2010, "Russia", "RUS", 140, 178, 49.9, "lower_is_better", "rsf-2002-2012", "s10"),
        ("RSF", "2011-2012", 2012, "Kazakhstan", "KAZ", 154, 179, 77.5, "lower_is_better", "rsf-2002-2012", "s12"),
        ("RSF", "2011-2012", 2012, "Russia", "RUS", 142, 179, 66.0, "lower_is_better", "rsf-2002-2012", "s12"),
        ("RSF", "2011-2012", 2012, "China", "CHN", 174, 179, 136.0, "lower_is_better", "rsf-2002-2012", "s12"),
        ("RSF", "2013", 2013, "Kazakhstan", "KAZ", 160, 179, 55.08, "lower_is_better", "rsf-2013-2021", "s13"),
        ("RSF", "2022", 2022, "Kazakhstan", "KAZ", 122, 180, 48.28, "higher_is_better", "rsf-2022", "s22"),
        ("RSF", "2022", 2022, "Russia", "RUS", 155, 180, 38.82, "higher_is_better", "rsf-2022", "s22"),
    ]
)


# Ranks that differ on either side of the 2013 and 2022 breaks: the chapter tests' BREAKS.


def test_rank_percentile_accounts_for_the_number_ranked():
    assert pf.rank_percentile(pd.Series([154, 90]), pd.Series([179, 180])).tolist() == [86.0, 50.0]


def test_select_filters_countries_and_years_and_adds_percentiles():
    rows = pf.select(TABLE, ["KAZ"], 2012, 2021)
    assert rows["edition"].tolist() == ["2011-2012", "2013"]
    assert rows["rank_percentile"].tolist() == [86.0, 89.4]


def test_methodology_periods_and_breaks():
    rows = pf.select(TABLE, ["KAZ", "RUS", "CHN"], 2000, None)
    periods = pf.method_periods(rows)
    assert [(p.method, p.first_year, p.last_year) for p in periods] == [
        ("rsf-2002-2012", 2010, 2012),
        ("rsf-2013-2021", 2013, 2013),
        ("rsf-2022", 2022, 2022),
    ]
    assert pf.breaks(rows) == [2013, 2022]
    assert pf.breaks(pf.select(TABLE, ["KAZ"], 2000, 2012)) == []


def test_standing_within_the_group():
    rows = pf.select(TABLE, ["KAZ", "RUS", "CHN"], 2000, None)
    reference = pf.standing(rows, "KAZ", "2011-2012")
    assert (reference.rank, reference.n_ranked, reference.position_in_group, reference.group_size) == (154, 179, 2, 3)
    assert pf.standing(rows, "CHN", "2022") is None


def test_first_and_latest_editions():
    rows = pf.select(TABLE, ["KAZ", "RUS"], 2000, None)
    first, latest = pf.first_and_latest(rows, "KAZ")
    assert (first.edition, latest.edition) == ("2010", "2022")
    assert (first.method, latest.method) == ("rsf-2002-2012", "rsf-2022")


def test_movements_stay_inside_each_method():
    rows = pf.select(BREAKS, ["KAZ", "RUS"], 2000, None)
    found = pf.movements(rows, "KAZ")
    assert [(m.method, m.first.edition, m.last.edition) for m in found] == [
        ("rsf-2002-2012", "2010", "2011-2012"),
        ("rsf-2013-2021", "2013", "2014"),
        ("rsf-2022", "2022", "2023"),
    ]
    latest = pf.latest_movement(rows, "KAZ")
    assert (latest.first.rank, latest.last.rank, latest.places) == (122, 134, 12)
    assert pf.movement_verb(latest) == "fell"
    # the words: test_press_freedom_chapter.test_ranks_are_compared_only_within_one_method


def test_scores_change_is_judged_by_each_methods_own_direction():
    rows = pf.select(BREAKS, ["KAZ", "RUS"], 2000, None)
    changes = {c["method"]: c["change"] for c in pf.score_changes(rows, "KAZ")}
    # 2002-2012 and 2013-2021: lower is better; 2022: higher is better
    assert changes == {"rsf-2002-2012": "worse", "rsf-2013-2021": "better", "rsf-2022": "worse"}
    # the words: test_press_freedom_chapter.test_the_score_title_judges_each_method_by_its_own_direction


def test_the_booklet_comparison_is_computed_not_typed():
    rows = pf.select(TABLE, ["KAZ", "RUS", "CHN"], 2000, None)
    compared = pf.compare_in_edition(rows, "KAZ", "2011-2012").set_index("iso3")["relation"]
    assert compared.to_dict() == {"RUS": "behind", "KAZ": "focus", "CHN": "ahead of"}


def test_rank_table_orders_columns_names_countries_and_marks_new_methods():
    rows = pf.select(TABLE, ["KAZ", "RUS", "CHN"], 2000, None)
    names = {"KAZ": "Kazakhstan", "RUS": "Russia", "CHN": "China"}
    table = pf.rank_table(rows, ["KAZ", "RUS", "CHN"], names)
    assert list(table.columns) == ["Edition", "Kazakhstan", "Russia", "China"]
    assert table["Edition"].tolist() == ["2010", "2011-2012", "2013 (new method)", "2022 (new method)"]
    assert pd.isna(table.set_index("Edition").loc["2013 (new method)", "Russia"])  # a dash, not a zero


def test_official_files_are_merged_over_the_curated_table(tmp_path, tiny_data):
    header = (
        "Year (N);ISO;Rank N;Score N;Score N without the exactions;Score N with the exactions;Score exactions;"
        "Rank N-1;Score N-1;Rank evolution;FR_country;EN_country;ES_country;AR_country;FA_country;Zone"
    )
    (tmp_path / "2027.csv").write_text(
        header + "\n2027;KAZ;101;50;;;;;;;Kazakhstan;Kazakhstan;x;x;x;EEAC\n", encoding="utf-8"
    )
    tables = datasets.load_all(tiny_data)
    merged, sources = pf.with_official_files(tables["press_freedom"], tables["sources"], tmp_path)
    assert merged.set_index(["edition", "iso3"]).loc[("2027", "KAZ"), "rank"] == 101
    assert "rsf-wpfi-2027" in set(sources["source_id"])
    unchanged, _ = pf.with_official_files(tables["press_freedom"], tables["sources"], tmp_path / "absent")
    assert len(unchanged) == len(tables["press_freedom"])


def test_real_data_reproduces_the_booklet_sentence():
    rows = pf.select(datasets.load_table("press_freedom", DATA), ["KAZ", "RUS", "BLR", "CHN"], 2002, None)
    compared = pf.compare_in_edition(rows, "KAZ", "2011-2012").set_index("iso3")
    assert compared["rank"].to_dict() == {"RUS": 142, "KAZ": 154, "BLR": 168, "CHN": 174}
    assert compared["relation"].to_dict() == {"RUS": "behind", "KAZ": "focus", "BLR": "ahead of", "CHN": "ahead of"}


# --- the summary finding ------------------------------------------------------------------------

METHOD_OF_EDITION = dict(zip(BREAKS["edition"], BREAKS["method"]))
PEERS = ["RUS", "BLR", "CHN", "KGZ", "UZB", "TJK", "TKM", "AZE", "UKR", "POL", "DEU"]


def editions_in(text: str) -> set[str]:
    """The editions of BREAKS a piece of text names ('2011-2012' before '2012', so it is not
    also read as a year)."""
    found = set()
    for edition in sorted(METHOD_OF_EDITION, key=len, reverse=True):
        if re.search(rf"(?<![\d-]){re.escape(edition)}(?![\d-])", text):
            found.add(edition)
            text = text.replace(edition, "")
    return found


def assert_no_comparison_across_a_break(text: str) -> None:
    """Every clause that compares ranks (from ... to, up/down from, places) names editions of
    one method only."""
    for clause in re.split(r"[.;:]\s", text):
        if re.search(r"\bfrom\b|\bplaces?\b|higher|lower", clause):
            methods = {METHOD_OF_EDITION[e] for e in editions_in(clause)}
            assert len(methods) <= 1, f"compares ranks across a methodology break: {clause!r}"


def press_finding(rows: pd.DataFrame, name: str = "Kazakhstan") -> tuple[str, str]:
    """The generic key finding on press freedom (summary/key_findings.md) for the focus country
    KAZ among `rows`: the figure it points at, and its words after the heading 'Press freedom.'."""
    facts = group("facts", country=fact(name, what="country"), press=summary.press_facts(rows, "KAZ"))
    text = Text(DATA, datasets.load_table("sources", DATA))
    text.words = Words(None)
    (item,) = BeautifulSoup(text.html("summary/key_findings.md", facts), "html.parser").select("ol > li")
    words = " ".join(item.get_text().split())
    assert words.startswith("Press freedom. ")
    return item.select_one("a.xref")["href"], words.removeprefix("Press freedom. ")


def test_the_finding_never_compares_ranks_across_a_break_and_states_the_current_method_movement():
    rows = pf.select(BREAKS, ["KAZ", "RUS"], 2000, None)
    see, finding = press_finding(rows)
    assert_no_comparison_across_a_break(finding)
    assert "2010" not in finding and "2013" not in finding and "places" not in finding
    assert "ranked 134th of 180 countries, down from 122nd in 2022" in finding
    assert "It was the best-ranked of the 2 countries compared" in finding
    since = summary.press_facts(rows, "KAZ").since
    assert (since.edition.value, since.rank.value, since.direction) == ("2022", 122, "fell")
    assert see == "#fig-press-freedom-rank-lines"


def test_the_finding_on_real_data_counts_the_group_position_from_the_freest():
    rows, _, names = pf.comparison(datasets.load_table("press_freedom", DATA), "KAZ", PEERS, 2002, None)
    _, finding = press_finding(rows, names["KAZ"])
    latest = pf.first_and_latest(rows, "KAZ")[1]
    movement = pf.latest_movement(rows, "KAZ")
    assert f"ranked {english.ordinal(latest.rank)} of {latest.n_ranked} countries" in finding
    assert f"from {english.ordinal(movement.first.rank)} in {movement.first.edition}" in finding
    assert movement.first.method == latest.method == "rsf-2022"
    assert f"{english.ordinal(latest.position_in_group)} best of the 12 countries compared" in finding
    assert "percentile" not in finding and "2002" not in finding
    assert len(re.findall(r"[.!?](\s|$)", finding)) <= 2  # one or two sentences


def test_a_single_edition_in_the_latest_method_gives_no_movement():
    rows = pf.select(TABLE, ["KAZ", "RUS"], 2000, None)
    assert press_finding(rows)[1] == (
        "In the 2022 edition of the RSF World Press Freedom Index, Kazakhstan ranked 122nd of 180 "
        "countries. It was the best-ranked of the 2 countries compared in the chapter. (figure)"
    )


# --- charts -------------------------------------------------------------------------------------


def _chart_inputs(data_dir, focus="KAZ", start_year=2002):
    rows, _, names = pf.comparison(datasets.load_table("press_freedom", data_dir), focus, PEERS, start_year, None)
    return rows, names


CASES = [
    ("real", "KAZ", 2002),
    ("real", "UZB", 2002),
    ("real", "BLR", 2013),
    ("real", "KAZ", 2022),
    ("tiny", "KAZ", 2002),
    ("tiny", "RUS", 2012),
]


def _charts(which, focus, start_year, tiny_data):
    rows, names = _chart_inputs(DATA if which == "real" else tiny_data, focus, start_year)
    periods = pf.method_periods(rows)
    rank = press_plots.rank_lines(rows, focus, names, pf.breaks(rows))
    score = press_plots.score_periods(rows, focus, names, periods)
    return rows, periods, rank, score


def _titles(fig) -> list[str]:
    found = [ax.get_title(loc) for ax in fig.axes for loc in ("left", "center", "right")]
    found.append(fig._suptitle.get_text() if fig._suptitle is not None else "")
    return [t for t in found if t]


@pytest.mark.parametrize("which, focus, start_year", CASES)
def test_charts_are_legible_without_a_title_and_linear_scales(which, focus, start_year, tiny_data):
    rows, names = _chart_inputs(DATA if which == "real" else tiny_data, focus, start_year)
    _, _, rank, score = _charts(which, focus, start_year, tiny_data)
    narrow = [
        press_plots.rank_lines(rows, focus, names, pf.breaks(rows), narrow=True),
        press_plots.score_periods(rows, focus, names, pf.method_periods(rows), narrow=True),
    ]
    for fig in (rank, score, *narrow):
        assert legibility.problems(fig) == []
        assert _titles(fig) == [] and fig.texts == []  # the caption states the finding
        assert all(ax.get_yscale() == "linear" and ax.get_xscale() == "linear" for ax in fig.axes)
        plt.close(fig)


@pytest.mark.parametrize("which, focus, start_year", CASES)
def test_every_score_panel_reads_up_is_freer(which, focus, start_year, tiny_data):
    rows, periods, rank, score = _charts(which, focus, start_year, tiny_data)
    assert len(score.axes) == len(periods)
    for ax, period in zip(score.axes, periods):
        direction = rows.loc[rows["method"] == period.method, "score_direction"].iloc[0]
        assert ax.yaxis_inverted() == (direction == "lower_is_better"), period.method
        assert "up = freer" in ax.get_ylabel()
        assert ("axis inverted" in ax.get_ylabel()) == (direction == "lower_is_better")
    assert rank.axes[0].yaxis_inverted()  # rank 1, the freest, at the top
    plt.close(rank)
    plt.close(score)


@pytest.mark.parametrize("which, focus, start_year", CASES)
def test_rank_lines_break_at_every_method_change_and_label_every_country(which, focus, start_year, tiny_data):
    rows, _, rank, score = _charts(which, focus, start_year, tiny_data)
    ax = rank.axes[0]
    for line in ax.get_lines():
        x = [float(v) for v in line.get_xdata()]
        if line.get_clip_on() and len(x) > 1 and line.get_linestyle() == "-":  # data lines, not leaders or breaks
            assert not any(min(x) < year <= max(x) for year in pf.breaks(rows)), x
    labels = [t.get_text() for t in ax.texts]
    for name in rows.groupby("iso3")["country"].last():
        assert any(label.startswith(name + " ") for label in labels), name
    plt.close(rank)
    plt.close(score)


def test_spread_keeps_labels_apart_inside_the_bounds():
    placed = press_plots.spread([10, 12, 14, 100, 101], gap=10, low=0, high=200)
    ordered = sorted(placed)
    assert all(b - a >= 10 - 1e-9 for a, b in zip(ordered, ordered[1:]))
    assert min(placed) >= 0 and max(placed) <= 200
    assert press_plots.spread([50], gap=10, low=0, high=200) == [50]


# --- the chapter --------------------------------------------------------------------------------

CHAPTER_ROWS = """index,edition,year,country,iso3,rank,n_ranked,score,score_direction,method,source_id
RSF,2010,2010,Kazakhstan,KAZ,120,178,68.5,lower_is_better,rsf-2002-2012,rsf-wpfi-2010
RSF,2010,2010,Russia,RUS,140,178,49.9,lower_is_better,rsf-2002-2012,rsf-wpfi-2010
RSF,2011-2012,2012,Kazakhstan,KAZ,154,179,77.5,lower_is_better,rsf-2002-2012,rsf-wpfi-2011-2012
RSF,2011-2012,2012,Russia,RUS,142,179,66,lower_is_better,rsf-2002-2012,rsf-wpfi-2011-2012
RSF,2013,2013,Kazakhstan,KAZ,160,179,55.08,lower_is_better,rsf-2013-2021,rsf-wpfi-2013
RSF,2013,2013,Russia,RUS,148,179,43.42,lower_is_better,rsf-2013-2021,rsf-wpfi-2013
RSF,2022,2022,Kazakhstan,KAZ,122,180,48.28,higher_is_better,rsf-2022,rsf-wpfi-2022
RSF,2022,2022,Russia,RUS,155,180,38.82,higher_is_better,rsf-2022,rsf-wpfi-2022
RSF,2023,2023,Kazakhstan,KAZ,134,180,45.87,higher_is_better,rsf-2022,rsf-wpfi-2023
RSF,2023,2023,Russia,RUS,164,180,34.77,higher_is_better,rsf-2022,rsf-wpfi-2023
"""


@pytest.fixture(scope="module")
def chapter(tmp_path_factory):
    """The press-freedom chapter run on the tiny data with ranks that differ across the breaks."""
    root = tmp_path_factory.mktemp("press-chapter")
    data = copy_tiny(root / "data")
    (data / "press_freedom.csv").write_text(CHAPTER_ROWS, encoding="utf-8")
    with open(data / "sources.csv", "a", encoding="utf-8") as extra:
        for edition in ("2010", "2023"):
            extra.write(
                f"rsf-wpfi-{edition},Reporters Without Borders (RSF),World Press Freedom Index {edition},"
                f"{edition},https://rsf.org/sites/default/files/import_classement/{edition}.csv,index,,\n"
            )
    output = root / "out.ipynb"
    papermill.execute_notebook(
        str(ROOT / "notebooks" / "03_press_freedom.ipynb"),
        str(output),
        cwd=str(ROOT / "notebooks"),
        progress_bar=False,
        parameters={
            "data_dir": str(data),
            "figures_dir": str(root / "figures"),
            "peers": ["RUS"],
            "reference_countries": ["RUS"],
        },
    )
    return notebook_text(output)


def words(chapter: str) -> str:
    """The chapter's text as read: inline tags (a fact's span, bold, a link) dropped, blocks apart."""
    inline = re.sub(r"</?(?:span|strong|em|a)\b[^>]*>", "", chapter)
    return " ".join(re.sub(r"<[^>]+>", " ", inline).split())


@pytest.mark.e2e
def test_the_chapter_compares_ranks_only_within_one_method(chapter):
    prose = words(chapter)
    assert_no_comparison_across_a_break(prose)
    assert "fell 12 places, from 122nd of 180 in 2022" in prose
    assert "RSF's 2002–2012 method: from 120th of 178 in 2010 to 154th of 179 in 2011-2012" in prose
    assert "RSF's 2013–2021 method: 160th of 179 in 2013" in prose
    assert "percentile" not in prose


@pytest.mark.e2e
def test_the_chapter_says_which_end_the_group_position_counts_from(chapter):
    assert (
        "Kazakhstan was the best-ranked of the 2 countries compared in this chapter: ahead of Russia (164th)"
        in words(chapter)
    )


@pytest.mark.e2e
def test_the_chapter_table_highlights_the_focus_country_by_name(chapter):
    soup = BeautifulSoup(chapter[chapter.index('id="tab-press-freedom-ranks"') - 100 :], "html.parser")
    table = soup.find("table")
    headers = [th.get_text() for th in table.find("thead").find_all("th")]
    assert headers == ["Edition", "Kazakhstan", "Russia"]
    focus = headers.index("Kazakhstan")
    for row in table.find("tbody").find_all("tr"):
        cells = row.find_all(["td", "th"])
        assert "focus" in cells[focus].get("class", [])
        assert "num" in cells[focus].get("class", [])
    assert "2013 (new method)" in table.get_text()
    assert "RSF ranked 178 countries in 2010; 179 in 2011-2012 and 2013; 180 in 2022 and 2023" in words(chapter)
