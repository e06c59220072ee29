"""Article bodies: safe HTML, "[related]" callouts as links, clean text.

Two moments, two functions:

* ``prepare`` runs at ingest time on every refreshed entry. It sanitizes with an
  allowlist (``reader.core.sanitizer``), makes relative URLs absolute, drops
  WordPress-style crumbs (``reader.core.crumbs``) while keeping their category
  names, and turns plain-text bodies into paragraphs.
* ``render`` runs at display time; the article pane and ``byline show --html``
  print exactly its output. It sanitizes again (so it is safe on any input),
  turns every callout (``reader.core.callouts``) into its own
  ``<p class="related-line">`` block holding an ``<a class="related">`` link,
  and optionally swaps images for quiet placeholders so nothing remote is loaded.

``plain_text`` gives an HTML body's readable text. The callout names are
re-exported here, so callers need only this module.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from lxml import etree

from reader.core.callouts import (
    Callout,
    FoundCallout,
    detach_trailing,
    find_callouts,
    find_in_tree,
    is_callout_text,
    normalize_headline,
)
from reader.core.crumbs import crumb_categories, drop_crumbs, may_have_crumbs
from reader.core.htmltree import collapse, parse_fragment, replace_element, serialize
from reader.core.models import Rendered
from reader.core.sanitizer import sanitize, sanitize_for_display

__all__ = [
    "Callout",
    "Prepared",
    "find_callouts",
    "is_callout_text",
    "normalize_headline",
    "plain_text",
    "prepare",
    "render",
]


@dataclass(frozen=True)
class Prepared:
    """An entry body after ingest: what the store keeps.

    Attributes:
        html: sanitized HTML with absolute URLs, crumbs removed.
        text: plain text for search and ``show --text``.
        categories: category names recovered from dropped crumbs.
    """

    html: str
    text: str
    categories: tuple[str, ...] = ()


# --- plain text --------------------------------------------------------------------

# Text is taken from serialized, control-free HTML (nh3's or lxml's) with a few
# whole-string passes: both serializers escape "<" in text and ">" in attribute
# values, so every "<" opens a tag and the next ">" closes it. Block tags become
# a paragraph mark, <br> and list items a line mark (NUL then a kind, so marks
# cannot be confused with text); whitespace is collapsed with str.replace; then
# one split at the NULs joins the pieces with a blank line or a newline.
_PARA = "\x00\x01"
_LINE = "\x00\x02"
_TAG_MARKS = dict.fromkeys(
    ("p", "div", "blockquote", "pre", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "figure",
     "figcaption", "table", "caption", "hr", "address", "section", "article", "header", "footer",
     "aside", "main", "nav"),
    _PARA,
)  # fmt: skip
_TAG_MARKS.update(dict.fromkeys(("br", "li", "dt", "dd", "tr"), _LINE))
_TAG_MARKS.update(dict.fromkeys(("td", "th"), " "))
_TAG_MARKS.update({name.upper(): mark for name, mark in _TAG_MARKS.items()})
_TAG_SPLIT = re.compile(r"</?([a-zA-Z0-9]*)[^>]*>")
_PRE_BLOCK = re.compile(r"<pre\b.*?</pre>", re.IGNORECASE | re.DOTALL)
# What str.split() splits on: ASCII (controls but \t\n\r are gone by now) and wider.
_ASCII_SPACES = ("\n", "\t", "\r")
_WIDE_SPACES = (
    "\x85", "\xa0", "\u1680", "\u2000", "\u2001", "\u2002", "\u2003", "\u2004", "\u2005", "\u2006",
    "\u2007", "\u2008", "\u2009", "\u200a", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000",
)  # fmt: skip


def _keep_pre_lines(match: re.Match[str]) -> str:
    return match.group(0).replace("\n", _LINE)


def _html_text(html: str) -> str:
    """Serialized, safe, control-free HTML -> text with blank lines between paragraphs.

    The same text as collapsing each line's whitespace and dropping empty lines
    and empty paragraphs, without ever splitting the body into words.
    """
    if "<pre" in html:
        html = _PRE_BLOCK.sub(_keep_pre_lines, html)
    parts = _TAG_SPLIT.split(html)
    marks = _TAG_MARKS.get
    parts[1::2] = [marks(name, "") for name in parts[1::2]]
    flat = "".join(parts)
    if "&" in flat:
        flat = htmllib.unescape(flat)
    if not flat.isascii():
        for space in _WIDE_SPACES:
            if space in flat:
                flat = flat.replace(space, " ")
    for space in _ASCII_SPACES:
        if space in flat:
            flat = flat.replace(space, " ")
    if "  " in flat:  # runs of spaces (indented markup): split into words after all
        flat = " ".join(flat.split())
    pieces = flat.split("\x00")
    first = pieces[0].strip(" ")
    out = [first] if first else []
    pending = ""  # the break owed before the next text: "", "\n" or "\n\n"
    for piece in pieces[1:]:
        if piece[0] == "\x01":
            pending = "\n\n"
        elif not pending:
            pending = "\n"
        text = piece[1:].strip(" ")
        if text:
            if out:
                out.append(pending)
            out.append(text)
            pending = ""
    return "".join(out)


def plain_text(html: str) -> str:
    """HTML -> readable text: paragraphs separated by blank lines, <br> as newlines."""
    if not html or not html.strip():
        return ""
    return _html_text(sanitize_for_display(html))


# --- plain-text bodies -----------------------------------------------------------------

_BARE_URL = re.compile(r"\bhttps?://[^\s<>\"'\[\]{}]+", re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def _linkify(line: str) -> str:
    out: list[str] = []
    pos = 0
    for m in _BARE_URL.finditer(line):
        url = m.group(0)
        while url and url[-1] in ".,;:!?'\"":
            url = url[:-1]
        if url.endswith(")") and url.count("(") < url.count(")"):
            url = url[:-1]
        end = m.start() + len(url)
        out.append(htmllib.escape(line[pos : m.start()], quote=False))
        out.append(f'<a href="{htmllib.escape(url)}">{htmllib.escape(url, quote=False)}</a>')
        pos = end
    out.append(htmllib.escape(line[pos:], quote=False))
    return "".join(out)


def _text_to_html(text: str) -> str:
    """Plain text -> paragraphs; a callout or crumb line becomes a paragraph of its own."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[str] = []
    for para in _PARAGRAPH_BREAK.split(text):
        pending: list[str] = []
        for raw in para.split("\n"):
            line = raw.strip()
            if not line:
                continue
            if is_callout_text(line) or crumb_categories(collapse(line)) is not None:
                if pending:
                    blocks.append("<p>" + "<br>".join(pending) + "</p>")
                    pending = []
                blocks.append("<p>" + _linkify(line) + "</p>")
            else:
                pending.append(_linkify(line))
        if pending:
            blocks.append("<p>" + "<br>".join(pending) + "</p>")
    return "\n".join(blocks)


# --- the two entry points ----------------------------------------------------------------


def prepare(body: str, *, is_html: bool = True, base_url: str | None = None) -> Prepared:
    """Ingest an entry body: sanitize, absolutize URLs against ``base_url``, drop crumbs.

    Plain-text bodies (``is_html=False``) become paragraphs (blank lines split them,
    single newlines become <br>) with bare http(s) URLs made links.
    """
    if not body or not body.strip():
        return Prepared("", "", ())
    source = body if is_html else _text_to_html(body)
    clean = sanitize(source, base_url)
    if not clean.strip():
        return Prepared("", "", ())
    text = _html_text(clean)
    categories: tuple[str, ...] = ()
    if may_have_crumbs(text, clean):
        tree = parse_fragment(clean)
        categories, dropped = drop_crumbs(tree)
        if dropped:
            clean = serialize(tree)
            text = _html_text(clean)
    return Prepared(clean, text, categories)


def _related_href(found: FoundCallout, resolve: Callable[[str], int | None] | None) -> str:
    if found.href:
        return found.href
    if resolve is not None:
        article_id = resolve(found.headline)
        if article_id is not None:
            return f"byline:article/{int(article_id)}"
    return "byline:related?q=" + quote(found.headline, safe="")


def _related_line(headline: str, href: str) -> etree._Element:
    p = etree.Element("p", {"class": "related-line"})
    a = etree.SubElement(p, "a", {"class": "related", "href": href})
    a.text = headline
    return p


def _placeholder(img: etree._Element) -> etree._Element:
    span = etree.Element("span", {"class": "image-placeholder"})
    alt = collapse(img.get("alt") or "")
    span.text = f"[image: {alt}]" if alt else "[image]"
    return span


def _blockify_figures(tree: etree._Element) -> None:
    """Qt's rich text lays <figure> out inline; the pane needs blocks (styled by article.css)."""
    for el in list(tree.iter("figure", "figcaption")):
        if el.tag == "figure":
            el.tag = "div"
            el.set("class", "figure")
        else:
            el.tag = "p"
            el.set("class", "figcaption")


def render(
    html: str,
    *,
    resolve: Callable[[str], int | None] | None = None,
    images: bool = True,
) -> Rendered:
    """Display an article body: sanitized, callouts as related links, images optional.

    Safe on any input (it sanitizes first), but meant for ``prepare``'s HTML: it
    does not resolve relative URLs. ``resolve`` maps a headline to a library
    article id (it should match on ``normalize_headline``).
    """
    if not html or not html.strip():
        return Rendered("", "")
    tree = parse_fragment(sanitize_for_display(html))
    for found in find_in_tree(tree) if "[" in html else []:
        line = _related_line(found.headline, _related_href(found, resolve))
        if found.anchor is not None:
            detach_trailing(found)
            if found.block.tag in ("li", "dd"):
                found.block.append(line)
            else:
                found.block.addnext(line)
                line.tail, found.block.tail = found.block.tail, None
        elif found.block.tag in ("li", "dd"):
            for child in list(found.block):
                found.block.remove(child)
            found.block.text = None
            found.block.append(line)
        else:
            replace_element(found.block, line)
    if "<figure" in html:
        _blockify_figures(tree)
    out = serialize(tree)
    text = _html_text(out)
    if not images:
        images_found = list(tree.iter("img"))
        for img in images_found:
            replace_element(img, _placeholder(img))
        if images_found:
            out = serialize(tree)
    return Rendered(out, text)
