"""The article list: a lazy model over article ids, and its view.

``ArticleListModel`` holds the ordered ids of the current selection (loaded in a
worker) and the row data of the pages that were looked at. When a view asks for
a row it does not have, the model emits ``rows_wanted`` once with the ids of that
row's page; the owner reads them in a worker (``Library.article_rows``) and hands
them back with ``set_rows(rows, generation)``. Each ``set_ids`` starts a new
generation, so a page read for an older list is dropped. Until its page arrives
a row is blank (or shows the row it had before a reload of the same list), never
a stand-in text that would flicker. The model never talks to the library itself.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from datetime import datetime

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from reader.core.models import ArticleRow
from reader.ui.style import STAR, STAR_COLOR, plain_tooltip

PAGE = 100
MAX_PAGES = 400  # rows kept in memory: 40,000
ID_ROLE = Qt.ItemDataRole.UserRole + 1
UNREAD_ROLE = Qt.ItemDataRole.UserRole + 2
SAVED_ROLE = Qt.ItemDataRole.UserRole + 3

Index = QModelIndex | QPersistentModelIndex

COLUMNS = (STAR, "Title", "Feed", "Date")
SAVED_COL, TITLE_COL, FEED_COL, DATE_COL = range(4)

_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_FONT = int(Qt.ItemDataRole.FontRole.value)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_ID = int(ID_ROLE)
_ROLES = frozenset({_DISPLAY, _FONT, _ALIGN, _FOREGROUND, _TOOLTIP, _ID, int(UNREAD_ROLE), int(SAVED_ROLE)})
_ALIGNMENTS = {
    SAVED_COL: int(Qt.AlignmentFlag.AlignCenter.value),
    DATE_COL: int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value),
}


def format_date(date: datetime | None, now: datetime | None = None) -> str:
    """Short local date for the list: time today, day and month this year, else the full date."""
    if date is None:
        return ""
    local = date.astimezone()
    now = now or datetime.now().astimezone()
    if local.date() == now.date():
        return local.strftime("%H:%M")
    if local.year == now.year:
        return local.strftime("%d %b %H:%M")
    return local.strftime("%d %b %Y")


def positions_of(ids: Sequence[int]) -> dict[int, int]:
    """id -> row, for ``ArticleListModel.set_ids``."""
    return {article_id: row for row, article_id in enumerate(ids)}


class ArticleListModel(QAbstractTableModel):
    """Ordered article ids with row data fetched page by page.

    Signals:
        rows_wanted(list[int]): ids whose rows the view needs; answer with ``set_rows``.
    """

    rows_wanted = Signal(list)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids: list[int] = []
        self._pos: dict[int, int] = {}
        self._pages: OrderedDict[int, dict[int, ArticleRow]] = OrderedDict()
        self._overrides: dict[int, tuple[bool, bool]] = {}  # id -> (read, saved), set at once by the window
        self._wanted: set[int] = set()
        self._asked: set[int] = set()
        self._stale: dict[int, ArticleRow] = {}  # rows from before a reload, shown until their page arrives
        self._dates: dict[int, str] = {}  # formatted dates, per id
        self._now = datetime.now().astimezone()
        self._newest_first = True
        self.generation = 0
        self._all_read = False  # "mark all read" ran on this list: rows read later show read too
        self._bold = QFont()
        self._bold.setBold(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._ask)

    # --- feeding -----------------------------------------------------------------------

    def set_ids(
        self,
        ids: Sequence[int],
        *,
        newest_first: bool = True,
        positions: dict[int, int] | None = None,
        keep_rows: bool = False,
    ) -> None:
        """Show ``ids`` in the order given (``newest_first`` says which it is); start a new generation.

        A list is kept, not copied: the caller hands it over.

        ``positions`` (id -> row of ``ids``, see ``positions_of``) may be built in a
        worker: for a million ids it costs a tenth of a second. With ``keep_rows``
        (the same list read again) the rows and marks already known keep showing
        until fresh pages arrive, so nothing blinks.
        """
        stale: dict[int, ArticleRow] = {}
        if keep_rows:
            stale = dict(self._stale)
            for page in self._pages.values():
                stale.update(page)
        overrides = dict(self._overrides) if keep_rows else {}
        self.beginResetModel()
        self.generation += 1
        self._ids = ids if isinstance(ids, list) else list(ids)  # a list from a worker is taken as is
        self._newest_first = newest_first
        if positions is None:
            positions = positions_of(self._ids)
        self._pos = positions
        self._pages.clear()
        self._stale = {i: r for i, r in stale.items() if i in positions}
        self._overrides = {i: f for i, f in overrides.items() if i in positions}
        self._wanted.clear()
        self._asked.clear()
        self._all_read = False
        self._dates.clear()
        self._now = datetime.now().astimezone()
        self.endResetModel()

    def set_rows(self, rows: Iterable[ArticleRow], generation: int | None = None) -> bool:
        """Row data for some ids (a page); rows for ids not shown are ignored.

        Returns False (and changes nothing) when ``generation`` is not the current one.
        """
        if generation is not None and generation != self.generation:
            return False
        touched: list[int] = []
        for row in rows:
            pos = self._pos.get(row.id)
            if pos is None:
                continue
            page = self._pages.get(pos // PAGE)
            if page is None:
                page = self._pages[pos // PAGE] = {}
            if self._all_read and row.id not in self._overrides:
                self._overrides[row.id] = (True, row.saved)
            page[row.id] = row
            self._stale.pop(row.id, None)
            self._dates.pop(row.id, None)
            self._asked.discard(pos // PAGE)
            touched.append(pos)
        self._pages_evict()
        if touched:
            self.dataChanged.emit(self.index(min(touched), 0), self.index(max(touched), len(COLUMNS) - 1))
        return True

    def release(self, ids: Sequence[int]) -> None:
        """The read of these ids' pages was dropped: ask again when they are shown."""
        for article_id in ids:
            pos = self._pos.get(article_id)
            if pos is not None:
                self._asked.discard(pos // PAGE)

    def take_lists(self) -> tuple[list[int], dict[int, int]]:
        """The current ids and positions, for the caller to free off the UI thread before ``set_ids``."""
        return self._ids, self._pos

    def positions(self) -> dict[int, int]:
        """id -> row of the current ids (replaced, never changed, by ``set_ids``)."""
        return self._pos

    def overrides(self) -> dict[int, tuple[bool, bool]]:
        """A copy of the marks set by the window and maybe not yet stored (id -> (read, saved))."""
        return dict(self._overrides)

    def set_flags(self, article_id: int, *, read: bool | None = None, saved: bool | None = None) -> None:
        """Change an article's read/saved marks at once (the write follows in a worker)."""
        pos = self._pos.get(article_id)
        if pos is None:
            return
        row = self.row_data(pos)
        old_read, old_saved = self._overrides.get(article_id, (row.read, row.saved) if row else (False, False))
        self._overrides[article_id] = (old_read if read is None else read, old_saved if saved is None else saved)
        self.dataChanged.emit(self.index(pos, 0), self.index(pos, len(COLUMNS) - 1))

    def mark_all_read(self) -> None:
        """Every shown article becomes read (after "mark all read" on this selection)."""
        known = dict(self._stale)
        for page in self._pages.values():
            known.update(page)
        for article_id, row in known.items():
            self._overrides[article_id] = (True, self._overrides.get(article_id, (row.read, row.saved))[1])
        self._all_read = True
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1))

    def _pages_evict(self) -> None:
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)

    # --- queries for the window ---------------------------------------------------------

    @property
    def ids(self) -> list[int]:
        return self._ids

    def article_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, article_id: int) -> int | None:
        return self._pos.get(article_id)

    def row_data(self, row: int) -> ArticleRow | None:
        """The cached row (None when its page was not read yet and no older copy is kept)."""
        if not 0 <= row < len(self._ids):
            return None
        page = self._pages.get(row // PAGE)
        if page is None:
            return self._stale.get(self._ids[row])
        self._pages.move_to_end(row // PAGE)
        return page.get(self._ids[row])

    def feed_of(self, row: int) -> int | None:
        """The feed id of a row, None when unknown."""
        data = self.row_data(row)
        return data.feed_id if data is not None else None

    def flags_of(self, row: int, *, fresh: bool = False) -> tuple[bool, bool] | None:
        """(read, saved) of a row, None when unknown; ``fresh`` ignores rows kept from before a reload."""
        article_id = self.article_id(row)
        if article_id is None:
            return None
        if article_id in self._overrides:
            return self._overrides[article_id]
        if fresh and self.missing_page(row):
            return None
        data = self.row_data(row)
        return None if data is None else (data.read, data.saved)

    def page_ids(self, row: int) -> list[int]:
        start = (row // PAGE) * PAGE
        return self._ids[start : start + PAGE]

    def missing_page(self, row: int) -> bool:
        return 0 <= row < len(self._ids) and (row // PAGE) not in self._pages

    # --- Qt model ------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole and section == SAVED_COL:
            return "Saved"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Called for every cell and role on each paint: kept to dictionary look-ups."""
        role = int(role)
        if role not in _ROLES:
            return None
        row = index.row()
        ids = self._ids
        if not 0 <= row < len(ids):
            return None
        article_id = ids[row]
        if role == _ID:
            return article_id
        page = self._pages.get(row // PAGE)
        if page is None:
            self._want(row)
            data = self._stale.get(article_id)
        else:
            data = page.get(article_id)
        if data is None:
            return None  # a blank row until its page arrives
        col = index.column()
        read, saved = self._overrides.get(article_id, (data.read, data.saved))
        if role == _DISPLAY:
            if col == TITLE_COL:
                return data.title or "(untitled)"
            if col == FEED_COL:
                return data.feed_title
            if col == DATE_COL:
                shown = self._dates.get(article_id)
                if shown is None:
                    shown = self._dates[article_id] = format_date(data.date, self._now)
                return shown
            return STAR if saved else ""
        if role == _FONT:
            return self._bold if not read and col == TITLE_COL else None  # unread: a bold title; feed and date stay quiet
        if role == _ALIGN:
            return _ALIGNMENTS.get(col)
        if role == _FOREGROUND:
            return STAR_COLOR if col == SAVED_COL and saved else None
        if role == _TOOLTIP:
            if col == TITLE_COL:  # the feed too: a narrow list hides its column
                return plain_tooltip(f"{data.title}\n{data.feed_title}")
            if col == FEED_COL:
                return plain_tooltip(data.feed_title)
            return "Saved" if col == SAVED_COL and saved else None
        if role == UNREAD_ROLE:
            return not read
        return saved  # SAVED_ROLE

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Only by date: newest first (descending) or oldest first."""
        newest_first = order == Qt.SortOrder.DescendingOrder
        if newest_first == self._newest_first or not self._ids:
            self._newest_first = newest_first
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        self._ids = self._ids[::-1]  # a new list: a worker may be reading the old one
        self._newest_first = newest_first
        self._pos = {article_id: row for row, article_id in enumerate(self._ids)}
        pages: dict[int, dict[int, ArticleRow]] = {}
        for page in self._pages.values():
            for article_id, data in page.items():
                pages.setdefault(self._pos[article_id] // PAGE, {})[article_id] = data
        self._pages = OrderedDict(pages)
        last = len(self._ids) - 1
        self.changePersistentIndexList(old, [self.index(last - i.row(), i.column()) for i in old])
        self.layoutChanged.emit()

    @property
    def newest_first(self) -> bool:
        return self._newest_first

    # --- lazy loading ---------------------------------------------------------------------

    def _want(self, row: int) -> None:
        page = row // PAGE
        if page in self._asked:
            return
        self._asked.add(page)
        self._wanted.update(self.page_ids(row))
        if not self._timer.isActive():
            self._timer.start()

    def _ask(self) -> None:
        """Emit ``rows_wanted`` once per page, in list order."""
        wanted = sorted(self._pos[i] for i in self._wanted if i in self._pos)
        self._wanted.clear()
        pages: dict[int, list[int]] = {}
        for pos in wanted:
            pages.setdefault(pos // PAGE, []).append(self._ids[pos])
        for ids in pages.values():
            self.rows_wanted.emit(ids)


class ArticleListView(QTableView):
    """The middle pane: compact rows, title stretches, date sorts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)

    MIN_TITLE = 180  # px the title keeps before the Feed column gives way
    _feed_width = 0  # the Feed column's width while shown

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        self.apply_layout()
        header = self.horizontalHeader()
        metrics = QFontMetrics(self.font())
        header.setMinimumSectionSize(8)
        header.resizeSection(SAVED_COL, metrics.horizontalAdvance(STAR) + 12)
        header.resizeSection(FEED_COL, metrics.horizontalAdvance("Harbor City Ledger") + 12)
        header.resizeSection(DATE_COL, max(metrics.horizontalAdvance("28 Feb 22:00"), metrics.horizontalAdvance("28 Feb 2026")) + 16)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(DATE_COL, Qt.SortOrder.DescendingOrder)
        header.setHighlightSections(False)

    def apply_layout(self) -> None:
        """Title stretches (and shrinks last); Feed and Date keep their width. Again after a restored header state."""
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(SAVED_COL, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(TITLE_COL, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(FEED_COL, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(DATE_COL, QHeaderView.ResizeMode.Interactive)
        self.fit_columns()

    def fit_columns(self, width: int | None = None) -> None:
        """A narrow list hides the Feed column (the title's tooltip names the feed) so the title keeps its room."""
        header = self.horizontalHeader()
        if not header.isSectionHidden(FEED_COL):
            self._feed_width = header.sectionSize(FEED_COL)
        room = (self.width() if width is None else width) - 2 * self.frameWidth() - self.verticalScrollBar().sizeHint().width()
        fixed = header.sectionSize(SAVED_COL) + header.sectionSize(DATE_COL) + self._feed_width
        narrow = room < fixed + self.MIN_TITLE
        if header.isSectionHidden(FEED_COL) != narrow:
            header.setSectionHidden(FEED_COL, narrow)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns(event.size().width())

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Focus alone opens nothing: Qt would make the first row current (and so shown, and read)."""
        model = self.selectionModel()
        had_current = model is not None and self.currentIndex().isValid()
        if model is not None and not had_current:
            model.blockSignals(True)
        try:
            super().focusInEvent(event)
        finally:
            if model is not None and not had_current:
                model.clearCurrentIndex()
                model.blockSignals(False)
                self.viewport().update()

    def clear_current(self) -> None:
        """No current row and nothing selected (the pane shows something else), without opening anything."""
        model = self.selectionModel()
        if model is None:
            return
        model.blockSignals(True)
        model.clearCurrentIndex()
        model.clearSelection()
        model.blockSignals(False)
        self.viewport().update()

    def visible_rows(self) -> range:
        """Rows on screen now (for prefetching)."""
        top = self.rowAt(0)
        bottom = self.rowAt(self.viewport().height() - 1)
        model = self.model()
        if model is None or model.rowCount() == 0:
            return range(0)
        top = max(top, 0)
        bottom = model.rowCount() - 1 if bottom < 0 else bottom
        return range(top, bottom + 1)
