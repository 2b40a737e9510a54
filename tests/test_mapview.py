"""Map building: what the rendered HTML/JS must contain, and what must never appear."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import yaml

from itinerary.loader import load_journey, parse_journey
from itinerary.mapview import (
    Assets,
    build_base_map,
    build_stop_layer,
    script_json,
    standalone_html,
)
from itinerary.route import build_route
from tests.conftest import MINI

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


def _hostile_journey(text: str) -> Any:
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
    payload = re.search(r"var stops = (\[.*?\]);\n", html)
    assert payload is not None
    stops = json.loads(payload.group(1))
    assert stops[0]["name"] == f"name {text}"
    assert stops[0]["sources"][0]["title"] == f"title {text}"


def test_tooltips_are_html_escaped_because_leaflet_uses_innerhtml() -> None:
    journey = _hostile_journey('<img src=x onerror="window.__pwned=3">')
    layer = build_stop_layer(journey.stops, build_route(journey))
    script = _render_group(layer)
    payload = json.loads(re.search(r"var stops = (\[.*?\]);\n", script).group(1))  # type: ignore[union-attr]
    assert payload[0]["tipHtml"].startswith("1. name &lt;img src=x onerror=&quot;")


def _render_group(layer: Any) -> str:
    fmap = build_base_map(load_journey(MINI), build_route(load_journey(MINI)))
    layer.add_to(fmap)
    return str(fmap.get_root().render())


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
    from streamlit_folium import _get_map_string  # the hash streamlit-folium keys on

    journey = load_journey(MINI)
    route = build_route(journey)
    first = _get_map_string(build_base_map(journey, route))
    second = _get_map_string(build_base_map(journey, route))
    assert first == second


def test_stop_layer_holds_only_the_given_stops_and_marks_the_selection() -> None:
    journey = load_journey(MINI)
    route = build_route(journey)
    html = _render_group(build_stop_layer(journey.stops[1:], route, selected_id="gamma"))
    stops = json.loads(re.search(r"var stops = (\[.*?\]);\n", html).group(1))  # type: ignore[union-attr]
    assert [stop["id"] for stop in stops] == ["beta", "gamma"]
    assert 'var selected = "gamma";' in html
    beta = stops[0]
    assert beta["leg"].startswith("From Alpha: ")
    assert beta["topic"] == "aviation"


def test_route_is_drawn_per_leg_with_its_geometry() -> None:
    journey = load_journey(MINI)
    html = str(build_base_map(journey, build_route(journey)).get_root().render())
    legs = json.loads(re.search(r"var legs = (\[.*?\]);\n", html).group(1))  # type: ignore[union-attr]
    assert [leg["mode"] for leg in legs] == ["rail", "road"]
    assert legs[0]["points"] == [[43.8, 131.95], [45.0, 133.0], [47.0, 134.5], [48.49, 135.06]]
    assert "reconstructed" in legs[0]["tipHtml"]


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
