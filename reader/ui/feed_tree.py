"""The left pane: smart feeds, the user's own (saved searches), nested folders and feeds with live unread counts.

``FeedTreeModel`` is fed by the window (``set_tree``, ``set_counts``,
``set_feed_error``, ``set_icons``, ``set_accounts``) and never reads the
library. Saved searches sit under their own "Smart Feeds" heading (a row that
cannot be selected), each with its unread count. A sync account's feeds sit under its folder; that folder row shows
the account (a server icon, its last sync) and its last error, as a feed row
shows a feed's. Every row is
addressed by a key string: ``smart:unread``, ``search:2``, ``folder:3``, ``feed:12``.
Dragging a feed onto a folder (or the empty space for the top level) emits
``feed_dropped``; the window moves it in a worker and rebuilds the tree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cmp_to_key
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QCollator,
    QEvent,
    QLocale,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPalette, QPen, QPixmap, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QStyle, QTreeView, QWidget

from reader.core.models import Account, Feed, Folder, SavedSearch, Selection, SmartFeed
from reader.ui.i18n import QT_TRANSLATE_NOOP, arg, join_words, long_date, number, translate
from reader.ui.style import STAR, STAR_COLOR, muted_text, plain_tooltip

KEY_ROLE = Qt.ItemDataRole.UserRole + 10
COUNT_ROLE = Qt.ItemDataRole.UserRole + 11  # the unread count as a number (the cell shows it compactly)
SPOKEN_ROLE = Qt.ItemDataRole.AccessibleTextRole
FEED_MIME = "application/x-byline-feed-ids"
SEARCHES_HEADING = "heading:searches"

SMART_FEEDS: tuple[tuple[SmartFeed, str], ...] = (
    (SmartFeed.ALL, QT_TRANSLATE_NOOP("FeedTree", "All Articles")),
    (SmartFeed.UNREAD, QT_TRANSLATE_NOOP("FeedTree", "All Unread")),
    (SmartFeed.TODAY, QT_TRANSLATE_NOOP("FeedTree", "Today")),
    (SmartFeed.SAVED, QT_TRANSLATE_NOOP("FeedTree", "Saved")),
)


def unread_words(n: int, key: str = "") -> str:
    """A row's count as a screen reader says it ("5 unread"; Saved counts articles); empty for none."""
    if n <= 0:
        return ""
    if key == f"smart:{SmartFeed.SAVED.value}":
        return translate("FeedTree", "%Ln article(s)", None, n)
    return translate("FeedTree", "%Ln unread", None, n)

Index = QModelIndex | QPersistentModelIndex


def star_icon(size: int = 16) -> QIcon:
    """The Saved smart feed's icon: the list's gold star."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = painter.font()
    font.setPixelSize(size)
    painter.setFont(font)
    painter.setPen(STAR_COLOR)
    painter.drawText(QRectF(0, -1, size, size + 1), Qt.AlignmentFlag.AlignCenter, STAR)
    painter.end()
    return QIcon(pixmap)


def lens_icon(ink: QColor, size: int = 16) -> QIcon:
    """A smart feed's icon (a saved search): a magnifying glass drawn in ``ink``."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(ink, 1.6))
    painter.drawEllipse(QRectF(2.5, 2.5, size * 0.5, size * 0.5))
    pen = QPen(ink, 2.2)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.drawLine(int(size * 0.62), int(size * 0.62), size - 3, size - 3)
    painter.end()
    return QIcon(pixmap)


def calendar_icon(ink: QColor, size: int = 16) -> QIcon:
    """The Today smart feed's icon: a small calendar page drawn in ``ink``."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    page = QRectF(1.5, 2.5, size - 3, size - 4)
    painter.setPen(QPen(ink, 1.2))
    painter.drawRoundedRect(page, 2, 2)
    painter.fillRect(QRectF(page.left(), page.top(), page.width(), 3.5), ink)
    for row in range(2):
        for col in range(3):
            painter.fillRect(QRectF(4 + col * 3, 8 + row * 3, 2, 2), ink)
    painter.end()
    return QIcon(pixmap)


def smart_icon(smart: SmartFeed) -> QIcon:
    """A smart feed's icon, drawn for it alone (the tree is rebuilt on every reload)."""
    if smart is SmartFeed.SAVED:
        return star_icon()
    if smart is SmartFeed.TODAY:
        return calendar_icon(QApplication.palette().color(QPalette.ColorRole.Text))
    return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView)


def key_selection(key: str) -> Selection | None:
    """The article list selection a tree key stands for."""
    kind, _, value = key.partition(":")
    if kind == "smart":
        return Selection(smart=SmartFeed(value))
    if kind == "search" and value.isdigit():
        return Selection(search_id=int(value))
    if kind == "folder":
        return Selection(folder_id=int(value))
    if kind == "feed":
        return Selection(feed_id=int(value))
    return None


def name_order() -> Callable[[str], Any]:
    """A sort key for names as a file manager orders them: the locale's collation, case
    ignored, numbers by value ("Feed 2" before "Feed 10", "Émile" beside "Emile")."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:  # the POSIX locale collates by code point: "Émile" after "Zed"
        locale = QLocale(QLocale.Language.English)
    collator = QCollator(locale)
    collator.setNumericMode(True)
    collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return cmp_to_key(collator.compare)


def key_id(key: str) -> tuple[str, int | None]:
    kind, _, value = key.partition(":")
    return kind, (int(value) if value.isdigit() else None)


class FeedTreeModel(QStandardItemModel):
    """Two columns: name and unread count.

    Signals:
        feed_dropped(int feed_id, int folder_id): a feed was dropped on a folder (-1: top level).
    """

    feed_dropped = Signal(int, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(2)
        self.setHorizontalHeaderLabels([translate("FeedTree", "Feeds"), translate("FeedTree", "Unread")])
        self._items: dict[str, QStandardItem] = {}
        self._counts: dict[str, QStandardItem] = {}
        self._feeds: dict[int, Feed] = {}
        self._folders: dict[int, Folder] = {}
        self._icons: dict[int, QIcon] = {}
        self._unread: dict[int, int] = {}
        self._smart: dict[SmartFeed, int] = {}
        self._searches: dict[int, SavedSearch] = {}
        self._search_counts: dict[int, int] = {}
        self._accounts: dict[int, Account] = {}
        self.set_tree([], [])

    # --- feeding -----------------------------------------------------------------------

    def set_tree(self, folders: Sequence[Folder], feeds: Sequence[Feed], searches: Sequence[SavedSearch] = ()) -> None:
        """Rebuild from the library's folders, feeds and smart feeds (counts come from ``feeds`` and ``searches``)."""
        self.beginResetModel()
        self.blockSignals(True)
        try:
            self.removeRows(0, self.rowCount())
            self._items.clear()
            self._counts.clear()
            self._feeds = {f.id: f for f in feeds}
            self._folders = {f.id: f for f in folders}
            self._unread = {f.id: f.unread for f in feeds}
            root = self.invisibleRootItem()
            style = QApplication.style()
            for smart, title in SMART_FEEDS:
                self._add(root, f"smart:{smart.value}", translate("FeedTree", title), smart_icon(smart), drop=False)
            self._searches = {s.id: s for s in searches}
            self._search_counts = {s.id: s.unread for s in searches}
            if searches:
                heading = self._add(root, SEARCHES_HEADING, translate("FeedTree", "Smart Feeds"), None, drop=False)
                heading.setSelectable(False)
                heading.setToolTip(
                    plain_tooltip(
                        translate("FeedTree", "Saved searches with their unread counts (search, then View ▸ Save This Search…)")
                    )
                )
                self._counts[SEARCHES_HEADING].setSelectable(False)
                font = heading.font()
                font.setBold(True)
                heading.setFont(font)
                lens = lens_icon(QApplication.palette().color(QPalette.ColorRole.Text))
                for search in searches:
                    item = self._add(heading, f"search:{search.id}", search.name, lens, drop=False)
                    item.setToolTip(plain_tooltip(f"{search.name}\n{search.query}"))
            folder_items: dict[int | None, QStandardItem] = {None: root}
            by_name = name_order()
            pending = sorted(folders, key=lambda f: (by_name(f.title), f.id))  # folders first, by title
            while pending:  # parents before children, whatever the order given
                left = []
                for folder in pending:
                    parent = folder_items.get(folder.parent_id)
                    if parent is None and folder.parent_id in self._folders:
                        left.append(folder)
                        continue
                    folder_items[folder.id] = self._add(
                        parent or root, f"folder:{folder.id}", folder.title,
                        style.standardIcon(QStyle.StandardPixmap.SP_DirIcon), drop=True,
                    )
                if len(left) == len(pending):
                    break
                pending = left
            for feed in sorted(feeds, key=lambda f: (by_name(f.title or f.url), f.id)):
                parent = folder_items.get(feed.folder_id, root)
                item = self._add(parent, f"feed:{feed.id}", feed.title or feed.url, None, drop=False)
                item.setDragEnabled(True)
                self._decorate_feed(feed.id)
        finally:
            self.blockSignals(False)
        self.endResetModel()
        self._show_counts()

    def follow_palette(self) -> None:
        """Counts and the Today icon in the application palette's colours as they are now (after a theme change)."""
        palette = QApplication.palette()
        brush = QBrush(muted_text(palette))
        for count in self._counts.values():
            count.setForeground(brush)
        today = self._items.get(f"smart:{SmartFeed.TODAY.value}")
        if today is not None:
            today.setIcon(calendar_icon(palette.color(QPalette.ColorRole.Text)))

    def set_counts(
        self,
        unread: Mapping[int, int],
        smart: Mapping[SmartFeed, int] | None = None,
        searches: Mapping[int, int] | None = None,
    ) -> None:
        """Unread counts per feed id (and per smart feed, and per saved search); folders sum their feeds."""
        self._unread = {fid: int(unread.get(fid, 0)) for fid in self._feeds}
        if smart is not None:
            self._smart = dict(smart)
        if searches is not None:
            self._search_counts = {sid: int(searches.get(sid, 0)) for sid in self._searches}
        self._show_counts()

    def adjust_count(
        self, feed_id: int | None, delta: int, *, unread_smart: int = 0, today_smart: int = 0, saved_smart: int = 0
    ) -> None:
        """Change counts at once, before the library confirms them.

        ``delta`` is added to the feed's unread count (and so to its folders'),
        ``unread_smart`` to All Unread, ``today_smart`` to Today, ``saved_smart`` to Saved.
        """
        if feed_id is not None and feed_id in self._unread:
            self._unread[feed_id] = max(0, self._unread[feed_id] + delta)
        changes = ((SmartFeed.UNREAD, unread_smart), (SmartFeed.TODAY, today_smart), (SmartFeed.SAVED, saved_smart))
        for smart, change in changes:
            if change:
                self._smart[smart] = max(0, self._smart.get(smart, 0) + change)
        self._show_counts()

    def set_feed_error(self, feed_id: int, error: str | None) -> None:
        feed = self._feeds.get(feed_id)
        if feed is None:
            return
        from dataclasses import replace

        self._feeds[feed_id] = replace(feed, last_error=error)
        self._decorate_feed(feed_id)

    def set_accounts(self, accounts: Sequence[Account]) -> None:
        """Mark the accounts' folders: a server icon, the last sync, and the last error (as a feed's)."""
        self._accounts = {a.id: a for a in accounts}
        style = QApplication.style()
        for account in accounts:
            key = f"folder:{account.folder_id}"
            item = self._items.get(key)
            if item is None:
                continue
            synced = long_date(account.last_sync) if account.last_sync else translate("FeedTree", "never")
            lines = [
                account.name,
                arg(translate("FeedTree", "%1 at %2"), account.user, account.url),
                arg(translate("FeedTree", "Last sync: %1"), synced),
            ]
            if account.pending:
                lines.append(translate("FeedTree", "%Ln change(s) waiting to be sent", None, account.pending))
            if account.last_error:
                item.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
                last_error = arg(translate("FeedTree", "Last error: %1"), account.last_error)
                lines += ["", last_error]
                item.setData(last_error, Qt.ItemDataRole.AccessibleDescriptionRole)
            else:
                item.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_DriveNetIcon))
                item.setData(None, Qt.ItemDataRole.AccessibleDescriptionRole)
            item.setToolTip(plain_tooltip("\n".join(lines)))
            item.setDropEnabled(True)
            self._speak(key, item, self.count_of(key))

    def account(self, account_id: int) -> Account | None:
        return self._accounts.get(account_id)

    def account_of_folder(self, folder_id: int) -> Account | None:
        """The account whose own folder this is (None for other folders)."""
        return next((a for a in self._accounts.values() if a.folder_id == folder_id), None)

    def account_of_key(self, key: str) -> Account | None:
        """The account a feed or folder row belongs to (its own folder, a category or a feed in it)."""
        kind, ident = key_id(key)
        if ident is None:
            return None
        if kind == "feed":
            feed = self._feeds.get(ident)
            return self._accounts.get(feed.account_id) if feed is not None and feed.account_id is not None else None
        if kind == "folder":
            folder: int | None = ident
            seen: set[int] = set()
            while folder is not None and folder in self._folders and folder not in seen:
                seen.add(folder)
                found = self.account_of_folder(folder)
                if found is not None:
                    return found
                folder = self._folders[folder].parent_id
        return None

    def set_icons(self, icons: Mapping[int, QIcon]) -> None:
        self._icons.update(icons)
        for feed_id in icons:
            self._decorate_feed(feed_id)

    # --- queries ------------------------------------------------------------------------------

    def index_of(self, key: str) -> QModelIndex:
        item = self._items.get(key)
        return item.index() if item is not None else QModelIndex()

    def count_of(self, key: str) -> int:
        item = self._counts.get(key)
        n = item.data(COUNT_ROLE) if item is not None else None
        return n if isinstance(n, int) else 0

    def feed(self, feed_id: int) -> Feed | None:
        return self._feeds.get(feed_id)

    def search(self, search_id: int) -> SavedSearch | None:
        """A smart feed the user made (a saved search) shown in the tree."""
        return self._searches.get(search_id)

    def folder(self, folder_id: int) -> Folder | None:
        return self._folders.get(folder_id)

    def folders(self) -> list[Folder]:
        return list(self._folders.values())

    def feed_ids_under(self, key: str) -> list[int]:
        """Feed ids of a feed key, of every feed below a folder key, or of all feeds."""
        kind, ident = key_id(key)
        if kind == "feed" and ident is not None:
            return [ident]
        if kind == "folder" and ident is not None:
            below = self._folders_below(ident)
            return [f.id for f in self._feeds.values() if f.folder_id in below]
        return list(self._feeds)

    def _folders_below(self, folder_id: int) -> set[int]:
        found = {folder_id}
        grew = True
        while grew:
            grew = False
            for f in self._folders.values():
                if f.parent_id in found and f.id not in found:
                    found.add(f.id)
                    grew = True
        return found

    # --- drag and drop -------------------------------------------------------------------------

    def mimeTypes(self) -> list[str]:
        return [FEED_MIME]

    def mimeData(self, indexes: Iterable[QModelIndex]) -> QMimeData:
        ids = []
        for index in indexes:
            kind, ident = key_id(str(index.siblingAtColumn(0).data(KEY_ROLE) or ""))
            if kind == "feed" and ident is not None and ident not in ids:
                ids.append(ident)
        data = QMimeData()
        data.setData(FEED_MIME, ",".join(map(str, ids)).encode())
        return data

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def _drop_target(self, parent: Index) -> int | None | bool:
        """Folder id for a drop on ``parent`` (None: top level; False: refused)."""
        if not parent.isValid():
            return None
        kind, ident = key_id(str(parent.sibling(parent.row(), 0).data(KEY_ROLE) or ""))
        if kind == "folder":
            return ident
        if kind == "feed" and ident is not None and ident in self._feeds:
            return self._feeds[ident].folder_id
        return False

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        return data.hasFormat(FEED_MIME) and self._drop_target(parent) is not False

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        """Report the move; the tree is rebuilt from the library afterwards, so nothing moves here."""
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        target = self._drop_target(parent)
        for part in bytes(data.data(FEED_MIME).data()).decode().split(","):
            if part.isdigit():
                self.feed_dropped.emit(int(part), -1 if target is None else int(target))
        return False  # the view must not remove the dragged rows itself

    # --- building -------------------------------------------------------------------------------

    def _add(self, parent: QStandardItem, key: str, title: str, icon: QIcon | None, *, drop: bool) -> QStandardItem:
        item = QStandardItem(title)
        item.setData(key, KEY_ROLE)
        item.setEditable(False)
        item.setDragEnabled(False)
        item.setDropEnabled(drop)
        item.setToolTip(plain_tooltip(title))
        if icon is not None:
            item.setIcon(icon)
        count = QStandardItem("")
        count.setData(key, KEY_ROLE)
        count.setData(0, COUNT_ROLE)
        count.setData(translate("FeedTree", "none"), SPOKEN_ROLE)
        item.setData(title, SPOKEN_ROLE)
        count.setEditable(False)
        count.setDragEnabled(False)
        count.setDropEnabled(drop)
        count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        count.setForeground(QBrush(muted_text(QApplication.palette())))
        parent.appendRow([item, count])
        self._items[key] = item
        self._counts[key] = count
        return item

    def _speak(self, key: str, item: QStandardItem, n: int) -> None:
        """The row in words: "Harbor City Ledger, 5 unread" ("…, refresh failed" for a feed in error)."""
        kind, ident = key_id(key)
        feed = self._feeds.get(ident) if kind == "feed" and ident is not None else None
        failed = translate("FeedTree", "refresh failed") if feed is not None and feed.last_error else ""
        account = self.account_of_folder(ident) if kind == "folder" and ident is not None else None
        folder = translate("FeedTree", "folder") if kind == "folder" else ""
        if account is not None:
            folder = translate("FeedTree", "sync account")
            failed = translate("FeedTree", "sync failed") if account.last_error else ""
        spoken = join_words([item.text(), folder, unread_words(n, key), failed])
        if item.data(SPOKEN_ROLE) != spoken:
            item.setData(spoken, SPOKEN_ROLE)

    def _decorate_feed(self, feed_id: int) -> None:
        item = self._items.get(f"feed:{feed_id}")
        feed = self._feeds.get(feed_id)
        if item is None or feed is None:
            return
        style = QApplication.style()
        title = feed.title or feed.url
        if feed.last_error:
            item.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
            last_error = arg(translate("FeedTree", "Last error: %1"), feed.last_error)
            item.setToolTip(plain_tooltip(f"{title}\n{feed.url}\n\n{last_error}"))
            item.setData(last_error, Qt.ItemDataRole.AccessibleDescriptionRole)
        else:
            item.setData(None, Qt.ItemDataRole.AccessibleDescriptionRole)
            item.setIcon(self._icons.get(feed_id) or style.standardIcon(QStyle.StandardPixmap.SP_FileIcon))
            item.setToolTip(plain_tooltip(f"{title}\n{feed.url}"))
        self._speak(f"feed:{feed_id}", item, self.count_of(f"feed:{feed_id}"))

    def _show_counts(self) -> None:
        folder_totals: dict[int, int] = {}
        for feed_id, n in self._unread.items():
            feed = self._feeds[feed_id]
            folder_id = feed.folder_id
            seen: set[int] = set()
            while folder_id is not None and folder_id in self._folders and folder_id not in seen:
                seen.add(folder_id)
                folder_totals[folder_id] = folder_totals.get(folder_id, 0) + n
                folder_id = self._folders[folder_id].parent_id
        values: dict[str, int] = {f"feed:{fid}": n for fid, n in self._unread.items()}
        values.update({f"folder:{fid}": n for fid, n in folder_totals.items()})
        for smart, _ in SMART_FEEDS:
            if smart in self._smart:
                values[f"smart:{smart.value}"] = self._smart[smart]
        values.update({f"search:{sid}": n for sid, n in self._search_counts.items()})
        for key, item in self._counts.items():
            n = values.get(key, 0)
            text = compact_count(n)
            if item.data(COUNT_ROLE) != n:
                item.setData(n, COUNT_ROLE)
                item.setText(text)
                exact = arg(translate("FeedTree", "%1 unread", "the exact figure of a count shown as 10k or 1.2M"), number(n))
                item.setToolTip(exact if text != str(n) else "")
                item.setData(unread_words(n, key) or translate("FeedTree", "none"), SPOKEN_ROLE)
            name = self._items[key]
            self._speak(key, name, n)
            font = name.font()
            # feeds stay regular (their names fit the pane); the smart feeds' heading is always bold
            bold = (n > 0 and key.startswith("folder:")) or key == SEARCHES_HEADING
            if font.bold() != bold:
                font.setBold(bold)
                name.setFont(font)


def compact_count(n: int) -> str:
    """An unread count that fits the count column ("9999" wide): 12345 -> "12k", 1234567 -> "1.2M".

    Counts up to 9,999 are shown whole; larger ones are rounded down, so "10k" never stands
    for 9,999 and the exact figure is in the row's tooltip.
    """
    if n <= 0:
        return ""
    if n < 10_000:
        return str(n)
    if n < 1_000_000:
        return f"{n // 1000}k"
    tenths = n // 100_000
    return f"{tenths // 10}M" if tenths >= 100 or tenths % 10 == 0 else f"{tenths // 10}.{tenths % 10}M"


class FeedTreeView(QTreeView):
    """Tree view with feeds draggable onto folders and a context menu request."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setIndentation(max(12, self.fontMetrics().horizontalAdvance("M")))
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # "Harbor…Ledger" keeps both ends of a name
        self.setMinimumWidth(160)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        header = self.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(8)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, self.fontMetrics().horizontalAdvance("9999") + 12)  # counts, not the hidden header's text

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        model = self.model()
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange) and isinstance(model, FeedTreeModel):
            model.follow_palette()  # the counts' muted colour was worked out for the palette before

    def current_key(self) -> str | None:
        index = self.currentIndex()
        return str(index.siblingAtColumn(0).data(KEY_ROLE)) if index.isValid() else None
