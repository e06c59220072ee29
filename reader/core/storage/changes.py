"""Pending sync changes: written inside the transaction that makes a local mark.

A mark on an article of a sync account (read, unread, save, unsave) records
the wanted value in ``sync_changes`` in the same transaction as the mark, so
a crash right after the click loses nothing. One row per (account, item,
field) holds only the latest intent; every write gives it a new ``seq``, which
is how the sync engine tells a mark made while its push was in flight from
the one it sent.
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.core.storage.connection import Connection, placeholders

FIELDS = ("read", "saved")

_UPSERT = (
    "INSERT INTO sync_changes(account_id, item_id, field, value, seq) "
    "SELECT f.account_id, a.guid, ?, ?, ? FROM articles a JOIN feeds f ON f.id = a.feed_id "
    "WHERE f.account_id IS NOT NULL AND {where} "
    "ON CONFLICT(account_id, item_id, field) DO UPDATE SET value = excluded.value, seq = excluded.seq, attempts = 0"
)


def next_seq(c: Connection) -> int:
    return int(c.execute("SELECT ifnull(max(seq), 0) + 1 FROM sync_changes").fetchone()[0])


def queue_marks(c: Connection, article_ids: Sequence[int], field: str, value: bool) -> None:
    """Record ``field`` = ``value`` for those of ``article_ids`` that belong to an account (inside ``c``'s transaction)."""
    if field not in FIELDS:
        raise ValueError(f"not a synced field: {field}")
    seq = next_seq(c)
    for start in range(0, len(article_ids), 500):
        chunk = list(article_ids[start : start + 500])
        c.execute(_UPSERT.format(where=f"a.id IN ({placeholders(chunk)})"), [field, int(value), seq, *chunk])


def queue_selection(c: Connection, select_ids: str, params: Sequence[object], field: str, value: bool) -> None:
    """Like ``queue_marks`` for the articles an SQL query (``SELECT a.id ...``) selects, by their explicit ids."""
    c.execute(_UPSERT.format(where=f"a.id IN ({select_ids})"), [field, int(value), next_seq(c), *params])


__all__ = ["FIELDS", "queue_marks", "queue_selection"]
