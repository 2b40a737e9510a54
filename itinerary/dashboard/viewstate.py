"""The view a person is looking at, and its round trip through the page URL.

Deep links carry the journey, the filters, the selected stop and the playback
step. Anything in a link that does not fit the journey (an unknown topic, a
stop that does not exist, a malformed date) is dropped with a note, never an error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Final, TypeVar
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from itinerary.filtering import StopFilter, TopicMatch, topics_in_use
from itinerary.model import CONFIDENCES, Confidence, Journey
from itinerary.topics import TOPIC_KEYS

QUERY_KEYS: Final = ("journey", "topic", "match", "from", "to", "q", "conf", "stop", "step")
MAX_TEXT: Final = 200
_T = TypeVar("_T", bound=str)


@dataclass(frozen=True, slots=True)
class ViewState:
    """None means 'the default' (all topics, the whole date range, every confidence)."""

    journey: str | None = None
    topics: tuple[str, ...] | None = None
    match: TopicMatch = "any"
    first_day: date | None = None
    last_day: date | None = None
    text: str = ""
    confidences: tuple[Confidence, ...] | None = None
    stop: str | None = None
    step: int | None = None

    def stop_filter(self, journey_topics: Sequence[str]) -> StopFilter:
        return StopFilter(
            topics=frozenset(self.topics if self.topics is not None else journey_topics),
            match=self.match,
            first_day=self.first_day,
            last_day=self.last_day,
            text=self.text,
            confidences=frozenset(
                self.confidences if self.confidences is not None else CONFIDENCES
            ),
        )


def to_query(state: ViewState) -> dict[str, str | list[str]]:
    """Only what differs from the default goes into the URL, so links stay short."""
    query: dict[str, str | list[str]] = {}
    if state.journey:
        query["journey"] = state.journey
    if state.topics is not None:
        # An empty list cannot be told apart from "absent" in a URL: spell it out.
        query["topic"] = list(state.topics) if state.topics else ["none"]
    if state.match != "any":
        query["match"] = state.match
    if state.first_day:
        query["from"] = state.first_day.isoformat()
    if state.last_day:
        query["to"] = state.last_day.isoformat()
    if state.text:
        query["q"] = state.text
    if state.confidences is not None:
        query["conf"] = list(state.confidences) if state.confidences else ["none"]
    if state.stop:
        query["stop"] = state.stop
    if state.step is not None:
        query["step"] = str(state.step)
    return query


def share_link(page_url: str, state: ViewState) -> str:
    """The page's address (its own query and fragment dropped) with the view as a query.

    urlencode quotes every value: a search for "Shoigu & Putin #2" stays one value.
    """
    scheme, netloc, path, _, _ = urlsplit(page_url)
    query = urlencode(to_query(state), doseq=True)
    return urlunsplit((scheme, netloc, path if path.endswith("/") else f"{path}/", query, ""))


UPLOAD_NOT_LINKED: Final = (
    "This journey was uploaded: it lives only in this browser session, so the link "
    "cannot bring it back. Share the file itself, or add it to the data folder."
)


def link_caveat(state: ViewState) -> str | None:
    """Why a link to this view would not bring it back, when it would not: an uploaded
    journey has no name the link could carry."""
    return UPLOAD_NOT_LINKED if state.journey is None else None


def parse_link(link: str, journey: Journey | None) -> ParsedLink:
    """The view a share link holds (what from_query makes of its query)."""
    return from_query(parse_qs(urlsplit(link).query, keep_blank_values=True), journey)


@dataclass(frozen=True, slots=True)
class ParsedLink:
    state: ViewState
    notes: tuple[str, ...] = field(default=())


def from_query(params: Mapping[str, Sequence[str]], journey: Journey | None) -> ParsedLink:
    """Read a URL's query parameters (each key to all its values) into a ViewState."""
    notes: list[str] = []

    def one(key: str) -> str | None:
        values = params.get(key) or []
        return values[-1] if values else None

    topics = _choices(
        params.get("topic"),
        TOPIC_KEYS if journey is None else topics_in_use(journey.stops),
        TOPIC_KEYS,
        "topic(s)",
        "all topics",
        notes,
    )

    match: TopicMatch = "any"
    raw_match = one("match")
    if raw_match == "all":
        match = "all"
    elif raw_match not in (None, "any"):
        notes.append(f"match must be 'any' or 'all', instead got {raw_match!r}")

    first_day = _day(one("from"), "from", notes)
    last_day = _day(one("to"), "to", notes)

    confidences = _choices(
        params.get("conf"),
        CONFIDENCES,
        CONFIDENCES,
        "confidence value(s)",
        "every confidence",
        notes,
    )

    stop = one("stop")
    if stop is not None and journey is not None and stop not in {s.id for s in journey.stops}:
        notes.append(f"the link's stop {stop!r} is not in this journey")
        stop = None

    step: int | None = None
    raw_step = one("step")
    if raw_step is not None:
        if raw_step.isdigit() and (journey is None or int(raw_step) < len(journey.stops)):
            step = int(raw_step)
        else:
            notes.append(f"playback step must be a stop number, instead got {raw_step!r}")

    state = ViewState(
        journey=one("journey"),
        topics=topics,
        match=match,
        first_day=first_day,
        last_day=last_day,
        text=(one("q") or "")[:MAX_TEXT],
        confidences=confidences,
        stop=stop,
        step=step,
    )
    return ParsedLink(state, tuple(notes))


def _choices(
    values: Sequence[str] | None,
    known: Sequence[_T],
    vocabulary: Sequence[str],
    what: str,
    default: str,
    notes: list[str],
) -> tuple[_T, ...] | None:
    """The link's choices among `known`, in that order. A value that is not one is dropped
    and named in a note; when none is left the default applies (None), unless the link
    says "none" (an empty choice)."""
    if values is None:
        return None
    chosen = tuple(value for value in known if value in values)
    use_default = not chosen and "none" not in values
    dropped = [value for value in dict.fromkeys(values) if value != "none" and value not in known]
    unknown = [value for value in dropped if value not in vocabulary]
    absent = [value for value in dropped if value in vocabulary]
    then = f"; showing {default}" if use_default else ""
    if unknown:
        notes.append(f"unknown {what} in the link ignored: {', '.join(unknown)}{then}")
    if absent:
        notes.append(f"{what} in the link not in this journey, ignored: {', '.join(absent)}{then}")
    return None if use_default else chosen


def _day(value: str | None, key: str, notes: list[str]) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        notes.append(f"{key} must be a date like 2023-09-12, instead got {value!r}")
        return None


def view_from_filters(
    journey: Journey,
    *,
    key: str | None,
    topics: Sequence[str],
    available: Sequence[str],
    match: TopicMatch,
    days: tuple[date, date],
    text: str,
    confidences: Sequence[str],
    stop: str | None = None,
    step: int | None = None,
) -> ViewState:
    """The view the filter controls ask for, with each default spelled as None (so that
    the URL names only what differs from it)."""
    first, last = journey.days
    chosen = tuple(sorted(topics))
    kept = tuple(c for c in CONFIDENCES if c in confidences)
    return ViewState(
        journey=key,
        topics=None if set(chosen) == set(available) else chosen,
        match=match,
        first_day=days[0] if days[0] != first else None,
        last_day=days[1] if days[1] != last else None,
        text=text.strip(),
        confidences=None if len(kept) == len(CONFIDENCES) else kept,
        stop=stop,
        step=step,
    )


def active_filters(state: ViewState) -> list[str]:
    """The filters other than the topics that narrow the view now, by name."""
    active = []
    if state.first_day or state.last_day:
        active.append("dates")
    if state.text:
        active.append("search")
    if state.confidences is not None:
        active.append("confidence")
    return active


@dataclass(frozen=True, slots=True)
class WidgetValues:
    """What a link puts into the filter controls of a journey (each clamped to it)."""

    topics: frozenset[str] | None  # None: the default, every topic in use
    match: TopicMatch
    days: tuple[date, date]
    text: str
    confidences: tuple[Confidence, ...] | None
    stop: str | None
    step: int | None


def widget_values(state: ViewState, journey: Journey) -> WidgetValues:
    first, last = journey.days
    available = set(topics_in_use(journey.stops))
    topics = None if state.topics is None else frozenset(t for t in state.topics if t in available)
    return WidgetValues(
        topics=topics,
        match=state.match,
        days=(
            max(first, min(last, state.first_day or first)),
            max(first, min(last, state.last_day or last)),
        ),
        text=state.text,
        confidences=state.confidences,
        stop=state.stop,
        step=state.step,
    )
