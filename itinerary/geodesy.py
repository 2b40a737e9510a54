"""Fast WGS84 geodesic lengths of polylines, vectorised with numpy.

geopy's ``geodesic`` (Karney's algorithm, via geographiclib) is the reference,
but it costs ~40 µs a segment from Python: 100,000 segments take seconds.
Here every segment of every path is solved at once with Vincenty's inverse
method on the same ellipsoid. Vincenty iterates, so the iteration runs on whole
arrays and only the segments still moving stay in the loop; for route segments
(metres to a few hundred kilometres) it converges in 2-4 rounds.

Accuracy: Vincenty's series are truncated at order ``u**8``, which leaves a
relative error of order 1e-12 in each segment; the stable form of ``sin σ``
below keeps rounding at ~1e-16 of the coordinates. ``tests/test_geodesy.py``
checks agreement with geopy to 1e-9 relative per path. Near-antipodal pairs,
where Vincenty converges slowly or not at all, are handed to geographiclib.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np
from geographiclib.geodesic import Geodesic
from numpy.typing import ArrayLike, NDArray

from itinerary.model import LatLon

FloatArray = NDArray[np.float64]

WGS84_A: Final = 6_378_137.0
WGS84_F: Final = 1 / 298.257223563
WGS84_B: Final = WGS84_A * (1 - WGS84_F)
# Second eccentricity squared, for Vincenty's u**2.
_EP2: Final = (WGS84_A**2 - WGS84_B**2) / WGS84_B**2
# Relative change of λ between rounds. The iteration gains a factor ~f (1/300) a round, so
# stopping here leaves ~1e-16 of λ; an absolute bound (the usual 1e-12 rad, ~6 µm) would be
# a large error on a 10 cm segment.
_CONVERGED: Final = 1e-13
_MAX_ROUNDS: Final = 60
# Beyond this, points are close to antipodal and Vincenty may not converge.
_NEAR_ANTIPODAL_RAD: Final = np.pi * 0.9


def inverse_m(lat1: ArrayLike, lon1: ArrayLike, lat2: ArrayLike, lon2: ArrayLike) -> FloatArray:
    """Geodesic distance in metres between point pairs (degrees), element by element."""
    phi1 = np.radians(np.asarray(lat1, dtype=np.float64))
    phi2 = np.radians(np.asarray(lat2, dtype=np.float64))
    lon_a = np.asarray(lon1, dtype=np.float64)
    lon_b = np.asarray(lon2, dtype=np.float64)
    phi1, phi2, lon_a, lon_b = np.broadcast_arrays(phi1, phi2, lon_a, lon_b)
    # Longitude difference in (-180, 180], computed in degrees so 179 -> -179 is 2°, exactly.
    big_l = np.radians(np.remainder(lon_b - lon_a + 180.0, 360.0) - 180.0)
    # Reduced latitudes via atan2: stays finite at the poles, where tan() would not.
    u1 = np.arctan2((1 - WGS84_F) * np.sin(phi1), np.cos(phi1))
    u2 = np.arctan2((1 - WGS84_F) * np.sin(phi2), np.cos(phi2))
    sin_u1, cos_u1, sin_u2, cos_u2 = np.sin(u1), np.cos(u1), np.sin(u2), np.cos(u2)
    # sin(U2 - U1) exactly, not as a difference of two nearly equal products.
    sin_du = np.sin(u2 - u1)

    lam = big_l.copy()
    active = np.ones(lam.shape, dtype=bool)
    out = np.zeros(lam.shape, dtype=np.float64)
    todo = np.flatnonzero(active)
    for _ in range(_MAX_ROUNDS):
        if todo.size == 0:
            break
        lam_t = lam.flat[todo]
        s1, c1, s2, c2 = sin_u1.flat[todo], cos_u1.flat[todo], sin_u2.flat[todo], cos_u2.flat[todo]
        sin_lam, cos_lam = np.sin(lam_t), np.cos(lam_t)
        half = np.sin(lam_t / 2)
        # cosU1 sinU2 - sinU1 cosU2 cosλ, rewritten without cancellation for short lines.
        north = sin_du.flat[todo] + 2 * s1 * c2 * half * half
        east = c2 * sin_lam
        sin_sigma = np.hypot(east, north)
        cos_sigma = s1 * s2 + c1 * c2 * cos_lam
        sigma = np.arctan2(sin_sigma, cos_sigma)
        with np.errstate(divide="ignore", invalid="ignore"):
            sin_alpha = np.where(sin_sigma > 0, c1 * c2 * sin_lam / sin_sigma, 0.0)
            cos2_alpha = 1 - sin_alpha * sin_alpha
            # On the equator cos²α = 0 and the term is defined as 0.
            cos_2sm = np.where(cos2_alpha > 0, cos_sigma - 2 * s1 * s2 / cos2_alpha, 0.0)
        c = WGS84_F / 16 * cos2_alpha * (4 + WGS84_F * (4 - 3 * cos2_alpha))
        lam_next = big_l.flat[todo] + (1 - c) * WGS84_F * sin_alpha * (
            sigma + c * sin_sigma * (cos_2sm + c * cos_sigma * (-1 + 2 * cos_2sm * cos_2sm))
        )
        done = np.abs(lam_next - lam_t) <= _CONVERGED * np.abs(lam_next)
        lam.flat[todo] = lam_next
        finished = todo[done]
        if finished.size:
            out.flat[finished] = _vincenty_length(
                cos2_alpha[done], sigma[done], sin_sigma[done], cos_sigma[done], cos_2sm[done]
            )
        todo = todo[~done]
    # What did not converge (or wandered past π, the antipodal regime) goes to Karney.
    unsure = np.zeros(lam.shape, dtype=bool)
    unsure.flat[todo] = True
    unsure |= np.abs(big_l) > _NEAR_ANTIPODAL_RAD
    for flat in np.flatnonzero(unsure):
        out.flat[flat] = Geodesic.WGS84.Inverse(
            float(np.degrees(phi1.flat[flat])),
            float(lon_a.flat[flat]),
            float(np.degrees(phi2.flat[flat])),
            float(lon_b.flat[flat]),
            Geodesic.DISTANCE,
        )["s12"]
    return out


def _vincenty_length(
    cos2_alpha: FloatArray,
    sigma: FloatArray,
    sin_sigma: FloatArray,
    cos_sigma: FloatArray,
    cos_2sm: FloatArray,
) -> FloatArray:
    u2 = cos2_alpha * _EP2
    a = 1 + u2 / 16384 * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)))
    b = u2 / 1024 * (256 + u2 * (-128 + u2 * (74 - 47 * u2)))
    delta_sigma = (
        b
        * sin_sigma
        * (
            cos_2sm
            + b
            / 4
            * (
                cos_sigma * (-1 + 2 * cos_2sm * cos_2sm)
                - b / 6 * cos_2sm * (-3 + 4 * sin_sigma * sin_sigma) * (-3 + 4 * cos_2sm * cos_2sm)
            )
        )
    )
    result: FloatArray = WGS84_B * a * (sigma - delta_sigma)
    return result


def path_lengths_m(paths: Sequence[Sequence[LatLon]]) -> FloatArray:
    """Geodesic length in metres of each polyline, all solved in one vectorised pass."""
    sizes = np.fromiter((len(path) for path in paths), dtype=np.intp, count=len(paths))
    lengths = np.zeros(len(paths), dtype=np.float64)
    total = int(sizes.sum())
    if total == 0:
        return lengths
    coords = np.fromiter(
        (value for path in paths for point in path for value in point),
        dtype=np.float64,
        count=2 * total,
    ).reshape(total, 2)
    segments = inverse_m(coords[:-1, 0], coords[:-1, 1], coords[1:, 0], coords[1:, 1])
    # Segment k joins vertex k to k+1: it belongs to vertex k's path, unless that is the
    # path's last vertex (then it bridges two paths and counts for none).
    owner = np.repeat(np.arange(len(paths)), sizes)[:-1]
    last = (np.cumsum(sizes) - 1)[sizes > 0]
    inside = np.ones(total - 1, dtype=bool)
    inside[last[last < total - 1]] = False
    # bincount adds each path's segments in order: the same sum as a plain loop.
    sums = np.bincount(owner[inside], weights=segments[inside], minlength=len(paths))
    return np.asarray(sums, dtype=np.float64)


def path_length_m(points: Sequence[LatLon]) -> float:
    """Geodesic length of one polyline in metres."""
    return float(path_lengths_m((points,))[0])
