"""Entries into store rows, and a fetched feed's rows into the library.

``entry_rows`` prepares a parsed feed's entries (sanitized HTML, its text, the
content hash that tells a changed entry from an unchanged one); ``write_feeds``
writes fetched feeds, each one's metadata, entries and rules' actions, in one
transaction. The refresh (``reader.core.refresh``) runs the first in its parse
pool and the second on its writing thread; subscribing and syncing use them too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from reader.core import decide
from reader.core.content.callouts import normalize_headline
from reader.core.content.pipeline import prepare
from reader.core.models import ParsedEntry, ParsedFeed
from reader.core.rules.engine import Arrival, RuleSet, run_on_arrival
from reader.core.storage.articles import FeedWrite
from reader.core.storage.rows import EntryRow, FeedMeta, StoreCounts
from reader.core.storage.store import Store

_ASCII_CONTROLS = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])  # what repr() writes as \\xNN


def quick_repr(value: object) -> str:
    """``repr(value)``, made faster for the usual entry body: ASCII text without control characters.

    CPython's ``repr`` of a str checks every character on its own (about 30 us
    for a 7 KB body); here whole-string operations do the same escaping
    (backslash, the quote, tab, newline, carriage return). Anything else goes
    to ``repr`` itself. A property test holds the two equal.
    """
    if type(value) is not str or not value.isascii():
        return repr(value)
    raw = value.encode("ascii")
    if len(raw.translate(None, _ASCII_CONTROLS)) != len(raw):
        return repr(value)
    quote = '"' if "'" in value and '"' not in value else "'"
    text = value.replace("\\", "\\\\") if "\\" in value else value
    if quote == "'" and "'" in text:
        text = text.replace("'", "\\'")
    for char, escaped in (("\n", "\\n"), ("\t", "\\t"), ("\r", "\\r")):
        if char in text:
            text = text.replace(char, escaped)
    return quote + text + quote


def content_hash(*parts: object) -> str:
    """SHA-1 of the parts' ``repr``, each followed by a unit separator (stored: it must never change)."""
    joined = "".join([quick_repr(part) + "\x1f" for part in parts])
    return hashlib.sha1(joined.encode("utf-8", "surrogatepass")).hexdigest()


def entry_rows(parsed: ParsedFeed) -> list[EntryRow]:
    """Turn parsed entries into store rows: prepared HTML, text, identity."""
    return take_rows(list(parsed.entries))


def take_rows(entries: list[ParsedEntry | None]) -> list[EntryRow]:
    """``entry_rows`` for entries taken out of their feed: each place in ``entries`` is
    emptied once its row is made, so a big feed's raw entries and rows are not all held."""
    rows: list[EntryRow] = []
    for at, e in enumerate(entries):
        if e is None:
            continue
        entries[at] = None  # this loop's reference is the last one
        body = e.content or e.summary
        prepared = prepare(body, is_html=e.content_is_html, base_url=e.base_url or e.url)
        categories = e.categories or prepared.categories
        rows.append(
            EntryRow(
                guid=e.guid,
                title=e.title,
                title_key=normalize_headline(e.title),
                content_hash=content_hash(e.title, e.url, e.author, body, e.published, e.updated, categories),
                url=e.url,
                author=e.author,
                published=e.published.timestamp() if e.published else None,
                updated=e.updated.timestamp() if e.updated else None,
                html=prepared.html,
                text=prepared.text,
                text_is_derived=True,  # prepare() makes text as html_text(html)
                is_html=True,
                base_url=e.base_url,
                categories=tuple(categories),
                enclosures=e.enclosures,
            )
        )
    return rows


def store_entries(write: FeedWrite, rows: Sequence[EntryRow], rule_set: RuleSet | None) -> tuple[StoreCounts, Arrival]:
    """Store a feed's entries through an open write, then run the rules on the new ones (same transaction).

    New entries are inserted unread; changed ones are updated in place and keep
    their read/saved/hidden state; entries retention buried are not brought back.
    """
    counts = write.apply(decide.plan_entries(rows, write.known([r.guid for r in rows])))
    if rule_set is None or not rule_set.rules:
        return counts, Arrival(fresh=counts.new_ids)
    return counts, run_on_arrival(write, counts.new_ids, rule_set)


def write_feeds(
    store: Store, feeds: Sequence[tuple[int, FeedMeta, Sequence[EntryRow]]], rule_set: RuleSet | None = None
) -> list[tuple[StoreCounts, Arrival]]:
    """Write fetched feeds (id, metadata, entries) in one transaction: each one's metadata, entries and
    rules' actions, in order. A feed deleted while it was being fetched gets nothing written."""
    with store.feed_writes() as begin:
        return [
            (StoreCounts(), Arrival()) if (write := begin(feed_id, meta)) is None else store_entries(write, rows, rule_set)
            for feed_id, meta, rows in feeds
        ]


def write_feed(
    store: Store, feed_id: int, meta: FeedMeta, rows: Sequence[EntryRow], rule_set: RuleSet | None = None
) -> tuple[StoreCounts, Arrival]:
    """Write one fetched feed in one transaction: its metadata, its entries, the rules' actions."""
    return write_feeds(store, [(feed_id, meta, rows)], rule_set)[0]


def write_entries(
    store: Store, feed_id: int, meta: FeedMeta, rows: Sequence[EntryRow], rule_set: RuleSet | None = None
) -> StoreCounts:
    """``write_feed``, when only the counts matter."""
    return write_feed(store, feed_id, meta, rows, rule_set)[0]


__all__ = [
    "content_hash", "entry_rows", "quick_repr", "store_entries", "take_rows", "write_entries", "write_feed", "write_feeds",
]
