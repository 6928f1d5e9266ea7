"""A briefing's own templates (`templates/` beside briefing.yml), checked with its data: each is a
Markdown file inside the folder that Jinja2 can read, that types no number, and that holds no
character the print cannot show (a control character, an invisible direction mark, an emoji)."""

from __future__ import annotations

from pathlib import Path

import jinja2

from ..words import TEMPLATES_FOLDER, TYPED_NUMBER, typed_number_positions
from .cells import unprintable_problem
from .problems import Problem, in_folder
from .sandbox import link_out_problem

README = "README.md"  # the folder's own notes (a scaffolded folder has one), never rendered


def template_problems(data_dir: Path) -> list[Problem]:
    folder = Path(data_dir) / TEMPLATES_FOLDER
    outside = link_out_problem(Path(data_dir), TEMPLATES_FOLDER, in_folder(data_dir, str(TEMPLATES_FOLDER)))
    if outside:  # the folder itself: links inside it are compared with where it leads
        return [outside]
    if not folder.is_dir():
        return []
    root = folder.resolve()
    problems = []
    for path in sorted(folder.rglob("*")):
        label = in_folder(data_dir, path.relative_to(data_dir).as_posix())
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            problems.append(Problem(label, None, None, None, "is a link to a file outside the templates folder"))
            continue
        if path.is_dir() or path.name.startswith(".") or path.name == README:
            continue
        if path.suffix != ".md":
            problems.append(Problem(label, None, None, None, "is not a template: templates are Markdown files (.md)"))
            continue
        try:
            source = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            problems.append(Problem(label, None, None, None, f"is not UTF-8 text (byte {exc.start})"))
            continue
        try:
            found = typed_number_positions(source)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(Problem(label, exc.lineno, None, None, f"the template cannot be read: {exc.message}"))
            continue
        problems += [Problem(label, line, None, number, TYPED_NUMBER.format(number=number)) for line, number in found]
        # The wording is printed like the data: the same characters are refused, line by line.
        for line, text in enumerate(source.split("\n"), start=1):
            rule = unprintable_problem(text.removesuffix("\r"))
            if rule:
                problems.append(Problem(label, line, None, None, rule))
    return problems
