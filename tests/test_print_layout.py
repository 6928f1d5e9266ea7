"""Print keeps what the HTML has: laid out by the PDF renderer with the briefing's stylesheet, an
unbroken long word in running text, a caption or a table cell stays inside the text block (the
boxes are measured, not the CSS read), a table of ordinary words keeps its words whole, and the
event timeline fits its page however many events there are."""

import pandas as pd
import pytest
from weasyprint import CSS, HTML

from conftest import one_source
from kzbrief import report
from kzbrief.pipeline.rendering import CSS_FILE
from kzbrief.plots import legibility
from kzbrief.plots.timeline import TIMELINE_ROWS, event_timeline

WORD = "x" * 400
ADDRESS = "https://example.org/" + "a-very-long-path-segment/" * 20
SOURCES = one_source()


def laid_out(body: str):
    html = f"<html><body><main>{body}</main></body></html>"
    return HTML(string=html).render(stylesheets=[CSS(filename=str(CSS_FILE))])


def boxes(box):
    yield box
    for child in getattr(box, "children", None) or []:
        yield from boxes(child)


def table(frame: pd.DataFrame, caption: str = "A caption") -> str:
    return report.table(frame, caption=caption, source_ids=["doc"], sources=SOURCES).data


@pytest.mark.parametrize(
    "body",
    [
        f"<p>{WORD}</p>",
        f"<ul><li>{ADDRESS}</li></ul>",
        table(pd.DataFrame({"name": [ADDRESS, "Ann"], WORD: [WORD, "short"]}), caption=WORD),
    ],
)
def test_long_words_break_inside_the_text_block(body):
    for page in laid_out(body).pages:
        page_box = page._page_box
        right = page_box.margin_width() - page_box.margin_right
        widest = max(b.position_x + b.margin_width() for b in boxes(page_box) if b is not page_box)
        assert widest <= right + 0.5, f"a box reaches {widest:.0f} px, the text block ends at {right:.0f} px"


def test_a_table_of_ordinary_words_keeps_every_word_whole():
    """Break opportunities go only into words too long for a column: 'Foundation' never reads 'Foundati on'."""
    frame = pd.DataFrame(
        {
            "trial": ["Zhanaozen oil workers trial"] * 3,
            "document": ["Institute for War and Peace Reporting (IWPR) (2012)", "Open Dialog Foundation (2015)", "x"],
            "total stated": [11, 37, 4],
            "prison": [13, 4, 1],
            "suspended sentence": [16, 18, 2],
            "source": ["[2]"] * 3,
        }
    )
    html = table(frame)
    assert "<wbr>" not in html
    lines = []
    for page in laid_out(html).pages:
        for box in boxes(page._page_box):
            text = getattr(box, "text", None)
            if text:
                lines.append(text)
    words = {w for line in lines for w in line.split()}
    assert {"Foundation", "Zhanaozen", "document", "source"} <= words, sorted(words)


def _events(n: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event_id": [f"event-{i}" for i in range(n)],
            "name": [f"Protest number {i}" for i in range(n)],
            "start_date": [f"{2002 + i % 20}-{1 + i % 12:02d}-{1 + i % 28:02d}" for i in range(n)],
            "end_date": [None] * n,
        }
    )


@pytest.mark.parametrize("n", [3, TIMELINE_ROWS, TIMELINE_ROWS + 1, 700])
def test_the_event_timeline_fits_a_printed_page_and_shows_every_event(n, tmp_path):
    """One row per event while they fit a page; more are counted per year (700 rows made a chart
    taller than the page, which the print cut to an empty axis)."""
    chart = event_timeline(_events(n))
    if n <= TIMELINE_ROWS:
        assert len(chart.axes[0].get_yticklabels()) == n
    else:
        assert sum(bar.get_height() for bar in chart.axes[0].patches) == n
    assert legibility.problems(chart) == []
    html = report.figure(
        chart, "timeline", caption="Events", alt="Events", source_ids=["doc"], sources=SOURCES, figures_dir=tmp_path
    )
    document = laid_out(html.data)
    assert len(document.pages) == 1
    page_box = document.pages[0]._page_box
    bottom = page_box.margin_height() - page_box.margin_bottom
    for tag in ("img", "figcaption"):
        box = next(b for b in boxes(page_box) if getattr(b, "element_tag", None) == tag)
        assert box.position_y + box.margin_height() <= bottom + 0.5, f"the chart's {tag} runs off the page"
