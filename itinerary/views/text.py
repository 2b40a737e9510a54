"""Human-readable wording of stops, times and distances, shared by map, app and exports."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from datetime import date, datetime, timedelta
from typing import Final

from itinerary.errors import DataFileError, ValidationError
from itinerary.geo.route import RouteLeg, RouteSummary
from itinerary.model import CONFIDENCE_LABELS, Confidence, Stop
from itinerary.topics import TOPIC_BY_KEY

_PART_OF_DAY = (
    (5, "early morning"),
    (12, "morning"),
    (17, "afternoon"),
    (21, "evening"),
    (24, "night"),
)


def _part_of_day(moment: datetime) -> str:
    if moment.hour < 5:
        return "night"
    return next(label for limit, label in _PART_OF_DAY if moment.hour < limit)


def format_moment(moment: datetime, precision: str) -> str:
    """'Tue 12 Sep 2023, 06:00 (UTC+10)', or '..., afternoon (approx.)' when that is all we know."""
    day = f"{moment:%a} {moment.day} {moment:%b %Y}"
    if precision == "day":
        return day
    if precision == "approximate":
        return f"{day}, {_part_of_day(moment)} (approx.)"
    return f"{day}, {moment:%H:%M} ({format_offset(moment)})"


def format_offset(moment: datetime) -> str:
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def format_stop_when(stop: Stop) -> str:
    text = format_moment(stop.start, stop.time_precision)
    if stop.end is not None:
        same_day = stop.end.date() == stop.start.date()
        end_text = (
            f"{stop.end:%H:%M}"
            if same_day and stop.time_precision == "exact"
            else format_moment(stop.end, stop.time_precision)
        )
        text = f"{text} – {end_text}"
    return text


def stop_number(stop: Stop) -> int:
    """The number a stop is shown with on every chart, table, tooltip and heading.

    The one place that decides it: the data's ``seq`` for now.
    """
    return stop.seq


def playback_position(step: int, count: int, stop: Stop) -> str:
    """Where playback is: 'Playback: step 3 of 9, stop 5' (the step from 0)."""
    return f"Playback: step {step + 1} of {count}, stop {stop_number(stop)}"


def stop_title(stop: Stop) -> str:
    """'3. Vostochny Cosmodrome': the stop's number and name, plain text."""
    return f"{stop_number(stop)}. {stop.name}"


def count_noun(count: int, noun: str) -> str:
    """'1 day', '2 days', '1,234 stops' (nouns with a regular plural only)."""
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def date_span(first: date, last: date, *, with_year: bool = True) -> str:
    """'12 Sep 2023', '10–19 Sep 2023', '30 Aug – 2 Sep 2023', '30 Dec 2023 – 2 Jan 2024'.

    Without the year (a label that names it already) only when both days share one.
    """
    year = f" {last.year}" if with_year or first.year != last.year else ""
    if first == last:
        return f"{last.day} {last:%b}{year}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%b}{year}"
    first_year = f" {first.year}" if first.year != last.year else ""
    return f"{first.day} {first:%b}{first_year} – {last.day} {last:%b}{year}"


def short_date(stop: Stop) -> str:
    return f"{stop.start.day} {stop.start:%b %Y}"


def format_km(km: float) -> str:
    return f"{km:,.0f} km"


def format_duration(duration: timedelta | None) -> str:
    if duration is None:
        return "unknown"
    total_minutes = int(duration.total_seconds() // 60)
    days, minutes = divmod(total_minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{days} d"] if days else []
    parts.append(f"{hours} h" if not minutes or days else f"{hours} h {minutes:02d} min")
    return " ".join(parts)


def leg_summary(leg: RouteLeg | None, *, name_origin: bool = True) -> str | None:
    """'From Khasan: 1,234 km by rail, 1 d 7 h' for the leg that ends at a stop; without
    the origin's name ('From the previous stop: …') where that stop must not be named."""
    if leg is None:
        return None
    distance = format_km(leg.km) + (
        " by rail" if leg.mode == "rail" else " by road (straight line)"
    )
    origin = leg.origin.name if name_origin else "the previous stop"
    return f"From {origin}: {distance}, {format_duration(leg.duration)}"


def arrival_summary(
    route: RouteSummary, stop: Stop, shown_ids: Collection[str] | None = None
) -> str | None:
    """:func:`leg_summary` of the leg into ``stop``. A page of some stops (``shown_ids``)
    names none of the others, not even as a leg's origin."""
    leg = route.leg_into(stop.id)
    named = shown_ids is None or leg is None or leg.origin.id in shown_ids
    return leg_summary(leg, name_origin=named)


def topic_labels(stop: Stop) -> str:
    return ", ".join(TOPIC_BY_KEY[key].label for key in stop.topics)


def confidence_label(stop: Stop) -> str:
    return CONFIDENCE_LABELS[stop.confidence]


def confidence_note(levels: Sequence[Confidence]) -> str | None:
    """What stands in for the confidence filter when the stops all have one level (a
    filter with one value would do nothing); None when there is a choice."""
    if len(levels) != 1:
        return None
    label = CONFIDENCE_LABELS[levels[0]].lower()
    return f"Confidence: every stop is {label}, so there is nothing to filter."


def stop_label(stop: Stop) -> str:
    """'3. Vostochny Cosmodrome (13 Sep 2023)': a stop in a list to choose from."""
    return f"{stop_title(stop)} ({short_date(stop)})"


# What the journey's "About" says of every journey's data (the app and the published page).
SOURCING_NOTE: Final = (
    "Every stop cites its sources. Positions are approximate and the rail route "
    "between stops is reconstructed; the data says how rough each is."
)


# What the details panel says before a stop is chosen (the app and the published page).
PICK_A_STOP: Final = (
    "Click a numbered marker for its details and sources. A dark disc holds stops "
    "close together: click it to open them."
)


def stop_tooltip(stop: Stop) -> str:
    """Plain text; the leading number is how a click is traced back to its stop."""
    return f"{stop_title(stop)} · {short_date(stop)}"


# Characters CommonMark, GFM or Streamlit may read as syntax: a backslash makes each literal.
_MARKDOWN_SPECIALS: Final = frozenset("\\`*_{}[]<>()#+-.!|~$&")
# GFM links bare URLs and e-mail addresses twice: while parsing, on the source (where a
# backslash escape inside the URL ends up shown and in the link: "example\\.org"), and after
# parsing, on the decoded text, where no escape survives (mdast-util-gfm-autolink-literal).
# A WORD JOINER (invisible, zero width) inside each trigger they look for keeps such text
# text: "http(s)://", "www." and "@".
WORD_JOINER: Final = "\u2060"
_AUTOLINK_TRIGGERS: Final = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?=@)", re.IGNORECASE)
# Streamlit finds `:emoji:` codes, `:material/icons:` and `:red[colour]` directives by a
# colon that a name follows, in the source, where a backslash does not hide it; a character
# reference does. A colon before a space ("Khasan: 06:00") can start none of them.
_SHORTCODE_COLON: Final = re.compile(r":(?=\S)")


def md_escape(text: str) -> str:
    """Untrusted text as markdown that shows that text: no formatting, link, image, HTML,
    emoji, icon, colour or maths, and no autolinked URL or e-mail address. (Whitespace runs
    become one space; a word joiner, invisible, breaks up URLs and e-mail addresses.)"""
    flat = _AUTOLINK_TRIGGERS.sub(WORD_JOINER, " ".join(text.split()))  # no new blocks
    escaped = "".join("\\" + char if char in _MARKDOWN_SPECIALS else char for char in flat)
    return _SHORTCODE_COLON.sub("&#58;", escaped)


def md_link(label: str, url: str) -> str:
    """A markdown link, or plain text where the URL is not http(s)."""
    if not url.lower().startswith(("http://", "https://")):
        return md_escape(label)
    # Backslash escapes work in a link destination too: the link goes to `url` unchanged.
    destination = re.sub(r"[()<>\\&]", lambda m: "\\" + m[0], url)
    destination = re.sub(r"\s", lambda m: f"%{ord(m[0]):02X}", destination)
    return f"[{md_escape(label)}]({destination})"


def stop_facts(stop: Stop, leg_text: str | None) -> list[tuple[str, str]]:
    """Everything known about a stop but its summary and sources, as (label, plain text)."""
    location = stop.location
    provenance = location.provenance + (f": {location.note}" if location.note else "")
    return [
        ("When", format_stop_when(stop)),
        *([("Timing note", stop.time_note)] if stop.time_note else []),
        ("Where", f"{stop.site}, {stop.region}, {stop.country}"),
        ("Topics", topic_labels(stop)),
        ("People", ", ".join(stop.people) if stop.people else "none named"),
        ("Confidence", confidence_label(stop)),
        ("From the previous stop", leg_text or "first stop of the journey"),
        ("Coordinates", f"{location.point.lat:.4f}, {location.point.lon:.4f} ({provenance})"),
    ]


def stop_details_markdown(stop: Stop, leg_text: str | None) -> str:
    """Everything known about a stop, as markdown with every data value escaped."""
    facts = [f"**{label}:** {md_escape(value)}" for label, value in stop_facts(stop, leg_text)]
    sources = [
        f"- {md_escape(source.outlet)}: {md_link(source.title, source.url)}"
        for source in stop.sources
    ]
    return "\n\n".join(
        ["  \n".join(facts), md_escape(stop.summary), "**Sources:**\n" + "\n".join(sources)]
    )


def stop_heading_markdown(stop: Stop) -> str:
    """The details panel's heading: '## 3. Vostochny Cosmodrome', the name escaped. Level
    two, under the page's title (level one): headings that skip a level lose screen-reader
    users who move by heading."""
    return f"## {md_escape(stop_title(stop))}"


def stop_from_tooltip(stops: Sequence[Stop], tooltip: object) -> Stop | None:
    """The stop whose tooltip (as the map reports a click) is ``tooltip``, if any."""
    if not isinstance(tooltip, str):
        return None
    number, dot, _ = tooltip.strip().partition(". ")
    if not dot or not number.lstrip("-").isdigit():
        return None
    return next((stop for stop in stops if stop_number(stop) == int(number)), None)


def file_error(heading: str, error: DataFileError) -> tuple[str, str | None]:
    """Why a file cannot be shown: a line of Markdown (the file's name and the message
    escaped) and, when it broke the schema, every problem, one a line (plain text)."""
    line = f"**{heading}** {md_escape(error.file)}: {md_escape(error.message)}"
    return line, str(error) if isinstance(error, ValidationError) else None
