"""An export holds exactly what it says: the visible stops, and no text of the others."""

from __future__ import annotations

import pytest

from itinerary.filtering import StopFilter, filter_stops
from itinerary.format.loader import load_journey
from itinerary.geo.route import build_route
from itinerary.views.assets import Assets
from itinerary.views.export import export
from itinerary.views.mapview import script_json
from tests.conftest import REAL_JOURNEY

JOURNEY = load_journey(REAL_JOURNEY)
ROUTE = build_route(JOURNEY)


@pytest.mark.parametrize("fmt", ["html", "csv", "geojson"])
def test_hidden_stops_leave_no_text_in_an_export(fmt: str) -> None:
    topic = "space"
    visible = filter_stops(JOURNEY.stops, StopFilter(topics=frozenset({topic})))
    hidden = [stop for stop in JOURNEY.stops if stop not in visible]
    assert visible and hidden
    text = export(JOURNEY, ROUTE, visible, fmt, assets=Assets.cdn())
    for stop in visible:
        assert stop.id in text
    # A stop's summary is its alone (names and people recur across stops; the route's legs
    # keep the ids of their ends, since the whole route is exported).
    for stop in hidden:
        summary = stop.summary[:60]
        for field in (summary, script_json(summary)[1:-1]):
            assert field not in text, f"{fmt} holds hidden stop {stop.id}: {field!r}"
