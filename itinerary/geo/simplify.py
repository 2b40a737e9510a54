"""Display copies of route geometry with fewer vertices and a guaranteed error bound.

Douglas–Peucker, run where the line is drawn: Leaflet draws each segment as a
straight line in Web Mercator (EPSG:3857, a sphere of radius 6,378,137 m), so
that is where the chords are measured.

**The bound.** Every vertex that is dropped lies within ``tolerance_m`` metres on
the ground (WGS84) of the chord that replaced it, as Leaflet draws that chord,
and so within ``tolerance_m`` of the simplified polyline. The first and last
vertex are always kept, and the result is a subsequence of the input (the kept
points are the original objects, not recomputed ones).

Why it holds: for a Mercator displacement ``(dx, dy)`` at geodetic latitude φ
the ground length is ``cos φ / a * sqrt(N² dx² + M² dy²)``, and ``M ≤ N`` on the
ellipsoid, so one Mercator metre is at most ``k(φ) = cos φ / sqrt(1 - e² sin² φ)``
ground metres. The straight Mercator path from a vertex to its nearest point on
the chord (length ``d``) stays within ``d`` of the vertex's Mercator ``y``, and
``k`` only grows towards the equator, so its ground length is at most
``d * k(φ')`` with φ' the latitude of ``|y| - d``. A vertex is dropped only when
that product is ≤ ``tolerance_m``; the geodesic to the chord is no longer than
that path. ``tests/test_simplify.py`` checks it with geographiclib. (Beyond ±85.05°
latitude, outside Web Mercator, points are clamped as Leaflet clamps them.)

Cost: the recursion runs breadth-first on whole numpy arrays, every open range
of every line in one pass per level: O(n log n) for route-like lines (the
classic O(n²) worst case needs a line whose farthest point is always at an end
of its range, like a tight spiral).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np
from numpy.typing import NDArray

from itinerary.geo.geodesy import WGS84_A, WGS84_F
from itinerary.model import LatLon

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.intp]

_E2: Final = WGS84_F * (2 - WGS84_F)
# Web Mercator clips latitudes here; so does Leaflet.
_MAX_LAT: Final = 85.0511287798


def simplify_line(points: Sequence[LatLon], tolerance_m: float) -> tuple[LatLon, ...]:
    """The polyline with every vertex dropped that lies within ``tolerance_m`` of the result."""
    return simplify_lines((points,), tolerance_m)[0]


def simplify_lines(
    lines: Sequence[Sequence[LatLon]], tolerance_m: float
) -> tuple[tuple[LatLon, ...], ...]:
    """:func:`simplify_line` for many lines at once: one numpy pass, not one per line.

    Each line is simplified on its own (its ends stay); the bound is the same.
    """
    if not tolerance_m >= 0 or not np.isfinite(tolerance_m):
        raise ValueError(f"tolerance_m must be a finite number ≥ 0, not {tolerance_m!r}")
    sizes = np.fromiter((len(line) for line in lines), dtype=np.intp, count=len(lines))
    total = int(sizes.sum())
    if total == 0 or bool((sizes <= 2).all()):
        return tuple(tuple(line) for line in lines)
    coords = np.fromiter(
        (value for line in lines for point in line for value in point),
        dtype=np.float64,
        count=2 * total,
    ).reshape(total, 2)
    keep = _keep_mask(coords, sizes, float(tolerance_m))
    result: list[tuple[LatLon, ...]] = []
    start = 0
    for line, size in zip(lines, sizes.tolist(), strict=True):
        kept = np.flatnonzero(keep[start : start + size]).tolist()
        result.append(tuple(line[i] for i in kept) if len(kept) < size else tuple(line))
        start += size
    return tuple(result)


def _mercator(coords: FloatArray) -> tuple[FloatArray, FloatArray]:
    lat = np.radians(np.clip(coords[:, 0], -_MAX_LAT, _MAX_LAT))
    x = WGS84_A * np.radians(coords[:, 1])
    y = WGS84_A * np.arctanh(np.sin(lat))  # = a ln tan(π/4 + φ/2), stable near 0
    return x, y


def _ground_per_mercator_metre(abs_y: FloatArray) -> FloatArray:
    """k(φ) = cos φ / sqrt(1 - e² sin² φ): the most ground metres one Mercator metre can be."""
    sin_lat = np.tanh(abs_y / WGS84_A)  # inverse of y = a artanh(sin φ)
    cos_lat = np.sqrt(1 - sin_lat * sin_lat)
    result: FloatArray = cos_lat / np.sqrt(1 - _E2 * sin_lat * sin_lat)
    return result


def _keep_mask(coords: FloatArray, sizes: IndexArray, tolerance_m: float) -> NDArray[np.bool_]:
    x, y = _mercator(coords)
    ends = np.cumsum(sizes)
    starts = ends - sizes
    keep = np.zeros(coords.shape[0], dtype=bool)
    nonempty = sizes > 0
    keep[starts[nonempty]] = True
    keep[ends[nonempty] - 1] = True
    lo, hi = starts[sizes > 2], ends[sizes > 2] - 1
    while lo.size:
        interior = hi - lo - 1
        # Every interior index of every open range, and which range it belongs to.
        owner = np.repeat(np.arange(lo.size), interior)
        offsets = np.cumsum(interior) - interior
        index = lo[owner] + 1 + (np.arange(owner.size) - offsets[owner])
        deviation = _deviation_m(x, y, index, lo[owner], hi[owner])
        worst = np.maximum.reduceat(deviation, offsets)
        split = worst > tolerance_m
        if not split.any():
            break
        # The first index in each range where the worst deviation occurs.
        at_worst = np.flatnonzero(deviation == worst[owner])
        first = at_worst[np.unique(owner[at_worst], return_index=True)[1]]
        middle = index[first][split]
        keep[middle] = True
        lo, hi = np.concatenate((lo[split], middle)), np.concatenate((middle, hi[split]))
        wide = hi - lo > 1
        lo, hi = lo[wide], hi[wide]
    return keep


def _deviation_m(
    x: FloatArray, y: FloatArray, index: IndexArray, a: IndexArray, b: IndexArray
) -> FloatArray:
    """An upper bound on the ground distance from each vertex to its range's drawn chord."""
    # Relative to the chord's start: Mercator coordinates are ~1e7 m, chords much shorter.
    chord_x, chord_y = x[b] - x[a], y[b] - y[a]
    px, py = x[index] - x[a], y[index] - y[a]
    length2 = chord_x * chord_x + chord_y * chord_y
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(length2 > 0, (px * chord_x + py * chord_y) / length2, 0.0)
    t = np.clip(t, 0.0, 1.0)
    mercator_m = np.hypot(px - t * chord_x, py - t * chord_y)
    nearest_abs_y = np.maximum(np.abs(y[index]) - mercator_m, 0.0)
    result: FloatArray = mercator_m * _ground_per_mercator_metre(nearest_abs_y)
    return result
