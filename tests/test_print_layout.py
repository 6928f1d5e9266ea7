"""Print keeps what the HTML has: laid out by the PDF renderer with the briefing's stylesheet, an
unbroken long word in running text, a caption or a table cell stays inside the text block (the
boxes are measured, not the CSS read), and a table of ordinary words keeps its words whole."""

import pandas as pd
import pytest
from weasyprint import CSS, HTML

from conftest import one_source
from kzbrief import report
from kzbrief.pipeline.rendering import CSS_FILE

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
