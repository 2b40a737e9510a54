"""Front-end assets: which files the map's pages load, where each lives, and the CDN fallback.

`make assets` installs the npm packages pinned in package-lock.json (npm checks
each tarball's integrity hash) and copies the files listed here, with each
package's licence, into ``static/vendor/``, which Streamlit serves at
``/app/static/vendor/``. Nothing third-party is committed. The dashboard serves the
local copies (itinerary.views.served); the standalone HTML export embeds them
(itinerary.views.embedded); without them, both fall back to the pinned CDN files here.

A wheel built after `make assets` carries the same folder as ``itinerary/views/vendor/``
(setup.py adds it), so an installed package exports maps that work offline. Nothing
here reads npm's files at run time: the pinned versions the CDN fallback needs are
in :data:`VENDOR_PACKAGES`, which set-up and a test hold equal to package-lock.json.

Each vendored file says when the map needs it: "first" (to draw its stops: bundled by
the dashboard) or "later" (plugins the map library loads once the stops are drawn).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

# Streamlit serves ./static at /app/static (server.enableStaticServing).
STATIC_URL: Final = "/app/static"
STATIC_URL_PREFIX: Final = f"{STATIC_URL}/vendor"
PROJECT_ROOT: Final = Path(__file__).resolve().parents[2]
STATIC_DIR: Final = PROJECT_ROOT / "static"
# Where `make assets` puts the files in a checkout (and Streamlit serves them from) ...
VENDOR_DIR: Final = STATIC_DIR / "vendor"
# ... and where an installed wheel carries them.
BUNDLED_VENDOR_DIR: Final = Path(__file__).resolve().parent / "vendor"
MANIFEST_NAME: Final = "MANIFEST.json"
CDN_PREFIX: Final = "https://cdn.jsdelivr.net/npm"
# The project's own browser code and styles (package data).
MAP_LIBRARY: Final = Path(__file__).parent / "js" / "itinerary-map.js"
MAP_STYLE: Final = Path(__file__).parent / "js" / "itinerary-map.css"
TOPIC_FILTER_MODULE: Final = Path(__file__).parent / "js" / "topic-filter.mjs"
SKIP_LINK_MODULE: Final = Path(__file__).parent / "js" / "skip-link.mjs"
DASHBOARD_STYLE: Final = Path(__file__).parent / "js" / "dashboard.css"

# The npm packages the files below come from, at the versions package-lock.json pins.
VENDOR_PACKAGES: Final[dict[str, str]] = {
    "leaflet": "1.9.4",
    "leaflet-minimap": "3.6.1",
    "leaflet.fullscreen": "5.3.3",
    "leaflet.markercluster": "1.5.3",
    "topojson-client": "3.1.0",
    "world-atlas": "2.0.2",
}


@dataclass(frozen=True)
class Assets:
    """Where the browser gets the map's code from: the CDN, local copies, or the page itself."""

    js: tuple[tuple[str, str], ...]  # loaded in this order before the map script runs
    css: tuple[tuple[str, str], ...]
    # Loaded by the map library once the stops are drawn (plugins that can wait).
    lazy_js: tuple[str, ...] = ()
    lazy_css: tuple[str, ...] = ()
    # Leaflet guesses its image folder from the CSS URL, wrongly inside an iframe
    # (streamlit-folium issue 275); when set, it is told explicitly.
    image_path: str | None = None
    # Assets embedded in the page itself (standalone export).
    inline_html: str | None = None
    # Data files the page loads: name -> URL, or "#element-id" of an inline JSON block.
    data: dict[str, str] = field(default_factory=dict)
    # True when `js` and `css` already carry the map library and its style (the bundle);
    # else the base map embeds them.
    library_included: bool = False

    @classmethod
    def cdn(cls) -> Assets:
        """Leaflet alone from the CDN: the smallest map folium can draw."""
        leaflet = f"{CDN_PREFIX}/leaflet@{VENDOR_PACKAGES['leaflet']}/dist"
        return cls(
            js=(("leaflet", f"{leaflet}/leaflet.js"),),
            css=(("leaflet_css", f"{leaflet}/leaflet.css"),),
        )


@dataclass(frozen=True, slots=True)
class VendorFile:
    name: str
    package_path: str  # inside node_modules/
    dest: str  # inside static/vendor/
    kind: Literal["js", "css", "image", "data"]
    # "first": needed to draw the stops (bundled); "later": loaded after they are drawn.
    when: Literal["first", "later"] = "first"


# Every plugin the app may use is listed (and so loaded) from the first render:
# streamlit-folium loads scripts only once per map iframe.
VENDOR_FILES: Final[tuple[VendorFile, ...]] = (
    VendorFile("leaflet", "leaflet/dist/leaflet.js", "leaflet/leaflet.js", "js"),
    VendorFile("leaflet_css", "leaflet/dist/leaflet.css", "leaflet/leaflet.css", "css"),
    VendorFile(
        "fullscreen",
        "leaflet.fullscreen/dist/Control.FullScreen.umd.js",
        "fullscreen/Control.FullScreen.js",
        "js",
        "later",
    ),
    VendorFile(
        "fullscreen_css",
        "leaflet.fullscreen/dist/Control.FullScreen.css",
        "fullscreen/Control.FullScreen.css",
        "css",
        "later",
    ),
    VendorFile(
        "minimap",
        "leaflet-minimap/dist/Control.MiniMap.min.js",
        "minimap/Control.MiniMap.js",
        "js",
        "later",
    ),
    VendorFile(
        "minimap_css",
        "leaflet-minimap/dist/Control.MiniMap.min.css",
        "minimap/Control.MiniMap.css",
        "css",
        "later",
    ),
    VendorFile(
        "minimap_toggle",
        "leaflet-minimap/dist/images/toggle.svg",
        "minimap/images/toggle.svg",
        "image",
    ),
    VendorFile(
        "minimap_toggle_png",
        "leaflet-minimap/dist/images/toggle.png",
        "minimap/images/toggle.png",
        "image",
    ),
    # Stops that would hide each other at the current zoom are drawn as one cluster, and
    # stops at the same place spread out ("spiderfy") when their cluster is opened.
    VendorFile(
        "markercluster",
        "leaflet.markercluster/dist/leaflet.markercluster.js",
        "markercluster/leaflet.markercluster.js",
        "js",
    ),
    VendorFile(
        "markercluster_css",
        "leaflet.markercluster/dist/MarkerCluster.css",
        "markercluster/MarkerCluster.css",
        "css",
    ),
    VendorFile(
        "topojson",
        "topojson-client/dist/topojson-client.min.js",
        "topojson/topojson-client.js",
        "js",
        "later",
    ),
    # Natural Earth 1:50m countries (public domain), as TopoJSON: land, coasts and borders.
    VendorFile(
        "countries", "world-atlas/countries-50m.json", "world-atlas/countries-50m.json", "data"
    ),
    *(
        VendorFile(image, f"leaflet/dist/images/{image}", f"leaflet/images/{image}", "image")
        for image in (
            "layers.png",
            "layers-2x.png",
            "marker-icon.png",
            "marker-icon-2x.png",
            "marker-shadow.png",
        )
    ),
)


def package_of(entry: VendorFile) -> str:
    return entry.package_path.split("/")[0]


def local_vendor_dir() -> Path:
    """The folder holding the local copies: the checkout's, else the installed wheel's."""
    if (VENDOR_DIR / MANIFEST_NAME).is_file() or not BUNDLED_VENDOR_DIR.is_dir():
        return VENDOR_DIR
    return BUNDLED_VENDOR_DIR


def _urls(
    kind: str, url: Callable[[VendorFile], str], when: str = "first"
) -> tuple[tuple[str, str], ...]:
    return tuple(
        (entry.name, url(entry))
        for entry in VENDOR_FILES
        if entry.kind == kind and entry.when == when
    )


def linked_assets(url: Callable[[VendorFile], str], image_path: str | None = None) -> Assets:
    """Every vendored file by address (``url`` gives each file's): the first ones for the
    page to load before the map script, the later ones for the map library."""
    return Assets(
        js=_urls("js", url),
        css=_urls("css", url),
        lazy_js=tuple(address for _, address in _urls("js", url, "later")),
        lazy_css=tuple(address for _, address in _urls("css", url, "later")),
        image_path=image_path,
        data={entry.name: url(entry) for entry in VENDOR_FILES if entry.kind == "data"},
    )


def cdn_assets() -> Assets:
    """The same pinned files from a public CDN: the fallback when local copies are missing."""

    def url(entry: VendorFile) -> str:
        package = package_of(entry)
        path = entry.package_path.removeprefix(package + "/")
        return f"{CDN_PREFIX}/{package}@{VENDOR_PACKAGES[package]}/{path}"

    return linked_assets(url)


def missing_files(vendor_dir: Path | None = None) -> list[str]:
    folder = vendor_dir or local_vendor_dir()
    return [entry.dest for entry in VENDOR_FILES if not (folder / entry.dest).is_file()]
