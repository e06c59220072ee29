"""Accounts as the facade offers them: adding one (its login checked first), a client with the stored
login, syncing one account, removing one.

The password goes to the secrets store under ``account:<id>`` and nowhere
else; the library keeps the account's server, user name and sync state.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from urllib.parse import urlsplit

from reader.core.errors import BylineError
from reader.core.models import Account, SyncProgress, SyncResult
from reader.core.net.greader import GReaderClient
from reader.core.secrets import Login, Secrets
from reader.core.settings import Settings
from reader.core.storage.store import Store
from reader.core.sync.engine import AccountSync
from reader.i18n import _

KINDS = ("greader",)

SyncClientFactory = Callable[[str, str, str], GReaderClient]  # (url, user, password) -> client


def secret_key(account_id: int) -> str:
    return f"account:{account_id}"


def test_login(factory: SyncClientFactory, kind: str, url: str, user: str, password: str) -> str:
    """Log in without storing anything; returns the server's API address as Byline will use it.

    Raises:
        BylineError: an unknown kind, a bad address, a refused login or an unreachable server.
    """
    if kind not in KINDS:
        raise BylineError(_("unknown account kind %(kind)s (known: %(known)s)") % {"kind": repr(kind), "known": ", ".join(KINDS)})
    with factory(url, user, password) as client:
        client.login()
        return client.base


def free_name(store: Store, base: str) -> str:
    """A name for an account of ``base`` that no account or top-level folder has yet."""
    host = urlsplit(base).netloc or "Account"
    taken = {a.name for a in store.accounts()} | {f.path for f in store.folders() if f.parent_id is None}
    name, n = host, 2
    while name in taken:
        name, n = f"{host} {n}", n + 1
    return name


def add_account(
    store: Store, secrets: Secrets, factory: SyncClientFactory,
    kind: str, url: str, user: str, password: str, name: str | None,
) -> int:
    """Check the login, then store the account and its password; returns its id (nothing stored on failure)."""
    user = user.strip()
    if not user or not password:
        raise BylineError(_("an account needs a user name and a password"))
    base = test_login(factory, kind, url, user, password)
    title = (name or "").strip().replace("/", "-") or free_name(store, base)
    account_id = store.add_account(kind, title, base, user)
    try:
        secrets.put(secret_key(account_id), Login(user, password))
    except BaseException:
        store.remove_account(account_id, keep_articles=False)
        raise
    return account_id


def account_client(store: Store, secrets: Secrets, factory: SyncClientFactory, account_id: int) -> GReaderClient:
    """A client of the account's server with its stored login.

    Raises:
        BylineError: no password is stored for it.
    """
    account = store.account(account_id)
    login = secrets.get(secret_key(account_id))
    if login is None:
        raise BylineError(_("no password is stored for account %(name)s: remove it and add it again") % {"name": repr(account.name)})
    return factory(account.url, login.user, login.password)


def remove_account(store: Store, secrets: Secrets, account_id: int, *, keep_articles: bool) -> int:
    kept = store.remove_account(account_id, keep_articles=keep_articles)
    secrets.delete(secret_key(account_id))
    store.prune_images()  # kept images no remaining article shows
    return kept


def sync_account(
    store: Store,
    secrets: Secrets,
    factory: SyncClientFactory,
    account: Account,
    settings: Settings,
    *,
    progress: Callable[[SyncProgress], None] | None = None,
    cancel: threading.Event | None = None,
) -> tuple[SyncResult, list[int]]:
    """Sync one account; returns its result and the articles the server's stars saved here."""
    try:
        client = account_client(store, secrets, factory, account.id)
    except BylineError as err:
        store.record_sync_error(account.id, str(err), next_try=None)
        return SyncResult(account_id=account.id, name=account.name, error=str(err), auth_failed=True), []
    with client:
        job = AccountSync(store, client, account.id, settings, progress=progress, cancel=cancel)
        return job.run(), job.saved_ids


__all__ = [
    "KINDS",
    "SyncClientFactory",
    "account_client",
    "add_account",
    "free_name",
    "remove_account",
    "secret_key",
    "sync_account",
    "test_login",
]
