"""No figure of the briefing adds up group counts of different documents.

Two documents counting one trial give overlapping groups (data/README.md: "Do not add up
`n_persons` across documents"). The tiny fixture gets a trial that two documents count with
figures no other arithmetic produces, and every number the chapters compute (facts, table cells,
numbers inside table text) is checked against every sum of those counts that mixes documents."""

import re
from itertools import combinations

import pandas as pd

from conftest import TINY
from kzbrief import datasets
from kzbrief.chapters import methods, profiles, sentencing, summary
from kzbrief.facts import Fact

# One trial counted by two documents (1,000 + 300 by the report, 70 by the news item), and another
# trial only the news item counts (5,000): the report's 1,300 and the news item's 5,000 are each a
# document's figure; 1,370, 6,300 or 1,070 would mix the two.
GROUPS = [
    ("riot-prison-report", 1000, "custodial", "Riot trial 2012", "ngo-report"),
    ("riot-suspended-report", 300, "suspended", "Riot trial 2012", "ngo-report"),
    ("riot-prison-news", 70, "custodial", "Riot trial 2012", "news-item"),
    ("march-prison-news", 5000, "custodial", "March trial 2012", "news-item"),
]


def tables_with_overlapping_groups() -> dict[str, pd.DataFrame]:
    tables = datasets.load_all(TINY)
    cases = pd.DataFrame(
        [
            {
                "case_id": case_id,
                "defendant": f"{proceeding}: {outcome} ({source})",
                "n_persons": n,
                "is_group": True,
                "role": "oil worker",
                "event_id": "strike-2011",
                "proceeding": proceeding,
                "plea": "unknown",
                "torture_alleged": "unknown",
                "source_id": source,
            }
            for case_id, n, outcome, proceeding, source in GROUPS
        ]
    )
    sentences = pd.DataFrame(
        [
            {
                "case_id": case_id,
                "stage": "first_instance",
                "date": "2012-06-04",
                "outcome": outcome,
                "term_min": 2.0,
                "term_max": 3.0,
                "term_unit": "years",
                "source_id": source,
            }
            for case_id, _, outcome, _, source in GROUPS
        ]
    )
    charges = pd.DataFrame(
        [
            {"case_id": case_id, "code": "unknown", "label": "organising mass riots", "source_id": source}
            for case_id, _, _, _, source in GROUPS
        ]
    )
    tables["cases"] = pd.concat([tables["cases"], cases], ignore_index=True)
    tables["sentences"] = pd.concat([tables["sentences"], sentences], ignore_index=True)
    tables["charges"] = pd.concat([tables["charges"], charges], ignore_index=True)
    return tables


def sums(groups: pd.DataFrame, mixed: bool) -> set[int]:
    """Sums of any two or more group counts: those that mix documents (mixed) or stay in one."""
    rows = list(zip(groups["n_persons"].astype(int), groups["source_id"]))
    found = set()
    for size in range(2, len(rows) + 1):
        for chosen in combinations(rows, size):
            if (len({s for _, s in chosen}) > 1) == mixed:
                found.add(sum(n for n, _ in chosen))
    return found


# The one figure allowed to combine documents: the bounds of the people given prison terms, an
# interval built per trial from its lowest and highest account (methods chapter, "Person-years as
# bounds"), printed as "between … and …", never as a count.
BOUNDS = ("people given prison terms",)


def printed_numbers(value) -> set[int]:
    """Every whole number in a chapter's facts: fact values, table cells, numbers in table text."""
    if isinstance(value, Fact):
        if value.what in BOUNDS and isinstance(value.value, tuple):
            return set()
        return printed_numbers(value.value) | printed_numbers(value.shown)
    if isinstance(value, pd.DataFrame):
        return set().union(*(printed_numbers(v) for v in value.to_numpy().ravel()), set())
    if isinstance(value, dict) or hasattr(value, "keys"):
        return set().union(*(printed_numbers(value[k]) for k in value), set())
    if isinstance(value, list | tuple):
        return set().union(*(printed_numbers(v) for v in value), set())
    if isinstance(value, bool) or value is None:
        return set()
    if isinstance(value, int | float) and not pd.isna(value):
        return {int(value)} if float(value).is_integer() else set()
    if isinstance(value, str):
        return {int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?![\d.]*\d)", value)}
    return set()


def test_no_chapter_adds_up_group_counts_of_different_documents():
    tables = tables_with_overlapping_groups()
    groups = tables["cases"][tables["cases"]["is_group"].astype(bool)]
    # Above 1,000 (the fixture's own small groups give sums that other arithmetic gives too).
    mixed = {n for n in sums(groups, mixed=True) if n > 1000}
    forbidden = mixed - sums(groups, mixed=False) - set(groups["n_persons"].astype(int))
    assert {1370, 1070, 6300, 5070 + 1300} & forbidden  # the kind of total the fixture is built to catch
    params = {"data_dir": str(TINY), "start_year": 2002, "end_year": None, "n_profiles": 5}
    for chapter in (methods, sentencing, summary, profiles):
        facts = chapter.compute(tables, params)
        found = printed_numbers(facts) & forbidden
        assert not found, f"{chapter.__name__} adds up group counts of different documents: {sorted(found)}"


def test_the_largest_group_count_of_an_offence_is_one_documents_count_of_one_trial():
    tables = tables_with_overlapping_groups()
    params = {"data_dir": str(TINY), "start_year": 2002, "end_year": None}
    shown = sentencing.compute(tables, params).charges.table["frame"].set_index("offence")
    # the report's 1,000 + 300 for the riot trial, the news item's 5,000 for the other trial: never 6,300
    assert shown.loc["organising mass riots", "largest group count"] == 5000
