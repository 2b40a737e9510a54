"""The itinerary command: exit codes, one problem per line, never a traceback."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
import yaml

from itinerary.cli import main, parser
from itinerary.views.publish import embed_snippet
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


def test_validate_checks_every_file_and_fails_if_any_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINI.read_text().replace("seq: 2", "seq: 0"))
    assert main(["validate", str(MINI), str(bad), str(MINI)]) == 1
    captured = capsys.readouterr()
    assert captured.out.count(": valid: 'Mini journey'") == 2  # the file after it too
    assert f"{bad}: invalid (1 problem found)" in captured.err
    assert main(["validate", str(MINI), str(MINI)]) == 0


def test_the_version_is_the_installed_distribution_s(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.strip() == f"itinerary {metadata.version('itinerary-map')}"


def _actions(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.Action]]:
    found: list[tuple[str, argparse.Action]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += [(f"{name} {label}", sub_action) for label, sub_action in _actions(sub)]
        found.append((parser.prog, action))
    return found


def test_help_describes_every_argument_and_option() -> None:
    undescribed = [
        f"{where}: {action.option_strings or action.dest}"
        for where, action in _actions(parser())
        if not action.help
    ]
    assert undescribed == []
    for command in ("validate", "export", "geocode", "schema"):
        result = subprocess.run(
            [sys.executable, "-m", "itinerary", command, "--help"],
            capture_output=True, text=True, cwd=ROOT, check=True,
        )  # fmt: skip
        assert result.stdout.startswith(f"usage: itinerary {command}")


# (output file name, what the file must start with; why)
BY_SUFFIX = [
    ("trip.geojson", '{\n "type": "FeatureCollection"', "GeoJSON by its usual suffix"),
    ("trip.json", '{\n "type": "FeatureCollection"', "plain .json is GeoJSON too"),
    ("TRIP.CSV", "id,seq,name", "suffixes in any case"),
    ("trip.html", "<!DOCTYPE html>", "a standalone map"),
]


@pytest.mark.parametrize(
    ("name", "start"), [r[:2] for r in BY_SUFFIX], ids=[r[2] for r in BY_SUFFIX]
)
def test_export_infers_the_format_from_the_output_suffix(
    tmp_path: Path, name: str, start: str
) -> None:
    out = tmp_path / name
    assert main(["export", str(MINI), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith(start)


def test_export_without_a_format_to_say_it_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(MINI), "-o", str(tmp_path / "trip.txt")]) == 2
    assert main(["export", str(MINI)]) == 2
    assert "say which format: --format geojson|csv|html" in capsys.readouterr().err
    assert not (tmp_path / "trip.txt").exists()
    # An explicit --format wins over the suffix.
    out = tmp_path / "trip.txt"
    assert main(["export", str(MINI), "--format", "csv", "-o", str(out)]) == 0
    assert out.read_text().startswith("id,seq,name")


def test_schema_prints_the_json_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads((ROOT / "docs" / "itinerary.schema.json").read_text())
    assert main(["schema", "-o", str(tmp_path / "s.json")]) == 0
    assert json.loads((tmp_path / "s.json").read_text()) == printed


def test_an_html_export_says_how_to_embed_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "trip.html"
    assert main(["export", str(MINI), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"wrote {out} ({out.stat().st_size / 1000:,.0f} kB)" in err
    # The code names the file as a page beside it would: by its name.
    assert err.rstrip().endswith(embed_snippet("trip.html", "Mini journey"))
    assert 'id="itin-page-data"' in out.read_text(encoding="utf-8")
