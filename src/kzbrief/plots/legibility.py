"""Can a reader read a chart? Text that overlaps other text, and text too small at print size.

Used by report.figure (a problem is warned about, so the build reports it on the console) and
by the chart tests (a problem fails them).
"""

from __future__ import annotations

from matplotlib.text import Text

# The PDF's text column: A4 (210 mm) less 18 mm margins each side. A figure wider than this is
# scaled down to fit, and its text with it.
PRINT_WIDTH_INCHES = (210 - 2 * 18) / 25.4
MIN_PRINT_POINTS = 7.0


def _visible_texts(fig) -> list[Text]:
    hidden = _ticks_outside_view(fig)
    texts = []
    for text in fig.findobj(Text):
        if text.get_visible() and text.get_text().strip() and text.get_figure() is not None and id(text) not in hidden:
            texts.append(text)
    return texts


def _ticks_outside_view(fig) -> set[int]:
    """Tick labels whose tick lies outside the axis limits: matplotlib does not draw them."""
    hidden = set()
    for ax in fig.get_axes():
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                location = tick.get_loc()
                if location is None or not (low - 1e-9 <= location <= high + 1e-9):
                    hidden.update({id(tick.label1), id(tick.label2)})
    return hidden


def print_scale(fig) -> float:
    """How much the figure shrinks when it is fitted to the PDF's text column (1 = not at all)."""
    renderer = fig.canvas.get_renderer()
    width = fig.get_tightbbox(renderer).width  # inches: savefig uses bbox_inches="tight"
    return min(1.0, PRINT_WIDTH_INCHES / width) if width else 1.0


def problems(fig) -> list[str]:
    """Every pair of text labels whose boxes intersect, and every text smaller than
    MIN_PRINT_POINTS once printed; an empty list when the chart is legible."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = _visible_texts(fig)
    boxes = [t.get_window_extent(renderer) for t in texts]
    found = [f"text {texts[i].get_text()!r} overlaps {texts[j].get_text()!r}" for i, j in _overlapping_pairs(boxes)]
    scale = print_scale(fig)
    for text in texts:
        printed = text.get_fontsize() * scale
        if printed < MIN_PRINT_POINTS - 0.05:
            found.append(f"text {text.get_text()!r} prints at {printed:.1f} pt (at least {MIN_PRINT_POINTS:g} pt)")
    return found


def _overlapping_pairs(boxes) -> list[tuple[int, int]]:
    """(i, j), i < j, of the boxes that overlap, in the order of the texts. A sweep from bottom to
    top compares a box only with the boxes that start below its top: linear in the labels of a
    tall chart (one row per person), where comparing every pair would be quadratic."""
    order = sorted((i for i, box in enumerate(boxes) if box.width), key=lambda i: boxes[i].y0)
    pairs, open_boxes = [], []
    for i in order:
        open_boxes = [j for j in open_boxes if boxes[j].y1 > boxes[i].y0]  # still reaching up to this box
        pairs += [(min(i, j), max(i, j)) for j in open_boxes if _overlap(boxes[i], boxes[j])]
        open_boxes.append(i)
    return sorted(pairs)


def _overlap(a, b, tolerance: float = 0.5) -> bool:
    """True when the boxes share more than a hairline (touching edges are not an overlap)."""
    return (min(a.x1, b.x1) - max(a.x0, b.x0) > tolerance) and (min(a.y1, b.y1) - max(a.y0, b.y0) > tolerance)
