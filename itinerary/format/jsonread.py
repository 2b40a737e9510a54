"""JSON to the same plain values as the YAML reader gives, under the same limits.

Python's json module, made as strict as the YAML reader: ``NaN`` and ``Infinity``
become :class:`BareConstant` (refused by the schema where they stand), numbers too
big for a float become :class:`TooLarge`, a key written twice is recorded (without a
line: JSON has none to give), and the size, container and nesting limits are the
YAML reader's. Syntax errors give the line and column; the limits are reported for
the file as a whole.

A key written twice is found by counting rather than by a Python hook on every object
(on the 10,000-stop file it cost 60 ms of a 360 ms read): the text is read into plain
dicts, the keys its objects hold are counted against the keys it writes, and only a
file where the two differ is read again, object by object, to find the repeats. A
repeat leaves its object a key short, and a value it replaced takes its strings with
it, so the counts agree exactly when no key is written twice. The first read also
leaves floats to json's own code, which reads them with the ``float()`` the hook calls;
only a float too large differs (inf, where the hook keeps its text), and a file with one
is read again too. So both reads build equal values (a plain dict, like ``dict(pairs)``,
keeps a key's first place and last value), and the second words every error.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, Final, NamedTuple

from itinerary.errors import DataFileError
from itinerary.format.decoding import read_text
from itinerary.format.limits import MAX_CONTAINERS, MAX_INT_DIGITS, MAX_NESTING
from itinerary.format.parsed import BareConstant, Parsed, TooLarge, placed

# JSON strings, to count the brackets outside them. Possessive, and an unterminated
# string runs to the end: linear time on any input.
_JSON_STRING: Final = re.compile(r'"(?:[^"\\]++|\\.)*+(?:"|\\?\Z)', re.DOTALL)
_NESTED: Final = (
    f"is not valid JSON for an itinerary: the file is nested more than {MAX_NESTING} levels deep"
)


def _json_float(text: str) -> float:
    number = float(text)
    return number if -math.inf < number < math.inf else TooLarge(text)


def _json_int(text: str) -> int | float:
    return int(text) if len(text) <= MAX_INT_DIGITS else TooLarge(text)


class _Shape(NamedTuple):
    depth: int  # how deeply lists and objects nest (stops counting past MAX_NESTING)
    keys: int  # keys of every object
    strings: int  # strings that are values (not keys)
    overflowed: bool  # a float read as infinite


def _shape(document: object) -> _Shape:
    """Walk the document breadth first (so no recursion), a level at a time."""
    level: list[Any] = [document] if type(document) in (dict, list) else []
    depth, keys, strings = 0, 0, int(type(document) is str)
    overflowed = type(document) is float and not -math.inf < document < math.inf
    while level and depth <= MAX_NESTING:
        depth += 1
        below: list[Any] = []
        for container in level:
            values = container
            if type(container) is dict:
                keys += len(container)
                values = container.values()
            for value in values:  # a plain loop: faster here than a comprehension
                kind = type(value)
                if kind is str:
                    strings += 1
                elif kind is dict or kind is list:
                    below.append(value)
                elif kind is float and not -math.inf < value < math.inf:
                    overflowed = True
        level = below
    return _Shape(depth, keys, strings, overflowed)


def _keys_written(text: str, shape: _Shape) -> int | None:
    """How many keys a JSON text that parsed writes (or, with a key written twice, more).

    Every string written is a key or a value, between two unescaped quotes. A quote
    inside a string is escaped: behind an odd run of backslashes (a closing quote is
    behind an even one, an opening quote behind none). ``count`` of k backslashes and a
    quote gives the quotes behind k or more, so the escaped ones are c1 - c2 + c3 - ...
    """
    quotes = text.count('"')
    if "\\" in text:
        sign = 1
        for run in range(1, 9):
            behind = text.count("\\" * run + '"')
            if not behind:
                break
            quotes -= sign * behind
            sign = -sign
        else:
            return None  # a quote behind 8 or more backslashes: read object by object
    return quotes // 2 - shape.strings


def read_json(content: bytes | str, file: str) -> Parsed:
    """Parse JSON into plain values; DataFileError (with line and column) if it cannot be."""
    text = read_text(content, file)
    if not text or text.isspace():
        return Parsed(None)  # as an empty YAML file: "is empty"
    # Half a million empty lists fit in 1.5 MB: count them before building any. Brackets
    # in strings count too at first; only a file over the limit is counted exactly.
    if text.count("[") + text.count("{") > MAX_CONTAINERS:
        bare = _JSON_STRING.sub("", text)
        if bare.count("[") + bare.count("{") > MAX_CONTAINERS:
            raise DataFileError(
                file,
                f"is not valid JSON for an itinerary: the file holds more than "
                f"{MAX_CONTAINERS:,} lists and objects",
            )
    try:
        document = _loads(text)
    except (json.JSONDecodeError, RecursionError, MemoryError):
        pass  # read again below, which words every error
    else:
        shape = _shape(document)
        if shape.depth > MAX_NESTING:
            raise DataFileError(file, _NESTED)
        if not shape.overflowed and shape.keys == _keys_written(text, shape):
            return Parsed(document)
    return _read_objects(text, file)


def _loads(text: str, make_object: Any = None) -> Any:
    """The first read, or with ``make_object`` the second: each object and float in Python."""
    return json.loads(
        text,
        object_pairs_hook=make_object,
        parse_float=_json_float if make_object else None,
        parse_int=_json_int,
        parse_constant=BareConstant,
    )


def _read_objects(text: str, file: str) -> Parsed:
    """The slower read: each object built by a hook that records the keys written twice."""
    repeats: list[tuple[object, object, int | None]] = []

    def make_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        mapping = dict(pairs)
        if len(mapping) < len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    repeats.append((mapping, key, None))
                seen.add(key)
        return mapping

    try:
        document = _loads(text, make_object)
    except json.JSONDecodeError as error:
        raise DataFileError(
            file, f"is not valid JSON: line {error.lineno}, column {error.colno}: {error.msg}"
        ) from None
    except RecursionError:  # the parser recurses per level: refused far deeper than the limit
        raise DataFileError(file, _NESTED) from None
    except MemoryError:
        raise DataFileError(file, "is not valid JSON: too large") from None
    if _shape(document).depth > MAX_NESTING:
        raise DataFileError(file, _NESTED)
    return Parsed(document, placed(document, repeats) if repeats else ())
