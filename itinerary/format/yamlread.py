"""YAML to plain values, read event by event from libyaml: strict, bounded and fast.

Why not ``yaml.safe_load``: it builds libyaml's node graph and runs PyYAML's
constructors, which on the 10,000-stop benchmark file take 16.6 s against 1.7 s here
(BENCHMARKS.md, "YAML parsing"); it follows aliases (an alias bomb expands before
anything could count it) and silently keeps the last of two equal keys. Here:

* Tags (``!!python/object``, ``!custom``), anchors and aliases are refused where they
  appear, so no alias bomb can expand and no constructor can run; nesting depth and
  the number of lists and mappings are capped while reading.
* Scalars resolve to a strict subset of what PyYAML (YAML 1.1) resolves, each to the
  same value: only ``true``/``false`` are booleans (``country: NO`` stays text),
  numbers are plain decimals, and dates stay text for the schema to parse (with the
  stop and field in the error, not an anonymous "day is out of range").
* A key written twice in one mapping is recorded (:class:`Repeat`), not lost.
"""

from __future__ import annotations

import math
import re
from typing import Any, Final

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from itinerary.errors import DataFileError, show
from itinerary.format.decoding import read_text
from itinerary.format.limits import MAX_CONTAINERS, MAX_INT_DIGITS, MAX_NESTING
from itinerary.format.parsed import Parsed, TooLarge, placed

_Parser: Final[type[Any]] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Plain scalars: a subset of YAML 1.1 (PyYAML) resolving to the same values, so a
# file PyYAML writes reads back unchanged. Not resolved, hence text: yes/no/on/off,
# octal, hex, binary, sexagesimal (1:30), underscores (1_000), dates and times.
_PLAIN_CONSTANTS: Final[dict[str, object]] = {
    "": None, "~": None, "null": None, "Null": None, "NULL": None,
    "true": True, "True": True, "TRUE": True,
    "false": False, "False": False, "FALSE": False,
    ".inf": math.inf, ".Inf": math.inf, ".INF": math.inf,
    "+.inf": math.inf, "+.Inf": math.inf, "+.INF": math.inf,
    "-.inf": -math.inf, "-.Inf": -math.inf, "-.INF": -math.inf,
    ".nan": math.nan, ".NaN": math.nan, ".NAN": math.nan,
}  # fmt: skip
_NUMBER_START: Final = frozenset("+-.0123456789")
_INT: Final = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT: Final = re.compile(r"[-+]?[0-9]+\.[0-9]*(?:[eE][-+][0-9]+)?|\.[0-9]+(?:[eE][-+][0-9]+)?")
_NOTHING: Final = object()


class _RefusedYamlError(Exception):
    """YAML that parses but that an itinerary never needs (tags, aliases, ...)."""

    def __init__(self, event: Any, message: str) -> None:
        super().__init__(message)
        mark = event.start_mark
        self.where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "?"
        self.message = message


def _plain_scalar(text: str) -> object:
    if text in _PLAIN_CONSTANTS:
        return _PLAIN_CONSTANTS[text]
    if text[0] in _NUMBER_START:  # never empty: "" is a constant
        if _INT.fullmatch(text):
            return int(text) if len(text) <= MAX_INT_DIGITS else TooLarge(text)
        if _FLOAT.fullmatch(text):
            number = float(text)
            return TooLarge(text) if math.isinf(number) else number
    return text


def _refuse_decorations(event: Any) -> None:
    if event.anchor is not None:
        raise _RefusedYamlError(
            event,
            f"YAML anchors and aliases (&{event.anchor}, *{event.anchor}) are not allowed; "
            "write each value out in full",
        )
    if event.tag is not None:
        tag = str(event.tag)
        shown = "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:") else tag
        raise _RefusedYamlError(event, f"YAML tags such as {show(shown)} are not allowed")


def _compose(content: bytes | str) -> Parsed:
    """Build the document from parser events: one pass, no node graph, bounded.

    Nothing is constructed from tags, no alias is followed, nesting and container
    count are checked before anything is built, repeated keys are recorded, and
    equal strings share one object.
    """
    parser = _Parser(content)
    get_event = parser.get_event
    stack: list[tuple[Any, object]] = []
    strings: dict[str, str] = {}
    # Plain scalars as resolved: keys and vocabulary repeat thousands of times.
    plain: dict[str, object] = {}
    scalar_event, nothing = ScalarEvent, _NOTHING
    root: object = None
    container: Any = None
    key: object = _NOTHING
    repeats: list[tuple[object, object, int | None]] = []
    containers = documents = 0
    try:
        while True:
            event = get_event()
            kind = type(event)
            value: object
            if kind is scalar_event:
                if event.anchor is not None or event.tag is not None:
                    _refuse_decorations(event)
                text = event.value
                if event.style:  # quoted or block: always text
                    value = strings.setdefault(text, text)
                else:
                    value = plain.get(text, nothing)
                    if value is nothing:
                        value = _plain_scalar(text)
                        if type(value) is str:
                            value = strings.setdefault(value, value)
                        plain[text] = value
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None or event.tag is not None:
                    _refuse_decorations(event)
                if key is _NOTHING and type(container) is dict:
                    raise _RefusedYamlError(
                        event, "a mapping key must be a single value, not a list or mapping"
                    )
                if len(stack) >= MAX_NESTING:
                    raise _RefusedYamlError(
                        event, f"the file is nested more than {MAX_NESTING} levels deep"
                    )
                containers += 1
                if containers > MAX_CONTAINERS:
                    raise _RefusedYamlError(
                        event, f"the file holds more than {MAX_CONTAINERS:,} lists and mappings"
                    )
                stack.append((container, key))
                container = {} if kind is MappingStartEvent else []
                key = _NOTHING
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                value = container
                container, key = stack.pop()
            elif kind is AliasEvent:
                raise _RefusedYamlError(
                    event,
                    f"YAML anchors and aliases (&{event.anchor}, *{event.anchor}) are not "
                    "allowed; write each value out in full",
                )
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _RefusedYamlError(
                        event, "a second YAML document starts here; a file holds one"
                    )
                continue
            elif kind is StreamEndEvent:
                break
            else:  # stream start, document end
                continue
            if type(container) is list:
                container.append(value)
            elif container is None:
                root = value
            elif key is nothing:
                if value in container:
                    repeats.append((container, value, event.start_mark.line + 1))
                key = value
            else:
                container[key] = value
                key = nothing
    finally:
        parser.dispose()
    return Parsed(root, placed(root, repeats) if repeats else ())


def _yaml_error(error: yaml.YAMLError) -> str:
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        mark = error.problem_mark
        text = f"line {mark.line + 1}, column {mark.column + 1}: {error.problem}"
        if error.context and error.context_mark is not None:
            text += f" ({error.context} on line {error.context_mark.line + 1})"
        return text
    return " ".join(str(error).split())


def read_yaml(content: bytes | str, file: str) -> Parsed:
    """Parse YAML into plain values; DataFileError (with line and column) if it cannot be."""
    text = read_text(content, file)
    try:
        # Bytes, once known to be UTF-8, go to libyaml as they are: it decodes them
        # faster than it re-encodes a str, and reads a BOM the same way.
        return _compose(content if isinstance(content, bytes) else text)
    except _RefusedYamlError as error:
        raise DataFileError(
            file, f"is not valid YAML for an itinerary: {error.where}: {error.message}"
        ) from None
    except yaml.YAMLError as error:
        raise DataFileError(file, f"is not valid YAML: {_yaml_error(error)}") from None
    except (RecursionError, MemoryError):
        raise DataFileError(file, "is not valid YAML: too large or too deeply nested") from None
