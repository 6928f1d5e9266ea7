"""Parameter overrides are typed like papermill's and checked against the notebooks' defaults."""

import pytest

from kzbrief.pipeline.parameters import (
    ParameterError, coerce, load_params_file, notebook_defaults, parse_assignment, parse_value, resolve,
)

from conftest import ROOT


@pytest.mark.parametrize("text, expected", [
    ("True", True), ("False", False), ("None", None), ("3", 3), ("0.5", 0.5), ("KAZ", "KAZ"),
    ("[KAZ, RUS]", ["KAZ", "RUS"]), ("[]", []), ("", ""), ("a: b: c", "a: b: c"),
])
def test_values_are_typed_like_papermill(text, expected):
    assert parse_value(text) == expected


def test_assignment_needs_a_name_and_equals_sign():
    assert parse_assignment("start_year=2011") == ("start_year", 2011)
    assert parse_assignment("events=[a-1, b-2]") == ("events", ["a-1", "b-2"])
    with pytest.raises(ParameterError, match="name=value"):
        parse_assignment("start_year")


def test_coerce_follows_the_default_type():
    assert coerce("end_year", 2015, 2030, "nb") == 2015
    assert coerce("ratio", 2, 0.5, "nb") == 2.0
    assert coerce("focus_country", 123, "KAZ", "nb") == "123"
    assert coerce("events", ("a",), [], "nb") == ["a"]
    assert coerce("anything", [1], None, "nb") == [1]


@pytest.mark.parametrize("value, default", [("2015", 2030), (True, 2030), ("x", True), ("KAZ", ["KAZ"]), (1.5, 3)])
def test_wrong_types_are_refused_with_a_clear_message(value, default):
    with pytest.raises(ParameterError, match="expects"):
        coerce("p", value, default, "01_x.ipynb")


def test_unknown_parameter_lists_the_valid_ones():
    with pytest.raises(ParameterError) as raised:
        resolve({"a.ipynb": {"data_dir": "x", "start_year": 1}}, {"start_yaer": 2})
    assert "start_yaer" in str(raised.value)
    assert "Valid parameters: data_dir, start_year" in str(raised.value)


def test_overrides_go_only_to_notebooks_that_declare_them():
    resolved = resolve({"a.ipynb": {"x": 1}, "b.ipynb": {"y": "s"}}, {"x": 5})
    assert resolved == {"a.ipynb": {"x": 5}, "b.ipynb": {}}


def test_notebook_defaults_are_read_from_the_parameters_cell():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        defaults = notebook_defaults(path)
        assert "data_dir" in defaults and "figures_dir" in defaults, path.name


def test_params_file(tmp_path):
    good = tmp_path / "p.yml"
    good.write_text("start_year: 2011\nevents: [zhanaozen-2011]\n")
    assert load_params_file(good) == {"start_year": 2011, "events": ["zhanaozen-2011"]}
    bad = tmp_path / "bad.yml"
    bad.write_text("- a\n- b\n")
    with pytest.raises(ParameterError, match="mapping"):
        load_params_file(bad)
    with pytest.raises(ParameterError, match="does not exist"):
        load_params_file(tmp_path / "missing.yml")
