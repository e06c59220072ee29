"""Callouts: "[related]" headlines inside article bodies.

The text rule (``is_callout_text``: is a block's text one bracketed headline?),
the key headlines are matched by (``normalize_headline``), and the block rule
that finds callouts in a parsed body (``find_in_tree``, or ``find_callouts``
on HTML), including a bracketed link closing a paragraph.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import etree

from reader.core.content.htmltree import collapse, drop_element, parse_fragment, text_of
from reader.core.content.sanitizer import sanitize_for_display

__all__ = [
    "Callout",
    "FoundCallout",
    "detach_trailing",
    "find_callouts",
    "find_in_tree",
    "is_callout_text",
    "normalize_headline",
]


@dataclass(frozen=True)
class Callout:
    """One "[related]" callout: its headline and its own safe link, if any."""

    headline: str
    href: str | None = None


# --- headlines and the callout text rule ------------------------------------------------

_QUOTE_MAP = str.maketrans(
    {
        "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "\u201b": "'", "`": "'", "\u00b4": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    }
)  # fmt: skip
_EDGE_PUNCT = "'\"[](){}<>.,;:!?-\u2013\u2014\u2026*_ "


def normalize_headline(text: str) -> str:
    """The key titles are matched by: casefolded, quotes unified, spaces collapsed, edges trimmed."""
    key = unicodedata.normalize("NFKC", text or "").translate(_QUOTE_MAP).casefold()
    return collapse(key).strip(_EDGE_PUNCT)


# Pointer words before the headline: "[Read: ...]"; the headline is what follows.
_POINTER = re.compile(
    r"(?:read|related|see\s+also|also|also\s+read|read\s+more|more|more\s+on\s+this|"
    r"related\s+(?:story|stories|article|articles|coverage|content|link|reading)|recommended|"
    r"don't\s+miss|must\s+read)\s*:\s*",
    re.IGNORECASE,
)
# Kickers that are part of a headline ("[Opinion: ...]") rather than a speaker's name.
_KICKERS = {
    "opinion", "analysis", "watch", "video", "photos", "gallery", "listen", "podcast",
    "interactive", "explainer", "live", "breaking", "exclusive", "review", "interview",
    "perspective", "commentary", "editorial", "quiz", "graphic", "map", "chart", "timeline",
}  # fmt: skip
# First words of editorial insertions, never callouts.
_EDITORIAL_WORDS = {
    "note", "notes", "update", "updated", "updates", "correction", "corrections", "corrected",
    "clarification", "clarified", "disclosure", "disclaimer", "sic", "translation",
    "translated", "transcript", "applause", "laughter", "inaudible", "crosstalk", "spoiler",
    "spoilers", "ed", "eds", "ps", "p.s", "emphasis", "citation", "redacted", "deleted",
    "expletive", "edit", "edited", "addendum", "erratum", "originally", "adapted", "excerpted",
    "reprinted", "republished", "photo", "photograph", "image", "credit", "credits", "courtesy",
    "via", "h/t", "laughs", "laughing", "music", "unintelligible", "speaking", "sighs", "pause",
    "cheers", "cheering", "silence", "singing",
}  # fmt: skip
_EDITORIAL_PHRASES = re.compile(
    r"(?:editor'?s'?|editors'|ed\.?|author'?s|translator'?s|publisher'?s)\s+note|"
    r"(?:content|trigger)\s+warning|an?\s+earlier\s+version|"
    r"this\s+(?:interview|story|article|post|piece|transcript|conversation|report|essay|column|"
    r"excerpt|version|episode|page)\b",
    re.IGNORECASE,
)
# Words of short editorial tags ("[Photos and video]", "[Updated with video]").
_TAG_WORDS = {
    "photo", "photos", "picture", "pictures", "video", "videos", "audio", "pdf", "graphic",
    "graphics", "map", "maps", "chart", "charts", "gallery", "slideshow", "podcast", "live",
    "interactive", "updated", "update", "new", "and", "&", "+", "with", "/", "watch", "listen",
}  # fmt: skip
_SPEAKER = re.compile(r"^([^\s:]{1,40})\s*:\s+\S")
# "word. Capital" inside the brackets is two sentences; "Storm warning! What to pack" and
# "Ferries: What to pack" are headline style (a kicker, then the headline) and stay callouts.
_SENTENCE_BREAK = re.compile(r"[a-z\u00df-\u00ff]{3,}[.?][\"'\u201d\u2019)]*\s+[\"'\u201c\u2018]?[A-Z]")
_TRAILING_ABBREV = re.compile(r"(?:\b[A-Z]\.){2,}$|\b(?:Jr|Sr|Inc|Co|Corp|Ltd|St|Dr|Mr|Mrs|Ms|vs)\.$")
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff "
_MIN_WORDS = 3
_MAX_WORDS = 40
_MAX_CHARS = 300


def _callout_headline(text: str) -> str | None:
    """The headline of a callout text, or None when the text is not a callout."""
    t = collapse(text).strip(_INVISIBLE)
    if len(t) < 2 or t[0] != "[" or t[-1] != "]":
        return None
    inner = t[1:-1].strip()
    if not inner or "[" in inner or "]" in inner or len(inner) > _MAX_CHARS:
        return None
    if "@" in inner or "email protected" in inner.casefold():
        return None
    flat = inner.translate(_QUOTE_MAP)
    if _EDITORIAL_PHRASES.match(flat):
        return None
    first = re.split(r"[\s:,;]", flat, maxsplit=1)[0].strip(".'\"-").casefold()
    if first in _EDITORIAL_WORDS:
        return None
    headline = inner
    pointer = _POINTER.match(flat)
    if pointer:
        headline = inner[pointer.end() :].strip()
    else:
        speaker = _SPEAKER.match(flat)
        if speaker and speaker.group(1).casefold() not in _KICKERS:
            return None  # "[Alden: ...]": a chat line or a label, not a headline
    words = headline.split()
    if not (_MIN_WORDS <= len(words) <= _MAX_WORDS):
        return None
    if all(w.strip(".,;:!?()").casefold() in _TAG_WORDS for w in words):
        return None
    if sum(1 for ch in headline if ch.isalpha()) < 6:
        return None
    if sum(1 for w in words if any(ch.isalpha() for ch in w)) < 2:
        return None
    if headline.endswith(".") and not _TRAILING_ABBREV.search(headline):
        return None  # a sentence (an aside or a note), not a headline
    if _SENTENCE_BREAK.search(headline):
        return None
    return headline


def is_callout_text(text: str) -> bool:
    """True when ``text`` (a whole block's visible text) is one bracketed headline."""
    return _callout_headline(text) is not None


# --- finding callouts in a tree --------------------------------------------------------

_CALLOUT_BLOCKS = {"p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "dd"}
# A callout block holds only inline markup: none of these below it.
_NOT_INLINE = {
    "p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl",
    "dd", "dt", "table", "figure", "figcaption", "pre", "hr", "tr", "td", "th",
}  # fmt: skip
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*$")


@dataclass(frozen=True)
class FoundCallout:
    """A callout located in a parsed body: its block (and trailing link), headline, own href."""

    block: etree._Element
    headline: str
    href: str | None
    anchor: etree._Element | None = None  # set for a link trailing a paragraph


def _safe_callout_href(a: etree._Element) -> str | None:
    href = (a.get("href") or "").strip()
    try:
        parts = urlsplit(href)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return href
    return None


def _own_href(block: etree._Element, headline: str, whole: str) -> str | None:
    anchors = [a for a in block.iter("a") if a.get("href")]
    if not anchors:
        return None
    if len(anchors) > 1:
        wanted = {headline, whole, whole[1:-1].strip()}
        anchors = [a for a in anchors if text_of(a) in wanted]
        if len(anchors) != 1:
            return None
    return _safe_callout_href(anchors[0])


def _is_leaf_block(el: etree._Element) -> bool:
    return not any(isinstance(d.tag, str) and d.tag in _NOT_INLINE for d in el.iterdescendants())


def _pieces(el: etree._Element) -> list[str | etree._Element]:
    """The text of ``el`` in reading order, with each <img> in its place."""
    out: list[str | etree._Element] = [el.text or ""]
    for child in el:
        if not isinstance(child.tag, str):
            out.append(child.tail or "")
            continue
        out.extend([child] if child.tag == "img" else _pieces(child))
        out.append(child.tail or "")
    return out


def _images_inside_bracket(block: etree._Element) -> bool:
    """True when every image of ``block`` stands between its "[" and its "]" (an icon of the callout)."""
    if block.find(".//img") is None:
        return True
    before = ""
    pieces = _pieces(block)
    for i, piece in enumerate(pieces):
        if isinstance(piece, str):
            before += piece
            continue
        after = "".join(p for p in pieces[i + 1 :] if isinstance(p, str))
        if "[" not in before or "]" not in after:
            return False
    return True


def _trailing_callout(block: etree._Element, text: str) -> FoundCallout | None:
    """A bracketed link closing a paragraph after its last sentence (LiveScience style)."""
    if not text.endswith("]"):
        return None
    open_at = text.rfind("[")
    if open_at <= 0:
        return None
    before = text[:open_at].rstrip()
    if not before or not _SENTENCE_END.search(before):
        return None
    anchors = [a for a in block.iter("a") if a.get("href")]
    if not anchors:
        return None
    a = anchors[-1]
    inner = text[open_at + 1 : -1].strip()
    if text_of(a) != inner:
        return None
    headline = _callout_headline(f"[{inner}]")
    href = _safe_callout_href(a)
    if headline is None or href is None:
        return None
    prev = a.getprevious()
    parent = a.getparent()
    lead = prev.tail if prev is not None else (parent.text if parent is not None else None)
    if not (lead or "").rstrip().endswith("[") or not (a.tail or "").lstrip().startswith("]"):
        return None
    return FoundCallout(block, headline, href, anchor=a)


_HOLDS_BRACKET = etree.XPath("//*[text()[contains(., '[')]]")


def _candidate_blocks(body: etree._Element) -> list[etree._Element]:
    """The nearest callout-capable block above each text holding "[" (document order)."""
    seen: set[etree._Element] = set()
    blocks: list[etree._Element] = []
    for el in _HOLDS_BRACKET(body):
        node: etree._Element | None = el
        while node is not None and node is not body and node.tag not in _CALLOUT_BLOCKS:
            node = node.getparent()
        if node is None or node is body or node in seen:
            continue
        seen.add(node)
        blocks.append(node)
    return blocks


def find_in_tree(body: etree._Element) -> list[FoundCallout]:
    """Every callout in a parsed, sanitized body (``parse_fragment``), in document order."""
    found: list[FoundCallout] = []
    for el in _candidate_blocks(body):
        if not _is_leaf_block(el):
            continue
        text = text_of(el)
        headline = _callout_headline(text)
        if headline is not None and _images_inside_bracket(el):
            found.append(FoundCallout(el, headline, _own_href(el, headline, text)))
            continue
        trailing = _trailing_callout(el, text)
        if trailing is not None:
            found.append(trailing)
    return found


def find_callouts(html: str) -> list[Callout]:
    """Every "[related]" callout of a body, in order, with its own safe http(s) link if any."""
    if "[" not in html:
        return []
    return [Callout(f.headline, f.href) for f in find_in_tree(parse_fragment(sanitize_for_display(html)))]


def detach_trailing(found: FoundCallout) -> None:
    """Remove "[<a>headline</a>]" from the end of its paragraph."""
    a = found.anchor
    assert a is not None
    parent = a.getparent()
    assert parent is not None
    prev = a.getprevious()
    if prev is not None:
        prev.tail = (prev.tail or "").rstrip()[:-1].rstrip()
    else:
        parent.text = (parent.text or "").rstrip()[:-1].rstrip()
    a.tail = (a.tail or "").lstrip()[1:]
    drop_element(a)
    while parent is not found.block and not text_of(parent) and len(parent) == 0:
        grand = parent.getparent()
        drop_element(parent)
        if grand is None:
            break
        parent = grand
