"""Filtering: which stops a view shows."""

from __future__ import annotations

from datetime import date

import pytest

from itinerary.filtering import StopFilter, filter_stops, topics_in_use
from itinerary.loader import load_journey
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
