"""The timeline chart: what it plots and how a click on it is read back."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import jsonschema
import pytest
from altair.vegalite.v6.schema import load_schema

from itinerary.loader import load_journey
from itinerary.model import Journey
from itinerary.route import build_route
from itinerary.timeline import (
    POINT_LIMIT,
    Period,
    is_selectable,
    leg_rows,
    period_rows,
    picked_stop,
    stop_rows,
    summary_period,
    timeline_chart,
    vega_shape,
)
from itinerary.topics import TOPIC_BY_KEY
from scripts.synthetic import write_journey
from tests.altair_timeline import altair_timeline, normalised
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


VEGA_LITE = load_schema()


def test_the_chart_is_valid_vega_lite_with_a_click_selection() -> None:
    spec = timeline_chart(JOURNEY, ROUTE, [s.id for s in JOURNEY.stops], None)
    jsonschema.validate(spec, VEGA_LITE)
    (param,) = spec["params"]
    assert (param["name"], param["select"]["fields"], param["select"]["on"]) == (
        "pick", ["id"], "click"
    )  # fmt: skip
    assert param["views"] == [spec["vconcat"][0]["layer"][1]["name"]]  # the stop points


def test_an_empty_view_is_still_a_valid_chart() -> None:
    spec = timeline_chart(JOURNEY, ROUTE, [], None)
    jsonschema.validate(spec, VEGA_LITE)
    assert spec["data"]["values"] == []


def test_the_chart_is_the_one_altair_would_build() -> None:
    """The hand-built dict is what the Altair code it replaced produced (names aside)."""
    ours = timeline_chart(JOURNEY, ROUTE, ["alpha", "gamma"], "gamma")
    altair_spec = altair_timeline(JOURNEY, ROUTE, ["alpha", "gamma"], "gamma")
    assert normalised(ours) == normalised(altair_spec)


@pytest.fixture(scope="module")
def big_journey(tmp_path_factory: pytest.TempPathFactory) -> Journey:
    folder = tmp_path_factory.mktemp("big")
    return load_journey(write_journey(folder, POINT_LIMIT + 1, 2_000, seed=3))


def _period_of(day: date, period: str) -> str:
    # Written differently from the module on purpose: isoweekday() is 7 on Sundays.
    if period == "week":
        return (day - timedelta(days=day.isoweekday() % 7)).isoformat()
    return f"{day:%Y-%m}-01" if period == "month" else day.isoformat()


@pytest.mark.parametrize("period", ["day", "week", "month"])
def test_stops_are_counted_per_period_and_topic(big_journey: Journey, period: Period) -> None:
    visible = {stop.id for stop in big_journey.stops[::2]}
    rows = period_rows(big_journey, visible, period)
    expected = Counter(
        (_period_of(s.start.date(), period), s.topics[0])
        for s in big_journey.stops
        if s.id in visible
    )
    assert {(r["day"], r["topic"]): r["stops"] for r in rows} == expected
    assert [r["day"] for r in rows] == sorted(r["day"] for r in rows)


def test_big_journeys_get_stops_per_period_instead_of_points(big_journey: Journey) -> None:
    visible = [stop.id for stop in big_journey.stops][::2]
    spec = timeline_chart(big_journey, build_route(big_journey), visible, None)
    jsonschema.validate(spec, VEGA_LITE)
    assert not is_selectable(big_journey) and "params" not in spec
    period = summary_period(big_journey)
    assert spec["data"]["values"] == period_rows(big_journey, set(visible), period)
    assert sum(row["stops"] for row in spec["data"]["values"]) == len(visible)
    assert spec["title"]["text"] == f"Stops per {period} (by main topic)"


@pytest.mark.parametrize(
    ("span_days", "period"),
    [(0, "day"), (120, "day"), (121, "week"), (3 * 366, "week"), (3 * 366 + 1, "month")],
    ids=[
        "one day",
        "four months still fit a bar per day",
        "beyond four months, weeks",
        "up to three years, weeks",
        "beyond three years, months",
    ],
)
def test_summary_period_follows_the_span(span_days: int, period: str) -> None:
    first = datetime(2023, 1, 1, 12, tzinfo=UTC)
    stops = [SimpleNamespace(start=first), SimpleNamespace(start=first + timedelta(days=span_days))]
    assert summary_period(SimpleNamespace(stops=stops)) == period  # type: ignore[arg-type]


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
