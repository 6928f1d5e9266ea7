"""Reading a data folder's files safely: inside the folder, regular files, UTF-8 CSV."""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path

from .problems import Problem, in_folder
from .sandbox import link_out_problem
from .schema import DESCRIPTOR

# Long cells are read whole so the cell check can name their row and column; only a cell
# beyond this (16 MiB) stops the reader. Frictionless raises the same global limit.
_CSV_FIELD_LIMIT = max(csv.field_size_limit(), 2**24)
csv.field_size_limit(_CSV_FIELD_LIMIT)


def data_dir_problem(data_dir: Path) -> Problem | None:
    """One line when the data folder itself is unusable; nothing else is checked then."""
    label = str(data_dir)
    if not data_dir.exists():
        return Problem(label, None, None, None, "the data folder does not exist")
    if not data_dir.is_dir():
        return Problem(label, None, None, None, "is a file, not a data folder")
    if not os.access(data_dir, os.R_OK | os.X_OK):
        return Problem(label, None, None, None, "the data folder cannot be read (permission denied)")
    return None


def read_file_bytes(data_dir: Path, relative: str, label: str) -> tuple[bytes | None, Problem | None]:
    """The bytes of a file that is a regular file inside `data_dir`; never opens a pipe or
    device, never follows a link out of the folder (the file's own or a folder's on its way)."""
    path = data_dir / relative
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None, link_out_problem(data_dir, relative, label) or Problem(label, None, None, None, "file is missing")
    except OSError as exc:
        return None, Problem(label, None, None, None, f"cannot be read: {exc.strerror}")
    outside = link_out_problem(data_dir, relative, label)  # the file, or a folder on its way
    if outside:
        return None, outside
    if stat.S_ISLNK(info.st_mode):
        try:
            info = path.stat()
        except OSError:
            return None, Problem(label, None, None, None, "is a broken link")
    if stat.S_ISDIR(info.st_mode):
        return None, Problem(label, None, None, None, "is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        return None, Problem(
            label, None, None, None, "is not a regular file (a pipe, socket or device); it was not opened"
        )
    try:
        return path.read_bytes(), None
    except PermissionError:
        return None, Problem(label, None, None, None, "cannot be read (permission denied)")
    except OSError as exc:
        return None, Problem(label, None, None, None, f"cannot be read: {exc.strerror}")


def decode_csv(raw: bytes, label: str) -> tuple[list[list[str]] | None, Problem | None]:
    """UTF-8 (a byte-order mark is accepted and ignored) parsed as comma-separated records."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, Problem(label, line, None, None, f"not UTF-8 text (byte {exc.start}); save the file as UTF-8")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return list(reader), None
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            rule = f"a cell is longer than {_CSV_FIELD_LIMIT} characters; a cell holds at most 5000"
        else:
            rule = f"cannot be read as CSV: {exc}"
        return None, Problem(label, reader.line_num, None, None, rule)


def read_structure(data_dir: Path, resource: dict) -> tuple[list[dict[str, str]] | None, list[Problem]]:
    """Read a table safely and compare its header with the schema; return its rows as dicts."""
    label = in_folder(data_dir, resource["path"])
    expected = [field["name"] for field in resource["schema"]["fields"]]
    raw, problem = read_file_bytes(data_dir, resource["path"], label)
    if problem is None:
        records, problem = decode_csv(raw, label)
    if problem is not None:
        return None, [problem]
    if not records or not any(cell.strip() for record in records for cell in record):
        return None, [
            Problem(label, None, None, None, f"file is empty; it needs at least the header row: {','.join(expected)}")
        ]
    header = records[0]
    if len(header) == 1 and any(sep in header[0] for sep in ";\t|"):
        sep = next(s for s in ";\t|" if s in header[0])
        return None, [
            Problem(
                label,
                1,
                None,
                None,
                f"header is one column; the file looks {sep!r}-separated, but data files must be comma-separated",
            )
        ]
    problems = []
    for column in header:
        if column != column.strip():
            problems.append(Problem(label, 1, column, column, "column name has leading or trailing whitespace"))
    names = [c.strip() for c in header]
    for column in expected:
        if column not in names:
            problems.append(Problem(label, 1, column, None, "required column is missing"))
    for column in names:
        if column not in expected:
            problems.append(Problem(label, 1, column, None, f"unknown column; declare it in {DESCRIPTOR} or remove it"))
    if len(set(names)) != len(names):
        problems.append(Problem(label, 1, None, ",".join(names), "a column name appears twice"))
    if not problems and names != expected:
        problems.append(
            Problem(label, 1, None, ",".join(names), f"columns must be in the schema's order: {','.join(expected)}")
        )
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            problems.append(
                Problem(label, number, None, None, f"has {len(record)} cells, the header has {len(header)}")
            )
            continue
        row = dict(zip(names, record))
        row["__row__"] = number
        rows.append(row)
    return rows, problems
