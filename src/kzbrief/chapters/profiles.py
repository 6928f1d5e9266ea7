"""The case profiles' facts: who is profiled, by which rule, and what the documents record of
each person (facts of the case, charges, decisions in date order, torture allegations, the
documents' disagreements, the latest reported decision and the document that dates it).

`compute(tables, params)` is pure: frames in, `Facts` out, no English and no HTML. The wording
is in the templates `profiles/*.md`.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .. import config
from ..analysis import profiles as pr
from ..analysis import sentencing
from ..analysis import statuses as st
from ..domain import HIGHER_COURT_STAGES, PLEA_LABELS
from ..facts import Facts, fact, group

TERM_UNITS = ("years", "months")


def compute(tables: Mapping[str, pd.DataFrame], params: Mapping) -> Facts:
    """The chapter's facts for the selection `params` describes (events, start_year, end_year,
    term_unit, n_profiles)."""
    unit = params.get("term_unit", "years")
    if unit not in TERM_UNITS:
        raise ValueError(f"term_unit must be 'years' or 'months', not {unit!r}")
    pool = sentencing.select_cases(
        tables["cases"],
        tables["sentences"],
        tables["events"],
        event_ids=params.get("events", []),
        start_year=params["start_year"],
        end_year=params.get("end_year"),
        include_group_rows=False,
    )
    choice = pr.choose(pr.ranking(tables, pool), params.get("n_profiles", 8))
    chosen = pr.in_date_order(choice.chosen, tables["sentences"])
    code_names = config.load(params["data_dir"]).legal_codes
    cases = tables["cases"].set_index("case_id", drop=False)
    decided = pr.decision_years(chosen, tables["sentences"])
    decided_rows = tables["sentences"][tables["sentences"]["case_id"].isin(chosen["case_id"])]
    return group(
        "facts",
        chosen=fact(len(chosen), decided_rows["source_id"], what="named people profiled"),
        pool=fact(choice.pool, what="named people with a recorded decision"),
        everyone=len(chosen) == choice.pool,
        first_year=fact(str(decided[0]), what="first year of the profiled people's decisions") if decided else None,
        last_year=fact(str(decided[1]), what="last year of the profiled people's decisions") if decided else None,
        tied=choice.tied,
        profiles=shared(
            [profile_facts(cases.loc[case_id], tables, unit, code_names) for case_id in chosen["case_id"]],
            [cases.loc[case_id] for case_id in chosen["case_id"]],
            tables,
        ),
    )


def _decision_key(decision: pr.Decision) -> tuple:
    return (
        decision.stage,
        str(decision.date),
        decision.outcome,
        str(decision.term_min),
        str(decision.term_max),
        str(decision.term_unit),
        tuple(decision.source_ids),
        decision.stage_stated,
        tuple(decision.requests),
    )


def _printed(documents: list[Facts]) -> list:
    """What the profile prints of each document's charges (the offence, article and code, or the
    document's words) and the document: equal for two people charged alike."""
    return [
        (
            d.source,
            [(c.family, c.article, c.part, c.code) if c.article else (c.wording, c.quoted) for c in d.charges],
        )
        for d in documents
    ]


def shared(profiles: list[Facts], cases: list[pd.Series], tables: Mapping[str, pd.DataFrame]) -> list[Facts]:
    """Co-defendants share proceedings, charges and decisions: a later profile says "as for
    Maks Bokayev" where an earlier one already gave the same, instead of saying it twice.
    Adds `same_proceeding`, `same_charges` and `same_decisions` (the earlier person's name, and
    for decisions how many of the first ones are shared), and drops the shared decisions."""
    keys = [
        {
            "proceeding": (str(case["proceeding"]), str(case["court"]), str(case["city"])),
            "decisions": [
                _decision_key(d)
                for d in pr.decisions(list(pr.trials_of(case, tables["cases"])["case_id"]), tables["sentences"])
            ],
        }
        for case in cases
    ]
    for i, profile in enumerate(profiles):
        earlier = list(zip(profiles[:i], keys[:i]))
        for other, key in earlier:
            if (
                profile.proceeding
                and key["proceeding"] == keys[i]["proceeding"]
                and "same_proceeding" not in profile.entries
            ):
                profile.entries["same_proceeding"] = other.name
            same = profile.charges and other.charges and _printed(profile.charges.main) == _printed(other.charges.main)
            if same and "same_charges" not in profile.entries:
                profile.entries["same_charges"] = other.name
                profile.entries["same_wording"] = profile.charges.other == other.charges.other
        best, name = 0, None
        for other, key in earlier:
            n = 0
            while (
                n < min(len(key["decisions"]), len(keys[i]["decisions"]))
                and key["decisions"][n] == keys[i]["decisions"][n]
            ):
                n += 1
            if n > best:
                best, name = n, other.name
        if best:
            profile.entries["same_decisions"] = group(
                "shared",
                name=name,
                count=fact(best, what=f"decisions shared with {name}: {profile.name}"),
                until=profile.decisions[best - 1].date,
            )
            profile.entries["decisions"] = profile.decisions[best:]
    return profiles


# --- one person ----------------------------------------------------------------------------------


def profile_facts(case: pd.Series, tables: Mapping[str, pd.DataFrame], unit: str, code_names: Mapping) -> Facts:
    """What one person's profile prints."""
    trials = pr.trials_of(case, tables["cases"])
    found = pr.decisions(list(trials["case_id"]), tables["sentences"])
    others, others_sources = pr.co_defendants(case, tables["cases"])
    name = case["defendant"]
    proceedings = trials.set_index("case_id")["proceeding"]
    starts = [_new_trial(d, found[:i], case, proceedings) for i, d in enumerate(found)]
    # A later trial's charges are printed where that trial begins, not with the first trial's.
    later_trials = {d.case_id for d, start in zip(found, starts, strict=True) if start}
    decisions = []
    for i, (d, start) in enumerate(zip(found, starts, strict=True)):
        said = decision_facts(d, found[:i], unit, name, start, documents=tables["sources"])
        if start:
            said.entries["charges"] = charge_facts([d.case_id], tables, code_names)
        decisions.append(said)
    return group(
        "profile",
        name=name,
        aliases=pr.aliases(case),
        role=case["role"] if pd.notna(case["role"]) and case["role"] != "other" else None,
        proceeding=case["proceeding"] if pd.notna(case["proceeding"]) else None,
        where=[v for v in (case["court"], case["city"]) if pd.notna(v)] if pd.notna(case["proceeding"]) else [],
        others=others,
        plea=case["plea"] if case["plea"] in PLEA_LABELS else None,
        case_sources=[case["source_id"], *others_sources],
        charges=charge_facts([c for c in trials["case_id"] if c not in later_trials], tables, code_names),
        decisions=decisions,
        torture=torture_facts(case, tables),
        conflicts=[
            group(
                "conflict",
                subject=_inside_sentence(str(row.subject), (name, *pr.aliases(case))),
                accounts=row.accounts,
                sources=_ids(row.source_ids),
            )
            for row in pr.conflicts_about(case, tables.get("conflicts")).itertuples()
        ],
        later=later_facts(list(trials["case_id"]), tables, name),
        status=status_facts(st.of_person(case["case_id"], tables), found, unit, name),
        terms=any(d.has_term for d in found),
        sources=pr.profile_sources(case, tables, found),
    )


def _inside_sentence(subject: str, names: tuple[str, ...]) -> str:
    """A conflict's subject as it reads after 'the documents differ on': "Vladimir Kozlov's court"
    as it is; "Date of the Supreme Court decision" (a table cell's capital) as "the date of …"."""
    if subject.startswith(names) or not subject[:1].isupper() or subject[1:2].isupper():
        return subject
    return f"the {subject[0].lower()}{subject[1:]}"


def _ids(value) -> list[str]:
    return [s for s in str(value).split(";") if s] if pd.notna(value) else []


def term_facts(low: float, high: float, unit: str, display_unit: str, what: str, sources) -> Facts:
    """A term as the parts a reader is given: [(7, 'years'), (6, 'months')] for 7.5 years, one
    part for a range ('3–7 years') or a whole number; terms in years read in months with
    display_unit 'months' (days stay days)."""
    unit = str(unit)
    if unit == "years" and display_unit == "months":
        low, high, unit = low * 12, high * 12, "months"
    if low != high:
        parts = [((_whole(low), _whole(high)), unit)]
    elif unit == "years" and low != int(low) and round((low - int(low)) * 12, 6).is_integer():
        years, months = int(low), int(round((low - int(low)) * 12))
        parts = [(years, "years")] * bool(years) + [(months, "months")]
    else:
        parts = [(_whole(low), unit)]
    return group(
        "term",
        parts=[group("part", amount=fact(amount, sources, what=f"{what} ({u})"), unit=u) for amount, u in parts],
    )


def _whole(value: float):
    return int(value) if float(value).is_integer() else float(value)


def _new_trial(decision: pr.Decision, before: list[pr.Decision], case: pd.Series, proceedings: pd.Series):
    """The proceeding's name (or True when unnamed) on the first decision of a person's later
    proceeding: the profile says a new trial began, so no reader takes it for an appeal."""
    if not before or any(d.case_id == decision.case_id for d in before):
        return None  # the person's first decision, or not the first of its trial
    name = proceedings.get(decision.case_id)
    return name if isinstance(name, str) and name else True


def decision_facts(
    decision: pr.Decision,
    before: list[pr.Decision],
    unit: str,
    name: str,
    new_trial: str | bool | None = None,
    documents: pd.DataFrame | None = None,
) -> Facts:
    """One decision as a profile prints it. An undated decision is dated by its documents
    (`reported`: the newest date of the documents that report it): a status such as "case
    pending" is always a status as of a date."""
    sources = decision.source_ids
    reported = None
    if decision.date is None and documents is not None:
        dates = documents.set_index("source_id")["date"].reindex(list(sources)).dropna().astype(str)
        if len(dates):
            newest = max(dates, key=lambda d: (d[:4], d))
            reported = fact(newest, [s for s in sources if dates.get(s) == newest], what=f"date of the report: {name}")
    term = None
    if decision.has_term:
        term = term_facts(
            float(decision.term_min), float(decision.term_max), decision.term_unit, unit, f"term: {name}", sources
        )
    return group(
        "decision",
        date=fact(decision.date, sources, what=f"date of a decision: {name}") if decision.date is not None else None,
        reported=reported,
        stage=decision.stage if decision.stage_stated else None,
        code=decision.stage,
        outcome=decision.outcome,
        term=term,
        life=decision.life,
        higher=decision.stage in HIGHER_COURT_STAGES,
        change=pr.change(decision, before),
        new_trial=new_trial,
        sources=sources,
        requests=[
            group("request", term=term_facts(t, t, u, unit, f"prosecutor's request: {name}", ids), source=ids)
            for (t, u), ids in _same_requests(decision.requests).items()
        ],
    )


def _same_requests(requests) -> dict[tuple[float, str], tuple[str, ...]]:
    """The prosecutor's requests by term, each with every document that reports it: one request
    two documents report is said once, citing both."""
    found: dict[tuple[float, str], list[str]] = {}
    for term, unit, source in requests:
        ids = found.setdefault((term, unit), [])
        if source not in ids:
            ids.append(source)
    return {key: tuple(ids) for key, ids in found.items()}


def status_facts(status: st.Latest | None, found: list[pr.Decision], unit: str, name: str) -> Facts | None:
    """The person's latest recorded status: the latest of the decisions and of the later statuses
    (statuses.csv), with its date and the document that reports it (a decision without a date is
    dated by its newest document). Always the documents', never the situation today."""
    if status is None:
        return None
    decision = None
    if status.decision is not None:
        key = _decision_key(status.decision)
        before = next((found[:i] for i, d in enumerate(found) if _decision_key(d) == key), [])
        decision = decision_facts(status.decision, before, unit, name)
    return group(
        "status",
        as_of=fact(status.date, (status.source,), what=f"date of the latest status: {name}") if status.date else None,
        source=status.source,
        decision=decision,
        later=status.status,
        named_only=status.named_only,
    )


def later_facts(case_ids: list[str], tables: Mapping[str, pd.DataFrame], name: str) -> list[Facts]:
    """The person's later statuses outside the courts (statuses.csv, of any of the person's
    proceedings), in date order."""
    rows = st.statuses_table(tables)
    rows = rows[rows["case_id"].isin(case_ids)].sort_values("date", kind="stable")
    return [
        group(
            "later",
            date=fact(row.date, (row.source_id,), what=f"date of a later status: {name}"),
            status=row.status,
            source=row.source_id,
        )
        for row in rows.itertuples()
    ]


def charge_facts(case_ids: list[str], tables: Mapping[str, pd.DataFrame], code_names: Mapping) -> Facts | None:
    """The charges each document reports, by document: the offence family where an article is
    mapped, else the document's words; documents that give no article, when another does, are
    the other documents' wording (quoted)."""
    charges = tables["charges"][tables["charges"]["case_id"].isin(case_ids)]
    if charges.empty:
        return None
    families = tables["offence_families"].set_index(["code", "article"])["family"]
    numbered = set(charges.loc[charges["article"].notna(), "source_id"])
    main, other = [], []
    for source_id, part in charges.groupby("source_id", sort=False):
        wording = bool(numbered) and source_id not in numbered
        items = [
            group(
                "charge",
                family=families.get((row.code, row.article), row.label) if pd.notna(row.article) else None,
                article=row.article if pd.notna(row.article) else None,
                part=row.part if pd.notna(row.part) else None,
                code=code_names.get(row.code, row.code),
                wording=row.label,
                quoted=wording,
            )
            for row in part.itertuples()
        ]
        (other if wording else main).append(group("document", source=source_id, charges=items))
    return group("charges", main=main, other=other)


def torture_facts(case: pd.Series, tables: Mapping[str, pd.DataFrame]) -> Facts | None:
    """The torture allegations about this person with the response each document reports; without
    the allegations table, the case's own flag."""
    torture = pr.torture_table(tables)
    if torture is None:
        if case["torture_alleged"] == "true":
            return group("torture", flag_only=True, source=case["source_id"], allegations=[])
        return None
    own = torture[torture["case_id"].isin(pr.trials_of(case, tables["cases"])["case_id"])]
    if own.empty:
        return None
    return group(
        "torture",
        flag_only=False,
        source=case["source_id"],
        allegations=[
            group(
                "allegation",
                quote=row.allegation_quote,
                source=row.source_id,
                body=row.response_body,
                response=row.response,
                date=row.response_date if pd.notna(row.response_date) else None,
                response_quote=row.response_quote if pd.notna(row.response_quote) else None,
            )
            for row in own.itertuples()
        ],
    )
