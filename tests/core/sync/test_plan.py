"""The sync's pure decisions: what to send, what the server's lists change here, when to try again."""

from __future__ import annotations

from reader.core.storage.rows import AccountItem, PendingChange
from reader.core.sync.plan import (
    AUTH_PAUSE,
    BACKOFF_MAX,
    OVERLAP,
    RECENT_DAYS,
    ServerState,
    is_due,
    missing_items,
    next_try_after_error,
    plan_marks,
    plan_push,
    window_start,
)


def change(item: str, field: str, value: bool, seq: int = 1) -> PendingChange:
    return PendingChange(item_id=item, field=field, value=value, seq=seq)


def test_only_differences_from_the_server_are_sent() -> None:
    changes = [
        change("1", "read", True), change("2", "read", True), change("3", "read", False),
        change("4", "saved", True), change("5", "saved", False), change("6", "read", True),
    ]
    server = {
        "1": ServerState(read=False, starred=False),
        "2": ServerState(read=True, starred=False),  # already read: sending "read" again could flip it
        "3": ServerState(read=True, starred=False),
        "4": ServerState(read=False, starred=False),
        "5": ServerState(read=False, starred=True),
    }  # "6" is gone from the server
    todo = plan_push(changes, server)
    assert todo.mark_read == ("1",) and todo.mark_unread == ("3",)
    assert todo.star == ("4",) and todo.unstar == ("5",)
    assert {c.item_id for c in todo.settled} == {"2", "6"}
    assert todo.calls == 4


def test_nothing_to_send_when_the_server_agrees() -> None:
    todo = plan_push([change("1", "saved", True)], {"1": ServerState(read=False, starred=True)})
    assert todo.calls == 0 and len(todo.settled) == 1


def test_marks_follow_the_servers_complete_lists() -> None:
    local = {
        "a": AccountItem(1, 1, read=False, saved=False),  # not unread on the server: read
        "b": AccountItem(2, 1, read=True, saved=False),  # unread on the server: unread
        "c": AccountItem(3, 1, read=False, saved=True),  # not starred any more: unsaved
        "d": AccountItem(4, 1, read=False, saved=False),  # starred there: saved
    }
    marks = plan_marks(local, unread=["b", "c", "d", "zz"], starred=["d", "zz"])
    assert marks.to_read == ("a",) and marks.to_unread == ("b",)
    assert marks.to_save == ("d",) and marks.to_unsave == ("c",)


def test_missing_items_skip_known_and_buried_and_keep_order() -> None:
    assert missing_items(["5", "4", "5", "3", "2"], known={"4"}, buried={"2"}) == ["5", "3"]


def test_the_recent_window_never_passes_retention_and_overlaps_the_last_sync() -> None:
    now = 1_000_000_000.0
    assert window_start(now, 0, None) == now - RECENT_DAYS * 86400
    assert window_start(now, 3, None) == now - 3 * 86400
    assert window_start(now, 0, now - 3600) == now - 3600 - OVERLAP
    assert window_start(now, 1, now - 3600) == now - 86400  # retention wins over the overlap


def test_back_off_grows_caps_and_waits_long_after_a_refused_login() -> None:
    now = 0.0
    waits = [next_try_after_error(now, n) for n in range(12)]
    assert waits == sorted(waits) and waits[0] > 0 and waits[-1] == BACKOFF_MAX
    assert next_try_after_error(now, 0, auth=True) == AUTH_PAUSE
    assert is_due(None, now) and is_due(5.0, 5.0) and not is_due(6.0, 5.0)
