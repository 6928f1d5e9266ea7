"""The notebooks run as any Jupyter notebook does: papermill from the project root or from
notebooks/, and nbconvert to a script; a run by hand never writes the project's figures/."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from kzbrief import paths
from kzbrief.digests import tree_digest

BIN = Path(sys.executable).parent


def figures_state():
    return tree_digest(paths.FIGURES_DIR) if paths.FIGURES_DIR.is_dir() else {}


@pytest.mark.e2e
@pytest.mark.parametrize(
    "cwd, notebook", [(ROOT, "notebooks/02_casualties.ipynb"), (ROOT / "notebooks", "02_casualties.ipynb")]
)
def test_papermill_runs_a_notebook_from_the_root_or_from_notebooks(cwd, notebook, tmp_path):
    before = figures_state()
    output = tmp_path / "out.ipynb"
    done = subprocess.run(
        [
            str(BIN / "papermill"),
            notebook,
            str(output),
            "-p",
            "start_year",
            "2011",
            "--kernel",
            "python3",
            "--no-progress-bar",
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "injected-parameters" in output.read_text(encoding="utf-8")
    assert "data:image/svg+xml;base64" in output.read_text(encoding="utf-8"), "charts are shown inline"
    assert figures_state() == before, "a run by hand left figures/ untouched"


@pytest.mark.e2e
def test_papermill_writes_figures_when_asked(tmp_path):
    figures = tmp_path / "figs"
    done = subprocess.run(
        [
            str(BIN / "papermill"),
            "notebooks/02_casualties.ipynb",
            str(tmp_path / "out.ipynb"),
            "-p",
            "figures_dir",
            str(figures),
            "--kernel",
            "python3",
            "--no-progress-bar",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert sorted(p.suffix for p in figures.iterdir()) and {p.suffix for p in figures.iterdir()} == {".svg", ".png"}


@pytest.mark.e2e
def test_nbconvert_writes_a_python_script(tmp_path):
    shutil.copy(ROOT / "notebooks" / "04_case_profiles.ipynb", tmp_path)
    done = subprocess.run(
        [str(BIN / "jupyter"), "nbconvert", "--to", "script", "04_case_profiles.ipynb"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    script = tmp_path / "04_case_profiles.py"
    assert script.is_file() and "from kzbrief import" in script.read_text(encoding="utf-8")


def test_a_relative_data_dir_is_taken_from_the_project_folder():
    assert paths.resolve_data_dir("data") == paths.DATA_DIR
    assert paths.resolve_data_dir("/elsewhere/data") == Path("/elsewhere/data")
