"""Itinerary map engine: load, validate, measure, filter, map and export journeys."""

from itinerary.errors import (
    DataFileError,
    ExportError,
    GeocodingError,
    ItineraryError,
    Problem,
    ValidationError,
)
from itinerary.format.loader import load_journey, parse_journey
from itinerary.geo.route import RouteSummary, build_route
from itinerary.model import Journey, LatLon, Stop

__all__ = [
    "DataFileError",
    "ExportError",
    "GeocodingError",
    "ItineraryError",
    "Journey",
    "LatLon",
    "Problem",
    "RouteSummary",
    "Stop",
    "ValidationError",
    "build_route",
    "load_journey",
    "parse_journey",
]
