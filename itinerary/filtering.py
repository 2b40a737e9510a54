"""Which stops are visible: topic, date, text and confidence filters, all pure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from itinerary.model import CONFIDENCES, Confidence, Stop
from itinerary.topics import TOPIC_KEYS

TopicMatch = Literal["any", "all"]


@dataclass(frozen=True, slots=True)
class StopFilter:
    """A view on a journey. The default shows everything."""

    topics: frozenset[str] = frozenset(TOPIC_KEYS)
    match: TopicMatch = "any"
    first_day: date | None = None
    last_day: date | None = None
    text: str = ""
    confidences: frozenset[Confidence] = field(default_factory=lambda: frozenset(CONFIDENCES))

    def accepts(self, stop: Stop) -> bool:
        stop_topics = set(stop.topics)
        if self.match == "all":
            if not self.topics or not self.topics <= stop_topics:
                return False
        elif not self.topics & stop_topics:
            return False
        local_day = stop.start.date()
        if self.first_day is not None and local_day < self.first_day:
            return False
        if self.last_day is not None and local_day > self.last_day:
            return False
        if stop.confidence not in self.confidences:
            return False
        return not self.text or _matches_text(stop, self.text)


def _matches_text(stop: Stop, query: str) -> bool:
    haystack = " ".join((stop.name, stop.site, stop.region, stop.summary, *stop.people)).casefold()
    return all(word in haystack for word in query.casefold().split())


def filter_stops(stops: Iterable[Stop], stop_filter: StopFilter) -> tuple[Stop, ...]:
    return tuple(stop for stop in stops if stop_filter.accepts(stop))


def topics_in_use(stops: Iterable[Stop]) -> tuple[str, ...]:
    """The journey's topics in vocabulary order, so the filter offers only real choices."""
    used = {topic for stop in stops for topic in stop.topics}
    return tuple(key for key in TOPIC_KEYS if key in used)
