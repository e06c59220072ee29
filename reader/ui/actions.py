"""The window's commands: one table of actions, their shortcuts, menus and toolbar.

``ACTIONS`` lists every command once (name, menu text, default keys).
``Actions`` turns the table into QActions wired to the slots the window hands
over, so a shortcut shows the same way everywhere: beside the menu entry (Qt
prints the first key there) and in the tooltip (every key, in the platform's
notation). The user's own keys (Preferences ▸ Shortcuts, ``shortcuts.py``)
replace the defaults through ``apply_keys``. Keys follow NetNewsWire where it
has one: j/k, n, space, s, m, o/Enter, r, /.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QSizePolicy, QToolBar, QWidget

from reader.ui.i18n import QT_TRANSLATE_NOOP, translate


@dataclass(frozen=True)
class ActionSpec:
    """One command: its name (``actions.<name>``), menu text and keys (first one shown in menus)."""

    name: str
    text: str
    keys: tuple[str, ...] = ()
    tip: str = ""
    checkable: bool = False


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("add", QT_TRANSLATE_NOOP("Actions", "&Add Feed…"), ("Ctrl+N",)),
    ActionSpec(
        "add_account",
        QT_TRANSLATE_NOOP("Actions", "Add Acc&ount…"),
        (),
        QT_TRANSLATE_NOOP("Actions", "Sync with a feed server (Miniflux, FreshRSS, Inoreader…)"),
    ),
    ActionSpec("new_folder", QT_TRANSLATE_NOOP("Actions", "New &Folder…"), ("Ctrl+Shift+N",)),
    ActionSpec("import_opml", QT_TRANSLATE_NOOP("Actions", "&Import OPML…"), ("Ctrl+I",)),
    ActionSpec("export_opml", QT_TRANSLATE_NOOP("Actions", "&Export OPML…"), ("Ctrl+E",)),
    ActionSpec("prefs", QT_TRANSLATE_NOOP("Actions", "&Preferences…"), ("Ctrl+,",)),
    ActionSpec("quit", QT_TRANSLATE_NOOP("Actions", "&Quit"), ("Ctrl+Q",)),
    ActionSpec(
        "unread_only",
        QT_TRANSLATE_NOOP("Actions", "Unread &Only"),
        ("Ctrl+U",),
        QT_TRANSLATE_NOOP("Actions", "Show only unread articles"),
        checkable=True,
    ),
    ActionSpec(
        "full_copy",
        QT_TRANSLATE_NOOP("Actions", "Show Full &Copy"),
        ("Ctrl+Shift+C",),
        QT_TRANSLATE_NOOP("Actions", "Switch between the feed's text and the full story or saved page"),
    ),
    ActionSpec(
        "theme_system",
        QT_TRANSLATE_NOOP("Actions", "&System"),
        (),
        QT_TRANSLATE_NOOP("Actions", "Colours as the desktop has them"),
        checkable=True,
    ),
    ActionSpec(
        "theme_light",
        QT_TRANSLATE_NOOP("Actions", "&Light"),
        (),
        QT_TRANSLATE_NOOP("Actions", "Light colours whatever the desktop says"),
        checkable=True,
    ),
    ActionSpec(
        "theme_dark",
        QT_TRANSLATE_NOOP("Actions", "&Dark"),
        (),
        QT_TRANSLATE_NOOP("Actions", "Dark colours whatever the desktop says"),
        checkable=True,
    ),
    ActionSpec("zoom_in", QT_TRANSLATE_NOOP("Actions", "Zoom &In"), ("Ctrl+=", "Ctrl++")),
    ActionSpec("zoom_out", QT_TRANSLATE_NOOP("Actions", "Zoom &Out"), ("Ctrl+-",)),
    ActionSpec("zoom_reset", QT_TRANSLATE_NOOP("Actions", "&Actual Size"), ("Ctrl+0",)),
    ActionSpec(
        "search",
        QT_TRANSLATE_NOOP("Actions", "&Search"),
        ("/", "Ctrl+F"),
        QT_TRANSLATE_NOOP("Actions", "Search every cached article"),
    ),
    ActionSpec(
        "save_search",
        QT_TRANSLATE_NOOP("Actions", "Save This Searc&h…"),
        ("Ctrl+Shift+S",),
        QT_TRANSLATE_NOOP("Actions", "Keep this search in the tree as a smart feed"),
    ),
    ActionSpec(
        "escape",
        QT_TRANSLATE_NOOP("Actions", "Back to &List"),
        ("Esc",),
        QT_TRANSLATE_NOOP("Actions", "Leave the search results (elsewhere: Back)"),
    ),
    ActionSpec("next", QT_TRANSLATE_NOOP("Actions", "&Next Article"), ("J",)),
    ActionSpec("prev", QT_TRANSLATE_NOOP("Actions", "&Previous Article"), ("K",)),
    ActionSpec("next_unread", QT_TRANSLATE_NOOP("Actions", "Next &Unread"), ("N",)),
    ActionSpec("page", QT_TRANSLATE_NOOP("Actions", "Page Down or Next Unread"), ("Space",)),
    ActionSpec(
        "back",
        QT_TRANSLATE_NOOP("Actions", "&Back"),
        ("Alt+Left", "Backspace"),
        QT_TRANSLATE_NOOP("Actions", "The article shown before this one"),
    ),
    ActionSpec("forward", QT_TRANSLATE_NOOP("Actions", "&Forward"), ("Alt+Right",), QT_TRANSLATE_NOOP("Actions", "The article Back left")),
    ActionSpec(
        "read",
        QT_TRANSLATE_NOOP("Actions", "Toggle &Read"),
        ("M",),
        QT_TRANSLATE_NOOP("Actions", "Mark the article read or unread"),
    ),
    ActionSpec(
        "save",
        QT_TRANSLATE_NOOP("Actions", "&Save (Star)"),
        ("S",),
        QT_TRANSLATE_NOOP("Actions", "Save the article with an offline copy, or unsave it"),
    ),
    ActionSpec(
        "keep_images",
        QT_TRANSLATE_NOOP("Actions", "&Keep Images"),
        ("Ctrl+Shift+K",),
        QT_TRANSLATE_NOOP("Actions", "Download this article's images into the library to read it offline"),
    ),
    ActionSpec(
        "all_read",
        QT_TRANSLATE_NOOP("Actions", "Mark &All Read"),
        ("Shift+A",),
        QT_TRANSLATE_NOOP("Actions", "Mark every article in the list read"),
    ),
    ActionSpec(
        "mute",
        QT_TRANSLATE_NOOP("Actions", "&Mute Articles Like This…"),
        (),
        QT_TRANSLATE_NOOP("Actions", "Make a rule that marks articles like this one read as they arrive"),
    ),
    ActionSpec(
        "open",
        QT_TRANSLATE_NOOP("Actions", "&Open in Browser"),
        ("O", "Return", "Enter"),
        QT_TRANSLATE_NOOP("Actions", "Open the original story in the browser"),
    ),
    ActionSpec(
        "refresh",
        QT_TRANSLATE_NOOP("Actions", "&Refresh All"),
        ("R", "F5"),
        QT_TRANSLATE_NOOP("Actions", "Check every feed for new articles"),
    ),
    ActionSpec(
        "refresh_feed",
        QT_TRANSLATE_NOOP("Actions", "Refresh &Feed"),
        ("Shift+R",),
        QT_TRANSLATE_NOOP("Actions", "Check the selected feed or folder"),
    ),
    ActionSpec(
        "sync",
        QT_TRANSLATE_NOOP("Actions", "S&ync Accounts"),
        ("Ctrl+Shift+Y",),
        QT_TRANSLATE_NOOP("Actions", "Send marks to the feed servers and fetch theirs"),
    ),
    ActionSpec("cancel", QT_TRANSLATE_NOOP("Actions", "&Cancel Refresh"), ("Ctrl+.",)),
    # the selected feed (the tree's context menu offers the same)
    ActionSpec(
        "rename_selected",
        QT_TRANSLATE_NOOP("Actions", "Re&name…"),
        ("F2",),
        QT_TRANSLATE_NOOP("Actions", "Rename the selected feed or folder"),
    ),
    ActionSpec(
        "move_selected",
        QT_TRANSLATE_NOOP("Actions", "&Move to Folder…"),
        (),
        QT_TRANSLATE_NOOP("Actions", "Move the selected feed into a folder"),
    ),
    ActionSpec(
        "interval_selected",
        QT_TRANSLATE_NOOP("Actions", "Check &Every…"),
        (),
        QT_TRANSLATE_NOOP("Actions", "How often the selected feed is checked"),
    ),
    ActionSpec(
        "images_default",
        QT_TRANSLATE_NOOP("Actions", "As in &Preferences"),
        (),
        QT_TRANSLATE_NOOP("Actions", "Remote images as in Preferences"),
        checkable=True,
    ),
    ActionSpec(
        "images_always",
        QT_TRANSLATE_NOOP("Actions", "&Always Load"),
        (),
        QT_TRANSLATE_NOOP("Actions", "Always load this feed's remote images"),
        checkable=True,
    ),
    ActionSpec(
        "images_never",
        QT_TRANSLATE_NOOP("Actions", "&Never Load"),
        (),
        QT_TRANSLATE_NOOP("Actions", "Never load this feed's remote images"),
        checkable=True,
    ),
    ActionSpec(
        "unsubscribe",
        QT_TRANSLATE_NOOP("Actions", "&Unsubscribe…"),
        (),
        QT_TRANSLATE_NOOP("Actions", "Unsubscribe from the selected feed (saved articles stay)"),
    ),
    ActionSpec(
        "rules",
        QT_TRANSLATE_NOOP("Actions", "R&ules…"),
        ("Ctrl+Shift+L",),
        QT_TRANSLATE_NOOP("Actions", "Rules that mute, save, hide or announce new articles"),
    ),
    ActionSpec(
        "shortcuts",
        QT_TRANSLATE_NOOP("Actions", "&Keyboard Shortcuts"),
        ("?",),
        QT_TRANSLATE_NOOP("Actions", "Every command and its keys"),
    ),
)

#: Actions that act on the selected feed, enabled only while one is selected.
FEED_ACTIONS = ("move_selected", "interval_selected", "images_default", "images_always", "images_never", "unsubscribe")
IMAGE_ACTIONS = {"images_default": None, "images_always": True, "images_never": False}
THEME_ACTIONS = {"theme_system": "system", "theme_light": "light", "theme_dark": "dark"}
#: Toolbar icons: a freedesktop theme name, else the file bundled in resources/icons/.
ICONS = {
    "add": "list-add", "refresh": "view-refresh", "read": "mail-mark-read", "save": "starred",
    "all_read": "mail-mark-read-all", "open": "internet-web-browser", "unread_only": "view-filter",
    "prefs": "preferences-system", "back": "go-previous", "forward": "go-next",
}

# A menu entry: an action's name, None for a separator, or (title, names) for a submenu.
MenuEntry = str | None | tuple[str, tuple[str, ...]]

MENUS: tuple[tuple[str, tuple[MenuEntry, ...]], ...] = (
    (
        QT_TRANSLATE_NOOP("Actions", "&File"),
        ("add", "add_account", "new_folder", None, "import_opml", "export_opml", None, "prefs", None, "quit"),
    ),
    (QT_TRANSLATE_NOOP("Actions", "&View"), (
        "unread_only", "full_copy", None,
        (QT_TRANSLATE_NOOP("Actions", "&Theme"), ("theme_system", "theme_light", "theme_dark")), None,
        "zoom_in", "zoom_out", "zoom_reset", None, "search", "save_search", "escape",
    )),
    (QT_TRANSLATE_NOOP("Actions", "&Go"), ("back", "forward", None, "next", "prev", "next_unread", "page")),
    (QT_TRANSLATE_NOOP("Actions", "&Article"), ("read", "save", "keep_images", "all_read", None, "mute", None, "open")),
    (QT_TRANSLATE_NOOP("Actions", "&Feeds"), (
        "refresh", "refresh_feed", "sync", "cancel", None,
        "rename_selected", "move_selected", "interval_selected",
        (QT_TRANSLATE_NOOP("Actions", "Remote &Images"), ("images_default", "images_always", "images_never")), None,
        "unsubscribe", None, "rules",
    )),
    (QT_TRANSLATE_NOOP("Actions", "&Help"), ("shortcuts",)),
)

TOOLBAR: tuple[str | None, ...] = (
    "back", "forward", None, "add", "refresh", None, "read", "save", "all_read", "open", None, "unread_only",
)


def themed_icon(name: str, bundled: Path | None) -> QIcon:
    """The desktop theme's icon ``name``, else ``bundled/name.svg`` (or .png), else no icon."""
    if QIcon.hasThemeIcon(name):
        return QIcon.fromTheme(name)
    for suffix in (".svg", ".png"):
        path = bundled / f"{name}{suffix}" if bundled is not None else None
        if path is not None and path.is_file():
            return QIcon(str(path))
    return QIcon()


def tip_of(spec: ActionSpec) -> str:
    """An action's tooltip text without its keys, in the window's language."""
    return translate("Actions", spec.tip) if spec.tip else translate("Actions", spec.text).replace("&", "").rstrip("…")


def shortcut_text(keys: tuple[str, ...]) -> str:
    """Keys as the platform writes them, e.g. ``O, Return, Enter``."""
    return ", ".join(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in keys)


class Actions:
    """The window's QActions by name (``actions.next``), with menus and a toolbar built from the table."""

    def __init__(
        self, window: QMainWindow, slots: Mapping[str, Callable[[], object]], *, icons: Path | None = None
    ) -> None:
        self._window = window
        self.by_name: dict[str, QAction] = {}
        for spec in ACTIONS:
            self.by_name[spec.name] = self._make(spec, slots[spec.name])
        for name, theme_name in ICONS.items():
            self.by_name[name].setIcon(themed_icon(theme_name, icons))
        themes = QActionGroup(window)
        for name in THEME_ACTIONS:
            themes.addAction(self.by_name[name])

    def __getattr__(self, name: str) -> QAction:
        by_name: dict[str, QAction] = self.__dict__["by_name"]
        try:
            return by_name[name]
        except KeyError:
            raise AttributeError(name) from None

    def _make(self, spec: ActionSpec, slot: Callable[[], object]) -> QAction:
        action = QAction(translate("Actions", spec.text), self._window)
        action.setObjectName(f"action-{spec.name}")
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setShortcutVisibleInContextMenu(True)
        action.setCheckable(spec.checkable)
        action.setStatusTip(tip_of(spec))
        self._set_keys(action, spec, spec.keys)
        action.triggered.connect(lambda _checked=False: slot())
        self._window.addAction(action)
        return action

    @staticmethod
    def _set_keys(action: QAction, spec: ActionSpec, keys: tuple[str, ...]) -> None:
        action.setShortcuts([QKeySequence(k) for k in keys])
        tip = tip_of(spec)
        action.setToolTip(f"{tip} ({shortcut_text(keys)})" if keys else tip)

    def apply_keys(self, keys: Mapping[str, tuple[str, ...]]) -> None:
        """Give each action these keys (actions not named keep their defaults), at once."""
        for spec in ACTIONS:
            self._set_keys(self.by_name[spec.name], spec, tuple(keys.get(spec.name, spec.keys)))

    def keys_of(self, name: str) -> tuple[str, ...]:
        """The keys an action answers to now, in portable notation."""
        return tuple(k.toString(QKeySequence.SequenceFormat.PortableText) for k in self.by_name[name].shortcuts())

    def build_menus(self) -> list[QMenu]:
        """The menu bar, from ``MENUS``."""
        menus = []
        bar = self._window.menuBar()
        for title, names in MENUS:
            menu = bar.addMenu(translate("Actions", title))
            menu.setToolTipsVisible(True)
            for name in names:
                if name is None:
                    menu.addSeparator()
                elif isinstance(name, tuple):
                    sub = menu.addMenu(translate("Actions", name[0]))
                    sub.setToolTipsVisible(True)
                    for inner in name[1]:
                        sub.addAction(self.by_name[inner])
                else:
                    menu.addAction(self.by_name[name])
            menus.append(menu)
        return menus

    def build_toolbar(self, search_field: QWidget) -> QToolBar:
        """The main toolbar from ``TOOLBAR``, then the search field and Preferences at the right."""
        tools = self._window.addToolBar(translate("Actions", "Main"))
        tools.setObjectName("main-toolbar")
        tools.setMovable(False)
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonFollowStyle)  # text under or beside, as the platform does
        for name in TOOLBAR:
            if name is None:
                tools.addSeparator()
            else:
                tools.addAction(self.by_name[name])
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        tools.addWidget(spacer)
        tools.addWidget(search_field)
        tools.addAction(self.by_name["prefs"])
        return tools
