"""The topic filter beside the map: the data it is drawn from, and what it may send back.

The component's value comes from the browser: anything a page could send is checked by
``take_value``, which keeps the current choice unless the value is a newer, well-formed one.
"""

from __future__ import annotations

from typing import Any

import pytest

from itinerary.filtering import StopFilter, companion_topics, filter_stops, topics_in_use
from itinerary.format.loader import load_journey
from itinerary.topics import TOPIC_BY_KEY
from itinerary.views.topicpanel import (
    MAP_FRAME,
    TopicChoice,
    other_filters_note,
    panel_data,
    take_value,
)
from tests.conftest import MINI, REAL_JOURNEY

STOPS = load_journey(MINI).stops  # alpha: railways+diplomacy, beta: aviation, gamma: environment
AVAILABLE = topics_in_use(STOPS)
MS_2026 = 1_767_225_600_000  # what the page's counter (Date.now()) reads in 2026
CURRENT = TopicChoice(frozenset({"diplomacy", "aviation"}), "any", epoch=2, rev=5)


def value(**changes: Any) -> dict[str, Any]:
    """A well-formed value newer than CURRENT, with some fields changed."""
    return {"topics": ["railways"], "match": "any", "rev": 6} | changes


# (what the browser sent, the choice that results, why)
ACCEPTED: list[tuple[object, TopicChoice, str]] = [
    (value(), TopicChoice(frozenset({"railways"}), "any", 2, 6), "a newer change"),
    (value(topics=[], match="all", rev=7), TopicChoice(frozenset(), "all", 2, 7),
     "every topic unticked is a real choice"),
    (value(topics=["railways", "sport", "<img src=x>"]),
     TopicChoice(frozenset({"railways"}), "any", 2, 6),
     "forged topics (not in the journey) are dropped, the rest kept"),
    (value(topics=["railways", 3, None, ["aviation"], {"k": "aviation"}]),
     TopicChoice(frozenset({"railways"}), "any", 2, 6), "entries that are not strings are dropped"),
    (value(topics=["railways", "railways"]), TopicChoice(frozenset({"railways"}), "any", 2, 6),
     "a topic sent twice is one topic"),
    (value(topics=["RAILWAYS", " railways"]), TopicChoice(frozenset(), "any", 2, 6),
     "keys are exact: no case folding or trimming"),
    (value(rev=MS_2026), TopicChoice(frozenset({"railways"}), "any", 2, MS_2026),
     "the page counts in milliseconds since 1970: big revs are fine"),
    (value(epoch=99, extra="ignored"), TopicChoice(frozenset({"railways"}), "any", 2, 6),
     "the page cannot move the reset generation; unknown fields are ignored"),
]  # fmt: skip

# (what the browser sent, why it changes nothing)
REJECTED: list[tuple[object, str]] = [
    (None, "no value yet (the component's default)"),
    ("railways", "not an object"),
    (["railways"], "a bare list"),
    ({"match": "any", "rev": 6}, "no topics"),
    (value(topics="railways"), "topics as a string, not a list"),
    (value(topics={"railways": True}), "topics as an object, not a list"),
    (value(topics=None), "topics null"),
    (value(match="most"), "an unknown match"),
    (value(match=None), "match null"),
    (value(match=True), "match as a bool"),
    ({"topics": ["railways"], "rev": 6}, "no match"),
    ({"topics": ["railways"], "match": "any"}, "no rev"),
    (value(rev="6"), "a rev as a string"),
    (value(rev=6.0), "a rev as a float"),
    (value(rev=None), "rev null"),
    (value(rev=5), "the same change again (stale)"),
    (value(rev=4), "an older change arriving late (stale)"),
    (value(rev=-1), "a negative rev (stale)"),
]


@pytest.mark.parametrize(
    ("sent", "result"), [r[:2] for r in ACCEPTED], ids=[r[2] for r in ACCEPTED]
)
def test_take_value_accepts(sent: object, result: TopicChoice) -> None:
    assert take_value(CURRENT, sent, AVAILABLE) == result


@pytest.mark.parametrize("sent", [row[0] for row in REJECTED], ids=[row[1] for row in REJECTED])
def test_take_value_rejects(sent: object) -> None:
    assert take_value(CURRENT, sent, AVAILABLE) is CURRENT


def test_a_bool_rev_is_no_counter() -> None:
    """True == 1 in Python: after a reset (rev 0) it would pass as a newer change."""
    fresh = TopicChoice(frozenset(AVAILABLE), "any", epoch=1, rev=0)
    assert take_value(fresh, value(rev=True), AVAILABLE) is fresh
    assert take_value(fresh, value(rev=1), AVAILABLE).rev == 1  # while 1 itself is newer


def test_after_a_reset_the_first_change_is_newer() -> None:
    fresh = TopicChoice(frozenset(AVAILABLE), "any", epoch=3, rev=0)
    assert take_value(fresh, value(rev=1), AVAILABLE) == TopicChoice(
        frozenset({"railways"}), "any", 3, 1
    )
    assert take_value(fresh, value(rev=0), AVAILABLE) is fresh
    assert fresh.order == (3, 0)  # what the map compares: the reset generation first


def panel(stop_filter: StopFilter, choice: TopicChoice, **kwargs: Any) -> dict[str, Any]:
    options: dict[str, Any] = {"other_filters": [], "ready": True} | kwargs
    return panel_data(STOPS, AVAILABLE, companion_topics(STOPS), stop_filter, choice, **options)


def test_panel_data_describes_every_topic_in_use() -> None:
    choice = TopicChoice(frozenset({"environment", "railways"}), "any", 1, 4)
    data = panel(StopFilter(topics=choice.topics), choice)
    assert [topic["key"] for topic in data["topics"]] == list(AVAILABLE)
    for topic in data["topics"]:
        style = TOPIC_BY_KEY[topic["key"]]
        assert (topic["label"], topic["colour"], topic["shape"]) == (
            style.label, style.colour, style.shape
        )  # fmt: skip
    companions = {topic["key"]: topic["companions"] for topic in data["topics"]}
    assert companions == {"diplomacy": ["railways"], "aviation": [], "railways": ["diplomacy"],
                          "environment": []}  # fmt: skip
    # The chosen topics in the journey's order, whatever order the set holds them in.
    assert data["selected"] == [key for key in AVAILABLE if key in choice.topics]
    assert (data["match"], data["order"]) == ("any", [1, 4])
    assert (data["ready"], data["frame"], data["filtersNote"]) == (True, MAP_FRAME, "")


# (the other filters, why): counts are of the stops those let through, whatever the topics
COUNTED: list[tuple[StopFilter, str]] = [
    (StopFilter(), "no other filter: every stop counts"),
    (StopFilter(text="person"), "a search: only the stops it finds count"),
    (StopFilter(topics=frozenset({"aviation"})), "unticked topics still show their counts"),
    (StopFilter(topics=frozenset(), confidences=frozenset({"reported"})),
     "a topic with no stop left counts 0 and is still offered"),
]  # fmt: skip


@pytest.mark.parametrize("stop_filter", [r[0] for r in COUNTED], ids=[r[1] for r in COUNTED])
def test_panel_counts_follow_the_other_filters_only(stop_filter: StopFilter) -> None:
    choice = TopicChoice(stop_filter.topics & set(AVAILABLE))
    data = panel(stop_filter, choice)
    passing = [stop for stop in STOPS if stop_filter.accepts_rest(stop)]
    assert {t["key"]: t["count"] for t in data["topics"]} == {
        key: sum(key in stop.topics for stop in passing) for key in AVAILABLE
    }
    shown = filter_stops(STOPS, stop_filter)
    assert (data["summary"]["shown"], data["summary"]["total"]) == (len(shown), len(STOPS))


def test_panel_summary_says_which_unticked_topics_kept_stops() -> None:
    chosen = frozenset(AVAILABLE) - {"railways"}
    data = panel(StopFilter(topics=chosen), TopicChoice(chosen, "any", 0, 1))
    assert data["summary"] == {"shown": len(STOPS), "total": len(STOPS), "stayed": {"railways": 1}}
    note = panel(StopFilter(), TopicChoice(frozenset(AVAILABLE)), other_filters=["search"])
    assert note["filtersNote"] == other_filters_note(["search"])


def test_on_the_real_journey_a_topic_whose_stops_all_have_a_companion_hides_nothing() -> None:
    """'Railways is off, but its 6 stops stay: all also have Transit': the panel's
    counts and summary must say so for every such topic of the shipped journey."""
    stops = load_journey(REAL_JOURNEY).stops
    available = topics_in_use(stops)
    companions = companion_topics(stops)
    assert companions, "the real journey has topics whose stops always have another topic"
    for topic, others in companions.items():
        chosen = frozenset(available) - {topic}
        choice = TopicChoice(chosen, "any", 0, 1)
        data = panel_data(
            stops, available, companions, StopFilter(topics=chosen), choice,
            other_filters=[], ready=True,
        )  # fmt: skip
        count = next(t["count"] for t in data["topics"] if t["key"] == topic)
        assert count == sum(topic in stop.topics for stop in stops)
        assert data["summary"]["shown"] == len(stops), f"unticking {topic} hid a stop"
        assert data["summary"]["stayed"][topic] == count, (topic, others)


@pytest.mark.parametrize(
    ("active", "note"),
    [
        ([], ""),
        (["dates"], "Also filtered by dates (More filters)."),
        (["dates", "search"], "Also filtered by dates and search (More filters)."),
        (
            ["dates", "search", "confidence"],
            "Also filtered by dates, search and confidence (More filters).",
        ),
    ],
    ids=["none: no note", "one", "two joined by and", "three: commas, then and"],
)
def test_other_filters_note(active: list[str], note: str) -> None:
    assert other_filters_note(active) == note
