"""Build the Folium map: a static base map and a small per-rerun state layer.

Three rules shape this module (see the stack notes in the README):

* The base map must be byte-identical across reruns, so streamlit-folium keeps
  the same iframe. It carries the whole journey once (every stop, the route,
  basemaps, furniture) and ``itinerary/views/js/itinerary-map.js``.
* What changes with the filters, the selection and playback is a few bytes of
  state (a bit mask of visible stops), sent as the swappable feature group.
* A journey's configuration can also travel by URL: ``publish_config`` writes it
  once under a content-hashed name in the app's static folder and the base map
  only says where to fetch it (``build_base_map(..., config_url=...)``), so a
  rerun never carries the journey itself. Inline stays the default (standalone
  export; uploads, which are never written to disk).
* folium does not escape text. No data text goes through folium's Popup or
  Tooltip templates (JavaScript template literals); it travels as JSON escaped
  for a <script> context and for folium's second Jinja pass, and the browser
  puts it into the DOM with ``textContent``.
"""

from __future__ import annotations

import base64
import html
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any, Final, Literal

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from itinerary.filtering import StopFilter
from itinerary.geo.route import RouteLeg, RouteSummary
from itinerary.geo.simplify import simplify_lines
from itinerary.model import Journey, LatLon, Stop
from itinerary.topics import TOPIC_KEYS, TOPICS
from itinerary.views.assets import MAP_LIBRARY, MAP_STYLE, Assets, publish
from itinerary.views.text import (
    arrival_summary,
    confidence_label,
    format_km,
    format_stop_when,
    stop_number,
    stop_tooltip,
    topic_labels,
)

# What streamlit-folium is told; the page's style sizes the map frame to the screen.
MAP_HEIGHT_PX: Final = 560
# Above this many stops popups carry only name and date (the panel has the rest),
# markers are drawn on a canvas and the route as joined runs: DOM markers and full
# popups do not scale. (Every DOM marker is a composited layer of its own: at 1,000
# of them each frame of a pan took 100-160 ms on a 4x-throttled CPU; on a canvas, none.)
DETAIL_LIMIT: Final = 500
CANVAS_LIMIT: Final = DETAIL_LIMIT
ARROW_SPACING_KM: Final = 250.0
MAX_LABELS: Final = 150
# 25 m is under a pixel up to zoom 12 (38 m/px at the equator, less further north).
DISPLAY_TOLERANCE_M: Final = 25.0
MAX_ARROWS: Final = 200
TILES_LABEL: Final = "OpenStreetMap tiles"
NATURAL_EARTH_ATTRIBUTION: Final = "Natural Earth (public domain), via world-atlas"
# A tile request that never answers (a firewall dropping packets) never fails either:
# after this long with no tile the map switches to the offline basemap.
TILE_WAIT_MS: Final = 6000
# Published journey configurations live under static/journeys/ (see publish_config).
JOURNEYS_FOLDER: Final = "journeys"
DETAILS_HINT: Final = {
    "wide": "Details, people and sources: in the panel beside the map.",
    "narrow": "Details, people and sources: below the map.",
}
_JINJA_OPENER: Final = re.compile(r"\{(?=[{%#])")


def script_json(value: Any) -> str:
    """JSON that is safe inside an HTML <script> block, JavaScript code and Jinja.

    ``ensure_ascii`` turns U+2028/U+2029 into escapes; escaping ``<``, ``>`` and
    ``&`` means no ``</script>`` or ``<!--`` can end or change the block. folium
    renders each element's script a second time as a Jinja template, so ``{{``,
    ``{%`` and ``{#`` in the data would run as template code on the server:
    the first brace becomes ``\\u007b``. (Structural JSON braces are never
    followed by those characters, so only braces inside strings change.)
    """
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return _JINJA_OPENER.sub(r"\\u007b", text)


class ItineraryMap(folium.Map):
    """A folium Map that loads only what the app uses, from where it is told.

    Assets are set per instance: folium's own ``add_js_link`` mutates the list
    shared by every Map, which would leak one session's choice into another's.
    """

    def __init__(self, assets: Assets, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.default_js = list(assets.js)
        self.default_css = list(assets.css)


class JourneyLayer(MacroElement):
    """The journey: inline (``init`` with the configuration) or fetched (``load`` with the
    URL ``publish_config`` returned). The JS library comes first unless the page's
    scripts already carry it (the served bundle): then every rerun is 30 kB lighter."""

    _template = Template(
        "{% macro script(this, kwargs) %}{{ this.library }}\n"
        "ItineraryMap.{{ this.method }}({{ this._parent.get_name() }}, {{ this.argument }});"
        "{% endmacro %}"
    )

    def __init__(
        self, method: Literal["init", "load"], argument_json: str, *, with_library: bool
    ) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "JourneyLayer"
        self.library = MAP_LIBRARY.read_text(encoding="utf-8") if with_library else ""
        self.method = method
        self.argument = argument_json


def publish_config(config_json: str, directory: Path) -> str:
    """Write a journey configuration once, content-addressed; return the URL that serves it.

    ``directory`` is the folder served at ``/app/static`` (the app's ``static/``); see
    ``itinerary.views.assets.publish`` for the naming and the atomic write.
    """
    return publish(config_json.encode("utf-8"), directory, JOURNEYS_FOLDER, ".json")


class StopState(MacroElement):
    """What this rerun shows: visible stops, selection, playback progress."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "ItineraryMap.show({{ this._parent._parent.get_name() }}, {{ this.state_json }});"
        "{% endmacro %}"
    )

    def __init__(self, state: dict[str, Any]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "StopState"
        self.state_json = script_json(state)


class ImagePath(MacroElement):
    """Point Leaflet's default icons at the served image folder."""

    _template = Template(
        "{% macro script(this, kwargs) %}L.Icon.Default.imagePath = {{ this.path_json }};"
        "{% endmacro %}"
    )

    def __init__(self, path: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "ImagePath"
        self.path_json = script_json(path)


def encode_mask(flags: Sequence[bool]) -> str:
    """Visible stops as a bit mask: 10,000 stops cost 1.7 kB per rerun, not a list of ids."""
    packed = bytearray((len(flags) + 7) // 8)
    for index, flag in enumerate(flags):
        if flag:
            packed[index >> 3] |= 1 << (index & 7)
    return base64.b64encode(bytes(packed)).decode("ascii")


def decode_mask(encoded: str, count: int) -> list[bool]:
    packed = base64.b64decode(encoded)
    return [bool(packed[index >> 3] >> (index & 7) & 1) for index in range(count)]


_TOPIC_INDEX: Final = {key: index for index, key in enumerate(TOPIC_KEYS)}


def _stop_entry(stop: Stop, compact: bool) -> dict[str, Any]:
    entry = {
        "id": stop.id,
        "seq": stop_number(stop),
        "lat": stop.point.lat,
        "lon": stop.point.lon,
        # Every topic, main one first, as indices into "topicKeys": the map filters by
        # topic itself, and 10,000 stops' keys would weigh 250 kB.
        "t": [_TOPIC_INDEX[topic] for topic in stop.topics],
        "confidence": stop.confidence,
        "tip": stop_tooltip(stop),
    }
    if not compact:  # big journeys: the tooltip (number, name, date) is the popup
        entry |= {"name": stop.name, "when": format_stop_when(stop)}
    return entry


def _stop_details(stop: Stop, route: RouteSummary, shown_ids: set[str]) -> dict[str, Any]:
    return {
        "site": stop.site,
        "region": stop.region,
        "country": stop.country,
        "topics": topic_labels(stop),
        "people": ", ".join(stop.people),
        "summary": stop.summary,
        "leg": arrival_summary(route, stop, shown_ids),
        "confidence": confidence_label(stop),
        "sources": [{"outlet": s.outlet, "title": s.title, "url": s.url} for s in stop.sources],
    }


def _bearing(a: LatLon, b: LatLon) -> float:
    """Initial compass bearing from a to b, degrees clockwise from north."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlon = math.radians(b.lon - a.lon)
    x = math.sin(dlon) * math.cos(lat2)
    y = math.cos(lat1) * math.sin(lat2) - math.sin(lat1) * math.cos(lat2) * math.cos(dlon)
    return (math.degrees(math.atan2(x, y)) + 360.0) % 360.0


def _approx_km(a: LatLon, b: LatLon) -> float:
    # Equirectangular is plenty for spacing arrows; distances shown come from route.py.
    x = math.radians(b.lon - a.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    y = math.radians(b.lat - a.lat)
    return 6371.0 * math.hypot(x, y)


def direction_arrows(points: Sequence[LatLon], spacing_km: float) -> list[list[float]]:
    """[lat, lon, bearing] every ``spacing_km`` along a line (at least one, mid-way)."""
    if len(points) < 2:
        return []
    steps = [_approx_km(a, b) for a, b in pairwise(points)]
    total = sum(steps)
    if total <= 0:
        return []
    # Short legs get one arrow half-way; legs far shorter than the spacing get none
    # (a 10,000-stop journey would otherwise carry 10,000 arrows).
    if total < spacing_km / 4:
        return []
    count = max(1, round(total / spacing_km))
    targets = [total * (k + 0.5) / count for k in range(count)]
    arrows: list[list[float]] = []
    walked = 0.0
    segment = 0
    for target in targets:
        while segment < len(steps) - 1 and walked + steps[segment] < target:
            walked += steps[segment]
            segment += 1
        a, b = points[segment], points[segment + 1]
        share = (target - walked) / steps[segment] if steps[segment] else 0.0
        arrows.append(
            [
                round(a.lat + (b.lat - a.lat) * share, 5),
                round(a.lon + (b.lon - a.lon) * share, 5),
                round(_bearing(a, b), 1),
            ]
        )
    return arrows


def _leg_entry(
    leg: RouteLeg,
    points: Sequence[LatLon],
    reconstructed: bool,
    arrow_spacing_km: float,
    *,
    named: bool = True,
) -> dict[str, Any]:
    label = leg.label if named else f"{leg.mode.capitalize()} leg"
    tip = f"{label}: {format_km(leg.km)} by {leg.mode}"
    if reconstructed and leg.mode == "rail":
        tip += " (reconstructed route)"
    if leg.mode == "road":
        tip += " (straight line; road not traced)"
    return {
        "mode": leg.mode,
        "points": [[round(p.lat, 5), round(p.lon, 5)] for p in points],
        "tip": tip,
        "arrows": direction_arrows(points, arrow_spacing_km),
    }


def display_geometry(route: RouteSummary) -> tuple[tuple[LatLon, ...], ...]:
    """What is drawn for each leg: at most DISPLAY_TOLERANCE_M off the full geometry.

    Distances always come from the full geometry (route.py); this only thins vertices
    that would fall within a pixel at any zoom a journey is read at.
    """
    return simplify_lines([leg.points for leg in route.legs], DISPLAY_TOLERANCE_M)


@dataclass(frozen=True, slots=True)
class RouteRun:
    """Consecutive legs of one mode that meet end to start, drawn as one polyline.

    ``points`` joins the legs' display geometry, each shared end vertex once;
    ``leg_starts[k]`` is the index in ``points`` of leg ``first_leg + k``'s first
    vertex (its last vertex is the next leg's start, or the run's last point).
    Every leg boundary is a vertex of the run, so a playback prefix ending at a
    leg boundary is exactly ``points[: leg_starts[k] + 1]``.
    """

    mode: str
    first_leg: int
    points: tuple[LatLon, ...]
    leg_starts: tuple[int, ...]


def route_runs(modes: Sequence[str], lines: Sequence[Sequence[LatLon]]) -> tuple[RouteRun, ...]:
    """Join legs (their modes and display lines) into runs; see :class:`RouteRun`."""
    runs: list[RouteRun] = []
    mode = ""
    first = 0
    points: list[LatLon] = []
    starts: list[int] = []
    for index, (leg_mode, line) in enumerate(zip(modes, lines, strict=True)):
        joins = bool(points) and leg_mode == mode and bool(line) and line[0] == points[-1]
        if not joins:
            if starts:
                runs.append(RouteRun(mode, first, tuple(points), tuple(starts)))
            mode, first, points, starts = leg_mode, index, [], []
        starts.append(len(points) - 1 if joins else 0)
        points.extend(line[1:] if joins else line)
    if starts:
        runs.append(RouteRun(mode, first, tuple(points), tuple(starts)))
    return tuple(runs)


def _run_entry(run: RouteRun, arrows: list[list[float]]) -> dict[str, Any]:
    return {
        "mode": run.mode,
        "firstLeg": run.first_leg,
        "points": [[round(p.lat, 5), round(p.lon, 5)] for p in run.points],
        "legStarts": list(run.leg_starts),
        "arrows": arrows,
    }


def city_labels(stops: Sequence[Stop]) -> list[list[Any]]:
    """One label per place the stops name ('Vladivostok: frigate' -> 'Vladivostok'), with
    the indices of its stops: a label shows only while one of them does."""
    labels: dict[str, tuple[LatLon, list[int]]] = {}
    for index, stop in enumerate(stops):
        place = re.sub(r"\s*\([^)]*\)\s*$", "", stop.name.split(":")[0]).strip()
        if place:
            labels.setdefault(place, (stop.point, []))[1].append(index)
    return [[name, point.lat, point.lon, indices] for name, (point, indices) in labels.items()]


def journey_config(
    journey: Journey,
    route: RouteSummary,
    assets: Assets,
    *,
    stops: Sequence[Stop] | None = None,
    in_app: bool = True,
) -> dict[str, Any]:
    """Everything the browser needs to draw the journey, computed once per journey.

    ``stops`` limits what the page holds (an export of the visible stops carries no text
    of the others: route tooltips then name no stop). ``in_app``: the details panel
    beside the map has each stop's details, so popups are brief; a standalone page
    carries the details in its popups instead.
    """
    shown = journey.stops if stops is None else tuple(stops)
    partial = len(shown) != len(journey.stops)
    compact = len(shown) > DETAIL_LIMIT
    total_km = route.rail_km + route.road_km
    spacing = max(ARROW_SPACING_KM, total_km / MAX_ARROWS)
    used = [topic.key for topic in TOPICS if any(topic.key in s.topics for s in shown)]
    geometry = display_geometry(route)
    with_details = not in_app and not compact
    return {
        "stops": [_stop_entry(stop, compact) for stop in shown],
        "topicKeys": list(TOPIC_KEYS),
        "details": [_stop_details(stop, route, {s.id for s in shown}) for stop in shown]
        if with_details
        else None,
        "detailsHint": DETAILS_HINT if in_app else None,
        "canvasMarkers": len(shown) > CANVAS_LIMIT,
        "styles": {
            topic.key: {
                "colour": topic.colour,
                "shape": topic.shape,
                "shapeName": topic.shape_name,
                "label": topic.label,
            }
            for topic in TOPICS
        },
        "legend": used,
        "legCount": len(route.legs),
        # Small journeys: one line per leg, with its tooltip. Big ones: one canvas line per
        # run of same-mode legs (10,000 leg layers made panning slow), no per-leg tooltips.
        "legs": []
        if compact
        else [
            _leg_entry(leg, points, route.reconstructed, spacing, named=not partial)
            for leg, points in zip(route.legs, geometry, strict=True)
        ],
        "runs": None
        if not compact
        else [
            _run_entry(
                run,
                [
                    arrow
                    for points in geometry[run.first_leg : run.first_leg + len(run.leg_starts)]
                    for arrow in direction_arrows(points, spacing)
                ],
            )
            for run in route_runs([leg.mode for leg in route.legs], geometry)
        ],
        "labels": city_labels(shown)[:MAX_LABELS],
        "lazy": {"js": list(assets.lazy_js), "css": list(assets.lazy_css)},
        "basemap": {
            "tilesLabel": TILES_LABEL,
            "countries": assets.data.get("countries"),
            "attribution": NATURAL_EARTH_ATTRIBUTION,
            "tileWaitMs": TILE_WAIT_MS,
        },
    }


def journey_bounds(journey: Journey, route: RouteSummary) -> tuple[LatLon, LatLon]:
    points: list[LatLon] = [stop.point for stop in journey.stops]
    points.extend(point for leg in route.legs for point in leg.points)
    lats = [p.lat for p in points]
    lons = [p.lon for p in points]
    return LatLon(min(lats), min(lons)), LatLon(max(lats), max(lons))


def build_base_map(
    journey: Journey,
    route: RouteSummary,
    *,
    assets: Assets | None = None,
    tiles: str | None = "OpenStreetMap",
    config_json: str | None = None,
    config_url: str | None = None,
) -> ItineraryMap:
    """The part of the map that never changes while a person filters, clicks and plays.

    ``config_json`` is ``script_json(journey_config(...))``, precomputed by callers
    that cache it (the app does, per journey file): big journeys cost real time here.
    With ``config_url`` (from ``publish_config``) the page fetches the configuration
    instead and carries none of it; ``config_json`` is then ignored.
    """
    assets = assets or Assets.cdn()
    south_west, north_east = journey_bounds(journey, route)
    centre = LatLon((south_west.lat + north_east.lat) / 2, (south_west.lon + north_east.lon) / 2)
    fmap = ItineraryMap(
        assets, location=list(centre), zoom_start=5, tiles=tiles, control_scale=False
    )
    root: Any = fmap.get_root()
    if assets.inline_html:
        root.header.add_child(Element(assets.inline_html), name="inline_assets")
    if not assets.library_included:
        style = MAP_STYLE.read_text(encoding="utf-8")
        root.header.add_child(Element(f"<style>\n{style}</style>"), name="itinerary_style")
    if assets.image_path:
        ImagePath(assets.image_path).add_to(fmap)
    # Room at the bottom for the basemap status and legend boxes, so no stop hides under them.
    fmap.fit_bounds(
        [list(south_west), list(north_east)],
        padding_top_left=(30, 30),
        padding_bottom_right=(30, 110),
    )
    with_library = not assets.library_included
    if config_url is not None:
        JourneyLayer("load", script_json(config_url), with_library=with_library).add_to(fmap)
    else:
        if config_json is None:
            config_json = script_json(journey_config(journey, route, assets))
        JourneyLayer("init", config_json, with_library=with_library).add_to(fmap)
    return fmap


def map_state(
    stops: Sequence[Stop],
    stop_filter: StopFilter,
    *,
    selected_id: str | None = None,
    focus: bool = False,
    progress: int | None = None,
    order: tuple[int, int] = (0, 0),
) -> dict[str, Any]:
    """What one rerun tells the map: the stops passing every filter but the topics (the map
    applies the topic rule itself, as it does when the reader changes them in the page),
    the topics, the selection and the playback progress.

    ``order`` is (reset generation, change number) of the topic choice this state was
    computed from: the map keeps a newer choice the reader made in the page meanwhile.
    """
    return {
        "base": encode_mask([stop_filter.accepts_rest(stop) for stop in stops]),
        "topics": sorted(stop_filter.topics),
        "match": stop_filter.match,
        "order": list(order),
        "selected": selected_id,
        "focus": focus,
        "progress": progress,
    }


def build_stop_layer(state: dict[str, Any]) -> folium.FeatureGroup:
    """The per-rerun state, as one group streamlit-folium swaps without reloading the map."""
    group = folium.FeatureGroup(name="Stop state", control=False)
    StopState(state).add_to(group)
    return group


def visible_mask(stops: Sequence[Stop], state: dict[str, Any]) -> list[bool]:
    """Which stops a state shows, by the map's own rule (for tests and the export)."""
    stop_filter = StopFilter(topics=frozenset(state["topics"]), match=state["match"])
    base = decode_mask(state["base"], len(stops))
    return [
        shown and stop_filter.accepts_topics(stop) for stop, shown in zip(stops, base, strict=True)
    ]


def standalone_map(
    journey: Journey,
    route: RouteSummary,
    stops: Iterable[Stop],
    *,
    assets: Assets | None = None,
    tiles: str | None = "OpenStreetMap",
    in_app: bool = False,
) -> ItineraryMap:
    """The map of a page of its own: the route, the given stops (all shown) and nothing of
    the others. ``in_app``: as in :func:`journey_config` (True for a page whose own panel
    shows the details: itinerary.views.publish)."""
    assets = assets or Assets.cdn()
    shown = tuple(stops)
    config_json = script_json(journey_config(journey, route, assets, stops=shown, in_app=in_app))
    fmap = build_base_map(journey, route, assets=assets, tiles=tiles, config_json=config_json)
    build_stop_layer(map_state(shown, StopFilter())).add_to(fmap)
    return fmap


def standalone_html(
    journey: Journey,
    route: RouteSummary,
    stops: Iterable[Stop],
    *,
    assets: Assets | None = None,
    tiles: str | None = "OpenStreetMap",
) -> str:
    """A complete HTML page with the route and the given stops, and nothing of the others."""
    fmap = standalone_map(journey, route, stops, assets=assets, tiles=tiles)
    root: Any = fmap.get_root()
    # branca puts the title into <title> unescaped; braces would reach Jinja.
    root.title = html.escape(journey.title).replace("{", "&#123;")
    page: str = root.render()
    return page
