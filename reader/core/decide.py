"""Pure decisions: data in, data out, no I/O and no clock unless one is passed.

* When is a feed next due (after an answer, after an error, a server's
  Retry-After), and is it due now?
* What does one feed write do with each incoming entry: insert it, update the
  stored one in place, leave it, or skip it because retention buried it?
* When does "today" start (the Today smart feed and its count)?

These get the most tests (tests/core/test_decide.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from reader.core.storage.rows import EntryPlan, EntryRow, FeedState, KnownEntries

MIN_BACKOFF = 15 * 60
MAX_BACKOFF = 24 * 3600
MAX_FLOOR = 7 * 24 * 3600  # a publisher's ttl or a server's Retry-After never stops a feed for more than a week
MIN_RETRY_AFTER = 60.0


def next_check_after_success(now: float, interval: int, *, ttl: int | None = None, max_age: int | None = None) -> float:
    """When a feed that just answered is next due.

    The publisher's ttl / sy:updatePeriod and the response's Cache-Control
    max-age are floors under the user's interval.
    """
    floor = min(max(ttl or 0, max_age or 0), MAX_FLOOR)
    return now + max(interval, floor)


def next_check_after_error(now: float, error_count: int, *, retry_after: float | None = None) -> float:
    """Exponential back-off per feed; a server's Retry-After replaces it (between a minute and a week)."""
    if retry_after is not None:
        return now + min(max(float(retry_after), MIN_RETRY_AFTER), float(MAX_FLOOR))
    return now + float(min(MIN_BACKOFF * (2 ** max(error_count, 0)), MAX_BACKOFF))


def is_due(state: FeedState, now: float) -> bool:
    """Whether a feed should be checked now on a scheduled refresh."""
    return not state.gone and (state.next_check is None or state.next_check <= now)


def plan_entries(entries: Sequence[EntryRow], known: KnownEntries) -> EntryPlan:
    """Decide what one feed write does with each entry.

    An entry whose guid is not stored is new, unless retention buried it (its
    tombstone keeps a read article from coming back unread). A stored entry
    whose content hash changed is updated in place (it keeps its read and
    saved state); an unchanged one is left alone. When a guid comes twice in
    one batch, the later entry wins, as if the two were written in turn.
    """
    new: dict[str, EntryRow] = {}
    changed: dict[str, tuple[int, EntryRow]] = {}
    unchanged: set[str] = set()
    buried = 0
    for entry in entries:
        guid = entry.guid
        stored = known.stored.get(guid)
        if stored is None:
            if guid in known.buried:
                buried += 1
            elif guid not in new or new[guid].content_hash != entry.content_hash:
                new[guid] = entry
            continue
        article_id, stored_hash = stored
        latest = changed[guid][1].content_hash if guid in changed else stored_hash
        if latest != entry.content_hash:
            changed[guid] = (article_id, entry)
            unchanged.discard(guid)
        elif guid not in changed:
            unchanged.add(guid)
    return EntryPlan(new=tuple(new.values()), changed=tuple(changed.values()), unchanged=len(unchanged), buried=buried)


def start_of_today(now: datetime | None = None) -> float:
    """The UNIX time of the most recent local midnight (where Today starts).

    Args:
        now: the moment to ask about (aware, or naive local time); default: now.
    """
    moment = (now or datetime.now()).astimezone()
    return moment.replace(hour=0, minute=0, second=0, microsecond=0).timestamp()


__all__ = [
    "MAX_BACKOFF",
    "MAX_FLOOR",
    "MIN_BACKOFF",
    "is_due",
    "next_check_after_error",
    "next_check_after_success",
    "plan_entries",
    "start_of_today",
]
