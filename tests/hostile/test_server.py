"""Hostile servers: each case turns a behaving feed server hostile, refreshes, then lets it behave again.

The feed always gets a one-line per-feed error, its stored articles (and their
read/saved marks) are untouched, the refresh ends within the fetcher's small
limits, and the next refresh against a behaving server works.
"""

from __future__ import annotations

import dataclasses
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from reader.core.library import Library, open_library
from reader.core.models import FeedStatus
from reader.core.net.fetch import Fetcher, FetchLimits
from tests.servers import FeedServer, Request, Response

LIMITS = FetchLimits(connect_timeout=0.5, read_timeout=0.5, deadline=2.0, max_body=1_000_000, max_decoded=2_000_000)
BOUND = LIMITS.deadline + 3.0  # seconds any one refresh may take here


def feed(version: int, count: int = 3) -> bytes:
    items = "".join(
        f"<item><title>Story {i} v{version}</title><guid>s{i}</guid><link>https://ok.example/{i}</link>"
        f"<description>Body {i} version {version}</description></item>"
        for i in range(count + version)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Served</title>{items}</channel></rss>'.encode()


def good(version: int) -> Response:
    return Response(body=feed(version), content_type="application/rss+xml")


def _compressed(size: int, wbits: int, members: int = 1) -> bytes:
    out = b""
    chunk = b"\0" * (1 << 20)
    for _ in range(members):
        c = zlib.compressobj(9, zlib.DEFLATED, wbits)
        out += b"".join(c.compress(chunk) for _ in range(size >> 20)) + c.flush()
    return out


@dataclass(frozen=True)
class Case:
    route: Callable[[FeedServer], None]
    expect: tuple[str, ...]  # any of these in the error (lower case)
    max_traced_mb: float | None = None


def _routes(**paths: Response) -> Callable[[FeedServer], None]:
    def apply(server: FeedServer) -> None:
        for name, response in paths.items():
            server.route("/" + name.replace("_", "-") if name != "feed" else "/feed.xml", response)

    return apply


def _redirect_chain(n: int) -> Callable[[FeedServer], None]:
    def apply(server: FeedServer) -> None:
        server.route("/feed.xml", Response.redirect("/hop0"))
        for i in range(n):
            server.route(f"/hop{i}", Response.redirect(f"/hop{i + 1}", status=302))

    return apply


def _to(location: str, status: int = 301) -> Callable[[FeedServer], None]:
    return lambda server: server.route("/feed.xml", Response.redirect(location, status))


def _serve(response: Response | Callable[[Request], Response]) -> Callable[[FeedServer], None]:
    return lambda server: server.route("/feed.xml", response)


GZIP_BOMB = _compressed(64 << 20, 31)  # 64 MB of zeros in ~64 KB
ZLIB_BOMB = _compressed(64 << 20, 15)
RAW_DEFLATE_BOMB = _compressed(64 << 20, -15)
GZIP_MEMBERS_BOMB = _compressed(4 << 20, 31, members=8)

CASES: dict[str, Case] = {
    "redirect-loop": Case(
        _routes(feed=Response.redirect("/loop-a"), loop_a=Response.redirect("/loop-b", 302), loop_b=Response.redirect("/feed.xml", 307)),
        ("redirect loop", "too many redirects"),
    ),
    "redirect-chain-too-long": Case(_redirect_chain(20), ("too many redirects",)),
    "redirect-to-file": Case(_to("file:///etc/passwd"), ("refused redirect", "file")),
    "redirect-to-exec": Case(_to("exec:id", 302), ("refused redirect",)),
    "redirect-to-javascript": Case(_to("javascript:alert(1)", 308), ("refused redirect",)),
    "redirect-to-data": Case(_to("data:application/rss+xml,<rss/>", 307), ("refused redirect",)),
    "redirect-without-location": Case(_serve(Response(status=302)), ("without saying where",)),
    "gone-410": Case(_serve(Response(status=410, body=b"gone")), ("410", "gone")),
    "rate-limited-429": Case(_serve(Response(status=429, headers={"Retry-After": "120"})), ("429",)),
    "unavailable-503-date": Case(
        _serve(Response(status=503, headers={"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT"})), ("503",)
    ),
    "server-error-500": Case(_serve(Response(status=500, body=b"oops")), ("500",)),
    "endless-body": Case(_serve(Response(body=feed(0), content_type="application/rss+xml", endless=True)), ("larger than", "timed out")),
    "dripping-body": Case(_serve(Response(body=feed(0) * 20, drip=(64, 0.05))), ("timed out", "too slow")),
    "gzip-bomb": Case(_serve(Response(body=GZIP_BOMB, headers={"Content-Encoding": "gzip"})), ("decompressed",), 40),
    "deflate-bomb": Case(_serve(Response(body=ZLIB_BOMB, headers={"Content-Encoding": "deflate"})), ("decompressed",), 40),
    "raw-deflate-bomb": Case(_serve(Response(body=RAW_DEFLATE_BOMB, headers={"Content-Encoding": "deflate"})), ("decompressed",), 40),
    "gzip-members-bomb": Case(_serve(Response(body=GZIP_MEMBERS_BOMB, headers={"Content-Encoding": "gzip"})), ("decompressed",), 40),
    "corrupt-gzip": Case(_serve(Response(body=b"\x1f\x8b\x08\x00garbage" * 50, headers={"Content-Encoding": "gzip"})), ("corrupt",)),
    "unknown-encoding": Case(_serve(Response(body=feed(0), headers={"Content-Encoding": "br"})), ("compression",)),
    "content-length-too-long": Case(_serve(Response(body=feed(0), content_length=len(feed(0)) + 5000)), ("broke off", "lost", "timed out")),
    "content-length-too-short": Case(_serve(Response(body=feed(0), content_length=12)), ("not an rss", "not well-formed", "could not be read")),
    "content-length-huge": Case(_serve(Response(body=feed(0), content_length=10**12)), ("larger than",)),
    "stall-before-headers": Case(_serve(Response(body=feed(0), delay_before_headers=5)), ("timed out",)),
    "stall-after-headers": Case(_serve(Response(body=feed(0), stall_after_headers=5)), ("timed out",)),
    "huge-header": Case(_serve(Response(body=feed(0), headers={"X-Filler": "a" * 200_000})), ("broke off", "lost", "error")),
    "html-instead": Case(_serve(Response(body=b"<!doctype html><html><body>Login</body></html>", content_type="text/html")), ("web page",)),
    "empty-body": Case(_serve(Response(body=b"", content_type="application/rss+xml")), ("empty",)),
}


@pytest.fixture
def served(library: Library, feed_server: FeedServer) -> Iterator[tuple[Library, FeedServer, int]]:
    """A subscribed feed with one read and one saved article, and the small-limits fetcher."""
    feed_server.route("/feed.xml", good(0))
    feed_server.route("/favicon.ico", Response(status=404))
    feed_id = library.add_feed(feed_server.url("/feed.xml")).feed.id
    ids = [a.id for a in library.articles(feed_id=feed_id)]
    library.mark_read(ids[:1])
    library.mark_saved(ids[1:2])
    with open_library(library.data_dir, fetcher=Fetcher(LIMITS)) as small:
        yield small, feed_server, feed_id


def snapshot(library: Library, feed_id: int) -> list[tuple[int, str, bool, bool, str]]:
    return [(a.id, a.title, a.read, a.saved, library.article(a.id).content) for a in library.articles(feed_id=feed_id)]


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_server_gives_a_per_feed_error_and_loses_nothing(
    served: tuple[Library, FeedServer, int], name: str
) -> None:
    library, server, feed_id = served
    case = CASES[name]
    before = snapshot(library, feed_id)
    url_before = library.feed(feed_id).url
    case.route(server)

    if case.max_traced_mb is not None:
        tracemalloc.start()
    started = time.monotonic()
    try:
        results = list(library.refresh_iter([feed_id], workers=2))
    finally:
        elapsed = time.monotonic() - started
        peak_mb = tracemalloc.get_traced_memory()[1] / 1e6 if case.max_traced_mb is not None else 0.0
        if case.max_traced_mb is not None:
            tracemalloc.stop()

    print(f"{name}: {elapsed:.2f} s, peak {peak_mb:.1f} MB traced, error: {results[0].error if results else None}")
    assert elapsed < BOUND, f"{name}: refresh took {elapsed:.1f} s"
    assert [r.status for r in results] == [FeedStatus.FAILED], results
    error = results[0].error or ""
    assert error and "\n" not in error and len(error) < 500
    assert any(word in error.lower() for word in case.expect), f"{name}: {error}"
    assert library.feed(feed_id).last_error == error
    assert library.feed(feed_id).url == url_before  # a hostile redirect never moves the feed
    assert snapshot(library, feed_id) == before
    if case.max_traced_mb is not None:
        assert peak_mb < case.max_traced_mb, f"{name}: {peak_mb:.0f} MB traced"
    state = library.store.feed_states([feed_id])[0]
    if name == "rate-limited-429":
        assert state.next_check is not None and state.next_check >= time.time() + 100
    if name == "gone-410":
        assert state.gone
        assert list(library.refresh_iter(workers=2)) and library.store.feed_states([feed_id])[0].gone  # not polled

    server.route("/feed.xml", good(1))
    (result,) = library.refresh_iter([feed_id], workers=2, override=True)  # 410 and Retry-After hold until forced
    assert result.status is FeedStatus.UPDATED, result.error
    assert result.new == 1
    assert library.feed(feed_id).last_error is None
    after = {row[0]: row for row in snapshot(library, feed_id)}
    for article_id, _, read, saved, _ in before:
        assert after[article_id][2:4] == (read, saved)  # marks survive the update


def test_many_hostile_feeds_at_once_finish_together(library: Library, feed_server: FeedServer) -> None:
    """Every hostile case on its own path, refreshed concurrently with one good feed: bounded in total."""
    feed_server.route("/favicon.ico", Response(status=404))
    names = [n for n in CASES if not n.startswith("redirect")]
    for n in names:
        feed_server.route(f"/{n}.xml", good(0))
    feed_server.route("/good.xml", good(0))
    ids = {n: library.add_feed(feed_server.url(f"/{n}.xml")).feed.id for n in names}
    good_id = library.add_feed(feed_server.url("/good.xml")).feed.id
    for n in names:
        probe = FeedServer()
        CASES[n].route(probe)
        feed_server.route(f"/{n}.xml", probe.routes["/feed.xml"])
    feed_server.route("/good.xml", good(1))
    wide = Fetcher(dataclasses.replace(LIMITS, per_host=32))  # one host here; the cap is not under test
    with open_library(library.data_dir, fetcher=wide) as lib:
        started = time.monotonic()
        results = {r.feed_id: r for r in lib.refresh_iter(workers=16)}
        elapsed = time.monotonic() - started
    assert elapsed < BOUND + 2, elapsed
    assert results[good_id].status is FeedStatus.UPDATED
    assert all(results[i].status is FeedStatus.FAILED for i in ids.values())


@pytest.mark.parametrize("value", ["Wed, 21 Oct 2099 07:28:00 GMT", "10000000000"])
def test_a_hostile_retry_after_is_capped(served: tuple[Library, FeedServer, int], value: str) -> None:
    library, server, feed_id = served
    server.route("/feed.xml", Response(status=503, headers={"Retry-After": value}))
    (result,) = library.refresh_iter([feed_id], workers=2)
    assert result.status is FeedStatus.FAILED
    state = library.store.feed_states([feed_id])[0]
    assert state.next_check is not None and state.next_check <= time.time() + 7 * 86400
