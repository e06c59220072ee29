"""decide.py: schedules, what a feed write does with each entry, where today starts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from reader.core.decide import (
    MAX_FLOOR,
    held_reason,
    is_due,
    is_held,
    next_check_after_error,
    next_check_after_success,
    plan_entries,
    should_ask,
    start_of_today,
    wait_until_after_error,
)
from reader.core.storage.rows import EntryRow, FeedState, KnownEntries


def entry(guid: str, digest: str = "h1") -> EntryRow:
    return EntryRow(guid=guid, title=f"Story {guid}", title_key=f"story {guid}", content_hash=digest)


def state(**kw: object) -> FeedState:
    base: dict[str, object] = {
        "id": 1, "url": "https://x.example/feed", "title": "X", "etag": None, "last_modified": None, "body_hash": None,
        "last_checked": None, "next_check": None, "error_count": 0, "gone": False, "ttl_seconds": None,
        "interval_override": None, "site_url": None, "has_icon": False,
    }
    base.update(kw)
    return FeedState(**base)  # type: ignore[arg-type]


# --- schedules ------------------------------------------------------------------------------


def test_schedule_floors_and_backoff() -> None:
    assert next_check_after_success(1000, 3600) == 4600
    assert next_check_after_success(1000, 600, ttl=7200) == 8200  # publisher ttl is a floor
    assert next_check_after_success(1000, 600, max_age=1200) == 2200
    first, second = next_check_after_error(0, 0), next_check_after_error(0, 1)
    assert second == 2 * first
    assert next_check_after_error(0, 50) == 24 * 3600  # capped
    assert next_check_after_error(0, 0, retry_after=7200) == 7200


def test_floors_and_retry_after_are_capped_at_a_week_and_a_minute() -> None:
    assert next_check_after_success(0, 60, ttl=10**9) == MAX_FLOOR
    assert next_check_after_error(0, 0, retry_after=10**9) == MAX_FLOOR
    assert next_check_after_error(0, 0, retry_after=1) == 60


def test_is_due() -> None:
    assert is_due(state(), 100)
    assert is_due(state(next_check=100), 100)
    assert not is_due(state(next_check=101), 100)
    assert not is_due(state(gone=True), 100)
    assert not is_due(state(wait_until=101), 100)
    assert is_due(state(wait_until=100), 100)


def test_held_feeds_are_asked_only_when_forced() -> None:
    gone, waiting, backing_off, fine = state(gone=True), state(wait_until=500), state(next_check=500), state()
    assert is_held(gone, 100) and is_held(waiting, 100) and not is_held(backing_off, 100)
    assert not is_held(waiting, 500)  # the wait is over
    for s in (gone, waiting):
        assert should_ask(s, 100, named=False, force=False, override=False) is False  # the timer: quietly not due
        assert should_ask(s, 100, named=False, force=True, override=False) is None  # a manual refresh: held
        assert should_ask(s, 100, named=True, force=True, override=False) is None  # named: still held
        assert should_ask(s, 100, named=True, force=True, override=True) is True  # forced
        assert should_ask(s, 100, named=False, force=True, override=True) is True
    assert should_ask(backing_off, 100, named=False, force=True, override=False) is True  # a manual refresh retries errors
    assert should_ask(backing_off, 100, named=False, force=False, override=False) is False
    assert should_ask(fine, 100, named=False, force=False, override=False) is True


def test_held_reason_says_when() -> None:
    assert wait_until_after_error(1000, retry_after=None) is None
    until = wait_until_after_error(0, retry_after=3600)
    assert until == 3600
    assert "not asked again before 1970-01-01 01:00 UTC" in held_reason(state(wait_until=until))
    assert "410" in held_reason(state(gone=True)) and "forced" in held_reason(state(gone=True))


# --- what a write does with each entry -----------------------------------------------------------


def test_plan_sorts_entries_into_new_changed_unchanged_and_buried() -> None:
    known = KnownEntries(stored={"a": (10, "h1"), "b": (11, "h1")}, buried=frozenset({"gone"}))
    plan = plan_entries([entry("a"), entry("b", "h2"), entry("c"), entry("gone")], known)
    assert [e.guid for e in plan.new] == ["c"]
    assert [(i, e.guid) for i, e in plan.changed] == [(11, "b")]
    assert (plan.unchanged, plan.buried) == (1, 1)


def test_plan_later_duplicate_wins() -> None:
    plan = plan_entries([entry("n", "v1"), entry("n", "v2")], KnownEntries())
    assert [(e.guid, e.content_hash) for e in plan.new] == [("n", "v2")]
    plan = plan_entries([entry("s", "v2"), entry("s", "v3")], KnownEntries(stored={"s": (5, "v1")}))
    assert [(i, e.content_hash) for i, e in plan.changed] == [(5, "v3")]
    assert plan.unchanged == 0


def test_plan_of_nothing_is_empty() -> None:
    plan = plan_entries([], KnownEntries(stored={"a": (1, "h")}))
    assert (plan.new, plan.changed, plan.unchanged, plan.buried) == ((), (), 0, 0)


# --- today ---------------------------------------------------------------------------------------


def test_today_starts_at_local_midnight() -> None:
    now = datetime(2026, 3, 14, 15, 9, 26).astimezone()
    start = datetime.fromtimestamp(start_of_today(now)).astimezone()
    assert (start.date(), start.hour, start.minute, start.second) == (now.date(), 0, 0, 0)
    late = now.replace(hour=23, minute=59)
    assert start_of_today(late) == start_of_today(now)
    assert start_of_today(now + timedelta(days=1)) > start_of_today(now)
    aware_utc = now.astimezone(UTC)
    assert start_of_today(aware_utc) == start_of_today(now)
    # midnight itself starts today; the second before it belongs to yesterday
    midnight = datetime.fromtimestamp(start_of_today(now)).astimezone()
    assert start_of_today(midnight) == midnight.timestamp()
    assert start_of_today(midnight - timedelta(seconds=1)) < midnight.timestamp()
