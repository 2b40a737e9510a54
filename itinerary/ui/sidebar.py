"""The sidebar: which journey (a file of the data folder or an upload) and the filters
other than the topics (dates, search, confidence); the topics sit beside the map.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

from itinerary.dashboard import session
from itinerary.dashboard.prepared import PreparedJourney
from itinerary.filtering import confidences_in_use
from itinerary.model import CONFIDENCE_LABELS, CONFIDENCES
from itinerary.ui import session_state
from itinerary.views.text import confidence_note

state = session_state()


def journeys_and_filters(
    options: Sequence[str],
    titles: Mapping[str, str],
    upload_refused: bool,
    loaded: PreparedJourney | None,
    scope: str,
) -> None:
    """The journey picker over ``options`` (named by ``titles``), the upload, and, with a
    journey shown, its filters (``scope``: the journey's, see session.filter_key)."""
    with st.sidebar:
        st.header("Journey")
        st.selectbox(
            "Journey",
            options,
            format_func=lambda k: titles.get(k, k),
            key="journey",
        )
        st.file_uploader(
            "Upload an itinerary file (YAML or JSON, 5 MB at most)",
            type=["yaml", "yml", "json"],
            key="upload_file",
            help="Checked in memory and shown only to you; nothing is stored on the server.",
            max_upload_size=16,  # bigger files still arrive, to be refused with a message
        )
        if upload_refused:
            st.caption("The upload's problems are listed beside the map.")
        if loaded is not None:
            more_filters(loaded, scope)


def more_filters(loaded: PreparedJourney, scope: str) -> None:
    first, last = loaded.days
    st.header("More filters")
    if first < last:
        days_key = session.filter_key(state, "days", scope)
        st.slider(
            "Dates (local time)", min_value=first, max_value=last,
            value=None if days_key in state else (first, last),
            format="D MMM YYYY", key=days_key,
        )  # fmt: skip
    st.text_input(
        "Search names, people and summaries", key=session.filter_key(state, "q", scope),
        max_chars=200, placeholder="e.g. Shoigu, aquarium",
    )  # fmt: skip
    conf_key = session.filter_key(state, "conf", scope)
    if (note := confidence_note(confidences_in_use(loaded.journey.stops))) is None:
        st.multiselect(
            "Confidence",
            options=list(CONFIDENCES),
            default=None if conf_key in state else list(CONFIDENCES),
            format_func=lambda c: CONFIDENCE_LABELS[c],
            key=conf_key,
        )
    else:  # a filter with one value would do nothing
        st.caption(note)
    st.button(
        "Reset filters", on_click=session.reset_filters, args=(state, scope), key="reset_sidebar"
    )
