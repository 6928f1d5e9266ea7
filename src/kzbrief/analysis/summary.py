"""What the documents' own authors ask for, for the key-findings page (chapters/summary.py).

The briefing makes no recommendation of its own: the asks are the documents' calls, quoted in
`data/recommendations.csv`, each attributed to whoever makes it and cited.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Ask:
    made_by: str
    addressed_to: str
    ask: str
    source_id: str
    year: str = ""  # the year of the document that states the call (a call is dated, never "now")
    quoted_by: str = ""  # the document's publisher, when the call is another body's, quoted


def asks(tables: dict[str, pd.DataFrame], limit: int | None = None) -> list[Ask]:
    """The documents' calls for action, at most `limit`: taken in turn from each body that makes
    them, newest document first, so a short list still shows every voice."""
    recommendations = tables.get("recommendations")
    if recommendations is None or recommendations.empty:
        return []
    sources = tables["sources"]
    dates = sources.set_index("source_id")["date"].astype(str)
    ordered = recommendations.assign(_date=recommendations["source_id"].map(dates)).sort_values(
        "_date", ascending=False, kind="stable"
    )
    voices = ordered.groupby("made_by", sort=False).cumcount()  # 0 = a body's first call, newest first
    ordered = ordered.assign(_turn=voices).sort_values(["_turn", "_date"], ascending=[True, False], kind="stable")
    publishers = sources.set_index("source_id")["publisher"].astype(str)
    found = [
        Ask(
            r.made_by,
            r.addressed_to,
            r.ask,
            r.source_id,
            year=str(dates.get(r.source_id, ""))[:4],
            quoted_by="" if publishers.get(r.source_id, r.made_by) == r.made_by else publishers.get(r.source_id, ""),
        )
        for r in ordered.itertuples()
    ]
    return found[:limit] if limit else found
