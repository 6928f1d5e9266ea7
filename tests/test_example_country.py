"""The second real country, examples/azerbaijan: a data folder read from real documents that
validates, names its people with dated decisions, and builds into a briefing on Azerbaijan with
nothing of the Kazakhstan data's story in it."""

import csv
import re

import pytest
from pypdf import PdfReader

from conftest import DATA, ROOT, build_by_command
from kzbrief import config
from kzbrief.validation import validate
from test_adapting import country_words, found, kazakhstan_words, layout_lines, none_only_sections, pdf_words

EXAMPLE = ROOT / "examples" / "azerbaijan"
# Outcomes that are a court's decision on the charges, not a status before one.
DECISIONS = {"custodial", "in_absentia", "suspended", "restriction_of_liberty", "house_arrest", "fine", "acquitted"}


def rows(table):
    with (EXAMPLE / f"{table}.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_example_validates():
    assert validate(EXAMPLE) == []


def test_every_source_has_an_address_and_a_date():
    missing = [r["source_id"] for r in rows("sources") if not r["url"].strip() or not r["date"].strip()]
    assert missing == []


def test_at_least_eight_named_people_have_a_dated_decision():
    people = {r["case_id"]: r["defendant"] for r in rows("cases") if r["is_group"] == "false"}
    decided = {r["case_id"] for r in rows("sentences") if r["date"].strip() and r["outcome"] in DECISIONS}
    named = sorted(people[c] for c in decided if c in people)
    assert len(named) >= 8, named


def test_every_row_quotes_or_names_what_it_rests_on():
    """The rows read from documents carry the passage they rest on: a claim its quote, a
    sentence its notes (the press-freedom rows come from RSF's own tables)."""
    assert [r["claim_id"] for r in rows("casualty_estimates") if not r["quote"].strip()] == []
    assert [(r["case_id"], r["date"]) for r in rows("sentences") if not r["notes"].strip()] == []


def story_words() -> set[str]:
    """The Kazakhstan data's words, less the countries this briefing compares Azerbaijan with:
    Kazakhstan is one of them, so its name and code are data here, not a leftover story."""
    compared = set(config.load(EXAMPLE).comparison_countries)
    names = {r["country"] for r in rows("press_freedom") if r["iso3"] in compared}
    story = {"Open Dialog", "oil worker", "oil workers", "strikers", "booklet"}
    return (country_words(DATA) - names - compared) | story


def test_the_story_words_still_hold_the_kazakhstan_story():
    # guards the test below against an empty word list: the adjective and the places remain
    assert {"Kazakh", "Zhanaozen"} <= story_words()


@pytest.fixture(scope="module")
def example_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("azerbaijan")
    done = build_by_command(EXAMPLE, out)
    return out, done


@pytest.mark.e2e
def test_the_example_builds_without_warnings(example_build):
    out, done = example_build
    assert done.returncode == 0, done.stderr
    assert "warning" not in done.stdout.lower()
    assert [line for line in done.stderr.splitlines() if not line.strip().startswith(("executing ", "done "))] == []
    assert (out / "briefing.pdf").stat().st_size > 0


@pytest.mark.e2e
def test_the_pdf_is_about_azerbaijan_and_not_kazakhstan(example_build):
    out, done = example_build
    assert done.returncode == 0, done.stderr
    pdf = " ".join("\n".join(page.extract_text() for page in PdfReader(out / "briefing.pdf").pages).split())
    html = re.sub(r"<[^>]+>", " ", (out / "briefing.html").read_text(encoding="utf-8"))
    assert "Political persecution in Azerbaijan" in pdf
    assert "Abzas Media" in pdf and "Bahruz Samadov" in pdf
    assert found(story_words(), pdf) == []
    assert found(story_words(), html) == []


@pytest.mark.e2e
def test_the_example_has_no_kazakhstan_word_no_none_only_section_and_no_layout_problem(example_build):
    """Kazakhstan is one of the countries this briefing compares Azerbaijan with: its name is data
    in the press-freedom chapter; nothing else of the Kazakhstan briefing may show."""
    out, done = example_build
    assert done.returncode == 0, done.stderr
    words = kazakhstan_words(EXAMPLE)
    assert {"Kazakh", "Zhanaozen", "tenge", "Tokayev", "KNB"} <= words and "Kazakhstan" not in words
    assert found(words, pdf_words(out / "briefing.pdf")) == []
    assert found(words, pdf_words(out / "brief.pdf")) == []
    html = (out / "briefing.html").read_text(encoding="utf-8")
    assert not none_only_sections(html)
    assert layout_lines(done) == []


@pytest.mark.e2e
def test_the_example_has_no_none_only_casualty_section(example_build):
    out, _ = example_build
    assert "Deaths and injuries" not in none_only_sections((out / "briefing.html").read_text(encoding="utf-8"))
