"""Rescue: every row a damaged library file still holds, read page by page, into a new library.

SQLite's own recovery (``.recover``, the recovery extension) is not usable
here: Python's sqlite3 is built without it, and the command-line shell of
Debian 12 (3.40.1, built without the dbpage table) fails on every file. So
this module reads the file format itself (https://www.sqlite.org/fileformat2.html),
never writing to the damaged file:

* the page size comes from the header, or, when the header is overwritten,
  from the page size at which the most pages look like b-tree pages; a
  ``-wal`` beside the file lends its committed pages (newest wins);
* the tables' root pages come from the schema on page 1; every table b-tree
  reachable from them is walked, and table leaf pages no tree reaches (their
  parent page was lost) are given to the table whose rows they look like
  (column count and value types of Byline's own schema); pages on the
  freelist are never read as rows;
* each cell's record is decoded (with its overflow chain, checked against
  loops and the file's end); a page or cell that does not add up is skipped.

``write_rescued`` then puts the rows into a fresh library at the current
schema, keeping ids, and keeping only rows that still fit together: an
article whose feed was lost stays only if it was saved (as a saved article
of a removed feed does), folders and feeds lose a parent that was lost, an
account's feeds go with a lost account. Bodies are copied as stored (zstd
BLOBs since schema 5; older text ones are compressed on the way) and the
search index is rebuilt from them once, at the end.
"""

from __future__ import annotations

import logging
import mmap
import sqlite3
import struct
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.core.errors import BylineError
from reader.core.storage import smart
from reader.core.storage.connection import StoreBase
from reader.core.storage.fts import PACK_SQL

log = logging.getLogger(__name__)

MAGIC = b"SQLite format 3\x00"
WAL_MAGIC = (0x377F0682, 0x377F0683)
PAGE_SIZES = (4096, 1024, 2048, 8192, 16384, 32768, 65536, 512)
TABLE_LEAF, TABLE_INTERIOR, INDEX_LEAF, INDEX_INTERIOR = 13, 5, 10, 2
MAX_DEPTH = 40
# The tables a rescue brings back, in the order they are written.
TABLES = (
    "settings", "folders", "accounts", "feeds", "articles", "full_copies", "tombstones", "images", "article_images",
    "sync_changes", "rules", "smart_feeds",
)
# Derived tables are not read back: smart_members and the counts are made again from the rows above.
# Columns whose declared type does not say what they hold: a body is TEXT or (schema 5 on) a zstd BLOB.
ANY_TYPE = {("articles", "html")}
RESCUED_FEED = "Rescued articles"

Row = tuple[Any, ...]


@dataclass
class Salvage:
    """How the reading went (filled in while ``read_damaged`` yields its rows)."""

    page_size: int = 0
    pages: int = 0
    bad_pages: int = 0  # pages and cells that could not be read
    orphan_pages: int = 0  # leaf pages no tree reached, given to the table their rows fit
    header_intact: bool = True


Found = tuple[str, int | None, Row]  # table, rowid (None in a WITHOUT ROWID table), values


@dataclass(frozen=True)
class RescueCounts:
    feeds: int = 0
    articles: int = 0
    saved: int = 0
    read: int = 0
    folders: int = 0


# --- reading the file ----------------------------------------------------------------------------


def _varint(buf: bytes | mmap.mmap, pos: int, end: int) -> tuple[int, int]:
    """An SQLite varint at ``pos``: (value, next position). Raises IndexError past ``end``."""
    value = 0
    for i in range(9):
        if pos + i >= end:
            raise IndexError("varint past the end")
        byte = buf[pos + i]
        if i == 8:
            return (value << 8) | byte, pos + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, pos + i + 1
    raise IndexError("unreachable")  # pragma: no cover


def _record(payload: bytes) -> Row:
    """The values of one record (a row); raises ValueError when it does not add up."""
    header_size, pos = _varint(payload, 0, len(payload))
    if header_size > len(payload) or header_size < 1:
        raise ValueError("bad record header")
    types: list[int] = []
    while pos < header_size:
        serial, pos = _varint(payload, pos, header_size)
        types.append(serial)
    values: list[Any] = []
    body = header_size
    for serial in types:
        if serial == 0:
            values.append(None)
        elif 1 <= serial <= 6:
            size = (1, 2, 3, 4, 6, 8)[serial - 1]
            values.append(int.from_bytes(payload[body : body + size], "big", signed=True))
            body += size
        elif serial == 7:
            values.append(struct.unpack(">d", payload[body : body + 8])[0])
            body += 8
        elif serial in (8, 9):
            values.append(serial - 8)
        elif serial >= 12:
            size = (serial - 12) // 2
            chunk = payload[body : body + size]
            values.append(bytes(chunk) if serial % 2 == 0 else chunk.decode("utf-8", "replace"))
            body += size
        else:
            raise ValueError("reserved serial type")
        if body > len(payload):
            raise ValueError("record past its payload")
    return tuple(values)


class _Pages:
    """The file's pages (and a WAL's committed ones), read-only."""

    def __init__(self, path: Path) -> None:
        self._file = path.open("rb")
        size = path.stat().st_size
        self._map: mmap.mmap | bytes = mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        head = bytes(self._map[:100])
        self.header_intact = head[:16] == MAGIC
        wal = _read_wal(path.with_name(path.name + "-wal"))
        self.page_size = self._page_size(head, wal[0] if wal else None)
        self.reserved = head[20] if self.header_intact and head[20] < 64 else 0
        self.usable = self.page_size - self.reserved
        self.wal: dict[int, bytes] = wal[1] if wal and wal[0] == self.page_size else {}
        self.count = max(len(self._map) // self.page_size, max(self.wal, default=0))

    def _page_size(self, head: bytes, wal_size: int | None) -> int:
        if self.header_intact:
            raw = int.from_bytes(head[16:18], "big")
            size = 65536 if raw == 1 else raw
            if size in PAGE_SIZES:
                return size
        if wal_size in PAGE_SIZES:
            return int(wal_size)
        # The header is gone. At the true size nearly every page starts like a b-tree page; at
        # a smaller one only some offsets do, and a larger one only samples the true pages:
        # take the smallest size that looks as good as the best.
        total = len(self._map)
        looks: dict[int, float] = {}
        for size in sorted(PAGE_SIZES):
            offsets = range(size, total - size + 1, size * max(1, (total // size) // 2000))
            hits = sum(1 for at in offsets if self._looks_like_page(at, size))
            looks[size] = hits / len(offsets) if len(offsets) else 0.0
        best = max(looks.values(), default=0.0)
        return next((size for size in sorted(looks) if best and looks[size] >= 0.8 * best), 4096)

    def _looks_like_page(self, at: int, size: int) -> bool:
        if self._map[at] not in (TABLE_LEAF, TABLE_INTERIOR, INDEX_LEAF, INDEX_INTERIOR):
            return False
        cells = int.from_bytes(self._map[at + 3 : at + 5], "big")
        content = int.from_bytes(self._map[at + 5 : at + 7], "big") or 65536
        return cells <= size // 4 and 8 + 2 * cells <= content <= size

    def page(self, number: int) -> bytes | None:
        if number < 1 or number > self.count:
            return None
        if number in self.wal:
            return self.wal[number]
        start = (number - 1) * self.page_size
        data = self._map[start : start + self.page_size]
        return bytes(data) if len(data) == self.page_size else None

    def close(self) -> None:
        if isinstance(self._map, mmap.mmap):
            self._map.close()
        self._file.close()


def _read_wal(path: Path) -> tuple[int, dict[int, bytes]] | None:
    """A WAL's page size and its committed pages (the newest copy of each), or None."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if len(data) < 32 or int.from_bytes(data[:4], "big") not in WAL_MAGIC:
        return None
    size = int.from_bytes(data[8:12], "big")
    if size not in PAGE_SIZES:
        return None
    salts = data[16:24]
    pages: dict[int, bytes] = {}
    pending: dict[int, bytes] = {}
    pos = 32
    while pos + 24 + size <= len(data):
        number = int.from_bytes(data[pos : pos + 4], "big")
        commit = int.from_bytes(data[pos + 4 : pos + 8], "big")
        if data[pos + 8 : pos + 16] != salts or number == 0:
            break  # frames of an older generation of the log
        pending[number] = data[pos + 24 : pos + 24 + size]
        if commit:
            pages.update(pending)
            pending = {}
        pos += 24 + size
    return size, pages


class _Walker:
    def __init__(self, pages: _Pages) -> None:
        self.p = pages
        self.bad = 0

    def _payload(self, page: bytes, pos: int, size: int, index: bool) -> bytes:
        """A cell's payload: the local part and its overflow chain."""
        usable = self.p.usable
        most = usable - 35 if not index else (usable - 12) * 64 // 255 - 23
        if size <= most:
            return page[pos : pos + size]
        least = (usable - 12) * 32 // 255 - 23
        local = least + (size - least) % (usable - 4)
        if local > most:
            local = least
        out = bytearray(page[pos : pos + local])
        nxt = int.from_bytes(page[pos + local : pos + local + 4], "big")
        seen: set[int] = set()
        while len(out) < size:
            if nxt in seen or len(seen) > self.p.count:
                raise ValueError("overflow chain loops")
            seen.add(nxt)
            chunk = self.p.page(nxt)
            if chunk is None:
                raise ValueError("overflow page missing")
            nxt = int.from_bytes(chunk[:4], "big")
            out += chunk[4 : 4 + min(usable - 4, size - len(out))]
        return bytes(out)

    def cells(self, number: int) -> tuple[int, list[int], Iterator[tuple[int | None, Row]]] | None:
        """A b-tree page: its type, its child pages, and its rows (rowid or None, values)."""
        page = self.p.page(number)
        if page is None:
            return None
        top = 100 if number == 1 else 0
        kind = page[top]
        if kind not in (TABLE_LEAF, TABLE_INTERIOR, INDEX_LEAF, INDEX_INTERIOR):
            return None
        count = int.from_bytes(page[top + 3 : top + 5], "big")
        interior = kind in (TABLE_INTERIOR, INDEX_INTERIOR)
        pointers_at = top + (12 if interior else 8)
        if pointers_at + 2 * count > len(page):
            return None
        offsets = [int.from_bytes(page[pointers_at + 2 * i : pointers_at + 2 * i + 2], "big") for i in range(count)]
        children: list[int] = []
        if interior:
            children = [int.from_bytes(page[o : o + 4], "big") for o in offsets if o + 4 <= len(page)]
            children.append(int.from_bytes(page[top + 8 : top + 12], "big"))

        def rows() -> Iterator[tuple[int | None, Row]]:
            for o in offsets:
                if not (top <= o < len(page)):
                    self.bad += 1
                    continue
                try:
                    pos = o + (4 if interior else 0)
                    if kind == TABLE_INTERIOR:
                        continue
                    size, pos = _varint(page, pos, len(page))
                    rowid = None
                    if kind == TABLE_LEAF:
                        rowid, pos = _varint(page, pos, len(page))
                        if rowid >= 1 << 63:
                            rowid -= 1 << 64
                    yield rowid, _record(self._payload(page, pos, size, index=kind != TABLE_LEAF))
                except (ValueError, IndexError, UnicodeError, struct.error):
                    self.bad += 1

        return kind, children, rows()

    def tree(self, root: int, claimed: set[int]) -> Iterator[tuple[int | None, Row]]:
        """Every row of the b-tree at ``root`` that can still be reached."""
        stack = [(root, 0)]
        while stack:
            number, depth = stack.pop()
            if number in claimed or depth > MAX_DEPTH:
                continue
            claimed.add(number)
            found = self.cells(number)
            if found is None:
                self.bad += 1
                continue
            _, children, rows = found
            stack.extend((c, depth + 1) for c in children)
            yield from rows

    def freelist(self, head: bytes) -> set[int]:
        """Pages on the freelist (never rows), as far as the header and the trunk pages say."""
        free: set[int] = set()
        trunk = int.from_bytes(head[32:36], "big")
        while trunk and trunk not in free and len(free) <= self.p.count:
            free.add(trunk)
            page = self.p.page(trunk)
            if page is None:
                break
            leaves = int.from_bytes(page[4:8], "big")
            for i in range(min(leaves, (len(page) - 8) // 4)):
                free.add(int.from_bytes(page[8 + 4 * i : 12 + 4 * i], "big"))
            trunk = int.from_bytes(page[:4], "big")
        return free


@dataclass(frozen=True)
class _Shape:
    """A table's columns, for giving an orphan leaf page's rows to the table they look like."""

    name: str
    columns: tuple[str, ...]
    types: tuple[str, ...]
    pk: str | None  # the INTEGER PRIMARY KEY column (stored as NULL: the rowid)
    min_columns: int  # rows written before later ALTERs have fewer columns
    without_rowid: bool = False  # its rows are read only from its own tree (their key columns come first,
    # which in Byline's WITHOUT ROWID tables is also their declared order)

    def fits(self, row: Row) -> bool:
        if not self.min_columns <= len(row) <= len(self.columns):
            return False
        for value, kind, column in zip(row, self.types, self.columns, strict=False):
            if column == self.pk:
                if value is not None:
                    return False
            elif value is not None and not _type_fits(value, kind):
                return False
        return True


def _type_fits(value: Any, kind: str) -> bool:
    kind = kind.upper()
    if "INT" in kind:
        return isinstance(value, int)
    if "REAL" in kind:
        return isinstance(value, (int, float))
    if "TEXT" in kind:
        return isinstance(value, str)
    return True


def read_damaged(path: Path, shapes: dict[str, _Shape], salvage: Salvage) -> Iterator[Found]:
    """Every row of Byline's tables that the file at ``path`` (and its ``-wal``) still holds.

    Rows reached from the schema's trees come first, then those of orphan leaf
    pages; a rowid may come twice (a stale copy of a row on a page no tree
    reaches): the first is the one to keep. ``salvage`` is filled in on the way.
    """
    pages = _Pages(path)
    walker = _Walker(pages)
    salvage.page_size, salvage.pages, salvage.header_intact = pages.page_size, pages.count, pages.header_intact
    try:
        claimed: set[int] = set()
        first = pages.page(1) or b""
        if pages.header_intact:
            claimed |= walker.freelist(first[:100])
        roots: dict[str, int] = {}
        without_rowid: set[str] = set()
        claimed_by_schema: set[int] = set()
        for _, row in walker.tree(1, claimed_by_schema):
            if len(row) >= 5 and row[0] in ("table", "index") and isinstance(row[3], int) and row[3] > 1:
                name = str(row[1])
                if row[0] == "table" and name in shapes:
                    roots[name] = row[3]
                    if "WITHOUT ROWID" in str(row[4]).upper():
                        without_rowid.add(name)
                else:
                    deque(walker.tree(row[3], claimed), maxlen=0)  # an index or the search index: its pages are no rows
        claimed |= claimed_by_schema
        for name, root in roots.items():
            for rowid, row in walker.tree(root, claimed):
                if name in without_rowid or rowid is not None:
                    yield name, None if name in without_rowid else rowid, row
        # Leaf pages no tree reached: their parent was lost. Give each to the table its rows fit.
        rowid_shapes = [s for s in shapes.values() if s.name not in without_rowid and not s.without_rowid]
        for number in range(2, pages.count + 1):
            if number in claimed:
                continue
            found = walker.cells(number)
            if found is None or found[0] != TABLE_LEAF:
                continue
            rows = [(r, v) for r, v in found[2] if r is not None]
            fitting = [s for s in rowid_shapes if rows and all(s.fits(v) for _, v in rows)]
            if len(fitting) != 1:
                continue
            salvage.orphan_pages += 1
            for rowid, row in rows:
                yield fitting[0].name, rowid, row
    finally:
        salvage.bad_pages = walker.bad
        pages.close()


# --- writing the new library ---------------------------------------------------------------------------


class RescueMixin(StoreBase):
    """Filling a fresh library with what ``read_damaged`` found."""

    def table_shapes(self) -> dict[str, _Shape]:
        shapes: dict[str, _Shape] = {}
        for name in TABLES:
            info = self._conn.execute(f"PRAGMA table_info({name})").fetchall()
            columns = tuple(r[1] for r in info)
            types = tuple("" if (name, r[1]) in ANY_TYPE else r[2] for r in info)
            pk = next((r[1] for r in info if r[5] == 1 and str(r[2]).upper() == "INTEGER"), None)
            required = [i for i, r in enumerate(info) if r[3] and r[4] is None and r[1] != pk]
            sql = self._conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()
            keyed = sql is not None and "WITHOUT ROWID" in str(sql[0]).upper()
            shapes[name] = _Shape(name, columns, types, pk, max(required, default=0) + 1, keyed)
        return shapes

    def write_rescued(self, rows: Iterable[Found]) -> RescueCounts:
        """Write the salvaged rows as they come (ids kept, the first of each id wins), then rebuild
        the search index; returns what is now in the library. Nothing is held in memory but a batch.

        Rows are copied as they were stored (a body stays compressed, marks and ids stay), not
        through ``insert_articles``: that makes new articles. The index triggers are off while the
        rows go in, and the index is rebuilt from the articles once at the end (``fts``).
        """
        shapes = self.table_shapes()
        c = self._conn
        c.execute("PRAGMA foreign_keys = OFF")
        try:
            with self.transaction() as tx:
                triggers = tx.execute(  # the search index's; the kept counts' triggers stay and count the rows in
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('articles', 'full_copies') "
                    "AND sql LIKE '%article_fts%'"
                ).fetchall()
                for name, _ in triggers:  # every change below is followed by a rebuild of the whole index
                    tx.execute(f'DROP TRIGGER "{name}"')
                for name, rowid, row in rows:
                    shape = shapes.get(name)
                    if shape is None:
                        continue
                    values = self._with_rowid(shape, rowid, row) if rowid is not None else row
                    cols = shape.columns[: len(values)]
                    try:
                        tx.execute(
                            f"INSERT OR IGNORE INTO {name}({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                            values,
                        )
                    except (sqlite3.IntegrityError, sqlite3.InterfaceError, OverflowError) as err:
                        log.info("a rescued %s row was dropped: %s", name, err)  # a damaged value loses its row only
                self._tidy(tx)
                # Rows of a library older than schema 5: a name to index them under, a compressed body.
                tx.execute(
                    "UPDATE articles SET fts_feed = coalesce((SELECT coalesce(f.user_title, nullif(f.title, '')) FROM feeds f "
                    "WHERE f.id = articles.feed_id), orphan_feed_title, '') WHERE fts_feed IS NULL"
                )
                tx.execute(f"UPDATE articles SET html = {PACK_SQL}(html) WHERE typeof(html) = 'text' AND length(html) >= 128")
                for _, sql in triggers:
                    tx.execute(sql)
                tx.execute("INSERT INTO article_fts(article_fts) VALUES ('rebuild')")
                for (smart_id,) in tx.execute("SELECT id FROM smart_feeds").fetchall():
                    try:  # which articles each smart feed holds, and its unread count, from the rescued rows
                        smart.reindex(tx, smart_id)
                    except (BylineError, ValueError, KeyError, TypeError, sqlite3.Error) as err:  # a damaged definition: that one only
                        log.info("a rescued smart feed was dropped: %s", err)
                        tx.execute("DELETE FROM smart_feeds WHERE id = ?", (smart_id,))
        finally:
            c.execute("PRAGMA foreign_keys = ON")
        row = c.execute(
            "SELECT (SELECT count(*) FROM feeds), count(*), sum(saved = 1), sum(read = 1), (SELECT count(*) FROM folders) "
            "FROM articles"
        ).fetchone()
        return RescueCounts(feeds=row[0], articles=row[1], saved=row[2] or 0, read=row[3] or 0, folders=row[4])

    @staticmethod
    def _with_rowid(shape: _Shape, rowid: int, row: Row) -> Row:
        if shape.pk is None:
            return row
        index = shape.columns.index(shape.pk)
        values = list(row)
        if index < len(values):
            values[index] = rowid
        return tuple(values)

    @staticmethod
    def _tidy(tx: Any) -> None:
        """Keep what fits together: no pointer to a lost row, no unsaved article without its feed."""
        tx.execute("UPDATE folders SET parent_id = NULL WHERE parent_id NOT IN (SELECT id FROM folders)")
        tx.execute("UPDATE feeds SET folder_id = NULL WHERE folder_id NOT IN (SELECT id FROM folders)")
        tx.execute("UPDATE accounts SET folder_id = NULL WHERE folder_id NOT IN (SELECT id FROM folders)")
        tx.execute("DELETE FROM sync_changes WHERE account_id NOT IN (SELECT id FROM accounts)")
        # An account's feed is only a key into its server: without the account it is gone (saved articles stay).
        tx.execute("DELETE FROM feeds WHERE account_id IS NOT NULL AND account_id NOT IN (SELECT id FROM accounts)")
        lost = "feed_id IS NOT NULL AND feed_id NOT IN (SELECT id FROM feeds)"
        tx.execute(f"DELETE FROM articles WHERE {lost} AND saved = 0")
        tx.execute(f"UPDATE articles SET orphan_feed_title = coalesce(orphan_feed_title, ?), feed_id = NULL WHERE {lost}", (RESCUED_FEED,))
        tx.execute("UPDATE articles SET orphan_feed_title = ? WHERE feed_id IS NULL AND orphan_feed_title IS NULL", (RESCUED_FEED,))
        tx.execute("DELETE FROM articles WHERE feed_id IS NULL AND saved = 0")
        tx.execute("DELETE FROM full_copies WHERE article_id NOT IN (SELECT id FROM articles)")
        tx.execute("DELETE FROM tombstones WHERE feed_id NOT IN (SELECT id FROM feeds)")
        tx.execute("DELETE FROM article_images WHERE article_id NOT IN (SELECT id FROM articles)")
        tx.execute("UPDATE article_images SET hash = NULL, note = 'not recovered' WHERE hash NOT IN (SELECT hash FROM images)")
        tx.execute("DELETE FROM images WHERE hash NOT IN (SELECT hash FROM article_images WHERE hash IS NOT NULL)")


__all__ = ["Found", "RescueCounts", "RescueMixin", "Salvage", "read_damaged"]
