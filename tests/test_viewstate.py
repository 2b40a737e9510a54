"""Deep links: a view survives the URL unchanged; a broken link is explained, not fatal."""

from __future__ import annotations

from datetime import date

import pytest

from itinerary.loader import load_journey
from itinerary.viewstate import ViewState, from_query, to_query
from tests.conftest import MINI

JOURNEY = load_journey(MINI)


def _as_params(query: dict[str, str | list[str]]) -> dict[str, list[str]]:
    return {key: value if isinstance(value, list) else [value] for key, value in query.items()}


@pytest.mark.parametrize(
    "state",
    [
        ViewState(),
        ViewState(journey="mini"),
        ViewState(topics=("railways", "environment"), match="all"),
        ViewState(topics=()),
        ViewState(first_day=date(2023, 9, 13), last_day=date(2023, 9, 14)),
        ViewState(text="Person B", confidences=("confirmed", "unconfirmed")),
        ViewState(confidences=()),
        ViewState(stop="gamma", step=2),
    ],
    ids=[
        "default",
        "journey",
        "topics, match all",
        "no topic at all",
        "date range",
        "text and confidence",
        "no confidence at all",
        "stop and step",
    ],
)
def test_every_view_round_trips_through_the_url(state: ViewState) -> None:
    parsed = from_query(_as_params(to_query(state)), JOURNEY)
    assert parsed.state == state
    assert parsed.notes == ()


def test_the_default_view_has_an_empty_query() -> None:
    assert to_query(ViewState()) == {}


@pytest.mark.parametrize(
    ("params", "note"),
    [
        ({"topic": ["space", "sport"]}, "unknown topic(s) in the link ignored: sport"),
        ({"match": ["most"]}, "match must be 'any' or 'all', instead got 'most'"),
        ({"from": ["13/09/2023"]}, "from must be a date like 2023-09-12, instead got '13/09/2023'"),
        ({"stop": ["omega"]}, "the link's stop 'omega' is not in this journey"),
        ({"step": ["3"]}, "playback step must be a stop number, instead got '3'"),
        ({"step": ["x"]}, "playback step must be a stop number, instead got 'x'"),
    ],
    ids=["unknown topic", "bad match", "bad date", "unknown stop", "step past the end", "text"],
)
def test_broken_links_are_explained(params: dict[str, list[str]], note: str) -> None:
    parsed = from_query(params, JOURNEY)
    assert note in parsed.notes


def test_search_text_is_bounded() -> None:
    assert len(from_query({"q": ["x" * 5000]}, JOURNEY).state.text) == 200


def test_a_view_becomes_a_stop_filter() -> None:
    stop_filter = ViewState(topics=("aviation",)).stop_filter(("aviation", "railways"))
    assert stop_filter.topics == frozenset({"aviation"})
    assert ViewState().stop_filter(("aviation",)).topics == frozenset({"aviation"})
