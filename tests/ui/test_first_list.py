"""The restored list's first page is asked for before the window is built, and read once."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from reader.core.models import Selection, SmartFeed
from reader.ui import app as ui_app
from reader.ui.first_list import (
    HeadStart,
    SavedView,
    first_selection,
    saved_view,
    start_first_list,
    window_state,
)
from reader.ui.main_window import MainWindow
from reader.ui.workers import JobKind, Workers
from tests.ui.conftest import rows_shown


def _count_heads(monkeypatch: Any, lib: Any) -> list[Selection]:
    asked: list[Selection] = []
    original = lib.article_list_head
    monkeypatch.setattr(lib, "article_list_head", lambda selection, *a, **k: (asked.append(selection), original(selection, *a, **k))[1])
    return asked


def _save_view(lib: Any, key: str, *, article: int | str = "", unread_only: bool = False) -> None:
    state = window_state(lib.data_dir)
    state.setValue("selected_key", key)
    state.setValue("selected_article", article)
    state.setValue("unread_only", unread_only)
    state.sync()


def test_the_saved_view_names_the_list_the_window_will_ask_for(feeds_library):
    assert saved_view(window_state(feeds_library.data_dir)) == SavedView()  # nothing saved yet: All Unread
    feed_id = feeds_library.feeds()[1].id
    _save_view(feeds_library, f"feed:{feed_id}", article=7, unread_only=True)
    view = saved_view(window_state(feeds_library.data_dir))
    assert view == SavedView(f"feed:{feed_id}", 7, True)
    assert first_selection(view) == Selection(feed_id=feed_id, unread_only=True, keep=7)
    assert first_selection(SavedView("smart:unread", 7)) == Selection(smart=SmartFeed.UNREAD, keep=7)
    assert first_selection(SavedView("smart:saved", 7)) == Selection(smart=SmartFeed.SAVED)  # a read article stays anyway
    assert first_selection(SavedView("notice")) is None  # a notification's articles are not read again at start


def test_a_head_read_before_the_window_is_the_window_first_page(qtbot, feeds_library, make_window, monkeypatch):
    feed_id = feeds_library.feeds()[1].id
    _save_view(feeds_library, f"feed:{feed_id}")
    asked = _count_heads(monkeypatch, feeds_library)
    workers = Workers()
    head = start_first_list(feeds_library, workers)
    assert head is not None and head.selection == Selection(feed_id=feed_id)
    window = make_window(feeds_library, workers=workers, first_head=head)
    qtbot.waitUntil(lambda: rows_shown(window) and window.list_model.complete(), timeout=5000)
    assert asked == [Selection(feed_id=feed_id)]  # read once, before the window: the window took it
    assert list(window.list_model.ids) == feeds_library.article_ids(Selection(feed_id=feed_id))
    assert window.tree.current_key() == f"feed:{feed_id}"


def test_a_head_of_another_list_is_not_shown(qtbot, feeds_library, make_window, monkeypatch):
    other = feeds_library.feeds()[0].id
    asked = _count_heads(monkeypatch, feeds_library)
    workers = Workers()
    head = HeadStart(feeds_library, workers, Selection(feed_id=other))  # the window restores All Unread instead
    window = make_window(feeds_library, workers=workers, first_head=head)
    qtbot.waitUntil(lambda: window.list_model.complete(), timeout=5000)
    assert asked == [Selection(feed_id=other), Selection(smart=SmartFeed.UNREAD)]
    assert list(window.list_model.ids) == feeds_library.article_ids(Selection(smart=SmartFeed.UNREAD))


def test_an_answer_already_in_is_handed_over_after_the_call(qtbot, feeds_library):
    workers = Workers()
    head = HeadStart(feeds_library, workers, Selection())
    qtbot.waitUntil(lambda: not workers.is_busy(), timeout=5000)
    got: list[int] = []
    assert head.take(Selection(), True, lambda answer: got.append(answer[0]))
    assert got == []  # never from inside take: the window may still be building
    qtbot.waitUntil(lambda: got == [len(feeds_library.article_ids(Selection()))], timeout=5000)
    assert not head.take(Selection(), True, got.append)  # once only
    assert workers.shutdown()


def test_run_asks_for_the_first_page_before_it_imports_or_builds_the_window(qtbot, feeds_library, monkeypatch):
    """``byline gui``: the list head is on the read lane before the window's modules and widgets cost the UI thread."""
    events: list[str] = []
    original_submit = Workers.submit
    monkeypatch.setattr(Workers, "submit", lambda self, kind, *a, **k: (events.append(kind.label), original_submit(self, kind, *a, **k))[1])
    original_init = MainWindow.__init__

    def building(self: MainWindow, *args: Any, **kwargs: Any) -> None:
        events.append("window")
        original_init(self, *args, **kwargs)

    monkeypatch.setattr(MainWindow, "__init__", building)
    asked = _count_heads(monkeypatch, feeds_library)
    shown = threading.Event()

    def close_it() -> None:
        for window in QApplication.topLevelWidgets():
            if isinstance(window, MainWindow) and window.isVisible():
                if window.list_model.rowCount() and window.list_model.row_data(0) is not None:
                    shown.set()
                window.commands.quit.trigger()

    QTimer.singleShot(500, close_it)
    assert ui_app.run(feeds_library) == 0
    assert events[0] == JobKind.IDS.label and events.index("window") > 0
    assert asked[:1] == [Selection(smart=SmartFeed.UNREAD)] and len(asked) == 1
    assert shown.is_set()


def test_a_notifications_list_is_not_read_early(feeds_library):
    """A saved row that is no list (a notification's articles) leaves the first read to the window."""
    _save_view(feeds_library, "notice")
    workers = Workers()
    assert start_first_list(feeds_library, workers) is None
    assert workers.generation(JobKind.IDS) == 0  # nothing read early
    assert workers.shutdown()
