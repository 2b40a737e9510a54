"""What the dashboard serves: the map's bundle, the separate files of a read-only checkout,
the page's modules and stylesheet, each published under a name from its content."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from itinerary.views.assets import (
    DASHBOARD_STYLE,
    MAP_LIBRARY,
    MAP_STYLE,
    STATIC_URL,
    STATIC_URL_PREFIX,
    TOPIC_FILTER_MODULE,
    VENDOR_DIR,
    VENDOR_FILES,
    missing_files,
)
from itinerary.views.served import map_bundle, page_style, served_assets, topic_filter_module

BUNDLE_URL = re.compile(rf"^{STATIC_URL}/bundles/[0-9a-f]{{20}}\.(js|css|mjs)$")


def vendor_urls(kind: str, when: str) -> tuple[str, ...]:
    return tuple(
        f"{STATIC_URL_PREFIX}/{e.dest}" for e in VENDOR_FILES if e.kind == kind and e.when == when
    )


def vendor_text(kind: str, when: str) -> list[str]:
    return [
        (VENDOR_DIR / e.dest).read_text(encoding="utf-8").rstrip()
        for e in VENDOR_FILES
        if e.kind == kind and e.when == when
    ]


def test_served_assets_are_one_bundle_when_static_is_writable(tmp_path: Path) -> None:
    assets = served_assets(VENDOR_DIR, tmp_path)
    assert assets is not None
    (name_js, url_js), (name_css, url_css) = *assets.js, *assets.css
    assert (name_js, name_css, assets.library_included) == ("map", "map_css", True)
    assert BUNDLE_URL.match(url_js) and url_js.endswith(".js"), url_js
    assert BUNDLE_URL.match(url_css) and url_css.endswith(".css"), url_css
    # What is served is what map_bundle builds, under a name from its content.
    script, style = map_bundle()
    for url, content in ((url_js, script), (url_css, style)):
        written = tmp_path / url.removeprefix(STATIC_URL + "/")
        assert written.read_bytes() == content
        assert written.name.startswith(hashlib.sha256(content).hexdigest()[:20])
    # The plugins that can wait are loaded by the map later, from the vendored copies.
    assert assets.lazy_js == vendor_urls("js", "later") != ()
    assert assets.lazy_css == vendor_urls("css", "later") != ()
    assert assets.image_path == f"{STATIC_URL_PREFIX}/leaflet/images/"
    assert assets.data["countries"] == f"{STATIC_URL_PREFIX}/world-atlas/countries-50m.json"
    # The same files give the same URLs (base maps stay byte-identical across sessions),
    # and nothing else is left in the folder.
    assert served_assets(VENDOR_DIR, tmp_path) == assets
    assert sorted(p.name for p in (tmp_path / "bundles").iterdir()) == sorted(
        url.rsplit("/", 1)[1] for url in (url_js, url_css)
    )


def test_the_bundle_holds_what_draws_the_stops_in_order() -> None:
    script, style = (part.decode("utf-8") for part in map_bundle())
    # Leaflet, the cluster plugin, then the map library; each part ends its statement.
    parts = [*vendor_text("js", "first"), MAP_LIBRARY.read_text(encoding="utf-8").rstrip()]
    assert len(parts) >= 3
    assert script == "".join(part + "\n;\n" for part in parts)
    assert "L.markerClusterGroup" in script
    for later in vendor_text("js", "later"):  # full screen, mini-map, TopoJSON wait
        assert later not in script
    # The styles: Leaflet's and the cluster plugin's with their images inlined, then ours.
    assert style.endswith(MAP_STYLE.read_text(encoding="utf-8"))
    assert ".leaflet-cluster-anim" in style and ".leaflet-container" in style
    assert 'url("data:image/png;base64,' in style
    assert not re.search(r"url\((?!\"?data:)[^)#]*\.(png|svg)", style), "a relative image URL"


def test_without_a_static_folder_the_files_are_served_separately() -> None:
    assets = served_assets(VENDOR_DIR, None)
    assert assets is not None
    assert dict(assets.js)["leaflet"] == f"{STATIC_URL_PREFIX}/leaflet/leaflet.js"
    assert tuple(url for _, url in assets.js) == vendor_urls("js", "first")
    assert tuple(url for _, url in assets.css) == vendor_urls("css", "first")
    assert assets.library_included is False  # the base map carries the library then


def test_a_read_only_static_folder_falls_back_to_separate_files(tmp_path: Path) -> None:
    # A path where no folder can be made stands for a read-only checkout (root ignores
    # permission bits, so a chmod would not do).
    blocked = tmp_path / "static"
    blocked.write_text("not a folder")
    assert served_assets(VENDOR_DIR, blocked) == served_assets(VENDOR_DIR, None)
    assert topic_filter_module(blocked) is None


def test_missing_local_copies_mean_no_served_assets(tmp_path: Path) -> None:
    assert served_assets(tmp_path, tmp_path) is None
    assert "leaflet/leaflet.js" in missing_files(tmp_path)


def test_the_topic_filter_module_is_published_like_the_bundle(tmp_path: Path) -> None:
    url = topic_filter_module(tmp_path)
    assert url is not None and BUNDLE_URL.match(url) and url.endswith(".mjs"), url
    assert (tmp_path / url.removeprefix(STATIC_URL + "/")).read_bytes() == (
        TOPIC_FILTER_MODULE.read_bytes()
    )
    assert topic_filter_module(tmp_path) == url


def test_the_page_style_has_no_comments() -> None:
    """Streamlit 1.67 drops a style-only st.html block that holds a CSS comment."""
    style = page_style()
    assert style.startswith("<style>") and style.endswith("</style>")
    assert "/*" not in style and "*/" not in style
    assert "/*" in DASHBOARD_STYLE.read_text(encoding="utf-8")  # there were some to remove
    assert 'iframe[title="streamlit_folium.st_folium"]' in style
