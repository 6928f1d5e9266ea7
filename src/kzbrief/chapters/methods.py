"""The methods chapter's facts: what the data holds (documents, named people, group counts, rows
per table, sources by type), where the sources disagree, and the gaps measured on the data.

`compute(tables, params)` is pure: frames in, `Facts` out, no English and no HTML. The wording
is in the templates `methods/*.md`.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .. import citations, config
from ..analysis import conflicts, coverage, sentencing
from ..datasets import official_files_dir
from ..domain import LIFE_TERM, METRIC_FAMILIES
from ..facts import Facts, fact, group
from ..period import within
from . import selection as selected
from .sentencing import unnamed_facts


def compute(tables: Mapping[str, pd.DataFrame], params: Mapping) -> Facts:
    """The chapter's facts for the selection `params` describes."""
    # the editions of official RSF files the press-freedom chapter cites get their bibliography entry
    sources = coverage.sources_with_index_files(
        tables, official_files_dir(params["data_dir"], params.get("raw_rsf_dir", ""))
    )
    selection = selected.cases(tables, params)
    claims = selected.claims(tables, params)
    named = sentencing.named_prosecuted(selection)
    cases = tables["cases"]
    groups = cases[cases["is_group"].astype(bool)]
    people = coverage.persons_in_cases(cases)
    disagreements = conflicts.source_conflicts(tables, selection, claims, sources)
    return group(
        "facts",
        sources=sources,
        documents=document_facts(sources),
        named=fact(len(named), named["source_id"], what="named people prosecuted by the state"),
        named_years=sentencing.named_years(tables, selection),
        unnamed=unnamed_facts(tables, selection, params, config.load(params["data_dir"]).iso3),
        group_rows=fact(people["group_rows"], groups["source_id"], what="group counts in the case table"),
        group_documents=fact(
            people["group_documents"], groups["source_id"], what="documents the group counts come from"
        ),
        police=not selection.agents.empty,
        not_held=not_held(tables, selection, people["group_rows"]),
        no_figures_of=no_figures_of(claims, params["data_dir"]),
        source_types=coverage.sources_by_type(sources),
        # what the sources are, for the words on their positions: only the kinds the data holds
        source_kinds=sorted(set(sources["source_type"])),
        state_figures=bool((claims["claimant_type"] == "official").any()) or "official" in set(sources["source_type"]),
        conflicts=disagreements,
        conflict_count=fact(
            len(disagreements),
            [s for ids in disagreements["source_ids"] for s in ids],
            what="subjects on which the sources disagree",
        ),
        gaps=gap_facts(tables, params["start_year"], params.get("end_year")),
        publishers=publisher_facts(tables.get("publishers"), sources),
    )


def not_held(tables: Mapping[str, pd.DataFrame], selection: sentencing.Selection, group_rows: int) -> list[str]:
    """What the documents report nothing of, for the cases the selection covers, among the kinds
    of fact the sentencing chapter has a section or a sentence for: said once here, so a chapter
    leaves out a section that would only say there is none. Codes, in the chapter's order:
    groups, appeals, pleas, torture."""
    accused = selection.accused
    if accused.empty:
        return []
    held = {
        "groups": group_rows > 0,
        "appeals": not sentencing.appeal_changes(accused, tables["sentences"]).empty,
        "pleas": not sentencing.plea_and_outcome(accused, tables["sentences"]).empty,
        "torture": not sentencing.torture_responses(tables["torture_allegations"], accused, tables["sources"]).empty,
    }
    return [code for code, found in held.items() if not found]


def no_figures_of(claims: pd.DataFrame, data_dir) -> list[str]:
    """The families of casualty figures the documents give none of, when they give others
    ('deaths', 'detentions'): said once here, so the casualties chapter prints no section that
    would only say there is none. `claims` as `selection.claims` gives them (with `country`)."""
    own = claims[claims["country"] == config.load(data_dir).iso3]
    if own.empty:
        return []
    families = {"deaths": "deaths and injuries", "detentions": "detentions and prosecutions"}
    return [code for code, family in families.items() if not own["metric"].isin(METRIC_FAMILIES[family]).any()]


def publisher_facts(publishers: pd.DataFrame | None, sources: pd.DataFrame) -> list[Facts]:
    """Who each publisher of the sources is (publishers.csv), stated once, with the document
    that says it; in the order the list of sources first names them. Empty without the table."""
    if publishers is None or publishers.empty:
        return []
    order = {name: i for i, name in enumerate(dict.fromkeys(citations.bibliography(sources)["publisher"]))}
    rows = publishers[publishers["publisher"].isin(order)]
    rows = rows.assign(_order=rows["publisher"].map(order)).sort_values("_order", kind="stable")
    return [
        group(
            "publisher",
            publisher=row.publisher,
            standing=row.standing,
            sources=[s.strip() for s in str(row.source_id).split(";") if s.strip()],
        )
        for row in rows.itertuples()
    ]


def document_facts(sources: pd.DataFrame) -> Facts:
    """The documents read directly, those known through their citation, and the editions of each
    published index (by publisher)."""
    counts = coverage.document_counts(sources)
    index = sources[sources["source_type"] == "index"]
    documents = sources[sources["source_type"] != "index"]
    publishers = index["publisher"].value_counts(sort=False)
    return group(
        "documents",
        read=fact(counts["read"], documents.loc[documents["cited_in"].isna(), "source_id"], what="documents read"),
        cited=fact(
            counts["cited"], documents.loc[documents["cited_in"].notna(), "source_id"], what="documents cited in them"
        ),
        index_editions=fact(counts["index_editions"], index["source_id"], what="editions of published indexes"),
        index_count=fact(len(publishers), index["source_id"], what="published indexes"),
        indexes=[
            group(
                "index",
                publisher=publisher,
                editions=fact(
                    int(n), index.loc[index["publisher"] == publisher, "source_id"], what=f"{publisher} editions"
                ),
            )
            for publisher, n in publishers.items()
        ],
    )


def gap_facts(tables: Mapping[str, pd.DataFrame], start_year: int, end_year: int | None) -> Facts:
    """What the data does not cover, measured on the data: the newest document, the years without
    a dated decision or claim, prison sentences without a term, undated decisions, and the events
    without any casualty or detention figure."""
    sentences = tables["sentences"]
    documents = tables["sources"][tables["sources"]["source_type"] != "index"]
    documents = documents[~documents["source_id"].isin(coverage.standing_only(tables))]  # who, not what
    newest = None
    if not documents.empty:
        years = documents["date"].astype(str).str[:4].astype(int)
        newest = fact(
            str(int(years.max())), documents.loc[years == years.max(), "source_id"], what="newest document's year"
        )
    decided = sentences["date"].dropna().str[:4].astype(int)
    claimed = tables["casualty_estimates"]["claim_date"].dropna().str[:4].astype(int)
    dated_years = set(decided) | set(claimed)
    empty_years = []
    if dated_years:
        last = max(dated_years) if end_year is None else min(end_year, max(dated_years))
        # from the first dated row on: the years before it are outside the period the briefing
        # covers (its cover says so), not a gap inside it
        first = max(start_year, min(dated_years))
        empty_years = coverage.year_runs([y for y in range(first, last + 1) if y not in dated_years])
    # Prison sentences imposed at first instance without a length; a refused parole or an appeal
    # row without a term restates a sentence, it imposes none.
    imposed = sentences[(sentences["stage"] == "first_instance") & (sentences["outcome"] == "custodial")]
    no_term = imposed[imposed["term_min"].isna() & imposed["term_unit"].fillna("").ne(LIFE_TERM)]  # life has no number
    # A document that gives no term may count a trial another document gives the term of: the
    # gap is that document's, not the data's.
    proceeding = tables["cases"].set_index("case_id")["proceeding"]
    termed = imposed[imposed["term_min"].notna()]
    termed_by = termed.assign(proceeding=termed["case_id"].map(proceeding))
    termed_elsewhere = [
        bool(((termed_by["proceeding"] == proceeding.get(r.case_id)) & (termed_by["source_id"] != r.source_id)).any())
        if isinstance(proceeding.get(r.case_id), str)
        else False
        for r in no_term.itertuples()
    ]
    term_elsewhere = no_term[pd.Series(termed_elsewhere, index=no_term.index, dtype=bool)]
    undated = sentences[sentences["date"].isna()]
    events = tables["events"]
    in_period = events[within(events["start_date"].str[:4].astype(int), start_year, end_year)]
    without = in_period[~in_period["event_id"].isin(tables["casualty_estimates"]["event_id"])]
    return group(
        "gaps",
        newest_document=newest,
        empty_years=empty_years,
        no_term=fact(len(no_term), no_term["source_id"], what="prison sentences imposed without a stated term"),
        term_elsewhere=fact(
            len(term_elsewhere),
            term_elsewhere["source_id"],
            what="of them, sentences whose term another document gives for the same trial",
        ),
        undated=fact(len(undated), undated["source_id"], what="decisions and releases without a date"),
        decisions=fact(len(sentences), sentences["source_id"], what="decisions and releases reported (per document)"),
        events_without_figures=list(without["name"]),
        events_without_count=fact(
            len(without), without["source_id"], what="events with no casualty or detention figure"
        ),
    )
