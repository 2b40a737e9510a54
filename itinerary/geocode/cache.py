"""The cache of answers: a place is asked for once, ever.

An indented JSON file with sorted keys, keyed by the normalised query, so it reads
and diffs well and can be committed beside the data. Written atomically after each
new answer, so an interrupted run loses nothing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Final

from geopy.exc import GeocoderParseError

from itinerary.errors import GeocodingError, show
from itinerary.fileio import atomic_write
from itinerary.geocode.service import checked_place

CACHE_NAME: Final = "geocode-cache.json"
CACHE_FORMAT: Final = "itinerary-geocode-cache/1"


def normalise_query(query: str) -> str:
    """The cache key: case-folded, whitespace collapsed and stripped."""
    return " ".join(query.casefold().split())


@dataclass(frozen=True, slots=True)
class CacheEntry:
    lat: float
    lon: float
    returned_name: str
    geocoder: str
    query: str  # as first asked (the key is its normalised form)
    date: str  # ISO date the service answered


class GeocodeCache:
    """Known answers, keyed by normalised query, in an indented, sorted JSON file.

    Only places that were found are stored: "not found" may be fixed tomorrow by
    an OpenStreetMap edit or a better ``geocode_query``, so it is asked again.
    """

    def __init__(self, path: Path, entries: Mapping[str, CacheEntry] | None = None) -> None:
        self.path = path
        self._entries = dict(entries or {})

    def __len__(self) -> int:
        return len(self._entries)

    @classmethod
    def load(cls, path: Path) -> GeocodeCache:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(path)
        except (OSError, UnicodeDecodeError) as error:
            raise GeocodingError(f"{path}: cannot read the geocode cache ({error})") from None
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise GeocodingError(
                f"{path}: the geocode cache is not valid JSON (line {error.lineno}: {error.msg}); "
                "fix it or delete it"
            ) from None
        if not isinstance(document, dict) or document.get("format") != CACHE_FORMAT:
            found = document.get("format") if isinstance(document, dict) else document
            raise GeocodingError(
                f"{path}: not a geocode cache (expected format {CACHE_FORMAT!r}); "
                f"instead got {show(found)}"
            )
        places = document.get("places")
        if not isinstance(places, dict):
            raise GeocodingError(f"{path}: 'places' must be a mapping, instead got {show(places)}")
        return cls(
            path, {normalise_query(key): _entry(path, key, value) for key, value in places.items()}
        )

    def get(self, query: str) -> CacheEntry | None:
        return self._entries.get(normalise_query(query))

    def put(self, query: str, entry: CacheEntry) -> None:
        self._entries[normalise_query(query)] = entry

    def to_json(self) -> str:
        places = {key: asdict(entry) for key, entry in self._entries.items()}
        document = {"format": CACHE_FORMAT, "places": places}
        return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    def save(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, self.to_json().encode("utf-8"))
        except OSError as error:
            raise GeocodingError(f"{self.path}: cannot write the geocode cache ({error})") from None


def _entry(path: Path, key: str, raw: object) -> CacheEntry:
    if not isinstance(raw, dict):
        raise GeocodingError(f"{path}: place {key!r} must be a mapping, instead got {show(raw)}")
    values: dict[str, Any] = {}
    for name, kinds in (
        ("lat", (int, float)), ("lon", (int, float)), ("returned_name", (str,)),
        ("geocoder", (str,)), ("query", (str,)), ("date", (str,)),
    ):  # fmt: skip
        value = raw.get(name)
        if isinstance(value, bool) or not isinstance(value, kinds):
            raise GeocodingError(
                f"{path}: place {key!r}: {name!r} has the wrong type, instead got {show(value)}"
            )
        values[name] = value
    try:
        place = checked_place(values["lat"], values["lon"], values["returned_name"])
    except GeocoderParseError as error:
        raise GeocodingError(f"{path}: place {key!r}: {error}") from None
    return CacheEntry(place.lat, place.lon, place.name, values["geocoder"], values["query"],
                      values["date"])  # fmt: skip
