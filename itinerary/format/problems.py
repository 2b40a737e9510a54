"""Problems in a file, worded for the person who edits it by hand.

Every problem names the file, the stop (by its id, or ``#3`` for the third stop when
it has none) and the field relative to that stop (``location.lat``, ``sources[0].url``),
and quotes the bad value. Problems in a leg are filed under the stop it arrives at.
The schema's errors are translated here, one message per kind of error; the rules
that span fields word their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from pydantic_core import ErrorDetails

from itinerary.errors import Problem, ValidationError, show
from itinerary.format.limits import (
    FORBIDDEN_IN_TEXT,
    MAX_LATITUDE,
    MAX_LONGITUDE,
    MAX_PROBLEMS,
    MAX_SEQ,
)
from itinerary.format.parsed import Path, Repeat

_PLAIN_KEY: Final = re.compile(r"[A-Za-z0-9_-]{1,40}")
_DEGREES: Final = {"lat": MAX_LATITUDE, "lon": MAX_LONGITUDE}


class Problems:
    """Collects the problems of one file. Every one counts; the first MAX_PROBLEMS are kept."""

    def __init__(self, file: str, raw: object) -> None:
        self.file = file
        self.raw = raw
        self.kept: list[Problem] = []
        self.count = 0

    def add(self, stop_id: str | None, field: str, message: str) -> None:
        self.count += 1
        if len(self.kept) < MAX_PROBLEMS:
            self.kept.append(Problem(self.file, stop_id, field, message))

    def at(self, path: Path, message: str) -> None:
        """A problem at a place in the document, filed under its stop (or leg's stop)."""
        self.add(*locate(path, self.raw), message)

    def schema_errors(
        self, errors: Iterable[ErrorDetails], prefix: Path = (), start: int = 0
    ) -> None:
        """The schema's errors for a value at ``prefix`` (a list's chunk from item ``start``)."""
        for error in errors:
            path = error["loc"]
            if prefix:  # placed in the document: a list's own errors have no index
                first = path[0] if path else None
                path = (*prefix, first + start, *path[1:]) if isinstance(first, int) else prefix
                error = {**error, "loc": path}
            if self.count >= MAX_PROBLEMS:  # counted, not worded
                self.count += 1
            elif error["type"] in ("invalid_key", "extra_forbidden"):  # the key is the last step
                self.add(*locate(path[:-1], self.raw, key=path[-1]), _unknown(path[-1]))
            else:
                self.at(path, describe(error))

    def repeats(self, repeats: Iterable[Repeat]) -> None:
        for repeat in repeats:
            message = (
                f"is written twice in the same mapping (again on line {repeat.line}); "
                "keep one: YAML would silently use the last"
                if repeat.line is not None
                else "is written twice in the same object; keep one: JSON readers would "
                "silently use the last"
            )
            self.add(*locate(repeat.path, self.raw, key=repeat.key), message)

    def error(self) -> ValidationError:
        problems = list(self.kept)
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


# --- Where: the stop and the field -----------------------------------------------------------

_NO_KEY: Final = object()


def stop_label(raw_stop: object, index: int) -> str:
    """A stop's id as written (even an invalid one), else its place: ``#3``."""
    if isinstance(raw_stop, Mapping):
        stop_id = raw_stop.get("id")
        if isinstance(stop_id, str) and stop_id:
            return stop_id[:100]
    return f"#{index + 1}"


def leg_owner(raw_leg: object) -> str | None:
    """The stop a leg arrives at, under which its problems are filed."""
    if isinstance(raw_leg, Mapping):
        to = raw_leg.get("to")
        if isinstance(to, str) and to:
            return to[:100]
    return None


def _step(raw: Any, key: Any) -> Any:
    if isinstance(raw, list) and isinstance(key, int) and 0 <= key < len(raw):
        return raw[key]
    if isinstance(raw, Mapping):
        return raw.get(key)
    return None


def locate(path: Sequence[Any], raw: object, key: object = _NO_KEY) -> tuple[str | None, str]:
    """(stop id, field) for a place in the document; ``key`` names a mapping key there."""
    path = tuple(path)
    stop: str | None = None
    if len(path) >= 2 and path[0] == "stops" and isinstance(path[1], int):
        stop = stop_label(_step(_step(raw, "stops"), path[1]), path[1])
        path = path[2:] if len(path) > 2 or key is not _NO_KEY else path
    elif len(path) >= 3 and path[:2] == ("route", "legs") and isinstance(path[2], int):
        stop = leg_owner(_step(_step(_step(raw, "route"), "legs"), path[2]))
    return stop, field_name(path, key)


def field_name(path: Sequence[Any], key: object = _NO_KEY) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text = f"{text}.{part}" if text else str(part)
    if key is _NO_KEY:
        return text
    name = key if isinstance(key, str) and _PLAIN_KEY.fullmatch(key) else show(key)
    return f"{text}.{name}" if text else name


# --- What: the message for each kind of schema error ------------------------------------------


def _unknown(key: object) -> str:
    return f"unknown field {show(key)}"


def _invisible(value: object) -> str:
    text = value if isinstance(value, str) else ""
    # Counted in the text as the schema sees it (surrounding whitespace dropped), unless
    # the character is part of what was dropped.
    hidden = FORBIDDEN_IN_TEXT.search(text.strip()) or FORBIDDEN_IN_TEXT.search(text)
    if hidden is None:  # cannot happen for the schema's pattern; say what is known
        return f"contains a character that is not allowed, instead got {show(value)}"
    return (
        f"contains the invisible character U+{ord(hidden.group()):04X} at position "
        f"{hidden.start() + 1} (a control or text-direction character); delete it, "
        f"instead got {show(value)}"
    )


def _choices(expected: str) -> list[str]:
    # pydantic lists literals as "'a', 'b' or 'c'"; the vocabulary has no quotes or commas.
    return expected.replace(" or ", ", ").replace("'", "").split(", ")


def _whole_number(value: object) -> str:
    hint = ""
    if isinstance(value, float) and value.is_integer() and abs(value) <= MAX_SEQ:
        hint = f" (write {int(value)}, not {value!r})"
    return (
        f"expected a whole number between {-MAX_SEQ:,} and {MAX_SEQ:,}{hint}, "
        f"instead got {show(value)}"
    )


def _noun(path: Sequence[Any]) -> str:
    """What a list holds, from its name: the format's lists are named in the plural."""
    name = path[-1] if path and isinstance(path[-1], str) else "items"
    return "waypoint ids" if name == "via" else name


def describe(error: ErrorDetails) -> str:
    """One schema error as a sentence about the field it is in."""
    kind, value, context = error["type"], error["input"], error.get("ctx") or {}
    path = error["loc"]
    got = show(value)
    if kind == "missing":
        return "is required but missing"
    if kind in ("dict_type", "model_type"):
        return f"expected a mapping, instead got {got}"
    if kind == "list_type":
        if path == ("stops",) and value is None:
            return "the journey has no stops; at least one is needed"
        return f"expected a list of {_noun(path)}, instead got {got}"
    if kind == "too_short" and path == ("stops",):
        return "the journey has no stops; at least one is needed"
    if kind == "too_short":
        return f"needs at least {context['min_length']} item(s), instead got none"
    if kind == "too_long":
        limit = context["max_length"]
        return f"has {context['actual_length']:,} {_noun(path)}; the limit is {limit:,}"
    if kind == "string_type":
        return f"expected text, instead got {got}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        length = len(value.strip()) if isinstance(value, str) else 0
        return f"is {length:,} characters long; the limit is {context['max_length']:,}"
    if kind in ("string_pattern_mismatch", "string_unicode"):
        return _invisible(value)
    if kind == "float_type":  # every number of the format but seq is in degrees
        limit = _DEGREES.get(str(path[-1])) if path else None
        if isinstance(value, int) and not isinstance(value, bool) and limit is not None:
            return f"must be between -{limit} and {limit}, instead got {got}"  # too big a float
        return f"expected a number of degrees, instead got {got}"
    if kind in ("less_than_equal", "greater_than_equal"):
        limit = context.get("le", -context.get("ge", 0))
        shown = int(limit) if float(limit).is_integer() else limit
        return f"must be between -{shown} and {shown}, instead got {got}"
    if kind == "whole_number":
        return _whole_number(value)
    if kind == "identifier":
        return f"{error['msg']}; instead got {got}"
    if kind == "bool_type":
        return f"expected true or false, instead got {got}"
    if kind == "literal_error":
        options = _choices(str(context.get("expected", "")))
        if len(path) >= 2 and path[-2] == "topics":
            return f"unknown topic {got}; known topics: {', '.join(options)}"
        if len(options) == 1:
            return f"must be {options[0]!r}, instead got {got}"
        return f"must be one of {', '.join(options)}; instead got {got}"
    if kind in ("timestamp", "url"):  # complete messages from the schema's own checks
        return str(error["msg"])
    return f"{error['msg']}, instead got {got}"  # pragma: no cover - a kind not foreseen
