"""``itinerary geocode``: give stops coordinates from Nominatim, politely and traceably.

A run reads the data file (stops may lack a location), asks the service for each
stop that needs it (through the cache and the politeness rules), and writes the
answers into the file, every coordinate saying where it came from (provenance
``geocoded``, the service, the query, the name the service returned, the date).
The seams are small and injectable so tests are exact and fast: a
:class:`~itinerary.geocode.polite.Clock`, ``today``, and a
:data:`~itinerary.geocode.service.GeocoderFactory`. See docs/geocoding.md for the
behaviour and exit codes; the command line is in :mod:`itinerary.cli`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Final, TextIO

from geopy.distance import geodesic

from itinerary.errors import DataFileError, GeocoderQuotaError, GeocodingError, ValidationError
from itinerary.fileio import atomic_write
from itinerary.format.loader import read_bytes
from itinerary.format.yamledit import LocationFields, SourceText, set_stop_locations
from itinerary.geocode.cache import CacheEntry, GeocodeCache, normalise_query
from itinerary.geocode.polite import (
    NOTHING_FOUND,
    Clock,
    PoliteGeocoder,
    RetryPolicy,
    SystemClock,
    Unresolved,
)
from itinerary.geocode.service import (
    GeocoderConfig,
    GeocoderFactory,
    Place,
    ServiceURL,
    nominatim_geocoder,
)
from itinerary.geocode.stops import StopInfo, location_fields, read_stops, same_apart_from_date

DEFAULT_TIMEOUT_S: Final = 10.0
DEFAULT_THRESHOLD_KM: Final = 5.0
# Runs of more places than this show progress; shorter runs stay quiet.
PROGRESS_AFTER: Final = 3

EXIT_OK: Final = 0
EXIT_UNRESOLVED: Final = 1
EXIT_USAGE: Final = 2
EXIT_INTERRUPTED: Final = 130  # 128 + SIGINT, the shell's convention for Ctrl-C


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
            self.content = read_bytes(options.data_file)
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
        if same_apart_from_date(stop.location, fields):
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
            if read_bytes(self.options.data_file) != self.content:
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
