"""The command table: every shortcut shows in its menu entry and tooltip."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

from reader.ui.actions import ACTIONS, MENUS


def test_every_shortcut_shows_in_its_menu_entry_and_tooltip(qtbot, feeds_library, make_window):
    window = make_window(feeds_library)
    in_menus = {name for _title, names in MENUS for name in names if name}
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
