"""Articles: writing a feed's entries, the lists, marks, retention and saved full copies.

Identity is (feed_id, guid). A feed's entries are written through a
``FeedWrite``: one transaction in which the caller reads what is already
stored (``known``), decides (``decide.plan_entries``, outside this package)
and hands back the plan (``apply``). New articles are indexed for search, and
for the smart feeds, in that same transaction (search by ``fts.index_entries`` and the
triggers of ``fts.py``), so a search never sees half a refresh; the
application's rules act on them there too (``matching``, ``act``), so no list
ever shows an article before a rule has hidden or muted it. The rows
themselves are written by ``inserts``.

Hidden articles (``hidden = 1``) are left out of every list here (``LISTED``).
"""

from __future__ import annotations

import json
import sys
import time
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from reader.core.errors import NotFoundError
from reader.core.models import Article, ArticleRow, RuleAction, Selection, SmartFeed
from reader.core.storage import rules, smart
from reader.core.storage.changes import queue_marks, queue_selection
from reader.core.storage.connection import Connection, placeholders
from reader.core.storage.feeds import FeedsMixin
from reader.core.storage.filters import LISTED, IdRange, folder_chain, new_articles_matching, new_articles_matching_each
from reader.core.storage.fts import reindex, unpack_html
from reader.core.storage.inserts import insert_articles, update_article
from reader.core.storage.rows import (
    ARTICLE_FEED_NAME,
    Criteria,
    EntryPlan,
    EntryRow,
    FeedMeta,
    FullCopy,
    KnownEntries,
    StoreCounts,
    enclosures_from_json,
    feed_name,
    utc,
)
from reader.i18n import _


class FeedWrite:
    """One feed's entries being written, inside one open transaction.

    Attributes:
        feed_id: the feed written.
        feed_name: its display name (indexed with each article).
    """

    def __init__(self, c: Connection, feed_id: int, feed_name: str, seen: float) -> None:
        self._c = c
        self.feed_id = feed_id
        self.feed_name = feed_name
        self._seen = seen
        self._chain: tuple[str, ...] | None = None

    def known(self, guids: Sequence[str]) -> KnownEntries:
        """What is stored, or tombstoned, of these guids (one look-up per 500)."""
        stored: dict[str, tuple[int, str]] = {}
        buried: set[str] = set()
        for start in range(0, len(guids), 500):
            chunk = list(guids[start : start + 500])
            marks = placeholders(chunk)
            stored.update((r[0], (r[1], r[2])) for r in self._c.execute(
                f"SELECT guid, id, content_hash FROM articles WHERE feed_id = ? AND guid IN ({marks})",
                [self.feed_id, *chunk],
            ))
            buried.update(r[0] for r in self._c.execute(
                f"SELECT guid FROM tombstones WHERE feed_id = ? AND guid IN ({marks})", [self.feed_id, *chunk]
            ))
        return KnownEntries(stored=stored, buried=frozenset(buried))

    def apply(self, plan: EntryPlan) -> StoreCounts:
        """Insert the plan's new entries (unread) and update its changed ones in place (and index both)."""
        new_ids = insert_articles(self._c, self.feed_id, self.feed_name, plan.new, self._seen)
        for article_id, entry in plan.changed:
            update_article(self._c, article_id, self.feed_name, entry)
        new_range = IdRange.of(new_ids)
        if new_range is not None:
            smart.index_new_articles(self._c, new_range)
        elif new_ids:
            smart.index_articles(self._c, new_ids)
        if plan.changed:
            smart.index_articles(self._c, [article_id for article_id, _ in plan.changed])
        return StoreCounts(new=len(new_ids), updated=len(plan.changed), new_ids=new_ids)

    def matching(self, criteria: Criteria, ids: Sequence[int]) -> list[int]:
        """Which of ``ids`` (articles of this write) meet ``criteria``, as stored now.

        Raises:
            QueryError: FTS5 refused the MATCH expression.
        """
        if self._chain is None:
            self._chain = folder_chain(self._c, self.feed_id)
        return new_articles_matching(self._c, criteria, ids, self._chain)

    def matching_each(self, criteria: Sequence[Criteria], ids: Sequence[int]) -> list[list[int]]:
        """``matching`` for several criteria at once (one statement for all of them that need SQL).

        Raises:
            QueryError: FTS5 refused a MATCH expression.
        """
        if self._chain is None:
            self._chain = folder_chain(self._c, self.feed_id)
        return new_articles_matching_each(self._c, criteria, ids, self._chain)

    def act(self, action: RuleAction, ids: Sequence[int]) -> int:
        """Carry out a rule's action on ``ids``; returns how many it changed (``notify`` changes none)."""
        return rules.act(self._c, action, ids)

    def count_matches(self, counts: Sequence[tuple[int, int]]) -> None:
        """Add to rules' matched counts: (rule id, how many more) pairs."""
        rules.count_matches(self._c, counts)

    def unread_listed(self, ids: Sequence[int]) -> list[int]:
        """Which of ``ids`` are unread and listed (not hidden) now, ascending."""
        return rules.unread_listed(self._c, ids)

    @property
    def connection(self) -> Connection:
        """The open transaction, for other domains writing in the same one (rules, sync)."""
        return self._c


ID_CHUNK = 20_000  # rows fetched at a time for a list of ids
HEX_CHUNK = 100_000  # ids read at a time as one hex string (1.6 MB of text)
SCAN_CACHE_KB = 2_000  # page cache while a list's ids are read: 25 MB of index at 1M would stay cached


class ArticlesMixin(FeedsMixin):
    """Writing entries, reading lists and articles, marks, retention, full copies."""

    # --- writing a feed's entries -------------------------------------------------------------

    def _begin_feed_write(self, c: Connection, feed_id: int, meta: FeedMeta) -> FeedWrite | None:
        row = c.execute(
            "SELECT coalesce(user_title, nullif(?, ''), nullif(title, ''), url), url FROM feeds WHERE id = ?",
            (meta.title or "", feed_id),
        ).fetchone()
        if row is None:  # deleted while it was being fetched
            return None
        if meta.new_url and meta.new_url != row[1]:
            clash = c.execute("SELECT id FROM feeds WHERE url = ?", (meta.new_url,)).fetchone()
            if clash is None:
                c.execute("UPDATE feeds SET url = ? WHERE id = ?", (meta.new_url, feed_id))
        c.execute(
            "UPDATE feeds SET title = coalesce(nullif(?, ''), title), site_url = coalesce(?, site_url), "
            "description = coalesce(?, description), etag = ?, last_modified = ?, body_hash = coalesce(?, body_hash), "
            "last_checked = ?, last_updated = ?, next_check = ?, last_error = NULL, error_count = 0, gone = 0, wait_until = NULL, "
            "ttl_seconds = ?, problem = ? WHERE id = ?",
            (
                meta.title, meta.site_url, meta.description, meta.etag, meta.last_modified, meta.body_hash,
                meta.checked_at, meta.checked_at, meta.next_check, meta.ttl_seconds, meta.problem, feed_id,
            ),
        )
        return FeedWrite(c, feed_id, str(row[0]), meta.checked_at)

    @contextmanager
    def feed_writes(self) -> Iterator[Callable[[int, FeedMeta], FeedWrite | None]]:
        """One transaction writing fetched feeds: ``begin(feed_id, meta)`` writes a feed's metadata
        and returns the FeedWrite for its entries, or None when the feed was deleted meanwhile.

        A refresh writes the feeds whose parses finished together in one: one commit, and without
        rules one flush of the search index, for all of them (docs/decisions.md, "Feeds parsed
        together are written together").
        """
        with self.transaction() as c:
            yield lambda feed_id, meta: self._begin_feed_write(c, feed_id, meta)

    @contextmanager
    def new_feed_write(
        self,
        url: str,
        meta: FeedMeta,
        *,
        folder: Sequence[str] = (),
        user_title: str | None = None,
        login: bool = False,
        user_agent: str | None = None,
    ) -> Iterator[FeedWrite]:
        """Subscribe and write the first entries in one transaction (all or nothing)."""
        with self.transaction() as c:
            feed_id, _ = self.add_feed(url, title=meta.title or "", user_title=user_title, folder=folder,
                                       site_url=meta.site_url, login=login, user_agent=user_agent, c=c)
            write = self._begin_feed_write(c, feed_id, meta)
            assert write is not None
            yield write

    def bulk_insert_articles(self, feed_id: int, rows: Iterable[EntryRow], *, seen: float | None = None) -> int:
        """Insert many new entries at once (benchmarks and sample libraries)."""
        seen = time.time() if seen is None else seen
        with self.transaction() as c:
            name = c.execute(f"SELECT {feed_name('')} FROM feeds WHERE id = ?", (feed_id,)).fetchone()[0]
            ids = insert_articles(c, feed_id, name, rows, seen)
            smart.index_articles(c, IdRange.of(ids) or ids)
        return len(ids)

    # --- reading --------------------------------------------------------------------------------

    _ARTICLE_COLUMNS = (
        f"a.id, a.feed_id, {ARTICLE_FEED_NAME}, a.title, a.url, "
        "a.author, a.published, a.read, a.saved, a.categories, a.updated, a.guid, a.sort_date"
    )

    @staticmethod
    def _article(r: Sequence[Any]) -> Article:
        return Article(
            id=r[0], feed_id=r[1], feed_title=r[2], title=r[3], url=r[4], author=r[5], published=utc(r[6]),
            read=bool(r[7]), saved=bool(r[8]), categories=tuple(json.loads(r[9])), updated=utc(r[10]), guid=r[11],
        )

    def _where(self, selection: Selection) -> tuple[str, list[Any]]:
        clauses: list[str] = [LISTED]
        params: list[Any] = []
        unread = "a.read = 0" if selection.keep is None else "(a.read = 0 OR a.id = ?)"
        if selection.article_ids is not None:
            clauses.append(f"a.id IN ({placeholders(selection.article_ids) or 'NULL'})")
            params += selection.article_ids
        if selection.search_id is not None:
            row = self._conn.execute(
                "SELECT want_read, want_saved FROM smart_feeds WHERE id = ?", (selection.search_id,)
            ).fetchone()
            clauses.append("a.id IN (SELECT article_id FROM smart_members WHERE smart_id = ?)")
            params.append(selection.search_id)
            for flag, value in zip(("read", "saved"), row or (None, None), strict=True):
                if value is not None:
                    clauses.append(f"a.{flag} = {int(value)}")
        if selection.smart is SmartFeed.UNREAD:
            clauses.append(unread)
            params.extend([] if selection.keep is None else [selection.keep])
        elif selection.smart is SmartFeed.SAVED:
            clauses.append("a.saved = 1")
        elif selection.smart is SmartFeed.TODAY and selection.since is None:
            raise ValueError("the Today selection needs its start (Selection.since)")
        if selection.since is not None:
            clauses.append("a.sort_date >= ?")
            params.append(selection.since)
        if selection.before is not None:
            clauses.append("a.sort_date < ?")
            params.append(selection.before)
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
            clauses.append(unread)
            params.extend([] if selection.keep is None else [selection.keep])
        return " WHERE " + " AND ".join(clauses), params

    def article_ids(self, selection: Selection, *, newest_first: bool = True) -> list[int]:
        """Ids of every article in ``selection``, in list order (for the lazy list model)."""
        where, params = self._where(selection)
        order = "DESC" if newest_first else "ASC"
        sql = f"SELECT a.id FROM articles a{where} ORDER BY a.sort_date {order}, a.id {order}"
        cursor = self._conn.execute(sql, params)
        ids: list[int] = []
        while chunk := cursor.fetchmany(ID_CHUNK):  # never a million row tuples at once: the list is all we keep
            ids.extend(r[0] for r in chunk)
        return ids

    def article_id_array(self, selection: Selection, *, newest_first: bool = True) -> array[int]:
        """``article_ids`` as a packed array, read as hex strings: SQLite builds each without
        holding Python's lock, and ``bytes.fromhex`` turns a million ids into 8 MB in
        milliseconds, where a row at a time costs most of a second (bench/run.py, window rows).
        Read ``HEX_CHUNK`` ids at a time (after the last one read, in one snapshot), so the
        strings in between stay small."""
        where, params = self._where(selection)
        clauses = [where[len(" WHERE "):]] if where else []
        newer, order = ("<", "DESC") if newest_first else (">", "ASC")
        after = f"(a.sort_date {newer} ? OR (a.sort_date = ? AND a.id {newer} ?))"
        with self._scan_cache():
            return self._read_hex_chunks(clauses, params, after, order)

    @contextmanager
    def _scan_cache(self) -> Iterator[None]:
        """A small page cache while a whole list's index is read once (25 MB at a million ids)."""
        c = self._conn
        cache = c.execute("PRAGMA cache_size").fetchone()[0]
        c.execute(f"PRAGMA cache_size = -{SCAN_CACHE_KB}")
        try:
            yield
        finally:
            c.execute(f"PRAGMA cache_size = {int(cache)}")

    def _read_hex_chunks(self, clauses: list[str], params: list[Any], after: str, order: str) -> array[int]:
        ids = array("q")
        c = self._conn
        c.execute("BEGIN")  # one snapshot for every chunk
        try:
            last: tuple[Any, int] | None = None
            while True:
                keyset = [*clauses, after] if last is not None else clauses
                hexed = c.execute(
                    f"SELECT group_concat(printf('%016x', id), '') FROM (SELECT a.id FROM articles a"
                    f"{' WHERE ' + ' AND '.join(keyset) if keyset else ''} ORDER BY a.sort_date {order}, a.id {order} LIMIT ?)",
                    [*params, *((last[0], last[0], last[1]) if last is not None else ()), HEX_CHUNK],
                ).fetchone()[0]
                if not hexed:
                    break
                chunk = array("q", bytes.fromhex(hexed))
                if sys.byteorder == "little":  # the hex digits are big-endian
                    chunk.byteswap()
                ids.extend(chunk)
                if len(chunk) < HEX_CHUNK:
                    break
                last = (c.execute("SELECT sort_date FROM articles WHERE id = ?", (chunk[-1],)).fetchone()[0], chunk[-1])
        finally:
            if c.in_transaction:
                c.execute("COMMIT")
        return ids

    def article_list_head(self, selection: Selection, n: int, *, newest_first: bool = True) -> tuple[int, list[int]]:
        """How many articles ``selection`` holds, and the ids of its first ``n`` in list order."""
        where, params = self._where(selection)
        order = "DESC" if newest_first else "ASC"
        count = self._kept_count(selection)
        if count is None:
            with self._scan_cache():
                count = self._conn.execute(f"SELECT count(*) FROM articles a{where}", params).fetchone()[0]
        head = self._conn.execute(
            f"SELECT a.id FROM articles a{where} ORDER BY a.sort_date {order}, a.id {order} LIMIT ?", [*params, n]
        ).fetchall()
        return int(count), [r[0] for r in head]

    def _kept_count(self, selection: Selection) -> int | None:
        """The length of a list of everything, a feed or a folder (all, unread or saved) from the
        tallies the triggers keep (``feed_counts``), instead of counting every row; None for any
        other list (Today, a smart feed, a date range, given articles).

        Listed there means not hidden, unread means read = 0 and not hidden, saved means saved = 1
        and not hidden: what ``_where`` lists. An open article kept in an unread list although
        read counts one more.
        """
        plain = selection.smart in (None, SmartFeed.ALL)
        unread = selection.smart is SmartFeed.UNREAD or (plain and selection.unread_only)
        saved = selection.smart is SmartFeed.SAVED and not selection.unread_only
        if not (unread or saved or plain) or selection.search_id is not None or selection.article_ids is not None:
            return None
        if selection.since is not None or selection.before is not None:
            return None
        column = "unread" if unread else "saved" if saved else "listed"
        c = self._conn
        if selection.feed_id is not None:
            scope, params = "feed_key = ?", [selection.feed_id]
            if selection.folder_id is not None:
                return None
        elif selection.folder_id is not None:
            scope = (
                "feed_key IN (SELECT id FROM feeds WHERE folder_id IN (WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL "
                "SELECT fo.id FROM folders fo JOIN sub ON fo.parent_id = sub.id) SELECT id FROM sub))"
            )
            params = [selection.folder_id]
        else:
            scope, params = "1", []
        count = int(c.execute(f"SELECT ifnull(sum({column}), 0) FROM feed_counts WHERE {scope}", params).fetchone()[0])
        if unread and selection.keep is not None:
            in_scope = "" if scope == "1" else " AND a." + scope.replace("feed_key", "feed_id", 1)
            kept = f"SELECT 1 FROM articles a WHERE a.id = ? AND a.read = 1 AND a.hidden = 0{in_scope}"
            found = c.execute(kept, [selection.keep, *params]).fetchone()
            count += found is not None
        return count

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
            chunk = list(ids[start : start + 500])
            sql = (
                f"SELECT a.id, a.title, {ARTICLE_FEED_NAME}, a.sort_date, a.read, a.saved, a.feed_id "
                f"FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id WHERE a.id IN ({placeholders(chunk)})"
            )
            for r in self._conn.execute(sql, chunk):
                found[r[0]] = ArticleRow(
                    id=r[0], title=r[1], feed_title=r[2], date=utc(r[3]), read=bool(r[4]), saved=bool(r[5]), feed_id=r[6]
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

    def articles_by_id(self, ids: Sequence[int]) -> dict[int, Article]:
        """Articles (without their bodies) for ``ids``, keyed by id."""
        found: dict[int, Article] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            found.update((r[0], self._article(r)) for r in self._conn.execute(
                f"SELECT {self._ARTICLE_COLUMNS} FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id "
                f"WHERE a.id IN ({placeholders(chunk)})",
                chunk,
            ))
        return found

    def article(self, article_id: int) -> Article:
        """One article with its body, enclosures and full-copy state, in one read.

        ``allow_images`` carries the feed's own image policy (None: follow the setting).
        """
        row = self._conn.execute(
            f"SELECT {self._ARTICLE_COLUMNS}, a.html, a.is_html, a.base_url, a.enclosures, "
            "fc.html IS NOT NULL, fc.error, f.allow_images "
            "FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id LEFT JOIN full_copies fc ON fc.article_id = a.id "
            "WHERE a.id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            raise NotFoundError(_("no article with id %(ids)s") % {"ids": article_id})
        html, is_html, base_url, enclosures, has_copy, copy_error, allow_images = row[13:20]
        return replace(
            self._article(row), content=unpack_html(html), content_is_html=bool(is_html), base_url=base_url,
            enclosures=enclosures_from_json(enclosures), has_full_copy=bool(has_copy), full_copy_error=copy_error,
            feed_allows_images=None if allow_images is None else bool(allow_images),
        )

    def existing_article_ids(self, ids: Sequence[int]) -> set[int]:
        if not ids:
            return set()
        return {r[0] for r in self._conn.execute(f"SELECT id FROM articles WHERE id IN ({placeholders(ids)})", list(ids))}

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

    def article_id_by_urls(self, urls: Sequence[str]) -> int | None:
        """The newest article whose link is the first of ``urls`` that any article has."""
        wanted = list(dict.fromkeys(urls))[:64]
        if not wanted:
            return None
        marks = ",".join("?" * len(wanted))
        rows = self._conn.execute(f"SELECT url, id FROM articles WHERE url IN ({marks}) ORDER BY sort_date DESC", wanted)
        by_url: dict[str, int] = {}
        for url, article_id in rows:
            by_url.setdefault(url, int(article_id))
        return next((by_url[u] for u in wanted if u in by_url), None)

    # --- marks ----------------------------------------------------------------------------------

    def set_read(self, ids: Sequence[int], read: bool) -> int:
        """Mark articles read or unread in their own short transaction.

        An account's article also gets its pending sync change in that same transaction.
        """
        with self.transaction() as c:
            queue_marks(c, ids, "read", read)
            return c.executemany(
                "UPDATE articles SET read = ?, read_at = ? WHERE id = ? AND read != ?",
                [(int(read), time.time() if read else None, i, int(read)) for i in ids],
            ).rowcount

    def set_saved(self, ids: Sequence[int], saved: bool) -> int:
        """Save or unsave articles; an account's article gets its pending sync change in the same transaction."""
        with self.transaction() as c:
            queue_marks(c, ids, "saved", saved)
            return c.executemany(
                "UPDATE articles SET saved = ?, saved_at = ? WHERE id = ? AND saved != ?",
                [(int(saved), time.time() if saved else None, i, int(saved)) for i in ids],
            ).rowcount

    def set_hidden(self, ids: Sequence[int], hidden: bool) -> int:
        """Hide articles (listed and counted nowhere; search still finds them) or list them again."""
        with self.transaction() as c:
            return c.executemany(
                "UPDATE articles SET hidden = ? WHERE id = ? AND hidden != ?", [(int(hidden), i, int(hidden)) for i in ids]
            ).rowcount

    def mark_all_read(self, selection: Selection) -> int:
        """Mark every unread article of ``selection`` read; an account's articles are queued by their explicit ids."""
        where, params = self._where(selection)
        clause = (where + " AND" if where else " WHERE") + " a.read = 0"
        with self.transaction() as c:
            queue_selection(c, f"SELECT a.id FROM articles a{clause}", params, "read", True)
            return c.execute(
                f"UPDATE articles SET read = 1, read_at = ? WHERE id IN (SELECT a.id FROM articles a{clause})",
                [time.time(), *params],
            ).rowcount

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
                raise NotFoundError(_("no article with id %(ids)s") % {"ids": article_id})
            if html is None:  # a failure keeps any earlier good copy
                c.execute(
                    "INSERT INTO full_copies(article_id, fetched_at, error) VALUES (?, ?, ?) "
                    "ON CONFLICT(article_id) DO UPDATE SET error = excluded.error, fetched_at = excluded.fetched_at",
                    (article_id, time.time(), error),
                )
                return
            reindex(
                c, article_id, c.execute,
                "INSERT INTO full_copies(article_id, html, text, fetched_at, error) VALUES (?, ?, ?, ?, NULL) "
                "ON CONFLICT(article_id) DO UPDATE SET html = excluded.html, text = excluded.text, "
                "fetched_at = excluded.fetched_at, error = NULL",
                (article_id, html, text, time.time()),
            )
            smart.index_articles(c, [article_id])

    def full_copy(self, article_id: int) -> FullCopy:
        """A saved article's full copy, or why it could not be kept (empty when none was tried)."""
        row = self._conn.execute("SELECT html, error FROM full_copies WHERE article_id = ?", (article_id,)).fetchone()
        return FullCopy() if row is None else FullCopy(row[0], row[1])
