"""Fixtures for the browser tests: a real Streamlit server per data file, one real Chromium.

Nothing here touches the internet. The server listens on a free loopback port; every browser
context routes its requests so that only the app (and data:/blob: URLs) is reachable and
everything else (map tiles) is aborted and recorded. Tests then assert that requests to the
app never fail and that the only console errors are the ones those aborted requests explain.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Dialog,
    Error,
    Frame,
    FrameLocator,
    Page,
    Playwright,
    Request,
    Response,
    Route,
    expect,
    sync_playwright,
)

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "tests" / "artifacts"
FIXTURES = REPO / "tests" / "fixtures"
# The app's python: the venv this test session runs in.
PYTHON = sys.executable

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SERVER_START_TIMEOUT_S = 90.0  # a cold Streamlit import on a slow 2-core machine
SERVER_STOP_TIMEOUT_S = 15.0
FIRST_LOAD_TIMEOUT_MS = 60_000  # first page load: Streamlit bundle, component, Leaflet
ACTION_TIMEOUT_MS = 30_000  # every later wait (reruns, marker swaps)
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
TILE_URL = re.compile(r"^https://tile\.openstreetmap\.org/")

expect.set_options(timeout=ACTION_TIMEOUT_MS)  # assertions wait as long as actions do


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class StreamlitServer:
    """One `streamlit run app.py -- --data FILE` process on loopback."""

    data_file: Path
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def assert_no_traceback(self) -> None:
        log = self.log_text()
        assert not has_traceback(log), f"server log {self.log_path} has a traceback:\n{log}"


# Streamlit 1.67's websocket endpoint logs this when a client leaves while the server is
# closing its socket (seen rarely with test_stclient's protocol clients): a race inside
# Streamlit and Starlette, with no frame of ours. Any other traceback fails the test.
_STREAMLIT_CLOSE_RACE = re.compile(
    r"Exception in ASGI application\nTraceback \(most recent call last\):\n.*?"
    r"starlette\.websockets\.WebSocketDisconnected: "
    r'Cannot call "send" once a close message has been sent\.\n',
    re.DOTALL,
)


def has_traceback(log: str) -> bool:
    def ours(match: re.Match[str]) -> str:
        block = match.group(0)
        return block if "/itinerary/" in block or "app.py" in block else ""

    return "Traceback" in _STREAMLIT_CLOSE_RACE.sub(ours, log)


def _start_server(data_file: Path, log_dir: Path) -> StreamlitServer:
    log_path = log_dir / f"streamlit-{data_file.stem}.log"  # the latest run's log
    return start_streamlit("app.py", ["--data", str(data_file)], data_file, log_path)


def start_streamlit(
    script: str, args: list[str], data_file: Path, log_path: Path
) -> StreamlitServer:
    """`streamlit run SCRIPT -- ARGS` on a free loopback port, once it answers its health check."""
    port = free_port()
    command = [
        PYTHON, "-m", "streamlit", "run", script,
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        "--", *args,
    ]  # fmt: skip
    with log_path.open("wb") as log:  # the child keeps its own descriptor
        process = subprocess.Popen(
            command,
            cwd=REPO,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, killed as a whole
        )
    server = StreamlitServer(data_file, port, process, log_path)
    try:
        _wait_until_healthy(server)
    except BaseException:
        _stop_server(server)
        raise
    return server


def _wait_until_healthy(server: StreamlitServer) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    health = f"{server.url}/_stcore/health"
    while True:
        if server.process.poll() is not None:
            pytest.fail(
                f"streamlit exited with code {server.process.returncode} before it was ready; "
                f"log:\n{server.log_text()}"
            )
        try:
            with urllib.request.urlopen(health, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass  # not listening yet
        if time.monotonic() > deadline:
            pytest.fail(
                f"streamlit was not healthy within {SERVER_START_TIMEOUT_S:.0f} s; "
                f"log:\n{server.log_text()}"
            )
        time.sleep(0.2)  # polling interval, not a wait for readiness


def _stop_server(server: StreamlitServer) -> None:
    if server.process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.process.pid, signal.SIGTERM)
        try:
            server.process.wait(timeout=SERVER_STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait(timeout=SERVER_STOP_TIMEOUT_S)
    else:
        server.process.wait()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def streamlit_server(artifacts_dir: Path) -> Iterator[Callable[[Path], StreamlitServer]]:
    """Factory: ``streamlit_server(path)`` gives the server for that data file.

    One server per data file for the whole session (tests get a fresh browser context, hence
    a fresh Streamlit session, each time). All are stopped at the end, and every server log
    must be free of tracebacks.
    """
    servers: dict[Path, StreamlitServer] = {}

    def serve(data_file: Path) -> StreamlitServer:
        key = Path(data_file).resolve()
        if key not in servers:
            servers[key] = _start_server(key, artifacts_dir)
        return servers[key]

    yield serve

    for server in servers.values():
        _stop_server(server)
    dirty = [server for server in servers.values() if has_traceback(server.log_text())]
    if dirty:
        pytest.fail(
            "server log has a traceback:\n"
            + "\n\n".join(f"--- {s.log_path}\n{s.log_text()}" for s in dirty)
        )


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        message = (
            "Chromium is not installed; the browser tests need Debian's package: "
            "apt-get install -y chromium"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    browser = playwright_instance.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@dataclass
class AppPage:
    """A page on the app in its own offline browser context, with everything it did recorded."""

    server: StreamlitServer
    context: BrowserContext
    page: Page
    aborted: list[str] = field(default_factory=list)  # third-party URLs we refused
    failed_requests: list[str] = field(default_factory=list)
    bad_responses: list[str] = field(default_factory=list)
    console_errors: list[ConsoleMessage] = field(default_factory=list)
    page_errors: list[Error] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    @property
    def map(self) -> FrameLocator:
        return self.page.frame_locator(MAP_IFRAME)

    def map_frame(self) -> Frame:
        """The map iframe's current frame (a fresh lookup: a reloaded iframe is a new frame)."""
        handle = self.page.locator(MAP_IFRAME).element_handle(timeout=ACTION_TIMEOUT_MS)
        frame = handle.content_frame()
        assert frame is not None, "the map iframe has no content frame"
        return frame

    def is_app_url(self, url: str) -> bool:
        return url == self.server.url or url.startswith(self.server.url + "/")

    def unexplained_console_errors(self) -> list[str]:
        """Console errors not caused by a request this test aborted on purpose."""
        unexplained = []
        for message in self.console_errors:
            source = message.location.get("url", "")
            explained = (
                message.text.startswith("Failed to load resource: net::ERR_FAILED")
                and source in self.aborted
                and not self.is_app_url(source)
            )
            if not explained:
                unexplained.append(f"{message.text} (at {message.location})")
        return unexplained

    def assert_healthy(self) -> None:
        """No app request failed or errored, no uncaught error, no unexplained console error."""
        assert self.failed_requests == [], "requests to the app failed"
        assert self.bad_responses == [], "the app answered with an HTTP error"
        assert [str(e) for e in self.page_errors] == [], "uncaught errors in the page"
        assert self.unexplained_console_errors() == [], "unexpected console errors"
        assert self.dialogs == [], "a dialog was opened"


def _open_app(
    browser: Browser,
    server: StreamlitServer,
    viewport: tuple[int, int] = (1400, 1000),
    query: str = "",
    **context_options: Any,
) -> AppPage:
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]}, **context_options
    )
    page = context.new_page()
    app = AppPage(server=server, context=context, page=page)
    page.set_default_timeout(ACTION_TIMEOUT_MS)

    def route(route: Route) -> None:
        url = route.request.url
        if app.is_app_url(url) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            app.aborted.append(url)
            route.abort()

    def on_request_failed(request: Request) -> None:
        if app.is_app_url(request.url):
            app.failed_requests.append(f"{request.method} {request.url}: {request.failure}")

    def on_response(response: Response) -> None:
        if app.is_app_url(response.url) and response.status >= 400:
            app.bad_responses.append(f"{response.status} {response.url}")

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            app.console_errors.append(message)

    def on_page_error(error: Error) -> None:
        app.page_errors.append(error)

    def on_dialog(dialog: Dialog) -> None:
        app.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    context.route("**/*", route)
    context.on("requestfailed", on_request_failed)
    context.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    page.on("dialog", on_dialog)
    page.goto(server.url + (f"/?{query}" if query else ""), timeout=FIRST_LOAD_TIMEOUT_MS)
    return app


@pytest.fixture
def open_app(browser: Browser) -> Iterator[Callable[..., AppPage]]:
    """Factory: ``open_app(server, viewport=(w, h), query="journey=…")`` opens the app in a
    fresh offline context (closed after); 1400×1000 and no query by default. Other keywords
    go to the browser context (``reduced_motion="reduce"``, ``device_scale_factor=2``)."""
    opened: list[AppPage] = []

    def factory(
        server: StreamlitServer,
        *,
        viewport: tuple[int, int] = (1400, 1000),
        query: str = "",
        **context_options: Any,
    ) -> AppPage:
        app = _open_app(browser, server, viewport, query, **context_options)
        opened.append(app)
        return app

    yield factory
    for app in opened:
        app.context.close()


@dataclass
class OfflinePage:
    """A page in a context where every request but the allowed ones fails (the exported
    map, from disk or from a static server): what it did is recorded."""

    page: Page
    aborted: list[str] = field(default_factory=list)
    console_errors: list[ConsoleMessage] = field(default_factory=list)
    page_errors: list[Error] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_healthy(self) -> None:
        """No uncaught error or dialog; console errors only for aborted tile requests; and
        nothing but map tiles was ever requested from the network (no CDN fallback)."""
        assert [str(error) for error in self.page_errors] == []
        assert self.dialogs == [], "a dialog was opened"
        unexplained = [
            f"{message.text} (at {message.location})"
            for message in self.console_errors
            if not (
                message.text.startswith("Failed to load resource: net::ERR_FAILED")
                and TILE_URL.match(message.location.get("url", ""))
            )
        ]
        assert unexplained == []
        assert [url for url in self.aborted if not TILE_URL.match(url)] == [], (
            "the page needs the network"
        )


OpenOffline = Callable[..., OfflinePage]


@pytest.fixture
def open_offline_page(browser: Browser) -> Iterator[OpenOffline]:
    """Factory: ``open_offline_page(url, allowed=("file:", "data:"), viewport=(1200, 900))``
    opens ``url`` where every request not starting with an allowed prefix is aborted."""
    contexts: list[BrowserContext] = []

    def factory(
        url: str,
        *,
        allowed: tuple[str, ...] = ("file:", "data:"),
        viewport: tuple[int, int] = (1200, 900),
    ) -> OfflinePage:
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(ACTION_TIMEOUT_MS)
        opened = OfflinePage(page)

        def route(route: Route) -> None:
            if route.request.url.startswith(allowed):
                route.continue_()
            else:
                opened.aborted.append(route.request.url)
                route.abort()

        def on_dialog(dialog: Dialog) -> None:
            opened.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        context.route("**/*", route)
        page.on("console", lambda m: opened.console_errors.append(m) if m.type == "error" else None)
        page.on("pageerror", lambda error: opened.page_errors.append(error))
        page.on("dialog", on_dialog)
        page.goto(url, timeout=FIRST_LOAD_TIMEOUT_MS)
        return opened

    yield factory
    for context in contexts:
        context.close()
