"""Rules a Table Schema cannot express: across the fields of a row and across tables.

Each rule names the row and column of the offending cell and says, in the words a data
editor uses, which other value it disagrees with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..domain import (
    FH_DIRECTION,
    FH_INDEX,
    FH_METHOD,
    FH_SCORE_RANGE,
    HIGHER_COURT_STAGES,
    LIFE_TERM,
    NO_TERM_OUTCOMES,
    PRE_TRIAL_OUTCOMES,
    RSF_INDEX,
    RSF_METHOD_PERIODS,
    RSF_SCORE_RANGES,
)
from ..rsf_import import edition_label
from . import entities, standing
from .cells import date_after, looks_like_date, number_or_none
from .problems import Problem

Rows = list[dict[str, str]]
Tables = dict[str, Rows]
Finding = tuple[str, str, str]  # column, value, rule

# Longer than any combined term the codes in the data allow (25 years for several crimes under
# the 2014 Criminal Code the data cite, Art. 46 and 58); 30 leaves room for older codes and appeals while
# catching a term typed in the wrong unit (e.g. 18 years for 18 months).
MAX_TERM_YEARS = 30
_UNIT_YEARS = {"days": 1 / 365, "months": 1 / 12, "years": 1}
# Terms of days are administrative detentions (at most weeks); a year or more in days is a
# term typed in the wrong unit, and the briefing would print "900 days".
MAX_TERM_DAYS = 365
# Outcomes that are a term: a term of 0 is none, and would be counted as a sentence of nothing.
TERM_OUTCOMES = (
    "custodial",
    "in_absentia",
    "suspended",
    "restriction_of_liberty",
    "house_arrest",
    "administrative_detention",
)


def _events_rules(row) -> Iterator[Finding]:
    start, end = row["start_date"].strip(), row["end_date"].strip()
    if date_after(start, end):
        yield "end_date", end, f"is before start_date {start}"


def _sentences_rules(row) -> Iterator[Finding]:
    low, high, unit = number_or_none(row["term_min"]), number_or_none(row["term_max"]), row["term_unit"].strip()
    # Whether a bound is given depends on the cell, not on whether it parses (reported elsewhere).
    has_low, has_high = bool(row["term_min"].strip()), bool(row["term_max"].strip())
    # A prosecutor's request is a term too (an acquittal may follow one): it needs the unit as much.
    has_request = bool(row["prosecutor_request"].strip())
    if (has_low or has_high) and not unit:
        yield "term_unit", unit, "is required when term_min or term_max is given (days, months or years)"
    elif has_request and not unit:
        yield (
            "term_unit",
            unit,
            f"is required when prosecutor_request is given ({row['prosecutor_request'].strip()} of what: "
            "days, months or years)",
        )
    if unit == LIFE_TERM:
        # A life term has no number: the unit is the whole term.
        if has_low or has_high or has_request:
            column = "term_min" if has_low else "term_max" if has_high else "prosecutor_request"
            yield column, row[column].strip(), "must be empty when term_unit is life (a life term has no number)"
        if row["outcome"].strip() not in ("custodial", "in_absentia"):
            yield "term_unit", unit, f"life is a prison term: it cannot go with outcome {row['outcome'].strip()}"
        return
    if unit and not has_low and not has_high and not has_request:
        yield "term_unit", unit, "is given but term_min, term_max and prosecutor_request are empty"
    if has_low != has_high:
        missing = "term_min" if has_high else "term_max"
        yield missing, "", "must be given with the other bound (equal bounds for an exact term)"
    if low is not None and high is not None and low > high:
        yield "term_min", row["term_min"], f"is greater than term_max {row['term_max']}"
    outcome = row["outcome"].strip()
    stage = row["stage"].strip()
    if outcome == "in_absentia" and stage not in ("first_instance", *HIGHER_COURT_STAGES):
        yield "outcome", outcome, f"is a court's verdict: it cannot be the outcome of a {stage} row"
    if outcome in NO_TERM_OUTCOMES and (has_low or has_high):
        column = "term_min" if has_low else "term_max"
        yield column, row[column], f"must be empty when outcome is {outcome} (no term is imposed)"
    if unit in _UNIT_YEARS:
        for column in ("term_min", "term_max", "prosecutor_request"):
            value = number_or_none(row[column])
            if value is not None and value * _UNIT_YEARS[unit] > MAX_TERM_YEARS:
                yield (
                    column,
                    row[column],
                    f"is more than {MAX_TERM_YEARS} years in {unit}; check the number and the term_unit",
                )
            elif value is not None and unit == "days" and value > MAX_TERM_DAYS:
                yield (
                    column,
                    row[column],
                    f"is more than {MAX_TERM_DAYS} days; write a term of a year or more in months or years",
                )
    if outcome in TERM_OUTCOMES and high == 0:
        yield (
            "term_max",
            row["term_max"],
            f"is 0 but outcome {outcome} imposes a term; leave the term empty when the document gives none",
        )


def _cases_rules(row) -> Iterator[Finding]:
    # The sentencing chapter counts people by n_persons and names only non-group rows.
    count, group = number_or_none(row["n_persons"]), row["is_group"].strip()
    if group == "false" and count is not None and count > 1:
        yield (
            "is_group",
            row["is_group"],
            f"is false but n_persons is {row['n_persons']}: a row of several people is a group",
        )
    if group == "true" and count == 1:
        yield "is_group", row["is_group"], "is true but n_persons is 1: a group row counts several people"
    person = row.get("person_id", "").strip()
    if group == "true" and person and person != row["case_id"].strip():
        yield "person_id", person, "must be empty on a group row: it joins one person's several proceedings"


# Qualifiers of one figure as the document gives it ("approx. 10", "nearly 7,000"): low = high.
APPROXIMATE = ("exact", "approx", "nearly", "almost")


def _casualty_rules(row) -> Iterator[Finding]:
    low, high, qualifier = number_or_none(row["low"]), number_or_none(row["high"]), row["qualifier"].strip()
    if row["metric"].strip() == "political_prisoners" and not row["claim_date"].strip():
        yield "claim_date", "", "is required for a count of political prisoners (a stock is counted on a date)"
    if low is not None and high is not None and low > high:
        yield "low", row["low"], f"is greater than high {row['high']}"
    yield from _period_rules(row)
    need = {
        "exact": (True, True),
        "approx": (True, True),
        "nearly": (True, True),
        "almost": (True, True),
        "range": (True, True),
        "at_least": (True, False),
        "more_than": (True, False),
        "up_to": (False, True),
    }.get(qualifier)
    if need is None:
        return
    for column, value, wanted in (("low", low, need[0]), ("high", high, need[1])):
        if wanted and value is None and not row[column].strip():
            yield column, row[column], f"is required when qualifier is {qualifier}"
        if not wanted and row[column].strip():
            yield column, row[column], f"must be empty when qualifier is {qualifier} (the claim is open-ended)"
    if qualifier in APPROXIMATE and low is not None and high is not None and low != high:
        yield "high", row["high"], f"must equal low when qualifier is {qualifier}"
    if qualifier == "range" and low is not None and high is not None and low == high:
        yield "high", row["high"], "must be greater than low when qualifier is range"


def _period_rules(row) -> Iterator[Finding]:
    # A figure cannot cover days after it was given, and a period cannot end before it starts.
    start, end, said = (row.get(c, "").strip() for c in ("period_start", "period_end", "claim_date"))
    if date_after(start, end):
        yield "period_end", end, f"is before period_start {start}"
    for column, value in (("period_start", start), ("period_end", end)):
        if date_after(value, said):
            yield column, value, f"is after claim_date {said}: a figure cannot count days after it was given"


def _freedom_house_rules(row) -> Iterator[Finding]:
    if row["method"].strip() != FH_METHOD:
        yield "method", row["method"], f"must be {FH_METHOD} for index {FH_INDEX}"
    if row["score_direction"].strip() != FH_DIRECTION:
        yield (
            "score_direction",
            row["score_direction"],
            f"must be {FH_DIRECTION} for index {FH_INDEX} (higher = less free)",
        )
    score = number_or_none(row["score"])
    if score is None:
        yield "score", row["score"], f"is required for index {FH_INDEX} (it publishes scores, not ranks)"
    elif not FH_SCORE_RANGE[0] <= score <= FH_SCORE_RANGE[1]:
        yield "score", row["score"], f"must be between {FH_SCORE_RANGE[0]} and {FH_SCORE_RANGE[1]} for index {FH_INDEX}"
    if row["rank"].strip():
        yield "rank", row["rank"], f"must be empty for index {FH_INDEX} (its data give no rank)"
    year = number_or_none(row["year"])
    if not row["edition"].strip().isdigit() or (year is not None and int(row["edition"]) != year):
        yield "edition", row["edition"], f"must be the report year, equal to year, for index {FH_INDEX}"


def _press_freedom_rules(row) -> Iterator[Finding]:
    if row["index"].strip() == FH_INDEX:
        yield from _freedom_house_rules(row)
        return
    for column in ("rank", "n_ranked"):
        if not row[column].strip():
            yield column, row[column], f"is required for index {RSF_INDEX}"
    rank, n_ranked = number_or_none(row["rank"]), number_or_none(row["n_ranked"])
    if rank is not None and n_ranked is not None and rank > n_ranked:
        yield "rank", row["rank"], f"is greater than n_ranked {row['n_ranked']}"
    year = number_or_none(row["year"])
    try:
        _, edition_year = edition_label(row["edition"])
    except ValueError:
        yield "edition", row["edition"], "must be a year (2013) or a year range (2011-2012)"
        edition_year = None
    if edition_year is not None and year is not None and year != edition_year:
        yield "year", row["year"], f"must be {edition_year}, the year edition {row['edition']} was published"
    period_year = edition_year or (int(year) if year is not None else None)
    period = next((p for p in RSF_METHOD_PERIODS if period_year is not None and p[0] <= period_year <= p[1]), None)
    method = row["method"].strip()
    if period and method in RSF_SCORE_RANGES and method != period[2]:
        yield "method", method, f"must be {period[2]} for an edition of {period_year}"
    if method in RSF_SCORE_RANGES:
        direction = next(p[3] for p in RSF_METHOD_PERIODS if p[2] == method)
        if row["score_direction"].strip() not in ("", direction):
            yield "score_direction", row["score_direction"], f"must be {direction} for method {method}"
        score, (lowest, highest) = number_or_none(row["score"]), RSF_SCORE_RANGES[method]
        if score is not None and not lowest <= score <= highest:
            yield "score", row["score"], f"must be between {lowest} and {highest} for method {method}"


ROW_RULES: dict[str, Callable[[dict], Iterator[Finding]]] = {
    "cases": _cases_rules,
    "events": _events_rules,
    "sentences": _sentences_rules,
    "casualty_estimates": _casualty_rules,
    "press_freedom": _press_freedom_rules,
}

# Tables without a declared primary key still may not repeat the same fact twice; the
# press-freedom key is compared without case or spaces, which the schema's key would miss.
NATURAL_KEYS = {
    "sentences": ("case_id", "stage", "date", "outcome", "source_id"),
    "charges": ("case_id", "code", "article", "part", "label", "source_id"),
    "press_freedom": ("index", "edition", "iso3"),
}


def duplicate_rows(file: str, name: str, rows: Rows) -> list[Problem]:
    key = NATURAL_KEYS.get(name)
    if not key:
        return []
    seen: dict[tuple, dict] = {}
    problems = []
    for row in rows:
        value = tuple(row[c].strip().casefold() for c in key)
        first = seen.setdefault(value, row)
        exact_repeat = all(first[c] == row[c] for c in key)
        if first is not row and not (name == "press_freedom" and exact_repeat):  # the schema's key reports those
            problems.append(
                Problem(
                    file,
                    row["__row__"],
                    None,
                    ",".join(row[c] for c in key),
                    f"repeats row {first['__row__']} ({', '.join(key)})",
                )
            )
    return problems


# --- across tables --------------------------------------------------------------------------


def _index(rows: Rows, column: str) -> dict[str, dict]:
    return {row[column].strip(): row for row in rows}


def charges_without_family(paths: dict[str, str], tables: Tables) -> list[Problem]:
    """Every article charged needs an offence family, or the charges chapter would silently drop it."""
    charges, families = tables.get("charges"), tables.get("offence_families")
    if charges is None or families is None:
        return []
    known = {(row["code"].strip(), row["article"].strip()) for row in families}
    return [
        Problem(
            paths["charges"],
            row["__row__"],
            "article",
            row["article"],
            f"{row['code']} Art. {row['article'].strip()} has no row in "
            f"{_base(paths['offence_families'])} (code, article)",
        )
        for row in charges
        if row["article"].strip()
        and row["code"].strip() != "unknown"
        and (row["code"].strip(), row["article"].strip()) not in known
    ]


def _base(label: str) -> str:
    return label.rsplit("/", 1)[-1]


def missing_references(
    file: str, rows: Rows, column: str, known: set[str], target: str, *, many: bool = False
) -> list[Problem]:
    """Each value of `column` (';'-separated with `many`) must name a row of `target`."""
    problems = []
    for row in rows:
        values = row[column].split(";") if many else [row[column]]
        for value in filter(None, (v.strip() for v in values)):
            if value not in known:
                problems.append(Problem(file, row["__row__"], column, value, f"names no row of {target}"))
    return problems


def conflict_references(paths: dict[str, str], tables: Tables) -> list[Problem]:
    conflicts = tables.get("conflicts")
    if conflicts is None:
        return []
    file = paths["conflicts"]
    sources = {r["source_id"].strip() for r in tables.get("sources", [])}
    claims = {r["claim_id"].strip() for r in tables.get("casualty_estimates", [])}
    problems = missing_references(
        file, conflicts, "source_ids", sources, _base(paths["sources"]), many=True
    ) + missing_references(file, conflicts, "claim_ids", claims, _base(paths["casualty_estimates"]), many=True)
    for row in conflicts:
        if not row["claim_ids"].strip() and not row["accounts"].strip():
            problems.append(Problem(file, row["__row__"], "accounts", "", "is required when claim_ids is empty"))
    return problems


def torture_references(paths: dict[str, str], tables: Tables) -> list[Problem]:
    allegations, cases = tables.get("torture_allegations"), tables.get("cases")
    if allegations is None or cases is None:
        return []
    return missing_references(
        paths["torture_allegations"],
        allegations,
        "case_id",
        {row["case_id"].strip() for row in cases},
        _base(paths["cases"]),
    )


def dated_after_source(paths: dict[str, str], tables: Tables) -> list[Problem]:
    """An event, a claim, a court decision or a response cannot be dated after the document that
    reports it (an event's start: a document may report an event still going on)."""
    sources = tables.get("sources")
    if sources is None:
        return []
    by_id = _index(sources, "source_id")
    problems = []
    for table, column in (
        ("events", "start_date"),
        ("casualty_estimates", "claim_date"),
        ("sentences", "date"),
        ("torture_allegations", "response_date"),
        ("statuses", "date"),
    ):
        for row in tables.get(table, []):
            source = by_id.get(row["source_id"].strip())
            value = row[column].strip()
            if source and date_after(value, source["date"].strip()):
                problems.append(
                    Problem(
                        paths[table],
                        row["__row__"],
                        column,
                        value,
                        f"is after the date of its source document {source['date'].strip()} "
                        f"({_base(paths['sources'])} row {source['__row__']})",
                    )
                )
    return problems


def sentences_before_event(paths: dict[str, str], tables: Tables) -> list[Problem]:
    """A court decision cannot precede the event its case arose from."""
    sentences, cases, events = tables.get("sentences"), tables.get("cases"), tables.get("events")
    if sentences is None or cases is None or events is None:
        return []
    case_event = {row["case_id"].strip(): row["event_id"].strip() for row in cases}
    return _dated_before_event(
        paths,
        "sentences",
        sentences,
        "date",
        events,
        lambda row: case_event.get(row["case_id"].strip(), ""),
        "the case's event",
        "",
    )


def claims_before_event(paths: dict[str, str], tables: Tables) -> list[Problem]:
    """A claim about an event's casualties or arrests cannot be dated before the event began."""
    claims, events = tables.get("casualty_estimates"), tables.get("events")
    if claims is None or events is None:
        return []
    return _dated_before_event(
        paths,
        "casualty_estimates",
        claims,
        "claim_date",
        events,
        lambda row: row["event_id"].strip(),
        "its event",
        "; a claim counts what has happened",
    )


def _dated_before_event(paths, table: str, rows, column: str, events, event_of, whose: str, why: str) -> list[Problem]:
    """Rows of `table` whose `column` is dated before the start of the event `event_of` names
    (`whose`: how the message names that event; `why`: what it adds)."""
    events_by_id = _index(events, "event_id")
    problems = []
    for row in rows:
        event = events_by_id.get(event_of(row))
        value = row[column].strip()
        if event and date_after(event["start_date"].strip(), value):
            problems.append(
                Problem(
                    paths[table],
                    row["__row__"],
                    column,
                    value,
                    f"is before the start {event['start_date'].strip()} of {whose} {event['event_id'].strip()} "
                    f"({_base(paths['events'])} row {event['__row__']}){why}",
                )
            )
    return problems


# Stages that review or end a sentence: they follow the first-instance decision. Pre-trial changes
# filed under first_instance (moved to witness, charges dropped, pending) are not a decision.
AFTER_TRIAL_STAGES = (*HIGHER_COURT_STAGES, "release", "parole", "pardon")


def decisions_before_trial(paths: dict[str, str], tables: Tables) -> list[Problem]:
    """An appeal or a release cannot be dated before the case's first-instance decision (any
    of them: documents may date it differently, so only a date before all of them is wrong)."""
    sentences = tables.get("sentences")
    if sentences is None:
        return []
    trials: dict[str, Rows] = {}
    for row in sentences:
        decision = row["stage"].strip() == "first_instance" and row["outcome"].strip() not in PRE_TRIAL_OUTCOMES
        if decision and looks_like_date(row["date"].strip()):
            trials.setdefault(row["case_id"].strip(), []).append(row)
    problems = []
    for row in sentences:
        value, stage = row["date"].strip(), row["stage"].strip()
        trial = trials.get(row["case_id"].strip())
        if stage in AFTER_TRIAL_STAGES and trial and all(date_after(t["date"].strip(), value) for t in trial):
            earliest = min(trial, key=lambda t: t["date"].strip())
            problems.append(
                Problem(
                    paths["sentences"],
                    row["__row__"],
                    "date",
                    value,
                    f"is before the case's first-instance decision of {earliest['date'].strip()} "
                    f"(row {earliest['__row__']}); stage {stage} comes after the verdict",
                )
            )
    return problems


def one_person_one_name(paths: dict[str, str], tables: Tables) -> list[Problem]:
    """Proceedings that share a person_id are one person's: one name, and a person_id that is
    another row's case_id must be that row's own person."""
    rows = tables.get("cases", [])
    by_case = {r["case_id"].strip(): r for r in rows}
    owners: dict[str, dict] = {}  # person_id -> the row whose name the others must share
    problems = []
    for row in rows:
        person, case = row.get("person_id", "").strip(), row["case_id"].strip()
        if not person:
            continue
        named = by_case.get(person)
        if named is not None and person != case and (named.get("person_id", "").strip() or person) != person:
            rule = f"names case {person}, which belongs to person {named['person_id'].strip()}: use that person_id"
            problems.append(Problem(paths["cases"], row["__row__"], "person_id", person, rule))
            continue
        owner = owners.setdefault(person, named if named is not None else row)
        if owner["defendant"].strip() != row["defendant"].strip():
            rule = f"is shared with a row whose defendant is {owner['defendant'].strip()!r}: one person, one name"
            problems.append(Problem(paths["cases"], row["__row__"], "defendant", row["defendant"], rule))
    return problems


def citation_cycles(paths: dict[str, str], tables: Tables) -> list[Problem]:
    """`cited_in` must lead to a document read directly; a loop (or a document citing itself)
    would leave the bibliography without one."""
    sources = tables.get("sources")
    if sources is None:
        return []
    cited_in = {row["source_id"].strip(): row["cited_in"].strip() for row in sources}
    problems = []
    for row in sources:
        start, chain, current = row["source_id"].strip(), [], row["source_id"].strip()
        while current and current not in chain:
            chain.append(current)
            current = cited_in.get(current, "")
        if current == start:
            loop = " -> ".join([*chain, start])
            rule = "names the document itself" if len(chain) == 1 else f"forms a loop: {loop}"
            problems.append(Problem(paths["sources"], row["__row__"], "cited_in", row["cited_in"], rule))
    return problems


# Tables the chapters cannot do without (an empty press_freedom.csv passed validation and
# then failed the build); conflicts, recommendations and torture allegations may be empty.
NON_EMPTY_TABLES = ("sources", "events", "cases", "sentences", "casualty_estimates", "press_freedom")
EMPTY_TABLE_RULE = "has a header but no rows; the briefing needs at least one"


def empty_tables(paths: dict[str, str], tables: Tables) -> list[Problem]:
    return [
        Problem(paths[name], None, None, None, EMPTY_TABLE_RULE) for name in NON_EMPTY_TABLES if tables.get(name) == []
    ]


CROSS_TABLE_RULES = (
    empty_tables,
    charges_without_family,
    torture_references,
    conflict_references,
    dated_after_source,
    sentences_before_event,
    claims_before_event,
    decisions_before_trial,
    one_person_one_name,
    citation_cycles,
    entities.claimant_names,
    entities.quote_translations,
    standing.status_people,
    standing.publisher_names,
)
