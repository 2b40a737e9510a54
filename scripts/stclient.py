"""A Streamlit client without a browser: the websocket protocol the frontend speaks.

The capacity measurement (scripts/capacity.py) drives many sessions from one process with
this, so no browser eats the CPU being measured. It does what the frontend does for the
server's part of the work:

- connects to ``/_stcore/stream`` with the ``streamlit`` subprotocol and asks for a run
  (``BackMsg.rerun_script``) with the page's query string and context;
- keeps the element tree the server sends (``ForwardMsg.delta``), drops what a finished run
  did not send again, and finds widgets by the user key in their element id, so nothing here
  knows the app's layout;
- keeps the message cache the frontend keeps: big elements are sent once and then by
  reference (``ref_hash``) while the client lists their hashes in each rerun request; entries
  expire after ``max_cached_message_age`` finished runs, as in the frontend;
- sends every widget value it has set (cumulatively) with each rerun;
- speaks to ``st.components.v2`` components as their JavaScript does: a state change
  (``setStateValue``) sends the component's whole state as one JSON object, and the data the
  server gave the component (what its JavaScript draws from) can be read back.

What it does not do: fetch the page's static files (HTML, JavaScript, the journey's map data,
component iframes), which the browser caches and a CDN or nginx can serve; run components, so
st_folium never reports a value back (in a browser it may ask for one more run after its first
draw); send heartbeats.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Callable, Coroutine, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Final, TypeVar

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

STREAM_PATH: Final = "/_stcore/stream"
SUBPROTOCOL: Final = "streamlit"
DEFAULT_MAX_CACHED_AGE: Final = 2  # the server's global.maxCachedMessageAge default

# Which field of WidgetState carries a widget's value, by element type (streamlit/elements/
# widgets/*.py, `value_type=`). Only the kinds a session's actions may set are listed.
VALUE_FIELDS: Final[dict[str, str]] = {
    "text_input": "string_value",
    "text_area": "string_value",
    "selectbox": "string_value",
    "radio": "string_value",
    "multiselect": "string_array_value",
    "checkbox": "bool_value",
    "button": "trigger_value",
    "bidi_component": "json_value",  # the component's whole state, a JSON object
}

Path = tuple[int, ...]
WidgetValue = str | bool | Sequence[str] | Mapping[str, Any]


T = TypeVar("T")


def run_in_thread(main: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """`asyncio.run(main())` in a thread of its own, so that it also works where the caller is
    inside an event loop (Playwright's sync API in a test, for one)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(main())).result()


class ProtocolError(RuntimeError):
    """The server said something this client cannot follow (or closed the connection)."""


def user_key(element_id: str) -> str | None:
    """The user's ``key=`` from a widget's element id (``$$ID-<hash>-<key>``), if any.

    Mirrors streamlit.runtime.state.common.user_key_from_element_id: "None" means no key.
    """
    if not element_id.startswith("$$ID-"):
        return None
    key = element_id.split("-", maxsplit=2)[-1]
    return None if key == "None" else key


@dataclass(frozen=True)
class Widget:
    """A widget as the server last sent it."""

    path: Path
    kind: str  # the Element oneof: "text_input", "multiselect", ...
    id: str
    key: str
    proto: Any  # the widget's own message (TextInput, MultiSelect, ...)

    @property
    def options(self) -> list[str]:
        """The labels the browser shows (multiselect, selectbox, radio)."""
        return list(getattr(self.proto, "options", ()))

    def data(self) -> Any:
        """What the server gave an ``st.components.v2`` component to draw from (its JSON)."""
        if self.kind != "bidi_component":
            raise ValueError(f"only a component has data, instead got a {self.kind}")
        return json.loads(self.proto.json) if self.proto.json else None

    def shown_value(self) -> WidgetValue | None:
        """The value the page shows before the user touches it.

        A multiselect's value is its labels: the server set `raw_values` (a value from session
        state or a link), else `default` indexes into `options`.
        """
        if self.kind == "multiselect":
            if self.proto.set_value:
                return list(self.proto.raw_values)
            return [self.options[i] for i in self.proto.default]
        if self.kind in ("text_input", "text_area"):
            return str(self.proto.value if self.proto.HasField("value") else self.proto.default)
        return None


def as_widget(path: Path, element: Element) -> Widget | None:
    """The element as a Widget, if it is one with a user key."""
    kind = element.WhichOneof("type")
    if kind is None:
        return None
    proto = getattr(element, kind)
    element_id = getattr(proto, "id", "")
    key = user_key(element_id) if isinstance(element_id, str) else None
    return None if key is None else Widget(path, kind, element_id, key, proto)


def widget_state(widget_id: str, kind: str, value: WidgetValue) -> WidgetState:
    """The WidgetState the frontend sends for this kind of widget holding `value`."""
    field_name = VALUE_FIELDS.get(kind)
    if field_name is None:
        raise ValueError(f"no known value field for a {kind!r} widget, instead got {value!r}")
    state = WidgetState(id=widget_id)
    if field_name == "json_value":
        if not isinstance(value, Mapping):
            raise ValueError(f"a {kind} takes its state as a mapping, instead got {value!r}")
        state.json_value = json.dumps(value)
    elif isinstance(value, Mapping):
        raise ValueError(f"a {kind} takes no mapping, instead got {value!r}")
    elif field_name == "string_array_value":
        if isinstance(value, str | bool):
            raise ValueError(f"a {kind} takes a list of labels, instead got {value!r}")
        state.string_array_value.data.extend(value)
    elif field_name == "string_value":
        if not isinstance(value, str):
            raise ValueError(f"a {kind} takes a string, instead got {value!r}")
        state.string_value = value
    else:
        if not isinstance(value, bool):
            raise ValueError(f"a {kind} takes True or False, instead got {value!r}")
        setattr(state, field_name, value)
    return state


def state_value(state: WidgetState) -> WidgetValue | None:
    """The value a WidgetState carries (the inverse of `widget_state`)."""
    field_name = state.WhichOneof("value")
    if field_name == "string_array_value":
        return list(state.string_array_value.data)
    if field_name == "json_value":
        loaded: dict[str, Any] = json.loads(state.json_value)
        return loaded
    if field_name in ("string_value", "bool_value", "trigger_value"):
        value: str | bool = getattr(state, field_name)
        return value
    return None


@dataclass
class _Cached:
    msg: ForwardMsg
    last_used: int  # the run count when last sent or referenced


class MessageCache:
    """The frontend's ForwardMsg cache: cacheable messages by hash, expired by age."""

    def __init__(self) -> None:
        self._entries: dict[str, _Cached] = {}
        self._runs = 0

    def hashes(self) -> list[str]:
        return list(self._entries)

    def resolve(self, msg: ForwardMsg) -> ForwardMsg:
        """The full message for a reference (with the reference's metadata); else `msg`."""
        if msg.WhichOneof("type") == "ref_hash":
            entry = self._entries.get(msg.ref_hash)
            if entry is None:
                raise ProtocolError(f"reference to a message never cached: {msg.ref_hash!r}")
            entry.last_used = self._runs
            full = ForwardMsg()
            full.CopyFrom(entry.msg)
            full.metadata.CopyFrom(msg.metadata)
            return full
        if msg.metadata.cacheable and msg.hash:
            self._entries[msg.hash] = _Cached(msg, self._runs)
        return msg

    def finished_run(self, max_age: int) -> None:
        """A script run finished: entries unused for more than `max_age` runs expire."""
        self._runs += 1
        self._entries = {
            key: entry
            for key, entry in self._entries.items()
            if self._runs - entry.last_used <= max_age
        }


@dataclass
class ElementTree:
    """What the page shows: elements and blocks by delta path, from the latest runs."""

    elements: dict[Path, Element] = field(default_factory=dict)
    blocks: set[Path] = field(default_factory=set)
    _touched: set[Path] = field(default_factory=set)

    def start_run(self) -> None:
        self._touched = set()

    def apply(self, msg: ForwardMsg) -> None:
        """Apply one (resolved) delta message."""
        path: Path = tuple(msg.metadata.delta_path)
        kind = msg.delta.WhichOneof("type")
        if kind == "new_element":
            element = Element()
            element.CopyFrom(msg.delta.new_element)
            self.elements[path] = element
            self.blocks.discard(path)
        elif kind == "add_block":
            self.blocks.add(path)
            self.elements.pop(path, None)
        else:
            return  # transients (spinners), added rows: not part of what a check reads
        self._touched.add(path)

    def finish_run(self) -> None:
        """Like the frontend: what this run did not send (or hold a parent of) is gone."""

        def kept(path: Path) -> bool:
            return path in self._touched

        self.elements = {p: e for p, e in self.elements.items() if kept(p)}
        self.blocks = {p for p in self.blocks if kept(p)}

    def __iter__(self) -> Iterator[tuple[Path, Element]]:
        return iter(sorted(self.elements.items()))

    def widgets(self) -> Iterator[Widget]:
        for path, element in self:
            widget = as_widget(path, element)
            if widget is not None:
                yield widget

    def markdown(self) -> Iterator[str]:
        for _, element in self:
            if element.WhichOneof("type") == "markdown":
                yield element.markdown.body


@dataclass(frozen=True)
class Run:
    """One script run as the client saw it."""

    sent_at: float  # perf_counter when the request left
    finished_at: float  # perf_counter when script_finished arrived
    status: str  # the ScriptFinishedStatus name
    received: int  # bytes received for this run
    messages: int
    exceptions: tuple[str, ...]  # st.exception / error elements the run showed

    @property
    def seconds(self) -> float:
        return self.finished_at - self.sent_at


@dataclass
class Session:
    """One browser tab's worth of protocol, on one websocket.

    Use as ``async with Session(url) as s: await s.open(); ...``.
    """

    base_url: str  # http://host:port (the page address the frontend would be on)
    query_string: str = ""
    timeout_s: float = 60.0
    tree: ElementTree = field(default_factory=ElementTree)
    cache: MessageCache = field(default_factory=MessageCache)
    session_id: str = ""
    page_script_hash: str = ""
    max_cached_age: int = DEFAULT_MAX_CACHED_AGE
    widget_values: dict[str, WidgetState] = field(default_factory=dict)
    _ws: Any = None
    _reader: asyncio.Task[None] | None = None
    _finished: asyncio.Queue[tuple[float, str, int, int, tuple[str, ...]]] | None = None
    _received: int = 0
    _messages: int = 0
    _exceptions: list[str] = field(default_factory=list)
    _shown: dict[str, WidgetValue] = field(default_factory=dict)

    async def __aenter__(self) -> Session:
        ws_url = self.base_url.replace("http", "ws", 1).rstrip("/") + STREAM_PATH
        self._ws = await websockets.connect(
            ws_url,
            subprotocols=[websockets.Subprotocol(SUBPROTOCOL)],
            max_size=None,  # the server has its own limit (server.maxMessageSize)
            compression=None,  # like the server default: no permessage-deflate cost
            open_timeout=self.timeout_s,
            ping_interval=None,
        )
        self._finished = asyncio.Queue()
        self._reader = asyncio.create_task(self._read())
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, ProtocolError):
                await self._reader
        if self._ws is not None:
            await self._ws.close()

    async def _read(self) -> None:
        assert self._ws is not None and self._finished is not None  # noqa: S101 (set on enter)
        try:
            async for data in self._ws:
                if not isinstance(data, bytes):
                    raise ProtocolError(f"a text frame from the server: {data[:80]!r}")
                self._handle(data)
        except websockets.ConnectionClosed as closed:
            self._finished.put_nowait((time.perf_counter(), f"closed: {closed}", 0, 0, ()))
            return
        self._finished.put_nowait((time.perf_counter(), "closed", 0, 0, ()))

    def _handle(self, data: bytes) -> None:
        assert self._finished is not None  # noqa: S101
        msg = ForwardMsg()
        msg.ParseFromString(data)
        self._received += len(data)
        self._messages += 1
        msg = self.cache.resolve(msg)
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            new = msg.new_session
            if new.HasField("initialize"):
                self.session_id = new.initialize.session_id
            self.page_script_hash = new.page_script_hash
            if new.HasField("config") and new.config.max_cached_message_age:
                self.max_cached_age = new.config.max_cached_message_age
            self.tree.start_run()
        elif kind == "delta":
            self.tree.apply(msg)
            if msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                if element.WhichOneof("type") == "exception":
                    self._exceptions.append(element.exception.message)
                widget = as_widget(tuple(msg.metadata.delta_path), element)
                if widget is not None:
                    self._remember(widget)
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "script_finished":
            status = ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)
            if status == "FINISHED_SUCCESSFULLY":
                self.tree.finish_run()
            if status != "FINISHED_EARLY_FOR_RERUN":
                self.cache.finished_run(self.max_cached_age)
            self._finished.put_nowait(
                (
                    time.perf_counter(),
                    status,
                    self._received,
                    self._messages,
                    tuple(self._exceptions),
                )
            )
            self._received, self._messages, self._exceptions = 0, 0, []

    def _request(self) -> BackMsg:
        back = BackMsg()
        state = back.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_script_hash
        state.widget_states.widgets.extend(self.widget_values.values())
        state.cached_message_hashes.extend(self.cache.hashes())
        context = state.context_info
        context.timezone, context.timezone_offset, context.locale = "UTC", 0, "en-US"
        context.url = f"{self.base_url.rstrip('/')}/" + (
            f"?{self.query_string}" if self.query_string else ""
        )
        context.is_embedded, context.color_scheme = False, "light"
        return back

    async def rerun(self) -> Run:
        """Ask for a run with the current widget values; wait until it has finished."""
        assert self._ws is not None and self._finished is not None  # noqa: S101
        while not self._finished.empty():  # a run nobody waited for (none expected)
            self._finished.get_nowait()
        self._received, self._messages, self._exceptions = 0, 0, []
        sent_at = time.perf_counter()
        await self._ws.send(self._request().SerializeToString())
        while True:
            try:
                at, status, received, messages, errors = await asyncio.wait_for(
                    self._finished.get(), self.timeout_s
                )
            except TimeoutError as error:
                raise ProtocolError(f"no script_finished within {self.timeout_s:.0f} s") from error
            if status.startswith("closed"):
                raise ProtocolError(f"the server closed the connection ({status})")
            if status != "FINISHED_EARLY_FOR_RERUN":
                return Run(sent_at, at, status, received, messages, errors)

    async def open(self) -> Run:
        """The page's first run (what a browser asks for once the websocket is up)."""
        return await self.rerun()

    def widget(self, key_prefix: str) -> Widget:
        """The one widget whose user key starts with `key_prefix` (e.g. ``"q@"``)."""
        found = [w for w in self.tree.widgets() if w.key.startswith(key_prefix)]
        if len(found) != 1:
            keys = sorted(w.key for w in self.tree.widgets())
            raise ProtocolError(
                f"expected one widget keyed {key_prefix!r}…, instead found {len(found)}; "
                f"keys on the page: {keys}"
            )
        return found[0]

    def _remember(self, widget: Widget) -> None:
        """Like the frontend's widget manager: a widget's value is what it first showed, or
        what the user set, until the server sets one (a link, a reset: `set_value`)."""
        set_by_server = bool(getattr(widget.proto, "set_value", False))
        if widget.id in self._shown and not set_by_server:
            return
        value = widget.shown_value()
        if value is None:
            return
        self._shown[widget.id] = value
        if set_by_server and widget.id in self.widget_values:
            self.widget_values[widget.id] = widget_state(widget.id, widget.kind, value)

    def value(self, widget: Widget) -> WidgetValue | None:
        """What the widget holds now, as the page would show it."""
        state = self.widget_values.get(widget.id)
        if state is not None:
            return state_value(state)
        return self._shown.get(widget.id, widget.shown_value())

    async def set_widget(self, widget: Widget, value: WidgetValue) -> Run:
        """Set a widget as the user would (typing + Enter, picking labels); the rerun."""
        self.widget_values[widget.id] = widget_state(widget.id, widget.kind, value)
        return await self.rerun()

    async def set_state(self, component: Widget, key: str, value: object) -> Run:
        """A component's ``setStateValue(key, value)``: its whole state, with `key` set,
        goes to the server (and with every later rerun); the rerun."""
        current = self.value(component)
        state = dict(current) if isinstance(current, Mapping) else {}
        return await self.set_widget(component, {**state, key: value})
