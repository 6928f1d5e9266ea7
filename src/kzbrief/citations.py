"""Citing the documents: the numbered bibliography, and the source lines and cell citations
that point into it.

One home for everything that numbers or names a source, so that a source line, a table's
'[3, 5]' and the Sources chapter can never disagree. Below the analyses and the report: both
cite, neither is needed to cite.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass

import pandas as pd
from IPython.display import HTML

from .domain import SOURCE_TYPE_LABELS
from .english import span
from .markup import escape, link

NO_SOURCE = "Source: the briefing's data tables, compiled from the documents listed under Sources."

_EDITION = re.compile(r"\s+(\d{4}(?:-\d{4})?)$")


def index_series(row) -> tuple[str, str, str] | None:
    """(publisher, series title, edition) for an edition of a published index
    ('World Press Freedom Index 2014'), else None."""
    match = _EDITION.search(str(row["title"]))
    if row["source_type"] != "index" or not match:
        return None
    return str(row["publisher"]), str(row["title"])[: match.start()], match.group(1)


def bibliography(sources: pd.DataFrame) -> pd.DataFrame:
    """Sources numbered in a stable order: the documents read directly, then the documents
    they cite, then published indexes; by date within each group. All editions of one index
    share one entry and so one number (a reader needs one entry for 24 yearly tables).
    Adds the type's label."""
    group = sources["cited_in"].notna().astype(int) + 2 * (sources["source_type"] == "index").astype(int)
    ordered = sources.assign(_group=group).sort_values(["_group", "date", "source_id"], kind="stable")
    ordered = ordered.drop(columns="_group").reset_index(drop=True)
    keys = [(s[0], s[1]) if (s := index_series(row)) else ("", row["source_id"]) for _, row in ordered.iterrows()]
    numbers = {key: i for i, key in enumerate(dict.fromkeys(keys), start=1)}
    ordered.insert(0, "no", [numbers[key] for key in keys])
    ordered["type_label"] = ordered["source_type"].map(SOURCE_TYPE_LABELS).fillna(ordered["source_type"])
    return ordered


@dataclass(frozen=True)
class _Citations:
    """What citing needs of a sources table, worked out once per table: a chapter cites its
    sources once per table row, and working the bibliography out each time made a chapter of
    thousands of rows quadratic."""

    signature: tuple
    numbers: dict[str, int]  # source_id -> bibliography number
    series: dict[str, tuple[str, str, str] | None]  # source_id -> index_series(row)
    short: dict[str, str]  # source_id -> short reference
    labels: dict[str, str]  # source_id -> what text calls its publisher


_CITATIONS: dict[int, _Citations] = {}


def label(row) -> str:
    """What running text and source lines call a document's publisher: its `label` when the
    data gives one ('IWPR'), else the publisher's full name (the bibliography keeps it)."""
    given = row.get("label") if hasattr(row, "get") else None
    return str(given) if isinstance(given, str) and given.strip() else str(row["publisher"])


def _citations(sources: pd.DataFrame) -> _Citations:
    """The citations of `sources`, cached while the frame lives (a frame is not edited in place
    once cited; the signature catches rows added or reordered)."""
    signature = (len(sources), tuple(sources["source_id"].tolist()))
    found = _CITATIONS.get(id(sources))
    if found is not None and found.signature == signature:
        return found
    numbered = bibliography(sources)
    found = _Citations(
        signature=signature,
        numbers=dict(zip(numbered["source_id"].astype(str), numbered["no"].astype(int))),
        series={str(row["source_id"]): index_series(row) for _, row in sources.iterrows()},
        short={str(row["source_id"]): f"{label(row)} ({str(row['date'])[:4]})" for _, row in sources.iterrows()},
        labels={str(row["source_id"]): label(row) for _, row in sources.iterrows()},
    )
    if id(sources) not in _CITATIONS:
        weakref.finalize(sources, _CITATIONS.pop, id(sources), None)
    _CITATIONS[id(sources)] = found
    return found


def bibliography_numbers(sources: pd.DataFrame) -> dict[str, int]:
    """source_id -> its number in the briefing's bibliography (the Sources chapter)."""
    return dict(_citations(sources).numbers)


def short_reference(source_id: str, sources: pd.DataFrame) -> str:
    """'Open Dialog Foundation (2014)': a document named in running text; the bibliography has the rest."""
    return _citations(sources).short.get(str(source_id), str(source_id))


def _cited(source_ids, sources: pd.DataFrame) -> list[tuple[str, list[int]]]:
    """(publisher, bibliography numbers) per cited publisher, in order of first mention: the
    numbers say which of its documents, so a publisher is named once per source line.

    Editions of one index are folded into one entry ('RSF, World Press Freedom Index, 24
    editions, 2002 to 2026'), so a chart over 24 editions gets a one-line source.
    """
    known = _citations(sources)
    wanted = list(dict.fromkeys(str(s) for s in source_ids))
    cited: dict[object, tuple[str, list[int]]] = {}
    editions: dict[tuple[str, str], list[str]] = {}
    for source_id in wanted:
        if source_id not in known.numbers:
            cited[source_id] = (source_id, [])
            continue
        series = known.series[source_id]
        if series:
            cited.setdefault(series[:2], (known.labels[source_id], [known.numbers[source_id]]))
            editions.setdefault(series[:2], []).append(series[2])
        else:
            publisher = ("publisher", known.labels[source_id])
            numbers = cited.get(publisher, (known.labels[source_id], []))[1]
            cited[publisher] = (known.labels[source_id], sorted({*numbers, known.numbers[source_id]}))
    for key, found in editions.items():
        found = sorted(found)
        told = found[0] if len(found) == 1 else f"{len(found)} editions, {found[0]} to {found[-1]}"
        cited[key] = (f"{cited[key][0]}, {key[1]} ({told})", cited[key][1])
    return list(cited.values())


def cite(source_ids, sources: pd.DataFrame) -> str:
    """'[1, 3]': the bibliography numbers of the documents behind a table row, for a table cell
    (tables never show internal source ids)."""
    numbers = sorted({n for _, found in _cited(list(source_ids), sources) for n in found})
    return _number_span(numbers) if numbers else ""


def _number_span(numbers: list[int]) -> str:
    """[3], [3, 5], [12–35]: three or more consecutive numbers collapse into a range."""
    if len(numbers) > 2 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"[{span(numbers[0], numbers[-1])}]"
    return "[" + ", ".join(str(n) for n in numbers) + "]"


def source_line(source_ids, sources: pd.DataFrame, *, links: bool = False) -> str:
    """'Sources: Open Dialog Foundation [1, 3]; IWPR [2].', numbered as in the bibliography.
    With `links`, escaped HTML whose numbers link to the bibliography entries."""
    cited = _cited(source_ids, sources)
    if not cited:
        return escape(NO_SOURCE) if links else NO_SOURCE
    parts = []
    for text, numbers in cited:
        numbered = _number_span(numbers) if numbers else ""
        if links:
            text = escape(text)
            numbered = f'<a class="cite" href="#source-{numbers[0]}">{numbered}</a>' if numbers else ""
        parts.append(f"{text} {numbered}".rstrip())
    return ("Source: " if len(parts) == 1 else "Sources: ") + "; ".join(parts) + "."


def source_html(source_ids, sources: pd.DataFrame) -> str:
    return source_line(source_ids, sources, links=True)


def bibliography_list(sources: pd.DataFrame) -> HTML:
    """The numbered bibliography: every source line in the briefing points at one of its entries."""
    numbered = bibliography(sources)
    numbers = dict(zip(numbered["source_id"], numbered["no"]))
    items = []
    for no, entry in numbered.groupby("no", sort=True):
        row = next(entry.itertuples())
        if len(entry) > 1:  # the editions of one index: one entry, each edition linked
            items.append(_index_entry(no, entry))
            continue
        url = f" {link(row.url, row.url)}" if isinstance(row.url, str) else ""
        cited = ""
        if isinstance(row.cited_in, str):
            citing = numbers.get(row.cited_in)
            where = f'<a class="cite" href="#source-{citing}">[{citing}]</a>' if citing else escape(row.cited_in)
            cited = f" Cited in {where}."
        items.append(
            f'<li id="source-{row.no}" value="{row.no}"><span class="source-type">{escape(row.type_label)}</span> '
            f"{escape(row.publisher)}, <cite>{escape(row.title)}</cite> ({escape(row.date)}).{url}{cited}</li>"
        )
    return HTML('<ol class="bibliography">' + "".join(items) + "</ol>")


def _index_entry(no: int, entry: pd.DataFrame) -> str:
    first = entry.iloc[0]
    publisher, title, _ = index_series(first)
    editions = []
    for row in entry.itertuples():
        label = escape(index_series(pd.Series(row._asdict()))[2])
        editions.append(link(row.url, label, escaped=True) if isinstance(row.url, str) else label)
    return (
        f'<li id="source-{no}" value="{no}"><span class="source-type">{escape(first["type_label"])}</span> '
        f"{escape(publisher)}, <cite>{escape(title)}</cite>, {len(entry)} editions: {', '.join(editions)}.</li>"
    )
