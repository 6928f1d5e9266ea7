"""Where the project keeps things; every function takes overrides so copies of the data work."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent.parent
DATA_DIR = PROJECT_DIR / "data"
NOTEBOOKS_DIR = PROJECT_DIR / "notebooks"
FIGURES_DIR = PROJECT_DIR / "figures"
BUILD_DIR = PROJECT_DIR / "build"


def resolve_data_dir(data_dir: str | Path) -> Path:
    """A relative data folder is taken from the project folder, not the working directory:
    papermill run from the project root or from notebooks/ reads the same data."""
    data_dir = Path(data_dir)
    return data_dir if data_dir.is_absolute() else PROJECT_DIR / data_dir
