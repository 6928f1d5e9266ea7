"""Project hygiene: pins agree, notebooks are committed clean and parameterised."""

import json
import tomllib

import pytest
import yaml

from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _pins_from_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"] + project["optional-dependencies"]["test"]
    return {r.split("==")[0].lower(): r.split("==")[1] for r in requirements}


def _pins_from_environment():
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    return {r.split("==")[0].lower(): r.split("==")[1] for r in pip if "==" in r}


def test_every_dependency_is_pinned():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for requirement in project["dependencies"] + project["optional-dependencies"]["test"]:
        assert "==" in requirement, f"{requirement} is not pinned"


def test_environment_yml_mirrors_pyproject():
    assert _pins_from_environment() == _pins_from_pyproject()


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_committed_without_outputs(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    dirty = [
        i
        for i, c in enumerate(notebook["cells"])
        if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))
    ]
    assert not dirty, f"{path.name}: cells {dirty} have outputs; clear them before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_has_a_parameters_cell_with_data_dir(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = [c for c in notebook["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(cells) == 1, f"{path.name}: needs exactly one cell tagged 'parameters'"
    source = "".join(cells[0]["source"])
    assert "data_dir" in source and "figures_dir" in source


def test_a_parameter_shared_by_notebooks_has_the_same_default_in_each():
    """The summary repeats the chapters' parameters: one override must mean the same in all."""
    from kzbrief.pipeline.parameters import notebook_defaults

    seen: dict[str, tuple[str, object]] = {}
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for name, default in notebook_defaults(path).items():
            if name in seen:
                assert default == seen[name][1], (
                    f"{name}: {path.name} says {default!r}, {seen[name][0]} {seen[name][1]!r}"
                )
            else:
                seen[name] = (path.name, default)
