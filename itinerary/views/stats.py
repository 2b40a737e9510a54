"""Journey totals for the header and the statistics panel: figures, the topic chart, legs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from itinerary.geo.route import RouteSummary
from itinerary.model import Journey, Stop
from itinerary.topics import TOPIC_BY_KEY, TOPIC_KEYS
from itinerary.views.text import count_noun, date_span, format_duration, format_km, md_escape
from itinerary.views.vegalite import FIT_WIDTH, SCHEMA, topic_scale

BAR_PX: Final = 24


@dataclass(frozen=True, slots=True)
class JourneyTotals:
    days: int
    stops: int
    rail_km: float
    road_km: float
    first_day: str
    last_day: str


def journey_totals(journey: Journey, route: RouteSummary) -> JourneyTotals:
    """Days are counted on the local calendar, first day and last day included."""
    first, last = journey.days
    return JourneyTotals(
        days=(last - first).days + 1,
        stops=len(journey.stops),
        rail_km=route.rail_km,
        road_km=route.road_km,
        first_day=first.isoformat(),
        last_day=last.isoformat(),
    )


def stops_per_topic(stops: Sequence[Stop]) -> dict[str, int]:
    counts = Counter(topic for stop in stops for topic in stop.topics)
    return {key: counts[key] for key in TOPIC_KEYS if counts[key]}


def topic_counts(stops: Sequence[Stop]) -> list[tuple[str, int]]:
    """(topic key, stops) for the topics in use, most stops first, ties in vocabulary order."""
    order = {key: index for index, key in enumerate(TOPIC_KEYS)}
    return sorted(stops_per_topic(stops).items(), key=lambda item: (-item[1], order[item[0]]))


def topic_chart(stops: Sequence[Stop]) -> dict[str, Any] | None:
    """A Vega-Lite spec: one bar per topic in use among `stops`, in its topic colour, most
    stops first, each labelled with its topic and count. None when there are no stops."""
    counts = topic_counts(stops)
    if not counts:
        return None
    rows = [{"topic": key, "label": TOPIC_BY_KEY[key].label, "stops": n} for key, n in counts]
    # A band per bar, tall enough for its label: no label is dropped for lack of room.
    y = {
        "field": "label",
        "type": "nominal",
        "title": None,
        "sort": [row["label"] for row in rows],
        "axis": {"labelOverlap": False, "labelLimit": 0, "ticks": False, "domain": False},
    }
    # Room past the longest bar for its count.
    x = {"field": "stops", "type": "quantitative", "title": "Stops",
         "scale": {"domain": [0, counts[0][1] * 1.15]},
         "axis": {"tickMinStep": 1, "format": "d", "grid": True}}  # fmt: skip
    return {
        "$schema": SCHEMA,
        **FIT_WIDTH,
        "height": BAR_PX * len(rows),
        "data": {"values": rows},
        "encoding": {"y": y, "x": x},
        "layer": [
            {
                "mark": {"type": "bar", "cornerRadiusEnd": 2},
                "encoding": {
                    "color": {"field": "topic", "type": "nominal", "legend": None,
                              "scale": topic_scale(key for key, _ in counts)},
                    "tooltip": [{"field": "label", "title": "Topic"},
                                {"field": "stops", "title": "Stops"}],
                },
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 4, "fontWeight": "bold"},
                "encoding": {"text": {"field": "stops", "type": "quantitative"}},
            },
        ],
    }  # fmt: skip


def leg_table(route: RouteSummary) -> list[dict[str, object]]:
    """One row per leg for the statistics panel."""
    return [
        {
            "Leg": leg.index + 1,
            "From": leg.origin.name,
            "To": leg.destination.name,
            "Mode": leg.mode,
            "Distance (km)": round(leg.km, 1),
            "Duration": format_duration(leg.duration),
            "Via": ", ".join(leg.via_names),
        }
        for leg in route.legs
    ]


def figures_markdown(totals: JourneyTotals, first: date, last: date) -> str:
    """The journey in one line of figures: '**10 days** · **15 stops** · **4,983 km** by
    rail · 10–19 Sep 2023' (Markdown, numbers only: nothing from the data's text)."""
    return " · ".join(
        (
            f"**{count_noun(totals.days, 'day')}**",
            f"**{count_noun(totals.stops, 'stop')}**",
            f"**{format_km(totals.rail_km)}** by rail",
            date_span(first, last),
        )
    )


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure of the statistics panel: a label, its value, and what a hover adds."""

    label: str
    value: str
    help: str | None = None


def statistics_figures(totals: JourneyTotals, route: RouteSummary) -> tuple[Figure, ...]:
    longest = route.longest
    return (
        Figure("Rail distance", format_km(totals.rail_km)),
        Figure("Road hops (straight line)", format_km(totals.road_km)),
        Figure("Days", str(totals.days)),
        Figure("Longest leg", "–")
        if longest is None
        else Figure(
            "Longest leg",
            format_km(longest.km),
            f"{longest.label}, {format_duration(longest.duration)}",
        ),
    )


def longest_leg_note(route: RouteSummary) -> str | None:
    """The longest leg in words (Markdown: its label comes from the data, escaped)."""
    longest = route.longest
    if longest is None:
        return None
    return f"Longest leg: {md_escape(longest.label)} ({format_km(longest.km)})."
