"""Two replicas behind nginx (deploy/): readers stay on one, and survive losing it.

Real parts throughout: deploy/local.py starts two `streamlit run` replicas and nginx (Debian's,
in the foreground with its own prefix in a temp folder) on loopback, with the config rendered
from deploy/dashboard.conf.template; real Chromium opens the pages through nginx and uses
them as a reader does (the topic filter beside the map; tests/e2e/mapui.py). Nothing else is
reachable from the pages.

The test opens readers with different views (journey, topics, selected stop) from links,
changes each view in the page, lands the readers on both replicas, kills one replica with
SIGKILL, and checks that its readers' pages reconnect (the same document and map, a new
websocket served by the other replica), that the new session runs at once and comes back to
the same view, the whole page, from the URL and the page's widgets (not from the map's last
click, which the page still reports), and that the readers' next clicks land in their own
sessions; the other replica's readers are untouched; no reader ever shows another's view.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Frame,
    FrameLocator,
    Page,
    Request,
    Route,
    WebSocket,
    expect,
)
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from deploy.local import LocalDeployment, nginx_binary
from itinerary.dashboard.catalog import discover
from itinerary.dashboard.viewstate import ViewState, from_query, to_query
from itinerary.filtering import filter_stops, topics_in_use
from itinerary.format.loader import load_journey
from itinerary.model import Journey
from itinerary.views.text import stop_label
from tests.e2e import mapui
from tests.e2e.conftest import ACTION_TIMEOUT_MS, FIRST_LOAD_TIMEOUT_MS, MAP_IFRAME
from tests.e2e.test_features import choose, expect_details_show

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
COOKIE = "itinerary_replica"  # deploy/dashboard.conf.template
RECONNECT_TIMEOUT_S = 60.0
# The moved session's first run, on a warm replica, takes a few seconds on this machine.
RERUN_AFTER_RECONNECT_S = 20.0


@pytest.fixture
def deployment(tmp_path: Path) -> Iterator[LocalDeployment]:
    if nginx_binary() is None:
        message = "nginx is not installed; the test needs Debian's: apt-get install -y nginx"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    with LocalDeployment(tmp_path / "deploy", replicas=2) as running:
        yield running
        logs = {r.name: r.log.read_text(errors="replace") for r in running.started}
    dirty = {name: log for name, log in logs.items() if "Traceback" in log}
    assert not dirty, f"replica logs with a traceback: {dirty}"


@dataclass
class Reader:
    """One browser (own cookies, so own stickiness) with one tab on the app. It offers what
    the mapui helpers read from a page on the app (`page`, `map`, `map_frame()`)."""

    journey: Journey
    view: ViewState  # what this reader set up, and must see again
    context: BrowserContext
    page: Page
    sockets: list[WebSocket] = field(default_factory=list)
    finished: list[WebSocket] = field(default_factory=list)  # one entry per script run
    failed_requests: list[str] = field(default_factory=list)

    @property
    def map(self) -> FrameLocator:
        return self.page.frame_locator(MAP_IFRAME)

    def map_frame(self) -> Frame:
        frame = self.page.locator(MAP_IFRAME).element_handle().content_frame()
        assert frame is not None, "the map iframe has no content frame"
        return frame

    def replica(self) -> str:
        cookies = {c["name"]: c["value"] for c in self.context.cookies()}
        return cookies.get(COOKIE, "")

    def topics(self) -> frozenset[str]:
        """The topics this reader's view lets through (None in a view: all of them)."""
        available = topics_in_use(self.journey.stops)
        return frozenset(self.view.topics if self.view.topics is not None else available)

    def shown_view(self) -> ViewState:
        query = parse_qs(urlsplit(self.page.url).query, keep_blank_values=True)
        return from_query(query, self.journey).state


def script_finished(payload: bytes | str) -> bool:
    if isinstance(payload, str):
        return False
    msg = ForwardMsg()
    msg.ParseFromString(payload)
    return msg.WhichOneof("type") == "script_finished"


def open_reader(browser: Browser, base: str, journey: Journey, view: ViewState) -> Reader:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(ACTION_TIMEOUT_MS)
    reader = Reader(journey, view, context, page)

    def only_the_app(route: Route) -> None:
        url = route.request.url
        if url.startswith((base + "/", "data:", "blob:")) or url == base:
            route.continue_()
        else:
            route.abort()  # map tiles: the test never touches the internet

    def on_socket(socket: WebSocket) -> None:
        reader.sockets.append(socket)

        def on_frame(payload: bytes | str) -> None:
            if script_finished(payload):
                reader.finished.append(socket)

        socket.on("framereceived", on_frame)

    def on_failed(request: Request) -> None:
        if request.url.startswith(base):
            reader.failed_requests.append(f"{request.url}: {request.failure}")

    context.route("**/*", only_the_app)
    page.on("websocket", on_socket)
    page.on("requestfailed", on_failed)
    link = urlencode(to_query(view), doseq=True)
    page.goto(f"{base}/?{link}", timeout=FIRST_LOAD_TIMEOUT_MS)
    return reader


# The stop the map draws as selected (its marker, or the cluster holding it).
MAP_SELECTED_JS = """() => {
  const map = Object.values(window).find(v => v instanceof L.Map && v._itinerary);
  return map ? map._itinerary.selected : undefined;
}"""


def expect_view(reader: Reader, timeout_ms: float = ACTION_TIMEOUT_MS) -> None:
    """The page shows the reader's view, all of it: title, topic chips, the filter's and
    the table's stop counts, the stops on the map, the selected stop (details, and the
    map's selection), and the URL."""
    journey, view, page = reader.journey, reader.view, reader.page
    available = topics_in_use(journey.stops)
    visible = filter_stops(journey.stops, view.stop_filter(available))
    expect(page.get_by_role("heading", name=journey.title, level=1)).to_be_visible(
        timeout=timeout_ms
    )
    mapui.wait_ready(reader, timeout_ms)  # the page below the map
    for topic in available:
        pressed = "true" if topic in reader.topics() else "false"
        expect(mapui.chip(page, topic)).to_have_attribute("aria-pressed", pressed)
    shown = f"{len(visible)} of {len(journey.stops)} stops"
    expect(mapui.status(reader)).to_contain_text(f"{shown} shown.")
    expect(mapui.table_count(reader, len(visible), len(journey.stops))).to_be_visible()
    mapui.expect_stops_shown(reader.map_frame(), [s.id for s in visible], whole_view=False)
    if view.stop is not None:
        stop = journey.stop(view.stop)
        expect_details_show(page, stop, timeout_ms)
        reader.map_frame().wait_for_function(
            f"() => ({MAP_SELECTED_JS})() === {stop.id!r}", timeout=timeout_ms
        )
    in_url = reader.shown_view()
    assert (in_url.journey, in_url.stop, in_url.match) == (view.journey, view.stop, view.match)
    assert set(in_url.topics or available) == reader.topics(), "the URL lost the reader's topics"


def click_topic(reader: Reader, topic: str) -> None:
    """Tick or untick a topic's chip as a person does; the reader's view now includes it."""
    ticked = reader.topics() ^ {topic}
    available = topics_in_use(reader.journey.stops)
    topics = None if ticked == set(available) else tuple(t for t in available if t in ticked)
    reader.view = dataclasses.replace(reader.view, topics=topics)
    mapui.chip(reader.page, topic).click()
    param = re.escape(urlencode({"topic": topic}))
    if topics is not None and topic in topics:
        expect(reader.page).to_have_url(re.compile(rf"[?&]{param}(&|$)"))
    else:
        expect(reader.page).not_to_have_url(re.compile(rf"[?&]{param}(&|$)"))
    expect_view(reader)


def poll(condition: Callable[[], bool], page: Page, timeout_s: float, what: str) -> None:
    """Until `condition` holds; Playwright delivers websocket events while the page waits."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s:.0f} s waiting for {what}")
        page.wait_for_timeout(100)  # polling interval: lets Playwright dispatch events


def plan_views() -> list[tuple[Journey, ViewState, str]]:
    """Four readers, each with its own journey, topics and stop, and a topic to tick later
    (one the link left out, so the selected stop stays visible)."""
    files = {f.key: f.path for f in discover(REPO / "data")}
    keys = ["kim-russia-2023", "kim-vladivostok-2019", "kim-beijing-2025", "kim-russia-2023"]
    plans = []
    for index, key in enumerate(keys):
        journey = load_journey(files[key])
        stop = journey.stops[(index * 5 + 2) % len(journey.stops)]
        topics = tuple(t for t in topics_in_use(journey.stops) if t in stop.topics)
        view = ViewState(journey=key, topics=topics, stop=stop.id)
        plans.append((journey, view, spare_topic(journey, view)))
    return plans


def spare_topic(journey: Journey, view: ViewState) -> str:
    """A topic the selected stop does not have: clicking it leaves the stop on the map."""
    stop = journey.stop(view.stop) if view.stop else None
    return next(t for t in topics_in_use(journey.stops) if stop is None or t not in stop.topics)


def test_readers_survive_losing_their_replica(
    deployment: LocalDeployment, browser: Browser
) -> None:
    base = deployment.url
    readers: list[Reader] = []
    try:
        for journey, view, extra in plan_views():
            reader = open_reader(browser, base, journey, view)
            readers.append(reader)
            expect_view(reader, FIRST_LOAD_TIMEOUT_MS)
            # A change made in the page, after the link: the URL must follow the live view.
            click_topic(reader, extra)
        where = {reader.replica() for reader in readers}
        assert where == {"r1", "r2"}, f"readers landed on {where}, not on both replicas"
        # The first reader clicks another stop's marker, then picks its own stop again in
        # the stop box: the map's last click, which the page keeps, is older than that.
        first = readers[0]
        own = first.journey.stop(first.view.stop or "")
        shown = filter_stops(first.journey.stops, first.view.stop_filter(list(first.topics())))
        other = next(stop for stop in shown if stop.id != own.id)
        mapui.click_stop(first, other.id)
        first.view = dataclasses.replace(first.view, stop=other.id)
        expect_view(first)
        choose(first.page, "selected_stop", stop_label(own))
        first.view = dataclasses.replace(first.view, stop=own.id)
        expect_view(first)

        dead = readers[0].replica()
        moving = [r for r in readers if r.replica() == dead]
        staying = [r for r in readers if r.replica() != dead]
        for reader in readers:
            reader.page.evaluate("() => { window.__sameDocument = true; }")
            # A reloaded map iframe (the reader's pan and zoom lost) would forget this.
            reader.map_frame().evaluate("() => { window.__sameMap = true; }")
        before = {id(r): set(map(id, r.sockets)) for r in readers}
        deployment.replica(dead).crash()

        for reader in moving:
            poll(
                lambda r=reader: len(r.sockets) > len(before[id(r)]),
                reader.page,
                RECONNECT_TIMEOUT_S,
                "the page to open a new websocket",
            )
            # The first request after the crash failed over: the cookie names the live replica.
            poll(lambda r=reader: r.replica() not in ("", dead), reader.page, 10, "a new cookie")
            # The moved session runs on the live replica at once, before the reader acts.
            poll(
                lambda r=reader: any(id(s) not in before[id(r)] for s in r.finished),
                reader.page,
                RERUN_AFTER_RECONNECT_S,
                "a script run on the new websocket",
            )
            assert reader.page.evaluate("() => window.__sameDocument") is True, "page reloaded"
            expect_view(reader)
            assert reader.map_frame().evaluate("() => window.__sameMap") is True, "map reloaded"
        for reader in staying:
            assert set(map(id, reader.sockets)) == before[id(reader)], "a live reader reconnected"
            assert not reader.sockets[-1].is_closed()

        # Readers on both sides act: each click lands in its own session only.
        for reader in (staying[0], moving[0]):
            click_topic(reader, spare_topic(reader.journey, reader.view))
            for other in readers:
                expect_view(other)
        assert [f for r in readers for f in r.failed_requests] == [], "requests to the app failed"
    finally:
        for reader in readers:
            with contextlib.suppress(Exception):
                reader.context.close()
