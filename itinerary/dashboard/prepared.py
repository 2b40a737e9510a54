"""A journey made ready for the dashboard: everything that does not change while a reader
filters, clicks and plays, computed once per file (or per upload)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

from itinerary.errors import DataFileError
from itinerary.filtering import companion_topics, topics_in_use
from itinerary.format.loader import parse_journey
from itinerary.geo.route import RouteSummary, build_route
from itinerary.model import Journey
from itinerary.views.assets import Assets
from itinerary.views.mapdata import journey_config, script_json
from itinerary.views.mapview import publish_config
from itinerary.views.stats import leg_table

UPLOAD_LIMIT_BYTES: Final = 5 * 1024 * 1024


@dataclass(frozen=True)
class PreparedJourney:
    journey: Journey
    route: RouteSummary
    config_json: str  # the base map's payload
    config_url: str | None  # where the browser fetches it; None: sent inline (uploads)
    legs: list[dict[str, object]]  # the statistics tab's leg table
    topics: list[str]  # topics in use, in vocabulary order
    companions: dict[str, tuple[str, ...]]  # topics whose every stop has these too

    @property
    def days(self) -> tuple[date, date]:
        return self.journey.days


def prepare(journey: Journey, assets: Assets, *, publish_to: Path | None) -> PreparedJourney:
    """With ``publish_to`` (the app's static folder) the map's data is served as a file:
    reruns then carry only the state, not the journey (megabytes at 10,000 stops). Uploads
    are never written anywhere; a read-only folder falls back to the inline payload."""
    route = build_route(journey)
    config_json = script_json(journey_config(journey, route, assets))
    config_url = None
    if publish_to is not None:
        try:
            config_url = publish_config(config_json, publish_to)
        except OSError:
            config_url = None
    return PreparedJourney(
        journey,
        route,
        config_json,
        config_url,
        leg_table(route),
        list(topics_in_use(journey.stops)),
        companion_topics(journey.stops),
    )


def check_upload(content: bytes, name: str, assets: Assets) -> PreparedJourney | DataFileError:
    """An uploaded file, checked in memory: the journey, or why it cannot be shown."""
    if len(content) > UPLOAD_LIMIT_BYTES:
        return DataFileError(name, f"is {len(content):,} bytes; the limit is 5 MB")
    try:
        return prepare(parse_journey(content, name), assets, publish_to=None)
    except DataFileError as error:
        return error
