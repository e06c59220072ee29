"""The search index's text: one copy of each body, compressed, and an FTS5 index kept in step by triggers.

An article's body is stored once, as HTML in ``articles.html``: a zstd-compressed
BLOB (new writes) or plain TEXT (libraries written before schema 5, and any
writer that stores a str). ``article_fts`` is an *external-content* FTS5 table:
it keeps only the inverted index, and reads the indexed columns from the view
``article_fts_source``, which derives them from the stored row:

    title, author            the article's own columns
    feed                     ``articles.fts_feed``: the feed's name when indexed
    body                     the plain text of the HTML (``html_text``), then a
                             saved full copy's text after ``COPY_MARK``

Triggers on ``articles`` remove an article's entry from the index (with the
values it was indexed with, read from the view before the row changes) and add
it back afterwards, so every update or delete of an article keeps the index in
step, whoever issues it; so do triggers on deleting a full copy. Inserting is
not left to a trigger: FTS5 flushes its pending terms at every statement
savepoint, and a trigger runs in one per row, which made each new article cost
twice as much (docs/decisions.md). A writer that inserts articles calls
``index`` once for all of them, in the same transaction; writing a full copy's
text goes through ``reindex`` (an upsert fires no trigger that sees the old text). The view calls two SQL functions that
``register_functions`` adds to every connection a ``Store`` opens; a
connection without them (the sqlite3 shell) can read the articles but cannot
change their indexed columns, which fails loudly rather than corrupting the
index. ``INSERT INTO article_fts(article_fts) VALUES('rebuild')`` rebuilds the
whole index from the articles (schema 5 does it once).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from typing import Any

import zstandard

COPY_MARK = "\n\n\x1e"  # separates the feed's text from a saved full copy's text in the index
ZSTD_LEVEL = 1  # 2.6x on feed HTML at ~270 MB/s (docs/decisions.md, "Library size")

# The SQL the schema and the triggers use; registered on every connection.
BODY_SQL = "byline_body"  # byline_body(html): the stored HTML as text, whichever way it was stored
TEXT_SQL = "byline_text"  # byline_text(html): the indexed plain text of the stored HTML
PACK_SQL = "byline_pack"  # byline_pack(html): the stored form of an HTML string (migrations)


_LOCAL = threading.local()  # zstd contexts must not be used by two threads at once (it crashes)


def _compressor() -> zstandard.ZstdCompressor:
    found: zstandard.ZstdCompressor | None = getattr(_LOCAL, "compressor", None)
    if found is None:
        found = _LOCAL.compressor = zstandard.ZstdCompressor(level=ZSTD_LEVEL)
    return found


def _decompressor() -> zstandard.ZstdDecompressor:
    found: zstandard.ZstdDecompressor | None = getattr(_LOCAL, "decompressor", None)
    if found is None:
        found = _LOCAL.decompressor = zstandard.ZstdDecompressor()
    return found


def pack_html(html: str) -> bytes | str:
    """The stored form of ``html``: compressed, unless it is too short to gain from it."""
    if len(html) < 128:
        return html
    return _compressor().compress(html.encode("utf-8", "surrogatepass"))


def unpack_html(stored: Any) -> str:
    """The HTML of a stored ``articles.html`` value (BLOB or TEXT)."""
    if stored is None:
        return ""
    if isinstance(stored, bytes | memoryview):
        return _decompressor().decompress(bytes(stored)).decode("utf-8", "surrogatepass")
    return str(stored)


def indexed_text(stored: Any) -> str:
    """The body text the index holds for a stored ``articles.html`` value."""
    from reader.core.content.text import html_text  # lazy: most commands never index

    html = unpack_html(stored)
    return html_text(html) if html else ""


TextHints = dict[Any, str]  # a stored html value -> its indexed text, when the writer already has it


def register_functions(conn: sqlite3.Connection, hints: TextHints | None = None) -> None:
    """Add the functions the view and the migrations call (deterministic, so indexes may use them).

    Args:
        hints: texts the writer already derived (``EntryRow.text_is_derived``),
            looked up by stored value before deriving a text again.
    """
    def text_of(stored: Any) -> str:
        if hints:
            found = hints.get(stored)
            if found is not None:
                return found
        return indexed_text(stored)

    conn.create_function(BODY_SQL, 1, unpack_html, deterministic=True)
    conn.create_function(TEXT_SQL, 1, text_of, deterministic=True)
    conn.create_function(PACK_SQL, 1, lambda html: html if html is None or isinstance(html, bytes) else pack_html(str(html)),
                         deterministic=True)


_COLUMNS = "title, author, feed, body"

# The index's source and its triggers: created by schema 5 (and only there: see schema.py).
SCHEMA = f"""
CREATE VIEW article_fts_source(id, title, author, feed, body) AS
    SELECT a.id, a.title, coalesce(a.author, ''), coalesce(a.fts_feed, ''),
           {TEXT_SQL}(a.html) || coalesce(char(10, 10, 30) || fc.text, '')
    FROM articles a LEFT JOIN full_copies fc ON fc.article_id = a.id AND fc.text IS NOT NULL;

CREATE VIRTUAL TABLE article_fts USING fts5(
    {_COLUMNS},
    content = 'article_fts_source', content_rowid = 'id',
    tokenize = "unicode61 remove_diacritics 2"
);

CREATE TRIGGER article_fts_before_delete BEFORE DELETE ON articles BEGIN
    INSERT INTO article_fts(article_fts, rowid, {_COLUMNS})
        SELECT 'delete', id, {_COLUMNS} FROM article_fts_source WHERE id = old.id;
END;
CREATE TRIGGER article_fts_before_update BEFORE UPDATE OF title, author, html, fts_feed ON articles BEGIN
    INSERT INTO article_fts(article_fts, rowid, {_COLUMNS})
        SELECT 'delete', id, {_COLUMNS} FROM article_fts_source WHERE id = old.id;
END;
CREATE TRIGGER article_fts_after_update AFTER UPDATE OF title, author, html, fts_feed ON articles BEGIN
    INSERT INTO article_fts(rowid, {_COLUMNS}) SELECT id, {_COLUMNS} FROM article_fts_source WHERE id = new.id;
END;

CREATE TRIGGER article_fts_copy_before_delete BEFORE DELETE ON full_copies BEGIN
    INSERT INTO article_fts(article_fts, rowid, {_COLUMNS})
        SELECT 'delete', id, {_COLUMNS} FROM article_fts_source WHERE id = old.article_id;
END;
CREATE TRIGGER article_fts_copy_after_delete AFTER DELETE ON full_copies BEGIN
    INSERT INTO article_fts(rowid, {_COLUMNS}) SELECT id, {_COLUMNS} FROM article_fts_source WHERE id = old.article_id;
END;
"""


def index(c: sqlite3.Connection, ids: list[int]) -> None:
    """Add new articles to the index (one statement per 500: FTS5 flushes its terms at each statement's end)."""
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        c.execute(
            f"INSERT INTO article_fts(rowid, {_COLUMNS}) SELECT id, {_COLUMNS} FROM article_fts_source "
            f"WHERE id IN ({','.join('?' * len(chunk))})",
            chunk,
        )


# New articles' index entries from the values the writer has (what the view would give for
# them: no full copy can exist yet, but the join keeps that exact), in one statement.
_ENTRY_ROW = "(?, ?, ?, ?, ?)"
_INDEX_ENTRIES = (
    f"INSERT INTO article_fts(rowid, {_COLUMNS}) "
    "SELECT v.column1, v.column2, coalesce(v.column3, ''), coalesce(v.column4, ''), "
    "v.column5 || coalesce(char(10, 10, 30) || fc.text, '') "
    "FROM (VALUES {rows}) v LEFT JOIN full_copies fc ON fc.article_id = v.column1 AND fc.text IS NOT NULL"
)
ENTRIES_PER_STATEMENT = 500

IndexEntry = tuple[int, str, str | None, str | None, str | None]  # id, title, author, feed name, text (None: derive it)


def index_entries(c: sqlite3.Connection, entries: Sequence[IndexEntry]) -> None:
    """Add new articles to the index from their values; those without a text are indexed through the view (``index``).

    The text must be ``html_text`` of the stored HTML (``EntryRow.text_is_derived``),
    exactly what the view derives, or later deletes would take out other terms.
    """
    known = [e for e in entries if e[4] is not None]
    derive = [e[0] for e in entries if e[4] is None]
    per = min(ENTRIES_PER_STATEMENT, max(1, c.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // 5))
    for start in range(0, len(known), per):
        chunk = known[start : start + per]
        c.execute(_INDEX_ENTRIES.format(rows=",".join([_ENTRY_ROW] * len(chunk))), [v for e in chunk for v in e])
    if derive:
        index(c, derive)


def reindex(c: sqlite3.Connection, article_id: int, change: Any, *args: Any) -> None:
    """Run ``change(*args)`` (a write to the article's full copy) with its index entry taken out and put back."""
    c.execute(
        f"INSERT INTO article_fts(article_fts, rowid, {_COLUMNS}) "
        f"SELECT 'delete', id, {_COLUMNS} FROM article_fts_source WHERE id = ?",
        (article_id,),
    )
    change(*args)
    c.execute(
        f"INSERT INTO article_fts(rowid, {_COLUMNS}) SELECT id, {_COLUMNS} FROM article_fts_source WHERE id = ?",
        (article_id,),
    )


def fts_body(feed_text: str, copy_text: str | None) -> str:
    """The indexed body: the feed's text, then the saved full copy's text."""
    return feed_text if not copy_text else feed_text + COPY_MARK + copy_text


__all__ = [
    "COPY_MARK", "SCHEMA", "IndexEntry", "TextHints", "fts_body", "index", "index_entries", "indexed_text", "pack_html",
    "register_functions", "reindex", "unpack_html",
]
