"""The only module that speaks SQL: schema, migrations, FTS5, identity rules.

One SQLite file in WAL mode. Each thread opens its own :class:`Store` (one
connection); SQLite lets one writer at a time in, and every write here is one
short ``BEGIN IMMEDIATE`` transaction, so a refresh never drops a read mark or a
save made at the same moment.

Identity: an article is (feed_id, guid). Updated entries are updated in place
and keep their read/saved state. Retention deletes old unsaved articles and
leaves a tombstone of their identity, so a feed that still lists them never
brings them back as unread. Saved articles are never deleted: not by
retention, and not by deleting their feed (they are kept with the feed's name).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from reader.core.errors import CorruptLibraryError, NotFoundError, StorageError
from reader.core.models import (
    Article,
    ArticleRow,
    Enclosure,
    Feed,
    Folder,
    Selection,
    SmartFeed,
)

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 15_000
CACHE_KB = 32_000  # page cache per connection: searches on a big library reuse it
WRITER_CACHE_KB = 8_000  # a refresh writes new pages; a big cache only raises its peak memory
BULK_CHECKPOINT_PAGES = 50_000  # ~200 MB of WAL before a checkpoint during a refresh

# --- schema ----------------------------------------------------------------------
# Forward-only: each step takes the database from version i to i + 1. Never edit
# a released step; add a new one.

_V1 = """
CREATE TABLE folders (
    id INTEGER PRIMARY KEY,
    parent_id INTEGER REFERENCES folders(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX folders_by_parent_title ON folders(ifnull(parent_id, 0), title);

CREATE TABLE feeds (
    id INTEGER PRIMARY KEY,
    folder_id INTEGER REFERENCES folders(id) ON DELETE SET NULL,
    url TEXT NOT NULL UNIQUE,
    site_url TEXT,
    title TEXT NOT NULL DEFAULT '',
    user_title TEXT,
    description TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    added_at REAL NOT NULL,
    etag TEXT,
    last_modified TEXT,
    body_hash TEXT,
    last_checked REAL,
    last_updated REAL,
    last_error TEXT,
    error_count INTEGER NOT NULL DEFAULT 0,
    next_check REAL,
    gone INTEGER NOT NULL DEFAULT 0,
    ttl_seconds INTEGER,
    interval_override INTEGER,
    problem TEXT
);

CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    feed_id INTEGER REFERENCES feeds(id) ON DELETE SET NULL,
    guid TEXT NOT NULL,
    url TEXT,
    title TEXT NOT NULL,
    title_key TEXT NOT NULL,
    author TEXT,
    published REAL,
    updated REAL,
    first_seen REAL NOT NULL,
    sort_date REAL NOT NULL,
    html TEXT NOT NULL DEFAULT '',
    is_html INTEGER NOT NULL DEFAULT 1,
    base_url TEXT,
    categories TEXT NOT NULL DEFAULT '[]',
    enclosures TEXT NOT NULL DEFAULT '[]',
    content_hash TEXT NOT NULL,
    read INTEGER NOT NULL DEFAULT 0,
    read_at REAL,
    saved INTEGER NOT NULL DEFAULT 0,
    saved_at REAL,
    orphan_feed_title TEXT,
    UNIQUE (feed_id, guid)
);
CREATE INDEX articles_by_date ON articles(sort_date DESC, id DESC);
CREATE INDEX articles_by_feed_date ON articles(feed_id, sort_date DESC, id DESC);
CREATE INDEX articles_unread ON articles(feed_id) WHERE read = 0;
CREATE INDEX articles_saved ON articles(saved_at) WHERE saved = 1;
CREATE INDEX articles_by_title_key ON articles(title_key);
CREATE INDEX articles_by_url ON articles(url);

CREATE TABLE tombstones (
    feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    guid TEXT NOT NULL,
    read INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (feed_id, guid)
) WITHOUT ROWID;

CREATE VIRTUAL TABLE article_fts USING fts5(
    title, author, feed, body,
    tokenize = "unicode61 remove_diacritics 2"
);
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    DELETE FROM article_fts WHERE rowid = old.id;
END;

CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

_V2 = """
CREATE TABLE full_copies (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    html TEXT,
    text TEXT,
    fetched_at REAL NOT NULL,
    error TEXT
);
ALTER TABLE feeds ADD COLUMN icon BLOB;
ALTER TABLE feeds ADD COLUMN icon_type TEXT;
ALTER TABLE feeds ADD COLUMN icon_checked REAL;
ALTER TABLE feeds ADD COLUMN allow_images INTEGER;
"""

MIGRATIONS: tuple[str, ...] = (_V1, _V2)
SCHEMA_VERSION = len(MIGRATIONS)


# --- rows in -----------------------------------------------------------------------


@dataclass(frozen=True)
class EntryRow:
    """One entry ready to store: prepared HTML, its text and its identity."""

    guid: str
    title: str
    title_key: str
    content_hash: str
    url: str | None = None
    author: str | None = None
    published: float | None = None
    updated: float | None = None
    html: str = ""
    text: str = ""
    is_html: bool = True
    base_url: str | None = None
    categories: tuple[str, ...] = ()
    enclosures: tuple[Enclosure, ...] = ()


@dataclass(frozen=True)
class FeedMeta:
    """What a successful fetch + parse learned about a feed."""

    checked_at: float
    next_check: float | None
    title: str | None = None
    site_url: str | None = None
    description: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    new_url: str | None = None
    ttl_seconds: int | None = None
    problem: str | None = None


@dataclass(frozen=True)
class FeedState:
    """What the refresh engine needs to decide and to make a conditional request."""

    id: int
    url: str
    title: str
    etag: str | None
    last_modified: str | None
    body_hash: str | None
    last_checked: float | None
    next_check: float | None
    error_count: int
    gone: bool
    ttl_seconds: int | None
    interval_override: int | None
    site_url: str | None
    has_icon: bool


@dataclass(frozen=True)
class StoreCounts:
    """New and updated articles of one feed write."""

    new: int = 0
    updated: int = 0


def _utc(ts: float | None) -> datetime | None:
    return None if ts is None else datetime.fromtimestamp(ts, tz=timezone.utc)


class Store:
    """One connection to the library file. Not shared between threads."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path

    # --- opening --------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, *, check: bool = False) -> Store:
        """Open (creating and migrating as needed) the library at ``path``.

        Raises:
            CorruptLibraryError: the file is not a database or fails its check;
                the file is left exactly as it was.
            StorageError: the file cannot be opened or written.
        """
        path = Path(path)
        try:
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as err:
            raise StorageError(f"cannot open the library at {path}: {err}") from err
        store = cls(conn, path)
        try:
            store._configure()
            if check:
                store.check_integrity()
            store._migrate()
        except sqlite3.DatabaseError as err:
            conn.close()
            message = str(err)
            if "not a database" in message or "malformed" in message or "corrupt" in message:
                raise CorruptLibraryError(
                    f"the library file {path} is damaged ({message}); it was left untouched — restore a backup"
                ) from err
            raise StorageError(f"cannot open the library at {path}: {message}") from err
        except BaseException:
            conn.close()
            raise
        return store

    def _configure(self) -> None:
        c = self._conn
        c.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # Reading the header here is what fails fast on a file that is not SQLite.
        c.execute("PRAGMA user_version").fetchone()
        mode = c.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            log.warning("journal mode is %s, not WAL", mode)
        c.execute("PRAGMA synchronous = NORMAL")
        c.execute("PRAGMA foreign_keys = ON")
        c.execute("PRAGMA temp_store = MEMORY")
        c.execute(f"PRAGMA cache_size = -{CACHE_KB}")

    def check_integrity(self) -> None:
        """Run SQLite's quick check; raise CorruptLibraryError on any problem."""
        rows = [r[0] for r in self._conn.execute("PRAGMA quick_check(5)")]
        if rows != ["ok"]:
            raise CorruptLibraryError(
                f"the library file {self.path} failed its integrity check ({'; '.join(rows)}); "
                "it was left untouched — restore a backup"
            )

    @property
    def version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self, target: int = SCHEMA_VERSION) -> None:
        current = self.version
        if current > SCHEMA_VERSION:
            raise StorageError(
                f"the library at {self.path} was written by a newer Byline (schema {current}); upgrade Byline"
            )
        for version in range(current, target):
            with self.transaction() as c:
                for statement in _statements(MIGRATIONS[version]):
                    c.execute(statement)
                c.execute(f"PRAGMA user_version = {version + 1}")
            log.info("library migrated to schema %d", version + 1)

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def bulk_writes(self) -> Iterator[None]:
        """Settings for a write-heavy job (a refresh): a smaller page cache, and the
        WAL copied back into the database once at the end instead of every 4 MB."""
        c = self._conn
        c.execute(f"PRAGMA cache_size = -{WRITER_CACHE_KB}")
        c.execute(f"PRAGMA wal_autocheckpoint = {BULK_CHECKPOINT_PAGES}")
        try:
            yield
        finally:
            c.execute(f"PRAGMA cache_size = -{CACHE_KB}")
            c.execute("PRAGMA wal_autocheckpoint = 1000")
            try:
                c.execute("PRAGMA wal_checkpoint(PASSIVE)")
            except sqlite3.OperationalError:  # busy: the next commit's auto-checkpoint will do it
                log.debug("checkpoint after a refresh deferred", exc_info=True)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction; rolled back on any exception."""
        c = self._conn
        try:
            c.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as err:
            raise StorageError(f"the library is busy or read-only: {err}") from err
        try:
            yield c
        except BaseException as exc:
            # SQLite rolls back by itself on some errors (disk full, I/O error);
            # a second ROLLBACK would raise and hide the real cause.
            if c.in_transaction:
                c.execute("ROLLBACK")
            failure = _storage_failure(exc)
            if failure is not None:
                raise failure from exc
            raise
        else:
            try:
                c.execute("COMMIT")
            except sqlite3.Error as err:
                if c.in_transaction:
                    c.execute("ROLLBACK")
                raise StorageError(f"could not write to the library: {err}") from err

    def backup_to(self, dest: str | Path) -> None:
        """Copy the whole library, consistently, to ``dest`` (SQLite backup API)."""
        target = sqlite3.connect(dest)
        try:
            self._conn.backup(target)
        finally:
            target.close()

    # --- settings ------------------------------------------------------------------------

    def get_setting(self, key: str) -> Any:
        row = self._conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return None if row is None else json.loads(row[0])

    def set_setting(self, key: str, value: Any) -> None:
        with self.transaction() as c:
            c.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value)),
            )

    # --- folders -----------------------------------------------------------------------

    def folders(self) -> list[Folder]:
        rows = self._conn.execute("SELECT id, parent_id, title, position FROM folders ORDER BY position, title").fetchall()
        by_id = {r[0]: r for r in rows}

        def path_of(fid: int) -> str:
            parts: list[str] = []
            seen: set[int] = set()
            cur: int | None = fid
            while cur is not None and cur in by_id and cur not in seen:
                seen.add(cur)
                parts.append(by_id[cur][2])
                cur = by_id[cur][1]
            return "/".join(reversed(parts))

        return [Folder(id=r[0], parent_id=r[1], title=r[2], position=r[3], path=path_of(r[0])) for r in rows]

    def folder_by_path(self, parts: Sequence[str]) -> int | None:
        parent: int | None = None
        for title in parts:
            row = self._conn.execute(
                "SELECT id FROM folders WHERE ifnull(parent_id, 0) = ? AND title = ?", (parent or 0, title)
            ).fetchone()
            if row is None:
                return None
            parent = row[0]
        return parent

    def ensure_folder(self, parts: Sequence[str], c: sqlite3.Connection | None = None) -> int | None:
        """The id of the folder at ``parts`` (titles from the top), created as needed."""
        if not parts:
            return None
        if c is None:
            with self.transaction() as tx:
                return self.ensure_folder(parts, tx)
        parent: int | None = None
        for title in parts:
            row = c.execute(
                "SELECT id FROM folders WHERE ifnull(parent_id, 0) = ? AND title = ?", (parent or 0, title)
            ).fetchone()
            if row is None:
                pos = c.execute(
                    "SELECT ifnull(max(position), -1) + 1 FROM folders WHERE ifnull(parent_id, 0) = ?", (parent or 0,)
                ).fetchone()[0]
                parent = c.execute(
                    "INSERT INTO folders(parent_id, title, position) VALUES (?, ?, ?)", (parent, title, pos)
                ).lastrowid
            else:
                parent = row[0]
        return parent

    def rename_folder(self, folder_id: int, title: str) -> None:
        with self.transaction() as c:
            try:
                cur = c.execute("UPDATE folders SET title = ? WHERE id = ?", (title, folder_id))
            except sqlite3.IntegrityError as err:
                raise StorageError(f"a folder named {title!r} is already there") from err
            if cur.rowcount == 0:
                raise NotFoundError(f"no folder with id {folder_id}")

    def move_folder(self, folder_id: int, parent_id: int | None) -> None:
        with self.transaction() as c:
            cur: int | None = parent_id
            while cur is not None:  # refuse to move a folder into itself
                if cur == folder_id:
                    raise StorageError("a folder cannot be moved into itself")
                cur = c.execute("SELECT parent_id FROM folders WHERE id = ?", (cur,)).fetchone()[0]
            c.execute("UPDATE folders SET parent_id = ? WHERE id = ?", (parent_id, folder_id))

    def delete_folder(self, folder_id: int) -> None:
        """Delete a folder; its feeds and subfolders' feeds move to the top level."""
        with self.transaction() as c:
            c.execute("DELETE FROM folders WHERE id = ?", (folder_id,))

    # --- feeds ---------------------------------------------------------------------------

    _FEED_COLUMNS = (
        "f.id, f.url, coalesce(f.user_title, nullif(f.title, ''), f.url), f.folder_id, f.site_url, "
        "f.last_error, f.last_checked, f.gone, f.allow_images, f.position, f.interval_override"
    )

    def feeds(self, feed_ids: Sequence[int] | None = None) -> list[Feed]:
        folders = {f.id: f.path for f in self.folders()}
        unread = self.unread_counts(feed_ids)
        sql = f"SELECT {self._FEED_COLUMNS} FROM feeds f"
        params: list[Any] = []
        if feed_ids is not None:
            sql += f" WHERE f.id IN ({','.join('?' * len(feed_ids))})"
            params = list(feed_ids)
        sql += " ORDER BY f.position, lower(coalesce(f.user_title, nullif(f.title, ''), f.url))"
        return [self._feed(r, folders, unread) for r in self._conn.execute(sql, params)]

    @staticmethod
    def _feed(r: Sequence[Any], folders: dict[int, str], unread: dict[int, int]) -> Feed:
        return Feed(
            id=r[0],
            url=r[1],
            title=r[2],
            folder_id=r[3],
            folder=folders.get(r[3], "") if r[3] is not None else "",
            site_url=r[4],
            unread=unread.get(r[0], 0),
            last_error=r[5],
            last_checked=_utc(r[6]),
            gone=bool(r[7]),
            allow_images=None if r[8] is None else bool(r[8]),
            position=r[9],
            refresh_minutes=None if r[10] is None else int(r[10]) // 60,
        )

    def feed(self, feed_id: int) -> Feed:
        found = self.feeds([feed_id])
        if not found:
            raise NotFoundError(f"no feed with id {feed_id}")
        return found[0]

    def feed_id_by_url(self, url: str) -> int | None:
        row = self._conn.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()
        return None if row is None else int(row[0])

    def add_feed(
        self,
        url: str,
        *,
        title: str = "",
        user_title: str | None = None,
        folder: Sequence[str] = (),
        site_url: str | None = None,
        c: sqlite3.Connection | None = None,
    ) -> tuple[int, bool]:
        """Subscribe to ``url`` (idempotent). Returns (feed id, whether it was new)."""
        if c is None:
            with self.transaction() as tx:
                return self.add_feed(url, title=title, user_title=user_title, folder=folder, site_url=site_url, c=tx)
        row = c.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()
        if row is not None:
            return int(row[0]), False
        folder_id = self.ensure_folder(folder, c)
        pos = c.execute("SELECT ifnull(max(position), -1) + 1 FROM feeds").fetchone()[0]
        feed_id = c.execute(
            "INSERT INTO feeds(url, title, user_title, folder_id, site_url, added_at, position) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (url, title, user_title, folder_id, site_url, time.time(), pos),
        ).lastrowid
        assert feed_id is not None
        return feed_id, True

    def add_feeds(self, items: Iterable[tuple[str, str, Sequence[str], str | None]], folders: Iterable[Sequence[str]] = ()) -> tuple[int, int]:
        """Subscribe to many (url, title, folder parts, site_url) in one transaction.

        Returns (added, already present).
        """
        added = present = 0
        with self.transaction() as c:
            for parts in folders:
                self.ensure_folder(parts, c)
            for url, title, parts, site_url in items:
                _, new = self.add_feed(url, user_title=title or None, folder=parts, site_url=site_url, c=c)
                added += new
                present += not new
        return added, present

    def rename_feed(self, feed_id: int, title: str | None) -> None:
        with self.transaction() as c:
            if c.execute("UPDATE feeds SET user_title = ? WHERE id = ?", (title or None, feed_id)).rowcount == 0:
                raise NotFoundError(f"no feed with id {feed_id}")
            self._reindex_feed_title(c, feed_id)

    def _reindex_feed_title(self, c: sqlite3.Connection, feed_id: int) -> None:
        name = c.execute(
            "SELECT coalesce(user_title, nullif(title, ''), url) FROM feeds WHERE id = ?", (feed_id,)
        ).fetchone()[0]
        c.execute(
            "UPDATE article_fts SET feed = ? WHERE rowid IN (SELECT id FROM articles WHERE feed_id = ?)", (name, feed_id)
        )

    def move_feed(self, feed_id: int, folder_id: int | None) -> None:
        with self.transaction() as c:
            if c.execute("UPDATE feeds SET folder_id = ? WHERE id = ?", (folder_id, feed_id)).rowcount == 0:
                raise NotFoundError(f"no feed with id {feed_id}")

    def set_feed_images(self, feed_id: int, allow: bool | None) -> None:
        """Remote images for one feed: True, False, or None to follow the global setting."""
        with self.transaction() as c:
            if c.execute(
                "UPDATE feeds SET allow_images = ? WHERE id = ?", (None if allow is None else int(allow), feed_id)
            ).rowcount == 0:
                raise NotFoundError(f"no feed with id {feed_id}")

    def set_feed_interval(self, feed_id: int, seconds: int | None) -> None:
        """A feed's own refresh interval (None: the global one); it is next due that long after its last check."""
        with self.transaction() as c:
            if c.execute(
                "UPDATE feeds SET interval_override = ?, next_check = CASE WHEN last_checked IS NULL THEN NULL "
                "ELSE last_checked + coalesce(?, next_check - last_checked) END WHERE id = ?",
                (seconds, seconds, feed_id),
            ).rowcount == 0:
                raise NotFoundError(f"no feed with id {feed_id}")

    def delete_feed(self, feed_id: int) -> int:
        """Unsubscribe. Unsaved articles go; saved ones stay with the feed's name.

        Returns the number of saved articles kept.
        """
        with self.transaction() as c:
            row = c.execute(
                "SELECT coalesce(user_title, nullif(title, ''), url) FROM feeds WHERE id = ?", (feed_id,)
            ).fetchone()
            if row is None:
                raise NotFoundError(f"no feed with id {feed_id}")
            kept = c.execute(
                "UPDATE articles SET orphan_feed_title = ? WHERE feed_id = ? AND saved = 1", (row[0], feed_id)
            ).rowcount
            c.execute("DELETE FROM articles WHERE feed_id = ? AND saved = 0", (feed_id,))
            c.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))
        return kept

    def unread_counts(self, feed_ids: Sequence[int] | None = None) -> dict[int, int]:
        """Unread articles per feed (of ``feed_ids`` only, when given)."""
        if feed_ids is None:
            return dict(self._conn.execute(
                "SELECT feed_id, count(*) FROM articles WHERE read = 0 AND feed_id IS NOT NULL GROUP BY feed_id"
            ))
        marks = ",".join("?" * len(feed_ids))
        return dict(self._conn.execute(
            f"SELECT feed_id, count(*) FROM articles WHERE read = 0 AND feed_id IN ({marks}) GROUP BY feed_id", list(feed_ids)
        ))

    def feed_images(self, feed_id: int) -> bool | None:
        """A feed's own remote-image policy (None: follow the global setting, or no such feed)."""
        row = self._conn.execute("SELECT allow_images FROM feeds WHERE id = ?", (feed_id,)).fetchone()
        return None if row is None or row[0] is None else bool(row[0])

    def smart_counts(self, today_start: float) -> dict[SmartFeed, int]:
        c = self._conn
        return {
            SmartFeed.UNREAD: c.execute("SELECT count(*) FROM articles WHERE read = 0").fetchone()[0],
            SmartFeed.TODAY: c.execute(
                "SELECT count(*) FROM articles WHERE sort_date >= ? AND read = 0", (today_start,)
            ).fetchone()[0],
            SmartFeed.SAVED: c.execute("SELECT count(*) FROM articles WHERE saved = 1").fetchone()[0],
        }

    # --- refresh state ---------------------------------------------------------------------

    def feed_states(self, feed_ids: Sequence[int] | None = None) -> list[FeedState]:
        sql = (
            "SELECT id, url, coalesce(user_title, nullif(title, ''), url), etag, last_modified, body_hash, "
            "last_checked, next_check, error_count, gone, ttl_seconds, interval_override, site_url, "
            "icon_checked IS NOT NULL FROM feeds"
        )
        params: list[Any] = []
        if feed_ids is not None:
            sql += f" WHERE id IN ({','.join('?' * len(feed_ids))})"
            params = list(feed_ids)
        sql += " ORDER BY position, id"
        return [
            FeedState(
                id=r[0], url=r[1], title=r[2], etag=r[3], last_modified=r[4], body_hash=r[5], last_checked=r[6],
                next_check=r[7], error_count=r[8], gone=bool(r[9]), ttl_seconds=r[10], interval_override=r[11],
                site_url=r[12], has_icon=bool(r[13]),
            )
            for r in self._conn.execute(sql, params)
        ]

    def record_not_modified(self, feed_id: int, checked_at: float, next_check: float | None) -> None:
        with self.transaction() as c:
            c.execute(
                "UPDATE feeds SET last_checked = ?, next_check = ?, last_error = NULL, error_count = 0 WHERE id = ?",
                (checked_at, next_check, feed_id),
            )

    def record_error(
        self, feed_id: int, message: str, checked_at: float, next_check: float | None, *, gone: bool = False
    ) -> None:
        """Record a failed check; stored articles are left untouched."""
        with self.transaction() as c:
            c.execute(
                "UPDATE feeds SET last_checked = ?, next_check = ?, last_error = ?, error_count = error_count + 1, "
                "gone = max(gone, ?) WHERE id = ?",
                (checked_at, next_check, message, int(gone), feed_id),
            )

    def revive_feed(self, feed_id: int) -> None:
        """Poll a feed marked gone again (the user asked)."""
        with self.transaction() as c:
            c.execute("UPDATE feeds SET gone = 0, next_check = NULL, error_count = 0 WHERE id = ?", (feed_id,))

    def store_feed(self, feed_id: int, meta: FeedMeta, entries: Sequence[EntryRow]) -> StoreCounts:
        """Write one fetched feed in one transaction: its metadata and entries.

        New entries are inserted unread; changed entries are updated in place and
        keep read/saved state; entries tombstoned by retention are not brought back.
        """
        with self.transaction() as c:
            return self._store_feed(c, feed_id, meta, entries)

    def subscribe(
        self, url: str, meta: FeedMeta, entries: Sequence[EntryRow], *, folder: Sequence[str] = (), user_title: str | None = None
    ) -> tuple[int, StoreCounts]:
        """Add a feed and its first entries in one transaction (all or nothing)."""
        with self.transaction() as c:
            feed_id, _ = self.add_feed(url, title=meta.title or "", user_title=user_title, folder=folder,
                                       site_url=meta.site_url, c=c)
            return feed_id, self._store_feed(c, feed_id, meta, entries)

    def _store_feed(self, c: sqlite3.Connection, feed_id: int, meta: FeedMeta, entries: Sequence[EntryRow]) -> StoreCounts:
        new = updated = 0
        row = c.execute(
            "SELECT coalesce(user_title, nullif(?, ''), nullif(title, ''), url) FROM feeds WHERE id = ?",
            (meta.title or "", feed_id),
        ).fetchone()
        if row is None:  # deleted while it was being fetched
            return StoreCounts()
        feed_name = row[0]
        if meta.new_url and meta.new_url != self._feed_url(c, feed_id):
            clash = c.execute("SELECT id FROM feeds WHERE url = ?", (meta.new_url,)).fetchone()
            if clash is None:
                c.execute("UPDATE feeds SET url = ? WHERE id = ?", (meta.new_url, feed_id))
        c.execute(
            "UPDATE feeds SET title = coalesce(nullif(?, ''), title), site_url = coalesce(?, site_url), "
            "description = coalesce(?, description), etag = ?, last_modified = ?, body_hash = coalesce(?, body_hash), "
            "last_checked = ?, last_updated = ?, next_check = ?, last_error = NULL, error_count = 0, gone = 0, "
            "ttl_seconds = ?, problem = ? WHERE id = ?",
            (
                meta.title, meta.site_url, meta.description, meta.etag, meta.last_modified, meta.body_hash,
                meta.checked_at, meta.checked_at, meta.next_check, meta.ttl_seconds, meta.problem, feed_id,
            ),
        )
        known: dict[str, tuple[int, str]] = {}
        buried: set[str] = set()
        guids = [e.guid for e in entries]
        for start in range(0, len(guids), 500):  # one look-up per 500 entries, not two per entry
            chunk = guids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            known.update((r[0], (r[1], r[2])) for r in c.execute(
                f"SELECT guid, id, content_hash FROM articles WHERE feed_id = ? AND guid IN ({marks})", [feed_id, *chunk]
            ))
            buried.update(r[0] for r in c.execute(
                f"SELECT guid FROM tombstones WHERE feed_id = ? AND guid IN ({marks})", [feed_id, *chunk]
            ))
        for entry in entries:
            found = known.get(entry.guid)
            if found is None:
                if entry.guid in buried:
                    continue
                known[entry.guid] = (self._insert_article(c, feed_id, feed_name, entry, meta.checked_at), entry.content_hash)
                new += 1
            elif found[1] != entry.content_hash:
                self._update_article(c, found[0], feed_name, entry)
                known[entry.guid] = (found[0], entry.content_hash)
                updated += 1
        return StoreCounts(new=new, updated=updated)

    @staticmethod
    def _feed_url(c: sqlite3.Connection, feed_id: int) -> str:
        return str(c.execute("SELECT url FROM feeds WHERE id = ?", (feed_id,)).fetchone()[0])

    def _insert_article(self, c: sqlite3.Connection, feed_id: int, feed_name: str, e: EntryRow, seen: float) -> int:
        sort_date = e.published if e.published is not None else (e.updated if e.updated is not None else seen)
        article_id = c.execute(
            "INSERT INTO articles(feed_id, guid, url, title, title_key, author, published, updated, first_seen, "
            "sort_date, html, is_html, base_url, categories, enclosures, content_hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                feed_id, e.guid, e.url, e.title, e.title_key, e.author, e.published, e.updated, seen, sort_date,
                e.html, int(e.is_html), e.base_url, json.dumps(list(e.categories)), _enclosures_json(e.enclosures),
                e.content_hash,
            ),
        ).lastrowid
        assert article_id is not None
        c.execute(
            "INSERT INTO article_fts(rowid, title, author, feed, body) VALUES (?, ?, ?, ?, ?)",
            (article_id, e.title, e.author or "", feed_name, e.text),
        )
        return article_id

    def _update_article(self, c: sqlite3.Connection, article_id: int, feed_name: str, e: EntryRow) -> None:
        c.execute(
            "UPDATE articles SET url = ?, title = ?, title_key = ?, author = ?, published = coalesce(?, published), "
            "updated = ?, sort_date = coalesce(?, ?, sort_date), html = ?, is_html = ?, base_url = ?, categories = ?, "
            "enclosures = ?, content_hash = ? WHERE id = ?",
            (
                e.url, e.title, e.title_key, e.author, e.published, e.updated, e.published, e.updated, e.html,
                int(e.is_html), e.base_url, json.dumps(list(e.categories)), _enclosures_json(e.enclosures),
                e.content_hash, article_id,
            ),
        )
        extra = c.execute("SELECT text FROM full_copies WHERE article_id = ? AND text IS NOT NULL", (article_id,)).fetchone()
        body = _fts_body(e.text, None if extra is None else extra[0])
        c.execute("DELETE FROM article_fts WHERE rowid = ?", (article_id,))
        c.execute(
            "INSERT INTO article_fts(rowid, title, author, feed, body) VALUES (?, ?, ?, ?, ?)",
            (article_id, e.title, e.author or "", feed_name, body),
        )

    def bulk_insert_articles(self, feed_id: int, rows: Iterable[EntryRow], *, seen: float | None = None) -> int:
        """Insert many new entries at once (benchmarks and sample libraries)."""
        count = 0
        seen = time.time() if seen is None else seen
        with self.transaction() as c:
            name = c.execute("SELECT coalesce(user_title, nullif(title, ''), url) FROM feeds WHERE id = ?", (feed_id,)).fetchone()[0]
            for entry in rows:
                self._insert_article(c, feed_id, name, entry, seen)
                count += 1
        return count

    def set_feed_icon(self, feed_id: int, data: bytes | None, content_type: str | None) -> None:
        with self.transaction() as c:
            c.execute(
                "UPDATE feeds SET icon = ?, icon_type = ?, icon_checked = ? WHERE id = ?",
                (data, content_type, time.time(), feed_id),
            )

    def feed_icon(self, feed_id: int) -> tuple[bytes, str | None] | None:
        row = self._conn.execute("SELECT icon, icon_type FROM feeds WHERE id = ? AND icon IS NOT NULL", (feed_id,)).fetchone()
        return None if row is None else (bytes(row[0]), row[1])

    # --- articles ----------------------------------------------------------------------------

    _ARTICLE_COLUMNS = (
        "a.id, a.feed_id, coalesce(f.user_title, nullif(f.title, ''), f.url, a.orphan_feed_title, ''), a.title, a.url, "
        "a.author, a.published, a.read, a.saved, a.categories, a.updated, a.guid, a.sort_date"
    )

    @staticmethod
    def _article(r: Sequence[Any]) -> Article:
        return Article(
            id=r[0], feed_id=r[1], feed_title=r[2], title=r[3], url=r[4], author=r[5], published=_utc(r[6]),
            read=bool(r[7]), saved=bool(r[8]), categories=tuple(json.loads(r[9])), updated=_utc(r[10]), guid=r[11],
        )

    def _where(self, selection: Selection, today_start: float | None = None) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if selection.smart is SmartFeed.UNREAD:
            clauses.append("a.read = 0")
        elif selection.smart is SmartFeed.SAVED:
            clauses.append("a.saved = 1")
        elif selection.smart is SmartFeed.TODAY:
            clauses.append("a.sort_date >= ?")
            params.append(today_start if today_start is not None else _local_midnight())
        if selection.feed_id is not None:
            clauses.append("a.feed_id = ?")
            params.append(selection.feed_id)
        if selection.folder_id is not None:
            clauses.append(
                "a.feed_id IN (SELECT id FROM feeds WHERE folder_id IN ("
                "WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT fo.id FROM folders fo JOIN sub ON fo.parent_id = sub.id) "
                "SELECT id FROM sub))"
            )
            params.append(selection.folder_id)
        if selection.unread_only:
            clauses.append("a.read = 0")
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def article_ids(self, selection: Selection, *, newest_first: bool = True) -> list[int]:
        """Ids of every article in ``selection``, in list order (for the lazy list model)."""
        where, params = self._where(selection)
        order = "DESC" if newest_first else "ASC"
        sql = f"SELECT a.id FROM articles a{where} ORDER BY a.sort_date {order}, a.id {order}"
        return [r[0] for r in self._conn.execute(sql, params)]

    def next_unread(self, selection: Selection, after_id: int | None, *, newest_first: bool = True) -> int | None:
        """The first unread article after ``after_id`` in list order (date, then id), or None."""
        where, params = self._where(selection)
        clauses = [where[len(" WHERE "):]] if where else []
        clauses.append("a.read = 0")
        newer, order = ("<", "DESC") if newest_first else (">", "ASC")
        if after_id is not None:
            row = self._conn.execute("SELECT sort_date FROM articles WHERE id = ?", (after_id,)).fetchone()
            if row is not None:
                clauses.append(f"(a.sort_date {newer} ? OR (a.sort_date = ? AND a.id {newer} ?))")
                params += [row[0], row[0], after_id]
        found = self._conn.execute(
            f"SELECT a.id FROM articles a WHERE {' AND '.join(clauses)} ORDER BY a.sort_date {order}, a.id {order} LIMIT 1",
            params,
        ).fetchone()
        return None if found is None else int(found[0])

    def article_rows(self, ids: Sequence[int]) -> list[ArticleRow]:
        """The list's row data for ``ids`` (a visible page), in the order given."""
        if not ids:
            return []
        found: dict[int, ArticleRow] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            sql = (
                "SELECT a.id, a.title, coalesce(f.user_title, nullif(f.title, ''), f.url, a.orphan_feed_title, ''), "
                "a.sort_date, a.read, a.saved, a.feed_id FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id "
                f"WHERE a.id IN ({','.join('?' * len(chunk))})"
            )
            for r in self._conn.execute(sql, list(chunk)):
                found[r[0]] = ArticleRow(
                    id=r[0], title=r[1], feed_title=r[2], date=_utc(r[3]), read=bool(r[4]), saved=bool(r[5]), feed_id=r[6]
                )
        return [found[i] for i in ids if i in found]

    def articles(self, selection: Selection, *, limit: int | None = None) -> list[Article]:
        where, params = self._where(selection)
        sql = (
            f"SELECT {self._ARTICLE_COLUMNS} FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id{where} "
            "ORDER BY a.sort_date DESC, a.id DESC"
        )
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [self._article(r) for r in self._conn.execute(sql, params)]

    def article(self, article_id: int) -> Article:
        row = self._conn.execute(
            f"SELECT {self._ARTICLE_COLUMNS}, a.html, a.is_html, a.base_url, a.enclosures, "
            "(SELECT html IS NOT NULL FROM full_copies WHERE article_id = a.id) "
            "FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id WHERE a.id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no article with id {article_id}")
        base = self._article(row)
        html, is_html, base_url, enclosures, has_copy = row[13:18]
        return Article(
            **{**base.__dict__, "content": html, "content_is_html": bool(is_html), "base_url": base_url,
               "enclosures": tuple(Enclosure(**e) for e in json.loads(enclosures)), "has_full_copy": bool(has_copy)}
        )

    def existing_article_ids(self, ids: Sequence[int]) -> set[int]:
        if not ids:
            return set()
        sql = f"SELECT id FROM articles WHERE id IN ({','.join('?' * len(ids))})"
        return {r[0] for r in self._conn.execute(sql, list(ids))}

    def article_id_by_title_key(self, key: str, *, exclude: int | None = None) -> int | None:
        """The newest article whose normalized title is ``key``."""
        row = self._conn.execute(
            "SELECT id FROM articles WHERE title_key = ? AND id != ? ORDER BY sort_date DESC LIMIT 1",
            (key, exclude if exclude is not None else -1),
        ).fetchone()
        return None if row is None else int(row[0])

    def article_id_by_url(self, url: str) -> int | None:
        row = self._conn.execute("SELECT id FROM articles WHERE url = ? ORDER BY sort_date DESC LIMIT 1", (url,)).fetchone()
        return None if row is None else int(row[0])

    def set_read(self, ids: Sequence[int], read: bool) -> int:
        """Mark articles read or unread in their own short transaction."""
        with self.transaction() as c:
            return c.executemany(
                "UPDATE articles SET read = ?, read_at = ? WHERE id = ? AND read != ?",
                [(int(read), time.time() if read else None, i, int(read)) for i in ids],
            ).rowcount

    def set_saved(self, ids: Sequence[int], saved: bool) -> int:
        with self.transaction() as c:
            return c.executemany(
                "UPDATE articles SET saved = ?, saved_at = ? WHERE id = ? AND saved != ?",
                [(int(saved), time.time() if saved else None, i, int(saved)) for i in ids],
            ).rowcount

    def mark_all_read(self, selection: Selection) -> int:
        where, params = self._where(selection)
        where = where.replace("a.", "articles.")
        clause = (where + " AND" if where else " WHERE") + " articles.read = 0"
        with self.transaction() as c:
            return c.execute(f"UPDATE articles SET read = 1, read_at = ?{clause}", [time.time(), *params]).rowcount

    def apply_retention(self, older_than: float) -> int:
        """Delete unsaved articles older than ``older_than``, leaving tombstones."""
        with self.transaction() as c:
            c.execute(
                "INSERT OR REPLACE INTO tombstones(feed_id, guid, read) SELECT feed_id, guid, read FROM articles "
                "WHERE saved = 0 AND feed_id IS NOT NULL AND sort_date < ?",
                (older_than,),
            )
            return c.execute("DELETE FROM articles WHERE saved = 0 AND sort_date < ?", (older_than,)).rowcount

    # --- full copies --------------------------------------------------------------------------

    def set_full_copy(self, article_id: int, html: str | None, text: str | None, *, error: str | None = None) -> None:
        """Store the saved article's full page (or why it could not be fetched) and index its text."""
        with self.transaction() as c:
            exists = c.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
            if exists is None:
                raise NotFoundError(f"no article with id {article_id}")
            if html is None:  # a failure keeps any earlier good copy
                c.execute(
                    "INSERT INTO full_copies(article_id, fetched_at, error) VALUES (?, ?, ?) "
                    "ON CONFLICT(article_id) DO UPDATE SET error = excluded.error, fetched_at = excluded.fetched_at",
                    (article_id, time.time(), error),
                )
                return
            c.execute(
                "INSERT OR REPLACE INTO full_copies(article_id, html, text, fetched_at, error) VALUES (?, ?, ?, ?, NULL)",
                (article_id, html, text, time.time()),
            )
            row = c.execute("SELECT title, author, feed, body FROM article_fts WHERE rowid = ?", (article_id,)).fetchone()
            if row is not None:
                body = _fts_body(row[3].split(_COPY_MARK, 1)[0], text)
                c.execute("DELETE FROM article_fts WHERE rowid = ?", (article_id,))
                c.execute(
                    "INSERT INTO article_fts(rowid, title, author, feed, body) VALUES (?, ?, ?, ?, ?)",
                    (article_id, row[0], row[1], row[2], body),
                )

    def full_copy(self, article_id: int) -> tuple[str | None, str | None]:
        """(html, error) of a saved article's full copy; (None, None) when none was tried."""
        row = self._conn.execute("SELECT html, error FROM full_copies WHERE article_id = ?", (article_id,)).fetchone()
        return (None, None) if row is None else (row[0], row[1])

    # --- backups of what cannot be fetched again ----------------------------------------------

    def write_backup(self, dest: str | Path, extras: dict[str, str]) -> int:
        """Write saved articles (with full copies) and ``extras`` (e.g. the OPML) to a new file.

        Returns the number of saved articles written. ``dest`` must not exist.
        """
        c = self._conn
        c.execute("ATTACH DATABASE ? AS bk", (str(dest),))
        try:
            c.execute("BEGIN")
            c.execute(
                "CREATE TABLE bk.saved AS SELECT a.guid, a.url, a.title, a.title_key, a.author, a.published, a.updated, "
                "a.first_seen, a.sort_date, a.html, a.is_html, a.base_url, a.categories, a.enclosures, a.content_hash, "
                "a.read, a.saved_at, f.url AS feed_url, "
                "coalesce(f.user_title, nullif(f.title, ''), f.url, a.orphan_feed_title, '') AS feed_name, "
                "fc.html AS copy_html, fc.text AS copy_text, t.body AS text "
                "FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id "
                "LEFT JOIN full_copies fc ON fc.article_id = a.id "
                "LEFT JOIN article_fts t ON t.rowid = a.id WHERE a.saved = 1"
            )
            c.execute("CREATE TABLE bk.extras (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            c.executemany("INSERT INTO bk.extras VALUES (?, ?)", list(extras.items()))
            c.execute("COMMIT")
            return int(c.execute("SELECT count(*) FROM bk.saved").fetchone()[0])
        except BaseException:
            c.execute("ROLLBACK")
            raise
        finally:
            c.execute("DETACH DATABASE bk")

    @staticmethod
    def read_backup_extras(path: str | Path) -> dict[str, str]:
        conn = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
        try:
            return dict(conn.execute("SELECT key, value FROM extras"))
        except sqlite3.DatabaseError as err:
            raise StorageError(f"{path} is not a Byline backup: {err}") from err
        finally:
            conn.close()

    def restore_saved(self, backup: str | Path) -> int:
        """Bring back every saved article of a backup that this library lacks or has unsaved.

        Returns how many articles were restored or re-marked saved.
        """
        src = sqlite3.connect(f"file:{Path(backup).resolve()}?mode=ro", uri=True)
        try:
            rows = src.execute(
                "SELECT guid, url, title, title_key, author, published, updated, first_seen, sort_date, html, is_html, "
                "base_url, categories, enclosures, content_hash, read, saved_at, feed_url, feed_name, copy_html, "
                "copy_text, text FROM saved"
            ).fetchall()
        except sqlite3.DatabaseError as err:
            raise StorageError(f"{backup} is not a Byline backup: {err}") from err
        finally:
            src.close()
        restored = 0
        with self.transaction() as c:
            for r in rows:
                feed = c.execute("SELECT id FROM feeds WHERE url = ?", (r[17],)).fetchone() if r[17] else None
                feed_id = feed[0] if feed else None
                found = (
                    c.execute("SELECT id, saved FROM articles WHERE feed_id = ? AND guid = ?", (feed_id, r[0])).fetchone()
                    if feed_id is not None
                    else c.execute(
                        "SELECT id, saved FROM articles WHERE feed_id IS NULL AND guid = ? AND orphan_feed_title = ?",
                        (r[0], r[18]),
                    ).fetchone()
                )
                if found is not None:
                    if not found[1]:
                        c.execute("UPDATE articles SET saved = 1, saved_at = ? WHERE id = ?", (r[16], found[0]))
                        restored += 1
                    continue
                article_id = c.execute(
                    "INSERT INTO articles(feed_id, guid, url, title, title_key, author, published, updated, first_seen, "
                    "sort_date, html, is_html, base_url, categories, enclosures, content_hash, read, saved, saved_at, "
                    "orphan_feed_title) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
                    (feed_id, *r[:17], None if feed_id is not None else r[18]),
                ).lastrowid
                c.execute(
                    "INSERT INTO article_fts(rowid, title, author, feed, body) VALUES (?, ?, ?, ?, ?)",
                    (article_id, r[2], r[4] or "", r[18], r[21] or ""),
                )
                if r[19] is not None:
                    c.execute(
                        "INSERT INTO full_copies(article_id, html, text, fetched_at) VALUES (?, ?, ?, ?)",
                        (article_id, r[19], r[20], time.time()),
                    )
                restored += 1
        return restored

    # --- search -------------------------------------------------------------------------------

    # At most this many matches, the newest, are ranked: a word that is in half of a
    # million-article library costs the same as a rare one (bench/run.py, search rows).
    SEARCH_CANDIDATES = 1000

    def search(
        self,
        match: str | None,
        *,
        saved: bool | None = None,
        read: bool | None = None,
        after: float | None = None,
        before: float | None = None,
        limit: int = 50,
    ) -> list[tuple[Article, str, float]]:
        """Full-text search: best match first (bm25, title weighted above body), then newest.

        Ranking is exact when at most ``SEARCH_CANDIDATES`` articles match;
        beyond that, the newest that many matches are ranked. Returns
        (article, indexed text, score) with score higher-is-better; the caller
        makes the snippet.
        """
        clauses: list[str] = []
        params: list[Any] = []
        for flag, value in (("saved", saved), ("read", read)):
            if value is not None:  # a literal, so the partial indexes (WHERE saved = 1, read = 0) apply
                clauses.append(f"a.{flag} = {int(value)}")
        for op, when in ((">=", after), ("<", before)):
            if when is not None:
                clauses.append(f"a.sort_date {op} ?")
                params.append(when)
        c = self._conn
        if match is None:
            where = " AND ".join(clauses) or "1"
            ids = [(r[0], 0.0) for r in c.execute(
                f"SELECT a.id FROM articles a WHERE {where} ORDER BY a.sort_date DESC, a.id DESC LIMIT ?", [*params, limit]
            )]
        else:
            try:
                if saved:
                    found = self._rank_within(match, [r[0] for r in c.execute(
                        f"SELECT a.id FROM articles a WHERE {' AND '.join(clauses)} LIMIT ?",
                        [*params, self.SEARCH_CANDIDATES * 5],
                    )])
                elif clauses:
                    sql = (
                        "SELECT article_fts.rowid, bm25(article_fts, 8.0, 3.0, 2.0, 1.0), a.sort_date FROM article_fts "
                        f"JOIN articles a ON a.id = article_fts.rowid WHERE article_fts MATCH ? AND {' AND '.join(clauses)} "
                        "ORDER BY article_fts.rowid DESC LIMIT ?"
                    )
                    found = c.execute(sql, [match, *params, self.SEARCH_CANDIDATES]).fetchall()
                else:
                    found = c.execute(
                        "SELECT rowid, bm25(article_fts, 8.0, 3.0, 2.0, 1.0), NULL FROM article_fts "
                        "WHERE article_fts MATCH ? ORDER BY rowid DESC LIMIT ?",
                        (match, self.SEARCH_CANDIDATES),
                    ).fetchall()
            except sqlite3.OperationalError as err:
                from reader.core.errors import QueryError

                raise QueryError(f"cannot search for that: {err}") from err
            # bm25 is lower-is-better; ties go to the newer article (a higher rowid was seen later).
            found.sort(key=lambda r: (round(r[1], 9), -(r[2] or 0.0), -r[0]))
            ids = [(r[0], -float(r[1])) for r in found[:limit]]
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        keys = [i for i, _ in ids]
        articles = {
            r[0]: self._article(r)
            for r in c.execute(
                f"SELECT {self._ARTICLE_COLUMNS} FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id WHERE a.id IN ({marks})",
                keys,
            )
        }
        texts = dict(c.execute(f"SELECT rowid, body FROM article_fts WHERE rowid IN ({marks})", keys).fetchall())
        return [
            (articles[i], (texts.get(i) or "").replace("\x1e", ""), score) for i, score in ids if i in articles
        ]

    def _rank_within(self, match: str, ids: list[int]) -> list[tuple[int, float, float | None]]:
        """Rank the matches among a small set of ids (the saved articles).

        bm25() recomputes its statistics for every id looked up this way, so a
        small set is ranked by title match first, then by recency.
        """
        c = self._conn
        matched: list[int] = []
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            matched += [r[0] for r in c.execute(
                f"SELECT rowid FROM article_fts WHERE article_fts MATCH ? AND rowid IN ({','.join('?' * len(chunk))})",
                [match, *chunk],
            )]
        if not matched:
            return []
        try:
            in_title = {r[0] for r in c.execute(
                f"SELECT rowid FROM article_fts WHERE article_fts MATCH ? AND rowid IN ({','.join('?' * len(matched))})",
                [f"{{title}} : ({match})", *matched],
            )}
        except sqlite3.OperationalError:  # an expression FTS5 will not nest under a column filter
            in_title = set()
        return [(i, -2.0 if i in in_title else -1.0, None) for i in matched]

    def counts(self) -> dict[str, int]:
        c = self._conn
        return {
            "feeds": c.execute("SELECT count(*) FROM feeds").fetchone()[0],
            "articles": c.execute("SELECT count(*) FROM articles").fetchone()[0],
            "saved": c.execute("SELECT count(*) FROM articles WHERE saved = 1").fetchone()[0],
        }


_COPY_MARK = "\n\n\x1e"


# Primary SQLite result codes of faults in the file or the disk, not in our SQL.
_SQLITE_STORAGE_CODES = {3, 5, 6, 8, 10, 13, 14}  # PERM BUSY LOCKED READONLY IOERR FULL CANTOPEN
_SQLITE_CORRUPT_CODES = {11, 26}  # CORRUPT NOTADB
_STORAGE_MESSAGES = ("disk is full", "disk i/o error", "readonly database", "database is locked", "unable to open")
_CORRUPT_MESSAGES = ("malformed", "not a database")


def _storage_failure(exc: BaseException) -> StorageError | None:
    """The StorageError a failed write stands for (disk full, read-only, damaged file), or None."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return None
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    message = str(exc)
    low = message.lower()
    if primary in _SQLITE_CORRUPT_CODES or any(m in low for m in _CORRUPT_MESSAGES):
        return CorruptLibraryError(f"the library file is damaged ({message}); restore a backup")
    if primary in _SQLITE_STORAGE_CODES or any(m in low for m in _STORAGE_MESSAGES):
        return StorageError(f"could not write to the library: {message}; nothing was changed")
    return None


def _fts_body(feed_text: str, copy_text: str | None) -> str:
    """The indexed body: the feed's text, then the saved full copy's text."""
    return feed_text if not copy_text else feed_text + _COPY_MARK + copy_text


def as_storage_error(err: BaseException) -> StorageError | None:
    """The user-facing error for an SQLite failure that escaped a Store call, else None."""
    if not isinstance(err, sqlite3.DatabaseError):
        return None
    message = str(err)
    if "malformed" in message or "not a database" in message or "corrupt" in message:
        return CorruptLibraryError(f"the library file is damaged ({message}); it was left untouched — restore a backup")
    return StorageError(f"the library could not be used: {message}")


def _enclosures_json(enclosures: Iterable[Enclosure]) -> str:
    return json.dumps([{"url": e.url, "type": e.type, "length": e.length} for e in enclosures])


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (triggers keep their inner ';')."""
    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return [s for s in out if s]


def _local_midnight() -> float:
    now = datetime.now().astimezone()
    return now.replace(hour=0, minute=0, second=0, microsecond=0).timestamp()
