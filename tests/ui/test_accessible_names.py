"""Every widget a person can reach in the window and its dialogs says what it is to a screen reader.

Qt's accessibility layer (what the AT-SPI bridge forwards to Orca; see
test_atspi.py for the bus itself) is asked for each focusable, visible
widget's name: its own accessible name, its buddy label's text, or its
button text. The dialogs are those a person opens: Add Feed, Preferences,
a feed's Properties, Add Account and the bug report.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QComboBox, QDialog, QWidget

from reader.ui.bug_report import BugDialog
from tests.ui.conftest import show


def spoken_name(widget: QWidget) -> str:
    """What a screen reader says the widget is: its name, or for a combo box (whose name on Linux is its
    current value) the label it is *labelled by*, else the accessible name set on it."""
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None and interface.isValid()
    if isinstance(widget, QComboBox):
        labels = [other.text(QAccessible.Text.Name) for other, _ in interface.relations(QAccessible.RelationFlag.Label)]
        return " ".join(labels).strip() or widget.accessibleName().strip()
    return interface.text(QAccessible.Text.Name).strip()


def unnamed(top: QWidget) -> list[str]:
    """The focusable, visible widgets under ``top`` whose spoken name is empty."""
    found = []
    for widget in top.findChildren(QWidget):
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisibleTo(top) or widget.focusProxy() is not None:
            continue
        if not spoken_name(widget):  # nameless
            found.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return found


def test_the_probe_sees_a_nameless_field(qtbot) -> None:
    from PySide6.QtWidgets import QFormLayout, QLineEdit

    dialog = QDialog()
    qtbot.addWidget(dialog)
    form = QFormLayout(dialog)
    form.addRow("&Name:", QLineEdit())  # named by its buddy label
    bare = QLineEdit()
    form.addRow(bare)  # no label: nothing to say
    dialog.show()
    assert unnamed(dialog) == ["QLineEdit ''"]
    bare.setAccessibleName("Bare")
    assert unnamed(dialog) == []
    choice = QComboBox()
    choice.addItem("A value is not a name")
    form.addRow(choice)
    choice.show()
    assert unnamed(dialog) == ["QComboBox ''"]
    choice.setAccessibleName("Choice")
    assert unnamed(dialog) == []


def check(qtbot, dialog: QDialog) -> list[str]:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    try:
        return unnamed(dialog)
    finally:
        dialog.reject()


def test_the_window_and_every_dialog_name_what_the_keyboard_reaches(qtbot, feeds_library, make_window) -> None:
    window = make_window(feeds_library)
    show(qtbot, window, "smart:all")
    assert unnamed(window) == []
    feed_id = next(f.id for f in feeds_library.feeds() if f.title.startswith("Harbor"))
    props = window.tree_controller.properties_dialog(feed_id)
    assert props is not None
    add_feed = window.add_feed_dialog()
    add_feed.url.setText("https://example.org")
    bug = BugDialog(window)
    bug.add("Traceback (most recent call last):\n  ValueError: an example\n")
    missing = {
        "preferences": check(qtbot, window.preferences_dialog()),
        "add feed": check(qtbot, add_feed),
        "properties": check(qtbot, props),
        "add account": check(qtbot, window.account_controller.add_account_dialog()),
        "bug report": check(qtbot, bug),
    }
    assert missing == {name: [] for name in missing}


def test_the_rules_shortcuts_and_rescue_dialogs_name_what_the_keyboard_reaches(qtbot) -> None:
    """The dialogs the rules and reliability work added: every field and button says what it is."""
    from pathlib import Path

    from reader.ui.rescue_offer import RescueOffer
    from reader.ui.rules_dialog import RulesDialog
    from reader.ui.shortcuts import ShortcutsEditor, ShortcutsWindow, default_keys

    rules = RulesDialog()
    editor = ShortcutsEditor(default_keys())
    window = ShortcutsWindow(default_keys())
    rescue = RescueOffer("the library file is damaged (test)", lambda: None, lambda p: Path(p))  # type: ignore[arg-type, return-value]
    try:
        for widget in (rules, editor, window, rescue):
            qtbot.addWidget(widget)
            widget.show()
            qtbot.waitExposed(widget)
            assert unnamed(widget) == [], type(widget).__name__
    finally:
        rescue.reject()  # stops its worker lanes
