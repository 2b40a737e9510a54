"""The ``itinerary/1`` schema, declared once: every field, its type, limits and meaning.

Validation (pydantic, in compiled code), the JSON Schema that ``itinerary schema``
prints (docs/itinerary.schema.json) and the field tables of docs/schema.md all come
from the declarations below. What a single field cannot say (time order, unique ids,
legs that join consecutive stops, the detour check) is in :mod:`itinerary.format.rules`.

The declarations are TypedDicts rather than models: pydantic then hands back plain
dicts, about a third faster on a 10,000-stop file than building model instances that
would only be turned into :mod:`itinerary.model` objects next. Everything is strict:
no value is coerced (``"43.8"`` is not a number, ``1.0`` not a whole number).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Final, Generic, Literal, NotRequired, TypeVar
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    StringConstraints,
    TypeAdapter,
    WithJsonSchema,
    with_config,
)
from pydantic_core import CoreSchema, PydanticCustomError, core_schema
from typing_extensions import TypedDict

from itinerary.errors import show
from itinerary.format import limits
from itinerary.model import Confidence, LegMode, Provenance, TimePrecision, WaypointKind

_STRICT: Final = ConfigDict(extra="forbid", strict=True)


@dataclass(frozen=True)
class Refusal:
    """Any failure of the annotated type gets this one error ``kind`` and ``message``."""

    kind: str
    message: str

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.custom_error_schema(
            handler(source), custom_error_type=self.kind, custom_error_message=self.message
        )


def refuse(kind: str, message: str) -> PydanticCustomError:
    """An error whose message is complete (a Python check below raises it)."""
    return PydanticCustomError(kind, "{message}", {"message": message})


# --- Values -------------------------------------------------------------------------------

Id = Annotated[
    str,
    StringConstraints(strict=True, max_length=limits.MAX_ID, pattern=limits.ID_PATTERN),
    Refusal("identifier", "must be lower-case letters, digits and single hyphens "
            "(like 'khasan-arrival')"),
]  # fmt: skip


def _text(max_length: int, *, required: bool) -> Any:
    # Surrounding whitespace is dropped; what is left is measured and searched.
    return StringConstraints(
        strict=True,
        strip_whitespace=True,
        min_length=1 if required else None,
        max_length=max_length,
        pattern=limits.TEXT_PATTERN,
    )


Text = Annotated[str, _text(limits.MAX_SHORT_TEXT, required=True)]
LongText = Annotated[str, _text(limits.MAX_LONG_TEXT, required=True)]
# Optional text: null or blank is the same as leaving the key out.
OptionalText = Annotated[str, _text(limits.MAX_SHORT_TEXT, required=False)] | None
OptionalLongText = Annotated[str, _text(limits.MAX_LONG_TEXT, required=False)] | None

WholeNumber = Annotated[
    int,
    Field(strict=True, ge=-limits.MAX_SEQ, le=limits.MAX_SEQ),
    Refusal("whole_number", f"expected a whole number between {-limits.MAX_SEQ:,} and "
            f"{limits.MAX_SEQ:,}"),
]  # fmt: skip
Latitude = Annotated[float, Field(strict=True, ge=-limits.MAX_LATITUDE, le=limits.MAX_LATITUDE)]
Longitude = Annotated[float, Field(strict=True, ge=-limits.MAX_LONGITUDE, le=limits.MAX_LONGITUDE)]

_EXAMPLE_TIME: Final = "like '2023-09-12T06:00:00+10:00'"
_BARE_DATE: Final = re.compile(r"\s*\d{4}-\d\d-\d\d\s*\Z")


def _timestamp(value: object) -> datetime:
    # The usual case first: text that parses to a date-time with its UTC offset.
    parsed = value if isinstance(value, datetime) else None  # from a caller's own YAML reader
    if isinstance(value, str) and len(value) <= limits.MAX_TIMESTAMP:
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            parsed = None
    if parsed is not None and parsed.tzinfo is not None and parsed.utcoffset() is not None:
        if not limits.MIN_YEAR <= parsed.year <= limits.MAX_YEAR:
            raise refuse(
                "timestamp",
                f"must be between the years {limits.MIN_YEAR} and {limits.MAX_YEAR}; "
                f"instead got {show(value)}",
            )
        return parsed
    # Then what is wrong, the most telling first: a date alone, no date-time, no offset.
    if (isinstance(value, date) and not isinstance(value, datetime)) or (
        isinstance(value, str) and _BARE_DATE.match(value)
    ):
        shown = show(value if isinstance(value, str) else value.isoformat())
        raise refuse(
            "timestamp",
            f"needs a time and a UTC offset ({_EXAMPLE_TIME}); instead got the bare date {shown}",
        )
    if parsed is None:
        raise refuse(
            "timestamp",
            f"expected an ISO 8601 date-time {_EXAMPLE_TIME}, instead got {show(value)}",
        )
    raise refuse(
        "timestamp",
        f"needs a UTC offset (local time with its zone, like '+10:00'); instead got {show(value)}",
    )


Timestamp = Annotated[
    Any,
    AfterValidator(_timestamp),
    WithJsonSchema({"type": "string", "format": "date-time",
                    "maxLength": limits.MAX_TIMESTAMP}),
]  # fmt: skip


def url_flaw(url: str) -> str | None:
    """Why ``url`` is not a plain http(s) link a reader can trust, or None if it is.

    Browsers strip tabs and newlines from URLs and read backslashes as slashes, so
    "java\\tscript:" and "https:\\\\evil" mean something other than they look like;
    a user name before the host ("https://good.org@evil.example") misleads readers.
    """
    if " " in url or not url.isprintable():  # isprintable: no other space, no control
        return " without spaces or invisible characters"
    if "\\" in url:
        return " without backslashes"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not url.lower().startswith(
        ("http://", "https://")
    ):
        return ""
    if not parts.hostname:
        return " with a host name"
    if "@" in parts.netloc:
        return " without a user name or password before the host"
    return None


# A URL url_flaw is sure to accept (an ASCII host name, no port or user name, printable ASCII
# but backslashes after it): most sources are such, and the regex costs a tenth of urlsplit.
PLAIN_URL: Final = re.compile(
    r"[hH][tT][tT][pP][sS]?://[A-Za-z0-9][A-Za-z0-9.-]*(?:[/?#][!-\[\]-~]*)?"
)


def _url(value: object) -> str:
    if not isinstance(value, str):
        raise refuse("url", f"expected a URL, instead got {show(value)}")
    candidate = value.strip()
    if len(candidate) <= limits.MAX_URL and PLAIN_URL.fullmatch(candidate):
        return candidate
    if len(candidate) > limits.MAX_URL:
        raise refuse("url", f"is longer than {limits.MAX_URL:,} characters")
    flaw = url_flaw(candidate)
    if flaw is not None:
        raise refuse(
            "url", f"must be an http:// or https:// address{flaw}, instead got {show(value)}"
        )
    return candidate


Url = Annotated[
    Any,
    AfterValidator(_url),
    # Editors get the gist; the loader also refuses spaces, backslashes and user names.
    WithJsonSchema({"type": "string", "format": "uri", "maxLength": limits.MAX_URL,
                    "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^/?#@\\s\\\\]+"}),
]  # fmt: skip

# The vocabulary of itinerary.topics (a test holds the two equal).
Topic = Literal[
    "diplomacy", "space", "military", "aviation", "naval", "railways", "economy",
    "education", "environment", "culture", "transit",
]  # fmt: skip


def _doc(text: str) -> Any:
    return Field(description=text)


# --- Records ------------------------------------------------------------------------------


@with_config(_STRICT)
class Source(TypedDict):
    """A report a fact rests on."""

    outlet: Annotated[Text, _doc("the outlet that published it (the original one, where "
                                 "a mirror was read)")]  # fmt: skip
    title: Annotated[Text, _doc("its title; say 'via ...' where a mirror was read")]
    url: Annotated[Url, _doc("`http://` or `https://` with a host; the mirror's URL where "
                             "one was read")]  # fmt: skip


@with_config(_STRICT)
class Location(TypedDict):
    """Where a stop is, and how we know."""

    lat: Annotated[Latitude, _doc("latitude in decimal degrees (WGS84), −90…90")]
    lon: Annotated[Longitude, _doc("longitude in decimal degrees (WGS84), −180…180")]
    provenance: Annotated[
        Provenance,
        _doc("`approximate` (placed by hand; say how well in `note`), `geocoded` (by a "
             "geocoder; then `geocoder` is required), `surveyed` (checked against a map "
             "or survey)"),
    ]  # fmt: skip
    note: NotRequired[Annotated[OptionalLongText, _doc("how the position was chosen and how "
                                                       "far off it may be")]]  # fmt: skip
    geocoder: NotRequired[
        Annotated[
            OptionalLongText, _doc("the service that answered (written by `itinerary geocode`)")
        ]
    ]
    query: NotRequired[Annotated[OptionalLongText, _doc("what it was asked")]]
    returned_name: NotRequired[Annotated[OptionalLongText, _doc("the name it returned")]]
    date: NotRequired[Annotated[OptionalLongText, _doc("the day it answered")]]


class _StopNaming(TypedDict):
    id: Annotated[Id, _doc("stable slug, unique among stops and waypoints (`khasan-arrival`)")]
    seq: Annotated[WholeNumber, _doc("strictly increasing down the file; shown on the marker")]
    name: Annotated[Text, _doc("short place name for the map (`Khasan`)")]
    site: Annotated[Text, _doc("what exactly (`Khasan railway station`)")]
    region: Annotated[Text, _doc("administrative region, in English")]
    country: Annotated[Text, _doc("country, in English")]


class _Located(TypedDict):
    location: Annotated[Location, _doc("where the stop is: `lat`, `lon`, `provenance`")]


class _MaybeLocated(TypedDict):
    location: NotRequired[Location]


class _StopStory(TypedDict):
    start: Annotated[Timestamp, _doc("local ISO 8601 date-time **with its UTC offset**: "
                                     "`2023-09-12T06:00:00+10:00`")]  # fmt: skip
    end: NotRequired[Annotated[Timestamp | None, _doc("same format, not before `start`")]]
    time_precision: Annotated[
        TimePrecision,
        _doc("`exact` (a source states the time), `approximate` (a source states the part "
             "of day; the hour is a placeholder), `day` (only the date is known)"),
    ]  # fmt: skip
    time_note: NotRequired[
        Annotated[OptionalLongText, _doc("what the sources say about timing, in your own words")]
    ]
    topics: Annotated[
        list[Topic],
        Field(min_length=1),
        _doc("one or more topics; the first one styles the marker"),
    ]
    people: Annotated[list[Text], _doc("people met or present, as sources name them "
                                       "(may be `[]`)")]  # fmt: skip
    summary: Annotated[LongText, _doc("what happened, in your own words (no copied "
                                      "sentences)")]  # fmt: skip
    confidence: Annotated[
        Confidence,
        _doc("`confirmed` (a cited page states it), `reported` (weak, secondary or "
             "conflicting sources), `unconfirmed`"),
    ]  # fmt: skip
    sources: Annotated[
        list[Source], Field(min_length=1), _doc("one or more reports the stop rests on")
    ]
    geocode_query: NotRequired[
        Annotated[OptionalText, _doc("the place name a geocoder should look up")]
    ]


@with_config(_STRICT)
class Stop(_StopNaming, _Located, _StopStory):
    """One stop of the journey, in travel order."""


@with_config(_STRICT)
class DraftStop(_StopNaming, _MaybeLocated, _StopStory):
    """A stop that may not be geocoded yet (what `itinerary geocode` reads)."""


@with_config(_STRICT)
class Waypoint(TypedDict):
    """A named point on the railway that the route passes without stopping."""

    id: Annotated[Id, _doc("unique among stops and waypoints")]
    name: Annotated[Text, _doc("its name")]
    kind: Annotated[WaypointKind, _doc("what it is")]
    lat: Annotated[Latitude, _doc("latitude, −90…90")]
    lon: Annotated[Longitude, _doc("longitude, −180…180")]
    provenance: Annotated[Provenance, _doc("as for a stop's location")]
    note: NotRequired[Annotated[OptionalLongText, _doc("anything a reader should know")]]


@with_config(_STRICT)
class Leg(TypedDict):
    """How the journey gets from one stop to the next."""

    from_: Annotated[Id, Field(alias="from", description="the stop it leaves")]
    to: Annotated[Id, _doc("the next stop")]
    mode: Annotated[LegMode, _doc("`rail`, or `road` (drawn dashed)")]
    via: NotRequired[Annotated[list[Id], _doc("waypoint ids, in travel order")]]
    note: NotRequired[Annotated[OptionalLongText, _doc("anything a reader should know")]]


@with_config(_STRICT)
class Route(TypedDict):
    """The line the journey follows."""

    reconstructed: Annotated[bool, Field(strict=True, description="`true` when no source "
                                         "names the stations passed")]  # fmt: skip
    legs: Annotated[list[Leg], _doc("exactly one per pair of consecutive stops, in order")]
    note: NotRequired[Annotated[OptionalLongText, _doc("what the reconstruction rests on")]]
    sources: NotRequired[Annotated[list[Source], _doc("the reports it rests on")]]


@with_config(_STRICT)
class Header(TypedDict):
    """What the journey is."""

    id: Annotated[Id, _doc("slug: `a-z`, `0-9`, single hyphens")]
    title: Annotated[Text, _doc("the title shown above the map")]
    summary: Annotated[LongText, _doc("a paragraph on the journey")]
    time_zone_note: NotRequired[Annotated[OptionalLongText, _doc("how times are given")]]


StopT = TypeVar("StopT", Stop, DraftStop)
STOP_COUNT_LIMITS: Final = Field(min_length=1, max_length=limits.MAX_STOPS)


@with_config(_STRICT)
class Document(TypedDict, Generic[StopT]):
    """An itinerary file."""

    schema: Annotated[
        Literal["itinerary/1"], _doc(f"always `{limits.SCHEMA_VERSION}`")
    ]  # = SCHEMA_VERSION
    journey: Annotated[Header, _doc("`id`, `title`, `summary`, optional `time_zone_note`")]
    stops: Annotated[list[StopT], STOP_COUNT_LIMITS, _doc("the stops, in travel order")]
    waypoints: NotRequired[
        Annotated[
            list[Waypoint] | None,
            _doc("named points on the railway the route passes without stopping"),
        ]
    ]
    route: NotRequired[Annotated[Route, _doc("how the journey gets from each stop to the next")]]


DOCUMENT: Final = TypeAdapter(Document[Stop])
DRAFT_DOCUMENT: Final = TypeAdapter(Document[DraftStop])
# The parts, for validating what is left of a file once its broken items are set aside.
STOPS: Final = TypeAdapter(list[Stop])
DRAFT_STOPS: Final = TypeAdapter(list[DraftStop])
# How many stops, without looking at them (the document checks the first ones with it).
STOP_COUNT: Final = TypeAdapter(Annotated[list[Any], STOP_COUNT_LIMITS])
WAYPOINTS: Final = TypeAdapter(list[Waypoint])
LEGS: Final = TypeAdapter(list[Leg])
