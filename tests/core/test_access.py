"""Getting through: the proxy the preferences choose, feed logins kept outside the library, old URLs cleaned."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reader.core import access
from reader.core.errors import InputError, NotFoundError
from reader.core.library import open_library
from reader.core.net.proxy import ProxyMode, ProxyServer
from reader.core.secrets import FileSecrets, Login
from reader.core.settings import Settings
from reader.core.storage.schema import MIGRATIONS, statements
from tests.proxies import HTTPProxy, Passed
from tests.servers import FeedServer, Response, basic_login

RSS = b"<?xml version='1.0'?><rss version='2.0'><channel><title>Club news</title><item><title>Meeting</title><guid>m1</guid></item></channel></rss>"
FEED = Response(body=RSS, content_type="application/rss+xml")


# --- the proxy from the preferences ----------------------------------------------------------


def fail_if_opened() -> FileSecrets:
    raise AssertionError("the secrets store was opened for a policy that needs no password")


def test_proxy_policy_follows_the_preferences(tmp_path: Path) -> None:
    secrets = FileSecrets(tmp_path / "secrets.json")
    env = {"HTTP_PROXY": "http://env-proxy:3128"}
    system = access.proxy_policy(Settings(), fail_if_opened, env)
    assert system.mode is ProxyMode.SYSTEM and system.route("http://a.example/") == ProxyServer("http", "env-proxy", 3128)
    assert access.proxy_policy(Settings(proxy_mode="none"), fail_if_opened, env).route("http://a.example/") is None

    manual = Settings(proxy_mode="manual", proxy_kind="socks5", proxy_host="10.0.0.2", proxy_port=1080, proxy_exceptions="")
    secrets.put(access.PROXY_KEY, Login("ann", "pw"))
    chosen = access.proxy_policy(manual, lambda: secrets, env)
    assert chosen.route("http://a.example/") == ProxyServer("socks5", "10.0.0.2", 1080, Login("ann", "pw"))
    assert chosen.route("http://127.0.0.1/") is not None  # no exceptions listed: loopback goes through it too
    half = Settings(proxy_mode="manual")  # stored without host: the environment's, rather than nothing
    assert access.proxy_policy(half, fail_if_opened, env).mode is ProxyMode.SYSTEM


@pytest.mark.parametrize(
    "changes",
    [
        {"proxy_mode": "sometimes"},
        {"proxy_kind": "ftp"},
        {"proxy_port": 70000},
        {"proxy_host": "proxy corp"},
        {"proxy_mode": "manual", "proxy_host": "proxy.corp"},  # no port
    ],
)
def test_bad_proxy_settings_are_refused(changes: dict[str, object]) -> None:
    with pytest.raises(InputError):
        Settings().replace(**changes)


def test_changing_the_proxy_reaches_the_running_fetcher(library, feed_server: FeedServer) -> None:
    feed_server.route("/feed.xml", FEED)
    library.add_feed(feed_server.url("/feed.xml"))  # the fetcher exists, going direct
    with HTTPProxy(login=("ann", "pw")) as proxy:
        library.update_settings(
            proxy_mode="manual", proxy_kind="http", proxy_host="127.0.0.1", proxy_port=proxy.port, proxy_exceptions=""
        )
        library.set_proxy_login(Login("ann", "pw"))
        summary = library.refresh()
        assert summary.failed == 0
        assert proxy.seen[-1] == Passed(feed_server.url("/feed.xml"), user="ann")
        library.update_settings(proxy_mode="none")
        before = len(proxy.seen)
        assert library.refresh().failed == 0
        assert len(proxy.seen) == before
    assert library.proxy_login() == Login("ann", "pw")
    assert "pw" not in str(library.settings())


# --- feed logins -------------------------------------------------------------------------------


def test_a_feed_login_is_kept_in_secrets_and_used_by_refresh(library, feed_server: FeedServer) -> None:
    feed_server.route("/club.xml", basic_login(FEED, "ann", "s3cret"))
    added = library.add_feed(feed_server.url("/club.xml"), login=Login("ann", "s3cret"))
    feed = library.feed(added.feed.id)
    assert feed.login and feed.url == feed_server.url("/club.xml")
    assert library.secrets.get(access.feed_key(feed.id)) == Login("ann", "s3cret")
    assert library.feed_login(feed.id) == Login("ann", "s3cret")
    summary = library.refresh()
    assert summary.failed == 0

    library.set_feed_login(feed.id, None)
    assert library.secrets.get(access.feed_key(feed.id)) is None and not library.feed(feed.id).login
    (result,) = library.refresh().results
    assert result.http_status == 401
    assert result.error.startswith("the feed needs a login")
    assert f"byline login {feed.id} --user NAME" in result.error  # the message names this feed

    library.set_feed_login(feed.id, Login("ann", "wrong"))
    (result,) = library.refresh().results
    assert result.http_status == 401 and "did not accept the user name and password" in result.error


def test_unsubscribing_forgets_the_login(library, feed_server: FeedServer) -> None:
    feed_server.route("/club.xml", basic_login(FEED, "ann", "s3cret"))
    feed_id = library.add_feed(feed_server.url("/club.xml"), login=Login("ann", "s3cret")).feed.id
    library.delete_feed(feed_id)
    assert library.secrets.get(access.feed_key(feed_id)) is None
    with pytest.raises(NotFoundError):
        library.set_feed_login(feed_id, Login("ann", "x"))


def test_a_lost_secret_is_a_feed_error_not_a_crash(library, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.core.errors import StorageError

    feed_server.route("/club.xml", basic_login(FEED, "ann", "s3cret"))
    library.add_feed(feed_server.url("/club.xml"), login=Login("ann", "s3cret"))

    def locked(key: str) -> Login | None:
        raise StorageError("the system keyring could not be read (locked)")

    monkeypatch.setattr(library.secrets, "get", locked)
    hits = feed_server.hits["/club.xml"]
    (result,) = library.refresh().results
    assert result.error == "its login could not be read: the system keyring could not be read (locked)"
    assert feed_server.hits["/club.xml"] == hits  # nothing was asked without the login


def test_user_agent_per_feed(library, feed_server: FeedServer) -> None:
    feed_server.route("/picky.xml", lambda r: FEED if r.headers["user-agent"].startswith("Mozilla/") else Response(status=403))
    with pytest.raises(Exception, match="byline add .* --user-agent browser"):
        library.add_feed(feed_server.url("/picky.xml"))
    feed_id = library.add_feed(feed_server.url("/picky.xml"), user_agent="Mozilla/5.0 (Byline test)").feed.id
    assert library.feed(feed_id).user_agent == "Mozilla/5.0 (Byline test)"
    assert library.refresh().failed == 0
    library.set_feed_user_agent(feed_id, "")
    assert library.feed(feed_id).user_agent is None
    (result,) = library.refresh().results
    assert result.http_status == 403 and f"byline user-agent {feed_id} browser" in result.error
    with pytest.raises(InputError):
        library.set_feed_user_agent(feed_id, "two\nlines")


# --- user:password@ URLs of older libraries ------------------------------------------------------


def test_logins_in_stored_urls_move_to_secrets_when_an_old_library_opens(tmp_path: Path) -> None:
    data = tmp_path / "old"
    data.mkdir()
    conn = sqlite3.connect(data / "library.sqlite3")
    for script in MIGRATIONS[:2]:
        for statement in statements(script):
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 2")
    rows = [
        ("https://ann:Tr0ub4dor%263@feeds.example/club.xml", "Club"),
        ("https://feeds.example/open.xml", "Open"),
        ("https://bob:Hunter22@feeds.example/open.xml", "Open again"),  # the same feed twice, once with a login
        ("https://feeds.example/a@b.xml", "An @ in the path"),
    ]
    conn.executemany("INSERT INTO feeds(url, title, added_at) VALUES (?, ?, 0)", rows)
    conn.commit()
    conn.close()

    with open_library(data) as lib:
        feeds = {f.title: f for f in lib.feeds()}
        assert set(feeds) == {"Club", "Open", "An @ in the path"}
        assert feeds["Club"].url == "https://feeds.example/club.xml" and feeds["Club"].login
        assert lib.secrets.get(access.feed_key(feeds["Club"].id)) == Login("ann", "Tr0ub4dor&3")
        assert feeds["Open"].login and lib.secrets.get(access.feed_key(feeds["Open"].id)) == Login("bob", "Hunter22")
        assert feeds["An @ in the path"].url == "https://feeds.example/a@b.xml" and not feeds["An @ in the path"].login
    for path in data.iterdir():
        if path.is_file() and path.name != "secrets.json":
            raw = path.read_bytes()
            assert b"Tr0ub4dor" not in raw and b"Hunter22" not in raw, path.name


def test_a_feed_with_a_login_is_not_moved_to_another_host_by_a_permanent_redirect(library, feed_server: FeedServer) -> None:
    with FeedServer() as elsewhere:
        elsewhere.route("/club.xml", FEED)
        feed_server.route("/club.xml", basic_login(FEED, "ann", "s3cret"))
        feed_id = library.add_feed(feed_server.url("/club.xml"), login=Login("ann", "s3cret")).feed.id
        feed_server.route("/club.xml", Response.redirect(elsewhere.url("/club.xml"), 301))
        assert library.refresh().failed == 0
        assert library.feed(feed_id).url == feed_server.url("/club.xml")  # kept: its login belongs to this host
        assert [r.headers.get("authorization") for r in elsewhere.requests] == [None]


def test_where_a_login_may_go() -> None:
    from reader.core.net.auth import may_carry_login

    assert may_carry_login("http://a.example/feed", "http://a.example/other")
    assert may_carry_login("http://a.example/feed", "https://a.example/feed")  # the upgrade to https
    assert not may_carry_login("https://a.example/feed", "http://a.example/feed")  # never back to plain http
    assert not may_carry_login("http://a.example/feed", "http://a.example:8080/feed")
    assert not may_carry_login("http://a.example/feed", "https://b.example/feed")


def test_a_login_for_this_session_only_is_gone_when_the_library_reopens(data_dir: Path, feed_server: FeedServer) -> None:
    feed_server.route("/club.xml", basic_login(FEED, "ann", "s3cret"))
    with open_library(data_dir) as lib:
        feed_id = lib.add_feed(feed_server.url("/club.xml"), login=Login("ann", "s3cret"), remember_login=False).feed.id
        assert lib.secrets.get(access.feed_key(feed_id)) is None
        assert lib.refresh().failed == 0
        lib.set_feed_login(feed_id, Login("ann", "s3cret"))  # remembered after all
        lib.set_feed_login(feed_id, Login("ann", "s3cret"), remember=False)  # ... and back: the stored one goes
        assert lib.secrets.get(access.feed_key(feed_id)) is None and lib.feed_login(feed_id) == Login("ann", "s3cret")
    with open_library(data_dir) as lib:
        assert lib.feed(feed_id).login and lib.feed_login(feed_id) is None
        (result,) = lib.refresh().results
        assert result.http_status == 401


def test_removing_several_feeds_forgets_their_logins(library, feed_server: FeedServer) -> None:
    feed_server.route("/a.xml", basic_login(FEED, "ann", "s3cret"))
    feed_server.route("/b.xml", FEED)
    with_login = library.add_feed(feed_server.url("/a.xml"), login=Login("ann", "s3cret")).feed.id
    plain = library.add_feed(feed_server.url("/b.xml")).feed.id
    library.remove_feeds([with_login, plain])
    assert library.feeds() == [] and library.secrets.get(access.feed_key(with_login)) is None


def test_feeds_without_logins_never_open_the_secrets_store(library, feed_server: FeedServer) -> None:
    feed_server.route("/plain.xml", FEED)
    library.add_feed(feed_server.url("/plain.xml"))
    assert library.refresh().failed == 0
    assert library.fetcher().proxies.mode is ProxyMode.SYSTEM
    assert library._secrets is None  # the keyring (40-80 ms to import) stays unloaded
