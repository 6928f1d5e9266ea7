"""Rules for the optional tables of later statuses and publishers' standing: a status belongs to a
named person and says what it is; nothing follows a death; a publisher's standing is about a
publisher the sources name."""

from __future__ import annotations

from .cells import date_after
from .problems import Problem

Rows = list[dict[str, str]]
Tables = dict[str, Rows]


def _base(label: str) -> str:
    return label.rsplit("/", 1)[-1]


def status_people(paths: dict[str, str], tables: Tables) -> list[Problem]:
    """statuses.csv: each row is about a named person (not a group count), an `other` status says
    what it is in notes, and no status of a person is dated after that person's death."""
    statuses, cases = tables.get("statuses"), tables.get("cases")
    if not statuses:
        return []
    file = paths["statuses"]
    problems = []
    by_id = {row["case_id"].strip(): row for row in cases or []}
    for row in statuses:
        case = by_id.get(row["case_id"].strip())
        if case is not None and case["is_group"].strip() == "true":
            rule = (
                f"is a group row of {_base(paths['cases'])} (row {case['__row__']}): a later status belongs to a "
                "named person"
            )
            problems.append(Problem(file, row["__row__"], "case_id", row["case_id"], rule))
        if row["status"].strip() == "other" and not row["notes"].strip():
            rule = "is required when status is other: say in plain words what the status is"
            problems.append(Problem(file, row["__row__"], "notes", "", rule))
    deaths: dict[str, dict] = {}
    for row in statuses:
        if row["status"].strip() == "died" and row["date"].strip():
            person = row["case_id"].strip()
            if person not in deaths or date_after(deaths[person]["date"].strip(), row["date"].strip()):
                deaths[person] = row
    for row in statuses:
        death = deaths.get(row["case_id"].strip())
        if death is not None and row is not death and date_after(row["date"].strip(), death["date"].strip()):
            rule = f"is after the person's death on {death['date'].strip()} (row {death['__row__']})"
            problems.append(Problem(file, row["__row__"], "date", row["date"], rule))
    return problems


def publisher_names(paths: dict[str, str], tables: Tables) -> list[Problem]:
    """publishers.csv: each publisher is one that sources.csv names, written the same way, and each
    document its standing rests on is a row of sources.csv."""
    publishers, sources = tables.get("publishers"), tables.get("sources")
    if not publishers or sources is None:
        return []
    ids = {row["source_id"].strip() for row in sources}
    problems = []
    for row in publishers:
        for value in filter(None, (v.strip() for v in row["source_id"].split(";"))):
            if value not in ids:
                rule = f"names no row of {_base(paths['sources'])}"
                problems.append(Problem(paths["publishers"], row["__row__"], "source_id", value, rule))
    known = {row["publisher"].strip() for row in sources}
    folded = {name.casefold(): name for name in known}
    for row in publishers:
        name = row["publisher"].strip()
        if name and name not in known:
            near = folded.get(name.casefold())
            hint = f' (sources.csv writes it "{near}")' if near else ""
            rule = f"names no publisher of {_base(paths['sources'])}{hint}: write it exactly as the sources do"
            problems.append(Problem(paths["publishers"], row["__row__"], "publisher", row["publisher"], rule))
    return problems
