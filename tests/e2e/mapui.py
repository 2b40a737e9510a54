"""What a reader does with the dashboard, for the browser tests: the same clicks, in the page.

The map clusters stops that would cover each other; a stop inside a cluster is reached the
way a person reaches it: click the cluster (it zooms in, or spreads its stops out when they
share a place) until the stop's own marker shows, then click the marker.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from playwright.sync_api import Frame, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from .conftest import ACTION_TIMEOUT_MS, MAP_IFRAME, AppPage, StreamlitServer

OpenApp = Callable[..., AppPage]
ServerFor = Callable[[Path], StreamlitServer]

PANEL_LABELS = re.compile(r"^(Stop details|Narrative: stop)$")


def drawn(app: AppPage) -> int:
    """How many stops the map shows now (markers, and stops inside clusters)."""
    value = app.map.locator("[data-stops-drawn]").first.get_attribute("data-stops-drawn")
    return int(value or 0)


def wait_drawn(app: AppPage, count: int, timeout: float = ACTION_TIMEOUT_MS) -> None:
    """Until the map shows `count` stops. While a rerun replaces the map (another journey),
    Streamlit shows the old frame beside the new one for a moment: wait for one."""
    app.page.wait_for_function(
        """([selector, count]) => {
          const frames = document.querySelectorAll(selector);
          const doc = frames.length === 1 ? frames[0].contentDocument : null;
          return !!doc && !!doc.querySelector('[data-stops-drawn="' + count + '"]');
        }""",
        arg=[MAP_IFRAME, count],
        timeout=timeout,
    )


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
    # Streamlit marks the old one stale until the rerun that replaces it has finished.
    expect(app.page.locator('[data-stale="true"] .itin-tf-status')).to_have_count(0)
    line = app.page.locator(".itin-tf-status")
    expect(line).to_have_count(1)
    return line


def wait_idle(app: AppPage) -> None:
    """Until the script run under way has ended and nothing on the page is stale. Streamlit
    can rebuild an element while a run moves the ones before it (an empty-state note comes
    or goes): a key pressed on a button it is rebuilding is lost. Call this once the
    outcome of the action that started the run has shown, so that run has begun."""
    app.page.wait_for_function(
        """() => document.querySelector('[data-testid=stApp]')
                   ?.getAttribute('data-test-script-state') !== 'running'
                 && !document.querySelector('[data-stale="true"]')""",
        timeout=ACTION_TIMEOUT_MS,
    )


def topic_status(app: AppPage) -> str:
    return status(app).inner_text()


SIDEBAR_OPEN_JS = """() => {
  const box = document.querySelector('[data-testid=stSidebar]')?.getBoundingClientRect();
  return Boolean(box) && box.left >= 0 && box.width > 200;
}"""


def open_sidebar(app: AppPage) -> Locator:
    """Open the sidebar the way a reader does: the "More filters" button by the topics.
    Returns once it has slid in (clicks then land where they aim)."""
    sidebar = app.page.get_by_test_id("stSidebar")
    if sidebar.get_attribute("data-collapsed") != "false":
        app.page.locator(".itin-tf-more").click()
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    app.page.wait_for_function(SIDEBAR_OPEN_JS, timeout=ACTION_TIMEOUT_MS)
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


# Where the map lives: the app's map frame, or a standalone page (the HTML export).
MapScope = Page | Frame

# The stops the DOM shows: own markers, and the stops each cluster badge holds. (Markers
# and clusters outside the map's view are not in the DOM: at the whole journey's view,
# every stop shown is one or the other.)
_DOM_STOPS_JS = """() => ({
  own: [...document.querySelectorAll('.itin-marker [data-stop]')]
    .map(node => node.getAttribute('data-stop')),
  held: [...document.querySelectorAll('.itin-cluster .itin-cluster-badge[data-stops]')]
    .flatMap(node => node.getAttribute('data-stops').split(' ')),
})"""
_SETTLED_JS = "!document.querySelector('.leaflet-zoom-anim, .leaflet-cluster-anim')"


def dom_stops(scope: MapScope) -> dict[str, list[str]]:
    """{"own": stops drawn as their own marker, "held": stops inside a cluster}."""
    found: dict[str, list[str]] = scope.evaluate(_DOM_STOPS_JS)
    return found


def expect_stops_shown(scope: MapScope, ids: Sequence[str], *, whole_view: bool = True) -> None:
    """Until the map shows exactly these stops (in journey order) and has stopped moving;
    with ``whole_view`` (the default view) each is also in the DOM once, as its own marker
    or inside one cluster."""
    try:
        _wait_shown(scope, ids, whole_view)
    except PlaywrightTimeoutError as error:
        seen = scope.evaluate(
            f"""() => {{
              const map = Object.values(window).find(v => v instanceof L.Map && v._itinerary);
              const size = map && map.getSize();
              return {{visible: window.ItineraryMap && window.ItineraryMap.visibleIds(),
                       dom: ({_DOM_STOPS_JS})(), settled: {_SETTLED_JS},
                       zoom: map && map.getZoom(), centre: map && map.getCenter(),
                       size: size && [size.x, size.y]}};
            }}"""
        )
        raise AssertionError(
            f"the map does not show {list(ids)} ({'every stop in view' if whole_view else ''}):"
            f" it shows {seen}"
        ) from error


def _wait_shown(scope: MapScope, ids: Sequence[str], whole_view: bool) -> None:
    scope.wait_for_function(
        f"""([ids, wholeView]) => {{
          const api = window.ItineraryMap;
          const visible = api && api.visibleIds ? api.visibleIds() : null;
          if (!visible || visible.join(' ') !== ids.join(' ') || !({_SETTLED_JS})) {{
            return false;
          }}
          if (!wholeView) {{ return true; }}
          const dom = ({_DOM_STOPS_JS})();
          return [...dom.own, ...dom.held].sort().join(' ') === [...ids].sort().join(' ');
        }}""",
        arg=[list(ids), whole_view],
        timeout=ACTION_TIMEOUT_MS,
    )


# Where a stop is now: its own marker drawn ("own"), inside a cluster drawn ("cluster"), or
# not where a reader can click it ("away": outside the map's view, or drawn past its edge);
# false while the map is still redrawing.
_WHERE_JS = """(id) => {
  const map = Object.values(window).find(v => v instanceof L.Map && v._itinerary);
  if (!map || document.querySelector('.leaflet-zoom-anim, .leaflet-cluster-anim')) return false;
  const frame = map.getContainer().getBoundingClientRect();
  const inView = (node) => {
    const box = node.getBoundingClientRect(), x = box.x + box.width / 2, y = box.y + box.height / 2;
    return box.width > 0 && x > frame.left && x < frame.right && y > frame.top && y < frame.bottom;
  };
  const own = document.querySelector('.itin-marker [data-stop="' + id + '"]');
  if (own && own.getBoundingClientRect().width > 0) return inView(own) ? 'own' : 'away';
  const badge = [...document.querySelectorAll('.itin-cluster-badge[data-stops]')]
    .find(n => n.getAttribute('data-stops').split(' ').includes(id));
  if (badge) return inView(badge) ? 'cluster' : 'away';
  const stop = map._itinerary.config.stops.find(s => s.id === id);
  return map.getBounds().contains([stop.lat, stop.lon]) ? false : 'away';
}"""


_ZOOM_JS = "() => Object.values(window).find(v => v instanceof L.Map && v._itinerary)?.getZoom()"


def reveal_stop(
    scope: MapScope, stop_id: str, *, max_steps: int = 12, tap: bool = False
) -> Locator:
    """Open clusters until the stop's own marker shows (as a person does); return it.

    A stop out of the map's view (after a zoom elsewhere) is brought back first with the
    map's "whole journey" button.
    """
    seen: list[str] = []  # where the stop was at each step, and the map's zoom: for the failure
    for _ in range(max_steps):
        where = scope.wait_for_function(_WHERE_JS, arg=stop_id, timeout=ACTION_TIMEOUT_MS)
        place = where.json_value()
        seen.append(f"{place}@z{scope.evaluate(_ZOOM_JS)}")
        if place == "own":
            return scope.locator(f'.itin-marker [data-stop="{stop_id}"]').first
        target = (
            scope.locator(f'.itin-cluster-badge[data-stops~="{stop_id}"]').first
            if place == "cluster"
            else scope.get_by_role("button", name="Show the whole journey")
        )
        expect(target).to_be_visible()
        moves = scope.evaluate("() => window.__itinMoves")
        try:  # a cluster redrawn under the pointer (a late pan): look again, as a person would
            target.tap(timeout=5_000) if tap else target.click(timeout=5_000)
        except PlaywrightTimeoutError:
            seen.append("missed")
            continue
        # A zoom, a spread or the whole journey again: wait until the map has settled.
        scope.wait_for_function(SETTLED_JS, arg=[moves, stop_id], timeout=ACTION_TIMEOUT_MS)
    raise AssertionError(
        f"stop {stop_id!r} could not be reached in {max_steps} clicks: {' '.join(seen)}"
    )


def click_stop(app: AppPage, stop_id: str, *, max_steps: int = 12, tap: bool = False) -> None:
    """Open clusters until the stop's marker shows, then click (or tap) it: and, like a
    reader, once more if the map did not answer (its popup names the stop it belongs to)."""
    frame = app.map_frame()
    for _attempt in range(3):
        own = reveal_stop(frame, stop_id, max_steps=max_steps, tap=tap)
        own.tap() if tap else own.click()
        try:
            frame.wait_for_function(
                "(id) => document.querySelector('.leaflet-popup')?.dataset.stop === id",
                arg=stop_id,
                timeout=5_000,
            )
            return
        except PlaywrightTimeoutError:
            continue
    raise AssertionError(f"the map never answered a click on {stop_id!r}")


def expect_selected(scope: MapScope, stop_id: str) -> None:
    """The stop is the one drawn as selected: its own marker, in the map's view."""
    selected = scope.locator(".itin-marker.selected [data-stop]")
    expect(selected).to_have_count(1)
    expect(selected).to_have_attribute("data-stop", stop_id)


def wait_stop_in_view(scope: MapScope, stop_id: str) -> None:
    """Until the stop's own marker is inside the map's visible area and the map is still
    (the map moved to the stop: flew there, or opened the cluster holding it)."""
    scope.wait_for_function(
        f"""(id) => {{
          const node = document.querySelector('.itin-marker [data-stop="' + id + '"]');
          const map = document.querySelector('.leaflet-container[data-basemap]');
          if (!node || !map || !({_SETTLED_JS})) {{ return false; }}
          const box = node.getBoundingClientRect(), frame = map.getBoundingClientRect();
          const x = box.x + box.width / 2, y = box.y + box.height / 2;
          return x > frame.left && x < frame.right && y > frame.top && y < frame.bottom;
        }}""",
        arg=stop_id,
        timeout=ACTION_TIMEOUT_MS,
    )


def record_focus(app: AppPage) -> None:
    """Record, in order, every stop a rerun asks the map to move to (state.focus)."""
    app.map_frame().evaluate(
        """() => {
          window.__itinFocus = [];
          const api = window.ItineraryMap;
          const show = api.show;
          api.show = function (map, state) {
            if (state && state.focus && state.selected) { window.__itinFocus.push(state.selected); }
            return show.call(this, map, state);
          };
        }"""
    )


def focus_requests(app: AppPage) -> list[str]:
    ids: list[str] = app.map_frame().evaluate("() => window.__itinFocus.slice()")
    return ids


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
