"""Casualty and detention claims: each claim as a point, a range or an open-ended bar; claims over time."""

from __future__ import annotations

import math
import textwrap

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from ..analysis.casualties import CLAIMANT_TYPES, TYPE_LABELS, date_label, event_label
from ..report import use_style
from .timeline import mid_date

# Claimant type -> (marker, face colour): shape and fill tell the types apart in greyscale print.
TYPE_MARKERS = {
    "official": ("s", "#000000"),
    "independent": ("o", "#ffffff"),
    "media": ("^", "#8c8c8c"),
    "ngo": ("D", "#ffffff"),
}
INK = "#000000"
# A claim wider than this ratio between its smallest and largest values gets a log axis.
LOG_SPAN = 30


def _marker(ax, x, y, claimant_type: str, size: float = 6.5) -> None:
    shape, face = TYPE_MARKERS[claimant_type]
    ax.plot(x, y, linestyle="none", marker=shape, markersize=size, markerfacecolor=face, markeredgecolor=INK,
            markeredgewidth=1.1, zorder=4)


def _legend_handles(types) -> list:
    handles = [Line2D([], [], linestyle="none", marker=TYPE_MARKERS[t][0], markersize=6.5,
                      markerfacecolor=TYPE_MARKERS[t][1], markeredgecolor=INK, label=f"{TYPE_LABELS[t]} claim")
               for t in CLAIMANT_TYPES if t in set(types)]
    handles += [
        Line2D([], [], color=INK, linewidth=2.2, label="range (low–high)"),
        Line2D([], [], color=INK, linewidth=1.2, marker=">", markersize=5,
               label="at least / more than: no upper bound"),
        Line2D([], [], color=INK, linewidth=1.2, linestyle=(0, (3, 2)), marker="<", markersize=5,
               label="up to: lower bound unknown"),
    ]
    return handles


def _scale(claims: pd.DataFrame) -> tuple[bool, float, float]:
    """(log?, smallest, largest) of the finite, positive values the claims state."""
    values = [v for v in list(claims["lower"]) + list(claims["upper"]) if v > 0 and not math.isinf(v)]
    if not values:
        return False, 0.0, 1.0
    smallest, largest = min(values), max(values)
    return largest / smallest >= LOG_SPAN, smallest, largest


def _number_axis(axis, log: bool, decades: float = 0.0) -> None:
    """Plain numbers with thousands separators, also on a log axis (no 10^n notation).

    Fewer ticks per decade the more decades the axis spans, so labels never run together.
    """
    if log:
        subs = (1.0, 2.0, 5.0) if decades <= 2.2 else (1.0, 3.0) if decades <= 3.6 else (1.0,)
        axis.set_major_locator(LogLocator(base=10, subs=subs))
        axis.set_minor_formatter(NullFormatter())
    axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if v >= 1 else f"{v:g}"))


def _claim_mark(ax, claim, position: float, low_edge: float, high_edge: float, vertical: bool = False) -> None:
    """Draw one claim at `position` along the category axis: point, range, or open-ended arrow."""
    def xy(value):
        return (position, value) if vertical else (value, position)

    qualifier, lower, upper = claim["qualifier"], claim["lower"], claim["upper"]
    arrow = {"arrowstyle": "-|>", "color": INK, "linewidth": 1.2, "mutation_scale": 9, "shrinkA": 0, "shrinkB": 0}
    if qualifier == "range":
        ax.plot(*zip(xy(lower), xy(upper)), color=INK, linewidth=2.2, solid_capstyle="butt", zorder=3)
        _marker(ax, *xy(lower), claim["claimant_type"], size=5.5)
        _marker(ax, *xy(upper), claim["claimant_type"], size=5.5)
    elif qualifier in ("at_least", "more_than"):
        ax.annotate("", xy=xy(high_edge), xytext=xy(lower), arrowprops=arrow, zorder=3)
        _marker(ax, *xy(lower), claim["claimant_type"])
    elif qualifier == "up_to":
        ax.annotate("", xy=xy(low_edge), xytext=xy(upper), arrowprops={**arrow, "linestyle": (0, (3, 2))}, zorder=3)
        _marker(ax, *xy(upper), claim["claimant_type"])
    else:  # exact, approx
        _marker(ax, *xy(lower), claim["claimant_type"])


def _short(text: str, width: int) -> str:
    return textwrap.shorten(str(text), width=width, placeholder="…")


def _heading(claim, width: int = 95) -> str:
    """'Event name (date) – metric', shortening the event's name, never the metric."""
    tail = f" ({date_label(claim['event_start'])}) – {claim['metric_label']}"
    return _short(claim["event"], max(width - len(tail), 20)) + tail


def claim_ranges(claims: pd.DataFrame, title: str):
    """One row per claim, grouped under event × metric headings; x = number of people.

    A point for an exact claim, a bar for a range, an arrow toward the open side for an
    open-ended one; the claim as worded ("more than 1,000") in a column at the right.
    Expects the frame of `analysis.casualties.select_claims` (non-empty).
    """
    use_style()
    slots: list[tuple[str, object]] = []
    for _, group in claims.groupby(["event_id", "metric"], sort=False):
        slots.append(("heading", _heading(group.iloc[0])))
        slots += [("claim", row) for _, row in group.iterrows()]
    log, smallest, largest = _scale(claims)
    low_edge, high_edge = (smallest / 2.2, largest * 2.6) if log else (0.0, largest * 1.2)

    title_lines = textwrap.wrap(title, 88)
    left, right, top, bottom = 2.55, 1.05, 0.3 + 0.18 * len(title_lines), 1.1
    height = 0.24 * len(slots) + top + bottom
    fig, ax = plt.subplots(figsize=(7.2, height))
    fig.subplots_adjust(left=left / 7.2, right=1 - right / 7.2, top=1 - top / height, bottom=bottom / height)
    labels, ticks = [], []
    for index, (kind, item) in enumerate(slots):
        y = len(slots) - 1 - index
        if kind == "heading":
            ax.annotate(item, xy=(0.012, y - 0.1), xycoords=("figure fraction", "data"), fontsize=8,
                        fontweight="bold", va="center", annotation_clip=False,
                        bbox={"facecolor": "#ffffff", "edgecolor": "none", "pad": 0.6}, zorder=10)
            if index:
                ax.axhline(y + 0.5, color="#bdbdbd", linewidth=0.6, zorder=1)
            continue
        _claim_mark(ax, item, y, low_edge, high_edge)
        ticks.append(y)
        labels.append(f"{_short(item['claimant'], 40)}, {date_label(item['claim_date'])}")
        ax.annotate(item["figure"], xy=(1.015, y), xycoords=("axes fraction", "data"), fontsize=7.5, va="center",
                    annotation_clip=False)
    ax.set_yticks(ticks)
    ax.set_yticklabels(labels, fontsize=7.5)
    ax.set_ylim(-0.7, len(slots) - 0.4)
    ax.grid(axis="y", visible=False)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)  # headings run across where the spine would be
    if log:
        ax.set_xscale("log")
    ax.set_xlim(low_edge, high_edge)
    _number_axis(ax.xaxis, log, math.log10(high_edge / low_edge) if log else 0.0)
    ax.set_xlabel("Number of people, as claimed" + (" (log scale)" if log else ""))
    ax.annotate("as stated", xy=(1.015, len(slots) - 0.4), xycoords=("axes fraction", "data"), fontsize=7.5,
                va="bottom", color="#555555", annotation_clip=False)
    fig.text(0.012, 1 - 0.12 / height, "\n".join(title_lines), ha="left", va="top", fontsize=10, fontweight="bold")
    fig.legend(handles=_legend_handles(claims["claimant_type"]), loc="lower left", bbox_to_anchor=(0.012, 0.0),
               ncol=3, frameon=False, fontsize=7.5, handlelength=2.2, columnspacing=1.2)
    return fig


def claim_timeline(series: list[pd.DataFrame], title: str):
    """How stated figures changed with the date of the claim: one panel per event × metric.

    x = claim date (a year- or month-only date sits mid-period), y = number of people; claims
    of one date are spread a little apart so they do not hide each other.
    """
    use_style()
    title_lines = textwrap.wrap(title, 88)
    panel, top = 2.9, 0.35 + 0.18 * len(title_lines)
    height = panel * len(series) + top + 0.45
    fig, axes = plt.subplots(len(series), 1, figsize=(7.2, height), squeeze=False)
    fig.subplots_adjust(left=0.1, right=0.8, top=1 - top / height, bottom=0.45 / height + 0.06 / len(series),
                        hspace=0.55)
    for ax, claims in zip(axes[:, 0], series):
        log, smallest, largest = _scale(claims)
        low_edge, high_edge = (smallest / 2, largest * 2.5) if log else (0.0, largest * 1.25)
        positions = [mid_date(d) for d in claims["claim_date"]]
        span = max(positions) - min(positions)
        step = span * 0.045
        stacked: dict[pd.Timestamp, int] = {}
        placed = []
        figures = list(claims["figure"])
        for index, ((_, claim), at) in enumerate(zip(claims.iterrows(), positions)):
            n_same = sum(1 for p in positions if p == at)
            k = stacked.get(at, 0)
            stacked[at] = k + 1
            x = at + step * (k - (n_same - 1) / 2)
            placed.append(x)
            _claim_mark(ax, claim, mdates.date2num(x), low_edge, high_edge, vertical=True)
            repeated = any(positions[j] == at and figures[j] == figures[index] for j in range(index + 1, len(figures)))
            if not repeated:  # the same figure twice on one date: one label, after the last mark
                value = claim["upper"] if claim["qualifier"] == "up_to" else claim["lower"]
                left = k < (n_same - 1) / 2  # marks left of a date's centre get their label on the left
                ax.annotate(claim["figure"], xy=(mdates.date2num(x), value), xytext=(-5 if left else 5, 0),
                            textcoords="offset points", fontsize=7, va="center", ha="right" if left else "left")
        if log:
            ax.set_yscale("log")
        ax.set_ylim(low_edge, high_edge)
        _number_axis(ax.yaxis, log, math.log10(high_edge / low_edge) if log else 0.0)
        ax.set_xlim(mdates.date2num(min(placed) - pd.Timedelta(days=200)),
                    mdates.date2num(max(placed) + pd.Timedelta(days=300)))
        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        first = claims.iloc[0]
        ax.set_title(f"{event_label(first['event'], first['event_start'])} – {first['metric_label']}",
                     loc="left", fontsize=8.5)
        ax.set_ylabel(f"People {first['metric_label']}, as claimed" + (" (log scale)" if log else ""), fontsize=8)
        ax.grid(axis="x", visible=False)
    axes[-1, 0].set_xlabel("Date of the claim (a year- or month-only date is placed mid-period)")
    fig.text(0.012, 1 - 0.12 / height, "\n".join(title_lines), ha="left", va="top", fontsize=10, fontweight="bold")
    types = pd.concat(series)["claimant_type"]
    axes[0, 0].legend(handles=_legend_handles(types), loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False,
                      fontsize=7, handlelength=2.2)
    return fig
