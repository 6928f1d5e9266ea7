"""The sentencing chapter's facts: who the state prosecuted, how their cases ended, the terms
imposed, what higher courts made of them, pleas, release, torture allegations, charges, and the
police officers tried over the same events.

`compute(tables, params)` is pure: frames in, `Facts` out, no prose and no HTML. The wording is
in the templates `sentencing/*.md`. The tables are given ready for `report.table` (a frame, the
source ids its rows rest on, its name), their cells worded as the data and domain.py word them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from .. import citations, config, domain
from ..analysis import coverage
from ..analysis import sentencing as sn
from ..analysis import statuses as st
from ..english import LISTED, format_date
from ..facts import Facts, fact, group
from ..plots.sentencing import TERM_CHART_LINES
from . import selection as selected

TERM_UNITS = ("years", "months")

# What a release statement is, in the three kinds the section's heading names.
RELEASE_KINDS = {"early release refused": "refused", "released on parole": "parole"}


def compute(tables: Mapping[str, pd.DataFrame], params: Mapping) -> Facts:
    """All the facts of the sentencing chapter for the selection `params` describes (the
    notebook's parameters: start_year, end_year, events, include_group_rows, include_undated,
    term_unit)."""
    unit = params.get("term_unit", "years")
    if unit not in TERM_UNITS:
        raise ValueError(f"term_unit must be 'years' or 'months', not {unit!r}")
    event_ids = list(params.get("events") or [])
    selection = selected.cases(tables, params)
    names = tables["events"].set_index("event_id")["name"].to_dict()
    accused = selection.accused
    years = sn.case_years(tables["cases"], tables["sentences"], tables["events"]).reindex(accused["case_id"]).dropna()
    people = sn.named_prosecuted(selection)
    end = params.get("end_year")
    facts = group(
        "facts",
        prosecuted=not accused.empty,
        scope=[names.get(e, e) for e in event_ids],
        start=str(params["start_year"]),
        end=None if end is None else str(end),
        first_year=fact(str(int(years.min())), what="first year of the cases") if len(years) else None,
        last_year=fact(str(int(years.max())), what="last year of the cases") if len(years) else None,
        unit=unit,
        unit_one=unit[:-1],
        named=fact(len(people), people["source_id"], what="named people prosecuted by the state"),
    )
    country = config.load(params["data_dir"]).iso3 if params.get("data_dir") else None
    facts.entries["unnamed"] = unnamed_facts(tables, selection, params, country)
    if accused.empty:
        return facts
    settings = config.load(params["data_dir"])
    offences = sn.charged_offences(tables["charges"], tables["offence_families"], accused)
    groups = sn.group_counts_table(selection, tables["casualty_estimates"])
    facts.entries.update(
        groups=group_facts(groups, tables["sources"]),
        outcomes=outcome_facts(selection, tables["sources"]),
        terms=term_facts(selection, unit, tables["sources"]),
        appeals=appeal_facts(accused, tables["sentences"], tables["sources"], unit),
        pleas=plea_facts(accused, tables["sentences"], unit),
        releases=release_facts(accused, tables["sentences"], tables["sources"]),
        torture=torture_facts(tables["torture_allegations"], accused, tables["sources"]),
        torture_scope=torture_scope_facts(tables, selection, params, settings.iso3),
        charges=charge_facts(offences, tables["sources"], settings.legal_codes),
        police=police_facts(selection, tables, unit),
        defendants=defendant_facts(
            accused, tables["sentences"], offences, tables["sources"], unit, latest_statuses(accused, tables)
        ),
    )
    return facts


def _shown(frame: pd.DataFrame, source_ids, name: str, sources: pd.DataFrame, appendix: bool | None = None) -> dict:
    """A table as `report.table(**shown, caption=...)` takes it: the frame, its name (the anchor
    `see("table", name)` points at), the documents its rows rest on."""
    ids = [s for s in source_ids if isinstance(s, str)]
    return {"frame": frame, "source_ids": ids, "sources": sources, "name": name, "appendix": appendix}


def _figure(name: str, source_ids, sources: pd.DataFrame) -> dict:
    """A figure's name and documents, as `report.figure(fig, **figure, caption=..., alt=...)` takes them."""
    return {"name": name, "source_ids": list(dict.fromkeys(source_ids)), "sources": sources}


def _flat(lists) -> list[str]:
    return [s for ids in lists for s in ids]


def _term(years: float, unit: str, sources=(), what: str = "term") -> object:
    """A term given in years, as a fact in the display unit ('7.5', printed with its unit)."""
    return fact(sn.from_years(float(years), unit), sources, what=what)


# --- prosecutions counted, no one named ----------------------------------------------------------


def unnamed_facts(tables: Mapping[str, pd.DataFrame], selection: sn.Selection, params: Mapping, country: str):
    """The events in the selection for which the documents count people prosecuted or convicted
    but name no one, each with its counts as claims (figure, claimant, date, document): a count of
    named people "for all events" says what it leaves out."""
    rows = sn.unnamed_prosecutions(
        tables.get("casualty_estimates"),
        tables["events"],
        selection,
        event_ids=list(params.get("events") or []),
        start_year=params.get("start_year"),
        end_year=params.get("end_year"),
        country=country,
    )
    if rows.empty:
        return []
    found = []
    for event, own in rows.groupby("event", sort=False):
        statements = []
        for (claimant, date, source), said in own.groupby(["claimant", "claim_date", "source_id"], sort=False):
            statements.append(
                group(
                    "statement",
                    claimant=claimant,
                    date=date,
                    source=source,
                    counts=[
                        group(
                            "count",
                            figure=fact(
                                (r.lower, r.upper),
                                (r.source_id,),
                                what=f"{r.metric}, a total beyond the people named ({event}): {r.claimant} "
                                f"({r.claim_date})",
                                shown=r.figure,
                            ),
                            metric=r.metric,
                        )
                        for r in said.itertuples()
                    ],
                )
            )
        short = re.sub(r"\s*\([^()]*\)$", "", str(event)) or str(event)
        found.append(
            group(
                "unnamed",
                event=event,
                short=short,
                named=fact(int(own["named"].iloc[0]), what=f"named people prosecuted over {event}"),
                statements=statements,
            )
        )
    return found


# --- how the named people's cases ended ----------------------------------------------------------


def outcome_facts(selection: sn.Selection, sources: pd.DataFrame) -> Facts | None:
    counts = sn.named_outcome_counts(selection)
    if counts.empty:
        return None
    named = sn.named_prosecuted(selection)
    decided = selection.named[selection.named["person_id"].isin(named["person_id"])]
    dates = sources.set_index("source_id")["date"]
    statuses = []
    for row in counts[counts["kind"] == domain.CRIMINAL].itertuples():
        rows = decided[(decided["kind"] == domain.CRIMINAL) & (decided["outcome"] == row.outcome)]
        ids = list(dict.fromkeys(_flat(rows["source_ids"])))
        statuses.append(
            group(
                row.outcome,
                outcome=row.outcome,
                people=fact(int(row.persons), ids, what=f"named people: {row.outcome}"),
                as_of=[
                    group("as_of", date=d, source=s)
                    for s, d in sorted(
                        ((s, dates.get(s, "")) for s in ids), key=lambda p: (not isinstance(p[1], str), str(p[1]))
                    )
                ]
                if row.outcome == "pending"
                else [],
            )
        )
    administrative = decided[decided["kind"] == domain.ADMINISTRATIVE]
    unrecorded = named[~named["person_id"].isin(decided["person_id"])]
    chart = counts.assign(
        label=[
            f"{label} (administrative)" if kind == domain.ADMINISTRATIVE and "administrative" not in label else label
            for label, kind in zip(counts["label"], counts["kind"])
        ]
    )
    return group(
        "outcomes",
        statuses=statuses,
        administrative=fact(
            int(counts.loc[counts["kind"] == domain.ADMINISTRATIVE, "persons"].sum()),
            _flat(administrative["source_ids"]),
            what="named people given administrative detention",
        ),
        unrecorded=fact(len(unrecorded), unrecorded["source_id"], what="named people with no outcome recorded"),
        retried=fact(
            int(
                (trials := decided[decided["kind"] == domain.CRIMINAL].groupby("person_id")["case_id"].nunique())
                .gt(1)
                .sum()
            ),
            _flat(decided.loc[decided["person_id"].isin(trials[trials > 1].index), "source_ids"])
            if len(trials)
            else [],
            what="named people with more than one trial",
        ),
        chart=chart,
        figure=_figure("sentencing-outcomes", _flat(selection.named["source_ids"]), sources),
    )


# --- people counted only as groups ----------------------------------------------------------------


def group_facts(groups: pd.DataFrame, sources: pd.DataFrame) -> Facts | None:
    if groups.empty:
        return None
    stated = groups.dropna(subset=["stated"])
    accounts = []
    for row in stated.head(LISTED).itertuples():
        given = {o: int(getattr(row, o)) for o in sn.GROUP_OUTCOMES if pd.notna(getattr(row, o))}
        ids = (row.source_id,)
        accounts.append(
            group(
                "account",
                source=row.source_id,
                stated=fact(int(row.stated), ids, what=f"{row.stated_metric}, stated for {row.proceeding}"),
                metric=row.stated_metric,
                trial=sn.trial_name(row.proceeding),
                quote=row.stated_quote,
                broken=fact(sum(given.values()), ids, what=f"people broken down by outcome ({row.proceeding})"),
                parts=[
                    group("part", outcome=o, people=fact(n, ids, what=f"{o}, {row.proceeding}"))
                    for o, n in given.items()
                ],
            )
        )
    shown = pd.DataFrame(
        {
            "trial": [sn.trial_name(p) for p in groups["proceeding"]],
            "document": [citations.short_reference(s, sources) for s in groups["source_id"]],
            "total stated": groups["stated"],
            **{domain.OUTCOME_LABELS[o]: groups[o] for o in sn.GROUP_OUTCOMES},
            "source": [citations.cite([s], sources) for s in groups["source_id"]],
        }
    )
    return group(
        "groups",
        documents=fact(groups["source_id"].nunique(), groups["source_id"], what="documents counting people as groups"),
        accounts=accounts,
        more=fact(max(len(stated) - LISTED, 0), stated["source_id"].iloc[LISTED:], what="further stated totals"),
        table=_shown(shown, groups["source_id"], "sentencing-group-counts", sources),
    )


# --- terms imposed at first instance ---------------------------------------------------------------


def term_facts(selection: sn.Selection, unit: str, sources: pd.DataFrame) -> Facts | None:
    lines = sn.term_lines(selection.first_terms)
    if lines.empty:
        return None
    bounds = sn.imprisonment(selection)
    custodial = selection.first_terms[selection.first_terms["outcome"] == "custodial"]
    custodial_ids = _flat(custodial["source_ids"])
    drawn = sn.longest_lines(lines, TERM_CHART_LINES)
    imposed = None
    if not bounds.empty:
        years = bounds.years.in_unit(unit)
        imposed = group(
            "imposed",
            total=fact((years.low, years.high), custodial_ids, what=f"person-{unit} of imprisonment imposed"),
            people=fact((bounds.persons.low, bounds.persons.high), custodial_ids, what="people given prison terms"),
            without=fact(
                bounds.persons_without_term,
                selection.outcomes.loc[selection.outcomes["outcome"] == "custodial", "source_id"],
                what="people sent to prison without a term given",
            ),
        )
    return group(
        "terms",
        imposed=imposed,
        lines=fact(len(lines), _flat(lines["source_ids"]), what="terms imposed at first instance"),
        drawn=fact(len(drawn), _flat(drawn["source_ids"]), what="terms drawn"),
        chart=drawn,
        figure=_figure("sentencing-terms", _flat(drawn["source_ids"]), sources),
    )


# --- higher courts ---------------------------------------------------------------------------------


def appeal_facts(accused: pd.DataFrame, sentences: pd.DataFrame, sources: pd.DataFrame, unit: str) -> Facts | None:
    changes = sn.appeal_changes(accused, sentences)
    if changes.empty:
        return None
    changed = changes.dropna(subset=["first_years", "later_years"])
    reduced = changed[(changed["change_years"] < 0) & ~changed["is_group"].astype(bool)]
    shown = pd.DataFrame(
        {
            "defendant": changes["defendant"],
            "people": changes["n_persons"],
            "first instance": [
                _decision_words(o, term, whole)
                for o, term, whole in zip(changes["first_outcome"], changes["first_term"], changes["first_of"])
            ],
            "court": changes["later_stage"].str.replace("_", " "),
            "date": [format_date(d) or pd.NA for d in changes["later_date"]],
            "decision": [_decision_words(o, term) for o, term in zip(changes["later_outcome"], changes["later_term"])],
            "source": [citations.cite([s], sources) for s in changes["source_id"]],
        }
    )
    return group(
        "appeals",
        decisions=fact(
            len(changes), changes["source_id"], what="accounts of higher courts' decisions on first-instance verdicts"
        ),
        reduced=[
            group(
                "reduced",
                defendant=r.defendant,
                first=_term(r.first_years, unit, r.source_ids, what=f"term at first instance ({r.defendant})"),
                later=_term(r.later_years, unit, r.source_ids, what=f"term after appeal ({r.defendant})"),
            )
            for r in _one_line_per_change(reduced).itertuples()
        ],
        table=_shown(shown, changes["source_id"], "sentencing-appeals", sources),
    )


def _one_line_per_change(reduced: pd.DataFrame) -> pd.DataFrame:
    """One line per person and change of term: documents that report the same reduction (each
    higher-court row is its own account) are cited together, not listed as several reductions."""
    keys = ["case_id", "defendant", "first_years", "later_years"]
    return (
        reduced.groupby(keys, sort=False)["source_id"]
        .agg(lambda ids: tuple(dict.fromkeys(ids)))
        .rename("source_ids")
        .reset_index()
    )


def _decision_words(outcome, term, whole=pd.NA) -> str | object:
    """A decision with its term: 'prison, 7 years'; for a group part of a larger group sentenced together, 'prison, 3–7
    years (all 13)': the term the document gives for the whole group."""
    if not isinstance(outcome, str):
        return pd.NA
    words = domain.OUTCOME_LABELS.get(outcome, outcome)
    if isinstance(term, str):
        words += f", {term}"
    if pd.notna(whole):
        words += f" (all {int(whole)})"
    return words


# --- pleas ------------------------------------------------------------------------------------------


def plea_facts(accused: pd.DataFrame, sentences: pd.DataFrame, unit: str) -> Facts | None:
    pleas = sn.plea_and_outcome(accused, sentences)
    if pleas.empty:
        return None
    severity = {o: i for i, o in enumerate(domain.OUTCOME_LABELS)}
    documents = sentences.groupby("case_id")["source_id"].agg(list)
    trials = []
    for trial, rows in list(pleas.groupby("proceeding", sort=False))[:LISTED]:
        ordered = rows.assign(order=rows["outcome"].map(severity)).sort_values(
            ["order", "years"], ascending=[True, False]
        )
        trials.append(
            group(
                "trial",
                name=trial,
                defendants=[
                    group(
                        "defendant",
                        name=r.defendant,
                        plea=r.plea,
                        outcome=r.outcome if isinstance(r.outcome, str) else None,
                        term=_term(r.years, unit, documents.get(r.case_id, ()), what=f"term ({r.defendant})")
                        if pd.notna(r.years)
                        else None,
                    )
                    for r in ordered.itertuples()
                ],
            )
        )
    requests = pleas.dropna(subset=["prosecutor_request_years"])
    return group(
        "pleas",
        trials=trials,
        more=fact(max(pleas["proceeding"].nunique() - LISTED, 0), what="further trials with co-defendants' pleas"),
        requests=[
            group(
                "request",
                defendant=r.defendant,
                term=_term(
                    r.prosecutor_request_years,
                    unit,
                    documents.get(r.case_id, ()),
                    what=f"prosecutor's request ({r.defendant})",
                ),
            )
            for r in requests.itertuples()
        ],
    )


# --- release -------------------------------------------------------------------------------------------


def release_facts(accused: pd.DataFrame, sentences: pd.DataFrame, sources: pd.DataFrame) -> Facts | None:
    freed = sn.releases(accused, sentences)
    if freed.empty:
        return None
    kinds = {RELEASE_KINDS.get(what, "release") for what in freed["what"]}
    refused = freed[freed["what"] == "early release refused"]
    shown = pd.DataFrame(
        {
            "person or group": freed["defendant"],
            "what the document says": freed["what"],
            "date": [format_date(d) or "not given" for d in freed["date"]],
            "in the document's words": freed["words"],
            "source": [citations.cite([s], sources) for s in freed["source_id"]],
        }
    )
    return group(
        "releases",
        statements=fact(len(freed), freed["source_id"], what="statements about release"),
        kinds=[k for k in ("release", "parole", "refused") if k in kinds],
        refused=[
            group(
                "refused", defendant=r.defendant, date=r.date if isinstance(r.date, str) else None, source=r.source_id
            )
            for r in refused.itertuples()
        ],
        table=_shown(shown, freed["source_id"], "sentencing-releases", sources, appendix=True),
    )


# --- torture allegations ---------------------------------------------------------------------------------


def torture_account(source: str, rows: pd.DataFrame) -> Facts:
    """One document's account: who alleged torture (its own count) and how the court or prosecutor
    responded."""
    who, said = [], []
    for r in rows.itertuples():
        in_court = pd.notna(r.testified_in_court) and bool(r.testified_in_court)
        if pd.notna(r.n_people):
            one = not r.is_group and int(r.n_people) == 1
            who.append(
                group(
                    "who",
                    name=r.defendant if one else None,
                    people=fact(int(r.n_people), (source,), what="people who alleged torture"),
                    role=r.role,
                    in_court=in_court,
                )
            )
        elif in_court and r.response != "not_stated":
            who.append(group("who", name=None, people=None, role=None, in_court=True))
        elif pd.notna(r.allegation_quote):
            # No count of people who alleged torture (a count of complaints, of deaths in custody,
            # a share of those surveyed): the document's own words say what it counts.
            said.append(
                group(
                    "said",
                    allegation=_quoted(r.allegation_quote),
                    response=_quoted(r.response_quote) if pd.notna(r.response_quote) else None,
                )
            )
    stated = rows[rows["response"] != "not_stated"]
    responses = [
        group("response", body=body, responses=list(dict.fromkeys(part["response"])))
        for body, part in stated.groupby("response_body", sort=False)
    ]
    return group("torture", source=source, who=who, said=said, responses=responses)


def _quoted(text: str) -> str:
    """A document's words as a quotation inside a sentence: without the full stop that ends them."""
    # the document's own inner quotation marks become single ones inside the briefing's double
    return re.sub(r'"([^"]*)"', "\u2018\\1\u2019", str(text).strip().rstrip(".").strip())


def torture_facts(allegations: pd.DataFrame, accused: pd.DataFrame, sources: pd.DataFrame) -> Facts | None:
    torture = sn.torture_responses(allegations, accused, sources)
    if torture.empty:
        return None
    shown = pd.DataFrame(
        {
            "who": torture["defendant"],
            "people": torture["n_people"],
            "allegation, in the document's words": torture["allegation_quote"],
            "response": [sn.describe_response(torture.iloc[[i]]) or "not stated" for i in range(len(torture))],
            "response, in the document's words": torture["response_quote"],
            "source": [citations.cite([s], sources) for s in torture["source_id"]],
        }
    )
    return group(
        "torture",
        accounts=[torture_account(source, rows) for source, rows in torture.groupby("source_id", sort=False)],
        table=_shown(shown, torture["source_id"], "sentencing-torture", sources, appendix=True),
    )


def torture_scope_facts(tables: Mapping[str, pd.DataFrame], selection: sn.Selection, params: Mapping, country: str):
    """What the torture allegations cover: the years of the documents they come from, and the
    events in the selection the data records something about (a case or a figure) but no torture
    allegation for, latest first: a section that stops at its documents' last year says so."""
    allegations = tables["torture_allegations"]
    events = tables["events"]
    cases = tables["cases"]
    chosen = events
    event_ids = list(params.get("events") or [])
    if event_ids:
        chosen = chosen[chosen["event_id"].isin(event_ids)]
    if "country" in chosen.columns:
        chosen = chosen[chosen["country"] == country]
    years = pd.to_numeric(chosen["start_date"].astype(str).str[:4], errors="coerce")
    start, end = params.get("start_year"), params.get("end_year")
    if start is not None:
        chosen = chosen[(years >= int(start)).to_numpy()]
        years = years.loc[chosen.index]
    if end is not None:
        chosen = chosen[(years <= int(end)).to_numpy()]
    recorded = set(selection.accused["event_id"]) | set(tables["casualty_estimates"]["event_id"])
    recorded -= coverage.lists_only(events, tables["casualty_estimates"], cases)
    alleged_cases = set(allegations["case_id"])
    alleged = set(cases.loc[cases["case_id"].isin(alleged_cases), "event_id"])
    without = chosen[chosen["event_id"].isin(recorded) & ~chosen["event_id"].isin(alleged)]
    without = without.sort_values("start_date", ascending=False, kind="stable")
    latest = None if without.empty else without.iloc[0]
    dates = tables["sources"].set_index("source_id")["date"].astype(str)
    used = allegations["source_id"].map(dates).dropna().str[:4]
    return group(
        "torture_scope",
        first_year=str(used.min()) if len(used) else None,
        last_year=str(used.max()) if len(used) else None,
        sources=list(dict.fromkeys(allegations["source_id"])),
        events_without=fact(len(without), what="events recorded with no torture allegation"),
        latest_without=None if latest is None else latest["name"],
        events_alleged=fact(len(chosen[chosen["event_id"].isin(alleged)]), what="events with a torture allegation"),
    )


# --- charges ----------------------------------------------------------------------------------------------


def _code_names(articles: str, legal_codes: Mapping[str, str]) -> str:
    """'CC-1997 Art. 164; CC-2014 Art. 174' as the reader knows the codes: 'Art. 164, 1997
    Criminal Code; Art. 174, 2014 Criminal Code' (code ids are the data's, never printed)."""
    return re.sub(
        r"(\S+) Art\. ([^\s;,]+)",
        lambda m: f"Art. {m.group(2)}, {legal_codes[m.group(1)]}" if m.group(1) in legal_codes else m.group(0),
        str(articles),
    )


def charge_facts(offences: pd.DataFrame, sources: pd.DataFrame, legal_codes: Mapping[str, str]) -> Facts | None:
    counts = sn.offence_counts(offences)
    if counts.empty:
        return None
    top = counts.iloc[0]
    numbered = offences[offences["article_ref"] != "article not given"]
    codes = numbered.assign(code=numbered["article_ref"].str.split(" Art. ").str[0])
    across = codes.groupby("family")["code"].nunique()
    grouped = codes[codes["family"].isin(across[across > 1].index)]
    shown = pd.DataFrame(
        {
            "offence": counts["offence"],
            "articles": [_code_names(a, legal_codes) for a in counts["articles"]],
            "named people": counts["named_defendants"],
            "largest group count": counts["persons_in_group_counts"].where(counts["persons_in_group_counts"] > 0),
            "sources": [citations.cite(ids, sources) for ids in counts["source_ids"]],
        }
    )
    return group(
        "charges",
        offence=top["offence"],
        articles=_code_names(top["articles"], legal_codes),
        people=fact(
            int(top["named_defendants"]), top["source_ids"], what=f"named people charged with {top['offence']}"
        ),
        # The codes whose articles are grouped under one offence (a criminal code and the one that replaced it).
        codes_grouped=[legal_codes.get(c, c) for c in sorted(set(grouped["code"]))],
        unnumbered=bool((offences["article_ref"] == "article not given").any()),
        group_counts=bool((counts["persons_in_group_counts"] > 0).any()),
        table=_shown(shown, _flat(counts["source_ids"]), "sentencing-charges", sources, appendix=True),
    )


# --- police officers tried over the same events ---------------------------------------------------------


def police_account(source: str, rows: pd.DataFrame) -> Facts:
    """One document's account of police officers' convictions: how many, the term, the offence,
    the release."""
    return group(
        "police",
        source=source,
        convictions=[
            group(
                "conviction",
                officers=fact(int(r.n_persons), (source,), what="police officers convicted"),
                term=fact(r.term, (source,), what="police officers' term", shown=r.term) if pd.notna(r.term) else None,
                convicted_of=r.convicted_of if pd.notna(r.convicted_of) else None,
                release=r.release if pd.notna(r.release) else None,
            )
            for r in rows.itertuples()
        ],
    )


def police_facts(selection: sn.Selection, tables: Mapping[str, pd.DataFrame], unit: str) -> Facts | None:
    agents, accused, sources = selection.agents, selection.accused, tables["sources"]
    police = sn.police_accounts(agents, tables["sentences"], tables["charges"])
    if police.empty:
        return None
    first_terms = selection.first_terms
    same_events = first_terms[
        first_terms["case_id"].isin(accused.loc[accused["event_id"].isin(set(agents["event_id"])), "case_id"])
        & (first_terms["outcome"] == "custodial")
    ]
    others = [
        group(
            "term",
            name=r.defendant if not r.is_group else sn.trial_name(r.proceeding),
            people=fact(
                int(str(r.n_persons).split("/")[0]), r.source_ids, what="people in a group count", shown=r.n_persons
            )
            if r.is_group
            else None,
            role=r.role,
            term=fact(
                (sn.from_years(r.low, unit), sn.from_years(r.high, unit)),
                r.source_ids,
                what=f"prison term at first instance ({r.defendant})",
                shown=r.as_given,
            ),
        )
        for r in sn.term_lines(same_events).itertuples()
    ]
    shown = pd.DataFrame(
        {
            "police officers": police["defendant"].map(sn.without_count_label),
            "people": police["n_persons"],
            "convicted of": police["convicted_of"],
            "prison term (each)": police["term"],
            "release": police["release"],
            "source": [citations.cite([s], sources) for s in police["source_id"]],
        }
    )
    return group(
        "police",
        accounts=[police_account(source, rows) for source, rows in police.groupby("source_id", sort=False)],
        others=others,
        table=_shown(shown, police["source_id"], "sentencing-police", sources),
    )


# --- the named people -------------------------------------------------------------------------------------


def latest_statuses(accused: pd.DataFrame, tables: Mapping[str, pd.DataFrame]) -> dict[str, tuple[str, str]]:
    """case_id -> (the named person's latest dated status in words, with its date and document; that
    document), for every named person of the selection."""
    named = accused.loc[~accused["is_group"].astype(bool), "case_id"]
    return {
        case_id: (st.describe(status, tables["sources"]), status.source)
        for case_id, status in st.of_people(named, tables).items()
    }


def defendant_facts(
    accused: pd.DataFrame,
    sentences: pd.DataFrame,
    offences: pd.DataFrame,
    sources: pd.DataFrame,
    unit: str,
    latest: Mapping[str, tuple[str, str]] | None = None,
) -> Facts | None:
    roster = sn.defendants_table(accused, sentences, offences, unit, latest)
    if roster.empty:
        return None
    shown = roster.assign(
        date=[format_date(d) or pd.NA for d in roster["date"]],
        sources=[citations.cite(s.split(", "), sources) for s in roster["sources"]],
    )
    ids = [s for cell in roster["sources"] for s in cell.split(", ")]
    return group("defendants", table=_shown(shown, ids, "sentencing-defendants", sources, appendix=True))
