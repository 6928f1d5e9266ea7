"""One claimant, one name: the bodies behind the claimant names of casualty_estimates.csv.

Documents name one body in several ways ("Prosecutor General Berik Asylov", "General
Prosecutor's Office"); counted as written, each spelling would be a claimant of its own. The
optional `claimants.csv` says which names are one body. The loaders resolve every claim's
claimant to that body's one name before any chapter reads it, so counts count bodies and text
names each body one way. Without the table every name is its own body, as before.
"""

from __future__ import annotations

import pandas as pd

ALIAS_SEPARATOR = ";"
# The columns resolve() adds to casualty_estimates after the schema's own.
DERIVED = ("claimant_as_given", "claimant_short")


def aliases(cell) -> list[str]:
    """The names in an `aliases` cell, in order, without blanks."""
    if not isinstance(cell, str):
        return []
    return [name.strip() for name in cell.split(ALIAS_SEPARATOR) if name.strip()]


def name_of(claimants: pd.DataFrame) -> dict[str, str]:
    """Every name a body goes by (its own and its aliases) -> the body's one name."""
    found: dict[str, str] = {}
    for row in claimants.itertuples():
        found[str(row.claimant)] = str(row.claimant)
        for alias in aliases(row.aliases):
            found.setdefault(alias, str(row.claimant))
    return found


def short_names(claimants: pd.DataFrame) -> dict[str, str]:
    """The body's one name -> what running text calls it after the first mention."""
    return {
        str(row.claimant): str(row.short_name) if isinstance(row.short_name, str) else str(row.claimant)
        for row in claimants.itertuples()
    }


def resolve(claims: pd.DataFrame, claimants: pd.DataFrame | None) -> pd.DataFrame:
    """`claims` with each claimant replaced by its body's one name; the name the row gave is
    kept as `claimant_as_given` and the body's short name as `claimant_short`."""
    resolved = claims.copy()
    resolved["claimant_as_given"] = claims["claimant"]
    if claimants is None or claimants.empty:
        resolved["claimant_short"] = claims["claimant"]
        return resolved
    names = name_of(claimants)
    resolved["claimant"] = claims["claimant"].map(lambda name: names.get(str(name), name)).astype("string")
    short = short_names(claimants)
    resolved["claimant_short"] = resolved["claimant"].map(lambda name: short.get(str(name), name)).astype("string")
    return resolved
