"""Read an itinerary file and validate every field before anything uses it.

The loader never stops at the first mistake: it collects every :class:`Problem`
(file, stop id, field, what is wrong, the offending value) and raises one
:class:`ValidationError` carrying them all, so an editor fixes a file in one pass.
The schema is documented in ``docs/schema.md``; this module is its enforcement.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any, Final, TypeVar
from urllib.parse import urlsplit

import yaml

from itinerary.errors import DataFileError, Problem, ValidationError
from itinerary.model import (
    CONFIDENCES,
    LEG_MODES,
    PROVENANCES,
    TIME_PRECISIONS,
    WAYPOINT_KINDS,
    Journey,
    LatLon,
    LegSpec,
    Location,
    RouteSpec,
    Source,
    Stop,
    Waypoint,
)
from itinerary.topics import TOPIC_KEYS

SCHEMA_VERSION: Final = "itinerary/1"
MAX_FILE_BYTES: Final = 16 * 1024 * 1024
MAX_STOPS: Final = 50_000
MAX_NESTING: Final = 24
MAX_SHORT_TEXT: Final = 300
MAX_LONG_TEXT: Final = 4_000
ID_PATTERN: Final = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A rail leg may wander (lines follow valleys and coasts) but a leg several
# times longer than the straight line between its stops is a misplaced waypoint.
MAX_DETOUR_FACTOR: Final = 3.0
DETOUR_ALLOWANCE_KM: Final = 100.0

_YamlLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

T = TypeVar("T")


class _Checker:
    """Collects problems while reading one file's raw mapping."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(self, stop_id: str | None, field: str, message: str) -> None:
        self.problems.append(Problem(self.file, stop_id, field, message))

    def mapping(
        self,
        raw: object,
        stop_id: str | None,
        field: str,
        required: Iterable[str],
        optional: Iterable[str] = (),
    ) -> dict[str, Any] | None:
        if not isinstance(raw, Mapping):
            self.add(stop_id, field, f"expected a mapping, instead got {_show(raw)}")
            return None
        required = tuple(required)
        allowed = set(required) | set(optional)
        for key in raw:
            if key not in allowed:
                self.add(stop_id, _join(field, str(key)), f"unknown field {key!r}")
        for key in required:
            if key not in raw:
                self.add(stop_id, _join(field, key), "is required but missing")
        return {str(key): value for key, value in raw.items()}

    def text(
        self,
        raw: Mapping[str, Any],
        key: str,
        stop_id: str | None,
        field: str,
        *,
        required: bool = True,
        max_length: int = MAX_SHORT_TEXT,
    ) -> str | None:
        if key not in raw or (raw[key] is None and not required):
            return None
        value = raw[key]
        if not isinstance(value, str):
            self.add(stop_id, field, f"expected text, instead got {_show(value)}")
            return None
        stripped = value.strip()
        if not stripped:
            if required:
                self.add(stop_id, field, "must not be empty")
            return None
        if len(stripped) > max_length:
            self.add(
                stop_id,
                field,
                f"is {len(stripped)} characters long; the limit is {max_length}",
            )
            return None
        return stripped

    def choice(
        self,
        raw: Mapping[str, Any],
        key: str,
        allowed: tuple[T, ...],
        stop_id: str | None,
        field: str,
    ) -> T | None:
        if key not in raw:
            return None
        value = raw[key]
        if value not in allowed:
            options = ", ".join(str(option) for option in allowed)
            self.add(stop_id, field, f"must be one of {options}; instead got {_show(value)}")
            return None
        return allowed[allowed.index(value)]

    def identifier(
        self, raw: Mapping[str, Any], key: str, stop_id: str | None, field: str
    ) -> str | None:
        if key not in raw:
            return None
        value = raw[key]
        if not isinstance(value, str) or not ID_PATTERN.match(value) or len(value) > 100:
            self.add(
                stop_id,
                field,
                "must be lower-case letters, digits and single hyphens "
                f"(like 'khasan-arrival'); instead got {_show(value)}",
            )
            return None
        return value

    def coordinate(
        self, raw: Mapping[str, Any], key: str, limit: float, stop_id: str | None, field: str
    ) -> float | None:
        if key not in raw:
            return None
        value = raw[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.add(stop_id, field, f"expected a number of degrees, instead got {_show(value)}")
            return None
        number = float(value)
        if not math.isfinite(number) or not -limit <= number <= limit:
            self.add(
                stop_id, field, f"must be between -{limit:g} and {limit:g}, instead got {value!r}"
            )
            return None
        return number

    def timestamp(
        self, raw: Mapping[str, Any], key: str, stop_id: str | None, field: str
    ) -> datetime | None:
        if key not in raw or raw[key] is None:
            return None
        value = raw[key]
        parsed: datetime | None = None
        if isinstance(value, datetime):
            parsed = value
        elif isinstance(value, str):
            try:
                parsed = datetime.fromisoformat(value.strip())
            except ValueError:
                parsed = None
        elif isinstance(value, date):
            self.add(
                stop_id,
                field,
                f"needs a time and a UTC offset (like '2023-09-12T06:00:00+10:00'); "
                f"instead got the bare date {value.isoformat()!r}",
            )
            return None
        if parsed is None:
            self.add(
                stop_id,
                field,
                "expected an ISO 8601 date-time like '2023-09-12T06:00:00+10:00', "
                f"instead got {_show(value)}",
            )
            return None
        if parsed.tzinfo is None or parsed.utcoffset() is None:
            self.add(
                stop_id,
                field,
                f"needs a UTC offset (local time with its zone, like '+10:00'); "
                f"instead got {_show(value)}",
            )
            return None
        return parsed

    def url(self, value: object, stop_id: str | None, field: str) -> str | None:
        if not isinstance(value, str):
            self.add(stop_id, field, f"expected a URL, instead got {_show(value)}")
            return None
        candidate = value.strip()
        parts = urlsplit(candidate) if not _has_space_or_control(candidate) else None
        if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            self.add(
                stop_id,
                field,
                f"must be an http:// or https:// address, instead got {_show(value)}",
            )
            return None
        if len(candidate) > 2_000:
            self.add(stop_id, field, "is longer than 2000 characters")
            return None
        return candidate

    def list_of(
        self,
        raw: Mapping[str, Any],
        key: str,
        stop_id: str | None,
        field: str,
        item: Callable[[object, str], T | None],
        *,
        min_items: int = 0,
    ) -> tuple[T, ...]:
        if key not in raw:
            return ()
        value = raw[key]
        if not isinstance(value, list):
            self.add(stop_id, field, f"expected a list, instead got {_show(value)}")
            return ()
        if len(value) < min_items:
            self.add(stop_id, field, f"needs at least {min_items} item(s), instead got none")
        items = (item(entry, f"{field}[{index}]") for index, entry in enumerate(value))
        return tuple(entry for entry in items if entry is not None)


def _join(field: str, key: str) -> str:
    return f"{field}.{key}" if field else key


def _has_space_or_control(text: str) -> bool:
    return any(char.isspace() or ord(char) < 32 or ord(char) == 127 for char in text)


def _show(value: object) -> str:
    """Quote a bad value for an error message, briefly (files may hold megabytes)."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def load_journey(path: str | Path) -> Journey:
    """Read, parse and validate an itinerary file; raise DataFileError if anything is wrong."""
    file = str(path)
    try:
        size = Path(path).stat().st_size
    except FileNotFoundError:
        raise DataFileError(file, "file not found") from None
    except OSError as error:
        raise DataFileError(file, f"cannot read the file ({error.strerror})") from None
    if size > MAX_FILE_BYTES:
        raise DataFileError(file, f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes")
    try:
        content = Path(path).read_bytes()
    except OSError as error:
        raise DataFileError(file, f"cannot read the file ({error.strerror})") from None
    return parse_journey(content, file)


def parse_journey(content: bytes | str, file: str = "<upload>") -> Journey:
    """Validate itinerary content already in memory (an upload, a test fixture)."""
    raw = parse_yaml(content, file)
    return build_journey(raw, file)


def parse_yaml(content: bytes | str, file: str) -> object:
    if isinstance(content, bytes):
        if len(content) > MAX_FILE_BYTES:
            raise DataFileError(
                file, f"file is {len(content):,} bytes; the limit is {MAX_FILE_BYTES:,} bytes"
            )
        if b"\x00" in content:
            raise DataFileError(file, "this is not a text file (it contains NUL bytes)")
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise DataFileError(
                file, f"is not valid UTF-8 text (bad byte at offset {error.start})"
            ) from None
    else:
        text = content
    try:
        document = yaml.load(text, Loader=_YamlLoader)  # noqa: S506 - a SafeLoader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise DataFileError(file, f"is not valid YAML: {where}{error.problem}") from None
    except (yaml.YAMLError, RecursionError, ValueError) as error:
        raise DataFileError(file, f"is not valid YAML: {error}") from None
    _reject_shared_and_deep_nodes(document, file)
    return document


def _reject_shared_and_deep_nodes(document: object, file: str) -> None:
    """Refuse YAML anchors/aliases and deep nesting before anything walks the tree.

    Aliases let a few lines expand into billions of nodes ("billion laughs");
    an itinerary never needs them, so any container seen twice is refused.
    """
    seen: set[int] = set()
    stack: list[tuple[object, int]] = [(document, 0)]
    while stack:
        node, depth = stack.pop()
        if not isinstance(node, dict | list):
            continue
        if id(node) in seen:
            raise DataFileError(file, "YAML anchors and aliases (&name / *name) are not allowed")
        seen.add(id(node))
        if depth > MAX_NESTING:
            raise DataFileError(file, f"is nested more than {MAX_NESTING} levels deep")
        children = node.values() if isinstance(node, dict) else node
        stack.extend((child, depth + 1) for child in children)


def build_journey(raw: object, file: str) -> Journey:
    check = _Checker(file)
    top = check.mapping(
        raw,
        None,
        "",
        required=("schema", "journey", "stops"),
        optional=("waypoints", "route"),
    )
    if top is None:
        raise ValidationError(file, check.problems)
    if "schema" in top and top["schema"] != SCHEMA_VERSION:
        check.add(None, "schema", f"must be {SCHEMA_VERSION!r}, instead got {_show(top['schema'])}")

    header = check.mapping(
        top.get("journey", {}),
        None,
        "journey",
        required=("id", "title", "summary"),
        optional=("time_zone_note",),
    )
    journey_id = title = summary = time_zone_note = None
    if header is not None:
        journey_id = check.identifier(header, "id", None, "journey.id")
        title = check.text(header, "title", None, "journey.title")
        summary = check.text(header, "summary", None, "journey.summary", max_length=MAX_LONG_TEXT)
        time_zone_note = check.text(
            header,
            "time_zone_note",
            None,
            "journey.time_zone_note",
            required=False,
            max_length=MAX_LONG_TEXT,
        )

    raw_stops = top.get("stops")
    stops = _read_stops(check, raw_stops)
    waypoints = _read_waypoints(check, top.get("waypoints"), {stop.id for stop in stops})
    route = None
    if "route" in top:
        # Legs are checked against the stops only when every stop is valid:
        # a broken stop would otherwise be reported again as a broken leg.
        all_stops_valid = isinstance(raw_stops, list) and len(stops) == len(raw_stops)
        route = _read_route(check, top["route"], stops, waypoints, all_stops_valid)

    if check.problems:
        raise ValidationError(file, check.problems)
    assert journey_id is not None and title is not None and summary is not None
    return Journey(
        id=journey_id,
        title=title,
        summary=summary,
        stops=stops,
        waypoints=waypoints,
        route=route,
        time_zone_note=time_zone_note,
        source_file=file,
    )


_STOP_REQUIRED: Final = (
    "id", "seq", "name", "site", "region", "country", "location", "start",
    "time_precision", "topics", "people", "summary", "confidence", "sources",
)  # fmt: skip
_STOP_OPTIONAL: Final = ("end", "time_note", "geocode_query")


def _read_stops(check: _Checker, raw: object) -> tuple[Stop, ...]:
    if not isinstance(raw, list):
        if raw is not None:  # a missing list is already reported as missing
            check.add(None, "stops", f"expected a list of stops, instead got {_show(raw)}")
        return ()
    if not raw:
        check.add(None, "stops", "the journey has no stops; at least one is needed")
        return ()
    if len(raw) > MAX_STOPS:
        check.add(None, "stops", f"has {len(raw):,} stops; the limit is {MAX_STOPS:,}")
        return ()
    stops: list[Stop] = []
    seen_ids: set[str] = set()
    for index, entry in enumerate(raw):
        label = f"#{index + 1}"
        if isinstance(entry, Mapping) and isinstance(entry.get("id"), str):
            label = entry["id"][:100]
        stop = _read_stop(check, entry, label, index)
        if stop is None:
            continue
        if stop.id in seen_ids:
            check.add(stop.id, "id", f"duplicate stop id {stop.id!r}; ids must be unique")
            continue
        seen_ids.add(stop.id)
        stops.append(stop)
    _check_order(check, stops)
    return tuple(stops)


def _read_stop(check: _Checker, raw: object, label: str, index: int) -> Stop | None:
    before = len(check.problems)
    if not isinstance(raw, Mapping):
        check.add(label, f"stops[{index}]", f"expected a mapping, instead got {_show(raw)}")
        return None
    # Fields inside a stop are named relative to it: the stop id says which stop.
    stop = check.mapping(raw, label, "", _STOP_REQUIRED, _STOP_OPTIONAL)
    if stop is None:
        return None
    stop_id = check.identifier(stop, "id", label, "id")
    seq = stop.get("seq")
    if "seq" in stop and (isinstance(seq, bool) or not isinstance(seq, int)):
        check.add(label, "seq", f"expected a whole number, instead got {_show(seq)}")
    name = check.text(stop, "name", label, "name")
    site = check.text(stop, "site", label, "site")
    region = check.text(stop, "region", label, "region")
    country = check.text(stop, "country", label, "country")
    location = _read_location(check, stop.get("location"), label) if "location" in stop else None
    start = check.timestamp(stop, "start", label, "start")
    end = check.timestamp(stop, "end", label, "end")
    if start is not None and end is not None and end < start:
        check.add(
            label, "end", f"is before start ({start.isoformat()}); instead got {end.isoformat()!r}"
        )
    precision = check.choice(stop, "time_precision", TIME_PRECISIONS, label, "time_precision")
    time_note = check.text(
        stop, "time_note", label, "time_note", required=False, max_length=MAX_LONG_TEXT
    )
    topics = check.list_of(
        stop, "topics", label, "topics", lambda v, f: _topic(check, v, label, f), min_items=1
    )
    if len(set(topics)) != len(topics):
        check.add(label, "topics", f"lists a topic twice: {list(topics)!r}")
    people = check.list_of(
        stop, "people", label, "people", lambda v, f: _person(check, v, label, f)
    )
    summary = check.text(stop, "summary", label, "summary", max_length=MAX_LONG_TEXT)
    confidence = check.choice(stop, "confidence", CONFIDENCES, label, "confidence")
    sources = check.list_of(
        stop,
        "sources",
        label,
        "sources",
        lambda v, f: _read_source(check, v, label, f),
        min_items=1,
    )
    geocode_query = check.text(stop, "geocode_query", label, "geocode_query", required=False)
    if len(check.problems) > before:
        return None
    assert stop_id and isinstance(seq, int) and name and site and region and country
    assert location and start and precision and summary and confidence
    return Stop(
        id=stop_id, seq=seq, name=name, site=site, region=region, country=country,
        location=location, start=start, end=end, time_precision=precision, topics=topics,
        people=people, summary=summary, confidence=confidence, sources=sources,
        time_note=time_note, geocode_query=geocode_query,
    )  # fmt: skip


def _topic(check: _Checker, value: object, stop_id: str, field: str) -> str | None:
    if isinstance(value, str) and value in TOPIC_KEYS:
        return value
    check.add(
        stop_id, field, f"unknown topic {_show(value)}; known topics: {', '.join(TOPIC_KEYS)}"
    )
    return None


def _person(check: _Checker, value: object, stop_id: str, field: str) -> str | None:
    return check.text({"person": value}, "person", stop_id, field)


def _read_source(check: _Checker, raw: object, stop_id: str | None, field: str) -> Source | None:
    before = len(check.problems)
    source = check.mapping(raw, stop_id, field, ("outlet", "title", "url"))
    if source is None:
        return None
    outlet = check.text(source, "outlet", stop_id, f"{field}.outlet")
    title = check.text(source, "title", stop_id, f"{field}.title")
    url = check.url(source["url"], stop_id, f"{field}.url") if "url" in source else None
    if len(check.problems) > before or not (outlet and title and url):
        return None
    return Source(outlet=outlet, title=title, url=url)


_LOCATION_OPTIONAL: Final = ("note", "geocoder", "query", "returned_name", "date")


def _read_location(check: _Checker, raw: object, stop_id: str) -> Location | None:
    before = len(check.problems)
    location = check.mapping(
        raw, stop_id, "location", ("lat", "lon", "provenance"), _LOCATION_OPTIONAL
    )
    if location is None:
        return None
    lat = check.coordinate(location, "lat", 90, stop_id, "location.lat")
    lon = check.coordinate(location, "lon", 180, stop_id, "location.lon")
    provenance = check.choice(location, "provenance", PROVENANCES, stop_id, "location.provenance")
    texts = {
        key: check.text(location, key, stop_id, f"location.{key}", required=False,
                        max_length=MAX_LONG_TEXT)
        for key in _LOCATION_OPTIONAL
    }  # fmt: skip
    if isinstance(location.get("date"), date):
        texts["date"] = location["date"].isoformat()
        check.problems = [
            p for p in check.problems if not (p.stop_id == stop_id and p.field == "location.date")
        ]
    if provenance == "geocoded" and not texts["geocoder"]:
        check.add(stop_id, "location.geocoder", "a geocoded location must name its geocoder")
    if len(check.problems) > before:
        return None
    assert lat is not None and lon is not None and provenance is not None
    return Location(point=LatLon(lat, lon), provenance=provenance, **texts)


def _check_order(check: _Checker, stops: list[Stop]) -> None:
    for previous, current in pairwise(stops):
        if current.seq <= previous.seq:
            check.add(
                current.id,
                "seq",
                f"must be greater than the previous stop's ({previous.seq}); "
                f"instead got {current.seq!r}",
            )
        if current.start < previous.start:
            check.add(
                current.id,
                "start",
                f"is earlier than the previous stop {previous.id!r} "
                f"({previous.start.isoformat()}); instead got {current.start.isoformat()!r}",
            )


def _read_waypoints(check: _Checker, raw: object, stop_ids: set[str]) -> tuple[Waypoint, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        check.add(None, "waypoints", f"expected a list, instead got {_show(raw)}")
        return ()
    waypoints: list[Waypoint] = []
    seen: set[str] = set()
    for index, entry in enumerate(raw):
        field = f"waypoints[{index}]"
        before = len(check.problems)
        item = check.mapping(
            entry, None, field, ("id", "name", "kind", "lat", "lon", "provenance"), ("note",)
        )
        if item is None:
            continue
        waypoint_id = check.identifier(item, "id", None, f"{field}.id")
        name = check.text(item, "name", None, f"{field}.name")
        kind = check.choice(item, "kind", WAYPOINT_KINDS, None, f"{field}.kind")
        lat = check.coordinate(item, "lat", 90, None, f"{field}.lat")
        lon = check.coordinate(item, "lon", 180, None, f"{field}.lon")
        provenance = check.choice(item, "provenance", PROVENANCES, None, f"{field}.provenance")
        note = check.text(item, "note", None, f"{field}.note", required=False,
                          max_length=MAX_LONG_TEXT)  # fmt: skip
        if waypoint_id in seen or waypoint_id in stop_ids:
            check.add(None, f"{field}.id", f"duplicate id {waypoint_id!r} (ids of stops and "
                      "waypoints must all differ)")  # fmt: skip
            continue
        if len(check.problems) > before:
            continue
        assert waypoint_id and name and kind and provenance and lat is not None and lon is not None
        seen.add(waypoint_id)
        waypoints.append(Waypoint(waypoint_id, name, kind, LatLon(lat, lon), provenance, note))
    return tuple(waypoints)


def _read_route(
    check: _Checker,
    raw: object,
    stops: tuple[Stop, ...],
    waypoints: tuple[Waypoint, ...],
    check_against_stops: bool,
) -> RouteSpec | None:
    route = check.mapping(raw, None, "route", ("reconstructed", "legs"), ("note", "sources"))
    if route is None:
        return None
    reconstructed = route.get("reconstructed")
    if "reconstructed" in route and not isinstance(reconstructed, bool):
        check.add(None, "route.reconstructed", f"expected true or false, instead got "
                  f"{_show(reconstructed)}")  # fmt: skip
    note = check.text(route, "note", None, "route.note", required=False, max_length=MAX_LONG_TEXT)
    sources = check.list_of(
        route, "sources", None, "route.sources", lambda v, f: _read_source(check, v, None, f)
    )
    waypoint_index = {waypoint.id: waypoint for waypoint in waypoints}
    raw_legs = route.get("legs")
    if not isinstance(raw_legs, list):
        check.add(None, "route.legs", f"expected a list of legs, instead got {_show(raw_legs)}")
        return None
    legs: list[LegSpec] = []
    for index, entry in enumerate(raw_legs):
        leg = _read_leg(check, entry, index, waypoint_index)
        if leg is not None:
            legs.append(leg)
    if check_against_stops and len(legs) == len(raw_legs):
        _check_legs_follow_stops(check, legs, stops, waypoint_index)
    return RouteSpec(bool(reconstructed), note, sources, tuple(legs))


def _read_leg(
    check: _Checker, raw: object, index: int, waypoint_index: Mapping[str, Waypoint]
) -> LegSpec | None:
    field = f"route.legs[{index}]"
    before = len(check.problems)
    leg = check.mapping(raw, None, field, ("from", "to", "mode"), ("via", "note"))
    if leg is None:
        return None
    owner = leg.get("to") if isinstance(leg.get("to"), str) else None
    from_id = check.identifier(leg, "from", owner, f"{field}.from")
    to_id = check.identifier(leg, "to", owner, f"{field}.to")
    mode = check.choice(leg, "mode", LEG_MODES, owner, f"{field}.mode")
    note = check.text(leg, "note", owner, f"{field}.note", required=False, max_length=MAX_LONG_TEXT)

    def waypoint_ref(value: object, item_field: str) -> str | None:
        if isinstance(value, str) and value in waypoint_index:
            return value
        check.add(owner, item_field, f"no waypoint has the id {_show(value)}")
        return None

    via = check.list_of(leg, "via", owner, f"{field}.via", waypoint_ref)
    if len(check.problems) > before:
        return None
    assert from_id and to_id and mode
    return LegSpec(from_id, to_id, mode, via, note)


def _check_legs_follow_stops(
    check: _Checker,
    legs: list[LegSpec],
    stops: tuple[Stop, ...],
    waypoint_index: Mapping[str, Waypoint],
) -> None:
    # Imported here: route geometry depends on the model, not the other way round.
    from itinerary.route import leg_points, path_km

    stop_index = {stop.id: stop for stop in stops}
    expected = list(pairwise(stops))
    if len(legs) != len(expected):
        check.add(
            None,
            "route.legs",
            f"needs one leg per pair of consecutive stops ({len(expected)}); "
            f"instead got {len(legs)}",
        )
    for index, (leg, (origin, destination)) in enumerate(zip(legs, expected, strict=False)):
        if (leg.from_id, leg.to_id) != (origin.id, destination.id):
            check.add(
                destination.id,
                f"route.legs[{index}]",
                f"must go from {origin.id!r} to {destination.id!r}; "
                f"instead got {leg.from_id!r} -> {leg.to_id!r}",
            )
            continue
        points = leg_points(leg, stop_index, waypoint_index)
        straight = path_km((points[0], points[-1]))
        along = path_km(points)
        if along > MAX_DETOUR_FACTOR * straight + DETOUR_ALLOWANCE_KM:
            farthest = max(
                leg.via,
                key=lambda w: (
                    path_km((points[0], waypoint_index[w].point))
                    + path_km((waypoint_index[w].point, points[-1]))
                ),
            )
            check.add(
                destination.id,
                f"route.legs[{index}].via",
                f"the leg is {along:,.0f} km along its waypoints but only {straight:,.0f} km "
                f"in a straight line; waypoint {farthest!r} looks misplaced",
            )
