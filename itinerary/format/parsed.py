"""What the readers give: plain values, and what plain values cannot say.

A parsed file is dicts, lists, strings, numbers, booleans and None, the same
whether it was YAML or JSON, so one schema checks both. Two things are carried
beside them: keys written twice in one mapping (the value kept is the last, as
PyYAML and Python's json keep it, but the checker reports each repeat), and
numbers too large for a float, which keep the text the file had.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

# A position in a document: mapping keys and list indices, from the top.
Path = tuple[str | int, ...]


class TooLarge(float):
    """A number too large for a float (``1.0e+400``, a 5,000-digit integer).

    It is infinite, so every range check refuses it; it keeps the text the
    file had, so the message quotes what the editor wrote rather than ``inf``.
    """

    text: str

    def __new__(cls, text: str) -> TooLarge:
        number = super().__new__(cls, -math.inf if text.startswith("-") else math.inf)
        number.text = text
        return number

    def __repr__(self) -> str:
        return self.text

    def __reduce__(self) -> tuple[type[TooLarge], tuple[str]]:  # copy and pickle by text
        return (TooLarge, (self.text,))


class BareConstant(TooLarge):
    """``NaN``, ``Infinity`` or ``-Infinity`` in a JSON file (Python's json accepts them).

    They are not JSON numbers (RFC 8259) and no field accepts one: like YAML's
    ``.nan`` they fail every range check, so the field holding one is named; the
    message quotes the constant as written.
    """

    def __new__(cls, text: str) -> BareConstant:
        number = float.__new__(cls, math.nan if text == "NaN" else float(text))
        number.text = text
        return number

    def __reduce__(self) -> tuple[type[BareConstant], tuple[str]]:
        return (BareConstant, (self.text,))


@dataclass(frozen=True, slots=True)
class Repeat:
    """A key written again in the mapping at ``path``; ``line`` is None in JSON."""

    path: Path
    key: object
    line: int | None


@dataclass(frozen=True, slots=True)
class Parsed:
    value: object
    repeats: tuple[Repeat, ...] = ()


def placed(
    document: object, repeats: list[tuple[object, object, int | None]]
) -> tuple[Repeat, ...]:
    """Each (mapping, key, line) a reader recorded, as a Repeat at the mapping's path.

    A mapping that is not in the document was the value of a key written again later:
    that value was replaced, and the key is reported as written twice instead. The
    readers hold the mappings themselves, not their ids, so no later object can take
    a recorded id.
    """
    paths = _paths_of(document, {id(mapping) for mapping, _, _ in repeats})
    return tuple(
        Repeat(paths[id(mapping)], key, line)
        for mapping, key, line in repeats
        if id(mapping) in paths
    )


def _paths_of(document: object, wanted: set[int]) -> dict[int, Path]:
    """The path of each container whose ``id()`` is in ``wanted`` (found breadth first).

    Only called when a file repeats a key, so the walk costs nothing in the common case.
    """
    found: dict[int, Path] = {}
    level: list[tuple[Path, Any]] = [((), document)]
    while level and len(found) < len(wanted):
        below: list[tuple[Path, Any]] = []
        for path, value in level:
            if id(value) in wanted:
                found[id(value)] = path
            items: Iterator[tuple[Any, Any]]
            if isinstance(value, dict):
                items = iter(value.items())
            elif isinstance(value, list):
                items = enumerate(value)
            else:
                continue
            below.extend(((*path, key), item) for key, item in items)
        level = below
    return found
