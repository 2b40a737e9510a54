"""The itinerary table a page at a time: page arithmetic and the rows it shows."""

from __future__ import annotations

import pytest

from itinerary.format.loader import load_journey
from itinerary.geo.route import build_route
from itinerary.views.table import (
    PAGE_SIZE,
    Page,
    as_arrow,
    page_holding,
    page_of,
    stop_rows,
    table_heading,
)
from tests.conftest import MINI

JOURNEY = load_journey(MINI)
ROUTE = build_route(JOURNEY)


@pytest.mark.parametrize(
    ("total", "number", "size", "expected"),
    [
        (0, 1, 10, Page(1, 1, 0, 0, 0)),
        (3, 1, 10, Page(1, 1, 0, 3, 3)),
        (10, 1, 10, Page(1, 1, 0, 10, 10)),
        (11, 2, 10, Page(2, 2, 10, 11, 11)),
        (25, 3, 10, Page(3, 3, 20, 25, 25)),
        (25, 9, 10, Page(3, 3, 20, 25, 25)),
        (25, 0, 10, Page(1, 3, 0, 10, 25)),
        (25, -4, 10, Page(1, 3, 0, 10, 25)),
    ],
    ids=[
        "no rows: one empty page, not zero pages",
        "fewer rows than a page",
        "exactly one page",
        "one row spills onto a second page",
        "the last page is short",
        "a page past the end (the rows shrank) is clamped to the last",
        "page zero is clamped to the first",
        "a negative page is clamped to the first",
    ],
)
def test_page_of(total: int, number: int, size: int, expected: Page) -> None:
    assert page_of(total, number, size) == expected


def test_every_row_is_on_exactly_one_page() -> None:
    total, size = 1_003, 100
    pages = [page_of(total, n, size) for n in range(1, page_of(total, 1, size).count + 1)]
    rows = [i for page in pages for i in range(page.start, page.stop)]
    assert rows == list(range(total))
    assert all(page_holding(i, size) == n for n, page in enumerate(pages, 1) for i in
               range(page.start, page.stop))  # fmt: skip


@pytest.mark.parametrize(
    ("size", "reason"), [(0, "zero"), (-1, "negative")], ids=["zero size", "negative size"]
)
def test_page_size_must_be_positive(size: int, reason: str) -> None:
    with pytest.raises(ValueError, match=f"instead got {size}"):
        page_of(10, 1, size)


@pytest.mark.parametrize(
    ("total", "caption"),
    [(PAGE_SIZE, ""), (PAGE_SIZE + 1, f"rows 1–{PAGE_SIZE} of {PAGE_SIZE + 1}")],
    ids=["one page needs no caption", "several pages say which rows"],
)
def test_caption(total: int, caption: str) -> None:
    assert page_of(total, 1).caption == caption


def test_rows_describe_each_stop() -> None:
    rows = stop_rows(JOURNEY.stops, ROUTE)
    # The selection is the table's own row tick now: no column marks it.
    assert list(rows[0]) == [
        "#", "Date", "Stop", "Site", "Country", "Topics", "People", "From previous",
        "Confidence", "Source",
    ]  # fmt: skip
    assert [row["Stop"] for row in rows] == [stop.name for stop in JOURNEY.stops]
    assert rows[0]["From previous"] == ""  # the first stop has no leg into it
    assert rows[1]["From previous"] == "From Alpha: 579 km by rail, 1 d 2 h"
    assert rows[0]["Topics"] == "Railways, Diplomacy"  # in the data's order, main topic first
    assert rows[2]["People"] == "Person B, Person C"
    assert rows[0]["Source"] == JOURNEY.stops[0].sources[0].url


def test_rows_as_arrow_keep_columns_order_and_values() -> None:
    rows = stop_rows(JOURNEY.stops, ROUTE)
    table = as_arrow(rows)
    assert table.column_names == list(rows[0])
    assert table.to_pylist() == rows
    assert table.schema.metadata is None  # no pandas metadata sent on every rerun
    assert as_arrow([]).num_rows == 0  # an empty filter result is still a table


@pytest.mark.parametrize(
    ("shown", "total", "heading"),
    [
        (3, 3, "**3 of 3 stops** · select a row to see it"),
        (0, 15, "**0 of 15 stops** · select a row to see it"),
        (1250, 10000, "**1,250 of 10,000 stops** · select a row to see it"),
    ],
    ids=["every stop shown", "none shown: still says of how many", "thousands grouped"],
)
def test_table_heading(shown: int, total: int, heading: str) -> None:
    assert table_heading(shown, total) == heading
