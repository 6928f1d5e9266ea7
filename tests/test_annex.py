"""The data annex: the tables a reader may check, as a spreadsheet, CSV files and one HTML page."""

import csv

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from conftest import DATA
from kzbrief import config, datasets
from kzbrief.analysis import sentencing as sn
from kzbrief.pipeline import annex

RECORD = {
    "title": "A briefing",
    "cut_off": "documents published up to 5 Jan 2023",
    "date": "2026-01-02",
    "version": "0.1.0 (abc1234)",
    "data": "19 files in the data folder, fingerprint 0123456789ab",
    "parameters": {"term_unit": "months"},
}
# Sheet -> the data table it holds row for row.
ROWS_OF = {
    "Events": "events",
    "People and groups": "cases",
    "Decisions": "sentences",
    "Later statuses": "statuses",
    "Torture allegations": "torture_allegations",
    "Charges": "charges",
    "Claims": "casualty_estimates",
    "Press freedom": "press_freedom",
    "Sources": "sources",
}


def staged(data_dir, out_dir) -> dict:
    """The annex of `data_dir`, staged in `out_dir` and renamed as a build publishes it."""
    out_dir.mkdir(exist_ok=True)
    for name, path in annex.stage(data_dir, out_dir, RECORD).items():
        path.rename(out_dir / name)
    return {name: out_dir / name for name in annex.NAMES}


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    return staged(DATA, tmp_path_factory.mktemp("annex"))


def sheet_rows(book, name: str) -> list[list]:
    return [list(row) for row in book[name].iter_rows(values_only=True)]


def test_every_sheet_holds_its_data_table_with_readable_headers(real):
    book = load_workbook(real[annex.XLSX_NAME])
    tables = datasets.load_all(DATA)
    assert book.sheetnames == ["README", *(sheet.name for sheet in annex.SHEETS)]
    for sheet in annex.SHEETS:
        rows = sheet_rows(book, sheet.name)
        assert rows[0] == [column.header for column in sheet.columns], sheet.name
        assert not any("_" in header for header in rows[0]), "headers are words, not the data's column names"
        expected = {
            "Releases": len(sn.releases(tables["cases"], tables["sentences"])),
            # documented conflicts, and any the data shows that no row describes
            "Conflicts": max(len(tables["conflicts"]), len(rows) - 1),
        }.get(sheet.name)
        assert len(rows) - 1 == (expected or len(tables[ROWS_OF[sheet.name]])), sheet.name
        assert len(rows) > 1, sheet.name


def test_every_row_names_its_document_readably_and_every_document_is_in_sources(real):
    book = load_workbook(real[annex.XLSX_NAME])
    sources = {row[0]: row for row in sheet_rows(book, "Sources")[1:]}
    assert all(row[2] for row in sources.values()), "every source has a title"
    labels = datasets.load_all(DATA)["sources"].set_index("source_id")["label"].dropna().to_dict()
    for sheet in annex.SHEETS[:-1]:
        rows = sheet_rows(book, sheet.name)
        if sheet.name == "Conflicts":  # several documents per row: each id is in Sources
            column = rows[0].index("source ids")
            assert all(i in sources for row in rows[1:] for i in row[column].split("; ")), sheet.name
            continue
        cited, ids = rows[0].index("source"), rows[0].index("source id")
        for row in rows[1:]:
            assert row[ids] in sources, (sheet.name, row[ids])
            publisher, date = sources[row[ids]][1], str(sources[row[ids]][3])
            name = labels.get(row[ids]) or publisher  # a short label where the data give one ('IWPR')
            assert row[cited] == f"{name} ({date[:4]})", (sheet.name, row)


def test_the_readme_says_what_each_sheet_and_column_holds_and_records_the_build(real):
    rows = sheet_rows(load_workbook(real[annex.XLSX_NAME]), "README")
    said = {(part, name): text for part, name, text in rows[1:]}
    assert said[("annex", "data cut-off")] == RECORD["cut_off"]
    assert said[("build", "built")] == RECORD["date"] and said[("build", "version")] == RECORD["version"]
    assert "fingerprint 0123456789ab" in said[("build", "data")]
    assert said[("build", "parameters")] == "changed from the defaults: term_unit = months"
    for sheet in annex.SHEETS:
        assert said[("sheet", sheet.name)].startswith(sheet.about)
        for column in sheet.columns:
            assert said[("column", f"{sheet.name}: {column.header}")] == column.meaning
    markdown = (real[annex.CSV_DIR] / annex.README_FILE).read_text(encoding="utf-8")
    assert "fingerprint 0123456789ab" in markdown and all(f"**{s.name}**" in markdown for s in annex.SHEETS)


def test_the_csv_files_hold_the_sheets(real):
    book = load_workbook(real[annex.XLSX_NAME])
    for sheet in annex.SHEETS:
        text = (real[annex.CSV_DIR] / f"{sheet.file}.csv").read_text(encoding="utf-8")
        as_csv = list(csv.reader(text.splitlines()))
        as_sheet = [["" if v is None else str(v) for v in row] for row in sheet_rows(book, sheet.name)]
        assert as_csv == as_sheet, sheet.name


def test_the_html_page_has_a_captioned_table_per_sheet(real):
    page = BeautifulSoup(real[annex.HTML_NAME].read_text(encoding="utf-8"), "html.parser")
    tables = page.select("table")
    assert [t.find_parent("section").h2.get_text() for t in tables] == [s.name for s in annex.SHEETS]
    for table, sheet in zip(tables, annex.SHEETS):
        assert table.caption.get_text().startswith(sheet.about)
        assert [th.get_text() for th in table.select("thead th")] == [c.header for c in sheet.columns]
        assert table.find_parent("section").h2["id"] == sheet.file  # the briefing links to annex.html#<file>
    assert "fingerprint 0123456789ab" in page.get_text()


def test_codes_are_in_words_and_legal_codes_by_name(real):
    book = load_workbook(real[annex.XLSX_NAME])
    rows = sheet_rows(book, "Charges")
    codes = {row[rows[0].index("legal code")] for row in rows[1:]}
    assert codes <= {*config.load(DATA).legal_codes.values(), "unknown"} and codes
    decisions = sheet_rows(book, "Decisions")
    assert "first instance" in {row[decisions[0].index("stage")] for row in decisions[1:]}


def test_data_text_stays_text_in_every_file(tiny_data, tmp_path):
    """Markup or a formula in the data is shown as text: never an element in the page, never a
    formula in the spreadsheet."""
    hostile, formula = "<script>alert(1)</script>", '=HYPERLINK("http://x")'
    cases = tiny_data / "cases.csv"
    text = cases.read_text(encoding="utf-8").replace("John Example", hostile).replace("Name with Kazakh", formula)
    cases.write_text(text, encoding="utf-8")
    files = staged(tiny_data, tmp_path / "out")
    page = files[annex.HTML_NAME].read_text(encoding="utf-8")
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    book = load_workbook(files[annex.XLSX_NAME])
    cells = [cell for row in book["People and groups"].iter_rows() for cell in row]
    assert hostile in [c.value for c in cells]
    written = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=HYPERLINK")]
    assert written and all(c.data_type == "s" for c in written)


def test_two_annexes_of_the_same_data_are_byte_identical(tiny_data, tmp_path):
    first, second = staged(tiny_data, tmp_path / "a"), staged(tiny_data, tmp_path / "b")
    for name in (annex.XLSX_NAME, annex.HTML_NAME):
        assert first[name].read_bytes() == second[name].read_bytes(), name
    for path in first[annex.CSV_DIR].iterdir():
        assert path.read_bytes() == (second[annex.CSV_DIR] / path.name).read_bytes(), path.name


def test_a_failure_while_writing_leaves_nothing_staged(tiny_data, tmp_path, monkeypatch):
    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(annex, "write_csvs", disk_full)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(OSError, match="No space"):
        annex.stage(tiny_data, out, RECORD)
    assert list(out.iterdir()) == []


def test_every_long_table_of_the_briefing_points_to_a_sheet():
    assert set(annex.TABLE_SHEETS.values()) <= set(annex.BY_NAME)
    assert all(len(sheet.name) <= 31 for sheet in annex.SHEETS), "Excel's limit"
