"""Case profiles: who is chosen (analysis.profiles), what the chapter computes (chapters.profiles)
and what each profile says (templates profiles/*.md), from small frames, the tiny and fictional
fixtures and the real data; no kernel."""

import re

import pandas as pd
import papermill
import pytest
from bs4 import BeautifulSoup

from conftest import DATA, ROOT, TINY, notebook_text, one_source
from kzbrief import citations, datasets, english
from kzbrief.analysis import profiles as pr
from kzbrief.analysis import sentencing, statuses
from kzbrief.chapters import profiles as chapter
from kzbrief.render import Text

FREEDONIA = ROOT / "tests" / "fixtures" / "freedonia"

CASE_COLUMNS = [
    "case_id",
    "defendant",
    "n_persons",
    "is_group",
    "aliases",
    "role",
    "event_id",
    "proceeding",
    "court",
    "city",
    "plea",
    "torture_alleged",
    "source_id",
    "notes",
]
SENTENCE_COLUMNS = [
    "case_id",
    "stage",
    "date",
    "outcome",
    "term_min",
    "term_max",
    "term_unit",
    "prosecutor_request",
    "source_id",
    "notes",
]
TORTURE_COLUMNS = [
    "allegation_id",
    "case_id",
    "source_id",
    "n_people",
    "testified_in_court",
    "allegation_quote",
    "response_body",
    "response",
    "response_quote",
    "response_date",
    "notes",
]


def frame(columns, rows):
    table = pd.DataFrame([dict(zip(columns, row)) for row in rows], columns=columns)
    return table.astype(object).where(table.notna(), pd.NA)


def case(
    case_id,
    name,
    *,
    source="doc-a",
    group=False,
    aliases=pd.NA,
    role="activist",
    torture="unknown",
    plea="unknown",
    court=pd.NA,
    city=pd.NA,
):
    return (
        case_id,
        name,
        5 if group else 1,
        group,
        aliases,
        role,
        pd.NA,
        f"{name} trial",
        court,
        city,
        plea,
        torture,
        source,
        pd.NA,
    )


def sentence(case_id, stage, date, outcome, term=None, unit="years", source="doc-a", request=pd.NA, notes=pd.NA):
    low = pd.NA if term is None else term
    return (case_id, stage, date, outcome, low, low, pd.NA if term is None else unit, request, source, notes)


def small_tables(cases, sentences, charges=(), torture=None, sources=None):
    tables = {
        "cases": frame(CASE_COLUMNS, cases),
        "sentences": frame(SENTENCE_COLUMNS, sentences),
        "charges": frame(["case_id", "code", "article", "part", "label", "source_id"], charges),
        "offence_families": frame(
            ["code", "article", "family", "source_id", "notes"],
            [("CC-1997", "164", "inciting social discord", "doc-a", pd.NA)],
        ),
        "events": frame(
            ["event_id", "name", "start_date", "end_date", "place", "country", "description", "source_id"], []
        ),
        "sources": frame(
            ["source_id", "publisher", "title", "date", "url", "source_type", "cited_in", "notes"],
            sources
            or [
                ("doc-a", "Example NGO", "Report A", "2014-03", pd.NA, "ngo", pd.NA, pd.NA),
                ("doc-b", "Example News", "Article B", "2016-09-30", pd.NA, "media", pd.NA, pd.NA),
            ],
        ),
        "conflicts": frame(["conflict_id", "subject", "source_ids", "claim_ids", "accounts", "treatment", "notes"], []),
    }
    for name in ("is_group",):
        tables["cases"][name] = tables["cases"][name].astype(bool)
    if torture is not None:
        tables["torture_allegations"] = frame(TORTURE_COLUMNS, torture)
    return tables


def cited(text: str) -> set[int]:
    """Every bibliography number in a text's '[1, 3]' and '[1, 2, 3, 4]' citations."""
    found = set()
    for group in re.findall(r"\[([\d,–\s]+)\]", text):
        for part in group.split(","):
            low, _, high = part.strip().partition("–")
            found |= set(range(int(low), int(high or low) + 1))
    return found


def text_of(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").get_text().split())


def params(data_dir=DATA, **changed) -> dict:
    return {
        "data_dir": str(data_dir),
        "start_year": 2002,
        "end_year": None,
        "events": [],
        "term_unit": "years",
    } | changed


def profile_html(tables, row: int = 0, unit: str = "years", code_names=None) -> str:
    """One person's profile as the notebook displays it."""
    person = chapter.profile_facts(tables["cases"].iloc[row], tables, unit, code_names or {})
    return Text(DATA, tables["sources"]).html("profiles/profile.md", person, wrap="section.profile")


def lead_text(tables, n: int) -> str:
    facts = chapter.compute(tables, params(TINY, n_profiles=n))
    return text_of(Text(DATA, tables["sources"]).html("profiles/lead.md", facts))


def chapter_html(tables, facts, data_dir=DATA) -> str:
    text = Text(data_dir, tables["sources"])
    return text.html("profiles/lead.md", facts) + "".join(
        text.html("profiles/profile.md", person, wrap="section.profile") for person in facts.profiles
    )


@pytest.fixture(scope="module")
def real():
    tables = datasets.load_all(DATA)
    choice = pr.choose(pr.ranking(tables), 8)
    chosen = pr.in_date_order(choice.chosen, tables["sentences"])
    # everyone with a recorded decision is profiled here, so the tests can read any person's profile
    facts = chapter.compute(tables, params(n_profiles=100))
    chosen = pr.in_date_order(pr.choose(pr.ranking(tables), 100).chosen, tables["sentences"])
    return tables, choice, chosen, chapter_html(tables, facts)


# --- choosing ------------------------------------------------------------------------------------


def test_ranking_prefers_more_documents_then_longer_span_then_more_decisions():
    tables = small_tables(
        [
            case("a", "Two Documents"),
            case("b", "Long Span"),
            case("c", "Many Decisions"),
            case("d", "No Decision"),
            case("g", "A Group", group=True),
            case("p", "Police Officer", role="police officer"),
        ],
        [
            sentence("a", "first_instance", "2012-01", "custodial", 5),
            sentence("a", "first_instance", "2012-01", "custodial", 5, source="doc-b"),
            sentence("b", "first_instance", "2002-08", "custodial", 7),
            sentence("b", "parole", "2006-01", "released"),
            sentence("c", "first_instance", "2012-06", "custodial", 7),
            sentence("c", "appeal", "2012-08", "custodial", 5),
            sentence("c", "release", "2012-09", "released"),
            sentence("g", "first_instance", "2012", "suspended"),
            sentence("p", "first_instance", "2012", "custodial"),
        ],
    )
    ranked = pr.ranking(tables)
    assert ranked["case_id"].tolist() == ["a", "b", "c"]  # no group, no state agent, nobody without a decision
    assert ranked.set_index("case_id").loc["b", "years_followed"] == 4
    choice = pr.choose(ranked, 2)
    assert choice.chosen["case_id"].tolist() == ["a", "b"] and choice.pool == 3 and choice.tied == []
    # shown in the order of the first dated decision
    assert pr.in_date_order(choice.chosen, tables["sentences"])["case_id"].tolist() == ["b", "a"]


def test_a_tie_at_the_cut_is_named_in_the_introduction():
    tables = small_tables(
        [case("a", "Anna Alpha"), case("b", "Boris Beta")],
        [
            sentence("a", "first_instance", "2012", "custodial", 5),
            sentence("b", "first_instance", "2012", "custodial", 6),
        ],
    )
    choice = pr.choose(pr.ranking(tables), 1)
    assert choice.chosen["defendant"].tolist() == ["Anna Alpha"] and choice.tied == ["Boris Beta"]
    intro = lead_text(tables, 1)
    assert intro.startswith("This chapter profiles 1 of the 2 named people with a recorded decision")
    # one person profiled: no order to explain
    assert "Their decisions date from 2012." in intro and "They appear in the order" not in intro
    assert "left out only by alphabetical order: Boris Beta" in intro
    assert lead_text(tables, 2).startswith("This chapter profiles both named people with a recorded decision")
    assert lead_text(tables, 0) == "No named person with a recorded decision is in this selection."


def test_real_selection_follows_the_rule_not_a_list(real):
    tables, choice, chosen, _ = real
    ranked = pr.ranking(tables)
    assert len(choice.chosen) == 8 and set(choice.chosen["case_id"]) == set(ranked["case_id"].head(8))
    assert ranked.iloc[0]["defendant"] == "Vladimir Kozlov"  # reported by the most documents
    keys = list(ranked[pr.RANK_COLUMNS].itertuples(index=False, name=None))
    assert keys == sorted(keys, reverse=True)


# --- decisions ------------------------------------------------------------------------------------


def test_every_decision_appears_in_date_order_with_its_source_number(real):
    tables, _, chosen, html = real
    numbers = citations.bibliography_numbers(tables["sources"])
    soup = BeautifulSoup(html, "html.parser")
    for section, case_id in zip(soup.select("section.profile"), chosen["case_id"]):
        items = [" ".join(li.get_text().split()) for li in section.select("section.profile > ul > li")]
        # A second trial's first decision opens with "New proceedings: <trial>. " before its date.
        # and, where that trial has charges of its own, "Charges reported: … [n]. "
        items = [
            re.sub(r"^new proceedings(: .*?)?\. (charges reported: .*?\]\. )?", "", li, flags=re.IGNORECASE)
            for li in items
        ]
        # A co-defendant's profile gives the decisions it shares with an earlier one as "as for X".
        shared = [li for li in items if ": as for " in li]
        items = [li for li in items if li not in shared]
        rows = tables["sentences"][tables["sentences"]["case_id"] == case_id]
        for row in rows.itertuples():
            date = english.format_date(row.date) if pd.notna(row.date) else None
            number = numbers[row.source_id]
            # a less precise date ('2016', 'Oct 2019') may be shown as the other document's full date
            listed = any((date is None or li.split(" — ")[0].endswith(date)) and number in cited(li) for li in items)
            assert listed or shared, (case_id, row)
        shown = [li.split(" — ")[0] for li in items]
        # an undated decision is "Date not given", or a status "As of <its report's date> (date of the report)"
        dates = [pd.Period(d) for d in shown if d != "Date not given" and not d.startswith("As of ")]
        assert [p.start_time for p in dates] == sorted(p.start_time for p in dates), case_id


def test_kozlov_decisions_read_plainly(real):
    _, _, chosen, html = real
    text = text_of(html)
    # the numbers follow the bibliography, which later documents lengthen
    assert re.search(
        r"8 Oct 2012 — First instance: sentenced to 7 years and 6 months in prison \[1, \d+, \d+, \d+\]", text
    )
    assert "The prosecutor had asked for 9 years [1]" in text
    assert re.search(r"8 Dec 2015 — Parole: early release refused \[\d+\]", text)
    # one release, reported as 'released' (2016 report) and as the parole (court's own date), is one line
    parole = re.search(r"4 Aug 2016 — Parole: released on parole \[\d+, \d+\]", text)
    assert text.index("early release refused") < parole.start()
    assert "2016 — Release: released" not in text
    assert "Terms are sentences courts imposed, not time served." in text
    assert "Others named in the same proceedings: Akzhanat Aminov and Serik Sapargali." in text


def test_undated_decisions_join_a_matching_dated_one_or_follow_earlier_stages():
    tables = small_tables(
        [case("a", "Anna Alpha")],
        [
            sentence("a", "release", pd.NA, "released"),
            sentence("a", "first_instance", pd.NA, "custodial", 6),
            sentence("a", "appeal", "2012-03", "house_arrest", 3, notes="stage 'appeal' is approximate"),
            sentence("a", "first_instance", "2011-10", "custodial", 6, source="doc-b"),
        ],
    )
    found = pr.decisions("a", tables["sentences"])
    assert [(d.stage, d.date, d.source_ids) for d in found] == [
        ("first_instance", "2011-10", ["doc-b", "doc-a"]),
        ("appeal", "2012-03", ["doc-a"]),
        ("release", None, ["doc-a"]),
    ]
    assert not found[1].stage_stated
    assert pr.change(found[1], found[:1]) == "reduced"
    text = text_of(profile_html(tables))
    assert "sentence reduced to 3 years, under house arrest" in text
    assert "Mar 2012 — sentence reduced to 3 years" in text  # an approximate stage is not named


def test_a_rival_account_of_the_same_review_is_not_the_term_it_changed():
    # One document: house arrest, 3 years, in a month; another: the Supreme Court's 3 years
    # suspended on a day of that month. The second reduced the 6 years, it did not uphold the 3.
    tables = small_tables(
        [case("a", "Anna Alpha")],
        [
            sentence("a", "first_instance", pd.NA, "custodial", 6),
            sentence("a", "appeal", "2012-03", "house_arrest", 3, notes="stage 'appeal' is approximate"),
            sentence("a", "supreme_court", "2012-03-06", "suspended", 3, source="doc-b"),
        ],
    )
    found = pr.decisions("a", tables["sentences"])
    assert [(d.stage, d.date) for d in found] == [
        ("first_instance", None),
        ("appeal", "2012-03"),
        ("supreme_court", "2012-03-06"),
    ]
    assert pr.change(found[1], found[:1]) == "reduced"
    assert pr.change(found[2], found[:2]) == "reduced"
    # a review certainly dated before still counts: a later court upholding it says "upheld"
    later = small_tables(
        [case("a", "Anna Alpha")],
        [
            sentence("a", "first_instance", "2011-08-08", "custodial", 6),
            sentence("a", "appeal", "2011-09-26", "custodial", 3),
            sentence("a", "supreme_court", "2012-03-06", "custodial", 3, source="doc-b"),
        ],
    )
    found = pr.decisions("a", later["sentences"])
    assert pr.change(found[2], found[:2]) == "upheld"


@pytest.mark.parametrize(
    "low, unit, display, expected",
    [
        (7.5, "years", "years", "7 years and 6 months"),
        (1, "years", "years", "1 year"),
        (15, "days", "years", "15 days"),
        (0.5, "years", "years", "6 months"),
        (7.5, "years", "months", "90 months"),
        (15, "days", "months", "15 days"),
    ],
)
def test_terms_in_words(low, unit, display, expected):
    tables = small_tables([case("a", "Anna Alpha")], [sentence("a", "first_instance", "2012", "custodial", low, unit)])
    assert f"sentenced to {expected} in prison" in text_of(profile_html(tables, unit=display))


# --- status, aliases, torture, escaping, ids -------------------------------------------------------


def test_a_pending_case_is_dated_by_its_document():
    tables = small_tables(
        [case("a", "Anna Alpha", source="doc-b")],
        [
            sentence("a", "administrative", "2016-05", "administrative_detention", 15, unit="days", source="doc-b"),
            sentence("a", "first_instance", pd.NA, "pending", source="doc-b"),
        ],
    )
    text = text_of(profile_html(tables))
    assert (
        "Latest status recorded: case pending, no verdict reported, as of 30 Sep 2016 (Example News (2016) [2])."
        in text
    )
    assert text.index("May 2016 — Administrative case: sentenced to 15 days of administrative detention") < text.index(
        "As of 30 Sep 2016 (date of the report) — First instance: case pending, no verdict reported"
    )


def test_a_pending_case_a_later_document_decides_comes_before_the_verdict():
    tables = small_tables(
        [case("a", "Anna Alpha", source="doc-a")],
        [
            sentence("a", "administrative", "2013-05", "administrative_detention", 15, unit="days", source="doc-a"),
            sentence("a", "first_instance", pd.NA, "pending", source="doc-a"),
            sentence("a", "first_instance", "2016-09-28", "custodial", 5, source="doc-b"),
        ],
    )
    text = text_of(profile_html(tables))
    pending = text.index("As of Mar 2014 (date of the report) — First instance: case pending, no verdict reported [1]")
    assert (
        text.index("May 2013 — Administrative case")
        < pending
        < text.index("28 Sep 2016 — First instance: sentenced to 5 years in prison [2]")
    )
    assert (
        "Latest status recorded: sentenced to 5 years in prison, as of 28 Sep 2016 (Example News (2016) [2])." in text
    )
    assert "Latest status recorded: case pending" not in text


def test_real_statuses_are_dated_and_the_2016_verdicts_are_not_left_pending(real):
    _, _, _, html = real
    text = text_of(html)
    assert "still awaiting" not in text
    statuses = [
        p for p in BeautifulSoup(html, "html.parser").select("section.profile > p") if "Latest status" in p.get_text()
    ]
    assert len(statuses) == len(BeautifulSoup(html, "html.parser").select("section.profile")) == 44
    for status in statuses:
        said = " ".join(status.get_text().split())
        assert re.match(
            r"Latest status recorded: .+, as of (\d{1,2} \w{3} )?(\w{3} )?\d{4} \(.+ \[[\d, ]+\]\)\.$", said
        ), said
    # Maks Bokayev and Talgat Ayan: pending in the 2016 report, sentenced on 28 Nov 2016 (Human Rights Watch)
    profiles = {
        s.find("h3").get_text(strip=True): " ".join(s.get_text().split())
        for s in BeautifulSoup(html, "html.parser").select("section.profile")
    }
    for name in ("Maks Bokayev",):
        said = profiles[name]
        verdict = re.search(r"28 Nov 2016 — First instance: sentenced to 5 years in prison \[(\d+)\]", said)
        assert verdict, said
        assert f"Human Rights Watch [{verdict.group(1)}]" in said  # the profile's own source list
        assert said.index("case pending, no verdict reported") < verdict.start()
        assert "20 Jan 2017 — Appeal: sentence upheld: 5 years in prison" in said
    assert "4 Feb 2021 — Release: released" in profiles["Maks Bokayev"]
    assert "Latest status recorded: released, as of 4 Feb 2021" in profiles["Maks Bokayev"]
    # Talgat Ayan, tried with him: the shared decisions are referred to, not said again
    assert "The first 4 decisions, up to 20 Jan 2017: as for Maks Bokayev." in profiles["Talgat Ayan"]
    assert "28 Nov 2016" not in profiles["Talgat Ayan"]
    assert "Latest status recorded: sentence upheld: 5 years in prison, as of 20 Jan 2017" in profiles["Talgat Ayan"]
    for name in ("Maks Bokayev", "Talgat Ayan"):  # sentenced since: their status is not the 2016 one
        assert "case pending, no verdict reported, as of" not in profiles[name]


def test_aliases_are_shown(real):
    tables = small_tables(
        [case("a", "Roza Example", aliases="Roza Exampel;Роза Пример")],
        [sentence("a", "first_instance", "2012", "custodial", 5)],
    )
    assert "Also spelled: Roza Exampel and Роза Пример" in text_of(profile_html(tables))
    assert "Also spelled: Maks Bokaev and Maks Boqaev" in text_of(real[3])


def test_data_values_are_escaped():
    tables = small_tables(
        [case("a", "<script>alert(1)</script>", aliases="<b>bold</b>", court="<i>court</i>")],
        [sentence("a", "first_instance", "2012", "custodial", 5)],
        charges=[("a", "unknown", pd.NA, pd.NA, "<img src=x>", "doc-a")],
    )
    html = profile_html(tables)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None and soup.find("img") is None and soup.find("i") is None
    assert soup.find("b") is None
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" in soup.get_text()


@pytest.mark.parametrize(
    "role, shown, plural",
    [
        ("blogger", "Blogger.", "2 bloggers"),
        ("candidate", "Candidate.", "2 candidates"),
        ("trade unionist", "Trade unionist.", "2 trade unionists"),
        ("official", "Official.", "2 officials"),
    ],
)
def test_the_usual_roles_are_printed_as_written(role, shown, plural):
    tables = small_tables([case("a", "A Person", role=role)], [sentence("a", "first_instance", "2012", "custodial", 5)])
    assert shown in text_of(profile_html(tables))
    assert english.count(2, role) == plural  # as a group is counted ("2 bloggers alleged torture")
    assert not sentencing.is_state_agent(tables["cases"]).any()  # counted among the persecuted, as before


def test_torture_response_is_shown_from_the_allegations_table():
    tables = small_tables(
        [case("a", "Anna Alpha", torture="true")],
        [sentence("a", "first_instance", "2012-06", "custodial", 7)],
        torture=[
            (
                "t1",
                "a",
                "doc-a",
                1,
                True,
                "She told the court she was tortured",
                "court",
                "refused_to_open_case",
                "The court refused to open a case.",
                "2012-09",
                pd.NA,
            ),
            (
                "t2",
                "a",
                "doc-b",
                pd.NA,
                pd.NA,
                "Workers said they were beaten",
                "not_stated",
                "not_stated",
                pd.NA,
                pd.NA,
                pd.NA,
            ),
        ],
    )
    text = text_of(profile_html(tables))
    assert "Torture alleged: “She told the court she was tortured” [1]." in text
    assert "Response: the court refused to open a case (Sep 2012): “The court refused to open a case.”" in text
    assert "“Workers said they were beaten” [2]. The document does not say how the authorities responded." in text


def test_without_the_allegations_table_the_case_flag_is_used():
    tables = small_tables(
        [case("a", "Anna Alpha", torture="true"), case("b", "Boris Beta")],
        [
            sentence("a", "first_instance", "2012-06", "custodial", 7),
            sentence("b", "first_instance", "2012-06", "custodial", 7),
        ],
    )
    assert "torture_allegations" not in tables
    text = text_of(profile_html(tables))
    assert "the document reports that Anna Alpha alleged torture [1]" in text
    assert "no response to the allegation is recorded" in text
    assert "Torture" not in text_of(profile_html(tables, 1))


def test_real_torture_response_for_tuletayeva(real):
    text = text_of(real[3])
    assert "Response: the court refused to open a case" in text
    assert "Roza Tuletayeva announced that during interrogation torture was exerted upon her" in text


def test_no_internal_ids_in_the_profiles(real):
    tables, _, _, html = real
    text = text_of(html)
    soup = BeautifulSoup(html, "html.parser")
    for span in soup.select("span.fact"):  # the facts catalog's record of each number's sources
        del span["data-sources"]
    html = str(soup)
    ids = set(tables["cases"]["case_id"]) | set(tables["sources"]["source_id"]) | set(tables["events"]["event_id"])
    ids |= set(tables["conflicts"]["conflict_id"])
    found = [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", html)]
    assert found == []
    for word in ("first_instance", "custodial", "not_guilty", "refused_to_open_case", "administrative_detention"):
        assert word not in text


def test_profiles_have_the_structure_the_stylesheet_styles(real):
    soup = BeautifulSoup(real[3], "html.parser")
    sections = soup.select("section.profile")
    assert len(sections) == 44
    for section in sections:
        assert section.select("section.profile > h3") and section.select("section.profile > ul > li")
        assert (
            section.select("section.profile > p")[-1].get_text().split(". ")[-1].startswith(("Source: ", "Sources: "))
        )
    labels = {s.get_text() for s in soup.select("section.profile strong")}
    assert {"Charges reported:", "Torture alleged:", "The documents differ"} <= labels
    assert any("Also spelled:" in p.get_text() for p in soup.select("section.profile > p"))
    assert "Terms are sentences courts imposed, not time served." in soup.get_text()


# --- the notebook -----------------------------------------------------------------------------------


@pytest.mark.e2e
def test_notebook_runs_on_the_tiny_fixture_with_other_parameters(tiny_data, tmp_path):
    output = tmp_path / "out.ipynb"
    papermill.execute_notebook(
        str(ROOT / "notebooks" / "04_case_profiles.ipynb"),
        str(output),
        cwd=str(ROOT / "notebooks"),
        progress_bar=False,
        parameters={
            "data_dir": str(tiny_data),
            "figures_dir": str(tmp_path / "f"),
            "n_profiles": 2,
            "term_unit": "months",
            "events": ["strike-2011"],
        },
    )
    text = notebook_text(output)
    assert "This chapter profiles both named people with a recorded decision in this selection" in text
    assert "Also spelled: Aliya Gumarova and Алия Гумарова" in text
    assert "sentenced to 84 months in prison" in text and "sentence reduced to 60 months in prison" in text
    assert "The prosecutor had asked for 108 months" in text
    assert "Response: the court refused to open a case" in text
    assert "Protest Organiser" not in text  # another event


def test_a_conflict_is_attached_to_a_person_named_in_its_subject_never_to_a_part_of_a_name():
    conflicts = pd.DataFrame(
        {
            "subject": ["Alina Serikova's term", "Ali Bek's court", "Ali Bek's charges"],
            "source_ids": ["doc", "doc", "doc"],
            "accounts": ["5 or 6 years", "two courts named", "two wordings"],
        }
    )
    ali = pd.Series({"defendant": "Ali Bek", "aliases": "Ali"})
    assert pr.conflicts_about(ali, conflicts)["subject"].tolist() == ["Ali Bek's court"]
    assert pr.conflicts_about(pd.Series({"defendant": "Bek Ali", "aliases": "Alin"}), conflicts).empty
    tables = {"cases": pd.DataFrame(), "conflicts": conflicts, "sources": one_source()}
    assert chapter.profile_facts is not None and len(tables["conflicts"]) == 3


# --- facts, without a kernel ------------------------------------------------------------------------


def test_compute_on_the_real_data():
    tables = datasets.load_all(DATA)
    facts = chapter.compute(tables, params(n_profiles=8))
    assert facts.chosen.value == 8 and facts.pool.value == 44 and not facts.everyone
    # Kozlov's verdict to Zhylanbayev's appeal of January 2024
    assert (facts.first_year.value, facts.last_year.value) == ("2012", "2024")
    # Aset and Kenzhebek Abishev rank level (3 documents, 3 years, 3 decisions, 1 charge); the name decides
    assert facts.tied == ["Kenzhebek Abishev"]
    kozlov = next(p for p in facts.profiles if p.name == "Vladimir Kozlov")
    first = kozlov.decisions[0]
    assert (first.date.value, first.stage, first.outcome) == ("2012-10-08", "first_instance", "custodial")
    assert [(p.amount.value, p.unit) for p in first.term.parts] == [(7, "years"), (6, "months")]
    assert [(p.amount.value, p.unit) for p in first.requests[0].term.parts] == [(9, "years")]
    assert kozlov.status.source == "odf-2016-08-04-kozlov-conditional-release"
    assert kozlov.status.as_of.value == "2016-08-04"
    assert kozlov.plea == "not_guilty" and kozlov.others == ["Akzhanat Aminov", "Serik Sapargali"]
    assert len(kozlov.charges.main) == 1 and len(kozlov.charges.other) == 3
    assert kozlov.conflicts[0].subject == "Vladimir Kozlov's court"


def test_compute_on_the_tiny_fixture_in_months():
    tables = datasets.load_all(TINY)
    facts = chapter.compute(tables, params(TINY, n_profiles=2, term_unit="months", events=["strike-2011"]))
    assert facts.everyone and facts.chosen.value == 2
    terms = [
        [(p.amount.value, p.unit) for p in d.term.parts]
        for person in facts.profiles
        for d in person.decisions
        if d.term
    ]
    assert [(84, "months")] in terms and [(60, "months")] in terms
    text = text_of(chapter_html(tables, facts, TINY))
    assert "This chapter profiles both named people with a recorded decision in this selection" in text
    assert "sentenced to 84 months in prison" in text and "sentence reduced to 60 months in prison" in text
    assert "The prosecutor had asked for 108 months" in text
    assert "Protest Organiser" not in text


def test_an_unknown_term_unit_is_refused():
    with pytest.raises(ValueError, match="term_unit"):
        chapter.compute(datasets.load_all(TINY), params(TINY, term_unit="weeks"))


def test_freedonia_reads_naturally():
    tables = datasets.load_all(FREEDONIA)
    facts = chapter.compute(tables, params(FREEDONIA, n_profiles=8))
    text = text_of(chapter_html(tables, facts, FREEDONIA))
    assert "This chapter profiles both named people with a recorded decision in this selection." in text
    assert "mass unrest (Art. 101(1), 2010 Penal Code)" in text
    assert "Jan 2020 — Appeal: sentence reduced to 4 years in prison" in text
    assert re.search(
        r"Latest status recorded: .+, as of \d+ \w{3} 2019 \(Freedonia Gazette \(fictional\) \(2019\) \[\d\]\)", text
    )
    for word in ("Kazakh", "1997", "Zhanaozen", "Supreme Court"):
        assert word not in text


def test_every_number_in_the_decisions_and_the_status_is_a_catalogued_fact(real):
    soup = BeautifulSoup(real[3], "html.parser")
    spans = soup.select("span.fact")
    assert spans and all(span["data-what"] for span in spans)
    assert {"term: Vladimir Kozlov (years)", "prosecutor's request: Vladimir Kozlov (years)"} <= {
        span["data-what"] for span in spans
    }
    for tag in soup.select("span.fact, a.cite"):
        tag.decompose()
    lines = [li.get_text(" ") for li in soup.select("section.profile > ul > li")]
    lines += [p.get_text(" ") for p in soup.select("section.profile > p") if p.get_text().startswith("As of")]
    for line in lines:
        line = re.sub(r"“[^”]*”|\((?:19|20)\d\d\)", "", line)  # quotations; a reference's year
        assert not re.search(r"\d", line), line


# --- the latest known status of every named person -----------------------------------------------

LATER_STATUS_STAGES = {"release", "parole", "pardon", "amnesty"}


def named_statuses(tables):
    """Each named person's decisions and the status the profile prints (every named person, not
    only the profiled ones)."""
    named = tables["cases"][tables["cases"]["n_persons"] == 1]
    for _, person in named.iterrows():
        found = pr.decisions(person["case_id"], tables["sentences"])
        if found:
            latest = statuses.of_person(person["case_id"], tables)
            yield person, found, chapter.status_facts(latest, found, "years", person["defendant"])


def test_every_named_persons_latest_status_is_dated():
    """A status is only worth printing with its date: a release, parole, pardon or amnesty that is
    a person's latest decision carries its own date, and every status is dated by its document."""
    tables = datasets.load_all(DATA)
    checked = 0
    for person, found, status in named_statuses(tables):
        checked += 1
        assert status.as_of is not None, person["defendant"]
        last = found[-1]
        if last.stage in LATER_STATUS_STAGES:
            assert last.date is not None, f"{person['defendant']}: latest {last.stage} row has no date"
    assert checked >= 25


def test_an_undated_release_as_latest_decision_is_caught():
    """The rule above can fail: an undated release after a dated verdict is the latest decision."""
    tables = small_tables(
        [case("a", "Anna Alpha", source="doc-a")],
        [
            sentence("a", "first_instance", "2012-06-04", "custodial", 7, source="doc-a"),
            sentence("a", "release", pd.NA, "released", source="doc-b"),
        ],
    )
    last = pr.decisions("a", tables["sentences"])[-1]
    assert last.stage == "release" and last.date is None


def test_later_statuses_print_with_their_date_and_document():
    """The statuses read in later pages: Kozlov's conditional release (4 Aug 2016), Dzhakishev's
    release (granted 3 Mar 2020, out of prison 19 Mar 2020) and Atabek's release (1 Oct 2021),
    each as of its document."""
    tables = datasets.load_all(DATA)
    rows = {c: i for i, c in enumerate(tables["cases"]["case_id"])}
    numbers = citations.bibliography_numbers(tables["sources"])
    # the 2016 report's undated 'recent release' and the court's parole of 4 Aug 2016: one release
    parole = f"{numbers['odf-2016-land-protests']}, {numbers['odf-2016-08-04-kozlov-conditional-release']}"
    expected = {
        "kozlov-vladimir": (
            f"Latest status recorded: released on parole, as of 4 Aug 2016 (Open Dialog Foundation (2016) [{parole}])",
            f"4 Aug 2016 — Parole: released on parole [{parole}]",
        ),
        "dzhakishev-mukhtar": (
            # the court granted early release on 3 Mar 2020; he left prison on 19 Mar (the page's own day)
            "Latest status recorded: released, as of 19 Mar 2020",
            "3 Mar 2020 — Parole: released on parole",
        ),
        "atabek-aron": (
            "Latest status recorded: died, as of 24 Nov 2021",
            "1 Oct 2021 — Release: released",
        ),
    }
    for case_id, (as_of, decided) in expected.items():
        text = text_of(profile_html(tables, rows[case_id]))
        assert as_of in text, text
        assert decided in text, text


def test_one_release_or_verdict_reported_at_two_precisions_is_one_line():
    """'Released' in 2016 (one document) and paroled on 4 Aug 2016 (another) are one release; a
    verdict dated Oct 2019 by one document and 18 Oct 2019 by another is one verdict, shown with
    the fuller date. A release in another year, or a different term, stays apart."""
    tables = small_tables(
        [case("a", "Anna Alpha")],
        [
            sentence("a", "first_instance", "2019-10", "custodial", 5, source="doc-a"),
            sentence("a", "first_instance", "2019-10-18", "custodial", 5, source="doc-b"),
            sentence("a", "release", "2016", "released", source="doc-a"),
            sentence("a", "parole", "2016-08-04", "released", source="doc-b"),
            sentence("a", "release", "2017", "released", source="doc-c"),
        ],
    )
    found = pr.decisions("a", tables["sentences"])
    shown = {(d.stage, d.date, frozenset(d.source_ids)) for d in found}
    assert shown == {
        ("first_instance", "2019-10-18", frozenset({"doc-a", "doc-b"})),
        ("parole", "2016-08-04", frozenset({"doc-a", "doc-b"})),
        ("release", "2017", frozenset({"doc-c"})),
    }
