"""One fact, one row: the same person, fact or edition entered twice under different ids or labels.

A key only stops the same id twice. A defendant entered again under a new case_id, a source
copied under a new source_id (which shifts every citation number) or an edition labelled two
ways changes the counts the briefing states, so each is one problem naming both rows.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict

from text_unidecode import unidecode

from ..rsf_import import edition_label
from .problems import Problem

Rows = list[dict[str, str]]

# Cyrillic letters beyond Russian's that text_unidecode spells badly ("Ә" -> "@", "Ғ" -> "G'"):
# their plain Latin base first.
_EXTRA_CYRILLIC = str.maketrans("ӘәҒғҚқҢңӨөҰұҮүҺһІі", "AaGgKkNnOoUuUuHhIi")
# Spellings the documents use for one sound (Zhakiyanov/Zhakianov, Tuletayeva/Tuletaeva,
# Akzhanat/Akjanat, Alexandr/Aleksandr, Erlan/Yerlan), applied in this order.
_VARIANTS = (("x", "ks"), ("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"), ("y", "i"), ("ie", "e"))


def person_key(name: str) -> str:
    """A name reduced so that case, spacing, word order, diacritics, Cyrillic and the common
    transliteration variants do not matter ("Gumarova Aliia" = "Әлия Ғұмарова")."""
    text = unidecode(unicodedata.normalize("NFC", name).translate(_EXTRA_CYRILLIC)).lower().replace("'", "")
    words = []
    for word in re.findall(r"[a-z]+", text):
        for old, new in _VARIANTS:
            word = word.replace(old, new)
        words.append(re.sub(r"(.)\1+", r"\1", word))  # doubled letters: Vinyavskiy = Viniavskii
    return " ".join(sorted(words))


def _names(row: dict) -> list[tuple[str, str]]:
    """(column, name) for the defendant and each of its ';'-separated aliases."""
    aliases = [a.strip() for a in row["aliases"].split(";") if a.strip()]
    return [("defendant", row["defendant"].strip())] + [("aliases", a) for a in aliases]


def same_person(file: str, rows: Rows, skip: set[int]) -> list[Problem]:
    """A person has one case row per proceeding: rows of one name must share a person_id (a second
    trial); group rows (counts from a document) may share a description."""
    first: dict[str, tuple[dict, str]] = {}
    problems = []
    for row in rows:
        if row["is_group"].strip() != "false" or row["__row__"] in skip:
            continue
        names = [(column, name, person_key(name)) for column, name in _names(row)]
        match = next(((c, n, first[k]) for c, n, k in names if k and k in first and first[k][0] is not row), None)
        if match and _person(match[2][0]) == _person(row):
            continue  # another proceeding of the same person
        if match:
            column, name, (other, other_name) = match
            problems.append(
                Problem(
                    file,
                    row["__row__"],
                    column,
                    row[column],
                    f'names the same person as row {other["__row__"]} ("{other_name}"); a person has one case row '
                    "per proceeding: put other spellings in its aliases, or give a second trial that row's person_id",
                )
            )
            continue
        for _, name, key in names:
            if key:
                first.setdefault(key, (row, name))
    return problems


def _person(row: dict) -> str:
    return row.get("person_id", "").strip() or row["case_id"].strip()


def _comparable(value: str) -> str:
    return " ".join(value.split()).casefold()


def repeated_rows(file: str, key: str, rows: Rows) -> list[Problem]:
    """Rows equal in every column but their id state one fact twice (a second citation number,
    a finding or call for action printed twice)."""
    first: dict[tuple, dict] = {}
    problems = []
    for row in rows:
        rest = tuple(_comparable(v) for c, v in row.items() if c not in (key, "__row__"))
        seen = first.setdefault(rest, row)
        if seen is not row and seen[key] != row[key]:  # the same id twice is the schema's duplicate key
            problems.append(
                Problem(
                    file,
                    row["__row__"],
                    key,
                    row[key],
                    f"repeats row {seen['__row__']} in every column but {key}; one fact is one row",
                )
            )
    return problems


# Published once for a whole edition of an index: a row that differs would, for example, print
# "190th of 200" in an edition that ranked 179.
EDITION_CONSTANTS = ("n_ranked", "method", "score_direction")


def edition_disagreements(file: str, rows: Rows, flagged: set) -> list[Problem]:
    """Cells already reported (`flagged`: (file, row, column)) neither vote nor are reported again."""
    editions: dict[tuple[str, str], Rows] = defaultdict(list)
    for row in rows:
        editions[(row["index"].strip(), row["edition"].strip())].append(row)
    problems = []
    for (index, edition), members in editions.items():
        for column in EDITION_CONSTANTS:
            sound = [r for r in members if (file, r["__row__"], column) not in flagged]
            if not sound:
                continue
            # The value most rows give is taken as the edition's (the first row's on a tie).
            common = Counter(r[column].strip() for r in sound).most_common(1)[0][0]
            holder = next(r for r in sound if r[column].strip() == common)
            problems += [
                Problem(
                    file,
                    row["__row__"],
                    column,
                    row[column],
                    f"differs from {column} {common or '(empty)'} of {index} edition {edition} in row "
                    f"{holder['__row__']}; every row of one edition gives the same {column}",
                )
                for row in sound
                if row[column].strip() != common
            ]
    return problems


def edition_labels(file: str, rows: Rows) -> list[Problem]:
    """One edition, one label: "2011-12" beside "2011-2012" would make two editions of one year."""
    first: dict[tuple[str, int], dict] = {}
    problems = []
    for row in rows:
        index, edition = row["index"].strip(), row["edition"].strip()
        try:
            _, year = edition_label(edition)
        except ValueError:
            continue  # reported by the row rules
        seen = first.setdefault((index, year), row)
        if seen["edition"].strip() != edition:
            problems.append(
                Problem(
                    file,
                    row["__row__"],
                    "edition",
                    row["edition"],
                    f'is the {year} edition of {index}, labelled "{seen["edition"].strip()}" in row {seen["__row__"]}; '
                    "one edition has one label",
                )
            )
    return problems


def table_problems(file: str, resource: dict, rows: Rows, flagged: set) -> list[Problem]:
    """The identity rules for one table (`resource` from the descriptor); `flagged` holds the
    (file, row, column) cells already reported, which are not reported again."""
    name, key = resource["name"], resource["schema"].get("primaryKey") or []
    key = [key] if isinstance(key, str) else key  # a Table Schema may name a single key field bare
    problems = repeated_rows(file, key[0], rows) if len(key) == 1 else []
    if name == "cases":
        # A row repeated whole, or under an id used before, is already one problem.
        ids, skip = set(), {p.row for p in problems}
        for row in rows:
            if row["case_id"] in ids:
                skip.add(row["__row__"])
            ids.add(row["case_id"])
        problems += same_person(file, rows, skip)
    if name == "press_freedom":
        problems += edition_labels(file, rows) + edition_disagreements(file, rows, flagged)
    return [p for p in problems if (p.file, p.row, p.column) not in flagged]
