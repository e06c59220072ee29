"""The window on the desktop: the refresh's notification, and the tray icon that keeps Byline running.

``DesktopController`` turns a finished refresh or sync into at most one
notification (``Library.notice`` in a worker, shown by ``Notifier``), follows
the Preferences (notifications off / summary / rules only; keep running in the
tray), keeps the tray icon's unread count, and tells the window what the
person asked of the icon or the notification.

Signals:
    notice_opened(object): the notification (a ``Notice``) was clicked: show the window on its articles.
    show_requested(): show the window (the tray icon was clicked, or Open chosen).
    refresh_requested(): Refresh was chosen in the tray's menu.
    quit_requested(): Quit was chosen in the tray's menu.
    status_reported(str): a line for the status bar.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QSystemTrayIcon, QWidget

from reader.core.models import FeedResult, Notice, RefreshSummary, SyncResult, SyncSummary
from reader.core.settings import Settings
from reader.ui.notifier import Notifier
from reader.ui.tray import Tray
from reader.ui.workers import JobKind, Workers

if TYPE_CHECKING:
    from reader.core.library import Library

log = logging.getLogger(__name__)


class DesktopController(QObject):
    notice_opened = Signal(object)
    show_requested = Signal()
    refresh_requested = Signal()
    quit_requested = Signal()
    status_reported = Signal(str)

    def __init__(
        self,
        library: Library,
        workers: Workers,
        icon: QIcon,
        parent: QWidget,
        *,
        tray_available: bool | None = None,
        tray_factory: Callable[[QObject], Any] = QSystemTrayIcon,
        bus_address: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.workers = workers
        self.mode = Settings().notifications
        self.keep_in_tray = False
        self.tray = Tray(icon, parent, available=tray_available, factory=tray_factory)
        self.tray.open_requested.connect(self.show_requested.emit)
        self.tray.refresh_requested.connect(self.refresh_requested.emit)
        self.tray.quit_requested.connect(self.quit_requested.emit)
        self.notifier = Notifier(address=bus_address, parent=self)
        self.notifier.clicked.connect(self.notice_opened.emit)
        self.notifier.failed.connect(lambda why: log.info("%s", why))  # a desktop without the service: nothing to nag about

    def apply(self, settings: Settings) -> None:
        """Follow the preferences: the notification mode, and the tray icon when Byline keeps running there."""
        self.mode = settings.notifications
        self.keep_in_tray = settings.keep_in_tray and self.tray.available
        self.tray.set_shown(self.keep_in_tray)
        self.notifier.set_tray(self.tray.icon if self.tray.visible else None)

    def keeps_running(self) -> bool:
        """Whether closing the window should only hide it (the tray icon is there to bring it back)."""
        return self.keep_in_tray and self.tray.visible

    def set_unread(self, unread: int) -> None:
        self.tray.set_unread(unread)

    def refreshed(self, summary: RefreshSummary) -> None:
        """A refresh ended (its accounts' sync included): notify once about what it brought."""
        results: list[FeedResult | SyncResult] = list(summary.results)
        if summary.sync is not None:
            results += summary.sync.results
        self.notify(results)

    def synced(self, summary: SyncSummary) -> None:
        """A "Sync Now" ended: notify once about what it brought."""
        self.notify(list(summary.results))

    def notify(self, results: Sequence[FeedResult | SyncResult]) -> None:
        """Work out the notification in a worker (it reads the rules' names) and show it, if there is one."""
        if self.mode == "off" or not any(r.fresh or r.flagged for r in results):
            return
        lib, mode = self.library, self.mode

        def shown(notice: Notice | None) -> None:
            if notice is not None:
                self.notifier.show(notice)

        self.workers.submit(JobKind.NOTICE, lambda: lib.notice(results, mode=mode), shown, self.status_reported.emit)

    def close(self) -> None:
        self.tray.set_shown(False)
        self.notifier.close()


__all__ = ["DesktopController"]
