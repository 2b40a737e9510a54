"""The capacity script's protocol client (scripts/stclient.py) against the real app.

No browser: protocol sessions on one real Streamlit server, driven as scripts/capacity.py
drives them, sending what the page's topic filter sends. If the app's layout changes, these
still find the filter by its key; if the protocol, the keys or what the filter reports
change, they fail here before `make capacity` measures nonsense.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from itinerary.filtering import topics_in_use
from scripts.capacity import (
    TOPIC_FILTER,
    Expected,
    Journeys,
    Topics,
    change_value,
    check_view,
    open_page,
    page_rev,
)
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
    every = frozenset(topics_in_use(journeys.get("kim-russia-2023").stops))

    async def scenario() -> None:
        async with Session(server.url) as one, Session(server.url) as two:
            for session in (one, two):
                first = await session.open()
                assert (first.status, first.exceptions) == ("FINISHED_SUCCESSFULLY", ())
                # The first run: title, map and topic filter; the rest once the map has drawn.
                assert session.widget(TOPIC_FILTER).data()["ready"] is False
                assert "dataframe" not in kinds(session)
                assert {"component_instance", "bidi_component"} <= kinds(session)
                full = await open_page(session)
                assert (full.status, full.exceptions) == ("FINISHED_SUCCESSFULLY", ())
                assert session.widget(TOPIC_FILTER).data()["ready"] is True
                assert {"component_instance", "bidi_component", "dataframe"} <= kinds(session)
                assert check_view(session, journeys, None) == []

            rev = page_rev(one.widget(TOPIC_FILTER))
            naval = Expected(Topics(frozenset({"naval", "space"})), rev)
            value = change_value(naval.topics, naval.rev)
            await one.set_state(one.widget(TOPIC_FILTER), "value", value)
            rev = page_rev(two.widget(TOPIC_FILTER))
            military = Expected(Topics(frozenset({"military", "railways"}), "all"), rev)
            value = change_value(military.topics, military.rev)
            await two.set_state(two.widget(TOPIC_FILTER), "value", value)
            assert "topic=naval&topic=space" in one.query_string
            assert "topic=military&topic=railways&match=all" in two.query_string
            assert check_view(one, journeys, naval) == []
            assert check_view(two, journeys, military) == []
            for session in (one, two):
                assert any(" of 15 stops**" in text for text in session.tree.markdown())

            # "ready" stays in the filter's state: the whole page comes with every run.
            again = await one.rerun()
            assert again.status == "FINISHED_SUCCESSFULLY"
            assert one.widget(TOPIC_FILTER).data()["ready"] is True
            assert {"component_instance", "dataframe"} <= kinds(one)

            # A late report of an older change (a lower rev) does not undo the newer one.
            stale = change_value(Topics(every), naval.rev - 1)
            await one.set_state(one.widget(TOPIC_FILTER), "value", stale)
            assert check_view(one, journeys, naval) == []
            assert check_view(two, journeys, military) == []

    run_in_thread(scenario)
    server.assert_no_traceback()


def test_a_page_that_reconnects_to_a_new_session_gets_its_whole_view_at_once(
    streamlit_server: Callable[[Path], StreamlitServer],
) -> None:
    """What a page sends when its server died and it reconnected to another (or this one
    forgot it): its URL and its widgets' state, in the new session's first run. That run
    must give back the reader's view and the whole page (the filter will not ask for the
    rest again), not the first screen of a new reader."""
    server = streamlit_server(JOURNEY_FILE)
    journeys = Journeys(REPO / "data")

    async def scenario() -> None:
        async with Session(server.url) as before:
            await open_page(before)
            chosen = Expected(Topics(frozenset({"naval", "space"}), "all"), 42)
            value = change_value(chosen.topics, chosen.rev)
            await before.set_state(before.widget(TOPIC_FILTER), "value", value)
            assert check_view(before, journeys, chosen) == []
        async with Session(server.url, query_string=before.query_string) as after:
            after.widget_values.update(before.widget_values)  # what the page holds
            run = await after.open()
            assert (run.status, run.exceptions) == ("FINISHED_SUCCESSFULLY", ())
            assert after.session_id != before.session_id
            assert after.widget(TOPIC_FILTER).data()["ready"] is True
            assert {"component_instance", "dataframe"} <= kinds(after)
            assert check_view(after, journeys, chosen) == []

    run_in_thread(scenario)
    server.assert_no_traceback()
