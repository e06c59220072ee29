"""The store: schema and migrations, identity and update rules, tombstones, FTS."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reader.core.errors import CorruptLibraryError, InputError, NotFoundError, StorageError
from reader.core.models import Selection, SmartFeed
from reader.core.refresh import write_entries
from reader.core.storage import articles as articles_module
from reader.core.storage.fts import register_functions
from reader.core.storage.rows import EntryRow, FeedMeta, FullCopy
from reader.core.storage.schema import MIGRATIONS, SCHEMA_VERSION
from reader.core.storage.schema import statements as _statements
from reader.core.storage.store import Store


def row(guid: str, title: str = "", text: str = "", *, h: str = "1", published: float | None = None) -> EntryRow:
    title = title or f"Story {guid}"
    return EntryRow(guid=guid, title=title, title_key=title.lower(), content_hash=h, text=text or f"text of {guid}",
                    html=f"<p>{text or guid}</p>", published=published)


META = FeedMeta(checked_at=1_000_000.0, next_check=None, title="The Daily Example")


@pytest.fixture
def store(tmp_path: Path):
    s = Store.open(tmp_path / "lib.db")
    yield s
    s.close()


def add(store: Store, url: str = "https://example.org/feed") -> int:
    feed_id, new = store.add_feed(url)
    assert new
    return feed_id


def test_new_library_is_at_current_schema_with_wal(store: Store) -> None:
    assert store.version == SCHEMA_VERSION
    conn = sqlite3.connect(store.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_reopen_keeps_everything(tmp_path: Path) -> None:
    s = Store.open(tmp_path / "lib.db")
    fid = add(s)
    write_entries(s, fid, META, [row("a"), row("b")])
    s.set_read([1], True)
    s.close()
    again = Store.open(tmp_path / "lib.db")
    arts = again.articles(Selection())
    assert {a.guid for a in arts} == {"a", "b"}
    assert [a.read for a in arts if a.guid == "a"] == [True]
    again.close()


def test_database_written_by_schema_1_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for statement in _statements(MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO feeds(url, title, added_at) VALUES ('https://old.example/rss', 'Old', 0)")
    conn.execute(
        "INSERT INTO articles(feed_id, guid, title, title_key, first_seen, sort_date, content_hash, read, saved) "
        "VALUES (1, 'g1', 'Kept', 'kept', 0, 0, 'x', 1, 1)"
    )
    conn.commit()
    conn.close()
    s = Store.open(path)
    assert s.version == SCHEMA_VERSION > 1
    (article,) = s.articles(Selection())
    assert (article.title, article.read, article.saved) == ("Kept", True, True)
    s.set_full_copy(article.id, "<p>full</p>", "full text")  # a table added by schema 2
    assert s.full_copy(article.id) == FullCopy("<p>full</p>", None)
    s.close()


def test_database_written_by_schema_2_gets_rules_hidden_and_kept_counts(tmp_path: Path) -> None:
    path = tmp_path / "v2.db"
    conn = sqlite3.connect(path)
    for script in MIGRATIONS[:2]:
        for statement in _statements(script):
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 2")
    conn.execute("INSERT INTO feeds(id, url, title, added_at) VALUES (1, 'https://a.example/rss', 'A', 0), "
                 "(2, 'https://b.example/rss', 'B', 0)")
    for i, (feed, read) in enumerate([(1, 0), (1, 0), (1, 1), (2, 0), (None, 0)]):
        conn.execute(
            "INSERT INTO articles(feed_id, guid, title, title_key, first_seen, sort_date, content_hash, read, saved, "
            "orphan_feed_title) VALUES (?, ?, 't', 't', 0, ?, 'x', ?, ?, ?)",
            (feed, f"g{i}", float(i), read, int(feed is None), "Gone" if feed is None else None),
        )
    conn.commit()
    conn.close()
    s = Store.open(path)
    assert s.version == SCHEMA_VERSION >= 3
    assert s.unread_counts() == {1: 2, 2: 1}  # counted once by the migration, kept by triggers after
    assert s.smart_counts(0.0) == {SmartFeed.UNREAD: 4, SmartFeed.TODAY: 4, SmartFeed.SAVED: 1}  # the orphan too
    assert s.rules() == [] and s.smart_feeds() == []
    assert all(not hidden for (hidden,) in sqlite3.connect(path).execute("SELECT hidden FROM articles"))
    assert s.count_problems() == []
    s.close()


def test_database_written_by_schema_4_gains_the_retry_after_hold(tmp_path: Path) -> None:
    path = tmp_path / "v4.db"
    conn = sqlite3.connect(path)
    for script in MIGRATIONS[:4]:
        for statement in _statements(script):
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 4")
    conn.execute("INSERT INTO feeds(url, title, added_at, next_check, error_count) VALUES ('https://old.example/rss', 'Old', 0, 99, 2)")
    conn.commit()
    conn.close()
    s = Store.open(path)
    assert s.version == SCHEMA_VERSION >= 5
    (state,) = s.feed_states()
    assert (state.url, state.next_check, state.error_count, state.wait_until) == ("https://old.example/rss", 99, 2, None)
    s.record_error(state.id, "HTTP 429", 10.0, 3610.0, wait_until=3610.0)
    assert s.feed_states()[0].wait_until == 3610.0
    s.close()


def test_newer_schema_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(StorageError, match="newer Byline"):
        Store.open(path)


def test_corrupt_file_is_reported_and_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "lib.db"
    junk = b"this is not a database at all" * 100
    path.write_bytes(junk)
    with pytest.raises(CorruptLibraryError, match="left untouched"):
        Store.open(path, check=True)
    assert path.read_bytes() == junk


def test_updated_entry_keeps_read_and_saved_state(store: Store) -> None:
    fid = add(store)
    write_entries(store, fid, META, [row("a", "First title")])
    (a,) = store.articles(Selection())
    store.set_read([a.id], True)
    store.set_saved([a.id], True)
    counts = write_entries(store, fid, META, [row("a", "Corrected title", h="2")])
    assert (counts.new, counts.updated) == (0, 1)
    (b,) = store.articles(Selection())
    assert (b.id, b.title, b.read, b.saved) == (a.id, "Corrected title", True, True)


def test_unchanged_entry_is_not_rewritten(store: Store) -> None:
    fid = add(store)
    write_entries(store, fid, META, [row("a")])
    counts = write_entries(store, fid, META, [row("a")])
    assert (counts.new, counts.updated) == (0, 0)


def test_same_guid_in_two_feeds_is_two_articles(store: Store) -> None:
    f1, f2 = add(store, "https://a.example/f"), add(store, "https://b.example/f")
    write_entries(store, f1, META, [row("same")])
    write_entries(store, f2, META, [row("same")])
    assert len(store.articles(Selection())) == 2


def test_missing_date_gets_first_seen_and_keeps_it(store: Store) -> None:
    fid = add(store)
    write_entries(store, fid, META, [row("a")])
    later = FeedMeta(checked_at=META.checked_at + 5000, next_check=None)
    write_entries(store, fid, later, [row("a", h="2")])
    (rowid,) = store.article_ids(Selection())
    assert store.article_rows([rowid])[0].date.timestamp() == META.checked_at


def test_retention_tombstones_keep_removed_articles_away(store: Store) -> None:
    fid = add(store)
    write_entries(store, fid, META, [row("old", published=100.0), row("new", published=2_000_000.0), row("fav", published=50.0)])
    fav = [a for a in store.articles(Selection()) if a.guid == "fav"][0]
    store.set_saved([fav.id], True)
    removed = store.apply_retention(older_than=1_000_000.0)
    assert removed == 1
    # The feed still lists "old": it must not come back as unread.
    counts = write_entries(store, fid, META, [row("old", published=100.0), row("new", published=2_000_000.0), row("fav", published=50.0)])
    assert counts.new == 0
    assert {a.guid for a in store.articles(Selection())} == {"new", "fav"}


def test_saved_articles_survive_feed_deletion(store: Store) -> None:
    fid = add(store)
    write_entries(store, fid, META, [row("keep", "Keep me"), row("drop")])
    keep = [a for a in store.articles(Selection()) if a.guid == "keep"][0]
    store.set_saved([keep.id], True)
    assert store.delete_feed(fid) == 1
    (left,) = store.articles(Selection(smart=SmartFeed.SAVED))
    assert (left.id, left.feed_id, left.feed_title) == (keep.id, None, "The Daily Example")
    assert [r.article for r in store.search('"keep"')][0].id == keep.id
    assert store.search('"drop"') == []


def test_fts_follows_inserts_updates_and_deletes(store: Store) -> None:
    fid = add(store)
    write_entries(store, fid, META, [row("a", "Brussels talks", "alliance ministers met")])
    assert [r.article.guid for r in store.search('"ministers"')] == ["a"]
    write_entries(store, fid, META, [row("a", "Brussels talks", "diplomats gathered", h="2")])
    assert store.search('"ministers"') == []
    assert [r.article.guid for r in store.search('"diplomats"')] == ["a"]
    store.delete_feed(fid)
    assert store.search('"diplomats"') == []
    # The index's own table of documents (external content: article_fts itself reads the articles).
    fts_rows = sqlite3.connect(store.path).execute("SELECT count(*) FROM article_fts_docsize").fetchone()[0]
    assert fts_rows == 0
    assert store._conn.execute("INSERT INTO article_fts(article_fts, rank) VALUES ('integrity-check', 1)").rowcount


def test_full_copy_text_is_searchable_and_failure_keeps_copy(store: Store) -> None:
    fid = add(store)
    write_entries(store, fid, META, [row("a", "Teaser", "short teaser")])
    (a,) = store.articles(Selection())
    store.set_full_copy(a.id, "<p>the whole story with zeppelins</p>", "the whole story with zeppelins")
    assert [r.article.id for r in store.search('"zeppelins"')] == [a.id]
    store.set_full_copy(a.id, None, None, error="server answered 500")
    assert store.full_copy(a.id) == FullCopy("<p>the whole story with zeppelins</p>", "server answered 500")
    assert store.search('"zeppelins"')


def test_folders_nest_and_feed_moves(store: Store) -> None:
    world = store.ensure_folder(["News", "World"])
    assert store.ensure_folder(["News", "World"]) == world
    fid = add(store)
    store.move_feed(fid, world)
    assert store.feed(fid).folder == "News/World"
    news = store.folder_by_path(["News"])
    assert news is not None
    with pytest.raises(InputError):  # a request the user can fix, not a fault of the file
        store.move_folder(news, world)
    with pytest.raises(NotFoundError):
        store.move_feed(9999, None)


def test_folder_selection_includes_subfolders(store: Store) -> None:
    world = store.ensure_folder(["News", "World"])
    news = store.folder_by_path(["News"])
    fid = add(store)
    store.move_feed(fid, world)
    write_entries(store, fid, META, [row("a")])
    assert len(store.article_ids(Selection(folder_id=news))) == 1


def test_mark_all_read_and_counts(store: Store) -> None:
    f1, f2 = add(store, "https://a.example/f"), add(store, "https://b.example/f")
    write_entries(store, f1, META, [row("a"), row("b")])
    write_entries(store, f2, META, [row("c")])
    assert store.unread_counts() == {f1: 2, f2: 1}
    assert store.mark_all_read(Selection(feed_id=f1)) == 2
    assert store.unread_counts() == {f2: 1}
    assert store.smart_counts(0.0)[SmartFeed.UNREAD] == 1


def test_failed_write_rolls_back(store: Store) -> None:
    fid = add(store)
    bad = [row("a"), EntryRow(guid="b", title=None, title_key="", content_hash="x")]  # type: ignore[arg-type]
    with pytest.raises(sqlite3.IntegrityError):
        write_entries(store, fid, META, bad)
    assert store.articles(Selection()) == []


def test_backup_is_a_consistent_copy(store: Store, tmp_path: Path) -> None:
    fid = add(store)
    write_entries(store, fid, META, [row("a")])
    store.backup_to(tmp_path / "copy.db")
    copy = Store.open(tmp_path / "copy.db", check=True)
    assert len(copy.articles(Selection())) == 1
    copy.close()


def test_database_written_by_schema_10_gets_listed_counts(tmp_path: Path) -> None:
    """Schema 11 counts each feed's listed articles once, feeds with every article read included
    (schema 8's triggers kept no row for those), and its triggers keep the tally after that."""
    path = tmp_path / "v10.db"
    conn = sqlite3.connect(path)
    register_functions(conn)  # schema 5 packs the bodies with them
    for script in MIGRATIONS[:10]:
        for statement in _statements(script):
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 10")
    conn.execute("INSERT INTO feeds(id, url, title, added_at) VALUES (1, 'https://a.example/rss', 'A', 0), "
                 "(2, 'https://b.example/rss', 'B', 0)")
    for i, (feed, read, hidden) in enumerate([(1, 1, 0), (1, 1, 0), (1, 1, 1), (2, 0, 0), (2, 1, 0)]):
        conn.execute(
            "INSERT INTO articles(feed_id, guid, title, title_key, first_seen, sort_date, content_hash, read, hidden) "
            "VALUES (?, ?, 't', 't', 0, ?, 'x', ?, ?)",
            (feed, f"g{i}", float(i), read, hidden),
        )
    conn.commit()
    assert conn.execute("SELECT feed_key FROM feed_counts").fetchall() == [(2,)]  # feed 1: all read, no row
    conn.close()
    s = Store.open(path)
    assert s.version == SCHEMA_VERSION >= 11
    assert s.count_problems() == []
    assert [s.article_list_head(Selection(feed_id=f), 5)[0] for f in (1, 2)] == [2, 2]
    assert s.article_list_head(Selection(), 5)[0] == 4
    s.set_hidden([1], True)
    s.set_read([4], True)
    assert s.article_list_head(Selection(), 5) == (3, s.article_ids(Selection()))
    assert s.count_problems() == []
    s.close()


def test_article_rows_and_ids_order(store: Store) -> None:
    fid = add(store)
    write_entries(store, fid, META, [row("a", published=100.0), row("b", published=300.0), row("c", published=200.0)])
    newest = store.article_ids(Selection())
    assert store.article_ids(Selection(), newest_first=False) == newest[::-1]
    rows = store.article_rows(newest)
    assert [r.title for r in rows] == ["Story b", "Story c", "Story a"]
    assert {r.feed_id for r in rows} == {fid}


@pytest.mark.parametrize("chunk", [3, 7, 100_000])
def test_the_packed_ids_and_the_head_match_the_list(store: Store, monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    """The window's list: ``article_id_array`` is ``article_ids`` packed, read in chunks (ties of date
    across a chunk's end included); the head counts and starts it."""
    monkeypatch.setattr(articles_module, "HEX_CHUNK", chunk)
    fid = add(store)
    write_entries(store, fid, META, [row(f"g{i}", published=1_000.0 + i % 7) for i in range(40)])
    store.set_read([3, 9], True)
    for selection in (Selection(), Selection(smart=SmartFeed.UNREAD), Selection(feed_id=fid, unread_only=True, keep=3)):
        for newest_first in (True, False):
            ids = store.article_ids(selection, newest_first=newest_first)
            packed = store.article_id_array(selection, newest_first=newest_first)
            assert packed.typecode == "q" and packed.tolist() == ids
            assert store.article_list_head(selection, 5, newest_first=newest_first) == (len(ids), ids[:5])
    cache = store._conn.execute("PRAGMA cache_size").fetchone()[0]
    assert store.article_id_array(Selection(feed_id=fid + 1)).tolist() == []
    assert not store._conn.in_transaction and store._conn.execute("PRAGMA cache_size").fetchone()[0] == cache


def test_next_unread_follows_list_order(store: Store) -> None:
    fid = add(store)
    write_entries(store, fid, META, [row(g, published=p) for g, p in (("a", 500.0), ("b", 400.0), ("c", 400.0), ("d", 100.0))])
    order = store.article_ids(Selection())
    store.set_read([order[1]], True)
    assert store.next_unread(Selection(), None) == order[0]
    assert store.next_unread(Selection(), order[0]) == order[2]  # order[1] is read
    assert store.next_unread(Selection(feed_id=fid), order[2]) == order[3]
    assert store.next_unread(Selection(), order[3]) is None
    assert store.next_unread(Selection(), order[3], newest_first=False) == order[2]


def test_feed_listing_counts_only_the_feeds_asked_for(store: Store) -> None:
    f1, f2 = add(store, "https://a.example/f"), add(store, "https://b.example/f")
    write_entries(store, f1, META, [row("a"), row("b")])
    write_entries(store, f2, META, [row("c")])
    assert store.unread_counts([f2]) == {f2: 1}
    assert store.feed(f1).unread == 2 and store.feed(f2).unread == 1
    assert store.feed_images(f1) is None
    store.set_feed_images(f1, False)
    assert store.feed_images(f1) is False and store.feed_images(9999) is None


def test_unread_list_in_date_order_reads_no_rows(store: Store) -> None:
    """Work counted: the Unread list's ids come from a covering index, not from every article's row."""
    fid = add(store)
    write_entries(store, fid, META, [row(f"g{i}", published=1_000.0 + i) for i in range(5)])
    store.set_read([2], True)
    sql = "SELECT a.id FROM articles a WHERE a.read = 0 ORDER BY a.sort_date DESC, a.id DESC"
    plan = " ".join(str(r[3]) for r in store._conn.execute("EXPLAIN QUERY PLAN " + sql))
    assert "articles_unread_by_date" in plan and "TEMP B-TREE" not in plan
    assert store.article_ids(Selection(smart=SmartFeed.UNREAD)) == [5, 4, 3, 1]


def test_lists_are_counted_from_the_kept_tallies(store: Store) -> None:
    """The head's length of a list of everything, a feed or a folder (all, unread or saved; a read
    article kept open; a deleted feed's saved articles) comes from ``feed_counts`` and equals the
    list; no statement counts the articles' rows."""
    news = store.ensure_folder(["News"])
    world = store.ensure_folder(["News", "World"])
    first, second, third = add(store, "https://a.example/feed"), add(store, "https://b.example/feed"), add(store, "https://c.example/feed")
    store.move_feed(second, world)
    for n, fid in enumerate((first, second, third)):
        write_entries(store, fid, META, [row(f"f{n}-{i}", published=1_000.0 + i) for i in range(12)])
    ids = {fid: store.article_ids(Selection(feed_id=fid)) for fid in (first, second, third)}
    store.set_read(ids[first][:5] + ids[second][:3], True)
    store.set_saved(ids[first][5:7] + ids[second][:2] + ids[third][:1], True)
    store.set_hidden([ids[second][5], ids[third][0]], True)  # listed and counted nowhere
    gone = add(store, "https://d.example/feed")
    write_entries(store, gone, META, [row(f"d-{i}", published=2_000.0 + i) for i in range(4)])
    store.set_saved(store.article_ids(Selection(feed_id=gone))[:2], True)
    store.delete_feed(gone)  # its two saved articles stay, under no feed
    read_kept, unread_kept = ids[second][1], ids[second][8]
    selections = [
        Selection(), Selection(smart=SmartFeed.ALL), Selection(smart=SmartFeed.ALL, unread_only=True),
        Selection(feed_id=first), Selection(feed_id=second), Selection(folder_id=news), Selection(folder_id=world),
        Selection(smart=SmartFeed.UNREAD), Selection(smart=SmartFeed.SAVED), Selection(unread_only=True),
        Selection(smart=SmartFeed.UNREAD, keep=read_kept), Selection(smart=SmartFeed.UNREAD, keep=unread_kept),
        Selection(feed_id=second, unread_only=True, keep=read_kept), Selection(feed_id=first, unread_only=True, keep=read_kept),
        Selection(smart=SmartFeed.SAVED, feed_id=second), Selection(folder_id=news, unread_only=True, keep=read_kept),
        Selection(folder_id=world, smart=SmartFeed.SAVED), Selection(folder_id=news, unread_only=True),
    ]
    statements: list[str] = []
    store._conn.set_trace_callback(statements.append)
    try:
        heads = [store.article_list_head(s, 3) for s in selections]
    finally:
        store._conn.set_trace_callback(None)
    assert not [s for s in statements if "count(*)" in s.lower()]
    for selection, (count, head) in zip(selections, heads, strict=True):
        listed = store.article_ids(selection)
        assert (count, head) == (len(listed), listed[:3]), selection
    assert store.article_list_head(Selection(), 3)[0] == 36 - 2 + 2
    assert store.count_problems() == []


def test_the_saved_list_walks_its_own_index(store: Store) -> None:
    """Work counted: the Saved list's first page is read through a partial index of saved rows in date
    order, not by walking every article in date order looking for saved ones (3.2 s at a million)."""
    fid = add(store)
    write_entries(store, fid, META, [row(f"g{i}", published=1_000.0 + i) for i in range(6)])
    store.set_saved([2, 5], True)
    statements: list[str] = []
    store._conn.set_trace_callback(statements.append)
    try:
        assert store.article_list_head(Selection(smart=SmartFeed.SAVED), 10) == (2, [5, 2])
    finally:
        store._conn.set_trace_callback(None)
    (head,) = [s for s in statements if "ORDER BY" in s]
    plan = " ".join(str(r[3]) for r in store._conn.execute("EXPLAIN QUERY PLAN " + head))
    assert "articles_saved_by_date" in plan and "TEMP B-TREE" not in plan


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads the open files from /proc")
def test_a_failed_write_leaves_no_file_open_once_closed(tmp_path: Path) -> None:
    """A write that fails (here: a read-only connection, as on a full or read-only disk) raises the user's
    error; closing the store then closes its files at once, not when the garbage collector gets to it."""
    import gc

    def open_files() -> list[str]:
        found = []
        for fd in Path("/proc/self/fd").iterdir():
            try:
                found.append(str(fd.readlink()))
            except OSError:  # gone while listed
                pass
        return [f for f in found if f.startswith(str(tmp_path))]

    store = Store.open(tmp_path / "lib.sqlite3")
    fid = add(store)
    store._conn.execute("PRAGMA query_only = 1")
    gc.disable()
    try:
        with pytest.raises(StorageError):
            write_entries(store, fid, META, [row("a")])
        assert open_files()
        store.close()
        assert open_files() == []
    finally:
        gc.enable()
