"""Feed dates: what the feed wrote, or no date. Never a real-looking date it did not give."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.feeds.dates import read_date
from reader.core.feeds.parse import parse_feed

# Each of these names no moment: before the fix, feedparser's lenient ISO reader
# turned the first into day 202 of the current year and the second into 1 January
# of the next year, on both XML paths.
IMPOSSIBLE = [
    "-2025-01-01",
    "2025-13-45T99:99:99Z",
    "2025-02-30",
    "2025-02-29T10:00:00Z",  # not a leap year
    "2025-04-31",
    "2025-06-10T24:30:00Z",
    "2025-06-10T12:60:00Z",
    "2025-06-10T12:00:00+15:00",  # no zone is that far from UTC
    "2025-06-10T12:00:00+02:75",
    "2025-00-10",
    "0000-00-00T00:00:00Z",
    "Mon, 32 Jan 2025 10:00:00 GMT",
    "Tue, 30 Feb 2025 10:00:00 +0000",
    "Tue, 10 Jun 2025 25:00:00 GMT",
    "Tue, 10 Jun 2025 12:00:00 +9900",
    "--1011",
    "-111",
    "2025-W54",
    "2025-400",
    "202513",
    "99",
    "Jun 26 1",  # found by bench/fuzz.py: feedparser's RFC 822 reader took "1" for 2001
    "5 Jan 5 0 +0220",
    "01 Jun1 5",
    "tomorrow",
    "",
]

GIVEN = {
    "2025-06-10T12:00:00Z": datetime(2025, 6, 10, 12, tzinfo=UTC),
    "2025-06-10T14:00:00+02:00": datetime(2025, 6, 10, 12, tzinfo=UTC),
    "2025-06-10T07:00:00-0500": datetime(2025, 6, 10, 12, tzinfo=UTC),
    "2025-06-10 12:00:00": datetime(2025, 6, 10, 12, tzinfo=UTC),
    "2025-06-10T12:00:00.25Z": datetime(2025, 6, 10, 12, 0, 0, 250000, tzinfo=UTC),
    "2016-12-31T23:59:60Z": datetime(2016, 12, 31, 23, 59, 59, tzinfo=UTC),  # a leap second
    "2025-06-10": datetime(2025, 6, 10, tzinfo=UTC),
    "2025-6-1": datetime(2025, 6, 1, tzinfo=UTC),
    "20250610": datetime(2025, 6, 10, tzinfo=UTC),
    "20250610T120000Z": datetime(2025, 6, 10, 12, tzinfo=UTC),
    "2025-06": datetime(2025, 6, 1, tzinfo=UTC),
    "2025": datetime(2025, 1, 1, tzinfo=UTC),
    "2025-W24-2": datetime(2025, 6, 10, tzinfo=UTC),
    "2025-161": datetime(2025, 6, 10, tzinfo=UTC),
    "2024-02-29": datetime(2024, 2, 29, tzinfo=UTC),
    "Tue, 10 Jun 2025 12:00:00 GMT": datetime(2025, 6, 10, 12, tzinfo=UTC),
    "Tue, 10 Jun 2025 08:00:00 EDT": datetime(2025, 6, 10, 12, tzinfo=UTC),
    "10 Jun 2025 13:00 +0100": datetime(2025, 6, 10, 12, tzinfo=UTC),
    "Tuesday, 10 June 2025 12:00:00 UTC": datetime(2025, 6, 10, 12, tzinfo=UTC),
    "Tue, 10 Jun 25 12:00:00 GMT": datetime(2025, 6, 10, 12, tzinfo=UTC),
    "Tue, 10 Jun 2025": datetime(2025, 6, 10, tzinfo=UTC),
    "Tue Jun 10 12:00:00 2025": datetime(2025, 6, 10, 12, tzinfo=UTC),  # asctime
    "Fri, 2006/09/15 08:19:53 EDT": datetime(2006, 9, 15, 12, 19, 53, tzinfo=UTC),  # Perforce
}


@pytest.mark.parametrize("text", IMPOSSIBLE)
def test_impossible_dates_are_no_date(text: str) -> None:
    assert read_date(text) is None


@pytest.mark.parametrize("text", list(GIVEN))
def test_given_dates_are_read(text: str) -> None:
    assert read_date(text) == GIVEN[text]


def _rss(value: str) -> bytes:
    return (f"<rss version='2.0'><channel><title>t</title><item><guid>g</guid><title>x</title>"
            f"<pubDate>{escape(value)}</pubDate></item></channel></rss>").encode()


def _atom(value: str) -> bytes:
    return (f"<feed xmlns='http://www.w3.org/2005/Atom'><title>t</title><entry><id>g</id><title>x</title>"
            f"<published>{escape(value)}</published><updated>{escape(value)}</updated></entry></feed>").encode()


def _json(value: str) -> bytes:
    item = {"id": "g", "title": "x", "date_published": value, "date_modified": value}
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [item]}).encode()


DOCUMENTS = [("rss", _rss, "auto"), ("rss", _rss, "feedparser"), ("atom", _atom, "auto"), ("atom", _atom, "feedparser"),
             ("json", _json, "auto")]


@pytest.mark.parametrize(("kind", "make", "engine"), DOCUMENTS, ids=[f"{k}-{e}" for k, _, e in DOCUMENTS])
@pytest.mark.parametrize("text", ["-2025-01-01", "2025-13-45T99:99:99Z", "2025-02-30T10:00:00Z",
                                  "Mon, 32 Jan 2025 10:00:00 GMT", "2025-06-10T12:00:00+15:00", "--1011"])
def test_every_path_stores_no_date_for_an_impossible_one(kind: str, make, engine: str, text: str) -> None:
    (entry,) = parse_feed(make(text), engine=engine).entries
    assert entry.published is None and entry.updated is None


@pytest.mark.parametrize(("kind", "make", "engine"), DOCUMENTS, ids=[f"{k}-{e}" for k, _, e in DOCUMENTS])
@pytest.mark.parametrize("text", ["2025-06-10T14:00:00+02:00", "Tue, 10 Jun 2025 12:00:00 GMT", "2025-06-10"])
def test_every_path_reads_a_real_date_alike(kind: str, make, engine: str, text: str) -> None:
    (entry,) = parse_feed(make(text), engine=engine).entries
    assert entry.published == GIVEN.get(text, datetime(2025, 6, 10, 12, tzinfo=UTC))


def test_an_entry_without_a_date_is_ordered_by_first_seen(library, tmp_path) -> None:
    path = tmp_path / "f.xml"
    items = "".join(f"<item><guid>{g}</guid><title>{g}</title><pubDate>{d}</pubDate></item>"
                    for g, d in [("real", "Tue, 10 Jun 2025 12:00:00 GMT"), ("bad", "-2025-01-01")])
    path.write_text(f"<rss version='2.0'><channel><title>t</title>{items}</channel></rss>")
    library.add_feed(str(path))
    by_title = {a.title: a for a in library.articles()}
    assert by_title["real"].published == datetime(2025, 6, 10, 12, tzinfo=UTC)
    assert by_title["bad"].published is None
    assert [a.title for a in library.articles()] == ["bad", "real"]  # first seen now: newer than 2025


# --- properties: any field out of range is no date; in range, exactly that moment -------------------

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


@st.composite
def written_dates(draw: st.DrawFn) -> tuple[str, datetime | None]:
    """A date as a feed writes it (W3CDTF or RFC 822), its fields sometimes out of range, with what it names."""
    y = draw(st.integers(1970, 2030))
    mo, d = draw(st.integers(0, 14)), draw(st.integers(0, 33))
    h, mi, s = draw(st.integers(0, 26)), draw(st.integers(0, 62)), draw(st.integers(0, 61))
    zh, zm = draw(st.integers(0, 16)), draw(st.sampled_from([0, 30, 45, 60, 75]))
    sign = draw(st.sampled_from("+-"))
    try:
        local = datetime(y, mo, d, h, mi, min(s, 59) if s == 60 else s, tzinfo=UTC)
    except ValueError:
        local = None
    offset_ok = zm < 60 and (zh, zm) <= (14, 0)
    offset = (1 if sign == "+" else -1) * timedelta(hours=zh, minutes=zm)
    want = local - offset if local is not None and offset_ok else None
    if draw(st.booleans()):
        text = f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}{sign}{zh:02d}:{zm:02d}"
    else:
        if not 1 <= mo <= 12:
            return f"{d} Foo {y} {h:02d}:{mi:02d}:{s:02d} {sign}{zh:02d}{zm:02d}", None
        text = f"{d} {MONTHS[mo - 1]} {y} {h:02d}:{mi:02d}:{s:02d} {sign}{zh:02d}{zm:02d}"
    return text, want


@settings(max_examples=400, deadline=None)
@given(written_dates())
def test_a_written_date_is_exactly_what_it_names_or_none(case: tuple[str, datetime | None]) -> None:
    text, want = case
    assert read_date(text) == want, text
