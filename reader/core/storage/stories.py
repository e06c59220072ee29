"""Full stories per feed: the switch, and which articles still want their page fetched.

A feed with ``full_stories`` on has each new article's web page extracted
during the refresh that brings it (``reader.core.stories``); the extracted
story is kept like a saved article's full copy (``full_copies``), and a
failure is kept there too, with its reason, so it is not retried on every
refresh.
"""

from __future__ import annotations

from reader.core.errors import NotFoundError
from reader.core.storage.connection import StoreBase
from reader.i18n import _


class StoriesMixin(StoreBase):
    """The per-feed full-story switch and the articles waiting for their story."""

    def set_feed_full_stories(self, feed_id: int, on: bool) -> None:
        with self.transaction() as c:
            if c.execute("UPDATE feeds SET full_stories = ? WHERE id = ?", (int(on), feed_id)).rowcount == 0:
                raise NotFoundError(_("no feed with id %(id)s") % {"id": feed_id})

    def full_story_feeds(self) -> dict[int, bool | None]:
        """The feeds with full stories on, each with its own remote-image policy (None: the global one)."""
        return {
            int(r[0]): None if r[1] is None else bool(r[1])
            for r in self._conn.execute("SELECT id, allow_images FROM feeds WHERE full_stories = 1")
        }

    def stories_wanted(self, feed_id: int, *, since: float, limit: int) -> list[tuple[int, str]]:
        """(article id, page URL) of the feed's articles seen since ``since`` whose story was never tried, newest first."""
        return [
            (int(r[0]), str(r[1]))
            for r in self._conn.execute(
                "SELECT a.id, a.url FROM articles a WHERE a.feed_id = ? AND a.first_seen >= ? AND a.url IS NOT NULL "
                "AND NOT EXISTS (SELECT 1 FROM full_copies fc WHERE fc.article_id = a.id) "
                "ORDER BY a.first_seen DESC, a.id DESC LIMIT ?",
                (feed_id, since, limit),
            )
        ]
