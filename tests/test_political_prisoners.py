"""Political prisoners: each body's count on its dates, a stock worded and drawn body by body,
never added or joined across bodies."""

import matplotlib.pyplot as plt

from conftest import ROOT, casualty_facts
from kzbrief import plots
from kzbrief.render import Text

EXAMPLE = ROOT / "examples" / "azerbaijan"


def test_each_body_has_its_first_and_latest_count_in_date_order():
    tables, facts = casualty_facts(EXAMPLE)
    claims = tables["casualty_estimates"]
    counts = claims[claims["metric"] == "political_prisoners"]
    p = facts.prisoners
    assert p.count.value == len(counts)
    for body in p.bodies:
        own = counts[counts["claimant"] == body.claimant].sort_values("claim_date")
        assert body.count.value == len(own)
        assert body.first.figure.value == (own["low"].iloc[0], own["low"].iloc[0])
        if len(own) > 1:
            assert body.last.figure.value == (own["low"].iloc[-1], own["low"].iloc[-1])
            assert str(body.last.date.value) == own["claim_date"].iloc[-1]


def test_the_words_give_each_body_apart_and_add_nothing():
    tables, facts = casualty_facts(EXAMPLE)
    text = Text(EXAMPLE, tables["sources"]).plain("casualties/prisoners.md", facts)
    assert "never added up" in text
    for body in facts.prisoners.bodies:
        assert f"{body.claimant} counted" in text
    total = sum(int(v) for v in tables["casualty_estimates"].query("metric == 'political_prisoners'")["low"])
    assert f"{total:,}" not in text and str(total) not in text


def test_the_chart_draws_one_line_per_body():
    _, facts = casualty_facts(EXAMPLE)
    figure = plots.counts_by_body(facts.prisoners.frame)
    (ax,) = figure.axes
    assert len(ax.get_lines()) == len(facts.prisoners.bodies)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [b.claimant for b in facts.prisoners.bodies]
    assert ax.get_title() == ""
    plt.close(figure)


def test_a_folder_without_counts_has_no_section(tiny_data):
    tables, facts = casualty_facts(tiny_data)
    assert not facts.prisoners
    assert Text(tiny_data, tables["sources"]).plain("casualties/prisoners.md", facts).strip() == ""


def test_the_kazakhstan_chart_is_legible_at_both_widths():
    from conftest import DATA
    from kzbrief.plots import legibility

    _, facts = casualty_facts(DATA)
    assert len(facts.prisoners.bodies) >= 2
    for narrow in (False, True):
        figure = plots.counts_by_body(facts.prisoners.frame, narrow=narrow)
        assert legibility.problems(figure) == []
        plt.close(figure)
