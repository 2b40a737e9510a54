"""What the journey picker calls each journey: the file's title, or why it has none."""

from __future__ import annotations

from pathlib import Path

import pytest

from itinerary.dashboard.catalog import UPLOAD_KEY, JourneyFile, picker_titles
from itinerary.errors import DataFileError

FILES = [JourneyFile("good", Path("data/good.yaml")), JourneyFile("bad", Path("data/bad.json"))]


def title_of(path: Path) -> str:
    if path.stem == "bad":
        raise DataFileError(str(path), "is not valid JSON")
    return f"Title of {path.name}"


@pytest.mark.parametrize(
    ("key", "upload_name", "title"),
    [
        ("good", None, "Title of good.yaml"),
        ("bad", None, "bad.json (cannot be read)"),
        (UPLOAD_KEY, "mine.yaml", "Uploaded: mine.yaml"),
        (UPLOAD_KEY, None, "Uploaded file"),
    ],
    ids=[
        "a file is named by its journey's title",
        "a broken file by its name, and says so (the picker still lists it)",
        "an upload by its file's name",
        "an upload that is gone (its key stays chosen for a moment)",
    ],
)
def test_picker_titles(key: str, upload_name: str | None, title: str) -> None:
    assert picker_titles(FILES, title_of, upload_name)[key] == title


def test_only_a_data_file_error_names_a_file_unreadable() -> None:
    def broken(path: Path) -> str:
        raise RuntimeError("a bug, not a bad file")

    with pytest.raises(RuntimeError):
        picker_titles(FILES, broken, None)
