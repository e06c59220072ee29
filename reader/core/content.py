"""Article bodies: safe HTML, "[related]" callouts as links, clean text.

Two moments, two functions:

* ``prepare`` runs at ingest time on every refreshed entry. It sanitizes with an
  allowlist (nh3, the Rust ammonia sanitizer), makes relative URLs absolute,
  drops WordPress-style crumbs ("Posted on ... Posted in World News") while
  keeping their category names, and turns plain-text bodies into paragraphs.
  Nesting is capped (200 elements) before nh3 so time stays linear in size,
  and C0/C1 control characters never survive (no terminal escapes in text).
* ``render`` runs at display time; the article pane and ``byline show --html``
  print exactly its output. It sanitizes again (so it is safe on any input),
  turns every callout into its own ``<p class="related-line">`` block holding
  an ``<a class="related">`` link, and optionally swaps images for quiet
  placeholders so nothing remote is loaded.

The callout decision is pure and lives in ``is_callout_text`` (the text rule)
and ``find_callouts`` (the block rule). lxml trees stay inside this module.
"""

from __future__ import annotations

import contextvars
import functools
import html as htmllib
import re
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

import nh3
from lxml import etree

from reader.core.models import Rendered

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


@dataclass(frozen=True)
class Callout:
    """One "[related]" callout: its headline and its own safe link, if any."""

    headline: str
    href: str | None = None


# --- sanitizer ----------------------------------------------------------------

_TAGS = {
    "p", "br", "a", "em", "strong", "b", "i", "u", "s", "blockquote", "q", "cite",
    "pre", "code", "kbd", "samp", "ul", "ol", "li", "dl", "dt", "dd",
    "h1", "h2", "h3", "h4", "h5", "h6", "img", "figure", "figcaption",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col",
    "hr", "sub", "sup", "abbr", "span", "div", "small", "mark", "del", "ins", "time",
}  # fmt: skip

_ATTRIBUTES = {
    "*": {"title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "del": {"datetime"},
    "ins": {"datetime"},
}

# Removed together with everything inside them (not just unwrapped).
_DROP_WITH_CONTENT = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet",
    "form", "input", "button", "select", "option", "textarea", "svg", "math",
    "template", "noscript", "noembed", "noframes", "title", "head", "video",
    "audio", "canvas", "map", "dialog", "xmp", "plaintext",
}  # fmt: skip

_LINK_SCHEMES = {"http", "https", "mailto"}

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


@dataclass(frozen=True)
class _Base:
    """A base URL split once per body, for cheap resolution of many links."""

    url: str
    scheme: str
    origin: str  # "https://host"


@functools.lru_cache(maxsize=512)
def _make_base(base_url: str | None) -> _Base | None:
    """The web base of ``base_url`` (cached: a feed's entries share a few bases)."""
    if not base_url:
        return None
    try:
        parts = urlsplit(base_url.strip())
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.netloc:
        return None  # only web bases: a file: or data: base must not leak into links
    return _Base(base_url.strip(), scheme, f"{scheme}://{parts.netloc}")


# The base of the body being sanitized; read by the attribute filter.
_BASE: contextvars.ContextVar[_Base | None] = contextvars.ContextVar("byline_content_base", default=None)


def _resolve(url: str, base: _Base | None) -> str | None:
    """Absolutize ``url`` (already scheme-checked by nh3 when it has one)."""
    if url.startswith(("https://", "http://")):
        return url
    scheme = _SCHEME.match(url)
    if scheme:
        name = scheme.group(1).lower()
        return url if name in _LINK_SCHEMES else None
    if url.startswith("//"):
        return (base.scheme if base else "https") + ":" + url
    if base is None:
        return url  # relative with nothing to resolve against: harmless, kept
    if url.startswith("/") and "/." not in url:
        return base.origin + url
    try:
        joined = urljoin(base.url, url)
    except ValueError:
        return None
    return joined if joined.startswith(("http://", "https://")) else None


def _filter_attribute(tag: str, attr: str, value: str) -> str | None:
    """nh3 callback: absolutize href/src against the current base."""
    if attr != "href" and attr != "src":
        return value
    url = value.strip()
    if not url:
        return None
    resolved = _resolve(url, _BASE.get())
    if resolved is not None and attr == "src" and resolved[:7].lower() == "mailto:":
        return None
    return resolved


_CLEANER_OPTIONS: dict[str, object] = {
    "tags": _TAGS,
    "attributes": _ATTRIBUTES,
    "clean_content_tags": _DROP_WITH_CONTENT,
    "url_schemes": _LINK_SCHEMES,
    "strip_comments": True,
    "link_rel": "noopener noreferrer",
}
# Ingest also rewrites href/src (absolute URLs) through a Python callback, once
# per attribute. Most bodies only hold absolute http(s) URLs, so ingest first
# cleans without the callback and checks the output (see ``_all_absolute``);
# display never rewrites (prepared HTML is already absolute).
_RESOLVING_CLEANER = nh3.Cleaner(attribute_filter=_filter_attribute, **_CLEANER_OPTIONS)  # type: ignore[arg-type]
_PLAIN_CLEANER = nh3.Cleaner(**_CLEANER_OPTIONS)  # type: ignore[arg-type]

# In nh3's output every attribute is written ` name="value"` (lowercase name,
# double quotes, `"` and `&` escaped), so this finds each href/src that is not
# a plain absolute http(s) URL (or has spaces the callback would trim). Text
# that merely looks like one only costs the slower path.
_NOT_ABSOLUTE = re.compile(r'="(?:(?<= href=")|(?<= src="))(?!https?://(?:[^"\s&]|&(?!nbsp;))*")')


def _all_absolute(clean: str) -> bool:
    """True when every href/src in nh3 output is an absolute http(s) URL left as is."""
    return _NOT_ABSOLUTE.search(clean) is None


# --- control characters -----------------------------------------------------------

# C0 controls but tab, newline and carriage return; DEL; the C1 range. A feed's
# ESC or NUL must never reach a terminal (``byline show --text``) or the pane.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_C0_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_C0_C1_BYTES = _C0_BYTES + bytes(range(0x80, 0xA0))
_C1_UTF8 = re.compile(b"\xc2[\x80-\x9f]")


def _has_controls(text: str) -> bool:
    """Whether ``text`` holds a control character (via bytes: much faster than a regex scan)."""
    try:
        raw = text.encode("latin-1")
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "surrogatepass")
        return len(raw.translate(None, _C0_BYTES)) != len(raw) or _C1_UTF8.search(raw) is not None
    return len(raw.translate(None, _C0_C1_BYTES)) != len(raw)


def _without_surrogates(text: str) -> str:
    """Lone surrogates (from JSON "\\ud800" escapes) as U+FFFD: nh3 cannot take them."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


# --- nesting depth ------------------------------------------------------------------

_MAX_DEPTH = 200  # libxml2 silently drops what lies deeper than 256 elements
# A start or end tag; a tag cut short by "<" still counts (html5ever reads it as one).
_TAG_SCAN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^<>]*)>?")
_VOID = frozenset(
    {"br", "hr", "img", "col", "wbr", "area", "base", "embed", "input", "link", "meta", "source",
     "track", "param", "keygen", "basefont", "bgsound", "frame"}
)  # fmt: skip
# Elements an end tag may be matched through: neither "special" in the HTML
# parsing algorithm (whose end tags stop the search) nor formatting elements
# (which the parser reopens later). Anything else stops the search, so the
# estimate never falls below the depth html5ever really builds.
_SPECIAL_OR_FORMATTING = frozenset(
    {"address", "applet", "area", "article", "aside", "base", "basefont", "bgsound", "blockquote",
     "body", "br", "button", "caption", "center", "col", "colgroup", "dd", "details", "dir", "div",
     "dl", "dt", "embed", "fieldset", "figcaption", "figure", "footer", "form", "frame", "frameset",
     "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "iframe", "img",
     "input", "keygen", "li", "link", "listing", "main", "marquee", "menu", "meta", "nav", "noembed",
     "noframes", "noscript", "object", "ol", "p", "param", "plaintext", "pre", "script", "search",
     "section", "select", "source", "style", "summary", "table", "tbody", "td", "template",
     "textarea", "tfoot", "th", "thead", "title", "tr", "track", "ul", "wbr", "xmp",
     "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
     "svg", "math"}
)  # fmt: skip
_SIBLING_CLOSES = frozenset({"p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup"})
# Inside <svg>/<math> "<x/>" closes itself, but these tags leave foreign content.
_FOREIGN = frozenset({"svg", "math"})
_BREAKOUT = frozenset(
    {"b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed",
     "font", "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu",
     "meta", "nobr", "ol", "p", "pre", "ruby", "s", "small", "span", "strong", "strike", "sub",
     "sup", "table", "tt", "u", "ul", "var"}
)  # fmt: skip
_END_TAG_REACH = 16  # how far down the open elements an end tag is looked for
# Bodies with fewer tags go to nh3 uncapped: at most this deep, html5ever's
# quadratic cost stays in milliseconds, and the scan would cost more than it
# saves on long, ordinary bodies. lxml (256 deep at most) gets its own cap.
_SCAN_ABOVE = 2000


def _dropped_tags(tags: list[tuple[str, str, str]], limit: int) -> list[int]:
    """Indexes of the tags (``_TAG_SCAN`` groups) of elements nested deeper than ``limit``.

    Follows the parser's stack of open elements closely enough to never
    underestimate it by more than the few elements the parser adds itself
    (tbody, tr): an end tag only closes what it reaches through plain inline
    elements (others stop it, as they stop the parser), "<x/>" closes itself
    only inside <svg>/<math>.
    """
    dropped: list[int] = []
    names: list[str] = []  # the open elements, innermost last
    kept: list[bool] = []  # whether each one's tags stay in the output
    depth = 0
    foreign = -1  # index in ``names`` of the outermost open <svg>/<math>, if any
    void, passable_stop = _VOID, _SPECIAL_OR_FORMATTING
    for index, (slash, name, rest) in enumerate(tags):
        if not name.islower():
            name = name.lower()
        if name in void:
            continue
        if slash:  # an end tag: find its element near the top of the stack
            at = len(names) - 1
            if at >= 0 and names[at] == name and kept[at]:  # the usual case: the innermost
                names.pop()
                kept.pop()
                depth -= 1
                if at == foreign:
                    foreign = -1
                continue
            stop = at - _END_TAG_REACH if at > _END_TAG_REACH else -1
            while at > stop and names[at] != name and names[at] not in passable_stop:
                at -= 1
            if at > stop and names[at] == name:
                if not kept[at]:
                    dropped.append(index)
                depth -= sum(kept[at:])
                del names[at:], kept[at:]
                if at <= foreign:
                    foreign = -1
            continue
        if foreign >= 0:
            if name in _BREAKOUT:  # back to HTML: the parser closes the foreign elements
                depth -= sum(kept[foreign:])
                del names[foreign:], kept[foreign:]
                foreign = -1
            elif rest.endswith("/"):
                continue
        if names and names[-1] == name and name in _SIBLING_CLOSES:
            depth -= kept.pop()
            names.pop()
        if name in _FOREIGN and foreign < 0:
            foreign = len(names)
        keep = depth < limit
        names.append(name)
        kept.append(keep)
        depth += keep
        if not keep:
            dropped.append(index)
    return dropped


def _cap_depth(html: str, limit: int = _MAX_DEPTH) -> str:
    """Unwrap elements nested deeper than ``limit`` (keeping their text); linear time.

    Works on any markup (before sanitizing, too), so what it returns parses to
    a tree at most about ``limit`` deep and nh3 and libxml2 stay linear.
    """
    if html.count("<") <= limit:
        return html  # fewer tags than the limit: nothing can be that deep
    dropped = _dropped_tags(_TAG_SCAN.findall(html), limit)
    if not dropped:
        return html
    spans = [m.span() for m in _TAG_SCAN.finditer(html)]
    out: list[str] = []
    pos = 0
    for index in dropped:
        start, end = spans[index]
        out.append(html[pos:start])
        pos = end
    out.append(html[pos:])
    return "".join(out)


def _clean(cleaner: nh3.Cleaner, html: str) -> str:
    try:
        return cleaner.clean(html)
    except UnicodeEncodeError:
        return cleaner.clean(_without_surrogates(html))


def _sanitize_with(cleaner: nh3.Cleaner, html: str) -> str:
    """Cap nesting, clean, and make sure no control character survives."""
    if html.count("<") > _SCAN_ABOVE:
        html = _cap_depth(html)
    clean = _clean(cleaner, html)
    if _has_controls(clean):
        # Raw ones and ones from references (&#27;) alike. Removing a character
        # may join what it split ("java\x1bscript:"), so clean once more.
        clean = _clean(cleaner, _CONTROLS.sub("", clean))
    return clean


# Sites (origins of base URLs) whose bodies had URLs to resolve: their next
# bodies go straight to the resolving cleaner instead of being cleaned twice.
_RESOLVING_SITES: set[str] = set()
_MAX_RESOLVING_SITES = 4096


def _sanitize(html: str, base_url: str | None = None) -> str:
    """Allowlist-sanitize ``html``, making href/src absolute against ``base_url``."""
    base = _make_base(base_url)
    site = base.origin if base is not None else ""
    if site not in _RESOLVING_SITES:
        clean = _sanitize_with(_PLAIN_CLEANER, html)
        if _all_absolute(clean):
            return clean  # exactly what the resolving cleaner would have made of it
        if len(_RESOLVING_SITES) >= _MAX_RESOLVING_SITES:
            _RESOLVING_SITES.clear()
        _RESOLVING_SITES.add(site)
    token = _BASE.set(base)
    try:
        return _sanitize_with(_RESOLVING_CLEANER, html)
    finally:
        _BASE.reset(token)


def _sanitize_for_display(html: str) -> str:
    """The same allowlist, URLs left as they are (render's input is prepared HTML)."""
    return _sanitize_with(_PLAIN_CLEANER, html)


# --- lxml plumbing ----------------------------------------------------------------

_LOCAL = threading.local()


def _parser() -> etree.HTMLParser:
    """One parser per thread (lxml parsers must not be shared across threads)."""
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:
        parser = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True)
        _LOCAL.parser = parser
    return parser


def _parse(html: str) -> etree._Element:
    """Parse a (sanitized) fragment; returns the <body> holding it."""
    parser = _parser()
    root = etree.fromstring(f"<html><body>{html}</body></html>", parser)
    if len(parser.error_log) and any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        root = etree.fromstring(f"<html><body>{_cap_depth(html)}</body></html>", parser)
    body = root.find("body")
    if body is None:  # pragma: no cover - libxml2 always makes a body here
        body = etree.SubElement(root, "body")
    return body


def _serialize(body: etree._Element) -> str:
    parts = [htmllib.escape(body.text, quote=False)] if body.text else []
    for child in body:
        parts.append(etree.tostring(child, method="html", encoding="unicode"))
    return "".join(parts)


def _drop(el: etree._Element) -> None:
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


def _replace(old: etree._Element, new: etree._Element) -> None:
    new.tail = old.tail
    old.tail = None
    parent = old.getparent()
    if parent is not None:
        parent.replace(old, new)


def _collapse(text: str) -> str:
    """Whitespace runs (any Unicode space, nbsp included) -> one space, ends trimmed."""
    return " ".join(text.split())


def _text_of(el: etree._Element) -> str:
    return _collapse("".join(el.itertext()))


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
    return _html_text(_sanitize_for_display(html))


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
    return _collapse(key).strip(_EDGE_PUNCT)


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
_SENTENCE_BREAK = re.compile(r"[a-z\u00df-\u00ff]{3,}[.!?][\"'\u201d\u2019)]*\s+[\"'\u201c\u2018]?[A-Z]")
_TRAILING_ABBREV = re.compile(r"(?:\b[A-Z]\.){2,}$|\b(?:Jr|Sr|Inc|Co|Corp|Ltd|St|Dr|Mr|Mrs|Ms|vs)\.$")
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff "
_MIN_WORDS = 3
_MAX_WORDS = 40
_MAX_CHARS = 300


def _callout_headline(text: str) -> str | None:
    """The headline of a callout text, or None when the text is not a callout."""
    t = _collapse(text).strip(_INVISIBLE)
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
    "dd", "dt", "table", "figure", "figcaption", "pre", "hr", "img", "tr", "td", "th",
}  # fmt: skip
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*$")


@dataclass(frozen=True)
class _Found:
    """A callout located in a tree (internal: carries the lxml elements)."""

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
        anchors = [a for a in anchors if _text_of(a) in wanted]
        if len(anchors) != 1:
            return None
    return _safe_callout_href(anchors[0])


def _is_leaf_block(el: etree._Element) -> bool:
    return not any(isinstance(d.tag, str) and d.tag in _NOT_INLINE for d in el.iterdescendants())


def _trailing_callout(block: etree._Element, text: str) -> _Found | None:
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
    if _text_of(a) != inner:
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
    return _Found(block, headline, href, anchor=a)


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


def _find(body: etree._Element) -> list[_Found]:
    found: list[_Found] = []
    for el in _candidate_blocks(body):
        if not _is_leaf_block(el):
            continue
        text = _text_of(el)
        headline = _callout_headline(text)
        if headline is not None:
            found.append(_Found(el, headline, _own_href(el, headline, text)))
            continue
        trailing = _trailing_callout(el, text)
        if trailing is not None:
            found.append(trailing)
    return found


def find_callouts(html: str) -> list[Callout]:
    """Every "[related]" callout of a body, in order, with its own safe http(s) link if any."""
    if "[" not in html:
        return []
    return [Callout(f.headline, f.href) for f in _find(_parse(_sanitize_for_display(html)))]


# --- crumbs ("Posted on ... Posted in World News") -----------------------------------------

_CRUMB_START = re.compile(r"(?:Posted\s+(?:on|in|by)|Filed\s+under|Tagged)\b")
_CRUMB_KEYWORDS = re.compile(
    r"\b(Posted\s+on|Posted\s+in|Posted\s+by|Filed\s+under|Tagged(?:\s+with)?|by|"
    r"Leave\s+a\s+(?:comment|reply)|Comments?\s+(?:are\s+)?(?:off|closed)|No\s+comments|"
    r"\d+\s+comments?|Edit)\b",
    re.IGNORECASE,
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = re.compile(
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    rf"(?:\d{{1,4}}[-/.]\d{{1,2}}[-/.]\d{{1,4}}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+\d{{4}})"
    r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?)?",
    re.IGNORECASE,
)
_LIST_SPLIT = re.compile(r"\s*[,|\u00b7\u2022;]\s*")
_CRUMB_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "small")


def _crumb_categories(text: str) -> list[str] | None:
    """Categories of a crumb block text, or None when the text is not a crumb."""
    if len(text) > 300 or not _CRUMB_START.match(text):
        return None
    parts = _CRUMB_KEYWORDS.split(text)
    if parts[0].strip():
        return None
    categories: list[str] = []
    for keyword, segment in zip(parts[1::2], parts[2::2]):
        kw = " ".join(keyword.lower().split())
        seg = segment.strip(" :\u2013\u2014-")
        if kw == "posted on":
            if seg and not _DATE.fullmatch(seg):
                return None
        elif kw in ("posted by", "by"):
            if len(seg) > 60 or len(seg.split()) > 5 or re.search(r"[.!?]$|[.!?]\s", seg):
                return None
        elif kw in ("posted in", "filed under") or kw.startswith("tagged"):
            items = [item for item in _LIST_SPLIT.split(seg) if item]
            for item in items:
                if len(item) > 60 or len(item.split()) > 5 or item[-1] in ".!?":
                    return None
            if kw != "tagged" and not kw.startswith("tagged"):
                categories.extend(items)
        elif seg:  # "Leave a comment", "3 Comments", "Edit" stand alone
            return None
    return categories


_CRUMB_WORDS = ("Posted", "Filed", "Tagged")


def _may_have_crumbs(text: str, html: str) -> bool:
    """Cheap pre-check so most bodies never need a tree.

    A crumb block's text starts with one of the crumb words, and every crumb
    block but <small> starts a line of the body's text.
    """
    if any(line.startswith(_CRUMB_WORDS) for line in text.split("\n")):
        return True
    return "<small" in html and any(word in text for word in _CRUMB_WORDS)


def _drop_crumbs(body: etree._Element) -> tuple[tuple[str, ...], int]:
    """Remove crumb blocks; returns the categories they named and how many were dropped."""
    categories: list[str] = []
    doomed: list[etree._Element] = []
    for el in body.iter(*_CRUMB_BLOCKS):
        if any(d is el or d in el.iterancestors() for d in doomed):
            continue
        found = _crumb_categories(_text_of(el))
        if found is not None:
            doomed.append(el)
            categories.extend(c for c in found if c not in categories)
    for el in doomed:
        _drop(el)
    return tuple(categories), len(doomed)


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
            if is_callout_text(line) or _crumb_categories(_collapse(line)) is not None:
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
    clean = _sanitize(source, base_url)
    if not clean.strip():
        return Prepared("", "", ())
    text = _html_text(clean)
    categories: tuple[str, ...] = ()
    if _may_have_crumbs(text, clean):
        tree = _parse(clean)
        categories, dropped = _drop_crumbs(tree)
        if dropped:
            clean = _serialize(tree)
            text = _html_text(clean)
    return Prepared(clean, text, categories)


def _related_href(found: _Found, resolve: Callable[[str], int | None] | None) -> str:
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


def _detach_trailing(found: _Found) -> None:
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
    _drop(a)
    while parent is not found.block and not _text_of(parent) and len(parent) == 0:
        grand = parent.getparent()
        _drop(parent)
        if grand is None:
            break
        parent = grand


def _placeholder(img: etree._Element) -> etree._Element:
    span = etree.Element("span", {"class": "image-placeholder"})
    alt = _collapse(img.get("alt") or "")
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
    tree = _parse(_sanitize_for_display(html))
    for found in _find(tree) if "[" in html else []:
        line = _related_line(found.headline, _related_href(found, resolve))
        if found.anchor is not None:
            _detach_trailing(found)
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
            _replace(found.block, line)
    if "<figure" in html:
        _blockify_figures(tree)
    out = _serialize(tree)
    text = _html_text(out)
    if not images:
        images_found = list(tree.iter("img"))
        for img in images_found:
            _replace(img, _placeholder(img))
        if images_found:
            out = _serialize(tree)
    return Rendered(out, text)
