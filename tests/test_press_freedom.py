"""Press-freedom computations: percentiles, methodology periods, standings, official-file merge."""

import pandas as pd
import pytest

from kzbrief import datasets
from kzbrief.analysis import press_freedom as pf
from kzbrief.report import ordinal

from conftest import DATA


def _rows(records):
    columns = ["index", "edition", "year", "country", "iso3", "rank", "n_ranked", "score",
               "score_direction", "method", "source_id"]
    return pd.DataFrame(records, columns=columns)


TABLE = _rows([
    ("RSF", "2010", 2010, "Kazakhstan", "KAZ", 162, 178, 68.5, "lower_is_better", "rsf-2002-2012", "s10"),
    ("RSF", "2010", 2010, "Russia", "RUS", 140, 178, 49.9, "lower_is_better", "rsf-2002-2012", "s10"),
    ("RSF", "2011-2012", 2012, "Kazakhstan", "KAZ", 154, 179, 77.5, "lower_is_better", "rsf-2002-2012", "s12"),
    ("RSF", "2011-2012", 2012, "Russia", "RUS", 142, 179, 66.0, "lower_is_better", "rsf-2002-2012", "s12"),
    ("RSF", "2011-2012", 2012, "China", "CHN", 174, 179, 136.0, "lower_is_better", "rsf-2002-2012", "s12"),
    ("RSF", "2013", 2013, "Kazakhstan", "KAZ", 160, 179, 55.08, "lower_is_better", "rsf-2013-2021", "s13"),
    ("RSF", "2022", 2022, "Kazakhstan", "KAZ", 122, 180, 48.28, "higher_is_better", "rsf-2022", "s22"),
    ("RSF", "2022", 2022, "Russia", "RUS", 155, 180, 38.82, "higher_is_better", "rsf-2022", "s22"),
])


def test_rank_percentile_accounts_for_the_number_ranked():
    assert pf.rank_percentile(pd.Series([154, 90]), pd.Series([179, 180])).tolist() == [86.0, 50.0]


def test_select_filters_countries_and_years_and_adds_percentiles():
    rows = pf.select(TABLE, ["KAZ"], 2012, 2021)
    assert rows["edition"].tolist() == ["2011-2012", "2013"]
    assert rows["rank_percentile"].tolist() == [86.0, 89.4]


def test_methodology_periods_and_breaks():
    rows = pf.select(TABLE, ["KAZ", "RUS", "CHN"], 2000, 2030)
    periods = pf.method_periods(rows)
    assert [(p.method, p.first_year, p.last_year) for p in periods] == [
        ("rsf-2002-2012", 2010, 2012), ("rsf-2013-2021", 2013, 2013), ("rsf-2022", 2022, 2022)]
    assert pf.breaks(rows) == [2013, 2022]
    assert pf.breaks(pf.select(TABLE, ["KAZ"], 2000, 2012)) == []


def test_standing_within_the_group():
    rows = pf.select(TABLE, ["KAZ", "RUS", "CHN"], 2000, 2030)
    reference = pf.standing(rows, "KAZ", "2011-2012")
    assert (reference.rank, reference.n_ranked, reference.position_in_group, reference.group_size) == (154, 179, 2, 3)
    assert pf.standing(rows, "CHN", "2022") is None


def test_first_and_latest_and_change_in_words():
    rows = pf.select(TABLE, ["KAZ", "RUS"], 2000, 2030)
    first, latest = pf.first_and_latest(rows, "KAZ")
    assert (first.edition, latest.edition) == ("2010", "2022")
    assert pf.describe_change(first, latest) == (
        "40 places higher (percentile 91 to 67.8, with 180 countries ranked instead of 178)")
    same = pf.standing(rows, "KAZ", "2010")
    assert pf.describe_change(same, same).startswith("at the same rank")


def test_the_booklet_comparison_is_computed_not_typed():
    rows = pf.select(TABLE, ["KAZ", "RUS", "CHN"], 2000, 2030)
    compared = pf.compare_in_edition(rows, "KAZ", "2011-2012").set_index("iso3")["relation"]
    assert compared.to_dict() == {"RUS": "behind", "KAZ": "focus", "CHN": "ahead of"}


def test_rank_table_orders_columns_and_keeps_gaps():
    rows = pf.select(TABLE, ["KAZ", "RUS", "CHN"], 2000, 2030)
    table = pf.rank_table(rows, ["KAZ", "RUS", "CHN"])
    assert list(table.columns) == ["edition", "of", "KAZ", "RUS", "CHN"]
    assert pd.isna(table.set_index("edition").loc["2013", "RUS"])


def test_official_files_are_merged_over_the_curated_table(tmp_path, tiny_data):
    header = ("Year (N);ISO;Rank N;Score N;Score N without the exactions;Score N with the exactions;Score exactions;"
              "Rank N-1;Score N-1;Rank evolution;FR_country;EN_country;ES_country;AR_country;FA_country;Zone")
    (tmp_path / "2027.csv").write_text(
        header + "\n2027;KAZ;101;50;;;;;;;Kazakhstan;Kazakhstan;x;x;x;EEAC\n", encoding="utf-8")
    tables = datasets.load_all(tiny_data)
    merged, sources = pf.with_official_files(tables["press_freedom"], tables["sources"], tmp_path)
    assert merged.set_index(["edition", "iso3"]).loc[("2027", "KAZ"), "rank"] == 101
    assert "rsf-wpfi-2027" in set(sources["source_id"])
    unchanged, _ = pf.with_official_files(tables["press_freedom"], tables["sources"], tmp_path / "absent")
    assert len(unchanged) == len(tables["press_freedom"])


@pytest.mark.parametrize("n, text", [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"),
                                     (12, "12th"), (13, "13th"), (21, "21st"), (142, "142nd"), (113, "113th")])
def test_ordinals(n, text):
    assert ordinal(n) == text


def test_real_data_reproduces_the_booklet_sentence():
    rows = pf.select(datasets.load_press_freedom(DATA), ["KAZ", "RUS", "BLR", "CHN"], 2002, 2030)
    compared = pf.compare_in_edition(rows, "KAZ", "2011-2012").set_index("iso3")
    assert compared["rank"].to_dict() == {"RUS": 142, "KAZ": 154, "BLR": 168, "CHN": 174}
    assert compared["relation"].to_dict() == {"RUS": "behind", "KAZ": "focus", "BLR": "ahead of", "CHN": "ahead of"}


def test_scores_are_described_per_methodology_period_first_and_last():
    rows = pd.DataFrame({
        "iso3": ["KAZ"] * 4 + ["RUS"], "year": [2010, 2012, 2013, 2022, 2013],
        "edition": ["2010", "2011-2012", "2013", "2022", "2013"], "score": [50.5, 60.0, 55.25, 48.0, 40.0],
        "method": ["a", "a", "b", "c", "b"],
    })
    periods = pf.method_periods(rows)
    assert pf.describe_scores(rows, "KAZ", periods) == (
        "2010–2012: 50.5 in 2010 to 60 in 2011-2012; 2013: 55.25 in 2013; 2022: 48 in 2022")
