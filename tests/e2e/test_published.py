"""End-to-end: the published map (itinerary export --format html) in Chromium, with no network.

The page is made by the real command, then opened from disk and from a plain static server
(Python's http.server on loopback), in contexts where every other request fails: the map
tiles too, so the map falls back to the basemap the page carries. A reader filters by topic,
opens a stop and reads its details and sources, steps through the stops shown, and embeds
the page in another page with the code the command printed. Expected stops come from the
package's own filter, so the page must mean what the dashboard means.
"""

from __future__ import annotations

import contextlib
import re
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import pytest
from playwright.sync_api import Locator, Page, expect

from itinerary.format.loader import load_journey
from itinerary.model import Journey, Stop
from itinerary.views.assets import missing_files
from itinerary.views.text import format_stop_when, stop_facts, stop_label

from .conftest import FIRST_LOAD_TIMEOUT_MS, PYTHON, REPO, OfflinePage, OpenOffline, free_port
from .mapui import expect_selected, expect_stops_shown, reveal_stop
from .test_browser import (
    HOSTILE_FILE,
    JOURNEY_FILE,
    assert_hostile_fixture,
    squash,
    topic_hiding_most,
)

pytestmark = pytest.mark.browser

CLI_TIMEOUT_S = 120
SERVER_START_TIMEOUT_S = 30.0
PHONE = (390, 844)
LAPTOP = (1366, 800)
MAP = ".leaflet-container[data-basemap]"
EMBED_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>A story</title></head>
<body><h1>A story about a train</h1>
{snippet}
<p>The story goes on.</p></body></html>
"""


@dataclass(frozen=True)
class Published:
    folder: Path
    page: Path  # the real journey's page
    hostile: Path
    snippet: str  # the embed code the command printed for the real journey's page


def export(source: Path, output: Path) -> str:
    """`itinerary export SOURCE -o OUTPUT` (format from the suffix); returns its stderr."""
    result = subprocess.run(
        [PYTHON, "-m", "itinerary", "export", str(source), "-o", str(output)],
        cwd=REPO, capture_output=True, text=True, timeout=CLI_TIMEOUT_S, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stderr


@pytest.fixture(scope="module")
def journey() -> Journey:
    return load_journey(JOURNEY_FILE)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    missing = missing_files()
    if missing:
        pytest.fail(f"front-end assets are missing (run `make assets`): {missing}")
    folder = tmp_path_factory.mktemp("site")
    page = folder / f"{load_journey(JOURNEY_FILE).id}.html"
    printed = export(JOURNEY_FILE, page)
    snippet = printed.rstrip().splitlines()[-1]
    assert snippet.startswith(f'<iframe src="{page.name}"'), printed
    (folder / "story.html").write_text(EMBED_PAGE.format(snippet=snippet), encoding="utf-8")
    hostile = folder / "hostile.html"
    export(HOSTILE_FILE, hostile)
    return Published(folder, page, hostile, snippet)


@dataclass(frozen=True)
class StaticServer:
    url: str
    log: Path

    def requests(self) -> list[tuple[str, int]]:
        """(path, status) of every request the server answered, from its log."""
        lines = self.log.read_text(encoding="utf-8", errors="replace")
        return [
            (path, int(status)) for path, status in re.findall(r'"GET (\S+) [^"]*" (\d+)', lines)
        ]


@pytest.fixture(scope="module")
def static_server(published: Published) -> Iterator[StaticServer]:
    """`python -m http.server` on a free loopback port, serving the folder of pages."""
    port = free_port()
    log = published.folder.parent / f"http-server-{port}.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [PYTHON, "-m", "http.server", str(port), "--bind", "127.0.0.1",
             "--directory", str(published.folder)],
            stdin=subprocess.DEVNULL, stdout=sink, stderr=subprocess.STDOUT,
        )  # fmt: skip
    server = StaticServer(f"http://127.0.0.1:{port}", log)
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while True:
            assert process.poll() is None, log.read_text(encoding="utf-8", errors="replace")
            with (
                contextlib.suppress(urllib.error.URLError, OSError),
                urllib.request.urlopen(server.url + "/story.html", timeout=2) as response,
            ):
                if response.status == 200:
                    break
            assert time.monotonic() < deadline, "the static server did not answer"
            time.sleep(0.2)  # polling interval, not a wait for readiness
        yield server
    finally:
        process.terminate()
        process.wait(timeout=15)


# --- what a reader does -------------------------------------------------------------------


def panel(page: Page) -> Locator:
    return page.locator("#itin-stop-details")


def expect_details(page: Page, stop: Stop, leg_text: str | None) -> None:
    """The panel shows the stop: heading, every fact, the summary, each source linked."""
    shown = panel(page)
    expect(shown.get_by_role("heading", level=2)).to_have_text(f"{stop.seq}. {stop.name}")
    facts = shown.locator("dt, dd").all_text_contents()
    assert facts == [text for fact in stop_facts(stop, leg_text) for text in fact]
    expect(shown.locator(".itin-pub-summary")).to_have_text(stop.summary)
    links = shown.locator(".itin-pub-sources a")
    expect(links).to_have_count(len(stop.sources))
    assert links.all_text_contents() == [source.title for source in stop.sources]
    hrefs = links.evaluate_all("nodes => nodes.map(n => n.getAttribute('href'))")
    assert hrefs == [source.url for source in stop.sources]
    assert shown.locator("img, script").count() == 0


def use_the_map(opened: OfflinePage, journey: Journey) -> None:
    """Filter by topic, open a stop, step through the stops shown: as the dashboard does."""
    page = opened.page
    ids = [stop.id for stop in journey.stops]
    container = page.locator(MAP)
    expect(container).to_have_attribute(
        "data-stops-drawn", str(len(ids)), timeout=FIRST_LOAD_TIMEOUT_MS
    )
    expect_stops_shown(page, ids)
    # No tiles: the basemap the page carries, and the legend.
    expect(container).to_have_attribute("data-basemap", "natural-earth")
    expect(page.locator(".itin-legend")).to_be_visible()
    status = page.locator(".itin-tf-status")
    expect(status).to_have_text(f"{len(ids)} of {len(ids)} stops shown.")
    expect(page.locator(".itin-tf-more")).to_have_count(0)  # no sidebar in this page

    # Unticking the topic that hides the most stops hides exactly those, as in the dashboard.
    topic, visible = topic_hiding_most(journey)
    page.locator(f'.itin-tf-chip[data-topic="{topic}"]').click()
    expect(page.locator(f'.itin-tf-chip[data-topic="{topic}"]')).to_have_attribute(
        "aria-pressed", "false"
    )
    expect_stops_shown(page, [stop.id for stop in visible])
    expect(status).to_contain_text(f"{len(visible)} of {len(ids)} stops shown.")
    options = page.locator("#itin-stop-select option:not([value=''])")
    assert options.all_text_contents() == [stop_label(stop) for stop in visible]

    # A stop's marker: a brief popup, and its details and sources in the panel.
    stop = visible[-1]
    reveal_stop(page, stop.id).click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text(f"{stop.seq}. {stop.name}")
    expect(popup).to_contain_text(format_stop_when(stop))
    expect(popup).to_contain_text("in the panel beside the map")
    assert popup.locator("a").count() == 0
    expect_details(page, stop, leg_text_of(journey, stop))
    expect(page.locator("#itin-stop-select")).to_have_value(stop.id)
    expect_selected(page, stop.id)

    # Prev and Next step through the stops shown; the route travelled so far is drawn.
    step = page.locator(".itin-pub-step")
    page.get_by_role("button", name="Next ›").click()
    expect(step).to_have_text(f"Playback: step 1 of {len(visible)}, stop {visible[0].seq}")
    page.get_by_role("button", name="Next ›").click()
    second = visible[1]
    expect(step).to_have_text(f"Playback: step 2 of {len(visible)}, stop {second.seq}")
    expect_details(page, second, leg_text_of(journey, second))
    travelled = page.locator(".leaflet-itinRoute-pane path.itin-route.itin-travelled")
    expect(travelled).to_have_count(journey.stops.index(second))
    page.get_by_role("button", name="‹ Prev").click()
    expect(step).to_have_text(f"Playback: step 1 of {len(visible)}, stop {visible[0].seq}")
    expect(page.get_by_role("button", name="‹ Prev")).to_be_disabled()
    opened.assert_healthy()


def leg_text_of(journey: Journey, stop: Stop) -> str | None:
    from itinerary.geo.route import build_route
    from itinerary.views.text import arrival_summary

    return arrival_summary(build_route(journey), stop)


def embed_code(page: Page) -> str:
    return page.locator("#itin-embed").input_value()


# --- the tests ----------------------------------------------------------------------------


def test_the_published_page_works_from_disk_with_no_network(
    open_offline_page: OpenOffline, published: Published, journey: Journey
) -> None:
    opened = open_offline_page(published.page.as_uri(), viewport=LAPTOP)
    use_the_map(opened, journey)
    # From disk the embed code names the file, as the command printed it.
    assert embed_code(opened.page) == published.snippet


def test_the_published_page_works_from_a_static_server_with_no_network(
    open_offline_page: OpenOffline,
    published: Published,
    static_server: StaticServer,
    journey: Journey,
) -> None:
    url = f"{static_server.url}/{published.page.name}"
    before = len(static_server.requests())
    opened = open_offline_page(url, allowed=(static_server.url + "/",), viewport=LAPTOP)
    use_the_map(opened, journey)
    # Served, the embed code names the page's own address.
    assert embed_code(opened.page) == published.snippet.replace(
        f'src="{published.page.name}"', f'src="{url}"'
    )
    # One file: the server was asked for the page and nothing else.
    assert static_server.requests()[before:] == [(f"/{published.page.name}", 200)]


def test_the_embed_code_shows_the_map_in_another_page(
    open_offline_page: OpenOffline,
    published: Published,
    static_server: StaticServer,
    journey: Journey,
) -> None:
    story = f"{static_server.url}/story.html"
    opened = open_offline_page(story, allowed=(static_server.url + "/",), viewport=LAPTOP)
    frame = opened.page.frame_locator("iframe")
    expect(frame.locator(MAP)).to_have_attribute(
        "data-stops-drawn", str(len(journey.stops)), timeout=FIRST_LOAD_TIMEOUT_MS
    )
    box = opened.page.locator("iframe").bounding_box()
    assert box is not None and box["height"] == 640 and box["width"] > 1000
    topic, visible = topic_hiding_most(journey)
    frame.locator(f'.itin-tf-chip[data-topic="{topic}"]').click()
    expect(frame.locator(MAP)).to_have_attribute("data-stops-drawn", str(len(visible)))
    opened.assert_healthy()


def test_on_a_phone_the_details_are_below_the_map(
    open_offline_page: OpenOffline, published: Published, journey: Journey
) -> None:
    opened = open_offline_page(published.page.as_uri(), viewport=PHONE)
    page = opened.page
    expect(page.locator(MAP)).to_have_attribute(
        "data-stops-drawn", str(len(journey.stops)), timeout=FIRST_LOAD_TIMEOUT_MS
    )
    map_box = page.locator(MAP).bounding_box()
    panel_box = page.locator(".itin-pub-panel").bounding_box()
    assert map_box is not None and panel_box is not None
    assert map_box["width"] == PHONE[0] and map_box["height"] >= 320
    assert panel_box["y"] >= map_box["y"] + map_box["height"], (map_box, panel_box)
    stop = journey.stops[2]
    reveal_stop(page, stop.id, tap=False).click()
    expect(page.locator(".leaflet-popup-content")).to_contain_text("below the map")
    expect(panel(page).get_by_role("heading", level=2)).to_have_text(f"{stop.seq}. {stop.name}")
    opened.assert_healthy()


def test_hostile_text_stays_text_in_the_published_page(
    open_offline_page: OpenOffline, published: Published
) -> None:
    journey = load_journey(HOSTILE_FILE)
    assert_hostile_fixture(journey)
    opened = open_offline_page(published.hostile.as_uri(), viewport=LAPTOP)
    page = opened.page
    expect_stops_shown(page, [stop.id for stop in journey.stops])
    not_literal: list[str] = []

    def check(shown: str | None, expected: str, where: str) -> None:
        if squash(expected) not in squash(shown):
            not_literal.append(f"{where}: expected {squash(expected)!r}, shown {squash(shown)!r}")

    check(page.locator("h1").text_content(), journey.title, "title")
    check(page.locator("#itin-about").text_content(), journey.summary, "About")
    check(page.locator("#itin-about").text_content(), journey.time_zone_note or "", "About")
    check(embed_code(page), journey.title.split("<")[0], "embed code")
    for stop in journey.stops:
        page.locator("#itin-stop-select").select_option(stop.id)
        heading = panel(page).get_by_role("heading", level=2)
        expect(heading).to_contain_text(f"{stop.seq}. {stop.name.split()[0]}")
        text = panel(page).text_content()
        for value in (f"{stop.seq}. {stop.name}", stop.site, stop.summary, ", ".join(stop.people),
                      stop.sources[0].outlet, stop.sources[0].title):  # fmt: skip
            check(text, value, f"panel, stop {stop.seq}")
        hrefs = panel(page).locator("a").evaluate_all("links => links.map(a => a.href)")
        assert [unquote(href) for href in hrefs] == [unquote(stop.sources[0].url)]
        assert panel(page).locator("img, script").count() == 0
        reveal_stop(page, stop.id).click()
        popup = page.locator(".leaflet-popup-content").filter(has_text=f"{stop.seq}. ")
        check(popup.text_content(), f"{stop.seq}. {stop.name}", f"popup, stop {stop.seq}")
        page.locator(".leaflet-popup-close-button").click()
        expect(popup).to_have_count(0)
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    assert page.locator("a[href^='javascript:' i]").count() == 0
    assert not_literal == [], "hostile text is not shown literally:\n" + "\n".join(not_literal)
    opened.assert_healthy()
