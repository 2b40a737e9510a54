"""The server keeps serving when its data file changes or disappears underneath it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import expect

from itinerary.format.loader import load_journey
from tests.e2e.conftest import FIRST_LOAD_TIMEOUT_MS, FIXTURES, AppPage, StreamlitServer
from tests.e2e.mapui import expect_stops_shown, wait_drawn

pytestmark = pytest.mark.browser

ServerFactory = Callable[[Path], StreamlitServer]
AppFactory = Callable[[StreamlitServer], AppPage]


def test_a_changed_then_deleted_then_restored_file_is_followed(
    streamlit_server: ServerFactory, open_app: AppFactory, tmp_path: Path
) -> None:
    data = tmp_path / "live.yaml"
    shutil.copyfile(FIXTURES / "mini.yaml", data)
    ids = [stop.id for stop in load_journey(data).stops]
    server = streamlit_server(data)

    def visit(expected_title: str | None) -> AppPage:
        # A new session each time (as a colleague opening the page): a reload would
        # cancel the old page's requests and muddy the failed-request check.
        app = open_app(server)
        if expected_title is not None:
            title = app.page.locator("h1")
            expect(title).to_have_text(expected_title, timeout=FIRST_LOAD_TIMEOUT_MS)
            wait_drawn(app, len(ids), timeout=FIRST_LOAD_TIMEOUT_MS)
            expect_stops_shown(app.map_frame(), ids)
        return app

    visit("Mini journey").assert_healthy()

    # Edited under the running server: the next visit shows the new content.
    data.write_text(data.read_text().replace("title: Mini journey", "title: Edited journey"))
    visit("Edited journey").assert_healthy()

    # Deleted: the page says so instead of failing.
    data.unlink()
    app = visit(None)
    error = app.page.get_by_text("This itinerary file cannot be shown")
    expect(error).to_be_visible(timeout=FIRST_LOAD_TIMEOUT_MS)
    expect(app.page.get_by_text("file not found")).to_be_visible()
    app.assert_healthy()

    # Put back: served again, no restart needed.
    shutil.copyfile(FIXTURES / "mini.yaml", data)
    visit("Mini journey").assert_healthy()
    server.assert_no_traceback()
