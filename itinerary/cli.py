"""The ``itinerary`` command: validate, export, geocode and describe itinerary files.

Exit codes: 0 success; 1 a data file is invalid (every problem is printed, one per
line) or geocoding left something to look at; 2 usage or configuration error
(argparse's convention). ``itinerary geocode`` documents its own codes
(docs/geocoding.md).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Final

from itinerary.errors import DataFileError, GeocodingError, ItineraryError, ValidationError
from itinerary.format.loader import load_journey
from itinerary.views.export import EXPORT_FORMATS, ExportFormat

if TYPE_CHECKING:
    from itinerary.geocode import GeocodeOptions

EXIT_OK: Final = 0
EXIT_INVALID: Final = 1
EXIT_USAGE: Final = 2
USER_AGENT_ENV: Final = "ITINERARY_USER_AGENT"
DISTRIBUTION: Final = "itinerary-map"
# An output file's suffix says the format when --format does not.
FORMAT_BY_SUFFIX: Final[dict[str, ExportFormat]] = {
    ".geojson": "geojson", ".json": "geojson", ".csv": "csv", ".html": "html", ".htm": "html",
}  # fmt: skip


def _version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # a checkout run without installing
        return "unknown (not installed)"


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number, instead got {text!r}")
    return value


def _geocode_arguments(parser: argparse.ArgumentParser) -> None:
    # Imported here: geopy takes a fifth of a second to import, and only geocode needs it.
    from itinerary.geocode import (
        CACHE_NAME,
        DEFAULT_THRESHOLD_KM,
        DEFAULT_TIMEOUT_S,
        default_service_url,
    )

    parser.add_argument("file", type=Path, help="the itinerary data file to update")
    parser.add_argument(
        "--user-agent",
        help=f"identify yourself to the service (required; or set {USER_AGENT_ENV})",
    )
    parser.add_argument(
        "--nominatim-url",
        default=default_service_url(),
        help="base address of a Nominatim-compatible service (default: %(default)s)",
    )
    parser.add_argument(
        "--cache", type=Path, help=f"cache file (default: {CACHE_NAME} next to FILE)"
    )
    parser.add_argument(
        "--timeout", type=_positive, default=DEFAULT_TIMEOUT_S,
        help="seconds to wait for each answer (default: %(default)g)",
    )  # fmt: skip
    parser.add_argument(
        "--threshold-km", type=_positive, default=DEFAULT_THRESHOLD_KM,
        help="a move further than this is reported (default: %(default)g)",
    )  # fmt: skip
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--refresh", action="store_true",
        help="also re-geocode stops that have coordinates; small moves are applied",
    )  # fmt: skip
    mode.add_argument(
        "--check", action="store_true",
        help="write nothing; report stops further than the threshold from the geocoder",
    )  # fmt: skip
    parser.add_argument(
        "--accept", action="store_true",
        help="with --refresh: also apply moves beyond the threshold",
    )  # fmt: skip


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="itinerary",
        description="Validate, export and geocode itinerary files (docs/schema.md).",
    )
    top.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = top.add_subparsers(
        dest="command",
        required=True,
        metavar="COMMAND",
        help="what to do (COMMAND --help for more)",
    )

    validate = commands.add_parser(
        "validate", help="check files and report every problem", description="Check each "
        "file and report every problem; exit 1 if any file is invalid."
    )  # fmt: skip
    validate.add_argument("files", type=Path, nargs="+", metavar="FILE",
                          help="itinerary files (YAML, or JSON when named *.json)")  # fmt: skip

    exporter = commands.add_parser(
        "export", help="write a journey as GeoJSON, CSV or a published map (HTML)",
        description="Write a journey as GeoJSON, CSV or a published map: one HTML page "
        "that any static host or CDN can serve, with the topic filter, each stop's details "
        "and sources, and an offline basemap; it prints the code that embeds it.",
    )  # fmt: skip
    exporter.add_argument("file", type=Path, help="the itinerary file to export")
    exporter.add_argument(
        "--format", choices=EXPORT_FORMATS,
        help="the format; by default the output file's suffix says it (.geojson, .csv, .html)",
    )  # fmt: skip
    exporter.add_argument("-o", "--output", type=Path, help="write here instead of stdout")

    geocoder = commands.add_parser(
        "geocode", help="add coordinates to stops that lack them (docs/geocoding.md)",
        description="Give stops coordinates from a Nominatim service, politely and cached.",
    )  # fmt: skip
    _geocode_arguments(geocoder)

    described = commands.add_parser(
        "schema", help="print the JSON Schema of the itinerary format",
        description="Print the JSON Schema of the itinerary format (for editors and other "
        "validators; docs/itinerary.schema.json holds the same).",
    )  # fmt: skip
    described.add_argument("-o", "--output", type=Path, help="write here instead of stdout")

    server = commands.add_parser(
        "serve", help="start the dashboard in the browser (Streamlit)",
        description="Start the dashboard: the shipped journeys, and FILE first if given. "
        "Stop it with Ctrl+C.",
    )  # fmt: skip
    server.add_argument("file", type=Path, nargs="?", metavar="FILE",
                        help="an itinerary file to show first (YAML or JSON)")  # fmt: skip
    server.add_argument("--port", type=int, default=8501, help="the port (default 8501)")
    server.add_argument("--host", default="localhost",
                        help="the address to listen on (default localhost)")  # fmt: skip
    return top


def _report(error: DataFileError) -> None:
    if isinstance(error, ValidationError):
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"{error.file}: invalid ({error.message})", file=sys.stderr)
    else:
        print(error, file=sys.stderr)


def _validate(files: Sequence[Path]) -> int:
    from itinerary.geo.route import build_route
    from itinerary.views.stats import journey_totals
    from itinerary.views.text import count_noun, format_km

    code = EXIT_OK
    for file in files:
        try:
            journey = load_journey(file)
        except DataFileError as error:
            _report(error)
            code = EXIT_INVALID
            continue
        totals = journey_totals(journey, build_route(journey))
        print(
            f"{file}: valid: {journey.title!r}, {count_noun(totals.stops, 'stop')} over "
            f"{count_noun(totals.days, 'day')}, "
            f"{format_km(totals.rail_km)} by rail"
        )
    return code


def _export(file: Path, fmt: ExportFormat | None, output: Path | None) -> int:
    from itinerary.geo.route import build_route
    from itinerary.views.export import export_file
    from itinerary.views.publish import embed_snippet

    fmt = fmt or (FORMAT_BY_SUFFIX.get(output.suffix.lower()) if output else None)
    if fmt is None:
        print(
            "itinerary export: say which format: --format geojson|csv|html, or an output file "
            f"(-o) ending in {', '.join(FORMAT_BY_SUFFIX)}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        journey = load_journey(file)
    except DataFileError as error:
        _report(error)
        return EXIT_INVALID
    try:
        text, needs_internet = export_file(journey, build_route(journey), journey.stops, fmt)
        if needs_internet:
            print(f"itinerary export: note: {needs_internet}", file=sys.stderr)
        if output is None:
            sys.stdout.write(text)
        else:
            output.write_text(text, encoding="utf-8")
    except (ItineraryError, OSError) as error:
        print(f"itinerary export: {error}", file=sys.stderr)
        return EXIT_USAGE
    if fmt == "html" and output is not None:
        size = len(text.encode("utf-8"))
        print(
            f"itinerary export: wrote {output} ({size / 1000:,.0f} kB), a page any static "
            "web host or CDN can serve. To embed it, paste this into a page in the same "
            "folder (from anywhere else, with the map's full web address as src):\n"
            f"{embed_snippet(output.name, journey.title)}",
            file=sys.stderr,
        )
    return EXIT_OK


def _schema(output: Path | None) -> int:
    from itinerary.format.reference import json_schema

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        print(f"itinerary schema: {error}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def geocode_command(args: argparse.Namespace, environ: Mapping[str, str] = os.environ) -> int:
    """Run ``itinerary geocode`` from parsed arguments; return the exit code."""
    from itinerary.fileio import remove_stale_temporaries
    from itinerary.geocode import run

    try:
        options = geocode_options(args, environ)
    except GeocodingError as error:
        print(f"itinerary geocode: {error}", file=sys.stderr)
        return EXIT_USAGE
    for path in (options.data_file, options.cache_file):
        remove_stale_temporaries(path)  # left by a run that was killed mid-write
    return run(options)


def geocode_options(args: argparse.Namespace, environ: Mapping[str, str]) -> GeocodeOptions:
    from itinerary.geocode import CACHE_NAME, GeocodeOptions, parse_service_url

    user_agent = (args.user_agent or environ.get(USER_AGENT_ENV) or "").strip()
    if not user_agent:
        raise GeocodingError(
            "a User-Agent that identifies you is required by Nominatim's usage policy: pass "
            f"--user-agent 'my-project/1.0 (me@example.org)' or set {USER_AGENT_ENV}"
        )
    if not (user_agent.isascii() and user_agent.isprintable()):
        # http.client would refuse it on every request; say so once, up front.
        raise GeocodingError(
            f"the User-Agent must be printable ASCII on one line, instead got {user_agent!r}"
        )
    if args.accept and not args.refresh:
        raise GeocodingError("--accept only makes sense with --refresh")
    data_file: Path = args.file
    return GeocodeOptions(
        data_file=data_file,
        user_agent=user_agent,
        service=parse_service_url(args.nominatim_url),
        cache_file=args.cache or data_file.parent / CACHE_NAME,
        timeout_s=args.timeout,
        threshold_km=args.threshold_km,
        refresh=args.refresh,
        accept=args.accept,
        check=args.check,
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "validate":
        return _validate(args.files)
    if args.command == "export":
        return _export(args.file, args.format, args.output)
    if args.command == "schema":
        return _schema(args.output)
    if args.command == "serve":
        return _serve(args.file, args.port, args.host)
    return geocode_command(args)


def _serve(file: Path | None, port: int, host: str) -> int:
    import subprocess
    import tempfile

    from itinerary.dashboard.site import checkout_site, make_site, streamlit_command

    if file is not None and not file.is_file():
        print(f"{file}: no such file", file=sys.stderr)
        return EXIT_USAGE
    with tempfile.TemporaryDirectory(prefix="itinerary-site-") as scratch:
        site = checkout_site()
        if site is None:
            try:
                site = make_site(Path(scratch))
            except FileNotFoundError as error:
                print(f"itinerary serve: {error}", file=sys.stderr)
                return EXIT_USAGE
        print(f"itinerary serve: http://{host}:{port} (Ctrl+C stops it)", flush=True)
        try:
            # Our own interpreter running Streamlit on our own files: no untrusted input.
            command = streamlit_command(site, port, file, host)
            return subprocess.call(command, cwd=site)  # noqa: S603
        except KeyboardInterrupt:
            return EXIT_OK
