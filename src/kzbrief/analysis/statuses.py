"""Each named person's latest dated status: the latest of the court decisions (sentences.csv) and
the later statuses outside the courts (statuses.csv: a death, an emigration, exile, asylum).

A status is always the documents', never the situation today: it is printed with its date and
the document that reports it ("as of 24 Nov 2021 (...)"). A decision the documents leave undated
is dated by the newest document that reports it. A person whose latest dated record is older
than the data's last year is one the evidence cannot follow to the present.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from ..citations import short_reference
from ..domain import OUTCOME_LABELS, STATUS_LABELS
from ..english import format_date
from . import profiles as pr

STATUS_CODES = ("died", "emigrated", "in_exile", "granted_asylum", "asylum_revoked", "other")


@dataclass(frozen=True)
class Latest:
    """One person's latest recorded status."""

    date: str | None  # the status's date; for an undated decision, its newest document's date
    source: str  # the document that reports it
    decision: pr.Decision | None = None  # a court decision (sentences.csv) ...
    status: str | None = None  # ... or a later status (statuses.csv code)
    own_date: bool = True  # False: dated by its document, not by itself
    named_only: bool = False  # no decision or status: only the document that names the person

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None


def statuses_table(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """statuses.csv, or no rows when the data folder has none."""
    found = tables.get("statuses")
    if isinstance(found, pd.DataFrame):
        return found
    return pd.DataFrame({c: pd.Series(dtype="string") for c in ("case_id", "date", "status", "quote", "source_id")})


def _source_dates(sources: pd.DataFrame) -> dict[str, str]:
    return {s: str(d) for s, d in zip(sources["source_id"], sources["date"]) if pd.notna(d)}


def latest(
    decisions: list[pr.Decision],
    statuses: pd.DataFrame,
    sources: pd.DataFrame,
    named_in: list[str] = (),
) -> Latest | None:
    """The latest of a person's decisions (in their order, `profiles.decisions`) and later
    statuses (rows of statuses.csv). A status dated on or after the last decision wins (a death
    after a release); a decision without a date is dated by its newest document. Without either,
    the newest document of `named_in` (the documents that name the person), or None."""
    dates = _source_dates(sources)
    found = None
    if decisions:
        last = decisions[-1]
        newest = max(last.source_ids, key=lambda s: dates.get(s, ""))
        if last.date is not None:
            found = Latest(str(last.date), newest, decision=last)
        else:
            found = Latest(dates.get(newest), newest, decision=last, own_date=False)
    dated = statuses.dropna(subset=["date"]) if len(statuses) else statuses
    if len(dated):
        row = dated.assign(_d=dated["date"].astype(str)).sort_values("_d", kind="stable").iloc[-1]
        if found is None or found.date is None or str(row["date"]) >= found.date:
            found = Latest(str(row["date"]), str(row["source_id"]), status=str(row["status"]))
    if found is None and named_in:
        newest = max(named_in, key=lambda s: dates.get(s, ""))
        found = Latest(dates.get(newest), newest, own_date=False, named_only=True)
    return found


def _people(cases: pd.DataFrame) -> dict[str, list[str]]:
    """case_id -> the case ids of its person (all the cases sharing its person_id, a person tried
    more than once; else the case alone)."""
    person = cases["person_id"].fillna(cases["case_id"]) if "person_id" in cases else cases["case_id"]
    ids: dict[str, list[str]] = {}
    for case_id, key in zip(cases["case_id"], person):
        ids.setdefault(key, []).append(case_id)
    return {case_id: ids[key] for case_id, key in zip(cases["case_id"], person)}


def of_people(case_ids, tables: Mapping[str, pd.DataFrame]) -> dict[str, Latest]:
    """case_id -> the latest status of its person over all that person's cases, for each of
    `case_ids` that has one (each table is grouped by case once: linear in the rows)."""
    cases, sentences, sources = tables["cases"], tables["sentences"], tables["sources"]
    people = _people(cases)
    decided = {case_id: rows for case_id, rows in sentences.groupby("case_id", sort=False)} if len(sentences) else {}
    statuses = statuses_table(tables)
    later = {case_id: rows for case_id, rows in statuses.groupby("case_id", sort=False)} if len(statuses) else {}
    named = dict(zip(cases["case_id"], cases["source_id"]))
    empty_sentences, empty_statuses = sentences.iloc[0:0], statuses.iloc[0:0]
    found = {}
    for case_id in case_ids:
        ids = people.get(case_id, [case_id])
        mine = [decided[each] for each in ids if each in decided]
        decisions = pr.decisions(ids, pd.concat(mine) if mine else empty_sentences)
        own = [later[each] for each in ids if each in later]
        rows = pd.concat(own) if own else empty_statuses
        named_in = [named[each] for each in ids if each in named]
        named_in += [s for each in ids if each in decided for s in decided[each]["source_id"]]
        status = latest(decisions, rows, sources, named_in)
        if status is not None:
            found[case_id] = status
    return found


def of_person(case_id: str, tables: Mapping[str, pd.DataFrame]) -> Latest | None:
    """The latest status of the person of `case_id`, over all that person's cases."""
    return of_people([case_id], tables).get(case_id)


def older_than(found: Mapping[str, Latest], year: int | None) -> dict[str, Latest]:
    """The people whose latest status is dated before `year` (the data's last year): the
    evidence cannot say what became of them since. Undated statuses are counted too; a death is
    not (nothing became of the person since)."""
    if year is None:
        return {}
    return {case_id: s for case_id, s in found.items() if s.status != "died" and (s.year is None or s.year < year)}


def what(status: Latest) -> str:
    """The status in a table cell's words: 'died', 'parole: released', 'first instance: prison'."""
    if status.status is not None:
        return STATUS_LABELS.get(status.status, status.status)
    if status.decision is None:
        return "named; no decision recorded"
    decision = status.decision
    if decision.stage == "parole" and decision.outcome != "released":
        return "parole: early release refused"
    life = ", life" if decision.life else ""
    return f"{decision.stage.replace('_', ' ')}: {OUTCOME_LABELS.get(decision.outcome, decision.outcome)}{life}"


def describe(status: Latest, sources: pd.DataFrame) -> str:
    """'died, as of 24 Nov 2021 (Vlast.kz (2022))': a table cell, always with its date and document."""
    when = format_date(status.date) or "an undated document"
    return f"{what(status)}, as of {when} ({short_reference(status.source, sources)})"
