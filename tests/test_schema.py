"""The one schema: what derives from it is current, and other validators agree with it."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker

from itinerary.errors import ValidationError
from itinerary.format import reference, schema
from itinerary.format.checking import CHUNK
from itinerary.format.limits import SCHEMA_VERSION
from itinerary.format.loader import parse_draft, parse_journey
from itinerary.format.reading import parse_yaml, read_document
from itinerary.topics import TOPIC_KEYS
from scripts.synthetic import journey_json
from tests.conftest import MINI, REAL_JOURNEY, ROOT
from tests.test_loader import _set

DOCS = ROOT / "docs"
VALIDATOR = Draft202012Validator(reference.json_schema(), format_checker=FormatChecker())


def test_the_checked_in_json_schema_is_current() -> None:
    shipped = json.loads((DOCS / reference.JSON_SCHEMA_FILE).read_text(encoding="utf-8"))
    assert shipped == reference.json_schema(), "run `make docs`"
    Draft202012Validator.check_schema(shipped)


def test_the_field_tables_in_docs_are_current() -> None:
    markdown = (DOCS / reference.MARKDOWN_FILE).read_text(encoding="utf-8")
    assert markdown == reference.markdown_with_tables(markdown), "run `make docs`"
    # Every field of every record has its row, with a meaning.
    for name in ("lat", "time_precision", "geocode_query", "reconstructed", "via"):
        assert f"| `{name}` |" in markdown


def test_the_schema_and_the_vocabularies_agree() -> None:
    assert get_args(schema.Topic) == TOPIC_KEYS
    assert reference.json_schema()["properties"]["schema"]["const"] == SCHEMA_VERSION


def _instance(path: Path) -> Any:
    return read_document(path.read_bytes(), str(path)).value


SHIPPED = sorted((ROOT / "data").glob("*.yaml")) + sorted((ROOT / "data").glob("*.json"))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_a_json_schema_validator_accepts_the_shipped_files(path: Path) -> None:
    errors = [error.message for error in VALIDATOR.iter_errors(_instance(path))]
    assert errors == []


MINI_RAW: dict[str, Any] = parse_yaml(MINI.read_bytes(), str(MINI))  # type: ignore[assignment]

# (where, the broken value, why); each is refused by the loader too, on the same field.
BROKEN = [
    ("schema", "itinerary/2", "unknown format version"),
    ("journey.id", "Has Spaces", "ids are slugs"),
    ("stops.0.seq", 1.5, "seq is a whole number"),
    ("stops.0.seq", "1", "no coercion from text"),
    ("stops.0.name", "", "names are not empty"),
    ("stops.0.name", "x" * 301, "names stay short"),
    ("stops.0.name", "Al\u202epha", "no text-direction overrides"),
    ("stops.0.location.lat", 91.0, "latitude range"),
    ("stops.0.location.lon", "131.95", "coordinates are numbers"),
    ("stops.0.location.provenance", "guess", "controlled vocabulary"),
    ("stops.0.start", 20230912, "times are text"),
    ("stops.0.topics", ["sport"], "unknown topic"),
    ("stops.0.topics", [], "at least one topic"),
    ("stops.0.sources", [], "at least one source"),
    ("stops.0.sources.0.url", "javascript:alert(1)", "web links only"),
    ("stops.0.colour", "red", "unknown fields are typos"),
    ("waypoints.0.kind", "tunnel", "waypoint kinds"),
    ("route.legs.0.mode", "boat", "rail or road"),
    ("route.reconstructed", "yes", "a real boolean"),
    ("stops", [], "a journey has stops"),
]


@pytest.mark.parametrize(
    ("where", "value"), [row[:2] for row in BROKEN], ids=[row[2] for row in BROKEN]
)
def test_a_json_schema_validator_refuses_broken_files(where: str, value: Any) -> None:
    document = copy.deepcopy(MINI_RAW)
    _set(document, where, value)
    assert list(VALIDATOR.iter_errors(document)), f"{where} = {value!r} was accepted"
    with pytest.raises(ValidationError):
        parse_journey(json.dumps(document), "broken.json")


def test_what_only_the_loader_refuses_is_said_in_the_docs() -> None:
    # A rule across fields (time order) is the loader's: the JSON Schema cannot say it.
    document = copy.deepcopy(MINI_RAW)
    document["stops"][1]["start"] = "2023-09-11T08:00:00+10:00"
    assert not list(VALIDATOR.iter_errors(document))
    with pytest.raises(ValidationError, match="earlier than the previous stop"):
        parse_journey(json.dumps(document), "order.json")
    assert "Rules across fields" in (DOCS / reference.MARKDOWN_FILE).read_text(encoding="utf-8")


# --- The draft mode geocoding reads files with ---------------------------------------------


def test_a_draft_may_leave_locations_out_and_is_checked_in_every_other_way() -> None:
    document = copy.deepcopy(MINI_RAW)
    del document["stops"][1]["location"]
    text = json.dumps(document)
    with pytest.raises(ValidationError, match="location: is required but missing"):
        parse_journey(text, "draft.json")
    draft = parse_draft(text, "draft.json")
    assert [("location" in stop) for stop in draft.stops] == [True, False, True]
    assert draft.raw["stops"][0]["location"] == MINI_RAW["stops"][0]["location"]
    document["stops"][2]["name"] = ""
    with pytest.raises(ValidationError) as caught:
        parse_draft(json.dumps(document), "draft.json")
    assert [(p.stop_id, p.field) for p in caught.value.problems] == [("gamma", "name")]


def test_a_draft_skips_the_detour_check_only_where_a_location_is_missing() -> None:
    document = copy.deepcopy(MINI_RAW)
    # A waypoint on the far side of the world: the leg alpha -> beta is a detour...
    document["waypoints"][0].update(lat=-40.0, lon=-60.0)
    with pytest.raises(ValidationError, match="looks misplaced"):
        parse_draft(json.dumps(document), "draft.json")
    # ... that cannot be measured while beta has no location: no problem, and no fake one.
    del document["stops"][1]["location"]
    parse_draft(json.dumps(document), "draft.json")


def test_the_real_journey_is_a_valid_draft() -> None:
    draft = parse_draft(REAL_JOURNEY.read_bytes(), str(REAL_JOURNEY))
    assert all(math.isfinite(stop["location"]["lat"]) for stop in draft.stops)


# --- Long lists are validated a chunk at a time ---------------------------------------------


def test_problems_beyond_the_first_chunk_name_their_stop_and_item() -> None:
    # 2,500 stops and 7,500 waypoints: three chunks of stops, eight of waypoints.
    document = json.loads(journey_json(stops=2_500, route_vertices=10_000))
    assert len(document["stops"]) > 2 * CHUNK and len(document["waypoints"]) > 7 * CHUNK
    late_stop = document["stops"][2 * CHUNK + 7]
    late_stop["location"]["lat"] = 123.0
    document["waypoints"][7 * CHUNK + 3]["kind"] = "tunnel"
    document["route"]["legs"][CHUNK + 1]["mode"] = "boat"
    with pytest.raises(ValidationError) as caught:
        parse_journey(json.dumps(document), "long.json")
    leg_owner = document["route"]["legs"][CHUNK + 1]["to"]
    assert [(p.stop_id, p.field) for p in caught.value.problems] == [
        (late_stop["id"], "location.lat"),
        (None, f"waypoints[{7 * CHUNK + 3}].kind"),
        (leg_owner, f"route.legs[{CHUNK + 1}].mode"),
    ]
    assert "instead got 123.0" in caught.value.problems[0].message


def test_the_whole_long_file_is_valid_when_each_chunk_is() -> None:
    journey = parse_journey(journey_json(stops=2_500, route_vertices=10_000), "long.json")
    assert len(journey.stops) == 2_500 and journey.route is not None
    assert len(journey.route.legs) == 2_499


@given(st.from_regex(schema.PLAIN_URL, fullmatch=True))
def test_a_url_the_shortcut_accepts_is_one_the_full_check_accepts(url: str) -> None:
    assert schema.url_flaw(url) is None
