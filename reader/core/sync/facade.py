"""The accounts part of the facade: ``Library`` inherits it, so front ends see one object.

Each method hands the calling thread's store, the secrets store and the
client factory to ``reader.core.sync.accounts``; what the mixin needs of the
Library is declared at its top. Nothing here imports the facade.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence

from reader.core.errors import NotFoundError
from reader.core.models import Account, SyncProgress, SyncResult, SyncSummary
from reader.core.net.greader import GReaderClient
from reader.core.secrets import Secrets
from reader.core.settings import Settings
from reader.core.storage.store import Store
from reader.core.sync import accounts as sync_accounts
from reader.core.sync.accounts import SyncClientFactory
from reader.core.sync.plan import is_due

STARRED_COPIES_PER_SYNC = 20  # full copies fetched for articles the server's stars saved, per sync


class AccountsFacade:
    """Sync accounts: list, test, add, remove, sync. Mixed into ``Library``."""

    secrets: Secrets
    _sync_client: SyncClientFactory

    def _connect(self) -> Store:
        raise NotImplementedError

    def settings(self) -> Settings:
        raise NotImplementedError

    def save_full_copy(self, article_id: int) -> str | None:
        raise NotImplementedError

    def accounts(self) -> list[Account]:
        return self._connect().accounts()

    def account(self, account_id: int) -> Account:
        return self._connect().account(account_id)

    def test_account(self, kind: str, url: str, user: str, password: str) -> str:
        """Log in to a server without storing anything (the Add Account dialog's Test button).

        Returns the server's address as Byline will use it.

        Raises:
            BylineError: an unknown kind, a bad address, a refused login or an unreachable server.
        """
        return sync_accounts.test_login(self._sync_client, kind, url, user, password)

    def add_account(
        self,
        kind: str,
        url: str,
        user: str,
        password: str,
        *,
        name: str | None = None,
        sync: bool = True,
        progress: Callable[[SyncProgress], None] | None = None,
    ) -> tuple[Account, SyncResult | None]:
        """Add a sync account: the login is checked first (nothing is stored if it fails), then it syncs once.

        The password goes to the secrets store (keyring or 0600 file), never the library.

        Raises:
            BylineError: as ``test_account``; or the name is taken.
        """
        store = self._connect()
        account_id = sync_accounts.add_account(store, self.secrets, self._sync_client, kind, url, user, password, name)
        result = self.sync([account_id], progress=progress).results[0] if sync else None
        return store.account(account_id), result

    def _account_client(self, account_id: int) -> GReaderClient:
        return sync_accounts.account_client(self._connect(), self.secrets, self._sync_client, account_id)

    def remove_account(self, account_id: int, *, keep_articles: bool = False) -> int:
        """Forget an account, its feeds and its password; returns how many of its articles were kept.

        Saved articles always stay; ``keep_articles`` keeps the others too.
        """
        return sync_accounts.remove_account(self._connect(), self.secrets, account_id, keep_articles=keep_articles)

    def sync_iter(
        self,
        account_ids: Sequence[int] | None = None,
        *,
        due_only: bool = False,
        progress: Callable[[SyncProgress], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> Iterator[SyncResult]:
        """Sync accounts one after the other, yielding each one's result (errors are values).

        Args:
            due_only: skip accounts still backing off after a failure (the window's timer);
                an explicit sync always tries.
        """
        store = self._connect()
        accounts = store.accounts(list(account_ids)) if account_ids is not None else store.accounts()
        missing = sorted(set(account_ids or ()) - {a.id for a in accounts})
        if missing:
            raise NotFoundError(f"no account with id {', '.join(map(str, missing))}")
        settings = self.settings()
        for account in accounts:
            if cancel is not None and cancel.is_set():
                return
            if due_only and not is_due(store.sync_state(account.id).next_try, time.time()):
                continue
            result, saved_ids = sync_accounts.sync_account(
                store, self.secrets, self._sync_client, account, settings, progress=progress, cancel=cancel
            )
            for article_id in saved_ids[:STARRED_COPIES_PER_SYNC]:  # a server's star saves here, with the full copy
                if cancel is not None and cancel.is_set():
                    break
                self.save_full_copy(article_id)
            yield result

    def sync(
        self,
        account_ids: Sequence[int] | None = None,
        *,
        due_only: bool = False,
        progress: Callable[[SyncProgress], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> SyncSummary:
        """Sync accounts (all, or those named): push pending changes, then pull; see ``reader.core.sync``."""
        return SyncSummary(tuple(self.sync_iter(account_ids, due_only=due_only, progress=progress, cancel=cancel)))


__all__ = ["STARRED_COPIES_PER_SYNC", "AccountsFacade"]
