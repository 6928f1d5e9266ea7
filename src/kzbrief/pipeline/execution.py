"""Execute notebooks with papermill, in parallel, with a content-hash cache.

A notebook re-runs only when something its results depend on changed: its own bytes, its
effective parameters, the package modules it imports (dependencies.py follows its imports),
the data files every notebook shares (descriptor, checklists, config), and the tables and
folders it read the last time it ran (recorded by the loaders while it runs, see
kzbrief.inputs). Files of the data folder that are not data (README.md, dot files) and the
stylesheet and templates (used only when rendering) never re-run a notebook.

A cache entry is a folder <stem>-<base>.<inputs>/ holding the executed notebook, figures/,
the record of what it read and a manifest of every file's sha256; <base> keys everything
known before the run, <inputs> the recorded reads. It is assembled in work/ and renamed into
place, and a damaged entry (truncated, edited, a figure missing) is run again rather than
published. Only the newest entries of each notebook are kept (prune).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import os
import queue
import re
import shutil
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

from .. import inputs
from ..digests import (
    VALIDATED_VARIABLE,
    changed_files,
    data_digest,
    data_stamps,
    describe_changes,
    file_digest,
    tree_digest,
    validated_token,
)
from . import dependencies

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# Parameters the build sets itself; they name scratch paths, so they stay out of cache keys.
BUILD_PARAMETERS = ("figures_dir",)
DEFAULT_CELL_TIMEOUT = 600.0  # seconds: generous for any real cell, yet a hang ends within minutes
MAX_CELL_OUTPUT_BYTES = 20 * 2**20  # per cell: room for inline SVG figures, not for a runaway print loop
MANIFEST = "manifest.json"
INPUTS_LOG = "inputs.tsv"  # written inside the staged entry by the kernel's loaders
# Entries kept per notebook: the current run and a few earlier ones, so switching back to a
# recent selection or data version is instant while the cache stays bounded.
KEEP_PER_NOTEBOOK = 3


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
    basis: dict | None = None  # what the base key covers, kept in the manifest to explain re-runs
    reason: str = ""  # why it ran: "first run", "sentences.csv changed", ...


class NotebookFailed(RuntimeError):
    """A notebook raised; the message names the notebook, the cell and the error."""

    def __init__(self, name: str, message: str, kept: Path):
        self.name, self.kept = name, kept
        super().__init__(message)


def _named_folder_digests(parameters: dict) -> dict:
    """The contents of folders a parameter names outside the data folder (e.g. raw_rsf_dir=...):
    a run depends on their files, not only on their path."""
    return {
        name: data_digest(Path(value))
        for name, value in sorted(parameters.items())
        if name.endswith("_dir") and name != "data_dir" and isinstance(value, str) and value and Path(value).is_dir()
    }


def _digest_of(material) -> str:
    return hashlib.sha256(json.dumps(material, sort_keys=True, default=str).encode()).hexdigest()[:20]


def run_basis(notebook: Path, parameters: dict, shared_data: dict[str, str], modules: dict[str, str]) -> dict:
    """Everything a run depends on that is known before it runs."""
    keyed = {k: v for k, v in parameters.items() if k not in BUILD_PARAMETERS}
    return {
        "notebook": file_digest(notebook),
        "parameters": keyed,
        "folders": _named_folder_digests(keyed),
        "data": shared_data,
        "package": modules,
        "python": list(sys.version_info[:2]),
    }


def cache_key(basis: dict) -> str:
    """The base key, from a run's basis (run_basis): the part of a cache entry's name known before the run."""
    return _digest_of(basis)


class InputDigests:
    """Digests of the files runs read, taken once per build. Files inside the data folder come
    from the snapshot taken at the start (so an edit during the build cannot be stored under
    the old contents); other folders are read when first asked for."""

    def __init__(self, data_dir: Path, snapshot: dict[str, str], stamps: dict | None = None):
        self.data_dir, self.snapshot, self.others = Path(data_dir).resolve(), snapshot, {}
        self.stamps = stamps  # data_stamps taken with the snapshot: an edit undone is still an edit

    def _inside(self, path: Path) -> str | None:
        try:
            return path.relative_to(self.data_dir).as_posix()
        except ValueError:
            return None

    def of(self, recorded: str):
        kind, _, name = recorded.partition(":")
        path = Path(name)
        inside = self._inside(path)
        if kind == "table":
            if inside is not None:
                return self.snapshot.get(inside)
            return file_digest(path) if path.is_file() else None
        if inside is not None:
            prefix = "" if inside == "." else inside + "/"
            return {n[len(prefix) :]: d for n, d in self.snapshot.items() if n.startswith(prefix)}
        if recorded not in self.others:
            self.others[recorded] = data_digest(path)
        return self.others[recorded]

    def all_of(self, recorded) -> dict:
        return {name: self.of(name) for name in sorted(recorded)}


def _describe_input(recorded: str) -> str:
    kind, _, name = recorded.partition(":")
    return Path(name).name if kind == "table" else f"folder {name}"


class DataChanged(RuntimeError):
    """Data files changed after the build took their digests: what a run read may not be what its
    cache key says, so it is neither cached nor published."""

    def __init__(self, data_dir: Path, names: list[str]):
        self.names = names
        super().__init__(
            f"{describe_changes(data_dir, names)} changed while the build was running; nothing was cached or "
            "published from the changed data: run the build again"
        )


def check_unchanged(data_dir: Path, snapshot: dict[str, str], stamps: dict | None = None) -> None:
    """Raise DataChanged when the data folder no longer holds the bytes `snapshot` digested, or
    (given the `stamps` taken with it) when a file was written since, even back to those bytes:
    a run may have read the edit."""
    names = set(changed_files(snapshot, data_digest(data_dir)))
    if stamps is not None:
        now = data_stamps(data_dir)
        names |= {name for name in set(stamps) | set(now) if stamps.get(name) != now.get(name)}
    if names:
        raise DataChanged(data_dir, sorted(names))


class CellTimedOut(RuntimeError):
    """A cell ran longer than the cell timeout."""


class CellOutputTooLarge(RuntimeError):
    """A cell's outputs exceed the per-cell limit."""


def _first_line(source: str) -> str:
    lines = source.strip().splitlines()
    return lines[0] if lines else "(empty cell)"


def _output_size(cell) -> int:
    return len(json.dumps(cell.get("outputs", []), default=str).encode("utf-8"))


def _note_groups(groups: set[int]) -> None:
    """Add the process groups led by this process's descendants (the kernel's: a session of its
    own). A group led by anyone else (the build's, the terminal's) is never noted."""
    descendants = psutil.Process().children(recursive=True)
    leaders = {child.pid for child in descendants}
    for child in descendants:
        with contextlib.suppress(OSError, psutil.Error):
            group = os.getpgid(child.pid)
            if group in leaders:
                groups.add(group)


def _end_groups(groups: set[int]) -> None:
    """Kill what is left of the kernel's process groups and of this worker's own group once the
    notebook is done: a process a cell started in the background (`cmd &`) outlives the kernel,
    its parent gone, and no parent link leads to it; it would outlive a successful build."""
    for group in groups - {os.getpgrp()}:
        with contextlib.suppress(OSError):
            os.killpg(group, signal.SIGKILL)
    own = os.getpgrp()
    if own != os.getpid():  # not a worker leading its own group (_worker's setpgid): nothing of ours
        return
    for process in psutil.process_iter():
        with contextlib.suppress(OSError, psutil.Error):
            if process.pid != own and os.getpgid(process.pid) == own:
                process.kill()


def _execute_one(
    source: str,
    output: str,
    parameters: dict,
    cwd: str,
    messages,
    cell_timeout: float,
    max_output_bytes: int,
    groups: set[int] | None = None,
) -> None:
    """Run one notebook with papermill, posting ("cell", name, n) to `messages` after each cell;
    the process groups of the kernel (and of what its cells start) go into `groups`.

    Cells are numbered as the executed notebook counts its code cells (the injected
    parameters cell included), like papermill's own errors."""
    import papermill
    from nbclient.exceptions import CellTimeoutError

    name = Path(source).name
    current = {"number": 0, "source": ""}
    groups = set() if groups is None else groups

    def on_cell_start(cell, cell_index, **_):
        _note_groups(groups)
        if cell.cell_type == "code":
            current.update(number=current["number"] + 1, source=cell.source)

    def on_cell_executed(cell, cell_index, **_):
        _note_groups(groups)
        size = _output_size(cell)
        if size > max_output_bytes:
            raise CellOutputTooLarge(
                f"cell {current['number']} ({_first_line(cell.source)}) produced {size / 2**20:.1f} MB of output; "
                f"the limit is {max_output_bytes / 2**20:.1f} MB per cell"
            )
        messages.put(("cell", name, cell_index + 1))

    try:
        papermill.execute_notebook(
            source,
            output,
            parameters=parameters,
            cwd=cwd,
            progress_bar=False,
            kernel_name="python3",
            execution_timeout=cell_timeout,
            on_cell_start=on_cell_start,
            on_cell_executed=on_cell_executed,
        )
    except CellTimeoutError:
        raise CellTimedOut(
            f"cell {current['number']} ({_first_line(current['source'])}) was still running after "
            f"{cell_timeout:g} s, the cell timeout (--cell-timeout changes it)"
        ) from None


def _worker(
    source: str,
    output: str,
    parameters: dict,
    cwd: str,
    log: str,
    messages,
    cell_timeout: float,
    max_output_bytes: int,
    validated: str,
    build_pid: int | None = None,
) -> None:
    """Worker process: run one notebook, then post ("done", name, "") or ("failed", name, message).

    Failures travel as text: nbclient's exceptions do not all survive pickling. The worker's
    stderr, which the kernel inherits, goes to `log`: kernel start-up chatter stays out of
    the build's console."""
    # A process group of its own: Ctrl-C at the terminal reaches the build alone, which stops its
    # workers itself, and whatever the worker starts outside the kernel's session can be killed
    # with the group even once its parent has gone (kill_process_trees).
    os.setpgid(0, 0)
    name = Path(source).name
    # The kernel inherits this: the loaders note each table and folder the notebook uses there.
    os.environ[inputs.LOG_VARIABLE] = str(Path(output).parent / INPUTS_LOG)
    # ... and this: the data the build validated, which the loaders then do not validate again.
    os.environ[VALIDATED_VARIABLE] = validated
    groups: set[int] = set()
    _end_with_the_build(build_pid, groups)
    try:
        with open(log, "w", encoding="utf-8") as handle:
            os.dup2(handle.fileno(), 2)
        _execute_one(source, output, parameters, cwd, messages, cell_timeout, max_output_bytes, groups)
    except BaseException as exc:  # noqa: BLE001 - every failure must reach the parent as one message
        outcome = ("failed", name, _failure_message(name, exc))
    else:
        outcome = ("done", name, "")
    _end_groups(groups)  # before "done": the build goes on only once nothing the notebook started runs
    messages.put(outcome)


def _end_with_the_build(build_pid: int | None, groups: set[int]) -> None:
    """A build killed outright (SIGKILL, the OOM killer: no handler of its own runs) must not
    leave its workers running their notebooks to the end. On Linux the kernel sends a worker
    SIGTERM when the build dies (PR_SET_PDEATHSIG); the worker then kills its kernel's groups
    (and what their cells started) and exits. Elsewhere a worker runs on until its notebook ends."""
    if build_pid is None or not sys.platform.startswith("linux"):
        return

    def ended(signum, _frame):
        _end_groups(groups)
        os._exit(128 + signum)

    signal.signal(signal.SIGTERM, ended)
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != build_pid:  # the build died before the request was made
        ended(signal.SIGTERM, None)


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _failure_message(name: str, exc: BaseException) -> str:
    if isinstance(exc, (CellTimedOut, CellOutputTooLarge)):
        return f"{name}: {exc}"
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


def check_entry(entry: Path, key: str) -> str | None:
    """None when the cache entry is complete and unchanged, else what is wrong with it."""
    if not entry.is_dir():
        return "missing"
    try:
        manifest = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
        recorded = manifest["files"]
        if manifest["key"] != key:
            return "it was stored under another key"
    except (OSError, ValueError, KeyError, TypeError):
        return "its manifest is missing or unreadable"
    present = tree_digest(entry)
    present.pop(MANIFEST, None)
    for name in sorted(set(recorded) - set(present)):
        return f"{name} is missing"
    for name in sorted(set(present) - set(recorded)):
        return f"{name} was not part of it"
    for name, digest in sorted(recorded.items()):
        if present[name] != digest:
            return f"{name} was changed or truncated"
    return None


def store_entry(staged: Path, entry: Path, key: str, extra: dict | None = None) -> None:
    """Seal a finished run (notebook + figures/) with a manifest, then rename it into the cache.
    `extra` goes into the manifest too (what the run depended on).

    The rename is atomic: a reader sees the whole entry or none. Callers hold the build lock,
    so removing a damaged entry first cannot race another build."""
    files = tree_digest(staged)
    manifest = {**(extra or {}), "key": key, "files": files}
    (staged / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    if entry.exists():
        shutil.rmtree(entry)
    os.rename(staged, entry)


def kill_process_trees(pids: list[int], timeout: float = 10.0) -> None:
    """Kill workers and everything they started. Each worker has a process group of its own and
    each kernel a session (jupyter_client starts it so), hence a group, of its own: the tree found
    through parent links (collected before any kill) names those groups, and killing the groups
    also reaches processes a cell left behind whose parent has already exited (`cmd &`), which
    no parent link leads to. The build's own group is never signalled."""
    family = []
    for pid in pids:
        try:
            worker = psutil.Process(pid)
            family += worker.children(recursive=True) + [worker]
        except psutil.NoSuchProcess:
            continue
    groups = set()
    for process in family:
        with contextlib.suppress(OSError):
            groups.add(os.getpgid(process.pid))
    groups.discard(os.getpgrp())
    members = [p for p in psutil.process_iter() if p not in family and _in_groups(p, groups)]
    for group in groups:
        with contextlib.suppress(OSError):
            os.killpg(group, signal.SIGKILL)
    family += members
    for process in family:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()
    deadline = time.monotonic() + timeout
    while any(_alive(p) for p in family) and time.monotonic() < deadline:
        time.sleep(0.05)


def _in_groups(process: psutil.Process, groups: set[int]) -> bool:
    try:
        return os.getpgid(process.pid) in groups
    except OSError:
        return False


def _alive(process: psutil.Process) -> bool:
    """Running and not a zombie: a killed kernel whose worker died waits for init to reap it."""
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@dataclass
class _Running:
    run: NotebookRun
    process: multiprocessing.process.BaseProcess
    staged: Path
    started: float
    failed: bool = False


def _manifest(entry: Path) -> dict:
    try:
        manifest = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
        return manifest if isinstance(manifest, dict) else {}
    except (OSError, ValueError):
        return {}


def _entries(cache: Path, stem: str) -> list[Path]:
    """The cache entries of one notebook, newest first. Keys hold no '-', so the stem is what
    precedes the last one."""
    found = [p for p in cache.glob(f"{glob_escape(stem)}-*") if p.is_dir() and p.name.rsplit("-", 1)[0] == stem]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def _why_not_cached(run: NotebookRun, cache: Path, digests: InputDigests) -> str:
    """What changed since the newest earlier run of this notebook, in a few words."""
    entries = _entries(cache, run.source.stem)
    if not entries:
        return "first run"
    before = _manifest(entries[0])
    basis, earlier = run.basis or {}, before.get("basis")
    if not isinstance(earlier, dict):
        return "no usable earlier run"
    if basis.get("notebook") != earlier.get("notebook"):
        return "notebook changed"
    changed = [
        k for k in basis.get("parameters", {}) if basis["parameters"].get(k) != earlier.get("parameters", {}).get(k)
    ]
    if changed or basis.get("parameters") != earlier.get("parameters"):
        return "parameters changed" + (f": {', '.join(changed)}" if changed else "")
    for part, label in (("package", "package code"), ("data", "shared data file")):
        now, then = basis.get(part, {}), earlier.get(part, {})
        names = sorted(n for n in set(now) | set(then) if now.get(n) != then.get(n))
        if names:
            return f"{label} changed: {', '.join(names[:3])}" + (" …" if len(names) > 3 else "")
    if basis != earlier:
        return "parameter folder or Python version changed"
    recorded = before.get("inputs", {})
    names = [_describe_input(n) for n, d in sorted(recorded.items()) if digests.of(n) != d]
    if names:
        return f"{', '.join(names[:3])}" + (" …" if len(names) > 3 else "") + " changed"
    return "its cached run is not usable"


def _find_entry(run: NotebookRun, cache: Path, base: str, digests: InputDigests) -> Path | None:
    """The newest entry under this base key whose recorded inputs still have the same digests."""
    for entry in _entries(cache, run.source.stem):
        if not entry.name.startswith(f"{run.source.stem}-{base}."):
            continue
        recorded = _manifest(entry).get("inputs")
        if not isinstance(recorded, dict) or digests.all_of(recorded) != recorded:
            continue
        problem = check_entry(entry, entry.name.rsplit("-", 1)[1])
        if problem is None:
            return entry
        print(
            f"  note: the cached run of {run.source.name} is not used ({problem}); running it again",
            file=sys.stderr,
            flush=True,
        )
    return None


def execute_all(
    runs: list[NotebookRun],
    data_dir: Path,
    snapshot: dict[str, str],
    build_dir: Path,
    *,
    jobs: int,
    force: bool,
    cell_timeout: float = DEFAULT_CELL_TIMEOUT,
    max_output_bytes: int = MAX_CELL_OUTPUT_BYTES,
    stamps: dict | None = None,
) -> list[NotebookRun]:
    """Execute (or take from cache) every run; raise NotebookFailed on the first failure.

    `snapshot` is `data_digest(data_dir)`, taken once per build by the caller, who holds the
    build lock of `build_dir`; `stamps` (`data_stamps`) taken just before it."""
    cache, work, failed = build_dir / "cache", build_dir / "work", build_dir / "failed"
    shutil.rmtree(work, ignore_errors=True)  # leftovers of killed builds; under the lock no other build uses it
    for folder in (cache, work, failed):
        folder.mkdir(parents=True, exist_ok=True)
    digests = InputDigests(data_dir, snapshot, stamps)
    shared = {name: digest for name, digest in snapshot.items() if dependencies.is_shared_data_file(name)}
    pending = []
    for run in runs:
        run.basis = run_basis(run.source, run.parameters, shared, dependencies.package_digest(run.source, file_digest))
        run.key = cache_key(run.basis)
        entry = None if force else _find_entry(run, cache, run.key, digests)
        if entry is not None:
            run.cached, run.key = True, entry.name.rsplit("-", 1)[1]
            run.executed, run.figures = entry / run.source.name, entry / "figures"
            continue
        run.reason = "forced" if force else _why_not_cached(run, cache, digests)
        pending.append(run)
    if pending:
        _run_in_workers(
            pending,
            cache,
            work,
            failed,
            digests,
            jobs=jobs,
            cell_timeout=cell_timeout,
            max_output_bytes=max_output_bytes,
        )
    return runs


def prune(cache: Path, keep_entries: list[Path], keep: int = KEEP_PER_NOTEBOOK) -> list[Path]:
    """Remove all but the `keep` newest entries of each notebook (never one in `keep_entries`,
    the entries this build published) and anything in the cache that is not an entry."""
    if not cache.is_dir():
        return []
    protected = {p.resolve() for p in keep_entries}
    stems = {p.name.rsplit("-", 1)[0] for p in cache.iterdir() if p.is_dir() and "-" in p.name}
    removed = []
    for stem in sorted(stems):
        entries = _entries(cache, stem)
        kept = [p for p in entries if p.resolve() in protected]
        for entry in entries:
            if entry.resolve() in protected:
                continue
            if len(kept) < keep:
                kept.append(entry)
                continue
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def _start(
    run: NotebookRun, work: Path, context, messages, cell_timeout: float, max_output_bytes: int, validated: str
) -> _Running:
    # Scratch names carry the run's key and this process's id: two runs can never share them.
    staged = work / f"{run.source.stem}-{run.key}-{os.getpid()}"
    shutil.rmtree(staged, ignore_errors=True)
    (staged / "figures").mkdir(parents=True)
    parameters = {**run.parameters, "figures_dir": str(staged / "figures")}
    process = context.Process(
        target=_worker,
        daemon=True,
        args=(
            str(run.source),
            str(staged / run.source.name),
            parameters,
            str(run.source.parent),
            str(work / f"{staged.name}.log"),
            messages,
            cell_timeout,
            max_output_bytes,
            validated,
            os.getpid(),
        ),
    )
    process.start()
    return _Running(run, process, staged, time.perf_counter())


def _seal(run: NotebookRun, staged: Path, cache: Path, digests: InputDigests) -> None:
    """Store a finished run under its base key plus the digests of what it recorded reading.

    Those digests are the build's snapshot, taken before any notebook ran: a file edited while the
    run read it would be cached under bytes it never saw (and served once the edit is undone), so
    the data folder must still hold the snapshot's bytes when the run is sealed."""
    check_unchanged(digests.data_dir, digests.snapshot, digests.stamps)
    recorded = digests.all_of(f"{kind}:{path}" for kind, path in inputs.read_log(staged / INPUTS_LOG))
    run.key = f"{run.key}.{_digest_of(recorded)}"
    entry = cache / f"{run.source.stem}-{run.key}"
    store_entry(staged, entry, run.key, {"notebook": run.source.stem, "basis": run.basis, "inputs": recorded})
    run.executed, run.figures = entry / run.source.name, entry / "figures"


def _run_in_workers(
    pending: list[NotebookRun],
    cache: Path,
    work: Path,
    failed: Path,
    digests: InputDigests,
    *,
    jobs: int,
    cell_timeout: float,
    max_output_bytes: int,
) -> None:
    """Run notebooks `jobs` at a time, one process each. The first failure is reported at once;
    on any exit (failure, Ctrl-C, SIGTERM) every worker still running is killed with its kernel."""
    progress = Progress(pending)
    context = multiprocessing.get_context("spawn")
    messages = context.Queue()
    validated = validated_token(digests.data_dir, digests.snapshot)  # the same for every run of the build
    waiting = list(pending)
    running: dict[str, _Running] = {}
    try:
        while waiting or running:
            while waiting and len(running) < max(1, jobs):
                run = waiting.pop(0)
                progress.line(
                    f"  executing {run.source.name} ({run.reason})" if run.reason else f"  executing {run.source.name}"
                )
                running[run.source.name] = _start(
                    run,
                    work,
                    context,
                    messages,
                    cell_timeout,
                    max_output_bytes,
                    validated,
                )
            try:
                kind, name, detail = messages.get(timeout=0.2)
            except queue.Empty:
                _raise_if_a_worker_died(running, failed, progress)
                continue
            if kind == "cell":
                progress.update(name, detail)
            elif kind == "failed":
                _fail(running[name], detail, failed, progress)
            else:
                done = running.pop(name)
                done.process.join()
                done.run.seconds = time.perf_counter() - done.started
                _seal(done.run, done.staged, cache, digests)
                (work / f"{done.staged.name}.log").unlink(missing_ok=True)  # kept only for failures
                progress.line(f"  done {name} in {done.run.seconds:.1f} s")
    finally:
        kill_process_trees([unfinished.process.pid for unfinished in running.values()])
        for unfinished in running.values():
            unfinished.process.join(timeout=1)  # reap our own child
            shutil.rmtree(unfinished.staged, ignore_errors=True)
            if not unfinished.failed:  # a failed notebook's kernel log is kept beside it
                (work / f"{unfinished.staged.name}.log").unlink(missing_ok=True)
        messages.close()


def _fail(running: _Running, message: str, failed: Path, progress: Progress):
    running.failed = True
    kept = failed / running.run.source.name
    if (running.staged / running.run.source.name).exists():
        os.replace(running.staged / running.run.source.name, kept)
    progress.line(f"  FAILED {running.run.source.name}")
    raise NotebookFailed(running.run.source.name, message, kept)


def _raise_if_a_worker_died(running: dict[str, _Running], failed: Path, progress: Progress) -> None:
    for name, worker in running.items():
        if worker.process.exitcode not in (None, 0):  # killed or crashed before it could report
            _fail(
                worker, f"{name}: the process running it died (exit code {worker.process.exitcode})", failed, progress
            )
