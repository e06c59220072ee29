"""The main window: feed tree, article list and article pane, the selection flow, the status bar.

``MainWindow(library)`` builds everything it needs; nothing is global. Every
library call runs in ``Workers``: the list's ids and pages through
``ListController``, tree edits and OPML through ``TreeController``, the shown
article (marks, links, images) through ``ArticleController``, search through
``SearchController``, refreshes through ``RefreshController``, feed logins
through ``LoginController``, rules and smart feeds through
``InboxController``, the notification and the tray icon through
``DesktopController``; the commands, menus and toolbar (``window.commands``)
come from ``actions.ACTIONS`` with the user's own keys.
The window itself keeps the layout, the tree's loading, the selection flow
between the panes and the preferences.

Size: past 600 lines because this is the glue of five controllers: the
selection flow between the panes (which article the pane may show, the empty
state, search and back), the saved window state and the preferences. The
behaviour itself lives in the controllers, the tree's feed actions in
``TreeController``, the pane's history and downloads in ``ArticleController``
and the splitter's rules in ``panes``; move more out before adding here.

Signals (mostly for tests and the screenshot script):
    tree_loaded(): the feed tree was rebuilt from the library.
    list_loaded(): the article list holds the ids of the current selection.
    article_shown(int): the pane shows that article.
    counts_updated(): unread counts were re-read from the library.
    search_shown(int): search results replaced the list (how many).
    status_shown(str): a status bar message.
    quit_requested(): the window closed for good (not into the tray): the application should end.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QItemSelectionModel, QModelIndex, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QIcon, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QProgressBar,
    QStackedWidget,
    QToolButton,
)

from reader import paths
from reader.core.models import Account, Feed, Folder, Notice, SavedSearch, Selection, SmartFeed, TreeCounts
from reader.core.settings import Settings
from reader.ui.accessibility import announce, name_qt_parts
from reader.ui.account_controller import AccountController
from reader.ui.actions import THEME_ACTIONS, Actions
from reader.ui.article_controller import ArticleController
from reader.ui.article_list import DATE_COL, TITLE_COL, ArticleListModel, ArticleListView
from reader.ui.article_view import ArticlePane, empty_state_html, open_in_browser, welcome_html
from reader.ui.desktop_controller import DesktopController
from reader.ui.feed_tree import FeedTreeModel, FeedTreeView, key_id, key_selection, lens_icon
from reader.ui.first_list import HeadStart, keeping, saved_view, window_state
from reader.ui.i18n import arg, available_languages, translate
from reader.ui.inbox_controller import InboxController
from reader.ui.list_controller import ListController
from reader.ui.login_controller import LoginController
from reader.ui.panes import PaneSplitter
from reader.ui.prompts import Prompts, suggested_path
from reader.ui.refresh_controller import RefreshController
from reader.ui.search_controller import SearchController
from reader.ui.search_results import SearchResultsModel, SearchResultsView
from reader.ui.shortcuts import ShortcutsWindow, effective_keys
from reader.ui.style import apply_theme, article_font, load_css
from reader.ui.tree_controller import TreeController, sample_files
from reader.ui.workers import JobKind, Workers

if TYPE_CHECKING:
    from reader.core.library import Library
    from reader.ui.dialogs import AddFeedDialog, PreferencesDialog

__all__ = ["MainWindow"]

NOTICE_KEY = "notice"  # the list shows the articles of the notification that was clicked (not a tree row)


class MainWindow(QMainWindow):
    """Three panes (tree, list or search results, article) over one ``Library``; see the module docstring."""

    commands: Actions
    refresh_controller: RefreshController

    tree_loaded = Signal()
    list_loaded = Signal()
    article_shown = Signal(int)
    counts_updated = Signal()
    search_shown = Signal(int)
    status_shown = Signal(str)
    integrity_failed = Signal(str)  # the daily check found the file damaged: its one-line message
    quit_requested = Signal()

    def __init__(
        self,
        library: Library,
        *,
        open_external: Callable[[str], object] | None = None,
        prompts: Prompts | None = None,
        resources: Path | None = None,
        tray_available: bool | None = None,
        tray_factory: Callable[[QObject], object] | None = None,
        bus_address: str | None = None,
        workers: Workers | None = None,
        first_head: HeadStart | None = None,
    ) -> None:
        super().__init__()
        self.library = library
        self.open_external = open_external or open_in_browser
        self.prompts = prompts or Prompts()
        self.resources = resources or paths.resources_dir()
        self.window_state = window_state(library.data_dir)
        self.workers = workers if workers is not None else Workers(self)
        self.workers.setParent(self)
        self._first_head = first_head  # the restored list's head, read while this window was built (app.run)
        self.integrity_cancel = threading.Event()  # set on close: stops the daily check (app.py)
        self._key: str | None = None
        self._has_feeds = False
        self._tree_ready = False
        self._early_list: Selection | None = None  # read before the tree: skipped when the tree picks it
        self._theme = "system"  # what the application's palette follows now
        self._restore_article: int | None = None
        self._closed = False
        self._quitting = False
        self._notice: Notice | None = None
        self.shortcuts_view: ShortcutsWindow | None = None
        self.preferences = Settings()  # until the library's are read
        self.setWindowTitle("Byline")  # notr: the name
        self._set_icon()
        self._build_panes()
        self.account_controller = AccountController(library, self.workers, self.tree_model, self.prompts, self)
        self.account_controller.status_reported.connect(self.show_status)
        self.account_controller.tree_edited.connect(self._on_tree_edited)
        self.tree_controller = TreeController(
            library, self.workers, self.tree, self.tree_model, self.prompts, self,
            resources=self.resources, extra_actions=lambda: [self.commands.new_folder, self.commands.add],
            account_actions=self.account_controller.actions_for,
            search_actions=lambda sid: self.inbox_controller.search_actions(sid, self.tree_model.search(sid)),
        )
        self.inbox_controller = InboxController(library, self.workers, self.prompts, self)
        self.inbox_controller.status_reported.connect(self.show_status)
        self.inbox_controller.tree_edited.connect(self._on_tree_edited)
        self.inbox_controller.articles_changed.connect(lambda: self._on_tree_edited(""))
        self.tree_controller.status_reported.connect(self.show_status)
        self.tree_controller.tree_edited.connect(self._on_tree_edited)
        self.tree_controller.refresh_requested.connect(lambda ids: self.refresh_controller.refresh(ids or None, force=bool(ids)))
        self.tree_controller.forced_refresh_requested.connect(
            lambda ids: self.refresh_controller.refresh(ids, force=True, override=True)
        )
        self.tree_controller.marked_read.connect(self._on_marked_read)
        self.tree_controller.images_changed.connect(self._on_images_changed)
        self.list_controller = ListController(library, self.workers, self.list_model, self.list)
        self.list_controller.next_found.connect(self._on_next_found)
        self.article_controller = ArticleController(
            library, self.workers, self.pane, self.list_model, self.search_model, self.tree_model,
            open_external=self.open_external, parent=self,
        )
        self.article_controller.article_shown.connect(self.article_shown.emit)
        self.article_controller.status_reported.connect(self.show_status)
        self.article_controller.marks_written.connect(self.reload_counts)
        self.article_controller.article_requested.connect(self.open_in_place)
        self.article_controller.command_requested.connect(self._run_command)
        self.article_controller.full_copy_toggled.connect(self._on_full_copy_toggled)
        self.article_controller.history_changed.connect(self._on_history)
        self.article_controller.save_path = lambda name: self.prompts.save_file(
            self,
            translate("MainWindow", "Download Attachment"),
            suggested_path(name, downloads=True),
            translate("MainWindow", "All files (*)"),
        )
        self.search_field = QLineEdit()
        self.search_field.setPlaceholderText(translate("MainWindow", "Search (/)"))
        self.search_field.setAccessibleName(translate("MainWindow", "Search"))
        self.search_field.setAccessibleDescription(
            translate("MainWindow", "Search every cached article; Enter searches now, Esc goes back")
        )
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setMaximumWidth(320)
        self.search_controller = SearchController(
            library, self.workers, self.search_field, self.results, self.search_model, self.middle, self.list,
            saved_only=lambda: self._key == f"smart:{SmartFeed.SAVED.value}",
        )
        self.search_controller.search_shown.connect(self.search_shown.emit)
        self.search_controller.search_shown.connect(lambda n: self.count_label.setText(translate("MainWindow", "%Ln result(s)", None, n)))
        self.search_controller.status_reported.connect(self.show_status)
        self.search_controller.article_selected.connect(self.show_article)
        self.search_controller.left.connect(self._after_search)
        self.article_controller.search_requested.connect(self.search_controller.search_for)
        self.article_controller.related_found.connect(self.search_controller.show_related)
        self._build_commands()
        self._build_status()
        self._counts_timer = QTimer(self, singleShot=True, interval=250)
        self._counts_timer.timeout.connect(self.reload_counts)
        self.refresh_controller = RefreshController(library, self.workers, self.tree_model, self.progress, self.cancel_button, self)
        self.refresh_controller.status_reported.connect(self.show_status)
        self.refresh_controller.articles_arrived.connect(self._counts_timer.start)
        self.refresh_controller.finished.connect(self._on_refresh_finished)
        self.login_controller = LoginController(library, self.workers, self.refresh_controller, self)
        self.login_controller.status_reported.connect(self.show_status)
        self.login_controller.tree_changed.connect(self._on_tree_edited)
        self.tree_controller.login_requested.connect(self.login_controller.ask_for_feed)
        self.tree_controller.login_forgotten.connect(self.login_controller.forget)
        self.tree_controller.add_needs_login.connect(self.login_controller.ask_for_new_feed)
        extra: dict[str, object] = {} if tray_factory is None else {"tray_factory": tray_factory}
        self.desktop = DesktopController(
            library, self.workers, self.windowIcon(), self, tray_available=tray_available, bus_address=bus_address,
            **extra,  # type: ignore[arg-type]
        )
        self.desktop.status_reported.connect(self.show_status)
        self.desktop.notice_opened.connect(self.open_notice)
        self.desktop.show_requested.connect(self.bring_up)
        self.desktop.refresh_requested.connect(lambda: self.refresh_controller.refresh(force=True))
        self.desktop.quit_requested.connect(self.quit_app)
        self.refresh_controller.summarized.connect(self.desktop.refreshed)
        self.account_controller.synced.connect(self.desktop.synced)
        self._restore_state()
        self._hold_tree_focus()
        self.load_settings()
        self._load_first_list()
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
        self.tree.setAccessibleName(translate("MainWindow", "Feeds"))
        self.tree.setAccessibleDescription(translate("MainWindow", "Smart feeds, folders and feeds with their unread counts"))
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current)

        self.list_model = ArticleListModel(self)
        self.list = ArticleListView()
        self.list.setModel(self.list_model)
        self.list.setAccessibleName(translate("MainWindow", "Articles"))
        self.list.setAccessibleDescription(translate("MainWindow", "The articles of the selected feed, newest first"))
        self.list.setSortingEnabled(False)
        self.list.horizontalHeader().sectionClicked.connect(self._on_header_clicked)
        self.list.selectionModel().currentChanged.connect(self._on_list_current)

        self.search_model = SearchResultsModel(self)
        self.results = SearchResultsView()
        self.results.setModel(self.search_model)
        self.results.setAccessibleName(translate("MainWindow", "Search results"))

        self.middle = QStackedWidget()
        self.middle.addWidget(self.list)
        self.middle.addWidget(self.results)

        self.pane = ArticlePane(load_css(self.resources))

        self.splitter = PaneSplitter(self.tree, self.middle, self.pane)
        self.setCentralWidget(self.splitter)

    def _build_commands(self) -> None:
        self.commands = Actions(self, {
            "add": self.add_feed_dialog,
            "add_account": self.account_controller.add_account_dialog,
            "sync": self.account_controller.sync_now,
            "new_folder": self.tree_controller.new_folder,
            "import_opml": self.tree_controller.import_opml,
            "export_opml": self.tree_controller.export_opml,
            "prefs": self.preferences_dialog,
            "quit": self.quit_app,
            "unread_only": self.load_list,
            "full_copy": self.article_controller.toggle_full_copy,
            "zoom_in": lambda: self.pane.zoomIn(1),
            "zoom_out": lambda: self.pane.zoomOut(1),
            "zoom_reset": self.pane.reset_zoom,
            "search": self.search_controller.focus,
            "escape": self.escape,
            "back": self.article_controller.back,
            "forward": self.article_controller.forward,
            "save_search": lambda: self.inbox_controller.save_search(self.search_field.text()),
            "next": lambda: self.step(1),
            "prev": lambda: self.step(-1),
            "next_unread": self.next_unread,
            "page": self.page_or_next,
            "read": self.toggle_read,
            "save": self.toggle_saved,
            "keep_images": self.article_controller.keep_images,
            "all_read": self.mark_all_read,
            "mute": self.mute_current,
            "open": self.open_current,
            "refresh": lambda: self.refresh_controller.refresh(force=True),
            "refresh_feed": self.refresh_current,
            "cancel": self.workers.cancel_refresh,
            **self.tree_controller.feed_action_slots(),
            **{name: self._theme_slot(theme) for name, theme in THEME_ACTIONS.items()},
            "rules": self.inbox_controller.rules_dialog,
            "shortcuts": self.shortcuts_window,
        }, icons=self.resources / "icons")
        for menu in self.commands.build_menus():
            menu.aboutToShow.connect(lambda: self.tree_controller.update_feed_actions(self.commands))
        self._toolbar = self.commands.build_toolbar(self.search_field)
        self.tree_controller.update_feed_actions(self.commands)
        self._on_history(False, False)
        self.article_controller.follow_mouse_buttons(self)
        self.commands.save_search.setIcon(lens_icon(self.palette().color(QPalette.ColorRole.Text)))
        self.search_field.addAction(self.commands.save_search, QLineEdit.ActionPosition.TrailingPosition)
        for view in (self.list, self.results):
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(lambda pos, v=view: self.article_menu(v, pos))

    def _build_status(self) -> None:
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.cancel_button = QToolButton()
        self.cancel_button.setDefaultAction(self.commands.cancel)
        self.cancel_button.setText(translate("MainWindow", "Cancel"))
        self.cancel_button.setAccessibleName(translate("MainWindow", "Cancel refresh"))
        self.progress.setAccessibleName(translate("MainWindow", "Refresh progress"))
        status = self.statusBar()
        self.count_label = QLabel()
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setAccessibleDescription(translate("MainWindow", "Status"))
        self.count_label.setAccessibleDescription(translate("MainWindow", "Articles in the list"))
        status.addWidget(self.status_label, 1)
        status.addPermanentWidget(self.count_label)
        status.addPermanentWidget(self.progress)
        status.addPermanentWidget(self.cancel_button)
        name_qt_parts(self.splitter, self._toolbar, self.search_field, status)

    def _hold_tree_focus(self) -> None:
        """Give the tree a current row before it is shown, so focusing it selects nothing by itself."""
        selection = self.tree.selectionModel()
        selection.blockSignals(True)
        self.tree.setCurrentIndex(self.tree_model.index_of("smart:unread"))
        selection.blockSignals(False)

    # --- settings and state ------------------------------------------------------------------

    def load_settings(self) -> None:
        """Read the library's ``Settings`` in a worker and apply them."""
        self.workers.submit(JobKind.SETTINGS, self.library.settings, self._apply_settings)

    def _apply_settings(self, settings: Settings) -> None:
        self.preferences = settings
        self.article_controller.mark_read_delay_ms = settings.mark_read_delay_ms
        self.refresh_controller.set_interval(settings.refresh_interval_minutes)
        self.pane.set_base_font(article_font(self.font(), settings.font_size))
        for name, theme in THEME_ACTIONS.items():
            self.commands.by_name[name].setChecked(settings.theme == theme)
        if settings.theme != self._theme:
            self._apply_theme(settings.theme)
        keys = effective_keys(settings.shortcut_map())
        self.commands.apply_keys(keys)
        if self.shortcuts_view is not None:
            self.shortcuts_view.set_keys(keys)
        self.desktop.apply(settings)

    def _apply_theme(self, theme: str) -> None:
        self._theme = theme
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, theme)
        self.pane.apply_style()

    def _theme_slot(self, theme: str) -> Callable[[], None]:
        return lambda: self.set_theme(theme)

    def set_theme(self, theme: str) -> None:
        """View > Theme: System, Light or Dark, at once and kept in the preferences."""
        self.set_preferences(self.preferences.replace(theme=theme))

    def _restore_state(self) -> None:
        s = self.window_state
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
            self.list.apply_layout()  # an old state may hold a fixed title width
        view = saved_view(s)
        self._key = view.key
        self._restore_article = view.article
        self.commands.unread_only.setChecked(view.unread_only)

    def save_state(self) -> None:
        s = self.window_state
        s.setValue("geometry", self.saveGeometry())
        s.setValue("splitter", self.splitter.saveState())
        s.setValue("list_header", self.list.horizontalHeader().saveState())
        s.setValue("selected_key", self._key or "")
        shown = self.article_controller.article
        s.setValue("selected_article", shown.id if shown else "")
        s.setValue("unread_only", self.commands.unread_only.isChecked())
        s.sync()

    def come_forward(self) -> None:
        """Another ``byline`` was started on this library: show this window (and what it may have added)."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        self.reload_tree()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._quitting and not self._closed and self.desktop.keeps_running():
            event.ignore()  # the tray icon brings it back; refreshes and notifications go on
            self.save_state()
            self.hide()
            self.show_status(translate("MainWindow", "Byline keeps running in the tray."))
            return
        self.shutdown()
        super().closeEvent(event)
        self.quit_requested.emit()

    def quit_app(self) -> None:
        """Quit, even when Byline keeps running in the tray."""
        self._quitting = True
        self.close()

    def bring_up(self) -> None:
        """Show the window again (from the tray or a notification)."""
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def shutdown(self) -> None:
        """Save the layout, stop timers and wait for every worker thread."""
        if self._closed:
            return
        self._closed = True
        self.save_state()
        self.desktop.close()
        self._counts_timer.stop()
        self.integrity_cancel.set()
        self.refresh_controller.stop()
        self.search_controller.stop()
        self.article_controller.stop()
        self.list_controller.cancel_search()
        self.workers.shutdown()

    def show_status(self, text: str) -> None:
        line = " ".join(text.split())
        self.status_label.setText(line)
        announce(self.status_label, line)
        self.status_shown.emit(line)

    # --- tree ----------------------------------------------------------------------------------------

    def reload_tree(self) -> None:
        lib = self.library
        self.workers.submit(
            JobKind.TREE,
            lambda: (lib.folders(), lib.feeds(), lib.smart_counts(), lib.accounts(), lib.smart_feeds()),
            self._on_tree,
        )

    def _on_tree(
        self, answer: tuple[list[Folder], list[Feed], dict[SmartFeed, int], list[Account], list[SavedSearch]]
    ) -> None:
        folders, feeds, smart, accounts, searches = answer
        self._has_feeds = bool(feeds)
        self._tree_ready = True
        self.tree_model.set_tree(folders, feeds, searches)
        self.tree_model.set_accounts(accounts)
        self.tree_model.set_counts({f.id: f.unread for f in feeds}, smart)
        self.desktop.set_unread(smart.get(SmartFeed.UNREAD, 0))
        self.tree.expandAll()
        if self._key == NOTICE_KEY:  # the notification's articles stay in the list
            self.tree_loaded.emit()
            self.tree_controller.load_icons([f.id for f in feeds])
            return
        key = self._key if self._key and self.tree_model.index_of(self._key).isValid() else "smart:unread"
        self._key = None
        self.tree.setCurrentIndex(self.tree_model.index_of(key))
        if not feeds:
            self.show_welcome()
        self.tree_loaded.emit()
        self.tree_controller.load_icons([f.id for f in feeds])

    def _on_tree_edited(self, select: str) -> None:
        if select:
            self._key = select
            self._restore_article = None
            self.reload_tree()
        else:
            self.reload_tree()
            self.load_list()

    def reload_counts(self) -> None:
        lib = self.library

        def shown(counts: TreeCounts) -> None:
            self.tree_model.set_counts(counts.feeds, counts.smart, counts.searches)
            self.desktop.set_unread(counts.smart.get(SmartFeed.UNREAD, 0))
            self.counts_updated.emit()

        self.workers.submit(JobKind.COUNTS, lib.tree_counts, shown)

    def _on_history(self, back: bool, forward: bool) -> None:
        self.commands.back.setEnabled(back)
        self.commands.forward.setEnabled(forward)

    def escape(self) -> None:
        """Esc: leave the search results; where that is not needed, Back."""
        if self.search_controller.showing() or self.search_field.text():
            self.search_controller.leave()
        else:
            self.article_controller.back()

    def _on_tree_current(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self.tree_controller.update_feed_actions(self.commands)
        key = self.tree.current_key()
        if key is None or key == self._key:
            return
        self._key = key
        self.search_controller.leave()
        self.load_list()

    def select_key(self, key: str) -> bool:
        index = self.tree_model.index_of(key)
        if index.isValid():
            self.tree.setCurrentIndex(index)
        return index.isValid()

    def show_welcome(self) -> None:
        self.article_controller.clear("")
        self.pane.show_page(welcome_html(offer_sample=bool(sample_files(self.resources))))

    # --- list ------------------------------------------------------------------------------------------

    def current_selection(self) -> Selection | None:
        if self._key == NOTICE_KEY and self._notice is not None:
            selection: Selection | None = Selection(article_ids=self._notice.article_ids)
        else:
            selection = key_selection(self._key) if self._key else None
        if selection is None:
            return None
        return replace(selection, unread_only=self.commands.unread_only.isChecked())

    def open_notice(self, notice: Notice) -> None:
        """The notification was clicked: show the window on the articles it told of."""
        self.bring_up()
        self._notice = notice
        self._key = NOTICE_KEY
        self.search_controller.leave()
        selection = self.tree.selectionModel()
        selection.blockSignals(True)
        self.tree.setCurrentIndex(QModelIndex())  # any row picked next takes the list back, All Unread too
        selection.blockSignals(False)
        self.show_status(arg(translate("MainWindow", "%1: shown in the list (pick a feed in the tree to go back)."), notice.title))
        self.load_list()

    def _load_first_list(self) -> None:
        """The restored tree row's list, before the tree: at a million articles its first page
        is the slowest read of the start (the tree's counts are kept tallies); ``app.run``
        asks for it before building the window (``first_list``), and this load takes that answer."""
        self.load_list()
        self._early_list = self.current_selection()

    def load_list(self) -> None:
        """Load the ids of the selected tree row in a worker, keeping the shown article selected."""
        selection = self.current_selection()
        if selection is None:
            return
        early, self._early_list = self._early_list, None
        if early is not None and early == selection:  # the tree picked the row whose list is read already
            if self.list_model.generation and not self.list.currentIndex().isValid() and not self.search_controller.showing():
                self.show_empty()
            return
        shown = self.article_controller.article
        keep = self._restore_article or (shown.id if shown else None)
        selection = keeping(selection, keep)  # the open article stays until the selection moves

        def loaded() -> None:
            self._restore_article = None
            row = self.list_model.row_of(keep) if keep is not None else None
            if row is not None:
                self._select_row(row, show=shown is None or shown.id != keep)
            elif not self.search_controller.showing() and self._tree_ready:
                self.show_empty()  # the pane never keeps an article the list does not hold
            self._show_list_count()
            self.list_loaded.emit()

        head, self._first_head = self._first_head, None
        self.list_controller.load(selection, loaded, keep=keep, early=head)

    def _show_list_count(self) -> None:
        self.count_label.setText(translate("MainWindow", "%Ln article(s)", None, self.list_model.rowCount()))

    def show_empty(self) -> None:
        """No current row: the pane says where the reader is instead of showing a stale article."""
        if not self._has_feeds:
            self.show_welcome()
            return
        self.list.clear_current()
        if self._key == NOTICE_KEY and self._notice is not None:  # not a tree row: the notification's own title
            rows = self.list_model.rowCount()
            unread = sum(1 for r in range(rows) if not (self.list_model.flags_of(r) or (False, False))[0])
            self.article_controller.clear(empty_state_html(self._notice.title, rows, unread))
            return
        key = self.tree.current_key() or ""
        index = self.tree_model.index_of(key)
        title = str(index.data(Qt.ItemDataRole.DisplayRole) or "Byline") if index.isValid() else "Byline"  # notr: the name
        kind, ident = key_id(key)
        feed = self.tree_model.feed(ident) if kind == "feed" and ident is not None else None
        if feed is not None:
            title = feed.title
        self.article_controller.clear(
            empty_state_html(
                title, self.list_model.rowCount(), self._unread_in(key),
                site=feed.site_url if feed else None, problem=feed.last_error if feed else None,
                description=feed.description if feed else "",
            )
        )

    def _unread_in(self, key: str) -> int | None:
        """The unread articles of a tree row's list, from the tree's counts; None when no count says it.

        Most rows count their unread articles. All Articles shows no count (its unread ones are All
        Unread's); Saved counts every saved article, read or not.
        """
        if key == f"smart:{SmartFeed.ALL.value}":
            return self.tree_model.count_of(f"smart:{SmartFeed.UNREAD.value}")
        if key == f"smart:{SmartFeed.SAVED.value}":
            return None
        return self.tree_model.count_of(key)

    def _after_search(self) -> None:
        """Back from the results: the list's row of the shown article, or the empty state; the list's count."""
        shown = self.article_controller.article
        row = self.list_model.row_of(shown.id) if shown is not None else None
        if row is not None:
            self._select_row(row, show=False)
        else:
            self.show_empty()
        self._show_list_count()
        self.show_status("")

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

    def step(self, delta: int) -> None:
        """j / k: the next or previous row of the list (or of the search results)."""
        self.list_controller.cancel_search()
        if self.search_controller.showing():
            self.search_controller.step(delta)
            return
        count = self.list_model.rowCount()
        if count:
            row = self.list.currentIndex().row()
            self._select_row(0 if row < 0 and delta > 0 else max(0, min(count - 1, row + delta)))

    def next_unread(self) -> None:
        """n: select the next unread article after the current one (looked up in a worker)."""
        if self.search_controller.showing():
            if not self.search_controller.next_unread():
                self.show_status(translate("MainWindow", "No more unread articles here."))
            return
        self.list_controller.find_next_unread(self.list.currentIndex().row() + 1)

    def _on_next_found(self, article_id: int) -> None:
        row = self.list_model.row_of(article_id) if article_id >= 0 else None
        if row is None:
            self.show_status(translate("MainWindow", "No more unread articles here."))
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
        self.article_controller.show(article_id)

    def _target(self) -> tuple[int, int | None] | None:
        """(article id, feed id) the keys act on: the current row of the list, else the shown article."""
        if not self.search_controller.showing():
            row = self.list.currentIndex().row()
            article_id = self.list_model.article_id(row)
            if article_id is not None and self.list_model.row_data(row) is not None:
                return article_id, self.list_model.feed_of(row)
        shown = self.article_controller.article
        if shown is not None:
            return shown.id, shown.feed_id
        return None

    def toggle_read(self) -> None:
        """m: mark the current article read or unread."""
        target = self._target()
        if target is not None:
            self.article_controller.toggle_read(*target)

    def toggle_saved(self) -> None:
        """s: save (with a full offline copy) or unsave the current article."""
        target = self._target()
        if target is not None:
            self.article_controller.toggle_saved(target[0])

    def _on_full_copy_toggled(self, full_copy: bool) -> None:
        self.commands.full_copy.setText(
            translate("MainWindow", "Show Feed's &Text") if full_copy else translate("Actions", "Show Full &Copy")
        )

    def open_current(self) -> None:
        if self.search_field.hasFocus():
            self.search_controller.run()
            return
        self.article_controller.open_original()

    def mute_current(self) -> None:
        """Open the Rules dialog on a new rule muting articles like the current one."""
        target = self._target()
        if target is not None:
            self.inbox_controller.mute_like(target[0])

    def article_menu(self, view: QAbstractItemView, pos: QPoint) -> QMenu:
        """The context menu of an article in the list or the search results (the row under the pointer first)."""
        index = view.indexAt(pos)
        if index.isValid() and index.row() != view.currentIndex().row():
            view.setCurrentIndex(index)
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for name in ("read", "save", "open", None, "mute"):
            if name is None:
                menu.addSeparator()
            else:
                menu.addAction(self.commands.by_name[name])
        if QApplication.platformName() != "offscreen":
            menu.popup(view.viewport().mapToGlobal(pos))
        return menu

    def shortcuts_window(self) -> ShortcutsWindow:
        """?: the Keyboard Shortcuts window, with the keys in use now."""
        if self.shortcuts_view is None:
            view = ShortcutsWindow({name: self.commands.keys_of(name) for name in self.commands.by_name}, self)
            view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            view.destroyed.connect(lambda: setattr(self, "shortcuts_view", None))
            self.shortcuts_view = view
        self.shortcuts_view.show()
        self.shortcuts_view.raise_()
        return self.shortcuts_view

    def mark_all_read(self) -> None:
        selection = self.current_selection()
        if selection is None:
            return
        self.list_model.mark_all_read()
        lib = self.library

        def done(n: int) -> None:
            self.show_status(translate("MainWindow", "Marked %Ln article(s) read.", None, n))
            self.reload_counts()

        self.workers.submit(JobKind.MARK, lambda: lib.mark_all_read(selection), done, self.show_status)

    def _on_images_changed(self, feed_id: int) -> None:
        """Show the current article again when its feed's image policy changed."""
        shown = self.article_controller.article
        if shown is not None and shown.feed_id == feed_id:
            self.article_controller.show(shown.id)

    def _on_marked_read(self, selection: Selection) -> None:
        current = self.current_selection()
        if current is not None and replace(current, unread_only=False) == selection:
            self.list_model.mark_all_read()
        self.reload_counts()

    def open_in_place(self, article_id: int) -> None:
        """Show an article in the pane, selecting it in the list when it is there (else no row stays lit)."""
        row = self.list_model.row_of(article_id) if not self.search_controller.showing() else None
        if row is not None:
            current = self.list.currentIndex().row()
            shown = self.article_controller.article
            if current == row and (shown is None or shown.id != article_id):
                self.show_article(article_id)  # the row is current already: selecting it again shows nothing
            else:
                self._select_row(row)
        else:
            if not self.search_controller.showing():
                self.list.clear_current()
            self.show_article(article_id)

    def _run_command(self, command: str) -> None:
        """A ``byline:`` link of the window's own pages."""
        if command == "sample":
            self.tree_controller.load_sample()
        elif command == "addfeed":
            self.add_feed_dialog()

    def refresh_current(self) -> None:
        """Shift+R: refresh the selected feed, or every feed of the selected folder."""
        ids = self.tree_model.feed_ids_under(self.tree.current_key() or "")
        if ids:
            self.refresh_controller.refresh(ids)

    def _on_refresh_finished(self) -> None:
        if not self._closed:
            self.reload_tree()
            self.load_list()


    # --- dialogs ------------------------------------------------------------------------------------------

    def add_feed_dialog(self) -> AddFeedDialog:
        return self.tree_controller.add_feed_dialog(self._key or "")

    def preferences_dialog(self) -> PreferencesDialog:
        from reader.ui.dialogs import PreferencesDialog  # the dialogs load when one is opened

        dialog = PreferencesDialog(
            self.preferences,
            self,
            system_font_size=self.font().pointSize(),
            tray_available=self.desktop.tray.available,
            languages=available_languages(self.resources),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._accept_preferences(dialog))
        dialog.open()
        self.login_controller.fill_proxy_user(dialog.network)
        return dialog

    def _accept_preferences(self, dialog: PreferencesDialog) -> None:
        self.set_preferences(dialog.values())
        self.login_controller.store_proxy_login(dialog.proxy_login())

    def set_preferences(self, settings: Settings) -> None:
        """Apply ``settings`` at once and store the fields that changed (``Library.update_settings``)."""
        before = self.preferences
        changes = {key: getattr(settings, key) for key in Settings.keys() if getattr(settings, key) != getattr(before, key)}
        lib = self.library

        def done(_stored: Settings) -> None:
            if "language" in changes:
                self.show_status(translate("MainWindow", "Preferences saved. The new language is used from the next start."))
            else:
                self.show_status(translate("MainWindow", "Preferences saved."))
            if "images" in changes:
                self.article_controller.reshow()

        self._apply_settings(settings)
        self.workers.submit(JobKind.SAVE_SETTINGS, lambda: lib.update_settings(**changes), done, self.show_status)
