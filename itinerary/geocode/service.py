"""The geocoding service: where it is, and one lookup as one HTTP request.

geopy's real Nominatim client over urllib (:func:`nominatim_geocoder`), behind a
small seam (:data:`GeocoderFactory`) so tests can hand in their own. An answer is
checked before it is used: a name, and coordinates the file format accepts. A
service that cannot be reached at all (no network, no such host, nothing listening)
is a :class:`~itinerary.errors.GeocoderUnreachableError` at once: retrying, with
backoff, is for services that answer "try later".
"""

from __future__ import annotations

import errno
import inspect
import socket
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final
from urllib.error import URLError
from urllib.parse import urlsplit

from geopy.adapters import URLLibAdapter
from geopy.exc import ConfigurationError, GeocoderParseError, GeopyError
from geopy.geocoders import Nominatim
from geopy.geocoders import options as geopy_options
from pydantic import TypeAdapter
from pydantic import ValidationError as SchemaError

from itinerary.errors import GeocoderUnreachableError, GeocodingError, shorten
from itinerary.format.limits import MAX_LONG_TEXT
from itinerary.format.schema import Latitude, Longitude

# Nominatim returns 7 decimals (about 1 cm); more would be noise in diffs.
DECIMALS: Final = 7
_LATITUDE: Final = TypeAdapter(Latitude)
_LONGITUDE: Final = TypeAdapter(Longitude)
# Socket errors that mean nothing answered at all (as opposed to a service that failed).
_UNREACHABLE: Final = frozenset(
    (errno.ECONNREFUSED, errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN, errno.EHOSTDOWN)
)


@dataclass(frozen=True, slots=True)
class ServiceURL:
    """A Nominatim-compatible service, split the way geopy wants it."""

    scheme: str
    domain: str  # host[:port][/path], no trailing slash

    @property
    def base(self) -> str:
        return f"{self.scheme}://{self.domain}"

    @property
    def label(self) -> str:
        """What ``location.geocoder`` records."""
        return f"nominatim ({self.base})"


def default_service_url() -> str:
    """The public Nominatim, as geopy itself defines it (scheme and domain)."""
    domain = inspect.signature(Nominatim).parameters["domain"].default
    return f"{geopy_options.default_scheme}://{domain}"


def parse_service_url(url: str) -> ServiceURL:
    """Split ``--nominatim-url`` into scheme and domain; GeocodingError if unusable."""
    parts = urlsplit(url.strip())
    problem = None
    if parts.scheme.lower() not in ("http", "https"):
        problem = "must start with http:// or https://"
    elif not parts.hostname:
        problem = "has no host name"
    elif parts.query or parts.fragment or parts.username or parts.password:
        problem = "must be a plain base address (no query, fragment or credentials)"
    elif any(char.isspace() for char in url.strip()):
        problem = "must not contain spaces"
    else:
        try:
            parts.port  # noqa: B018 - raises ValueError on a bad port
        except ValueError:
            problem = "has an invalid port"
    if problem:
        raise GeocodingError(f"--nominatim-url {problem}; instead got {url!r}")
    return ServiceURL(parts.scheme.lower(), parts.netloc + parts.path.rstrip("/"))


@dataclass(frozen=True, slots=True)
class Place:
    """One answer from the geocoder."""

    lat: float
    lon: float
    name: str


@dataclass(frozen=True, slots=True)
class GeocoderConfig:
    user_agent: str
    service: ServiceURL
    timeout_s: float


# One call is one HTTP request: returns the best match or None, raises geopy's errors.
Geocoder = Callable[[str], Place | None]
GeocoderFactory = Callable[[GeocoderConfig], Geocoder]


def nominatim_geocoder(config: GeocoderConfig) -> Geocoder:
    """geopy's Nominatim over urllib: unlike the requests adapter, it never retries by
    itself, so one call is exactly one request and the retry policy here is the only one."""
    try:
        client = Nominatim(
            user_agent=config.user_agent,
            domain=config.service.domain,
            scheme=config.service.scheme,
            timeout=config.timeout_s,
            adapter_factory=URLLibAdapter,
        )
    except ConfigurationError as error:
        raise GeocodingError(f"geopy refuses this configuration: {error}") from None

    def geocode(query: str) -> Place | None:
        try:
            answer = client.geocode(query, exactly_one=True, timeout=config.timeout_s)
        except GeopyError as error:
            reason = unreachable(error)
            if reason is not None:
                raise GeocoderUnreachableError(
                    f"cannot reach {config.service.base} ({reason}): is the network up, "
                    "and is --nominatim-url right?"
                ) from None
            raise
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            # geopy parses the JSON's fields without checking them (float("north")).
            raise GeocoderParseError(f"unusable answer ({error})") from None
        if answer is None:
            return None
        return checked_place(answer.latitude, answer.longitude, answer.address)

    return geocode


def unreachable(error: BaseException) -> str | None:
    """Why nothing answered, if that is what ``error`` (or what it wraps) says; else None.

    geopy raises its own errors from inside ``except`` blocks, so the socket's error is
    found in the chain of contexts.
    """
    seen: BaseException | None = error
    for _ in range(8):  # a short chain; never loop on a cycle
        if seen is None:
            return None
        cause = seen.reason if isinstance(seen, URLError) else seen
        if isinstance(cause, socket.gaierror):
            return f"the host name does not resolve: {cause.strerror or cause}"
        if isinstance(cause, OSError) and cause.errno in _UNREACHABLE:
            return cause.strerror or str(cause)
        seen = seen.__cause__ or seen.__context__
    return None


def checked_place(lat: object, lon: object, name: object) -> Place:
    """An answer as the data file will hold it; GeocoderParseError if it cannot be one."""
    if not isinstance(name, str) or not name.strip():
        raise GeocoderParseError(f"no display_name: instead got {name!r}")
    # Whitespace collapsed (a data file field is one line), within the format's limit.
    flat = shorten(" ".join(name.split()), MAX_LONG_TEXT, "…")
    return Place(_coordinate("latitude", _LATITUDE, lat), _coordinate("longitude", _LONGITUDE, lon),
                 flat)  # fmt: skip


def _coordinate(label: str, adapter: TypeAdapter[float], value: object) -> float:
    try:
        return round(adapter.validate_python(value), DECIMALS)
    except SchemaError:
        raise GeocoderParseError(f"unusable {label}: instead got {value!r}") from None
