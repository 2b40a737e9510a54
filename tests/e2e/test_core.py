"""The core use, in real Chromium: open the dashboard, see the journey, filter by topic, click
a stop. On a laptop (1280×720, 1400×900) and a phone (375×812), for every shipped journey.

Screenshots of each view go to tests/artifacts/core-*.png.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from itinerary.filtering import StopFilter, filter_stops, topics_in_use
from itinerary.format.loader import load_journey
from itinerary.model import Journey

from . import mapui
from .conftest import REPO, AppPage

pytestmark = pytest.mark.browser

REAL = REPO / "data" / "kim-russia-2023.yaml"
SHIPPED = sorted((REPO / "data").glob("*.yaml"))
LAPTOP, WIDE, PHONE = (1280, 720), (1400, 900), (375, 812)

# Every marker, cluster and visible place label on the map, as boxes in page pixels.
BOXES_JS = """() => {
  const box = (node) => { const r = node.getBoundingClientRect();
    return {l: r.left, r: r.right, t: r.top, b: r.bottom}; };
  const named = (node) => node.querySelector('[data-stop]')?.getAttribute('data-stop')
    || 'cluster of ' + node.querySelector('[data-stops]')?.getAttribute('data-stops');
  const icons = Array.from(document.querySelectorAll(
    '.leaflet-marker-pane .itin-marker, .leaflet-marker-pane .itin-cluster'))
    .map((node) => ({name: named(node), ...box(node)}));
  const labels = Array.from(document.querySelectorAll('.itin-city-label'))
    .filter((node) => getComputedStyle(node).visibility === 'visible')
    .map((node) => ({name: 'label ' + node.textContent, ...box(node)}));
  return {icons, labels};
}"""


def journey_key(path: Path) -> str:
    return path.stem


def open_journey(
    open_app: mapui.OpenApp, server_for: mapui.ServerFor, path: Path, viewport: tuple[int, int]
) -> AppPage:
    app = open_app(server_for(REAL), viewport=viewport, query=f"journey={journey_key(path)}")
    journey = load_journey(path)
    mapui.wait_drawn(app, len(journey.stops))
    expect(app.map.locator(".itin-natural-earth-drawn")).to_be_attached()  # offline basemap
    mapui.wait_ready(app)
    mapui.wait_still(app)
    return app


def test_the_map_asks_for_its_journey_and_style_before_its_script(
    open_app: mapui.OpenApp, streamlit_server: mapui.ServerFor
) -> None:
    """streamlit-folium loads the map's script first and its stylesheet and journey only
    once the script has run; the page's first script asks for both at once instead."""
    app = open_app(streamlit_server(REAL), viewport=LAPTOP)
    mapui.wait_drawn(app, len(load_journey(REAL).stops))
    started = app.map_frame().evaluate(
        """() => Object.fromEntries(performance.getEntriesByType('resource')
              .map((entry) => [new URL(entry.name).pathname, entry.startTime]))"""
    )
    bundle = [t for path, t in started.items() if "/bundles/" in path and path.endswith(".js")]
    journey = [t for path, t in started.items() if "/journeys/" in path]
    style = [t for path, t in started.items() if "/bundles/" in path and path.endswith(".css")]
    assert len(bundle) == len(journey) == len(style) == 1, started
    assert journey[0] <= bundle[0] and style[0] <= bundle[0], started


def overlaps(a: dict[str, float], b: dict[str, float]) -> bool:
    return a["l"] < b["r"] and a["r"] > b["l"] and a["t"] < b["b"] and a["b"] > b["t"]


@pytest.mark.parametrize("viewport", [LAPTOP, WIDE, PHONE], ids=["laptop", "wide", "phone"])
def test_the_map_is_the_first_thing_one_sees(
    open_app: mapui.OpenApp, streamlit_server: mapui.ServerFor, viewport: tuple[int, int]
) -> None:
    app = open_journey(open_app, streamlit_server, REAL, viewport)
    width, height = viewport
    title = app.page.get_by_role("heading", level=1)
    title_box = title.bounding_box()
    assert title_box is not None
    assert title_box["height"] <= 40, "the title takes one line"
    box = mapui.map_box(app)
    visible_h = min(box["y"] + box["height"], height) - max(box["y"], 0)
    visible_w = min(box["x"] + box["width"], width) - max(box["x"], 0)
    assert app.page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTop") == 0
    if viewport == PHONE:
        # Right under the one-line title, and wholly in the first screen.
        assert box["y"] - (title_box["y"] + title_box["height"]) <= 16, (box, title_box)
        assert box["y"] + box["height"] <= height, box
    else:
        share = visible_w * visible_h / (width * height)
        assert share >= 0.5, f"the map fills {share:.0%} of the first screen"
        # The details sit beside it, and it keeps at least ~60% of the content width.
        panel = mapui.details(app).bounding_box()
        assert panel is not None and panel["x"] >= box["x"] + box["width"], (panel, box)
        content = app.page.get_by_test_id("stMainBlockContainer").bounding_box()
        assert content is not None
        assert box["width"] >= 0.58 * content["width"], (box, content)
        # The playback controls are next to the map, in the first screen.
        play = app.page.get_by_role("button", name="Play")
        play_box = play.bounding_box()
        assert play_box is not None and play_box["y"] + play_box["height"] <= height
    app.page.screenshot(path=str(REPO / "tests" / "artifacts" / f"core-first-{width}x{height}.png"))
    app.assert_healthy()


@pytest.mark.parametrize("path", SHIPPED, ids=journey_key)
@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_no_two_stops_hide_each_other_at_the_default_view(
    open_app: mapui.OpenApp,
    streamlit_server: mapui.ServerFor,
    path: Path,
    viewport: tuple[int, int],
) -> None:
    app = open_journey(open_app, streamlit_server, path, viewport)
    found = app.map_frame().evaluate(BOXES_JS)
    icons, labels = found["icons"], found["labels"]
    assert icons, "no marker or cluster on the map"
    shown = icons + labels
    clashes = [
        f"{a['name']} × {b['name']}"
        for i, a in enumerate(shown)
        for b in shown[i + 1 :]
        if overlaps(a, b)
    ]
    assert clashes == [], "markers, clusters or labels cover each other"
    width, height = viewport
    app.page.screenshot(
        path=str(REPO / "tests" / "artifacts" / f"core-{path.stem}-{width}x{height}.png")
    )
    app.assert_healthy()


@pytest.mark.parametrize("path", SHIPPED, ids=journey_key)
def test_every_stop_can_be_clicked_from_the_default_view(
    open_app: mapui.OpenApp, streamlit_server: mapui.ServerFor, path: Path
) -> None:
    """Each stop, from the whole-journey view: open clusters as needed, click its marker,
    and the panel shows that stop."""
    app = open_journey(open_app, streamlit_server, path, LAPTOP)
    journey = load_journey(path)
    panel = mapui.details(app)
    for stop in journey.stops:
        mapui.show_whole_journey(app)
        mapui.click_stop(app, stop.id)
        expect(panel.get_by_role("heading", name=f"{stop.seq}. {stop.name}")).to_be_visible()
        expect(app.map.locator(".leaflet-popup-content h4")).to_have_text(
            f"{stop.seq}. {stop.name}"
        )
    app.assert_healthy()


def shown_after(journey: Journey, stop_filter: StopFilter) -> list[str]:
    return [stop.id for stop in filter_stops(journey.stops, stop_filter)]


def test_unticking_a_topic_always_changes_the_map_or_says_why(
    open_app: mapui.OpenApp, streamlit_server: mapui.ServerFor
) -> None:
    journey = load_journey(REAL)
    used = topics_in_use(journey.stops)
    app = open_journey(open_app, streamlit_server, REAL, LAPTOP)
    chosen = set(used)
    for topic in used:
        before = mapui.visible_stop_ids(app)
        chosen.discard(topic)
        expected = shown_after(journey, StopFilter(topics=frozenset(chosen)))
        mapui.toggle_topic(app, topic)
        expect(mapui.chip(app, topic)).to_have_attribute("aria-pressed", "false")
        # The map follows the page's own change, before any rerun, by the Python rule.
        assert mapui.visible_stop_ids(app) == expected
        if expected == before and any(topic in s.topics for s in journey.stops if s.id in expected):
            # Nothing left the map: the panel says why, and the markers changed shape.
            label = mapui.chip(app, topic).locator(".itin-tf-label").inner_text()
            expect(mapui.status(app)).to_contain_text(f"{label} is off, but")
        # No marker wears an unticked topic (it shows its first ticked one).
        expect(app.map.locator(f".itin-marker.topic-{topic}")).to_have_count(0)
        # The rerun brings the table to the same stops.
        expect(mapui.table_count(app, len(expected), len(journey.stops))).to_be_visible()
    expect(mapui.status(app)).to_contain_text("No topic is ticked")
    app.assert_healthy()


# Topic choices, each applied in the page and compared with the Python rule.
RULE_CASES = [
    (("railways",), "any", "one topic"),
    (("railways", "diplomacy"), "any", "two topics, either"),
    (("railways", "transit"), "all", "two topics, both"),
    (("space", "naval"), "all", "two topics no stop has together"),
    ((), "any", "none ticked"),
    ((), "all", "none ticked, all"),
]


def test_the_map_and_the_app_apply_the_same_topic_rule(
    open_app: mapui.OpenApp, streamlit_server: mapui.ServerFor
) -> None:
    journey = load_journey(REAL)
    app = open_journey(open_app, streamlit_server, REAL, LAPTOP)
    for order, (topics, match, reason) in enumerate(RULE_CASES, start=1):
        shown = app.map_frame().evaluate(
            "([t, m, o]) => { window.ItineraryMap.applyTopics(t, m, [0, o]);"
            " return window.ItineraryMap.visibleIds(); }",
            [list(topics), match, 10**12 + order],
        )
        expected = shown_after(journey, StopFilter(topics=frozenset(topics), match=match))
        assert shown == expected, reason


def test_reset_puts_every_filter_back(
    open_app: mapui.OpenApp, streamlit_server: mapui.ServerFor
) -> None:
    """Change every filter, reset, change one topic: only that change applies."""
    path = REPO / "data" / "kim-hanoi-2019.yaml"  # more than one confidence level
    journey = load_journey(path)
    used = topics_in_use(journey.stops)
    app = open_journey(open_app, streamlit_server, path, WIDE)
    mapui.toggle_topic(app, used[0])
    app.page.locator(".itin-tf-match-all").click()
    sidebar = mapui.open_sidebar(app)
    sidebar.get_by_label("Search names, people and summaries").fill("Trump")
    sidebar.get_by_label("Search names, people and summaries").press("Enter")
    expect(app.page.get_by_text("Also filtered by search")).to_be_visible()
    sidebar.get_by_test_id("stMultiSelect").get_by_role("button", name="Remove").first.click()
    slider = sidebar.get_by_role("slider").first
    slider.focus()
    slider.press("ArrowRight")
    expect(app.page.get_by_text("Also filtered by dates, search and confidence")).to_be_visible()
    sidebar.get_by_role("button", name="Reset filters").click()
    mapui.wait_drawn(app, len(journey.stops))
    expect(mapui.status(app)).to_have_text(
        f"{len(journey.stops)} of {len(journey.stops)} stops shown."
    )
    expect(sidebar.get_by_label("Search names, people and summaries")).to_have_value("")
    for topic in used:
        expect(mapui.chip(app, topic)).to_have_attribute("aria-pressed", "true")
    # One change after the reset: only it applies, nothing of the old filters comes back.
    last = used[-1]
    mapui.toggle_topic(app, last)
    expected = shown_after(journey, StopFilter(topics=frozenset(used) - {last}))
    mapui.wait_drawn(app, len(expected))
    expect(mapui.table_count(app, len(expected), len(journey.stops))).to_be_visible()
    assert mapui.visible_stop_ids(app) == expected
    expect(sidebar.get_by_label("Search names, people and summaries")).to_have_value("")
    expect(app.page.locator(".itin-tf-match-any")).to_have_attribute("aria-pressed", "true")
    app.assert_healthy()


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_the_popup_is_brief_and_clear_of_the_controls(
    open_app: mapui.OpenApp, streamlit_server: mapui.ServerFor, viewport: tuple[int, int]
) -> None:
    journey = load_journey(REAL)
    app = open_journey(open_app, streamlit_server, REAL, viewport)
    stop = journey.stops[2]
    mapui.click_stop(app, stop.id)
    popup = app.map.locator(".leaflet-popup")
    expect(popup).to_be_visible()
    # The map pans to show the popup clear of the controls: measure once it has come to rest.
    app.map_frame().wait_for_function(
        """() => {
          const r = document.querySelector('.leaflet-popup').getBoundingClientRect();
          const now = [r.left, r.top].join();
          const still = window.__popupAt === now;
          window.__popupAt = now;
          return still && !document.querySelector('.leaflet-pan-anim, .leaflet-zoom-anim');
        }""",
        polling=150,
    )
    expect(popup.locator("h4")).to_have_text(f"{stop.seq}. {stop.name}")
    text = popup.inner_text()
    assert stop.summary[:40] not in text, "the popup repeats the details panel"
    assert len(text) < 200, text
    frame = app.map_frame()
    boxes = frame.evaluate(
        """() => {
          const box = (s) => {
            const n = document.querySelector(s);
            if (!n) return null;
            const r = n.getBoundingClientRect();
            return {l: r.left, r: r.right, t: r.top, b: r.bottom};
          };
          return {popup: box('.leaflet-popup'), zoom: box('.leaflet-control-zoom'),
                  layers: box('.leaflet-control-layers'), map: box('.leaflet-container')};
        }"""
    )
    popup_box, whole = boxes["popup"], boxes["map"]
    assert whole["l"] <= popup_box["l"] and popup_box["r"] <= whole["r"], "cut off sideways"
    assert whole["t"] <= popup_box["t"] and popup_box["b"] <= whole["b"], "cut off"
    for control in ("zoom", "layers"):
        assert not overlaps(popup_box, boxes[control]), f"the popup covers the {control} control"
    # The full details are in the panel.
    panel = mapui.details(app)
    expect(panel.get_by_role("heading", name=f"{stop.seq}. {stop.name}")).to_be_visible()
    expect(panel).to_contain_text(stop.sources[0].outlet)
    width, height = viewport
    app.page.screenshot(path=str(REPO / "tests" / "artifacts" / f"core-popup-{width}x{height}.png"))
    app.assert_healthy()
