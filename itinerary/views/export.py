"""Exports of a journey: GeoJSON, CSV and the published map (one HTML page), and the files
the dashboard offers for download."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

from itinerary.errors import ExportError
from itinerary.geo.route import RouteSummary
from itinerary.model import Journey, Stop
from itinerary.views.assets import Assets
from itinerary.views.publish import page_assets, published_page

ExportFormat = Literal["geojson", "csv", "html"]
EXPORT_FORMATS: Final[tuple[ExportFormat, ...]] = ("geojson", "csv", "html")
MEDIA_TYPES: Final[dict[ExportFormat, str]] = {
    "geojson": "application/geo+json",
    "csv": "text/csv",
    "html": "text/html",
}

# What the dashboard's buttons call each format, in their order: the table first, the map last.
DOWNLOAD_LABELS: Final[dict[ExportFormat, str]] = {
    "csv": "CSV table",
    "geojson": "GeoJSON",
    "html": "Map (standalone HTML)",
}

CSV_COLUMNS: Final = (
    "id", "seq", "name", "site", "region", "country", "lat", "lon", "coordinate_provenance",
    "start", "end", "time_precision", "topics", "people", "summary", "confidence",
    "source_urls", "rail_km_from_previous",
)  # fmt: skip


def _stop_properties(stop: Stop) -> dict[str, Any]:
    return {
        "kind": "stop",
        "id": stop.id,
        "seq": stop.seq,
        "name": stop.name,
        "site": stop.site,
        "region": stop.region,
        "country": stop.country,
        "start": stop.start.isoformat(),
        "end": stop.end.isoformat() if stop.end else None,
        "time_precision": stop.time_precision,
        "time_note": stop.time_note,
        "topics": list(stop.topics),
        "people": list(stop.people),
        "summary": stop.summary,
        "confidence": stop.confidence,
        "coordinate_provenance": stop.location.provenance,
        "coordinate_note": stop.location.note,
        "sources": [{"outlet": s.outlet, "title": s.title, "url": s.url} for s in stop.sources],
    }


def to_geojson(journey: Journey, route: RouteSummary, stops: Sequence[Stop]) -> dict[str, Any]:
    """Stops as Points, then each leg as a LineString, in journey order, GeoJSON (lon, lat)."""
    features: list[dict[str, Any]] = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [stop.point.lon, stop.point.lat]},
            "properties": _stop_properties(stop),
        }
        for stop in stops
    ]
    for leg in route.legs:
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "LineString",
                    "coordinates": [[p.lon, p.lat] for p in leg.points],
                },
                "properties": {
                    "kind": "route",
                    "leg": leg.index,
                    "from": leg.origin.id,
                    "to": leg.destination.id,
                    "mode": leg.mode,
                    "km": round(leg.km, 3),
                    "duration_hours": (
                        round(leg.duration.total_seconds() / 3600, 2) if leg.duration else None
                    ),
                    "via": list(leg.via_names),
                    "reconstructed": route.reconstructed,
                },
            }
        )
    return {
        "type": "FeatureCollection",
        "properties": {"journey": journey.id, "title": journey.title},
        "features": features,
    }


def to_csv(route: RouteSummary, stops: Sequence[Stop]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for stop in stops:
        leg = route.leg_into(stop.id)
        row = [
            stop.id, stop.seq, stop.name, stop.site, stop.region, stop.country,
            stop.point.lat, stop.point.lon, stop.location.provenance,
            stop.start.isoformat(), stop.end.isoformat() if stop.end else "",
            stop.time_precision, ";".join(stop.topics), ";".join(stop.people),
            stop.summary, stop.confidence, " ".join(s.url for s in stop.sources),
            f"{leg.km:.1f}" if leg and leg.mode == "rail" else "",
        ]  # fmt: skip
        writer.writerow([_inert_cell(value) for value in row])
    return buffer.getvalue()


def _inert_cell(value: object) -> object:
    """Spreadsheet apps run text cells starting with = + - @ as formulas: prefix a quote."""
    if not isinstance(value, str) or value[:1] not in ("=", "+", "-", "@", "\t", "\r"):
        return value
    try:
        float(value)
    except ValueError:
        return "'" + value
    return value


def export(
    journey: Journey,
    route: RouteSummary,
    stops: Sequence[Stop],
    fmt: str,
    *,
    assets: Assets | None = None,
) -> str:
    if fmt == "geojson":
        return json.dumps(to_geojson(journey, route, stops), ensure_ascii=False, indent=1)
    if fmt == "csv":
        return to_csv(route, stops)
    if fmt == "html":
        return published_page(journey, route, stops, assets=assets)
    raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")


def export_file(
    journey: Journey, route: RouteSummary, stops: Sequence[Stop], fmt: str
) -> tuple[str, str | None]:
    """The export as readers get it, from the dashboard or the command: a map page embeds
    the local libraries and a basemap thinned to the journey (page_assets). The second
    item says why the page needs internet, when it does (None otherwise)."""
    if fmt != "html":
        return export(journey, route, stops, fmt), None
    assets, needs_internet = page_assets(journey, route)
    return export(journey, route, stops, fmt, assets=assets), needs_internet


def file_name(journey: Journey, fmt: ExportFormat) -> str:
    return f"{journey.id}.{fmt}"


@dataclass(frozen=True, slots=True)
class Download:
    """A file the dashboard offers: the button's text, the file's name and media type."""

    fmt: ExportFormat
    label: str
    file_name: str
    media_type: str


def downloads(journey: Journey) -> tuple[Download, ...]:
    return tuple(
        Download(fmt, f"Download {label}", file_name(journey, fmt), MEDIA_TYPES[fmt])
        for fmt, label in DOWNLOAD_LABELS.items()
    )
