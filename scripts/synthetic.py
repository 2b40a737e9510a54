"""Deterministic synthetic journeys for the benchmark: valid ``itinerary/1`` files of any size.

The route is one long rail tour along Eurasia's main corridors (Berlin – Moscow –
the Trans-Siberian – Ulaanbaatar – Beijing – Pyongyang – Vladivostok), drawn as a
curve that meanders like a railway: a few long bends per section, smaller curves
on top, metre-scale trace noise. The stops are vertices of that curve, denser
near the cities; every other vertex is a waypoint of the leg it lies on. So the
file has exactly ``route_vertices`` distinct route points (stops + waypoints) and
the legs, joined, are the whole curve.

Topics cycle through the vocabulary (stop i has topic i mod 11, and every fourth
stop a second one), so every topic filter hides a predictable share of stops.

Only ``random.Random(seed).random()`` is drawn from, whose sequence Python keeps
stable across versions: the same arguments give the same file, byte for byte.

The journey is built once as plain data and written as YAML (flow style, one item a
line) or as JSON (the same document, compact, on one line: the 10,000-stop journey is
just under the loader's 16 MB limit that way; see docs/schema.md).

    python scripts/synthetic.py --stops 10000 --out /tmp/synthetic-10k.yaml \
        --json-out /tmp/synthetic-10k.json
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import itertools
import json
import math
import random
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Final

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from itinerary.model import LatLon  # noqa: E402
from itinerary.topics import TOPIC_KEYS  # noqa: E402

SEED: Final = 20230912
ROUTE_VERTICES: Final = 100_000
_EARTH_KM: Final = 6371.0088
_START: Final = datetime(2024, 3, 1, 6, 0, tzinfo=UTC)
_TRAIN_KMH: Final = 60.0
_CITY_PULL: Final = 8.0  # how much likelier a stop is near a city than in open country
_CITY_SPREAD_KM: Final = 25.0
_JITTER_KM: Final = 0.003  # trace noise: a few metres, as in a surveyed line


@dataclass(frozen=True, slots=True)
class City:
    name: str
    region: str
    country: str
    lat: float
    lon: float


# The tour, in travel order. Consecutive cities are joined by a railway in reality.
TOUR: Final[tuple[City, ...]] = (
    City("Berlin", "Berlin", "Germany", 52.525, 13.369),
    City("Warsaw", "Masovia", "Poland", 52.229, 21.003),
    City("Brest", "Brest Region", "Belarus", 52.099, 23.686),
    City("Minsk", "Minsk", "Belarus", 53.891, 27.551),
    City("Smolensk", "Smolensk Oblast", "Russia", 54.791, 32.042),
    City("Moscow", "Moscow", "Russia", 55.776, 37.655),
    City("Nizhny Novgorod", "Nizhny Novgorod Oblast", "Russia", 56.321, 43.946),
    City("Kazan", "Tatarstan", "Russia", 55.787, 49.100),
    City("Yekaterinburg", "Sverdlovsk Oblast", "Russia", 56.858, 60.600),
    City("Tyumen", "Tyumen Oblast", "Russia", 57.142, 65.533),
    City("Omsk", "Omsk Oblast", "Russia", 54.940, 73.383),
    City("Novosibirsk", "Novosibirsk Oblast", "Russia", 55.036, 82.898),
    City("Krasnoyarsk", "Krasnoyarsk Krai", "Russia", 56.006, 92.831),
    City("Taishet", "Irkutsk Oblast", "Russia", 55.940, 98.003),
    City("Irkutsk", "Irkutsk Oblast", "Russia", 52.282, 104.259),
    City("Ulan-Ude", "Buryatia", "Russia", 51.811, 107.606),
    City("Naushki", "Buryatia", "Russia", 50.394, 106.106),
    City("Ulaanbaatar", "Ulaanbaatar", "Mongolia", 47.906, 106.883),
    City("Zamyn-Uud", "Dornogovi", "Mongolia", 43.717, 111.904),
    City("Datong", "Shanxi", "China", 40.110, 113.293),
    City("Beijing", "Beijing", "China", 39.902, 116.427),
    City("Shenyang", "Liaoning", "China", 41.795, 123.427),
    City("Dandong", "Liaoning", "China", 40.125, 124.387),
    City("Pyongyang", "Pyongyang", "North Korea", 39.015, 125.750),
    City("Tumangang", "Rason", "North Korea", 42.436, 130.606),
    City("Ussuriysk", "Primorsky Krai", "Russia", 43.795, 131.949),
    City("Vladivostok", "Primorsky Krai", "Russia", 43.111, 131.882),
    City("Khabarovsk", "Khabarovsk Krai", "Russia", 48.490, 135.062),
    City("Belogorsk", "Amur Oblast", "Russia", 50.919, 128.474),
    City("Skovorodino", "Amur Oblast", "Russia", 53.986, 123.943),
    City("Chita", "Zabaykalsky Krai", "Russia", 52.034, 113.501),
)
# Waypoint kinds cycle; a border crossing is named where the country changes.
_KINDS: Final = ("station", "junction", "bridge")
_CONFIDENCES: Final = ("confirmed", "confirmed", "reported", "unconfirmed")
_PRECISIONS: Final = ("exact", "exact", "exact", "approximate", "day")


def _km_between(a: City, b: City) -> float:
    phi1, phi2 = math.radians(a.lat), math.radians(b.lat)
    dphi, dlam = phi2 - phi1, math.radians(b.lon - a.lon)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return 2 * _EARTH_KM * math.asin(math.sqrt(h))


def _shares(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` into integers proportional to ``weights`` (largest remainder)."""
    raw = [total * w / sum(weights) for w in weights]
    counts = [math.floor(r) for r in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: (counts[i] - raw[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


@dataclass(frozen=True, slots=True)
class _Curve:
    lat: np.ndarray
    lon: np.ndarray
    km: np.ndarray  # distance along the curve from the start, approximately
    section: np.ndarray  # index into TOUR of the section's start city
    city_vertex: tuple[int, ...]  # the vertex at each city


def _curve(vertices: int, rnd: random.Random) -> _Curve:
    """The tour as one polyline of exactly ``vertices`` points."""
    sections = list(itertools.pairwise(TOUR))
    lengths = [_km_between(a, b) for a, b in sections]
    # Each section's points include its start city, the last one also the final city.
    counts = _shares(vertices - 1, lengths)
    lats, lons, section_of = [], [], []
    for index, ((a, b), length, count) in enumerate(zip(sections, lengths, counts, strict=True)):
        t = np.arange(count, dtype=np.float64) / count
        # Bends: sine modes pinned to zero at both cities, amplitude falling with frequency.
        modes = max(3, min(160, int(length / 12)))
        k = np.arange(1, modes + 1, dtype=np.float64)
        amplitude = np.array([2 * rnd.random() - 1 for _ in range(modes)]) * length * 0.05
        offset_km = np.sin(np.outer(t, k) * math.pi) @ (amplitude / k**1.5)
        jitter = np.array([2 * rnd.random() - 1 for _ in range(count)]) * _JITTER_KM
        jitter[0] = 0.0  # the city itself stays put
        offset_km += jitter
        mid_lat = math.radians((a.lat + b.lat) / 2)
        east = (b.lon - a.lon) * math.cos(mid_lat)
        north = b.lat - a.lat
        norm = math.hypot(east, north)
        # Unit normal to the chord (east, north), in degrees per km.
        normal_lat = (-east / norm) / 111.2
        normal_lon = (north / norm) / (111.2 * math.cos(mid_lat))
        lats.append(a.lat + (b.lat - a.lat) * t + offset_km * normal_lat)
        lons.append(a.lon + (b.lon - a.lon) * t + offset_km * normal_lon)
        section_of.append(np.full(count, index))
    lat = np.round(np.concatenate([*lats, [TOUR[-1].lat]]), 5)
    lon = np.round(np.concatenate([*lons, [TOUR[-1].lon]]), 5)
    section = np.concatenate([*section_of, [len(sections) - 1]])
    step = np.hypot(
        np.diff(lat) * 111.2, np.diff(lon) * 111.2 * np.cos(np.radians((lat[1:] + lat[:-1]) / 2))
    )
    km = np.concatenate(([0.0], np.cumsum(step)))
    city_vertex = (0, *np.cumsum(counts).tolist())
    return _Curve(lat, lon, km, section, tuple(int(v) for v in city_vertex))


def tour_points(route_vertices: int = ROUTE_VERTICES, seed: int = SEED) -> tuple[LatLon, ...]:
    """The tour's polyline alone, as the journey file has it (rounded to 1e-5°)."""
    curve = _curve(route_vertices, random.Random(seed))
    return tuple(map(LatLon, curve.lat.tolist(), curve.lon.tolist()))


def _stop_vertices(curve: _Curve, stops: int, rnd: random.Random) -> list[int]:
    """Which vertices are stops: both ends, the rest weighted towards the cities."""
    vertices = curve.lat.size
    if not 2 <= stops <= vertices:
        raise ValueError(f"need 2 ≤ stops ≤ route vertices ({vertices}), not {stops}")
    city_km = curve.km[list(curve.city_vertex)]
    nearest = np.min(np.abs(curve.km[:, None] - city_km[None, :]), axis=1)
    weight = 1 + _CITY_PULL * np.exp(-((nearest / _CITY_SPREAD_KM) ** 2))
    weight[[0, vertices - 1]] = 0.0
    cumulative = np.cumsum(weight).tolist()
    chosen = {0, vertices - 1}
    while len(chosen) < stops:
        # Weighted draw, duplicates redrawn: deterministic for a given seed.
        chosen.add(bisect.bisect_right(cumulative, rnd.random() * cumulative[-1]))
    return sorted(chosen)


def _q(text: str) -> str:
    # JSON strings are valid YAML double-quoted scalars (same escapes, a subset).
    return json.dumps(text, ensure_ascii=False)


def _local(moment: datetime, lon: float) -> str:
    hours = min(12, max(1, round(lon / 15)))
    local = moment.astimezone(timezone(timedelta(hours=hours)))
    return local.isoformat(timespec="seconds")


def journey_document(
    stops: int, route_vertices: int = ROUTE_VERTICES, seed: int = SEED
) -> dict[str, Any]:
    """A valid journey with ``stops`` stops and ``route_vertices`` route points, as plain data."""
    rnd = random.Random(seed)
    curve = _curve(route_vertices, rnd)
    stop_at = _stop_vertices(curve, stops, rnd)
    lat, lon, km = curve.lat.tolist(), curve.lon.tolist(), curve.km.tolist()
    section = curve.section.tolist()
    stop_items: list[dict[str, Any]] = []
    moment = _START
    previous_km = 0.0
    for number, vertex in enumerate(stop_at):
        city = TOUR[section[vertex]]
        # Whole seconds, so times print without fractions.
        moment += timedelta(seconds=round((km[vertex] - previous_km) / _TRAIN_KMH * 3600))
        previous_km = km[vertex]
        dwell = timedelta(minutes=20 + 10 * (number % 19))
        topics = [TOPIC_KEYS[number % len(TOPIC_KEYS)]]
        if number % 4 == 0:
            topics.append(TOPIC_KEYS[(number + 5) % len(TOPIC_KEYS)])
        stop: dict[str, Any] = {
            "id": f"s{number + 1:05d}",
            "seq": number + 1,
            "name": f"{city.name} {number + 1}",
            "site": f"Site {number + 1}, {city.name}",
            "region": city.region,
            "country": city.country,
            "location": {"lat": lat[vertex], "lon": lon[vertex], "provenance": "approximate"},
            "start": _local(moment, lon[vertex]),
        }
        # `end` is optional: every third stop leaves it out (bytes count at 16 MB).
        if number % 3 != 1:
            stop["end"] = _local(moment + dwell, lon[vertex])
        stop |= {
            "time_precision": _PRECISIONS[number % len(_PRECISIONS)],
            "topics": topics,
            "people": [] if number % 3 else [f"Person {number % 97}"],
            "summary": (
                f"Synthetic stop {number + 1} near {city.name}, {km[vertex]:,.0f} km into the "
                f"tour: {dwell.seconds // 60} minutes on the {', '.join(topics)} programme."
            ),
            "confidence": _CONFIDENCES[number % len(_CONFIDENCES)],
            "sources": [
                {
                    "outlet": "Synthetic Wire",
                    "title": f"Report {number + 1}",
                    "url": f"https://example.org/synthetic/{number + 1}",
                }
            ],
        }
        stop_items.append(stop)
        moment += dwell
    stop_set = set(stop_at)
    waypoint_id: dict[int, str] = {}
    waypoints: list[dict[str, Any]] = []
    for vertex in range(route_vertices):
        if vertex in stop_set:
            continue
        waypoint_id[vertex] = f"w{len(waypoint_id) + 1}"
        border = vertex > 0 and TOUR[section[vertex]].country != TOUR[section[vertex - 1]].country
        waypoints.append(
            {
                "id": waypoint_id[vertex],
                "name": f"Km {km[vertex]:.1f}",
                "kind": "border" if border else _KINDS[vertex % len(_KINDS)],
                "lat": lat[vertex],
                "lon": lon[vertex],
                "provenance": "approximate",
            }
        )
    legs: list[dict[str, Any]] = []
    for number, (a, b) in enumerate(itertools.pairwise(stop_at)):
        via = [waypoint_id[v] for v in range(a + 1, b)]
        legs.append(
            {
                "from": f"s{number + 1:05d}",
                "to": f"s{number + 2:05d}",
                "mode": "rail" if via else "road",
                "via": via,
            }
        )
    return {
        "schema": "itinerary/1",
        "journey": {
            "id": f"synthetic-{stops}-{route_vertices}-{seed}",
            "title": f"Synthetic rail tour of Eurasia: {stops:,} stops",
            "summary": (
                "A generated journey along Eurasia's rail corridors from Berlin to Vladivostok "
                "and back to Chita, for measuring the dashboard at scale. Nothing in it happened."
            ),
        },
        "stops": stop_items,
        "waypoints": waypoints,
        "route": {
            "reconstructed": True,
            "note": "Synthetic: the line is a generated curve, not a surveyed railway.",
            "legs": legs,
        },
    }


def _yaml_stop(stop: dict[str, Any]) -> str:
    where = stop["location"]
    end = f"end: {_q(stop['end'])}, " if "end" in stop else ""
    source = stop["sources"][0]
    return (
        f"  - {{id: {stop['id']}, seq: {stop['seq']}, name: {_q(stop['name'])}, "
        f"site: {_q(stop['site'])}, region: {_q(stop['region'])}, "
        f"country: {_q(stop['country'])}, "
        f"location: {{lat: {where['lat']!r}, lon: {where['lon']!r}, "
        f"provenance: {where['provenance']}}}, "
        f"start: {_q(stop['start'])}, {end}"
        f"time_precision: {stop['time_precision']}, "
        f"topics: [{', '.join(stop['topics'])}], "
        f"people: [{', '.join(_q(p) for p in stop['people'])}], "
        f"summary: {_q(stop['summary'])}, confidence: {stop['confidence']}, "
        f"sources: [{{outlet: {source['outlet']}, title: {_q(source['title'])}, "
        f"url: {_q(source['url'])}}}]}}"
    )


def to_yaml(document: dict[str, Any], stops: int, route_vertices: int, seed: int) -> str:
    """The journey as YAML: flow style, one item a line, plain scalars where safe."""
    journey = document["journey"]
    out = [
        f"# Synthetic journey for benchmarks: {stops} stops, {route_vertices} route vertices, "
        f"seed {seed}.",
        "# Generated by scripts/synthetic.py; regenerate rather than edit.",
        f"schema: {document['schema']}",
        "journey:",
        f"  id: {journey['id']}",
        f"  title: {_q(journey['title'])}",
        f"  summary: {_q(journey['summary'])}",
        "stops:",
    ]
    out += map(_yaml_stop, document["stops"])
    out.append("waypoints:")
    # Plain scalars where the value cannot be read as anything but text: bytes count here.
    out += (
        f"  - {{id: {w['id']}, name: {w['name']}, kind: {w['kind']}, "
        f"lat: {w['lat']!r}, lon: {w['lon']!r}, provenance: {w['provenance']}}}"
        for w in document["waypoints"]
    )
    route = document["route"]
    out += [
        "route:",
        f"  reconstructed: {'true' if route['reconstructed'] else 'false'}",
        f"  note: {_q(route['note'])}",
        "  legs:",
    ]
    out += (
        f"    - {{from: {leg['from']}, to: {leg['to']}, mode: {leg['mode']}, "
        f"via: [{', '.join(leg['via'])}]}}"
        for leg in route["legs"]
    )
    return "\n".join(out) + "\n"


def to_json(document: dict[str, Any]) -> str:
    """The journey as JSON: compact, on one line (about 4% larger than the YAML)."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"


def journey_text(stops: int, route_vertices: int = ROUTE_VERTICES, seed: int = SEED) -> str:
    """The YAML text of a valid journey with ``stops`` stops and ``route_vertices`` route points."""
    return to_yaml(journey_document(stops, route_vertices, seed), stops, route_vertices, seed)


def journey_json(stops: int, route_vertices: int = ROUTE_VERTICES, seed: int = SEED) -> str:
    """The same journey as :func:`journey_text`, as JSON text."""
    return to_json(journey_document(stops, route_vertices, seed))


def write_journey(
    directory: Path,
    stops: int,
    route_vertices: int = ROUTE_VERTICES,
    seed: int = SEED,
    *,
    as_json: bool = False,
) -> Path:
    """Write the journey to ``directory`` (named by its parameters) and return its path."""
    name = f"synthetic-{stops}-{route_vertices}-{seed}.{'json' if as_json else 'yaml'}"
    path = Path(directory) / name
    text = (journey_json if as_json else journey_text)(stops, route_vertices, seed)
    path.write_text(text, encoding="utf-8")
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--stops", type=int, required=True)
    parser.add_argument("--vertices", type=int, default=ROUTE_VERTICES)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, required=True, help="the YAML file to write")
    parser.add_argument(
        "--json-out", type=Path, help="also write the same journey as JSON to this file"
    )
    args = parser.parse_args(argv)
    document = journey_document(args.stops, args.vertices, args.seed)
    outputs = [(args.out, to_yaml(document, args.stops, args.vertices, args.seed))]
    if args.json_out is not None:
        outputs.append((args.json_out, to_json(document)))
    for path, text in outputs:
        path.write_text(text, encoding="utf-8")
        print(f"{path}: {path.stat().st_size:,} bytes, sha256 {digest(path)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
