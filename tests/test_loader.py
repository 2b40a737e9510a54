"""Loading and validation: tables of accepted and rejected inputs, each with its reason."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from itinerary.errors import DataFileError, ItineraryError, ValidationError
from itinerary.format.decoding import read_text
from itinerary.format.limits import MAX_FILE_BYTES
from itinerary.format.loader import load_journey, parse_journey
from itinerary.model import LatLon
from scripts.synthetic import journey_document
from tests.conftest import MINI, REAL_JOURNEY


def test_the_fixture_loads_into_the_model() -> None:
    journey = load_journey(MINI)
    assert journey.id == "mini-journey"
    assert [stop.id for stop in journey.stops] == ["alpha", "beta", "gamma"]
    alpha = journey.stop("alpha")
    assert alpha.point == LatLon(43.80, 131.95)
    assert alpha.start == datetime(2023, 9, 12, 6, tzinfo=timezone(timedelta(hours=10)))
    assert alpha.topics == ("railways", "diplomacy")
    assert alpha.sources[0].url == "https://example.org/alpha"
    assert journey.route is not None and journey.route.reconstructed
    assert [leg.via for leg in journey.route.legs] == [("wp-south", "wp-north"), ()]


def test_every_shipped_data_file_is_valid() -> None:
    paths = sorted(REAL_JOURNEY.parent.glob("*.yaml"))
    assert REAL_JOURNEY in paths
    for path in paths:
        journey = load_journey(path)
        assert journey.stops, path
        for stop in journey.stops:
            assert stop.sources, stop.id


def _set(document: dict[str, Any], path: str, value: Any) -> None:
    """Set document[a][b]... where path is 'a.b.0.c'; value DELETE removes the key."""
    *parents, last = path.split(".")
    target: Any = document
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    key: Any = int(last) if last.isdigit() else last
    if value is DELETE:
        del target[key]
    else:
        target[key] = value


DELETE = object()

# (path to change, new value, field named in the error, fragment of the message, why)
REJECTED = [
    ("schema", "itinerary/2", "schema", "must be 'itinerary/1'", "unknown schema version"),
    ("journey.id", "Has Spaces", "journey.id", "lower-case", "ids are slugs"),
    ("journey.title", DELETE, "journey.title", "required", "a journey needs a title"),
    ("stops.0.id", "beta", "id", "duplicate stop id", "ids must be unique"),
    ("stops.0.seq", "one", "seq", "whole number", "seq must be an integer"),
    ("stops.0.seq", True, "seq", "whole number", "booleans are not numbers"),
    ("stops.1.seq", 0, "seq", "greater than the previous", "order must increase"),
    ("stops.0.name", "", "name", "must not be empty", "blank names say nothing"),
    ("stops.0.name", 42, "name", "expected text", "names are text"),
    ("stops.0.name", "x" * 301, "name", "limit is 300", "names stay short"),
    ("stops.0.location.lat", 91, "location.lat", "between -90 and 90", "latitude range"),
    ("stops.0.location.lon", -180.5, "location.lon", "between -180 and 180", "longitude range"),
    ("stops.0.location.lat", math.nan, "location.lat", "between -90", "NaN is not a place"),
    ("stops.0.location.lon", math.inf, "location.lon", "between -180", "infinity neither"),
    ("stops.0.location.lat", "43.8", "location.lat", "number of degrees", "text is not a number"),
    ("stops.0.location.provenance", "guess", "location.provenance", "one of", "controlled"),
    ("stops.0.location", DELETE, "location", "required", "a stop needs a place"),
    ("stops.0.location.colour", "red", "location.colour", "unknown field", "typos are caught"),
    ("stops.0.start", "2023-09-12T06:00:00", "start", "UTC offset", "local time needs a zone"),
    ("stops.0.start", "12/09/2023", "start", "ISO 8601", "only ISO dates"),
    ("stops.0.start", "2023-09-12", "start", "UTC offset", "a bare date has no time or zone"),
    ("stops.1.end", "2023-09-13T07:00:00+10:00", "end", "before start", "end after start"),
    ("stops.1.start", "2023-09-11T08:00:00+10:00", "start", "earlier than the previous", "time"),
    ("stops.0.time_precision", "roughly", "time_precision", "one of", "controlled vocabulary"),
    ("stops.0.topics", ["railways", "sport"], "topics[1]", "unknown topic 'sport'", "vocabulary"),
    ("stops.0.topics", [], "topics", "at least 1", "every stop has a topic"),
    ("stops.0.topics", ["space", "space"], "topics", "twice", "no repeated topics"),
    ("stops.0.topics", "railways", "topics", "expected a list", "a list, not a string"),
    ("stops.0.people", [None], "people[0]", "expected text", "people are named"),
    ("stops.0.confidence", "certain", "confidence", "one of", "controlled vocabulary"),
    ("stops.0.sources", [], "sources", "at least 1", "every fact carries its source"),
    ("stops.0.sources.0.url", "javascript:alert(1)", "sources[0].url", "http", "no script URLs"),
    ("stops.0.sources.0.url", "data:text/html,x", "sources[0].url", "http", "no data URLs"),
    ("stops.0.sources.0.url", "ftp://example.org/x", "sources[0].url", "http", "web links only"),
    ("stops.0.sources.0.url", "https://exa mple.org", "sources[0].url", "http", "no spaces"),
    ("stops.0.sources.0.url", "https://", "sources[0].url", "http", "a host is needed"),
    ("stops.0.sources.0.outlet", DELETE, "sources[0].outlet", "required", "name the outlet"),
    ("stops.0.extra", 1, "extra", "unknown field", "typos are caught"),
    ("stops", [], "stops", "no stops", "an empty journey shows nothing"),
    ("stops.0", "alpha", "stops[0]", "expected a mapping", "a stop is a mapping"),
    ("stops", "none", "stops", "expected a list", "stops are a list"),
    ("waypoints.0.id", "alpha", "waypoints[0].id", "duplicate id", "ids shared with stops"),
    ("waypoints.0.kind", "tunnel", "waypoints[0].kind", "one of", "controlled vocabulary"),
    ("waypoints.0.lat", -95, "waypoints[0].lat", "between -90", "waypoints are places too"),
    ("route.legs.0.via", ["nowhere"], "route.legs[0].via[0]", "no waypoint", "dangling ref"),
    ("route.legs.0.mode", "boat", "route.legs[0].mode", "one of", "rail or road"),
    ("route.legs.1.from", "alpha", "route.legs[1]", "must go from 'beta'", "legs in stop order"),
    ("route.legs", [], "route.legs", "one leg per pair", "every hop is drawn"),
    ("route.reconstructed", "yes", "route.reconstructed", "true or false", "a real boolean"),
    ("waypoints.0.lat", -40.0, "route.legs[0].via", "looks misplaced", "far-off waypoint"),
]


@pytest.mark.parametrize(
    ("path", "value", "field", "message"),
    [row[:4] for row in REJECTED],
    ids=[row[4] for row in REJECTED],
)
def test_rejected_inputs_name_file_stop_and_field(
    mini_raw: dict[str, Any],
    write_yaml: Callable[[Any], Path],
    path: str,
    value: Any,
    field: str,
    message: str,
) -> None:
    _set(mini_raw, path, value)
    file = write_yaml(mini_raw)
    with pytest.raises(ValidationError) as caught:
        load_journey(file)
    problems = caught.value.problems
    matching = [p for p in problems if p.field == field and message in p.message]
    assert matching, f"no problem on {field!r} mentioning {message!r} in {problems}"
    assert all(p.file == str(file) for p in problems)
    if path.startswith("stops.") and path[6].isdigit():
        assert matching[0].stop_id is not None


def test_error_message_shows_the_bad_value(mini_raw: dict[str, Any]) -> None:
    mini_raw["stops"][0]["location"]["lat"] = 123.4
    with pytest.raises(ValidationError) as caught:
        parse_journey(_dump(mini_raw), "trip.yaml")
    assert str(caught.value.problems[0]) == (
        "trip.yaml: stop 'alpha': location.lat: must be between -90 and 90, instead got 123.4"
    )


def test_every_problem_is_reported_at_once(mini_raw: dict[str, Any]) -> None:
    mini_raw["stops"][0]["topics"] = ["nope"]
    mini_raw["stops"][1]["sources"][0]["url"] = "javascript:x"
    mini_raw["stops"][2]["location"]["lat"] = "north"
    with pytest.raises(ValidationError) as caught:
        parse_journey(_dump(mini_raw), "trip.yaml")
    assert {(p.stop_id, p.field) for p in caught.value.problems} == {
        ("alpha", "topics[0]"),
        ("beta", "sources[0].url"),
        ("gamma", "location.lat"),
    }


def test_the_leg_rules_report_each_broken_leg_of_a_long_route_in_order() -> None:
    document = journey_document(40, 800, seed=5)
    stops, legs = document["stops"], document["route"]["legs"]
    waypoints = {waypoint["id"]: waypoint for waypoint in document["waypoints"]}
    first, turned, last = [n for n, leg in enumerate(legs) if len(leg["via"]) >= 2][1:-1:8][:3]
    for ref in (legs[first]["via"][1], legs[last]["via"][0]):  # sent to the South Atlantic
        waypoints[ref].update(lat=-40.0, lon=-20.0)
    legs[turned]["from"], legs[turned]["to"] = legs[turned]["to"], legs[turned]["from"]
    with pytest.raises(ValidationError) as caught:
        parse_journey(json.dumps(document), "long.json")
    problems = [(p.stop_id, p.field, p.message) for p in caught.value.problems]
    assert [problem[:2] for problem in problems] == [
        (stops[turned + 1]["id"], f"route.legs[{turned}]"),
        (stops[first + 1]["id"], f"route.legs[{first}].via"),
        (stops[last + 1]["id"], f"route.legs[{last}].via"),
    ]
    assert problems[0][2].endswith(
        f"instead got {legs[turned]['from']!r} -> {legs[turned]['to']!r}"
    )
    assert problems[1][2].endswith(f"waypoint {legs[first]['via'][1]!r} looks misplaced")
    assert problems[2][2].endswith(f"waypoint {legs[last]['via'][0]!r} looks misplaced")


ACCEPTED = [
    ("stops.1.end", None, "end is optional"),
    ("stops.0.people", [], "nobody named is fine"),
    ("stops.0.location.lat", 43, "whole degrees are numbers too"),
    ("stops.0.start", "2023-09-12T06:00:00Z", "UTC written as Z"),
    ("stops.0.sources.0.url", "HTTPS://EXAMPLE.ORG/A", "scheme case does not matter"),
    ("route.legs.0.via", [], "a leg may be a straight line"),
    ("stops.2.location.lon", -179.9, "the antimeridian is a real place"),
]


@pytest.mark.parametrize(
    ("path", "value"), [row[:2] for row in ACCEPTED], ids=[row[2] for row in ACCEPTED]
)
def test_accepted_inputs(mini_raw: dict[str, Any], path: str, value: Any) -> None:
    if path == "stops.2.location.lon":
        mini_raw["route"]["legs"][1]["mode"] = "road"
        mini_raw["stops"][2]["location"]["lat"] = 65.0
        mini_raw["stops"][1]["location"] = {"lat": 64.0, "lon": 179.5, "provenance": "surveyed"}
        mini_raw["route"]["legs"][0]["via"] = []
        mini_raw["stops"][0]["location"] = {"lat": 63.0, "lon": 178.0, "provenance": "surveyed"}
    _set(mini_raw, path, value)
    journey = parse_journey(_dump(mini_raw), "ok.yaml")
    assert len(journey.stops) == 3


def test_a_journey_without_route_has_no_legs(mini_raw: dict[str, Any]) -> None:
    del mini_raw["route"]
    del mini_raw["waypoints"]
    assert parse_journey(_dump(mini_raw)).route is None


# (file content, fragment of the error, why)
UNREADABLE = [
    (b"schema: [unclosed", "not valid YAML: line", "syntax errors say where"),
    (b"\xff\xfe\x00junk", "not a text file", "binary junk"),
    (b"name: caf\xe9", "not valid UTF-8", "Latin-1 is not UTF-8"),
    (b"a: &x [1, 2]\nb: *x\n", "anchors and aliases", "alias bombs are refused"),
    (b"- " * 40 + b"x", "nested more than", "deep nesting"),
    (b"!!python/object:os.system {}", "not valid YAML", "no Python tags"),
    (b"just a string", "expected a mapping", "the top level is a mapping"),
]


@pytest.mark.parametrize(
    ("content", "message"), [row[:2] for row in UNREADABLE], ids=[row[2] for row in UNREADABLE]
)
def test_unreadable_files_raise_a_data_file_error(content: bytes, message: str) -> None:
    with pytest.raises(DataFileError) as caught:
        parse_journey(content, "bad.yaml")
    assert message in str(caught.value)
    assert "bad.yaml" in str(caught.value)


@pytest.mark.parametrize("code", range(128), ids=lambda code: f"U+{code:04X}")
def test_an_ascii_file_refuses_the_same_characters_as_any_other(code: int) -> None:
    # An all-ASCII text takes a quicker check than one with "é" in it: the same verdict.
    verdicts = []
    for text in (f"a: x{chr(code)}y\n", f"a: x{chr(code)}y\n# é\n"):
        try:
            read_text(text.encode(), "f.yaml")
        except DataFileError as error:
            verdicts.append(error.message)
        else:
            verdicts.append(None)
    assert verdicts[0] == verdicts[1]
    assert (verdicts[0] is None) == (chr(code) in "\t\n\r" or " " <= chr(code) <= "~")


def test_missing_and_oversized_files(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="file not found"):
        load_journey(tmp_path / "absent.yaml")
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(DataFileError, match="the limit is"):
        load_journey(big)


def test_every_error_is_an_itinerary_error() -> None:
    assert issubclass(ValidationError, DataFileError)
    assert issubclass(DataFileError, ItineraryError)


def _dump(document: dict[str, Any]) -> str:
    import yaml

    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
