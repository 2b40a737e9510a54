"""The journey over time: a chart of stops and legs, and stops per day by topic.

The chart is a plain Vega-Lite dict, not an Altair object: Altair validates its spec
against the JSON schema row by row on every rerun, which took most of a rerun's time
(seconds at a thousand stops). The dict is the same spec Altair produced, built directly.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final, Literal

from itinerary.model import Journey
from itinerary.route import RouteSummary
from itinerary.text import format_duration, format_km, format_stop_when
from itinerary.topics import TOPICS, Topic

SELECTION_NAME: Final = "pick"
POINTS_VIEW: Final = "stop_points"
# Above this many stops one point per stop is unreadable and slow to send: the chart
# becomes stops per day (week, month) by main topic, counted here rather than in the browser.
POINT_LIMIT: Final = 500
VEGA_LITE_SCHEMA: Final = "https://vega.github.io/schema/vega-lite/v6.json"
ROW_ORDER: Final = ["Stops", "Rail legs", "Road legs"]


def vega_shape(topic: Topic) -> str:
    """The marker silhouette as a Vega symbol: CSS polygon percentages -> SVG path in [-1, 1]."""
    if topic.shape == "circle":
        return "circle"
    pairs = re.findall(r"([\d.]+)% ([\d.]+)%", topic.shape)
    corners = [f"{float(x) / 50 - 1:g},{float(y) / 50 - 1:g}" for x, y in pairs]
    return "M" + "L".join(corners) + "Z"


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def stop_rows(
    journey: Journey, visible_ids: Collection[str], selected_id: str | None
) -> list[dict[str, Any]]:
    return [
        {
            "id": stop.id,
            "seq": stop.seq,
            "name": stop.name,
            "when": format_stop_when(stop),
            "at": _utc(stop.start),
            "day": stop.start.date().isoformat(),
            "topic": stop.topics[0],
            "topics": ", ".join(stop.topics),
            "selected": stop.id == selected_id,
            "row": "Stops",
        }
        for stop in journey.stops
        if stop.id in visible_ids
    ]


def leg_rows(route: RouteSummary) -> list[dict[str, Any]]:
    rows = []
    for leg in route.legs:
        departed = leg.origin.end or leg.origin.start
        rows.append(
            {
                "leg": leg.label,
                "from": _utc(departed),
                "to": _utc(leg.destination.start),
                "km": format_km(leg.km),
                "duration": format_duration(leg.duration),
                "row": "Rail legs" if leg.mode == "rail" else "Road legs",
                "mode": leg.mode,
            }
        )
    return rows


Period = Literal["day", "week", "month"]
# Vega-Lite time units whose bands match the periods (its weeks start on Sunday).
_TIME_UNITS: Final[dict[str, str]] = {"day": "utcyearmonthdate", "week": "utcyearweek",
                                      "month": "utcyearmonth"}  # fmt: skip


def summary_period(journey: Journey) -> Period:
    """Days for a few months of travel, weeks up to three years, months beyond:
    a bar a few pixels wide at least, and a few thousand rows at most."""
    span = (journey.stops[-1].start.date() - journey.stops[0].start.date()).days
    if span <= 120:
        return "day"
    return "week" if span <= 3 * 366 else "month"


def period_start(day: date, period: Period) -> date:
    if period == "week":
        return day - timedelta(days=(day.weekday() + 1) % 7)  # the Sunday before
    if period == "month":
        return day.replace(day=1)
    return day


def period_rows(
    journey: Journey, visible_ids: Collection[str], period: Period = "day"
) -> list[dict[str, Any]]:
    """Visible stops counted per period (by local date) and main topic, in date then
    vocabulary order; each row is dated by its period's first day."""
    counts = Counter(
        (period_start(stop.start.date(), period).isoformat(), stop.topics[0])
        for stop in journey.stops
        if stop.id in visible_ids
    )
    order = {topic.key: index for index, topic in enumerate(TOPICS)}
    return [
        {"day": day, "topic": topic, "stops": count}
        for (day, topic), count in sorted(counts.items(), key=lambda i: (i[0][0], order[i[0][1]]))
    ]


def is_selectable(journey: Journey) -> bool:
    """Whether the timeline has one point per stop (and so can select a stop)."""
    return len(journey.stops) <= POINT_LIMIT


def _topic_scale(values: list[str]) -> dict[str, Any]:
    return {"domain": [t.key for t in TOPICS], "range": values}


def _colour(legend: bool) -> dict[str, Any]:
    colour: dict[str, Any] = {
        "field": "topic",
        "type": "nominal",
        "scale": _topic_scale([t.colour for t in TOPICS]),
    }
    if legend:
        colour["title"] = "Main topic"
    else:
        colour["legend"] = None
    return colour


_TIME_AXIS: Final[dict[str, Any]] = {
    "field": "at",
    "type": "temporal",
    "title": "Date and time (UTC)",
    "scale": {"type": "utc"},
    "axis": {"format": "%d %b", "labelAngle": 0},
}
_ROWS: Final[dict[str, Any]] = {"field": "row", "type": "nominal", "title": None, "sort": ROW_ORDER}


def _stop_timeline(
    journey: Journey, route: RouteSummary, visible_ids: Collection[str], selected_id: str | None
) -> dict[str, Any]:
    bars = {
        "data": {"values": leg_rows(route)},
        "mark": {"type": "bar", "height": 10, "cornerRadius": 2},
        "encoding": {
            "x": {"field": "from", "type": "temporal", "scale": {"type": "utc"},
                  "title": "Date and time (UTC)"},
            "x2": {"field": "to"},
            "y": _ROWS,
            # A fixed colour, not a scale: a second colour scale would repaint the stops.
            "color": {"condition": {"test": "datum.mode == 'rail'", "value": "#b3001b"},
                      "value": "#777777"},
            "tooltip": [{"field": f, "type": "nominal"} for f in ("leg", "km", "duration")],
        },
    }  # fmt: skip
    points = {
        "name": POINTS_VIEW,
        "mark": {"type": "point", "filled": True, "opacity": 0.95, "stroke": "#222"},
        "encoding": {
            "x": _TIME_AXIS,
            "y": _ROWS,
            "color": _colour(legend=True),
            "shape": {"field": "topic", "type": "nominal", "title": "Main topic",
                      "scale": _topic_scale([vega_shape(t) for t in TOPICS])},
            "size": {"condition": {"test": "datum.selected", "value": 420}, "value": 170},
            "strokeWidth": {"condition": {"test": "datum.selected", "value": 3}, "value": 0.5},
            "tooltip": [
                {"field": "seq", "type": "quantitative"},
                {"field": "name", "type": "nominal"},
                {"field": "when", "type": "nominal"},
                {"field": "topics", "type": "nominal"},
            ],
        },
    }  # fmt: skip
    numbers = {
        "mark": {"type": "text", "dy": -16, "fontSize": 11, "fontWeight": "bold"},
        "encoding": {"x": _TIME_AXIS, "y": _ROWS, "text": {"field": "seq", "type": "quantitative"}},
    }
    per_day = {
        "title": "Stops per day (by main topic)",
        "height": 120,
        "mark": {"type": "bar"},
        "encoding": {
            "x": {"field": "day", "type": "ordinal", "title": "Local date"},
            "y": {"aggregate": "count", "type": "quantitative", "title": "Stops",
                  "axis": {"tickMinStep": 1}},
            "color": _colour(legend=False),
            "tooltip": [{"field": "day", "type": "ordinal"}, {"field": "topic", "type": "nominal"},
                        {"aggregate": "count", "type": "quantitative"}],
        },
    }  # fmt: skip
    return {
        "$schema": VEGA_LITE_SCHEMA,
        # The stops once, shared by the points, their numbers and the per-day bars.
        "data": {"values": stop_rows(journey, visible_ids, selected_id)},
        "vconcat": [
            {
                "title": "Timeline: click a stop to select it",
                "height": 150,
                "layer": [bars, points, numbers],
            },
            per_day,
        ],
        "params": [
            {
                "name": SELECTION_NAME,
                "select": {"type": "point", "fields": ["id"], "on": "click"},
                "views": [POINTS_VIEW],
            }
        ],
        "resolve": {"scale": {"color": "shared"}},
    }


def _period_summary(journey: Journey, visible_ids: Collection[str]) -> dict[str, Any]:
    shown = sum(1 for stop in journey.stops if stop.id in visible_ids)
    period = summary_period(journey)
    unit = _TIME_UNITS[period]
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "data": {"values": period_rows(journey, visible_ids, period)},
        "title": {
            "text": f"Stops per {period} (by main topic)",
            "subtitle": f"{shown:,} stops: too many to plot one by one. "
            "Pick a stop in the table or on the map.",
        },
        "height": 180,
        "mark": {"type": "bar"},
        "encoding": {
            "x": {"field": "day", "type": "temporal", "timeUnit": unit,
                  "title": f"{period.capitalize()} (local dates)",
                  "axis": {"format": "%d %b %Y", "labelAngle": 0}},
            "y": {"field": "stops", "type": "quantitative", "aggregate": "sum",
                  "title": "Stops", "axis": {"tickMinStep": 1}},
            "color": _colour(legend=True),
            "tooltip": [
                {"field": "day", "type": "temporal", "timeUnit": unit,
                 "title": f"{period.capitalize()} from", "format": "%d %b %Y"},
                {"field": "topic", "type": "nominal", "title": "Main topic"},
                {"field": "stops", "type": "quantitative", "aggregate": "sum", "title": "Stops"},
            ],
        },
    }  # fmt: skip


def timeline_chart(
    journey: Journey,
    route: RouteSummary,
    visible_ids: Collection[str],
    selected_id: str | None,
) -> dict[str, Any]:
    """A Vega-Lite spec: stops as topic-shaped points over time with legs as bars
    (click a stop to select it), or stops per day, week or month above POINT_LIMIT stops."""
    visible = visible_ids if isinstance(visible_ids, set | frozenset) else set(visible_ids)
    if is_selectable(journey):
        return _stop_timeline(journey, route, visible, selected_id)
    return _period_summary(journey, visible)


def picked_stop(event: object) -> str | None:
    """The stop id a chart click selected, from st.vega_lite_chart's selection event."""
    selection = getattr(event, "selection", None)
    if selection is None and isinstance(event, dict):
        selection = event.get("selection")
    if not selection:
        return None
    picked = selection.get(SELECTION_NAME) if isinstance(selection, dict) else None
    if isinstance(picked, list) and picked and isinstance(picked[0], dict):
        value = picked[0].get("id")
        return value if isinstance(value, str) else None
    return None
