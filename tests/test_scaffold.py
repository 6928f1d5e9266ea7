"""`python -m kzbrief new`: a data folder for another country, ready to fill in, that holds the
country's and its comparators' press-freedom rows and validates but for the tables to fill."""

import csv
import time

import pytest
from pypdf import PdfReader

from conftest import DATA, build_by_command
from kzbrief import config
from kzbrief.__main__ import main
from kzbrief.checks.rules import EMPTY_TABLE_RULE
from kzbrief.checks.schema import optional_columns, package_descriptor
from kzbrief.scaffold import ScaffoldError, new_folder
from kzbrief.validation import validate


def rows(path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "uzbekistan"
    new_folder(target, "Uzbekistan", "UZB", adjective="Uzbek", first_year=2016, compare=["KAZ", "KGZ"])
    return target


def test_every_table_is_written_with_the_schemas_header(folder):
    for resource in package_descriptor()["resources"]:
        with (folder / resource["path"]).open(encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        assert header == [field["name"] for field in resource["schema"]["fields"]], resource["path"]


def test_the_config_names_the_country_its_period_and_comparators(folder):
    settings = config.load(folder)
    assert (settings.country, settings.iso3, settings.adjective) == ("Uzbekistan", "UZB", "Uzbek")
    assert settings.title == "Political persecution in Uzbekistan"
    assert settings.first_year == 2016 and settings.comparison_countries == ("KAZ", "KGZ")


def test_both_press_freedom_series_come_with_the_sources_they_cite(folder):
    press = rows(folder / "press_freedom.csv")
    assert {row["iso3"] for row in press} == {"UZB", "KAZ", "KGZ"}
    assert {row["index"] for row in press} == {"RSF", "FH-FOTP"}
    project = [r for r in rows(DATA / "press_freedom.csv") if r["iso3"] in {"UZB", "KAZ", "KGZ"}]
    assert len(press) == len(project)  # every row of the project's data for these countries, nothing more
    cited = {row["source_id"] for row in press}
    assert cited == {row["source_id"] for row in rows(folder / "sources.csv")}


def test_the_folder_is_valid_but_for_the_tables_to_fill_in(folder):
    problems = validate(folder)
    assert {p.rule for p in problems} == {EMPTY_TABLE_RULE}
    assert sorted(p.file.rsplit("/", 1)[-1] for p in problems) == [
        "cases.csv",
        "casualty_estimates.csv",
        "events.csv",
        "sentences.csv",
    ]


def test_the_readme_gives_the_order_to_fill_in_and_the_templates_folder_is_ready(folder):
    readme = (folder / "README.md").read_text(encoding="utf-8")
    steps = ["briefing.yml", "sources.csv", "events.csv", "casualty_estimates.csv", "cases.csv", "press_freedom.csv"]
    assert [readme.index(f"**`{name}`") for name in steps] == sorted(readme.index(f"**`{name}`") for name in steps)
    assert (folder / "templates" / "README.md").is_file()


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"iso3": "uz"}, "'uz' is not an ISO 3166-1 alpha-3 country code"),
        ({"compare": ["XXQ"]}, "no press-freedom rows for XXQ in the project's data; give --rsf-dir"),
        ({"country": " "}, "--country needs the country's name"),
    ],
)
def test_a_bad_request_writes_nothing_and_says_why(tmp_path, kwargs, message):
    target = tmp_path / "new"
    arguments = {"country": "Uzbekistan", "iso3": "UZB"} | kwargs
    with pytest.raises(ScaffoldError, match=message.replace("(", r"\(")):
        new_folder(target, arguments.pop("country"), arguments.pop("iso3"), **arguments)
    assert not target.exists()


def test_a_folder_with_anything_in_it_is_never_written_over(tmp_path, capsys):
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("keep me", encoding="utf-8")
    assert main(["new", str(target), "--country", "Uzbekistan", "--iso3", "UZB"]) == 1
    assert "already exists and is not an empty folder; nothing was written" in capsys.readouterr().err
    assert [p.name for p in target.iterdir()] == ["notes.txt"]


def test_the_command_line_says_what_to_fill_in_first(tmp_path, capsys):
    target = tmp_path / "new"
    assert main(["new", str(target), "--country", "Uzbekistan", "--iso3", "uzb", "--compare", "KAZ"]) == 0
    out = capsys.readouterr().out
    assert f"next steps are in {target / 'README.md'}" in out
    assert "To fill in before the first build: cases.csv, casualty_estimates.csv, events.csv, sentences.csv" in out


FIRST_ROWS = {
    "sources.csv": "monitor-2024,Example Monitor,Report on the trials,2024-05,https://example.org/r,ngo,,",
    "events.csv": "protest-2024,Spring protests,2024-03-01,2024-03-02,Tashkent,UZB,Protests over prices.,monitor-2024",
    "cases.csv": "doe-jane,Jane Doe,1,false,,journalist,protest-2024,Doe trial 2024,,Tashkent,not_guilty,unknown,"
    "monitor-2024,",
    "sentences.csv": "doe-jane,first_instance,2024-05-02,custodial,5,5,years,,monitor-2024,",
    "casualty_estimates.csv": "detained-monitor,protest-2024,detained,120,,at_least,Example Monitor,ngo,2024-03-05,"
    "at least 120 people were detained,monitor-2024,",
}


@pytest.mark.e2e
def test_from_scaffold_to_a_first_briefing(tmp_path):
    """The path a researcher takes: new folder, one row in each table to fill, build. The briefing
    is about the new country and carries none of the project's own country's words."""
    started = time.perf_counter()
    target = tmp_path / "uzbekistan"
    new_folder(target, "Uzbekistan", "UZB", adjective="Uzbek", first_year=2016, compare=["KAZ", "KGZ"])
    for name, line in FIRST_ROWS.items():
        header = next(csv.reader((target / name).open(encoding="utf-8")))
        # the row gives the required columns in order; the optional ones the scaffold writes stay empty
        optional = optional_columns(name.removesuffix(".csv"))
        row = dict(zip([column for column in header if column not in optional], next(csv.reader([line]))))
        with (target / name).open("a", encoding="utf-8", newline="") as handle:
            csv.DictWriter(handle, header, restval="", lineterminator="\n").writerow(row)
    assert validate(target) == []
    out = tmp_path / "build"
    done = build_by_command(target, out)
    assert done.returncode == 0, done.stderr[-2000:]
    text = " ".join("\n".join(page.extract_text() for page in PdfReader(out / "briefing.pdf").pages).split())
    assert "Political persecution in Uzbekistan" in text and "Jane Doe" in text
    assert "Open Dialog" not in text and "Zhanaozen" not in text
    print(f"scaffold to first PDF: {time.perf_counter() - started:.1f} s")
