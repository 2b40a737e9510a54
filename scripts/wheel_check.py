"""Build the wheel, install it in a fresh virtual environment outside the checkout, use it.

``make wheel-check`` (and so CI) runs this after ``make assets``. It proves that a user
who never clones the repository gets a working ``itinerary`` command: the package
data is in the wheel (the map script, the vendored libraries with their licences,
py.typed), every imported dependency is declared, and nothing is read from the
checkout. Each step prints what it did; the first failure stops the check (exit 1).

The commands run from a folder outside the checkout and import the installed
package; geocoding talks to the Nominatim stand-in of the tests on 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from itinerary.format.loader import load_journey  # noqa: E402
from itinerary.views.assets import VENDOR_PACKAGES  # noqa: E402
from tests.nominatim_server import NominatimServer  # noqa: E402

JOURNEY = ROOT / "data" / "kim-russia-2023.yaml"
GEOCODE_FIXTURE = ROOT / "tests" / "fixtures" / "geocode_basic.yaml"
# The answers the stand-in gives for the fixture's four stops without a location.
PLACES = {
    "Vladivostok station, Primorsky Krai, Russia": (43.1111, 131.8822, "Vladivostok"),
    "Komsomolsk-on-Amur Aircraft Plant": (50.58, 137.023, "KnAAPO, Komsomolsk-on-Amur"),
    "Khabarovsk station, Khabarovsk Krai, Russia": (48.493, 135.087, "Khabarovsk-1"),
    "Knevichi airfield, Primorsky Krai, Russia": (43.398, 132.148, "Knevichi, Artyom"),
}


class CheckFailedError(Exception):
    pass


def step(title: str) -> None:
    print(f"wheel-check: {title}", flush=True)


def run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise CheckFailedError(
            f"{' '.join(command)} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
        )
    return result


def build(work: Path) -> Path:
    step("building the wheel from the checkout")
    dist = work / "dist"
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dist),
         str(ROOT)], cwd=work, env=env)  # fmt: skip
    (wheel,) = dist.glob("itinerary_map-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        # itinerary/site/ is the dashboard's app.py, which setup.py copies in.
        stale = [
            name
            for name in archive.namelist()
            if name.endswith(".py")
            and not name.startswith("itinerary/site/")
            and not (ROOT / name).is_file()
        ]
    if stale:
        raise CheckFailedError(f"the wheel holds modules the checkout does not: {stale}")
    return wheel


def install(work: Path, wheel: Path) -> tuple[Path, dict[str, str]]:
    step(f"installing {wheel.name} into a fresh virtual environment in {work}")
    venv = work / "venv"
    base = getattr(sys, "_base_executable", sys.executable)
    run([base, "-m", "venv", str(venv)], cwd=work, env=dict(os.environ))
    env = {
        key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")
    }
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    started = time.monotonic()
    run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "-c",
         str(ROOT / "constraints.txt"), str(wheel)], cwd=work, env=env)  # fmt: skip
    step(f"installed in {time.monotonic() - started:.0f} s")
    return venv, env


def use(work: Path, venv: Path, env: dict[str, str]) -> None:
    command = str(venv / "bin" / "itinerary")
    python = str(venv / "bin" / "python")

    where = run([python, "-c", "import itinerary, pathlib; p = pathlib.Path(itinerary.__file__)"
                 ".parent; print(p); print((p / 'py.typed').is_file())"], work, env)  # fmt: skip
    package, typed = where.stdout.split()
    if not package.startswith(str(venv)) or typed != "True":
        raise CheckFailedError(f"imported {package} (py.typed: {typed}), not the installed wheel")
    step(f"the package imports from {package}, with py.typed")

    version = run([command, "--version"], work, env).stdout.strip()
    step(f"itinerary --version: {version}")

    data = sorted(str(path) for path in (ROOT / "data").glob("*.yaml"))
    out = run([command, "validate", *data], work, env).stdout
    step(f"itinerary validate data/*.yaml: {out.count(': valid:')} valid")

    page = work / "trip.html"
    result = run([command, "export", str(JOURNEY), "--format", "html", "-o", str(page)], work, env)
    html = page.read_text(encoding="utf-8")
    external = re.findall(r"""<(?:script|link)[^>]+(?:src|href)=["']https?:[^"']+""", html)
    if "needs internet" in result.stderr or external:
        raise CheckFailedError(f"the HTML export is not self-contained: {external[:3]}")
    if "Kim Jong Un" not in html or "Leaflet 1.9.4" not in html:
        raise CheckFailedError("the HTML export lacks the journey or Leaflet")
    step(f"itinerary export --format html: {page.stat().st_size:,} bytes, no external script")

    licences = run(
        [
            python,
            "-c",
            "import itinerary.views.assets as a; print(*sorted(p.name for p in "
            "(a.BUNDLED_VENDOR_DIR / 'licenses').iterdir()))",
        ],
        work,
        env,
    ).stdout.split()
    if licences != sorted(f"{package}.txt" for package in VENDOR_PACKAGES):
        raise CheckFailedError(f"the vendored licences are not all in the wheel: {licences}")
    step(f"vendored libraries bundled with {len(licences)} licences")

    geojson = work / "trip.geojson"
    run([command, "export", str(JOURNEY), "-o", str(geojson)], work, env)
    features = json.loads(geojson.read_text(encoding="utf-8"))["features"]
    step(f"itinerary export -o trip.geojson: {len(features)} features")

    printed = json.loads(run([command, "schema"], work, env).stdout)
    if printed != json.loads((ROOT / "docs" / "itinerary.schema.json").read_text()):
        raise CheckFailedError("itinerary schema differs from docs/itinerary.schema.json")
    step("itinerary schema: the checked-in JSON Schema")

    trip = work / "geocode.yaml"
    shutil.copyfile(GEOCODE_FIXTURE, trip)
    server = NominatimServer()
    for query, (lat, lon, name) in PLACES.items():
        server.add_place(query, lat, lon, name)
    with server.running():
        run([command, "geocode", str(trip), "--user-agent", "itinerary-wheel-check/1.0",
             "--nominatim-url", server.url], work, env)  # fmt: skip
    run([command, "validate", str(trip)], work, env)
    step(f"itinerary geocode (against a stand-in on loopback): {len(server.queries)} requests")


MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
SERVE_START_S = 120.0


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def serve(work: Path, venv: Path, env: dict[str, str]) -> None:
    """`itinerary serve` from the installed package: the map drawn in Chromium, offline."""
    import urllib.request

    from playwright.sync_api import sync_playwright

    port = free_port()
    log = (work / "serve.log").open("wb")
    command = [str(venv / "bin" / "itinerary"), "serve", "--port", str(port), "--host", "127.0.0.1"]
    process = subprocess.Popen(command, cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVE_START_S
        while True:
            if process.poll() is not None:
                raise CheckFailedError(
                    f"itinerary serve exited: {(work / 'serve.log').read_text()}"
                )
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise CheckFailedError("itinerary serve did not answer") from None
                time.sleep(0.3)
        stops = len(load_journey(JOURNEY).stops)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page()
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(url)
                       or r.request.url.startswith(("data:", "blob:")) else r.abort())  # fmt: skip
            page.goto(url, timeout=90_000)
            drawn = page.frame_locator(MAP_IFRAME).locator(f'[data-stops-drawn="{stops}"]')
            drawn.first.wait_for(state="attached", timeout=90_000)
            browser.close()
        step(f"itinerary serve: the dashboard drew {stops} stops in Chromium")
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=30)
        log.close()


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="itinerary-wheel-check-"))
    try:
        wheel = build(work)
        venv, env = install(work, wheel)
        use(work, venv, env)
        serve(work, venv, env)
    except CheckFailedError as error:
        print(f"wheel-check: FAILED: {error}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    step("passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
