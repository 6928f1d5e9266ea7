"""Adapting the briefing: another country by data and briefing.yml alone, with no country
left in the code, and a clear one-line error for a broken config."""

import csv
import re

import nbformat
import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import DATA, ROOT, TINY, build_by_command
from kzbrief import config
from kzbrief.validation import validate

FREEDONIA = ROOT / "tests" / "fixtures" / "freedonia"


def country_words(data_dir) -> set[str]:
    """The words that tie text to one data set's country: its name, adjective and code, and the
    places of its events."""
    settings = config.load(data_dir)
    words = {settings.country, settings.adjective, settings.iso3} - {""}
    with (data_dir / "events.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["country"] == settings.iso3:
                words |= {place.strip() for place in re.split(r"[,;]", row["place"]) if place.strip()}
    return words


def found(words: set[str], text: str) -> list[str]:
    return sorted(w for w in words if re.search(rf"\b{re.escape(w)}\b", text, re.IGNORECASE))


# Words of the Kazakhstan story beyond its data's country words: its currency, leaders, cities,
# security service and the documents' wording of its cases.
KAZAKHSTAN_STORY = {
    "tenge",
    "Nazarbayev",
    "Tokayev",
    "Almaty",
    "Astana",
    "Nur-Sultan",
    "KNB",
    "Janaozen",
    "Mangistau",
    "Aktau",
    "Open Dialog",
    "oil worker",
    "oil workers",
    "strikers",
    "booklet",
}


def kazakhstan_words(data_dir) -> set[str]:
    """The Kazakhstan briefing's words that must not reach another country's briefing: less the
    names and codes of the countries that folder's briefing.yml compares with (a press-freedom
    comparison with Kazakhstan is that folder's data, not a leftover story)."""
    settings = config.load(data_dir)
    compared = set(settings.comparison_countries)
    with (data_dir / "press_freedom.csv").open(encoding="utf-8") as handle:
        names = {r["country"] for r in csv.DictReader(handle) if r["iso3"] in compared}
    return (country_words(DATA) | KAZAKHSTAN_STORY) - names - compared


def pdf_words(path) -> str:
    return " ".join("\n".join(page.extract_text() for page in PdfReader(path).pages).split())


HEADING_MARK = "\u2063§§"
NEGATION = re.compile(r"\b(no|none|nothing|not)\b", re.IGNORECASE)


def sections(html: str) -> dict[str, str]:
    """Each chapter's and section's heading, with the words a reader sees under it up to the next
    heading."""
    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("main") or soup
    for heading in main.find_all(["h2", "h3"]):
        heading.replace_with(f"{HEADING_MARK}{heading.get_text(' ', strip=True)}{HEADING_MARK}")
    parts = main.get_text(" ").split(HEADING_MARK)
    return {parts[i].strip(): " ".join(parts[i + 1].split()) for i in range(1, len(parts) - 1, 2)}


def none_only_sections(html: str) -> dict[str, str]:
    """Sections that only say there is nothing to say: one sentence with a negation ("The documents
    report no torture allegation ..."), or a standing introduction closed by "No ... in this
    selection ..." and nothing else."""
    found = {}
    for title, body in sections(html).items():
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", body) if s.strip()]
        if (len(sentences) <= 1 and NEGATION.search(body)) or (
            sentences and re.match(r"No\b.*\bthis selection\b", sentences[-1])
        ):
            found[title] = body
    return found


def layout_lines(done) -> list[str]:
    """The page-layout problems a build prints, one "layout:" line each."""
    return [line for line in (done.stdout + done.stderr).splitlines() if line.strip().startswith("layout:")]


def test_the_none_only_check_finds_what_it_looks_for():
    html = (
        "<main><h2>Chapter</h2><p>Text. More text.</p>"
        "<h3>Torture</h3><p>The documents report no torture allegation for the cases in this selection.</p>"
        "<h3>Pleas</h3><p>Where the documents give pleas, they are set side by side. This describes these "
        "cases only.</p><p>No trial in this selection has two or more defendants whose pleas are reported.</p>"
        "<h3>Named people</h3><p>The full list is in the data annex.</p>"
        "<h3>Charges</h3><p>The offence charged most often was not unique. It was fraud.</p></main>"
    )
    assert sorted(none_only_sections(html)) == ["Pleas", "Torture"]


def test_no_country_is_named_in_the_package_or_the_notebooks_code():
    words = country_words(DATA)
    assert {"Kazakhstan", "Kazakh", "KAZ", "Zhanaozen"} <= words
    hits = []
    package = ROOT / "src" / "kzbrief"
    for path in sorted(p for p in package.rglob("*") if p.suffix in (".py", ".j2", ".css", ".json") and p.is_file()):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if found(words, line):
                hits.append(f"{path.relative_to(ROOT)}:{number}: {found(words, line)}")
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for index, cell in enumerate(nbformat.read(path, as_version=4).cells):
            if found(words, cell.source):
                hits.append(f"{path.relative_to(ROOT)} cell {index}: {found(words, cell.source)}")
    assert hits == []


@pytest.fixture(scope="module")
def freedonia_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("freedonia")
    done = build_by_command(FREEDONIA, out)
    return out, done


@pytest.mark.e2e
def test_a_fictional_country_builds_end_to_end(freedonia_build):
    out, done = freedonia_build
    assert done.returncode == 0, done.stderr
    assert "warning" not in done.stdout.lower()
    # stderr carries the progress lines only: no warning, note or traceback
    assert [line for line in done.stderr.splitlines() if not line.strip().startswith(("executing ", "done "))] == []
    text = " ".join("\n".join(page.extract_text() for page in PdfReader(out / "briefing.pdf").pages).split())
    assert "Political persecution in Freedonia" in text and "Freedonia briefing test project" in text
    assert "Rufus Firefly" in text and "2010 Penal Code" in text


@pytest.mark.e2e
def test_no_word_of_the_real_country_reaches_the_fictional_briefing(freedonia_build):
    out, done = freedonia_build
    assert done.returncode == 0, done.stderr
    words = country_words(DATA) | {"Open Dialog", "oil worker", "oil workers", "strikers", "booklet", "Russia"}
    pdf = " ".join("\n".join(page.extract_text() for page in PdfReader(out / "briefing.pdf").pages).split())
    html = (out / "briefing.html").read_text(encoding="utf-8")
    assert found(words, pdf) == []
    assert found(words, re.sub(r"<[^>]+>", " ", html)) == []


@pytest.mark.e2e
def test_the_fictional_briefing_has_no_kazakhstan_word_no_none_only_section_and_no_layout_problem(freedonia_build):
    out, done = freedonia_build
    assert done.returncode == 0, done.stderr
    words = kazakhstan_words(FREEDONIA)
    assert {"Kazakhstan", "Zhanaozen", "tenge", "Tokayev", "KNB"} <= words
    assert found(words, pdf_words(out / "briefing.pdf")) == []
    assert found(words, pdf_words(out / "brief.pdf")) == []
    assert none_only_sections((out / "briefing.html").read_text(encoding="utf-8")) == {}
    assert layout_lines(done) == []


def test_the_real_config_loads():
    settings = config.load(DATA)
    assert settings.iso3 == "KAZ" and "RUS" in settings.comparison_countries
    assert settings.reference and settings.reference.documents == ("odf-2012-booklet",)


def write_config(folder, text):
    (folder / "briefing.yml").write_text(text, encoding="utf-8")


VALID = (TINY / "briefing.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            VALID.replace("\ntitle:", "\ntitel:"),
            [
                'data/briefing.yml: key "titel": unknown key; known keys: country, title, '
                "subtitle, publisher, first_year, comparison_countries, reference, "
                "legal_codes, address",
                'data/briefing.yml: key "title": missing',
            ],
        ),
        (
            VALID.replace("iso3: KAZ", "iso3: kz"),
            [
                'data/briefing.yml: key "country.iso3", value "kz": must be a '
                "three-letter ISO code in capitals (e.g. FRA)"
            ],
        ),
        (
            VALID.replace("first_year: 2002", "first_year: soon"),
            ['data/briefing.yml: key "first_year", value "soon": must be a whole number'],
        ),
        (
            "title: [unclosed",
            ["data/briefing.yml: is not valid YAML at line 1: expected ',' or ']', but got '<stream end>'"],
        ),
        ("- a list", ["data/briefing.yml: must be a mapping of keys (country:, title:, ...)"]),
    ],
)
def test_a_broken_config_is_one_line_naming_the_key(tiny_data, text, expected):
    write_config(tiny_data, text)
    assert [str(p) for p in validate(tiny_data)] == expected


def test_a_missing_config_is_named(tiny_data):
    (tiny_data / "briefing.yml").unlink()
    assert [str(p) for p in validate(tiny_data)] == [
        "data/briefing.yml: missing: every data folder needs a briefing.yml naming its country, title and publisher "
        "(see docs/data-schema.md)"
    ]


def test_a_legal_code_the_config_does_not_name_is_refused_with_its_row(tiny_data):
    write_config(tiny_data, VALID.replace("  CC-2014: 2014 Criminal Code\n", ""))
    problems = sorted(str(p) for p in validate(tiny_data))
    assert problems == [
        'data/charges.csv, row 4, column "code": value "CC-2014": not a legal code named in briefing.yml '
        "(legal_codes: CC-1997)",
        'data/offence_families.csv, row 3, column "code": value "CC-2014": not a legal code named in briefing.yml '
        "(legal_codes: CC-1997)",
    ]


def test_a_reference_document_must_be_a_source(tiny_data):
    write_config(
        tiny_data, VALID + 'reference:\n  edition: "2011-2012"\n  documents: [no-such-doc]\n  countries: [RUS]\n'
    )
    assert [str(p) for p in validate(tiny_data)] == [
        'data/briefing.yml: key "reference.documents", value "no-such-doc": is not a source_id in sources.csv'
    ]


def test_the_focus_and_peers_default_to_the_config():
    settings = config.load(DATA)
    assert config.countries(settings) == ("KAZ", list(settings.comparison_countries))
    assert config.countries(settings, "RUS", None)[1] == [c for c in settings.comparison_countries if c != "RUS"]
    assert config.countries(settings, "", []) == ("KAZ", [])
    assert config.quoted_ranks(settings, "BLR") is None, "the documents quote ranks about the briefing's country"
    assert config.quoted_ranks(settings, "KAZ", "2013").edition == "2013"


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            "title: Political persecution in Kazakhstan",
            "title: Political \u202epersecution",
            'key "title", value "Political \\u202epersecution": contains the control character U+202E; remove it',
        ),
        ("name: Kazakhstan", "name: Kazakh\x07stan", "contains the control character U+0007 (character"),
        ("name: Kazakhstan", "name: Kazakh\x00stan", "contains the control character U+0000 (character"),
        (
            "title: Political persecution in Kazakhstan",
            "title: " + "T" * 5001,
            "is 5001 characters long; a cell holds at most 5000",
        ),
        ("title: Political persecution in Kazakhstan", "title: " + "T" * 300, "at most 200 fit where it is printed"),
        ("publisher: Kazakhstan", "publisher: =HYPERLINK(1)", 'starts with "="'),
        (
            "comparison_countries: [RUS]",
            "comparison_countries: [RUS, XYZ]",
            'key "comparison_countries", value "XYZ": is not a country code in press_freedom.csv',
        ),
    ],
)
def test_the_configs_text_and_countries_pass_the_tables_rules(tiny_data, old, new, expected):
    write_config(tiny_data, VALID.replace(old, new, 1))
    found = [str(p) for p in validate(tiny_data)]
    assert len(found) == 1 and found[0].startswith("data/briefing.yml: ") and expected in found[0], found


def test_a_reference_edition_or_country_absent_from_the_data_is_refused(tiny_data):
    write_config(
        tiny_data,
        VALID + "reference:\n  edition: '1999'\n  documents: [ngo-report]\n  countries: [RUS, QQQ]\n",
    )
    found = [str(p) for p in validate(tiny_data)]
    assert found == [
        'data/briefing.yml: key "reference.countries", value "QQQ": is not a country code in press_freedom.csv',
        'data/briefing.yml: key "reference.edition", value "1999": is not an RSF edition in press_freedom.csv',
    ]


def test_the_address_the_briefing_is_published_at_is_optional_and_a_web_address(tiny_data):
    assert config.load(tiny_data).address == ""
    write_config(tiny_data, VALID + "address: https://example.org/briefing/\n")
    assert config.load(tiny_data).address == "https://example.org/briefing/"
    write_config(tiny_data, VALID + "address: javascript:alert(1)\n")
    assert [str(p) for p in validate(tiny_data)] == [
        'data/briefing.yml: key "address", value "javascript:alert(1)": must be a web address starting with '
        "http:// or https://"
    ]
