"""Front-end assets: local copies, the CDN fallback, and the self-contained export."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from itinerary import assets as assets_module
from itinerary.assets import (
    VENDOR_DIR,
    VENDOR_FILES,
    VENDOR_PACKAGES,
    cdn_assets,
    inline_assets,
    missing_files,
    served_assets,
    standalone_assets,
)
from tests.conftest import ROOT

BASEMAP_BUDGET_BYTES = 1_000_000


def test_every_vendored_file_is_present_after_set_up() -> None:
    # `make test` runs `make assets` first; a missing file here is a broken set-up step.
    assert missing_files() == []
    manifest = json.loads((VENDOR_DIR / "MANIFEST.json").read_text())
    licences = {f"licenses/{package}.txt" for package in VENDOR_PACKAGES}
    assert set(manifest) == {entry.dest for entry in VENDOR_FILES} | licences
    for name in licences:  # shipped with the files (a wheel carries this folder)
        assert "Copyright" in (VENDOR_DIR / name).read_text(encoding="utf-8"), name


def test_served_assets_point_at_the_app_s_static_route() -> None:
    assets = served_assets()
    assert assets is not None
    assert dict(assets.js)["leaflet"] == "/app/static/vendor/leaflet/leaflet.js"
    assert assets.image_path == "/app/static/vendor/leaflet/images/"
    assert assets.data["countries"] == "/app/static/vendor/world-atlas/countries-50m.json"


def test_missing_local_copies_mean_no_served_assets(tmp_path: Path) -> None:
    assert served_assets(tmp_path) is None
    assert "leaflet/leaflet.js" in missing_files(tmp_path)


def test_the_pinned_versions_are_the_locked_ones() -> None:
    # Nothing reads package-lock.json at run time: the pins in assets.py must equal it.
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    assert {
        package: lock[f"node_modules/{package}"]["version"] for package in VENDOR_PACKAGES
    } == VENDOR_PACKAGES
    declared = json.loads((ROOT / "package.json").read_text())["dependencies"]
    assert set(VENDOR_PACKAGES) == set(declared)
    for _, url in cdn_assets().js:
        package, version = re.match(r"https://[^/]+/npm/(.+?)@([^/]+)/", url).groups()  # type: ignore[union-attr]
        assert lock[f"node_modules/{package}"]["version"] == version


def test_the_inline_bundle_has_no_external_reference() -> None:
    assets = inline_assets()
    assert assets is not None and assets.inline_html
    # Nothing is loaded from elsewhere (Leaflet's own attribution *link* is fine).
    assert not re.search(r"""src=["']https?:|<link[^>]+href=["']https?:""", assets.inline_html)
    # Images in the CSS are data: URIs, never relative paths that would break off the server.
    assert 'url("data:image/png;base64,' in assets.inline_html
    assert assets.data == {"countries": "#itin-data-countries"}
    assert assets.inline_html.count("</script>") == assets.inline_html.count("<script")


def test_the_offline_basemap_stays_under_its_budget() -> None:
    basemap = [e for e in VENDOR_FILES if e.name in ("countries", "topojson")]
    size = sum((VENDOR_DIR / entry.dest).stat().st_size for entry in basemap)
    assert size < BASEMAP_BUDGET_BYTES, f"the offline basemap adds {size:,} bytes"


def test_an_installed_package_finds_its_bundled_copies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As in a wheel: no checkout beside the package, the files in itinerary/vendor.
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
