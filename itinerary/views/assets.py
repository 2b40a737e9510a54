"""Front-end assets: local copies served by the app, or the CDN as a fallback.

`make assets` installs the npm packages pinned in package-lock.json (npm checks
each tarball's integrity hash) and copies the files listed here, with each
package's licence, into ``static/vendor/``, which Streamlit serves at
``/app/static/vendor/``. Nothing third-party is committed. The standalone HTML
export inlines the same files.

A wheel built after `make assets` carries the same folder as ``itinerary/views/vendor/``
(setup.py adds it), so an installed package exports maps that work offline. Nothing
here reads npm's files at run time: the pinned versions the CDN fallback needs are
in :data:`VENDOR_PACKAGES`, which set-up and a test hold equal to package-lock.json.

What the map needs to draw its stops (Leaflet, the cluster plugin, the map library
and their styles) is served as one bundle: streamlit-folium loads a map's scripts one
after another, so every separate file would add a round trip before the first stop
appears. The plugins that can wait (full screen, mini-map, TopoJSON) are loaded by the
map library once the stops are drawn.
"""

from __future__ import annotations

import base64
import hashlib
import json
import mimetypes
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Final, Literal

from itinerary.fileio import atomic_write

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
# Files the app publishes next to the vendored ones, named by their content.
BUNDLES_FOLDER: Final = "bundles"
_HASH_CHARS: Final = 20
# The project's own browser code and styles (package data).
MAP_LIBRARY: Final = Path(__file__).parent / "js" / "itinerary-map.js"
MAP_STYLE: Final = Path(__file__).parent / "js" / "itinerary-map.css"
TOPIC_FILTER_MODULE: Final = Path(__file__).parent / "js" / "topic-filter.mjs"
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
    kind: str, base: Callable[[VendorFile], str], when: str = "first"
) -> tuple[tuple[str, str], ...]:
    return tuple(
        (entry.name, base(entry))
        for entry in VENDOR_FILES
        if entry.kind == kind and entry.when == when
    )


def _later(kind: str, base: Callable[[VendorFile], str]) -> tuple[str, ...]:
    return tuple(url for _, url in _urls(kind, base, "later"))


def cdn_assets() -> Assets:
    """The same pinned files from a public CDN: the fallback when local copies are missing."""

    def url(entry: VendorFile) -> str:
        package = package_of(entry)
        path = entry.package_path.removeprefix(package + "/")
        return f"{CDN_PREFIX}/{package}@{VENDOR_PACKAGES[package]}/{path}"

    return Assets(
        js=_urls("js", url),
        css=_urls("css", url),
        lazy_js=_later("js", url),
        lazy_css=_later("css", url),
        data={entry.name: url(entry) for entry in VENDOR_FILES if entry.kind == "data"},
    )


def missing_files(vendor_dir: Path | None = None) -> list[str]:
    folder = vendor_dir or local_vendor_dir()
    return [entry.dest for entry in VENDOR_FILES if not (folder / entry.dest).is_file()]


def publish(data: bytes, directory: Path, folder: str, suffix: str) -> str:
    """Write ``data`` once, content-addressed, under ``directory/folder``; return its URL.

    ``directory`` is the folder served at ``STATIC_URL`` (the app's ``static/``). The name
    is the first 20 hex digits of the SHA-256 of the content: the same content always gets
    the same name (so a base map naming it stays byte-identical across reruns and
    sessions), changed content a new one (so no browser cache serves a stale copy). An
    existing file is left alone.
    """
    name = f"{hashlib.sha256(data).hexdigest()[:_HASH_CHARS]}{suffix}"
    target = directory / folder / name
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, data)
    return f"{STATIC_URL}/{folder}/{name}"


def _script_text(path: Path) -> str:
    # Each part ends its last statement: concatenated files must not run into each other.
    return path.read_text(encoding="utf-8").rstrip() + "\n;\n"


def map_bundle(vendor_dir: Path | None = None) -> tuple[bytes, bytes]:
    """The scripts and the styles the map needs before its first stop is drawn."""
    folder = vendor_dir or local_vendor_dir()
    first = [entry for entry in VENDOR_FILES if entry.when == "first"]
    scripts = [folder / entry.dest for entry in first if entry.kind == "js"]
    script = "".join(_script_text(path) for path in [*scripts, MAP_LIBRARY])
    styles = [inline_css(entry, folder) for entry in first if entry.kind == "css"]
    style = "\n".join([*styles, MAP_STYLE.read_text(encoding="utf-8")])
    return script.encode("utf-8"), style.encode("utf-8")


def served_assets(
    vendor_dir: Path = VENDOR_DIR, static_dir: Path | None = STATIC_DIR
) -> Assets | None:
    """URLs of the local copies, or None when any file is missing (use the CDN then).

    With a writable ``static_dir`` the first files are published as one bundle with the
    map library; a read-only checkout gets the separate files and the library inline.
    """
    if missing_files(vendor_dir):
        return None

    def url(entry: VendorFile) -> str:
        return f"{STATIC_URL_PREFIX}/{entry.dest}"

    separate = Assets(
        js=_urls("js", url),
        css=_urls("css", url),
        lazy_js=_later("js", url),
        lazy_css=_later("css", url),
        image_path=f"{STATIC_URL_PREFIX}/leaflet/images/",
        data={entry.name: url(entry) for entry in VENDOR_FILES if entry.kind == "data"},
    )
    if static_dir is None:
        return separate
    try:
        script, style = map_bundle(vendor_dir)
        bundle_js = publish(script, static_dir, BUNDLES_FOLDER, ".js")
        bundle_css = publish(style, static_dir, BUNDLES_FOLDER, ".css")
    except OSError:
        return separate  # a read-only checkout: separate files, the library inline
    return replace(
        separate, js=(("map", bundle_js),), css=(("map_css", bundle_css),), library_included=True
    )


def page_style(path: Path = DASHBOARD_STYLE) -> str:
    """A stylesheet as a <style> block for st.html, without its comments: Streamlit's
    page drops a style-only block that holds a CSS comment (seen with 1.67)."""
    css = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
    return f"<style>{css}</style>"


def topic_filter_script(static_dir: Path = STATIC_DIR) -> str:
    """The topic filter component's JavaScript: a loader that imports the published module
    once the map has drawn (or after a moment), so each rerun carries a few lines instead of
    the whole script and the map keeps the main thread; the module itself if read-only."""
    url = topic_filter_module(static_dir)
    if url is None:
        return TOPIC_FILTER_MODULE.read_text(encoding="utf-8")
    return (
        "export default async function (component) {\n"
        "  if (!window.__itinMapDrawn) {\n"
        "    await new Promise((done) => {\n"
        "      addEventListener('itinerary:drawn', done, {once: true});\n"
        "      setTimeout(done, 700);\n"
        "    });\n"
        "  }\n"
        f"  const module = await import(new URL({json.dumps(url)}, location.href).href);\n"
        "  return module.default(component);\n}\n"
    )


def topic_filter_module(static_dir: Path = STATIC_DIR) -> str | None:
    """URL of the topic filter's browser module, published like the bundle; None if read-only."""
    try:
        return publish(TOPIC_FILTER_MODULE.read_bytes(), static_dir, BUNDLES_FOLDER, ".mjs")
    except OSError:
        return None


def _data_uri(path: Path) -> str:
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{media_type};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def inline_css(entry: VendorFile, vendor_dir: Path | None = None) -> str:
    """The stylesheet with every relative url(...) replaced by a data: URI."""
    css_path = (vendor_dir or local_vendor_dir()) / entry.dest
    text = css_path.read_text(encoding="utf-8")

    def replace(match: re.Match[str]) -> str:
        target = match.group(1).strip("'\"")
        if target.startswith(("data:", "http:", "https:", "#")):
            return match.group(0)
        file = (css_path.parent / target).resolve()
        return f'url("{_data_uri(file)}")' if file.is_file() else match.group(0)

    return re.sub(r"url\(([^)]+)\)", replace, text)


def inert_script(source: str) -> str:
    """Script text for an inline <script> block: the HTML parser ends the block at
    "</script" wherever it appears, so it is written "<\\/script" (the same to JavaScript)."""
    return re.sub(r"</(script)", r"<\\/\1", source, flags=re.IGNORECASE)


def inline_assets(
    vendor_dir: Path | None = None, data: Mapping[str, str] | None = None
) -> Assets | None:
    """Every asset embedded in the page, for a standalone HTML file that works offline.

    ``data`` (name -> JSON text) replaces a vendored data file's content, e.g. a lighter
    basemap (itinerary.geo.basemap).
    """
    vendor_dir = vendor_dir or local_vendor_dir()
    if missing_files(vendor_dir):
        return None
    parts = []
    inline_data = {}
    for entry in VENDOR_FILES:
        if entry.kind == "css":
            parts.append(f"<style>\n{inline_css(entry, vendor_dir)}\n</style>")
        elif entry.kind == "js":
            source = inert_script((vendor_dir / entry.dest).read_text(encoding="utf-8"))
            parts.append(f"<script>\n{source}\n</script>")
        elif entry.kind == "data":
            # Raw JSON in an inert script block: a third smaller than a base64 data: URI.
            element_id = f"itin-data-{entry.name}"
            text = (data or {}).get(entry.name)
            if text is None:
                text = (vendor_dir / entry.dest).read_text(encoding="utf-8")
            text = text.replace("</", "<\\/")
            parts.append(f'<script type="application/json" id="{element_id}">{text}</script>')
            inline_data[entry.name] = f"#{element_id}"
    return Assets(js=(), css=(), inline_html="\n".join(parts), data=inline_data)


NOT_BUNDLED: Final = (
    "the map libraries are not installed with this package (build the wheel after "
    "`make assets` to include them), so the page loads them from a CDN and needs internet"
)


def standalone_assets(data: Mapping[str, str] | None = None) -> tuple[Assets, str | None]:
    """What a standalone HTML export embeds: every local copy, else the pinned CDN files.

    The second item says why the page needs internet, when it does (None otherwise).
    ``data``: see :func:`inline_assets`.
    """
    local = inline_assets(data=data)
    return (local, None) if local is not None else (cdn_assets(), NOT_BUNDLED)
