"""The Rules dialog: every rule with its switch and matched count, and one rule's editor with a live preview.

The dialog never reads the library: it asks by signals and is answered by
``InboxController`` (``set_rules``, ``set_preview``, ``set_preview_error``,
``say``). Typing a query asks for a preview after a short pause; the answer
shows how many listed articles the query matches now and the newest of them.

Signals:
    preview_requested(str): preview this query.
    save_requested(object): add or change a rule (a ``RuleDraft``; ``rule_id`` None adds).
    remove_requested(int): remove the rule with that id.
    apply_requested(int): apply that rule to every stored article now.
    enabled_changed(int, bool): switch a rule on or off.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.core.models import ArticleRow, Rule, RuleAction
from reader.ui.i18n import QT_TRANSLATE_NOOP, arg, number, translate

ACTION_LABELS: dict[RuleAction, str] = {
    RuleAction.READ: QT_TRANSLATE_NOOP("RulesDialog", "Mark read (mute)"),
    RuleAction.SAVE: QT_TRANSLATE_NOOP("RulesDialog", "Save"),
    RuleAction.HIDE: QT_TRANSLATE_NOOP("RulesDialog", "Hide (searchable, listed nowhere)"),
    RuleAction.NOTIFY: QT_TRANSLATE_NOOP("RulesDialog", "Notify"),
}
PREVIEW_PAUSE_MS = 250
PREVIEW_ROWS = 12


@dataclass(frozen=True)
class RuleDraft:
    """A rule as the editor holds it: ``rule_id`` None for a new one."""

    rule_id: int | None
    name: str
    query: str
    action: RuleAction


class RulesDialog(QDialog):
    preview_requested = Signal(str)
    save_requested = Signal(object)
    remove_requested = Signal(int)
    apply_requested = Signal(int)
    enabled_changed = Signal(int, bool)

    COLUMNS = (
        QT_TRANSLATE_NOOP("RulesDialog", "On"),
        QT_TRANSLATE_NOOP("RulesDialog", "Name"),
        QT_TRANSLATE_NOOP("RulesDialog", "Action"),
        QT_TRANSLATE_NOOP("RulesDialog", "Matched"),
        QT_TRANSLATE_NOOP("RulesDialog", "Query"),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("RulesDialog", "Rules"))
        self._rules: list[Rule] = []
        self._editing: int | None = None
        self._filling = False
        self._preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_PAUSE_MS)
        self._preview_timer.timeout.connect(self._ask_preview)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels([translate("RulesDialog", c) for c in self.COLUMNS])
        self.table.setAccessibleName(translate("RulesDialog", "Rules"))
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        for column in range(len(self.COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._on_item_changed)
        self.table.currentCellChanged.connect(lambda row, _c, _pr, _pc: self._edit_row(row))
        self.new_button = QPushButton(translate("RulesDialog", "New Rule"))
        self.new_button.clicked.connect(lambda: self.edit_new())
        self.remove_button = QPushButton(translate("RulesDialog", "Remove"))
        self.remove_button.clicked.connect(self._remove)
        self.apply_button = QPushButton(translate("RulesDialog", "Apply to Stored Articles"))
        self.apply_button.setToolTip(
            translate("RulesDialog", "Rules act on articles as they arrive; this applies one to every article already here")
        )
        self.apply_button.clicked.connect(self._apply)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(self.remove_button)
        row.addWidget(self.apply_button)
        row.addStretch(1)

        self.name = QLineEdit()
        self.name.setPlaceholderText(translate("RulesDialog", "(the query)"))
        self.query = QLineEdit()
        self.query.setPlaceholderText(translate("RulesDialog", 'e.g. title:sponsored, folder:Sports, feed:"Daily Post" election'))
        self.query.textChanged.connect(self._query_changed)
        self.action = QComboBox()
        for action, label in ACTION_LABELS.items():
            self.action.addItem(translate("RulesDialog", label), action)
        self.preview_label = QLabel("")
        self.preview_label.setTextFormat(Qt.TextFormat.PlainText)
        self.preview_label.setWordWrap(True)
        self.preview = QListWidget()
        self.preview.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.preview.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.save_button = QPushButton(translate("RulesDialog", "Add Rule"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self._save)
        form = QFormLayout()
        form.addRow(translate("RulesDialog", "&Name:"), self.name)
        form.addRow(translate("RulesDialog", "&Query:"), self.query)
        form.addRow(translate("RulesDialog", "&Action:"), self.action)
        form.addRow(translate("RulesDialog", "Matches now:"), self.preview_label)
        self.name.setAccessibleName(translate("RulesDialog", "Name"))
        self.query.setAccessibleName(translate("RulesDialog", "Query"))
        self.action.setAccessibleName(translate("RulesDialog", "Action"))
        self.editor = QGroupBox(translate("RulesDialog", "New rule"))
        editor = QVBoxLayout(self.editor)
        editor.addLayout(form)
        editor.addWidget(self.preview, 1)
        editor.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)

        self.status = QLabel("")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.editor, 2)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(720, 640)
        self._update_buttons()

    # --- answers from the controller --------------------------------------------------------

    def set_rules(self, rules: Sequence[Rule]) -> None:
        """Show the rules (keeping the one being edited selected)."""
        self._rules = list(rules)
        self._filling = True
        try:
            self.table.setRowCount(len(self._rules))
            for row, rule in enumerate(self._rules):
                on = QTableWidgetItem("")
                on.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                on.setCheckState(Qt.CheckState.Checked if rule.enabled else Qt.CheckState.Unchecked)
                on.setToolTip(
                    translate("RulesDialog", "The rule runs on new articles")
                    if rule.enabled
                    else translate("RulesDialog", "The rule is switched off")
                )
                on.setData(Qt.ItemDataRole.AccessibleTextRole, translate("RulesDialog", "On"))
                self.table.setItem(row, 0, on)
                cells = (rule.name, translate("RulesDialog", ACTION_LABELS[rule.action]), number(rule.matched), rule.query)
                for column, text in enumerate(cells, 1):
                    item = QTableWidgetItem(text)
                    if column == 3:
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    self.table.setItem(row, column, item)
            current = self.row_of(self._editing) if self._editing is not None else None
            self.table.setCurrentCell(current if current is not None else -1, 1)
        finally:
            self._filling = False
        self._update_buttons()

    def set_preview(self, count: int, rows: Sequence[ArticleRow]) -> None:
        self.preview_label.setText(
            arg(translate("RulesDialog", "%1 article(s) in the lists now", None, count), number(count))
            if count
            else translate("RulesDialog", "no article now")
        )
        self.preview.clear()
        for r in rows[:PREVIEW_ROWS]:
            self.preview.addItem(f"{r.title} — {r.feed_title}")

    def set_preview_error(self, message: str) -> None:
        self.preview_label.setText(message)
        self.preview.clear()

    def say(self, message: str) -> None:
        self.status.setText(message)

    # --- editing --------------------------------------------------------------------------

    def row_of(self, rule_id: int | None) -> int | None:
        return next((i for i, r in enumerate(self._rules) if r.id == rule_id), None)

    def edit_new(self, query: str = "", action: RuleAction = RuleAction.READ, name: str = "") -> None:
        """Start a new rule in the editor (prefilled by "Mute articles like this…")."""
        self._editing = None
        self.table.setCurrentCell(-1, 0)
        self._fill(name, query, action)
        self.editor.setTitle(translate("RulesDialog", "New rule"))
        self.save_button.setText(translate("RulesDialog", "Add Rule"))
        self.query.setFocus()

    def edit(self, rule_id: int) -> None:
        row = self.row_of(rule_id)
        if row is not None:
            self.table.setCurrentCell(row, 1)

    def _edit_row(self, row: int) -> None:
        if self._filling or not 0 <= row < len(self._rules):
            self._update_buttons()
            return
        rule = self._rules[row]
        self._editing = rule.id
        self._fill(rule.name, rule.query, rule.action)
        self.editor.setTitle(arg(translate("RulesDialog", "Rule: %1"), rule.name))
        self.save_button.setText(translate("RulesDialog", "Save Changes"))
        self._update_buttons()

    def _fill(self, name: str, query: str, action: RuleAction) -> None:
        self.name.setText(name)
        self.query.setText(query)
        self.action.setCurrentIndex(list(ACTION_LABELS).index(action))
        self._preview_timer.stop()
        self._ask_preview()

    def draft(self) -> RuleDraft:
        action = self.action.currentData()
        return RuleDraft(self._editing, self.name.text().strip(), self.query.text().strip(), RuleAction(action))

    def _query_changed(self, _text: str) -> None:
        self.preview_label.setText("…")  # what was shown belongs to the query before
        self._preview_timer.start()

    def _ask_preview(self) -> None:
        text = self.query.text().strip()
        if text:
            self.preview_label.setText("…")
            self.preview_requested.emit(text)
        else:
            hint = translate("RulesDialog", "type a query (the search language: words, title:, feed:, folder:, is:, after:)")
            self.set_preview_error(hint)

    def _save(self) -> None:
        draft = self.draft()
        if draft.query:
            self.save_requested.emit(draft)

    def saved(self, rule_id: int) -> None:
        """The controller stored the rule being edited: keep editing it."""
        self._editing = rule_id
        self.editor.setTitle(arg(translate("RulesDialog", "Rule: %1"), self.name.text().strip() or self.query.text().strip()))
        self.save_button.setText(translate("RulesDialog", "Save Changes"))

    def _current_rule(self) -> Rule | None:
        row = self.table.currentRow()
        return self._rules[row] if 0 <= row < len(self._rules) else None

    def _remove(self) -> None:
        rule = self._current_rule()
        if rule is not None:
            self.remove_requested.emit(rule.id)
            self.edit_new()

    def _apply(self) -> None:
        rule = self._current_rule()
        if rule is not None:
            self.apply_requested.emit(rule.id)

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 0 or not 0 <= item.row() < len(self._rules):
            return
        rule = self._rules[item.row()]
        on = item.checkState() == Qt.CheckState.Checked
        if on != rule.enabled:
            self.enabled_changed.emit(rule.id, on)

    def _update_buttons(self) -> None:
        chosen = self._current_rule() is not None
        self.remove_button.setEnabled(chosen)
        self.apply_button.setEnabled(chosen)


__all__ = ["ACTION_LABELS", "RuleDraft", "RulesDialog"]
