"""Execute notebooks with papermill, in parallel, with a content-hash cache.

A notebook's cache key covers its own bytes, its effective parameters, every file of the
data folder and every file of the package. An unchanged key reuses the executed notebook
and the figures it wrote, so a rebuild with nothing changed starts no kernel.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .. import paths

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# Parameters the build sets itself; they name scratch paths, so they stay out of cache keys.
BUILD_PARAMETERS = ("figures_dir",)


@dataclass
class NotebookRun:
    name: str
    source: Path
    parameters: dict
    key: str = ""
    executed: Path | None = None
    figures: Path | None = None
    cached: bool = False
    seconds: float = 0.0


class NotebookFailed(RuntimeError):
    """A notebook raised; the message names the notebook, the cell and the error."""

    def __init__(self, name: str, message: str, kept: Path):
        self.name, self.kept = name, kept
        super().__init__(message)


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree_digest(root: Path, patterns: tuple[str, ...] = ("**/*",)) -> dict[str, str]:
    files = sorted({p for pattern in patterns for p in root.glob(pattern) if p.is_file() and "__pycache__" not in p.parts})
    return {p.relative_to(root).as_posix(): file_digest(p) for p in files}


def cache_key(notebook: Path, parameters: dict, data_digest: dict[str, str], package_digest: dict[str, str]) -> str:
    keyed = {k: v for k, v in parameters.items() if k not in BUILD_PARAMETERS}
    material = {
        "notebook": file_digest(notebook),
        "parameters": keyed,
        "data": data_digest,
        "package": package_digest,
        "python": sys.version_info[:2],
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True, default=str).encode()).hexdigest()[:20]


def _execute_one(source: str, output: str, parameters: dict, cwd: str, progress, log: str) -> None:
    """Worker process: run one notebook, reporting each finished cell to `progress`.

    The worker's stderr, which the kernel inherits, goes to `log`: kernel start-up chatter
    stays out of the build's console (failures are reported from the exception instead).
    """
    import papermill

    with open(log, "w", encoding="utf-8") as handle:
        os.dup2(handle.fileno(), 2)
    name = Path(source).name

    def on_cell_executed(cell, cell_index, **_):
        if progress is not None:
            progress.put((name, cell_index + 1))

    papermill.execute_notebook(
        source, output, parameters=parameters, cwd=cwd, progress_bar=False,
        kernel_name="python3", on_cell_executed=on_cell_executed,
    )


def _failure_message(name: str, exc: BaseException) -> str:
    source = getattr(exc, "source", None)
    if source is None:
        return f"{name}: {type(exc).__name__}: {exc}"
    cell = getattr(exc, "exec_count", None) or getattr(exc, "cell_index", "?")
    tail = [ANSI.sub("", line) for line in (exc.traceback or [])][-6:]
    indented = "\n".join("    " + line for line in source.strip().splitlines())
    return (
        f"{name}: cell {cell} failed with {exc.ename}: {exc.evalue}\n"
        f"  cell source:\n{indented}\n"
        f"  traceback (last lines):\n" + "\n".join("    " + line for line in "\n".join(tail).splitlines())
    )


def _code_cell_count(path: Path) -> int:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return sum(1 for cell in notebook["cells"] if cell["cell_type"] == "code")


class Progress:
    """One status line per running notebook; plain lines when not on a terminal."""

    def __init__(self, runs: list[NotebookRun], stream=sys.stderr):
        self.totals = {r.source.name: _code_cell_count(r.source) + 1 for r in runs}  # +1: injected cell
        self.done = {name: 0 for name in self.totals}
        self.stream = stream
        self.tty = stream.isatty()

    def update(self, name: str, cell: int) -> None:
        self.done[name] = cell
        if self.tty:
            running = [f"{n} {self.done[n]}/{self.totals[n]}" for n in self.totals if 0 < self.done[n] < self.totals[n]]
            self.stream.write("\r\x1b[K  running: " + ", ".join(running))
            self.stream.flush()

    def line(self, text: str) -> None:
        if self.tty:
            self.stream.write("\r\x1b[K")
        print(text, file=self.stream, flush=True)


def execute_all(runs: list[NotebookRun], data_digest: dict[str, str], build_dir: Path, *, jobs: int, force: bool) -> list[NotebookRun]:
    """Execute (or take from cache) every run; raise NotebookFailed on the first failure.

    `data_digest` is `tree_digest(data_dir)`, computed once per build by the caller."""
    package_digest = tree_digest(paths.PACKAGE_DIR)
    cache = build_dir / "cache"
    work = build_dir / "work"
    failed = build_dir / "failed"
    for folder in (cache, work, failed):
        folder.mkdir(parents=True, exist_ok=True)
    pending = []
    for run in runs:
        run.key = cache_key(run.source, run.parameters, data_digest, package_digest)
        run.executed = cache / f"{run.source.stem}-{run.key}.ipynb"
        run.figures = cache / f"{run.source.stem}-{run.key}-figures"
        if run.executed.exists() and not force:
            run.cached = True
        else:
            pending.append(run)
    if not pending:
        return runs

    progress = Progress(pending)
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager, ProcessPoolExecutor(max_workers=max(1, jobs), mp_context=context) as pool:
        queue = manager.Queue()
        futures = {}
        for run in pending:
            scratch = work / f"{run.source.stem}-figures"
            shutil.rmtree(scratch, ignore_errors=True)
            scratch.mkdir(parents=True)
            parameters = {**run.parameters, "figures_dir": str(scratch)}
            progress.line(f"  executing {run.source.name}")
            started = time.perf_counter()
            future = pool.submit(_execute_one, str(run.source), str(work / run.source.name), parameters,
                                 str(run.source.parent), queue, str(work / f"{run.source.stem}.log"))
            futures[future] = (run, started, scratch)
        remaining = set(futures)
        while remaining:
            while not queue.empty():
                progress.update(*queue.get())
            finished = {f for f in remaining if f.done()}
            for future in finished:
                run, started, scratch = futures[future]
                remaining.discard(future)
                exc = future.exception()
                if exc is not None:
                    kept = failed / run.source.name
                    if (work / run.source.name).exists():
                        os.replace(work / run.source.name, kept)
                    for other in remaining:
                        other.cancel()
                    progress.line(f"  FAILED {run.source.name}")
                    raise NotebookFailed(run.source.name, _failure_message(run.source.name, exc), kept)
                run.seconds = time.perf_counter() - started
                shutil.rmtree(run.figures, ignore_errors=True)
                shutil.move(str(scratch), run.figures)
                os.replace(work / run.source.name, run.executed)
                progress.line(f"  done {run.source.name} in {run.seconds:.1f} s")
            time.sleep(0.1)
    return runs
