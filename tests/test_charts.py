"""Every chart of the briefing, wide (print) and narrow (phone), drawn from the real data as the
notebooks draw it: no title inside the chart (the caption states the finding), legible, a legend
entry for every fill, bars sorted, killed and injured never on one axis, the Zhanaozen contrast
drawn, and text at least 10 CSS px on a 390 px phone."""

from __future__ import annotations

import math
import re
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_hex
from matplotlib.patches import Rectangle

from kzbrief import chapters, datasets, plots, report
from kzbrief.chapters import casualties, press_freedom, sentencing, summary
from kzbrief.plots import legibility

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
CSS = ROOT / "src" / "kzbrief" / "styles" / "briefing.css"
PHONE_PX, MIN_PHONE_PX = 390, 10.0


@pytest.fixture(scope="module")
def facts():
    return chapter_facts()


def chapter_facts() -> dict:
    """The facts each notebook draws its charts from, for the real data."""
    tables = datasets.load_all(DATA)
    params = chapters.parameters(
        {
            "data_dir": str(DATA),
            "start_year": None,
            "end_year": None,
            "events": [],
            "metrics": [],
            "claimant_types": [],
            "include_group_rows": True,
            "include_undated": True,
            "term_unit": "years",
            "focus_country": "",
            "peers": None,
            "raw_rsf_dir": "",
            "reference_edition": "",
            "reference_countries": None,
            "max_asks": 3,
        }
    )
    return {
        "tables": tables,
        "casualties": casualties.compute(tables, params),
        "sentencing": sentencing.compute(tables, params),
        "press_freedom": press_freedom.compute(tables, params),
        "summary": summary.compute(tables, params),
    }


# name -> a function of (facts, narrow) drawing the chart as its notebook does
CHARTS = {
    "event-timeline": lambda f, n: plots.event_timeline(f["summary"].events.table, narrow=n),
    "sentencing-outcomes": lambda f, n: plots.outcome_bars(f["sentencing"].outcomes.chart, narrow=n),
    "sentencing-terms": lambda f, n: plots.term_chart(f["sentencing"].terms.chart, f["sentencing"].unit, narrow=n),
    "casualties-over-time": lambda f, n: plots.figures_over_time(
        f["casualties"].series.frame, f["tables"]["sources"], narrow=n
    ),
    "casualties-deaths": lambda f, n: plots.claim_ranges(
        f["casualties"].deaths.focus.frame, f["tables"]["sources"], narrow=n
    ),
    "casualties-contrast": lambda f, n: plots.claim_ranges(
        f["casualties"].contrast.frame, f["tables"]["sources"], narrow=n
    ),
    "casualties-detentions": lambda f, n: plots.claim_ranges(
        f["casualties"].detentions.focus.frame, f["tables"]["sources"], narrow=n
    ),
    "press-freedom-rank-lines": lambda f, n: plots.rank_lines(**f["press_freedom"].rsf.rank_chart, narrow=n),
    "press-freedom-scores": lambda f, n: plots.score_periods(**f["press_freedom"].rsf.score_chart, narrow=n),
    "press-freedom-freedom-house": lambda f, n: plots.freedom_house_scores(
        **f["press_freedom"].freedom_house.chart, narrow=n
    ),
}
EVERY = [(name, narrow) for name in CHARTS for narrow in (False, True)]


@pytest.fixture
def draw(facts):
    drawn = []

    def make(name, narrow):
        fig = CHARTS[name](facts, narrow)
        drawn.append(fig)
        return fig

    yield make
    for fig in drawn:
        plt.close(fig)


@pytest.mark.parametrize("name,narrow", EVERY)
def test_no_chart_draws_a_title_and_every_chart_is_legible(draw, name, narrow):
    fig = draw(name, narrow)
    assert fig.texts == [] and fig._suptitle is None
    assert all(not ax.get_title(loc) for ax in fig.axes for loc in ("left", "center", "right"))
    assert legibility.problems(fig) == []


def _fills(ax) -> set[tuple[str, str]]:
    """(face colour, hatch) of every bar drawn in the axes."""
    return {
        (to_hex(p.get_facecolor()), p.get_hatch() or "")
        for p in ax.patches
        if isinstance(p, Rectangle) and p.get_width() > 0
    }


def _legend_fills(fig) -> set[tuple[str, str]]:
    legends = list(fig.legends) + [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
    return {
        (to_hex(h.get_facecolor()), h.get_hatch() or "")
        for legend in legends
        for h in legend.legend_handles
        if hasattr(h, "get_hatch")
    }


@pytest.mark.parametrize("name,narrow", EVERY)
def test_every_fill_has_a_legend_entry(draw, name, narrow):
    fig = draw(name, narrow)
    drawn = set().union(*(_fills(ax) for ax in fig.axes))
    assert drawn <= _legend_fills(fig), drawn - _legend_fills(fig)


def _bar_ends_top_down(ax) -> list[float]:
    """Each row's furthest bar end, from the top row down."""
    ends: dict[float, float] = {}
    for p in ax.patches:
        if isinstance(p, Rectangle) and p.get_width() > 0:
            centre = round(p.get_y() + p.get_height() / 2, 6)
            ends[centre] = max(ends.get(centre, 0.0), p.get_x() + p.get_width())
    return [ends[y] for y in sorted(ends, reverse=True)]


@pytest.mark.parametrize("name", ["sentencing-outcomes", "casualties-deaths", "casualties-contrast"])
def test_bars_are_sorted_by_value_largest_at_the_top(draw, name):
    # (the detentions chart has open-ended "at least" figures drawn as arrows, not bar ends; the
    # timeline is in date order, as time is its point)
    fig = draw(name, False)
    panels = [_bar_ends_top_down(ax) for ax in fig.axes]
    assert max(len(ends) for ends in panels) >= 2
    assert all(ends == sorted(ends, reverse=True) for ends in panels)


def test_killed_and_injured_are_never_on_one_axis(draw, facts):
    frame = facts["casualties"].deaths.focus.frame
    assert {"killed", "injured"} <= set(frame["metric"])  # the real data's deaths chart has both
    for narrow in (False, True):
        fig = draw("casualties-deaths", narrow)
        labels = [ax.get_xlabel() for ax in fig.axes]
        assert len(fig.axes) == frame["metric"].nunique()
        assert sum("killed" in label for label in labels) == 1 and sum("injured" in label for label in labels) == 1
        assert all(not ("killed" in label and "injured" in label) for label in labels)


def test_the_zhanaozen_contrast_draws_the_official_count_beside_the_independent_range(draw, facts):
    contrast = facts["casualties"].contrast
    frame = contrast.frame
    assert set(frame["event_id"]) == {"zhanaozen-2011"} and set(frame["metric"]) == {"killed"}
    official = frame[frame["claimant_type"] == "official"]
    ranged = frame[frame["qualifier"] == "range"].iloc[0]
    assert 17 in set(official["lower"]) and (ranged["lower"], ranged["upper"]) == (80, 100)
    fig = draw("casualties-contrast", False)
    (ax,) = fig.axes
    segments = {(round(p.get_x(), 6), round(p.get_x() + p.get_width(), 6)) for p in ax.patches if p.get_width() > 0}
    assert (80, 100) in segments  # the range drawn from its low to its high end
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert any(ranged["claimant"].split()[0] in label and "2012" in label for label in labels)
    assert any(label.startswith("Kazakh authorities") and "2015" in label for label in labels)


def _phone_column_px() -> float:
    """The width a figure has on a 390 px phone: the viewport less the body's side padding, read
    from briefing.css (rem = 16 px)."""
    rule = re.search(r"\bbody\s*\{[^}]*?padding:\s*([^;]+);", CSS.read_text()).group(1).split()
    sides = (rule[1], rule[3]) if len(rule) == 4 else (rule[min(1, len(rule) - 1)],) * 2

    def px(value: str) -> float:
        number = float(re.match(r"[\d.]+", value).group())
        return number * 16 if value.endswith("rem") or value.endswith("em") else number

    return PHONE_PX - sum(px(side) for side in sides)


@pytest.mark.parametrize("name", list(CHARTS))
def test_narrow_charts_have_text_of_at_least_10_css_px_on_a_390_px_phone(draw, name):
    fig = draw(name, True)
    svg = report._svg_bytes(fig).decode()  # as the briefing embeds it
    width_pt = float(re.search(r'<svg[^>]*\bwidth="([\d.]+)pt"', svg).group(1))
    width_px = width_pt * 96 / 72  # its natural width in CSS px
    shown_px = min(_phone_column_px(), width_px)  # max-width: 100%; never enlarged
    smallest_pt = min(t.get_fontsize() for t in legibility._visible_texts(fig))
    assert smallest_pt * 96 / 72 * shown_px / width_px >= MIN_PHONE_PX


def test_the_figure_shows_the_narrow_drawing_on_a_phone_and_the_wide_one_in_print(draw):
    html = report.figure(
        draw("sentencing-outcomes", False),
        "x",
        caption="c",
        alt="the alt",
        source_ids=[],
        sources=datasets.load_all(DATA)["sources"],
        figures_dir="",
        narrow=draw("sentencing-outcomes", True),
    ).data
    assert re.search(r'<picture><source media="\(max-width: 600px\)" srcset="data:image/svg\+xml;base64,[^" ]+">', html)
    assert html.count('alt="the alt"') == 1 and html.count("<img ") == 1
    assert math.isclose(report.NARROW_VIEWPORT_PX, 600)
