"""What assistive technology sees: spoken announcements and the article pane's links as real objects.

Qt's bridge (AT-SPI on Linux, what Orca reads) exposes every widget through
its accessible name, description and role, and item views through the
``AccessibleTextRole`` / ``AccessibleDescriptionRole`` of their models (the
article list and the tree answer those with rows in words). Two things Qt does
not do by itself are here:

* ``announce(widget, text)`` sends a polite announcement (a refresh ended, a
  search found N articles, an error) through ``QAccessibleAnnouncementEvent``,
  so a screen reader says it without the user moving to the status bar;
* ``PaneLinks`` lays one ``PaneLink`` widget over each link of the article
  pane. A QTextBrowser exposes its text but not its links; each stand-in is a
  focusable object with the role *link*, the link's text as its name (a
  Related link's name is its headline) and "Related story" as description,
  reached with Tab and activated with Enter or Space. They let mouse events
  through to the text below, and paint a focus ring when focused.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAccessibleInterface,
    QFocusEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QAccessibleWidget,
    QLineEdit,
    QSizeGrip,
    QSplitter,
    QStatusBar,
    QTextBrowser,
    QToolBar,
    QToolButton,
    QWidget,
)

from reader.ui.i18n import translate

ACTIVATE_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)


def announce(widget: QObject, text: str) -> None:
    """Have a screen reader say ``text`` (politely: after what it is saying). Nothing happens when none listens."""
    if text and QAccessible.isActive():
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, text))


def name_qt_parts(splitter: QSplitter, toolbar: QToolBar, search_field: QLineEdit, status: QStatusBar) -> None:
    """Names for the widgets Qt adds by itself and leaves unnamed: splitter handles, »more«, clear, size grip."""
    for index, name in (
        (1, translate("MainWindow", "Divider between feeds and articles")),
        (2, translate("MainWindow", "Divider between articles and the article")),
    ):
        if index < splitter.count():
            splitter.handle(index).setAccessibleName(name)
    for button in toolbar.findChildren(QToolButton, "qt_toolbar_ext_button"):
        button.setAccessibleName(translate("MainWindow", "More tools"))
    for button in search_field.findChildren(QToolButton):
        button.setAccessibleName(translate("MainWindow", "Clear search"))
    for grip in status.findChildren(QSizeGrip):
        grip.setAccessibleName(translate("MainWindow", "Resize the window"))


def _factory(_key: str, obj: QObject) -> QAccessibleInterface | None:
    if isinstance(obj, PaneLink):
        return QAccessibleWidget(obj, QAccessible.Role.Link)
    return None


_installed: list[bool] = []


def install_factory() -> None:
    """Teach Qt's accessibility the ``PaneLink`` role (once per process)."""
    if not _installed:
        QAccessible.installFactory(_factory)
        _installed.append(True)


@dataclass(frozen=True)
class LinkSpan:
    """One link of a laid-out document: where it starts and ends, where it goes, what it says."""

    start: int
    end: int
    href: str
    text: str


def link_spans(browser: QTextBrowser) -> list[LinkSpan]:
    """Every link of the browser's document in reading order (adjacent pieces of one link joined)."""
    spans: list[LinkSpan] = []
    block = browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            href = fmt.anchorHref() if fmt.isAnchor() else ""
            if href:
                start, text = fragment.position(), fragment.text()
                last = spans[-1] if spans else None
                if last is not None and last.href == href and last.end == start:
                    spans[-1] = LinkSpan(last.start, start + fragment.length(), href, last.text + text)
                else:
                    spans.append(LinkSpan(start, start + fragment.length(), href, text))
            it += 1
        block = block.next()
    return [LinkSpan(s.start, s.end, s.href, " ".join(s.text.replace("\ufffc", " ").split())) for s in spans]


class _RelatedHrefs(HTMLParser):
    """The hrefs of ``<a class="related">`` links in an HTML body."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and "related" in (values.get("class") or "").split():
            self.hrefs.add(values.get("href") or "")


def related_hrefs(body_html: str) -> set[str]:
    parser = _RelatedHrefs()
    parser.feed(body_html)
    parser.close()
    return parser.hrefs


class PaneLink(QWidget):
    """A link of the article pane as an object of its own: focusable, named, role *link*.

    Signals:
        activated(str): Enter or Space on it; carries the href.
        focused(int): it got the focus; carries the link's start in the document.
    """

    activated = Signal(str)
    focused = Signal(int)

    def __init__(self, span: LinkSpan, description: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.span = span
        self.setObjectName("pane-link")
        self.setAccessibleName(span.text.replace("↗", "").strip() or span.href)  # "Original ↗": the arrow is decoration
        self.setAccessibleDescription(description)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def event(self, event: QEvent) -> bool:
        # Enter and Space open this link, not the window's shortcuts on those keys
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and event.key() in ACTIVATE_KEYS:
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in ACTIVATE_KEYS:
            self.activated.emit(self.span.href)
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.focused.emit(self.span.start)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.hasFocus():
            return
        painter = QPainter(self)
        pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), 2)
        painter.setPen(pen)
        painter.drawRoundedRect(self.rect().adjusted(1, 1, -1, -1), 3, 3)
        painter.end()


class PaneLinks(QObject):
    """Keeps one ``PaneLink`` over each link of a QTextBrowser, in document order and in the Tab chain.

    Rebuilt when the document changes (after the event loop settles), moved
    when the text scrolls or is laid out again. ``set_related`` names the
    hrefs of the shown body's Related links. Activating a stand-in emits
    the browser's own ``anchorClicked``, so a link opens the same way by key as
    by mouse.
    """

    def __init__(self, browser: QTextBrowser) -> None:
        super().__init__(browser)
        self.browser = browser
        self.links: list[PaneLink] = []
        self._related: set[str] = set()
        self._rebuild_timer = QTimer(self, singleShot=True, interval=0)
        self._rebuild_timer.timeout.connect(self.rebuild)
        self._place_timer = QTimer(self, singleShot=True, interval=0)
        self._place_timer.timeout.connect(self.place)
        self._stale = False  # the document changed since the stand-ins were made: their spans mean nothing now
        browser.document().contentsChanged.connect(self._document_changed)
        browser.document().documentLayout().documentSizeChanged.connect(lambda _size: self._place_timer.start())
        browser.verticalScrollBar().valueChanged.connect(lambda _value: self.place())
        browser.horizontalScrollBar().valueChanged.connect(lambda _value: self.place())
        self._viewport = browser.viewport()
        self._viewport.installEventFilter(self)

    def set_related(self, hrefs: set[str]) -> None:
        self._related = set(hrefs)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._viewport and event.type() == QEvent.Type.Resize:  # no call into the pane: it may be going away
            self._place_timer.start()
        return False

    def _document_changed(self) -> None:
        self._stale = True
        self._rebuild_timer.start()

    def rebuild(self) -> None:
        """One stand-in per link of the document as it is now."""
        self._stale = False
        had_focus = next((i for i, link in enumerate(self.links) if link.hasFocus()), None)
        for link in self.links:
            link.hide()
            link.deleteLater()
        self.links = []
        related = translate("ArticlePane", "Related story")
        plain = translate("ArticlePane", "Link")
        previous: QWidget = self.browser
        after = self.browser.nextInFocusChain()
        while after is not None and after.parent() is self.browser.viewport():  # skip stand-ins being deleted
            after = after.nextInFocusChain()
        for span in link_spans(self.browser):
            link = PaneLink(span, related if span.href in self._related else plain, self.browser.viewport())
            link.activated.connect(self._activate)
            link.focused.connect(self._reveal)
            QWidget.setTabOrder(previous, link)
            previous = link
            self.links.append(link)
        if after is not None and self.links and after is not self.browser:
            QWidget.setTabOrder(previous, after)
        self.place()
        for link in self.links:
            link.show()
        if had_focus is not None and self.links:
            self.links[min(had_focus, len(self.links) - 1)].setFocus(Qt.FocusReason.OtherFocusReason)

    def place(self) -> None:
        """Lay each stand-in over its link's text in the viewport."""
        if self._stale:
            return
        for link in self.links:
            link.setGeometry(self._rect(link.span))

    def _cursor_at(self, position: int) -> QTextCursor:
        cursor = QTextCursor(self.browser.document())
        cursor.setPosition(max(0, min(position, self.browser.document().characterCount() - 1)))
        return cursor

    def _rect(self, span: LinkSpan) -> QRect:
        cursor = self._cursor_at(span.start)
        first = self.browser.cursorRect(cursor)
        cursor = self._cursor_at(span.end)
        last = self.browser.cursorRect(cursor)
        if first.top() == last.top():
            return QRect(first.left(), first.top(), max(4, last.right() - first.left()), first.height()).adjusted(-2, -1, 2, 1)
        width = self.browser.viewport().width()
        return QRect(0, first.top(), width, last.bottom() - first.top()).adjusted(0, -1, 0, 1)

    def _activate(self, href: str) -> None:
        self.browser.anchorClicked.emit(QUrl(href))

    def _reveal(self, position: int) -> None:
        """Scroll a focused link into view."""
        if self._stale:
            return
        rect = self.browser.cursorRect(self._cursor_at(position))
        viewport = self.browser.viewport().rect()
        if not viewport.contains(rect):
            bar = self.browser.verticalScrollBar()
            bar.setValue(bar.value() + rect.top() - viewport.height() // 3)
