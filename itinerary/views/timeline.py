"""The journey over time: stops and legs on a time axis (click a stop to select it).

Every time is the local time where it happens (the convention of the table, the filters and
the exports), with the UTC offsets named on the axis and in each stop's tooltip. Vega has no
time zones but the reader's and UTC, so a local wall-clock time is written as if it were UTC
and drawn on a "utc" scale: it then shows unchanged in every browser.

The charts are plain Vega-Lite dicts (see itinerary.views.vegalite), one view each, so that each
fits its container: Vega-Lite can only fit single and layered views to a width. The bars of
stops per day (week, month) under it, and in its place for a big journey, are
itinerary.views.periods'.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from datetime import datetime, timedelta
from typing import Any, Final

from itinerary.geo.route import RouteSummary
from itinerary.model import Journey
from itinerary.topics import TOPICS, Topic
from itinerary.views.periods import period_chart
from itinerary.views.text import (
    format_duration,
    format_km,
    format_offset,
    format_stop_when,
    stop_number,
    topic_labels,
)
from itinerary.views.vegalite import (
    FIT_WIDTH,
    SCHEMA,
    main_topic_legend,
    main_topics,
    topic_scale,
)

SELECTION_NAME: Final = "pick"
POINTS_VIEW: Final = "stop_points"
# Above this many stops one point per stop is unreadable and slow to send: the chart
# becomes stops per day (week, month) by main topic, counted here rather than in the browser.
POINT_LIMIT: Final = 500
LEG_TRACKS: Final = ("Rail legs", "Road legs")
# Stop numbers closer in time than 1/LABEL_SLOTS of the axis go to different lanes: a
# phone-wide plot (about 270 px) then still has 16 px per number. Beyond MAX_LANES lanes a
# stop keeps its point (and tooltip) but its number is left out rather than overprinted.
LABEL_SLOTS: Final = 16
MAX_LANES: Final = 6
TRACK_PX: Final = 28


def vega_shape(topic: Topic) -> str:
    """The marker silhouette as a Vega symbol: CSS polygon percentages -> SVG path in [-1, 1]."""
    if topic.shape == "circle":
        return "circle"
    pairs = re.findall(r"([\d.]+)% ([\d.]+)%", topic.shape)
    corners = [f"{float(x) / 50 - 1:g},{float(y) / 50 - 1:g}" for x, y in pairs]
    return "M" + "L".join(corners) + "Z"


def wall_clock(moment: datetime) -> datetime:
    """The local time where `moment` happens, without its offset."""
    return moment.replace(tzinfo=None)


def _at(moment: datetime) -> str:
    return f"{wall_clock(moment):%Y-%m-%dT%H:%M:%S}Z"  # local, marked UTC: see the docstring


def _date_time(local: datetime) -> dict[str, Any]:
    """A Vega-Lite DateTime: the form every layer of a chart reads a time domain the same."""
    return {"year": local.year, "month": local.month, "date": local.day, "hours": local.hour,
            "minutes": local.minute, "utc": True}  # fmt: skip


def time_domain(journey: Journey) -> tuple[datetime, datetime]:
    """The time axis (local wall-clock times): the whole journey, padded, so that it stays put
    while filters hide stops and never depends on an empty dataset's extent."""
    moments = [wall_clock(t) for s in journey.stops for t in (s.start, s.end) if t is not None]
    first, last = min(moments), max(moments)
    pad = max((last - first) * 0.03, timedelta(hours=3))
    return first - pad, last + pad


def label_lanes(
    times: Sequence[datetime], gap: timedelta, lanes: int = MAX_LANES
) -> list[tuple[int, bool]]:
    """(lane, number shown) for each time: the lowest lane whose last number is at least
    `gap` earlier; when none is, the lane that frees first, without a number."""
    never = datetime.min.replace(tzinfo=times[0].tzinfo) if times else datetime.min
    last = [never] * lanes
    placed = [(0, True)] * len(times)
    for index in sorted(range(len(times)), key=times.__getitem__):
        moment = times[index]
        free = [lane for lane in range(lanes) if last[lane] == never or moment - last[lane] >= gap]
        if free:
            placed[index] = (free[0], True)
            last[free[0]] = moment
        else:
            placed[index] = (min(range(lanes), key=last.__getitem__), False)
    return placed


def _lanes(journey: Journey, first: datetime, last: datetime) -> dict[str, tuple[int, bool]]:
    """Lanes for every stop of the journey, so that a stop keeps its place under filters."""
    times = [wall_clock(stop.start) for stop in journey.stops]
    placed = label_lanes(times, (last - first) / LABEL_SLOTS)
    return {stop.id: lane for stop, lane in zip(journey.stops, placed, strict=True)}


def stop_rows(
    journey: Journey, visible_ids: Collection[str], selected_id: str | None
) -> list[dict[str, Any]]:
    return _stop_rows(journey, visible_ids, selected_id, _lanes(journey, *time_domain(journey)))


def _stop_rows(
    journey: Journey,
    visible_ids: Collection[str],
    selected_id: str | None,
    lanes: dict[str, tuple[int, bool]],
) -> list[dict[str, Any]]:
    rows = []
    for stop in journey.stops:
        if stop.id not in visible_ids:
            continue
        lane, numbered = lanes[stop.id]
        rows.append(
            {
                "id": stop.id,
                "seq": stop_number(stop),
                "label": str(stop_number(stop)) if numbered else "",
                "name": stop.name,
                "when": format_stop_when(stop),
                "offset": format_offset(stop.start),
                "at": _at(stop.start),
                "day": stop.start.date().isoformat(),
                "topic": stop.topics[0],
                "topics": topic_labels(stop),
                "selected": stop.id == selected_id,
                "track": f"stops-{lane}",
            }
        )
    return rows


def leg_rows(route: RouteSummary) -> list[dict[str, Any]]:
    rows = []
    for leg in route.legs:
        departed = leg.origin.end or leg.origin.start
        rows.append(
            {
                "leg": leg.label,
                "from": _at(departed),
                "to": _at(leg.destination.start),
                "km": format_km(leg.km),
                "duration": format_duration(leg.duration),
                "track": LEG_TRACKS[0] if leg.mode == "rail" else LEG_TRACKS[1],
                "mode": leg.mode,
            }
        )
    return rows


def is_selectable(journey: Journey) -> bool:
    """Whether the timeline has one point per stop (and so can select a stop)."""
    return len(journey.stops) <= POINT_LIMIT


# A label for every tick that says what it is: a date at midnight, else the time of day
# (with the date on the first tick), so that ticks a few hours apart never repeat a date.
_TIME_LABEL: Final = (
    "utchours(datum.value) == 0 && utcminutes(datum.value) == 0"
    " ? utcFormat(datum.value, '%-d %b')"
    " : datum.index == 0 ? utcFormat(datum.value, '%-d %b %H:%M')"
    " : utcFormat(datum.value, '%H:%M')"
)


def _offsets(journey: Journey) -> str:
    return ", ".join(dict.fromkeys(format_offset(stop.start) for stop in journey.stops))


def _stop_timeline(
    journey: Journey, route: RouteSummary, visible_ids: Collection[str], selected_id: str | None
) -> dict[str, Any]:
    first, last = time_domain(journey)
    lanes = _lanes(journey, first, last)  # once: the rows and the row count need them
    lane_count = 1 + max(lane for lane, _ in lanes.values())
    legs = leg_rows(route)
    leg_tracks = [track for track in LEG_TRACKS if any(leg["track"] == track for leg in legs)]
    tracks = [f"stops-{lane}" for lane in range(lane_count)] + leg_tracks
    topics = main_topics(journey.stops)
    x = {
        "field": "at",
        "type": "temporal",
        "title": f"Local time at each stop ({_offsets(journey)})",
        "scale": {"type": "utc"},
        "axis": {"labelExpr": _TIME_LABEL, "labelAngle": 0, "labelOverlap": True,
                 "tickCount": {"expr": "ceil(width / 90)"}},
    }  # fmt: skip
    y = {
        "field": "track",
        "type": "nominal",
        "title": None,
        "scale": {"domain": tracks},
        "axis": {"labelExpr": "datum.value == 'stops-0' ? 'Stops' "
                              ": indexof(datum.value, 'stops-') == 0 ? '' : datum.value",
                 "ticks": False, "domain": False,
                 "description": "Rows: " + ", ".join(["stops", *leg_tracks]).lower()},
    }  # fmt: skip
    bars = {
        "data": {"values": legs},
        "mark": {"type": "bar", "height": 10, "cornerRadius": 2},
        "encoding": {
            "x": {**x, "field": "from"},
            "x2": {"field": "to"},
            "y": y,
            # A fixed colour, not a scale: a second colour scale would repaint the stops.
            "color": {"condition": {"test": "datum.mode == 'rail'", "value": "#b3001b"},
                      "value": "#777777"},
            "tooltip": [{"field": "leg", "title": "Leg"}, {"field": "km", "title": "Distance"},
                        {"field": "duration", "title": "Duration"}],
        },
    }  # fmt: skip
    points = {
        "name": POINTS_VIEW,
        "mark": {"type": "point", "filled": True, "opacity": 0.95, "stroke": "#222"},
        "encoding": {
            # The domain in one layer only: Vega-Lite reads a DateTime domain given in several
            # layers as conflicting (it compares one converted to one not yet converted).
            "x": {**x, "scale": {"type": "utc", "nice": False,
                                 "domain": [_date_time(first), _date_time(last)]}},
            "y": y,
            "color": {"field": "topic", "type": "nominal", "title": "Main topic",
                      "scale": topic_scale(topics), "legend": main_topic_legend()},
            "shape": {"field": "topic", "type": "nominal", "title": "Main topic",
                      "scale": {"domain": topics,
                                "range": [vega_shape(t) for t in TOPICS if t.key in topics]}},
            "size": {"condition": {"test": "datum.selected", "value": 420}, "value": 170},
            "strokeWidth": {"condition": {"test": "datum.selected", "value": 3}, "value": 0.5},
            "tooltip": [
                {"field": "seq", "type": "quantitative"},
                {"field": "name", "title": "Stop"},
                {"field": "when", "title": "Local time"},
                {"field": "offset", "title": "UTC offset"},
                {"field": "topics", "title": "Topics"},
            ],
        },
    }  # fmt: skip
    numbers = {
        "mark": {"type": "text", "dy": -12, "fontSize": 11, "fontWeight": "bold"},
        "encoding": {"x": x, "y": y, "text": {"field": "label"}},
    }
    return {
        "$schema": SCHEMA,
        **FIT_WIDTH,
        "title": "Timeline: click a stop to select it",
        "height": TRACK_PX * len(tracks),
        # The stops once, shared by the points and their numbers.
        "data": {"values": _stop_rows(journey, visible_ids, selected_id, lanes)},
        "layer": [bars, points, numbers],
        "params": [
            {
                "name": SELECTION_NAME,
                "select": {"type": "point", "fields": ["id"], "on": "click"},
                "views": [POINTS_VIEW],
            }
        ],
    }


def timeline_chart(
    journey: Journey,
    route: RouteSummary,
    visible_ids: Collection[str],
    selected_id: str | None,
) -> dict[str, Any]:
    """A Vega-Lite spec: stops as numbered, topic-shaped points over local time with legs as
    bars (click a stop to select it); above POINT_LIMIT stops, stops per day, week or month."""
    visible = _as_set(visible_ids)
    if is_selectable(journey):
        return _stop_timeline(journey, route, visible, selected_id)
    shown = sum(1 for stop in journey.stops if stop.id in visible)
    return period_chart(
        journey,
        visible,
        f"{shown:,} stops: too many to plot one by one. Pick a stop in the table or on the map.",
    )


def stops_per_period_chart(journey: Journey, visible_ids: Collection[str]) -> dict[str, Any] | None:
    """The visible stops per day (week, month) by main topic, to show under the timeline;
    None when the timeline already is that chart (above POINT_LIMIT stops)."""
    if not is_selectable(journey):
        return None
    return period_chart(journey, _as_set(visible_ids), None)


def _as_set(ids: Collection[str]) -> Collection[str]:
    # Many membership tests per chart: a list of thousands of ids would make them slow.
    return ids if isinstance(ids, set | frozenset) else set(ids)


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
