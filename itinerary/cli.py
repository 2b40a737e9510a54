"""The ``itinerary`` command: validate and export journey files.

Exit codes: 0 success; 1 the data file is invalid (every problem is printed,
one per line); 2 usage or configuration error (argparse's convention).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from itinerary.assets import cdn_assets, inline_assets
from itinerary.errors import DataFileError, ItineraryError, ValidationError
from itinerary.export import EXPORT_FORMATS, export
from itinerary.geocode import add_arguments as add_geocode_arguments
from itinerary.geocode import command as geocode_command
from itinerary.loader import load_journey
from itinerary.route import build_route
from itinerary.stats import journey_totals
from itinerary.text import format_km

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="itinerary", description="Validate, export and geocode itinerary files."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="check a file and report every problem")
    validate.add_argument("file", type=Path)

    exporter = commands.add_parser("export", help="write a journey as GeoJSON, CSV or HTML")
    exporter.add_argument("file", type=Path)
    exporter.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    exporter.add_argument("-o", "--output", type=Path, help="write here instead of stdout")

    geocoder = commands.add_parser(
        "geocode", help="add coordinates to stops that lack them (see docs/geocoding.md)"
    )
    add_geocode_arguments(geocoder)
    return parser


def _report(error: DataFileError) -> None:
    if isinstance(error, ValidationError):
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"{error.file}: invalid ({error.message})", file=sys.stderr)
    else:
        print(error, file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "geocode":  # own exit codes; reads files with missing locations
        return geocode_command(args)
    try:
        journey = load_journey(args.file)
    except DataFileError as error:
        _report(error)
        return EXIT_INVALID
    route = build_route(journey)
    if args.command == "validate":
        totals = journey_totals(journey, route)
        print(
            f"{args.file}: valid: {journey.title!r}, {totals.stops} stops over {totals.days} days, "
            f"{format_km(totals.rail_km)} by rail"
        )
        return EXIT_OK
    try:
        # A standalone map embeds its libraries and basemap, so it works offline;
        # without `make assets` it falls back to the pinned CDN copies.
        assets = (inline_assets() or cdn_assets()) if args.format == "html" else None
        text = export(journey, route, journey.stops, args.format, assets=assets)
        if args.output is None:
            sys.stdout.write(text)
        else:
            args.output.write_text(text, encoding="utf-8")
    except (ItineraryError, OSError) as error:
        print(f"itinerary export: {error}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK
