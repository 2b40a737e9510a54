"""What one run of the page shows, worked out from the session before anything is drawn:
the reader's topics and the view the filters ask for, the stops it lets through, the
selected stop, where playback is, and what the map is told to do with them.

The app lays this out; the tests work it out on a plain dict, as the session does.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from itinerary.dashboard import session
from itinerary.dashboard.playback import Playback
from itinerary.dashboard.prepared import PreparedJourney
from itinerary.dashboard.session import Session
from itinerary.dashboard.viewstate import ViewState
from itinerary.filtering import StopFilter, filter_stops
from itinerary.model import Stop
from itinerary.views.topicpanel import TopicChoice


@dataclass(frozen=True)
class Shown:
    choice: TopicChoice  # the reader's topics
    view: ViewState  # what the filters ask for (the selection and step not yet in it)
    stop_filter: StopFilter
    visible: tuple[Stop, ...]
    visible_ids: list[str]
    playback: Playback
    selected: str | None  # the selected stop, when it is visible
    focus: bool  # the map moves to the selected stop
    progress: int | None  # during playback: the selected stop's place in the journey

    def linked(self, selected: str | None) -> ViewState:
        """The view the page's URL and share link carry, with the stop the details show."""
        return replace(self.view, stop=selected, step=self.playback.step)


def shown_now(state: Session, key: str, loaded: PreparedJourney, scope: str) -> Shown:
    """This run's view of journey ``key`` (its filters scoped by ``scope``). Clicks on the
    table and the timeline are taken, and a playback step the filters left behind dropped."""
    journey = loaded.journey
    choice = session.topic_choice(state, loaded, scope)
    view = session.read_view(state, key, loaded, scope, choice)
    stop_filter = view.stop_filter(loaded.topics)
    visible = filter_stops(journey.stops, stop_filter)
    visible_ids = [stop.id for stop in visible]
    clicked = session.take_selection_events(state, visible_ids)
    now = session.settle_playback(state, visible_ids)
    focus = state.pop("_focus", False) or clicked  # a link, playback, or a click elsewhere
    selected = state.get("selected_stop") if state.get("selected_stop") in visible_ids else None
    progress = None
    if now.step is not None and selected is not None:  # the route is drawn up to here
        progress = journey.stops.index(journey.stop(selected))
    return Shown(
        choice, view, stop_filter, visible, visible_ids, now, selected, bool(focus), progress
    )
