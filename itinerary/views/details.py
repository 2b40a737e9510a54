"""The details beside the map: the stop picker (its label and the stops it offers) and
what it shows of the chosen stop."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from itinerary.geo.route import RouteSummary
from itinerary.model import Stop
from itinerary.views.text import leg_summary, stop_details_markdown, stop_heading_markdown

CHOICE_LIMIT: Final = 500


def choice_window(ids: Sequence[str], selected: str | None, limit: int = CHOICE_LIMIT) -> list[str]:
    """At most `limit` ids for a drop-down, centred on the selected one.

    A drop-down of ten thousand stops is half a megabyte per rerun and unusable; the map,
    the table and the timeline reach the rest.
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, instead got {limit!r}")
    if len(ids) <= limit:
        return list(ids)
    index = ids.index(selected) if selected in ids else 0
    start = min(max(0, index - limit // 2), len(ids) - limit)
    return list(ids[start : start + limit])


@dataclass(frozen=True, slots=True)
class StopPicker:
    label: str
    options: list[str]
    note: str | None  # set when the list holds only the stops around the selection


def stop_picker(visible_ids: Sequence[str], selected: str | None, playing: bool) -> StopPicker:
    """The picker over the visible stops: it narrates while playback runs."""
    options = choice_window(visible_ids, selected)
    note = None
    if len(options) < len(visible_ids):
        note = f"The list holds the {len(options):,} stops around the selection."
    return StopPicker("Narrative: stop" if playing else "Stop details", options, note)


def stop_details(stop: Stop, route: RouteSummary) -> tuple[str, str]:
    """The chosen stop's heading and its details, with the leg that led there (Markdown)."""
    return stop_heading_markdown(stop), stop_details_markdown(
        stop, leg_summary(route.leg_into(stop.id))
    )
