"""The command table: every shortcut shows in its menu entry and tooltip."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu

from reader.ui.actions import ACTIONS, MENUS


def test_every_shortcut_shows_in_its_menu_entry_and_tooltip(qtbot, feeds_library, make_window):
    window = make_window(feeds_library)
    in_menus = {
        inner for _title, names in MENUS for name in names if name
        for inner in (name[1] if isinstance(name, tuple) else (name,))
    }
    for spec in ACTIONS:
        action = getattr(window.commands, spec.name)
        assert spec.name in in_menus, f"{spec.name} is in no menu"
        if spec.keys:
            assert action.shortcut() == QKeySequence(spec.keys[0])  # what the menu entry prints
            assert action.isShortcutVisibleInContextMenu()
            for key in spec.keys:
                assert QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText) in action.toolTip(), spec.name
    bar = window.menuBar()
    shown = {a for menu in bar.findChildren(type(bar.actions()[0].menu())) for a in menu.actions()}
    assert window.commands.next_unread in shown and window.commands.quit in shown
    for key in ("J", "K", "N", "Space", "S", "M", "O", "Return", "R", "/", "Esc", "Ctrl+Q", "Ctrl+=", "Ctrl+-"):
        assert any(QKeySequence(key) in a.shortcuts() for a in window.commands.by_name.values()), key


def test_feed_actions_are_in_the_feeds_menu_and_follow_the_selection(qtbot, feeds_library, make_window):
    """Issue 12, item 14: Rename, Move, Check Every, Remote Images and Unsubscribe in the Feeds menu."""
    from tests.ui.conftest import show

    lib = feeds_library
    window = make_window(lib)
    feeds_menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&Feeds")
    texts = [a.text() for a in feeds_menu.actions()]
    for text in ("Re&name…", "&Move to Folder…", "Check &Every…", "Remote &Images", "&Unsubscribe…"):
        assert text in texts, text
    assert not window.commands.unsubscribe.isEnabled()  # Unread is selected: no feed
    feed = lib.feeds()[0]
    show(qtbot, window, f"feed:{feed.id}")
    feeds_menu.aboutToShow.emit()
    assert window.commands.unsubscribe.isEnabled() and window.commands.images_default.isChecked()
    with qtbot.waitSignal(window.tree_loaded, timeout=5000):
        window.commands.images_never.trigger()
    assert lib.feed(feed.id).allow_images is False
    feeds_menu.aboutToShow.emit()
    assert window.commands.images_never.isChecked() and not window.commands.images_default.isChecked()
    window.fake_prompts.answers.append("Renamed from the menu")
    with qtbot.waitSignal(window.tree_loaded, timeout=5000):
        window.commands.rename_selected.trigger()
    assert lib.feed(feed.id).title == "Renamed from the menu"
    window.fake_prompts.answers.append("45")
    with qtbot.waitSignal(window.tree_loaded, timeout=5000):
        window.commands.interval_selected.trigger()
    assert lib.feed(feed.id).refresh_minutes == 45
    window.fake_prompts.answers.append(True)
    with qtbot.waitSignal(window.tree_loaded, timeout=5000):
        window.commands.unsubscribe.trigger()
    assert feed.id not in {f.id for f in lib.feeds()}
