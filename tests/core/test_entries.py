"""Writing fetched feeds: several in one transaction, all or nothing, each as if written alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core import entries
from reader.core.errors import StorageError
from reader.core.models import Selection
from reader.core.storage.rows import EntryRow, FeedMeta
from reader.core.storage.store import Store

META = FeedMeta(checked_at=1_000_000.0, next_check=None, title="A feed")


def row(guid: str) -> EntryRow:
    return EntryRow(guid=guid, title=f"Story {guid}", title_key=f"story {guid}", content_hash="1",
                    html=f"<p>{guid}</p>", text=guid, published=1_000.0)


@pytest.fixture
def store(tmp_path: Path):
    s = Store.open(tmp_path / "lib.db")
    yield s
    s.close()


def test_feeds_written_together_take_one_transaction_and_store_what_separate_writes_store(store: Store, tmp_path: Path) -> None:
    ids = [store.add_feed(f"https://example.org/{n}.xml")[0] for n in range(3)]
    gone = store.add_feed("https://example.org/gone.xml")[0]
    store.delete_feed(gone)  # unsubscribed while it was being fetched: nothing is written for it
    feeds = [(ids[0], META, [row("a"), row("b")]), (gone, META, [row("x")]), (ids[1], META, [row("c")]), (ids[2], META, [])]
    statements: list[str] = []
    store._conn.set_trace_callback(statements.append)
    try:
        counts = [c for c, _arrival in entries.write_feeds(store, feeds)]
    finally:
        store._conn.set_trace_callback(None)
    assert [c.new for c in counts] == [2, 0, 1, 0]
    assert [s for s in statements if s.split()[0] in ("BEGIN", "COMMIT")] == ["BEGIN IMMEDIATE", "COMMIT"]

    alone = Store.open(tmp_path / "alone.db")  # the same feeds, one write each
    try:
        for n in range(3):
            alone.add_feed(f"https://example.org/{n}.xml")
        for feed_id, meta, rows in feeds:
            if feed_id != gone:
                entries.write_feed(alone, feed_id, meta, rows)
        listed = [(a.feed_id, a.guid, a.title) for a in store.articles(Selection())]
        assert listed == [(a.feed_id, a.guid, a.title) for a in alone.articles(Selection())]
        assert [f.title for f in store.feeds()] == [f.title for f in alone.feeds()] == ["A feed"] * 3
    finally:
        alone.close()
    assert store.count_problems() == []


def test_a_failed_write_stores_none_of_the_feeds_written_with_it(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = (store.add_feed(f"https://example.org/{n}.xml")[0] for n in range(2))
    real = entries.store_entries
    calls: list[int] = []

    def failing(write, rows, rule_set):  # type: ignore[no-untyped-def]
        calls.append(write.feed_id)
        if write.feed_id == second:
            raise StorageError("the disk is full")
        return real(write, rows, rule_set)

    monkeypatch.setattr(entries, "store_entries", failing)
    with pytest.raises(StorageError):
        entries.write_feeds(store, [(first, META, [row("a")]), (second, META, [row("b")])])
    assert calls == [first, second]
    assert store.articles(Selection()) == [] and store.feed(first).last_checked is None  # the first feed's write went too
