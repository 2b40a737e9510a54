"""Read an itinerary file and validate every field before anything uses it.

The loader never stops at the first mistake: it collects every :class:`Problem`
(file, stop id, field, what is wrong, the offending value) and raises one
:class:`ValidationError` carrying them all, so an editor fixes a file in one pass.
The schema is documented in ``docs/schema.md``; this module is its enforcement.

Reading is strict and bounded, because files come from strangers (uploads):

* Bytes must be UTF-8 text (a BOM is fine); UTF-16, Latin-1 and binary junk are
  named as such, with the line and column of the first bad byte.
* The YAML is read event by event from libyaml into plain dicts, lists and
  scalars. Tags (``!!python/object``, ``!custom``), anchors and aliases are refused
  where they appear, so no alias bomb can expand and no constructor can run; nesting
  depth and the number of lists and mappings are capped while reading.
* Scalars resolve to a strict subset of what PyYAML (YAML 1.1) resolves, each to
  the same value: only ``true``/``false`` are booleans (``country: NO`` stays text),
  numbers are plain decimals, and dates stay text for the checker to parse (with
  the stop and field in the error, not an anonymous "day is out of range").
* A key written twice in one mapping is a problem (PyYAML silently keeps the last:
  a second ``lat:`` would move the stop without a word).
* A file named ``*.json`` is read as JSON instead (the same schema; much faster for
  big generated files, see ``parse_json``) under the same limits, into the same
  plain values, so the checker and its messages are shared.

Checking has a fast path for the common case (items with exactly the expected
types and clean values become model objects directly) and falls back, item by
item, to the full checker at the first irregular value, so every message is the
one the full checker gives.
"""

from __future__ import annotations

import codecs
import gc
import json
import math
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from itertools import islice, pairwise
from pathlib import Path
from typing import Any, Final, TypeVar
from urllib.parse import urlsplit

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

from itinerary.errors import DataFileError, Problem, ValidationError
from itinerary.model import (
    CONFIDENCES,
    LEG_MODES,
    PROVENANCES,
    TIME_PRECISIONS,
    WAYPOINT_KINDS,
    Journey,
    LatLon,
    LegSpec,
    Location,
    RouteSpec,
    Source,
    Stop,
    Waypoint,
)
from itinerary.topics import TOPIC_KEYS

SCHEMA_VERSION: Final = "itinerary/1"
MAX_FILE_BYTES: Final = 16 * 1024 * 1024
MAX_STOPS: Final = 50_000
MAX_NESTING: Final = 24
# Lists and mappings in one file. 16 MB of valid stops holds at most ~45,000 of them,
# about 350,000 containers with their legs; "[[],[],...]" could pack 5 million.
MAX_CONTAINERS: Final = 500_000
MAX_SHORT_TEXT: Final = 300
MAX_LONG_TEXT: Final = 4_000
MAX_URL: Final = 2_000
# Beyond this many problems a file is not being edited by hand; the rest are counted.
MAX_PROBLEMS: Final = 1_000
MAX_SEQ: Final = 1_000_000_000
# Far enough inside Python's years 1-9999 that converting any offset to UTC cannot
# overflow, and a mistyped year (0223, 20233) is caught.
MIN_YEAR: Final = 1000
MAX_YEAR: Final = 2999
ID_PATTERN: Final = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# A rail leg may wander (lines follow valleys and coasts) but a leg several
# times longer than the straight line between its stops is a misplaced waypoint.
MAX_DETOUR_FACTOR: Final = 3.0
DETOUR_ALLOWANCE_KM: Final = 100.0

T = TypeVar("T")


# --- Reading bytes into plain Python values -------------------------------------------

_Parser: Final[type[Any]] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Characters YAML forbids in a file (libyaml would stop at them with a byte offset);
# found first so the message can give the line and column.
_FORBIDDEN_IN_FILE: Final = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)
# Characters no text field may hold, even written as escapes ("\e", "\u202e"):
# control characters (tab and newline excepted) garble terminals and pages, and
# bidirectional overrides can make text read differently from what it is.
_FORBIDDEN_IN_TEXT: Final = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff\ud800-\udfff]"
)
_WIDE_ENCODINGS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32 text"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32 text"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16 text (with a byte-order mark)"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16 text (with a byte-order mark)"),
)

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
_MAX_INT_DIGITS: Final = 4_000  # Python refuses to convert more than 4,300


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


class RepeatedKeys(dict[Any, Any]):
    """A mapping in which the file wrote some key more than once.

    ``repeated`` lists each extra occurrence as (key, line); the value kept is
    the last one, as in PyYAML and Python's json, but the checker reports every
    repeat. JSON objects give no line (None).
    """

    repeated: tuple[tuple[object, int | None], ...] = ()


class _RefusedYamlError(Exception):
    """YAML that parses but that an itinerary never needs (tags, aliases, ...)."""

    def __init__(self, event: Any, message: str) -> None:
        super().__init__(message)
        mark = event.start_mark
        self.where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "?"
        self.message = message


_NOTHING: Final = object()


def _plain_scalar(text: str) -> object:
    if text in _PLAIN_CONSTANTS:
        return _PLAIN_CONSTANTS[text]
    if text[0] in _NUMBER_START:  # never empty: "" is a constant
        if _INT.fullmatch(text):
            return int(text) if len(text) <= _MAX_INT_DIGITS else TooLarge(text)
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
        raise _RefusedYamlError(event, f"YAML tags such as {_show(shown)} are not allowed")


def _compose(content: bytes | str) -> object:
    """Build the document from parser events: one pass, no node graph, bounded.

    Compared with ``yaml.load``, nothing is constructed from tags, no alias is
    followed, nesting and container count are checked before anything is built,
    repeated keys are recorded, and equal strings share one object. It is also
    several times faster: libyaml's node graph and PyYAML's constructors cost more
    than the document itself.
    """
    parser = _Parser(content)
    get_event = parser.get_event
    stack: list[tuple[Any, object, list[tuple[object, int | None]] | None]] = []
    strings: dict[str, str] = {}
    # Plain scalars as resolved: keys and vocabulary repeat thousands of times.
    plain: dict[str, object] = {}
    scalar_event, nothing = ScalarEvent, _NOTHING
    root: object = None
    container: Any = None
    key: object = _NOTHING
    repeats: list[tuple[object, int | None]] | None = None
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
                stack.append((container, key, repeats))
                container = {} if kind is MappingStartEvent else []
                key, repeats = _NOTHING, None
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                value = container
                if repeats:
                    value = RepeatedKeys(container)
                    value.repeated = tuple(repeats)
                container, key, repeats = stack.pop()
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
                return root
            else:  # stream start, document end
                continue
            if type(container) is list:
                container.append(value)
            elif container is None:
                root = value
            elif key is nothing:
                if value in container:
                    repeats = repeats or []
                    repeats.append((value, event.start_mark.line + 1))
                key = value
            else:
                container[key] = value
                key = nothing
    finally:
        parser.dispose()


def _line_and_column(text: str, index: int) -> str:
    line = text.count("\n", 0, index) + 1
    column = index - text.rfind("\n", 0, index)
    return f"line {line}, column {column}"


def _wide_encoding(content: bytes) -> str | None:
    """Name UTF-16/32 text, with or without a byte-order mark (Windows "Unicode")."""
    candidates = [
        (codec, label) for bom, codec, label in _WIDE_ENCODINGS if content.startswith(bom)
    ]
    sample = content[:4096]
    if not candidates and len(sample) >= 4:
        if sample[1::2].count(0) > len(sample) // 4 > sample[0::2].count(0):
            candidates.append(
                ("utf-16-le", "UTF-16 text (little-endian, without a byte-order mark)")
            )
        elif sample[0::2].count(0) > len(sample) // 4 > sample[1::2].count(0):
            candidates.append(("utf-16-be", "UTF-16 text (big-endian, without a byte-order mark)"))
    for codec, label in candidates[:1]:
        try:
            decoded = content.decode(codec)
        except UnicodeDecodeError:
            return None
        return None if _FORBIDDEN_IN_FILE.search(decoded.lstrip("\ufeff")) else label
    return None


def _decode(content: bytes, file: str) -> str:
    if len(content) > MAX_FILE_BYTES:
        raise DataFileError(
            file, f"file is {len(content):,} bytes; the limit is {MAX_FILE_BYTES:,} bytes"
        )
    if b"\x00" in content or content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = _wide_encoding(content)
        if encoding is not None:
            raise DataFileError(file, f"is {encoding}, not UTF-8; save it as UTF-8")
        if b"\x00" in content:
            raise DataFileError(file, "this is not a text file (it contains NUL bytes)")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        head = content[: error.start].decode("utf-8-sig", errors="replace")
        raise DataFileError(
            file,
            f"is not valid UTF-8 text: {_line_and_column(head, len(head))} holds the byte "
            f"0x{content[error.start]:02X}; save the file as UTF-8 (it may be Latin-1 or "
            "Windows-1252 text, or not text at all)",
        ) from None


def _yaml_error(error: yaml.YAMLError) -> str:
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        mark = error.problem_mark
        text = f"line {mark.line + 1}, column {mark.column + 1}: {error.problem}"
        if error.context and error.context_mark is not None:
            text += f" ({error.context} on line {error.context_mark.line + 1})"
        return text
    return " ".join(str(error).split())


class _CollectorPause:
    """Cyclic garbage collection off while any thread is loading, then as it was.

    A big file becomes millions of objects, and every full collection during the
    load walks all of them: a third of the time it takes. Nothing the loader builds
    holds a cycle (plain values, frozen dataclasses), so reference counting frees
    it all the same. Counted, so that concurrent loads (one per app session) leave
    the collector as they found it.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._active = 0
        self._was_enabled = False

    @contextmanager
    def __call__(self) -> Iterator[None]:
        with self._lock:
            if self._active == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._active += 1
        try:
            yield
        finally:
            with self._lock:
                self._active -= 1
                if self._active == 0 and self._was_enabled:
                    gc.enable()


_collector_paused: Final = _CollectorPause()


def load_journey(path: str | Path) -> Journey:
    """Read, parse and validate an itinerary file; raise DataFileError if anything is wrong."""
    file = str(path)
    try:
        size = Path(path).stat().st_size
    except FileNotFoundError:
        raise DataFileError(file, "file not found") from None
    except OSError as error:
        raise DataFileError(file, f"cannot read the file ({error.strerror})") from None
    if size > MAX_FILE_BYTES:
        raise DataFileError(file, f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes")
    try:
        with Path(path).open("rb") as handle:
            # Read one byte past the limit: the file may have grown since stat().
            content = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise DataFileError(file, f"cannot read the file ({error.strerror})") from None
    return parse_journey(content, file)


def parse_journey(content: bytes | str, file: str = "<upload>") -> Journey:
    """Validate itinerary content already in memory (an upload, a test fixture).

    The format follows the name: ``*.json`` (any case) is JSON, anything else YAML.
    """
    with _collector_paused():
        raw = parse_document(content, file)
        return build_journey(raw, file)


def is_json_name(file: str | Path) -> bool:
    """Whether a file (or upload) of this name is read as JSON rather than YAML."""
    return str(file).lower().endswith(".json")


def parse_document(content: bytes | str, file: str) -> object:
    """Parse a file's content into plain values, as JSON or YAML by its name."""
    return parse_json(content, file) if is_json_name(file) else parse_yaml(content, file)


def _text_of(content: bytes | str, file: str) -> str:
    """The content as text: UTF-8 within the size limit, no raw control characters."""
    if isinstance(content, bytes):
        text = _decode(content, file)
    else:
        text = content.removeprefix("\ufeff")
        if (
            len(text) > MAX_FILE_BYTES // 4
            and len(text.encode("utf-8", "replace")) > MAX_FILE_BYTES
        ):
            raise DataFileError(file, f"text is longer than the limit of {MAX_FILE_BYTES:,} bytes")
    forbidden = _FORBIDDEN_IN_FILE.search(text)
    if forbidden is not None:
        raise DataFileError(
            file,
            f"{_line_and_column(text, forbidden.start())}: the invisible control character "
            f"U+{ord(forbidden.group()):04X} is not allowed in an itinerary file; delete it",
        )
    return text


def parse_yaml(content: bytes | str, file: str) -> object:
    """Parse YAML text into plain dicts, lists, strings, numbers, booleans and None.

    Raises DataFileError, naming the file (and the line and column where there is
    one), for anything that is not UTF-8 YAML within the limits described above.
    """
    text = _text_of(content, file)
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


# JSON strings, to count the brackets outside them. Possessive, and an unterminated
# string runs to the end: linear time on any input.
_JSON_STRING: Final = re.compile(r'"(?:[^"\\]++|\\.)*+(?:"|\\?\Z)', re.DOTALL)
_JSON_CONTAINERS: Final = frozenset((dict, list, RepeatedKeys))


def _json_float(text: str) -> float:
    number = float(text)
    return number if -math.inf < number < math.inf else TooLarge(text)


def _json_int(text: str) -> int | float:
    return int(text) if len(text) <= _MAX_INT_DIGITS else TooLarge(text)


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) == len(pairs):
        return mapping
    seen: set[str] = set()
    repeated: list[tuple[object, int | None]] = []
    for key, _ in pairs:
        if key in seen:
            repeated.append((key, None))
        seen.add(key)
    result = RepeatedKeys(mapping)
    result.repeated = tuple(repeated)
    return result


def _json_depth(document: object) -> int:
    """How deeply lists and objects nest (breadth first, so no recursion)."""
    kinds = _JSON_CONTAINERS
    level: list[Any] = [document] if type(document) in kinds else []
    depth = 0
    while level and depth <= MAX_NESTING:
        depth += 1
        below: list[Any] = []
        for container in level:
            values = container.values() if isinstance(container, dict) else container
            below.extend([value for value in values if type(value) in kinds])
        level = below
    return depth


def parse_json(content: bytes | str, file: str) -> object:
    """Parse JSON text into the same plain values as :func:`parse_yaml` gives.

    Python's json module, made as strict as the YAML reader: ``NaN`` and
    ``Infinity`` become :class:`BareConstant` (refused by the checker where they
    stand), numbers too big for a float become :class:`TooLarge`, a key written
    twice is recorded (:class:`RepeatedKeys`, without a line), and the size,
    container and nesting limits are the YAML reader's. Syntax errors give the line
    and column; the limits are reported for the file as a whole.
    """
    text = _text_of(content, file)
    if not text or text.isspace():
        return None  # as an empty YAML file: "is empty"
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
    try:
        document = json.loads(
            text,
            object_pairs_hook=_json_object,
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
    if _json_depth(document) > MAX_NESTING:
        raise DataFileError(file, nested)
    return document


# --- Checking the values against the schema ------------------------------------------


class _Checker:
    """Collects problems while reading one file's raw mapping."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        # Every problem counts (readers compare counts to see whether a part was
        # valid), but only the first MAX_PROBLEMS are kept.
        self.count = 0

    def add(self, stop_id: str | None, field: str, message: str) -> None:
        self.count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(self.file, stop_id, field, message))

    def error(self) -> ValidationError:
        problems = list(self.problems)
        if self.count <= len(problems):
            return ValidationError(self.file, problems)
        problems.append(
            Problem(
                self.file,
                None,
                "problems",
                f"{self.count - len(problems):,} more not listed; fix the "
                f"{len(problems):,} above and validate again",
            )
        )
        error = ValidationError(self.file, problems)
        error.message = f"{self.count:,} problems found; the first {MAX_PROBLEMS:,} are listed"
        return error

    def mapping(
        self,
        raw: object,
        stop_id: str | None,
        field: str,
        required: Iterable[str],
        optional: Iterable[str] = (),
    ) -> dict[str, Any] | None:
        if not isinstance(raw, Mapping):
            self.add(stop_id, field, f"expected a mapping, instead got {_show(raw)}")
            return None
        required = tuple(required)
        allowed = set(required) | set(optional)
        for key, line in getattr(raw, "repeated", ()):
            self.add(
                stop_id,
                _join(field, _key_name(key)),
                f"is written twice in the same mapping (again on line {line}); "
                "keep one: YAML would silently use the last"
                if line is not None
                else "is written twice in the same object; keep one: JSON readers would "
                "silently use the last",
            )
        for key in raw:
            if key not in allowed:
                self.add(stop_id, _join(field, _key_name(key)), f"unknown field {_show(key)}")
        for key in required:
            if key not in raw:
                self.add(stop_id, _join(field, key), "is required but missing")
        return {str(key): value for key, value in raw.items()}

    def text(
        self,
        raw: Mapping[str, Any],
        key: str,
        stop_id: str | None,
        field: str,
        *,
        required: bool = True,
        max_length: int = MAX_SHORT_TEXT,
    ) -> str | None:
        if key not in raw or (raw[key] is None and not required):
            return None
        value = raw[key]
        if not isinstance(value, str):
            self.add(stop_id, field, f"expected text, instead got {_show(value)}")
            return None
        stripped = value.strip()
        if not stripped:
            if required:
                self.add(stop_id, field, "must not be empty")
            return None
        if len(stripped) > max_length:
            self.add(
                stop_id,
                field,
                f"is {len(stripped):,} characters long; the limit is {max_length:,}",
            )
            return None
        hidden = _FORBIDDEN_IN_TEXT.search(stripped)
        if hidden is not None:
            self.add(
                stop_id,
                field,
                f"contains the invisible character U+{ord(hidden.group()):04X} at position "
                f"{hidden.start() + 1} (a control or text-direction character); delete it, "
                f"instead got {_show(value)}",
            )
            return None
        return stripped

    def choice(
        self,
        raw: Mapping[str, Any],
        key: str,
        allowed: tuple[T, ...],
        stop_id: str | None,
        field: str,
    ) -> T | None:
        if key not in raw:
            return None
        value = raw[key]
        if not isinstance(value, str) or value not in allowed:
            options = ", ".join(str(option) for option in allowed)
            self.add(stop_id, field, f"must be one of {options}; instead got {_show(value)}")
            return None
        return allowed[allowed.index(value)]

    def identifier(
        self, raw: Mapping[str, Any], key: str, stop_id: str | None, field: str
    ) -> str | None:
        if key not in raw:
            return None
        value = raw[key]
        if not isinstance(value, str) or len(value) > 100 or not ID_PATTERN.fullmatch(value):
            self.add(
                stop_id,
                field,
                "must be lower-case letters, digits and single hyphens "
                f"(like 'khasan-arrival'); instead got {_show(value)}",
            )
            return None
        return value

    def whole_number(
        self, raw: Mapping[str, Any], key: str, stop_id: str | None, field: str
    ) -> int | None:
        if key not in raw:
            return None
        value = raw[key]
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) <= MAX_SEQ:
            return value
        hint = ""
        if isinstance(value, float) and value.is_integer() and abs(value) <= MAX_SEQ:
            hint = f" (write {int(value)}, not {value!r})"
        self.add(
            stop_id,
            field,
            f"expected a whole number between {-MAX_SEQ:,} and {MAX_SEQ:,}{hint}, "
            f"instead got {_show(value)}",
        )
        return None

    def coordinate(
        self, raw: Mapping[str, Any], key: str, limit: int, stop_id: str | None, field: str
    ) -> float | None:
        if key not in raw:
            return None
        value = raw[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.add(stop_id, field, f"expected a number of degrees, instead got {_show(value)}")
            return None
        # Compared before converting: a 400-digit integer does not fit in a float.
        if not -limit <= value <= limit:  # also refuses NaN, infinities and TooLarge
            self.add(
                stop_id, field, f"must be between -{limit} and {limit}, instead got {_show(value)}"
            )
            return None
        return float(value)

    def timestamp(
        self,
        raw: Mapping[str, Any],
        key: str,
        stop_id: str | None,
        field: str,
        *,
        required: bool = True,
    ) -> datetime | None:
        if key not in raw or (raw[key] is None and not required):
            return None
        value = raw[key]
        example = "like '2023-09-12T06:00:00+10:00'"
        parsed: datetime | None = None
        if isinstance(value, datetime):  # from a caller's own YAML reader
            parsed = value
        elif isinstance(value, date) or (isinstance(value, str) and _BARE_DATE.match(value)):
            self.add(
                stop_id,
                field,
                f"needs a time and a UTC offset ({example}); instead got the bare date "
                f"{_show(value if isinstance(value, str) else value.isoformat())}",
            )
            return None
        elif isinstance(value, str) and len(value) <= 100:
            try:
                parsed = datetime.fromisoformat(value.strip())
            except ValueError:
                parsed = None
        if parsed is None:
            self.add(
                stop_id,
                field,
                f"expected an ISO 8601 date-time {example}, instead got {_show(value)}",
            )
            return None
        if parsed.tzinfo is None or parsed.utcoffset() is None:
            self.add(
                stop_id,
                field,
                f"needs a UTC offset (local time with its zone, like '+10:00'); "
                f"instead got {_show(value)}",
            )
            return None
        if not MIN_YEAR <= parsed.year <= MAX_YEAR:
            self.add(
                stop_id,
                field,
                f"must be between the years {MIN_YEAR} and {MAX_YEAR}; instead got {_show(value)}",
            )
            return None
        return parsed

    def url(self, value: object, stop_id: str | None, field: str) -> str | None:
        if not isinstance(value, str):
            self.add(stop_id, field, f"expected a URL, instead got {_show(value)}")
            return None
        candidate = value.strip()
        if len(candidate) > MAX_URL:
            self.add(stop_id, field, f"is longer than {MAX_URL:,} characters")
            return None
        flaw = _url_flaw(candidate)
        if flaw is not None:
            self.add(
                stop_id,
                field,
                f"must be an http:// or https:// address{flaw}, instead got {_show(value)}",
            )
            return None
        return candidate

    def list_of(
        self,
        raw: Mapping[str, Any],
        key: str,
        stop_id: str | None,
        field: str,
        item: Callable[[object, str], T | None],
        *,
        min_items: int = 0,
    ) -> tuple[T, ...]:
        if key not in raw:
            return ()
        value = raw[key]
        if not isinstance(value, list):
            self.add(stop_id, field, f"expected a list, instead got {_show(value)}")
            return ()
        if len(value) < min_items:
            self.add(stop_id, field, f"needs at least {min_items} item(s), instead got none")
        items = (item(entry, f"{field}[{index}]") for index, entry in enumerate(value))
        return tuple(entry for entry in items if entry is not None)


_BARE_DATE: Final = re.compile(r"\s*\d{4}-\d\d-\d\d\s*\Z")
_PLAIN_KEY: Final = re.compile(r"[A-Za-z0-9_-]{1,40}")


def _url_flaw(url: str) -> str | None:
    """Why ``url`` is not a plain http(s) link a reader can trust, or None if it is.

    Browsers strip tabs and newlines from URLs and read backslashes as slashes, so
    "java\\tscript:" and "https:\\\\evil" mean something other than they look like;
    a user name before the host ("https://good.org@evil.example") misleads readers.
    """
    if " " in url or not url.isprintable():  # isprintable: no other space, no control
        return " without spaces or invisible characters"
    if "\\" in url:
        return " without backslashes"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not url.lower().startswith(
        ("http://", "https://")
    ):
        return ""
    if not parts.hostname:
        return " with a host name"
    if "@" in parts.netloc:
        return " without a user name or password before the host"
    return None


def _join(field: str, key: str) -> str:
    return f"{field}.{key}" if field else key


def _key_name(key: object) -> str:
    """A mapping key as part of a field name; odd keys are quoted, so they show as typed."""
    text = str(key)
    return text if isinstance(key, str) and _PLAIN_KEY.fullmatch(text) else _show(key)


def _show(value: object) -> str:
    """Quote a bad value for an error message, briefly (files may hold megabytes)."""
    text = _brief(value, 0)
    return text if len(text) <= 80 else text[:77] + "..."


def _brief(value: object, depth: int) -> str:
    # repr() of a whole list of 50,000 stops would be built only to be cut to 80
    # characters; this looks at a few items, in file order (reprlib sorts keys).
    if isinstance(value, str):
        return repr(value[:100])
    if isinstance(value, Mapping | list):
        if depth >= 2:
            return "{...}" if isinstance(value, Mapping) else "[...]"
        if isinstance(value, Mapping):
            pairs = islice(value.items(), 4)
            items = [f"{_brief(k, depth + 1)}: {_brief(v, depth + 1)}" for k, v in pairs]
        else:
            items = [_brief(item, depth + 1) for item in value[:4]]
        more = ", ..." if len(value) > 4 else ""
        inner = ", ".join(items[:4]) + more
        return f"{{{inner}}}" if isinstance(value, Mapping) else f"[{inner}]"
    return repr(value)


def build_journey(raw: object, file: str) -> Journey:
    if raw is None:
        raise DataFileError(file, "is empty; an itinerary file starts with 'schema: itinerary/1'")
    if not isinstance(raw, Mapping):
        raise DataFileError(
            file,
            "expected a mapping with schema, journey and stops at the top level, "
            f"instead got {_show(raw)}",
        )
    check = _Checker(file)
    top = check.mapping(
        raw,
        None,
        "",
        required=("schema", "journey", "stops"),
        optional=("waypoints", "route"),
    )
    assert top is not None
    if "schema" in top and top["schema"] != SCHEMA_VERSION:
        check.add(None, "schema", f"must be {SCHEMA_VERSION!r}, instead got {_show(top['schema'])}")

    journey_id = title = summary = time_zone_note = None
    header = None
    if "journey" in top:  # a missing header is reported once, above
        header = check.mapping(
            top["journey"],
            None,
            "journey",
            required=("id", "title", "summary"),
            optional=("time_zone_note",),
        )
    if header is not None:
        journey_id = check.identifier(header, "id", None, "journey.id")
        title = check.text(header, "title", None, "journey.title")
        summary = check.text(header, "summary", None, "journey.summary", max_length=MAX_LONG_TEXT)
        time_zone_note = check.text(
            header,
            "time_zone_note",
            None,
            "journey.time_zone_note",
            required=False,
            max_length=MAX_LONG_TEXT,
        )

    raw_stops = top.get("stops")
    stops = _read_stops(check, raw_stops) if "stops" in top else ()
    waypoints = _read_waypoints(check, top.get("waypoints"), {stop.id for stop in stops})
    route = None
    if "route" in top:
        # Legs are checked against the stops only when every stop is valid:
        # a broken stop would otherwise be reported again as a broken leg.
        all_stops_valid = isinstance(raw_stops, list) and len(stops) == len(raw_stops)
        route = _read_route(
            check, top["route"], stops, waypoints, top.get("waypoints"), all_stops_valid
        )

    if check.count:
        raise check.error()
    assert journey_id is not None and title is not None and summary is not None
    return Journey(
        id=journey_id,
        title=title,
        summary=summary,
        stops=stops,
        waypoints=waypoints,
        route=route,
        time_zone_note=time_zone_note,
        source_file=file,
    )


# --- The fast path -------------------------------------------------------------------
#
# Most items in a big file are regular: exactly the expected types, clean text, numbers
# in range. The functions below turn such an item straight into its model object and
# raise _IrregularError at the first thing they do not expect; the caller then runs the full
# checker on that item, which finds and words every problem. So a fast path may only
# ever accept what the checker accepts, and must build the same object from it: the
# tests compare the two on tables of edge cases and on generated documents.


class _IrregularError(Exception):
    """The item needs the full checker (it may well be valid all the same)."""


_IRREGULAR: Final = _IrregularError()  # raised often: no need for a fresh object each time


def _choices(options: tuple[T, ...]) -> dict[str, T]:
    return {str(option): option for option in options}


_PROVENANCE: Final = _choices(PROVENANCES)
_CONFIDENCE: Final = _choices(CONFIDENCES)
_PRECISION: Final = _choices(TIME_PRECISIONS)
_KIND: Final = _choices(WAYPOINT_KINDS)
_MODE: Final = _choices(LEG_MODES)
_TOPICS: Final = frozenset(TOPIC_KEYS)
# An http(s) URL the full check (_url_flaw) is sure to accept: an ASCII host name, no
# port, no user name, and printable ASCII other than a backslash after it.
_PLAIN_URL: Final = re.compile(
    r"[hH][tT][tT][pP][sS]?://[A-Za-z0-9][A-Za-z0-9.-]*(?:[/?#][!-\[\]-~]*)?"
)


def _keys(raw: object, required: frozenset[str], allowed: frozenset[str]) -> dict[str, Any]:
    # A plain dict only: RepeatedKeys (a key written twice) is for the checker to report.
    if type(raw) is not dict:
        raise _IRREGULAR
    keys = raw.keys()
    if not (keys >= required and keys <= allowed):
        raise _IRREGULAR
    return raw


def _fast_text(value: object, limit: int = MAX_SHORT_TEXT) -> str:
    if type(value) is not str:
        raise _IRREGULAR
    text = value.strip()
    # isprintable() is False for every character _FORBIDDEN_IN_TEXT lists (and for
    # some allowed ones, such as a tab: then the pattern decides).
    if (
        not text
        or len(text) > limit
        or not (text.isprintable() or _FORBIDDEN_IN_TEXT.search(text) is None)
    ):
        raise _IRREGULAR
    return text


def _fast_optional_text(raw: dict[str, Any], key: str, limit: int) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if type(value) is str and not value.strip():
        return None  # blank optional text is as good as absent
    return _fast_text(value, limit)


def _fast_id(value: object) -> str:
    if type(value) is not str or len(value) > 100 or ID_PATTERN.fullmatch(value) is None:
        raise _IRREGULAR
    return value


def _fast_degrees(value: object, limit: float) -> float:
    kind = type(value)
    if (kind is float or kind is int) and -limit <= value <= limit:  # type: ignore[operator]
        return float(value)  # type: ignore[arg-type]
    raise _IRREGULAR


def _fast_choice(value: object, options: dict[str, T]) -> T:
    if type(value) is not str or value not in options:
        raise _IRREGULAR
    return options[value]


def _fast_time(value: object) -> datetime:
    if type(value) is not str or len(value) > 100:
        raise _IRREGULAR
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise _IRREGULAR from None
    # A bare date parses to a naive datetime: refused here, worded by the checker.
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise _IRREGULAR
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise _IRREGULAR
    return parsed


def _fast_list(value: object, min_items: int = 0) -> list[Any]:
    if type(value) is not list or len(value) < min_items:
        raise _IRREGULAR
    return value


_SOURCE_KEYS: Final = frozenset(("outlet", "title", "url"))


def _fast_source(raw: object) -> Source:
    source = _keys(raw, _SOURCE_KEYS, _SOURCE_KEYS)
    url = source["url"]
    if type(url) is not str or len(url) > MAX_URL or _PLAIN_URL.fullmatch(url) is None:
        raise _IRREGULAR
    return Source(_fast_text(source["outlet"]), _fast_text(source["title"]), url)


_LOCATION_REQUIRED: Final = frozenset(("lat", "lon", "provenance"))
_LOCATION_ALLOWED: Final = _LOCATION_REQUIRED | {
    "note", "geocoder", "query", "returned_name", "date"
}  # fmt: skip


def _fast_location(raw: object) -> Location:
    location = _keys(raw, _LOCATION_REQUIRED, _LOCATION_ALLOWED)
    point = LatLon(_fast_degrees(location["lat"], 90), _fast_degrees(location["lon"], 180))
    provenance = _fast_choice(location["provenance"], _PROVENANCE)
    if len(location) == 3 and provenance != "geocoded":
        return Location(point=point, provenance=provenance)
    note, geocoder, query, returned_name, date_ = (
        _fast_optional_text(location, key, MAX_LONG_TEXT) for key in _LOCATION_OPTIONAL
    )
    if provenance == "geocoded" and not geocoder:
        raise _IRREGULAR
    return Location(point, provenance, note, geocoder, query, returned_name, date_)


_STOP_REQUIRED_KEYS: Final = frozenset(
    ("id", "seq", "name", "site", "region", "country", "location", "start",
     "time_precision", "topics", "people", "summary", "confidence", "sources")
)  # fmt: skip
_STOP_ALLOWED_KEYS: Final = _STOP_REQUIRED_KEYS | {"end", "time_note", "geocode_query"}


def _fast_stop(raw: object) -> Stop:
    stop = _keys(raw, _STOP_REQUIRED_KEYS, _STOP_ALLOWED_KEYS)
    seq = stop["seq"]
    if type(seq) is not int or not -MAX_SEQ <= seq <= MAX_SEQ:
        raise _IRREGULAR
    start = _fast_time(stop["start"])
    end = stop.get("end")
    if end is not None:
        end = _fast_time(end)
        if end < start:
            raise _IRREGULAR
    topics = tuple(_fast_list(stop["topics"], 1))
    for topic in topics:
        if type(topic) is not str or topic not in _TOPICS:
            raise _IRREGULAR
    if len(set(topics)) != len(topics):
        raise _IRREGULAR
    return Stop(
        id=_fast_id(stop["id"]),
        seq=seq,
        name=_fast_text(stop["name"]),
        site=_fast_text(stop["site"]),
        region=_fast_text(stop["region"]),
        country=_fast_text(stop["country"]),
        location=_fast_location(stop["location"]),
        start=start,
        end=end,
        time_precision=_fast_choice(stop["time_precision"], _PRECISION),
        topics=topics,
        people=tuple([_fast_text(person) for person in _fast_list(stop["people"])]),
        summary=_fast_text(stop["summary"], MAX_LONG_TEXT),
        confidence=_fast_choice(stop["confidence"], _CONFIDENCE),
        sources=tuple([_fast_source(source) for source in _fast_list(stop["sources"], 1)]),
        time_note=_fast_optional_text(stop, "time_note", MAX_LONG_TEXT),
        geocode_query=_fast_optional_text(stop, "geocode_query", MAX_SHORT_TEXT),
    )


_WAYPOINT_REQUIRED: Final = frozenset(("id", "name", "kind", "lat", "lon", "provenance"))
_WAYPOINT_ALLOWED: Final = _WAYPOINT_REQUIRED | {"note"}


def _fast_waypoint(raw: object) -> Waypoint:
    item = _keys(raw, _WAYPOINT_REQUIRED, _WAYPOINT_ALLOWED)
    return Waypoint(
        _fast_id(item["id"]),
        _fast_text(item["name"]),
        _fast_choice(item["kind"], _KIND),
        LatLon(_fast_degrees(item["lat"], 90), _fast_degrees(item["lon"], 180)),
        _fast_choice(item["provenance"], _PROVENANCE),
        _fast_optional_text(item, "note", MAX_LONG_TEXT) if len(item) > 6 else None,
    )


_LEG_REQUIRED: Final = frozenset(("from", "to", "mode"))
_LEG_ALLOWED: Final = _LEG_REQUIRED | {"via", "note"}


def _fast_leg(raw: object, stop_ids: set[str], waypoint_index: Mapping[str, Waypoint]) -> LegSpec:
    leg = _keys(raw, _LEG_REQUIRED, _LEG_ALLOWED)
    from_id, to_id = leg["from"], leg["to"]
    # Ids of valid stops are well-formed ids; the checker takes any other.
    if type(from_id) is not str or type(to_id) is not str:
        raise _IRREGULAR
    if from_id not in stop_ids or to_id not in stop_ids:
        raise _IRREGULAR
    via = tuple(_fast_list(leg["via"])) if "via" in leg else ()
    for ref in via:
        if type(ref) is not str or ref not in waypoint_index:
            raise _IRREGULAR
    mode = _fast_choice(leg["mode"], _MODE)
    return LegSpec(from_id, to_id, mode, via, _fast_optional_text(leg, "note", MAX_LONG_TEXT))


_STOP_REQUIRED: Final = (
    "id", "seq", "name", "site", "region", "country", "location", "start",
    "time_precision", "topics", "people", "summary", "confidence", "sources",
)  # fmt: skip
_STOP_OPTIONAL: Final = ("end", "time_note", "geocode_query")


def _read_stops(check: _Checker, raw: object) -> tuple[Stop, ...]:
    if raw is None or raw == []:
        check.add(None, "stops", "the journey has no stops; at least one is needed")
        return ()
    if not isinstance(raw, list):
        check.add(None, "stops", f"expected a list of stops, instead got {_show(raw)}")
        return ()
    if len(raw) > MAX_STOPS:
        check.add(None, "stops", f"has {len(raw):,} stops; the limit is {MAX_STOPS:,}")
        return ()
    stops: list[Stop] = []
    seen_ids: set[str] = set()
    for index, entry in enumerate(raw):
        try:
            stop: Stop | None = _fast_stop(entry)
        except _IrregularError:
            label = f"#{index + 1}"
            if isinstance(entry, Mapping) and isinstance(entry.get("id"), str) and entry["id"]:
                label = entry["id"][:100]
            stop = _read_stop(check, entry, label, index)
        if stop is None:
            continue
        if stop.id in seen_ids:
            check.add(stop.id, "id", f"duplicate stop id {stop.id!r}; ids must be unique")
            continue
        seen_ids.add(stop.id)
        stops.append(stop)
    _check_order(check, stops)
    return tuple(stops)


def _read_stop(check: _Checker, raw: object, label: str, index: int) -> Stop | None:
    before = check.count
    if not isinstance(raw, Mapping):
        check.add(label, f"stops[{index}]", f"expected a mapping, instead got {_show(raw)}")
        return None
    # Fields inside a stop are named relative to it: the stop id says which stop.
    stop = check.mapping(raw, label, "", _STOP_REQUIRED, _STOP_OPTIONAL)
    if stop is None:
        return None
    stop_id = check.identifier(stop, "id", label, "id")
    seq = check.whole_number(stop, "seq", label, "seq")
    name = check.text(stop, "name", label, "name")
    site = check.text(stop, "site", label, "site")
    region = check.text(stop, "region", label, "region")
    country = check.text(stop, "country", label, "country")
    location = _read_location(check, stop.get("location"), label) if "location" in stop else None
    start = check.timestamp(stop, "start", label, "start")
    end = check.timestamp(stop, "end", label, "end", required=False)
    if start is not None and end is not None and end < start:
        check.add(
            label, "end", f"is before start ({start.isoformat()}); instead got {end.isoformat()!r}"
        )
    precision = check.choice(stop, "time_precision", TIME_PRECISIONS, label, "time_precision")
    time_note = check.text(
        stop, "time_note", label, "time_note", required=False, max_length=MAX_LONG_TEXT
    )
    topics = check.list_of(
        stop, "topics", label, "topics", lambda v, f: _topic(check, v, label, f), min_items=1
    )
    if len(set(topics)) != len(topics):
        check.add(label, "topics", f"lists a topic twice: {_show(list(topics))}")
    people = check.list_of(
        stop, "people", label, "people", lambda v, f: _person(check, v, label, f)
    )
    summary = check.text(stop, "summary", label, "summary", max_length=MAX_LONG_TEXT)
    confidence = check.choice(stop, "confidence", CONFIDENCES, label, "confidence")
    sources = check.list_of(
        stop,
        "sources",
        label,
        "sources",
        lambda v, f: _read_source(check, v, label, f),
        min_items=1,
    )
    geocode_query = check.text(stop, "geocode_query", label, "geocode_query", required=False)
    if check.count > before:
        return None
    assert stop_id and seq is not None and name and site and region and country
    assert location and start and precision and summary and confidence
    return Stop(
        id=stop_id, seq=seq, name=name, site=site, region=region, country=country,
        location=location, start=start, end=end, time_precision=precision, topics=topics,
        people=people, summary=summary, confidence=confidence, sources=sources,
        time_note=time_note, geocode_query=geocode_query,
    )  # fmt: skip


def _topic(check: _Checker, value: object, stop_id: str, field: str) -> str | None:
    if isinstance(value, str) and value in TOPIC_KEYS:
        return value
    check.add(
        stop_id, field, f"unknown topic {_show(value)}; known topics: {', '.join(TOPIC_KEYS)}"
    )
    return None


def _person(check: _Checker, value: object, stop_id: str, field: str) -> str | None:
    return check.text({"person": value}, "person", stop_id, field)


def _read_source(check: _Checker, raw: object, stop_id: str | None, field: str) -> Source | None:
    before = check.count
    source = check.mapping(raw, stop_id, field, ("outlet", "title", "url"))
    if source is None:
        return None
    outlet = check.text(source, "outlet", stop_id, f"{field}.outlet")
    title = check.text(source, "title", stop_id, f"{field}.title")
    url = check.url(source["url"], stop_id, f"{field}.url") if "url" in source else None
    if check.count > before or not (outlet and title and url):
        return None
    return Source(outlet=outlet, title=title, url=url)


_LOCATION_OPTIONAL: Final = ("note", "geocoder", "query", "returned_name", "date")


def _read_location(check: _Checker, raw: object, stop_id: str) -> Location | None:
    before = check.count
    location = check.mapping(
        raw, stop_id, "location", ("lat", "lon", "provenance"), _LOCATION_OPTIONAL
    )
    if location is None:
        return None
    lat = check.coordinate(location, "lat", 90, stop_id, "location.lat")
    lon = check.coordinate(location, "lon", 180, stop_id, "location.lon")
    provenance = check.choice(location, "provenance", PROVENANCES, stop_id, "location.provenance")
    texts = {
        key: check.text(location, key, stop_id, f"location.{key}", required=False,
                        max_length=MAX_LONG_TEXT)
        for key in _LOCATION_OPTIONAL
    }  # fmt: skip
    if provenance == "geocoded" and not texts["geocoder"]:
        check.add(stop_id, "location.geocoder", "a geocoded location must name its geocoder")
    if check.count > before:
        return None
    assert lat is not None and lon is not None and provenance is not None
    return Location(point=LatLon(lat, lon), provenance=provenance, **texts)


def _check_order(check: _Checker, stops: list[Stop]) -> None:
    for previous, current in pairwise(stops):
        if current.seq <= previous.seq:
            check.add(
                current.id,
                "seq",
                f"must be greater than the previous stop's ({previous.seq}); "
                f"instead got {current.seq!r}",
            )
        if current.start < previous.start:
            check.add(
                current.id,
                "start",
                f"is earlier than the previous stop {previous.id!r} "
                f"({previous.start.isoformat()}); instead got {current.start.isoformat()!r}",
            )


def _read_waypoints(check: _Checker, raw: object, stop_ids: set[str]) -> tuple[Waypoint, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        check.add(None, "waypoints", f"expected a list, instead got {_show(raw)}")
        return ()
    waypoints: list[Waypoint] = []
    seen: set[str] = set()
    append, plain_keys, is_id = waypoints.append, _WAYPOINT_REQUIRED, ID_PATTERN.fullmatch
    for index, entry in enumerate(raw):
        # The fast path, written out: a big file has ~100,000 waypoints.
        if type(entry) is dict and entry.keys() == plain_keys:
            waypoint_id, name, lat, lon = entry["id"], entry["name"], entry["lat"], entry["lon"]
            kind, provenance = entry["kind"], entry["provenance"]
            if (
                type(waypoint_id) is str
                and type(name) is str
                and type(kind) is str
                and type(provenance) is str
                and type(lat) is float
                and type(lon) is float
                and -90.0 <= lat <= 90.0
                and -180.0 <= lon <= 180.0
                and kind in _KIND
                and provenance in _PROVENANCE
                and waypoint_id not in seen
                and waypoint_id not in stop_ids
                and len(waypoint_id) <= 100
                and is_id(waypoint_id) is not None
            ):
                text = name.strip()
                if (
                    text
                    and len(text) <= MAX_SHORT_TEXT
                    and (text.isprintable() or _FORBIDDEN_IN_TEXT.search(text) is None)
                ):
                    seen.add(waypoint_id)
                    point = LatLon(lat, lon)
                    append(Waypoint(waypoint_id, text, _KIND[kind], point, _PROVENANCE[provenance]))
                    continue
        try:  # the fast path in full, for waypoints with a note or whole-degree coordinates
            waypoint = _fast_waypoint(entry)
        except _IrregularError:
            pass
        else:
            if waypoint.id not in seen and waypoint.id not in stop_ids:
                seen.add(waypoint.id)
                append(waypoint)
                continue
        field = f"waypoints[{index}]"
        before = check.count
        item = check.mapping(
            entry, None, field, ("id", "name", "kind", "lat", "lon", "provenance"), ("note",)
        )
        if item is None:
            continue
        waypoint_id = check.identifier(item, "id", None, f"{field}.id")
        name = check.text(item, "name", None, f"{field}.name")
        kind = check.choice(item, "kind", WAYPOINT_KINDS, None, f"{field}.kind")
        lat = check.coordinate(item, "lat", 90, None, f"{field}.lat")
        lon = check.coordinate(item, "lon", 180, None, f"{field}.lon")
        provenance = check.choice(item, "provenance", PROVENANCES, None, f"{field}.provenance")
        note = check.text(item, "note", None, f"{field}.note", required=False,
                          max_length=MAX_LONG_TEXT)  # fmt: skip
        if waypoint_id in seen or waypoint_id in stop_ids:
            check.add(None, f"{field}.id", f"duplicate id {waypoint_id!r} (ids of stops and "
                      "waypoints must all differ)")  # fmt: skip
            continue
        if check.count > before:
            continue
        assert waypoint_id and name and kind and provenance and lat is not None and lon is not None
        seen.add(waypoint_id)
        waypoints.append(Waypoint(waypoint_id, name, kind, LatLon(lat, lon), provenance, note))
    return tuple(waypoints)


def _read_route(
    check: _Checker,
    raw: object,
    stops: tuple[Stop, ...],
    waypoints: tuple[Waypoint, ...],
    raw_waypoints: object,
    check_against_stops: bool,
) -> RouteSpec | None:
    route = check.mapping(raw, None, "route", ("reconstructed", "legs"), ("note", "sources"))
    if route is None:
        return None
    reconstructed = route.get("reconstructed")
    if "reconstructed" in route and not isinstance(reconstructed, bool):
        check.add(None, "route.reconstructed", f"expected true or false, instead got "
                  f"{_show(reconstructed)}")  # fmt: skip
    note = check.text(route, "note", None, "route.note", required=False, max_length=MAX_LONG_TEXT)
    sources = check.list_of(
        route, "sources", None, "route.sources", lambda v, f: _read_source(check, v, None, f)
    )
    waypoint_index = {waypoint.id: waypoint for waypoint in waypoints}
    raw_legs = route.get("legs")
    # Waypoints present but broken are reported once, where they are defined.
    entries = raw_waypoints if isinstance(raw_waypoints, list) else []
    # Each entry gives one waypoint or none: as many as entries means none is broken.
    broken = set() if len(entries) == len(waypoints) else _raw_ids(entries) - waypoint_index.keys()
    if not isinstance(raw_legs, list):
        if "legs" in route:  # a missing list is already reported as missing
            check.add(None, "route.legs", f"expected a list of legs, instead got {_show(raw_legs)}")
        return None
    legs: list[LegSpec] = []
    stop_ids = {stop.id for stop in stops}
    for index, entry in enumerate(raw_legs):
        try:
            leg: LegSpec | None = _fast_leg(entry, stop_ids, waypoint_index)
        except _IrregularError:
            leg = _read_leg(check, entry, index, waypoint_index, broken)
        if leg is not None:
            legs.append(leg)
    if check_against_stops and len(legs) == len(raw_legs):
        _check_legs_follow_stops(check, legs, stops, waypoint_index)
    return RouteSpec(bool(reconstructed), note, sources, tuple(legs))


def _raw_ids(raw: object) -> set[str]:
    entries = raw if isinstance(raw, list) else []
    return {e["id"] for e in entries if isinstance(e, Mapping) and isinstance(e.get("id"), str)}


def _read_leg(
    check: _Checker,
    raw: object,
    index: int,
    waypoint_index: Mapping[str, Waypoint],
    broken: set[str],
) -> LegSpec | None:
    field = f"route.legs[{index}]"
    before = check.count
    leg = check.mapping(raw, None, field, ("from", "to", "mode"), ("via", "note"))
    if leg is None:
        return None
    # Problems in a leg are filed under the stop it arrives at.
    owner = leg["to"][:100] if isinstance(leg.get("to"), str) and leg["to"] else None
    from_id = check.identifier(leg, "from", owner, f"{field}.from")
    to_id = check.identifier(leg, "to", owner, f"{field}.to")
    mode = check.choice(leg, "mode", LEG_MODES, owner, f"{field}.mode")
    note = check.text(leg, "note", owner, f"{field}.note", required=False, max_length=MAX_LONG_TEXT)

    def waypoint_ref(value: object, item_field: str) -> str | None:
        if isinstance(value, str) and (value in waypoint_index or value in broken):
            return value
        check.add(owner, item_field, f"no waypoint has the id {_show(value)}")
        return None

    via = check.list_of(leg, "via", owner, f"{field}.via", waypoint_ref)
    if check.count > before or any(ref in broken for ref in via):
        return None
    assert from_id and to_id and mode
    return LegSpec(from_id, to_id, mode, via, note)


def _check_legs_follow_stops(
    check: _Checker,
    legs: list[LegSpec],
    stops: tuple[Stop, ...],
    waypoint_index: Mapping[str, Waypoint],
) -> None:
    # Imported here: route geometry depends on the model, not the other way round.
    from itinerary.geodesy import path_lengths_m
    from itinerary.route import leg_points, path_km

    stop_index = {stop.id: stop for stop in stops}
    expected = list(pairwise(stops))
    if len(legs) != len(expected):
        check.add(
            None,
            "route.legs",
            f"needs one leg per pair of consecutive stops ({len(expected)}); "
            f"instead got {len(legs)}",
        )
    checked: list[tuple[int, LegSpec, Stop, tuple[LatLon, ...]]] = []
    for index, (leg, (origin, destination)) in enumerate(zip(legs, expected, strict=False)):
        if (leg.from_id, leg.to_id) != (origin.id, destination.id):
            check.add(
                destination.id,
                f"route.legs[{index}]",
                f"must go from {origin.id!r} to {destination.id!r}; "
                f"instead got {leg.from_id!r} -> {leg.to_id!r}",
            )
            continue
        checked.append((index, leg, destination, leg_points(leg, stop_index, waypoint_index)))
    # All legs in two vectorised passes: one call per leg costs ~50 µs of numpy set-up,
    # half a second for 10,000 legs.
    geometry = [points for *_, points in checked]
    along_km = (path_lengths_m(geometry) / 1000).tolist()
    straight_km = (path_lengths_m([(points[0], points[-1]) for points in geometry]) / 1000).tolist()
    for (index, leg, destination, points), along, straight in zip(
        checked, along_km, straight_km, strict=True
    ):
        if along > MAX_DETOUR_FACTOR * straight + DETOUR_ALLOWANCE_KM:
            farthest = max(
                leg.via,
                key=lambda w: (
                    path_km((points[0], waypoint_index[w].point))
                    + path_km((waypoint_index[w].point, points[-1]))
                ),
            )
            check.add(
                destination.id,
                f"route.legs[{index}].via",
                f"the leg is {along:,.0f} km along its waypoints but only {straight:,.0f} km "
                f"in a straight line; waypoint {farthest!r} looks misplaced",
            )
