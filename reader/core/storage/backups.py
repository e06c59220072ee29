"""Backups of what cannot be fetched again: saved articles with their full copies, and extras (the OPML).

A backup is a small SQLite file of its own (``saved`` and ``extras`` tables),
written through ATTACH in one transaction; restoring reads it read-only.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from reader.core.errors import StorageError
from reader.core.storage.articles import ArticlesMixin
from reader.core.storage.rows import ARTICLE_FEED_NAME


class BackupsMixin(ArticlesMixin):
    """Writing, reading and restoring backup files."""

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
                f"{ARTICLE_FEED_NAME} AS feed_name, "
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
