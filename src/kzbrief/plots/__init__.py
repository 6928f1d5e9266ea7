"""Charts of the briefing, one module per chapter, all in the project style of `use_style`
(plots/style.py).

Greyscale-safe (black and greys, paired with markers or line styles), axes labelled with units,
titles that state the finding; the notebook adds the caption and the source line.
"""

from .casualties import claim_ranges, figures_over_time
from .press_freedom import freedom_house_scores, rank_lines, score_periods
from .sentencing import outcome_alt, outcome_bars, term_alt, term_chart
from .style import STYLE, use_style
from .timeline import as_date, event_timeline

__all__ = [
    "as_date",
    "claim_ranges",
    "event_timeline",
    "figures_over_time",
    "freedom_house_scores",
    "outcome_alt",
    "outcome_bars",
    "rank_lines",
    "score_periods",
    "STYLE",
    "term_alt",
    "term_chart",
    "use_style",
]
