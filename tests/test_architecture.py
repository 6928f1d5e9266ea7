"""The package's layers: no module imports, even inside a function, a module that imports it back.

english, period, domain, markup and citations are at the bottom; analysis computes, plots draw,
report displays and pipeline builds. A cycle means a lower layer reaches up, and every module in
it then loads (and must be understood) together.
"""

from __future__ import annotations

import ast
from pathlib import Path

import kzbrief

PACKAGE_DIR = Path(kzbrief.__file__).parent
PACKAGE = "kzbrief"


def module_names() -> dict[str, Path]:
    """'kzbrief.analysis.coverage' -> its file; a package is its __init__ ('kzbrief.analysis')."""
    names = {}
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        parts = [PACKAGE, *path.relative_to(PACKAGE_DIR).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def imported_modules(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules `name` imports anywhere in its file (functions included), with
    relative imports resolved; 'from . import x' imports submodule x when there is one."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            targets = [module] + [f"{module}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            # 'import kzbrief.analysis.coverage' imports the packages on the way as well: only
            # the deepest module of the package counts, which is what the code names.
            while target and target not in known and "." in target:
                target = target.rsplit(".", 1)[0]
            if target in known and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    names = module_names()
    return {name: imported_modules(name, path, set(names)) for name, path in names.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as its modules in import order (the first repeated at the end), or None."""
    state: dict[str, str] = {}  # "open" while on the current path, "done" once fully explored
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return path[path.index(target) :] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_graph_sees_relative_function_level_and_submodule_imports():
    graph = import_graph()
    assert "kzbrief.english" in graph["kzbrief.analysis.coverage"]
    assert "kzbrief.analysis.press_freedom" in graph["kzbrief.analysis.coverage"]  # inside a function
    assert "kzbrief.analysis.casualties" in graph["kzbrief.analysis.conflicts"]  # 'from . import casualties as cs'
    assert "kzbrief.plots.casualties" in graph["kzbrief.plots"]  # a package's __init__


def test_find_cycle_names_the_modules_of_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle_among_the_package_modules():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_the_bottom_layer_imports_nothing_above_it():
    """english, period, domain and markup import no other module of the package but each other;
    citations only these."""
    graph = import_graph()
    bottom = {f"{PACKAGE}.{m}" for m in ("english", "period", "domain", "markup")}
    for name in bottom | {f"{PACKAGE}.citations"}:
        allowed = bottom
        assert graph.get(name, set()) <= allowed, f"{name} imports {sorted(graph[name] - allowed)}"
