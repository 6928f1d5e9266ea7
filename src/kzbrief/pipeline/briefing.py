"""The build: validate data, execute notebooks (cached, parallel), render, then swap outputs in.

Nothing the reader has is replaced until everything succeeded: outputs are written to
temporary files beside their targets and renamed into place at the end.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__, paths
from ..validation import format_problems, validate
from . import parameters as params
from .execution import NotebookRun, execute_all, file_digest, tree_digest
from .assembly import AssemblyError
from .rendering import CSS_FILE, RENDERING_CODE, TEMPLATES_DIR, render_html, render_pdf, stderr_outputs

TITLE = "Political persecution in Kazakhstan"
SUBTITLE = "Sentences, casualties and detentions, and press freedom"
PUBLISHER = "Kazakhstan persecution briefing project"
LICENCE = "Text and data: CC BY 4.0, with attribution to the sources listed. Code: MIT."


class BuildError(RuntimeError):
    """A build that cannot go on; the message says why. exit_code follows the CLI's convention."""

    def __init__(self, message: str, exit_code: int = 1):
        self.exit_code = exit_code
        super().__init__(message)


@dataclass
class BuildOptions:
    notebooks_dir: Path = paths.NOTEBOOKS_DIR
    data_dir: Path = paths.DATA_DIR
    build_dir: Path = paths.BUILD_DIR
    figures_dir: Path = paths.FIGURES_DIR
    only: list[str] = field(default_factory=list)
    overrides: dict = field(default_factory=dict)
    formats: tuple[str, ...] = ("html", "pdf")
    jobs: int = os.cpu_count() or 1
    force: bool = False


@dataclass
class BuildResult:
    outputs: dict[str, Path]
    executed: list[str]
    cached: list[str]
    rendered: bool


def discover(notebooks_dir: Path, only: list[str]) -> list[Path]:
    notebooks = sorted(p for p in Path(notebooks_dir).glob("*.ipynb") if not p.name.startswith("."))
    if not only:
        return notebooks
    by_name = {p.name: p for p in notebooks} | {p.stem: p for p in notebooks}
    unknown = [name for name in only if name not in by_name]
    if unknown:
        raise BuildError(f"--only: no notebook named {', '.join(unknown)}; notebooks: {', '.join(p.name for p in notebooks)}", 2)
    return list(dict.fromkeys(by_name[name] for name in only))


def plan(options: BuildOptions) -> list[NotebookRun]:
    """The notebooks to run with their effective parameter overrides (type-checked)."""
    sources = discover(options.notebooks_dir, options.only)
    if not sources:
        raise BuildError(f"no notebooks in {options.notebooks_dir}", 2)
    try:
        defaults = {p.name: params.notebook_defaults(p) for p in sources}
        overrides = params.resolve(defaults, options.overrides)
    except params.ParameterError as exc:
        raise BuildError(str(exc), 2) from None
    runs = []
    for source in sources:
        effective = dict(overrides[source.name])
        if "data_dir" in defaults[source.name]:
            effective["data_dir"] = str(Path(options.data_dir).resolve())
        runs.append(NotebookRun(source.name, source, effective))
    return runs


def version() -> str:
    try:
        described = subprocess.run(
            ["git", "describe", "--always", "--dirty", "--tags"], cwd=paths.PROJECT_DIR,
            capture_output=True, text=True, timeout=10, check=True,
        ).stdout.strip()
        return f"{__version__} ({described})"
    except (OSError, subprocess.SubprocessError):
        return __version__


def data_version(data_digest: dict[str, str]) -> str:
    """'8 files, fingerprint 1a2b3c4d5e6f': which data a briefing was built from, even outside git."""
    fingerprint = hashlib.sha256(json.dumps(data_digest, sort_keys=True).encode()).hexdigest()[:12]
    return f"{len(data_digest)} files in the data folder, fingerprint {fingerprint}"


def build_date() -> str:
    """SOURCE_DATE_EPOCH (reproducible-builds convention) when set, else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    day = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date() if epoch else dt.date.today()
    return day.isoformat()


def cover_facts(data_dir: Path, runs: list[NotebookRun]) -> dict:
    """Title, the period the evidence covers and the data cut-off, computed from the data, so
    the cover never promises more years than the documents reach."""
    from ..analysis import coverage
    from ..datasets import load_all
    from ..report import format_date

    focus = next((r.parameters["focus_country"] for r in runs if "focus_country" in r.parameters), None)
    if focus is None:
        focus = next((d["focus_country"] for r in runs if "focus_country" in (d := params.notebook_defaults(r.source))), None)
    period = coverage.evidence_period(load_all(data_dir, validate=False), focus)
    span = coverage.describe_period(period)
    covered = span
    if period["index_last"] and (period["last_year"] is None or period["index_last"] > period["last_year"]):
        covered = f"{span}, with press-freedom rankings to {period['index_last']}" if span else \
            f"press-freedom rankings to {period['index_last']}"
    cut_off = []
    if period["cut_off"]:
        cut_off.append(f"documents published up to {format_date(period['cut_off'])}")
    if period["index_last"]:
        cut_off.append(f"RSF World Press Freedom Index edition {period['index_last']}")
    subtitle = f"{SUBTITLE}, {span}" if span else SUBTITLE
    year = build_date()[:4]
    return {
        "title": TITLE,
        "subtitle": subtitle,
        "period": covered,
        "publisher": PUBLISHER,
        "cut_off": "; ".join(cut_off),
        "licence": LICENCE,
        "citation": f"{PUBLISHER} ({year}). {TITLE}: {subtitle[0].lower() + subtitle[1:]}. Version {__version__}.",
    }


def _render_key(runs: list[NotebookRun], formats, facts: dict) -> str:
    material = {
        "runs": [(r.name, r.key) for r in runs],
        "formats": sorted(formats),
        "facts": {k: v for k, v in facts.items() if k != "date"},
        "template": {p.name: file_digest(p) for p in sorted((TEMPLATES_DIR / "briefing").iterdir())},
        "css": file_digest(CSS_FILE),
        "code": {p.name: file_digest(p) for p in RENDERING_CODE},
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True, default=str).encode()).hexdigest()


def _swap_in(staged: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staged, target)


def _publish_figures(runs: list[NotebookRun], figures_dir: Path) -> list[Path]:
    figures_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for run in runs:
        if run.figures is None or not run.figures.exists():
            continue
        for figure in sorted(run.figures.iterdir()):
            staged = figures_dir / f".{figure.name}.tmp"
            shutil.copyfile(figure, staged)
            _swap_in(staged, figures_dir / figure.name)
            written.append(figures_dir / figure.name)
    return written


def _validate_once(data_dir: Path, data_digest: dict[str, str], build_dir: Path) -> None:
    """Validate the data folder, unless these exact bytes were validated before (a digest marker)."""
    validator = file_digest(paths.PACKAGE_DIR / "validation.py")
    digest = hashlib.sha256(json.dumps([validator, data_digest], sort_keys=True).encode()).hexdigest()
    marker = build_dir / ".validated-data"
    if marker.exists() and marker.read_text() == digest:
        return
    problems = validate(data_dir)
    if problems:
        raise BuildError("data validation failed; nothing was built:\n" + format_problems(problems), 1)
    build_dir.mkdir(parents=True, exist_ok=True)
    marker.write_text(digest)


def build(options: BuildOptions, log=print) -> BuildResult:
    started = time.perf_counter()
    runs = plan(options)  # usage errors first: they are cheap to find
    data_dir, build_dir = Path(options.data_dir), Path(options.build_dir)
    data_digest = tree_digest(data_dir)  # read once: validation marker and cache keys share it
    _validate_once(data_dir, data_digest, build_dir)
    params.check_run_values(runs, data_dir)  # parameter values name things in the data: before any kernel
    runs = execute_all(runs, data_digest, build_dir, jobs=options.jobs, force=options.force)
    for run in runs:
        for cell, line in stderr_outputs(run.executed):
            log(f"  warning: {run.name}, cell {cell} wrote to stderr (left out of the briefing): {line}")

    facts = cover_facts(data_dir, runs) | {
        "date": build_date(),
        "version": version(),
        "data": data_version(data_digest),
        "parameters": {k: v for r in runs for k, v in r.parameters.items() if k != "data_dir"},
    }
    outputs = {fmt: build_dir / f"briefing.{fmt}" for fmt in options.formats}
    key = _render_key(runs, options.formats, facts)
    key_file = build_dir / ".render-key"
    executed = [r.name for r in runs if not r.cached]
    cached = [r.name for r in runs if r.cached]
    up_to_date = (
        not options.force
        and not executed
        and key_file.exists()
        and key_file.read_text() == key
        and all(p.exists() for p in outputs.values())
    )
    if up_to_date:
        _publish_figures(runs, Path(options.figures_dir))  # restores figures deleted by hand
        log("Nothing changed: no notebook executed, nothing rendered. The briefing is up to date:")
        for path in outputs.values():
            log(f"  {path}")
        return BuildResult(outputs, executed, cached, rendered=False)

    try:
        html = render_html([r.executed for r in runs], facts, warn=lambda message: log(f"  warning: {message}"))
    except AssemblyError as exc:
        raise BuildError(f"the briefing could not be assembled; nothing was replaced: {exc}", 1) from None
    staged = {}
    for fmt, target in outputs.items():
        staged[fmt] = target.with_name(f".{target.name}.tmp")
        if fmt == "html":
            staged[fmt].write_text(html, encoding="utf-8")
        else:
            render_pdf(html, staged[fmt])
    for fmt, target in outputs.items():
        _swap_in(staged[fmt], target)
    key_file.write_text(key)
    figures = _publish_figures(runs, Path(options.figures_dir))
    seconds = time.perf_counter() - started
    log(f"Built in {seconds:.1f} s ({len(executed)} notebook(s) executed, {len(cached)} from cache, "
        f"{len(figures)} figure file(s) in {options.figures_dir}):")
    for path in outputs.values():
        log(f"  {path}")
    return BuildResult(outputs, executed, cached, rendered=True)


def describe_notebooks(notebooks_dir: Path) -> str:
    lines = []
    for source in discover(notebooks_dir, []):
        lines.append(source.name)
        for name, default in params.notebook_defaults(source).items():
            lines.append(f"    {name} = {default!r}  ({type(default).__name__})")
    return "\n".join(lines)


def main_error(exc: Exception) -> int:
    print(f"error: {exc}", file=sys.stderr)
    return getattr(exc, "exit_code", 1)
