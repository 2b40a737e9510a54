"""Front-end assets: local copies served by the app, or the CDN as a fallback.

`make assets` installs the npm packages pinned in package-lock.json (npm checks
each tarball's integrity hash) and copies the files listed here into
``static/vendor/``, which Streamlit serves at ``/app/static/vendor/``. Nothing
third-party is committed. The standalone HTML export inlines the same files.
"""

from __future__ import annotations

import base64
import json
import mimetypes
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from itinerary.mapview import Assets

STATIC_URL_PREFIX: Final = "/app/static/vendor"
PROJECT_ROOT: Final = Path(__file__).resolve().parent.parent
VENDOR_DIR: Final = PROJECT_ROOT / "static" / "vendor"


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


CDN_PREFIX: Final = "https://cdn.jsdelivr.net/npm"


def _locked_versions() -> dict[str, str]:
    lock = json.loads((PROJECT_ROOT / "package-lock.json").read_text(encoding="utf-8"))
    return {
        path.removeprefix("node_modules/"): info["version"]
        for path, info in lock["packages"].items()
        if path.startswith("node_modules/")
    }


def _urls(kind: str, base: Callable[[VendorFile], str]) -> tuple[tuple[str, str], ...]:
    return tuple((entry.name, base(entry)) for entry in VENDOR_FILES if entry.kind == kind)


def cdn_assets() -> Assets:
    """The same pinned files from a public CDN: the fallback when local copies are missing."""
    versions = _locked_versions()

    def url(entry: VendorFile) -> str:
        package = entry.package_path.split("/")[0]
        path = entry.package_path.removeprefix(package + "/")
        return f"{CDN_PREFIX}/{package}@{versions[package]}/{path}"

    return Assets(
        js=_urls("js", url),
        css=_urls("css", url),
        data={entry.name: url(entry) for entry in VENDOR_FILES if entry.kind == "data"},
    )


def missing_files(vendor_dir: Path = VENDOR_DIR) -> list[str]:
    return [entry.dest for entry in VENDOR_FILES if not (vendor_dir / entry.dest).is_file()]


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


def inline_css(entry: VendorFile, vendor_dir: Path = VENDOR_DIR) -> str:
    """The stylesheet with every relative url(...) replaced by a data: URI."""
    css_path = vendor_dir / entry.dest
    text = css_path.read_text(encoding="utf-8")

    def replace(match: re.Match[str]) -> str:
        target = match.group(1).strip("'\"")
        if target.startswith(("data:", "http:", "https:", "#")):
            return match.group(0)
        file = (css_path.parent / target).resolve()
        return f'url("{_data_uri(file)}")' if file.is_file() else match.group(0)

    return re.sub(r"url\(([^)]+)\)", replace, text)


def inline_assets(vendor_dir: Path = VENDOR_DIR) -> Assets | None:
    """Every asset embedded in the page, for a standalone HTML file that works offline."""
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
