"""The RSF importer reads every format variant RSF has published, and reproduces the curated table."""

import pandas as pd
import pytest

from conftest import DATA
from kzbrief import datasets
from kzbrief.rsf_import import (
    RSFFormatError,
    edition_label,
    merge_over,
    read_official_file,
    read_official_folder,
    source_rows,
)

OLD_HEADER = (
    "Year (N);ISO;Rank N;Score N;Score N without the exactions;Score N with the exactions;"
    "Score exactions;Rank N-1;Score N-1;Rank evolution;FR_country;EN_country;ES_country;AR_country;FA_country;Zone"
)


def _old_layout(edition, rows):
    lines = [OLD_HEADER] + [
        f"{edition};{iso};{rank};{score};;;;;;;{name};{name};{name};x;y;EEAC" for iso, rank, score, name in rows
    ]
    return lines


def test_2011_12_edition_with_bom_crlf_decimal_commas_and_ties(tmp_path):
    lines = _old_layout(
        "2011-12", [("FIN", 1, "-10", "Finland"), ("NOR", 2, "-10", "Norway"), ("KAZ", 3, "77,5", "Kazakhstan")]
    )
    path = tmp_path / "2012.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode("utf-8") + b"\r\n")
    rows = read_official_file(path).set_index("iso3")
    assert rows.loc["NOR", "rank"] == 1, "tied scores share the best rank"
    assert rows.loc["KAZ", "score"] == 77.5
    assert rows.loc["KAZ", "edition"] == "2011-2012" and rows.loc["KAZ", "year"] == 2012
    assert rows.loc["KAZ", "method"] == "rsf-2002-2012"
    assert rows.loc["KAZ", "score_direction"] == "lower_is_better"
    assert rows.loc["KAZ", "n_ranked"] == 3
    assert rows.loc["KAZ", "source_id"] == "rsf-wpfi-2011-2012"


def test_2013_to_2021_download_scores_are_turned_back_into_published_scores(tmp_path):
    path = tmp_path / "2021.csv"
    path.write_text(
        "\n".join(_old_layout("2021", [("NOR", 1, "93,28", "Norway"), ("KAZ", 2, "49,72", "Kazakhstan")])),
        encoding="utf-8-sig",
    )
    rows = read_official_file(path).set_index("iso3")
    assert rows.loc["KAZ", "score"] == pytest.approx(50.28)
    assert rows.loc["KAZ", "rank"] == 2
    assert rows.loc["KAZ", "method"] == "rsf-2013-2021"


def test_2022_layout_with_cr_cr_lf_line_endings(tmp_path):
    header = (
        "ISO;Score;Rank;Political Context;Rank_Pol;Economic Context;Rank_Eco;Legal Context;Rank_Leg;"
        "Social Context;Rank_Soc;Safety;Rank_Saf;Zone;Country_EN;Country_FR;Country_ES;Country_AR;Country_FA;"
        "Year (N);Rank N-1;Rank evolution"
    )
    row = "KAZ;48,28;122;1;1;1;1;1;1;1;1;1;1;Europe - Asie centrale;Kazakhstan;Kazakhstan;Kazajistán;x;y;2022;155;33"
    path = tmp_path / "2022.csv"
    path.write_bytes(b"\xef\xbb\xbf" + f"{header}\r\r\n{row}\r\r\n".encode())
    rows = read_official_file(path)
    assert len(rows) == 1
    assert rows.loc[0, "score"] == 48.28 and rows.loc[0, "rank"] == 122
    assert rows.loc[0, "method"] == "rsf-2022" and rows.loc[0, "score_direction"] == "higher_is_better"


@pytest.mark.parametrize("score_column", ["Score", "Score 2025"])
def test_2023_onwards_layout_in_windows_1252(tmp_path, score_column):
    header = (
        f"ISO;{score_column};Rank;Political Context;Rank_Pol;Economic Context;Rank_Eco;Legal Context;Rank_Leg;"
        "Social Context;Rank_Soc;Safety;Rank_Saf;Zone;Country_FR;Country_EN;Country_ES;Country_PT;Country_AR;"
        "Country_FA;Year (N);Rank N-1;Rank evolution;Score N-1;Score evolution"
    )
    rows_text = [
        "FIN;87,18;5;1;1;1;1;1;1;1;1;1;1;UE Balkans;Finlande;Finland;Finlandia;Finlândia ;??;??;2025;5;0;86,55;0,63",
        "CIV;65,487;60;1;1;1;1;1;1;1;1;1;1;Afrique;Côte d'Ivoire;Côte d'Ivoire ;Costa;Costa ;??;??;2025;60;0;1;1",
    ]
    path = tmp_path / "2025.csv"
    path.write_bytes(("\n".join([header] + rows_text) + "\n").encode("cp1252"))
    rows = read_official_file(path).set_index("iso3")
    assert rows.loc["CIV", "country"] == "Côte d'Ivoire", "decoded as cp1252 and stripped"
    assert rows.loc["CIV", "score"] == 65.487, "RSF's three-decimal tie-breakers are kept"
    assert rows.loc["FIN", "year"] == 2025


def test_comma_separated_converted_copy_reads_the_same(tmp_path):
    semicolon = tmp_path / "a" / "2012.csv"
    comma = tmp_path / "b" / "2012.csv"
    semicolon.parent.mkdir(), comma.parent.mkdir()
    lines = _old_layout("2011-12", [("KAZ", 1, "77,5", "Kazakhstan"), ("RUS", 2, "66", "Russia")])
    semicolon.write_text("\n".join(lines), encoding="utf-8")
    comma.write_text("\n".join(line.replace(",", ".").replace(";", ",") for line in lines), encoding="utf-8")
    pd.testing.assert_frame_equal(read_official_file(semicolon), read_official_file(comma))


def test_a_file_without_the_needed_columns_is_named_in_the_error(tmp_path):
    path = tmp_path / "2030.csv"
    path.write_text("ISO;Points\nKAZ;3\n", encoding="utf-8")
    with pytest.raises(RSFFormatError, match=r"2030.csv: no column for rank, score"):
        read_official_file(path)


def test_empty_file_is_an_error(tmp_path):
    path = tmp_path / "2030.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(RSFFormatError, match="empty"):
        read_official_file(path)


def test_non_numeric_rank_names_the_row(tmp_path):
    path = tmp_path / "2010.csv"
    path.write_text(
        "\n".join(_old_layout("2010", [("KAZ", 1, "3", "Kazakhstan"), ("RUS", "n/a", "4", "Russia")])), encoding="utf-8"
    )
    with pytest.raises(RSFFormatError, match="row 3"):
        read_official_file(path)


def test_edition_labels():
    assert edition_label("2011-12") == ("2011-2012", 2012)
    assert edition_label("2013") == ("2013", 2013)
    with pytest.raises(ValueError):
        edition_label("next year")


def test_merge_over_replaces_same_edition_and_keeps_the_rest(tiny_data, tmp_path):
    curated = datasets.load_table("press_freedom", tiny_data)
    path = tmp_path / "2012.csv"
    path.write_text("\n".join(_old_layout("2011-12", [("KAZ", 150, "70", "Kazakhstan")])), encoding="utf-8")
    merged = merge_over(curated, read_official_file(path))
    kaz_2012 = merged[(merged["iso3"] == "KAZ") & (merged["edition"] == "2011-2012")]
    assert len(kaz_2012) == 1 and kaz_2012["rank"].iloc[0] == 150
    assert len(merged) == len(curated)
    assert set(merged["edition"]) == set(curated["edition"])


def test_source_rows_name_each_edition():
    rows = source_rows(["2011-2012", "2013"])
    assert list(rows["source_id"]) == ["rsf-wpfi-2011-2012", "rsf-wpfi-2013"]
    assert set(rows["source_type"]) == {"index"}
    assert rows["url"].iloc[0].endswith("/2012.csv")


# --- the real RSF files, when they are beside the project ---------------------------------


@pytest.mark.parametrize("form", ["raw", "official"])
def test_real_files_reproduce_the_curated_table(rsf_reference, form):
    curated = datasets.load_table("press_freedom", DATA)
    curated = curated[curated["index"] == "RSF"].reset_index(drop=True)  # Freedom House rows are another series
    imported = read_official_folder(rsf_reference / form, sorted(curated["iso3"].unique()))
    key = ["edition", "iso3"]
    both = curated.merge(imported, on=key, suffixes=("", "_imported"))
    assert len(both) == len(curated) == len(imported)
    for column in ("rank", "n_ranked", "year", "method", "score_direction", "source_id"):
        assert (both[column].astype(str) == both[f"{column}_imported"].astype(str)).all(), column
    assert ((both["score"] - both["score_imported"]).abs() < 1e-9).all()


def test_real_files_agree_with_the_derived_reference_table(rsf_reference):
    reference = pd.read_csv(rsf_reference / "kazakhstan_and_peers.csv")
    imported = read_official_folder(rsf_reference / "raw", sorted(reference["iso"].unique()))
    both = imported.merge(
        reference, left_on=["year", "iso3"], right_on=["year_label", "iso"], suffixes=("", "_reference")
    )
    assert len(both) == len(reference)
    assert (both["rank"] == both["rank_shared_ties"]).all()
    assert ((both["score"] - both["score_as_originally_published"]).abs() < 1e-6).all()


def test_every_real_file_reads(rsf_reference):
    for path in sorted((rsf_reference / "raw").glob("*.csv")):
        rows = read_official_file(path)
        assert len(rows) >= 139 and rows["rank"].between(1, rows["n_ranked"].iloc[0]).all(), path.name


def test_booklet_statement_is_reproducible_from_the_curated_table():
    """Open Dialog's 2012 booklet: Kazakhstan 154th, Russia 142nd, Belarus 168th, China 174th (2011-2012)."""
    table = datasets.load_table("press_freedom", DATA)
    edition = table[table["edition"] == "2011-2012"].set_index("iso3")["rank"]
    assert edition[["KAZ", "RUS", "BLR", "CHN"]].tolist() == [154, 142, 168, 174]


def test_curated_table_covers_every_edition_for_kazakhstan_and_the_peers():
    table = datasets.load_table("press_freedom", DATA)
    peers = {"KAZ", "RUS", "BLR", "CHN", "KGZ", "UZB", "TJK", "TKM", "AZE", "UKR", "POL", "DEU"}
    assert peers <= set(table["iso3"])
    per_country = table.groupby("iso3")["edition"].nunique()
    assert (per_country[list(peers)] == table["edition"].nunique()).all()
    assert table["edition"].nunique() >= 24


def test_every_real_file_validates_in_raw_rsf(rsf_reference, tiny_data):
    """The official files, ties and all, pass the raw/rsf checks: no false alarm on real data."""
    from kzbrief.validation import validate

    folder = tiny_data / "raw" / "rsf"
    folder.mkdir(parents=True)
    for path in (rsf_reference / "raw").glob("*.csv"):
        (folder / path.name).write_bytes(path.read_bytes())
    assert validate(tiny_data) == []


def test_infinite_score_names_the_row(tmp_path):
    path = tmp_path / "2010.csv"
    path.write_text(
        "\n".join(_old_layout("2010", [("KAZ", 1, "3", "Kazakhstan"), ("RUS", 2, "INF", "Russia")])), encoding="utf-8"
    )
    with pytest.raises(RSFFormatError, match=r"2010.csv, row 3: rank or score is not a number") as caught:
        read_official_file(path)
    assert (caught.value.row, caught.value.rule.startswith("rank or score")) == (3, True)


def test_malformed_country_code_names_row_and_column(tmp_path):
    path = tmp_path / "2010.csv"
    path.write_text(
        "\n".join(_old_layout("2010", [("KAZ", 1, "3", "Kazakhstan"), ("r u", 2, "4", "Russia")])), encoding="utf-8"
    )
    with pytest.raises(RSFFormatError) as caught:
        read_official_file(path)
    assert (caught.value.row, caught.value.column) == (3, "ISO")
    assert "country code 'r u' must be 3 to 5 capital letters" in str(caught.value)


@pytest.mark.parametrize("make", [lambda p: p / "missing", lambda p: p / "empty"], ids=["missing", "empty"])
def test_import_from_a_missing_or_empty_folder_is_one_error_and_writes_nothing(tmp_path, capsys, make):
    from kzbrief.__main__ import main

    (tmp_path / "empty").mkdir()
    out = tmp_path / "press_freedom.csv"
    out.write_text("kept\n")
    assert main(["import-rsf", str(make(tmp_path)), "--out", str(out)]) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {make(tmp_path)} ")
    assert out.read_text() == "kept\n"


def test_a_fifo_named_like_an_edition_is_refused_without_blocking(tmp_path):
    import os
    import threading

    os.mkfifo(tmp_path / "2025.csv")
    outcome = []

    def read():
        try:
            read_official_folder(tmp_path)
        except RSFFormatError as exc:
            outcome.append(str(exc))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert outcome == [f"{tmp_path / '2025.csv'}: is not a regular file"]


def _raw_rsf_cases():
    from hostile_corpus import CASES

    return [
        pytest.param(case, id=case.name, marks=[pytest.mark.hostile] if number else [])
        for number, case in enumerate(
            c for c in CASES if c.expected and all(e[0].startswith("raw/rsf/") for e in c.expected)
        )
    ]


@pytest.mark.parametrize("case", _raw_rsf_cases())
def test_import_rsf_refuses_what_validate_refuses_and_writes_nothing(case, tmp_path, capsys):
    from conftest import ROOT
    from hostile_corpus import build
    from kzbrief.__main__ import main

    data = build(case, tmp_path, ROOT / "src" / "kzbrief" / "schema" / "datapackage.json")
    out = tmp_path / "press_freedom.csv"
    out.write_text("kept\n")
    argv = ["import-rsf", str(data / "raw" / "rsf"), "--data-dir", str(data), "--countries", "--out", str(out)]
    assert main(argv) == 1
    err = capsys.readouterr().err
    for file, row, _column, rule in case.expected:
        where = f"rsf/{file.removeprefix('raw/rsf/')}" + (f", row {row}" if row else "")
        assert any(line.startswith(where) and rule in line for line in err.splitlines()), err
    assert out.read_text() == "kept\n"
