"""The right pane: a QTextBrowser showing ``Library.render`` output, with link routing.

The pane adds only its header (title, feed, date, the ★ Saved mark) above the
body; the body is shown exactly as rendered (``byline show ID --html`` prints
the same bytes), callout boxes included.

The pane never loads anything by itself: ``loadResource`` answers only from
images the window handed over. Images the library kept (``byline:image/<sha256>``,
decoded by the worker that rendered the article, given to ``show_article``)
are always shown; they never leave the machine. Remote images are asked for
(``image_wanted``) and shown once handed over (``add_image``), and only while
the shown article may show remote images. It never reads a local file,
whatever the URL. Clicked links become signals; the window decides what they
open.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from urllib.parse import parse_qs, quote, unquote, urlsplit

from PySide6.QtCore import QEvent, QLocale, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont, QImage, QResizeEvent, QTextCursor, QTextDocument, QTextFrameFormat
from PySide6.QtWidgets import QTextBrowser, QWidget

from reader.core.models import IMAGE_URL_PREFIX, Article, Enclosure
from reader.ui.accessibility import PaneLinks, install_factory, related_hrefs
from reader.ui.i18n import arg, long_date, translate
from reader.ui.style import STAR, article_stylesheet, is_dark, prefers_high_contrast

MEASURE_EM = 38  # readable line length, in em


class LinkKind(Enum):
    ARTICLE = "article"  # byline:article/ID
    RELATED = "related"  # byline:related?q=HEADLINE
    COMMAND = "command"  # byline:<name> for the window's own pages (welcome page)
    DOWNLOAD = "download"  # byline:download?url=URL (an enclosure to save)
    WEB = "web"  # http(s): maybe an article in the library, else the browser
    MAIL = "mail"  # mailto:
    REFUSED = "refused"  # anything else


@dataclass(frozen=True)
class LinkTarget:
    kind: LinkKind
    value: str  # the id, the headline, the command or the URL


def classify_link(url: str) -> LinkTarget:
    """Decide what a clicked link in the pane means. Pure: no library, no Qt."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme == "byline":
        path = parts.path
        if path.startswith("article/") and path[8:].isdigit():
            return LinkTarget(LinkKind.ARTICLE, path[8:])
        if path == "download":
            target = parse_qs(parts.query).get("url", [""])[0].strip()
            scheme_of = urlsplit(target).scheme.lower()
            return LinkTarget(LinkKind.DOWNLOAD, target) if scheme_of in ("http", "https") else LinkTarget(LinkKind.REFUSED, url)
        if path == "related":
            q = parse_qs(parts.query).get("q", [""])[0].strip()
            return LinkTarget(LinkKind.RELATED, q) if q else LinkTarget(LinkKind.REFUSED, url)
        if path.isalpha():
            return LinkTarget(LinkKind.COMMAND, path)
        return LinkTarget(LinkKind.REFUSED, url)
    if scheme in ("http", "https") and parts.hostname:
        return LinkTarget(LinkKind.WEB, url)
    if scheme == "mailto":
        return LinkTarget(LinkKind.MAIL, url)
    return LinkTarget(LinkKind.REFUSED, url)


def format_size(length: int | None) -> str:
    """An enclosure's size for people: "4.5 MB", "180 KB", "" when unknown."""
    if not length or length <= 0:
        return ""
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if length >= size:
            value = length / size
            return f"{QLocale().toString(value, 'f', 1 if value < 10 else 0)} {unit}"
    return translate("ArticlePane", "%Ln byte(s)", None, length)


def enclosure_name(url: str) -> str:
    """The file name an enclosure's address ends in (the address when it has none)."""
    name = unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])
    return name or url


def enclosures_html(enclosures: Sequence[Enclosure]) -> str:
    """The attachments under an article: name, type and size, Open and Download ("" when none)."""
    rows = []
    for e in enclosures:
        kind = html.escape(e.type or translate("ArticlePane", "file"))
        size = format_size(e.length)
        facts = " · ".join(x for x in (kind, html.escape(size)) if x)
        href = html.escape(e.url, quote=True)
        download = html.escape("byline:download?url=" + quote(e.url, safe=""), quote=True)
        rows.append(
            f"<li><b>{html.escape(enclosure_name(e.url))}</b> <span class='meta'>{facts}</span> · "
            f"<a href='{href}'>{html.escape(translate('ArticlePane', 'Open'))}</a> · "
            f"<a href='{download}'>{html.escape(translate('ArticlePane', 'Download…'))}</a></li>"
        )
    if not rows:
        return ""
    title = html.escape(translate("ArticlePane", "Attachment(s)", None, len(rows)))
    return f"<div class='enclosures'><h3>{title}</h3><ul>{''.join(rows)}</ul></div>"


def header_html(article: Article, *, copy_switch: str = "") -> str:
    """Title, feed, author, date (in the user's locale) and a link to the original; everything escaped."""
    original = html.escape(translate("ArticlePane", "Original ↗"))
    parts = [f"<a class='original' href='{html.escape(article.url, quote=True)}'>{original}</a>" if article.url else ""]
    meta = [f"<b>{html.escape(article.feed_title)}</b>" if article.feed_title else ""]
    if article.author:
        meta.append(html.escape(arg(translate("ArticlePane", "by %1"), article.author)))
    if article.published:
        meta.append(html.escape(long_date(article.published)))
    if article.saved:
        meta.append(f"{STAR} {html.escape(translate('ArticlePane', 'Saved'))}")
    line = " · ".join(m for m in meta + parts if m)
    switch = f"<p class='copy-switch'>{copy_switch}</p>" if copy_switch else ""
    title = article.title or translate("ArticlePane", "(untitled)")
    return (
        "<div class='byline-header'>"
        f"<h1 class='title'>{html.escape(title)}</h1>"
        f"<p class='meta'>{line}</p>{switch}</div>"
    )


def welcome_html(*, offer_sample: bool) -> str:
    """The empty library's page: what Byline is waiting for, with links to the sample library and Add Feed."""
    offer = ""
    if offer_sample:
        offer = "<p>" + translate(
            "MainWindow", "<a href='byline:sample'>Load the sample library</a> — a few stories to read offline."
        ) + "</p>"
    return (
        "<h1 class='title'>" + translate("MainWindow", "Welcome to Byline") + "</h1>"
        "<p>" + translate("MainWindow", "Your library is empty.") + "</p>"
        f"{offer}"
        "<p>" + translate(
            "MainWindow",
            "<a href='byline:addfeed'>Add a feed</a> by its address or a site's address, "
            "or import an OPML file from another reader (File ▸ Import OPML).",
        ) + "</p>"
    )


class SafeDocument(QTextDocument):
    """A document whose resources come only from its pane's policy.

    QTextDocument's own ``loadResource`` reads local files (and data: URLs) when
    its parent answers nothing, so the pane's override alone is not enough.
    """

    def __init__(self, pane: ArticlePane) -> None:
        super().__init__(pane)
        self._pane = pane

    def loadResource(self, type: int, name: QUrl | str) -> object:  # noqa: A002 - Qt's name
        return self._pane.loadResource(type, name)


class ArticlePane(QTextBrowser):
    """Shows one article; routes clicks; loads images only when allowed.

    Signals:
        link_activated(LinkTarget): a link was clicked (after classification).
        image_wanted(str): an allowed remote image is needed; hand it over with ``add_image``.
    """

    link_activated = Signal(object)
    image_wanted = Signal(str)

    def __init__(self, css: tuple[str, str] = ("", ""), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.setDocument(SafeDocument(self))
        # links are reached by key through their stand-ins (PaneLinks), which a screen reader also sees
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.setAccessibleName(translate("ArticlePane", "Article"))
        install_factory()
        self.links = PaneLinks(self)
        self.anchorClicked.connect(self._on_anchor)
        self._css = css
        self._images_allowed = False
        self._images: dict[str, QImage] = {}
        self._kept: dict[str, QImage] = {}  # byline:image/<sha256> -> the library's copy
        self._asked: set[str] = set()
        self._html = ""
        self._header = ""  # the shown article's header (the start of _html)
        self.article_id: int | None = None
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(30)
        self._relayout.timeout.connect(self._reshow)
        self._base_font = QFont(self.font())
        self.dark = False
        self.high_contrast = False
        self.apply_style()

    # --- showing ----------------------------------------------------------------------------

    def apply_style(self) -> None:
        """Use article.css, plus article-dark.css when the palette is dark (or the palette's colours without them);
        on a desktop that asks for high contrast, the palette's own colours at full strength."""
        self.dark = is_dark(self.palette())
        self.high_contrast = prefers_high_contrast()
        self.document().setDefaultStyleSheet(article_stylesheet(self._css, self.palette(), high_contrast=self.high_contrast))
        if self._html:
            self._reshow()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            if self.high_contrast or is_dark(self.palette()) != self.dark:  # high contrast: the CSS holds the palette's colours
                self.apply_style()

    def set_base_font(self, font: QFont) -> None:
        """The reader's chosen font; zooming starts from it and Actual Size returns to it."""
        self._base_font = QFont(font)
        self.setFont(font)
        self.apply_style()

    def reset_zoom(self) -> None:
        self.setFont(self._base_font)
        self._apply_measure()

    def show_article(
        self, article: Article, body_html: str, *, images: bool, copy_switch: str = "", kept: Mapping[str, QImage] | None = None
    ) -> None:
        """Show an article: the window's header, then the body exactly as ``Library.render`` made it.

        Args:
            images: whether remote images may be asked for.
            kept: the article's kept images by their ``byline:image/<sha256>`` address.
        """
        self.article_id = article.id
        self._images_allowed = images
        self._images.clear()
        self._kept = dict(kept or {})
        self._asked.clear()
        self.links.set_related(related_hrefs(body_html))
        self.setAccessibleDescription(article.title)
        self._header = header_html(article, copy_switch=copy_switch)
        self._set(self._header + body_html + enclosures_html(article.enclosures))
        self.verticalScrollBar().setValue(0)

    def update_header(self, article: Article, *, copy_switch: str = "") -> None:
        """Show the shown article's changed flags (★ Saved) in its header; the body, images and scroll stay."""
        if article.id != self.article_id or not self._header:
            return
        header = header_html(article, copy_switch=copy_switch)
        if header == self._header:
            return
        old, new = self._scratch(self._header), self._scratch(header)
        self._html = header + self._html[len(self._header) :]
        self._header = header
        if old.blockCount() != new.blockCount():  # the header changed shape: lay everything out again
            self._reshow()
            return
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        for number in range(new.blockCount()):
            source, target = new.findBlockByNumber(number), self.document().findBlockByNumber(number)
            if source.text() == target.text():
                continue
            picked = QTextCursor(source)
            picked.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
            cursor.setPosition(target.position())
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertFragment(picked.selection())
        cursor.endEditBlock()

    def _scratch(self, body: str) -> QTextDocument:
        """``body`` laid out alone with the pane's stylesheet and font (to copy formatted blocks from)."""
        doc = QTextDocument()  # no parent: freed with the last reference
        doc.setDefaultStyleSheet(self.document().defaultStyleSheet())
        doc.setDefaultFont(self.document().defaultFont())
        doc.setHtml(f"<html><body>{body}</body></html>")
        return doc

    def shown_html(self) -> str:
        """The HTML the pane was last given (header and body)."""
        return self._html

    def show_page(self, body_html: str) -> None:
        """Show one of the window's own pages (welcome, search prompt, errors)."""
        self.article_id = None
        self._images_allowed = False
        self._images.clear()
        self._kept = {}
        self._header = ""
        self.links.set_related(set())
        self.setAccessibleDescription("")
        self._set(body_html)

    def _set(self, body: str) -> None:
        self._html = body
        self.setHtml(f"<html><body>{body}</body></html>")
        self._apply_measure()

    def _reshow(self) -> None:
        bar = self.verticalScrollBar()
        pos = bar.value()
        self.setHtml(f"<html><body>{self._html}</body></html>")
        self._apply_measure()
        bar.setValue(pos)

    def add_image(self, url: str, data: bytes) -> bool:
        """An image fetched by a worker arrives; re-lay out the article to show it."""
        image = QImage()
        if not image.loadFromData(data) or image.isNull():
            return False
        self._images[url] = image
        self._relayout.start()
        return True

    def has_image(self, url: str) -> bool:
        return url in self._images or url in self._kept

    # --- resources: never the file system ----------------------------------------------

    def loadResource(self, type: int, name: QUrl | str) -> object:  # noqa: A002 - Qt's name
        """Answer only images handed over by the window; never read a local file or fetch."""
        if getattr(type, "value", type) != QTextDocument.ResourceType.ImageResource.value:
            return None
        name = QUrl(name) if isinstance(name, str) else name
        url = name.toString()
        if url.startswith(IMAGE_URL_PREFIX):
            return self._kept.get(url)
        scheme = name.scheme().lower()
        if not self._images_allowed or scheme not in ("http", "https"):
            return None
        image = self._images.get(url)
        if image is not None:
            return image
        if url not in self._asked:
            self._asked.add(url)
            self.image_wanted.emit(url)
        return None

    # --- measure and zoom --------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_measure()

    def zoomIn(self, steps: int = 1) -> None:
        super().zoomIn(steps)
        self._apply_measure()

    def zoomOut(self, steps: int = 1) -> None:
        super().zoomOut(steps)
        self._apply_measure()

    def _apply_measure(self) -> None:
        """Keep lines readable: centre a column of about MEASURE_EM em."""
        em = self.fontMetrics().horizontalAdvance("M")
        measure = em * MEASURE_EM
        width = self.viewport().width()
        # a large font keeps margins that grow with it (1.5 em), up to a sixth of the pane each side
        side = max(16.0, min(1.5 * em, width / 6), (width - measure) / 2)
        root = self.document().rootFrame()
        fmt: QTextFrameFormat = root.frameFormat()
        if abs(fmt.leftMargin() - side) < 1 and abs(fmt.rightMargin() - side) < 1:
            return
        fmt.setLeftMargin(side)
        fmt.setRightMargin(side)
        fmt.setTopMargin(18)
        fmt.setBottomMargin(24)
        root.setFrameFormat(fmt)

    # --- links -----------------------------------------------------------------------------------

    def _on_anchor(self, url: QUrl) -> None:
        text = url.toString(QUrl.ComponentFormattingOption.FullyEncoded)
        self.link_activated.emit(classify_link(text))


def empty_state_html(
    title: str, total: int, unread: int | None, *, site: str | None = None, problem: str | None = None, description: str = ""
) -> str:
    """The pane when no article is selected: where the reader is and what is there (``unread``: None when unknown).

    A feed's description is the publisher's text: it is shown as plain text (any markup in it
    is stripped, not rendered) and cut to a few lines.
    """
    from html import escape

    if total:
        articles = translate("ArticlePane", "%Ln article(s)", None, total)
        if unread is None:
            counts = articles
        else:
            counts = arg(translate("ArticlePane", "%1, %2"), articles, translate("ArticlePane", "%Ln unread", None, unread))
    else:
        counts = translate("ArticlePane", "No articles here yet.")
    lines = [f"<h1 class='title'>{escape(title)}</h1>"]
    about = _plain_description(description)
    if about:
        lines.append(f"<p class='description'>{escape(about)}</p>")
    lines.append(f"<p class='meta'>{escape(counts)}</p>")
    if site:
        lines.append(f"<p class='meta'><a href='{escape(site)}'>{escape(site)}</a></p>")
    if problem:
        failed = arg(translate("ArticlePane", "Last check failed: %1"), problem)
        lines.append(f"<p class='meta'>{escape(failed)}</p>")
    hint = translate("ArticlePane", "No article selected. Pick one in the list, or press J for the first, N for the next unread.")
    lines.append(f"<p>{escape(hint) if total else ''}</p>")
    return "".join(lines)


def _plain_description(text: str, limit: int = 400) -> str:
    """A feed description as one short run of plain text: sanitized, tags dropped, spaces folded."""
    from reader.core.content.text import plain_text

    plain = " ".join(plain_text(text).split())
    if len(plain) > limit:
        plain = plain[: limit - 1].rsplit(" ", 1)[0] + "…"
    return plain


def open_in_browser(url: str) -> bool:
    """Hand a URL to the system browser (the window's default ``open_external``)."""
    return bool(QDesktopServices.openUrl(QUrl(url)))
