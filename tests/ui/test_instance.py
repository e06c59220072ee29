"""One window per library (issue 12, item 15): a second launch raises the first; the CLI still works beside it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from reader.ui.app import ALREADY_RUNNING, run
from reader.ui.instance import SingleInstance, server_name
from reader.ui.main_window import MainWindow


def test_a_second_launch_asks_the_first_to_come_forward(qtbot, tmp_path):
    name = server_name(tmp_path / "lib")
    assert name != server_name(tmp_path / "other") and name == server_name(tmp_path / "lib")
    first = SingleInstance(name)
    assert not SingleInstance(name).ask_running()  # nobody listens yet
    assert first.listen()
    try:
        with qtbot.waitSignal(first.activated, timeout=5000):
            assert SingleInstance(name).ask_running()
    finally:
        first.close()
    assert not SingleInstance(name).ask_running()


@pytest.mark.qt_log_ignore("This plugin does not support (raise|propagateSizeHints)")  # offscreen: no window stack
def test_run_raises_the_open_window_instead_of_opening_another(qtbot, feeds_library, make_window):
    window = make_window(feeds_library)
    running = SingleInstance(server_name(feeds_library.data_dir))
    assert running.listen()
    running.activated.connect(window.come_forward)
    window.showMinimized()

    def close_strays() -> None:  # should run() open a second window after all, end its event loop
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget is not window and widget.isVisible():
                widget.close()

    # A timer of this test's own, stopped when it ends: a bare QTimer.singleShot outlived the
    # test and, 3 s later, closed whatever window a later test had open.
    strays = QTimer(singleShot=True, interval=3000)
    strays.timeout.connect(close_strays)
    strays.start()
    try:
        with qtbot.waitSignal(window.tree_loaded, timeout=5000):
            assert run(feeds_library) == ALREADY_RUNNING  # returns at once: no second window
        assert not window.isMinimized()
    finally:
        strays.stop()
        running.close()


def test_command_line_works_beside_the_open_window(qtbot, feeds_library, make_window):
    window = make_window(feeds_library)
    running = SingleInstance(server_name(feeds_library.data_dir))
    assert running.listen()
    try:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        root = Path(__file__).resolve().parents[2]
        done = subprocess.run(
            [sys.executable, "-m", "reader", "--data-dir", str(feeds_library.data_dir), "feeds", "--json"],
            cwd=root, env=env, capture_output=True, text=True, timeout=120, check=False,
        )
        assert done.returncode == 0, done.stderr
        assert len(json.loads(done.stdout)) == 3
        assert window.isVisible()
    finally:
        running.close()


def test_the_window_of_run_answers_a_second_launch_once_shown(qtbot, feeds_library):
    """run() listens from the first turn of its event loop (QtNetwork is imported after the show)."""
    answered: list[bool] = []
    raised: list[bool] = []

    def ask_then_quit() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        for window in windows:
            window.tree_loaded.connect(lambda: raised.append(True))  # come_forward reloads the tree
        answered.append(SingleInstance(server_name(feeds_library.data_dir)).ask_running())
        qtbot.waitUntil(lambda: bool(raised), timeout=5000)
        for window in windows:
            window.commands.quit.trigger()

    QTimer.singleShot(500, ask_then_quit)
    assert run(feeds_library) == 0
    assert answered == [True] and raised
    assert not SingleInstance(server_name(feeds_library.data_dir)).ask_running()  # closed with the window
