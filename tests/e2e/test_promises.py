"""Promises a demanding reader found broken (issue 13), each checked in real Chromium.

Full screen, tiles that never answer, labels of hidden stops, uploads too big or broken,
links to uploaded journeys, and the playback counter against the marker numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from itinerary.dashboard.prepared import UPLOAD_LIMIT_BYTES
from itinerary.format.loader import load_journey
from itinerary.views.mapview import TILE_WAIT_MS

from . import mapui
from .conftest import ACTION_TIMEOUT_MS, FIRST_LOAD_TIMEOUT_MS, FIXTURES, MAP_IFRAME, REPO

pytestmark = pytest.mark.browser

REAL = REPO / "data" / "kim-russia-2023.yaml"


def test_the_full_screen_button_fills_the_screen_with_the_map(
    open_app: mapui.OpenApp, streamlit_server: mapui.ServerFor
) -> None:
    app = open_app(streamlit_server(REAL))
    mapui.wait_drawn(app, len(load_journey(REAL).stops))
    button = app.map.get_by_role("button", name="Full screen")
    expect(button).to_be_visible()
    button.click()
    # The map's frame fills the screen, and the button says how to leave.
    app.page.wait_for_function("() => document.fullscreenElement?.tagName === 'IFRAME'")
    expect(app.map.locator(".leaflet-fullscreen-on")).to_have_count(1)
    app.map.get_by_role("button", name="Leave full screen").click()
    app.page.wait_for_function("() => document.fullscreenElement === null")
    app.assert_healthy()


@pytest.fixture
def hanging_tiles_page(
    browser: Browser, streamlit_server: mapui.ServerFor
) -> Iterator[tuple[Page, list[Route]]]:
    """The app, with every tile request left unanswered (a firewall that drops packets)."""
    server = streamlit_server(REAL)
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    held: list[Route] = []

    def route(request_route: Route) -> None:
        url = request_route.request.url
        if url.startswith(server.url) or url.startswith(("data:", "blob:")):
            request_route.continue_()
        elif "tile" in url:
            held.append(request_route)  # never answered
        else:
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.goto(server.url, timeout=FIRST_LOAD_TIMEOUT_MS)
    yield page, held
    context.close()


def test_tiles_that_never_answer_give_way_to_the_offline_basemap(
    hanging_tiles_page: tuple[Page, list[Route]],
) -> None:
    page, held = hanging_tiles_page
    map_frame = page.frame_locator(MAP_IFRAME)
    container = map_frame.locator('[data-basemap="natural-earth"]').first
    expect(container).to_be_attached(timeout=TILE_WAIT_MS + ACTION_TIMEOUT_MS)
    assert held, "the tile requests were not held"
    expect(map_frame.locator(".itin-basemap-status")).to_contain_text("not answering")
    expect(map_frame.locator(".itin-natural-earth-drawn").first).to_be_attached()


def test_a_hidden_stops_place_label_goes_with_it(
    open_app: mapui.OpenApp, streamlit_server: mapui.ServerFor
) -> None:
    journey = load_journey(REAL)
    app = open_app(streamlit_server(REAL))
    mapui.wait_drawn(app, len(journey.stops))
    expect(app.map.locator(".itin-natural-earth-drawn").first).to_be_attached()
    label = app.map.locator(".itin-city-label", has_text=re.compile(r"^Vostochny Cosmodrome$"))
    expect(label).to_have_css("visibility", "visible")
    vostochny = next(stop for stop in journey.stops if stop.name.startswith("Vostochny"))
    for topic in vostochny.topics:
        mapui.toggle_topic(app, topic)
    expect(label).to_have_css("visibility", "hidden")
    app.assert_healthy()


def upload(page: Page, path: Path) -> None:
    mapui_sidebar = page.get_by_test_id("stSidebar")
    if mapui_sidebar.get_attribute("data-collapsed") != "false":
        page.locator(".itin-tf-more").click()
    page.get_by_test_id("stSidebar").locator('input[type="file"]').set_input_files(str(path))


def test_an_upload_over_the_limit_says_so_in_full(
    open_app: mapui.OpenApp, streamlit_server: mapui.ServerFor, tmp_path: Path
) -> None:
    big = tmp_path / "big.yaml"
    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
    big.write_text(text + "#" * (UPLOAD_LIMIT_BYTES + 1024 - len(text)) + "\n", encoding="utf-8")
    app = open_app(streamlit_server(REAL))
    mapui.wait_ready(app)
    upload(app.page, big)
    panel = app.page.get_by_test_id("stMain")
    expect(panel.get_by_text(re.compile(r"the limit is 5 MB"))).to_be_visible()
    app.assert_healthy()


def test_a_broken_uploads_problems_are_read_in_full_beside_the_map(
    open_app: mapui.OpenApp, streamlit_server: mapui.ServerFor
) -> None:
    app = open_app(streamlit_server(REAL))
    mapui.wait_ready(app)
    upload(app.page, FIXTURES / "broken.yaml")
    problems = app.page.get_by_test_id("stMain").get_by_test_id("stCode")
    expect(problems).to_be_visible()
    box, main = problems.bounding_box(), app.page.get_by_test_id("stMain").bounding_box()
    assert box is not None and main is not None
    # Every line wraps inside the main area: nothing is cut off to the right.
    assert problems.evaluate("node => node.scrollWidth <= node.clientWidth + 1")
    assert box["x"] + box["width"] <= main["x"] + main["width"]
    app.assert_healthy()


def test_a_link_to_an_uploaded_journey_says_it_cannot_bring_it_back(
    open_app: mapui.OpenApp, streamlit_server: mapui.ServerFor
) -> None:
    app = open_app(streamlit_server(REAL))
    mapui.wait_ready(app)
    upload(app.page, FIXTURES / "mini.yaml")
    mapui.wait_drawn(app, len(load_journey(FIXTURES / "mini.yaml").stops))
    app.page.get_by_role("tab", name="Export & share").click()
    expect(app.page.get_by_text("cannot bring it back")).to_be_visible()
    app.assert_healthy()


def test_the_playback_counter_names_the_marker_number(
    open_app: mapui.OpenApp, streamlit_server: mapui.ServerFor
) -> None:
    journey = load_journey(REAL)
    app = open_app(streamlit_server(REAL))
    mapui.wait_ready(app)
    app.page.get_by_role("button", name="Next").click()
    first = journey.stops[0]
    expect(app.page.get_by_text(f"Playback: step 1 of {len(journey.stops)}, stop {first.seq}"))
    expect(app.map.locator(".itin-marker.selected, .itin-cluster.selected").first).to_be_attached()
    app.page.get_by_role("button", name="Next").click()
    second = journey.stops[1]
    expect(
        app.page.get_by_text(f"Playback: step 2 of {len(journey.stops)}, stop {second.seq}")
    ).to_be_visible()
    selected = app.map.locator(".itin-marker.selected .shape")
    expect(selected).to_have_text(str(second.seq))
    app.assert_healthy()
