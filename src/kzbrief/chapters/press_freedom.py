"""The press-freedom chapter's facts: where the RSF World Press Freedom Index ranks the country,
how its rank and score moved within each RSF method (ranks and scores never compare across a
change of method), where it stands among the countries compared, the ranks a document quotes,
and Freedom House's separate Freedom of the Press series.

`compute(tables, params)` is pure: frames in, `Facts` out, no English and no HTML. The wording
is in the templates `press_freedom/*.md`.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .. import config
from ..analysis import freedom_house as fh
from ..analysis import press_freedom as pf
from ..datasets import official_files_dir
from ..domain import FH_INDEX, FH_SCORE_RANGE, FH_STATUS_BANDS
from ..facts import Facts, fact, group

# The freest rank of the index: the charts and the table say which end of the ranks is free.
BEST_RANK = 1


def compute(tables: Mapping[str, pd.DataFrame], params: Mapping) -> Facts:
    """All the facts of the chapter for the selection `params` describes (data_dir, focus_country,
    peers, start_year, end_year, raw_rsf_dir, reference_edition, reference_countries)."""
    settings = config.load(params["data_dir"])
    focus, peers = config.countries(settings, params.get("focus_country", ""), params.get("peers"))
    quoted = config.quoted_ranks(
        settings, focus, params.get("reference_edition", ""), params.get("reference_countries")
    )
    start, end = params["start_year"], params.get("end_year")
    table, sources = pf.with_official_files(
        tables["press_freedom"],
        tables["sources"],
        official_files_dir(params["data_dir"], params.get("raw_rsf_dir", "")),
    )
    rows, countries, names = pf.comparison(table, focus, peers, start, end)
    rsf = rsf_facts(rows, focus, names, countries)
    return group(
        "facts",
        country=names.get(focus, focus),
        selected=group("selected", start=_year(start), end=_year(end)),
        sources=sources,
        rsf=rsf,
        quoted=quoted_facts(rows, focus, names, quoted) if rsf is not None else None,
        freedom_house=freedom_house_facts(
            table, countries, focus, names, start, end, rsf_last=rows["year"].max() if len(rows) else None
        ),
    )


def _year(value) -> str | None:
    """Years and edition labels are text: printed as written, never as a number."""
    return None if value is None else str(value)


# --- RSF: standings, movements, the group ---------------------------------------------------------


def _sources(rows: pd.DataFrame, iso3: str, edition: str) -> pd.Series:
    return rows.loc[(rows["iso3"] == iso3) & (rows["edition"] == edition), "source_id"]


def standing_facts(rows: pd.DataFrame, focus: str, stand: pf.Standing) -> Facts:
    """Where the focus country stood in one edition: its rank of how many, its part of the index
    and its position among the countries compared (1 = the freest of them)."""
    sources = _sources(rows, focus, stand.edition)
    return group(
        "standing",
        edition=stand.edition,
        method=stand.method,
        rank=fact(stand.rank, sources, what=f"rank in the {stand.edition} RSF index"),
        n_ranked=fact(stand.n_ranked, sources, what=f"countries ranked in the {stand.edition} RSF index"),
        part=pf.index_part(stand),
        position=fact(stand.position_in_group, sources, what=f"position among the countries compared, {stand.edition}"),
        group_size=fact(stand.group_size, sources, what=f"countries compared in {stand.edition}"),
    )


def movement_facts(rows: pd.DataFrame, focus: str, movement: pf.Movement) -> Facts:
    """The first and last edition of one RSF method; `places` only when both editions ranked as
    many countries (a count of places would mislead otherwise), `lost` when the rank got worse."""
    first, last = movement.first, movement.last
    places = movement.places
    both = pd.concat([_sources(rows, focus, first.edition), _sources(rows, focus, last.edition)])
    return group(
        "movement",
        method=movement.method,
        first=standing_facts(rows, focus, first),
        last=standing_facts(rows, focus, last),
        one_edition=first.edition == last.edition,
        same_count=first.n_ranked == last.n_ranked,
        places=fact(abs(places), both, what=f"places moved, {first.edition} to {last.edition}") if places else None,
        lost=bool(places and places > 0),
        direction=pf.movement_verb(movement),
    )


def compared_facts(rows: pd.DataFrame, focus: str, names: dict[str, str], edition: str) -> Facts:
    """The countries of `rows` in one edition, best rank first: those ranked above the focus
    country (`behind`: it is behind them), below it (`ahead`) and all of them (`all`)."""
    compared = pf.compare_in_edition(rows, focus, edition)
    ranked = [
        group(
            "country",
            iso3=r.iso3,
            name=names.get(r.iso3, r.iso3),
            rank=fact(int(r.rank), (r.source_id,), what=f"{names.get(r.iso3, r.iso3)}'s rank in {edition}"),
            relation=r.relation,
        )
        for r in compared.itertuples()
    ]
    return group(
        "compared",
        all=ranked,
        behind=[c for c in ranked if c.relation == "behind"],
        ahead=[c for c in ranked if c.relation == "ahead of"],
    )


def ranked_runs(rows: pd.DataFrame) -> list[Facts]:
    """How many countries each edition ranked, runs of equal counts folded (first and last edition
    of each run, and how many editions lie between them)."""
    return [
        group(
            "run",
            n_ranked=fact(run["n_ranked"], run["source_ids"], what=f"countries ranked, {run['first']}–{run['last']}"),
            first=run["first"],
            last=run["last"],
            between=run["between"],
        )
        for run in pf.ranked_runs(rows)
    ]


def score_facts(rows: pd.DataFrame, focus: str) -> Facts:
    """The focus country's first and last score in each method period, each judged by its own
    method's direction; how many periods with more than one edition got worse."""
    changes = []
    for change in pf.score_changes(rows, focus):
        method = change["method"]
        of_method = rows[(rows["iso3"] == focus) & (rows["method"] == method)]
        changes.append(
            group(
                "scores",
                method=method,
                first_year=_year(change["first_year"]),
                last_year=_year(change["last_year"]),
                first_edition=change["first_edition"],
                last_edition=change["last_edition"],
                first=_score(
                    change["first"], _sources(of_method, focus, change["first_edition"]), change["first_edition"]
                ),
                last=_score(change["last"], _sources(of_method, focus, change["last_edition"]), change["last_edition"]),
                direction=change["direction"],
                editions=change["editions"],
                change=change["change"],
            )
        )
    moved = [c for c in changes if c.editions > 1]
    worse = [c for c in moved if c.change == "worse"]
    return group(
        "scores",
        periods=changes,
        moved=moved,
        latest=moved[-1] if moved else None,
        worse=fact(
            len(worse),
            [s for c in worse for s in (*c.first.sources, *c.last.sources)],
            what="method periods in which the score got worse",
        ),
        n_moved=fact(
            len(moved),
            [s for c in moved for s in (*c.first.sources, *c.last.sources)],
            what="method periods with more than one score",
        ),
    )


def _score(value: float, sources, edition: str):
    """A score as the index publishes it ('58.43', '89'): every decimal it gives, none added."""
    return fact(value, sources, what=f"RSF score, {edition}", shown=f"{value:g}")


def rsf_facts(rows: pd.DataFrame, focus: str, names: dict[str, str], countries: list[str]) -> Facts | None:
    """The RSF facts, or None when no edition of the selection ranks the focus country."""
    _, latest = pf.first_and_latest(rows, focus)
    if latest is None:
        return None
    movements = pf.movements(rows, focus)
    editions = list(dict.fromkeys(rows.sort_values("year")["edition"].astype(str)))
    break_years = pf.breaks(rows)
    periods = pf.method_periods(rows)
    sources = rows["source_id"]
    return group(
        "rsf",
        latest=standing_facts(rows, focus, latest),
        movement=movement_facts(rows, focus, movements[-1]),
        earlier=[movement_facts(rows, focus, m) for m in movements[:-1]],
        compared=compared_facts(rows, focus, names, latest.edition),
        breaks=[str(year) for year in break_years],
        periods=[group("period", method=p.method) for p in periods],
        n_periods=fact(len(periods), sources, what="RSF method periods in the selection"),
        first_edition=editions[0],
        last_edition=editions[-1],
        others=fact(rows["iso3"].nunique() - 1, sources, what="other countries compared"),
        best_rank=fact(BEST_RANK, what="the rank of the freest country"),
        n_ranked_min=fact(int(rows["n_ranked"].min()), sources, what="fewest countries ranked in an edition"),
        n_ranked_max=fact(int(rows["n_ranked"].max()), sources, what="most countries ranked in an edition"),
        ranked_runs=ranked_runs(rows),
        scores=score_facts(rows, focus),
        rank_table=pf.rank_table(rows, countries, names),
        source_ids=list(dict.fromkeys(sources)),
        # the charts' inputs, as the plot functions take them (`plots.rank_lines(**rsf.rank_chart, title=...)`)
        rank_chart=group("rank_chart", rows=rows, focus=focus, names=names, break_years=break_years),
        score_chart=group("score_chart", rows=rows, focus=focus, names=names, periods=periods),
    )


# --- the ranks a document quotes --------------------------------------------------------------------


def quoted_facts(rows: pd.DataFrame, focus: str, names: dict[str, str], quoted) -> Facts | None:
    """The edition a document quotes, checked against the index for the focus country and the
    countries it names: None when no document quotes one; `checked` False when the selection does
    not hold that edition for them."""
    if quoted is None:
        return None
    chosen = rows[rows["iso3"].isin([focus, *quoted.countries])]
    reference = pf.standing(rows, focus, quoted.edition)
    checked = reference is not None and len(chosen[chosen["edition"] == quoted.edition]) >= 2
    return group(
        "quoted",
        documents=list(quoted.documents),
        edition=quoted.edition,
        checked=checked,
        standing=standing_facts(rows, focus, reference) if checked else None,
        compared=compared_facts(chosen, focus, names, quoted.edition) if checked else None,
    )


# --- Freedom House -----------------------------------------------------------------------------


def freedom_house_facts(
    table: pd.DataFrame,
    countries: list[str],
    focus: str,
    names: dict[str, str],
    start: int,
    end: int | None,
    rsf_last: int | None = None,
) -> Facts | None:
    """Freedom House's series for the countries compared, or None when the data hold no Freedom
    House row at all (the chapter then has no such section). `ends_earlier`: the series stops
    before RSF's last edition in the selection (`rsf_last`), so the chapter says it covers no later year."""
    if not (table["index"] == FH_INDEX).any():
        return None
    rows = fh.series(table, countries, start, end)
    found = fh.summary(rows, focus)
    best, worst = FH_SCORE_RANGE
    scale = group(
        "scale",
        best=fact(best, what="Freedom House's freest score"),
        worst=fact(worst, what="Freedom House's least free score"),
    )
    bands = [
        group("band", status=label, upper=fact(upper, what=f"Freedom House's upper bound of {label}"))
        for upper, label in FH_STATUS_BANDS
    ]
    if found is None:
        return group("freedom_house", found=None, scale=scale, bands=bands)
    own = rows[rows["iso3"] == focus]
    first = own[own["year"] == found.first_edition]["source_id"]
    last = own[own["year"] == found.last_edition]["source_id"]
    return group(
        "freedom_house",
        found=group(
            "found",
            first_edition=str(found.first_edition),
            last_edition=str(found.last_edition),
            one_edition=found.first_edition == found.last_edition,
            first_score=fact(
                found.first_score,
                first,
                what=f"Freedom House score, {found.first_edition}",
                shown=f"{found.first_score:g}",
            ),
            last_score=fact(
                found.last_score, last, what=f"Freedom House score, {found.last_edition}", shown=f"{found.last_score:g}"
            ),
            statuses=list(found.statuses),
            ends_earlier=rsf_last is not None and int(found.last_edition) < int(rsf_last),
        ),
        scale=scale,
        bands=bands,
        others=fact(rows["iso3"].nunique() - 1, rows["source_id"], what="other countries with Freedom House scores"),
        source_ids=list(dict.fromkeys(rows["source_id"])),
        chart=group("chart", rows=rows, focus=focus, names=names),
    )
