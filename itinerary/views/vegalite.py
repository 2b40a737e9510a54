"""What every chart spec shares: the schema, fitting the container, topic colours.

Charts are plain Vega-Lite dicts, not Altair objects: Altair validates its spec against the
JSON schema on every rerun, which took most of a rerun's time at a thousand stops.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, Final

from itinerary.model import Stop
from itinerary.topics import TOPIC_BY_KEY, TOPIC_KEYS, TOPICS

TOPIC_LABELS: Final = tuple((topic.key, topic.label) for topic in TOPICS)

SCHEMA: Final = "https://vega.github.io/schema/vega-lite/v6.json"

# Every positional scale of a chart gets an explicit domain. Streamlit sends a spec's
# top-level data apart from the spec and adds it after Vega's first run, so a scale that
# took its domain from that data starts from an empty one: "Infinite extent for field ..."
# in the console (and the same for a filter that leaves no row).

# The whole chart (axes, legend and padding included) as wide as its container, so that it
# never runs off a phone's screen; the height stays the one the spec gives. Streamlit keeps
# an `autosize` it finds and replaces `width` with the container's pixels under
# width="stretch".
FIT_WIDTH: Final[dict[str, Any]] = {
    "width": "container",
    "autosize": {"type": "fit-x", "contains": "padding", "resize": True},
}


def topic_order(keys: Iterable[str]) -> list[str]:
    """The given topic keys once each, in vocabulary order."""
    present = set(keys)
    return [key for key in TOPIC_KEYS if key in present]


def topic_scale(keys: Iterable[str]) -> dict[str, Any]:
    """A colour scale naming exactly these topics, each in its map colour."""
    domain = topic_order(keys)
    return {"domain": domain, "range": [TOPIC_BY_KEY[key].colour for key in domain]}


def topic_label_expr(field: str = "datum.value") -> str:
    """A Vega expression naming the topic whose key is `field` ('Diplomacy' for 'diplomacy')."""
    labels = ", ".join(f"{json.dumps(key)}: {json.dumps(label)}" for key, label in TOPIC_LABELS)
    return f"{{{labels}}}[{field}]"


def main_topics(stops: Iterable[Stop]) -> list[str]:
    """Each stop's main (first) topic, once each in vocabulary order: what charts colour by."""
    return topic_order(stop.topics[0] for stop in stops)


def main_topic_legend() -> dict[str, Any]:
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
