"""The key-findings page's facts: what the bottom line, the findings, the two lists of what the
evidence shows and cannot tell, the documents' asks and the background table rest on.

`compute(tables, params)` is pure: frames in, `Facts` out, no English and no HTML. The wording
is in the templates `summary/*.md` (the package's generic ones, or the briefing's own).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .. import config
from ..analysis import casualties as cs
from ..analysis import coverage
from ..analysis import press_freedom as pf
from ..analysis import sentencing as sn
from ..analysis import statuses as st
from ..analysis.summary import asks
from ..datasets import official_files_dir
from ..facts import Facts, fact, group
from ..rsf_import import rsf_rows
from . import selection as selected
from .sentencing import police_account, torture_account, unnamed_facts


def compute(tables: Mapping[str, pd.DataFrame], params: Mapping) -> Facts:
    """All the facts of the key-findings page for the selection `params` describes (the
    notebooks' parameters: start_year, end_year, events, metrics, claimant_types, ...)."""
    settings = config.load(params["data_dir"])
    focus, peers = config.countries(settings, params.get("focus_country", ""), params.get("peers"))
    selection = selected.cases(tables, params)
    claims = selected.claims(tables, params)
    rsf, _ = pf.with_official_files(
        tables["press_freedom"],
        tables["sources"],
        official_files_dir(params["data_dir"], params.get("raw_rsf_dir", "")),
    )
    rows, _, names = pf.comparison(rsf, focus, peers, params["start_year"], params.get("end_year"))
    period = coverage.evidence_period(tables, focus)
    return group(
        "facts",
        country=fact(names.get(focus, focus), what="country"),
        period=period_facts(tables, period),
        sentencing=sentencing_facts(
            tables, selection, params.get("term_unit", "years"), unnamed_facts(tables, selection, params, settings.iso3)
        ),
        people=people_facts(tables, selection, period),
        claims=claim_facts(claims),
        casualties=casualty_facts(claims, settings.iso3, tables["sources"]),
        press=press_facts(rows, focus),
        asks=asks(tables, limit=params.get("max_asks")),
        events=event_facts(
            tables["events"],
            params["start_year"],
            params.get("end_year"),
            leave_out=coverage.lists_only(tables["events"], tables["casualty_estimates"], tables["cases"]),
        ),
    )


# --- the period and the documents -----------------------------------------------------------------


def _year(value) -> str | None:
    """Years and edition labels are text: printed as written ('2002', '2011-2012'), never as a
    number with a thousands separator, and not counted in the facts catalog."""
    return None if value is None else str(value)


def period_facts(tables: Mapping[str, pd.DataFrame], period: dict) -> Facts:
    sources = tables["sources"]
    read = coverage.document_counts(sources)
    documents = sources[sources["source_type"] != "index"]
    read_ids = documents.loc[documents["cited_in"].isna(), "source_id"]
    cited_ids = documents.loc[documents["cited_in"].notna(), "source_id"]
    claims = tables["casualty_estimates"]
    press = tables.get("press_freedom")
    press = rsf_rows(press) if press is not None else pd.DataFrame(columns=["edition", "source_id"])
    sentences = tables["sentences"]
    undated = sentences[sentences["date"].isna()]
    return group(
        "period",
        first_year=fact(_year(period["first_year"]), what="first year of the evidence"),
        last_year=fact(_year(period["last_year"]), what="last year of the evidence"),
        cut_off=fact(period.get("cut_off"), what="date of the newest document read"),
        documents_read=fact(read["read"], read_ids, what="documents read directly"),
        documents_cited=fact(read["cited"], cited_ids, what="documents known through their citation"),
        claimants=fact(
            claims["claimant"].nunique() if claims["claimant_type"].nunique() > 1 else 0,
            claims["source_id"],
            what="claimants of casualty and detention figures",
        ),
        # the kinds of claimant the figures come from, in the schema's order (a text names only
        # those the data holds: no "state bodies" where no state body gave a figure)
        claimant_types=[t for t in cs.CLAIMANT_TYPES if t in set(claims["claimant_type"])],
        claimant_count=int(claims["claimant"].nunique()),
        index_editions=fact(press["edition"].nunique(), press["source_id"], what="RSF index editions"),
        index_first=fact(_year(period.get("index_first")), what="first RSF edition"),
        index_last=fact(_year(period.get("index_last")), what="latest RSF edition"),
        undated_decisions=fact(len(undated), undated["source_id"], what="decisions and releases without a date"),
        decisions=fact(len(sentences), sentences["source_id"], what="decisions and releases reported"),
    )


# --- what became of the named people ---------------------------------------------------------------


def people_facts(tables: Mapping[str, pd.DataFrame], selection: sn.Selection, period: dict) -> Facts | None:
    """The named people whose latest dated status (decision or later status) is older than the
    data's last year: what became of them since, the evidence cannot tell. Oldest first."""
    named = sn.named_prosecuted(selection)
    found = st.of_people(named["case_id"], tables)
    old = st.older_than(found, period.get("last_year"))
    if not old:
        return None
    names = dict(zip(named["case_id"], named["defendant"]))
    ordered = sorted(old.items(), key=lambda item: (item[1].date or "", names[item[0]]))
    return group(
        "people",
        year=fact(_year(period["last_year"]), what="last year of the evidence"),
        old=fact(len(old), [s.source for s in old.values()], what="named people whose latest status is older"),
        named=fact(len(found), [s.source for s in found.values()], what="named people with a recorded status"),
        people=[
            group(
                "person",
                name=names[case_id],
                as_of=fact(status.date, (status.source,), what=f"date of the latest status: {names[case_id]}")
                if status.date
                else None,
                source=status.source,
            )
            for case_id, status in ordered
        ],
    )


# --- sentencing -------------------------------------------------------------------------------------


def sentencing_facts(
    tables: Mapping[str, pd.DataFrame], selection: sn.Selection, unit: str, unnamed: list | None = None
) -> Facts:
    named = sn.named_prosecuted(selection)
    counts = sn.named_outcome_counts(selection)
    decided = selection.named[selection.named["person_id"].isin(named["person_id"])]
    criminal = counts[counts["kind"] == "criminal"]
    outcomes = {}
    for row in criminal.itertuples():
        rows = decided[(decided["kind"] == "criminal") & (decided["outcome"] == row.outcome)]
        sources = [s for ids in rows["source_ids"] for s in ids]
        outcomes[row.outcome] = group(
            row.outcome,
            people=fact(int(row.persons), sources, what=f"named people: {row.outcome}"),
            as_of=[
                fact(date, (s,), what="date of the status")
                for s, date in _by_date(dict.fromkeys(sources), tables["sources"].set_index("source_id")["date"])
            ],
        )
    bounds = sn.imprisonment(selection)
    person_years = None
    custodial = selection.first_terms[selection.first_terms["outcome"] == "custodial"]
    term_sources = [s for ids in custodial["source_ids"] for s in ids]
    if not bounds.empty:
        years = bounds.years.in_unit(unit)
        person_years = group(
            "person_years",
            total=fact((years.low, years.high), term_sources, what=f"person-{unit} imposed"),
            people=fact(
                (bounds.persons.low, bounds.persons.high),
                term_sources,
                what="people given prison terms",
            ),
            unit=unit,
            # whether the total counts people a document reports only as a number (a group)
            grouped=bool(custodial["is_group"].astype(bool).any()),
        )
    prison = criminal.loc[criminal["outcome"] == "custodial", "persons"].sum()
    police = sn.police_accounts(selection.agents, tables["sentences"], tables["charges"])
    torture = sn.torture_responses(tables["torture_allegations"], selection.accused, tables["sources"])
    return group(
        "sentencing",
        named=fact(len(named), named["source_id"], what="named people prosecuted by the state"),
        named_years=sn.named_years(tables, selection),
        unnamed=unnamed or [],
        sent_to_prison=fact(
            int(prison),
            [*named["source_id"], *(outcomes["custodial"].people.sources if "custodial" in outcomes else ())],
            what="named people sent to prison",
        ),
        outcomes=group("outcomes", **outcomes),
        person_years=person_years,
        police=[police_account(source, rows) for source, rows in police.groupby("source_id", sort=False)],
        torture=[torture_account(source, rows) for source, rows in torture.groupby("source_id", sort=False)],
    )


def _by_date(source_ids, dates: pd.Series) -> list[tuple[str, object]]:
    """(source, date) in date order, oldest first, undated last: a status "as of" several dates
    reads in time order."""
    pairs = [(s, dates.get(s)) for s in source_ids]
    return sorted(pairs, key=lambda p: (not isinstance(p[1], str), str(p[1])))


# --- casualties and detentions -------------------------------------------------------------------


def claim_fact(statement) -> object:
    """One claim or statement as a fact: its bounds, printed as the document words it (a claim
    row without a metric_label column is labelled from its metric)."""
    label = statement.get("metric_label")
    if label is None or pd.isna(label):
        label = cs.METRIC_LABELS.get(statement["metric"], statement["metric"])
    return fact(
        (statement["lower"], statement["upper"]),
        (statement["source_id"],),
        what=f"{label}: {statement['claimant']} ({statement['claim_date']})",
        shown=statement["figure"],
    )


def claim_facts(claims: pd.DataFrame) -> Facts:
    """Every selected claim by its claim_id, for an editor's text to cite exactly the figure it means
    (`claims["jan2022-convicted-pg-20230105"]`)."""
    shown = claims.assign(figure=[cs.format_figure(r.low, r.high, r.qualifier) for r in claims.itertuples()])
    return Facts({r["claim_id"]: claim_fact(r) for _, r in shown.iterrows()}, "claims")


def casualty_facts(claims: pd.DataFrame, country: str, sources: pd.DataFrame | None = None) -> Facts:
    """The deaths and the detentions of the events the chapter charts, each figure with its
    claimant, side by side (never divided, summed or reconciled). With `sources`, a figure whose
    document does not date it is dated "reported" at the document's date."""
    own = cs.in_country(claims, country)
    st = cs.statements(own)
    by_id = own.set_index("claim_id", drop=False) if "claim_id" in own else None
    return group(
        "casualties",
        deaths=_deaths(st, sources, by_id),
        detentions=_detentions(st),
        killed=_killed_contrast(claims),
    )


def _beside(r, by_id: pd.DataFrame | None) -> dict:
    """What is printed beside a figure: the parts of it the claimant gave (the security forces
    among the dead) and what its document says of its standing."""
    caveat = r.get("caveat")
    parts = r.get("of_which") or []
    return {
        "of_which": [group("part", figure=claim_fact(by_id.loc[i]), whom=whom) for _, whom, i in parts]
        if by_id is not None
        else [],
        "caveat": str(caveat) if caveat is not None and not pd.isna(caveat) and str(caveat).strip() else None,
    }


def _killed_contrast(claims: pd.DataFrame) -> Facts | None:
    """For the event with the most claims of people killed: the state's figures and the highest
    independent estimate, when both exist (the bottom line sets them side by side)."""
    killed = claims[claims["metric"] == "killed"]
    if killed.empty:
        return None
    event_id = killed["event_id"].value_counts().index[0]
    own = killed[killed["event_id"] == event_id]
    official = own[own["claimant_type"] == "official"]
    independent = own[own["claimant_type"] == "independent"]
    if official.empty or independent.empty:
        return None
    shown = own.assign(figure=[cs.format_figure(r.low, r.high, r.qualifier) for r in own.itertuples()])
    # '17' and 'at least 17' from two documents are one state figure, said once
    lows = official["low"].dropna().unique()
    stated = shown.loc[official.index]
    if len(lows) == 1:
        stated = stated[stated["low"] == lows[0]]
        figures = [fact(lows[0], stated["source_id"], what=f"killed, by official figures ({own['event'].iloc[0]})")]
    else:
        figures = [claim_fact(r) for _, r in stated.drop_duplicates("figure").iterrows()]
    highest = shown.loc[independent["upper"].fillna(independent["lower"]).idxmax()]
    return group("killed", event=own["event"].iloc[0], official=figures, independent_reach=claim_fact(highest))


def _event(statements_: pd.DataFrame) -> Facts:
    first = statements_.iloc[0]
    return group("event", name=first["event"], date=fact(first["event_start"], what="event date"))


def _deaths(st: pd.DataFrame, sources: pd.DataFrame | None = None, by_id: pd.DataFrame | None = None) -> Facts | None:
    event_id = cs.focus_event(st, "deaths and injuries")
    if event_id is None:
        return None
    event = cs.in_family(st, "deaths and injuries")
    event = event[event["event_id"] == event_id]
    event = event[cs.is_total(event)] if "period" in event else event  # parts are printed beside their totals
    metric = cs.main_metric(event)
    own = event[event["metric"] == metric]
    revised = cs.series_event(own, metric) == event_id
    by_type = {}
    for claimant_type in cs.CLAIMANT_TYPES:
        typed = own[own["claimant_type"] == claimant_type]
        if typed.empty:
            continue
        if revised:
            typed = cs.dated_series(typed, event_id, metric, sources)
            if typed.empty:
                continue
            figures = [
                group(
                    "figure",
                    figure=claim_fact(r),
                    date=fact(r["date"], what="report date" if r["reported"] else "claim date"),
                    reported=bool(r["reported"]),
                    **_beside(r, by_id),
                )
                for _, r in typed.iterrows()
            ]
        else:
            firsts = typed.drop_duplicates("figure")
            figures = [
                group("figure", figure=claim_fact(r), date=None, **_beside(r, by_id)) for _, r in firsts.iterrows()
            ]
        by_type[claimant_type] = group(claimant_type, figures=figures, claimants=list(dict.fromkeys(typed["claimant"])))
    worded = own[own["casualties_wording"]].drop_duplicates("figure")
    return group(
        "deaths",
        event=_event(own),
        metric=cs.METRIC_LABELS[metric],
        revised=revised,
        by_type=group("by_type", **by_type),
        casualties_wording=[claim_fact(r) for _, r in worded.iterrows()],
    )


def _detentions(st: pd.DataFrame) -> Facts | None:
    event_id = cs.focus_event(st, "detentions and prosecutions")
    if event_id is None:
        return None
    event = cs.in_family(st, "detentions and prosecutions")
    event = event[event["event_id"] == event_id]
    metric = cs.main_metric(event)
    main = event[(event["metric"] == metric) & (event["claimant_type"] != "official")]
    by_figure = sorted(main.groupby("figure", sort=False), key=lambda item: -item[1]["claimant"].nunique())
    counted = [
        group("counted", figure=claim_fact(rows.iloc[0]), claimants=list(dict.fromkeys(rows["claimant"])))
        for _, rows in by_figure
    ]
    official = event[event["claimant_type"] == "official"]
    state = [
        group(
            "state",
            claimant=claimant,
            figures=[
                group("figure", figure=claim_fact(r), metric=r["metric_label"], date=cs.when_repeated(r, rows))
                for _, r in rows.iterrows()
            ],
        )
        for claimant, rows in official.groupby("claimant", sort=False)
    ]
    return group("detentions", event=_event(event), metric=cs.METRIC_LABELS[metric], counted=counted, state=state)


# --- press freedom --------------------------------------------------------------------------------


def _standing(rows: pd.DataFrame, focus: str, stand: pf.Standing) -> Facts:
    edition = rows[(rows["iso3"] == focus) & (rows["edition"] == stand.edition)]
    sources = edition["source_id"]
    return group(
        "standing",
        edition=fact(stand.edition, sources, what="RSF edition"),
        rank=fact(stand.rank, sources, what=f"rank in the {stand.edition} RSF index"),
        n_ranked=fact(stand.n_ranked, sources, what=f"countries ranked in the {stand.edition} RSF index"),
        position=fact(stand.position_in_group, sources, what="position among the countries compared"),
        group_size=fact(stand.group_size, sources, what="countries compared"),
    )


def press_facts(rows: pd.DataFrame, focus: str) -> Facts | None:
    """The latest rank, and the movement within the latest edition's RSF method only (ranks under
    different methods are not comparable)."""
    if rows.empty:
        return None
    _, latest = pf.first_and_latest(rows, focus)
    if latest is None:
        return None
    movement = pf.latest_movement(rows, focus)
    since = None
    if movement is not None and movement.first.edition != movement.last.edition:
        since = _standing(rows, focus, movement.first)
        since.entries["direction"] = pf.movement_verb(movement)
    return group("press", latest=_standing(rows, focus, latest), since=since)


# --- the events ------------------------------------------------------------------------------------


def event_facts(
    events: pd.DataFrame, start_year: int, end_year: int | None, leave_out: set[str] = frozenset()
) -> Facts:
    chosen = coverage.timeline(events, start_year, end_year, leave_out)
    selected = {
        "start": fact(_year(start_year), what="first year selected"),
        "end": fact(_year(end_year), what="last year selected"),
    }
    if chosen.empty:
        return group("events", table=chosen, count=fact(0, what="events"), **selected)
    return group(
        "events",
        table=chosen,
        **selected,
        count=fact(len(chosen), chosen["source_id"], what="events"),
        first=fact(chosen["start_date"].min()[:4], chosen["source_id"], what="first event's year"),
        last=fact(chosen["start_date"].max()[:4], chosen["source_id"], what="last event's year"),
    )
