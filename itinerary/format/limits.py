"""Every limit and pattern of the format, written once: the readers, the schema, the
messages and docs/schema.md all take them from here."""

from __future__ import annotations

import re
from typing import Final

SCHEMA_VERSION: Final = "itinerary/1"

# Reading (before anything is checked): bytes, nesting and how many lists and mappings.
MAX_FILE_BYTES: Final = 16 * 1024 * 1024
MAX_NESTING: Final = 24
# 16 MB of valid stops holds at most ~45,000 of them, about 350,000 containers with
# their legs; "[[],[],...]" could pack 5 million.
MAX_CONTAINERS: Final = 500_000
MAX_INT_DIGITS: Final = 4_000  # Python refuses to convert more than 4,300

# The schema.
MAX_STOPS: Final = 50_000
MAX_SHORT_TEXT: Final = 300
MAX_LONG_TEXT: Final = 4_000
MAX_URL: Final = 2_000
MAX_ID: Final = 100
MAX_SEQ: Final = 1_000_000_000
MAX_TIMESTAMP: Final = 100
# Far enough inside Python's years 1-9999 that converting any offset to UTC cannot
# overflow, and a mistyped year (0223, 20233) is caught.
MIN_YEAR: Final = 1000
MAX_YEAR: Final = 2999
MAX_LATITUDE: Final = 90
MAX_LONGITUDE: Final = 180
ID_PATTERN: Final = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

# Characters no text field may hold, even written as escapes ("\e", "\u202e"): control
# characters (tab and newline excepted) garble terminals and pages, and bidirectional
# overrides can make text read differently from what it is. (Lone surrogates cannot
# reach the schema's regex engine at all; they are refused as invalid text there.)
FORBIDDEN_IN_TEXT_CLASS: Final = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff"
)
FORBIDDEN_IN_TEXT: Final = re.compile(f"[{FORBIDDEN_IN_TEXT_CLASS}\ud800-\udfff]")
TEXT_PATTERN: Final = f"^[^{FORBIDDEN_IN_TEXT_CLASS}]*$"

# Rules that span fields: a rail leg may wander (lines follow valleys and coasts), but
# a leg several times longer than the straight line between its stops is a misplaced
# waypoint.
MAX_DETOUR_FACTOR: Final = 3.0
DETOUR_ALLOWANCE_KM: Final = 100.0

# Beyond this many problems a file is not being edited by hand; the rest are counted.
MAX_PROBLEMS: Final = 1_000
