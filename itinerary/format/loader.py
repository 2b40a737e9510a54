"""Read an itinerary file and validate every field before anything uses it.

The loader never stops at the first mistake: it collects every problem (file, stop
id, field, what is wrong, the offending value) and raises one
:class:`~itinerary.errors.ValidationError` carrying them all, so an editor fixes a file
in one pass. How a file is read, the schema and the rules are in
:mod:`itinerary.format`; docs/schema.md describes the format.

Files come from strangers (uploads), so reading is strict and bounded: UTF-8 only, a
strict YAML subset (no tags, anchors, aliases or repeated keys), at most 16 MB, 24
levels of nesting and 500,000 lists and mappings. ``*.json`` files are read as JSON
under the same rules and checked by the same schema.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from itinerary.errors import DataFileError
from itinerary.format.checking import check, to_journey
from itinerary.format.decoding import check_size
from itinerary.format.limits import MAX_FILE_BYTES
from itinerary.format.parsed import Parsed
from itinerary.format.reading import is_json_name, parse_yaml, read_document
from itinerary.model import Journey

__all__ = [
    "Draft",
    "build_journey",
    "is_json_name",
    "load_journey",
    "parse_draft",
    "parse_journey",
    "parse_yaml",
    "read_bytes",
]


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


collector_paused = _CollectorPause()


def read_bytes(path: str | Path) -> bytes:
    """A data file's bytes, within the size limit; DataFileError if it cannot be read."""
    file = str(path)
    try:
        check_size(Path(path).stat().st_size, file)
        with Path(path).open("rb") as handle:
            # Read one byte past the limit: the file may have grown since stat().
            content = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise DataFileError(file, "file not found") from None
    except OSError as error:
        raise DataFileError(file, f"cannot read the file ({error.strerror})") from None
    return content


def load_journey(path: str | Path) -> Journey:
    """Read, parse and validate an itinerary file; raise DataFileError if anything is wrong."""
    return parse_journey(read_bytes(path), str(path))


def parse_journey(content: bytes | str, file: str = "<upload>") -> Journey:
    """Validate itinerary content already in memory (an upload, a test fixture).

    The format follows the name: ``*.json`` (any case) is JSON, anything else YAML.
    """
    with collector_paused():
        return to_journey(check(read_document(content, file), file), file)


def build_journey(raw: object, file: str) -> Journey:
    """Validate plain values (as the readers give them) and build the journey."""
    return to_journey(check(Parsed(raw), file), file)


@dataclass(frozen=True, slots=True)
class Draft:
    """A file whose stops may lack a location yet, checked in every other respect."""

    raw: Mapping[str, Any]  # the document as written (keys in file order)
    stops: tuple[Mapping[str, Any], ...]  # each stop as validated; no "location" if missing


def parse_draft(content: bytes | str, file: str) -> Draft:
    """Like :func:`parse_journey`, but a stop may leave ``location`` out (to be geocoded).

    Every other rule holds; the detour check skips legs whose stops have no location.
    """
    with collector_paused():
        parsed = read_document(content, file)
        accepted = check(parsed, file, draft=True)
    assert isinstance(parsed.value, Mapping)
    return Draft(parsed.value, tuple(stop for _, stop in accepted.stops))
