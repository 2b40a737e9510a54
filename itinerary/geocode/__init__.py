"""Geocoding: give stops coordinates from Nominatim, politely and traceably.

* ``service``: where the service is, and one lookup as one HTTP request (geopy);
* ``polite``: one request a second, retries with backoff, when to give up;
* ``cache``: every answer kept, so a place is asked for once;
* ``stops``: the data file as geocoding sees it (stops may lack a location);
* ``run``: the run itself, and what it writes. The command line is in itinerary.cli.

The names below are the subpackage's public interface.
"""

from itinerary.geocode.cache import (
    CACHE_FORMAT,
    CACHE_NAME,
    CacheEntry,
    GeocodeCache,
    normalise_query,
)
from itinerary.geocode.polite import Clock, RetryPolicy
from itinerary.geocode.run import (
    DEFAULT_THRESHOLD_KM,
    DEFAULT_TIMEOUT_S,
    EXIT_USAGE,
    GeocodeOptions,
    run,
)
from itinerary.geocode.service import (
    Geocoder,
    GeocoderConfig,
    Place,
    ServiceURL,
    default_service_url,
    nominatim_geocoder,
    parse_service_url,
)
from itinerary.geocode.stops import StopInfo, read_stops

__all__ = [
    "CACHE_FORMAT",
    "CACHE_NAME",
    "DEFAULT_THRESHOLD_KM",
    "DEFAULT_TIMEOUT_S",
    "EXIT_USAGE",
    "CacheEntry",
    "Clock",
    "GeocodeCache",
    "GeocodeOptions",
    "Geocoder",
    "GeocoderConfig",
    "Place",
    "RetryPolicy",
    "ServiceURL",
    "StopInfo",
    "default_service_url",
    "nominatim_geocoder",
    "normalise_query",
    "parse_service_url",
    "read_stops",
    "run",
]
