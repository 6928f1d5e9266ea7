"""SHA-256 digests of files and folders, and the handshake by which the build tells its kernels
which data it validated.

The build validates a data folder once, before any kernel starts, and hands each kernel the
fingerprint of the bytes it validated (VALIDATED_VARIABLE). A kernel whose data folder still
holds exactly those bytes does not validate them a second time; a notebook run by hand, or one
whose data changed since, validates as before.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

# Only these are data; README.md, notes and dot files in the data folder change nothing.
DATA_SUFFIXES = (".csv", ".json", ".yml", ".yaml")
VALIDATED_VARIABLE = "KZBRIEF_VALIDATED_DATA"


def file_digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def tree_digest(root: Path, patterns: tuple[str, ...] = ("**/*",)) -> dict[str, str]:
    """Relative path -> digest of every file below `root` matching `patterns` (caches left out)."""
    files = sorted(
        {p for pattern in patterns for p in root.glob(pattern) if p.is_file() and "__pycache__" not in p.parts}
    )
    return {p.relative_to(root).as_posix(): file_digest(p) for p in files}


def is_data_file(relative: str) -> bool:
    parts = relative.split("/")
    # A briefing's own templates (its editor's wording) are read like its data.
    wording = parts[0] == "templates" and len(parts) > 1
    return not any(part.startswith(".") for part in parts) and (relative.endswith(DATA_SUFFIXES) or wording)


def data_digest(root: Path) -> dict[str, str]:
    """The data files of a folder (tables, descriptor, checklists, config, official files) by
    relative path: what validation and the notebooks read; README.md and dot files are left out."""
    if not Path(root).is_dir():
        return {}
    return {name: digest for name, digest in tree_digest(Path(root)).items() if is_data_file(name)}


def data_stamps(root: Path) -> dict[str, tuple[int, int, int, int]]:
    """The data files of `data_digest`, by relative path: inode, size, modification and change
    time. A file edited and changed back has its old digest again but not its old stamp (writing
    sets the change time, which no editor can set back): what a notebook read in between is not
    what the digest says."""
    if not Path(root).is_dir():
        return {}
    stamps = {}
    for path in sorted(Path(root).glob("**/*")):
        name = path.relative_to(root).as_posix()
        if "__pycache__" in path.parts or not is_data_file(name):
            continue
        try:
            status = path.stat()
        except OSError:
            continue
        if stat.S_ISREG(status.st_mode):
            stamps[name] = (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)
    return stamps


def fingerprint(digest: dict[str, str]) -> str:
    """One digest for a folder's data_digest."""
    return hashlib.sha256(json.dumps(digest, sort_keys=True).encode()).hexdigest()


def validated_token(data_dir: Path, digest: dict[str, str]) -> str:
    """What the build hands its kernels: the folder and the fingerprint of the bytes it validated."""
    return f"{Path(data_dir).resolve()}:{fingerprint(digest)}"


def validated_by_build(data_dir: Path) -> bool:
    """True when the running process was started by a build that validated `data_dir` as it is now."""
    handed = os.environ.get(VALIDATED_VARIABLE)
    return bool(handed) and handed == validated_token(data_dir, data_digest(data_dir))


def changed_files(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """The relative paths added, removed or edited between two data_digests, sorted."""
    return sorted(name for name in set(before) | set(after) if before.get(name) != after.get(name))


def describe_changes(data_dir: Path, names: list[str], limit: int = 3) -> str:
    """'data/cases.csv and data/events.csv' (at most `limit` named, then a count)."""
    shown = [str(Path(data_dir) / name) for name in names[:limit]]
    more = f" and {len(names) - limit} other file(s)" if len(names) > limit else ""
    return (", ".join(shown[:-1]) + " and " + shown[-1] if len(shown) > 1 else shown[0]) + more
