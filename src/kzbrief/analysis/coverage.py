"""What the data holds: records per table, sources by type, the bibliography and the timeline."""

from __future__ import annotations

import re

import pandas as pd

from ..report import count

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


def timeline(events: pd.DataFrame, start_year: int, end_year: int) -> pd.DataFrame:
    """Events starting between start_year and end_year, oldest first."""
    year = events["start_date"].str.slice(0, 4).astype(int)
    chosen = events[(year >= start_year) & (year <= end_year)]
    return chosen.sort_values("start_date", kind="stable").reset_index(drop=True)


def year_runs(years: list[int]) -> list[str]:
    """[2003, 2004, 2005, 2007] -> ['2003–2005', '2007']."""
    runs: list[list[int]] = []
    for year in sorted(set(years)):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return [f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs]


def gaps(tables: dict[str, pd.DataFrame], start_year: int, end_year: int) -> list[str]:
    """What the data does not cover, measured on the data: one sentence per gap found."""
    found = []
    decisions = tables["sentences"]["date"].dropna().str[:4].astype(int)
    claims = tables["casualty_estimates"]["claim_date"].dropna().str[:4].astype(int)
    documents = tables["sources"].loc[tables["sources"]["source_type"] != "index", "date"].astype(str).str[:4].astype(int)
    if not documents.empty:
        last_document = int(documents.max())
        found.append(f"The newest document other than the press-freedom index dates from {last_document}: "
                     f"nothing after it is covered except the index.")
    dated_years = set(decisions) | set(claims)
    if dated_years:
        last = min(end_year, max(dated_years))
        empty = [y for y in range(start_year, last + 1) if y not in dated_years]
        if empty:
            found.append(f"No court decision or casualty claim in the data is dated in {', '.join(year_runs(empty))}; "
                         "that is a gap in the documents, not evidence that nothing happened.")
    sentences = tables["sentences"]
    custodial = sentences[sentences["outcome"] == "custodial"]
    no_term = int(custodial["term_min"].isna().sum())
    if no_term:
        found.append(f"{count(no_term, 'prison sentence')} in the data {'has' if no_term == 1 else 'have'} no term: "
                     "the documents report the verdict, not its length.")
    undated = int(sentences["date"].isna().sum())
    if undated:
        found.append(f"{undated} of the {len(sentences)} reported court decisions (counted per document) "
                     f"{'have' if undated != 1 else 'has'} no date; they count in totals but not in the timeline.")
    events = tables["events"]
    in_period = events[events["start_date"].str[:4].astype(int).between(start_year, end_year)]
    without = in_period[~in_period["event_id"].isin(tables["casualty_estimates"]["event_id"])]
    if not without.empty:
        found.append("No casualty or detention figure is recorded for "
                     + "; ".join(without["name"]) + ".")
    return found
