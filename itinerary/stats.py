"""Journey totals for the header and the statistics panel."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from itinerary.model import Journey, Stop
from itinerary.route import RouteSummary
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
