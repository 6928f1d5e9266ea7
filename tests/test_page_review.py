"""The build's page review finds what a print reader would notice, on laid-out pages: each
case is laid out by WeasyPrint at a small page size and must be found, or must not be."""

from weasyprint import CSS, HTML

from kzbrief.pipeline import page_review

# A small page makes each case short to write: 400 x 300 px, no margins, 20 px lines.
PAGE = CSS(
    string="@page { size: 400px 300px; margin: 0 } body { margin: 0; font-size: 16px; line-height: 20px } "
    "h2, h3 { margin: 0; font-size: 16px; line-height: 20px }"
)


def review(body: str) -> list[str]:
    document = HTML(string=f"<html><body><main>{body}</main></body></html>").render(stylesheets=[PAGE])
    return page_review.review(document)


def chapter(name: str, body: str) -> str:
    return f'<section class="chapter" aria-labelledby="{name}"><h2 id="{name}">{name}</h2>{body}</section>'


def paragraphs(n: int) -> str:
    return "".join(f"<p style='margin:0'>Line {i}</p>" for i in range(n))


def block(name: str, width: int) -> str:
    table = f'<table style="width: {width}px"><tr><td>x</td></tr></table>'
    return f'<div class="briefing-table-block" id="{name}">{table}</div>'


NEW_PAGE = '<div style="break-before: page"></div>'


def test_a_box_past_the_text_block_is_named_with_its_page():
    wide = (
        '<div class="briefing-table-block" id="tab-wide"><table style="width: 600px"><tr><td>x</td></tr></table></div>'
    )
    problems = review(chapter("one", wide))
    assert any(p.startswith("page 1: tab-wide runs") and "past the right edge" in p for p in problems), problems


def test_a_table_inside_the_text_block_is_not_reported():
    narrow = block("tab-narrow", 300)
    assert review(chapter("one", narrow)) == []


def test_a_mostly_empty_page_in_the_middle_of_a_chapter_is_reported():
    problems = review(chapter("one", paragraphs(2) + NEW_PAGE + paragraphs(10)))
    assert any(p.startswith("page 1: only") and "filled" in p for p in problems), problems


def test_a_chapter_may_end_on_a_short_page():
    body = chapter("one", paragraphs(2)) + NEW_PAGE + chapter("two", paragraphs(10))
    assert review(body) == []


def test_a_heading_alone_at_the_page_foot_is_reported():
    body = chapter("one", paragraphs(13) + "<h3 style='margin:0'>Lonely</h3>" + NEW_PAGE + paragraphs(3))
    assert "page 1: the heading or caption 'Lonely' is alone at the page foot" in review(body)


def test_one_table_row_alone_at_the_page_foot_is_reported():
    rows = "".join(f"<tr style='height: 30px'><td>row {i}</td></tr>" for i in range(6))
    block = (
        '<div style="height: 200px"></div><div class="briefing-table-block" id="tab-split"><table>'
        f"<thead><tr style='height: 30px'><th>head</th></tr></thead><tbody>{rows}</tbody></table></div>"
    )
    problems = review(chapter("one", block))
    assert "page 1: one row of tab-split is alone at the page foot" in problems, problems


def test_running_text_below_the_body_size_is_reported_but_not_table_text():
    small = "<p style='font-size: 8pt'>Small print</p>"
    in_table = "<table><tr><td><p style='font-size: 8pt'>cell</p></td></tr></table>"
    problems = review(chapter("one", small))
    assert any("running text in one is set at 8.0 pt" in p for p in problems), problems
    assert review(chapter("one", in_table)) == []


def test_the_pdf_renderer_passes_each_problem_to_the_build(tmp_path):
    """render_pdf reviews the pages it lays out: the build prints what it finds on its console."""
    from kzbrief.pipeline.rendering import render_pdf

    found = []
    wide = chapter("one", block("tab-wide", 2000))
    render_pdf(f"<html><body><main>{wide}</main></body></html>", tmp_path / "wide.pdf", warn=found.append)
    assert (tmp_path / "wide.pdf").stat().st_size > 0
    assert [p for p in found if "tab-wide runs" in p], found
