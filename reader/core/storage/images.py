"""Kept images: each stored once by content hash, and which article shows which (or why it was refused).

``images`` holds the bytes (one row per SHA-256, whatever the number of
articles or addresses that show it); ``article_images`` maps an article's
image address to a kept hash or to the note saying why it was not kept.
Deleting an article drops its mappings (foreign key cascade); ``prune_images``
then removes bytes no article shows any more.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from reader.core.errors import NotFoundError
from reader.core.models import ArticleImage, StoredImage
from reader.core.storage.connection import StoreBase
from reader.i18n import _


@dataclass(frozen=True)
class ImageRow:
    """One image of an article to record.

    Attributes:
        url: the address the article's HTML uses.
        hash: SHA-256 of the kept bytes; None when refused.
        data: the bytes, when they may not be stored yet (None: ``hash`` is known to be stored).
        note: why it was refused.
    """

    url: str
    hash: str | None = None
    type: str | None = None
    data: bytes | None = None
    width: int | None = None
    height: int | None = None
    note: str | None = None


class ImagesMixin(StoreBase):
    """Storing, reading and pruning kept images."""

    def record_images(self, article_id: int, rows: Sequence[ImageRow]) -> int:
        """Record an article's images in one transaction; returns how many new images were stored.

        A refusal never replaces an image already kept for the same address.
        """
        added = 0
        now = time.time()
        with self.transaction() as c:
            if c.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is None:
                raise NotFoundError(_("no article with id %(ids)s") % {"ids": article_id})
            for r in rows:
                if r.hash is not None and r.data is not None:
                    added += c.execute(
                        "INSERT OR IGNORE INTO images(hash, type, size, width, height, stored_at, data) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (r.hash, r.type or "application/octet-stream", len(r.data), r.width, r.height, now, r.data),
                    ).rowcount
                elif r.hash is not None and c.execute("SELECT 1 FROM images WHERE hash = ?", (r.hash,)).fetchone() is None:
                    continue  # the bytes it counted on are gone
                c.execute(
                    "INSERT INTO article_images(article_id, url, hash, note) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT(article_id, url) DO UPDATE SET "
                    "hash = coalesce(excluded.hash, hash), note = CASE WHEN coalesce(excluded.hash, hash) IS NULL "
                    "THEN excluded.note END",
                    (article_id, r.url, r.hash, None if r.hash else r.note),
                )
        return added

    def article_images(self, article_id: int) -> list[ArticleImage]:
        """An article's recorded images, kept and refused, by address."""
        return [
            ArticleImage(url=r[0], hash=r[1], type=r[2], size=r[3] or 0, note=r[4])
            for r in self._conn.execute(
                "SELECT ai.url, ai.hash, i.type, i.size, ai.note FROM article_images ai "
                "LEFT JOIN images i ON i.hash = ai.hash WHERE ai.article_id = ? ORDER BY ai.url",
                (article_id,),
            )
        ]

    def kept_hash_for_url(self, url: str) -> str | None:
        """The hash of an image already kept from ``url`` (by any article), so it is not fetched twice."""
        row = self._conn.execute(
            "SELECT hash FROM article_images WHERE url = ? AND hash IS NOT NULL LIMIT 1", (url,)
        ).fetchone()
        return None if row is None else str(row[0])

    def image(self, digest: str) -> StoredImage | None:
        """A kept image by its hash."""
        row = self._conn.execute("SELECT data, type FROM images WHERE hash = ?", (digest,)).fetchone()
        return None if row is None else StoredImage(bytes(row[0]), str(row[1]))

    def prune_images(self) -> int:
        """Delete images no article shows any more; returns how many."""
        with self.transaction() as c:
            return c.execute(
                "DELETE FROM images WHERE hash NOT IN (SELECT hash FROM article_images WHERE hash IS NOT NULL)"
            ).rowcount

    def image_totals(self) -> tuple[int, int]:
        """(number of kept images, their bytes)."""
        count, size = self._conn.execute("SELECT count(*), coalesce(sum(size), 0) FROM images").fetchone()
        return int(count), int(size)
