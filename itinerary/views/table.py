"""The itinerary table, a page at a time.

A browser table of ten thousand rows is megabytes resent on every rerun and unreadable
anyway: tables show PAGE_SIZE rows and a page picker, and the exports carry every row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import pyarrow as pa

from itinerary.geo.route import RouteSummary
from itinerary.model import CONFIDENCE_LABELS, Stop
from itinerary.topics import TOPIC_BY_KEY
from itinerary.views.text import leg_summary, short_date, stop_number

PAGE_SIZE: Final = 250


@dataclass(frozen=True, slots=True)
class Page:
    """Rows [start, stop) of `total`, page `number` (from 1) of `count`."""

    number: int
    count: int
    start: int
    stop: int
    total: int

    @property
    def caption(self) -> str:
        if self.count <= 1:
            return ""
        return f"rows {self.start + 1:,}–{self.stop:,} of {self.total:,}"


def page_of(total: int, number: int, size: int = PAGE_SIZE) -> Page:
    """The page to show; a number out of range (the rows shrank) is clamped, never an error."""
    if size < 1:
        raise ValueError(f"page size must be at least 1, instead got {size!r}")
    count = max(1, -(-total // size))
    number = min(max(1, number), count)
    start = (number - 1) * size
    return Page(number, count, start, min(total, start + size), total)


def table_heading(shown: int, total: int) -> str:
    """Above the table: how many stops the filters let through (Markdown)."""
    return f"**{shown:,} of {total:,} stops** · select a row to see it"


def page_holding(index: int, size: int = PAGE_SIZE) -> int:
    """The page number (from 1) that shows row `index`."""
    return index // size + 1


def stop_rows(stops: Sequence[Stop], route: RouteSummary) -> list[dict[str, object]]:
    """One row per stop, as the itinerary table shows it."""
    return [
        {
            "#": stop_number(stop),
            "Date": short_date(stop),
            "Stop": stop.name,
            "Site": stop.site,
            "Country": stop.country,
            "Topics": ", ".join(TOPIC_BY_KEY[t].label for t in stop.topics),
            "People": ", ".join(stop.people),
            "From previous": leg_summary(route.leg_into(stop.id)) or "",
            "Confidence": CONFIDENCE_LABELS[stop.confidence],
            "Source": stop.sources[0].url,
        }
        for stop in stops
    ]


def as_arrow(rows: Sequence[dict[str, object]]) -> pa.Table:
    """Rows as an Arrow table: what st.dataframe sends, without the pandas metadata a
    DataFrame adds (a quarter of the table's bytes on every rerun)."""
    return pa.Table.from_pylist(list(rows))


def selected_rows(event: object) -> list[int]:
    """Row numbers from st.dataframe's selection state (an object, or a dict in tests)."""
    selection = getattr(event, "selection", None)
    if selection is None and isinstance(event, dict):
        selection = event.get("selection")
    rows = selection.get("rows", []) if isinstance(selection, dict) else []
    return [row for row in rows if isinstance(row, int)]


def picked_row(event: object, page: Page, ids: Sequence[str]) -> str | None:
    """The stop a table event picked: the first selected row of the page shown."""
    rows = selected_rows(event)
    index = page.start + rows[0] if rows else len(ids)
    return ids[index] if index < len(ids) else None
