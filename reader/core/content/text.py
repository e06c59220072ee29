"""Plain text from article HTML, and article HTML from plain text.

``html_text`` turns serialized, sanitized HTML into readable text (what search
indexes and ``show --text`` prints); ``plain_text`` does the same for any HTML
by sanitizing first. ``text_to_html`` turns a plain-text body into paragraphs
with bare links made anchors, keeping a callout or crumb line in a paragraph
of its own so the callout rule still sees it.
"""

from __future__ import annotations

import html as htmllib
import re

# html_text is string work only and is what a search needs to quote the stored bodies: the
# sanitizer and the callout and crumb rules (lxml, nh3) load with the functions that use them.

__all__ = ["html_text", "plain_text", "text_to_html"]


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


def html_text(html: str) -> str:
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
    from reader.core.content.sanitizer import sanitize_for_display

    return html_text(sanitize_for_display(html))


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


def text_to_html(text: str) -> str:
    """Plain text -> paragraphs; a callout or crumb line becomes a paragraph of its own."""
    from reader.core.content.callouts import is_callout_text
    from reader.core.content.crumbs import crumb_categories
    from reader.core.content.htmltree import collapse

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
