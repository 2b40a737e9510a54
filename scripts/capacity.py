"""How many readers one dashboard process serves: ``make capacity``.

Starts one Streamlit server on loopback (by default pinned to one CPU, the load generator on
the others) and drives it with simulated sessions that speak Streamlit's websocket protocol
(scripts/stclient.py), not browsers, so the CPU measured is the server's. Each session opens
the app as a page does (the first run sends the title, the map and the topic filter; the
filter then reports that the map has drawn, and the second run sends the rest), then every
few seconds (think time, uniform around ``--think``) makes one change in the topic filter
beside the map, from the ACTIONS table, and waits for its rerun. A change is what the page's
filter sends (itinerary/views/js/topic-filter.mjs): the component's state with its new
value ``{"topics", "match", "rev"}``. The latency is from the rerun request leaving to
``script_finished`` arriving (the page redraws its map before that, in the browser; the
rerun brings the table, counts and the URL up to date). After every rerun the session checks
that the URL's view is its own (what it set, nobody else's), that the filter was given back
its own change, and that the filter's and the table's stop counts agree with the package's
filter for that view.

Sessions are added in steps (``--steps``); each step warms up, then measures for
``--window`` seconds: rerun latency (p50/p95/p99), reruns per second, server memory (VmRSS),
server CPU (cores), the load average, what else ran on the server's CPU, and the generator's
own CPU. On a shared machine other jobs take turns on the server's CPU and stretch every
rerun: a window in which they took more than ``--max-other`` cores of it is measured again (up
to ``--attempts`` windows) and, if none is clean, marked distorted. The run stops after two
clean steps over the p95 limit (or one far over it). The capacity is the most sessions of a
clean step with p95 ≤ ``--p95-limit`` and no failed check; memory per session is the
least-squares slope of server RSS against sessions. Figures go to stdout as Markdown and to
tests/artifacts/capacity-<time>.json; BENCHMARKS.md's capacity section is written by hand from
several runs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import platform
import random
import re
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qs

from deploy.local import free_port, spawn, stop, streamlit_command, wait_until_answering
from itinerary.dashboard.catalog import discover
from itinerary.dashboard.viewstate import from_query
from itinerary.filtering import filter_stops, topics_in_use
from itinerary.format.loader import load_journey
from itinerary.model import Journey
from scripts.stclient import ProtocolError, Run, Session, Widget

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
ARTIFACTS = ROOT / "tests" / "artifacts"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
COUNT_TEXT = re.compile(r"\*\*([\d,]+) of ([\d,]+) stops\*\*")
TOPIC_FILTER = "topicfilter@"  # the component's key prefix (itinerary/dashboard/session.py)


# --- what a session does: a small table of actions -------------------------------------------


@dataclass(frozen=True)
class Topics:
    """What the topic filter holds: the ticked topics and how they combine."""

    ticked: frozenset[str]
    match: Literal["any", "all"] = "any"


def shown_topics(component: Widget) -> Topics:
    """What the filter shows, from the data the app gave it (as its JavaScript reads it)."""
    data = component.data()
    return Topics(frozenset(data["selected"]), "all" if data["match"] == "all" else "any")


@dataclass(frozen=True)
class Action:
    """One kind of click in the topic filter: `change` takes what the filter shows and the
    journey's topics (the filter's chips), and returns what it holds after the click."""

    name: str
    weight: float
    change: Callable[[Topics, Sequence[str], random.Random], Topics]


def toggle_topic(now: Topics, available: Sequence[str], rng: random.Random) -> Topics:
    """Tick or untick one topic's chip; one stays ticked (none ticked shows no stop)."""
    topic = rng.choice(available)
    if now.ticked == {topic}:
        others = [t for t in available if t != topic]
        if not others:
            return now
        topic = rng.choice(others)
    return replace(now, ticked=now.ticked ^ {topic})


def flip_match(now: Topics, available: Sequence[str], rng: random.Random) -> Topics:
    """The "any ticked" / "all ticked" switch."""
    del available, rng
    return replace(now, match="all" if now.match == "any" else "any")


ACTIONS: dict[str, Action] = {
    action.name: action
    for action in (Action("topic", 4.0, toggle_topic), Action("match", 1.0, flip_match))
}


def page_rev(component: Widget) -> int:
    """The number the page gives its next change: ``Math.max(previous + 1, Date.now())``."""
    previous: int = component.data()["order"][1]
    return max(previous + 1, time.time_ns() // 1_000_000)


def change_value(topics: Topics, rev: int) -> dict[str, Any]:
    """The component's "value" after a change, as the page's filter reports it."""
    return {"topics": sorted(topics.ticked), "match": topics.match, "rev": rev}


# --- checks ---------------------------------------------------------------------------------


class Journeys:
    """The journeys the server shows, loaded once, to compute what a view must show."""

    def __init__(self, data_dir: Path) -> None:
        self._paths = {f.key: f.path for f in discover(data_dir)}
        self._loaded: dict[str, Journey] = {}

    def get(self, key: str) -> Journey:
        if key not in self._loaded:
            self._loaded[key] = load_journey(self._paths[key])
        return self._loaded[key]


@dataclass(frozen=True)
class Expected:
    """What a session set last: the topics, and the `rev` its change carried."""

    topics: Topics
    rev: int


def check_view(session: Session, journeys: Journeys, expected: Expected | None) -> list[str]:
    """Problems with what the session now shows; [] when it shows its own view.

    `expected` is this session's last change (None: it made none, so the link's view, every
    topic). The table's "N of M stops" line is checked when the page has it (counted apart).
    """
    params = parse_qs(session.query_string, keep_blank_values=True)
    key = (params.get("journey") or [""])[-1]
    journey = journeys.get(key) if key else None
    if journey is None:
        return [f"the URL names no journey: {session.query_string!r}"]
    view = from_query(params, journey).state
    available = topics_in_use(journey.stops)
    in_url = Topics(frozenset(view.topics if view.topics is not None else available), view.match)
    mine = expected.topics if expected is not None else Topics(frozenset(available))
    problems = []
    if in_url != mine:
        problems.append(f"the URL says {in_url}, this session set {mine}")
    component = session.widget(TOPIC_FILTER)
    data = component.data()
    rev = expected.rev if expected is not None else 0
    if shown_topics(component) != mine or data["order"][1] != rev:
        problems.append(
            f"the topic filter was given {shown_topics(component)} at rev {data['order'][1]}, "
            f"this session set {mine} at rev {rev}"
        )
    count = len(filter_stops(journey.stops, view.stop_filter(available)))
    counts = [("the topic filter", data["summary"]["shown"])]
    counts += [
        ("the table", int(m.group(1).replace(",", "")))
        for text in session.tree.markdown()
        if (m := COUNT_TEXT.search(text))
    ]
    problems += [
        f"{where} shows {shown} stops, the view {view!r} has {count}"
        for where, shown in counts
        if shown != count
    ]
    return problems


# --- the simulated sessions -----------------------------------------------------------------


@dataclass
class Sample:
    session: int
    action: str
    sent_at: float
    seconds: float
    ok: bool


@dataclass
class Load:
    """Everything the sessions report, shared by them (one event loop, no locks needed)."""

    base_url: str
    think_s: float
    actions: list[Action]
    journeys: Journeys
    seed: int
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    samples: list[Sample] = field(default_factory=list)
    opens: list[float] = field(default_factory=list)
    opened: int = 0
    in_flight: dict[int, float] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    checked: int = 0
    count_checked: int = 0

    def record(self, index: int, action: str, run: Run, problems: list[str]) -> None:
        ok = run.status == "FINISHED_SUCCESSFULLY" and not run.exceptions and not problems
        self.samples.append(Sample(index, action, run.sent_at, run.seconds, ok))
        self.failures.extend(f"session {index} {action}: {p}" for p in problems)
        if run.exceptions:
            self.failures.append(f"session {index} {action}: exception {run.exceptions[0]!r}")


async def open_page(session: Session) -> Run:
    """The page's first run, then the one its topic filter asks for once the map has drawn
    (a state value, kept: see topic-filter.mjs); the second run as the page sees it, from
    the first request."""
    first = await session.open()
    component = session.widget(TOPIC_FILTER)
    if component.data()["ready"]:
        return first
    full = await session.set_state(component, "ready", True)
    return replace(
        full,
        sent_at=first.sent_at,
        received=first.received + full.received,
        messages=first.messages + full.messages,
        exceptions=first.exceptions + full.exceptions,
    )


async def session_loop(load: Load, index: int) -> None:
    rng = random.Random(load.seed * 100_003 + index)
    expected: Expected | None = None
    weights = [a.weight for a in load.actions]
    try:
        async with Session(load.base_url) as session:
            load.in_flight[index] = time.perf_counter()
            run = await open_page(session)
            del load.in_flight[index]
            load.opens.append(run.seconds)
            load.opened += 1
            load.record(index, "open", run, check_view(session, load.journeys, expected))
            while not load.stop.is_set():
                think = load.think_s * rng.uniform(0.5, 1.5)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(load.stop.wait(), think)  # the user reads the page
                if load.stop.is_set():
                    break
                action = rng.choices(load.actions, weights)[0]
                component = session.widget(TOPIC_FILTER)
                chips = [topic["key"] for topic in component.data()["topics"]]
                topics = action.change(shown_topics(component), chips, rng)
                expected = Expected(topics, page_rev(component))
                value = change_value(topics, expected.rev)
                load.in_flight[index] = time.perf_counter()
                run = await session.set_state(component, "value", value)
                del load.in_flight[index]
                problems = check_view(session, load.journeys, expected)
                load.checked += 1
                load.count_checked += any(COUNT_TEXT.search(t) for t in session.tree.markdown())
                load.record(index, action.name, run, problems)
    except (ProtocolError, OSError) as error:
        load.in_flight.pop(index, None)
        load.failures.append(f"session {index}: {error}")


# --- the server and what the machine does ---------------------------------------------------


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    url: str
    log: Path
    cpus: set[int]


def start_server(log: Path, cpus: set[int] | None) -> Server:
    """One replica as deploy/local.py runs it, pinned to `cpus` (the generator keeps off them)."""
    port = free_port()
    mine = os.sched_getaffinity(0)
    if cpus:
        os.sched_setaffinity(0, cpus)  # the child and all its threads inherit this
    try:
        process = spawn(streamlit_command(port), log)
    finally:
        os.sched_setaffinity(0, mine)
    if cpus and mine - cpus:
        os.sched_setaffinity(0, mine - cpus)
    url = f"http://127.0.0.1:{port}"
    wait_until_answering(f"{url}/_stcore/health", process, log)
    return Server(process, url, log, set(cpus or mine))


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process, all its threads."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def cpu_times() -> dict[str, tuple[float, float]]:
    """Per CPU (and "cpu", all of them): (busy seconds, steal seconds) since boot."""
    times = {}
    for line in Path("/proc/stat").read_text().splitlines():
        if not line.startswith("cpu"):
            continue
        name, *values = line.split()
        user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, values[:8])
        busy = user + nice + system + irq + softirq
        times[name] = (busy / CLOCK_TICKS, steal / CLOCK_TICKS)
    return times


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


@dataclass
class Snapshot:
    at: float
    server_cpu: float
    generator_cpu: float
    cpus: dict[str, tuple[float, float]]
    load: str

    @classmethod
    def take(cls, server: Server) -> Snapshot:
        return cls(
            time.perf_counter(),
            cpu_seconds(server.process.pid),
            time.process_time(),
            cpu_times(),
            load_average(),
        )


@dataclass
class Step:
    sessions: int
    seconds: float
    reruns: int
    failed: int
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None
    max_ms: float | None
    reruns_per_s: float
    rss_mb: float
    server_cores: float  # CPU the server used, in cores
    other_cores: float  # CPU used on the server's CPUs by anything but the server
    steal_cores: float  # hypervisor steal on the server's CPUs
    generator_cores: float
    load_start: str
    load_end: str
    distorted: bool = False  # other jobs took more than --max-other of the server's CPU

    @property
    def cpu_ms_per_rerun(self) -> float | None:
        """Server CPU per filter change: what any change rate costs, whatever the load."""
        return self.server_cores / self.reruns_per_s * 1000 if self.reruns_per_s else None

    @property
    def within(self) -> bool:
        return self.p95_ms is not None and self.failed == 0


def percentile(values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile (no interpolation: a p95 is a latency that happened)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = math.ceil(round(q * len(ordered), 9))  # round: 0.95 * 60 is 57.000000000000007
    return ordered[max(0, min(len(ordered), rank) - 1)]


def measure(load: Load, server: Server, sessions: int, before: Snapshot, after: Snapshot) -> Step:
    window = [s for s in load.samples if before.at <= s.sent_at < after.at and s.action != "open"]
    latencies = [s.seconds * 1000 for s in window]
    wall = after.at - before.at
    names = [f"cpu{n}" for n in sorted(server.cpus)]

    def delta(name: str, which: int) -> float:
        return after.cpus[name][which] - before.cpus[name][which]

    busy = sum(delta(n, 0) for n in names) / wall
    server_cores = (after.server_cpu - before.server_cpu) / wall
    return Step(
        sessions=sessions,
        seconds=round(wall, 1),
        reruns=len(window),
        failed=sum(1 for s in window if not s.ok),
        p50_ms=percentile(latencies, 0.50),
        p95_ms=percentile(latencies, 0.95),
        p99_ms=percentile(latencies, 0.99),
        max_ms=max(latencies) if latencies else None,
        reruns_per_s=len(window) / wall,
        rss_mb=rss_mb(server.process.pid),
        server_cores=server_cores,
        other_cores=max(0.0, busy - server_cores),
        steal_cores=sum(delta(n, 1) for n in names) / wall,
        generator_cores=(after.generator_cpu - before.generator_cpu) / wall,
        load_start=before.load,
        load_end=after.load,
    )


async def wait_for(condition: Callable[[], bool], timeout_s: float, what: str) -> None:
    """Poll `condition` (the sessions run on this loop) until it holds."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out after {timeout_s:.0f} s waiting for {what}")
        await asyncio.sleep(0.05)


async def measure_window(load: Load, server: Server, sessions: int, seconds: float) -> Step:
    before = Snapshot.take(server)
    await asyncio.sleep(seconds)
    after = Snapshot.take(server)
    # Reruns asked for inside the window count even if they finish after it.
    await wait_for(
        lambda: all(t >= after.at for t in load.in_flight.values()), 120, "in-flight reruns"
    )
    return measure(load, server, sessions, before, after)


def slope(points: Sequence[tuple[float, float]]) -> float | None:
    """Least-squares slope of y against x."""
    if len(points) < 2:
        return None
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    var = sum((x - mean_x) ** 2 for x, _ in points)
    if var == 0:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / var


async def ramp(server: Server, args: argparse.Namespace) -> dict[str, object]:
    load = Load(
        server.url,
        args.think,
        [ACTIONS[name] for name in args.actions],
        Journeys(DATA_DIR),
        args.seed,
    )
    tasks: list[asyncio.Task[None]] = []
    # A first session loads the journey into the server's cache; memory is counted from here.
    warm = asyncio.create_task(session_loop(load, -1))
    await wait_for(lambda: load.opened >= 1 or bool(load.failures), 120, "the first session")
    load.stop.set()
    await warm
    if load.failures:
        raise RuntimeError(f"the first session failed: {load.failures}")
    load.stop.clear()
    load.opened, load.opens = 0, []
    baseline = rss_mb(server.process.pid)
    steps: list[Step] = []
    over = 0
    for target in args.steps:
        new = range(len(tasks), target)
        for index in new:  # opens spread over about one think time, as readers arrive
            tasks.append(asyncio.create_task(session_loop(load, index)))
            await asyncio.sleep(args.think / max(1, len(new)))
        await wait_for(lambda t=target: load.opened + len(load.failures) >= t, 300, "the opens")
        await asyncio.sleep(args.warmup)  # new sessions fall into their rhythm
        for attempt in range(1, args.attempts + 1):
            step = await measure_window(load, server, target, args.window)
            # Other jobs on the server's CPU stretch every rerun: such a window says little.
            step.distorted = step.other_cores > args.max_other
            print(step_line(step), flush=True)
            if not step.distorted:
                break
            if attempt < args.attempts:
                print(f"(other load {step.other_cores:.2f} cores: measuring again)", flush=True)
                await asyncio.sleep(args.warmup)  # the queue the other load built drains first
        steps.append(step)
        p95 = step.p95_ms or float("inf")
        over_limit = p95 > args.p95_limit * 1000 or step.failed > 0
        over = over + 1 if over_limit and not step.distorted else 0
        if over >= 2 or p95 > 3 * args.p95_limit * 1000:
            break
    load.stop.set()
    await asyncio.gather(*tasks)
    good = [
        s
        for s in steps
        if s.within and (s.p95_ms or 0) <= args.p95_limit * 1000 and not s.distorted
    ]
    capacity = max((s.sessions for s in good), default=0)
    per_session = slope([(s.sessions, s.rss_mb) for s in steps])
    return {
        "baseline_rss_mb": baseline,
        "steps": [{**asdict(s), "cpu_ms_per_rerun": s.cpu_ms_per_rerun} for s in steps],
        "capacity_sessions": capacity,
        "rss_mb_per_session": per_session,
        "opens_p50_ms": percentile([o * 1000 for o in load.opens], 0.5),
        "opens_p95_ms": percentile([o * 1000 for o in load.opens], 0.95),
        "checked_reruns": load.checked,
        "count_checked_reruns": load.count_checked,
        "failures": load.failures[:50],
        "failure_count": len(load.failures),
    }


def step_line(step: Step) -> str:
    def ms(value: float | None) -> str:
        return "–" if value is None else f"{value:,.0f}"

    return (
        f"| {step.sessions} | {step.reruns} | {step.reruns_per_s:.1f} | {ms(step.p50_ms)} | "
        f"{ms(step.p95_ms)} | {ms(step.p99_ms)} | {step.failed} | {step.rss_mb:.0f} | "
        f"{step.server_cores:.2f} | {ms(step.cpu_ms_per_rerun)} | "
        f"{step.other_cores:.2f} | {step.steal_cores:.2f} | "
        f"{step.generator_cores:.2f} | {step.load_start} → {step.load_end}"
        f"{' (distorted)' if step.distorted else ''} |"
    )


HEADER = (
    "| sessions | reruns | reruns/s | p50 ms | p95 ms | p99 ms | failed | server RSS MB | "
    "server cores | server CPU ms per rerun | other load on its CPU (cores) | steal | "
    "generator cores | load average |\n"
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--steps", type=lambda s: [int(n) for n in s.split(",")],
        default=[5, 10, 15, 18, 21, 24, 27, 30, 34, 38, 44, 50, 60, 80],
        help="session counts to measure at, comma-separated, increasing",
    )  # fmt: skip
    parser.add_argument("--think", type=float, default=3.0, help="mean seconds between changes")
    parser.add_argument("--warmup", type=float, default=10.0)
    parser.add_argument("--window", type=float, default=45.0, help="seconds measured per step")
    parser.add_argument("--p95-limit", type=float, default=1.0, help="seconds")
    parser.add_argument(
        "--actions", type=lambda s: s.split(","), default=list(ACTIONS),
        help=f"which actions sessions take, from: {', '.join(ACTIONS)}",
    )  # fmt: skip
    parser.add_argument(
        "--server-cpus", default="0",
        help="CPUs the server is pinned to (e.g. 0 or 0,1), or 'none' to leave it free",
    )  # fmt: skip
    parser.add_argument(
        "--max-other", type=float, default=0.15,
        help="CPU (cores) other jobs may take on the server's CPU in a clean window",
    )  # fmt: skip
    parser.add_argument("--attempts", type=int, default=3, help="windows per step at most")
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args(argv)
    unknown = [name for name in args.actions if name not in ACTIONS]
    if unknown:
        parser.error(f"unknown action(s) {unknown}; known: {list(ACTIONS)}")
    cpus = None if args.server_cpus == "none" else {int(c) for c in args.server_cpus.split(",")}
    if cpus is not None and not cpus <= os.sched_getaffinity(0):
        parser.error(f"--server-cpus {args.server_cpus} is not among this machine's CPUs")

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC)
    server = start_server(ARTIFACTS / "capacity-server.log", cpus)
    print(
        f"capacity run {started:%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, server on CPUs "
        f"{sorted(server.cpus)}, think {args.think} s, actions {args.actions}, "
        f"load average {load_average()}\n\n{HEADER}",
        flush=True,
    )
    try:
        result = asyncio.run(ramp(server, args))
    finally:
        stop(server.process)
    log = server.log.read_text(errors="replace")
    server_errors = [line for line in log.splitlines() if "Traceback" in line or " ERROR " in line]
    result.update(
        {
            "started": f"{started:%Y-%m-%d %H:%M} UTC",
            "machine": platform.node(),
            "cpus": os.cpu_count(),
            "server_cpus": sorted(server.cpus),
            "think_s": args.think,
            "actions": args.actions,
            "p95_limit_s": args.p95_limit,
            "server_log_errors": len(server_errors),
        }
    )
    out = ARTIFACTS / f"capacity-{started:%Y%m%dT%H%M%S}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    per_session = result["rss_mb_per_session"]
    print(
        f"\ncapacity: {result['capacity_sessions']} sessions with p95 ≤ {args.p95_limit:g} s "
        f"on {len(server.cpus)} CPU(s); memory "
        f"{'n/a' if per_session is None else f'{per_session:.2f} MB'} per session over a "
        f"{result['baseline_rss_mb']:.0f} MB base; opens p50/p95 "
        f"{result['opens_p50_ms']:.0f}/{result['opens_p95_ms']:.0f} ms; "
        f"{result['checked_reruns']} reruns checked ({result['count_checked_reruns']} with the "
        f"stop count), {result['failure_count']} failed; server log errors: "
        f"{len(server_errors)}; figures in {out.relative_to(ROOT)}"
    )
    for failure in result["failures"]:  # type: ignore[attr-defined]
        print("  ", failure)
    ok = not result["failure_count"] and not server_errors
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
