"""Where the documents disagree: every figure on which two accounts differ, listed, never resolved.

One row per subject (a defendant, a trial, an event and what is counted), with each account
beside the document or claimant it comes from. The methods chapter shows the table; the
chapters show the same accounts side by side where they use them.
"""

from __future__ import annotations

import pandas as pd

from ..report import short_reference
from . import casualties as cs
from . import sentencing as sn

COLUMNS = ["topic", "subject", "accounts", "how the briefing treats it"]


def outcome_conflicts(selection: sn.Selection, sources: pd.DataFrame) -> list[dict]:
    """Named defendants whose criminal outcome differs between documents."""
    rows = []
    conflicting = selection.named[selection.named["outcome"] == "conflicting"]
    for person in conflicting.itertuples():
        own = selection.outcomes[(selection.outcomes["case_id"] == person.case_id)
                                 & (selection.outcomes["kind"] == person.kind)]
        accounts = [f"{sn.OUTCOME_LABELS.get(r.outcome, r.outcome)} ({short_reference(r.source_id, sources)})"
                    for r in own.itertuples()]
        rows.append({"topic": "outcome", "subject": person.defendant, "accounts": "; ".join(accounts),
                     "how the briefing treats it": "counted once, as 'documents disagree'"})
    return rows


def term_conflicts(selection: sn.Selection, sources: pd.DataFrame) -> list[dict]:
    """Named defendants with different terms for the same stage in different documents."""
    named_terms = selection.first_terms[~selection.first_terms["is_group"].astype(bool)]
    rows = []
    for (_, stage), group in named_terms.groupby(["case_id", "stage"], sort=False):
        if len(group) < 2:
            continue
        accounts = [f"{r.as_given} ({', '.join(short_reference(s, sources) for s in r.source_ids)})"
                    for r in group.itertuples()]
        rows.append({"topic": f"term, {stage.replace('_', ' ')}", "subject": group["defendant"].iloc[0],
                     "accounts": "; ".join(accounts),
                     "how the briefing treats it": "each term kept; totals take the lowest and the highest"})
    return rows


def group_count_conflicts(selection: sn.Selection, sources: pd.DataFrame) -> list[dict]:
    """Trials that several documents count in aggregate, each in its own way."""
    accounts = sn.group_accounts(selection.outcomes)
    rows = []
    for proceeding, group in accounts.groupby("proceeding", sort=False):
        if group["source_id"].nunique() < 2:
            continue
        told = [f"{sn.describe_breakdown(r)} ({short_reference(r['source_id'], sources)})" for _, r in group.iterrows()]
        rows.append({"topic": "group count", "subject": proceeding, "accounts": "; ".join(told),
                     "how the briefing treats it": "side by side, never added; totals take the hull of the accounts"})
    return rows


def claim_conflicts(claims: pd.DataFrame, sources: pd.DataFrame) -> list[dict]:
    """Events and metrics with different figures from different claimants or documents."""
    parts_of_one = {cid for group in cs.one_statement_groups(claims) for cid in group["claim_id"]}
    rows = []
    for _, group in claims[~claims["claim_id"].isin(parts_of_one)].groupby(["event_id", "metric"], sort=False):
        if group["figure"].nunique() < 2:
            continue
        accounts = [f"{r.figure}: {r.claimant} ({cs.TYPE_LABELS[r.claimant_type]}, {short_reference(r.source_id, sources)})"
                    for r in group.itertuples()]
        compared = {"official", *cs.COMPARED_TYPES} <= set(group["claimant_type"])
        rows.append({"topic": "casualty or detention figure",
                     "subject": f"{group['event'].iloc[0]}, {group['metric_label'].iloc[0]}",
                     "accounts": "; ".join(accounts),
                     "how the briefing treats it": "each claim shown as a range, none chosen"
                     + ("; independent against official as a ratio range" if compared else "")})
    return rows


def source_conflicts(selection: sn.Selection, claims: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    rows = (outcome_conflicts(selection, sources) + term_conflicts(selection, sources)
            + group_count_conflicts(selection, sources) + claim_conflicts(claims, sources))
    return pd.DataFrame(rows, columns=COLUMNS)
