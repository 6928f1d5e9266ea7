"""Render executed notebooks into one HTML briefing and one PDF.

HTML: nbconvert with the project's `briefing` template (on nbconvert's `basic`), inputs,
prompts and the parameters cells removed. PDF: the same HTML through WeasyPrint, with the
DejaVu fonts matplotlib ships embedded via @font-face, so no system font is needed.
"""

from __future__ import annotations

import copy
from pathlib import Path

from .. import paths

# nbconvert, matplotlib and WeasyPrint are imported where used: a build with nothing to
# render never pays for loading them.

TEMPLATES_DIR = paths.PACKAGE_DIR / "templates"
CSS_FILE = paths.PACKAGE_DIR / "styles" / "briefing.css"
# The code that turns executed notebooks into the briefing: a change to it means re-rendering.
RENDERING_CODE = (
    Path(__file__),
    Path(__file__).with_name("assembly.py"),
    Path(__file__).with_name("page_review.py"),
    Path(__file__).with_name("annex.py"),
    TEMPLATES_DIR / "annex" / "annex.html.j2",
)
PDF_VARIANT = "pdf/ua-1"
REMOVED_TAGS = {"parameters", "injected-parameters", "remove-cell"}
FONT_FILES = {
    ("DejaVu Sans", "normal", "normal"): "DejaVuSans.ttf",
    ("DejaVu Sans", "bold", "normal"): "DejaVuSans-Bold.ttf",
    ("DejaVu Sans", "normal", "italic"): "DejaVuSans-Oblique.ttf",
    ("DejaVu Serif", "normal", "normal"): "DejaVuSerif.ttf",
    ("DejaVu Serif", "bold", "normal"): "DejaVuSerif-Bold.ttf",
    ("DejaVu Serif", "normal", "italic"): "DejaVuSerif-Italic.ttf",
    ("DejaVu Sans Mono", "normal", "normal"): "DejaVuSansMono.ttf",
}


def combine(executed: list[Path]):
    """One notebook holding the cells of all executed notebooks, in order."""
    import nbformat

    combined = None
    for path in executed:
        notebook = nbformat.read(path, as_version=4)
        if combined is None:
            combined = copy.deepcopy(notebook)
            combined.cells = []
        combined.cells.extend(notebook.cells)
    return combined


def stderr_outputs(executed: Path) -> list[tuple[int, str]]:
    """(cell number, first line) of every stderr output: warnings the briefing leaves out,
    which the build reports on the console so they are not silently lost."""
    import nbformat

    notebook = nbformat.read(executed, as_version=4)
    found = []
    for number, cell in enumerate(notebook.cells, start=1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                lines = output.get("text", "").strip().splitlines()
                found.append((number, lines[0] if lines else ""))
    return found


def export_html(executed: list[Path], facts: dict) -> str:
    """nbconvert's HTML of the executed notebooks in the briefing template, before assembly."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.remove_cell_tags = REMOVED_TAGS
    config.TagRemovePreprocessor.enabled = True
    exporter = HTMLExporter(
        config=config,
        template_name="briefing",
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.register_preprocessor(TagRemovePreprocessor(config=config), enabled=True)
    resources = {"briefing": {**facts, "css": CSS_FILE.read_text(encoding="utf-8")}}
    body, _ = exporter.from_notebook_node(combine(executed), resources=resources)
    return body


def font_faces() -> str:
    """@font-face rules pointing at matplotlib's bundled DejaVu fonts (used for the PDF)."""
    from matplotlib import get_data_path

    font_dir = Path(get_data_path()) / "fonts" / "ttf"
    rules = []
    for (family, weight, style), filename in FONT_FILES.items():
        rules.append(
            f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: {style}; '
            f'src: url("{(font_dir / filename).as_uri()}"); }}'
        )
    return "\n".join(rules)


def render_pdf(html: str, target: Path, warn=lambda message: None) -> dict[str, int]:
    """Write the PDF of `html` to `target` (A4, running header, page X of Y), tagged as PDF/UA-1
    so screen readers get headings, reading order, tables and the figures' alternative text.
    `warn` receives each problem the page review finds in the layout (page_review.py).
    Returns the page (from 1) of every element id, for the facts catalog."""
    from weasyprint import CSS, HTML

    from .page_review import review

    document = HTML(string=html, base_url=str(paths.PROJECT_DIR)).render(
        stylesheets=[CSS(string=font_faces())], pdf_variant=PDF_VARIANT
    )
    for problem in review(document):
        warn(problem)
    document.write_pdf(target, pdf_variant=PDF_VARIANT)
    return {anchor: number for number, page in enumerate(document.pages, 1) for anchor in page.anchors}
