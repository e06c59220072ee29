"""Keys of your own: every action's keys, the editor in Preferences, and the Keyboard Shortcuts window (``?``).

Defaults live in ``actions.ACTIONS``; the user's changes are kept in
``Settings.shortcuts`` as (action name, keys) pairs, the keys in Qt's portable
notation joined by a tab (no key is spelled with a tab, while ``,`` and ``;``
are keys of their own). An empty text clears an action's keys. The editor
refuses to hand back keys that two actions share (``conflicts``).
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.ui.actions import ACTIONS, MENUS, ActionSpec
from reader.ui.i18n import arg, translate

JOIN = "\t"
CONFLICT_COLOR = QColor("#c0392b")


def portable(key: str) -> str:
    """One key in Qt's portable notation ("Ctrl+Shift+S"), or "" when Qt cannot read it."""
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.PortableText)


def native(keys: tuple[str, ...]) -> str:
    """Keys as this platform writes them, comma-separated."""
    return ", ".join(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in keys)


def default_keys() -> dict[str, tuple[str, ...]]:
    return {spec.name: tuple(portable(k) for k in spec.keys) for spec in ACTIONS}


def parse_keys(text: str) -> tuple[str, ...]:
    """Stored keys (tab-joined) as a tuple; unreadable keys are dropped."""
    return tuple(key for key in (portable(part) for part in text.split(JOIN)) if key)


def effective_keys(overrides: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    """Every action's keys: the user's where they set some (or cleared them), else the defaults."""
    keys = default_keys()
    for name, text in overrides.items():
        if name in keys:
            keys[name] = parse_keys(text)
    return keys


def overrides_of(keys: Mapping[str, tuple[str, ...]]) -> tuple[tuple[str, str], ...]:
    """What differs from the defaults, as ``Settings.shortcuts`` keeps it."""
    defaults = default_keys()
    return tuple(sorted(
        (name, JOIN.join(value)) for name, value in keys.items() if name in defaults and tuple(value) != defaults[name]
    ))


def conflicts(keys: Mapping[str, tuple[str, ...]]) -> dict[str, list[str]]:
    """Keys given to more than one action: key -> the actions' names (in table order)."""
    users: dict[str, list[str]] = {}
    for spec in ACTIONS:
        for key in keys.get(spec.name, ()):
            users.setdefault(key, []).append(spec.name)
    return {key: names for key, names in users.items() if len(names) > 1}


def label_of(spec: ActionSpec) -> str:
    """An action's name in the tables; a submenu's entries say which submenu ("Theme: Dark")."""
    text = translate("Actions", spec.text).replace("&", "").rstrip("…")
    submenu = SUBMENU_OF.get(spec.name)
    return arg(translate("Shortcuts", "%1: %2"), translate("Actions", submenu).replace("&", ""), text) if submenu else text


#: Actions shown in a submenu, by name: the submenu's title.
SUBMENU_OF = {
    name: entry[0]
    for _title, entries in MENUS for entry in entries if isinstance(entry, tuple) for name in entry[1]
}


SPECS = {spec.name: spec for spec in ACTIONS}


class ShortcutsEditor(QWidget):
    """Every action with its keys: pick a row, press the new key; clear it; restore the defaults.

    Signals:
        changed(): the keys changed (``conflicts_text`` says whether they can be kept).
    """

    changed = Signal()

    def __init__(self, keys: Mapping[str, tuple[str, ...]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._keys = {name: tuple(keys.get(name, value)) for name, value in default_keys().items()}
        self.table = QTableWidget(len(ACTIONS), 2)
        self.table.setHorizontalHeaderLabels([translate("Shortcuts", "Command"), translate("Shortcuts", "Keys")])
        self.table.setAccessibleName(translate("Shortcuts", "Commands and their keys"))
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self._key_items: list[QTableWidgetItem] = []
        for index, spec in enumerate(ACTIONS):
            name = QTableWidgetItem(label_of(spec))
            name.setData(Qt.ItemDataRole.UserRole, spec.name)
            name.setToolTip(translate("Actions", spec.tip) if spec.tip else label_of(spec))
            self.table.setItem(index, 0, name)
            self._key_items.append(QTableWidgetItem(""))
            self.table.setItem(index, 1, self._key_items[-1])
        self.record = QKeySequenceEdit()
        self.record.setMaximumSequenceLength(1)
        self.record.setToolTip(translate("Shortcuts", "Press the new key for the selected command"))
        self.record.setAccessibleName(translate("Shortcuts", "New key"))
        self.record.setAccessibleDescription(self.record.toolTip())
        typed = self.record.findChild(QLineEdit)  # where the focus goes: the screen reader names this one
        if typed is not None:
            typed.setAccessibleName(self.record.accessibleName())
            typed.setAccessibleDescription(self.record.toolTip())
        self.record.editingFinished.connect(self._recorded)
        self.clear_button = QPushButton(translate("Shortcuts", "C&lear"))
        self.clear_button.clicked.connect(lambda: self.set_keys(self.current_name(), ()))
        self.default_button = QPushButton(translate("Shortcuts", "&Default"))
        self.default_button.clicked.connect(lambda: self.set_keys(self.current_name(), default_keys()[self.current_name()]))
        self.all_defaults_button = QPushButton(translate("Shortcuts", "Restore &All Defaults"))
        self.all_defaults_button.clicked.connect(self.restore_defaults)
        self.conflict_label = QLabel("")
        self.conflict_label.setTextFormat(Qt.TextFormat.PlainText)
        self.conflict_label.setWordWrap(True)
        self.conflict_label.setStyleSheet(f"color: {CONFLICT_COLOR.name()};")
        controls = QHBoxLayout()
        controls.addWidget(QLabel(translate("Shortcuts", "New key:")))
        controls.addWidget(self.record, 1)
        controls.addWidget(self.clear_button)
        controls.addWidget(self.default_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(controls)
        layout.addWidget(self.conflict_label)
        layout.addWidget(self.all_defaults_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.table.setCurrentCell(0, 0)
        self._show()

    # --- the keys ------------------------------------------------------------------------

    def keys(self) -> dict[str, tuple[str, ...]]:
        return dict(self._keys)

    def overrides(self) -> tuple[tuple[str, str], ...]:
        return overrides_of(self._keys)

    def current_name(self) -> str:
        return ACTIONS[max(0, self.table.currentRow())].name

    def select(self, name: str) -> None:
        row = next(i for i, spec in enumerate(ACTIONS) if spec.name == name)
        self.table.setCurrentCell(row, 0)

    def set_keys(self, name: str, keys: tuple[str, ...]) -> None:
        self._keys[name] = tuple(portable(k) for k in keys if portable(k))
        self._show()
        self.changed.emit()

    def restore_defaults(self) -> None:
        self._keys = default_keys()
        self._show()
        self.changed.emit()

    def conflicts_text(self) -> str:
        """One line per key two commands share ("" when there is none)."""
        lines = []
        for key, names in conflicts(self._keys).items():
            shown = translate("Shortcuts", " and ").join(label_of(SPECS[n]) for n in names)
            lines.append(arg(translate("Shortcuts", "%1 is the key of %2: change one of them."), native((key,)), shown))
        return "\n".join(lines)

    def _recorded(self) -> None:
        sequence = self.record.keySequence()
        if not sequence.isEmpty():
            self.set_keys(self.current_name(), (sequence.toString(QKeySequence.SequenceFormat.PortableText),))
        self.record.clear()

    def _show(self) -> None:
        clashing = {name for names in conflicts(self._keys).values() for name in names}
        defaults = default_keys()
        for item, spec in zip(self._key_items, ACTIONS, strict=True):
            keys = self._keys[spec.name]
            item.setText(native(keys))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, native(keys) or translate("Shortcuts", "no key"))
            font = item.font()
            font.setItalic(keys != defaults[spec.name])  # the user's own key
            item.setFont(font)
            item.setForeground(QBrush(CONFLICT_COLOR) if spec.name in clashing else QBrush())
        self.conflict_label.setText(self.conflicts_text())


def menu_entries() -> list[tuple[str, str]]:
    """Every command of the menus as (menu title, action name); a submenu's under its menu."""
    found: list[tuple[str, str]] = []
    for title, entries in MENUS:
        menu = translate("Actions", title).replace("&", "")
        for entry in entries:
            if isinstance(entry, tuple):
                found += [(menu, name) for name in entry[1]]
            elif entry is not None:
                found.append((menu, entry))
    return found


class ShortcutsWindow(QDialog):
    """The Keyboard Shortcuts window (``?``): every command by menu, with the keys it answers to now."""

    def __init__(self, keys: Mapping[str, tuple[str, ...]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("Shortcuts", "Keyboard Shortcuts"))
        self._rows = [(menu, SPECS[name]) for menu, name in menu_entries()]
        self._shown: dict[str, str] = {}
        self.table = QTableWidget(len(self._rows), 3)
        self.table.setHorizontalHeaderLabels(
            [translate("Shortcuts", "Menu"), translate("Shortcuts", "Command"), translate("Shortcuts", "Keys")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.set_keys(keys)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        hint = QLabel(translate("Shortcuts", "Change them in Preferences ▸ Shortcuts."))
        hint.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.resize(560, 640)

    def set_keys(self, keys: Mapping[str, tuple[str, ...]]) -> None:
        """Show these keys (the window stays open while Preferences change them)."""
        self._shown = {}
        for row, (menu, spec) in enumerate(self._rows):
            text = native(tuple(keys.get(spec.name, ()))) or "—"
            self._shown[spec.name] = text
            self.table.setItem(row, 0, QTableWidgetItem(menu))
            self.table.setItem(row, 1, QTableWidgetItem(label_of(spec)))
            shown = QTableWidgetItem(text)
            if text == "—":
                shown.setData(Qt.ItemDataRole.AccessibleTextRole, translate("Shortcuts", "no key"))
            self.table.setItem(row, 2, shown)

    def keys_shown(self) -> dict[str, str]:
        """Command name -> its keys as shown."""
        return dict(self._shown)


__all__ = [
    "JOIN",
    "ShortcutsEditor",
    "ShortcutsWindow",
    "conflicts",
    "default_keys",
    "effective_keys",
    "native",
    "overrides_of",
    "parse_keys",
    "portable",
]
