"""JSON to the same plain values as the YAML reader gives, under the same limits.

Python's json module, made as strict as the YAML reader: ``NaN`` and ``Infinity``
become :class:`BareConstant` (refused by the schema where they stand), numbers too
big for a float become :class:`TooLarge`, a key written twice is recorded (without a
line: JSON has none to give), and the size, container and nesting limits are the
YAML reader's. Syntax errors give the line and column; the limits are reported for
the file as a whole.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, Final

from itinerary.errors import DataFileError
from itinerary.format.decoding import read_text
from itinerary.format.limits import MAX_CONTAINERS, MAX_INT_DIGITS, MAX_NESTING
from itinerary.format.parsed import BareConstant, Parsed, TooLarge, placed

# JSON strings, to count the brackets outside them. Possessive, and an unterminated
# string runs to the end: linear time on any input.
_JSON_STRING: Final = re.compile(r'"(?:[^"\\]++|\\.)*+(?:"|\\?\Z)', re.DOTALL)


def _json_float(text: str) -> float:
    number = float(text)
    return number if -math.inf < number < math.inf else TooLarge(text)


def _json_int(text: str) -> int | float:
    return int(text) if len(text) <= MAX_INT_DIGITS else TooLarge(text)


def _depth(document: object) -> int:
    """How deeply lists and objects nest (breadth first, so no recursion)."""
    level: list[Any] = [document] if type(document) in (dict, list) else []
    depth = 0
    while level and depth <= MAX_NESTING:
        depth += 1
        below: list[Any] = []
        for container in level:
            values = container.values() if type(container) is dict else container
            below.extend([value for value in values if type(value) in (dict, list)])
        level = below
    return depth


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
    nested = (
        f"is not valid JSON for an itinerary: the file is nested more than {MAX_NESTING} "
        "levels deep"
    )
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
        document = json.loads(
            text,
            object_pairs_hook=make_object,
            parse_float=_json_float,
            parse_int=_json_int,
            parse_constant=BareConstant,
        )
    except json.JSONDecodeError as error:
        raise DataFileError(
            file, f"is not valid JSON: line {error.lineno}, column {error.colno}: {error.msg}"
        ) from None
    except RecursionError:  # the parser recurses per level: refused far deeper than the limit
        raise DataFileError(file, nested) from None
    except MemoryError:
        raise DataFileError(file, "is not valid JSON: too large") from None
    if _depth(document) > MAX_NESTING:
        raise DataFileError(file, nested)
    return Parsed(document, placed(document, repeats) if repeats else ())
