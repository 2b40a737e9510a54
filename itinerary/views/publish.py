"""The published map: one HTML file that keeps the dashboard's core use with no server.

``itinerary export --format html`` and the dashboard's "Export & share" tab write it. Any
static host or CDN can serve it to any number of readers, it opens from disk, and it works
with no network at all. One file rather than a folder: it is what the dashboard can offer
as a download, what a newsroom can put in its CMS or send by mail, and what an ``<iframe>``
embeds with one address; nothing can go missing or out of step, and a file opened from
disk may not fetch() the files beside it.

What runs in the reader's browser: the map (itinerary-map.js: markers, clusters, legend,
basemap fallback), the dashboard's own topic filter (topic-filter.mjs, with the same
meaning), a panel with the chosen stop's details and sources (beside the map; below it on
a phone), Prev/Next through the stops shown, and the embed code.

It holds only the stops it was made from (``stops``); the route stays whole. Its weight is
mostly the map libraries and the offline basemap, thinned away from the journey
(itinerary.geo.basemap) so that the real journey's page stays under PAGE_BUDGET_BYTES.

All data text reaches the page as JSON escaped for a <script> block (``script_json``) and
the DOM through textContent, or as HTML-escaped text in the page itself.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from jinja2 import Template

from itinerary.filtering import StopFilter, companion_topics, topics_in_use
from itinerary.geo.basemap import regional_topology
from itinerary.geo.route import RouteSummary
from itinerary.model import Journey, LatLon, Stop
from itinerary.views.assets import TOPIC_FILTER_MODULE, VENDOR_FILES, Assets, local_vendor_dir
from itinerary.views.embedded import inert_script, standalone_assets
from itinerary.views.mapdata import journey_bounds, map_state
from itinerary.views.mapdata import script_json as _script_json
from itinerary.views.mapview import standalone_map
from itinerary.views.stats import figures_markdown, journey_totals
from itinerary.views.text import (
    PICK_A_STOP,
    SOURCING_NOTE,
    arrival_summary,
    count_noun,
    stop_facts,
    stop_label,
    stop_number,
    stop_title,
)
from itinerary.views.topicpanel import TopicChoice, panel_data

# The real journey's page must stay under this (tests/test_publish.py holds it to it).
PAGE_BUDGET_BYTES: Final = 1_000_000
PAGE_MODULE: Final = Path(__file__).parent / "js" / "published-page.mjs"
PAGE_STYLE: Final = Path(__file__).parent / "js" / "published-page.css"
# The page's script runs in the same module as the topic filter and calls it by this name.
TOPIC_FILTER_EXPORT: Final = "export default function topicFilter("
EMBED_HEIGHT_PX: Final = 640

_PAGE: Final = Template(
    """<!DOCTYPE html>
<html lang="en">
<head>
<title>{{ this.page.title }}</title>
<link rel="icon" href="data:,">
{{ this.header.render(**kwargs) }}
<style>
{{ this.page.style }}</style>
</head>
<body class="itin-pub">
<div class="itin-pub-screen">
<header class="itin-pub-head">
<h1 title="{{ this.page.title }}">{{ this.page.title }}</h1>
<p class="itin-pub-figures">{{ this.page.figures }} · <a href="#itin-about">About and embed</a></p>
</header>
<main class="itin-pub-main">
<div class="itin-pub-map" role="region" aria-label="Map of the journey">
{{ this.html.render(**kwargs) }}
</div>
<aside class="itin-pub-panel" aria-label="Topics and stop details">
<div id="itin-topics"></div>
<section class="itin-pub-stop" aria-label="Stop details">
<div class="itin-pub-play" role="group" aria-label="Step through the stops shown">
<button type="button" class="itin-pub-prev">‹ Prev</button>
<button type="button" class="itin-pub-next">Next ›</button>
<span class="itin-pub-step" role="status"></span>
</div>
<label class="itin-pub-choose" for="itin-stop-select">Stop details</label>
<select id="itin-stop-select"></select>
<div id="itin-stop-details" class="itin-pub-details"></div>
</section>
<noscript><p>This map needs JavaScript. The journey's stops and sources are in the
data file it was made from.</p></noscript>
</aside>
</main>
</div>
<footer id="itin-about" class="itin-pub-about">
<h2>About this map</h2>
<p>{{ this.page.summary }}</p>
{% if this.page.zone %}<p class="itin-pub-muted">{{ this.page.zone }}</p>{% endif %}
<p>{{ this.page.sourcing }}</p>
{% if this.page.partial %}<p>{{ this.page.partial }}</p>{% endif %}
<h2>Embed</h2>
<p id="itin-embed-how">Put this file on any web server or CDN, then paste this code where
the map should appear:</p>
<textarea id="itin-embed" readonly rows="3" aria-labelledby="itin-embed-how"></textarea>
<p class="itin-pub-muted">Map drawn with Leaflet. Basemap: OpenStreetMap tiles when online,
else Natural Earth (public domain), carried in this page.</p>
</footer>
<script type="application/json" id="itin-page-data">{{ this.page.data_json }}</script>
<script type="module">
{{ this.page.module }}</script>
</body>
<script>
{{ this.script.render(**kwargs) }}
</script>
</html>
"""
)


def _text(value: str) -> str:
    """Text for HTML content and double-quoted attributes (apostrophes stay readable)."""
    return html.escape(value, quote=False).replace('"', "&quot;")


def embed_parts(title: str) -> tuple[str, str]:
    """An <iframe> embed code around its (HTML-escaped) address: (before, after)."""
    label = _text(f"Map: {title}")
    return (
        '<iframe src="',
        f'" title="{label}" width="100%" height="{EMBED_HEIGHT_PX}" '
        'style="border:0" loading="lazy" allow="fullscreen"></iframe>',
    )


def embed_snippet(src: str, title: str) -> str:
    """The code that embeds the page published at ``src`` in another page."""
    before, after = embed_parts(title)
    return before + _text(src) + after


@lru_cache(maxsize=8)
def _regional_basemap(south_west: LatLon, north_east: LatLon) -> str | None:
    entry = next(entry for entry in VENDOR_FILES if entry.name == "countries")
    path = local_vendor_dir() / entry.dest
    if not path.is_file():
        return None
    topology = json.loads(path.read_text(encoding="utf-8"))
    thinned = regional_topology(topology, south_west, north_east)
    return json.dumps(thinned, separators=(",", ":"))


def page_assets(journey: Journey, route: RouteSummary) -> tuple[Assets, str | None]:
    """What a published page embeds: every local copy, the basemap thinned away from this
    journey; else the pinned CDN files, and why the page then needs internet."""
    basemap = _regional_basemap(*journey_bounds(journey, route))
    return standalone_assets(data={"countries": basemap} if basemap is not None else None)


def stop_entries(
    journey: Journey, route: RouteSummary, shown: Sequence[Stop]
) -> list[dict[str, Any]]:
    """What the panel shows of each stop; ``progress`` is the legs travelled to it."""
    shown_ids = {stop.id for stop in shown}
    position = {stop.id: index for index, stop in enumerate(journey.stops)}
    return [
        {
            "id": stop.id,
            "seq": stop_number(stop),
            "title": stop_title(stop),
            "label": stop_label(stop),
            "progress": position[stop.id],
            "facts": stop_facts(stop, arrival_summary(route, stop, shown_ids)),
            "summary": stop.summary,
            "sources": [{"outlet": s.outlet, "title": s.title, "url": s.url} for s in stop.sources],
        }
        for stop in shown
    ]


def page_data(
    journey: Journey, route: RouteSummary, shown: Sequence[Stop], map_name: str
) -> dict[str, Any]:
    """Everything the page's script reads: the map's name and first state, the topic
    filter's data (as the dashboard builds it), the stops' details and the embed code."""
    available = topics_in_use(shown)
    filter_data = panel_data(
        shown, available, companion_topics(shown), StopFilter(),
        TopicChoice(frozenset(available)), other_filters=(), ready=True,
    )  # fmt: skip
    before, after = embed_parts(journey.title)
    return {
        "map": map_name,
        # The map's first state (standalone_map's): every stop, every topic.
        "state": map_state(shown, StopFilter()),
        # No frame: the filter drives the map in this page; no sidebar of more filters.
        "filter": filter_data | {"frame": None, "moreFilters": False},
        "stops": stop_entries(journey, route, shown),
        "pickHint": PICK_A_STOP,
        "embed": {"before": before, "after": after},
    }


def page_module() -> str:
    """The topic filter and the page's own script, as one inline module: a page opened
    from disk cannot import modules from files."""
    topic_filter = TOPIC_FILTER_MODULE.read_text(encoding="utf-8")
    if TOPIC_FILTER_EXPORT not in topic_filter:
        raise RuntimeError(f"{TOPIC_FILTER_MODULE} no longer has {TOPIC_FILTER_EXPORT!r}")
    return inert_script(topic_filter + "\n" + PAGE_MODULE.read_text(encoding="utf-8"))


def published_page(
    journey: Journey,
    route: RouteSummary,
    stops: Iterable[Stop],
    *,
    assets: Assets | None = None,
    tiles: str | None = "OpenStreetMap",
) -> str:
    """The page of the given stops (see the module's docstring). ``assets``: from
    :func:`page_assets` for a page that works offline; the CDN's Leaflet by default."""
    shown = tuple(stops)
    # The details live in the panel: popups stay brief, as in the dashboard (in_app).
    fmap = standalone_map(journey, route, shown, assets=assets, tiles=tiles, in_app=True)
    totals = journey_totals(journey, route)
    first, last = journey.days
    partial = (
        f"This page holds {count_noun(len(shown), 'stop')} of the journey's "
        f"{totals.stops:,}, chosen when it was made; the route is shown whole."
        if len(shown) != len(journey.stops)
        else ""
    )
    root: Any = fmap.get_root()
    root._template = _PAGE
    data = page_data(journey, route, shown, fmap.get_name())
    page = {
        "title": _text(journey.title),
        # Numbers only, no data text: its markdown is bold marks around numbers.
        "figures": _text(figures_markdown(totals, first, last).replace("**", "")),
        "summary": _text(journey.summary),
        "zone": _text(journey.time_zone_note or ""),
        "sourcing": _text(SOURCING_NOTE),
        "partial": _text(partial),
        "style": PAGE_STYLE.read_text(encoding="utf-8"),
        "data_json": _script_json(data),
        "module": page_module(),
    }
    root.page = page
    rendered: str = root.render()
    return rendered
