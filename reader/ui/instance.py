"""One window per library: a second ``byline`` raises the running window instead of opening another.

The first window of a library listens on a ``QLocalServer`` whose name is made
from the user and the library's folder; a later launch on the same library
connects, says ``raise``, and exits. The asking is a plain Unix socket to the
path ``QLocalServer`` listens on (Qt's temp dir and the name), so QtNetwork is
imported only to listen, which ``app.run`` does once the window is shown.
Only the window takes part: command-line
commands (``byline refresh``, ``byline feeds``...) open the library beside a
running window as before (SQLite's WAL lets them).

Signals:
    activated(): another launch asked this window to come to the front.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import socket as sockets
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDir, QObject, Signal

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer

__all__ = ["SingleInstance", "server_name"]

CONNECT_MS = 1000
MESSAGE = b"raise\n"


def server_name(data_dir: Path) -> str:
    """A local server name for this user and library (no path: Qt puts the socket in the temp dir)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "user"
    key = f"{user}\0{Path(data_dir).expanduser().resolve()}".encode("utf-8", "surrogatepass")
    return "byline-" + hashlib.sha256(key).hexdigest()[:24]


class SingleInstance(QObject):
    activated = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._server: QLocalServer | None = None

    def ask_running(self) -> bool:
        """Ask a window already open on this library to come forward; True when one answered."""
        try:
            with sockets.socket(sockets.AF_UNIX, sockets.SOCK_STREAM) as socket:
                socket.settimeout(CONNECT_MS / 1000)
                socket.connect(os.path.join(QDir.tempPath(), self.name))  # where QLocalServer.listen(name) is
                socket.sendall(MESSAGE)
        except OSError:  # nobody listens (none open, or a crashed window's file)
            return False
        return True

    def listen(self) -> bool:
        """Become the library's window; a stale socket of a crashed window is removed first."""
        from PySide6.QtNetwork import QLocalServer  # ~6 ms of import: after the window is shown

        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            QLocalServer.removeServer(self.name)
            if not server.listen(self.name):
                return False
        server.newConnection.connect(self._on_connection)
        self._server = server
        return True

    def _on_connection(self) -> None:
        server = self._server
        while server is not None and server.hasPendingConnections():
            socket = server.nextPendingConnection()
            # the other launch writes its one line at once, then leaves
            if socket.bytesAvailable() or socket.waitForReadyRead(CONNECT_MS):
                if bytes(socket.readAll().data()).startswith(MESSAGE.strip()):
                    self.activated.emit()
            socket.abort()
            socket.deleteLater()

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
