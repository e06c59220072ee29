"""The system tray icon: the unread count on Byline's icon, and Open, Refresh, Quit.

It is shown while "keep running in the tray" is on (Preferences, off by
default): closing the window then hides it, the refresh timer keeps running,
and notifications still arrive. Where the desktop has no tray
(``QSystemTrayIcon.isSystemTrayAvailable``), the option says so and stays off.
The icon itself is made by ``factory`` (``QSystemTrayIcon``; tests pass a
stand-in, the offscreen platform having no tray).

Signals:
    open_requested(): show the window (the icon was clicked, or Open chosen).
    refresh_requested(): Refresh was chosen.
    quit_requested(): Quit was chosen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from reader.ui.i18n import arg, number, translate

BADGE = QColor("#c0392b")


def badge_icon(base: QIcon, unread: int, size: int = 64) -> QIcon:
    """``base`` with the unread count in a red disc at its corner (none at 0; "999+" past 999)."""
    pixmap = base.pixmap(size, size) if not base.isNull() else QPixmap(size, size)
    if base.isNull():
        pixmap.fill(QColor("#34495e"))
    if unread <= 0:
        return QIcon(pixmap)
    text = str(unread) if unread < 1000 else "999+"
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(size * (0.42 if len(text) < 3 else 0.32)))
    painter.setFont(font)
    width = max(size * 0.55, painter.fontMetrics().horizontalAdvance(text) + size * 0.18)
    disc = QRectF(size - width, 0, width, size * 0.55)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(BADGE)
    painter.drawRoundedRect(disc, disc.height() / 2, disc.height() / 2)
    painter.setPen(QColor("white"))
    painter.drawText(disc, Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return QIcon(pixmap)


class Tray(QObject):
    open_requested = Signal()
    refresh_requested = Signal()
    quit_requested = Signal()

    def __init__(
        self,
        icon: QIcon,
        parent: QWidget,
        *,
        available: bool | None = None,
        factory: Callable[[QObject], Any] = QSystemTrayIcon,
    ) -> None:
        super().__init__(parent)
        self._available = available  # None: not asked yet (on X11 the question is a round trip to the server)
        self._base = icon
        self._factory = factory
        self._unread = 0
        self.icon: Any = None  # the QSystemTrayIcon, made when first shown
        self.menu = QMenu(parent)
        self.open_action = self.menu.addAction(translate("Tray", "Open Byline"), self.open_requested.emit)
        self.refresh_action = self.menu.addAction(translate("Tray", "Refresh"), self.refresh_requested.emit)
        self.menu.addSeparator()
        self.quit_action = self.menu.addAction(translate("Tray", "Quit"), self.quit_requested.emit)

    @property
    def available(self) -> bool:
        """Whether the desktop has a tray, asked when first needed: the window shows before it is known."""
        if self._available is None:
            self._available = bool(QSystemTrayIcon.isSystemTrayAvailable())
        return self._available

    @property
    def visible(self) -> bool:
        return self.icon is not None and bool(self.icon.isVisible())

    def set_shown(self, shown: bool) -> None:
        """Show the icon (when the desktop has a tray) or take it away."""
        if shown and self.available:
            if self.icon is None:
                self.icon = self._factory(self)
                self.icon.setContextMenu(self.menu)
                self.icon.activated.connect(self._on_activated)
                self._paint()
            self.icon.show()
        elif self.icon is not None:
            self.icon.hide()

    def set_unread(self, unread: int) -> None:
        """The count on the icon and in its tooltip."""
        if unread != self._unread:
            self._unread = unread
            self._paint()

    def tooltip(self) -> str:
        n = self._unread
        if not n:
            return translate("Tray", "Byline — nothing unread")
        return arg(translate("Tray", "Byline — %1 unread article(s)", None, n), number(n))

    def _paint(self) -> None:
        if self.icon is not None:
            self.icon.setIcon(badge_icon(self._base, self._unread))
            self.icon.setToolTip(self.tooltip())

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.open_requested.emit()


__all__ = ["Tray", "badge_icon"]
