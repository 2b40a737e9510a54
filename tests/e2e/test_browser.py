"""End-to-end: real Chromium against the real Streamlit app, offline.

The expected numbers (stops, legs, filtered stops) are computed from the data file with the
package's own loader, route builder and filter, so the tests follow the data, not a copy of it.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import unquote

import pytest
from geopy.distance import geodesic
from playwright.sync_api import Browser, Locator, Page, expect

from itinerary.errors import ValidationError
from itinerary.filtering import StopFilter, filter_stops, topics_in_use
from itinerary.format.loader import load_journey
from itinerary.geo.route import build_route
from itinerary.model import Journey, Stop
from itinerary.views.embedded import inline_assets
from itinerary.views.mapview import standalone_html
from itinerary.views.text import format_stop_when, stop_tooltip

from .conftest import (
    ACTION_TIMEOUT_MS,
    FIRST_LOAD_TIMEOUT_MS,
    FIXTURES,
    MAP_IFRAME,
    REPO,
    AppPage,
    StreamlitServer,
)
from .mapui import (
    MapScope,
    chip,
    click_stop,
    details,
    expect_selected,
    expect_stops_shown,
    reveal_stop,
    table_count,
    toggle_topic,
    wait_drawn,
    wait_ready,
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

# The size Leaflet works with (cached) and the size its container has on the page.
LEAFLET_SIZE_JS = """() => {
  const map = window.map, size = map.getSize(), box = map.getContainer();
  return {leaflet: [size.x, size.y], container: [box.clientWidth, box.clientHeight]};
}"""

ServerFactory = Callable[[Path], StreamlitServer]
AppFactory = Callable[[StreamlitServer], AppPage]


def squash(text: str | None) -> str:
    """Collapse runs of whitespace (U+2028 included), as HTML and markdown rendering do."""
    return " ".join((text or "").split())


def wait_for_stops(
    app: AppPage,
    stops: Sequence[Stop],
    timeout: float = ACTION_TIMEOUT_MS,
    *,
    whole_view: bool = True,
) -> None:
    """Wait until the map shows exactly these stops and every marker has its stop's
    tooltip; at the whole journey's view (``whole_view``), each stop is also in the DOM as
    its own marker or inside a cluster.

    Route arrows and place labels are marker icons too, but never interactive: every
    clickable marker icon must be a stop's marker or a cluster.
    """
    wait_drawn(app, len(stops), timeout=timeout)
    frame = app.map_frame()
    expect_stops_shown(frame, [stop.id for stop in stops], whole_view=whole_view)
    assert_markers_are_stops(frame, stops)


def assert_markers_are_stops(scope: MapScope, stops: Sequence[Stop]) -> None:
    tips = {stop.id: stop_tooltip(stop) for stop in stops}
    titles = scope.locator(".leaflet-marker-icon.itin-marker").evaluate_all(
        "nodes => nodes.map(n => [n.querySelector('[data-stop]').getAttribute('data-stop'),"
        " n.getAttribute('title')])"
    )
    assert all(title == tips[stop_id] for stop_id, title in titles), titles
    interactive = scope.locator(".leaflet-marker-icon.leaflet-interactive").count()
    stops_and_clusters = scope.locator(".leaflet-marker-icon.itin-marker, .itin-cluster").count()
    assert interactive == stops_and_clusters, (interactive, stops_and_clusters)


def expect_details_heading(app: AppPage, stop: Stop) -> Locator:
    """The details beside the map show this stop (its "SEQ. Name" heading); return them."""
    panel = details(app)
    heading = panel.get_by_role("heading").filter(has_text=f"{stop.seq}. {squash(stop.name)}")
    expect(heading).to_have_count(1, timeout=ACTION_TIMEOUT_MS)
    return panel


def topic_hiding_most(journey: Journey) -> tuple[str, tuple[Stop, ...]]:
    """The topic whose removal hides the most stops (ties: vocabulary order), and the stops
    still shown then. The real journey must have one: a test needs a change to see."""
    topics = topics_in_use(journey.stops)

    def visible_without(topic: str) -> tuple[Stop, ...]:
        return filter_stops(journey.stops, StopFilter(topics=frozenset(topics) - {topic}))

    topic = max(topics, key=lambda key: len(journey.stops) - len(visible_without(key)))
    visible = visible_without(topic)
    assert len(visible) < len(journey.stops), "no single topic hides a stop in this journey"
    return topic, visible


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

    wait_for_stops(app, journey.stops, timeout=FIRST_LOAD_TIMEOUT_MS)
    expect(app.map.locator("path.itin-route")).to_have_count(len(route.legs))
    # Tiles are blocked: the map says so (and falls back to its offline basemap).
    status = app.map.locator(".itin-basemap-status[role=status]")
    expect(status).to_contain_text(
        re.compile(r"tile server (is )?(unreachable|unavailable)", re.IGNORECASE),
        timeout=ACTION_TIMEOUT_MS,
    )
    expect(app.map.locator(".leaflet-container.itin-no-tiles")).to_have_count(1)
    expect(app.page.get_by_role("heading", level=1)).to_contain_text(journey.title)
    # Every topic in use is offered beside the map, ticked, with its number of stops.
    for topic in topics_in_use(journey.stops):
        expect(chip(app, topic)).to_have_attribute("aria-pressed", "true")
        count = sum(topic in stop.topics for stop in journey.stops)
        expect(chip(app, topic).locator(".itin-tf-count")).to_have_text(str(count))
    expect(app.page.locator(".itin-tf-chip")).to_have_count(len(topics_in_use(journey.stops)))
    # What is below the map arrives once the map has drawn.
    wait_ready(app)
    expect(table_count(app, len(journey.stops), len(journey.stops))).to_be_visible()
    expect(app.page.get_by_test_id("stDataFrame").first).to_be_attached()
    assert any("tile" in url for url in app.aborted), "the basemap tiles were never requested"
    app.assert_healthy()

    # The first screen, as a reader sees it (the README's screenshot), with its land drawn.
    expect(app.map.locator(".leaflet-container.itin-natural-earth-drawn")).to_have_count(1)
    screenshot = artifacts_dir / "default-view.png"
    app.page.screenshot(path=screenshot)
    if os.environ.get("UPDATE_SCREENSHOT") == "1":
        SCREENSHOT_DOC.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(screenshot, SCREENSHOT_DOC)
    app.assert_healthy()
    # The page sizes the map's frame to the screen: Leaflet must know the size it has, or it
    # fits the journey, clusters the stops and draws the basemap for a smaller map.
    size = app.map_frame().evaluate(LEAFLET_SIZE_JS)
    assert size["leaflet"] == size["container"], (
        f"Leaflet's map size {size['leaflet']} is not its container's {size['container']}: "
        "the frame grew after the map was made and the map was never told (invalidateSize)"
    )


def test_topic_filter_swaps_markers_without_reloading_the_map(
    streamlit_server: ServerFactory, open_app: AppFactory, journey: Journey
) -> None:
    route = build_route(journey)
    topic, expected = topic_hiding_most(journey)
    total = len(journey.stops)

    app = open_app(streamlit_server(JOURNEY_FILE))
    wait_for_stops(app, journey.stops, timeout=FIRST_LOAD_TIMEOUT_MS)
    wait_ready(app)
    probe = secrets.token_hex(8)
    app.map_frame().evaluate("probe => { window.__itinProbe = probe; }", probe)

    toggle_topic(app, topic)

    expect(chip(app, topic)).to_have_attribute("aria-pressed", "false")
    wait_for_stops(app, expected)
    expect(app.page.locator(".itin-tf-status")).to_contain_text(
        f"{len(expected)} of {total} stops shown."
    )
    # The rest of the page follows the same filter.
    expect(table_count(app, len(expected), total)).to_be_visible()
    assert app.map_frame().evaluate("() => window.__itinProbe") == probe, "the map reloaded"
    expect(app.map.locator("path.itin-route")).to_have_count(len(route.legs))
    app.assert_healthy()


def test_clicking_a_marker_shows_that_stop_in_the_details_panel(
    streamlit_server: ServerFactory, open_app: AppFactory, journey: Journey
) -> None:
    stop = most_isolated_stop(journey)
    source = stop.sources[0]
    app = open_app(streamlit_server(JOURNEY_FILE))
    wait_for_stops(app, journey.stops, timeout=FIRST_LOAD_TIMEOUT_MS)
    probe = secrets.token_hex(8)
    app.map_frame().evaluate("probe => { window.__itinProbe = probe; }", probe)

    bring_map_into_view(app)
    click_stop(app, stop.id)

    panel = expect_details_heading(app, stop)
    expect(panel).to_contain_text(squash(source.outlet))
    hrefs = panel.get_by_role("link").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert unquote(source.url) in [unquote(href) for href in hrefs]
    # The clicked marker is now drawn as selected, in the same (not reloaded) map.
    expect_selected(app.map_frame(), stop.id)
    expect(app.map.locator(".itin-marker.selected")).to_have_text(str(stop.seq))
    assert app.map_frame().evaluate("() => window.__itinProbe") == probe, "the map reloaded"
    app.assert_healthy()


# A window so short that the map (at least 400 px tall) does not fit under the title.
SHORT_WINDOW = {"width": 1400, "height": 420}


def test_marker_click_with_the_map_partly_below_the_fold(
    streamlit_server: ServerFactory, open_app: AppFactory, journey: Journey
) -> None:
    width, height = SHORT_WINDOW["width"], SHORT_WINDOW["height"]
    app = open_app(streamlit_server(JOURNEY_FILE), viewport=(width, height))
    wait_for_stops(app, journey.stops, timeout=FIRST_LOAD_TIMEOUT_MS)
    # The top of the map is on screen, its bottom is not.
    box = app.page.locator(MAP_IFRAME).bounding_box()
    assert box is not None and box["y"] + 100 < height < box["y"] + box["height"], box
    frame = app.map_frame()

    # A stop whose own marker is on screen, inside the map (a person clicks what they see).
    # Boxes are in the page's coordinates.
    def on_screen(stop: Stop) -> bool:
        found = frame.locator(f'.itin-marker [data-stop="{stop.id}"]')
        mark = found.bounding_box() if found.count() else None
        return mark is not None and (
            box["x"] <= mark["x"] and mark["x"] + mark["width"] <= box["x"] + box["width"]
            and box["y"] <= mark["y"] and mark["y"] + mark["height"] < height
        )  # fmt: skip

    visible = [stop for stop in journey.stops if on_screen(stop)]
    assert visible, "no stop marker is on screen in a short window"
    stop = visible[0]
    frame.evaluate(
        "() => { window.__clicks = []; document.addEventListener('click', event =>"
        " window.__clicks.push(Boolean(event.target.closest('.itin-marker'))), true); }"
    )

    frame.locator(f'.itin-marker [data-stop="{stop.id}"]').click()

    assert frame.evaluate("() => window.__clicks") == [True], "the click missed the marker"
    expect_details_heading(app, stop)


def test_default_view_leaves_no_marker_under_a_map_control(
    streamlit_server: ServerFactory, open_app: AppFactory, journey: Journey
) -> None:
    app = open_app(streamlit_server(JOURNEY_FILE))
    wait_for_stops(app, journey.stops, timeout=FIRST_LOAD_TIMEOUT_MS)
    expect(app.map.locator(".itin-basemap-status[role=status]")).to_contain_text("nreachable")
    # Every control is in place (the ones that load after the stops too).
    expect(app.map.get_by_role("button", name="Show the whole journey")).to_be_visible()
    expect(app.map.locator(".leaflet-control-zoom-fullscreen")).to_be_visible()
    # What is on top at each marker's and cluster's centre: a marker or a cluster, or
    # something else (a control, or nothing: outside the map).
    hidden = app.map_frame().evaluate(
        """() => [...document.querySelectorAll('.itin-marker, .itin-cluster')].flatMap(icon => {
          const box = icon.getBoundingClientRect();
          const map = icon.closest('.leaflet-container').getBoundingClientRect();
          const x = box.x + box.width / 2, y = box.y + box.height / 2;
          const inside = x > map.left && x < map.right && y > map.top && y < map.bottom;
          const top = inside ? document.elementFromPoint(x, y) : null;
          if (top && top.closest('.itin-marker, .itin-cluster')) { return []; }
          const cover = top ? (top.closest('.leaflet-control') || top).className : 'off the map';
          return [`${icon.className} ${icon.textContent}: under ${cover}`];
        })"""
    )
    assert hidden == []


def assert_hostile_fixture(journey: Journey) -> None:
    """The fixture really is hostile in every field the app shows."""
    for text in (journey.title, journey.summary, journey.time_zone_note or ""):
        assert HOSTILE_TEXT in text
    for stop in journey.stops:
        for text in (stop.name, stop.site, stop.region, stop.summary, stop.time_note or ""):
            assert HOSTILE_TEXT in text
        assert all(HOSTILE_TEXT in person for person in stop.people)
        assert HOSTILE_TEXT in stop.sources[0].outlet and HOSTILE_TEXT in stop.sources[0].title


def test_hostile_strings_stay_text_everywhere(
    streamlit_server: ServerFactory, open_app: AppFactory
) -> None:
    journey = load_journey(HOSTILE_FILE)
    assert_hostile_fixture(journey)

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

    # The journey header, the About box, the topic filter and the tooltips, on a fresh page.
    app = open_app(server)
    page, fmap = app.page, app.map
    wait_for_stops(app, journey.stops, timeout=FIRST_LOAD_TIMEOUT_MS)
    expect(fmap.locator("path.itin-route")).to_have_count(len(build_route(journey).legs))
    title = page.get_by_role("heading", level=1)
    expect(title).to_contain_text("Hostile title")
    check_literal(title.text_content(), journey.title, "page title")
    page.get_by_test_id("stPopoverButton").filter(has_text="About").click()
    about = page.get_by_test_id("stPopoverBody")
    expect(about).to_contain_text("Hostile summary")
    check_literal(about.text_content(), journey.summary, "journey summary (About)")
    check_literal(about.text_content(), journey.time_zone_note or "", "time-zone note (About)")
    assert about.locator("img, script").count() == 0
    page.keyboard.press("Escape")
    frame = app.map_frame()
    for stop in journey.stops:
        reveal_stop(frame, stop.id).hover()
        tooltip = fmap.locator(".leaflet-tooltip").filter(has_text=f"{stop.seq}. ")
        expect(tooltip).to_be_visible()
        # Exact, character for character (U+2028 included): tooltips are text.
        if stop_tooltip(stop) not in (tooltip.text_content() or ""):
            not_literal.append(f"tooltip {stop.seq}: {tooltip.text_content()!r}")
        assert tooltip.locator("img, script, a").count() == 0
    assert_nothing_ran(app)

    # Each stop on a fresh page, so that one stop's popup never moves the next one's map.
    for stop in journey.stops:
        app = open_app(server)
        page, fmap = app.page, app.map
        wait_for_stops(app, journey.stops, timeout=FIRST_LOAD_TIMEOUT_MS)
        label = f"{stop.seq}. {stop.name.split()[0]}"

        # Selected in the panel: the details render every hostile field.
        page.locator(".st-key-selected_stop").get_by_role("combobox").click()
        page.get_by_role("option").filter(has_text=label).click()
        panel = expect_details_heading(app, stop)
        heading = panel.get_by_role("heading").filter(has_text=label)
        check_literal(heading.text_content(), f"{stop.seq}. {stop.name}", "details heading")
        # The details follow the heading as a block of their own: read them once it is in.
        source = stop.sources[0]
        link = panel.get_by_role("link", name=squash(source.title))
        expect(link).to_have_attribute("href", re.compile(r"^https://example\.org/"))
        details_text = panel.text_content()
        values = (stop.site, stop.region, stop.summary, stop.time_note or "", source.outlet)
        for value in (*values, *stop.people):
            check_literal(details_text, value, f"details panel of stop {stop.seq}")
        assert panel.locator("img, script").count() == 0

        # Clicking its (now selected) marker opens the brief popup: number, name, when.
        expect_selected(app.map_frame(), stop.id)
        bring_map_into_view(app)
        fmap.locator(".itin-marker.selected").click()
        popup = fmap.locator(".leaflet-popup-content")
        expect(popup).to_contain_text(label)
        popup_text = popup.text_content() or ""
        for value in (f"{stop.seq}. {stop.name}", format_stop_when(stop)):
            if value not in popup_text:  # exact: the popup is built with textContent
                not_literal.append(f"popup {stop.seq}: {value!r} not in {popup_text!r}")
        assert popup.locator("img, script, a").count() == 0  # the sources are in the panel
        assert_nothing_ran(app)

    assert not_literal == [], "hostile text is not shown literally:\n" + "\n".join(not_literal)


def test_hostile_strings_stay_text_in_the_standalone_map(browser: Browser, tmp_path: Path) -> None:
    """The exported map has no panel: its popups carry every detail and the sources."""
    journey = load_journey(HOSTILE_FILE)
    assert_hostile_fixture(journey)
    assets = inline_assets()
    assert assets is not None, "front-end assets are missing (run `make assets`)"
    html_file = tmp_path / "hostile.html"
    route = build_route(journey)
    html_file.write_text(standalone_html(journey, route, journey.stops, assets=assets))
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(("file:", "data:")) else route.abort()
        ),
    )
    errors: list[str] = []
    dialogs: list[str] = []
    page: Page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(html_file.as_uri(), timeout=FIRST_LOAD_TIMEOUT_MS)
        expect_stops_shown(page, [stop.id for stop in journey.stops])
        not_literal = []
        for stop in journey.stops:
            reveal_stop(page, stop.id).click()
            label = f"{stop.seq}. {stop.name.split()[0]}"
            popup = page.locator(".leaflet-popup-content").filter(has_text=label)
            expect(popup).to_be_visible()
            text = popup.text_content() or ""
            source = stop.sources[0]
            for value in (
                f"{stop.seq}. {stop.name}", stop.site, stop.region, stop.summary,
                ", ".join(stop.people), f"{source.outlet}: {source.title}",
            ):  # fmt: skip
                if value not in text:  # exact: built with textContent
                    not_literal.append(f"popup {stop.seq}: {value!r} not in {text!r}")
            assert popup.locator("img, script").count() == 0
            hrefs = popup.locator("a").evaluate_all("links => links.map(a => a.href)")
            assert [unquote(h) for h in hrefs] == [unquote(source.url)]
            page.locator(".leaflet-popup-close-button").click()  # clear of the next marker
            expect(popup).to_have_count(0)
        assert page.evaluate("() => typeof window.__pwned") == "undefined"
        assert page.locator("a[href^='javascript:' i]").count() == 0
        assert (errors, dialogs, not_literal) == ([], [], [])
    finally:
        context.close()


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
