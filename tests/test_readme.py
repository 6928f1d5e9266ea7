"""The README's commands are valid as written: every `make` target it shows exists (a dry run),
every `build.py` or bench command line parses with the script's own argument parser, and the
papermill command in its text gives each notebook parameter a value of the parameter's type.
Running them is mostly the e2e tests' work; this catches a renamed option or target in the text.
`make validate` is run for real (it starts no kernel): it checks the data folder it is given."""

import re
import shlex
import subprocess
import sys
from pathlib import Path

import papermill.cli
import pytest

from conftest import DATA, ROOT, copy_tiny
from kzbrief import datasets
from kzbrief.checks.rules import EMPTY_TABLE_RULE
from kzbrief.pipeline.parameters import check_values, coerce, notebook_defaults
from kzbrief.validation import validate

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
import build  # noqa: E402  (the project's build script)
import build_bench  # noqa: E402

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```sh\n(.*?)```", README, re.S)
LINES = [line.split("  #")[0].strip() for block in BLOCKS for line in block.splitlines() if line.strip()]
MAKE = [line for line in LINES if line.startswith("make ")]
BUILD = [line for line in LINES if line.startswith(".venv/bin/python build.py")]
BENCH = [line for line in LINES if line.startswith(".venv/bin/python bench/build_bench.py")]
KZBRIEF = [line for line in LINES if line.startswith(".venv/bin/python -m kzbrief")]
NEW = [line for line in MAKE if line.startswith("make new ")]
PAPERMILL = re.findall(r"`(papermill [^`]+)`", README)


def test_the_readme_shows_the_quick_start_and_the_test_tiers():
    assert {"make briefing", "make test", "make test-fast", "make lint"} <= set(MAKE)
    assert BUILD and BENCH and PAPERMILL and KZBRIEF and NEW


@pytest.mark.parametrize("line", KZBRIEF)
def test_each_package_command_runs_as_written(line, tmp_path):
    """Run for real from a folder standing for the project's, so that a relative path it writes
    to (`../uzbekistan`) lands in the test's own folder."""
    project = tmp_path / "project"
    project.mkdir()
    words = shlex.split(line)
    done = subprocess.run([sys.executable, *words[1:]], cwd=project, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def _make(tmp_path) -> list[str]:
    """make with this environment (no .venv set up): its python, and a stamp saying it is installed."""
    stamp = tmp_path / "installed"
    stamp.touch()
    return ["make", "--no-print-directory", f"BIN={Path(sys.executable).parent}", f"STAMP={stamp}"]


@pytest.mark.parametrize("line", NEW)
def test_each_make_new_runs_as_written(line, tmp_path):
    """`make new` as the README shows it, run for real; its folder (`DIR=../uzbekistan`) is made
    in the test's own folder, not beside the project. The folder it writes is valid but for the
    tables a researcher fills in first."""
    words = shlex.split(line)
    (folder,) = [Path(w.split("=", 1)[1]) for w in words if w.startswith("DIR=")]
    target = tmp_path / folder.name
    given = [f"DIR={target}" if w.startswith("DIR=") else w for w in words[1:]]
    done = subprocess.run([*_make(tmp_path), *given], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (target / "briefing.yml").is_file() and (target / "README.md").is_file()
    assert "iso3: UZB" in (target / "briefing.yml").read_text(encoding="utf-8")
    assert {p.rule for p in validate(target)} == {EMPTY_TABLE_RULE}


def test_make_new_without_a_folder_says_what_it_needs(tmp_path):
    done = subprocess.run([*_make(tmp_path), "new"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode != 0
    assert "make new needs DIR, the folder to create" in done.stdout + done.stderr


@pytest.mark.parametrize("line", MAKE)
def test_each_make_target_exists(line):
    done = subprocess.run(["make", "-n", *shlex.split(line)[1:]], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("line", BUILD)
def test_each_build_command_parses(line, capsys):
    arguments = shlex.split(line)[2:]
    try:
        build.parse_args(arguments)
    except SystemExit as stop:  # --help and --list exit 0 after printing
        assert stop.code == 0, capsys.readouterr().err


@pytest.mark.parametrize("line", BENCH)
def test_each_bench_command_parses(line):
    build_bench.parse_args(shlex.split(line)[2:])


def _papermill_parameters(line: str, monkeypatch) -> tuple[str, dict]:
    """The notebook and the parameters papermill's own command line makes of `line` (nothing runs)."""
    runs = []
    monkeypatch.setattr(papermill.cli, "execute_notebook", lambda **options: runs.append(options))
    papermill.cli.papermill.main(args=shlex.split(line)[1:], standalone_mode=False)
    (options,) = runs
    return options["input_path"], {k: v for k, v in options["parameters"].items() if not k.startswith("PAPERMILL_")}


@pytest.mark.parametrize("line", PAPERMILL)
def test_each_papermill_command_gives_values_of_the_parameters_types(line, monkeypatch):
    notebook, given = _papermill_parameters(line, monkeypatch)
    defaults = notebook_defaults(ROOT / notebook)
    assert given and set(given) <= set(defaults)
    for name, value in given.items():
        assert coerce(name, value, defaults[name], notebook) == value  # a list stays a list, not its text
    check_values(given, defaults, datasets.load_all(DATA), DATA)  # and names what the data holds


def test_a_list_given_to_papermill_as_p_text_is_refused(monkeypatch):
    _, given = _papermill_parameters("papermill notebooks/02_casualties.ipynb out.ipynb -p events '[a-1]'", monkeypatch)
    assert given == {"events": "[a-1]"}  # why the README uses -y for a list
    with pytest.raises(ValueError, match="expects"):
        coerce("events", given["events"], [], "02_casualties.ipynb")


@pytest.mark.parametrize("form", ["{}", "--data-dir {}"])
def test_make_validate_checks_the_data_folder_it_is_given(tmp_path, form):
    data = copy_tiny(tmp_path / "elsewhere")
    stamp = tmp_path / "installed"  # the environment is this one: make sets up no .venv
    stamp.touch()
    make = ["make", "--no-print-directory", "validate", f"BIN={Path(sys.executable).parent}", f"STAMP={stamp}"]
    done = subprocess.run([*make, f"ARGS={form.format(data)}"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"{data}: all tables valid." in done.stdout
    text = (data / "casualty_estimates.csv").read_text(encoding="utf-8")
    (data / "casualty_estimates.csv").write_text(text.replace(",60,70,range,", ",80,70,range,"), encoding="utf-8")
    done = subprocess.run([*make, f"ARGS={form.format(data)}"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode != 0
    assert 'elsewhere/casualty_estimates.csv, row 3, column "low"' in done.stdout + done.stderr


@pytest.mark.e2e
@pytest.mark.parametrize("line", PAPERMILL)
def test_each_papermill_command_runs_as_written(line, tmp_path):
    words = shlex.split(line)
    words[2] = str(tmp_path / words[2])  # the output notebook, kept out of the project folder
    done = subprocess.run(
        [str(Path(sys.executable).parent / "papermill"), *words[1:], "--no-progress-bar"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "injected-parameters" in Path(words[2]).read_text(encoding="utf-8")
