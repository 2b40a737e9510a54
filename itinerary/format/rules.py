"""The rules a single field cannot state, run on what the schema accepted.

Each item arrives with its index in the file, so problems point at the right place.
An item that breaks a rule is set aside like one the schema refused, so that it is
reported once: a broken stop is not reported again as a broken leg, and a leg that
names a broken waypoint is not checked against the stops.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, pairwise
from operator import itemgetter
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

from itinerary.format.limits import DETOUR_ALLOWANCE_KM, MAX_DETOUR_FACTOR
from itinerary.format.problems import Problems
from itinerary.geo.geodesy import WGS84_A, WGS84_F, inverse_m, joined_lengths_m, path_lengths_m
from itinerary.model import LatLon

_E2: Final = WGS84_F * (2 - WGS84_F)  # the ellipsoid's eccentricity, squared

# (index in the file, the item as the schema returned it)
Item = tuple[int, Mapping[str, Any]]


@dataclass
class Accepted:
    """What passed the schema, and what the rules need to know about what did not."""

    header: Mapping[str, Any] | None
    stops: list[Item]
    waypoints: list[Item]
    route: Mapping[str, Any] | None  # reconstructed, note, sources (None if any is broken)
    legs: list[Item] | None  # None: no route, or its legs are not a list
    every_stop: bool = True  # every stop in the file passed (and there is a list of them)
    every_leg: bool = True
    broken_waypoints: set[str] = field(default_factory=set)  # ids of refused waypoints


def check_stops(problems: Problems, stops: list[Item]) -> list[Item]:
    """Per-stop rules, unique ids and time order; returns the stops that pass."""
    kept: list[Item] = []
    seen: set[str] = set()
    for index, stop in stops:
        label = stop["id"]  # the schema passed it: a short, non-empty id
        before = problems.count
        end = stop.get("end")
        if end is not None and end < stop["start"]:
            problems.add(label, "end", f"is before start ({stop['start'].isoformat()}); "
                         f"instead got {end.isoformat()!r}")  # fmt: skip
        topics = stop["topics"]
        if len(set(topics)) != len(topics):
            problems.add(label, "topics", f"lists a topic twice: {topics!r}")
        location = stop.get("location")
        if (
            location is not None
            and location["provenance"] == "geocoded"
            and not location.get("geocoder")
        ):
            problems.add(label, "location.geocoder", "a geocoded location must name its geocoder")
        if problems.count > before:
            continue
        if stop["id"] in seen:
            problems.add(label, "id", f"duplicate stop id {stop['id']!r}; ids must be unique")
            continue
        seen.add(stop["id"])
        kept.append((index, stop))
    for (_, previous), (_, current) in pairwise(kept):
        if current["seq"] <= previous["seq"]:
            problems.add(current["id"], "seq", f"must be greater than the previous stop's "
                         f"({previous['seq']}); instead got {current['seq']!r}")  # fmt: skip
        if current["start"] < previous["start"]:
            problems.add(
                current["id"],
                "start",
                f"is earlier than the previous stop {previous['id']!r} "
                f"({previous['start'].isoformat()}); instead got "
                f"{current['start'].isoformat()!r}",
            )
    return kept


def check_waypoints(
    problems: Problems, waypoints: list[Item], stop_ids: set[str]
) -> tuple[list[Item], dict[str, Mapping[str, Any]]]:
    """Waypoint ids differ from each other and from the stops'; returns those that pass,
    as they came and by id."""
    by_id = {waypoint["id"]: waypoint for _, waypoint in waypoints}
    if len(by_id) == len(waypoints) and stop_ids.isdisjoint(by_id):
        return waypoints, by_id  # the usual case, settled with the mapping the rules need
    kept: list[Item] = []
    seen: set[str] = set()
    for index, waypoint in waypoints:
        waypoint_id = waypoint["id"]
        if waypoint_id in seen or waypoint_id in stop_ids:
            problems.add(None, f"waypoints[{index}].id", f"duplicate id {waypoint_id!r} (ids of "
                         "stops and waypoints must all differ)")  # fmt: skip
            continue
        seen.add(waypoint_id)
        kept.append((index, waypoint))
    return kept, {waypoint["id"]: waypoint for _, waypoint in kept}


def check_legs(
    problems: Problems, legs: list[Item], waypoint_ids: set[str], broken: set[str]
) -> list[Item]:
    """Every waypoint a leg names exists; returns the legs that pass."""
    vias = [leg.get("via", ()) for _, leg in legs]
    if waypoint_ids.issuperset(chain.from_iterable(vias)):
        return list(legs)  # the usual case, in one set operation
    kept: list[Item] = []
    known = waypoint_ids | broken
    for (index, leg), via in zip(legs, vias, strict=True):
        if waypoint_ids.issuperset(via):
            kept.append((index, leg))
            continue
        missing = [(n, ref) for n, ref in enumerate(via) if ref not in known]
        for number, ref in missing:
            problems.add(leg["to"], f"route.legs[{index}].via[{number}]",
                         f"no waypoint has the id {ref!r}")  # fmt: skip
        if not missing and not any(ref in broken for ref in via):
            kept.append((index, leg))
    return kept


_LAT_LON: Final = itemgetter("lat", "lon")


def _coordinates(places: Iterable[Mapping[str, Any]], count: int) -> NDArray[np.float64]:
    values = chain.from_iterable(map(_LAT_LON, places))
    return np.fromiter(values, dtype=np.float64, count=2 * count).reshape(-1, 2)


def check_legs_follow_stops(
    problems: Problems,
    legs: Sequence[Item],
    stops: Sequence[Item],
    waypoints: Mapping[str, Mapping[str, Any]],
) -> None:
    """One leg per pair of consecutive stops, in order, none wildly off the straight line.

    Stops without a location (a file not geocoded yet) skip the detour check.
    """
    pairs = max(len(stops) - 1, 0)
    if len(legs) != pairs:
        problems.add(None, "route.legs", f"needs one leg per pair of consecutive stops "
                     f"({pairs}); instead got {len(legs)}")  # fmt: skip
    ids = [stop["id"] for _, stop in stops]
    joined: list[int] = []  # leg n joins stops n and n + 1
    for n, ((index, leg), origin, destination) in enumerate(
        zip(legs, ids, ids[1:], strict=False)  # extra or missing legs are reported above
    ):
        if leg["from_"] == origin and leg["to"] == destination:
            joined.append(n)
            continue
        problems.add(
            destination,
            f"route.legs[{index}]",
            f"must go from {origin!r} to {destination!r}; "
            f"instead got {leg['from_']!r} -> {leg['to']!r}",
        )
    # All legs in one vectorised pass (one call per leg costs ~50 µs of set-up), and no
    # Python loop over them: the vertices of every measured leg, leg after leg.
    located = [n for n, (_, stop) in enumerate(stops) if "location" in stop]
    places = np.full((len(stops), 2), np.nan)  # NaN: no location (a valid one never is)
    places[located] = _coordinates((stops[n][1]["location"] for n in located), len(located))
    both = np.asarray(joined, dtype=np.intp)
    measured = both[~np.isnan(places[both, 0] + places[both + 1, 0])]
    vias = [legs[n][1].get("via", ()) for n in measured.tolist()]
    counts = np.fromiter(map(len, vias), dtype=np.intp, count=len(vias)) + 2
    ends = np.cumsum(counts) - 1
    starts = ends - counts + 1
    path = np.empty((int(counts.sum()), 2))
    path[starts], path[ends] = places[measured], places[measured + 1]
    inner = np.ones(len(path), dtype=bool)
    inner[starts] = inner[ends] = False
    path[inner] = _coordinates(map(waypoints.__getitem__, chain.from_iterable(vias)),
                               len(path) - 2 * len(vias))  # fmt: skip
    straight = inverse_m(*path[starts].T, *path[ends].T) / 1000
    limit = MAX_DETOUR_FACTOR * straight + DETOUR_ALLOWANCE_KM
    # Most legs are surely within it: so is an upper bound of their length, found without
    # a geodesic (those were most of this rule's time). Only the others are measured. The
    # margin covers rounding, pyproj's (~15 nm a segment) included.
    reach = np.concatenate(([0.0], np.cumsum(_length_bound_km(path))))
    in_doubt = (reach[ends] - reach[starts]) * (1 + 1e-9) + 1e-5 > limit
    along = np.zeros(len(counts))
    along[in_doubt] = joined_lengths_m(path[np.repeat(in_doubt, counts)], counts[in_doubt]) / 1000
    for k in np.flatnonzero(along > limit).tolist():
        n = int(measured[k])
        index, leg = legs[n]
        along_km, straight_km = float(along[k]), float(straight[k])
        ends_of_leg = (LatLon(*path[starts[k]]), LatLon(*path[ends[k]]))
        farthest = max(leg["via"], key=lambda ref: _detour_km(ends_of_leg, waypoints[ref]))
        problems.add(
            ids[n + 1],
            f"route.legs[{index}].via",
            f"the leg is {along_km:,.0f} km along its waypoints but only "
            f"{straight_km:,.0f} km in a straight line; waypoint {farthest!r} looks misplaced",
        )


def _length_bound_km(path: NDArray[np.float64]) -> NDArray[np.float64]:
    """No less than the geodesic length of each segment of ``path`` (lat, lon rows), in km.

    Going along the first point's parallel, then along the meridian, stays on the
    ellipsoid, so it is no shorter than the geodesic. The parallel is a circle of radius
    N cos φ; the meridian's radius of curvature M grows with |φ|, so M at the end nearer
    a pole bounds that stretch.
    """
    lat = np.radians(path[:, 0])
    turn = np.abs(np.diff(path[:, 1]))  # differences in degrees first: exact for near points
    turn = np.radians(np.minimum(turn, 360 - turn))  # the shorter way round
    sin_first = np.sin(lat[:-1]) ** 2
    sin_polewards = np.maximum(sin_first, np.sin(lat[1:]) ** 2)
    parallel = WGS84_A / np.sqrt(1 - _E2 * sin_first) * np.cos(lat[:-1]) * turn
    meridian = WGS84_A * (1 - _E2) / (1 - _E2 * sin_polewards) ** 1.5
    meridian *= np.radians(np.abs(np.diff(path[:, 0])))
    return np.asarray((parallel + meridian) / 1000, dtype=np.float64)


def _detour_km(ends: tuple[LatLon, LatLon], waypoint: Mapping[str, Any]) -> float:
    via = LatLon(waypoint["lat"], waypoint["lon"])
    return float(path_lengths_m([(ends[0], via), (via, ends[1])]).sum()) / 1000


def check_rules(problems: Problems, accepted: Accepted) -> Accepted:
    """Run every rule; returns what passed them too."""
    stops = check_stops(problems, accepted.stops)
    stop_ids = {stop["id"] for _, stop in stops}
    waypoints, by_id = check_waypoints(problems, accepted.waypoints, stop_ids)
    broken = accepted.broken_waypoints - by_id.keys()
    every_stop = accepted.every_stop and len(stops) == len(accepted.stops)
    legs = None
    every_leg = accepted.every_leg
    if accepted.legs is not None:
        legs = check_legs(problems, accepted.legs, set(by_id), broken)
        every_leg = every_leg and len(legs) == len(accepted.legs)
        if every_stop and every_leg:
            check_legs_follow_stops(problems, legs, stops, by_id)
    return Accepted(accepted.header, stops, waypoints, accepted.route, legs, every_stop, every_leg)
