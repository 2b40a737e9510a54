"""Build the Folium map: a static base map and a small per-rerun state layer (their data:
``itinerary.views.mapdata``).

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

import html
import re
import urllib.parse
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final, Literal

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from itinerary.errors import ExportError
from itinerary.filtering import StopFilter
from itinerary.geo.route import RouteSummary
from itinerary.model import Journey, LatLon, Stop
from itinerary.views.assets import MAP_LIBRARY, MAP_STYLE, Assets
from itinerary.views.mapdata import journey_bounds, journey_config, map_state, script_json
from itinerary.views.served import publish

# What streamlit-folium is told; the page's style sizes the map frame to the screen.
MAP_HEIGHT_PX: Final = 560
# Published journey configurations live under static/journeys/ (see publish_config).
JOURNEYS_FOLDER: Final = "journeys"
# folium's viewport tag forbids zooming (maximum-scale=1.0, user-scalable=no): a reader who
# needs larger text on a phone must be able to pinch (WCAG 1.4.4).
_VIEWPORT_TAG: Final = re.compile(r'<meta name="viewport"[^>]*>')
ZOOMABLE_VIEWPORT: Final = (
    '<meta name="viewport" content="width=device-width, initial-scale=1.0" />'
)


class ItineraryMap(folium.Map):
    """A folium Map that loads only what the app uses, from where it is told.

    Assets are set per instance: folium's own ``add_js_link`` mutates the list
    shared by every Map, which would leak one session's choice into another's.
    """

    def __init__(self, assets: Assets, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.default_js = list(assets.js)
        self.default_css = list(assets.css)

    def render(self, **kwargs: Any) -> Any:
        rendered = super().render(**kwargs)  # type: ignore[no-untyped-call]
        # The header folium just wrote for this map, with a viewport that lets readers zoom.
        header: Any = self.get_root().header  # type: ignore[attr-defined]
        name = self.get_name()
        written = header._children.get(name)
        if written is not None:
            text = _VIEWPORT_TAG.sub(ZOOMABLE_VIEWPORT, written.render())
            header.add_child(Element(text), name=name)
        return rendered


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
    ``itinerary.views.served.publish`` for the naming and the atomic write.
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
        fmap.default_js.insert(0, ("early_requests", early_requests_script(config_url, assets)))
        JourneyLayer("load", script_json(config_url), with_library=with_library).add_to(fmap)
    else:
        if config_json is None:
            config_json = script_json(journey_config(journey, route, assets))
        JourneyLayer("init", config_json, with_library=with_library).add_to(fmap)
    return fmap


def early_requests_script(config_url: str, assets: Assets) -> str:
    """A first script, as a ``data:`` URL, that asks for the map's stylesheets and its
    journey at once: streamlit-folium loads a map's scripts one after the other and adds
    the stylesheets and runs the map script only then, so these requests would otherwise
    wait for the bundle. No request of its own (a data URL); the map script takes the
    journey's response from ``window.__itinEarly`` (itinerary-map.js, ``load``)."""
    styles = [href for _, href in assets.css]
    code = (
        "(function(){var h=document.head;"
        f"{script_json(styles)}.forEach(function(u){{var l=document.createElement('link');"
        "l.rel='preload';l.as='style';l.href=u;h.appendChild(l);});"
        "var e=window.__itinEarly=window.__itinEarly||{};"
        f"var p=fetch({script_json(config_url)},{{credentials:'same-origin'}});"
        # Handled here too: offline, it would be an unhandled rejection until the map
        # script takes it (which still sees the failure and says so on the map).
        f"p.catch(function(){{}});e[{script_json(config_url)}]=p;}})();"
    )
    return "data:text/javascript," + urllib.parse.quote(code, safe="")


def build_stop_layer(state: dict[str, Any]) -> folium.FeatureGroup:
    """The per-rerun state, as one group streamlit-folium swaps without reloading the map."""
    group = folium.FeatureGroup(name="Stop state", control=False)
    StopState(state).add_to(group)
    return group


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
    title = html.escape(journey.title).replace("{", "&#123;")
    root.title = title
    page: str = root.render()
    return _as_document(page, title)


def _as_document(page: str, title_html: str) -> str:
    """branca's page as a document a screen reader can find its way in: its language, one
    main landmark holding the map, and a level-one heading (read, not shown: the map is
    the page)."""
    for old in ("<html>", "<body>", "</body>"):
        if page.count(old) != 1:
            raise ExportError(f"the HTML page template changed: {old!r} is not in it once")
    page = page.replace("<html>", '<html lang="en">')
    page = page.replace("<body>", f'<body>\n<main>\n<h1 class="itin-sr-only">{title_html}</h1>')
    return page.replace("</body>", "</main>\n</body>")
