"""Search: the query field, the search job in a worker, the results in place of the list, and leaving them.

``SearchController`` runs ``Library.search`` on the ``READ`` lane
(``JobKind.SEARCH``, latest only: a newer query drops an older answer), shows
the hits in the results view in place of the article list, and goes back to
the list on Esc or when the tree's selection changes. Typing searches after a
short pause; Enter searches at once. While a search of Saved is shown, only
saved articles are searched (``saved_only`` says which scope applies).

Signals:
    search_shown(int): the results replaced the list (how many hits).
    status_reported(str): a line for the status bar (the match count, or why the query failed).
    article_selected(int): the current result changed to that article.
    left(): the results gave way to the list again (Esc, an empty query, another tree row).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QListView, QStackedWidget, QWidget

from reader.core.models import SearchHit
from reader.ui.i18n import arg, translate
from reader.ui.search_results import SearchResultsModel
from reader.ui.workers import JobKind, Workers

if TYPE_CHECKING:
    from reader.core.library import Library

LIMIT = 200  # hits shown for one query
TYPING_PAUSE_MS = 250  # a search starts this long after the last key


def quoted(text: str) -> str:
    """The query in quotes, once: a query that is itself one quoted phrase keeps its own."""
    t = text.strip()
    if len(t) >= 2 and t[0] in "\"“" and t[-1] in "\"”" and t.count('"') <= 2:
        return "“" + t[1:-1] + "”"
    return f"“{t}”"


class SearchController(QObject):
    search_shown = Signal(int)
    status_reported = Signal(str)
    article_selected = Signal(int)
    left = Signal()

    def __init__(
        self,
        library: Library,
        workers: Workers,
        field: QLineEdit,
        view: QListView,
        model: SearchResultsModel,
        stack: QStackedWidget,
        list_view: QWidget,
        *,
        saved_only: Callable[[], bool] = lambda: False,
    ) -> None:
        super().__init__(stack)
        self.library = library
        self.workers = workers
        self.field = field
        self.view = view
        self.model = model
        self.stack = stack
        self.list_view = list_view
        self.saved_only = saved_only
        self._timer = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.run)
        field.textEdited.connect(lambda _text: self._timer.start())
        field.returnPressed.connect(self.run)
        view.selectionModel().currentChanged.connect(self._on_current)

    def showing(self) -> bool:
        """Whether the results are shown in place of the list."""
        return self.stack.currentWidget() is self.view

    def focus(self) -> None:
        """/ : type a query."""
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def search_for(self, text: str) -> None:
        """Search for ``text`` now (a related headline nothing in the library matched)."""
        self.field.setText(text)
        self.run()

    def run(self) -> None:
        """Search for the field's text in a worker; an empty field goes back to the list."""
        self._timer.stop()
        text = self.field.text().strip()
        if not text:
            self.leave()
            return
        saved_only = self.saved_only()
        lib = self.library

        def shown(hits: list[SearchHit]) -> None:
            self.show_hits(hits, text, saved=saved_only)

        self.workers.submit(
            JobKind.SEARCH, lambda: lib.search(text, saved_only=saved_only, limit=LIMIT), shown, self.status_reported.emit
        )

    def show_related(self, headline: str, hits: list[SearchHit]) -> None:
        """A Related headline's fallback search: its hits in place of the list (Esc returns)."""
        self._timer.stop()
        self.workers.forget(JobKind.SEARCH)
        self.field.setText(headline)
        self.show_hits(hits, headline)

    def show_hits(self, hits: list[SearchHit], text: str, *, saved: bool = False) -> None:
        """Put ``hits`` in place of the list and say how many, for what (``saved``: among saved articles only)."""
        self.model.set_hits(hits)
        self.stack.setCurrentWidget(self.view)
        if saved:
            line = translate("SearchController", "%Ln match(es) for “%1” among saved articles — Esc returns.", None, len(hits))
        else:
            line = translate("SearchController", "%Ln match(es) for “%1” — Esc returns.", None, len(hits))
        self.status_reported.emit(arg(line, quoted(text)[1:-1]))  # the translation puts its own quotation marks
        self.search_shown.emit(len(hits))

    def leave(self) -> None:
        """Esc: back to the list; a search still running is forgotten."""
        self._timer.stop()
        if self.showing() or self.field.text():
            self.workers.forget(JobKind.SEARCH)
            self.field.clear()
            self.stack.setCurrentWidget(self.list_view)
            self.list_view.setFocus()
            self.left.emit()

    def stop(self) -> None:
        """The window is closing: no search starts after this."""
        self._timer.stop()

    # --- moving through the results ---------------------------------------------------------

    def step(self, delta: int) -> None:
        """j / k among the results."""
        count = self.model.rowCount()
        if not count:
            return
        row = self.view.currentIndex().row()
        row = 0 if row < 0 and delta > 0 else max(0, min(count - 1, row + delta))
        self.view.setCurrentIndex(self.model.index(row, 0))

    def next_unread(self) -> bool:
        """n among the results: select the next unread hit; False when there is none."""
        for row in range(self.view.currentIndex().row() + 1, self.model.rowCount()):
            if self.model.is_unread(row):
                self.view.setCurrentIndex(self.model.index(row, 0))
                return True
        return False

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        article_id = self.model.article_id(current.row()) if current.isValid() else None
        if article_id is not None:
            self.article_selected.emit(article_id)
