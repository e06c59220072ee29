"""Rules as stored: adding, changing, listing, and the SQL of each action."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.errors import NotFoundError
from reader.core.models import Rule, RuleAction, Selection
from reader.core.refresh import write_entries
from reader.core.storage.rows import Criteria, EntryRow, FeedMeta
from reader.core.storage.rules import act
from reader.core.storage.store import Store

META = FeedMeta(checked_at=1_000_000.0, next_check=None)


def row(guid: str, text: str) -> EntryRow:
    return EntryRow(guid=guid, title=f"Story {guid}", title_key=guid, content_hash="1", text=text, html=f"<p>{text}</p>")


@pytest.fixture
def store(tmp_path: Path):
    s = Store.open(tmp_path / "lib.db")
    yield s
    s.close()


def test_rules_are_kept_in_the_order_they_run(store: Store) -> None:
    first = store.add_rule("Mute sport", "folder:Sport", RuleAction.READ)
    second = store.add_rule("Ads", "title:sponsored", RuleAction.HIDE, enabled=False)
    assert store.rules() == [
        Rule(first, "Mute sport", "folder:Sport", RuleAction.READ, True, 0),
        Rule(second, "Ads", "title:sponsored", RuleAction.HIDE, False, 0),
    ]
    store.update_rule(second, enabled=True, action=RuleAction.NOTIFY)
    assert store.rule(second) == Rule(second, "Ads", "title:sponsored", RuleAction.NOTIFY, True, 0)
    store.remove_rule(first)
    assert [r.id for r in store.rules()] == [second]
    for missing in (lambda: store.rule(first), lambda: store.remove_rule(first), lambda: store.update_rule(first, name="x")):
        with pytest.raises(NotFoundError):
            missing()


def test_actions_change_only_what_they_must(store: Store) -> None:
    fid, _ = store.add_feed("https://example.org/f")
    write_entries(store, fid, META, [row("a", "x"), row("b", "y"), row("c", "z")])
    a, b, c = sorted(store.article_ids(Selection()))
    store.set_read([a], True)
    with store.transaction() as conn:
        assert act(conn, RuleAction.READ, [a, b]) == 1
        assert act(conn, RuleAction.SAVE, [b, c, c]) == 2
        assert act(conn, RuleAction.HIDE, [c]) == 1
        assert act(conn, RuleAction.HIDE, [c]) == 0
        assert act(conn, RuleAction.NOTIFY, [a, b, c]) == 0
        assert act(conn, RuleAction.READ, list(range(1, 1200))) == 1  # chunked; only c was still unread
    arts = store.articles_by_id([a, b, c])
    assert (arts[b].read, arts[b].saved, arts[c].saved) == (True, True, True)
    assert sorted(store.article_ids(Selection())) == [a, b]  # c is hidden


def test_apply_counts_what_changed_and_adds_to_matched(store: Store) -> None:
    fid, _ = store.add_feed("https://example.org/f")
    write_entries(store, fid, META, [row(f"g{i}", "harbor" if i % 2 else "storm") for i in range(10)])
    rule_id = store.add_rule("Harbor", "harbor", RuleAction.READ)
    assert store.apply_rule(rule_id, Criteria(match='"harbor"'), RuleAction.READ) == 5
    assert store.apply_rule(rule_id, Criteria(match='"harbor"'), RuleAction.READ) == 0
    assert store.rule(rule_id).matched == 5
    assert store.unread_counts() == {fid: 5}
    with pytest.raises(NotFoundError):
        store.apply_rule(999, Criteria(match='"harbor"'), RuleAction.READ)


def test_preview_counts_listed_matches_and_gives_the_newest(store: Store) -> None:
    fid, _ = store.add_feed("https://example.org/f")
    write_entries(store, fid, META, [row(f"g{i}", "harbor") for i in range(4)])
    ids = store.article_ids(Selection())
    store.set_hidden([ids[0]], True)
    assert store.preview_matches(Criteria(match='"harbor"'), 2) == (3, ids[1:3])
    assert store.preview_matches(Criteria(match='"storm"'), 2) == (0, [])
