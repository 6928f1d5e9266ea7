"""The project's figure style, applied by every chart before it draws."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # figures are embedded explicitly; no inline backend output in the briefing

# Fixed salt and no dates: identical inputs give identical SVG bytes.
STYLE = {
    "svg.hashsalt": "kzbrief",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#d0d0d0",
    "grid.linewidth": 0.5,
    "figure.dpi": 100,
    "savefig.bbox": "tight",
    # Labels come from the data: a "$" in a name is a dollar sign, never mathtext.
    "text.parse_math": False,
}


# Every chart is drawn twice: WIDE for print and wide screens, NARROW for a phone (report.figure
# shows it below 600 CSS px). At NARROW, 8 pt text stays at least 10 CSS px on a 390 px phone
# (tests/test_phone_charts.py measures it).
WIDE, NARROW = 7.2, 3.6


def width(narrow: bool) -> float:
    """The figure width in inches of a chart's wide or narrow drawing."""
    return NARROW if narrow else WIDE


def use_style() -> None:
    """Apply the project's figure style (greyscale-safe: colours are paired with markers)."""
    matplotlib.rcParams.update(STYLE)
