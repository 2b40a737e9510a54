"""Streamlit UI: layout, widgets and caching only. Everything shown comes from `itinerary`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from itinerary.assets import cdn_assets, served_assets
from itinerary.errors import DataFileError, ValidationError
from itinerary.filtering import StopFilter, filter_stops, topics_in_use
from itinerary.loader import load_journey
from itinerary.mapview import MAP_HEIGHT_PX, Assets, build_base_map, build_stop_layer
from itinerary.model import Journey
from itinerary.route import RouteSummary, build_route
from itinerary.stats import journey_totals
from itinerary.text import (
    confidence_label,
    format_km,
    leg_summary,
    md_escape,
    short_date,
    stop_details_markdown,
    stop_from_tooltip,
)
from itinerary.topics import TOPIC_BY_KEY

DEFAULT_DATA = Path(__file__).parent / "data" / "kim-russia-2023.yaml"
MAP_KEY = "itinerary_map"


def data_path_from_args(argv: list[str]) -> Path:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    known, _ = parser.parse_known_args(argv)
    path: Path = known.data
    return path


@st.cache_resource(show_spinner=False, max_entries=16)
def _load(path: str, _mtime_ns: int, _size: int) -> tuple[Journey, RouteSummary]:
    # Keyed on mtime and size: an edited file is reloaded, an unchanged one never is.
    journey = load_journey(path)
    return journey, build_route(journey)


def load(path: Path) -> tuple[Journey, RouteSummary]:
    try:
        stat = path.stat()
    except OSError:
        return _load(str(path), 0, 0)  # the loader reports the missing file
    return _load(str(path), stat.st_mtime_ns, stat.st_size)


@st.cache_resource(show_spinner=False)
def map_assets() -> tuple[Assets, bool]:
    """Local copies when `make assets` has fetched them; else the CDN (True = fallback)."""
    local = served_assets()
    return (local, False) if local is not None else (cdn_assets(), True)


def show_load_error(error: DataFileError) -> None:
    st.error(f"**This itinerary file cannot be shown.** {error.file}: {error.message}")
    if isinstance(error, ValidationError):
        st.markdown("Fix these problems in the file and reload the page:")
        st.code("\n".join(str(problem) for problem in error.problems), language=None)


def main() -> None:
    st.set_page_config(page_title="Itinerary map", page_icon="🚆", layout="wide")
    data_path = data_path_from_args(sys.argv[1:])
    try:
        journey, route = load(data_path)
    except DataFileError as error:
        show_load_error(error)
        return

    assets, from_cdn = map_assets()
    if from_cdn:
        st.warning(
            "Local map libraries are missing (run `make assets`), so the map loads them "
            "from the internet; without a connection it will stay blank."
        )
    totals = journey_totals(journey, route)
    st.title(journey.title)
    st.caption(journey.summary)
    columns = st.columns(4)
    columns[0].metric("Days", totals.days)
    columns[1].metric("Stops", totals.stops)
    columns[2].metric("Rail distance", format_km(totals.rail_km))
    columns[3].metric("Dates", f"{totals.first_day} → {totals.last_day}")

    available = topics_in_use(journey.stops)
    with st.sidebar:
        st.header("Filter")
        chosen = st.multiselect(
            "Topics",
            options=available,
            default=available,
            format_func=lambda key: TOPIC_BY_KEY[key].label,
            key="topics",
            help="A stop shows when it has any of the chosen topics.",
        )
        if route.reconstructed:
            st.caption(
                "The rail line is reconstructed along the only railways that join the stops; "
                "sources confirm the stops, not every station passed."
            )
    visible = filter_stops(journey.stops, StopFilter(topics=frozenset(chosen)))
    visible_ids = [stop.id for stop in visible]
    if st.session_state.get("selected_stop") not in visible_ids:
        st.session_state.pop("selected_stop", None)
    selected_id = st.session_state.get("selected_stop")

    map_column, details_column = st.columns([3, 2], gap="medium")
    with map_column:
        if not visible:
            st.info("No stop has the chosen topics. The route is still shown for context.")
        clicked = st_folium(
            build_base_map(journey, route, assets=assets),
            key=MAP_KEY,
            height=MAP_HEIGHT_PX,
            use_container_width=True,
            feature_group_to_add=build_stop_layer(journey, visible_ids, selected_id),
            returned_objects=["last_object_clicked_tooltip"],
        )
    clicked_stop = stop_from_tooltip(visible, (clicked or {}).get("last_object_clicked_tooltip"))
    if clicked_stop is not None and clicked_stop.id != st.session_state.get("_last_click"):
        st.session_state["_last_click"] = clicked_stop.id
        st.session_state["selected_stop"] = clicked_stop.id
        st.rerun()  # redraw once so the map highlights the stop the panel shows

    with details_column:
        st.subheader("Stop details")
        if visible:
            selected_id = st.selectbox(
                "Selected stop",
                options=visible_ids,
                index=None,  # the current choice lives in session state
                format_func=lambda stop_id: (
                    f"{journey.stop(stop_id).seq}. "
                    f"{journey.stop(stop_id).name} ({short_date(journey.stop(stop_id))})"
                ),
                placeholder="Click a marker or choose a stop",
                key="selected_stop",
            )
        if selected_id is None:
            st.caption("Click a numbered marker on the map, or choose a stop above.")
        else:
            stop = journey.stop(selected_id)
            st.markdown(f"### {stop.seq}\\. {md_escape(stop.name)}")
            st.markdown(stop_details_markdown(stop, leg_summary(route.leg_into(stop.id))))

    st.subheader(f"Itinerary ({len(visible)} of {len(journey.stops)} stops)")
    st.dataframe(
        [
            {
                "#": stop.seq,
                "Date": short_date(stop),
                "Stop": stop.name,
                "Site": stop.site,
                "Country": stop.country,
                "Topics": ", ".join(TOPIC_BY_KEY[t].label for t in stop.topics),
                "People": ", ".join(stop.people),
                "From previous": leg_summary(route.leg_into(stop.id)) or "",
                "Confidence": confidence_label(stop),
                "Source": stop.sources[0].url,
            }
            for stop in visible
        ],
        hide_index=True,
        width="stretch",
        column_config={"Source": st.column_config.LinkColumn("Source")},
    )


main()
