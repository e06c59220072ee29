"""Fixtures of the sync tests (a pytest plugin, see tests/conftest.py): a real
Miniflux, started once per session and stopped at its end.

Each test gets its own Miniflux user (``account``), so tests never see each
other's feeds or marks. When Miniflux or PostgreSQL cannot be had the tests
skip, except with ``CI=true``, where they fail loudly.
"""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from pathlib import Path

import pytest

from reader.core.library import Library, open_library
from reader.core.net.greader import GReaderClient
from tests.miniflux import Miniflux, Unavailable, User
from tests.servers import FeedServer, Response

_names = itertools.count(1)


@pytest.fixture(scope="session")
def miniflux(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Miniflux]:
    folder = tmp_path_factory.mktemp("miniflux")
    try:
        with Miniflux.start(folder) as server:
            yield server
    except Unavailable as err:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"the sync tests need Miniflux and PostgreSQL, and CI must have them: {err}")
        pytest.skip(f"Miniflux cannot be had here: {err}")


@pytest.fixture(scope="session")
def feed_host() -> Iterator[FeedServer]:
    """Feeds Miniflux fetches, on 127.0.0.1 (site links too, so its icon look-up stays here)."""
    with FeedServer() as server:
        yield server


def rss(
    server: FeedServer, name: str, items: list[tuple[str, str]], *, title: str | None = None, same_date: bool = False
) -> str:
    """Serve an RSS feed of (guid, title) items at /<name>.xml; returns its URL.

    Items are ten seconds apart, or all published in the same second (``same_date``).
    """
    site = server.url(f"/{name}/")
    now = time.time()
    body = "".join(
        f"<item><guid isPermaLink='false'>{guid}</guid><title>{text}</title>"
        f"<link>{site}{guid}</link><description>&lt;p&gt;Body of {text}.&lt;/p&gt;</description>"
        f"<pubDate>{formatdate(now - 86400 + (0 if same_date else n * 10), usegmt=True)}</pubDate></item>"
        for n, (guid, text) in enumerate(items)
    )
    xml = (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>{title or name}</title>"
        f"<link>{site}</link><description>test</description>{body}</channel></rss>"
    )
    server.route(f"/{name}.xml", Response(body=xml, content_type="application/rss+xml", conditional=False))
    server.route(f"/{name}/", Response(body="<html><head><title>site</title></head></html>", content_type="text/html"))
    return server.url(f"/{name}.xml")


@dataclass
class Account:
    """A Miniflux user with a feed server, and a Byline library with that user as an account."""

    miniflux: Miniflux
    feeds: FeedServer
    user: User
    api_password: str
    data_dir: Path
    libs: list[Library] = field(default_factory=list)
    prefix: str = ""

    def feed(
        self, name: str, count: int, *, category: str | None = None, start: int = 0, same_date: bool = False
    ) -> int:
        """Serve a feed of ``count`` items and subscribe the Miniflux user to it; returns Miniflux's feed id."""
        items = [(f"{name}-{i}", f"{name} item {i}") for i in range(start, start + count)]
        url = rss(self.feeds, self.prefix + name, items, same_date=same_date)
        return self.user.add_feed(url, category)

    def grow(self, feed_id: int, name: str, count: int, *, start: int = 0) -> None:
        """Serve ``count`` items (from ``start``) and have Miniflux fetch the feed again."""
        rss(self.feeds, self.prefix + name, [(f"{name}-{i}", f"{name} item {i}") for i in range(start, start + count)])
        self.user.refresh_feed(feed_id)

    def library(self, **kwargs: object) -> Library:
        lib = open_library(self.data_dir, sync_client=fast_client, **kwargs)  # type: ignore[arg-type]
        self.libs.append(lib)
        return lib

    def close(self) -> None:
        for lib in self.libs:
            lib.close()


def fast_client(url: str, user: str, password: str) -> GReaderClient:
    """The real client, with retries that wait milliseconds instead of seconds."""
    return GReaderClient(url, user, password, backoff=0.01, timeout=30)


@pytest.fixture
def account(miniflux: Miniflux, feed_host: FeedServer, data_dir: Path) -> Iterator[Account]:
    n = next(_names)
    name = f"user{n}"
    password = f"api-password-{n}"
    user = miniflux.create_user(name, password)
    acc = Account(miniflux, feed_host, user, password, data_dir, prefix=f"u{n}-")
    yield acc
    acc.close()


def add(lib: Library, acc: Account, *, url: str | None = None, sync: bool = True, name: str = "Miniflux") -> int:
    """Add the account to ``lib`` (syncing once unless told not to); returns its id."""
    account, result = lib.add_account(
        "greader", url or acc.miniflux.url, acc.user.name, acc.api_password, name=name, sync=sync
    )
    assert result is None or result.error is None, result.error
    return account.id


def article_by_item(lib: Library, item_id: int) -> int:
    """The local article id of Miniflux entry ``item_id``."""
    found = [a.id for a in lib.articles() if a.guid == str(item_id)]
    assert found, f"entry {item_id} is not in the library"
    return found[0]
