"""Folders and feeds: the subscription tree, each feed's refresh state, icons and counts."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Container, Iterable, Mapping, Sequence
from typing import Any

from reader.core.errors import InputError, NotFoundError
from reader.core.models import Feed, Folder, SmartFeed
from reader.core.storage import smart
from reader.core.storage.connection import Connection, StoreBase, placeholders
from reader.core.storage.rows import FeedOptions, FeedState, Icon, feed_name, utc
from reader.i18n import _


def _feed_at(c: Connection, url: str) -> int | None:
    """The feed at ``url``: a local one, else an account's feed following that address (both indexed)."""
    row = c.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()
    if row is None:
        row = c.execute("SELECT id FROM feeds WHERE remote_url = ? LIMIT 1", (url,)).fetchone()
    return None if row is None else int(row[0])


class FoldersMixin(StoreBase):
    """The folder tree. Titles are unique among siblings."""

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

    def ensure_folder(self, parts: Sequence[str], c: Connection | None = None) -> int | None:
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
                raise InputError(_("a folder named %(title)s is already there") % {"title": repr(title)}) from err
            if cur.rowcount == 0:
                raise NotFoundError(_("no folder with id %(id)s") % {"id": folder_id})
            smart.reindex_folder_feeds(c)

    def move_folder(self, folder_id: int, parent_id: int | None) -> None:
        with self.transaction() as c:
            cur: int | None = parent_id
            while cur is not None:  # refuse to move a folder into itself
                if cur == folder_id:
                    raise InputError(_("a folder cannot be moved into itself"))
                row = c.execute("SELECT parent_id FROM folders WHERE id = ?", (cur,)).fetchone()
                if row is None:
                    raise NotFoundError(_("no folder with id %(id)s") % {"id": cur})
                cur = row[0]
            try:
                c.execute("UPDATE folders SET parent_id = ? WHERE id = ?", (parent_id, folder_id))
            except sqlite3.IntegrityError as err:
                raise InputError(_("a folder of that name is already there")) from err
            smart.reindex_folder_feeds(c)

    def delete_folder(self, folder_id: int) -> None:
        """Delete a folder; its feeds and subfolders' feeds move to the top level."""
        with self.transaction() as c:
            c.execute("DELETE FROM folders WHERE id = ?", (folder_id,))
            smart.reindex_folder_feeds(c)


def _orphan_saved(c: Connection, feed_id: int, name: str) -> list[int]:
    """Keep a deleted feed's saved articles under its name; their ids."""
    return [r[0] for r in c.execute(
        "UPDATE articles SET orphan_feed_title = ? WHERE feed_id = ? AND saved = 1 RETURNING id", (name, feed_id)
    )]


class FeedsMixin(FoldersMixin):
    """Subscriptions: adding, naming, filing, policies, refresh state, icons, unread counts."""

    _FEED_COLUMNS = (
        f"f.id, coalesce(f.remote_url, f.url), {feed_name('f')}, f.folder_id, f.site_url, "
        "f.last_error, f.last_checked, f.gone, f.allow_images, f.position, f.interval_override, f.full_stories, "
        "f.account_id, f.description, f.login, f.user_agent, f.wait_until"
    )

    def feeds(self, feed_ids: Sequence[int] | None = None) -> list[Feed]:
        folders = {f.id: f.path for f in self.folders()}
        unread = self.unread_counts(feed_ids)
        sql = f"SELECT {self._FEED_COLUMNS} FROM feeds f"
        params: list[Any] = []
        if feed_ids is not None:
            sql += f" WHERE f.id IN ({placeholders(feed_ids)})"
            params = list(feed_ids)
        sql += f" ORDER BY f.position, lower({feed_name('f')})"
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
            last_checked=utc(r[6]),
            gone=bool(r[7]),
            allow_images=None if r[8] is None else bool(r[8]),
            position=r[9],
            refresh_minutes=None if r[10] is None else int(r[10]) // 60,
            full_stories=bool(r[11]),
            account_id=r[12],
            description=r[13] or "",
            login=bool(r[14]),
            user_agent=r[15],
            wait_until=utc(r[16]),
        )

    def feed(self, feed_id: int) -> Feed:
        found = self.feeds([feed_id])
        if not found:
            raise NotFoundError(_("no feed with id %(id)s") % {"id": feed_id})
        return found[0]

    def feed_id_by_url(self, url: str) -> int | None:
        """The feed at ``url``: a local one, or an account's that follows that address."""
        return _feed_at(self._conn, url)

    def add_feed(
        self,
        url: str,
        *,
        title: str = "",
        user_title: str | None = None,
        folder: Sequence[str] = (),
        site_url: str | None = None,
        login: bool = False,
        user_agent: str | None = None,
        c: Connection | None = None,
    ) -> tuple[int, bool]:
        """Subscribe to ``url`` (idempotent). Returns (feed id, whether it was new).

        ``login`` marks the feed as one asked with credentials (an existing feed
        gets the mark too); the credentials themselves are never stored here.
        """
        if c is None:
            with self.transaction() as tx:
                return self.add_feed(
                    url, title=title, user_title=user_title, folder=folder, site_url=site_url, login=login,
                    user_agent=user_agent, c=tx,
                )
        found = _feed_at(c, url)  # an account's feed counts: it is never fetched directly
        if found is not None:
            if login:
                c.execute("UPDATE feeds SET login = 1 WHERE id = ?", (found,))
            return found, False
        folder_id = self.ensure_folder(folder, c)
        pos = c.execute("SELECT ifnull(max(position), -1) + 1 FROM feeds").fetchone()[0]
        feed_id = c.execute(
            "INSERT INTO feeds(url, title, user_title, folder_id, site_url, added_at, position, login, user_agent) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (url, title, user_title, folder_id, site_url, time.time(), pos, int(login), user_agent),
        ).lastrowid
        assert feed_id is not None
        return feed_id, True

    def add_feeds(
        self,
        items: Iterable[tuple[str, str, Sequence[str], str | None]],
        folders: Iterable[Sequence[str]] = (),
        *,
        with_login: Container[str] = (),
        options: Mapping[str, FeedOptions] | None = None,
    ) -> tuple[int, int]:
        """Subscribe to many (url, title, folder parts, site_url) in one transaction.

        Feeds whose URL is in ``with_login`` are marked as asked with credentials;
        a new feed whose URL is in ``options`` starts with those settings (a feed
        already present keeps its own). Returns (added, already present).
        """
        plain = FeedOptions()
        with self.transaction() as c:
            folder_ids: dict[tuple[str, ...], int | None] = {(): None}
            for parts in folders:
                folder_ids[tuple(parts)] = self.ensure_folder(parts, c)
            # One read, not one per feed; an account's feed counts by the address it follows (as in _feed_at).
            known = {r[0] for r in c.execute("SELECT url FROM feeds UNION SELECT remote_url FROM feeds WHERE remote_url IS NOT NULL")}
            pos = c.execute("SELECT ifnull(max(position), -1) + 1 FROM feeds").fetchone()[0]
            now = time.time()
            rows: list[tuple[object, ...]] = []
            present = 0
            for url, title, parts, site_url in items:
                if url in known:
                    present += 1
                    if url in with_login:  # an existing feed gets the mark too, as in add_feed
                        c.execute("UPDATE feeds SET login = 1 WHERE url = ? OR remote_url = ?", (url, url))
                    continue
                known.add(url)
                key = tuple(parts)
                if key not in folder_ids:
                    folder_ids[key] = self.ensure_folder(parts, c)
                o = options.get(url, plain) if options else plain
                rows.append((
                    url, "", title or None, folder_ids[key], site_url, now, pos + len(rows), int(url in with_login),
                    None if o.allow_images is None else int(o.allow_images), o.interval, int(o.full_stories), o.user_agent,
                ))
            c.executemany(
                "INSERT INTO feeds(url, title, user_title, folder_id, site_url, added_at, position, login, "
                "allow_images, interval_override, full_stories, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
        return len(rows), present

    def rename_feed(self, feed_id: int, title: str | None) -> None:
        with self.transaction() as c:
            if c.execute("UPDATE feeds SET user_title = ? WHERE id = ?", (title or None, feed_id)).rowcount == 0:
                raise NotFoundError(_("no feed with id %(id)s") % {"id": feed_id})
            name = c.execute(f"SELECT {feed_name('')} FROM feeds WHERE id = ?", (feed_id,)).fetchone()[0]
            # The index follows by trigger (storage/fts.py); the smart feeds are indexed again here.
            c.execute("UPDATE articles SET fts_feed = ? WHERE feed_id = ? AND fts_feed IS NOT ?", (name, feed_id, name))
            smart.reindex_feed(c, feed_id)

    def move_feed(self, feed_id: int, folder_id: int | None) -> None:
        with self.transaction() as c:
            if c.execute("UPDATE feeds SET folder_id = ? WHERE id = ?", (folder_id, feed_id)).rowcount == 0:
                raise NotFoundError(_("no feed with id %(id)s") % {"id": feed_id})
            smart.reindex_folder_feeds(c)

    def set_feed_images(self, feed_id: int, allow: bool | None) -> None:
        """Remote images for one feed: True, False, or None to follow the global setting."""
        with self.transaction() as c:
            if c.execute(
                "UPDATE feeds SET allow_images = ? WHERE id = ?", (None if allow is None else int(allow), feed_id)
            ).rowcount == 0:
                raise NotFoundError(_("no feed with id %(id)s") % {"id": feed_id})

    def set_feed_interval(self, feed_id: int, seconds: int | None) -> None:
        """A feed's own refresh interval (None: the global one); it is next due that long after its last check."""
        with self.transaction() as c:
            if c.execute(
                "UPDATE feeds SET interval_override = ?, next_check = CASE WHEN last_checked IS NULL THEN NULL "
                "ELSE last_checked + coalesce(?, next_check - last_checked) END WHERE id = ?",
                (seconds, seconds, feed_id),
            ).rowcount == 0:
                raise NotFoundError(_("no feed with id %(id)s") % {"id": feed_id})

    def delete_feeds(self, feed_ids: Sequence[int]) -> int:
        """Unsubscribe from several feeds in one transaction: all of them, or none when an id is unknown.

        Returns the number of saved articles kept.
        """
        kept = 0
        with self.transaction() as c:
            for feed_id in dict.fromkeys(feed_ids):
                row = c.execute(f"SELECT {feed_name('')} FROM feeds WHERE id = ?", (feed_id,)).fetchone()
                if row is None:
                    raise NotFoundError(_("no feed with id %(id)s") % {"id": feed_id})
                kept_ids = _orphan_saved(c, feed_id, row[0])
                kept += len(kept_ids)
                c.execute("DELETE FROM articles WHERE feed_id = ? AND saved = 0", (feed_id,))
                c.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))
                smart.index_articles(c, kept_ids)  # no feed, no folder now: smart feeds naming one let them go
        return kept

    def move_feeds(self, feed_ids: Sequence[int], folder_id: int | None) -> None:
        """Move several feeds into one folder in one transaction (none move when an id is unknown)."""
        with self.transaction() as c:
            for feed_id in dict.fromkeys(feed_ids):
                if c.execute("UPDATE feeds SET folder_id = ? WHERE id = ?", (folder_id, feed_id)).rowcount == 0:
                    raise NotFoundError(_("no feed with id %(id)s") % {"id": feed_id})

    def set_feed_login(self, feed_id: int, login: bool) -> None:
        """Mark a feed as asked with credentials (kept elsewhere), or not."""
        with self.transaction() as c:
            if c.execute("UPDATE feeds SET login = ? WHERE id = ?", (int(login), feed_id)).rowcount == 0:
                raise NotFoundError(_("no feed with id %(id)s") % {"id": feed_id})

    def set_feed_user_agent(self, feed_id: int, user_agent: str | None) -> None:
        """A feed's own User-Agent (None: Byline's)."""
        with self.transaction() as c:
            if c.execute("UPDATE feeds SET user_agent = ? WHERE id = ?", (user_agent, feed_id)).rowcount == 0:
                raise NotFoundError(_("no feed with id %(id)s") % {"id": feed_id})

    def feeds_with_url_login(self) -> list[tuple[int, str]]:
        """(id, url) of feeds whose stored URL may carry a user name or password (an '@' in it)."""
        return [(int(r[0]), str(r[1])) for r in self._conn.execute("SELECT id, url FROM feeds WHERE instr(url, '@') > 0")]

    def replace_feed_url(self, feed_id: int, url: str, *, login: bool) -> None:
        """Store a feed's URL as ``url`` (its credentials moved out), marking the login.

        Raises:
            InputError: another feed already has that URL.
        """
        with self.transaction() as c:
            try:
                c.execute("UPDATE feeds SET url = ?, login = max(login, ?) WHERE id = ?", (url, int(login), feed_id))
            except sqlite3.IntegrityError as err:
                raise InputError(_("another feed is subscribed to %(url)s") % {"url": url}) from err

    def delete_feed(self, feed_id: int) -> int:
        """Unsubscribe. Unsaved articles go; saved ones stay with the feed's name.

        Returns the number of saved articles kept.
        """
        with self.transaction() as c:
            row = c.execute(f"SELECT {feed_name('')} FROM feeds WHERE id = ?", (feed_id,)).fetchone()
            if row is None:
                raise NotFoundError(_("no feed with id %(id)s") % {"id": feed_id})
            kept_ids = _orphan_saved(c, feed_id, row[0])
            kept = len(kept_ids)
            c.execute("DELETE FROM articles WHERE feed_id = ? AND saved = 0", (feed_id,))
            c.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))
            smart.index_articles(c, kept_ids)  # no feed, no folder now: smart feeds naming one let them go
            c.execute("DELETE FROM feed_counts WHERE feed_key = ?", (feed_id,))
        return kept

    def feed_images(self, feed_id: int) -> bool | None:
        """A feed's own remote-image policy (None: follow the global setting, or no such feed)."""
        row = self._conn.execute("SELECT allow_images FROM feeds WHERE id = ?", (feed_id,)).fetchone()
        return None if row is None or row[0] is None else bool(row[0])

    # --- counts ------------------------------------------------------------------------------

    # Unread and saved counts are tallies the triggers of schema 8 keep (``feed_counts``):
    # reading them costs the same on a million articles as on a hundred. Hidden articles
    # count nowhere.

    def unread_counts(self, feed_ids: Sequence[int] | None = None) -> dict[int, int]:
        """Unread articles per feed (of ``feed_ids`` only, when given); feeds with none are left out."""
        if feed_ids is None:
            return dict(self._conn.execute("SELECT feed_key, unread FROM feed_counts WHERE feed_key != 0 AND unread > 0"))
        return dict(self._conn.execute(
            f"SELECT feed_key, unread FROM feed_counts WHERE unread > 0 AND feed_key IN ({placeholders(feed_ids)})",
            list(feed_ids),
        ))

    def smart_counts(self, today_start: float) -> dict[SmartFeed, int]:
        """Unread of All Unread and Today (articles dated since ``today_start``), and the Saved total.

        Today's count reads today's rows (the date index, then each row's flags); the others are kept tallies.
        """
        c = self._conn
        unread, saved = c.execute("SELECT ifnull(sum(unread), 0), ifnull(sum(saved), 0) FROM feed_counts").fetchone()
        return {
            SmartFeed.UNREAD: unread,
            SmartFeed.TODAY: c.execute(
                "SELECT count(*) FROM articles a WHERE a.sort_date >= ? AND a.read = 0 AND a.hidden = 0", (today_start,)
            ).fetchone()[0],
            SmartFeed.SAVED: saved,
        }

    # --- refresh state ---------------------------------------------------------------------

    def feed_states(self, feed_ids: Sequence[int] | None = None) -> list[FeedState]:
        sql = (
            f"SELECT id, url, {feed_name('')}, etag, last_modified, body_hash, "
            "last_checked, next_check, error_count, gone, ttl_seconds, interval_override, site_url, "
            # an account's feeds come through its server
            "icon_checked IS NOT NULL, login, user_agent, wait_until, last_error FROM feeds WHERE account_id IS NULL"
        )
        params: list[Any] = []
        if feed_ids is not None:
            sql += f" AND id IN ({placeholders(feed_ids)})"
            params = list(feed_ids)
        sql += " ORDER BY position, id"
        return [
            FeedState(
                id=r[0], url=r[1], title=r[2], etag=r[3], last_modified=r[4], body_hash=r[5], last_checked=r[6],
                next_check=r[7], error_count=r[8], gone=bool(r[9]), ttl_seconds=r[10], interval_override=r[11],
                site_url=r[12], has_icon=bool(r[13]), login=bool(r[14]), user_agent=r[15], wait_until=r[16], last_error=r[17],
            )
            for r in self._conn.execute(sql, params)
        ]

    def record_not_modified(self, feed_id: int, checked_at: float, next_check: float | None) -> None:
        with self.transaction() as c:
            c.execute(
                "UPDATE feeds SET last_checked = ?, next_check = ?, last_error = NULL, error_count = 0, wait_until = NULL "
                "WHERE id = ?",
                (checked_at, next_check, feed_id),
            )

    def record_error(
        self,
        feed_id: int,
        message: str,
        checked_at: float,
        next_check: float | None,
        *,
        gone: bool = False,
        wait_until: float | None = None,
    ) -> None:
        """Record a failed check; stored articles are left untouched.

        Args:
            wait_until: the time a server asked us to wait until (Retry-After), if it did.
        """
        with self.transaction() as c:
            c.execute(
                "UPDATE feeds SET last_checked = ?, next_check = ?, last_error = ?, error_count = error_count + 1, "
                "gone = max(gone, ?), wait_until = ? WHERE id = ?",
                (checked_at, next_check, message, int(gone), wait_until, feed_id),
            )

    def revive_feed(self, feed_id: int) -> None:
        """Ask a feed marked gone, or told to wait, again (the user forced it)."""
        with self.transaction() as c:
            c.execute(
                "UPDATE feeds SET gone = 0, next_check = NULL, error_count = 0, wait_until = NULL WHERE id = ?", (feed_id,)
            )

    def set_feed_icon(self, feed_id: int, data: bytes | None, content_type: str | None) -> None:
        with self.transaction() as c:
            c.execute(
                "UPDATE feeds SET icon = ?, icon_type = ?, icon_checked = ? WHERE id = ?",
                (data, content_type, time.time(), feed_id),
            )

    def feed_icon(self, feed_id: int) -> Icon | None:
        row = self._conn.execute("SELECT icon, icon_type FROM feeds WHERE id = ? AND icon IS NOT NULL", (feed_id,)).fetchone()
        return None if row is None else Icon(bytes(row[0]), row[1])
