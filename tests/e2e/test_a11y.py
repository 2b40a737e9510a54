"""Accessibility (issue 17, WCAG 2.2 AA), in real Chromium against the real app, offline.

1. axe-core finds no serious or critical violation in the dashboard (the map frame
   included) or in the standalone HTML export, at 1400×900 and 375×812; what it reports
   below that is listed in README "Accessibility" (ALLOWED).
2. The keyboard: Tab reaches every stop (in journey order; Enter opens a cluster and moves
   on into it), Enter selects a stop and the focus stays on it; every control works without
   a mouse; the focus is always visible; "Skip to the list of stops" leads to the table.
3. Screen readers: the map frame, the markers and the clusters are named; a filter change is
   announced once by one polite status line; colour is never alone.
4. With prefers-reduced-motion the map jumps instead of gliding and nothing blinks.
5. At 320 px and at 200 % zoom nothing is cut off or overlaps and nothing scrolls sideways.

axe-core is a pinned npm dev dependency (package.json; `make assets` installs it) read from
node_modules/: it never reaches a page readers get. Its findings go to
tests/artifacts/a11y-axe-*.json, screenshots to tests/artifacts/a11y-*.png.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from itinerary.filtering import StopFilter, filter_stops
from itinerary.format.loader import load_journey
from itinerary.model import Journey
from itinerary.topics import TOPIC_BY_KEY
from itinerary.views.text import stop_title, stop_tooltip

from . import mapui
from .conftest import ACTION_TIMEOUT_MS, FIRST_LOAD_TIMEOUT_MS, MAP_IFRAME, REPO, AppPage

pytestmark = pytest.mark.browser

REAL = REPO / "data" / "kim-russia-2023.yaml"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
SIZES = {"laptop": (1400, 900), "phone": (375, 812)}
CLI_TIMEOUT_S = 120
# What axe may still report, and why (the same words are in README "Accessibility").
ALLOWED = {
    "presentation-role-conflict": "minor, in Streamlit's own file uploader (the sidebar's "
    "drop zone is a focusable section with role=presentation); not ours to change",
}
BLOCKING = ("critical", "serious", "moderate")
SKIP_LINK = "Skip to the list of stops"
HOME = "Show the whole journey"


@pytest.fixture(scope="module")
def journey() -> Journey:
    return load_journey(REAL)


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing ({AXE}): run `make assets` (npm installs it)")
    return AXE.read_text(encoding="utf-8")


def open_real(
    open_app: mapui.OpenApp, server_for: mapui.ServerFor, journey: Journey, **options: Any
) -> AppPage:
    """The real journey, drawn, with the part below the map arrived and the map at rest."""
    app = open_app(server_for(REAL), **options)
    mapui.wait_drawn(app, len(journey.stops))
    mapui.wait_ready(app)
    mapui.wait_still(app)
    return app


# --- 1. axe-core ------------------------------------------------------------------------

# axe runs in the page and, through its frame messaging, in the map frame: each of them gets
# the script. Findings are compacted in the page: rule, impact, and each node's target (a
# target of two selectors is a node inside the frame).
AXE_RUN_JS = """async () => {
  const results = await axe.run(document, {iframes: true});
  const compact = (items) => items.map((rule) => ({
    id: rule.id, impact: rule.impact, help: rule.help,
    nodes: rule.nodes.map((node) => ({target: node.target, html: node.html.slice(0, 300),
                                      summary: node.failureSummary}))}));
  const inFrame = results.passes.concat(results.violations)
    .some((rule) => rule.nodes.some((node) => node.target.length > 1));
  return {violations: compact(results.violations), frameChecked: inFrame};
}"""


def run_axe(page: Page, source: str, *, with_frames: bool = True) -> list[dict[str, Any]]:
    for frame in page.frames:
        if frame.url.startswith(("http", "file")):
            frame.evaluate(source)
    result: dict[str, Any] = page.evaluate(AXE_RUN_JS)
    if with_frames:
        assert result["frameChecked"], "axe did not reach into the map frame"
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def impacts(violations: list[dict[str, Any]]) -> dict[str, list[str]]:
    """{impact: ["rule-id (nodes)", ...]}, page and frame together."""
    found: dict[str, list[str]] = {}
    for rule in violations:
        found.setdefault(rule["impact"], []).append(f"{rule['id']} ({len(rule['nodes'])})")
    return found


def assert_clean(violations: list[dict[str, Any]], where: str) -> None:
    bad = [
        rule
        for rule in violations
        if rule["impact"] in BLOCKING or (rule["id"] not in ALLOWED and rule["impact"])
    ]
    assert bad == [], f"axe, {where}: {json.dumps(bad, indent=1)}"


def record_axe(artifacts: Path, name: str, violations: list[dict[str, Any]]) -> None:
    (artifacts / f"a11y-axe-{name}.json").write_text(json.dumps(violations, indent=1))


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_axe_finds_nothing_serious_in_the_dashboard(
    open_app: mapui.OpenApp,
    streamlit_server: mapui.ServerFor,
    journey: Journey,
    axe_source: str,
    artifacts_dir: Path,
    size: tuple[int, int],
) -> None:
    app = open_real(open_app, streamlit_server, journey, viewport=size)
    violations = run_axe(app.page, axe_source)
    record_axe(artifacts_dir, f"dashboard-{size[0]}", violations)
    app.page.screenshot(path=artifacts_dir / f"a11y-dashboard-{size[0]}.png")
    assert_clean(violations, f"dashboard at {size}")
    app.assert_healthy()


def test_axe_finds_nothing_serious_in_the_rest_of_the_dashboard(
    open_app: mapui.OpenApp,
    streamlit_server: mapui.ServerFor,
    journey: Journey,
    axe_source: str,
    artifacts_dir: Path,
) -> None:
    """A stop selected (its details beside the map), every tab below the map, the sidebar."""
    stop = journey.stops[6]
    app = open_real(open_app, streamlit_server, journey, query=f"stop={stop.id}")
    expect(mapui.details(app).get_by_role("heading", name=stop_title(stop))).to_be_visible()
    found = {"selected": run_axe(app.page, axe_source)}
    for view in ("Timeline", "Statistics", "Export & share"):
        app.page.get_by_role("tab", name=view, exact=True).click()
        expect(app.page.get_by_role("tab", name=view, exact=True)).to_have_attribute(
            "aria-selected", "true"
        )
        expect(app.page.locator('[role="tabpanel"] [data-testid="stElementContainer"]').first)
        found[view] = run_axe(app.page, axe_source)
    mapui.open_sidebar(app)
    found["sidebar"] = run_axe(app.page, axe_source)
    app.page.screenshot(path=artifacts_dir / "a11y-sidebar.png")
    record_axe(artifacts_dir, "dashboard-states", [v for vs in found.values() for v in vs])
    for where, violations in found.items():
        assert_clean(violations, where)
    app.assert_healthy()


@pytest.fixture
def open_file(browser: Browser) -> Iterator[Callable[[Path, tuple[int, int]], Page]]:
    """A local HTML file in an offline context (only file: and data: load)."""
    contexts = []

    def factory(path: Path, size: tuple[int, int], **options: Any) -> Page:
        context = browser.new_context(viewport={"width": size[0], "height": size[1]}, **options)
        contexts.append(context)
        context.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(("file:", "data:"))
                else route.abort()
            ),
        )
        page = context.new_page()
        page.set_default_timeout(ACTION_TIMEOUT_MS)
        page.goto(path.resolve().as_uri(), timeout=FIRST_LOAD_TIMEOUT_MS)
        return page

    yield factory
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The standalone map, as `itinerary export --format html` writes it."""
    output = tmp_path_factory.mktemp("export") / "map.html"
    result = subprocess.run(
        [sys.executable, "-m", "itinerary", "export", str(REAL), "--format", "html",
         "-o", str(output)],
        cwd=REPO, capture_output=True, text=True, timeout=CLI_TIMEOUT_S, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return output


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_axe_finds_nothing_in_the_standalone_export(
    open_file: Callable[..., Page],
    exported: Path,
    journey: Journey,
    axe_source: str,
    artifacts_dir: Path,
    size: tuple[int, int],
) -> None:
    page = open_file(exported, size)
    mapui.expect_stops_shown(page, [stop.id for stop in journey.stops])
    violations = run_axe(page, axe_source, with_frames=False)
    record_axe(artifacts_dir, f"export-{size[0]}", violations)
    page.screenshot(path=artifacts_dir / f"a11y-export-{size[0]}.png")
    assert_clean(violations, f"export at {size}")
    # A document of its own: language, one main landmark, a level-one heading.
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("main")).to_have_count(1)
    expect(page.get_by_role("heading", level=1)).to_have_text(journey.title)


# --- 2. The keyboard ----------------------------------------------------------------------

# The element that has the focus, looking into the map frame when it holds it.
ACTIVE_JS = """() => {
  let doc = document, el = doc.activeElement, inFrame = false;
  while (el && el.tagName === 'IFRAME' && el.contentDocument) {
    doc = el.contentDocument; el = doc.activeElement; inFrame = true;
  }
  if (!el) return null;
  const own = el.querySelector && el.querySelector(':scope > [data-stop]');
  const held = el.querySelector && el.querySelector('[data-stops]');
  return {inFrame, tag: el.tagName, role: el.getAttribute('role'),
          name: el.getAttribute('aria-label') || el.getAttribute('title') ||
                (el.closest('label') || el).innerText.trim().slice(0, 120),
          stop: own ? own.getAttribute('data-stop') : null,
          stops: held && el.classList.contains('itin-cluster')
            ? held.getAttribute('data-stops').split(' ') : null,
          region: el.getAttribute('role') === 'region'
            && el.classList.contains('leaflet-container')};
}"""


def active(app: AppPage) -> dict[str, Any]:
    found: dict[str, Any] = app.page.evaluate(ACTIVE_JS)
    assert found is not None, "nothing has the focus"
    return found


def press_until(
    app: AppPage, wanted: Callable[[dict[str, Any]], bool], key: str = "Tab", limit: int = 80
) -> dict[str, Any]:
    """Press `key` until the focused element is `wanted`; return it."""
    seen = []
    for _ in range(limit):
        app.page.keyboard.press(key)
        now = active(app)
        if wanted(now):
            return now
        seen.append(now["name"] or now["tag"])
    raise AssertionError(f"{key} never reached it; it went through {seen}")


def is_map(now: dict[str, Any]) -> bool:
    return bool(now["region"])


def is_home(now: dict[str, Any]) -> bool:
    return bool(now["inFrame"] and now["name"] == HOME)


def named(name: str) -> Callable[[dict[str, Any]], bool]:
    return lambda now: now["name"] == name


def enter_and_settle(app: AppPage) -> None:
    """Enter on the focused map item, then wait until the map is still and the focus has
    moved on (a cluster opened) or stayed (a stop, a button)."""
    frame = app.map_frame()
    pressed = active(app)
    frame.evaluate("() => { window.__a11yPressed = document.activeElement; }")
    app.page.keyboard.press("Enter")
    if pressed["stops"] is not None:
        try:
            frame.wait_for_function(
                """() => {
                  const a = document.activeElement;
                  return a && a !== window.__a11yPressed
                    && a.classList.contains('leaflet-marker-icon')
                    && !document.querySelector('.leaflet-zoom-anim, .leaflet-cluster-anim');
                }""",
                timeout=ACTION_TIMEOUT_MS,
            )
        except PlaywrightTimeoutError as error:
            raise AssertionError(
                f"Enter on {pressed['name']!r} left the focus on {active(app)}"
            ) from error
    mapui.wait_still(app)


def keyboard_walk(app: AppPage, journey: Journey, targets: set[str]) -> list[list[int]]:
    """Reach every stop in `targets` as its own marker with Tab and Enter alone, as a
    keyboard user does: Tab through the map's stops; Enter on a cluster that holds a stop
    still wanted (the focus moves on to its first stop); at the map's first button after
    the stops ("Show the whole journey"), Enter brings the whole journey back and
    Shift+Tab returns to the map. Returns, per pass through the map, the journey index of
    the first stop of each marker or cluster the focus met. Ends focused on the last
    target reached."""
    index = {stop.id: k for k, stop in enumerate(journey.stops)}
    left = set(targets)
    passes: list[list[int]] = [[]]
    press_until(app, is_map)
    now = press_until(app, lambda n: n["inFrame"], limit=1)
    for _ in range(200):
        if now["stop"] is not None:
            passes[-1].append(index[now["stop"]])
            left.discard(now["stop"])
            if not left:
                return passes
        elif now["stops"] is not None:
            passes[-1].append(min(index[s] for s in now["stops"]))
            if left & set(now["stops"]):
                enter_and_settle(app)
                now = active(app)
                continue
        elif is_home(now):
            enter_and_settle(app)
            press_until(app, is_map, key="Shift+Tab", limit=40)
            passes.append([])
        app.page.keyboard.press("Tab")
        now = active(app)
    raise AssertionError(f"stops never reached by keyboard: {sorted(left)}; passes {passes}")


def test_tab_reaches_every_stop_in_journey_order(
    open_app: mapui.OpenApp, streamlit_server: mapui.ServerFor, journey: Journey
) -> None:
    app = open_real(open_app, streamlit_server, journey)
    passes = keyboard_walk(app, journey, {stop.id for stop in journey.stops})
    # Within a pass, markers and clusters come in journey order (by their first stop).
    for met in passes:
        assert met == sorted(met), f"Tab order is not the journey's: {passes}"
    app.assert_healthy()


def test_enter_selects_a_stop_and_the_focus_stays_on_it(
    open_app: mapui.OpenApp,
    streamlit_server: mapui.ServerFor,
    journey: Journey,
    artifacts_dir: Path,
) -> None:
    app = open_real(open_app, streamlit_server, journey)
    clustered = set(mapui.dom_stops(app.map_frame())["held"])
    stop = next(stop for stop in journey.stops[1:] if stop.id in clustered)
    keyboard_walk(app, journey, {stop.id})
    app.page.keyboard.press("Enter")
    panel = mapui.details(app)
    expect(panel.get_by_role("heading", name=stop_title(stop))).to_be_visible()
    mapui.expect_selected(app.map_frame(), stop.id)
    # The rerun that showed the details left the focus on the stop, now said to be selected.
    expect(app.map.locator(f'.itin-marker:has([data-stop="{stop.id}"])')).to_be_focused()
    now = active(app)
    assert (now["stop"], now["name"]) == (stop.id, f"{stop_tooltip(stop)} (selected)"), now
    expect(app.map.locator(".leaflet-popup")).to_contain_text(stop_title(stop))
    app.page.locator(MAP_IFRAME).screenshot(path=artifacts_dir / "a11y-keyboard-selected.png")
    # Escape closes the popup; the focus is still on the stop.
    app.page.keyboard.press("Escape")
    expect(app.map.locator(".leaflet-popup")).to_have_count(0)
    assert active(app)["stop"] == stop.id
    app.assert_healthy()


# Where the focused element is on the page (frame offset added), remembered for blur/focus.
FOCUS_BOX_JS = """() => {
  let doc = document, el = doc.activeElement, dx = 0, dy = 0;
  while (el && el.tagName === 'IFRAME' && el.contentDocument) {
    const frame = el.getBoundingClientRect(); dx += frame.left; dy += frame.top;
    doc = el.contentDocument; el = doc.activeElement;
  }
  window.__a11yFocused = el;
  const box = el.getBoundingClientRect();
  return {x: box.left + dx, y: box.top + dy, width: box.width, height: box.height,
          tag: el.tagName,
          name: el.getAttribute('aria-label') || el.getAttribute('title') ||
                (el.innerText || el.tagName).trim().slice(0, 60)};
}"""
RING_PX = 6  # room around an element for a focus ring drawn outside it


def look_at(page: Page, box: dict[str, float]) -> bytes:
    size = page.viewport_size
    assert size is not None
    x, y = max(0.0, box["x"] - RING_PX), max(0.0, box["y"] - RING_PX)
    right = min(float(size["width"]), box["x"] + box["width"] + RING_PX)
    bottom = min(float(size["height"]), box["y"] + box["height"] + RING_PX)
    clip = {"x": x, "y": y, "width": max(1.0, right - x), "height": max(1.0, bottom - y)}
    return page.screenshot(clip=clip, animations="disabled")


def test_the_focus_is_always_visible(
    open_app: mapui.OpenApp, streamlit_server: mapui.ServerFor, journey: Journey
) -> None:
    """Tab through the whole page, the map's stops and buttons included: at every stop the
    focused element looks different from the same element without the focus."""
    app = open_real(open_app, streamlit_server, journey)
    page = app.page
    invisible, visited = [], []
    for _ in range(120):
        page.keyboard.press("Tab")
        box = page.evaluate(FOCUS_BOX_JS)
        if box["tag"] in ("BODY", "HTML"):
            continue  # between the end of the page and its start again
        if box["name"] == SKIP_LINK and visited:
            break  # round the page once
        visited.append(box["name"])
        focused = look_at(page, box)
        # Without the focus; the next Tab still goes on from this element (Chromium keeps
        # its place in the Tab order).
        page.evaluate("() => window.__a11yFocused.blur()")
        if focused == look_at(page, box):
            invisible.append(box["name"])
    assert len(visited) > 40, f"Tab met only {visited}"
    assert invisible == [], f"no visible focus on {invisible} (of {visited})"


def test_every_map_control_works_from_the_keyboard(
    open_app: mapui.OpenApp, streamlit_server: mapui.ServerFor, journey: Journey
) -> None:
    app = open_real(open_app, streamlit_server, journey)
    frame = app.map_frame()
    zoom = "() => Object.values(window).find(v => v instanceof L.Map && v._itinerary).getZoom()"
    start = frame.evaluate(zoom)
    press_until(app, named("Zoom in"))
    app.page.keyboard.press("Enter")
    frame.wait_for_function(f"() => ({zoom})() === {start + 1}")
    mapui.wait_still(app)  # Leaflet drops a zoom asked for during a zoom
    press_until(app, named("Zoom out"))
    app.page.keyboard.press(" ")  # Space works Leaflet's link-buttons too
    frame.wait_for_function(f"() => ({zoom})() === {start}")
    mapui.wait_still(app)  # Leaflet drops a zoom asked for during a zoom
    app.page.keyboard.press("Enter")
    frame.wait_for_function(f"() => ({zoom})() === {start - 1}")
    mapui.wait_still(app)  # Leaflet drops a zoom asked for during a zoom
    press_until(app, is_home, key="Shift+Tab")
    enter_and_settle(app)
    assert frame.evaluate(zoom) == start

    # Full screen: the map's frame fills the screen, and leaves it again.
    press_until(app, named("Full screen"))
    app.page.keyboard.press("Enter")
    app.page.wait_for_function("() => document.fullscreenElement?.tagName === 'IFRAME'")
    app.page.keyboard.press("Enter")
    app.page.wait_for_function("() => document.fullscreenElement === null")

    # Layers: open the control, then hide and show the stops with the Space key.
    press_until(app, named("Layers"))
    app.page.keyboard.press("Enter")
    expect(app.map.locator(".leaflet-control-layers")).to_have_class(
        re.compile(r"\bleaflet-control-layers-expanded\b")
    )
    stops_box = app.map.locator(".leaflet-control-layers-overlays label").filter(has_text="Stops")
    press_until(app, lambda now: now["tag"] == "INPUT" and now["name"] == "Stops", limit=8)
    expect(stops_box.locator("input")).to_be_focused()
    app.page.keyboard.press(" ")
    expect(app.map.locator(".itin-marker, .itin-cluster")).to_have_count(0)
    app.page.keyboard.press(" ")
    expect(app.map.locator(".itin-marker, .itin-cluster").first).to_be_visible()

    # Legend and mini-map unfold from the keyboard.
    press_until(app, named("Legend"))
    app.page.keyboard.press("Enter")
    expect(app.map.locator("details.itin-legend")).to_have_attribute("open", "")
    press_until(app, named("Show mini-map"))
    app.page.keyboard.press("Enter")
    expect(app.map.locator(".leaflet-control-minimap-toggle-display")).to_have_attribute(
        "title", "Hide mini-map"
    )
    app.assert_healthy()


def test_every_page_control_works_from_the_keyboard(
    open_app: mapui.OpenApp, streamlit_server: mapui.ServerFor, journey: Journey
) -> None:
    app = open_real(open_app, streamlit_server, journey)
    page, total = app.page, len(journey.stops)
    # A topic button: Space unticks it (the map answers), Enter ticks it again.
    topic = next(
        key
        for key in TOPIC_BY_KEY
        if mapui.chip(app, key).count() and len(visible_without(journey, key)) < total
    )
    chip = mapui.chip(app, topic)
    chip.focus()
    page.keyboard.press(" ")
    expect(chip).to_have_attribute("aria-pressed", "false")
    mapui.wait_drawn(app, len(visible_without(journey, topic)))
    expect(chip).to_be_focused()  # the redraw kept the focus on the button pressed
    page.keyboard.press("Enter")
    expect(chip).to_have_attribute("aria-pressed", "true")
    mapui.wait_drawn(app, total)
    # None, All, and the any / all switch.
    for button, drawn in ((".itin-tf-none", 0), (".itin-tf-all", total)):
        page.locator(button).focus()
        page.keyboard.press("Enter")
        mapui.wait_drawn(app, drawn)
    # Every topic ticked and "all ticked": no stop has them all, and the page says so.
    every_topic = frozenset(key for stop in journey.stops for key in stop.topics)
    assert not filter_stops(journey.stops, StopFilter(topics=every_topic, match="all"))
    empty_note = page.get_by_text("No stop matches these filters.")
    # Streamlit keeps a second, zero-size copy of a button with a tooltip: the one shown.
    next_button = page.locator(".st-key-next button:visible")
    next_before = next_button.element_handle()
    page.locator(".itin-tf-match-all").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".itin-tf-match-all")).to_have_attribute("aria-pressed", "true")
    expect(empty_note).to_be_visible()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(page.locator(".itin-tf-match-any")).to_have_attribute("aria-pressed", "true")
    expect(empty_note).to_have_count(0)
    mapui.wait_idle(app)
    # The note came and went in its own slot: the buttons below it were not rebuilt (a
    # key pressed on one while Streamlit rebuilt it was lost).
    assert next_before is not None and next_before.evaluate("node => node.isConnected")

    # Playback: Next, then Play and Pause, all with Enter.
    expect(next_button).to_be_enabled()
    next_button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text(re.compile(r"Playback: step 1 of \d+"))).to_be_visible()
    play = page.get_by_role("button", name="Play")
    play.focus()
    page.keyboard.press("Enter")
    pause = page.get_by_role("button", name="Pause")
    expect(pause).to_be_visible()
    pause.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Play")).to_be_visible()

    # "More filters" opens the sidebar and the focus goes on into it.
    page.locator(".itin-tf-more").focus()
    page.keyboard.press("Enter")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    page.wait_for_function(
        "() => document.activeElement?.closest('[data-testid=stSidebar]') !== null"
    )
    app.assert_healthy()


def visible_without(journey: Journey, topic: str) -> tuple[Any, ...]:
    topics = frozenset(key for stop in journey.stops for key in stop.topics) - {topic}
    return filter_stops(journey.stops, StopFilter(topics=topics))


def test_the_skip_link_leads_to_the_list_of_stops(
    open_app: mapui.OpenApp,
    streamlit_server: mapui.ServerFor,
    journey: Journey,
    artifacts_dir: Path,
) -> None:
    app = open_real(open_app, streamlit_server, journey, viewport=SIZES["phone"])
    page = app.page
    page.keyboard.press("Tab")  # the page's first stop
    link = page.get_by_role("link", name=SKIP_LINK)
    expect(link).to_be_focused()
    expect(link).to_be_in_viewport()
    page.screenshot(path=artifacts_dir / "a11y-skip-link.png")
    page.keyboard.press("Enter")
    table = page.get_by_test_id("stDataFrame")
    page.wait_for_function(
        "() => document.activeElement?.closest('[data-testid=stDataFrame]') !== null"
    )
    expect(table).to_be_in_viewport()
    # From another tab, the link opens the table's tab first.
    page.get_by_role("tab", name="Timeline", exact=True).click()
    expect(table).to_have_count(0)
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("tab", name="Itinerary", exact=True)).to_have_attribute(
        "aria-selected", "true"
    )
    page.wait_for_function(
        "() => document.activeElement?.closest('[data-testid=stDataFrame]') !== null"
    )
    expect(mapui.table_count(app, len(journey.stops), len(journey.stops))).to_be_visible()
    app.assert_healthy()


# --- 3. Screen readers --------------------------------------------------------------------


def test_the_map_its_stops_and_clusters_are_named(
    open_app: mapui.OpenApp, streamlit_server: mapui.ServerFor, journey: Journey
) -> None:
    app = open_real(open_app, streamlit_server, journey)
    name = f"Map of the journey: {journey.title}"
    expect(app.page.locator(MAP_IFRAME)).to_have_accessible_name(name)
    frame = app.map_frame()
    assert frame.title() == name
    expect(app.map.get_by_role("region", name=name)).to_have_count(1)
    by_id = {stop.id: stop for stop in journey.stops}
    markers = app.map.locator(".itin-marker")
    expect(markers.first).to_be_visible()
    for index in range(markers.count()):
        marker = markers.nth(index)
        stop = by_id[marker.locator("[data-stop]").get_attribute("data-stop") or ""]
        expect(marker).to_have_role("button")
        expect(marker).to_have_accessible_name(stop_tooltip(stop))  # number, name, date
    clusters = app.map.locator(".itin-cluster")
    assert clusters.count(), "the real journey's first view has clusters"
    for index in range(clusters.count()):
        cluster = clusters.nth(index)
        held = [by_id[i] for i in (cluster.locator("[data-stops]").get_attribute("data-stops")
                                   or "").split()]  # fmt: skip
        held.sort(key=journey.stops.index)
        label = cluster.get_attribute("aria-label") or ""
        assert label.startswith(f"{len(held)} stops: "), label
        assert all(stop_title(stop) in label for stop in held[:5]), label
        assert label.endswith("Press Enter to open."), label
    app.assert_healthy()


# Every change of the topic filter's status line, and the node that holds it.
LISTEN_JS = """() => {
  const status = document.querySelector('.itin-tf-status');
  window.__said = [];
  window.__statusNode = status;
  new MutationObserver((records) => {
    records.forEach(() => window.__said.push(status.textContent));
  }).observe(status, {childList: true, characterData: true, subtree: true});
  return [status.getAttribute('role'), status.getAttribute('aria-live'), status.textContent];
}"""


def said(app: AppPage) -> list[str]:
    spoken: list[str] = app.page.evaluate("() => window.__said")
    return spoken


def test_a_filter_change_is_announced_once(
    open_app: mapui.OpenApp, streamlit_server: mapui.ServerFor, journey: Journey
) -> None:
    app = open_real(open_app, streamlit_server, journey)
    page, total = app.page, len(journey.stops)
    role, live, first = page.evaluate(LISTEN_JS)
    assert (role, live) == ("status", "polite")
    assert first == f"{total} of {total} stops shown."
    topic = next(key for key in TOPIC_BY_KEY if mapui.chip(app, key).count()
                 and len(visible_without(journey, key)) < total)  # fmt: skip
    shown = len(visible_without(journey, topic))
    mapui.chip(app, topic).focus()
    page.keyboard.press(" ")
    # The app's rerun has come back (the table counts the new stops) and redrawn the filter.
    expect(mapui.table_count(app, shown, total)).to_be_visible()
    mapui.wait_drawn(app, shown)
    spoken = said(app)
    assert len(spoken) == 1 and spoken[0].startswith(f"{shown} of {total} stops shown."), spoken
    assert page.evaluate("() => document.querySelector('.itin-tf-status') === window.__statusNode")
    # A filter in the sidebar: one more sentence, once.
    sidebar = mapui.open_sidebar(app)
    search = sidebar.get_by_label("Search names, people and summaries")
    search.fill(journey.stops[1].name)
    search.press("Enter")
    found = filter_stops(visible_without(journey, topic), StopFilter(text=journey.stops[1].name))
    expect(mapui.table_count(app, len(found), total)).to_be_visible()
    # The filter is redrawn a moment after the table: wait for its sentence.
    app.page.wait_for_function("() => window.__said.length >= 2", timeout=ACTION_TIMEOUT_MS)
    spoken = said(app)
    assert len(spoken) == 2 and spoken[1].startswith(f"{len(found)} of {total} stops"), spoken
    app.assert_healthy()


def test_colour_is_never_alone(
    open_app: mapui.OpenApp, streamlit_server: mapui.ServerFor, journey: Journey
) -> None:
    """Topics have a shape and a name as well as a colour; rail and road legs differ in line
    style; the selected stop is larger and says so."""
    stop = journey.stops[2]
    app = open_real(open_app, streamlit_server, journey, query=f"stop={stop.id}")
    used = sorted({key for s in journey.stops for key in s.topics})
    assert len({TOPIC_BY_KEY[key].shape for key in used}) == len(used), "two topics, one shape"
    for key in used:
        topic = TOPIC_BY_KEY[key]
        expect(mapui.chip(app, key)).to_contain_text(topic.label)
        expect(app.map.locator(".itin-legend")).to_contain_text(
            f"{topic.label} ({topic.shape_name})"
        )
    dashes = app.map.locator("path.itin-route").evaluate_all(
        "paths => paths.map(p => [p.classList.contains('itin-route-rail'),"
        " p.getAttribute('stroke-dasharray')])"
    )
    assert {rail for rail, dash in dashes if dash} == {False}, dashes  # only road is dashed
    assert {rail for rail, dash in dashes if not dash} == {True}, dashes
    mapui.expect_selected(app.map_frame(), stop.id)
    selected = app.map.locator(".itin-marker.selected")
    expect(selected).to_have_accessible_name(f"{stop_tooltip(stop)} (selected)")
    other = app.map.locator(".itin-marker:not(.selected)").first
    assert selected.bounding_box()["width"] > other.bounding_box()["width"]  # type: ignore[index]
    app.assert_healthy()


# --- 4. Motion ----------------------------------------------------------------------------

# Counts what the map does between two looks: move events, zoom animations, and whether a
# zoom or cluster animation class ever appeared.
MOTION_PROBE_JS = """() => {
  const map = Object.values(window).find(v => v instanceof L.Map && v._itinerary);
  const probe = window.__motion = {moves: 0, zoomAnims: 0, animated: false};
  map.on('move', () => { probe.moves += 1; });
  map.on('zoomanim', () => { probe.zoomAnims += 1; });
  const look = () => { if (document.querySelector(
    '.leaflet-zoom-anim, .leaflet-cluster-anim, .leaflet-pan-anim')) probe.animated = true; };
  new MutationObserver(look).observe(document.body,
    {attributes: true, attributeFilter: ['class'], subtree: true});
}"""
# Animations still running in a document (CSS animations and transitions), and whether any
# repeats for ever (a blink, a pulse, a spinner).
RUNNING_JS = """() => document.getAnimations()
  .filter(a => a.playState === 'running')
  .map(a => ({name: a.animationName || a.transitionProperty || a.constructor.name,
              on: String(a.effect?.target?.className ?? '').slice(0, 60),
              forever: a.effect.getComputedTiming().iterations === Infinity,
              ms: a.effect.getComputedTiming().duration}))
  .filter(a => a.forever || a.ms > 20)"""


@pytest.mark.parametrize("motion", ["reduce", "no-preference"])
def test_reduced_motion_makes_playback_jump(
    open_app: mapui.OpenApp,
    streamlit_server: mapui.ServerFor,
    journey: Journey,
    artifacts_dir: Path,
    motion: str,
) -> None:
    """Next, twice (the first stops sit inside clusters): with reduced motion the map jumps
    to each (no fly-to, no zoom or cluster animation, a handful of move events); without it,
    it flies (so the probe does see animation). While playing, nothing blinks."""
    app = open_real(open_app, streamlit_server, journey, reduced_motion=motion)
    frame = app.map_frame()
    frame.evaluate(MOTION_PROBE_JS)
    next_button = app.page.locator(".st-key-next button:visible")
    for step in (0, 1):
        next_button.focus()
        app.page.keyboard.press("Enter")
        mapui.wait_stop_in_view(frame, journey.stops[step].id)
    probe = frame.evaluate("() => window.__motion")
    if motion == "reduce":
        assert probe["zoomAnims"] == 0 and not probe["animated"], probe
        assert probe["moves"] <= 8, f"the map glided: {probe}"
    else:
        # The counterpart of each check above: some animation was seen.
        assert probe["animated"] or probe["zoomAnims"] > 0 or probe["moves"] > 8, probe
        return
    # Playing: at each step nothing in the page or the map runs an animation of note.
    app.page.get_by_role("button", name="Play").focus()
    app.page.keyboard.press("Enter")
    for step in (2, 3):
        mapui.wait_stop_in_view(frame, journey.stops[step].id)
        running = app.page.evaluate(RUNNING_JS) + frame.evaluate(RUNNING_JS)
        assert running == [], f"moving or blinking with reduced motion: {running}"
    app.page.screenshot(path=artifacts_dir / "a11y-reduced-motion.png")
    app.page.get_by_role("button", name="Pause").click()
    app.assert_healthy()


# --- 5. Zoom and reflow ---------------------------------------------------------------------

# Browser zoom at 200 % is a CSS viewport half as wide at twice the pixel density.
REFLOW = {
    "320px": {"viewport": (320, 640), "device_scale_factor": 1},
    "zoom200-1400": {"viewport": (700, 450), "device_scale_factor": 2},
    "zoom200-1280": {"viewport": (640, 360), "device_scale_factor": 2},
}
# Sideways overflow of the page, parts out of the viewport's width (not counting those
# inside a box that scrolls or clips on its own, like the table's grid, or unseen), and text
# cut off where it stands (an ellipsis, a clipping box).
REFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const main = document.querySelector('[data-testid=stMain]');
  const seen = (el) => { for (let n = el; n && n !== document.body; n = n.parentElement) {
      const s = getComputedStyle(n);
      if (s.visibility === 'hidden' || s.opacity === '0' || s.display === 'none') return false;
    } return true; };
  const own = (el) => { for (let n = el.parentElement; n && n !== main; n = n.parentElement) {
      if (getComputedStyle(n).overflowX !== 'visible') return false; } return true; };
  const out = [], cut = [];
  for (const el of main.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || !seen(el)) continue;
    if (own(el) && (box.right > width + 1 || box.left < -1)) {
      out.push(`${el.tagName}.${el.className} ${Math.round(box.left)}..${Math.round(box.right)}`);
    }
    const style = getComputedStyle(el);
    const text = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (text && (style.overflowX !== 'visible' || style.textOverflow === 'ellipsis')
        && el.scrollWidth > el.clientWidth + 1) cut.push(el.textContent.trim().slice(0, 80));
  }
  return {sideways: Math.max(document.documentElement.scrollWidth, main.scrollWidth) - width,
          out, cut};
}"""
# Boxes (page coordinates) of the page's parts, and of the map's own controls (frame
# coordinates), to check that none covers another.
PARTS_JS = """() => {
  const box = (el) => { const r = el.getBoundingClientRect();
    return {l: r.left, r: r.right, t: r.top, b: r.bottom}; };
  const text = (el) => { const range = document.createRange(); range.selectNodeContents(el);
    return range; };
  const parts = {
    'sidebar button': document.querySelector('[data-testid=stExpandSidebarButton]'),
    'title': text(document.querySelector('[data-testid=stMain] h1')),
    'map': document.querySelector('iframe[title="streamlit_folium.st_folium"]'),
    'topics': document.querySelector('.itin-tf'),
    'playback': document.querySelector('.st-key-prev')?.parentElement,
    'details': document.querySelector('.st-key-selected_stop'),
    'tabs': document.querySelector('[data-testid=stTabs]'),
  };
  return Object.fromEntries(
    Object.entries(parts).filter(([, el]) => el).map(([k, el]) => [k, box(el)]));
}"""
CONTROLS_JS = """() => [...document.querySelectorAll('.leaflet-control-container .leaflet-control')]
  .filter(el => el.offsetWidth && getComputedStyle(el).visibility !== 'hidden')
  .map(el => { const r = el.getBoundingClientRect();
    return {name: el.className.split(' ')[0], l: r.left, r: r.right, t: r.top, b: r.bottom}; })"""


def overlapping(boxes: dict[str, dict[str, float]]) -> list[tuple[str, str]]:
    names = list(boxes)
    return [
        (a, b)
        for i, a in enumerate(names)
        for b in names[i + 1 :]
        if boxes[a]["l"] < boxes[b]["r"] - 1
        and boxes[a]["r"] > boxes[b]["l"] + 1
        and boxes[a]["t"] < boxes[b]["b"] - 1
        and boxes[a]["b"] > boxes[b]["t"] + 1
    ]


@pytest.mark.parametrize("setting", REFLOW.values(), ids=REFLOW.keys())
def test_the_page_reflows_at_320px_and_200_percent(
    open_app: mapui.OpenApp,
    streamlit_server: mapui.ServerFor,
    journey: Journey,
    artifacts_dir: Path,
    setting: dict[str, Any],
) -> None:
    stop = journey.stops[6]
    app = open_real(open_app, streamlit_server, journey, query=f"stop={stop.id}", **setting)
    expect(mapui.details(app).get_by_role("heading", name=stop_title(stop))).to_be_visible()
    width = setting["viewport"][0]
    app.page.screenshot(
        path=artifacts_dir / f"a11y-reflow-{width}x{setting['device_scale_factor']}.png"
    )
    found = app.page.evaluate(REFLOW_JS)
    assert found["sideways"] <= 0, f"the page scrolls sideways by {found['sideways']} px"
    assert found["out"] == [], f"parts beyond the {width} px width: {found['out']}"
    assert found["cut"] == [], f"text cut off: {found['cut']}"
    parts = app.page.evaluate(PARTS_JS)
    assert {"title", "map", "topics", "playback", "details", "tabs"} <= set(parts), parts
    assert overlapping(parts) == [], parts
    # Inside the map: its own buttons and boxes do not cover each other, nor the page's
    # floating sidebar button.
    controls = {c["name"] + str(k): c for k, c in enumerate(app.map_frame().evaluate(CONTROLS_JS))}
    assert overlapping(controls) == [], controls
    frame_box = mapui.map_box(app)
    shifted = {
        name: {"l": c["l"] + frame_box["x"], "r": c["r"] + frame_box["x"],
               "t": c["t"] + frame_box["y"], "b": c["b"] + frame_box["y"]}
        for name, c in controls.items()
    }  # fmt: skip
    shifted["sidebar button"] = parts["sidebar button"]
    assert [pair for pair in overlapping(shifted) if "sidebar button" in pair] == [], shifted
    app.assert_healthy()
