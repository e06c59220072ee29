"""The tray icon: the unread count drawn on the icon and in its tooltip; nothing at all without a tray."""

from __future__ import annotations

from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QWidget

from reader.ui.tray import Tray, badge_icon
from tests.ui.test_desktop_controller import FakeTrayIcon


def plain_icon() -> QIcon:
    pixmap = QPixmap(64, 64)
    pixmap.fill(QColor("#2e86de"))
    return QIcon(pixmap)


def test_the_badge_carries_the_count() -> None:
    base = plain_icon()
    none = badge_icon(base, 0).pixmap(64, 64).toImage()
    some = badge_icon(base, 7).pixmap(64, 64).toImage()
    many = badge_icon(base, 12345).pixmap(64, 64).toImage()
    assert none == base.pixmap(64, 64).toImage()  # nothing unread: the plain icon
    corner = {some.pixelColor(x, y).name() for x in range(40, 64) for y in range(30)}
    assert "#c0392b" in corner and "#ffffff" in corner  # a red disc with white figures
    assert some != many


def test_tooltip_and_menu_follow_the_count(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    tray = Tray(plain_icon(), parent, available=True, factory=FakeTrayIcon)
    tray.set_unread(1)
    assert tray.tooltip() == "Byline — 1 unread article"
    tray.set_shown(True)
    icon = tray.icon
    assert icon.visible and icon.tip == "Byline — 1 unread article"
    tray.set_unread(2048)
    assert icon.tip == "Byline — 2,048 unread articles"
    tray.set_unread(0)
    assert icon.tip == "Byline — nothing unread"
    with qtbot.waitSignal(tray.refresh_requested, timeout=1000):
        tray.refresh_action.trigger()
    tray.set_shown(False)
    assert not icon.visible and not tray.visible


def test_without_a_tray_nothing_is_made(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    tray = Tray(plain_icon(), parent, available=False, factory=FakeTrayIcon)
    tray.set_shown(True)
    assert tray.icon is None and not tray.visible


def test_the_window_asks_for_a_tray_only_when_it_needs_one(qtbot, feeds_library, make_window, monkeypatch) -> None:
    """On X11 the question is a round trip to the server: not before the first show while the tray option is off."""
    from reader.ui import tray as tray_module

    asked: list[bool] = []

    class CountingTray:
        @staticmethod
        def isSystemTrayAvailable() -> bool:  # Qt's name
            asked.append(True)
            return False

    monkeypatch.setattr(tray_module, "QSystemTrayIcon", CountingTray)
    window = make_window(feeds_library)
    assert asked == []  # the preferences' "keep running in the tray" is off: nothing to ask
    dialog = window.preferences_dialog()
    assert asked == [True] and not dialog.tray.isEnabled()  # the preferences say there is no tray
    dialog.reject()
    window.preferences_dialog().reject()
    assert asked == [True]  # asked once
