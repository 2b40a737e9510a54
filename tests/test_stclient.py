"""The protocol client's bookkeeping (scripts/stclient.py) and the capacity script's arithmetic
and checks (scripts/capacity.py), without a server. tests/e2e/test_stclient.py runs the client
against the real app."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.MultiSelect_pb2 import MultiSelect

from itinerary.model import CONFIDENCE_LABELS
from scripts.capacity import Journeys, check_view, choose_confidence, percentile, slope
from scripts.stclient import (
    ElementTree,
    MessageCache,
    ProtocolError,
    Session,
    Widget,
    WidgetValue,
    state_value,
    user_key,
    widget_state,
)

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.mark.parametrize(
    ("element_id", "key"),
    [
        ("$$ID-5a90bcb33c15-q@kim-russia-2023-kim-russia", "q@kim-russia-2023-kim-russia"),
        ("$$ID-b3f201f7fcc0-None", None),
        ("$$ID-b3f201f7fcc0-a-b-c", "a-b-c"),
        ("not-an-element-id", None),
        ("", None),
    ],
    ids=[
        "a user key with hyphens and @ after the hash",
        "no user key: Streamlit writes the string None",
        "only the first two hyphens separate",
        "not a generated element id",
        "no id at all (elements that are not widgets)",
    ],
)
def test_user_key_is_read_from_the_element_id(element_id: str, key: str | None) -> None:
    assert user_key(element_id) == key


@pytest.mark.parametrize(
    ("kind", "value", "field"),
    [
        ("text_input", "Shoigu", "string_value"),
        ("text_input", "", "string_value"),
        ("multiselect", ["Unconfirmed", "Reported"], "string_array_value"),
        ("multiselect", [], "string_array_value"),
        ("checkbox", True, "bool_value"),
        ("button", True, "trigger_value"),
    ],
    ids=[
        "a search box holds text",
        "a cleared search box holds the empty string",
        "a multiselect holds its labels, in order",
        "an empty multiselect is an empty list",
        "a checkbox holds a boolean",
        "a button press is a trigger",
    ],
)
def test_widget_values_round_trip(kind: str, value: WidgetValue, field: str) -> None:
    state = widget_state("$$ID-x-k", kind, value)
    assert state.id == "$$ID-x-k"
    assert state.WhichOneof("value") == field
    assert state_value(state) == value


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("multiselect", "Unconfirmed", "takes a list of labels"),
        ("text_input", ["Shoigu"], "takes a string"),
        ("checkbox", "yes", "takes True or False"),
        ("slider", [1.0, 2.0], "no known value field"),
    ],
    ids=[
        "a bare string is not a multiselect's value",
        "a list is not a text box's value",
        "a string is not a checkbox's value",
        "kinds no action sets are refused, not guessed",
    ],
)
def test_widget_values_of_the_wrong_shape_are_refused(
    kind: str, value: WidgetValue, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        widget_state("$$ID-x-k", kind, value)


def delta(path: tuple[int, ...], markdown: str | None = None, *, block: bool = False) -> ForwardMsg:
    msg = ForwardMsg()
    msg.metadata.delta_path.extend(path)
    if block:
        msg.delta.add_block.SetInParent()
    else:
        msg.delta.new_element.markdown.body = markdown or ""
    return msg


def test_a_cacheable_message_is_sent_once_then_by_reference() -> None:
    cache = MessageCache()
    big = delta((0, 3), "big")
    big.hash, big.metadata.cacheable = "h1", True
    assert cache.resolve(big) is big
    assert cache.hashes() == ["h1"]
    ref = ForwardMsg(ref_hash="h1")
    ref.metadata.delta_path.extend((0, 5))  # the reference says where it goes this time
    full = cache.resolve(ref)
    assert full.delta.new_element.markdown.body == "big"
    assert list(full.metadata.delta_path) == [0, 5]


def test_an_uncacheable_message_is_not_kept() -> None:
    cache = MessageCache()
    small = delta((0, 1), "small")
    small.hash = "h2"
    cache.resolve(small)
    assert cache.hashes() == []


def test_a_reference_to_a_message_never_cached_is_a_protocol_error() -> None:
    with pytest.raises(ProtocolError, match="never cached"):
        MessageCache().resolve(ForwardMsg(ref_hash="nope"))


def test_cached_messages_expire_after_max_age_runs_without_use() -> None:
    cache = MessageCache()
    kept, dropped = delta((0, 1), "a"), delta((0, 2), "b")
    for msg, digest in ((kept, "keep"), (dropped, "drop")):
        msg.hash, msg.metadata.cacheable = digest, True
        cache.resolve(msg)
    for _ in range(3):
        cache.finished_run(max_age=2)
        cache.resolve(ForwardMsg(ref_hash="keep"))  # used in every run
    assert cache.hashes() == ["keep"]


def test_a_finished_run_drops_what_it_did_not_send_again() -> None:
    tree = ElementTree()
    tree.start_run()
    for msg in (delta((0, 0), block=True), delta((0, 0, 0), "old"), delta((1, 0), "sidebar")):
        tree.apply(msg)
    tree.finish_run()
    tree.start_run()
    tree.apply(delta((0, 0), block=True))
    tree.apply(delta((0, 0, 1), "new"))
    tree.finish_run()
    assert list(tree.markdown()) == ["new"]
    assert tree.blocks == {(0, 0)}


def widget_msg(path: tuple[int, ...], key: str) -> ForwardMsg:
    msg = ForwardMsg()
    msg.metadata.delta_path.extend(path)
    msg.delta.new_element.text_input.id = f"$$ID-abc-{key}"
    msg.delta.new_element.text_input.default = "d"
    return msg


def test_widgets_are_found_by_their_user_key_wherever_they_are() -> None:
    session = Session("http://127.0.0.1:1")
    session.tree.apply(widget_msg((1, 7), "q@kim-russia-2023-kim-russia-2023"))
    session.tree.apply(widget_msg((0, 4, 2), "other"))
    found = session.widget("q@")
    assert (found.kind, found.path) == ("text_input", (1, 7))
    assert found.key == "q@kim-russia-2023-kim-russia-2023"
    assert session.value(found) == "d"  # what the page shows until the client sets it
    session.tree.apply(widget_msg((0, 9), "q@upload-1234"))
    with pytest.raises(ProtocolError, match="expected one widget keyed 'q@'"):
        session.widget("q@")


def confidence_widget() -> Widget:
    proto = MultiSelect(id="$$ID-abc-conf@x", options=["A", "B", "C"], default=[0, 1, 2])
    return Widget((1, 8), "multiselect", proto.id, "conf@x", proto)


@pytest.mark.parametrize("seed", range(20))
def test_a_confidence_change_toggles_one_level_and_keeps_one(seed: int) -> None:
    widget = confidence_widget()
    rng = random.Random(seed)
    current: WidgetValue = widget.shown_value() or []
    for _ in range(10):
        new = choose_confidence(widget, current, rng)
        assert isinstance(new, list) and new, "at least one level stays chosen"
        assert len(set(new) ^ set(current)) == 1, f"{current} → {new} is not one toggle"
        assert new == [o for o in widget.options if o in new], "labels keep the widget's order"
        current = new


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([5.0], 0.95, 5.0),
        (list(map(float, range(1, 21))), 0.95, 19.0),
        (list(map(float, range(1, 61))), 0.95, 57.0),
        (list(map(float, range(100, 0, -1))), 0.5, 50.0),
        ([], 0.95, None),
    ],
    ids=[
        "one value is every percentile",
        "p95 of 20 is the 19th (nearest rank, no interpolation)",
        "0.95 × 60 is 57.000000000000007 in floating point: still the 57th",
        "order of the input does not matter",
        "no values, no percentile",
    ],
)
def test_percentile_is_a_latency_that_happened(
    values: list[float], q: float, expected: float | None
) -> None:
    assert percentile(values, q) == expected


def test_memory_per_session_is_the_least_squares_slope() -> None:
    assert slope([(5, 210.0), (10, 212.5), (20, 217.5)]) == pytest.approx(0.5)
    assert slope([(5, 210.0)]) is None
    assert slope([(5, 210.0), (5, 230.0)]) is None


def test_a_session_showing_another_sessions_view_is_caught() -> None:
    journeys = Journeys(DATA)
    mine = Session("http://127.0.0.1:1", query_string="journey=kim-russia-2023&q=Shoigu")
    assert check_view(mine, journeys, {"search": "Shoigu"}) == []
    theirs = Session("http://127.0.0.1:1", query_string="journey=kim-russia-2023&q=Kozlov")
    problems = check_view(theirs, journeys, {"search": "Shoigu"})
    assert problems == ["search: the URL says 'Kozlov', this session set 'Shoigu'"]
    every_level = list(CONFIDENCE_LABELS.values())  # no conf= in the URL: every level
    assert check_view(mine, journeys, {"confidence": every_level}) == []


def test_a_stop_count_that_does_not_fit_the_view_is_caught() -> None:
    journeys = Journeys(DATA)
    session = Session("http://127.0.0.1:1", query_string="journey=kim-russia-2023&q=Shoigu")
    session.tree.apply(delta((0, 4, 0, 0), "**2 of 14 stops** · select a row to see it"))
    assert check_view(session, journeys, {}) == []
    session.tree.apply(delta((0, 4, 0, 0), "**14 of 14 stops** · select a row to see it"))
    [problem] = check_view(session, journeys, {})
    assert problem.startswith("the page shows 14 stops, the view ")
    assert problem.endswith(" has 2")
