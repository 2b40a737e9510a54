"""The topic filter beside the map: what it shows, and what it may send back.

The filter is a small browser component (``itinerary/views/js/topic-filter.mjs``) that
applies a reader's change to the map at once and then reports it to the app. This
module builds the data it is given and checks the value it returns, which comes
from the browser and is therefore untrusted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from itinerary.filtering import StopFilter, TopicMatch, summarise_topics
from itinerary.model import Stop
from itinerary.topics import TOPIC_BY_KEY

MAP_FRAME: Final = 'iframe[title="streamlit_folium.st_folium"]'


@dataclass(frozen=True, slots=True)
class TopicChoice:
    """The reader's topics: ``epoch`` counts resets, ``rev`` the changes made in the page."""

    topics: frozenset[str]
    match: TopicMatch = "any"
    epoch: int = 0
    rev: int = 0

    @property
    def order(self) -> tuple[int, int]:
        return (self.epoch, self.rev)


def take_value(choice: TopicChoice, value: object, available: Sequence[str]) -> TopicChoice:
    """The component's value, if it is newer than ``choice`` and well formed; else ``choice``.

    Unknown topics are dropped (a file edited since, or a forged message): the filter
    only ever holds topics the journey uses.
    """
    if not isinstance(value, Mapping):
        return choice
    topics, match, rev = value.get("topics"), value.get("match"), value.get("rev")
    if not isinstance(topics, list) or match not in ("any", "all"):
        return choice
    if not isinstance(rev, int) or isinstance(rev, bool) or rev <= choice.rev:
        return choice
    kept = frozenset(topic for topic in topics if isinstance(topic, str) and topic in available)
    return TopicChoice(kept, "all" if match == "all" else "any", choice.epoch, rev)


def panel_data(
    stops: Sequence[Stop],
    available: Sequence[str],
    companions: Mapping[str, Sequence[str]],
    stop_filter: StopFilter,
    choice: TopicChoice,
    *,
    other_filters: Sequence[str],
    ready: bool,
) -> dict[str, Any]:
    """What the component draws. Counts are of the stops the other filters let through."""
    rest = [stop_filter.accepts_rest(stop) for stop in stops]
    counts = dict.fromkeys(available, 0)
    for stop, passes in zip(stops, rest, strict=True):
        if passes:
            for topic in stop.topics:
                counts[topic] = counts.get(topic, 0) + 1
    visible = [
        passes and stop_filter.accepts_topics(stop)
        for stop, passes in zip(stops, rest, strict=True)
    ]
    summary = summarise_topics(stops, visible, stop_filter)
    return {
        "topics": [
            {
                "key": key,
                "label": TOPIC_BY_KEY[key].label,
                "colour": TOPIC_BY_KEY[key].colour,
                "shape": TOPIC_BY_KEY[key].shape,
                "count": counts[key],
                # Topics every stop of this one also has: why unticking it may hide nothing.
                "companions": list(companions.get(key, ())),
            }
            for key in available
        ],
        "selected": [key for key in available if key in choice.topics],
        "match": choice.match,
        "order": list(choice.order),
        "summary": {"shown": summary.shown, "total": summary.total, "stayed": summary.stayed},
        "filtersNote": other_filters_note(other_filters),
        "ready": ready,
        "frame": MAP_FRAME,
    }


def other_filters_note(active: Sequence[str]) -> str:
    """'Also filtered by dates and search.' names the filters set outside the panel."""
    if not active:
        return ""
    names = list(active)
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"Also filtered by {joined} (More filters)."
