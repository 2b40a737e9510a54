"""The dashboard's state between reruns, on a plain dict (as the app keeps it in Streamlit's
session state): links, resets, the page's topic reports, clicks, playback and uploads."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from itinerary.dashboard import session
from itinerary.dashboard.catalog import UPLOAD_KEY
from itinerary.dashboard.playback import Playback
from itinerary.dashboard.prepared import PreparedJourney, prepare
from itinerary.format.loader import load_journey
from itinerary.views.assets import Assets
from itinerary.views.table import PAGE_SIZE
from itinerary.views.topicpanel import TopicChoice
from tests.conftest import MINI

LOADED = prepare(load_journey(MINI), Assets.cdn(), publish_to=None)  # alpha, beta, gamma
SCOPE = "mini-mini"
IDS = ["alpha", "beta", "gamma"]


def fresh(**values: Any) -> dict[str, Any]:
    return {"_filters_for": SCOPE, **values}


def test_keys_name_the_scope_and_the_generation() -> None:
    state = fresh()
    assert session.filter_key(state, "q", SCOPE) == "q@mini-mini#0"
    session.reset_filters(state, SCOPE)
    assert session.filter_key(state, "q", SCOPE) == "q@mini-mini#1"
    assert session.topic_widget_key(state, SCOPE) == "topicfilter@mini-mini#1"


def test_a_link_picks_its_journey_once_and_says_when_it_cannot() -> None:
    state: dict[str, Any] = {}
    assert session.seed_from_link(state, {"journey": ["b"]}, ["a", "b"]) == []
    assert state["journey"] == "b"
    state["journey"] = "a"  # the reader moves on: a second run does not seed again
    assert session.seed_from_link(state, {"journey": ["b"]}, ["a", "b"]) == []
    assert state["journey"] == "a"
    notes = session.seed_from_link({}, {"journey": ["gone"]}, ["a"])
    assert notes == ["the link's journey 'gone' is not available here"]


def test_a_link_fills_the_widgets_of_its_journey() -> None:
    params = {"topic": ["aviation"], "match": ["all"], "q": ["person"], "stop": ["beta"]}
    state: dict[str, Any] = fresh()
    session.seed_from_link(state, params, [])
    assert session.apply_link(state, params, LOADED.journey, SCOPE) == []
    assert state[f"_topics@{SCOPE}"] == TopicChoice(frozenset({"aviation"}), "all", 0, 0)
    assert state["q@mini-mini#0"] == "person"
    assert state["selected_stop"] == "beta" and state["_focus"] is True
    assert session.apply_link(state, params, LOADED.journey, SCOPE) == []  # once only


ALL = frozenset(LOADED.topics)
AVIATION, RAILWAYS = frozenset({"aviation"}), frozenset({"railways"})


def report(topics: list[str], match: str, rev: int) -> dict[str, object]:
    return {"topics": topics, "match": match, "rev": rev}


@pytest.mark.parametrize(
    ("stored", "value", "expected"),
    [
        (None, None, TopicChoice(ALL, "any", 0, 0)),
        (None, report(["aviation"], "any", 5), TopicChoice(AVIATION, "any", 0, 5)),
        (
            TopicChoice(RAILWAYS, "any", 0, 9),
            report(["aviation"], "any", 5),
            TopicChoice(RAILWAYS, "any", 0, 9),
        ),
        (TopicChoice(RAILWAYS, "any", 3, 9), None, TopicChoice(ALL, "any", 0, 0)),
        (None, report(["aviation", "bogus"], "all", 2), TopicChoice(AVIATION, "all", 0, 2)),
    ],
    ids=[
        "nothing yet: every topic",
        "the page's report",
        "an older report than the one kept is ignored",
        "a choice from before a reset is dropped",
        "a topic the journey does not use is dropped",
    ],
)
def test_topic_choice(stored: TopicChoice | None, value: object, expected: TopicChoice) -> None:
    state = fresh()
    if stored is not None:
        state[f"_topics@{SCOPE}"] = stored
    if value is not None:
        state[session.topic_widget_key(state, SCOPE)] = {"value": value}
    assert session.topic_choice(state, LOADED, SCOPE) == expected


def test_the_page_says_once_that_the_map_has_drawn_and_it_stays_so() -> None:
    state = fresh()
    assert not session.map_has_drawn(state, SCOPE)
    state[session.topic_widget_key(state, SCOPE)] = {"ready": True}
    assert session.map_has_drawn(state, SCOPE)
    state[session.topic_widget_key(state, SCOPE)] = {}
    assert session.map_has_drawn(state, SCOPE)


def test_the_view_reads_the_widgets_and_spells_defaults_as_none() -> None:
    state = fresh(**{"q@mini-mini#0": "  person  ", "days@mini-mini#0": LOADED.days})
    choice = TopicChoice(frozenset(LOADED.topics), "any", 0, 0)
    view = session.read_view(state, "mini", LOADED, SCOPE, choice)
    assert (view.journey, view.topics, view.text, view.first_day) == ("mini", None, "person", None)
    state["days@mini-mini#0"] = (date(2023, 9, 13), LOADED.days[1])
    view = session.read_view(state, UPLOAD_KEY, LOADED, SCOPE, choice)
    assert (view.journey, view.first_day) == (None, date(2023, 9, 13))


def test_a_table_row_selects_once_and_the_same_rows_later_do_not() -> None:
    state = fresh()
    key = "table0_p1"
    state[key] = {"selection": {"rows": [1]}}
    assert session.take_selection_events(state, IDS)
    assert state["selected_stop"] == "beta" and state["_picked_in_table"] == "beta"
    state["selected_stop"] = "gamma"  # chosen elsewhere since
    assert not session.take_selection_events(state, ["alpha", "gamma"])  # same rows: no click
    assert state["selected_stop"] == "gamma"


def test_a_timeline_pick_selects_and_renews_the_chart() -> None:
    state = fresh(step=2)
    state["timeline0"] = {"selection": {"pick": [{"id": "gamma"}]}}
    assert session.take_selection_events(state, IDS)
    assert state["selected_stop"] == "gamma" and "step" not in state
    assert session.timeline_key(state) == "timeline1"


def test_a_map_click_selects_a_new_stop_once() -> None:
    state = fresh(step=1)
    assert session.take_map_click(state, "beta")
    assert state["selected_stop"] == "beta" and "step" not in state
    assert not session.take_map_click(state, "beta")
    assert not session.take_map_click(state, None)


def test_a_map_click_from_before_the_session_selects_nothing() -> None:
    """A page that reconnected to another server reports the marker clicked in its old
    session; the reader has chosen another stop since (the page's stop box sent it)."""
    state = fresh(selected_stop="gamma")
    session.seed_from_link(state, {"stop": ["gamma"]}, [])
    assert not session.take_map_click(state, "beta")
    assert state["selected_stop"] == "gamma"
    assert not session.take_map_click(state, "beta")  # the same report, a run later
    assert session.take_map_click(state, "alpha")  # a new click
    assert state["selected_stop"] == "alpha"


def test_a_stop_chosen_elsewhere_opens_its_table_page_and_unticks_the_old_row() -> None:
    state = fresh()
    many = [f"s{i}" for i in range(PAGE_SIZE + 10)]  # s250 is on the second page
    session.follow_in_table(state, "s250", many)
    assert (state["table_page"], state["_table_gen"]) == (2, 1)
    session.follow_in_table(state, "s250", many)
    assert state["_table_gen"] == 1  # the same stop again changes nothing
    state["_picked_in_table"] = "s1"
    session.follow_in_table(state, "s1", many)
    assert (state["table_page"], state["_table_gen"]) == (1, 1)  # its row stays ticked


@pytest.mark.parametrize(
    ("stored", "total", "page", "written"),
    [
        (None, 10, 1, None),
        (None, 2 * PAGE_SIZE, 1, 1),
        (2, 2 * PAGE_SIZE, 2, 2),
        (3, 2 * PAGE_SIZE, 2, 2),
        (3, 10, 1, 3),
        (0, 2 * PAGE_SIZE, 1, 1),
    ],
    ids=[
        "one page: no picker, nothing written",
        "the first of two pages when none was chosen",
        "the chosen page",
        "past the rows (they shrank): the last page, written back for the picker",
        "one page left: shown whole, the old number kept for when rows come back",
        "below the first: the first",
    ],
)
def test_table_page(stored: int | None, total: int, page: int, written: int | None) -> None:
    state = fresh() if stored is None else fresh(legs_page=stored)
    assert session.table_page(state, "legs_page", total).number == page
    assert state.get("legs_page") == written


@pytest.mark.parametrize(
    ("selected", "kept"),
    [("beta", True), ("gamma", False), (None, False)],
    ids=["a visible stop stays selected", "a hidden one is forgotten", "nothing selected"],
)
def test_a_selection_the_filters_hide_is_dropped(selected: str | None, kept: bool) -> None:
    state = fresh() if selected is None else fresh(selected_stop=selected)
    session.drop_hidden_selection(state, IDS[:2])
    assert ("selected_stop" in state) is kept


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("since", "moved", "step"),
    [(1.0, False, 1), (1.7, True, 2), (2.5, True, 2), (None, False, 1)],
    ids=[
        "half a beat after the last move: a full rerun, not a beat",
        "most of a beat (2 s) later: on to the next stop",
        "late: on, once",
        "no move yet known: wait for one",
    ],
)
def test_the_playback_clock(since: float | None, moved: bool, step: int) -> None:
    clock = Clock(100.0)
    state = fresh(step=1, playing=True)
    if since is not None:
        state["_last_tick"] = clock.now - since
    assert session.tick(state, 2.0, len(IDS), clock) is moved
    assert state["step"] == step
    if moved:
        assert state["_last_tick"] == clock.now  # the next beat counts from here
        assert not session.tick(state, 2.0, len(IDS), clock)


def test_the_clock_stops_at_the_last_stop() -> None:
    clock = Clock(100.0)
    state = fresh(step=2, playing=True, _last_tick=90.0)
    assert session.tick(state, 2.0, len(IDS), clock)
    assert (state["step"], state["playing"]) == (2, False)


def test_playback_selects_its_stop_and_drops_a_step_the_filters_hid() -> None:
    state = fresh(step=2, playing=True)
    assert session.settle_playback(state, IDS) == Playback(2, True)
    assert state["selected_stop"] == "gamma"
    assert session.settle_playback(state, IDS[:2]) == Playback(None, False)
    assert "step" not in state and state["playing"] is False


def test_an_upload_is_checked_once_per_content() -> None:
    calls: list[str] = []

    def check(content: bytes, name: str) -> str:
        calls.append(name)
        return f"checked {len(content)}"

    state: dict[str, Any] = {}
    assert session.take_upload(state, "a.yaml", b"abc", check) == "checked 3"
    assert session.take_upload(state, "a.yaml", b"abc", check) == "checked 3"
    assert session.take_upload(state, "a.yaml", b"abcd", check) == "checked 4"
    assert calls == ["a.yaml", "a.yaml"]
    assert session.take_upload(state, None, None, check) is None
    assert "_upload" not in state


def test_a_new_upload_is_shown_and_an_unknown_journey_falls_back() -> None:
    state: dict[str, Any] = {"journey": "gone"}
    assert session.choose_journey(state, ["a", "b"], False, "b") == ("b", ["a", "b"])
    state["_upload"] = ("digest", object())
    key, options = session.choose_journey(state, ["a", "b"], True, "b")
    assert (key, options) == (UPLOAD_KEY, ["a", "b", UPLOAD_KEY])
    state["journey"] = "a"  # the reader goes back: the same upload does not take over again
    assert session.choose_journey(state, ["a", "b"], True, "b")[0] == "a"


def test_prepared_journey_days() -> None:
    assert isinstance(LOADED, PreparedJourney)
    assert LOADED.days == (date(2023, 9, 12), date(2023, 9, 14))


def test_what_the_browser_sent_wins_over_the_links_view() -> None:
    """After a reconnect to another server, the first run of the new session carries the
    reader's latest change and the URL of the view before it: the change must stay."""
    params = {"q": ["old search"], "stop": ["alpha"], "step": ["0"]}
    state = fresh(**{"q@mini-mini#0": "new search", "selected_stop": "gamma", "step": 2})
    session.seed_from_link(state, params, [])
    session.apply_link(state, params, LOADED.journey, SCOPE)
    assert (state["q@mini-mini#0"], state["selected_stop"], state["step"]) == (
        "new search",
        "gamma",
        2,
    )
