"""Playback over the visible stops: a step number (or none) and whether it is playing.

The app keeps the two in its session and calls these; the clock that ticks is the app's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

SPEEDS: Final = {"Slow (4 s)": 4.0, "Normal (2 s)": 2.0, "Fast (1 s)": 1.0}
DEFAULT_SPEED: Final = "Normal (2 s)"


@dataclass(frozen=True, slots=True)
class Playback:
    step: int | None = None  # index into the visible stops; None: not started
    playing: bool = False

    def moved(self, delta: int, count: int) -> Playback:
        """Previous (-1) or next (+1), within the visible stops; the first press starts."""
        step = 0 if self.step is None else max(0, min(count - 1, self.step + delta))
        return Playback(step, self.playing)

    def toggled(self, count: int) -> Playback:
        """Play (from the start when at the end or not started) or pause."""
        if self.playing:
            return Playback(self.step, False)
        at_end = self.step is None or self.step >= count - 1
        return Playback(0 if at_end else self.step, count > 0)

    def ticked(self, count: int) -> Playback:
        """One tick of the clock: the next stop, or stop playing at the last."""
        step = self.step or 0
        if step + 1 >= count:
            return Playback(self.step, False)
        return Playback(step + 1, self.playing)

    def within(self, count: int) -> Playback:
        """After a filter change: a step past the visible stops is dropped."""
        if self.step is not None and self.step >= count:
            return Playback(None, False)
        return self


@dataclass(frozen=True, slots=True)
class Controls:
    """The playback row: which buttons work, and what the middle one offers."""

    previous: bool
    play: bool
    next: bool
    play_label: str
    play_icon: str


def controls(now: Playback, count: int) -> Controls:
    """For ``count`` visible stops: nothing works without one; no previous at the first
    step, no next at the last; the middle button pauses while playing."""
    pausing = now.playing and count > 0
    return Controls(
        previous=count > 0 and now.step != 0,
        play=count > 0,
        next=count > 0 and now.step != count - 1,
        play_label="Pause" if pausing else "Play",
        play_icon=":material/pause:" if pausing else ":material/play_arrow:",
    )


def interval(speed: str) -> float:
    """Seconds between ticks for a speed label (the default for an unknown one)."""
    return SPEEDS.get(speed, SPEEDS[DEFAULT_SPEED])
