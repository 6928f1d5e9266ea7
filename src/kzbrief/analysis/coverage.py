"""What the data holds: records per table, sources by type, the bibliography and the timeline."""

from __future__ import annotations

import pandas as pd

SOURCE_TYPE_LABELS = {
    "ngo": "Non-governmental organisation",
    "media": "News media",
    "official": "State body (an interested party)",
    "intergovernmental": "Intergovernmental organisation",
    "index": "Published index",
}


def records_per_table(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Rows and distinct sources cited, per table."""
    rows = []
    for name, frame in tables.items():
        cited = frame["source_id"].nunique() if "source_id" in frame else pd.NA
        rows.append({"table": f"{name}.csv", "rows": len(frame), "sources cited": cited})
    return pd.DataFrame(rows)


def persons_in_cases(cases: pd.DataFrame) -> dict[str, int]:
    """Named defendants and persons in group rows, kept apart (group rows may overlap names)."""
    named = cases[~cases["is_group"].astype(bool)]
    groups = cases[cases["is_group"].astype(bool)]
    return {
        "named_defendants": int(named["n_persons"].sum()),
        "group_rows": len(groups),
        "persons_in_group_rows": int(groups["n_persons"].sum()),
    }


def sources_by_type(sources: pd.DataFrame) -> pd.DataFrame:
    counts = sources["source_type"].value_counts().rename_axis("source_type").reset_index(name="sources")
    counts["type"] = counts["source_type"].map(SOURCE_TYPE_LABELS).fillna(counts["source_type"])
    return counts[["type", "sources"]]


def bibliography(sources: pd.DataFrame) -> pd.DataFrame:
    """Sources numbered in a stable order: the documents read directly, then the documents
    they cite, then index editions; by date within each group. Adds a `reference` column."""
    group = sources["cited_in"].notna().astype(int) + 2 * (sources["source_type"] == "index").astype(int)
    ordered = sources.assign(_group=group).sort_values(["_group", "date", "source_id"], kind="stable")
    ordered = ordered.drop(columns="_group").reset_index(drop=True)
    ordered.insert(0, "no", range(1, len(ordered) + 1))
    ordered["reference"] = [_reference(row) for _, row in ordered.iterrows()]
    return ordered


def _reference(row) -> str:
    text = f"{row['publisher']}, {row['title']} ({row['date']})."
    if pd.notna(row["url"]):
        text += f" {row['url']}"
    if pd.notna(row["cited_in"]):
        text += f" Cited in {row['cited_in']}."
    return text


def timeline(events: pd.DataFrame, start_year: int, end_year: int) -> pd.DataFrame:
    """Events starting between start_year and end_year, oldest first."""
    year = events["start_date"].str.slice(0, 4).astype(int)
    chosen = events[(year >= start_year) & (year <= end_year)]
    return chosen.sort_values("start_date", kind="stable").reset_index(drop=True)
