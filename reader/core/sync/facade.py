"""The accounts part of the facade: ``Library`` inherits it, so front ends see one object.

Each method hands the calling thread's store, the secrets store and the
client factory to ``reader.core.sync.accounts``; what the mixin needs of the
Library is declared at its top. Nothing here imports the facade.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from reader.core.errors import BylineError, NotFoundError
from reader.core.models import Account, AddResult, SyncProgress, SyncResult, SyncSummary
from reader.core.secrets import Secrets
from reader.core.settings import Settings
from reader.core.storage.store import Store
from reader.i18n import _

# The sync modules (and httpx under them) load with the first account operation:
# a search or the window's first page never pays for them.
if TYPE_CHECKING:
    from reader.core.net.greader import GReaderClient
    from reader.core.sync.accounts import SyncClientFactory

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

    # --- what the rest of the facade routes here ---------------------------------------------------

    def _edit_on_server(self, feed_id: int, edit: Callable[[Store, GReaderClient, int, str], None]) -> bool:
        """Run ``edit(store, client, account id, stream id)`` if the feed is an account's; False for a local feed."""
        store = self._connect()
        remote = store.remote_feed(feed_id)
        if remote is None:
            return False
        with self._account_client(remote[0]) as client:
            edit(store, client, remote[0], remote[1])
        return True

    def _edit_category_on_server(self, folder_id: int, edit: Callable[[Store, GReaderClient, int, str], None]) -> bool:
        """Run ``edit(store, client, account id, folder title)`` if the folder is a category of an
        account (a folder right under the account's own); False for any other folder."""
        store = self._connect()
        folder = next((f for f in store.folders() if f.id == folder_id), None)
        if folder is None or folder.parent_id is None:
            return False
        account = next((a for a in store.accounts() if a.folder_id == folder.parent_id), None)
        if account is None:
            return False
        with self._account_client(account.id) as client:
            edit(store, client, account.id, folder.title)
        return True

    def _add_to_account(self, target: str, folder: Sequence[str], title: str | None) -> AddResult | None:
        """Subscribe on the server when ``folder`` is an account's (its folder, or a category in it); else None."""
        store = self._connect()
        account = next((a for a in store.accounts() if folder and folder[0] == a.name), None)
        if account is None:
            return None
        from reader.core.sync import remote as sync_remote

        category = sync_remote.category_of(account.name, folder)
        with self._account_client(account.id) as client:
            new_id = sync_remote.subscribe(store, client, account.id, target, category=category, title=title)
        result = self.sync([account.id]).results[0]
        if new_id is None:
            unlisted = {"account": repr(account.name), "address": target}
            raise BylineError(result.error or _("the server of %(account)s did not list %(address)s after subscribing") % unlisted)
        return AddResult(feed=store.feed(new_id), new_articles=result.new_articles)

    def _sync_for_refresh(
        self,
        feed_ids: Sequence[int] | None,
        *,
        force: bool,
        cancel: threading.Event | None,
        progress: Callable[[SyncProgress], None] | None,
    ) -> SyncSummary | None:
        """The sync that ends a refresh: every account (only those not backing off unless ``force``),
        or, for feeds named by id, the accounts they belong to (an account's feed is never fetched directly)."""
        store = self._connect()
        if feed_ids is None:
            return self.sync(due_only=not force, cancel=cancel, progress=progress) if store.accounts() else None
        owners = sorted({f.account_id for f in store.feeds(list(feed_ids)) if f.account_id is not None})
        return self.sync(owners, cancel=cancel, progress=progress) if owners else None

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
        from reader.core.sync import accounts as sync_accounts

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
        from reader.core.sync import accounts as sync_accounts

        store = self._connect()
        account_id = sync_accounts.add_account(store, self.secrets, self._sync_client, kind, url, user, password, name)
        result = self.sync([account_id], progress=progress).results[0] if sync else None
        return store.account(account_id), result

    def _account_client(self, account_id: int) -> GReaderClient:
        from reader.core.sync import accounts as sync_accounts

        return sync_accounts.account_client(self._connect(), self.secrets, self._sync_client, account_id)

    def remove_account(self, account_id: int, *, keep_articles: bool = False) -> int:
        """Forget an account, its feeds and its password; returns how many of its articles were kept.

        Saved articles always stay; ``keep_articles`` keeps the others too.
        """
        from reader.core.sync import accounts as sync_accounts

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
        from reader.core.sync import accounts as sync_accounts
        from reader.core.sync.plan import is_due

        store = self._connect()
        accounts = store.accounts(list(account_ids)) if account_ids is not None else store.accounts()
        missing = sorted(set(account_ids or ()) - {a.id for a in accounts})
        if missing:
            raise NotFoundError(_("no account with id %(id)s") % {"id": ", ".join(map(str, missing))})
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
