"""The Streamlit layer: parts of the page laid out with widgets.

With ``app.py`` (the page's frame, caching and flow), the only code that imports
streamlit. What it shows comes from pure functions in itinerary.views and
itinerary.dashboard, tested without Streamlit; nothing below this layer imports it.
"""

from __future__ import annotations

from typing import cast

import streamlit as st

from itinerary.dashboard.session import Session


def session_state() -> Session:
    """Streamlit's session state as the mapping itinerary.dashboard.session works on
    (Streamlit's type also allows int keys, which the page never uses)."""
    return cast(Session, st.session_state)
