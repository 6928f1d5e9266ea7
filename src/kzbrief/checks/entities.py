"""Rules for the optional claimant and translation data: one body, one name; a quote the
reader cannot read comes with the briefing's translation."""

from __future__ import annotations

import unicodedata

from ..claimants import aliases
from .problems import Problem

Rows = list[dict[str, str]]
Tables = dict[str, Rows]


def claimant_names(paths: dict[str, str], tables: Tables) -> list[Problem]:
    """claimants.csv: a name belongs to one body; a claim's type is its body's type."""
    bodies = tables.get("claimants")
    if not bodies:
        return []
    file = paths["claimants"]
    problems, owner, kind = [], {}, {}
    for row in bodies:
        owner.setdefault(row["claimant"].strip(), row)
    for row in bodies:
        for alias in aliases(row["aliases"]):
            first = owner.setdefault(alias, row)
            if first is not row:
                body = first["claimant"].strip()
                rule = f"names another body too (row {first['__row__']}, {body!r}): a name is one body's"
                problems.append(Problem(file, row["__row__"], "aliases", alias, rule))
    for name, row in owner.items():
        kind[name] = (row["claimant_type"].strip(), row["__row__"])
    for claim in tables.get("casualty_estimates") or []:
        found = kind.get(claim["claimant"].strip())
        if found and claim["claimant_type"].strip() != found[0]:
            rule = f'must be "{found[0]}", the type claimants.csv (row {found[1]}) gives its claimant'
            problems.append(
                Problem(paths["casualty_estimates"], claim["__row__"], "claimant_type", claim["claimant_type"], rule)
            )
    return problems


def foreign_script(text: str) -> bool:
    """True when most letters of `text` are not Latin: a quote the briefing's reader cannot read."""
    letters = [c for c in text if c.isalpha()]
    latin = sum(1 for c in letters if unicodedata.name(c, "").startswith("LATIN"))
    return bool(letters) and latin * 2 < len(letters)


def quote_translations(paths: dict[str, str], tables: Tables) -> list[Problem]:
    """With a `quote_translation` column, a quote in another script needs one, and a
    translation needs a quote. Without the column nothing is asked (older data folders)."""
    problems = []
    for row in tables.get("casualty_estimates") or []:
        if "quote_translation" not in row:
            return []
        quote, translation = row["quote"].strip(), row["quote_translation"].strip()
        if foreign_script(quote) and not translation:
            rule = "is required: the quote is not in English; give the briefing's own English translation"
            problems.append(Problem(paths["casualty_estimates"], row["__row__"], "quote_translation", "", rule))
        elif translation and not quote:
            rule = "translates nothing: the row has no quote"
            problems.append(
                Problem(paths["casualty_estimates"], row["__row__"], "quote_translation", translation, rule)
            )
    return problems
