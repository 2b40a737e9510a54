"""Which stops are visible: topic, date, text and confidence filters, all pure.

The topic rule is also applied in the browser, the moment a reader changes the topic
filter (``itinerary/views/js/itinerary-map.js``: ``topicAccepts``, ``markerTopic``,
``summarise``); ``tests/e2e`` checks that both give the same answers.

* ``any`` (the default): a stop is shown when at least one of its topics is chosen.
  Unticking a topic therefore hides only the stops that have no other chosen topic;
  ``TopicSummary.stayed`` counts, per unticked topic, the stops it could not hide.
* ``all``: a stop is shown when it has every chosen topic; with none chosen, none is.
* A marker wears the stop's first chosen topic (data files list the main topic first),
  so unticking a topic always changes the map: its stops leave or change shape.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
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
        return self.accepts_topics(stop) and self.accepts_rest(stop)

    def accepts_topics(self, stop: Stop) -> bool:
        stop_topics = set(stop.topics)
        if self.match == "all":
            return bool(self.topics) and self.topics <= stop_topics
        return bool(self.topics & stop_topics)

    def accepts_rest(self, stop: Stop) -> bool:
        """Every filter but the topics: dates, text and confidence."""
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


def confidences_in_use(stops: Iterable[Stop]) -> tuple[Confidence, ...]:
    """The confidence levels the stops have, in the model's order."""
    used = {stop.confidence for stop in stops}
    return tuple(level for level in CONFIDENCES if level in used)


def marker_topic(stop: Stop, chosen: Collection[str]) -> str:
    """The topic a stop's marker wears: its first chosen topic, else its first."""
    return next((topic for topic in stop.topics if topic in chosen), stop.topics[0])


@dataclass(frozen=True, slots=True)
class TopicSummary:
    """What the map shows after a topic change, and why unticked topics left stops on it."""

    shown: int
    total: int
    stayed: dict[str, int]  # unticked topic -> stops still shown for another topic


def summarise_topics(
    stops: Sequence[Stop], visible: Sequence[bool], stop_filter: StopFilter
) -> TopicSummary:
    stayed: dict[str, int] = {}
    for stop, shown in zip(stops, visible, strict=True):
        if not shown or stop_filter.match == "all":
            continue
        for topic in stop.topics:
            if topic not in stop_filter.topics:
                stayed[topic] = stayed.get(topic, 0) + 1
    return TopicSummary(sum(visible), len(stops), stayed)


def companion_topics(stops: Iterable[Stop]) -> dict[str, tuple[str, ...]]:
    """Per topic, the other topics that every one of its stops also has.

    'Every Railways stop is also Transit' is why unticking Railways can hide nothing.
    """
    together: dict[str, set[str]] = {}
    for stop in stops:
        for topic in stop.topics:
            others = set(stop.topics) - {topic}
            together[topic] = together[topic] & others if topic in together else others
    return {
        topic: tuple(key for key in TOPIC_KEYS if key in others)
        for topic, others in together.items()
        if others
    }
