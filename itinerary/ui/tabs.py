"""The tabs below the map: the itinerary table, the timeline, statistics, export and
share. Only the open tab is built and sent (each is a rerun away).
"""

from __future__ import annotations

from functools import partial
from typing import Final

import streamlit as st

from itinerary.dashboard import session
from itinerary.dashboard.prepared import PreparedJourney
from itinerary.dashboard.viewstate import ViewState, link_caveat, share_link
from itinerary.model import Stop
from itinerary.ui import session_state
from itinerary.views.export import downloads, export_file, file_name
from itinerary.views.publish import embed_snippet
from itinerary.views.stats import journey_totals, longest_leg_note, statistics_figures, topic_chart
from itinerary.views.table import Page, as_arrow, table_heading
from itinerary.views.table import stop_rows as table_rows
from itinerary.views.timeline import is_selectable, stops_per_period_chart, timeline_chart

VIEWS: Final = ("Itinerary", "Timeline", "Statistics", "Export & share")
state = session_state()


def table_page(key: str, total: int) -> Page:
    """A page picker when the rows do not fit one page; its value lives in session state."""
    page = session.table_page(state, key, total)
    if page.count > 1:
        st.number_input(f"Page (of {page.count:,})", 1, page.count, step=1, key=key)
    return page


def itinerary_table(
    loaded: PreparedJourney, visible: tuple[Stop, ...], selected: str | None
) -> None:
    if selected is not None:  # a stop chosen elsewhere: open the page that holds it
        session.follow_in_table(state, selected, [stop.id for stop in visible])
    st.markdown(table_heading(len(visible), len(loaded.journey.stops)))
    page = table_page("table_page", len(visible))
    if page.caption:
        st.caption(f"Showing {page.caption}. The CSV and GeoJSON exports hold every visible stop.")
    st.dataframe(
        as_arrow(table_rows(visible[page.start : page.stop], loaded.route)),
        hide_index=True,
        width="stretch",
        column_config={"Source": st.column_config.LinkColumn("Source")},
        key=session.table_key(state, page),
        on_select="rerun",
        selection_mode="single-row",
    )


def timeline_tab(loaded: PreparedJourney, visible_ids: list[str], selected: str | None) -> None:
    journey, selectable = loaded.journey, is_selectable(loaded.journey)
    st.vega_lite_chart(
        timeline_chart(journey, loaded.route, visible_ids, selected),
        key=session.timeline_key(state),
        on_select="rerun" if selectable else "ignore",
        selection_mode="pick" if selectable else None,
        width="stretch",
    )
    per_period = stops_per_period_chart(journey, visible_ids)
    if per_period is not None:  # above 500 stops the timeline itself counts per day
        st.vega_lite_chart(per_period, width="stretch")


def statistics_tab(loaded: PreparedJourney, visible: tuple[Stop, ...]) -> None:
    totals = journey_totals(loaded.journey, loaded.route)
    for col, figure in zip(st.columns(4), statistics_figures(totals, loaded.route), strict=True):
        col.metric(figure.label, figure.value, help=figure.help)
    if longest := longest_leg_note(loaded.route):
        st.caption(longest)
    st.markdown("**Visible stops per topic** (a stop can have several topics)")
    if (topics_spec := topic_chart(visible)) is None:
        st.caption("No stop is visible with these filters.")
    else:
        st.vega_lite_chart(topics_spec, width="stretch")
    st.markdown("**Legs**")
    page = table_page("legs_page", len(loaded.legs))
    if page.caption:
        st.caption(f"Showing {page.caption}.")
    st.dataframe(as_arrow(loaded.legs[page.start : page.stop]), hide_index=True, width="stretch")


def _export_text(loaded: PreparedJourney, stops: tuple[Stop, ...], fmt: str) -> str:
    return export_file(loaded.journey, loaded.route, stops, fmt)[0]


def export_tab(loaded: PreparedJourney, visible: tuple[Stop, ...], view: ViewState) -> None:
    journey = loaded.journey
    st.markdown(f"Exports contain the **{len(visible)} visible stops** and the whole route.")
    for col, offer in zip(st.columns(3), downloads(journey), strict=True):
        col.download_button(
            offer.label,
            data=partial(_export_text, loaded, visible, offer.fmt),  # made on a click
            file_name=offer.file_name,
            mime=offer.media_type,
            on_click="ignore",
            key=f"download_{offer.fmt}",
        )
    st.caption(
        "The HTML map is a page to publish: it keeps the topic filter, each stop's details "
        "and sources, and an offline basemap, holds only these stops, and needs no server: "
        "any static web host or CDN can serve it to any number of readers."
    )
    st.text_input(
        "Embed code (for a page in the same folder; elsewhere, the map's full address as src)",
        value=embed_snippet(file_name(journey, "html"), journey.title),
        help="Select the code and copy it.",
    )
    st.markdown("**Share this view**")
    # A text box, not st.code: the code block's highlighter is a 1.5 MB script that held
    # up the first view of the map by about half a second.
    st.text_input(
        "Link to this view",
        value=share_link(st.context.url or "", view),
        help="Select the link and copy it.",
    )
    if caveat := link_caveat(view):
        st.warning(caveat)
    else:
        st.caption("The link restores the journey, filters, selected stop and playback step.")


def below_the_map(
    loaded: PreparedJourney, visible: tuple[Stop, ...], selected: str | None, view: ViewState
) -> None:
    """Tables, timeline, statistics and export: only the open tab is built and sent."""
    table, timeline, stats, share = st.tabs(list(VIEWS), key="view", on_change="rerun")
    if table.open:
        with table:
            itinerary_table(loaded, visible, selected)
    if timeline.open:
        with timeline:
            timeline_tab(loaded, [stop.id for stop in visible], selected)
    if stats.open:
        with stats:
            statistics_tab(loaded, visible)
    if share.open:
        with share:
            export_tab(loaded, visible, view)
