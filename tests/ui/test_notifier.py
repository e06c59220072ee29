"""Desktop notifications through a real notification service on a private session bus, and the tray fallback."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from reader.core.models import Notice
from reader.ui.notifier import Notifier, escape_markup

NOTICE = Notice("3 new articles", "NATO: 1\nWorld <Desk>: 2", (9, 8, 7))


class FakeTray(QObject):
    """What the notifier uses of a QSystemTrayIcon; records the messages."""

    messageClicked = Signal()  # noqa: N815 - Qt's signal name

    def __init__(self, visible: bool = True) -> None:
        super().__init__()
        self.visible = visible
        self.messages: list[tuple[str, str]] = []

    def showMessage(self, title: str, body: str) -> None:
        self.messages.append((title, body))

    def isVisible(self) -> bool:
        return self.visible


def test_one_notification_through_the_service_replaced_not_stacked_and_its_click(qtbot, notification_service):
    notifier = Notifier(address=notification_service.address)
    with qtbot.waitSignal(notifier.shown, timeout=5000) as shown:
        notifier.show(NOTICE)
    call = notification_service.read()
    assert shown.args == ["desktop"]
    assert (call["app"], call["summary"], call["body"], call["replaces"]) == (
        "Byline", "3 new articles", "NATO: 1\nWorld &lt;Desk&gt;: 2", 0,
    )
    assert call["actions"] == ["default", "Open"] and "desktop-entry" in call["hints"] and call["timeout"] == -1
    later = Notice("1 new article", "Local: 1", (10,))
    with qtbot.waitSignal(notifier.shown, timeout=5000):
        notifier.show(later)
    assert notification_service.read()["replaces"] == call["id"]  # the earlier one is replaced, not stacked
    with qtbot.waitSignal(notifier.clicked, timeout=5000) as clicked:
        notification_service.ask(click=call["id"])
    assert clicked.args == [later]
    notifier.close()


def test_a_dismissed_notification_is_not_clicked(qtbot, notification_service):
    notifier = Notifier(address=notification_service.address)
    with qtbot.waitSignal(notifier.shown, timeout=5000):
        notifier.show(NOTICE)
    first = notification_service.read()["id"]
    notification_service.ask(close=first)
    with qtbot.assertNotEmitted(notifier.clicked, wait=300):
        notification_service.ask(click=first + 41)  # another program's notification
    notifier.close()


def test_no_service_on_the_bus_falls_back_to_the_tray_message(qtbot, notification_service):
    notification_service.service.terminate()  # the bus stays; nobody owns the notification service
    notification_service.service.wait(5)
    notifier = Notifier(address=notification_service.address)
    tray = FakeTray()
    notifier.set_tray(tray)
    with qtbot.waitSignal(notifier.shown, timeout=5000) as shown:
        notifier.show(NOTICE)
    assert shown.args == ["tray"] and tray.messages == [("3 new articles", "NATO: 1\nWorld <Desk>: 2")]
    with qtbot.waitSignal(notifier.clicked, timeout=1000) as clicked:
        tray.messageClicked.emit()
    assert clicked.args == [NOTICE]
    notifier.close()


def test_no_bus_and_no_tray_says_why(qtbot):
    notifier = Notifier(address="")
    with qtbot.waitSignal(notifier.failed, timeout=1000) as failed:
        notifier.show(NOTICE)
    assert "no session bus" in failed.args[0]
    notifier.set_tray(FakeTray(visible=False))
    with qtbot.waitSignal(notifier.failed, timeout=1000):
        notifier.show(NOTICE)
    unreachable = Notifier(address="unix:path=/nonexistent/bus")
    with qtbot.waitSignal(unreachable.failed, timeout=1000):
        unreachable.show(NOTICE)


def test_markup_stays_text() -> None:
    assert escape_markup("<b>A & B</b>") == "&lt;b&gt;A &amp; B&lt;/b&gt;"
