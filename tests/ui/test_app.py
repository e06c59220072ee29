"""``reader.ui.app.run``: what ``byline gui`` calls; it returns when the window closes."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from reader.ui.app import application, run
from reader.ui.bug_report import BugReporter
from reader.ui.main_window import MainWindow


def test_run_opens_the_window_and_returns_its_exit_code(qtbot, library):
    seen: list[MainWindow] = []
    hooks: list[object] = []
    before = sys.excepthook

    def close_it() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        seen.extend(windows)
        hooks.append(sys.excepthook)
        for window in windows:
            window.commands.quit.trigger()

    QTimer.singleShot(300, close_it)
    assert run(library) == 0
    assert len(seen) == 1 and seen[0].windowTitle() == "Byline"
    assert not seen[0].windowIcon().isNull()  # resources/byline.svg or .png
    assert (library.data_dir / "window.ini").is_file()
    assert application() is QApplication.instance()
    # while the window ran, a bug in a slot went to the window's reporter; afterwards the old hook is back
    assert len(hooks) == 1 and isinstance(hooks[0], BugReporter) and hooks[0].parent is seen[0]
    assert sys.excepthook is before
