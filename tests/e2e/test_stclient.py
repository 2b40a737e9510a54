"""The capacity script's protocol client (scripts/stclient.py) against the real app.

No browser: two sessions on one real Streamlit server, driven as scripts/capacity.py drives
them. If the app's layout changes, these still find the widgets by key; if the protocol or
the keys change, they fail here before `make capacity` measures nonsense.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from itinerary.model import CONFIDENCE_LABELS
from scripts.capacity import Journeys, check_view
from scripts.stclient import Session, run_in_thread
from tests.e2e.conftest import StreamlitServer

REPO = Path(__file__).resolve().parents[2]
JOURNEY_FILE = REPO / "data" / "kim-russia-2023.yaml"


def kinds(session: Session) -> set[str]:
    return {element.WhichOneof("type") or "" for _, element in session.tree}


def test_two_protocol_sessions_filter_their_own_views(
    streamlit_server: Callable[[Path], StreamlitServer],
) -> None:
    server = streamlit_server(JOURNEY_FILE)
    journeys = Journeys(REPO / "data")

    async def scenario() -> None:
        async with Session(server.url) as one, Session(server.url) as two:
            for session in (one, two):
                opened = await session.open()
                assert opened.status == "FINISHED_SUCCESSFULLY", opened
                assert opened.exceptions == ()
                assert {"component_instance", "vega_lite_chart"} <= kinds(session)
                assert check_view(session, journeys, {}) == []

            searched = await one.set_widget(one.widget("q@"), "Shoigu")
            await two.set_widget(two.widget("q@"), "Kozlov")
            assert "q=Shoigu" in one.query_string and "q=Kozlov" in two.query_string
            for session, word in ((one, "Shoigu"), (two, "Kozlov")):
                assert check_view(session, journeys, {"search": word}) == []
                assert any(" of 14 stops**" in text for text in session.tree.markdown())

            # The same widget values again: the big elements come back as references.
            again = await one.rerun()
            assert again.status == "FINISHED_SUCCESSFULLY"
            assert again.received < searched.received / 2, (again.received, searched.received)
            assert {"component_instance", "vega_lite_chart"} <= kinds(one)

            conf = two.widget("conf@")
            assert two.value(conf) == list(CONFIDENCE_LABELS.values())
            chosen = [CONFIDENCE_LABELS["confirmed"]]
            await two.set_widget(conf, chosen)
            assert "conf=confirmed" in two.query_string
            expected = {"search": "Kozlov", "confidence": chosen}
            assert check_view(two, journeys, expected) == []
            assert check_view(one, journeys, {"search": "Shoigu"}) == []

    run_in_thread(scenario)
    server.assert_no_traceback()
