"""Press-freedom charts: ranks across editions (lines broken at RSF's methodology changes) and
scores, one panel per methodology, every panel reading up = freer."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import pandas as pd

from ..analysis.press_freedom import latest_movement, method_periods
from ..domain import (
    FH_INDEX_NAME,
    FH_STATUS_BANDS,
    LOWER_IS_BETTER,
    RSF_INDEX_NAME,
    RSF_METHOD_NAMES,
    RSF_METHOD_SCALES,
)
from ..english import ordinal
from .style import WIDE, use_style, width

FOCUS_COLOUR = "#000000"
PEER_COLOUR = "#a0a0a0"
LABEL_SIZE = 8


def _size(narrow: bool) -> float:
    """Label size: a little larger in the phone drawing, which a phone shows at about half size."""
    return LABEL_SIZE + (0.5 if narrow else 0)


def _segments(frame: pd.DataFrame, periods) -> list[pd.DataFrame]:
    """The rows of each methodology period: lines are never drawn across a break."""
    parts = []
    for period in periods:
        part = frame[(frame["method"] == period.method) & frame["year"].between(period.first_year, period.last_year)]
        if not part.empty:
            parts.append(part.sort_values("year"))
    return parts


def _country_line(ax, x, y, is_focus: bool, width: float) -> None:
    """The focus country in black with markers, peers in thin grey: readable in greyscale."""
    alone = len(x) == 1  # a single edition gets a marker even for a peer, or it would not show
    ax.plot(
        x,
        y,
        color=FOCUS_COLOUR if is_focus else PEER_COLOUR,
        linewidth=width if is_focus else 0.85,
        marker="o" if is_focus or alone else None,
        markersize=3.5 if is_focus else 2.5,
        zorder=3 if is_focus else 2,
    )


def _ticks_inside(ax) -> None:
    """Keep only the ticks inside the view: matplotlib also lays out labels for ticks just
    beyond the limits (not drawn), and the legibility check would count them as overlapping."""
    for get_lim, get_ticks, set_ticks in (
        (ax.get_xlim, ax.get_xticks, ax.set_xticks),
        (ax.get_ylim, ax.get_yticks, ax.set_yticks),
    ):
        low, high = sorted(get_lim())
        set_ticks([t for t in get_ticks() if low <= t <= high])


def spread(targets: list[float], gap: float, low: float, high: float) -> list[float]:
    """Positions as close as possible to `targets`, at least `gap` apart, inside [low, high]:
    labels that would collide are moved apart as a group centred on their targets."""
    order = sorted(range(len(targets)), key=lambda i: targets[i])
    clusters = [[i] for i in order]

    def place(cluster):
        centre = sum(targets[i] for i in cluster) / len(cluster)
        half = gap * (len(cluster) - 1) / 2
        start = min(max(centre - half, low), max(high - 2 * half, low))
        return start

    changed = True
    while changed:
        changed = False
        for k in range(len(clusters) - 1):
            end = place(clusters[k]) + gap * (len(clusters[k]) - 1)
            if place(clusters[k + 1]) - end < gap - 1e-9:
                clusters[k : k + 2] = [clusters[k] + clusters[k + 1]]
                changed = True
                break
    positions = [0.0] * len(targets)
    for cluster in clusters:
        start = place(cluster)
        for n, i in enumerate(cluster):
            positions[i] = start + n * gap
    return positions


def _label_line_ends(ax, frame: pd.DataFrame, focus: str, column: str, label, size: float = LABEL_SIZE) -> None:
    """Each country's `label(row)` right of the plot, at the end of its `column` line, moved
    apart so no two labels overlap, with a thin leader line to the end of its line."""
    fig = ax.figure
    ends = frame.sort_values("year").groupby("iso3").tail(1)
    to_pixels = ax.transData
    targets = [to_pixels.transform((row.year, getattr(row, column)))[1] for row in ends.itertuples()]
    box = ax.get_window_extent()
    gap = size * 1.3 * fig.dpi / 72
    placed = spread(targets, gap, box.y0 + gap / 2, box.y1 - gap / 2)
    to_data = to_pixels.inverted()
    low, high = ax.get_xlim()
    x_label = high + 0.03 * (high - low)
    for row, y_pixel in zip(ends.itertuples(), placed):
        y = to_data.transform((0, y_pixel))[1]
        is_focus = row.iso3 == focus
        # The leader is a line of its own: an annotation's arrow would count as part of its text.
        ax.plot(
            [row.year + 0.01 * (high - low), x_label - 0.01 * (high - low)],
            [getattr(row, column), y],
            color=FOCUS_COLOUR if is_focus else PEER_COLOUR,
            linewidth=0.6,
            clip_on=False,
            zorder=1,
        )
        ax.text(
            x_label,
            y,
            label(row),
            fontsize=size,
            va="center",
            ha="left",
            fontweight="bold" if is_focus else "normal",
            clip_on=False,
        )


def _year_limits(ax, rows: pd.DataFrame) -> None:
    """The editions' years with room at both ends (a few years' width at least)."""
    first_year, last_year = int(rows["year"].min()), int(rows["year"].max())
    pad = max(0.5, (4 - last_year + first_year) / 2)
    ax.set_xlim(first_year - pad, last_year + pad)


def _mark_breaks(ax, break_years: list[int], size: float = LABEL_SIZE, narrow: bool = False) -> None:
    low, high = ax.get_xlim()
    for n, year in enumerate(break_years):
        ax.axvline(year - 0.5, color="#000000", linestyle=(0, (4, 3)), linewidth=0.8)
        # narrow: breaks sit close together, so every other label is lower, and a label in the
        # right half sits left of its line, clear of the names at the lines' ends
        left_of_line = narrow and year > (low + high) / 2
        ax.annotate(
            f"RSF method\nchanged {year}",
            (year - (0.65 if left_of_line else 0.35), 0.99 - (0.12 * (n % 2) if narrow else 0)),
            xycoords=("data", "axes fraction"),
            va="top",
            ha="right" if left_of_line else "left",
            fontsize=size,
            color="#333333",
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 0.5},
        )


def rank_lines(rows: pd.DataFrame, focus: str, names: dict[str, str], break_years: list[int], narrow: bool = False):
    """Rank per edition, 1 (freest) at the top; the focus country in black, peers in grey,
    every line broken where RSF changed its method; names and latest ranks at the line ends (the
    lines' legend). No title: the caption states the finding. `narrow`: the phone drawing."""
    use_style()
    size = _size(narrow)
    fig, ax = plt.subplots(figsize=(width(narrow), 5.4 if narrow else 4.3))  # no title: the axis keeps its height
    fig.subplots_adjust(left=0.09 * WIDE / width(narrow), right=0.62 if narrow else 0.78, top=0.97, bottom=0.11)
    periods = method_periods(rows)
    for iso3, group in rows.groupby("iso3"):
        for part in _segments(group, periods):
            _country_line(ax, part["year"], part["rank"], iso3 == focus, width=2.2)
    _year_limits(ax, rows)
    _mark_breaks(ax, break_years, size, narrow)
    ax.set_ylim(int(rows["n_ranked"].max()) + 4, -3)  # inverted: rank 1, the freest, at the top
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True, nbins=4 if narrow else 8))
    _ticks_inside(ax)
    ax.tick_params(labelsize=size)
    ax.set_ylabel("Rank in the RSF index (1 = freest; up = freer)", fontsize=size)
    xlabel = f"Edition of the {RSF_INDEX_NAME}"
    ax.set_xlabel(textwrap.fill(xlabel, 30) if narrow else xlabel, fontsize=size)
    movement = latest_movement(rows, focus)
    if movement is not None and movement.first.edition != movement.last.edition:
        first = movement.first
        low, high = ax.get_xlim()
        leftward = narrow and first.year > (low + high) / 2
        ax.annotate(
            f"{ordinal(first.rank)} in {first.edition}",
            (first.year, first.rank),
            # narrow, in the right half: left of the point, clear of the names at the lines' ends
            xytext=(-4 if leftward else 4, 7),
            textcoords="offset points",
            fontsize=size,
            fontweight="bold",
            ha="right" if leftward else "left",
            va="bottom",
        )
    latest_year = rows["year"].max()

    def rank_label(row) -> str:
        label = f"{names.get(row.iso3, row.iso3)} {ordinal(row.rank)}"
        if row.year != latest_year:  # not ranked in the latest edition: say when this rank was
            label += f" ({row.edition})"
        return label

    _label_line_ends(ax, rows, focus, "rank", rank_label, size)
    return fig


def score_axis_label(method: str, direction: str) -> str:
    """The y-axis label of one score panel: scale, which end is better, and 'up = freer'
    (with the inversion said where lower scores are better)."""
    scale = RSF_METHOD_SCALES.get(method, "Score")
    if direction == LOWER_IS_BETTER:
        return f"{scale}, lower = freer\n(axis inverted: up = freer)"
    return f"{scale}, higher = freer\n(up = freer)"


def _label_scores(ax, own: pd.DataFrame, inverted: bool, size: float = LABEL_SIZE) -> None:
    """The focus country's first and last score in a panel, each written on the side of its
    marker away from the neighbouring point, so the line does not run through it."""
    if own.empty:
        return
    ends = [(0, 1)] if len(own) == 1 else [(0, 1), (len(own) - 1, len(own) - 2)]
    for n, (i, neighbour) in enumerate(ends):
        row = own.iloc[i]
        toward = own["score"].iloc[neighbour] - row["score"] if neighbour < len(own) else 0
        neighbour_above = (toward > 0) != inverted if toward else False
        ax.annotate(
            f"{row['score']:g}",
            (row["year"], row["score"]),
            xytext=(0, -6 if neighbour_above else 6),
            textcoords="offset points",
            fontsize=size,
            fontweight="bold",
            va="top" if neighbour_above else "bottom",
            ha="left" if n == 0 else "right",
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 0.5},
        )


def score_periods(rows: pd.DataFrame, focus: str, names: dict[str, str], periods, narrow: bool = False):
    """One panel per methodology period (scores are never drawn across a break); the axis
    is inverted where lower scores are better, so every panel reads up = freer. The focus
    country's first and last score in each panel are written beside its line. No title: the
    caption states the finding. `narrow`: the phone drawing, the panels one above the other."""
    use_style()
    size = _size(narrow)
    fig, axes = plt.subplots(
        len(periods) if narrow else 1,
        1 if narrow else len(periods),
        figsize=(width(narrow), 3.0 * len(periods) if narrow else 4.0),
        squeeze=False,
        layout="constrained",
        gridspec_kw={} if narrow else {"width_ratios": [p.last_year - p.first_year + 3 for p in periods]},
    )
    for ax, period in zip(axes.flat, periods):
        part = rows[(rows["method"] == period.method) & rows["year"].between(period.first_year, period.last_year)]
        for iso3, group in part.sort_values("year").groupby("iso3"):
            _country_line(ax, group["year"], group["score"], iso3 == focus, width=2.0)
        direction = part["score_direction"].iloc[0] if len(part) else LOWER_IS_BETTER
        if direction == LOWER_IS_BETTER:
            ax.invert_yaxis()  # freer at the top in every panel
        ax.set_ylabel(score_axis_label(period.method, direction), fontsize=size)
        method = RSF_METHOD_NAMES.get(period.method, f"method {period.method}")
        ax.set_xlabel(method.replace("RSF's ", "").capitalize(), fontsize=size)
        pad = max(0.7, (4 - period.last_year + period.first_year) / 2)
        ax.set_xlim(period.first_year - pad, period.last_year + pad)
        ax.tick_params(axis="x", labelrotation=0 if narrow else 90, labelsize=size)
        ax.tick_params(axis="y", labelsize=size)
        ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True, nbins=5))
        _ticks_inside(ax)
        _label_scores(
            ax,
            part[(part["iso3"] == focus) & part["score"].notna()].sort_values("year"),
            inverted=direction == LOWER_IS_BETTER,
            size=size,
        )
    return fig


def freedom_house_scores(rows: pd.DataFrame, focus: str, names: dict[str, str], narrow: bool = False):
    """Freedom House scores per edition, 0 (most free) at the top so up = freer as in the RSF
    charts; Freedom House's status bands marked; the focus in black, the others in grey, each
    line named at its end (the lines' legend). No title: the caption states the finding.
    `narrow`: the phone drawing."""
    use_style()
    size = _size(narrow)
    fig, ax = plt.subplots(figsize=(width(narrow), 4.6 if narrow else 3.8))  # no title: the axis keeps its height
    fig.subplots_adjust(left=0.09 * WIDE / width(narrow), right=0.62 if narrow else 0.78, top=0.97, bottom=0.12)
    for iso3, group in rows.sort_values("year").groupby("iso3"):
        _country_line(ax, group["year"], group["score"], iso3 == focus, width=2.0)
    _year_limits(ax, rows)
    ax.set_ylim(100, 0)  # inverted: 0, the freest, at the top
    lower = 0
    for upper, label in FH_STATUS_BANDS:
        if upper < 100:
            ax.axhline(upper + 0.5, color="#666666", linestyle=(0, (2, 2)), linewidth=0.7)
        ax.text(
            0.01,
            (lower + upper) / 2,
            label,
            transform=ax.get_yaxis_transform(),
            fontsize=size,
            color="#555555",
            va="center",
            ha="left",
        )
        lower = upper
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True, nbins=4 if narrow else 8))
    _ticks_inside(ax)
    ax.tick_params(labelsize=size)
    ax.set_ylabel("Score, 0 = most free, 100 = least free\n(axis inverted: up = freer)", fontsize=size)
    xlabel = f"Edition of {FH_INDEX_NAME}"
    ax.set_xlabel(textwrap.fill(xlabel, 30) if narrow else xlabel, fontsize=size)
    _label_line_ends(ax, rows, focus, "score", lambda row: f"{names.get(row.iso3, row.iso3)} {row.score:g}", size)
    return fig
