"""YAML as the project reads it (briefing.yml, parameter files, -p values).

Two things plain YAML allows are refused, each with the line it is on:
- anchors and aliases (&name, *name): a few hundred bytes of nested aliases expand to gigabytes,
  and nothing the project reads needs them; they are refused before anything is expanded;
- a key given twice in one mapping: YAML keeps the last silently, so a second `iso3:` would
  quietly make the briefing about another country.
"""

from __future__ import annotations

import yaml
from yaml.constructor import ConstructorError


class AliasRefused(yaml.MarkedYAMLError):
    """The text uses an anchor or alias."""


class _Loader(yaml.SafeLoader):
    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                repeated = key in seen
            except TypeError:  # an unhashable key: the base class says so
                break
            if repeated:
                raise ConstructorError(None, None, f"the key {key!r} appears twice", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load(text: str):
    """The value of a YAML document, as yaml.safe_load gives it, without anchors, aliases or
    repeated keys (a yaml.MarkedYAMLError naming the line otherwise)."""
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise AliasRefused(None, None, "anchors and aliases (&name, *name) are not accepted", event.start_mark)
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
