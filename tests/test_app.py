"""The Streamlit app without a browser (AppTest): what the page shows and how it reacts."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from tests.conftest import MINI, ROOT
from tests.mapstate import stop_state, visible_ids

APP = str(ROOT / "app.py")


@pytest.fixture
def open_app(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], AppTest]:
    def run(data: Path) -> AppTest:
        monkeypatch.setattr(sys, "argv", ["app.py", "--data", str(data)])
        app = AppTest.from_file(APP, default_timeout=60)
        app.run()
        assert not app.exception, [e.value for e in app.exception]
        return app

    return run


def map_args(app: AppTest) -> dict[str, Any]:
    (element,) = app.get("component_instance")
    args: dict[str, Any] = json.loads(element.proto.json_args)
    return args


def marker_ids(app: AppTest) -> list[str]:
    args = map_args(app)
    return visible_ids(args["script"], args["feature_group"])


def selected_on_map(app: AppTest) -> str | None:
    selected: str | None = stop_state(map_args(app)["feature_group"])["selected"]
    return selected


def test_default_view(open_app: Callable[[Path], AppTest]) -> None:
    app = open_app(MINI)
    assert app.title[0].value == "Mini journey"
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["Days"] == "3"
    assert metrics["Stops"] == "3"
    assert metrics["Rail distance"] == "579 km"
    assert marker_ids(app) == ["alpha", "beta", "gamma"]
    assert app.multiselect(key="topics").value == [
        "diplomacy",
        "aviation",
        "railways",
        "environment",
    ]
    table = app.dataframe[0].value
    assert list(table["Stop"]) == ["Alpha", "Beta", "Gamma"]
    assert "ItineraryMap.init(" in map_args(app)["script"]  # route and stops: the base map


def test_topic_filter_swaps_markers_but_keeps_the_base_map(
    open_app: Callable[[Path], AppTest],
) -> None:
    app = open_app(MINI)
    base_before = map_args(app)["script"]
    app.multiselect(key="topics").unselect("aviation").run()
    assert marker_ids(app) == ["alpha", "gamma"]
    assert map_args(app)["script"] == base_before  # same iframe: no reload, no flicker
    assert list(app.dataframe[0].value["Stop"]) == ["Alpha", "Gamma"]
    assert app.subheader[-1].value == "Itinerary (2 of 3 stops)"


def test_no_topic_left_says_so_and_keeps_the_route(open_app: Callable[[Path], AppTest]) -> None:
    app = open_app(MINI)
    app.multiselect(key="topics").set_value([]).run()
    assert marker_ids(app) == []
    assert any("No stop has the chosen topics" in info.value for info in app.info)
    assert "ItineraryMap.init(" in map_args(app)["script"]


def test_clicking_a_marker_selects_its_stop(open_app: Callable[[Path], AppTest]) -> None:
    app = open_app(MINI)
    (element,) = app.get("component_instance")
    # As streamlit-folium reports a click: the clicked marker's tooltip text.
    app.session_state[element.key] = {"last_object_clicked_tooltip": "2. Beta · 13 Sep 2023"}
    app.run()
    assert app.selectbox(key="selected_stop").value == "beta"
    details = "\n".join(block.value for block in app.markdown)
    assert "2\\. Beta" in details
    assert "Example News" in details
    assert "(http://example.org/beta)" in details
    assert "From the previous stop:** From Alpha: 579 km by rail" in details
    assert selected_on_map(app) == "beta"


def test_choosing_a_stop_in_the_list_selects_it(open_app: Callable[[Path], AppTest]) -> None:
    app = open_app(MINI)
    app.selectbox(key="selected_stop").select("gamma").run()
    assert selected_on_map(app) == "gamma"
    details = "\n".join(block.value for block in app.markdown)
    assert "Person B, Person C" in details


def test_an_invalid_file_lists_its_problems_instead_of_a_traceback(
    open_app: Callable[[Path], AppTest], tmp_path: Path
) -> None:
    raw = yaml.safe_load(MINI.read_text())
    raw["stops"][1]["topics"] = ["sport"]
    raw["stops"][2]["location"]["lat"] = 200
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(raw))
    app = open_app(bad)
    assert "This itinerary file cannot be shown" in app.error[0].value
    problems = app.code[0].value.splitlines()
    assert problems == [
        f"{bad}: stop 'beta': topics[0]: unknown topic 'sport'; known topics: diplomacy, "
        "space, military, aviation, naval, railways, economy, education, environment, "
        "culture, transit",
        f"{bad}: stop 'gamma': location.lat: must be between -90 and 90, instead got 200",
    ]
    assert not app.get("component_instance")


def test_a_missing_file_is_reported(open_app: Callable[[Path], AppTest], tmp_path: Path) -> None:
    app = open_app(tmp_path / "nowhere.yaml")
    assert "file not found" in app.error[0].value
