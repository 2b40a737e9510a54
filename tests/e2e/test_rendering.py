"""End-to-end: escaped text and chart specs as Streamlit's own frontend renders them.

The unit tests check the markdown and the specs as data; only the real renderer shows
whether GFM still autolinks a URL, whether a chart fits a phone's screen, whether labels
collide and whether Vega warns in the console. A small page (render_page.py) shows exactly
what this module hands it, through the same Streamlit calls the app uses, in Chromium at a
desktop and a phone width.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Locator,
    Page,
    Route,
    expect,
)

from itinerary.format.loader import load_journey
from itinerary.geo.route import build_route
from itinerary.model import Journey, Source, Stop
from itinerary.topics import TOPIC_BY_KEY
from itinerary.views.stats import topic_chart
from itinerary.views.text import (
    WORD_JOINER,
    md_escape,
    stop_details_markdown,
    stop_heading_markdown,
    stop_title,
)
from itinerary.views.timeline import stops_per_period_chart, timeline_chart
from tests.e2e.conftest import (
    FIRST_LOAD_TIMEOUT_MS,
    REPO,
    StreamlitServer,
    _stop_server,
    start_streamlit,
)

pytestmark = pytest.mark.browser

REAL = load_journey(REPO / "data" / "kim-russia-2023.yaml")
MINI = load_journey(REPO / "tests" / "fixtures" / "mini.yaml")
VIEWPORTS = {"desktop": (1280, 720), "phone": (375, 812)}

# Text that markdown, GFM or Streamlit would otherwise turn into something else.
HOSTILE = (
    "https://example.org/a_b_c?x=1",
    '=HYPERLINK("http://evil","x")',
    "see www.example.org/x or WWW.EXAMPLE.ORG now",
    "write to a.b+c@example.org (mailto:d@e.org)",
    "<https://x.org> [click](https://evil) ![i](https://evil/i.png) [x]: https://evil",
    "<b>bold</b> <img src=x onerror=alert(1)> *em* _u_ `code` ~~s~~",
    "# heading",
    "1. item",
    "> quote | a | b |",
    ":red[boom] :rocket: :material/home: :100:",
    "$x^2$ and $$y$$ C:\\new \\` end\\",
    "&amp; &lt;b&gt; Kim Jong-un & Putin #2 + 50% (Москва) 10:30",
)
SOURCES = (
    Source("Outlet https://example.org/o", "Title www.example.org", "https://example.org/a_b?x=1&y=(2)"),
    Source("Plain", "Second", "http://example.org/second"),
)  # fmt: skip


def _hostile_stop() -> Stop:
    every = " ".join(HOSTILE)
    alpha = MINI.stops[0]
    return replace(
        alpha,
        name=f"Name {HOSTILE[1]}",
        site=f"Site {every}",
        people=(f"Person {every}", "a@b.org"),
        summary=f"Summary {every}",
        time_note=f"Note {every}",
        sources=SOURCES,
    )


def _one_day_journey() -> Journey:
    """Three stops between 06:00 and 18:00 on one day: ticks a few hours apart."""
    alpha, beta, gamma = MINI.stops
    day = alpha.start
    return replace(
        MINI,
        stops=(
            alpha,
            replace(beta, start=day.replace(hour=9), end=day.replace(hour=12)),
            replace(gamma, start=day.replace(hour=18), time_precision="exact"),
        ),
    )


def _items() -> list[dict[str, Any]]:
    real_ids = [stop.id for stop in REAL.stops]
    short = _one_day_journey()
    stop = _hostile_stop()
    charts = {
        "timeline": timeline_chart(REAL, build_route(REAL), real_ids, "fefu"),
        "timeline-empty": timeline_chart(REAL, build_route(REAL), [], None),
        "per-day": stops_per_period_chart(REAL, real_ids),
        "per-day-empty": stops_per_period_chart(REAL, []),
        "topics": topic_chart(REAL.stops),
        "short-timeline": timeline_chart(
            short, build_route(short), [s.id for s in short.stops], None
        ),
    }  # fmt: skip
    markdown = {f"text-{i}": md_escape(value) for i, value in enumerate(HOSTILE)}
    markdown["details"] = stop_details_markdown(stop, f"From {HOSTILE[0]}")
    markdown["heading"] = stop_heading_markdown(stop)
    return [{"key": key, "kind": "chart", "body": spec} for key, spec in charts.items()] + [
        {"key": key, "kind": "markdown", "body": body} for key, body in markdown.items()
    ]


ITEMS = _items()
CHART_KEYS = [item["key"] for item in ITEMS if item["kind"] == "chart"]


@pytest.fixture(scope="module")
def render_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    folder = tmp_path_factory.mktemp("render")
    payload = folder / "payload.json"
    payload.write_text(json.dumps(ITEMS), encoding="utf-8")
    server = start_streamlit(
        "tests/e2e/render_page.py", [str(payload)], payload, folder / "streamlit-render.log"
    )
    try:
        yield server
    finally:
        _stop_server(server)
    server.assert_no_traceback()


@dataclass
class Rendered:
    """The page at one viewport, with every console warning and error it printed."""

    page: Page
    width: int
    console: list[str] = field(default_factory=list)

    def item(self, key: str) -> Locator:
        return self.page.locator(f".st-key-{key}")

    def chart(self, key: str) -> Locator:
        return self.item(key).get_by_test_id("stVegaLiteChart")


@pytest.fixture(scope="module")
def render(browser: Browser, render_server: StreamlitServer) -> Iterator[Callable[[str], Rendered]]:
    """``render(viewport)``: the page rendered at that viewport, loaded once per module."""
    opened: dict[str, Rendered] = {}
    contexts: list[BrowserContext] = []

    def open_page(viewport: str) -> Rendered:
        if viewport in opened:
            return opened[viewport]
        width, height = VIEWPORTS[viewport]
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)

        def offline(route: Route) -> None:
            url = route.request.url
            if url.startswith((render_server.url, "data:", "blob:")):
                route.continue_()
            else:
                route.abort()  # offline, like the app's browser tests

        context.route("**/*", offline)
        page = context.new_page()
        rendered = Rendered(page, width)

        def on_console(message: ConsoleMessage) -> None:
            if message.type in ("warning", "error"):
                rendered.console.append(f"{message.type}: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: rendered.console.append(f"pageerror: {error}"))
        page.goto(render_server.url, timeout=FIRST_LOAD_TIMEOUT_MS)
        expect(rendered.item("rendered")).to_be_visible(timeout=FIRST_LOAD_TIMEOUT_MS)
        # Drawn with their data (Streamlit adds it after Vega's first run).
        expect(rendered.chart("timeline").locator("g.stop_points_marks path")).to_have_count(
            len(REAL.stops)
        )
        expect(rendered.chart("topics").locator("g.mark-rect path")).to_have_count(11)
        for key in CHART_KEYS:
            expect(rendered.chart(key).locator("svg")).to_have_count(1)
        opened[viewport] = rendered
        return rendered

    yield open_page
    for context in contexts:
        context.close()


def squash(text: str | None) -> str:
    return " ".join((text or "").replace(WORD_JOINER, "").split())


# --- text ------------------------------------------------------------------------------------


@pytest.mark.parametrize("index", range(len(HOSTILE)), ids=list(HOSTILE))
def test_escaped_text_shows_as_written_and_links_nothing(
    render: Callable[[str], Rendered], index: int
) -> None:
    item = render("desktop").item(f"text-{index}")
    assert squash(item.inner_text()) == squash(HOSTILE[index])
    assert item.locator("a, img, h1, h2, h3, li, blockquote, table, hr, code, em, del").count() == 0


def test_the_only_links_in_a_stops_details_are_its_sources(
    render: Callable[[str], Rendered],
) -> None:
    details = render("desktop").item("details")
    hrefs = details.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs == [source.url for source in SOURCES]
    text = squash(details.inner_text())
    stop = _hostile_stop()
    for value in (stop.site, stop.summary, stop.time_note or "", *stop.people):
        assert squash(value) in text
    assert "\\" not in text.replace("C:\\new \\` end\\", "")  # only the data's own backslashes


def test_the_details_heading_is_the_stop_title(render: Callable[[str], Rendered]) -> None:
    heading = render("desktop").item("heading").locator("h3")
    assert squash(heading.inner_text()) == squash(stop_title(_hostile_stop()))
    hrefs = heading.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert all(href.startswith("#") for href in hrefs), hrefs  # Streamlit's own anchor only


# --- charts --------------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_no_chart_warns_in_the_console(render: Callable[[str], Rendered], viewport: str) -> None:
    """'Infinite extent for field "at"' came from scales waiting for Streamlit's data."""
    assert render(viewport).console == []


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("key", CHART_KEYS)
def test_every_chart_fits_its_container(
    render: Callable[[str], Rendered], viewport: str, key: str
) -> None:
    rendered = render(viewport)
    chart = rendered.chart(key)
    box, drawn = chart.bounding_box(), chart.locator("svg").bounding_box()
    assert box is not None and drawn is not None
    assert drawn["x"] >= box["x"] - 0.5
    assert drawn["x"] + drawn["width"] <= min(box["x"] + box["width"], rendered.width) + 0.5


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["x"] + b["width"] - 0.5
        and b["x"] < a["x"] + a["width"] - 0.5
        and a["y"] < b["y"] + b["height"] - 0.5
        and b["y"] < a["y"] + a["height"] - 0.5
    )


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_timeline_numbers_never_overprint(render: Callable[[str], Rendered], viewport: str) -> None:
    """'4 5' and '8 9 10 11' were printed over each other."""
    numbers = render(viewport).chart("timeline").locator("g.mark-text.role-mark text")
    boxes = [
        box
        for label in numbers.all()
        if (label.text_content() or "").strip() and (box := label.bounding_box()) is not None
    ]
    assert len(boxes) == len(REAL.stops)
    clashes = [(i, j) for i in range(len(boxes)) for j in range(i) if _overlap(boxes[i], boxes[j])]
    assert clashes == []


def _axis_labels(chart: Locator, axis: str) -> list[str]:
    labels = chart.locator(f"g.role-axis[aria-label^='{axis}-axis'] g.role-axis-label text")
    return [
        text
        for label in labels.all()
        if label.get_attribute("opacity") != "0" and (text := label.text_content() or "")
    ]


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("key", ["timeline", "short-timeline"])
def test_time_axis_labels_never_repeat(
    render: Callable[[str], Rendered], viewport: str, key: str
) -> None:
    """A one-day journey's axis read '11 Sep' at every tick."""
    labels = _axis_labels(render(viewport).chart(key), "X")
    assert len(labels) >= 2
    assert len(set(labels)) == len(labels), labels


def test_a_short_journeys_axis_shows_times_and_its_date(render: Callable[[str], Rendered]) -> None:
    labels = _axis_labels(render("desktop").chart("short-timeline"), "X")
    day = MINI.stops[0].start
    assert labels[0].startswith(f"{day.day} {day:%b} ")  # '12 Sep 03:00'
    assert all(datetime.strptime(label, "%H:%M") for label in labels[1:])


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_every_topic_bar_is_named(render: Callable[[str], Rendered], viewport: str) -> None:
    """The old chart named 6 of its 11 bars."""
    labels = _axis_labels(render(viewport).chart("topics"), "Y")
    assert sorted(labels) == sorted(
        {TOPIC_BY_KEY[key].label for stop in REAL.stops for key in stop.topics}
    )


def test_stops_per_day_shows_the_days_without_a_stop(render: Callable[[str], Rendered]) -> None:
    labels = _axis_labels(render("desktop").chart("per-day"), "X")
    assert labels == [f"{day} Sep" for day in range(10, 20)]
    legend = render("desktop").chart("per-day").locator("g.role-legend")
    expect(legend).to_contain_text("Main topic")
