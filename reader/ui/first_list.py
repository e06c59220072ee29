"""The restored list's first page, asked for before the window is built.

At start the window's own modules and widgets take ~0.1 s of the UI thread,
and at a million articles the first page of the restored list takes about as
long in SQLite (its length is a count over every row of the selection, which
SQLite does without Python's lock). ``app.run`` therefore reads the saved view
(``saved_view``: the tree row, the open article, Unread Only) and submits that
list's head on the READ lane of the ``Workers`` it then hands to the window
(``HeadStart``), before importing and building the window. The window's first
``ListController.load`` takes the answer when it asks for the same selection
and reads again otherwise, so nothing read for another selection is shown.

The early read pays only on a spare core: where the CPUs are all busy it
takes the core the window's construction needs (the window then shows up to
~0.15 s later on a loaded 2-core machine), so ``has_spare_core`` decides from
the load average, and without one the window reads its list as it always did,
once built (docs/decisions.md, "The first page is read while the window is
built, when a core is free").
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer

from reader.core.models import ArticleRow, Selection, SmartFeed
from reader.ui.article_list import PAGE
from reader.ui.feed_tree import key_selection
from reader.ui.workers import JobKind, Workers

if TYPE_CHECKING:
    from reader.core.library import Library

HeadAnswer = tuple[int, list[int], list[ArticleRow]]  # the list's length, its first ids and their rows
DEFAULT_KEY = "smart:unread"


def window_state(data_dir: Path) -> QSettings:
    """The window's saved layout and view, kept beside the library (``window.ini``)."""
    return QSettings(str(data_dir / "window.ini"), QSettings.Format.IniFormat)


@dataclass(frozen=True)
class SavedView:
    """What the window showed when it was closed.

    Attributes:
        key: the tree row (``smart:unread``, ``feed:12``...).
        article: the article that was open, kept in its list even if read since.
        unread_only: View > Unread Only.
    """

    key: str = DEFAULT_KEY
    article: int | None = None
    unread_only: bool = False


def saved_view(state: QSettings) -> SavedView:
    article = state.value("selected_article")
    return SavedView(
        key=str(state.value("selected_key") or DEFAULT_KEY),
        article=int(article) if article not in (None, "") and str(article).isdigit() else None,
        unread_only=str(state.value("unread_only", "false")).lower() == "true",
    )


def keeping(selection: Selection, keep: int | None) -> Selection:
    """``selection`` with the open article kept in it where a read article would leave it."""
    if keep is not None and (selection.unread_only or selection.smart is SmartFeed.UNREAD):
        return replace(selection, keep=keep)
    return selection


def first_selection(view: SavedView) -> Selection | None:
    """The selection the window's first list will ask for (``MainWindow.load_list`` at start)."""
    selection = key_selection(view.key)
    if selection is None:
        return None
    return keeping(replace(selection, unread_only=view.unread_only), view.article)


class HeadStart:
    """One list head read already on its way; ``take`` hands it to the first load of the same list."""

    def __init__(self, library: Library, workers: Workers, selection: Selection, *, newest_first: bool = True) -> None:
        self.selection = selection
        self.newest_first = newest_first
        self._answer: HeadAnswer | None = None
        self._taker: Callable[[HeadAnswer], None] | None = None
        self._taken = False
        workers.submit(
            JobKind.IDS, lambda: library.article_list_head(selection, PAGE, newest_first=newest_first), self._arrived
        )

    def _arrived(self, answer: HeadAnswer) -> None:
        self._answer = answer
        if self._taker is not None:
            taker, self._taker = self._taker, None
            taker(answer)

    def take(self, selection: Selection, newest_first: bool, taker: Callable[[HeadAnswer], None]) -> bool:
        """Give the answer to ``taker`` (on the UI thread, never from inside this call) if it is
        for ``selection`` in that order and not taken yet. False: read the list yourself."""
        if self._taken or selection != self.selection or newest_first != self.newest_first:
            return False
        self._taken = True
        answer = self._answer
        if answer is None:
            self._taker = taker
        else:
            QTimer.singleShot(0, lambda: taker(answer))
        return True


def has_spare_core() -> bool:
    """Whether a CPU is idle beside the one the UI thread takes: the last minute's load average
    leaves more than one and a half of the CPUs this process may use (Unix; elsewhere: two or more CPUs)."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        return cpus >= 2
    return cpus - load > 1.5


def start_first_list(library: Library, workers: Workers, *, spare: Callable[[], bool] | None = None) -> HeadStart | None:
    """Submit the saved view's list head now, when a core is free for it (``spare``, by default
    ``has_spare_core``). None: the window reads its list once built (no spare core, or the saved
    row is no list, e.g. a notification's)."""
    if not (spare or has_spare_core)():
        return None
    selection = first_selection(saved_view(window_state(library.data_dir)))
    return None if selection is None else HeadStart(library, workers, selection)
