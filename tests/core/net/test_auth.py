"""Feed logins: basic and digest against servers on 127.0.0.1 that demand them, and what each status says."""

from __future__ import annotations

import pytest

from reader.core.errors import FetchError
from reader.core.net.agent import USER_AGENT
from reader.core.net.fetch import Fetcher, FetchLimits
from reader.core.net.proxy import ProxyPolicy
from reader.core.secrets import Login
from tests.servers import FeedServer, Response, basic_login, digest_login

RSS = b"<?xml version='1.0'?><rss version='2.0'><channel><title>Members</title></channel></rss>"
FEED = Response(body=RSS, content_type="application/rss+xml")
ANN = Login("ann", "corr3ct horse")


@pytest.fixture
def fetcher():
    with Fetcher(FetchLimits(connect_timeout=2, read_timeout=5, deadline=10), proxies=ProxyPolicy.direct()) as f:
        yield f


def authorizations(server: FeedServer, path: str) -> list[str | None]:
    return [r.headers.get("authorization") for r in server.requests if r.path == path]


def test_basic_is_sent_after_the_challenge_then_up_front(feed_server: FeedServer, fetcher: Fetcher) -> None:
    feed_server.route("/members.xml", basic_login(FEED, ANN.user, ANN.password))
    assert fetcher.fetch(feed_server.url("/members.xml"), login=ANN).body == RSS
    first = authorizations(feed_server, "/members.xml")
    assert first[0] is None and first[1].startswith("Basic ")  # nothing is sent before the server says how
    assert fetcher.fetch(feed_server.url("/members.xml"), login=ANN).body == RSS
    assert len(authorizations(feed_server, "/members.xml")) == 3  # the origin asked for basic: one request now


def test_digest_never_sends_the_password(feed_server: FeedServer, fetcher: Fetcher) -> None:
    feed_server.route("/members.xml", digest_login(FEED, ANN.user, ANN.password))
    for _ in range(2):
        assert fetcher.fetch(feed_server.url("/members.xml"), login=ANN).body == RSS
    sent = authorizations(feed_server, "/members.xml")
    assert [s is None or s.split()[0] for s in sent] == [True, "Digest", True, "Digest"]  # a fresh nonce each time
    assert all(ANN.password not in str(r.headers) for r in feed_server.requests)


def test_digest_wins_when_both_are_offered(feed_server: FeedServer, fetcher: Fetcher) -> None:
    feed_server.route("/members.xml", digest_login(FEED, ANN.user, ANN.password, also_basic=True))
    assert fetcher.fetch(feed_server.url("/members.xml"), login=ANN).body == RSS
    assert [a and a.split()[0] for a in authorizations(feed_server, "/members.xml")] == [None, "Digest"]


@pytest.mark.parametrize("guard", [basic_login, digest_login], ids=["basic", "digest"])
def test_a_wrong_password_is_one_line_that_says_what_to_do(feed_server: FeedServer, fetcher: Fetcher, guard) -> None:
    feed_server.route("/members.xml", guard(FEED, ANN.user, ANN.password))
    with pytest.raises(FetchError) as info:
        fetcher.fetch(feed_server.url("/members.xml"), login=Login("ann", "wrong"))
    assert info.value.status == 401
    assert str(info.value).startswith("the server did not accept the user name and password (401 Unauthorized)")
    assert "byline login FEED_ID --user NAME" in str(info.value)


def test_no_login_says_one_is_needed(feed_server: FeedServer, fetcher: Fetcher) -> None:
    feed_server.route("/members.xml", basic_login(FEED, ANN.user, ANN.password))
    with pytest.raises(FetchError) as info:
        fetcher.fetch(feed_server.url("/members.xml"))
    assert info.value.status == 401
    assert str(info.value).startswith("the feed needs a login (the server answered 401 Unauthorized)")


def test_the_login_never_follows_a_redirect_to_another_origin(fetcher: Fetcher) -> None:
    with FeedServer() as home, FeedServer() as elsewhere:
        # The other origin asks for a login too, as a server fishing for passwords would.
        elsewhere.route("/moved.xml", basic_login(FEED, ANN.user, ANN.password))
        home.route("/members.xml", basic_login(Response.redirect(elsewhere.url("/moved.xml"), 302), ANN.user, ANN.password))
        home.route("/local.xml", Response.redirect("/members.xml", 302))
        for path in ("/local.xml", "/members.xml"):  # a same-origin hop first, then basic up front
            with pytest.raises(FetchError) as info:
                fetcher.fetch(home.url(path), login=ANN)
            assert info.value.status == 401 and "needs a login" in str(info.value)
        sent = authorizations(home, "/members.xml")
        assert sent[0] is None and sent[1] == sent[2] and sent[1].startswith("Basic ")  # home got its login
        assert [r.headers.get("authorization") for r in elsewhere.requests] == [None, None]


def test_a_feed_user_agent_replaces_the_default_on_every_hop(feed_server: FeedServer, fetcher: Fetcher) -> None:
    feed_server.route("/old", Response.redirect("/feed.xml"))
    feed_server.route("/feed.xml", FEED)
    fetcher.fetch(feed_server.url("/old"), user_agent="Mozilla/5.0 (Test)")
    fetcher.fetch(feed_server.url("/feed.xml"))
    assert [r.headers["user-agent"] for r in feed_server.requests] == ["Mozilla/5.0 (Test)", "Mozilla/5.0 (Test)", USER_AGENT]


def test_403_and_429_say_what_the_user_can_do(feed_server: FeedServer, fetcher: Fetcher) -> None:
    feed_server.route("/picky.xml", lambda r: FEED if "Mozilla" in r.headers["user-agent"] else Response(status=403))
    with pytest.raises(FetchError) as info:
        fetcher.fetch(feed_server.url("/picky.xml"))
    assert info.value.status == 403
    assert "403 Forbidden" in str(info.value) and "byline user-agent FEED_ID browser" in str(info.value)
    assert fetcher.fetch(feed_server.url("/picky.xml"), user_agent="Mozilla/5.0 (X11)").body == RSS

    feed_server.route("/busy.xml", Response(status=429, headers={"Retry-After": "600"}))
    with pytest.raises(FetchError) as info:
        fetcher.fetch(feed_server.url("/busy.xml"))
    assert info.value.retry_after == 600
    assert "asks too often (429 Too Many Requests) (retry after 600 s)" in str(info.value)
    assert "Check Every…" in str(info.value)


def test_basic_up_front_is_for_that_address_only(feed_server: FeedServer, fetcher: Fetcher) -> None:
    """Two feeds on one site, one basic and one digest: the digest feed's password never goes out as Basic."""
    feed_server.route("/basic.xml", basic_login(FEED, ANN.user, ANN.password))
    feed_server.route("/digest.xml", digest_login(FEED, "dan", "d1gest"))
    assert fetcher.fetch(feed_server.url("/basic.xml"), login=ANN).body == RSS  # the site now "wants basic"
    assert fetcher.fetch(feed_server.url("/digest.xml"), login=Login("dan", "d1gest")).body == RSS
    assert [a and a.split()[0] for a in authorizations(feed_server, "/digest.xml")] == [None, "Digest"]
