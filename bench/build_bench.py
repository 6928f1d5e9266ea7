"""Benchmark of the build (not a test): prints seconds and peak memory for
a cold build, a rebuild with nothing changed, and a rebuild after one notebook changed.

    .venv/bin/python bench/build_bench.py [--data-dir DIR]

Each step runs build.py in a child process on a scratch copy of the notebooks, so the
numbers include interpreter start-up, as a user's build does. Peak memory is the largest
resident set among the build and its kernels (ru_maxrss of the waited-for children).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(args: list[str]) -> tuple[float, float]:
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "build.py"), *args], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, peak_mib


def touch_notebook(path: Path) -> None:
    """Change one notebook's content (a metadata field), as an edit would."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    notebook["metadata"]["bench_edit"] = time.time()
    path.write_text(json.dumps(notebook), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "data")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        notebooks = scratch / "notebooks"
        shutil.copytree(ROOT / "notebooks", notebooks)
        common = ["--data-dir", str(args.data_dir), "--out-dir", str(scratch / "build"),
                  "--figures-dir", str(scratch / "figures")]
        steps = [("cold build", lambda: None), ("no-change rebuild", lambda: None),
                 ("one notebook changed", lambda: touch_notebook(sorted(notebooks.glob("*.ipynb"))[0]))]
        print(f"notebooks: {len(list(notebooks.glob('*.ipynb')))}, data: {args.data_dir}")
        for label, prepare in steps:
            prepare()
            seconds, peak = run(common + ["--notebooks-dir", str(notebooks)])
            print(f"{label:<22} {seconds:6.1f} s   peak RSS so far {peak:6.0f} MiB")


if __name__ == "__main__":
    main()
