"""The window's last line: an exception nobody caught becomes one "this is a bug" dialog, and a log entry.

PySide hands an exception raised in a slot (or a Qt override) to
``sys.excepthook`` and carries on, so without a hook a bug in the window is a
traceback on a terminal nobody watches. ``BugReporter`` is that hook while the
window runs (``app.run`` installs it):

* a ``BylineError`` is an expected fault (a dead server, a full disk): one
  line for the status bar, as everywhere else in the window;
* anything else is a bug: it is logged with its traceback and shown in a
  ``BugDialog`` whose text can be selected and copied. While that dialog is
  open, further bugs are added to it instead of opening another one.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from reader.core.errors import BylineError
from reader.ui.i18n import QT_TRANSLATE_NOOP, translate

log = logging.getLogger(__name__)

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]

INTRO = QT_TRANSLATE_NOOP(
    "BugDialog",
    "Byline ran into a bug and could not finish what it was doing. If you report it, please include the text below.",
)


class BugDialog(QDialog):
    """One report of one or more unexpected errors: a short note, the tracebacks to copy, Copy and Close."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("BugDialog", "Byline: this is a bug"))
        self.count = 0
        note = QLabel(translate("BugDialog", INTRO))
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setWordWrap(True)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setMinimumSize(560, 220)
        self.details.setAccessibleName(translate("BugDialog", "Error report"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton(translate("BugDialog", "&Copy"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.details)
        layout.addWidget(buttons)

    def add(self, report: str) -> None:
        """Append one error's traceback."""
        self.count += 1
        if self.count > 1:
            self.details.appendPlainText("")
            self.setWindowTitle(translate("BugDialog", "Byline: this is a bug (%Ln errors)", None, self.count))
        self.details.appendPlainText(report.rstrip("\n"))

    def text(self) -> str:
        return self.details.toPlainText()

    def copy(self) -> None:
        """Put every report on the clipboard."""
        QGuiApplication.clipboard().setText(self.text())


class BugReporter:
    """``sys.excepthook`` for the window: expected faults to the status bar, bugs to one dialog and the log.

    Args:
        parent: the window the dialog belongs to.
        status: shows one line in the status bar (for ``BylineError``).
        make_dialog: builds the dialog (tests pass one that records instead of showing).
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        status: Callable[[str], None] | None = None,
        make_dialog: Callable[[QWidget | None], BugDialog] = BugDialog,
    ) -> None:
        self.parent = parent
        self.status = status
        self.make_dialog = make_dialog
        self.dialog: BugDialog | None = None
        self._previous: ExceptHook | None = None

    def install(self) -> BugReporter:
        """Become ``sys.excepthook`` (the previous hook comes back with ``uninstall``)."""
        if self._previous is None:
            self._previous = sys.excepthook
            sys.excepthook = self
        return self

    def uninstall(self) -> None:
        if self._previous is not None:
            if sys.excepthook is self:
                sys.excepthook = self._previous
            self._previous = None

    def __call__(self, kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if not issubclass(kind, Exception):  # KeyboardInterrupt, SystemExit: not ours to report
            (self._previous or sys.__excepthook__)(kind, error, tb)
            return
        if isinstance(error, BylineError):
            log.warning("%s", error)
            if self.status is not None:
                self.status(str(error))
            return
        # what logging.exception writes, for an exception that is no longer being handled
        log.error("unexpected error in the window", exc_info=(kind, error, tb))
        self.show("".join(traceback.format_exception(kind, error, tb)))

    def show(self, report: str) -> None:
        """Add ``report`` to the open dialog, or open one."""
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.add(report)
            return
        dialog = self.make_dialog(self.parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.add(report)
        self.dialog = dialog
        dialog.open()

    def _closed(self, dialog: BugDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
