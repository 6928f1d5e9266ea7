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
