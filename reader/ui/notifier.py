"""Desktop notifications: a refresh's one ``Notice`` shown by the freedesktop service, and its click.

The freedesktop.org notification service (``org.freedesktop.Notifications``
on the session bus) is what GNOME, KDE, XFCE, dunst and mako all provide. Its
``Notify`` method takes a ``uint32`` that PySide6's QtDBus cannot send (every
Python int goes out as ``int32``, and the service refuses the call), so
``SessionBus`` speaks D-Bus itself: jeepney builds and parses the messages,
a ``QSocketNotifier`` reads the socket on Qt's event loop (no thread). Where
there is no session bus or no service, the tray icon's message is used.

``Notifier.show(notice)`` replaces the previous notification (one at a time,
never one per article); clicking it ("default" action) emits ``clicked``
with its notice, and the window opens on those articles.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from typing import Any, Protocol

from jeepney import DBusAddress, HeaderFields, MatchRule, Message, MessageType, new_method_call
from jeepney.auth import BEGIN, AuthenticationError, Authenticator
from jeepney.bus import get_connectable_addresses
from jeepney.bus_messages import message_bus
from jeepney.low_level import Parser
from PySide6.QtCore import QObject, QSocketNotifier, Signal

from reader.core.models import Notice
from reader.ui.i18n import translate

log = logging.getLogger(__name__)

SERVICE = DBusAddress("/org/freedesktop/Notifications", bus_name="org.freedesktop.Notifications",  # notr: a D-Bus path
                      interface="org.freedesktop.Notifications")
APP_NAME = "Byline"
OPEN_TIMEOUT_S = 1.0  # a local socket: connecting and the handshake take well under a millisecond


class SessionBus(QObject):
    """One connection to a D-Bus bus, read on Qt's event loop.

    Signals:
        signal_received(object): a D-Bus signal message (jeepney ``Message``) matching an added rule.
        lost(): the bus closed the connection.
    """

    signal_received = Signal(object)
    lost = Signal()

    def __init__(self, address: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.address = address
        self._sock: socket.socket | None = None
        self._parser = Parser()
        self._serial = 0
        self._replies: dict[int, Callable[[Message], None]] = {}
        self._reader: QSocketNotifier | None = None

    @property
    def is_open(self) -> bool:
        return self._sock is not None

    def open(self) -> None:
        """Connect, authenticate and say Hello.

        Raises:
            OSError: no bus at the address, or it did not answer in time.
        """
        path = next(get_connectable_addresses(self.address))
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(OPEN_TIMEOUT_S)
        try:
            sock.connect(path)
            auth = Authenticator()
            for data in auth:
                sock.sendall(data)
                received = sock.recv(1024)
                if not received:
                    raise OSError("the bus closed the connection during authentication")  # notr: logged, not shown
                auth.feed(received)
            sock.sendall(BEGIN)  # the authenticator's last line is for the caller to send
            hello = self._next_serial()
            sock.sendall(message_bus.Hello().serialise(hello))
            while True:  # the answer to Hello comes first; signals can only follow it
                msg = self._parser.get_next_message()
                if msg is not None:
                    break
                data = sock.recv(4096)
                if not data:
                    raise OSError("the bus closed the connection")  # notr: logged, not shown
                self._parser.add_data(data)
        except (AuthenticationError, ValueError, StopIteration) as err:
            sock.close()
            raise OSError(f"the session bus refused the connection: {err}") from err  # notr: logged, not shown
        except OSError:
            sock.close()
            raise
        self._sock = sock
        self._reader = QSocketNotifier(sock.fileno(), QSocketNotifier.Type.Read, self)
        self._reader.activated.connect(self._read)

    def close(self) -> None:
        if self._reader is not None:
            self._reader.setEnabled(False)
            self._reader.deleteLater()
            self._reader = None
        if self._sock is not None:
            self._sock.close()
            self._sock = None
        self._replies.clear()

    def _next_serial(self) -> int:
        self._serial += 1
        return self._serial

    def call(self, message: Message, on_reply: Callable[[Message], None] | None = None) -> None:
        """Send a method call; ``on_reply`` gets its answer (a method return or an error) later."""
        if self._sock is None:
            raise OSError("the bus is not open")  # notr: logged, not shown
        serial = self._next_serial()
        if on_reply is not None:
            self._replies[serial] = on_reply
        try:
            self._sock.sendall(message.serialise(serial))
        except OSError:
            self._replies.pop(serial, None)
            self.close()
            self.lost.emit()
            raise

    def add_match(self, rule: MatchRule) -> None:
        """Ask the bus for the signals ``rule`` matches (they arrive as ``signal_received``)."""
        self.call(message_bus.AddMatch(rule))

    def _read(self) -> None:
        if self._sock is None:
            return
        try:
            data = self._sock.recv(65536)
        except (BlockingIOError, TimeoutError):
            return
        except OSError:
            data = b""
        if not data:
            self.close()
            self.lost.emit()
            return
        for msg in self._parser.feed(data):
            self._dispatch(msg)

    def _dispatch(self, msg: Message) -> None:
        kind = msg.header.message_type
        if kind in (MessageType.method_return, MessageType.error):
            handler = self._replies.pop(msg.header.fields.get(HeaderFields.reply_serial, -1), None)
            if handler is not None:
                handler(msg)
        elif kind is MessageType.signal:
            self.signal_received.emit(msg)


class TrayMessages(Protocol):
    """What the fallback needs of a tray icon (``QSystemTrayIcon`` has it)."""

    messageClicked: Any  # noqa: N815 - Qt's signal name

    def showMessage(self, title: str, msg: str) -> None: ...

    def isVisible(self) -> bool: ...


def escape_markup(text: str) -> str:
    """Notification bodies may be read as a little HTML: keep the text as text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")  # notr: markup entities


class Notifier(QObject):
    """Shows one notification at a time and reports its click.

    Signals:
        clicked(object): the shown ``Notice`` was clicked; open the window on its articles.
        shown(str): how it was shown: "desktop" or "tray" (for the status bar and tests).
        failed(str): it could not be shown (no service and no tray), and why.
    """

    clicked = Signal(object)
    shown = Signal(str)
    failed = Signal(str)

    def __init__(self, *, address: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._address = address if address is not None else os.environ.get("DBUS_SESSION_BUS_ADDRESS", "")
        self._bus: SessionBus | None = None
        self._bus_failed = False
        self._current: tuple[int, Notice] | None = None
        self._tray: TrayMessages | None = None
        self._tray_notice: Notice | None = None

    def set_tray(self, tray: TrayMessages | None) -> None:
        """The tray icon whose message is the fallback (None: no tray)."""
        if self._tray is not None:
            self._tray.messageClicked.disconnect(self._on_tray_clicked)
        self._tray = tray
        if tray is not None:
            tray.messageClicked.connect(self._on_tray_clicked)

    def _connect(self) -> SessionBus | None:
        if self._bus is not None and self._bus.is_open:
            return self._bus
        if self._bus_failed or not self._address:
            return None
        bus = SessionBus(self._address, self)
        try:
            bus.open()
            bus.add_match(MatchRule(type="signal", interface=SERVICE.interface, path=SERVICE.object_path))
        except (OSError, RuntimeError, StopIteration) as err:
            log.info("no desktop notifications on the session bus: %s", err)
            self._bus_failed = True
            bus.deleteLater()
            return None
        bus.signal_received.connect(self._on_signal)
        bus.lost.connect(self._on_lost)
        self._bus = bus
        return bus

    def show(self, notice: Notice) -> None:
        """Show ``notice`` in place of the previous one."""
        bus = self._connect()
        if bus is None:
            self._show_in_tray(notice, "there is no session bus")  # notr: logged, not shown
            return
        replaces = self._current[0] if self._current else 0
        hints = {"desktop-entry": ("s", "byline"), "category": ("s", "email.arrived")}
        call = new_method_call(
            SERVICE, "Notify", "susssasa{sv}i",  # notr: a D-Bus signature
            (APP_NAME, replaces, "byline", notice.title, escape_markup(notice.body), ["default", translate("Notifier", "Open")], hints, -1),
        )

        def answered(reply: Message) -> None:
            if reply.header.message_type is MessageType.error:
                reason = reply.body[0] if reply.body else reply.header.fields.get(HeaderFields.error_name, "")
                self._show_in_tray(notice, f"the notification service refused it: {reason}")  # notr: logged, not shown
                return
            self._current = (int(reply.body[0]), notice)
            self.shown.emit("desktop")

        try:
            bus.call(call, answered)
        except OSError as err:
            self._show_in_tray(notice, f"the session bus went away: {err}")  # notr: logged, not shown

    def _show_in_tray(self, notice: Notice, why: str) -> None:
        if self._tray is None or not self._tray.isVisible():
            self.failed.emit(f"no desktop notification: {why}")  # notr: logged, not shown
            return
        self._tray_notice = notice
        self._tray.showMessage(notice.title, notice.body)
        self.shown.emit("tray")

    def _on_signal(self, msg: Message) -> None:
        member = msg.header.fields.get(HeaderFields.member)
        if self._current is None or not msg.body or msg.body[0] != self._current[0]:
            return
        if member == "ActionInvoked" and msg.body[1] == "default":
            self.clicked.emit(self._current[1])
        if member in ("ActionInvoked", "NotificationClosed"):
            self._current = None

    def _on_tray_clicked(self) -> None:
        if self._tray_notice is not None:
            notice, self._tray_notice = self._tray_notice, None
            self.clicked.emit(notice)

    def _on_lost(self) -> None:
        self._current = None

    def close(self) -> None:
        if self._bus is not None:
            self._bus.close()
            self._bus = None


__all__ = ["Notifier", "SessionBus", "escape_markup"]
