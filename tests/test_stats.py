"""Journey totals and the statistics panel's topic chart."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import jsonschema
import pytest
from altair.vegalite.v6.schema import load_schema

from itinerary.format.loader import load_journey
from itinerary.geo.route import build_route
from itinerary.model import Journey
from itinerary.topics import TOPIC_BY_KEY
from itinerary.views.stats import (
    BAR_PX,
    Figure,
    journey_totals,
    longest_leg_note,
    statistics_figures,
    topic_chart,
    topic_counts,
)
from itinerary.views.text import count_noun, format_duration, format_km
from tests.conftest import MINI, REAL_JOURNEY

VEGA_LITE = load_schema()
REAL = load_journey(REAL_JOURNEY)
JOURNEY = load_journey(MINI)


def test_topics_are_counted_most_first_ties_in_vocabulary_order() -> None:
    counts = topic_counts(REAL.stops)
    assert [n for _, n in counts] == sorted((n for _, n in counts), reverse=True)
    # Railways and transit both have 6 stops: vocabulary order puts railways first.
    assert counts[:2] == [("railways", 6), ("transit", 6)]
    assert sum(n for _, n in counts) == sum(len(stop.topics) for stop in REAL.stops)


def _bars(spec: dict[str, Any]) -> dict[str, Any]:
    (bars,) = [layer for layer in spec["layer"] if layer["mark"]["type"] == "bar"]
    return bars


def test_the_topic_chart_is_valid_vega_lite_sorted_by_count() -> None:
    spec = topic_chart(REAL.stops)
    assert spec is not None
    jsonschema.validate(spec, VEGA_LITE)
    labels = [TOPIC_BY_KEY[key].label for key, _ in topic_counts(REAL.stops)]
    assert [row["label"] for row in spec["data"]["values"]] == labels
    assert spec["encoding"]["y"]["sort"] == labels


def test_every_bar_is_labelled() -> None:
    """Six of eleven topic names showed: the axis dropped the labels it had no room for."""
    spec = topic_chart(REAL.stops)
    assert spec is not None
    rows = spec["data"]["values"]
    assert len(rows) == 11
    axis = spec["encoding"]["y"]["axis"]
    assert axis["labelOverlap"] is False and axis["labelLimit"] == 0
    assert spec["height"] == BAR_PX * len(rows)  # a band per bar, tall enough for its label
    (counts,) = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]
    assert counts["encoding"]["text"]["field"] == "stops"  # and its count at its end


def test_each_bar_has_its_topic_colour() -> None:
    spec = topic_chart(REAL.stops)
    assert spec is not None
    scale = _bars(spec)["encoding"]["color"]["scale"]
    assert dict(zip(scale["domain"], scale["range"], strict=True)) == {
        key: TOPIC_BY_KEY[key].colour for key, _ in topic_counts(REAL.stops)
    }


def test_the_topic_chart_fits_its_container_and_knows_its_range() -> None:
    spec = topic_chart(JOURNEY.stops[:1])
    assert spec is not None
    assert (spec["width"], spec["autosize"]["type"]) == ("container", "fit-x")
    assert spec["encoding"]["x"]["scale"]["domain"][0] == 0  # not left to the data's extent


def test_no_stop_no_chart() -> None:
    assert topic_chart(()) is None


@pytest.mark.parametrize(
    ("end_day", "days", "wording"),
    [(12, 1, "1 day"), (13, 2, "2 days")],
    ids=["a one-day journey is '1 day', not '1 days'", "two days"],
)
def test_days_are_counted_on_the_local_calendar(end_day: int, days: int, wording: str) -> None:
    alpha = JOURNEY.stops[0]
    last = replace(alpha, id="omega", seq=9, start=alpha.start.replace(day=end_day, hour=22))
    journey = replace(JOURNEY, stops=(alpha, last), route=None)
    totals = journey_totals(journey, build_route(journey))
    assert totals.days == days
    assert count_noun(totals.days, "day") == wording


def _one_leg(name: str) -> Journey:
    """Alpha, then a stop called ``name``: one leg, from the data's text."""
    alpha, beta = JOURNEY.stops[:2]
    legs = JOURNEY.route.legs[:1] if JOURNEY.route else ()
    route = replace(JOURNEY.route, legs=legs) if JOURNEY.route else None
    return replace(JOURNEY, stops=(alpha, replace(beta, name=name)), route=route)


def test_the_figures_of_a_journey() -> None:
    route = build_route(JOURNEY)
    rail = sum(leg.km for leg in route.legs if leg.mode == "rail")
    road = sum(leg.km for leg in route.legs if leg.mode != "rail")
    longest = max(route.legs, key=lambda leg: leg.km)
    hover = f"{longest.origin.name} → {longest.destination.name}"
    assert statistics_figures(journey_totals(JOURNEY, route), route) == (
        Figure("Rail distance", format_km(rail)),
        Figure("Road hops (straight line)", format_km(road)),
        Figure("Days", "3"),
        Figure(
            "Longest leg", format_km(longest.km), f"{hover}, {format_duration(longest.duration)}"
        ),
    )


@pytest.mark.parametrize(
    ("name", "note"),
    [
        ("Beta", "Longest leg: Alpha → Beta"),
        ("*Beta* [x](y)", r"Longest leg: Alpha → \*Beta\* \[x\]\(y\)"),
    ],
    ids=["a plain name", "Markdown in a stop's name is shown, not obeyed"],
)
def test_the_longest_leg_in_words(name: str, note: str) -> None:
    journey = _one_leg(name)
    route = build_route(journey)
    (leg,) = route.legs
    assert longest_leg_note(route) == f"{note} ({format_km(leg.km)})."


def test_a_journey_without_legs_has_no_longest_leg() -> None:
    alpha = JOURNEY.stops[0]
    journey = replace(JOURNEY, stops=(alpha,), route=None)
    route = build_route(journey)
    assert longest_leg_note(route) is None
    assert statistics_figures(journey_totals(journey, route), route)[-1] == Figure(
        "Longest leg", "–"
    )
