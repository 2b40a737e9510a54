"""The itinerary command: exit codes, one problem per line, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from itinerary.cli import main
from tests.conftest import MINI, ROOT


def test_validate_a_good_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(MINI)]) == 0
    out = capsys.readouterr().out
    assert out.strip() == f"{MINI}: valid: 'Mini journey', 3 stops over 3 days, 579 km by rail"


def test_validate_a_broken_file_lists_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = yaml.safe_load(MINI.read_text())
    raw["stops"][0]["topics"] = ["sport"]
    raw["stops"][2]["sources"][0]["url"] = "javascript:alert(1)"
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(raw))
    assert main(["validate", str(bad)]) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines[0].startswith(f"{bad}: stop 'alpha': topics[0]: unknown topic 'sport'")
    assert lines[1] == (
        f"{bad}: stop 'gamma': sources[0].url: must be an http:// or https:// address, "
        "instead got 'javascript:alert(1)'"
    )
    assert lines[2] == f"{bad}: invalid (2 problems found)"


def test_export_geojson_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "trip.geojson"
    assert main(["export", str(MINI), "--format", "geojson", "-o", str(out)]) == 0
    features = json.loads(out.read_text())["features"]
    assert sum(f["properties"]["kind"] == "stop" for f in features) == 3


def test_export_csv_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(MINI), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("alpha,1,Alpha,")


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["export", str(MINI), "--format", "kml"])
    assert caught.value.code == 2


def test_python_dash_m_on_binary_junk_prints_no_traceback(tmp_path: Path) -> None:
    junk = tmp_path / "junk.yaml"
    junk.write_bytes(b"\x00\x01\x02\xff" * 10)
    result = subprocess.run(
        [sys.executable, "-m", "itinerary", "validate", str(junk)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == f"{junk}: this is not a text file (it contains NUL bytes)"
