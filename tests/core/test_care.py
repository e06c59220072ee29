"""Rescue: what a damaged library file still holds, back in a new library beside it."""

from __future__ import annotations

import hashlib
import random
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.core.care import rescue_library
from reader.core.library import open_library
from reader.core.storage.store import Store

DB = "library.sqlite3"
PAGE = 4096
N = 300


WORDS = [f"{a}{b}" for a in ("har", "qu", "mil", "sto", "riv", "can", "lo", "ferr") for b in ("bour", "ay", "ler", "ne", "er", "al", "ck", "y")]


def _body(name: str, i: int, words: int) -> str:
    """Text that compresses about as feed HTML does (bodies are stored zstd-compressed since schema 5)."""
    pick = random.Random(f"{name}{i}")
    return " ".join(pick.choice(WORDS) + str(pick.randrange(100)) for _ in range(words))


def _rss(name: str, count: int) -> str:
    items = "".join(
        f"<item><title>{name} story {i}</title><guid>{name}-{i}</guid><link>https://{name}.example/{i}</link>"
        f"<description>{'Harbour words and more words. ' * 1500 + _body(name, i, 6000) if i == 7 else _body(name, i, 200)}"
        f" {name}{i}</description></item>"
        for i in range(count)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{name.title()}</title>{items}</channel></rss>'


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    """A library of two feeds in folders, read marks, saved articles (one with a full copy), a setting."""
    base = tmp_path_factory.mktemp("care")
    data = base / "lib"
    with open_library(data) as lib:
        for name, folder in (("quay", "News/Local"), ("mill", "")):
            (base / f"{name}.xml").write_text(_rss(name, N // 2))
            lib.add_feed(str(base / f"{name}.xml"), folder=folder)
        ids = sorted(a.id for a in lib.articles())
        read, saved = set(ids[::3]), set(ids[5::40])
        lib.mark_read(sorted(read))
        lib.mark_saved(sorted(saved))
        lib.store.set_full_copy(min(saved), "<p>the whole story of the quay</p>", "the whole story of the quay")
        from reader.core.storage.images import ImageRow

        picture = bytes(range(256)) * 40  # 10 KB: on overflow pages
        lib.store.record_images(min(saved), [
            ImageRow("https://quay.example/a.png", hash=hashlib.sha256(picture).hexdigest(), type="image/png", data=picture,
                     width=10, height=10),
            ImageRow("https://quay.example/b.png", note="too large"),
        ])
        lib.set_setting("retention_days", 90)
        lib.add_smart_feed("Quay unread", "quay is:unread")
    (data / "backups").mkdir(exist_ok=True)
    (data / "backups" / "saved-20261201-000000.sqlite3").write_bytes(b"a backup")
    with sqlite3.connect(f"file:{data / DB}?mode=ro", uri=True) as c:  # where the articles' rows are
        leaves = [r[0] for r in c.execute("SELECT pageno FROM dbstat WHERE name = 'articles' AND pagetype = 'leaf' ORDER BY pageno")]
    return data, {"read": read, "saved": saved, "ids": set(ids), "article_leaves": leaves}


Damage = Callable[[bytearray, list[int]], bytearray]


def _damaged(built: tuple[Path, dict[str, object]], tmp_path: Path, damage: Damage) -> Path:
    source, _ = built
    data = tmp_path / "lib"
    shutil.copytree(source, data)
    db = data / DB
    db.write_bytes(bytes(damage(bytearray(db.read_bytes()), built[1]["article_leaves"])))  # type: ignore[arg-type]
    return data


def _truncated(d: bytearray, _: list[int]) -> bytearray:
    return d[: (len(d) * 2 // 3) // PAGE * PAGE + 1000]


def _pages_zeroed(d: bytearray, article_leaves: list[int]) -> bytearray:
    """Twelve pages zeroed: six holding articles, and the six after the first of them, whatever they hold."""
    at = article_leaves[len(article_leaves) // 3]
    for number in {*article_leaves[len(article_leaves) // 3 + 8 :: 4][:6], *range(at, at + 6)}:
        d[(number - 1) * PAGE : number * PAGE] = bytes(PAGE)
    return d


def _header_overwritten(d: bytearray, _: list[int]) -> bytearray:
    d[:100] = bytes((i * 37 + 11) % 251 for i in range(100))
    return d


def _first_page_zeroed(d: bytearray, _: list[int]) -> bytearray:  # the header and the schema: every table's root is lost
    d[:PAGE] = bytes(PAGE)
    return d


def _interior_pages_garbled(d: bytearray, _: list[int]) -> bytearray:  # every b-tree's inner pages: leaves are orphans
    for k in range(1, len(d) // PAGE):
        if d[k * PAGE] == 5:
            d[k * PAGE : (k + 1) * PAGE] = bytes((i * 91 + k) % 256 for i in range(PAGE))
    return d


DAMAGE = {
    "intact": (lambda d, _: d, N),
    "truncated": (_truncated, N // 2),
    "pages-zeroed": (_pages_zeroed, N * 3 // 4),
    "header-overwritten": (_header_overwritten, N),
    "first-page-zeroed": (_first_page_zeroed, N),
    "interior-pages-garbled": (_interior_pages_garbled, N * 3 // 4),
}


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_rescue_gets_back_what_the_file_still_holds(built, tmp_path: Path, kind: str) -> None:
    damage, at_least = DAMAGE[kind]
    data = _damaged(built, tmp_path, damage)
    before = hashlib.sha256((data / DB).read_bytes()).hexdigest()
    files = sorted(p.name for p in data.iterdir())
    result = rescue_library(data)
    assert hashlib.sha256((data / DB).read_bytes()).hexdigest() == before  # the damaged file is never changed
    assert sorted(p.name for p in data.iterdir()) == files
    assert result.path.parent == data.parent and result.path.name.startswith("lib-rescued-")
    _, want = built
    c = result.counts
    print(f"{kind}: {c}, {result.unreadable} unreadable")
    assert at_least <= c.articles <= N
    with open_library(result.path, check=True) as lib:  # a sound library, at the current schema
        articles = {a.id: a for a in lib.articles()}
        assert len(articles) == c.articles
        assert set(articles) <= want["ids"]  # nothing invented
        assert {i for i, a in articles.items() if a.read} == want["read"] & set(articles)  # marks kept exactly
        assert {i for i, a in articles.items() if a.saved} == want["saved"] & set(articles)
        assert c.saved == len(want["saved"] & set(articles)) and c.read == len(want["read"] & set(articles))
        some = next(iter(articles.values()))
        assert any(h.article.id == some.id for h in lib.search(some.title.split()[-1] + " " + some.title.split()[0]))
        lib.store._conn.execute("INSERT INTO article_fts(article_fts) VALUES ('integrity-check')")  # the index matches the rows
        assert lib.store.count_problems() == []  # the tree's kept counts match the rows
        assert (result.path / "backups" / "saved-20261201-000000.sqlite3").read_bytes() == b"a backup"
        if kind in ("intact", "header-overwritten", "first-page-zeroed"):
            assert c.articles == N and c.feeds == 2 and c.saved == len(want["saved"]) and c.read == len(want["read"])
            assert {f.folder for f in lib.feeds()} == {"News/Local", ""}
            assert lib.setting("retention_days") == 90
            (smart,) = lib.smart_feeds()  # a smart feed comes back holding its matches, with its count
            quay_unread = [a for a in articles.values() if a.title.startswith("quay") and not a.read]
            assert smart.name == "Quay unread" and lib.tree_counts().searches[smart.id] == len(quay_unread) > 0
            assert {a.id for a in lib.articles(smart=smart.id)} == {a.id for a in quay_unread}
            assert lib.full_copy_error(min(want["saved"])) is None
            assert "whole story" in lib.render(min(want["saved"])).text
            images = {i.url: i for i in lib.article_images(min(want["saved"]))}
            if kind != "first-page-zeroed":  # which article shows which image (a WITHOUT ROWID table) needs the schema
                assert images["https://quay.example/b.png"].note == "too large"
                kept = images["https://quay.example/a.png"]
                assert kept.hash is not None and lib.store.image(kept.hash).data == bytes(range(256)) * 40
            else:
                assert images == {} and lib.store.image_totals()[0] == 0  # no image kept that no article shows
            long = next(a for a in articles.values() if a.title == "quay story 7")  # a body on overflow pages
            assert lib.render(long.id).text.count("Harbour words") == 1500
        lib.mark_read([some.id], False)  # and it is writable
        lib.refresh()


def test_rescue_reads_the_wal_too_and_not_the_freelist(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    (tmp_path / "f.xml").write_text(_rss("quay", 60))
    (tmp_path / "g.xml").write_text(_rss("mill", 60))
    lib = open_library(data)
    lib.add_feed(str(tmp_path / "f.xml"))
    gone = lib.add_feed(str(tmp_path / "g.xml")).feed.id
    lib.store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    lib.delete_feed(gone)  # its pages go to the freelist: they must not come back
    lib.store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    lib.store._conn.execute("PRAGMA wal_autocheckpoint = 0")
    lib.mark_read([1, 2, 3])  # these live only in the WAL
    lib.mark_saved([4])
    shutil.copytree(data, tmp_path / "copy")  # as a crash would leave it: the WAL not yet copied back
    lib.close()
    copy = tmp_path / "copy"
    assert (copy / f"{DB}-wal").stat().st_size > 0
    result = rescue_library(copy)
    assert (result.counts.feeds, result.counts.articles, result.counts.read, result.counts.saved) == (1, 60, 3, 1)


def test_nothing_there_is_a_clear_error(tmp_path: Path) -> None:
    from reader.core.errors import NotFoundError

    with pytest.raises(NotFoundError, match="no library file"):
        rescue_library(tmp_path / "empty")
    assert not list(tmp_path.glob("empty-rescued-*"))


def test_a_table_row_that_no_longer_fits_loses_that_row_only(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "x.sqlite3")
    feed = (None, None, "https://a.example/feed", None, "A", None, "", 0, 1.0)
    # id, feed_id, guid, url, title, title_key, author, published, updated, first_seen, sort_date, html,
    # is_html, base_url, categories, enclosures, content_hash, read
    kept = (None, 1, "g1", None, "Kept", "kept", None, None, None, 1.0, 1.0, "<p>kept</p>", 1, None, "[]", "[]", "h", 1)
    stale = (None, 1, "g1", None, "Stale copy", "stale", None, None, None, 1.0, 1.0, "", 1, None, "[]", "[]", "h", 0)
    damaged = (None, 1, "g2", None, None, "x", None, None, None, 1.0, 1.0)  # a NULL title
    lost_feed = (None, 9, "g3", None, "Lost feed", "lost", None, None, None, 1.0, 1.0, "", 1, None, "[]", "[]", "h", 0)
    rows = [("feeds", 1, feed), ("articles", 1, kept), ("articles", 1, stale), ("articles", 2, damaged), ("articles", 3, lost_feed)]
    counts = store.write_rescued(rows)
    assert (counts.feeds, counts.articles, counts.read) == (1, 1, 1)
    assert store.article(1).title == "Kept"  # the first copy of an id wins
    store.close()


def test_adopting_a_rescue_moves_the_damaged_folder_aside_unchanged(built, tmp_path: Path) -> None:
    from reader.core.care import adopt_rescued
    from reader.core.errors import StorageError

    data = _damaged(built, tmp_path, _header_overwritten)
    damaged = (data / DB).read_bytes()
    with pytest.raises(StorageError):  # no such rescued folder: nothing moves
        adopt_rescued(data, tmp_path / "missing")
    assert (data / DB).read_bytes() == damaged and not list(tmp_path.glob("lib-damaged-*"))
    result = rescue_library(data)
    assert adopt_rescued(data, result.path, now=0) == data
    assert (tmp_path / "lib-damaged-19700101-000000" / DB).read_bytes() == damaged
    assert not result.path.exists()
    with open_library(data, check=True) as lib:
        assert len(lib.articles()) == N


def test_a_library_older_than_one_copy_of_each_body_is_rescued_at_the_current_schema(tmp_path: Path) -> None:
    """A schema-4 file (bodies as text, an index with its own copy) comes back compressed and searchable."""
    from reader.core.storage.schema import MIGRATIONS, statements

    data = tmp_path / "lib"
    data.mkdir()
    conn = sqlite3.connect(data / DB)
    for script in MIGRATIONS[:4]:
        for statement in statements(script):
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 4")
    conn.execute("INSERT INTO feeds(id, url, title, added_at) VALUES (1, 'https://quay.example/rss', 'Quayside Gazette', 0)")
    for i in range(1, 41):
        body = f"<p>{_body('quay', i, 200)} lighthouse{i}</p>"
        conn.execute(
            "INSERT INTO articles(id, feed_id, guid, title, title_key, first_seen, sort_date, html, content_hash, read, saved) "
            "VALUES (?, 1, ?, ?, ?, 0, ?, ?, 'h', ?, ?)",
            (i, f"g{i}", f"Story {i}", f"story {i}", float(i), body, int(i % 2 == 0), int(i == 5)),
        )
        conn.execute("INSERT INTO article_fts(rowid, title, author, feed, body) VALUES (?, ?, '', 'Quayside Gazette', ?)",
                     (i, f"Story {i}", body))
    conn.commit()
    conn.close()
    result = rescue_library(data)
    assert (result.counts.feeds, result.counts.articles, result.counts.read, result.counts.saved) == (1, 40, 20, 1)
    with open_library(result.path, check=True) as lib:
        assert [h.article.id for h in lib.search("lighthouse17")] == [17]
        assert {h.article.id for h in lib.search("Quayside")} == set(range(1, 41))  # indexed under its feed's name
        assert "lighthouse3" in lib.render(3).text
        stored = dict(lib.store._conn.execute("SELECT typeof(html), count(*) FROM articles GROUP BY 1").fetchall())
        assert stored == {"blob": 40}  # one compressed copy of each body, as new writes are
        assert lib.store._conn.execute("INSERT INTO article_fts(article_fts) VALUES ('integrity-check')") is not None
        lib.mark_read([3])
        assert lib.article(3).read


def test_accounts_and_their_pending_marks_come_back_and_a_lost_accounts_feeds_do_not(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "x.sqlite3")
    shapes = store.table_shapes()

    def row(table: str, **values: object) -> tuple[object, ...]:  # a stored row: every column has its value
        defaults = {r[1]: r[4] for r in store._conn.execute(f"PRAGMA table_info({table})")}
        default = {c: store._conn.execute(f"SELECT {d or 'NULL'}").fetchone()[0] for c, d in defaults.items()}
        return tuple(values.get(c, default[c]) for c in shapes[table].columns)

    article = {"guid": "item", "title": "T", "title_key": "t", "first_seen": 1.0, "sort_date": 1.0, "content_hash": "h"}
    rows = [
        ("accounts", 1, row("accounts", kind="greader", name="Miniflux", url="https://mf.example", user="ann", added_at=1.0)),
        ("feeds", 1, row("feeds", url="sync:1:feed/1", title="Kept", added_at=1.0, account_id=1,
                         remote_id="feed/1")),
        ("feeds", 2, row("feeds", url="sync:2:feed/9", title="Of a lost account", added_at=1.0,
                         account_id=2, remote_id="feed/9")),
        ("articles", 1, row("articles", **article, feed_id=1, saved=1)),
        ("articles", 2, row("articles", **{**article, "guid": "other"}, feed_id=2, saved=1)),
        ("articles", 3, row("articles", **{**article, "guid": "third"}, feed_id=2, saved=0)),
        ("sync_changes", None, (1, "item", "saved", 1, 7, 0)),  # WITHOUT ROWID: no rowid
        ("sync_changes", None, (2, "other", "read", 1, 8, 0)),
    ]
    counts = store.write_rescued(rows)
    assert (counts.feeds, counts.articles, counts.saved) == (1, 2, 2)  # the lost account's saved article stays
    assert [a.name for a in store.accounts()] == ["Miniflux"]
    assert [(p.item_id, p.field, p.value) for p in store.pending_changes(1)] == [("item", "saved", True)]
    assert store._conn.execute("PRAGMA foreign_key_check").fetchall() == []
    store.close()


def test_the_damaged_verdict_stays_with_the_damaged_file(built, tmp_path: Path) -> None:
    """The daily check's verdict names the old file: the rescued folder opens at once, checked."""
    from reader.core import integrity
    from reader.core.errors import CorruptLibraryError

    data = _damaged(built, tmp_path, _pages_zeroed)
    with pytest.raises(CorruptLibraryError):
        integrity.run_check(data)
    assert (data / integrity.DAMAGED).is_file()
    with pytest.raises(CorruptLibraryError):
        open_library(data)
    result = rescue_library(data)
    assert not (result.path / integrity.DAMAGED).exists() and not integrity.is_due(result.path)
    assert (data / integrity.DAMAGED).is_file()  # the old folder as it was
    with open_library(result.path) as lib:
        assert len(lib.articles()) == result.counts.articles
