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
    assert not seen[0].windowIcon().isNull()  # reader/resources/byline.svg or .png
    assert (library.data_dir / "window.ini").is_file()
    assert application() is QApplication.instance()
    # while the window ran, a bug in a slot went to the window's reporter; afterwards the old hook is back
    assert len(hooks) == 1 and isinstance(hooks[0], BugReporter) and hooks[0].parent is seen[0]
    assert sys.excepthook is before


def test_daily_integrity_check_runs_after_the_window_on_the_idle_lane(qtbot, feeds_library, make_window, monkeypatch):
    """Nothing before the window reads the whole file; a due check runs in a worker and reports damage in one line."""
    import os
    import time

    from reader.core.errors import CorruptLibraryError
    from reader.core.library import CHECK_MARK, Library
    from reader.ui.app import check_integrity_when_due
    from tests.ui.conftest import wait_idle

    lib = feeds_library
    window = make_window(lib)
    assert not check_integrity_when_due(window)  # checked less than a day ago: nothing to do
    stale = time.time() - 2 * 86400
    os.utime(lib.data_dir / CHECK_MARK, (stale, stale))
    checked: list[str] = []
    real = Library.check_integrity

    def counted(self, cancel=None):
        checked.append(__import__("threading").current_thread().name)
        return real(self, cancel)

    monkeypatch.setattr(Library, "check_integrity", counted)
    assert check_integrity_when_due(window)
    wait_idle(qtbot, window)
    assert len(checked) == 1 and checked[0] != "MainThread" and not lib.integrity_due()

    os.utime(lib.data_dir / CHECK_MARK, (stale, stale))

    def damaged(self, cancel=None):
        raise CorruptLibraryError("the library file x is damaged (test); run byline rescue")

    monkeypatch.setattr(Library, "check_integrity", damaged)
    with qtbot.waitSignal(window.integrity_failed, timeout=5000) as told:
        assert check_integrity_when_due(window)
    assert "damaged" in told.args[0]
    assert "damaged" in window.status_label.text()
