"""The validator: the real data passes, and every kind of broken file gets a precise message."""

import contextlib
import csv
import subprocess
import sys

import pytest

from conftest import DATA
from kzbrief.checks.schema import package_descriptor
from kzbrief.validation import DataValidationError, check, validate


def test_project_data_is_valid():
    problems = validate(DATA)
    assert problems == [], "\n".join(map(str, problems))


def test_tiny_fixture_is_valid(tiny_data):
    assert validate(tiny_data) == []


def _replace(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _append(path, line):
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")


def _drop_column(path, column):
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fields = [f for f in rows[0] if f != column]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fields, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _set(path, row, column, value):
    """Give data row `row` (1 = first after the header) `value` in `column`, adding the column
    (empty elsewhere) when the file lacks it: the way a folder takes up an optional column."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    schema = next(r for r in package_descriptor()["resources"] if r["path"] == path.name)["schema"]["fields"]
    fields = [f["name"] for f in schema if f["name"] in rows[0] or f["name"] == column]
    rows[row - 1][column] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fields, restval="", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


# Each case: how to break the tiny data set, then what the one-line message must contain:
# (file, row or None, column or None, words of the rule).
BROKEN = {
    "missing column": (
        lambda d: _drop_column(d / "cases.csv", "plea"),
        ("cases.csv", 1, "plea", "required column is missing"),
    ),
    "unknown column": (
        lambda d: (d / "charges.csv").write_text("case_id,code,article,part,label,source_id,extra\n", encoding="utf-8"),
        ("charges.csv", 1, "extra", "unknown column"),
    ),
    "wrong type integer": (
        lambda d: _replace(
            d / "cases.csv",
            "group-suspended,Workers given suspended sentences,5,",
            "group-suspended,Workers given suspended sentences,five,",
        ),
        ("cases.csv", 4, "n_persons", "must be a whole number written with the digits 0-9"),
    ),
    "wrong type boolean": (
        lambda d: _replace(d / "cases.csv", "John Example,1,false,", "John Example,1,no,"),
        ("cases.csv", 3, "is_group", "true or false"),
    ),
    "n_persons below one": (
        lambda d: _replace(d / "cases.csv", "John Example,1,", "John Example,0,"),
        ("cases.csv", 3, "n_persons", "at least 1"),
    ),
    "duplicate primary key": (
        lambda d: _replace(d / "cases.csv", "plain-name,John Example", "qazaq-name,John Example"),
        ("cases.csv", 3, None, "duplicate key"),
    ),
    "duplicate sentence row": (
        lambda d: _append(
            d / "sentences.csv", "plain-name,first_instance,2012-10-08,suspended,18,18,months,,news-item,again"
        ),
        ("sentences.csv", 12, None, "repeats row 4"),
    ),
    "dangling source_id": (
        lambda d: _replace(
            d / "charges.csv", "inciting social discord,news-item", "inciting social discord,no-such-source"
        ),
        ("charges.csv", 3, None, 'dangling reference: for "source_id": values "no-such-source" not found'),
    ),
    "charged article without an offence family": (
        lambda d: _append(d / "charges.csv", "plain-name,CC-2014,999,1,an unlisted offence,news-item"),
        ("charges.csv", 6, "article", "CC-2014 Art. 999 has no row in offence_families.csv"),
    ),
    "offence family listed twice": (
        lambda d: _append(d / "offence_families.csv", "CC-1997,164,another family,news-item,"),
        ("offence_families.csv", 5, None, "duplicate key"),
    ),
    "dangling case_id": (
        lambda d: _append(d / "charges.csv", "ghost-case,CC-2014,174,1,inciting social discord,ngo-report"),
        ("charges.csv", 6, None, "ghost-case"),
    ),
    "dangling event_id": (
        lambda d: _replace(d / "casualty_estimates.csv", "detained-ngo,protest-2016,", "detained-ngo,protest-2017,"),
        ("casualty_estimates.csv", 4, None, "protest-2017"),
    ),
    "enumeration": (
        lambda d: _replace(d / "sentences.csv", ",suspended,18,18,months,", ",probation,18,18,months,"),
        ("sentences.csv", 4, "outcome", "must be one of: custodial"),
    ),
    "low greater than high": (
        lambda d: _replace(d / "casualty_estimates.csv", ",60,70,range,", ",80,70,range,"),
        ("casualty_estimates.csv", 3, "low", "greater than high 70"),
    ),
    "open-ended claim with a high bound": (
        lambda d: _replace(d / "casualty_estimates.csv", ",1000,,more_than,", ",1000,2000,more_than,"),
        ("casualty_estimates.csv", 4, "high", "must be empty when qualifier is more_than"),
    ),
    "term_min greater than term_max": (
        lambda d: _replace(d / "sentences.csv", ",suspended,2,3,years,", ",suspended,4,3,years,"),
        ("sentences.csv", 5, "term_min", "greater than term_max 3"),
    ),
    "unknown unit": (
        lambda d: _replace(d / "sentences.csv", ",5,5,years,", ",5,5,decades,"),
        ("sentences.csv", 3, "term_unit", "must be one of: days, months, years"),
    ),
    "term without unit": (
        lambda d: _replace(d / "sentences.csv", ",5,5,years,", ",5,5,,"),
        ("sentences.csv", 3, "term_unit", "required when term_min or term_max is given"),
    ),
    "rank above n_ranked": (
        lambda d: _replace(d / "press_freedom.csv", "KAZ,154,179,", "KAZ,184,179,"),
        ("press_freedom.csv", 2, "rank", "greater than n_ranked 179"),
    ),
    "unparseable date": (
        lambda d: _replace(d / "sentences.csv", "2012-10-08,suspended", "08.10.2012,suspended"),
        ("sentences.csv", 4, "date", "YYYY, YYYY-MM or YYYY-MM-DD"),
    ),
    "impossible date": (
        lambda d: _replace(d / "sentences.csv", "2012-10-08,suspended", "2012-02-30,suspended"),
        ("sentences.csv", 4, "date", "not a calendar date"),
    ),
    "end before start": (
        lambda d: _replace(d / "events.csv", "2016-04-24,2016-05-21,", "2016-04-24,2016-03-01,"),
        ("events.csv", 3, "end_date", "before start_date 2016-04-24"),
    ),
    "empty file": (
        lambda d: (d / "events.csv").write_text("", encoding="utf-8"),
        ("events.csv", None, None, "file is empty"),
    ),
    "missing file": (
        lambda d: (d / "charges.csv").unlink(),
        ("charges.csv", None, None, "file is missing"),
    ),
    "wrong delimiter": (
        lambda d: (d / "charges.csv").write_text(
            (d / "charges.csv").read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8"
        ),
        ("charges.csv", 1, None, "looks ';'-separated"),
    ),
    "not UTF-8": (
        lambda d: (d / "cases.csv").write_bytes(
            (d / "cases.csv")
            .read_text(encoding="utf-8")
            .replace("Әлия Ғұмарова", "Aliya")
            .replace("Алия Гумарова", "Alia")
            .encode("utf-8")
            .replace(b"John", b"J\xf6hn")
        ),
        ("cases.csv", 3, None, "not UTF-8"),
    ),
    "extra whitespace": (
        lambda d: _replace(d / "press_freedom.csv", ",Russia,RUS,", ",Russia , RUS,"),
        ("press_freedom.csv", 3, "iso3", "leading or trailing whitespace"),
    ),
    "required value empty": (
        lambda d: _replace(d / "charges.csv", ",participating in mass riots,", ",,"),
        ("charges.csv", 2, "label", "required"),
    ),
    "ragged row": (
        lambda d: _append(d / "events.csv", "broken-row,Name,2012"),
        ("events.csv", 4, None, "has 3 cells, the header has 8"),
    ),
    "nearly with two bounds": (
        lambda d: _replace(d / "casualty_estimates.csv", ",60,70,range,", ",60,70,nearly,"),
        ("casualty_estimates.csv", 3, "high", "must equal low when qualifier is nearly"),
    ),
    "political prisoners without a count date": (
        lambda d: _replace(
            d / "casualty_estimates.csv",
            "killed,16,16,exact,Kazakh authorities,official,2011-12,",
            "political_prisoners,16,16,exact,Kazakh authorities,official,,",
        ),
        ("casualty_estimates.csv", 2, "claim_date", "is required for a count of political prisoners"),
    ),
    "person_id on a group row": (
        lambda d: _set(d / "cases.csv", 3, "person_id", "plain-name"),
        ("cases.csv", 4, "person_id", "must be empty on a group row"),
    ),
    "one person under two names": (
        lambda d: _set(d / "cases.csv", 4, "person_id", "qazaq-name"),
        ("cases.csv", 5, "defendant", "one person, one name"),
    ),
    "person_id naming another person's proceeding": (
        lambda d: (
            _set(d / "cases.csv", 7, "person_id", "plain-name"),
            _set(d / "cases.csv", 1, "person_id", "protest-case"),
        ),
        ("cases.csv", 2, "person_id", "names case protest-case, which belongs to person plain-name"),
    ),
    "unknown whom counted": (
        lambda d: _set(d / "casualty_estimates.csv", 1, "counted", "police"),
        ("casualty_estimates.csv", 2, "counted", "must be one of: all, protesters"),
    ),
    "period ending before it starts": (
        lambda d: (
            _set(d / "casualty_estimates.csv", 2, "period_start", "2011-12-17"),
            _set(d / "casualty_estimates.csv", 2, "period_end", "2011-12-16"),
        ),
        ("casualty_estimates.csv", 3, "period_end", "is before period_start 2011-12-17"),
    ),
    "period after the claim was made": (
        lambda d: _set(d / "casualty_estimates.csv", 1, "period_end", "2012-02-01"),
        ("casualty_estimates.csv", 2, "period_end", "is after claim_date 2011-12"),
    ),
    "bad slug": (
        lambda d: _replace(d / "events.csv", "protest-2016,Land", "Protest 2016,Land"),
        ("events.csv", 3, "event_id", "must match the pattern"),
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN), ids=sorted(BROKEN))
def test_broken_data_gets_a_precise_message(tiny_data, case):
    breaker, (file, row, column, rule) = BROKEN[case]
    breaker(tiny_data)
    problems = validate(tiny_data)
    messages = [str(p) for p in problems]
    matching = [
        p
        for p in problems
        if p.file.endswith(file) and p.row == row and (column is None or p.column == column) and rule in p.rule
    ]
    assert matching, f"no problem like {(file, row, column, rule)} in:\n" + "\n".join(messages)
    where = f"{file}, row {row}" if row else file
    assert any(where in m for m in messages)


def test_all_problems_are_reported_at_once(tiny_data):
    _replace(tiny_data / "casualty_estimates.csv", ",60,70,range,", ",80,70,range,")
    _replace(tiny_data / "sentences.csv", ",5,5,years,", ",5,5,decades,")
    _replace(tiny_data / "press_freedom.csv", "KAZ,154,179,", "KAZ,184,179,")
    files = {p.file.rsplit("/", 1)[-1] for p in validate(tiny_data)}
    assert {"casualty_estimates.csv", "sentences.csv", "press_freedom.csv"} <= files


def test_bom_is_accepted(tiny_data):
    path = tiny_data / "events.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert validate(tiny_data) == []


def test_kazakh_and_cyrillic_text_is_valid(tiny_data):
    text = (tiny_data / "cases.csv").read_text(encoding="utf-8")
    assert "Әлия Ғұмарова" in text and "Алия" in text
    assert validate(tiny_data) == []


def test_the_usual_roles_are_allowed_and_a_near_miss_is_refused(tiny_data):
    path = tiny_data / "cases.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    roles = ["blogger", "candidate", "trade unionist", "official"]
    for row, role in zip(rows, roles):
        row["role"] = role
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    assert validate(tiny_data) == []
    _replace(path, ",trade unionist,", ",Trade unionist,")
    (problem,) = validate(tiny_data)
    assert (problem.column, problem.value) == ("role", "Trade unionist")
    assert "blogger" in problem.rule and "candidate" in problem.rule and "trade unionist" in problem.rule


def test_check_raises_with_every_problem_listed(tiny_data):
    _replace(tiny_data / "casualty_estimates.csv", ",60,70,range,", ",80,70,range,")
    with pytest.raises(DataValidationError) as raised:
        check(tiny_data)
    assert "casualty_estimates.csv, row 3" in str(raised.value)
    assert "1 problem(s) found." in str(raised.value)


def test_command_line_exits_non_zero_without_traceback(tiny_data):
    _replace(tiny_data / "sentences.csv", ",5,5,years,", ",5,5,decades,")
    result = subprocess.run(
        [sys.executable, "-m", "kzbrief", "validate", str(tiny_data)], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert 'sentences.csv, row 3, column "term_unit": value "decades": must be one of' in result.stderr
    assert "Traceback" not in result.stderr


def test_every_broken_case_fails_without_traceback(tiny_data, tmp_path):
    """The whole corpus at once: the validator never crashes, whatever the mix of problems."""
    for case in BROKEN.values():
        # An earlier breakage removed or garbled what this one edits.
        with contextlib.suppress(AssertionError, FileNotFoundError, ValueError, LookupError, csv.Error):
            case[0](tiny_data)
    assert validate(tiny_data)


def test_semicolons_in_free_text_do_not_confuse_the_reader(tiny_data):
    _replace(tiny_data / "sentences.csv", ",Reduced on appeal.", ",Reduced on appeal; then released; later rearrested.")
    assert validate(tiny_data) == []


def test_a_conflict_naming_a_missing_claim_or_document_is_reported_with_its_column(tiny_data):
    conflicts = tiny_data / "conflicts.csv"
    conflicts.write_text(
        conflicts.read_text(encoding="utf-8")
        + "bad-refs,Made-up conflict,ngo-report;no-such-doc,no-such-claim,,Kept,\n"
        + "no-accounts,Nothing said,ngo-report,,,Kept,\n",
        encoding="utf-8",
    )
    found = {(p.row, p.column, p.value, p.rule) for p in validate(tiny_data)}
    assert (3, "source_ids", "no-such-doc", "names no row of sources.csv") in found
    assert (3, "claim_ids", "no-such-claim", "names no row of casualty_estimates.csv") in found
    assert (4, "accounts", "", "is required when claim_ids is empty") in found


@pytest.mark.parametrize(
    "make, rule",
    [
        (lambda tmp: tmp / "absent", "the data folder does not exist"),
        (lambda tmp: (tmp / "file.csv").write_text("x\n") and tmp / "file.csv", "is a file, not a data folder"),
    ],
)
def test_command_line_names_an_unusable_data_folder_in_one_line(tmp_path, make, rule):
    folder = make(tmp_path)
    result = subprocess.run([sys.executable, "-m", "kzbrief", "validate", str(folder)], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"{folder}: {rule}", "1 problem(s) found."]


def test_folder_given_as_dot_is_named_by_its_real_name(tiny_data):
    _replace(tiny_data / "sentences.csv", ",5,5,years,", ",5,5,decades,")
    result = subprocess.run(
        [sys.executable, "-m", "kzbrief", "validate", "."], capture_output=True, text=True, cwd=tiny_data
    )
    assert result.stderr.startswith('data/sentences.csv, row 3, column "term_unit"')


def test_control_characters_are_shown_visibly_in_the_one_line_message(tiny_data):
    _replace(tiny_data / "cases.csv", "John Example,1,", "John\x1b[2JExample,1,")
    [problem] = validate(tiny_data)
    assert str(problem) == (
        'data/cases.csv, row 3, column "defendant": value "John\\x1b[2JExample": '
        "contains the control character U+001B; remove it"
    )


def test_a_whole_number_column_accepts_exactly_ascii_digits_and_a_minus():
    from kzbrief.checks.cells import parse_integer, parse_number

    assert [parse_integer(v) for v in ("17", "-3", "0", "")] == [17, -3, 0, None]
    assert [parse_number(v) for v in ("2.5", "-10", "")] == [2.5, -10.0, None]
    for value in ("+5", "1_7", "١٧", "１７", "INF", "1e3", " 5", "9" * 20):
        with pytest.raises(ValueError):
            parse_integer(value)


def test_an_unreadable_table_is_one_line(tiny_data, monkeypatch):
    """Permission errors are simulated: the suite may run as root, who reads every file."""
    from pathlib import Path

    real_read_bytes = Path.read_bytes

    def read_bytes(self):
        if self.name == "cases.csv":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert [str(p) for p in validate(tiny_data)] == ["data/cases.csv: cannot be read (permission denied)"]
