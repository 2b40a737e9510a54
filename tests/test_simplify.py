"""simplify_line keeps its promise: every dropped vertex within tolerance_m of what is drawn.

The check is independent of the implementation: it draws each chord as Leaflet does (straight
in spherical Web Mercator, the textbook ln tan formula), walks along it, and measures true
WGS84 geodesic distances with geographiclib (dense samples, then a golden-section search).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise

import pytest
from geographiclib.geodesic import Geodesic
from hypothesis import given, settings
from hypothesis import strategies as st

from itinerary.geo.simplify import simplify_line, simplify_lines
from itinerary.model import LatLon
from scripts.synthetic import tour_points

RADIUS = 6_378_137.0  # EPSG:3857's sphere, as Leaflet's L.Projection.SphericalMercator
WGS84 = Geodesic.WGS84
SAMPLES = 48
# What the checker itself may be off by: float rounding and the search's last bracket.
SLACK_M = 1e-6


def to_mercator(point: LatLon) -> tuple[float, float]:
    return (
        RADIUS * math.radians(point.lon),
        RADIUS * math.log(math.tan(math.pi / 4 + math.radians(point.lat) / 2)),
    )


def from_mercator(x: float, y: float) -> tuple[float, float]:
    return math.degrees(2 * math.atan(math.exp(y / RADIUS)) - math.pi / 2), math.degrees(x / RADIUS)


def distance_to_drawn_chord_m(point: LatLon, a: LatLon, b: LatLon) -> float:
    """Geodesic metres from point to the nearest point of the chord a-b as Leaflet draws it."""
    (ax, ay), (bx, by) = to_mercator(a), to_mercator(b)

    def at(t: float) -> float:
        lat, lon = from_mercator(ax + t * (bx - ax), ay + t * (by - ay))
        distance: float = WGS84.Inverse(point.lat, point.lon, lat, lon, Geodesic.DISTANCE)["s12"]
        return distance

    samples = [at(i / SAMPLES) for i in range(SAMPLES + 1)]
    best = min(range(SAMPLES + 1), key=samples.__getitem__)
    # Golden-section search in the brackets either side of the best sample, down to ~1e-9 m.
    lo, hi = max(0, best - 1) / SAMPLES, min(SAMPLES, best + 1) / SAMPLES
    ratio = (math.sqrt(5) - 1) / 2
    left, right = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
    at_left, at_right = at(left), at(right)
    for _ in range(75):
        if at_left < at_right:
            hi, right, at_right = right, left, at_left
            left = hi - ratio * (hi - lo)
            at_left = at(left)
        else:
            lo, left, at_left = left, right, at_right
            right = lo + ratio * (hi - lo)
            at_right = at(right)
    return min(samples[best], at_left, at_right)


def kept_indices(original: Sequence[LatLon], simplified: Sequence[LatLon]) -> list[int]:
    """Where each kept point sits in the original: it must be a subsequence of the same objects."""
    indices, start = [], 0
    for point in simplified:
        index = next(i for i in range(start, len(original)) if original[i] is point)
        indices.append(index)
        start = index + 1
    return indices


def worst_deviation_m(original: Sequence[LatLon], simplified: Sequence[LatLon]) -> float:
    """The largest distance of a dropped vertex from the chord that replaced it (0 if none)."""
    kept = kept_indices(original, simplified)
    worst = 0.0
    for a, b in pairwise(kept):
        for i in range(a + 1, b):
            distance = distance_to_drawn_chord_m(original[i], original[a], original[b])
            worst = max(worst, distance)
    return worst


def assert_bound_holds(points: Sequence[LatLon], tolerance_m: float) -> tuple[LatLon, ...]:
    simplified = simplify_line(points, tolerance_m)
    if points:
        assert simplified[0] is points[0] and simplified[-1] is points[-1]
    assert worst_deviation_m(points, simplified) <= tolerance_m + SLACK_M
    return simplified


def offset(origin: LatLon, azimuth: float, metres: float) -> LatLon:
    moved = WGS84.Direct(origin.lat, origin.lon, azimuth, metres)
    return LatLon(moved["lat2"], moved["lon2"])


def geodesic_midpoint(a: LatLon, b: LatLon) -> LatLon:
    line = WGS84.InverseLine(a.lat, a.lon, b.lat, b.lon)
    middle = line.Position(line.s13 / 2)
    return LatLon(middle["lat2"], middle["lon2"])


@pytest.mark.parametrize(
    ("lat", "tolerance_m", "azimuth", "share", "kept"),
    [
        (0.0, 10.0, 90.0, 0.95, False),
        (0.0, 10.0, 90.0, 1.05, True),
        (45.0, 10.0, 90.0, 0.95, False),
        (45.0, 10.0, 90.0, 1.05, True),
        (70.0, 1000.0, 90.0, 0.95, False),
        (70.0, 1000.0, 90.0, 1.05, True),
        (-60.0, 50.0, 270.0, 0.95, False),
        (-60.0, 50.0, 270.0, 1.05, True),
    ],
    ids=[
        "equator, 5% inside: dropped",
        "equator, 5% outside: kept",
        "45°N, inside: dropped (Mercator stretches 1.4×; the bound undoes it)",
        "45°N, outside: kept",
        "70°N, 1 km, inside: dropped (stretch 2.9×)",
        "70°N, 1 km, outside: kept",
        "60°S, west of the chord, inside: dropped",
        "60°S, west of the chord, outside: kept",
    ],
)
def test_the_bound_is_tight_across_a_meridian(
    lat: float, tolerance_m: float, azimuth: float, share: float, kept: bool
) -> None:
    # A meridian is straight in Mercator, so the drawn chord is the meridian itself and a
    # vertex moved sideways by s metres is s metres from it.
    a, b = LatLon(lat - 0.05, 30.0), LatLon(lat + 0.05, 30.0)
    side = offset(LatLon(lat, 30.0), azimuth, share * tolerance_m)
    simplified = assert_bound_holds((a, side, b), tolerance_m)
    assert (side in simplified) is kept


@pytest.mark.parametrize(
    ("share", "kept"),
    [(0.95, False), (1.05, True)],
    ids=["inside: dropped (north-south, N/M = 1.0067 of slack)", "outside: kept"],
)
def test_the_bound_is_tight_across_the_equator(share: float, kept: bool) -> None:
    a, b = LatLon(0.0, 10.0), LatLon(0.0, 10.2)
    side = offset(LatLon(0.0, 10.1), 0.0, share * 100.0)
    assert (side in assert_bound_holds((a, side, b), 100.0)) is kept


A, B = LatLon(60.0, 10.0), LatLon(60.0, 20.0)
ZIGZAG = tuple(LatLon(50.0 + 0.001 * (i % 2), 30.0 + 0.01 * i) for i in range(20))
LOOP = (
    LatLon(55.0, 37.0),
    LatLon(55.1, 37.1),
    LatLon(55.2, 37.0),
    LatLon(55.1, 36.9),
    LatLon(55.0, 37.0),
)
TABLE: list[tuple[tuple[LatLon, ...], float, int, str]] = [
    ((), 10.0, 0, "empty: nothing to keep"),
    ((LatLon(1, 2),), 10.0, 1, "one point is its own line"),
    ((LatLon(1, 2), LatLon(3, 4)), 1e9, 2, "two points: both ends stay, whatever the tolerance"),
    (
        (LatLon(50, 10), LatLon(50.3, 10), LatLon(50.7, 10), LatLon(51, 10)),
        1.0,
        2,
        "along a meridian: straight when drawn, so the middle goes",
    ),
    (
        (LatLon(50, 10), LatLon(50, 10), LatLon(50.5, 10.5), LatLon(50.5, 10.5)),
        1.0,
        2,
        "repeated points are zero metres from the chord",
    ),
    (ZIGZAG, 10.0, 20, "a 111 m zigzag against 10 m: every vertex stays"),
    (ZIGZAG, 1000.0, 2, "the same zigzag against 1 km: only the ends"),
    (ZIGZAG, 0.0, 20, "tolerance 0 keeps everything off the chord"),
    (LOOP, 100.0, 5, "a closed loop: the chord is a point; the far side, then both flanks stay"),
    (LOOP, 50_000.0, 2, "a loop within the tolerance collapses to its ends: the bound allows it"),
    (
        (A, geodesic_midpoint(A, B), B),
        1000.0,
        3,
        "on the geodesic but 37 km off the drawn (rhumb) chord at 60°N: kept",
    ),
    (
        (LatLon(0, 179.9), LatLon(0.001, -179.95), LatLon(0, -179.9)),
        1000.0,
        3,
        "across the antimeridian: 3 km from either end, but Leaflet draws the long way: kept",
    ),
]


@pytest.mark.parametrize(
    ("points", "tolerance_m", "count"),
    [row[:3] for row in TABLE],
    ids=[row[3] for row in TABLE],
)
def test_table(points: tuple[LatLon, ...], tolerance_m: float, count: int) -> None:
    assert len(assert_bound_holds(points, tolerance_m)) == count


@pytest.mark.parametrize(
    "tolerance_m",
    [-1.0, math.nan, math.inf],
    ids=["negative", "NaN", "infinite"],
)
def test_tolerance_must_be_a_finite_non_negative_number(tolerance_m: float) -> None:
    with pytest.raises(ValueError, match="tolerance_m"):
        simplify_line(ZIGZAG, tolerance_m)


@st.composite
def walks(draw: st.DrawFn) -> tuple[LatLon, ...]:
    """Random walks at every scale from metres to hundreds of kilometres, pole to pole."""
    scale = draw(st.sampled_from([1e-4, 1e-3, 1e-2, 0.3]))
    lat = draw(st.floats(-80, 80))
    lon = draw(st.floats(-170, 170))
    steps = draw(st.lists(st.tuples(st.floats(-1, 1), st.floats(-1, 1)), max_size=30))
    points = [LatLon(lat, lon)]
    for dlat, dlon in steps:
        lat = min(84.0, max(-84.0, lat + dlat * scale))
        points.append(LatLon(lat, lon := lon + dlon * scale))
    return tuple(points)


@settings(max_examples=200, deadline=None)
@given(points=walks(), tolerance_m=st.sampled_from([0.0, 1.0, 30.0, 1000.0, 50_000.0]))
def test_random_walks_keep_the_bound(points: tuple[LatLon, ...], tolerance_m: float) -> None:
    assert_bound_holds(points, tolerance_m)


@settings(max_examples=30, deadline=None)
@given(lines=st.lists(walks(), max_size=6), tolerance_m=st.sampled_from([1.0, 100.0]))
def test_many_lines_at_once_equal_one_at_a_time(
    lines: list[tuple[LatLon, ...]], tolerance_m: float
) -> None:
    assert simplify_lines(lines, tolerance_m) == tuple(
        simplify_line(line, tolerance_m) for line in lines
    )


def test_the_benchmark_route_keeps_the_bound() -> None:
    # The 100,000-vertex synthetic tour: every dropped vertex of 10 chords spread along it.
    points = tour_points()
    simplified = simplify_line(points, 25.0)
    assert len(simplified) < len(points) / 2  # a railway at ~125 m spacing simplifies well
    kept = kept_indices(points, simplified)
    chords = [(a, b) for a, b in pairwise(kept) if b > a + 1]
    for a, b in chords[:: max(1, len(chords) // 10)]:
        for i in range(a + 1, b):
            distance = distance_to_drawn_chord_m(points[i], points[a], points[b])
            assert distance <= 25.0 + SLACK_M
