"""Old data folders keep working: a data folder made for an earlier version of the project builds
with today's code, as it is, with nothing added to it and nothing in it changed.

`tests/fixtures/tiny-2026-12-04/` is the tiny fixture as it stood on 4 December 2026, before the
optional columns of that month (cases.csv `person_id`; casualty_estimates.csv `counted`,
`period_start`, `period_end`, `caveat`). It is frozen: never edit it, not even to follow a schema
change, or it stops standing for an old folder (change `tests/fixtures/tiny/` instead). Its copy
gets no datapackage.json, as a folder a user kept from then has none of today's."""

import shutil

import pytest
from pypdf import PdfReader

from conftest import ROOT, build_by_command
from kzbrief.validation import validate

OLD = ROOT / "tests" / "fixtures" / "tiny-2026-12-04"


def contents(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_old_folder_validates_untouched(tmp_path):
    data = tmp_path / "old-data"
    shutil.copytree(OLD, data)
    assert not (data / "datapackage.json").exists()
    assert validate(data) == []


@pytest.mark.e2e
def test_the_old_folder_builds_untouched(tmp_path):
    data = tmp_path / "old-data"
    shutil.copytree(OLD, data)
    before = contents(data)
    out = tmp_path / "out"
    done = build_by_command(data, out)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "warning" not in done.stdout.lower()
    assert [line for line in done.stderr.splitlines() if not line.strip().startswith(("executing ", "done "))] == []
    text = " ".join("\n".join(page.extract_text() for page in PdfReader(out / "briefing.pdf").pages).split())
    assert "Key findings" in text and "Methods and data" in text
    assert (out / "brief.pdf").stat().st_size > 0
    assert contents(data) == before, "the build wrote into the data folder"
