"""Assets embedded in the page itself: a standalone HTML file that works offline.

Every vendored file goes inline (scripts made inert for the HTML parser, images in
stylesheets as data: URIs, data files as JSON blocks), so the page needs no server and
no network. Without local copies the page loads the pinned CDN files, and says so.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from itinerary.views.assets import (
    VENDOR_FILES,
    Assets,
    VendorFile,
    cdn_assets,
    local_vendor_dir,
    missing_files,
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
