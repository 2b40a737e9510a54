"""End-to-end: real Chromium against the real Streamlit app, offline.

The expected numbers (stops, legs, filtered stops) are computed from the data file with the
package's own loader, route builder and filter, so the tests follow the data, not a copy of it.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

import pytest
from geopy.distance import geodesic
from playwright.sync_api import Locator, expect

from itinerary.errors import ValidationError
from itinerary.filtering import StopFilter, filter_stops, topics_in_use
from itinerary.loader import load_journey
from itinerary.model import Journey, Stop
from itinerary.route import build_route
from itinerary.text import stop_tooltip
from itinerary.topics import TOPIC_BY_KEY

from .conftest import (
    ACTION_TIMEOUT_MS,
    FIRST_LOAD_TIMEOUT_MS,
    FIXTURES,
    MAP_IFRAME,
    REPO,
    AppPage,
    StreamlitServer,
)

pytestmark = pytest.mark.browser

# The real journey the dashboard is for. ITINERARY_E2E_JOURNEY points the tests at another
# file (for instance tests/fixtures/mini.yaml) while that one is being written.
JOURNEY_FILE = Path(os.environ.get("ITINERARY_E2E_JOURNEY", REPO / "data" / "kim-russia-2023.yaml"))
HOSTILE_FILE = FIXTURES / "hostile.yaml"
BROKEN_FILE = FIXTURES / "broken.yaml"
SCREENSHOT_DOC = REPO / "docs" / "screenshot.png"

# What tests/fixtures/hostile.yaml puts into every text field (each field is "<label> <all of
# these, space-separated>"). A field that shows literally contains every one of them.
HOSTILE_TOKENS = (
    "${window.__pwned=1}",
    "`",
    "`${window.__pwned=6}`",
    "</script><script>window.__pwned=2</script>",
    '<img src=x onerror="window.__pwned=3">',
    "javascript:window.__pwned=4",
    "[x](javascript:window.__pwned=5)",
    "C:\\new \\` \\${x} \\\\ end\\",
    "{{ 7*7 }}",
    "'s' \"d\" \u201cc\u201d",
    "&lt;b&gt; &amp;",
    "line\u2028separator",
)
HOSTILE_TEXT = " ".join(HOSTILE_TOKENS)

ServerFactory = Callable[[Path], StreamlitServer]
AppFactory = Callable[[StreamlitServer], AppPage]


def squash(text: str | None) -> str:
    """Collapse runs of whitespace (U+2028 included), as HTML and markdown rendering do."""
    return " ".join((text or "").split())


def wait_for_markers(app: AppPage, count: int, timeout: float = ACTION_TIMEOUT_MS) -> Locator:
    """Wait until the map shows exactly `count` stop markers; return them.

    Route arrows and place labels are marker icons too, but never interactive: every
    clickable marker icon must be a stop marker.
    """
    markers = app.map.locator(".leaflet-marker-icon.itin-marker")
    expect(markers).to_have_count(count, timeout=timeout)
    expect(app.map.locator(".leaflet-marker-icon.leaflet-interactive")).to_have_count(count)
    return markers


def marker_titles(markers: Locator) -> list[str]:
    return sorted(markers.evaluate_all("nodes => nodes.map(n => n.getAttribute('title'))"))


def marker_for(app: AppPage, stop: Stop) -> Locator:
    """The numbered shape inside the stop's marker (its text is exactly the seq number)."""
    return app.map.locator(".itin-marker").get_by_text(str(stop.seq), exact=True)


def details_column(app: AppPage) -> Locator:
    heading = app.page.get_by_role("heading", name="Stop details", exact=True)
    return app.page.get_by_test_id("stColumn").filter(has=heading)


def bring_map_into_view(app: AppPage) -> None:
    """Scroll until the whole map is on screen, as a person does before clicking on it.

    (With the map partly below the fold a marker click is lost: see
    test_marker_click_with_the_map_partly_below_the_fold.)
    """
    iframe = app.page.locator(MAP_IFRAME)
    iframe.evaluate("node => node.scrollIntoView({block: 'center', inline: 'nearest'})")
    box = iframe.bounding_box()
    viewport = app.page.viewport_size
    assert box is not None and viewport is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], box


def most_isolated_stop(journey: Journey) -> Stop:
    """The stop farthest from its nearest neighbour: its marker is never covered by another."""

    def nearest_km(stop: Stop) -> float:
        return (
            min(
                geodesic(stop.location.point, other.location.point).km
                for other in journey.stops
                if other is not stop
            )
            if len(journey.stops) > 1
            else 0.0
        )

    return max(journey.stops, key=nearest_km)


@pytest.fixture(scope="module")
def journey() -> Journey:
    if not JOURNEY_FILE.is_file():
        pytest.fail(f"the journey file {JOURNEY_FILE} is missing")
    return load_journey(JOURNEY_FILE)


def test_default_view_shows_every_stop_and_the_route_offline(
    streamlit_server: ServerFactory, open_app: AppFactory, journey: Journey, artifacts_dir: Path
) -> None:
    route = build_route(journey)
    app = open_app(streamlit_server(JOURNEY_FILE))

    markers = wait_for_markers(app, len(journey.stops), timeout=FIRST_LOAD_TIMEOUT_MS)
    assert marker_titles(markers) == sorted(stop_tooltip(stop) for stop in journey.stops)
    expect(app.map.locator("path.itin-route")).to_have_count(len(route.legs))
    # Tiles are blocked: the map says so (and falls back to its offline basemap).
    status = app.map.locator(".itin-basemap-status[role=status]")
    expect(status).to_contain_text(
        re.compile(r"tile server (is )?(unreachable|unavailable)", re.IGNORECASE),
        timeout=ACTION_TIMEOUT_MS,
    )
    expect(app.map.locator(".leaflet-container.itin-no-tiles")).to_have_count(1)
    expect(app.page.get_by_role("heading", level=1)).to_contain_text(journey.title)
    expect(app.page.get_by_test_id("stDataFrame").first).to_be_visible()
    assert any("tile" in url for url in app.aborted), "the basemap tiles were never requested"
    app.assert_healthy()

    # Streamlit scrolls an inner container, so a "full page" screenshot is the viewport:
    # make the viewport as tall as the content first.
    height = app.page.evaluate(
        "() => Math.max(...['stMain', 'stAppViewContainer'].map(id =>"
        " document.querySelector(`[data-testid=${id}]`)?.scrollHeight ?? 0),"
        " document.documentElement.scrollHeight)"
    )
    app.page.set_viewport_size({"width": 1400, "height": min(max(int(height), 1000), 8000)})
    expect(markers).to_have_count(len(journey.stops))
    screenshot = artifacts_dir / "default-view.png"
    app.page.screenshot(path=screenshot, full_page=True)
    if os.environ.get("UPDATE_SCREENSHOT") == "1":
        SCREENSHOT_DOC.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(screenshot, SCREENSHOT_DOC)
    app.assert_healthy()


def test_topic_filter_swaps_markers_without_reloading_the_map(
    streamlit_server: ServerFactory, open_app: AppFactory, journey: Journey
) -> None:
    route = build_route(journey)
    topics = topics_in_use(journey.stops)

    def visible_without(topic: str) -> tuple[Stop, ...]:
        return filter_stops(journey.stops, StopFilter(topics=frozenset(topics) - {topic}))

    # The topic whose removal hides the most stops (ties: vocabulary order).
    topic = max(topics, key=lambda key: len(journey.stops) - len(visible_without(key)))
    expected = visible_without(topic)
    if len(expected) == len(journey.stops):
        pytest.skip("no single topic hides a stop in this journey")

    app = open_app(streamlit_server(JOURNEY_FILE))
    markers = wait_for_markers(app, len(journey.stops), timeout=FIRST_LOAD_TIMEOUT_MS)
    probe = secrets.token_hex(8)
    app.map_frame().evaluate("probe => { window.__itinProbe = probe; }", probe)

    label = TOPIC_BY_KEY[topic].label
    topics_widget = app.page.get_by_test_id("stMultiSelect").filter(
        has=app.page.get_by_text("Topics", exact=True)
    )
    topics_widget.get_by_role("button", name=f"Remove {label}", exact=True).click()

    expect(markers).to_have_count(len(expected), timeout=ACTION_TIMEOUT_MS)
    assert marker_titles(markers) == sorted(stop_tooltip(stop) for stop in expected)
    # The rest of the page follows the same filter.
    expect(app.page.get_by_text(f"{len(expected)} of {len(journey.stops)} stops")).to_be_visible()
    assert app.map_frame().evaluate("() => window.__itinProbe") == probe, "the map reloaded"
    expect(app.map.locator("path.itin-route")).to_have_count(len(route.legs))
    app.assert_healthy()


def test_clicking_a_marker_shows_that_stop_in_the_details_panel(
    streamlit_server: ServerFactory, open_app: AppFactory, journey: Journey
) -> None:
    stop = most_isolated_stop(journey)
    source = stop.sources[0]
    app = open_app(streamlit_server(JOURNEY_FILE))
    wait_for_markers(app, len(journey.stops), timeout=FIRST_LOAD_TIMEOUT_MS)
    probe = secrets.token_hex(8)
    app.map_frame().evaluate("probe => { window.__itinProbe = probe; }", probe)

    bring_map_into_view(app)
    marker_for(app, stop).click()

    details = details_column(app)
    heading = details.locator("h3").filter(has_text=f"{stop.seq}. {squash(stop.name)}")
    expect(heading).to_have_count(1, timeout=ACTION_TIMEOUT_MS)
    expect(details).to_contain_text(squash(source.outlet))
    hrefs = details.get_by_role("link").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert unquote(source.url) in [unquote(href) for href in hrefs]
    # The clicked marker is now drawn as selected, in the same (not reloaded) map.
    selected = app.map.locator(".itin-marker.selected")
    expect(selected).to_have_count(1, timeout=ACTION_TIMEOUT_MS)
    expect(selected).to_have_text(str(stop.seq))
    assert app.map_frame().evaluate("() => window.__itinProbe") == probe, "the map reloaded"
    app.assert_healthy()


def test_marker_click_with_the_map_partly_below_the_fold(
    streamlit_server: ServerFactory, open_app: AppFactory, journey: Journey
) -> None:
    stop = most_isolated_stop(journey)
    app = open_app(streamlit_server(JOURNEY_FILE))
    wait_for_markers(app, len(journey.stops), timeout=FIRST_LOAD_TIMEOUT_MS)
    # A laptop-sized window: the top of the map is on screen, its bottom is not.
    app.page.set_viewport_size({"width": 1400, "height": 800})
    box = app.page.locator(MAP_IFRAME).bounding_box()
    assert box is not None and box["y"] + 100 < 800 < box["y"] + box["height"], box
    marker = marker_for(app, stop)
    marker_box = marker.bounding_box()
    assert marker_box is not None and marker_box["y"] + marker_box["height"] < 800, marker_box
    frame = app.map_frame()
    frame.evaluate(
        "() => { window.__clicks = []; document.addEventListener('click', event =>"
        " window.__clicks.push(Boolean(event.target.closest('.itin-marker'))), true); }"
    )

    marker.click()

    assert frame.evaluate("() => window.__clicks") == [True], "the click missed the marker"
    details = details_column(app)
    heading = details.locator("h3").filter(has_text=f"{stop.seq}. {squash(stop.name)}")
    expect(heading).to_have_count(1, timeout=ACTION_TIMEOUT_MS)


def test_default_view_leaves_no_marker_under_a_map_control(
    streamlit_server: ServerFactory, open_app: AppFactory, journey: Journey
) -> None:
    app = open_app(streamlit_server(JOURNEY_FILE))
    wait_for_markers(app, len(journey.stops), timeout=FIRST_LOAD_TIMEOUT_MS)
    expect(app.map.locator(".itin-basemap-status[role=status]")).to_contain_text("nreachable")
    # What is on top at each marker's centre: a marker (stops at one place may stack), or
    # something else (a control, or nothing: outside the map).
    hidden = app.map_frame().evaluate(
        """() => [...document.querySelectorAll('.itin-marker')].flatMap(marker => {
          const box = marker.getBoundingClientRect();
          const map = marker.closest('.leaflet-container').getBoundingClientRect();
          const x = box.x + box.width / 2, y = box.y + box.height / 2;
          const inside = x > map.left && x < map.right && y > map.top && y < map.bottom;
          const top = inside ? document.elementFromPoint(x, y) : null;
          if (top && top.closest('.itin-marker')) { return []; }
          const cover = top ? (top.closest('.leaflet-control') || top).className : 'off the map';
          return [`marker ${marker.textContent}: under ${cover}`];
        })"""
    )
    assert hidden == []


def test_hostile_strings_stay_text_everywhere(
    streamlit_server: ServerFactory, open_app: AppFactory
) -> None:
    journey = load_journey(HOSTILE_FILE)
    # The fixture really is hostile in every field the app shows.
    for text in (journey.title, journey.summary):
        assert HOSTILE_TEXT in text
    for stop in journey.stops:
        for text in (stop.name, stop.site, stop.region, stop.summary, stop.time_note or ""):
            assert HOSTILE_TEXT in text
        assert all(HOSTILE_TEXT in person for person in stop.people)
        assert HOSTILE_TEXT in stop.sources[0].outlet and HOSTILE_TEXT in stop.sources[0].title

    # Text shown wrongly is collected, so that one run names every place that mangles it;
    # anything that runs (a flag set, a dialog) fails at the end regardless.
    not_literal: list[str] = []

    def check_literal(shown: str | None, expected: str, where: str) -> None:
        if squash(expected) not in squash(shown):
            not_literal.append(f"{where}: expected {squash(expected)!r}, shown {squash(shown)!r}")

    server = streamlit_server(HOSTILE_FILE)

    def assert_nothing_ran(app: AppPage) -> None:
        """No flag set in any frame, no javascript: link, no dialog, no error."""
        for frame in app.page.frames:
            assert frame.evaluate("() => typeof window.__pwned") == "undefined", frame.url
            assert frame.locator("a[href^='javascript:' i]").count() == 0, frame.url
        app.assert_healthy()

    # The journey header and the tooltips, on a fresh page.
    app = open_app(server)
    page, fmap = app.page, app.map
    wait_for_markers(app, len(journey.stops), timeout=FIRST_LOAD_TIMEOUT_MS)
    expect(fmap.locator("path.itin-route")).to_have_count(len(build_route(journey).legs))
    title = page.get_by_role("heading", level=1)
    expect(title).to_contain_text("Hostile title")
    check_literal(title.text_content(), journey.title, "page title")
    summary = page.get_by_test_id("stCaptionContainer").filter(has_text="Hostile summary")
    check_literal(summary.text_content(), journey.summary, "journey summary")
    for stop in journey.stops:
        marker_for(app, stop).hover()
        tooltip = fmap.locator(".leaflet-tooltip").filter(has_text=f"{stop.seq}. ")
        expect(tooltip).to_be_visible()
        # Exact, character for character (U+2028 included): tooltips are text.
        if stop_tooltip(stop) not in (tooltip.text_content() or ""):
            not_literal.append(f"tooltip {stop.seq}: {tooltip.text_content()!r}")
        assert tooltip.locator("img, script, a").count() == 0
    assert_nothing_ran(app)

    # Each stop on a fresh page: a popup taller than the map pans it far away, so the
    # map is not reused from one stop to the next.
    for stop in journey.stops:
        app = open_app(server)
        page, fmap = app.page, app.map
        wait_for_markers(app, len(journey.stops), timeout=FIRST_LOAD_TIMEOUT_MS)
        label = f"{stop.seq}. {stop.name.split()[0]}"

        # Selected in the panel: the details render every hostile field.
        details = details_column(app)
        details.get_by_role("combobox", name="Selected stop").click()
        page.get_by_role("option").filter(has_text=label).click()
        heading = details.locator("h3").filter(has_text=label)
        expect(heading).to_have_count(1)
        check_literal(heading.text_content(), f"{stop.seq}. {stop.name}", "details heading")
        details_text = details.text_content()
        source = stop.sources[0]
        values = (stop.site, stop.region, stop.summary, stop.time_note or "", source.outlet)
        for value in (*values, *stop.people):
            check_literal(details_text, value, f"details panel of stop {stop.seq}")
        link = details.get_by_role("link", name=squash(source.title))
        expect(link).to_have_attribute("href", re.compile(r"^https://example\.org/"))
        assert details.locator("img, script").count() == 0

        # Clicking its (now selected) marker opens the popup; the selection is unchanged,
        # so no rerun redraws the marker and the popup stays open.
        selected = fmap.locator(".itin-marker.selected")
        expect(selected).to_have_text(str(stop.seq))
        bring_map_into_view(app)
        selected.click()
        popup = fmap.locator(".leaflet-popup-content")
        expect(popup).to_contain_text(label)
        popup_text = popup.text_content() or ""
        for value in (f"{stop.seq}. {stop.name}", stop.site, stop.region, stop.summary):
            if value not in popup_text:  # exact: the popup is built with textContent
                not_literal.append(f"popup {stop.seq}: {value!r} not in {popup_text!r}")
        if f"{source.outlet}: {source.title}" not in popup_text:
            not_literal.append(f"popup {stop.seq}: source line not in {popup_text!r}")
        assert popup.locator("img, script").count() == 0
        hrefs = popup.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert hrefs == [source.url]
        assert_nothing_ran(app)

    assert not_literal == [], "hostile text is not shown literally:\n" + "\n".join(not_literal)


def test_broken_file_lists_every_problem_without_a_traceback(
    streamlit_server: ServerFactory, open_app: AppFactory
) -> None:
    with pytest.raises(ValidationError) as raised:
        load_journey(BROKEN_FILE)
    problems = raised.value.problems
    # The fixture's five distinct mistakes, each reported against its stop and field.
    expected = {
        ("alpha", "topics[1]"),  # unknown topic
        ("beta", "url"),  # ftp:// URL
        ("gamma", "id"),  # duplicate id
        ("delta", "site"),  # missing field
        ("epsilon", "start"),  # no UTC offset
    }
    assert expected <= {(p.stop_id, p.field.rsplit(".", 1)[-1]) for p in problems}

    server = streamlit_server(BROKEN_FILE)
    app = open_app(server)
    page = app.page
    alert = page.get_by_test_id("stAlert")
    expect(alert).to_contain_text(
        "This itinerary file cannot be shown.", timeout=FIRST_LOAD_TIMEOUT_MS
    )
    expect(alert).to_contain_text(str(BROKEN_FILE.resolve()))
    code = page.get_by_test_id("stCode")
    for problem in problems:
        expect(code).to_contain_text(str(problem))
    # One line per problem, each naming the file, the stop and the field.
    lines = [squash(line) for line in (code.text_content() or "").splitlines() if line.strip()]
    assert sorted(lines) == sorted(squash(str(problem)) for problem in problems)
    for stop_id, field in expected:
        prefix = f"{BROKEN_FILE}: stop {stop_id!r}: "
        assert any(line.startswith(prefix) and field in line for line in lines), (stop_id, field)
    expect(page.locator(MAP_IFRAME)).to_have_count(0)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert "Traceback" not in (page.locator("body").text_content() or "")
    server.assert_no_traceback()
    app.assert_healthy()
