"""The rules a single field cannot state, run on what the schema accepted.

Each item arrives with its index in the file, so problems point at the right place.
An item that breaks a rule is set aside like one the schema refused, so that it is
reported once: a broken stop is not reported again as a broken leg, and a leg that
names a broken waypoint is not checked against the stops.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import numpy as np
from numpy.typing import NDArray

from itinerary.format.limits import DETOUR_ALLOWANCE_KM, MAX_DETOUR_FACTOR
from itinerary.format.problems import Problems, stop_label
from itinerary.geo.geodesy import inverse_m, joined_lengths_m, path_lengths_m
from itinerary.model import LatLon

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
        label = stop_label(stop, index)
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


def check_waypoints(problems: Problems, waypoints: list[Item], stop_ids: set[str]) -> list[Item]:
    """Waypoint ids differ from each other and from the stops'; returns those that pass."""
    ids = [waypoint["id"] for _, waypoint in waypoints]
    if len(set(ids)) == len(ids) and stop_ids.isdisjoint(ids):
        return waypoints  # the usual case, settled with two set operations
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
    return kept


def check_legs(
    problems: Problems, legs: list[Item], waypoint_ids: set[str], broken: set[str]
) -> list[Item]:
    """Every waypoint a leg names exists; returns the legs that pass."""
    kept: list[Item] = []
    known = waypoint_ids | broken
    for index, leg in legs:
        via = leg.get("via", ())
        if waypoint_ids.issuperset(via):  # the usual case, in one set operation
            kept.append((index, leg))
            continue
        missing = [(n, ref) for n, ref in enumerate(via) if ref not in known]
        for number, ref in missing:
            problems.add(leg["to"], f"route.legs[{index}].via[{number}]",
                         f"no waypoint has the id {ref!r}")  # fmt: skip
        if not missing and not any(ref in broken for ref in via):
            kept.append((index, leg))
    return kept


def _coordinates(places: Sequence[Mapping[str, Any]]) -> NDArray[np.float64]:
    values = (place[axis] for place in places for axis in ("lat", "lon"))
    return np.fromiter(values, dtype=np.float64, count=2 * len(places)).reshape(-1, 2)


def check_legs_follow_stops(
    problems: Problems,
    legs: Sequence[Item],
    stops: Sequence[Item],
    waypoints: Mapping[str, Mapping[str, Any]],
) -> None:
    """One leg per pair of consecutive stops, in order, none wildly off the straight line.

    Stops without a location (a file not geocoded yet) skip the detour check.
    """
    expected = list(pairwise(range(len(stops))))
    if len(legs) != len(expected):
        problems.add(None, "route.legs", f"needs one leg per pair of consecutive stops "
                     f"({len(expected)}); instead got {len(legs)}")  # fmt: skip
    # Every point once, in one array: the stops' locations, then the waypoints.
    located = [n for n, (_, stop) in enumerate(stops) if "location" in stop]
    row: dict[int | str, int] = dict(zip(located, range(len(located)), strict=True))
    row.update(zip(waypoints, range(len(located), len(located) + len(waypoints)), strict=True))
    points = np.concatenate(
        (
            _coordinates([stops[n][1]["location"] for n in located]),
            _coordinates(list(waypoints.values())),
        )
    )
    measured: list[tuple[int, Mapping[str, Any], str]] = []
    path: list[int] = []  # the rows of every measured leg's vertices, leg after leg
    sizes: list[int] = []
    for (index, leg), (first, second) in zip(legs, expected, strict=False):
        origin, destination = stops[first][1], stops[second][1]
        if (leg["from_"], leg["to"]) != (origin["id"], destination["id"]):
            problems.add(
                destination["id"],
                f"route.legs[{index}]",
                f"must go from {origin['id']!r} to {destination['id']!r}; "
                f"instead got {leg['from_']!r} -> {leg['to']!r}",
            )
            continue
        if first in row and second in row:
            via = leg.get("via", ())
            path += [row[first], *(row[ref] for ref in via), row[second]]
            sizes.append(len(via) + 2)
            measured.append((index, leg, destination["id"]))
    # All legs in one vectorised pass: one call per leg costs ~50 µs of set-up.
    rows, counts = np.asarray(path, dtype=np.intp), np.asarray(sizes, dtype=np.intp)
    along = joined_lengths_m(points[rows], counts) / 1000
    ends = np.cumsum(counts) - 1
    starts = ends - counts + 1
    straight = inverse_m(*points[rows[starts]].T, *points[rows[ends]].T) / 1000
    for (index, leg, owner), along_km, straight_km, start, end in zip(
        measured, along.tolist(), straight.tolist(), rows[starts], rows[ends], strict=True
    ):
        if along_km > MAX_DETOUR_FACTOR * straight_km + DETOUR_ALLOWANCE_KM:
            ends_of_leg = (LatLon(*points[start]), LatLon(*points[end]))
            farthest = max(leg["via"], key=lambda ref: _detour_km(ends_of_leg, waypoints[ref]))
            problems.add(
                owner,
                f"route.legs[{index}].via",
                f"the leg is {along_km:,.0f} km along its waypoints but only "
                f"{straight_km:,.0f} km in a straight line; waypoint {farthest!r} looks misplaced",
            )


def _detour_km(ends: tuple[LatLon, LatLon], waypoint: Mapping[str, Any]) -> float:
    via = LatLon(waypoint["lat"], waypoint["lon"])
    return float(path_lengths_m([(ends[0], via), (via, ends[1])]).sum()) / 1000


def check_rules(problems: Problems, accepted: Accepted) -> Accepted:
    """Run every rule; returns what passed them too."""
    stops = check_stops(problems, accepted.stops)
    stop_ids = {stop["id"] for _, stop in stops}
    waypoints = check_waypoints(problems, accepted.waypoints, stop_ids)
    by_id = {waypoint["id"]: waypoint for _, waypoint in waypoints}
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
