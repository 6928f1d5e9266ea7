"""Freedom House's Freedom of the Press: a second series beside RSF's, with its own scale,
direction and method, never merged with RSF; its importer and its rules."""

import shutil
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from conftest import DATA, SHARED_REFERENCE
from kzbrief import datasets
from kzbrief.__main__ import main as cli
from kzbrief.analysis import freedom_house as fh
from kzbrief.analysis import press_freedom as pf
from kzbrief.chapters import summary
from kzbrief.fotp_import import FOTPFormatError, names_to_iso3, read_fotp
from kzbrief.plots import freedom_house_scores, legibility
from kzbrief.render import Text
from kzbrief.validation import validate

REFERENCE = SHARED_REFERENCE / "freedom_house" / "fotp_2001_2014.csv"
PEERS = ["RUS", "BLR", "CHN", "KGZ", "UZB", "TJK", "TKM", "AZE", "UKR", "POL", "DEU"]


@pytest.mark.parametrize(
    "score, status",
    [(0, "Free"), (30, "Free"), (31, "Partly Free"), (60, "Partly Free"), (61, "Not Free"), (100, "Not Free")],
)
def test_freedom_houses_bands(score, status):
    assert fh.status(score) == status


def test_rsf_results_never_include_freedom_house_rows():
    table = datasets.load_table("press_freedom", DATA)
    assert set(table["index"]) == {"RSF", "FH-FOTP"}
    rows, _, _ = pf.comparison(table, "KAZ", PEERS, 2002, None)
    assert set(rows["index"]) == {"RSF"}
    rsf_only = table[table["index"] == "RSF"]
    assert rows.equals(pf.comparison(rsf_only, "KAZ", PEERS, 2002, None)[0])
    # The key findings' 'what the evidence shows' counts RSF's editions only.
    tables = datasets.load_all(DATA)
    params = {"data_dir": str(DATA), "start_year": 2002, "end_year": None, "events": []}
    facts = summary.compute(tables, params)
    assert facts.period.index_editions.value == rsf_only["edition"].nunique() < table["edition"].nunique()
    text = Text(DATA, tables["sources"])
    known = text.html("summary/known.md", facts)
    assert f"in each of {rsf_only['edition'].nunique()} editions of its index" in " ".join(
        BeautifulSoup(known, "html.parser").get_text().split()
    )
    assert known == text.html("summary/known.md", summary.compute({**tables, "press_freedom": rsf_only}, params))


def test_the_freedom_house_series_comes_from_the_data():
    table = datasets.load_table("press_freedom", DATA)
    rows = fh.series(table, ["KAZ", *PEERS], 2002, None)
    assert set(rows["index"]) == {"FH-FOTP"} and rows["rank"].isna().all()
    own = rows[rows["iso3"] == "KAZ"].sort_values("year")
    found = fh.summary(rows, "KAZ")
    assert (found.first_edition, found.last_edition) == (int(own["year"].iloc[0]), int(own["year"].iloc[-1]))
    assert (found.first_score, found.last_score) == (own["score"].iloc[0], own["score"].iloc[-1])
    assert found.statuses == ("Not Free",) and found.one_status
    assert fh.summary(rows, "XYZ") is None
    # the words: test_press_freedom_chapter (the chapter's Freedom House templates)


def test_a_changing_status_is_listed_in_order():
    rows = pd.DataFrame(
        {
            "iso3": ["X"] * 3,
            "year": [2002, 2003, 2004],
            "score": [55.0, 62.0, 70.0],
            "status": ["Partly Free", "Not Free", "Not Free"],
        }
    )
    found = fh.summary(rows, "X")
    assert found.statuses == ("Partly Free", "Not Free") and not found.one_status


def test_the_chart_is_legible_on_the_real_data():
    table = datasets.load_table("press_freedom", DATA)
    rows = fh.series(table, ["KAZ", *PEERS], 2002, None)
    names = table[table["index"] == "RSF"].groupby("iso3")["country"].last().to_dict()
    for narrow in (False, True):
        fig = freedom_house_scores(rows, "KAZ", names, narrow=narrow)
        assert legibility.problems(fig) == []


SAMPLE = """country,year.collected,year.reported,a,b,c,score,status
Arcadia,2001,2002,10,10,5,25,F
Arcadia,2002,2003,NA,NA,NA,NA,NA
Borduria,2001,2002,25,30,20,75,NF
Syldavia,2001,2002,12,12,12,36,PF
"""


def test_the_importer_maps_names_to_codes_and_counts_the_scored(tmp_path):
    source = tmp_path / "fotp.csv"
    source.write_text(SAMPLE)
    rows = read_fotp(source, {"Arcadia": "ARC", "Borduria": "BOR"})
    assert rows[["edition", "iso3", "score", "n_ranked"]].values.tolist() == [
        ["2002", "ARC", 25, 3],
        ["2002", "BOR", 75, 3],
    ]
    assert set(rows["index"]) == {"FH-FOTP"} and set(rows["method"]) == {"fh-fotp"} and rows["rank"].isna().all()
    assert list(read_fotp(source, {"Arcadia": "ARC", "Borduria": "BOR"}, ["BOR"])["iso3"]) == ["BOR"]
    source.write_text("name,score\nArcadia,25\n")
    with pytest.raises(FOTPFormatError, match="missing column"):
        read_fotp(source, {})


def test_names_come_from_the_rsf_rows():
    mapping = names_to_iso3(datasets.load_table("press_freedom", DATA))
    assert mapping["Kazakhstan"] == "KAZ" and mapping["Russia"] == "RUS"


@pytest.mark.skipif(not REFERENCE.is_file(), reason="the Freedom House reference file is not beside the project")
def test_the_data_match_freedom_houses_file(capsys, tmp_path):
    out = tmp_path / "rows.csv"
    assert cli(["import-fotp", str(REFERENCE), "--out", str(out)]) == 0
    imported = pd.read_csv(out, dtype=str, keep_default_na=False)
    ours = pd.read_csv(DATA / "press_freedom.csv", dtype=str, keep_default_na=False)
    ours = ours[ours["index"] == "FH-FOTP"].reset_index(drop=True)
    assert imported.equals(ours)


def edit_row(data: Path, index: int, **cells):
    table = pd.read_csv(data / "press_freedom.csv", dtype=str, keep_default_na=False)
    position = (
        table.index[table["index"] == "FH-FOTP"][index] if index >= 0 else table.index[table["index"] == "RSF"][0]
    )
    for column, value in cells.items():
        table.loc[position, column] = value
    table.to_csv(data / "press_freedom.csv", index=False, lineterminator="\n")
    return position + 2  # file row: header is row 1


@pytest.mark.parametrize(
    "cells, column, rule",
    [
        ({"rank": "5"}, "rank", "must be empty for index FH-FOTP (its data give no rank)"),
        ({"score": "101"}, "score", "must be between 0 and 100 for index FH-FOTP"),
        ({"method": "rsf-2013-2021"}, "method", "must be fh-fotp for index FH-FOTP"),
        (
            {"score_direction": "higher_is_better"},
            "score_direction",
            "must be lower_is_better for index FH-FOTP (higher = less free)",
        ),
    ],
)
def test_a_freedom_house_row_is_checked_by_its_own_rules(tmp_path, cells, column, rule):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    row = edit_row(data, 0, **cells)
    found = [p for p in validate(data) if p.file.endswith("press_freedom.csv")]
    assert [(p.row, p.column, p.rule) for p in found] == [(row, column, rule)]


def test_an_rsf_row_still_needs_its_rank(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    row = edit_row(data, -1, rank="")
    found = [p for p in validate(data) if p.file.endswith("press_freedom.csv")]
    assert [(p.row, p.column, p.rule) for p in found] == [(row, "rank", "is required for index RSF")]


@pytest.mark.parametrize(
    "line, problem",
    [
        ("Arcadia,2001,2002,90,90,70,250,NF", 'row 2, column "score": value "250": must be between 0 and 100'),
        ("Arcadia,9998,9999,10,10,5,25,F", 'row 2, column "year.reported": value "9999": is after this year'),
        ("Arcadia,2001,20x2,10,10,5,25,F", 'row 2, column "year.reported": value "20x2": must be a year'),
        ("=cmd|' /C calc'!A0,2001,2002,10,10,5,25,F", 'row 2, column "country": value "=cmd|\' /C calc\'!A0": starts'),
    ],
    ids=["score 250", "edition 9999", "edition not a year", "name a formula"],
)
def test_freedom_house_rows_pass_press_freedoms_rules(tmp_path, line, problem):
    """Freedom House's file is held to press_freedom.csv's rules, as the official RSF files are."""
    source = tmp_path / "fotp.csv"
    source.write_text(SAMPLE.splitlines()[0] + "\n" + line + "\n", encoding="utf-8")
    names = {"Arcadia": "ARC", "=cmd|' /C calc'!A0": "ARC"}
    with pytest.raises(FOTPFormatError) as raised:
        read_fotp(source, names)
    assert str(raised.value) == str(raised.value).strip() and len(str(raised.value).splitlines()) == 1
    assert str(raised.value).startswith(f"{source}, {problem}"), str(raised.value)
