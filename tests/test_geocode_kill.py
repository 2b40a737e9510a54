"""Issue 7, "Faults": SIGKILL the real ``itinerary geocode`` at many moments.

A run killed at any moment must leave the data file and the cache valid, and running
the same command again must finish the job without asking for a place that was
already cached when the process died. Nothing is simulated: each test starts
``python -m itinerary geocode FILE ...`` as a subprocess against the loopback
Nominatim of ``tests/nominatim_server.py`` and kills it with SIGKILL (no handler,
no ``finally``, no Ctrl-C save).

How the kills land where they should, without sleeping to wait for anything:

* Request level. The server signals every request's arrival through a Condition.
  It can hold the reply, so the kill lands while the client waits for an answer,
  or answer at once, and the kill then lands a seeded random few milliseconds
  later (parsing the answer, writing the cache, or in the one-second rate-limit
  wait before the next request).
* Write level. Each subprocess gets a ``sitecustomize`` (written to tmp_path and put
  on PYTHONPATH). Asked to, it traces ``itinerary.fileio.atomic_write`` for one
  target file and *freezes* the process just before a chosen line, or as the function
  returns, tells the test so through a pipe and blocks there; the test then sends
  SIGKILL. Nothing the command does is replaced or skipped: the process is only
  paused at an exact point, so every step of the write (temporary file not yet
  created, created and empty, written but still buffered, flushed, closed,
  chmodded, renamed) is hit deterministically, not by luck of timing.

The same ``sitecustomize`` refuses any connection or name lookup that is not
loopback, so the subprocesses cannot reach the internet any more than the tests can.

Leftover temporary files: a kill between the creation of atomic_write's temporary
file and its rename leaves ``.<name>.<12 hex digits>.tmp`` next to the target.
These tests pin the observed behaviour down: such a file is hidden, never has the
data or cache file's name, holds nothing but a prefix of the new content, is not
listed as a journey by ``itinerary.dashboard.catalog.discover``, and the next run removes it
before it writes anything.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
import os
import random
import re
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from itinerary.dashboard.catalog import discover
from itinerary.fileio import atomic_write
from itinerary.format.loader import load_journey
from itinerary.geocode import CACHE_FORMAT, GeocodeCache, normalise_query, read_stops
from tests.conftest import FIXTURES, ROOT
from tests.nominatim_server import NominatimServer, Reply, Seen

USER_AGENT = "itinerary-tests/1.0 (tests@example.invalid)"
DEADLINE_S = 60.0  # for anything the test waits on; normally reached in well under a second
HELD_S = 120.0  # a held reply is never sent: the client is killed first (or teardown ends it)
SEED = 20240501
DATE = "2024-05-01"

DATA_NAME = "journey.yaml"
CACHE_NAME = "geocode-cache.json"
TEMP_NAME = re.compile(r"^\.(?P<target>.+)\.[0-9a-f]{12}\.tmp$")  # atomic_write's naming
LOCATION_KEYS = {"lat", "lon", "provenance", "geocoder", "query", "returned_name", "date"}
ENTRY_KEYS = {"lat", "lon", "returned_name", "geocoder", "query", "date"}

# The data file: the four stops of geocode_basic.yaml that lack a location (the fifth is
# set by hand and never asked about), and four more appended, the last in flow style.
EXTRA = range(6, 10)
BLOCK_STOP = """\
  - id: stop-{n}
    seq: {n}
    name: Place {n}
    site: Site {n}
    region: Khabarovsk Krai
    country: Russia
    start: "2023-09-{day}T10:00:00+10:00"
    time_precision: day
    topics: [railways]
    people: []
    summary: Generated stop {n}.
    confidence: reported
    sources:
      - {{outlet: Example News, title: Report {n}, url: "https://example.org/{n}"}}
"""
FLOW_STOP = (
    "  - {{id: stop-{n}, seq: {n}, name: Place {n}, site: Site {n}, region: Khabarovsk Krai,"
    ' country: Russia, start: "2023-09-{day}T10:00:00+10:00", time_precision: day,'
    " topics: [railways], people: [], summary: Generated stop {n}., confidence: reported,"
    ' sources: [{{outlet: Example News, title: Report {n}, url: "https://example.org/{n}"}}]}}\n'
)
PLACES: dict[str, tuple[float, float, str]] = {
    "Vladivostok station, Primorsky Krai, Russia": (
        43.1111,
        131.8822,
        "Владивосток, Приморский край, Россия",
    ),
    "Komsomolsk-on-Amur Aircraft Plant": (
        50.58,
        137.023,
        "KnAAPO, Komsomolsk-on-Amur, Khabarovsk Krai, Russia",
    ),
    "Khabarovsk station, Khabarovsk Krai, Russia": (
        48.493,
        135.087,
        "Khabarovsk-1, Khabarovsk, Russia",
    ),
    "Knevichi airfield, Primorsky Krai, Russia": (
        43.398,
        132.148,
        "Knevichi, Artyom, Primorsky Krai, Russia",
    ),
    **{
        f"Site {n}, Khabarovsk Krai, Russia": (
            round(48.4 + n / 100, 4),
            round(135.0 + n / 100, 4),
            f'Site {n} "{n}": Khabarovsk',
        )
        for n in EXTRA
    },
}
QUERIES = list(PLACES)  # in the order the command asks them (file order)
LOCATED_BY_HAND = {"khasan"}

# Where atomic_write is frozen: just before the line holding the snippet runs
# (None: as it returns). Lines are found in its source, so they follow edits.
POINTS: dict[str, str | None] = {
    "before-open": "fd = os.open(",
    "tmp-created": "with os.fdopen(",
    "buffered": "handle.flush()",
    "flushed": "os.fsync(handle.fileno())",
    "before-chmod": "os.chmod(temporary, mode)",
    "before-replace": "os.replace(temporary, path)",
    "renamed": "_fsync_directory(directory)",
    "returned": None,
}
AFTER_RENAME = {"renamed", "returned"}
TEMP_EXISTS = {"tmp-created", "buffered", "flushed", "before-chmod", "before-replace"}

SITECUSTOMIZE = '''\
"""Loaded by the subprocesses of tests/test_geocode_kill.py only (through PYTHONPATH)."""
import os
import sys

_LOOPBACK = ("127.0.0.1", "::1", "localhost")


def _refuse(what):
    sys.stderr.write("KILLTEST-NETWORK-REFUSED %r\\n" % (what,))
    sys.stderr.flush()
    raise ConnectionRefusedError("test subprocess may only reach loopback, not %r" % (what,))


_PAUSE = os.environ.get("KILLTEST_PAUSE")  # "<file name>:<line>", line 0 = at return
_DIR = os.environ.get("KILLTEST_DIR")
_tracing = False


def _audit(event, args):
    global _tracing
    if event == "socket.connect":
        address = args[1]
        if isinstance(address, tuple) and address[0] not in _LOOPBACK:
            _refuse(address)
    elif event == "socket.getaddrinfo":
        host = args[0]
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        if host is not None and host not in _LOOPBACK:
            _refuse(host)
    elif event == "open" and _PAUSE and not _tracing:
        # Start tracing once the run touches the target's folder: imports stay fast.
        path = args[0]
        if isinstance(path, (str, os.PathLike)) and os.path.dirname(os.fspath(path)) == _DIR:
            _tracing = True
            sys.settrace(_global)


if _PAUSE:
    _NAME, _LINE = _PAUSE.rsplit(":", 1)
    _LINE = int(_LINE)
    _MARK_FD = int(os.environ["KILLTEST_MARK_FD"])
    _BLOCK_FD = int(os.environ["KILLTEST_BLOCK_FD"])
    _calls = 0

    def _freeze(where):
        os.write(_MARK_FD, (where + "\\n").encode("ascii"))
        os.read(_BLOCK_FD, 1)  # the test never writes: blocks until SIGKILL
        os._exit(70)  # the test went away (EOF): do not carry on half-frozen

    def _local(frame, event, arg):
        if event == "line" and frame.f_lineno == _LINE:
            _freeze(str(_LINE))
        elif event == "return":
            _freeze("return")
        return _local

    def _global(frame, event, arg):
        global _calls
        code = frame.f_code
        if code.co_name != "atomic_write" or not code.co_filename.endswith("fileio.py"):
            return None
        if os.path.basename(os.fspath(frame.f_locals["path"])) != _NAME:
            return None
        _calls += 1
        return _local if _calls == 1 else None

sys.addaudithook(_audit)
'''


# --- the loopback server ----------------------------------------------------------------


class KillServer(NominatimServer):
    """The test server, plus: wait for the n-th request; hold replies after a count."""

    def __init__(self) -> None:
        super().__init__()
        self.arrived = threading.Condition()
        self.hold_after: int | None = None  # hold every reply after this many requests

    def _record_and_choose(self, seen: Seen) -> Reply:
        reply = super()._record_and_choose(seen)
        with self.arrived:
            count = len(self.requests)
            self.arrived.notify_all()
        if self.hold_after is not None and count > self.hold_after:
            return dataclasses.replace(reply, delay_s=HELD_S)
        return reply

    def wait_for_requests(self, count: int) -> None:
        with self.arrived:
            arrived = self.arrived.wait_for(lambda: len(self.requests) >= count, DEADLINE_S)
        assert arrived, f"the server saw {len(self.requests)} requests, waited for {count}"


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This process, too, may only connect to loopback."""
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> None:
        if isinstance(address, tuple) and address[0] not in ("127.0.0.1", "::1"):
            raise OSError(f"test tried to reach {address!r}")
        real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    yield


@pytest.fixture
def server() -> Iterator[KillServer]:
    nominatim = KillServer()
    for query, (lat, lon, name) in PLACES.items():
        nominatim.add_place(query, lat, lon, name)
    with nominatim.running():
        yield nominatim


# --- subprocesses -----------------------------------------------------------------------


@dataclasses.dataclass
class Child:
    proc: subprocess.Popen[bytes]
    log: Path
    mark: int | None = None  # read end: "<line>" or "return" once frozen
    block: int | None = None  # write end, never written: the child blocks reading it

    def frozen_at(self) -> str:
        """Wait until the child is frozen inside atomic_write; where it is."""
        assert self.mark is not None
        data = b""
        deadline = time.monotonic() + DEADLINE_S
        while not data.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"no freeze within {DEADLINE_S} s\n{self.output()}"
            readable, _, _ = select.select([self.mark], [], [], remaining)
            if readable:
                chunk = os.read(self.mark, 64)
                assert chunk, f"exited ({self.proc.poll()}) without freezing\n{self.output()}"
                data += chunk
        return data.decode("ascii").strip()

    def kill(self) -> None:
        assert self.proc.poll() is None, f"already exited\n{self.output()}"
        os.kill(self.proc.pid, signal.SIGKILL)
        assert self.proc.wait(timeout=DEADLINE_S) == -signal.SIGKILL
        self.close()

    def finish(self) -> int:
        code = self.proc.wait(timeout=DEADLINE_S)
        self.close()
        return code

    def close(self) -> None:
        for fd in (self.mark, self.block):
            if fd is not None:
                os.close(fd)
        self.mark = self.block = None

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@pytest.fixture
def spawn(tmp_path: Path) -> Iterator[Any]:
    """Start ``python -m itinerary geocode``; every child is reaped at teardown."""
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    children: list[Child] = []

    def start(data: Path, url: str, pause: tuple[str, str] | None = None) -> Child:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.lower().endswith("_proxy") and not key.startswith("KILLTEST_")
        }
        env.pop("ITINERARY_USER_AGENT", None)
        env.update(PYTHONPATH=str(hook), no_proxy="*", NO_PROXY="*")
        fds: tuple[int, ...] = ()
        mark = block = None
        if pause is not None:
            target, point = pause
            snippet = POINTS[point]
            line = 0 if snippet is None else atomic_write_line(snippet)
            mark, mark_w = os.pipe()
            block_r, block = os.pipe()
            fds = (mark_w, block_r)
            env.update(
                KILLTEST_PAUSE=f"{target}:{line}",
                KILLTEST_DIR=str(data.parent),
                KILLTEST_MARK_FD=str(mark_w),
                KILLTEST_BLOCK_FD=str(block_r),
            )
        log = tmp_path / f"child-{len(children) + 1}.log"
        # fmt: off
        command = [
            sys.executable, "-m", "itinerary", "geocode", str(data),
            "--user-agent", USER_AGENT, "--nominatim-url", url,
            "--cache", str(data.parent / CACHE_NAME),
        ]
        # fmt: on
        with log.open("wb") as out:
            proc = subprocess.Popen(
                command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out,
                stderr=subprocess.STDOUT, pass_fds=fds,
            )  # fmt: skip
        for fd in fds:
            os.close(fd)
        child = Child(proc, log, mark, block)
        children.append(child)
        return child

    yield start
    for child in children:
        if child.proc.poll() is None:
            os.kill(child.proc.pid, signal.SIGKILL)
            child.proc.wait(timeout=DEADLINE_S)
        child.close()
        assert "KILLTEST-NETWORK-REFUSED" not in child.output(), child.output()


def frozen_line(point: str) -> str:
    """What the child reports when frozen at ``point``."""
    snippet = POINTS[point]
    return "return" if snippet is None else str(atomic_write_line(snippet))


def atomic_write_line(snippet: str) -> int:
    lines, first = inspect.getsourcelines(atomic_write)
    hits = [first + number for number, line in enumerate(lines) if snippet in line]
    assert len(hits) == 1, f"atomic_write changed: update POINTS ({snippet!r} -> {hits})"
    return hits[0]


# --- files ------------------------------------------------------------------------------


def write_journey(directory: Path) -> Path:
    """geocode_basic.yaml with four more stops to geocode: eight places in all."""
    directory.mkdir(parents=True, exist_ok=True)
    text = (FIXTURES / "geocode_basic.yaml").read_text(encoding="utf-8")
    for n in EXTRA:
        template = FLOW_STOP if n == EXTRA[-1] else BLOCK_STOP
        text += template.format(n=n, day=11 + n)
    path = directory / DATA_NAME
    path.write_bytes(text.encode("utf-8"))
    return path


def write_full_cache(directory: Path, url: str) -> bytes:
    """A cache, in the documented format, that knows every place."""
    places = {
        normalise_query(query): {
            "date": DATE,
            "geocoder": f"nominatim ({url})",
            "lat": lat,
            "lon": lon,
            "query": query,
            "returned_name": name,
        }
        for query, (lat, lon, name) in PLACES.items()
    }
    document = {"format": CACHE_FORMAT, "places": places}
    content = (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()
    (directory / CACHE_NAME).write_bytes(content)
    return content


def cached_keys(directory: Path) -> set[str]:
    """The cache's keys, after checking it is absent or valid in the documented format."""
    path = directory / CACHE_NAME
    if not path.exists():
        return set()
    document = json.loads(path.read_text(encoding="utf-8"))
    assert set(document) == {"format", "places"}
    assert document["format"] == CACHE_FORMAT
    for key, entry in document["places"].items():
        assert set(entry) == ENTRY_KEYS, entry
        lat, lon, name = PLACES[entry["query"]]
        assert key == normalise_query(entry["query"])
        assert (entry["lat"], entry["lon"], entry["returned_name"]) == (lat, lon, name)
    assert len(GeocodeCache.load(path)) == len(document["places"])  # the command's reader
    return set(document["places"])


def check_data(path: Path) -> dict[str, Any]:
    """The data file is valid for the command; a location it gained is complete."""
    content = path.read_bytes()
    read_stops(content, str(path))  # what geocode itself accepts (locations may be missing)
    raw = yaml.safe_load(content)
    written = {}
    for stop in raw["stops"]:
        location = stop.get("location")
        if location is not None and stop["id"] not in LOCATED_BY_HAND:
            assert set(location) == LOCATION_KEYS, location
            assert location["provenance"] == "geocoded"
            assert (location["lat"], location["lon"], location["returned_name"]) == PLACES[
                location["query"]
            ]
            assert re.fullmatch(r"\d{4}-\d\d-\d\d", location["date"])
            written[stop["id"]] = location
    return written


def temp_files(directory: Path) -> dict[str, bytes]:
    """Check the folder holds only the data, the cache and atomic_write's temporaries."""
    temps = {}
    for entry in directory.iterdir():
        if entry.name in (DATA_NAME, CACHE_NAME):
            continue
        assert temp_target(entry.name) in (DATA_NAME, CACHE_NAME), f"unexpected {entry.name}"
        temps[entry.name] = entry.read_bytes()
    return temps


def temp_target(name: str) -> str | None:
    """The file an atomic_write temporary was for, None for another name."""
    match = TEMP_NAME.match(name)
    return match["target"] if match else None


def check_cache_temps(temps: dict[str, bytes]) -> None:
    """A leftover cache temporary is empty (killed before its buffer was flushed) or whole."""
    for name, content in temps.items():
        if temp_target(name) == CACHE_NAME and content:
            assert json.loads(content)["format"] == CACHE_FORMAT


# --- the tests --------------------------------------------------------------------------


# (what, detail): "held" kills while the reply is held; "pause" freezes the cache write at a
# point; "random" kills a seeded few ms after the request arrived; "second" kills while the
# second request of the run is held (the first answer is cached by then).
CHAIN: list[tuple[str, str | None]] = [
    ("held", None),
    ("pause", "tmp-created"),  # first cache write: there is no cache file yet
    ("pause", "flushed"),
    ("pause", "before-replace"),
    ("pause", "renamed"),
    ("held", None),
    ("pause", "tmp-created"),  # replacing an existing cache from here on
    ("pause", "buffered"),
    ("pause", "before-chmod"),
    ("pause", "before-replace"),
    ("pause", "returned"),
    ("random", None),
    ("random", None),
    ("random", None),
    ("second", None),
]


def test_sigkill_while_asking_and_caching_then_resume(
    tmp_path: Path, server: KillServer, spawn: Any
) -> None:
    data = write_journey(tmp_path / "data")
    directory = data.parent
    original = data.read_bytes()
    rng = random.Random(SEED)
    asked_before = 0
    cached: set[str] = set()
    lost: Counter[str] = Counter()  # answers a kill lost before they reached the cache
    for number, (what, point) in enumerate(CHAIN, start=1):
        expected_next = [q for q in QUERIES if normalise_query(q) not in cached]
        assert len(expected_next) >= 2, "the plan must leave places for the final run"
        server.hold_after = {"held": asked_before, "second": asked_before + 1}.get(what)
        child = spawn(data, server.url, (CACHE_NAME, point) if what == "pause" else None)
        if what == "pause":
            assert point is not None
            assert child.frozen_at() == frozen_line(point)
        else:
            server.wait_for_requests(asked_before + (2 if what == "second" else 1))
            if what == "random":
                with pytest.raises(subprocess.TimeoutExpired):
                    child.proc.wait(timeout=rng.uniform(0.0, 0.02))
        child.kill()

        # What this run asked: the first places not cached when it started, in order.
        asked = server.queries[asked_before:]
        asked_before += len(asked)
        assert asked == expected_next[: len(asked)], (number, what, asked)
        # After the kill: data untouched (it is only written at the end), cache valid.
        assert data.read_bytes() == original
        check_data(data)
        now_cached = cached_keys(directory)
        assert now_cached >= cached, "a kill lost cached answers"
        gained = now_cached - cached
        first = normalise_query(asked[0])
        if what == "held" or (what == "pause" and point not in AFTER_RENAME):
            assert gained == set(), (number, what, point)
        elif what == "random":
            assert gained <= {first}
        else:  # after the rename, or the second request: the first answer is saved
            assert gained == {first}, (number, what, point)
        cached = now_cached
        lost.update(q for q in asked if normalise_query(q) not in cached)
        # A kill between the temporary's creation and the rename leaves it; the next
        # run removes it first, so only this run's can be there.
        temps = temp_files(directory)
        check_cache_temps(temps)
        assert {temp_target(name) for name in temps} <= {CACHE_NAME}  # no data write yet
        if what == "pause":
            assert len(temps) == (1 if point in TEMP_EXISTS else 0), (number, point)
        else:
            assert len(temps) <= (1 if what == "random" else 0), (number, what)

    # Run again to the end: only the places not cached yet are asked, once each.
    remaining = [q for q in QUERIES if normalise_query(q) not in cached]
    server.hold_after = None
    child = spawn(data, server.url)
    assert child.finish() == 0, child.output()
    assert server.queries[asked_before:] == remaining
    journey = load_journey(data)
    written = check_data(data)
    assert set(written) == {s.id for s in journey.stops} - LOCATED_BY_HAND
    assert {loc["query"] for loc in written.values()} == set(QUERIES)
    assert cached_keys(directory) == {normalise_query(q) for q in QUERIES}
    # Only the locations changed.
    before, after = yaml.safe_load(original), yaml.safe_load(data.read_bytes())
    for stop in after["stops"]:
        if stop["id"] not in LOCATED_BY_HAND:
            del stop["location"]
    assert after == before
    # The leftover temporaries were removed, and never mistaken for journeys.
    assert temp_files(directory) == {}
    assert [f.path.name for f in discover(directory)] == [DATA_NAME]
    # Across all the runs, each place was asked once, plus once per answer a kill lost.
    assert Counter(server.queries) == Counter(QUERIES) + lost


def test_sigkill_while_writing_the_data_file_then_resume(
    tmp_path: Path, server: KillServer, spawn: Any
) -> None:
    """Every answer is cached, so each run only writes: freeze it at each step, kill it."""
    scenarios: dict[str, tuple[Path, bytes, bytes]] = {}
    children: dict[str, Child] = {}
    for point in [*POINTS, "uninterrupted"]:
        data = write_journey(tmp_path / point)
        scenarios[point] = (data, data.read_bytes(), write_full_cache(data.parent, server.url))
        pause = None if point == "uninterrupted" else (DATA_NAME, point)
        children[point] = spawn(data, server.url, pause)  # all at once: they do not share

    reference = children.pop("uninterrupted")
    assert reference.finish() == 0, reference.output()
    final = scenarios["uninterrupted"][0].read_bytes()
    load_journey(scenarios["uninterrupted"][0])
    original = scenarios["uninterrupted"][1]
    assert final != original

    for point, child in children.items():
        data, _, cache = scenarios[point]
        assert child.frozen_at() == frozen_line(point)
        child.kill()
        # The data file is the old one or the new one, never anything in between.
        assert data.read_bytes() == (final if point in AFTER_RENAME else original), point
        written = check_data(data)
        assert len(written) == (len(QUERIES) if point in AFTER_RENAME else 0)
        assert (data.parent / CACHE_NAME).read_bytes() == cache  # no new answer: not rewritten
        temps = temp_files(data.parent)
        assert len(temps) == (1 if point in TEMP_EXISTS else 0), (point, temps)
        for content in temps.values():
            assert final.startswith(content), point  # a prefix of the new file, if anything
        if point in ("flushed", "before-chmod", "before-replace"):
            assert list(temps.values()) == [final]

    # Run again to completion: same result as the uninterrupted run, and no request. One
    # run per kind of state left behind (the others differ only in where the kill was).
    again = ["before-open", "tmp-created", "before-replace", "renamed"]
    reruns = {point: spawn(scenarios[point][0], server.url) for point in again}
    for point, child in reruns.items():
        data, _, cache = scenarios[point]
        assert child.finish() == 0, child.output()
        assert data.read_bytes() == final, point
        assert (data.parent / CACHE_NAME).read_bytes() == cache
        assert temp_files(data.parent) == {}  # what the kill left is cleaned up
        assert [f.path.name for f in discover(data.parent)] == [DATA_NAME]
    assert server.requests == []


def test_a_new_run_removes_what_a_killed_write_left_behind(tmp_path: Path) -> None:
    from itinerary.fileio import remove_stale_temporaries

    data = tmp_path / "journey.yaml"
    data.write_text("x")
    stale = tmp_path / ".journey.yaml.0123456789ab.tmp"
    unrelated = [tmp_path / ".journey.yaml.notours.tmp", tmp_path / ".other.yaml.0123456789ab.tmp"]
    for path in (stale, *unrelated):
        path.write_text("partial")
    assert remove_stale_temporaries(data) == [stale]
    assert not stale.exists() and all(path.exists() for path in unrelated)
