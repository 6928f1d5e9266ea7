"""Incremental builds: a notebook re-runs only when what it read, its parameters, its source or
the package modules it imports change; rendering-only edits re-render; the cache is pruned."""

import json
import os
import shutil
import time

import pytest

from conftest import ROOT, TINY, copy_tiny
from kzbrief import datasets, digests, inputs
from kzbrief.pipeline import briefing, dependencies, rendering
from kzbrief.pipeline.briefing import BuildOptions, build
from kzbrief.pipeline.execution import MANIFEST, prune

ALL = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A cold HTML build of the tiny data; each test edits and rebuilds it in turn."""
    root = tmp_path_factory.mktemp("incremental")
    data = copy_tiny(root / "data")
    options = BuildOptions(
        notebooks_dir=ROOT / "notebooks",
        data_dir=data,
        build_dir=root / "build",
        figures_dir=root / "figures",
        formats=("html",),
        jobs=2,
    )
    result = build(options, log=lambda *_: None)
    assert sorted(result.executed) == ALL
    return options


def rebuild(options):
    return build(options, log=lambda *_: None)


@pytest.mark.e2e
def test_a_readme_or_dot_file_in_the_data_folder_re_runs_nothing(built):
    (built.data_dir / "README.md").write_text("notes about the data\n", encoding="utf-8")
    (built.data_dir / ".notes.csv.swp").write_text("editor backup", encoding="utf-8")
    result = rebuild(built)
    assert result.executed == [] and not result.rendered


@pytest.mark.e2e
def test_a_table_edit_re_runs_only_the_notebooks_that_read_it(built):
    table = built.data_dir / "recommendations.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    assert len(lines) > 1, "the fixture has a recommendation to edit"
    table.write_text("\n".join(lines[:-1] + [lines[-1].rstrip() + " (edited)"]) + "\n", encoding="utf-8")
    result = rebuild(built)
    readers = {name for name in ALL if "recommendations.csv" in recorded_tables(built, name)}
    # the summary quotes the documents' asks; no other chapter reads them
    assert sorted(result.executed) == sorted(readers) == ["00_summary.ipynb"]
    assert set(result.reasons.values()) == {"recommendations.csv changed"}
    assert result.rendered


def recorded_tables(options, notebook: str) -> set[str]:
    stem = notebook.removesuffix(".ipynb")
    entries = sorted((options.build_dir / "cache").glob(f"{stem}-*"), key=lambda p: p.stat().st_mtime)
    manifest = json.loads((entries[-1] / MANIFEST).read_text(encoding="utf-8"))
    return {name.rsplit("/", 1)[-1] for name in manifest["inputs"]}


@pytest.mark.e2e
def test_every_notebook_records_the_tables_it_reads(built):
    # claimants.csv is read with the claims it names (an optional table: absent, it is still noted)
    assert recorded_tables(built, "02_casualties.ipynb") == {
        "casualty_estimates.csv",
        "claimants.csv",
        "events.csv",
        "sources.csv",
    }
    assert "press_freedom.csv" in recorded_tables(built, "03_press_freedom.ipynb")
    assert "sentences.csv" not in recorded_tables(built, "03_press_freedom.ipynb")


@pytest.mark.e2e
def test_a_stylesheet_edit_re_renders_without_executing(built, tmp_path, monkeypatch):
    css = tmp_path / "briefing.css"
    css.write_text(
        rendering.CSS_FILE.read_text(encoding="utf-8") + "\n.edited-rule { color: red; }\n", encoding="utf-8"
    )
    monkeypatch.setattr(rendering, "CSS_FILE", css)
    monkeypatch.setattr(briefing, "CSS_FILE", css)
    result = rebuild(built)
    assert result.executed == [] and result.rendered
    assert ".edited-rule" in (built.build_dir / "briefing.html").read_text(encoding="utf-8")
    assert set(result.timings) == {"execute", "html export", "assembly", "pdf"}


@pytest.mark.e2e
def test_a_notebook_edit_re_runs_that_notebook_only(built, tmp_path):
    notebooks = tmp_path / "notebooks"
    shutil.copytree(built.notebooks_dir, notebooks)
    copied = BuildOptions(
        notebooks_dir=notebooks,
        data_dir=built.data_dir,
        build_dir=built.build_dir,
        figures_dir=built.figures_dir,
        formats=("html",),
    )
    assert rebuild(copied).executed == [], "a copy with the same bytes reuses the cache"
    path = notebooks / "02_casualties.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    notebook["cells"][-1]["source"] = "".join(notebook["cells"][-1]["source"]) + "\n# edited"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    result = rebuild(copied)
    assert result.executed == ["02_casualties.ipynb"] and result.reasons == {"02_casualties.ipynb": "notebook changed"}


@pytest.mark.e2e
def test_a_parameter_change_names_the_parameter(built):
    options = BuildOptions(
        notebooks_dir=built.notebooks_dir,
        data_dir=built.data_dir,
        build_dir=built.build_dir,
        figures_dir=built.figures_dir,
        formats=("html",),
        overrides={"max_asks": 1},
        only=["00_summary"],
    )
    result = rebuild(options)
    assert result.reasons == {"00_summary.ipynb": "parameters changed: max_asks"}


def test_the_package_modules_a_notebook_imports_are_followed():
    def modules(name):
        return {
            p.relative_to(dependencies.paths.PACKAGE_DIR).as_posix()
            for p in dependencies.package_modules(ROOT / "notebooks" / name)
        }

    casualties = modules("02_casualties.ipynb")
    assert {"analysis/casualties.py", "datasets.py", "report.py", "validation.py", "__init__.py"} <= casualties
    assert "analysis/profiles.py" not in casualties and "pipeline/briefing.py" not in casualties
    assert "analysis/profiles.py" in modules("04_case_profiles.ipynb")
    assert not any(name.startswith(("styles/", "templates/")) for name in casualties)


@pytest.mark.parametrize(
    "name, is_data",
    [
        ("sources.csv", True),
        ("datapackage.json", True),
        ("briefing.yml", True),
        ("raw/rsf/2026.csv", True),
        ("README.md", False),
        ("raw/rsf/README.md", False),
        (".sources.csv", False),
        (".git/x.json", False),
    ],
)
def test_only_data_files_count(name, is_data):
    assert digests.is_data_file(name) is is_data


def test_loaders_note_only_the_tables_a_notebook_looks_up(tmp_path, monkeypatch):
    log = tmp_path / "inputs.tsv"
    monkeypatch.setenv(inputs.LOG_VARIABLE, str(log))
    tables = datasets.load_all(TINY)
    assert inputs.read_log(log) == set(), "loading alone is not reading"
    tables["events"]
    tables.get("sources")
    assert {os.path.basename(path) for _, path in inputs.read_log(log)} == {"events.csv", "sources.csv"}
    list(tables.items())
    assert len(inputs.read_log(log)) == len(datasets.TABLES)


def test_without_a_build_nothing_is_noted(tmp_path, monkeypatch):
    monkeypatch.delenv(inputs.LOG_VARIABLE, raising=False)
    monkeypatch.chdir(tmp_path)
    datasets.load_all(TINY)["events"]
    assert list(tmp_path.iterdir()) == []


def fake_entry(cache, name, age):
    entry = cache / name
    entry.mkdir(parents=True)
    (entry / MANIFEST).write_text("{}")
    stamp = time.time() - age
    os.utime(entry, (stamp, stamp))
    return entry


def test_prune_keeps_the_newest_entries_of_each_notebook_and_those_in_use(tmp_path):
    cache = tmp_path / "cache"
    old_in_use = fake_entry(cache, "01_a-k0.x", 1000)
    for age in range(1, 6):
        fake_entry(cache, f"01_a-k{age}.x", age)
    fake_entry(cache, "02_b-k1.x", 500)
    removed = prune(cache, [old_in_use], keep=3)
    assert sorted(p.name for p in cache.iterdir()) == ["01_a-k0.x", "01_a-k1.x", "01_a-k2.x", "02_b-k1.x"]
    assert len(removed) == 3


@pytest.mark.e2e
def test_a_build_prunes_the_cache(built):
    for name in ALL:
        stem = name.removesuffix(".ipynb")
        assert len(list((built.build_dir / "cache").glob(f"{stem}-*"))) <= 3
