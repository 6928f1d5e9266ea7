"""The timeline of events that the briefing's cases and claims refer to."""

from __future__ import annotations

import textwrap

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from .style import use_style, width


def as_date(value: str, end: bool = False) -> pd.Timestamp:
    """'2011', '2011-12' or '2011-12-16' as a timestamp; a partial end date means the period's end."""
    stamp = pd.Timestamp(value)
    if end and len(value) == 4:
        return stamp + pd.offsets.YearEnd(0)
    if end and len(value) == 7:
        return stamp + pd.offsets.MonthEnd(0)
    return stamp


# One row per event fits a printed page for this many events (0.55 inch a row). More would make a
# chart taller than the page, which the print shrinks to nothing or cuts to an empty axis (700
# events made one 386 inches tall): they are counted per year instead, and the table lists each.
TIMELINE_ROWS = 14


def event_timeline(events: pd.DataFrame, narrow: bool = False):
    """One row per event: a bar from start to end, a dot for one-day events; oldest at the top
    (sorted by date: time is the point). More than TIMELINE_ROWS events: the events starting in
    each year, as bars. No title: the caption says what it shows. `narrow`: the phone drawing."""
    use_style()
    if len(events) > TIMELINE_ROWS:
        return _events_per_year(events, narrow)
    ordered = events.sort_values("start_date", kind="stable").reset_index(drop=True)
    wrap = 18 if narrow else 34
    labels = [textwrap.fill(name, wrap) for name in ordered["name"]]
    pitch = 0.55 if not narrow else 0.2 + 0.16 * max(label.count("\n") + 1 for label in labels)
    # constrained: the legend gets a row of its own below the axis
    fig, ax = plt.subplots(figsize=(width(narrow), pitch * len(ordered) + 1.4), layout="constrained")
    for position, row in ordered.iterrows():
        start = as_date(row["start_date"])
        end = as_date(row["end_date"], end=True) if pd.notna(row["end_date"]) else None
        y = len(ordered) - 1 - position
        if end is not None and end > start:
            ax.barh(y, end - start, left=start, height=0.5, color="#555555")
        else:
            ax.plot(start, y, marker="o", color="#000000", markersize=5)
    ax.set_yticks(range(len(ordered)))
    ax.set_yticklabels(labels[::-1])
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=4 if narrow else 8))
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    ax.set_xlabel("Date")
    ax.grid(axis="y", visible=False)
    handles = [
        Patch(facecolor="#555555", label="Event lasting more than a day"),
        Line2D([], [], linestyle="", marker="o", color="#000000", label="One-day event"),
    ]
    fig.legend(handles=handles, loc="outside lower left", ncol=1 if narrow else 2, frameon=False)
    return fig


def _events_per_year(events: pd.DataFrame, narrow: bool):
    # in the order of the years: time is the point
    per_year = events["start_date"].astype(str).str.slice(0, 4).astype(int).value_counts().sort_index()
    fig, ax = plt.subplots(figsize=(width(narrow), 3.8))
    ax.bar(per_year.index, per_year.to_numpy(), width=0.7, color="#555555")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=10))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    words = f"Year the event started ({len(events)} events, each listed in the table of events)"
    ax.set_xlabel(textwrap.fill(words, 40) if narrow else words)
    ax.set_ylabel("Events")
    ax.grid(axis="x", visible=False)
    return fig
