"""The local pluraliser and ordinals: every noun the briefing counts agrees with its number."""

import pytest

from kzbrief import english
from kzbrief.checks.schema import package_descriptor


@pytest.mark.parametrize(
    "noun, plural",
    [
        ("event", "events"),
        ("person", "people"),
        ("country", "countries"),
        ("edition", "editions"),
        ("document", "documents"),
        ("claimant", "claimants"),
        ("prison sentence", "prison sentences"),
        ("first-instance decision", "first-instance decisions"),
        ("group count", "group counts"),
        ("police officer", "police officers"),
        ("businessman", "businessmen"),
        ("chairwoman", "chairwomen"),
        ("analysis", "analyses"),
        ("index", "indexes"),
        ("witness", "witnesses"),
        ("match", "matches"),
        ("day", "days"),
        ("journalist", "journalists"),
        ("other", "others"),
        ("German", "Germans"),
        ("human", "humans"),
        ("ombudsman", "ombudsmen"),
        ("opposition politician", "opposition politicians"),
        ("human rights defender", "human rights defenders"),
    ],
)
def test_plural_nouns(noun, plural):
    assert english.plural_noun(noun) == plural
    assert english.plural(noun, 2) == plural and english.plural(noun, 1) == noun


def test_every_role_of_the_schema_has_a_plural_that_reads():
    roles = next(
        f
        for r in package_descriptor()["resources"]
        if r["name"] == "cases"
        for f in r["schema"]["fields"]
        if f["name"] == "role"
    )["constraints"]["enum"]
    for role in roles:
        plural = english.plural_noun(role)
        assert plural != role and plural.split()[:-1] == role.split()[:-1]  # only the last word changes


def test_count_agrees_and_takes_a_plural_phrase():
    assert english.count(1, "person") == "1 person" and english.count(0, "claim") == "0 claims"
    assert english.count(2, "person was", "people were") == "2 people were"


@pytest.mark.parametrize(
    "n, text",
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (102, "102nd"),
        (142, "142nd"),
        (111, "111th"),
        (112, "112th"),
        (113, "113th"),
        (142, "142nd"),
        (180, "180th"),
    ],
)
def test_ordinals(n, text):
    assert english.ordinal(n) == text


def test_large_counts_separate_thousands():
    assert english.count(3400, "person") == "3,400 people" and english.count(999, "claim") == "999 claims"


# --- numbers, spans, dates and lists: the one way each chapter writes them ---------------------


@pytest.mark.parametrize(
    "value, text",
    [
        (17, "17"),
        (1083, "1,083"),
        (1083.0, "1,083"),  # a whole float reads as a count
        (7.5, "7.5"),
        (7.04, "7"),  # no more precise than one decimal
        (2.25, "2.2"),  # Python rounds half to even on the binary value; stated so a change shows
        (1234567.25, "1,234,567.2"),
        (0, "0"),
    ],
)
def test_number_separates_thousands_and_keeps_at_most_one_decimal(value, text):
    assert english.number(value) == text


@pytest.mark.parametrize(
    "low, high, text",
    [
        (2011, 2016, "2011–2016"),
        (2016, 2016, "2016"),  # never '2016–2016'
        ("21", "22", "21–22"),
        ("7", "7", "7"),
        (3, "3", "3"),  # compared as shown
    ],
)
def test_span_uses_an_en_dash_and_collapses_equal_ends(low, high, text):
    assert english.span(low, high) == text


def test_span_of_numbers_compares_them_as_shown():
    assert english.span(english.number(7.01), english.number(7.04)) == "7"
    assert english.span(english.number(1000), english.number(2500)) == "1,000–2,500"


def test_from_to():
    assert english.from_to(2011, 2016) == "from 2011 to 2016" and english.from_to(2016, 2016) == "in 2016"


@pytest.mark.parametrize(
    "value, text",
    [
        ("2011-12-16", "16 Dec 2011"),
        ("2011-12-01", "1 Dec 2011"),
        ("2012-03", "Mar 2012"),
        ("2016", "2016"),
        ("", ""),
        (None, ""),
        (float("nan"), ""),
        ("not a date", "not a date"),
    ],
)
def test_format_date_is_as_precise_as_the_document(value, text):
    assert english.format_date(value) == text


def test_format_date_of_a_missing_pandas_value():
    import pandas as pd

    assert english.format_date(pd.NA) == ""


def test_join_words():
    assert [english.join_words(p) for p in ([], ["a"], ["a", "b"], ["a", "b", "c"])] == [
        "",
        "a",
        "a and b",
        "a, b and c",
    ]
    assert english.join_words(["a", "", "b"]) == "a and b"
    assert english.join_words(["a", "b", "c", "d"], english.LISTED) == "a, b, c and 1 other"
