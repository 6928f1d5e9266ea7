"""What a build publishes matches what it read: a figures dir that would swap away the out dir or
a link's target is refused, the briefing's files are published as one set, data edited while a
build runs is never cached or published under the digests taken before, and a stopped build
leaves no process behind."""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from conftest import ROOT, copy_tiny
from kzbrief.pipeline import briefing, catalog, execution, publishing, rendering
from kzbrief.pipeline.briefing import BuildError, BuildOptions, build
from test_build_safety import write_notebook

QUIET = dict(log=lambda *_: None)


# --- the figures dir: never the out dir, its files, the data, or a link ------------------------------


@pytest.mark.parametrize(
    "where, message",
    [
        (
            "out",
            r"^the figures dir .* is the out dir .*, whose briefing and cache it would replace; give --figures-dir",
        ),
        ("above out", r"^the figures dir .* holds the out dir .*, whose briefing and cache it would replace"),
        ("out cache", r"^the figures dir .* is inside the out dir .*, whose files the build manages; give"),
        ("data", r"^the figures dir .* is the data folder .*; give --figures-dir a folder of its own$"),
    ],
)
def test_a_figures_dir_that_is_or_holds_the_out_dir_or_its_files_is_refused(tiny_data, tmp_path, where, message):
    out = tmp_path / "site" / "out"
    out.mkdir(parents=True)
    (out / "briefing.html").write_text("the previous briefing")
    figures = {"out": out, "above out": tmp_path / "site", "out cache": out / "cache", "data": tiny_data}[where]
    options = BuildOptions(data_dir=tiny_data, build_dir=out, figures_dir=figures, only=["01_sentencing"])
    with pytest.raises(BuildError, match=message) as refused:
        build(options, **QUIET)
    assert "\n" not in str(refused.value)
    assert (out / "briefing.html").read_text() == "the previous briefing"
    assert sorted(p.name for p in out.iterdir()) == ["briefing.html"], "nothing was written before the refusal"


def test_a_figures_dir_that_is_a_symbolic_link_is_refused_and_its_target_kept(tiny_data, tmp_path):
    target = tmp_path / "shared-figures"
    target.mkdir()
    (target / "someone-elses.svg").write_text("not the build's")
    link = tmp_path / "figures"
    link.symlink_to(target, target_is_directory=True)
    options = BuildOptions(data_dir=tiny_data, build_dir=tmp_path / "out", figures_dir=link, only=["01_sentencing"])
    with pytest.raises(BuildError, match=r"^the figures dir .* is a symbolic link \(to .*shared-figures\); give"):
        build(options, **QUIET)
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert [p.name for p in target.iterdir()] == ["someone-elses.svg"]


def test_the_default_figures_dirs_are_accepted(tiny_data, tmp_path):
    from kzbrief import paths
    from kzbrief.pipeline.briefing import check_figures_dir

    check_figures_dir(tmp_path / "out" / "figures", tmp_path / "out", tiny_data, ROOT / "notebooks")
    check_figures_dir(paths.FIGURES_DIR, paths.BUILD_DIR, paths.DATA_DIR, paths.NOTEBOOKS_DIR)
    check_figures_dir(tmp_path / "elsewhere", tmp_path / "out", tiny_data, ROOT / "notebooks")


# --- publishing: the briefing's files go out as one set ------------------------------------------------


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """One real build of the sentencing chapter (HTML only) into its own out dir; tests re-render it."""
    root = tmp_path_factory.mktemp("published")
    data = copy_tiny(root / "data")
    options = BuildOptions(data_dir=data, build_dir=root / "out", only=["01_sentencing"], formats=("html",))
    build(options, **QUIET)
    return options


def published_set(out: Path) -> dict[str, bytes]:
    """Every file a reader or the next build sees: editions, catalog, annex, figures, render record."""
    files = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.name != ".build.owner"}
    files |= {f"figures/{p.name}": p.read_bytes() for p in (out / "figures").iterdir()}
    files |= {f"annex/{p.name}": p.read_bytes() for p in (out / "annex").iterdir()}
    return files


def edited_stylesheet(tmp_path, monkeypatch) -> None:
    """A stylesheet edit: the next build renders a different HTML without executing anything."""
    css = tmp_path / "briefing.css"
    css.write_text(rendering.CSS_FILE.read_text(encoding="utf-8") + "\n.edited-rule { color: red; }\n")
    monkeypatch.setattr(rendering, "CSS_FILE", css)
    monkeypatch.setattr(briefing, "CSS_FILE", css)


class Stopped(BaseException):
    """Stands for the build being killed: nothing after it runs."""


def stop(*_):
    raise Stopped()


def fail_the_catalog_rename(monkeypatch, error: BaseException) -> None:
    """Make the rename that puts facts.csv in place fail, once: after the HTML went in."""
    state = {"failed": False}
    for name in ("rename", "replace"):
        original = getattr(os, name)

        def renaming(source, target, *args, _original=original, **kwargs):
            if Path(target).name == catalog.CSV_NAME and not state["failed"]:
                state["failed"] = True
                raise error
            return _original(source, target, *args, **kwargs)

        monkeypatch.setattr(os, name, renaming)


@pytest.mark.e2e
def test_a_build_failing_between_two_renames_leaves_the_previous_set(published, tmp_path, monkeypatch):
    out = published.build_dir
    before = published_set(out)
    edited_stylesheet(tmp_path, monkeypatch)
    with monkeypatch.context() as failing:
        fail_the_catalog_rename(failing, OSError(28, "No space left on device"))
        with pytest.raises(OSError, match="No space left on device"):
            build(published, **QUIET)
    assert published_set(out) == before, "the previous HTML, catalog, annex, figures and render record, all of them"
    assert not [p.name for p in out.iterdir() if ".previous-" in p.name or p.name.endswith(".tmp")]
    result = build(published, **QUIET)
    assert result.rendered and ".edited-rule" in (out / "briefing.html").read_text(encoding="utf-8")


@pytest.mark.e2e
def test_a_build_killed_between_two_renames_is_rolled_back_by_the_next(published, tmp_path, monkeypatch):
    out = published.build_dir
    build(published, **QUIET)  # whatever an earlier test left: the published set of the current sources
    before = published_set(out)
    with monkeypatch.context() as killed:
        edited_stylesheet(tmp_path, killed)
        fail_the_catalog_rename(killed, Stopped())
        killed.setattr(publishing, "_roll_back", stop)  # a killed build rolls nothing back
        with pytest.raises(Stopped):
            build(published, **QUIET)
    notes = []
    result = build(published, log=notes.append)
    assert f"  note: a build into {out} was stopped while publishing; its previous briefing was restored" in notes
    assert not result.rendered, notes
    assert published_set(out) == before


# --- data edited during a build: never cached or published under the digests taken before --------------


def one_chapter(tmp_path) -> BuildOptions:
    data = copy_tiny(tmp_path / "data")
    return BuildOptions(data_dir=data, build_dir=tmp_path / "out", only=["01_sentencing"], formats=("html",))


def rename_defendant(data: Path) -> bytes:
    """Edit cases.csv so the chapter prints another name; returns the original bytes."""
    cases = data / "cases.csv"
    original = cases.read_bytes()
    assert b"John Example" in original
    cases.write_bytes(original.replace(b"John Example", b"Jane Edited"))
    return original


@pytest.mark.e2e
def test_a_table_edited_while_the_build_waits_for_the_lock_is_built_from_its_new_bytes(tmp_path, monkeypatch):
    options = one_chapter(tmp_path)
    html = options.build_dir / "briefing.html"
    edits = {}
    mark = briefing.mark_out_dir

    def edit_then_mark(build_dir):  # runs once the lock is held: as if edited while the build waited
        edits["original"] = rename_defendant(options.data_dir)
        mark(build_dir)

    with monkeypatch.context() as waiting:
        waiting.setattr(briefing, "mark_out_dir", edit_then_mark)
        build(options, **QUIET)
    assert "Jane Edited" in html.read_text(encoding="utf-8")
    (options.data_dir / "cases.csv").write_bytes(edits["original"])  # the edit undone
    result = build(options, **QUIET)
    assert result.executed == ["01_sentencing.ipynb"] and result.rendered, "not 'up to date'"
    text = html.read_text(encoding="utf-8")
    assert "John Example" in text and "Jane Edited" not in text


@pytest.mark.e2e
def test_a_table_edited_while_a_notebook_runs_is_neither_cached_nor_published(tmp_path, monkeypatch):
    options = one_chapter(tmp_path)
    edits = {}
    start = execution._start

    def edit_then_start(*args, **kwargs):
        edits["original"] = rename_defendant(options.data_dir)
        return start(*args, **kwargs)

    with monkeypatch.context() as editing:
        editing.setattr(execution, "_start", edit_then_start)
        with pytest.raises(BuildError) as stopped:
            build(options, **QUIET)
    assert str(stopped.value) == (
        f"{options.data_dir / 'cases.csv'} changed while the build was running; nothing was cached or published "
        "from the changed data: run the build again"
    )
    assert list((options.build_dir / "cache").iterdir()) == []
    assert not (options.build_dir / "briefing.html").exists()
    (options.data_dir / "cases.csv").write_bytes(edits["original"])
    result = build(options, **QUIET)
    assert result.executed == ["01_sentencing.ipynb"]
    text = (options.build_dir / "briefing.html").read_text(encoding="utf-8")
    assert "John Example" in text and "Jane Edited" not in text


@pytest.mark.e2e
def test_a_table_edited_and_changed_back_during_one_build_is_neither_cached_nor_published(tmp_path, monkeypatch):
    """The notebook reads the edit; the file is back to its old bytes (and modification time)
    before the run is sealed, so its digest is the snapshot's again: the write is still seen."""
    options = one_chapter(tmp_path)
    cases = options.data_dir / "cases.csv"
    before = cases.stat()
    edits = {}
    start, seal = execution._start, execution._seal

    def edit_then_start(*args, **kwargs):
        edits["original"] = rename_defendant(options.data_dir)
        return start(*args, **kwargs)

    def undo_then_seal(run, staged, *args, **kwargs):
        assert "Jane Edited" in (staged / run.source.name).read_text(encoding="utf-8"), "the run read the edit"
        cases.write_bytes(edits["original"])
        os.utime(cases, ns=(before.st_atime_ns, before.st_mtime_ns))
        return seal(run, staged, *args, **kwargs)

    with monkeypatch.context() as editing:
        editing.setattr(execution, "_start", edit_then_start)
        editing.setattr(execution, "_seal", undo_then_seal)
        with pytest.raises(BuildError) as stopped:
            build(options, **QUIET)
    assert str(stopped.value) == (
        f"{cases} changed while the build was running; nothing was cached or published from the changed data: "
        "run the build again"
    )
    assert list((options.build_dir / "cache").iterdir()) == []
    assert not (options.build_dir / "briefing.html").exists()
    result = build(options, **QUIET)
    assert result.executed == ["01_sentencing.ipynb"] and result.rendered
    text = (options.build_dir / "briefing.html").read_text(encoding="utf-8")
    assert "John Example" in text and "Jane Edited" not in text


def test_a_write_that_restores_a_files_bytes_and_time_is_still_a_change(tiny_data):
    from kzbrief.digests import data_digest, data_stamps

    cases = tiny_data / "cases.csv"
    before, digest, stamps = cases.stat(), data_digest(tiny_data), data_stamps(tiny_data)
    execution.check_unchanged(tiny_data, digest, stamps)
    time.sleep(0.01)
    cases.write_bytes(cases.read_bytes())
    os.utime(cases, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert data_digest(tiny_data) == digest
    with pytest.raises(execution.DataChanged, match=r"cases\.csv changed while the build was running"):
        execution.check_unchanged(tiny_data, digest, stamps)
    (tiny_data / "README.md").write_text("notes are not data")
    execution.check_unchanged(tiny_data, digest, data_stamps(tiny_data))


# --- a stopped build leaves no process behind ---------------------------------------------------------


def cmdline(process: psutil.Process) -> str:
    try:
        return " ".join(process.cmdline())
    except psutil.Error:  # gone, or a zombie
        return ""


def started_by(build_process: psutil.Process) -> list[psutil.Process]:
    """Every process the build started: its descendants, and whatever shares their process groups
    (a process whose parent exited is no descendant any more, but stays in its group)."""
    descendants = build_process.children(recursive=True)
    groups = {os.getpgid(p.pid) for p in descendants} - {os.getpgrp()}
    members = []
    for process in psutil.process_iter():
        try:
            if process not in descendants and os.getpgid(process.pid) in groups:
                members.append(process)
        except (OSError, psutil.NoSuchProcess):
            continue
    return descendants + members


@pytest.mark.e2e
def test_a_successful_build_leaves_no_process_a_cell_started(tiny_data, tmp_path):
    """A cell starts a process in the background and its shell exits at once: the process is no
    descendant of anything the build knows, yet it ends with the notebook's run, not after it."""
    notebooks, pid_file = tmp_path / "notebooks", tmp_path / "left-behind.pid"
    write_notebook(notebooks, "leaves_a_process", f"import os; os.system('sleep 300 & echo $! > {pid_file}')")
    options = BuildOptions(notebooks_dir=notebooks, data_dir=tiny_data, build_dir=tmp_path / "out", formats=("html",))
    left = None
    try:
        result = build(options, **QUIET)
        assert result.rendered and result.executed == ["leaves_a_process.ipynb"]
        left = psutil.Process(int(pid_file.read_text()))
        _, alive = psutil.wait_procs([left], timeout=5)
        assert [p for p in alive if p.is_running() and p.status() != psutil.STATUS_ZOMBIE] == [], cmdline(left)
    except psutil.NoSuchProcess:
        pass  # gone and reaped
    finally:
        if left is not None:
            with contextlib.suppress(psutil.Error):
                left.kill()


@pytest.mark.e2e
@pytest.mark.parametrize(
    "signum, status",
    [(signal.SIGTERM, 143), (signal.SIGKILL, -signal.SIGKILL)],
    ids=["SIGTERM", "SIGKILL (no handler runs: the workers see their build gone)"],
)
def test_a_stopped_or_killed_build_leaves_no_process_it_started(tiny_data, tmp_path, signum, status):
    notebooks = tmp_path / "notebooks"
    marker = tmp_path / "left-behind-started"
    # A cell that leaves a process behind whose parent (the shell) exits at once, then waits.
    write_notebook(
        notebooks,
        "leaves_a_process",
        f"import os; os.system('sleep 300 & touch {marker}')",
        "import time; time.sleep(300)",
    )
    write_notebook(notebooks, "sleeps", "import time; time.sleep(300)")
    command = [sys.executable, "build.py", "--notebooks-dir", notebooks, "--data-dir", tiny_data]
    command += ["--out-dir", tmp_path / "out", "--format", "html", "--jobs", "2"]
    build_process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watched = psutil.Process(build_process.pid)
    started = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and build_process.poll() is None:
            if marker.exists() and sum("ipykernel_launcher" in cmdline(p) for p in started_by(watched)) == 2:
                break
            time.sleep(0.2)
        time.sleep(1)  # the sleeping notebook's cell is running
        started = started_by(watched)
        assert marker.exists() and any(cmdline(p).startswith("sleep") for p in started), "no process left behind"
        workers = [p for p in started if "spawn_main" in cmdline(p) or "ipykernel_launcher" in cmdline(p)]
        assert len(workers) == 4 and all(os.getpgid(p.pid) != os.getpgid(build_process.pid) for p in workers), (
            "workers and kernels run in process groups of their own"
        )
        build_process.send_signal(signum)
        _, stderr = build_process.communicate(timeout=60)
        assert build_process.returncode == status, stderr
        _, alive = psutil.wait_procs(started, timeout=10)
        survivors = [p for p in alive if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        assert survivors == [], [cmdline(p) for p in survivors]
    finally:  # whatever failed above, nothing this test started keeps running
        for process in [watched, *(started or started_by(watched))]:
            with contextlib.suppress(psutil.Error):
                process.kill()
