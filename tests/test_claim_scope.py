"""Whom a claim counts, the period it covers and what its document says of it: a part of a total
is printed beside the total (never a rival bar or conflict), one night's figure carries its
period and stays out of the running totals, and a caveat is printed with its figure."""

import csv

from conftest import casualty_facts
from kzbrief.analysis import casualties as cs
from kzbrief.analysis import conflicts
from kzbrief.render import Text

# Two rows added to the tiny fixture's claims; the scope columns are then set by claim_id.
PART = (
    "killed-official-police,strike-2011,killed,2,2,exact,Kazakh authorities,official,2011-12,"
    "2 of them policemen,ngo-report,"
)
NIGHT = "killed-night,strike-2011,killed,10,10,exact,witnesses,independent,2011-12-20,10 died that night,ngo-report,"


def _scoped(data_dir):
    path = data_dir / "casualty_estimates.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    for line in (PART, NIGHT):
        rows.append(dict(zip(fields, next(csv.reader([line])))))
    scope = {
        "killed-official-police": {"counted": "security_forces"},
        "killed-night": {"period_start": "2011-12-16", "period_end": "2011-12-17"},
        "killed-official-2014": {"caveat": "later withdrawn, the document says"},
    }
    at = fields.index("claim_date") + 1
    fields = [*fields[:at], "counted", "period_start", "period_end", *fields[at:]]
    fields.insert(fields.index("quote") + 1, "caveat")
    for row in rows:
        row.update(scope.get(row["claim_id"], {}))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fields, restval="", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_scoped_claims_are_valid(tiny_data):
    from kzbrief.validation import validate

    _scoped(tiny_data)
    assert validate(tiny_data) == []


def test_a_part_is_printed_beside_its_total_and_never_drawn_or_a_conflict(tiny_data):
    _scoped(tiny_data)
    tables, facts = casualty_facts(tiny_data)
    table = facts.claims.table
    official = table[table["figure"].str.startswith("16 (")]
    assert official["figure"].tolist() == ["16 (of whom 2 members of the security forces)"]
    assert not table["figure"].eq("2").any()  # not a figure of its own
    assert "killed-official-police" not in set(facts.deaths.focus.frame.get("claim_id", []))
    assert not (facts.deaths.focus.frame["lower"] == 2).any()
    claims = cs.select_claims(tables["casualty_estimates"], tables["events"])
    found = [c for row in conflicts.claim_conflicts(claims, tables["sources"]) for c in row["claim_ids"]]
    assert "killed-official-police" not in found and "killed-night" not in found
    text = Text(tiny_data, tables["sources"]).plain("casualties/deaths_list.md", facts)
    assert "of whom 2 members of the security forces" in text, text


def test_a_figure_for_one_night_carries_its_period_and_is_no_point_of_the_running_total(tiny_data):
    _scoped(tiny_data)
    tables, facts = casualty_facts(tiny_data)
    table = facts.claims.table
    assert "10 (16–17 Dec 2011)" in table["figure"].tolist()
    st = cs.statements(cs.select_claims(tables["casualty_estimates"], tables["events"]))
    series = cs.dated_series(st, "strike-2011", sources=tables["sources"])
    assert 10 not in series["lower"].tolist()
    assert not (facts.deaths.focus.frame["lower"] == 10).any()


def test_a_caveat_is_printed_with_its_figure(tiny_data):
    _scoped(tiny_data)
    _, facts = casualty_facts(tiny_data)
    assert "at least 16 (later withdrawn, the document says)" in facts.claims.table["figure"].tolist()


def test_a_folder_without_the_new_columns_reads_as_before(tiny_data):
    tables, facts = casualty_facts(tiny_data)
    assert (tables["casualty_estimates"]["counted"] == "all").all()
    assert not any("(" in f for f in facts.claims.table["figure"])
