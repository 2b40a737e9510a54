"""End-to-end: a map whose journey config is fetched by URL, joined runs, basemap tiles,
and the topic rule the map applies by itself.

The pages are built with ``build_base_map(..., config_url=publish_config(...))`` and served
from a temporary folder by a loopback HTTP server (the app itself adopts the URL separately);
all assets are inlined, and every other request is aborted. The folder's ``app/static`` is
what the app serves as ``/app/static``, so published URLs work unchanged.
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

from itinerary.filtering import (
    StopFilter,
    TopicMatch,
    filter_stops,
    marker_topic,
    summarise_topics,
    topics_in_use,
)
from itinerary.format.loader import load_journey, parse_journey
from itinerary.geo.route import build_route
from itinerary.model import Journey
from itinerary.views.assets import STATIC_URL
from itinerary.views.embedded import inline_assets
from itinerary.views.mapdata import (
    DETAIL_LIMIT,
    display_geometry,
    encode_mask,
    journey_config,
    map_state,
    route_runs,
    script_json,
)
from itinerary.views.mapview import build_base_map, build_stop_layer, publish_config
from scripts.synthetic import journey_text

from .conftest import ACTION_TIMEOUT_MS, FIRST_LOAD_TIMEOUT_MS
from .mapui import expect_stops_shown
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


def view(
    journey: Journey,
    shown: list[bool],
    *,
    selected: str | None = None,
    progress: int | None = None,
) -> dict[str, Any]:
    """A rerun's state that shows exactly `shown` (every topic ticked, so the mask decides)."""
    state = map_state(journey.stops, StopFilter(), selected_id=selected, progress=progress)
    return state | {"base": encode_mask(shown)}


def write_page(
    root: Path,
    name: str,
    journey: Journey,
    shown: list[bool],
    *,
    config_url: str | None = None,
    progress: int | None = None,
    tiles: str | None = "OpenStreetMap",
) -> str:
    """An offline page whose config is published and fetched. Its tile requests are
    aborted, so it falls back to the Natural Earth basemap (``tiles=None``: no tile layer)."""
    assets = inline_assets()
    if assets is None:
        pytest.fail("front-end assets are missing (run `make assets`)")
    route = build_route(journey)
    if config_url is None:
        static = root / STATIC_URL.strip("/")  # served at /app/static, as by the app
        config_url = publish_config(script_json(journey_config(journey, route, assets)), static)
    fmap = build_base_map(journey, route, assets=assets, tiles=tiles, config_url=config_url)
    build_stop_layer(view(journey, shown, progress=progress)).add_to(fmap)
    (root / name).write_text(str(fmap.get_root().render()), encoding="utf-8")
    return f"/{name}"


def expect_selected_shown(page: Page, stop_id: str) -> None:
    """The selected stop is drawn as selected: its own marker, or the cluster holding it."""
    selected = page.locator(
        f'.itin-marker.selected [data-stop="{stop_id}"], '
        f'.itin-cluster.selected .itin-cluster-badge[data-stops~="{stop_id}"]'
    )
    expect(selected).to_have_count(1)
    expect(page.locator(".itin-marker.selected, .itin-cluster.selected")).to_have_count(1)


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
    path = write_page(root, "fetched.html", journey, [index < 5 for index in range(len(ids))])
    config_name = next((root / STATIC_URL.strip("/") / "journeys").iterdir()).name
    held: list[Route] = []
    page, errors = open_page(path, hold=config_name, held=held)
    container = page.locator(".leaflet-container").first
    # The config is held back: the page's own show() and two more wait, the last one wins.
    expect(container).to_have_attribute("data-config", "loading")
    expect(page.locator(".itin-config-status[role=status]")).to_have_text("Loading the journey…")
    show(page, view(journey, [True] * len(ids)))
    first_three = [index < 3 for index in range(len(ids))]
    show(page, view(journey, first_three, selected=ids[1], progress=2))
    assert page.evaluate("() => window.__itinStopsDrawn") is None  # nothing drawn yet
    expect(container).not_to_have_attribute("data-stops-drawn", re.compile(".*"))
    assert len(held) == 1
    held[0].continue_()
    expect(page.locator(MAP_CONTAINER)).to_have_attribute("data-stops-drawn", "3")
    assert page.evaluate("() => window.__itinStopsDrawn") == 3
    expect_stops_shown(page, ids[:3])
    expect_selected_shown(page, ids[1])
    expect(page.locator("path.itin-route.itin-travelled")).to_have_count(2)
    expect(page.locator(".itin-config-status")).to_have_count(0)
    # A later state (a rerun) applies at once.
    show(page, view(journey, [True] * len(ids)))
    expect(page.locator(MAP_CONTAINER)).to_have_attribute("data-stops-drawn", str(len(ids)))
    expect_stops_shown(page, ids)
    expect(page.locator("path.itin-route.itin-travelled")).to_have_count(0)
    # The offline basemap's tiles paint land.
    expect(page.locator(MAP_CONTAINER)).to_have_class(re.compile(r"\bitin-natural-earth-drawn\b"))
    page.wait_for_function(
        f"""() => {{ const p = ({BASEMAP_PIXELS_JS})();
          return p.canvases > 0 && p.opaque > p.total * {MIN_OPAQUE_SHARE}; }}"""
    )
    assert errors == []


def test_a_map_without_a_tile_layer_draws_its_stops_on_the_offline_basemap(
    open_page: Callable[..., tuple[Page, list[str]]],
    site: tuple[Path, str],
    journey: Journey,
) -> None:
    """build_base_map(tiles=None): the Natural Earth basemap only, nothing to fetch."""
    root, _ = site
    everything = [True] * len(journey.stops)
    page, errors = open_page(write_page(root, "no-tiles.html", journey, everything, tiles=None))
    try:
        expect(page.locator(MAP_CONTAINER)).to_have_attribute(
            "data-stops-drawn", str(len(journey.stops)), timeout=FIRST_LOAD_TIMEOUT_MS
        )
    except AssertionError as error:
        raise AssertionError(f"a map without tiles drew no stop; page errors: {errors}") from error
    expect(page.locator(MAP_CONTAINER)).to_have_attribute("data-basemap", "natural-earth")
    expect_stops_shown(page, [stop.id for stop in journey.stops])
    assert errors == []


def test_a_config_that_cannot_be_fetched_says_so_in_the_map(
    open_page: Callable[..., tuple[Page, list[str]]],
    site: tuple[Path, str],
    journey: Journey,
) -> None:
    root, _ = site
    only_first = [index == 0 for index in range(len(journey.stops))]
    path = write_page(
        root, "missing.html", journey, only_first, config_url="/app/static/journeys/none.json"
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
    path = write_page(root, "big.html", big, [True] * len(ids), progress=None)
    page, errors = open_page(path)
    expect(page.locator(MAP_CONTAINER)).to_have_attribute("data-stops-drawn", str(len(ids)))
    # Runs are canvas lines: no SVG path per leg.
    expect(page.locator("path.itin-route")).to_have_count(0)
    travelled_js = f"""() => {FIND_MAP}._itinerary.travelledLine.getLatLngs()
        .map((part) => part.map((p) => [p.lat, p.lng]))"""
    assert page.evaluate(travelled_js) == []
    # Mid-run, at a run's first leg, and at the end.
    middle = runs[2].first_leg + len(runs[2].leg_starts) // 2
    for progress in (0, middle, runs[3].first_leg, len(route.legs)):
        show(page, view(big, [True] * len(ids), progress=progress))
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


# --- the topic rule, applied by the map itself ------------------------------------------------

# (ticked topics, any/all, why): the map must agree with itinerary.filtering on each
TOPIC_CHOICES: list[tuple[frozenset[str] | None, TopicMatch, str]] = [
    (None, "any", "every topic"),
    (frozenset({"railways"}), "any", "one topic"),
    (frozenset(), "any", "no topic: nothing"),
    (frozenset({"railways", "diplomacy"}), "all", "all of two topics"),
    (frozenset(), "all", "all of no topic: nothing, not everything"),
]

APPLY_TOPICS_JS = """([topics, match, order]) => {
  const summary = ItineraryMap.applyTopics(topics, match, order);
  const map = Object.values(window).find(v => v instanceof L.Map && v._itinerary);
  const ctx = map._itinerary;
  const worn = {};
  ctx.config.stops.forEach((stop, i) => {
    if (ctx.visible[i]) { worn[stop.id] = ctx.markers[i].itineraryTopic; }
  });
  return {summary, visible: ItineraryMap.visibleIds(), worn};
}"""


def open_drawn(
    open_page: Callable[..., tuple[Page, list[str]]], path: str, count: int
) -> tuple[Page, list[str]]:
    """Open a page of the site once its map has drawn `count` stops."""
    page, errors = open_page(path)
    expect(page.locator(MAP_CONTAINER)).to_have_attribute(
        "data-stops-drawn", str(count), timeout=FIRST_LOAD_TIMEOUT_MS
    )
    return page, errors


def test_the_map_applies_the_topic_rule_of_the_package(
    open_page: Callable[..., tuple[Page, list[str]]],
    site: tuple[Path, str],
    journey: Journey,
) -> None:
    """What a chip click shows at once (the map's own rule) is what the app's rerun shows:
    the same stops, the same marker shapes, the same 'stays for another topic' counts, with
    the other filters' mask applied first."""
    root, _ = site
    used = frozenset(topics_in_use(journey.stops))
    # Every single topic unticked, too: the ones whose stops stay are the interesting ones.
    choices = [*TOPIC_CHOICES, *((used - {t}, "any", f"all but {t}") for t in sorted(used))]
    rest = StopFilter(first_day=journey.stops[1].start.date())  # the dates hide one stop
    path = write_page(root, "topics.html", journey, [rest.accepts_rest(s) for s in journey.stops])
    page, errors = open_drawn(open_page, path, len(filter_stops(journey.stops, rest)))
    disagreements = []
    for rev, (chosen, match, why) in enumerate(choices, start=1):
        topics = used if chosen is None else chosen
        stop_filter = StopFilter(
            topics=topics, match=match, first_day=rest.first_day, last_day=rest.last_day
        )
        got = page.evaluate(APPLY_TOPICS_JS, [sorted(topics), match, [0, rev]])
        shown = filter_stops(journey.stops, stop_filter)
        summary = summarise_topics(
            journey.stops, [stop_filter.accepts(s) for s in journey.stops], stop_filter
        )
        expected = {
            "visible": [stop.id for stop in shown],
            "summary": {"shown": summary.shown, "total": summary.total, "stayed": summary.stayed},
            "worn": {stop.id: marker_topic(stop, topics) for stop in shown},
        }
        if got != expected:
            disagreements.append(f"{why}: map {got} != package {expected}")
    assert disagreements == []
    assert errors == []


def test_the_newer_of_the_page_s_change_and_the_rerun_wins(
    open_page: Callable[..., tuple[Page, list[str]]],
    site: tuple[Path, str],
    journey: Journey,
) -> None:
    """A chip click (the page's change) and the rerun it causes race: each carries an order
    [reset generation, change number], and the map keeps the newer topics."""
    root, _ = site
    everything = [True] * len(journey.stops)
    path = write_page(root, "order.html", journey, everything)
    page, errors = open_drawn(open_page, path, len(journey.stops))
    used = topics_in_use(journey.stops)
    only = [used[0]]
    ids_for = {
        key: [s.id for s in filter_stops(journey.stops, StopFilter(topics=frozenset([key])))]
        for key in used[:2]
    }
    assert ids_for[used[0]] != ids_for[used[1]]
    page.evaluate(APPLY_TOPICS_JS, [only, "any", [0, 5]])  # the reader's change, rev 5
    late = view(journey, everything) | {"topics": [used[1]], "order": [0, 4]}
    show(page, late)  # a rerun computed before it: its topics lose
    assert page.evaluate("() => ItineraryMap.visibleIds()") == ids_for[used[0]]
    show(page, late | {"order": [0, 5]})  # the rerun of that very change: same picture
    assert page.evaluate("() => ItineraryMap.visibleIds()") == ids_for[used[1]]
    show(page, late | {"topics": only, "order": [1, 0]})  # after a reset: newer than any rev
    assert page.evaluate("() => ItineraryMap.visibleIds()") == ids_for[used[0]]
    page.evaluate(APPLY_TOPICS_JS, [[used[1]], "any", [0, 99]])  # from before the reset
    assert page.evaluate("() => ItineraryMap.visibleIds()") == ids_for[used[0]]
    assert errors == []
