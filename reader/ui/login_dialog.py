"""The Log In dialog: a user name and password for a feed whose server asked for them (HTTP 401).

Opened with ``open()`` (window-modal, no nested event loop); ``accepted`` then
``values()`` gives the ``Login`` and whether to remember it. Remembered logins
go to the system keyring, or where there is none to a file only the user can
read; the others last until Byline quits.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from reader.core.secrets import Login
from reader.ui.i18n import QT_TRANSLATE_NOOP, arg, translate

WHERE = {
    "keyring": QT_TRANSLATE_NOOP("LoginDialog", "in the system keyring"),
    "file": QT_TRANSLATE_NOOP("LoginDialog", "in a file only you can read"),
}


class LoginDialog(QDialog):
    """Asks for a feed's user name and password; see the module docstring.

    Args:
        title: the feed's name (or its address, while it is being added).
        address: the feed's URL, shown so the user knows who asks.
        user: a user name to start with (the stored one, if any).
        problem: why it asks again (the server refused the last login), if it does.
        store: where a remembered login goes ("keyring" or "file").
    """

    def __init__(
        self,
        title: str,
        address: str,
        parent: QWidget | None = None,
        *,
        user: str = "",
        problem: str = "",
        store: str = "keyring",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("LoginDialog", "Log In"))
        heading = QLabel(arg(translate("LoginDialog", "“%1” asks for a user name and password."), title))
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        where = QLabel(address)
        where.setTextFormat(Qt.TextFormat.PlainText)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where.setEnabled(False)  # shown dimmed: it is context, not a field
        self.problem = QLabel(problem)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.setVisible(bool(problem))
        self.user = QLineEdit(user)
        self.user.setMinimumWidth(280)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.user.setAccessibleName(translate("LoginDialog", "User name"))
        self.password.setAccessibleName(translate("LoginDialog", "Password"))
        where_kept = translate("LoginDialog", WHERE[store]) if store in WHERE else translate("LoginDialog", "in the password store")
        self.remember = QCheckBox(arg(translate("LoginDialog", "&Remember the password (%1)"), where_kept))
        self.remember.setChecked(True)
        form = QFormLayout()
        form.addRow(translate("LoginDialog", "&User name:"), self.user)
        form.addRow(translate("LoginDialog", "&Password:"), self.password)
        form.addRow("", self.remember)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(translate("LoginDialog", "Log In"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(where)
        layout.addWidget(self.problem)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.user.textChanged.connect(self._update)
        self.password.textChanged.connect(self._update)
        (self.password if user else self.user).setFocus()
        self._update()

    def _update(self) -> None:
        ready = bool(self.user.text().strip()) and bool(self.password.text())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)

    def accept(self) -> None:
        if not (self.user.text().strip() and self.password.text()):
            return
        super().accept()

    def values(self) -> tuple[Login, bool]:
        """The login typed, and whether to remember it."""
        return Login(self.user.text().strip(), self.password.text()), self.remember.isChecked()
