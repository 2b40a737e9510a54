"""The dashboard's state between reruns: which keys hold what, and how links, resets,
clicks and playback change them.

Everything here works on a mutable mapping: Streamlit's session state in the app, a
plain dict in the tests. Widget values arrive in it under the widgets' keys before the
script runs; what the app computes from them goes back under keys of its own (leading
underscore). Filter widgets are keyed per journey shown (its scope) and per reset (the
generation): a late rerun from the browser that carries old widget values then lands on
widgets that no longer exist, and a reset gives the browser fresh widgets instead of
ones that remember their old values.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from typing import Any

from itinerary.dashboard.catalog import UPLOAD_KEY
from itinerary.dashboard.playback import Playback
from itinerary.dashboard.prepared import PreparedJourney
from itinerary.dashboard.viewstate import ViewState, from_query, view_from_filters, widget_values
from itinerary.model import CONFIDENCES, Journey
from itinerary.views.table import Page, page_holding, page_of, picked_row, selected_rows
from itinerary.views.timeline import picked_stop
from itinerary.views.topicpanel import TopicChoice, take_value

Session = MutableMapping[str, Any]


def generation(session: Session) -> int:
    """How many times the filters were reset: part of every filter widget's key."""
    gen: int = session.get("_gen", 0)
    return gen


def filter_key(session: Session, name: str, scope: str) -> str:
    return f"{name}@{scope}#{generation(session)}"


def topic_widget_key(session: Session, scope: str) -> str:
    return filter_key(session, "topicfilter", scope)


def journey_scope(session: Session, key: str, journey: Journey) -> str:
    """What the filter widgets belong to: the file shown, or this upload's content."""
    if key == UPLOAD_KEY:
        digest: str = session.get("_upload", ("?",))[0]
        return f"{UPLOAD_KEY}-{digest[:12]}"
    return f"{key}-{journey.id}"


def take_upload(
    session: Session, name: str | None, content: bytes | None, check: Callable[[bytes, str], Any]
) -> Any:
    """The upload's result (``check(content, name)``), worked out once per content and kept in
    this session only; None without an upload."""
    if name is None or content is None:
        session.pop("_upload", None)
        return None
    digest = hashlib.sha256(content).hexdigest()
    cached = session.get("_upload")
    if cached is None or cached[0] != digest:
        cached = session["_upload"] = (digest, check(content, name))
    return cached[1]


def choose_journey(
    session: Session, keys: Sequence[str], uploaded: bool, default: str
) -> tuple[str, list[str]]:
    """The journey to show (a new upload is what the reader wants), and the picker's options."""
    digest = session["_upload"][0] if uploaded else None
    if digest is not None and digest != session.get("_upload_shown"):
        session["_upload_shown"] = digest
        session["journey"] = UPLOAD_KEY
    options = [*keys, UPLOAD_KEY] if uploaded else list(keys)
    if session.get("journey") not in options:
        fallback = default if default in options else options[0]
        session["journey"] = UPLOAD_KEY if uploaded else fallback
    key: str = session["journey"]
    return key, options


def enter_journey(session: Session, scope: str) -> None:
    """A different journey starts afresh: no playback, selection or topics from the last
    one (its other filters go with their widgets, which are keyed by journey)."""
    previous = session.get("_filters_for")
    if previous not in (None, scope):
        for stale in ("step", "playing", "selected_stop", f"_topics@{previous}"):
            session.pop(stale, None)
    session["_filters_for"] = scope


def reset_filters(session: Session, scope: str) -> None:
    """New keys for every filter widget (the generation), the topics back to all."""
    session["_gen"] = generation(session) + 1
    session.pop(f"_topics@{scope}", None)
    session.pop("step", None)
    session.pop("playing", None)


# --- Deep links -------------------------------------------------------------------------


def seed_from_link(
    session: Session, params: Mapping[str, Sequence[str]], keys: Sequence[str]
) -> list[str]:
    """On a session's first run, keep the link's view for the widgets and pick its journey."""
    if session.get("_seeded"):
        return []
    session["_seeded"] = session["_first_run"] = True
    link = from_query(params, None)
    session["_link"] = link.state
    if link.state.journey in keys:
        session["journey"] = link.state.journey
    elif link.state.journey:
        return [f"the link's journey {link.state.journey!r} is not available here"]
    return []


def apply_link(
    session: Session, params: Mapping[str, Sequence[str]], journey: Journey, scope: str
) -> list[str]:
    """Once the journey is known, the link's view (checked against it) goes into the widgets.

    A value the browser already sent in this run wins over the link's: after a reconnect
    to another server (a new session), the reader's own change must not be undone by the
    URL of the view before it.
    """
    if session.pop("_link", None) is None:
        return []
    parsed = from_query(params, journey)
    values = widget_values(parsed.state, journey)
    if values.topics is not None or values.match != "any":
        available = frozenset(topic for stop in journey.stops for topic in stop.topics)
        topics = available if values.topics is None else values.topics
        session[f"_topics@{scope}"] = TopicChoice(topics, values.match, generation(session), 0)
    session.setdefault(filter_key(session, "days", scope), values.days)
    session.setdefault(filter_key(session, "q", scope), values.text)
    if values.confidences is not None:
        session.setdefault(filter_key(session, "conf", scope), list(values.confidences))
    if values.stop and "selected_stop" not in session:
        session["selected_stop"] = values.stop
        session["_focus"] = True
    if values.step is not None:
        session.setdefault("step", values.step)
    return list(parsed.notes)


# --- Filters ----------------------------------------------------------------------------


def topic_choice(session: Session, loaded: PreparedJourney, scope: str) -> TopicChoice:
    """The reader's topics: the page's latest report, a deep link's, or all of them."""
    default = TopicChoice(frozenset(loaded.topics), "any", generation(session), 0)
    choice: TopicChoice = session.get(f"_topics@{scope}", default)
    if choice.epoch != generation(session):
        choice = default
    widget = session.get(topic_widget_key(session, scope))
    value = widget.get("value") if isinstance(widget, Mapping) else None
    choice = take_value(choice, value, loaded.topics)
    session[f"_topics@{scope}"] = choice
    return choice


def map_has_drawn(session: Session, scope: str) -> bool:
    """True from the rerun the page's topic filter asks for once the map has drawn."""
    widget = session.get(topic_widget_key(session, scope))
    if isinstance(widget, Mapping) and widget.get("ready"):
        session["_ready"] = True
    return bool(session.get("_ready"))


def read_view(
    session: Session, key: str, loaded: PreparedJourney, scope: str, choice: TopicChoice
) -> ViewState:
    """The view the filters ask for, from their widgets' state (they are drawn later)."""
    return view_from_filters(
        loaded.journey,
        key=key if key != UPLOAD_KEY else None,
        topics=sorted(choice.topics),
        available=loaded.topics,
        match=choice.match,
        days=session.get(filter_key(session, "days", scope), loaded.days),
        text=str(session.get(filter_key(session, "q", scope), "")),
        confidences=session.get(filter_key(session, "conf", scope), list(CONFIDENCES)),
    )


# --- Selection --------------------------------------------------------------------------


def table_key(session: Session, page: Page) -> str:
    # One widget per page: a row number selected on one page names another stop on the
    # next. A stop chosen elsewhere gives the table a new key, so no old row stays ticked.
    return f"table{session.get('_table_gen', 0)}_p{page.number}"


def timeline_key(session: Session) -> str:
    # A fresh chart (new key) forgets its point selection, so the same point can be
    # clicked again after another stop was chosen elsewhere.
    return f"timeline{session.get('_timeline_gen', 0)}"


def take_selection_events(session: Session, visible_ids: list[str]) -> bool:
    """Clicks on the timeline or the table select a stop. True when one did.

    An event counts once, when it changes: the table reports row numbers, and the same
    rows after a filter change are not a new click (they would name another stop).
    """
    page = page_of(len(visible_ids), session.get("table_page", 1))
    readers: dict[str, Callable[[object], tuple[str | None, object]]] = {
        timeline_key(session): lambda event: (picked_stop(event), picked_stop(event)),
        table_key(session, page): lambda event: (
            picked_row(event, page, visible_ids),
            tuple(selected_rows(event)),
        ),
    }
    changed = False
    for key, read in readers.items():
        picked, raw = read(session.get(key))
        if raw == session.get(f"_last_{key}"):
            continue
        session[f"_last_{key}"] = raw
        if picked:
            if key.startswith("timeline"):
                session["_timeline_gen"] = session.get("_timeline_gen", 0) + 1
            else:
                session["_picked_in_table"] = picked
            session["selected_stop"] = picked
            session.pop("step", None)
            changed = True
    return changed


def take_map_click(session: Session, stop_id: str | None) -> bool:
    """A marker click the map reported: True when it selects a new stop.

    What the map reports in a session's first run was clicked before the session began: a
    page that reconnected to another server (a new session) sends the map's last click
    with the stop box, which holds what the reader chose since.
    """
    if session.pop("_first_run", False):
        session["_last_click"] = stop_id
        return False
    if stop_id is None or stop_id == session.get("_last_click"):
        return False
    session["_last_click"] = session["selected_stop"] = stop_id
    session.pop("step", None)
    return True


def follow_in_table(session: Session, selected: str, visible_ids: Sequence[str]) -> None:
    """A stop chosen outside the table: open the page holding it, untick the old row."""
    if selected == session.get("_table_followed"):
        return
    session["_table_followed"] = selected
    index = visible_ids.index(selected) if selected in visible_ids else 0
    session["table_page"] = page_holding(index)
    if session.pop("_picked_in_table", None) != selected:
        session["_table_gen"] = session.get("_table_gen", 0) + 1


def table_page(session: Session, key: str, total: int) -> Page:
    """The page of ``total`` rows that the picker under ``key`` holds; a number past the
    rows (they shrank) is clamped, and written back so that the picker shows it."""
    page = page_of(total, session.get(key, 1))
    if page.count > 1:
        session[key] = page.number
    return page


def drop_hidden_selection(session: Session, visible_ids: Sequence[str]) -> None:
    """A selected stop the filters now hide is forgotten: the picker cannot show it."""
    if session.get("selected_stop") not in visible_ids:
        session.pop("selected_stop", None)


# --- Playback -------------------------------------------------------------------------


def playback(session: Session) -> Playback:
    return Playback(session.get("step"), bool(session.get("playing")))


def set_playback(
    session: Session,
    new: Playback,
    *,
    focus: bool = True,
    clock: Callable[[], float] = time.monotonic,
) -> None:
    session["playing"] = new.playing
    if new.step is None:
        session.pop("step", None)
    else:
        session["step"] = new.step
    session["_focus"] = focus
    session["_last_tick"] = clock()


def tick(
    session: Session, seconds: float, count: int, clock: Callable[[], float] = time.monotonic
) -> bool:
    """A beat of the playback clock (every ``seconds``): on to the next of ``count`` visible
    stops; True when it moved. The clock's fragment also runs with every full rerun, so a
    beat that comes well before its time (any move restarts it) does nothing."""
    now = clock()
    if now - session.get("_last_tick", now) < seconds * 0.8:
        return False
    set_playback(session, playback(session).ticked(count), clock=clock)
    return True


def settle_playback(session: Session, visible_ids: list[str]) -> Playback:
    """Playback over the stops now visible; a step selects its stop."""
    now = playback(session).within(len(visible_ids))
    if now != playback(session):  # the filters left the step behind
        set_playback(session, now, focus=False)
    if now.step is not None:
        session["selected_stop"] = visible_ids[now.step]
    return now
