"""The journey over time: stops and legs on a time axis, and stops per day by topic.

Every time is the local time where it happens (the convention of the table, the filters and
the exports), with the UTC offsets named on the axis and in each stop's tooltip. Vega has no
time zones but the reader's and UTC, so a local wall-clock time is written as if it were UTC
and drawn on a "utc" scale: it then shows unchanged in every browser.

The charts are plain Vega-Lite dicts (see itinerary.views.vegalite), one view each, so that each
fits its container: Vega-Lite can only fit single and layered views to a width.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from datetime import date, datetime, timedelta
from typing import Any, Final, Literal

from itinerary.geo.route import RouteSummary
from itinerary.model import Journey
from itinerary.topics import TOPICS, Topic
from itinerary.views.text import (
    format_duration,
    format_km,
    format_offset,
    format_stop_when,
    stop_number,
    topic_labels,
)
from itinerary.views.vegalite import FIT_WIDTH, SCHEMA, topic_label_expr, topic_order, topic_scale

SELECTION_NAME: Final = "pick"
POINTS_VIEW: Final = "stop_points"
# Above this many stops one point per stop is unreadable and slow to send: the chart
# becomes stops per day (week, month) by main topic, counted here rather than in the browser.
POINT_LIMIT: Final = 500
VEGA_LITE_SCHEMA: Final = SCHEMA
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


Period = Literal["day", "week", "month"]


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
        {"day": day, "topic": topic, "stops": count, "period": period_label(day, period)}
        for (day, topic), count in sorted(counts.items(), key=lambda i: (i[0][0], order[i[0][1]]))
    ]


def period_label(day: str, period: Period) -> str:
    """'Sun 10 Sep 2023', 'week from Sun 10 Sep 2023' or 'Sep 2023' for a period's first day."""
    first = date.fromisoformat(day)
    if period == "month":
        return f"{first:%b %Y}"
    text = f"{first:%a} {first.day} {first:%b %Y}"
    return f"week from {text}" if period == "week" else text


def every_period(journey: Journey, period: Period) -> list[str]:
    """The first day of every period from the journey's first local date to its last,
    those without a stop included."""
    day = period_start(journey.stops[0].start.date(), period)
    last = journey.stops[-1].start.date()
    days = []
    while day <= last:
        days.append(day.isoformat())
        if period == "month":
            day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
        else:
            day += timedelta(days=7 if period == "week" else 1)
    return days


def is_selectable(journey: Journey) -> bool:
    """Whether the timeline has one point per stop (and so can select a stop)."""
    return len(journey.stops) <= POINT_LIMIT


def _main_topics(journey: Journey) -> list[str]:
    return topic_order(stop.topics[0] for stop in journey.stops)


def _legend() -> dict[str, Any]:
    """Below the plot, so that it takes no width from it on a phone; as many columns as fit."""
    return {
        "title": "Main topic",
        "orient": "bottom",
        "direction": "horizontal",
        "columns": {"expr": "max(1, floor(width / 120))"},
        "labelExpr": topic_label_expr(),
        "labelLimit": 100,
        "symbolStrokeWidth": 0.5,
    }


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
    main_topics = _main_topics(journey)
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
                      "scale": topic_scale(main_topics), "legend": _legend()},
            "shape": {"field": "topic", "type": "nominal", "title": "Main topic",
                      "scale": {"domain": main_topics,
                                "range": [vega_shape(t) for t in TOPICS if t.key in main_topics]}},
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


_PERIOD_LABEL: Final[dict[str, str]] = {"day": "%-d %b", "week": "%-d %b %Y", "month": "%b %Y"}


def _period_chart(
    journey: Journey, visible_ids: Collection[str], subtitle: str | None
) -> dict[str, Any]:
    period = summary_period(journey)
    rows = period_rows(journey, visible_ids, period)
    totals: Counter[str] = Counter()
    for row in rows:
        totals[row["day"]] += row["stops"]
    heading = "Day" if period == "day" else f"{period.capitalize()} from"
    label = f"utcFormat(toDate(datum.value), '{_PERIOD_LABEL[period]}')"
    title: dict[str, Any] = {"text": f"Stops per {period} (by main topic)"}
    if subtitle:
        title["subtitle"] = subtitle
    return {
        "$schema": SCHEMA,
        **FIT_WIDTH,
        "title": title,
        "height": 140,
        "data": {"values": rows},
        "mark": {"type": "bar"},
        "encoding": {
            # Ordinal over every period of the journey: a day without a stop keeps its place.
            "x": {"field": "day", "type": "ordinal", "title": f"{heading} (local dates)",
                  "scale": {"domain": every_period(journey, period)},
                  "axis": {"labelExpr": label, "labelAngle": 0, "labelOverlap": "greedy"}},
            "y": {"field": "stops", "type": "quantitative", "aggregate": "sum", "title": "Stops",
                  "scale": {"domain": [0, max(totals.values(), default=1)]},
                  "axis": {"tickMinStep": 1, "format": "d"}},
            "color": {"field": "topic", "type": "nominal",
                      "scale": topic_scale(_main_topics(journey)), "legend": _legend()},
            "tooltip": [
                # Not "day" as a date: that would make Vega-Lite parse the field as dates,
                # and the axis domain of ISO strings would match none of them.
                {"field": "period", "type": "nominal", "title": period.capitalize()},
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
    """A Vega-Lite spec: stops as numbered, topic-shaped points over local time with legs as
    bars (click a stop to select it); above POINT_LIMIT stops, stops per day, week or month."""
    visible = _as_set(visible_ids)
    if is_selectable(journey):
        return _stop_timeline(journey, route, visible, selected_id)
    shown = sum(1 for stop in journey.stops if stop.id in visible)
    return _period_chart(
        journey,
        visible,
        f"{shown:,} stops: too many to plot one by one. Pick a stop in the table or on the map.",
    )


def stops_per_period_chart(journey: Journey, visible_ids: Collection[str]) -> dict[str, Any] | None:
    """The visible stops per day (week, month) by main topic, to show under the timeline;
    None when the timeline already is that chart (above POINT_LIMIT stops)."""
    if not is_selectable(journey):
        return None
    return _period_chart(journey, _as_set(visible_ids), None)


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
