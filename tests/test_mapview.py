"""Map building: what the rendered HTML/JS must contain, and what must never appear."""

from __future__ import annotations

import hashlib
import json
import os
import re
import urllib.parse
from dataclasses import replace
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import yaml

from itinerary.filtering import StopFilter, filter_stops
from itinerary.format.loader import load_journey, parse_journey
from itinerary.geo.route import build_route
from itinerary.model import Journey, LatLon
from itinerary.topics import TOPIC_KEYS
from itinerary.views import mapdata, mapview
from itinerary.views.assets import (
    MAP_LIBRARY,
    MAP_STYLE,
    STATIC_URL,
    STATIC_URL_PREFIX,
    VENDOR_PACKAGES,
    Assets,
)
from itinerary.views.mapdata import (
    CANVAS_LIMIT,
    DETAIL_LIMIT,
    DETAILS_HINT,
    DISPLAY_TOLERANCE_M,
    city_labels,
    decode_mask,
    direction_arrows,
    display_geometry,
    encode_mask,
    map_state,
    route_runs,
    script_json,
    visible_mask,
)
from itinerary.views.mapview import (
    build_base_map,
    build_stop_layer,
    publish_config,
    standalone_html,
)
from itinerary.views.text import format_stop_when
from scripts.synthetic import journey_text
from tests.conftest import MINI
from tests.mapstate import journey_config, stop_state, visible_ids
from tests.test_simplify import SLACK_M, kept_indices, worst_deviation_m

HOSTILE = [
    "${window.__pwned=1}",
    "`",
    "``${alert(1)}``",
    "</script><script>window.__pwned=2</script>",
    '<img src=x onerror="window.__pwned=3">',
    "javascript:window.__pwned=4",
    "\\`\\${x}",
    "{{ 7*7 }}",
    "{% for x in range(3) %}loop{% endfor %}",
    "{# hidden #}",
    "{{{ triple }}}",
    "line\u2028separator",
    "<!-- open comment",
]


def _hostile_journey(text: str) -> Journey:
    raw = yaml.safe_load(MINI.read_text())
    raw["journey"]["title"] = f"Title {text}"
    for stop in raw["stops"]:
        for key in ("name", "site", "region", "country", "summary"):
            stop[key] = f"{key} {text}"
        stop["people"] = [f"person {text}"]
        stop["time_note"] = f"note {text}"
        stop["sources"][0]["outlet"] = f"outlet {text}"
        stop["sources"][0]["title"] = f"title {text}"
    raw["waypoints"][0]["name"] = f"waypoint {text}"
    return parse_journey(yaml.safe_dump(raw), "hostile.yaml")


def _backquoted_literals(script: str) -> list[str]:
    return re.findall(r"`[^`]*`", script)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_comes_out_inert_in_the_standalone_page(text: str) -> None:
    journey = _hostile_journey(text)
    route = build_route(journey)
    html = standalone_html(journey, route, journey.stops)
    # No raw markup from the data anywhere in the page: every < of the data is escaped.
    assert "<img src=x" not in html
    assert "window.__pwned=2</script>" not in html
    assert "<!-- open comment" not in html
    # The data reaches the page only as JSON; no template literal holds any of it.
    for literal in _backquoted_literals(html):
        assert "window.__pwned" not in literal and "alert(1)" not in literal
    # And it round-trips: the JSON payload decodes back to the exact text.
    config = journey_config(html)
    assert config["stops"][0]["name"] == f"name {text}"
    assert config["stops"][0]["tip"].startswith(f"1. name {text}")
    assert config["details"][0]["sources"][0]["title"] == f"title {text}"
    assert config["details"][0]["people"] == f"person {text}"
    assert visible_ids(html, html) == ["alpha", "beta", "gamma"]


def test_the_javascript_library_survives_folium_s_second_jinja_pass() -> None:
    # folium re-renders element scripts as Jinja templates: the library must hold
    # no Jinja delimiters, or the page would change (or break) on the way out.
    library = (Path(mapview.__file__).parent / "js" / "itinerary-map.js").read_text()
    assert not re.search(r"\{[{%#]", library)
    journey = load_journey(MINI)
    html = standalone_html(journey, build_route(journey), journey.stops)
    assert library.strip().splitlines()[-1] in html


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("</script>", '"\\u003c/script\\u003e"'),
        ("a&b", '"a\\u0026b"'),
        ("\u2028", '"\\u2028"'),
        ("${x}`", '"${x}`"'),
        ("{{ 7*7 }}", '"\\u007b{ 7*7 }}"'),
        ({"a": {"b": "{%"}}, '{"a":{"b":"\\u007b%"}}'),
    ],
    ids=[
        "cannot close the script block",
        "no entities",
        "line separator",
        "plain JSON string",
        "no Jinja expression for folium's second render",
        "structural braces stay, Jinja statements do not",
    ],
)
def test_script_json(value: object, expected: str) -> None:
    assert script_json(value) == expected
    assert json.loads(script_json(value)) == value


def test_base_map_is_identical_across_builds_so_the_iframe_is_kept() -> None:
    from streamlit_folium import _get_map_string  # what streamlit-folium hashes

    journey = load_journey(MINI)
    route = build_route(journey)
    first = _get_map_string(build_base_map(journey, route))
    second = _get_map_string(build_base_map(journey, route))
    assert first == second


MINI_STOPS = load_journey(MINI).stops

# (the rerun's filter, selected stop, playback progress, why)
VIEWS: list[tuple[StopFilter, str | None, int | None, str]] = [
    (StopFilter(), None, None, "all"),
    (StopFilter(topics=frozenset({"aviation", "environment"})), "gamma", None,
     "filtered by topic, with a selection"),
    (StopFilter(first_day=date(2023, 9, 13)), "beta", None, "filtered by date"),
    (StopFilter(topics=frozenset({"railways", "diplomacy"}), match="all"), None, None,
     "all of two topics"),
    (StopFilter(topics=frozenset()), None, None, "none"),
    (StopFilter(text="third", topics=frozenset({"environment"})), None, None,
     "topic and search together"),
    (StopFilter(), "alpha", 0, "playback start"),
    (StopFilter(), "beta", 1, "playback step"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("stop_filter", "selected", "progress"), [r[:3] for r in VIEWS], ids=[r[3] for r in VIEWS]
)
def test_stop_layer_carries_only_the_view_state(
    stop_filter: StopFilter, selected: str | None, progress: int | None
) -> None:
    journey = load_journey(MINI)
    route = build_route(journey)
    fmap = build_base_map(journey, route)
    state = map_state(journey.stops, stop_filter, selected_id=selected, progress=progress)
    build_stop_layer(state).add_to(fmap)
    html = str(fmap.get_root().render())
    shown = [stop.id for stop in filter_stops(journey.stops, stop_filter)]
    # The map's rule (read back from the page) shows what the package's filter lets through.
    assert visible_ids(html, html) == shown
    assert [s.id for s, v in zip(journey.stops, visible_mask(journey.stops, state), strict=True)
            if v] == shown  # fmt: skip
    sent = stop_state(html)
    assert sent == state
    assert (sent["selected"], sent["progress"]) == (selected, progress)
    # The mask carries every filter but the topics; the topics travel as keys.
    assert decode_mask(sent["base"], len(journey.stops)) == [
        stop_filter.accepts_rest(stop) for stop in journey.stops
    ]
    assert (sent["topics"], sent["match"]) == (sorted(stop_filter.topics), stop_filter.match)


def test_map_state_carries_the_topic_choice_order() -> None:
    """(reset generation, change number): the map keeps a newer choice made in the page."""
    state = map_state(MINI_STOPS, StopFilter(), order=(2, 7), focus=True)
    assert (state["order"], state["focus"]) == ([2, 7], True)
    assert map_state(MINI_STOPS, StopFilter())["order"] == [0, 0]


@pytest.mark.parametrize("count", [0, 1, 7, 8, 9, 10_000])
def test_mask_round_trips(count: int) -> None:
    flags = [index % 3 == 0 for index in range(count)]
    assert decode_mask(encode_mask(flags), count) == flags


def test_journey_config_describes_stops_route_and_basemap() -> None:
    journey = load_journey(MINI)
    route = build_route(journey)
    config = journey_config(str(build_base_map(journey, route).get_root().render()))
    beta = config["stops"][1]
    assert (beta["id"], beta["seq"]) == ("beta", 2)
    assert config["topicKeys"] == list(TOPIC_KEYS)
    # Every topic, main one first, as indices: the map filters by topic itself.
    assert [[config["topicKeys"][t] for t in stop["t"]] for stop in config["stops"]] == [
        list(stop.topics) for stop in journey.stops
    ]
    # In the app the details panel has the rest: popups are brief and say where to look.
    assert config["details"] is None
    assert config["detailsHint"] == DETAILS_HINT
    assert (beta["name"], beta["when"]) == ("Beta", format_stop_when(journey.stops[1]))
    assert [leg["mode"] for leg in config["legs"]] == ["rail", "road"]
    assert config["legs"][0]["points"] == [
        [43.8, 131.95], [45.0, 133.0], [47.0, 134.5], [48.49, 135.06]
    ]  # fmt: skip
    assert config["legs"][0]["tip"].startswith(f"{route.legs[0].label}: 579 km by rail")
    assert "reconstructed" in config["legs"][0]["tip"]
    assert "straight line" in config["legs"][1]["tip"]
    assert config["legend"] == ["diplomacy", "aviation", "railways", "environment"]
    assert config["canvasMarkers"] is False
    assert config["basemap"]["tileWaitMs"] == mapdata.TILE_WAIT_MS


def test_a_standalone_page_carries_the_details_in_its_popups() -> None:
    journey = load_journey(MINI)
    route = build_route(journey)
    config = mapdata.journey_config(journey, route, Assets.cdn(), in_app=False)
    assert config["detailsHint"] is None
    assert config["details"][1]["leg"].startswith("From Alpha: 579 km by rail")
    assert config["details"][2]["people"] == "Person B, Person C"
    assert [d["sources"][0]["url"] for d in config["details"]] == [
        stop.sources[0].url for stop in journey.stops
    ]
    assert (
        journey_config(standalone_html(journey, route, journey.stops))["details"]
        == (config["details"])
    )


def test_a_page_of_some_stops_holds_nothing_of_the_others() -> None:
    """An export of the visible stops: the others' names, places and topics stay out."""
    journey = load_journey(MINI)
    route = build_route(journey)
    kept = [journey.stops[0], journey.stops[2]]
    config = mapdata.journey_config(journey, route, Assets.cdn(), stops=kept, in_app=False)
    assert [stop["id"] for stop in config["stops"]] == ["alpha", "gamma"]
    assert [label[0] for label in config["labels"]] == ["Alpha", "Gamma"]
    assert config["legend"] == ["diplomacy", "railways", "environment"]
    # The route is still whole, but its tooltips name no stop.
    assert len(config["legs"]) == len(route.legs)
    assert [leg["tip"].split(":")[0] for leg in config["legs"]] == ["Rail leg", "Road leg"]
    page = standalone_html(journey, route, kept)
    assert visible_ids(page, page) == ["alpha", "gamma"]
    beta = journey.stops[1]
    leaks = [
        f"{text!r} at …{page[page.index(text) - 60 : page.index(text) + 40]}…"
        for text in (beta.name, beta.site, beta.summary, beta.sources[0].url, '"beta"')
        if text in page
    ]
    assert leaks == [], "the page of the visible stops names a hidden stop (the details' leg line)"


def test_big_journeys_get_compact_popups_and_canvas_markers() -> None:
    journey = load_journey(MINI)
    many = tuple(
        replace(journey.stops[0], id=f"s-{index}", seq=index) for index in range(CANVAS_LIMIT + 1)
    )
    big = replace(journey, stops=many, route=None)
    config = journey_config(str(build_base_map(big, build_route(big)).get_root().render()))
    assert config["details"] is None
    assert config["canvasMarkers"] is True
    assert len(config["stops"]) == CANVAS_LIMIT + 1
    assert "name" not in config["stops"][0]  # the tooltip (number, name, date) is the popup
    # Even a standalone page: details for thousands of stops do not scale.
    standalone = mapdata.journey_config(big, build_route(big), Assets.cdn(), in_app=False)
    assert standalone["details"] is None


@pytest.mark.parametrize(
    ("points", "bearing"),
    [
        ([LatLon(0, 0), LatLon(1, 0)], 0.0),
        ([LatLon(0, 0), LatLon(0, 1)], 90.0),
        ([LatLon(1, 0), LatLon(0, 0)], 180.0),
        ([LatLon(0, 1), LatLon(0, 0)], 270.0),
    ],
    ids=["north", "east", "south", "west"],
)
def test_direction_arrows_point_along_the_route(points: list[LatLon], bearing: float) -> None:
    (arrow,) = direction_arrows(points, spacing_km=200)
    assert arrow[2] == pytest.approx(bearing, abs=0.1)
    # The one arrow of a short leg sits half-way along it.
    assert arrow[0] == pytest.approx((points[0].lat + points[1].lat) / 2, abs=1e-3)


def test_legs_much_shorter_than_the_spacing_get_no_arrow() -> None:
    assert direction_arrows([LatLon(0, 0), LatLon(0, 0.1)], spacing_km=250) == []


def test_direction_arrows_are_spaced_along_long_lines() -> None:
    line = [LatLon(0, lon) for lon in range(0, 11)]  # about 1,113 km east along the equator
    arrows = direction_arrows(line, spacing_km=250)
    assert len(arrows) == 4
    assert [round(a[1], 2) for a in arrows] == [1.25, 3.75, 6.25, 8.75]


@pytest.mark.parametrize(
    ("names", "labels"),
    [
        (["Artyom", "Artyom (farewell)"], ["Artyom"]),
        (["Vladivostok: frigate", "Vladivostok: theatre"], ["Vladivostok"]),
        (["Khasan", "Pyongyang (return)"], ["Khasan", "Pyongyang"]),
    ],
    ids=["parenthetical dropped", "the place before a colon", "one label per place"],
)
def test_city_labels(names: list[str], labels: list[str]) -> None:
    stops = [replace(load_journey(MINI).stops[0], name=name) for name in names]
    assert [label[0] for label in city_labels(stops)] == labels


def test_assets_are_per_instance_and_never_leak_between_maps() -> None:
    journey = load_journey(MINI)
    route = build_route(journey)
    local = Assets(js=(("leaflet", "/app/static/x.js"),), css=(), image_path="/img/")
    local_html = str(build_base_map(journey, route, assets=local).get_root().render())
    cdn_html = str(build_base_map(journey, route).get_root().render())
    assert '<script src="/app/static/x.js"></script>' in local_html
    assert 'L.Icon.Default.imagePath = "/img/";' in local_html
    assert "/app/static/x.js" not in cdn_html
    assert "jquery" not in cdn_html.lower()  # folium's defaults are not loaded
    ((name, url),) = Assets.cdn().js  # Leaflet alone, at the pinned version
    assert name == "leaflet" and f"/leaflet@{VENDOR_PACKAGES['leaflet']}/" in url


@pytest.mark.parametrize(
    "bundled", [True, False], ids=["the bundle carries the library", "the page carries it"]
)
def test_the_map_library_and_style_come_once(bundled: bool) -> None:
    """With the served bundle the library is not repeated in every base map (30 kB a
    rerun); without it (CDN, read-only checkout) the base map must carry it."""
    journey = load_journey(MINI)
    assets = Assets(js=(("map", "/app/static/bundles/x.js"),), css=(), library_included=bundled)
    page = str(build_base_map(journey, build_route(journey), assets=assets).get_root().render())
    # The longest line of each: one no other part of the page could also hold.
    library_line = max(MAP_LIBRARY.read_text().splitlines(), key=len)
    style_line = max(MAP_STYLE.read_text().splitlines(), key=len)
    assert (library_line in page, style_line in page) == (not bundled, not bundled)
    assert "ItineraryMap.init(" in page  # the journey itself is always there


# --- the journey config by URL ---------------------------------------------------------------


def test_publish_config_is_content_addressed_and_idempotent(tmp_path: Path) -> None:
    url = publish_config('{"a":1}', tmp_path)
    name = hashlib.sha256(b'{"a":1}').hexdigest()[:20] + ".json"
    assert url == f"{STATIC_URL}/journeys/{name}"
    written = tmp_path / "journeys" / name
    assert written.read_text() == '{"a":1}'
    # Streamlit serves static/ where the vendored assets are: the same base URL.
    assert f"{STATIC_URL}/vendor" == STATIC_URL_PREFIX
    before = written.stat().st_mtime_ns
    assert publish_config('{"a":1}', tmp_path) == url  # same content: same name, not rewritten
    assert written.stat().st_mtime_ns == before
    other = publish_config('{"a":2}', tmp_path)
    assert other != url
    assert sorted(p.name for p in (tmp_path / "journeys").iterdir()) == sorted(
        [name, other.rsplit("/", 1)[1]]
    )  # no temporaries left behind


def test_publish_config_renames_a_complete_file_into_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = json.dumps({"stops": ["x" * 100_000]})
    real_replace = os.replace
    seen: list[str] = []

    def replace_checked(source: str, target: Path) -> None:
        assert not Path(target).exists()  # nothing is visible under the final name before
        seen.append(Path(source).read_text())
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace_checked)
    url = publish_config(data, tmp_path)
    assert seen == [data]
    assert (tmp_path / "journeys" / url.rsplit("/", 1)[1]).read_text() == data


def test_publish_config_leaves_nothing_when_the_write_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_descriptor: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(OSError, match="disk full"):
        publish_config('{"a":1}', tmp_path)
    assert list((tmp_path / "journeys").iterdir()) == []


def test_base_map_with_a_config_url_fetches_it_and_carries_no_journey_data() -> None:
    journey = _hostile_journey("Zanzibar")
    route = build_route(journey)
    url = "/app/static/journeys/0123456789abcdef0123.json"
    fmap = build_base_map(journey, route, config_url=url)
    only_alpha = StopFilter(last_day=journey.stops[0].start.date())
    build_stop_layer(map_state(journey.stops, only_alpha)).add_to(fmap)
    page = str(fmap.get_root().render())
    assert f'ItineraryMap.load({fmap.get_name()}, "{url}");' in page
    assert "ItineraryMap.init(map_" not in page
    assert "Zanzibar" not in page
    assert stop_state(page)["base"] == encode_mask([True, False, False])
    # The same journey and URL give the same page: streamlit-folium keeps the iframe.
    again = build_base_map(journey, route, config_url=url)
    from streamlit_folium import _get_map_string

    assert _get_map_string(again) == _get_map_string(build_base_map(journey, route, config_url=url))


def test_a_fetched_journey_and_its_styles_are_asked_for_before_the_map_scripts() -> None:
    """streamlit-folium loads the scripts one by one and only then adds the stylesheets and
    runs the map script: the first script (a data URL, no request) starts both at once."""
    journey = _hostile_journey("Zanzibar")
    url = "/app/static/journeys/0123456789abcdef0123.json"
    assets = Assets(js=(("map", "/b/map.js"),), css=(("map_css", "/b/map.css"),))
    fmap = build_base_map(journey, build_route(journey), assets=assets, config_url=url)
    (name, first), *rest = fmap.default_js
    assert (name, rest) == ("early_requests", [("map", "/b/map.js")])
    assert first.startswith("data:text/javascript,")
    code = urllib.parse.unquote(first.removeprefix("data:text/javascript,"))
    assert f'fetch("{url}",' in code
    assert "rel='preload';l.as='style'" in code and '["/b/map.css"]' in code
    # Only for a fetched journey: an inline one has nothing to ask for.
    inline = build_base_map(journey, build_route(journey), assets=assets)
    assert [n for n, _ in inline.default_js] == ["map"]


def test_the_early_script_escapes_what_it_is_given() -> None:
    url = '/j/"x</script>.json'
    assets = Assets(js=(), css=(("s", "/a'b</style>.css"),))
    code = urllib.parse.unquote(
        mapview.early_requests_script(url, assets).removeprefix("data:text/javascript,")
    )
    # Strings arrive as script-safe JSON: nothing can end the script or its string early.
    assert "<" not in code and ">" not in code
    assert json.dumps(url).replace("<", "\\u003c").replace(">", "\\u003e") in code
    assert "\\u003c/style\\u003e" in code


# --- big journeys: the route as joined runs ---------------------------------------------------


@pytest.fixture(scope="module")
def big_journey() -> Journey:
    return parse_journey(journey_text(DETAIL_LIMIT + 100, route_vertices=8_000), "big.yaml")


def test_big_journeys_draw_runs_of_legs_that_keep_every_leg_boundary(big_journey: Journey) -> None:
    route = build_route(big_journey)
    geometry = display_geometry(route)
    runs = route_runs([leg.mode for leg in route.legs], geometry)
    # Runs cover every leg once, in order, and never mix modes.
    assert [run.first_leg for run in runs] == sorted({run.first_leg for run in runs})
    assert sum(len(run.leg_starts) for run in runs) == len(route.legs)
    assert len(runs) < len(route.legs) / 4
    for before, after in pairwise(runs):  # runs are as long as they can be
        assert before.mode != after.mode or before.points[-1] != after.points[0]
    for run in runs:
        legs = route.legs[run.first_leg : run.first_leg + len(run.leg_starts)]
        assert {leg.mode for leg in legs} == {run.mode}
        ends = [*run.leg_starts[1:], len(run.points) - 1]
        for leg, start, end in zip(legs, run.leg_starts, ends, strict=True):
            # The leg's own stretch of the run starts and ends on its boundary vertices
            # (the same objects as the full geometry's), and is a subsequence of it.
            stretch = run.points[start : end + 1]
            assert stretch[0] is leg.points[0] and stretch[-1] is leg.points[-1]
            kept_indices(leg.points, stretch)
    # Fewer vertices than one line per leg (shared boundaries are sent once).
    assert sum(len(run.points) for run in runs) < sum(len(line) for line in geometry)
    config = journey_config_of(big_journey)
    assert config["legs"] == []
    assert config["legCount"] == len(route.legs)
    assert [r["legStarts"] for r in config["runs"]] == [list(r.leg_starts) for r in runs]
    assert [len(r["points"]) for r in config["runs"]] == [len(r.points) for r in runs]


def test_every_route_vertex_is_within_the_tolerance_of_the_drawn_run(big_journey: Journey) -> None:
    route = build_route(big_journey)
    runs = route_runs([leg.mode for leg in route.legs], display_geometry(route))
    checked = 0
    for run in runs:
        ends = [*run.leg_starts[1:], len(run.points) - 1]
        for k, (start, end) in enumerate(zip(run.leg_starts, ends, strict=True)):
            if (run.first_leg + k) % 5:  # a sample: the geodesic check is slow
                continue
            leg = route.legs[run.first_leg + k]
            stretch = run.points[start : end + 1]
            assert worst_deviation_m(leg.points, stretch) <= DISPLAY_TOLERANCE_M + SLACK_M
            checked += len(leg.points) - len(stretch)
    assert checked > 100  # vertices were dropped, and each was checked


def test_run_joining_rules() -> None:
    a, b, c, d = LatLon(0, 0), LatLon(0, 1), LatLon(0, 2), LatLon(0, 3)
    runs = route_runs(
        ["rail", "rail", "road", "road", "road"],
        [(a, b), (b, c), (c, d), (a, b), (b, c, d)],  # the fourth does not start where 3 ends
    )
    assert [(r.mode, r.first_leg, r.points, r.leg_starts) for r in runs] == [
        ("rail", 0, (a, b, c), (0, 1)),
        ("road", 2, (c, d), (0,)),
        ("road", 3, (a, b, c, d), (0, 1)),
    ]
    assert route_runs([], []) == ()


def test_small_journeys_keep_one_line_per_leg() -> None:
    journey = load_journey(MINI)
    config = journey_config_of(journey)
    assert config["runs"] is None
    assert len(config["legs"]) == config["legCount"] == 2


def journey_config_of(journey: Journey) -> dict[str, Any]:
    return journey_config(
        str(build_base_map(journey, build_route(journey), tiles=None).get_root().render())
    )
