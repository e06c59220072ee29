"""The feed tree model without a library (nesting, counts, keys, drops), and drops through its view."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from reader.core.models import Feed, Folder, SmartFeed
from reader.ui.feed_tree import FEED_MIME, KEY_ROLE, FeedTreeModel, key_selection


def tree_data():
    folders = [Folder(id=2, parent_id=1, title="World", path="News/World"), Folder(id=1, parent_id=None, title="News", path="News")]
    feeds = [
        Feed(id=10, url="https://a.example/feed", title="A <i>feed</i>", folder_id=2, unread=4),
        Feed(id=11, url="https://b.example/feed", title="B", folder_id=1, unread=1, last_error="HTTP 500 <boom>"),
        Feed(id=12, url="https://c.example/feed", title="C", folder_id=None, unread=0),
    ]
    return folders, feeds


def test_feed_tree_model_nests_counts_and_passes_the_tester(qtmodeltester, qapp):
    model = FeedTreeModel()
    folders, feeds = tree_data()
    model.set_tree(folders, feeds)
    model.set_counts({10: 4, 11: 1, 12: 0}, {SmartFeed.UNREAD: 5, SmartFeed.SAVED: 2})
    qtmodeltester.check(model)
    assert model.count_of("folder:1") == 5 and model.count_of("folder:2") == 4
    assert model.count_of("smart:unread") == 5 and model.count_of("smart:saved") == 2
    assert model.count_of("feed:12") == 0
    world = model.index_of("folder:2")
    assert world.parent() == model.index_of("folder:1")
    assert model.index_of("feed:10").parent() == world
    tip = model.index_of("feed:11").data(Qt.ItemDataRole.ToolTipRole)
    assert "HTTP 500 &lt;boom&gt;" in tip and "<boom>" not in tip
    assert model.index_of("feed:10").data() == "A <i>feed</i>"  # shown as plain text by the view
    model.adjust_count(10, -1, unread_smart=-1)
    assert model.count_of("feed:10") == 3 and model.count_of("folder:1") == 4 and model.count_of("smart:unread") == 4
    model.set_feed_error(11, None)
    assert "Last error" not in model.index_of("feed:11").data(Qt.ItemDataRole.ToolTipRole)
    assert model.feed_ids_under("folder:1") == [10, 11]


def test_dropping_a_feed_on_a_folder_reports_the_move(qtbot):
    model = FeedTreeModel()
    model.set_tree(*tree_data())
    data = model.mimeData([model.index_of("feed:12")])
    assert bytes(data.data(FEED_MIME).data()) == b"12"
    with qtbot.waitSignal(model.feed_dropped) as blocker:
        assert model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, model.index_of("folder:2")) is False
    assert blocker.args == [12, 2]
    with qtbot.waitSignal(model.feed_dropped) as blocker:
        model.dropMimeData(model.mimeData([model.index_of("feed:10")]), Qt.DropAction.MoveAction, -1, -1, model.index_of("smart:all").parent())
    assert blocker.args == [10, -1]
    assert not model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, -1, model.index_of("smart:saved"))
    assert not model.canDropMimeData(QMimeData(), Qt.DropAction.MoveAction, -1, -1, model.index_of("folder:1"))


@pytest.mark.parametrize(
    ("key", "expected"),
    [("smart:unread", ("smart", SmartFeed.UNREAD)), ("folder:3", ("folder_id", 3)), ("feed:9", ("feed_id", 9))],
)
def test_tree_keys_name_selections(key, expected):
    selection = key_selection(key)
    assert getattr(selection, expected[0]) == expected[1]
    assert key_selection("nothing") is None
    assert KEY_ROLE > Qt.ItemDataRole.UserRole


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


@pytest.mark.parametrize(
    ("n", "shown"),
    [(0, ""), (7, "7"), (9999, "9999"), (10_000, "10k"), (10_999, "10k"), (999_999, "999k"),
     (1_000_000, "1M"), (1_099_999, "1M"), (1_250_000, "1.2M"), (12_345_678, "12M")],
)
def test_compact_count_fits_four_digits_and_never_rounds_up(n, shown):
    from reader.ui.feed_tree import compact_count

    assert compact_count(n) == shown
    assert len(shown) <= 4


def test_large_counts_are_compact_with_the_exact_figure_in_the_tooltip(qapp):
    """A feed with 10,000 unread read as "1…0" in a 4-digit column: now "10k", exact in the tooltip."""
    model = FeedTreeModel()
    folders, feeds = tree_data()
    model.set_tree(folders, feeds)
    model.set_counts({10: 10_000, 11: 1, 12: 0}, {SmartFeed.UNREAD: 1_000_001})
    cell = model.index_of("feed:10").siblingAtColumn(1)
    assert cell.data() == "10k" and cell.data(Qt.ItemDataRole.ToolTipRole) == "10,000 unread"
    assert model.count_of("feed:10") == 10_000  # the number itself is kept whole
    assert model.index_of("smart:unread").siblingAtColumn(1).data() == "1M"
    small = model.index_of("feed:11").siblingAtColumn(1)
    assert small.data() == "1" and not small.data(Qt.ItemDataRole.ToolTipRole)
    model.set_counts({10: 5, 11: 1, 12: 0})
    assert cell.data() == "5" and not cell.data(Qt.ItemDataRole.ToolTipRole)


def test_folders_and_feeds_are_in_the_order_a_file_manager_uses(qapp):
    """Numbers by value, case and accents not splitting the alphabet; folders before feeds."""
    folders = [Folder(id=1, parent_id=None, title="zeta", path="zeta"), Folder(id=2, parent_id=None, title="Alpha", path="Alpha")]
    titles = ["Feed 10", "feed 2", "Émile's notes", "Emma", "banana", "Apple"]
    feeds = [Feed(id=20 + n, url=f"https://{n}.example/feed", title=t) for n, t in enumerate(titles)]
    model = FeedTreeModel()
    model.set_tree(folders, feeds)
    top = model.index_of("folder:2").parent()
    rows = [model.index(r, 0, top).data() for r in range(model.rowCount(top))]
    tops = rows[rows.index("Alpha"):]
    assert tops == ["Alpha", "zeta", "Apple", "banana", "Émile's notes", "Emma", "feed 2", "Feed 10"]


def test_a_rebuild_draws_each_smart_feed_icon_once(qapp, monkeypatch):
    """The tree is rebuilt on every reload: the star and the calendar are drawn for their own rows only."""
    from reader.ui import feed_tree

    drawn: list[str] = []
    star, calendar = feed_tree.star_icon, feed_tree.calendar_icon
    monkeypatch.setattr(feed_tree, "star_icon", lambda *a, **k: (drawn.append("star"), star(*a, **k))[1])
    monkeypatch.setattr(feed_tree, "calendar_icon", lambda *a, **k: (drawn.append("calendar"), calendar(*a, **k))[1])
    model = feed_tree.FeedTreeModel()
    drawn.clear()
    model.set_tree([], [])
    assert sorted(drawn) == ["calendar", "star"]
    assert not model.item(model.index_of("smart:saved").row()).icon().isNull()
