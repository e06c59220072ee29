"""The shown article: rendering it, marking it read or saved, its links, images and full-copy switch.

``ArticleController`` renders through the ``READ`` lane of ``Workers``, writes
marks through the serial ``WRITE`` lane and fetches images and full copies on
the ``NET`` lane. Marks change the list, the search results and the tree's
counts at once; the library's counts are re-read once the write has landed
(``marks_written``). It never selects anything in the list: links that point
at an article of the library are handed back to the window.

Signals:
    article_shown(int): the pane shows that article.
    status_reported(str): a line for the status bar.
    marks_written(): a read or saved mark was stored; counts may be re-read.
    article_requested(int): a link points at that article of the library.
    search_requested(str): a related headline matched nothing; search for it.
    command_requested(str): a ``byline:`` command of the window's own pages ("sample", "addfeed").
    full_copy_toggled(bool): the pane now prefers the full saved page (True) or the feed's text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from reader.core.decide import start_of_today
from reader.core.models import Article, OpenedArticle
from reader.ui.article_list import ArticleListModel
from reader.ui.article_view import ArticlePane, LinkKind, LinkTarget
from reader.ui.feed_tree import FeedTreeModel
from reader.ui.search_results import SearchResultsModel
from reader.ui.workers import JobKind, Workers

if TYPE_CHECKING:
    from reader.core.library import Library

log = logging.getLogger(__name__)

WINDOW_COMMANDS = ("sample", "addfeed")  # byline: links the window answers itself
COPY_COMMANDS = ("feedtext", "fullcopy")


def dated_today(date: datetime | None, today_start: float | None = None) -> bool:
    """Whether an article of that list date is in the Today smart feed; False when undated.

    Args:
        today_start: where today starts (default: ``decide.start_of_today()``, as the library counts).
    """
    start = start_of_today() if today_start is None else today_start
    return date is not None and date.timestamp() >= start


def copy_switch_html(article: Article, full_copy: bool) -> str:
    """The line under the header offering the other version of a saved article ("" without a full copy)."""
    if not article.has_full_copy:
        return ""
    if full_copy:
        return "Showing the full saved page · <a href='byline:feedtext'>show the feed's text</a>"
    return "Showing the feed's text · <a href='byline:fullcopy'>show the full saved page</a>"


class ArticleController(QObject):
    article_shown = Signal(int)
    status_reported = Signal(str)
    marks_written = Signal()
    article_requested = Signal(int)
    search_requested = Signal(str)
    command_requested = Signal(str)
    full_copy_toggled = Signal(bool)

    def __init__(
        self,
        library: Library,
        workers: Workers,
        pane: ArticlePane,
        list_model: ArticleListModel,
        search_model: SearchResultsModel,
        tree_model: FeedTreeModel,
        *,
        open_external: Callable[[str], object],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.workers = workers
        self.pane = pane
        self.list_model = list_model
        self.search_model = search_model
        self.tree_model = tree_model
        self.open_external = open_external
        self.article: Article | None = None  # the shown article, with the flags the window knows
        self.full_copy = True
        self.mark_read_delay_ms = 0
        self._mark_timer = QTimer(self, singleShot=True)
        self._mark_timer.timeout.connect(self._mark_shown_read)
        pane.link_activated.connect(self.follow_link)
        pane.image_wanted.connect(self._fetch_image)

    def _say(self, text: str) -> None:
        self.status_reported.emit(text)

    def stop(self) -> None:
        """Forget a pending mark-read (the window is closing)."""
        self._mark_timer.stop()

    # --- showing --------------------------------------------------------------------------------

    def show(self, article_id: int) -> None:
        """Render in a worker, then show in the pane and mark read (after the configured delay)."""
        lib = self.library
        full_copy = self.full_copy
        self._mark_timer.stop()

        self.workers.submit(JobKind.ARTICLE, lambda: lib.open_article(article_id, full_copy=full_copy), self._on_article, self._say)

    def reshow(self) -> None:
        """Render the shown article again (preferences or the full-copy choice changed)."""
        if self.article is not None:
            self.show(self.article.id)

    def _on_article(self, opened: OpenedArticle) -> None:
        article, rendered, images = opened.article, opened.rendered, opened.images
        read, saved = self.flags(article.id) or (article.read, article.saved)
        article = replace(article, read=read, saved=saved)
        self.article = article
        self.pane.show_article(article, rendered.html, images=images, copy_switch=copy_switch_html(article, self.full_copy))
        self.article_shown.emit(article.id)
        if not article.read:
            if self.mark_read_delay_ms > 0:
                self._mark_timer.start(self.mark_read_delay_ms)
            else:
                self._mark_shown_read()

    def toggle_full_copy(self) -> None:
        """Prefer the other version of saved articles; the shown one is rendered again."""
        self.full_copy = not self.full_copy
        self.full_copy_toggled.emit(self.full_copy)
        self.reshow()

    def open_original(self) -> None:
        """Open the shown article's web page in the browser."""
        if self.article is not None and self.article.url:
            self.open_external(self.article.url)

    # --- marks ----------------------------------------------------------------------------------

    def _mark_shown_read(self) -> None:
        if self.article is not None:
            self.set_read(self.article.id, self.article.feed_id, True)

    def flags(self, article_id: int) -> tuple[bool, bool] | None:
        """(read, saved) as the window knows it now, None when it does not."""
        row = self.list_model.row_of(article_id)
        flags = self.list_model.flags_of(row) if row is not None else None
        if flags is None:
            flags = self.search_model.flags_of(article_id)
        if flags is None and self.article is not None and self.article.id == article_id:
            flags = (self.article.read, self.article.saved)
        return flags

    def _date_of(self, article_id: int) -> datetime | None:
        """The article's list date (what Today counts by), from whatever the window holds."""
        row = self.list_model.row_of(article_id)
        data = self.list_model.row_data(row) if row is not None else None
        if data is not None:
            return data.date
        found = next((h.article for h in self.search_model.hits if h.article.id == article_id), None)
        if found is None and self.article is not None and self.article.id == article_id:
            found = self.article
        return (found.published or found.updated) if found is not None else None

    def _remember(self, article_id: int, *, read: bool | None = None, saved: bool | None = None) -> None:
        """Update the shown article's flags; its header follows when they change."""
        shown = self.article
        if shown is None or shown.id != article_id:
            return
        changed = replace(shown, read=shown.read if read is None else read, saved=shown.saved if saved is None else saved)
        if changed != shown:
            self.article = changed
            self.pane.update_header(changed, copy_switch=copy_switch_html(changed, self.full_copy))

    def set_read(self, article_id: int, feed_id: int | None, read: bool) -> None:
        """Mark at once in the models and the counts; the serial writer stores it, then ``marks_written``."""
        was_read = (self.flags(article_id) or (not read, False))[0]
        self._remember(article_id, read=read)
        self.list_model.set_flags(article_id, read=read)
        self.search_model.set_flags(article_id, read=read)
        if was_read != read:
            delta = -1 if read else 1
            today = delta if dated_today(self._date_of(article_id)) else 0
            self.tree_model.adjust_count(feed_id, delta, unread_smart=delta, today_smart=today)
        lib = self.library
        self.workers.submit(JobKind.MARK, lambda: lib.mark_read([article_id], read), self._written, self._say)

    def toggle_read(self, article_id: int, feed_id: int | None) -> None:
        flags = self.flags(article_id)
        self.set_read(article_id, feed_id, not (flags[0] if flags else False))

    def toggle_saved(self, article_id: int) -> None:
        """Save (with a full offline copy) or unsave; the Saved count and the header follow at once."""
        flags = self.flags(article_id)
        saved = not (flags[1] if flags else False)
        self._remember(article_id, saved=saved)
        self.list_model.set_flags(article_id, saved=saved)
        self.search_model.set_flags(article_id, saved=saved)
        if flags is None or flags[1] != saved:
            self.tree_model.adjust_count(None, 0, saved_smart=1 if saved else -1)
        lib = self.library
        self.workers.submit(JobKind.MARK, lambda: lib.mark_saved([article_id], saved), self._written, self._say)
        self._say("Saved." if saved else "Removed from Saved.")
        if saved:

            def kept(problem: str | None) -> None:
                self._say(f"Saved; the full page was not kept: {problem}" if problem else "Saved with a full offline copy.")

            self.workers.submit(JobKind.FULL_COPY, lambda: lib.save_full_copy(article_id), kept, self._say)

    def _written(self, _count: object) -> None:
        self.marks_written.emit()

    # --- links and images -------------------------------------------------------------------------

    def follow_link(self, target: LinkTarget) -> None:
        """Route a clicked link: library articles open in place, the rest in the browser."""
        lib = self.library
        if target.kind is LinkKind.ARTICLE:
            self.article_requested.emit(int(target.value))
        elif target.kind is LinkKind.RELATED:
            headline = target.value

            def resolved(article_id: int | None) -> None:
                if article_id is not None:
                    self.article_requested.emit(article_id)
                else:
                    self.search_requested.emit(headline)

            current = self.article.id if self.article else None
            self.workers.submit(JobKind.LINK, lambda: lib.find_article_by_headline(headline, exclude=current), resolved)
        elif target.kind is LinkKind.WEB:
            url = target.value

            def found(article_id: int | None) -> None:
                if article_id is not None:
                    self.article_requested.emit(article_id)
                else:
                    self.open_external(url)

            self.workers.submit(JobKind.LINK, lambda: lib.find_article_by_url(url), found)
        elif target.kind is LinkKind.MAIL:
            self.open_external(target.value)
        elif target.kind is LinkKind.COMMAND and target.value in COPY_COMMANDS:
            self.toggle_full_copy()
        elif target.kind is LinkKind.COMMAND and target.value in WINDOW_COMMANDS:
            self.command_requested.emit(target.value)
        elif target.kind is LinkKind.COMMAND:
            log.info("unknown byline: command %r", target.value)
        else:
            self._say("That link cannot be opened (only web and mail links are followed).")

    def _fetch_image(self, url: str) -> None:
        article_id = self.pane.article_id
        lib = self.library

        def fetch() -> bytes:
            return lib.fetch_image(url)

        def arrived(data: bytes) -> None:
            if self.pane.article_id == article_id:
                self.pane.add_image(url, data)

        self.workers.submit(JobKind.IMAGE, fetch, arrived, lambda m: log.info("image %s: %s", url, m))
