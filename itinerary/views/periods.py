"""Stops counted per day, week or month by main topic: the bar chart under the timeline,
and the timeline itself for a journey too big to plot stop by stop.

Periods follow the local calendar (the date where each stop happens), as the table and
the filters do. A chart is a plain Vega-Lite dict (see itinerary.views.vegalite).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from datetime import date, timedelta
from typing import Any, Final, Literal

from itinerary.model import Journey
from itinerary.topics import TOPICS
from itinerary.views.vegalite import (
    FIT_WIDTH,
    SCHEMA,
    main_topic_legend,
    main_topics,
    topic_scale,
)

Period = Literal["day", "week", "month"]
_PERIOD_LABEL: Final[dict[str, str]] = {"day": "%-d %b", "week": "%-d %b %Y", "month": "%b %Y"}


def summary_period(journey: Journey) -> Period:
    """Days for a few months of travel, weeks up to three years, months beyond:
    a bar a few pixels wide at least, and a few thousand rows at most."""
    first, last = journey.days
    span = (last - first).days
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
    first, last = journey.days
    day = period_start(first, period)
    days = []
    while day <= last:
        days.append(day.isoformat())
        if period == "month":
            day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
        else:
            day += timedelta(days=7 if period == "week" else 1)
    return days


def period_chart(
    journey: Journey, visible_ids: Collection[str], subtitle: str | None
) -> dict[str, Any]:
    """A Vega-Lite spec: the visible stops per period (summary_period's) as bars stacked by
    main topic, over every period of the journey. ``visible_ids``: a set, for speed."""
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
                      "scale": topic_scale(main_topics(journey.stops)),
                      "legend": main_topic_legend()},
            "tooltip": [
                # Not "day" as a date: that would make Vega-Lite parse the field as dates,
                # and the axis domain of ISO strings would match none of them.
                {"field": "period", "type": "nominal", "title": period.capitalize()},
                {"field": "topic", "type": "nominal", "title": "Main topic"},
                {"field": "stops", "type": "quantitative", "aggregate": "sum", "title": "Stops"},
            ],
        },
    }  # fmt: skip
