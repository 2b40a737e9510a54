"""The Streamlit app without a browser (AppTest): every control, and deep links."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from itinerary.loader import load_journey
from itinerary.table import CHOICE_LIMIT, PAGE_SIZE
from scripts.synthetic import write_journey
from tests.conftest import MINI, ROOT
from tests.mapstate import stop_state, visible_ids

APP = str(ROOT / "app.py")
OpenApp = Callable[..., AppTest]


@pytest.fixture
def open_app(monkeypatch: pytest.MonkeyPatch) -> OpenApp:
    def run(data: Path = MINI, query: dict[str, str | list[str]] | None = None) -> AppTest:
        monkeypatch.setattr(sys, "argv", ["app.py", "--data", str(data)])
        app = AppTest.from_file(APP, default_timeout=60)
        for key, value in (query or {}).items():
            app.query_params[key] = value
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


def map_state(app: AppTest) -> dict[str, Any]:
    return stop_state(map_args(app)["feature_group"])


def fk(app: AppTest, name: str) -> str:
    """A filter widget's key: filters are keyed per journey shown (see app.filter_key)."""
    return f"{name}@{app.session_state['_filters_for']}"


def table_stops(app: AppTest) -> list[str]:
    return list(app.dataframe[0].value["Stop"])


def page_text(app: AppTest) -> str:
    return "\n".join(block.value for block in app.markdown)


def test_default_view(open_app: OpenApp) -> None:
    app = open_app()
    assert app.title[0].value == "Mini journey"
    metrics = {metric.label: metric.value for metric in app.metric}
    assert (metrics["Days"], metrics["Stops"], metrics["Rail distance"]) == ("3", "3", "579 km")
    assert metrics["Dates (2023)"] == "12–14 Sep"
    assert marker_ids(app) == ["alpha", "beta", "gamma"]
    assert app.multiselect(key=fk(app, "topics")).value == [
        "diplomacy", "aviation", "railways", "environment"
    ]  # fmt: skip
    assert table_stops(app) == ["Alpha", "Beta", "Gamma"]
    assert app.selectbox(key="selected_stop").value is None
    assert map_state(app) == {
        "visible": map_state(app)["visible"], "selected": None, "focus": False, "progress": None
    }  # fmt: skip
    assert len(app.get("vega_lite_chart")) >= 1  # the timeline


def test_topic_filter_swaps_markers_but_keeps_the_base_map(open_app: OpenApp) -> None:
    app = open_app()
    base_before = map_args(app)["script"]
    app.multiselect(key=fk(app, "topics")).unselect("aviation").run()
    assert marker_ids(app) == ["alpha", "gamma"]
    assert map_args(app)["script"] == base_before  # same iframe: no reload, no flicker
    assert table_stops(app) == ["Alpha", "Gamma"]
    assert app.query_params["topic"] == ["diplomacy", "railways", "environment"]


# (control, how to set it, stops left, why)
FILTERS: list[tuple[str, Callable[[AppTest], Any], list[str], str]] = [
    ("match", lambda a: (a.multiselect(key=fk(a, "topics")).set_value(["railways", "diplomacy"]),
     a.radio(key=fk(a, "match")).set_value("all")), ["alpha"], "all of the chosen topics"),
    ("days", lambda a: a.slider(key=fk(a, "days")).set_value(
        (date(2023, 9, 13), date(2023, 9, 14))), ["beta", "gamma"], "a date range"),
    ("q", lambda a: a.text_input(key=fk(a, "q")).input("person c"), ["gamma"], "search people"),
    ("q", lambda a: a.text_input(key=fk(a, "q")).input("SECOND"), ["beta"], "search summaries"),
    ("conf", lambda a: a.multiselect(key=fk(a, "conf")).unselect("confirmed"), ["beta", "gamma"],
     "confidence"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("control", "change", "expected"),
    [row[:3] for row in FILTERS],
    ids=[row[3] for row in FILTERS],
)
def test_each_filter_control(
    open_app: OpenApp, control: str, change: Callable[[AppTest], Any], expected: list[str]
) -> None:
    app = open_app()
    change(app)
    app.run()
    assert marker_ids(app) == expected
    assert [row.lower() for row in table_stops(app)] == expected


def test_an_empty_result_says_so_and_offers_a_reset(open_app: OpenApp) -> None:
    app = open_app()
    app.text_input(key=fk(app, "q")).input("nothing matches this").run()
    assert marker_ids(app) == []
    assert any("No stop matches these filters" in info.value for info in app.info)
    assert "ItineraryMap.init(" in map_args(app)["script"]  # the route stays for context
    app.button(key="reset_empty").click().run()
    assert marker_ids(app) == ["alpha", "beta", "gamma"]
    assert app.text_input(key=fk(app, "q")).value == ""


def test_clicking_a_marker_selects_its_stop(open_app: OpenApp) -> None:
    app = open_app()
    (element,) = app.get("component_instance")
    # As streamlit-folium reports a click: the clicked marker's tooltip text.
    app.session_state[element.key] = {"last_object_clicked_tooltip": "2. Beta · 13 Sep 2023"}
    app.run()
    assert app.selectbox(key="selected_stop").value == "beta"
    details = page_text(app)
    assert "2\\. Beta" in details
    assert "(http://example.org/beta)" in details
    assert "From the previous stop:** From Alpha: 579 km by rail" in details
    assert map_state(app)["selected"] == "beta"
    assert app.query_params["stop"] == "beta"


def test_choosing_a_stop_in_the_list_selects_it_on_the_map(open_app: OpenApp) -> None:
    app = open_app()
    app.selectbox(key="selected_stop").select("gamma").run()
    assert map_state(app)["selected"] == "gamma"
    assert "Person B, Person C" in page_text(app)


def test_clicking_the_timeline_selects_on_map_and_table(open_app: OpenApp) -> None:
    app = open_app()
    app.session_state["timeline0"] = {"selection": {"pick": [{"id": "gamma"}]}}
    app.run()
    assert app.selectbox(key="selected_stop").value == "gamma"
    assert map_state(app)["selected"] == "gamma"
    assert map_state(app)["focus"] is True  # the map flies to it


def test_selecting_a_table_row_selects_the_stop(open_app: OpenApp) -> None:
    app = open_app()
    app.session_state["table"] = {"selection": {"rows": [1], "columns": [], "cells": []}}
    app.run()
    assert app.selectbox(key="selected_stop").value == "beta"
    assert map_state(app)["selected"] == "beta"


def test_playback_steps_through_the_visible_stops(open_app: OpenApp) -> None:
    app = open_app()
    app.multiselect(key=fk(app, "topics")).unselect("aviation").run()  # playback skips beta now
    app.button(key="next").click().run()
    assert (app.session_state["step"], map_state(app)["selected"]) == (0, "alpha")
    assert map_state(app)["progress"] == 0 and map_state(app)["focus"] is True
    app.button(key="next").click().run()
    state = map_state(app)
    assert (state["selected"], state["progress"]) == ("gamma", 2)  # two legs travelled
    assert app.button(key="next").disabled  # the last visible stop
    assert "stop 2 of 2" in page_text(app)
    assert app.subheader[0].value == "Narrative"
    app.button(key="prev").click().run()
    assert map_state(app)["selected"] == "alpha"
    assert app.query_params["step"] == "0"


def test_play_starts_from_the_first_stop_and_pauses(open_app: OpenApp) -> None:
    app = open_app()
    app.button(key="play").click().run()
    assert app.session_state["playing"] is True
    assert map_state(app)["selected"] == "alpha"
    assert app.button(key="play").label == "Pause"
    app.button(key="play").click().run()
    assert app.session_state["playing"] is False


def test_a_deep_link_restores_the_view(open_app: OpenApp) -> None:
    app = open_app(
        query={"topic": ["railways", "environment"], "q": "stop", "stop": "gamma", "conf":
               ["confirmed", "unconfirmed"]}
    )  # fmt: skip
    assert marker_ids(app) == ["alpha", "gamma"]
    assert app.multiselect(key=fk(app, "topics")).value == ["railways", "environment"]
    assert app.text_input(key=fk(app, "q")).value == "stop"
    assert app.selectbox(key="selected_stop").value == "gamma"
    assert map_state(app)["focus"] is True


def test_deep_link_round_trip(open_app: OpenApp) -> None:
    first = open_app()
    first.multiselect(key=fk(first, "topics")).unselect("diplomacy").unselect("railways").run()
    first.text_input(key=fk(first, "q")).input("stop").run()
    first.selectbox(key="selected_stop").select("gamma").run()
    first.button(key="next").click().run()
    link = {key: first.query_params[key] for key in first.query_params}
    second = open_app(query=link)
    assert marker_ids(second) == marker_ids(first)
    assert map_state(second)["selected"] == map_state(first)["selected"]
    assert second.session_state["step"] == first.session_state["step"]
    assert {key: second.query_params[key] for key in second.query_params} == link


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ({"topic": ["sport"]}, "unknown topic(s) in the link ignored: sport"),
        ({"stop": "omega"}, "the link's stop 'omega' is not in this journey"),
        ({"from": "yesterday"}, "from must be a date like 2023-09-12"),
        ({"step": "-1"}, "playback step must be a stop number"),
    ],
    ids=["unknown topic", "unknown stop", "bad date", "bad step"],
)
def test_a_broken_link_is_explained_not_fatal(
    open_app: OpenApp, query: dict[str, Any], note: str
) -> None:
    app = open_app(query=query)
    assert any(note in info.value.replace("\\", "") for info in app.info)
    assert app.get("component_instance")


def test_the_journey_selector_offers_every_data_file(open_app: OpenApp) -> None:
    app = open_app()
    options = app.selectbox(key="journey").options
    assert options[0] == "Mini journey"
    assert len(options) == 1 + len(list((ROOT / "data").glob("*.yaml")))
    app.selectbox(key="journey").set_value("kim-beijing-2025").run()
    assert "Beijing" in app.title[0].value
    assert app.query_params["journey"] == "kim-beijing-2025"
    # One marker per stop of the file, however many the data holds (8 since issue 15).
    assert len(marker_ids(app)) == len(load_journey(ROOT / "data" / "kim-beijing-2025.yaml").stops)


def test_each_journey_gets_its_own_filters(open_app: OpenApp) -> None:
    """A switch starts from full filters, and a late value for the old journey's
    widgets (a rerun the browser sent before it saw the switch) changes nothing."""
    app = open_app()
    app.multiselect(key=fk(app, "topics")).unselect("aviation").run()
    assert marker_ids(app) == ["alpha", "gamma"]
    old_topics = fk(app, "topics")
    beijing_stops = len(load_journey(ROOT / "data" / "kim-beijing-2025.yaml").stops)
    app.selectbox(key="journey").set_value("kim-beijing-2025").run()
    assert len(marker_ids(app)) == beijing_stops
    app.session_state[old_topics] = ["railways"]
    app.run()
    assert len(marker_ids(app)) == beijing_stops
    assert fk(app, "topics") != old_topics
    app.selectbox(key="journey").set_value("mini").run()
    assert marker_ids(app) == ["alpha", "beta", "gamma"]  # back to full filters


def test_statistics_and_export_tabs(open_app: OpenApp) -> None:
    app = open_app()
    labels = [metric.label for metric in app.metric]
    assert "Longest leg" in labels and "Road hops (straight line)" in labels
    legs = app.dataframe[1].value
    assert list(legs["From"]) == ["Alpha", "Beta"]
    assert [button.label for button in app.get("download_button")] == [
        "Download CSV table", "Download GeoJSON", "Download Map (standalone HTML)"
    ]  # fmt: skip
    app.selectbox(key="selected_stop").select("beta").run()
    link = next(box for box in app.text_input if box.label == "Link to this view")
    assert link.value is not None and link.value.endswith("?journey=mini&stop=beta")


def test_an_invalid_file_lists_its_problems_instead_of_a_traceback(
    open_app: OpenApp, tmp_path: Path
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


def test_a_missing_file_is_reported(open_app: OpenApp, tmp_path: Path) -> None:
    app = open_app(tmp_path / "nowhere.yaml")
    assert "file not found" in app.error[0].value


def test_an_edited_file_is_reloaded_by_the_next_run(open_app: OpenApp, tmp_path: Path) -> None:
    live = tmp_path / "live.yaml"
    live.write_text(MINI.read_text())
    assert open_app(live).title[0].value == "Mini journey"
    live.write_text(MINI.read_text().replace("title: Mini journey", "title: Edited"))
    assert open_app(live).title[0].value == "Edited"


def test_a_long_itinerary_is_shown_a_page_at_a_time(open_app: OpenApp, tmp_path: Path) -> None:
    journey_file = write_journey(tmp_path, PAGE_SIZE + 40, 1_000, seed=5)
    stops = load_journey(journey_file).stops
    app = open_app(journey_file)
    assert len(app.dataframe[0].value) == PAGE_SIZE
    page = app.number_input(key="table_page")
    assert (page.value, page.max) == (1, 2)
    page.set_value(2).run()
    assert list(app.dataframe[0].value["#"]) == [s.seq for s in stops[PAGE_SIZE:]]
    # Row 3 of page two is stop PAGE_SIZE + 3, not the stop in row 3 of page one.
    app.session_state["table_p2"] = {"selection": {"rows": [3], "columns": [], "cells": []}}
    app.run()
    assert app.selectbox(key="selected_stop").value == stops[PAGE_SIZE + 3].id
    assert map_state(app)["selected"] == stops[PAGE_SIZE + 3].id
    assert list(app.dataframe[0].value["Selected"]).index("▶") == 3


def test_choosing_a_stop_elsewhere_opens_its_table_page(open_app: OpenApp, tmp_path: Path) -> None:
    journey_file = write_journey(tmp_path, PAGE_SIZE + 40, 1_000, seed=5)
    last = load_journey(journey_file).stops[-1]
    app = open_app(journey_file)
    app.selectbox(key="selected_stop").set_value(last.id).run()
    assert app.number_input(key="table_page").value == 2
    assert list(app.dataframe[0].value["#"])[-1] == last.seq
    assert list(app.dataframe[0].value["Selected"])[-1] == "▶"


def test_the_stop_list_of_a_big_journey_follows_the_selection(
    open_app: OpenApp, tmp_path: Path
) -> None:
    journey_file = write_journey(tmp_path, CHOICE_LIMIT + 100, 2_000, seed=5)
    stops = load_journey(journey_file).stops
    app = open_app(journey_file)
    assert len(app.selectbox(key="selected_stop").options) == CHOICE_LIMIT
    far = stops[CHOICE_LIMIT + 60]  # beyond the first window, on the third table page
    app.number_input(key="table_page").set_value(3).run()
    row = CHOICE_LIMIT + 60 - 2 * PAGE_SIZE
    app.session_state["table_p3"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    app.run()
    assert app.selectbox(key="selected_stop").value == far.id
    assert map_state(app)["selected"] == far.id
