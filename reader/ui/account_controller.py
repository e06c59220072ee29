"""Sync accounts in the window: adding one (with its Test), syncing now, removing, and showing how syncs went.

``AccountController`` runs every Library call in a worker: the login test and
adding on the ``NET`` lane, "Sync Now" on the ``REFRESH`` lane (one sync or
refresh at a time), so the window never waits on a server. A sync's progress
and each account's error go to the status bar; the tree shows an account's
last error on its folder row, as it shows a feed's (``FeedTreeModel.set_accounts``).

Signals:
    status_reported(str): a line for the status bar.
    tree_edited(str): the library's tree changed; reload it and select that key ("" keeps the selection).
    synced(object): a "Sync Now" ended with this ``SyncSummary`` (what the notification tells).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from reader.core.models import Account, SyncProgress, SyncResult, SyncSummary
from reader.ui.account_dialog import AddAccountDialog
from reader.ui.dialogs import Prompts
from reader.ui.feed_tree import FeedTreeModel
from reader.ui.workers import JobKind, Workers

if TYPE_CHECKING:
    from reader.core.library import Library

KEEP = "Remove, keep its articles"
DROP = "Remove with its articles (saved ones stay)"
STAGES = {"push": "sending changes", "subscriptions": "subscriptions", "ids": "item lists", "items": "articles",
          "marks": "read marks"}


def summary_line(summary: SyncSummary) -> str:
    """One status line for a finished sync."""
    failed = [r for r in summary.results if r.error]
    if not summary.results:
        return "No account was due for a sync."
    if failed:
        first = failed[0]
        more = f" (and {len(failed) - 1} more)" if len(failed) > 1 else ""
        return f"Sync of {first.name} failed: {first.error}{more}"
    return (f"Synced {summary.synced} account{'s' if summary.synced != 1 else ''}: {summary.new_articles} new articles, "
            f"{summary.sent} changes sent, {summary.received} received.")


class AccountController(QObject):
    status_reported = Signal(str)
    tree_edited = Signal(str)
    synced = Signal(object)

    def __init__(
        self, library: Library, workers: Workers, model: FeedTreeModel, prompts: Prompts, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.workers = workers
        self.model = model
        self.prompts = prompts
        self.widget = parent
        self.syncing = False
        workers.sync_progressed.connect(self._on_progress)

    def _say(self, text: str) -> None:
        self.status_reported.emit(" ".join(text.split()))

    # --- adding ------------------------------------------------------------------------------

    def add_account_dialog(self) -> AddAccountDialog:
        dialog = AddAccountDialog(self.widget)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.test_requested.connect(lambda url, user, pw: self.test(dialog, url, user, pw))
        dialog.accepted.connect(lambda: self.add_account(*dialog.values()))
        dialog.open()
        return dialog

    def test(self, dialog: AddAccountDialog, url: str, user: str, password: str) -> None:
        """Check a login with the server in a worker; the dialog shows the answer."""
        lib = self.library

        def passed(base: str) -> None:
            if dialog.isVisible():
                dialog.set_test_result(True, f"The server at {base} accepted the login.")

        def failed(message: str) -> None:
            if dialog.isVisible():
                dialog.set_test_result(False, message)

        self.workers.submit(JobKind.ACCOUNT_TEST, lambda: lib.test_account("greader", url, user, password), passed, failed)

    def add_account(self, url: str, user: str, password: str, name: str = "") -> None:
        """Add the account (its login checked first) and sync it once, in a worker."""
        lib = self.library
        self._say(f"Adding the account at {url}…")

        def added(answer: tuple[Account, SyncResult | None]) -> None:
            account, result = answer
            if result is not None and result.error:
                self._say(f"Added {account.name}, but its first sync failed: {result.error}")
            else:
                got = f": {result.new_articles} articles" if result is not None else ""
                self._say(f"Added the account {account.name}{got}.")
            self.tree_edited.emit(f"folder:{account.folder_id}" if account.folder_id else "")

        self.workers.submit(
            JobKind.ACCOUNT,
            lambda: lib.add_account("greader", url, user, password, name=name or None,
                                    progress=self.workers.sync_progressed.emit),
            added,
            lambda message: self._say(f"Could not add the account: {message}"),
        )

    # --- syncing ------------------------------------------------------------------------------

    def sync_now(self, account_ids: Sequence[int] | None = None) -> None:
        """Sync every account (or those given) now, on the refresh lane."""
        lib = self.library
        ids = list(account_ids) if account_ids else None
        self.syncing = True
        self._say("Syncing…")

        def done(summary: SyncSummary) -> None:
            self.syncing = False
            self._say(summary_line(summary))
            self.tree_edited.emit("")
            self.synced.emit(summary)

        def failed(message: str) -> None:
            self.syncing = False
            self._say(f"Sync failed: {message}")
            self.tree_edited.emit("")

        self.workers.submit(JobKind.SYNC, lambda: lib.sync(ids, progress=self.workers.sync_progressed.emit), done, failed)

    def _on_progress(self, progress: SyncProgress) -> None:
        account = self.model.account(progress.account_id)
        name = account.name if account is not None else f"account {progress.account_id}"
        stage = STAGES.get(progress.stage, progress.stage)
        counted = f" {progress.done}/{progress.total}" if progress.total else ""
        self._say(f"Syncing {name}: {stage}{counted}…")

    # --- removing ------------------------------------------------------------------------------

    def remove(self, account_id: int) -> None:
        """Ask whether to keep the account's articles, then forget it in a worker."""
        account = self.model.account(account_id)
        if account is None:
            return
        choice = self.prompts.choose(self.widget, "Remove Account", f"Remove the account “{account.name}”?", [KEEP, DROP])
        if choice is None:
            return
        lib = self.library
        keep = choice == KEEP

        def removed(kept: int) -> None:
            self._say(f"Removed {account.name}; {kept} of its articles kept.")
            self.tree_edited.emit("smart:unread")

        self.workers.submit(JobKind.ACCOUNT, lambda: lib.remove_account(account_id, keep_articles=keep), removed, self._say)

    def actions_for(self, account_id: int) -> list[QAction]:
        """The account folder's own entries in the tree's context menu."""
        sync = QAction("Sync Now", self.widget)
        sync.triggered.connect(lambda: self.sync_now([account_id]))
        remove = QAction("Remove Account…", self.widget)
        remove.triggered.connect(lambda: self.remove(account_id))
        return [sync, remove]
