"""Route geometry: the line each leg follows, and how long it is.

Distances are geodesic (WGS84 ellipsoid, via geopy) summed vertex by vertex
along the full geometry, never along a simplified display copy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from itertools import pairwise

from geopy.distance import geodesic

from itinerary.model import Journey, LatLon, LegMode, LegSpec, Stop, Waypoint


@dataclass(frozen=True, slots=True)
class RouteLeg:
    """One hop between consecutive stops, with its geometry and measurements."""

    index: int
    origin: Stop
    destination: Stop
    mode: LegMode
    points: tuple[LatLon, ...]
    km: float
    # None where either end has only a date, so no honest duration exists.
    duration: timedelta | None
    via_names: tuple[str, ...]
    note: str | None = None

    @property
    def label(self) -> str:
        return f"{self.origin.name} → {self.destination.name}"


@dataclass(frozen=True, slots=True)
class RouteSummary:
    legs: tuple[RouteLeg, ...]
    reconstructed: bool

    @property
    def rail_km(self) -> float:
        return sum(leg.km for leg in self.legs if leg.mode == "rail")

    @property
    def road_km(self) -> float:
        return sum(leg.km for leg in self.legs if leg.mode == "road")

    def leg_into(self, stop_id: str) -> RouteLeg | None:
        return next((leg for leg in self.legs if leg.destination.id == stop_id), None)

    @property
    def longest(self) -> RouteLeg | None:
        return max(self.legs, key=lambda leg: leg.km, default=None)


def path_km(points: Sequence[LatLon]) -> float:
    """Geodesic length of a polyline in kilometres."""
    return float(sum(geodesic(a, b).km for a, b in pairwise(points)))


def leg_points(
    leg: LegSpec, stops: Mapping[str, Stop], waypoints: Mapping[str, Waypoint]
) -> tuple[LatLon, ...]:
    """The leg's full geometry: origin stop, each waypoint in order, destination stop."""
    middle = tuple(waypoints[waypoint_id].point for waypoint_id in leg.via)
    return (stops[leg.from_id].point, *middle, stops[leg.to_id].point)


def leg_duration(origin: Stop, destination: Stop) -> timedelta | None:
    if origin.time_precision == "day" or destination.time_precision == "day":
        return None
    departed = origin.end or origin.start
    return destination.start - departed


def build_route(journey: Journey) -> RouteSummary:
    """Measure every leg of a validated journey. A journey without a route has no legs."""
    if journey.route is None:
        return RouteSummary(legs=(), reconstructed=False)
    stops = {stop.id: stop for stop in journey.stops}
    waypoints = journey.waypoint_index
    legs = []
    for index, spec in enumerate(journey.route.legs):
        points = leg_points(spec, stops, waypoints)
        origin, destination = stops[spec.from_id], stops[spec.to_id]
        legs.append(
            RouteLeg(
                index=index,
                origin=origin,
                destination=destination,
                mode=spec.mode,
                points=points,
                km=path_km(points),
                duration=leg_duration(origin, destination),
                via_names=tuple(waypoints[w].name for w in spec.via),
                note=spec.note,
            )
        )
    return RouteSummary(legs=tuple(legs), reconstructed=journey.route.reconstructed)
