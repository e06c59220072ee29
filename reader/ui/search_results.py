"""Search results: the hits model and the delegate that paints them as rich text.

``SearchResultsModel`` holds the hits of one search, best first, fed with
``set_hits`` by ``SearchController``; it never reads the library. Each row's
``HTML_ROLE`` is title, feed and snippet as escaped HTML (the snippet's matched
terms in bold), painted by ``HtmlDelegate``. Read and saved marks made while
the results show are kept per article (``set_flags``) so rows follow at once.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QFocusEvent, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from reader.core.models import SearchHit
from reader.ui.article_list import ID_ROLE, SAVED_ROLE, UNREAD_ROLE, focus_in_opening_nothing, format_date, spoken_state
from reader.ui.i18n import join_words, translate
from reader.ui.style import STAR, STAR_COLOR, muted_text, plain_tooltip

HTML_ROLE = Qt.ItemDataRole.UserRole + 4

Index = QModelIndex | QPersistentModelIndex


def plain_snippet(snippet: str) -> str:
    """A search snippet without its match marks, on one line (what a screen reader says)."""
    return " ".join(snippet.replace("\x02", "").replace("\x03", "").split())


def snippet_html(snippet: str) -> str:
    """Escape a search snippet and bold its \\x02..\\x03 marked terms."""
    text = html.escape(" ".join(snippet.split()))
    return text.replace("\x02", "<b>").replace("\x03", "</b>")


class SearchResultsModel(QAbstractListModel):
    """Search hits, best first; ``HTML_ROLE`` gives title, feed and snippet as safe HTML."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []
        self._flags: dict[int, tuple[bool, bool]] = {}  # id -> (read, saved)

    def set_hits(self, hits: Sequence[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self._flags = {h.article.id: (h.article.read, h.article.saved) for h in self._hits}
        self.endResetModel()

    def set_flags(self, article_id: int, *, read: bool | None = None, saved: bool | None = None) -> None:
        old = self._flags.get(article_id)
        if old is None:
            return
        self._flags[article_id] = (old[0] if read is None else read, old[1] if saved is None else saved)
        row = self.row_of(article_id)
        if row is not None:
            self.dataChanged.emit(self.index(row), self.index(row))

    def flags_of(self, article_id: int) -> tuple[bool, bool] | None:
        """(read, saved) of a hit, None when it is not among the hits."""
        return self._flags.get(article_id)

    def is_unread(self, row: int) -> bool:
        """Whether the hit of ``row`` is unread, as the window knows it now."""
        article_id = self.article_id(row)
        flags = self._flags.get(article_id) if article_id is not None else None
        return flags is not None and not flags[0]

    @property
    def hits(self) -> list[SearchHit]:
        return self._hits

    def article_id(self, row: int) -> int | None:
        return self._hits[row].article.id if 0 <= row < len(self._hits) else None

    def row_of(self, article_id: int) -> int | None:
        for row, hit in enumerate(self._hits):
            if hit.article.id == article_id:
                return row
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._hits):
            return None
        hit = self._hits[index.row()]
        a = hit.article
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{a.title} — {a.feed_title}"
        if role == ID_ROLE:
            return a.id
        read, saved = self._flags.get(a.id, (a.read, a.saved))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            title = a.title or translate("ArticleList", "(untitled)")
            date = format_date(a.published or a.updated)
            return join_words([title, a.feed_title, date, spoken_state(read, saved), plain_snippet(hit.snippet)])
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return spoken_state(read, saved)
        if role == UNREAD_ROLE:
            return not read
        if role == SAVED_ROLE:
            return saved
        if role == HTML_ROLE:
            weight = "bold" if not read else "normal"
            star = f"<span style='color:{STAR_COLOR.name()}'>{STAR}</span> " if saved else ""
            date = format_date(a.published or a.updated)
            meta = html.escape(a.feed_title) + (f" · {html.escape(date)}" if date else "")
            return (
                f"<div style='font-weight:{weight}'>{star}{html.escape(a.title or translate('ArticleList', '(untitled)'))}"
                f" <span class='meta'>· {meta}</span></div>"
                f"<div>{snippet_html(hit.snippet)}</div>"
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(f"{a.title}\n{a.feed_title}")
        return None


class HtmlDelegate(QStyledItemDelegate):
    """Paints ``HTML_ROLE`` (escaped by the model) as rich text."""

    def _document(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        # the feed and date: quiet on a plain row, the selection's own text colour on a selected one
        meta = option.palette.color(QPalette.ColorRole.HighlightedText).name() if selected else muted_text(option.palette).name()
        doc.setDefaultStyleSheet(f".meta {{ color: {meta}; font-weight: normal; }}")
        doc.setHtml(str(index.data(HTML_ROLE) or ""))
        doc.setTextWidth(max(option.rect.width(), 200))
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        doc = self._document(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        ctx.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        painter.save()
        painter.translate(opt.rect.topLeft())
        painter.setClipRect(QRectF(0, 0, opt.rect.width(), opt.rect.height()))
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        doc = self._document(opt, index)
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 6)


class SearchResultsView(QListView):
    """The results list: wrapped rich-text rows painted by ``HtmlDelegate``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(HtmlDelegate(self))
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)

    def focusInEvent(self, event: QFocusEvent) -> None:
        focus_in_opening_nothing(self, event, super().focusInEvent)
