"""Adds the dashboard (app.py, its Streamlit config, the shipped journeys) and the vendored
map libraries to the wheel; everything else is in pyproject.toml.

static/vendor/ (fetched by `make assets`, git-ignored) becomes itinerary/views/vendor/ in
the wheel, licences included, so an installed package draws and exports maps that
work offline. Built without it, the package still works and says the page will load
the libraries from a CDN (itinerary.views.embedded.standalone_assets).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
VENDOR = ROOT / "static" / "vendor"
# The dashboard itself, for `itinerary serve` (itinerary/dashboard/site.py).
SITE_FILES = ("app.py", ".streamlit/config.toml")


class BuildWithVendor(build_py):
    def run(self) -> None:
        # build/ outlives a build: without this, a module deleted or moved since the last
        # wheel (or a stale vendored file) would still be packed into the next one.
        shutil.rmtree(Path(self.build_lib) / "itinerary", ignore_errors=True)
        super().run()
        if self.editable_mode:  # an editable install reads the checkout in place
            return
        site = Path(self.build_lib) / "itinerary" / "site"
        for name in SITE_FILES:
            (site / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / name, site / name)
        (site / "data").mkdir(exist_ok=True)
        for journey in sorted((ROOT / "data").glob("*.yaml")):
            shutil.copyfile(journey, site / "data" / journey.name)
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
