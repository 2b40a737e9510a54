"""Check a parsed file against the schema and the rules; build the model from it.

One call of the schema validates the whole file (in compiled code: a 10,000-stop
file takes a quarter of a second). When it fails, every error becomes a problem, and
the items it refused are set aside while the rest is validated again, so the rules
that span fields still run on everything that is valid: one pass finds every
problem, and each is reported once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import TypeAdapter
from pydantic import ValidationError as SchemaError
from pydantic_core import ErrorDetails

from itinerary.errors import DataFileError, show
from itinerary.format import schema
from itinerary.format.parsed import Parsed
from itinerary.format.problems import Problems
from itinerary.format.rules import Accepted, Item, check_rules
from itinerary.model import Journey, LatLon, LegSpec, Location, RouteSpec, Source, Stop, Waypoint

_LISTS = {"stops": 1, "waypoints": 1, "legs": 2}  # where each list's item index is in a path


def check(parsed: Parsed, file: str, *, draft: bool = False) -> Accepted:
    """Everything valid in the file; ValidationError listing every problem if any.

    ``draft``: stops may lack a ``location`` (a file that is still to be geocoded).
    """
    raw = parsed.value
    if raw is None:
        raise DataFileError(file, "is empty; an itinerary file starts with 'schema: itinerary/1'")
    if not isinstance(raw, dict):
        raise DataFileError(
            file,
            "expected a mapping with schema, journey and stops at the top level, "
            f"instead got {show(raw)}",
        )
    problems = Problems(file, raw)
    problems.repeats(parsed.repeats)
    try:
        document = (schema.DRAFT_DOCUMENT if draft else schema.DOCUMENT).validate_python(raw)
    except SchemaError as error:
        errors = error.errors(include_url=False)
        problems.schema_errors(errors)
        accepted = _what_passed(raw, errors, draft)
    else:
        route = document.get("route")
        accepted = Accepted(
            header=document["journey"],
            stops=list(enumerate(document["stops"])),
            waypoints=list(enumerate(document.get("waypoints") or ())),
            route=route,
            legs=list(enumerate(route["legs"])) if route is not None else None,
        )
    accepted = check_rules(problems, accepted)
    if problems.count:
        raise problems.error()
    return accepted


def _what_passed(raw: Mapping[str, Any], errors: Sequence[ErrorDetails], draft: bool) -> Accepted:
    refused: dict[str, set[int]] = {name: set() for name in _LISTS}
    whole: set[str] = set()  # parts refused as a whole (not a list, too long, ...)
    for error in errors:
        path = error["loc"]
        name = "legs" if path[:2] == ("route", "legs") else str(path[0]) if path else ""
        position = _LISTS.get(name)
        index = path[position] if position is not None and len(path) > position else None
        if isinstance(index, int):
            refused[name].add(index)
        elif name in ("journey", "stops", "waypoints", "legs"):
            whole.add(name)
    route = raw.get("route")
    raw_legs = route.get("legs") if isinstance(route, Mapping) else None
    raw_waypoints = raw.get("waypoints")
    stops_adapter = schema.DRAFT_STOPS if draft else schema.STOPS
    stops = _valid(stops_adapter, raw.get("stops"), refused["stops"], "stops" in whole)
    legs = _valid(schema.LEGS, raw_legs, refused["legs"], "legs" in whole)
    waypoints = _valid(schema.WAYPOINTS, raw_waypoints, refused["waypoints"], "waypoints" in whole)
    broken_waypoints = {
        entry["id"]
        for index, entry in enumerate(raw_waypoints if isinstance(raw_waypoints, list) else ())
        if index in refused["waypoints"] and isinstance(entry, Mapping)
        and isinstance(entry.get("id"), str)
    }  # fmt: skip
    return Accepted(
        header=None,  # only a valid file becomes a journey
        stops=stops or [],
        waypoints=waypoints or [],
        route=None,
        legs=legs if isinstance(raw_legs, list) else None,
        every_stop=stops is not None and not refused["stops"],
        every_leg=not refused["legs"] and "legs" not in whole,
        broken_waypoints=broken_waypoints,
    )


def _valid(
    adapter: TypeAdapter[Any], raw: object, refused: set[int], refused_whole: bool
) -> list[Item] | None:
    """The items of a list the schema did not refuse, validated again, with their index."""
    if refused_whole or not isinstance(raw, list):
        return None
    indices = [index for index in range(len(raw)) if index not in refused]
    items = adapter.validate_python([raw[index] for index in indices])
    return list(zip(indices, items, strict=True))


# --- The model -------------------------------------------------------------------------------


def _optional(value: str | None) -> str | None:
    return value or None  # blank optional text counts as absent


def _source(raw: Mapping[str, Any]) -> Source:
    return Source(raw["outlet"], raw["title"], raw["url"])


def _stop(raw: Mapping[str, Any]) -> Stop:
    place = raw["location"]
    return Stop(
        id=raw["id"], seq=raw["seq"], name=raw["name"], site=raw["site"], region=raw["region"],
        country=raw["country"],
        location=Location(
            LatLon(place["lat"], place["lon"]), place["provenance"],
            _optional(place.get("note")), _optional(place.get("geocoder")),
            _optional(place.get("query")), _optional(place.get("returned_name")),
            _optional(place.get("date")),
        ),
        start=raw["start"], end=raw.get("end"), time_precision=raw["time_precision"],
        topics=tuple(raw["topics"]), people=tuple(raw["people"]), summary=raw["summary"],
        confidence=raw["confidence"], sources=tuple(map(_source, raw["sources"])),
        time_note=_optional(raw.get("time_note")),
        geocode_query=_optional(raw.get("geocode_query")),
    )  # fmt: skip


def to_journey(accepted: Accepted, file: str) -> Journey:
    """The model of a file that passed :func:`check` (not in draft mode)."""
    header, route = accepted.header, accepted.route
    assert header is not None  # noqa: S101 - check() passed, so the header is there
    waypoints = tuple(
        Waypoint(raw["id"], raw["name"], raw["kind"], LatLon(raw["lat"], raw["lon"]),
                 raw["provenance"], _optional(raw.get("note")))
        for _, raw in accepted.waypoints
    )  # fmt: skip
    spec = None
    if route is not None:
        legs = tuple(
            LegSpec(raw["from_"], raw["to"], raw["mode"], tuple(raw.get("via", ())),
                    _optional(raw.get("note")))
            for _, raw in accepted.legs or ()
        )  # fmt: skip
        spec = RouteSpec(route["reconstructed"], _optional(route.get("note")),
                         tuple(map(_source, route.get("sources", ()))), legs)  # fmt: skip
    return Journey(
        id=header["id"],
        title=header["title"],
        summary=header["summary"],
        stops=tuple(_stop(raw) for _, raw in accepted.stops),
        waypoints=waypoints,
        route=spec,
        time_zone_note=_optional(header.get("time_zone_note")),
        source_file=file,
    )
