import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import papermill
import pytest

from kzbrief.pipeline import execution

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
TINY = Path(__file__).resolve().parent / "fixtures" / "tiny"
SHARED_REFERENCE = ROOT.parent / "shared" / "reference"
# Text that would mean code, prompts or Python output leaked into the briefing.
CODE_ARTEFACTS = [
    "from kzbrief",
    "import ",
    "datasets.load",
    "report.table(",
    "report.figure(",
    "display(text(",
    "In [",
    "Out[",
    "<Figure size",
    "Text(0.5",
    "Traceback",
    "Warning",
]


def one_source() -> pd.DataFrame:
    """A sources table of one document ("doc", An NGO, 2014), for tests that cite without data."""
    return pd.DataFrame(
        {
            "source_id": ["doc"],
            "publisher": ["An NGO"],
            "title": ["A report"],
            "date": ["2014"],
            "url": [None],
            "source_type": ["ngo"],
            "cited_in": [None],
            "notes": [None],
        }
    )


def casualty_facts(data_dir):
    """A folder's tables and the casualties chapter's facts over its whole selection."""
    from kzbrief import datasets
    from kzbrief.chapters import casualties

    tables = datasets.load_all(data_dir)
    params = {"data_dir": data_dir, "events": [], "metrics": [], "claimant_types": []}
    return tables, casualties.compute(tables, params)


def copy_tiny(target: Path) -> Path:
    """A writable copy of the tiny fixture data set at `target`, with the project's real schema."""
    shutil.copytree(TINY, target)
    shutil.copy(ROOT / "src" / "kzbrief" / "schema" / "datapackage.json", target / "datapackage.json")
    return target


@pytest.fixture
def tiny_data(tmp_path) -> Path:
    return copy_tiny(tmp_path / "data")


@pytest.fixture
def rsf_reference() -> Path:
    """The official RSF files shipped beside the project; tests using it skip in a user's clone."""
    folder = SHARED_REFERENCE / "rsf"
    if not (folder / "raw").is_dir():
        pytest.skip("the official RSF reference files (../shared/reference/rsf) are not beside this clone")
    return folder


def notebook_text(path) -> str:
    """The text a reader sees in an executed notebook's outputs, whitespace collapsed; a number a
    template printed reads as its text (its facts-catalog span, which holds no other tag, unwrapped)."""
    notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    texts = []
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            texts += ["".join(data[mime]) for mime in ("text/markdown", "text/html", "text/plain") if mime in data]
            texts.append("".join(output.get("text", "")))
            if "text/html" in data:  # and as read: a sentence runs on across the <span>s of its facts
                texts.append(re.sub(r"<[^>]+>", "", "".join(data["text/html"])))
    text = " ".join(" ".join(texts).split())
    return re.sub(r'<span class="fact"[^>]*>(.*?)</span>', r"\1", text)  # a fact's span is no word


# --- test tiers -----------------------------------------------------------------------------------
# `e2e` tests start a kernel, papermill or a build; `hostile` marks the hostile-data sweep beyond
# one case per rule family. `make test-fast` leaves both out, so it must stay kernel-free: a test
# without the e2e marker that starts a kernel, papermill or a build fails, naming the marker.

_E2E_COMMANDS = ("build.py", "papermill", "jupyter")
_state = {"test": None, "e2e": True}


def _refuse(what: str):
    raise RuntimeError(f"{_state['test']} {what}; mark it @pytest.mark.e2e (make test-fast runs no kernel)")


def _guarded(original, what: str):
    def guard(*args, **kwargs):
        if not _state["e2e"]:
            _refuse(what)
        return original(*args, **kwargs)

    return guard


def _guarded_popen_init(original):
    def init(self, args, *rest, **kwargs):
        words = [str(a) for a in args] if isinstance(args, (list, tuple)) else [str(args)]
        if not _state["e2e"] and any(w.endswith(_E2E_COMMANDS) for w in words):
            _refuse(f"runs {' '.join(words)[:120]}")
        original(self, args, *rest, **kwargs)

    return init


def pytest_configure(config):
    patcher = pytest.MonkeyPatch()
    patcher.setattr(papermill, "execute_notebook", _guarded(papermill.execute_notebook, "runs papermill"))
    patcher.setattr(execution, "_run_in_workers", _guarded(execution._run_in_workers, "starts a build's kernels"))
    patcher.setattr(subprocess.Popen, "__init__", _guarded_popen_init(subprocess.Popen.__init__))
    config._kernel_guard = patcher


def pytest_unconfigure(config):
    config._kernel_guard.undo()


def pytest_runtest_setup(item):
    # Set before the item's fixtures, module-scoped ones included, are made.
    _state.update(test=item.nodeid, e2e=item.get_closest_marker("e2e") is not None)


def build_by_command(data_dir: Path, out_dir: Path) -> subprocess.CompletedProcess:
    """`build.py --data-dir DATA --out-dir OUT` as a user runs it, in its own process."""
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--data-dir", str(data_dir), "--out-dir", str(out_dir)],
        capture_output=True,
        text=True,
        timeout=900,
    )
