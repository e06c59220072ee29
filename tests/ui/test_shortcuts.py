"""Keys of your own: the editor in Preferences, a changed key working at once and after a restart,
conflicts refused, defaults restored, and the Keyboard Shortcuts window on ``?``."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from reader.ui.actions import ACTIONS
from reader.ui.shortcuts import JOIN, conflicts, default_keys, effective_keys, overrides_of, parse_keys
from tests.ui.conftest import grab, open_row, show, wait_idle


def test_defaults_share_no_key_and_overrides_round_trip() -> None:
    assert conflicts(default_keys()) == {}
    keys = effective_keys({"next_unread": "X", "refresh": "", "open": f"O{JOIN}Ctrl+Return"})
    assert keys["next_unread"] == ("X",) and keys["refresh"] == () and keys["open"] == ("O", "Ctrl+Return")
    assert keys["next"] == ("J",)
    assert overrides_of(keys) == (("next_unread", "X"), ("open", f"O{JOIN}Ctrl+Return"), ("refresh", ""))
    assert conflicts({**keys, "read": ("J",)}) == {"J": ["next", "read"]}
    assert parse_keys(f"Ctrl+,{JOIN};{JOIN}") == ("Ctrl+,", ";")  # comma and semicolon are keys, not separators
    assert effective_keys({"no_such_command": "Y"}) == default_keys()


def prefs_with_key(qtbot, window, name: str, key: Qt.Key):
    dialog = window.preferences_dialog()
    editor = dialog.shortcuts
    dialog.tabs.setCurrentWidget(editor)
    editor.select(name)
    editor.record.setFocus()
    qtbot.keyClick(editor.record, key)
    qtbot.waitUntil(lambda: editor.keys()[name] == (QKeySequence(key).toString(),), timeout=3000)
    return dialog


def test_a_changed_key_works_at_once_and_after_a_restart(qtbot, feeds_library, make_window, tmp_path):
    lib = feeds_library
    window = make_window(lib)
    dialog = prefs_with_key(qtbot, window, "next_unread", Qt.Key.Key_X)
    assert dialog.shortcuts.conflicts_text() == ""
    grab(dialog, "preferences-shortcuts.png", tmp_path)
    dialog.accept()
    assert window.commands.next_unread.shortcuts() == [QKeySequence("X")]  # at once
    assert "(X)" in window.commands.next_unread.toolTip()
    qtbot.waitUntil(lambda: ("next_unread", "X") in lib.settings().shortcuts, timeout=5000)
    # X now finds the next unread article; N does nothing any more
    show(qtbot, window, "smart:all")
    open_row(qtbot, window, 0)
    wait_idle(qtbot, window)
    window.list.setFocus()
    rows = range(1, window.list_model.rowCount())
    target = next(i for i in (window.list_model.article_id(r) for r in rows) if i is not None and not lib.article(i).read)
    window.activateWindow()  # the Preferences dialog was the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    with qtbot.waitSignal(window.article_shown, timeout=5000, check_params_cb=lambda i: i == target):
        qtbot.keyClick(window.list, Qt.Key.Key_X)
    assert not any(QKeySequence("N") in a.shortcuts() for a in window.commands.by_name.values())
    window.close()
    # a restart: a new window on the same library reads the key from the settings
    again = make_window(lib)
    qtbot.waitUntil(lambda: again.commands.next_unread.shortcuts() == [QKeySequence("X")], timeout=5000)
    # ? shows the keys in use now
    again.list.setFocus()
    qtbot.keyClick(again.list, Qt.Key.Key_Question)
    view = again.shortcuts_view
    assert view is not None and view.isVisible()
    shown = view.keys_shown()
    assert shown["next_unread"] == "X" and shown["next"] == "J" and shown["mute"] == "—"
    assert shown["open"] == QKeySequence("O").toString(QKeySequence.SequenceFormat.NativeText) + ", Return, Enter"
    grab(view, "keyboard-shortcuts.png", tmp_path)


def test_conflicts_are_refused_and_defaults_restored(qtbot, feeds_library, make_window):
    lib = feeds_library
    window = make_window(lib)
    dialog = prefs_with_key(qtbot, window, "read", Qt.Key.Key_J)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert "J is the key of Next Article and Toggle Read" in dialog.shortcuts.conflicts_text()
    assert dialog.shortcuts.conflict_label.text() == dialog.shortcuts.conflicts_text()
    assert not ok.isEnabled()
    dialog.accept()  # refused: nothing is stored, the dialog stays
    assert dialog.isVisible() and lib.settings().shortcuts == ()
    dialog.shortcuts.clear_button.click()  # clear Toggle Read's key instead
    assert dialog.shortcuts.keys()["read"] == () and ok.isEnabled()
    dialog.accept()
    qtbot.waitUntil(lambda: lib.settings().shortcuts == (("read", ""),), timeout=5000)
    assert window.commands.read.shortcuts() == []
    dialog = window.preferences_dialog()
    assert dialog.shortcuts.keys()["read"] == ()
    dialog.shortcuts.all_defaults_button.click()
    assert dialog.shortcuts.keys() == default_keys()
    dialog.accept()
    qtbot.waitUntil(lambda: lib.settings().shortcuts == (), timeout=5000)
    assert window.commands.read.shortcuts() == [QKeySequence("M")]
    for spec in ACTIONS:
        assert window.commands.keys_of(spec.name) == default_keys()[spec.name], spec.name
