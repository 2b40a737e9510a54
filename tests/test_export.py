"""Exports parsed back and compared with the data they came from."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from itinerary.errors import ExportError
from itinerary.format.loader import load_journey
from itinerary.geo.route import build_route
from itinerary.views.export import (
    Download,
    downloads,
    export,
    export_file,
    to_csv,
    to_geojson,
)
from tests.conftest import MINI

JOURNEY = load_journey(MINI)
ROUTE = build_route(JOURNEY)


def test_geojson_has_a_point_per_stop_then_the_route_in_journey_order() -> None:
    collection = json.loads(export(JOURNEY, ROUTE, JOURNEY.stops, "geojson"))
    assert collection["type"] == "FeatureCollection"
    stops = [f for f in collection["features"] if f["properties"]["kind"] == "stop"]
    legs = [f for f in collection["features"] if f["properties"]["kind"] == "route"]
    assert [f["properties"]["id"] for f in stops] == ["alpha", "beta", "gamma"]
    for feature, stop in zip(stops, JOURNEY.stops, strict=True):
        assert feature["geometry"] == {
            "type": "Point",
            "coordinates": [stop.point.lon, stop.point.lat],  # GeoJSON is lon, lat
        }
        props = feature["properties"]
        assert props["seq"] == stop.seq
        assert props["start"] == stop.start.isoformat()
        assert props["topics"] == list(stop.topics)
        assert [s["url"] for s in props["sources"]] == [s.url for s in stop.sources]
        assert props["confidence"] == stop.confidence
    assert [(f["properties"]["from"], f["properties"]["to"]) for f in legs] == [
        ("alpha", "beta"),
        ("beta", "gamma"),
    ]
    assert legs[0]["geometry"]["type"] == "LineString"
    assert legs[0]["geometry"]["coordinates"][0] == [131.95, 43.80]
    assert legs[0]["properties"]["km"] == pytest.approx(ROUTE.legs[0].km, abs=0.001)


def test_geojson_of_a_filtered_view_keeps_the_whole_route() -> None:
    collection = to_geojson(JOURNEY, ROUTE, JOURNEY.stops[:1])
    kinds = [f["properties"]["kind"] for f in collection["features"]]
    assert kinds == ["stop", "route", "route"]


def test_csv_round_trips_the_visible_stops() -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(ROUTE, JOURNEY.stops))))
    assert [row["id"] for row in rows] == ["alpha", "beta", "gamma"]
    assert rows[0]["topics"] == "railways;diplomacy"
    assert float(rows[0]["lat"]) == 43.80
    assert rows[0]["rail_km_from_previous"] == ""
    assert float(rows[1]["rail_km_from_previous"]) == pytest.approx(ROUTE.legs[0].km, abs=0.05)
    assert rows[2]["rail_km_from_previous"] == ""  # a road leg is not rail distance


@pytest.mark.parametrize(
    ("summary", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "+1"),
        ("-cmd", "'-cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("plain", "plain"),
    ],
    ids=["formula", "a number stays a number", "dash command", "at-function", "plain text"],
)
def test_csv_cells_never_run_as_spreadsheet_formulas(summary: str, written: str) -> None:
    from dataclasses import replace

    stop = replace(JOURNEY.stops[0], summary=summary)
    rows = list(csv.DictReader(io.StringIO(to_csv(ROUTE, [stop]))))
    assert rows[0]["summary"] == written


def test_html_is_a_complete_page_with_every_stop() -> None:
    page = export(JOURNEY, ROUTE, JOURNEY.stops, "html")
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Mini journey</title>" in page
    for stop in JOURNEY.stops:
        assert f'"id":"{stop.id}"' in page


def test_unknown_format_is_an_export_error() -> None:
    with pytest.raises(ExportError, match="unknown export format 'kml'"):
        export(JOURNEY, ROUTE, JOURNEY.stops, "kml")


@pytest.mark.parametrize(
    "fmt",
    ["csv", "geojson"],
    ids=["a table needs no assets", "a GeoJSON file needs no assets"],
)
def test_a_data_export_is_the_export_itself_without_a_note(fmt: str) -> None:
    assert export_file(JOURNEY, ROUTE, JOURNEY.stops[1:], fmt) == (
        export(JOURNEY, ROUTE, JOURNEY.stops[1:], fmt),
        None,
    )


def test_an_exported_map_page_embeds_its_libraries() -> None:
    """What the dashboard's button and `itinerary export` write: nothing fetched from a CDN."""
    page, needs_internet = export_file(JOURNEY, ROUTE, JOURNEY.stops, "html")
    assert needs_internet is None, "front-end assets are missing (run `make assets`)"
    assert "<script>" in page and not re.search(r"<script[^>]*\ssrc=", page)
    assert export(JOURNEY, ROUTE, JOURNEY.stops, "html") != page  # the default loads a CDN


@pytest.mark.parametrize(
    ("index", "download"),
    [
        (0, Download("csv", "Download CSV table", "mini-journey.csv", "text/csv")),
        (
            1,
            Download("geojson", "Download GeoJSON", "mini-journey.geojson", "application/geo+json"),
        ),
        (2, Download("html", "Download Map (standalone HTML)", "mini-journey.html", "text/html")),
    ],
    ids=[
        "the table first: what most readers open",
        "GeoJSON under its own suffix and media type, for GIS tools",
        "the map page last, named like the embed code's src",
    ],
)
def test_the_downloads_on_offer(index: int, download: Download) -> None:
    offered = downloads(JOURNEY)
    assert len(offered) == 3
    assert offered[index] == download
