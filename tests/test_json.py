"""JSON itinerary files: the same schema, the same checker, the same strictness as YAML.

A file named ``*.json`` is read by Python's json module made strict (no NaN or
Infinity, no key twice, the YAML reader's size, container and nesting limits) into the
same plain values as the YAML reader gives, so every schema problem is worded the
same. Tables below: the loader's rejected inputs through both formats (the same
problems, word for word), and JSON's own hostile inputs, each with its reason.
"""

from __future__ import annotations

import codecs
import copy
import json
import math
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from itinerary.dashboard.catalog import NOT_JOURNEYS, discover
from itinerary.errors import DataFileError, ValidationError
from itinerary.format.limits import MAX_CONTAINERS, MAX_FILE_BYTES, MAX_NESTING
from itinerary.format.loader import is_json_name, load_journey, parse_journey, parse_yaml
from itinerary.format.parsed import TooLarge
from itinerary.format.reading import read_document
from itinerary.geocode import CACHE_NAME
from itinerary.model import Journey
from scripts.synthetic import journey_json, journey_text, write_journey
from tests.conftest import MINI, REAL_JOURNEY, ROOT
from tests.test_loader import REJECTED, _set

MINI_RAW: dict[str, Any] = yaml.safe_load(MINI.read_text(encoding="utf-8"))
MINI_JSON = json.dumps(MINI_RAW, indent=2)


def _same(a: Journey, b: Journey) -> bool:
    return replace(a, source_file="") == replace(b, source_file="")


def _problems(content: bytes | str, name: str) -> list[tuple[str | None, str, str]]:
    with pytest.raises(ValidationError) as caught:
        parse_journey(content, name)
    assert all(p.file == name for p in caught.value.problems)
    return [(p.stop_id, p.field, p.message) for p in caught.value.problems]


def test_the_mini_journey_reads_the_same_from_json_and_yaml() -> None:
    from_yaml = load_journey(MINI)
    from_json = parse_journey(MINI_JSON.encode(), "mini.json")
    assert _same(from_json, from_yaml)
    assert from_json.source_file == "mini.json"


def test_every_shipped_data_file_reads_the_same_as_json(tmp_path: Path) -> None:
    for path in sorted(REAL_JOURNEY.parent.glob("*.yaml")):
        document = parse_yaml(path.read_bytes(), str(path))
        twin = tmp_path / f"{path.stem}.json"
        twin.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        assert _same(load_journey(twin), load_journey(path)), path.name


@pytest.mark.parametrize(
    ("path", "value"), [row[:2] for row in REJECTED], ids=[row[4] for row in REJECTED]
)
def test_rejected_inputs_give_the_same_problems_in_both_formats(path: str, value: Any) -> None:
    document = copy.deepcopy(MINI_RAW)
    _set(document, path, value)
    as_yaml = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    as_json = json.dumps(document)  # NaN and Infinity written as JSON does not allow
    from_json = _problems(as_json, "trip.json")
    if isinstance(value, float) and not math.isfinite(value):
        # The one difference: JSON's constant is quoted as written, YAML's as Python's.
        from_json = [
            (stop, field, message.replace("NaN", "nan").replace("Infinity", "inf"))
            for stop, field, message in from_json
        ]
    assert from_json == _problems(as_yaml, "trip.yaml")


@pytest.mark.parametrize(
    ("name", "text"),
    [("f.json", '{"a": {"x": 1, "x": 2}, "a": 1, "b": [{"y": 1, "y": 2}]}'),
     ("f.yaml", "a: {x: 1, x: 2}\na: 1\nb: [{y: 1, y: 2}]\n")],
    ids=["JSON", "YAML"],
)  # fmt: skip
def test_a_repeat_inside_a_replaced_value_gives_way_to_the_key_that_replaced_it(
    name: str, text: str
) -> None:
    # The first "a" and its repeated "x" are gone from the document: "a" is reported.
    parsed = read_document(text, name)
    assert parsed.value == {"a": 1, "b": [{"y": 2}]}
    assert sorted((r.path, r.key) for r in parsed.repeats) == [((), "a"), (("b", 0), "y")]


# (JSON text, the (path, key) of each key written again, why): the reader counts the
# keys a text writes from its quotes, so escaped quotes and backslashes must not fool it.
REPEATS: list[tuple[str, list[tuple[tuple[str | int, ...], str]], str]] = [
    ('{"a": "x\\"y", "b": 1}', [], "an escaped quote in a value is not a string's end"),
    ('{"a": "x\\"y", "a": 1}', [((), "a")], "a repeat beside an escaped quote"),
    ('{"a\\\\": 1, "a\\\\": 2}', [((), "a\\")], "a key ending in an escaped backslash"),
    ('{"a": "\\\\\\"", "b": {"c": 1, "c": 2}}', [(("b",), "c")],
     "an escaped backslash, then an escaped quote"),
    ('{"a": "' + "\\\\" * 8 + '\\"", "b": 1}', [], "a quote behind 17 backslashes"),
    ('{"a": "' + "\\\\" * 8 + '\\"", "a": 1}', [((), "a")],
     "a repeat beside a quote behind 17 backslashes (read object by object)"),
    ('{"a\\u0022": 1, "a\\"": 2}', [((), 'a"')], "the same key escaped two ways"),
    ('[{"k": 1}, {"k": 1, "k": 2}]', [((1,), "k")], "objects in a list"),
    ('{"a": ["x", "y"], "b": "z", "a": []}', [((), "a")],
     "a replaced value takes its strings with it"),
    ('{"a": {"x": "1"}, "a": {"x": "1"}}', [((), "a")], "a value written twice, equal"),
    ('"just a string"', [], "a string at the top"),
    ("{}", [], "an empty object"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"), [row[:2] for row in REPEATS], ids=[row[2] for row in REPEATS]
)
def test_every_key_written_twice_is_found(
    text: str, expected: list[tuple[tuple[str | int, ...], str]]
) -> None:
    parsed = read_document(text, "f.json")
    assert parsed.value == json.loads(text)
    assert sorted((r.path, r.key) for r in parsed.repeats) == sorted(expected)


@pytest.mark.parametrize(
    ("text", "path", "written"),
    [("1e400", (), "1e400"), ("[1.5, -1e400]", (1,), "-1e400"),
     ('{"a": {"b": 2e308}}', ("a", "b"), "2e308"), ('{"a": [NaN]}', ("a", 0), "NaN")],
    ids=["at the top", "in a list", "in an object", "a bare constant"],
)  # fmt: skip
def test_a_number_too_large_keeps_the_text_it_was_written_with(
    text: str, path: tuple[str | int, ...], written: str
) -> None:
    value: Any = read_document(text, "f.json").value
    for step in path:
        value = value[step]
    assert isinstance(value, TooLarge) and repr(value) == written


# JSON as written by hand: objects as lists of pairs (a key may come twice), strings
# from an alphabet of quotes and backslashes, written with escapes of either kind.
_KEYS = st.text(alphabet='a"\\', max_size=3)
_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
    st.text(alphabet='ab"\\\x01é', max_size=6),
)  # fmt: skip
_TREES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(tuple),  # a tuple stands for a JSON list
        st.lists(st.tuples(_KEYS, inner), max_size=5),  # a list of pairs for an object
    ),
    max_leaves=25,
)


def _write(tree: Any, escape_all: bool) -> str:
    if isinstance(tree, tuple):
        return "[" + ", ".join(_write(item, escape_all) for item in tree) + "]"
    if isinstance(tree, list):
        pairs = (f"{_write(key, escape_all)}: {_write(value, escape_all)}" for key, value in tree)
        return "{" + ",".join(pairs) + "}"
    if isinstance(tree, str) and escape_all:
        return '"' + "".join(f"\\u{ord(c):04x}" for c in tree) + '"'
    return json.dumps(tree)


def _expected(tree: Any, path: tuple[str | int, ...] = ()) -> list[tuple[Any, str]]:
    """The repeats, worked out from the pairs: a value a later key replaced is left out."""
    found: list[tuple[Any, str]] = []
    if isinstance(tree, tuple):
        for index, item in enumerate(tree):
            found += _expected(item, (*path, index))
    elif isinstance(tree, list):
        last = {key: n for n, (key, _) in enumerate(tree)}
        seen: set[str] = set()
        for n, (key, value) in enumerate(tree):
            if key in seen:
                found.append((path, key))
            seen.add(key)
            if last[key] == n:
                found += _expected(value, (*path, key))
    return found


@given(tree=_TREES, escape_all=st.booleans())
@settings(max_examples=300, deadline=None)
def test_the_keys_written_twice_are_found_in_any_json(tree: Any, escape_all: bool) -> None:
    text = _write(tree, escape_all)
    parsed = read_document(text, "f.json")
    assert parsed.value == json.loads(text)
    assert sorted(map(repr, ((r.path, r.key) for r in parsed.repeats))) == sorted(
        map(repr, _expected(tree))
    )


def _mini_json(old: str, new: str) -> bytes:
    assert MINI_JSON.count(old) == 1, old
    return MINI_JSON.replace(old, new, 1).encode()


_ALPHA_LAT = '"lat": 43.8'
_ALPHA_SEQ = '"seq": 1,'
_ALPHA_NAME = '"name": "Alpha",'

# (content, stop, field, fragment of the message, why); stop and field None: the file
# cannot be read at all, and the message says so for the file as a whole.
HOSTILE: list[tuple[bytes, str | None, str | None, str, str]] = [
    (_mini_json(_ALPHA_LAT, '"lat": NaN'), "alpha", "location.lat",
     "must be between -90 and 90, instead got NaN", "NaN is not a JSON number"),
    (_mini_json(_ALPHA_LAT, '"lat": Infinity'), "alpha", "location.lat",
     "must be between -90 and 90, instead got Infinity", "nor is Infinity"),
    (_mini_json(_ALPHA_LAT, '"lat": -Infinity'), "alpha", "location.lat",
     "instead got -Infinity", "nor -Infinity"),
    (_mini_json(_ALPHA_SEQ, '"seq": NaN,'), "alpha", "seq",
     "expected a whole number between -1,000,000,000 and 1,000,000,000, instead got NaN",
     "NaN as a sequence number"),
    (_mini_json(_ALPHA_LAT, '"lat": 1e400'), "alpha", "location.lat",
     "instead got 1e400", "a float too large for a float: shown as written"),
    (_mini_json(_ALPHA_SEQ, '"seq": ' + "9" * 5_000 + ","), "alpha", "seq",
     "expected a whole number", "5,000 digits: more than Python converts"),
    (_mini_json(_ALPHA_LAT, '"lat": 43.8, "lat": 50.0'), "alpha", "location.lat",
     "is written twice in the same object; keep one", "a key twice: JSON keeps the last"),
    (_mini_json('"schema": "itinerary/1",', '"schema": "itinerary/1", "schema": "x",'), None,
     "schema", "is written twice in the same object", "a key twice at the top level"),
    (_mini_json(_ALPHA_LAT, '"lat": "43.8"'), "alpha", "location.lat",
     "expected a number of degrees, instead got '43.8'", "a number in quotes is text"),
    (_mini_json(_ALPHA_NAME, '"name": 42,'), "alpha", "name", "expected text, instead got 42",
     "a number is not a name"),
    (_mini_json(_ALPHA_NAME, '"name": null,'), "alpha", "name", "expected text, instead got None",
     "null is not a name"),
    (_mini_json(_ALPHA_NAME, '"name": "Al\\u0007pha",'), "alpha", "name",
     "invisible character U+0007", "an escaped control character"),
    (_mini_json(_ALPHA_NAME, '"name": "Al\\ud800pha",'), "alpha", "name",
     "invisible character U+D800", "an escaped lone surrogate"),
    (_mini_json(_ALPHA_NAME, '"name": "Al\\u202epha",'), "alpha", "name",
     "invisible character U+202E", "an escaped bidirectional override"),
    (_mini_json('"reconstructed": true', '"reconstructed": 1'), None, "route.reconstructed",
     "expected true or false, instead got 1", "1 is not true"),
    (_mini_json(_ALPHA_NAME, '"name": "Alpha", "extra": "' + "[" * (MAX_CONTAINERS + 1) + '",'),
     "alpha", "extra", "unknown field 'extra'",
     "brackets in a string are not containers (counted exactly past the quick bound)"),
    (_mini_json(_ALPHA_NAME, '"name": "Alpha", "extra": "\\"' + "{" * (MAX_CONTAINERS + 1) + '",'),
     "alpha", "extra", "unknown field 'extra'", "an escaped quote does not end the string"),
    (b'{"a": ' + b"[" * (MAX_NESTING - 1) + b"]" * (MAX_NESTING - 1) + b"}", None, "a",
     "unknown field 'a'", "24 levels in all: at the limit, read"),
    (b"{}", None, "schema", "is required but missing", "an empty object"),
    (b"", None, None, "is empty", "an empty file"),
    (b" \n\t", None, None, "is empty", "only white space"),
    (b"[1, 2]", None, None, "expected a mapping with schema, journey and stops",
     "the top level is an object"),
    (b'{"schema": "itinerary/1",}', None, None, "is not valid JSON: line 1, column 26",
     "a trailing comma"),
    (_mini_json('"seq": 2,', '"seq": 2'), None, None,
     "is not valid JSON: line 44, column 7: Expecting ',' delimiter",
     "a missing comma: the line and column"),
    (b"{'schema': 'itinerary/1'}", None, None, "Expecting property name enclosed in double",
     "single quotes are not JSON"),
    (b'{"a": "x\ty"}', None, None, "line 1, column 9: Invalid control character",
     "a raw tab in a string (JSON strings escape it)"),
    (b'{"a": "x\x07y"}', None, None, "the invisible control character U+0007",
     "a raw control character"),
    (b'{"a": 1} {"b": 2}', None, None, "Extra data", "two documents"),
    (b"[" * (MAX_NESTING + 2) + b"]" * (MAX_NESTING + 2), None, None,
     f"nested more than {MAX_NESTING} levels deep", "25 levels: over the limit"),
    (b"[" * 100_000 + b"]" * 100_000, None, None, f"nested more than {MAX_NESTING} levels deep",
     "100,000 levels: past Python's recursion limit, a DataFileError all the same"),
    (b"[" + b"[]," * MAX_CONTAINERS + b"[]]", None, None,
     f"holds more than {MAX_CONTAINERS:,} lists and objects",
     "half a million empty lists: refused before any is built"),
    (MINI_JSON.replace("Alpha", "Alph\xe9").encode("latin-1"), None, None,
     "is not valid UTF-8 text: line", "Latin-1 is not UTF-8"),
    (MINI_JSON.encode("utf-16"), None, None, "is UTF-16 text (with a byte-order mark)",
     "UTF-16"),
    (b"\x00\x01\x02", None, None, "not a text file", "binary"),
    (b" " * (MAX_FILE_BYTES + 1), None, None, "the limit is", "over 16 MB"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("content", "stop", "field", "message"),
    [row[:4] for row in HOSTILE],
    ids=[row[4] for row in HOSTILE],
)
def test_hostile_json_names_file_stop_and_field(
    content: bytes, stop: str | None, field: str | None, message: str, tmp_path: Path
) -> None:
    path = tmp_path / "hostile.json"
    path.write_bytes(content)
    for read in (lambda: parse_journey(content, str(path)), lambda: load_journey(path)):
        with pytest.raises(DataFileError) as caught:
            read()
        error = caught.value
        assert error.file == str(path) and str(error).startswith(str(path))
        if field is None:
            assert not isinstance(error, ValidationError), error
            assert message in error.message
            continue
        assert isinstance(error, ValidationError), error
        assert all(p.file == str(path) for p in error.problems)
        matching = [
            p
            for p in error.problems
            if (p.stop_id, p.field) == (stop, field) and message in p.message
        ]
        assert matching, f"no ({stop!r}, {field!r}) problem with {message!r} in {error}"


# (how the valid JSON text is rewritten, why): each still reads as the mini journey.
ACCEPTED = [
    (lambda t: codecs.BOM_UTF8 + t.encode(), "a UTF-8 byte-order mark"),
    (lambda t: t.replace("\n", "\r\n").encode(), "Windows line endings"),
    (lambda t: json.dumps(json.loads(t), separators=(",", ":")).encode(), "compact, one line"),
    (lambda t: t.replace('"Alpha station"', '"Alpha\\u0020station"').encode(), "an escape"),
    (lambda t: t.replace("43.8", "4.38e+1").encode(), "a float with an exponent"),
]


@pytest.mark.parametrize("rewrite", [row[0] for row in ACCEPTED], ids=[row[1] for row in ACCEPTED])
def test_accepted_json_variants(rewrite: Any) -> None:
    assert _same(parse_journey(rewrite(MINI_JSON), "mini.json"), load_journey(MINI))


@pytest.mark.parametrize("levels", [MAX_NESTING, MAX_NESTING + 1], ids=["at the limit", "over it"])
def test_json_and_yaml_draw_the_nesting_line_at_the_same_depth(levels: int) -> None:
    text = "[" * levels + "]" * levels
    outcomes = []
    for name in ("deep.json", "deep.yaml"):
        with pytest.raises(DataFileError) as caught:
            parse_journey(text, name)
        outcomes.append(f"nested more than {MAX_NESTING}" in caught.value.message)
    assert outcomes == [levels > MAX_NESTING] * 2


def test_the_format_follows_the_name_not_the_content() -> None:
    assert is_json_name("trip.json") and is_json_name("TRIP.JSON") and is_json_name(Path("a.json"))
    assert not is_json_name("trip.yaml") and not is_json_name("trip.yml")
    assert not is_json_name("trip.json.yaml") and not is_json_name("<upload>")
    # JSON named .yaml is read as YAML (which reads most JSON): same journey.
    assert _same(parse_journey(MINI_JSON, "mini.yaml"), load_journey(MINI))
    # YAML named .json is not JSON.
    with pytest.raises(DataFileError, match="is not valid JSON: line 1, column 1"):
        parse_journey(MINI.read_bytes(), "mini.json")
    assert read_document("{}", "x.json").value == {} == read_document("{}", "x.yaml").value


def test_the_catalog_lists_json_files_and_keeps_keys_unique(tmp_path: Path) -> None:
    for name in ("b.yaml", "a.json", "c.json", "c.yaml", "notes.txt", "geocode-cache.json"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    files = discover(tmp_path)
    assert [(f.key, f.path.name) for f in files] == [
        ("a", "a.json"),
        ("b", "b.yaml"),
        ("c.json", "c.json"),
        ("c", "c.yaml"),
    ]
    # The geocoder keeps its cache beside the journeys: not a journey.
    assert {CACHE_NAME} == NOT_JOURNEYS
    extra = tmp_path / "a.json"
    assert [f.path.name for f in discover(tmp_path, extra=extra)][:2] == ["a.json", "b.yaml"]


@pytest.mark.parametrize(
    ("stops", "vertices"),
    [(2, 500), (300, 5_000), (400, 400)],
    ids=["two stops", "sparse stops, many waypoints", "every vertex a stop"],
)
def test_synthetic_json_and_yaml_load_to_equal_journeys(
    tmp_path: Path, stops: int, vertices: int
) -> None:
    as_yaml = load_journey(write_journey(tmp_path, stops, vertices, seed=5))
    as_json_path = write_journey(tmp_path, stops, vertices, seed=5, as_json=True)
    assert as_json_path.suffix == ".json"
    as_json = load_journey(as_json_path)
    assert _same(as_json, as_yaml)
    assert len(as_json.waypoints) == vertices - stops


def test_synthetic_json_is_deterministic_and_fits_the_file_limit_at_10k_stops() -> None:
    assert journey_json(50, 1_000) == journey_json(50, 1_000)
    text = journey_json(10_000, 100_000)
    # Compact on one line: with a line per item it would be over the 16 MB limit.
    assert len(text.encode("utf-8")) < MAX_FILE_BYTES
    assert text.count("\n") == 1
    assert json.loads(text) == parse_yaml(journey_text(10_000, 100_000), "10k.yaml")


def test_synthetic_command_writes_both_formats(tmp_path: Path) -> None:
    out, json_out = tmp_path / "s.yaml", tmp_path / "s.json"
    result = subprocess.run(
        [sys.executable, "scripts/synthetic.py", "--stops", "20", "--vertices", "200",
         "--out", str(out), "--json-out", str(json_out)],
        capture_output=True, text=True, cwd=ROOT, check=True,
    )  # fmt: skip
    assert out.read_text(encoding="utf-8") == journey_text(20, 200)
    assert json_out.read_text(encoding="utf-8") == journey_json(20, 200)
    assert result.stdout.count("sha256") == 2
    assert _same(load_journey(out), load_journey(json_out))
