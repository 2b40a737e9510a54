"""What one run shows, worked out on a plain dict as the app's session holds it: the
visible stops, the selection, playback, and what the map is told."""

from __future__ import annotations

from typing import Any

import pytest

from itinerary.dashboard import session
from itinerary.dashboard.playback import Playback
from itinerary.dashboard.prepared import prepare
from itinerary.dashboard.shown import shown_now
from itinerary.dashboard.viewstate import ViewState
from itinerary.filtering import filter_stops
from itinerary.format.loader import load_journey
from itinerary.views.assets import Assets
from tests.conftest import MINI

LOADED = prepare(load_journey(MINI), Assets.cdn(), publish_to=None)  # alpha, beta, gamma
SCOPE = "mini-mini"


def fresh(**values: Any) -> dict[str, Any]:
    return {"_filters_for": SCOPE, **values}


def test_at_first_every_stop_is_shown_and_none_selected() -> None:
    shown = shown_now(fresh(), "mini", LOADED, SCOPE)
    assert shown.visible == LOADED.journey.stops
    assert shown.visible_ids == ["alpha", "beta", "gamma"]
    assert (shown.selected, shown.focus, shown.progress) == (None, False, None)
    assert shown.playback == Playback()
    assert shown.view == ViewState(journey="mini")


ALL, SEARCHED = ["alpha", "beta", "gamma"], ["alpha", "gamma"]  # "person": in alpha and gamma
SEARCH = {"q@mini-mini#0": "person"}


@pytest.mark.parametrize(
    ("values", "visible", "selected", "focus", "progress"),
    [
        ({"selected_stop": "beta"}, ALL, "beta", False, None),
        ({"selected_stop": "beta", "_focus": True}, ALL, "beta", True, None),
        ({"selected_stop": "beta", **SEARCH}, SEARCHED, None, False, None),
        ({"step": 1, "playing": True}, ALL, "beta", False, 1),
        ({"step": 1, "playing": True, "_focus": True}, ALL, "beta", True, 1),
        ({"step": 1, **SEARCH}, SEARCHED, "gamma", False, 2),
        ({"step": 2, **SEARCH}, SEARCHED, None, False, None),
        ({"table0_p1": {"selection": {"rows": [2]}}}, ALL, "gamma", True, None),
    ],
    ids=[
        "a stop chosen before stays chosen; the map stays where the reader left it",
        "a link's stop: the map moves to it",
        "a chosen stop the search hides is not shown as selected",
        "playback selects its step's stop and draws the route up to it",
        "a playback move (its button or a beat) moves the map too",
        "a step counts among the visible stops; the route is drawn by the journey's order",
        "a step the filters left behind is dropped",
        "a table row selects its stop and moves the map",
    ],
)
def test_what_a_run_shows(
    values: dict[str, Any],
    visible: list[str],
    selected: str | None,
    focus: bool,
    progress: int | None,
) -> None:
    state = fresh(**values)
    shown = shown_now(state, "mini", LOADED, SCOPE)
    assert shown.visible_ids == visible
    assert [stop.id for stop in filter_stops(LOADED.journey.stops, shown.stop_filter)] == visible
    assert (shown.selected, shown.focus, shown.progress) == (selected, focus, progress)
    assert "_focus" not in state  # a move of the map is asked for once


def test_the_topics_come_from_the_page_s_report() -> None:
    state = fresh()
    state[session.topic_widget_key(state, SCOPE)] = {
        "value": {"topics": ["aviation"], "match": "any", "rev": 1}
    }
    shown = shown_now(state, "mini", LOADED, SCOPE)
    assert shown.choice.topics == frozenset({"aviation"})
    assert (shown.visible_ids, shown.view.topics) == (["beta"], ("aviation",))


def test_the_link_carries_the_stop_shown_and_the_step() -> None:
    shown = shown_now(fresh(step=1, playing=True), "mini", LOADED, SCOPE)
    assert shown.linked("beta") == ViewState(journey="mini", stop="beta", step=1)
    assert shown.linked(None) == ViewState(journey="mini", step=1)
