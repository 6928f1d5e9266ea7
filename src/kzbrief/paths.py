"""Where the project keeps things; every function takes overrides so copies of the data work."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent.parent
DATA_DIR = PROJECT_DIR / "data"
RAW_RSF_DIR = DATA_DIR / "raw" / "rsf"
NOTEBOOKS_DIR = PROJECT_DIR / "notebooks"
FIGURES_DIR = PROJECT_DIR / "figures"
BUILD_DIR = PROJECT_DIR / "build"
