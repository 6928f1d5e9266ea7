"""Sentencing charts: outcomes, terms as points and intervals, appeals, charges, verdicts over time."""

from __future__ import annotations

import textwrap

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D

from ..analysis.sentencing import OUTCOME_LABELS, from_years
from ..report import use_style
from .timeline import as_date, mid_date

# Outcome -> (marker, filled): shape and fill tell outcomes apart in greyscale print.
OUTCOME_MARKERS = {
    "custodial": ("o", True),
    "house_arrest": ("^", True),
    "restriction_of_liberty": ("s", True),
    "suspended": ("o", False),
    "fine": ("v", False),
    "administrative_detention": ("D", False),
    "amnesty": ("P", False),
    "acquitted": ("X", False),
    "charges_dropped": ("x", True),
    "witness": ("*", False),
    "pending": ("h", False),
    "released": (">", False),
}


def _marker(ax, x, y, outcome: str, size: float = 6, **kwargs) -> None:
    shape, filled = OUTCOME_MARKERS.get(outcome, ("o", False))
    ax.plot(x, y, linestyle="none", marker=shape, markersize=size, markeredgecolor="#000000",
            markerfacecolor="#000000" if filled else "#ffffff", markeredgewidth=1.1, zorder=4, **kwargs)


def _outcome_legend(ax, outcomes, **kwargs) -> None:
    handles = []
    for outcome in [o for o in OUTCOME_LABELS if o in set(outcomes)]:
        shape, filled = OUTCOME_MARKERS[outcome]
        handles.append(Line2D([], [], linestyle="none", marker=shape, markersize=6, markeredgecolor="#000000",
                              markerfacecolor="#000000" if filled else "#ffffff", label=OUTCOME_LABELS[outcome]))
    ax.legend(handles=handles, frameon=False, fontsize=7.5, **kwargs)


def _wrap(text: str, width: int = 38) -> str:
    return textwrap.fill(str(text), width)


def outcome_bars(counts: pd.DataFrame, title: str):
    """Named defendants per outcome; administrative outcomes hatched and listed apart."""
    use_style()
    ordered = counts.iloc[::-1].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(7.2, 0.32 * len(ordered) + 1.3))
    for y, row in ordered.iterrows():
        administrative = row["kind"] == "administrative"
        ax.barh(y, row["persons"], height=0.6, color="#ffffff" if administrative else "#555555",
                edgecolor="#000000", hatch="///" if administrative else None, linewidth=0.8)
        ax.annotate(str(int(row["persons"])), (row["persons"], y), xytext=(3, 0), textcoords="offset points",
                    va="center", fontsize=8)
    ax.set_yticks(range(len(ordered)))
    ax.set_yticklabels([f"{label} (administrative)" if kind == "administrative" else label
                        for label, kind in zip(ordered["label"], ordered["kind"])])
    ax.set_xlabel("Named defendants (persons)")
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.grid(axis="y", visible=False)
    ax.set_title(title, loc="left")
    return fig


def term_intervals(rows: pd.DataFrame, unit: str, title: str):
    """One line per defendant or group count: exact terms as points, reported ranges as intervals.

    A range is drawn from its lowest to its highest term, with the number of people it covers;
    it is never reduced to a midpoint.
    """
    use_style()
    ordered = rows.sort_values(["high", "low"], ascending=True, kind="stable").reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(7.2, 0.36 * len(ordered) + 1.5))
    top = from_years(float(ordered["high"].max()), unit) if len(ordered) else 1
    for y, row in ordered.iterrows():
        low, high = from_years(row["low"], unit), from_years(row["high"], unit)
        if row["exact"]:
            _marker(ax, low, y, row["outcome"])
        else:
            ax.plot([low, high], [y, y], color="#000000", linewidth=1.2, zorder=3)
            for end in (low, high):
                _marker(ax, end, y, row["outcome"], size=5)
        if row["is_group"]:
            ax.annotate(f"{int(row['n_persons'])} people, each {row['as_given']}", (high, y), xytext=(6, 0),
                        textcoords="offset points", va="center", fontsize=7)
    labels = [_wrap(name, 44) for name in ordered["defendant"]]
    ax.set_yticks(range(len(ordered)))
    ax.set_yticklabels(labels, fontsize=7.5)
    ax.set_xlim(0, top * 1.45)
    ax.set_xlabel(f"Term imposed at first instance ({unit}); intervals: a range reported for a group")
    ax.grid(axis="y", visible=False)
    _outcome_legend(ax, ordered["outcome"], loc="lower right")
    ax.set_title(title, loc="left")
    return fig


def appeal_changes(rows: pd.DataFrame, unit: str, title: str):
    """Per person: the first-instance term (open) and the term after a higher court (filled)."""
    use_style()
    ordered = rows.reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(7.2, 0.5 * len(ordered) + 1.4))
    for y, row in ordered.iterrows():
        first, later = from_years(row["first_years"], unit), from_years(row["later_years"], unit)
        ax.annotate("", xy=(later, y), xytext=(first, y),
                    arrowprops={"arrowstyle": "->", "color": "#555555", "linewidth": 1.2, "shrinkA": 4, "shrinkB": 5})
        _marker(ax, first, y, row["first_outcome"])
        _marker(ax, later, y, row["later_outcome"])
        ax.annotate(f"{row['later_stage'].replace('_', ' ')}, {row['later_date'] if pd.notna(row['later_date']) else 'date not given'}",
                    (max(first, later), y), xytext=(8, 0), textcoords="offset points", va="center", fontsize=7)
    ax.set_yticks(range(len(ordered)))
    ax.set_yticklabels(ordered["defendant"])
    ax.set_ylim(-0.7, len(ordered) - 0.3)
    high = max(from_years(ordered["first_years"].max(), unit), from_years(ordered["later_years"].max(), unit))
    ax.set_xlim(0, high * 1.5)
    ax.set_xlabel(f"Term ({unit}): first instance → after the higher court")
    ax.grid(axis="y", visible=False)
    _outcome_legend(ax, list(ordered["first_outcome"]) + list(ordered["later_outcome"]), loc="lower right")
    ax.set_title(title, loc="left")
    return fig


def offence_bars(table: pd.DataFrame, title: str):
    """Named defendants charged per offence family, with the articles; group counts as text."""
    use_style()
    ordered = table.iloc[::-1].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(7.2, 0.42 * len(ordered) + 1.3))
    top = max(int(ordered["named_defendants"].max()), 1)
    for y, row in ordered.iterrows():
        ax.barh(y, row["named_defendants"], height=0.6, color="#555555", edgecolor="#000000", linewidth=0.6)
        note = str(int(row["named_defendants"]))
        if row["persons_in_group_counts"]:
            note += f"  (and {int(row['persons_in_group_counts'])} in group counts)"
        ax.annotate(note, (row["named_defendants"], y), xytext=(3, 0), textcoords="offset points", va="center",
                    fontsize=7.5)
    ax.set_yticks(range(len(ordered)))
    ax.set_yticklabels([f"{_wrap(o, 40)}\n{a}" for o, a in zip(ordered["offence"], ordered["articles"])], fontsize=7)
    ax.set_xlim(0, top * 1.6)
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.set_xlabel("Named defendants charged (persons)")
    ax.grid(axis="y", visible=False)
    ax.set_title(title, loc="left")
    return fig


def verdict_timeline(rows: pd.DataFrame, event_names: dict[str, str], title: str):
    """Dated outcomes over time, one row per event; a number beside a marker counts a group."""
    use_style()
    events = list(dict.fromkeys(rows["event_id"].fillna("(no event)")))
    event_names = {"(no event)": "no event in the data", **event_names}
    fig, ax = plt.subplots(figsize=(7.2, 0.5 * len(events) + 1.6))
    for _, row in rows.iterrows():
        y = len(events) - 1 - events.index(row["event_id"] if pd.notna(row["event_id"]) else "(no event)")
        start, end, when = as_date(row["date"]), as_date(row["date"], end=True), mid_date(row["date"])
        if end > start:  # a date given only as a month or a year: drawn across that period
            ax.plot([start, end], [y, y], color="#8c8c8c", linewidth=4, solid_capstyle="butt", zorder=2)
        _marker(ax, when, y, row["outcome"])
        if int(row["n_persons"]) > 1:
            ax.annotate(f"{int(row['n_persons'])}", (when, y), xytext=(0, 7), textcoords="offset points",
                        ha="center", fontsize=7)
    ax.set_yticks(range(len(events)))
    ax.set_yticklabels([_wrap(event_names.get(e, e), 30) for e in events[::-1]], fontsize=7.5)
    ax.set_ylim(-0.6, len(events) - 0.2)
    # At least a year across: the date locator has no sensible ticks for a few days' span.
    first, last = as_date(rows["date"].min()), as_date(rows["date"].max(), end=True)
    margin = max(pd.Timedelta(days=120), (pd.Timedelta(days=366) - (last - first)) / 2)
    ax.set_xlim(first - margin, last + margin)
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=8))
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    ax.set_xlabel("Date of the verdict or decision (grey band: the source gives only the month or year)")
    ax.grid(axis="y", visible=False)
    _outcome_legend(ax, rows["outcome"], loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=3)
    ax.set_title(title, loc="left")
    return fig
