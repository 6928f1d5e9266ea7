"""The build: validate data, execute notebooks (cached, parallel), render, then swap outputs in.

Nothing the reader has is replaced until everything succeeded: outputs are written to
temporary files beside their targets and renamed into place at the end, the figures folder
as a whole staged copy. One build at a time holds an out dir (a lock file in it).
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
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import filelock

from .. import __version__, paths
from ..checks.problems import clip
from ..datasets import load_table
from ..digests import data_digest as read_data_digest
from ..digests import data_stamps, file_digest, fingerprint, tree_digest
from ..domain import RSF_INDEX_NAME
from ..validation import format_problems, validate
from . import annex, brief, catalog, publishing
from . import parameters as params
from .assembly import AssemblyError, assemble_editions
from .execution import (
    DEFAULT_CELL_TIMEOUT,
    MAX_CELL_OUTPUT_BYTES,
    DataChanged,
    NotebookRun,
    check_unchanged,
    execute_all,
    prune,
)
from .rendering import CSS_FILE, RENDERING_CODE, TEMPLATES_DIR, export_html, font_faces, render_pdf, stderr_outputs

LICENCE = "Text and data: CC BY 4.0, with attribution to the sources listed. Code: MIT."
DEFAULT_LOCK_WAIT = 900.0  # seconds a build waits for another one using the same out dir
LOCK_FILE = ".build.lock"
LOCK_OWNER_FILE = ".build.owner"  # the pid of the build holding the lock, for the waiting message
RENDER_RECORD = ".render-key"
# A build marks the out dir it uses; it deletes things (work/, old cache entries) only in a marked
# folder. An unmarked folder is taken over only when it holds nothing but what a build writes (an
# out dir of a build from before the marker); one with anything else is refused.
OUT_DIR_MARKER = ".kzbrief-out-dir"
BUILD_WRITES = {
    "briefing.html",
    "briefing.pdf",
    catalog.CSV_NAME,
    catalog.JSON_NAME,
    *annex.NAMES,
    brief.PDF_NAME,
    "cache",
    "work",
    "failed",
    "figures",
    RENDER_RECORD,
    ".validated-data",
    LOCK_FILE,
    LOCK_OWNER_FILE,
    OUT_DIR_MARKER,
    publishing.JOURNAL,
}


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
    figures_dir: Path | None = None  # None: figures/ for the default out dir, else <out dir>/figures
    only: list[str] = field(default_factory=list)
    overrides: dict = field(default_factory=dict)
    formats: tuple[str, ...] = ("html", "pdf")
    jobs: int = os.cpu_count() or 1
    force: bool = False
    cell_timeout: float = DEFAULT_CELL_TIMEOUT
    wait_for_lock: float = DEFAULT_LOCK_WAIT
    max_cell_output_bytes: int = MAX_CELL_OUTPUT_BYTES


@dataclass
class BuildResult:
    outputs: dict[str, Path]
    executed: list[str]
    cached: list[str]
    rendered: bool
    # seconds per phase: execute, html export, assembly, pdf (pdf 0 when the last PDF was reused)
    timings: dict[str, float] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)  # notebook -> why it was executed


def figures_target(options: BuildOptions) -> Path:
    """Figures follow the out dir: the project's figures/ is written only by a default build
    or when named explicitly."""
    if options.figures_dir is not None:
        return Path(options.figures_dir)
    build_dir = Path(options.build_dir)
    return paths.FIGURES_DIR if build_dir.resolve() == paths.BUILD_DIR.resolve() else build_dir / "figures"


def discover(notebooks_dir: Path, only: list[str]) -> list[Path]:
    if not Path(notebooks_dir).is_dir():
        state = "is not a folder" if Path(notebooks_dir).exists() else "does not exist"
        raise BuildError(f"the notebooks folder {notebooks_dir} {state}", 2)
    notebooks = sorted(p for p in Path(notebooks_dir).glob("*.ipynb") if not p.name.startswith("."))
    if not only:
        return notebooks
    by_name = {p.name: p for p in notebooks} | {p.stem: p for p in notebooks}
    unknown = [name for name in only if name not in by_name]
    if unknown:
        raise BuildError(
            f"--only: no notebook named {', '.join(unknown)}; notebooks: {', '.join(p.name for p in notebooks)}", 2
        )
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
            ["git", "describe", "--always", "--dirty", "--tags"],
            cwd=paths.PROJECT_DIR,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        return f"{__version__} ({described})"
    except (OSError, subprocess.SubprocessError):
        return __version__


def data_version(data_digest: dict[str, str]) -> str:
    """'8 files, fingerprint 1a2b3c4d5e6f': which data a briefing was built from, even outside git."""
    return f"{len(data_digest)} files in the data folder, fingerprint {fingerprint(data_digest)[:12]}"


def build_date() -> str:
    """SOURCE_DATE_EPOCH (reproducible-builds convention) when set, else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    day = dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch else dt.date.today()
    return day.isoformat()


def cover_facts(data_dir: Path, runs: list[NotebookRun]) -> dict:
    """Title, publisher, the period the evidence covers and the data cut-off: the words from the
    data folder's briefing.yml, the years computed from the data, so the cover never promises
    more years than the documents reach (nor fewer, when new rows extend them)."""
    from .. import config
    from ..analysis import coverage
    from ..datasets import load_all
    from ..english import format_date

    settings = config.load(data_dir)
    focus = next((r.parameters["focus_country"] for r in runs if r.parameters.get("focus_country")), None)
    if focus is None:
        focus = next(
            (d["focus_country"] for r in runs if (d := params.notebook_defaults(r.source)).get("focus_country")), None
        )
    tables = load_all(data_dir, validate=False)
    period = coverage.evidence_period(tables, focus or settings.iso3, settings.first_year)
    # the cover names the state as an interested party only where the state gave figures or is a source
    state = bool((tables["casualty_estimates"]["claimant_type"] == "official").any()) or bool(
        (tables["sources"]["source_type"] == "official").any()
    )
    span = coverage.describe_period(period)
    covered = span
    if period["index_last"] and (period["last_year"] is None or period["index_last"] > period["last_year"]):
        covered = (
            f"{span}, with press-freedom rankings to {period['index_last']}"
            if span
            else f"press-freedom rankings to {period['index_last']}"
        )
    cut_off = []
    if period["cut_off"]:
        cut_off.append(f"documents published up to {format_date(period['cut_off'])}")
    if period["index_last"]:
        cut_off.append(f"{RSF_INDEX_NAME} edition {period['index_last']}")
    subtitle = f"{settings.subtitle}, {span}" if span else settings.subtitle
    year = build_date()[:4]
    return {
        "title": settings.title,
        "subtitle": subtitle,
        "period": covered,
        "publisher": settings.publisher,
        "cut_off": "; ".join(cut_off),
        "licence": LICENCE,
        "state_figures": state,
        "citation": f"{settings.publisher} ({year}). {settings.title}: {subtitle[0].lower() + subtitle[1:]}. "
        f"Version {__version__}.",
    }


def _render_key(runs: list[NotebookRun], formats, facts: dict) -> str:
    material = {
        "runs": [(r.name, r.key) for r in runs],
        "formats": sorted(formats),
        "facts": {k: v for k, v in facts.items() if k != "date"},
        "template": {p.name: file_digest(p) for p in sorted((TEMPLATES_DIR / "briefing").iterdir())},
        "css": file_digest(CSS_FILE),
        "code": {p.name: file_digest(p) for p in RENDERING_CODE},
        "brief": {p.name: file_digest(p) for p in brief.RENDER_INPUTS},
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True, default=str).encode()).hexdigest()


def _figures_staging(figures_dir: Path) -> Path:
    return figures_dir.parent / f".{figures_dir.name}.staging-{os.getpid()}"


def _stage_figures(runs: list[NotebookRun], figures_dir: Path, staging: Path) -> int:
    """Fill `staging` with the figures folder as it will be: its current files plus this build's."""
    shutil.rmtree(staging, ignore_errors=True)
    if figures_dir.is_dir():
        shutil.copytree(figures_dir, staging, symlinks=True)
    else:
        staging.mkdir(parents=True)
    count = 0
    for run in runs:
        if run.figures is None or not run.figures.is_dir():
            continue
        for figure in sorted(run.figures.iterdir()):
            shutil.copyfile(figure, staging / figure.name)
            count += 1
    return count


def _discard(*staged: Path | None) -> None:
    for path in staged:
        if path is None or not os.path.lexists(path):
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _render_record(
    outputs: dict[str, Path], key: str, html_digest: str = "", pdf_basis: str = "", staged: dict | None = None
) -> str:
    """What .render-key holds: the render key and the sha256 of each published file (taken from
    its staged copy when given, so the record is published with the set), so a truncated or
    edited briefing is noticed; and the digest of the HTML the PDF was made from, so an
    unchanged HTML reuses the PDF."""
    staged = staged or {}
    return json.dumps(
        {
            "key": key,
            "outputs": {p.name: _digest(staged.get(fmt, p)) for fmt, p in outputs.items()},
            "html": html_digest,
            "pdf_basis": pdf_basis,
        },
        sort_keys=True,
    )


def _digest(path: Path) -> str:
    """A published file's sha256; a published folder's (the annex's CSV files) over its files."""
    return fingerprint(tree_digest(path)) if path.is_dir() else file_digest(path)


def _pdf_basis() -> str:
    """What the PDF depends on besides the HTML: fonts, the PDF variant and WeasyPrint itself."""
    from importlib.metadata import version as installed

    from .rendering import PDF_VARIANT

    return hashlib.sha256(json.dumps([font_faces(), PDF_VARIANT, installed("weasyprint")]).encode()).hexdigest()


def _catalogued_pages(build_dir: Path) -> dict[str, int] | None:
    """The pages the last catalog gave: a PDF kept because its HTML is unchanged has them still."""
    try:
        listed = json.loads((build_dir / catalog.JSON_NAME).read_text(encoding="utf-8"))
        return {entry["id"]: entry["page"] for entry in listed if entry.get("page")}
    except (OSError, ValueError, TypeError, KeyError):
        return None


def _reusable_pdf(key_file: Path, target: Path, html_digest: str, pdf_basis: str) -> bool:
    """The published PDF was made from this very HTML, with the same fonts and renderer, and is intact."""
    try:
        record = json.loads(key_file.read_text(encoding="utf-8"))
        return (
            record.get("html") == html_digest
            and record.get("pdf_basis") == pdf_basis
            and target.is_file()
            and file_digest(target) == record["outputs"].get(target.name)
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def _published_intact(key_file: Path, outputs: dict[str, Path], key: str, log) -> bool:
    try:
        record = json.loads(key_file.read_text(encoding="utf-8"))
        recorded = record["outputs"]
        if record["key"] != key:
            return False
    except (OSError, ValueError, KeyError, TypeError):
        return False
    for path in outputs.values():
        if not (path.is_file() or path.is_dir()):
            return False
        if _digest(path) != recorded.get(path.name):
            log(f"  note: {path} is not the file this build published last (truncated or edited); rendering it again")
            return False
    return True


def _check_usable_dir(path: Path, what: str) -> None:
    """Stop with one line when `path` is a file or cannot be written (or created), before any work."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise BuildError(f"the {what} {path} is a file, not a folder")
    existing = path if path.exists() else next(p for p in path.absolute().parents if p.exists())
    if not existing.is_dir():
        raise BuildError(f"the {what} {path} cannot be created: {existing} is a file, not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise BuildError(f"the {what} {path} is not writable (permission denied on {existing})")


def check_out_dir_is_ours(build_dir: Path, data_dir: Path, notebooks_dir: Path) -> None:
    """Stop with one line, before any work, when `build_dir` is the data or notebooks folder or
    inside the data folder (its files would become data), or holds files no build wrote and no
    OUT_DIR_MARKER (the build deletes in its out dir). The marker is written once the build holds
    the out dir's lock (mark_out_dir)."""
    build_dir = Path(build_dir)
    resolved = build_dir.resolve()
    for folder, what in ((data_dir, "the data folder"), (notebooks_dir, "the notebooks folder")):
        if resolved == Path(folder).resolve():
            raise BuildError(f"the out dir {build_dir} is {what}; give --out-dir a folder of its own")
    if Path(data_dir).resolve() in resolved.parents:
        raise BuildError(
            f"the out dir {build_dir} is inside the data folder {data_dir}; give --out-dir a folder outside it"
        )
    if build_dir.is_dir() and not (build_dir / OUT_DIR_MARKER).exists():
        foreign = sorted(
            p.name
            for p in build_dir.iterdir()
            if p.name not in BUILD_WRITES and not (p.name.startswith(".") and p.name.endswith(".tmp"))
        )
        if foreign:
            shown = ", ".join(clip(name, 40) for name in foreign[:3]) + (", …" if len(foreign) > 3 else "")
            raise BuildError(
                f"the out dir {build_dir} holds files no build made ({shown}); give --out-dir an empty or new "
                "folder, or the out dir of an earlier build"
            )


def check_figures_dir(figures_dir: Path, build_dir: Path, data_dir: Path, notebooks_dir: Path) -> None:
    """Stop with one line, before any work, when publishing the figures folder (swapping a staged
    copy in for it) would move or replace something else: the out dir or a folder it manages,
    the data or notebooks folder, or a symbolic link's target (the link would be swapped for a
    folder, and the folder it pointed to left behind as if the build had not written there)."""
    figures_dir, build_dir = Path(figures_dir), Path(build_dir)
    if figures_dir.is_symlink():
        raise BuildError(
            f"the figures dir {figures_dir} is a symbolic link (to {os.readlink(figures_dir)}); "
            "give --figures-dir the folder itself"
        )
    figures, out = figures_dir.resolve(), build_dir.resolve()
    if figures == out or figures in out.parents:
        raise BuildError(
            f"the figures dir {figures_dir} {'is' if figures == out else 'holds'} the out dir {build_dir}, "
            f"whose briefing and cache it would replace; give --figures-dir another folder "
            f"(default: {build_dir / 'figures'})"
        )
    if out in figures.parents and figures != out / "figures":
        raise BuildError(
            f"the figures dir {figures_dir} is inside the out dir {build_dir}, whose files the build manages; "
            f"give --figures-dir {build_dir / 'figures'} or a folder outside it"
        )
    for folder, what in ((data_dir, "the data folder"), (notebooks_dir, "the notebooks folder")):
        resolved = Path(folder).resolve()
        if figures == resolved or figures in resolved.parents:
            raise BuildError(
                f"the figures dir {figures_dir} {'is' if figures == resolved else 'holds'} {what} {folder}; "
                "give --figures-dir a folder of its own"
            )


def mark_out_dir(build_dir: Path) -> None:
    (Path(build_dir) / OUT_DIR_MARKER).write_text("A briefing build's out dir: builds write and delete files here.\n")


def _check_data_dir(data_dir: Path) -> None:
    if not data_dir.exists():
        raise BuildError(f"the data folder {data_dir} does not exist")
    if not data_dir.is_dir():
        raise BuildError(f"the data folder {data_dir} is a file, not a folder")


def _lock_owner(build_dir: Path) -> str:
    try:
        return f"pid {int((build_dir / LOCK_OWNER_FILE).read_text())}"
    except (OSError, ValueError):
        return "pid unknown"


@contextmanager
def out_dir_lock(build_dir: Path, wait: float):
    """Hold the out dir for this build: its cache, scratch and briefing are written by one build
    at a time. A second build waits up to `wait` seconds (saying so), or stops at once if 0."""
    build_dir.mkdir(parents=True, exist_ok=True)
    lock = filelock.FileLock(build_dir / LOCK_FILE)
    try:
        lock.acquire(timeout=0)
    except filelock.Timeout:
        owner = _lock_owner(build_dir)
        if wait <= 0:
            raise BuildError(
                f"another build is using {build_dir} ({owner}); stopped "
                "(--wait-for-lock SECONDS waits for it, or use another --out-dir)"
            ) from None
        print(f"another build is using {build_dir} ({owner}); waiting up to {wait:g} s…", file=sys.stderr, flush=True)
        try:
            lock.acquire(timeout=wait)
        except filelock.Timeout:
            raise BuildError(
                f"another build is still using {build_dir} ({owner}) after {wait:g} s; "
                "try again later or use another --out-dir"
            ) from None
    try:
        (build_dir / LOCK_OWNER_FILE).write_text(str(os.getpid()))
        yield
    finally:
        lock.release()


def _validate_once(data_dir: Path, data_digest: dict[str, str], build_dir: Path) -> None:
    """Validate the data folder, unless these exact bytes were validated before (a digest marker)."""
    # The rules live in validation.py, the checks package and the package's schema: any change re-validates.
    validator = [
        file_digest(paths.PACKAGE_DIR / "validation.py"),
        tree_digest(paths.PACKAGE_DIR / "checks"),
        tree_digest(paths.PACKAGE_DIR / "schema"),
    ]
    digest = hashlib.sha256(json.dumps([validator, data_digest], sort_keys=True).encode()).hexdigest()
    marker = build_dir / ".validated-data"
    if marker.exists() and marker.read_text() == digest:
        return
    problems = validate(data_dir)
    if problems:
        raise BuildError("data validation failed; nothing was built:\n" + format_problems(problems), 1)
    build_dir.mkdir(parents=True, exist_ok=True)
    staged = marker.with_name(f"{marker.name}.{os.getpid()}.tmp")  # builds may validate at once (before the lock)
    staged.write_text(digest)
    os.replace(staged, marker)


def build(options: BuildOptions, log=print) -> BuildResult:
    started = time.perf_counter()
    runs = plan(options)  # usage errors first: they are cheap to find
    data_dir, build_dir, figures_dir = Path(options.data_dir), Path(options.build_dir), figures_target(options)
    _check_data_dir(data_dir)
    _check_usable_dir(build_dir, "out dir")
    _check_usable_dir(figures_dir, "figures dir")
    _check_usable_dir(figures_dir.parent, "folder holding the figures dir")  # figures are staged beside it
    check_out_dir_is_ours(build_dir, data_dir, Path(options.notebooks_dir))
    check_figures_dir(figures_dir, build_dir, data_dir, Path(options.notebooks_dir))
    data_digest = read_data_digest(data_dir)  # read once: validation marker and cache keys share it
    _validate_once(data_dir, data_digest, build_dir)
    params.check_run_values(runs, data_dir)  # parameter values name things in the data: before any kernel
    with out_dir_lock(build_dir, options.wait_for_lock):
        mark_out_dir(build_dir)
        if publishing.recover(build_dir):
            log(f"  note: a build into {build_dir} was stopped while publishing; its previous briefing was restored")
        # The data may have been edited while this build waited for the lock (up to --wait-for-lock
        # seconds): the digests the cache keys and the render record rest on are taken again here.
        # Stamps first: a write between the two is then seen as a change, never missed.
        stamps = data_stamps(data_dir)
        latest = read_data_digest(data_dir)
        if latest != data_digest:
            data_digest = latest
            _validate_once(data_dir, data_digest, build_dir)
            params.check_run_values(runs, data_dir)
        executing = time.perf_counter()
        try:
            runs = execute_all(
                runs,
                data_dir,
                data_digest,
                build_dir,
                jobs=options.jobs,
                force=options.force,
                cell_timeout=options.cell_timeout,
                max_output_bytes=options.max_cell_output_bytes,
                stamps=stamps,
            )
            timings = {"execute": time.perf_counter() - executing}
            result = _render_and_publish(
                options, runs, data_dir, build_dir, figures_dir, data_digest, started, log, timings, stamps
            )
        except DataChanged as exc:
            raise BuildError(str(exc)) from None
        prune(build_dir / "cache", [r.executed.parent for r in runs if r.executed is not None])
        return result


def _stage_brief(options, runs, cover, html, briefs, staged, outputs_extra, references, log) -> list[dict]:
    """The two-page brief (when the PDF is built): the summary's facts in its own templates, staged
    beside its target like the rest of the set; returns its numbers for the facts catalog."""
    parameters = (
        brief.summary_parameters(runs, options.notebooks_dir, options.data_dir, options.overrides) if briefs else None
    )
    if parameters is None:
        return []
    target = briefs[brief.PDF_NAME]
    staged[brief.PDF_NAME], outputs_extra[brief.PDF_NAME] = target.with_name(f".{target.name}.tmp"), target
    try:
        written = brief.write(
            staged[brief.PDF_NAME],
            data_dir=Path(options.data_dir),
            parameters=parameters,
            cover=cover,
            chart=brief.find_chart(runs, html),
            log=log,
        )
    except brief.BriefProblem as exc:
        raise BuildError(f"{brief.PDF_NAME} could not be written; nothing was replaced: {exc}") from None
    return written.catalog_entries(references)


def _render_and_publish(
    options: BuildOptions,
    runs: list[NotebookRun],
    data_dir: Path,
    build_dir: Path,
    figures_dir: Path,
    data_digest: dict[str, str],
    started: float,
    log,
    timings: dict[str, float],
    stamps: dict | None = None,  # data_stamps, taken with data_digest under the lock
) -> BuildResult:
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
    key_file = build_dir / RENDER_RECORD
    executed = [r.name for r in runs if not r.cached]
    cached = [r.name for r in runs if r.cached]
    reasons = {r.name: r.reason for r in runs if not r.cached}
    catalogs = {name: build_dir / name for name in (catalog.CSV_NAME, catalog.JSON_NAME, *annex.NAMES)}
    briefs = {brief.PDF_NAME: build_dir / brief.PDF_NAME} if "pdf" in outputs else {}
    up_to_date = (
        not options.force and not executed and _published_intact(key_file, {**outputs, **catalogs, **briefs}, key, log)
    )
    staged: dict[str, Path] = {}
    outputs_extra: dict[str, Path] = {}
    figures_staged = _figures_staging(figures_dir)
    try:
        if up_to_date:
            check_unchanged(data_dir, data_digest, stamps)  # "up to date" only with the data the record names
            _stage_figures(runs, figures_dir, figures_staged)  # restores figures deleted by hand
            publishing.publish(build_dir, [(figures_staged, figures_dir)])
            log("Nothing changed: no notebook executed, nothing rendered. The briefing is up to date:")
            for path in outputs.values():
                log(f"  {path}")
            return BuildResult(outputs, executed, cached, rendered=False, timings=timings, reasons=reasons)

        phase = time.perf_counter()
        body = export_html([r.executed for r in runs], facts)
        timings["html export"], phase = time.perf_counter() - phase, time.perf_counter()
        try:
            html, printed = assemble_editions(
                body, lambda message: log(f"  warning: {message}"), annex.address(data_dir)
            )
        except AssemblyError as exc:
            raise BuildError(f"the briefing could not be assembled; nothing was replaced: {exc}", 1) from None
        timings["assembly"], phase = time.perf_counter() - phase, time.perf_counter()
        html_digest = hashlib.sha256(html.encode("utf-8")).hexdigest()
        pdf_basis = _pdf_basis() if "pdf" in outputs else ""
        pages = None
        for fmt, target in outputs.items():
            staged[fmt] = target.with_name(f".{target.name}.tmp")
            if fmt == "html":
                staged[fmt].write_text(html, encoding="utf-8")
            elif not options.force and _reusable_pdf(key_file, target, html_digest, pdf_basis):
                shutil.copyfile(target, staged[fmt])  # the same HTML makes the same PDF: keep it
                pages = _catalogued_pages(build_dir)
                log(f"  {target.name}: the HTML is unchanged, so the last PDF is kept")
            else:
                pages = render_pdf(printed, staged[fmt], warn=lambda message: log(f"  layout: {message}"))
        references = catalog.references(load_table("sources", data_dir, validate=False))
        briefed = _stage_brief(options, runs, facts, html, briefs, staged, outputs_extra, references, log)
        timings["pdf"] = time.perf_counter() - phase
        # The facts catalog goes out with the editions it lists, or not at all.
        listed = catalog.entries(html, references, pages) + briefed
        for name, text in ((catalog.CSV_NAME, catalog.as_csv(listed)), (catalog.JSON_NAME, catalog.as_json(listed))):
            target = build_dir / name
            outputs_extra[name] = target
            staged[name] = target.with_name(f".{name}.tmp")
            staged[name].write_text(text, encoding="utf-8")
        # The data annex too: a failed build never replaces the last good one.
        for name, path in annex.stage(data_dir, build_dir, facts).items():
            outputs_extra[name], staged[name] = build_dir / name, path
        figure_count = _stage_figures(runs, figures_dir, figures_staged)
        record = key_file.with_name(f"{key_file.name}.tmp")
        staged[RENDER_RECORD] = record
        record.write_text(
            _render_record({**outputs, **outputs_extra}, key, html_digest, pdf_basis, staged), encoding="utf-8"
        )
        # An edition this build did not render was made from other inputs: it would sit beside the
        # new one as if it matched it, so it goes, with the rest of the old set.
        stale = [build_dir / f"briefing.{fmt}" for fmt in ("html", "pdf") if fmt not in outputs]
        stale += [build_dir / brief.PDF_NAME] if brief.PDF_NAME not in outputs_extra else []
        stale = [path for path in stale if path.exists()]
        # The cover and the catalog read data while rendering: the set must match the digests its
        # render record is keyed on.
        check_unchanged(data_dir, data_digest, stamps)
        # Everything is staged: the set goes in together, the render record that vouches for it last.
        publishing.publish(
            build_dir,
            [(staged[name], target) for name, target in {**outputs, **outputs_extra}.items()]
            + [(figures_staged, figures_dir)]
            + [(None, path) for path in stale]
            + [(record, key_file)],
        )
        for path in stale:
            log(
                f"  removed {path.name}: it was made by an earlier build, and this one rendered only "
                f"{' and '.join(outputs)}"
            )
    finally:
        _discard(figures_staged, *staged.values())
    seconds = time.perf_counter() - started
    log(
        f"Built in {seconds:.1f} s ({len(executed)} notebook(s) executed, {len(cached)} from cache, "
        f"{figure_count} figure file(s) in {figures_dir}):"
    )
    for path in [*outputs.values(), *([outputs_extra[brief.PDF_NAME]] if brief.PDF_NAME in outputs_extra else [])]:
        log(f"  {path}")
    log("  time: " + ", ".join(f"{phase} {seconds:.1f} s" for phase, seconds in timings.items()))
    return BuildResult(outputs, executed, cached, rendered=True, timings=timings, reasons=reasons)


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
