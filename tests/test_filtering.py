"""Filtering: which stops a view shows."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from itinerary.filtering import (
    StopFilter,
    TopicSummary,
    companion_topics,
    confidences_in_use,
    filter_stops,
    marker_topic,
    summarise_topics,
    topics_in_use,
)
from itinerary.format.loader import load_journey
from itinerary.model import Stop
from tests.conftest import MINI

STOPS = load_journey(MINI).stops  # alpha: railways+diplomacy, beta: aviation, gamma: environment


@pytest.mark.parametrize(
    ("stop_filter", "expected"),
    [
        (StopFilter(), ["alpha", "beta", "gamma"]),
        (StopFilter(topics=frozenset({"aviation"})), ["beta"]),
        (StopFilter(topics=frozenset({"railways", "environment"})), ["alpha", "gamma"]),
        (StopFilter(topics=frozenset()), []),
        (StopFilter(topics=frozenset({"railways", "diplomacy"}), match="all"), ["alpha"]),
        (StopFilter(topics=frozenset({"railways", "aviation"}), match="all"), []),
        (StopFilter(first_day=date(2023, 9, 13)), ["beta", "gamma"]),
        (StopFilter(last_day=date(2023, 9, 13)), ["alpha", "beta"]),
        (StopFilter(text="person b"), ["gamma"]),
        (StopFilter(text="  STOP   second "), ["beta"]),
        (StopFilter(confidences=frozenset({"confirmed"})), ["alpha"]),
    ],
    ids=[
        "default shows all",
        "one topic",
        "any of two topics",
        "no topic chosen shows nothing",
        "all of two topics",
        "all of topics no stop has",
        "from a day",
        "up to a day",
        "text in people, case-blind",
        "every word must match",
        "confidence",
    ],
)
def test_filter(stop_filter: StopFilter, expected: list[str]) -> None:
    assert [stop.id for stop in filter_stops(STOPS, stop_filter)] == expected


def test_topics_in_use_follow_the_vocabulary_order() -> None:
    assert topics_in_use(STOPS) == ("diplomacy", "aviation", "railways", "environment")


@pytest.mark.parametrize(
    ("stops", "levels"),
    [
        (STOPS, ("confirmed", "reported", "unconfirmed")),
        ((STOPS[2], STOPS[0], STOPS[2]), ("confirmed", "unconfirmed")),
        (STOPS[1:2], ("reported",)),
    ],
    ids=["every level, in the model's order", "once each, whatever the stops' order", "one level"],
)
def test_confidences_in_use(stops: tuple[Stop, ...], levels: tuple[str, ...]) -> None:
    assert confidences_in_use(stops) == levels


def ids(stops: list[Stop]) -> list[str]:
    return [stop.id for stop in stops]


def with_topics(*topics_per_stop: tuple[str, ...]) -> list[Stop]:
    """Stops like the fixture's first, each with the given topics (main topic first)."""
    return [
        replace(STOPS[0], id=f"s{index}", seq=index + 1, topics=topics)
        for index, topics in enumerate(topics_per_stop)
    ]


# (filter, stops its topics accept, stops its other filters accept, why)
SPLIT: list[tuple[StopFilter, list[str], list[str], str]] = [
    (StopFilter(topics=frozenset({"aviation"})), ["beta"], ["alpha", "beta", "gamma"],
     "a topic choice leaves the other filters whole"),
    (StopFilter(first_day=date(2023, 9, 13)), ["alpha", "beta", "gamma"], ["beta", "gamma"],
     "a date leaves the topics whole"),
    (StopFilter(topics=frozenset({"railways", "diplomacy"}), match="all", text="person"),
     ["alpha"], ["alpha", "gamma"], "all-of topics and a search, each on its own side"),
    (StopFilter(topics=frozenset()), [], ["alpha", "beta", "gamma"],
     "no topic: nothing by topic, the rest untouched"),
    (StopFilter(topics=frozenset(), match="all"), [], ["alpha", "beta", "gamma"],
     "no topic with all-of: nothing either, not everything"),
    (StopFilter(topics=frozenset({"environment"}), confidences=frozenset({"confirmed"})),
     ["gamma"], ["alpha"], "both sides pass different stops: none is shown"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("stop_filter", "by_topics", "by_rest"), [r[:3] for r in SPLIT], ids=[r[3] for r in SPLIT]
)
def test_accepts_is_topics_and_the_rest(
    stop_filter: StopFilter, by_topics: list[str], by_rest: list[str]
) -> None:
    assert ids([s for s in STOPS if stop_filter.accepts_topics(s)]) == by_topics
    assert ids([s for s in STOPS if stop_filter.accepts_rest(s)]) == by_rest
    # The map applies the topics to the rest's mask; together they are the whole filter.
    assert ids(list(filter_stops(STOPS, stop_filter))) == [i for i in by_rest if i in by_topics]


# (the stop's topics, the chosen topics, the topic its marker wears, why)
MARKER_TOPICS: list[tuple[tuple[str, ...], set[str], str, str]] = [
    (("railways", "diplomacy"), {"railways", "diplomacy"}, "railways",
     "its main (first) topic when it is chosen"),
    (("railways", "diplomacy"), {"diplomacy"}, "diplomacy",
     "the main topic unticked: the first chosen one, so the marker changes shape"),
    (("railways", "diplomacy"), set(), "railways", "nothing chosen: its main topic"),
    (("transit", "railways"), {"railways", "transit"}, "transit",
     "the data's order, not the vocabulary's"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("topics", "chosen", "worn"),
    [row[:3] for row in MARKER_TOPICS],
    ids=[row[3] for row in MARKER_TOPICS],
)
def test_marker_topic(topics: tuple[str, ...], chosen: set[str], worn: str) -> None:
    (stop,) = with_topics(topics)
    assert marker_topic(stop, chosen) == worn


# (filter, shown, stops kept per unticked topic, why)
SUMMARIES: list[tuple[StopFilter, int, dict[str, int], str]] = [
    (StopFilter(), 3, {}, "everything ticked: nothing stays for another topic"),
    (StopFilter(topics=frozenset({"diplomacy", "aviation", "environment"})), 3, {"railways": 1},
     "Railways unticked, but alpha stays: it also has Diplomacy"),
    (StopFilter(topics=frozenset({"aviation", "environment"})), 2, {},
     "Railways and Diplomacy unticked: alpha goes, nothing stays"),
    (StopFilter(topics=frozenset({"diplomacy"}), match="all"), 1, {},
     "all-of shows only stops with every ticked topic: none stays for another"),
    (StopFilter(topics=frozenset({"diplomacy", "aviation", "environment"}), text="second"), 1,
     {}, "a stop hidden by another filter is not counted as staying"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("stop_filter", "shown", "stayed"),
    [row[:3] for row in SUMMARIES],
    ids=[row[3] for row in SUMMARIES],
)
def test_summarise_topics(stop_filter: StopFilter, shown: int, stayed: dict[str, int]) -> None:
    visible = [stop_filter.accepts(stop) for stop in STOPS]
    assert summarise_topics(STOPS, visible, stop_filter) == TopicSummary(shown, len(STOPS), stayed)


# (each stop's topics, the companions found, why)
COMPANIONS: list[tuple[list[tuple[str, ...]], dict[str, tuple[str, ...]], str]] = [
    ([stop.topics for stop in STOPS], {"diplomacy": ("railways",), "railways": ("diplomacy",)},
     "the fixture: alpha's two topics always go together"),
    ([("railways", "transit"), ("transit",)], {"railways": ("transit",)},
     "every Railways stop is Transit, not the other way round"),
    ([("transit", "railways", "diplomacy"), ("railways", "transit")],
     {"diplomacy": ("railways", "transit"), "railways": ("transit",),
      "transit": ("railways",)}, "several companions, in vocabulary order"),
    ([("railways", "transit"), ("railways", "diplomacy")],
     {"diplomacy": ("railways",), "transit": ("railways",)},
     "Railways stops share no other topic: Railways has no companion"),
    ([], {}, "no stops"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("topics_per_stop", "companions"),
    [row[:2] for row in COMPANIONS],
    ids=[row[2] for row in COMPANIONS],
)
def test_companion_topics(
    topics_per_stop: list[tuple[str, ...]], companions: dict[str, tuple[str, ...]]
) -> None:
    assert companion_topics(with_topics(*topics_per_stop)) == companions
