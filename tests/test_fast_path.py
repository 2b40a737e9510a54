"""The checker's fast path: it accepts only what the full checker accepts, and builds the same.

Big files go through a fast path (items with exactly the expected types become model
objects directly) that hands an item to the full checker at its first irregular value.
These tests run documents through both and compare: the same Journey, or the same
problems, word for word. The fast path is switched off by making it refuse everything.
"""

from __future__ import annotations

import contextlib
import copy
import gc
import math
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itinerary import loader
from itinerary.errors import DataFileError, ValidationError
from itinerary.loader import TooLarge, build_journey, parse_yaml
from itinerary.model import Journey
from scripts.synthetic import journey_document
from tests.conftest import MINI, ROOT

MINI_RAW: dict[str, Any] = yaml.safe_load(MINI.read_text(encoding="utf-8"))
Outcome = Journey | list[tuple[str | None, str, str]]


def _refuse(*_: object) -> Any:
    raise loader._IrregularError


def _outcome(document: object) -> Outcome:
    try:
        return build_journey(copy.deepcopy(document), "f.yaml")
    except ValidationError as error:
        return [(p.stop_id, p.field, p.message) for p in error.problems]
    except DataFileError as error:
        return [(None, "", error.message)]


def _both(document: object, patch: pytest.MonkeyPatch) -> tuple[Outcome, Outcome]:
    fast = _outcome(document)
    with patch.context() as inner:
        inner.setattr(loader, "_fast_stop", _refuse)
        inner.setattr(loader, "_fast_waypoint", _refuse)
        inner.setattr(loader, "_fast_leg", _refuse)
        inner.setattr(loader, "_WAYPOINT_REQUIRED", frozenset({"<no fast path>"}))
        slow = _outcome(document)
    return fast, slow


def _set(document: dict[str, Any], path: str, value: object) -> None:
    *parents, last = path.split(".")
    target: Any = document
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    if value is DELETE:
        del target[int(last) if last.isdigit() else last]
    else:
        target[int(last) if last.isdigit() else last] = value


DELETE = object()

# (where, value, why): each is tried in the mini journey, through both paths.
EDGES = [
    ("stops.0.location.lat", 43, "whole degrees: an int, converted to float by both"),
    ("stops.0.location.lat", True, "a boolean is not a number"),
    ("stops.0.location.lat", 90.0, "the pole itself"),
    ("stops.0.location.lat", 90.000001, "just past the pole"),
    ("stops.0.location.lat", math.nan, "NaN"),
    ("stops.0.location.lat", TooLarge("1e400"), "too large for a float"),
    ("stops.0.location.lat", 10**400, "a 400-digit integer"),
    ("stops.0.location.provenance", "geocoded", "geocoded without a geocoder"),
    ("stops.0.location.geocoder", "  ", "a blank optional text is absent"),
    ("stops.0.location.note", None, "a null optional text is absent"),
    ("stops.0.location.note", 5, "an optional text of the wrong type"),
    ("stops.0.name", "  Alpha  ", "text is stripped"),
    ("stops.0.name", "Al\tpha", "a tab is allowed: isprintable says no, the pattern yes"),
    ("stops.0.name", "Al\u202epha", "a bidi override is not"),
    ("stops.0.name", "Al\u00a0pha", "a no-break space is allowed"),
    ("stops.0.name", "x" * 300, "at the length limit"),
    ("stops.0.name", "x" * 301, "past the length limit"),
    ("stops.0.name", "", "empty"),
    ("stops.0.id", "Alpha", "an id with a capital"),
    ("stops.0.id", "a" * 101, "an id past 100 characters"),
    ("stops.0.seq", 1.0, "seq as a float"),
    ("stops.0.seq", 10**9 + 1, "seq out of range"),
    ("stops.0.start", " 2023-09-12T06:00:00+10:00 ", "a time with spaces around it"),
    ("stops.0.start", "2023-09-12", "a bare date"),
    ("stops.0.start", "2023-09-12T06:00:00", "no offset"),
    ("stops.0.start", "0999-09-12T06:00:00+10:00", "year out of range"),
    ("stops.1.end", None, "a null end"),
    ("stops.1.end", "2023-09-13T07:00:00+10:00", "end before start"),
    ("stops.0.topics", ["railways", "railways"], "a topic twice"),
    ("stops.0.topics", ["railways", ["x"]], "an unhashable topic"),
    ("stops.0.people", [" Person A "], "a name to strip"),
    ("stops.0.people", "Person A", "people as text"),
    ("stops.0.sources.0.url", "HTTPS://EXAMPLE.ORG/A", "scheme in capitals"),
    ("stops.0.sources.0.url", " https://example.org/a ", "a URL with spaces around it"),
    ("stops.0.sources.0.url", "https://example.org:8080/a", "a port: the full check"),
    ("stops.0.sources.0.url", "https://example.org:99999/a", "an impossible port"),
    ("stops.0.sources.0.url", "https://user@example.org/a", "a user name"),
    ("stops.0.sources.0.url", "https://example.org/a\\b", "a backslash"),
    ("stops.0.sources.0.url", "https://кремль.рф/путь", "an internationalised URL"),
    ("stops.0.sources.0.url", "https://example.org/" + "a" * 2000, "a URL past 2,000"),
    ("stops.0.sources.0.extra", 1, "an unknown key in a source"),
    ("stops.0.time_note", "   ", "a blank time note"),
    ("stops.0.geocode_query", "x" * 301, "a long geocode query"),
    ("stops.0.colour", "red", "an unknown key in a stop"),
    ("stops.0", ["alpha"], "a stop that is a list"),
    ("waypoints.0.lat", 45, "a whole-degree waypoint"),
    ("waypoints.0.note", "a note", "a waypoint with a note"),
    ("waypoints.0.note", "", "a waypoint with a blank note"),
    ("waypoints.0.id", "alpha", "a waypoint with a stop's id"),
    ("waypoints.1.id", "wp-south", "two waypoints with one id"),
    ("waypoints.0.kind", ["station"], "an unhashable kind"),
    ("waypoints.0.name", "Km 1\x85", "a next-line character at the end is stripped"),
    ("waypoints.0", {}, "an empty waypoint"),
    ("route.legs.0.via", ["wp-north", "wp-south"], "via in the wrong order (detour check)"),
    ("route.legs.0.via", ["nowhere"], "a dangling reference"),
    ("route.legs.0.via", None, "a null via"),
    ("route.legs.0.from", "beta", "a leg from the wrong stop"),
    ("route.legs.0.from", "Beta", "a malformed stop id in a leg"),
    ("route.legs.0.note", " note ", "a leg note to strip"),
    ("route.legs.0.via", DELETE, "a leg without via"),
    ("waypoints.0.lat", "45", "a broken waypoint: the leg using it is not reported again"),
]


@pytest.mark.parametrize(
    ("where", "value"), [row[:2] for row in EDGES], ids=[row[2] for row in EDGES]
)
def test_fast_and_full_checks_agree_on_edge_cases(
    where: str, value: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = copy.deepcopy(MINI_RAW)
    _set(document, where, value)
    fast, slow = _both(document, monkeypatch)
    assert fast == slow


def test_the_fast_path_is_taken_for_regular_items(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    for name in ("_fast_stop", "_fast_leg"):
        original = getattr(loader, name)

        def counted(*args: Any, _original: Any = original, _name: str = name) -> Any:
            calls.append(_name)
            return _original(*args)

        monkeypatch.setattr(loader, name, counted)
    read_stop = loader._read_stop
    full: list[object] = []
    monkeypatch.setattr(loader, "_read_stop", lambda *a: full.append(a) or read_stop(*a))
    build_journey(copy.deepcopy(MINI_RAW), "f.yaml")
    assert calls.count("_fast_stop") == 3 and calls.count("_fast_leg") == 2
    assert full == []  # no stop needed the full checker


# Values the generated documents draw from: valid ones and the usual mistakes.
_VALUES = st.sampled_from(
    [
        None, True, 0, 1, 2, -1, 43, 45.5, 91.0, -180.0, 1.0, math.nan, math.inf,
        10**400, TooLarge("1e999"), "", " ", "alpha", "beta", "wp-south", "wp-north",
        "Alpha", "x" * 301, "a\tb", "a\x07b", "a\u202eb", "approximate", "geocoded",
        "station", "border", "rail", "road", "exact", "day", "confirmed", "railways",
        "space", "2023-09-12T06:00:00+10:00", "2023-09-15T06:00:00+10:00", "2023-09-12",
        "https://example.org/x", "javascript:x", "https://a@b.org", [], ["railways"],
        ["wp-south"], ["Person"], [None], {}, {"outlet": "O", "title": "T", "url": "http://x.org"},
        {"lat": 1.0, "lon": 2.0, "provenance": "surveyed"},
    ]
)  # fmt: skip
_PATHS = st.sampled_from(
    [
        "stops.0.id", "stops.1.id", "stops.0.seq", "stops.2.seq", "stops.0.name",
        "stops.1.region", "stops.0.location", "stops.0.location.lat", "stops.2.location.lon",
        "stops.1.location.provenance", "stops.0.location.geocoder", "stops.0.location.note",
        "stops.0.start", "stops.1.end", "stops.2.end", "stops.0.time_precision",
        "stops.0.time_note", "stops.1.topics", "stops.1.people", "stops.0.summary",
        "stops.2.confidence", "stops.0.sources", "stops.1.sources.0", "stops.0.sources.0.url",
        "stops.0.geocode_query", "stops.0.extra", "waypoints.0", "waypoints.0.id",
        "waypoints.1.id", "waypoints.0.name", "waypoints.1.kind", "waypoints.0.lat",
        "waypoints.1.lon", "waypoints.0.provenance", "waypoints.1.note", "route.legs.0.from",
        "route.legs.1.to", "route.legs.0.mode", "route.legs.0.via", "route.legs.1.via",
        "route.legs.0.note", "route.legs.1", "stops.1",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_PATHS, _VALUES), min_size=1, max_size=4))
def test_fast_and_full_checks_agree_on_generated_documents(
    changes: list[tuple[str, object]],
) -> None:
    document = copy.deepcopy(MINI_RAW)
    for where, value in changes:
        # An earlier change may have replaced the parent: then there is nothing to set.
        with contextlib.suppress(KeyError, IndexError, TypeError):
            _set(document, where, copy.deepcopy(value))
    with pytest.MonkeyPatch.context() as patch:
        fast, slow = _both(document, patch)
    assert fast == slow


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "tests" / "corpus").glob("*.yaml")) + sorted((ROOT / "data").glob("*.yaml")),
    ids=lambda path: path.name,
)
def test_fast_and_full_checks_agree_on_the_corpus_and_data(
    path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    try:
        document = parse_yaml(path.read_bytes(), str(path))
    except DataFileError:
        return  # refused before checking: no path to compare
    fast, slow = _both(document, monkeypatch)
    assert fast == slow


def test_fast_and_full_checks_agree_on_a_synthetic_journey(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    document = journey_document(300, 5_000, seed=3)
    document["waypoints"][7]["note"] = "a noted waypoint"
    # Whole degrees (an int) where that barely moves the waypoint.
    near = next(w for w in document["waypoints"] if abs(w["lat"] - round(w["lat"])) < 0.02)
    near["lat"] = round(near["lat"])
    fast, slow = _both(document, monkeypatch)
    assert isinstance(fast, Journey)
    assert fast == slow


def test_isprintable_implies_no_forbidden_character() -> None:
    # The fast text check trusts str.isprintable(): it must be False for every
    # character the full check refuses.
    every = "".join(map(chr, range(0x110000)))
    printable = "".join(c for c in every if c.isprintable())
    assert loader._FORBIDDEN_IN_TEXT.search(printable) is None


@settings(max_examples=300, deadline=None)
@given(st.from_regex(loader._PLAIN_URL, fullmatch=True))
def test_every_plain_url_passes_the_full_url_check(url: str) -> None:
    assert loader._url_flaw(url) is None


@pytest.mark.parametrize("enabled", [True, False], ids=["collector on", "collector off"])
def test_loading_leaves_the_garbage_collector_as_it_was(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        loader.parse_journey(MINI.read_bytes(), "mini.yaml")
        assert gc.isenabled() is enabled
        with pytest.raises(DataFileError):
            loader.parse_journey(b"[", "broken.yaml")
        assert gc.isenabled() is enabled
        with loader._collector_paused(), loader._collector_paused():
            assert not gc.isenabled()  # nested (as concurrent loads are): off until the last
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
