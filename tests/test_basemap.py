"""The lighter basemap of a published page: whole around the journey, thinned elsewhere,
and still one topology (every arc kept, ends in place, so rings close and borders meet)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from itinerary.format.loader import load_journey
from itinerary.geo.basemap import REGION_MARGIN_DEG, region_box, regional_topology
from itinerary.geo.route import build_route
from itinerary.model import LatLon
from itinerary.views.assets import VENDOR_DIR, VENDOR_FILES
from itinerary.views.mapview import journey_bounds
from tests.conftest import REAL_JOURNEY

SCALE = (0.001, 0.001)  # a grid of 0.001° (about 100 m)
ORIGIN = (-180.0, -90.0)


def grid(lat: float, lon: float) -> tuple[int, int]:
    return round((lon - ORIGIN[0]) / SCALE[0]), round((lat - ORIGIN[1]) / SCALE[1])


def encoded(points: list[tuple[float, float]]) -> list[list[int]]:
    """(lat, lon) points as a delta-encoded quantized arc."""
    out, last = [], (0, 0)
    for lat, lon in points:
        x, y = grid(lat, lon)
        out.append([x - last[0], y - last[1]])
        last = (x, y)
    return out


def decoded(arc: list[list[int]]) -> list[tuple[int, int]]:
    x = y = 0
    points = []
    for dx, dy in arc:
        x, y = x + dx, y + dy
        points.append((x, y))
    return points


def wiggle(lat: float, lon: float, count: int, amplitude: float) -> list[tuple[float, float]]:
    """A line eastwards with a small zigzag (amplitude in degrees of latitude)."""
    return [(lat + (amplitude if i % 2 else 0.0), lon + i * 0.01) for i in range(count)]


def topology(arcs: list[list[list[int]]]) -> dict[str, Any]:
    return {
        "type": "Topology",
        "transform": {"scale": list(SCALE), "translate": list(ORIGIN)},
        "bbox": [-180, -90, 180, 90],
        "arcs": arcs,
        "objects": {
            "land": {"type": "GeometryCollection", "geometries": [
                {"type": "MultiLineString", "arcs": [[0], [1]], "id": "7",
                 "properties": {"name": "Somewhere"}},
            ]},
        },
    }  # fmt: skip


SOUTH_WEST, NORTH_EAST = LatLon(40.0, 130.0), LatLon(45.0, 135.0)
# 0.002° (about 200 m) of zigzag: under a 5 km tolerance, far above the grid's rounding.
NEAR = encoded(wiggle(42.0, 131.0, 200, 0.002))
FAR = encoded(wiggle(-30.0, 20.0, 200, 0.002))


def test_arcs_near_the_journey_stay_whole_and_far_ones_are_thinned() -> None:
    source = topology([NEAR, FAR])
    thinned = regional_topology(source, SOUTH_WEST, NORTH_EAST)
    near, far = thinned["arcs"]
    assert near == NEAR
    assert 2 <= len(far) < len(FAR) / 10
    before, after = decoded(FAR), decoded(far)
    assert (after[0], after[-1]) == (before[0], before[-1])  # its ends: shared with neighbours
    assert set(after) <= set(before)  # kept vertices, on the same grid cells
    assert source["arcs"] == [NEAR, FAR]  # the input is left as it was


def test_an_arc_whose_line_crosses_the_region_stays_whole() -> None:
    # West of the region, then a long segment across it, then east of it: no vertex inside,
    # yet the line is drawn across the journey's part of the map.
    crossing = encoded([*wiggle(42.0, 100.0, 100, 0.002), *wiggle(42.0, 160.0, 100, 0.002)])
    thinned = regional_topology(topology([crossing, FAR]), SOUTH_WEST, NORTH_EAST)
    assert thinned["arcs"][0] == crossing


def test_geometries_keep_only_what_the_map_draws() -> None:
    thinned = regional_topology(topology([NEAR, FAR]), SOUTH_WEST, NORTH_EAST)
    (geometry,) = thinned["objects"]["land"]["geometries"]
    assert geometry == {"type": "MultiLineString", "arcs": [[0], [1]]}
    assert (thinned["transform"], thinned["bbox"]) == (
        {"scale": list(SCALE), "translate": list(ORIGIN)},
        [-180, -90, 180, 90],
    )


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        ({"type": "FeatureCollection", "features": []}, "GeoJSON, not TopoJSON"),
        ({"type": "Topology", "arcs": [], "objects": {}}, "not quantized: no transform"),
    ],
    ids=["geojson", "unquantized"],
)
def test_only_a_quantized_topology_is_accepted(document: dict[str, Any], reason: str) -> None:
    with pytest.raises(ValueError, match="expected a quantized TopoJSON topology"):
        regional_topology(document, SOUTH_WEST, NORTH_EAST)


@pytest.mark.parametrize(
    ("south_west", "north_east", "box"),
    [
        (LatLon(40, 130), LatLon(45, 135), (30, 120, 55, 145)),
        (LatLon(-85, -175), LatLon(85, 175), (-90, -180, 90, 180)),  # clamped to the world
    ],
    ids=["grown by the margin", "clamped at the poles and the antimeridian"],
)
def test_the_region_is_the_bounds_grown_by_the_margin(
    south_west: LatLon, north_east: LatLon, box: tuple[float, ...]
) -> None:
    assert region_box(south_west, north_east, REGION_MARGIN_DEG) == box


def test_the_real_basemap_for_the_real_journey() -> None:
    entry = next(entry for entry in VENDOR_FILES if entry.name == "countries")
    text = (VENDOR_DIR / entry.dest).read_text(encoding="utf-8")
    world = json.loads(text)
    journey = load_journey(REAL_JOURNEY)
    south_west, north_east = journey_bounds(journey, build_route(journey))
    thinned = regional_topology(world, south_west, north_east)
    assert len(thinned["arcs"]) == len(world["arcs"])
    ends = [(points[0], points[-1]) for points in map(decoded, world["arcs"])]
    assert [(points[0], points[-1]) for points in map(decoded, thinned["arcs"])] == ends
    # Every arc that comes near the journey is byte for byte the original.
    south, west, north, east = region_box(south_west, north_east, REGION_MARGIN_DEG)
    scale, origin = world["transform"]["scale"], world["transform"]["translate"]
    near = 0
    for original, kept in zip(world["arcs"], thinned["arcs"], strict=True):
        lons = [origin[0] + x * scale[0] for x, _ in decoded(original)]
        lats = [origin[1] + y * scale[1] for _, y in decoded(original)]
        if max(lats) >= south and min(lats) <= north and max(lons) >= west and min(lons) <= east:
            near += 1
            assert kept == original
    assert near > 0
    assert len(json.dumps(thinned, separators=(",", ":"))) < len(text) / 2
