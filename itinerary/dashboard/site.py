"""Where the dashboard runs from: the checkout, or a folder made from the installed package.

Streamlit runs a script file and serves the ``static/`` folder beside it (the map's
libraries, and the bundles and journey data the app publishes there). In a checkout that
is the repository itself. An installed wheel carries the same files as package data
(``itinerary/site/``: ``app.py``, ``.streamlit/config.toml``, the shipped journeys;
``itinerary/views/vendor/``: the libraries), and ``itinerary serve`` copies them into a
fresh folder it can write to, so the package's own files are never written.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from itinerary.views.assets import BUNDLED_VENDOR_DIR, PROJECT_ROOT

PACKAGED_SITE: Final = Path(__file__).resolve().parents[1] / "site"
SITE_FILES: Final = ("app.py", ".streamlit/config.toml")


def checkout_site(root: Path = PROJECT_ROOT) -> Path | None:
    """The repository, when the package runs from one (its app.py beside the package)."""
    return root if (root / "app.py").is_file() and (root / "itinerary").is_dir() else None


def make_site(
    target: Path, packaged: Path = PACKAGED_SITE, vendor: Path = BUNDLED_VENDOR_DIR
) -> Path:
    """Lay out a runnable site in ``target`` from the installed package's copies."""
    if not (packaged / "app.py").is_file():
        raise FileNotFoundError(
            f"the dashboard's files are not installed with this package ({packaged}); "
            "build the wheel from a checkout (it adds them)"
        )
    for name in SITE_FILES:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(packaged / name, target / name)
    shutil.copytree(packaged / "data", target / "data", dirs_exist_ok=True)
    if vendor.is_dir():  # without it the page loads the libraries from a CDN, and says so
        shutil.copytree(vendor, target / "static" / "vendor", dirs_exist_ok=True)
    return target


def streamlit_command(site: Path, port: int, data: Path | None, host: str) -> list[str]:
    """The command that serves ``site``'s app (run it with ``site`` as the working folder,
    so Streamlit reads the site's .streamlit/config.toml)."""
    command = [
        sys.executable, "-m", "streamlit", "run", str(site / "app.py"),
        "--server.port", str(port), "--server.address", host,
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    extra: Sequence[str] = ("--", "--data", str(data.resolve())) if data is not None else ()
    return [*command, *extra]
