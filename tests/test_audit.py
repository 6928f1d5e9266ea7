"""Each kind of mistake the sentence-by-sentence audit of the briefing found (December 2026), caught
in general rather than for the one sentence it was found in:

* scope: a count of "the people the documents name as prosecuted" over all events must say which
  events it leaves out because the documents count their prosecutions only as totals, and a
  section whose documents stop in one year says so (torture allegations);
* citation: a sentence that cites documents cites every document each of its figures rests on
  (the 7 sent to prison rest on five documents, not on the one cited for the 9 pending);
* status: a status (pending, still held, the only trial, a rank "now") is always dated;
* words the source does not say: a prison sentence without a term in one document is not "a
  verdict without a length" when another document gives the term of the same trial;
* claim dates: a claim whose quote dates it ("by January 11", "as of Monday") carries that date,
  not the date of the report that quotes it.

Sums across documents, the fifth kind, are caught by tests/test_group_count_sums.py.

The fast tests render the templates without a kernel, over the real data and the fixtures; the
e2e tests read the built briefing and its facts catalog.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from types import SimpleNamespace

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from conftest import DATA, ROOT
from kzbrief import chapters, datasets
from kzbrief.analysis import sentencing as sn
from kzbrief.chapters import methods, profiles, sentencing, summary
from kzbrief.pipeline.briefing import BuildOptions, build
from kzbrief.render import Text

FREEDONIA = ROOT / "tests" / "fixtures" / "freedonia"
TINY = ROOT / "tests" / "fixtures" / "tiny"

YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# Words that state a status: true as of a date, never timelessly.
STATUS = re.compile(
    r"\b(?:still awaiting|awaiting a verdict|case pending|still (?:being )?held|remain(?:s|ed)? in (?:custody|prison)"
    r"|the only trial|now\b|currently|to date|so far)",
    re.IGNORECASE,
)


def _params(data_dir) -> dict:
    return chapters.parameters({"data_dir": str(data_dir), "max_asks": 3})


def _facts(data_dir):
    tables = datasets.load_all(data_dir)
    params = _params(data_dir)
    return SimpleNamespace(
        tables=tables,
        params=params,
        text=Text(data_dir, tables["sources"]),
        summary=summary.compute(tables, params),
        sentencing=sentencing.compute(tables, params),
        methods=methods.compute(tables, params),
    )


@pytest.fixture(scope="module")
def real():
    return _facts(DATA)


def _rendered(f, *names: str) -> list[tuple[str, str]]:
    """(template, its HTML) for each template the folder's words have, on its chapter's facts (the
    chapter is the template's folder: 'summary/key_findings.md' renders the summary's facts)."""
    return [(name, f.text.html(name, getattr(f, name.split("/")[0]))) for name in names if f.text.words.exists(name)]


def _blocks(html: str) -> list:
    """The paragraphs and list items of rendered prose (innermost only)."""
    soup = BeautifulSoup(html, "html.parser")
    return [b for b in soup.select("p, li") if not b.find(["p", "li"])]


def _plain(block) -> str:
    return " ".join(block.get_text(" ").split())


# --- scope: what a count of named people leaves out -------------------------------------------------


def _only_totals(tables) -> set[str]:
    """Events of the briefing's country for which the documents count people prosecuted or
    convicted (casualty_estimates) but the case table holds no one (named or in a group)."""
    claims = tables["casualty_estimates"]
    events = tables["events"]
    home = events.set_index("event_id")["country"]
    counted = claims[claims["metric"].isin(sn.PROSECUTION_METRICS)]
    cases = tables["cases"]
    accused = cases[~cases["role"].isin(sn.STATE_AGENT_ROLES)]
    country = home.mode().iloc[0]
    return {
        e
        for e in counted["event_id"]
        if e not in set(accused["event_id"]) and home.get(e) == country and e in set(events["event_id"])
    }


def test_the_events_counted_only_in_totals_are_found(real):
    expected = _only_totals(real.tables)
    found = {u.event for u in real.sentencing.unnamed}
    names = real.tables["events"].set_index("event_id")["name"]
    # every event with totals and no one in the case table, and perhaps events with a few named
    assert {names[e] for e in expected} <= found
    for u in real.sentencing.unnamed:
        assert all(c.figure.value[0] > u.named.value for s in u.statements for c in s.counts)
    # the real data: January 2022 has 1,221 tried and 1,205 convicted and no named defendant
    if "january-2022" in {e for e in names.index if names[e] in found}:
        figures = {c.figure.shown for u in real.sentencing.unnamed for s in u.statements for c in s.counts}
        assert {"1,221", "1,205"} <= figures


@pytest.mark.parametrize("data_dir", [DATA, FREEDONIA, TINY], ids=["real", "freedonia", "tiny"])
def test_every_count_of_named_people_says_which_events_it_leaves_out(data_dir):
    """The chapter's opening count, the key finding, the brief's finding and the methods' count
    each name every event whose prosecutions the documents give only as totals."""
    f = _facts(data_dir)
    short = {u.short for u in f.sentencing.unnamed}
    texts = {
        "sentencing/lead.md": f.text.html("sentencing/lead.md", f.sentencing),
        "summary/key_findings.md": f.text.html("summary/key_findings.md", f.summary),
        "methods/lead.md": f.text.html("methods/lead.md", f.methods),
    }
    for name, html in texts.items():
        said = " ".join(_plain(b) for b in _blocks(html))
        if not re.search(r"\bname[sd]? \d", said):
            continue  # this text prints no count of named people
        for event in short:
            assert event in said, f"{name} counts named people without saying it leaves out {event}"
    # the chapter gives each total with its claimant and date, and calls them claims
    lead = " ".join(_plain(b) for b in _blocks(texts["sentencing/lead.md"]))
    for u in f.sentencing.unnamed:
        for s in u.statements:
            assert s.claimant in lead
    if short:
        assert "claims" in lead


def test_the_torture_section_dates_its_documents_and_names_what_it_leaves_out(real):
    scope = real.sentencing.torture_scope
    said = " ".join(_plain(b) for b in _blocks(real.text.html("sentencing/torture.md", real.sentencing)))
    if scope.first_year:
        assert f"documents of {scope.first_year}" in said
    if scope.events_without:
        assert "no torture allegation" in said and scope.latest_without in said


# --- citations: a sentence that cites, cites every document its figures rest on ---------------------


def uncited(html: str, numbers: dict[str, int]) -> list[str]:
    """Figures in a paragraph or list item that cites documents, whose own documents are not all
    among those it cites: '7 (named people: custodial) rests on [2, 7], not cited'."""
    problems = []
    for block in _blocks(html):
        cited = {int(a["href"].split("-")[-1]) for a in block.select("a.cite[href^='#source-']")}
        if not cited:
            continue  # a sentence that points to a figure or a table cites through its source line
        for span in block.select("span.fact[data-sources]"):
            if span.find_parent("a"):
                continue
            before = span.previous_sibling
            if isinstance(before, str) and before.rstrip().endswith("these"):
                continue  # "Of these 34 people": a back-reference to a count cited where it is stated
            own = {numbers[s] for s in span["data-sources"].split() if s in numbers}
            if own - cited:
                problems.append(
                    f"{span.get_text(' ', strip=True)} ({span.get('data-what', '')}) rests on "
                    f"{sorted(own - cited)}, not cited in: {_plain(block)[:160]}"
                )
    return problems


@pytest.mark.parametrize("data_dir", [DATA, FREEDONIA, TINY], ids=["real", "freedonia", "tiny"])
def test_a_finding_cites_every_document_its_figures_rest_on(data_dir):
    f = _facts(data_dir)
    numbers = f.text._numbers
    problems = []
    for name, html in _rendered(
        f, "summary/key_findings.md", "sentencing/lead.md", "sentencing/outcomes.md", "sentencing/releases.md"
    ):
        problems += [f"{name}: {p}" for p in uncited(html, numbers)]
    assert problems == []


# --- statuses are dated ---------------------------------------------------------------------------------


# A status word no date can qualify: the briefing is read long after it is built.
NOW = re.compile(r"\b(?:now|currently|today|at present)\b", re.IGNORECASE)


def undated_statuses(texts: list[str]) -> list[str]:
    """Clauses (parts of a sentence between semicolons) that state a status with no year in them,
    and any "now": 'In the only trial of police …, 5 officers were sentenced' is a status as of
    the report that says it, and needs its date in its own clause, not in the next one."""
    found = []
    for text in texts:
        text = re.sub(r"“[^”]*”", "“…”", text)  # a quotation is the document's wording, dated by it
        text = re.sub(r"https?://\S+", "", text)  # a web address is not a statement
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z“\"(])", text):
            if NOW.search(sentence):
                found.append(sentence)
                continue
            for clause in re.split(r";\s", sentence):
                if STATUS.search(clause) and not YEAR.search(clause):
                    found.append(clause)
    return found


def test_the_status_check_catches_the_undated_statuses_the_audit_found():
    before = [
        "Press freedom has declined: Kazakhstan ranks lower in RSF's index now than in 2022.",
        "In the only trial of police implicated in the Zhanaozen shooting, 5 officers were sentenced to 5–7 years "
        "[2]; the Open Dialog Foundation wrote in 2015 that “they were released early”.",
        "Date not given — First instance: case pending, no verdict reported [5].",
    ]
    assert len(undated_statuses(before)) == 3
    after = [
        "Press freedom has declined: Kazakhstan ranks lower in RSF's 2026 index than in its 2022 index.",
        "In the only trial of police implicated in the Zhanaozen shooting by October 2012, 5 officers were "
        "sentenced to 5–7 years [2].",
        "As of 2016 (date of the report) — First instance: case pending, no verdict reported [5].",
        "7 sent to prison and 9 still awaiting a verdict as of 2016 [5].",
    ]
    assert undated_statuses(after) == []


@pytest.mark.parametrize("data_dir", [DATA, FREEDONIA, TINY], ids=["real", "freedonia", "tiny"])
def test_every_status_in_the_findings_and_the_sentencing_prose_is_dated(data_dir):
    f = _facts(data_dir)
    texts = []
    for _, html in _rendered(
        f, "summary/bottom_line.md", "summary/key_findings.md", "sentencing/lead.md", "sentencing/outcomes.md"
    ):
        texts += [_plain(b) for b in _blocks(html)]
    assert undated_statuses(texts) == []


def test_a_pending_decision_without_a_date_is_dated_by_its_report(real):
    tables = real.tables
    pending = tables["sentences"][(tables["sentences"]["outcome"] == "pending") & tables["sentences"]["date"].isna()]
    if pending.empty:
        pytest.skip("no undated pending decision in the data")
    case = tables["cases"].set_index("case_id").loc[pending["case_id"].iloc[0]]
    case = pd.concat([pd.Series({"case_id": pending["case_id"].iloc[0]}), case])
    facts = profiles.profile_facts(case, tables, "years", {})
    undated = [d for d in facts.decisions if d.outcome == "pending" and not d.date]
    assert undated and all(d.reported for d in undated)
    said = real.text.html("profiles/profile.md", facts)
    assert "As of " in said and "Date not given — First instance: case pending" not in said


def test_a_call_for_action_is_dated_and_says_when_it_is_quoted(real):
    said = " ".join(_plain(b) for b in _blocks(real.text.html("summary/asks.md", real.summary)))
    for ask in real.summary.asks:
        assert f"{ask.made_by} (" in said
        assert bool(ask.quoted_by) == (f"{ask.made_by} (as quoted in" in said)
    assert " asks " not in said  # a document's call is reported in the past, as of its date


# --- words the documents do not say ----------------------------------------------------------------------


def test_a_sentence_without_a_term_is_not_called_a_verdict_without_a_length_when_another_document_gives_it(real):
    gaps = real.methods.gaps
    said = " ".join(_plain(b) for b in _blocks(real.text.html("methods/gaps.md", real.methods)))
    if gaps.term_elsewhere:
        assert "another document gives" in said
    if gaps.no_term and gaps.term_elsewhere.value == gaps.no_term.value:
        assert "not its length" not in said


def test_the_release_statements_are_not_called_court_decisions(real):
    for name in ("summary/unknown.md", "methods/gaps.md"):
        facts = real.summary if name.startswith("summary") else real.methods
        if real.text.words.exists(name):
            said = " ".join(_plain(b) for b in _blocks(real.text.html(name, facts)))
            assert "court decisions the documents report" not in said
            assert "reported court decisions" not in said


# --- claim dates: the claimant's date, not the report's, when the quote gives it -------------------------

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], start=1)}  # fmt: skip
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_BY_DATE = re.compile(
    r"\b(?:by|as of|on)\s+(?:(?P<d1>\d{1,2})\s+(?P<m1>[A-Za-z]+)|(?P<m2>[A-Za-z]+)\s+(?P<d2>\d{1,2}))\b", re.IGNORECASE
)
_AS_OF_DAY = re.compile(r"\b(?:as of|on)\s+(?P<day>" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE)


def claim_date_problems(claims: pd.DataFrame) -> list[str]:
    """Claims whose quote dates the figure ("by January 11", "as of Monday") while the claim
    date says otherwise: the claim date is the claimant's, not the report's."""
    problems = []
    for r in claims.itertuples():
        quote, date = str(r.quote), str(r.claim_date) if pd.notna(r.claim_date) else ""
        # a status the quote dates: 'by January 11', 'as of 10 January' (an 'on 21 May' that
        # dates the event itself is not the date of the figure, so only 'by' and 'as of' count)
        for m in _BY_DATE.finditer(quote):
            if not m.group(0).lower().startswith(("by", "as of")):
                continue
            month = _MONTHS.get((m.group("m1") or m.group("m2") or "").lower())
            day = int(m.group("d1") or m.group("d2"))
            if month and not re.fullmatch(rf"\d{{4}}-{month:02d}-{day:02d}", date):
                problems.append(f"{r.claim_id}: quote says {m.group(0)!r}, claim_date {date or 'empty'}")
        for m in _AS_OF_DAY.finditer(quote):
            if not re.fullmatch(r"\d{4}-\d\d-\d\d", date):
                problems.append(f"{r.claim_id}: quote says {m.group(0)!r}, claim_date {date or 'empty'} is not a day")
            elif _WEEKDAYS[dt.date.fromisoformat(date).weekday()] != m.group("day").lower():
                problems.append(f"{r.claim_id}: quote says {m.group(0)!r}, but {date} is not a {m.group('day')}")
    return problems


def test_a_claim_date_is_the_date_the_quote_gives_not_the_report_s():
    claims = pd.read_csv(DATA / "casualty_estimates.csv", dtype=str)
    assert claim_date_problems(claims) == []


def test_the_claim_date_check_catches_a_report_date_used_for_a_dated_quote():
    claims = pd.DataFrame(
        [
            {"claim_id": "by", "quote": "by January 11, some 9,900 persons were in detention", "claim_date": "2023-01"},
            {"claim_id": "monday", "quote": "detained 7,939 people as of Monday", "claim_date": "2022-01-11"},
            {"claim_id": "event", "quote": "On 21 May, 2016, police detained more than 1,000", "claim_date": "2016"},
            {"claim_id": "right", "quote": "by January 11, some 9,900 persons", "claim_date": "2022-01-11"},
        ]
    )
    found = claim_date_problems(claims)
    assert [p.split(":")[0] for p in found] == ["by", "monday"]


def test_a_claim_dated_by_its_report_says_so_in_its_notes():
    """Where the document gives no date for a figure, the claim date is the document's and the
    notes say so (or the claim date is left empty and the briefing marks it "reported")."""
    claims = pd.read_csv(DATA / "casualty_estimates.csv", dtype=str)
    documents = pd.read_csv(DATA / "sources.csv", dtype=str).set_index("source_id")
    sources, publishers = documents["date"], documents["publisher"]
    undated_words = re.compile(
        r"date unknown|document date used|does not date|not dated|gives no date|date is not in|year of publication",
        re.I,
    )
    dated_in_quote = re.compile(r"\b(?:on|as of|by|said|statement)\b", re.I)
    problems = [
        r.claim_id
        for r in claims.itertuples()
        if pd.notna(r.claim_date)
        and r.claim_date == sources.get(r.source_id)
        and len(str(r.claim_date)) < 10  # a year or a month: the report's, not a day a claimant gave
        and not undated_words.search(str(r.notes))
        and not dated_in_quote.search(str(r.quote))
        # a document's own statement is dated by the document
        and str(r.claimant) not in str(publishers.get(r.source_id, ""))
    ]
    assert problems == []


# --- the built briefing (e2e) ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("audit-build")
    build(
        BuildOptions(data_dir=DATA, build_dir=root / "build", figures_dir=root / "figures", jobs=2), log=lambda m: None
    )
    return root / "build"


def _cited(sentence: str) -> set[str]:
    cited = set()
    for group in re.findall(r"\[([\d,\s–]+)\]", sentence):
        for part in (p.strip() for p in group.split(",")):
            if "–" in part:
                a, b = part.split("–")
                cited |= {str(n) for n in range(int(a), int(b) + 1)}
            elif part:
                cited.add(part)
    return cited


@pytest.mark.e2e
def test_every_printed_figure_in_a_citing_sentence_has_its_documents_cited(built):
    """Over the facts catalog of the whole build (briefing and brief): a figure printed in a
    sentence that cites documents rests only on documents it cites."""
    problems = []
    with open(built / "facts.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            own = set(re.findall(r"\[(\d+)\]", row["sources"]))
            cited = _cited(row["sentence"])
            if re.search(rf"\bthese\s+{re.escape(row['printed'])}", row["sentence"]):
                continue  # a back-reference ("Of these 34 people") to a count stated and cited before
            if own and cited and own - cited:
                problems.append(f"{row['id']} {row['printed']} ({row['what']}): {sorted(own - cited)} not cited")
    assert problems == []


@pytest.mark.e2e
def test_every_status_in_the_built_briefing_and_brief_is_dated(built):
    soup = BeautifulSoup((built / "briefing.html").read_text(encoding="utf-8"), "html.parser")
    texts = [
        _plain(b)
        for b in soup.select("main p, main li")
        if not b.find(["p", "li"]) and not b.find_parent(["figure", "table"])
    ]
    assert undated_statuses(texts) == []


@pytest.mark.e2e
def test_the_built_sentencing_chapter_names_the_events_it_counts_only_in_totals(built):
    tables = datasets.load_all(DATA)
    names = tables["events"].set_index("event_id")["name"]
    soup = BeautifulSoup((built / "briefing.html").read_text(encoding="utf-8"), "html.parser")
    text = " ".join(soup.get_text(" ").split())
    for event in _only_totals(tables):
        assert f"prosecuted over {names[event]}" in text


def test_an_event_with_a_few_named_people_and_far_larger_totals_is_still_said(real):
    """When the documents name a few people for an event whose totals run to a thousand, the count
    of named people says so: 'only 2 over the January 2022 unrest'."""
    if not real.sentencing.unnamed:
        pytest.skip("no event is counted in totals beyond its named people")
    u = real.sentencing.unnamed[-1]
    events = real.tables["events"].set_index("name")["event_id"]
    tables = dict(real.tables)
    cases = tables["cases"]
    added = cases[~cases["is_group"].astype(bool)].iloc[[0]].copy()
    added["case_id"], added["defendant"], added["event_id"] = "audit-added-person", "Added Person", events[u.event]
    if "person_id" in added.columns:
        added["person_id"] = "audit-added-person"
    tables["cases"] = pd.concat([cases, added], ignore_index=True)
    facts = sentencing.compute(tables, real.params)
    now = next(x for x in facts.unnamed if x.event == u.event)
    n = u.named.value + 1
    assert now.named.value == n
    lead = " ".join(_plain(b) for b in _blocks(real.text.html("sentencing/lead.md", facts)))
    assert f"the documents name only {n} {'person' if n == 1 else 'people'} the state prosecuted" in lead
    found = " ".join(
        _plain(b) for b in _blocks(real.text.html("summary/key_findings.md", summary.compute(tables, real.params)))
    )
    assert f"only {n} over the {u.short}" in found
