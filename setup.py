"""Adds the vendored map libraries to the wheel; everything else is in pyproject.toml.

static/vendor/ (fetched by `make assets`, git-ignored) becomes itinerary/views/vendor/ in
the wheel, licences included, so an installed package draws and exports maps that
work offline. Built without it, the package still works and says the page will load
the libraries from a CDN (itinerary.views.assets.standalone_assets).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

VENDOR = Path(__file__).resolve().parent / "static" / "vendor"


class BuildWithVendor(build_py):
    def run(self) -> None:
        # build/ outlives a build: without this, a module deleted or moved since the last
        # wheel (or a stale vendored file) would still be packed into the next one.
        shutil.rmtree(Path(self.build_lib) / "itinerary", ignore_errors=True)
        super().run()
        if self.editable_mode:  # an editable install reads static/vendor in place
            return
        if not (VENDOR / "MANIFEST.json").is_file():
            print(
                "setup.py: static/vendor is missing (run `make assets` first); the wheel "
                "will not carry the map libraries",
                file=sys.stderr,
            )
            return
        target = Path(self.build_lib) / "itinerary" / "views" / "vendor"
        shutil.copytree(VENDOR, target, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithVendor})
