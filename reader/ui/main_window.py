"""The main window: feed tree, article list and article pane, the selection flow, the status bar.

``MainWindow(library)`` builds everything it needs; nothing is global. Every
library read runs in ``Workers``: the list's ids and pages through
``ListController``, tree edits and OPML through ``TreeController``, the shown
article (marks, links, images) through ``ArticleController``; the commands,
menus and toolbar come from ``actions.ACTIONS``.

Signals (mostly for tests and the screenshot script):
    tree_loaded(): the feed tree was rebuilt from the library.
    list_loaded(): the article list holds the ids of the current selection.
    article_shown(int): the pane shows that article.
    counts_updated(): unread counts were re-read from the library.
    search_shown(int): search results replaced the list (how many).
    status_shown(str): a status bar message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QItemSelectionModel, QModelIndex, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QIcon, QPixmap
from PySide6.QtWidgets import QLabel, QLineEdit, QListView, QMainWindow, QProgressBar, QSplitter, QStackedWidget, QToolButton

from reader import paths
from reader.core.models import FeedResult, FeedStatus, RefreshProgress, RefreshSummary, Selection, SmartFeed
from reader.ui.actions import Actions
from reader.ui.article_controller import ArticleController
from reader.ui.article_list import DATE_COL, TITLE_COL, ArticleListModel, ArticleListView, HtmlDelegate, SearchResultsModel
from reader.ui.article_view import ArticlePane, load_css, open_in_browser
from reader.ui.dialogs import AddFeedDialog, Preferences, PreferencesDialog, Prompts
from reader.ui.feed_tree import FeedTreeModel, FeedTreeView, key_selection
from reader.ui.list_controller import ListController
from reader.ui.tree_controller import TreeController, sample_files
from reader.ui.workers import Workers

__all__ = ["MainWindow", "sample_files"]

PANE_SIZES = (240, 500, 540)  # tree, list, article at 1280 px: the article's 38 em column still fits


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
        self._restore_article: int | None = None
        self._closed = False
        self.prefs = Preferences(60, False, 0, 0, 0)
        self.setWindowTitle("Byline")
        self._set_icon()
        self._build_panes()
        self.tree_edits = TreeController(
            library, self.workers, self.tree, self.tree_model, self.prompts, self,
            resources=self.resources, extra_actions=lambda: [self.actions.new_folder, self.actions.add],
        )
        self.tree_edits.status_reported.connect(self.show_status)
        self.tree_edits.tree_edited.connect(self._on_tree_edited)
        self.tree_edits.refresh_requested.connect(lambda ids: self.refresh(ids or None, force=bool(ids)))
        self.tree_edits.marked_read.connect(self._on_marked_read)
        self.tree_edits.images_changed.connect(self._on_images_changed)
        self.lists = ListController(library, self.workers, self.list_model, self.list)
        self.lists.next_found.connect(self._on_next_found)
        self.articles = ArticleController(
            library, self.workers, self.pane, self.list_model, self.search_model, self.tree_model,
            open_external=self.open_external, parent=self,
        )
        self.articles.article_shown.connect(self.article_shown.emit)
        self.articles.status_reported.connect(self.show_status)
        self.articles.marks_written.connect(self.reload_counts)
        self.articles.article_requested.connect(self.open_in_place)
        self.articles.search_requested.connect(self.search_for)
        self.articles.command_requested.connect(self._run_command)
        self.articles.full_copy_toggled.connect(self._on_full_copy_toggled)
        self._build_actions()
        self._build_status()
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

        self.list_model = ArticleListModel(self)
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

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.middle)
        self.splitter.addWidget(self.pane)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes(list(PANE_SIZES))
        self.setCentralWidget(self.splitter)

    def _build_actions(self) -> None:
        self.search_field = QLineEdit()
        self.search_field.setPlaceholderText("Search (/)")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setMaximumWidth(320)
        self.search_field.textEdited.connect(lambda _t: self._search_timer.start())
        self.search_field.returnPressed.connect(self.run_search)
        self.actions = Actions(self, {
            "add": self.add_feed_dialog,
            "new_folder": self.tree_edits.new_folder,
            "import_opml": self.tree_edits.import_opml,
            "export_opml": self.tree_edits.export_opml,
            "prefs": self.preferences_dialog,
            "quit": self.close,
            "unread_only": self.load_list,
            "full_copy": self.articles.toggle_full_copy,
            "zoom_in": lambda: self.pane.zoomIn(1),
            "zoom_out": lambda: self.pane.zoomOut(1),
            "zoom_reset": self.pane.reset_zoom,
            "search": self.focus_search,
            "escape": self.leave_search,
            "next": lambda: self.step(1),
            "prev": lambda: self.step(-1),
            "next_unread": self.next_unread,
            "page": self.page_or_next,
            "read": self.toggle_read,
            "save": self.toggle_saved,
            "all_read": self.mark_all_read,
            "open": self.open_current,
            "refresh": lambda: self.refresh(force=True),
            "refresh_feed": self.refresh_current,
            "cancel": self.workers.cancel_refresh,
        })
        self.actions.build_menus()
        self.actions.build_toolbar(self.search_field)

    def _build_status(self) -> None:
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.cancel_button = QToolButton()
        self.cancel_button.setDefaultAction(self.actions.cancel)
        self.cancel_button.setText("Cancel")
        status = self.statusBar()
        self.count_label = QLabel()
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        status.addWidget(self.status_label, 1)
        status.addPermanentWidget(self.count_label)
        status.addPermanentWidget(self.progress)
        status.addPermanentWidget(self.cancel_button)
        self.progress.hide()
        self.cancel_button.hide()

    def _hold_tree_focus(self) -> None:
        """Give the tree a current row before it is shown, so focusing it selects nothing by itself."""
        selection = self.tree.selectionModel()
        selection.blockSignals(True)
        self.tree.setCurrentIndex(self.tree_model.index_of("smart:unread"))
        selection.blockSignals(False)

    # --- settings and state ------------------------------------------------------------------

    def load_settings(self) -> None:
        """Read preferences in a worker and apply them."""
        keys = ("refresh_interval_minutes", "images", "retention_days", "font_size", "mark_read_delay_ms")
        lib = self.library
        self.workers.submit("settings", lambda: Preferences(**{k: lib.setting(k) for k in keys}), self._apply_settings)

    def _apply_settings(self, prefs: Preferences) -> None:
        self.prefs = prefs
        self.articles.mark_read_delay_ms = int(prefs.mark_read_delay_ms or 0)
        minutes = int(prefs.refresh_interval_minutes or 0)
        if minutes > 0:
            self._refresh_timer.start(minutes * 60_000)
        else:
            self._refresh_timer.stop()
        font = QFont(self.font())
        if prefs.font_size:
            font.setPointSize(int(prefs.font_size))
        self.pane.set_base_font(font)

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
        self.actions.unread_only.setChecked(str(s.value("unread_only", "false")).lower() == "true")

    def save_state(self) -> None:
        s = self.settings
        s.setValue("geometry", self.saveGeometry())
        s.setValue("splitter", self.splitter.saveState())
        s.setValue("list_header", self.list.horizontalHeader().saveState())
        s.setValue("selected_key", self._key or "")
        shown = self.articles.article
        s.setValue("selected_article", shown.id if shown else "")
        s.setValue("unread_only", self.actions.unread_only.isChecked())
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
        for timer in (self._counts_timer, self._search_timer, self._refresh_timer):
            timer.stop()
        self.articles.stop()
        self.lists.cancel_search()
        self.workers.shutdown()

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

    def _on_tree_edited(self, select: str) -> None:
        if select:
            self._key = select
            self._restore_article = None
            self.reload_tree()
        else:
            self.reload_tree()
            self.load_list()

    def _load_icons(self, feed_ids: list[int]) -> None:
        lib = self.library

        def read() -> dict[int, bytes]:
            found = {}
            for feed_id in feed_ids:
                icon = lib.feed_icon(feed_id)
                if icon:
                    found[feed_id] = icon.data
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

    def _on_tree_current(self, _current: QModelIndex, _previous: QModelIndex) -> None:
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
        return Selection(selection.smart, selection.feed_id, selection.folder_id, self.actions.unread_only.isChecked())

    def load_list(self) -> None:
        """Load the ids of the selected tree row in a worker, keeping the shown article selected."""
        selection = self.current_selection()
        if selection is None:
            return
        shown = self.articles.article
        keep = self._restore_article or (shown.id if shown else None)

        def loaded() -> None:
            self._restore_article = None
            row = self.list_model.row_of(keep) if keep is not None else None
            if row is not None:
                self._select_row(row, show=shown is None or shown.id != keep)
            n = self.list_model.rowCount()
            self.count_label.setText(f"{n:,} article{'' if n == 1 else 's'}")
            self.list_loaded.emit()

        self.lists.load(selection, loaded)

    def _on_header_clicked(self, _section: int) -> None:
        order = Qt.SortOrder.AscendingOrder if self.list_model.newest_first else Qt.SortOrder.DescendingOrder
        self.list_model.sort(DATE_COL, order)
        self.list.horizontalHeader().setSortIndicator(DATE_COL, order)

    def _select_row(self, row: int, *, show: bool = True) -> None:
        index = self.list_model.index(row, TITLE_COL)
        selection = self.list.selectionModel()
        if not show:
            selection.blockSignals(True)
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        if not show:
            selection.blockSignals(False)
            self.list.viewport().update()
        self.list.scrollTo(index)

    def _on_list_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        article_id = self.list_model.article_id(current.row()) if current.isValid() else None
        if article_id is not None:
            self.show_article(article_id)

    def _on_result_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        article_id = self.search_model.article_id(current.row()) if current.isValid() else None
        if article_id is not None:
            self.show_article(article_id)

    def _in_results(self) -> bool:
        return self.middle.currentWidget() is self.results

    def step(self, delta: int) -> None:
        """j / k: the next or previous row of the list (or of the search results)."""
        self.lists.cancel_search()
        view: Any = self.results if self._in_results() else self.list
        count = view.model().rowCount()
        if not count:
            return
        row = view.currentIndex().row()
        row = 0 if row < 0 and delta > 0 else max(0, min(count - 1, row + delta))
        if view is self.list:
            self._select_row(row)
        else:
            view.setCurrentIndex(self.search_model.index(row, 0))

    def next_unread(self) -> None:
        """n: select the next unread article after the current one (looked up in a worker)."""
        if self._in_results():
            model = self.search_model
            for row in range(self.results.currentIndex().row() + 1, model.rowCount()):
                if model.index(row, 0).data(Qt.ItemDataRole.UserRole + 2):
                    self.results.setCurrentIndex(model.index(row, 0))
                    return
            self.show_status("No more unread articles here.")
            return
        self.lists.find_next_unread(self.list.currentIndex().row() + 1)

    def _on_next_found(self, article_id: int) -> None:
        row = self.list_model.row_of(article_id) if article_id >= 0 else None
        if row is None:
            self.show_status("No more unread articles here.")
            return
        self._select_row(row)

    def page_or_next(self) -> None:
        """Space: page down the article; at its end, the next unread one."""
        bar = self.pane.verticalScrollBar()
        if bar.value() < bar.maximum():
            bar.setValue(min(bar.maximum(), bar.value() + bar.pageStep()))
        else:
            self.next_unread()

    # --- article (shown, marked and routed by ArticleController) --------------------------------

    def show_article(self, article_id: int) -> None:
        """Render an article in a worker and show it in the pane (marked read after the configured delay)."""
        self.articles.show(article_id)

    def _target(self) -> tuple[int, int | None] | None:
        """(article id, feed id) the keys act on: the current row of the list, else the shown article."""
        if not self._in_results():
            row = self.list.currentIndex().row()
            article_id = self.list_model.article_id(row)
            if article_id is not None and self.list_model.row_data(row) is not None:
                return article_id, self.list_model.feed_of(row)
        shown = self.articles.article
        if shown is not None:
            return shown.id, shown.feed_id
        return None

    def toggle_read(self) -> None:
        """m: mark the current article read or unread."""
        target = self._target()
        if target is not None:
            self.articles.toggle_read(*target)

    def toggle_saved(self) -> None:
        """s: save (with a full offline copy) or unsave the current article."""
        target = self._target()
        if target is not None:
            self.articles.toggle_saved(target[0])

    def _on_full_copy_toggled(self, full_copy: bool) -> None:
        self.actions.full_copy.setText("Show Feed's &Text" if full_copy else "Show Full &Copy")

    def open_current(self) -> None:
        if self.search_field.hasFocus():
            self.run_search()
            return
        self.articles.open_original()

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

    def _on_images_changed(self, feed_id: int) -> None:
        """Show the current article again when its feed's image policy changed."""
        shown = self.articles.article
        if shown is not None and shown.feed_id == feed_id:
            self.articles.show(shown.id)

    def _on_marked_read(self, selection: Selection) -> None:
        current = self.current_selection()
        if current is not None and replace(current, unread_only=False) == selection:
            self.list_model.mark_all_read()
        self.reload_counts()

    def open_in_place(self, article_id: int) -> None:
        """Show an article in the pane, selecting it in the list when it is there."""
        row = self.list_model.row_of(article_id) if not self._in_results() else None
        if row is not None:
            self._select_row(row)
        else:
            self.show_article(article_id)

    def _run_command(self, command: str) -> None:
        """A ``byline:`` link of the window's own pages."""
        if command == "sample":
            self.tree_edits.load_sample()
        elif command == "addfeed":
            self.add_feed_dialog()

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
        if self._in_results() or self.search_field.text():
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
        ids = self.tree_model.feed_ids_under(self.tree.current_key() or "")
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

    # --- dialogs ------------------------------------------------------------------------------------------

    def add_feed_dialog(self) -> AddFeedDialog:
        return self.tree_edits.add_feed_dialog(self._key or "")

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
            if images_changed:
                self.articles.reshow()

        self._apply_settings(prefs)
        self.workers.submit("prefs", write, done, self.show_status, lane="write", latest_only=False)
