"""Smart feeds: saved searches, the index of their matches, and their live unread counts.

A smart feed keeps its query's criteria (``Criteria.as_json``) so that the
store can keep ``smart_members`` (which articles match) up to date by itself,
in the transaction that changes an article's indexed text or a feed's place:

* articles inserted or updated in place (``index_articles``, called by the
  feed write, by restores and by bulk inserts);
* a saved full copy (more text to match), a renamed feed (its name is indexed);
* feeds moved between folders, folders renamed, moved or deleted, for smart
  feeds that name a folder (``reindex_folder_feeds``).

Read, saved and hidden change too often to be part of the index: the unread
count ``smart_feeds.unread`` is kept by the triggers of schema 8 as flags change
and as articles are deleted, and by ``index_articles`` as memberships change,
so reading it costs the same whatever the library's size. The same triggers
(as schema 11 made them) keep ``feed_counts``: unread, saved and listed articles per feed; ``count_problems`` compares
every kept count with a full count, ``recount_all`` repairs them.
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.core.errors import NotFoundError
from reader.core.models import SavedSearch
from reader.core.storage.connection import Connection, StoreBase, placeholders
from reader.core.storage.filters import IdRange, matching_each, matching_ids
from reader.core.storage.rows import Criteria
from reader.i18n import _

CHUNK = 500


def _definitions(c: Connection) -> list[tuple[int, Criteria, bool | None, bool | None]]:
    return [
        (r[0], Criteria.from_json(r[1]), None if r[2] is None else bool(r[2]), None if r[3] is None else bool(r[3]))
        for r in c.execute("SELECT id, criteria, want_read, want_saved FROM smart_feeds ORDER BY id")
    ]


def _counted(c: Connection, ids: Sequence[int], want_read: bool | None, want_saved: bool | None) -> int:
    """How many of ``ids`` a smart feed with these flag filters counts as unread."""
    if want_read or not ids:
        return 0
    saved = "" if want_saved is None else f" AND saved = {int(want_saved)}"
    total = 0
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start : start + CHUNK])
        total += c.execute(
            f"SELECT count(*) FROM articles WHERE id IN ({placeholders(chunk)}) AND read = 0 AND hidden = 0{saved}", chunk
        ).fetchone()[0]
    return int(total)


def _members_in(c: Connection, smart_id: int, scope: IdRange | Sequence[int]) -> set[int]:
    if isinstance(scope, IdRange):
        return {r[0] for r in c.execute(
            "SELECT article_id FROM smart_members WHERE article_id BETWEEN ? AND ? AND smart_id = ?",
            (scope.first, scope.last, smart_id),
        )}
    found: set[int] = set()
    ids = list(scope)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        found.update(r[0] for r in c.execute(
            f"SELECT article_id FROM smart_members WHERE smart_id = ? AND article_id IN ({placeholders(chunk)})",
            [smart_id, *chunk],
        ))
    return found


def index_articles(c: Connection, scope: IdRange | Sequence[int]) -> None:
    """Bring every smart feed's matches among the articles in ``scope`` up to date, with its count."""
    if isinstance(scope, IdRange):
        pass
    elif not scope:
        return
    else:
        scope = IdRange.of(scope) or sorted(set(scope))
    for smart_id, criteria, want_read, want_saved in _definitions(c):
        now = set(matching_ids(c, criteria, scope, flags=False))
        before = _members_in(c, smart_id, scope)
        added, removed = sorted(now - before), sorted(before - now)
        if not (added or removed):
            continue
        delta = _counted(c, added, want_read, want_saved) - _counted(c, removed, want_read, want_saved)
        for start in range(0, len(removed), CHUNK):
            chunk = removed[start : start + CHUNK]
            c.execute(
                f"DELETE FROM smart_members WHERE smart_id = ? AND article_id IN ({placeholders(chunk)})", [smart_id, *chunk]
            )
        c.executemany("INSERT INTO smart_members(article_id, smart_id) VALUES (?, ?)", [(i, smart_id) for i in added])
        c.execute("UPDATE smart_feeds SET unread = unread + ? WHERE id = ?", (delta, smart_id))


def index_new_articles(c: Connection, scope: IdRange) -> None:
    """``index_articles`` for articles just inserted (no memberships yet): a few statements for all smart feeds."""
    definitions = _definitions(c)
    if not definitions:
        return
    if c.execute("SELECT 1 FROM smart_members WHERE article_id BETWEEN ? AND ? LIMIT 1", (scope.first, scope.last)).fetchone():
        index_articles(c, scope)  # memberships left behind by an id used before: the general way sorts them out
        return
    matches = matching_each(c, [d[1] for d in definitions], scope, flags=False)
    members = [(article_id, d[0]) for d, ids in zip(definitions, matches, strict=True) for article_id in ids]
    if not members:
        return
    c.executemany("INSERT INTO smart_members(article_id, smart_id) VALUES (?, ?)", members)
    c.executemany(
        "UPDATE smart_feeds SET unread = unread + ? WHERE id = ?",
        [
            (row[1], row[0]) for row in c.execute(
                "SELECT m.smart_id, count(*) FROM smart_members m JOIN articles a ON a.id = m.article_id "
                "JOIN smart_feeds s ON s.id = m.smart_id WHERE m.article_id BETWEEN ? AND ? AND a.read = 0 "
                "AND a.hidden = 0 AND ifnull(s.want_read, 0) = 0 AND ifnull(s.want_saved, a.saved) = a.saved "
                "GROUP BY m.smart_id",
                (scope.first, scope.last),
            )
        ],
    )


def reindex(c: Connection, smart_id: int) -> None:
    """Index one smart feed's matches over the whole library and count them again."""
    row = c.execute("SELECT criteria FROM smart_feeds WHERE id = ?", (smart_id,)).fetchone()
    if row is None:
        raise NotFoundError(_("no smart feed with id %(id)s") % {"id": smart_id})
    ids = matching_ids(c, Criteria.from_json(row[0]), None, flags=False)
    c.execute("DELETE FROM smart_members WHERE smart_id = ?", (smart_id,))
    c.executemany("INSERT INTO smart_members(article_id, smart_id) VALUES (?, ?)", [(i, smart_id) for i in ids])
    recount(c, smart_id)


def recount(c: Connection, smart_id: int) -> None:
    """Count a smart feed's unread matches from its index (the triggers keep it after that)."""
    c.execute(
        "UPDATE smart_feeds SET unread = (SELECT count(*) FROM smart_members m JOIN articles a ON a.id = m.article_id "
        "WHERE m.smart_id = smart_feeds.id AND a.read = 0 AND a.hidden = 0 AND ifnull(smart_feeds.want_read, 0) = 0 "
        "AND ifnull(smart_feeds.want_saved, a.saved) = a.saved) WHERE id = ?",
        (smart_id,),
    )


def reindex_folder_feeds(c: Connection) -> None:
    """Index again the smart feeds that name a folder (after feeds or folders moved, or were renamed)."""
    for smart_id, criteria, _name, _query in _definitions(c):
        if criteria.uses_folders:
            reindex(c, smart_id)


def reindex_feed(c: Connection, feed_id: int) -> None:
    """Index again the articles of one feed (its name, which is searchable, changed)."""
    index_articles(c, [r[0] for r in c.execute("SELECT id FROM articles WHERE feed_id = ?", (feed_id,))])


class SmartFeedsMixin(StoreBase):
    """Adding, changing and listing smart feeds; their counts are kept as articles change."""

    def add_smart_feed(self, name: str, query: str, criteria: Criteria) -> int:
        """Store a smart feed and index its matches over the whole library; returns its id."""
        with self.transaction() as c:
            position = c.execute("SELECT ifnull(max(position), -1) + 1 FROM smart_feeds").fetchone()[0]
            smart_id = c.execute(
                "INSERT INTO smart_feeds(name, query, criteria, want_read, want_saved, position) VALUES (?, ?, ?, ?, ?, ?)",
                (name, query, criteria.as_json(), _flag(criteria.read), _flag(criteria.saved), position),
            ).lastrowid
            assert smart_id is not None
            reindex(c, smart_id)
        return smart_id

    def update_smart_feed(self, smart_id: int, name: str, query: str, criteria: Criteria) -> None:
        """Rename a smart feed or change its query (its matches are indexed again when the query changed)."""
        with self.transaction() as c:
            row = c.execute("SELECT criteria FROM smart_feeds WHERE id = ?", (smart_id,)).fetchone()
            if row is None:
                raise NotFoundError(_("no smart feed with id %(id)s") % {"id": smart_id})
            c.execute(
                "UPDATE smart_feeds SET name = ?, query = ?, criteria = ?, want_read = ?, want_saved = ? WHERE id = ?",
                (name, query, criteria.as_json(), _flag(criteria.read), _flag(criteria.saved), smart_id),
            )
            if row[0] != criteria.as_json():
                reindex(c, smart_id)

    def remove_smart_feed(self, smart_id: int) -> None:
        with self.transaction() as c:
            if c.execute("DELETE FROM smart_feeds WHERE id = ?", (smart_id,)).rowcount == 0:
                raise NotFoundError(_("no smart feed with id %(id)s") % {"id": smart_id})

    def smart_feeds(self) -> list[SavedSearch]:
        """Every smart feed, in the tree's order, with its unread count."""
        return [
            SavedSearch(id=r[0], name=r[1], query=r[2], unread=max(0, r[3]))
            for r in self._conn.execute("SELECT id, name, query, unread FROM smart_feeds ORDER BY position, id")
        ]

    def smart_feed(self, smart_id: int) -> SavedSearch:
        for found in self.smart_feeds():
            if found.id == smart_id:
                return found
        raise NotFoundError(_("no smart feed with id %(id)s") % {"id": smart_id})

    def smart_feed_counts(self) -> dict[int, int]:
        """Unread articles per smart feed (kept up to date by the store: no search runs here)."""
        return {r[0]: max(0, r[1]) for r in self._conn.execute("SELECT id, unread FROM smart_feeds")}

    def count_problems(self) -> list[str]:
        """Where a kept count differs from a full count (empty when all agree); for tests and repair."""
        c = self._conn
        problems: list[str] = []
        live = {r[0]: (r[1], r[2], r[3]) for r in c.execute(
            "SELECT ifnull(feed_id, 0), sum(read = 0), sum(saved = 1), count(*) FROM articles WHERE hidden = 0 "
            "GROUP BY ifnull(feed_id, 0)"
        )}
        kept = {r[0]: (r[1], r[2], r[3]) for r in c.execute("SELECT feed_key, unread, saved, listed FROM feed_counts") if any(r[1:])}
        if live != kept:
            problems.append(f"(unread, saved, listed) per feed: kept {kept}, counted {live}")
        for smart_id, criteria, want_read, want_saved in _definitions(c):
            members = {r[0] for r in c.execute("SELECT article_id FROM smart_members WHERE smart_id = ?", (smart_id,))}
            matches = set(matching_ids(c, criteria, None, flags=False))
            if members != matches:
                problems.append(f"smart feed {smart_id}: indexed {sorted(members)}, matching {sorted(matches)}")
            counted = _counted(c, sorted(matches), want_read, want_saved)
            kept_count = c.execute("SELECT unread FROM smart_feeds WHERE id = ?", (smart_id,)).fetchone()[0]
            if counted != kept_count:
                problems.append(f"smart feed {smart_id}: kept {kept_count} unread, counted {counted}")
        return problems

    def recount_all(self) -> None:
        """Count every kept count again from the articles (a repair; the triggers keep them after that)."""
        with self.transaction() as c:
            c.execute("DELETE FROM feed_counts")
            c.execute(
                "INSERT INTO feed_counts(feed_key, unread, saved, listed) "
                "SELECT ifnull(feed_id, 0), sum(read = 0), sum(saved = 1), count(*) "
                "FROM articles WHERE hidden = 0 GROUP BY ifnull(feed_id, 0)"
            )
            for smart_id, *_rest in _definitions(c):
                reindex(c, smart_id)


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)
