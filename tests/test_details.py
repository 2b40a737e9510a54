"""The details beside the map: the stop picker's window, label and note, and the chosen
stop's heading and facts."""

from __future__ import annotations

import pytest

from itinerary.format.loader import load_journey
from itinerary.geo.route import build_route
from itinerary.views.details import (
    CHOICE_LIMIT,
    StopPicker,
    choice_window,
    stop_details,
    stop_picker,
)
from itinerary.views.text import leg_summary, stop_details_markdown, stop_heading_markdown
from tests.conftest import MINI

JOURNEY = load_journey(MINI)
ROUTE = build_route(JOURNEY)


@pytest.mark.parametrize(
    ("count", "selected", "limit", "expected"),
    [
        (3, None, 5, ["s0", "s1", "s2"]),
        (10, None, 4, ["s0", "s1", "s2", "s3"]),
        (10, "s5", 4, ["s3", "s4", "s5", "s6"]),
        (10, "s0", 4, ["s0", "s1", "s2", "s3"]),
        (10, "s9", 4, ["s6", "s7", "s8", "s9"]),
        (10, "gone", 4, ["s0", "s1", "s2", "s3"]),
    ],
    ids=[
        "few stops: all of them",
        "nothing selected: the first ones",
        "centred on the selection",
        "a selection at the start does not run off the front",
        "a selection at the end does not run off the back",
        "a selection no longer visible: the first ones",
    ],
)
def test_choice_window(count: int, selected: str | None, limit: int, expected: list[str]) -> None:
    ids = [f"s{i}" for i in range(count)]
    window = choice_window(ids, selected, limit)
    assert window == expected
    assert selected not in ids or selected in window


def test_choice_window_limit_must_be_positive() -> None:
    with pytest.raises(ValueError, match="instead got 0"):
        choice_window(["a"], None, 0)


MANY = [f"s{i}" for i in range(CHOICE_LIMIT + 10)]


@pytest.mark.parametrize(
    ("visible", "selected", "playing", "picker"),
    [
        (["a", "b"], None, False, StopPicker("Stop details", ["a", "b"], None)),
        (["a", "b"], "b", True, StopPicker("Narrative: stop", ["a", "b"], None)),
        ([], None, False, StopPicker("Stop details", [], None)),
        (
            MANY,
            "s0",
            False,
            StopPicker(
                "Stop details",
                MANY[:CHOICE_LIMIT],
                f"The list holds the {CHOICE_LIMIT} stops around the selection.",
            ),
        ),
    ],
    ids=[
        "a few stops: all of them, to look up",
        "during playback it narrates",
        "nothing visible: an empty list, no note",
        "too many for a list: a window, and a note that says so",
    ],
)
def test_stop_picker(
    visible: list[str], selected: str | None, playing: bool, picker: StopPicker
) -> None:
    assert stop_picker(visible, selected, playing) == picker


@pytest.mark.parametrize(
    ("stop_id", "says"),
    [
        ("alpha", "**From the previous stop:** first stop of the journey"),
        ("gamma", "**From the previous stop:** From Beta: "),
    ],
    ids=["the first stop: no leg led there", "a later stop: the leg that led there"],
)
def test_stop_details(stop_id: str, says: str) -> None:
    stop = JOURNEY.stop(stop_id)
    heading, details = stop_details(stop, ROUTE)
    assert heading == stop_heading_markdown(stop)
    assert details == stop_details_markdown(stop, leg_summary(ROUTE.leg_into(stop_id)))
    assert says in details
