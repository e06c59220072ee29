"""The refresh engine against feeds served on 127.0.0.1."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.decide import is_due
from reader.core.models import FeedStatus, RefreshProgress, Selection
from reader.core.storage.rows import Icon
from tests.servers import FeedServer, Response


def rss(title: str, *items: tuple[str, str], ttl: int | None = None) -> bytes:
    body = "".join(
        f"<item><title>{t}</title><guid>{g}</guid><link>https://news.example.org/{g}</link>"
        f"<description>&lt;p&gt;Story about {t}.&lt;/p&gt;</description></item>"
        for g, t in items
    )
    ttl_tag = f"<ttl>{ttl}</ttl>" if ttl else ""
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>https://news.example.org/</link>{ttl_tag}{body}</channel></rss>"
    ).encode()


ONE = rss("Quarry Gazette", ("q1", "Quarry reopens"))
TWO = rss("Quarry Gazette", ("q1", "Quarry reopens"), ("q2", "Gravel prices fall"))


def serve(server: FeedServer, path: str, body: bytes, **kw) -> str:
    server.route(path, Response(body=body, content_type="application/rss+xml", **kw))
    return server.url(path)


def add(library, url: str) -> int:
    return library.add_feed(url).feed.id


# --- behaviours -------------------------------------------------------------------------------


def test_new_entries_then_not_modified_by_etag(library, feed_server: FeedServer) -> None:
    url = serve(feed_server, "/f.xml", ONE, etag='"one"')
    feed_id = add(library, url)
    serve(feed_server, "/f.xml", TWO, etag='"two"')
    (r,) = library.refresh_iter()
    assert (r.status, r.new) == (FeedStatus.UPDATED, 1)
    (r,) = library.refresh_iter()
    assert r.status is FeedStatus.NOT_MODIFIED
    assert feed_server.requests[-1].headers.get("if-none-match") == '"two"'
    assert len(library.articles(feed_id=feed_id)) == 2


def test_unchanged_body_without_validators_is_not_parsed_again(library, feed_server: FeedServer, monkeypatch) -> None:
    url = serve(feed_server, "/plain.xml", ONE)
    add(library, url)
    import reader.core.refresh as refresh

    calls = []
    monkeypatch.setattr(refresh, "parse_feed", lambda *a, **k: calls.append(1))
    (r,) = library.refresh_iter()
    assert r.status is FeedStatus.NOT_MODIFIED and calls == []


def test_301_updates_stored_url_302_does_not(library, feed_server: FeedServer) -> None:
    old = serve(feed_server, "/old.xml", ONE)
    feed_id = add(library, old)
    new = serve(feed_server, "/new.xml", TWO)
    feed_server.route("/old.xml", Response.redirect(new, 301))
    list(library.refresh_iter())
    assert library.feed(feed_id).url == new

    temp_src = serve(feed_server, "/temp.xml", ONE)
    temp_id = add(library, temp_src)
    target = serve(feed_server, "/elsewhere.xml", TWO)
    feed_server.route("/temp.xml", Response.redirect(target, 302))
    list(library.refresh_iter([temp_id]))
    assert library.feed(temp_id).url == temp_src


def test_errors_are_recorded_and_articles_kept(library, feed_server: FeedServer) -> None:
    url = serve(feed_server, "/f.xml", TWO)
    feed_id = add(library, url)
    feed_server.route("/f.xml", Response(status=500))
    (r,) = library.refresh_iter()
    assert r.status is FeedStatus.FAILED and "500" in (r.error or "")
    feed = library.feed(feed_id)
    assert "500" in (feed.last_error or "")
    assert len(library.articles(feed_id=feed_id)) == 2
    state = library.store.feed_states([feed_id])[0]
    assert state.error_count == 1 and state.next_check > time.time()
    (r,) = library.refresh_iter(force=False)  # backing off: not due
    assert r.status is FeedStatus.SKIPPED
    serve(feed_server, "/f.xml", TWO)
    (r,) = library.refresh_iter()
    assert r.status is FeedStatus.NOT_MODIFIED and library.feed(feed_id).last_error is None


def test_410_marks_gone_until_a_forced_refresh(library, feed_server: FeedServer) -> None:
    url = serve(feed_server, "/f.xml", ONE)
    feed_id = add(library, url)
    feed_server.route("/f.xml", Response(status=410))
    (r,) = library.refresh_iter()
    assert r.status is FeedStatus.FAILED
    assert library.feed(feed_id).gone and "forced refresh" in (library.feed(feed_id).last_error or "")
    hits = feed_server.hits["/f.xml"]
    (r,) = library.refresh_iter(force=False)  # the window's timer
    assert r.status is FeedStatus.SKIPPED and feed_server.hits["/f.xml"] == hits
    for named in (None, [feed_id]):  # a manual refresh of everything, or of this feed: held, and says so
        (r,) = library.refresh_iter(named)
        assert r.status is FeedStatus.HELD and feed_server.hits["/f.xml"] == hits
        assert "gone" in (r.error or "") and "forced refresh" in (r.error or "")
    serve(feed_server, "/f.xml", TWO)
    (r,) = library.refresh_iter([feed_id], override=True)  # the user forces it
    assert r.status is FeedStatus.UPDATED and not library.feed(feed_id).gone
    assert feed_server.hits["/f.xml"] == hits + 1


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_is_honoured(library, feed_server: FeedServer, status: int) -> None:
    url = serve(feed_server, "/f.xml", ONE)
    feed_id = add(library, url)
    feed_server.route("/f.xml", Response(status=status, headers={"Retry-After": "7200"}))
    before = time.time()
    list(library.refresh_iter())
    state = library.store.feed_states([feed_id])[0]
    assert state.next_check >= before + 7200 - 5


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_holds_back_manual_refreshes_until_forced(library, feed_server: FeedServer, status: int) -> None:
    url = serve(feed_server, "/f.xml", ONE)
    feed_id = add(library, url)
    feed_server.route("/f.xml", Response(status=status, headers={"Retry-After": "3600"}))
    (r,) = library.refresh_iter()
    assert r.status is FeedStatus.FAILED
    hits = feed_server.hits["/f.xml"]
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(library.store.feed_states([feed_id])[0].wait_until))
    assert f"not asked again before {when}" in (library.feed(feed_id).last_error or "")
    serve(feed_server, "/f.xml", TWO)
    for _ in range(3):  # a manual refresh of everything, and of this one feed, honour the server
        for named in (None, [feed_id]):
            (r,) = library.refresh_iter(named)
            assert r.status is FeedStatus.HELD and f"not asked again before {when}" in (r.error or "")
    assert feed_server.hits["/f.xml"] == hits
    summary = library.refresh()
    assert (summary.checked, summary.held) == (0, 1)
    (r,) = library.refresh_iter([feed_id], override=True)  # the explicit override asks at once
    assert r.status is FeedStatus.UPDATED and r.new == 1
    assert feed_server.hits["/f.xml"] == hits + 1
    state = library.store.feed_states([feed_id])[0]
    assert state.wait_until is None and library.feed(feed_id).last_error is None
    (r,) = library.refresh_iter()  # and the hold is gone with the server's answer
    assert r.status is FeedStatus.NOT_MODIFIED


def test_an_expired_retry_after_no_longer_holds(library, feed_server: FeedServer) -> None:
    url = serve(feed_server, "/f.xml", ONE)
    feed_id = add(library, url)
    feed_server.route("/f.xml", Response(status=429, headers={"Retry-After": "120"}))
    list(library.refresh_iter())
    with library.store.transaction() as c:  # two minutes later
        c.execute("UPDATE feeds SET wait_until = wait_until - 121, next_check = next_check - 121")
    serve(feed_server, "/f.xml", TWO)
    (r,) = library.refresh_iter(force=False)
    assert r.status is FeedStatus.UPDATED and library.store.feed_states([feed_id])[0].wait_until is None


def test_html_page_instead_of_feed_says_so(library, feed_server: FeedServer) -> None:
    url = serve(feed_server, "/f.xml", ONE)
    feed_id = add(library, url)
    feed_server.route("/f.xml", Response(body=b"<!doctype html><html><head><title>Shop</title></head><body><p>Hi</p></body></html>", content_type="text/html"))
    (r,) = library.refresh_iter()
    assert r.status is FeedStatus.FAILED and "web page" in (r.error or "")
    assert len(library.articles(feed_id=feed_id)) == 1


def test_ttl_sets_next_check_floor(library, feed_server: FeedServer) -> None:
    url = serve(feed_server, "/f.xml", rss("Slow Weekly", ("w1", "Weekly notes"), ttl=60 * 24 * 3))
    feed_id = add(library, url)
    state = library.store.feed_states([feed_id])[0]
    assert state.next_check >= time.time() + 3 * 86400 - 60
    assert not is_due(state, time.time())


def test_progress_and_concurrency(library, feed_server: FeedServer) -> None:
    feed_server.latency = 0.05
    ids = [add(library, serve(feed_server, f"/f{i}.xml", rss(f"Feed {i}", (f"a{i}", f"Story {i}")))) for i in range(12)]
    for i in range(12):
        serve(feed_server, f"/f{i}.xml", rss(f"Feed {i}", (f"a{i}", f"Story {i}"), (f"b{i}", f"Second {i}")))
    seen: list[RefreshProgress] = []
    summary = library.refresh(workers=6, progress=seen.append)
    assert summary.checked == 12 and summary.new_articles == 12
    assert seen[0].done == 0 and seen[-1].done == seen[-1].total == 12
    assert seen[-1].new_articles == 12
    assert len(library.articles()) == 24 and len(ids) == 12


def test_cancel_stops_promptly_and_library_stays_consistent(library, feed_server: FeedServer) -> None:
    for i in range(20):
        add(library, serve(feed_server, f"/c{i}.xml", rss(f"C {i}", (f"x{i}", f"Item {i}"))))
    for i in range(20):
        feed_server.route(f"/c{i}.xml", Response(body=TWO, delay_before_headers=2.0))
    cancel = threading.Event()
    started = time.monotonic()
    timer = threading.Timer(0.3, cancel.set)
    timer.start()
    results = list(library.refresh_iter(workers=4, cancel=cancel))
    timer.join()
    assert time.monotonic() - started < 10
    assert len(results) < 20
    assert library.store._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    feed_server.latency = 0
    for i in range(20):
        serve(feed_server, f"/c{i}.xml", TWO)
    summary = library.refresh(workers=8)
    assert summary.failed == 0 and summary.checked == 20


def test_feed_deleted_during_refresh_is_not_resurrected(library, feed_server: FeedServer) -> None:
    url = serve(feed_server, "/f.xml", ONE)
    feed_id = add(library, url)
    serve(feed_server, "/f.xml", TWO)
    it = library.refresh_iter()
    library.delete_feed(feed_id)
    list(it)
    assert library.feeds() == [] and library.articles() == []


def test_local_file_feed_refreshes(library, tmp_path: Path) -> None:
    path = tmp_path / "local.xml"
    path.write_bytes(ONE)
    feed_id = add(library, str(path))
    path.write_bytes(TWO)
    (r,) = library.refresh_iter()
    assert (r.status, r.new) == (FeedStatus.UPDATED, 1)
    path.unlink()
    (r,) = library.refresh_iter()
    assert r.status is FeedStatus.FAILED and "cannot read" in (r.error or "")
    assert len(library.articles(feed_id=feed_id)) == 2


def test_feeds_parsed_while_a_write_runs_are_written_together(library, tmp_path: Path, monkeypatch) -> None:
    """When storing is the slow lane, the parses that finish during a write go into the next one
    together: fewer transactions than feeds, every feed stored and reported once."""
    import reader.core.refresh as refresh

    ids = []
    for n in range(6):
        path = tmp_path / f"local-{n}.xml"
        path.write_bytes(rss(f"Local {n}", (f"l{n}", f"Local story {n}")))
        ids.append(add(library, str(path)))
        path.write_bytes(rss(f"Local {n}", (f"l{n}", f"Local story {n}"), (f"m{n}", f"Later story {n}")))
    groups: list[int] = []
    real = refresh.write_feeds

    def slow_first(store, feeds, rule_set=None):  # type: ignore[no-untyped-def]
        groups.append(len(feeds))
        if len(groups) == 1:
            time.sleep(0.5)  # the other feeds' parses finish meanwhile
        return real(store, feeds, rule_set)

    monkeypatch.setattr(refresh, "write_feeds", slow_first)
    results = list(library.refresh_iter())
    assert sorted(r.feed_id for r in results) == sorted(ids) and all(r.new == 1 for r in results)
    assert sum(groups) == 6 and len(groups) < 6 and max(groups) > 1
    assert len(library.articles()) == 12


def test_read_marks_survive_a_concurrent_refresh(library, feed_server: FeedServer) -> None:
    url = serve(feed_server, "/f.xml", TWO)
    feed_id = add(library, url)
    ids = [a.id for a in library.articles(feed_id=feed_id)]
    serve(feed_server, "/f.xml", rss("Quarry Gazette", ("q1", "Quarry reopens, updated"), ("q2", "Gravel prices fall")), etag='"x"')
    done = threading.Event()

    def mark() -> None:
        library.mark_read(ids, True)  # another thread: its own connection
        library.mark_saved(ids[:1], True)
        done.set()

    t = threading.Thread(target=mark)
    t.start()
    list(library.refresh_iter())
    t.join()
    assert done.is_set()
    arts = library.articles(feed_id=feed_id)
    assert all(a.read for a in arts) and sum(a.saved for a in arts) == 1
    assert any(a.title == "Quarry reopens, updated" for a in arts)
    assert library.articles(unread=True) == [] and Selection() is not None


PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def test_feed_icon_is_fetched_once_and_cached(library, feed_server: FeedServer) -> None:
    site = feed_server.url("/")
    body = rss("Iconic", ("i1", "With an icon")).replace(b"https://news.example.org/", site.encode())
    url = serve(feed_server, "/f.xml", body)
    feed_server.route("/", Response(body=b'<html><head><link rel="icon" href="/icon.png"></head></html>', content_type="text/html"))
    feed_server.route("/icon.png", Response(body=PNG_1PX, content_type="image/png"))
    feed_id = add(library, url)
    list(library.refresh_iter())
    assert library.feed_icon(feed_id) == Icon(PNG_1PX, "image/png")
    list(library.refresh_iter())
    assert feed_server.hits["/icon.png"] == 1


def test_feeds_of_one_site_share_one_icon_look_up(library, feed_server: FeedServer) -> None:
    site = feed_server.url("/")
    feed_server.route("/", Response(body=b"<html><head></head></html>", content_type="text/html"))
    feed_server.route("/favicon.ico", Response(body=PNG_1PX, content_type="image/png"))
    ids = []
    for name in ("a", "b", "c"):
        body = rss(f"Section {name}", (f"{name}1", f"Story {name}")).replace(b"https://news.example.org/", site.encode())
        ids.append(add(library, serve(feed_server, f"/{name}.xml", body)))
    list(library.refresh_iter())
    assert all(library.feed_icon(i) == Icon(PNG_1PX, "image/png") for i in ids)
    assert feed_server.hits["/favicon.ico"] == 1


def test_per_feed_interval_override(library, feed_server: FeedServer) -> None:
    url = serve(feed_server, "/f.xml", ONE)
    feed_id = add(library, url)
    library.set_feed_images(feed_id, True)
    library.set_feed_interval(feed_id, 5)
    list(library.refresh_iter())
    state = library.store.feed_states([feed_id])[0]
    assert state.interval_override == 300
    assert state.next_check == pytest.approx(state.last_checked + 300, abs=1)
    assert library.feed(feed_id).allow_images is True  # one option does not reset the other
    library.set_feed_interval(feed_id, None)
    list(library.refresh_iter())
    state = library.store.feed_states([feed_id])[0]
    assert state.next_check == pytest.approx(state.last_checked + 3600, abs=1)


def test_stored_entries_are_indexed_without_deriving_their_text_again(library, feed_server: FeedServer, monkeypatch) -> None:
    """Work counted: the pipeline's text goes to the index as it is (one html_text per entry, in prepare)."""
    from reader.core.content import pipeline
    from reader.core.storage import fts

    items = [(f"s{i}", f"Story number {i}") for i in range(30)]
    fid = add(library, serve(feed_server, "/big.xml", rss("Quarry Gazette", ("s0", "Story number 0"))))
    serve(feed_server, "/big.xml", rss("Quarry Gazette", *items))
    derived: list[int] = []
    prepared: list[int] = []
    real_indexed, real_html_text = fts.indexed_text, pipeline.html_text
    monkeypatch.setattr(fts, "indexed_text", lambda stored: derived.append(1) or real_indexed(stored))
    monkeypatch.setattr(pipeline, "html_text", lambda html: prepared.append(1) or real_html_text(html))
    summary = library.refresh([fid])
    assert summary.new_articles == 29
    assert derived == [] and len(prepared) == 30
    assert {h.article.title for h in library.search("number")} >= {f"Story number {i}" for i in range(30)}
    library.store._conn.execute("INSERT INTO article_fts(article_fts, rank) VALUES ('integrity-check', 1)")


# --- the content hash ------------------------------------------------------------------------------


def _hash_as_stored(*parts: object) -> str:
    """The content hash as every stored article has it: SHA-1 over each part's repr and a unit separator."""
    import hashlib

    h = hashlib.sha1()
    for part in parts:
        h.update(repr(part).encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()


@given(st.text(alphabet=st.sampled_from("ab <>'\"\\\n\t\r\x00\x1b\x7f\x80é€\u2028\ud800")) | st.text())
def test_quick_repr_is_repr(text: str) -> None:
    from reader.core.refresh import quick_repr

    assert quick_repr(text) == repr(text)


@given(st.lists(st.one_of(st.text(), st.none(), st.integers(), st.datetimes(), st.tuples(st.text())), max_size=6))
def test_content_hash_never_changes_for_stored_articles(parts: list[object]) -> None:
    from reader.core.refresh import content_hash

    assert content_hash(*parts) == _hash_as_stored(*parts)


def test_fetches_in_flight_count_against_the_held_bytes_at_the_mean_body_size() -> None:
    """Big feeds: a fetch in flight will hold a body as big as those seen, so fewer start (memory, issue 15)."""
    from reader.core.refresh import _BodySizes

    sizes = _BodySizes(clock=lambda: 0.0)
    for _ in range(4):
        sizes.add(400_000)  # the bench corpus: 50 entries, ~0.4 MB
    assert sizes.room(4 << 20, in_flight=3) == 7  # 10 bodies fit, 3 are on their way
    for _ in range(12):
        sizes.add(3_600_000)  # 500-entry feeds move the mean to 2.8 MB
    assert sizes.room(4 << 20, in_flight=1) == 0
    assert sizes.room(4 << 20, in_flight=0) == 1  # never stalls: one fetch may always run
    assert sizes.room(-5, in_flight=0) == 1 and sizes.room(-5, in_flight=2) == 0


def test_before_any_body_is_back_a_few_fetches_start_then_the_window_after_a_wait() -> None:
    """Twelve 3.6 MB bodies arriving at once were a big-feed refresh's peak; dead servers must not stall it."""
    from reader.core.refresh import _BodySizes

    now = [100.0]
    sizes = _BodySizes(clock=lambda: now[0])
    assert sizes.room(4 << 20, in_flight=0) == _BodySizes.FIRST
    assert sizes.room(4 << 20, in_flight=_BodySizes.FIRST) == 0
    now[0] += _BodySizes.FIRST_WAIT  # nothing came back in time (slow or dead servers)
    assert sizes.room(4 << 20, in_flight=_BodySizes.FIRST) == 4 << 20  # the window alone decides
    fresh = _BodySizes(clock=lambda: now[0])
    fresh.add(0)  # a 304: no body, and nothing learned about sizes
    assert fresh.room(4 << 20, in_flight=1) == 4 << 20


def test_a_refresh_expecting_304s_starts_its_whole_window_at_once() -> None:
    """Feeds with validators are usually answered without a body: holding them to two costs a round trip."""
    from types import SimpleNamespace

    from reader.core.refresh import _BodySizes

    warm = [SimpleNamespace(etag='"v1"', last_modified=None), SimpleNamespace(etag=None, last_modified="Tue, 01 Dec 2026")]
    cold = [*warm, SimpleNamespace(etag=None, last_modified=None)]  # one never fetched: a body may come
    assert _BodySizes.for_feeds(warm).room(4 << 20, in_flight=0) == 2  # type: ignore[arg-type]
    assert _BodySizes.for_feeds(warm * 6).room(4 << 20, in_flight=0) == 12  # type: ignore[arg-type]
    assert _BodySizes.for_feeds(cold * 4).room(4 << 20, in_flight=0) == _BodySizes.FIRST  # type: ignore[arg-type]


def test_rows_are_made_letting_each_entry_go_once_its_row_is_made(monkeypatch: pytest.MonkeyPatch) -> None:
    """take_rows empties the list it is given as it goes: a big feed's raw entries and rows are not all held."""
    from reader.core import entries as module
    from reader.core.feeds.parse import parse_feed

    items = "".join(
        f"<item><guid>g{i}</guid><title>T{i}</title><description>&lt;p&gt;body {i}&lt;/p&gt;</description></item>"
        for i in range(5)
    )
    feed = parse_feed(f"<rss version='2.0'><channel><title>F</title>{items}</channel></rss>".encode(), url="http://127.0.0.1/f")
    entries = list(feed.entries)
    held: list[int] = []
    real_row = module.EntryRow

    def row(**fields: object) -> object:
        held.append(sum(e is not None for e in entries))  # while this row is made
        return real_row(**fields)  # type: ignore[arg-type]

    monkeypatch.setattr(module, "EntryRow", row)
    rows = module.take_rows(entries)  # type: ignore[arg-type]
    assert [r.title for r in rows] == [f"T{i}" for i in range(5)]
    assert held == [4, 3, 2, 1, 0] and entries == [None] * 5
    assert [r.guid for r in module.entry_rows(feed)] == [r.guid for r in rows]  # the feed's own list is left alone
    assert len(feed.entries) == 5


def test_big_blocks_go_back_to_the_system_on_glibc() -> None:
    """The refresh fixes glibc's mmap threshold once (memory no longer grows with feed size); elsewhere nothing."""
    import ctypes
    import platform

    from reader.core import refresh

    tuned = refresh._big_blocks_back_to_the_system()
    assert refresh._big_blocks_back_to_the_system() is tuned  # once per process
    on_glibc = platform.system() == "Linux" and hasattr(ctypes.CDLL(None), "gnu_get_libc_version")
    assert tuned is on_glibc
