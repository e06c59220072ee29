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
from reader.ui.feed_tree import FeedTreeModel
from reader.ui.i18n import QT_TRANSLATE_NOOP, arg, number, translate
from reader.ui.prompts import Prompts
from reader.ui.workers import JobKind, Workers

if TYPE_CHECKING:
    from reader.core.library import Library
    from reader.ui.account_dialog import AddAccountDialog

KEEP = QT_TRANSLATE_NOOP("AccountController", "Remove, keep its articles")
DROP = QT_TRANSLATE_NOOP("AccountController", "Remove with its articles (saved ones stay)")
STAGES = {
    "push": QT_TRANSLATE_NOOP("AccountController", "sending changes"),
    "subscriptions": QT_TRANSLATE_NOOP("AccountController", "subscriptions"),
    "ids": QT_TRANSLATE_NOOP("AccountController", "item lists"),
    "items": QT_TRANSLATE_NOOP("AccountController", "articles"),
    "marks": QT_TRANSLATE_NOOP("AccountController", "read marks"),
}


def summary_line(summary: SyncSummary) -> str:
    """One status line for a finished sync."""
    failed = [r for r in summary.results if r.error]
    if not summary.results:
        return translate("AccountController", "No account was due for a sync.")
    if failed:
        first = failed[0]
        line = arg(translate("AccountController", "Sync of %1 failed: %2"), first.name, first.error)
        if len(failed) > 1:
            line += " " + translate("AccountController", "(and %Ln more)", None, len(failed) - 1)
        return line
    return arg(
        translate("AccountController", "%1: %2, %3, %4."),
        translate("AccountController", "Synced %Ln account(s)", None, summary.synced),
        translate("AccountController", "%Ln new article(s)", None, summary.new_articles),
        translate("AccountController", "%Ln change(s) sent", None, summary.sent),
        translate("AccountController", "%Ln received", None, summary.received),
    )


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
        from reader.ui.account_dialog import AddAccountDialog  # loaded when first opened

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
                dialog.set_test_result(True, arg(translate("AccountController", "The server at %1 accepted the login."), base))

        def failed(message: str) -> None:
            if dialog.isVisible():
                dialog.set_test_result(False, message)

        self.workers.submit(JobKind.ACCOUNT_TEST, lambda: lib.test_account("greader", url, user, password), passed, failed)

    def add_account(self, url: str, user: str, password: str, name: str = "") -> None:
        """Add the account (its login checked first) and sync it once, in a worker."""
        lib = self.library
        self._say(arg(translate("AccountController", "Adding the account at %1…"), url))

        def added(answer: tuple[Account, SyncResult | None]) -> None:
            account, result = answer
            if result is not None and result.error:
                self._say(arg(translate("AccountController", "Added %1, but its first sync failed: %2"), account.name, result.error))
            elif result is not None:
                articles = translate("AccountController", "%Ln article(s)", None, result.new_articles)
                self._say(arg(translate("AccountController", "Added the account %1: %2."), account.name, articles))
            else:
                self._say(arg(translate("AccountController", "Added the account %1."), account.name))
            self.tree_edited.emit(f"folder:{account.folder_id}" if account.folder_id else "")

        self.workers.submit(
            JobKind.ACCOUNT,
            lambda: lib.add_account("greader", url, user, password, name=name or None,
                                    progress=self.workers.sync_progressed.emit),
            added,
            lambda message: self._say(arg(translate("AccountController", "Could not add the account: %1"), message)),
        )

    # --- syncing ------------------------------------------------------------------------------

    def sync_now(self, account_ids: Sequence[int] | None = None) -> None:
        """Sync every account (or those given) now, on the refresh lane."""
        lib = self.library
        ids = list(account_ids) if account_ids else None
        self.syncing = True
        self._say(translate("AccountController", "Syncing…"))

        def done(summary: SyncSummary) -> None:
            self.syncing = False
            self._say(summary_line(summary))
            self.tree_edited.emit("")
            self.synced.emit(summary)

        def failed(message: str) -> None:
            self.syncing = False
            self._say(arg(translate("AccountController", "Sync failed: %1"), message))
            self.tree_edited.emit("")

        self.workers.submit(JobKind.SYNC, lambda: lib.sync(ids, progress=self.workers.sync_progressed.emit), done, failed)

    def _on_progress(self, progress: SyncProgress) -> None:
        account = self.model.account(progress.account_id)
        name = account.name if account is not None else arg(translate("AccountController", "account %1"), progress.account_id)
        stage = translate("AccountController", STAGES[progress.stage]) if progress.stage in STAGES else progress.stage
        if progress.total:
            line = translate("AccountController", "Syncing %1: %2 %3/%4…")
            self._say(arg(line, name, stage, number(progress.done), number(progress.total)))
        else:
            self._say(arg(translate("AccountController", "Syncing %1: %2…"), name, stage))

    # --- removing ------------------------------------------------------------------------------

    def remove(self, account_id: int) -> None:
        """Ask whether to keep the account's articles, then forget it in a worker."""
        account = self.model.account(account_id)
        if account is None:
            return
        keep_text, drop_text = translate("AccountController", KEEP), translate("AccountController", DROP)
        question = arg(translate("AccountController", "Remove the account “%1”?"), account.name)
        choice = self.prompts.choose(self.widget, translate("AccountController", "Remove Account"), question, [keep_text, drop_text])
        if choice is None:
            return
        lib = self.library
        keep = choice == keep_text

        def removed(kept: int) -> None:
            articles = translate("AccountController", "%Ln of its articles", None, kept)
            self._say(arg(translate("AccountController", "Removed %1; %2 kept."), account.name, articles))
            self.tree_edited.emit("smart:unread")

        self.workers.submit(JobKind.ACCOUNT, lambda: lib.remove_account(account_id, keep_articles=keep), removed, self._say)

    def actions_for(self, account_id: int) -> list[QAction]:
        """The account folder's own entries in the tree's context menu."""
        sync = QAction(translate("AccountController", "Sync Now"), self.widget)
        sync.triggered.connect(lambda: self.sync_now([account_id]))
        remove = QAction(translate("AccountController", "Remove Account…"), self.widget)
        remove.triggered.connect(lambda: self.remove(account_id))
        return [sync, remove]
