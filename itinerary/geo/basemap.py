"""A lighter copy of the offline basemap for pages that carry it inline.

The Natural Earth 1:50m countries (world-atlas, 740 kB of TopoJSON) are three quarters of a
standalone page. A reader looks at the journey's part of the world: there every vertex
stays; elsewhere the arcs are thinned to ``tolerance_m`` on the ground (Douglas–Peucker,
:mod:`itinerary.geo.simplify`), which is about a pixel at the zoom a journey opens at.

Arcs are thinned, never cut or dropped: each keeps its two ends, so rings still close,
neighbouring countries still share their border, and land and borders (drawn from the
same arcs) still meet. Geometries keep their arcs only: the map draws land and borders,
never a country's name or id.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from itinerary.geo.simplify import simplify_lines
from itinerary.model import LatLon

# Around the journey's bounds, this far in every direction, nothing is thinned.
REGION_MARGIN_DEG: Final = 10.0
# Elsewhere: ~1 px at zoom 5 (4.9 km a pixel at the equator, less further north).
OUTSIDE_TOLERANCE_M: Final = 5000.0

Box = tuple[float, float, float, float]  # south, west, north, east (degrees)


def region_box(south_west: LatLon, north_east: LatLon, margin_deg: float) -> Box:
    """The bounds grown by ``margin_deg``, clamped to the world."""
    return (
        max(-90.0, south_west.lat - margin_deg),
        max(-180.0, south_west.lon - margin_deg),
        min(90.0, north_east.lat + margin_deg),
        min(180.0, north_east.lon + margin_deg),
    )


def _decode(arc: Sequence[Sequence[int]]) -> list[tuple[int, int]]:
    x = y = 0
    points = []
    for dx, dy in arc:
        x += dx
        y += dy
        points.append((x, y))
    return points


def _encode(points: Sequence[tuple[int, int]]) -> list[list[int]]:
    out = []
    px = py = 0
    for x, y in points:
        out.append([x - px, y - py])
        px, py = x, y
    return out


def _touches(points: Sequence[LatLon], box: Box) -> bool:
    south, west, north, east = box
    lats = [p.lat for p in points]
    lons = [p.lon for p in points]
    return not (max(lats) < south or min(lats) > north or max(lons) < west or min(lons) > east)


def _bare(geometry: Mapping[str, Any]) -> dict[str, Any]:
    kept = {key: value for key, value in geometry.items() if key not in ("id", "properties")}
    if "geometries" in kept:
        kept["geometries"] = [_bare(child) for child in kept["geometries"]]
    return kept


def regional_topology(
    topology: Mapping[str, Any],
    south_west: LatLon,
    north_east: LatLon,
    *,
    margin_deg: float = REGION_MARGIN_DEG,
    tolerance_m: float = OUTSIDE_TOLERANCE_M,
) -> dict[str, Any]:
    """A copy of a quantized TopoJSON topology: every arc that comes within the region
    (the bounds grown by ``margin_deg``) whole, every other arc thinned to ``tolerance_m``."""
    transform = topology.get("transform")
    if topology.get("type") != "Topology" or not isinstance(transform, Mapping):
        raise ValueError(
            "expected a quantized TopoJSON topology (type Topology, with a transform), "
            f"instead got type {topology.get('type')!r}"
        )
    (scale_x, scale_y), (origin_x, origin_y) = transform["scale"], transform["translate"]
    box = region_box(south_west, north_east, margin_deg)
    grids = [_decode(arc) for arc in topology["arcs"]]
    lines = [[LatLon(origin_y + y * scale_y, origin_x + x * scale_x) for x, y in g] for g in grids]
    far = [index for index, line in enumerate(lines) if not _touches(line, box)]
    thinned = simplify_lines([lines[index] for index in far], tolerance_m)
    arcs = list(topology["arcs"])
    for index, line in zip(far, thinned, strict=True):
        if len(line) < len(grids[index]):
            # Kept vertices are the originals: back to the same grid cells exactly.
            arcs[index] = _encode(
                [
                    (round((p.lon - origin_x) / scale_x), round((p.lat - origin_y) / scale_y))
                    for p in line
                ]
            )
    objects = {name: _bare(value) for name, value in topology["objects"].items()}
    return {**topology, "objects": objects, "arcs": arcs}
