"""Wording: stop numbers, counts, date spans, and markdown that shows untrusted text as text."""

from __future__ import annotations

from datetime import date

import pytest

from itinerary import table, text
from itinerary.loader import load_journey
from itinerary.model import Stop
from itinerary.route import build_route
from itinerary.text import (
    count_noun,
    date_span,
    stop_from_tooltip,
    stop_number,
    stop_title,
    stop_tooltip,
)
from tests.conftest import MINI

JOURNEY = load_journey(MINI)
ROUTE = build_route(JOURNEY)
ALPHA = JOURNEY.stops[0]


# --- one stop number everywhere --------------------------------------------------------------


def test_the_stop_number_is_the_data_seq_for_now() -> None:
    assert [stop_number(stop) for stop in JOURNEY.stops] == [1, 2, 3]
    assert stop_title(ALPHA) == "1. Alpha"


def _number_shown_by(helper: str, stop: Stop) -> str:
    """The number `helper` shows for `stop`, read off what it makes."""
    if helper == "tooltip":
        return stop_tooltip(stop).split(".")[0]
    if helper == "table":
        (row,) = table.stop_rows([stop], ROUTE, None)
        return str(row["#"])
    raise AssertionError(helper)


@pytest.mark.parametrize(
    "helper",
    ["tooltip", "table"],
    ids=[
        "map tooltip (also how a click is traced back)",
        "itinerary table's # column",
    ],
)
def test_every_helper_takes_the_number_from_stop_number(
    monkeypatch: pytest.MonkeyPatch, helper: str
) -> None:
    """Change the numbering in stop_number and every place follows."""

    def shifted(stop: Stop) -> int:
        return stop.seq + 100

    for module in (text, table):
        monkeypatch.setattr(module, "stop_number", shifted)
    assert _number_shown_by(helper, JOURNEY.stops[1]) == "102"


def test_a_clicked_tooltip_finds_its_stop_by_the_number_shown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(text, "stop_number", lambda stop: stop.seq - 1)
    beta = JOURNEY.stops[1]
    assert stop_tooltip(beta).startswith("1. Beta")
    assert stop_from_tooltip(JOURNEY.stops, stop_tooltip(beta)) is beta


# --- counts and date spans -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "noun", "expected"),
    [(1, "day", "1 day"), (2, "day", "2 days"), (0, "stop", "0 stops"),
     (1234, "stop", "1,234 stops")],
    ids=["one is singular", "two is plural", "none is plural", "thousands are grouped"],
)  # fmt: skip
def test_count_noun(count: int, noun: str, expected: str) -> None:
    assert count_noun(count, noun) == expected


@pytest.mark.parametrize(
    ("first", "last", "with_year", "expected"),
    [
        (date(2023, 9, 12), date(2023, 9, 12), True, "12 Sep 2023"),
        (date(2023, 9, 12), date(2023, 9, 12), False, "12 Sep"),
        (date(2023, 9, 10), date(2023, 9, 19), True, "10–19 Sep 2023"),
        (date(2023, 9, 10), date(2023, 9, 19), False, "10–19 Sep"),
        (date(2023, 8, 30), date(2023, 9, 2), True, "30 Aug – 2 Sep 2023"),
        (date(2023, 12, 30), date(2024, 1, 2), True, "30 Dec 2023 – 2 Jan 2024"),
        (date(2023, 12, 30), date(2024, 1, 2), False, "30 Dec 2023 – 2 Jan 2024"),
        (date(2023, 9, 12), date(2024, 9, 14), True, "12 Sep 2023 – 14 Sep 2024"),
    ],
    ids=[
        "one day is one date, not 12–12 Sep",
        "one day without the year",
        "same month",
        "same month without the year",
        "across months",
        "across years names both years",
        "across years keeps both years even when asked to leave the year out",
        "same month a year apart is not 'the same month'",
    ],
)
def test_date_span(first: date, last: date, with_year: bool, expected: str) -> None:
    assert date_span(first, last, with_year=with_year) == expected
