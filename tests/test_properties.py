"""Properties over generated inputs (hypothesis): what must hold for every file and text.

1. The loader raises nothing but DataFileError (ValidationError included), always
   naming the file, whatever the bytes or however the valid fixture is mangled;
   and whatever it accepts, the route, the map payload and the exports can use.
   Its YAML reader agrees with PyYAML on everything PyYAML writes (itinerary.format.yamledit
   relies on that to check its own rewrites).
2. Any text in any text field reaches the map page inert: no markup, comment,
   script end or Jinja delimiter from the data survives, and the JSON payload
   decodes back to exactly that text.
3. Any valid journey survives the trip through YAML into the model, and through
   ``to_geojson`` out again, field by field (GeoJSON coordinates are lon, lat).
"""

from __future__ import annotations

import html as html_module
import json
import math
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from itertools import pairwise
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itinerary.errors import DataFileError, ValidationError
from itinerary.format.loader import parse_journey, parse_yaml
from itinerary.geo.route import build_route
from itinerary.model import CONFIDENCES, PROVENANCES, TIME_PRECISIONS, Journey, Stop
from itinerary.topics import TOPIC_KEYS
from itinerary.views.assets import Assets
from itinerary.views.export import to_csv, to_geojson
from itinerary.views.mapview import journey_config, script_json, standalone_html
from tests import mapstate
from tests.conftest import MINI

FILE = "generated.yaml"
MINI_TEXT = MINI.read_text(encoding="utf-8")
MINI_RAW: dict[str, Any] = yaml.safe_load(MINI_TEXT)
MINI_JOURNEY = parse_journey(MINI_TEXT, "mini.yaml")

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RENDER = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _load_or_refuse(content: bytes | str) -> Journey | None:
    """parse_journey, asserting that any refusal is a DataFileError naming the file."""
    try:
        journey = parse_journey(content, FILE)
    except DataFileError as error:  # ValidationError is one
        assert error.file == FILE
        assert str(error).startswith(FILE)
        if isinstance(error, ValidationError):
            assert error.problems
            assert all(problem.file == FILE for problem in error.problems)
            assert all(str(problem).startswith(f"{FILE}: ") for problem in error.problems)
        return None
    # Whatever the loader accepts, the rest of the package can use.
    route = build_route(journey)
    json.dumps(to_geojson(journey, route, journey.stops), allow_nan=False)
    to_csv(route, journey.stops)
    for in_app in (True, False):  # the app's payload, and a standalone page's with details
        script_json(journey_config(journey, route, Assets.cdn(), in_app=in_app))
    return journey


# --- 1. The loader's contract on arbitrary input ----------------------------------------


@FUZZ
@given(st.binary(max_size=3_000))
def test_arbitrary_bytes_are_refused_cleanly(content: bytes) -> None:
    _load_or_refuse(content)


@FUZZ
@given(st.text(max_size=3_000))
def test_arbitrary_text_is_refused_cleanly(content: str) -> None:
    _load_or_refuse(content)


def _mutations(text: str) -> st.SearchStrategy[bytes]:
    """The valid fixture, cut, spliced and sprinkled with YAML's special characters."""
    data = text.encode()
    position = st.integers(0, len(data))
    specials = st.sampled_from(
        [b"\n", b"\r", b"\t", b" ", b":", b"- ", b"[", b"]", b"{", b"}", b"&a ", b"*a",
         b"!!", b"!x ", b"\"", b"'", b"#", b"|", b">", b"%", b"@", b"`", b"\\", b"---\n",
         b"<<: ", b".nan", b".inf", b"~", b"1e400", b"\xff", b"\x00", b"\xc3", b"\xef\xbb\xbf"]
    )  # fmt: skip
    insert = st.tuples(position, st.one_of(specials, st.binary(min_size=1, max_size=8)))

    @st.composite
    def mutated(draw: st.DrawFn) -> bytes:
        result = data
        for _ in range(draw(st.integers(1, 6))):
            at, piece = draw(insert)
            cut = draw(st.integers(0, 3))
            result = result[:at] + piece + result[at + cut :]
        return result

    return mutated()


@FUZZ
@given(_mutations(MINI_TEXT))
def test_the_fixture_with_random_edits_is_loaded_or_refused_cleanly(content: bytes) -> None:
    _load_or_refuse(content)


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**20, max_value=10**400),
    st.floats(),
    st.text(max_size=40),
    st.sampled_from(["", " ", "alpha", "2023-09-12", "javascript:alert(1)", "NO", "1e400",
                     "https://example.org", "\x1b[31m", "\u202e", "{{ 7*7 }}"]),
)  # fmt: skip
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_paths(value, (*prefix, index)))
    return found


_MINI_PATHS = _paths(MINI_RAW)[1:]


@st.composite
def _mangled_documents(draw: st.DrawFn) -> dict[str, Any]:
    """The valid fixture with a few values replaced, removed or added."""
    document: dict[str, Any] = json.loads(json.dumps(MINI_RAW))
    for _ in range(draw(st.integers(1, 4))):
        *parents, last = draw(st.sampled_from(_MINI_PATHS))
        target = document
        try:
            for part in parents:
                target = target[part]
            action = draw(st.sampled_from(["replace", "delete", "add"]))
            if action == "replace":
                target[last] = draw(_VALUES)
            elif action == "delete":
                del target[last]
            elif isinstance(target, dict):
                target[draw(st.text(max_size=12))] = draw(_VALUES)
            elif isinstance(target, list):
                target.append(draw(_VALUES))
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit removed or replaced this path
    return document


@FUZZ
@given(_mangled_documents())
def test_mangled_documents_are_loaded_or_refused_cleanly(document: dict[str, Any]) -> None:
    _load_or_refuse(yaml.safe_dump(document, allow_unicode=True, sort_keys=False))


_DATA = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=16,
)


@FUZZ
@given(_DATA, st.booleans(), st.booleans())
def test_what_pyyaml_writes_reads_back_the_same(value: Any, flow: bool, unicode: bool) -> None:
    text = yaml.safe_dump(value, default_flow_style=flow, allow_unicode=unicode)
    assert parse_yaml(text, FILE) == yaml.safe_load(text)


# --- 2. Any text renders inert in the map page ------------------------------------------

_TEXT = st.one_of(
    st.text(min_size=1, max_size=60),  # any Unicode but surrogates, control characters too
    st.lists(
        st.sampled_from(["</script>", "</SCRIPT ", "<!--", "-->", "<script>", "<img src=x>",
                         "`", "${x}", "{{", "}}", "{%", "%}", "{#", "#}", "{{ 7*7 }}", '"', "'",
                         "\\", "\\u003c", "&lt;", "&", "\u2028", "\u2029", "\x00", "\x1b",
                         "\u202e", "]]>", "javascript:", " "]),
        min_size=1,
        max_size=8,
    ).map("".join),
)  # fmt: skip
_PAGE_MARKERS = ("<", ">", "</script", "<!--", "{{", "{%", "{#")


def _with_text(journey: Journey, text: str) -> Journey:
    """Every text field of the journey holds ``text`` (bypassing the loader's checks)."""

    def stop_with(stop: Stop) -> Stop:
        return replace(
            stop,
            name=f"name {text}",
            site=f"site {text}",
            region=f"region {text}",
            country=f"country {text}",
            summary=f"summary {text}",
            people=(f"person {text}",),
            time_note=f"note {text}",
            sources=tuple(
                replace(s, outlet=f"outlet {text}", title=f"title {text}") for s in stop.sources
            ),
        )

    return replace(
        journey,
        title=f"title {text}",
        summary=f"summary {text}",
        stops=tuple(stop_with(stop) for stop in journey.stops),
        waypoints=tuple(replace(w, name=f"waypoint {text}") for w in journey.waypoints),
    )


def _page(journey: Journey) -> str:
    return standalone_html(journey, build_route(journey), journey.stops, tiles=None)


_BASELINE_PAGE = _page(_with_text(MINI_JOURNEY, "x"))
_TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)


@RENDER
@given(_TEXT)
def test_any_text_in_any_field_renders_inert(text: str) -> None:
    journey = _with_text(MINI_JOURNEY, text)
    page = _page(journey)
    # The page has exactly the markup, script ends, comments and Jinja delimiters of
    # the same journey with harmless text: none of them came from the data.
    for marker in _PAGE_MARKERS:
        assert page.count(marker) == _BASELINE_PAGE.count(marker), marker
    # The data travels as JSON that decodes back to the exact text.
    config = mapstate.journey_config(page)
    first, details = config["stops"][0], config["details"][0]
    assert first["name"] == f"name {text}"
    assert first["tip"].startswith(f"1. name {text}")
    assert (details["site"], details["region"], details["country"]) == (
        f"site {text}",
        f"region {text}",
        f"country {text}",
    )
    assert details["summary"] == f"summary {text}"
    assert details["people"] == f"person {text}"
    assert details["sources"][0] == {
        "outlet": f"outlet {text}",
        "title": f"title {text}",
        "url": "https://example.org/alpha",
    }
    assert config["legs"][0]["tip"].startswith(f"name {text} → name {text}")
    title = _TITLE.search(page)
    assert title is not None
    assert html_module.unescape(title.group(1)) == f"title {text}"
    assert mapstate.visible_ids(page, page) == ["alpha", "beta", "gamma"]


# --- 3. Valid journeys survive YAML, the model and GeoJSON ------------------------------

_SAFE_CHARACTERS = st.characters(
    blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
    blacklist_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\ufffe\uffff",
)
_WORDS = st.text(_SAFE_CHARACTERS, min_size=1, max_size=40).filter(
    lambda text: text == text.strip() and bool(text)
)
_SLUG = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
_URLS = st.builds(
    lambda scheme, host, path: f"{scheme}://{host}/{path}",
    st.sampled_from(["http", "https", "HTTPS"]),
    st.from_regex(r"[a-z0-9]{1,10}(\.[a-z0-9]{1,10}){1,2}", fullmatch=True),
    st.from_regex(r"[A-Za-z0-9._~%/?=&-]{0,30}", fullmatch=True),
)
_OFFSETS = st.integers(-12 * 4, 14 * 4).map(
    lambda quarters: timezone(timedelta(minutes=15 * quarters))
)


@st.composite
def _valid_documents(draw: st.DrawFn) -> dict[str, Any]:
    count = draw(st.integers(1, 5))
    ids = draw(st.lists(_SLUG, min_size=count, max_size=count, unique=True))
    seq = draw(st.integers(-1_000, 1_000))
    moment = draw(st.datetimes(datetime(1950, 1, 1), datetime(2090, 1, 1))).replace(tzinfo=UTC)
    stops = []
    for stop_id in ids:
        start = moment.astimezone(draw(_OFFSETS))
        end = start + draw(st.timedeltas(timedelta(0), timedelta(days=2)))
        stop: dict[str, Any] = {
            "id": stop_id,
            "seq": seq,
            "name": draw(_WORDS),
            "site": draw(_WORDS),
            "region": draw(_WORDS),
            "country": draw(_WORDS),
            "location": {
                "lat": draw(st.floats(-90, 90, allow_nan=False)),
                "lon": draw(st.floats(-180, 180, allow_nan=False)),
                "provenance": draw(st.sampled_from(PROVENANCES)),
                "geocoder": "test",
            },
            "start": start.isoformat(),
            "time_precision": draw(st.sampled_from(TIME_PRECISIONS)),
            "topics": draw(st.lists(st.sampled_from(TOPIC_KEYS), min_size=1, unique=True)),
            "people": draw(st.lists(_WORDS, max_size=3)),
            "summary": draw(_WORDS),
            "confidence": draw(st.sampled_from(CONFIDENCES)),
            "sources": draw(
                st.lists(
                    st.fixed_dictionaries({"outlet": _WORDS, "title": _WORDS, "url": _URLS}),
                    min_size=1,
                    max_size=3,
                )
            ),
        }
        if draw(st.booleans()):
            stop["end"] = end.astimezone(draw(_OFFSETS)).isoformat()
        stops.append(stop)
        seq += draw(st.integers(1, 1_000_000))
        moment = max(moment, end) + draw(st.timedeltas(timedelta(0), timedelta(days=3)))
    document: dict[str, Any] = {
        "schema": "itinerary/1",
        "journey": {"id": draw(_SLUG), "title": draw(_WORDS), "summary": draw(_WORDS)},
        "stops": stops,
    }
    if draw(st.booleans()):
        legs = [
            {"from": a["id"], "to": b["id"], "mode": draw(st.sampled_from(["rail", "road"]))}
            for a, b in pairwise(stops)
        ]
        document["route"] = {"reconstructed": draw(st.booleans()), "legs": legs}
    return document


def _same_moment(text: str, moment: datetime) -> bool:
    parsed = datetime.fromisoformat(text)
    return parsed == moment and parsed.utcoffset() == moment.utcoffset()


@FUZZ
@given(_valid_documents())
def test_valid_journeys_survive_yaml_and_geojson(document: dict[str, Any]) -> None:
    journey = parse_journey(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), FILE)
    route = build_route(journey)
    exported = json.loads(json.dumps(to_geojson(journey, route, journey.stops), allow_nan=False))
    assert exported["type"] == "FeatureCollection"
    assert exported["properties"] == {
        "journey": document["journey"]["id"],
        "title": document["journey"]["title"],
    }
    points = [f for f in exported["features"] if f["properties"]["kind"] == "stop"]
    lines = [f for f in exported["features"] if f["properties"]["kind"] == "route"]
    assert len(points) == len(document["stops"])
    for raw, stop, feature in zip(document["stops"], journey.stops, points, strict=True):
        properties = feature["properties"]
        location = raw["location"]
        # The file's values reached the model unchanged ...
        assert (stop.id, stop.seq, stop.name, stop.site) == (
            raw["id"],
            raw["seq"],
            raw["name"],
            raw["site"],
        )
        assert stop.point == (location["lat"], location["lon"])
        assert _same_moment(raw["start"], stop.start)
        if "end" in raw:
            assert stop.end is not None and _same_moment(raw["end"], stop.end)
        else:
            assert stop.end is None
        # ... and the model's reached GeoJSON, longitude first.
        assert feature["geometry"] == {
            "type": "Point",
            "coordinates": [location["lon"], location["lat"]],
        }
        assert all(math.isfinite(value) for value in feature["geometry"]["coordinates"])
        expected = {
            "id": raw["id"],
            "seq": raw["seq"],
            "name": raw["name"],
            "site": raw["site"],
            "region": raw["region"],
            "country": raw["country"],
            "time_precision": raw["time_precision"],
            "topics": raw["topics"],
            "people": raw["people"],
            "summary": raw["summary"],
            "confidence": raw["confidence"],
            "coordinate_provenance": location["provenance"],
            "sources": raw["sources"],
        }
        assert {key: properties[key] for key in expected} == expected
        assert _same_moment(properties["start"], stop.start)
        if stop.end is None:
            assert properties["end"] is None
        else:
            assert _same_moment(properties["end"], stop.end)
    legs = document.get("route", {}).get("legs", [])
    assert [(f["properties"]["from"], f["properties"]["to"]) for f in lines] == [
        (leg["from"], leg["to"]) for leg in legs
    ]
    by_id = {stop["id"]: stop["location"] for stop in document["stops"]}
    for feature, leg in zip(lines, legs, strict=True):
        ends = [by_id[leg["from"]], by_id[leg["to"]]]
        assert feature["geometry"]["coordinates"] == [[end["lon"], end["lat"]] for end in ends]
        assert feature["properties"]["mode"] == leg["mode"]
        assert math.isfinite(feature["properties"]["km"]) and feature["properties"]["km"] >= 0
