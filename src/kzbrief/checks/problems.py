"""The one-line problem report every check produces."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    value: str | None
    rule: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", {'line' if self.file.endswith('.md') else 'row'} {self.row}"
        if self.column:
            where += f', column "{self.column}"'
        value = "" if self.value is None else f' value "{clip(self.value)}":'
        return f"{where}:{value} {self.rule}"


class DataValidationError(Exception):
    """Raised by `check` when a data folder has problems; str() lists them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(format_problems(problems))


def format_problems(problems: list[Problem]) -> str:
    lines = [str(p) for p in problems]
    lines.append(f"{len(problems)} problem(s) found.")
    return "\n".join(lines)


def clip(value: str, width: int = 60) -> str:
    """Shorten a value for the message, with control characters made visible so the
    message stays one line and cannot reorder the terminal's text."""
    visible = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in value)
    return visible if len(visible) <= width else visible[: width - 1] + "…"


def in_folder(data_dir: Path, relative: str) -> str:
    """How messages name a file: the data folder's name, then the path inside it ("data/cases.csv");
    a folder given as "." is named by its real name."""
    data_dir = Path(data_dir)
    return f"{data_dir.name or data_dir.resolve().name}/{relative}"
