"""Feeding the list off the UI thread: pages on the read lane, stale pages dropped, next unread found by a worker."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from reader.core.models import Selection
from reader.ui import list_controller
from reader.ui.article_list import TITLE_COL, ArticleListModel, ArticleListView
from reader.ui.list_controller import ListController
from reader.ui.workers import JobKind, Workers
from tests.ui.conftest import record_threads, rows_shown, wait_idle


def test_list_pages_are_read_by_the_read_lane(qtbot, feeds_library, make_window, monkeypatch):
    threads = record_threads(monkeypatch, feeds_library, "article_list_head")  # the first page comes with the ids
    window = make_window(feeds_library)
    qtbot.waitUntil(lambda: rows_shown(window), timeout=5000)
    assert threads and set(threads) == {"byline-read"}
    assert window.list_model.index(0, TITLE_COL).data()


def test_a_page_read_for_an_older_list_is_dropped(qtbot, feeds_library):
    workers = Workers()
    model = ArticleListModel()
    view = ArticleListView()
    qtbot.addWidget(view)
    view.setModel(model)
    lists = ListController(feeds_library, workers, model, view)
    try:
        ids = [a.id for a in feeds_library.articles()]
        model.set_ids(ids)
        gate = threading.Event()
        workers.submit(JobKind.FREE, lambda: gate.wait(5))  # any job of the read lane holds it
        model.index(0, TITLE_COL).data()  # asks for the first page; the read waits behind the gate
        qtbot.waitUntil(lambda: lists._reading, timeout=2000)
        model.set_ids(ids)  # a newer list while the page is being read
        gate.set()
        qtbot.waitUntil(lambda: not workers.is_busy(), timeout=5000)
        assert model.row_data(0) is None  # the old generation's page was dropped
        assert model.index(0, TITLE_COL).data() is None
        qtbot.waitUntil(lambda: model.row_data(0) is not None, timeout=5000)  # asked again and read
        assert model.index(0, TITLE_COL).data() == feeds_library.article(ids[0]).title
    finally:
        workers.shutdown()


@pytest.mark.parametrize("marked_in_window", [False, True])
def test_next_unread_is_found_by_a_worker_past_the_cached_rows(qtbot, feeds_library, make_window, monkeypatch, marked_in_window):
    monkeypatch.setattr(list_controller, "SCAN_ON_UI", 0)
    lib = feeds_library
    window = make_window(lib)
    with qtbot.waitSignal(window.list_loaded, timeout=5000):
        window.select_key("smart:all")
    ids = window.list_model.ids
    if marked_in_window:  # the window's own marks count before their write lands
        lib.mark_read(ids[:-2])
        window.list_model.set_flags(ids[-2], read=True)
    else:
        lib.mark_read(ids[:-1])
    with qtbot.waitSignal(window.list_loaded, timeout=5000):
        window.load_list()
    if marked_in_window:
        window.list_model.set_flags(ids[-2], read=True)
    threads = record_threads(monkeypatch, lib, "next_unread")
    window.list.setFocus()
    with qtbot.waitSignal(window.article_shown, timeout=5000, check_params_cb=lambda i: i == ids[-1]):
        qtbot.keyClick(window.list, Qt.Key.Key_N)
    assert window.list.currentIndex().row() == len(ids) - 1
    assert threads and set(threads) == {"byline-read"}
    wait_idle(qtbot, window)
    with qtbot.waitSignal(window.status_shown, timeout=5000, check_params_cb=lambda t: t.startswith("No more unread")):
        qtbot.keyClick(window.list, Qt.Key.Key_N)


def _many_articles(lib, n):
    from reader.core.storage.rows import EntryRow

    feed_id, _ = lib.store.add_feed("https://many.example/feed.xml", title="Many")
    lib.store.bulk_insert_articles(feed_id, [
        EntryRow(guid=f"m{i}", title=f"Many {i}", title_key=f"many {i}", content_hash=f"h{i}", published=1_700_000_000.0 + i,
                 html=f"<p>{i}</p>", text=str(i))
        for i in range(n)
    ])


def hold_the_id_array(library, monkeypatch) -> threading.Event:
    """Make the list's second read (every id) wait until the returned event is set (10 s at most)."""
    gate = threading.Event()
    store_class = type(library.store)
    original = store_class.article_id_array

    def slow(self, *args, **kwargs):
        gate.wait(10)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(store_class, "article_id_array", slow)
    return gate


def test_the_first_page_is_usable_while_the_other_ids_are_read(qtbot, library, make_window, monkeypatch):
    """The window shows a list's first page (and j works in it) before the rest of its ids are read;
    then the rest fills in without a reset, and n waits for it rather than saying "no more"."""
    _many_articles(library, 3 * 100 + 7)
    window = make_window(library)
    gate = hold_the_id_array(library, monkeypatch)
    with qtbot.waitSignal(window.list_loaded, timeout=5000):
        window.select_key("smart:all")
    model = window.list_model
    assert model.rowCount() == 307 and not model.complete() and len(model.ids) == 100
    assert model.index(0, TITLE_COL).data() == "Many 306"
    window._select_row(0)  # its article is read on the same lane, after the ids
    window.step(1)
    assert window.list.currentIndex().row() == 1 and model.article_id(1) is not None
    every = library.article_ids(Selection())
    library.mark_read(every[100:250])  # the next unread after the head's last row is row 250
    window._select_row(99)
    window.list.setFocus()
    qtbot.keyClick(window.list, Qt.Key.Key_N)  # waits for the ids rather than saying "no more"
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    with qtbot.waitSignal(window.article_shown, timeout=5000, check_params_cb=lambda i: i == every[250]):
        gate.set()
    assert model.complete() and not resets and model.rowCount() == 307
    assert window.list.currentIndex().row() == 250 and model.article_id(250) == every[250]
    qtbot.waitUntil(lambda: model.row_data(window.list.currentIndex().row()) is not None, timeout=5000)


def test_a_list_written_to_between_its_two_reads_is_shown_whole_and_keeps_the_current_article(
    qtbot, library, make_window, monkeypatch
):
    _many_articles(library, 250)
    window = make_window(library)
    gate = hold_the_id_array(library, monkeypatch)
    with qtbot.waitSignal(window.list_loaded, timeout=5000):
        window.select_key("smart:all")
    model = window.list_model
    chosen = model.article_id(1)
    window._select_row(1)
    from reader.core.storage.rows import EntryRow

    feed_id = library.feeds()[0].id
    library.store.bulk_insert_articles(feed_id, [
        EntryRow(guid="newest", title="Newest", title_key="newest", content_hash="n", published=1_800_000_000.0, html="<p>n</p>", text="n")
    ])
    gate.set()
    qtbot.waitUntil(lambda: model.complete() and model.rowCount() == 251, timeout=5000)
    assert model.article_id(0) != chosen and model.article_id(2) == chosen
    assert window.list.currentIndex().row() == 2  # the same article, one row down


def test_the_first_list_is_read_before_the_tree_and_only_once(qtbot, feeds_library, make_window, monkeypatch):
    """The tree's unread counts cost most at a million articles: the restored row's list goes first."""
    calls: list[str] = []
    for name in ("article_list_head", "feeds"):
        original = getattr(feeds_library, name)
        monkeypatch.setattr(feeds_library, name, lambda *a, _o=original, _n=name, **k: (calls.append(_n), _o(*a, **k))[1])
    window = make_window(feeds_library)
    assert calls[:2] == ["article_list_head", "feeds"] and calls.count("article_list_head") == 1
    assert window.tree.current_key() == "smart:unread" and window.list_model.rowCount() > 0
    qtbot.waitUntil(lambda: "No article selected" in window.pane.toPlainText(), timeout=5000)  # the empty state, once the tree is in


def test_a_kept_article_past_the_first_page_is_selected_once_every_id_is_known(qtbot, library, make_window, monkeypatch):
    _many_articles(library, 307)
    window = make_window(library)
    every = library.article_ids(Selection())
    gate = threading.Event()
    store_class = type(library.store)
    original = store_class.article_id_array
    monkeypatch.setattr(store_class, "article_id_array", lambda self, *a, **k: (gate.wait(10), original(self, *a, **k))[1])
    loaded: list[bool] = []
    window.list_controller.load(Selection(), lambda: loaded.append(window.list_model.complete()), keep=every[200])
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 307, timeout=5000)  # the first page is shown
    qtbot.wait(50)
    assert loaded == []  # not yet: the kept article's row is not known
    gate.set()
    qtbot.waitUntil(lambda: loaded == [True], timeout=5000)
    assert window.list_model.row_of(every[200]) == 200
