"""Search from the window: results replace the list, Esc returns, a bad query is one status line."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import wait_idle


def test_search_replaces_the_list_and_escape_returns(qtbot, feeds_library, make_window):
    window = make_window(feeds_library)
    qtbot.keyClick(window.list, Qt.Key.Key_Slash)
    qtbot.keyClicks(window.search_field, "bridge")
    with qtbot.waitSignal(window.search_shown, timeout=5000) as blocker:
        qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    assert blocker.args[0] == 2
    assert window.middle.currentWidget() is window.results
    assert "<b>bridge</b>" in window.search_model.index(0).data(Qt.UserRole + 4).lower()
    with qtbot.waitSignal(window.article_shown, timeout=5000):
        qtbot.keyClick(window.results, Qt.Key.Key_J)
    qtbot.keyClick(window.results, Qt.Key.Key_Escape)
    assert window.middle.currentWidget() is window.list and window.search_field.text() == ""
    # a query the core cannot read ends in the status bar, not a dialog
    window.search_controller.search_for('"')
    wait_idle(qtbot, window)
