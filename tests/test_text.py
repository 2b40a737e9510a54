"""Wording: stop numbers, counts, date spans, and markdown that shows untrusted text as text."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from itinerary.errors import DataFileError, Problem, ValidationError
from itinerary.format.loader import load_journey
from itinerary.geo.route import build_route
from itinerary.model import CONFIDENCE_LABELS, Confidence, Source, Stop
from itinerary.views import table, text, timeline
from itinerary.views.text import (
    WORD_JOINER,
    arrival_summary,
    confidence_note,
    count_noun,
    date_span,
    file_error,
    md_escape,
    md_link,
    playback_position,
    stop_details_markdown,
    stop_facts,
    stop_from_tooltip,
    stop_heading_markdown,
    stop_label,
    stop_number,
    stop_title,
    stop_tooltip,
)
from tests.conftest import MINI

JOURNEY = load_journey(MINI)
ROUTE = build_route(JOURNEY)
ALPHA = JOURNEY.stops[0]


# --- one stop number everywhere --------------------------------------------------------------


def test_the_stop_number_is_the_data_seq_for_now() -> None:
    assert [stop_number(stop) for stop in JOURNEY.stops] == [1, 2, 3]
    assert stop_title(ALPHA) == "1. Alpha"


def _number_shown_by(helper: str, stop: Stop) -> str:
    """The number `helper` shows for `stop`, read off what it makes."""
    if helper == "tooltip":
        return stop_tooltip(stop).split(".")[0]
    if helper == "heading":
        return shown(stop_heading_markdown(stop)).removeprefix("## ").split(".")[0]
    if helper == "playback":
        return playback_position(0, 1, stop).rsplit("stop ", 1)[1]
    if helper == "table":
        (row,) = table.stop_rows([stop], ROUTE)
        return str(row["#"])
    rows = timeline.stop_rows(JOURNEY, {s.id for s in JOURNEY.stops}, None)
    row = next(row for row in rows if row["id"] == stop.id)
    return str(row["seq"] if helper == "timeline tooltip" else row["label"])


@pytest.mark.parametrize(
    "helper",
    ["tooltip", "heading", "playback", "table", "timeline tooltip", "timeline label"],
    ids=[
        "map tooltip (also how a click is traced back)",
        "details heading",
        "where playback is",
        "itinerary table's # column",
        "timeline point tooltip",
        "timeline number above the point",
    ],
)
def test_every_helper_takes_the_number_from_stop_number(
    monkeypatch: pytest.MonkeyPatch, helper: str
) -> None:
    """Change the numbering in stop_number and every place follows."""

    def shifted(stop: Stop) -> int:
        return stop.seq + 100

    for module in (text, table, timeline):
        monkeypatch.setattr(module, "stop_number", shifted)
    assert _number_shown_by(helper, JOURNEY.stops[1]) == "102"


def test_a_clicked_tooltip_finds_its_stop_by_the_number_shown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(text, "stop_number", lambda stop: stop.seq - 1)
    beta = JOURNEY.stops[1]
    assert stop_tooltip(beta).startswith("1. Beta")
    assert stop_from_tooltip(JOURNEY.stops, stop_tooltip(beta)) is beta


@pytest.mark.parametrize(
    ("step", "count", "stop_id", "words"),
    [
        (0, 3, "alpha", "Playback: step 1 of 3, stop 1"),
        (0, 1, "gamma", "Playback: step 1 of 1, stop 3"),
    ],
    ids=["steps count from one", "a step is among the visible stops, a stop number in the journey"],
)
def test_playback_position(step: int, count: int, stop_id: str, words: str) -> None:
    assert playback_position(step, count, JOURNEY.stop(stop_id)) == words


# --- counts and date spans -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "noun", "expected"),
    [(1, "day", "1 day"), (2, "day", "2 days"), (0, "stop", "0 stops"),
     (1234, "stop", "1,234 stops")],
    ids=["one is singular", "two is plural", "none is plural", "thousands are grouped"],
)  # fmt: skip
def test_count_noun(count: int, noun: str, expected: str) -> None:
    assert count_noun(count, noun) == expected


@pytest.mark.parametrize(
    ("first", "last", "with_year", "expected"),
    [
        (date(2023, 9, 12), date(2023, 9, 12), True, "12 Sep 2023"),
        (date(2023, 9, 12), date(2023, 9, 12), False, "12 Sep"),
        (date(2023, 9, 10), date(2023, 9, 19), True, "10–19 Sep 2023"),
        (date(2023, 9, 10), date(2023, 9, 19), False, "10–19 Sep"),
        (date(2023, 8, 30), date(2023, 9, 2), True, "30 Aug – 2 Sep 2023"),
        (date(2023, 12, 30), date(2024, 1, 2), True, "30 Dec 2023 – 2 Jan 2024"),
        (date(2023, 12, 30), date(2024, 1, 2), False, "30 Dec 2023 – 2 Jan 2024"),
        (date(2023, 9, 12), date(2024, 9, 14), True, "12 Sep 2023 – 14 Sep 2024"),
    ],
    ids=[
        "one day is one date, not 12–12 Sep",
        "one day without the year",
        "same month",
        "same month without the year",
        "across months",
        "across years names both years",
        "across years keeps both years even when asked to leave the year out",
        "same month a year apart is not 'the same month'",
    ],
)
def test_date_span(first: date, last: date, with_year: bool, expected: str) -> None:
    assert date_span(first, last, with_year=with_year) == expected


# --- markdown that shows untrusted text as text --------------------------------------------

# What GFM turns into links after parsing, on the decoded text (mdast-util-gfm-autolink-literal,
# the transform Streamlit's markdown runs): its two patterns, as written there.
GFM_URL = re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.IGNORECASE)
GFM_EMAIL = re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)")
# How Streamlit decides that a markdown source holds emoji codes (from its frontend bundle).
STREAMLIT_EMOJI = re.compile(r":(?!material/|streamlit:)[\w+-][\w_+-]*:")
# A backslash escape or a numeric character reference, as CommonMark reads them.
ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])|&#(\d+);")
SYNTAX = re.compile(r"[\\`*_{}\[\]<>()#+\-.!|~$&]|:\S")


def shown(markdown: str) -> str:
    """The text a markdown renderer shows for escaped text."""
    return ESCAPE.sub(lambda m: m[1] or chr(int(m[2])), markdown)


HOSTILE = [
    ("https://example.org/a_b_c?x=1", "a bare URL with underscores and a query"),
    ('=HYPERLINK("http://evil","x")', "a spreadsheet formula holding a URL"),
    ("see www.example.org/x now", "a www. address without a scheme"),
    ("HTTPS://EXAMPLE.ORG WWW.EXAMPLE.ORG", "upper-case scheme and www"),
    ("write to a.b+c@example.org", "an e-mail address"),
    ("mailto:a@b.org xmpp:c@d.org", "e-mail addresses behind a scheme"),
    ("<https://x.org> <a@b.org>", "CommonMark autolinks"),
    ("[click](https://evil) ![i](https://evil/i.png)", "a markdown link and image"),
    ("[x]: https://evil", "a link reference definition"),
    ("<b>bold</b> <script>alert(1)</script> <img src=x onerror=alert(1)>", "HTML"),
    ("*em* _u_ **b** `code` ~~s~~ ==m==", "inline formatting"),
    ("# heading", "a heading"),
    ("- item", "a list item"),
    ("1. item", "an ordered list item"),
    ("> quote", "a block quote"),
    ("| a | b |", "a table row"),
    ("---", "a thematic break"),
    (":red[boom] :rocket: :material/home:", "Streamlit colour, emoji and icon codes"),
    ("$x^2$ and $$y$$", "maths"),
    ("C:\\new \\` \\\\ end\\", "backslashes"),
    ("&amp; &lt;b&gt; &#60;", "character references"),
    ("line one\nline two\u2028three", "line breaks"),
    ("Kim Jong-un & Putin #2 + 50% ~approx. (Москва)", "ordinary punctuation and Cyrillic"),
]


@pytest.mark.parametrize(("value", "reason"), HOSTILE, ids=[reason for _, reason in HOSTILE])
def test_md_escape_shows_the_text_and_nothing_else(value: str, reason: str) -> None:
    escaped = md_escape(value)
    # Reads as the data says (whitespace squashed; the word joiner is invisible).
    assert shown(escaped).replace(WORD_JOINER, "") == " ".join(value.split())
    # No character of the text is left for markdown to read as syntax.
    assert SYNTAX.search(ESCAPE.sub("", escaped)) is None
    assert "\n" not in escaped
    # Nothing for Streamlit's emoji codes, nor for GFM's after-parse autolinker.
    assert STREAMLIT_EMOJI.search(escaped) is None
    assert GFM_URL.search(shown(escaped)) is None and GFM_EMAIL.search(shown(escaped)) is None


def test_md_escape_leaves_a_url_readable_in_the_source() -> None:
    """The bug was 'https://example\\.org/a\\_b\\_c' on screen and in the link: GFM's parser
    took the escaped source as a URL. Now nothing there is a URL to it."""
    escaped = md_escape("https://example.org/a_b_c?x=1")
    assert re.search(r"(?i)https?://|www\.", escaped) is None


def test_md_escape_keeps_ordinary_text_as_it_is() -> None:
    """Labels and times read the same in the source (the app's tests read it)."""
    assert md_escape("From Alpha: 579 km, by rail") == "From Alpha: 579 km, by rail"


def _hostile_stop() -> Stop:
    every = " ".join(value for value, _ in HOSTILE)
    return replace(
        ALPHA,
        name=f"Name {every}",
        site=f"Site {every}",
        region=f"Region {every}",
        country=f"Country {every}",
        people=(f'=HYPERLINK("http://evil","x") {every}', "a@b.org"),
        summary=f"Summary https://example.org/a_b_c?x=1 {every}",
        time_note=f"Note {every}",
        location=replace(ALPHA.location, note=f"Where {every}"),
        sources=(
            Source(f"Outlet {every}", f"Title {every}", "https://example.org/a_b_c?x=1&y=(2)"),
            Source("Plain", "Second", "http://example.org/second"),
        ),
    )


# A markdown link whose label and destination may hold backslash escapes.
LINK = re.compile(r"\[((?:\\.|[^\[\]\\])*)\]\(((?:\\.|[^()\s\\])*)\)")


def test_the_only_links_in_the_details_are_the_sources() -> None:
    stop = _hostile_stop()
    markdown = stop_details_markdown(stop, f"From {stop.name}")
    links = LINK.findall(markdown)
    assert [shown(url) for _, url in links] == [source.url for source in stop.sources]
    assert [shown(label).replace(WORD_JOINER, "") for label, _ in links] == [
        " ".join(source.title.split()) for source in stop.sources
    ]
    # Outside those links no bracket or angle bracket is left for markdown to read.
    assert not re.search(r"[\[\]<>]", ESCAPE.sub("", LINK.sub("", markdown)))
    # And nothing the after-parse autolinker would link.
    text = shown(LINK.sub("", markdown))
    assert GFM_URL.search(text) is None and GFM_EMAIL.search(text) is None


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://example.org/a_b_c?x=1", True),
        ("https://example.org/a(b)c?d=1&amp;e=2#f", True),
        ("javascript:alert(1)", False),
        ("ftp://example.org/file", False),
    ],
    ids=["http(s) is linked", "parentheses and a literal &amp; survive", "javascript: is text",
         "other schemes are text"],
)  # fmt: skip
def test_md_link(url: str, linked: bool) -> None:
    made = md_link("Title [1]", url)
    match = LINK.fullmatch(made)
    if linked:
        assert match is not None and shown(match[2]) == url
        assert shown(match[1]) == "Title [1]"
    else:
        assert match is None and shown(made) == "Title [1]"


def test_the_heading_is_the_number_and_the_escaped_name() -> None:
    stop = replace(ALPHA, name="*Alpha* www.example.org")
    heading = stop_heading_markdown(stop)
    assert heading.startswith("## 1\\. ")
    assert shown(heading).replace(WORD_JOINER, "") == "## 1. *Alpha* www.example.org"


# --- a stop's facts, in the app's markdown and the published page's panel --------------------


def test_the_facts_of_a_stop_in_order_as_plain_text() -> None:
    beta = JOURNEY.stops[1]
    assert stop_facts(beta, arrival_summary(ROUTE, beta)) == [
        ("When", "Wed 13 Sep 2023, 08:00 (UTC+10) – 12:00"),
        ("Where", "Beta plant, Khabarovsk Krai, Russia"),
        ("Topics", "Aviation"),
        ("People", "none named"),
        ("Confidence", CONFIDENCE_LABELS["reported"]),
        ("From the previous stop", "From Alpha: 579 km by rail, 1 d 2 h"),
        ("Coordinates", "48.4900, 135.0600 (approximate)"),
    ]
    facts = dict(stop_facts(ALPHA, None))
    assert facts["From the previous stop"] == "first stop of the journey"
    assert facts["Coordinates"] == "43.8000, 131.9500 (approximate: test position)"


def test_the_markdown_details_show_the_same_facts() -> None:
    beta = JOURNEY.stops[1]
    markdown = stop_details_markdown(beta, arrival_summary(ROUTE, beta))
    for label, value in stop_facts(beta, arrival_summary(ROUTE, beta)):
        assert f"**{label}:** {md_escape(value)}" in markdown


@pytest.mark.parametrize(
    ("shown_ids", "origin"),
    [
        (None, "From Alpha:"),
        ({"alpha", "beta"}, "From Alpha:"),
        ({"beta"}, "From the previous stop:"),
    ],
    ids=["every stop shown", "its origin shown", "its origin not on the page"],
)
def test_a_page_of_some_stops_names_no_other_as_a_leg_origin(
    shown_ids: set[str] | None, origin: str
) -> None:
    summary = arrival_summary(ROUTE, JOURNEY.stops[1], shown_ids)
    assert summary is not None and summary.startswith(origin)
    assert arrival_summary(ROUTE, ALPHA, shown_ids) is None  # the first stop has no leg in


def test_a_stop_in_a_list_is_its_title_and_day() -> None:
    assert stop_label(ALPHA) == "1. Alpha (12 Sep 2023)"


@pytest.mark.parametrize(
    ("levels", "note"),
    [
        (("confirmed", "reported"), None),
        (
            ("reported",),
            "Confidence: every stop is reported (secondary or conflicting sources), so there "
            "is nothing to filter.",
        ),
        (
            ("unconfirmed",),
            f"Confidence: every stop is {CONFIDENCE_LABELS['unconfirmed'].lower()}, so there is "
            "nothing to filter.",
        ),
    ],
    ids=["a choice: the filter, no note", "one level: a note instead", "any level, by its label"],
)
def test_confidence_note(levels: tuple[Confidence, ...], note: str | None) -> None:
    assert confidence_note(levels) == note


@pytest.mark.parametrize(
    ("error", "line", "problems"),
    [
        (
            DataFileError("trip.yaml", "is not valid YAML"),
            "**Cannot show it.** trip\\.yaml: is not valid YAML",
            None,
        ),
        (
            DataFileError("*bold*.yaml", "has [a link](x)"),
            "**Cannot show it.** \\*bold\\*\\.yaml: has \\[a link\\]\\(x\\)",
            None,
        ),
        (
            ValidationError("trip.yaml", [Problem("trip.yaml", "a", "name", "is empty")] * 2),
            "**Cannot show it.** trip\\.yaml: 2 problems found",
            "\n".join([str(Problem("trip.yaml", "a", "name", "is empty"))] * 2),
        ),
    ],
    ids=[
        "a file that cannot be read: one line",
        "the file's name and the message are shown, not obeyed",
        "a file that broke the schema: every problem, one a line",
    ],
)
def test_file_error(error: DataFileError, line: str, problems: str | None) -> None:
    assert file_error("Cannot show it.", error) == (line, problems)
