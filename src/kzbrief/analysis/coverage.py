"""What the data holds: records per table, sources by type, the timeline and the period it covers.

The bibliography itself is numbered in `kzbrief.citations`, with everything else that cites."""

from __future__ import annotations

import re

import pandas as pd

from ..domain import SOURCE_TYPE_LABELS, STOCK_METRICS
from ..english import span
from ..period import within
from ..rsf_import import rsf_rows


def persons_in_cases(cases: pd.DataFrame) -> dict[str, int]:
    """Named defendants, and the group rows with the documents they come from, kept apart.

    The people in group rows are not added up: documents count the same trial in overlapping
    groups (and a document's own groups can be subsets of one another), so any total of
    `n_persons` across group rows would count people twice."""
    named = cases[~cases["is_group"].astype(bool)]
    groups = cases[cases["is_group"].astype(bool)]
    return {
        "named_defendants": int(named["n_persons"].sum()),
        "group_rows": len(groups),
        "group_documents": int(groups["source_id"].nunique()),
    }


def sources_by_type(sources: pd.DataFrame) -> pd.DataFrame:
    counts = sources["source_type"].value_counts().rename_axis("source_type").reset_index(name="sources")
    counts["type"] = counts["source_type"].map(SOURCE_TYPE_LABELS).fillna(counts["source_type"])
    return counts[["type", "sources"]]


def lists_only(events: pd.DataFrame, claims: pd.DataFrame, cases: pd.DataFrame) -> set[str]:
    """Events that are only a place for counts kept over years (a body's list of political prisoners):
    every claim about them counts a stock, and no case refers to them. Such a list is not something
    that happened, so it has no place among the events of a timeline or in a count of events."""
    stock = claims["metric"].isin(STOCK_METRICS)
    listed = set(claims.loc[stock, "event_id"]) - set(claims.loc[~stock, "event_id"]) - set(cases["event_id"])
    return listed & set(events["event_id"])


def timeline(
    events: pd.DataFrame, start_year: int, end_year: int | None, leave_out: set[str] = frozenset()
) -> pd.DataFrame:
    """Events starting between start_year and end_year (None: no limit), oldest first, without the
    `leave_out` event ids (lists kept over years, see `lists_only`)."""
    events = events[~events["event_id"].isin(leave_out)]
    chosen = events[within(events["start_date"].str.slice(0, 4).astype(int), start_year, end_year)]
    return chosen.sort_values("start_date", kind="stable").reset_index(drop=True)


def year_runs(years: list[int]) -> list[str]:
    """[2003, 2004, 2005, 2007] -> ['2003–2005', '2007']."""
    runs: list[list[int]] = []
    for year in sorted(set(years)):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return [span(r[0], r[-1]) for r in runs]


def evidence_period(tables: dict[str, pd.DataFrame], country: str | None = None, first_year: int | None = None) -> dict:
    """What the briefing's evidence spans, for the cover and the title's period.

    `first_year`/`last_year`: the years of dated decisions, claims and events (of `country`
    when given: a comparison the documents draw with another country is not evidence about
    this one); `cut_off`: the date of the newest document read directly (not an index);
    `index_first`/`index_last`: the editions of published indexes. Missing parts are None.
    `first_year` (briefing.yml's) leaves out earlier dates: the period the briefing covers starts there.
    """
    events = tables["events"]
    if country is not None and "country" in events:
        events = events[events["country"] == country]
    dates = (
        pd.concat(
            [
                tables["sentences"]["date"],
                tables["casualty_estimates"]["claim_date"],
                events["start_date"],
                *([tables["statuses"]["date"]] if tables.get("statuses") is not None else []),
            ]
        )
        .dropna()
        .astype(str)
    )
    years = dates.str.slice(0, 4).astype(int)
    if first_year is not None:
        years = years[years >= first_year]
    sources = tables["sources"]
    read = sources[(sources["source_type"] != "index") & sources["cited_in"].isna()]
    read = read[~read["source_id"].isin(standing_only(tables))]  # who a publisher is: not evidence
    index = tables.get("press_freedom")
    index = rsf_rows(index) if index is not None and "index" in index else index  # the cover names RSF
    editions = index["year"].dropna().astype(int) if index is not None and "year" in index else pd.Series(dtype=int)
    return {
        "first_year": int(years.min()) if len(years) else None,
        "last_year": int(years.max()) if len(years) else None,
        "cut_off": str(read["date"].dropna().astype(str).max()) if read["date"].notna().any() else None,
        "index_first": int(editions.min()) if len(editions) else None,
        "index_last": int(editions.max()) if len(editions) else None,
    }


def standing_only(tables: dict[str, pd.DataFrame]) -> set[str]:
    """The documents cited only for a publisher's standing (publishers.csv): they say who a
    publisher is, not what happened, so they do not date the evidence (an organisation's own
    undated page is dated when it was read)."""
    publishers = tables.get("publishers")
    if publishers is None or publishers.empty:
        return set()
    cited = set()
    for name, frame in tables.items():
        if name in ("publishers", "sources") or not isinstance(frame, pd.DataFrame):
            continue
        for column in ("source_id", "source_ids"):
            if column in frame:
                cited |= {s.strip() for cell in frame[column].dropna() for s in str(cell).split(";")}
    cited |= set(tables["sources"]["cited_in"].dropna())
    standing = {s.strip() for cell in publishers["source_id"].dropna() for s in str(cell).split(";")}
    return standing - cited


def describe_period(period: dict) -> str:
    """'2002–2016' (or '2016' for one year); '' when nothing is dated."""
    first, last = period["first_year"], period["last_year"]
    return "" if first is None else span(first, last)


def document_counts(sources: pd.DataFrame) -> dict[str, int]:
    """The one way the briefing counts its sources: documents read directly, documents known
    only through their citation in those, and the tables of published indexes."""
    index = sources["source_type"] == "index"
    return {
        "read": int((~index & sources["cited_in"].isna()).sum()),
        "cited": int((~index & sources["cited_in"].notna()).sum()),
        "index_editions": int(index.sum()),
    }


def sources_with_index_files(tables: dict[str, pd.DataFrame], raw_rsf_dir) -> pd.DataFrame:
    """sources.csv plus one row per official RSF edition file in `raw_rsf_dir` that it lacks:
    the sources the press-freedom chapter cites, so that the bibliography built from them has
    an entry (and the edition listed) for every number a citation shows."""
    from .press_freedom import with_official_files

    return with_official_files(tables["press_freedom"], tables["sources"], raw_rsf_dir)[1]


# Tables with one row per document's statement: a claim is in the data only in a row of the
# document that makes it. The others hold one row per thing (a person's case, an event, an
# index edition, a document), which any document's claim may point to.
PER_DOCUMENT_TABLES = ("sentences", "charges", "casualty_estimates", "torture_allegations", "recommendations")


def _plain(text: str) -> str:
    """Quote styles and dashes as typed, so '15 days’' in a note matches "15 days'" in a register."""
    for curly, straight in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"')):
        text = text.replace(curly, straight)
    return text


def _cell_holds(cell: str, figure: str) -> bool:
    """The figure as a cell's whole value (7.5 == '7.5'), or as a word of its text."""
    cell, figure = _plain(cell).strip(), _plain(figure).strip()
    if not cell:
        return False
    if cell == figure:
        return True
    try:
        if float(cell) == float(figure):
            return True
    except ValueError:
        pass
    return re.search(r"(?<![\w.])" + re.escape(figure) + r"(?!\w)", cell, flags=re.IGNORECASE) is not None


def claim_rows(claim: dict, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The rows a register entry points to: `row` is 'column=value;column=value', and a
    per-document table adds the claim's own document."""
    table = tables.get(claim["table"])
    if table is None:
        return pd.DataFrame()
    keep = pd.Series(True, index=table.index)
    filters = [part.split("=", 1) for part in claim["row"].split(";") if part.strip()]
    if claim["table"] in PER_DOCUMENT_TABLES:
        filters.append(["source_id", claim["source_id"]])
    for column, value in filters:
        if column.strip() not in table.columns:
            return table.iloc[0:0]
        keep &= table[column.strip()].fillna("").astype(str) == value.strip()
    return table[keep]


def claim_found(claim: dict, tables: dict[str, pd.DataFrame]) -> bool:
    """Whether a register entry marked in the data is there: the rows it points to hold its
    figure in a cell other than an identifier (match '' or 'value'; 'a&b' needs both), or
    number exactly the figure (match 'rows': 'the same three charges' are three charge rows)."""
    rows = claim_rows(claim, tables)
    if claim.get("match") == "rows":
        return str(len(rows)) == str(claim["figure"]).strip()
    # Identifiers are names, not statements: '2016-05-21' in an event_id proves nothing.
    cells = rows[[c for c in rows.columns if not c.endswith("_id")]].fillna("").astype(str).to_numpy().ravel()
    # '3&7': both ends of a range must be there.
    return all(any(_cell_holds(cell, part) for cell in cells) for part in str(claim["figure"]).split("&"))


def claim_coverage(claims: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> dict:
    """The source documents' quantitative claims (the register `seed_claims.csv`) against the
    tables: how many are in the data, how many are listed as left out, and the entries marked
    in the data that the tables do not hold (which must be none). A register line that restates
    a claim of the same document (`repeat`) or holds a numeral that is no claim (`not_a_claim`:
    a page or footnote number, a heading) is not counted."""
    records = claims.fillna("").to_dict("records")
    in_data = [c for c in records if c["status"] == "in_data"]
    missing = [c for c in in_data if not claim_found(c, tables)]
    left_out = [c for c in records if c["status"] == "left_out"]
    total = len(in_data) + len(left_out)
    found = len(in_data) - len(missing)
    return {
        "claims": total,
        "in_data": found,
        "left_out": len(left_out),
        "not_found": missing,
        "share_in_data": found / total if total else 0.0,
        "share_accounted": (found + len(left_out)) / total if total else 0.0,
    }
