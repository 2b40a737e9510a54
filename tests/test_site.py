"""Where `itinerary serve` runs the dashboard from: the checkout, or a site laid out from
the installed package's copies."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from itinerary.dashboard.site import checkout_site, make_site, streamlit_command
from tests.conftest import ROOT


def test_a_checkout_runs_in_place() -> None:
    assert checkout_site(ROOT) == ROOT


def test_a_folder_without_the_app_is_no_checkout(tmp_path: Path) -> None:
    (tmp_path / "itinerary").mkdir()
    assert checkout_site(tmp_path) is None


def packaged_copy(tmp_path: Path) -> Path:
    """What setup.py puts in a wheel's itinerary/site/."""
    site = tmp_path / "package-site"
    (site / ".streamlit").mkdir(parents=True)
    (site / "data").mkdir()
    (site / "app.py").write_text((ROOT / "app.py").read_text())
    (site / ".streamlit" / "config.toml").write_text(
        (ROOT / ".streamlit" / "config.toml").read_text()
    )
    for journey in (ROOT / "data").glob("*.yaml"):
        (site / "data" / journey.name).write_bytes(journey.read_bytes())
    return site


def test_an_installed_package_lays_out_a_site_with_its_libraries(tmp_path: Path) -> None:
    vendor = tmp_path / "vendor"
    (vendor / "leaflet").mkdir(parents=True)
    (vendor / "leaflet" / "leaflet.js").write_text("// leaflet")
    target = make_site(tmp_path / "site", packaged_copy(tmp_path), vendor)
    assert (target / "app.py").read_text() == (ROOT / "app.py").read_text()
    assert "enableStaticServing = true" in (target / ".streamlit" / "config.toml").read_text()
    assert sorted(p.name for p in (target / "data").iterdir()) == sorted(
        p.name for p in (ROOT / "data").glob("*.yaml")
    )
    assert (target / "static" / "vendor" / "leaflet" / "leaflet.js").is_file()


def test_a_site_without_libraries_still_runs(tmp_path: Path) -> None:
    target = make_site(tmp_path / "site", packaged_copy(tmp_path), tmp_path / "no-vendor")
    assert (target / "app.py").is_file()
    assert not (target / "static").exists()  # the app falls back to the CDN and says so


def test_a_package_without_the_dashboards_files_says_how_to_get_them(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="build the wheel from a checkout"):
        make_site(tmp_path / "site", tmp_path / "nothing", tmp_path / "no-vendor")


@pytest.mark.parametrize(
    ("data", "tail"),
    [(None, ["false"]), (Path("trip.yaml"), ["--", "--data", str(Path("trip.yaml").resolve())])],
    ids=["the shipped journeys", "a file shown first"],
)
def test_the_streamlit_command(data: Path | None, tail: list[str]) -> None:
    command = streamlit_command(Path("/site"), 8600, data, "127.0.0.1")
    assert command[:5] == [sys.executable, "-m", "streamlit", "run", "/site/app.py"]
    assert command[5:7] == ["--server.port", "8600"]
    assert command[-len(tail) :] == tail
