"""The published map: its weight, what it holds, its escaping and its embed code.

What it does in a browser (from disk and from a static server, offline) is in
tests/e2e/test_published.py.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from itinerary.filtering import StopFilter, filter_stops, topics_in_use
from itinerary.format.loader import load_journey
from itinerary.geo.route import build_route
from itinerary.views import publish
from itinerary.views.assets import VENDOR_DIR, VENDOR_FILES, Assets
from itinerary.views.export import export
from itinerary.views.publish import (
    PAGE_BUDGET_BYTES,
    embed_snippet,
    page_assets,
    page_module,
    published_page,
)
from itinerary.views.text import arrival_summary, stop_facts, stop_label, stop_title
from tests.conftest import FIXTURES, MINI, REAL_JOURNEY
from tests.mapstate import journey_config, visible_ids

JOURNEY = load_journey(REAL_JOURNEY)
ROUTE = build_route(JOURNEY)
HOSTILE = load_journey(FIXTURES / "hostile.yaml")
_DATA = re.compile(r'<script type="application/json" id="itin-page-data">(.*?)</script>', re.S)
_BASEMAP = re.compile(r'<script type="application/json" id="itin-data-countries">(.*?)</script>')


def page_data(page: str) -> dict[str, Any]:
    found = _DATA.search(page)
    assert found is not None, "the page has no data block"
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def test_the_real_journey_s_page_stays_within_its_budget() -> None:
    assets, needs_internet = page_assets(JOURNEY, ROUTE)
    assert needs_internet is None, "front-end assets are missing (run `make assets`)"
    page = published_page(JOURNEY, ROUTE, JOURNEY.stops, assets=assets)
    size = len(page.encode("utf-8"))
    assert size <= PAGE_BUDGET_BYTES, f"the published page is {size:,} bytes"
    # Everything is in the file: no script, style or data is fetched from anywhere.
    assert not re.search(r"<script[^>]*\ssrc=|<link[^>]*stylesheet", page)
    # ... including the basemap, thinned: lighter than the vendored file, the same topology.
    basemap = _BASEMAP.search(page)
    assert basemap is not None
    entry = next(entry for entry in VENDOR_FILES if entry.name == "countries")
    vendored = json.loads((VENDOR_DIR / entry.dest).read_text(encoding="utf-8"))
    carried = json.loads(basemap.group(1))
    assert len(carried["arcs"]) == len(vendored["arcs"])
    assert len(basemap.group(1)) < (VENDOR_DIR / entry.dest).stat().st_size / 2


def test_each_stop_carries_its_details_and_sources_and_popups_stay_brief() -> None:
    page = published_page(JOURNEY, ROUTE, JOURNEY.stops)
    entries = page_data(page)["stops"]
    assert [entry["id"] for entry in entries] == [stop.id for stop in JOURNEY.stops]
    for index, (entry, stop) in enumerate(zip(entries, JOURNEY.stops, strict=True)):
        assert (entry["title"], entry["label"]) == (stop_title(stop), stop_label(stop))
        facts = [tuple(fact) for fact in entry["facts"]]
        assert facts == stop_facts(stop, arrival_summary(ROUTE, stop))
        assert entry["summary"] == stop.summary
        assert [s["url"] for s in entry["sources"]] == [s.url for s in stop.sources]
        assert entry["progress"] == index  # the legs travelled to it
    config = journey_config(page)
    assert config["details"] is None  # the panel has them: popups say where to look
    assert config["detailsHint"] is not None
    assert visible_ids(page, page) == [stop.id for stop in JOURNEY.stops]


def test_a_page_of_some_stops_filters_among_those_only() -> None:
    kept = filter_stops(JOURNEY.stops, StopFilter(topics=frozenset({"space", "aviation"})))
    assert 0 < len(kept) < len(JOURNEY.stops)
    page = published_page(JOURNEY, ROUTE, kept)
    data = page_data(page)
    assert [entry["id"] for entry in data["stops"]] == [stop.id for stop in kept]
    chips = data["filter"]["topics"]
    assert [chip["key"] for chip in chips] == list(topics_in_use(kept))
    for chip in chips:
        assert chip["count"] == sum(chip["key"] in stop.topics for stop in kept), chip["key"]
    assert data["filter"]["selected"] == list(topics_in_use(kept))
    summary = data["filter"]["summary"]
    assert (summary["shown"], summary["total"]) == (len(kept), len(kept))
    # No frame: the filter drives the page's own map; no sidebar to open.
    assert (data["filter"]["frame"], data["filter"]["moreFilters"]) == (None, False)
    assert visible_ids(page, page) == [stop.id for stop in kept]
    assert f"This page holds {len(kept)} stops of the journey's {len(JOURNEY.stops)}" in page, (
        "the page does not say it holds some of the stops"
    )


class _Text(HTMLParser):
    """The text of given elements and the attributes of the first <iframe>, as parsed."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: dict[str, str] = {}
        self.attrs: dict[str, str | None] = {}
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "iframe" and not self.attrs:
            self.attrs = dict(attrs)
        if tag in ("title", "h1"):
            self._open = tag

    def handle_endtag(self, tag: str) -> None:
        self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            self.texts[self._open] = self.texts.get(self._open, "") + data


def parsed(markup: str) -> _Text:
    parser = _Text()
    parser.feed(markup)
    return parser


def test_hostile_text_stays_text_in_the_page() -> None:
    page = published_page(HOSTILE, build_route(HOSTILE), HOSTILE.stops)
    # No markup from the data: every < of the data is escaped, in HTML and in the JSON.
    assert "<img src=x" not in page
    assert "window.__pwned=2</script>" not in page
    # The title and the About text are text, parsed back exactly (no Jinja ran: {{ 7*7 }}).
    shown = parsed(page).texts
    assert shown["title"] == HOSTILE.title
    assert shown["h1"] == HOSTILE.title
    # The panel's data decodes back to the exact text.
    data = page_data(page)
    first, stop = data["stops"][0], HOSTILE.stops[0]
    assert (first["summary"], first["sources"][0]["title"]) == (stop.summary, stop.sources[0].title)
    assert dict(first["facts"])["People"] == ", ".join(stop.people)
    embed = parsed(data["embed"]["before"] + "x.html" + data["embed"]["after"]).attrs
    assert (embed["src"], embed["title"]) == ("x.html", f"Map: {HOSTILE.title}")


@pytest.mark.parametrize(
    ("src", "title"),
    [
        ("kim-russia-2023.html", "Kim Jong Un's train journey"),
        ("https://example.org/maps/a.html?x=1&y=2#z", "Plain"),
        ('x.html" onload="alert(1)', 'Title" onload="alert(1)'),
        ("x.html", "</iframe><script>alert(1)</script> & {{ 7*7 }}"),
    ],
    ids=["a file beside the page", "a full address with & and #", "quotes", "markup"],
)
def test_the_embed_code_names_the_page_and_its_title_exactly(src: str, title: str) -> None:
    code = embed_snippet(src, title)
    attrs = parsed(code).attrs
    assert (attrs["src"], attrs["title"]) == (src, f"Map: {title}")
    assert code.startswith("<iframe ") and code.endswith("></iframe>")
    assert code.count("<") == 2  # the iframe's two tags, nothing from the text


def test_the_page_module_needs_the_topic_filter_s_default_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "function topicFilter(" in page_module()
    renamed = tmp_path / "topic-filter.mjs"
    renamed.write_text("export default function filter(component) {}\n", encoding="utf-8")
    monkeypatch.setattr(publish, "TOPIC_FILTER_MODULE", renamed)
    with pytest.raises(RuntimeError, match="no longer has 'export default function topicFilter"):
        page_module()


def test_an_html_export_is_the_published_page() -> None:
    journey = load_journey(MINI)
    page = export(journey, build_route(journey), journey.stops, "html", assets=Assets.cdn())
    assert page.startswith("<!DOCTYPE html>")
    assert [entry["id"] for entry in page_data(page)["stops"]] == ["alpha", "beta", "gamma"]
    assert 'id="itin-stop-details"' in page
