"""Which journeys there are: every itinerary file in the data folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class JourneyFile:
    key: str  # the file name without .yaml: stable, used in deep links
    path: Path


def discover(data_dir: Path, extra: Path | None = None) -> list[JourneyFile]:
    """Data files sorted by name, with ``extra`` (from --data) first if given."""
    files = [JourneyFile(path.stem, path) for path in sorted(data_dir.glob("*.yaml"))]
    if extra is not None:
        files = [f for f in files if f.path.resolve() != extra.resolve()]
        files.insert(0, JourneyFile(extra.stem, extra))
    return files
