"""The Altair timeline the app used to build, kept to check the hand-built spec against.

The app now writes the Vega-Lite dict itself (Altair's schema validation cost seconds per
rerun at a thousand stops); this reference shows the dict still says the same thing.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import altair as alt

from itinerary.model import Journey
from itinerary.route import RouteSummary
from itinerary.timeline import leg_rows, stop_rows, vega_shape
from itinerary.topics import TOPICS


def _data(rows: list[dict[str, Any]]) -> alt.Data:
    return alt.Data(values=rows)  # type: ignore[no-untyped-call]


def altair_timeline(
    journey: Journey,
    route: RouteSummary,
    visible_ids: Collection[str],
    selected_id: str | None,
) -> dict[str, Any]:
    colour = alt.Scale(domain=[t.key for t in TOPICS], range=[t.colour for t in TOPICS])
    shape = alt.Scale(domain=[t.key for t in TOPICS], range=[vega_shape(t) for t in TOPICS])
    time_axis = alt.X(
        "at:T", title="Date and time (UTC)", scale=alt.Scale(type="utc"),
        axis=alt.Axis(format="%d %b", labelAngle=0),
    )  # fmt: skip
    rows = alt.Y("row:N", title=None, sort=["Stops", "Rail legs", "Road legs"])
    pick = alt.selection_point(name="pick", fields=["id"], on="click")
    stops = stop_rows(journey, visible_ids, selected_id)
    legs = leg_rows(route)
    bars = (
        alt.Chart(_data(legs))
        .mark_bar(height=10, cornerRadius=2)
        .encode(
            x=alt.X("from:T", scale=alt.Scale(type="utc"), title="Date and time (UTC)"),
            x2="to:T",
            y=rows,
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
    chart = alt.vconcat(timeline, per_day).resolve_scale(color="shared")
    spec: dict[str, Any] = chart.to_dict()
    return spec


def normalised(spec: dict[str, Any], inherited: Any = None) -> Any:
    """The spec with each view's data made explicit and generated names dropped."""
    data = spec.get("data", inherited)
    out: dict[str, Any] = {}
    for key, value in spec.items():
        if key in ("$schema", "config", "name", "data"):
            continue
        if key in ("layer", "vconcat", "hconcat"):
            out[key] = [normalised(child, data) for child in value]
        elif key == "params":
            out[key] = [{k: v for k, v in p.items() if k != "views"} for p in value]
        else:
            out[key] = value
    if "mark" in spec:
        out["data"] = data
    return out
