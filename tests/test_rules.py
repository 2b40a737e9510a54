"""The detour rule measures with geodesics only the legs that might break it.

Its shortcut is an upper bound of a segment's length; the rule is right as long as the
bound is never below the geodesic (geopy's, the reference), anywhere on the globe. Then
the legs it flags are exactly those longer, by geopy, than the limit.
"""

from __future__ import annotations

import random
from itertools import pairwise
from typing import Any

import numpy as np
from geopy.distance import geodesic
from hypothesis import given, settings
from hypothesis import strategies as st

from itinerary.format.limits import DETOUR_ALLOWANCE_KM, MAX_DETOUR_FACTOR
from itinerary.format.problems import Problems
from itinerary.format.rules import _length_bound_km, check_legs_follow_stops

_LAT = st.floats(-90, 90)
_LON = st.floats(-180, 180)
# Near a pole, across the antimeridian, or anywhere.
_POINTS = st.one_of(
    st.tuples(st.floats(85, 90) | st.floats(-90, -85), _LON),
    st.tuples(_LAT, st.floats(175, 180) | st.floats(-180, -175)),
    st.tuples(_LAT, _LON),
)


@given(start=_POINTS, end=_POINTS, near=st.booleans())
@settings(max_examples=400, deadline=None)
def test_the_bound_is_never_below_the_geodesic(
    start: tuple[float, float], end: tuple[float, float], near: bool
) -> None:
    if near:  # a short segment, as most of a railway's are
        end = (min(90.0, max(-90.0, start[0] + (end[0] - start[0]) / 1e4)), start[1] + 1e-3)
    bound = float(_length_bound_km(np.array([start, end]))[0])
    # Equal where the path is the geodesic (on the equator), so up to rounding: the rule
    # allows a billionth and a centimetre more.
    assert bound >= geodesic(start, end).km * (1 - 1e-12) - 1e-12


def _route(rng: random.Random) -> tuple[list[Any], list[Any], dict[str, Any]]:
    """Three stops around a random place, legs through waypoints scattered around it."""
    lat, lon, spread = rng.uniform(-88, 88), rng.uniform(-180, 180), rng.choice([0.5, 5, 40])

    def around(scale: float) -> dict[str, float]:
        return {
            "lat": max(-90.0, min(90.0, lat + rng.uniform(-scale, scale))),
            "lon": (lon + rng.uniform(-scale, scale) + 180) % 360 - 180,
        }

    stops = [(n, {"id": f"s{n}", "location": around(spread)}) for n in range(3)]
    waypoints: dict[str, Any] = {}
    legs = []
    for n in range(2):
        via = [f"w{n}-{k}" for k in range(rng.choice([0, 1, 3, 8]))]
        waypoints.update((ref, around(spread * rng.choice([0.5, 1, 3]))) for ref in via)
        legs.append((n, {"from_": f"s{n}", "to": f"s{n + 1}", "via": via}))
    return stops, legs, waypoints


def test_the_legs_flagged_are_those_longer_than_the_limit_by_geopy() -> None:
    rng = random.Random(20230912)
    flagged = passed = 0
    for _ in range(300):
        stops, legs, waypoints = _route(rng)
        problems = Problems("f.json", {})
        check_legs_follow_stops(problems, legs, stops, waypoints)
        found = {p.field for p in problems.kept}
        for n, leg in legs:
            places = [
                stops[n][1]["location"],
                *(waypoints[ref] for ref in leg["via"]),
                stops[n + 1][1]["location"],
            ]
            points = [(place["lat"], place["lon"]) for place in places]
            along = sum(geodesic(a, b).km for a, b in pairwise(points))
            limit = MAX_DETOUR_FACTOR * geodesic(points[0], points[-1]).km + DETOUR_ALLOWANCE_KM
            if abs(along - limit) < 1e-6 * limit:
                continue  # too close to call between two implementations of Karney's method
            assert (f"route.legs[{n}].via" in found) == (along > limit), (points, along, limit)
            flagged += along > limit
            passed += along <= limit
    assert flagged > 50 and passed > 50  # both sides of the limit were tried
