"""Preferences → Network: no proxy, the system's proxy settings, or a manual HTTP or SOCKS5 proxy.

The page edits the ``proxy_*`` fields of ``Settings`` and, separately, the
manual proxy's login, whose password never enters the settings: ``login()``
says what to do with it (keep the stored one, store a new one, or forget it).
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from reader.core.secrets import Login
from reader.core.settings import Settings
from reader.ui.i18n import arg, translate


class Keep(Enum):
    """``NetworkPage.login()`` when the stored proxy login stays as it is."""

    STORED = "stored"


KINDS = (("HTTP", "http"), ("SOCKS5", "socks5"))


class NetworkPage(QWidget):
    """The proxy choice; see the module docstring."""

    def __init__(self, current: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stored_user: str | None = None
        self.none_choice = QRadioButton(translate("NetworkPage", "N&o proxy"))
        self.system_choice = QRadioButton(translate("NetworkPage", "Use the &system's proxy settings (HTTP_PROXY, HTTPS_PROXY, NO_PROXY)"))
        self.manual_choice = QRadioButton(translate("NetworkPage", "&Manual proxy:"))
        self.choices = QButtonGroup(self)
        for button in (self.none_choice, self.system_choice, self.manual_choice):
            self.choices.addButton(button)
        {"none": self.none_choice, "manual": self.manual_choice}.get(current.proxy_mode, self.system_choice).setChecked(True)

        self.kind = QComboBox()
        for label, value in KINDS:
            self.kind.addItem(label, value)
        self.kind.setCurrentIndex(max(0, self.kind.findData(current.proxy_kind)))
        self.host = QLineEdit(current.proxy_host)
        self.host.setPlaceholderText(translate("NetworkPage", "proxy.example.org"))
        self.port = QSpinBox()
        self.port.setRange(0, 65535)
        self.port.setSpecialValueText(" ")
        self.port.setValue(current.proxy_port)
        self.port.setMaximumWidth(110)
        self.exceptions = QLineEdit(current.proxy_exceptions)
        self.exceptions.setToolTip(
            translate("NetworkPage", "Hosts reached directly, comma-separated: names (covering their subdomains), addresses, 10.0.0.0/8")
        )
        self.user = QLineEdit()
        self.user.setPlaceholderText(translate("NetworkPage", "none"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem_label = QLabel("")
        self.problem_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problem_label.setWordWrap(True)
        self.problem_label.setVisible(False)

        self.manual_form = QWidget()
        form = QFormLayout(self.manual_form)
        form.setContentsMargins(24, 0, 0, 0)
        form.addRow(translate("NetworkPage", "&Type:"), self.kind)
        form.addRow(translate("NetworkPage", "&Host:"), self.host)
        form.addRow(translate("NetworkPage", "Po&rt:"), self.port)
        form.addRow(translate("NetworkPage", "No pro&xy for:"), self.exceptions)
        form.addRow(translate("NetworkPage", "&User name:"), self.user)
        form.addRow(translate("NetworkPage", "&Password:"), self.password)
        for field, name in (
            (self.kind, translate("NetworkPage", "Proxy type")),
            (self.host, translate("NetworkPage", "Proxy host")),
            (self.port, translate("NetworkPage", "Proxy port")),
            (self.exceptions, translate("NetworkPage", "No proxy for")),
            (self.user, translate("NetworkPage", "Proxy user name")),
            (self.password, translate("NetworkPage", "Proxy password")),
        ):
            field.setAccessibleName(name)
        layout = QVBoxLayout(self)
        layout.addWidget(self.none_choice)
        layout.addWidget(self.system_choice)
        layout.addWidget(self.manual_choice)
        layout.addWidget(self.manual_form)
        layout.addWidget(self.problem_label)
        layout.addStretch(1)
        self.choices.buttonToggled.connect(lambda *_args: self._update())
        self._update()

    def _update(self) -> None:
        self.manual_form.setEnabled(self.manual_choice.isChecked())

    def mode(self) -> str:
        if self.none_choice.isChecked():
            return "none"
        return "manual" if self.manual_choice.isChecked() else "system"

    def set_stored_login(self, user: str | None) -> None:
        """The manual proxy's stored user name (None: no login is stored); its password is never shown."""
        self._stored_user = user
        if user and not self.user.text():
            self.user.setText(user)
        self.password.setPlaceholderText(translate("NetworkPage", "(stored)") if user else "")

    def problem(self) -> str | None:
        """What keeps these choices from being saved, or None."""
        if self.mode() != "manual":
            return None
        if not self.host.text().strip() or not self.port.value():
            return translate("NetworkPage", "A manual proxy needs a host and a port.")
        if any(ch.isspace() or ch in "/@" for ch in self.host.text().strip()):
            return translate("NetworkPage", "The proxy host is a name or an address, without spaces, '/' or '@'.")
        user = self.user.text().strip()
        if user and not self.password.text() and user != self._stored_user:
            return arg(translate("NetworkPage", "Give the password for %1."), user)
        return None

    def show_problem(self, text: str | None) -> None:
        self.problem_label.setText(text or "")
        self.problem_label.setVisible(bool(text))

    def changes(self) -> dict[str, object]:
        """The ``proxy_*`` settings as shown (the manual fields are kept even while another choice is picked)."""
        return {
            "proxy_mode": self.mode(),
            "proxy_kind": str(self.kind.currentData()),
            "proxy_host": self.host.text().strip(),
            "proxy_port": self.port.value(),
            "proxy_exceptions": self.exceptions.text().strip(),
        }

    def login(self) -> Login | None | Keep:
        """The proxy login to store: a new one, None to forget it, or ``Keep.STORED``."""
        user = self.user.text().strip()
        if not user:
            return None if self._stored_user else Keep.STORED
        if self.password.text():
            return Login(user, self.password.text())
        return Keep.STORED
