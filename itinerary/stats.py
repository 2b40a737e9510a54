"""Journey totals for the header and the statistics panel."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from itinerary.model import Journey, Stop
from itinerary.route import RouteSummary
from itinerary.text import format_duration
from itinerary.topics import TOPIC_KEYS


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
    first, last = journey.stops[0].start, journey.stops[-1].end or journey.stops[-1].start
    return JourneyTotals(
        days=(last.date() - first.date()).days + 1,
        stops=len(journey.stops),
        rail_km=route.rail_km,
        road_km=route.road_km,
        first_day=first.date().isoformat(),
        last_day=last.date().isoformat(),
    )


def stops_per_topic(stops: Sequence[Stop]) -> dict[str, int]:
    counts = Counter(topic for stop in stops for topic in stop.topics)
    return {key: counts[key] for key in TOPIC_KEYS if counts[key]}


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
