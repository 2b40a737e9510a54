"""Streamlit UI: layout, widgets and caching only. Everything shown comes from `itinerary`.

The first screen is the map, with the topic filter beside it. The rest of the panel
(playback, details), the sidebar (journeys, more filters) and what sits below the map
(tables, timeline, statistics, export) are sent once the map has drawn its stops: the
page's topic filter asks for them, so they never slow the first view down.

The sidebar and the tabs below the map are laid out by itinerary.ui (the only other
code that imports Streamlit); what any part shows is worked out in itinerary.dashboard
and itinerary.views, without Streamlit.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit_folium import st_folium

from itinerary.dashboard import session
from itinerary.dashboard.catalog import (
    UPLOAD_KEY,
    JourneyFile,
    cli_data_path,
    discover,
    picker_titles,
)
from itinerary.dashboard.playback import SPEEDS, controls, interval
from itinerary.dashboard.prepared import PreparedJourney, check_upload, prepare
from itinerary.dashboard.shown import Shown, shown_now
from itinerary.dashboard.viewstate import active_filters, to_query
from itinerary.errors import DataFileError
from itinerary.format.loader import load_journey
from itinerary.model import Journey
from itinerary.ui.sidebar import journeys_and_filters
from itinerary.ui.tabs import VIEWS, below_the_map
from itinerary.views.assets import Assets, cdn_assets
from itinerary.views.details import stop_details, stop_picker
from itinerary.views.mapdata import map_state
from itinerary.views.mapview import MAP_HEIGHT_PX, build_base_map, build_stop_layer
from itinerary.views.served import page_style, served_assets, skip_link_script, topic_filter_script
from itinerary.views.stats import figures_markdown, journey_totals
from itinerary.views.text import (
    PICK_A_STOP,
    SOURCING_NOTE,
    file_error,
    md_escape,
    playback_position,
    stop_from_tooltip,
    stop_label,
)
from itinerary.views.topicpanel import panel_data

# The folder this page runs from: the checkout, or a site `itinerary serve` laid out.
DATA_DIR = Path(__file__).parent / "data"
STATIC = Path(__file__).parent / "static"  # Streamlit serves it at /app/static
DEFAULT_KEY = "kim-russia-2023"
MAP_KEY = "itinerary_map"
CLICK_REPORT = "last_object_clicked_tooltip"  # what st_folium reports of a marker click
RECONNECT_TIMER_S = 3600  # see rerun_on_reconnect: any period does; this one costs nothing
state = st.session_state


# --- Caching -------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def map_assets() -> tuple[Assets, bool]:
    """Local copies when `make assets` has fetched them; else the CDN (True = fallback)."""
    local = served_assets(STATIC / "vendor", STATIC)
    return (local, False) if local is not None else (cdn_assets(), True)


@st.cache_resource(show_spinner=False)
def topic_filter_widget() -> Any:
    """The page's topic filter (itinerary/views/js/topic-filter.mjs)."""
    js = topic_filter_script(STATIC)
    return st.components.v2.component("itinerary_topic_filter", js=js, isolate_styles=False)


@st.cache_resource(show_spinner=False)
def skip_link_widget() -> Any:
    """ "Skip to the list of stops", the page's first link (itinerary/views/js/skip-link.mjs)."""
    return st.components.v2.component(
        "itinerary_skip_link", js=skip_link_script(STATIC), isolate_styles=False
    )


@st.cache_resource(show_spinner="Loading the itinerary…", max_entries=16)
def _load_file(path: str, mtime_ns: int, size: int) -> PreparedJourney | DataFileError:
    # Keyed on mtime and size (Streamlit would not hash them with a leading underscore):
    # an edited file is reloaded, an unchanged one never is. Errors are returned, not
    # raised, so that a broken file is not parsed again on every rerun.
    del mtime_ns, size
    try:
        return prepare(load_journey(path), map_assets()[0], publish_to=STATIC)
    except DataFileError as error:
        return error


def load_file(path: Path) -> PreparedJourney:
    try:
        stat = path.stat()
    except OSError:
        load_journey(path)  # raises the loader's message for a missing file
        raise
    loaded = _load_file(str(path), stat.st_mtime_ns, stat.st_size)
    if isinstance(loaded, DataFileError):
        raise loaded
    return loaded


# --- Journey, upload and link ------------------------------------------------------------


def show_file_error(heading: str, error: DataFileError) -> None:
    """Every problem, in full (a code block that wraps), never a traceback."""
    line, problems = file_error(heading, error)
    st.error(line)
    if problems is not None:
        st.code(problems, language=None, wrap_lines=True)


def read_upload() -> PreparedJourney | DataFileError | None:
    upload = state.get("upload_file")
    name, content = (upload.name, upload.getvalue()) if upload is not None else (None, None)
    result: PreparedJourney | DataFileError | None = session.take_upload(
        state, name, content, lambda data, file: check_upload(data, file, map_assets()[0])
    )
    return result


# --- Sidebar ---------------------------------------------------------------------------


def sidebar(
    journeys: list[JourneyFile],
    options: list[str],
    loaded: PreparedJourney | None,
    scope: str,
    refused: DataFileError | None,
) -> None:
    upload = state.get("upload_file")
    titles = picker_titles(
        journeys, lambda path: load_file(path).journey.title, upload.name if upload else None
    )
    journeys_and_filters(options, titles, refused is not None, loaded, scope)


# --- Selection and playback ------------------------------------------------------------


def playback_bar(journey: Journey, visible_ids: list[str]) -> None:
    """Previous / play / next over the visible stops, and where playback is."""
    count, now = len(visible_ids), session.playback(state)
    can = controls(now, count)
    # A row that stays a row on a phone (columns would stack into four lines).
    row = st.container(horizontal=True, gap="small", vertical_alignment="center")
    # Callbacks run before the script, so every button below sees the new step.
    row.button(
        "Prev", icon=":material/skip_previous:", key="prev", help="Previous visible stop",
        disabled=not can.previous,
        on_click=lambda: session.set_playback(state, session.playback(state).moved(-1, count)),
    )  # fmt: skip
    row.button(
        can.play_label, icon=can.play_icon, key="play", disabled=not can.play,
        help="Step through the visible stops in order",
        on_click=lambda: session.set_playback(state, session.playback(state).toggled(count)),
    )  # fmt: skip
    row.button(
        "Next", icon=":material/skip_next:", key="next", help="Next visible stop",
        disabled=not can.next,
        on_click=lambda: session.set_playback(state, session.playback(state).moved(1, count)),
    )  # fmt: skip
    row.selectbox(
        "Speed", list(SPEEDS), index=1, key="speed", label_visibility="collapsed", width=140
    )
    if now.step is not None:
        st.caption(playback_position(now.step, count, journey.stop(visible_ids[now.step])))


def run_playback_clock(visible_count: int) -> None:
    """While playing, a fragment ticks at the chosen speed and advances the whole page."""
    if not state.get("playing"):
        return
    seconds = interval(state.get("speed", ""))

    @st.fragment(run_every=seconds)
    def tick() -> None:
        if session.tick(state, seconds, visible_count):
            st.rerun(scope="app")

    tick()


def rerun_on_reconnect() -> None:
    """Streamlit's frontend asks for a run when it reconnects only while a fragment with a
    timer is on the page. When a server dies, its readers' pages reconnect to another
    (deploy/), where a new session knows nothing: this run rebuilds the reader's view
    there from the URL and the page's widgets at once, not at the reader's next click
    (which the URL's older view would then meet). The timer itself does nothing."""

    @st.fragment(run_every=RECONNECT_TIMER_S)
    def idle() -> None:
        return

    idle()


# --- The panel beside the map -----------------------------------------------------------


def figures_line(loaded: PreparedJourney) -> None:
    """The journey in one line of figures; the long summary one click away."""
    journey = loaded.journey
    row = st.container(horizontal=True, vertical_alignment="center", gap="small")
    row.markdown(figures_markdown(journey_totals(journey, loaded.route), *loaded.days))
    with row.popover("About"):
        st.markdown(md_escape(journey.summary))
        if journey.time_zone_note:
            st.caption(md_escape(journey.time_zone_note))
        st.caption(SOURCING_NOTE)


def details_panel(loaded: PreparedJourney, visible_ids: list[str], playing: bool) -> str | None:
    journey = loaded.journey
    if not visible_ids:
        return None
    session.drop_hidden_selection(state, visible_ids)
    picker = stop_picker(visible_ids, state.get("selected_stop"), playing)
    selected: str | None = st.selectbox(
        picker.label,
        options=picker.options,
        index=None,  # the current choice lives in session state
        format_func=lambda i: stop_label(journey.stop(i)),
        placeholder="Click a numbered marker, or choose a stop here",
        key="selected_stop",
    )
    if picker.note:
        st.caption(picker.note)
    if selected is None:
        st.caption(PICK_A_STOP)
        return None
    for part in stop_details(journey.stop(selected), loaded.route):
        st.markdown(part)
    return selected


# --- The page -------------------------------------------------------------------------


def draw_map(loaded: PreparedJourney, shown: Shown) -> object:
    """The same base map every run (so its frame is kept), with this run's stops as the
    layer it swaps; what the map reports of the last marker clicked."""
    reported = st_folium(
        build_base_map(
            loaded.journey, loaded.route, assets=map_assets()[0],
            config_json=loaded.config_json, config_url=loaded.config_url,
        ),
        key=MAP_KEY,
        height=MAP_HEIGHT_PX,
        use_container_width=True,
        feature_group_to_add=build_stop_layer(
            map_state(
                loaded.journey.stops, shown.stop_filter, selected_id=shown.selected,
                focus=shown.focus, progress=shown.progress, order=shown.choice.order,
            )
        ),
        returned_objects=[CLICK_REPORT],
    )  # fmt: skip
    return (reported or {}).get(CLICK_REPORT)


def beside_the_map(
    loaded: PreparedJourney,
    shown: Shown,
    scope: str,
    ready: bool,
    link_notes: list[str],
    refused: DataFileError | None,
) -> str | None:
    """Figures, notes, the topic filter, then playback and details; the stop shown."""
    if ready:
        figures_line(loaded)
    if map_assets()[1]:
        st.warning(
            "Local map libraries are missing (run `make assets`), so the map loads them "
            "from the internet; without a connection it will stay blank."
        )
    for note in link_notes:
        st.info(f"Link: {md_escape(note)}")
    if refused is not None:
        show_file_error("The uploaded file cannot be shown.", refused)
    topic = topic_filter_widget()(
        key=session.topic_widget_key(state, scope),
        data=panel_data(
            loaded.journey.stops, loaded.topics, loaded.companions, shown.stop_filter,
            shown.choice, other_filters=active_filters(shown.view), ready=ready,
        ),
        default={"value": None},
        on_value_change=lambda: None,
        on_ready_change=lambda: None,
    )  # fmt: skip
    if not ready and topic.get("ready"):
        # A page whose map had drawn, new to this session (its server went and it
        # reconnected here): the filter's state says so only once it is drawn, and
        # the page will not ask again. Run again, with the whole page.
        st.rerun()
    # One slot whether or not it is filled: the note coming or going then leaves the
    # widgets below in place (Streamlit would rebuild them, and a focused one loses focus).
    with st.container(key="empty_state"):
        if not shown.visible:
            st.info("No stop matches these filters. The route is still shown for context.")
            st.button(
                "Reset filters",
                on_click=session.reset_filters,
                args=(state, scope),
                key="reset_empty",
            )
    if not ready:  # playback and details arrive with the rest, after the map has drawn
        return shown.selected
    playback_bar(loaded.journey, shown.visible_ids)
    return details_panel(loaded, shown.visible_ids, playing=shown.playback.step is not None)


def main() -> None:
    st.set_page_config(
        page_title="Itinerary map", page_icon="🚆", layout="wide", initial_sidebar_state="collapsed"
    )
    cli_path = cli_data_path(sys.argv[1:])
    journeys = discover(DATA_DIR, extra=cli_path)
    if cli_path is not None:
        state.setdefault("journey", journeys[0].key)
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    link_notes = session.seed_from_link(state, params, [f.key for f in journeys])

    upload = read_upload()  # once a run: it hashes the file's bytes
    uploaded = upload if isinstance(upload, PreparedJourney) else None
    refused = upload if isinstance(upload, DataFileError) else None
    key, options = session.choose_journey(
        state, [f.key for f in journeys], bool(uploaded), DEFAULT_KEY
    )
    try:
        loaded = (
            uploaded
            if key == UPLOAD_KEY and uploaded
            else load_file(next(f.path for f in journeys if f.key == key))
        )
    except DataFileError as error:
        st.html(page_style())
        show_file_error("This itinerary file cannot be shown.", error)
        sidebar(journeys, options, None, "", refused)
        return
    scope = session.journey_scope(state, key, loaded.journey)
    session.enter_journey(state, scope)
    link_notes += session.apply_link(state, params, loaded.journey, scope)
    ready = session.map_has_drawn(state, scope)  # from then on, the whole page is sent
    shown = shown_now(state, key, loaded, scope)

    # Laid out title first, but sent map first: elements reach the browser in the order the
    # script makes them, and the first view is judged by the map.
    title = st.container()
    map_column, panel = st.columns([0.63, 0.37], gap="medium")
    with map_column:
        clicked = draw_map(loaded, shown)
    st.html(page_style())
    title.title(md_escape(loaded.journey.title))
    clicked_stop = stop_from_tooltip(shown.visible, clicked)
    if session.take_map_click(state, clicked_stop.id if clicked_stop else None):
        st.rerun()  # redraw once so the map highlights the stop the panel shows
    with panel:
        selected = beside_the_map(loaded, shown, scope, ready, link_notes, refused)

    view = shown.linked(selected)
    st.query_params.from_dict(to_query(view))
    if ready:
        sidebar(journeys, options, loaded, scope, refused)
        below_the_map(loaded, shown.visible, selected, view)
    # The table below the map is the map's text alternative: the page's first link leads there.
    skip_link_widget()(
        key="skip_link", data={"label": "Skip to the list of stops", "tab": VIEWS[0]}
    )
    run_playback_clock(len(shown.visible_ids))
    rerun_on_reconnect()


main()
