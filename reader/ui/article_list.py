"""The article list: a lazy model over article ids, and its view.

``ArticleListModel`` holds the ordered ids of the current selection as one packed
array (8 bytes an id: a million cost 8 MB, read in a worker) and the row data of
the pages that were looked at. It may be told the list's length and its first
ids before the rest are read (``set_ids(head, count=N)``, then ``complete_ids``),
so the first page shows while a million ids are still on their way; rows past
the ids known so far stay blank until they come. When a view asks for a row it
does not have, the model emits ``rows_wanted`` once with the ids of that row's
page; the owner reads them in a worker (``Library.article_rows``) and hands them
back with ``set_rows(rows, generation)``. Each ``set_ids`` starts a new
generation, so a page read for an older list is dropped. Until its page arrives
a row is blank (or shows the row it had before a reload of the same list), never
a stand-in text that would flicker. The model never talks to the library itself.

There is no id -> row dictionary (a million entries cost ~100 MB): the rows of
cached pages are looked up in a small one, any other id by scanning the packed
ids (``find_row``, a few milliseconds for a million).
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from reader.core.models import ArticleRow
from reader.ui.i18n import QT_TRANSLATE_NOOP, join_words, list_date, translate
from reader.ui.style import STAR, STAR_COLOR, plain_tooltip

PAGE = 100
MAX_PAGES = 400  # rows kept in memory: 40,000
ID_ROLE = Qt.ItemDataRole.UserRole + 1
UNREAD_ROLE = Qt.ItemDataRole.UserRole + 2
SAVED_ROLE = Qt.ItemDataRole.UserRole + 3

Index = QModelIndex | QPersistentModelIndex

COLUMNS = (
    STAR,
    QT_TRANSLATE_NOOP("ArticleList", "Title"),
    QT_TRANSLATE_NOOP("ArticleList", "Feed"),
    QT_TRANSLATE_NOOP("ArticleList", "Date"),
)
SAVED_COL, TITLE_COL, FEED_COL, DATE_COL = range(4)

_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_FONT = int(Qt.ItemDataRole.FontRole.value)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_SPOKEN = int(Qt.ItemDataRole.AccessibleTextRole.value)
_SPOKEN_STATE = int(Qt.ItemDataRole.AccessibleDescriptionRole.value)
_ID = int(ID_ROLE)
_ROLES = frozenset({_DISPLAY, _FONT, _ALIGN, _FOREGROUND, _TOOLTIP, _SPOKEN, _SPOKEN_STATE, _ID, int(UNREAD_ROLE), int(SAVED_ROLE)})
_ALIGNMENTS = {
    SAVED_COL: int(Qt.AlignmentFlag.AlignCenter.value),
    DATE_COL: int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value),
}


def format_date(date: datetime | None, now: datetime | None = None) -> str:
    """Short date for the list in the user's locale: time today, day and month this year, else the full date."""
    return list_date(date, now)


def spoken_state(read: bool, saved: bool) -> str:
    """A row's marks in words, as a screen reader says them: "unread, saved"."""
    return join_words([
        translate("ArticleList", "read") if read else translate("ArticleList", "unread"),
        translate("ArticleList", "saved") if saved else "",
    ])


def _widest_dates() -> list[str]:
    """A late date formatted as the list shows it this year and in another year (to size the column)."""
    sample = datetime(2026, 12, 28, 22, 58).astimezone()
    return [format_date(sample, sample + timedelta(days=1)), format_date(sample, sample.replace(year=2027))]


def packed(ids: Iterable[int]) -> array[int]:
    """Ids as the model keeps them."""
    return ids if isinstance(ids, array) and ids.typecode == "q" else array("q", ids)


def find_row(ids: array[int], article_id: int) -> int | None:
    """The row of ``article_id`` in packed ``ids``, None when absent (a byte search in C, not a dict)."""
    data = ids.tobytes()
    needle = array("q", (article_id,)).tobytes()
    at = data.find(needle)
    while at >= 0:
        if at % 8 == 0:  # an id, not the tail of one and the head of the next
            return at // 8
        at = data.find(needle, at + 1)
    return None


class ArticleListModel(QAbstractTableModel):
    """Ordered article ids with row data fetched page by page.

    Signals:
        rows_wanted(list[int]): ids whose rows the view needs; answer with ``set_rows``.
    """

    rows_wanted = Signal(list)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids: array[int] = array("q")
        self._count = 0  # rows shown: len(self._ids), or more while the ids are still being read
        self._pages: OrderedDict[int, dict[int, ArticleRow]] = OrderedDict()
        self._cached_rows: dict[int, int] = {}  # id -> row, for the ids of the cached pages only
        self._overrides: dict[int, tuple[bool, bool]] = {}  # id -> (read, saved), set at once by the window
        self._wanted: set[int] = set()  # pages to ask for
        self._asked: set[int] = set()
        self._page_heads: dict[int, int] = {}  # first id of a page asked for -> its row
        self._stale: dict[int, ArticleRow] = {}  # rows from before a reload, shown until their page arrives
        self._dates: dict[int, str] = {}  # formatted dates, per id
        self._now = datetime.now().astimezone()
        self._newest_first = True
        self._order_when_complete: bool | None = None  # a sort asked for before every id was known
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
        ids: Iterable[int],
        *,
        newest_first: bool = True,
        keep_rows: bool = False,
        count: int | None = None,
    ) -> None:
        """Show ``ids`` in the order given (``newest_first`` says which it is); start a new generation.

        A packed array (``packed``) is kept, not copied: the caller hands it over.
        ``count`` (when larger than ``len(ids)``) says the list is longer: ``ids`` is
        its head and ``complete_ids`` brings the rest. With ``keep_rows`` (the same
        list read again) the rows and marks already known keep showing until fresh
        pages arrive, so nothing blinks.
        """
        stale: dict[int, ArticleRow] = {}
        if keep_rows:
            stale = dict(self._stale)
            for page in self._pages.values():
                stale.update(page)
        overrides = dict(self._overrides) if keep_rows else {}
        self.beginResetModel()
        self.generation += 1
        self._ids = packed(ids)
        self._count = max(len(self._ids), count or 0)
        self._newest_first = newest_first
        self._pages.clear()
        self._cached_rows.clear()
        self._stale = stale
        self._overrides = overrides  # ids no longer listed are never looked up
        self._wanted.clear()
        self._asked.clear()
        self._page_heads.clear()
        self._order_when_complete = None
        self._all_read = False
        self._dates.clear()
        self._now = datetime.now().astimezone()
        self.endResetModel()

    def complete_ids(self, ids: Iterable[int], generation: int) -> bool:
        """The whole list whose head ``set_ids`` was given: rows past the head fill in, nothing resets.

        Returns False (and changes nothing) when ``generation`` is not the current one
        or ``ids`` does not start with the head (the caller then calls ``set_ids``).
        """
        full = packed(ids)
        head = len(self._ids)
        if generation != self.generation or full[:head] != self._ids:
            return False
        self._ids = full
        if len(full) != self._count:
            if len(full) > self._count:
                self.beginInsertRows(QModelIndex(), self._count, len(full) - 1)
                self._count = len(full)
                self.endInsertRows()
            else:
                self.beginRemoveRows(QModelIndex(), len(full), self._count - 1)
                self._count = len(full)
                self.endRemoveRows()
        if len(full) > head:  # rows painted blank past the head ask for their pages now
            self.dataChanged.emit(self.index(head, 0), self.index(len(full) - 1, len(COLUMNS) - 1))
        order, self._order_when_complete = self._order_when_complete, None
        if order is not None:
            self.sort(DATE_COL, Qt.SortOrder.DescendingOrder if order else Qt.SortOrder.AscendingOrder)
        return True

    def complete(self) -> bool:
        """Whether every id of the list is known (not only its head)."""
        return len(self._ids) == self._count

    def set_rows(self, rows: Iterable[ArticleRow], generation: int | None = None) -> bool:
        """Row data for some ids (a page); rows for ids not shown are ignored.

        Returns False (and changes nothing) when ``generation`` is not the current one.
        """
        if generation is not None and generation != self.generation:
            return False
        rows = list(rows)
        where = self._rows_of_pages_asked()
        touched: list[int] = []
        ids = self._ids
        guess = -1  # a page comes in list order: the next row is most likely right after the last
        for row in rows:
            pos = where.get(row.id)
            if pos is None:
                pos = self._cached_rows.get(row.id)
            if pos is None:
                pos = guess if 0 <= guess < len(ids) and ids[guess] == row.id else find_row(ids, row.id)
            if pos is None:
                continue
            guess = pos + 1
            page = self._pages.get(pos // PAGE)
            if page is None:
                page = self._pages[pos // PAGE] = {}
            if self._all_read and row.id not in self._overrides:
                self._overrides[row.id] = (True, row.saved)
            page[row.id] = row
            self._cached_rows[row.id] = pos
            self._stale.pop(row.id, None)
            self._dates.pop(row.id, None)
            self._asked.discard(pos // PAGE)
            touched.append(pos)
        self._pages_evict()
        if touched:
            self.dataChanged.emit(self.index(min(touched), 0), self.index(max(touched), len(COLUMNS) - 1))
        return True

    def _rows_of_pages_asked(self) -> dict[int, int]:
        """id -> row for the pages asked for (where the rows being handed in belong)."""
        where: dict[int, int] = {}
        for page in self._asked:
            start = page * PAGE
            where.update(zip(self._ids[start : start + PAGE], range(start, start + PAGE), strict=False))
        return where

    def release(self, ids: Sequence[int]) -> None:
        """The read of these ids' pages was dropped: ask again when they are shown."""
        if ids:
            pos = self.row_of(ids[0])
            if pos is not None:
                self._asked.discard(pos // PAGE)

    def overrides(self) -> dict[int, tuple[bool, bool]]:
        """A copy of the marks set by the window and maybe not yet stored (id -> (read, saved))."""
        return dict(self._overrides)

    def set_flags(self, article_id: int, *, read: bool | None = None, saved: bool | None = None) -> None:
        """Change an article's read/saved marks at once (the write follows in a worker)."""
        pos = self.row_of(article_id)
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
        if self._count:
            self.dataChanged.emit(self.index(0, 0), self.index(self._count - 1, len(COLUMNS) - 1))

    def _pages_evict(self) -> None:
        while len(self._pages) > MAX_PAGES:
            _, page = self._pages.popitem(last=False)
            for article_id in page:
                self._cached_rows.pop(article_id, None)

    # --- queries for the window ---------------------------------------------------------

    @property
    def ids(self) -> array[int]:
        """The ids known so far, in list order (replaced, never changed in place)."""
        return self._ids

    def article_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, article_id: int) -> int | None:
        """The row of an id: at once for the cached pages' ids, else by a scan of the ids."""
        pos = self._cached_rows.get(article_id)
        if pos is None:
            pos = self._page_heads.get(article_id)
        return pos if pos is not None else find_row(self._ids, article_id)

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
        return self._ids[start : start + PAGE].tolist()

    def missing_page(self, row: int) -> bool:
        return 0 <= row < self._count and (row // PAGE) not in self._pages

    # --- Qt model ------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section] if section == SAVED_COL else translate("ArticleList", COLUMNS[section])
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return translate("ArticleList", "Saved") if section == SAVED_COL else translate("ArticleList", COLUMNS[section])
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
                return data.title or translate("ArticleList", "(untitled)")
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
            return translate("ArticleList", "Saved") if col == SAVED_COL and saved else None
        if role == _SPOKEN:
            return self._spoken(article_id, data, col, read, saved)
        if role == _SPOKEN_STATE:
            return spoken_state(read, saved) if col == TITLE_COL else None
        if role == UNREAD_ROLE:
            return not read
        return saved  # SAVED_ROLE

    def _spoken(self, article_id: int, data: ArticleRow, col: int, read: bool, saved: bool) -> str | None:
        """What a screen reader says for a cell: the title cell says the whole row, marks in words."""
        if col == SAVED_COL:
            return translate("ArticleList", "saved") if saved else translate("ArticleList", "not saved")
        if col != TITLE_COL:
            return None  # the shown text
        date = self._dates.get(article_id)
        if date is None:
            date = self._dates[article_id] = format_date(data.date, self._now)
        title = data.title or translate("ArticleList", "(untitled)")
        return join_words([title, data.feed_title, date, spoken_state(read, saved)])

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Only by date: newest first (descending) or oldest first."""
        newest_first = order == Qt.SortOrder.DescendingOrder
        if newest_first == self._newest_first or not self._ids:
            self._newest_first = newest_first
            return
        if not self.complete():  # reversed once every id is known (a fraction of a second after a list opens)
            self._order_when_complete = newest_first
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        last = len(self._ids) - 1
        self._ids = self._ids[::-1]  # a new array: a worker may be reading the old one
        self._newest_first = newest_first
        self._cached_rows = {article_id: last - row for article_id, row in self._cached_rows.items()}
        pages: dict[int, dict[int, ArticleRow]] = {}
        for page in self._pages.values():
            for article_id, data in page.items():
                pages.setdefault(self._cached_rows[article_id] // PAGE, {})[article_id] = data
        self._pages = OrderedDict(pages)
        self._page_heads.clear()
        self._asked.clear()
        self.changePersistentIndexList(old, [self.index(last - i.row(), i.column()) for i in old])
        self.layoutChanged.emit()

    @property
    def newest_first(self) -> bool:
        return self._newest_first

    # --- lazy loading ---------------------------------------------------------------------

    def _want(self, row: int) -> None:
        page = row // PAGE
        if page in self._asked or row >= len(self._ids):  # past the head: asked once the ids are complete
            return
        self._asked.add(page)
        self._wanted.add(page)
        if not self._timer.isActive():
            self._timer.start()

    def _ask(self) -> None:
        """Emit ``rows_wanted`` once per page, in list order."""
        wanted = sorted(self._wanted)
        self._wanted.clear()
        for page in wanted:
            ids = self.page_ids(page * PAGE)
            if ids:
                self._page_heads[ids[0]] = page * PAGE
                self.rows_wanted.emit(ids)


def focus_in_opening_nothing(view: QAbstractItemView, event: QFocusEvent, base: Callable[[QFocusEvent], None]) -> None:
    """A list's focus-in that opens nothing: Qt would make the first row current (and so shown, and read).

    ``base`` is the view class's own ``focusInEvent``; the article list and the search results share this.
    """
    model = view.selectionModel()
    had_current = model is not None and view.currentIndex().isValid()
    if model is not None and not had_current:
        model.blockSignals(True)
    try:
        base(event)
    finally:
        if model is not None and not had_current:
            model.clearCurrentIndex()
            model.blockSignals(False)
            view.viewport().update()


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
        self.setTabKeyNavigation(False)  # Tab leaves the list (rows move with the arrows and j/k), never a trap

    MIN_TITLE = 180  # px the title keeps before the Feed column gives way
    _feed_width = 0  # the Feed column's width while shown

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        self.apply_layout()
        header = self.horizontalHeader()
        metrics = QFontMetrics(self.font())
        header.setMinimumSectionSize(8)
        header.resizeSection(SAVED_COL, metrics.horizontalAdvance(STAR) + 12)
        header.resizeSection(FEED_COL, metrics.horizontalAdvance("Harbor City Ledger") + 12)  # notr: a width sample
        header.resizeSection(DATE_COL, max(metrics.horizontalAdvance(sample) for sample in _widest_dates()) + 16)
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
        focus_in_opening_nothing(self, event, super().focusInEvent)

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
