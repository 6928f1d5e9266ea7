"""The timeline of events that the briefing's cases and claims refer to."""

from __future__ import annotations

import textwrap

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd

from .style import use_style


def as_date(value: str, end: bool = False) -> pd.Timestamp:
    """'2011', '2011-12' or '2011-12-16' as a timestamp; a partial end date means the period's end."""
    stamp = pd.Timestamp(value)
    if end and len(value) == 4:
        return stamp + pd.offsets.YearEnd(0)
    if end and len(value) == 7:
        return stamp + pd.offsets.MonthEnd(0)
    return stamp


def event_timeline(events: pd.DataFrame, title: str):
    """One row per event: a bar from start to end, a dot for one-day events; oldest at the top."""
    use_style()
    ordered = events.sort_values("start_date", kind="stable").reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(7.2, 0.55 * len(ordered) + 1.2))
    for position, row in ordered.iterrows():
        start = as_date(row["start_date"])
        end = as_date(row["end_date"], end=True) if pd.notna(row["end_date"]) else None
        y = len(ordered) - 1 - position
        if end is not None and end > start:
            ax.barh(y, end - start, left=start, height=0.5, color="#555555")
        else:
            ax.plot(start, y, marker="o", color="#000000", markersize=5)
    ax.set_yticks(range(len(ordered)))
    labels = [textwrap.fill(name, 34) for name in ordered["name"]]
    ax.set_yticklabels(labels[::-1])
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=8))
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    ax.set_xlabel("Date (bars: events lasting more than a day)")
    ax.grid(axis="y", visible=False)
    ax.set_title(title, loc="left")
    return fig
