"""Accounts in storage: the pending-change queue written with each mark, acknowledgement by seq, migration."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reader.core.models import Selection
from reader.core.storage.rows import EntryRow, RemoteFeed
from reader.core.storage.schema import MIGRATIONS, SCHEMA_VERSION, statements
from reader.core.storage.store import Store


def row(guid: str) -> EntryRow:
    return EntryRow(guid=guid, title=f"T{guid}", title_key=f"t{guid}", content_hash=guid, html="<p>x</p>", text="x")


def make(tmp_path: Path) -> tuple[Store, int, list[int], int]:
    store = Store.open(tmp_path / "lib.sqlite")
    account = store.add_account("greader", "Home", "http://127.0.0.1:1", "me")
    store.store_subscriptions(account, [RemoteFeed("feed/1", "http://x/feed", "X", None, ("Home", "News"))])
    feed = store.account_feeds(account)["feed/1"]
    ids = store.store_items([(feed, row(str(n)), False, False) for n in (10, 11, 12)])
    local_feed, _ = store.add_feed("http://127.0.0.1:2/local.xml")
    local_ids = [store.bulk_insert_articles(local_feed, [row("l1")])]
    assert local_ids == [1]
    return store, account, ids, local_feed


def test_marks_queue_only_account_articles_with_the_latest_intent(tmp_path: Path) -> None:
    store, account, ids, local_feed = make(tmp_path)
    local_article = store.articles(Selection(feed_id=local_feed))[0].id
    store.set_read([ids[0], local_article], True)
    store.set_read([ids[0]], False)
    store.set_saved([ids[1]], True)
    changes = store.pending_changes(account)
    assert [(c.item_id, c.field, c.value) for c in changes] == [("10", "read", False), ("11", "saved", True)]


def test_an_acknowledgement_never_deletes_a_newer_mark(tmp_path: Path) -> None:
    store, account, ids, _ = make(tmp_path)
    store.set_read([ids[0], ids[1]], True)
    sent = store.pending_changes(account)
    store.set_read([ids[0]], False)  # made while ``sent`` was in flight
    assert store.ack_changes(account, sent) == 1
    left = store.pending_changes(account)
    assert [(c.item_id, c.value) for c in left] == [("10", False)]


def test_the_servers_state_skips_items_with_a_pending_change(tmp_path: Path) -> None:
    store, account, ids, _ = make(tmp_path)
    store.set_read([ids[0]], True)
    changed = store.apply_remote_marks(account, "read", False, ["10", "11"])
    assert changed == []  # 11 already unread; 10 has a local change waiting
    changed = store.apply_remote_marks(account, "read", True, ["11", "12"])
    assert sorted(changed) == sorted(ids[1:])


def test_mark_all_read_queues_explicit_ids(tmp_path: Path) -> None:
    store, account, ids, _ = make(tmp_path)
    assert store.mark_all_read(Selection()) == 4
    assert sorted(c.item_id for c in store.pending_changes(account)) == ["10", "11", "12"]


def test_an_older_library_migrates_and_keeps_its_feeds(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    before = next(i for i, m in enumerate(MIGRATIONS) if "CREATE TABLE accounts" in m)  # the schema before sync
    db = sqlite3.connect(path)
    for script in MIGRATIONS[:before]:
        for statement in statements(script):
            db.execute(statement)
    db.execute("INSERT INTO feeds(url, title, added_at) VALUES ('http://127.0.0.1/old.xml', 'Old', 0)")
    db.execute(f"PRAGMA user_version = {before}")
    db.commit()
    db.close()

    store = Store.open(path)
    assert store.version == SCHEMA_VERSION
    feeds = store.feeds()
    assert [(f.title, f.account_id) for f in feeds] == [("Old", None)]
    assert store.accounts() == []
    store.close()
