"""The shown article: rendering it, marking it read or saved, its links, images and full-copy switch.

``ArticleController`` renders through the ``READ`` lane of ``Workers`` (the
same job decodes the images the library kept for the article, so the pane
shows them without a request), writes marks through the serial ``WRITE`` lane
and fetches remote images, full copies and kept images on the ``NET`` lane. Marks change the list, the search results and the tree's
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
    images_kept(int): that article's images were downloaded into the library ("Keep Images").
    related_found(str, object): a Related headline matched no title; these hits (list[SearchHit]) matched
        its words (the story holding the link left out).
    history_changed(bool, bool): whether Back and Forward can go anywhere.

History: every article shown is remembered (``back``/``forward`` walk it, like a
browser); going back asks the window to show the article (``article_requested``)
without recording the step again.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QImage, QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget

from reader.core.decide import start_of_today
from reader.core.errors import NotFoundError
from reader.core.models import Article, ArticleImage, OpenedArticle, SearchHit
from reader.ui.article_list import ArticleListModel
from reader.ui.article_view import ArticlePane, LinkKind, LinkTarget, enclosure_name, format_size
from reader.ui.feed_tree import FeedTreeModel
from reader.ui.i18n import arg, translate
from reader.ui.search_results import SearchResultsModel
from reader.ui.workers import JobKind, Workers

if TYPE_CHECKING:
    from reader.core.library import Library

log = logging.getLogger(__name__)

WINDOW_COMMANDS = ("sample", "addfeed")  # byline: links the window answers itself
COPY_COMMANDS = ("feedtext", "fullcopy")
FETCH_COPY = "fetchcopy"
HISTORY_LIMIT = 100
WEB_SEARCH = "https://duckduckgo.com/?q="  # the last resort for a Related headline the library lacks
_ARTICLE_LINK = re.compile(r'<a class="related" href="byline:article/(\d+)">(.*?)</a>', re.DOTALL)


def link_headline(page_html: str, article_id: int) -> str | None:
    """The text of the pane's Related link to ``byline:article/ID`` (its headline), if it holds one."""
    for match in _ARTICLE_LINK.finditer(page_html):
        if int(match.group(1)) == article_id:
            return html.unescape(re.sub(r"<[^>]+>", "", match.group(2))).strip() or None
    return None


def nothing_found_html(headline: str) -> str:
    """The pane when a Related headline is nowhere in the library: offer the web."""
    safe = html.escape(headline)
    href = html.escape(WEB_SEARCH + quote(headline, safe=""))
    title = html.escape(translate("ArticleController", "Nothing in your library yet — search the web?"))
    none = arg(html.escape(translate("ArticleController", "No article in your library is called or mentions “%1”.")), safe)
    web = arg(html.escape(translate("ArticleController", "Search the web for “%1”")), safe)
    return f"<h1 class='title'>{title}</h1><p>{none}</p><p><a href='{href}'>{web}</a></p>"


def dated_today(date: datetime | None, today_start: float | None = None) -> bool:
    """Whether an article of that list date is in the Today smart feed; False when undated.

    Args:
        today_start: where today starts (default: ``decide.start_of_today()``, as the library counts).
    """
    start = start_of_today() if today_start is None else today_start
    return date is not None and date.timestamp() >= start


def copy_switch_html(article: Article, full_copy: bool) -> str:
    """The line under the header: which version is shown and a link to the other, or why there is no full story.

    A saved article's full copy is "the full saved page"; an unsaved one's
    comes from its feed's "Fetch full stories" and is "the full story". ""
    when there is neither a full copy nor a reason why not.
    """
    if not article.has_full_copy:
        if article.full_copy_error:
            reason = html.escape(article.full_copy_error)
            return arg(translate("ArticlePane", "Showing the feed's text: the full story could not be fetched (%1)"), reason)
        return ""
    if article.saved:
        if full_copy:
            return translate("ArticlePane", "Showing the full saved page · <a href='byline:feedtext'>show the feed's text</a>")
        return translate("ArticlePane", "Showing the feed's text · <a href='byline:fullcopy'>show the full saved page</a>")
    if full_copy:
        return translate("ArticlePane", "Showing the full story · <a href='byline:feedtext'>show the feed's text</a>")
    return translate("ArticlePane", "Showing the feed's text · <a href='byline:fullcopy'>show the full story</a>")


def opened_with_images(library: Library, article_id: int, full_copy: bool) -> tuple[OpenedArticle, dict[str, QImage]]:
    """Render an article and decode its kept images (in a worker: QImage needs no UI thread)."""
    opened = library.open_article(article_id, full_copy=full_copy)
    decoded: dict[str, QImage] = {}
    for record in opened.kept_images:
        if record.local_url is None or record.local_url in decoded:
            continue
        try:
            stored = library.image(record.hash or "")
        except NotFoundError:
            continue
        image = QImage.fromData(stored.data)
        if not image.isNull():
            decoded[record.local_url] = image
    return opened, decoded


def kept_summary(records: list[ArticleImage]) -> str:
    """The status line after "Keep Images"."""
    kept = sum(1 for r in records if r.hash)
    refused = [r for r in records if not r.hash]
    if not records:
        return translate("ArticleController", "This article shows no images to keep.")
    text = translate("ArticleController", "Kept %Ln image(s) for reading offline", None, kept)
    if not refused:
        return arg(translate("ArticleController", "%1."), text)
    first = refused[0].note or translate("ArticleController", "unknown reason")
    why = first + ("; …" if len(refused) > 1 else "")
    return arg(translate("ArticleController", "%1; %2 (%3)."), text, translate("ArticleController", "%Ln refused", None, len(refused)), why)


class ArticleController(QObject):
    article_shown = Signal(int)
    status_reported = Signal(str)
    marks_written = Signal()
    article_requested = Signal(int)
    search_requested = Signal(str)
    command_requested = Signal(str)
    full_copy_toggled = Signal(bool)
    images_kept = Signal(int)
    related_found = Signal(str, object)
    history_changed = Signal(bool, bool)

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
        self.save_path: Callable[[str], str | None] = lambda _name: None  # asks where to save a download
        self._back: list[int] = []
        self._forward: list[int] = []
        self._replaying: int | None = None  # an article shown by back/forward: not recorded again
        self._mark_timer = QTimer(self, singleShot=True)
        self._mark_timer.timeout.connect(self._mark_shown_read)
        pane.link_activated.connect(self.follow_link)
        pane.image_wanted.connect(self._fetch_image)

    def _say(self, text: str) -> None:
        self.status_reported.emit(text)

    def stop(self) -> None:
        """Forget a pending mark-read and stop watching the mouse (the window is closing)."""
        self._mark_timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    # --- showing --------------------------------------------------------------------------------

    def show(self, article_id: int) -> None:
        """Render in a worker, then show in the pane and mark read (after the configured delay)."""
        lib = self.library
        full_copy = self.full_copy
        self._mark_timer.stop()

        self.workers.submit(JobKind.ARTICLE, lambda: opened_with_images(lib, article_id, full_copy), self._on_article, self._say)

    def clear(self, page_html: str) -> None:
        """No article is shown: the pane shows ``page_html`` (an empty state) and nothing gets marked."""
        self._mark_timer.stop()
        self.workers.forget(JobKind.ARTICLE)
        self.article = None
        self.pane.show_page(page_html)

    def reshow(self) -> None:
        """Render the shown article again (preferences or the full-copy choice changed)."""
        if self.article is not None:
            self.show(self.article.id)

    def _record(self, article_id: int) -> None:
        """Remember the article that gives way to ``article_id`` (unless back/forward brought it)."""
        if self._replaying == article_id:
            self._replaying = None
        elif self.article is not None and self.article.id != article_id:
            self._back = [*self._back, self.article.id][-HISTORY_LIMIT:]
            self._forward = []
        self.history_changed.emit(bool(self._back), bool(self._forward))

    def back(self) -> bool:
        """Alt+Left: the article shown before this one; False when there is none."""
        return self._walk(self._back, self._forward)

    def forward(self) -> bool:
        """Alt+Right: the article Back left; False when there is none."""
        return self._walk(self._forward, self._back)

    def _walk(self, source: list[int], other: list[int]) -> bool:
        if not source:
            return False
        target = source.pop()
        if self.article is not None:
            other.append(self.article.id)
        self._replaying = target
        self.history_changed.emit(bool(self._back), bool(self._forward))
        self.article_requested.emit(target)
        return True

    def _on_article(self, answer: tuple[OpenedArticle, dict[str, QImage]]) -> None:
        opened, kept = answer
        article, rendered, images = opened.article, opened.rendered, opened.images
        self._record(article.id)
        read, saved = self.flags(article.id) or (article.read, article.saved)
        article = replace(article, read=read, saved=saved)
        self.article = article
        self.pane.show_article(
            article, rendered.html, images=images, copy_switch=copy_switch_html(article, self.full_copy), kept=kept
        )
        self.article_shown.emit(article.id)
        if not article.read:
            if self.mark_read_delay_ms > 0:
                self._mark_timer.start(self.mark_read_delay_ms)
            else:
                self._mark_shown_read()

    def toggle_full_copy(self) -> None:
        """Prefer the other version of saved articles; the shown one is rendered again.

        An article without a full copy says why, and offers to fetch one.
        """
        shown = self.article
        if shown is not None and not shown.has_full_copy:
            never = translate("ArticleController", "it was never fetched")
            unsaved = translate("ArticleController", "only saved articles keep one, and this one is not saved")
            why = shown.full_copy_error or (never if shown.saved else unsaved)
            self._say(arg(translate("ArticleController", "No full copy of this article: %1."), why))
            no_copy = arg(html.escape(translate("ArticleController", "No full copy: %1")), html.escape(why))
            fetch = html.escape(translate("ArticleController", "fetch the full page now"))
            offer = f"{no_copy} · <a href='byline:{FETCH_COPY}'>{fetch}</a>"
            self.pane.update_header(shown, copy_switch=offer if shown.url else no_copy)
            return
        self.full_copy = not self.full_copy
        self.full_copy_toggled.emit(self.full_copy)
        self.reshow()

    def fetch_full_copy(self) -> None:
        """Fetch and keep the shown article's full page now, then show it."""
        shown = self.article
        if shown is None:
            return
        lib = self.library
        self._say(translate("ArticleController", "Fetching the full page…"))

        def kept(problem: str | None) -> None:
            if problem:
                self._say(arg(translate("ArticleController", "The full page could not be kept: %1"), problem))
            elif self.article is not None and self.article.id == shown.id:
                self._say(translate("ArticleController", "Showing the full saved page."))
                self.full_copy = True
                self.full_copy_toggled.emit(True)
                self.reshow()

        self.workers.submit(JobKind.FULL_COPY, lambda: lib.save_full_copy(shown.id), kept, self._say)

    def open_original(self) -> None:
        """Open the shown article's web page in the browser, or say why it cannot be."""
        if self.article is None:
            return
        if not self.article.url:
            self._say(translate("ArticleController", "This article has no web address to open."))
            return
        if self.open_external(self.article.url) is False:
            QGuiApplication.clipboard().setText(self.article.url)
            self._say(arg(translate("ArticleController", "No web browser could be opened; the address is copied: %1"), self.article.url))

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
        self._say(translate("ArticleController", "Saved.") if saved else translate("ArticleController", "Removed from Saved."))
        if saved:

            def kept(problem: str | None) -> None:
                if problem:
                    self._say(arg(translate("ArticleController", "Saved; the full page was not kept: %1"), problem))
                else:
                    self._say(translate("ArticleController", "Saved with a full offline copy."))
                if problem is None and self.article is not None and self.article.id == article_id:
                    self.reshow()  # show the page just kept (a failure leaves the pane as it is)

            self.workers.submit(JobKind.FULL_COPY, lambda: lib.save_full_copy(article_id), kept, self._say)

    def keep_images(self) -> None:
        """Keep Images: download the shown article's images into the library, whatever the feed's image policy."""
        if self.article is None:
            return
        article_id = self.article.id
        lib = self.library
        self._say(translate("ArticleController", "Keeping this article's images…"))

        def kept(records: list[ArticleImage]) -> None:
            self._say(kept_summary(records))
            self.images_kept.emit(article_id)
            if self.article is not None and self.article.id == article_id:
                self.reshow()

        self.workers.submit(JobKind.KEEP_IMAGES, lambda: lib.keep_images(article_id), kept, self._say)

    def _written(self, _count: object) -> None:
        self.marks_written.emit()

    # --- links and images -------------------------------------------------------------------------

    def follow_link(self, target: LinkTarget) -> None:
        """Route a clicked link: library articles open in place, the rest in the browser."""
        lib = self.library
        current = self.article.id if self.article else None
        if target.kind is LinkKind.ARTICLE:
            wanted = int(target.value)
            said = link_headline(self.pane.shown_html(), wanted)

            def followed(article_id: int | None) -> None:
                if article_id is not None:
                    self.article_requested.emit(article_id)
                elif said:
                    self._related_fallback(said, current)
                else:
                    self._say(translate("ArticleController", "That article is no longer in your library."))

            # the target may be gone since the story was rendered: the headline is resolved again
            self.workers.submit(JobKind.LINK, lambda: lib.follow_article_link(wanted, headline=said, source=current), followed)
        elif target.kind is LinkKind.RELATED:
            headline = target.value

            def resolved(article_id: int | None) -> None:
                if article_id is not None:
                    self.article_requested.emit(article_id)
                else:
                    self._related_fallback(headline, current)

            self.workers.submit(JobKind.LINK, lambda: lib.find_article_by_headline(headline, exclude=current), resolved)
        elif target.kind is LinkKind.WEB:
            url = target.value

            def found(article_id: int | None) -> None:
                if article_id is not None:
                    self.article_requested.emit(article_id)
                else:
                    self.open_external(url)

            self.workers.submit(JobKind.LINK, lambda: lib.find_article_by_url(url), found)
        elif target.kind is LinkKind.DOWNLOAD:
            self.download(target.value)
        elif target.kind is LinkKind.MAIL:
            self.open_external(target.value)
        elif target.kind is LinkKind.COMMAND and target.value in COPY_COMMANDS:
            self.toggle_full_copy()
        elif target.kind is LinkKind.COMMAND and target.value == FETCH_COPY:
            self.fetch_full_copy()
        elif target.kind is LinkKind.COMMAND and target.value in WINDOW_COMMANDS:
            self.command_requested.emit(target.value)
        elif target.kind is LinkKind.COMMAND:
            log.info("unknown byline: command %r", target.value)
        else:
            self._say(translate("ArticleController", "That link cannot be opened (only web and mail links are followed)."))

    def download(self, url: str) -> None:
        """Save an enclosure where the user picks (``save_path``), in a worker."""
        name = enclosure_name(url)
        path = self.save_path(name)
        if not path:
            return
        lib = self.library
        self._say(arg(translate("ArticleController", "Downloading %1…"), name))

        def saved(size: int) -> None:
            shown = format_size(size) or translate("ArticleController", "0 bytes")
            self._say(arg(translate("ArticleController", "Saved %1 (%2) to %3."), name, shown, path))

        def failed(message: str) -> None:
            self._say(arg(translate("ArticleController", "Could not download %1: %2"), name, message))

        self.workers.submit(JobKind.DOWNLOAD, lambda: lib.download(url, Path(path)), saved, failed)

    def follow_mouse_buttons(self, window: QWidget) -> None:
        """The mouse's back and forward buttons go Back and Forward anywhere in ``window``."""
        self._window = window
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        window = getattr(self, "_window", None)
        if (
            window is not None and event.type() == QEvent.Type.MouseButtonPress
            and isinstance(watched, QWidget) and watched.window() is window and isinstance(event, QMouseEvent)
        ):
            if event.button() == Qt.MouseButton.BackButton:
                return self.back() or True
            if event.button() == Qt.MouseButton.ForwardButton:
                return self.forward() or True
        return super().eventFilter(watched, event)

    def _related_fallback(self, headline: str, source: int | None) -> None:
        """No title matched: search the library for the headline's words (not the story holding the link)."""
        lib = self.library

        def found(hits: list[SearchHit]) -> None:
            if hits:
                self.related_found.emit(headline, hits)
            else:
                self._say(arg(translate("ArticleController", "Nothing in your library yet for “%1”."), headline))
                if self.article is not None:  # Back returns to the story that held the link
                    self._back = [*self._back, self.article.id][-HISTORY_LIMIT:]
                    self._forward = []
                    self.history_changed.emit(True, False)
                self._mark_timer.stop()
                self.article = None
                self.pane.show_page(nothing_found_html(headline))

        self.workers.submit(JobKind.LINK, lambda: lib.related_search(headline, source=source), found, self._say)

    def _fetch_image(self, url: str) -> None:
        article_id = self.pane.article_id
        lib = self.library

        def fetch() -> bytes:
            return lib.fetch_image(url)

        def arrived(data: bytes) -> None:
            if self.pane.article_id == article_id:
                self.pane.add_image(url, data)

        self.workers.submit(JobKind.IMAGE, fetch, arrived, lambda m: log.info("image %s: %s", url, m))
