"""Charts of the briefing, one module per chapter, all in the project style of `use_style`
(plots/style.py).

Greyscale-safe (black and greys, paired with markers or line styles), axes labelled with units,
no title (the caption's first sentence states the finding); each drawn wide for print and
`narrow=True` for a phone. The notebook adds the caption and the source line.
"""

from .casualties import claim_ranges, counts_by_body, figures_over_time
from .press_freedom import freedom_house_scores, rank_lines, score_periods
from .sentencing import outcome_alt, outcome_bars, outcome_title, term_alt, term_chart, term_title
from .style import NARROW, STYLE, WIDE, use_style
from .timeline import as_date, event_timeline

__all__ = [
    "as_date",
    "claim_ranges",
    "counts_by_body",
    "event_timeline",
    "figures_over_time",
    "freedom_house_scores",
    "outcome_alt",
    "outcome_bars",
    "outcome_title",
    "rank_lines",
    "score_periods",
    "NARROW",
    "STYLE",
    "WIDE",
    "term_alt",
    "term_chart",
    "term_title",
    "use_style",
]
