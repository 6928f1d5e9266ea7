"""Casualty and detention claims of one event: one bar per statement, by claimant, on a linear axis."""

from __future__ import annotations

import math
import textwrap

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.patches import Patch

from ..citations import short_reference
from ..domain import CLAIMANT_TYPE_LABELS, CLAIMANT_TYPES
from .style import use_style

# Claimant type -> (face colour, hatch): fill and hatching tell the types apart in greyscale print.
TYPE_STYLE = {
    "official": ("#1a1a1a", ""),
    "independent": ("#ffffff", ""),
    "media": ("#9e9e9e", ""),
    "ngo": ("#ffffff", "////"),
    "intergovernmental": ("#d9d9d9", "xxxx"),
}
INK = "#000000"
FONT = 8  # labels; prints at 7.6 pt once the 7.2 in figure is fitted to the page
BAR = 0.56


def _row_label(st, sources: pd.DataFrame | None) -> str:
    """'State authorities (official data)\nin Rights Group (2012)': who, and where it is
    reported (only the document when the claimant is its publisher); at most three lines."""
    reference = short_reference(st["source_id"], sources) if sources is not None else str(st["source_id"])
    publisher = sources.set_index("source_id")["publisher"].get(st["source_id"], "") if sources is not None else ""
    if str(publisher).startswith(str(st["claimant"])):
        return "\n".join(textwrap.wrap(reference, 40)[:2])
    claimant = textwrap.wrap(str(st["claimant"]), 40)
    if len(claimant) > 2:
        claimant = [claimant[0], textwrap.shorten(" ".join(claimant[1:]), width=40, placeholder="…")]
    return "\n".join(claimant + [textwrap.shorten(f"in {reference}", width=40, placeholder="…")])


def _figure_words(st) -> str:
    words = st["figure"]
    if st["casualties_wording"]:
        words += " “casualties”"
    return words


def claim_ranges(statements: pd.DataFrame, title: str, sources: pd.DataFrame | None = None):
    """One event's statements, grouped under a heading per metric; x = number of people, linear.

    A bar from zero for a single figure; a bar to the low end and a framed segment to the high end
    for a range ("80–100"); a dashed bar ending in the stated maximum for "up to"; an arrow past
    the stated minimum for "at least" / "more than"; stacked, separately labelled segments for the
    parts of one statement. The figure as worded sits beside its bar. Expects the frame of
    `analysis.casualties.statements` for one event (non-empty).
    """
    use_style()
    slots: list[tuple[str, object]] = []
    for _, group in statements.groupby("metric", sort=False):
        slots.append(("heading", str(group["metric_label"].iloc[0]).capitalize()))
        slots += [("claim", row) for _, row in group.iterrows()]
    finite = [v for v in list(statements["lower"]) + list(statements["upper"]) if not math.isinf(v)]
    largest = max(finite) if finite and max(finite) > 0 else 1.0
    right_edge = largest * 1.18

    title_lines = textwrap.wrap(title, 80)
    row_labels = [_row_label(item, sources) if kind == "claim" else "" for kind, item in slots]
    pitches = [
        0.27 if kind == "heading" else 0.16 + 0.13 * max(2, label.count("\n") + 1)
        for (kind, _), label in zip(slots, row_labels)
    ]
    top, bottom = 0.2 + 0.19 * len(title_lines), 0.8
    body = sum(pitches)
    height = body + top + bottom
    fig, ax = plt.subplots(figsize=(7.2, height))
    fig.subplots_adjust(left=2.55 / 7.2, right=1 - 0.2 / 7.2, top=1 - top / height, bottom=bottom / height)
    y, ticks, labels = body, [], []
    arrow = {"arrowstyle": "-|>", "color": INK, "linewidth": 1.2, "mutation_scale": 10, "shrinkA": 0, "shrinkB": 0}
    for (kind, item), step, row_label in zip(slots, pitches, row_labels):
        centre = y - step / 2
        y -= step
        if kind == "heading":
            ax.annotate(
                item,
                xy=(0.012, centre),
                xycoords=("figure fraction", "data"),
                fontsize=FONT + 0.5,
                fontweight="bold",
                va="center",
                annotation_clip=False,
            )
            continue
        face, hatch = TYPE_STYLE[item["claimant_type"]]
        style = {
            "height": min(BAR * step, 0.24),
            "color": face,
            "edgecolor": INK,
            "hatch": hatch,
            "linewidth": 0.9,
            "zorder": 3,
        }
        qualifier, lower, upper = item["qualifier"], float(item["lower"]), float(item["upper"])
        end = lower
        if qualifier == "parts":
            start = 0.0
            for index, part in enumerate(item["parts"]):
                ax.barh(centre, part, left=start, **{**style, "hatch": "" if index % 2 == 0 else "xxx"})
                start += part
        elif qualifier == "range":
            ax.barh(centre, lower, **style)
            ax.barh(centre, upper - lower, left=lower, **{**style, "color": "#d9d9d9"})
            end = upper
        elif qualifier == "up_to":
            ax.barh(centre, upper, **{**style, "color": "#ffffff", "hatch": "", "linestyle": (0, (3, 2))})
            end = upper
        else:
            ax.barh(centre, lower, **style)
        label_x = end
        if qualifier in ("at_least", "more_than"):
            tip = lower + largest * 0.09
            ax.annotate("", xy=(tip, centre), xytext=(lower, centre), arrowprops=arrow, zorder=4)
            label_x = tip
        text = _figure_words(item) if qualifier != "parts" else f"{item['figure']} (one statement)"
        # Beside the bar's end, or inside the bar, right-aligned, when the end is near the right edge.
        if label_x > largest * 0.8:
            inside_x = lower if qualifier in ("at_least", "more_than") else end
            ax.annotate(
                text,
                xy=(inside_x, centre),
                xytext=(-4, 0),
                textcoords="offset points",
                ha="right",
                va="center",
                fontsize=FONT,
                color="#ffffff" if face == "#1a1a1a" else INK,
                zorder=5,
                bbox={"facecolor": "#ffffff", "edgecolor": "none", "pad": 0.6} if hatch else None,
            )
        else:
            ax.annotate(
                text,
                xy=(label_x, centre),
                xytext=(4, 0),
                textcoords="offset points",
                ha="left",
                va="center",
                fontsize=FONT,
                zorder=5,
            )
        ticks.append(centre)
        labels.append(row_label)
    ax.set_yticks(ticks)
    ax.set_yticklabels(labels, fontsize=FONT)
    ax.set_ylim(0, body)
    ax.set_xlim(0, right_edge)
    ax.grid(axis="y", visible=False)
    ax.tick_params(axis="y", length=0)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.tick_params(axis="x", labelsize=FONT)
    ax.set_xlabel("Number of people, as each claimant states it", fontsize=FONT)
    fig.text(0.012, 1 - 0.12 / height, "\n".join(title_lines), ha="left", va="top", fontsize=10, fontweight="bold")
    types = [t for t in CLAIMANT_TYPES if t in set(statements["claimant_type"])]
    handles = [
        Patch(
            facecolor=TYPE_STYLE[t][0],
            edgecolor=INK,
            hatch=TYPE_STYLE[t][1],
            label=f"{CLAIMANT_TYPE_LABELS[t]} claimant",
        )
        for t in types
    ]
    fig.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0.012, 0.0),
        ncol=len(handles),
        frameon=False,
        fontsize=FONT,
        handlelength=1.6,
        columnspacing=1.4,
    )
    return fig


# Claimant type -> marker, so types stay apart in greyscale print as well as by fill.
TYPE_MARKER = {"official": "o", "independent": "D", "media": "s", "ngo": "^", "intergovernmental": "p"}


def figures_over_time(series: pd.DataFrame, title: str, sources: pd.DataFrame | None = None):
    """One metric's figures for one event by the date each was given; y = number of people, from 0.

    One point per claimant's figure on its date, marked and filled by claimant type; a thin line
    joins the official figures in the order they were given, so a revision reads as a step, not
    as an average. An open-ended figure ("at least") carries an upward arrow. Expects the frame
    of `analysis.casualties.dated_series` (non-empty).
    """
    use_style()
    title_lines = textwrap.wrap(title, 80)
    height = 3.6 + 0.19 * len(title_lines)
    fig, ax = plt.subplots(figsize=(7.2, height))
    fig.subplots_adjust(left=0.1, right=0.93, top=1 - (0.3 + 0.19 * len(title_lines)) / height, bottom=0.75 / height)
    official = series[series["claimant_type"] == "official"]
    ax.plot(official["when"], official["lower"], color=INK, linewidth=0.9, zorder=2)
    largest = float(series["lower"].max()) or 1.0
    arrow = {"arrowstyle": "-|>", "color": INK, "linewidth": 1.0, "mutation_scale": 8, "shrinkA": 4, "shrinkB": 0}
    for row in series.itertuples():
        face, _ = TYPE_STYLE[row.claimant_type]
        ax.scatter(
            [row.when],
            [row.lower],
            s=36,
            marker=TYPE_MARKER[row.claimant_type],
            facecolor=face,
            edgecolor=INK,
            linewidth=0.9,
            zorder=4,
        )
        if row.qualifier in ("at_least", "more_than"):
            ax.annotate(
                "", xy=(row.when, row.lower + largest * 0.12), xytext=(row.when, row.lower), arrowprops=arrow, zorder=3
            )
        # The figure as worded beside its point; who gave it is in the marker and the table below.
        ax.annotate(
            f"{row.figure} (reported)" if getattr(row, "reported", False) else row.figure,
            xy=(row.when, row.lower),
            xytext=(6, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=FONT,
            zorder=5,
            bbox={"facecolor": "#ffffff", "edgecolor": "none", "pad": 0.4, "alpha": 0.85},
        )
    ax.set_ylim(0, largest * 1.2)
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_ylabel("Number of people, as each claimant states it", fontsize=FONT)
    ax.tick_params(labelsize=FONT)
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=8))
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    ax.set_xlabel(
        "Date the figure was given; “reported”: the document gives none, its own date is used (a month alone sits"
        " mid-month)",
        fontsize=FONT,
    )
    ax.grid(axis="x", visible=False)
    fig.text(0.012, 1 - 0.12 / height, "\n".join(title_lines), ha="left", va="top", fontsize=10, fontweight="bold")
    types = [t for t in CLAIMANT_TYPES if t in set(series["claimant_type"])]
    handles = [
        plt.Line2D(
            [],
            [],
            linestyle="",
            marker=TYPE_MARKER[t],
            markerfacecolor=TYPE_STYLE[t][0],
            markeredgecolor=INK,
            label=f"{CLAIMANT_TYPE_LABELS[t]} claimant",
        )
        for t in types
    ]
    fig.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0.012, 0.0),
        ncol=len(handles),
        frameon=False,
        fontsize=FONT,
        handlelength=1.2,
        columnspacing=1.4,
    )
    return fig
