"""The build under stress: a lock per out dir, a sealed cache, timeouts, failures, signals,
unusable folders. Most tests stop before a kernel starts; the few that need one use a
two-cell notebook, and one pair of real builds checks concurrent builds end to end."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import psutil
import pytest

from conftest import ROOT, notebook_text
from kzbrief import paths
from kzbrief.pipeline import briefing
from kzbrief.pipeline.briefing import BuildError, BuildOptions, build, figures_target, out_dir_lock
from kzbrief.pipeline.execution import MANIFEST, NotebookFailed, check_entry, store_entry

QUIET = dict(log=lambda *_: None)


def write_notebook(folder: Path, name: str, *cells: str) -> Path:
    """A notebook with the project's two path parameters and the given code cells."""
    parameters = nbformat.v4.new_code_cell('data_dir = "../data"\nfigures_dir = "../figures"')
    parameters.metadata["tags"] = ["parameters"]
    notebook = nbformat.v4.new_notebook(cells=[parameters, *(nbformat.v4.new_code_cell(c) for c in cells)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.ipynb"
    nbformat.write(notebook, path)
    return path


def kernels_started_in(folder: Path) -> list[psutil.Process]:
    """Running kernels whose working directory is `folder` (papermill starts them in the notebook's folder)."""
    found = []
    for process in psutil.process_iter(["cmdline"]):
        try:
            if (
                "ipykernel_launcher" in " ".join(process.info["cmdline"] or [])
                and process.status() != psutil.STATUS_ZOMBIE
                and Path(process.cwd()) == folder.resolve()
            ):
                found.append(process)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return found


def injected_parameters(path: Path) -> str:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return "".join(
        next(c["source"] for c in notebook["cells"] if "injected-parameters" in c["metadata"].get("tags", []))
    )


def run_cli(*arguments, **kwargs):
    return subprocess.run(
        [sys.executable, "build.py", *map(str, arguments)], cwd=ROOT, capture_output=True, text=True, **kwargs
    )


def assert_one_error_line(result, *fragments):
    lines = result.stderr.strip().splitlines()
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]


# --- unusable folders: one line, no traceback, nothing started -------------------------------------------


@pytest.mark.e2e
def test_out_dir_that_is_a_file_is_one_clear_line(tiny_data, tmp_path):
    (tmp_path / "out").write_text("not a folder")
    result = run_cli("--data-dir", tiny_data, "--out-dir", tmp_path / "out", "--only", "01_sentencing")
    assert_one_error_line(result, f"the out dir {tmp_path / 'out'} is a file, not a folder")
    assert result.returncode == 1


@pytest.mark.e2e
def test_out_dir_below_a_file_is_one_clear_line(tiny_data, tmp_path):
    (tmp_path / "blocker").write_text("")
    result = run_cli("--data-dir", tiny_data, "--out-dir", tmp_path / "blocker" / "out", "--only", "01_sentencing")
    assert_one_error_line(
        result,
        f"the out dir {tmp_path / 'blocker' / 'out'} cannot be created: {tmp_path / 'blocker'} is a file, not a folder",
    )


@pytest.mark.e2e
def test_figures_dir_that_is_a_file_is_one_clear_line(tiny_data, tmp_path):
    (tmp_path / "figs").write_text("")
    result = run_cli(
        "--data-dir",
        tiny_data,
        "--out-dir",
        tmp_path / "out",
        "--figures-dir",
        tmp_path / "figs",
        "--only",
        "01_sentencing",
    )
    assert_one_error_line(result, f"the figures dir {tmp_path / 'figs'} is a file, not a folder")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through chmod 555; the file cases cover root")
def test_read_only_out_dir_is_one_clear_line(tiny_data, tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out").chmod(0o555)
    try:
        result = run_cli("--data-dir", tiny_data, "--out-dir", tmp_path / "out", "--only", "01_sentencing")
    finally:
        (tmp_path / "out").chmod(0o755)
    assert_one_error_line(result, f"the out dir {tmp_path / 'out'} is not writable (permission denied on")


@pytest.mark.e2e
@pytest.mark.parametrize("make, state", [(None, "does not exist"), ("file", "is a file, not a folder")])
def test_data_dir_missing_or_a_file_is_one_clear_line(tmp_path, make, state):
    data = tmp_path / "data"
    if make == "file":
        data.write_text("")
    result = run_cli("--data-dir", data, "--out-dir", tmp_path / "out", "--only", "01_sentencing")
    assert_one_error_line(result, f"the data folder {data} {state}")
    assert not (tmp_path / "out").exists()


@pytest.mark.e2e
def test_missing_notebooks_dir_is_one_clear_line(tiny_data, tmp_path):
    result = run_cli("--notebooks-dir", tmp_path / "nowhere", "--data-dir", tiny_data, "--out-dir", tmp_path / "out")
    assert_one_error_line(result, f"the notebooks folder {tmp_path / 'nowhere'} does not exist")
    assert result.returncode == 2


# --- figures follow the out dir ------------------------------------------------------------------------


def test_figures_follow_the_out_dir(tmp_path):
    assert figures_target(BuildOptions()) == paths.FIGURES_DIR
    assert figures_target(BuildOptions(build_dir=paths.BUILD_DIR)) == paths.FIGURES_DIR
    assert figures_target(BuildOptions(build_dir=tmp_path / "out")) == tmp_path / "out" / "figures"
    assert figures_target(BuildOptions(build_dir=tmp_path / "out", figures_dir=tmp_path / "f")) == tmp_path / "f"
    assert figures_target(BuildOptions(build_dir=tmp_path / "out", figures_dir=paths.FIGURES_DIR)) == paths.FIGURES_DIR


# --- the lock -------------------------------------------------------------------------------------------


@pytest.mark.e2e
def test_second_build_into_a_locked_out_dir_stops_with_one_line(tiny_data, tmp_path):
    out = tmp_path / "out"
    with out_dir_lock(out, wait=0):
        with pytest.raises(BuildError) as stopped:
            build(BuildOptions(data_dir=tiny_data, build_dir=out, only=["01_sentencing"], wait_for_lock=0), **QUIET)
        assert str(stopped.value) == (
            f"another build is using {out} (pid {os.getpid()}); stopped "
            "(--wait-for-lock SECONDS waits for it, or use another --out-dir)"
        )
        with pytest.raises(BuildError, match=rf"another build is still using .* \(pid {os.getpid()}\) after 0.3 s"):
            build(BuildOptions(data_dir=tiny_data, build_dir=out, only=["01_sentencing"], wait_for_lock=0.3), **QUIET)
        result = run_cli("--data-dir", tiny_data, "--out-dir", out, "--only", "01_sentencing", "--wait-for-lock", "0.5")
        lines = result.stderr.strip().splitlines()
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert lines == [
            f"another build is using {out} (pid {os.getpid()}); waiting up to 0.5 s…",
            f"error: another build is still using {out} (pid {os.getpid()}) after 0.5 s; "
            "try again later or use another --out-dir",
        ]
    assert not (out / "cache").exists(), "the stopped builds wrote nothing"
    with out_dir_lock(out, wait=0):  # released by every path above
        pass


# --- the sealed cache -----------------------------------------------------------------------------------


def sealed_entry(tmp_path) -> Path:
    staged = tmp_path / "work" / "nb-key1-1"
    (staged / "figures").mkdir(parents=True)
    (staged / "nb.ipynb").write_text('{"cells": []}')
    (staged / "figures" / "chart.svg").write_text("<svg/>")
    entry = tmp_path / "cache" / "nb-key1"
    entry.parent.mkdir()
    store_entry(staged, entry, "key1")
    assert not staged.exists()
    return entry


def test_a_sealed_cache_entry_is_accepted(tmp_path):
    entry = sealed_entry(tmp_path)
    manifest = json.loads((entry / MANIFEST).read_text())
    assert manifest["key"] == "key1" and sorted(manifest["files"]) == ["figures/chart.svg", "nb.ipynb"]
    assert check_entry(entry, "key1") is None


@pytest.mark.parametrize(
    "damage, problem",
    [
        (lambda e: (e / "nb.ipynb").write_text('{"cel'), "nb.ipynb was changed or truncated"),
        (lambda e: (e / "figures" / "chart.svg").unlink(), "figures/chart.svg is missing"),
        (
            lambda e: (e / "figures" / "chart.svg").write_text("<svg>edited</svg>"),
            "figures/chart.svg was changed or truncated",
        ),
        (lambda e: (e / "figures" / "extra.png").write_text("x"), "figures/extra.png was not part of it"),
        (lambda e: (e / MANIFEST).unlink(), "its manifest is missing or unreadable"),
        (lambda e: (e / MANIFEST).write_text("{"), "its manifest is missing or unreadable"),
        (
            lambda e: (e / MANIFEST).write_text(json.dumps({"key": "other", "files": {}})),
            "it was stored under another key",
        ),
        (lambda e: shutil.rmtree(e), "missing"),
    ],
)
def test_a_damaged_cache_entry_is_refused_with_the_reason(tmp_path, damage, problem):
    entry = sealed_entry(tmp_path)
    damage(entry)
    assert check_entry(entry, "key1") == problem


def test_a_truncated_briefing_is_noticed(tmp_path):
    html = tmp_path / "briefing.html"
    html.write_text("<html>the whole briefing</html>")
    record = tmp_path / ".render-key"
    record.write_text(briefing._render_record({"html": html}, "k"))
    notes = []
    assert briefing._published_intact(record, {"html": html}, "k", notes.append)
    assert not briefing._published_intact(record, {"html": html}, "other key", notes.append)
    html.write_text("<html>the whole")
    assert not briefing._published_intact(record, {"html": html}, "k", notes.append)
    assert notes == [
        f"  note: {html} is not the file this build published last (truncated or edited); rendering it again"
    ]
    record.write_text("0123abcd")  # a record from before digests were kept
    assert not briefing._published_intact(record, {"html": html}, "k", notes.append)


# --- time and processes (small notebooks, real kernels) -------------------------------------------------


@pytest.mark.e2e
def test_a_hanging_cell_times_out_with_notebook_cell_and_source(tiny_data, tmp_path):
    notebooks = tmp_path / "notebooks"
    write_notebook(notebooks, "hangs", "x = 1", "import time; time.sleep(600)")
    with pytest.raises(NotebookFailed) as failed:
        build(
            BuildOptions(notebooks_dir=notebooks, data_dir=tiny_data, build_dir=tmp_path / "out", cell_timeout=2),
            **QUIET,
        )
    # cell 1 is papermill's injected parameters, 2 the notebook's own, 3 and 4 the cells above
    assert str(failed.value) == (
        "hangs.ipynb: cell 4 (import time; time.sleep(600)) was still running after 2 s, "
        "the cell timeout (--cell-timeout changes it)"
    )
    assert kernels_started_in(notebooks) == []


@pytest.mark.e2e
def test_oversize_cell_output_fails_the_build_before_anything_is_cached(tiny_data, tmp_path):
    notebooks = tmp_path / "notebooks"
    write_notebook(notebooks, "noisy", "print('x' * 3_000_000)")
    with pytest.raises(NotebookFailed) as failed:
        build(
            BuildOptions(
                notebooks_dir=notebooks, data_dir=tiny_data, build_dir=tmp_path / "out", max_cell_output_bytes=1_000_000
            ),
            **QUIET,
        )
    assert str(failed.value) == (
        "noisy.ipynb: cell 3 (print('x' * 3_000_000)) produced 2.9 MB of output; the limit is 1.0 MB per cell"
    )
    assert list((tmp_path / "out" / "cache").iterdir()) == []
    assert not (tmp_path / "out" / "briefing.html").exists()


@pytest.mark.e2e
def test_a_failure_is_reported_at_once_and_other_kernels_are_killed(tiny_data, tmp_path):
    notebooks = tmp_path / "notebooks"
    write_notebook(notebooks, "a_sleeps", "import time; time.sleep(300)")
    write_notebook(notebooks, "b_fails", "import time; time.sleep(3)", "1 / 0")
    started = time.monotonic()
    with pytest.raises(NotebookFailed) as failed:
        build(BuildOptions(notebooks_dir=notebooks, data_dir=tiny_data, build_dir=tmp_path / "out", jobs=2), **QUIET)
    assert failed.value.name == "b_fails.ipynb" and "ZeroDivisionError" in str(failed.value)
    assert time.monotonic() - started < 200, "the build waited for the sleeping notebook"
    assert kernels_started_in(notebooks) == []
    left = [p.name for p in (tmp_path / "out" / "work").iterdir()]
    assert len(left) == 1 and left[0].startswith("b_fails-") and left[0].endswith(".log"), (
        "only the failed notebook's kernel log stays; the killed run's scratch is removed"
    )
    with out_dir_lock(tmp_path / "out", wait=0):
        pass


def annex_files(out: Path) -> dict[str, bytes]:
    """The data annex a reader has: spreadsheet, page and CSV files."""
    files = [out / "annex.xlsx", out / "annex.html", *sorted((out / "annex").iterdir())]
    return {str(p.relative_to(out)): p.read_bytes() for p in files}


@pytest.mark.e2e
def test_a_failed_build_leaves_the_previous_annex_untouched(tiny_data, tmp_path):
    notebooks, out = tmp_path / "notebooks", tmp_path / "out"
    write_notebook(notebooks, "chapter", "print('a chapter')")
    options = BuildOptions(notebooks_dir=notebooks, data_dir=tiny_data, build_dir=out, formats=("html",))
    build(options, **QUIET)
    before = annex_files(out)
    assert "annex/people.csv" in before and b"John Example" in before["annex/people.csv"]
    (out / "annex" / "people.csv").unlink()  # a published file gone: the build is not up to date
    assert build(options, **QUIET).rendered and annex_files(out) == before
    cases = tiny_data / "cases.csv"
    cases.write_text(cases.read_text(encoding="utf-8").replace("John Example", "Jane Edited"), encoding="utf-8")
    write_notebook(notebooks, "chapter", "print('a chapter')", "1 / 0")
    with pytest.raises(NotebookFailed):
        build(options, **QUIET)
    assert annex_files(out) == before
    assert not list(out.glob(".annex*")), "nothing staged is left behind"


def _sigint_as_a_terminal_sends_it():
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.e2e
@pytest.mark.parametrize("signum, status", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_stops_workers_and_kernels_and_keeps_the_previous_briefing(tiny_data, tmp_path, signum, status):
    notebooks = tmp_path / "notebooks"
    write_notebook(notebooks, "sleeps", "import time; time.sleep(300)")
    out, figures = tmp_path / "out", tmp_path / "out" / "figures"
    figures.mkdir(parents=True)
    (out / "briefing.html").write_text("previous briefing")
    (figures / "chart.svg").write_text("previous chart")
    build_process = subprocess.Popen(
        [
            sys.executable,
            "build.py",
            "--notebooks-dir",
            notebooks,
            "--data-dir",
            tiny_data,
            "--out-dir",
            out,
            "--format",
            "html",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # Ctrl-C as a terminal sends it: a shell starting the tests in the background (`make test &`)
        # passes SIGINT on ignored, and Python then leaves it ignored.
        preexec_fn=_sigint_as_a_terminal_sends_it,
    )
    deadline = time.monotonic() + 120
    while not kernels_started_in(notebooks) and time.monotonic() < deadline and build_process.poll() is None:
        time.sleep(0.2)
    assert kernels_started_in(notebooks), "no kernel started"
    build_process.send_signal(signum)
    _, stderr = build_process.communicate(timeout=60)
    assert build_process.returncode == status
    assert stderr.strip().splitlines()[-1] == "build interrupted; the previous briefing was left untouched"
    assert "Traceback" not in stderr
    assert kernels_started_in(notebooks) == []
    assert (out / "briefing.html").read_text() == "previous briefing"
    assert sorted(p.name for p in figures.iterdir()) == ["chart.svg"]
    assert (figures / "chart.svg").read_text() == "previous chart"
    with out_dir_lock(out, wait=0):  # the lock was released
        pass


# --- publishing: staged figures, nothing half-written -------------------------------------------------


@pytest.fixture(scope="module")
def one_chapter_build(tmp_path_factory):
    """One real build of the sentencing chapter (HTML only); the tests below reuse it."""
    root = tmp_path_factory.mktemp("one-chapter")
    data = root / "data"
    shutil.copytree(ROOT / "tests" / "fixtures" / "tiny", data)
    shutil.copy(ROOT / "data" / "datapackage.json", data)
    options = BuildOptions(data_dir=data, build_dir=root / "out", only=["01_sentencing"], formats=("html",))
    build(options, **QUIET)
    return options


@pytest.mark.e2e
def test_an_out_dir_build_writes_figures_beside_its_briefing(one_chapter_build):
    figures = one_chapter_build.build_dir / "figures"
    assert sorted(p.suffix for p in figures.iterdir()) == [".png", ".png", ".svg", ".svg"]
    assert not list(figures.parent.glob(".figures.*")), "staging folders left behind"


@pytest.mark.e2e
def test_a_failed_figure_publish_leaves_briefing_and_figures_untouched(one_chapter_build, monkeypatch):
    out = one_chapter_build.build_dir
    html_before = (out / "briefing.html").read_bytes()
    figures_before = {p.name: p.read_bytes() for p in (out / "figures").iterdir()}
    (out / ".render-key").unlink()  # re-render from the cache, without a kernel

    def disk_full(source, target, *args, **kwargs):
        raise OSError(28, "No space left on device", str(target))

    monkeypatch.setattr(briefing.shutil, "copyfile", disk_full)
    with pytest.raises(OSError, match="No space left on device"):
        build(one_chapter_build, **QUIET)
    assert (out / "briefing.html").read_bytes() == html_before
    assert {p.name: p.read_bytes() for p in (out / "figures").iterdir()} == figures_before
    assert not list(out.glob(".*.tmp")) and not list(out.glob(".figures.*"))


@pytest.mark.e2e
def test_a_damaged_cache_entry_is_run_again_not_published(one_chapter_build, capfd):
    entry = next((one_chapter_build.build_dir / "cache").iterdir())
    figure = next((entry / "figures").iterdir())
    figure.write_bytes(b"")
    stale = one_chapter_build.build_dir / "work" / "01_sentencing-oldkey-99999"  # left by a killed build
    (stale / "figures").mkdir(parents=True)
    result = build(one_chapter_build, **QUIET)
    assert not stale.exists()
    assert result.executed == ["01_sentencing.ipynb"]
    assert (
        f"  note: the cached run of 01_sentencing.ipynb is not used (figures/{figure.name} was changed or "
        "truncated); running it again"
    ) in capfd.readouterr().err
    assert check_entry(entry, entry.name.rsplit("-", 1)[1]) is None


@pytest.mark.e2e
def test_a_truncated_briefing_is_rendered_again(one_chapter_build):
    html = one_chapter_build.build_dir / "briefing.html"
    whole = html.read_bytes()
    html.write_bytes(whole[:1000])
    notes = []
    result = build(one_chapter_build, log=notes.append)
    assert result.rendered and result.executed == []
    assert html.read_bytes() == whole
    assert (
        notes[0]
        == f"  note: {html} is not the file this build published last (truncated or edited); rendering it again"
    )


# --- two builds at once into one out dir ---------------------------------------------------------------


@pytest.mark.e2e
def test_concurrent_builds_with_different_focus_each_get_their_own_results(tiny_data, tmp_path):
    out = tmp_path / "out"
    common = [
        "build.py",
        "--data-dir",
        str(tiny_data),
        "--out-dir",
        str(out),
        "--only",
        "03_press_freedom",
        "--format",
        "html",
        "-j",
        "1",
        "--wait-for-lock",
        "300",
    ]
    focus = {"KAZ": "Kazakhstan", "RUS": "Russia"}
    processes = {
        code: subprocess.Popen(
            [
                sys.executable,
                *common,
                "-p",
                f"focus_country={code}",
                "-p",
                f"peers=[{'RUS' if code == 'KAZ' else 'KAZ'}]",
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for code in focus
    }
    results = {code: process.communicate(timeout=300) for code, process in processes.items()}
    assert all(process.returncode == 0 for process in processes.values()), results
    waited = [code for code, (_, stderr) in results.items() if f"another build is using {out} (pid" in stderr]
    assert len(waited) == 1, "exactly one build waited for the other"
    entries = sorted((out / "cache").iterdir())
    assert len(entries) == 2
    for entry in entries:
        assert check_entry(entry, entry.name.rsplit("-", 1)[1]) is None
        text = notebook_text(entry / "03_press_freedom.ipynb")
        ranked = [name for name in focus.values() if f"{name} ranked" in text]
        injected = "RUS" if 'focus_country = "RUS"' in injected_parameters(entry / "03_press_freedom.ipynb") else "KAZ"
        assert ranked == [focus[injected]], (entry.name, ranked)
    # The build that waited published last: the briefing is its own.
    html = (out / "briefing.html").read_text(encoding="utf-8")
    other = next(code for code in focus if code != waited[0])
    assert f"{focus[waited[0]]} ranked" in html and f"{focus[other]} ranked" not in html


def test_cache_key_covers_the_files_of_a_folder_a_parameter_names(tmp_path):
    from kzbrief.pipeline.execution import cache_key, run_basis

    notebook = write_notebook(tmp_path / "notebooks", "nb", "x = 1")
    official = tmp_path / "rsf"
    official.mkdir()
    (official / "2024.csv").write_text("ISO;Rank\nKAZ;142\n")
    parameters = {"raw_rsf_dir": str(official), "focus_country": "KAZ"}

    def key(parameters):  # as execute_all keys a run
        return cache_key(run_basis(notebook, parameters, {}, {}))

    before = key(parameters)
    assert key({**parameters, "focus_country": "UZB"}) != before
    assert key({**parameters, "figures_dir": "/anywhere"}) == before
    (official / "2024.csv").write_text("ISO;Rank\nKAZ;141\n")
    assert key(parameters) != before


@pytest.mark.parametrize(
    "option, value, message",
    [
        ("--cell-timeout", "0", "argument --cell-timeout: expected a number of seconds above 0, got '0'"),
        ("--cell-timeout", "nan", "argument --cell-timeout: expected a number of seconds above 0, got 'nan'"),
        ("--wait-for-lock", "-1", "argument --wait-for-lock: expected a number of seconds of at least 0, got '-1'"),
    ],
)
@pytest.mark.e2e
def test_time_limits_must_be_sensible_numbers(option, value, message):
    result = run_cli(option, value, "--list")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == f"build.py: error: {message}"


@pytest.mark.e2e
def test_any_other_file_system_error_is_one_line(tiny_data, tmp_path):
    """An OSError the up-front checks cannot foresee (here: the lock file's name taken by a folder)."""
    (tmp_path / "out" / ".build.lock").mkdir(parents=True)
    result = run_cli("--data-dir", tiny_data, "--out-dir", tmp_path / "out", "--only", "01_sentencing")
    line = assert_one_error_line(result)
    assert line.startswith("error: ") and str(tmp_path / "out" / ".build.lock") in line
    assert result.returncode == 1


# --- the out dir: the build deletes only in a folder it owns ---------------------------------------


@pytest.mark.parametrize("where", ["data", "notebooks", "inside data"])
def test_an_out_dir_that_is_or_is_inside_the_data_or_notebooks_folder_is_refused(tiny_data, tmp_path, where):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(ROOT / "notebooks" / "01_sentencing.ipynb", notebooks)
    out = {"data": tiny_data, "notebooks": notebooks, "inside data": tiny_data / "build"}[where]
    (tiny_data / "work").mkdir()
    (tiny_data / "work" / "mine.txt").write_text("a user's file")
    with pytest.raises(BuildError, match=r"^the out dir .* (is the (data|notebooks) folder|is inside the data folder)"):
        build(BuildOptions(notebooks_dir=notebooks, data_dir=tiny_data, build_dir=out), **QUIET)
    assert (tiny_data / "work" / "mine.txt").read_text() == "a user's file"
    assert not (tiny_data / "build").exists()


def test_an_out_dir_holding_files_no_build_made_is_refused_and_nothing_is_deleted(tiny_data, tmp_path):
    out = tmp_path / "projects"
    (out / "work").mkdir(parents=True)
    (out / "work" / "draft.docx").write_text("a user's draft")
    (out / "notes.txt").write_text("notes")
    with pytest.raises(BuildError, match=r"^the out dir .* holds files no build made \(notes.txt\); give --out-dir"):
        build(BuildOptions(data_dir=tiny_data, build_dir=out), **QUIET)
    assert (out / "work" / "draft.docx").read_text() == "a user's draft"
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt", "work"]


def test_an_earlier_builds_out_dir_or_a_marked_one_is_accepted(tiny_data, tmp_path):
    earlier = tmp_path / "earlier"
    for name in ("cache", "work", "failed", "figures"):
        (earlier / name).mkdir(parents=True)
    for name in ("briefing.html", "briefing.pdf", ".render-key", ".briefing.pdf.tmp"):
        (earlier / name).write_text("")
    briefing.check_out_dir_is_ours(earlier, tiny_data, ROOT / "notebooks")
    marked = tmp_path / "marked"
    marked.mkdir()
    (marked / "anything.txt").write_text("")
    briefing.mark_out_dir(marked)
    briefing.check_out_dir_is_ours(marked, tiny_data, ROOT / "notebooks")
    briefing.check_out_dir_is_ours(tmp_path / "new", tiny_data, ROOT / "notebooks")


@pytest.mark.e2e
def test_an_html_only_build_removes_the_pdf_an_earlier_build_made(tiny_data, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "briefing.pdf").write_text("the PDF of an earlier build's data")
    messages = []
    build(
        BuildOptions(data_dir=tiny_data, build_dir=out, only=["01_sentencing"], formats=("html",)),
        log=messages.append,
    )
    assert (out / "briefing.html").is_file() and not (out / "briefing.pdf").exists()
    assert "  removed briefing.pdf: it was made by an earlier build, and this one rendered only html" in messages
