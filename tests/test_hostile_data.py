"""Every hostile copy of the data gets exactly its expected one-line problems; the valid
variants validate and load. Validate-level only: no build runs here."""

import subprocess
import sys

import pytest

from conftest import ROOT
from hostile_corpus import CASES, CASES_BY_NAME, SECRET, build, relative_file
from kzbrief import claimants, datasets
from kzbrief.checks.rules import NON_EMPTY_TABLES
from kzbrief.validation import package_descriptor, validate

PACKAGE_SCHEMA = ROOT / "src" / "kzbrief" / "schema" / "datapackage.json"


def _family(case) -> str:
    """A case's rule family: the rule of its first expected problem ("accepted" for a valid variant)."""
    return case.expected[0][3] if case.expected else "accepted"


def _params(cases):
    """One case per rule family runs in every tier; the others are the `hostile` sweep."""
    params, seen = [], set()
    for case in cases:
        marks = [pytest.mark.skip(reason=case.skip_reason)] if case.skip_reason else []
        if _family(case) in seen:
            marks.append(pytest.mark.hostile)
        seen.add(_family(case))
        params.append(pytest.param(case, id=case.name, marks=marks))
    return params


def test_the_corpus_is_large_and_mostly_hostile():
    assert len(CASES) >= 70
    assert sum(1 for c in CASES if not c.must_accept) >= 60


@pytest.mark.parametrize("case", _params([c for c in CASES if not c.must_accept]))
def test_hostile_copy_gets_exactly_its_problems(case, tmp_path):
    data = build(case, tmp_path, PACKAGE_SCHEMA)
    problems = validate(data)
    found = {(relative_file(p.file, data), p.row, p.column): p for p in problems}
    expected = {(file, row, column): rule for file, row, column, rule in case.expected}
    assert set(found) == set(expected), "\n".join(map(str, problems))
    for where, rule in expected.items():
        assert rule in found[where].rule, str(found[where])
        assert "\n" not in str(found[where]), "one line per problem"
    assert SECRET not in "\n".join(map(str, problems)), "no message quotes a file outside the data folder"


@pytest.mark.parametrize("case", _params([c for c in CASES if c.must_accept]))
def test_valid_variant_is_accepted_and_loads(case, tmp_path):
    data = build(case, tmp_path, PACKAGE_SCHEMA)
    assert validate(data) == []
    tables = datasets.load_all(data)
    assert set(tables) == set(datasets.TABLES)
    for resource in package_descriptor()["resources"]:
        # casualty_estimates also carries the claimant as the row gave it (kzbrief.claimants)
        derived = list(claimants.DERIVED) if resource["name"] == "casualty_estimates" else []
        assert tables[resource["name"]].columns.tolist() == [f["name"] for f in resource["schema"]["fields"]] + derived
    assert all(len(tables[name]) for name in NON_EMPTY_TABLES)


def test_numbers_load_exactly_as_validated(tmp_path):
    data = build(CASES_BY_NAME["negative RSF 2002-2012 score"], tmp_path, PACKAGE_SCHEMA)
    press = datasets.load_table("press_freedom", data)
    assert press.loc[1, "score"] == -10 and str(press["rank"].dtype) == "Int64"


def test_loader_refuses_what_validate_refuses(tmp_path):
    data = build(CASES_BY_NAME["integer with underscore 1_7"], tmp_path, PACKAGE_SCHEMA)
    with pytest.raises(ValueError, match="must be a whole number"):
        datasets.load_table("cases", data, validate=False)


def test_data_folder_descriptor_is_the_package_schema():
    assert (ROOT / "data" / "datapackage.json").read_bytes() == PACKAGE_SCHEMA.read_bytes()
    for checklist in (ROOT / "src" / "kzbrief" / "schema" / "checklists").glob("*.json"):
        assert (ROOT / "data" / "checklists" / checklist.name).read_bytes() == checklist.read_bytes()


def test_weakened_descriptor_is_ignored_for_known_tables(tmp_path):
    data = build(CASES_BY_NAME["weakened descriptor: role enum dropped"], tmp_path, PACKAGE_SCHEMA)
    role = next(f for f in datasets.read_descriptor(data)["resources"][2]["schema"]["fields"] if f["name"] == "role")
    assert role == next(f for f in package_descriptor()["resources"][2]["schema"]["fields"] if f["name"] == "role")


def _frictionless(data, table):
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "frictionless",
            "validate",
            str(data / "datapackage.json"),
            "--resource-name",
            table,
            "--checklist",
            str(ROOT / "data" / "checklists" / f"{table}.json"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "case, table", [("term_min above term_max", "sentences"), ("rank above n_ranked", "press_freedom")]
)
def test_frictionless_with_the_checklist_rejects_the_same_row(case, table, tmp_path):
    data = build(CASES_BY_NAME[case], tmp_path, PACKAGE_SCHEMA)
    result = _frictionless(data, table)
    assert result.returncode != 0 and "row-constraint" in result.stdout, result.stdout + result.stderr
    row = CASES_BY_NAME[case].expected[0][1]
    assert f"│ {row} " in result.stdout, result.stdout


def test_frictionless_with_the_checklist_accepts_the_project_data():
    for table in ("events", "sentences", "casualty_estimates", "press_freedom"):
        result = _frictionless(ROOT / "data", table)
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "case", [c for c in CASES if "remote" in c.name or "URL" in c.name and "path" in c.name], ids=lambda c: c.name
)
def test_a_remote_address_in_the_descriptor_is_refused_without_a_connection(case, tmp_path, monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError(f"validate tried to connect: {args!r}")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    data = build(case, tmp_path, PACKAGE_SCHEMA)
    problems = validate(data)
    assert problems and all("remote address" in p.rule for p in problems), "\n".join(map(str, problems))


def test_an_rsf_edition_is_refused_until_its_year(tmp_path):
    import datetime as dt

    from hostile_corpus import RSF_ROWS, rsf_file

    data = build(CASES_BY_NAME["valid RSF file dropped in"], tmp_path, PACKAGE_SCHEMA)
    rsf_file("2031.csv", "2031", RSF_ROWS)(data)
    early = validate(data, today=dt.date(2030, 12, 31))
    assert [str(p) for p in early] == [
        'data/raw/rsf/2031.csv, row 2, column "Year (N)": value "2031": is after this year (2030): not published yet'
    ]
    assert validate(data, today=dt.date(2031, 1, 1)) == []


def test_the_loader_reads_no_table_through_a_link_out_even_unvalidated(tmp_path):
    from kzbrief.checks.problems import DataValidationError

    data = build(CASES_BY_NAME["table is a link out of the folder"], tmp_path, PACKAGE_SCHEMA)
    with pytest.raises(DataValidationError) as raised:
        datasets.load_table("cases", data, validate=False)
    assert str(raised.value).splitlines()[0] == (
        'data/cases.csv: "cases.csv" is a link to a file outside the data folder; copy the file in instead'
    )
