"""The controlled topic vocabulary, defined once.

Each topic has a colour *and* a marker shape, so that the map never relies on
colour alone (readers with colour-vision deficiency, greyscale printouts).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class Topic:
    key: str
    label: str
    colour: str
    # A CSS clip-path polygon (or "circle") giving the marker its silhouette.
    shape: str
    shape_name: str


_SQUARE = "polygon(8% 8%, 92% 8%, 92% 92%, 8% 92%)"
_DIAMOND = "polygon(50% 0%, 100% 50%, 50% 100%, 0% 50%)"
_TRIANGLE = "polygon(50% 0%, 100% 95%, 0% 95%)"
_HEXAGON = "polygon(25% 3%, 75% 3%, 100% 50%, 75% 97%, 25% 97%, 0% 50%)"
_PENTAGON = "polygon(50% 0%, 100% 38%, 81% 100%, 19% 100%, 0% 38%)"
_OCTAGON = "polygon(30% 0%, 70% 0%, 100% 30%, 100% 70%, 70% 100%, 30% 100%, 0% 70%, 0% 30%)"
_SHIELD = "polygon(0% 0%, 100% 0%, 100% 60%, 50% 100%, 0% 60%)"
_TAG = "polygon(0% 0%, 75% 0%, 100% 50%, 75% 100%, 0% 100%)"
_DROP = "polygon(50% 0%, 100% 60%, 80% 100%, 20% 100%, 0% 60%)"
_BOOK = "polygon(0% 10%, 50% 0%, 100% 10%, 100% 100%, 50% 90%, 0% 100%)"

TOPICS: Final[tuple[Topic, ...]] = (
    Topic("diplomacy", "Diplomacy", "#1f4e9c", "circle", "circle"),
    Topic("space", "Space", "#6a3d9a", _TRIANGLE, "triangle"),
    Topic("military", "Military", "#7a2e1f", _SHIELD, "shield"),
    Topic("aviation", "Aviation", "#c25400", _DIAMOND, "diamond"),
    Topic("naval", "Naval", "#0b6e85", _HEXAGON, "hexagon"),
    Topic("railways", "Railways", "#3c3c3c", _SQUARE, "square"),
    Topic("economy", "Economy", "#8a6d00", _PENTAGON, "pentagon"),
    Topic("education", "Education", "#1d7a3a", _BOOK, "book"),
    Topic("environment", "Environment", "#2e8b57", _DROP, "drop"),
    Topic("culture", "Culture", "#b0306a", _OCTAGON, "octagon"),
    Topic("transit", "Transit", "#5b6770", _TAG, "tag"),
)

TOPIC_BY_KEY: Final[dict[str, Topic]] = {topic.key: topic for topic in TOPICS}
TOPIC_KEYS: Final[tuple[str, ...]] = tuple(topic.key for topic in TOPICS)
