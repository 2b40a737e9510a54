"""Front-end assets: the vendored files, their pinned versions and the CDN fallback."""

from __future__ import annotations

import json
import re

import pytest

from itinerary.views.assets import (
    VENDOR_DIR,
    VENDOR_FILES,
    VENDOR_PACKAGES,
    cdn_assets,
    missing_files,
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


def test_the_pinned_versions_are_the_locked_ones() -> None:
    # Nothing reads package-lock.json at run time: the pins in assets.py must equal it.
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    assert {
        package: lock[f"node_modules/{package}"]["version"] for package in VENDOR_PACKAGES
    } == VENDOR_PACKAGES
    declared = json.loads((ROOT / "package.json").read_text())["dependencies"]
    assert set(VENDOR_PACKAGES) == set(declared)


@pytest.mark.parametrize("part", ["js", "css", "lazy_js", "lazy_css", "data"])
def test_the_cdn_fallback_pins_the_locked_versions(part: str) -> None:
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    field = getattr(cdn_assets(), part)
    urls = field.values() if isinstance(field, dict) else [
        item[1] if isinstance(item, tuple) else item for item in field
    ]  # fmt: skip
    assert urls
    for url in urls:
        found = re.match(r"https://[^/]+/npm/(.+?)@([^/]+)/", url)
        assert found is not None, url
        package, version = found.groups()
        assert lock[f"node_modules/{package}"]["version"] == version


def test_the_offline_basemap_stays_under_its_budget() -> None:
    basemap = [e for e in VENDOR_FILES if e.name in ("countries", "topojson")]
    size = sum((VENDOR_DIR / entry.dest).stat().st_size for entry in basemap)
    assert size < BASEMAP_BUDGET_BYTES, f"the offline basemap adds {size:,} bytes"
