"""Fetcher against hostile and ordinary servers on 127.0.0.1."""

from __future__ import annotations

import gzip
import socket
import threading
import time
import tracemalloc
import zlib
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from reader.core.errors import FetchError, UnsafeURLError
from reader.core.net.agent import USER_AGENT
from reader.core.net.fetch import Fetcher, FetchLimits, parse_max_age, parse_retry_after
from tests.servers import Request, Response

RSS = b"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title></channel></rss>"
FAST = FetchLimits(connect_timeout=2, read_timeout=0.5, deadline=1.5)
GENEROUS = 5.0  # seconds: a loose upper bound for "stopped promptly"


@pytest.fixture
def fetcher():
    f = Fetcher(FAST)
    yield f
    f.close()


def _elapsed(fn) -> tuple[float, BaseException | None]:
    start = time.monotonic()
    try:
        fn()
    except BaseException as err:  # noqa: BLE001 - returned for assertions
        return time.monotonic() - start, err
    return time.monotonic() - start, None


# --- ordinary answers ----------------------------------------------------------


def test_200_returns_body_and_validators(feed_server, fetcher):
    feed_server.route(
        "/feed.xml",
        Response(body=RSS, content_type="application/rss+xml", etag='"v1"', last_modified="Tue, 01 Apr 2025 10:00:00 GMT", headers={"Cache-Control": "public, max-age=600"}),
    )
    result = fetcher.fetch(feed_server.url("/feed.xml"))
    assert result.status == 200
    assert result.body == RSS
    assert result.etag == '"v1"'
    assert result.last_modified == "Tue, 01 Apr 2025 10:00:00 GMT"
    assert result.content_type == "application/rss+xml"
    assert result.max_age == 600
    assert result.not_modified is False
    assert result.permanent_url is None
    assert result.url == feed_server.url("/feed.xml")


def test_conditional_request_sends_validators_and_304_is_not_modified(feed_server, fetcher):
    lm = "Tue, 01 Apr 2025 10:00:00 GMT"
    feed_server.route("/feed.xml", Response(body=RSS, etag='"v1"', last_modified=lm))
    result = fetcher.fetch(feed_server.url("/feed.xml"), etag='"v1"', last_modified=lm)
    assert result.not_modified is True
    assert result.status == 304
    assert result.body == b""
    assert result.etag == '"v1"'
    sent = feed_server.requests[-1].headers
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == lm
    # A stale validator gets the full body.
    fresh = fetcher.fetch(feed_server.url("/feed.xml"), etag='"v0"')
    assert fresh.status == 200 and fresh.body == RSS


def test_if_modified_since_alone_gives_304(feed_server, fetcher):
    lm = "Tue, 01 Apr 2025 10:00:00 GMT"
    feed_server.route("/feed.xml", Response(body=RSS, last_modified=lm))
    assert fetcher.fetch(feed_server.url("/feed.xml"), last_modified=lm).not_modified
    assert "if-none-match" not in feed_server.requests[-1].headers


def test_user_agent_and_accept_encoding_sent(feed_server, fetcher):
    feed_server.route("/feed.xml", Response(body=RSS))
    fetcher.fetch(feed_server.url("/feed.xml"))
    headers = feed_server.requests[-1].headers
    assert headers["user-agent"] == USER_AGENT
    assert USER_AGENT.startswith("Byline/")
    assert "gzip" in headers["accept-encoding"]
    assert "application/rss+xml" in headers["accept"]


def test_gzip_and_deflate_bodies_are_decoded(feed_server, fetcher):
    feed_server.route("/gz", Response(body=gzip.compress(RSS), headers={"Content-Encoding": "gzip"}))
    feed_server.route("/zlib", Response(body=zlib.compress(RSS), headers={"Content-Encoding": "deflate"}))
    raw = zlib.compressobj(wbits=-15)
    feed_server.route("/raw", Response(body=raw.compress(RSS) + raw.flush(), headers={"Content-Encoding": "deflate"}))
    for path in ("/gz", "/zlib", "/raw"):
        assert fetcher.fetch(feed_server.url(path)).body == RSS


# --- redirects -----------------------------------------------------------------


@pytest.mark.parametrize("code", [301, 308])
def test_permanent_redirect_chain_gives_permanent_url(feed_server, fetcher, code):
    feed_server.route("/old", Response.redirect("/older", code))
    feed_server.route("/older", Response.redirect(feed_server.url("/new"), code))
    feed_server.route("/new", Response(body=RSS))
    result = fetcher.fetch(feed_server.url("/old"))
    assert result.body == RSS
    assert result.url == feed_server.url("/new")
    assert result.permanent_url == feed_server.url("/new")


@pytest.mark.parametrize("code", [302, 303, 307])
def test_temporary_redirect_keeps_url(feed_server, fetcher, code):
    feed_server.route("/old", Response.redirect("/new", code))
    feed_server.route("/new", Response(body=RSS))
    result = fetcher.fetch(feed_server.url("/old"))
    assert result.body == RSS
    assert result.url == feed_server.url("/new")
    assert result.permanent_url is None


def test_permanent_then_temporary_is_not_permanent(feed_server, fetcher):
    feed_server.route("/a", Response.redirect("/b", 301))
    feed_server.route("/b", Response.redirect("/c", 302))
    feed_server.route("/c", Response(body=RSS))
    result = fetcher.fetch(feed_server.url("/a"))
    assert result.url == feed_server.url("/c")
    assert result.permanent_url is None


def test_redirect_loop_fails(feed_server, fetcher):
    feed_server.route("/a", Response.redirect("/b", 302))
    feed_server.route("/b", Response.redirect("/a", 302))
    with pytest.raises(FetchError, match="redirect"):
        fetcher.fetch(feed_server.url("/a"))


def test_too_many_redirects(feed_server):
    for i in range(5):
        feed_server.route(f"/r{i}", Response.redirect(f"/r{i + 1}", 301))
    feed_server.route("/r5", Response(body=RSS))
    with Fetcher(FetchLimits(read_timeout=2, deadline=5, max_redirects=3)) as f:
        with pytest.raises(FetchError, match="too many redirects"):
            f.fetch(feed_server.url("/r0"))
    with Fetcher(FetchLimits(read_timeout=2, deadline=5, max_redirects=5)) as f:
        assert f.fetch(feed_server.url("/r0")).body == RSS


@pytest.mark.parametrize("target", ["file:///etc/passwd", "exec:rm -rf", "ftp://127.0.0.1/feed"])
def test_redirect_to_other_schemes_is_refused(feed_server, fetcher, target):
    feed_server.route("/feed", Response.redirect(target, 302))
    with pytest.raises(FetchError, match="refused redirect"):
        fetcher.fetch(feed_server.url("/feed"))


def test_redirect_without_location_fails(feed_server, fetcher):
    feed_server.route("/feed", Response(status=301))
    with pytest.raises(FetchError) as info:
        fetcher.fetch(feed_server.url("/feed"))
    assert info.value.status == 301


def test_unsafe_start_url_is_refused(fetcher):
    with pytest.raises(UnsafeURLError):
        fetcher.fetch("file:///etc/passwd")


# --- errors --------------------------------------------------------------------


@pytest.mark.parametrize(("code", "words"), [(404, "404 Not Found"), (500, "500 Internal Server Error"), (403, "403 Forbidden")])
def test_http_errors_carry_status(feed_server, fetcher, code, words):
    feed_server.route("/feed", Response(status=code, body=b"nope"))
    with pytest.raises(FetchError) as info:
        fetcher.fetch(feed_server.url("/feed"))
    assert info.value.status == code
    assert words in str(info.value)
    assert info.value.retry_after is None


def test_unknown_path_is_404(feed_server, fetcher):
    with pytest.raises(FetchError) as info:
        fetcher.fetch(feed_server.url("/missing"))
    assert info.value.status == 404


def test_410_says_gone(feed_server, fetcher):
    feed_server.route("/feed", Response(status=410))
    with pytest.raises(FetchError) as info:
        fetcher.fetch(feed_server.url("/feed"))
    assert info.value.status == 410
    assert "gone" in str(info.value)


@pytest.mark.parametrize("code", [429, 503])
def test_retry_after_seconds(feed_server, fetcher, code):
    feed_server.route("/feed", Response(status=code, headers={"Retry-After": "120"}))
    with pytest.raises(FetchError) as info:
        fetcher.fetch(feed_server.url("/feed"))
    assert info.value.status == code
    assert info.value.retry_after == 120


@pytest.mark.parametrize("code", [429, 503])
def test_retry_after_http_date(feed_server, fetcher, code):
    when = datetime.now(UTC) + timedelta(minutes=10)
    feed_server.route("/feed", Response(status=code, headers={"Retry-After": format_datetime(when, usegmt=True)}))
    with pytest.raises(FetchError) as info:
        fetcher.fetch(feed_server.url("/feed"))
    assert info.value.retry_after is not None
    assert 500 < info.value.retry_after <= 600


def test_503_without_retry_after(feed_server, fetcher):
    feed_server.route("/feed", Response(status=503))
    with pytest.raises(FetchError) as info:
        fetcher.fetch(feed_server.url("/feed"))
    assert info.value.status == 503 and info.value.retry_after is None


def test_parse_helpers():
    now = datetime(2025, 4, 1, 12, 0, tzinfo=UTC)
    assert parse_retry_after("30") == 30
    assert parse_retry_after("Tue, 01 Apr 2025 12:01:00 GMT", now=now) == 60
    assert parse_retry_after("Tue, 01 Apr 2025 11:00:00 GMT", now=now) == 0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None
    assert parse_max_age("no-cache, max-age=300") == 300
    assert parse_max_age("no-store") is None


def test_connection_refused_is_clear(fetcher):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    with pytest.raises(FetchError) as info:
        fetcher.fetch(f"http://127.0.0.1:{port}/feed")
    assert str(info.value) == "could not connect to 127.0.0.1: connection refused"
    assert info.value.status is None


# --- stalls, drips, floods -----------------------------------------------------


def test_stall_before_headers_times_out(feed_server, fetcher):
    feed_server.route("/feed", Response(body=RSS, delay_before_headers=30))
    elapsed, err = _elapsed(lambda: fetcher.fetch(feed_server.url("/feed")))
    assert isinstance(err, FetchError)
    assert "timed out after" in str(err)
    assert elapsed < GENEROUS


def test_stall_after_headers_times_out(feed_server, fetcher):
    feed_server.route("/feed", Response(body=RSS, stall_after_headers=30))
    elapsed, err = _elapsed(lambda: fetcher.fetch(feed_server.url("/feed")))
    assert isinstance(err, FetchError)
    assert "timed out after 0.5 s" in str(err)
    assert elapsed < GENEROUS


def test_dripping_body_hits_the_deadline(feed_server):
    # Each byte arrives well within the read timeout; only the deadline stops it.
    feed_server.route("/feed", Response(body=RSS * 100, drip=(1, 0.05)))
    with Fetcher(FetchLimits(read_timeout=1.0, deadline=1.0)) as f:
        elapsed, err = _elapsed(lambda: f.fetch(feed_server.url("/feed")))
    assert isinstance(err, FetchError)
    assert "timed out after 1 s" in str(err)
    assert 0.9 < elapsed < GENEROUS


def test_endless_body_stops_at_max_body(feed_server):
    feed_server.route("/feed", Response(body=b"<rss>", endless=True))
    with Fetcher(FetchLimits(read_timeout=2, deadline=10, max_body=256 * 1024)) as f:
        elapsed, err = _elapsed(lambda: f.fetch(feed_server.url("/feed")))
    assert isinstance(err, FetchError)
    assert "larger than 256 KB" in str(err)
    assert elapsed < GENEROUS


def test_announced_oversize_body_is_refused_before_reading(feed_server):
    feed_server.route("/feed", Response(body=b"x" * 4096))
    with Fetcher(FetchLimits(max_body=1024)) as f:
        with pytest.raises(FetchError, match="larger than 1 KB"):
            f.fetch(feed_server.url("/feed"))


def test_max_bytes_lowers_the_cap(feed_server, fetcher):
    feed_server.route("/page", Response(body=b"x" * 5000))
    with pytest.raises(FetchError, match="larger than"):
        fetcher.fetch_bytes(feed_server.url("/page"), max_bytes=1000)
    body, _ = fetcher.fetch_bytes(feed_server.url("/page"), max_bytes=10_000)
    assert len(body) == 5000


ZEROS = 20 * 1024 * 1024


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    zeros = bytes(ZEROS)
    return {"gzip": gzip.compress(zeros, 9), "deflate": zlib.compress(zeros, 9)}


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_compression_bomb_is_stopped_with_bounded_memory(feed_server, bombs, encoding):
    bomb = bombs[encoding]
    assert len(bomb) < 100 * 1024  # 20 MB of zeros squeezed small
    feed_server.route("/feed", Response(body=bomb, headers={"Content-Encoding": encoding}))
    with Fetcher(FetchLimits(read_timeout=2, deadline=10, max_decoded=1024 * 1024)) as f:
        tracemalloc.start()
        try:
            with pytest.raises(FetchError, match="larger than 1 MB once decompressed"):
                f.fetch(feed_server.url("/feed"))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    # Inflating the whole bomb would need 20 MB; the cap keeps it near 1 MB.
    assert peak < 6 * 1024 * 1024


def test_corrupt_gzip_is_a_fetch_error(feed_server, fetcher):
    feed_server.route("/feed", Response(body=b"\x1f\x8b\x08\x00garbage-garbage", headers={"Content-Encoding": "gzip"}))
    with pytest.raises(FetchError, match="corrupt gzip"):
        fetcher.fetch(feed_server.url("/feed"))


def test_unknown_content_encoding_is_refused(feed_server, fetcher):
    feed_server.route("/feed", Response(body=b"xx", headers={"Content-Encoding": "zstd"}))
    with pytest.raises(FetchError, match="compression"):
        fetcher.fetch(feed_server.url("/feed"))


def test_content_length_claiming_more_than_sent(feed_server, fetcher):
    feed_server.route("/feed", Response(body=RSS, content_length=len(RSS) + 500))
    elapsed, err = _elapsed(lambda: fetcher.fetch(feed_server.url("/feed")))
    assert isinstance(err, FetchError)
    assert "broke off" in str(err) or "timed out" in str(err)
    assert elapsed < GENEROUS


def test_content_length_claiming_less_than_sent(feed_server, fetcher):
    feed_server.route("/feed", Response(body=RSS + b"TRAILING-JUNK", content_length=len(RSS)))
    feed_server.route("/next", Response(body=b"next"))
    elapsed, err = _elapsed(lambda: fetcher.fetch(feed_server.url("/feed")))
    assert err is None and elapsed < GENEROUS
    assert fetcher.fetch(feed_server.url("/feed")).body == RSS
    # The junk does not poison the next request.
    assert fetcher.fetch(feed_server.url("/next")).body == b"next"


# --- cancel ----------------------------------------------------------------------


def _cancel_after(seconds: float) -> threading.Event:
    event = threading.Event()
    timer = threading.Timer(seconds, event.set)
    timer.daemon = True
    timer.start()
    return event


@pytest.mark.parametrize(
    "response",
    [
        Response(body=RSS, delay_before_headers=30),
        Response(body=RSS, stall_after_headers=30),
        Response(body=b"<rss>", endless=True, drip=(1, 0.05)),
    ],
    ids=["before-headers", "after-headers", "dripping"],
)
def test_cancel_stops_promptly(feed_server, response):
    feed_server.route("/feed", response)
    with Fetcher(FetchLimits(read_timeout=30, deadline=60)) as f:
        cancel = _cancel_after(0.3)
        elapsed, err = _elapsed(lambda: f.fetch(feed_server.url("/feed"), cancel=cancel))
    assert isinstance(err, FetchError)
    assert str(err) == "cancelled"
    assert elapsed < 2.0  # read timeout is 30 s: only the cancel can explain a quick stop


def test_cancel_already_set_does_not_touch_the_network(feed_server, fetcher):
    feed_server.route("/feed", Response(body=RSS))
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(FetchError, match="cancelled"):
        fetcher.fetch(feed_server.url("/feed"), cancel=cancel)
    assert feed_server.hits["/feed"] == 0


# --- connections and concurrency -----------------------------------------------------


def test_connections_are_reused(feed_server, fetcher):
    feed_server.route("/feed", Response(body=RSS))
    for _ in range(6):
        assert fetcher.fetch(feed_server.url("/feed")).body == RSS
    assert feed_server.hits["/feed"] == 6
    assert feed_server.connections < 6
    assert len({r.client_port for r in feed_server.requests}) == feed_server.connections


def _max_in_flight(feed_server, per_host: int) -> int:
    feed_server.route("/slow", lambda request: Response(body=RSS, delay_before_headers=0.15))
    feed_server.reset_stats()
    with Fetcher(FetchLimits(read_timeout=5, deadline=10, per_host=per_host)) as f:
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(lambda _: f.fetch(feed_server.url("/slow")), range(12)))
    assert all(r.body == RSS for r in results)
    return feed_server.max_active


def test_per_host_cap_is_respected(feed_server):
    assert _max_in_flight(feed_server, per_host=2) <= 2


def test_per_host_cap_is_what_limits(feed_server):
    # The same load with a looser cap does overlap more, so the test above can fail.
    assert _max_in_flight(feed_server, per_host=6) > 2


def test_server_records_requests(feed_server, fetcher):
    seen: list[Request] = []

    def handler(request: Request) -> Response:
        seen.append(request)
        return Response(body=request.path)

    feed_server.route("/echo", handler)
    assert fetcher.fetch(feed_server.url("/echo?x=1")).body == b"/echo?x=1"
    assert seen[0].method == "GET" and feed_server.hits["/echo"] == 1


def test_closed_fetcher_refuses(feed_server):
    f = Fetcher(FAST)
    f.close()
    with pytest.raises(FetchError, match="closed"):
        f.fetch(feed_server.url("/feed"))


def test_loopback_only_mode_refuses_other_hosts(monkeypatch) -> None:
    from reader.core.errors import FetchError
    from reader.core.net.fetch import Fetcher, check_network_allowed

    monkeypatch.setenv("BYLINE_NETWORK", "loopback")
    check_network_allowed("http://127.0.0.1:8080/feed")
    check_network_allowed("http://[::1]/feed")
    check_network_allowed("http://localhost/feed")
    with Fetcher() as fetcher, pytest.raises(FetchError, match="outside the loopback"):
        fetcher.fetch("https://example.org/feed.xml")
