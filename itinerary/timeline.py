"""The journey over time: a chart of stops and legs, and stops per day by topic."""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import UTC, datetime
from typing import Any, Final

import altair as alt

from itinerary.model import Journey
from itinerary.route import RouteSummary
from itinerary.text import format_duration, format_km, format_stop_when
from itinerary.topics import TOPICS, Topic

SELECTION_NAME: Final = "pick"


def _data(rows: list[dict[str, Any]]) -> alt.Data:
    # Inline values, not a DataFrame: an empty view must not make Altair guess types.
    return alt.Data(values=rows)  # type: ignore[no-untyped-call]


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


def timeline_chart(
    journey: Journey,
    route: RouteSummary,
    visible_ids: Collection[str],
    selected_id: str | None,
) -> alt.VConcatChart:
    """Stops as topic-shaped points over time with legs as bars; click a stop to select it."""
    colour = alt.Scale(domain=[t.key for t in TOPICS], range=[t.colour for t in TOPICS])
    shape = alt.Scale(domain=[t.key for t in TOPICS], range=[vega_shape(t) for t in TOPICS])
    time_axis = alt.X(
        "at:T", title="Date and time (UTC)", scale=alt.Scale(type="utc"),
        axis=alt.Axis(format="%d %b", labelAngle=0),
    )  # fmt: skip
    rows = alt.Y("row:N", title=None, sort=["Stops", "Rail legs", "Road legs"])
    pick = alt.selection_point(name=SELECTION_NAME, fields=["id"], on="click")
    stops = stop_rows(journey, visible_ids, selected_id)
    legs = leg_rows(route)

    bars = (
        alt.Chart(_data(legs))
        .mark_bar(height=10, cornerRadius=2)
        .encode(
            x=alt.X("from:T", scale=alt.Scale(type="utc"), title="Date and time (UTC)"),
            x2="to:T",
            y=rows,
            # A fixed colour, not a scale: a second colour scale would repaint the stops.
            color=alt.condition(
                "datum.mode == 'rail'", alt.value("#b3001b"), alt.value("#777777")
            ),
            tooltip=["leg:N", "km:N", "duration:N"],
        )
    )  # fmt: skip
    points = (
        alt.Chart(_data(stops))
        .mark_point(filled=True, opacity=0.95, stroke="#222")
        .encode(
            x=time_axis,
            y=rows,
            color=alt.Color("topic:N", scale=colour, title="Main topic"),
            shape=alt.Shape("topic:N", scale=shape, title="Main topic"),
            size=alt.condition("datum.selected", alt.value(420), alt.value(170)),
            strokeWidth=alt.condition("datum.selected", alt.value(3), alt.value(0.5)),
            tooltip=["seq:Q", "name:N", "when:N", "topics:N"],
        )
        .add_params(pick)
    )
    numbers = (
        alt.Chart(_data(stops))
        .mark_text(dy=-16, fontSize=11, fontWeight="bold")
        .encode(x=time_axis, y=rows, text="seq:Q")
    )
    per_day = (
        alt.Chart(_data(stops), title="Stops per day (by main topic)")
        .mark_bar()
        .encode(
            x=alt.X("day:O", title="Local date"),
            y=alt.Y("count():Q", title="Stops", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("topic:N", scale=colour, legend=None),
            tooltip=["day:O", "topic:N", "count():Q"],
        )
        .properties(height=120)
    )
    timeline = alt.layer(bars, points, numbers).properties(
        height=150, title="Timeline: click a stop to select it"
    )
    chart: alt.VConcatChart = alt.vconcat(timeline, per_day).resolve_scale(color="shared")
    return chart


def picked_stop(event: object) -> str | None:
    """The stop id a chart click selected, from st.altair_chart's selection event."""
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
