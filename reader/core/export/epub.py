"""Saved articles as one EPUB 3 book, written with zipfile.

The book: a table of contents (the navigation document, first in the reading
order), then one chapter per article with its title, feed, author, date and a
link to the original story, and its kept images as files in the book. A
related callout whose article is also in the book links to that chapter; any
other callout is plain text. Nothing in the book loads from outside it.

No EPUB library is used. The maintained one (EbookLib) is AGPL-3.0, which
would bind how Byline may be shared, and it writes chapters as it is handed
them: making web HTML valid for the content models (``xhtml``) is the real
work either way. The container itself is small: ``mimetype`` (stored, first),
``META-INF/container.xml``, the package document, the navigation document,
chapters, images and one stylesheet. Validity is checked by epubcheck in the
tests.
"""

from __future__ import annotations

import os
import uuid
import zipfile
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from reader.core.content.images import IMAGE_TYPES
from reader.core.errors import BylineError
from reader.core.export.offline import ExportItem, offline_body
from reader.core.export.xhtml import XHTML_NS, xhtml_body
from reader.core.models import Article, StoredImage
from reader.i18n import _

__all__ = ["BOOK_CSS", "export_epub"]

OPF_NS = "http://www.idpf.org/2007/opf"
DC_NS = "http://purl.org/dc/elements/1.1/"
EPUB_NS = "http://www.idpf.org/2007/ops"
CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/package.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>
"""
# Kept small and plain: e-readers bring their own fonts and margins.
BOOK_CSS = """body { line-height: 1.5; }
h1.title { font-size: 1.5em; margin-bottom: 0.2em; }
p.meta { font-size: 0.85em; color: #555; margin: 0 0 0.3em 0; }
div.story { margin-top: 1.2em; }
p.related-line { margin: 1em 0; padding: 0.4em 0.8em; border-left: 3px solid #7da2cf; background-color: #eef3f9; }
.related-label { font-size: 0.8em; font-weight: bold; text-transform: uppercase; color: #5b6b80; }
.image-placeholder { color: #777; }
img { max-width: 100%; }
"""
TITLE = "Saved articles"


def chapter_name(article_id: int) -> str:
    return f"a{article_id:06d}.xhtml"


def _image_name(digest: str, media_type: str) -> str:
    return f"images/{digest}.{IMAGE_TYPES[media_type]}"


def _document(title: str, *, lang: str | None = None) -> tuple[etree._Element, etree._Element]:
    """A new XHTML document: its root and its <body>."""
    root = etree.Element(f"{{{XHTML_NS}}}html", nsmap={None: XHTML_NS, "epub": EPUB_NS})
    if lang:
        root.set("lang", lang)
        root.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
    head = etree.SubElement(root, f"{{{XHTML_NS}}}head")
    etree.SubElement(head, f"{{{XHTML_NS}}}meta", charset="utf-8")
    etree.SubElement(head, f"{{{XHTML_NS}}}title").text = title
    etree.SubElement(head, f"{{{XHTML_NS}}}link", rel="stylesheet", type="text/css", href="style.css")
    return root, etree.SubElement(root, f"{{{XHTML_NS}}}body")


def _xml(root: etree._Element, *, doctype: str | None = "<!DOCTYPE html>") -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8", doctype=doctype))


def _add(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, f"{{{XHTML_NS}}}{tag}", {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def _meta_line(article: Article) -> str:
    parts = [article.feed_title]
    if article.author:
        parts.append(article.author)
    if article.published:
        parts.append(article.published.strftime("%Y-%m-%d"))
    return " · ".join(p for p in parts if p)


def _chapter(item: ExportItem, in_book: set[int], image_href: Callable[[str], str | None]) -> bytes:
    article = item.article
    root, body = _document(article.title or "(untitled)")
    _add(body, "h1", article.title or "(untitled)", class_="title")
    _add(body, "p", _meta_line(article), class_="meta")
    if article.url and article.url.lower().startswith(("http://", "https://")):
        line = _add(body, "p", class_="meta")
        _add(line, "a", "Original story", href=article.url)
    story = _add(body, "div", class_="story")
    tree = offline_body(
        item.body,
        article_href=lambda i: chapter_name(i) if i in in_book else None,
        image_src=image_href,
    )
    xhtml_body(tree, story)
    return _xml(root)


def _nav(items: Sequence[ExportItem]) -> bytes:
    root, body = _document(TITLE, lang="en")
    nav = _add(body, "nav", id="toc")
    nav.set(f"{{{EPUB_NS}}}type", "toc")
    _add(nav, "h1", TITLE)
    ol = _add(nav, "ol")
    for item in items:
        label = item.article.title or "(untitled)"
        meta = _meta_line(item.article)
        _add(_add(ol, "li"), "a", f"{label} — {meta}" if meta else label, href=chapter_name(item.article.id))
    if not items:
        _add(_add(ol, "li"), "a", "No saved articles", href="nav.xhtml")
    return _xml(root)


def _package(items: Sequence[ExportItem], images: dict[str, str], now: datetime) -> bytes:
    root = etree.Element(f"{{{OPF_NS}}}package", nsmap={None: OPF_NS}, version="3.0", attrib={"unique-identifier": "bookid"})
    root.set("{http://www.w3.org/XML/1998/namespace}lang", "en")
    meta = etree.SubElement(root, f"{{{OPF_NS}}}metadata", nsmap={"dc": DC_NS})
    identity = "\n".join(f"{i.article.feed_id}:{i.article.guid}:{i.article.id}" for i in items)
    book_id = uuid.uuid5(uuid.NAMESPACE_URL, "byline-saved:" + identity)
    etree.SubElement(meta, f"{{{DC_NS}}}identifier", id="bookid").text = f"urn:uuid:{book_id}"
    etree.SubElement(meta, f"{{{DC_NS}}}title").text = f"{TITLE} ({now:%Y-%m-%d})"
    etree.SubElement(meta, f"{{{DC_NS}}}language").text = "en"
    etree.SubElement(meta, f"{{{DC_NS}}}date").text = now.strftime("%Y-%m-%d")
    etree.SubElement(meta, f"{{{OPF_NS}}}meta", property="dcterms:modified").text = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    manifest = etree.SubElement(root, f"{{{OPF_NS}}}manifest")
    etree.SubElement(
        manifest, f"{{{OPF_NS}}}item", id="nav", href="nav.xhtml",
        attrib={"media-type": "application/xhtml+xml", "properties": "nav"},
    )
    etree.SubElement(manifest, f"{{{OPF_NS}}}item", id="css", href="style.css", attrib={"media-type": "text/css"})
    for item in items:
        etree.SubElement(
            manifest, f"{{{OPF_NS}}}item", id=f"a{item.article.id}", href=chapter_name(item.article.id),
            attrib={"media-type": "application/xhtml+xml"},
        )
    for digest, media_type in sorted(images.items()):
        etree.SubElement(
            manifest, f"{{{OPF_NS}}}item", id=f"img-{digest[:20]}", href=_image_name(digest, media_type),
            attrib={"media-type": media_type},
        )
    spine = etree.SubElement(root, f"{{{OPF_NS}}}spine")
    etree.SubElement(spine, f"{{{OPF_NS}}}itemref", idref="nav")
    for item in items:
        etree.SubElement(spine, f"{{{OPF_NS}}}itemref", idref=f"a{item.article.id}")
    return _xml(root, doctype=None)


def export_epub(
    items: Sequence[ExportItem],
    image: Callable[[str], StoredImage | None],
    target: Path,
    *,
    now: datetime | None = None,
) -> int:
    """Write the items as one EPUB book at ``target`` (atomically); returns how many chapters.

    Args:
        image: a kept image by its hash (``Library.image``); each is put in the book once.

    Raises:
        BylineError: the file cannot be written.
    """
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    in_book = {i.article.id for i in items}
    partial = target.with_name(target.name + ".part")
    try:
        with zipfile.ZipFile(partial, "w") as book:
            book.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED)
            book.writestr("META-INF/container.xml", CONTAINER, compress_type=zipfile.ZIP_DEFLATED)
            written: dict[str, str | None] = {}  # hash -> media type (None: not available)

            def image_href(digest: str) -> str | None:
                if digest not in written:  # each image goes into the book once, when first shown
                    found = image(digest)
                    written[digest] = found.type if found is not None and found.type in IMAGE_TYPES else None
                    if found is not None and written[digest]:
                        packed = zipfile.ZIP_DEFLATED if found.type == "image/svg+xml" else zipfile.ZIP_STORED
                        book.writestr(f"OEBPS/{_image_name(digest, found.type)}", found.data, packed)
                media_type = written[digest]
                return None if media_type is None else _image_name(digest, media_type)

            for item in items:
                chapter = _chapter(item, in_book, image_href)
                book.writestr(f"OEBPS/{chapter_name(item.article.id)}", chapter, zipfile.ZIP_DEFLATED)
            book.writestr("OEBPS/nav.xhtml", _nav(items), zipfile.ZIP_DEFLATED)
            book.writestr("OEBPS/style.css", BOOK_CSS, zipfile.ZIP_DEFLATED)
            kept = {d: t for d, t in written.items() if t is not None}
            book.writestr("OEBPS/package.opf", _package(items, kept, now), zipfile.ZIP_DEFLATED)
        os.replace(partial, target)
    except OSError as err:
        partial.unlink(missing_ok=True)
        raise BylineError(_("cannot write %(path)s: %(err)s") % {"path": target, "err": err.strerror or err}) from err
    return len(items)
