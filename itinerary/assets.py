"""Front-end assets: local copies served by the app, or the CDN as a fallback.

`make assets` installs the npm packages pinned in package-lock.json (npm checks
each tarball's integrity hash) and copies the files listed here, with each
package's licence, into ``static/vendor/``, which Streamlit serves at
``/app/static/vendor/``. Nothing third-party is committed. The standalone HTML
export inlines the same files.

A wheel built after `make assets` carries the same folder as ``itinerary/vendor/``
(setup.py adds it), so an installed package exports maps that work offline. Nothing
here reads npm's files at run time: the pinned versions the CDN fallback needs are
in :data:`VENDOR_PACKAGES`, which set-up and a test hold equal to package-lock.json.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

STATIC_URL_PREFIX: Final = "/app/static/vendor"
PROJECT_ROOT: Final = Path(__file__).resolve().parent.parent
# Where `make assets` puts the files in a checkout (and Streamlit serves them from) ...
VENDOR_DIR: Final = PROJECT_ROOT / "static" / "vendor"
# ... and where an installed wheel carries them.
BUNDLED_VENDOR_DIR: Final = Path(__file__).resolve().parent / "vendor"
MANIFEST_NAME: Final = "MANIFEST.json"
CDN_PREFIX: Final = "https://cdn.jsdelivr.net/npm"

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
    ),
    VendorFile(
        "fullscreen_css",
        "leaflet.fullscreen/dist/Control.FullScreen.css",
        "fullscreen/Control.FullScreen.css",
        "css",
    ),
    VendorFile(
        "minimap", "leaflet-minimap/dist/Control.MiniMap.min.js", "minimap/Control.MiniMap.js", "js"
    ),
    VendorFile(
        "minimap_css",
        "leaflet-minimap/dist/Control.MiniMap.min.css",
        "minimap/Control.MiniMap.css",
        "css",
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


def _urls(kind: str, base: Callable[[VendorFile], str]) -> tuple[tuple[str, str], ...]:
    return tuple((entry.name, base(entry)) for entry in VENDOR_FILES if entry.kind == kind)


def cdn_assets() -> Assets:
    """The same pinned files from a public CDN: the fallback when local copies are missing."""

    def url(entry: VendorFile) -> str:
        package = package_of(entry)
        path = entry.package_path.removeprefix(package + "/")
        return f"{CDN_PREFIX}/{package}@{VENDOR_PACKAGES[package]}/{path}"

    return Assets(
        js=_urls("js", url),
        css=_urls("css", url),
        data={entry.name: url(entry) for entry in VENDOR_FILES if entry.kind == "data"},
    )


def missing_files(vendor_dir: Path | None = None) -> list[str]:
    folder = vendor_dir or local_vendor_dir()
    return [entry.dest for entry in VENDOR_FILES if not (folder / entry.dest).is_file()]


def served_assets(vendor_dir: Path = VENDOR_DIR) -> Assets | None:
    """URLs of the local copies, or None when any file is missing (use the CDN then)."""
    if missing_files(vendor_dir):
        return None

    def url(entry: VendorFile) -> str:
        return f"{STATIC_URL_PREFIX}/{entry.dest}"

    return Assets(
        js=_urls("js", url),
        css=_urls("css", url),
        image_path=f"{STATIC_URL_PREFIX}/leaflet/images/",
        data={entry.name: url(entry) for entry in VENDOR_FILES if entry.kind == "data"},
    )


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


def inline_assets(vendor_dir: Path | None = None) -> Assets | None:
    """Every asset embedded in the page, for a standalone HTML file that works offline."""
    vendor_dir = vendor_dir or local_vendor_dir()
    if missing_files(vendor_dir):
        return None
    parts = []
    inline_data = {}
    for entry in VENDOR_FILES:
        if entry.kind == "css":
            parts.append(f"<style>\n{inline_css(entry, vendor_dir)}\n</style>")
        elif entry.kind == "js":
            source = (vendor_dir / entry.dest).read_text(encoding="utf-8")
            # The HTML parser ends a script block at "</script" wherever it appears.
            source = re.sub(r"</(script)", r"<\\/\1", source, flags=re.IGNORECASE)
            parts.append(f"<script>\n{source}\n</script>")
        elif entry.kind == "data":
            # Raw JSON in an inert script block: a third smaller than a base64 data: URI.
            element_id = f"itin-data-{entry.name}"
            text = (vendor_dir / entry.dest).read_text(encoding="utf-8").replace("</", "<\\/")
            parts.append(f'<script type="application/json" id="{element_id}">{text}</script>')
            inline_data[entry.name] = f"#{element_id}"
    return Assets(js=(), css=(), inline_html="\n".join(parts), data=inline_data)


NOT_BUNDLED: Final = (
    "the map libraries are not installed with this package (build the wheel after "
    "`make assets` to include them), so the page loads them from a CDN and needs internet"
)


def standalone_assets() -> tuple[Assets, str | None]:
    """What a standalone HTML export embeds: every local copy, else the pinned CDN files.

    The second item says why the page needs internet, when it does (None otherwise).
    """
    local = inline_assets()
    return (local, None) if local is not None else (cdn_assets(), NOT_BUNDLED)
