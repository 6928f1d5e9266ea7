"""docs/data-schema.md describes the schema the package validates with: its column reference is
the one the schema writes, and every table and column is there."""

import copy

from conftest import ROOT
from kzbrief import schema_doc
from kzbrief.checks.schema import package_descriptor

DOC = ROOT / "docs" / "data-schema.md"


def test_the_column_reference_is_the_schemas():
    text = DOC.read_text(encoding="utf-8")
    assert text == schema_doc.rewritten(text), "run: .venv/bin/python -m kzbrief.schema_doc docs/data-schema.md"


def test_every_table_and_column_is_described():
    text = DOC.read_text(encoding="utf-8")
    for resource in package_descriptor()["resources"]:
        assert f"### `{resource['path']}`" in text
        for field in resource["schema"]["fields"]:
            assert f"| `{field['name']}` |" in text


def test_a_schema_change_shows_in_the_rewritten_reference(monkeypatch):
    descriptor = copy.deepcopy(package_descriptor())  # the package's own is cached: never changed here
    descriptor["resources"][0]["schema"]["fields"].append({"name": "new_column", "type": "string"})
    monkeypatch.setattr(schema_doc, "package_descriptor", lambda: descriptor)
    text = DOC.read_text(encoding="utf-8")
    assert "| `new_column` |" in schema_doc.rewritten(text) and "| `new_column` |" not in text
