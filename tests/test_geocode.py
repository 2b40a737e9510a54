"""itinerary geocode: geopy's real Nominatim client over real HTTP, against a local server.

Time is faked wherever real waiting would be slow: the injected clock's ``sleep``
advances fake time, and the test server stamps each request with that same fake
time, so "no two requests closer than one second" is measured exactly and
instantly. Only the timeout test and one rate test use real time (about 0.5 s
and 2 s). Nothing here may reach the internet: an autouse fixture refuses any
connection or name lookup that is not loopback.
"""

from __future__ import annotations

import errno
import io
import json
import os
import shutil
import socket
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any
from urllib.error import URLError

import pytest
import yaml
from geopy.exc import GeocoderServiceError
from geopy.geocoders import Nominatim
from geopy.geocoders import options as geopy_options
from hypothesis import given, settings
from hypothesis import strategies as st

from itinerary.cli import USER_AGENT_ENV, main
from itinerary.errors import DataFileError, GeocodingError, ValidationError
from itinerary.fileio import atomic_write
from itinerary.format.loader import load_journey, parse_yaml
from itinerary.format.yamledit import set_stop_locations
from itinerary.geocode import (
    CACHE_FORMAT,
    CacheEntry,
    GeocodeCache,
    GeocodeOptions,
    Geocoder,
    GeocoderConfig,
    Place,
    ServiceURL,
    default_service_url,
    nominatim_geocoder,
    normalise_query,
    parse_service_url,
    read_stops,
    run,
)
from itinerary.geocode.service import unreachable
from tests.conftest import FIXTURES, MINI
from tests.nominatim_server import (
    MALFORMED,
    WRONG_SHAPE,
    NominatimServer,
    Reply,
    rate_limited,
    server_error,
)

BASIC = FIXTURES / "geocode_basic.yaml"
COMMENTS = FIXTURES / "geocode_comments.yaml"
USER_AGENT = "itinerary-tests/1.0 (tests@example.invalid)"
TODAY = date(2024, 5, 1)

Q_VLADIVOSTOK = "Vladivostok station, Primorsky Krai, Russia"
Q_KHASAN = "Khasan station, Primorsky Krai, Russia"
Q_KOMSOMOLSK = "Komsomolsk-on-Amur Aircraft Plant"  # the stop's own geocode_query
Q_KHABAROVSK = "Khabarovsk station, Khabarovsk Krai, Russia"
Q_ARTYOM = "Knevichi airfield, Primorsky Krai, Russia"
Q_BETA = "Beta plant, Khabarovsk Krai, Russia"
Q_GAMMA = "Gamma aquarium, Khabarovsk Krai, Russia"

PLACES: dict[str, tuple[float, float, str]] = {
    Q_VLADIVOSTOK: (43.1111, 131.8822, "Владивосток, Приморский край, Россия"),
    # About 1 km north of the hand-set position (42.43, 130.64).
    Q_KHASAN: (42.439, 130.64, "Khasan, Primorsky Krai, Russia"),
    Q_KOMSOMOLSK: (50.58, 137.023, "KnAAPO, Komsomolsk-on-Amur, Khabarovsk Krai, Russia"),
    Q_KHABAROVSK: (48.493, 135.087, "Khabarovsk-1, Khabarovsk, Russia"),
    Q_ARTYOM: (43.398, 132.148, "Knevichi, Artyom, Primorsky Krai, Russia"),
    Q_BETA: (48.4827, 135.0838, "Beta plant, Khabarovsk, Russia"),
    Q_GAMMA: (48.4513, 135.1004, 'Gamma "aquarium": #1, Khabarovsk'),
}
BASIC_ASKED = [Q_VLADIVOSTOK, Q_KOMSOMOLSK, Q_KHABAROVSK, Q_ARTYOM]


# --- fixtures and helpers ---------------------------------------------------------------


@dataclass
class FakeClock:
    """``sleep`` advances fake time; optionally Ctrl-C on the n-th sleep."""

    now: float = 1_000.0
    sleeps: list[float] = field(default_factory=list)
    interrupt_on_sleep: int | None = None

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0
        self.sleeps.append(seconds)
        if self.interrupt_on_sleep is not None and len(self.sleeps) >= self.interrupt_on_sleep:
            raise KeyboardInterrupt
        self.now += seconds


@dataclass
class Outcome:
    code: int
    out: str
    err: str


_LOOPBACK = {"127.0.0.1", "::1", "localhost"}


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Refuse (and remember) any non-loopback connection or DNS lookup; no proxies."""
    attempts: list[object] = []
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> None:
        if isinstance(address, tuple) and address[0] not in _LOOPBACK:
            attempts.append(address)
            raise OSError(f"test tried to reach {address!r}")
        real_connect(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in _LOOPBACK:
            attempts.append(host)
            raise OSError(f"test tried to look up {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv(USER_AGENT_ENV, raising=False)
    yield attempts
    assert attempts == [], "a test tried to reach the internet"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def server(clock: FakeClock) -> Iterator[NominatimServer]:
    nominatim = NominatimServer(now=clock.monotonic)
    for query, (lat, lon, name) in PLACES.items():
        nominatim.add_place(query, lat, lon, name)
    with nominatim.running():
        yield nominatim


def copy_fixture(tmp_path: Path, source: Path = BASIC, name: str = "journey.yaml") -> Path:
    target = tmp_path / "data" / name
    target.parent.mkdir(exist_ok=True)
    shutil.copyfile(source, target)
    return target


def geocode(
    path: Path,
    url: str,
    clock: FakeClock,
    *,
    is_tty: bool = False,
    **overrides: Any,
) -> Outcome:
    values: dict[str, Any] = {
        "data_file": path,
        "user_agent": USER_AGENT,
        "service": parse_service_url(url),
        "cache_file": path.parent / "geocode-cache.json",
    }
    values.update(overrides)
    out, err = io.StringIO(), io.StringIO()
    code = run(
        GeocodeOptions(**values),
        clock=clock,
        today=lambda: TODAY,
        out=out,
        err=err,
        is_tty=is_tty,
    )
    return Outcome(code, out.getvalue(), err.getvalue())


def locations(path: Path) -> dict[str, Any]:
    """Each stop's raw ``location`` mapping (None when missing), by stop id."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {stop["id"]: stop.get("location") for stop in raw["stops"]}


def geocoded(query: str, url: str) -> dict[str, Any]:
    lat, lon, name = PLACES[query]
    return {
        "lat": lat,
        "lon": lon,
        "provenance": "geocoded",
        "geocoder": f"nominatim ({url})",
        "query": query,
        "returned_name": name,
        "date": TODAY.isoformat(),
    }


def assert_polite(server: NominatimServer) -> None:
    times = [seen.at for seen in server.requests]
    gaps = [later - earlier for earlier, later in pairwise(times)]
    assert all(gap >= 1.0 for gap in gaps), f"requests closer than 1 s: {gaps}"
    assert {seen.user_agent for seen in server.requests} <= {USER_AGENT}


# --- a normal run -----------------------------------------------------------------------


def test_geocodes_the_stops_without_a_location(
    tmp_path: Path, server: NominatimServer, clock: FakeClock
) -> None:
    path = copy_fixture(tmp_path)
    result = geocode(path, server.url, clock)

    assert result.code == 0, result
    assert result.out == ""
    assert server.queries == BASIC_ASKED  # the hand-set stop is never asked about
    assert_polite(server)
    assert [seen.path for seen in server.requests] == ["/search"] * 4
    journey = load_journey(path)  # the rewritten file validates
    by_id = {stop.id: stop for stop in journey.stops}
    for stop_id, query in [("vladivostok", Q_VLADIVOSTOK), ("komsomolsk", Q_KOMSOMOLSK),
                           ("khabarovsk", Q_KHABAROVSK), ("artyom", Q_ARTYOM)]:  # fmt: skip
        location = by_id[stop_id].location
        assert location.provenance == "geocoded"
        assert location.geocoder == f"nominatim ({server.url})"
        assert (location.query, location.returned_name) == (query, PLACES[query][2])
        assert location.point == PLACES[query][:2]
        assert location.date == "2024-05-01"
    assert locations(path)["khasan"] == {
        "lat": 42.43, "lon": 130.64, "provenance": "approximate", "note": "set by hand",
    }  # fmt: skip

    cache_path = path.parent / "geocode-cache.json"
    cache = json.loads(cache_path.read_text(encoding="utf-8"))
    assert cache == {
        "format": CACHE_FORMAT,
        "places": {
            normalise_query(query): {
                key: value for key, value in geocoded(query, server.url).items()
                if key != "provenance"
            }
            for query in BASIC_ASKED
        },
    }  # fmt: skip
    # Human-readable: indented, sorted, non-ASCII kept as is.
    assert cache_path.read_text(encoding="utf-8") == (
        json.dumps(cache, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    )
    assert "Владивосток" in cache_path.read_text(encoding="utf-8")


def test_a_second_run_asks_nothing_and_changes_nothing(
    tmp_path: Path, server: NominatimServer, clock: FakeClock
) -> None:
    path = copy_fixture(tmp_path)
    assert geocode(path, server.url, clock).code == 0
    after_first = path.read_bytes()
    cache_after_first = (path.parent / "geocode-cache.json").read_bytes()

    second = geocode(path, server.url, clock)

    assert second.code == 0
    assert len(server.requests) == 4
    assert path.read_bytes() == after_first
    assert (path.parent / "geocode-cache.json").read_bytes() == cache_after_first


def test_the_cache_answers_without_a_request_whatever_the_case_and_spacing(
    tmp_path: Path, server: NominatimServer, clock: FakeClock
) -> None:
    path = copy_fixture(tmp_path)
    cache = GeocodeCache(path.parent / "geocode-cache.json")
    for query in BASIC_ASKED:
        lat, lon, name = PLACES[query]
        messy = "  " + query.upper().replace(" ", "   ") + " "
        cache.put(messy, CacheEntry(lat, lon, name, "nominatim (earlier)", messy, "2020-01-01"))
    cache.save()

    result = geocode(path, server.url, clock)

    assert result.code == 0
    assert server.requests == []
    vladivostok = locations(path)["vladivostok"]
    # The provenance is the cached answer's: who said it, and when.
    assert (vladivostok["geocoder"], vladivostok["date"]) == ("nominatim (earlier)", "2020-01-01")
    assert vladivostok["query"] == Q_VLADIVOSTOK


@pytest.mark.parametrize(
    ("variant", "reason"),
    [
        ("lf", "the usual file"),
        ("crlf", "Windows line endings stay Windows line endings"),
        ("bom", "a UTF-8 byte order mark stays"),
    ],
)
def test_comments_and_formatting_are_kept_byte_for_byte(
    tmp_path: Path, server: NominatimServer, clock: FakeClock, variant: str, reason: str
) -> None:
    original = COMMENTS.read_text(encoding="utf-8")
    newline = "\r\n" if variant == "crlf" else "\n"
    prefix = "\ufeff" if variant == "bom" else ""
    path = tmp_path / "data" / "journey.yaml"
    path.parent.mkdir()
    path.write_bytes((prefix + original.replace("\n", newline)).encode("utf-8"))

    result = geocode(path, server.url, clock)

    assert result.code == 0, result
    beta_line = "    country: 'Russia'   # single-quoted, with a comment\n"
    beta_block = (
        "    location:\n"
        "      lat: 48.4827\n"
        "      lon: 135.0838\n"
        "      provenance: geocoded\n"
        f"      geocoder: nominatim ({server.url})\n"
        "      query: Beta plant, Khabarovsk Krai, Russia\n"
        "      returned_name: Beta plant, Khabarovsk, Russia\n"
        "      date: '2024-05-01'\n"
    )
    gamma_flow = (
        "country: Russia, location: {lat: 48.4513, lon: 135.1004, provenance: geocoded, "
        f"geocoder: nominatim ({server.url}), query: 'Gamma aquarium, Khabarovsk Krai, Russia', "
        """returned_name: 'Gamma "aquarium": #1, Khabarovsk', date: '2024-05-01'}, start:"""
    )
    expected = original.replace(beta_line, beta_line + beta_block, 1).replace(
        "country: Russia, start:", gamma_flow, 1
    )
    assert expected.count("location") == original.count("location") + 2
    assert path.read_bytes() == (prefix + expected.replace("\n", newline)).encode("utf-8")
    journey = load_journey(path)
    assert [stop.location.provenance for stop in journey.stops] == [
        "approximate", "geocoded", "geocoded",
    ]  # fmt: skip
    assert journey.stop("gamma").location.returned_name == PLACES[Q_GAMMA][2]


# --- faults -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("replies", "resolved", "requests", "long_waits", "message", "reason"),
    [
        ([rate_limited("7")], True, 2, [7.0], "HTTP 429",
         "429 with Retry-After: wait as told, then ask again"),
        ([rate_limited()], True, 2, [2.0], "HTTP 429",
         "429 without Retry-After: the first backoff step"),
        ([rate_limited("1")] * 4, False, 4, [], "gave up after 4 attempts",
         "429 every time: give up on the place after 3 retries"),
        ([server_error(), server_error()], True, 3, [2.0, 4.0], "HTTP Error 500",
         "500 twice: exponential backoff, then success"),
        ([server_error(503)] * 4, False, 4, [2.0, 4.0, 8.0], "gave up after 4 attempts",
         "503 every time: bounded retries"),
        ([MALFORMED], True, 2, [2.0], "malformed answer",
         "truncated JSON once: retried"),
        ([WRONG_SHAPE] * 4, False, 4, [2.0, 4.0, 8.0], "unusable answer (could not convert",
         "valid JSON with unusable coordinates: retried, then given up"),
        ([Reply(status=400, body=b'{"error": "bad query"}')], False, 1, [],
         "the service rejected the query",
         "400: the same query would fail again, so no retry"),
    ],
)  # fmt: skip
def test_faults_are_retried_politely_and_the_run_goes_on(
    tmp_path: Path,
    server: NominatimServer,
    clock: FakeClock,
    replies: list[Reply],
    resolved: bool,
    requests: int,
    long_waits: list[float],
    message: str,
    reason: str,
) -> None:
    server.script(Q_VLADIVOSTOK, *replies)
    path = copy_fixture(tmp_path)

    result = geocode(path, server.url, clock)

    assert server.queries.count(Q_VLADIVOSTOK) == requests
    assert server.queries[requests:] == BASIC_ASKED[1:]  # the run went on
    assert_polite(server)
    assert [wait for wait in clock.sleeps if wait > 1.0] == long_waits
    assert message in result.out + result.err
    found = locations(path)
    assert all(found[stop] is not None for stop in ("komsomolsk", "khabarovsk", "artyom"))
    cached = json.loads((path.parent / "geocode-cache.json").read_text())["places"]
    if resolved:
        assert result.code == 0
        assert found["vladivostok"] == geocoded(Q_VLADIVOSTOK, server.url)
    else:
        assert result.code == 1
        assert found["vladivostok"] is None
        assert normalise_query(Q_VLADIVOSTOK) not in cached  # failures are not cached
        assert "unresolved: stop 'vladivostok': " in result.out
        assert f"(query {Q_VLADIVOSTOK!r})" in result.out


def test_not_found_is_reported_with_its_query_and_asked_again_next_run(
    tmp_path: Path, server: NominatimServer, clock: FakeClock
) -> None:
    del server.places[Q_ARTYOM]
    path = copy_fixture(tmp_path)

    first = geocode(path, server.url, clock)

    assert first.code == 1
    assert first.out == (f"unresolved: stop 'artyom': nothing found (query {Q_ARTYOM!r})\n")
    assert locations(path)["artyom"] is None
    assert load_journey_problems(path) == ["location: is required but missing"]

    second = geocode(path, server.url, clock)

    assert second.code == 1
    assert server.queries == [*BASIC_ASKED, Q_ARTYOM]  # only the unknown place again


def load_journey_problems(path: Path) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        load_journey(path)
    return [f"{problem.field}: {problem.message}" for problem in caught.value.problems]


def test_a_long_retry_after_stops_the_run_and_keeps_what_was_found(
    tmp_path: Path, server: NominatimServer, clock: FakeClock
) -> None:
    server.script(Q_KOMSOMOLSK, rate_limited("3600"))
    path = copy_fixture(tmp_path)

    result = geocode(path, server.url, clock)

    assert result.code == 1
    assert server.queries == [Q_VLADIVOSTOK, Q_KOMSOMOLSK]  # stopped asking at once
    assert all(wait <= 60 for wait in clock.sleeps)
    assert "refused us for 3600 s" in result.err
    assert result.out.count("not attempted") == 3
    assert locations(path)["vladivostok"] == geocoded(Q_VLADIVOSTOK, server.url)


def test_a_refusal_of_our_user_agent_is_a_configuration_error(
    tmp_path: Path, server: NominatimServer, clock: FakeClock
) -> None:
    server.script(Q_KOMSOMOLSK, Reply(status=403, body=b"blocked"))
    path = copy_fixture(tmp_path)

    result = geocode(path, server.url, clock)

    assert result.code == 2
    assert "check --user-agent" in result.err
    assert server.queries == [Q_VLADIVOSTOK, Q_KOMSOMOLSK]
    assert locations(path)["vladivostok"] == geocoded(Q_VLADIVOSTOK, server.url)


def test_a_slow_answer_times_out_and_is_retried(
    tmp_path: Path, server: NominatimServer, clock: FakeClock
) -> None:
    # Real time: the server holds the first answer for 1.5 s, the client waits 0.5 s.
    # The held reply is released when the server shuts down, so nothing waits longer.
    server.script(Q_VLADIVOSTOK, Reply(delay_s=1.5))
    path = copy_fixture(tmp_path)

    result = geocode(path, server.url, clock, timeout_s=0.5)

    assert result.code == 0, result
    assert "vladivostok: timed out: no answer within 0.5 s; retrying in 2 s" in result.err
    assert server.queries == [Q_VLADIVOSTOK, *BASIC_ASKED]
    assert locations(path)["vladivostok"] == geocoded(Q_VLADIVOSTOK, server.url)


def test_a_service_nobody_answers_at_is_reported_at_once(tmp_path: Path, clock: FakeClock) -> None:
    # Backoff is for services that answer "try later"; when nothing answers at all (no
    # network, nothing listening) retrying four times per place only makes the user wait.
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    path = copy_fixture(tmp_path)
    before = path.read_bytes()

    result = geocode(path, f"http://127.0.0.1:{port}", clock)

    assert result.code == 2
    assert clock.sleeps == []  # no retry, no wait
    assert (
        f"itinerary geocode: cannot reach http://127.0.0.1:{port} (Connection refused): "
        "is the network up" in result.err
    )
    assert result.out == ""
    assert path.read_bytes() == before
    assert not (path.parent / "geocode-cache.json").exists()


# (the socket error under geopy's, what the message says; why)
UNREACHABLE = [
    (socket.gaierror(-3, "Temporary failure in name resolution"),
     "the host name does not resolve: Temporary failure in name resolution", "no DNS"),
    (OSError(errno.ENETUNREACH, "Network is unreachable"), "Network is unreachable",
     "no route out"),
    (ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"), "Connection refused",
     "nothing listening"),
    (ConnectionResetError(errno.ECONNRESET, "Connection reset by peer"), None,
     "a service that answered badly is retried"),
    (TimeoutError("timed out"), None, "a slow service is retried"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("cause", "reason"), [row[:2] for row in UNREACHABLE], ids=[row[2] for row in UNREACHABLE]
)
def test_which_failures_mean_nothing_answered(cause: OSError, reason: str | None) -> None:
    # As geopy's urllib adapter raises them: its own error, in the context of urllib's.
    with pytest.raises(GeocoderServiceError) as caught:
        try:
            raise URLError(cause)
        except URLError as error:
            raise GeocoderServiceError(str(error))  # noqa: B904 - as geopy: context, no cause
    assert unreachable(caught.value) == reason


def test_an_interrupted_run_keeps_its_results_and_resumes_without_asking_twice(
    tmp_path: Path, server: NominatimServer, clock: FakeClock
) -> None:
    path = copy_fixture(tmp_path)
    # Ctrl-C while waiting before the 4th request: three places are done.
    clock.interrupt_on_sleep = 3

    first = geocode(path, server.url, clock)

    assert first.code == 130
    assert "interrupted; wrote 3 locations" in first.err
    assert server.queries == BASIC_ASKED[:3]
    assert [stop.location is None for stop in read_stops(path.read_bytes(), str(path))] == [
        False, False, False, False, True,
    ]  # fmt: skip
    cached = json.loads((path.parent / "geocode-cache.json").read_text())["places"]
    assert sorted(cached) == sorted(normalise_query(query) for query in BASIC_ASKED[:3])

    clock.interrupt_on_sleep = None
    second = geocode(path, server.url, clock)

    assert second.code == 0
    assert server.queries == BASIC_ASKED  # each place asked exactly once, over both runs
    assert len(set(server.queries)) == len(server.queries)
    load_journey(path)


def test_a_data_file_edited_during_the_run_is_not_overwritten(
    tmp_path: Path, server: NominatimServer, clock: FakeClock
) -> None:
    path = copy_fixture(tmp_path)

    def editing_geocoder(config: GeocoderConfig) -> Geocoder:
        real = nominatim_geocoder(config)

        def geocode(query: str) -> Place | None:
            if query == Q_KHABAROVSK:  # somebody saves the file mid-run
                path.write_text(path.read_text(encoding="utf-8") + "# edited\n", "utf-8")
            return real(query)

        return geocode

    out, err = io.StringIO(), io.StringIO()
    options = GeocodeOptions(
        data_file=path,
        user_agent=USER_AGENT,
        service=parse_service_url(server.url),
        cache_file=path.parent / "geocode-cache.json",
    )
    code = run(options, clock=clock, make_geocoder=editing_geocoder, out=out, err=err)

    assert code == 2
    assert "changed on disk during the run, so it was not overwritten" in err.getvalue()
    assert path.read_text(encoding="utf-8") == BASIC.read_text(encoding="utf-8") + "# edited\n"
    # Nothing is lost: the next run takes every answer from the cache.
    assert geocode(path, server.url, clock).code == 0
    assert server.queries == BASIC_ASKED
    assert path.read_text(encoding="utf-8").endswith("# edited\n")


def test_the_real_clock_spaces_requests_a_second_apart(tmp_path: Path) -> None:
    # Three places in real time (about 2 s): the server stamps arrivals with
    # time.monotonic, independent of the client's own bookkeeping.
    path = copy_fixture(tmp_path)
    text = path.read_text(encoding="utf-8").replace(
        '    country: Russia\n    start: "2023-09-16',
        "    country: Russia\n    location: {lat: 43.4, lon: 132.1, provenance: approximate}\n"
        '    start: "2023-09-16',
    )
    path.write_text(text, encoding="utf-8")
    nominatim = NominatimServer()
    for query, (lat, lon, name) in PLACES.items():
        nominatim.add_place(query, lat, lon, name)
    with nominatim.running():
        options = GeocodeOptions(
            data_file=path,
            user_agent=USER_AGENT,
            service=parse_service_url(nominatim.url),
            cache_file=path.parent / "geocode-cache.json",
        )
        code = run(options, out=io.StringIO(), err=io.StringIO(), is_tty=False)
    assert code == 0
    assert nominatim.queries == BASIC_ASKED[:3]
    assert_polite(nominatim)


# --- refresh and check ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("khasan_answer", "flags", "replaced", "code", "line", "reason"),
    [
        ((42.439, 130.64), {}, False, 0, "",
         "without --refresh, hand-set coordinates are never even asked about"),
        ((42.439, 130.64), {"refresh": True}, True, 0, "",
         "--refresh: a 1 km move is below the 5 km threshold, so it is applied"),
        ((42.93, 130.64), {"refresh": True}, False, 1, "moved: stop 'khasan': ",
         "--refresh: a 56 km move is reported and the stored position kept"),
        ((42.93, 130.64), {"refresh": True, "accept": True}, True, 0, "replaced: stop 'khasan': ",
         "--refresh --accept: the big move is applied, and said so"),
        ((42.93, 130.64), {"refresh": True, "threshold_km": 100.0}, True, 0, "",
         "--threshold-km 100 makes a 56 km move small"),
    ],
)  # fmt: skip
def test_refresh_replaces_small_moves_and_reports_big_ones(
    tmp_path: Path,
    server: NominatimServer,
    clock: FakeClock,
    khasan_answer: tuple[float, float],
    flags: dict[str, Any],
    replaced: bool,
    code: int,
    line: str,
    reason: str,
) -> None:
    server.add_place(Q_KHASAN, *khasan_answer, "Khasan, Primorsky Krai, Russia")
    path = copy_fixture(tmp_path)
    assert geocode(path, server.url, clock).code == 0  # the others get geocoded first
    before = locations(path)

    result = geocode(path, server.url, clock, **flags)

    assert result.code == code, result
    assert result.out.startswith(line) and result.out.count("\n") == (1 if line else 0)
    after = locations(path)
    if replaced:
        assert after["khasan"]["provenance"] == "geocoded"
        assert (after["khasan"]["lat"], after["khasan"]["lon"]) == khasan_answer
    else:
        assert after["khasan"] == before["khasan"]
    # Already-geocoded stops come from the cache, unchanged: no request, no new date.
    assert {key: value for key, value in after.items() if key != "khasan"} == {
        key: value for key, value in before.items() if key != "khasan"
    }
    assert server.queries == BASIC_ASKED + ([Q_KHASAN] if flags else [])


@pytest.mark.parametrize(
    ("geocode_first", "khasan_answer", "code", "line", "reason"),
    [
        (True, (42.439, 130.64), 0, "", "every stored position agrees within 5 km"),
        (True, (42.93, 130.64), 1, "differs: stop 'khasan': stored (42.43, 130.64) is 55.",
         "the hand-set position is 56 km from the geocoder's"),
        (False, (42.439, 130.64), 1, "missing: stop 'vladivostok' has no location",
         "stops without a location are reported too"),
    ],
)  # fmt: skip
def test_check_reports_without_writing(
    tmp_path: Path,
    server: NominatimServer,
    clock: FakeClock,
    geocode_first: bool,
    khasan_answer: tuple[float, float],
    code: int,
    line: str,
    reason: str,
) -> None:
    server.add_place(Q_KHASAN, *khasan_answer, "Khasan, Primorsky Krai, Russia")
    path = copy_fixture(tmp_path)
    if geocode_first:
        assert geocode(path, server.url, clock).code == 0
    before = path.read_bytes()

    result = geocode(path, server.url, clock, check=True)

    assert result.code == code, result
    assert result.out.startswith(line)
    assert path.read_bytes() == before
    assert Q_KHASAN in server.queries  # every stop is checked, hand-set ones included


# --- progress ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "is_tty", "expected", "unexpected", "reason"),
    [
        (BASIC, False, "geocode [1/4] vladivostok: found\n", "\r",
         "not a terminal: a line per place"),
        (BASIC, True, "\r\033[Kgeocoding 4/4: artyom", "geocode [",
         "a terminal: one line rewritten in place"),
        (COMMENTS, True, "", "geocoding", "two places: no progress at all"),
        (COMMENTS, False, "", "geocode [", "two places: no progress at all"),
    ],
)  # fmt: skip
def test_progress_on_longer_runs(
    tmp_path: Path,
    server: NominatimServer,
    clock: FakeClock,
    source: Path,
    is_tty: bool,
    expected: str,
    unexpected: str,
    reason: str,
) -> None:
    path = copy_fixture(tmp_path, source)
    result = geocode(path, server.url, clock, is_tty=is_tty)
    assert result.code == 0
    assert expected in result.err
    assert unexpected not in result.err


# --- the command line -------------------------------------------------------------------


def test_cli_requires_a_user_agent(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = copy_fixture(tmp_path)
    before = path.read_bytes()
    assert main(["geocode", str(path)]) == 2
    err = capsys.readouterr().err
    assert "--user-agent" in err and USER_AGENT_ENV in err
    assert path.read_bytes() == before


def test_cli_takes_the_user_agent_from_the_environment(
    tmp_path: Path,
    server: NominatimServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = copy_fixture(tmp_path, COMMENTS)
    cache_path = tmp_path / "elsewhere" / "cache.json"
    cache = GeocodeCache(cache_path)  # gamma is known: one request, no real waiting
    lat, lon, name = PLACES[Q_GAMMA]
    cache.put(Q_GAMMA, CacheEntry(lat, lon, name, "nominatim (x)", Q_GAMMA, "2024-01-01"))
    cache.save()
    monkeypatch.setenv(USER_AGENT_ENV, "env-agent/2.0")

    code = main(["geocode", str(path), "--nominatim-url", server.url, "--cache", str(cache_path)])

    assert code == 0, capsys.readouterr()
    assert [(seen.query, seen.user_agent) for seen in server.requests] == [
        (Q_BETA, "env-agent/2.0")
    ]
    assert load_journey(path).stop("beta").location.provenance == "geocoded"
    assert not (path.parent / "geocode-cache.json").exists()


@pytest.mark.parametrize(
    ("extra", "message", "reason"),
    [
        (["--nominatim-url", "ftp://127.0.0.1/"], "must start with http:// or https://",
         "only HTTP(S) services"),
        (["--nominatim-url", "http://"], "has no host name", "a scheme alone"),
        (["--nominatim-url", "http://127.0.0.1:99999"], "has an invalid port", "port too big"),
        (["--accept"], "--accept only makes sense with --refresh", "--accept needs --refresh"),
        (["--user-agent", "me\nX-Evil: 1"], "must be printable ASCII on one line, instead got",
         "no header injection, no request that http.client would refuse"),
    ],
)  # fmt: skip
def test_cli_usage_errors_exit_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    message: str,
    reason: str,
) -> None:
    path = copy_fixture(tmp_path)
    assert main(["geocode", str(path), "--user-agent", USER_AGENT, *extra]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        (["--check", "--refresh"], "--check writes nothing, --refresh writes: exclusive"),
        (["--timeout", "-1"], "a timeout must be positive"),
        (["--threshold-km", "nan"], "a threshold must be a number"),
    ],
)
def test_cli_argument_errors_exit_2(tmp_path: Path, extra: list[str], reason: str) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["geocode", str(copy_fixture(tmp_path)), "--user-agent", USER_AGENT, *extra])
    assert caught.value.code == 2


@pytest.mark.parametrize(
    ("break_it", "message", "reason"),
    [
        (lambda data, cache: data.unlink(), "file not found", "no data file"),
        (lambda data, cache: data.write_text(
            data.read_text().replace("    summary: First stop.\n", "")),
         "summary: is required but missing", "invalid for a reason other than locations"),
        (lambda data, cache: cache.write_text("{not json"),
         "the geocode cache is not valid JSON", "a damaged cache"),
        (lambda data, cache: cache.write_text('{"format": "other/9"}'),
         "not a geocode cache", "somebody else's JSON file"),
        (lambda data, cache: cache.write_text(
            json.dumps({"format": CACHE_FORMAT, "places": {"x": {"lat": "north"}}})),
         "place 'x': 'lat' has the wrong type, instead got 'north'", "a hand-broken entry"),
    ],
)  # fmt: skip
def test_cli_configuration_and_data_errors_exit_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    break_it: Any,
    message: str,
    reason: str,
) -> None:
    path = copy_fixture(tmp_path)
    cache = path.parent / "geocode-cache.json"
    break_it(path, cache)
    assert main(["geocode", str(path), "--user-agent", USER_AGENT]) == 2
    assert message in capsys.readouterr().err


# --- units: URL, queries, validation, cache, rewriting ----------------------------------


def test_the_default_service_is_geopys_own_and_is_never_contacted() -> None:
    default = default_service_url()
    domain = Nominatim(user_agent=USER_AGENT).domain
    assert default == f"{geopy_options.default_scheme}://{domain}"
    assert parse_service_url(default) == ServiceURL("https", domain)


@pytest.mark.parametrize(
    ("url", "expected", "reason"),
    [
        ("http://127.0.0.1:8080", ServiceURL("http", "127.0.0.1:8080"), "host and port"),
        ("HTTPS://geo.example.org/nominatim/", ServiceURL("https", "geo.example.org/nominatim"),
         "a path prefix is kept, the trailing slash and scheme case are not"),
        ("  http://[::1]:8080/ ", ServiceURL("http", "[::1]:8080"), "IPv6, surrounding spaces"),
    ],
)  # fmt: skip
def test_service_urls(url: str, expected: ServiceURL, reason: str) -> None:
    assert parse_service_url(url) == expected


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("127.0.0.1:8080", "no scheme"),
        ("http://geo.example.org/?q=x", "a query string would break geopy's URL"),
        ("http://user:secret@geo.example.org", "credentials do not belong on the command line"),
        ("http://geo example.org", "a space"),
    ],
)
def test_bad_service_urls_show_the_value(url: str, reason: str) -> None:
    with pytest.raises(GeocodingError, match="instead got"):
        parse_service_url(url)


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("Khasan station, Primorsky Krai, Russia", "khasan station, primorsky krai, russia"),
        ("  Khasan   station,\tPrimorsky\nKrai ", "khasan station, primorsky krai"),
        ("STRASSE", "strasse"),  # casefold, not lower: ß and SS meet
        ("Straße", "strasse"),
    ],
)
def test_normalised_queries(query: str, key: str) -> None:
    assert normalise_query(query) == key


def test_validation_ignores_only_what_the_missing_locations_cause() -> None:
    stops = read_stops(COMMENTS.read_bytes(), str(COMMENTS))
    assert [(stop.id, stop.location is None) for stop in stops] == [
        ("alpha", False), ("beta", True), ("gamma", True),
    ]  # fmt: skip
    # A misplaced waypoint on a leg between located stops is still an error.
    text = COMMENTS.read_text(encoding="utf-8").replace("lat: 45.0, lon: 133.0", "lat: 10, lon: 10")
    text = text.replace(
        "    country: 'Russia'   # single-quoted, with a comment\n",
        "    country: Russia\n    location: {lat: 48.48, lon: 135.08, provenance: approximate}\n",
    )
    with pytest.raises(ValidationError) as caught:
        read_stops(text, "edited.yaml")
    assert [problem.field for problem in caught.value.problems] == ["route.legs[0].via"]


def test_cache_round_trip_and_atomic_write_keeps_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "cache.json"
    path.write_text("{}")
    os.chmod(path, 0o640)
    cache = GeocodeCache(path)
    cache.put("Ulan-Ude", CacheEntry(51.83, 107.58, "Улан-Удэ", "nominatim (x)", "Ulan-Ude", "d"))
    cache.save()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert os.listdir(tmp_path) == ["cache.json"]  # no temporary file left behind
    loaded = GeocodeCache.load(path)
    assert loaded.get(" ulan-ude ") == cache.get("Ulan-Ude")
    assert len(loaded) == 1


def test_atomic_write_leaves_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    path = tmp_path / "journey.yaml"
    path.write_bytes(b"old")
    with pytest.raises(TypeError):
        atomic_write(path, "not bytes")  # type: ignore[arg-type]
    assert path.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["journey.yaml"]


def test_rewriting_refuses_what_it_cannot_do_faithfully() -> None:
    with pytest.raises(DataFileError, match="stops\\[7\\] is not a stop mapping"):
        set_stop_locations(MINI.read_text(encoding="utf-8"), {7: {"lat": 1.0}}, "mini.yaml")


def test_replacing_a_block_location_keeps_the_comment_on_its_line_and_the_blank_lines() -> None:
    text = (
        "stops:\n"
        "  - id: a\n"
        "    country: X\n"
        "    location:   # kept\n"
        "      lat: 1.5\n"
        "      lon: 2.5  # goes with the old value\n"
        "      provenance: approximate\n"
        "      note: |\n"
        "        two\n"
        "        lines\n"
        "\n"
        "    start: x   # after a blank line\n"
        "  - id: b\n"
        "    country: Y\n"
        "    location:\n"
        "      lat: 1.5\n"
        "      lon: 2.5\n"
        "    start: y\n"
    )
    fields: dict[str, float | str] = {"lat": 3.0, "lon": 1e-07, "provenance": "geocoded"}
    new_block = "      lat: 3.0\n      lon: 0.0000001\n      provenance: geocoded\n"
    expected = (
        "stops:\n  - id: a\n    country: X\n    location:   # kept\n"
        + new_block
        + "\n    start: x   # after a blank line\n  - id: b\n    country: Y\n    location:\n"
        + new_block
        + "    start: y\n"
    )
    assert set_stop_locations(text, {0: fields, 1: fields}, "t.yaml") == expected


_names = st.text(st.characters(codec="utf-8"), min_size=1, max_size=40)  # no surrogates
_latitudes = st.floats(-90, 90, allow_nan=False).map(lambda value: round(value, 7))
_longitudes = st.floats(-180, 180, allow_nan=False).map(lambda value: round(value, 7))


@settings(max_examples=50, deadline=None)
@given(name=_names, lat=_latitudes, lon=_longitudes)
def test_any_location_round_trips_through_every_style(name: str, lat: float, lon: float) -> None:
    # Stop 0 replaces a flow (then a block) mapping, stop 1 inserts a block, stop 2 goes
    # into a flow stop. set_stop_locations re-reads its output and raises on any change
    # beyond the locations; the assertion below checks the values themselves.
    flow_text = COMMENTS.read_text(encoding="utf-8")
    block_text = flow_text.replace(
        "location: {lat: 43.80, lon: 131.95, provenance: approximate}  # from a paper map\n",
        "location:  # from a paper map\n      lat: 43.80\n      lon: 131.95\n"
        "      provenance: approximate\n",
    )
    assert block_text != flow_text
    fields: dict[str, float | str] = {
        "lat": lat, "lon": lon, "provenance": "geocoded", "geocoder": "nominatim (x)",
        "query": name, "returned_name": name, "date": "2024-05-01",
    }  # fmt: skip
    for text in (flow_text, block_text):
        new_text = set_stop_locations(text, {0: fields, 1: fields, 2: fields}, "comments.yaml")
        stops = parse_yaml(new_text, "comments.yaml")["stops"]  # type: ignore[index]
        assert [stop["location"] for stop in stops] == [fields] * 3
