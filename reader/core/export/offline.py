"""What every export does to an article body: nothing in it may load from anywhere.

An exported page or book chapter is read later, anywhere, often offline. So
its body (``Library``'s rendered HTML, where kept images are
``byline:image/<sha256>`` and every other image is already a placeholder)
goes through ``offline_body``:

* a kept image gets the address the export gives it (embedded, or a file in
  the book); any other ``<img>`` becomes its placeholder text;
* ``byline:article/ID`` links point at that article's page when it is in the
  export, and stop being links otherwise; other ``byline:`` links and links
  that mean nothing outside the app (relative, fragments) stop being links;
* web and mail links stay links: following one is the reader's click, never
  a load (the export's Content-Security-Policy says so to browsers too);
* the pane's callout box (a one-row table) becomes its plain related line.

"Remote reference" in an export therefore means a resource load: an ``src``,
a style sheet, a CSS ``url()``. ``assert_offline`` in the tests checks that
none exists.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from reader.core.content.htmltree import collapse, parse_fragment, replace_element
from reader.core.models import IMAGE_URL_PREFIX, Article

__all__ = ["ExportItem", "offline_body", "slug"]

ARTICLE_PREFIX = "byline:article/"
_WEB = ("http://", "https://", "mailto:")
# Attributes the HTML of a page or book keeps; presentational leftovers (a
# table's cellspacing, a cell's width) go.
_KEEP_ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "img": {"src", "alt", "width", "height", "title", "class"},
    "td": {"colspan", "rowspan", "class", "title"},
    "th": {"colspan", "rowspan", "class", "title"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime", "title", "class"},
    "del": {"datetime", "title", "class"},
    "ins": {"datetime", "title", "class"},
}
_COMMON = {"class", "title"}


@dataclass(frozen=True)
class ExportItem:
    """One saved article to export: its row and its body as ``Library.open_article(id, offline=True)`` renders it."""

    article: Article
    body: str


def slug(text: str, limit: int = 60) -> str:
    """A file-name-safe rendering of a title."""
    words = re.sub(r"[^\w]+", "-", text.lower(), flags=re.UNICODE).strip("-")
    return words[:limit].rstrip("-") or "article"


def _placeholder(img: etree._Element) -> etree._Element:
    span = etree.Element("span", {"class": "image-placeholder"})
    alt = collapse(img.get("alt") or "")
    span.text = f"[image: {alt}]" if alt else "[image]"
    return span


def _unlink(a: etree._Element) -> None:
    for name in ("href", "rel", "target"):
        a.attrib.pop(name, None)


def _unbox_callouts(body: etree._Element) -> None:
    """The pane's callout box (table.related-box) back to its p.related-line."""
    for table in list(body.iter("table")):
        if "related-box" not in (table.get("class") or "").split():
            continue
        line = next((p for p in table.iter("p") if "related-line" in (p.get("class") or "").split()), None)
        if line is None:
            continue
        for label in list(line.iter("span")):
            if "related-label" in (label.get("class") or "").split():
                following = label.getnext()
                if following is not None and following.tag == "br":
                    line.remove(following)
                label.text = (label.text or "").strip() + ": "
        replace_element(table, line)


def offline_body(
    html: str,
    *,
    article_href: Callable[[int], str | None],
    image_src: Callable[[str], str | None],
) -> etree._Element:
    """The body as an lxml tree (a <body>) with no resource load left; see the module docstring.

    Args:
        article_href: the export's address of an article by id, or None when it is not exported.
        image_src: the export's address of a kept image by its hash, or None when it is not available.
    """
    body = parse_fragment(html)
    _unbox_callouts(body)
    for el in list(body.iter()):
        if not isinstance(el.tag, str):
            continue
        allowed = _KEEP_ATTRIBUTES.get(el.tag, _COMMON)
        for name in list(el.attrib):
            if name not in allowed:
                del el.attrib[name]
        if el.tag == "img":
            src = el.get("src") or ""
            local = image_src(src[len(IMAGE_URL_PREFIX) :]) if src.startswith(IMAGE_URL_PREFIX) else None
            if local is None:
                replace_element(el, _placeholder(el))
            else:
                el.set("src", local)
        elif el.tag == "a" and "href" in el.attrib:
            href = el.get("href", "").strip()
            target = None
            if href.startswith(ARTICLE_PREFIX) and href[len(ARTICLE_PREFIX) :].isdigit():
                target = article_href(int(href[len(ARTICLE_PREFIX) :]))
            elif href.lower().startswith(_WEB):
                target = href
            if target is None:
                _unlink(el)
            else:
                el.set("href", target)
    return body
