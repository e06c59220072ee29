"""Pure decisions of a sync: what to send, what the server's state changes here, when to try again.

Data in, data out, no I/O: the engine (``engine.py``) does the talking.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from reader.core.storage.rows import AccountItem, PendingChange

# A server's catch-all category: its feeds sit right under the account's folder.
# Miniflux files every feed in a category and names the first one "All";
# FreshRSS's default category is "Uncategorized".
DEFAULT_LABELS = frozenset({"All", "Uncategorized"})

RECENT_DAYS = 14  # read items newer than this are fetched too (never wider than retention)
OVERLAP = 2 * 86400  # each incremental id pull reaches this far behind the last one
BACKOFF_FIRST = 60.0
BACKOFF_MAX = 6 * 3600.0
AUTH_PAUSE = 24 * 3600.0  # a refused login is not retried on its own before this


@dataclass(frozen=True)
class ServerState:
    """What the server says of one item now."""

    read: bool
    starred: bool


@dataclass(frozen=True)
class PushPlan:
    """The edit-tag calls one batch of pending changes needs, and what is already as wanted.

    Attributes:
        mark_read, mark_unread, star, unstar: item ids per call.
        settled: changes needing no call (the server already agrees, or forgot the item).
    """

    mark_read: tuple[str, ...] = ()
    mark_unread: tuple[str, ...] = ()
    star: tuple[str, ...] = ()
    unstar: tuple[str, ...] = ()
    settled: tuple[PendingChange, ...] = ()

    @property
    def calls(self) -> int:
        return sum(bool(ids) for ids in (self.mark_read, self.mark_unread, self.star, self.unstar))


def plan_push(changes: Sequence[PendingChange], server: Mapping[str, ServerState]) -> PushPlan:
    """Send only the difference between each change's wanted value and the server's current one.

    Every change sets a value (read, unread, starred, not starred), never a
    toggle; and since some servers flip an item that already has the state asked
    for (Miniflux 2.2.6's edit-tag), a state the server already has is not sent
    at all. That makes a retry of a batch the server did apply harmless.
    """
    read: list[str] = []
    unread: list[str] = []
    star: list[str] = []
    unstar: list[str] = []
    settled: list[PendingChange] = []
    for ch in changes:
        now = server.get(ch.item_id)
        if now is None:
            settled.append(ch)  # the server no longer has the item: nothing can be sent
            continue
        current = now.read if ch.field == "read" else now.starred
        if current == ch.value:
            settled.append(ch)
        elif ch.field == "read":
            (read if ch.value else unread).append(ch.item_id)
        else:
            (star if ch.value else unstar).append(ch.item_id)
    return PushPlan(tuple(read), tuple(unread), tuple(star), tuple(unstar), tuple(settled))


@dataclass(frozen=True)
class MarkPlan:
    """Marks the server's state changes here (items with a pending change are skipped by the store)."""

    to_read: tuple[str, ...] = ()
    to_unread: tuple[str, ...] = ()
    to_save: tuple[str, ...] = ()
    to_unsave: tuple[str, ...] = ()


def plan_marks(local: Mapping[str, AccountItem], unread: Collection[str], starred: Collection[str]) -> MarkPlan:
    """Bring local marks to the server's complete unread and starred lists."""
    unread_set = set(unread)
    starred_set = set(starred)
    to_read = [i for i, it in local.items() if not it.read and i not in unread_set]
    to_unread = [i for i in unread_set if i in local and local[i].read]
    to_save = [i for i in starred_set if i in local and not local[i].saved]
    to_unsave = [i for i, it in local.items() if it.saved and i not in starred_set]
    return MarkPlan(tuple(sorted(to_read)), tuple(sorted(to_unread)), tuple(sorted(to_save)), tuple(sorted(to_unsave)))


def missing_items(
    wanted: Iterable[str], known: Collection[str], buried: Collection[str]
) -> list[str]:
    """Item ids to fetch: wanted, neither stored nor deleted by retention, in first-seen order."""
    out: list[str] = []
    seen: set[str] = set()
    for item in wanted:
        if item not in seen and item not in known and item not in buried:
            seen.add(item)
            out.append(item)
    return out


def window_start(now: float, retention_days: int, synced_since: float | None) -> float:
    """Where the pull of recent (read or unread) item ids starts.

    The first sync reaches ``RECENT_DAYS`` back (less when retention keeps fewer
    days); later ones start ``OVERLAP`` before the previous sync, since servers
    date items to the second and by publication time.
    """
    days = RECENT_DAYS if retention_days <= 0 else min(RECENT_DAYS, retention_days)
    earliest = now - days * 86400
    if synced_since is None:
        return earliest
    return max(earliest, synced_since - OVERLAP)


def folder_for(account_name: str, labels: Sequence[str]) -> tuple[str, ...]:
    """The folder path of a feed: the account's name, then its first category (none for the default one)."""
    for label in labels:
        name = label.strip().replace("/", "-")  # a folder title holds no "/"
        if name and label not in DEFAULT_LABELS:
            return (account_name, name)
    return (account_name,)


def next_try_after_error(now: float, error_count: int, *, auth: bool = False) -> float:
    """When a failed account is synced again on its own (an explicit sync always tries)."""
    if auth:
        return now + AUTH_PAUSE
    return now + min(BACKOFF_MAX, BACKOFF_FIRST * 2.0 ** min(error_count, 20))


def is_due(next_try: float | None, now: float) -> bool:
    return next_try is None or next_try <= now


__all__ = [
    "DEFAULT_LABELS",
    "MarkPlan",
    "PushPlan",
    "ServerState",
    "folder_for",
    "is_due",
    "missing_items",
    "next_try_after_error",
    "plan_marks",
    "plan_push",
    "window_start",
]
