"""What the dashboard serves from its ``static/`` folder: the map's bundle, the page's
modules and stylesheet, each published under a name taken from its content.

What the map needs to draw its stops (Leaflet, the cluster plugin, the map library and
their styles) is served as one bundle: streamlit-folium loads a map's scripts one after
another, so every separate file would add a round trip before the first stop appears.
The plugins that can wait come from the vendored copies, loaded by the map library once
the stops are drawn. A checkout that cannot be written gets the separate files instead.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Final

from itinerary.fileio import atomic_write
from itinerary.views.assets import (
    DASHBOARD_STYLE,
    MAP_LIBRARY,
    MAP_STYLE,
    SKIP_LINK_MODULE,
    STATIC_DIR,
    STATIC_URL,
    STATIC_URL_PREFIX,
    TOPIC_FILTER_MODULE,
    VENDOR_DIR,
    VENDOR_FILES,
    Assets,
    VendorFile,
    linked_assets,
    local_vendor_dir,
    missing_files,
)
from itinerary.views.embedded import inline_css

# Files the app publishes next to the vendored ones, named by their content.
BUNDLES_FOLDER: Final = "bundles"
_HASH_CHARS: Final = 20


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

    separate = linked_assets(url, image_path=f"{STATIC_URL_PREFIX}/leaflet/images/")
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
        f"{_run_module(url)}}}\n"
    )


def skip_link_script(static_dir: Path = STATIC_DIR) -> str:
    """The "skip to the list of stops" component's JavaScript: a loader of the published
    module, or the module itself if read-only."""
    url = _module_url(SKIP_LINK_MODULE, static_dir)
    if url is None:
        return SKIP_LINK_MODULE.read_text(encoding="utf-8")
    return f"export default async function (component) {{\n{_run_module(url)}}}\n"


def _run_module(url: str) -> str:
    # A component's body: import the module once published, hand it the component.
    return (
        f"  const module = await import(new URL({json.dumps(url)}, location.href).href);\n"
        "  return module.default(component);\n"
    )


def topic_filter_module(static_dir: Path = STATIC_DIR) -> str | None:
    """URL of the topic filter's browser module, published like the bundle; None if read-only."""
    return _module_url(TOPIC_FILTER_MODULE, static_dir)


def _module_url(module: Path, static_dir: Path) -> str | None:
    try:
        return publish(module.read_bytes(), static_dir, BUNDLES_FOLDER, ".mjs")
    except OSError:
        return None
