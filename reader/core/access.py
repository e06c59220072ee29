"""How Byline gets through to feeds: the proxy the preferences choose, and feed logins.

Logins live in the secrets store (``reader.core.secrets``) under keys of their
own: ``feed:<id>`` for a feed, ``proxy`` for the manual proxy. The library
only marks that a feed has one (``Feed.login``); the user name and password
never enter the database, OPML, backups, logs or output.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from reader.core.errors import BylineError
from reader.core.models import Feed
from reader.core.net.agent import check_user_agent
from reader.core.net.urls import split_credentials
from reader.core.secrets import Login, Secrets
from reader.core.settings import Settings
from reader.core.storage.store import Store
from reader.i18n import _

if TYPE_CHECKING:
    from reader.core.net.fetch import Fetcher
    from reader.core.net.proxy import ProxyPolicy

log = logging.getLogger(__name__)

PROXY_KEY = "proxy"


def feed_key(feed_id: int) -> str:
    """The secrets key of a feed's login."""
    return f"feed:{feed_id}"


def proxy_policy(settings: Settings, secrets: Callable[[], Secrets], environ: Mapping[str, str]) -> ProxyPolicy:
    """The proxy policy the preferences ask for.

    "none" connects directly; "manual" sends everything (but the listed
    exceptions) through the chosen proxy, with its login when one is kept;
    "system", and a manual choice that lacks a host or port, follow the
    environment's proxy variables. ``secrets`` is opened only for a manual
    proxy (the keyring is slow to load, and most refreshes need no password).
    """
    from reader.core.net.proxy import ProxyMode, ProxyPolicy, ProxyServer  # loaded by what fetches, not by a search

    mode = settings.proxy_mode
    if mode == ProxyMode.NONE:
        return ProxyPolicy.direct()
    if mode == ProxyMode.MANUAL and settings.proxy_host and settings.proxy_port:
        server = ProxyServer(settings.proxy_kind, settings.proxy_host, settings.proxy_port, secrets().get(PROXY_KEY))
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
        raise BylineError(_("a login needs a user name"))
    secrets.put(feed_key(feed_id), login)
    store.set_feed_login(feed_id, True)


class AccessFacade:
    """Proxies and feed logins: the part of ``Library`` that deals with them (mixed in).

    What the mixin needs of the Library is declared here; nothing in this
    module imports the facade.
    """

    secrets: Secrets
    _session: Secrets  # logins given for this session only ("remember" unticked)
    _lock: threading.Lock
    _fetcher: Fetcher | None
    _proxies_set: bool

    def _connect(self) -> Store:
        raise NotImplementedError

    def settings(self) -> Settings:
        raise NotImplementedError

    def feed(self, feed_id: int) -> Feed:
        raise NotImplementedError

    def proxy_policy(self) -> ProxyPolicy:
        """The proxy the preferences choose (the environment's by default)."""
        return proxy_policy(self.settings(), lambda: self.secrets, os.environ)

    def proxy_login(self) -> Login | None:
        """The manual proxy's login, if one is kept."""
        return self.secrets.get(PROXY_KEY)

    def set_proxy_login(self, login: Login | None) -> None:
        """Keep (or with None, forget) the manual proxy's login, in the secrets store."""
        if login is None or not login.user:
            self.secrets.delete(PROXY_KEY)
        else:
            self.secrets.put(PROXY_KEY, login)
        self._apply_proxies()

    def _apply_proxies(self) -> None:
        with self._lock:
            fetcher = self._fetcher
        if fetcher is not None:
            fetcher.set_proxies(self.proxy_policy())
            with self._lock:
                self._proxies_set = True

    def feed_login(self, feed_id: int) -> Login | None:
        """A feed's login, when it has one (for the window to fill in the user name)."""
        return self._login_of(feed_id) if self.feed(feed_id).login else None

    def _login_of(self, feed_id: int) -> Login | None:
        key = feed_key(feed_id)
        return self._session.get(key) or self.secrets.get(key)

    def set_feed_login(self, feed_id: int, login: Login | None, *, remember: bool = True) -> None:
        """Give a feed a user name and password, or take them away with None.

        Args:
            remember: keep the login in the secrets store (the keyring or the
                0600 file); False keeps it in memory for this session only.

        Raises:
            NotFoundError: no such feed.
            StorageError: the keyring or password file cannot be written.
        """
        key = feed_key(feed_id)
        if login is None:
            self._session.delete(key)
            store_feed_login(self._connect(), self.secrets, feed_id, None)
        elif remember:
            store_feed_login(self._connect(), self.secrets, feed_id, login)
            self._session.delete(key)
        else:
            store_feed_login(self._connect(), self._session, feed_id, login)
            self.secrets.delete(key)

    def _forget_logins(self, feed_ids: list[int]) -> None:
        """Drop the logins of feeds that were unsubscribed (their ids may be given to new feeds)."""
        for feed_id in feed_ids:
            self._session.delete(feed_key(feed_id))
            self.secrets.delete(feed_key(feed_id))

    def set_feed_user_agent(self, feed_id: int, user_agent: str | None) -> None:
        """Ask this feed with its own User-Agent (None or "": Byline's).

        Raises:
            InputError: text an HTTP header cannot carry.
        """
        self._connect().set_feed_user_agent(feed_id, check_user_agent(user_agent))

    def _move_url_credentials(self) -> None:
        """Feeds stored as ``user:password@`` URLs by older versions: their logins move to the secrets store."""
        try:
            move_url_credentials(self._connect(), lambda: self.secrets)
        except BylineError as err:  # a locked keyring must not keep the library closed
            log.warning("the logins in feed addresses could not be moved to the password store yet: %s", err)


__all__ = ["PROXY_KEY", "AccessFacade", "feed_key", "move_url_credentials", "proxy_policy", "store_feed_login"]
