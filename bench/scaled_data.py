"""Synthetic, larger copies of a data folder, for measuring how the build scales (not data).

    .venv/bin/python bench/scaled_data.py OUT --cases 100 --claims 100 [--data-dir data]

`--cases K` repeats every case row K times (the original and K-1 copies), with its sentences,
charges and torture allegations; `--claims K` does the same for the casualty and detention
claims. Each copy gets new ids and a defendant name with a copy number, so the copies are new
people and new claims to every rule of the data; everything else (sources, events, indexes) is
copied unchanged. The result validates like the original.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pandas as pd


def _read(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / name, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _repeat(frame: pd.DataFrame, copies: int, renamed: dict[str, str]) -> pd.DataFrame:
    """`frame` `copies` times; in copy k > 0 each non-empty cell of a column in `renamed` gets
    "-x{k}" (kind "id") or " {k+1}" (kind "name": a defendant, alias or trial)."""
    parts = []
    for k in range(copies):
        part = frame.copy()
        if k:
            for column, kind in renamed.items():
                given = part[column] != ""
                part.loc[given, column] = part.loc[given, column] + (f"-x{k}" if kind == "id" else f" {k + 1}")
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def scaled_copy(data_dir: Path, target: Path, *, cases: int = 1, claims: int = 1) -> dict[str, int]:
    """Write a copy of `data_dir` at `target` with case and claim rows multiplied; return the row
    counts of the multiplied tables."""
    shutil.copytree(data_dir, target)
    plans = {
        "cases.csv": (cases, {"case_id": "id", "defendant": "name", "aliases": "name", "proceeding": "name"}),
        "sentences.csv": (cases, {"case_id": "id"}),
        "charges.csv": (cases, {"case_id": "id"}),
        "torture_allegations.csv": (cases, {"allegation_id": "id", "case_id": "id"}),
        "casualty_estimates.csv": (claims, {"claim_id": "id"}),
    }
    counts = {}
    for name, (copies, renamed) in plans.items():
        frame = _repeat(_read(data_dir, name), copies, renamed)
        frame.to_csv(target / name, index=False, lineterminator="\n")
        counts[name] = len(frame)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--data-dir", type=Path, default=Path(__file__).resolve().parent.parent / "data")
    parser.add_argument("--cases", type=int, default=1)
    parser.add_argument("--claims", type=int, default=1)
    args = parser.parse_args()
    counts = scaled_copy(args.data_dir, args.out, cases=args.cases, claims=args.claims)
    print(", ".join(f"{name}: {n} rows" for name, n in counts.items()))


if __name__ == "__main__":
    main()
