"""The five source documents' quantitative claims are in the data exactly, or listed as left out.

`data/seed_claims.csv` registers every quantitative claim of the five documents the hand-compiled
tables come from (data/README.md, "Quantitative claims left out"). The coverage is computed here,
never typed: a claim marked in the data counts only if the row it names holds its figure, and a
claim left out must be a line of the README's list. The verbatim check reads the documents'
extractions beside the project (../shared/seeds) and skips without them, as test_quotes does.
"""

import re

import pandas as pd
import pytest

from conftest import DATA
from kzbrief.analysis import coverage
from test_quotes import SEED_FILES, normalised, seeds  # noqa: F401  (seeds is a fixture)

REGISTER = DATA / "seed_claims.csv"
COLUMNS = ["source_id", "claim", "figure", "status", "table", "row", "match", "reason"]
# The share of claims that must be in the data or listed as left out.
FLOOR = 0.95


@pytest.fixture(scope="module")
def claims() -> pd.DataFrame:
    return pd.read_csv(REGISTER, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return {
        path.stem: pd.read_csv(path, dtype=str, keep_default_na=False)
        for path in sorted(DATA.glob("*.csv"))
        if path != REGISTER
    }


@pytest.fixture(scope="module")
def readme_section() -> str:
    text = (DATA / "README.md").read_text(encoding="utf-8")
    start = text.index("### Quantitative claims left out")
    following = re.search(r"^##", text[start + 3 :], flags=re.MULTILINE)
    return text[start : start + 3 + following.start()] if following else text[start:]


def test_the_register_names_the_five_documents_and_says_where_or_why(claims, tables):
    assert list(claims.columns) == COLUMNS
    assert set(claims["source_id"]) == set(SEED_FILES), "every document has its claims, and only these five"
    assert set(claims["status"]) <= {"in_data", "left_out", "repeat", "not_a_claim"}
    assert not claims.duplicated(["source_id", "claim"]).any(), "a claim is registered once per document"
    for claim in claims.to_dict("records"):
        assert claim["claim"].strip() and claim["figure"].strip(), claim
        if claim["status"] == "in_data":
            assert claim["table"] in tables and claim["row"] and not claim["reason"], claim
            assert claim["match"] in ("", "value", "rows"), claim
        else:  # left out, a restatement or no claim: the reason says which
            assert claim["reason"] and not claim["table"] and not claim["row"], claim


def test_every_claim_marked_in_the_data_is_in_the_row_it_names(claims, tables):
    result = coverage.claim_coverage(claims, tables)
    assert not result["not_found"], "\n".join(
        f"{c['source_id']}: {c['claim']!r} ({c['figure']}) not in {c['table']} {c['row']}" for c in result["not_found"]
    )


def test_every_claim_is_quoted_verbatim_from_its_document(claims, seeds):  # noqa: F811
    for claim in claims.to_dict("records"):
        assert normalised(claim["claim"]) in seeds[claim["source_id"]], (claim["source_id"], claim["claim"])


# Numerals in a document that are not the document's statements, found by their form.
NOT_STATEMENTS = [
    r"(?:https?://|www\.)\S+|\S+@\S+|\b[\w.-]+\.(?:kz|org|eu|com|ru|info|net|gov)\b/?\S*",  # addresses
    r"\[\d+\]",  # a footnote reference: [12]
    r"(?<=[A-Za-z.;:'\"»])\d{1,2}\b(?!%|[.,]\d)",  # a footnote number glued to a word or a stop: 'years6', '".4'
    r"\b\d{1,2}\.?\s+(?=https?://|www\.)",  # a footnote's number before its address
    r"(?<=\d{4}\.)\d{1,2}\b",  # a footnote number after a year: '11 April, 2016.4'
    r"\b\d{1,2}\.(?:\d{1,2}\.)*(?=\s+[A-Z'])",  # a section number: '2.1. Base for persecution'
    r"\b(?:Art\.|Article|article|section|paragraph|No\.|No)\s*\d+",  # an article or a court's number
]
# Where a document's closing list of contacts (addresses, telephone numbers) begins.
CONTACTS = {
    "odf-2015-zhanaozen-anniversary": "Igor Savchenko –",
    "odf-2016-land-protests": "All those wishing to support our appeals",
}
NUMERAL = (
    r"\d+(?:[.,]\d+)*|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|dozens?|hundreds?|thousands?|millions?|billions?)\b"
)


def unregistered_numerals(text: str, fragments: list[str], contacts: str | None) -> list[tuple[str, str]]:
    """Each numeral of `text` (digits, or a number in words) that lies in no registered fragment
    and is no footnote, section, article or address number, with its context."""
    if contacts and contacts in text:
        text = text[: text.index(contacts)]
    covered = bytearray(len(text))
    spans = [m.span() for fragment in fragments for m in re.finditer(re.escape(fragment), text)]
    spans += [m.span() for pattern in NOT_STATEMENTS for m in re.finditer(pattern, text)]
    for start, end in spans:
        covered[start:end] = b"\x01" * (end - start)
    return [
        (m.group(), text[max(0, m.start() - 60) : m.end() + 30])
        for m in re.finditer(NUMERAL, text, flags=re.IGNORECASE)
        if not covered[m.start()]
    ]


def test_every_numeral_of_the_documents_is_in_a_registered_claim(claims, seeds):  # noqa: F811
    """The register is complete: each number a document states is in one of its lines, as a claim
    (in the data or left out), a restatement of one, or a numeral that is no claim."""
    for source_id, text in seeds.items():
        fragments = [normalised(c) for c in claims.loc[claims["source_id"] == source_id, "claim"]]
        left = unregistered_numerals(text, fragments, CONTACTS.get(source_id))
        assert not left, f"{source_id}: numerals in no register line:\n" + "\n".join(f"{n}: {c}" for n, c in left)


def test_the_numeral_scan_finds_a_figure_and_passes_over_footnotes_and_addresses():
    text = (
        "Police detained 40 people [3] in 2016.4 See 2.1. Result under Art. 174 at http://x.kz/12, paid $50 and 5 more."
    )
    police = "Police detained 40 people"
    found = unregistered_numerals(text, [police], None)
    assert [numeral for numeral, _ in found] == ["2016.4", "50", "5"]
    assert len(unregistered_numerals(text, [police], "and 5")) == 2, "the contacts are not read"
    assert unregistered_numerals(text, [police, "in 2016", "paid $50"], "and 5") == []


def test_every_claim_left_out_is_a_line_of_the_readme_with_its_reason(claims, readme_section):
    lines = [line for line in readme_section.splitlines() if line.startswith("- ") and " — “" in line]
    left_out = claims[claims["status"] == "left_out"]
    assert len(lines) == len(left_out), "one line per claim left out, and no other"
    for claim in left_out.to_dict("records"):
        line = f"(`{claim['source_id']}`) — “{claim['claim']}” — {claim['reason']}"
        assert any(entry.endswith(line) for entry in lines), line


def test_the_coverage_is_at_least_the_floor_and_the_readme_states_it_as_computed(claims, tables, readme_section):
    result = coverage.claim_coverage(claims, tables)
    assert result["share_accounted"] >= FLOOR
    total = result["claims"]
    found = result["in_data"]
    accounted = found + result["left_out"]
    assert f"claims in the data exactly: {found} of {total} ({100 * found / total:.1f} %)" in readme_section
    assert (
        f"claims in the data or listed below as left out: {accounted} of {total} ({100 * accounted / total:.1f} %)"
        in readme_section
    )


def test_a_claim_counts_only_where_its_row_holds_the_figure():
    tables = {
        "sentences": pd.DataFrame(
            [
                {"case_id": "a", "stage": "first_instance", "term_min": "3", "term_max": "7", "source_id": "doc1"},
                {"case_id": "a", "stage": "first_instance", "term_min": "5", "term_max": "5", "source_id": "doc2"},
            ]
        ),
        "charges": pd.DataFrame([{"case_id": "a", "label": "x", "source_id": "doc1"}] * 3),
        "events": pd.DataFrame([{"event_id": "e-2016-05-21", "start_date": "2016-05", "source_id": "doc1"}]),
    }

    def claim(**fields):
        base = {"source_id": "doc1", "claim": "", "figure": "", "status": "in_data", "table": "", "row": ""}
        return base | {"match": ""} | fields

    row = "case_id=a;stage=first_instance"
    assert coverage.claim_found(claim(table="sentences", row=row, figure="3&7"), tables)
    assert not coverage.claim_found(claim(table="sentences", row=row, figure="5"), tables), "another document's row"
    assert coverage.claim_found(claim(source_id="doc2", table="sentences", row=row, figure="5"), tables)
    assert not coverage.claim_found(claim(table="sentences", row=row, figure="3&8"), tables), "both ends of a range"
    assert coverage.claim_found(claim(table="charges", row="case_id=a", figure="3", match="rows"), tables)
    assert not coverage.claim_found(claim(table="charges", row="case_id=a", figure="2", match="rows"), tables)
    # An identifier holds no figure; an event row belongs to no one document.
    assert not coverage.claim_found(claim(table="events", row="event_id=e-2016-05-21", figure="2016-05-21"), tables)
    assert coverage.claim_found(
        claim(source_id="doc9", table="events", row="event_id=e-2016-05-21", figure="2016-05"), tables
    )
    assert not coverage.claim_found(claim(table="nowhere", row="x=y", figure="1"), tables)

    register = pd.DataFrame(
        [
            claim(table="sentences", row=row, figure="3&7"),
            claim(table="sentences", row=row, figure="9"),
            claim(status="left_out", reason="background"),
            claim(status="left_out", reason="background"),
        ]
    )
    result = coverage.claim_coverage(register, tables)
    assert (result["claims"], result["in_data"], result["left_out"]) == (4, 1, 2)
    assert result["share_in_data"] == 0.25 and result["share_accounted"] == 0.75
    assert [c["figure"] for c in result["not_found"]] == ["9"]
