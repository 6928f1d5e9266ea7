"""Print keeps what the HTML has: laid out by the PDF renderer with the briefing's stylesheet, an
unbroken long word in running text, a caption or a table cell stays inside the text block (the
boxes are measured, not the CSS read)."""

import pytest
from weasyprint import CSS, HTML

from kzbrief.pipeline.rendering import CSS_FILE

WORD = "x" * 400
ADDRESS = "https://example.org/" + "a-very-long-path-segment/" * 20


def boxes(box):
    yield box
    for child in getattr(box, "children", None) or []:
        yield from boxes(child)


@pytest.mark.parametrize(
    "body",
    [
        f"<p>{WORD}</p>",
        f"<ul><li>{ADDRESS}</li></ul>",
        f"<div class='briefing-table-block'><p class='table-caption'>{WORD}</p><table class='briefing-table'>"
        f"<thead><tr><th>name</th><th>{WORD}</th></tr></thead><tbody><tr><td>{ADDRESS}</td><td>{WORD}</td></tr>"
        f"</tbody></table><p class='source-line'>{ADDRESS}</p></div>",
    ],
)
def test_long_words_break_inside_the_text_block(body):
    document = HTML(string=f"<html><body><main>{body}</main></body></html>").render(
        stylesheets=[CSS(filename=str(CSS_FILE))]
    )
    for page in document.pages:
        page_box = page._page_box
        right = page_box.margin_width() - page_box.margin_right
        widest = max(b.position_x + b.margin_width() for b in boxes(page_box) if b is not page_box)
        assert widest <= right + 0.5, f"a box reaches {widest:.0f} px, the text block ends at {right:.0f} px"
