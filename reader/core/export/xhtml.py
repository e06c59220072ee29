"""Article bodies as valid XHTML content documents for an EPUB book.

A book must pass epubcheck, which checks every chapter against the HTML
content models, not just for well-formedness. Web bodies break those models
all the time (a list inside a paragraph, a stray cell, a ``<time>`` holding
prose), so ``xhtml_body`` first rewrites the sanitized tree to fit, keeping
every word:

* phrasing-only elements (p, headings, pre, dt, inline elements) unwrap any
  block inside them, with a space where the block's edges were;
* ``ul``/``ol`` wrap stray content in ``li``; a ``dl`` that is not groups of
  dt then dd becomes a div of paragraphs;
* a table that is not caption, colgroups, head, rows or bodies, foot, in that
  order, is flattened into divs (its text stays, its grid goes);
* list items, cells and terms outside their containers become divs;
* attribute values the models reject (a width of "100%", a datetime that is
  prose, a link that is not a URL) are dropped or percent-encoded.

Then the tree is copied into the XHTML namespace, leaving out characters XML
cannot hold.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote, urlsplit

from lxml import etree

__all__ = ["XHTML_NS", "xhtml_body"]

XHTML_NS = "http://www.w3.org/1999/xhtml"

_PHRASING = frozenset({
    "a", "em", "strong", "b", "i", "u", "s", "q", "cite", "code", "kbd", "samp", "sub", "sup", "abbr",
    "span", "small", "mark", "del", "ins", "time", "br", "img",
})  # fmt: skip
_PHRASING_ONLY = _PHRASING | {"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dt"}
_FLOW = frozenset({"div", "blockquote", "li", "dd", "td", "th", "caption", "body"})
_KNOWN = _PHRASING_ONLY | _FLOW | {"ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "tr", "colgroup", "col", "hr"}
# Outside their container these become divs (col and colgroup are dropped).
_STRAY = {"li": "div", "dd": "div", "dt": "p", "td": "div", "th": "div", "tr": "div", "caption": "div",
          "thead": "div", "tbody": "div", "tfoot": "div"}  # fmt: skip
_DATETIME = re.compile(
    r"\d{4}-\d{2}(-\d{2}(([T ])\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?)?|\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?"
)
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


# --- small tree edits ---------------------------------------------------------------------


def _append_text(parent: etree._Element, after: etree._Element | None, text: str | None) -> None:
    """Add ``text`` after ``after`` (or at the start of ``parent`` when None)."""
    if not text:
        return
    if after is None:
        parent.text = (parent.text or "") + text
    else:
        after.tail = (after.tail or "") + text


def _unwrap(el: etree._Element, sep: str = "") -> None:
    """Replace ``el`` by its content (text, children, tail); ``sep`` goes where its edges were."""
    parent = el.getparent()
    assert parent is not None
    previous = el.getprevious()
    _append_text(parent, previous, sep + (el.text or ""))
    index = parent.index(el)
    last = previous
    for offset, child in enumerate(list(el)):
        parent.insert(index + offset, child)
        last = child
    _append_text(parent, last, sep + (el.tail or "") if sep or el.tail else None)
    parent.remove(el)


def _drop(el: etree._Element) -> None:
    parent = el.getparent()
    assert parent is not None
    _append_text(parent, el.getprevious(), el.tail)
    parent.remove(el)


def _retag(el: etree._Element, tag: str) -> None:
    el.tag = tag
    for name in list(el.attrib):
        if name not in ("class", "title"):
            del el.attrib[name]


def _elements(el: etree._Element) -> list[etree._Element]:
    return [c for c in el if isinstance(c.tag, str)]


def _has_text(el: etree._Element) -> bool:
    """Non-blank text directly inside ``el`` (not in its children)."""
    return bool((el.text or "").strip()) or any((c.tail or "").strip() for c in el)


# --- content models ------------------------------------------------------------------------


def _only_phrasing(el: etree._Element) -> None:
    while True:
        blocks = [c for c in _elements(el) if c.tag not in _PHRASING]
        if not blocks:
            break
        for child in blocks:
            _unwrap(child, " ")
    if el.tag == "a":
        for inner in list(el.iterdescendants("a")):
            _unwrap(inner)


def _wrap_strays(parent: etree._Element, allowed: frozenset[str], wrapper: str) -> list[etree._Element]:
    """Put content of ``parent`` that is not an allowed child into ``wrapper`` elements; returns the wrappers."""
    pieces: list[etree._Element | str] = [parent.text or ""]
    for child in list(parent):
        tail = child.tail or ""
        child.tail = None
        pieces += [child, tail]
    parent.text = None
    for child in list(parent):
        parent.remove(child)
    made: list[etree._Element] = []
    current: etree._Element | None = None
    for piece in pieces:
        if isinstance(piece, str):
            if current is None and piece.strip():
                current = etree.SubElement(parent, wrapper)
                made.append(current)
            if current is not None:
                _append_text(current, current[-1] if len(current) else None, piece)
            continue
        if isinstance(piece.tag, str) and piece.tag in allowed:
            parent.append(piece)
            current = None
            continue
        if current is None:
            current = etree.SubElement(parent, wrapper)
            made.append(current)
        current.append(piece)
    return made


def _fix_list(el: etree._Element) -> None:
    for made in _wrap_strays(el, frozenset({"li"}), "li"):
        _fix(made)


def _fix_dl(el: etree._Element) -> None:
    for made in _wrap_strays(el, frozenset({"dt", "dd"}), "dd"):
        _fix(made)
    tags = "".join("t" if c.tag == "dt" else "d" for c in _elements(el))
    if re.fullmatch(r"(t+d+)*", tags):
        return
    _retag(el, "div")
    for child in _elements(el):
        _retag(child, "p" if child.tag == "dt" else "div")


def _table_is_valid(table: etree._Element) -> bool:
    if _has_text(table):
        return False
    stage = 0
    rows_kind = ""
    for child in _elements(table):
        tag = child.tag
        if tag == "caption" and stage == 0:
            stage = 1
        elif tag == "colgroup" and stage <= 2:
            stage = 2
            if any(c.tag != "col" for c in _elements(child)) or _has_text(child):
                return False
        elif tag == "thead" and stage <= 2:
            stage = 3
        elif tag in ("tbody", "tr") and stage <= 4 and rows_kind in ("", tag):
            stage, rows_kind = 4, tag
        elif tag == "tfoot" and stage <= 4:
            stage = 5
        else:
            return False
        groups = [child] if tag == "tr" else list(_elements(child)) if tag in ("thead", "tbody", "tfoot") else []
        if tag in ("thead", "tbody", "tfoot") and (_has_text(child) or any(g.tag != "tr" for g in groups)):
            return False
        for row in groups:
            if _has_text(row) or any(cell.tag not in ("td", "th") for cell in _elements(row)):
                return False
    return True


def _fix_table(table: etree._Element) -> None:
    if _table_is_valid(table):
        return
    for el in [table, *table.iterdescendants()]:
        if not isinstance(el.tag, str):
            continue
        if el.tag in ("col", "colgroup"):
            _drop(el)
        elif el.tag in ("table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption"):
            _retag(el, "div")
    _fix(table)


def _fix_flow(el: etree._Element) -> None:
    for child in _elements(el):
        if child.tag in ("col", "colgroup"):
            _drop(child)
        elif child.tag in _STRAY:
            _retag(child, _STRAY[child.tag])
            _fix(child)


def _fix(el: etree._Element) -> None:
    """Make ``el``'s subtree fit the content models (children first)."""
    for child in _elements(el):
        if child.tag not in _KNOWN:
            _unwrap(child, " ")
    for child in _elements(el):
        _fix(child)
    tag = el.tag
    if tag in _PHRASING_ONLY:
        _only_phrasing(el)
    elif tag in ("ul", "ol"):
        _fix_list(el)
    elif tag == "dl":
        _fix_dl(el)
    elif tag == "table":
        _fix_table(el)
    elif tag in _FLOW:
        _fix_flow(el)
    elif tag == "hr" and (len(el) or el.text):
        _retag(el, "div")


# --- attributes ---------------------------------------------------------------------------------


def _count(value: str | None, low: int, high: int) -> bool:
    return value is not None and value.strip().isdigit() and low <= int(value) <= high


def _url(value: str) -> str | None:
    """``value`` as a URL the validator accepts (percent-encoded where needed), or None."""
    value = value.strip()
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and not parts.hostname:
        return None
    encoded = quote(value, safe=":/?#[]@!$&'()*+,;=%~-._")
    return _BAD_PERCENT.sub("%25", encoded)


def _fix_attributes(el: etree._Element) -> None:
    tag = el.tag
    if tag == "img":
        el.set("alt", el.get("alt") or "")
        for name in ("width", "height"):
            if name in el.attrib and not _count(el.get(name), 0, 100_000):
                del el.attrib[name]
    elif tag in ("td", "th"):
        if "colspan" in el.attrib and not _count(el.get("colspan"), 1, 1000):
            del el.attrib["colspan"]
        if "rowspan" in el.attrib and not _count(el.get("rowspan"), 0, 65534):
            del el.attrib["rowspan"]
    elif tag in ("col", "colgroup"):
        if "span" in el.attrib and not _count(el.get("span"), 1, 1000):
            del el.attrib["span"]
    elif tag in ("time", "del", "ins"):
        when = el.get("datetime")
        if when is not None and not _DATETIME.fullmatch(when.strip()):
            del el.attrib["datetime"]
        if tag == "time" and "datetime" not in el.attrib and not _DATETIME.fullmatch("".join(el.itertext()).strip()):
            _retag(el, "span")
    elif tag == "a" and "href" in el.attrib:
        href = _url(el.get("href", ""))
        if href is None:
            del el.attrib["href"]
        else:
            el.set("href", href)


# --- into the XHTML namespace --------------------------------------------------------------------


def _xml_text(text: str | None) -> str | None:
    return None if text is None else _NOT_XML.sub("", text)


def _copy(source: etree._Element, target: etree._Element) -> None:
    target.text = _xml_text(source.text)
    for child in source:
        if not isinstance(child.tag, str):
            continue
        _fix_attributes(child)
        made = etree.SubElement(target, f"{{{XHTML_NS}}}{child.tag}")
        for name, value in child.attrib.items():
            made.set(name, _xml_text(value) or "")
        _copy(child, made)
        made.tail = _xml_text(child.tail)


def xhtml_body(body: etree._Element, into: etree._Element, *, check: Callable[[etree._Element], None] | None = None) -> None:
    """Fix ``body`` (a <body> from ``offline_body``) to the content models and copy its content into ``into``.

    Args:
        into: an element in the XHTML namespace (a <div> of the chapter).
        check: called with the fixed tree before copying (tests).
    """
    for figure in list(body.iter("figure", "figcaption")):
        _retag(figure, "div")
    _fix(body)
    if check is not None:
        check(body)
    _copy(body, into)
