"""The timeline chart: what it plots and how a click on it is read back."""

from __future__ import annotations

from typing import Any

import pytest

from itinerary.loader import load_journey
from itinerary.route import build_route
from itinerary.timeline import leg_rows, picked_stop, stop_rows, timeline_chart, vega_shape
from itinerary.topics import TOPIC_BY_KEY
from tests.conftest import MINI

JOURNEY = load_journey(MINI)
ROUTE = build_route(JOURNEY)


def test_stops_are_placed_at_their_utc_instant_and_local_day() -> None:
    rows = stop_rows(JOURNEY, {"alpha", "gamma"}, "gamma")
    assert [(r["id"], r["at"], r["day"], r["selected"]) for r in rows] == [
        ("alpha", "2023-09-11T20:00:00Z", "2023-09-12", False),
        ("gamma", "2023-09-14T00:00:00Z", "2023-09-14", True),
    ]


def test_legs_run_from_departure_to_arrival() -> None:
    rail, road = leg_rows(ROUTE)
    assert (rail["from"], rail["to"], rail["row"]) == (
        "2023-09-11T20:00:00Z", "2023-09-12T22:00:00Z", "Rail legs"
    )  # fmt: skip
    assert road["from"] == "2023-09-13T02:00:00Z"  # beta's end, not its start
    assert road["row"] == "Road legs"


def test_the_chart_is_valid_vega_lite_with_a_click_selection() -> None:
    spec = timeline_chart(JOURNEY, ROUTE, [s.id for s in JOURNEY.stops], None).to_dict()
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    (param,) = spec["params"]  # Altair lifts the selection to the top level
    assert (param["name"], param["select"]["fields"], param["select"]["on"]) == (
        "pick", ["id"], "click"
    )  # fmt: skip


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
