"""Find the feed behind a web page, and the icon of a site.

``discover`` turns what a person pastes (often a site's home page) into feed
URLs: the page itself if it is a feed, else its ``<link rel="alternate">``
feeds, else links that plainly point at feeds, else the usual paths
(``/feed``, ``/rss``...) that answer with something that looks like a feed.

``fetch_icon`` gets a small image for a feed: the feed's own icon, else the
page's ``<link rel="icon">``, else ``/favicon.ico``. Only raster images whose
bytes say what they are are kept (SVG is refused: it can carry script).
Caching the bytes is the caller's job (the store keeps them with the feed).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.html
from bs4 import UnicodeDammit
from lxml import etree

from reader.core.errors import FetchError, UnsafeURLError
from reader.core.net.fetch import FEED_ACCEPT, PAGE_ACCEPT, Fetcher
from reader.core.net.urls import check_feed_url
from reader.core.secrets import Login

COMMON_PATHS = ("/feed", "/rss", "/atom.xml", "/index.xml", "/feed.json", "/feed.xml", "/rss.xml")

MAX_PAGE = 4 * 1024 * 1024  # a home page bigger than this is not worth parsing for links
MAX_PROBE = 4 * 1024 * 1024
MAX_ICON = 256 * 1024
MAX_ANCHOR_PROBES = 4

# link type -> feed kind ("rss", "atom", "rdf", "json"), strong types first.
_STRONG_TYPES = {
    "application/rss+xml": "rss",
    "application/x-rss+xml": "rss",
    "application/atom+xml": "atom",
    "application/x.atom+xml": "atom",
    "application/x-atom+xml": "atom",
    "application/feed+json": "json",
    "application/rdf+xml": "rdf",
}
# Often feeds, but also used for APIs (WordPress's wp-json, oEmbed): ranked last.
_WEAK_TYPES = {"application/json": "json", "text/xml": None, "application/xml": None}

_ANCHOR_TAIL = re.compile(r"(/feed/?|/rss/?|/atom/?|\.rss|\.atom|/atom\.xml|/rss\.xml|/feed\.xml|/index\.xml|/feed\.json)$", re.I)


@dataclass(frozen=True)
class FoundFeed:
    """A candidate feed: absolute URL, the title the page gave it, and its kind ("rss", "atom", "rdf", "json" or None)."""

    url: str
    title: str | None
    type: str | None


# --- pure parsing ---------------------------------------------------------------


def _text(html: bytes | str) -> str:
    if isinstance(html, bytes):
        if not html.strip():
            return ""  # an empty 404 body: UnicodeDammit would log "could not be decoded" for nothing
        return UnicodeDammit(html, is_html=True).unicode_markup or ""
    return html


def _parse(html: bytes | str) -> etree._Element | None:
    text = _text(html)
    # lxml refuses str input that carries an XML encoding declaration.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text, count=1)
    if not text.strip():
        return None
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return None


def _base(doc: etree._Element, base_url: str) -> str:
    for node in doc.iter("base"):
        href = (node.get("href") or "").strip()
        if href:
            return str(urljoin(base_url, href))
    return base_url


def _absolute(base: str, href: str | None) -> str | None:
    if not href or not href.strip():
        return None
    url = urldefrag(urljoin(base, href.strip()))[0]
    try:
        return check_feed_url(url)
    except UnsafeURLError:
        return None


def _rels(node: etree._Element) -> set[str]:
    return {token.lower() for token in (node.get("rel") or "").split()}


def find_feed_links(html: bytes | str, base_url: str) -> list[FoundFeed]:
    """Feeds announced by ``<link rel="alternate" type=...>`` in the page, absolute, deduped.

    Page order is kept, except that ambiguous types (``application/json``,
    plain XML) come after the unambiguous feed types.
    """
    doc = _parse(html)
    if doc is None:
        return []
    base = _base(doc, base_url)
    strong: list[FoundFeed] = []
    weak: list[FoundFeed] = []
    seen: set[str] = set()
    for node in doc.iter("link"):
        if "alternate" not in _rels(node):
            continue
        mime = (node.get("type") or "").split(";")[0].strip().lower()
        if mime not in _STRONG_TYPES and mime not in _WEAK_TYPES:
            continue
        url = _absolute(base, node.get("href"))
        if url is None or url in seen:
            continue
        if mime in _WEAK_TYPES and ("/wp-json/" in url or "oembed" in url.lower()):
            continue
        seen.add(url)
        title = (node.get("title") or "").strip() or None
        if mime in _STRONG_TYPES:
            strong.append(FoundFeed(url, title, _STRONG_TYPES[mime]))
        else:
            weak.append(FoundFeed(url, title, _WEAK_TYPES[mime]))
    return strong + weak


def find_feed_anchors(html: bytes | str, base_url: str) -> list[str]:
    """``<a href>`` targets that plainly name a feed (``/feed``, ``.rss``, ``feeds.feedburner.com``...), in page order."""
    doc = _parse(html)
    if doc is None:
        return []
    base = _base(doc, base_url)
    found: list[str] = []
    for node in doc.iter("a"):
        url = _absolute(base, node.get("href"))
        if url is None or url in found:
            continue
        parts = urlsplit(url)
        if _ANCHOR_TAIL.search(parts.path) or (parts.hostname or "").startswith("feeds."):
            found.append(url)
    return found


_XML_PROLOG = re.compile(rb"^(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*", re.S | re.I)
_ROOT = re.compile(rb"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
_JSONFEED = re.compile(r"^https?://jsonfeed\.org/version/", re.I)


def _feed_kind(body: bytes, content_type: str | None) -> str | None:
    head = body[:256 * 1024]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    elif head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            head = head.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return None
    stripped = head.lstrip()
    if stripped.startswith(b"{"):
        try:
            data = json.loads(body.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError):
            return None
        version = data.get("version") if isinstance(data, dict) else None
        return "json" if isinstance(version, str) and _JSONFEED.match(version) else None
    prolog = _XML_PROLOG.match(head)
    rest = head[prolog.end() if prolog else 0 :]
    root = _ROOT.match(rest)
    if root is None:
        return None
    name = root.group(2).lower()
    prefix = (root.group(1) or b"").lower()
    if name == b"rss" and not prefix:
        return "rss"
    if name == b"feed":
        return "atom"
    if name == b"rdf":
        return "rdf"
    return None


def looks_like_feed(body: bytes, content_type: str | None) -> bool:
    """Cheap sniff: an XML document rooted at rss/feed/rdf:RDF, or a JSON Feed object."""
    return _feed_kind(body, content_type) is not None


def looks_like_html(body: bytes, content_type: str | None) -> bool:
    """True for a web page (so a "feed" URL that answers with HTML can offer discovery)."""
    if looks_like_feed(body, content_type):
        return False
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime in ("text/html", "application/xhtml+xml"):
        return True
    head = body[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head


# --- network --------------------------------------------------------------------


def _normalize(url: str) -> str:
    text = (url or "").strip()
    if text and "://" not in text and not text.startswith("|") and ":" not in text.split("/")[0]:
        text = "https://" + text  # "example.com" as typed by a person
    return check_feed_url(text)


def discover(fetcher: Fetcher, url: str, *, login: Login | None = None, user_agent: str | None = None) -> list[FoundFeed]:
    """Feeds for what a person pasted; the first is the best. Empty when none was found.

    ``login`` and ``user_agent`` go with every request (the login only to the page's own site).

    Raises:
        UnsafeURLError: ``url`` is not an http(s) address.
        FetchError: the page could not be reached at all (network failure).
    """
    start = _normalize(url)
    page_url = start
    body = b""
    content_type: str | None = None
    try:
        result = fetcher.fetch(start, accept=PAGE_ACCEPT, max_bytes=MAX_PAGE, login=login, user_agent=user_agent)
        page_url, body, content_type = result.url, result.body, result.content_type
    except FetchError as err:
        if err.status is None:
            raise  # unreachable: probing the same host would fail the same way
    kind = _feed_kind(body, content_type) if body else None
    if kind is not None:
        return [FoundFeed(page_url, None, kind)]
    found: list[FoundFeed] = find_feed_links(body, page_url) if body else []
    if found:
        return found
    anchors = find_feed_anchors(body, page_url)[:MAX_ANCHOR_PROBES] if body else []
    root = "{0.scheme}://{0.netloc}".format(urlsplit(page_url))
    candidates = anchors + [root + path for path in COMMON_PATHS]
    seen: set[str] = set()
    for candidate in candidates:
        feed = _probe(fetcher, candidate, login=login, user_agent=user_agent)
        if feed is not None and feed.url not in seen:
            seen.add(feed.url)
            found.append(feed)
    return found


def _probe(fetcher: Fetcher, url: str, *, login: Login | None = None, user_agent: str | None = None) -> FoundFeed | None:
    try:
        result = fetcher.fetch(url, accept=FEED_ACCEPT, max_bytes=MAX_PROBE, login=login, user_agent=user_agent)
    except (FetchError, UnsafeURLError):
        return None
    kind = _feed_kind(result.body, result.content_type)
    if kind is None:
        return None
    return FoundFeed(result.permanent_url or result.url, None, kind)


# --- icons ----------------------------------------------------------------------


def find_icon_url(html: bytes | str, base_url: str) -> str | None:
    """The page's icon: ``<link rel="icon">`` / ``"shortcut icon"``, else ``apple-touch-icon``, else ``/favicon.ico``."""
    doc = _parse(html)
    best: str | None = None
    touch: str | None = None
    base = base_url
    if doc is not None:
        base = _base(doc, base_url)
        for node in doc.iter("link"):
            rels = _rels(node)
            mime = (node.get("type") or "").lower()
            href = node.get("href") or ""
            if "svg" in mime or urlsplit(href).path.lower().endswith(".svg"):
                continue  # refused anyway; look for a raster one
            url = _absolute(base, href)
            if url is None:
                continue
            if "icon" in rels and best is None:
                best = url
            elif rels & {"apple-touch-icon", "apple-touch-icon-precomposed"} and touch is None:
                touch = url
    if best or touch:
        return best or touch
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}/favicon.ico"


def sniff_image(data: bytes) -> str | None:
    """The image type the bytes declare (png, gif, jpeg, ico, webp, bmp); None otherwise, SVG included."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x00\x00\x01\x00") and len(data) >= 6:
        return "image/x-icon"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"BM") and len(data) >= 26:
        return "image/bmp"
    return None


def _icon_candidates(fetcher: Fetcher, site_url: str, feed_icon_url: str | None) -> Iterator[str]:
    if feed_icon_url:
        yield feed_icon_url
    try:
        page, _ = fetcher.fetch_bytes(site_url, max_bytes=MAX_PAGE, accept=PAGE_ACCEPT)
    except (FetchError, UnsafeURLError):
        page = b""
    icon = find_icon_url(page, site_url)
    if icon:
        yield icon
    parts = urlsplit(site_url)
    yield f"{parts.scheme}://{parts.netloc}/favicon.ico"


def fetch_icon(fetcher: Fetcher, site_url: str, feed_icon_url: str | None = None) -> tuple[bytes, str] | None:
    """Image bytes and their type for a feed's icon (at most 256 KB), or None when there is none.

    Network failures are not errors here: a missing icon is normal.
    """
    try:
        site_url = check_feed_url(site_url)
    except UnsafeURLError:
        return None
    tried: set[str] = set()
    for url in _icon_candidates(fetcher, site_url, feed_icon_url):
        if url in tried:
            continue
        tried.add(url)
        try:
            data, _ = fetcher.fetch_bytes(url, max_bytes=MAX_ICON, accept="image/*, */*;q=0.5")
        except (FetchError, UnsafeURLError):
            continue
        kind = sniff_image(data)
        if kind is not None:
            return data, kind
    return None
