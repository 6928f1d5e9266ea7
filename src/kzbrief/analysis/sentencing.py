"""Sentencing statistics: who was prosecuted, how it ended, for how long, under which articles.

Two rules run through every function here, because the data breaks cases down in two ways:

* A named defendant reported by several documents is one person: their rows are merged, and
  where the documents disagree both figures are kept.
* A group row is one document's count of people it does not name. Counts of the same trial by
  different documents overlap, so they are never added up: they are shown side by side, and
  totals take the lowest and highest a document allows (interval bounds), not a sum.

A sentence is what a court imposed, not time served.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from ..domain import (
    ADMINISTRATIVE,
    CRIMINAL,
    HIGHER_COURT_STAGES,
    LIFE_TERM,
    OUTCOME_LABELS,
    OUTCOME_PHRASES,
    PRE_TRIAL_OUTCOMES,
    RESPONSE_BODIES,
    RESPONSE_VERBS,
    TRIAL_STAGES,
)
from ..english import join_words, number, plural, span
from ..period import within

DAYS_PER_YEAR = 365.25
MONTHS_PER_YEAR = 12

# Roles of state agents tried for abuses: their sentences are shown beside, never inside, the
# totals for the people the state prosecuted.
STATE_AGENT_ROLES = ("police officer",)


# --- units and intervals ----------------------------------------------------------------------


def to_years(value: float, unit: str) -> float:
    """A term in days, months or years, in years (a year is 365.25 days)."""
    per_year = {"years": 1, "months": MONTHS_PER_YEAR, "days": DAYS_PER_YEAR}
    if unit not in per_year:
        raise ValueError(f"unknown term unit {unit!r}; expected one of {', '.join(per_year)}")
    return float(value) / per_year[unit]


def from_years(years: float, unit: str) -> float:
    """Years in the display unit ('years' or 'months')."""
    return years / to_years(1, unit)


@dataclass(frozen=True)
class Bounds:
    """A closed interval [low, high]: what is known about a quantity reported as a range."""

    low: float
    high: float

    def __post_init__(self):
        if self.low > self.high:
            raise ValueError(f"low {self.low} is above high {self.high}")

    def __add__(self, other: Bounds) -> Bounds:
        return Bounds(self.low + other.low, self.high + other.high)

    def times(self, n: int) -> Bounds:
        """n people each given a term in this interval."""
        return Bounds(self.low * n, self.high * n)

    @property
    def exact(self) -> bool:
        return self.low == self.high

    def in_unit(self, unit: str) -> Bounds:
        """Bounds in years, converted to the display unit."""
        return Bounds(from_years(self.low, unit), from_years(self.high, unit))


ZERO = Bounds(0.0, 0.0)


def hull(bounds: list[Bounds]) -> Bounds:
    """The smallest interval holding all of these: alternative accounts of one quantity."""
    return Bounds(min(b.low for b in bounds), max(b.high for b in bounds))


def format_term(low: float, high: float, unit: str = "years") -> str:
    """'7.5 years', '3–7 years', '90 months' for terms given in years, shown in `unit`."""
    return format_as_given(from_years(low, unit), from_years(high, unit), unit)


def format_as_given(low: float, high: float, unit: str) -> str:
    """A term in the unit a document gives it: '15 days', '2–3 years', '1 year'."""
    if low > high:
        raise ValueError(f"term bounds reversed: {low} > {high}")
    figure = span(number(low), number(high))
    return f"{figure} {unit[:-1] if figure == '1' else unit}"


# --- selecting cases ----------------------------------------------------------------------------


# Stages that record what followed a decision, not a decision about the charge.
FOLLOW_UP_STAGES = ("release", "parole", "pardon")


def case_years(cases: pd.DataFrame, sentences: pd.DataFrame, events: pd.DataFrame) -> pd.Series:
    """The year a case belongs to: its earliest dated sentence row, else its event's start year.
    A release, parole or pardon row never dates a case: it records what followed a decision, and a
    release read years later (Dzhakishev's in 2020) would move his earlier case into 2020."""
    decisions = sentences[~sentences["stage"].isin(FOLLOW_UP_STAGES)]
    dated = decisions.dropna(subset=["date"]).assign(year=lambda f: f["date"].str[:4].astype(int))
    first = dated.groupby("case_id")["year"].min()
    event_year = events.set_index("event_id")["start_date"].str[:4].astype(int)
    from_event = cases["event_id"].map(event_year)
    years = cases["case_id"].map(first).fillna(from_event)
    return pd.Series(years.to_numpy(), index=cases["case_id"].to_numpy(), dtype="Int64")


def named_years(tables: dict[str, pd.DataFrame], selection: Selection) -> str:
    """'2012–2016': the years of the named people the selection prosecuted ('' when none is dated),
    so a sentence about them never borrows the span of the whole data (later events, indexes)."""
    accused = selection.accused
    trials = accused.loc[~accused["is_group"].astype(bool), "case_id"]  # every proceeding of each person
    found = case_years(tables["cases"], tables["sentences"], tables["events"]).reindex(trials).dropna()
    return span(int(found.min()), int(found.max())) if len(found) else ""


def with_persons(cases: pd.DataFrame) -> pd.DataFrame:
    """`cases` with person_id filled in: empty (or a frame without the column) means the case is
    its person's only proceeding, the meaning the loader gives an empty cell."""
    if "person_id" in cases and not cases["person_id"].isna().any():
        return cases
    own = cases["case_id"]
    return cases.assign(person_id=cases["person_id"].fillna(own) if "person_id" in cases else own)


def select_cases(
    cases: pd.DataFrame,
    sentences: pd.DataFrame,
    events: pd.DataFrame,
    *,
    event_ids=(),
    start_year: int,
    end_year: int | None,
    include_group_rows: bool = True,
    include_undated: bool = True,
) -> pd.DataFrame:
    """The cases a chapter covers, with a `year` column; undated cases only if asked for."""
    cases = with_persons(cases)
    chosen = cases.assign(year=case_years(cases, sentences, events).reindex(cases["case_id"]).to_numpy())
    if event_ids:
        chosen = chosen[chosen["event_id"].isin(list(event_ids))]
    if not include_group_rows:
        chosen = chosen[~chosen["is_group"].astype(bool)]
    undated = chosen["year"].isna()
    in_period = ~undated & within(chosen["year"].fillna(start_year), start_year, end_year)
    return chosen[in_period | (undated & include_undated)].reset_index(drop=True)


def is_state_agent(cases: pd.DataFrame) -> pd.Series:
    return cases["role"].isin(STATE_AGENT_ROLES)


@dataclass(frozen=True)
class Selection:
    """The cases of a selection, split and prepared as the chapter and the summary both use them."""

    accused: pd.DataFrame  # people the state prosecuted, named and in groups
    agents: pd.DataFrame  # state agents tried for abuses, kept apart
    outcomes: pd.DataFrame  # trial_outcomes(accused)
    named: pd.DataFrame  # named_outcomes(outcomes)
    first_terms: pd.DataFrame  # terms at first instance (and administrative)


def prepare(
    tables: dict[str, pd.DataFrame],
    *,
    event_ids=(),
    start_year: int,
    end_year: int | None,
    include_group_rows: bool = True,
    include_undated: bool = True,
) -> Selection:
    chosen = select_cases(
        tables["cases"],
        tables["sentences"],
        tables["events"],
        event_ids=event_ids,
        start_year=start_year,
        end_year=end_year,
        include_group_rows=include_group_rows,
        include_undated=include_undated,
    )
    agent = is_state_agent(chosen)
    accused = chosen[~agent]
    outcomes = trial_outcomes(accused, tables["sentences"])
    return Selection(
        accused=accused,
        agents=chosen[agent],
        outcomes=outcomes,
        named=named_outcomes(outcomes),
        first_terms=terms(accused, tables["sentences"], stages=("first_instance", "administrative")),
    )


def custodial_person_years(terms_: pd.DataFrame, outcomes: pd.DataFrame) -> PersonYears:
    """person_years() over the prison sentences among `terms_` and `outcomes`."""
    return person_years(terms_[terms_["outcome"] == "custodial"], outcomes[outcomes["outcome"] == "custodial"])


def imprisonment(selection: Selection) -> PersonYears:
    """Person-years of imprisonment imposed at first instance on the people the state prosecuted."""
    return custodial_person_years(selection.first_terms, selection.outcomes)


# --- outcomes -----------------------------------------------------------------------------------


RETRIAL = "retrial"
# The stages at which a person is tried (a retrial replaces the annulled verdict).
TRIED = ("first_instance", "administrative", RETRIAL)


def trial_outcomes(cases: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """How each case ended, per document: one criminal outcome, plus administrative ones apart.

    The criminal outcome is the first-instance row (or an amnesty that ended the case), or the
    verdict of a retrial that replaced it. Cases
    that only have higher-court rows are subsets of another row (for example the people the
    Supreme Court released, out of a group sentenced at first instance): they are not counted
    again here. A person can have both an administrative and a criminal outcome.
    """
    rows = sentences.merge(with_persons(cases), on="case_id", suffixes=("", "_case"))
    # A retrial's verdict replaces the annulled first-instance one: it is the case's outcome.
    stages = (RETRIAL, *TRIAL_STAGES)
    criminal = rows[rows["stage"].isin(stages)].copy()
    criminal["rank"] = criminal["stage"].map({s: i for i, s in enumerate(stages)})
    criminal = (
        criminal.sort_values(["case_id", "source_id", "rank"], kind="stable")
        .drop_duplicates(["case_id", "source_id"])
        .assign(kind=CRIMINAL)
    )
    administrative = rows[rows["stage"] == ADMINISTRATIVE].drop_duplicates(["case_id", "source_id"])
    columns = [
        "case_id",
        "person_id",
        "defendant",
        "is_group",
        "n_persons",
        "role",
        "event_id",
        "proceeding",
        "kind",
        "stage",
        "outcome",
        "date",
        "source_id",
    ]
    return pd.concat([criminal, administrative.assign(kind=ADMINISTRATIVE)])[columns].reset_index(drop=True)


def named_outcomes(outcomes: pd.DataFrame) -> pd.DataFrame:
    """One row per named defendant and kind of proceeding, documents merged.

    `outcome` is the outcome all documents agree on; where they disagree it lists each one
    ('prison / suspended sentence'), so a conflict shows instead of being resolved.

    A case a document reports as still pending, when another document reports its verdict, is
    not a disagreement: the verdict came after the time the case was pending (the 2016 report's
    'trial due to begin', a later report's sentence). The pending row is left out here; it stays
    in the data and in the person's dated decisions.
    """
    named = outcomes[~outcomes["is_group"].astype(bool)]
    # A verdict another document reports annulled by a retrial is not a rival outcome.
    retried = set(named.loc[named["stage"] == RETRIAL, "case_id"])
    named = named[~(named["case_id"].isin(retried) & (named["stage"] != RETRIAL))]
    pending = named["outcome"] == "pending"
    decided = named.loc[~pending, ["case_id", "kind"]].drop_duplicates()
    superseded = pd.MultiIndex.from_frame(named[["case_id", "kind"]]).isin(pd.MultiIndex.from_frame(decided))
    named = named[~(pending & superseded)]
    merged = (
        named.groupby(["case_id", "kind"], sort=False)
        .agg(
            person_id=("person_id", "first"),
            defendant=("defendant", "first"),
            role=("role", "first"),
            event_id=("event_id", "first"),
            proceeding=("proceeding", "first"),
            date=("date", "min"),
            outcomes=("outcome", lambda s: list(dict.fromkeys(s))),
            source_ids=("source_id", lambda s: list(dict.fromkeys(s))),
        )
        .reset_index()
    )
    merged["outcome"] = merged["outcomes"].map(lambda found: found[0] if len(found) == 1 else "conflicting")
    return merged


def outcome_counts(named: pd.DataFrame) -> pd.DataFrame:
    """Named defendants per outcome, in order of severity (administrative outcomes apart). A
    person tried more than once counts once under each outcome their trials had."""
    people = named["person_id"] if "person_id" in named else named["case_id"]
    counts = (
        named.assign(person=people).groupby(["kind", "outcome"])["person"].nunique().rename("persons").reset_index()
    )
    order = {o: i for i, o in enumerate([*OUTCOME_LABELS, "conflicting"])}
    counts["order"] = counts["outcome"].map(order)
    counts = counts.sort_values(["kind", "order"]).drop(columns="order")
    counts["label"] = counts["outcome"].map(lambda o: OUTCOME_LABELS.get(o, "documents disagree"))
    return counts.reset_index(drop=True)


def group_accounts(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Each document's breakdown of the people it counts only as groups: trial × document.

    Columns are outcomes (persons), plus `total`. Rows are alternative accounts where two
    documents count the same trial: compare them, never add them.
    """
    groups = outcomes[outcomes["is_group"].astype(bool) & (outcomes["kind"] == CRIMINAL)]
    if groups.empty:
        return pd.DataFrame(columns=["proceeding", "source_id", "total"])
    table = groups.pivot_table(
        index=["proceeding", "source_id"], columns="outcome", values="n_persons", aggfunc="sum", fill_value=0
    )
    table = table[[o for o in OUTCOME_LABELS if o in table.columns]]
    table["total"] = table.sum(axis=1)
    return table.reset_index().rename_axis(columns=None)


def describe_breakdown(account: pd.Series) -> str:
    """'13 sent to prison, 16 given suspended sentences, 5 amnestied and 3 acquitted' for one account."""
    parts = [
        f"{int(account[o])} {OUTCOME_PHRASES[o]}"
        for o in OUTCOME_LABELS
        if o in account.index and pd.notna(account[o]) and int(account[o]) > 0
    ]
    return join_words(parts)


# --- terms --------------------------------------------------------------------------------------


TERM_COLUMNS = [
    "case_id",
    "person_id",
    "defendant",
    "is_group",
    "n_persons",
    "role",
    "proceeding",
    "stage",
    "outcome",
    "date",
    "low",
    "high",
    "exact",
    "as_given",
    "source_ids",
]


def terms(cases: pd.DataFrame, sentences: pd.DataFrame, stages=("first_instance",)) -> pd.DataFrame:
    """Sentence terms in years, one row per case, stage and distinct term.

    Documents that report the same term for a named defendant are merged into one row (their
    source_ids listed); documents that report different terms keep a row each. `exact` is
    False for a range reported for a group ('3 to 7 years' each). `low` and `high` are in
    years; `as_given` is the term in the document's own unit ('15 days').
    """
    rows = sentences[sentences["stage"].isin(stages) & sentences["term_min"].notna()]
    rows = rows.merge(
        with_persons(cases)[["case_id", "person_id", "defendant", "is_group", "n_persons", "role", "proceeding"]],
        on="case_id",
    )
    if rows.empty:
        return pd.DataFrame(columns=TERM_COLUMNS)
    rows = rows.assign(
        low=[to_years(v, u) for v, u in zip(rows["term_min"], rows["term_unit"])],
        high=[to_years(v, u) for v, u in zip(rows["term_max"], rows["term_unit"])],
        as_given=[
            format_as_given(lo, hi, u) for lo, hi, u in zip(rows["term_min"], rows["term_max"], rows["term_unit"])
        ],
    )
    rows["merge_key"] = _account_key(rows)
    merged = (
        rows.groupby(["merge_key", "stage", "outcome", "low", "high"], sort=False)
        .agg(
            case_id=("case_id", "first"),
            person_id=("person_id", "first"),
            defendant=("defendant", "first"),
            is_group=("is_group", "first"),
            n_persons=("n_persons", "first"),
            role=("role", "first"),
            proceeding=("proceeding", "first"),
            date=("date", "min"),
            as_given=("as_given", "first"),
            source_ids=("source_id", lambda s: list(dict.fromkeys(s))),
        )
        .reset_index()
        .drop(columns="merge_key")
    )
    merged["exact"] = merged["low"] == merged["high"]
    return merged[TERM_COLUMNS]


@dataclass(frozen=True)
class PersonYears:
    """Bounds on the imprisonment imposed, and on the number of people it was imposed on."""

    years: Bounds
    persons: Bounds
    exact_rows: int
    range_rows: int
    persons_without_term: int  # in custodial rows whose documents give no term: outside the bounds

    @property
    def empty(self) -> bool:
        return self.persons.high == 0


def person_years(custodial_terms: pd.DataFrame, custodial_outcomes: pd.DataFrame) -> PersonYears:
    """Person-years of imprisonment imposed, as bounds, by interval arithmetic.

    Per trial: documents' group counts of the same trial are alternative accounts, so the trial
    contributes the hull of their sums (lowest low, highest high), not their total. A named
    defendant in a trial that also has a group count may be one of the group: the low bound
    assumes they are, the high bound that they are not. Named defendants reported by several
    documents with different terms contribute the hull of those terms.
    `custodial_terms` comes from `terms`, `custodial_outcomes` from `trial_outcomes`; both
    filtered to custodial sentences.
    """
    years, persons = ZERO, ZERO
    group_terms = custodial_terms[custodial_terms["is_group"].astype(bool)]
    named_terms = custodial_terms[~custodial_terms["is_group"].astype(bool)]
    grouped_trials = set(group_terms["proceeding"])
    surely_counted: dict[str, bool] = {}  # person -> outside any group count in at least one trial
    for _, named in named_terms.groupby("case_id"):
        # Each proceeding's term adds: a person sentenced twice was given both terms.
        term = hull([Bounds(r.low, r.high) for r in named.itertuples()])
        maybe_in_group = named["proceeding"].iloc[0] in grouped_trials
        years += Bounds(0.0 if maybe_in_group else term.low, term.high)
        person = named["person_id"].iloc[0]
        surely_counted[person] = surely_counted.get(person, False) or not maybe_in_group
    for surely in surely_counted.values():
        persons += Bounds(1.0 if surely else 0.0, 1.0)
    for _, trial in group_terms.groupby("proceeding"):
        accounts_years, accounts_persons = [], []
        for _, account in trial.assign(source=trial["source_ids"].str[0]).groupby("source"):
            n = account["n_persons"].astype(int)
            accounts_years.append(sum((Bounds(r.low, r.high).times(k) for r, k in zip(account.itertuples(), n)), ZERO))
            accounts_persons.append(Bounds(float(n.sum()), float(n.sum())))
        years += hull(accounts_years)
        persons += hull(accounts_persons)
    # Custodial groups whose trial has no document giving terms: people known, years not.
    with_terms = set(custodial_terms["case_id"]) | grouped_trials
    untermed = custodial_outcomes[
        custodial_outcomes["is_group"].astype(bool)
        & ~custodial_outcomes["case_id"].isin(with_terms)
        & ~custodial_outcomes["proceeding"].isin(grouped_trials)
    ]
    without = int(untermed.groupby("proceeding")["n_persons"].max().sum()) if len(untermed) else 0
    return PersonYears(
        years=years,
        persons=persons,
        exact_rows=int(custodial_terms["exact"].sum()),
        range_rows=int((~custodial_terms["exact"].astype(bool)).sum()),
        persons_without_term=without,
    )


# --- appeals ------------------------------------------------------------------------------------


def appeal_changes(cases: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """First-instance sentence beside what a higher court made of it, per case and document.

    A first-instance row that records a change before trial (a case still pending, charges
    dropped) is not the decision a higher court reviewed, so it is not compared with it.

    A group a document reports only at a higher court (the UPR submission's 6 the Supreme Court
    released and 7 whose sentences it upheld) is part of a group the same document reports
    sentenced at first instance in the same trial: that group's decision and term are its first
    instance, and `first_of` gives that group's size (the term is the range given for all of
    them). It is taken only where the document gives exactly one such group: a release from
    custody or an upheld prison sentence comes from a prison sentence, any other decision from the
    same outcome, in a group at least as large."""
    first = sentences[(sentences["stage"] == "first_instance") & ~sentences["outcome"].isin(PRE_TRIAL_OUTCOMES)]
    later = sentences[sentences["stage"].isin(HIGHER_COURT_STAGES)].assign(later_row=lambda x: range(len(x)))
    rows = later.merge(first, on="case_id", suffixes=("_later", "_first"), how="left")
    rows = rows.merge(cases[["case_id", "defendant", "is_group", "n_persons", "proceeding"]], on="case_id")
    rows = _first_instance_of_the_whole_group(rows, cases, first)
    # A document's account of a higher court is compared with its own first instance when it gives
    # one; another document's higher-court decision in the same case, with any document's (each
    # higher-court row is kept: one document giving both never hides another's appeal).
    own = rows["source_id_first"] == rows["source_id_later"]
    same_source = rows["source_id_first"].isna() | own
    fallback = ~rows["later_row"].isin(rows.loc[own, "later_row"])
    rows = rows[same_source | fallback]
    out = pd.DataFrame(
        {
            "case_id": rows["case_id"],
            "defendant": rows["defendant"],
            "is_group": rows["is_group"],
            "n_persons": rows["n_persons"],
            "proceeding": rows["proceeding"],
            "first_outcome": rows["outcome_first"],
            "first_years": _years(rows, "_first"),
            "first_term": _as_given(rows, "_first"),
            "first_of": rows["first_of"].astype("Int64"),
            "later_stage": rows["stage_later"],
            "later_date": rows["date_later"],
            "later_outcome": rows["outcome_later"],
            "later_term": _as_given(rows, "_later"),
            "later_years": _years(rows, "_later"),
            "source_id": rows["source_id_later"],
        }
    )
    out["change_years"] = out["later_years"] - out["first_years"]
    return out.drop_duplicates(["case_id", "later_stage", "later_outcome", "source_id"]).reset_index(drop=True)


FIRST_COLUMNS = ["outcome", "term_min", "term_max", "term_unit", "date", "source_id"]


def _first_instance_of_the_whole_group(rows: pd.DataFrame, cases: pd.DataFrame, first: pd.DataFrame) -> pd.DataFrame:
    """Group rows without a first instance of their own get the one of the group they are part
    of (see appeal_changes); `first_of` is that group's size, NA where the row has its own."""
    rows = rows.assign(first_of=pd.NA)
    lacking = rows["is_group"].astype(bool) & rows["outcome_first"].isna()
    if not lacking.any():
        return rows
    whole = first.merge(cases[["case_id", "is_group", "n_persons", "proceeding"]], on="case_id")
    whole = whole[whole["is_group"].astype(bool)]
    rows = rows.astype({f"{c}_first": object for c in FIRST_COLUMNS} | {"first_of": object})
    for i in rows.index[lacking]:
        row = rows.loc[i]
        reviewed = "custodial" if row["outcome_later"] in ("released", "custodial") else row["outcome_later"]
        candidates = whole[
            (whole["source_id"] == row["source_id_later"])
            & (whole["proceeding"] == row["proceeding"])
            & (whole["outcome"] == reviewed)
            & (whole["n_persons"].astype(int) >= int(row["n_persons"]))
            & (whole["case_id"] != row["case_id"])
        ]
        if len(candidates) == 1:
            found = candidates.iloc[0]
            for column in FIRST_COLUMNS:
                rows.at[i, f"{column}_first"] = found[column]
            rows.at[i, "first_of"] = int(found["n_persons"])
    return rows


def _as_given(rows: pd.DataFrame, suffix: str) -> list:
    """Each row's term in the document's own unit ('3–7 years'), NA without one."""
    bounds = zip(rows[f"term_min{suffix}"], rows[f"term_max{suffix}"], rows[f"term_unit{suffix}"])
    return [format_as_given(lo, hi, u) if pd.notna(lo) and pd.notna(hi) else pd.NA for lo, hi, u in bounds]


def _years(rows: pd.DataFrame, suffix: str) -> pd.Series:
    """Exact terms in years (ranges give NA: a change cannot be computed from two ranges)."""
    low, high, unit = rows[f"term_min{suffix}"], rows[f"term_max{suffix}"], rows[f"term_unit{suffix}"]
    values = [to_years(lo, u) if pd.notna(lo) and lo == hi else pd.NA for lo, hi, u in zip(low, high, unit)]
    return pd.Series(values, index=rows.index, dtype="Float64")


# --- pleas and torture allegations --------------------------------------------------------------


def plea_and_outcome(cases: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Co-defendants of one trial whose pleas are reported, with their first-instance sentence.

    Only trials where at least two defendants' pleas are known: a plea means something only
    beside a co-defendant's in the same trial.
    """
    known = cases[cases["plea"] != "unknown"]
    trials = known.groupby("proceeding")["case_id"].transform("size") >= 2
    chosen = known[trials]
    first = terms(chosen, sentences)
    outcome = trial_outcomes(chosen, sentences)
    outcome = outcome[outcome["kind"] == CRIMINAL].drop_duplicates("case_id").set_index("case_id")["outcome"]
    term = first.drop_duplicates("case_id").set_index("case_id")
    request = sentences.dropna(subset=["prosecutor_request"]).drop_duplicates("case_id").set_index("case_id")
    return pd.DataFrame(
        {
            "proceeding": chosen["proceeding"].to_numpy(),
            "case_id": chosen["case_id"].to_numpy(),
            "defendant": chosen["defendant"].to_numpy(),
            "plea": chosen["plea"].to_numpy(),
            "outcome": chosen["case_id"].map(outcome).to_numpy(),
            "years": chosen["case_id"].map(term["low"].where(term["exact"])).astype("Float64").to_numpy(),
            "prosecutor_request_years": chosen["case_id"]
            .map(request["prosecutor_request"])
            .astype("Float64")
            .to_numpy(),
        }
    )


# --- charges ------------------------------------------------------------------------------------


def charged_offences(charges: pd.DataFrame, families: pd.DataFrame, cases: pd.DataFrame) -> pd.DataFrame:
    """Charges per case, one row per case and offence, with the offence family.

    Where a case has charges with article numbers, other documents' wordings of the same
    charges without numbers are alternative descriptions, not extra charges, and are dropped.
    Charges without an article keep the document's words as their family; a label joining
    several charges with ' / ' is split into one charge each.
    """
    numbered_cases = set(charges.loc[charges["article"].notna(), "case_id"])
    numbered = charges[charges["article"].notna()].merge(
        families[["code", "article", "family"]], on=["code", "article"], how="left"
    )
    numbered["article_ref"] = numbered["code"] + " Art. " + numbered["article"]
    worded = charges[charges["article"].isna() & ~charges["case_id"].isin(numbered_cases)].copy()
    worded["family"] = worded["label"].str.split(" / ")
    worded = worded.explode("family")
    worded["family"] = worded["family"].str.strip()
    worded["article_ref"] = "article not given"
    rows = pd.concat([numbered, worded])[["case_id", "family", "article_ref", "source_id"]]
    columns = ["case_id", "person_id", "defendant", "is_group", "n_persons", "proceeding", "role"]
    return rows.merge(with_persons(cases)[columns], on="case_id")


def offence_counts(offences: pd.DataFrame) -> pd.DataFrame:
    """Per offence family: the articles, named defendants charged, and the largest group count.

    `persons_in_group_counts` is the most people one document counts, in its group rows, for
    one trial charged with the offence: a figure of one document, never a sum across documents
    (documents count the same trial in overlapping groups) nor across trials (a total of one
    trial's largest count and another's would mix documents). Named defendants and group counts
    stay in separate columns: a named person may be inside a group count.
    """
    rows = []
    for family, part in offences.groupby("family", sort=False):
        named = part[~part["is_group"].astype(bool)]
        groups = part[part["is_group"].astype(bool)].drop_duplicates(["case_id", "source_id"])
        per_account = groups.groupby(["proceeding", "source_id"])["n_persons"].sum()
        articles = sorted(set(part["article_ref"]) - {"article not given"}) or ["article not given"]
        rows.append(
            {
                "offence": family,
                "articles": "; ".join(articles),
                "named_defendants": named["person_id"].nunique(),
                "persons_in_group_counts": int(per_account.max()) if len(per_account) else 0,
                "source_ids": list(dict.fromkeys(part["source_id"])),
            }
        )
    table = pd.DataFrame(
        rows, columns=["offence", "articles", "named_defendants", "persons_in_group_counts", "source_ids"]
    )
    table["with_article"] = table["articles"] != "article not given"
    return (
        table.sort_values(
            ["with_article", "named_defendants", "persons_in_group_counts", "offence"],
            ascending=[False, False, False, True],
        )
        .drop(columns="with_article")
        .reset_index(drop=True)
    )


# --- the table of named defendants ----------------------------------------------------------------


def _account_key(rows: pd.DataFrame) -> pd.Series:
    """Rows to merge across documents: a named defendant is one person whoever reports them;
    a group row stays one per document, since different documents' groups are different counts."""
    return rows["case_id"].where(~rows["is_group"].astype(bool), rows["case_id"] + "@" + rows["source_id"])


DEFENDANT_COLUMNS = ["date", "defendant", "role", "charges", "outcome", "term", "later", "sources"]
LATEST_COLUMN = "latest status"


def defendants_table(
    cases: pd.DataFrame,
    sentences: pd.DataFrame,
    offences: pd.DataFrame,
    unit: str = "years",
    latest: Mapping[str, tuple[str, str]] | None = None,
) -> pd.DataFrame:
    """Every named defendant: role, charges, first outcome and term, later changes, sources.
    With `latest` (case_id -> (the latest status in words, its document)), a column "latest
    status" before the sources gives each person's latest dated status and its document."""
    named = cases[~cases["is_group"].astype(bool)]
    outcomes = named_outcomes(trial_outcomes(named, sentences))
    criminal = outcomes[outcomes["kind"] == CRIMINAL].set_index("case_id")
    administrative = outcomes[outcomes["kind"] == ADMINISTRATIVE].set_index("case_id")
    # Each table grouped by case once: looking rows up per case would be quadratic in the cases.
    first = rows_by_case(terms(named, sentences, stages=("first_instance", "administrative")))
    # A retrial's term replaces the annulled verdict's, as its outcome does in `named_outcomes`.
    first |= rows_by_case(terms(named, sentences, stages=(RETRIAL,)))
    later = rows_by_case(appeal_changes(named, sentences))
    own_sentences = rows_by_case(sentences[sentences["case_id"].isin(named["case_id"])])
    for_life = set(sentences.loc[sentences["term_unit"].fillna("").eq(LIFE_TERM), "case_id"])
    own_offences = rows_by_case(offences)
    nothing = pd.DataFrame()
    rows = []
    for case in named.itertuples():
        decided = [f"{OUTCOME_LABELS.get(o, o)}" for o in criminal["outcomes"].get(case.case_id, [])]
        decided += [OUTCOME_LABELS[o] for o in administrative["outcomes"].get(case.case_id, [])]
        decisions = own_sentences.get(case.case_id, nothing)
        charged = own_offences.get(case.case_id, nothing)
        own_sources = [*decisions.get("source_id", []), *charged.get("source_id", [])]
        status = (latest or {}).get(case.case_id)
        # the date of the trial: an undated verdict leaves it empty (a later release is not its date)
        dates = decisions.loc[decisions["stage"].isin(TRIED), "date"].dropna() if len(decisions) else []
        rows.append(
            {
                "date": dates.min() if len(dates) else pd.NA,
                "defendant": case.defendant,
                "role": case.role,
                "charges": "; ".join(dict.fromkeys(charged.get("family", []))) or pd.NA,
                "outcome": " / ".join(dict.fromkeys(decided)) or "no outcome recorded",
                "term": " / ".join(first.get(case.case_id, nothing).get("as_given", []))
                or (LIFE_TERM if case.case_id in for_life else pd.NA),
                "later": "; ".join(_describe_change(r, unit) for r in later.get(case.case_id, nothing).itertuples())
                or pd.NA,
                LATEST_COLUMN: status[0] if status else pd.NA,
                "sources": ", ".join(dict.fromkeys([case.source_id, *own_sources, *([status[1]] if status else [])])),
            }
        )
    columns = DEFENDANT_COLUMNS if latest is None else [*DEFENDANT_COLUMNS[:-1], LATEST_COLUMN, "sources"]
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["date", "defendant"], na_position="last", kind="stable").reset_index(drop=True)


def rows_by_case(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """case_id -> that case's rows of `frame`, in their order."""
    return {case_id: rows for case_id, rows in frame.groupby("case_id", sort=False)} if len(frame) else {}


def _describe_change(row, unit: str) -> str:
    stage = row.later_stage.replace("_", " ")
    result = OUTCOME_LABELS.get(row.later_outcome, row.later_outcome)
    if pd.notna(row.later_years):
        result += f", {format_term(row.later_years, row.later_years, unit)}"
    return f"{stage}: {result}"


# --- the briefing's single count of named defendants ------------------------------------------


def named_prosecuted(selection: Selection) -> pd.DataFrame:
    """The named people the state prosecuted: one row per person the documents name as
    prosecuted (charged, tried, sentenced, held on remand or given administrative detention) in
    the selection, police officers tried for abuses excluded. Group counts are not in it.

    This is the one definition of "named defendants" in the briefing: the sentencing chapter,
    its summary finding and the methods chapter all count `len(named_prosecuted(selection))`.
    """
    accused = selection.accused
    return accused[~accused["is_group"].astype(bool)].drop_duplicates("person_id").reset_index(drop=True)


def named_outcome_counts(selection: Selection) -> pd.DataFrame:
    """`outcome_counts` for the named people the state prosecuted (named_prosecuted): the one
    count of how their cases ended, for the chapter, its finding and the bottom line."""
    named = named_prosecuted(selection)
    return outcome_counts(selection.named[selection.named["person_id"].isin(named["person_id"])])


# --- group counts as each document gives them ----------------------------------------------------


GROUP_OUTCOMES = ("custodial", "suspended", "amnesty", "acquitted")


def group_counts_table(selection: Selection, claims: pd.DataFrame) -> pd.DataFrame:
    """Per trial and document: the total the document states and the part it breaks down.

    One row per (trial, document). `stated` is the document's own total (prosecuted or
    convicted) where it gives one; outcome columns are missing (NA), not 0, where the document
    reports nothing for that outcome. Rows for one trial are alternative accounts: compare
    them, never add them.
    """
    groups = selection.accused[selection.accused["is_group"].astype(bool)]
    outcomes = selection.outcomes[
        selection.outcomes["is_group"].astype(bool) & (selection.outcomes["kind"] == CRIMINAL)
    ]
    outcome_rows = outcomes[outcomes["outcome"].isin(GROUP_OUTCOMES)]
    totals = claims[claims["metric"].isin(["prosecuted", "convicted"])]
    # Rows looked up by key once, not filtered per trial: linear in the groups.
    totals_by = {key: rows for key, rows in totals.groupby(["source_id", "event_id"], sort=False)}
    outcomes_by = {key: rows for key, rows in outcome_rows.groupby(["proceeding", "source_id"], sort=False)}
    event_of = dict(zip(groups["proceeding"].iloc[::-1], groups["event_id"].iloc[::-1]))  # the first row's event
    keys = dict.fromkeys(zip(outcome_rows["proceeding"], outcome_rows["source_id"]))
    # A document's stated total for a trial it gives no breakdown for (e.g. a news report's count of eleven defendants).
    for row in groups.itertuples():
        if (row.source_id, row.event_id) in totals_by:
            keys.setdefault((row.proceeding, row.source_id))
    nothing = totals.iloc[0:0]
    records = []
    for proceeding, source in keys:
        event = event_of[proceeding]
        same = totals_by.get((source, event), nothing)
        mine = outcomes_by.get((proceeding, source), outcome_rows.iloc[0:0])
        record = {
            "proceeding": proceeding,
            "source_id": source,
            "event_id": event,
            "stated": int(same["low"].iloc[0]) if len(same) else pd.NA,
            "stated_metric": same["metric"].iloc[0] if len(same) else pd.NA,
            "stated_quote": same["quote"].iloc[0] if len(same) else pd.NA,
        }
        for outcome in GROUP_OUTCOMES:
            n = mine.loc[mine["outcome"] == outcome, "n_persons"]
            record[outcome] = int(n.sum()) if len(n) else pd.NA
        records.append(record)
    table = pd.DataFrame(
        records,
        columns=["proceeding", "source_id", "event_id", "stated", "stated_metric", "stated_quote", *GROUP_OUTCOMES],
    )
    for outcome in GROUP_OUTCOMES:
        table[outcome] = table[outcome].astype("Int64")
    table["stated"] = table["stated"].astype("Int64")
    return table.sort_values(["event_id", "proceeding", "source_id"], kind="stable").reset_index(drop=True)


# --- terms as drawn: one line per person or per trial ---------------------------------------------


def term_lines(first_terms: pd.DataFrame, sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """The terms chart's lines: a named defendant, or one trial's group given one range.

    Documents that count the same trial's group with the same outcome and range (two reports
    that each count 13 defendants sentenced to 3–7 years) are alternative accounts of one
    group: they make one line, with both documents, never two.
    """
    if first_terms.empty:
        return first_terms.assign(label=pd.Series(dtype="string"))
    named = first_terms[~first_terms["is_group"].astype(bool)].copy()
    groups = first_terms[first_terms["is_group"].astype(bool)]
    merged = (
        groups.groupby(["proceeding", "outcome", "low", "high"], sort=False)
        .agg(
            case_id=("case_id", "first"),
            defendant=("defendant", "first"),
            is_group=("is_group", "first"),
            n_persons=("n_persons", lambda s: "/".join(dict.fromkeys(str(int(v)) for v in s))),
            role=("role", "first"),
            stage=("stage", "first"),
            date=("date", "min"),
            as_given=("as_given", "first"),
            exact=("exact", "first"),
            source_ids=("source_ids", lambda s: list(dict.fromkeys(x for ids in s for x in ids))),
        )
        .reset_index()
    )
    merged["defendant"] = [
        f"{trial_name(p)}: {n} {plural(r, 2)}"
        for p, n, r in zip(merged["proceeding"], merged["n_persons"], merged["role"])
    ]
    named["n_persons"] = named["n_persons"].astype(int).astype(str)
    lines = pd.concat([named, merged], ignore_index=True)
    lines["label"] = [
        (f"{'each ' if g else ''}{a}, {OUTCOME_LABELS.get(o, o)}")
        for g, a, o in zip(lines["is_group"].astype(bool), lines["as_given"], lines["outcome"])
    ]
    return lines[[*TERM_COLUMNS, "label"]]


def longest_lines(lines: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The `limit` lines of term_lines with the longest terms (highest end first, then lowest):
    what a chart of terms can draw legibly, whatever the number of people."""
    return lines.sort_values(["high", "low"], ascending=False, kind="stable").head(limit)


def trial_name(proceeding: str) -> str:
    """'Workers' trial, Port City 2012' -> 'Workers' trial': the proceeding's name without its place."""
    return str(proceeding).split(",")[0]


# A group row's label ends with whose count it is ('... (IWPR count)', '... (ODF 2015)'): the
# table's source column says that already.
_COUNT_LABEL = re.compile(r"\s*\((?:[^()]*\bcount|[A-Z][A-Z0-9 ]*)\)$")


def without_count_label(defendant: str) -> str:
    """'Police officers sentenced (IWPR count)' -> 'Police officers sentenced'."""
    return _COUNT_LABEL.sub("", str(defendant))


# --- releases, parole and refused early release -------------------------------------------------


RELEASE_STAGES = ("release", "parole", "amnesty", "pardon", "supreme_court")


def _release_label(stage: str, outcome: str) -> str | None:
    if stage == "parole":
        return "released on parole" if outcome == "released" else "early release refused"
    if stage == "supreme_court":
        return "released from custody by the Supreme Court" if outcome == "released" else None
    if stage == "amnesty":
        return "released under amnesty"
    if stage == "pardon":
        return "pardoned"
    return "released" if outcome == "released" else None


def first_quote(notes) -> str | pd.NA:
    """The first passage a row's notes quote from its document ('…'), or NA."""
    import re

    if not isinstance(notes, str):
        return pd.NA
    match = re.search(r"'(.+?)'(?=[\s.,;:–—)]|$)", notes)
    return match.group(1) if match else pd.NA


def releases(cases: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """What each document says about release, parole and refused early release, per person or group.

    One row per case, stage and document: `what` in words, `date` as precise as given (NA when
    the document gives none), `words` the document's own words where the row quotes them.
    """
    rows = sentences[sentences["stage"].isin(RELEASE_STAGES) & sentences["case_id"].isin(cases["case_id"])]
    rows = rows.merge(cases[["case_id", "defendant", "is_group", "n_persons", "role"]], on="case_id")
    rows = rows.assign(what=[_release_label(s, o) for s, o in zip(rows["stage"], rows["outcome"])])
    rows = rows[rows["what"].notna()]
    out = pd.DataFrame(
        {
            "case_id": rows["case_id"],
            "defendant": rows["defendant"],
            "is_group": rows["is_group"].astype(bool),
            "n_persons": rows["n_persons"],
            "role": rows["role"],
            "stage": rows["stage"],
            "what": rows["what"],
            "date": rows["date"],
            "words": [first_quote(n) for n in rows["notes"]],
            "source_id": rows["source_id"],
        }
    )
    return out.sort_values(["is_group", "defendant", "date"], na_position="last", kind="stable").reset_index(drop=True)


# --- torture allegations and the responses to them ---------------------------------------------


def torture_responses(allegations: pd.DataFrame, cases: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The allegations of the selected cases, with who they concern, ordered by document date."""
    rows = allegations[allegations["case_id"].isin(cases["case_id"])].merge(
        cases[["case_id", "defendant", "is_group", "n_persons", "role", "proceeding"]], on="case_id"
    )
    dates = sources.set_index("source_id")["date"]
    rows = rows.assign(document_date=rows["source_id"].map(dates))
    return rows.sort_values(["document_date", "source_id"], kind="stable").reset_index(drop=True)


def describe_response(rows: pd.DataFrame) -> str:
    """'the prosecutor's office found no confirmation and refused to open a case' for one document."""
    stated = rows[rows["response"] != "not_stated"]
    parts = []
    for body, part in stated.groupby("response_body", sort=False):
        verbs = join_words(list(dict.fromkeys(RESPONSE_VERBS[r] for r in part["response"])))
        parts.append(f"{RESPONSE_BODIES.get(body, body)} {verbs}")
    return join_words(parts)


# --- police officers ------------------------------------------------------------------------------


def police_accounts(agents: pd.DataFrame, sentences: pd.DataFrame, charges: pd.DataFrame) -> pd.DataFrame:
    """Per police officer or group of officers and document: what they were convicted of, the
    term, and any release, as each document gives them."""
    first = rows_by_case(terms(agents, sentences))
    released = rows_by_case(releases(agents, sentences))
    charged = rows_by_case(charges[charges["case_id"].isin(agents["case_id"])])
    nothing = pd.DataFrame(columns=["as_given", "words", "what", "label"])
    rows = []
    for case in agents.itertuples():
        term = first.get(case.case_id, nothing)
        freed = released.get(case.case_id, nothing)
        rows.append(
            {
                "case_id": case.case_id,
                "defendant": case.defendant,
                "n_persons": int(case.n_persons),
                "event_id": case.event_id,
                "source_id": case.source_id,
                "convicted_of": join_words(list(dict.fromkeys(charged.get(case.case_id, nothing)["label"]))) or pd.NA,
                "term": term["as_given"].iloc[0] if len(term) else pd.NA,
                "release": freed["words"].iloc[0]
                if len(freed) and pd.notna(freed["words"].iloc[0])
                else (freed["what"].iloc[0] if len(freed) else pd.NA),
            }
        )
    return pd.DataFrame(
        rows, columns=["case_id", "defendant", "n_persons", "event_id", "source_id", "convicted_of", "term", "release"]
    )


# --- prosecutions the documents count but name no one in -------------------------------------------

# Claim metrics that count people the state prosecuted or convicted (casualty_estimates.csv).
PROSECUTION_METRICS = ("prosecuted", "convicted")


def unnamed_prosecutions(
    claims: pd.DataFrame,
    events: pd.DataFrame,
    selection: Selection,
    *,
    event_ids=(),
    start_year: int | None = None,
    end_year: int | None = None,
    country: str | None = None,
) -> pd.DataFrame:
    """The counts of people prosecuted or convicted that the documents give, as claims, for events
    for more people than the case table holds for the event (the named, plus the largest number
    one document counts in groups): one row per claim, in event and claim-date order, with `event`
    (the event's name), `figure` (the claim as worded), its bounds `lower`, `upper`, and `named`
    (the people the documents name for the event, often none).

    A sentence that counts "the people the documents name as prosecuted" over "all events" must
    not leave these out silently: an event with 1,205 convictions and no named defendant is not
    an event without prosecutions."""
    from .casualties import claim_bounds, format_figure

    columns = [
        "claim_id",
        "event_id",
        "event",
        "metric",
        "figure",
        "lower",
        "upper",
        "claimant",
        "claim_date",
        "source_id",
        "named",
    ]
    if claims is None or claims.empty:
        return pd.DataFrame(columns=columns)
    chosen = claims[claims["metric"].isin(PROSECUTION_METRICS)]
    if event_ids:
        chosen = chosen[chosen["event_id"].isin(list(event_ids))]
    info = events.set_index("event_id")
    start = chosen["event_id"].map(info["start_date"]).astype("string")
    year = pd.to_numeric(start.str[:4], errors="coerce")
    if start_year is not None:
        chosen = chosen[(year >= int(start_year)).fillna(True).to_numpy()]
        year = year.loc[chosen.index]
    if end_year is not None:
        chosen = chosen[(year <= int(end_year)).fillna(True).to_numpy()]
    # The people the case table holds for each event: the named, plus the largest number one
    # document counts in groups with a recorded decision (never a sum across documents). An event whose totals exceed
    # them (1,205 convicted, 3 named) is counted mostly outside the chapter's figures.
    accused = selection.accused
    named = accused[~accused["is_group"].astype(bool)].groupby("event_id")["case_id"].nunique()
    # a group with no decision and no trial named (people detained, say) is not a count of people tried
    tried = accused["case_id"].isin(selection.outcomes["case_id"]) | accused["proceeding"].notna()
    groups = accused[accused["is_group"].astype(bool) & tried]
    grouped = (
        groups.assign(n=pd.to_numeric(groups["n_persons"], errors="coerce").fillna(0))
        .groupby(["event_id", "source_id"])["n"]
        .sum()
        .groupby(level=0)
        .max()
        if not groups.empty
        else pd.Series(dtype=float)
    )
    held = (
        named.reindex(chosen["event_id"]).fillna(0).to_numpy()
        + grouped.reindex(chosen["event_id"]).fillna(0).to_numpy()
    )
    low = pd.to_numeric(chosen["low"], errors="coerce").fillna(0).to_numpy()
    chosen = chosen[low > held]
    if country is not None and "country" in info.columns:
        # a comparison with another country's events is not a prosecution by this state
        chosen = chosen[(chosen["event_id"].map(info["country"]) == country).to_numpy()]
    if chosen.empty:
        return pd.DataFrame(columns=columns)
    shown = chosen.assign(
        event=chosen["event_id"].map(info["name"]),
        named=chosen["event_id"].map(named).fillna(0).astype(int),
        figure=[format_figure(r.low, r.high, r.qualifier) for r in chosen.itertuples()],
        lower=[claim_bounds(r.low, r.high, r.qualifier)[0] for r in chosen.itertuples()],
        upper=[claim_bounds(r.low, r.high, r.qualifier)[1] for r in chosen.itertuples()],
        _start=chosen["event_id"].map(info["start_date"]).astype("string"),
        _metric=chosen["metric"].map({m: i for i, m in enumerate(PROSECUTION_METRICS)}),
    )
    shown = shown.sort_values(["_start", "event_id", "claim_date", "_metric"], kind="stable")
    return shown[columns].reset_index(drop=True)
