"""Benchmark the dashboard against the naive Streamlit + Folium app: ``make bench``.

Writes its results into BENCHMARKS.md (between the ``bench:begin``/``bench:end`` markers;
text outside them is kept). Separate from the tests: nothing here asserts, it measures.

Cases: the real journey (data/kim-russia-2023.yaml) and synthetic journeys of 1,000 and
10,000 stops on a 100,000-vertex route (scripts/synthetic.py, fixed seed), written to a
temporary folder. Apps: this dashboard (app.py) and a naive baseline this script writes to
the same folder: the app most people would write first (a new folium.Map with a Marker,
Popup and Tooltip per visible stop and one PolyLine of the whole route, built on every
rerun and passed to st_folium with its defaults; a "Topics" multiselect in the sidebar).
Both load the journey through the same validating loader behind st.cache_resource, so the
comparison is about the map, not the file.

Figures, each the median of several runs with min and max:

(a) server time per rerun: streamlit.testing's AppTest running the real script in this
    process (no browser, no network): first view of a new session with the data cache
    warm, then a topic filter change. Also the size of the st_folium element's arguments.
(b) bytes per rerun: the payloads of the websocket frames the real server sends to
    Chromium, from the action to the rerun's ``script_finished`` message.
(c) in headless Chromium against a real server on a loopback port: navigation to every
    visible stop drawn, and a click on a topic tag's remove button to the new set drawn.
    "Drawn" is the map iframe's ``window.__itinStopsDrawn`` when the app sets it, else its
    count of ``.leaflet-marker-icon.itin-marker`` (ours) or ``.leaflet-marker-icon``.
    Then long tasks (PerformanceObserver 'longtask', in the map iframe and the page) while
    panning with mouse drags.
(d) peak memory of each server process: VmHWM from /proc/PID/status after its runs.

And the loader on each file: read + YAML parse, validation, the detour check, build_route.

The browser is offline: only the app's own server is reachable. Map tiles are refused for
both apps. The CDN files folium's default map asks for are answered from local copies
(Leaflet from static/vendor/, everything else empty), as if the CDN were instantaneous,
so the naive app is not penalised for the sandbox.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import inspect
import io
import json
import os
import platform
import pstats
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from itertools import pairwise
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from itinerary.filtering import StopFilter, filter_stops, topics_in_use  # noqa: E402
from itinerary.format import (  # noqa: E402
    checking,
    loader,
    rules,
)
from itinerary.format.reading import read_document  # noqa: E402
from itinerary.geo.route import build_route  # noqa: E402
from itinerary.model import Journey  # noqa: E402
from scripts.synthetic import ROUTE_VERTICES, SEED, digest, write_journey  # noqa: E402

REAL_JOURNEY = ROOT / "data" / "kim-russia-2023.yaml"
OUT = ROOT / "BENCHMARKS.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
VIEWPORT = {"width": 1400, "height": 1000}
SERVER_START_S = 120.0
FIRST_VIEW_TIMEOUT_MS = 180_000  # past this a figure is reported as failed (timed out)
ACTION_TIMEOUT_MS = 180_000
SETTLE_S = 1.5  # after a draw: do follow-up reruns happen?
LONG_TASK_MS = 50.0

NAIVE_APP = '''"""The map app most people write first (written by scripts/bench.py)."""
import argparse
import sys

sys.path.insert(0, {root!r})

import folium
import streamlit as st
from streamlit_folium import st_folium

from itinerary.format.loader import load_journey
from itinerary.geo.route import build_route


@st.cache_resource
def load(path):
    journey = load_journey(path)
    return journey, build_route(journey)


parser = argparse.ArgumentParser()
parser.add_argument("--data", required=True)
args, _ = parser.parse_known_args(sys.argv[1:])
journey, route = load(args.data)

st.title(journey.title)
topics = sorted({{topic for stop in journey.stops for topic in stop.topics}})
chosen = st.sidebar.multiselect("Topics", topics, default=topics)
visible = [stop for stop in journey.stops if set(stop.topics) & set(chosen)]

lats = [stop.point.lat for stop in journey.stops]
lons = [stop.point.lon for stop in journey.stops]
m = folium.Map(location=[sum(lats) / len(lats), sum(lons) / len(lons)], zoom_start=4)
folium.PolyLine(
    [[p.lat, p.lon] for leg in route.legs for p in leg.points], color="red", weight=3
).add_to(m)
for stop in visible:
    folium.Marker(
        [stop.point.lat, stop.point.lon],
        popup=folium.Popup(
            f"<b>{{stop.seq}}. {{stop.name}}</b><br>{{stop.site}}<br>{{stop.summary}}",
            max_width=300,
        ),
        tooltip=folium.Tooltip(stop.name),
    ).add_to(m)
st_folium(m, width=700, height=500)
st.write(f"{{len(visible)}} of {{len(journey.stops)}} stops")
'''

# The least a streamlit-folium page can do: the same stops as plain markers on a map built
# once, and nothing else on the page. Its first view is where both apps' figures start from.
FLOOR_APP = '''"""streamlit-folium and nothing else (written by scripts/bench.py)."""
import argparse
import sys

sys.path.insert(0, {root!r})

import folium
import streamlit as st
from streamlit_folium import st_folium

from itinerary.format.loader import load_journey


@st.cache_resource
def cached_map(path):
    journey = load_journey(path)
    fmap = folium.Map(location=[45, 135], zoom_start=4)
    for stop in journey.stops:
        folium.Marker([stop.point.lat, stop.point.lon]).add_to(fmap)
    return fmap


parser = argparse.ArgumentParser()
parser.add_argument("--data", required=True)
args, _ = parser.parse_known_args(sys.argv[1:])
st_folium(cached_map(args.data), width=700, height=500, returned_objects=[])
'''

# Stops drawn in every map iframe on the page; all must show `expected`.
DRAWN_JS = """(expected) => {
  const frames = Array.from(document.querySelectorAll('%s'));
  if (!frames.length) return false;
  const drawn = frames.every((frame) => {
    const w = frame.contentWindow, d = frame.contentDocument;
    if (!w || !d) return false;
    let n;
    if (typeof w.__itinStopsDrawn === 'number') n = w.__itinStopsDrawn;
    else {
      const own = d.querySelectorAll('.leaflet-marker-icon.itin-marker').length;
      n = own || d.querySelectorAll('.leaflet-marker-icon').length;
    }
    return n === expected;
  });
  if (drawn) window.__benchDrawnAt = performance.now();  // the first frame it holds
  return drawn;
}""".replace("%s", MAP_IFRAME)

# The click as the page sees it: Playwright's click() spends ~90 ms on its own checks first.
CLICK_CLOCK_JS = """() => {
  window.__benchClickAt = null;
  document.addEventListener('pointerdown', () => {
    if (window.__benchClickAt === null) window.__benchClickAt = performance.now();
  }, {capture: true, once: true});
}"""

OBSERVE_JS = """() => {
  const targets = [window];
  const frame = document.querySelector('%s');
  if (frame && frame.contentWindow) targets.push(frame.contentWindow);
  window.__benchLongTasks = [];
  for (const w of targets) {
    new w.PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__benchLongTasks.push(e.duration);
    }).observe({type: 'longtask'});
  }
  return targets.length;
}""".replace("%s", MAP_IFRAME)


# ---------------------------------------------------------------------------------------
# Statistics and formatting


@dataclass
class Series:
    """Repeated measurements of one figure; None marks a run that failed or timed out."""

    values: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def add(self, value: float) -> None:
        self.values.append(value)

    @property
    def median(self) -> float | None:
        return statistics.median(self.values) if self.values else None


def fmt_seconds(value: float) -> str:
    if value < 0.01:
        return f"{value * 1000:.1f} ms"
    return f"{value * 1000:,.0f} ms" if value < 10 else f"{value:,.1f} s"


def fmt_bytes(value: float) -> str:
    if value >= 1e6:
        return f"{value / 1e6:,.2f} MB"
    if value >= 1e3:
        return f"{value / 1e3:,.1f} kB"
    return f"{value:,.0f} B"


def fmt_count(value: float) -> str:
    return f"{value:,.0f}"


def cell(series: Series | None, fmt: Callable[[float], str]) -> str:
    if series is None:
        return "–"
    if not series.values:
        return "failed: " + "; ".join(series.failures[:1]) if series.failures else "–"
    low, high = min(series.values), max(series.values)
    text = fmt(statistics.median(series.values))
    if len(series.values) > 1:
        text += f" ({fmt(low)}–{fmt(high)}, n={len(series.values)})"
    if series.failures:
        text += f"; {len(series.failures)} failed"
    return text


def ratio(naive: Series | None, ours: Series | None) -> str:
    if not naive or not ours or naive.median is None or ours.median is None or not ours.median:
        return "–"
    return f"{naive.median / ours.median:,.1f}×"


# ---------------------------------------------------------------------------------------
# Cases and apps


@dataclass
class Case:
    key: str
    label: str
    path: Path
    journey: Journey
    route_vertices: int
    topic: str  # the topic the filter change removes
    visible_all: int
    visible_after: int

    @property
    def stops(self) -> int:
        return len(self.journey.stops)


@dataclass(frozen=True)
class App:
    key: str
    label: str
    script: Path
    # Remove a topic from the filter: in AppTest, and the control a reader clicks.
    unselect: Callable[[Any, str], None]
    topic_control: Callable[[Any, str], Any]


def ours_unselect(at: Any, topic: str) -> None:
    """As the page's topic filter reports it, with the rest of the page sent (the map drew)."""
    # The component's id is "$$ID-<hash>-<key>"; its data says which topics are ticked.
    component = at.get("bidi_component")[0].proto
    key = component.id.split("-", 2)[2]
    chosen = [t for t in json.loads(component.json)["selected"] if t != topic]
    at.session_state["_ready"] = True
    at.session_state[key] = {"value": {"topics": chosen, "match": "any", "rev": 1}}


def naive_unselect(at: Any, topic: str) -> None:
    next(widget for widget in at.multiselect if widget.label == "Topics").unselect(topic)


def ours_control(page: Any, topic: str) -> Any:
    return page.locator(f'.itin-tf-chip[data-topic="{topic}"]')


def naive_control(page: Any, topic: str) -> Any:
    tags = page.locator('[data-testid="stMultiSelect"]').filter(
        has=page.locator('[data-testid="stWidgetLabel"]', has_text=re.compile(r"^Topics$"))
    )
    return tags.locator(f'[aria-label="Remove {topic}"]')


def pick_topic(journey: Journey) -> tuple[str, int]:
    """The topic whose removal hides the most stops: the filter change must change the map."""
    used = topics_in_use(journey.stops)
    after = {
        topic: len(filter_stops(journey.stops, StopFilter(topics=frozenset(used) - {topic})))
        for topic in used
    }
    topic = min(used, key=lambda t: (after[t], used.index(t)))
    return topic, after[topic]


def make_case(key: str, label: str, path: Path) -> tuple[Case, dict[str, Series]]:
    """The case, and the loader timings of the load that made it (the first loader run)."""
    parts = ("total", "parse", "validate", "schema", "detour", "route")
    timings = {name: Series() for name in parts}
    journey = timed_load(path, timings)
    route = build_route(journey)
    vertices = sum(len(leg.points) for leg in route.legs) - max(0, len(route.legs) - 1)
    topic, after = pick_topic(journey)
    case = Case(key, label, path, journey, vertices, topic, len(journey.stops), after)
    return case, timings


# ---------------------------------------------------------------------------------------
# Machine


def machine_info() -> dict[str, str]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024**2:.1f} GiB"
    chromium = shutil.which("chromium")
    chromium_version = "not found"
    if chromium:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            output = subprocess.run(
                [chromium, "--version"], capture_output=True, text=True, timeout=30, check=False
            ).stdout
            chromium_version = output.strip().splitlines()[0] if output.strip() else "unknown"

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": f"{os.cpu_count()} (usable: {len(os.sched_getaffinity(0))})",
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "streamlit": version("streamlit"),
        "folium": version("folium"),
        "streamlit-folium": version("streamlit-folium"),
        "numpy": version("numpy"),
        "PyYAML": version("PyYAML"),
        "chromium": chromium_version,
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


# ---------------------------------------------------------------------------------------
# Loader and geometry (in this process)


def timed_load(path: Path, into: dict[str, Series]) -> Journey:
    """load_journey, timed in its parts: read + parse (YAML or JSON by the file's name),
    checking (of which the schema, pydantic, and the legs-follow-stops rule with the detour
    check, each timed by wrapping it), then build_route. Collection is paused as
    load_journey pauses it."""
    original_rule, original_schema = rules.check_legs_follow_stops, checking._validate
    detour_s: list[float] = []
    schema_s: list[float] = []

    def timed_rule(*args: Any, **kwargs: Any) -> None:
        start = time.perf_counter()
        try:
            original_rule(*args, **kwargs)
        finally:
            detour_s.append(time.perf_counter() - start)

    def timed_schema(*args: Any, **kwargs: Any) -> Any:  # every schema call, chunks included
        start = time.perf_counter()
        try:
            return original_schema(*args, **kwargs)
        finally:
            schema_s.append(time.perf_counter() - start)

    rules.check_legs_follow_stops = timed_rule  # type: ignore[assignment]
    checking._validate = timed_schema
    try:
        start = time.perf_counter()
        with loader.collector_paused():
            parsed = read_document(path.read_bytes(), str(path))
            done_parsing = time.perf_counter()
            journey = checking.to_journey(checking.check(parsed, str(path)), str(path))
            validated = time.perf_counter()
        build_route(journey)
        routed = time.perf_counter()
    finally:
        rules.check_legs_follow_stops = original_rule
        checking._validate = original_schema
    into["parse"].add(done_parsing - start)
    into["validate"].add(validated - done_parsing)
    into["schema"].add(sum(schema_s))
    into["total"].add(validated - start)
    into["detour"].add(sum(detour_s))
    into["route"].add(routed - validated)
    return journey


def yaml_breakdown(path: Path) -> dict[str, float]:
    """Where parsing goes: the loader's parse_yaml against libyaml's bare events, PyYAML's
    own yaml.load, and json.loads of the same document (a floor for any parser)."""
    text = path.read_text(encoding="utf-8")
    timings: dict[str, float] = {}
    start = time.perf_counter()
    document = loader.parse_yaml(text, str(path))
    timings["loader.parse_yaml"] = time.perf_counter() - start
    start = time.perf_counter()
    for _ in yaml.parse(text, Loader=yaml.CSafeLoader):
        pass
    timings["libyaml events only (yaml.parse, CSafeLoader)"] = time.perf_counter() - start
    start = time.perf_counter()
    yaml.load(text, Loader=yaml.CSafeLoader)
    timings["yaml.load (CSafeLoader)"] = time.perf_counter() - start
    as_json = json.dumps(document, default=str)
    start = time.perf_counter()
    json.loads(as_json)
    timings["json.loads of the same document"] = time.perf_counter() - start
    return timings


def validation_profile(case: Case) -> list[tuple[str, float]]:
    """The heaviest functions inside build_journey (cProfile, so slower than real)."""
    parsed = read_document(case.path.read_bytes(), str(case.path))
    profile = cProfile.Profile()
    profile.enable()
    checking.to_journey(checking.check(parsed, str(case.path)), str(case.path))
    profile.disable()
    stats = pstats.Stats(profile, stream=io.StringIO())
    rows = []
    for (file, line, name), (_cc, _nc, _tt, cumulative, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        if "itinerary" in file:
            rows.append((f"{Path(file).name}:{line} {name}", cumulative))
    return sorted(rows, key=lambda row: -row[1])[:8]


def bench_geometry(case: Case) -> dict[str, Any]:
    from geopy.distance import geodesic

    from itinerary.geo.geodesy import path_lengths_m
    from itinerary.geo.simplify import simplify_lines

    route = build_route(case.journey)
    legs = [leg.points for leg in route.legs]
    segments = sum(len(points) - 1 for points in legs)
    start = time.perf_counter()
    fast_m = float(path_lengths_m(legs).sum())
    fast_s = time.perf_counter() - start
    # geopy on a tenth of the legs, scaled: the full run alone takes seconds.
    sample = legs[:: max(1, len(legs) // 10)] if segments > 20_000 else legs
    sample_segments = sum(len(points) - 1 for points in sample)
    start = time.perf_counter()
    for points in sample:
        sum(geodesic(a, b).m for a, b in pairwise(points))
    geopy_s = (time.perf_counter() - start) * segments / max(1, sample_segments)
    simplified = {}
    for tolerance in (10.0, 25.0, 50.0, 100.0):
        start = time.perf_counter()
        lines = simplify_lines(legs, tolerance)
        elapsed = time.perf_counter() - start
        vertices = sum(len(line) for line in lines)
        payload = json.dumps([[[round(p.lat, 5), round(p.lon, 5)] for p in line] for line in lines])
        simplified[tolerance] = {"seconds": elapsed, "vertices": vertices, "json": len(payload)}
    full_json = len(
        json.dumps([[[round(p.lat, 5), round(p.lon, 5)] for p in line] for line in legs])
    )
    return {
        "segments": segments,
        "km": fast_m / 1000,
        "fast_s": fast_s,
        "geopy_s": geopy_s,
        "geopy_scaled": sample is not legs,
        "full_vertices": sum(len(line) for line in legs),
        "full_json": full_json,
        "simplified": simplified,
    }


# ---------------------------------------------------------------------------------------
# Server time with AppTest


def bench_apptest(app: App, case: Case, runs: int, budget_s: float) -> dict[str, Series]:
    from streamlit.testing.v1 import AppTest

    result = {name: Series() for name in ("cold", "first", "filter", "args_first", "args_filter")}
    saved_argv = sys.argv
    sys.argv = [str(app.script), "--data", str(case.path)]
    try:
        at = AppTest.from_file(str(app.script), default_timeout=1800)
        start = time.perf_counter()
        at.run()
        result["cold"].add(time.perf_counter() - start)
        if at.exception:
            result["first"].failures.append(str(at.exception[0].message)[:200])
            return result
        spent = 0.0
        for run in range(runs):
            if run and spent / run * (run + 1) > budget_s:
                break  # keep the whole benchmark within its time budget
            at = AppTest.from_file(str(app.script), default_timeout=1800)
            start = time.perf_counter()
            at.run()
            first = time.perf_counter() - start
            component = at.get("component_instance")
            app.unselect(at, case.topic)
            start = time.perf_counter()
            at.run()
            filtered = time.perf_counter() - start
            spent += first + filtered
            result["first"].add(first)
            result["filter"].add(filtered)
            if component:
                result["args_first"].add(sum(len(c.proto.json_args) for c in component))
            after = at.get("component_instance")
            if after:
                result["args_filter"].add(sum(len(c.proto.json_args) for c in after))
    finally:
        sys.argv = saved_argv
    return result


_ELEMENTS = (
    "altair_chart", "bar_chart", "button", "columns", "container", "data_editor", "dataframe",
    "download_button", "expander", "file_uploader", "line_chart", "map", "markdown",
    "metric", "multiselect", "plotly_chart", "pydeck_chart", "radio", "scatter_chart",
    "select_slider", "selectbox", "slider", "table", "tabs", "text_input", "vega_lite_chart",
    "write",
)  # fmt: skip


@contextlib.contextmanager
def call_timer() -> Iterator[dict[str, float]]:
    """Wall time of the outermost calls to Streamlit elements, st_folium and every
    function of the itinerary package, while the block runs (nested calls count once)."""
    import functools
    import threading
    from collections import defaultdict

    import streamlit
    import streamlit_folium
    from streamlit.delta_generator import DeltaGenerator

    totals: dict[str, float] = defaultdict(float)
    state = threading.local()
    patches: list[tuple[Any, str, Any]] = []

    def wrap(label: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            if getattr(state, "inside", False):
                return function(*args, **kwargs)
            state.inside = True
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                totals[label] += time.perf_counter() - start
                state.inside = False

        return timed

    def patch(owner: Any, name: str, label: str) -> None:
        original = getattr(owner, name, None)
        if callable(original):
            patches.append((owner, name, original))
            setattr(owner, name, wrap(label, original))

    for name in _ELEMENTS:
        patch(DeltaGenerator, name, f"st.{name}")
        patch(streamlit, name, f"st.{name}")  # module-level names are bound methods
    patch(streamlit_folium, "st_folium", "st_folium (folium render + arguments)")
    for module_name, module in list(sys.modules.items()):
        if module_name.startswith("itinerary.") and module is not None:
            for name, value in list(vars(module).items()):
                if inspect.isfunction(value) and value.__module__ == module_name:
                    patch(module, name, f"{module_name}.{name}")
    try:
        yield totals
    finally:
        for owner, name, original in reversed(patches):
            setattr(owner, name, original)


def server_breakdown(app: App, case: Case) -> tuple[float, list[tuple[str, float]]]:
    """Where one filter-change rerun of the app spends its time (data cache warm)."""
    from streamlit.testing.v1 import AppTest

    saved_argv = sys.argv
    sys.argv = [str(app.script), "--data", str(case.path)]
    try:
        at = AppTest.from_file(str(app.script), default_timeout=1800)
        at.run()
        app.unselect(at, case.topic)
        with call_timer() as totals:
            start = time.perf_counter()
            at.run()
            total = time.perf_counter() - start
    finally:
        sys.argv = saved_argv
    rows = sorted(totals.items(), key=lambda item: -item[1])
    return total, rows


# ---------------------------------------------------------------------------------------
# The real server and the browser


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def peak_memory_bytes(self) -> int | None:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
        return None


@contextlib.contextmanager
def streamlit_server(app: App, case: Case, log_dir: Path) -> Iterator[Server]:
    port = free_port()
    log = log_dir / f"server-{app.key}-{case.key}.log"
    command = [
        sys.executable, "-m", "streamlit", "run", str(app.script),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        # No watching the work tree: edits elsewhere must not touch the measured server.
        "--server.fileWatcherType", "none",
        "--", "--data", str(case.path),
    ]  # fmt: skip
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command,
            cwd=ROOT,  # .streamlit/config.toml: static serving for the vendored Leaflet
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(process, port, log)
    try:
        deadline = time.monotonic() + SERVER_START_S
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"streamlit exited early; see {log}")
            with (
                contextlib.suppress(urllib.error.URLError, OSError),
                urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as reply,
            ):
                if reply.status == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit not healthy in {SERVER_START_S:.0f} s; see {log}")
            time.sleep(0.2)
        yield server
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=20)


@dataclass
class Frame:
    at: float
    outgoing: bool
    size: int
    kind: str


class SocketLog:
    """Every websocket frame of a page, decoded just enough to know its type."""

    def __init__(self) -> None:
        self.frames: list[Frame] = []

    def attach(self, websocket: Any) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        def decode(payload: bytes | str, outgoing: bool) -> None:
            data = payload if isinstance(payload, bytes) else payload.encode()
            message = BackMsg() if outgoing else ForwardMsg()
            kind = "?"
            with contextlib.suppress(Exception):
                message.ParseFromString(data)
                kind = message.WhichOneof("type") or "?"
            self.frames.append(Frame(time.perf_counter(), outgoing, len(data), kind))

        websocket.on("framereceived", lambda payload: decode(payload, False))
        websocket.on("framesent", lambda payload: decode(payload, True))

    def rerun(self, mark: int) -> tuple[int, float | None, bool] | None:
        """Bytes received from frame `mark` to the first script_finished, and the round trip."""
        received, sent_at = 0, None
        for frame in self.frames[mark:]:
            if frame.outgoing:
                if frame.kind == "rerun_script" and sent_at is None:
                    sent_at = frame.at
                continue
            received += frame.size
            if frame.kind == "script_finished":
                return received, (frame.at - sent_at) if sent_at else None, True
        return None

    def reruns_after(self, mark: int) -> int:
        return sum(1 for f in self.frames[mark:] if f.outgoing and f.kind == "rerun_script")


# folium's popups are built with jQuery (`$(html)[0]`) and its map waits on
# `$(document).ready`. Debian's libjs-jquery is used where installed; else this stand-in,
# which does just those two things.
JQUERY_FILE = Path("/usr/share/javascript/jquery/jquery.min.js")
JQUERY_SHIM = """(function () {
  function $(arg) {
    if (arg === document) {
      return {ready: function (fn) {
        if (document.readyState !== "loading") { fn(); }
        else { document.addEventListener("DOMContentLoaded", fn); }
      }};
    }
    var t = document.createElement("template");
    t.innerHTML = String(arg).trim();
    return Array.prototype.slice.call(t.content.childNodes);
  }
  window.$ = window.jQuery = $;
})();"""


def cdn_handler(route: Any) -> None:
    """Answer folium's CDN requests from local copies; refuse everything else (tiles)."""
    url = route.request.url
    vendor = ROOT / "static" / "vendor" / "leaflet"
    name = url.rsplit("/", 1)[-1].split("?")[0]
    image = name.removeprefix("dist").removeprefix("leaflet")  # Leaflet's misjoined guess
    if re.search(r"/leaflet@[^/]+/dist/leaflet\.js$", url):
        route.fulfill(path=str(vendor / "leaflet.js"), content_type="text/javascript")
    elif re.search(r"/leaflet@[^/]+/dist/leaflet\.css$", url):
        route.fulfill(path=str(vendor / "leaflet.css"), content_type="text/css")
    elif re.search(r"/jquery[-.\d]*(\.min)?\.js$", url):
        if JQUERY_FILE.is_file():
            route.fulfill(path=str(JQUERY_FILE), content_type="text/javascript")
        else:
            route.fulfill(status=200, body=JQUERY_SHIM, content_type="text/javascript")
    elif name.endswith(".png") and (vendor / "images" / image).is_file():
        route.fulfill(path=str(vendor / "images" / image), content_type="image/png")
    elif name.endswith((".js", ".css")) and "tile" not in url:
        kind = "text/javascript" if name.endswith(".js") else "text/css"
        route.fulfill(status=200, body="", content_type=kind)
    else:
        route.abort()


@dataclass
class BrowserResult:
    first: Series = field(default_factory=Series)
    first_idle: Series = field(default_factory=Series)
    filter: Series = field(default_factory=Series)
    filter_driver: Series = field(default_factory=Series)
    filter_idle: Series = field(default_factory=Series)
    pan_reruns: Series = field(default_factory=Series)
    bytes_first: Series = field(default_factory=Series)
    bytes_filter: Series = field(default_factory=Series)
    roundtrip_filter: Series = field(default_factory=Series)
    extra_reruns: Series = field(default_factory=Series)
    long_tasks: Series = field(default_factory=Series)
    long_task_max: Series = field(default_factory=Series)
    peak_memory: Series = field(default_factory=Series)
    warmup: Series = field(default_factory=Series)


def wait_drawn(page: Any, expected: int, timeout_ms: float) -> None:
    page.wait_for_function(DRAWN_JS, arg=expected, polling="raf", timeout=timeout_ms)


def wait_script_finished(log: SocketLog, page: Any, mark: int, timeout_s: float = 180) -> Any:
    deadline = time.monotonic() + timeout_s
    while (found := log.rerun(mark)) is None and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    return found


def open_page(browser: Any, server: Server) -> tuple[Any, Any, SocketLog]:
    context = browser.new_context(viewport=VIEWPORT)
    port = re.escape(str(server.port))
    context.route(re.compile(rf"^(?!http://127\.0\.0\.1:{port}/)(?!data:)(?!blob:)"), cdn_handler)
    page = context.new_page()
    page.set_default_timeout(ACTION_TIMEOUT_MS)
    log = SocketLog()
    page.on("websocket", log.attach)
    return context, page, log


def first_view(
    page: Any, server: Server, case: Case, log: SocketLog, result: BrowserResult
) -> None:
    """Navigate; time to every stop drawn; then wait until the rerun has finished (idle)."""
    start = time.perf_counter()
    page.goto(server.url, timeout=FIRST_VIEW_TIMEOUT_MS)
    wait_drawn(page, case.visible_all, FIRST_VIEW_TIMEOUT_MS)
    result.first.add(time.perf_counter() - start)
    rerun = wait_script_finished(log, page, 0, FIRST_VIEW_TIMEOUT_MS / 1000)
    if rerun is not None:
        result.first_idle.add(time.perf_counter() - start)
        result.bytes_first.add(rerun[0])
    page.wait_for_timeout(SETTLE_S * 1000)  # let any follow-up rerun go by
    wait_idle(log, page)


def wait_idle(log: SocketLog, page: Any) -> None:
    """Until every rerun asked for has finished (a component may ask for one after drawing)."""
    deadline = time.monotonic() + ACTION_TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        asked = sum(1 for f in log.frames if f.outgoing and f.kind == "rerun_script")
        done = sum(1 for f in log.frames if not f.outgoing and f.kind == "script_finished")
        if done >= asked:
            return
        page.wait_for_timeout(100)


def one_visit(
    browser: Any, server: Server, app: App, case: Case, result: BrowserResult, *, pan: bool
) -> float:
    """A new session: first view, then one topic removed from the filter; then, if asked,
    panning on the same page. Returns the seconds spent panning (not part of the runs)."""
    context, page, log = open_page(browser, server)
    try:
        first_view(page, server, case, log, result)
        mark = len(log.frames)
        remove = app.topic_control(page, case.topic)
        remove.scroll_into_view_if_needed()
        page.evaluate(CLICK_CLOCK_JS)
        start = time.perf_counter()
        remove.click()
        wait_drawn(page, case.visible_after, ACTION_TIMEOUT_MS)
        result.filter_driver.add(time.perf_counter() - start)
        clicked_ms, drawn_ms = page.evaluate("() => [window.__benchClickAt, window.__benchDrawnAt]")
        result.filter.add((drawn_ms - clicked_ms) / 1000)
        if (rerun := wait_script_finished(log, page, mark)) is not None:
            result.filter_idle.add(time.perf_counter() - start)
            result.bytes_filter.add(rerun[0])
            if rerun[1] is not None:
                result.roundtrip_filter.add(rerun[1])
        page.wait_for_timeout(SETTLE_S * 1000)
        wait_idle(log, page)
        # The click's own rerun is expected; anything more is the component asking again.
        result.extra_reruns.add(log.reruns_after(mark) - 1)
        if not pan:
            return 0.0
        start = time.perf_counter()
        pan_map(page, log, result)
        return time.perf_counter() - start
    finally:
        context.close()


def pan_map(page: Any, log: SocketLog, result: BrowserResult) -> None:
    """Long tasks while panning with mouse drags, once the page is idle."""
    page.locator(MAP_IFRAME).scroll_into_view_if_needed()
    page.evaluate(OBSERVE_JS)
    mark = len(log.frames)
    box = page.locator(MAP_IFRAME).bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for dx, dy in ((220, 0), (0, 160), (-220, 0), (0, -160), (180, 140), (-180, -140)):
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x + dx, y + dy, steps=12)
        page.mouse.up()
        page.wait_for_timeout(250)
    page.wait_for_timeout(2000)  # a rerun the pan caused (the naive app's) lands in here
    durations = page.evaluate("() => window.__benchLongTasks || []")
    result.long_tasks.add(sum(1 for d in durations if d > LONG_TASK_MS))
    result.long_task_max.add(max(durations, default=0.0) / 1000)
    result.pan_reruns.add(log.reruns_after(mark))


def bench_floor(browser: Any, app: App, case: Case, runs: int, log_dir: Path) -> Series:
    """First views of FLOOR_APP (one warm-up visit first, as for the apps)."""
    result = BrowserResult()
    with streamlit_server(app, case, log_dir) as server:
        for run in range(runs + 1):
            context, page, log = open_page(browser, server)
            try:
                first_view(page, server, case, log, result if run else BrowserResult())
            finally:
                context.close()
    return result.first


def bench_browser(
    browser: Any, app: App, case: Case, runs: int, budget_s: float, log_dir: Path
) -> BrowserResult:
    result = BrowserResult()
    with streamlit_server(app, case, log_dir) as server:
        # One untimed-for-the-medians visit: it loads the file into the server's cache (a
        # cold start), as an earlier visitor would have.
        warm = BrowserResult()
        try:
            context, page, log = open_page(browser, server)
            try:
                first_view(page, server, case, log, warm)
            finally:
                context.close()
            result.warmup.values.extend(warm.first.values)
        except Exception as error:  # record it, go on with the next case
            result.first.failures.append(f"{type(error).__name__}: {str(error)[:160]}")
            return result
        spent = 0.0
        for run in range(runs):
            if run and spent / run * (run + 1) > budget_s:
                break  # fewer runs where one is slow: the report says n
            start = time.perf_counter()
            try:
                # The first run also pans, on its page once idle (not counted as run time).
                spent -= one_visit(browser, server, app, case, result, pan=run == 0)
            except Exception as error:  # recorded in the report; no more runs of a timeout
                result.filter.failures.append(f"{type(error).__name__}: {str(error)[:160]}")
                spent += time.perf_counter() - start
                break
            spent += time.perf_counter() - start
        if (peak := server.peak_memory_bytes()) is not None:
            result.peak_memory.add(peak)
    return result


# ---------------------------------------------------------------------------------------
# Report


def render(
    info: dict[str, str],
    cases: list[Case],
    apps: list[App],
    loader_results: dict[str, dict[str, Series]],
    loader_files: dict[str, tuple[str, Path]],
    yaml_split: dict[str, dict[str, float]],
    profile_rows: dict[str, list[tuple[str, float]]],
    geometry: dict[str, dict[str, Any]],
    server: dict[tuple[str, str], dict[str, Series]],
    browser: dict[tuple[str, str], BrowserResult],
    breakdowns: dict[str, tuple[float, list[tuple[str, float]]]],
    elapsed_s: float,
    floor: dict[str, Series] | None = None,
) -> str:
    out: list[str] = []
    add = out.append
    add(f"_Generated by `make bench` (scripts/bench.py) in {elapsed_s / 60:.1f} min._\n")
    add("### Machine\n")
    add("| | |\n|---|---|")
    for key, value in info.items():
        add(f"| {key} | {value} |")
    add(f"| load average at end | {' '.join(f'{x:.2f}' for x in os.getloadavg())} |")
    add("")
    add("### Inputs\n")
    add("| case | file | stops | route vertices | bytes | sha256 | filter change |")
    add("|---|---|---:|---:|---:|---|---|")
    for case in cases:
        add(
            f"| {case.label} | `{case.path.name}` | {case.stops:,} | {case.route_vertices:,} | "
            f"{case.path.stat().st_size:,} | `{digest(case.path)[:12]}` | remove "
            f"*{case.topic}*: {case.visible_all:,} → {case.visible_after:,} stops |"
        )
    add("")
    for case in cases:
        add(f"### {case.label}\n")
        add("| figure | ours | naive | naive ÷ ours |")
        add("|---|---|---|---:|")

        def row(
            name: str,
            pick: Callable[[Any], Series | None],
            fmt: Callable[[float], str],
            source: dict[Any, Any],
            ours: tuple[str, str] = (apps[0].key, case.key),
            naive: tuple[str, str] = (apps[-1].key, case.key),
        ) -> None:
            mine = pick(source[ours]) if ours in source else None
            theirs = pick(source[naive]) if naive in source and naive != ours else None
            add(f"| {name} | {cell(mine, fmt)} | {cell(theirs, fmt)} | {ratio(theirs, mine)} |")

        row("(c) browser: first view, all stops drawn", lambda r: r.first, fmt_seconds, browser)
        row("… until the rerun finished (page idle)", lambda r: r.first_idle, fmt_seconds, browser)
        row("(c) browser: filter change, stops redrawn", lambda r: r.filter, fmt_seconds, browser)
        row("… from Playwright's click() call", lambda r: r.filter_driver, fmt_seconds, browser)
        row("… until the rerun finished (page idle)", lambda r: r.filter_idle, fmt_seconds, browser)
        row("(b) websocket bytes, first view", lambda r: r.bytes_first, fmt_bytes, browser)
        row("(b) websocket bytes, filter change", lambda r: r.bytes_filter, fmt_bytes, browser)
        row(
            "(a) server: rerun sent → script_finished (websocket)",
            lambda r: r.roundtrip_filter,
            fmt_seconds,
            browser,
        )
        row("extra reruns after a filter change", lambda r: r.extra_reruns, fmt_count, browser)
        row("(a) AppTest: first view (data cached)", lambda r: r["first"], fmt_seconds, server)
        row("(a) AppTest: filter change", lambda r: r["filter"], fmt_seconds, server)
        row("(a) AppTest: first run, cold cache", lambda r: r["cold"], fmt_seconds, server)
        row("st_folium arguments, first view", lambda r: r["args_first"], fmt_bytes, server)
        row("st_folium arguments, filter change", lambda r: r["args_filter"], fmt_bytes, server)
        row(
            f"long tasks > {LONG_TASK_MS:.0f} ms while panning",
            lambda r: r.long_tasks,
            fmt_count,
            browser,
        )
        row("longest task while panning", lambda r: r.long_task_max, fmt_seconds, browser)
        row("reruns caused by panning", lambda r: r.pan_reruns, fmt_count, browser)
        row("(d) server peak memory (VmHWM)", lambda r: r.peak_memory, fmt_bytes, browser)
        row("browser warm-up visit (cold server cache)", lambda r: r.warmup, fmt_seconds, browser)
        add("")
        if floor and case.key in floor:
            base = browser.get((apps[-1].key, case.key))
            mine = browser.get((apps[0].key, case.key))
            add(
                "Floor: a page with nothing but `st_folium` and a cached map of the same stops "
                f"as plain markers (FLOOR_APP in scripts/bench.py) draws them in "
                f"{cell(floor[case.key], fmt_seconds)}, naive ÷ floor "
                f"{ratio(base.first if base else None, floor[case.key])}, "
                f"ours ÷ floor {ratio(mine.first if mine else None, floor[case.key])}.\n"
            )
    if breakdowns:
        add("### Where a rerun of this dashboard goes\n")
        add(
            "One filter-change rerun under AppTest, data cached: wall time of the outermost "
            "calls to Streamlit elements, st_folium and `itinerary` functions (a call made "
            "inside another counts for the outer one). The rest is the script's own code "
            "and Streamlit.\n"
        )
        keys = [case.key for case in cases if case.key in breakdowns]
        labels: list[str] = []
        for key in keys:
            for label, seconds in breakdowns[key][1]:
                if seconds >= 0.01 * breakdowns[key][0] and label not in labels:
                    labels.append(label)
        add("| call | " + " | ".join(c.label for c in cases if c.key in breakdowns) + " |")
        add("|---|" + "---:|" * len(keys))
        add("| **whole rerun** | " + " | ".join(fmt_seconds(breakdowns[k][0]) for k in keys) + " |")
        for label in labels:
            values = [dict(breakdowns[k][1]).get(label, 0.0) for k in keys]
            add(f"| `{label}` | " + " | ".join(fmt_seconds(v) for v in values) + " |")
        add("")
    add("### Loader\n")
    add(
        "`load_journey` = read + parse (YAML or JSON, by the file's name) + checking (the "
        "schema, validated by pydantic, then the rules across fields: legs follow the stops and "
        "the detour check, order, unique ids) and building the model. The synthetic journeys "
        "are loaded in both formats (same content); the apps above are served the JSON files."
    )
    add("")
    add("| case | format | bytes | load_journey | parse | checking | of which schema "
        "| of which legs and detour | build_route |")  # fmt: skip
    add("|---|---|---:|---|---|---|---|---|---|")
    for key, (label, path) in loader_files.items():
        if key not in loader_results:
            continue
        r = loader_results[key]
        fmt = "JSON" if path.suffix == ".json" else "YAML"
        add(
            f"| {label} | {fmt} | {path.stat().st_size:,} | {cell(r['total'], fmt_seconds)} | "
            f"{cell(r['parse'], fmt_seconds)} | "
            f"{cell(r['validate'], fmt_seconds)} | {cell(r['schema'], fmt_seconds)} | "
            f"{cell(r['detour'], fmt_seconds)} | "
            f"{cell(r['route'], fmt_seconds)} |"
        )
    for key, split in yaml_split.items():
        add(f"\nYAML parsing of the {key} file, one run each:\n")
        add("| step | time |\n|---|---|")
        for name, seconds in split.items():
            add(f"| {name} | {fmt_seconds(seconds)} |")
    for key, rows in profile_rows.items():
        add(f"\nValidation profile of the {key} file (cProfile, cumulative; inflates times):\n")
        add("| function | cumulative |\n|---|---|")
        for name, seconds in rows:
            add(f"| `{name}` | {fmt_seconds(seconds)} |")
    add("\n### Route geometry\n")
    add("| case | segments | length | vectorised geodesic | geopy geodesic | speed-up |")
    add("|---|---:|---:|---:|---:|---:|")
    for case in cases:
        g = geometry.get(case.key)
        if g:
            scaled = " (scaled from a 10% sample)" if g["geopy_scaled"] else ""
            add(
                f"| {case.label} | {g['segments']:,} | {g['km']:,.0f} km | "
                f"{fmt_seconds(g['fast_s'])} | {fmt_seconds(g['geopy_s'])}{scaled} | "
                f"{g['geopy_s'] / g['fast_s']:,.0f}× |"
            )
    add("\nDisplay simplification (`simplify_lines` over every leg; JSON at 5 decimals):\n")
    add("| case | tolerance | vertices | JSON | time |\n|---|---:|---:|---:|---:|")
    for case in cases:
        g = geometry.get(case.key)
        if not g:
            continue
        add(f"| {case.label} | none | {g['full_vertices']:,} | {fmt_bytes(g['full_json'])} | – |")
        for tolerance, s in g["simplified"].items():
            add(
                f"| {case.label} | {tolerance:g} m | {s['vertices']:,} | {fmt_bytes(s['json'])} | "
                f"{fmt_seconds(s['seconds'])} |"
            )
    return "\n".join(out) + "\n"


def write_report(body: str) -> None:
    text = OUT.read_text(encoding="utf-8") if OUT.exists() else "# Benchmarks\n\n"
    block = f"{BEGIN}\n{body}{END}"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    OUT.write_text(text, encoding="utf-8")


# ---------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the dashboard against a naive app.")
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (default 5)")
    parser.add_argument(
        "--cases", default="real,1k,10k", help="comma-separated: real, 1k, 10k (default all)"
    )
    parser.add_argument("--apps", default="ours,naive", help="comma-separated: ours, naive")
    parser.add_argument(
        "--budget",
        type=float,
        default=60.0,
        help="seconds of repeated runs per figure group; fewer runs when one is slow",
    )
    parser.add_argument("--skip", default="", help="comma-separated: loader, apptest, browser")
    parser.add_argument("--no-write", action="store_true", help="print instead of BENCHMARKS.md")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    skip = set(filter(None, args.skip.split(",")))
    wanted = args.cases.split(",")
    info = machine_info()
    print("machine:", json.dumps(info), flush=True)

    work = Path(tempfile.mkdtemp(prefix="itinerary-bench-"))
    cases: list[Case] = []
    loader_results: dict[str, dict[str, Series]] = {}
    loader_files: dict[str, tuple[str, Path]] = {}  # what the loader section times
    inputs: list[tuple[str, str, Path | None, int]] = [("real", "Real journey", REAL_JOURNEY, 0)]
    for key, n in (("1k", 1_000), ("10k", 10_000)):
        inputs.append((key, f"Synthetic {n:,} stops", None, n))
    for key, label, given, stops in inputs:
        if key not in wanted:
            continue
        print(f"loading the {key} journey…", flush=True)
        if given is None:
            # Big generated journeys are JSON (the YAML parser alone takes ~1 s at 10k);
            # the YAML twin is timed by the loader section.
            yaml_path = write_journey(work, stops, ROUTE_VERTICES, SEED)
            loader_files[f"{key}-yaml"] = (label, yaml_path)
            path = write_journey(work, stops, ROUTE_VERTICES, SEED, as_json=True)
        else:
            path = given
        loader_files[key] = (label, path)
        case, loader_results[key] = make_case(key, label, path)
        cases.append(case)

    naive = work / "naive_app.py"
    naive.write_text(NAIVE_APP.format(root=str(ROOT)), encoding="utf-8")
    floor_script = work / "floor_app.py"
    floor_script.write_text(FLOOR_APP.format(root=str(ROOT)), encoding="utf-8")
    all_apps = {
        "ours": App("ours", "this dashboard", ROOT / "app.py", ours_unselect, ours_control),
        "naive": App("naive", "naive baseline", naive, naive_unselect, naive_control),
    }
    apps = [all_apps[key] for key in args.apps.split(",")]

    yaml_split: dict[str, dict[str, float]] = {}
    profile_rows: dict[str, list[tuple[str, float]]] = {}
    geometry: dict[str, dict[str, Any]] = {}
    if "loader" not in skip:
        for case in cases:
            print(f"loader: {case.key}…", flush=True)
            # The big files take the YAML parser tens of seconds each: 3 runs, not 5.
            runs = args.runs if case.stops < 500 else min(args.runs, 3)
            for _ in range(runs - 1):  # the load that made the case was the first run
                timed_load(case.path, loader_results[case.key])
            twin = loader_files.get(f"{case.key}-yaml")
            if twin is not None:
                twin_results = {name: Series() for name in loader_results[case.key]}
                for _ in range(runs):
                    timed_load(twin[1], twin_results)
                loader_results[f"{case.key}-yaml"] = twin_results
            geometry[case.key] = bench_geometry(case)
            if case.stops >= 5_000 and twin is not None:
                yaml_split[case.key] = yaml_breakdown(twin[1])
                profile_rows[case.key] = validation_profile(case)

    server: dict[tuple[str, str], dict[str, Series]] = {}
    breakdowns: dict[str, tuple[float, list[tuple[str, float]]]] = {}
    if "apptest" not in skip:
        for case in cases:
            for app in apps:
                print(f"apptest: {app.key} × {case.key}…", flush=True)
                server[(app.key, case.key)] = bench_apptest(app, case, args.runs, args.budget)
            if apps[0].key == "ours":
                print(f"breakdown: ours × {case.key}…", flush=True)
                breakdowns[case.key] = server_breakdown(apps[0], case)

    browser_results: dict[tuple[str, str], BrowserResult] = {}
    floor: dict[str, Series] = {}
    if "browser" not in skip:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            executable = shutil.which("chromium")
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            try:
                for case in cases:
                    for app in apps:
                        print(f"browser: {app.key} × {case.key}…", flush=True)
                        browser_results[(app.key, case.key)] = bench_browser(
                            browser, app, case, args.runs, args.budget * 2, work
                        )
                    if case.key == "real":
                        print("browser: floor × real…", flush=True)
                        floor_app = App(  # its topic controls are never used
                            "floor", "st_folium alone", floor_script, naive_unselect, naive_control
                        )
                        floor[case.key] = bench_floor(browser, floor_app, case, args.runs, work)
            finally:
                browser.close()

    body = render(
        info,
        cases,
        apps,
        loader_results,
        loader_files,
        yaml_split,
        profile_rows,
        geometry,
        server,
        browser_results,
        breakdowns,
        time.perf_counter() - began,
        floor,
    )
    if args.no_write:
        print(body)
    else:
        write_report(body)
        print(f"wrote {OUT} ({(time.perf_counter() - began) / 60:.1f} min)")
    print(f"server logs and inputs in {work}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
