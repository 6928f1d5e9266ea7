"""Run every case of tests/hostile_corpus.py through `validate` and report how it was handled.

    .venv/bin/python bench/hostile_corpus.py [--timeout SECONDS] [--verbose]

Categories for a broken copy: caught clearly (a problem names the expected file, row and
column), caught but unclear (problems, none at the expected place), crashed or hung (an
exception, or no answer within the timeout), silently accepted (no problem; the loader is
then tried and its outcome noted). Valid variants are either accepted (and load) or wrongly
rejected. Works with older versions of kzbrief too: point PYTHONPATH at their src/, and the
copies get the schema that version reads (data/datapackage.json beside its package).
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hostile_corpus import CASES, build, relative_file  # noqa: E402

CLEAR, UNCLEAR, CRASHED, ACCEPTED = "caught clearly", "caught but unclear", "crashed or hung", "silently accepted"
VALID_OK, VALID_REJECTED = "valid: accepted and loads", "valid: wrongly rejected or failed to load"


def _schema_of(kzbrief_module) -> Path:
    """The descriptor the version under test ships: its package schema, else its data/ copy."""
    package_dir = Path(kzbrief_module.__file__).resolve().parent
    packaged = package_dir / "schema" / "datapackage.json"
    return packaged if packaged.exists() else package_dir.parent.parent / "data" / "datapackage.json"


def run_case(index: int) -> tuple[str, str]:
    """Classify one case (runs in a worker process, so a hang can be cut off)."""
    import kzbrief
    from kzbrief import datasets
    from kzbrief.validation import validate

    case = CASES[index]
    with tempfile.TemporaryDirectory() as tmp:
        data = build(case, Path(tmp), _schema_of(kzbrief))
        try:
            problems = validate(data)
        except Exception as exc:  # the point is to record crashes, not to stop at them
            return (
                CRASHED,
                f"validate raised {type(exc).__name__}: {str(exc).splitlines()[0][:100] if str(exc) else ''}",
            )
        if not problems:
            try:
                datasets.load_all(data)
                loaded = "loads"
            except Exception as exc:
                loaded = f"loader raised {type(exc).__name__}"
            if case.must_accept:
                return (VALID_OK, "") if loaded == "loads" else (VALID_REJECTED, loaded)
            return ACCEPTED, loaded
        if case.must_accept:
            return VALID_REJECTED, str(problems[0])[:120]
        places = {(relative_file(p.file, data), p.row, p.column) for p in problems}
        expected = {(file, row, column) for file, row, column, _ in case.expected}
        if expected <= places:
            return CLEAR, ""
        return UNCLEAR, str(problems[0])[:120]


def run_all(timeout: float) -> list[tuple[str, str, str]]:
    context = multiprocessing.get_context("fork")
    pool = context.Pool(1)
    results = []
    for index, case in enumerate(CASES):
        if case.skip_reason:
            results.append((case.name, "skipped", case.skip_reason))
            continue
        pending = pool.apply_async(run_case, (index,))
        try:
            category, detail = pending.get(timeout)
        except multiprocessing.TimeoutError:
            category, detail = CRASHED, f"no answer within {timeout:g} s (hung)"
            pool.terminate()
            pool = context.Pool(1)
        except Exception as exc:
            category, detail = CRASHED, f"worker failed: {type(exc).__name__}"
            pool.terminate()
            pool = context.Pool(1)
        results.append((case.name, category, detail))
    pool.terminate()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=30, help="seconds per case before it counts as hung")
    parser.add_argument("--verbose", action="store_true", help="list every case, not only the ones not caught clearly")
    args = parser.parse_args()
    results = run_all(args.timeout)
    import kzbrief

    print(f"kzbrief from {Path(kzbrief.__file__).resolve().parent}")
    for name, category, detail in results:
        if args.verbose or category not in (CLEAR, VALID_OK):
            print(f"  {category:<28} {name}" + (f"  [{detail}]" if detail else ""))
    counts = Counter(category for _, category, _ in results)
    hostile = sum(counts[c] for c in (CLEAR, UNCLEAR, CRASHED, ACCEPTED))
    print(f"\nBroken copies: {hostile}")
    for category in (CLEAR, UNCLEAR, CRASHED, ACCEPTED):
        print(f"  {category:<20} {counts[category]:>4}")
    loader_failed = sum(1 for _, c, d in results if c == ACCEPTED and d.startswith("loader raised"))
    if counts[ACCEPTED]:
        print(f"  (of the silently accepted, the loader then failed on {loader_failed})")
    print(
        f"Valid variants: {counts[VALID_OK] + counts[VALID_REJECTED]}  "
        f"(accepted and load: {counts[VALID_OK]}, wrongly rejected: {counts[VALID_REJECTED]})"
    )
    if counts["skipped"]:
        print(f"Skipped: {counts['skipped']}")


if __name__ == "__main__":
    main()
