"""The protocol client's bookkeeping (scripts/stclient.py) and the capacity script's arithmetic
and checks (scripts/capacity.py), without a server. tests/e2e/test_stclient.py runs the client
against the real app."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from streamlit.proto.BidiComponent_pb2 import BidiComponent
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from itinerary.filtering import StopFilter, companion_topics, topics_in_use
from itinerary.views.topicpanel import TopicChoice, panel_data
from scripts.capacity import (
    Expected,
    Journeys,
    Topics,
    change_value,
    check_view,
    flip_match,
    percentile,
    shown_topics,
    slope,
    toggle_topic,
)
from scripts.stclient import (
    ElementTree,
    MessageCache,
    ProtocolError,
    Session,
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
        (
            "$$ID-0c1d2e3f4a5b-topicfilter@kim-russia-2023-kim-russia-2023#0",
            "topicfilter@kim-russia-2023-kim-russia-2023#0",
        ),
        ("not-an-element-id", None),
        ("", None),
    ],
    ids=[
        "a user key with hyphens and @ after the hash",
        "no user key: Streamlit writes the string None",
        "only the first two hyphens separate",
        "a component's key, with the journey's scope and the reset generation",
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
        (
            "bidi_component",
            {"ready": True, "value": {"topics": ["rail"], "match": "all", "rev": 17}},
            "json_value",
        ),
    ],
    ids=[
        "a search box holds text",
        "a cleared search box holds the empty string",
        "a multiselect holds its labels, in order",
        "an empty multiselect is an empty list",
        "a checkbox holds a boolean",
        "a button press is a trigger",
        "a component's whole state is one JSON object, as its setStateValue sends it",
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
        ("bidi_component", ["rail"], "takes its state as a mapping"),
        ("text_input", {"value": "x"}, "takes no mapping"),
        ("slider", [1.0, 2.0], "no known value field"),
    ],
    ids=[
        "a bare string is not a multiselect's value",
        "a list is not a text box's value",
        "a string is not a checkbox's value",
        "a component's state is a mapping of its keys, not a bare value",
        "a mapping is only a component's value",
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


TOPICS = ("rail", "naval", "space")


@pytest.mark.parametrize("seed", range(20))
def test_a_topic_click_toggles_one_chip_and_keeps_one_ticked(seed: int) -> None:
    rng = random.Random(seed)
    now = Topics(frozenset(TOPICS))
    for _ in range(12):
        new = toggle_topic(now, TOPICS, rng)
        assert new.ticked, "at least one topic stays ticked"
        assert len(new.ticked ^ now.ticked) == 1, f"{now} → {new} is not one click"
        assert new.ticked <= set(TOPICS) and new.match == now.match
        now = new


def test_the_only_topic_of_a_journey_stays_ticked() -> None:
    only = Topics(frozenset({"rail"}))
    assert toggle_topic(only, ["rail"], random.Random(1)) == only


def test_the_match_switch_flips_any_and_all_and_keeps_the_topics() -> None:
    now = Topics(frozenset({"rail", "naval"}))
    flipped = flip_match(now, TOPICS, random.Random(1))
    assert flipped == Topics(frozenset({"rail", "naval"}), "all")
    assert flip_match(flipped, TOPICS, random.Random(1)) == now


def test_a_change_is_reported_as_the_pages_topic_filter_reports_it() -> None:
    """The shape itinerary/views/topicpanel.take_value accepts (and the page sends)."""
    value = change_value(Topics(frozenset({"rail", "naval"}), "all"), 1_780_000_000_000)
    assert value == {"topics": ["naval", "rail"], "match": "all", "rev": 1_780_000_000_000}


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


KEY = "kim-russia-2023"
JOURNEYS = Journeys(DATA)
JOURNEY = JOURNEYS.get(KEY)
AVAILABLE = topics_in_use(JOURNEY.stops)
NAVAL_SPACE = frozenset({"naval", "space"})  # two stops of the 2023 journey


def page_with(query: str, selected: frozenset[str], match: str = "any", rev: int = 0) -> Session:
    """A session whose page shows this URL and a topic filter given this choice (its data
    built by the app's own function)."""
    stop_filter = StopFilter(topics=selected, match="all" if match == "all" else "any")
    data = panel_data(
        JOURNEY.stops, AVAILABLE, companion_topics(JOURNEY.stops), stop_filter,
        TopicChoice(selected, "all" if match == "all" else "any", 0, rev),
        other_filters=(), ready=True,
    )  # fmt: skip
    session = Session("http://127.0.0.1:1", query_string=query)
    session.tree.apply(component_msg((0, 1, 0, 3), data))
    return session


def component_msg(path: tuple[int, ...], data: dict[str, Any]) -> ForwardMsg:
    msg = ForwardMsg()
    msg.metadata.delta_path.extend(path)
    proto = BidiComponent(id=f"$$ID-abc-topicfilter@{KEY}-{KEY}#0", json=json.dumps(data))
    msg.delta.new_element.bidi_component.CopyFrom(proto)
    return msg


def test_the_topic_filter_is_found_and_read_like_the_page_reads_it() -> None:
    session = page_with(f"journey={KEY}&topic=naval&topic=space&match=all", NAVAL_SPACE, "all")
    component = session.widget("topicfilter@")
    assert component.kind == "bidi_component"
    assert shown_topics(component) == Topics(NAVAL_SPACE, "all")
    assert session.value(component) is None, "a component holds no state until it sends one"


def test_a_session_showing_its_own_view_passes() -> None:
    mine = page_with(f"journey={KEY}&topic=naval&topic=space", NAVAL_SPACE, rev=5)
    assert check_view(mine, JOURNEYS, Expected(Topics(NAVAL_SPACE), 5)) == []
    every = page_with(f"journey={KEY}", frozenset(AVAILABLE))
    assert check_view(every, JOURNEYS, None) == [], "no change yet: the link's view, all topics"


def test_a_session_showing_another_sessions_view_is_caught() -> None:
    theirs = page_with(f"journey={KEY}&topic=military", frozenset({"military"}), rev=5)
    problems = check_view(theirs, JOURNEYS, Expected(Topics(NAVAL_SPACE), 5))
    assert len(problems) == 2, problems
    assert problems[0].startswith("the URL says Topics(ticked=frozenset({'military'})")
    assert problems[1].startswith("the topic filter was given Topics(ticked=frozenset({'mil")


def test_an_older_change_given_back_is_caught() -> None:
    """The app kept the session's previous change (a lower rev): the click was lost."""
    stale = page_with(f"journey={KEY}&topic=naval&topic=space", NAVAL_SPACE, rev=4)
    [problem] = check_view(stale, JOURNEYS, Expected(Topics(NAVAL_SPACE), 5))
    assert problem.endswith("at rev 4, this session set " + repr(Topics(NAVAL_SPACE)) + " at rev 5")


def test_a_stop_count_that_does_not_fit_the_view_is_caught() -> None:
    session = page_with(f"journey={KEY}&topic=naval&topic=space", NAVAL_SPACE, rev=5)
    expected = Expected(Topics(NAVAL_SPACE), 5)
    session.tree.apply(delta((0, 4, 0, 0), "**2 of 15 stops** · select a row to see it"))
    assert check_view(session, JOURNEYS, expected) == []
    session.tree.apply(delta((0, 4, 0, 0), "**15 of 15 stops** · select a row to see it"))
    [problem] = check_view(session, JOURNEYS, expected)
    assert problem.startswith("the table shows 15 stops, the view ")
    assert problem.endswith(" has 2")
