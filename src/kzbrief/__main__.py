"""Command line: `python -m kzbrief validate [DATA_DIR]`, `new DIR`, `import-rsf FOLDER` and `import-fotp FILE`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import paths
from .checks.rsf_files import curated_labels, official_files_problems
from .checks.rules import EMPTY_TABLE_RULE
from .validation import format_problems, validate


def default_countries(data_dir: Path) -> list[str] | None:
    """The briefing's country and its comparison group, from the data folder's briefing.yml;
    None (every country) when the folder has no usable config."""
    from . import config

    try:
        settings = config.load(data_dir)
    except config.ConfigError:
        return None
    return [settings.iso3, *settings.comparison_countries]


def _validate(args) -> int:
    problems = validate(args.data_dir)
    if problems:
        print(format_problems(problems), file=sys.stderr)
        return 1
    print(f"{args.data_dir}: all tables valid.")
    return 0


def _curated_labels(data_dir: Path) -> dict[int, str]:
    """{year: edition label} of the data folder's press_freedom.csv; none when it cannot be read."""
    from .datasets import load_table

    try:
        frame = load_table("press_freedom", data_dir, validate=False)
    except (OSError, ValueError, KeyError):
        return {}
    return curated_labels(frame.astype(str).to_dict("records"))


def _import_rsf(args) -> int:
    import pandas as pd

    from .rsf_import import RSFFormatError, read_official_folder, source_rows

    if not args.folder.is_dir():
        print(f"error: {args.folder} is not a folder of RSF yearly files", file=sys.stderr)
        return 1
    # What validate would refuse in raw/rsf is never written into press_freedom.csv.
    problems = official_files_problems(args.folder, labels=_curated_labels(args.data_dir))
    if problems:
        print(format_problems(problems) + "\nnothing was written", file=sys.stderr)
        return 1
    countries = default_countries(args.data_dir) if args.countries is None else args.countries
    try:
        rows = read_official_folder(args.folder, countries or None)
    except RSFFormatError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if rows.empty:  # writing an empty table over press_freedom.csv would lose every row
        print(f"error: {args.folder} holds no RSF yearly files (<year>.csv); nothing was written", file=sys.stderr)
        return 1
    if args.canonical_names:
        # One name per code (the latest edition's), so "Russia" and "Russian Federation" do not split a country.
        latest = rows.sort_values("year").groupby("iso3")["country"].last()
        rows["country"] = rows["iso3"].map(latest)
    out = args.out or sys.stdout
    rows.to_csv(out, index=False, lineterminator="\n")
    if args.sources_out:
        sources = source_rows(list(rows["edition"].unique()))
        target = Path(args.sources_out)
        if target.exists():
            existing = pd.read_csv(target, dtype=str, keep_default_na=False)
            existing = existing[~existing["source_id"].isin(sources["source_id"])]
            sources = pd.concat([existing, sources], ignore_index=True)
        sources.to_csv(target, index=False, lineterminator="\n")
    print(f"{len(rows)} rows from {rows['edition'].nunique()} editions.", file=sys.stderr)
    return 0


def _import_fotp(args) -> int:
    from .datasets import load_table
    from .fotp_import import FOTPFormatError, names_to_iso3, read_fotp

    countries = default_countries(args.data_dir) if args.countries is None else args.countries
    try:
        rows = read_fotp(
            args.file, names_to_iso3(load_table("press_freedom", args.data_dir, validate=False)), countries or None
        )
    except FOTPFormatError as exc:
        print("\n".join(f"error: {line}" for line in str(exc).splitlines()), file=sys.stderr)
        return 1
    if rows.empty:
        print(f"error: {args.file} holds no scores for the countries asked for; nothing was written", file=sys.stderr)
        return 1
    rows.to_csv(args.out or sys.stdout, index=False, lineterminator="\n")
    print(f"{len(rows)} rows from {rows['edition'].nunique()} editions.", file=sys.stderr)
    return 0


def _new(args) -> int:
    from .scaffold import ScaffoldError, new_folder

    try:
        written = new_folder(
            args.folder,
            args.country,
            args.iso3.upper(),
            adjective=args.adjective,
            first_year=args.first_year,
            compare=args.compare,
            rsf_dir=args.rsf_dir,
        )
    except ScaffoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    # The scaffold's promise: what it wrote is valid; the only problems left are the tables a
    # briefing cannot do without, which the researcher fills in.
    problems = validate(args.folder)
    to_fill = [p for p in problems if p.rule == EMPTY_TABLE_RULE]
    broken = [p for p in problems if p.rule != EMPTY_TABLE_RULE]
    if broken:
        print(format_problems(broken), file=sys.stderr)
        return 1
    print(f"Wrote {len(written)} files to {args.folder}; next steps are in {args.folder / 'README.md'}.")
    if to_fill:
        tables = ", ".join(Path(p.file).name for p in to_fill)
        print(f"To fill in before the first build: {tables} (at least one row each).")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kzbrief", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("validate", help="check every table of a data folder; exit 1 and list problems if any")
    check.add_argument("data_dir", nargs="?", type=Path, default=paths.DATA_DIR)
    check.set_defaults(run=_validate)

    new = sub.add_parser("new", help="write a data folder for a briefing on another country, ready to fill in")
    new.add_argument("folder", type=Path, help="the folder to create (must not exist, or be empty)")
    new.add_argument("--country", required=True, help="the country's name as the briefing prints it")
    new.add_argument("--iso3", required=True, help="its ISO 3166-1 alpha-3 code, as press_freedom.csv uses it")
    new.add_argument("--adjective", help="e.g. Belarusian (default: the country's name)")
    new.add_argument("--first-year", type=int, help="the first year the briefing covers (default: the data's first)")
    new.add_argument(
        "--compare",
        nargs="*",
        default=[],
        metavar="ISO3",
        help="the countries the press-freedom chapter compares it with",
    )
    new.add_argument(
        "--rsf-dir", type=Path, help="a folder of official RSF yearly files (<year>.csv) to take rows from"
    )
    new.set_defaults(run=_new)

    rsf = sub.add_parser("import-rsf", help="read official RSF yearly CSV files into the press_freedom.csv shape")
    rsf.add_argument(
        "folder", type=Path, help="folder of RSF yearly files (<year>.csv), as RSF serves them or comma-separated"
    )
    rsf.add_argument(
        "--countries",
        nargs="*",
        default=None,
        metavar="ISO3",
        help="codes to keep (default: the country and comparison_countries of the data folder's "
        "briefing.yml); none = all",
    )
    rsf.add_argument(
        "--data-dir", type=Path, default=paths.DATA_DIR, help="whose briefing.yml gives the default countries"
    )
    rsf.add_argument("--out", type=Path, help="write the rows here instead of standard output")
    rsf.add_argument("--sources-out", type=Path, help="add or update one sources.csv row per edition in this file")
    rsf.add_argument("--canonical-names", action="store_true", help="use the latest edition's name for each code")
    rsf.set_defaults(run=_import_rsf)

    fotp = sub.add_parser(
        "import-fotp",
        help="read Freedom House Freedom of the Press scores (tidied CSV) into the "
        "press_freedom.csv shape, as a separate series (index FH-FOTP)",
    )
    fotp.add_argument(
        "file", type=Path, help="CSV with columns country, year.reported, score (one row per country-year)"
    )
    fotp.add_argument(
        "--countries",
        nargs="*",
        default=None,
        metavar="ISO3",
        help="codes to keep (default: the country and comparison_countries of briefing.yml); none = all "
        "whose names match the RSF rows",
    )
    fotp.add_argument(
        "--data-dir", type=Path, default=paths.DATA_DIR, help="whose briefing.yml and RSF country names are used"
    )
    fotp.add_argument("--out", type=Path, help="write the rows here instead of standard output")
    fotp.set_defaults(run=_import_fotp)

    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except OSError as exc:  # an unreadable or unwritable file: one line, not a traceback
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"error: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
