"""End-to-end: a map whose journey config is fetched by URL, joined runs, basemap tiles.

The pages are built with ``build_base_map(..., config_url=publish_config(...))`` and served
from a temporary folder by a loopback HTTP server (the app itself adopts the URL separately);
all assets are inlined, and every other request is aborted.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from itinerary.assets import inline_assets
from itinerary.loader import load_journey, parse_journey
from itinerary.mapview import (
    DETAIL_LIMIT,
    build_base_map,
    build_stop_layer,
    display_geometry,
    encode_mask,
    journey_config,
    publish_config,
    route_runs,
    script_json,
)
from itinerary.model import Journey
from itinerary.route import build_route
from scripts.synthetic import journey_text

from .conftest import ACTION_TIMEOUT_MS, FIRST_LOAD_TIMEOUT_MS
from .test_browser import JOURNEY_FILE
from .test_offline import BASEMAP_PIXELS_JS, MIN_OPAQUE_SHARE

pytestmark = pytest.mark.browser

MAP_CONTAINER = ".leaflet-container[data-basemap]"
FIND_MAP = "Object.values(window).find((v) => v instanceof L.Map)"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A folder served on loopback, and its base URL."""
    root = tmp_path_factory.mktemp("site")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def write_page(
    root: Path,
    name: str,
    journey: Journey,
    visible: list[str],
    *,
    config_url: str | None = None,
    progress: int | None = None,
) -> str:
    """An offline page (Natural Earth basemap) whose config is published and fetched."""
    assets = inline_assets()
    if assets is None:
        pytest.fail("front-end assets are missing (run `make assets`)")
    route = build_route(journey)
    if config_url is None:
        config_url = publish_config(script_json(journey_config(journey, route, assets)), root, "")
    fmap = build_base_map(journey, route, assets=assets, tiles=None, config_url=config_url)
    build_stop_layer(journey, visible, progress=progress).add_to(fmap)
    (root / name).write_text(str(fmap.get_root().render()), encoding="utf-8")
    return f"/{name}"


@pytest.fixture
def open_page(
    browser: Browser, site: tuple[Path, str]
) -> Iterator[Callable[..., tuple[Page, list[str]]]]:
    """Open a page of the site; every other request is aborted. Gives the page and its errors."""
    contexts = []

    def factory(path: str, hold: str | None = None, held: list[Route] | None = None) -> Any:
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(ACTION_TIMEOUT_MS)
        errors: list[str] = []

        def route(route: Route) -> None:
            url = route.request.url
            if hold is not None and held is not None and url.endswith(hold):
                held.append(route)  # answered later by the test
            elif url.startswith((site[1] + "/", "data:", "blob:")):
                route.continue_()
            else:
                route.abort()

        context.route("**/*", route)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on(
            "console",
            lambda m: (
                errors.append(m.text)
                if m.type == "error" and "Failed to load resource" not in m.text
                else None
            ),
        )
        page.goto(site[1] + path, timeout=FIRST_LOAD_TIMEOUT_MS)
        return page, errors

    yield factory
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def journey() -> Journey:
    return load_journey(JOURNEY_FILE)


def show(page: Page, state: dict[str, Any]) -> None:
    page.evaluate(f"(state) => ItineraryMap.show({FIND_MAP}, state)", state)


def test_a_fetched_config_draws_the_stops_and_later_states_apply(
    open_page: Callable[..., tuple[Page, list[str]]],
    site: tuple[Path, str],
    journey: Journey,
) -> None:
    root, _ = site
    ids = [stop.id for stop in journey.stops]
    path = write_page(root, "fetched.html", journey, ids[:5])
    config_name = next((root / "journeys").iterdir()).name
    held: list[Route] = []
    page, errors = open_page(path, hold=config_name, held=held)
    container = page.locator(".leaflet-container").first
    # The config is held back: the page's own show() and two more wait, the last one wins.
    expect(container).to_have_attribute("data-config", "loading")
    expect(page.locator(".itin-config-status[role=status]")).to_have_text("Loading the journey…")
    show(page, {"visible": encode_mask([True] * len(ids)), "selected": None, "progress": None})
    last = {"visible": encode_mask([i < 3 for i in range(len(ids))]), "selected": ids[1]}
    show(page, last | {"progress": 2})
    assert page.evaluate("() => window.__itinStopsDrawn") is None  # nothing drawn yet
    expect(container).not_to_have_attribute("data-stops-drawn", re.compile(".*"))
    assert len(held) == 1
    held[0].continue_()
    expect(page.locator(MAP_CONTAINER)).to_have_attribute("data-stops-drawn", "3")
    assert page.evaluate("() => window.__itinStopsDrawn") == 3
    expect(page.locator(".leaflet-marker-icon.itin-marker")).to_have_count(3)
    expect(page.locator(".itin-marker.selected")).to_have_count(1)
    expect(page.locator("path.itin-route.itin-travelled")).to_have_count(2)
    expect(page.locator(".itin-config-status")).to_have_count(0)
    # A later state (a rerun) applies at once.
    show(page, {"visible": encode_mask([True] * len(ids)), "selected": None, "progress": None})
    expect(page.locator(MAP_CONTAINER)).to_have_attribute("data-stops-drawn", str(len(ids)))
    expect(page.locator(".leaflet-marker-icon.itin-marker")).to_have_count(len(ids))
    expect(page.locator("path.itin-route.itin-travelled")).to_have_count(0)
    # The offline basemap's tiles paint land.
    expect(page.locator(MAP_CONTAINER)).to_have_class(re.compile(r"\bitin-natural-earth-drawn\b"))
    page.wait_for_function(
        f"""() => {{ const p = ({BASEMAP_PIXELS_JS})();
          return p.canvases > 0 && p.opaque > p.total * {MIN_OPAQUE_SHARE}; }}"""
    )
    assert errors == []


def test_a_config_that_cannot_be_fetched_says_so_in_the_map(
    open_page: Callable[..., tuple[Page, list[str]]],
    site: tuple[Path, str],
    journey: Journey,
) -> None:
    root, _ = site
    path = write_page(
        root, "missing.html", journey, [journey.stops[0].id], config_url="/journeys/none.json"
    )
    page, errors = open_page(path)
    message = page.locator(".itin-config-error[role=alert]")
    expect(message).to_be_visible()
    expect(message).to_contain_text("The journey could not be loaded (HTTP 404)")
    expect(page.locator(".leaflet-container").first).to_have_attribute("data-config", "failed")
    assert page.evaluate("() => window.__itinStopsDrawn") is None
    assert errors == []


def test_big_journeys_show_the_travelled_runs_up_to_the_playback_leg(
    open_page: Callable[..., tuple[Page, list[str]]],
    site: tuple[Path, str],
) -> None:
    root, _ = site
    big = parse_journey(journey_text(DETAIL_LIMIT + 50, route_vertices=3_000), "big.yaml")
    route = build_route(big)
    runs = route_runs([leg.mode for leg in route.legs], display_geometry(route))
    assert len(runs) > 3
    ids = [stop.id for stop in big.stops]
    path = write_page(root, "big.html", big, ids, progress=None)
    page, errors = open_page(path)
    expect(page.locator(MAP_CONTAINER)).to_have_attribute("data-stops-drawn", str(len(ids)))
    # Runs are canvas lines: no SVG path per leg.
    expect(page.locator("path.itin-route")).to_have_count(0)
    travelled_js = f"""() => {FIND_MAP}._itinerary.travelledLine.getLatLngs()
        .map((part) => part.map((p) => [p.lat, p.lng]))"""
    assert page.evaluate(travelled_js) == []
    mask = encode_mask([True] * len(ids))
    # Mid-run, at a run's first leg, and at the end.
    middle = runs[2].first_leg + len(runs[2].leg_starts) // 2
    for progress in (0, middle, runs[3].first_leg, len(route.legs)):
        show(page, {"visible": mask, "selected": None, "progress": progress})
        drawn = page.evaluate(travelled_js)
        expected = []
        for run in runs:
            count = progress - run.first_leg
            if count > 0:
                end = run.leg_starts[count] if count < len(run.leg_starts) else len(run.points) - 1
                expected.append([[round(p.lat, 5), round(p.lon, 5)] for p in run.points[: end + 1]])
        assert drawn == expected, progress
        # The overlay ends exactly where leg `progress` starts.
        if 0 < progress < len(route.legs):
            start = route.legs[progress].points[0]
            assert drawn[-1][-1] == [round(start.lat, 5), round(start.lon, 5)]
    assert errors == []
