"""A notification service for the tests: ``python -m tests.ui.notifyd BUS_ADDRESS``.

It owns ``org.freedesktop.Notifications`` on the private bus the test started,
answers ``Notify`` (strictly typed, as real services are: ``susssasa{sv}i``)
and prints each call as a JSON line on stdout. A line on stdin asks it to
act like a person: ``{"click": ID}`` invokes the default action (and closes
the notification), ``{"close": ID}`` dismisses it.
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, QSocketNotifier, Slot
from PySide6.QtDBus import QDBusConnection, QDBusMessage

PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"


def say(**fields: object) -> None:
    print(json.dumps(fields), flush=True)


@ClassInfo({"D-Bus Interface": INTERFACE})
class Service(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.last = 0

    @Slot(str, "uint", str, str, str, "QStringList", "QVariantMap", int, result="uint")
    def Notify(self, app_name, replaces_id, icon, summary, body, actions, hints, timeout):
        self.last = replaces_id or self.last + 1
        say(id=self.last, app=app_name, replaces=replaces_id, icon=icon, summary=summary, body=body,
            actions=list(actions), hints=sorted(hints), timeout=timeout)
        return self.last

    @Slot(result="QStringList")
    def GetCapabilities(self):
        return ["actions", "body"]


def main() -> int:
    app = QCoreApplication(sys.argv[:1])
    bus = QDBusConnection.connectToBus(sys.argv[1], "notifyd")
    service = Service()
    ready = bus.registerObject(PATH, service, QDBusConnection.RegisterOption.ExportAllSlots) and bus.registerService(INTERFACE)
    say(ready=ready)

    def emit(member: str, *args: object) -> None:
        msg = QDBusMessage.createSignal(PATH, INTERFACE, member)
        msg.setArguments(list(args))
        bus.send(msg)

    def command() -> None:
        line = sys.stdin.readline()
        if not line:
            app.quit()
            return
        asked = json.loads(line)
        if "click" in asked:
            # QtDBus sends these ints as int32; the client compares values, as real clients do.
            emit("ActionInvoked", asked["click"], "default")
            emit("NotificationClosed", asked["click"], 2)
        elif "close" in asked:
            emit("NotificationClosed", asked["close"], 2)
        say(done=asked)

    reader = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    reader.activated.connect(command)
    return int(app.exec())


if __name__ == "__main__":
    raise SystemExit(main())
