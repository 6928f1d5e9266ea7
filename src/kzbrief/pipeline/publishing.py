"""Publish a briefing's files (HTML, PDF, facts catalog, figures folder, render record) as one set.

Each file is staged beside its target first; publishing is then a series of renames, which no
file system makes atomic together. So the renames run under a journal in the out dir: before the
first one, it lists every target and the name its previous version is moved to. A failure between
two renames moves the previous versions back at once; a build killed there leaves the journal,
and the next build into the out dir rolls back the same way before it does anything else. Either
way readers find the previous set or the new one, never a mix of both.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

JOURNAL = ".publishing"


def _move(source: Path, target: Path) -> None:
    """One rename; its own function so tests can fail or stop a build between two of them."""
    os.rename(source, target)


def _discard(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif os.path.lexists(path):
        path.unlink()


def publish(build_dir: Path, changes: list[tuple[Path | None, Path]]) -> None:
    """Put each staged path in place of its target (a staged None removes the target), all or none."""
    journal = Path(build_dir) / JOURNAL
    # Absolute paths: the next build, which may roll this one back, may run from another folder.
    steps = [
        {
            "staged": os.path.abspath(staged) if staged is not None else None,
            "target": os.path.abspath(target),
            "previous": os.path.abspath(target.parent / f".{target.name}.previous-{os.getpid()}"),
            "existed": os.path.lexists(target),
        }
        for staged, target in changes
    ]
    for step in steps:  # leftovers of a build with this pid, long gone (the journal was handled)
        if os.path.lexists(step["previous"]):
            _discard(Path(step["previous"]))
    written = journal.with_name(f"{JOURNAL}.tmp")
    written.write_text(json.dumps(steps, indent=1), encoding="utf-8")
    os.replace(written, journal)  # from here on, a killed build is rolled back by the next one
    try:
        for step in steps:
            target = Path(step["target"])
            if os.path.lexists(target):
                _move(target, Path(step["previous"]))
            if step["staged"] is not None:
                target.parent.mkdir(parents=True, exist_ok=True)
                _move(Path(step["staged"]), target)
    except BaseException:
        _roll_back(steps)
        journal.unlink(missing_ok=True)
        raise
    journal.unlink()  # the new set is published: the previous one may go
    for step in steps:
        _discard(Path(step["previous"]))


def _roll_back(steps: list[dict]) -> None:
    """Put every previous version back; remove what this set added where nothing was before."""
    for step in reversed(steps):
        target, previous = Path(step["target"]), Path(step["previous"])
        if os.path.lexists(previous):
            if os.path.lexists(target):
                _discard(target)
            os.rename(previous, target)
        elif not step["existed"] and os.path.lexists(target):
            _discard(target)  # moved in where there was nothing before (no other build writes here)


def recover(build_dir: Path) -> bool:
    """Roll back a publication a killed build left half done (its journal); True when there was one.
    Called under the out dir's lock, before anything else is written there."""
    journal = Path(build_dir) / JOURNAL
    try:
        steps = json.loads(journal.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return False
    except ValueError:  # killed while writing the journal: no rename had happened yet
        journal.unlink()
        return False
    _roll_back(steps)
    for step in steps:
        if step["staged"] is not None and os.path.lexists(step["staged"]):
            _discard(Path(step["staged"]))
    journal.unlink()
    return True
