"""Sentencing charts: how the named defendants' cases ended, and the terms imposed at first instance."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.patches import Patch

from ..analysis.sentencing import format_term, from_years
from ..domain import ADMINISTRATIVE
from .style import use_style, width

# Outcome -> (marker, filled): shape and fill tell outcomes apart in greyscale print.
OUTCOME_MARKERS = {
    "custodial": ("o", True),
    "in_absentia": ("d", False),
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
FONT = 8.5  # every label: at least 7 pt once the figure is fitted to the page
# The terms chart draws at most this many lines (the longest terms): one line per person stays
# legible on a page for dozens of people, not for thousands.
TERM_CHART_LINES = 30


def _marker(ax, x, y, outcome: str, size: float = 6) -> None:
    shape, filled = OUTCOME_MARKERS.get(outcome, ("o", False))
    ax.plot(
        x,
        y,
        linestyle="none",
        marker=shape,
        markersize=size,
        markeredgecolor="#000000",
        markerfacecolor="#000000" if filled else "#ffffff",
        markeredgewidth=1.1,
        zorder=4,
    )


def _wrap(text: str, width: int) -> str:
    return textwrap.fill(str(text), width)


def outcome_title(counts: pd.DataFrame) -> str:
    """The outcome chart's finding: the most common criminal outcome (its label and count)."""
    criminal = counts[counts["kind"] != ADMINISTRATIVE]
    top = (criminal if len(criminal) else counts).sort_values("persons", ascending=False).iloc[0]
    return f"Most common outcome for named people: {top['label']} ({top['persons']})"


def outcome_alt(counts: pd.DataFrame) -> str:
    """The outcome chart in words, for its alt text."""
    return "Bar chart of named people per outcome: " + "; ".join(f"{r.label}: {r.persons}" for r in counts.itertuples())


def outcome_bars(counts: pd.DataFrame, narrow: bool = False):
    """People per outcome, one bar each, the number at the bar's end; `counts` has `label`,
    `persons` and `kind` (administrative outcomes hatched, with a legend). Sorted by value, the
    most common outcome at the top: the chart compares sizes. No title: the caption states the
    most common outcome (`outcome_title`). `narrow`: the phone drawing."""
    use_style()
    # barh draws from the bottom: the smallest first, so the largest is at the top
    ordered = counts.sort_values("persons", ascending=True, kind="stable").reset_index(drop=True)
    wrap = 24 if narrow else 60
    # constrained: the labels stay inside the figure's width (a phone's, when narrow), and the
    # legend gets a row of its own below the axis, clear of the bars' numbers
    # wide: compact rows, so the chart and its caption (the finding) take no more of the page
    # than the chart with its former in-chart title did
    height = 0.34 * len(ordered) + 1.2 if narrow else 0.27 * len(ordered) + 0.9
    fig, ax = plt.subplots(figsize=(width(narrow), height), layout="constrained")
    for y, row in ordered.iterrows():
        administrative = row["kind"] == ADMINISTRATIVE
        ax.barh(
            y,
            row["persons"],
            height=0.6,
            color="#ffffff" if administrative else "#555555",
            edgecolor="#000000",
            hatch="///" if administrative else None,
            linewidth=0.8,
        )
        ax.annotate(
            str(int(row["persons"])),
            (row["persons"], y),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=FONT,
        )
    ax.set_yticks(range(len(ordered)))
    ax.set_yticklabels([_wrap(label, wrap) for label in ordered["label"]], fontsize=FONT)
    ax.set_xlim(0, max(float(ordered["persons"].max()), 1) * 1.12)
    ax.set_xlabel("Named people (each counted once)", fontsize=FONT)
    ax.tick_params(axis="x", labelsize=FONT)
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True, nbins=4 if narrow else "auto"))
    ax.grid(axis="y", visible=False)
    # a legend entry for each fill drawn
    administrative = set(ordered["kind"] == ADMINISTRATIVE)
    handles = [Patch(facecolor="#555555", edgecolor="#000000", label="Criminal case")] * (False in administrative)
    handles += [Patch(facecolor="#ffffff", edgecolor="#000000", hatch="///", label="Administrative")] * (
        True in administrative
    )
    fig.legend(handles=handles, loc="outside lower left", ncol=len(handles), frameon=False, fontsize=FONT)
    return fig


def term_title(lines: pd.DataFrame, unit: str) -> str:
    """The terms chart's finding: the longest term imposed, and on whom."""
    in_order = lines.sort_index()  # the first of equally long terms, in the data's order
    longest = in_order.loc[in_order["high"].idxmax()]
    return (
        f"The longest term imposed at first instance: "
        f"{format_term(longest['high'], longest['high'], unit)} ({longest['defendant']})"
    )


def term_alt(lines: pd.DataFrame) -> str:
    """The terms chart in words, for its alt text."""
    return "; ".join(f"{r.defendant}: {r.label}" for r in lines.itertuples())


def term_chart(lines: pd.DataFrame, unit: str, narrow: bool = False):
    """One line per named defendant or per trial's group (term_lines): exact terms as points,
    ranges a document gives for a group as intervals, each labelled directly with its term and
    outcome (markers are named in the labels). A group counted by two documents is one line.
    Sorted by term, the longest at the top. No title: the caption states the longest term
    (`term_title`). `narrow`: the phone drawing, names wrapped shorter."""
    use_style()
    ordered = lines.sort_values(["high", "low"], ascending=True, kind="stable").reset_index(drop=True)
    wrap = 16 if narrow else 44
    names = [_wrap(name, wrap) for name in ordered["defendant"]]
    pitch = 0.3 * max([1] + [name.count("\n") + 1 for name in names]) ** 0.5
    fig, ax = plt.subplots(
        figsize=(width(narrow), pitch * len(ordered) + 1.2), layout="constrained" if narrow else None
    )
    top = from_years(float(ordered["high"].max()), unit) if len(ordered) else 1.0
    for y, row in ordered.iterrows():
        low, high = from_years(row["low"], unit), from_years(row["high"], unit)
        if row["exact"]:
            _marker(ax, low, y, row["outcome"])
        else:
            ax.plot([low, high], [y, y], color="#000000", linewidth=1.4, zorder=3)
            for end in (low, high):
                _marker(ax, end, y, row["outcome"], size=5)
        # narrow: the term over its outcome, two short lines, so the axis keeps some width
        label = row["label"].replace(", ", ",\n", 1) if narrow else row["label"]
        ax.annotate(label, (high, y), xytext=(7, 0), textcoords="offset points", va="center", fontsize=FONT)
    ax.set_yticks(range(len(ordered)))
    ax.set_yticklabels(names, fontsize=FONT)
    ax.set_ylim(-0.7, len(ordered) - 0.3)
    ax.set_xlim(0, top * (2.1 if narrow else 1.75))
    ax.set_xlabel(f"Term imposed at first instance ({unit})", fontsize=FONT)
    ax.tick_params(axis="x", labelsize=FONT)
    ax.xaxis.set_major_locator(plt.MaxNLocator(nbins=4 if narrow else "auto"))
    ax.grid(axis="y", visible=False)
    return fig
