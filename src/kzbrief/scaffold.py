"""A new data folder for a briefing on another country: `python -m kzbrief new DIR --country NAME --iso3 XXX`.

It writes what a researcher would otherwise copy and prune by hand: a `briefing.yml`, every
table with its header (the package schema's columns, in its order), the press-freedom rows of
the country and of the countries it is compared with (both series, from the project's data and,
when given, a folder of official RSF yearly files) with the sources they cite, a folder for the
briefing's own templates, and a README saying what to fill in and in which order. The folder
validates as written and builds into a briefing that says what its empty tables cannot tell.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd

from . import paths
from .checks.schema import package_descriptor

ISO3 = re.compile(r"^[A-Z]{3}$")
PRESS_TABLE = "press_freedom"


class ScaffoldError(ValueError):
    """The folder cannot be written as asked; the message says why, in one line."""


def _columns() -> dict[str, tuple[str, list[str]]]:
    """{table name: (file name, column names)} of the package schema."""
    return {
        resource["name"]: (resource["path"], [field["name"] for field in resource["schema"]["fields"]])
        for resource in package_descriptor()["resources"]
    }


def press_rows(countries: list[str], project_data: Path, rsf_dir: Path | None) -> pd.DataFrame:
    """Both press-freedom series for `countries`: the project's curated rows, and the official
    RSF yearly files in `rsf_dir` for the editions and countries they add."""
    from .rsf_import import merge_over, read_official_folder

    curated = pd.read_csv(project_data / "press_freedom.csv", dtype=str, keep_default_na=False)
    curated = curated[curated["iso3"].isin(countries)]
    if rsf_dir is None:
        return curated.reset_index(drop=True)
    official = read_official_folder(rsf_dir, countries).astype(str).replace({"<NA>": "", "nan": ""})
    if official.empty:
        return curated.reset_index(drop=True)
    return merge_over(curated, official).astype(str).replace({"<NA>": "", "nan": ""}).reset_index(drop=True)


def press_sources(rows: pd.DataFrame, project_data: Path) -> pd.DataFrame:
    """The sources.csv rows the press-freedom rows cite: the project's own rows for the editions
    it holds, the download address of RSF's yearly file for an edition only the official files hold."""
    from .rsf_import import source_rows

    known = pd.read_csv(project_data / "sources.csv", dtype=str, keep_default_na=False)
    cited = list(dict.fromkeys(rows["source_id"]))
    found = known[known["source_id"].isin(cited)]
    missing = rows[~rows["source_id"].isin(found["source_id"])]
    added = source_rows(list(missing["edition"].unique())) if len(missing) else known.iloc[0:0]
    return pd.concat([found, added.fillna("")], ignore_index=True)


def _briefing_yml(country: str, iso3: str, adjective: str, first_year: int | None, compare: list[str]) -> str:
    lines = [
        "# What this data folder is about: the country, the briefing's title, and the countries its",
        "# press-freedom chapter compares it with. The tables beside this file hold the facts.",
        "country:",
        f"  name: {_yaml_text(country)}",
        f"  iso3: {iso3}",
        f"  adjective: {_yaml_text(adjective)}",
        f"title: {_yaml_text(f'Political persecution in {country}')}",
        "subtitle: Sentences, casualties and detentions, and press freedom",
        f"publisher: {_yaml_text(f'{country} briefing project')}  # who publishes the briefing: replace",
    ]
    if first_year is not None:
        lines.append(f"first_year: {first_year}  # every chapter's default period starts here")
    else:
        lines.append(
            "# first_year: 2020  # every chapter's default period starts here (default: the data's first year)"
        )
    if compare:
        lines.append(f"comparison_countries: [{', '.join(compare)}]")
    lines.append("# legal_codes: the codes charges.csv cites, with the names the briefing prints, e.g.")
    lines.append("#   CC-2014: 2014 Criminal Code")
    return "\n".join(lines) + "\n"


def _yaml_text(value: str) -> str:
    """A YAML scalar that reads back as `value` (quoted, with YAML's escapes)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


README = """# Data for a briefing on {country}

This folder was written by `python -m kzbrief new`. It validates and builds as it is; the
briefing it makes says, chapter by chapter, that the tables hold nothing yet. Fill it in
this order, validating after each step (`make validate ARGS={folder}`):

1. **`briefing.yml`**: the publisher, and `first_year` (the first year the briefing covers).
2. **`sources.csv`**: one row per document you read (publisher, title, date, address). Every
   row of every other table names one of these by its `source_id`. The press-freedom editions
   are already there.
3. **`events.csv`**: the protests, crackdowns and trials the briefing is about.
4. **`casualty_estimates.csv`**: each figure of killed, injured, detained or prosecuted, one row
   per claim, with who claims it and when. Conflicting figures each get their own row: never
   average or add them up. Say whom a figure counts (`counted`: the security forces among the
   dead) and the period it covers (`period_start`, `period_end`: one night) where the document
   does; a count of political prisoners is metric `political_prisoners`, with its count date.
5. **`cases.csv`, `sentences.csv`, `charges.csv`, `torture_allegations.csv`**: the people
   prosecuted (or groups the documents count), each decision in their cases, the charges, and
   torture allegations with how they were answered. A person tried twice gets a row per trial,
   sharing one `person_id`; a sentence passed in absentia is outcome `in_absentia`.
6. **`offence_families.csv`**, **`recommendations.csv`**, **`conflicts.csv`**, **`statuses.csv`**,
   **`publishers.csv`**: optional extras (how charges group, what the documents ask for, known
   disagreements between sources, a named person's later status outside the courts, dated: a
   death, emigration, exile or asylum; and who each publisher is, from a document that says it).
7. **`press_freedom.csv`**: the rows of {countries} are in place, from the project's data{official}.
   Add editions with `python -m kzbrief import-rsf FOLDER --data-dir {folder}`.

Then build: `make briefing ARGS="--data-dir {folder} --out-dir build-{slug}"`.

The columns, their codes and the rules each table follows are described in the project's
`docs/data-schema.md`. To change the briefing's wording, copy a template from the package's
`src/kzbrief/prose/` into `templates/` here, under the same path, and edit it: the briefing
uses the folder's copy (see `templates/README.md`).
"""

TEMPLATES_README = """# This briefing's own wording

A template placed here under the same path as one in the package's `src/kzbrief/prose/`
(for example `summary/bottom_line.md`) replaces the package's for this briefing only.
Numbers in a template are always references to computed facts (`{{ facts... }}`), never typed.
"""


def new_folder(
    target: Path,
    country: str,
    iso3: str,
    *,
    adjective: str | None = None,
    first_year: int | None = None,
    compare: list[str] | None = None,
    rsf_dir: Path | None = None,
    project_data: Path = paths.DATA_DIR,
) -> list[Path]:
    """Write the new data folder; return the files written. Refuses a folder that holds anything."""
    compare = [code.upper() for code in (compare or [])]
    for code in [iso3, *compare]:
        if not ISO3.match(code):
            raise ScaffoldError(f"{code!r} is not an ISO 3166-1 alpha-3 country code (three capital letters)")
    if not country.strip():
        raise ScaffoldError("--country needs the country's name")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ScaffoldError(f"{target} already exists and is not an empty folder; nothing was written")
    if rsf_dir is not None and not rsf_dir.is_dir():
        raise ScaffoldError(f"--rsf-dir {rsf_dir} is not a folder of RSF yearly files")
    rows = press_rows([iso3, *compare], project_data, rsf_dir)
    missing = [code for code in compare if code not in set(rows["iso3"])]
    if missing:
        raise ScaffoldError(
            f"no press-freedom rows for {', '.join(missing)} in the project's data"
            + (" or the official files" if rsf_dir else "; give --rsf-dir with RSF's yearly files")
        )
    sources = press_sources(rows, project_data)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (file_name, columns) in _columns().items():
        frame = {PRESS_TABLE: rows, "sources": sources}.get(name, pd.DataFrame(columns=columns))
        path = target / file_name
        frame[columns].to_csv(path, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        written.append(path)
    config = target / "briefing.yml"
    config.write_text(_briefing_yml(country, iso3, adjective or country, first_year, compare), encoding="utf-8")
    names = ", ".join([iso3, *compare])
    official = " and the official RSF files" if rsf_dir else ""
    slug = re.sub(r"[^a-z0-9]+", "-", country.lower()).strip("-") or "briefing"
    readme = target / "README.md"
    readme.write_text(
        README.format(country=country, folder=target, countries=names, official=official, slug=slug), encoding="utf-8"
    )
    templates = target / "templates"
    templates.mkdir()
    (templates / "README.md").write_text(TEMPLATES_README, encoding="utf-8")
    return [config, readme, *written, templates / "README.md"]
