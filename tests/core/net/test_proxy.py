"""Proxies: the policy (environment, manual, none) and real fetches through recording proxies on 127.0.0.1."""

from __future__ import annotations

import socket
import threading

import pytest

from reader.core.errors import FetchError, InputError
from reader.core.net.fetch import Fetcher, FetchLimits
from reader.core.net.proxy import ProxyMode, ProxyPolicy, ProxyServer, parse_exceptions, parse_proxy_address
from reader.core.secrets import Login
from tests.proxies import HTTPProxy, Passed, SOCKS5Proxy
from tests.servers import FeedServer, Response

RSS = b"<?xml version='1.0'?><rss version='2.0'><channel><title>Through</title></channel></rss>"
QUICK = FetchLimits(connect_timeout=2, read_timeout=5, deadline=10)


@pytest.fixture
def feed(feed_server: FeedServer) -> str:
    feed_server.route("/feed.xml", Response(body=RSS, content_type="application/rss+xml"))
    return feed_server.url("/feed.xml")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- addresses and exceptions -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("proxy.corp:3128", ProxyServer("http", "proxy.corp", 3128)),
        ("http://proxy.corp", ProxyServer("http", "proxy.corp", 80)),
        ("HTTPS://Proxy.Corp:8443/", ProxyServer("https", "proxy.corp", 8443)),
        ("socks5://[::1]", ProxyServer("socks5", "::1", 1080)),
        ("socks5h://10.0.0.1:9050", ProxyServer("socks5h", "10.0.0.1", 9050)),
        ("http://ann:p%40ss@10.0.0.1:8080", ProxyServer("http", "10.0.0.1", 8080, Login("ann", "p@ss"))),
    ],
)
def test_proxy_addresses(text: str, expected: ProxyServer) -> None:
    assert parse_proxy_address(text) == expected


@pytest.mark.parametrize("text", ["", "  ", "ftp://proxy:21", "http://:8080", "http://proxy:99999"])
def test_bad_proxy_addresses_are_refused_with_a_reason(text: str) -> None:
    with pytest.raises(InputError, match="proxy address"):
        parse_proxy_address(text)


def test_a_proxy_login_never_shows_in_its_url_label_repr_or_errors() -> None:
    server = parse_proxy_address("http://ann:hunter2@proxy.corp:3128")
    assert server.url == "http://proxy.corp:3128"
    assert server.label == "proxy.corp:3128"
    assert "hunter2" not in repr(server)
    with pytest.raises(InputError) as info:
        parse_proxy_address("gopher://ann:hunter2@proxy.corp:70")
    assert "hunter2" not in str(info.value)


def test_no_proxy_entries() -> None:
    everything, _ = parse_exceptions("example.org, *")
    assert everything
    policy = ProxyPolicy.manual(
        ProxyServer("http", "proxy.corp", 3128), exceptions=".internal.example, example.org, 10.0.0.0/8, ::1, feeds.test:8080"
    )
    direct = [
        "http://example.org/a", "http://www.example.org/a", "http://a.internal.example/", "http://internal.example/",
        "http://10.1.2.3/x", "http://[::1]:9/x", "http://feeds.test:8080/x",
    ]
    proxied = ["http://badexample.org/", "http://11.0.0.1/", "http://feeds.test/x", "https://feeds.test:8443/", "http://[::2]/"]
    assert [u for u in direct if policy.route(u) is not None] == []
    assert [u for u in proxied if policy.route(u) is None] == []


def test_environment_is_read_like_curl() -> None:
    env = {
        "http_proxy": "http://lower:1",
        "HTTP_PROXY": "http://upper:2",
        "ALL_PROXY": "socks5://every:3",
        "NO_PROXY": "direct.example",
    }
    policy = ProxyPolicy.from_environment(env)
    assert policy.mode is ProxyMode.SYSTEM
    assert policy.route("http://a.example/") == ProxyServer("http", "lower", 1)  # lower case first
    assert policy.route("https://a.example/") == ProxyServer("socks5", "every", 3)  # all_proxy fills in
    assert policy.route("http://direct.example/") is None
    assert ProxyPolicy.from_environment({"HTTPS_PROXY": "gopher://x"}).route("https://a.example/") is None  # unreadable: direct
    assert ProxyPolicy.from_environment({"HTTP_PROXY": "p:1", "no_proxy": "*"}).route("http://a.example/") is None
    assert ProxyPolicy.direct().route("http://a.example/") is None


# --- fetching through proxies ------------------------------------------------------------------


def test_the_environments_http_proxy_is_honoured(monkeypatch: pytest.MonkeyPatch, feed: str) -> None:
    with HTTPProxy() as proxy:
        monkeypatch.setenv("HTTP_PROXY", f"127.0.0.1:{proxy.port}")
        with Fetcher(QUICK) as fetcher:  # no policy given: the environment's
            assert fetcher.fetch(feed).body == RSS
        assert proxy.seen == [Passed(feed)]


def test_no_proxy_sends_a_host_direct(monkeypatch: pytest.MonkeyPatch, feed_server: FeedServer, feed: str) -> None:
    with HTTPProxy() as proxy:
        monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{proxy.port}")
        monkeypatch.setenv("no_proxy", "localhost,127.0.0.1")
        with Fetcher(QUICK) as fetcher:
            assert fetcher.fetch(feed).body == RSS
        assert proxy.seen == [] and proxy.connections == 0
        assert feed_server.hits["/feed.xml"] == 1


def test_preferences_override_the_environment(monkeypatch: pytest.MonkeyPatch, feed: str) -> None:
    with HTTPProxy() as env_proxy, HTTPProxy() as chosen:
        monkeypatch.setenv("HTTP_PROXY", f"127.0.0.1:{env_proxy.port}")
        with Fetcher(QUICK, proxies=ProxyPolicy.manual(ProxyServer("http", "127.0.0.1", chosen.port))) as fetcher:
            assert fetcher.fetch(feed).body == RSS
        with Fetcher(QUICK, proxies=ProxyPolicy.direct()) as fetcher:
            assert fetcher.fetch(feed).body == RSS
        assert chosen.seen == [Passed(feed)]
        assert env_proxy.seen == []


def test_a_proxy_login_is_sent_and_a_missing_one_is_explained(feed: str) -> None:
    with HTTPProxy(login=("ann", "pw 1")) as proxy:
        bare = ProxyServer("http", "127.0.0.1", proxy.port)
        with Fetcher(QUICK, proxies=ProxyPolicy.manual(bare)) as fetcher:
            with pytest.raises(FetchError) as info:
                fetcher.fetch(feed)
        assert info.value.status == 407
        assert "Preferences → Network" in str(info.value) and f"127.0.0.1:{proxy.port}" in str(info.value)

        with_login = ProxyServer("http", "127.0.0.1", proxy.port, Login("ann", "pw 1"))
        with Fetcher(QUICK, proxies=ProxyPolicy.manual(with_login)) as fetcher:
            assert fetcher.fetch(feed).body == RSS
        assert proxy.seen == [Passed(feed, refused=True), Passed(feed, user="ann")]


@pytest.mark.parametrize("login", [None, ("bob", "s0cks")], ids=["open", "login"])
def test_socks5(feed_server: FeedServer, feed: str, login: tuple[str, str] | None) -> None:
    with SOCKS5Proxy(login=login) as proxy:
        server = ProxyServer("socks5", "127.0.0.1", proxy.port, Login(*login) if login else None)
        with Fetcher(QUICK, proxies=ProxyPolicy.manual(server)) as fetcher:
            assert fetcher.fetch(feed).body == RSS
            assert fetcher.fetch(feed).body == RSS  # the tunnel is pooled like any connection
        assert proxy.seen == [Passed(f"127.0.0.1:{feed_server.port}", user=login[0] if login else None)]


def test_socks5_wrong_login_is_one_line(feed: str) -> None:
    with SOCKS5Proxy(login=("bob", "right")) as proxy:
        server = ProxyServer("socks5", "127.0.0.1", proxy.port, Login("bob", "wrong"))
        with Fetcher(QUICK, proxies=ProxyPolicy.manual(server)) as fetcher:
            with pytest.raises(FetchError) as info:
                fetcher.fetch(feed)
        assert proxy.seen == [Passed("", user="bob", refused=True)]
    assert str(info.value) == f"the proxy {server.label} did not accept the user name and password: check them in Preferences → Network"


def test_socks5_that_wants_a_login_says_where_to_give_it(feed: str) -> None:
    with SOCKS5Proxy(login=("bob", "right")) as proxy:
        with Fetcher(QUICK, proxies=ProxyPolicy.manual(ProxyServer("socks5", "127.0.0.1", proxy.port))) as fetcher:
            with pytest.raises(FetchError) as info:
                fetcher.fetch(feed)
    assert info.value.status == 407 and "Preferences → Network" in str(info.value)


def test_an_unreachable_proxy_is_named(feed: str) -> None:
    port = free_port()
    with Fetcher(QUICK, proxies=ProxyPolicy.manual(ProxyServer("http", "127.0.0.1", port))) as fetcher:
        with pytest.raises(FetchError, match=f"could not connect to the proxy 127.0.0.1:{port}: connection refused"):
            fetcher.fetch(feed)


def test_a_dead_server_behind_the_proxy_says_so() -> None:
    dead = f"http://127.0.0.1:{free_port()}/feed.xml"
    with HTTPProxy() as proxy, Fetcher(QUICK, proxies=ProxyPolicy.manual(ProxyServer("http", "127.0.0.1", proxy.port))) as fetcher:
        with pytest.raises(FetchError) as info:
            fetcher.fetch(dead)
        assert info.value.status == 502
        assert str(info.value) == f"server answered 502 Bad Gateway through the proxy 127.0.0.1:{proxy.port}"


def test_changing_the_proxy_applies_to_later_requests(feed: str) -> None:
    quick = FetchLimits(connect_timeout=2, read_timeout=0.5, deadline=2)
    with HTTPProxy() as first, HTTPProxy() as second, Fetcher(quick, proxies=ProxyPolicy.direct()) as fetcher:
        fetcher.fetch(feed)
        fetcher.set_proxies(ProxyPolicy.manual(ProxyServer("http", "127.0.0.1", first.port)))
        fetcher.fetch(feed)
        fetcher.set_proxies(ProxyPolicy.manual(ProxyServer("socks5", "127.0.0.1", second.port)))
        with pytest.raises(FetchError):  # second is an HTTP proxy spoken to as SOCKS: it fails, and loudly
            fetcher.fetch(feed)
        assert [len(first.seen), len(second.seen)] == [1, 0]


# --- the guards keep working -------------------------------------------------------------------


def test_loopback_guard_covers_the_proxy_and_the_target(feed: str) -> None:
    outside = ProxyPolicy.manual(ProxyServer("http", "proxy.example.com", 3128))
    with Fetcher(QUICK, proxies=outside) as fetcher:
        with pytest.raises(FetchError, match="proxy.example.com is outside the loopback network"):
            fetcher.fetch(feed)
    with HTTPProxy() as proxy, Fetcher(QUICK, proxies=ProxyPolicy.manual(ProxyServer("http", "127.0.0.1", proxy.port))) as fetcher:
        with pytest.raises(FetchError, match="example.org is outside the loopback network"):
            fetcher.fetch("http://example.org/feed.xml")
        assert proxy.connections == 0


@pytest.mark.parametrize("kind", ["http", "socks5"])
def test_cancel_stops_a_request_waiting_on_a_silent_server_behind_a_proxy(feed_server: FeedServer, kind: str) -> None:
    feed_server.route("/silent", Response(body=RSS, delay_before_headers=30))
    proxy = HTTPProxy() if kind == "http" else SOCKS5Proxy()
    with proxy:
        policy = ProxyPolicy.manual(ProxyServer(kind, "127.0.0.1", proxy.port))
        with Fetcher(FetchLimits(read_timeout=30, deadline=60), proxies=policy) as fetcher:
            cancel = threading.Event()
            timer = threading.Timer(0.3, cancel.set)
            timer.start()
            try:
                with pytest.raises(FetchError) as info:
                    fetcher.fetch(feed_server.url("/silent"), cancel=cancel)
            finally:
                timer.cancel()
    # Only the cancel can explain this message: the server stays silent for 30 s, the read timeout is 30 s.
    assert str(info.value) == "cancelled"
