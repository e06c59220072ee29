"""The main window: feed tree, article list and article pane, actions, status bar.

``MainWindow(library)`` builds everything it needs; nothing is global. It reads
the library only through ``Workers`` except the visible page of the article list
(``Library.article_rows`` for about a hundred ids, well under a frame).

Signals (mostly for tests and the screenshot script):
    tree_loaded(): the feed tree was rebuilt from the library.
    list_loaded(): the article list holds the ids of the current selection.
    article_shown(int): the pane shows that article.
    counts_updated(): unread counts were re-read from the library.
    search_shown(int): search results replaced the list (how many).
    status_shown(str): a status bar message.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QItemSelectionModel, QModelIndex, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFont, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMenu,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QWidget,
)

from reader import paths
from reader.core.errors import BylineError
from reader.core.models import Article, FeedResult, FeedStatus, RefreshProgress, RefreshSummary, Rendered, Selection, SmartFeed
from reader.ui.article_list import ArticleListModel, ArticleListView, HtmlDelegate, SearchResultsModel, positions_of
from reader.ui.article_view import IMAGE_MAX_BYTES, ArticlePane, LinkKind, LinkTarget, load_css, open_in_browser
from reader.ui.dialogs import AddFeedDialog, Preferences, PreferencesDialog, Prompts
from reader.ui.feed_tree import FeedTreeModel, FeedTreeView, key_id, key_selection
from reader.ui.workers import Workers

log = logging.getLogger(__name__)

SAMPLE_SUFFIXES = (".xml", ".json", ".atom", ".rss", ".rdf")
NEXT_UNREAD_PAGES = 50  # how far "next unread" reads ahead in one key press


def sample_files(resources: Path) -> list[Path]:
    """The bundled sample library's feed files (empty when absent)."""
    folder = resources / "sample"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SAMPLE_SUFFIXES)


class MainWindow(QMainWindow):
    tree_loaded = Signal()
    list_loaded = Signal()
    article_shown = Signal(int)
    counts_updated = Signal()
    search_shown = Signal(int)
    status_shown = Signal(str)

    def __init__(
        self,
        library: Any,
        *,
        open_external: Callable[[str], object] | None = None,
        prompts: Prompts | None = None,
        resources: Path | None = None,
    ) -> None:
        super().__init__()
        self.library = library
        self.open_external = open_external or open_in_browser
        self.prompts = prompts or Prompts()
        self.resources = resources or paths.resources_dir()
        self.settings = QSettings(str(library.data_dir / "window.ini"), QSettings.Format.IniFormat)
        self.workers = Workers(self)
        self._key: str | None = None
        self._article: Article | None = None
        self._full_copy = True
        self._restore_article: int | None = None
        self._closed = False
        self.setWindowTitle("Byline")
        self._set_icon()
        self._build_panes()
        self._build_actions()
        self._build_status()
        self._mark_timer = QTimer(self, singleShot=True)
        self._mark_timer.timeout.connect(self._mark_shown_read)
        self._counts_timer = QTimer(self, singleShot=True, interval=250)
        self._counts_timer.timeout.connect(self.reload_counts)
        self._search_timer = QTimer(self, singleShot=True, interval=250)
        self._search_timer.timeout.connect(self.run_search)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.timeout.connect(lambda: self.refresh(force=False))
        self.workers.feed_refreshed.connect(self._on_feed_refreshed)
        self.workers.refresh_progressed.connect(self._on_refresh_progress)
        self.workers.refresh_finished.connect(self._on_refresh_finished)
        self._restore_state()
        self._hold_tree_focus()
        self.load_settings()
        self.reload_tree()

    # --- building ------------------------------------------------------------------------------

    def _set_icon(self) -> None:
        for name in ("byline.svg", "byline.png"):
            path = self.resources / name
            if path.is_file():
                icon = QIcon(str(path))
                if not icon.isNull():
                    self.setWindowIcon(icon)
                    return

    def _build_panes(self) -> None:
        self.tree_model = FeedTreeModel(self)
        self.tree = FeedTreeView()
        self.tree.setModel(self.tree_model)
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current)
        self.tree.customContextMenuRequested.connect(self._tree_menu)
        self.tree_model.feed_dropped.connect(self.move_feed)

        self.list_model = ArticleListModel(self)
        self.list_model.rows_wanted.connect(self._load_rows)
        self.list = ArticleListView()
        self.list.setModel(self.list_model)
        self.list.setSortingEnabled(False)
        self.list.horizontalHeader().sectionClicked.connect(self._on_header_clicked)
        self.list.selectionModel().currentChanged.connect(self._on_list_current)

        self.search_model = SearchResultsModel(self)
        self.results = QListView()
        self.results.setModel(self.search_model)
        self.results.setItemDelegate(HtmlDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        self.results.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.results.selectionModel().currentChanged.connect(self._on_result_current)

        self.middle = QStackedWidget()
        self.middle.addWidget(self.list)
        self.middle.addWidget(self.results)

        self.pane = ArticlePane(load_css(self.resources))
        self.pane.link_activated.connect(self.follow_link)
        self.pane.image_wanted.connect(self._fetch_image)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.middle)
        self.splitter.addWidget(self.pane)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([250, 500, 530])
        self.setCentralWidget(self.splitter)

    def _action(self, text: str, slot: Callable[[], object], keys: tuple[str, ...] = (), tip: str = "") -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        shown = ", ".join(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
        action.setToolTip(f"{tip or text.replace('&', '')} ({shown})" if shown else tip or text.replace("&", ""))
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _hold_tree_focus(self) -> None:
        """Give the tree a current row before it is shown, so focusing it selects nothing by itself."""
        selection = self.tree.selectionModel()
        selection.blockSignals(True)
        self.tree.setCurrentIndex(self.tree_model.index_of("smart:unread"))
        selection.blockSignals(False)

    def _build_actions(self) -> None:
        a = self._action
        self.act_add = a("&Add Feed…", self.add_feed_dialog, ("Ctrl+N",))
        self.act_new_folder = a("New &Folder…", self.new_folder, ("Ctrl+Shift+N",))
        self.act_import = a("&Import OPML…", self.import_opml, ("Ctrl+I",))
        self.act_export = a("&Export OPML…", self.export_opml, ("Ctrl+E",))
        self.act_quit = a("&Quit", self.close, ("Ctrl+Q",))
        self.act_refresh = a("&Refresh All", lambda: self.refresh(force=True), ("R", "F5"))
        self.act_refresh_feed = a("Refresh &Feed", self.refresh_current, ("Shift+R",))
        self.act_cancel = a("&Cancel Refresh", self.workers.cancel_refresh, ("Ctrl+.",))
        self.act_next = a("&Next Article", lambda: self.step(1), ("J",))
        self.act_prev = a("&Previous Article", lambda: self.step(-1), ("K",))
        self.act_next_unread = a("Next &Unread", self.next_unread, ("N",))
        self.act_page = a("Page Down or Next Unread", self.page_or_next, ("Space",))
        self.act_read = a("Toggle &Read", self.toggle_read, ("M",))
        self.act_all_read = a("Mark &All Read", self.mark_all_read, ("Shift+A",))
        self.act_save = a("&Save (Star)", self.toggle_saved, ("S",))
        self.act_open = a("&Open in Browser", self.open_current, ("O", "Return", "Enter"))
        self.act_search = a("&Search", self.focus_search, ("/", "Ctrl+F"))
        self.act_escape = a("Back to List", self.leave_search, ("Esc",))
        self.act_zoom_in = a("Zoom &In", lambda: self.pane.zoomIn(1), ("Ctrl++", "Ctrl+="))
        self.act_zoom_out = a("Zoom &Out", lambda: self.pane.zoomOut(1), ("Ctrl+-",))
        self.act_prefs = a("&Preferences…", self.preferences_dialog, ("Ctrl+,",))
        self.act_full_copy = a("Show Full &Copy", self.toggle_full_copy, ("Ctrl+Shift+C",))
        self.act_unread_only = a("Unread &Only", self.load_list, ("Ctrl+U",))
        self.act_unread_only.setCheckable(True)

        bar = self.menuBar()
        for title, actions in (
            ("&File", [self.act_add, self.act_new_folder, None, self.act_import, self.act_export, None, self.act_prefs, None, self.act_quit]),
            ("&View", [self.act_unread_only, self.act_full_copy, None, self.act_zoom_in, self.act_zoom_out, None, self.act_search, self.act_escape]),
            ("&Go", [self.act_next, self.act_prev, self.act_next_unread, self.act_page]),
            ("&Article", [self.act_read, self.act_save, self.act_all_read, None, self.act_open]),
            ("&Feeds", [self.act_refresh, self.act_refresh_feed, self.act_cancel]),
        ):
            menu = bar.addMenu(title)
            for action in actions:
                menu.addSeparator() if action is None else menu.addAction(action)

        tools = self.addToolBar("Main")
        tools.setObjectName("main-toolbar")
        tools.setMovable(False)
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.act_add, self.act_refresh, None, self.act_read, self.act_save, self.act_all_read, self.act_open, None, self.act_unread_only):
            tools.addSeparator() if action is None else tools.addAction(action)
        self.search_field = QLineEdit()
        self.search_field.setPlaceholderText("Search (/)")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setMaximumWidth(320)
        self.search_field.textEdited.connect(lambda _t: self._search_timer.start())
        self.search_field.returnPressed.connect(self.run_search)
        spacer = QWidget()
        spacer.setSizePolicy(spacer.sizePolicy().horizontalPolicy().Expanding, spacer.sizePolicy().verticalPolicy())
        tools.addWidget(spacer)
        tools.addWidget(self.search_field)
        tools.addAction(self.act_prefs)

    def _build_status(self) -> None:
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.cancel_button = QToolButton()
        self.cancel_button.setDefaultAction(self.act_cancel)
        self.cancel_button.setText("Cancel")
        status = self.statusBar()
        status.addWidget(self.status_label, 1)
        status.addPermanentWidget(self.progress)
        status.addPermanentWidget(self.cancel_button)
        self.progress.hide()
        self.cancel_button.hide()

    # --- settings and state ------------------------------------------------------------------

    def load_settings(self) -> None:
        """Read preferences in a worker and apply them."""
        keys = ("refresh_interval_minutes", "images", "retention_days", "font_size", "mark_read_delay_ms")
        self.workers.submit("settings", lambda: Preferences(**{k: self.library.setting(k) for k in keys}), self._apply_settings)

    def _apply_settings(self, prefs: Preferences) -> None:
        self.prefs = prefs
        minutes = int(prefs.refresh_interval_minutes or 0)
        if minutes > 0:
            self._refresh_timer.start(minutes * 60_000)
        else:
            self._refresh_timer.stop()
        font = QFont(self.font())
        if prefs.font_size:
            font.setPointSize(int(prefs.font_size))
        self.pane.setFont(font)
        self.pane.apply_style()

    prefs = Preferences(60, False, 0, 0, 0)

    def _restore_state(self) -> None:
        s = self.settings
        geometry = s.value("geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        splitter = s.value("splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        header = s.value("list_header")
        if isinstance(header, QByteArray):
            self.list.horizontalHeader().restoreState(header)
        self._key = str(s.value("selected_key") or "smart:unread")
        article = s.value("selected_article")
        self._restore_article = int(article) if article not in (None, "") and str(article).isdigit() else None
        self.act_unread_only.setChecked(str(s.value("unread_only", "false")).lower() == "true")

    def save_state(self) -> None:
        s = self.settings
        s.setValue("geometry", self.saveGeometry())
        s.setValue("splitter", self.splitter.saveState())
        s.setValue("list_header", self.list.horizontalHeader().saveState())
        s.setValue("selected_key", self._key or "")
        s.setValue("selected_article", self._article.id if self._article else "")
        s.setValue("unread_only", self.act_unread_only.isChecked())
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Save the layout, stop timers and wait for every worker thread."""
        if self._closed:
            return
        self._closed = True
        self.save_state()
        for timer in (self._mark_timer, self._counts_timer, self._search_timer, self._refresh_timer):
            timer.stop()
        self.workers.shutdown()

    # --- status ----------------------------------------------------------------------------------

    def show_status(self, text: str) -> None:
        line = " ".join(text.split())
        self.status_label.setText(line)
        self.status_shown.emit(line)

    # --- tree ----------------------------------------------------------------------------------------

    def reload_tree(self) -> None:
        lib = self.library
        self.workers.submit("tree", lambda: (lib.folders(), lib.feeds(), lib.smart_counts()), self._on_tree)

    def _on_tree(self, answer: tuple[Any, Any, Any]) -> None:
        folders, feeds, smart = answer
        self.tree_model.set_tree(folders, feeds)
        self.tree_model.set_counts({f.id: f.unread for f in feeds}, smart)
        self.tree.expandAll()
        key = self._key if self._key and self.tree_model.index_of(self._key).isValid() else "smart:unread"
        self._key = None
        self.tree.setCurrentIndex(self.tree_model.index_of(key))
        if not feeds:
            self.show_welcome()
        self.tree_loaded.emit()
        self._load_icons([f.id for f in feeds])

    def _load_icons(self, feed_ids: list[int]) -> None:
        lib = self.library

        def read() -> dict[int, bytes]:
            found = {}
            for feed_id in feed_ids:
                icon = lib.feed_icon(feed_id)
                if icon:
                    found[feed_id] = icon[0]
            return found

        def show(found: dict[int, bytes]) -> None:
            icons = {}
            for feed_id, data in found.items():
                pixmap = QPixmap()
                if pixmap.loadFromData(data):
                    icons[feed_id] = QIcon(pixmap)
            self.tree_model.set_icons(icons)

        self.workers.submit("icons", read, show)

    def reload_counts(self) -> None:
        lib = self.library

        def shown(answer: tuple[Any, Any]) -> None:
            self.tree_model.set_counts(*answer)
            self.counts_updated.emit()

        self.workers.submit("counts", lambda: (lib.unread_counts(), lib.smart_counts()), shown)

    def _on_tree_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        key = self.tree.current_key()
        if key is None or key == self._key:
            return
        self._key = key
        self.leave_search()
        self.load_list()

    def select_key(self, key: str) -> bool:
        index = self.tree_model.index_of(key)
        if index.isValid():
            self.tree.setCurrentIndex(index)
        return index.isValid()

    def show_welcome(self) -> None:
        offer = ""
        if sample_files(self.resources):
            offer = "<p><a href='byline:sample'>Load the sample library</a> — a few stories to read offline.</p>"
        self.pane.show_page(
            "<h1 class='title'>Welcome to Byline</h1>"
            "<p>Your library is empty.</p>"
            f"{offer}"
            "<p><a href='byline:addfeed'>Add a feed</a> by its address or a site's address, "
            "or import an OPML file from another reader (File ▸ Import OPML).</p>"
        )

    # --- list ------------------------------------------------------------------------------------------

    def current_selection(self) -> Selection | None:
        selection = key_selection(self._key) if self._key else None
        if selection is None:
            return None
        return Selection(selection.smart, selection.feed_id, selection.folder_id, self.act_unread_only.isChecked())

    def load_list(self) -> None:
        """Load the ids of the selected tree row in a worker, keeping the shown article selected."""
        selection = self.current_selection()
        if selection is None:
            return
        keep = self._restore_article or (self._article.id if self._article else None)
        started = time.perf_counter()

        def loaded(answer: tuple[list[int], dict[int, int]]) -> None:
            ids, positions = answer
            self.list_model.set_ids(ids, newest_first=self.list_model.newest_first, positions=positions)
            log.debug("list of %d ids loaded in %.0f ms", len(ids), (time.perf_counter() - started) * 1000)
            self._restore_article = None
            row = self.list_model.row_of(keep) if keep is not None else None
            if row is not None:
                self._select_row(row, show=self._article is None or self._article.id != keep)
            self.list_loaded.emit()

        def read() -> tuple[list[int], dict[int, int]]:
            ids = self.library.article_ids(selection)
            return ids, positions_of(ids)

        self.workers.submit("ids", read, loaded)

    def _load_rows(self, ids: list[int]) -> None:
        """A page of rows the list needs: a small read on the UI thread."""
        if self._closed:
            return
        started = time.perf_counter()
        self.list_model.set_rows(self.library.article_rows(ids))
        spent = (time.perf_counter() - started) * 1000
        if spent > 10:
            log.info("reading %d list rows took %.1f ms", len(ids), spent)

    def _on_header_clicked(self, section: int) -> None:
        from reader.ui.article_list import DATE_COL

        order = Qt.SortOrder.AscendingOrder if self.list_model.newest_first else Qt.SortOrder.DescendingOrder
        self.list_model.sort(DATE_COL, order)
        self.list.horizontalHeader().setSortIndicator(DATE_COL, order)

    def _select_row(self, row: int, *, show: bool = True) -> None:
        index = self.list_model.index(row, 1)
        if not show:
            self.list.selectionModel().blockSignals(True)
        self.list.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        if not show:
            self.list.selectionModel().blockSignals(False)
        self.list.scrollTo(index)

    def _on_list_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        article_id = self.list_model.article_id(current.row()) if current.isValid() else None
        if article_id is not None:
            self.show_article(article_id)

    def _on_result_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        article_id = self.search_model.article_id(current.row()) if current.isValid() else None
        if article_id is not None:
            self.show_article(article_id)

    def _active_view(self) -> tuple[Any, Any]:
        if self.middle.currentWidget() is self.results:
            return self.results, self.search_model
        return self.list, self.list_model

    def step(self, delta: int) -> None:
        view, model = self._active_view()
        count = model.rowCount()
        if not count:
            return
        row = view.currentIndex().row()
        row = 0 if row < 0 and delta > 0 else max(0, min(count - 1, row + delta))
        if view is self.list:
            self._select_row(row)
        else:
            view.setCurrentIndex(model.index(row, 0))

    def next_unread(self) -> bool:
        """Select the next unread article after the current one; False if none is near."""
        view, model = self._active_view()
        start = view.currentIndex().row() + 1
        if view is self.results:
            for row in range(start, model.rowCount()):
                if model.index(row, 0).data(Qt.ItemDataRole.UserRole + 2):
                    view.setCurrentIndex(model.index(row, 0))
                    return True
            return False
        pages_read = 0
        row = start
        while row < model.rowCount():
            if model.missing_page(row):
                if pages_read >= NEXT_UNREAD_PAGES:
                    self.show_status("No unread article nearby; keep going with N.")
                    self._select_row(row - 1, show=False)
                    return False
                self._load_rows(model.page_ids(row))
                pages_read += 1
            flags = model.flags_of(row)
            if flags is not None and not flags[0]:
                self._select_row(row)
                return True
            row += 1
        self.show_status("No more unread articles here.")
        return False

    def page_or_next(self) -> None:
        bar = self.pane.verticalScrollBar()
        if bar.value() < bar.maximum():
            bar.setValue(min(bar.maximum(), bar.value() + bar.pageStep()))
        else:
            self.next_unread()

    # --- article -------------------------------------------------------------------------------------

    def show_article(self, article_id: int) -> None:
        """Render in a worker, then show in the pane and mark read (after the configured delay)."""
        lib = self.library
        full_copy = self._full_copy
        self._mark_timer.stop()

        def load() -> tuple[Article, Rendered, bool]:
            article = lib.article(article_id)
            return article, lib.render(article_id, full_copy=full_copy), lib.images_allowed(article.feed_id)

        self.workers.submit("article", load, self._on_article, self.show_status)

    def _on_article(self, answer: tuple[Article, Rendered, bool]) -> None:
        article, rendered, images = answer
        self._article = article
        switch = ""
        if article.has_full_copy:
            switch = (
                "Showing the full saved page · <a href='byline:feedtext'>show the feed's text</a>"
                if self._full_copy
                else "Showing the feed's text · <a href='byline:fullcopy'>show the full saved page</a>"
            )
        self.pane.show_article(article, rendered.html, images=images, copy_switch=switch)
        self.article_shown.emit(article.id)
        if not article.read:
            delay = int(self.prefs.mark_read_delay_ms or 0)
            if delay > 0:
                self._mark_timer.start(delay)
            else:
                self._mark_shown_read()

    def _mark_shown_read(self) -> None:
        if self._article is not None:
            self.set_read(self._article, True)

    def _flags(self, article: Article) -> tuple[bool, bool]:
        row = self.list_model.row_of(article.id)
        flags = self.list_model.flags_of(row) if row is not None else None
        return flags if flags is not None else (article.read, article.saved)

    def set_read(self, article: Article, read: bool) -> None:
        """Mark at once in the models; the serial writer stores it, then counts are re-read."""
        was_read, saved = self._flags(article)
        self._article = article.__class__(**{**article.__dict__, "read": read})
        self.list_model.set_flags(article.id, read=read)
        self.search_model.set_flags(article.id, read=read)
        if was_read != read and article.feed_id is not None:
            self.tree_model.adjust_count(article.feed_id, -1 if read else 1, unread_smart=-1 if read else 1)
        lib = self.library
        self.workers.submit("write", lambda: lib.mark_read([article.id], read), lambda _n: self.reload_counts(), self.show_status, lane="write", latest_only=False)

    def toggle_read(self) -> None:
        if self._article is not None:
            self.set_read(self._article, not self._flags(self._article)[0])

    def toggle_saved(self) -> None:
        article = self._article
        if article is None:
            return
        saved = not self._flags(article)[1]
        self._article = article.__class__(**{**article.__dict__, "saved": saved})
        self.list_model.set_flags(article.id, saved=saved)
        lib = self.library
        self.workers.submit("write", lambda: lib.mark_saved([article.id], saved), lambda _n: self.reload_counts(), self.show_status, lane="write", latest_only=False)
        self.show_status("Saved." if saved else "Removed from Saved.")
        if saved and hasattr(lib, "save_full_copy"):
            def kept(problem: str | None) -> None:
                self.show_status(f"Saved; the full page was not kept: {problem}" if problem else "Saved with a full offline copy.")

            self.workers.submit(f"copy:{article.id}", lambda: lib.save_full_copy(article.id), kept, self.show_status, lane="net", latest_only=False)

    def toggle_full_copy(self) -> None:
        self._full_copy = not self._full_copy
        self.act_full_copy.setText("Show Full &Copy" if not self._full_copy else "Show Feed's &Text")
        if self._article is not None:
            self.show_article(self._article.id)

    def open_current(self) -> None:
        if self.search_field.hasFocus():
            self.run_search()
            return
        if self._article is not None and self._article.url:
            self.open_external(self._article.url)

    def mark_all_read(self) -> None:
        selection = self.current_selection()
        if selection is None:
            return
        self.list_model.mark_all_read()
        lib = self.library

        def done(n: int) -> None:
            self.show_status(f"Marked {n} articles read.")
            self.reload_counts()

        self.workers.submit("write", lambda: lib.mark_all_read(selection), done, self.show_status, lane="write", latest_only=False)

    # --- links and images ---------------------------------------------------------------------------

    def follow_link(self, target: LinkTarget) -> None:
        """Route a clicked link: library articles open in place, the rest in the browser."""
        lib = self.library
        if target.kind is LinkKind.ARTICLE:
            self.open_in_place(int(target.value))
        elif target.kind is LinkKind.RELATED:
            headline = target.value

            def resolved(article_id: int | None) -> None:
                if article_id is not None:
                    self.open_in_place(article_id)
                else:
                    self.search_for(headline)

            current = self._article.id if self._article else None
            self.workers.submit("link", lambda: lib.find_article_by_headline(headline, exclude=current), resolved)
        elif target.kind is LinkKind.WEB:
            url = target.value

            def found(article_id: int | None) -> None:
                if article_id is not None:
                    self.open_in_place(article_id)
                else:
                    self.open_external(url)

            self.workers.submit("link", lambda: lib.find_article_by_url(url), found)
        elif target.kind is LinkKind.MAIL:
            self.open_external(target.value)
        elif target.kind is LinkKind.COMMAND:
            {
                "sample": self.load_sample,
                "addfeed": self.add_feed_dialog,
                "feedtext": self.toggle_full_copy,
                "fullcopy": self.toggle_full_copy,
            }.get(target.value, lambda: None)()
        else:
            self.show_status("That link cannot be opened (only web and mail links are followed).")

    def open_in_place(self, article_id: int) -> None:
        """Show an article in the pane, selecting it in the list when it is there."""
        row = self.list_model.row_of(article_id) if self.middle.currentWidget() is self.list else None
        if row is not None:
            self._select_row(row)
        else:
            self.show_article(article_id)

    def _fetch_image(self, url: str) -> None:
        article_id = self.pane.article_id
        lib = self.library

        def fetch() -> bytes:
            fetcher = lib.fetcher()
            return fetcher.fetch_bytes(url, max_bytes=IMAGE_MAX_BYTES, accept="image/*")[0]

        def arrived(data: bytes) -> None:
            if self.pane.article_id == article_id:
                self.pane.add_image(url, data)

        self.workers.submit(f"image:{url}", fetch, arrived, lambda m: log.info("image %s: %s", url, m), lane="net", latest_only=False)

    # --- search ----------------------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def search_for(self, text: str) -> None:
        self.search_field.setText(text)
        self.run_search()

    def run_search(self) -> None:
        self._search_timer.stop()
        text = self.search_field.text().strip()
        if not text:
            self.leave_search()
            return
        saved_only = self._key == f"smart:{SmartFeed.SAVED.value}"
        lib = self.library

        def shown(hits: list[Any]) -> None:
            self.search_model.set_hits(hits)
            self.middle.setCurrentWidget(self.results)
            self.show_status(f"{len(hits)} matches for “{text}”" + (" among saved articles" if saved_only else "") + " — Esc returns.")
            self.search_shown.emit(len(hits))

        self.workers.submit("search", lambda: lib.search(text, saved_only=saved_only, limit=200), shown, self.show_status)

    def leave_search(self) -> None:
        self._search_timer.stop()
        if self.middle.currentWidget() is self.results or self.search_field.text():
            self.workers.submit("search", lambda: None)  # drops a search still running
            self.search_field.clear()
            self.middle.setCurrentWidget(self.list)
            self.list.setFocus()

    # --- refresh -----------------------------------------------------------------------------------------

    def refresh(self, feed_ids: list[int] | None = None, *, force: bool = True) -> bool:
        started = self.workers.refresh(self.library, feed_ids, force=force)
        if started:
            self.progress.setRange(0, 0)
            self.progress.show()
            self.cancel_button.show()
            self.show_status("Refreshing…")
        return started

    def refresh_current(self) -> None:
        key = self.tree.current_key() or ""
        ids = self.tree_model.feed_ids_under(key)
        if ids:
            self.refresh(ids)

    def _on_feed_refreshed(self, result: FeedResult) -> None:
        if result.status is FeedStatus.SKIPPED:
            return
        self.tree_model.set_feed_error(result.feed_id, result.error)
        if result.new or result.updated:
            self._counts_timer.start()

    def _on_refresh_progress(self, progress: RefreshProgress) -> None:
        if progress.total:
            self.progress.setRange(0, progress.total)
            self.progress.setValue(progress.done)
            self.progress.setFormat(f"{progress.done}/{progress.total}")

    def _on_refresh_finished(self, summary: RefreshSummary | None) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        if summary is None:
            self.show_status("Refresh failed; see the feeds marked with a warning.")
        else:
            failed = f", {summary.failed} failed" if summary.failed else ""
            self.show_status(f"Checked {summary.checked} feeds: {summary.new_articles} new articles{failed}.")
        if not self._closed:
            self.reload_tree()
            self.load_list()

    # --- feeds and folders ------------------------------------------------------------------------------

    def add_feed_dialog(self) -> AddFeedDialog:
        folders = sorted(f.path for f in self.tree_model.folders())
        kind, ident = key_id(self._key or "")
        folder = self.tree_model.folder(ident).path if kind == "folder" and ident and self.tree_model.folder(ident) else ""
        dialog = AddFeedDialog(folders, self, folder=folder)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.add_feed(*dialog.values()))
        self.add_dialog = dialog
        dialog.open()
        return dialog

    def add_feed(self, target: str, folder: str = "") -> None:
        lib = self.library
        self.show_status(f"Adding {target}…")

        def added(result: Any) -> None:
            more = f" (other feeds on that page: {len(result.alternatives)})" if result.alternatives else ""
            self.show_status(f"Added “{result.feed.title}”: {result.new_articles} articles{more}.")
            self._key = None
            self._select_after_tree(f"feed:{result.feed.id}")

        self.workers.submit("add", lambda: lib.add_feed(target, folder=folder), added, lambda m: self.show_status(f"Could not add {target}: {m}"), lane="net", latest_only=False)

    def _select_after_tree(self, key: str) -> None:
        self._key = key
        self._restore_article = None
        self.reload_tree()

    def load_sample(self) -> None:
        files = sample_files(self.resources)
        if not files:
            self.show_status("The sample library is not installed.")
            return
        lib = self.library
        self.show_status("Loading the sample library…")

        def load() -> tuple[int, list[str]]:
            added, problems = 0, []
            for path in files:
                try:
                    lib.add_feed(str(path), folder="Sample")
                    added += 1
                except BylineError as err:
                    problems.append(f"{path.name}: {err}")
            return added, problems

        def loaded(answer: tuple[int, list[str]]) -> None:
            added, problems = answer
            self.show_status(f"Sample library: {added} feeds" + (f"; skipped {len(problems)}: {problems[0]}" if problems else "."))
            self._select_after_tree("smart:unread")

        self.workers.submit("sample", load, loaded, self.show_status, lane="net", latest_only=False)

    def _write(self, fn: Callable[[], object], done_text: str = "") -> None:
        def done(_result: object) -> None:
            if done_text:
                self.show_status(done_text)
            self.reload_tree()
            self.load_list()

        self.workers.submit("tree-edit", fn, done, self.show_status, lane="write", latest_only=False)

    def move_feed(self, feed_id: int, folder_id: int) -> None:
        lib = self.library
        self._write(lambda: lib.move_feed(feed_id, None if folder_id < 0 else folder_id), "Feed moved.")

    def new_folder(self) -> None:
        name = self.prompts.text(self, "New Folder", "Folder name (use / for a subfolder):")
        if name and name.strip():
            lib = self.library
            self._write(lambda: lib.create_folder(name.strip()), f"Folder “{name.strip()}” created.")

    def _tree_menu(self, pos: Any) -> None:
        index = self.tree.indexAt(pos)
        key = str(index.siblingAtColumn(0).data(Qt.ItemDataRole.UserRole + 10) or "") if index.isValid() else ""
        menu = self.tree_menu(key)
        menu.popup(self.tree.viewport().mapToGlobal(pos))

    def tree_menu(self, key: str) -> QMenu:
        """The context menu for a tree row (built, not shown, so tests can trigger its actions)."""
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        kind, ident = key_id(key)
        lib = self.library
        if kind in ("feed", "folder"):
            ids = self.tree_model.feed_ids_under(key)
            menu.addAction("Refresh", lambda: self.refresh(ids) if ids else None)
            selection = key_selection(key)
            menu.addAction("Mark All Read", lambda: self._mark_key_read(selection))
            menu.addAction("Rename…", lambda: self.rename(key))
        if kind == "feed" and ident is not None:
            menu.addAction("Move to Folder…", lambda: self.choose_folder_for(ident))
            menu.addAction("Delete…", lambda: self.delete(key))
        if kind == "folder" and ident is not None:
            menu.addAction("Delete Folder…", lambda: self.delete(key))
        if kind == "smart":
            menu.addAction("Mark All Read", lambda: self._mark_key_read(key_selection(key)))
        menu.addSeparator()
        menu.addAction(self.act_new_folder)
        menu.addAction(self.act_add)
        return menu

    def _mark_key_read(self, selection: Selection | None) -> None:
        if selection is None:
            return
        lib = self.library
        if selection == key_selection(self._key or ""):
            self.list_model.mark_all_read()
        self.workers.submit("write", lambda: lib.mark_all_read(selection), lambda _n: self.reload_counts(), self.show_status, lane="write", latest_only=False)

    def rename(self, key: str) -> None:
        kind, ident = key_id(key)
        lib = self.library
        if kind == "feed" and ident is not None and (feed := self.tree_model.feed(ident)):
            title = self.prompts.text(self, "Rename Feed", "Name:", feed.title)
            if title is not None:
                self._write(lambda: lib.rename_feed(ident, title), "Feed renamed.")
        elif kind == "folder" and ident is not None and (folder := self.tree_model.folder(ident)):
            title = self.prompts.text(self, "Rename Folder", "Name:", folder.title)
            if title is not None:
                self._write(lambda: lib.rename_folder(ident, title), "Folder renamed.")

    def choose_folder_for(self, feed_id: int) -> None:
        top = "(top level)"
        paths_by_name = {f.path or f.title: f.id for f in self.tree_model.folders()}
        choice = self.prompts.choose(self, "Move Feed", "Folder:", [top, *sorted(paths_by_name)])
        if choice is not None:
            self.move_feed(feed_id, paths_by_name.get(choice, -1))

    def delete(self, key: str) -> None:
        kind, ident = key_id(key)
        lib = self.library
        if kind == "feed" and ident is not None and (feed := self.tree_model.feed(ident)):
            if self.prompts.confirm(self, "Delete Feed", f"Unsubscribe from “{feed.title}”? Its saved articles are kept."):
                self._write(lambda: lib.delete_feed(ident), "Feed deleted.")
        elif kind == "folder" and ident is not None and (folder := self.tree_model.folder(ident)):
            if self.prompts.confirm(self, "Delete Folder", f"Delete the folder “{folder.title}”?"):
                self._write(lambda: lib.delete_folder(ident), "Folder deleted.")

    # --- OPML and preferences ---------------------------------------------------------------------------

    def import_opml(self) -> None:
        path = self.prompts.open_file(self, "Import OPML", "OPML files (*.opml *.xml);;All files (*)")
        if not path:
            return
        lib = self.library

        def run() -> Any:
            try:
                data = Path(path).read_bytes()
            except OSError as err:
                raise BylineError(f"cannot read {path}: {err.strerror or err}") from err
            return lib.import_opml(data)

        def done(result: Any) -> None:
            skipped = f", skipped {len(result.skipped)}" if result.skipped else ""
            self.show_status(f"Imported {result.added} feeds ({result.present} already present{skipped}).")
            self.reload_tree()
            if result.added:
                self.refresh(force=False)

        self.workers.submit("import", run, done, lambda m: self.show_status(f"Import failed: {m}"), lane="write", latest_only=False)

    def export_opml(self) -> None:
        path = self.prompts.save_file(self, "Export OPML", "subscriptions.opml", "OPML files (*.opml)")
        if not path:
            return
        lib = self.library

        def run() -> int:
            text = lib.export_opml()
            target = Path(path)
            tmp = target.with_name(target.name + ".part")
            try:
                tmp.write_text(text, encoding="utf-8")
                tmp.replace(target)
            except OSError as err:
                tmp.unlink(missing_ok=True)
                raise BylineError(f"cannot write {path}: {err.strerror or err}") from err
            return len(text)

        self.workers.submit("export", run, lambda _n: self.show_status(f"Exported subscriptions to {path}."), self.show_status, lane="read", latest_only=False)

    def preferences_dialog(self) -> PreferencesDialog:
        dialog = PreferencesDialog(self.prefs, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.set_preferences(dialog.values()))
        self.prefs_dialog = dialog
        dialog.open()
        return dialog

    def set_preferences(self, prefs: Preferences) -> None:
        lib = self.library
        images_changed = prefs.images != self.prefs.images

        def write() -> None:
            for key, value in prefs.__dict__.items():
                lib.set_setting(key, value)

        def done(_r: object) -> None:
            self.show_status("Preferences saved.")
            if images_changed and self._article is not None:
                self.show_article(self._article.id)

        self._apply_settings(prefs)
        self.workers.submit("prefs", write, done, self.show_status, lane="write", latest_only=False)
