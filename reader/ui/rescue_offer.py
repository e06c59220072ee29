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
from reader.ui.i18n import arg, translate
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
        self.setWindowTitle(translate("RescueOffer", "The library is damaged"))
        self._rescue = rescue
        self._while_open = while_open
        self._adopt = adopt
        self.result_path: Path | None = None  # the library to open when the dialog is accepted
        self._result: RescueResult | None = None
        self._workers = Workers(self)

        headline = (
            translate("RescueOffer", "Byline found your library file damaged.")
            if while_open
            else translate("RescueOffer", "Byline cannot open your library: the file is damaged.")
        )
        offer = translate(
            "RescueOffer",
            "Byline can recover everything the file still holds (subscriptions, articles, saved articles and "
            "read marks) into a new library beside it. The damaged file is not changed.",
        )
        self.message = QLabel(f"<p><b>{_escape(headline)}</b></p><p>{_escape(problem)}</p><p>{_escape(offer)}</p>")
        self.message.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.use_it = QCheckBox(translate("RescueOffer", "&Use the rescued library from now on (the damaged one is kept beside it)"))
        self.use_it.setChecked(True)
        self.use_it.hide()
        self.buttons = QDialogButtonBox()
        self.rescue_button = QPushButton(translate("RescueOffer", "&Rescue Library"))
        self.rescue_button.setDefault(True)
        self.open_button = QPushButton(translate("RescueOffer", "&Open Rescued Library"))
        self.quit_button = QPushButton(translate("RescueOffer", "Not Now") if while_open else translate("RescueOffer", "Quit"))
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
        self.message.setText(f"<p>{_escape(translate('RescueOffer', 'Reading what the damaged file still holds…'))}</p>")
        self._workers.submit(JobKind.RESCUE, self._rescue, self._done, self._failed)

    def _done(self, result: RescueResult) -> None:
        self._result = result
        c = result.counts
        self.progress.hide()
        self.rescue_button.hide()
        recovered = arg(
            translate("RescueOffer", "Recovered %1, %2, %3 saved and %4."),
            translate("RescueOffer", "%Ln feed(s)", None, c.feeds),
            translate("RescueOffer", "%Ln article(s)", None, c.articles),
            c.saved,
            translate("RescueOffer", "%Ln read mark(s)", None, c.read),
        )
        lost = " " + translate("RescueOffer", "Some damaged parts could not be read.") if result.unreadable else ""
        where = arg(translate("RescueOffer", "The rescued library is in %1. The damaged file was not changed."), str(result.path))
        then = translate("RescueOffer", "Opening it closes this window and opens one on the rescued library.")
        self.message.setText(
            f"<p><b>{_escape(recovered)}</b>{_escape(lost)}</p><p>{_escape(where)}</p>"
            + (f"<p>{_escape(then)}</p>" if self._while_open else "")
        )
        self.use_it.show()
        self.open_button.show()
        self.open_button.setDefault(True)
        self.rescue_finished.emit(result)

    def _failed(self, message: str) -> None:
        self.progress.hide()
        self.message.setText(
            f"<p><b>{_escape(translate('RescueOffer', 'The rescue did not work:'))}</b> {_escape(message)}</p>"
            f"<p>{_escape(translate('RescueOffer', 'The damaged file was not changed.'))}</p>"
        )
        self.rescue_finished.emit(message)

    def _open(self) -> None:
        if self._result is None:
            return
        path = self._result.path
        if self.use_it.isChecked():
            try:
                path = self._adopt(path)
            except BylineError as err:  # a folder could not be renamed: the rescued copy is still usable where it is
                where = translate("RescueOffer", "Opening the rescued library where it is.")
                self.message.setText(f"<p>{_escape(str(err))}</p><p>{_escape(where)}</p>")
        self.result_path = path
        self.accept()

    def done(self, result: int) -> None:
        self._workers.shutdown()
        super().done(result)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")  # notr: markup entities
