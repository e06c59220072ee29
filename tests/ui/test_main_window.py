"""The main window driven with qtbot: the selection flow from tree to list to pane, keys, names as text, restored state."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from reader.ui.article_list import TITLE_COL
from tests.ui.conftest import article_id, open_row, show, wait_idle


def test_selection_flows_from_tree_to_list_to_pane_and_counts_follow(qtbot, feeds_library, make_window):
    lib = feeds_library
    window = make_window(lib)
    assert window.tree_model.count_of("smart:unread") == 6
    assert window.list_model.rowCount() == 6
    feed_id = lib.feeds()[0].id
    show(qtbot, window, f"feed:{feed_id}")
    assert window.list_model.rowCount() == 3
    assert window.tree_model.count_of(f"feed:{feed_id}") == 3
    with qtbot.waitSignal(window.counts_updated, timeout=5000):
        shown = open_row(qtbot, window, 0)
    assert lib.article(shown).read
    assert window.tree_model.count_of(f"feed:{feed_id}") == 2
    assert window.tree_model.count_of("smart:unread") == 5
    assert window.list_model.index(0, TITLE_COL).data(Qt.ItemDataRole.FontRole) is None
    text = window.pane.toPlainText()
    assert lib.article(shown).title in text and "Harbor & Hill World Desk" in text and "Original" in text
    # a folder shows the articles of its feeds
    lib.create_folder("News")
    folder = lib.folders()[0]
    lib.move_feed(feed_id, folder.id)
    with qtbot.waitSignal(window.tree_loaded, timeout=5000):
        window.reload_tree()
    show(qtbot, window, f"folder:{folder.id}")
    assert window.list_model.rowCount() == 3
    assert window.tree_model.count_of(f"folder:{folder.id}") == 2


def test_keys_move_mark_save_and_open(qtbot, feeds_library, make_window):
    lib = feeds_library
    window = make_window(lib)
    show(qtbot, window, "smart:all")
    ids = window.list_model.ids
    open_row(qtbot, window, 0)
    window.list.setFocus()
    with qtbot.waitSignal(window.article_shown, timeout=5000, check_params_cb=lambda i: i == ids[1]):
        qtbot.keyClick(window.list, Qt.Key.Key_J)
    with qtbot.waitSignal(window.article_shown, timeout=5000, check_params_cb=lambda i: i == ids[0]):
        qtbot.keyClick(window.list, Qt.Key.Key_K)
    first = ids[0]
    qtbot.waitUntil(lambda: lib.article(first).read, timeout=5000)
    # s saves (the star shows at once), m toggles read
    wait_idle(qtbot, window)
    qtbot.keyClick(window.list, Qt.Key.Key_S)
    assert window.list_model.index(0, 0).data() == "★"
    assert window.tree_model.count_of("smart:saved") == 1  # at once, before the write
    qtbot.waitUntil(lambda: lib.article(first).saved, timeout=5000)
    qtbot.keyClick(window.list, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: not lib.article(first).read, timeout=5000)
    assert window.list_model.index(0, TITLE_COL).data(Qt.ItemDataRole.FontRole).bold()
    # o and Enter open the original in the (fake) browser
    qtbot.keyClick(window.list, Qt.Key.Key_O)
    qtbot.keyClick(window.list, Qt.Key.Key_Return)
    assert window.opened == [lib.article(first).url] * 2
    # n skips read articles: mark the next one read first
    lib.mark_read([ids[1]])
    with qtbot.waitSignal(window.list_loaded, timeout=5000):
        window.load_list()
    with qtbot.waitSignal(window.article_shown, timeout=5000, check_params_cb=lambda i: i == ids[2]):
        qtbot.keyClick(window.list, Qt.Key.Key_N)
    # space at the end of a short article moves to the next unread one
    with qtbot.waitSignal(window.article_shown, timeout=5000, check_params_cb=lambda i: i == ids[3]):
        qtbot.keyClick(window.list, Qt.Key.Key_Space)
    # / focuses the search field; Ctrl+= zooms the pane
    size = window.pane.font().pointSizeF()
    qtbot.keyClick(window.list, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.pane.font().pointSizeF() > size
    qtbot.keyClick(window.list, Qt.Key.Key_Slash)
    assert window.search_field.hasFocus()
    # every action shows its shortcut in its tooltip
    assert "(J)" in window.commands.next.toolTip() and "Ctrl+Q" in window.commands.quit.toolTip()


def test_space_pages_down_a_long_article_first(qtbot, library, make_window, tmp_path):
    long_body = "".join(f"<p>Paragraph {i} of a long story about the harbour.</p>" for i in range(200))
    feed = tmp_path / "long.xml"
    feed.write_text(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Long</title><link>https://l.example/</link>"
        f"<item><title>Long one</title><guid>l1</guid><description><![CDATA[{long_body}]]></description></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    library.add_feed(str(feed))
    window = make_window(library)
    open_row(qtbot, window, 0)
    bar = window.pane.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0
    qtbot.keyClick(window.list, Qt.Key.Key_Space)
    assert bar.value() > 0


def test_titles_and_names_are_shown_as_text(qtbot, feeds_library, make_window):
    window = make_window(feeds_library)
    city = next(f for f in feeds_library.feeds() if f.title == "City <Notes>")
    index = window.tree_model.index_of(f"feed:{city.id}")
    assert index.data() == "City <Notes>"
    assert "&lt;Notes&gt;" in index.data(Qt.ItemDataRole.ToolTipRole)
    show(qtbot, window, f"feed:{city.id}")
    open_row(qtbot, window, 0)
    assert "City <Notes>" in window.pane.toPlainText()
    glacier = article_id(feeds_library, "Glacier")
    with qtbot.waitSignal(window.article_shown, timeout=5000):
        window.show_article(glacier)
    assert "Glacier survey finds faster retreat" in window.pane.toPlainText()


def test_state_is_restored_on_restart(qtbot, feeds_library, make_window):
    lib = feeds_library
    window = make_window(lib)
    city = next(f for f in lib.feeds() if f.title == "City <Notes>")
    show(qtbot, window, f"feed:{city.id}")
    chosen = open_row(qtbot, window, 1)
    window.resize(700, 500)
    window.splitter.setSizes([200, 300, 500])
    sizes = window.splitter.sizes()
    window.close()
    assert (lib.data_dir / "window.ini").is_file()
    again = make_window(lib, wait_list=False)
    with qtbot.waitSignal(again.article_shown, timeout=5000) as blocker:
        pass
    assert blocker.args == [chosen]
    assert again.tree.current_key() == f"feed:{city.id}"
    assert again.list.currentIndex().row() == 1
    assert again.size().width() == 700 and again.splitter.sizes() == sizes


@pytest.mark.parametrize("unread_only", [False, True])
def test_unread_only_toggle_and_date_sort(qtbot, feeds_library, make_window, unread_only):
    lib = feeds_library
    lib.mark_read([article_id(lib, "Bridge")])
    window = make_window(lib)
    show(qtbot, window, "smart:all")
    newest = window.list_model.ids[0]
    if unread_only:
        with qtbot.waitSignal(window.list_loaded, timeout=5000):
            window.commands.unread_only.trigger()
        assert window.list_model.rowCount() == 5
    else:
        assert window.list_model.rowCount() == 6
    window._on_header_clicked(3)
    assert window.list_model.ids[-1] == newest
    assert Path(lib.data_dir).is_dir()


@pytest.mark.parametrize(("width", "height"), [(800, 600), (640, 480)])
def test_title_column_keeps_its_room_in_a_small_window(qtbot, feeds_library, make_window, width, height):
    """Issue 12, item 1: Title stretches and shrinks last; three usable panes down to 640x480."""
    from reader.ui.article_list import DATE_COL, FEED_COL

    window = make_window(feeds_library)
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.width() == width, timeout=5000)
    header = window.list.horizontalHeader()
    qtbot.waitUntil(lambda: header.sectionSize(TITLE_COL) >= 120, timeout=5000)
    # the panes are rebalanced after the resize event, on the event loop: wait for that too
    qtbot.waitUntil(lambda: window.splitter.sizes()[0] <= max(120, int(width * 0.2)) + 1, timeout=5000)
    tree, middle, pane = window.splitter.sizes()
    assert middle >= 220 and pane >= 250
    visible = [c for c in range(4) if not header.isSectionHidden(c)]
    others = sum(header.sectionSize(c) for c in visible if c != TITLE_COL)
    assert header.sectionSize(TITLE_COL) >= others  # the title, not Feed and Date, has the room
    assert header.isSectionHidden(FEED_COL) or header.sectionSize(TITLE_COL) >= 180
    assert not header.isSectionHidden(DATE_COL)
    # back to a large window: the Feed column returns
    window.resize(1400, 900)
    qtbot.waitUntil(lambda: not header.isSectionHidden(FEED_COL), timeout=5000)
    assert header.sectionSize(TITLE_COL) > header.sectionSize(FEED_COL)


def test_pane_never_shows_an_article_the_list_does_not_hold(qtbot, feeds_library, make_window):
    """Issue 12, item 2: another feed, or Esc out of search, never leaves a stale article in the pane."""
    lib = feeds_library
    window = make_window(lib)
    world, city = (next(f for f in lib.feeds() if f.title.startswith(t)) for t in ("Harbor", "City"))
    show(qtbot, window, f"feed:{world.id}")
    shown = open_row(qtbot, window, 0)
    show(qtbot, window, f"feed:{city.id}")
    assert window.article_controller.article is None and window.pane.article_id is None
    text = window.pane.toPlainText()
    assert "City <Notes>" in text and "No article selected" in text and lib.article(shown).title not in text
    assert not window.list.currentIndex().isValid()
    with qtbot.waitSignal(window.article_shown, timeout=5000) as first:
        window.commands.next.trigger()  # j starts at the top, not after a stale row
    assert first.args == [window.list_model.article_id(0)]
    # search, pick a hit of another feed, Esc: the list's article or the empty state, never the hit
    with qtbot.waitSignal(window.search_shown, timeout=5000):
        window.search_controller.search_for("bridge")
    assert "Esc returns" in window.status_label.text()
    with qtbot.waitSignal(window.article_shown, timeout=5000):
        window.results.setCurrentIndex(window.search_model.index(0, 0))
    hit = window.article_controller.article
    assert hit is not None and window.list_model.row_of(hit.id) is None
    window.commands.escape.trigger()
    assert window.article_controller.article is None and "No article selected" in window.pane.toPlainText()
    assert "Esc returns" not in window.status_label.text()
    assert window.count_label.text() == f"{window.list_model.rowCount()} articles"


def test_relaunch_with_nothing_selected_shows_the_empty_state(qtbot, feeds_library, make_window):
    window = make_window(feeds_library)
    assert window.article_controller.article is None
    text = window.pane.toPlainText()
    assert "Unread" in text and "6 articles, 6 unread" in text and "No article selected" in text


def test_empty_state_counts_the_unread_of_all_articles_and_no_unread_for_saved(qtbot, feeds_library, make_window):
    """All Articles shows no count in the tree, yet its pane names its unread articles (All Unread's);
    Saved counts saved articles, read or not, so its pane names no unread figure it does not have."""
    ids = [a.id for a in feeds_library.articles()]
    feeds_library.mark_read(ids[:2])
    feeds_library.mark_saved([ids[0]])  # saved and read
    window = make_window(feeds_library)
    show(qtbot, window, "smart:all")
    text = window.pane.toPlainText()
    assert f"{len(ids)} articles, {len(ids) - 2} unread" in text and "No article selected" in text
    show(qtbot, window, "smart:saved")
    text = window.pane.toPlainText()
    assert "Saved\n1 article\n" in text  # no ", 1 unread" after it


def test_empty_state_of_a_feed_shows_its_description(qtbot, feeds_library, make_window):
    """Issue 12, item 2: a feed with nothing selected shows its title, its description and its counts."""
    window = make_window(feeds_library)
    world = next(f for f in feeds_library.feeds() if f.title.startswith("Harbor"))
    assert world.description == "World news from a made-up newsroom, for tests."
    show(qtbot, window, f"feed:{world.id}")
    text = window.pane.toPlainText()
    assert "Harbor & Hill World Desk" in text and world.description in text and "No article selected" in text


def test_focus_alone_opens_and_marks_nothing(qtbot, feeds_library, make_window):
    """Issue 12, item 3: tabbing into the list (or focus coming back) neither opens nor marks read."""
    lib = feeds_library
    window = make_window(lib)
    seen: list[int] = []
    window.article_shown.connect(seen.append)
    window.tree.setFocus()
    window.list.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(window.list.hasFocus, timeout=2000)
    window.results.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
    window.list.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
    wait_idle(qtbot, window)
    assert seen == [] and not window.list.currentIndex().isValid()
    assert window.tree_model.count_of("smart:unread") == 6 and all(not a.read for a in lib.articles())
    # opening is visible: the row that is shown is the selected one
    shown = open_row(qtbot, window, 2)
    assert window.list.selectionModel().isRowSelected(2) and window.article_controller.article.id == shown


def test_unread_only_keeps_the_open_article_until_the_selection_moves(qtbot, feeds_library, make_window):
    """Issue 12, item 13: reading under Unread Only (or in Unread) does not pull the article from under the reader."""
    lib = feeds_library
    window = make_window(lib)
    show(qtbot, window, "smart:all")
    with qtbot.waitSignal(window.list_loaded, timeout=5000):
        window.commands.unread_only.trigger()
    first = open_row(qtbot, window, 0)
    qtbot.waitUntil(lambda: lib.article(first).read, timeout=5000)
    with qtbot.waitSignal(window.list_loaded, timeout=5000):
        window.load_list()  # a refresh, a count update: the list is read again
    assert window.list_model.row_of(first) == 0 and window.list.currentIndex().row() == 0
    assert window.article_controller.article.id == first
    second = open_row(qtbot, window, 1)
    with qtbot.waitSignal(window.list_loaded, timeout=5000):
        window.load_list()
    assert window.list_model.row_of(first) is None and window.list_model.row_of(second) is not None


def test_view_theme_switches_and_is_kept(qtbot, feeds_library, make_window):
    """Issue 12, item 13: View > Theme (System, Light, Dark), at once and remembered."""
    from PySide6.QtWidgets import QApplication, QMenu

    from reader.ui.style import is_dark

    lib = feeds_library
    window = make_window(lib)
    view = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&View")
    theme = next(a.menu() for a in view.actions() if a.menu() is not None and a.text() == "&Theme")
    assert [a.text() for a in theme.actions()] == ["&System", "&Light", "&Dark"]
    assert window.commands.theme_system.isChecked()
    app = QApplication.instance()
    try:
        window.commands.theme_dark.trigger()
        assert is_dark(app.palette()) and window.commands.theme_dark.isChecked()
        assert not window.commands.theme_system.isChecked()
        qtbot.waitUntil(lambda: lib.setting("theme") == "dark", timeout=5000)
        qtbot.waitUntil(lambda: window.pane.dark, timeout=5000)  # the article takes article-dark.css
        window.commands.theme_light.trigger()
        assert not is_dark(app.palette())
        qtbot.waitUntil(lambda: not window.pane.dark, timeout=5000)
        qtbot.waitUntil(lambda: lib.setting("theme") == "light", timeout=5000)
    finally:
        window.commands.theme_system.trigger()
        qtbot.waitUntil(lambda: lib.setting("theme") == "system", timeout=5000)


def test_toolbar_actions_have_icons_from_the_theme_or_bundled(qtbot, feeds_library, make_window):
    from reader.paths import resources_dir
    from reader.ui.actions import ICONS

    window = make_window(feeds_library, resources=resources_dir())
    for name in ICONS:
        icon = window.commands.by_name[name].icon()
        assert not icon.isNull() and not icon.pixmap(24, 24).isNull(), name
    for name in ICONS:
        assert (resources_dir() / "icons" / f"{ICONS[name]}.svg").is_file()


def test_tree_lists_folders_first_then_titles_case_insensitively(qtbot, library, make_window, tmp_path):
    from reader.ui.feed_tree import KEY_ROLE

    def feed(name: str, title: str) -> str:
        path = tmp_path / name
        path.write_text(
            f"<?xml version='1.0'?><rss version='2.0'><channel><title>{title}</title>"
            f"<item><title>x</title><guid>{name}</guid></item></channel></rss>",
            encoding="utf-8",
        )
        return str(path)

    for name, title in (("a.xml", "zebra Notes"), ("b.xml", "Apple Daily"), ("c.xml", "beta News")):
        library.add_feed(feed(name, title))
    library.create_folder("news")
    library.create_folder("Archive")
    window = make_window(library)
    model = window.tree_model
    root = model.invisibleRootItem()
    labels = [root.child(r).data(KEY_ROLE) for r in range(root.rowCount())]
    kinds = [str(k).split(":")[0] for k in labels if not str(k).startswith("smart:")]
    assert kinds == ["folder", "folder", "feed", "feed", "feed"]
    titles = [root.child(r).text() for r in range(root.rowCount()) if not str(root.child(r).data(KEY_ROLE)).startswith("smart:")]
    assert [t.split(" (")[0].split("  ")[0] for t in titles][:2] == ["Archive", "news"]
    feeds = [model.feed(int(str(k).split(":")[1])).title for k in labels if str(k).startswith("feed:")]
    assert feeds == ["Apple Daily", "beta News", "zebra Notes"]


def test_feeds_show_their_sites_icon(qtbot, feeds_library, make_window):
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QColor, QImage

    image = QImage(16, 16, QImage.Format.Format_ARGB32)
    image.fill(QColor("#c0392b"))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    feed = feeds_library.feeds()[0]
    feeds_library.store.set_feed_icon(feed.id, bytes(buffer.data()), "image/png")
    window = make_window(feeds_library)
    index = window.tree_model.index_of(f"feed:{feed.id}")
    qtbot.waitUntil(lambda: window.tree_model.data(index, Qt.ItemDataRole.DecorationRole).pixmap(16, 16).toImage().pixelColor(8, 8) == QColor("#c0392b"), timeout=5000)
