"""The window's reading flow off the UI thread: list pages, next unread, marks and counts, shortcuts, drops, dark."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QApplication

from reader import paths
from reader.ui import list_controller
from reader.ui.actions import ACTIONS, MENUS
from reader.ui.article_list import TITLE_COL, ArticleListModel, ArticleListView
from reader.ui.feed_tree import FEED_MIME
from reader.ui.list_controller import ListController
from reader.ui.workers import Workers
from tests.ui.conftest import wait_idle


def record_threads(monkeypatch, lib, name: str = "article_rows"):
    """Wrap a Library method to note the thread of every call."""
    threads: list[str] = []
    original = getattr(lib, name)

    def wrapped(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return original(*args, **kwargs)

    monkeypatch.setattr(lib, name, wrapped)
    return threads


def rows_shown(window) -> bool:
    return window.list_model.rowCount() > 0 and window.list_model.row_data(0) is not None


def test_list_pages_are_read_by_the_read_lane(qtbot, feeds_library, make_window, monkeypatch):
    threads = record_threads(monkeypatch, feeds_library)
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
        workers.submit("block", lambda: gate.wait(5), latest_only=False)
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


def test_m_and_s_change_the_counts_of_the_rows_feed_at_once(qtbot, feeds_library, make_window):
    lib = feeds_library
    lib.set_setting("mark_read_delay_ms", 60_000)  # nothing is marked read by showing it
    window = make_window(lib)
    with qtbot.waitSignal(window.list_loaded, timeout=5000):
        window.select_key("smart:all")
    qtbot.waitUntil(lambda: rows_shown(window), timeout=5000)
    model = window.list_model
    first_feed = model.feed_of(0)
    row = next(r for r in range(model.rowCount()) if model.feed_of(r) != first_feed)
    other_feed = model.feed_of(row)
    with qtbot.waitSignal(window.article_shown, timeout=5000):
        window._select_row(0)
    window._select_row(row, show=False)  # the list moved on; the pane still shows row 0's article
    before = {f: window.tree_model.count_of(f"feed:{f}") for f in (first_feed, other_feed)}
    unread = window.tree_model.count_of("smart:unread")
    qtbot.keyClick(window.list, Qt.Key.Key_M)
    assert window.tree_model.count_of(f"feed:{other_feed}") == before[other_feed] - 1
    assert window.tree_model.count_of(f"feed:{first_feed}") == before[first_feed]
    assert window.tree_model.count_of("smart:unread") == unread - 1
    assert model.flags_of(row) == (True, False)
    target = model.article_id(row)
    qtbot.waitUntil(lambda: lib.article(target).read, timeout=5000)
    qtbot.keyClick(window.list, Qt.Key.Key_S)
    assert window.tree_model.count_of("smart:saved") == 1 and model.flags_of(row) == (True, True)
    qtbot.waitUntil(lambda: lib.article(target).saved, timeout=5000)
    qtbot.keyClick(window.list, Qt.Key.Key_S)
    assert window.tree_model.count_of("smart:saved") == 0
    qtbot.waitUntil(lambda: not lib.article(target).saved, timeout=5000)
    wait_idle(qtbot, window)
    assert window.tree_model.count_of(f"feed:{other_feed}") == before[other_feed] - 1  # the library agrees


def test_every_shortcut_shows_in_its_menu_entry_and_tooltip(qtbot, feeds_library, make_window):
    window = make_window(feeds_library)
    in_menus = {name for _title, names in MENUS for name in names if name}
    for spec in ACTIONS:
        action = getattr(window.actions, spec.name)
        assert spec.name in in_menus, f"{spec.name} is in no menu"
        if spec.keys:
            assert action.shortcut() == QKeySequence(spec.keys[0])  # what the menu entry prints
            assert action.isShortcutVisibleInContextMenu()
            for key in spec.keys:
                assert QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText) in action.toolTip(), spec.name
    bar = window.menuBar()
    shown = {a for menu in bar.findChildren(type(bar.actions()[0].menu())) for a in menu.actions()}
    assert window.actions.next_unread in shown and window.actions.quit in shown
    for key in ("J", "K", "N", "Space", "S", "M", "O", "Return", "R", "/", "Esc", "Ctrl+Q", "Ctrl+=", "Ctrl+-"):
        assert any(QKeySequence(key) in a.shortcuts() for a in window.actions.by_name.values()), key


def test_zoom_in_out_and_back_to_actual_size(qtbot, feeds_library, make_window):
    window = make_window(feeds_library)
    size = window.pane.font().pointSizeF()
    window.list.setFocus()
    qtbot.keyClick(window.list, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.list, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.pane.font().pointSizeF() > size
    qtbot.keyClick(window.list, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.pane.font().pointSizeF() > size
    qtbot.keyClick(window.list, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.pane.font().pointSizeF() == size


def test_dropping_a_feed_on_a_folder_through_the_view_moves_it(qtbot, feeds_library, make_window):
    lib = feeds_library
    lib.create_folder("Later")
    folder = lib.folders()[0]
    feed = lib.feeds()[0]
    window = make_window(lib)
    tree, model = window.tree, window.tree_model
    source = model.index_of(f"feed:{feed.id}")
    tree.selectionModel().select(source, tree.selectionModel().SelectionFlag.ClearAndSelect | tree.selectionModel().SelectionFlag.Rows)
    data = model.mimeData(tree.selectedIndexes())  # what the view would put in its QDrag
    assert data.hasFormat(FEED_MIME)
    target = model.index_of(f"folder:{folder.id}")
    tree.scrollTo(target)
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, -1, target)
    assert not model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, -1, model.index_of("smart:saved"))
    with qtbot.waitSignal(window.tree_loaded, timeout=5000):
        assert model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, target) is False  # the tree is rebuilt instead
    assert lib.feed(feed.id).folder_id == folder.id
    moved = window.tree_model.index_of(f"feed:{feed.id}")
    assert moved.parent() == window.tree_model.index_of(f"folder:{folder.id}")
    # the same through the view's own drop handler: a drop event on the folder's row
    window.tree.expandAll()
    data = window.tree_model.mimeData([window.tree_model.index_of(f"feed:{feed.id}")])
    with qtbot.waitSignal(window.tree_loaded, timeout=5000):
        window.tree_model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, window.tree.rootIndex())
    assert lib.feed(feed.id).folder_id is None
    target = window.tree_model.index_of(f"folder:{folder.id}")
    at = window.tree.visualRect(target).center()
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    viewport = window.tree.viewport()
    enter = QDragEnterEvent(at, Qt.DropAction.MoveAction, data, buttons, keys)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(at, Qt.DropAction.MoveAction, data, buttons, keys)
    QApplication.sendEvent(viewport, move)
    assert move.isAccepted()  # the view would show the drop indicator on the folder
    drop = QDropEvent(QPointF(at), Qt.DropAction.MoveAction, data, buttons, keys)
    with qtbot.waitSignal(window.tree_loaded, timeout=5000):
        QApplication.sendEvent(viewport, drop)
    assert lib.feed(feed.id).folder_id == folder.id


def test_a_dark_palette_loads_the_dark_article_css(qtbot, feeds_library, make_window):
    from reader.ui.app import dark_palette

    resources = paths.resources_dir()
    if not (resources / "article-dark.css").is_file():
        pytest.skip("resources/article-dark.css is absent")
    app = QApplication.instance()
    before = app.palette()
    window = make_window(feeds_library, resources=resources)
    try:
        assert not window.pane.dark
        dark_css = (resources / "article-dark.css").read_text(encoding="utf-8")
        assert dark_css not in window.pane.document().defaultStyleSheet()
        app.setPalette(dark_palette())
        qtbot.waitUntil(lambda: window.pane.dark, timeout=2000)
        css = window.pane.document().defaultStyleSheet()
        light_css = (resources / "article.css").read_text(encoding="utf-8")
        assert css.index(light_css) < css.index(dark_css)  # dark overrides come after
    finally:
        app.setPalette(before)
    qtbot.waitUntil(lambda: not window.pane.dark, timeout=2000)


def test_placeholder_rows_are_blank(qtbot):
    model = ArticleListModel()
    model.set_ids([1, 2])
    assert all(model.index(0, c).data() is None for c in range(model.columnCount()))
    assert model.index(0, 0).data(Qt.ItemDataRole.FontRole) is None
