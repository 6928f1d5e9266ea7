"""Benchmark of the build (not a test): prints seconds, what re-ran and the render time split
for the edits a user makes between builds.

    .venv/bin/python bench/build_bench.py [--data-dir DIR] [--table recommendations.csv]
    .venv/bin/python bench/build_bench.py --scales 1,10,100


Steps, in order, on scratch copies of the notebooks and the data (the project's own files
are never edited, except the stylesheet for the "CSS edited" step, which is restored):
cold build, no-change rebuild, README-only edit, one table edited, one notebook edited,
stylesheet edited. Each step runs build.py in a child process, so the numbers include
interpreter start-up, as a user's build does. The render split (HTML export, assembly, PDF)
comes from the build's own "time:" line. Peak memory is the largest resident set among the
build and its kernels (ru_maxrss of the waited-for children).

With --scales, it measures instead how the build scales: for each factor K (or CASESxCLAIMS,
e.g. 300x2330 for about 10,000 named people and 100,000 claims), a cold build of a
synthetic copy of the data whose case rows (with their sentences, charges and torture
allegations) and claim rows are repeated K times under new ids (bench/scaled_data.py), printing
time, the execute phase, peak memory and the PDF's page count.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CSS = ROOT / "src" / "kzbrief" / "styles" / "briefing.css"
sys.path.insert(0, str(Path(__file__).resolve().parent))
from scaled_data import scaled_copy  # noqa: E402  (a sibling script, not a package module)

# Runs build.py and prints the peak resident memory of it and its kernels (ru_maxrss of the
# waited-for descendants, in KiB on Linux): a fresh process per step, so steps do not share a peak.
MEASURED = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stdout.write(done.stdout + done.stderr)
print(f"peak-kib {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
sys.exit(done.returncode)
"""


def run(args: list[str]) -> dict:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), *args], check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    log = done.stdout + done.stderr
    timing = re.search(r"time: (.*)", log)
    split = (
        dict((m.group(1), float(m.group(2))) for m in re.finditer(r"([a-z ]+?) ([0-9.]+) s", timing.group(1)))
        if timing
        else {}
    )
    return {
        "seconds": seconds,
        "peak": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "executed": re.findall(r"executing (\S+)\.ipynb", log),
        "split": {name.strip(", "): value for name, value in split.items()},
        "rendered": "Nothing changed" not in log,
    }


def edit_notebook(path: Path) -> None:
    """Change one notebook's content (a metadata field), as an edit would."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    notebook["metadata"]["bench_edit"] = time.time()
    path.write_text(json.dumps(notebook), encoding="utf-8")


def edit_table(path: Path) -> None:
    """Append to the notes of the last row: a valid edit that changes the table's bytes."""
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    rows[-1]["notes"] = (rows[-1]["notes"] + " (edited)").strip()
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def pdf_pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def scale_steps(data_dir: Path, factors: list[tuple[int, int]]) -> None:
    """A cold build per (cases, claims) factor on a scaled copy of the data; time, execute phase,
    memory, pages."""
    print(
        f"{'scale':<10} {'cases':>7} {'claims':>7} {'total':>8} {'execute':>8} {'PDF':>6} {'peak RSS':>9} {'pages':>6}"
    )
    base = None
    for cases, claims in factors:
        label = f"x{cases}" if cases == claims else f"x{cases}/x{claims}"
        with tempfile.TemporaryDirectory() as scratch:
            scratch = Path(scratch)
            counts = scaled_copy(data_dir, scratch / "data", cases=cases, claims=claims)
            started = time.perf_counter()
            done = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    MEASURED,
                    sys.executable,
                    str(ROOT / "build.py"),
                    "--data-dir",
                    str(scratch / "data"),
                    "--out-dir",
                    str(scratch / "build"),
                    "--figures-dir",
                    str(scratch / "figures"),
                ],
                capture_output=True,
                text=True,
                env={**os.environ, "PYTHONHASHSEED": "0"},
            )
            seconds = time.perf_counter() - started
            if done.returncode != 0:
                print(f"{label:<10} build failed:\n{done.stdout[-3000:]}")
                continue
            split = dict(
                (m.group(1).strip(", "), float(m.group(2)))
                for m in re.finditer(r"([a-z ]+?) ([0-9.]+) s", re.search(r"time: (.*)", done.stdout).group(1))
            )
            peak = int(re.search(r"peak-kib (\d+)", done.stdout).group(1)) / 1024
            pages = pdf_pages(scratch / "build" / "briefing.pdf")
            base = base or seconds
            print(
                f"{label:<10} {counts['cases.csv']:>7} {counts['casualty_estimates.csv']:>7} {seconds:7.1f}s "
                f"{split.get('execute', 0):7.1f}s {split.get('pdf', 0):5.1f}s {peak:7.0f}MiB {pages:>6}"
                f"   ({seconds / base:.2f}x the first)"
            )


def factors(text: str) -> list[tuple[int, int]]:
    """'1,10,300x2330' -> [(1, 1), (10, 10), (300, 2330)]: (cases, claims) factors; one number
    scales both."""
    try:
        found = [tuple(int(n) for n in part.split("x")) * (2 if "x" not in part else 1) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected factors such as 1,10,100 or 300x2330, got {text!r}") from None
    if any(len(f) != 2 or min(f) < 1 for f in found):
        raise argparse.ArgumentTypeError(f"factors must be 1 or more, got {text!r}")
    return found


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "data")
    parser.add_argument("--table", default="recommendations.csv", help="the table the 'one table' step edits")
    parser.add_argument("--scales", type=factors, help="factors such as 1,10,100: measure scaling instead")
    return parser.parse_args(argv)


def main() -> None:
    args = parse_args()
    if args.scales:
        scale_steps(args.data_dir, args.scales)
        return
    original_css = CSS.read_bytes()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        notebooks, data = scratch / "notebooks", scratch / "data"
        shutil.copytree(ROOT / "notebooks", notebooks)
        shutil.copytree(args.data_dir, data)
        common = [
            "--data-dir",
            str(data),
            "--out-dir",
            str(scratch / "build"),
            "--figures-dir",
            str(scratch / "figures"),
            "--notebooks-dir",
            str(notebooks),
        ]
        steps = [
            ("cold build", lambda: None),
            ("no-change rebuild", lambda: None),
            ("README-only edit", lambda: (data / "README.md").write_text("edited\n", encoding="utf-8")),
            ("one table edited", lambda: edit_table(data / args.table)),
            ("one notebook edited", lambda: edit_notebook(sorted(notebooks.glob("*.ipynb"))[-1])),
            ("stylesheet edited", lambda: CSS.write_bytes(original_css + b"\n/* bench edit */\n")),
        ]
        print(f"notebooks: {len(list(notebooks.glob('*.ipynb')))}, data: {args.data_dir}, table edited: {args.table}")
        print(
            f"{'step':<20} {'total':>7} {'execute':>8} {'HTML':>6} {'assembly':>9} {'PDF':>6} {'peak RSS':>9}  re-ran"
        )
        try:
            for label, prepare in steps:
                prepare()
                result = run(common)
                split = result["split"]
                cells = [
                    f"{split[k]:.1f}" if k in split else "-" for k in ("execute", "html export", "assembly", "pdf")
                ]
                print(
                    f"{label:<20} {result['seconds']:6.1f}s {cells[0]:>8} {cells[1]:>6} {cells[2]:>9} {cells[3]:>6} "
                    f"{result['peak']:7.0f}MiB  {', '.join(result['executed']) or 'nothing'}"
                    + ("" if result["rendered"] else " (nothing rendered)")
                )
        finally:
            CSS.write_bytes(original_css)


if __name__ == "__main__":
    main()
