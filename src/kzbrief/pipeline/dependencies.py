"""What a notebook's results depend on, besides the tables it reads (those are recorded while
it runs, see kzbrief.inputs): the package modules it imports, found by following import
statements from its code cells, and the data files every notebook depends on."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from .. import paths

PACKAGE = "kzbrief"
# Read by the loaders of every notebook: the schema types every column; the data folder's
# descriptor may add tables, its checklists and config shape what validation accepts.
# The wording templates are read by every notebook that renders text.
SHARED_PACKAGE_FILES = ("schema", "prose")
SHARED_DATA_FILES = ("datapackage.json", "briefing.yml")
SHARED_DATA_FOLDERS = ("checklists/", "templates/")


def is_shared_data_file(relative: str) -> bool:
    """A file of the data folder that every notebook depends on (not a table it may skip)."""
    return relative in SHARED_DATA_FILES or relative.startswith(SHARED_DATA_FOLDERS)


def _module_file(name: str) -> Path | None:
    """kzbrief.analysis.casualties -> .../analysis/casualties.py (or a package's __init__.py)."""
    if name != PACKAGE and not name.startswith(PACKAGE + "."):
        return None
    relative = Path(*name.split(".")[1:])
    for candidate in (paths.PACKAGE_DIR / relative / "__init__.py", (paths.PACKAGE_DIR / relative).with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def _module_name(path: Path) -> str:
    relative = path.relative_to(paths.PACKAGE_DIR).with_suffix("")
    parts = [PACKAGE, *relative.parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported_names(tree: ast.AST, current: str, is_package: bool) -> set[str]:
    """Absolute names of the modules an AST imports: `from .x import y` may name module x.y."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = current.split(".") if is_package else current.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def _parents(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


def package_modules(notebook: Path) -> list[Path]:
    """Every file of the package the notebook's code imports, directly or through other modules
    (importing a submodule runs its parent packages' __init__.py too), plus the schema."""
    cells = json.loads(Path(notebook).read_text(encoding="utf-8")).get("cells", [])
    code = "\n".join("".join(c.get("source", "")) for c in cells if c.get("cell_type") == "code")
    try:
        tree = ast.parse(code)
    except SyntaxError:  # magics or broken code: depend on the whole package, to be safe
        return sorted(p for p in paths.PACKAGE_DIR.rglob("*.py") if "__pycache__" not in p.parts)
    queue = sorted(_imported_names(tree, "__main__", False))
    found: dict[str, Path] = {}
    while queue:
        name = queue.pop()
        for parent in _parents(name):
            path = _module_file(parent)
            if path is None or parent in found:
                continue
            found[parent] = path
            module_tree = ast.parse(path.read_text(encoding="utf-8"))
            queue.extend(_imported_names(module_tree, _module_name(path), path.name == "__init__.py"))
    return sorted(set(found.values()))


def package_digest(notebook: Path, digest) -> dict[str, str]:
    """{package-relative path: sha256} of the modules a notebook imports and the shared package files."""
    files = package_modules(notebook)
    for folder in SHARED_PACKAGE_FILES:
        files += sorted(p for p in (paths.PACKAGE_DIR / folder).rglob("*") if p.is_file())
    return {p.relative_to(paths.PACKAGE_DIR).as_posix(): digest(p) for p in files}
