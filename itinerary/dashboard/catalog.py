"""Which journeys there are: every itinerary file in the data folder (and an upload), and
what the journey picker calls each."""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from itinerary.errors import DataFileError

# The formats the loader reads (itinerary.format.loader.parse_document picks by extension).
PATTERNS = ("*.yaml", "*.json")
# JSON files that live beside the journeys but are not journeys: the geocoder's cache
# (itinerary.geocode.CACHE_NAME; not imported here, geopy takes a fifth of a second).
NOT_JOURNEYS = frozenset({"geocode-cache.json"})
# The picker's key for the journey uploaded in this session (files are keyed by name).
UPLOAD_KEY: Final = "upload"


@dataclass(frozen=True, slots=True)
class JourneyFile:
    # The file name without its extension: stable, used in deep links. Where a YAML
    # and a JSON file share a stem, the JSON one is keyed by its full name instead.
    key: str
    path: Path


def discover(data_dir: Path, extra: Path | None = None) -> list[JourneyFile]:
    """Data files (YAML and JSON) sorted by name, with ``extra`` (from --data) first if given."""
    paths = sorted(
        {
            path
            for pattern in PATTERNS
            for path in data_dir.glob(pattern)
            if path.name not in NOT_JOURNEYS
        }
    )
    stems = Counter(path.stem for path in paths)
    files = [
        JourneyFile(
            path.name if stems[path.stem] > 1 and path.suffix == ".json" else path.stem, path
        )
        for path in paths
    ]
    if extra is not None:
        files = [f for f in files if f.path.resolve() != extra.resolve()]
        files.insert(0, JourneyFile(extra.stem, extra))
    return files


def picker_titles(
    files: Sequence[JourneyFile], title_of: Callable[[Path], str], upload_name: str | None
) -> dict[str, str]:
    """What the journey picker shows for each key: a file's journey title (``title_of``
    reads it), or its name when it cannot be read; the upload by its file name."""
    titles = {}
    for file in files:
        try:
            titles[file.key] = title_of(file.path)
        except DataFileError:
            titles[file.key] = f"{file.path.name} (cannot be read)"
    titles[UPLOAD_KEY] = f"Uploaded: {upload_name}" if upload_name is not None else "Uploaded file"
    return titles


def cli_data_path(argv: list[str]) -> Path | None:
    """The file given to the dashboard as ``--data FILE`` (after ``--`` on streamlit's line)."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data", type=Path)
    known, _ = parser.parse_known_args(argv)
    path: Path | None = known.data
    return path
