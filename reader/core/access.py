"""How Byline gets through to feeds: the proxy the preferences choose, and feed logins.

Logins live in the secrets store (``reader.core.secrets``) under keys of their
own: ``feed:<id>`` for a feed, ``proxy`` for the manual proxy. The library
only marks that a feed has one (``Feed.login``); the user name and password
never enter the database, OPML, backups, logs or output.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

from reader.core.errors import BylineError
from reader.core.net.proxy import ProxyMode, ProxyPolicy, ProxyServer
from reader.core.net.urls import split_credentials
from reader.core.secrets import Login, Secrets
from reader.core.settings import Settings
from reader.core.storage.store import Store

log = logging.getLogger(__name__)

PROXY_KEY = "proxy"


def feed_key(feed_id: int) -> str:
    """The secrets key of a feed's login."""
    return f"feed:{feed_id}"


def proxy_policy(settings: Settings, secrets: Secrets, environ: Mapping[str, str]) -> ProxyPolicy:
    """The proxy policy the preferences ask for.

    "none" connects directly; "manual" sends everything (but the listed
    exceptions) through the chosen proxy, with its login when one is kept;
    "system", and a manual choice that lacks a host or port, follow the
    environment's proxy variables.
    """
    mode = settings.proxy_mode
    if mode == ProxyMode.NONE:
        return ProxyPolicy.direct()
    if mode == ProxyMode.MANUAL and settings.proxy_host and settings.proxy_port:
        server = ProxyServer(settings.proxy_kind, settings.proxy_host, settings.proxy_port, secrets.get(PROXY_KEY))
        return ProxyPolicy.manual(server, exceptions=settings.proxy_exceptions)
    return ProxyPolicy.from_environment(environ)


def move_url_credentials(store: Store, secrets: Callable[[], Secrets]) -> int:
    """Move ``user:password@`` out of stored feed URLs into the secrets store; returns how many feeds.

    ``secrets`` opens the store only when a URL carries a login (the keyring is
    slow to load, and this runs on every open).

    Libraries kept such URLs before logins existed. When the clean URL is
    already another subscription, that one gets the login and the duplicate
    is removed (its saved articles stay).
    """
    found = [(feed_id, url, *split_credentials(url)) for feed_id, url in store.feeds_with_url_login()]
    found = [item for item in found if item[3] is not None]
    if not found:
        return 0
    kept = secrets()
    with store.erasing_writes():
        for feed_id, _url, clean, login in found:
            assert login is not None
            other = store.feed_id_by_url(clean)
            if other is not None and other != feed_id:
                kept.put(feed_key(other), login)
                store.set_feed_login(other, True)
                store.delete_feed(feed_id)
            else:
                kept.put(feed_key(feed_id), login)
                store.replace_feed_url(feed_id, clean, login=True)
    moved = len(found)
    if moved:
        log.info("moved the login out of %d feed address(es) into the password store", moved)
    return moved


def store_feed_login(store: Store, secrets: Secrets, feed_id: int, login: Login | None) -> None:
    """Give a feed its login (kept in ``secrets``), or take it away with None."""
    store.feed(feed_id)  # NotFoundError first
    if login is None:
        secrets.delete(feed_key(feed_id))
        store.set_feed_login(feed_id, False)
        return
    if not login.user:
        raise BylineError("a login needs a user name")
    secrets.put(feed_key(feed_id), login)
    store.set_feed_login(feed_id, True)


__all__ = ["PROXY_KEY", "feed_key", "move_url_credentials", "proxy_policy", "store_feed_login"]
