"""The README's commands are valid as written: every `make` target it shows exists (a dry run),
and every `build.py` or bench command line parses with the script's own argument parser. Running
them is the e2e tests' work; this catches a renamed option or target in the text."""

import re
import shlex
import subprocess
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
import build  # noqa: E402  (the project's build script)
import build_bench  # noqa: E402

BLOCKS = re.findall(r"```sh\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
LINES = [line.split("  #")[0].strip() for block in BLOCKS for line in block.splitlines() if line.strip()]
MAKE = [line for line in LINES if line.startswith("make ")]
BUILD = [line for line in LINES if line.startswith(".venv/bin/python build.py")]
BENCH = [line for line in LINES if line.startswith(".venv/bin/python bench/build_bench.py")]


def test_the_readme_shows_the_quick_start_and_the_test_tiers():
    assert {"make briefing", "make test", "make test-fast", "make lint"} <= set(MAKE)
    assert BUILD and BENCH


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
