"""End-to-end: the map without a network, in the app and as an exported standalone file.

In the app the tile server is unreachable (conftest routes every third-party request to an
abort), so the map must fall back to its Natural Earth basemap. The exported HTML is opened
from disk in a context where *every* network request fails: only what the file embeds works.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from itinerary.format.loader import load_journey
from itinerary.geo.route import build_route
from itinerary.model import Journey
from itinerary.views.assets import missing_files
from itinerary.views.export import CSV_COLUMNS
from itinerary.views.mapview import NATURAL_EARTH_ATTRIBUTION, TILES_LABEL, city_labels

from .conftest import (
    ACTION_TIMEOUT_MS,
    FIRST_LOAD_TIMEOUT_MS,
    MAP_IFRAME,
    REPO,
    TILE_URL,
    AppPage,
    OfflinePage,
    OpenOffline,
    StreamlitServer,
)
from .mapui import dom_stops, expect_stops_shown, wait_ready
from .test_browser import JOURNEY_FILE, assert_markers_are_stops, wait_for_stops

pytestmark = pytest.mark.browser

ServerFactory = Callable[[Path], StreamlitServer]
AppFactory = Callable[[StreamlitServer], AppPage]

OFFLINE_LABEL = "Natural Earth (offline)"
# The itinerary map's container (ItineraryMap.init marks it; the mini-map is a
# .leaflet-container too).
MAP_CONTAINER = ".leaflet-container[data-basemap]"
# Land covers most of the default view (Korea, Primorye, Amur); a blank canvas has none.
MIN_OPAQUE_SHARE = 0.10
CLI_TIMEOUT_S = 120

# --- what the map shows, read in its frame ---------------------------------------------------

BASEMAP_PIXELS_JS = """() => {
  const canvases = [...document.querySelectorAll('.leaflet-itinBasemap-pane canvas')];
  let opaque = 0, total = 0;
  for (const canvas of canvases) {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    total += canvas.width * canvas.height;
    for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) { opaque += 1; } }
  }
  return {canvases: canvases.length, opaque, total};
}"""

# What is on top along every route path, and on a grid over the map: the route must never
# be under the basemap, and the probe must be able to see the basemap at all.
LAYERING_JS = """() => {
  const container = document.querySelector('.leaflet-container[data-basemap]');
  const frame = container.getBoundingClientRect();
  const kind = (node) => !node ? 'nothing'
    : node.closest('path.itin-route') ? 'route'
    : node.closest('.leaflet-itinBasemap-pane') ? 'basemap'
    : 'other';
  const inside = (x, y) => x > frame.left + 2 && x < frame.right - 2
    && y > frame.top + 2 && y < frame.bottom - 2;
  const route = {route: 0, basemap: 0, other: 0, nothing: 0};
  for (const path of document.querySelectorAll('.leaflet-itinRoute-pane path.itin-route')) {
    const length = path.getTotalLength();
    const matrix = path.getScreenCTM();
    for (let k = 1; k < 20; k += 1) {
      const p = path.getPointAtLength(length * k / 20);
      const x = p.x * matrix.a + p.y * matrix.c + matrix.e;
      const y = p.x * matrix.b + p.y * matrix.d + matrix.f;
      if (inside(x, y)) { route[kind(document.elementFromPoint(x, y))] += 1; }
    }
  }
  const grid = {route: 0, basemap: 0, other: 0, nothing: 0};
  for (let i = 1; i < 20; i += 1) {
    for (let j = 1; j < 20; j += 1) {
      const x = frame.left + frame.width * i / 20, y = frame.top + frame.height * j / 20;
      grid[kind(document.elementFromPoint(x, y))] += 1;
    }
  }
  const z = (selector) => Number(getComputedStyle(document.querySelector(selector)).zIndex);
  return {route, grid, routeZ: z('.leaflet-itinRoute-pane'),
          basemapZ: z('.leaflet-itinBasemap-pane')};
}"""


# Visible place labels that overlap a stop marker, a cluster or another visible label.
LABEL_OVERLAPS_JS = """() => {
  const shown = [...document.querySelectorAll('.itin-city-label')]
    .filter(n => getComputedStyle(n).visibility === 'visible');
  const icons = [...document.querySelectorAll('.itin-marker, .itin-cluster')];
  const hit = (a, b) => a.left < b.right && a.right > b.left && a.top < b.bottom
    && a.bottom > b.top;
  const out = [];
  shown.forEach((label, k) => {
    const box = label.getBoundingClientRect();
    for (const other of [...icons, ...shown.slice(k + 1)]) {
      if (hit(box, other.getBoundingClientRect())) {
        out.push(`${label.textContent} covers ${other.className} ${other.textContent}`);
      }
    }
  });
  return out;
}"""


@pytest.fixture(scope="module")
def journey() -> Journey:
    if not JOURNEY_FILE.is_file():
        pytest.fail(f"the journey file {JOURNEY_FILE} is missing")
    return load_journey(JOURNEY_FILE)


@pytest.fixture(scope="module")
def vendored() -> None:
    """The offline basemap and an offline export need `make assets`' local copies."""
    missing = missing_files()
    if missing:
        pytest.fail(f"front-end assets are missing (run `make assets`): {missing}")


# --- 5. the app's offline basemap --------------------------------------------------------------


def open_layers(app: AppPage) -> None:
    """Expand the (collapsed) layer control, as hovering it does."""
    control = app.map.locator(".leaflet-control-layers")
    control.hover()  # Leaflet expands it on mouseenter (the toggle is then hidden)
    expect(control).to_have_class(re.compile(r"\bleaflet-control-layers-expanded\b"))


def choose_basemap(app: AppPage, label: str) -> None:
    open_layers(app)
    option = app.map.locator(".leaflet-control-layers-base label").filter(has_text=label)
    option.click()
    expect(option.locator("input[type=radio]")).to_be_checked()


def test_offline_basemap_draws_land_under_the_route(
    streamlit_server: ServerFactory,
    open_app: AppFactory,
    journey: Journey,
    artifacts_dir: Path,
    vendored: None,
) -> None:
    legs = len(build_route(journey).legs)
    app = open_app(streamlit_server(JOURNEY_FILE))
    wait_for_stops(app, journey.stops, timeout=FIRST_LOAD_TIMEOUT_MS)
    container = app.map.locator(MAP_CONTAINER)
    expect(container).to_have_class(re.compile(r"\bitin-natural-earth-drawn\b"))
    expect(container).to_have_attribute("data-basemap", "natural-earth")
    status = app.map.locator(".itin-basemap-status[role=status]")
    expect(status).to_contain_text("Natural Earth 1:50m (offline)")
    expect(app.map.locator(".leaflet-control-attribution")).to_contain_text(
        NATURAL_EARTH_ATTRIBUTION
    )
    labels = app.map.locator(".itin-city-label")
    expect(labels).to_have_count(len(city_labels(journey.stops)))
    # Labels show only where they cover no marker, cluster or other label: some do.
    app.map_frame().wait_for_function(
        """() => [...document.querySelectorAll('.itin-city-label')]
          .some(n => getComputedStyle(n).visibility === 'visible')""",
        timeout=ACTION_TIMEOUT_MS,
    )
    assert app.map_frame().evaluate(LABEL_OVERLAPS_JS) == [], "a label covers a marker or label"
    expect(app.map.locator(".leaflet-itinRoute-pane path.itin-route")).to_have_count(legs)
    assert any(TILE_URL.match(url) for url in app.aborted), "the tiles were never requested"

    # Land is painted on the basemap canvas (the class is set as the layers are added; the
    # canvas paints on the next frame, hence a wait).
    frame = app.map_frame()
    frame.wait_for_function(
        f"""() => {{ const p = ({BASEMAP_PIXELS_JS})();
          return p.canvases > 0 && p.opaque > p.total * {MIN_OPAQUE_SHARE}; }}""",
        timeout=ACTION_TIMEOUT_MS,
    )
    pixels = frame.evaluate(BASEMAP_PIXELS_JS)
    assert pixels["opaque"] > pixels["total"] * MIN_OPAQUE_SHARE, pixels

    # The route is drawn above the land: its pane is higher, and along every route the
    # topmost element is a route (or a marker, arrow or control), never the basemap.
    layering: dict[str, Any] = frame.evaluate(LAYERING_JS)
    assert layering["routeZ"] > layering["basemapZ"], layering
    assert layering["route"]["basemap"] == 0, f"the basemap covers the route: {layering}"
    assert layering["route"]["route"] > 0, layering
    assert layering["grid"]["basemap"] > 0, f"the probe never sees the basemap: {layering}"

    # The layer control switches basemaps and says so.
    choose_basemap(app, TILES_LABEL)
    expect(container).to_have_attribute("data-basemap", "tiles")
    expect(status).to_have_text(f"Basemap: {TILES_LABEL}")
    expect(container).not_to_have_class(re.compile(r"\bitin-no-tiles\b"))
    choose_basemap(app, OFFLINE_LABEL)
    expect(container).to_have_attribute("data-basemap", "natural-earth")
    expect(status).to_contain_text("Natural Earth 1:50m (offline)")
    expect(container).to_have_class(re.compile(r"\bitin-no-tiles\b"))
    expect(app.map.locator(".leaflet-itinRoute-pane path.itin-route")).to_have_count(legs)
    app.map.locator(".itin-legend summary").hover()  # move off the control: it collapses
    expect(app.map.locator(".leaflet-control-layers")).not_to_have_class(
        re.compile(r"\bleaflet-control-layers-expanded\b")
    )
    app.page.locator(MAP_IFRAME).screenshot(path=artifacts_dir / "offline-basemap.png")
    app.assert_healthy()


# --- 6. the standalone HTML export, opened without any network --------------------------------


@pytest.fixture
def open_offline_file(open_offline_page: OpenOffline) -> Callable[[Path], OfflinePage]:
    """A local HTML file in a context where every request but file: and data: fails."""
    return lambda path: open_offline_page(path.resolve().as_uri())


def assert_standalone_map_works(opened: OfflinePage, journey: Journey) -> None:
    page = opened.page
    legs = len(build_route(journey).legs)
    container = page.locator(MAP_CONTAINER)
    expect(container).to_have_attribute(
        "data-stops-drawn", str(len(journey.stops)), timeout=FIRST_LOAD_TIMEOUT_MS
    )
    # Every stop, as its own marker or inside a cluster; the full details in the popups.
    expect_stops_shown(page, [stop.id for stop in journey.stops])
    assert_markers_are_stops(page, journey.stops)
    own = dom_stops(page)["own"]
    assert own, "no stop has a marker of its own to open"
    page.locator(f'.itin-marker [data-stop="{own[0]}"]').click()
    stop = next(stop for stop in journey.stops if stop.id == own[0])
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text(f"{stop.seq}. {stop.name}")
    # The page's panel has the details and the sources; the popup is brief, as in the app.
    panel = page.locator("#itin-stop-details")
    expect(panel).to_contain_text(stop.summary)
    links = panel.locator("a")
    expect(links).to_have_count(len(stop.sources))
    assert links.evaluate_all("nodes => nodes.map(n => n.getAttribute('href'))") == [
        source.url for source in stop.sources
    ]
    expect(page.locator(".leaflet-itinRoute-pane path.itin-route")).to_have_count(legs)
    expect(container).to_have_class(re.compile(r"\bitin-natural-earth-drawn\b"))
    expect(container).to_have_attribute("data-basemap", "natural-earth")
    expect(page.locator(".itin-basemap-status[role=status]")).to_contain_text("Natural Earth")
    page.wait_for_function(
        f"""() => {{ const p = ({BASEMAP_PIXELS_JS})();
          return p.canvases > 0 && p.opaque > p.total * {MIN_OPAQUE_SHARE}; }}""",
        timeout=ACTION_TIMEOUT_MS,
    )
    expect(page).to_have_title(journey.title)
    opened.assert_healthy()


def test_cli_html_export_works_without_a_network(
    open_offline_file: Callable[[Path], OfflinePage],
    journey: Journey,
    tmp_path: Path,
    vendored: None,
) -> None:
    output = tmp_path / "trip.html"
    result = subprocess.run(
        [sys.executable, "-m", "itinerary", "export", str(JOURNEY_FILE), "--format", "html",
         "-o", str(output)],
        cwd=REPO, capture_output=True, text=True, timeout=CLI_TIMEOUT_S, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert output.stat().st_size > 0
    assert_standalone_map_works(open_offline_file(output), journey)


def test_downloads_from_the_app_parse_back_and_the_map_works_offline(
    streamlit_server: ServerFactory,
    open_app: AppFactory,
    open_offline_file: Callable[[Path], OfflinePage],
    journey: Journey,
    tmp_path: Path,
    vendored: None,
) -> None:
    ids = [stop.id for stop in journey.stops]
    app = open_app(streamlit_server(JOURNEY_FILE))
    page = app.page
    wait_for_stops(app, journey.stops, timeout=FIRST_LOAD_TIMEOUT_MS)
    wait_ready(app)
    page.get_by_role("tab", name="Export & share").click()

    def download(label: str) -> Path:
        control = page.get_by_role("button", name=f"Download {label}", exact=True)
        with page.expect_download(timeout=FIRST_LOAD_TIMEOUT_MS) as info:
            control.click()
        saved = tmp_path / info.value.suggested_filename
        info.value.save_as(saved)
        return saved

    csv_file = download("CSV table")
    geojson_file = download("GeoJSON")
    html_file = download("Map (standalone HTML)")
    assert [csv_file.name, geojson_file.name, html_file.name] == [
        f"{journey.id}.{ext}" for ext in ("csv", "geojson", "html")
    ]

    rows = list(csv.DictReader(io.StringIO(csv_file.read_text(encoding="utf-8"))))
    assert len(rows) == len(journey.stops)
    assert [row["id"] for row in rows] == ids
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [int(row["seq"]) for row in rows] == [stop.seq for stop in journey.stops]

    collection = json.loads(geojson_file.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    stops = [f for f in collection["features"] if f["properties"]["kind"] == "stop"]
    routes = [f for f in collection["features"] if f["properties"]["kind"] == "route"]
    assert [f["properties"]["id"] for f in stops] == ids
    assert len(routes) == len(build_route(journey).legs)
    for feature, stop in zip(stops, journey.stops, strict=True):
        assert feature["geometry"]["coordinates"] == pytest.approx([stop.point.lon, stop.point.lat])

    app.assert_healthy()
    assert_standalone_map_works(open_offline_file(html_file), journey)
