"""The window on the desktop: one notification after a refresh (through a notification service on a private
session bus), its click opening the window on those articles, and the tray icon that keeps Byline running."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QSystemTrayIcon

from reader.core.models import FeedResult, FeedStatus, Selection
from tests.servers import Response
from tests.ui.conftest import grab, wait_idle


def rss(*titles: str) -> bytes:
    when = time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime())
    items = "".join(
        f"<item><title>{t}</title><guid>g-{i}</guid><link>https://port.example/{i}</link><pubDate>{when}</pubDate>"
        f"<description>About {t}.</description></item>"
        for i, t in enumerate(titles)
    )
    return (f"<?xml version='1.0'?><rss version='2.0'><channel><title>Port Ledger</title>"
            f"<link>https://port.example/</link>{items}</channel></rss>").encode()


def serve(feed_server, body: bytes) -> str:
    feed_server.route("/port.xml", Response(body=body, content_type="application/rss+xml"))
    return feed_server.url("/port.xml")


def refresh(qtbot, window) -> None:
    with qtbot.waitSignal(window.refresh_controller.finished, timeout=10000):
        assert window.refresh_controller.refresh(force=True)


def test_a_refresh_notifies_once_and_the_click_opens_those_articles(qtbot, library, make_window, feed_server,
                                                                    notification_service, tmp_path):
    library.add_feed(serve(feed_server, rss("Ferry timetable")))
    library.add_rule("storm", "notify", name="Storms")
    library.add_rule("sponsored", "hide")
    window = make_window(library, bus_address=notification_service.address)
    serve(feed_server, rss("Ferry timetable", "Storm closes the pier", "Gulls return", "Sponsored: boots"))
    with qtbot.waitSignal(window.desktop.notifier.shown, timeout=10000):
        refresh(qtbot, window)
    call = notification_service.read()
    assert call["summary"] == "2 new articles"  # the hidden one is not announced
    assert call["body"].splitlines() == ["Storms: 1", "Port Ledger: 2"]
    assert call["actions"] == ["default", "Open"]
    with qtbot.waitSignal(window.list_loaded, timeout=5000):
        notification_service.ask(click=call["id"])
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 2, timeout=5000)
    wait_idle(qtbot, window)
    titles = {library.article(window.list_model.article_id(r)).title for r in range(2)}
    assert titles == {"Storm closes the pier", "Gulls return"}
    assert window.current_selection() == Selection(article_ids=window._notice.article_ids)
    assert "2 new articles" in window.status_label.text()
    qtbot.waitUntil(lambda: "2 articles, 2 unread" in window.pane.toPlainText(), timeout=5000)
    assert "2 new articles" in window.pane.toPlainText()  # the pane names the notification, not "Byline"
    grab(window, "window-notice.png", tmp_path)
    with qtbot.waitSignal(window.list_loaded, timeout=5000):  # any tree row takes the list back
        assert window.select_key("smart:unread")
    assert window.list_model.rowCount() == 3
    # a refresh that brings nothing new says nothing
    with qtbot.assertNotEmitted(window.desktop.notifier.shown, wait=300):
        refresh(qtbot, window)


def test_rules_only_and_off(qtbot, library, make_window, feed_server, notification_service):
    library.add_feed(serve(feed_server, rss("Ferry timetable")))
    library.add_rule("storm", "notify", name="Storms")
    library.set_setting("notifications", "rules")
    window = make_window(library, bus_address=notification_service.address)
    serve(feed_server, rss("Ferry timetable", "Gulls return"))
    with qtbot.assertNotEmitted(window.desktop.notifier.shown, wait=300):
        refresh(qtbot, window)  # nothing a notify rule matched
    serve(feed_server, rss("Ferry timetable", "Gulls return", "Storm warning"))
    with qtbot.waitSignal(window.desktop.notifier.shown, timeout=10000):
        refresh(qtbot, window)
    call = notification_service.read()
    assert (call["summary"], call["body"]) == ("1 new article for your rules", "Storms: 1")
    settings = window.preferences
    window.set_preferences(settings.replace(notifications="off"))
    serve(feed_server, rss("Ferry timetable", "Gulls return", "Storm warning", "Storm again"))
    with qtbot.assertNotEmitted(window.desktop.notifier.shown, wait=300):
        refresh(qtbot, window)


class FakeTrayIcon(QObject):
    """Stands in for QSystemTrayIcon (the offscreen platform has no tray)."""

    activated = Signal(QSystemTrayIcon.ActivationReason)
    messageClicked = Signal()  # noqa: N815 - Qt's signal name
    made: list[FakeTrayIcon] = []

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.visible = False
        self.tip = ""
        self.icon = None
        self.menu = None
        self.messages: list[tuple[str, str]] = []
        FakeTrayIcon.made.append(self)

    def setContextMenu(self, menu) -> None:
        self.menu = menu

    def setIcon(self, icon) -> None:
        self.icon = icon

    def setToolTip(self, tip: str) -> None:
        self.tip = tip

    def show(self) -> None:
        self.visible = True

    def hide(self) -> None:
        self.visible = False

    def isVisible(self) -> bool:
        return self.visible

    def showMessage(self, title: str, body: str) -> None:
        self.messages.append((title, body))


def test_keep_running_in_the_tray(qtbot, feeds_library, make_window):
    lib = feeds_library
    FakeTrayIcon.made.clear()
    window = make_window(lib, tray_available=True, tray_factory=FakeTrayIcon)
    assert FakeTrayIcon.made == []  # off by default: no icon
    window.close()
    assert window._closed  # closing quits
    window = make_window(lib, tray_available=True, tray_factory=FakeTrayIcon)
    dialog = window.preferences_dialog()
    assert dialog.tray.isEnabled() and not dialog.tray.isChecked()
    dialog.tray.setChecked(True)
    dialog.accept()
    qtbot.waitUntil(lambda: lib.settings().keep_in_tray, timeout=5000)
    (icon,) = FakeTrayIcon.made
    assert icon.visible and icon.tip == "Byline — 6 unread articles" and not icon.icon.isNull()
    assert [a.text() for a in icon.menu.actions() if a.text()] == ["Open Byline", "Refresh", "Quit"]
    # closing hides the window; it keeps running (workers, timer) until Quit
    quits: list[bool] = []
    window.quit_requested.connect(lambda: quits.append(True))
    window.close()
    assert not window.isVisible() and not window._closed and quits == []
    assert window.refresh_controller.timer.isActive()
    with qtbot.waitSignal(window.refresh_controller.finished, timeout=10000):
        icon.menu.actions()[1].trigger()  # Refresh
    icon.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)
    assert window.isVisible()
    # with no notification service (no session bus here), the tray's message tells, and its click opens
    owls = next(a.id for a in lib.articles() if a.title.startswith("Owls"))
    arrived = FeedResult(feed_id=lib.articles()[0].feed_id or 0, url="x", status=FeedStatus.UPDATED, new=1,
                         title="Field Notes", fresh=(owls,))
    with qtbot.waitSignal(window.desktop.notifier.shown, timeout=5000) as shown:
        window.desktop.notify([arrived])
    assert shown.args == ["tray"] and icon.messages == [("1 new article", "Field Notes: 1")]
    with qtbot.waitSignal(window.list_loaded, timeout=5000):
        icon.messageClicked.emit()
    assert list(window.list_model.ids) == [owls]
    lib.mark_read([lib.articles()[0].id])
    with qtbot.waitSignal(window.counts_updated, timeout=5000):
        window.reload_counts()
    assert icon.tip == "Byline — 5 unread articles"
    icon.menu.actions()[-1].trigger()  # Quit
    assert window._closed and quits == [True]


def test_without_a_tray_the_option_says_so(qtbot, feeds_library, make_window):
    window = make_window(feeds_library, tray_available=False)
    dialog = window.preferences_dialog()
    assert not dialog.tray.isEnabled() and not dialog.tray.isChecked()
    assert "no system tray" in dialog.tray.text()
    window.set_preferences(window.preferences.replace(keep_in_tray=True))
    window.close()
    assert window._closed  # without a tray, closing quits whatever the setting says
