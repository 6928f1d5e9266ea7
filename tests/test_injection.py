"""Hostile text in the data stays text: no tag, link, heading, list, rule, code, table or math.

Unit tests put the payloads below into templates (`kzbrief.words`: a value is inserted after the
Markdown is rendered, escaped), into the key-findings page's templates and the chapters' own with
computed facts, and through every output function of `report` and `citations`; one end-to-end
test builds the tiny fixture with a payload in every free-text column of every table and compares
the briefing's structure with a clean build of the same fixture.
"""

import json
import re
import subprocess
import sys

import matplotlib
import pandas as pd
import pytest
from bs4 import BeautifulSoup

from conftest import DATA, ROOT, TINY, copy_tiny
from kzbrief import citations, datasets, markup, plots, report, words
from kzbrief.analysis import casualties as cs
from kzbrief.analysis import coverage
from kzbrief.analysis import press_freedom as pf
from kzbrief.analysis import sentencing as sn
from kzbrief.analysis.summary import Ask
from kzbrief.chapters import casualties as casualties_chapter
from kzbrief.chapters import profiles as profiles_chapter
from kzbrief.chapters import sentencing as sentencing_chapter
from kzbrief.chapters import summary as summary_chapter
from kzbrief.facts import Facts, fact, group
from kzbrief.pipeline import annex
from kzbrief.plots import claim_ranges, event_timeline, legibility
from kzbrief.plots import press_freedom as press_plots
from kzbrief.plots import sentencing as sentencing_plots
from kzbrief.render import Text

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "img": "<img src=x onerror=alert(1)>",
    "md-link": "[click](javascript:alert(1))",
    "autolink": "<https://evil.example>",
    "bare-url": "see https://evil.example/x",
    "heading": "a\n# Heading",
    "list": "a\n- item",
    "plus-list": "+ item",
    "leading-list": "- item",
    "ordered": "a\n1. item",
    "leading-ordered": "1. item",
    "paren-ordered": "2) item",
    "quote": "a\n> quote",
    "rule": "a\n---",
    "setext": "a\n===",
    "fence": "a\n```\ncode\n```",
    "indented-code": "a\n\n    code",
    "table": "| a | b |\n|---|---|\n| 1 | 2 |",
    "math": "$x^2$ and $$y$$",
    "latex-math": "\\(x\\) and \\\\(y\\\\) and \\[z\\]",
    "entity": "&amp; &lt;b&gt; &#36;",
    "braces": "{braces} {0} {x!r}",
    "backslash": "back\\slash \\",
    "strike": "~~gone~~",
    "definition": "term\n: definition",
    "hard-break": "a  \nb",
    "emphasis": "*em* __strong__ `code`",
}
# What the reader must see: the payload with its white space collapsed (HTML shows no line breaks).
LITERAL = {name: " ".join(text.split()) for name, text in PAYLOADS.items()}

STRUCTURE = [
    "h1",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "table",
    "tr",
    "pre",
    "code",
    "blockquote",
    "hr",
    "script",
    "a",
    "img",
    "del",
    "dl",
    "em",
    "strong",
    "br",
    "iframe",
    "svg",
    "math",
    "input",
]


def structure(html: str) -> dict[str, int]:
    soup = BeautifulSoup(html, "html.parser")
    return {tag: len(soup.find_all(tag)) for tag in STRUCTURE}


def text_of(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


def template(folder, text: str) -> words.Words:
    """The wording machinery with one template, `t.md`, in a briefing folder's templates/."""
    (folder / "templates").mkdir(exist_ok=True)
    (folder / "templates" / "t.md").write_text(text, encoding="utf-8")
    return words.Words(folder)


# -- templates: every payload, at the start of a line, inside a sentence and inside a list item -----

TEMPLATES = {
    "line start": "Intro.\n\n{{ v }}",
    "after a line": "Intro line\n{{ v }}",
    "in a sentence": "The defendant {{ v }} was sentenced.",
    "list item": "Items:\n\n- {{ v }}\n- second",
    "bold": "**{{ v }}**: more",
}


@pytest.mark.parametrize("where", TEMPLATES)
@pytest.mark.parametrize("name", PAYLOADS)
def test_a_template_shows_a_payload_as_its_literal_text_without_markup(name, where, tmp_path):
    wording = template(tmp_path, TEMPLATES[where])
    clean = wording.markdown("t.md", v="plain words")
    hostile = wording.markdown("t.md", v=PAYLOADS[name])
    assert structure(hostile) == structure(clean)
    assert LITERAL[name] in text_of(hostile)
    assert "<script" not in hostile and "onerror=" not in hostile.replace("onerror=alert", "")


def test_a_data_value_never_reaches_the_markdown_renderer(tmp_path, monkeypatch):
    """Math, links and tags cannot open in the Markdown source: the renderer sees a placeholder
    where the value goes, and the value is put in, escaped, after the Markdown is HTML."""
    seen = []
    render = words._markdown
    monkeypatch.setattr(words, "_markdown", lambda source: seen.append(source) or render(source))
    value = "$x$ \\(y\\) https://evil.example <https://e.example>"
    html = template(tmp_path, "Said: {{ v }}\n").markdown("t.md", v=value)
    assert len(seen) == 1 and seen[0].startswith("Said: ")
    assert not any(part in seen[0] for part in ("$", "\\", "://", "<", "evil"))
    assert "<a " not in html and text_of(html) == f"Said: {value}"


def test_a_template_keeps_cross_references_and_the_authors_markup(tmp_path):
    template(tmp_path, "**Bold** {{ see('figure', 'x') }} {{ v }}\n")
    html = Text(tmp_path, sources_frame()).html("t.md", v="*not bold*")
    assert html.startswith('<p><strong>Bold</strong> <a class="xref" href="#fig-x">figure</a> ')
    assert "*not bold*" in text_of(html) and "<em>" not in html


# -- the key-findings page's templates, report's and citations' HTML helpers ----------------------


def sources_frame(url="https://example.org/r", **overrides) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "source_id": ["report", "cited", "index-2002", "index-2003"],
            "publisher": ["An NGO", "A Ministry", "RSF", "RSF"],
            "title": ["A report", "Press release", "World Press Freedom Index 2002", "World Press Freedom Index 2003"],
            "date": ["2014", "2012", "2002", "2003"],
            "url": [url, None, url, "https://rsf.org/2003.csv"],
            "source_type": ["ngo", "official", "index", "index"],
            "cited_in": [None, "report", None, None],
            "notes": [None] * 4,
        }
    )
    for column, value in overrides.items():
        frame.loc[0, column] = value
    return frame


def summary_facts(value: str) -> Facts:
    """The key-findings page's facts (as chapters.summary.compute gives them) with `value` in every
    place the data's own words go: the country's name, a person's, an event's, a claimant's, a
    role, a charge, a quotation, a call for action and whoever makes it and is asked."""
    src = ("report",)

    def n(number):
        return fact(number, src, what="a count")

    def claim(shown, low):
        return group("figure", figure=fact((low, low), src, what="a claim", shown=shown), date=None)

    standing = {"edition": fact("2026", src), "rank": n(149), "n_ranked": n(180), "position": n(6)}
    by_type = {
        "official": group("official", figures=[claim("17", 17)], claimants=[value]),
        "independent": group("independent", figures=[claim("80–100", 80)], claimants=[value]),
        "media": group("media", figures=[claim("up to 70", 70)], claimants=[value, "reporters"]),
    }
    return group(
        "facts",
        country=fact(value, what="country"),
        period=group(
            "period",
            first_year=fact("2002"),
            last_year=fact("2016"),
            cut_off=fact("2016-05"),
            documents_read=n(20),
            documents_cited=n(3),
            claimants=n(9),
            index_editions=n(24),
            index_first=fact("2002"),
            index_last=fact("2026"),
            undated_decisions=n(4),
            decisions=n(80),
        ),
        sentencing=group(
            "sentencing",
            named=n(34),
            named_years="2012–2016",
            sent_to_prison=n(5),
            outcomes=group(
                "outcomes",
                custodial=group("custodial", people=n(5), as_of=[fact("2016", src)]),
                pending=group("pending", people=n(11), as_of=[fact("2016", src)]),
            ),
            person_years=group(
                "person_years", total=fact((89.5, 160.5), src), people=fact((21, 22), src), unit="years"
            ),
            police=[
                group(
                    "police",
                    source="report",
                    convictions=[
                        group(
                            "conviction", officers=n(5), term=fact("5–7 years", src), convicted_of=value, release=value
                        ),
                        group("conviction", officers=n(1), term=None, convicted_of=value, release=None),
                    ],
                )
            ],
            torture=[
                group(
                    "torture",
                    source="report",
                    who=[
                        group("who", name=value, people=n(1), role="activist", in_court=True),
                        group("who", name=None, people=n(1), role=value, in_court=False),
                    ],
                    responses=[group("response", body="court", responses=["refused_to_open_case", "ignored"])],
                )
            ],
        ),
        casualties=group(
            "casualties",
            deaths=group(
                "deaths",
                event=group("event", name=value, date=fact("2011-12-16")),
                metric="killed",
                revised=False,
                by_type=group("by_type", **by_type),
                casualties_wording=[fact((70, 70), src, shown="up to 70")],
            ),
            detentions=group(
                "detentions",
                event=group("event", name=value, date=fact("2016-05-21")),
                metric="detained",
                counted=[group("counted", figure=fact((1000, 1000), src, shown="more than 1,000"), claimants=[value])],
                state=[group("state", claimant=value, figures=[group("figure", figure=n(51), metric="arrested")])],
            ),
            killed=group(
                "killed", event=value, official=[n(17)], independent_reach=fact((100, 100), src, shown="80–100")
            ),
        ),
        press=group(
            "press",
            latest=group("standing", **standing, group_size=n(12)),
            since=group("standing", **standing, group_size=n(12), direction="fell"),
        ),
        asks=[Ask(value, value, value, "report")],
    )


SUMMARY_TEMPLATES = ("bottom_line", "key_findings", "known", "asks")  # unknown.md prints no data text


def html_outputs(value: str) -> dict[str, str]:
    """Every template of the key-findings page, and every report and citations function, that puts
    a data value into HTML, with `value` as that data (and as the cited document's publisher)."""
    frame = pd.DataFrame({"defendant": [value, "B"], "term": ["7", "5"]})
    fig, ax = matplotlib.pyplot.subplots()
    text = Text(DATA, sources_frame(publisher=value))
    text.words = words.Words(None)  # the package's generic templates
    facts = summary_facts(value)
    return {
        **{f"summary/{name}.md": text.html(f"summary/{name}.md", facts) for name in SUMMARY_TEMPLATES},
        "table": report.table(frame, caption=value, source_ids=["report"], sources=sources_frame()).data,
        "table header": report.table(
            pd.DataFrame({value: ["1"], "focus": ["2"]}),
            caption="c",
            source_ids=[],
            sources=sources_frame(),
            highlight_column=value,
        ).data,
        "figure": report.figure(
            fig,
            "payload",
            caption=value,
            alt=value,
            source_ids=["report"],
            sources=sources_frame(),
            figures_dir=TMP_FIGURES,
        ).data,
        "source_html": citations.source_html(["report"], sources_frame(publisher=value)),
        "bibliography_list": citations.bibliography_list(sources_frame(publisher=value, title=value)).data,
    }


TMP_FIGURES = None


@pytest.fixture(autouse=True)
def _figures_dir(tmp_path):
    global TMP_FIGURES
    TMP_FIGURES = tmp_path


@pytest.mark.parametrize("name", PAYLOADS)
def test_html_helpers_escape_every_payload(name):
    clean = html_outputs("plain words")
    hostile = html_outputs(PAYLOADS[name])
    for function, html in hostile.items():
        assert structure(html) == structure(clean[function]), function
        assert LITERAL[name] in text_of(html), function
        soup = BeautifulSoup(html, "html.parser")
        assert not [t for t in soup.find_all(True) if any(a.startswith("on") for a in t.attrs)], function


# -- chapters' templates on computed facts: the tiny fixture with a payload in its names and words -----

# Data text the chapters' templates print: names, a trial, a charge, a claimant, a call for action.
NAMED_TEXT = {
    "cases": ["defendant", "proceeding"],
    "events": ["name"],
    "casualty_estimates": ["claimant"],
    "charges": ["label"],
    "recommendations": ["made_by", "addressed_to", "ask"],
    "sources": ["publisher"],
}
CHAPTER_TEMPLATES = {
    summary_chapter: [f"summary/{name}.md" for name in SUMMARY_TEMPLATES],
    sentencing_chapter: [
        f"sentencing/{name}.md" for name in ("lead", "outcomes", "terms", "torture", "charges", "police")
    ],
    casualties_chapter: [f"casualties/{name}.md" for name in ("lead", "deaths", "deaths_list", "detentions")],
}
# The payloads of the fast tier; the hostile sweep runs the others.
FAST_PAYLOADS = ("script", "md-link", "leading-list")


def chapter_pages(value: str) -> dict[str, str]:
    """The chapters' templates, and each person's profile, on facts computed from the tiny tables
    with `value` added to every name and word of NAMED_TEXT."""
    tables = datasets.load_all(TINY)
    for table, columns in NAMED_TEXT.items():
        for column in columns:
            given = tables[table][column]
            tables[table][column] = given.where(given.isna(), given.astype(str) + " " + value)
    params = {"data_dir": str(TINY), "start_year": 2002, "end_year": None, "events": [], "max_asks": 3}
    text = Text(TINY, tables["sources"])
    pages = {}
    for chapter, names in CHAPTER_TEMPLATES.items():
        facts = chapter.compute(tables, params)
        pages |= {name: text.html(name, facts) for name in names}
    for i, person in enumerate(profiles_chapter.compute(tables, params | {"n_profiles": 8}).profiles):
        pages[f"profile {i}"] = text.html("profiles/profile.md", person)
    return pages


@pytest.fixture(scope="module")
def clean_pages():
    return chapter_pages("plain words")


@pytest.mark.parametrize(
    "name", [pytest.param(p, marks=() if p in FAST_PAYLOADS else pytest.mark.hostile) for p in PAYLOADS]
)
def test_chapter_templates_show_a_payload_in_the_data_as_text(name, clean_pages):
    hostile = chapter_pages(PAYLOADS[name])
    assert hostile.keys() == clean_pages.keys()
    shown = [page for page, html in clean_pages.items() if "plain words" in html]
    assert len(shown) >= 10  # names reach the summary, the chapters and the profiles
    for page, html in hostile.items():
        assert structure(html) == structure(clean_pages[page]), page
        if page in shown:
            assert LITERAL[name] in text_of(html), page
        soup = BeautifulSoup(html, "html.parser")
        assert not [t for t in soup.find_all(True) if any(a.startswith("on") for a in t.attrs)], page


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>x</script>",
        "file:///etc/passwd",
        "vbscript:x",
        "//evil.example/x",
        "/relative/path",
        "ftp://example.org/f",
        "https://",
        "https://exa mple.org",
        "mailto:a@example.org",
        "http://[::1",
        "https://example.org/\u0000x",
    ],
)
def test_only_http_and_https_addresses_become_links(url):
    html = citations.bibliography_list(sources_frame(url=url)).data
    soup = BeautifulSoup(html, "html.parser")
    hrefs = [a["href"] for a in soup.find_all("a")]
    assert all(h.startswith("#source-") or h == "https://rsf.org/2003.csv" for h in hrefs), hrefs
    assert url.strip("\u0000") in soup.get_text() or "\u0000" in url  # shown as text, not dropped


@pytest.mark.parametrize("url", ["https://example.org/r?a=1&b=<2>", "http://example.org/x"])
def test_http_addresses_are_links_with_escaped_attributes(url):
    soup = BeautifulSoup(citations.bibliography_list(sources_frame(url=url)).data, "html.parser")
    entry = soup.find(id="source-1")
    assert entry.find("a")["href"] == url
    assert entry.find("a").get_text() == url


def test_link_is_text_unless_the_address_is_http():
    assert markup.link("javascript:alert(1)", "<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"
    assert (
        markup.link('https://example.org/?q="x"', "site") == '<a href="https://example.org/?q=&quot;x&quot;">site</a>'
    )


# -- charts: "$" is a dollar sign, never mathtext ---------------------------------------------------

MATH = "$x^2$"


def _hostile_tiny(tiny_data):
    """The tiny tables with "$...$" in every text a chart shows."""
    tables = datasets.load_all(tiny_data)
    tables["cases"]["defendant"] = tables["cases"]["defendant"] + f" {MATH}"
    tables["events"]["name"] = tables["events"]["name"] + f" {MATH}"
    tables["press_freedom"]["country"] = tables["press_freedom"]["country"] + f" {MATH}"
    tables["casualty_estimates"]["claimant"] = tables["casualty_estimates"]["claimant"] + f" {MATH}"
    tables["sources"]["publisher"] = tables["sources"]["publisher"] + f" {MATH}"
    return tables


def _charts(tables):
    selection = sn.prepare(tables, start_year=2002, end_year=None)
    rows, _, names = pf.comparison(tables["press_freedom"], "KAZ", ["RUS"], 2002, None)
    statements = cs.statements(cs.in_country(cs.select_claims(tables["casualty_estimates"], tables["events"]), "KAZ"))
    part = cs.in_family(statements, "deaths and injuries")
    part = part[part["event_id"] == cs.focus_event(statements, "deaths and injuries")]
    return {
        # (outcome_bars and score_periods draw no text from the data: outcome words, method names, scores)
        "term_chart": sentencing_plots.term_chart(sn.term_lines(selection.first_terms), "years"),
        "event_timeline": event_timeline(coverage.timeline(tables["events"], 2002, None)),
        "rank_lines": press_plots.rank_lines(rows, "KAZ", names, pf.breaks(rows)),
        "claim_ranges": claim_ranges(part, tables["sources"]),
    }


def test_project_style_turns_mathtext_off():
    assert plots.STYLE["text.parse_math"] is False
    with matplotlib.rc_context({"text.parse_math": True}):
        plots.use_style()
        assert matplotlib.rcParams["text.parse_math"] is False


def test_every_chart_shows_dollar_signs_literally(tiny_data):
    with matplotlib.rc_context():
        matplotlib.rcParams["text.parse_math"] = True  # as a fresh kernel has it: each chart must set the style
        charts = _charts(_hostile_tiny(tiny_data))
        for name, fig in charts.items():
            with_dollars = [t for t in fig.findobj(matplotlib.text.Text) if "$" in t.get_text()]
            assert with_dollars, name
            for text in with_dollars:
                assert text._preprocess_math(text.get_text()) == (text.get_text(), False), (name, text.get_text())
            with matplotlib.rc_context({"svg.fonttype": "none"}):
                svg = report._svg_bytes(fig).decode()
            assert "$x^2$" in svg, name  # drawn as the characters, not as a superscript
            assert legibility.problems(fig) == [], name
            matplotlib.pyplot.close(fig)


# -- parameter-free check: a new official RSF edition has its bibliography entry --------------------


def test_an_official_edition_file_gets_a_bibliography_entry_every_citation_resolves(tiny_data, tmp_path):
    raw = tmp_path / "rsf"
    raw.mkdir()
    (raw / "2026.csv").write_text(RSF_2026, encoding="utf-8")
    tables = datasets.load_all(tiny_data)
    table, cited_sources = pf.with_official_files(tables["press_freedom"], tables["sources"], raw)
    rows, _, _ = pf.comparison(table, "KAZ", ["RUS"], 2002, None)
    bibliography = BeautifulSoup(
        citations.bibliography_list(coverage.sources_with_index_files(tables, raw)).data, "html.parser"
    )
    entries = {li["id"] for li in bibliography.find_all("li")}
    cited = BeautifulSoup(citations.source_html(rows["source_id"], cited_sources), "html.parser")
    targets = [a["href"].lstrip("#") for a in cited.find_all("a", class_="cite")]
    assert targets and all(target in entries for target in targets)
    series = bibliography.find(id=targets[0])
    assert "4 editions" in series.get_text() and "2026" in [a.get_text() for a in series.find_all("a")]
    assert citations.cite(rows["source_id"], cited_sources) == f"[{targets[0].split('-')[1]}]"


def test_official_edition_source_rows_cite_nothing_like_an_empty_cell():
    from kzbrief.rsf_import import source_rows

    assert source_rows(["2026"])["cited_in"].isna().all()


def _whole_edition(year: int, named: dict[str, tuple[str, str, int]], n: int = 180) -> str:
    """An official RSF file of a whole edition (validate refuses excerpts): the named countries
    at their ranks, numbered stand-ins (Q001...) at the others."""
    ranks = {rank: (iso, name, score) for iso, (name, score, rank) in named.items()}
    lines = [f"ISO;Score {year};Rank;Zone;Country_FR;Country_EN;Year (N)"]
    for rank in range(1, n + 1):
        iso, name, score = ranks.get(
            rank, (f"Q{rank:03d}", f"Stand-in {rank}", f"{100 - rank * 0.5:.1f}".replace(".", ","))
        )
        lines.append(f"{iso};{score};{rank};Zone;{name};{name};{year}")
    return "\n".join(lines) + "\n"


RSF_2026 = _whole_edition(
    2026, {"KAZ": ("Kazakhstan", "40,5", 140), "RUS": ("Russia", "30,1", 170), "FIN": ("Finland", "90,0", 1)}
)


# -- end to end: a payload in every free-text column, one hostile and one clean build ---------------

# Free-text columns (no enumeration, no pattern) of every table. `role` is left out: it is matched
# to tell police officers apart, so it is categorical; `article`/`part` are matched against
# offence_families; `edition` names an edition. URLs get an http(s) payload.
FREE_TEXT = {
    "sources": ["publisher", "title", "notes"],
    "events": ["name", "place", "description"],
    "cases": ["defendant", "aliases", "proceeding", "court", "city", "notes"],
    "sentences": ["notes"],
    "charges": ["label"],
    "offence_families": ["family", "notes"],
    "casualty_estimates": ["claimant", "quote", "notes"],
    "press_freedom": ["country"],
    "recommendations": ["made_by", "addressed_to", "ask", "quote", "notes"],
    "torture_allegations": ["allegation_quote", "response_quote", "notes"],
    "conflicts": ["subject", "accounts", "treatment", "notes"],
}
COLUMNS = [(table, column) for table, columns in FREE_TEXT.items() for column in columns]
# One line (the validator may refuse control characters such as line breaks). Every word of
# more than four letters carries the column's tag: the conflicts chapter pairs a trial with a
# documented conflict by shared long words, and one payload in every column would pair them all.
E2E_PAYLOAD = (
    "<script>alert('{t}')</script><img src onerror=alert('{t}')>[a](javascript:{t})"
    "<https://{t}.evil.example> # H - i 1. i > q --- ``` | a | $x^2 $$ x&amp;{t} {{b}} \\(x{t}\\) \\ *e*"
)


def payload(table: str, column: str) -> str:
    """The payload tagged with the column's number (short: quotes may hold 200 characters)."""
    tag = f"z{COLUMNS.index((table, column)):02d}"
    return f"[{tag}] " + E2E_PAYLOAD.format(t=tag)


# Columns the briefing shows somewhere: their marker must be visible as text.
SHOWN = {
    ("events", "name"),
    ("events", "place"),
    ("events", "description"),
    ("cases", "defendant"),
    ("cases", "aliases"),
    ("sources", "publisher"),
    ("sources", "title"),
    ("casualty_estimates", "claimant"),
    ("casualty_estimates", "quote"),
    ("recommendations", "made_by"),
    ("recommendations", "addressed_to"),
    ("recommendations", "ask"),
    ("torture_allegations", "allegation_quote"),
    ("torture_allegations", "response_quote"),
    ("conflicts", "subject"),
    ("conflicts", "accounts"),
    ("charges", "label"),
}  # press_freedom.country: the chapter names countries as the latest (2026) file does


def max_lengths(data_dir) -> dict[tuple[str, str], int]:
    descriptor = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    return {
        (resource["name"], field["name"]): field.get("constraints", {}).get("maxLength", 10**6)
        for resource in descriptor["resources"]
        for field in resource["schema"]["fields"]
    }


def hostile(value: str, table: str, column: str, limit: int) -> str:
    """The value with a leading list marker and the payload; the payload alone if that is too long.
    The marker is "* ": a leading "-", "+", "=" or "@" is refused by validation as a spreadsheet
    formula, so data can hold no "- item" (the template tests above show one as text)."""
    longer = f"* {value} {payload(table, column)}"
    return longer if len(longer) <= limit else f"* {payload(table, column)}"


def inject(data_dir):
    limits = max_lengths(data_dir)
    for table, columns in FREE_TEXT.items():
        path = data_dir / f"{table}.csv"
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        # An index edition's publisher and title name its series ("World Press Freedom Index 2013"),
        # which the official files' editions join; they keep their names.
        keep = frame["source_type"].eq("index") if table == "sources" else pd.Series(False, index=frame.index)
        for column in columns:
            frame[column] = [
                hostile(v, table, column, limits[table, column]) if v and not kept else v
                for v, kept in zip(frame[column], keep)
            ]
            if not (frame[column] != "").any():  # an empty column gets its payload in the first row
                frame.loc[0, column] = payload(table, column)
        frame.to_csv(path, index=False)


def build_html(data_dir, out) -> tuple[subprocess.CompletedProcess, str]:
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "--data-dir",
            str(data_dir),
            "--out-dir",
            str(out / "build"),
            "--figures-dir",
            str(out / "figures"),
            "--format",
            "html",
            "-p",
            "peers=[RUS]",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    html = (out / "build" / "briefing.html").read_text(encoding="utf-8") if done.returncode == 0 else ""
    return done, html


@pytest.fixture(scope="module")
def briefings(tmp_path_factory):
    """(clean, hostile) HTML of the tiny fixture, both with an official 2026 RSF file dropped in."""
    built = []
    for kind in ("clean", "hostile"):
        root = tmp_path_factory.mktemp(kind)
        data = copy_tiny(root / "data")
        (data / "raw" / "rsf").mkdir(parents=True)
        (data / "raw" / "rsf" / "2026.csv").write_text(RSF_2026, encoding="utf-8")
        if kind == "hostile":
            inject(data)
        done, html = build_html(data, root)
        assert done.returncode == 0, done.stderr[-3000:]
        assert "Traceback" not in done.stderr
        built.append(html)
    return built


@pytest.mark.e2e
def test_hostile_build_has_the_clean_build_structure(briefings):
    clean, hostile = briefings
    assert structure(hostile) == structure(clean)
    assert len(BeautifulSoup(clean, "html.parser").find_all("script")) == 0


@pytest.mark.e2e
def test_hostile_build_has_no_script_event_handler_or_foreign_link(briefings):
    soup = BeautifulSoup(briefings[1], "html.parser")
    assert not soup.find_all("script") and not soup.find_all(["iframe", "object", "embed"])
    assert not [t.name for t in soup.find_all(True) if any(a.lower().startswith("on") for a in t.attrs)]
    hrefs = [a.get("href", "") for a in soup.find_all("a")]
    # The only relative links are the build's own: the pointers to the data annex beside the briefing.
    hrefs = [h for h in hrefs if h.split("#")[0] not in (annex.XLSX_NAME, annex.HTML_NAME)]
    assert all(h.startswith(("#", "http://", "https://")) for h in hrefs), [h for h in hrefs if h[:1] != "#"]
    assert not [h for h in hrefs if not h.startswith("#") and ("evil.example" in h or "javascript" in h.lower())]
    assert "MathJax" not in briefings[1] and "katex" not in briefings[1].lower()


@pytest.mark.e2e
@pytest.mark.parametrize("table, column", sorted(SHOWN))
def test_payload_is_visible_literally_where_a_column_is_shown(briefings, table, column):
    # <wbr> (a break opportunity inside a long word of a table cell) shows nothing: the reader sees one word.
    text = text_of(re.sub(r"<wbr\s*/?>", "", briefings[1]))
    shown = payload(table, column)
    if column == "aliases":  # a list separated by ";", shown joined: the payload's "&amp;" ends one alias
        shown = shown.split(";")[0]
    assert shown in text


@pytest.mark.e2e
def test_every_citation_in_the_briefing_has_its_bibliography_entry(briefings):
    for html in briefings:
        soup = BeautifulSoup(html, "html.parser")
        entries = {li["id"] for li in soup.select("ol.bibliography li")}
        targets = {a["href"].lstrip("#") for a in soup.select("a.cite")}
        assert targets and targets <= entries, targets - entries
        rsf = [li for li in soup.select("ol.bibliography li") if "World Press Freedom Index" in li.get_text()]
        assert len(rsf) == 1 and "2026" in [a.get_text() for a in rsf[0].find_all("a")]
