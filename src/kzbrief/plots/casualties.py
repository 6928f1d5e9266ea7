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
from .style import WIDE, use_style, width

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
RANGE_FACE = "#d9d9d9"  # from a range's low end to its high end
UP_TO_LINE = (0, (3, 2))
PARTS_HATCH = "xxx"


def _row_label(st, sources: pd.DataFrame | None, wrap: int = 40) -> str:
    """'State authorities (official data)\nin Rights Group (2012)': who, and where it is
    reported (only the document when the claimant is its publisher); at most three lines."""
    reference = short_reference(st["source_id"], sources) if sources is not None else str(st["source_id"])
    publisher = sources.set_index("source_id")["publisher"].get(st["source_id"], "") if sources is not None else ""
    if str(publisher).startswith(str(st["claimant"])):
        return "\n".join(textwrap.wrap(reference, wrap)[:2])
    claimant = textwrap.wrap(str(st["claimant"]), wrap)
    if len(claimant) > 2:
        claimant = [claimant[0], textwrap.shorten(" ".join(claimant[1:]), width=wrap, placeholder="…")]
    return "\n".join(claimant + [textwrap.shorten(f"in {reference}", width=wrap, placeholder="…")])


def _sentence_case(words: str) -> str:
    """'NGO claimant' stays, 'official claimant' -> 'Official claimant'."""
    return words[:1].upper() + words[1:]


def _figure_words(st) -> str:
    words = st["figure"]
    if st["casualties_wording"]:
        words += " “casualties”"
    return words


def _sort_value(item) -> float:
    """Where a statement's bar ends: the high end of a range or an "up to", else its low end."""
    return float(item["upper"]) if item["qualifier"] in ("range", "up_to") else float(item["lower"])


def _claim_bar(ax, centre, step, item, largest, font, arrow) -> None:
    """One statement's bar (see claim_ranges) and the figure as worded beside or inside it."""
    face, hatch = TYPE_STYLE[item["claimant_type"]]
    style = {"height": min(BAR * step, 0.24), "color": face, "edgecolor": INK, "hatch": hatch, "linewidth": 0.9}
    style["zorder"] = 3
    qualifier, lower, upper = item["qualifier"], float(item["lower"]), float(item["upper"])
    end = lower
    if qualifier == "parts":
        start = 0.0
        for index, part in enumerate(item["parts"]):
            ax.barh(centre, part, left=start, **{**style, "hatch": "" if index % 2 == 0 else PARTS_HATCH})
            start += part
    elif qualifier == "range":
        ax.barh(centre, lower, **style)
        ax.barh(centre, upper - lower, left=lower, **{**style, "color": RANGE_FACE, "hatch": ""})
        end = upper
    elif qualifier == "up_to":
        ax.barh(centre, upper, **{**style, "color": "#ffffff", "hatch": "", "linestyle": UP_TO_LINE})
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
            fontsize=font,
            color="#ffffff" if face == "#1a1a1a" and qualifier != "range" else INK,
            zorder=5,
            bbox={"facecolor": "#ffffff", "edgecolor": "none", "pad": 0.6} if hatch else None,
        )
    else:
        ax.annotate(
            text, xy=(label_x, centre), xytext=(4, 0), textcoords="offset points", ha="left", va="center", fontsize=font
        )


def _claim_handles(statements: pd.DataFrame) -> list:
    """A legend entry for every fill the chart uses: one per claimant type, and the high end of a
    range, the dashed "up to" and the second part of one statement where they are drawn."""
    types = [t for t in CLAIMANT_TYPES if t in set(statements["claimant_type"])]
    handles = [
        Patch(
            facecolor=TYPE_STYLE[t][0],
            edgecolor=INK,
            hatch=TYPE_STYLE[t][1],
            label=_sentence_case(f"{CLAIMANT_TYPE_LABELS[t]} claimant"),
        )
        for t in types
    ]
    drawn = set(statements["qualifier"])
    if "range" in drawn:
        handles.append(Patch(facecolor=RANGE_FACE, edgecolor=INK, label="Low to high end of a range"))
    if "up_to" in drawn:
        handles.append(Patch(facecolor="#ffffff", edgecolor=INK, linestyle=UP_TO_LINE, label="“Up to”"))
    if "parts" in drawn:
        handles.append(Patch(facecolor="#ffffff", edgecolor=INK, hatch=PARTS_HATCH, label="Part of one statement"))
    return handles


def claim_ranges(statements: pd.DataFrame, sources: pd.DataFrame | None = None, narrow: bool = False):
    """One event's statements, one panel per metric, each on its own axis (people killed and people
    injured are never read off one scale); x = number of people, linear; no title (the caption
    states the finding).

    A bar from zero for a single figure; a bar to the low end and a light segment to the high end
    for a range ("80–100"); a dashed bar ending in the stated maximum for "up to"; an arrow past
    the stated minimum for "at least" / "more than"; stacked, separately filled segments for the
    parts of one statement. The figure as worded sits beside its bar. Bars are sorted by value,
    the largest at the top of each panel: the chart compares sizes, not dates. `narrow`: the phone
    drawing, each bar's claimant written above it instead of at its left. Expects the frame of
    `analysis.casualties.statements` for one event (non-empty).
    """
    use_style()
    font = FONT + (0.5 if narrow else 0)
    wrap = 46 if narrow else 40
    panels = []
    for _, group_ in statements.groupby("metric", sort=False):
        rows = [row for _, row in group_.iterrows()]
        rows.sort(key=_sort_value, reverse=True)
        labels = [_row_label(row, sources, wrap) for row in rows]
        if narrow:  # the label's lines above the bar, then the bar
            pitches = [0.22 + 0.15 * (label.count("\n") + 1) for label in labels]
        else:
            pitches = [0.16 + 0.13 * max(2, label.count("\n") + 1) for label in labels]
        panels.append((str(group_["metric_label"].iloc[0]), rows, labels, pitches))
    handles = _claim_handles(statements)
    columns = 2 if narrow else min(len(handles), 4)
    legend_rows = math.ceil(len(handles) / columns)
    axis_band = 0.62  # an axis's tick labels and its label
    top, bottom = 0.1, 0.15 + 0.2 * legend_rows
    heights = [sum(p[3]) for p in panels]
    height = sum(heights) + axis_band * len(panels) + top + bottom
    fig, axes = plt.subplots(
        len(panels), 1, figsize=(width(narrow), height), squeeze=False, gridspec_kw={"height_ratios": heights}
    )
    left = 0.05 if narrow else 2.55 / WIDE
    fig.subplots_adjust(
        left=left,
        right=1 - 0.2 / width(narrow),
        top=1 - top / height,
        bottom=(bottom + axis_band) / height,
        hspace=axis_band * len(panels) / sum(heights) if len(panels) > 1 else 0,
    )
    arrow = {"arrowstyle": "-|>", "color": INK, "linewidth": 1.2, "mutation_scale": 10, "shrinkA": 0, "shrinkB": 0}
    for ax, (label, rows, row_labels, pitches) in zip(axes[:, 0], panels):
        finite = [v for r in rows for v in (r["lower"], r["upper"]) if not math.isinf(v)]
        largest = max(finite) if finite and max(finite) > 0 else 1.0
        body = sum(pitches)
        y, ticks = body, []
        for item, step, row_label in zip(rows, pitches, row_labels):
            bar_space = 0.22 if narrow else step
            centre = y - step + bar_space / 2
            if narrow:
                ax.annotate(
                    row_label,
                    xy=(0, y - 0.03),
                    xycoords=("axes fraction", "data"),
                    va="top",
                    ha="left",
                    fontsize=font,
                    annotation_clip=False,
                )
            _claim_bar(ax, centre, bar_space, item, largest, font, arrow)
            ticks.append(centre)
            y -= step
        ax.set_yticks(ticks)
        ax.set_yticklabels([] if narrow else row_labels, fontsize=font)
        ax.set_ylim(0, body)
        ax.set_xlim(0, largest * 1.18)
        ax.grid(axis="y", visible=False)
        ax.tick_params(axis="y", length=0)
        ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:,.0f}"))
        ax.xaxis.set_major_locator(plt.MaxNLocator(nbins=4 if narrow else 7, integer=True))
        ax.tick_params(axis="x", labelsize=font)
        words = f"Number {label}, as each claimant states it"
        ax.set_xlabel(textwrap.fill(words, 44) if narrow else words, fontsize=font)
    fig.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0.012, 0.0),
        ncol=columns,
        frameon=False,
        fontsize=font,
        handlelength=1.6,
        columnspacing=1.4,
    )
    return fig


# Claimant type -> marker, so types stay apart in greyscale print as well as by fill.
TYPE_MARKER = {"official": "o", "independent": "D", "media": "s", "ngo": "^", "intergovernmental": "p"}


def _people_by_date(ax, top: float, label: str, font: float, narrow: bool) -> None:
    """A count of people from 0 (thousands separated) against the date it was given."""
    ax.set_ylim(0, top)
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_ylabel(label, fontsize=font)
    ax.tick_params(labelsize=font)
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=4 if narrow else 8))
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))


def figures_over_time(series: pd.DataFrame, sources: pd.DataFrame | None = None, narrow: bool = False):
    """One metric's figures for one event by the date each was given; y = number of people, from 0.

    One point per claimant's figure on its date, marked and filled by claimant type; a thin line
    joins the official figures in the order they were given, so a revision reads as a step, not
    as an average. An open-ended figure ("at least") carries an upward arrow. Expects the frame
    of `analysis.casualties.dated_series` (non-empty). No title: the caption states the finding.
    `narrow`: the phone drawing.
    """
    use_style()
    font = FONT + (0.5 if narrow else 0)
    height = 5.0 if narrow else 3.6
    bottom = 1.55 if narrow else 0.75
    fig, ax = plt.subplots(figsize=(width(narrow), height))
    # narrow: room at the right for the labels of the latest figures, inside the phone's width
    right = 0.84 if narrow else 0.93
    fig.subplots_adjust(left=0.1 * WIDE / width(narrow), right=right, top=1 - 0.15 / height, bottom=bottom / height)
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
            # narrow: "*" for "(reported)", so labels of nearby dates do not meet
            f"{row.figure}{'*' if narrow else ' (reported)'}" if getattr(row, "reported", False) else row.figure,
            xy=(row.when, row.lower),
            xytext=(6, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=font,
            zorder=5,
            bbox={"facecolor": "#ffffff", "edgecolor": "none", "pad": 0.4, "alpha": 0.85},
        )
    _people_by_date(ax, largest * 1.2, "Number of people, as each claimant states it", font, narrow)
    words = (
        f"Date the figure was given; {'*' if narrow else '“reported”'}: the document gives none, its own date is used"
        " (a month alone sits mid-month)"
    )
    ax.set_xlabel(textwrap.fill(words, 48) if narrow else words, fontsize=font)
    ax.grid(axis="x", visible=False)
    types = [t for t in CLAIMANT_TYPES if t in set(series["claimant_type"])]
    handles = [
        plt.Line2D(
            [],
            [],
            linestyle="",
            marker=TYPE_MARKER[t],
            markerfacecolor=TYPE_STYLE[t][0],
            markeredgecolor=INK,
            label=_sentence_case(f"{CLAIMANT_TYPE_LABELS[t]} claimant"),
        )
        for t in types
    ]
    fig.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0.012, 0.0),
        ncol=2 if narrow else len(handles),
        frameon=False,
        fontsize=font,
        handlelength=1.2,
        columnspacing=1.4,
    )
    return fig


# Line styles for up to six counting bodies, told apart in greyscale print; a seventh repeats.
BODY_LINES = ("-", "--", ":", "-.", (0, (5, 1, 1, 1)), (0, (1, 2)))
BODY_MARKERS = ("o", "s", "^", "D", "v", "P")


def counts_by_body(counts: pd.DataFrame, narrow: bool = False):
    """Each body's count of political prisoners on the date it gave it: one line per body (its own
    list over time), never joined across bodies, whose definitions differ. Expects the frame of
    `chapters.casualties.prisoner_facts` (non-empty). No title: the caption states the finding."""
    use_style()
    font = FONT + (0.5 if narrow else 0)
    height = 5.2 if narrow else 3.6
    fig, ax = plt.subplots(figsize=(width(narrow), height))
    fig.subplots_adjust(left=0.1 * WIDE / width(narrow), right=0.96, top=1 - 0.15 / height, bottom=0.75 / height)
    largest = float(counts["lower"].max()) or 1.0
    for index, (claimant, rows) in enumerate(counts.groupby("claimant", sort=False)):
        ax.plot(
            rows["when"],
            rows["lower"],
            linestyle=BODY_LINES[index % len(BODY_LINES)],
            marker=BODY_MARKERS[index % len(BODY_MARKERS)],
            markersize=5,
            markerfacecolor="#ffffff",
            color=INK,
            linewidth=1.0,
            label=textwrap.shorten(str(claimant), width=38 if narrow else 60, placeholder="…"),
        )
        last = rows.iloc[-1]
        # Bodies' latest counts can fall on near dates and values: alternate above and below.
        ax.annotate(
            last["figure"],
            xy=(last["when"], last["lower"]),
            xytext=(4, 4 if index % 2 == 0 else -11),
            textcoords="offset points",
            fontsize=font,
        )
    _people_by_date(ax, largest * 1.25, "People on the body's list", font, narrow)
    ax.set_xlabel("Date of the count", fontsize=font)
    ax.legend(loc="upper left", fontsize=font, frameon=False, ncols=1)
    return fig
