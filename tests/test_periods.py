"""Stops per day, week or month by main topic (itinerary.views.periods): the periods of
the local calendar, the counts, and the chart drawn from them."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import jsonschema
import pytest
from altair.vegalite.v6.schema import load_schema

from itinerary.format.loader import load_journey
from itinerary.model import Journey
from itinerary.views.periods import (
    Period,
    every_period,
    period_chart,
    period_label,
    period_rows,
    period_start,
    summary_period,
)
from scripts.synthetic import write_journey
from tests.conftest import MINI, REAL_JOURNEY

JOURNEY = load_journey(MINI)  # 12, 13 and 14 Sep 2023
REAL = load_journey(REAL_JOURNEY)  # 10 to 19 Sep 2023


@pytest.fixture(scope="module")
def long_journey(tmp_path_factory: pytest.TempPathFactory) -> Journey:
    """600 stops over about eight weeks: each week and month holds several days of stops."""
    return load_journey(write_journey(tmp_path_factory.mktemp("long"), 600, 2_000, seed=3))


@pytest.mark.parametrize(
    ("period", "expected"),
    [("day", ["2023-09-12", "2023-09-13", "2023-09-14"]), ("week", ["2023-09-10"]),
     ("month", ["2023-09-01"])],
    ids=["every day", "the Sunday each week starts on", "the first of each month"],
)  # fmt: skip
def test_every_period(period: Period, expected: list[str]) -> None:
    assert every_period(JOURNEY, period) == expected


def test_a_one_day_journey_has_one_day() -> None:
    one_day = replace(JOURNEY, stops=(JOURNEY.stops[0],), route=None)
    assert every_period(one_day, "day") == ["2023-09-12"]


@pytest.mark.parametrize(
    ("day", "period", "start"),
    [
        (date(2023, 9, 13), "day", date(2023, 9, 13)),
        (date(2023, 9, 13), "week", date(2023, 9, 10)),
        (date(2023, 9, 10), "week", date(2023, 9, 10)),
        (date(2023, 9, 9), "week", date(2023, 9, 3)),
        (date(2023, 9, 13), "month", date(2023, 9, 1)),
        (date(2024, 1, 1), "week", date(2023, 12, 31)),
    ],
    ids=[
        "a day is its own period",
        "a Wednesday's week starts on the Sunday before",
        "a Sunday starts its own week",
        "a Saturday ends the week that began six days earlier",
        "a month starts on its first",
        "a week can start in the year before",
    ],
)
def test_period_start(day: date, period: Period, start: date) -> None:
    assert period_start(day, period) == start


@pytest.mark.parametrize(
    ("day", "period", "label"),
    [
        ("2023-09-10", "day", "Sun 10 Sep 2023"),
        ("2023-09-10", "week", "week from Sun 10 Sep 2023"),
        ("2023-09-01", "month", "Sep 2023"),
    ],
    ids=["a day names its weekday", "a week says where it starts", "a month needs no day"],
)
def test_period_label(day: str, period: Period, label: str) -> None:
    assert period_label(day, period) == label


def _period_of(day: date, period: str) -> str:
    # Written differently from the module on purpose: isoweekday() is 7 on Sundays.
    if period == "week":
        return (day - timedelta(days=day.isoweekday() % 7)).isoformat()
    return f"{day:%Y-%m}-01" if period == "month" else day.isoformat()


@pytest.mark.parametrize("period", ["day", "week", "month"])
def test_stops_are_counted_per_period_and_topic(long_journey: Journey, period: Period) -> None:
    visible = {stop.id for stop in long_journey.stops[::2]}
    rows = period_rows(long_journey, visible, period)
    expected = Counter(
        (_period_of(s.start.date(), period), s.topics[0])
        for s in long_journey.stops
        if s.id in visible
    )
    assert {(r["day"], r["topic"]): r["stops"] for r in rows} == expected
    assert [r["day"] for r in rows] == sorted(r["day"] for r in rows)


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
    first = datetime(2023, 1, 1, 12, tzinfo=UTC).date()
    days = (first, first + timedelta(days=span_days))
    assert summary_period(SimpleNamespace(days=days)) == period  # type: ignore[arg-type]


def test_the_chart_keeps_the_days_without_a_stop_and_has_a_legend() -> None:
    spec = period_chart(REAL, {stop.id for stop in REAL.stops}, None)
    jsonschema.validate(spec, load_schema())
    x = spec["encoding"]["x"]
    assert x["scale"]["domain"] == [f"2023-09-{day:02d}" for day in range(10, 20)]
    assert {row["day"] for row in spec["data"]["values"]} < set(x["scale"]["domain"])
    legend = spec["encoding"]["color"]["legend"]
    assert legend is not None and legend["title"] == "Main topic"
    assert "subtitle" not in spec["title"]


@pytest.mark.parametrize(
    ("visible", "subtitle"),
    [(set(), "Nothing to show"), ({"beta"}, None)],
    ids=["no stop visible: still a chart, with its subtitle", "one stop, no subtitle"],
)
def test_a_filtered_chart_counts_only_the_visible_stops(
    visible: set[str], subtitle: str | None
) -> None:
    spec = period_chart(JOURNEY, visible, subtitle)
    assert sum(row["stops"] for row in spec["data"]["values"]) == len(visible)
    assert spec["title"].get("subtitle") == subtitle
    assert spec["encoding"]["y"]["scale"]["domain"] == [0, max(1, len(visible))]
