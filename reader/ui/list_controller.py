"""Feeding the article list from the library without blocking the window.

``ListController`` does three reads, all on the ``READ`` lane of ``Workers``:

* the ids of a selection (``load``): first the list's length with its first
  page, ids and rows (``Library.article_list_head``), handed to the model as a
  new generation so the window is usable at once; then, in a second job that
  lets the reads queued meanwhile go first, every id, packed
  (``Library.article_id_array``, ``ArticleListModel.complete_ids``);
* pages of rows the view asks for (``ArticleListModel.rows_wanted``), one read
  at a time; while one runs, newer requests wait, and a request whose rows have
  scrolled out of sight is dropped (the model asks again if they come back);
  an answer for an older generation is dropped by the model;
* the next unread article after a row (``find_next_unread``), answered at once
  from cached rows when it can, else by ``Library.next_unread`` (one indexed
  query) in a worker.

Signals:
    next_found(int article_id): ``find_next_unread`` found one (-1: none).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QObject, Signal

from reader.core.models import ArticleRow, Selection
from reader.ui.article_list import PAGE, ArticleListModel, ArticleListView, find_row
from reader.ui.workers import JobKind, Workers

if TYPE_CHECKING:
    from array import array

    from reader.core.library import Library
    from reader.ui.first_list import HeadStart

log = logging.getLogger(__name__)

SELECT_ROW = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
SCAN_ON_UI = 2000  # cached rows looked at on the UI thread before asking a worker
SKIPS_PER_JOB = 200  # unread ids the window already marked read, skipped before giving up


class ListController(QObject):
    next_found = Signal(int)

    def __init__(self, library: Library, workers: Workers, model: ArticleListModel, view: ArticleListView) -> None:
        super().__init__(model)
        self.library = library
        self.workers = workers
        self.model = model
        self.view = view
        self._selection: Selection | None = None
        self._pending: list[tuple[int, list[int]]] = []  # (generation, ids of a page), oldest first
        self._reading = False
        self._search_token = 0
        self._load_token = 0
        self._next_after_load: int | None = None  # n pressed before every id was known: its start row
        self.slowest_page_ms = 0.0
        model.rows_wanted.connect(self._on_rows_wanted)

    # --- ids ------------------------------------------------------------------------------------

    def load(
        self, selection: Selection, on_loaded: Callable[[], None], *, keep: int | None = None, early: HeadStart | None = None
    ) -> None:
        """Read ``selection`` in two jobs and give it to the model as a new generation.

        The first job reads the list's length and first page (shown at once); the
        second, queued after it so other reads (the tree, an article) go first,
        every id. ``on_loaded`` runs once the first page is shown, or once every id
        is known when ``keep`` (an article to select again) is not on the first page.
        ``early``: a head of this list already asked for (at start); used instead
        of the first job when it is for the same selection and order.
        """
        same = self._selection is not None and replace(selection, keep=None) == replace(self._selection, keep=None)
        self._selection = selection
        newest_first = self.model.newest_first
        lib = self.library
        started = time.perf_counter()
        self._load_token += 1
        token = self._load_token
        waiting = [on_loaded]  # called once, at the head or at the end

        def loaded() -> None:
            log.debug("list of %d ids loaded in %.0f ms", len(self.model.ids), (time.perf_counter() - started) * 1000)
            if waiting:
                waiting.pop()()
            if self._next_after_load is not None:
                start, self._next_after_load = self._next_after_load, None
                self.find_next_unread(start)

        def rest(ids: array[int]) -> None:
            if token != self._load_token:
                return
            if not self.model.complete_ids(ids, self.model.generation):  # written to in between: start over
                self._replace_ids(ids, newest_first)
            loaded()

        def head(answer: tuple[int, list[int], list[ArticleRow]]) -> None:
            count, ids, rows = answer
            if token != self._load_token:
                return
            self._search_token += 1  # a search over the old list is moot
            self.model.set_ids(ids, newest_first=newest_first, keep_rows=same, count=count)
            self.model.set_rows(rows, self.model.generation)
            log.debug("first %d of %d ids shown in %.0f ms", len(ids), count, (time.perf_counter() - started) * 1000)
            if self.model.complete():
                loaded()
                return
            if keep is None or keep in ids:
                waiting.pop()()
            self.workers.submit(JobKind.IDS, lambda: lib.article_id_array(selection, newest_first=newest_first), rest)

        if early is not None and early.take(selection, newest_first, head):
            return
        self.workers.submit(JobKind.IDS, lambda: lib.article_list_head(selection, PAGE, newest_first=newest_first), head)

    def _replace_ids(self, ids: array[int], newest_first: bool) -> None:
        """The whole list, when it no longer starts with the head shown: the current article stays selected."""
        current = self.view.currentIndex()
        article_id = self.model.article_id(current.row()) if current.isValid() else None
        self.model.set_ids(ids, newest_first=newest_first, keep_rows=True)
        row = self.model.row_of(article_id) if article_id is not None else None
        selection = self.view.selectionModel()
        if row is not None and selection is not None:
            selection.blockSignals(True)  # the same article: nothing to open again
            selection.setCurrentIndex(self.model.index(row, current.column()), SELECT_ROW)
            selection.blockSignals(False)

    # --- pages of rows ------------------------------------------------------------------------------

    def _on_rows_wanted(self, ids: list[int]) -> None:
        self._pending.append((self.model.generation, ids))
        self._pump()

    def _near_view(self) -> range:
        shown = self.view.visible_rows()
        return range(max(0, shown.start - PAGE), shown.stop + PAGE)

    def _pump(self) -> None:
        """Start the read of the newest request still near the view, if none is running."""
        if self._reading:
            return
        generation = self.model.generation
        near = self._near_view()
        keep: list[tuple[int, list[int]]] = []
        for gen, ids in self._pending:
            if gen != generation:
                continue
            row = self.model.row_of(ids[0])
            if row is None:
                continue
            if self.view.isVisible() and row not in near and row + len(ids) - 1 not in near:
                self.model.release(ids)
                continue
            keep.append((gen, ids))
        self._pending = keep
        if not keep:
            return
        gen, ids = self._pending.pop()
        self._reading = True
        lib = self.library

        def read() -> tuple[list[ArticleRow], float]:
            started = time.perf_counter()
            rows = lib.article_rows(ids)
            return rows, (time.perf_counter() - started) * 1000

        def arrived(answer: tuple[list[ArticleRow], float]) -> None:
            rows, spent = answer
            self.slowest_page_ms = max(self.slowest_page_ms, spent)
            self._reading = False
            self.model.set_rows(rows, gen)
            self._pump()

        def failed(message: str) -> None:
            log.warning("reading list rows: %s", message)
            self._reading = False
            self.model.release(ids)

        if self.workers.submit(JobKind.ROWS, read, arrived, failed) < 0:
            self._reading = False

    # --- next unread ----------------------------------------------------------------------------------

    def find_next_unread(self, start: int) -> None:
        """Look for the first unread row at or after ``start``; answer with ``next_found``."""
        self._search_token += 1
        token = self._search_token
        model = self.model
        if not model.complete():  # the rest of the list is on its way: look once it is here
            self._next_after_load = start
            return
        self._next_after_load = None
        ids = model.ids
        row = start
        end = min(len(ids), start + SCAN_ON_UI)
        while row < end:
            flags = model.flags_of(row, fresh=True)
            if flags is None:
                break
            if not flags[0]:
                self.next_found.emit(ids[row])
                return
            row += 1
        if row >= len(ids):
            self.next_found.emit(-1)
            return
        self._search_from(token, model.generation, ids, row, model.overrides())

    def _search_from(self, token: int, generation: int, ids: array[int], row: int, overrides: dict[int, tuple[bool, bool]]) -> None:
        """Ask the library for the next unread after ``row`` (one indexed query per step)."""
        lib = self.library
        selection = self._selection
        newest_first = self.model.newest_first
        after = ids[row - 1] if row > 0 else None

        def search() -> int | None:
            cursor = after
            for _ in range(SKIPS_PER_JOB):
                if token != self._search_token or selection is None:
                    return None
                found = lib.next_unread(selection, cursor, newest_first=newest_first)
                if found is None:
                    return None
                # Skip what the window already marked read (its write may still be queued)
                # and what arrived after this list was loaded.
                if not overrides.get(found, (False, False))[0] and find_row(ids, found) is not None:
                    return int(found)
                cursor = found
            return None

        def answered(found: int | None) -> None:
            if token != self._search_token or generation != self.model.generation:
                return
            self.next_found.emit(found if found is not None else -1)

        self.workers.submit(JobKind.NEXT_UNREAD, search, answered, lambda m: log.warning("next unread: %s", m))

    def cancel_search(self) -> None:
        self._search_token += 1
        self._next_after_load = None
