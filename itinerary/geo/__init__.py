"""Geography: geodesic lengths (pyproj), leg geometry, display simplification."""
