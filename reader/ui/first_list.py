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

The read is cheap wherever it runs: an Unread or Saved list's length comes
from the kept tallies, not a count of its rows, and its first page from a
partial date index (docs/decisions.md, "An Unread or Saved list's length
comes from the tallies"). It once waited for a spare core, when the count
took ~85 ms of CPU at a million articles; it no longer needs to.
"""

from __future__ import annotations

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


def start_first_list(library: Library, workers: Workers) -> HeadStart | None:
    """Submit the saved view's list head now. None: the saved row is no list (a notification's);
    the window reads its list once built."""
    selection = first_selection(saved_view(window_state(library.data_dir)))
    return None if selection is None else HeadStart(library, workers, selection)
