"""``itinerary geocode``: give stops coordinates from Nominatim, politely and traceably.

Politeness (Nominatim's usage policy) is enforced here, not left to the caller:
an identifying User-Agent is required, requests are spaced at least one second
apart *including retries*, and every answer is cached on disk so a place is
asked for once. Every coordinate written says where it came from (provenance
``geocoded``, the service, the query, the name the service returned, the date).

The seams are small and injectable so tests are exact and fast: a :class:`Clock`
(``monotonic`` and ``sleep``) drives rate limiting and backoff, ``today`` dates
the results, and a :data:`GeocoderFactory` builds the lookup function (by
default geopy's real Nominatim client over urllib, one HTTP request per call).
See ``docs/geocoding.md`` for the user-facing behaviour and exit codes.
"""

from __future__ import annotations

import argparse
import inspect
import json
import math
import os
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Final, Protocol, TextIO
from urllib.parse import urlsplit

from geopy.adapters import URLLibAdapter
from geopy.distance import geodesic
from geopy.exc import (
    ConfigurationError,
    GeocoderAuthenticationFailure,
    GeocoderInsufficientPrivileges,
    GeocoderParseError,
    GeocoderQueryError,
    GeocoderQuotaExceeded,
    GeocoderRateLimited,
    GeocoderServiceError,
    GeocoderTimedOut,
    GeopyError,
)
from geopy.geocoders import Nominatim
from geopy.geocoders import options as geopy_options

from itinerary.errors import DataFileError, GeocoderQuotaError, GeocodingError, ValidationError
from itinerary.loader import MAX_LONG_TEXT, build_journey, parse_yaml
from itinerary.model import LatLon
from itinerary.yamledit import (
    LocationFields,
    SourceText,
    atomic_write,
    remove_stale_temporaries,
    set_stop_locations,
)

USER_AGENT_ENV: Final = "ITINERARY_USER_AGENT"
CACHE_NAME: Final = "geocode-cache.json"
CACHE_FORMAT: Final = "itinerary-geocode-cache/1"
DEFAULT_TIMEOUT_S: Final = 10.0
DEFAULT_THRESHOLD_KM: Final = 5.0
# Runs of more places than this show progress; shorter runs stay quiet.
PROGRESS_AFTER: Final = 3
# Nominatim returns 7 decimals (about 1 cm); more would be noise in diffs.
DECIMALS: Final = 7

EXIT_OK: Final = 0
EXIT_UNRESOLVED: Final = 1
EXIT_USAGE: Final = 2
EXIT_INTERRUPTED: Final = 130  # 128 + SIGINT, the shell's convention for Ctrl-C

_PLACEHOLDER: Final = {"lat": 0.0, "lon": 0.0, "provenance": "approximate"}


# --- configuration ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard to try one place. Worst case per place: 4 requests, 2+4+8 s of backoff."""

    min_interval_s: float = 1.0  # between any two requests, retries included
    max_attempts: int = 4  # one request and up to three retries
    first_backoff_s: float = 2.0  # doubled after each failed attempt
    max_wait_s: float = 60.0  # longest single wait, Retry-After included


@dataclass(frozen=True, slots=True)
class ServiceURL:
    """A Nominatim-compatible service, split the way geopy wants it."""

    scheme: str
    domain: str  # host[:port][/path], no trailing slash

    @property
    def base(self) -> str:
        return f"{self.scheme}://{self.domain}"

    @property
    def label(self) -> str:
        """What ``location.geocoder`` records."""
        return f"nominatim ({self.base})"


def default_service_url() -> str:
    """The public Nominatim, as geopy itself defines it (scheme and domain)."""
    domain = inspect.signature(Nominatim).parameters["domain"].default
    return f"{geopy_options.default_scheme}://{domain}"


def parse_service_url(url: str) -> ServiceURL:
    """Split ``--nominatim-url`` into scheme and domain; GeocodingError if unusable."""
    parts = urlsplit(url.strip())
    problem = None
    if parts.scheme.lower() not in ("http", "https"):
        problem = "must start with http:// or https://"
    elif not parts.hostname:
        problem = "has no host name"
    elif parts.query or parts.fragment or parts.username or parts.password:
        problem = "must be a plain base address (no query, fragment or credentials)"
    elif any(char.isspace() for char in url.strip()):
        problem = "must not contain spaces"
    else:
        try:
            parts.port  # noqa: B018 - raises ValueError on a bad port
        except ValueError:
            problem = "has an invalid port"
    if problem:
        raise GeocodingError(f"--nominatim-url {problem}; instead got {url!r}")
    return ServiceURL(parts.scheme.lower(), parts.netloc + parts.path.rstrip("/"))


@dataclass(frozen=True, slots=True)
class GeocodeOptions:
    data_file: Path
    user_agent: str
    service: ServiceURL
    cache_file: Path
    timeout_s: float = DEFAULT_TIMEOUT_S
    threshold_km: float = DEFAULT_THRESHOLD_KM
    refresh: bool = False
    accept: bool = False
    check: bool = False
    policy: RetryPolicy = field(default_factory=RetryPolicy)


# --- injectable seams -------------------------------------------------------------------


class Clock(Protocol):
    """Time as rate limiting sees it. ``sleep(s)`` must advance ``monotonic()`` by >= s."""

    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


@dataclass(frozen=True, slots=True)
class Place:
    """One answer from the geocoder."""

    lat: float
    lon: float
    name: str


@dataclass(frozen=True, slots=True)
class GeocoderConfig:
    user_agent: str
    service: ServiceURL
    timeout_s: float


# One call is one HTTP request: returns the best match or None, raises geopy's errors.
Geocoder = Callable[[str], Place | None]
GeocoderFactory = Callable[[GeocoderConfig], Geocoder]


def nominatim_geocoder(config: GeocoderConfig) -> Geocoder:
    """geopy's Nominatim over urllib: unlike the requests adapter, it never retries by
    itself, so one call is exactly one request and the retry policy here is the only one."""
    try:
        client = Nominatim(
            user_agent=config.user_agent,
            domain=config.service.domain,
            scheme=config.service.scheme,
            timeout=config.timeout_s,
            adapter_factory=URLLibAdapter,
        )
    except ConfigurationError as error:
        raise GeocodingError(f"geopy refuses this configuration: {error}") from None

    def geocode(query: str) -> Place | None:
        try:
            answer = client.geocode(query, exactly_one=True, timeout=config.timeout_s)
        except GeopyError:
            raise
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            # geopy parses the JSON's fields without checking them (float("north")).
            raise GeocoderParseError(f"unusable answer ({error})") from None
        if answer is None:
            return None
        return _checked_place(answer.latitude, answer.longitude, answer.address)

    return geocode


def _checked_place(lat: object, lon: object, name: object) -> Place:
    if not isinstance(name, str) or not name.strip():
        raise GeocoderParseError(f"no display_name: instead got {name!r}")
    return Place(_coordinate("latitude", lat, 90.0), _coordinate("longitude", lon, 180.0),
                 _one_line(name))  # fmt: skip


def _coordinate(label: str, value: object, limit: float) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or abs(value) > limit
    ):
        raise GeocoderParseError(f"unusable {label}: instead got {value!r}")
    return round(float(value), DECIMALS)


def _one_line(text: str, limit: int = MAX_LONG_TEXT) -> str:
    """Collapse whitespace (a data file field is one line) and respect the loader's limit."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# --- queries and the cache --------------------------------------------------------------


def normalise_query(query: str) -> str:
    """The cache key: case-folded, whitespace collapsed and stripped."""
    return " ".join(query.casefold().split())


@dataclass(frozen=True, slots=True)
class CacheEntry:
    lat: float
    lon: float
    returned_name: str
    geocoder: str
    query: str  # as first asked (the key is its normalised form)
    date: str  # ISO date the service answered


class GeocodeCache:
    """Known answers, keyed by normalised query, in an indented, sorted JSON file.

    Only places that were found are stored: "not found" may be fixed tomorrow by
    an OpenStreetMap edit or a better ``geocode_query``, so it is asked again.
    """

    def __init__(self, path: Path, entries: Mapping[str, CacheEntry] | None = None) -> None:
        self.path = path
        self._entries = dict(entries or {})

    def __len__(self) -> int:
        return len(self._entries)

    @classmethod
    def load(cls, path: Path) -> GeocodeCache:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(path)
        except (OSError, UnicodeDecodeError) as error:
            raise GeocodingError(f"{path}: cannot read the geocode cache ({error})") from None
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise GeocodingError(
                f"{path}: the geocode cache is not valid JSON (line {error.lineno}: {error.msg}); "
                "fix it or delete it"
            ) from None
        if not isinstance(document, dict) or document.get("format") != CACHE_FORMAT:
            found = document.get("format") if isinstance(document, dict) else document
            raise GeocodingError(
                f"{path}: not a geocode cache (expected format {CACHE_FORMAT!r}); "
                f"instead got {_brief(found)}"
            )
        places = document.get("places")
        if not isinstance(places, dict):
            raise GeocodingError(
                f"{path}: 'places' must be a mapping, instead got {_brief(places)}"
            )
        return cls(
            path, {normalise_query(key): _entry(path, key, value) for key, value in places.items()}
        )

    def get(self, query: str) -> CacheEntry | None:
        return self._entries.get(normalise_query(query))

    def put(self, query: str, entry: CacheEntry) -> None:
        self._entries[normalise_query(query)] = entry

    def to_json(self) -> str:
        places = {key: asdict(entry) for key, entry in self._entries.items()}
        document = {"format": CACHE_FORMAT, "places": places}
        return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    def save(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, self.to_json().encode("utf-8"))
        except OSError as error:
            raise GeocodingError(f"{self.path}: cannot write the geocode cache ({error})") from None


def _entry(path: Path, key: str, raw: object) -> CacheEntry:
    if not isinstance(raw, dict):
        raise GeocodingError(f"{path}: place {key!r} must be a mapping, instead got {_brief(raw)}")
    values: dict[str, Any] = {}
    for name, kinds in (
        ("lat", (int, float)), ("lon", (int, float)), ("returned_name", (str,)),
        ("geocoder", (str,)), ("query", (str,)), ("date", (str,)),
    ):  # fmt: skip
        value = raw.get(name)
        if isinstance(value, bool) or not isinstance(value, kinds):
            raise GeocodingError(
                f"{path}: place {key!r}: {name!r} has the wrong type, instead got {_brief(value)}"
            )
        values[name] = value
    try:
        place = _checked_place(values["lat"], values["lon"], values["returned_name"])
    except GeocoderParseError as error:
        raise GeocodingError(f"{path}: place {key!r}: {error}") from None
    return CacheEntry(place.lat, place.lon, place.name, values["geocoder"], values["query"],
                      values["date"])  # fmt: skip


def _brief(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


# --- the data file ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StopInfo:
    """What geocoding needs to know about one stop of the file."""

    index: int  # position in the file's ``stops`` list
    id: str
    query: str
    location: Mapping[str, Any] | None  # as written in the file, None when missing

    @property
    def point(self) -> LatLon | None:
        if self.location is None:
            return None
        return LatLon(float(self.location["lat"]), float(self.location["lon"]))


def stop_query(raw_stop: Mapping[str, Any]) -> str:
    """``geocode_query`` when given, else "site, region, country"; whitespace collapsed."""
    custom = raw_stop.get("geocode_query")
    if isinstance(custom, str) and custom.strip():
        return " ".join(custom.split())
    parts = (str(raw_stop[key]) for key in ("site", "region", "country"))
    return ", ".join(" ".join(part.split()) for part in parts)


def read_stops(content: bytes | str, file: str) -> tuple[StopInfo, ...]:
    """Validate a data file in which stops may lack a ``location``; describe its stops.

    The loader insists on locations, so each missing one is stood in for by a
    placeholder while the rest is checked. The only check a placeholder can upset
    is the route detour check on legs touching it; those problems are not real.
    """
    raw = parse_yaml(content, file)
    missing: set[int] = set()
    stops = raw.get("stops") if isinstance(raw, dict) else None
    if isinstance(stops, list):
        for index, entry in enumerate(stops):
            if isinstance(entry, dict) and "location" not in entry:
                entry["location"] = dict(_PLACEHOLDER)
                missing.add(index)
    try:
        build_journey(raw, file)
    except ValidationError as error:
        problems = [p for p in error.problems if not _placeholder_detour(p.field, missing)]
        if problems:
            raise ValidationError(file, problems) from None
    assert isinstance(stops, list)  # noqa: S101 - build_journey required it
    return tuple(
        StopInfo(
            index=index,
            id=str(entry["id"]),
            query=stop_query(entry),
            location=None if index in missing else entry["location"],
        )
        for index, entry in enumerate(stops)
    )


def _placeholder_detour(problem_field: str, missing: set[int]) -> bool:
    # The detour check reports leg i (stops i -> i+1) under "route.legs[i].via".
    prefix, suffix = "route.legs[", "].via"
    if not (problem_field.startswith(prefix) and problem_field.endswith(suffix)):
        return False
    number = problem_field[len(prefix) : -len(suffix)]
    return number.isdigit() and bool({int(number), int(number) + 1} & missing)


def location_fields(entry: CacheEntry, query: str) -> dict[str, float | str]:
    """The ``location`` mapping written for a geocoded stop, in schema order."""
    return {
        "lat": entry.lat,
        "lon": entry.lon,
        "provenance": "geocoded",
        "geocoder": entry.geocoder,
        "query": query,
        "returned_name": entry.returned_name,
        "date": entry.date,
    }


def _same_apart_from_date(old: Mapping[str, Any], new: Mapping[str, object]) -> bool:
    keys = set(new) - {"date"}
    return set(old) - {"date"} == keys and all(old[key] == new[key] for key in keys)


# --- polite lookups ---------------------------------------------------------------------


class RateLimiter:
    """At most one request per interval, measured from the end of the previous one."""

    def __init__(self, clock: Clock, interval_s: float) -> None:
        self._clock = clock
        self._interval_s = interval_s
        self._last_end: float | None = None

    def wait(self) -> None:
        if self._last_end is None:
            return
        while (remaining := self._last_end + self._interval_s - self._clock.monotonic()) > 0:
            self._clock.sleep(remaining)

    def done(self) -> None:
        self._last_end = self._clock.monotonic()


NOTHING_FOUND: Final = "nothing found"


@dataclass(frozen=True, slots=True)
class Unresolved:
    reason: str


class PoliteGeocoder:
    """Wraps a :data:`Geocoder` with the rate limit and the retry policy."""

    def __init__(
        self, geocoder: Geocoder, clock: Clock, policy: RetryPolicy, timeout_s: float
    ) -> None:
        self._geocoder = geocoder
        self._clock = clock
        self._policy = policy
        self._timeout_s = timeout_s
        self._limiter = RateLimiter(clock, policy.min_interval_s)
        self.requests = 0

    def lookup(self, query: str, say: Callable[[str], None]) -> Place | Unresolved:
        """Ask for one place. Raises GeocoderQuotaError / GeocodingError when asking
        further is pointless for every place (refused for too long, or not allowed)."""
        policy = self._policy
        reason = "no attempt made"
        for attempt in range(1, policy.max_attempts + 1):
            backoff = min(policy.first_backoff_s * 2 ** (attempt - 1), policy.max_wait_s)
            self._limiter.wait()
            self.requests += 1
            try:
                place = self._geocoder(query)
            except GeocoderRateLimited as error:
                retry_after = error.retry_after
                if retry_after is not None and retry_after > policy.max_wait_s:
                    raise GeocoderQuotaError(
                        f"the service refused us for {retry_after:g} s (HTTP 429 Retry-After), "
                        f"longer than the {policy.max_wait_s:g} s we wait; stopped asking"
                    ) from None
                reason = "the service asked us to slow down (HTTP 429)"
                if retry_after is not None:
                    backoff = float(retry_after)
            except (GeocoderAuthenticationFailure, GeocoderInsufficientPrivileges) as error:
                raise GeocodingError(
                    f"the service refuses us ({_first_line(error)}); check --user-agent and "
                    "--nominatim-url"
                ) from None
            except GeocoderQuotaExceeded as error:
                raise GeocoderQuotaError(
                    f"the service says our quota is used up ({_first_line(error)}); stopped asking"
                ) from None
            except GeocoderQueryError as error:
                # The same query would be rejected again: no retry.
                return Unresolved(f"the service rejected the query ({_first_line(error)})")
            except GeocoderTimedOut as error:
                # geopy also files HTTP 408, 503 and 504 under "timed out"; say which it was.
                message = _first_line(error)
                if message == "Service timed out":
                    reason = f"timed out: no answer within {self._timeout_s:g} s"
                else:
                    reason = f"service error: {message}"
            except GeocoderParseError as error:
                reason = f"malformed answer: {_first_line(error)}"
            except GeocoderServiceError as error:  # 5xx, connection refused, reset...
                reason = f"service error: {_first_line(error)}"
            else:
                return place if place is not None else Unresolved(NOTHING_FOUND)
            finally:
                self._limiter.done()
            if attempt < policy.max_attempts:
                say(f"{reason}; retrying in {backoff:g} s "
                    f"(attempt {attempt + 1} of {policy.max_attempts})")  # fmt: skip
                self._clock.sleep(backoff)
        return Unresolved(f"{reason}; gave up after {policy.max_attempts} attempts")


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    text = " ".join(lines[:2]) if lines else type(error).__name__
    return text if len(text) <= 160 else text[:157] + "..."


# --- progress ---------------------------------------------------------------------------


class Progress:
    """A ``\\r`` counter on a terminal, a line per place otherwise; quiet for short runs."""

    def __init__(self, stream: TextIO, is_tty: bool, total: int) -> None:
        self._stream = stream
        self._is_tty = is_tty
        self._total = total
        self._enabled = total > PROGRESS_AFTER
        self._line_open = False

    def begin(self, number: int, stop_id: str) -> None:
        if self._enabled and self._is_tty:
            self._stream.write(f"\r\033[Kgeocoding {number}/{self._total}: {stop_id}")
            self._stream.flush()
            self._line_open = True

    def end(self, number: int, stop_id: str, status: str) -> None:
        if self._enabled and not self._is_tty:
            self._stream.write(f"geocode [{number}/{self._total}] {stop_id}: {status}\n")
            self._stream.flush()

    def note(self, message: str) -> None:
        self.clear()
        self._stream.write(message + "\n")
        self._stream.flush()

    def clear(self) -> None:
        if self._line_open:
            self._stream.write("\r\033[K")
            self._stream.flush()
            self._line_open = False


# --- the run ----------------------------------------------------------------------------


def run(
    options: GeocodeOptions,
    *,
    clock: Clock | None = None,
    today: Callable[[], date] = date.today,
    make_geocoder: GeocoderFactory = nominatim_geocoder,
    out: TextIO | None = None,
    err: TextIO | None = None,
    is_tty: bool | None = None,
) -> int:
    """Geocode ``options.data_file``; return the exit code (see docs/geocoding.md)."""
    err = sys.stderr if err is None else err
    return _Run(
        options,
        clock=clock or SystemClock(),
        today=today,
        make_geocoder=make_geocoder,
        out=sys.stdout if out is None else out,
        err=err,
        is_tty=err.isatty() if is_tty is None else is_tty,
    ).execute()


class _Run:
    def __init__(
        self,
        options: GeocodeOptions,
        *,
        clock: Clock,
        today: Callable[[], date],
        make_geocoder: GeocoderFactory,
        out: TextIO,
        err: TextIO,
        is_tty: bool,
    ) -> None:
        self.options = options
        self.clock = clock
        self.today = today
        self.make_geocoder = make_geocoder
        self.out = out
        self.err = err
        self.is_tty = is_tty
        self.file = str(options.data_file)
        self.edits: dict[int, LocationFields] = {}
        self.problems = 0  # unresolved places, pending moves, check differences
        self.memo: dict[str, Unresolved] = {}  # failures this run: ask once per run

    def execute(self) -> int:
        options = self.options
        try:
            self.content = _read_bytes(options.data_file)
            self.source = SourceText.decode(self.content, self.file)
            stops = read_stops(self.content, self.file)
            self.cache = GeocodeCache.load(options.cache_file)
            self.polite = PoliteGeocoder(
                self.make_geocoder(
                    GeocoderConfig(options.user_agent, options.service, options.timeout_s)
                ),
                self.clock,
                options.policy,
                options.timeout_s,
            )
        except ValidationError as error:
            for problem in error.problems:
                print(problem, file=self.err)
            print(f"{error.file}: invalid ({error.message}); fix it first", file=self.err)
            return EXIT_USAGE
        except (DataFileError, GeocodingError) as error:
            print(f"itinerary geocode: {error}", file=self.err)
            return EXIT_USAGE

        wanted = options.check or options.refresh
        tasks = [stop for stop in stops if wanted or stop.location is None]
        self.progress = Progress(self.err, self.is_tty, len(tasks))
        exit_code = EXIT_OK
        done = 0
        try:
            for stop in tasks:
                self.progress.begin(done + 1, stop.id)
                status = self._process(stop)
                done += 1
                self.progress.end(done, stop.id, status)
        except KeyboardInterrupt:
            self.progress.clear()
            _, saved = self._save()
            print(f"itinerary geocode: interrupted; {saved}; run the same command again "
                  "to carry on", file=self.err)  # fmt: skip
            return EXIT_INTERRUPTED
        except GeocoderQuotaError as error:
            self.progress.note(f"itinerary geocode: {error}")
            for stop in tasks[done:]:
                self._unresolved(stop, "not attempted: the service stopped answering us")
            exit_code = EXIT_UNRESOLVED
        except GeocodingError as error:
            self.progress.note(f"itinerary geocode: {error}")
            print(f"itinerary geocode: {self._save()[1]}", file=self.err)
            return EXIT_USAGE
        self.progress.clear()
        return max(exit_code, self._finish(len(tasks)))

    def _process(self, stop: StopInfo) -> str:
        """Resolve one stop and record what to do with it; return a progress status."""
        entry = self.cache.get(stop.query)
        status = "cached"
        if entry is None:
            answer = self._ask(stop)
            if isinstance(answer, Unresolved):
                self._unresolved(stop, answer.reason)
                return NOTHING_FOUND if answer.reason == NOTHING_FOUND else "failed"
            entry = CacheEntry(answer.lat, answer.lon, answer.name,
                               self.options.service.label, stop.query,
                               self.today().isoformat())  # fmt: skip
            self.cache.put(stop.query, entry)
            self.cache.save()  # after every place, so an interruption loses nothing
            status = "found"
        if self.options.check:
            self._check(stop, entry)
        else:
            self._update(stop, entry)
        return status

    def _ask(self, stop: StopInfo) -> Place | Unresolved:
        key = normalise_query(stop.query)
        if key in self.memo:
            return self.memo[key]

        def say(message: str) -> None:
            self.progress.note(f"{stop.id}: {message}")

        answer = self.polite.lookup(stop.query, say)
        if isinstance(answer, Unresolved):
            self.memo[key] = answer
        return answer

    def _unresolved(self, stop: StopInfo, reason: str) -> None:
        self.problems += 1
        print(f"unresolved: stop {stop.id!r}: {reason} (query {stop.query!r})", file=self.out)

    def _update(self, stop: StopInfo, entry: CacheEntry) -> None:
        fields = location_fields(entry, stop.query)
        if stop.location is None:
            self.edits[stop.index] = fields
            return
        # --refresh of a stop that already has coordinates.
        if _same_apart_from_date(stop.location, fields):
            return
        km = _distance_km(stop, entry)
        if km <= self.options.threshold_km:
            self.edits[stop.index] = fields
        elif self.options.accept:
            self.edits[stop.index] = fields
            print(f"replaced: stop {stop.id!r}: {self._move(stop, entry, km)}", file=self.out)
        else:
            self.problems += 1
            print(f"moved: stop {stop.id!r}: {self._move(stop, entry, km)}; kept the stored "
                  "position (--accept replaces it)", file=self.out)  # fmt: skip

    def _check(self, stop: StopInfo, entry: CacheEntry) -> None:
        if stop.location is None:
            self.problems += 1
            print(f"missing: stop {stop.id!r} has no location; the geocoder suggests "
                  f"({entry.lat}, {entry.lon}) {entry.returned_name!r}", file=self.out)  # fmt: skip
            return
        km = _distance_km(stop, entry)
        if km > self.options.threshold_km:
            self.problems += 1
            print(f"differs: stop {stop.id!r}: {self._move(stop, entry, km)}", file=self.out)

    def _move(self, stop: StopInfo, entry: CacheEntry, km: float) -> str:
        point = stop.point
        assert point is not None  # noqa: S101 - only called for located stops
        return (
            f"stored ({point.lat}, {point.lon}) is {km:.1f} km from the geocoder's "
            f"({entry.lat}, {entry.lon}) {entry.returned_name!r} for query {stop.query!r}"
            f" (threshold {self.options.threshold_km:g} km)"
        )

    def _save(self) -> tuple[bool, str]:
        """Write the edits made so far to the data file, atomically: (success, what happened)."""
        if not self.edits or self.options.check:
            return True, f"{self.file} is unchanged"
        try:
            if _read_bytes(self.options.data_file) != self.content:
                return False, (
                    f"{self.file} changed on disk during the run, so it was not overwritten "
                    f"(the answers are in {self.options.cache_file}: run again)"
                )
            text = set_stop_locations(self.source.text, self.edits, self.file)
            atomic_write(self.options.data_file, self.source.encode(text))
        except (DataFileError, OSError) as error:
            return False, f"could not write {self.file}: {error}"
        count = len(self.edits)
        self.edits = {}
        self.content = self.source.encode(text)
        return True, f"wrote {count} location{'s' if count != 1 else ''} to {self.file}"

    def _finish(self, total: int) -> int:
        saved, message = self._save()
        requests = self.polite.requests
        print(
            f"{self.file}: {total} stop{'s' if total != 1 else ''} looked up, {requests} "
            f"request{'s' if requests != 1 else ''}, {self.problems} need attention; {message}",
            file=self.err,
        )
        if not saved:
            return EXIT_USAGE
        try:
            read_stops(self.content, self.file)
        except ValidationError as error:
            # Real coordinates can expose a misplaced route waypoint, for instance.
            for problem in error.problems:
                print(problem, file=self.out)
            return EXIT_UNRESOLVED
        return EXIT_UNRESOLVED if self.problems else EXIT_OK


def _distance_km(stop: StopInfo, entry: CacheEntry) -> float:
    point = stop.point
    assert point is not None  # noqa: S101 - only called for located stops
    return float(geodesic(point, (entry.lat, entry.lon)).km)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DataFileError(str(path), "file not found") from None
    except OSError as error:
        raise DataFileError(str(path), f"cannot read the file ({error.strerror})") from None


# --- command line -----------------------------------------------------------------------


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number, instead got {text!r}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``itinerary geocode`` (registered by itinerary.cli)."""
    parser.add_argument("file", type=Path, help="the itinerary data file to update")
    parser.add_argument(
        "--user-agent",
        help=f"identify yourself to the service (required; or set {USER_AGENT_ENV})",
    )
    parser.add_argument(
        "--nominatim-url",
        default=default_service_url(),
        help="base address of a Nominatim-compatible service (default: %(default)s)",
    )
    parser.add_argument(
        "--cache", type=Path, help=f"cache file (default: {CACHE_NAME} next to FILE)"
    )
    parser.add_argument(
        "--timeout", type=_positive, default=DEFAULT_TIMEOUT_S,
        help="seconds to wait for each answer (default: %(default)g)",
    )  # fmt: skip
    parser.add_argument(
        "--threshold-km", type=_positive, default=DEFAULT_THRESHOLD_KM,
        help="a move further than this is reported (default: %(default)g)",
    )  # fmt: skip
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--refresh", action="store_true",
        help="also re-geocode stops that have coordinates; small moves are applied",
    )  # fmt: skip
    mode.add_argument(
        "--check", action="store_true",
        help="write nothing; report stops further than the threshold from the geocoder",
    )  # fmt: skip
    parser.add_argument(
        "--accept", action="store_true",
        help="with --refresh: also apply moves beyond the threshold",
    )  # fmt: skip


def command(args: argparse.Namespace, environ: Mapping[str, str] = os.environ) -> int:
    """Run ``itinerary geocode`` from parsed arguments; return the exit code."""
    try:
        options = options_from(args, environ)
    except GeocodingError as error:
        print(f"itinerary geocode: {error}", file=sys.stderr)
        return EXIT_USAGE
    for path in (options.data_file, options.cache_file):
        remove_stale_temporaries(path)  # left by a run that was killed mid-write
    return run(options)


def options_from(args: argparse.Namespace, environ: Mapping[str, str]) -> GeocodeOptions:
    user_agent = (args.user_agent or environ.get(USER_AGENT_ENV) or "").strip()
    if not user_agent:
        raise GeocodingError(
            "a User-Agent that identifies you is required by Nominatim's usage policy: pass "
            f"--user-agent 'my-project/1.0 (me@example.org)' or set {USER_AGENT_ENV}"
        )
    if not (user_agent.isascii() and user_agent.isprintable()):
        # http.client would refuse it on every request; say so once, up front.
        raise GeocodingError(
            f"the User-Agent must be printable ASCII on one line, instead got {user_agent!r}"
        )
    if args.accept and not args.refresh:
        raise GeocodingError("--accept only makes sense with --refresh")
    data_file: Path = args.file
    return GeocodeOptions(
        data_file=data_file,
        user_agent=user_agent,
        service=parse_service_url(args.nominatim_url),
        cache_file=args.cache or data_file.parent / CACHE_NAME,
        timeout_s=args.timeout,
        threshold_km=args.threshold_km,
        refresh=args.refresh,
        accept=args.accept,
        check=args.check,
    )
