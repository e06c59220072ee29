"""Sync accounts: the accounts, their feeds and items, and the pending changes.

An account's feeds are ordinary ``feeds`` rows with ``account_id`` set (filed
under a top-level folder named after the account, then the server's category);
an article's guid is the server's item id. Marks made here are queued by
``changes`` inside the mark's own transaction; the sync engine reads them
(``pending_changes``), deletes what the server accepted (``ack_changes``, by
``seq``, so a mark made during the push stays), and applies the server's state
only where no change is pending (``apply_remote_marks``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from reader.core.errors import InputError, NotFoundError
from reader.core.models import Account
from reader.core.storage import smart
from reader.core.storage.articles import ArticlesMixin
from reader.core.storage.connection import Connection, placeholders
from reader.core.storage.filters import IdRange
from reader.core.storage.inserts import insert_article
from reader.core.storage.rows import AccountItem, EntryRow, PendingChange, RemoteFeed, SyncState, feed_name, utc
from reader.core.storage.rules import ItemsWrite
from reader.i18n import _


class AccountsMixin(ArticlesMixin):
    """Accounts, their subscriptions and items, and the queue of changes to send."""

    # --- accounts --------------------------------------------------------------------------------

    def add_account(self, kind: str, name: str, url: str, user: str) -> int:
        with self.transaction() as c:
            if c.execute("SELECT 1 FROM accounts WHERE name = ?", (name,)).fetchone():
                raise InputError(_("an account named %(name)s is already there (choose another with --name)") % {"name": repr(name)})
            folder_id = self.ensure_folder([name], c)
            account_id = c.execute(
                "INSERT INTO accounts(kind, name, url, user, folder_id, added_at) VALUES (?, ?, ?, ?, ?, ?)",
                (kind, name, url, user, folder_id, time.time()),
            ).lastrowid
        assert account_id is not None
        return account_id

    def accounts(self, account_ids: Sequence[int] | None = None) -> list[Account]:
        sql = (
            "SELECT a.id, a.kind, a.name, a.url, a.user, a.folder_id, a.last_sync, a.last_error, "
            "(SELECT count(*) FROM sync_changes s WHERE s.account_id = a.id) FROM accounts a"
        )
        params: list[Any] = []
        if account_ids is not None:
            sql += f" WHERE a.id IN ({placeholders(account_ids)})"
            params = list(account_ids)
        return [
            Account(id=r[0], kind=r[1], name=r[2], url=r[3], user=r[4], folder_id=r[5], last_sync=utc(r[6]),
                    last_error=r[7], pending=r[8])
            for r in self._conn.execute(sql + " ORDER BY a.name", params)
        ]

    def account(self, account_id: int) -> Account:
        found = self.accounts([account_id])
        if not found:
            raise NotFoundError(_("no account with id %(id)s") % {"id": account_id})
        return found[0]

    def sync_state(self, account_id: int) -> SyncState:
        row = self._conn.execute(
            "SELECT error_count, next_try, synced_since FROM accounts WHERE id = ?", (account_id,)
        ).fetchone()
        if row is None:
            raise NotFoundError(_("no account with id %(id)s") % {"id": account_id})
        return SyncState(error_count=row[0], next_try=row[1], synced_since=row[2])

    def record_sync(self, account_id: int, *, when: float, synced_since: float | None) -> None:
        """A sync that went through: clear the error, remember where the next one starts."""
        with self.transaction() as c:
            c.execute(
                "UPDATE accounts SET last_sync = ?, last_error = NULL, error_count = 0, next_try = NULL, "
                "synced_since = coalesce(?, synced_since) WHERE id = ?",
                (when, synced_since, account_id),
            )

    def record_sync_error(self, account_id: int, message: str, *, next_try: float | None) -> None:
        with self.transaction() as c:
            c.execute(
                "UPDATE accounts SET last_error = ?, error_count = error_count + 1, next_try = ? WHERE id = ?",
                (message, next_try, account_id),
            )

    def account_folder(self, account_id: int) -> int:
        """The account's top-level folder, made again (by its name) if it was deleted."""
        with self.transaction() as c:
            row = c.execute("SELECT name, folder_id FROM accounts WHERE id = ?", (account_id,)).fetchone()
            if row is None:
                raise NotFoundError(_("no account with id %(id)s") % {"id": account_id})
            if row[1] is not None and c.execute("SELECT 1 FROM folders WHERE id = ?", (row[1],)).fetchone():
                return int(row[1])
            folder_id = self.ensure_folder([row[0]], c)
            assert folder_id is not None
            c.execute("UPDATE accounts SET folder_id = ? WHERE id = ?", (folder_id, account_id))
            return folder_id

    def remove_account(self, account_id: int, *, keep_articles: bool) -> int:
        """Forget an account, its feeds and pending changes. Returns how many articles were kept.

        Saved articles always stay (with their feed's name), as when a feed is
        removed; ``keep_articles`` keeps the others too.
        """
        with self.transaction() as c:
            row = c.execute("SELECT folder_id FROM accounts WHERE id = ?", (account_id,)).fetchone()
            if row is None:
                raise NotFoundError(_("no account with id %(id)s") % {"id": account_id})
            feeds = [r[0] for r in c.execute("SELECT id FROM feeds WHERE account_id = ?", (account_id,))]
            kept = 0
            for feed_id in feeds:
                kept += self._drop_feed(c, feed_id, keep_articles=keep_articles)
            c.execute("DELETE FROM sync_changes WHERE account_id = ?", (account_id,))
            c.execute("DELETE FROM accounts WHERE id = ?", (account_id,))
            if row[0] is not None:
                c.execute("DELETE FROM folders WHERE id = ?", (row[0],))
        return kept

    @staticmethod
    def _drop_feed(c: Connection, feed_id: int, *, keep_articles: bool) -> int:
        name = c.execute(f"SELECT {feed_name('')} FROM feeds WHERE id = ?", (feed_id,)).fetchone()[0]
        keep = "" if keep_articles else " AND saved = 1"
        kept = c.execute(
            f"UPDATE articles SET orphan_feed_title = ? WHERE feed_id = ?{keep}", (name, feed_id)
        ).rowcount
        if not keep_articles:
            c.execute("DELETE FROM articles WHERE feed_id = ? AND saved = 0", (feed_id,))
        c.execute("UPDATE articles SET feed_id = NULL WHERE feed_id = ?", (feed_id,))
        c.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))
        return kept

    # --- subscriptions -------------------------------------------------------------------------------

    def account_feeds(self, account_id: int) -> dict[str, int]:
        """The account's feeds: server stream id -> feed id."""
        return {r[0]: r[1] for r in self._conn.execute(
            "SELECT remote_id, id FROM feeds WHERE account_id = ?", (account_id,)
        )}

    def store_subscriptions(self, account_id: int, remote: Sequence[RemoteFeed]) -> tuple[int, int]:
        """Make the account's feeds match the server's list, in one transaction.

        New feeds are added, known ones renamed and refiled, and feeds the server
        no longer lists are removed (their saved articles stay). Returns (added, removed).
        """
        added = removed = 0
        with self.transaction() as c:
            known = {r[0]: r[1] for r in c.execute("SELECT remote_id, id FROM feeds WHERE account_id = ?", (account_id,))}
            base = f"sync:{account_id}:"
            for feed in remote:
                folder_id = self.ensure_folder(feed.folder, c)
                feed_id = known.pop(feed.remote_id, None)
                if feed_id is None:
                    pos = c.execute("SELECT ifnull(max(position), -1) + 1 FROM feeds").fetchone()[0]
                    c.execute(
                        "INSERT INTO feeds(url, title, folder_id, site_url, added_at, position, account_id, remote_id, "
                        "remote_url) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (base + feed.remote_id, feed.title, folder_id, feed.site_url, time.time(), pos, account_id,
                         feed.remote_id, feed.url),
                    )
                    added += 1
                else:
                    c.execute(
                        "UPDATE feeds SET title = ?, user_title = NULL, folder_id = ?, site_url = ?, remote_url = ? "
                        "WHERE id = ?",
                        (feed.title, folder_id, feed.site_url, feed.url, feed_id),
                    )
            for feed_id in known.values():
                self._drop_feed(c, feed_id, keep_articles=False)
                removed += 1
            self._drop_empty_folders(c, account_id)
        return added, removed

    @staticmethod
    def _drop_empty_folders(c: Connection, account_id: int) -> None:
        """Remove the account's category folders that hold no feed any more (the account's own folder stays)."""
        row = c.execute("SELECT folder_id FROM accounts WHERE id = ?", (account_id,)).fetchone()
        if row is None or row[0] is None:
            return
        c.execute(
            "DELETE FROM folders WHERE parent_id = ? AND id NOT IN (SELECT folder_id FROM feeds WHERE folder_id IS NOT NULL) "
            "AND id NOT IN (SELECT parent_id FROM folders WHERE parent_id IS NOT NULL)",
            (row[0],),
        )

    def remote_feed(self, feed_id: int) -> tuple[int, str] | None:
        """(account id, stream id) of an account's feed; None for a local feed."""
        row = self._conn.execute("SELECT account_id, remote_id FROM feeds WHERE id = ?", (feed_id,)).fetchone()
        if row is None:
            raise NotFoundError(_("no feed with id %(id)s") % {"id": feed_id})
        return None if row[0] is None else (int(row[0]), str(row[1]))

    # --- items ----------------------------------------------------------------------------------------

    def account_items(self, account_id: int) -> dict[str, AccountItem]:
        """Every item of the account the library holds: item id -> article and marks."""
        return {
            r[0]: AccountItem(article_id=r[1], feed_id=r[2], read=bool(r[3]), saved=bool(r[4]))
            for r in self._conn.execute(
                "SELECT a.guid, a.id, a.feed_id, a.read, a.saved FROM articles a JOIN feeds f ON f.id = a.feed_id "
                "WHERE f.account_id = ?",
                (account_id,),
            )
        }

    def buried_items(self, account_id: int) -> set[str]:
        """Item ids of the account that retention deleted (tombstones): they are not fetched again."""
        return {r[0] for r in self._conn.execute(
            "SELECT t.guid FROM tombstones t JOIN feeds f ON f.id = t.feed_id WHERE f.account_id = ?", (account_id,)
        )}

    def store_items(
        self,
        items: Sequence[tuple[int, EntryRow, bool, bool]],
        on_new: Callable[[ItemsWrite, list[int]], None] | None = None,
    ) -> list[int]:
        """Insert new items (feed id, row, read, saved) in one transaction; ones already there are skipped.

        The new articles are indexed for the smart feeds, and ``on_new`` (the
        rules) runs on them, in that same transaction.

        Returns the new article ids.
        """
        new_ids: list[int] = []
        seen = time.time()
        with self.transaction() as c:
            names: dict[int, str] = {}
            for feed_id, row, read, saved in items:
                if c.execute(
                    "SELECT 1 FROM articles WHERE feed_id = ? AND guid = ? UNION ALL "
                    "SELECT 1 FROM tombstones WHERE feed_id = ? AND guid = ?",
                    (feed_id, row.guid, feed_id, row.guid),
                ).fetchone():
                    continue
                if feed_id not in names:
                    found = c.execute(f"SELECT {feed_name('')} FROM feeds WHERE id = ?", (feed_id,)).fetchone()
                    if found is None:
                        continue
                    names[feed_id] = found[0]
                article_id = insert_article(c, feed_id, names[feed_id], row, seen)
                if read or saved:
                    c.execute(
                        "UPDATE articles SET read = ?, read_at = ?, saved = ?, saved_at = ? WHERE id = ?",
                        (int(read), seen if read else None, int(saved), seen if saved else None, article_id),
                    )
                new_ids.append(article_id)
            if new_ids:
                smart.index_articles(c, IdRange.of(new_ids) or new_ids)
                if on_new is not None:
                    on_new(ItemsWrite(c), new_ids)
        return new_ids

    def apply_remote_marks(self, account_id: int, field: str, value: bool, item_ids: Sequence[str]) -> list[int]:
        """Set ``field`` to the server's ``value`` on these items, except where a local change is pending.

        The pending check runs inside the update's transaction, so a mark made
        while the sync ran is never overwritten. Returns the articles changed.
        """
        if field not in ("read", "saved"):
            raise ValueError(f"not a synced field: {field}")
        stamp = f"{field}_at"
        changed: list[int] = []
        with self.transaction() as c:
            for start in range(0, len(item_ids), 500):
                chunk = list(item_ids[start : start + 500])
                rows = c.execute(
                    f"SELECT a.id FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE f.account_id = ? "
                    f"AND a.guid IN ({placeholders(chunk)}) AND a.{field} != ? AND NOT EXISTS ("
                    f"SELECT 1 FROM sync_changes s WHERE s.account_id = ? AND s.item_id = a.guid AND s.field = ?)",
                    [account_id, *chunk, int(value), account_id, field],
                ).fetchall()
                ids = [r[0] for r in rows]
                if ids:
                    c.execute(
                        f"UPDATE articles SET {field} = ?, {stamp} = ? WHERE id IN ({placeholders(ids)})",
                        [int(value), time.time() if value else None, *ids],
                    )
                    changed += ids
        return changed

    # --- pending changes --------------------------------------------------------------------------

    def pending_changes(self, account_id: int) -> list[PendingChange]:
        return [
            PendingChange(item_id=r[0], field=r[1], value=bool(r[2]), seq=r[3], attempts=r[4])
            for r in self._conn.execute(
                "SELECT item_id, field, value, seq, attempts FROM sync_changes WHERE account_id = ? ORDER BY seq, item_id",
                (account_id,),
            )
        ]

    def ack_changes(self, account_id: int, changes: Sequence[PendingChange]) -> int:
        """Delete changes the server accepted, unless a newer mark replaced them meanwhile (another ``seq``)."""
        with self.transaction() as c:
            return c.executemany(
                "DELETE FROM sync_changes WHERE account_id = ? AND item_id = ? AND field = ? AND seq = ?",
                [(account_id, ch.item_id, ch.field, ch.seq) for ch in changes],
            ).rowcount

    def count_failed_push(self, account_id: int, changes: Sequence[PendingChange]) -> None:
        """Note one more failed attempt on changes that stay pending."""
        with self.transaction() as c:
            c.executemany(
                "UPDATE sync_changes SET attempts = attempts + 1 WHERE account_id = ? AND item_id = ? AND field = ?",
                [(account_id, ch.item_id, ch.field) for ch in changes],
            )


__all__ = ["AccountsMixin"]
