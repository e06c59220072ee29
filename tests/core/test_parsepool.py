"""ParsePool: processes, thread or inline; lazy start, fallback, and the refresh using it."""

from __future__ import annotations

import multiprocessing
import os

import pytest

import reader.core.refresh as refresh
from reader.core.errors import ParseError
from reader.core.models import FeedStatus
from reader.core.parsepool import ENV, PROCESS_MIN_FEEDS, ParsePool, PoolKind, choose_kind
from tests.servers import FeedServer, Response


def square_in(x: int) -> tuple[int, int]:
    """The square, and the pid that computed it."""
    return x * x, os.getpid()


def fail(message: str) -> None:
    raise ParseError(message)


def die_in_worker(x: int) -> int:
    """Kill the worker process it runs in; on the main process just answer."""
    if multiprocessing.parent_process() is not None:
        os._exit(3)
    return x + 1


def test_choice_follows_size_and_environment(monkeypatch) -> None:
    monkeypatch.delenv(ENV, raising=False)
    assert choose_kind(500) is PoolKind.THREAD  # the default: docs/decisions.md
    monkeypatch.setenv(ENV, "process")
    assert choose_kind(PROCESS_MIN_FEEDS) is PoolKind.PROCESS
    monkeypatch.setenv(ENV, "inline")
    assert choose_kind(500) is PoolKind.INLINE
    monkeypatch.setenv(ENV, "nonsense")
    assert choose_kind(500) is PoolKind.THREAD


@pytest.mark.parametrize("kind", list(PoolKind))
def test_results_and_errors_come_back(kind: PoolKind) -> None:
    with ParsePool(kind, workers=2) as pool:
        assert not pool.started
        futures = [pool.submit(square_in, n) for n in range(6)]
        results = [pool.result(f, square_in, n) for n, f in enumerate(futures)]
        assert [r[0] for r in results] == [n * n for n in range(6)]
        pids = {r[1] for r in results}
        assert (os.getpid() not in pids) if kind is PoolKind.PROCESS else (pids == {os.getpid()})
        with pytest.raises(ParseError, match="broken feed"):
            pool.submit(fail, "broken feed").result()
    assert not pool.started  # closed


def test_a_dead_worker_falls_back_to_this_process() -> None:
    pool = ParsePool(PoolKind.PROCESS, workers=1)
    try:
        future = pool.submit(die_in_worker, 41)
        assert pool.result(future, die_in_worker, 41) == 42  # run again here
        assert pool.kind is PoolKind.THREAD and pool.fell_back
        assert pool.submit(die_in_worker, 1).result() == 2
    finally:
        pool.close()


# --- the refresh on each kind of pool ---------------------------------------------------------


def rss(n: int, items: int) -> bytes:
    body = "".join(
        f"<item><title>Story {n}.{i}</title><guid>s{n}-{i}</guid><link>https://news.example.org/{n}/{i}</link>"
        f"<description>&lt;p&gt;Paragraph {i} of &lt;b&gt;feed {n}&lt;/b&gt;.&lt;/p&gt;</description></item>"
        for i in range(items)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {n}</title>'
        f"<link>https://news.example.org/</link>{body}</channel></rss>"
    ).encode()


@pytest.mark.parametrize("kind", list(PoolKind))
def test_refresh_parses_on_each_pool_and_304s_start_nothing(kind: PoolKind, library, feed_server: FeedServer, monkeypatch) -> None:
    monkeypatch.setenv(ENV, kind.value)
    made: list[ParsePool] = []
    original = ParsePool.for_refresh

    def spy(feeds: int) -> ParsePool:
        made.append(original(feeds))
        return made[-1]

    monkeypatch.setattr(refresh.ParsePool, "for_refresh", staticmethod(spy))
    ids = []
    for n in range(3):
        feed_server.route(f"/{n}.xml", Response(body=rss(n, 1), content_type="application/rss+xml", etag=f'"a{n}"'))
        ids.append(library.add_feed(feed_server.url(f"/{n}.xml")).feed.id)
    for n in range(3):
        feed_server.route(f"/{n}.xml", Response(body=rss(n, 4), content_type="application/rss+xml", etag=f'"b{n}"'))
    feed_server.route("/2.xml", Response(body=b"<html><body>moved</body></html>", content_type="text/html"))

    results = {r.feed_id: r for r in library.refresh_iter()}
    assert [(results[i].status, results[i].new) for i in ids[:2]] == [(FeedStatus.UPDATED, 3)] * 2
    assert results[ids[2]].status is FeedStatus.FAILED and "web page" in (results[ids[2]].error or "")
    assert len(library.articles(feed_id=ids[0])) == 4
    assert made[-1].kind is kind and made[-1].submitted == 3 and not made[-1].started  # closed afterwards

    feed_server.route("/2.xml", Response(body=rss(2, 4), content_type="application/rss+xml", etag='"b2"'))
    list(library.refresh_iter([ids[2]]))
    made.clear()
    results = {r.feed_id: r for r in library.refresh_iter()}
    assert {r.status for r in results.values()} == {FeedStatus.NOT_MODIFIED}
    assert len(made) == 1 and made[0].submitted == 0  # nothing to parse: no worker was started
