"""The window's excepthook: a bug in a slot shows one dialog with its traceback and is logged; a BylineError is a status line."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from reader.core.errors import BylineError
from reader.ui.bug_report import BugDialog, BugReporter


class Recorder:
    """A dialog factory that keeps every dialog it made (they open without blocking)."""

    def __init__(self) -> None:
        self.made: list[BugDialog] = []

    def __call__(self, parent: QWidget | None) -> BugDialog:
        dialog = BugDialog(parent)
        self.made.append(dialog)
        return dialog


def explode_in_a_slot(qtbot, error: BaseException) -> None:
    """Raise ``error`` from a slot the event loop calls (as a bug in a Qt callback would)."""

    def slot_that_breaks() -> None:
        raise error

    QTimer.singleShot(0, slot_that_breaks)
    qtbot.wait(50)


def test_a_bug_in_a_slot_shows_one_dialog_with_the_traceback_and_is_logged(qtbot, caplog):
    parent = QWidget()
    qtbot.addWidget(parent)
    dialogs, lines = Recorder(), []
    reporter = BugReporter(parent, status=lines.append, make_dialog=dialogs).install()
    try:
        assert sys.excepthook is reporter
        with caplog.at_level(logging.ERROR, logger="reader.ui.bug_report"):
            explode_in_a_slot(qtbot, ZeroDivisionError("first bug"))
            qtbot.waitUntil(lambda: len(dialogs.made) == 1, timeout=2000)
            dialog = dialogs.made[0]
            assert dialog.isVisible() and dialog.parent() is parent
            text = dialog.text()
            assert "Traceback (most recent call last)" in text
            assert "slot_that_breaks" in text and "ZeroDivisionError: first bug" in text
            assert dialog.details.isReadOnly()
            dialog.copy()
            assert QApplication.clipboard().text() == text
            # a second bug while the dialog is open joins it: no stacked dialogs
            explode_in_a_slot(qtbot, KeyError("second bug"))
            qtbot.waitUntil(lambda: dialog.count == 2, timeout=2000)
            assert len(dialogs.made) == 1
            assert "first bug" in dialog.text() and "KeyError: 'second bug'" in dialog.text()
            assert "2 errors" in dialog.windowTitle()
        logged = [r for r in caplog.records if r.exc_info]
        assert [r.exc_info[0] for r in logged] == [ZeroDivisionError, KeyError]
        assert all(r.levelno == logging.ERROR for r in logged)
        assert lines == []
        # closed, the next bug opens a fresh dialog
        dialog.reject()
        explode_in_a_slot(qtbot, ValueError("third bug"))
        qtbot.waitUntil(lambda: len(dialogs.made) == 2, timeout=2000)
        assert dialogs.made[1].count == 1 and "third bug" in dialogs.made[1].text()
        dialogs.made[1].reject()
    finally:
        reporter.uninstall()
    assert sys.excepthook is not reporter


def test_an_expected_fault_is_one_status_line_and_no_dialog(qtbot, caplog):
    dialogs, lines = Recorder(), []
    reporter = BugReporter(None, status=lines.append, make_dialog=dialogs).install()
    try:
        with caplog.at_level(logging.WARNING, logger="reader.ui.bug_report"):
            explode_in_a_slot(qtbot, BylineError("the disk is full"))
            qtbot.waitUntil(lambda: lines == ["the disk is full"], timeout=2000)
    finally:
        reporter.uninstall()
    assert dialogs.made == []
    assert not any(r.exc_info for r in caplog.records)  # no traceback for an expected fault


def test_a_slot_of_the_window_that_breaks_reaches_the_hook(qtbot, feeds_library, make_window, monkeypatch):
    """A real window slot: a bug while showing an article ends in the dialog, and the window carries on."""
    window = make_window(feeds_library)
    dialogs = Recorder()
    reporter = BugReporter(window, status=window.show_status, make_dialog=dialogs).install()

    def broken(_opened: object) -> None:
        raise RuntimeError("the pane could not take it")

    monkeypatch.setattr(window.article_controller, "_on_article", broken)
    try:
        window.show_article(window.list_model.article_id(0))
        qtbot.waitUntil(lambda: len(dialogs.made) == 1, timeout=5000)
        assert "RuntimeError: the pane could not take it" in dialogs.made[0].text()
        dialogs.made[0].reject()
        monkeypatch.undo()
        with qtbot.waitSignal(window.article_shown, timeout=5000):
            window.show_article(window.list_model.article_id(1))
    finally:
        reporter.uninstall()
