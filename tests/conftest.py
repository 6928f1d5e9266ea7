import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
TINY = Path(__file__).resolve().parent / "fixtures" / "tiny"
SHARED_REFERENCE = ROOT.parent / "shared" / "reference"
# Text that would mean code, prompts or Python output leaked into the briefing.
CODE_ARTEFACTS = ["from kzbrief", "import ", "datasets.load", "report.table(", "report.prose(", "In [", "Out[",
                  "<Figure size", "Text(0.5", "Traceback", "Warning"]


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
    """The text a reader sees in an executed notebook's outputs, whitespace collapsed."""
    notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    texts = []
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            texts += ["".join(data[mime]) for mime in ("text/markdown", "text/html", "text/plain") if mime in data]
            texts.append("".join(output.get("text", "")))
    return " ".join(" ".join(texts).split())
