"""Every exception the itinerary package raises, in one tree.

    ItineraryError                 base class: catch this to catch everything
    ├── DataFileError              a file cannot be read or parsed at all
    │   └── ValidationError        the file parsed, but its content breaks the schema;
    │                              carries every Problem found, not just the first
    ├── ExportError                an export format or destination is unusable
    └── GeocodingError             geocoding could not run (configuration, cache file)
        ├── GeocoderQuotaError     the service refused us for longer than we will wait
        └── GeocoderUnreachableError  nothing answered: no network, no such host

Errors name the file, the stop and the field, and quote the offending value,
so that a person editing a YAML file by hand can go straight to the mistake:
:func:`show` quotes it, briefly, and :func:`shorten` cuts any text to a length.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import islice
from typing import Final

SHOWN_CHARS: Final = 80


def shorten(text: str, limit: int, ellipsis: str = "...") -> str:
    """``text`` if it fits in ``limit`` characters, else cut so that it does, ellipsis included."""
    return text if len(text) <= limit else text[: limit - len(ellipsis)] + ellipsis


def show(value: object) -> str:
    """Quote a bad value for an error message, briefly (files may hold megabytes)."""
    return shorten(_brief(value, 0), SHOWN_CHARS)


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


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a data file: where it is and what is wrong."""

    file: str
    stop_id: str | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"stop {self.stop_id!r}" if self.stop_id else "journey"
        return f"{self.file}: {where}: {self.field}: {self.message}"


class ItineraryError(Exception):
    """Base class of every error raised by this package."""


class DataFileError(ItineraryError):
    """A data file is missing, unreadable, too large or not valid YAML."""

    def __init__(self, file: str, message: str) -> None:
        super().__init__(f"{file}: {message}")
        self.file = file
        self.message = message


class ValidationError(DataFileError):
    """A data file parsed but broke the schema; ``problems`` lists every issue."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        summary = f"{count} problem{'s' if count != 1 else ''} found"
        super().__init__(file, summary)

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


class ExportError(ItineraryError):
    """An export was asked for in a format or to a place that cannot work."""


class GeocodingError(ItineraryError):
    """Geocoding cannot run: bad configuration, unreadable cache, unusable server."""


class GeocoderQuotaError(GeocodingError):
    """The geocoding service keeps refusing requests beyond our retry budget."""


class GeocoderUnreachableError(GeocodingError):
    """Nothing answered at the service's address: asking again at once would not help."""
