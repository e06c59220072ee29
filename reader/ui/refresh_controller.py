"""Refreshing from the window: the timer, the one running refresh, its progress and its outcome per feed.

``RefreshController`` starts ``Library.refresh`` through ``Workers.refresh``
(the same call the CLI makes, so retention and the daily backup run here
too), shows its progress and a Cancel button in the status bar, marks feeds
that failed in the tree as their results arrive, and says when it ended (and
how the accounts' sync that ends a refresh went). The
timer asks only for feeds that are due (``force=False``); a person's
"Refresh" checks every feed asked for, except those a server said are gone or
told to wait (their row says until when); the feed menu's forced refresh
(``override=True``) asks those too.

Signals:
    status_reported(str): a line for the status bar.
    articles_arrived(): a feed stored new or changed articles (counts may be re-read).
    login_needed(object): a feed's server answered 401 (the ``FeedResult``).
    finished(): the refresh ended; the tree and the list may be read again.
    summarized(object): the refresh's ``RefreshSummary`` (not sent when it failed): what the notification tells.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QProgressBar, QToolButton

from reader.core.models import FeedResult, FeedStatus, RefreshProgress, RefreshSummary
from reader.ui.feed_tree import FeedTreeModel
from reader.ui.i18n import arg, number, translate
from reader.ui.workers import Workers

if TYPE_CHECKING:
    from reader.core.library import Library


def refresh_summary(checked: int, new_articles: int, failed: int, held: int = 0) -> str:
    """The status line when a refresh ended: "Checked 4 feeds: 12 new articles, 1 failed."."""
    feeds = translate("RefreshController", "Checked %Ln feed(s)", None, checked)
    parts = [translate("RefreshController", "%Ln new article(s)", None, new_articles)]
    if failed:
        parts.append(translate("RefreshController", "%Ln failed", None, failed))
    if held:
        parts.append(translate("RefreshController", "%Ln held back by their servers", None, held))
    return arg(translate("RefreshController", "%1: %2."), feeds, ", ".join(parts))


class RefreshController(QObject):
    status_reported = Signal(str)
    articles_arrived = Signal()
    login_needed = Signal(object)
    finished = Signal()
    summarized = Signal(object)

    def __init__(
        self,
        library: Library,
        workers: Workers,
        tree_model: FeedTreeModel,
        progress: QProgressBar,
        cancel_button: QToolButton,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.workers = workers
        self.tree_model = tree_model
        self.progress = progress
        self.cancel_button = cancel_button
        self.timer = QTimer(self)
        self.timer.timeout.connect(lambda: self.refresh(force=False))
        workers.feed_refreshed.connect(self._on_feed_refreshed)
        workers.refresh_progressed.connect(self._on_progress)
        workers.refresh_finished.connect(self._on_finished)
        progress.hide()
        cancel_button.hide()

    def set_interval(self, minutes: int) -> None:
        """Refresh due feeds every ``minutes`` (0: never on its own)."""
        if minutes > 0:
            self.timer.start(minutes * 60_000)
        else:
            self.timer.stop()

    def stop(self) -> None:
        """The window is closing: no refresh starts after this."""
        self.timer.stop()

    def refresh(self, feed_ids: Sequence[int] | None = None, *, force: bool = True, override: bool = False) -> bool:
        """Start a refresh of ``feed_ids`` (None: every feed); False when one is already running.

        ``override``: also ask feeds a server said are gone or told to wait.
        """
        started = self.workers.refresh(self.library, feed_ids, force=force, override=override)
        if started:
            self.progress.setRange(0, 0)
            self.progress.show()
            self.cancel_button.show()
            self.status_reported.emit(translate("RefreshController", "Refreshing…"))
        return started

    def _on_feed_refreshed(self, result: FeedResult) -> None:
        if result.status is FeedStatus.SKIPPED:
            return
        self.tree_model.set_feed_error(result.feed_id, result.error)
        if result.http_status == 401:
            self.login_needed.emit(result)
        if result.new or result.updated:
            self.articles_arrived.emit()

    def _on_progress(self, progress: RefreshProgress) -> None:
        if progress.total:
            self.progress.setRange(0, progress.total)
            self.progress.setValue(progress.done)
            self.progress.setFormat(arg(translate("RefreshController", "%1 of %2"), number(progress.done), number(progress.total)))

    def _on_finished(self, summary: RefreshSummary | None) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        if summary is None:
            self.status_reported.emit(translate("RefreshController", "Refresh failed; see the feeds marked with a warning."))
        else:
            line = refresh_summary(summary.checked, summary.new_articles, summary.failed, summary.held)
            sync = summary.sync
            if sync is not None and sync.results:
                broken = [r for r in sync.results if r.error]
                if broken:
                    line += " " + arg(translate("RefreshController", "Sync of %1 failed: %2"), broken[0].name, broken[0].error)
                else:
                    synced = translate("RefreshController", "Synced %Ln account(s)", None, sync.synced)
                    new = translate("RefreshController", "%Ln new article(s)", None, sync.new_articles)
                    line += " " + arg(translate("RefreshController", "%1: %2."), synced, new)
            self.status_reported.emit(line)
        self.finished.emit()
        if summary is not None:
            self.summarized.emit(summary)
