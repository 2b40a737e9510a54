"""Build the Folium map: a static base map and a small per-rerun state layer.

Three rules shape this module (see the stack notes in the README):

* The base map must be byte-identical across reruns, so streamlit-folium keeps
  the same iframe. It carries the whole journey once (every stop, the route,
  basemaps, furniture) and ``itinerary/js/itinerary-map.js``.
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
import hashlib
import html
import json
import math
import os
import re
import tempfile
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any, Final, Literal

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from itinerary.assets import Assets
from itinerary.model import Journey, LatLon, Stop
from itinerary.route import RouteLeg, RouteSummary
from itinerary.simplify import simplify_lines
from itinerary.text import (
    confidence_label,
    format_km,
    format_stop_when,
    leg_summary,
    stop_tooltip,
    topic_labels,
)
from itinerary.topics import TOPICS

MAP_HEIGHT_PX: Final = 620
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
# Streamlit serves ./static at /app/static (server.enableStaticServing); the vendored
# front-end files live under its vendor/ folder (itinerary/assets.py), published
# journey configurations under journeys/.
STATIC_URL: Final = "/app/static"
JOURNEYS_FOLDER: Final = "journeys"
_HASH_CHARS: Final = 20
_LIBRARY: Final = (Path(__file__).parent / "js" / "itinerary-map.js").read_text(encoding="utf-8")
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


_STYLE: Final = """
<style>
.itin-marker { background: none; border: none; }
.itin-marker .shape {
  display: flex; align-items: center; justify-content: center; color: #fff;
  font: 700 12px/1 system-ui, sans-serif; text-shadow: 0 0 2px #000;
}
.itin-marker.selected .shape { outline: 3px solid #ffd400; }
.itin-marker.unconfirmed .shape { opacity: 0.7; }
.itin-marker:focus { outline: 3px solid #1a73e8; outline-offset: 2px; }
.itin-arrow-icon { background: none; border: none; }
.itin-arrow { width: 0; height: 0; margin: 1px auto; border-left: 6px solid transparent;
  border-right: 6px solid transparent; border-bottom: 12px solid #7a0013; opacity: 0.9; }
.itin-city-label { background: none; border: none; white-space: nowrap;
  font: 600 12px/1 system-ui, sans-serif; color: #333; text-shadow: 0 0 3px #fff, 0 0 3px #fff; }
.itin-basemap-status, .itin-legend {
  background: rgba(255, 255, 255, 0.93); padding: 4px 8px; border-radius: 4px;
  font: 12px/1.35 system-ui, sans-serif; box-shadow: 0 1px 4px #0004; max-width: 260px;
}
.itin-legend summary { cursor: pointer; font-weight: 600; }
.itin-legend .row { display: flex; align-items: center; gap: 6px; margin-top: 2px; }
.itin-legend .shape { display: inline-block; flex: none; }
.itin-legend .line { display: inline-block; width: 22px; flex: none;
  border-top: 4px solid #b3001b; }
.itin-legend .line-road { border-top: 3px dashed #555; }
.itin-legend .line-travelled { border-top: 6px solid #e4002b; }
.itin-no-tiles { background: #cfe0ee; }
/* The basemap's land tiles are what the map shows there (a probe sees them, as it saw the
   canvas they replace); Leaflet makes tiles transparent to the pointer by default. */
.leaflet-itinBasemap-pane .leaflet-tile-container { pointer-events: auto; }
.itin-config-status { position: absolute; z-index: 1000; top: 45%; left: 50%;
  transform: translate(-50%, -50%); max-width: 80%; padding: 8px 12px; border-radius: 4px;
  background: rgba(255, 255, 255, 0.95); box-shadow: 0 1px 4px #0004;
  font: 14px/1.4 system-ui, sans-serif; }
.itin-config-error { color: #8a1020; border-left: 4px solid #b3001b; }
.itin-popup h4 { margin: 0 0 4px; font-size: 15px; }
.itin-popup p { margin: 2px 0; }
.itin-popup .muted { color: #555; }
.itin-popup ul { margin: 4px 0 0; padding-left: 18px; }
@media (max-width: 480px) { .itin-legend { display: none; } }
</style>
"""


class JourneyLayer(MacroElement):
    """The JS library and the journey: inline (``init`` with the configuration) or
    fetched (``load`` with the URL ``publish_config`` returned)."""

    _template = Template(
        "{% macro script(this, kwargs) %}{{ this.library }}\n"
        "ItineraryMap.{{ this.method }}({{ this._parent.get_name() }}, {{ this.argument }});"
        "{% endmacro %}"
    )

    def __init__(self, method: Literal["init", "load"], argument_json: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "JourneyLayer"
        self.library = _LIBRARY
        self.method = method
        self.argument = argument_json


def publish_config(config_json: str, directory: Path, url_prefix: str = STATIC_URL) -> str:
    """Write a journey configuration once, content-addressed; return the URL that serves it.

    ``directory`` is the folder served at ``url_prefix`` (the app's ``static/``). The file is
    ``journeys/<first 20 hex digits of its SHA-256>.json``: the same configuration always
    gets the same name (so the base map stays byte-identical across reruns and sessions),
    a changed one a new name (so no browser cache serves a stale journey). It is written to
    a temporary file in the same folder and renamed into place, so a reader sees either
    no file or the whole file; an existing file is left alone.
    """
    data = config_json.encode("utf-8")
    name = f"{hashlib.sha256(data).hexdigest()[:_HASH_CHARS]}.json"
    folder = directory / JOURNEYS_FOLDER
    target = folder / name
    if not target.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide it from a separate server
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    return f"{url_prefix.rstrip('/')}/{JOURNEYS_FOLDER}/{name}"


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


def _stop_entry(stop: Stop, compact: bool) -> dict[str, Any]:
    entry = {
        "id": stop.id,
        "seq": stop.seq,
        "lat": stop.point.lat,
        "lon": stop.point.lon,
        "topic": stop.topics[0],
        "confidence": stop.confidence,
        "tip": stop_tooltip(stop),
    }
    if not compact:  # big journeys: the tooltip (number, name, date) is the popup
        entry |= {"name": stop.name, "when": format_stop_when(stop)}
    return entry


def _stop_details(stop: Stop, route: RouteSummary) -> dict[str, Any]:
    return {
        "site": stop.site,
        "region": stop.region,
        "country": stop.country,
        "topics": topic_labels(stop),
        "people": ", ".join(stop.people),
        "summary": stop.summary,
        "leg": leg_summary(route.leg_into(stop.id)),
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
) -> dict[str, Any]:
    tip = f"{leg.label}: {format_km(leg.km)} by {leg.mode}"
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
    """One label per place the stops name ('Vladivostok: frigate' -> 'Vladivostok')."""
    labels: dict[str, LatLon] = {}
    for stop in stops:
        place = re.sub(r"\s*\([^)]*\)\s*$", "", stop.name.split(":")[0]).strip()
        if place and place not in labels:
            labels[place] = stop.point
    return [[name, point.lat, point.lon] for name, point in labels.items()]


def journey_config(journey: Journey, route: RouteSummary, assets: Assets) -> dict[str, Any]:
    """Everything the browser needs to draw the journey, computed once per journey."""
    stops = journey.stops
    compact = len(stops) > DETAIL_LIMIT
    total_km = route.rail_km + route.road_km
    spacing = max(ARROW_SPACING_KM, total_km / MAX_ARROWS)
    used = [topic.key for topic in TOPICS if any(topic.key in s.topics for s in stops)]
    geometry = display_geometry(route)
    return {
        "stops": [_stop_entry(stop, compact) for stop in stops],
        "details": None if compact else [_stop_details(stop, route) for stop in stops],
        "canvasMarkers": len(stops) > CANVAS_LIMIT,
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
            _leg_entry(leg, points, route.reconstructed, spacing)
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
        "labels": city_labels(stops)[:MAX_LABELS],
        "basemap": {
            "tilesLabel": TILES_LABEL,
            "countries": assets.data.get("countries"),
            "attribution": NATURAL_EARTH_ATTRIBUTION,
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
        assets, location=list(centre), zoom_start=5, tiles=tiles, control_scale=True
    )
    root: Any = fmap.get_root()
    if assets.inline_html:
        root.header.add_child(Element(assets.inline_html), name="inline_assets")
    root.header.add_child(Element(_STYLE), name="itinerary_style")
    if assets.image_path:
        ImagePath(assets.image_path).add_to(fmap)
    # Room at the bottom for the basemap status and legend boxes, so no stop hides under them.
    fmap.fit_bounds(
        [list(south_west), list(north_east)],
        padding_top_left=(30, 30),
        padding_bottom_right=(30, 110),
    )
    if config_url is not None:
        JourneyLayer("load", script_json(config_url)).add_to(fmap)
    else:
        if config_json is None:
            config_json = script_json(journey_config(journey, route, assets))
        JourneyLayer("init", config_json).add_to(fmap)
    return fmap


def build_stop_layer(
    journey: Journey,
    visible_ids: Collection[str],
    selected_id: str | None = None,
    *,
    focus: bool = False,
    progress: int | None = None,
) -> folium.FeatureGroup:
    """The per-rerun state, as one group streamlit-folium swaps without reloading the map.

    ``progress`` is the number of legs travelled so far (playback), or None.
    """
    visible = set(visible_ids)
    state = {
        "visible": encode_mask([stop.id in visible for stop in journey.stops]),
        "selected": selected_id,
        "focus": focus,
        "progress": progress,
    }
    group = folium.FeatureGroup(name="Stop state", control=False)
    StopState(state).add_to(group)
    return group


def standalone_html(
    journey: Journey,
    route: RouteSummary,
    stops: Iterable[Stop],
    *,
    assets: Assets | None = None,
    tiles: str | None = "OpenStreetMap",
) -> str:
    """A complete HTML page with the route and the given stops."""
    fmap = build_base_map(journey, route, assets=assets, tiles=tiles)
    build_stop_layer(journey, [stop.id for stop in stops]).add_to(fmap)
    root: Any = fmap.get_root()
    # branca puts the title into <title> unescaped; braces would reach Jinja.
    root.title = html.escape(journey.title).replace("{", "&#123;")
    page: str = root.render()
    return page
