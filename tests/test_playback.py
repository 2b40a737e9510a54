"""Playback over the visible stops: every move, as a table of before, action and after."""

from __future__ import annotations

import pytest

from itinerary.dashboard.playback import SPEEDS, Controls, Playback, controls, interval

COUNT = 4  # visible stops


@pytest.mark.parametrize(
    ("before", "action", "after"),
    [
        (Playback(), lambda p: p.moved(1, COUNT), Playback(0)),
        (Playback(), lambda p: p.moved(-1, COUNT), Playback(0)),
        (Playback(1), lambda p: p.moved(1, COUNT), Playback(2)),
        (Playback(3), lambda p: p.moved(1, COUNT), Playback(3)),
        (Playback(0), lambda p: p.moved(-1, COUNT), Playback(0)),
        (Playback(2, True), lambda p: p.moved(-1, COUNT), Playback(1, True)),
        (Playback(), lambda p: p.toggled(COUNT), Playback(0, True)),
        (Playback(3), lambda p: p.toggled(COUNT), Playback(0, True)),
        (Playback(1), lambda p: p.toggled(COUNT), Playback(1, True)),
        (Playback(1, True), lambda p: p.toggled(COUNT), Playback(1, False)),
        (Playback(), lambda p: p.toggled(0), Playback(0, False)),
        (Playback(1, True), lambda p: p.ticked(COUNT), Playback(2, True)),
        (Playback(3, True), lambda p: p.ticked(COUNT), Playback(3, False)),
        (Playback(None, True), lambda p: p.ticked(COUNT), Playback(1, True)),
        (Playback(3, True), lambda p: p.within(2), Playback(None, False)),
        (Playback(1, True), lambda p: p.within(2), Playback(1, True)),
        (Playback(), lambda p: p.within(0), Playback()),
    ],
    ids=[
        "next from nothing starts at the first stop",
        "previous from nothing starts at the first stop",
        "next",
        "next at the last stop stays",
        "previous at the first stop stays",
        "previous while playing keeps playing",
        "play from nothing starts at the first stop",
        "play at the end starts again",
        "play mid-way goes on from there",
        "pause keeps the step",
        "play with no visible stop does not play",
        "a tick moves on",
        "a tick at the last stop stops",
        "a tick with no step yet goes to the second stop",
        "filters that hide the step drop it and stop",
        "filters that keep the step keep it",
        "nothing to drop",
    ],
)
def test_moves(before: Playback, action, after: Playback) -> None:  # type: ignore[no-untyped-def]
    assert action(before) == after


@pytest.mark.parametrize(
    ("speed", "seconds"),
    [("Slow (4 s)", 4.0), ("Fast (1 s)", 1.0), ("Normal (2 s)", 2.0), ("bogus", 2.0), ("", 2.0)],
    ids=["slow", "fast", "normal", "unknown label: the default", "none: the default"],
)
def test_interval(speed: str, seconds: float) -> None:
    assert interval(speed) == seconds
    assert seconds in SPEEDS.values()


PLAY, PAUSE = ("Play", ":material/play_arrow:"), ("Pause", ":material/pause:")


@pytest.mark.parametrize(
    ("now", "count", "expected"),
    [
        (Playback(), COUNT, Controls(True, True, True, *PLAY)),
        (Playback(0), COUNT, Controls(False, True, True, *PLAY)),
        (Playback(3, True), COUNT, Controls(True, True, False, *PAUSE)),
        (Playback(1, True), COUNT, Controls(True, True, True, *PAUSE)),
        (Playback(), 0, Controls(False, False, False, *PLAY)),
        (Playback(None, True), 0, Controls(False, False, False, *PLAY)),
        (Playback(0), 1, Controls(False, True, False, *PLAY)),
    ],
    ids=[
        "not started: every button starts",
        "at the first stop: no previous",
        "playing at the last stop: no next, and it pauses",
        "playing mid-way: it pauses",
        "no visible stop: nothing works",
        "no visible stop while playing: it offers play, which does nothing",
        "one stop: no previous, no next",
    ],
)
def test_controls(now: Playback, count: int, expected: Controls) -> None:
    assert controls(now, count) == expected
