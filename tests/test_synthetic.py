"""The benchmark's synthetic journeys: deterministic, valid, and shaped as promised."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from itinerary.filtering import StopFilter, filter_stops
from itinerary.format.limits import MAX_FILE_BYTES
from itinerary.format.loader import load_journey
from itinerary.geo.route import build_route
from itinerary.model import Journey
from itinerary.topics import TOPIC_KEYS
from scripts.synthetic import TOUR, journey_text, tour_points, write_journey


def load(tmp_path: Path, stops: int, vertices: int, seed: int = 7) -> Journey:
    return load_journey(write_journey(tmp_path, stops, vertices, seed))


@pytest.mark.parametrize(
    ("stops", "vertices"),
    [(2, 500), (300, 5_000), (1_000, 3_000), (400, 400)],
    ids=[
        "two stops: one leg carries the whole tour (and passes the detour check)",
        "sparse stops: long legs with many waypoints",
        "dense stops: a third of all vertices",
        "every vertex a stop: no waypoints, every leg a straight road hop",
    ],
)
def test_files_are_valid_and_have_the_asked_shape(
    tmp_path: Path, stops: int, vertices: int
) -> None:
    journey = load(tmp_path, stops, vertices)
    route = build_route(journey)
    assert len(journey.stops) == stops
    assert len(journey.waypoints) == vertices - stops
    # The legs, joined at their shared stops, are the tour: `vertices` distinct points.
    joined = [point for leg in route.legs for point in leg.points[:-1]] + [
        route.legs[-1].points[-1]
    ]
    assert len(joined) == vertices
    assert tuple(joined) == tour_points(vertices, seed=7)
    assert journey.stops[0].point == (TOUR[0].lat, TOUR[0].lon)
    assert journey.stops[-1].point == (TOUR[-1].lat, TOUR[-1].lon)


def test_the_same_arguments_give_the_same_bytes() -> None:
    assert journey_text(200, 4_000) == journey_text(200, 4_000)
    assert journey_text(200, 4_000, seed=1) != journey_text(200, 4_000, seed=2)


def test_topics_cycle_so_every_filter_change_matters(tmp_path: Path) -> None:
    journey = load(tmp_path, 1_100, 4_000)
    assert [stop.topics[0] for stop in journey.stops[:11]] == list(TOPIC_KEYS)
    firsts = Counter(stop.topics[0] for stop in journey.stops)
    assert set(firsts.values()) == {100}
    everything = len(journey.stops)
    for topic in TOPIC_KEYS:
        without = filter_stops(journey.stops, StopFilter(topics=frozenset(TOPIC_KEYS) - {topic}))
        # Stops whose only topic it is disappear: roughly 3/4 of its 1/11 share.
        assert 0.05 * everything < everything - len(without) < 0.1 * everything


@pytest.mark.parametrize(
    ("stops", "vertices"),
    [(1_000, 100_000), (10_000, 100_000)],
    ids=["1k stops: the benchmark's middle case", "10k stops: the largest case"],
)
def test_benchmark_sizes_fit_the_loaders_file_limit(stops: int, vertices: int) -> None:
    # Loading these takes the YAML parser many seconds (see BENCHMARKS.md), so the full-size
    # files are checked for size here and for validity by the benchmark itself.
    text = journey_text(stops, vertices)
    assert len(text.encode("utf-8")) < MAX_FILE_BYTES
    assert text.count("\n  - {id: s") == stops
    assert text.count("\n  - {id: w") == vertices - stops


@pytest.mark.parametrize(
    ("stops", "vertices"),
    [(1, 100), (101, 100)],
    ids=["a journey needs two ends", "more stops than route vertices"],
)
def test_impossible_shapes_are_refused(stops: int, vertices: int) -> None:
    with pytest.raises(ValueError, match="stops"):
        journey_text(stops, vertices)
