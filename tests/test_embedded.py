"""Assets embedded in a standalone page: every vendored file inline, from the checkout's
copies or an installed package's, else the CDN with a note that the page needs internet."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from itinerary.views import assets as assets_module
from itinerary.views.assets import VENDOR_DIR, VENDOR_FILES, cdn_assets
from itinerary.views.embedded import inline_assets, standalone_assets


def test_the_inline_bundle_has_no_external_reference() -> None:
    assets = inline_assets()
    assert assets is not None and assets.inline_html
    # Nothing is loaded from elsewhere (Leaflet's own attribution *link* is fine).
    assert not re.search(r"""src=["']https?:|<link[^>]+href=["']https?:""", assets.inline_html)
    # Images in the CSS are data: URIs, never relative paths that would break off the server.
    assert 'url("data:image/png;base64,' in assets.inline_html
    assert assets.data == {"countries": "#itin-data-countries"}
    assert assets.inline_html.count("</script>") == assets.inline_html.count("<script")
    # A standalone page has no server to load plugins from later: every script is inline.
    scripts = sum(entry.kind in ("js", "data") for entry in VENDOR_FILES)
    assert assets.inline_html.count("<script") == scripts
    assert (assets.lazy_js, assets.lazy_css, assets.library_included) == ((), (), False)


def test_an_installed_package_finds_its_bundled_copies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As in a wheel: no checkout beside the package, the files in itinerary/views/vendor.
    bundled = tmp_path / "bundled"
    shutil.copytree(VENDOR_DIR, bundled)
    monkeypatch.setattr(assets_module, "VENDOR_DIR", tmp_path / "no-checkout")
    monkeypatch.setattr(assets_module, "BUNDLED_VENDOR_DIR", bundled)
    assert assets_module.local_vendor_dir() == bundled
    assets, note = standalone_assets()
    assert note is None and assets.inline_html and "Leaflet 1.9.4" in assets.inline_html


def test_without_local_copies_the_export_says_it_needs_internet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(assets_module, "VENDOR_DIR", tmp_path / "no-checkout")
    monkeypatch.setattr(assets_module, "BUNDLED_VENDOR_DIR", tmp_path / "not-bundled")
    assets, note = standalone_assets()
    assert assets == cdn_assets()
    assert note is not None and "make assets" in note and "internet" in note
