"""The data file as geocoding sees it: which stops there are, what to ask, what to write.

The file is checked by the loader's draft mode: every rule holds, but a stop may
leave ``location`` out until it is geocoded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from itinerary.format.loader import parse_draft
from itinerary.geocode.cache import CacheEntry
from itinerary.model import LatLon


@dataclass(frozen=True, slots=True)
class StopInfo:
    """What geocoding needs to know about one stop of the file."""

    index: int  # position in the file's ``stops`` list
    id: str
    query: str
    location: Mapping[str, Any] | None  # as written in the file, None when missing

    @property
    def point(self) -> LatLon | None:
        if self.location is None:
            return None
        return LatLon(float(self.location["lat"]), float(self.location["lon"]))


def stop_query(stop: Mapping[str, Any]) -> str:
    """``geocode_query`` when given, else "site, region, country"; whitespace collapsed."""
    custom = stop.get("geocode_query")
    if isinstance(custom, str) and custom.strip():
        return " ".join(custom.split())
    parts = (str(stop[key]) for key in ("site", "region", "country"))
    return ", ".join(" ".join(part.split()) for part in parts)


def read_stops(content: bytes | str, file: str) -> tuple[StopInfo, ...]:
    """Validate a data file in which stops may lack a ``location``; describe its stops."""
    draft = parse_draft(content, file)
    written = draft.raw["stops"]
    return tuple(
        StopInfo(
            index=index,
            id=stop["id"],
            query=stop_query(stop),
            location=written[index]["location"] if "location" in stop else None,
        )
        for index, stop in enumerate(draft.stops)
    )


def location_fields(entry: CacheEntry, query: str) -> dict[str, float | str]:
    """The ``location`` mapping written for a geocoded stop, in schema order."""
    return {
        "lat": entry.lat,
        "lon": entry.lon,
        "provenance": "geocoded",
        "geocoder": entry.geocoder,
        "query": query,
        "returned_name": entry.returned_name,
        "date": entry.date,
    }


def same_apart_from_date(old: Mapping[str, Any], new: Mapping[str, object]) -> bool:
    keys = set(new) - {"date"}
    return set(old) - {"date"} == keys and all(old[key] == new[key] for key in keys)
