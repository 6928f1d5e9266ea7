"""A briefing a diplomat can brief from: nothing said twice, claimants counted as bodies, quotes in
another language translated, and none of the data's internal shorthand in the text.

The repetition checks read the reader's text: paragraphs and list items of the chapters (figure and
table captions, source lines and the appendix, which repeats the chapters' long tables by design,
are left out). Over the real build (e2e) and over the fixtures' key findings and chapter prose,
rendered without a kernel (fast).
"""

from __future__ import annotations

import collections
import re
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from conftest import DATA, ROOT
from kzbrief import chapters, claimants, config, datasets, quotes
from kzbrief.chapters import casualties, sentencing, summary
from kzbrief.checks.entities import foreign_script
from kzbrief.pipeline.briefing import BuildOptions, build
from kzbrief.render import Text
from kzbrief.validation import validate

FREEDONIA = ROOT / "tests" / "fixtures" / "freedonia"
TINY = ROOT / "tests" / "fixtures" / "tiny"

# A sentence ends at . ! or ? before a capital, a quotation mark or a parenthesis.
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(])")
_SHORT = 5  # words: "Sources: Open Dialog Foundation [5]." is an apparatus, not a statement


def sentences(fragment) -> list[str]:
    """The sentences of the reader's prose in `fragment` (paragraphs and list items outside
    figures, tables, captions and source lines), spaces normalised."""
    found = []
    for block in fragment.select("p, li"):
        if block.find(["p", "li"]) or block.find_parent(["figure", "table"]):
            continue
        if block.find_parent(class_="briefing-table-block") or {"source-line", "table-caption"} & set(
            block.get("class") or []
        ):
            continue
        text = " ".join(block.get_text(" ").split())
        text = re.sub(r"\s+([,.;:)\]])", r"\1", re.sub(r"([(\[])\s+", r"\1", text))
        # A line ending in a colon heads a list (an event's figures), as a heading repeats a name.
        found += [s for s in _SENTENCE.split(text) if len(s.split()) >= _SHORT and not s.endswith(":")]
    return found


def quotations(said: list[str]) -> list[str]:
    """The documents' words quoted in `said` (five words or more): a quote is said once too."""
    return [q.strip() for sentence in said for q in re.findall(r"“([^”]+)”", sentence) if len(q.split()) >= _SHORT]


def repeated(texts: list[str]) -> dict[str, int]:
    counts = collections.Counter(texts)
    return {s: n for s, n in counts.items() if n > 1}


# --- the real build (e2e) --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def briefing(tmp_path_factory):
    root = tmp_path_factory.mktemp("said-once")
    build(
        BuildOptions(data_dir=DATA, build_dir=root / "build", figures_dir=root / "figures", jobs=2), log=lambda m: None
    )
    soup = BeautifulSoup((root / "build" / "briefing.html").read_text(encoding="utf-8"), "html.parser")
    sections = {s.get("aria-labelledby"): s for s in soup.select("main > section.chapter")}
    return SimpleNamespace(soup=soup, sections=sections)


def _read(briefing) -> dict[str, list[str]]:
    """Each chapter's sentences, the appendix and the list of sources left out. A profile's lines
    are about its person: two co-defendants "released on 8 Oct 2012" are two facts, so a
    profile's sentences are read with the person's name."""
    read = {
        name: sentences(section)
        for name, section in briefing.sections.items()
        if name not in ("appendix", "sources", "case-profiles")
    }
    profiles = BeautifulSoup(str(briefing.sections["case-profiles"]), "html.parser")
    read["case-profiles"] = [
        f"{profile.find('h3').get_text(strip=True)}: {s}"
        for profile in profiles.select("section.profile")
        for s in sentences(profile)
    ]
    for profile in profiles.select("section.profile"):
        profile.decompose()
    read["case-profiles"] += sentences(profiles)
    return read


@pytest.mark.e2e
def test_no_sentence_of_the_briefing_is_said_twice(briefing):
    said = [s for found in _read(briefing).values() for s in found]
    assert len(said) > 100  # the reader's prose was found
    assert repeated(said) == {}
    assert repeated(quotations(said)) == {}


@pytest.mark.e2e
def test_no_key_finding_reappears_word_for_word_in_a_chapter(briefing):
    read = _read(briefing)
    findings = set(read.pop("key-findings"))
    assert len(findings) >= 6
    in_chapters = {s for found in read.values() for s in found}
    assert findings & in_chapters == set()


@pytest.mark.e2e
def test_each_january_2022_death_toll_is_printed_once_in_the_chapters(briefing):
    """The eight figures for the dead of January 2022 are given in one table (and the key
    findings give the latest); the chapters' prose refers to that table instead of listing them."""
    read = _read(briefing)
    prose = " ".join(s for name, found in read.items() if name != "key-findings" for s in found)
    for figure in ("225", "230", "232", "188", "221"):
        assert not re.search(rf"(?<![\d,.]){figure}(?![\d,])", prose), figure
    table = briefing.soup.select_one("#tab-casualties-over-time-table")
    assert table is not None and "238" in table.get_text() and "241" not in table.get_text()
    # the 241 counts 4-6 January only: not a point of the running total, listed once with its period
    assert prose.count("241 killed, 4–6 Jan 2022") == 1


# Internal shorthand the reader cannot resolve: file names, the data's ids, nicknames of documents.
FORBIDDEN = {
    "a data file's name": re.compile(r"\b[a-z_]+\.(?:csv|json|yml)\b"),
    "a source id": re.compile(r"\b[a-z]+-\d{4}-[a-z][a-z0-9-]*\b"),
    "a nickname of a document": re.compile(r"\b(?:Booklet|UPR 2014 count|2015 release|UPR submission)\b"),
    "a legal code's id": re.compile(r"\b(?:" + "|".join(map(re.escape, config.load(DATA).legal_codes)) + r")\b"),
}


@pytest.mark.e2e
def test_no_internal_shorthand_in_the_reader_s_text(briefing):
    """Outside the methods chapter's build record (which names the data folder for whoever
    rebuilds the briefing), the text uses the names a reader knows."""
    text = BeautifulSoup(str(briefing.soup.select_one("main")), "html.parser")  # a copy: the soup is shared
    for part in text.select("section[aria-labelledby=methods-and-data] .build-record, style, svg"):
        part.decompose()
    for link in text.select("a[href^=http]"):  # a document's web address is the publisher's, as printed
        link.decompose()
    words = " ".join(text.get_text(" ").split())
    found = {what: sorted(set(pattern.findall(words)))[:5] for what, pattern in FORBIDDEN.items()}
    assert {what: hits for what, hits in found.items() if hits} == {}


@pytest.mark.e2e
def test_a_translated_quote_prints_the_translation_then_the_original_marked_with_its_language(briefing):
    originals = briefing.soup.select("small.original[lang]")
    assert {o["lang"] for o in originals} >= {"ru"}
    for original in originals:
        item = original.find_parent("li")
        text = " ".join(item.get_text(" ").split())
        assert text.index("(translation ours)") < text.index("original:")
        assert foreign_script(original.get_text())
    # No quote in another script is printed without its translation.
    for block in briefing.soup.select("main li, main p"):
        quoted = re.findall(r"“([^”]+)”", block.get_text())
        for quote in quoted:
            if foreign_script(quote):
                assert block.select_one("small.original") or "translation ours" in block.get_text(), quote


# --- the fixtures and the real data, without a kernel ----------------------------------------------


CHAPTER_TEMPLATES = {
    "summary": ("summary/bottom_line.md", "summary/key_findings.md"),
    "sentencing": tuple(
        f"sentencing/{n}.md"
        for n in ("lead", "outcomes", "groups", "terms", "appeals", "pleas", "releases", "torture", "charges", "police")
    ),
    "casualties": tuple(
        f"casualties/{n}.md"
        for n in ("lead", "series", "deaths", "deaths_list", "detentions", "detentions_list", "comparisons")
    ),
}


def prose(data_dir: Path) -> dict[str, list[str]]:
    """The sentences of the key findings and of the sentencing and casualties chapters' prose, as
    the templates word them for `data_dir` with the notebooks' defaults."""
    tables = datasets.load_all(data_dir)
    params = chapters.parameters({"data_dir": str(data_dir), "max_asks": 3})
    text = Text(data_dir, tables["sources"])
    facts = {
        "summary": summary.compute(tables, params),
        "sentencing": sentencing.compute(tables, params),
        "casualties": casualties.compute(tables, params),
    }
    return {
        chapter: [
            s
            for name in names
            if text.words.exists(name)
            for s in sentences(BeautifulSoup(text.html(name, facts[chapter]), "html.parser"))
        ]
        for chapter, names in CHAPTER_TEMPLATES.items()
    }


@pytest.mark.parametrize("data_dir", [DATA, FREEDONIA, TINY], ids=["real", "freedonia", "tiny"])
def test_the_prose_says_nothing_twice_and_the_key_findings_are_not_repeated(data_dir):
    read = prose(data_dir)
    assert read["summary"] and read["sentencing"]
    said = [s for found in read.values() for s in found]
    assert repeated(said) == {}
    assert repeated(quotations(said)) == {}
    assert set(read["summary"]) & {s for c in ("sentencing", "casualties") for s in read[c]} == set()


def test_the_casualties_prose_cites_documents_by_number_not_by_according_to_chains():
    read = prose(DATA)
    text = " ".join(read["sentencing"] + read["casualties"])
    assert not re.search(r"according to [A-Z][^,;]* \(\d{4}\)", text)
    assert "cited in" not in text


# --- claimants are bodies ------------------------------------------------------------------------


def test_variant_names_of_one_body_resolve_to_its_one_name_in_the_real_data():
    claims = datasets.load_all(DATA)["casualty_estimates"]
    assert set(claims.loc[claims["claimant_as_given"].str.contains("Asylov|Assylov|Shalabayev"), "claimant"]) == {
        "General Prosecutor's Office"
    }
    assert set(claims.loc[claims["claimant_as_given"].str.startswith("Ministry of Internal"), "claimant"]) == {
        "Ministry of Internal Affairs"
    }
    assert set(claims.loc[claims["claimant_as_given"].str.startswith("Kazakh authorities"), "claimant"]) == {
        "Kazakh authorities"
    }
    assert claims["claimant"].nunique() < claims["claimant_as_given"].nunique()


def test_the_summary_counts_claimants_as_bodies():
    tables = datasets.load_all(DATA)
    facts = summary.compute(tables, chapters.parameters({"data_dir": str(DATA), "max_asks": 3}))
    claims = tables["casualty_estimates"]
    assert facts.period.claimants.value == claims["claimant"].nunique()
    assert facts.period.claimants.value < claims["claimant_as_given"].nunique()


def test_without_a_claimants_table_every_name_is_its_own_body():
    tables = datasets.load_all(TINY)
    assert tables["claimants"].empty
    claims = tables["casualty_estimates"]
    assert (claims["claimant"] == claims["claimant_as_given"]).all()


def test_resolve_keeps_the_name_as_given_and_the_short_name():
    bodies = pd.DataFrame(
        {"claimant": ["Interior Ministry"], "short_name": ["the Ministry"], "aliases": ["MVD; Ministry (Instagram)"]}
    )
    claims = pd.DataFrame({"claimant": ["MVD", "Ministry (Instagram)", "Reporters"]})
    resolved = claimants.resolve(claims, bodies)
    assert list(resolved["claimant"]) == ["Interior Ministry", "Interior Ministry", "Reporters"]
    assert list(resolved["claimant_as_given"]) == ["MVD", "Ministry (Instagram)", "Reporters"]
    assert list(resolved["claimant_short"]) == ["the Ministry", "the Ministry", "Reporters"]


def test_a_claimants_table_is_validated_one_line_per_problem(tiny_data):
    claims = pd.read_csv(tiny_data / "casualty_estimates.csv", dtype=str, keep_default_na=False)
    source, first = claims["source_id"].iloc[0], claims["claimant"].iloc[0]
    kind = claims["claimant_type"].iloc[0]
    other = next(t for t in ("official", "ngo") if t != kind)
    header = "claimant,short_name,claimant_type,aliases,source_id,notes\n"
    (tiny_data / "claimants.csv").write_text(
        header + f'Body A,,{other},"{first};Same",{source},\nBody B,,ngo,Same,{source},\n', encoding="utf-8"
    )
    problems = [str(p) for p in validate(tiny_data)]
    assert any(
        'claimants.csv, row 3, column "aliases"' in p and "names another body too (row 2, 'Body A')" in p
        for p in problems
    ), problems
    assert any(
        'casualty_estimates.csv, row 2, column "claimant_type"' in p and f'must be "{other}"' in p for p in problems
    ), problems
    (tiny_data / "claimants.csv").write_text(header + f"Body A,,{kind},{first},unknown-source,\n", encoding="utf-8")
    problems = [str(p) for p in validate(tiny_data)]
    assert any("claimants.csv, row 2" in p and "source_id" in p and "unknown-source" in p for p in problems), problems


def test_the_real_data_with_its_claimants_table_is_valid():
    assert validate(DATA) == []


# --- quotes in other languages ------------------------------------------------------------------


def test_every_non_english_quote_of_the_real_data_has_a_translation():
    claims = datasets.load_all(DATA)["casualty_estimates"]
    foreign = claims[claims["quote"].fillna("").map(foreign_script)]
    assert len(foreign) >= 2
    assert foreign["quote_translation"].notna().all()
    assert set(foreign["quote"].map(quotes.language)) == {"uk", "ru"}


def test_a_quote_in_cyrillic_without_a_translation_is_refused_when_the_column_is_there(tiny_data):
    path = tiny_data / "casualty_estimates.csv"
    claims = pd.read_csv(path, dtype=str, keep_default_na=False)
    claims.insert(claims.columns.get_loc("quote") + 1, "quote_translation", "")
    claims.loc[0, "quote"] = "Погибли 17 человек"
    claims.to_csv(path, index=False, lineterminator="\n")
    problems = [str(p) for p in validate(tiny_data)]
    assert any('row 2, column "quote_translation"' in p and "is required" in p for p in problems), problems
    claims.loc[0, "quote_translation"] = "17 people died"
    claims.to_csv(path, index=False, lineterminator="\n")
    assert not [p for p in validate(tiny_data) if '"quote_translation"' in str(p)]


def test_a_table_cell_gives_the_translation_then_the_original_marked_as_ours():
    cell = quotes.as_text("Погибли 17 человек", "17 people died")
    assert cell == "17 people died (translation ours; Russian original: Погибли 17 человек)"
    assert quotes.as_text("In English", None) == "In English"
    assert quotes.language("до моргів надійшли") == "uk" and quotes.language("Қаза тапқандар") == "kk"


def test_without_the_optional_columns_a_folder_loads_with_them_empty(tiny_data):
    tables = datasets.load_all(tiny_data)
    assert "quote_translation" in tables["casualty_estimates"].columns
    assert tables["casualty_estimates"]["quote_translation"].isna().all()
    assert "label" in tables["sources"].columns
