"""The optional tables of later statuses (statuses.csv) and publishers' standing (publishers.csv):
validated like the others, one line per problem; each named person's latest status printed with
its date and document; the people the evidence cannot follow listed; who the publishers are."""

import csv
import re
from types import SimpleNamespace

import pandas as pd
from bs4 import BeautifulSoup

from conftest import DATA, TINY, copy_tiny
from kzbrief import chapters, datasets
from kzbrief.analysis import statuses as st
from kzbrief.chapters import methods, summary
from kzbrief.chapters import sentencing as sentencing_chapter
from kzbrief.render import Text
from kzbrief.validation import validate
from test_profiles import case, frame, profile_html, sentence, small_tables, text_of

STATUS_HEADER = ["case_id", "date", "status", "quote", "source_id", "notes"]
PUBLISHER_HEADER = ["publisher", "standing", "source_id", "notes"]


def write(path, header, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def found(folder) -> dict:
    """(file name, row, column) -> the rule, for every problem validate reports."""
    return {(p.file.rsplit("/", 1)[-1], p.row, p.column): p.rule for p in validate(folder)}


# --- optional: a folder without the tables is unchanged ------------------------------------------


def test_a_folder_without_the_tables_validates_and_loads_them_empty():
    assert not (TINY / "statuses.csv").exists() and not (TINY / "publishers.csv").exists()
    assert validate(TINY) == []
    tables = datasets.load_all(TINY)
    assert tables["statuses"].empty and list(tables["statuses"].columns) == STATUS_HEADER
    assert tables["publishers"].empty and list(tables["publishers"].columns) == PUBLISHER_HEADER


def test_valid_rows_pass(tiny_data):
    write(
        tiny_data / "statuses.csv",
        STATUS_HEADER,
        [
            ["plain-name", "2013-05", "emigrated", "left the country", "ngo-report", ""],
            ["plain-name", "2014-01", "died", "", "ngo-report", ""],
        ],
    )
    write(tiny_data / "publishers.csv", PUBLISHER_HEADER, [["Example NGO", "Funded by donors.", "ngo-report", ""]])
    assert validate(tiny_data) == []
    assert datasets.load_all(tiny_data)["statuses"]["status"].tolist() == ["emigrated", "died"]


# --- statuses.csv: one line per problem, naming file, row and column --------------------------------


def test_status_problems_are_one_line_each(tiny_data):
    write(
        tiny_data / "statuses.csv",
        STATUS_HEADER,
        [
            ["plain-name", "2013", "retired", "", "ngo-report", ""],  # row 2: not a status
            ["plain-name", "", "died", "", "ngo-report", ""],  # row 3: undated
            ["nobody", "2013", "died", "", "ngo-report", ""],  # row 4: no such case
            ["group-suspended", "2013", "emigrated", "", "ngo-report", ""],  # row 5: a group count
            ["co-defendant", "2013", "other", "", "ngo-report", ""],  # row 6: other, unexplained
            ["co-defendant", "2015", "in_exile", "", "ngo-report", ""],  # row 7: after its document (2014-03)
            ["qazaq-name", "2013-01-05", "died", "", "ngo-report", ""],  # row 8
            ["qazaq-name", "2013-06", "emigrated", "", "ngo-report", ""],  # row 9: after the death
            ["plain-name", "2013", "emigrated", "", "no-such-document", ""],  # row 10
        ],
    )
    problems = found(tiny_data)
    file = "statuses.csv"
    assert problems[(file, 2, "status")].startswith(
        "must be one of: died, emigrated, in_exile, granted_asylum, asylum_revoked, other"
    )
    assert problems[(file, 3, "date")] == "is required and may not be empty"
    assert problems[(file, 4, None)].startswith('dangling reference: for "case_id": values "nobody" not found')
    assert problems[(file, 5, "case_id")] == (
        "is a group row of cases.csv (row 4): a later status belongs to a named person"
    )
    assert problems[(file, 6, "notes")] == "is required when status is other: say in plain words what the status is"
    assert problems[(file, 7, "date")].startswith("is after the date of its source document 2014-03")
    assert problems[(file, 9, "date")] == "is after the person's death on 2013-01-05 (row 8)"
    assert problems[(file, 10, None)].startswith('dangling reference: for "source_id"')
    assert (file, 8, "date") not in problems
    lines = [str(p) for p in validate(tiny_data)]
    assert all("\n" not in line for line in lines)
    assert 'data/statuses.csv, row 9, column "date": value "2013-06": is after the person' in "\n".join(lines)


def test_publisher_problems_are_one_line_each(tiny_data):
    write(
        tiny_data / "publishers.csv",
        PUBLISHER_HEADER,
        [
            ["Example NGO", "Funded by donors.", "ngo-report;news-item", ""],  # row 2: fine
            ["example news", "A newspaper.", "news-item", ""],  # row 3: case differs
            ["Nobody Press", "A press.", "news-item", ""],  # row 4: no such publisher
            ["Prosecutor's Office", "", "news-item", ""],  # row 5: no standing
            ["Example NGO", "Twice.", "ngo-report", ""],  # row 6: the same publisher again
            ["Example News", "A newspaper.", "news-item;missing-doc", ""],  # row 7
        ],
    )
    problems = found(tiny_data)
    file = "publishers.csv"
    assert (file, 2, "publisher") not in problems and (file, 2, "source_id") not in problems
    assert problems[(file, 3, "publisher")] == (
        'names no publisher of sources.csv (sources.csv writes it "Example News"): write it exactly as the sources do'
    )
    assert problems[(file, 4, "publisher")].startswith("names no publisher of sources.csv:")
    assert problems[(file, 5, "standing")] == "is required and may not be empty"
    assert problems[(file, 6, None)].startswith("duplicate key (publisher)") or any(
        key[:2] == (file, 6) and rule.startswith("duplicate key") for key, rule in problems.items()
    )
    assert problems[(file, 7, "source_id")] == "names no row of sources.csv"


# --- the latest status: the latest of decisions and later statuses, with date and document ------------


def statuses(rows):
    return frame(STATUS_HEADER, rows)


def test_a_death_after_the_release_is_the_latest_status_and_prints_with_date_and_document():
    tables = small_tables(
        [case("a", "Anna Alpha")],
        [
            sentence("a", "first_instance", "2012-06-04", "custodial", 7),
            sentence("a", "release", "2014-01", "released", source="doc-a"),
        ],
    )
    tables["statuses"] = statuses([("a", "2016-09-01", "died", "she died", "doc-b", pd.NA)])
    latest = st.of_person("a", tables)
    assert (latest.status, latest.date, latest.source) == ("died", "2016-09-01", "doc-b")
    text = text_of(profile_html(tables))
    assert "Latest status recorded: died, as of 1 Sep 2016 (Example News (2016) [2])." in text
    assert "Outside the courts: died (1 Sep 2016) [2]." in text
    assert st.describe(latest, tables["sources"]) == "died, as of 1 Sep 2016 (Example News (2016))"


def test_a_status_before_the_last_decision_does_not_replace_it():
    tables = small_tables(
        [case("a", "Anna Alpha")],
        [sentence("a", "first_instance", "2014-02", "suspended", 2, source="doc-b")],
    )
    tables["statuses"] = statuses([("a", "2013", "emigrated", pd.NA, "doc-a", pd.NA)])
    latest = st.of_person("a", tables)
    assert latest.status is None and latest.decision.outcome == "suspended"
    text = text_of(profile_html(tables))
    assert "Latest status recorded: given a suspended sentence of 2 years, as of Feb 2014 (Example News (2016)" in text
    assert "Outside the courts: emigrated (2013) [1]." in text


def test_an_undated_decision_is_dated_by_its_newest_document():
    tables = small_tables(
        [case("a", "Anna Alpha")],
        [
            sentence("a", "first_instance", "2012", "custodial", 5),
            sentence("a", "release", pd.NA, "released", source="doc-b"),
        ],
    )
    latest = st.of_person("a", tables)
    assert (latest.date, latest.source, latest.own_date) == ("2016-09-30", "doc-b", False)
    assert st.describe(latest, tables["sources"]) == "release: released, as of 30 Sep 2016 (Example News (2016))"


def test_a_person_with_no_decision_is_named_as_of_the_document_that_names_them():
    tables = small_tables([case("a", "Anna Alpha", source="doc-b")], [])
    latest = st.of_person("a", tables)
    assert latest.named_only and latest.date == "2016-09-30"
    described = st.describe(latest, tables["sources"])
    assert described == "named; no decision recorded, as of 30 Sep 2016 (Example News (2016))"


def test_each_status_code_has_words():
    tables = small_tables([case("a", "Anna Alpha")], [sentence("a", "first_instance", "2012", "custodial", 5)])
    for code, words in {
        "died": "died",
        "emigrated": "emigrated",
        "in_exile": "living in exile",
        "granted_asylum": "granted asylum or refugee status abroad",
    }.items():
        tables["statuses"] = statuses([("a", "2014-03", code, pd.NA, "doc-a", pd.NA)])
        assert f"Latest status recorded: {words}, as of Mar 2014" in text_of(profile_html(tables))


def test_a_person_tried_twice_has_one_latest_status_over_both_cases():
    tables = small_tables(
        [case("a", "Anna Alpha"), case("a-2023", "Anna Alpha")],
        [
            sentence("a", "first_instance", "2012", "custodial", 5),
            sentence("a-2023", "first_instance", "2016-09", "suspended", 6, source="doc-b"),
        ],
    )
    tables["cases"]["person_id"] = ["a", "a"]
    assert st.of_person("a", tables).decision.outcome == "suspended"
    tables["statuses"] = statuses([("a-2023", "2016-09-30", "emigrated", pd.NA, "doc-b", pd.NA)])
    assert st.of_person("a", tables).status == "emigrated"


def test_the_named_peoples_table_gives_every_person_a_dated_latest_status():
    tables = datasets.load_all(DATA)
    facts = sentencing_chapter.compute(tables, chapters.parameters({"data_dir": str(DATA)}))
    table = facts.defendants.table["frame"]
    assert "latest status" in table.columns
    dated = re.compile(r", as of (\d{1,2} )?([A-Z][a-z]{2} )?\d{4} \(.+\)$")
    assert table["latest status"].map(lambda cell: bool(dated.search(str(cell)))).all()
    atabek = table.loc[table["defendant"] == "Aron Atabek", "latest status"].iloc[0]
    assert atabek.startswith("died, as of 24 Nov 2021 (")


# --- what the evidence cannot tell: the people it cannot follow to the data's last year ----------


def test_people_whose_latest_status_is_older_than_the_last_year_are_listed():
    tables = datasets.load_all(DATA)
    facts = summary.compute(tables, chapters.parameters({"data_dir": str(DATA), "max_asks": 3}))
    people = facts.people
    assert people is not None and people.old.value <= people.named.value
    assert all(p.as_of is None or int(p.as_of.value[:4]) < int(people.year.value) for p in people.people)
    text = text_of(Text(DATA, tables["sources"]).html("summary/unknown.md", facts))
    listed = r"What became of (the|\d+ of the) \d+ named people since their latest records \(before \d{4}\)\."
    assert re.search(listed, text), text
    assert "Aron Atabek" not in [p.name for p in people.people]  # died: nothing became of him since


def test_a_few_people_the_evidence_cannot_follow_are_named_with_their_dates():
    tables = small_tables(
        [case("a", "Anna Alpha"), case("b", "Boris Beta")],
        [
            sentence("a", "first_instance", "2012-06-04", "custodial", 7),
            sentence("b", "first_instance", "2016-09-01", "custodial", 3, source="doc-b"),
        ],
    )
    tables["cases"]["person_id"] = tables["cases"]["case_id"]  # as the loaders fill it
    selection = SimpleNamespace(accused=tables["cases"])  # people_facts reads the accused only
    people = summary.people_facts(tables, selection, {"last_year": 2016})
    assert [p.name for p in people.people] == ["Anna Alpha"] and (people.old.value, people.named.value) == (1, 2)
    period = SimpleNamespace(cut_off=None, undated_decisions=None, claimant_count=0, claimant_types=[])
    facts = SimpleNamespace(period=period, people=people)
    text = text_of(Text(DATA, tables["sources"]).html("summary/unknown.md", facts))
    assert "What became of 1 of the 2 named people since their latest records (before 2016): Anna Alpha (as of " in text
    assert "4 Jun 2012 [1])." in text


def test_older_than_counts_undated_statuses_and_nothing_without_a_year():
    old = st.Latest("2012", "doc-a")
    new = st.Latest("2023-01", "doc-b")
    undated = st.Latest(None, "doc-c", own_date=False)
    assert set(st.older_than({"a": old, "b": new, "c": undated}, 2023)) == {"a", "c"}
    assert st.older_than({"a": old}, None) == {}


# --- who the publishers are ---------------------------------------------------------------------


def test_the_list_of_sources_opens_with_who_the_publishers_are():
    tables = datasets.load_all(DATA)
    facts = methods.compute(tables, chapters.parameters({"data_dir": str(DATA)}))
    names = [p.publisher for p in facts.publishers]
    assert names[0] == "Open Dialog Foundation" and len(names) == len(set(names))
    html = Text(DATA, facts.sources).html("methods/publishers.md", facts)
    items = [" ".join(li.get_text().split()) for li in BeautifulSoup(html, "html.parser").select("li")]
    assert len(items) == len(names)
    assert all(re.search(r"\[\d+(, \d+)*\]$", item) for item in items), items
    rferl = "Radio Free Europe/Radio Liberty: A broadcaster funded by the U.S. Congress"
    assert any(item.startswith(rferl) for item in items)


def test_without_the_table_nothing_is_said_about_publishers():
    tables = datasets.load_all(TINY)
    facts = methods.compute(tables, chapters.parameters({"data_dir": str(TINY)}))
    assert facts.publishers == []
    assert Text(TINY, facts.sources).html("methods/publishers.md", facts).strip() == ""


def test_a_document_cited_only_for_a_publishers_standing_does_not_move_the_cut_off(tmp_path):
    data = copy_tiny(tmp_path / "data")
    before = datasets.load_all(data)
    from kzbrief.analysis import coverage

    cut_off = coverage.evidence_period(before)["cut_off"]
    with (data / "sources.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(
            ["about-ngo", "Example NGO", "About us", "2026", "", "ngo", "", "Page undated: the year it was read."]
        )
    write(data / "publishers.csv", PUBLISHER_HEADER, [["Example NGO", "Funded by donors.", "about-ngo", ""]])
    assert validate(data) == []
    after = datasets.load_all(data)
    assert coverage.evidence_period(after)["cut_off"] == cut_off
    assert coverage.standing_only(after) == {"about-ngo"}


def test_the_annex_gives_each_sources_publisher_standing_and_the_later_statuses():
    from kzbrief.pipeline import annex

    sheets = annex.frames(datasets.load_all(DATA))
    sources = sheets["Sources"].set_index("source id")
    assert sources.loc["odf-2014-upr", "publisher's standing"].startswith("A foundation set up in 2009")
    later = sheets["Later statuses"]
    assert "Aron Atabek" in set(later["person or group"])
    assert (later["date"].notna()).all()
