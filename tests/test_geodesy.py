"""The vectorised geodesic equals geopy's (Karney's, the reference) on real and synthetic lines.

Both are Karney's method (pyproj's C GeographicLib against geopy's Python geographiclib), so
they differ only by rounding. Stated tolerance: per segment |fast - geopy| ≤ 1e-8 m + 1e-11 ×
length; per path (a leg) 1e-9 relative.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest
from geopy.distance import geodesic
from hypothesis import given, settings
from hypothesis import strategies as st

from itinerary.format.loader import load_journey
from itinerary.geo.geodesy import inverse_m, path_length_m, path_lengths_m
from itinerary.geo.route import build_route, path_km
from itinerary.model import LatLon
from scripts.synthetic import journey_text
from tests.conftest import MINI, ROOT

SEGMENT_ABS_M = 1e-8
SEGMENT_REL = 1e-11
PATH_REL = 1e-9


def reference_m(points: tuple[LatLon, ...] | list[LatLon]) -> float:
    return float(sum(geodesic(a, b).m for a, b in pairwise(points)))


def assert_segment_close(fast: float, reference: float) -> None:
    assert abs(fast - reference) <= SEGMENT_ABS_M + SEGMENT_REL * reference, (fast, reference)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ((52.5, 13.4), (52.5, 13.4)),
        ((52.5, 13.4), (52.5000001, 13.4000001)),
        ((55.75, 37.62), (55.7501, 37.62)),
        ((0.0, 0.0), (0.0, 1.0)),
        ((0.0, 0.0), (0.0, 90.0)),
        ((-10.0, 20.0), (10.0, 20.0)),
        ((64.0, 179.9), (64.1, -179.8)),
        ((89.999, 0.0), (89.999, 180.0)),
        ((90.0, 0.0), (-90.0, 0.0)),
        ((39.015, 125.75), (43.11, 131.88)),
        ((52.52, 13.37), (43.11, 131.88)),
        ((0.0, 0.0), (0.5, 179.7)),
        ((0.0, 0.0), (0.0, 179.9)),
        ((10.0, 0.0), (-10.0, 180.0)),
    ],
    ids=[
        "same point: zero, not NaN",
        "1 cm: rounding must not swamp a short segment",
        "11 m along a meridian (λ = 0, α = 0)",
        "along the equator (cos²α = 0 branch)",
        "quarter of the equator",
        "across the equator",
        "across the antimeridian: 179.9 to -179.8 is 0.3° apart",
        "past the pole",
        "pole to pole",
        "Pyongyang to Vladivostok (a real leg's span)",
        "Berlin to Vladivostok (the synthetic tour's span)",
        "nearly antipodal (where Vincenty's method fails to converge)",
        "antipodal along the equator",
        "exactly antipodal, off the equator",
    ],
)
def test_pairs_match_geopy(a: tuple[float, float], b: tuple[float, float]) -> None:
    fast = float(inverse_m(a[0], a[1], b[0], b[1]))
    assert_segment_close(fast, geodesic(a, b).m)


@settings(max_examples=300, deadline=None)
@given(
    lat=st.floats(-90, 90),
    lon=st.floats(-180, 180),
    dlat=st.floats(-5, 5),
    dlon=st.floats(-5, 5),
    scale=st.sampled_from([1e-6, 1e-3, 1.0, 30.0]),
)
def test_random_pairs_match_geopy(
    lat: float, lon: float, dlat: float, dlon: float, scale: float
) -> None:
    lat2 = min(90.0, max(-90.0, lat + dlat * scale))
    lon2 = lon + dlon * scale
    fast = float(inverse_m(lat, lon, lat2, lon2))
    assert_segment_close(fast, geodesic((lat, lon), (lat2, lon2)).m)


@pytest.mark.parametrize(
    "paths",
    [
        [],
        [()],
        [(LatLon(1, 2),)],
        [(), (LatLon(1, 2), LatLon(1, 3)), ()],
        [(LatLon(1, 2), LatLon(1, 3)), (LatLon(50, 60), LatLon(51, 60), LatLon(51, 61))],
        [(LatLon(1, 2), LatLon(1, 3)), (LatLon(1, 3),), (LatLon(1, 3), LatLon(1, 2))],
    ],
    ids=[
        "no paths",
        "an empty path is 0",
        "a single point is 0",
        "empty paths around a real one: nothing leaks across",
        "the jump between two paths is not counted",
        "shared end points, as consecutive legs have",
    ],
)
def test_batched_lengths_equal_one_by_one(paths: list[tuple[LatLon, ...]]) -> None:
    batched = path_lengths_m(paths).tolist()
    assert batched == [pytest.approx(reference_m(path), rel=PATH_REL, abs=1e-9) for path in paths]
    assert batched == [path_length_m(path) for path in paths]


def leg_geometry(path: Path) -> list[tuple[LatLon, ...]]:
    return [leg.points for leg in build_route(load_journey(path)).legs]


REAL_FILES = [*sorted((ROOT / "data").glob("*.yaml")), MINI]


@pytest.mark.parametrize("path", REAL_FILES, ids=[p.name for p in REAL_FILES])
def test_real_legs_match_geopy(path: Path) -> None:
    legs = build_route(load_journey(path)).legs
    assert legs
    for leg in legs:
        assert leg.km == pytest.approx(reference_m(leg.points) / 1000, rel=PATH_REL)
        assert path_km(leg.points) == leg.km


@pytest.fixture(scope="module")
def synthetic_legs(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[LatLon, ...]]:
    # Same generator as the benchmark, smaller: 400 stops on a 6,000-vertex tour of Eurasia.
    path = tmp_path_factory.mktemp("synthetic") / "journey.yaml"
    path.write_text(journey_text(stops=400, route_vertices=6_000), encoding="utf-8")
    return leg_geometry(path)


def test_synthetic_legs_match_geopy(synthetic_legs: list[tuple[LatLon, ...]]) -> None:
    fast = path_lengths_m(synthetic_legs)
    reference = np.array([reference_m(points) for points in synthetic_legs])
    assert len(synthetic_legs) == 399
    np.testing.assert_allclose(fast, reference, rtol=PATH_REL, atol=1e-9)
    # And the whole tour (~12,000 km) to the same relative tolerance.
    assert fast.sum() == pytest.approx(reference.sum(), rel=PATH_REL)


def test_segments_are_not_worse_than_the_stated_bound(
    synthetic_legs: list[tuple[LatLon, ...]],
) -> None:
    points = np.array([p for leg in synthetic_legs for p in leg])
    fast = inverse_m(points[:-1, 0], points[:-1, 1], points[1:, 0], points[1:, 1])
    for (a, b), length in zip(pairwise(points.tolist()), fast.tolist(), strict=True):
        assert_segment_close(length, geodesic(a, b).m)
