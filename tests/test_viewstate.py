"""Deep links: a view survives the URL unchanged; a broken link is explained, not fatal."""

from __future__ import annotations

from datetime import date

import pytest

from itinerary.dashboard.viewstate import (
    UPLOAD_NOT_LINKED,
    ViewState,
    from_query,
    link_caveat,
    parse_link,
    share_link,
    to_query,
)
from itinerary.format.loader import load_journey
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
        ({"topic": ["aviation", "sport"]}, "unknown topic(s) in the link ignored: sport"),
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


@pytest.mark.parametrize(
    ("params", "topics", "confidences", "note"),
    [
        ({"topic": ["bogus"]}, None, None,
         "unknown topic(s) in the link ignored: bogus; showing all topics"),
        ({"conf": ["maybe"]}, None, None,
         "unknown confidence value(s) in the link ignored: maybe; showing every confidence"),
        ({"topic": ["aviation", "bogus"]}, ("aviation",), None,
         "unknown topic(s) in the link ignored: bogus"),
        ({"conf": ["reported", "maybe"]}, None, ("reported",),
         "unknown confidence value(s) in the link ignored: maybe"),
        ({"topic": ["naval"]}, None, None,
         "topic(s) in the link not in this journey, ignored: naval; showing all topics"),
        ({"topic": ["none", "bogus"]}, (), None, "unknown topic(s) in the link ignored: bogus"),
    ],
    ids=[
        "only an unknown topic: all topics, not none",
        "only an unknown confidence: every confidence, and a note",
        "an unknown topic beside a known one: the known one",
        "an unknown confidence beside a known one: the known one",
        "a real topic this journey does not use: all topics",
        "'none' still means no topic when an unknown value is dropped",
    ],
)  # fmt: skip
def test_a_bad_value_is_dropped_with_a_note_and_the_default_applies(
    params: dict[str, list[str]],
    topics: tuple[str, ...] | None,
    confidences: tuple[str, ...] | None,
    note: str,
) -> None:
    parsed = from_query(params, JOURNEY)
    assert (parsed.state.topics, parsed.state.confidences) == (topics, confidences)
    assert parsed.notes == (note,)


def test_a_link_with_bad_values_is_not_rewritten_to_select_nothing() -> None:
    """topic=bogus&conf=maybe used to come back as topic=none&conf=none."""
    parsed = from_query({"topic": ["bogus"], "conf": ["maybe"]}, JOURNEY)
    assert to_query(parsed.state) == {}


SEARCH = "Shoigu & Putin #2 + 50%  Шойгу/Путин? a=b"


@pytest.mark.parametrize(
    ("page_url", "prefix"),
    [
        ("http://127.0.0.1:8501", "http://127.0.0.1:8501/?"),
        ("http://127.0.0.1:8501/", "http://127.0.0.1:8501/?"),
        ("https://maps.example/?journey=old&q=x#top", "https://maps.example/?"),
        ("https://example.org/itinerary", "https://example.org/itinerary/?"),
        ("", "/?"),
    ],
    ids=[
        "no path",
        "root path",
        "the page's own query and fragment",
        "a sub-path",
        "no page address known (AppTest): a link relative to the site",
    ],
)
def test_a_share_link_round_trips_any_search_text(page_url: str, prefix: str) -> None:
    state = ViewState(
        journey="mini", topics=("aviation",), text=SEARCH, confidences=("reported",), stop="beta"
    )
    link = share_link(page_url, state)
    assert link.startswith(prefix)
    assert "#" not in link and " " not in link
    parsed = parse_link(link, JOURNEY)
    assert parsed.state == state
    assert parsed.notes == ()


def test_the_default_view_links_to_the_bare_page() -> None:
    assert share_link("http://127.0.0.1:8501/?stop=beta", ViewState()) == "http://127.0.0.1:8501/"


@pytest.mark.parametrize(
    ("state", "caveat"),
    [
        (ViewState(journey="mini", stop="beta"), None),
        (ViewState(journey=None, stop="beta"), UPLOAD_NOT_LINKED),
    ],
    ids=["a journey from the data folder comes back by name", "an upload has no name to carry"],
)
def test_a_link_says_when_it_cannot_bring_the_view_back(
    state: ViewState, caveat: str | None
) -> None:
    assert link_caveat(state) == caveat
    if caveat is not None:  # and the link indeed holds no journey
        assert parse_link(share_link("", state), JOURNEY).state.journey is None


def test_search_text_is_bounded() -> None:
    assert len(from_query({"q": ["x" * 5000]}, JOURNEY).state.text) == 200


def test_a_view_becomes_a_stop_filter() -> None:
    stop_filter = ViewState(topics=("aviation",)).stop_filter(("aviation", "railways"))
    assert stop_filter.topics == frozenset({"aviation"})
    assert ViewState().stop_filter(("aviation",)).topics == frozenset({"aviation"})
