"""The wording machinery: templates filled with facts, values escaped by construction, typed
numbers refused, a briefing's own templates before the package's."""

import pytest
from bs4 import BeautifulSoup

from conftest import copy_tiny
from kzbrief.facts import Fact, Facts, Missing, fact, group
from kzbrief.validation import validate
from kzbrief.words import TemplateProblem, Words, typed_numbers

HOSTILE = [
    "<script>alert(1)</script>",
    "**bold** _em_ `code` [link](http://x.example) ![img](x.png)",
    "# heading",
    "- item",
    "1. item",
    "---",
    "$x$ \\(y\\)",
    "<b>a</b> & &amp; &lt;",
    "| a | b |",
    "> quote",
    "{{ 7 * 7 }} {% raw %}",
    "\ue0000\ue001",
]


def words_with(tmp_path, templates: dict[str, str]) -> Words:
    for name, text in templates.items():
        path = tmp_path / "templates" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return Words(tmp_path)


@pytest.mark.parametrize("value", HOSTILE)
def test_a_data_value_is_inserted_as_text_never_as_markup(tmp_path, value):
    words = words_with(tmp_path, {"t.md": "{{ name }} was sentenced.\n\n- {{ name }}\n\n{{ name }}\n"})
    html = words.markdown("t.md", name=value)
    assert "<script" not in html and "<b>" not in html and "<strong>" not in html and "<em>" not in html
    assert "<h1" not in html and "<hr" not in html and "<blockquote" not in html and "<code" not in html
    assert "<a " not in html and "<img" not in html and "49" not in html
    assert html.count("<li>") == 1 and html.count("<ul>") == 1  # only the template's own list
    assert "\ue000" not in html


def test_the_authors_markdown_is_rendered_and_a_fact_is_marked_for_the_catalog(tmp_path):
    words = words_with(tmp_path, {"t.md": '**{{ n | count("person", "people") }}** were convicted.\n'})
    html = words.markdown("t.md", n=fact(1205, ["doc-1", "doc-2", "doc-1"], what="convicted"))
    assert html.startswith('<p><strong><span class="fact"')
    assert 'data-value="1205"' in html and 'data-sources="doc-1 doc-2"' in html and 'data-what="convicted"' in html
    assert ">1,205 people</span></strong> were convicted.</p>" in html


def test_a_fact_as_the_data_words_it_is_printed_as_given(tmp_path):
    words = words_with(tmp_path, {"t.md": "Officials counted {{ f }}.\n"})
    html = words.markdown("t.md", f=fact((17.0, float("inf")), ["d"], shown="at least 17"))
    assert ">at least 17</span>" in html and 'data-value="[17.0, null]"' in html


def test_helpers_write_spans_ordinals_dates_and_agreement(tmp_path):
    words = words_with(
        tmp_path,
        {
            "t.md": "{{ s | span }}; {{ r | ordinal }}; {{ d | date }}; {{ one | count('officer') }} "
            "{{ one | noun('was', 'were') }}; {{ two | count('officer') }} {{ two | noun('was', 'were') }}; "
            "{{ a | span_to(b) }}\n"
        },
    )
    html = words.markdown(
        "t.md", s=Fact((21.0, 22.0)), r=Fact(149), d=Fact("2011-12-16"), one=Fact(1), two=Fact(3), a="2011", b="2016"
    )
    plain = BeautifulSoup(html, "html.parser").get_text()
    assert "21–22; 149th; 16 Dec 2011; 1 officer was; 3 officers were; 2011–2016" in plain


def test_listing_names_a_few_and_counts_the_rest_as_a_fact(tmp_path):
    words = words_with(tmp_path, {"t.md": "{{ listing(names, limit=2, others='person') }}\n"})
    html = words.markdown("t.md", names=["A<", "B", "C", "D"])
    assert html.startswith('<p>A&lt;, B and <span class="fact"') and ">2 people</span>" in html
    assert 'data-what="people not listed"' in html


def test_a_missing_fact_is_false_in_a_condition_and_an_error_when_printed(tmp_path):
    facts = group("facts", present=fact(3))
    assert isinstance(facts.absent, Missing) and not facts.absent and not facts.absent.deeper
    words = words_with(
        tmp_path,
        {
            "ok.md": "{% if facts.absent %}never {{ facts.absent }}{% endif %}{{ facts.present }}\n",
            "bad.md": "{{ facts.absent }}\n",
        },
    )
    assert ">3</span>" in words.markdown("ok.md", facts=facts)
    with pytest.raises(TemplateProblem, match=r"prints facts\.absent"):
        words.markdown("bad.md", facts=facts)


def test_a_template_that_says_nothing_renders_nothing(tmp_path):
    words = words_with(tmp_path, {"t.md": "{% if facts.x %}Something.{% endif %}\n"})
    assert words.markdown("t.md", facts=Facts()) == ""


@pytest.mark.parametrize(
    "text, typed",
    [
        ("Officials counted 17 dead.", ["'17'"]),
        ("About 1,000 people.", ["'1,000'"]),
        ("A rate of 2.5 percent.", ["'2.5'"]),
        ("It ranked {{ r | ordinal }}, up from 122nd.", ["'122'"]),
    ],
)
def test_a_number_typed_into_a_template_is_refused_with_file_and_line(text, typed):
    problems = typed_numbers("First line.\n" + text + "\n", "summary/x.md")
    assert len(problems) == 1 and problems[0].startswith("summary/x.md, line 2: the number ")
    assert typed[0] in problems[0]


@pytest.mark.parametrize(
    "text",
    [
        "On 16 December 2011 police fired.",
        "In December 2011 and in January 2022.",
        "From 2011–2016, in the 1990s.",
        "1. **First.** A finding.\n2. **Second.**",
        "They said “17 were killed in 2 days”.",
        'The court said "3 years".',
        "{{ facts.killed }} dead by {{ facts.date | date }}.",
        "{# a comment with 42 #}Nothing typed.",
        '{{ claims["jan2022-killed-official-1220"] }} dead.',
    ],
)
def test_dates_years_list_numbers_quotations_and_expressions_are_not_typed_numbers(text):
    assert typed_numbers(text) == []


def test_a_template_with_a_typed_number_is_refused_when_it_is_used(tmp_path):
    words = words_with(tmp_path, {"t.md": "Some text.\nThe state counted 17 dead.\n"})
    with pytest.raises(TemplateProblem, match=r"t\.md, line 2: the number '17' is typed"):
        words.markdown("t.md")


def test_the_briefings_own_template_replaces_the_packages(tmp_path):
    generic = Words(None).markdown("summary/unknown.md", facts=Facts())
    own = words_with(tmp_path, {"summary/unknown.md": "Only this.\n"}).markdown("summary/unknown.md", facts=Facts())
    assert "claims and floors" in generic and own == "<p>Only this.</p>"


def test_a_template_linked_from_outside_the_briefing_folder_is_refused(tmp_path):
    outside = tmp_path / "elsewhere.md"
    outside.write_text("Secret.\n", encoding="utf-8")
    briefing = tmp_path / "briefing"
    (briefing / "templates").mkdir(parents=True)
    (briefing / "templates" / "t.md").symlink_to(outside)
    with pytest.raises(TemplateProblem, match="link to a file outside"):
        Words(briefing).markdown("t.md")


@pytest.mark.parametrize(
    "attack",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ facts.__class__.__init__.__globals__ }}",
    ],
)
def test_a_template_cannot_reach_python_internals(tmp_path, attack):
    words = words_with(tmp_path, {"t.md": attack + "\n"})
    with pytest.raises(Exception) as raised:
        words.markdown("t.md", facts=Facts())
    assert "unsafe" in str(raised.value).lower() or "undefined" in str(raised.value).lower()


def test_the_safe_filter_is_gone_so_no_value_can_be_marked_as_markup(tmp_path):
    words = words_with(tmp_path, {"t.md": "{{ name | safe }}\n"})
    with pytest.raises(TemplateProblem):
        words.markdown("t.md", name="<b>x</b>")


def test_every_package_template_types_no_number():
    from kzbrief.words import PACKAGE_TEMPLATES

    templates = sorted(PACKAGE_TEMPLATES.rglob("*.md"))
    assert templates
    problems = [p for path in templates for p in typed_numbers(path.read_text(encoding="utf-8"), str(path))]
    assert problems == []


def test_validation_reports_a_briefings_bad_templates_one_line_each(tmp_path):
    data = copy_tiny(tmp_path / "data")
    (data / "templates" / "summary").mkdir(parents=True)
    (data / "templates" / "summary" / "bottom_line.md").write_text("Fine.\nThe state counted 17 dead.\n")
    (data / "templates" / "summary" / "known.md").write_text("{% if facts.x %}\nunclosed\n")
    (data / "templates" / "notes.txt").write_text("x")
    outside = tmp_path / "outside.md"
    outside.write_text("Secret.\n")
    (data / "templates" / "linked.md").symlink_to(outside)
    problems = [str(p) for p in validate(data)]
    assert "data/templates/summary/bottom_line.md, line 2: value \"17\": the number '17' is typed" in " ".join(problems)
    assert any(p.startswith("data/templates/summary/known.md, line ") and "cannot be read" in p for p in problems)
    assert any(p.startswith("data/templates/notes.txt: is not a template") for p in problems)
    assert any(p.startswith("data/templates/linked.md: is a link to a file outside") for p in problems)
    assert len(problems) == 4


def test_a_briefings_template_holds_no_character_the_print_cannot_show(tmp_path):
    data = copy_tiny(tmp_path / "data")
    (data / "templates" / "summary").mkdir(parents=True)
    (data / "templates" / "summary" / "bottom_line.md").write_text(
        "Fine.\r\nTerms of ten\u200f to twenty years.\nKazakhstan \U0001f1f0\U0001f1ff.\nA bell\x07.\n",
        encoding="utf-8",
    )
    assert [str(p) for p in validate(data)] == [
        "data/templates/summary/bottom_line.md, line 2: contains the control character U+200F; remove it "
        "(an invisible direction mark: it reorders the print)",
        "data/templates/summary/bottom_line.md, line 3: contains the emoji U+1F1F0, which the printed briefing "
        "cannot show; use words",
        "data/templates/summary/bottom_line.md, line 4: contains the control character U+0007; remove it",
    ]
