"""The model's derived values (itinerary/model.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from itinerary.format.loader import load_journey


@pytest.mark.parametrize(
    ("first_start", "last_start", "days"),
    [
        ("2023-09-12T06:00:00+10:00", "2023-09-14T10:00:00+10:00", ("2023-09-12", "2023-09-14")),
        # 00:30 at +10:00 is still the 11th in UTC: the day is the stop's own, local one.
        ("2023-09-12T00:30:00+10:00", "2023-09-14T10:00:00+10:00", ("2023-09-12", "2023-09-14")),
        # 23:30 at -05:00 is the next day in UTC: still the 14th where the stop is.
        ("2023-09-12T06:00:00+10:00", "2023-09-14T23:30:00-05:00", ("2023-09-12", "2023-09-14")),
    ],
    ids=["plain", "early local morning", "late local evening"],
)
def test_a_journeys_days_are_the_local_days_of_its_first_and_last_stop(
    mini_raw: dict[str, Any],
    write_yaml: Callable[[Any], Path],
    first_start: str,
    last_start: str,
    days: tuple[str, str],
) -> None:
    mini_raw["stops"][0]["start"] = first_start
    mini_raw["stops"][-1]["start"] = last_start
    journey = load_journey(write_yaml(mini_raw))
    assert journey.days == tuple(date.fromisoformat(day) for day in days)


def test_the_last_day_is_the_latest_a_stop_ends_on(
    mini_raw: dict[str, Any], write_yaml: Callable[[Any], Path]
) -> None:
    mini_raw["stops"][-1]["end"] = "2023-09-16T09:00:00+10:00"  # starts on the 14th
    assert load_journey(write_yaml(mini_raw)).days == (date(2023, 9, 12), date(2023, 9, 16))


def test_a_stop_whose_local_day_comes_before_the_first_stops_widens_the_span(
    mini_raw: dict[str, Any], write_yaml: Callable[[Any], Path]
) -> None:
    """Later in time than the first stop, but a day earlier on its own clock (UTC+3 against
    UTC+10): the span still holds it, so neither the date filter nor the chart drops it."""
    mini_raw["stops"][0]["start"] = "2023-09-12T00:30:00+10:00"  # 11 Sep 14:30 UTC
    mini_raw["stops"][1]["start"] = "2023-09-11T23:00:00+03:00"  # 11 Sep 20:00 UTC
    assert load_journey(write_yaml(mini_raw)).days == (date(2023, 9, 11), date(2023, 9, 14))
