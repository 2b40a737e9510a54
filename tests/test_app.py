"""The Streamlit app without a browser (AppTest): every control, and deep links.

The page beside the map holds the topic filter (an ``st.components.v2`` component: its
value is set here as the browser reports it), the playback row and the details; the
sidebar and the tabs below the map are sent once the map has drawn, which the browser
reports and AppTest cannot (there is no map): ``open_app`` says so by setting ``_ready``.
Expected stops come from the fixture through the package's own loader and filter.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from itinerary.filtering import StopFilter, filter_stops, topics_in_use
from itinerary.format.loader import load_journey
from itinerary.geo.route import build_route
from itinerary.model import CONFIDENCES
from itinerary.views.details import CHOICE_LIMIT
from itinerary.views.mapdata import encode_mask
from itinerary.views.publish import embed_snippet
from itinerary.views.stats import figures_markdown, journey_totals
from itinerary.views.table import PAGE_SIZE
from itinerary.views.text import format_km, short_date
from itinerary.views.topicpanel import TopicChoice
from scripts.synthetic import write_journey
from tests.conftest import MINI, ROOT
from tests.mapstate import journey_config, stop_state, visible_ids

APP = str(ROOT / "app.py")
OpenApp = Callable[..., AppTest]
MINI_JOURNEY = load_journey(MINI)
STOPS = MINI_JOURNEY.stops  # alpha: railways+diplomacy, beta: aviation, gamma: environment
ALL_IDS = [stop.id for stop in STOPS]
TOPICS = topics_in_use(STOPS)
BEIJING = ROOT / "data" / "kim-beijing-2025.yaml"


def expected(stop_filter: StopFilter) -> list[str]:
    """The stops the package's filter lets through: what map, table and counts must show."""
    return [stop.id for stop in filter_stops(STOPS, stop_filter)]


def without(*topics: str) -> frozenset[str]:
    return frozenset(TOPICS) - set(topics)


@pytest.fixture
def open_app(monkeypatch: pytest.MonkeyPatch) -> OpenApp:
    def run(
        data: Path = MINI,
        query: dict[str, str | list[str]] | None = None,
        *,
        ready: bool = True,
    ) -> AppTest:
        monkeypatch.setattr(sys, "argv", ["app.py", "--data", str(data)])
        app = AppTest.from_file(APP, default_timeout=60)
        for key, value in (query or {}).items():
            app.query_params[key] = value
        if ready:
            # What the browser's topic filter reports once the map has drawn its stops.
            app.session_state["_ready"] = True
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


def scope(app: AppTest) -> str:
    value: str = app.session_state["_filters_for"]
    return value


def generation(app: AppTest) -> int:
    return int(app.session_state["_gen"]) if "_gen" in app.session_state else 0


def fk(app: AppTest, name: str) -> str:
    """A filter widget's key: per journey shown and per reset (see app.filter_key)."""
    return f"{name}@{scope(app)}#{generation(app)}"


def topic_key(app: AppTest) -> str:
    return f"topicfilter@{scope(app)}#{generation(app)}"


def choice(app: AppTest) -> TopicChoice:
    value: TopicChoice = app.session_state[f"_topics@{scope(app)}"]
    return value


def set_topics(app: AppTest, topics: set[str] | frozenset[str], match: str = "any") -> AppTest:
    """What the page's topic filter reports after a reader's change (its `rev` grows)."""
    value = {"topics": sorted(topics), "match": match, "rev": choice(app).rev + 1}
    app.session_state[topic_key(app)] = {"value": value}
    return app


def panel(app: AppTest) -> dict[str, Any]:
    """The data the topic filter component is drawn from."""
    drawn = [json.loads(element.proto.json) for element in app.get("bidi_component")]
    (data,) = [each for each in drawn if "topics" in each]  # the skip link has none
    return data  # type: ignore[no-any-return]


def table_stops(app: AppTest) -> list[str]:
    return list(app.dataframe[0].value["Stop"])


def page_text(app: AppTest) -> str:
    return "\n".join(block.value for block in app.markdown)


def headings(app: AppTest) -> list[str]:
    """The text of every markdown heading on the page (below the title)."""
    found = (re.match(r"^#{1,6} (.*)$", block.value) for block in app.markdown)
    return [match[1] for match in found if match]


def captions(app: AppTest) -> list[str]:
    return [caption.value for caption in app.caption]


def open_tab(app: AppTest, view: str) -> AppTest:
    app.session_state["view"] = view
    return app.run()


def test_default_view(open_app: OpenApp) -> None:
    app = open_app()
    assert app.title[0].value == MINI_JOURNEY.title
    totals = journey_totals(MINI_JOURNEY, build_route(MINI_JOURNEY))
    figures = figures_markdown(totals, STOPS[0].start.date(), STOPS[-1].start.date())
    assert figures in [block.value for block in app.markdown]
    assert f"**{format_km(totals.rail_km)}** by rail · 12–14 Sep 2023" in figures
    assert "A three\\-stop journey for tests\\." in page_text(app)  # the About box
    assert not app.metric  # no metrics row above the map any more
    assert not app.radio
    assert not [box for box in app.multiselect if box.label == "Topics"]
    assert marker_ids(app) == ALL_IDS
    data = panel(app)
    assert data["selected"] == list(TOPICS)
    assert (data["match"], data["order"], data["ready"]) == ("any", [0, 0], True)
    assert {topic["key"]: topic["count"] for topic in data["topics"]} == {
        key: sum(key in stop.topics for stop in STOPS) for key in TOPICS
    }
    assert data["summary"] == {"shown": len(STOPS), "total": len(STOPS), "stayed": {}}
    assert table_stops(app) == [stop.name for stop in STOPS]
    assert f"**{len(STOPS)} of {len(STOPS)} stops**" in page_text(app)
    assert app.selectbox(key="selected_stop").value is None
    assert map_state(app) == {
        "base": encode_mask([True] * len(STOPS)), "topics": sorted(TOPICS), "match": "any",
        "order": [0, 0], "selected": None, "focus": False, "progress": None,
    }  # fmt: skip
    assert not app.get("vega_lite_chart")  # the timeline waits in its (closed) tab


# (tab, what only it builds, why)
TABS: list[tuple[str, Callable[[AppTest], bool], str]] = [
    ("Itinerary", lambda a: [df.key for df in a.dataframe] == ["table0_p1"], "the stop table"),
    ("Timeline", lambda a: "timeline0" in [c.key for c in a.get("vega_lite_chart")],
     "the timeline chart"),
    ("Statistics", lambda a: "Longest leg" in [m.label for m in a.metric]
     and list(a.dataframe[0].value["From"]) == [s.name for s in STOPS[:-1]], "metrics and legs"),
    ("Export & share", lambda a: [b.label for b in a.get("download_button")] == [
        "Download CSV table", "Download GeoJSON", "Download Map (standalone HTML)"],
     "the downloads"),
]  # fmt: skip


@pytest.mark.parametrize(("view", "built"), [row[:2] for row in TABS], ids=[r[2] for r in TABS])
def test_only_the_open_tab_is_built(
    open_app: OpenApp, view: str, built: Callable[[AppTest], bool]
) -> None:
    app = open_app()
    base_before = map_args(app)["script"]
    open_tab(app, view)
    assert [tab.label for tab in app.tabs] == [row[0] for row in TABS]
    assert built(app), f"{view} shows what it should"
    for other, other_built, _ in TABS:
        if other != view:
            assert not other_built(app), f"{other} is built while {view} is open"
    assert map_args(app)["script"] == base_before  # switching tabs leaves the map alone


def test_the_sidebar_and_the_tabs_wait_until_the_map_has_drawn(open_app: OpenApp) -> None:
    app = open_app(ready=False)
    # The first run: the title, the map and the topic filter (it reports the drawing).
    assert app.title[0].value == MINI_JOURNEY.title
    assert marker_ids(app) == ALL_IDS
    assert panel(app)["ready"] is False
    # Nothing else yet: figures, playback, details, the sidebar and the tabs wait.
    assert not app.markdown and not app.button and not app.selectbox
    assert not app.text_input and not app.slider
    assert not app.tabs and not app.dataframe
    # The component reports that the map has drawn: from then on the whole page is sent.
    app.session_state[topic_key(app)] = {"ready": True}
    app.run()
    assert app.selectbox(key="journey").value == "mini"
    assert app.text_input(key=fk(app, "q")).value == ""
    assert [tab.label for tab in app.tabs] == [row[0] for row in TABS]
    assert table_stops(app) == [stop.name for stop in STOPS]
    assert panel(app)["ready"] is True
    assert app.selectbox(key="selected_stop").value is None
    app.button(key="next").click().run()  # and it stays sent
    assert table_stops(app) == [stop.name for stop in STOPS]


def test_topic_filter_swaps_markers_but_keeps_the_base_map(open_app: OpenApp) -> None:
    app = open_app()
    base_before = map_args(app)["script"]
    set_topics(app, without("aviation")).run()
    shown = expected(StopFilter(topics=without("aviation")))
    assert 0 < len(shown) < len(STOPS), "the change must hide something"
    assert marker_ids(app) == shown
    assert map_args(app)["script"] == base_before  # same iframe: no reload, no flicker
    state = map_state(app)
    # The map applies the topics itself: the other filters' mask stays whole.
    assert state["base"] == encode_mask([True] * len(STOPS))
    assert (state["topics"], state["order"]) == (sorted(without("aviation")), [0, 1])
    assert table_stops(app) == [STOPS[ALL_IDS.index(i)].name for i in shown]
    assert f"**{len(shown)} of {len(STOPS)} stops**" in page_text(app)
    assert sorted(app.query_params["topic"]) == sorted(without("aviation"))
    data = panel(app)
    assert data["selected"] == [key for key in TOPICS if key != "aviation"]
    assert data["summary"] == {"shown": len(shown), "total": len(STOPS), "stayed": {}}


def test_unticking_a_topic_whose_stops_have_another_says_why(open_app: OpenApp) -> None:
    """Alpha is Railways and Diplomacy: unticking Railways hides nothing, and says so."""
    app = open_app()
    set_topics(app, without("railways")).run()
    assert marker_ids(app) == expected(StopFilter(topics=without("railways"))) == ALL_IDS
    data = panel(app)
    assert data["summary"]["stayed"] == {"railways": 1}
    railways = next(topic for topic in data["topics"] if topic["key"] == "railways")
    assert railways["companions"] == ["diplomacy"]


def test_a_forged_or_stale_report_from_the_page_changes_nothing(open_app: OpenApp) -> None:
    app = open_app()
    set_topics(app, {"aviation"}).run()
    assert marker_ids(app) == expected(StopFilter(topics=frozenset({"aviation"})))
    before = choice(app)
    # An older change arriving late (its rev is not newer) is ignored.
    app.session_state[topic_key(app)] = {
        "value": {"topics": list(TOPICS), "match": "any", "rev": before.rev}
    }
    app.run()
    assert choice(app) == before
    # Topics the journey does not use are dropped, never shown as choices.
    app.session_state[topic_key(app)] = {
        "value": {"topics": ["sport", "environment"], "match": "any", "rev": before.rev + 1}
    }
    app.run()
    assert choice(app).topics == {"environment"}
    assert panel(app)["selected"] == ["environment"]
    assert marker_ids(app) == expected(StopFilter(topics=frozenset({"environment"})))


# (how to set the control, the same view as a StopFilter, why)
FILTERS: list[tuple[Callable[[AppTest], Any], StopFilter, str]] = [
    (lambda a: set_topics(a, {"railways", "diplomacy"}, "all"),
     StopFilter(topics=frozenset({"railways", "diplomacy"}), match="all"),
     "all of the chosen topics"),
    (lambda a: a.slider(key=fk(a, "days")).set_value(
        (STOPS[1].start.date(), STOPS[-1].start.date())),
     StopFilter(first_day=STOPS[1].start.date()), "a date range"),
    (lambda a: a.text_input(key=fk(a, "q")).input("person c"), StopFilter(text="person c"),
     "search people"),
    (lambda a: a.text_input(key=fk(a, "q")).input("SECOND"), StopFilter(text="SECOND"),
     "search summaries"),
    (lambda a: a.multiselect(key=fk(a, "conf")).unselect("confirmed"),
     StopFilter(confidences=frozenset({"reported", "unconfirmed"})), "confidence"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "same_as"), [row[:2] for row in FILTERS], ids=[row[2] for row in FILTERS]
)
def test_each_filter_control(
    open_app: OpenApp, change: Callable[[AppTest], Any], same_as: StopFilter
) -> None:
    shown = expected(same_as)
    assert 0 < len(shown) < len(STOPS), "the row must hide some stops and keep others"
    app = open_app()
    change(app)
    app.run()
    assert marker_ids(app) == shown
    assert [row.lower() for row in table_stops(app)] == shown
    assert panel(app)["summary"]["shown"] == len(shown)


def test_an_empty_result_says_so_and_offers_a_reset(open_app: OpenApp) -> None:
    app = open_app()
    app.text_input(key=fk(app, "q")).input("nothing matches this").run()
    assert marker_ids(app) == []
    assert any("No stop matches these filters" in info.value for info in app.info)
    # The route stays for context.
    route = journey_config(map_args(app)["script"])["legs"]
    assert len(route) == len(build_route(MINI_JOURNEY).legs)
    old_key = fk(app, "q")
    app.button(key="reset_empty").click().run()
    assert marker_ids(app) == ALL_IDS
    assert fk(app, "q") != old_key  # a fresh box: the browser cannot send the old text back
    assert app.text_input(key=fk(app, "q")).value == ""
    assert not any("No stop matches" in info.value for info in app.info)


def test_reset_filters_resets_every_widget(open_app: OpenApp) -> None:
    """Every filter changed, reset, then one topic unticked: only that change applies."""
    app = open_app()
    first, last = STOPS[0].start.date(), STOPS[-1].start.date()
    set_topics(app, {"railways", "diplomacy"}, "all").run()
    app.slider(key=fk(app, "days")).set_value((first, STOPS[1].start.date())).run()
    app.text_input(key=fk(app, "q")).input("stop").run()
    app.multiselect(key=fk(app, "conf")).unselect("reported").run()
    assert marker_ids(app) == expected(
        StopFilter(
            topics=frozenset({"railways", "diplomacy"}),
            match="all",
            last_day=STOPS[1].start.date(),
            text="stop",
            confidences=frozenset(CONFIDENCES) - {"reported"},
        )
    )
    old_widgets = (topic_key(app), fk(app, "q"))

    app.button(key="reset_sidebar").click().run()
    assert marker_ids(app) == ALL_IDS
    assert app.slider(key=fk(app, "days")).value == (first, last)
    assert app.text_input(key=fk(app, "q")).value == ""
    assert app.multiselect(key=fk(app, "conf")).value == list(CONFIDENCES)
    data = panel(app)
    assert (data["selected"], data["match"], data["order"]) == (list(TOPICS), "any", [1, 0])
    assert map_state(app)["order"] == [1, 0]  # newer than any change made before the reset
    assert not app.query_params.get("topic") and not app.query_params.get("q")

    set_topics(app, without("environment")).run()
    assert marker_ids(app) == expected(StopFilter(topics=without("environment")))
    # Late values for the widgets from before the reset land nowhere.
    app.session_state[old_widgets[0]] = {"value": {"topics": ["aviation"], "match": "all",
                                                   "rev": 10**12}}  # fmt: skip
    app.session_state[old_widgets[1]] = "person c"
    app.run()
    assert marker_ids(app) == expected(StopFilter(topics=without("environment")))


def test_clicking_a_marker_selects_its_stop(open_app: OpenApp) -> None:
    app = open_app()
    table_before = app.dataframe[0].key
    (element,) = app.get("component_instance")
    # As streamlit-folium reports a click: the clicked marker's tooltip text.
    app.session_state[element.key] = {"last_object_clicked_tooltip": "2. Beta · 13 Sep 2023"}
    app.run()
    assert app.selectbox(key="selected_stop").value == "beta"
    details = page_text(app)
    assert headings(app) == ["2\\. Beta"]  # the panel's heading, the dot escaped
    assert "(http://example.org/beta)" in details
    assert "From the previous stop:** From Alpha: 579 km by rail" in details
    assert map_state(app)["selected"] == "beta"
    assert app.query_params["stop"] == "beta"
    # A stop chosen outside the table gets a fresh table: no row chosen before stays ticked.
    assert app.dataframe[0].key != table_before


def test_choosing_a_stop_in_the_list_selects_it_on_the_map(open_app: OpenApp) -> None:
    app = open_app()
    app.selectbox(key="selected_stop").select("gamma").run()
    assert map_state(app)["selected"] == "gamma"
    assert "Person B, Person C" in page_text(app)


def test_clicking_the_timeline_selects_on_map_and_table(open_app: OpenApp) -> None:
    app = open_tab(open_app(), "Timeline")
    (chart,) = [c for c in app.get("vega_lite_chart") if str(c.key).startswith("timeline")]
    app.session_state[chart.key] = {"selection": {"pick": [{"id": "gamma"}]}}
    app.run()
    assert app.selectbox(key="selected_stop").value == "gamma"
    assert map_state(app)["selected"] == "gamma"
    assert map_state(app)["focus"] is True  # the map flies to it
    # A fresh chart, so that the same point can be picked again after another choice.
    assert chart.key not in [c.key for c in app.get("vega_lite_chart")]


def test_selecting_a_table_row_selects_the_stop(open_app: OpenApp) -> None:
    app = open_app()
    table = app.dataframe[0].key
    app.session_state[table] = {"selection": {"rows": [1], "columns": [], "cells": []}}
    app.run()
    assert app.selectbox(key="selected_stop").value == "beta"
    assert map_state(app)["selected"] == "beta"
    assert app.dataframe[0].key == table  # the row the reader ticked stays ticked


def test_a_filter_change_does_not_move_the_table_selection_to_another_stop(
    open_app: OpenApp,
) -> None:
    """The table reports row numbers: after a filter removed a row above the chosen one,
    the old row number must not be read against the new rows."""
    app = open_app()
    app.session_state[app.dataframe[0].key] = {
        "selection": {"rows": [2], "columns": [], "cells": []}
    }
    app.run()
    assert app.selectbox(key="selected_stop").value == "gamma"
    set_topics(app, without("aviation")).run()  # beta leaves: gamma is now row 1
    assert table_stops(app) == ["Alpha", "Gamma"]
    assert app.selectbox(key="selected_stop").value == "gamma"
    assert map_state(app)["selected"] == "gamma"


def test_playback_steps_through_the_visible_stops(open_app: OpenApp) -> None:
    app = open_app()
    set_topics(app, without("aviation")).run()  # playback skips beta now
    visible = filter_stops(STOPS, StopFilter(topics=without("aviation")))
    app.button(key="next").click().run()
    assert (app.session_state["step"], map_state(app)["selected"]) == (0, visible[0].id)
    assert map_state(app)["progress"] == 0 and map_state(app)["focus"] is True
    app.button(key="next").click().run()
    state = map_state(app)
    last = visible[-1]
    assert (state["selected"], state["progress"]) == (last.id, STOPS.index(last))  # legs travelled
    assert app.button(key="next").disabled  # the last visible stop
    assert f"Playback: step {len(visible)} of {len(visible)}, stop {last.seq}" in captions(app)
    assert app.selectbox(key="selected_stop").label == "Narrative: stop"
    app.button(key="prev").click().run()
    assert map_state(app)["selected"] == visible[0].id
    assert app.query_params["step"] == "0"


def test_play_starts_from_the_first_stop_and_pauses(open_app: OpenApp) -> None:
    app = open_app()
    app.button(key="play").click().run()
    assert app.session_state["playing"] is True
    assert map_state(app)["selected"] == "alpha"
    assert app.button(key="play").label == "Pause"
    app.button(key="play").click().run()
    assert app.session_state["playing"] is False
    assert app.button(key="play").label == "Play"


def test_a_deep_link_restores_the_view(open_app: OpenApp) -> None:
    topics = ["railways", "environment"]
    app = open_app(
        query={"topic": topics, "q": "stop", "stop": "gamma", "conf": ["confirmed", "unconfirmed"]}
    )
    assert marker_ids(app) == expected(
        StopFilter(
            topics=frozenset(topics),
            text="stop",
            confidences=frozenset({"confirmed", "unconfirmed"}),
        )
    )
    assert panel(app)["selected"] == topics
    assert choice(app).topics == set(topics)
    assert app.text_input(key=fk(app, "q")).value == "stop"
    assert app.multiselect(key=fk(app, "conf")).value == ["confirmed", "unconfirmed"]
    assert app.selectbox(key="selected_stop").value == "gamma"
    assert map_state(app)["focus"] is True


def test_a_deep_link_restores_the_topic_match(open_app: OpenApp) -> None:
    app = open_app(query={"topic": ["railways", "diplomacy"], "match": "all"})
    assert (panel(app)["match"], map_state(app)["match"]) == ("all", "all")
    assert marker_ids(app) == expected(
        StopFilter(topics=frozenset({"railways", "diplomacy"}), match="all")
    )
    assert app.query_params["match"] == "all"


def test_deep_link_round_trip(open_app: OpenApp) -> None:
    first = open_app()
    set_topics(first, without("diplomacy", "railways")).run()
    first.text_input(key=fk(first, "q")).input("stop").run()
    first.selectbox(key="selected_stop").select("gamma").run()
    first.button(key="next").click().run()
    link = {key: first.query_params[key] for key in first.query_params}
    second = open_app(query=link)
    assert marker_ids(second) == marker_ids(first)
    assert panel(second)["selected"] == panel(first)["selected"]
    assert map_state(second)["selected"] == map_state(first)["selected"]
    assert second.session_state["step"] == first.session_state["step"]
    assert {key: second.query_params[key] for key in second.query_params} == link


def test_the_share_link_carries_any_search_text(open_app: OpenApp) -> None:
    """The text box's link must give back the view, whatever the search holds."""
    app = open_app()
    text = "Person A & B #2"
    app.text_input(key=fk(app, "q")).input(text).run()
    open_tab(app, "Export & share")
    link = next(box for box in app.text_input if box.label == "Link to this view")
    assert link.value is not None
    assert parse_qs(urlsplit(link.value).query).get("q") == [text], (
        f"the share link loses the search text: {link.value!r} (the query is joined from "
        "raw values, not URL-encoded)"
    )


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ({"topic": ["sport"]}, "unknown topic(s) in the link ignored: sport"),
        ({"stop": "omega"}, "the link's stop 'omega' is not in this journey"),
        ({"from": "yesterday"}, "from must be a date like 2023-09-12"),
        ({"step": "-1"}, "playback step must be a stop number"),
        ({"match": "most"}, "match must be 'any' or 'all'"),
    ],
    ids=["unknown topic", "unknown stop", "bad date", "bad step", "bad match"],
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
    beijing = load_journey(BEIJING)
    assert app.title[0].value == beijing.title
    assert app.query_params["journey"] == "kim-beijing-2025"
    # One marker per stop of the file, however many the data holds.
    assert len(marker_ids(app)) == len(beijing.stops)
    assert panel(app)["selected"] == list(topics_in_use(beijing.stops))


def test_each_journey_gets_its_own_filters(open_app: OpenApp) -> None:
    """A switch starts from full filters, and a late value for the old journey's
    widgets (a rerun the browser sent before it saw the switch) changes nothing."""
    app = open_app()
    set_topics(app, without("aviation")).run()
    app.text_input(key=fk(app, "q")).input("stop").run()
    assert marker_ids(app) == expected(StopFilter(topics=without("aviation"), text="stop"))
    old_topics = topic_key(app)
    beijing_stops = len(load_journey(BEIJING).stops)
    app.selectbox(key="journey").set_value("kim-beijing-2025").run()
    assert len(marker_ids(app)) == beijing_stops
    app.session_state[old_topics] = {"value": {"topics": ["railways"], "match": "any",
                                               "rev": 10**12}}  # fmt: skip
    app.run()
    assert len(marker_ids(app)) == beijing_stops
    assert topic_key(app) != old_topics
    app.selectbox(key="journey").set_value("mini").run()
    assert app.text_input(key=fk(app, "q")).value == ""
    assert (panel(app)["selected"], marker_ids(app)) == (list(TOPICS), ALL_IDS), (
        "back on the first journey, the search is reset but the topics unticked before the "
        "switch are still unticked (the topic choice outlives the journey switch)"
    )


def test_statistics_and_export_tabs(open_app: OpenApp) -> None:
    app = open_tab(open_app(), "Statistics")
    labels = [metric.label for metric in app.metric]
    assert "Longest leg" in labels and "Road hops (straight line)" in labels
    legs = app.dataframe[0].value
    assert list(legs["From"]) == [stop.name for stop in STOPS[:-1]]
    open_tab(app, "Export & share")
    assert [button.label for button in app.get("download_button")] == [
        "Download CSV table", "Download GeoJSON", "Download Map (standalone HTML)"
    ]  # fmt: skip
    # The HTML map is the published page, downloaded as JOURNEY-ID.html: its embed code
    # names that file.
    embed = next(box for box in app.text_input if box.label.startswith("Embed code"))
    assert embed.value == embed_snippet("mini-journey.html", "Mini journey")
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
    app = open_app(bad, ready=False)  # no map will ever draw: the page must not wait for one
    assert "This itinerary file cannot be shown" in app.error[0].value
    problems = app.code[0].value.splitlines()
    assert problems == [
        f"{bad}: stop 'beta': topics[0]: unknown topic 'sport'; known topics: diplomacy, "
        "space, military, aviation, naval, railways, economy, education, environment, "
        "culture, transit",
        f"{bad}: stop 'gamma': location.lat: must be between -90 and 90, instead got 200",
    ]
    assert not app.get("component_instance")
    assert app.selectbox(key="journey") is not None  # another journey can still be chosen


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
    table = app.dataframe[0].key
    assert table.endswith("_p2")  # one widget per page
    app.session_state[table] = {"selection": {"rows": [3], "columns": [], "cells": []}}
    app.run()
    assert app.selectbox(key="selected_stop").value == stops[PAGE_SIZE + 3].id
    assert map_state(app)["selected"] == stops[PAGE_SIZE + 3].id
    assert app.number_input(key="table_page").value == 2
    assert app.dataframe[0].key == table  # the tick stays where the reader put it


def test_choosing_a_stop_elsewhere_opens_its_table_page(open_app: OpenApp, tmp_path: Path) -> None:
    journey_file = write_journey(tmp_path, PAGE_SIZE + 40, 1_000, seed=5)
    last = load_journey(journey_file).stops[-1]
    app = open_app(journey_file)
    table_before = app.dataframe[0].key
    app.selectbox(key="selected_stop").set_value(last.id).run()
    assert app.number_input(key="table_page").value == 2
    assert list(app.dataframe[0].value["#"])[-1] == last.seq
    assert app.dataframe[0].key not in (table_before, table_before.replace("_p1", "_p2"))


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
    app.session_state[app.dataframe[0].key] = {
        "selection": {"rows": [row], "columns": [], "cells": []}
    }
    app.run()
    assert app.selectbox(key="selected_stop").value == far.id
    assert map_state(app)["selected"] == far.id
    label = f"{far.seq}. {far.name} ({short_date(far)})"
    assert label in app.selectbox(key="selected_stop").options  # the list follows the choice
