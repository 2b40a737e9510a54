"""The data model: small frozen dataclasses, coordinates always (lat, lon).

Instances are only ever built by :mod:`itinerary.format.loader`, which validates the
raw file first, so code downstream can trust every field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Final, Literal, NamedTuple


class LatLon(NamedTuple):
    """A WGS84 position in decimal degrees, latitude first (as geopy and folium)."""

    lat: float
    lon: float


Provenance = Literal["approximate", "geocoded", "surveyed"]
Confidence = Literal["confirmed", "reported", "unconfirmed"]
TimePrecision = Literal["exact", "approximate", "day"]
LegMode = Literal["rail", "road"]
WaypointKind = Literal["station", "junction", "bridge", "border"]

PROVENANCES: Final[tuple[Provenance, ...]] = ("approximate", "geocoded", "surveyed")
CONFIDENCES: Final[tuple[Confidence, ...]] = ("confirmed", "reported", "unconfirmed")
TIME_PRECISIONS: Final[tuple[TimePrecision, ...]] = ("exact", "approximate", "day")
LEG_MODES: Final[tuple[LegMode, ...]] = ("rail", "road")
WAYPOINT_KINDS: Final[tuple[WaypointKind, ...]] = ("station", "junction", "bridge", "border")

CONFIDENCE_LABELS: Final[dict[Confidence, str]] = {
    "confirmed": "Confirmed by a cited source",
    "reported": "Reported (secondary or conflicting sources)",
    "unconfirmed": "Unconfirmed",
}


@dataclass(frozen=True, slots=True)
class Source:
    outlet: str
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Location:
    """Where a stop is, and how we know: by hand, by a geocoder, or surveyed."""

    point: LatLon
    provenance: Provenance
    note: str | None = None
    # Filled in when provenance == "geocoded".
    geocoder: str | None = None
    query: str | None = None
    returned_name: str | None = None
    date: str | None = None


@dataclass(frozen=True, slots=True)
class Stop:
    id: str
    seq: int
    name: str
    site: str
    region: str
    country: str
    location: Location
    start: datetime
    end: datetime | None
    time_precision: TimePrecision
    topics: tuple[str, ...]
    people: tuple[str, ...]
    summary: str
    confidence: Confidence
    sources: tuple[Source, ...]
    time_note: str | None = None
    geocode_query: str | None = None

    @property
    def point(self) -> LatLon:
        return self.location.point


@dataclass(frozen=True, slots=True)
class Waypoint:
    """A named point on a railway that the route passes without stopping."""

    id: str
    name: str
    kind: WaypointKind
    point: LatLon
    provenance: Provenance
    note: str | None = None


@dataclass(frozen=True, slots=True)
class LegSpec:
    """How the file says to get from one stop to the next."""

    from_id: str
    to_id: str
    mode: LegMode
    via: tuple[str, ...]
    note: str | None = None


@dataclass(frozen=True, slots=True)
class RouteSpec:
    reconstructed: bool
    note: str | None
    sources: tuple[Source, ...]
    legs: tuple[LegSpec, ...]


@dataclass(frozen=True, slots=True)
class Journey:
    id: str
    title: str
    summary: str
    stops: tuple[Stop, ...]
    waypoints: tuple[Waypoint, ...] = ()
    route: RouteSpec | None = None
    time_zone_note: str | None = None
    source_file: str = "<memory>"
    # init=False: dataclasses.replace() builds a fresh index instead of sharing the old one.
    _stop_index: dict[str, Stop] = field(
        init=False, default_factory=dict, compare=False, repr=False
    )
    _day_span: list[date] = field(init=False, default_factory=list, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._stop_index.update({stop.id: stop for stop in self.stops})
        if self.stops:  # worked out once, here: a cached journey is shared by sessions
            self._day_span.extend(
                (
                    min(stop.start.date() for stop in self.stops),
                    max((stop.end or stop.start).date() for stop in self.stops),
                )
            )

    def stop(self, stop_id: str) -> Stop:
        return self._stop_index[stop_id]

    @property
    def days(self) -> tuple[date, date]:
        """The first and the last day on the local calendar: the earliest day a stop starts,
        the latest day one ends (or starts, if it has no end). Usually the first and the last
        stop's, but local dates across time zones need not run in the stops' order."""
        first, last = self._day_span
        return first, last

    @property
    def waypoint_index(self) -> dict[str, Waypoint]:
        return {waypoint.id: waypoint for waypoint in self.waypoints}
