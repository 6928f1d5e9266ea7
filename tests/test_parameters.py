"""Parameter overrides are typed like papermill's and checked against the notebooks' defaults."""

import pytest

from conftest import ROOT, TINY
from kzbrief.pipeline.parameters import (
    ParameterError,
    coerce,
    load_params_file,
    notebook_defaults,
    parse_assignment,
    parse_value,
    resolve,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("True", True),
        ("False", False),
        ("None", None),
        ("3", 3),
        ("0.5", 0.5),
        ("KAZ", "KAZ"),
        ("[KAZ, RUS]", ["KAZ", "RUS"]),
        ("[]", []),
        ("", ""),
        ("a: b: c", "a: b: c"),
    ],
)
def test_values_are_typed_like_papermill(text, expected):
    assert parse_value(text) == expected


def test_assignment_needs_a_name_and_equals_sign():
    assert parse_assignment("start_year=2011") == ("start_year", 2011)
    assert parse_assignment("events=[a-1, b-2]") == ("events", ["a-1", "b-2"])
    with pytest.raises(ParameterError, match="name=value"):
        parse_assignment("start_year")


def test_coerce_follows_the_default_type():
    assert coerce("end_year", 2015, 2030, "nb") == 2015
    assert coerce("ratio", 2, 0.5, "nb") == 2.0
    assert coerce("focus_country", 123, "KAZ", "nb") == "123"
    assert coerce("events", ("a",), [], "nb") == ["a"]
    assert coerce("anything", [1], None, "nb") == [1]


@pytest.mark.parametrize(
    "name, value",
    [("end_year", "soon"), ("end_year", [2015]), ("peers", 5), ("peers", "RUS"), ("reference_countries", 5)],
)
def test_a_parameter_whose_default_is_none_is_still_type_checked(name, value):
    with pytest.raises(ParameterError, match=f"parameter {name!r} of nb expects"):
        coerce(name, value, None, "nb")
    assert coerce(name, None, None, "nb") is None  # "not set" stays allowed


@pytest.mark.parametrize("value, default", [("2015", 2030), (True, 2030), ("x", True), ("KAZ", ["KAZ"]), (1.5, 3)])
def test_wrong_types_are_refused_with_a_clear_message(value, default):
    with pytest.raises(ParameterError, match="expects"):
        coerce("p", value, default, "01_x.ipynb")


def test_unknown_parameter_lists_the_valid_ones():
    with pytest.raises(ParameterError) as raised:
        resolve({"a.ipynb": {"data_dir": "x", "start_year": 1}}, {"start_yaer": 2})
    assert "start_yaer" in str(raised.value)
    assert "Valid parameters: data_dir, start_year" in str(raised.value)


@pytest.mark.parametrize("name, option", [("data_dir", "--data-dir"), ("figures_dir", "--figures-dir")])
def test_a_parameter_the_build_sets_is_refused_with_the_option_that_sets_it(name, option):
    with pytest.raises(ParameterError, match=f"^parameter {name} is set by the build, not by -p: use {option}$"):
        resolve({"a.ipynb": {"data_dir": "x", "figures_dir": ""}}, {name: "/elsewhere"})


def test_overrides_go_only_to_notebooks_that_declare_them():
    resolved = resolve({"a.ipynb": {"x": 1}, "b.ipynb": {"y": "s"}}, {"x": 5})
    assert resolved == {"a.ipynb": {"x": 5}, "b.ipynb": {}}


def test_notebook_defaults_are_read_from_the_parameters_cell():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        defaults = notebook_defaults(path)
        assert "data_dir" in defaults and "figures_dir" in defaults, path.name


def test_params_file(tmp_path):
    good = tmp_path / "p.yml"
    good.write_text("start_year: 2011\nevents: [zhanaozen-2011]\n")
    assert load_params_file(good) == {"start_year": 2011, "events": ["zhanaozen-2011"]}
    bad = tmp_path / "bad.yml"
    bad.write_text("- a\n- b\n")
    with pytest.raises(ParameterError, match="mapping"):
        load_params_file(bad)
    with pytest.raises(ParameterError, match="does not exist"):
        load_params_file(tmp_path / "missing.yml")


# --- parameter values checked against the data, before any kernel starts

import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from kzbrief import datasets  # noqa: E402
from kzbrief.pipeline.parameters import check_values  # noqa: E402


@pytest.fixture
def tiny_tables(tiny_data):
    return datasets.load_all(tiny_data)


DEFAULTS = {"start_year": None, "end_year": None}  # the notebooks: None is the first_year of briefing.yml


@pytest.mark.parametrize(
    "overrides, line",
    [
        (
            {"focus_country": "XYZ"},
            'parameter focus_country: "XYZ" is not a country code in press_freedom.csv; codes present: KAZ, RUS',
        ),
        (
            {"focus_country": "kaz"},
            'parameter focus_country: "kaz" is not a country code in press_freedom.csv; codes present: KAZ, RUS',
        ),
        (
            {"peers": ["RUS", "UZB"]},
            'parameter peers: "UZB" not country code(s) in press_freedom.csv; codes present: KAZ, RUS',
        ),
        (
            {"reference_countries": ["BLR"]},
            'parameter reference_countries: "BLR" not country code(s) in press_freedom.csv; codes present: KAZ, RUS',
        ),
        (
            {"reference_edition": "2012"},
            'parameter reference_edition: "2012" is not an edition in press_freedom.csv; '
            "editions present: 2011-2012, 2013, 2022",
        ),
        (
            {"events": ["strike-2011", "zhanaozen"]},
            'parameter events: "zhanaozen" not event_id(s) in events.csv; event ids present: strike-2011, protest-2016',
        ),
        (
            {"metrics": ["Killed"]},
            'parameter metrics: "Killed" not metric(s); metrics: killed, injured, wounded_by_gunfire, missing, '
            "detained, journalists_detained, arrested, administrative_arrests, administrative_liability, "
            "prosecuted, convicted, fined, amnestied, political_prisoners",
        ),
        (
            {"claimant_types": ["NGO"]},
            'parameter claimant_types: "NGO" not claimant type(s); claimant types: official, independent, media, ngo, '
            "intergovernmental",
        ),
        ({"term_unit": "weeks"}, 'parameter term_unit: "weeks" is not a term unit; write years or months'),
        ({"start_year": 2020, "end_year": 2010}, "parameter start_year: start_year 2020 is after end_year 2010"),
        ({"end_year": 2001}, "parameter end_year: start_year 2002 is after end_year 2001"),
        ({"n_profiles": -1}, "parameter n_profiles: -1 is negative; give 0 or more"),
        ({"max_asks": -3}, "parameter max_asks: -3 is negative; give 0 or more"),
        ({"max_asks": 10**6}, "parameter max_asks: 1000000 is more than 1000"),
        ({"end_year": 10**20}, "parameter end_year: 100000000000000000000 is not a year from 1900 to 2100"),
        (
            {"start_year": 2002, "end_year": 10**20},
            "parameter end_year: 100000000000000000000 is not a year from 1900 to 2100",
        ),
        ({"start_year": -5}, "parameter start_year: -5 is not a year from 1900 to 2100"),
        (
            {"raw_rsf_dir": "/nonexistent/rsf"},
            'parameter raw_rsf_dir: "/nonexistent/rsf" is not a folder (it does not exist)',
        ),
        # Bounded work: a list parameter's length, and its items' form (h25 datarules)
        (
            {"peers": [f"X{i:04d}" for i in range(20_000)]},
            "parameter peers: lists 20000 items; at most 200",
        ),
        ({"events": ["protest-2016"] * 201}, "parameter events: lists 201 items; at most 200"),
        (
            {"reference_countries": [f"B{i:02d}" for i in range(40)]},
            'parameter reference_countries: "B00", "B01", "B02", "B03", "B04" and 35 more not country code(s) '
            "in press_freedom.csv; codes present: KAZ, RUS",
        ),
        (
            {"peers": ["RUS", "=cmd|' /C calc'!A0", "x" * 500, 7]},
            """parameter peers: "=cmd|' /C calc'!A0", """ + '"' + "x" * 59 + '…", "7" '
            "not country code(s): a code is 3 to 5 capital letters, digits or _ (ISO3)",
        ),
    ],
)
def test_a_value_that_names_nothing_in_the_data_is_one_clear_line(tiny_tables, overrides, line):
    with pytest.raises(ParameterError) as raised:
        check_values(overrides, DEFAULTS, tiny_tables, TINY)
    assert str(raised.value) == line


def test_every_bad_value_gets_its_own_line(tiny_tables):
    with pytest.raises(ParameterError) as raised:
        check_values({"focus_country": "XYZ", "term_unit": "weeks", "n_profiles": -1}, DEFAULTS, tiny_tables, Path("."))
    assert [line.split(":")[0] for line in str(raised.value).splitlines()] == [
        "parameter focus_country",
        "parameter term_unit",
        "parameter n_profiles",
    ]


def test_a_file_given_as_raw_rsf_dir_is_named_as_a_file(tiny_tables, tmp_path):
    file = tmp_path / "2027.csv"
    file.write_text("x")
    with pytest.raises(ParameterError, match=r'"[^"]*2027.csv" is not a folder \(it is a file\)'):
        check_values({"raw_rsf_dir": str(file)}, DEFAULTS, tiny_tables, Path("."))


def test_values_present_in_the_data_pass(tiny_tables, tmp_path):
    check_values(
        {
            "focus_country": "RUS",
            "peers": ["KAZ"],
            "reference_countries": [],
            "reference_edition": "2013",
            "events": ["protest-2016"],
            "metrics": ["killed", "detained"],
            "claimant_types": ["ngo"],
            "term_unit": "months",
            "start_year": 2012,
            "end_year": 2012,
            "n_profiles": 0,
            "max_asks": 0,
            "raw_rsf_dir": str(tmp_path),
            "include_undated": False,
            "events_none": None,
        },
        DEFAULTS,
        tiny_tables,
        Path("."),
    )
    check_values({"raw_rsf_dir": "", "events": [], "metrics": []}, DEFAULTS, tiny_tables, Path("."))
    check_values({"claimant_types": ["intergovernmental", "ngo"]}, DEFAULTS, tiny_tables, Path("."))
    # "" and None mean briefing.yml's; a period with no edition for the focus is a valid, empty selection
    check_values(
        {"focus_country": "", "peers": None, "reference_edition": "", "reference_countries": None},
        DEFAULTS,
        tiny_tables,
        Path("."),
    )
    check_values({"focus_country": "RUS", "end_year": 2011}, DEFAULTS, tiny_tables, Path("."))


@pytest.mark.e2e
def test_build_refuses_an_unknown_country_before_any_notebook_runs(tiny_data, tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "--data-dir",
            str(tiny_data),
            "--out-dir",
            str(tmp_path / "out"),
            "--figures-dir",
            str(tmp_path / "figures"),
            "--format",
            "html",
            "-p",
            "focus_country=XYZ",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        'error: parameter focus_country: "XYZ" is not a country code in press_freedom.csv; codes present: KAZ, RUS'
    ]
    assert "Traceback" not in done.stderr + done.stdout and "executing" not in done.stderr + done.stdout
    assert not (tmp_path / "out" / "briefing.html").exists() and not (tmp_path / "out" / "work").exists()


def test_official_files_elsewhere_are_checked_like_the_data_folders(tiny_tables, tmp_path):
    """validate cannot see a raw_rsf_dir outside the data folder: its files are checked here."""
    folder = tmp_path / "rsf"
    folder.mkdir()
    (folder / "2026.csv").write_text(
        "ISO;Score N;Rank N;Country_EN;Year (N)\nKAZ;40,1;1;Kazakhstan;2026\nRUS;30,2;2;Russia;2026\n", encoding="utf-8"
    )
    with pytest.raises(ParameterError) as raised:
        check_values({"raw_rsf_dir": str(folder)}, DEFAULTS, tiny_tables, Path("."))
    lines = str(raised.value).splitlines()
    assert lines[0] == f'parameter raw_rsf_dir: "{folder}" holds official RSF files with problems:'
    assert lines[1].startswith("  rsf/2026.csv: lists 2 countries; an RSF edition ranks at least 100")


def test_a_relative_raw_rsf_dir_is_checked_where_it_is_read_from_the_project_folder(tiny_tables, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # "data/raw/rsf" exists in the project, not here
    check_values({"raw_rsf_dir": "data/raw/rsf"}, DEFAULTS, tiny_tables, Path("."))
    with pytest.raises(ParameterError, match='"data/raw/nowhere" is not a folder'):
        check_values({"raw_rsf_dir": "data/raw/nowhere"}, DEFAULTS, tiny_tables, Path("."))
