"""Politeness: at most one request a second, retries with backoff, and when to give up.

Nominatim's usage policy is enforced here, not left to the caller: requests are
spaced at least one second apart *including retries*, measured on an injectable
:class:`Clock` so tests are exact and instant.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, Protocol

from geopy.exc import (
    GeocoderAuthenticationFailure,
    GeocoderInsufficientPrivileges,
    GeocoderParseError,
    GeocoderQueryError,
    GeocoderQuotaExceeded,
    GeocoderRateLimited,
    GeocoderServiceError,
    GeocoderTimedOut,
)

from itinerary.errors import GeocoderQuotaError, GeocodingError, shorten
from itinerary.geocode.service import Geocoder, Place


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard to try one place. Worst case per place: 4 requests, 2+4+8 s of backoff."""

    min_interval_s: float = 1.0  # between any two requests, retries included
    max_attempts: int = 4  # one request and up to three retries
    first_backoff_s: float = 2.0  # doubled after each failed attempt
    max_wait_s: float = 60.0  # longest single wait, Retry-After included


class Clock(Protocol):
    """Time as rate limiting sees it. ``sleep(s)`` must advance ``monotonic()`` by >= s."""

    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class RateLimiter:
    """At most one request per interval, measured from the end of the previous one."""

    def __init__(self, clock: Clock, interval_s: float) -> None:
        self._clock = clock
        self._interval_s = interval_s
        self._last_end: float | None = None

    def wait(self) -> None:
        if self._last_end is None:
            return
        while (remaining := self._last_end + self._interval_s - self._clock.monotonic()) > 0:
            self._clock.sleep(remaining)

    def done(self) -> None:
        self._last_end = self._clock.monotonic()


NOTHING_FOUND: Final = "nothing found"


@dataclass(frozen=True, slots=True)
class Unresolved:
    reason: str


class PoliteGeocoder:
    """Wraps a :data:`Geocoder` with the rate limit and the retry policy."""

    def __init__(
        self, geocoder: Geocoder, clock: Clock, policy: RetryPolicy, timeout_s: float
    ) -> None:
        self._geocoder = geocoder
        self._clock = clock
        self._policy = policy
        self._timeout_s = timeout_s
        self._limiter = RateLimiter(clock, policy.min_interval_s)
        self.requests = 0

    def lookup(self, query: str, say: Callable[[str], None]) -> Place | Unresolved:
        """Ask for one place. Raises GeocoderQuotaError / GeocodingError when asking
        further is pointless for every place (refused for too long, or not allowed)."""
        policy = self._policy
        reason = "no attempt made"
        for attempt in range(1, policy.max_attempts + 1):
            backoff = min(policy.first_backoff_s * 2 ** (attempt - 1), policy.max_wait_s)
            self._limiter.wait()
            self.requests += 1
            try:
                place = self._geocoder(query)
            except GeocoderRateLimited as error:
                retry_after = error.retry_after
                if retry_after is not None and retry_after > policy.max_wait_s:
                    raise GeocoderQuotaError(
                        f"the service refused us for {retry_after:g} s (HTTP 429 Retry-After), "
                        f"longer than the {policy.max_wait_s:g} s we wait; stopped asking"
                    ) from None
                reason = "the service asked us to slow down (HTTP 429)"
                if retry_after is not None:
                    backoff = float(retry_after)
            except (GeocoderAuthenticationFailure, GeocoderInsufficientPrivileges) as error:
                raise GeocodingError(
                    f"the service refuses us ({_first_line(error)}); check --user-agent and "
                    "--nominatim-url"
                ) from None
            except GeocoderQuotaExceeded as error:
                raise GeocoderQuotaError(
                    f"the service says our quota is used up ({_first_line(error)}); stopped asking"
                ) from None
            except GeocoderQueryError as error:
                # The same query would be rejected again: no retry.
                return Unresolved(f"the service rejected the query ({_first_line(error)})")
            except GeocoderTimedOut as error:
                # geopy also files HTTP 408, 503 and 504 under "timed out"; say which it was.
                message = _first_line(error)
                if message == "Service timed out":
                    reason = f"timed out: no answer within {self._timeout_s:g} s"
                else:
                    reason = f"service error: {message}"
            except GeocoderParseError as error:
                reason = f"malformed answer: {_first_line(error)}"
            except GeocoderServiceError as error:  # 5xx, connection refused, reset...
                reason = f"service error: {_first_line(error)}"
            else:
                return place if place is not None else Unresolved(NOTHING_FOUND)
            finally:
                self._limiter.done()
            if attempt < policy.max_attempts:
                say(f"{reason}; retrying in {backoff:g} s "
                    f"(attempt {attempt + 1} of {policy.max_attempts})")  # fmt: skip
                self._clock.sleep(backoff)
        return Unresolved(f"{reason}; gave up after {policy.max_attempts} attempts")


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return shorten(" ".join(lines[:2]) if lines else type(error).__name__, 160)
