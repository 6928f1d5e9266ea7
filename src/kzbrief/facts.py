"""Facts: the numbers a chapter computes, each with the sources it rests on.

A chapter's `compute(tables, params)` returns `Facts`: numbers, spans, dates and short data
values (an event's name), frames for its tables and the inputs of its figures. No English and no
HTML: the wording is in templates (`kzbrief.words`), which refer to facts by name, so an editor
can rewrite a sentence without touching the arithmetic, and the build can list every number it
printed with its sources (the facts catalog).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Fact:
    """One value the briefing may print.

    `value` is a number, a `(low, high)` pair for a span, or text (a date, a name); `sources` are
    the source ids of the rows it was computed from; `shown` is the wording the data itself gives
    a figure ("at least 17", "80–100"), printed as it is when the template prints the fact bare;
    `what` says what it counts, for the catalog ("named people prosecuted")."""

    value: object
    sources: tuple[str, ...] = ()
    what: str = ""
    shown: str | None = None

    def __bool__(self) -> bool:
        # `{% if facts.x %}` asks whether there is something to say: zero and empty are nothing.
        return self.value not in (None, "", 0, (0, 0))

    @property
    def low(self):
        return self.value[0] if isinstance(self.value, tuple) else self.value

    @property
    def high(self):
        return self.value[1] if isinstance(self.value, tuple) else self.value


def fact(value, sources: Iterable[str] = (), what: str = "", shown: str | None = None) -> Fact:
    """A Fact whose sources are given in any iterable (a frame column, say): deduplicated, in
    order, blanks dropped."""
    cleaned = tuple(dict.fromkeys(str(s) for s in sources if isinstance(s, str) and s))
    return Fact(_plain(value), cleaned, what, shown)


def _plain(value):
    """numpy scalars as Python numbers (they print and serialise the same everywhere)."""
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    item = getattr(value, "item", None)
    return item() if callable(item) and not isinstance(value, str | bytes) else value


@dataclass(frozen=True)
class Missing:
    """What a template gets for a fact this selection does not hold: false in `{% if %}`, and an
    error naming the fact if it is printed (a sentence must not go out with a hole in it)."""

    name: str

    def __bool__(self) -> bool:
        return False

    def __getattr__(self, name: str) -> Missing:
        if name.startswith("__"):
            raise AttributeError(name)
        return Missing(f"{self.name}.{name}")

    def __getitem__(self, key) -> Missing:
        return Missing(f"{self.name}[{key!r}]")

    def __iter__(self):
        return iter(())

    def __len__(self) -> int:
        return 0


@dataclass
class Facts(Mapping):
    """A chapter's facts by name, read as attributes in templates (`facts.named_people`).
    Nested groups are Facts too; a name that is not there is `Missing`, not an error, until it is
    printed."""

    entries: dict = field(default_factory=dict)
    label: str = "facts"

    def __getitem__(self, key):
        if key in self.entries:
            return self.entries[key]
        return Missing(f"{self.label}.{key}")

    def __getattr__(self, key: str):
        if key.startswith("__") or key in ("entries", "label"):
            raise AttributeError(key)
        return self[key]

    def __iter__(self):
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, key) -> bool:
        return key in self.entries

    def __bool__(self) -> bool:
        return any(bool(v) for v in self.entries.values())


def group(label: str, /, **items) -> Facts:
    """Facts called `label` (in error messages) holding `items`."""
    return Facts(dict(items), label)
