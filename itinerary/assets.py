"""Front-end assets: local copies served by the app, or the CDN as a fallback.

`make assets` installs the npm packages pinned in package-lock.json (npm checks
each tarball's integrity hash) and copies the files listed here into
``static/vendor/``, which Streamlit serves at ``/app/static/vendor/``. Nothing
third-party is committed. The standalone HTML export inlines the same files.
"""

from __future__ import annotations

import base64
import mimetypes
import re
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
    kind: Literal["js", "css", "image"]


VENDOR_FILES: Final[tuple[VendorFile, ...]] = (
    VendorFile("leaflet", "leaflet/dist/leaflet.js", "leaflet/leaflet.js", "js"),
    VendorFile("leaflet_css", "leaflet/dist/leaflet.css", "leaflet/leaflet.css", "css"),
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


def missing_files(vendor_dir: Path = VENDOR_DIR) -> list[str]:
    return [entry.dest for entry in VENDOR_FILES if not (vendor_dir / entry.dest).is_file()]


def served_assets(vendor_dir: Path = VENDOR_DIR) -> Assets | None:
    """URLs of the local copies, or None when any file is missing (use the CDN then)."""
    if missing_files(vendor_dir):
        return None
    return Assets(
        js=tuple(
            (entry.name, f"{STATIC_URL_PREFIX}/{entry.dest}")
            for entry in VENDOR_FILES
            if entry.kind == "js"
        ),
        css=tuple(
            (entry.name, f"{STATIC_URL_PREFIX}/{entry.dest}")
            for entry in VENDOR_FILES
            if entry.kind == "css"
        ),
        image_path=f"{STATIC_URL_PREFIX}/leaflet/images/",
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
    for entry in VENDOR_FILES:
        if entry.kind == "css":
            parts.append(f"<style>\n{inline_css(entry, vendor_dir)}\n</style>")
        elif entry.kind == "js":
            source = (vendor_dir / entry.dest).read_text(encoding="utf-8")
            # The HTML parser ends a script block at "</script" wherever it appears.
            source = re.sub(r"</(script)", r"<\\/\1", source, flags=re.IGNORECASE)
            parts.append(f"<script>\n{source}\n</script>")
    return Assets(js=(), css=(), inline_html="\n".join(parts))
