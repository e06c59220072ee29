"""Pure decisions: data in, data out, no I/O and no clock unless one is passed.

* When is a feed next due (after an answer, after an error, a server's
  Retry-After), is it due now, and is it held (gone, or told to wait) even
  from a manual refresh?
* What does one feed write do with each incoming entry: insert it, update the
  stored one in place, leave it, or skip it because retention buried it?
* When does "today" start (the Today smart feed and its count)?

These get the most tests (tests/core/test_decide.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

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


def wait_until_after_error(now: float, *, retry_after: float | None) -> float | None:
    """Until when a server's Retry-After holds a feed back, even from a manual refresh (None: it did not ask)."""
    return None if retry_after is None else next_check_after_error(now, 0, retry_after=retry_after)


def is_held(state: FeedState, now: float) -> bool:
    """Whether only a forced refresh may ask this feed: the server said it is gone (410) or to wait (Retry-After)."""
    return state.gone or (state.wait_until is not None and state.wait_until > now)


def is_due(state: FeedState, now: float) -> bool:
    """Whether a feed should be checked now on a scheduled refresh."""
    return not is_held(state, now) and (state.next_check is None or state.next_check <= now)


def should_ask(state: FeedState, now: float, *, named: bool, force: bool, override: bool) -> bool | None:
    """Whether a refresh asks this feed: True, False (not due: skipped quietly), or None (held: say why).

    Args:
        named: the user named this feed.
        force: a manual refresh: every feed now, whatever its schedule.
        override: the user forced it past a server's Retry-After and a 410 too.
    """
    if not (named or force or is_due(state, now)):
        return False
    if is_held(state, now) and not override:
        return None
    return True


def held_reason(state: FeedState) -> str:
    """The status line of a held feed: why it was not asked, and when it will be asked again."""
    if state.gone:
        return "the server said this feed is gone (HTTP 410); it is not asked again until a forced refresh"
    return f"the server asked to wait; {asked_again_note(state.wait_until or 0.0)}"


def asked_again_note(wait_until: float) -> str:
    """When a feed a server told to wait is asked again, for its status line."""
    when = datetime.fromtimestamp(wait_until, tz=UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"not asked again before {when} (a forced refresh asks now)"


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
    "asked_again_note",
    "MAX_FLOOR",
    "MIN_BACKOFF",
    "held_reason",
    "is_due",
    "is_held",
    "next_check_after_error",
    "next_check_after_success",
    "plan_entries",
    "should_ask",
    "start_of_today",
    "wait_until_after_error",
]
