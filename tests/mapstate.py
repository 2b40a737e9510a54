"""Read back what the map code sends to the browser (shared by the map and app tests)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from itinerary.views.assets import STATIC_URL
from itinerary.views.mapview import decode_mask

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
_CONFIG = re.compile(r"ItineraryMap\.init\([\w]+, (\{.*\})\);")
_CONFIG_URL = re.compile(r'ItineraryMap\.load\([\w]+, ("[^"]*")\);')
_STATE = re.compile(r"ItineraryMap\.show\([\w]+, (\{.*?\})\);")


def journey_config(script: str) -> dict[str, Any]:
    """The journey the base map draws: inline, or the published file it fetches."""
    published = _CONFIG_URL.search(script)
    if published is not None:
        url: str = json.loads(published.group(1))
        assert url.startswith(STATIC_URL + "/"), url
        path = STATIC_DIR / url.removeprefix(STATIC_URL + "/")
        loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return loaded
    found = _CONFIG.search(script)
    assert found is not None, "no ItineraryMap.init or ItineraryMap.load call in the script"
    config: dict[str, Any] = json.loads(found.group(1))
    return config


def stop_state(script: str) -> dict[str, Any]:
    found = _STATE.search(script)
    assert found is not None, "no ItineraryMap.show call in the script"
    state: dict[str, Any] = json.loads(found.group(1))
    return state


def visible_ids(base_script: str, state_script: str) -> list[str]:
    """The stops a rerun shows, by the map's own rule: the stops the other filters let
    through (the state's mask) that pass the state's topics."""
    config = journey_config(base_script)
    state = stop_state(state_script)
    stops = config["stops"]
    base = decode_mask(state["base"], len(stops))
    chosen = set(state["topics"])
    shown = []
    for stop, passes in zip(stops, base, strict=True):
        topics = {config["topicKeys"][index] for index in stop["t"]}
        match = topics >= chosen and bool(chosen) if state["match"] == "all" else topics & chosen
        if passes and match:
            shown.append(stop["id"])
    return shown
