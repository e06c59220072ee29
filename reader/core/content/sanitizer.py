"""Sanitizer: the nh3 allowlist every article body goes through.

``sanitize`` (ingest) cleans with the allowlist and makes href/src absolute
against the entry's base URL; ``sanitize_for_display`` cleans the same way but
leaves URLs as they are. Both cap nesting depth before nh3 (``cap_depth``, so
time stays linear in size) and make sure no C0/C1 control character survives.
"""

from __future__ import annotations

import contextvars
import functools
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import nh3

__all__ = ["cap_depth", "sanitize", "sanitize_for_display"]

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
_C0_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
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


def cap_depth(html: str, limit: int = _MAX_DEPTH) -> str:
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
        html = cap_depth(html)
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


def sanitize(html: str, base_url: str | None = None) -> str:
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


def sanitize_for_display(html: str) -> str:
    """The same allowlist, URLs left as they are (render's input is prepared HTML)."""
    return _sanitize_with(_PLAIN_CLEANER, html)
