"""YAML the project reads refuses anchors, aliases and repeated keys, before anything is expanded,
with one line naming where: in briefing.yml, a parameters file and a -p value."""

import pytest

from conftest import TINY
from kzbrief import strict_yaml
from kzbrief.pipeline.parameters import ParameterError, load_params_file, parse_assignment
from kzbrief.validation import validate

# Nine levels of ten aliases each: 10**9 strings once expanded; a few hundred bytes as written.
BOMB = 'a: &a ["x","x","x","x","x","x","x","x","x","x"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
)
VALID = (TINY / "briefing.yml").read_text(encoding="utf-8")


def test_plain_yaml_loads_as_safe_load_gives_it():
    assert strict_yaml.load("a: [1, two]\nb: {c: null}\n") == {"a": [1, "two"], "b": {"c": None}}


@pytest.mark.parametrize("text", [BOMB, "a: &x 1\nb: 2\n", "a: &x 1\nb: *x\n"])
def test_anchors_and_aliases_are_refused_before_expansion(text):
    with pytest.raises(strict_yaml.AliasRefused, match=r"anchors and aliases \(&name, \*name\) are not accepted"):
        strict_yaml.load(text)


def test_a_key_given_twice_is_refused_with_its_line():
    with pytest.raises(strict_yaml.yaml.MarkedYAMLError, match="the key 'iso3' appears twice") as caught:
        strict_yaml.load("country:\n  iso3: KAZ\n  name: X\n  iso3: UZB\n")
    assert caught.value.problem_mark.line + 1 == 4


def test_a_config_with_an_alias_bomb_or_a_repeated_key_is_one_line(tiny_data):
    (tiny_data / "briefing.yml").write_text(VALID + "\n" + BOMB.replace("a:", "x_a:", 1), encoding="utf-8")
    found = [str(p) for p in validate(tiny_data)]
    assert len(found) == 1 and "briefing.yml: is not valid YAML at line" in found[0]
    assert "anchors and aliases (&name, *name) are not accepted" in found[0]
    (tiny_data / "briefing.yml").write_text(VALID.replace("iso3: KAZ", "iso3: KAZ\n  iso3: UZB"), encoding="utf-8")
    found = [str(p) for p in validate(tiny_data)]
    assert len(found) == 1 and "the key 'iso3' appears twice" in found[0]


def test_a_parameter_value_or_file_with_aliases_is_refused(tmp_path):
    with pytest.raises(
        ParameterError, match=r"^-p events: anchors and aliases .* are not accepted \(line 1 of the value\)$"
    ):
        parse_assignment("events=[&a x, *a, *a]")
    params = tmp_path / "params.yml"
    params.write_text(BOMB, encoding="utf-8")
    with pytest.raises(ParameterError, match="is not valid YAML.*anchors and aliases"):
        load_params_file(params)
