"""Build the Folium map: a static base (tiles, route) and a swappable stop layer.

Two rules shape this module (see the stack notes in the README):

* The base map must be byte-identical across reruns, so streamlit-folium keeps
  the same iframe and only swaps the stop layer; everything that changes with
  the filters lives in :func:`build_stop_layer`.
* folium does not escape text. No stop text goes through folium's Popup or
  Tooltip templates (JavaScript template literals); instead the stops travel as
  one JSON payload, escaped for a <script> context, and the browser builds the
  popups with ``textContent``, so hostile text stays text.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from itinerary.model import Journey, LatLon, Stop
from itinerary.route import RouteSummary
from itinerary.text import (
    confidence_label,
    format_km,
    format_stop_when,
    leg_summary,
    stop_tooltip,
)
from itinerary.topics import TOPICS

CDN_LEAFLET_JS: Final = "https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/leaflet.js"
CDN_LEAFLET_CSS: Final = "https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/leaflet.css"
MAP_HEIGHT_PX: Final = 620
_JINJA_OPENER: Final = re.compile(r"\{(?=[{%#])")


@dataclass(frozen=True)
class Assets:
    """Where the browser gets Leaflet from: the CDN, or local copies served by the app."""

    js: tuple[tuple[str, str], ...]
    css: tuple[tuple[str, str], ...]
    # Leaflet guesses its image folder from the CSS URL, wrongly inside an iframe
    # (streamlit-folium issue 275); when set, it is told explicitly.
    image_path: str | None = None
    # Assets embedded in the page itself (standalone export).
    inline_html: str | None = None
    # Data files the page loads: name -> URL, or "#element-id" of an inline JSON block.
    data: dict[str, str] = field(default_factory=dict)

    @classmethod
    def cdn(cls) -> Assets:
        return cls(js=(("leaflet", CDN_LEAFLET_JS),), css=(("leaflet_css", CDN_LEAFLET_CSS),))


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


_STYLE_TEMPLATE: Final = """
<style>
.itin-marker { background: none; border: none; }
.itin-marker .shape {
  width: 26px; height: 26px; display: flex; align-items: center; justify-content: center;
  color: #fff; font: 700 12px/1 system-ui, sans-serif; text-shadow: 0 0 2px #000;
  box-shadow: 0 0 0 2px #fff;
}
.itin-marker.selected .shape { outline: 3px solid #ffd400; width: 32px; height: 32px; }
.itin-marker.unconfirmed .shape { opacity: 0.75; }
.itin-basemap-notice {
  background: rgba(255, 255, 255, 0.92); padding: 4px 8px; border-radius: 4px;
  font: 12px/1.3 system-ui, sans-serif; max-width: 260px; box-shadow: 0 1px 4px #0004;
}
.itin-no-tiles { background: #eef1f4; }
.itin-popup h4 { margin: 0 0 4px; font-size: 15px; }
.itin-popup p { margin: 2px 0; }
.itin-popup .muted { color: #555; }
.itin-popup ul { margin: 4px 0 0; padding-left: 18px; }
</style>
"""


_MARKER_SCRIPT: Final = r"""
(function () {
  var group = {{ this._parent.get_name() }};
  var styles = {{ this.styles_json }};
  var selected = {{ this.selected_json }};
  var stops = {{ this.stops_json }};
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function safeHref(url) {
    return /^https?:\/\//i.test(url) ? url : null;
  }
  function popup(s) {
    var root = el("div", "itin-popup");
    root.appendChild(el("h4", null, s.seq + ". " + s.name));
    root.appendChild(el("p", "muted", s.site + " · " + s.region + ", " + s.country));
    root.appendChild(el("p", null, s.when));
    root.appendChild(el("p", null, "Topics: " + s.topics));
    if (s.people) { root.appendChild(el("p", null, "People: " + s.people)); }
    root.appendChild(el("p", null, s.summary));
    if (s.leg) { root.appendChild(el("p", "muted", s.leg)); }
    root.appendChild(el("p", "muted", s.confidence));
    var list = el("ul");
    s.sources.forEach(function (src) {
      var item = el("li");
      var href = safeHref(src.url);
      var link = el(href ? "a" : "span", null, src.outlet + ": " + src.title);
      if (href) { link.href = href; link.target = "_blank"; link.rel = "noopener noreferrer"; }
      item.appendChild(link);
      list.appendChild(item);
    });
    root.appendChild(list);
    return root;
  }
  stops.forEach(function (s) {
    var style = styles[s.topic];
    var shape = document.createElement("div");
    shape.className = "shape";
    shape.style.background = style.colour;
    shape.style.clipPath = style.shape === "circle" ? "circle(50%)" : style.shape;
    shape.style.borderRadius = style.shape === "circle" ? "50%" : "0";
    shape.textContent = String(s.seq);
    var classes = "itin-marker topic-" + s.topic + (s.id === selected ? " selected" : "") +
      (s.unconfirmed ? " unconfirmed" : "");
    var size = s.id === selected ? 32 : 26;
    var icon = L.divIcon({className: classes, html: shape.outerHTML,
                          iconSize: [size, size], iconAnchor: [size / 2, size / 2]});
    var marker = L.marker([s.lat, s.lon], {icon: icon, title: s.tip, alt: s.tip,
                                          keyboard: true, riseOnHover: true,
                                          zIndexOffset: s.id === selected ? 1000 : 0});
    marker.bindTooltip(s.tipHtml, {direction: "top", offset: [0, -12]});
    marker.bindPopup(function () { return popup(s); }, {maxWidth: 340});
    marker.itineraryStopId = s.id;
    marker.addTo(group);
  });
})();
"""


class StopMarkers(MacroElement):
    """Numbered, topic-styled markers for a set of stops, built in the browser from JSON."""

    _template = Template("{% macro script(this, kwargs) %}" + _MARKER_SCRIPT + "{% endmacro %}")

    def __init__(self, payload: list[dict[str, Any]], selected_id: str | None) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "StopMarkers"
        self.stops_json = script_json(payload)
        self.selected_json = script_json(selected_id)
        self.styles_json = script_json(
            {topic.key: {"colour": topic.colour, "shape": topic.shape} for topic in TOPICS}
        )


_ROUTE_SCRIPT: Final = r"""
(function () {
  var map = {{ this._parent.get_name() }};
  var legs = {{ this.legs_json }};
  legs.forEach(function (leg) {
    var line = L.polyline(leg.points, {
      color: leg.mode === "rail" ? "#b3001b" : "#555555",
      weight: leg.mode === "rail" ? 4 : 3,
      opacity: 0.85,
      dashArray: leg.mode === "rail" ? null : "6 8",
      className: "itin-route itin-route-" + leg.mode
    });
    line.bindTooltip(leg.tipHtml, {sticky: true});
    line.addTo(map);
  });
})();
"""


class RouteLine(MacroElement):
    """The journey's route, one polyline per leg: rail solid, road dashed."""

    _template = Template("{% macro script(this, kwargs) %}" + _ROUTE_SCRIPT + "{% endmacro %}")

    def __init__(self, payload: list[dict[str, Any]]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "RouteLine"
        self.legs_json = script_json(payload)


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


_TILE_STATUS_SCRIPT: Final = r"""
(function () {
  var map = {{ this._parent.get_name() }};
  var loaded = 0, failed = 0, shown = false;
  var notice = L.control({position: "bottomleft"});
  notice.onAdd = function () {
    var box = L.DomUtil.create("div", "itin-basemap-notice");
    box.setAttribute("role", "status");
    box.textContent = "Basemap unavailable: the tile server cannot be reached. " +
      "The route and stops are drawn without it.";
    return box;
  };
  map.eachLayer(function (layer) {
    if (!(layer instanceof L.TileLayer)) { return; }
    layer.on("tileload", function () { loaded += 1; });
    layer.on("tileerror", function () {
      failed += 1;
      if (!shown && loaded === 0) {
        shown = true;
        notice.addTo(map);
        map.getContainer().classList.add("itin-no-tiles");
      }
    });
  });
})();
"""


class TileStatus(MacroElement):
    """Say so on the map when the tile server cannot be reached (offline laptops, CI)."""

    _template = Template(
        "{% macro script(this, kwargs) %}" + _TILE_STATUS_SCRIPT + "{% endmacro %}"
    )

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "TileStatus"


def _escape_html(text: str) -> str:
    # Leaflet puts tooltip strings into innerHTML: entities keep them as text.
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


def stop_payload(stop: Stop, route: RouteSummary) -> dict[str, Any]:
    tip = stop_tooltip(stop)
    return {
        "id": stop.id,
        "seq": stop.seq,
        "lat": stop.point.lat,
        "lon": stop.point.lon,
        "topic": stop.topics[0],
        "unconfirmed": stop.confidence == "unconfirmed",
        "tip": tip,
        "tipHtml": _escape_html(tip),
        "name": stop.name,
        "site": stop.site,
        "region": stop.region,
        "country": stop.country,
        "when": format_stop_when(stop),
        "topics": ", ".join(stop.topics),
        "people": ", ".join(stop.people),
        "summary": stop.summary,
        "leg": leg_summary(route.leg_into(stop.id)),
        "confidence": confidence_label(stop),
        "sources": [{"outlet": s.outlet, "title": s.title, "url": s.url} for s in stop.sources],
    }


def route_payload(route: RouteSummary) -> list[dict[str, Any]]:
    legs = []
    for leg in route.legs:
        tip = f"{leg.label}: {format_km(leg.km)} by {leg.mode}"
        if route.reconstructed and leg.mode == "rail":
            tip += " (reconstructed route)"
        if leg.mode == "road":
            tip += " (straight line; road not traced)"
        legs.append(
            {
                "mode": leg.mode,
                "points": [[round(p.lat, 5), round(p.lon, 5)] for p in leg.points],
                "tipHtml": _escape_html(tip),
            }
        )
    return legs


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
) -> ItineraryMap:
    """The part of the map that never changes while a person filters and clicks."""
    south_west, north_east = journey_bounds(journey, route)
    centre = LatLon((south_west.lat + north_east.lat) / 2, (south_west.lon + north_east.lon) / 2)
    fmap = ItineraryMap(
        assets or Assets.cdn(),
        location=list(centre),
        zoom_start=5,
        tiles=tiles,
        control_scale=True,
        prefer_canvas=False,
    )
    root: Any = fmap.get_root()
    if assets is not None and assets.inline_html:
        root.header.add_child(Element(assets.inline_html), name="inline_assets")
    root.header.add_child(Element(_STYLE_TEMPLATE), name="itinerary_style")
    if assets is not None and assets.image_path:
        ImagePath(assets.image_path).add_to(fmap)
    fmap.fit_bounds([list(south_west), list(north_east)], padding=(20, 20))
    if tiles is not None:
        TileStatus().add_to(fmap)
    if route.legs:
        RouteLine(route_payload(route)).add_to(fmap)
    return fmap


def build_stop_layer(
    stops: Sequence[Stop], route: RouteSummary, selected_id: str | None = None
) -> folium.FeatureGroup:
    """The markers of the visible stops, as one group streamlit-folium can swap in place."""
    group = folium.FeatureGroup(name="Stops", control=False)
    StopMarkers([stop_payload(stop, route) for stop in stops], selected_id).add_to(group)
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
    build_stop_layer(tuple(stops), route).add_to(fmap)
    root: Any = fmap.get_root()
    # branca puts the title into <title> unescaped; braces would reach Jinja.
    root.title = html.escape(journey.title).replace("{", "&#123;")
    page: str = root.render()
    return page
