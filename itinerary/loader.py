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
"""

from __future__ import annotations

import codecs
import math
import re
from collections.abc import Callable, Iterable, Mapping
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


class RepeatedKeys(dict[Any, Any]):
    """A mapping in which the file wrote some key more than once.

    ``repeated`` lists each extra occurrence as (key, line); the value kept is
    the last one, as in PyYAML, but the checker reports every repeat.
    """

    repeated: tuple[tuple[object, int], ...] = ()


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
    stack: list[tuple[Any, object, list[tuple[object, int]] | None]] = []
    strings: dict[str, str] = {}
    root: object = None
    container: Any = None
    key: object = _NOTHING
    repeats: list[tuple[object, int]] | None = None
    containers = documents = 0
    try:
        while True:
            event = get_event()
            kind = type(event)
            value: object
            if kind is ScalarEvent:
                if event.anchor is not None or event.tag is not None:
                    _refuse_decorations(event)
                value = event.value if event.style else _plain_scalar(event.value)
                if type(value) is str:
                    value = strings.setdefault(value, value)
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
            if container is None:
                root = value
            elif type(container) is list:
                container.append(value)
            elif key is _NOTHING:
                if value in container:
                    repeats = repeats or []
                    repeats.append((value, event.start_mark.line + 1))
                key = value
            else:
                container[key] = value
                key = _NOTHING
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
    """Validate itinerary content already in memory (an upload, a test fixture)."""
    raw = parse_yaml(content, file)
    return build_journey(raw, file)


def parse_yaml(content: bytes | str, file: str) -> object:
    """Parse YAML text into plain dicts, lists, strings, numbers, booleans and None.

    Raises DataFileError, naming the file (and the line and column where there is
    one), for anything that is not UTF-8 YAML within the limits described above.
    """
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
    try:
        return _compose(text)
    except _RefusedYamlError as error:
        raise DataFileError(
            file, f"is not valid YAML for an itinerary: {error.where}: {error.message}"
        ) from None
    except yaml.YAMLError as error:
        raise DataFileError(file, f"is not valid YAML: {_yaml_error(error)}") from None
    except (RecursionError, MemoryError):
        raise DataFileError(file, "is not valid YAML: too large or too deeply nested") from None


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
                "keep one: YAML would silently use the last",
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
    for index, entry in enumerate(raw):
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
    broken = _raw_ids(raw_waypoints) - waypoint_index.keys()
    if not isinstance(raw_legs, list):
        if "legs" in route:  # a missing list is already reported as missing
            check.add(None, "route.legs", f"expected a list of legs, instead got {_show(raw_legs)}")
        return None
    legs: list[LegSpec] = []
    for index, entry in enumerate(raw_legs):
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
