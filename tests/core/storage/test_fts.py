"""One copy of each body: compressed HTML, an external-content index kept by triggers, and schema 5's migration."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from reader.core.content.text import html_text
from reader.core.refresh import write_entries
from reader.core.storage.fts import COPY_MARK, pack_html, register_functions, unpack_html
from reader.core.storage.rows import EntryRow, FeedMeta
from reader.core.storage.schema import MIGRATIONS, SCHEMA_VERSION, statements
from reader.core.storage.store import Store

META = FeedMeta(checked_at=1_000_000.0, next_check=None, title="Harbour Gazette")
LONG = "<p>" + " ".join(f"the ferry crossed the harbour at dawn number {i}" for i in range(40)) + "</p>"


def entry(guid: str, html: str, title: str = "", h: str = "1") -> EntryRow:
    title = title or f"Story {guid}"
    return EntryRow(guid=guid, title=title, title_key=title.lower(), content_hash=h, html=html, text=html_text(html))


def derived(guid: str, html: str) -> EntryRow:
    """An entry as the pipeline makes it: its text is the HTML's, so the store indexes it as it is."""
    return replace(entry(guid, html), text_is_derived=True)


def integrity(store: Store) -> None:
    """FTS5's own check that the index holds exactly what the articles say (raises when not)."""
    store._conn.execute("INSERT INTO article_fts(article_fts, rank) VALUES ('integrity-check', 1)")


def indexed_docs(path: Path) -> int:
    return sqlite3.connect(path).execute("SELECT count(*) FROM article_fts_docsize").fetchone()[0]


@pytest.fixture
def store(tmp_path: Path):
    s = Store.open(tmp_path / "lib.db")
    yield s
    s.close()


def test_bodies_are_stored_once_and_compressed(store: Store) -> None:
    fid, _ = store.add_feed("https://example.org/feed")
    write_entries(store, fid, META, [entry("a", LONG)])
    stored = store._conn.execute("SELECT html FROM articles").fetchone()[0]
    assert isinstance(stored, bytes) and len(stored) < len(LONG) / 3
    assert store.article(1).content == LONG
    # No table of the index holds the text: only the inverted index, sizes and config.
    tables = {r[0] for r in store._conn.execute("SELECT name FROM sqlite_master WHERE name LIKE 'article_fts%'")}
    assert "article_fts_content" not in tables
    assert [r.article.guid for r in store.search("ferry")] == ["a"]


def test_short_and_legacy_bodies_stay_text() -> None:
    assert pack_html("<p>hi</p>") == "<p>hi</p>"
    assert unpack_html("<p>plain</p>") == "<p>plain</p>"
    assert unpack_html(pack_html(LONG)) == LONG


def test_index_follows_updates_full_copies_renames_and_deletes(store: Store) -> None:
    fid, _ = store.add_feed("https://example.org/feed")
    write_entries(store, fid, META, [entry("a", LONG), entry("b", "<p>lighthouse keeper</p>")])
    write_entries(store, fid, META, [entry("a", "<p>the tugboat pulled the barge</p>", h="2")])
    assert store.search("ferry") == []
    assert [r.article.guid for r in store.search("tugboat")] == ["a"]
    store.set_full_copy(1, "<p>long read</p>", "the whole story of the quay")
    assert [r.article.guid for r in store.search("quay")] == ["a"]
    store.set_full_copy(1, "<p>again</p>", "now about the breakwater")
    assert store.search("quay") == [] and [r.article.guid for r in store.search("breakwater")] == ["a"]
    store.set_full_copy(1, None, None, error="gone")  # a failure keeps the copy and its index entry
    assert [r.article.guid for r in store.search("breakwater")] == ["a"]
    store.rename_feed(fid, "Dockside News")
    assert {r.article.guid for r in store.search("feed:dockside")} == {"a", "b"}
    integrity(store)
    store._conn.execute("DELETE FROM full_copies WHERE article_id = 1")  # any writer: a trigger follows
    assert store.search("breakwater") == [] and [r.article.guid for r in store.search("tugboat")] == ["a"]
    store.set_full_copy(1, "<p>x</p>", "the pier again")
    store.set_saved([1], True)
    store.delete_feed(fid)  # b goes; a is saved and stays
    assert store.search("lighthouse") == [] and [r.article.guid for r in store.search("pier")] == ["a"]
    integrity(store)
    store._conn.execute("DELETE FROM articles")  # the full copy goes by cascade: the index must not be hit twice
    integrity(store)
    assert indexed_docs(store.path) == 0


def test_snippet_text_has_the_copy_after_the_mark(store: Store) -> None:
    fid, _ = store.add_feed("https://example.org/feed")
    write_entries(store, fid, META, [entry("a", "<p>rowing club</p>")])
    store.set_full_copy(1, "<p>x</p>", "regatta results")
    (hit,) = store.search("regatta")
    assert "rowing club" in hit.text and "regatta results" in hit.text
    text = store._conn.execute("SELECT body FROM article_fts WHERE rowid = 1").fetchone()[0]
    assert text == "rowing club" + COPY_MARK + "regatta results"


def schema2_library(path: Path) -> None:
    """A library as Byline wrote it at schema 2: plain HTML, the text copied into the index."""
    conn = sqlite3.connect(path)
    for script in MIGRATIONS[:2]:
        for statement in statements(script):
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 2")
    conn.execute("INSERT INTO feeds(id, url, title, added_at) VALUES (1, 'https://example.org/f', 'Old Feed', 0)")
    bodies = {1: LONG, 2: "<p>short note on the quay</p>"}
    for i, html in bodies.items():
        conn.execute(
            "INSERT INTO articles(id, feed_id, guid, title, title_key, first_seen, sort_date, html, content_hash) "
            "VALUES (?, 1, ?, ?, '', 0, ?, ?, 'h')",
            (i, f"g{i}", f"Title {i}", float(i), html),
        )
        text = html_text(html)
        conn.execute("INSERT INTO article_fts(rowid, title, author, feed, body) VALUES (?, ?, '', 'Old Feed', ?)",
                     (i, f"Title {i}", text + (COPY_MARK + "saved copy words" if i == 2 else "")))
    conn.execute("INSERT INTO full_copies(article_id, html, text, fetched_at) VALUES (2, '<p>c</p>', 'saved copy words', 0)")
    conn.commit()
    conn.close()


def test_schema2_library_migrates_to_one_copy(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    schema2_library(path)
    s = Store.open(path)
    try:
        assert s.version == SCHEMA_VERSION
        assert isinstance(s._conn.execute("SELECT html FROM articles WHERE id = 1").fetchone()[0], bytes)
        assert s.article(1).content == LONG
        assert [r.article.id for r in s.search("ferry")] == [1]
        assert [r.article.id for r in s.search("copy")] == [2]
        assert {r.article.id for r in s.search("feed:old")} == {1, 2}
        integrity(s)
        assert s._conn.execute("PRAGMA freelist_count").fetchone()[0] == 0  # compacted after the migration
        s.set_read([1], True)  # and it takes writes as a new library does
        s.delete_feed(1)
        integrity(s)
    finally:
        s.close()


def test_a_plain_connection_cannot_silently_break_the_index(store: Store) -> None:
    fid, _ = store.add_feed("https://example.org/feed")
    write_entries(store, fid, META, [entry("a", LONG)])
    raw = sqlite3.connect(store.path)
    with pytest.raises(sqlite3.OperationalError, match="byline_text"):
        raw.execute("UPDATE articles SET title = 'x'")
    raw.close()
    plain = sqlite3.connect(store.path)
    register_functions(plain)
    assert plain.execute("SELECT count(*) FROM article_fts WHERE article_fts MATCH 'ferry'").fetchone()[0] == 1
    plain.close()


def _statements_of_a_write(store: Store, feed_id: int, rows: list[EntryRow], monkeypatch) -> tuple[int, int]:
    """Statements the store ran for one feed write, and calls of the index's text function (the view's body)."""
    from reader.core.storage import connection

    ran: list[str] = []
    calls: list[int] = []
    real_execute, real_many = connection._Cursor.execute, connection._Cursor.executemany
    with monkeypatch.context() as m:
        m.setattr(connection._Cursor, "execute", lambda self, sql, params=(): ran.append(sql) or real_execute(self, sql, params))
        m.setattr(connection._Cursor, "executemany", lambda self, sql, seq: ran.append(sql) or real_many(self, sql, seq))
        conn = store._conn
        conn.create_function("byline_text", 1, lambda stored: calls.append(1) or html_text(unpack_html(stored)), deterministic=True)
        try:
            write_entries(store, feed_id, META, rows)
        finally:
            register_functions(conn, conn.text_hints)
    return len(ran), len(calls)


def test_a_feed_write_costs_the_same_few_statements_whatever_its_size(store: Store, monkeypatch) -> None:
    """Work counted: new entries go in a few multi-row statements, indexed from their own text (no view read)."""
    small, big = store.add_feed("https://example.org/small")[0], store.add_feed("https://example.org/big")[0]
    few = _statements_of_a_write(store, small, [derived(f"s{i}", LONG) for i in range(5)], monkeypatch)
    many = _statements_of_a_write(store, big, [derived(f"b{i}", LONG) for i in range(150)], monkeypatch)
    assert few[0] <= 12 and many[0] == few[0] + 1  # 150 rows: two INSERTs of articles, one of index entries
    assert few[1] == many[1] == 0  # the text is the row's: the index's view is never read
    integrity(store)
    assert len(store.search("ferry", limit=200)) == 155


def test_entries_without_their_text_are_indexed_through_the_view(store: Store) -> None:
    fid, _ = store.add_feed("https://example.org/feed")
    plain = EntryRow(guid="p", title="Plain", title_key="plain", content_hash="1", html=LONG, text="")
    write_entries(store, fid, META, [plain, derived("d", "<p>lighthouse keeper</p>")])
    integrity(store)
    assert [h.article.guid for h in store.search("ferry")] == ["p"]
    assert [h.article.guid for h in store.search("lighthouse")] == ["d"]


def test_bodies_are_packed_and_unpacked_on_many_threads_at_once() -> None:
    """zstd contexts are per thread: one shared by threads crashes the process (seen with two threads)."""
    import threading

    bodies = [LONG.replace("ferry", f"ferry{i}") for i in range(8)]
    failures: list[str] = []

    def churn(body: str) -> None:
        for _ in range(300):
            if unpack_html(pack_html(body)) != body:
                failures.append(body)

    threads = [threading.Thread(target=churn, args=(b,)) for b in bodies]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
