"""Which reader a file gets: the format follows the name, never the content.

``*.json`` (any case) is JSON; every other name is YAML. JSON is nearly valid YAML, so
a guess from the content could read one file two ways.
"""

from __future__ import annotations

from pathlib import Path

from itinerary.format.jsonread import read_json
from itinerary.format.parsed import Parsed
from itinerary.format.yamlread import read_yaml


def is_json_name(file: str | Path) -> bool:
    """Whether a file (or upload) of this name is read as JSON rather than YAML."""
    return str(file).lower().endswith(".json")


def read_document(content: bytes | str, file: str) -> Parsed:
    """Parse a file's content into plain values, as JSON or YAML by its name."""
    return read_json(content, file) if is_json_name(file) else read_yaml(content, file)


def parse_yaml(content: bytes | str, file: str) -> object:
    """The plain values of a YAML text (repeated keys keep their last value)."""
    return read_yaml(content, file).value
