"""Application setup: the QApplication, the main window and the bug hook.

``run(library)`` is what ``byline`` / ``byline gui`` call; it returns the exit
code. An empty library shows a welcome page that offers the bundled sample
library (see ``MainWindow.show_welcome``), so the first window is never blank.
Palettes and stylesheets are in ``style``; scripts/screenshot.py grabs the
window for the docs.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QStyleFactory

from reader import paths
from reader.ui.accessibility import install_factory
from reader.ui.bug_report import BugReporter
from reader.ui.i18n import install_translators
from reader.ui.style import accessible_palette
from reader.ui.workers import JobKind, Workers

if TYPE_CHECKING:
    from reader.core.care import RescueResult
    from reader.core.library import Library
    from reader.ui.main_window import MainWindow
    from reader.ui.rescue_offer import RescueOffer


APP_NAME = "Byline"  # notr: the name
INTEGRITY_DELAY_MS = 3000  # after the first lists and counts are in


def application(argv: list[str] | None = None) -> QApplication:
    """The process's QApplication, created once with Byline's name and style."""
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("byline")
    if "fusion" in [name.lower() for name in QStyleFactory.keys()] and app.style().name().lower() in ("windows", ""):
        app.setStyle("Fusion")
    app.setPalette(accessible_palette(app.palette()))  # selection and secondary text at WCAG AA
    return app


ALREADY_RUNNING = 3  # run()'s answer when a window on this library was raised instead


def check_integrity_when_due(window: MainWindow) -> bool:
    """Run the daily integrity check on the idle lane when it is due (once the window is shown).

    A damaged file is reported in the status bar and by ``window.integrity_failed``;
    the check stops when the window closes. Returns whether a check was started.
    """
    lib = window.library
    if not lib.integrity_due():
        return False

    def damaged(message: str) -> None:
        window.show_status(message)
        window.integrity_failed.emit(message)

    job = window.workers.submit(JobKind.INTEGRITY, lambda: lib.check_integrity(window.integrity_cancel), None, damaged)
    return job >= 0


Reopen = Callable[[Path, bool], None]  # a rescued library to open instead, and whether to adopt it first


def run(library: Library, *, reopen: Reopen | None = None) -> int:
    """Open the main window on ``library`` and run until it closes. Returns the exit code.

    A window already open on the same library is raised instead (``instance``),
    and ``ALREADY_RUNNING`` is returned at once. While the window runs,
    ``BugReporter`` is ``sys.excepthook``: a bug in a slot shows one dialog with
    its traceback instead of vanishing. When the daily check finds the file
    damaged the window offers a rescue (``offer_rescue_while_open``); ``reopen``
    hears which rescued library the user chose to open once the window is closed.
    """
    from reader.ui.instance import SingleInstance, server_name

    app = application()
    app.setQuitOnLastWindowClosed(False)  # the window may live on in the tray; it says when to end
    instance = SingleInstance(server_name(library.data_dir))
    if instance.ask_running():
        return ALREADY_RUNNING
    # The restored list's first page is read in SQLite while the window's modules load and its widgets are built.
    workers = Workers()
    from reader.ui.first_list import start_first_list

    first_head = start_first_list(library, workers)
    from reader.ui.main_window import MainWindow

    install_factory()
    # the language must be known before the first widget is built: one small read of the settings
    install_translators(app, paths.resources_dir(), library.settings().language)
    window = MainWindow(library, workers=workers, first_head=first_head)
    instance.activated.connect(window.come_forward)
    window.quit_requested.connect(app.quit)
    reporter = BugReporter(window, status=window.show_status).install()
    hints = app.styleHints()  # both held while the window runs (PySide drops a child's wrapper with its parent's)
    accessibility = hints.accessibility()
    hints.colorSchemeChanged.connect(lambda _scheme: window.pane.apply_style())
    accessibility.contrastPreferenceChanged.connect(lambda _preference: window.pane.apply_style())
    if reopen is not None:
        window.integrity_failed.connect(lambda problem: offer_rescue_while_open(window, problem, reopen))
    window.show()
    QTimer.singleShot(0, instance.listen)  # from the first turn of the event loop: QtNetwork is not needed to show
    # The daily integrity check reads the whole file: never before the window, only once it has settled.
    QTimer.singleShot(INTEGRITY_DELAY_MS, lambda: check_integrity_when_due(window))
    try:
        return int(app.exec())
    finally:
        instance.close()
        window.shutdown()
        reporter.uninstall()


def offer_rescue_while_open(window: MainWindow, problem: str, reopen: Reopen) -> RescueOffer:
    """The daily check found the open library damaged: offer the rescue beside the window.

    Nothing moves while the window has the library open: choosing to open the
    rescued library tells ``reopen`` (the folder, and whether it should take the
    damaged one's place) and closes the window; the caller does the rest once
    the library is closed. "Not Now" leaves everything as it is.
    """
    from reader.core.care import rescue_library
    from reader.ui.rescue_offer import RescueOffer

    data_dir = window.library.data_dir
    dialog = RescueOffer(problem, lambda: rescue_library(data_dir), lambda rescued: rescued, window, while_open=True)

    def chosen() -> None:
        if dialog.result_path is not None:
            reopen(dialog.result_path, dialog.use_it.isChecked())
            window.close()

    dialog.accepted.connect(chosen)
    dialog.open()
    return dialog


def offer_rescue(problem: str, rescue: Callable[[], RescueResult], adopt: Callable[[Path], Path]) -> Path | None:
    """The library is damaged: offer to rescue it (``RescueOffer``). Returns the library to open, or None to quit."""
    from reader.ui.rescue_offer import RescueOffer

    application()
    dialog = RescueOffer(problem, rescue, adopt)
    if dialog.exec() != RescueOffer.DialogCode.Accepted:
        return None
    return dialog.result_path
