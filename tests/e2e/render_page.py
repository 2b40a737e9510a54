"""A Streamlit page that shows what a test hands it, the way the app shows it.

    streamlit run tests/e2e/render_page.py -- PAYLOAD.json

PAYLOAD.json is a list of {"key", "kind", "body"}: kind "markdown" goes to st.markdown,
kind "chart" (a Vega-Lite spec) to st.vega_lite_chart(width="stretch"). Each item sits in
a container keyed by its key (CSS class "st-key-<key>"). Used by tests/e2e/test_rendering.py.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import streamlit as st

st.set_page_config(page_title="Rendering check", layout="wide")
for item in json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")):
    with st.container(key=item["key"]):
        if item["kind"] == "markdown":
            st.markdown(item["body"])
        else:
            st.vega_lite_chart(item["body"], width="stretch")
with st.container(key="rendered"):
    st.text("All items rendered.")
