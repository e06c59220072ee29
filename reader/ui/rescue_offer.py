"""The window's answer to a damaged library: offer a rescue instead of a dead end.

``RescueOffer`` is shown when the library file cannot be opened because it is
damaged, or (``while_open``) when the daily check finds the open library's file
damaged; then "Not Now" leaves the window as it is, and opening the rescued
library closes the window and opens a new one on it. It says what is wrong, and offers to recover what the file still holds into a new
library beside it (``byline rescue`` does the same); the damaged file is never
changed. The rescue runs on a worker lane; when it is done the dialog shows what
came back and offers to open it, by default as the library from now on (the
damaged folder moves aside). There is no ``Library`` yet, so the two core calls
(rescue, adopt) are handed in by the caller.

Signals:
    rescue_finished(object): the ``RescueResult``, or the error message (str).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from reader.core.errors import BylineError
from reader.core.wording import counted
from reader.ui.workers import JobKind, Workers

if TYPE_CHECKING:
    from reader.core.care import RescueResult


class RescueOffer(QDialog):
    rescue_finished = Signal(object)

    def __init__(
        self,
        problem: str,
        rescue: Callable[[], RescueResult],
        adopt: Callable[[Path], Path],
        parent: QWidget | None = None,
        *,
        while_open: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("The library is damaged")
        self._rescue = rescue
        self._while_open = while_open
        self._adopt = adopt
        self.result_path: Path | None = None  # the library to open when the dialog is accepted
        self._result: RescueResult | None = None
        self._workers = Workers(self)

        headline = "Byline found your library file damaged." if while_open else "Byline cannot open your library: the file is damaged."
        self.message = QLabel(
            f"<p><b>{headline}</b></p><p>{_escape(problem)}</p>"
            "<p>Byline can recover everything the file still holds (subscriptions, articles, saved articles and "
            "read marks) into a new library beside it. The damaged file is not changed.</p>"
        )
        self.message.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.use_it = QCheckBox("Use the rescued library from now on (the damaged one is kept beside it)")
        self.use_it.setChecked(True)
        self.use_it.hide()
        self.buttons = QDialogButtonBox()
        self.rescue_button = QPushButton("Rescue Library")
        self.rescue_button.setDefault(True)
        self.open_button = QPushButton("Open Rescued Library")
        self.quit_button = QPushButton("Not Now" if while_open else "Quit")
        self.buttons.addButton(self.rescue_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.open_button.hide()  # after addButton, which shows it
        self.rescue_button.clicked.connect(self.start)
        self.open_button.clicked.connect(self._open)
        self.quit_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(self.use_it)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def start(self) -> None:
        """Run the rescue on a worker; the dialog stays responsive."""
        self.rescue_button.setEnabled(False)
        self.progress.show()
        self.message.setText("<p>Reading what the damaged file still holds…</p>")
        self._workers.submit(JobKind.RESCUE, self._rescue, self._done, self._failed)

    def _done(self, result: RescueResult) -> None:
        self._result = result
        c = result.counts
        self.progress.hide()
        self.rescue_button.hide()
        lost = " Some damaged parts could not be read." if result.unreadable else ""
        self.message.setText(
            f"<p><b>Recovered {counted(c.feeds, 'feed')}, {counted(c.articles, 'article')}, {c.saved} saved and "
            f"{counted(c.read, 'read mark')}.</b>{lost}</p>"
            f"<p>The rescued library is in {_escape(str(result.path))}. The damaged file was not changed.</p>"
            + ("<p>Opening it closes this window and opens one on the rescued library.</p>" if self._while_open else "")
        )
        self.use_it.show()
        self.open_button.show()
        self.open_button.setDefault(True)
        self.rescue_finished.emit(result)

    def _failed(self, message: str) -> None:
        self.progress.hide()
        self.message.setText(f"<p><b>The rescue did not work:</b> {_escape(message)}</p><p>The damaged file was not changed.</p>")
        self.rescue_finished.emit(message)

    def _open(self) -> None:
        if self._result is None:
            return
        path = self._result.path
        if self.use_it.isChecked():
            try:
                path = self._adopt(path)
            except BylineError as err:  # a folder could not be renamed: the rescued copy is still usable where it is
                self.message.setText(f"<p>{_escape(str(err))}</p><p>Opening the rescued library where it is.</p>")
        self.result_path = path
        self.accept()

    def done(self, result: int) -> None:
        self._workers.shutdown()
        super().done(result)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
