"""Subscriptions in and out: adding a feed (URL, site, or file), discovery, OPML import and export.

    add_feed(target):
        a path to a file?          read it, parse it, store it as a file: feed
        otherwise                  normalize the address (one rule, net.urls);
                                   a user:password@ in it becomes the login
            already subscribed?    that feed (a login given now is kept for it)
            fetch it; a feed?      store it with its first entries
            a web page?            discover its feeds; subscribe to the best one

Nothing is stored unless the feed was fetched and parsed: the feed, its first
entries and its login (in the secrets store, never the database) are written
together, or not at all. OPML import moves ``user:password@`` out of URLs the
same way.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from reader.core import decide
from reader.core.access import feed_key, store_feed_login
from reader.core.errors import FetchError, NotAFeedError
from reader.core.feeds import opml
from reader.core.models import DiscoveredFeed, Feed, Folder, ImportResult, split_folder_path
from reader.core.net.urls import normalize_feed_address, sample_name, split_credentials
from reader.core.secrets import Login, Secrets
from reader.core.settings import Settings
from reader.core.storage.rows import FeedMeta, FeedOptions, StoreCounts
from reader.core.storage.store import Store
from reader.i18n import _

# Parsing, fetching and storing entries load with the first feed added: an
# OPML import or export needs none of them.
if TYPE_CHECKING:
    from reader.core.net.fetch import Fetcher, FetchResult


def discover(fetcher: Fetcher, address: str) -> list[DiscoveredFeed]:
    """The feeds the page at ``address`` offers, best first.

    Raises:
        BylineError: the address is refused or the page cannot be fetched.
    """
    from reader.core.net import discover as discovery  # BeautifulSoup: loaded only when a page is read

    return [DiscoveredFeed(f.url, f.title, f.type) for f in discovery.discover(fetcher, normalize_feed_address(address))]


def add_feed(
    store: Store,
    fetcher: Fetcher,
    settings: Settings,
    secrets: Callable[[], Secrets],
    target: str,
    *,
    folder: Sequence[str] = (),
    title: str | None = None,
    login: Login | None = None,
    user_agent: str | None = None,
) -> tuple[int, StoreCounts, tuple[str, ...]]:
    """Subscribe to a feed URL, a site URL or a local feed file; fetch it once; store it.

    Args:
        secrets: opens the store the login goes to (called only when there is one).
        login: the feed's user name and password (a ``user:password@`` in the
            URL is used when this is None).
        user_agent: the feed's own User-Agent, kept for every later refresh.

    Returns:
        (feed id, what the first write stored, other feeds the page offered).

    Raises:
        BylineError: the target is refused, unreachable, or not a feed; nothing is stored.
    """
    from reader.core.entries import entry_rows, store_entries
    from reader.core.feeds.parse import parse_feed
    from reader.core.refresh import read_local, sample_url_of
    from reader.core.rules.engine import RuleSet

    alternatives: tuple[str, ...] = ()
    path = Path(target).expanduser()
    res: FetchResult | None = None
    if sample_name(target) is not None or ("://" not in target and path.is_file()):
        # a bundled sample feed keeps its install-independent address (byline:sample/NAME)
        url = target if sample_name(target) is not None else sample_url_of(path) or path.resolve().as_uri()
        existing = store.feed_id_by_url(url)
        if existing is not None:
            return existing, StoreCounts(), ()
        body = read_local(url)
        login = None
    else:
        url, in_url = split_credentials(normalize_feed_address(target))
        login = login or in_url
        existing = store.feed_id_by_url(url)
        if existing is not None:
            if login is not None:
                store_feed_login(store, secrets(), existing, login)
            return existing, StoreCounts(), ()
        res = _fetch_new(fetcher, url, login, user_agent)
        body = res.body
        url = res.url if res.permanent_url else url
    try:
        parsed = parse_feed(body, url=url, content_type=res.content_type if res else None)
    except NotAFeedError:
        if res is None:
            raise
        from reader.core.net import discover as discovery  # BeautifulSoup: loaded only when a page is read

        found = [f.url for f in discovery.discover(fetcher, res.url, login=login, user_agent=user_agent)]
        if not found:
            raise NotAFeedError(_("%(address)s is a web page and no feed was found on it") % {"address": url}, feed=url) from None
        url, alternatives = found[0], tuple(found[1:])
        existing = store.feed_id_by_url(url)
        if existing is not None:
            return existing, StoreCounts(), alternatives
        res = _fetch_new(fetcher, url, login, user_agent)
        parsed = parse_feed(res.body, url=res.url, content_type=res.content_type)
        body = res.body
    existing = store.feed_id_by_url(url)
    if existing is not None:
        return existing, StoreCounts(), alternatives
    now = time.time()
    interval = int(settings.refresh_interval_minutes) * 60
    meta = FeedMeta(
        checked_at=now,
        next_check=decide.next_check_after_success(now, interval, ttl=parsed.ttl_seconds, max_age=res.max_age if res else None),
        title=parsed.title,
        site_url=parsed.site_url,
        description=parsed.description,
        etag=res.etag if res else None,
        last_modified=res.last_modified if res else None,
        body_hash=_sha256(body),
        ttl_seconds=parsed.ttl_seconds,
        problem=parsed.problem,
    )
    rows = entry_rows(parsed)
    kept = secrets() if login is not None else None  # opened before the write, not inside it
    rule_set = RuleSet.load(store)
    with store.new_feed_write(url, meta, folder=folder, user_title=title, login=login is not None, user_agent=user_agent) as write:
        counts, _muted = store_entries(write, rows, rule_set)
        if login is not None and kept is not None:
            kept.put(feed_key(write.feed_id), login)  # a failure here rolls the subscription back
        return write.feed_id, counts, alternatives


def _sha256(body: bytes) -> str:
    import hashlib  # OpenSSL's start (~3 ms) is for adding a feed, not for an OPML import

    return hashlib.sha256(body).hexdigest()


def _fetch_new(fetcher: Fetcher, url: str, login: Login | None, user_agent: str | None) -> FetchResult:
    """The first fetch of a feed being added; a refusal says how to subscribe after all."""
    try:
        return fetcher.fetch(url, login=login, user_agent=user_agent)
    except FetchError as err:
        if err.status == 401 and login is None:
            message = (
                "the feed needs a login (the server answered 401 Unauthorized): subscribe with your user name, "
                f"byline add {url} --user NAME (or in the window's Add Feed, which asks for it)"
            )
        elif err.status == 401:
            message = "the server did not accept the user name and password (401 Unauthorized); nothing was added"
        elif err.status == 403 and user_agent is None:
            message = (
                "the server refused access (403 Forbidden); some sites turn away programs they do not know: "
                f"try byline add {url} --user-agent browser"
            )
        else:
            raise
        raise FetchError(message, status=err.status, feed=url) from err


def import_opml(store: Store, secrets: Callable[[], Secrets], data: bytes, *, under: str = "") -> ImportResult:
    """Import an OPML subscription list in one transaction (a damaged file: what could be read).

    A ``user:password@`` in a feed URL is moved into the secrets store
    (``secrets`` opens it, only then); the feed is stored with the clean URL.
    """
    doc = opml.parse_opml(data)
    prefix = tuple(split_folder_path(under))
    folders = [prefix + path for path in doc.folders]
    logins: dict[str, Login] = {}
    options: dict[str, FeedOptions] = {}
    items = []
    for f in doc.feeds:
        url, login = split_credentials(f.url)
        if login is not None:
            logins[url] = login
        items.append((url, f.title, prefix + f.folder, f.site_url))
        chosen = FeedOptions(
            allow_images=f.images, interval=None if f.interval_minutes is None else f.interval_minutes * 60,
            full_stories=f.full_stories, user_agent=f.user_agent,
        )
        if chosen != FeedOptions():
            options[url] = chosen
    added, present = store.add_feeds(items, folders, with_login=logins.keys(), options=options)
    kept = secrets() if logins else None
    for url, login in logins.items():
        feed_id = store.feed_id_by_url(url)
        if feed_id is not None and kept is not None:
            kept.put(feed_key(feed_id), login)
    return ImportResult(
        added=added, present=present, skipped=tuple(doc.skipped), folders=len(doc.folders), damage=doc.damage
    )


def _portable(url: str) -> str:
    """A sample feed stored by a file: URL (libraries made before sample addresses) exports as byline:sample/NAME."""
    if not url.startswith("file:"):
        return url
    from urllib.request import url2pathname  # with http.client and ssl: ~15 ms that an import does not need

    from reader.core.refresh import sample_url_of

    return sample_url_of(Path(url2pathname(urlsplit(url).path))) or url


def export_opml(feeds: Sequence[Feed], folders: Sequence[Folder]) -> str:
    """OPML 2.0 of the subscriptions and their folders (empty folders too), with each feed's
    options as Byline's own attributes (never its login)."""
    outlines = [
        opml.OutlineFeed(
            url=_portable(f.url), title=f.title, folder=tuple(split_folder_path(f.folder)), site_url=f.site_url,
            images=f.allow_images, full_stories=f.full_stories, user_agent=f.user_agent,
            interval_minutes=f.refresh_minutes,
        )
        for f in feeds
    ]
    return opml.write_opml(outlines, [tuple(split_folder_path(f.path)) for f in folders])


__all__ = ["add_feed", "discover", "export_opml", "import_opml", "split_folder_path"]
