"""Check a parsed file against the schema and the rules; build the model from it.

The schema validates the document with the first thousand items of each list in one
call, then the rest of each list a thousand items at a time (in compiled code: a
10,000-stop file takes a fifth of a second). Every error becomes a problem; the items
refused are set aside and the rest validated again, so the rules that span fields
still run on everything that is valid: one pass finds every problem, and each is
reported once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from pydantic import TypeAdapter
from pydantic import ValidationError as SchemaError

from itinerary.errors import DataFileError, show
from itinerary.format import schema
from itinerary.format.parsed import Parsed, Path
from itinerary.format.problems import Problems
from itinerary.format.rules import Accepted, check_rules
from itinerary.model import Journey, LatLon, LegSpec, Location, RouteSpec, Source, Stop, Waypoint

# Items per schema call. Valid items cost nothing extra in chunks; a broken file's errors
# live in compiled code (~270 bytes each) until the call returns, so one call over 50,000
# empty stops (700,000 errors) would take 190 MB: in chunks, a thousandth of that.
CHUNK: Final = 1_000
# The long lists, by where they are in the document.
_LISTS: Final[dict[str, Path]] = {"stops": ("stops",), "waypoints": ("waypoints",),
                                  "legs": ("route", "legs")}  # fmt: skip


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
    lists = {name: _at(raw, path) for name, path in _LISTS.items()}
    # More stops than the limit: only the limit is reported, and no stop is looked at.
    stops, too_many = lists["stops"], False
    if stops is not None and len(stops) > CHUNK:
        too_many = bool(_validate(problems, schema.STOP_COUNT, stops, ("stops",))[1])
    # The document with the first CHUNK items of each list: the frame and those items.
    head = _head(raw, without_stops=too_many)
    adapter = schema.DRAFT_DOCUMENT if draft else schema.DOCUMENT
    document, refused = _validate(
        problems, adapter, head, ignore={("stops",)} if too_many else set()
    )
    accepted = _accepted_head(head, document, refused, draft)
    if too_many:
        lists["stops"], accepted.every_stop = None, False
    items_adapter = _item_adapters(draft)
    for name, items in lists.items():
        kept = getattr(accepted, name)
        if items is None or kept is None:
            continue
        for start in range(CHUNK, len(items), CHUNK):
            chunk = items[start : start + CHUNK]
            valid, refused_items = _validate(
                problems, items_adapter[name], chunk, _LISTS[name], start
            )
            if not refused_items:
                kept.extend(enumerate(valid, start))
                continue
            good = [i for i in range(len(chunk)) if (i,) not in refused_items]
            valid = items_adapter[name].validate_python([chunk[i] for i in good])
            _refuse(accepted, name, [chunk[i] for (i,) in refused_items if isinstance(i, int)])
            kept.extend((start + i, item) for i, item in zip(good, valid, strict=True))
    accepted = check_rules(problems, accepted)
    if problems.count:
        raise problems.error()
    return accepted


def _item_adapters(draft: bool) -> dict[str, TypeAdapter[Any]]:
    """The schema of one item of each long list."""
    stops = schema.DRAFT_STOPS if draft else schema.STOPS
    return {"stops": stops, "waypoints": schema.WAYPOINTS, "legs": schema.LEGS}


def _at(raw: Mapping[str, Any], path: Path) -> list[Any] | None:
    value: Any = raw
    for key in path:
        value = value.get(key) if isinstance(value, Mapping) else None
    return value if isinstance(value, list) else None


def _head(raw: dict[str, Any], *, without_stops: bool) -> dict[str, Any]:
    head = dict(raw)
    if without_stops:
        head["stops"] = []
    for key in ("stops", "waypoints"):
        if isinstance(head.get(key), list):
            head[key] = head[key][:CHUNK]
    route = head.get("route")
    if isinstance(route, dict) and isinstance(route.get("legs"), list):
        head["route"] = {**route, "legs": route["legs"][:CHUNK]}
    return head


def _validate(
    problems: Problems,
    adapter: TypeAdapter[Any],
    value: object,
    prefix: Path = (),
    start: int = 0,
    ignore: set[Path] | None = None,
) -> tuple[Any, set[Path]]:
    """(what the schema returned, or None; the paths it refused, relative to ``value``).

    ``value`` is at ``prefix`` in the document; a chunk of a list starts at item ``start``.
    Errors at the paths in ``ignore`` are already reported.
    """
    try:
        return adapter.validate_python(value), set()
    except SchemaError as error:
        errors = [e for e in error.errors(include_url=False) if e["loc"] not in (ignore or ())]
    problems.schema_errors(errors, prefix, start)
    return None, {_refused_at(error["loc"]) for error in errors}


def _refused_at(path: Path) -> Path:
    """The part of the document an error refuses: a list item, or a part as a whole."""
    if path[:2] == ("route", "legs") and len(path) > 2 and isinstance(path[2], int):
        return path[:3]
    if path and path[0] in ("stops", "waypoints") and len(path) > 1 and isinstance(path[1], int):
        return path[:2]
    if path and isinstance(path[0], int):  # an item of a list validated on its own
        return path[:1]
    return path[:2] if path[:2] == ("route", "legs") else path[:1]


def _refuse(accepted: Accepted, name: str, items: list[Any]) -> None:
    if name == "waypoints":
        accepted.broken_waypoints |= _ids(items)
    elif name == "stops":
        accepted.every_stop = False
    else:
        accepted.every_leg = False


def _ids(items: list[Any]) -> set[str]:
    return {i["id"] for i in items if isinstance(i, Mapping) and isinstance(i.get("id"), str)}


def _accepted_head(
    raw: Mapping[str, Any], document: Any, refused: set[Path], draft: bool
) -> Accepted:
    """What passed of the document's head (the frame and the first CHUNK items of each list)."""
    if document is not None:
        route = document.get("route")
        return Accepted(
            header=document["journey"],
            stops=list(enumerate(document["stops"])),
            waypoints=list(enumerate(document.get("waypoints") or ())),
            route=route,
            legs=list(enumerate(route["legs"])) if route is not None else None,
        )
    adapters = _item_adapters(draft)
    accepted = Accepted(header=None, stops=[], waypoints=[], route=None, legs=None)
    for name, path in _LISTS.items():
        items = _at(raw, path)
        if items is None or path in refused:  # not a list, or refused as a whole
            accepted.every_stop &= name != "stops"
            accepted.every_leg &= name != "legs"
            continue
        head = items[:CHUNK]
        inside = (p[len(path)] for p in refused if p[: len(path)] == path and len(p) > len(path))
        bad = {index for index in inside if isinstance(index, int)}
        good = [i for i in range(len(head)) if i not in bad]
        validated = adapters[name].validate_python([head[i] for i in good])
        setattr(accepted, name, list(zip(good, validated, strict=True)))
        if bad:
            _refuse(accepted, name, [head[i] for i in bad])
    return accepted


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
