"""Case profiles: half-page portraits of the named people the documents follow most.

Who is profiled is decided by a rule on the data, not by a list: the named defendants with at
least one recorded decision, ranked by how many documents report them, then by how many decisions
(verdicts, appeals, paroles, releases...) the sentences table holds for them, then by how many
charges and torture allegations are recorded, then by name.

Each profile is built from the tables alone. A decision reported by several documents is shown
once with every document's number; decisions the documents report differently stay on separate
lines. The latest reported decision is dated by the document that reports it ("as of Oct 2012,
according to ..."), never presented as the situation today. Terms are sentences imposed, not
time served. The wording is in the templates `profiles/*.md` (`kzbrief.chapters.profiles`
computes what they print).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from ..checks.cells import date_after
from ..citations import bibliography_numbers
from ..domain import HIGHER_COURT_STAGES, LIFE_TERM
from .sentencing import is_state_agent, rows_by_case

# The order proceedings run in: an undated decision is placed after the dated decisions of the
# same or an earlier stage (a release follows the verdict it ends).
STAGE_ORDER = (
    "administrative",
    "first_instance",
    "appeal",
    "cassation",
    "supreme_court",
    "retrial",
    "amnesty",
    "pardon",
    "parole",
    "release",
)
# Stages that release a person by a named legal route; a document's bare 'released' may be one.
RELEASING_STAGES = ("parole", "amnesty", "pardon")
# A sentence row whose notes say its stage label is only approximate: the profile names no stage.
_APPROXIMATE_STAGE = re.compile(r"stage\b[^.]*\bapproximate", re.IGNORECASE)
# Conflicts about charges are not repeated: the charges paragraph shows each document's wording.
_CHARGE_SUBJECT = re.compile(r"\bcharges?\b", re.IGNORECASE)

RANK_COLUMNS = ["documents", "years_followed", "decisions", "facts"]


# --- choosing the people ------------------------------------------------------------------------


def ranking(tables: dict[str, pd.DataFrame], cases: pd.DataFrame | None = None) -> pd.DataFrame:
    """Named defendants with at least one recorded decision, most fully reported first.

    `cases` narrows the pool (a chapter's selection); state agents tried for abuses are left
    out, as in the sentencing totals. Columns: case_id, defendant, and the RANK_COLUMNS:
    documents (that report the person), years_followed (from the first to the last dated
    decision), decisions (rows of the sentences table), facts (charges and torture allegations).
    """
    cases = tables["cases"] if cases is None else cases
    named = cases[~cases["is_group"].astype(bool) & ~is_state_agent(cases)]
    sentences, charges = tables["sentences"], tables["charges"]
    torture = torture_table(tables)
    # Each table grouped by case once: filtering it per person would be quadratic in the cases.
    decisions_of, charges_of = rows_by_case(sentences), rows_by_case(charges)
    torture_of = rows_by_case(torture) if torture is not None else None
    nothing = pd.DataFrame({"source_id": []})
    rows = []
    # One row per person: a person's proceedings (several trials) are ranked together.
    person = named["person_id"] if "person_id" in named else named["case_id"]
    for _, trials in named.groupby(person, sort=False):
        case = trials.iloc[0]
        found = [decisions_of[c] for c in trials["case_id"] if c in decisions_of]
        if not found:
            continue
        own = pd.concat(found)
        own_charges = pd.concat([charges_of.get(c, nothing) for c in trials["case_id"]])
        own_torture = (
            pd.concat([torture_of.get(c, nothing) for c in trials["case_id"]]) if torture_of is not None else None
        )
        documents = {*trials["source_id"], *own["source_id"], *own_charges["source_id"]}
        if own_torture is not None:
            documents |= set(own_torture["source_id"])
        years = own["date"].dropna().str[:4].astype(int)
        rows.append(
            {
                "case_id": case.case_id,
                "case_ids": list(trials["case_id"]),
                "defendant": case.defendant,
                "documents": len(documents),
                "years_followed": int(years.max() - years.min()) if len(years) else 0,
                "decisions": len(own),
                "facts": len(own_charges) + (len(own_torture) if own_torture is not None else 0),
            }
        )
    frame = pd.DataFrame(rows, columns=["case_id", "case_ids", "defendant", *RANK_COLUMNS])
    return frame.sort_values(
        [*RANK_COLUMNS, "defendant"], ascending=[False] * len(RANK_COLUMNS) + [True], kind="stable"
    ).reset_index(drop=True)


@dataclass(frozen=True)
class Choice:
    chosen: pd.DataFrame  # the ranking's first n rows
    tied: list[str] = field(default_factory=list)  # left out although ranked level with the last one chosen
    pool: int = 0  # named defendants with a recorded decision


def choose(ranked: pd.DataFrame, n: int) -> Choice:
    """The first `n` of the ranking, and the names left out only by the alphabetical tie-break.
    The chosen are returned in the order of their first dated decision (the ranking's order
    among equals and for people without a dated decision)."""
    n = max(int(n), 0)
    chosen = ranked.head(n)
    tied: list[str] = []
    if 0 < n < len(ranked):
        last = ranked.iloc[n - 1][RANK_COLUMNS].tolist()
        rest = ranked.iloc[n:]
        level = (rest[RANK_COLUMNS] == last).all(axis=1)
        tied = rest.loc[level, "defendant"].tolist()
    return Choice(chosen=chosen.reset_index(drop=True), tied=tied, pool=len(ranked))


def in_date_order(chosen: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The chosen people in the order of their first dated decision; people without one last."""
    first = sentences.dropna(subset=["date"]).groupby("case_id")["date"].min()
    dates = [min((first[c] for c in _trials(row) if c in first), default=None) for _, row in chosen.iterrows()]
    return (
        chosen.assign(_first=dates)
        .sort_values("_first", kind="stable", na_position="last")
        .drop(columns="_first")
        .reset_index(drop=True)
    )


# --- decisions ----------------------------------------------------------------------------------


@dataclass
class Decision:
    stage: str
    date: object
    outcome: str
    term_min: object
    term_max: object
    term_unit: object
    source_ids: list[str]
    stage_stated: bool = True
    requests: list[tuple[float, str, str]] = field(default_factory=list)  # (term, unit, source_id)
    case_id: str = ""  # the proceeding: a higher court's decision is compared within it only

    @property
    def has_term(self) -> bool:
        return pd.notna(self.term_min)

    @property
    def life(self) -> bool:
        return str(self.term_unit) == LIFE_TERM  # the unit may be missing (NA)

    def same_decision(self, other: Decision) -> bool:
        return (self.case_id, self.stage, self.outcome, _term_key(self), self.stage_stated) == (
            other.case_id,
            other.stage,
            other.outcome,
            _term_key(other),
            other.stage_stated,
        )


def _term_key(decision: Decision) -> tuple:
    if not decision.has_term:
        return ()
    return (float(decision.term_min), float(decision.term_max), str(decision.term_unit))


def decisions(case_ids: str | list[str], sentences: pd.DataFrame) -> list[Decision]:
    """One person's decisions in date order, each reported decision once with all its documents.
    `case_ids` is one proceeding or all of a person's (a second trial, an in-absentia trial);
    decisions of different proceedings are never merged.

    Rows of different documents with the same stage, outcome, term and date are one decision; a
    row without a date joins a dated row that agrees on everything else (the same decision, one
    document not dating it). Rows that disagree stay apart, side by side. Undated decisions are
    placed after the dated ones of the same or an earlier stage.
    """
    merged: list[Decision] = []
    rows = sentences[sentences["case_id"].isin([case_ids] if isinstance(case_ids, str) else list(case_ids))]
    rows = rows.assign(dated=rows["date"].notna()).sort_values("dated", ascending=False, kind="stable")
    for row in rows.itertuples():
        found = Decision(
            stage=row.stage,
            date=row.date if pd.notna(row.date) else None,
            outcome=row.outcome,
            term_min=row.term_min,
            term_max=row.term_max,
            term_unit=row.term_unit,
            source_ids=[row.source_id],
            stage_stated=not (isinstance(row.notes, str) and _APPROXIMATE_STAGE.search(row.notes)),
            case_id=row.case_id,
        )
        if pd.notna(row.prosecutor_request):
            found.requests.append(
                (
                    float(row.prosecutor_request),
                    str(row.term_unit) if pd.notna(row.term_unit) else "years",
                    row.source_id,
                )
            )
        same = [d for d in merged if _one_decision(d, found)]
        if same:
            kept = same[0]
            kept.source_ids = list(dict.fromkeys([*kept.source_ids, *found.source_ids]))
            kept.requests += found.requests
            if _more_precise(found.date, kept.date):
                kept.date = found.date
            if kept.stage == "release" and found.stage != "release":
                # 'released' (one document) is the parole or pardon another document names
                kept.stage, kept.stage_stated = found.stage, found.stage_stated
        else:
            merged.append(found)
    return sorted(merged, key=lambda d: _position(d, merged))


def _dates_agree(one: object, other: object) -> bool:
    """Two dates of one decision: equal, or one only less precise than the other ('2019-10' and
    '2019-10-18', '2016' and '2016-08-04'); a row without a date agrees with a dated one only
    when it comes second (it joins the decision a document dates)."""
    if other is None:
        return True
    if one is None:
        return False
    one, other = str(one), str(other)
    return one.startswith(other) or other.startswith(one)


def _more_precise(date: object, than: object) -> bool:
    return date is not None and (than is None or len(str(date)) > len(str(than)))


def _one_decision(kept: Decision, found: Decision) -> bool:
    """Rows of different documents reporting the same decision: the same stage, outcome and term
    on agreeing dates; and a bare 'released' whose date agrees with a dated parole, amnesty or
    pardon that released the person (one release, which one document names and one does not)."""
    if not _dates_agree(kept.date, found.date):
        return False
    if kept.same_decision(found):
        return True
    stages = {kept.stage, found.stage}
    return (
        "release" in stages
        and stages - {"release"} <= set(RELEASING_STAGES)
        and kept.case_id == found.case_id
        and kept.outcome == found.outcome == "released"
    )


def _rank(stage: str) -> int:
    return STAGE_ORDER.index(stage) if stage in STAGE_ORDER else len(STAGE_ORDER)


def _position(decision: Decision, others: list[Decision]) -> tuple:
    """Where a decision goes in the person's history. An undated decision follows the dated ones
    of the same or an earlier stage; an undated pending case follows only those of earlier
    stages, since it records the time before the verdict a later document dates."""
    if decision.date is not None:
        return (str(decision.date), _rank(decision.stage))
    rank = _rank(decision.stage)
    before = (lambda other: other < rank) if decision.outcome == "pending" else (lambda other: other <= rank)
    earlier = [str(d.date) for d in others if d.date is not None and before(_rank(d.stage))]
    return (max(earlier) if earlier else "", rank)


# --- how a higher court changed a term ------------------------------------------------------------


def previous_term(decision: Decision, before: list[Decision]) -> float | None:
    """The last term imposed in the same proceeding before a higher court's decision, for
    'reduced'/'upheld' (a later trial's term is not what an appeal changed).

    A higher court's decision not certainly dated before this one (the same day, or a month that
    contains it: 'Mar 2012' beside '6 Mar 2012') may be another document's account of the same
    decision, so it is not taken as the term this decision changed."""
    for earlier in reversed([d for d in before if d.case_id == decision.case_id]):
        if _maybe_the_same_review(earlier, decision):
            continue
        if earlier.has_term and earlier.term_min == earlier.term_max and earlier.term_unit == decision.term_unit:
            return float(earlier.term_min)
    return None


def _maybe_the_same_review(earlier: Decision, decision: Decision) -> bool:
    if earlier.stage not in HIGHER_COURT_STAGES or earlier.date is None or decision.date is None:
        return False
    return not date_after(str(decision.date), str(earlier.date))


def change(decision: Decision, before: list[Decision]) -> str | None:
    """'reduced', 'increased' or 'upheld': what a higher court did to the last single term imposed
    before it (None when it is not a higher court's decision on a single term of the same unit)."""
    if decision.stage not in HIGHER_COURT_STAGES or not decision.has_term or decision.term_min != decision.term_max:
        return None
    previous = previous_term(decision, before)
    if previous is None:
        return None
    return "reduced" if decision.term_min < previous else "increased" if decision.term_min > previous else "upheld"


# --- the profile --------------------------------------------------------------------------------


def torture_table(tables: dict[str, pd.DataFrame]) -> pd.DataFrame | None:
    found = tables.get("torture_allegations")
    return found if isinstance(found, pd.DataFrame) else None


def conflicts_about(case: pd.Series, conflicts: pd.DataFrame | None) -> pd.DataFrame:
    """Rows of the conflicts table about this person (named in the subject, by whole name or
    alias, or by surname with a possessive), other than conflicts about charges (the charges
    paragraph shows each document's wording), and with accounts to show."""
    if not isinstance(conflicts, pd.DataFrame) or conflicts.empty:
        return pd.DataFrame(columns=["subject", "source_ids", "accounts"])
    names = [case["defendant"], *aliases(case)]
    surname = str(case["defendant"]).split()[-1]
    # Whole names only: an alias "Ali" is no match for "Alina's term".
    pattern = re.compile(
        "|".join([rf"(?<!\w){re.escape(n)}(?!\w)" for n in names] + [rf"\b{re.escape(surname)}['’]s\b"])
    )
    subjects = conflicts["subject"].astype(str)
    about = subjects.map(lambda s: bool(pattern.search(s)) and not _CHARGE_SUBJECT.search(s))
    return conflicts[about & conflicts["accounts"].notna()]


def co_defendants(case: pd.Series, cases: pd.DataFrame) -> tuple[list[str], list[str]]:
    """The other named people of the same proceedings (group counts left out), and their documents."""
    if pd.isna(case["proceeding"]):
        return [], []
    same = cases[
        (cases["proceeding"] == case["proceeding"])
        & ~cases["is_group"].astype(bool)
        & (cases["case_id"] != case["case_id"])
    ]
    return list(dict.fromkeys(same["defendant"])), list(dict.fromkeys(same["source_id"]))


def aliases(case: pd.Series) -> list[str]:
    value = case.get("aliases")
    return [a.strip() for a in str(value).split(";") if a.strip()] if pd.notna(value) else []


def trials_of(case: pd.Series, cases: pd.DataFrame) -> pd.DataFrame:
    """Every proceeding of the person `case` belongs to (itself first when it is the only one)."""
    person = case.get("person_id")
    if person is None or pd.isna(person) or "person_id" not in cases:
        return cases[cases["case_id"] == case["case_id"]]
    return cases[cases["person_id"] == person]


def profile_sources(case: pd.Series, tables: dict[str, pd.DataFrame], found: list[Decision]) -> list[str]:
    """Every document the profile cites, in order of first mention."""
    trials = trials_of(case, tables["cases"])
    ids = [*trials["source_id"], *co_defendants(case, tables["cases"])[1], *[s for d in found for s in d.source_ids]]
    ids += tables["charges"].loc[tables["charges"]["case_id"].isin(trials["case_id"]), "source_id"].tolist()
    statuses = tables.get("statuses")
    if isinstance(statuses, pd.DataFrame):
        ids += statuses.loc[statuses["case_id"].isin(trials["case_id"]), "source_id"].tolist()
    torture = torture_table(tables)
    if torture is not None:
        ids += torture.loc[torture["case_id"].isin(trials["case_id"]), "source_id"].tolist()
    numbers = bibliography_numbers(tables["sources"])
    return sorted(dict.fromkeys(ids), key=lambda s: numbers.get(s, len(numbers) + 1))


def _trials(row: pd.Series) -> list[str]:
    """A ranked person's proceedings (a frame without `case_ids`: the row's own case)."""
    found = row.get("case_ids")
    return list(found) if isinstance(found, list) else [row["case_id"]]


def decision_years(chosen: pd.DataFrame, sentences: pd.DataFrame) -> tuple[int, int] | None:
    """The first and last year of the chosen people's dated decisions."""
    trials = [c for _, row in chosen.iterrows() for c in _trials(row)]
    dates = sentences.loc[sentences["case_id"].isin(trials), "date"].dropna()
    if dates.empty:
        return None
    years = dates.str[:4].astype(int)
    return int(years.min()), int(years.max())
