"""The view a person is looking at, and its round trip through the page URL.

Deep links carry the journey, the filters, the selected stop and the playback
step. Anything in a link that does not fit the journey (an unknown topic, a
stop that does not exist, a malformed date) is dropped with a note, never an error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Final

from itinerary.filtering import StopFilter, TopicMatch
from itinerary.model import CONFIDENCES, Confidence, Journey
from itinerary.topics import TOPIC_KEYS

QUERY_KEYS: Final = ("journey", "topic", "match", "from", "to", "q", "conf", "stop", "step")
MAX_TEXT: Final = 200


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

    topics: tuple[str, ...] | None = None
    if "topic" in params:
        wanted = [value for value in params["topic"] if value != "none"]
        unknown = [value for value in wanted if value not in TOPIC_KEYS]
        if unknown:
            notes.append(f"unknown topic(s) in the link ignored: {', '.join(unknown)}")
        topics = tuple(value for value in TOPIC_KEYS if value in wanted)

    match: TopicMatch = "any"
    raw_match = one("match")
    if raw_match == "all":
        match = "all"
    elif raw_match not in (None, "any"):
        notes.append(f"match must be 'any' or 'all', instead got {raw_match!r}")

    first_day = _day(one("from"), "from", notes)
    last_day = _day(one("to"), "to", notes)

    confidences: tuple[Confidence, ...] | None = None
    if "conf" in params:
        wanted_conf = set(params["conf"])
        confidences = tuple(value for value in CONFIDENCES if value in wanted_conf)

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


def _day(value: str | None, key: str, notes: list[str]) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        notes.append(f"{key} must be a date like 2023-09-12, instead got {value!r}")
        return None
