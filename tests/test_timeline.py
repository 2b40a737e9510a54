"""The timeline charts: what they plot, in which time, how they fit, how a click is read back."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Any

import jsonschema
import pytest
from altair.vegalite.v6.schema import load_schema

from itinerary.format.loader import load_journey
from itinerary.geo.route import build_route
from itinerary.model import Journey
from itinerary.topics import TOPIC_BY_KEY
from itinerary.views.periods import period_rows, summary_period
from itinerary.views.text import short_date, stop_number
from itinerary.views.timeline import (
    LABEL_SLOTS,
    POINT_LIMIT,
    is_selectable,
    label_lanes,
    leg_rows,
    picked_stop,
    stop_rows,
    stops_per_period_chart,
    time_domain,
    timeline_chart,
    vega_shape,
)
from scripts.synthetic import write_journey
from tests.conftest import MINI, REAL_JOURNEY

JOURNEY = load_journey(MINI)
ROUTE = build_route(JOURNEY)
REAL = load_journey(REAL_JOURNEY)
REAL_ROUTE = build_route(REAL)


def test_stops_are_placed_at_their_local_time_and_day() -> None:
    rows = stop_rows(JOURNEY, {"alpha", "gamma"}, "gamma")
    assert [(r["id"], r["at"], r["day"], r["offset"], r["selected"]) for r in rows] == [
        ("alpha", "2023-09-12T06:00:00Z", "2023-09-12", "UTC+10", False),
        ("gamma", "2023-09-14T10:00:00Z", "2023-09-14", "UTC+10", True),
    ]


def test_every_stop_is_on_the_same_day_in_the_timeline_as_in_the_table() -> None:
    """Khasan (06:00 UTC+10 on 12 Sep) was on 11 Sep in the UTC timeline."""
    rows = stop_rows(REAL, {stop.id for stop in REAL.stops}, None)
    for stop, row in zip(REAL.stops, rows, strict=True):
        day = date.fromisoformat(row["at"][:10])
        assert f"{day.day} {day:%b %Y}" == short_date(stop), stop.id
        assert row["day"] == day.isoformat()
    khasan = next(row for row in rows if row["id"] == "khasan-arrival")
    assert khasan["at"] == "2023-09-12T06:00:00Z"


def test_the_time_axis_says_it_is_local_and_names_the_offsets() -> None:
    spec = timeline_chart(REAL, REAL_ROUTE, [], None)
    titles = {layer["encoding"]["x"].get("title") for layer in spec["layer"]}
    assert titles == {"Local time at each stop (UTC+9, UTC+10)"}


def test_legs_run_from_local_departure_to_local_arrival() -> None:
    rail, road = leg_rows(ROUTE)
    assert (rail["from"], rail["to"], rail["track"]) == (
        "2023-09-12T06:00:00Z", "2023-09-13T08:00:00Z", "Rail legs"
    )  # fmt: skip
    assert road["from"] == "2023-09-13T12:00:00Z"  # beta's end, not its start
    assert road["track"] == "Road legs"


VEGA_LITE = load_schema()


def test_the_chart_is_valid_vega_lite_with_a_click_selection() -> None:
    spec = timeline_chart(JOURNEY, ROUTE, [s.id for s in JOURNEY.stops], None)
    jsonschema.validate(spec, VEGA_LITE)
    (param,) = spec["params"]
    assert (param["name"], param["select"]["fields"], param["select"]["on"]) == (
        "pick", ["id"], "click"
    )  # fmt: skip
    assert param["views"] == [spec["layer"][1]["name"]]  # the stop points


@pytest.mark.parametrize("visible", [[], ["beta"]], ids=["no stop visible", "one stop visible"])
def test_a_filtered_view_is_still_a_valid_chart(visible: list[str]) -> None:
    for spec in (
        timeline_chart(JOURNEY, ROUTE, visible, None),
        stops_per_period_chart(JOURNEY, visible),
    ):
        jsonschema.validate(spec, VEGA_LITE)
        assert len(spec["data"]["values"]) == len(visible)


def test_the_stop_number_shown_is_stop_number() -> None:
    rows = stop_rows(REAL, {stop.id for stop in REAL.stops}, None)
    assert [row["seq"] for row in rows] == [stop_number(stop) for stop in REAL.stops]
    assert [row["label"] for row in rows] == [str(stop_number(stop)) for stop in REAL.stops]


def _gap(journey: Journey) -> timedelta:
    first, last = time_domain(journey)
    return (last - first) / LABEL_SLOTS


def test_no_two_numbers_on_the_timeline_are_closer_than_a_label() -> None:
    """'4 5' and '8 9 10 11' overprinted each other on one line."""
    rows = stop_rows(REAL, {stop.id for stop in REAL.stops}, None)
    lanes: dict[str, list[datetime]] = {}
    for row in rows:
        if row["label"]:
            lanes.setdefault(row["track"], []).append(datetime.fromisoformat(row["at"][:-1]))
    assert len(lanes) > 1  # the real journey needs more than one lane
    for times in lanes.values():
        times.sort()
        assert all(later - earlier >= _gap(REAL) for earlier, later in pairwise(times))


def test_lanes_stay_put_under_filters() -> None:
    every = {row["id"]: row["track"] for row in stop_rows(REAL, {s.id for s in REAL.stops}, None)}
    some = stop_rows(REAL, {"fefu", "arnika-feed-plant"}, None)
    assert {row["id"]: row["track"] for row in some} == {
        key: every[key] for key in ("fefu", "arnika-feed-plant")
    }


T0 = datetime(2023, 9, 16, 9)
HOUR = timedelta(hours=1)


@pytest.mark.parametrize(
    ("offsets", "lanes", "expected"),
    [
        ([0, 10, 20], 4, [(0, True), (0, True), (0, True)]),
        ([0, 1, 2], 4, [(0, True), (1, True), (2, True)]),
        ([0, 1, 10], 4, [(0, True), (1, True), (0, True)]),
        ([2, 1, 0], 4, [(2, True), (1, True), (0, True)]),
        ([0, 0, 0], 2, [(0, True), (1, True), (0, False)]),
    ],
    ids=[
        "far apart: one lane",
        "close together: a lane each",
        "a lane is reused once its last number is far enough back",
        "placed in time order, whatever the input order",
        "more than the lanes: the extra point keeps a lane but not its number",
    ],
)
def test_label_lanes(offsets: list[int], lanes: int, expected: list[tuple[int, bool]]) -> None:
    times = [T0 + offset * HOUR for offset in offsets]
    assert label_lanes(times, 5 * HOUR, lanes) == expected


def test_a_one_day_journey_has_a_time_axis_around_its_stop() -> None:
    stop = JOURNEY.stops[0]
    first, last = time_domain(replace(JOURNEY, stops=(stop,), route=None))
    assert first < stop.start.replace(tzinfo=None) < last


COMPOSITIONS = ("vconcat", "hconcat", "concat", "facet", "repeat")


def _charts(big_journey: Journey) -> list[dict[str, Any]]:
    ids = [stop.id for stop in REAL.stops]
    big_ids = [stop.id for stop in big_journey.stops]
    charts = [
        timeline_chart(REAL, REAL_ROUTE, ids, None),
        timeline_chart(REAL, REAL_ROUTE, [], None),
        stops_per_period_chart(REAL, ids),
        stops_per_period_chart(REAL, []),
        timeline_chart(big_journey, build_route(big_journey), big_ids, None),
    ]
    return [chart for chart in charts if chart is not None]


@pytest.fixture(scope="module")
def big_journey(tmp_path_factory: pytest.TempPathFactory) -> Journey:
    folder = tmp_path_factory.mktemp("big")
    return load_journey(write_journey(folder, POINT_LIMIT + 1, 2_000, seed=3))


def test_every_chart_fits_its_container(big_journey: Journey) -> None:
    """Vega-Lite fits only a single or layered view to a width; the vconcat ran off a phone."""
    for spec in _charts(big_journey):
        assert spec["width"] == "container"
        assert spec["autosize"]["type"] == "fit-x"
        assert not set(COMPOSITIONS) & set(spec)


def test_no_scale_waits_for_the_data(big_journey: Journey) -> None:
    """Streamlit adds a spec's top-level data after Vega's first run: a scale that took its
    domain from the data started empty, 'Infinite extent for field "at"' in the console."""
    for spec in _charts(big_journey):
        for channel in ("x", "y"):
            views = spec.get("layer", [spec])
            encodings = [view["encoding"][channel] for view in views if channel in view["encoding"]]
            # The layers share the scale: one explicit domain serves them all.
            assert any("domain" in e.get("scale", {}) for e in encodings), (spec["title"], channel)


def test_big_journeys_get_stops_per_period_instead_of_points(big_journey: Journey) -> None:
    visible = [stop.id for stop in big_journey.stops][::2]
    spec = timeline_chart(big_journey, build_route(big_journey), visible, None)
    jsonschema.validate(spec, VEGA_LITE)
    assert not is_selectable(big_journey) and "params" not in spec
    period = summary_period(big_journey)
    assert spec["data"]["values"] == period_rows(big_journey, set(visible), period)
    assert sum(row["stops"] for row in spec["data"]["values"]) == len(visible)
    assert spec["title"]["text"] == f"Stops per {period} (by main topic)"


def test_small_journeys_are_selectable() -> None:
    assert is_selectable(JOURNEY)


@pytest.mark.parametrize(
    ("key", "shape"),
    [("diplomacy", "circle"), ("railways", "M-0.84,-0.84L0.84,-0.84L0.84,0.84L-0.84,0.84Z")],
    ids=["circle stays a circle", "square polygon becomes an SVG path"],
)
def test_timeline_symbols_match_the_map_shapes(key: str, shape: str) -> None:
    assert vega_shape(TOPIC_BY_KEY[key]) == shape


@pytest.mark.parametrize(
    ("event", "stop"),
    [
        ({"selection": {"pick": [{"id": "beta"}]}}, "beta"),
        ({"selection": {"pick": []}}, None),
        ({"selection": {}}, None),
        (None, None),
        ({"selection": {"pick": [{"id": 7}]}}, None),
    ],
    ids=["a click", "cleared", "no selection yet", "no event", "not a stop id"],
)
def test_picked_stop(event: Any, stop: str | None) -> None:
    assert picked_stop(event) == stop
