"""Where the documents disagree: every known conflict between sources, listed, never resolved.

The conflicts are documented in `data/conflicts.csv` (the subject, the documents, the claims
involved, how the briefing treats it); the figures of conflicting claims are read from
`casualty_estimates.csv`, so they follow the data. Conflicts that the data shows but the table
does not yet describe (two figures for the same event and metric, two outcomes or terms for
one person, two breakdowns of one trial) are added as found, so none stays hidden.
"""

from __future__ import annotations

import pandas as pd

from ..citations import cite
from ..domain import METRIC_LABELS, OUTCOME_LABELS, STOCK_METRICS
from . import casualties as cs
from . import sentencing as sn

COLUMNS = ["subject", "what the documents say", "how the briefing treats it", "sources"]
FOUND = "found in the data, not yet among the documented conflicts: each account shown, none chosen"


def _split(cell) -> list[str]:
    return [part.strip() for part in str(cell).split(";") if part.strip()] if isinstance(cell, str) else []


def claim_accounts(claim_ids: list[str], estimates: pd.DataFrame, sources: pd.DataFrame) -> str:
    """'at least 164 to 241 killed: 8 figures by 5 claimants': what the
    conflicting claims amount to, per metric. Each claim, with its claimant, document and words,
    is in the casualties chapter (and its table in the appendix): said once, there. A figure one
    document repeats for one claimant counts once. `sources` is unused; kept for the callers."""
    rows = estimates[estimates["claim_id"].isin(claim_ids)]
    rows = rows.drop_duplicates(["metric", "low", "high", "qualifier", "claimant", "source_id"])
    told = []
    for metric, claims in rows.groupby("metric", sort=False):
        label = METRIC_LABELS.get(metric, metric)
        bodies = claims["claimant"].nunique()
        if len(claims) == 1:
            row = claims.iloc[0]
            told.append(f"{cs.format_figure(row.low, row.high, row.qualifier)} {label}")
            continue
        # An open end ("up to 70", "at least 164") is placed by the end the claim gives.
        ends = claims.reset_index(drop=True)
        ends = ends.assign(_low=ends["low"].fillna(ends["high"]), _high=ends["high"].fillna(ends["low"]))
        first, last = ends.loc[ends["_low"].idxmin()], ends.loc[ends["_high"].idxmax()]
        lowest, highest = (cs.format_figure(r.low, r.high, r.qualifier) for r in (first, last))
        told.append(
            f"{lowest} to {highest} {label}: {len(claims)} figures by {bodies} claimant{'s' if bodies != 1 else ''}"
        )
    return "; ".join(told) + (" (each in the casualties chapter, with its claimant and words)" if told else "")


def documented(tables: dict[str, pd.DataFrame], sources: pd.DataFrame) -> pd.DataFrame:
    """The conflicts of conflicts.csv, as a reader's table."""
    conflicts = tables.get("conflicts")
    if conflicts is None or conflicts.empty:
        return pd.DataFrame(columns=COLUMNS + ["source_ids", "claim_ids"])
    rows = []
    for row in conflicts.itertuples():
        claim_ids = _split(row.claim_ids)
        told = [claim_accounts(claim_ids, tables["casualty_estimates"], sources)] if claim_ids else []
        if isinstance(row.accounts, str):
            told.append(row.accounts)
        source_ids = _split(row.source_ids)
        rows.append(
            {
                "subject": row.subject,
                "what the documents say": ". ".join(t.rstrip(".") for t in told if t) + ".",
                "how the briefing treats it": row.treatment,
                "sources": cite(source_ids, sources),
                "source_ids": source_ids,
                "claim_ids": claim_ids,
            }
        )
    return pd.DataFrame(rows)


# --- conflicts the data shows ----------------------------------------------------------------


def outcome_conflicts(selection: sn.Selection, sources: pd.DataFrame) -> list[dict]:
    """Named defendants whose criminal outcome differs between documents."""
    rows = []
    conflicting = selection.named[selection.named["outcome"] == "conflicting"]
    for person in conflicting.itertuples():
        own = selection.outcomes[
            (selection.outcomes["case_id"] == person.case_id) & (selection.outcomes["kind"] == person.kind)
        ]
        accounts = [
            f"{OUTCOME_LABELS.get(r.outcome, r.outcome)} {cite([r.source_id], sources)}" for r in own.itertuples()
        ]
        rows.append(
            {
                "subject": f"{person.defendant}: outcome",
                "what the documents say": "; ".join(accounts),
                "source_ids": list(own["source_id"]),
                "claim_ids": [],
            }
        )
    return rows


def term_conflicts(selection: sn.Selection, sources: pd.DataFrame) -> list[dict]:
    """Named defendants with different terms for the same stage in different documents."""
    named_terms = selection.first_terms[~selection.first_terms["is_group"].astype(bool)]
    rows = []
    for (_, stage), group in named_terms.groupby(["case_id", "stage"], sort=False):
        if len(group) < 2:
            continue
        accounts = [f"{r.as_given} {cite(r.source_ids, sources)}" for r in group.itertuples()]
        rows.append(
            {
                "subject": f"{group['defendant'].iloc[0]}: term, {stage.replace('_', ' ')}",
                "what the documents say": "; ".join(accounts),
                "source_ids": [s for ids in group["source_ids"] for s in ids],
                "claim_ids": [],
            }
        )
    return rows


def group_count_conflicts(selection: sn.Selection, sources: pd.DataFrame) -> list[dict]:
    """Trials that several documents count in aggregate, each in its own way."""
    accounts = sn.group_accounts(selection.outcomes)
    rows = []
    for proceeding, group in accounts.groupby("proceeding", sort=False):
        if group["source_id"].nunique() < 2:
            continue
        told = [f"{sn.describe_breakdown(r)} {cite([r['source_id']], sources)}" for _, r in group.iterrows()]
        rows.append(
            {
                "subject": proceeding,
                "what the documents say": "; ".join(told),
                "source_ids": list(group["source_id"]),
                "claim_ids": [],
            }
        )
    return rows


def claim_conflicts(claims: pd.DataFrame, sources: pd.DataFrame) -> list[dict]:
    """Events and metrics with different figures from different claimants or documents (for a
    stock such as political prisoners: different figures for the same count date)."""
    parts_of_one = {cid for group in cs.one_statement_groups(claims) for cid in group["claim_id"]}
    claims = claims[~claims["claim_id"].isin(parts_of_one)]
    dated = claims["claim_date"].astype("string").fillna("")
    when = dated.where(claims["metric"].isin(STOCK_METRICS), "")
    rows = []
    # Figures for different groups (the security forces among the dead) or periods (one night) are
    # not rival figures for the same count.
    scope = [claims[c].astype("string").fillna("") for c in ("counted", "period") if c in claims]
    for _, group in claims.groupby([claims["event_id"], claims["metric"], when, *scope], sort=False):
        if group["figure"].nunique() < 2:
            continue
        rows.append(
            {
                "subject": f"{group['event'].iloc[0]}, {group['metric_label'].iloc[0]}",
                "what the documents say": claim_accounts(list(group["claim_id"]), claims, sources),
                "source_ids": list(group["source_id"]),
                "claim_ids": list(group["claim_id"]),
            }
        )
    return rows


def _covered(found: dict, known: pd.DataFrame) -> bool:
    """A conflict found in the data is documented when one documented conflict names all its
    claims (for claims) or all its documents and its subject (for people and trials)."""
    if found["claim_ids"]:
        return set(found["claim_ids"]) <= {c for ids in known["claim_ids"] for c in ids}
    for row in known.itertuples():
        if set(found["source_ids"]) <= set(row.source_ids) and (
            found["subject"].split(":")[0].lower() in row.subject.lower()
            or row.subject.lower() in found["subject"].lower()
            or _same_trial(found["subject"], row.subject)
        ):
            return True
    return False


def _same_trial(found: str, subject: str) -> bool:
    words = {w for w in found.lower().replace(",", " ").split() if len(w) > 4}
    return bool(words & set(subject.lower().replace(",", " ").split()))


def source_conflicts(
    tables: dict[str, pd.DataFrame], selection: sn.Selection, claims: pd.DataFrame, sources: pd.DataFrame
) -> pd.DataFrame:
    """Documented conflicts, then any the data shows that are not documented yet; the table's
    COLUMNS plus `source_ids` (the documents behind each row, for the source line)."""
    known = documented(tables, sources)
    found = (
        outcome_conflicts(selection, sources)
        + term_conflicts(selection, sources)
        + group_count_conflicts(selection, sources)
        + claim_conflicts(claims, sources)
    )
    extra = [
        dict(f, **{"how the briefing treats it": FOUND, "sources": cite(f["source_ids"], sources)})
        for f in found
        if not _covered(f, known)
    ]
    shown = COLUMNS + ["source_ids"]
    if not extra:
        return known[shown].reset_index(drop=True)
    return pd.concat([known[shown], pd.DataFrame(extra)[shown]], ignore_index=True)
