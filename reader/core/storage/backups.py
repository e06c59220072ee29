"""Backups of what cannot be fetched again: saved articles with their full copies and images, and extras (the OPML).

A backup is a small SQLite file of its own (``saved``, ``images`` and
``extras`` tables), written through ATTACH in one transaction; restoring reads
it read-only. Each saved article carries its image records as JSON; each
image it shows is in ``images`` once. Backups written before images were kept
have no ``images`` and restore as before.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

from reader.core.errors import StorageError
from reader.core.storage import smart
from reader.core.storage.articles import ArticlesMixin
from reader.core.storage.connection import Connection
from reader.core.storage.fts import BODY_SQL, index, pack_html, reindex
from reader.core.storage.rows import ARTICLE_FEED_NAME
from reader.i18n import _


class BackupsMixin(ArticlesMixin):
    """Writing, reading and restoring backup files."""

    def write_backup(self, dest: str | Path, extras: dict[str, str]) -> int:
        """Write saved articles (with full copies and kept images) and ``extras`` (e.g. the OPML) to a new file.

        Returns the number of saved articles written. ``dest`` must not exist.
        """
        c = self._conn
        c.execute("ATTACH DATABASE ? AS bk", (str(dest),))
        try:
            c.execute("BEGIN")
            c.execute(
                "CREATE TABLE bk.saved AS SELECT a.guid, a.url, a.title, a.title_key, a.author, a.published, a.updated, "
                f"a.first_seen, a.sort_date, {BODY_SQL}(a.html) AS html, a.is_html, a.base_url, a.categories, a.enclosures, "
                "a.content_hash, "
                "a.read, a.saved_at, f.url AS feed_url, "
                f"{ARTICLE_FEED_NAME} AS feed_name, "
                "fc.html AS copy_html, fc.text AS copy_text, t.body AS text, "
                "(SELECT json_group_array(json_array(ai.url, ai.hash, ai.note)) FROM article_images ai "
                "WHERE ai.article_id = a.id) AS images "
                "FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id "
                "LEFT JOIN full_copies fc ON fc.article_id = a.id "
                "LEFT JOIN article_fts t ON t.rowid = a.id WHERE a.saved = 1"
            )
            c.execute(
                "CREATE TABLE bk.images AS SELECT i.hash, i.type, i.size, i.width, i.height, i.data FROM images i "
                "WHERE i.hash IN (SELECT ai.hash FROM article_images ai JOIN articles a ON a.id = ai.article_id "
                "WHERE a.saved = 1)"
            )
            c.execute("CREATE TABLE bk.extras (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            c.executemany("INSERT INTO bk.extras VALUES (?, ?)", list(extras.items()))
            c.execute("COMMIT")
            return int(c.execute("SELECT count(*) FROM bk.saved").fetchone()[0])
        except BaseException:
            # A full disk or an I/O error rolls the transaction back already; a second
            # ROLLBACK would raise and hide the real cause.
            if c.in_transaction:
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
            raise StorageError(_("%(path)s is not a Byline backup: %(err)s") % {"path": path, "err": err}) from err
        finally:
            conn.close()

    def restore_saved(self, backup: str | Path) -> int:
        """Bring back every saved article of a backup that this library lacks or has unsaved.

        Returns how many articles were restored or re-marked saved.
        """
        src = sqlite3.connect(f"file:{Path(backup).resolve()}?mode=ro", uri=True)
        try:
            columns = {r[1] for r in src.execute("PRAGMA table_info(saved)")}
            with_images = "images" in columns  # backups before schema 3 hold no images
            rows = src.execute(
                "SELECT guid, url, title, title_key, author, published, updated, first_seen, sort_date, html, is_html, "
                "base_url, categories, enclosures, content_hash, read, saved_at, feed_url, feed_name, copy_html, "
                f"copy_text, text, {'images' if with_images else 'NULL'} FROM saved"
            ).fetchall()
            images = (
                src.execute("SELECT hash, type, size, width, height, data FROM images").fetchall() if with_images else []
            )
        except sqlite3.DatabaseError as err:
            raise StorageError(_("%(path)s is not a Byline backup: %(err)s") % {"path": backup, "err": err}) from err
        finally:
            src.close()
        restored = 0
        inserted: list[int] = []
        with self.transaction() as c:
            now = time.time()
            c.executemany(
                "INSERT OR IGNORE INTO images(hash, type, size, width, height, stored_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(*i[:5], now, i[5]) for i in images],
            )
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
                    _restore_images(c, found[0], r[22])
                    if not found[1]:
                        c.execute("UPDATE articles SET saved = 1, saved_at = ? WHERE id = ?", (r[16], found[0]))
                        restored += 1
                    continue
                html = r[9] if isinstance(r[9], bytes) else pack_html(r[9] or "")
                article_id = c.execute(
                    "INSERT INTO articles(feed_id, guid, url, title, title_key, author, published, updated, first_seen, "
                    "sort_date, html, is_html, base_url, categories, enclosures, content_hash, read, saved, saved_at, "
                    "orphan_feed_title, fts_feed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)",
                    (feed_id, *r[:9], html, *r[10:17], None if feed_id is not None else r[18], r[18]),
                ).lastrowid
                assert article_id is not None
                index(c, [article_id])
                if r[19] is not None:
                    reindex(
                        c, article_id, c.execute,
                        "INSERT INTO full_copies(article_id, html, text, fetched_at) VALUES (?, ?, ?, ?)",
                        (article_id, r[19], r[20], time.time()),
                    )
                _restore_images(c, article_id, r[22])
                inserted.append(article_id)
                restored += 1
            smart.index_articles(c, inserted)
        return restored


def _restore_images(c: Connection, article_id: int, images: str | None) -> None:
    """An article's image records from a backup (``[[url, hash, note], ...]``), where this library lacks them.

    A record whose image is not in the library (nor in the backup) is skipped.
    """
    for url, digest, note in json.loads(images or "[]"):
        if digest is not None and c.execute("SELECT 1 FROM images WHERE hash = ?", (digest,)).fetchone() is None:
            continue
        c.execute(
            "INSERT INTO article_images(article_id, url, hash, note) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(article_id, url) DO UPDATE SET hash = coalesce(hash, excluded.hash), "
            "note = CASE WHEN coalesce(hash, excluded.hash) IS NULL THEN note END",
            (article_id, url, digest, note),
        )
