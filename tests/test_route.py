"""Route geometry: legs follow their waypoints and are measured with geopy's geodesic."""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise

import pytest
from geopy.distance import geodesic

from itinerary.format.loader import load_journey
from itinerary.geo.route import RouteSummary, build_route, path_km
from itinerary.model import LatLon
from tests.conftest import MINI


@pytest.fixture(scope="module")
def route() -> RouteSummary:
    return build_route(load_journey(MINI))


def test_legs_join_consecutive_stops_through_their_waypoints(route: RouteSummary) -> None:
    first, second = route.legs
    assert (first.origin.id, first.destination.id) == ("alpha", "beta")
    assert first.points == (
        LatLon(43.80, 131.95),
        LatLon(45.0, 133.0),
        LatLon(47.0, 134.5),
        LatLon(48.49, 135.06),
    )
    assert first.via_names == ("South junction", "North station")
    assert second.points == (LatLon(48.49, 135.06), LatLon(48.45, 135.10))


def test_distance_is_the_geodesic_sum_along_the_line(route: RouteSummary) -> None:
    first = route.legs[0]
    expected = sum(geodesic(a, b).km for a, b in pairwise(first.points))
    assert first.km == pytest.approx(expected)
    # Along the waypoints is longer than the straight chord between the stops.
    assert first.km > geodesic(first.points[0], first.points[-1]).km
    assert route.rail_km == pytest.approx(first.km)
    assert route.road_km == pytest.approx(route.legs[1].km)


def test_duration_runs_from_departure_to_arrival(route: RouteSummary) -> None:
    # alpha has no end, so the leg starts at its start; beta starts 26 h later.
    assert route.legs[0].duration == timedelta(hours=26)
    # gamma's time is known only to the day: no honest duration.
    assert route.legs[1].duration is None


def test_lookup_helpers(route: RouteSummary) -> None:
    assert route.leg_into("alpha") is None
    assert route.leg_into("gamma") is route.legs[1]
    assert route.longest is route.legs[0]


@pytest.mark.parametrize(
    ("points", "km"),
    [
        ((), 0.0),
        ((LatLon(0, 0),), 0.0),
        ((LatLon(0, 0), LatLon(0, 1)), 111.319),
        ((LatLon(0, 0), LatLon(0, 1), LatLon(0, 0)), 2 * 111.319),
    ],
    ids=["empty", "one point", "one degree of equator", "there and back"],
)
def test_path_km(points: tuple[LatLon, ...], km: float) -> None:
    assert path_km(points) == pytest.approx(km, abs=0.01)
