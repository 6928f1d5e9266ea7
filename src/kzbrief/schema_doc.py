"""The column reference of docs/data-schema.md, written from the package schema so the two never drift.

`python -m kzbrief.schema_doc docs/data-schema.md` rewrites the part of the file between the two
marker lines; a test fails when the file and the schema disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .checks.schema import package_descriptor

BEGIN = "<!-- columns: written by python -m kzbrief.schema_doc from src/kzbrief/schema/datapackage.json -->"
END = "<!-- end of columns -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _allowed(field: dict) -> str:
    constraints = field.get("constraints", {})
    parts = []
    if "enum" in constraints:
        parts.append(", ".join(f"`{code}`" for code in constraints["enum"]))
    if "pattern" in constraints:
        parts.append(f"pattern `{constraints['pattern']}`")
    if "minimum" in constraints or "maximum" in constraints:
        parts.append(f"{constraints.get('minimum', '…')} to {constraints.get('maximum', '…')}")
    return "; ".join(parts)


def columns_markdown() -> str:
    """One section per table: its columns with type, whether required, allowed values and meaning."""
    out = []
    for resource in package_descriptor()["resources"]:
        schema = resource["schema"]
        key = schema.get("primaryKey")
        key = ", ".join(f"`{k}`" for k in ([key] if isinstance(key, str) else key or []))
        optional = " (optional table: a folder may leave it out)" if resource.get("optional") else ""
        out.append(f"### `{resource['path']}`{optional}\n")
        if resource.get("description"):
            out.append(resource["description"] + "\n")
        if key:
            out.append(f"Key: {key}.\n")
        out.append("| column | type | required | allowed values | meaning |")
        out.append("|---|---|---|---|---|")
        for field in schema["fields"]:
            required = "yes" if field.get("constraints", {}).get("required") else ""
            required = "optional column" if field.get("optional") else required
            out.append(
                f"| `{field['name']}` | {field['type']} | {required} | {_cell(_allowed(field))} | "
                f"{_cell(field.get('description', ''))} |"
            )
        out.append("")
    return "\n".join(out)


def rewritten(document: str) -> str:
    """`document` with its column reference replaced by the schema's."""
    head, rest = document.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n\n{columns_markdown()}\n{END}{tail}"


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else Path("docs/data-schema.md")
    target.write_text(rewritten(target.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"rewrote the column reference of {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
