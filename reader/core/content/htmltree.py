"""HTML trees: parsing sanitized fragments with lxml and editing them.

The small set of lxml helpers the content modules share: parse a fragment into
its <body>, serialize it back, drop or replace an element without losing the
text around it, and read an element's visible text with whitespace collapsed.
"""

from __future__ import annotations

import html as htmllib
import threading

from lxml import etree

from reader.core.content.sanitizer import cap_depth

__all__ = ["collapse", "drop_element", "parse_fragment", "replace_element", "serialize", "text_of"]

_LOCAL = threading.local()


def _parser() -> etree.HTMLParser:
    """One parser per thread (lxml parsers must not be shared across threads)."""
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:
        parser = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True)
        _LOCAL.parser = parser
    return parser


def parse_fragment(html: str) -> etree._Element:
    """Parse a (sanitized) fragment; returns the <body> holding it."""
    parser = _parser()
    root = etree.fromstring(f"<html><body>{html}</body></html>", parser)
    if len(parser.error_log) and any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        root = etree.fromstring(f"<html><body>{cap_depth(html)}</body></html>", parser)
    body = root.find("body")
    if body is None:  # pragma: no cover - libxml2 always makes a body here
        body = etree.SubElement(root, "body")
    return body


def serialize(body: etree._Element) -> str:
    """The HTML of what ``body`` holds (its text and children), without the <body> tag."""
    parts = [htmllib.escape(body.text, quote=False)] if body.text else []
    for child in body:
        parts.append(etree.tostring(child, method="html", encoding="unicode"))
    return "".join(parts)


def drop_element(el: etree._Element) -> None:
    """Remove an element, keeping the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def replace_element(old: etree._Element, new: etree._Element) -> None:
    """Put ``new`` where ``old`` stands, taking over the text that followed it."""
    new.tail = old.tail
    old.tail = None
    parent = old.getparent()
    if parent is not None:
        parent.replace(old, new)


def collapse(text: str) -> str:
    """Whitespace runs (any Unicode space, nbsp included) -> one space, ends trimmed."""
    return " ".join(text.split())


def text_of(el: etree._Element) -> str:
    """The visible text of ``el`` and its descendants, whitespace collapsed."""
    return collapse("".join(el.itertext()))
