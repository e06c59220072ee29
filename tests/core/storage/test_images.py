"""Kept images in the store: one row per content hash, per-article records, pruning, and the schema 3 migration."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from reader.core.errors import NotFoundError
from reader.core.models import ArticleImage, Selection
from reader.core.refresh import write_entries
from reader.core.storage.images import ImageRow
from reader.core.storage.rows import EntryRow, FeedMeta
from reader.core.storage.schema import MIGRATIONS, SCHEMA_VERSION, statements
from reader.core.storage.store import Store

META = FeedMeta(checked_at=1_000_000.0, next_check=None, title="Pictures")
PIXELS = b"\x89PNG\r\n\x1a\n fake but distinct"
DIGEST = hashlib.sha256(PIXELS).hexdigest()


def entry(guid: str) -> EntryRow:
    return EntryRow(guid=guid, title=f"Story {guid}", title_key=f"story {guid}", content_hash="h", html=f"<p>{guid}</p>", text=guid)


@pytest.fixture
def store(tmp_path: Path):
    s = Store.open(tmp_path / "lib.db")
    feed_id, _ = s.add_feed("https://pictures.example/feed")
    write_entries(s, feed_id, META, [entry("a"), entry("b")])
    yield s
    s.close()


def ids(store: Store) -> list[int]:
    return sorted(a.id for a in store.articles(Selection()))


def kept(url: str) -> ImageRow:
    return ImageRow(url, DIGEST, "image/png", PIXELS, 4, 3)


def test_one_image_shown_by_two_articles_is_stored_once(store: Store) -> None:
    first, second = ids(store)
    assert store.record_images(first, [kept("https://a.example/x.png")]) == 1
    assert store.record_images(second, [kept("https://b.example/same-bytes.png")]) == 0
    assert store.image_totals() == (1, len(PIXELS))
    assert store.article_images(second) == [ArticleImage("https://b.example/same-bytes.png", DIGEST, "image/png", len(PIXELS))]
    assert store.kept_hash_for_url("https://a.example/x.png") == DIGEST
    assert store.kept_hash_for_url("https://nowhere.example/x.png") is None
    stored = store.image(DIGEST)
    assert stored is not None and (stored.data, stored.type) == (PIXELS, "image/png")


def test_a_refusal_is_recorded_but_never_replaces_a_kept_image(store: Store) -> None:
    first, _ = ids(store)
    store.record_images(first, [ImageRow("https://a.example/bad.svg", note="an SVG with a script is refused")])
    assert store.article_images(first) == [ArticleImage("https://a.example/bad.svg", note="an SVG with a script is refused")]
    store.record_images(first, [kept("https://a.example/x.png")])
    store.record_images(first, [ImageRow("https://a.example/x.png", note="not downloaded: connection refused")])
    assert [i.hash for i in store.article_images(first) if i.url.endswith("x.png")] == [DIGEST]


def test_reusing_a_hash_that_is_gone_records_nothing(store: Store) -> None:
    first, _ = ids(store)
    store.record_images(first, [ImageRow("https://a.example/x.png", DIGEST)])  # no bytes, and none stored
    assert store.article_images(first) == []


def test_an_unknown_article_is_refused(store: Store) -> None:
    with pytest.raises(NotFoundError):
        store.record_images(999, [kept("https://a.example/x.png")])


def test_pruning_drops_only_images_no_article_shows(store: Store) -> None:
    first, second = ids(store)
    store.record_images(first, [kept("https://a.example/x.png")])
    store.record_images(second, [ImageRow("https://a.example/y.png", "f" * 64, "image/gif", b"GIF89a...", 1, 1)])
    store.delete_feed(store.feeds()[0].id)  # both articles (unsaved) go, their image records with them
    assert store.image_totals()[0] == 2
    assert store.prune_images() == 2
    assert store.image_totals() == (0, 0)


def test_a_library_of_schema_2_is_migrated_with_images_and_full_stories(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for script in MIGRATIONS[:2]:
        for statement in statements(script):
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 2")
    conn.execute("INSERT INTO feeds(url, title, added_at, allow_images) VALUES ('https://old.example/rss', 'Old', 0, 1)")
    conn.execute(
        "INSERT INTO articles(feed_id, guid, title, title_key, first_seen, sort_date, content_hash, saved) "
        "VALUES (1, 'g1', 'Kept', 'kept', 0, 0, 'x', 1)"
    )
    conn.execute("INSERT INTO full_copies(article_id, html, text, fetched_at) VALUES (1, '<p>full</p>', 'full', 0)")
    conn.commit()
    conn.close()
    s = Store.open(path)
    assert s.version == SCHEMA_VERSION >= 3
    (feed,) = s.feeds()
    assert (feed.full_stories, feed.allow_images) == (False, True)
    s.set_feed_full_stories(feed.id, True)
    assert s.full_story_feeds() == {feed.id: True}
    (article,) = s.articles(Selection())
    s.record_images(article.id, [kept("https://old.example/x.png")])
    assert s.article_images(article.id)[0].hash == DIGEST
    assert s.full_copy(article.id).html == "<p>full</p>"
    s.close()


def test_stories_wanted_are_recent_untried_articles_newest_first(store: Store) -> None:
    feed_id = store.feeds()[0].id
    assert store.stories_wanted(feed_id, since=0, limit=10) == []  # no article has a link
    write_entries(
        store, feed_id, FeedMeta(checked_at=2_000_000.0, next_check=None),
        [EntryRow(guid=g, title=g, title_key=g, content_hash="h", url=f"https://pictures.example/{g}") for g in ("c", "d", "e")],
    )
    wanted = store.stories_wanted(feed_id, since=1_500_000, limit=10)
    assert [url.rsplit("/", 1)[1] for _, url in wanted] == ["e", "d", "c"]
    store.set_full_copy(wanted[0][0], None, None, error="server answered 503")  # tried: not wanted again
    assert len(store.stories_wanted(feed_id, since=1_500_000, limit=10)) == 2
    assert len(store.stories_wanted(feed_id, since=1_500_000, limit=1)) == 1
    assert store.stories_wanted(feed_id, since=2_500_000, limit=10) == []
    with pytest.raises(NotFoundError):
        store.set_feed_full_stories(999, True)
