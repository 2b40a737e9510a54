"""Streamlit UI: layout, widgets and caching only. Everything shown comes from `itinerary`.

The first screen is the map, with the topic filter, the playback controls and the stop's
details beside it. What sits below the map (tables, timeline, statistics, export) and the
sidebar (journeys, more filters) are sent once the map has drawn its stops: the page's
topic filter asks for them, so they never slow the first view down.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit_folium import st_folium

from itinerary.assets import (
    STATIC_DIR,
    TOPIC_FILTER_MODULE,
    Assets,
    cdn_assets,
    inline_assets,
    page_style,
    served_assets,
    topic_filter_module,
)
from itinerary.catalog import JourneyFile, discover
from itinerary.errors import DataFileError, ValidationError
from itinerary.export import MEDIA_TYPES, export
from itinerary.filtering import StopFilter, companion_topics, filter_stops, topics_in_use
from itinerary.loader import load_journey, parse_journey
from itinerary.mapview import (
    MAP_HEIGHT_PX,
    build_base_map,
    build_stop_layer,
    journey_config,
    map_state,
    publish_config,
    script_json,
)
from itinerary.model import CONFIDENCE_LABELS, CONFIDENCES, Journey
from itinerary.route import RouteSummary, build_route
from itinerary.stats import journey_totals, leg_table, topic_chart
from itinerary.table import Page, as_arrow, choice_window, page_holding, page_of, stop_rows
from itinerary.text import (
    date_span,
    format_duration,
    format_km,
    leg_summary,
    md_escape,
    short_date,
    stop_details_markdown,
    stop_from_tooltip,
    stop_heading_markdown,
    stop_number,
    stop_title,
)
from itinerary.timeline import is_selectable, picked_stop, stops_per_period_chart, timeline_chart
from itinerary.topicpanel import TopicChoice, panel_data, take_value
from itinerary.viewstate import ViewState, from_query, share_link, to_query

DATA_DIR = Path(__file__).parent / "data"
DEFAULT_KEY = "kim-russia-2023"
UPLOAD_KEY = "upload"
UPLOAD_LIMIT_BYTES = 5 * 1024 * 1024
MAP_KEY = "itinerary_map"
SPEEDS = {"Slow (4 s)": 4.0, "Normal (2 s)": 2.0, "Fast (1 s)": 1.0}
FILTER_KEYS = ("days", "q", "conf")
VIEWS = ("Itinerary", "Timeline", "Statistics", "Export & share")


@dataclass(frozen=True)
class LoadedJourney:
    journey: Journey
    route: RouteSummary
    config_json: str  # the base map's payload, built once per file
    config_url: str | None  # where the browser fetches it; None: sent inline (uploads)
    legs: list[dict[str, object]]  # the statistics tab's leg table
    topics: list[str]  # topics in use, in vocabulary order
    companions: dict[str, tuple[str, ...]]  # topics whose every stop has these too


def cli_data_path(argv: list[str]) -> Path | None:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data", type=Path)
    known, _ = parser.parse_known_args(argv)
    path: Path | None = known.data
    return path


@st.cache_resource(show_spinner=False)
def map_assets() -> tuple[Assets, bool]:
    """Local copies when `make assets` has fetched them; else the CDN (True = fallback)."""
    local = served_assets()
    return (local, False) if local is not None else (cdn_assets(), True)


@st.cache_resource(show_spinner=False)
def topic_filter_widget() -> Any:
    """The page's topic filter. Its module is served as a static file, so each rerun
    carries a one-line loader instead of the whole script."""
    url = topic_filter_module()
    js = (
        "export default function (component) {\n"
        f"  return import(new URL({script_json(url)}, window.location.href).href)\n"
        "    .then((module) => module.default(component));\n}\n"
        if url
        else TOPIC_FILTER_MODULE.read_text(encoding="utf-8")
    )
    return st.components.v2.component("itinerary_topic_filter", js=js, isolate_styles=False)


def _prepare(journey: Journey, *, publish: bool) -> LoadedJourney:
    route = build_route(journey)
    assets, _ = map_assets()
    config_json = script_json(journey_config(journey, route, assets))
    config_url = None
    if publish:
        # Served as a static file: reruns then carry only the state, not the journey
        # (megabytes at 10,000 stops). Uploads are never written anywhere.
        try:
            config_url = publish_config(config_json, STATIC_DIR)
        except OSError:
            config_url = None  # a read-only checkout still works, inline
    return LoadedJourney(
        journey,
        route,
        config_json,
        config_url,
        leg_table(route),
        list(topics_in_use(journey.stops)),
        companion_topics(journey.stops),
    )


@st.cache_resource(show_spinner="Loading the itinerary…", max_entries=16)
def _load_file(path: str, mtime_ns: int, size: int) -> LoadedJourney | DataFileError:
    # Keyed on mtime and size (Streamlit would not hash them with a leading underscore):
    # an edited file is reloaded, an unchanged one never is. Errors are returned, not
    # raised, so that a broken file is not parsed again on every rerun.
    del mtime_ns, size
    try:
        return _prepare(load_journey(path), publish=True)
    except DataFileError as error:
        return error


def load_file(path: Path) -> LoadedJourney:
    try:
        stat = path.stat()
    except OSError:
        return _prepare(load_journey(path), publish=True)  # the loader raises its message
    loaded = _load_file(str(path), stat.st_mtime_ns, stat.st_size)
    if isinstance(loaded, DataFileError):
        raise loaded
    return loaded


def show_load_error(error: DataFileError) -> None:
    message = f"{md_escape(error.file)}: {md_escape(error.message)}"
    st.error(f"**This itinerary file cannot be shown.** {message}")
    if isinstance(error, ValidationError):
        st.markdown("Fix these problems in the file, then reload the page:")
        st.code("\n".join(str(problem) for problem in error.problems), language=None)


def seed_from_link(journeys: list[JourneyFile]) -> list[str]:
    """On a session's first run, put the deep link's view into the widgets."""
    if st.session_state.get("_seeded"):
        return []
    st.session_state["_seeded"] = True
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    link = from_query(params, None)
    keys = [f.key for f in journeys]
    st.session_state["_link"] = link.state
    if link.state.journey in keys:
        st.session_state["journey"] = link.state.journey
    elif link.state.journey:
        return [f"the link's journey {link.state.journey!r} is not available here"]
    return []


def generation() -> int:
    """How many times the filters were reset: part of every filter widget's key."""
    gen: int = st.session_state.get("_gen", 0)
    return gen


def filter_key(name: str, scope: str) -> str:
    """Filter widgets are keyed per journey shown and per reset: a late rerun from the
    browser carrying old widget values then lands on widgets that no longer exist, and
    a reset gives the browser fresh widgets instead of ones that remember old values."""
    return f"{name}@{scope}#{generation()}"


def apply_link_to_journey(journey: Journey, scope: str, available: list[str]) -> list[str]:
    """Once the journey is known, the link's filters and stop are checked against it."""
    state: ViewState | None = st.session_state.pop("_link", None)
    if state is None:
        return []
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    parsed = from_query(params, journey)
    state = parsed.state
    if state.topics is not None or state.match != "any":
        topics = [t for t in state.topics if t in available] if state.topics is not None else None
        st.session_state[f"_topics@{scope}"] = TopicChoice(
            frozenset(available if topics is None else topics), state.match, generation(), 0
        )
    first, last = journey_days(journey)
    st.session_state[filter_key("days", scope)] = (
        max(first, min(last, state.first_day or first)),
        max(first, min(last, state.last_day or last)),
    )
    st.session_state[filter_key("q", scope)] = state.text
    if state.confidences is not None:
        st.session_state[filter_key("conf", scope)] = list(state.confidences)
    if state.stop:
        st.session_state["selected_stop"] = state.stop
        st.session_state["_focus"] = True
    if state.step is not None:
        st.session_state["step"] = state.step
    return list(parsed.notes)


def journey_days(journey: Journey) -> tuple[date, date]:
    return journey.stops[0].start.date(), journey.stops[-1].start.date()


def reset_filters(scope: str) -> None:
    # New keys for every filter widget (the generation), and the topics back to all.
    st.session_state["_gen"] = generation() + 1
    st.session_state.pop(f"_topics@{scope}", None)
    for key in ("step", "playing"):
        st.session_state.pop(key, None)


def choose_journey(journeys: list[JourneyFile]) -> tuple[str, LoadedJourney | None]:
    """The journey to show: the picker's choice, or a new upload (checked in memory)."""
    upload = st.session_state.get("upload_file")
    uploaded = read_upload(upload)
    digest = st.session_state.get("_upload", (None,))[0] if uploaded else None
    if digest is not None and digest != st.session_state.get("_upload_shown"):
        st.session_state["_upload_shown"] = digest
        st.session_state["journey"] = UPLOAD_KEY  # a new upload is what the user wants
    options = journey_options(journeys, uploaded is not None)
    if st.session_state.get("journey") not in options:
        st.session_state["journey"] = (
            UPLOAD_KEY if uploaded else (DEFAULT_KEY if DEFAULT_KEY in options else options[0])
        )
    key: str = st.session_state["journey"]
    return key, (uploaded if key == UPLOAD_KEY else None)


def journey_options(journeys: list[JourneyFile], with_upload: bool) -> list[str]:
    return [f.key for f in journeys] + ([UPLOAD_KEY] if with_upload else [])


def sidebar_journey(journeys: list[JourneyFile]) -> None:
    upload = st.session_state.get("upload_file")
    titles = {f.key: journey_title(f) for f in journeys}
    titles[UPLOAD_KEY] = f"Uploaded: {upload.name}" if upload is not None else "Uploaded file"
    st.header("Journey")
    st.selectbox(
        "Journey",
        journey_options(journeys, st.session_state.get("journey") == UPLOAD_KEY),
        format_func=lambda k: titles.get(k, k),
        key="journey",
    )
    st.file_uploader(
        "Upload an itinerary file (YAML or JSON, 5 MB at most)",
        type=["yaml", "yml", "json"],
        key="upload_file",
        help="Checked in memory and shown only to you; nothing is stored on the server.",
    )
    result = st.session_state.get("_upload", (None, None))[1]
    if upload is not None and isinstance(result, DataFileError):
        st.error(f"The uploaded file cannot be shown: {md_escape(result.message)}")
        if isinstance(result, ValidationError):
            st.code("\n".join(str(p) for p in result.problems), language=None)


def journey_scope(key: str, journey: Journey) -> str:
    """What the filter widgets belong to: the file shown, or this upload's content."""
    if key == UPLOAD_KEY:
        digest: str = st.session_state.get("_upload", ("?",))[0]
        return f"{UPLOAD_KEY}-{digest[:12]}"
    return f"{key}-{journey.id}"


def journey_title(file: JourneyFile) -> str:
    try:
        return load_file(file.path).journey.title
    except DataFileError:
        return f"{file.path.name} (cannot be read)"


def read_upload(upload: Any) -> LoadedJourney | None:
    """Validate an upload in memory; its problems are listed with the upload control."""
    if upload is None:
        st.session_state.pop("_upload", None)
        return None
    content = upload.getvalue()
    digest = hashlib.sha256(content).hexdigest()
    cached = st.session_state.get("_upload")
    if cached is not None and cached[0] == digest:
        result = cached[1]
    else:
        if len(content) > UPLOAD_LIMIT_BYTES:
            result = DataFileError(upload.name, f"is {len(content):,} bytes; the limit is 5 MB")
        else:
            try:
                result = _prepare(parse_journey(content, upload.name), publish=False)
            except DataFileError as error:
                result = error
        # Kept in this session's state only: another session never sees it.
        st.session_state["_upload"] = (digest, result)
    if isinstance(result, DataFileError):
        return None
    loaded: LoadedJourney = result
    return loaded


def topic_widget_key(scope: str) -> str:
    return f"topicfilter@{scope}#{generation()}"


def topic_widget_state(scope: str) -> dict[str, Any]:
    """What the page's topic filter reported (its value, and the one-off "ready")."""
    state = st.session_state.get(topic_widget_key(scope))
    return state if isinstance(state, dict) else {}


def topic_choice(loaded: LoadedJourney, scope: str) -> TopicChoice:
    """The reader's topics: the page's latest report, a deep link's, or all of them."""
    available = loaded.topics
    default = TopicChoice(frozenset(available), "any", generation(), 0)
    choice: TopicChoice = st.session_state.get(f"_topics@{scope}", default)
    if choice.epoch != generation():
        choice = default
    choice = take_value(choice, topic_widget_state(scope).get("value"), available)
    st.session_state[f"_topics@{scope}"] = choice
    return choice


def read_filters(journey: Journey, scope: str, choice: TopicChoice) -> ViewState:
    """The view the filters ask for, read from their widgets' state (drawn later)."""
    first, last = journey_days(journey)
    days = st.session_state.get(filter_key("days", scope), (first, last))
    confidences = st.session_state.get(filter_key("conf", scope), list(CONFIDENCES))
    return ViewState(
        topics=tuple(sorted(choice.topics)),
        match=choice.match,
        first_day=days[0] if days[0] != first else None,
        last_day=days[1] if days[1] != last else None,
        text=str(st.session_state.get(filter_key("q", scope), "")).strip(),
        confidences=tuple(c for c in CONFIDENCES if c in confidences),
    )


def other_filters(state: ViewState) -> list[str]:
    active = []
    if state.first_day or state.last_day:
        active.append("dates")
    if state.text:
        active.append("search")
    if state.confidences is not None and len(state.confidences) != len(CONFIDENCES):
        active.append("confidence")
    return active


def sidebar_filters(journey: Journey, scope: str) -> None:
    """Everything but the topics (those sit beside the map)."""
    first, last = journey_days(journey)
    st.header("More filters")
    if first < last:
        days_key = filter_key("days", scope)
        st.slider(
            "Dates (local time)", min_value=first, max_value=last,
            value=None if days_key in st.session_state else (first, last),
            format="D MMM YYYY", key=days_key,
        )  # fmt: skip
    st.text_input(
        "Search names, people and summaries", key=filter_key("q", scope), max_chars=200,
        placeholder="e.g. Shoigu, aquarium",
    )  # fmt: skip
    present = [c for c in CONFIDENCES if any(stop.confidence == c for stop in journey.stops)]
    conf_key = filter_key("conf", scope)
    if len(present) > 1:
        st.multiselect(
            "Confidence",
            options=list(CONFIDENCES),
            default=None if conf_key in st.session_state else list(CONFIDENCES),
            format_func=lambda c: CONFIDENCE_LABELS[c],
            key=conf_key,
        )
    else:
        st.caption(
            f"Confidence: every stop is {CONFIDENCE_LABELS[present[0]].lower()}, "
            "so there is nothing to filter."
        )
    st.button("Reset filters", on_click=reset_filters, args=(scope,), key="reset_sidebar")


def selected_rows(event: Any) -> list[int]:
    """Row numbers from st.dataframe's selection state (an object, or a dict in tests)."""
    selection = getattr(event, "selection", None)
    if selection is None and isinstance(event, dict):
        selection = event.get("selection")
    rows = selection.get("rows", []) if isinstance(selection, dict) else []
    return [row for row in rows if isinstance(row, int)]


def take_selection_events(visible_ids: list[str]) -> bool:
    """Clicks on the timeline or the table select a stop. True when one did.

    An event counts once, when it changes: the table reports row numbers, and the same
    rows after a filter change are not a new click (they would name another stop).
    """
    changed = False
    timeline_key = f"timeline{st.session_state.get('_timeline_gen', 0)}"
    page = page_of(len(visible_ids), st.session_state.get("table_page", 1))
    for key in (timeline_key, table_key(page)):
        event = st.session_state.get(key)
        if key == timeline_key:
            picked = picked_stop(event)
            raw: object = picked
            if picked:
                # A fresh chart (new key) forgets its point selection, so the same
                # point can be clicked again after another stop was chosen elsewhere.
                st.session_state["_timeline_gen"] = st.session_state.get("_timeline_gen", 0) + 1
        else:
            rows = selected_rows(event)
            raw = tuple(rows)
            index = page.start + rows[0] if rows else len(visible_ids)
            picked = visible_ids[index] if index < len(visible_ids) else None
        if raw == st.session_state.get(f"_last_{key}"):
            continue
        st.session_state[f"_last_{key}"] = raw
        if picked:
            st.session_state["selected_stop"] = picked
            st.session_state.pop("step", None)
            if key != timeline_key:
                st.session_state["_picked_in_table"] = picked
            changed = True
    return changed


def _step_by(delta: int, count: int) -> None:
    step = st.session_state.get("step")
    step = 0 if step is None else max(0, min(count - 1, step + delta))
    st.session_state["step"] = step
    st.session_state["_focus"] = True


def _toggle_play(count: int) -> None:
    playing = not st.session_state.get("playing", False)
    step = st.session_state.get("step")
    if playing and (step is None or step >= count - 1):
        st.session_state["step"] = 0
        st.session_state["_focus"] = True
    st.session_state["playing"] = playing
    st.session_state["_last_tick"] = time.monotonic()


def playback_step(visible_ids: list[str]) -> int | None:
    """The playback step over the visible stops, if any; a step selects its stop."""
    step: int | None = st.session_state.get("step")
    if step is not None and step >= len(visible_ids):
        step = None
        st.session_state.pop("step", None)
    if step is not None:
        st.session_state["selected_stop"] = visible_ids[step]
    return step


def playback_bar(journey: Journey, visible_ids: list[str], step: int | None) -> None:
    """Previous / play / next over the visible stops, and where playback is."""
    count = len(visible_ids)
    playing = bool(st.session_state.get("playing")) and count > 0
    # A row that stays a row on a phone (columns would stack into four lines).
    row = st.container(horizontal=True, gap="small", vertical_alignment="center")
    # Callbacks run before the script, so every button below sees the new step.
    row.button(
        "Prev", icon=":material/skip_previous:", key="prev",
        help="Previous visible stop", disabled=not count or step == 0,
        on_click=_step_by, args=(-1, count),
    )  # fmt: skip
    row.button(
        "Pause" if playing else "Play",
        icon=":material/pause:" if playing else ":material/play_arrow:",
        help="Step through the visible stops in order", key="play", disabled=not count,
        on_click=_toggle_play, args=(count,),
    )  # fmt: skip
    row.button(
        "Next", icon=":material/skip_next:", key="next",
        help="Next visible stop", disabled=not count or step == count - 1,
        on_click=_step_by, args=(1, count),
    )  # fmt: skip
    row.selectbox(
        "Speed", list(SPEEDS), index=1, key="speed", label_visibility="collapsed", width=140
    )
    if step is not None:
        stop = journey.stop(visible_ids[step])
        st.caption(f"Playback: step {step + 1} of {count}, stop {stop_number(stop)}")


def figures_line(loaded: LoadedJourney) -> None:
    """The journey in one line of figures; the long summary one click away."""
    journey = loaded.journey
    totals = journey_totals(journey, loaded.route)
    first, last = journey_days(journey)
    figures = " · ".join(
        (
            f"**{totals.days}** days",
            f"**{totals.stops}** stops",
            f"**{format_km(totals.rail_km)}** by rail",
            date_span(first, last),
        )
    )
    row = st.container(horizontal=True, vertical_alignment="center", gap="small")
    row.markdown(figures, width="content")
    with row.popover("About"):
        st.markdown(md_escape(journey.summary))
        if journey.time_zone_note:
            st.caption(md_escape(journey.time_zone_note))
        st.caption(
            "Every stop cites its sources. Positions are approximate and the rail route "
            "between stops is reconstructed; the data says how rough each is."
        )


def run_playback_clock(visible_count: int) -> None:
    """While playing, a fragment ticks at the chosen speed and advances the whole page."""
    if not st.session_state.get("playing"):
        return
    interval = SPEEDS.get(st.session_state.get("speed", ""), 2.0)

    @st.fragment(run_every=interval)
    def tick() -> None:
        now = time.monotonic()
        # The fragment also runs with every full rerun: only a real tick advances.
        if now - st.session_state.get("_last_tick", now) < interval * 0.8:
            return
        st.session_state["_last_tick"] = now
        step = st.session_state.get("step") or 0
        if step + 1 >= visible_count:
            st.session_state["playing"] = False
        else:
            st.session_state["step"] = step + 1
            st.session_state["_focus"] = True
        st.rerun(scope="app")

    tick()


def details_panel(loaded: LoadedJourney, visible_ids: list[str], step: int | None) -> str | None:
    journey = loaded.journey
    if not visible_ids:
        return None
    if st.session_state.get("selected_stop") not in visible_ids:
        st.session_state.pop("selected_stop", None)
    choices = choice_window(visible_ids, st.session_state.get("selected_stop"))
    selected: str | None = st.selectbox(
        "Narrative: stop" if step is not None else "Stop details",
        options=choices,
        index=None,  # the current choice lives in session state
        format_func=lambda stop_id: (
            f"{stop_title(journey.stop(stop_id))} ({short_date(journey.stop(stop_id))})"
        ),
        placeholder="Click a numbered marker, or choose a stop here",
        key="selected_stop",
    )
    if len(choices) < len(visible_ids):
        st.caption(f"The list holds the {len(choices):,} stops around the selection.")
    if selected is None:
        st.caption(
            "Click a numbered marker for its details and sources. A dark disc holds stops "
            "close together: click it to open them."
        )
        return None
    stop = journey.stop(selected)
    st.markdown(stop_heading_markdown(stop))
    st.markdown(stop_details_markdown(stop, leg_summary(loaded.route.leg_into(stop.id))))
    return selected


def table_page(key: str, total: int) -> Page:
    """A page picker when the rows do not fit one page; its value lives in session state."""
    page = page_of(total, st.session_state.get(key, 1))
    if page.count > 1:
        st.session_state[key] = page.number  # clamped when the rows shrank
        st.number_input(f"Page (of {page.count:,})", 1, page.count, step=1, key=key)
        page = page_of(total, st.session_state[key])
    return page


def table_key(page: Page) -> str:
    # One widget per page: a row number selected on one page names another stop on the
    # next. A stop chosen elsewhere gives the table a new key, so no old row stays ticked.
    return f"table{st.session_state.get('_table_gen', 0)}_p{page.number}"


def itinerary_table(
    loaded: LoadedJourney, visible: tuple[Any, ...], selected_id: str | None
) -> None:
    total = len(loaded.journey.stops)
    if selected_id is not None and selected_id != st.session_state.get("_table_followed"):
        # A stop chosen on the map or timeline: open the page that holds it.
        st.session_state["_table_followed"] = selected_id
        index = next((i for i, stop in enumerate(visible) if stop.id == selected_id), 0)
        st.session_state["table_page"] = page_holding(index)
        if st.session_state.pop("_picked_in_table", None) != selected_id:
            st.session_state["_table_gen"] = st.session_state.get("_table_gen", 0) + 1
    st.markdown(f"**{len(visible):,} of {total:,} stops** · select a row to see it")
    page = table_page("table_page", len(visible))
    if page.caption:
        st.caption(f"Showing {page.caption}. The CSV and GeoJSON exports hold every visible stop.")
    st.dataframe(
        as_arrow(stop_rows(visible[page.start : page.stop], loaded.route)),
        hide_index=True,
        width="stretch",
        column_config={"Source": st.column_config.LinkColumn("Source")},
        key=table_key(page),
        on_select="rerun",
        selection_mode="single-row",
    )


def statistics_tab(loaded: LoadedJourney, visible: tuple[Any, ...]) -> None:
    route = loaded.route
    totals = journey_totals(loaded.journey, route)
    cols = st.columns(4)
    cols[0].metric("Rail distance", format_km(totals.rail_km))
    cols[1].metric("Road hops (straight line)", format_km(totals.road_km))
    cols[2].metric("Days", totals.days)
    longest = route.longest
    cols[3].metric(
        "Longest leg", format_km(longest.km) if longest else "–",
        help=f"{longest.label}, {format_duration(longest.duration)}" if longest else None,
    )  # fmt: skip
    if longest:
        st.caption(f"Longest leg: {md_escape(longest.label)} ({format_km(longest.km)}).")
    st.markdown("**Visible stops per topic** (a stop can have several topics)")
    topics_spec = topic_chart(visible)
    if topics_spec is None:
        st.caption("No stop is visible with these filters.")
    else:
        st.vega_lite_chart(topics_spec, width="stretch")
    st.markdown("**Legs**")
    legs = loaded.legs
    page = table_page("legs_page", len(legs))
    if page.caption:
        st.caption(f"Showing {page.caption}.")
    st.dataframe(legs[page.start : page.stop], hide_index=True, width="stretch")


def export_tab(loaded: LoadedJourney, visible: tuple[Any, ...], state: ViewState) -> None:
    journey, route = loaded.journey, loaded.route
    st.markdown(f"Exports contain the **{len(visible)} visible stops** and the whole route.")
    cols = st.columns(3)
    for col, fmt, label in zip(
        cols, ("csv", "geojson", "html"), ("CSV table", "GeoJSON", "Map (standalone HTML)"),
        strict=True,
    ):  # fmt: skip
        col.download_button(
            f"Download {label}",
            data=lambda fmt=fmt: export(
                journey,
                route,
                visible,
                fmt,
                assets=(inline_assets() or cdn_assets()) if fmt == "html" else None,
            ),
            file_name=f"{journey.id}.{fmt}",
            mime=MEDIA_TYPES[fmt],
            on_click="ignore",
            key=f"download_{fmt}",
        )
    st.caption(
        "The HTML map embeds its libraries and the offline basemap: it works without a network."
    )
    st.markdown("**Share this view**")
    # A text box, not st.code: the code block's highlighter is a 1.5 MB script that held
    # up the first view of the map by about half a second.
    st.text_input(
        "Link to this view",
        value=share_link(st.context.url or "", state),
        help="Select the link and copy it.",
    )
    st.caption("The link restores the journey, filters, selected stop and playback step.")


def below_the_map(
    loaded: LoadedJourney, visible: tuple[Any, ...], selected_id: str | None, state: ViewState
) -> None:
    """Tables, timeline, statistics and export: only the open tab is built and sent."""
    journey, route = loaded.journey, loaded.route
    tabs = st.tabs(list(VIEWS), key="view", on_change="rerun")
    table_tab, timeline_tab, stats_tab, share_tab = tabs
    if table_tab.open:
        with table_tab:
            itinerary_table(loaded, visible, selected_id)
    if timeline_tab.open:
        with timeline_tab:
            selectable = is_selectable(journey)
            visible_ids = [stop.id for stop in visible]
            st.vega_lite_chart(
                timeline_chart(journey, route, visible_ids, selected_id),
                key=f"timeline{st.session_state.get('_timeline_gen', 0)}",
                on_select="rerun" if selectable else "ignore",
                selection_mode="pick" if selectable else None,
                width="stretch",
            )
            per_period = stops_per_period_chart(journey, visible_ids)
            if per_period is not None:  # above 500 stops the timeline itself counts per day
                st.vega_lite_chart(per_period, width="stretch")
    if stats_tab.open:
        with stats_tab:
            statistics_tab(loaded, visible)
    if share_tab.open:
        with share_tab:
            export_tab(loaded, visible, state)


def main() -> None:
    st.set_page_config(
        page_title="Itinerary map",
        page_icon="🚆",
        layout="wide",
        initial_sidebar_state="collapsed",
    )
    st.html(page_style())
    cli_path = cli_data_path(sys.argv[1:])
    journeys = discover(DATA_DIR, extra=cli_path)
    if cli_path is not None:
        st.session_state.setdefault("journey", journeys[0].key)
    link_notes = seed_from_link(journeys)
    ready = bool(st.session_state.get("_ready"))

    key, uploaded = choose_journey(journeys)
    if uploaded is not None:
        loaded = uploaded
    else:
        path = next(f.path for f in journeys if f.key == key)
        try:
            loaded = load_file(path)
        except DataFileError as error:
            show_load_error(error)
            with st.sidebar:
                sidebar_journey(journeys)
            return
    journey, route = loaded.journey, loaded.route
    scope = journey_scope(key, journey)
    if st.session_state.get("_filters_for") not in (None, scope):
        # A different journey starts with no playback or selection from the last one.
        for stale in ("step", "playing", "selected_stop"):
            st.session_state.pop(stale, None)
    st.session_state["_filters_for"] = scope
    link_notes += apply_link_to_journey(journey, scope, loaded.topics)
    if topic_widget_state(scope).get("ready"):
        # The map has drawn its stops: from now on the whole page is sent.
        st.session_state["_ready"] = ready = True

    choice = topic_choice(loaded, scope)
    filters = read_filters(journey, scope, choice)
    stop_filter = StopFilter(
        topics=choice.topics,
        match=choice.match,
        first_day=filters.first_day,
        last_day=filters.last_day,
        text=filters.text,
        confidences=frozenset(filters.confidences or ()),
    )
    visible = filter_stops(journey.stops, stop_filter)
    visible_ids = [stop.id for stop in visible]
    focus = take_selection_events(visible_ids)
    step = playback_step(visible_ids)
    focus = st.session_state.pop("_focus", False) or focus
    selected_id = st.session_state.get("selected_stop")
    if selected_id not in visible_ids:
        selected_id = None
    progress = (
        journey.stops.index(journey.stop(selected_id)) if step is not None and selected_id else None
    )

    st.title(md_escape(journey.title))
    assets, from_cdn = map_assets()
    map_column, panel = st.columns([0.63, 0.37], gap="medium")
    with map_column:
        clicked = st_folium(
            build_base_map(
                journey,
                route,
                assets=assets,
                config_json=loaded.config_json,
                config_url=loaded.config_url,
            ),
            key=MAP_KEY,
            height=MAP_HEIGHT_PX,
            use_container_width=True,
            feature_group_to_add=build_stop_layer(
                map_state(
                    journey.stops,
                    stop_filter,
                    selected_id=selected_id,
                    focus=bool(focus),
                    progress=progress,
                    order=choice.order,
                )
            ),
            returned_objects=["last_object_clicked_tooltip"],
        )
    clicked_stop = stop_from_tooltip(visible, (clicked or {}).get("last_object_clicked_tooltip"))
    if clicked_stop is not None and clicked_stop.id != st.session_state.get("_last_click"):
        st.session_state["_last_click"] = clicked_stop.id
        st.session_state["selected_stop"] = clicked_stop.id
        st.session_state.pop("step", None)
        st.rerun()  # redraw once so the map highlights the stop the panel shows
    with panel:
        figures_line(loaded)
        if from_cdn:
            st.warning(
                "Local map libraries are missing (run `make assets`), so the map loads them "
                "from the internet; without a connection it will stay blank."
            )
        for note in link_notes:
            st.info(f"Link: {md_escape(note)}")
        topic_filter_widget()(
            key=topic_widget_key(scope),
            data=panel_data(
                journey.stops,
                loaded.topics,
                loaded.companions,
                stop_filter,
                choice,
                other_filters=other_filters(filters),
                ready=ready,
            ),
            default={"value": None},
            on_value_change=lambda: None,
            on_ready_change=lambda: None,
        )
        if not visible:
            st.info("No stop matches these filters. The route is still shown for context.")
            st.button("Reset filters", on_click=reset_filters, args=(scope,), key="reset_empty")
        playback_bar(journey, visible_ids, step)
        selected_id = details_panel(loaded, visible_ids, step)

    state = ViewState(
        journey=key if key != UPLOAD_KEY else None,
        topics=filters.topics if set(filters.topics) != set(loaded.topics) else None,
        match=filters.match,
        first_day=filters.first_day,
        last_day=filters.last_day,
        text=filters.text,
        confidences=filters.confidences if len(filters.confidences) != len(CONFIDENCES) else None,
        stop=selected_id,
        step=step,
    )
    st.query_params.from_dict(to_query(state))
    if ready:
        with st.sidebar:
            sidebar_journey(journeys)
            sidebar_filters(journey, scope)
        below_the_map(loaded, visible, selected_id, state)
    run_playback_clock(len(visible_ids))


main()
