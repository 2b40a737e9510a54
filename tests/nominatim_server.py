"""A tiny Nominatim-compatible HTTP server for tests, scripted per query.

It answers ``GET /search?q=...&format=json`` the way Nominatim does (a JSON list
of places with string ``lat``/``lon`` and a ``display_name``) from a table of
known places, and can be told to misbehave for a given query: an HTTP status,
a Retry-After header, a malformed body, a slow answer. Every request is
recorded with its query, User-Agent and arrival time read from an injectable
time source, so a test driving the client with a fake clock sees fake times.

It listens on 127.0.0.1 with an OS-chosen port: nothing leaves the machine.
"""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Reply:
    """One scripted answer. ``body=None`` means: answer from the place table."""

    status: int = 200
    body: bytes | None = None
    headers: tuple[tuple[str, str], ...] = ()
    delay_s: float = 0.0


@dataclass(frozen=True)
class Seen:
    """One request as the server received it."""

    query: str
    user_agent: str | None
    at: float
    path: str


NOT_FOUND = Reply(body=b"[]")


def rate_limited(retry_after: str | None = None) -> Reply:
    headers = (("Retry-After", retry_after),) if retry_after is not None else ()
    return Reply(status=429, body=b'{"error": "Too Many Requests"}', headers=headers)


def server_error(status: int = 500) -> Reply:
    return Reply(status=status, body=b"<html>Internal Server Error</html>")


MALFORMED = Reply(body=b'[{"lat": "43.1", "lon": ')
WRONG_SHAPE = Reply(body=b'[{"lat": "north", "lon": "east", "display_name": "Nowhere"}]')


class NominatimServer:
    """Start with :meth:`running`; read :attr:`requests` afterwards."""

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self.places: dict[str, tuple[float, float, str]] = {}
        self._scripts: defaultdict[str, deque[Reply]] = defaultdict(deque)
        self._now = now
        self._lock = threading.Lock()
        self._requests: list[Seen] = []
        # Set on shutdown so that slow replies stop waiting at once.
        self.stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None

    def add_place(self, query: str, lat: float, lon: float, name: str) -> None:
        self.places[query] = (lat, lon, name)

    def script(self, query: str, *replies: Reply) -> None:
        """Answer the next requests for ``query`` with ``replies``, then normally."""
        self._scripts[query].extend(replies)

    @property
    def requests(self) -> list[Seen]:
        with self._lock:
            return list(self._requests)

    @property
    def queries(self) -> list[str]:
        return [seen.query for seen in self.requests]

    @property
    def url(self) -> str:
        assert self._httpd is not None
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def _record_and_choose(self, seen: Seen) -> Reply:
        with self._lock:
            self._requests.append(seen)
            script = self._scripts[seen.query]
            if script:
                return script.popleft()
        if seen.query in self.places:
            lat, lon, name = self.places[seen.query]
            place = {"place_id": 1, "lat": str(lat), "lon": str(lon), "display_name": name}
            return Reply(body=json.dumps([place], ensure_ascii=False).encode("utf-8"))
        return NOT_FOUND

    @contextmanager
    def running(self) -> Iterator[NominatimServer]:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = parse_qs(parts.query).get("q", [""])[0]
                seen = Seen(query, self.headers.get("User-Agent"), owner._now(), parts.path)
                reply = owner._record_and_choose(seen)
                if parts.path != "/search":
                    reply = Reply(status=404, body=b"not found")
                if reply.delay_s:
                    owner.stopping.wait(reply.delay_s)
                body = reply.body if reply.body is not None else b"[]"
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    for name, value in reply.headers:
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test): nothing to tell it

            def log_message(self, format: str, *args: object) -> None:
                pass  # keep test output clean

        httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd = httpd
        thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
        thread.start()
        try:
            yield self
        finally:
            self.stopping.set()
            httpd.shutdown()
            httpd.server_close()  # joins the request threads
            thread.join()
