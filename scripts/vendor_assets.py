"""Copy the pinned front-end files from node_modules/ into static/vendor/.

Run by `make assets` after `npm ci` (which checks every package against the
integrity hashes in package-lock.json). Each package's licence goes beside its
files (``licenses/<package>.txt``), and static/vendor/MANIFEST.json records each
file's package, version and SHA-256, so what is served can be audited. Stops if
npm installed another version than the one itinerary.views.assets pins for the CDN.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from itinerary.views.assets import (  # noqa: E402
    MANIFEST_NAME,
    VENDOR_DIR,
    VENDOR_FILES,
    VENDOR_PACKAGES,
    package_of,
)

LICENSE_NAMES = ("LICENSE", "LICENSE.txt", "LICENSE.md", "LICENCE", "MIT-LICENCE.txt")


def _record(target: Path, package: str) -> dict[str, str]:
    return {
        "package": package,
        "version": VENDOR_PACKAGES[package],
        "sha256": hashlib.sha256(target.read_bytes()).hexdigest(),
    }


def main() -> int:
    node_modules = ROOT / "node_modules"
    for package, pinned in VENDOR_PACKAGES.items():
        installed: str | None = None
        meta = node_modules / package / "package.json"
        if meta.is_file():
            installed = json.loads(meta.read_text(encoding="utf-8")).get("version")
        if installed != pinned:
            print(
                f"vendor_assets: node_modules has {package} {installed}, but "
                f"itinerary/views/assets.py pins {pinned}: change both together "
                "(package.json and VENDOR_PACKAGES)",
                file=sys.stderr,
            )
            return 1
    if VENDOR_DIR.exists():
        shutil.rmtree(VENDOR_DIR)  # nothing stale stays, so a wheel bundles exactly this
    manifest = {}
    for entry in VENDOR_FILES:
        source = node_modules / entry.package_path
        if not source.is_file():
            print(f"vendor_assets: missing {source}; run `npm ci` first", file=sys.stderr)
            return 1
        target = VENDOR_DIR / entry.dest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        manifest[entry.dest] = _record(target, package_of(entry))
    for package in VENDOR_PACKAGES:
        found = [node_modules / package / name for name in LICENSE_NAMES]
        licence = next((path for path in found if path.is_file()), None)
        if licence is None:
            print(f"vendor_assets: no licence file in {node_modules / package}", file=sys.stderr)
            return 1
        dest = f"licenses/{package}.txt"
        (VENDOR_DIR / dest).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(licence, VENDOR_DIR / dest)
        manifest[dest] = _record(VENDOR_DIR / dest, package)
    (VENDOR_DIR / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"vendor_assets: {len(manifest)} files in {VENDOR_DIR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
