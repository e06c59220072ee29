"""Search from the window: results replace the list, Esc returns, a bad query is one status line."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import article_id, show, wait_idle


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


def test_leaving_drops_a_search_still_running(qtbot, feeds_library, make_window):
    import threading

    from reader.ui.workers import JobKind

    window = make_window(feeds_library)
    shown: list[int] = []
    window.search_shown.connect(shown.append)
    gate = threading.Event()
    window.workers.submit(JobKind.FREE, lambda: gate.wait(5))  # the read lane is busy: the search waits
    window.search_controller.search_for("bridge")
    window.search_controller.leave()
    gate.set()
    wait_idle(qtbot, window)
    assert shown == []
    assert window.middle.currentWidget() is window.list and window.search_field.text() == ""


def test_in_saved_only_saved_articles_are_searched_and_n_finds_the_next_unread_hit(qtbot, feeds_library, make_window):
    lib = feeds_library
    bridge = article_id(lib, "Bridge")
    lib.mark_saved([bridge])
    window = make_window(lib)
    show(qtbot, window, "smart:saved")
    with qtbot.waitSignal(window.search_shown, timeout=5000) as blocker:
        window.search_controller.search_for("bridge")
    assert blocker.args == [1] and window.search_model.article_id(0) == bridge
    assert "among saved articles" in window.status_label.text()
    window.search_controller.leave()
    show(qtbot, window, "smart:all")
    with qtbot.waitSignal(window.search_shown, timeout=5000) as blocker:
        window.search_controller.search_for("bridge")
    assert blocker.args == [2]
    first = window.search_model.article_id(0)
    lib.mark_read([first])
    window.search_model.set_flags(first, read=True)
    other = window.search_model.article_id(1)
    with qtbot.waitSignal(window.article_shown, timeout=5000, check_params_cb=lambda i: i == other):
        window.next_unread()  # n in the results skips the read hit
    wait_idle(qtbot, window)
    window.next_unread()
    assert window.status_label.text() == "No more unread articles here."


def test_one_hit_is_one_match_and_the_count_follows(qtbot, feeds_library, make_window):
    """Issue 12, item 10: "1 match", the count beside the status line follows the results, one pair of quotes."""
    window = make_window(feeds_library)
    with qtbot.waitSignal(window.search_shown, timeout=5000) as blocker:
        window.search_controller.search_for('"east landing"')
    n = blocker.args[0]
    assert window.count_label.text() == (f"{n} result" if n == 1 else f"{n} results")
    with qtbot.waitSignal(window.search_shown, timeout=5000) as blocker:
        window.search_controller.search_for("Bridge")
    assert blocker.args[0] == 2 and window.count_label.text() == "2 results"
    assert window.status_label.text().startswith("2 matches for “Bridge”")
    with qtbot.waitSignal(window.search_shown, timeout=5000) as blocker:
        window.search_controller.search_for('"clock tower"')
    assert blocker.args[0] == 1
    assert window.status_label.text().startswith("1 match for “clock tower” — Esc returns")
    assert window.count_label.text() == "1 result"
    window.commands.escape.trigger()
    assert window.count_label.text() == f"{window.list_model.rowCount()} articles"
