"""Loaders return typed frames; the descriptor alone validates the data (as outside tools use it)."""

import pandas as pd
import pytest
from frictionless import Package

from conftest import DATA
from kzbrief import datasets, digests
from kzbrief.validation import DataValidationError


def test_descriptor_validates_the_data_on_its_own():
    report = Package(str(DATA / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_loaders_return_the_declared_dtypes(tiny_data):
    cases = datasets.load_table("cases", tiny_data)
    assert cases["n_persons"].dtype == "Int64"
    assert cases["is_group"].dtype == "boolean"
    assert cases["defendant"].dtype == "string"
    sentences = datasets.load_table("sentences", tiny_data)
    assert sentences["term_min"].dtype == "Float64"
    assert sentences.loc[sentences["case_id"] == "plain-name", "term_unit"].iloc[0] == "months"


def test_empty_cells_are_missing_not_zero_or_blank(tiny_data):
    claims = datasets.load_table("casualty_estimates", tiny_data).set_index("claim_id")
    assert pd.isna(claims.loc["detained-ngo", "high"])
    assert claims.loc["detained-ngo", "low"] == 1000
    sources = datasets.load_table("sources", tiny_data).set_index("source_id")
    assert pd.isna(sources.loc["news-item", "url"])


def test_kazakh_letters_round_trip(tiny_data):
    cases = datasets.load_table("cases", tiny_data).set_index("case_id")
    assert cases.loc["qazaq-name", "defendant"] == "Әлия Ғұмарова"
    assert "Алия Гумарова" in cases.loc["qazaq-name", "aliases"].split(";")


def test_byte_order_mark_does_not_rename_the_first_column(tiny_data):
    path = tiny_data / "events.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert list(datasets.load_table("events", tiny_data).columns)[0] == "event_id"


def test_load_all_validates_first(tiny_data):
    text = (tiny_data / "cases.csv").read_text(encoding="utf-8").replace("John Example,1,", "John Example,0,")
    (tiny_data / "cases.csv").write_text(text, encoding="utf-8")
    with pytest.raises(DataValidationError, match='cases.csv, row 3, column "n_persons"'):
        datasets.load_all(tiny_data)
    assert len(datasets.load_all(tiny_data, validate=False)["cases"]) == 8


def test_unknown_table_is_named():
    with pytest.raises(KeyError, match="tables: sources"):
        datasets.load_table("verdicts", DATA, validate=False)


def test_project_data_loads_with_every_table():
    tables = datasets.load_all(DATA)
    assert set(tables) == set(datasets.TABLES)
    assert all(len(frame) for frame in tables.values())
    for name, frame in tables.items():
        column = "source_ids" if name == "conflicts" else "source_id"  # a conflict names every document in it
        assert frame[column].notna().all(), f"{name}: every row names its source"


def test_a_kernel_of_the_build_does_not_validate_again_what_the_build_validated(tiny_data, monkeypatch):
    """The build hands its kernels the fingerprint of the data it validated: the same bytes load
    without a second validation; changed bytes, or no handshake (a run by hand), validate."""
    validated = []
    monkeypatch.setattr(datasets, "check", lambda folder: validated.append(folder))
    monkeypatch.setenv(digests.VALIDATED_VARIABLE, digests.validated_token(tiny_data, digests.data_digest(tiny_data)))
    datasets.load_all(tiny_data)
    datasets.load_table("cases", tiny_data)
    assert validated == []
    (tiny_data / "cases.csv").write_text((tiny_data / "cases.csv").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    datasets.load_all(tiny_data)
    assert validated == [tiny_data]
    monkeypatch.delenv(digests.VALIDATED_VARIABLE)
    datasets.load_all(tiny_data)
    assert len(validated) == 2
