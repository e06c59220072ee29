"""Rescue: what a damaged library file still holds, back in a new library beside it."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.core.care import rescue_library
from reader.core.library import open_library
from reader.core.storage.store import Store

DB = "library.sqlite3"
PAGE = 4096
N = 300


def _rss(name: str, count: int) -> str:
    items = "".join(
        f"<item><title>{name} story {i}</title><guid>{name}-{i}</guid><link>https://{name}.example/{i}</link>"
        f"<description>{'Harbour words and more words. ' * (1500 if i == 7 else 60)} {name}{i}</description></item>"
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
    (data / "backups").mkdir(exist_ok=True)
    (data / "backups" / "saved-20261201-000000.sqlite3").write_bytes(b"a backup")
    return data, {"read": read, "saved": saved, "ids": set(ids)}


def _damaged(built: tuple[Path, dict[str, object]], tmp_path: Path, damage: Callable[[bytearray], bytearray]) -> Path:
    source, _ = built
    data = tmp_path / "lib"
    shutil.copytree(source, data)
    db = data / DB
    db.write_bytes(bytes(damage(bytearray(db.read_bytes()))))
    return data


def _truncated(d: bytearray) -> bytearray:
    return d[: (len(d) * 2 // 3) // PAGE * PAGE + 1000]


def _pages_zeroed(d: bytearray) -> bytearray:
    pages = len(d) // PAGE
    for k in range(pages // 3, pages // 3 + 12):
        d[k * PAGE : (k + 1) * PAGE] = bytes(PAGE)
    return d


def _header_overwritten(d: bytearray) -> bytearray:
    d[:100] = bytes((i * 37 + 11) % 251 for i in range(100))
    return d


def _first_page_zeroed(d: bytearray) -> bytearray:  # the header and the schema: every table's root is lost
    d[:PAGE] = bytes(PAGE)
    return d


def _interior_pages_garbled(d: bytearray) -> bytearray:  # every b-tree's inner pages: leaves are orphans
    for k in range(1, len(d) // PAGE):
        if d[k * PAGE] == 5:
            d[k * PAGE : (k + 1) * PAGE] = bytes((i * 91 + k) % 256 for i in range(PAGE))
    return d


DAMAGE = {
    "intact": (lambda d: d, N),
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
        assert (result.path / "backups" / "saved-20261201-000000.sqlite3").read_bytes() == b"a backup"
        if kind in ("intact", "header-overwritten", "first-page-zeroed"):
            assert c.articles == N and c.feeds == 2 and c.saved == len(want["saved"]) and c.read == len(want["read"])
            assert {f.folder for f in lib.feeds()} == {"News/Local", ""}
            assert lib.setting("retention_days") == 90
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
    counts = store.write_rescued(rows, lambda html: html)
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
