"""Writing entries' rows: new articles in a few multi-row statements, changed ones in place.

A feed write (``articles.FeedWrite``), a sync's batch and a bulk insert all
store entries through here, in the caller's transaction. New articles get the
next free ids (as SQLite would pick them: the write transaction holds the
lock), go in ``ROWS_PER_INSERT`` rows a statement, and are indexed for search
from their own text (``fts.index_entries``); a changed article is updated in
place and the index follows by trigger. Bodies are stored compressed
(``fts.pack_html``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from reader.core.storage import fts
from reader.core.storage.connection import Connection, rows_per_statement
from reader.core.storage.fts import pack_html
from reader.core.storage.rows import EntryRow, enclosures_json

# An undated entry sorts by when it was first seen; entries seen in one refresh
# step back by this much per place in the feed, so they keep the feed's order.
UNDATED_STEP = 0.001

_ARTICLE_COLUMNS = (
    "id, feed_id, guid, url, title, title_key, author, published, updated, first_seen, "
    "sort_date, html, is_html, base_url, categories, enclosures, content_hash, fts_feed"
)
_ARTICLE_ROW = "(" + ",".join("?" * 18) + ")"
ROWS_PER_INSERT = 100  # rows per INSERT statement of a write (18 values each)


def _article_values(
    article_id: int, feed_id: int, name: str, e: EntryRow, seen: float, position: int = 0
) -> tuple[Any, ...]:
    sort_date = e.published if e.published is not None else e.updated
    if sort_date is None:
        sort_date = seen - position * UNDATED_STEP
    categories = json.dumps(list(e.categories)) if e.categories else "[]"
    enclosures = enclosures_json(e.enclosures) if e.enclosures else "[]"
    return (
        article_id, feed_id, e.guid, e.url, e.title, e.title_key, e.author, e.published, e.updated, seen, sort_date,
        pack_html(e.html), int(e.is_html), e.base_url, categories, enclosures, e.content_hash, name,
    )


def insert_articles(
    c: Connection, feed_id: int, name: str, rows: Iterable[EntryRow], seen: float, *, start: int = 0
) -> tuple[int, ...]:
    """Insert new entries and index them, in the caller's transaction; their ids.

    ``start`` is the first entry's place in the feed (undated entries keep the feed's order).
    A whole write is a few statements, not one per entry: the ids are given
    (the next free ones, as SQLite would pick them; the caller's write
    transaction holds the lock), the rows go in ``ROWS_PER_INSERT`` at a time,
    and the index gets their text from the rows (``fts.index_entries``).
    """
    entries = list(rows)
    if not entries:
        return ()
    first = int(c.execute("SELECT coalesce(max(id), 0) + 1 FROM articles").fetchone()[0])
    ids = tuple(range(first, first + len(entries)))
    per = rows_per_statement(c, 18, ROWS_PER_INSERT)
    for at in range(0, len(entries), per):
        chunk = entries[at : at + per]
        values: list[Any] = []
        for offset, e in enumerate(chunk, at):
            values.extend(_article_values(first + offset, feed_id, name, e, seen, start + offset))
        c.execute(f"INSERT INTO articles({_ARTICLE_COLUMNS}) VALUES {','.join([_ARTICLE_ROW] * len(chunk))}", values)
    fts.index_entries(c, [(i, e.title, e.author, name, e.text if e.text_is_derived else None) for i, e in zip(ids, entries, strict=True)])
    return ids


def insert_article(c: Connection, feed_id: int, name: str, e: EntryRow, seen: float, *, position: int = 0) -> int:
    """Insert one new entry and index it; its id. ``position`` is its place in the feed."""
    return insert_articles(c, feed_id, name, (e,), seen, start=position)[0]


def update_article(c: Connection, article_id: int, name: str, e: EntryRow) -> None:
    """Update a changed entry in place (read and saved state stay; the index follows by trigger)."""
    html = pack_html(e.html)
    if e.text_is_derived:  # for the new entry only: the old one's text is derived from what is stored
        c.text_hints[html] = e.text
    try:
        c.execute(
            "UPDATE articles SET url = ?, title = ?, title_key = ?, author = ?, published = coalesce(?, published), "
            "updated = ?, sort_date = coalesce(?, ?, sort_date), html = ?, is_html = ?, base_url = ?, categories = ?, "
            "enclosures = ?, content_hash = ?, fts_feed = ? WHERE id = ?",
            (
                e.url, e.title, e.title_key, e.author, e.published, e.updated, e.published, e.updated, html,
                int(e.is_html), e.base_url, json.dumps(list(e.categories)), enclosures_json(e.enclosures),
                e.content_hash, name, article_id,
            ),
        )
    finally:
        c.text_hints.clear()


__all__ = ["ROWS_PER_INSERT", "UNDATED_STEP", "insert_article", "insert_articles", "update_article"]
