"""Press-freedom charts: rank percentiles across editions, scores within one methodology."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from ..report import use_style


def _mark_breaks(ax, break_years: list[int]) -> None:
    for year in break_years:
        ax.axvline(year - 0.5, color="#000000", linestyle=(0, (4, 3)), linewidth=0.8)
        ax.annotate(f"RSF method\nchanged {year}", (year - 0.4, 1), xycoords=("data", "axes fraction"),
                    va="top", ha="left", fontsize=7, color="#333333")


def _label_line_ends(ax, frame: pd.DataFrame, value: str, names: dict[str, str], focus: str) -> None:
    """Names at the right end of each line: legends are hard to read in greyscale."""
    ends = frame.sort_values("year").groupby("iso3").tail(1).sort_values(value)
    last_y = None
    span = (frame[value].max() - frame[value].min()) or 1
    for _, row in ends.iterrows():
        y = row[value]
        if last_y is not None and y - last_y < span * 0.035:
            y = last_y + span * 0.035  # nudge apart labels that would overlap
        ax.annotate(names.get(row["iso3"], row["iso3"]), (row["year"], row[value]), xytext=(row["year"] + 0.4, y),
                    textcoords="data", fontsize=7, va="center",
                    fontweight="bold" if row["iso3"] == focus else "normal")
        last_y = y


def _country_line(ax, x, y, is_focus: bool, width: float) -> None:
    """The focus country in black with markers, peers in thin grey: readable in greyscale."""
    ax.plot(x, y, color="#000000" if is_focus else "#a0a0a0", linewidth=width if is_focus else 0.85,
            marker="o" if is_focus else None, markersize=3.5, zorder=3 if is_focus else 2)


def rank_percentile_lines(rows: pd.DataFrame, focus: str, names: dict[str, str], break_years: list[int], title: str):
    """Rank percentile per edition; the focus country in black, peers in grey; top = best."""
    use_style()
    fig, ax = plt.subplots(figsize=(7.2, 4.1))
    for iso3, group in rows.sort_values("year").groupby("iso3"):
        _country_line(ax, group["year"], group["rank_percentile"], iso3 == focus, width=2.2)
    _label_line_ends(ax, rows, "rank_percentile", names, focus)
    _mark_breaks(ax, break_years)
    ax.set_ylim(0, 101)
    ax.invert_yaxis()
    ax.set_ylabel("Rank percentile (rank ÷ countries ranked × 100; top = freest)")
    ax.set_xlabel("Edition of the RSF World Press Freedom Index")
    ax.set_xlim(rows["year"].min() - 0.5, rows["year"].max() + 3)
    ax.set_title(title, loc="left")
    return fig


def score_periods(rows: pd.DataFrame, focus: str, names: dict[str, str], periods, title: str):
    """One panel per methodology period: scores are never drawn across a break."""
    use_style()
    fig, axes = plt.subplots(1, len(periods), figsize=(7.2, 3.9), squeeze=False, layout="constrained",
                             gridspec_kw={"width_ratios": [p.last_year - p.first_year + 3 for p in periods]})
    for ax, period in zip(axes[0], periods):
        part = rows[rows["method"] == period.method]
        for iso3, group in part.sort_values("year").groupby("iso3"):
            _country_line(ax, group["year"], group["score"], iso3 == focus, width=2.0)
        direction = part["score_direction"].iloc[0] if len(part) else "lower_is_better"
        if direction == "lower_is_better":
            ax.invert_yaxis()  # freer at the top in every panel
        ax.set_title(f"{period.first_year}–{period.last_year}\n"
                     f"({'lower' if direction == 'lower_is_better' else 'higher'} score = freer)", fontsize=8)
        ax.set_xlim(period.first_year - 0.5, period.last_year + 0.5)
        ax.tick_params(axis="x", labelrotation=90, labelsize=7)
        ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True, nbins=5))
    axes[0][0].set_ylabel(f"Score ({names.get(focus, focus)} in black)")
    fig.suptitle(title, x=0.02, ha="left", fontsize=10, fontweight="bold")
    return fig
