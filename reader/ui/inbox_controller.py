"""Rules and smart feeds from the window: the Rules dialog and its preview, muting, saving a search.

``InboxController`` answers ``RulesDialog`` through ``Workers`` (the rules
and the preview on the read lane, every change on the write lane), opens the
dialog on a new mute rule for an article ("Mute Articles Like This…",
``mute_query`` writes the rule), saves the search box's query as a smart feed,
and gives a smart feed's row in the tree its Edit and Remove.

Signals:
    status_reported(str): a line for the status bar.
    tree_edited(str): smart feeds changed; reload the tree and select that key ("" keeps the selection).
    articles_changed(): a rule was applied to stored articles; counts and the list may differ.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from reader.core.models import ArticleRow, Rule, RuleAction, SavedSearch
from reader.ui.i18n import arg, number, translate
from reader.ui.prompts import Prompts
from reader.ui.workers import JobKind, Workers

if TYPE_CHECKING:
    from reader.core.library import Library
    from reader.ui.rules_dialog import RuleDraft, RulesDialog

PREVIEW_LIMIT = 12
MUTE_WORDS = 3
# Words that say nothing about a story, left out of a mute rule's title words.
STOPWORDS = frozenset(
    "a an and are as at be by for from has have in is it its of on or that the this to was were will with "  # notr: English stop words
    "after over new says said how why what who into out up than more most about".split()
)


def mute_query(feed_title: str, title: str) -> str:
    """A query for articles like this one: its feed, and up to three telling words of its title."""
    words: list[str] = []
    for word in re.findall(r"\w+", title.casefold()):
        if len(word) > 2 and word not in STOPWORDS and not word.isdigit() and word not in words:
            words.append(word)
        if len(words) == MUTE_WORDS:
            break
    parts = []
    name = " ".join(feed_title.replace('"', " ").split())
    if name:
        parts.append(f'feed:"{name}"')  # notr: search-language words
    if words:
        parts.append(f"title:({' '.join(words)})" if len(words) > 1 else f"title:{words[0]}")  # notr: search-language words
    return " ".join(parts)


class InboxController(QObject):
    status_reported = Signal(str)
    tree_edited = Signal(str)
    articles_changed = Signal()

    def __init__(self, library: Library, workers: Workers, prompts: Prompts, parent: QWidget) -> None:
        super().__init__(parent)
        self.library = library
        self.workers = workers
        self.prompts = prompts
        self.widget = parent
        self.dialog: RulesDialog | None = None

    def _say(self, text: str) -> None:
        self.status_reported.emit(text)

    # --- the Rules dialog ------------------------------------------------------------------

    def rules_dialog(self) -> RulesDialog:
        """Open the Rules dialog (or bring the open one forward)."""
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return self.dialog
        from reader.ui.rules_dialog import RulesDialog  # loaded when first opened

        dialog = RulesDialog(self.widget)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.preview_requested.connect(self._preview)
        dialog.save_requested.connect(self._save)
        dialog.remove_requested.connect(self._remove)
        dialog.apply_requested.connect(self._apply)
        dialog.enabled_changed.connect(self._switch)
        dialog.destroyed.connect(self._closed)
        self.dialog = dialog
        self._load_rules()
        dialog.open()
        return dialog

    def _closed(self) -> None:
        self.dialog = None
        self.workers.forget(JobKind.PREVIEW)
        self.workers.forget(JobKind.RULES)

    def _load_rules(self, then_edit: int | None = None) -> None:
        def shown(rules: list[Rule]) -> None:
            if self.dialog is not None:
                self.dialog.set_rules(rules)
                if then_edit is not None:
                    self.dialog.edit(then_edit)

        self.workers.submit(JobKind.RULES, self.library.rules, shown, self._say)

    def _preview(self, query: str) -> None:
        lib = self.library

        def shown(answer: tuple[int, list[ArticleRow]]) -> None:
            if self.dialog is not None:
                self.dialog.set_preview(*answer)

        def refused(message: str) -> None:
            if self.dialog is not None:
                self.dialog.set_preview_error(message)

        self.workers.submit(JobKind.PREVIEW, lambda: lib.preview_query(query, limit=PREVIEW_LIMIT), shown, refused)

    def _edit(
        self, job: Callable[[], object], done_text: str | Callable[[object], str], *, changed_articles: bool = False, refused: str = ""
    ) -> None:
        """Run a change of rules on the write lane; reload the dialog's list when it is done."""
        def done(result: object) -> None:
            line = done_text(result) if callable(done_text) else done_text
            self._say(line)
            if self.dialog is not None:
                self.dialog.say(line)
            edited = result.id if isinstance(result, Rule) else None
            if edited is not None and self.dialog is not None:
                self.dialog.saved(edited)
            self._load_rules(edited)
            if changed_articles:
                self.articles_changed.emit()

        def failed(message: str) -> None:
            line = arg(refused, message) if refused else message
            self._say(line)
            if self.dialog is not None:
                self.dialog.say(line)

        self.workers.submit(JobKind.RULE_EDIT, job, done, failed)

    def _save(self, draft: RuleDraft) -> None:
        lib = self.library
        if draft.rule_id is None:
            self._edit(lambda: lib.add_rule(draft.query, draft.action, name=draft.name or None),
                       translate("InboxController", "Rule added: it acts on articles as they arrive."),
                       refused=translate("InboxController", "The rule was not added: %1"))
        else:
            rule_id = draft.rule_id
            self._edit(lambda: lib.update_rule(rule_id, name=draft.name or draft.query, query=draft.query, action=draft.action),
                       translate("InboxController", "Rule saved."), refused=translate("InboxController", "The rule was not saved: %1"))

    def _remove(self, rule_id: int) -> None:
        lib = self.library
        self._edit(lambda: lib.remove_rule(rule_id), translate("InboxController", "Rule removed; what it did stays done."))

    def _apply(self, rule_id: int) -> None:
        lib = self.library
        self._say(translate("InboxController", "Applying the rule to every stored article…"))

        def changed(result: object) -> str:
            n = result if isinstance(result, int) else 0
            return arg(translate("InboxController", "The rule changed %1 stored article(s).", None, n), number(n))

        self._edit(lambda: lib.apply_rule(rule_id), changed, changed_articles=True)

    def _switch(self, rule_id: int, on: bool) -> None:
        lib = self.library
        line = translate("InboxController", "Rule switched on.") if on else translate("InboxController", "Rule switched off.")
        self._edit(lambda: lib.update_rule(rule_id, enabled=on), line)

    def mute_like(self, article_id: int) -> None:
        """Open the Rules dialog on a new mute rule for articles like this one (its feed and title words)."""
        lib = self.library

        def opened(query: str) -> None:
            dialog = self.rules_dialog()
            dialog.edit_new(query, RuleAction.READ)

        def read() -> str:
            article = lib.article(article_id)
            return mute_query(article.feed_title, article.title)

        self.workers.submit(JobKind.FREE, read, opened, self._say)

    # --- smart feeds --------------------------------------------------------------------------

    def save_search(self, query: str) -> None:
        """Keep ``query`` as a smart feed, named by the user."""
        text = query.strip()
        if not text:
            self._say(translate("InboxController", "Search for something first, then save the search."))
            return
        name = self.prompts.text(
            self.widget, translate("InboxController", "Save This Search"), translate("InboxController", "Name of the smart feed:"), text
        )
        if name is None:
            return
        lib = self.library

        def done(found: SavedSearch) -> None:
            self._say(arg(translate("InboxController", "Smart feed “%1” added: %2 unread."), found.name, number(found.unread)))
            self.tree_edited.emit(f"search:{found.id}")

        self.workers.submit(JobKind.RULE_EDIT, lambda: lib.add_smart_feed(name.strip() or text, text), done, self._say)

    def search_actions(self, search_id: int, current: SavedSearch | None) -> list[QAction]:
        """The tree's context menu entries of a smart feed."""
        edit = QAction(translate("InboxController", "Edit Smart Feed…"), self.widget)
        edit.triggered.connect(lambda _checked=False: self.edit_search(search_id, current))
        remove = QAction(translate("InboxController", "Remove Smart Feed…"), self.widget)
        remove.triggered.connect(lambda _checked=False: self.remove_search(search_id, current))
        return [edit, remove]

    def edit_search(self, search_id: int, current: SavedSearch | None) -> None:
        title = translate("InboxController", "Edit Smart Feed")
        name = self.prompts.text(self.widget, title, translate("InboxController", "Name:"), current.name if current else "")
        if name is None:
            return
        query = self.prompts.text(self.widget, title, translate("InboxController", "Search:"), current.query if current else "")
        if query is None:
            return
        lib = self.library

        def done(found: SavedSearch) -> None:
            self._say(arg(translate("InboxController", "Smart feed “%1” saved: %2 unread."), found.name, number(found.unread)))
            self.tree_edited.emit(f"search:{found.id}")

        self.workers.submit(
            JobKind.RULE_EDIT, lambda: lib.update_smart_feed(search_id, name=name, query=query), done, self._say
        )

    def remove_search(self, search_id: int, current: SavedSearch | None) -> None:
        title = current.name if current else translate("InboxController", "this smart feed")
        question = arg(translate("InboxController", "Remove “%1”? Its articles stay where they are."), title)
        if not self.prompts.confirm(self.widget, translate("InboxController", "Remove Smart Feed"), question):
            return
        lib = self.library

        def done(_result: object) -> None:
            self._say(arg(translate("InboxController", "Smart feed “%1” removed."), title))
            self.tree_edited.emit("smart:unread")

        self.workers.submit(JobKind.RULE_EDIT, lambda: lib.remove_smart_feed(search_id), done, self._say)


__all__ = ["InboxController", "mute_query"]
