"""Changes to the subscription tree: context menu, feed options, rename, move, delete, folders, drops, OPML, adding feeds.

``TreeController`` asks through ``Prompts``, writes through the ``WRITE`` lane of ``Workers`` and tells the window by signals;
it never rebuilds a view itself (the window reloads the tree from the library). Its dialogs are imported when opened.

Signals:
    status_reported(str): a line for the status bar.
    tree_edited(str): the library's tree changed; reload it and select that key ("" keeps the selection).
    refresh_requested(object): feed ids to refresh (list[int]; empty: every due feed).
    forced_refresh_requested(object): feed ids to refresh now though their server said to wait (Retry-After) or is gone (list[int]).
    marked_read(object): every article of that ``Selection`` was marked read.
    images_changed(int): that feed's remote-image policy changed (the shown article may follow).
    login_requested(int), login_forgotten(int): the user asked to give that feed a login ("Log In…"), or to forget it.
    add_needs_login(str, str, str): adding (address, folder) met a 401; ask, with this problem line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QIcon, QPixmap
from PySide6.QtWidgets import QMenu, QWidget

from reader.core.errors import BylineError
from reader.core.files import write_text_atomic
from reader.core.models import AddResult, DiscoveredFeed, Feed, ImportResult, Selection
from reader.core.net.agent import BROWSER_USER_AGENT
from reader.ui.actions import FEED_ACTIONS, IMAGE_ACTIONS, Actions
from reader.ui.feed_tree import KEY_ROLE, FeedTreeModel, FeedTreeView, key_id, key_selection, name_order
from reader.ui.i18n import QT_TRANSLATE_NOOP, arg, number, translate
from reader.ui.login_controller import NeedsLogin, add_or_ask
from reader.ui.prompts import Prompts, suggested_path
from reader.ui.workers import JobKind, Workers

if TYPE_CHECKING:
    from reader.core.library import Library
    from reader.ui.dialogs import AddFeedDialog, FeedPropertiesDialog

SAMPLE_SUFFIXES = (".xml", ".json", ".atom", ".rss", ".rdf")
FORCED_REFRESH = QT_TRANSLATE_NOOP("TreeController", "Refresh Now, Even If the Server Asked to Wait")


def sample_files(resources: Path) -> list[Path]:
    """The bundled sample library's feed files (empty when absent)."""
    folder = resources / "sample"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SAMPLE_SUFFIXES)


def import_summary(result: ImportResult) -> tuple[str, str]:
    """(one line, the skipped entries with their reasons) for the window's import message."""
    parts = [
        translate("TreeController", "Imported %Ln feed(s)", None, result.added),
        translate("TreeController", "%Ln already present", None, result.present),
    ]
    if result.skipped:
        parts.append(translate("TreeController", "skipped %Ln", None, len(result.skipped)))
    text = arg(translate("TreeController", "%1."), ", ".join(parts))
    if result.damage:
        text += " " + arg(translate("TreeController", "The file is %1; what could be read was imported."), result.damage)
    details = "\n".join(arg(translate("TreeController", "Skipped %1: %2"), what, why) for what, why in result.skipped)
    return text, details


class TreeController(QObject):
    status_reported = Signal(str)
    tree_edited = Signal(str)
    refresh_requested = Signal(object)
    forced_refresh_requested = Signal(object)
    marked_read = Signal(object)
    images_changed = Signal(int)
    login_requested = Signal(int)
    login_forgotten = Signal(int)
    add_needs_login = Signal(str, str, str)

    def __init__(
        self,
        library: Library,
        workers: Workers,
        tree: FeedTreeView,
        model: FeedTreeModel,
        prompts: Prompts,
        parent: QWidget,
        *,
        resources: Path,
        extra_actions: Callable[[], list[QAction]] = list,
        account_actions: Callable[[int], list[QAction]] = lambda _account_id: [],
        search_actions: Callable[[int], list[QAction]] = lambda _search_id: [],
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.workers = workers
        self.tree = tree
        self.model = model
        self.prompts = prompts
        self.widget = parent
        self.resources = resources
        self._extra_actions = extra_actions
        self._account_actions = account_actions
        self._search_actions = search_actions
        tree.customContextMenuRequested.connect(self._popup)
        model.feed_dropped.connect(self.move_feed)

    def _say(self, text: str) -> None:
        self.status_reported.emit(text)

    def _write(self, fn: Callable[[], object], done_text: str = "", select: str = "", *, remote: bool = False) -> None:
        """Run a tree edit; ``remote`` ones (an account's feed: its server is asked) go to the network lane."""
        def done(_result: object) -> None:
            if done_text:
                self._say(done_text)
            self.tree_edited.emit(select)

        self.workers.submit(JobKind.ACCOUNT if remote else JobKind.TREE_EDIT, fn, done, self._say)

    def _remote(self, feed_id: int) -> bool:
        return (feed := self.model.feed(feed_id)) is not None and feed.account_id is not None

    def _remote_folder(self, folder_id: int) -> bool:  # an account's folder or category: editing it asks the server
        return any(self._remote(fid) for fid in self.model.feed_ids_under(f"folder:{folder_id}"))

    # --- the selected feed, from the Feeds menu ------------------------------------------------

    def selected_feed(self) -> int | None:
        kind, ident = key_id(self.tree.current_key() or "")
        return ident if kind == "feed" else None

    def _on_selected_feed(self, act: Callable[[int], object]) -> None:
        feed_id = self.selected_feed()
        if feed_id is not None:
            act(feed_id)

    def feed_action_slots(self) -> dict[str, Callable[[], object]]:
        """The Feeds menu's actions on the selected feed (the context menu's, for the keyboard and menu bar)."""
        slots: dict[str, Callable[[], object]] = {
            "rename_selected": lambda: self.rename(self.tree.current_key() or ""),
            "move_selected": lambda: self._on_selected_feed(self.choose_folder_for),
            "interval_selected": lambda: self._on_selected_feed(self.ask_interval),
            "unsubscribe": lambda: self.delete(self.tree.current_key() or ""),
        }
        for name, value in IMAGE_ACTIONS.items():
            slots[name] = self._images_slot(value)
        return slots

    def _images_slot(self, allow: bool | None) -> Callable[[], object]:
        def run() -> None:
            feed_id = self.selected_feed()
            if feed_id is not None:
                self.set_images(feed_id, allow)

        return run

    def update_feed_actions(self, commands: Actions) -> None:
        """The feed actions follow the tree's selection (and the feed's image policy)."""
        feed_id = self.selected_feed()
        feed = self.model.feed(feed_id) if feed_id is not None else None
        for name in FEED_ACTIONS:
            commands.by_name[name].setEnabled(feed is not None)
        commands.by_name["rename_selected"].setEnabled(key_id(self.tree.current_key() or "")[0] in ("feed", "folder"))
        for name, value in IMAGE_ACTIONS.items():
            commands.by_name[name].setChecked(feed is not None and feed.allow_images is value)

    def load_icons(self, feed_ids: list[int]) -> None:
        """Read the feeds' site icons in a worker and show them in the tree."""
        lib = self.library

        def read() -> dict[int, bytes]:
            found: dict[int, bytes] = {}
            for feed_id in feed_ids:
                icon = lib.feed_icon(feed_id)
                if icon:
                    found[feed_id] = icon.data
            return found

        def show(found: dict[int, bytes]) -> None:
            icons: dict[int, QIcon] = {}
            for feed_id, data in found.items():
                pixmap = QPixmap()
                if pixmap.loadFromData(data):
                    icons[feed_id] = QIcon(pixmap)
            self.model.set_icons(icons)

        self.workers.submit(JobKind.ICONS, read, show)

    # --- context menu -----------------------------------------------------------------------

    def _popup(self, pos: QPoint) -> None:
        index = self.tree.indexAt(pos)
        key = str(index.siblingAtColumn(0).data(KEY_ROLE) or "") if index.isValid() else ""
        self.menu(key).popup(self.tree.viewport().mapToGlobal(pos))

    def menu(self, key: str) -> QMenu:
        """The context menu of a tree row (built, not shown, so tests can trigger its actions)."""
        menu = QMenu(self.widget)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        kind, ident = key_id(key)
        account = self.model.account_of_folder(ident) if kind == "folder" and ident is not None else None
        if account is not None:  # an account's own folder: sync it, or remove the account
            for action in self._account_actions(account.id):
                menu.addAction(action)
            menu.addAction(translate("TreeController", "Mark All Read"), lambda: self.mark_read(key_selection(key)))
            menu.addSeparator()
            for action in self._extra_actions():
                menu.addAction(action)
            return menu
        if kind in ("feed", "folder"):
            ids = self.model.feed_ids_under(key)
            menu.addAction(translate("TreeController", "Refresh"), lambda: self.refresh_requested.emit(ids) if ids else None)
        if kind == "feed" and ident is not None and self._held(ident):
            menu.addAction(translate("TreeController", FORCED_REFRESH), lambda: self.forced_refresh_requested.emit([ident]))
        if kind in ("feed", "folder", "smart", "search"):
            menu.addAction(translate("TreeController", "Mark All Read"), lambda: self.mark_read(key_selection(key)))
        if kind == "search" and ident is not None:
            for action in self._search_actions(ident):
                menu.addAction(action)
        if kind in ("feed", "folder"):
            menu.addAction(translate("TreeController", "Rename…"), lambda: self.rename(key))
        if kind == "feed" and ident is not None:
            menu.addAction(translate("TreeController", "Move to Folder…"), lambda: self.choose_folder_for(ident))
            self._images_menu(menu, ident)
            self._stories_action(menu, ident)
            menu.addAction(translate("TreeController", "Check Every…"), lambda: self.ask_interval(ident))
            self._access_menu(menu, ident)
            menu.addAction(translate("TreeController", "Properties…"), lambda: self.properties_dialog(ident))
            menu.addAction(translate("TreeController", "Unsubscribe…"), lambda: self.delete(key))
        if kind == "folder" and ident is not None:
            menu.addAction(translate("TreeController", "Delete Folder…"), lambda: self.delete(key))
        menu.addSeparator()
        for action in self._extra_actions():
            menu.addAction(action)
        return menu

    def _held(self, feed_id: int) -> bool:
        """Whether a server said this feed is gone or to wait (a plain Refresh leaves it alone)."""
        feed = self.model.feed(feed_id)
        return feed is not None and (feed.gone or feed.wait_until is not None)

    def _images_menu(self, menu: QMenu, feed_id: int) -> None:
        """Remote images for one feed: as in Preferences, always, or never."""
        feed = self.model.feed(feed_id)
        images = menu.addMenu(translate("TreeController", "Remote Images"))
        group = QActionGroup(images)
        choices = (
            (translate("TreeController", "As in Preferences"), None),
            (translate("TreeController", "Always Load"), True),
            (translate("TreeController", "Never Load"), False),
        )
        for label, value in choices:
            action = images.addAction(label)
            action.setCheckable(True)
            action.setChecked(feed is not None and feed.allow_images is value)
            action.triggered.connect(lambda _checked=False, v=value: self.set_images(feed_id, v))
            group.addAction(action)

    def _stories_action(self, menu: QMenu, feed_id: int) -> None:
        """Fetch Full Stories: a check mark that turns the feed's option on or off."""
        feed = self.model.feed(feed_id)
        action = menu.addAction(translate("TreeController", "Fetch Full Stories"))
        action.setCheckable(True)
        action.setChecked(feed is not None and feed.full_stories)
        action.setStatusTip(translate("TreeController", "Fetch each new article's web page and show its story in place of the feed's text"))
        action.triggered.connect(lambda checked: self.set_full_stories(feed_id, bool(checked)))

    def set_full_stories(self, feed_id: int, on: bool) -> None:
        """Turn full stories on (and fetch them for recent articles now) or off (the feed's text again)."""
        lib = self.library

        def done(_result: object) -> None:
            if on:
                self._say(
                    translate(
                        "TreeController",
                        "Full stories on: each new article's page is fetched at refresh (fetching recent ones now).",
                    )
                )
                self.refresh_requested.emit([feed_id])
            else:
                self._say(translate("TreeController", "Full stories off: new articles show the feed's text."))
            self.tree_edited.emit("")

        self.workers.submit(JobKind.TREE_EDIT, lambda: lib.set_feed_full_stories(feed_id, on), done, self._say)

    def properties_dialog(self, feed_id: int) -> FeedPropertiesDialog | None:
        """Open the feed's Properties; what the user changed is stored when they press OK."""
        feed = self.model.feed(feed_id)
        if feed is None:
            return None
        from reader.ui.dialogs import FeedPropertiesDialog
        dialog = FeedPropertiesDialog(feed, self.widget)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.apply_properties(feed, *dialog.values()))
        dialog.accepted.connect(lambda: self._apply_user_agent(feed, dialog.user_agent()))
        dialog.open()
        return dialog

    def apply_properties(self, feed: Feed, full_stories: bool, images: bool | None, minutes: int | None) -> None:
        """Store the options of the Properties dialog that differ from ``feed``'s."""
        lib = self.library
        stories = full_stories if full_stories != feed.full_stories else None
        policy_changed = images is not feed.allow_images
        interval_changed = minutes != feed.refresh_minutes

        def store() -> None:
            if stories is not None:
                lib.set_feed_full_stories(feed.id, stories)
            if policy_changed:
                lib.set_feed_images(feed.id, images)
            if interval_changed:
                lib.set_feed_interval(feed.id, minutes)

        def done(_result: object) -> None:
            self._say(translate("TreeController", "Feed properties saved."))
            if policy_changed:
                self.images_changed.emit(feed.id)
            if stories:
                self.refresh_requested.emit([feed.id])
            self.tree_edited.emit("")

        if stories is not None or policy_changed or interval_changed:
            self.workers.submit(JobKind.TREE_EDIT, store, done, self._say)

    def _access_menu(self, menu: QMenu, feed_id: int) -> None:
        """Log In… (and Forget Login), and the User-Agent the feed is asked with."""
        feed = self.model.feed(feed_id)
        menu.addAction(translate("TreeController", "Log In…"), lambda: self.login_requested.emit(feed_id))
        if feed is not None and feed.login:
            menu.addAction(translate("TreeController", "Forget Login"), lambda: self.login_forgotten.emit(feed_id))
        agents = menu.addMenu(translate("TreeController", "User Agent"))
        group = QActionGroup(agents)
        current = feed.user_agent if feed is not None else None
        known = {None: translate("TreeController", "Byline’s Own"), BROWSER_USER_AGENT: translate("TreeController", "A Web Browser’s")}
        for value, label in known.items():
            action = agents.addAction(label)
            action.setCheckable(True)
            action.setChecked(current == value)
            action.triggered.connect(lambda _checked=False, v=value: self.set_user_agent(feed_id, v))
            group.addAction(action)
        custom = agents.addAction(translate("TreeController", "Custom…"))
        custom.setCheckable(True)
        custom.setChecked(current not in known)
        custom.triggered.connect(lambda _checked=False: self.ask_user_agent(feed_id))
        group.addAction(custom)

    def ask_user_agent(self, feed_id: int) -> None:
        """A User-Agent of the user's own for this feed; empty goes back to Byline's."""
        feed = self.model.feed(feed_id)
        answer = self.prompts.text(
            self.widget,
            translate("TreeController", "User Agent"),
            translate("TreeController", "Ask this feed as (empty: Byline’s own):"),
            (feed.user_agent or "") if feed else "",
        )
        if answer is not None:
            self.set_user_agent(feed_id, answer.strip() or None)

    def _apply_user_agent(self, feed: Feed, agent: str | None) -> None:
        if agent != feed.user_agent:
            self.set_user_agent(feed.id, agent)

    def set_user_agent(self, feed_id: int, agent: str | None) -> None:
        lib = self.library
        saved = translate("TreeController", "User agent saved; it is used from the next refresh.")
        self._write(lambda: lib.set_feed_user_agent(feed_id, agent), saved)

    def ask_interval(self, feed_id: int) -> None:
        """This feed's own refresh interval in minutes; empty goes back to Preferences."""
        feed = self.model.feed(feed_id)
        current = "" if feed is None or feed.refresh_minutes is None else str(feed.refresh_minutes)
        answer = self.prompts.text(
            self.widget,
            translate("TreeController", "Check Every"),
            translate("TreeController", "Minutes between checks (empty: as in Preferences):"),
            current,
        )
        if answer is None:
            return
        text = answer.strip()
        if text and not (text.isdigit() and int(text) > 0):
            self._say(translate("TreeController", "The interval is a number of minutes above 0."))
            return
        minutes = int(text) if text else None
        lib = self.library
        self._write(lambda: lib.set_feed_interval(feed_id, minutes), translate("TreeController", "Feed interval saved."))

    def set_images(self, feed_id: int, allow: bool | None) -> None:
        lib = self.library

        def done(_result: object) -> None:
            self._say(translate("TreeController", "Image setting saved."))
            self.images_changed.emit(feed_id)
            self.tree_edited.emit("")

        self.workers.submit(JobKind.TREE_EDIT, lambda: lib.set_feed_images(feed_id, allow), done, self._say)

    def mark_read(self, selection: Selection | None) -> None:
        """Mark a whole feed, folder or smart feed read."""
        if selection is None:
            return
        lib = self.library
        self.workers.submit(JobKind.MARK, lambda: lib.mark_all_read(selection), lambda _n: self.marked_read.emit(selection), self._say)

    # --- editing ----------------------------------------------------------------------------

    def move_feed(self, feed_id: int, folder_id: int) -> None:
        """Move a feed into a folder (-1 or None: the top level)."""
        lib = self.library
        target = None if folder_id is None or folder_id < 0 else folder_id
        self._write(lambda: lib.move_feed(feed_id, target), translate("TreeController", "Feed moved."), remote=self._remote(feed_id))

    def new_folder(self) -> None:
        name = self.prompts.text(
            self.widget, translate("TreeController", "New Folder"), translate("TreeController", "Folder name (use / for a subfolder):")
        )
        if name and name.strip():
            lib = self.library
            path = name.strip()
            self._write(lambda: lib.create_folder(path), arg(translate("TreeController", "Folder “%1” created."), path))

    def rename(self, key: str) -> None:
        kind, ident = key_id(key)
        lib = self.library
        if kind == "feed" and ident is not None and (feed := self.model.feed(ident)):
            title = self.prompts.text(
                self.widget, translate("TreeController", "Rename Feed"), translate("TreeController", "Name:"), feed.title
            )
            if title is not None:
                self._write(lambda: lib.rename_feed(ident, title), translate("TreeController", "Feed renamed."), remote=self._remote(ident))
        elif kind == "folder" and ident is not None and (folder := self.model.folder(ident)):
            title = self.prompts.text(
                self.widget, translate("TreeController", "Rename Folder"), translate("TreeController", "Name:"), folder.title
            )
            if title is not None:
                done = translate("TreeController", "Folder renamed.")
                self._write(lambda: lib.rename_folder(ident, title), done, remote=self._remote_folder(ident))

    def choose_folder_for(self, feed_id: int) -> None:
        top = translate("TreeController", "(top level)")
        ids_by_path = {f.path or f.title: f.id for f in self.model.folders()}
        names = [top, *sorted(ids_by_path, key=name_order())]
        choice = self.prompts.choose(self.widget, translate("TreeController", "Move Feed"), translate("TreeController", "Folder:"), names)
        if choice is not None:
            self.move_feed(feed_id, ids_by_path.get(choice, -1))

    def delete(self, key: str) -> None:
        kind, ident = key_id(key)
        lib = self.library
        if kind == "feed" and ident is not None and (feed := self.model.feed(ident)):
            question = arg(translate("TreeController", "Unsubscribe from “%1”? Its saved articles are kept."), feed.title)
            if self.prompts.confirm(self.widget, translate("TreeController", "Delete Feed"), question):
                self._write(lambda: lib.delete_feed(ident), translate("TreeController", "Feed deleted."), remote=self._remote(ident))
        elif kind == "folder" and ident is not None and (folder := self.model.folder(ident)):
            question = arg(translate("TreeController", "Delete the folder “%1”?"), folder.title)
            if self.prompts.confirm(self.widget, translate("TreeController", "Delete Folder"), question):
                done = translate("TreeController", "Folder deleted.")
                self._write(lambda: lib.delete_folder(ident), done, remote=self._remote_folder(ident))

    # --- adding feeds ---------------------------------------------------------------------------

    def add_feed_dialog(self, current_key: str = "") -> AddFeedDialog:
        """Open the Add Feed dialog, offering the selected folder."""
        folders = sorted(f.path for f in self.model.folders())
        kind, ident = key_id(current_key)
        chosen = self.model.folder(ident) if kind == "folder" and ident is not None else None
        from reader.ui.dialogs import AddFeedDialog
        dialog = AddFeedDialog(folders, self.widget, folder=chosen.path if chosen else "")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.add_requested.connect(lambda target, folder: self.add_feed(target, folder, dialog=dialog))
        dialog.find_requested.connect(lambda address: self._find_feeds(dialog, address))
        dialog.open()
        return dialog

    def _find_feeds(self, dialog: AddFeedDialog, address: str) -> None:
        """Look for the feeds a site offers, in a worker; the dialog lists them."""
        lib = self.library

        def found(feeds: list[DiscoveredFeed]) -> None:
            if dialog.isVisible():
                dialog.set_found(feeds, None if feeds else translate("TreeController", "No feed was found on that page."))

        def failed(message: str) -> None:
            if dialog.isVisible():
                dialog.set_found([], arg(translate("TreeController", "Could not look: %1"), message))

        self.workers.submit(JobKind.DISCOVER, lambda: lib.discover(address), found, failed)

    def add_feed(self, target: str, folder: str = "", *, dialog: AddFeedDialog | None = None) -> None:
        """Subscribe in a worker; a dialog that asked stays open with the error inline when it fails."""
        lib = self.library
        self._say(arg(translate("TreeController", "Adding %1…"), target))

        def added(result: AddResult | NeedsLogin) -> None:
            if isinstance(result, NeedsLogin):
                self._say(arg(translate("TreeController", "%1 asks for a user name and password."), target))
                if dialog is not None and shiboken6.isValid(dialog) and dialog.isVisible():
                    dialog.succeeded()  # the Log In dialog takes over from here
                self.add_needs_login.emit(target, folder, result.problem)
                return
            if result.alternatives:
                line = translate("TreeController", "Added “%1”: %2 (other feeds on that page: %3).")
                others = number(len(result.alternatives))
            else:
                line, others = translate("TreeController", "Added “%1”: %2."), ""
            articles = translate("TreeController", "%Ln article(s)", None, result.new_articles)
            self._say(arg(line, result.feed.title, articles, others))
            if dialog is not None and shiboken6.isValid(dialog) and dialog.isVisible():
                dialog.succeeded()
            self.tree_edited.emit(f"feed:{result.feed.id}")

        def failed(message: str) -> None:
            if dialog is not None and shiboken6.isValid(dialog) and dialog.isVisible():
                dialog.failed(message)
            self._say(arg(translate("TreeController", "Could not add %1: %2"), target, message))

        self.workers.submit(JobKind.ADD_FEED, lambda: add_or_ask(lib, target, folder), added, failed)

    def load_sample(self) -> None:
        """Subscribe to the bundled sample feeds (first launch, offline)."""
        files = sample_files(self.resources)
        if not files:
            self._say(translate("TreeController", "The sample library is not installed."))
            return
        lib = self.library
        self._say(translate("TreeController", "Loading the sample library…"))

        folder = translate("TreeController", "Sample")  # the folder's name, in the user's language

        def load() -> tuple[int, list[str]]:
            added, problems = 0, []
            for path in files:
                try:
                    lib.add_feed(str(path), folder=folder)
                    added += 1
                except BylineError as err:
                    problems.append(f"{path.name}: {err}")
            return added, problems

        def loaded(answer: tuple[int, list[str]]) -> None:
            added, problems = answer
            feeds = translate("TreeController", "%Ln feed(s)", None, added)
            if problems:
                skipped = translate("TreeController", "skipped %Ln", None, len(problems))
                self._say(arg(translate("TreeController", "Sample library: %1; %2: %3"), feeds, skipped, problems[0]))
            else:
                self._say(arg(translate("TreeController", "Sample library: %1."), feeds))
            self.tree_edited.emit("smart:unread")

        self.workers.submit(JobKind.SAMPLE, load, loaded, self._say)

    # --- OPML -----------------------------------------------------------------------------------

    def import_opml(self) -> None:
        path = self.prompts.open_file(
            self.widget, translate("TreeController", "Import OPML"), translate("TreeController", "OPML files (*.opml *.xml);;All files (*)")
        )
        if not path:
            return
        lib = self.library

        def run() -> ImportResult:
            try:
                data = Path(path).read_bytes()
            except OSError as err:
                raise BylineError(arg(translate("TreeController", "cannot read %1: %2"), path, err.strerror or err)) from err
            return lib.import_opml(data)

        def done(result: ImportResult) -> None:
            text, details = import_summary(result)
            self._say(text)
            self.prompts.inform(self.widget, translate("TreeController", "Import OPML"), text, details)
            self.tree_edited.emit("")
            if result.added:
                self.refresh_requested.emit([])

        self.workers.submit(JobKind.IMPORT, run, done, lambda m: self._say(arg(translate("TreeController", "Import failed: %1"), m)))

    def export_opml(self) -> None:
        path = self.prompts.save_file(
            self.widget,
            translate("TreeController", "Export OPML"),
            suggested_path("subscriptions.opml"),
            translate("TreeController", "OPML files (*.opml)"),
        )
        if not path:
            return
        lib = self.library

        def run() -> int:
            text = lib.export_opml()
            write_text_atomic(Path(path), text)
            return len(text)

        def done(_written: int) -> None:
            self._say(arg(translate("TreeController", "Exported subscriptions to %1."), path))

        self.workers.submit(JobKind.EXPORT, run, done, self._say)
