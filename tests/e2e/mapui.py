"""What a reader does with the dashboard, for the browser tests: the same clicks, in the page.

The map clusters stops that would cover each other; a stop inside a cluster is reached the
way a person reaches it: click the cluster (it zooms in, or spreads its stops out when they
share a place) until the stop's own marker shows, then click the marker.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from .conftest import ACTION_TIMEOUT_MS, MAP_IFRAME, AppPage, StreamlitServer

OpenApp = Callable[..., AppPage]
ServerFor = Callable[[Path], StreamlitServer]

PANEL_LABELS = re.compile(r"^(Stop details|Narrative: stop)$")


def drawn(app: AppPage) -> int:
    """How many stops the map shows now (markers, and stops inside clusters)."""
    value = app.map.locator("[data-stops-drawn]").first.get_attribute("data-stops-drawn")
    return int(value or 0)


def wait_drawn(app: AppPage, count: int, timeout: float = ACTION_TIMEOUT_MS) -> None:
    expect(app.map.locator(f'[data-stops-drawn="{count}"]').first).to_be_attached(timeout=timeout)


def visible_stop_ids(app: AppPage) -> list[str]:
    """The stops the map shows, from the map's own record (in journey order)."""
    ids: list[str] = app.map_frame().evaluate("() => window.ItineraryMap.visibleIds() || []")
    return ids


def wait_ready(app: AppPage, timeout: float = ACTION_TIMEOUT_MS) -> None:
    """Until the page below the map has arrived (it is sent once the map has drawn)."""
    expect(app.page.get_by_role("tab", name="Itinerary")).to_be_visible(timeout=timeout)


def chip(app: AppPage | Page, topic: str) -> Locator:
    page = app.page if isinstance(app, AppPage) else app
    return page.locator(f'.itin-tf-chip[data-topic="{topic}"]')


def toggle_topic(app: AppPage, topic: str) -> None:
    chip(app, topic).click()


def status(app: AppPage) -> Locator:
    """The topic filter's status line. While a rerun that replaces the filter (a reset, a
    new journey) is under way, Streamlit still shows the old one, faded: wait for one."""
    line = app.page.locator(".itin-tf-status")
    expect(line).to_have_count(1)
    return line


def topic_status(app: AppPage) -> str:
    return status(app).inner_text()


def open_sidebar(app: AppPage) -> Locator:
    """Open the sidebar the way a reader does: the "More filters" button by the topics."""
    sidebar = app.page.get_by_test_id("stSidebar")
    if sidebar.get_attribute("data-collapsed") != "false":
        app.page.locator(".itin-tf-more").click()
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    return sidebar


def marker(app: AppPage, stop_id: str) -> Locator:
    """The stop's own marker (the numbered shape), when no cluster holds it."""
    return app.map.locator(f'.itin-marker [data-stop="{stop_id}"]')


def show_whole_journey(app: AppPage) -> None:
    """The map's "whole journey" button: back to the default view, clusters closed."""
    frame = app.map_frame()
    moves = frame.evaluate("() => window.__itinMoves")
    app.map.get_by_role("button", name="Show the whole journey").click()
    frame.wait_for_function(SETTLED_JS, arg=[moves, ""], timeout=ACTION_TIMEOUT_MS)


SETTLED_JS = """([moves, id]) => {
  if (window.__itinMoves <= moves) return false;
  if (document.querySelector('.leaflet-zoom-anim, .leaflet-cluster-anim')) return false;
  return true;
}"""


def wait_still(app: AppPage) -> None:
    """Until no zoom or cluster animation is running in the map."""
    app.map_frame().wait_for_function(
        "() => !document.querySelector('.leaflet-zoom-anim, .leaflet-cluster-anim')",
        timeout=ACTION_TIMEOUT_MS,
    )


def click_stop(app: AppPage, stop_id: str, *, max_steps: int = 12) -> None:
    """Open clusters until the stop's marker shows, then click it."""
    frame = app.map_frame()
    for _ in range(max_steps):
        own = marker(app, stop_id)
        if own.count() and own.first.is_visible():
            own.first.click()
            return
        holder = app.map.locator(f'.itin-cluster-badge[data-stops~="{stop_id}"]')
        expect(holder.first).to_be_visible()
        moves = frame.evaluate("() => window.__itinMoves")
        holder.first.click()
        # A zoom, or the cluster spreads its stops: wait until the map has settled.
        frame.wait_for_function(SETTLED_JS, arg=[moves, stop_id], timeout=ACTION_TIMEOUT_MS)
    raise AssertionError(f"stop {stop_id!r} could not be reached in {max_steps} clicks")


def table_count(app: AppPage, shown: int, total: int) -> Locator:
    """The itinerary tab's count line ("9 of 15 stops · select a row to see it")."""
    return app.page.get_by_test_id("stTabs").get_by_text(f"{shown} of {total} stops", exact=True)


def details(app: AppPage) -> Locator:
    """The panel beside the map that holds the selected stop's details."""
    label = app.page.get_by_test_id("stWidgetLabel").filter(has_text=PANEL_LABELS)
    return app.page.get_by_test_id("stColumn").filter(has=label).last


def map_box(app: AppPage) -> dict[str, float]:
    box = app.page.locator(MAP_IFRAME).bounding_box()
    assert box is not None
    return box
