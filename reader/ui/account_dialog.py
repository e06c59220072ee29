"""The Add Account dialog: a feed server's address, a user name and its API password, with a Test button.

Like the other dialogs it is opened with ``open()`` and reports through
``accepted`` and ``values()``; "Test" emits ``test_requested`` and whoever runs
the check (in a worker) answers with ``set_test_result``. The password field
never echoes, and the dialog keeps the password only until it closes.

Signals:
    test_requested(str url, str user, str password): check these credentials with the server.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from reader.ui.accessibility import announce
from reader.ui.i18n import translate


class AddAccountDialog(QDialog):
    test_requested = Signal(str, str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("AddAccountDialog", "Add Account"))
        self.server = QLineEdit()
        self.server.setPlaceholderText(translate("AddAccountDialog", "https://rss.example.org"))
        self.server.setMinimumWidth(380)
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(translate("AddAccountDialog", "the API password set in the server's settings"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(translate("AddAccountDialog", "shown in the feed list (default: the server's host)"))
        hint = QLabel(
            translate(
                "AddAccountDialog",
                "A feed server that speaks the Google Reader API: Miniflux, FreshRSS, Inoreader, "
                "TheOldReader, BazQux. Its feeds appear under the account's name.",
            )
        )
        hint.setTextFormat(Qt.TextFormat.PlainText)
        hint.setWordWrap(True)
        self.test_label = QLabel("")
        self.test_label.setTextFormat(Qt.TextFormat.PlainText)
        self.test_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(translate("AddAccountDialog", "&Server:"), self.server)
        form.addRow(translate("AddAccountDialog", "&User name:"), self.user)
        form.addRow(translate("AddAccountDialog", "API &password:"), self.password)
        form.addRow(translate("AddAccountDialog", "&Name:"), self.name)
        for field, name in (
            (self.server, translate("AddAccountDialog", "Server")),
            (self.user, translate("AddAccountDialog", "User name")),
            (self.password, translate("AddAccountDialog", "API password")),
            (self.name, translate("AddAccountDialog", "Name")),
        ):
            field.setAccessibleName(name)
            field.setAccessibleDescription(field.placeholderText())
        self.test_label.setAccessibleName(translate("AddAccountDialog", "Test result"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(translate("AddAccountDialog", "Add"))
        self.test_button = self.buttons.addButton(translate("AddAccountDialog", "&Test"), QDialogButtonBox.ButtonRole.ActionRole)
        self.test_button.clicked.connect(self._test)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for field in (self.server, self.user, self.password):
            field.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.test_label)
        layout.addWidget(self.buttons)
        self._update()

    def _complete(self) -> bool:
        return all(f.text().strip() for f in (self.server, self.user)) and bool(self.password.text())

    def _update(self) -> None:
        ready = self._complete()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)
        self.test_button.setEnabled(ready)

    def _test(self) -> None:
        if not self._complete():
            return
        self.test_button.setEnabled(False)
        self.test_label.setText(translate("AddAccountDialog", "Testing…"))
        announce(self.test_label, self.test_label.text())
        self.test_requested.emit(self.server.text().strip(), self.user.text().strip(), self.password.text())

    def set_test_result(self, ok: bool, text: str) -> None:
        """Show how the test went (ok: the server accepted the login)."""
        self.test_label.setText(("✓ " if ok else "✗ ") + " ".join(text.split()))
        announce(self.test_label, " ".join(text.split()))
        self.test_button.setEnabled(self._complete())

    def values(self) -> tuple[str, str, str, str]:
        """(server, user, password, name) as entered; name may be empty."""
        return self.server.text().strip(), self.user.text().strip(), self.password.text(), self.name.text().strip()

    def done(self, result: int) -> None:
        super().done(result)
        self.password.clear()  # the password lives on in the secrets store only
