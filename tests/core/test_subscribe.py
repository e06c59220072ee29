"""Subscribing with logins: ``user:password@`` URLs split on add and on OPML import, nothing secret stored."""

from __future__ import annotations

import pytest

from reader.core.access import feed_key
from reader.core.errors import FetchError, UnsafeURLError
from reader.core.secrets import Login
from tests.dumps import library_dump
from tests.servers import FeedServer, Response, basic_login

RSS = b"<?xml version='1.0'?><rss version='2.0'><channel><title>Club news</title><item><title>Meeting</title><guid>m1</guid></item></channel></rss>"
PASSWORD = "Sw0rdf1sh-9"


def table_dump(library) -> str:
    """Every row of every table, as committed (compressed bodies unpacked)."""
    return library_dump(library.db_path)


@pytest.fixture
def club(feed_server: FeedServer) -> FeedServer:
    feed_server.route("/club.xml", basic_login(Response(body=RSS), "ann", PASSWORD))
    return feed_server


def test_add_moves_the_login_out_of_the_url(library, club: FeedServer) -> None:
    url = club.url("/club.xml").replace("http://", f"http://ann:{PASSWORD}@")
    added = library.add_feed(url)
    assert added.feed.url == club.url("/club.xml") and added.feed.login
    assert library.secrets.get(feed_key(added.feed.id)) == Login("ann", PASSWORD)
    assert PASSWORD not in table_dump(library)
    assert library.add_feed(club.url("/club.xml")).feed.id == added.feed.id  # the clean URL is the same feed


def test_a_login_given_for_a_known_feed_replaces_its_login(library, club: FeedServer) -> None:
    with pytest.raises(FetchError):
        library.add_feed(club.url("/club.xml"), login=Login("ann", "old"))
    feed_id = library.add_feed(club.url("/club.xml"), login=Login("ann", PASSWORD)).feed.id
    again = library.add_feed(club.url("/club.xml"), login=Login("ann", "newer"))
    assert again.feed.id == feed_id and again.new_articles == 0
    assert library.secrets.get(feed_key(feed_id)) == Login("ann", "newer")


def test_a_refused_add_stores_neither_feed_nor_login(library, club: FeedServer) -> None:
    with pytest.raises(FetchError) as info:
        library.add_feed(club.url("/club.xml"), login=Login("ann", "wrong"))
    assert info.value.status == 401
    assert library.feeds() == []
    assert library.secrets.get(feed_key(1)) is None


def test_opml_import_moves_logins_out(library, club: FeedServer) -> None:
    base = club.url("/club.xml")
    opml = (
        "<?xml version='1.0'?><opml version='2.0'><head/><body><outline text='Clubs'>"
        f"<outline type='rss' xmlUrl='{base.replace('http://', f'http://ann:{PASSWORD}@')}'/>"
        f"<outline type='rss' text='Twice' xmlUrl='{base.replace('http://', f'http://ann:{PASSWORD}@')}'/>"
        f"<outline type='rss' text='Bad' xmlUrl='gopher://ann:{PASSWORD}@example.org/'/>"
        "</outline></body></opml>"
    ).encode()
    result = library.import_opml(opml)
    assert (result.added, result.present) == (1, 0)
    assert all(PASSWORD not in what for what, _reason in result.skipped)
    (feed,) = library.feeds()
    assert feed.url == base and feed.login and feed.folder == "Clubs"
    assert feed.title == "127.0.0.1"  # named after the host, never after the part with the password
    assert library.secrets.get(feed_key(feed.id)) == Login("ann", PASSWORD)
    assert PASSWORD not in table_dump(library)
    assert PASSWORD not in library.export_opml()
    assert library.refresh().failed == 0


def test_refused_addresses_never_repeat_a_password(library) -> None:
    with pytest.raises(UnsafeURLError) as info:
        library.add_feed(f"ftp://ann:{PASSWORD}@example.org/feed")
    assert PASSWORD not in str(info.value) and "ftp://example.org/feed" in str(info.value)
