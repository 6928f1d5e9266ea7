"""What a running notebook reads, noted for the build's cache.

The build runs each notebook with KZBRIEF_INPUTS_LOG naming a file; the loaders append one
line per table or folder they hand to the notebook. The build keys the cached run on exactly
those inputs, so editing a table re-runs only the notebooks that read it. Outside a build
(papermill by hand, tests) nothing is written.
"""

from __future__ import annotations

import os
from pathlib import Path

LOG_VARIABLE = "KZBRIEF_INPUTS_LOG"


def note(kind: str, path: str | Path) -> None:
    """Record that the notebook used `path` ('table' for a data table file, 'folder' for a folder
    whose files it reads, present or not: a folder created later must re-run it)."""
    log = os.environ.get(LOG_VARIABLE)
    if not log:
        return
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(f"{kind}\t{Path(path).resolve()}\n")


def read_log(log: Path) -> set[tuple[str, str]]:
    """The (kind, absolute path) pairs a run recorded; none when it read nothing."""
    if not log.is_file():
        return set()
    pairs = set()
    for line in log.read_text(encoding="utf-8").splitlines():
        kind, _, path = line.partition("\t")
        if kind and path:
            pairs.add((kind, path))
    return pairs
