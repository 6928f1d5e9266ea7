"""The data folder is a sandbox: every path validate or the build reads must resolve inside it.

Checking only a file's own name is not enough: `raw/rsf` as a link to a folder elsewhere would
bring in files nobody reviewed with the data. Each component of the path is therefore resolved,
and the first one that leads out of the folder is named.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from .problems import Problem


def link_out(data_dir: Path, relative: str | Path) -> str | None:
    """The part of `relative` (from `data_dir`) that is a link out of the folder, or None
    when the whole path stays inside. Only links can lead out: ".." and absolute paths are
    refused where paths are declared."""
    root = Path(data_dir).resolve()
    walked = PurePosixPath()
    for part in PurePosixPath(Path(relative).as_posix()).parts:
        walked /= part
        here = Path(data_dir) / walked
        if here.is_symlink() and not here.resolve().is_relative_to(root):
            return walked.as_posix()
    return None


def link_out_problem(data_dir: Path, relative: str | Path, label: str) -> Problem | None:
    """One line naming the link out of the folder on the way to `relative`."""
    link = link_out(data_dir, relative)
    if link is None:
        return None
    is_file = link == Path(relative).as_posix() and not (Path(data_dir) / link).is_dir()
    kind, copy = ("a file", "the file") if is_file else ("a folder", "its files")
    return Problem(
        label, None, None, None, f'"{link}" is a link to {kind} outside the data folder; copy {copy} in instead'
    )
