"""Copy the pinned front-end files from node_modules/ into static/vendor/.

Run by `make assets` after `npm ci` (which checks every package against the
integrity hashes in package-lock.json). Writes static/vendor/MANIFEST.json with
each file's package version and SHA-256, so what is served can be audited.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from itinerary.assets import VENDOR_DIR, VENDOR_FILES  # noqa: E402


def main() -> int:
    node_modules = ROOT / "node_modules"
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    manifest = {}
    for entry in VENDOR_FILES:
        source = node_modules / entry.package_path
        if not source.is_file():
            print(f"vendor_assets: missing {source}; run `npm ci` first", file=sys.stderr)
            return 1
        target = VENDOR_DIR / entry.dest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        package = entry.package_path.split("/")[0]
        version = lock["packages"].get(f"node_modules/{package}", {}).get("version")
        manifest[entry.dest] = {
            "package": package,
            "version": version,
            "sha256": hashlib.sha256(target.read_bytes()).hexdigest(),
        }
    (VENDOR_DIR / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"vendor_assets: {len(manifest)} files in {VENDOR_DIR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
