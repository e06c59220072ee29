"""A fast reader for plain, well-formed RSS, RDF and Atom documents (lxml).

It emulates what feedparser's strict (expat) parser stores under the keys
``parse.py`` reads, and hands back the same dict shape, so both paths share one
normalizer. It only does so for documents it fully understands: any element,
attribute or state it does not model makes ``read_feed`` return None, and the
caller asks feedparser instead. The walk is here; feedparser's value rules are
restated in ``feedrules`` and its element naming in ``feednames`` (see
feedparser 6.0's ``mixin.py`` and ``namespaces/_base.py``);
``tests/core/test_fastparse.py`` holds the two paths to the same output.

Parsing is safe by construction: no DTD, no entities, no network, no huge
trees, no recovery (a document lxml finds broken goes to feedparser).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from lxml import etree

from reader.core.feeds.fastpath.names import (
    AUTHOR_PARTS,
    AUTHORS,
    DATE_PUBLISHED,
    DATE_UPDATED,
    ENTRY_INERT,
    FEED_ONLY_INERT,
    INERT_LEAVES,
    NAMES,
    READ_GENERIC,
    RELATIVE,
    SENSITIVE,
    Decline,
    attrs_of,
    check_inert_generic,
    check_inert_tree,
    is_generic,
    key_of,
    name_of,
    prefixes_agree,
)
from reader.core.feeds.fastpath.rules import (
    FeedParserMixin,
    add_tag,
    available,
    content_type,
    enclosures,
    join_url,
    link_text,
    move_href,
    repair_text,
    safe_absolute,
    sync_author,
)
from reader.core.feeds.prolog import reads_as_utf8

__all__ = ["available", "read_feed"]

Dict = dict[str, Any]

_ATOM10 = "http://www.w3.org/2005/Atom"
_RSS10 = "http://purl.org/rss/1.0/"
_RSS090 = "http://my.netscape.com/rdf/simple/0.9/"
_HTML_TYPES = frozenset(("text/html", "application/xhtml+xml"))


# --- the reader ----------------------------------------------------------------------


_PARSER_OPTIONS: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
    "recover": False,
    "remove_comments": True,
    "remove_pis": True,
    "encoding": "utf-8",
}


def read_feed(data: bytes, charset: str | None, had_doctype: bool, url: str | None) -> Dict | None:
    """feedparser's result (the keys parse.py reads) for ``data``, or None to ask feedparser.

    ``data`` and ``charset`` are what ``prolog.prepare_document`` returns.
    """
    if not available() or had_doctype or not reads_as_utf8(data, charset):
        return None
    declared_ns: list[tuple[str | None, str]] = []
    try:
        events = etree.iterparse(io.BytesIO(data), events=("start-ns",), **_PARSER_OPTIONS)
        for _, (prefix, uri) in events:
            declared_ns.append((prefix or None, uri))
        root = events.root
    except (etree.XMLSyntaxError, ValueError):
        return None
    try:
        if not prefixes_agree(declared_ns):
            return None
        return _Reader(url or "").read(root)
    except (Decline, RecursionError):
        return None


class _Reader:
    """One document's walk, keeping the slice of feedparser's state that matters."""

    def __init__(self, url: str) -> None:
        self.base = url
        self.version = ""
        self.feed: Dict = {}
        self.entries: list[Dict] = []
        self.infeed = False
        self.has_content = False
        self.title_depth = -1
        self.atom = False

    # -- the walk --

    def read(self, root: Any) -> Dict:
        name = name_of(root)
        versions = set()
        for prefix, uri in root.nsmap.items():
            low = uri.lower()
            if prefix is None and low == _RSS090:
                versions.add("rss090")
            elif low == _RSS10:
                versions.add("rss10")
            elif low == _ATOM10.lower():
                versions.add("atom10")
        if len(versions) > 1:
            raise Decline
        self.version = versions.pop() if versions else ""
        attrs = self._enter(root)
        if name == "rss":
            if not self.version.startswith("rss"):
                given = attrs.get("version", "")
                known = {"0.91": "rss091u", "0.92": "rss092", "0.93": "rss093", "0.94": "rss094"}
                self.version = known.get(given) or ("rss20" if given.startswith("2.") else "rss")
            for child in root:
                if name_of(child) != "channel":
                    raise Decline
                self._channel(child, 2)
        elif name == "rdf:rdf":
            if self.version not in ("rss10", "rss090"):
                raise Decline
            for child in root:
                self._rdf_child(child)
        elif name == "feed" and root.tag == f"{{{_ATOM10}}}feed" and self.version == "atom10":
            self.atom = True
            self.infeed = True
            self._feed_children(root, 2)
        else:
            raise Decline
        return {"version": self.version, "feed": self.feed, "entries": self.entries, "bozo": False}

    def _enter(self, el: Any) -> Dict:
        """feedparser's per-element xml:base step; returns the element's attributes."""
        if not len(el.attrib):
            return {}
        attrs = attrs_of(el)
        given = attrs.get("xml:base", attrs.get("base"))
        if given:
            if not self.base:
                raise Decline  # feedparser lets it leak into following elements
            self.base = safe_absolute(self.base, given) or self.base
        return attrs

    def _rdf_child(self, el: Any) -> None:
        name = name_of(el)
        saved = self.base
        attrs = self._enter(el)
        if name == "channel":
            self._channel(el, 2, attrs)
        elif name == "item":
            self._entry(el, 2, attrs)
        elif name == "image":
            self._image(el, 2)
        elif name == "textinput":
            self._textinput(el, 2)
        elif not (is_generic(name) and key_of(name) not in SENSITIVE and key_of(name) not in READ_GENERIC):
            raise Decline
        else:
            check_inert_generic(el)
        self.base = saved

    def _channel(self, el: Any, depth: int, attrs: Dict | None = None) -> None:
        saved = self.base
        if attrs is None:
            attrs = self._enter(el)
        if "lastmod" in attrs or "href" in attrs:
            raise Decline
        self.infeed = True
        self._feed_children(el, depth + 1)
        self.infeed = False
        self.base = saved

    def _feed_children(self, parent: Any, depth: int) -> None:
        for el in parent:
            saved = self.base
            self._feed_child(el, name_of(el), depth, self._enter(el))
            self.base = saved

    def _feed_child(self, el: Any, name: str, depth: int, attrs: Dict) -> None:
        feed = self.feed
        if name in ("item", "entry"):
            self._entry(el, depth, attrs)
        elif name in ("title", "dc:title"):
            self._title(el, feed, depth, attrs)
        elif name == "link":
            self._link(el, feed, attrs, entry=False)
        elif name in ("description", "dc:description"):
            if "summary" in feed and not self.has_content:
                raise Decline
            value, detail = self._content_text(el, attrs, "text/html")
            feed["subtitle"], feed["subtitle_detail"] = value, detail
        elif name in ("subtitle", "tagline", "itunes:subtitle"):
            value, detail = self._content_text(el, attrs, "text/plain")
            feed["subtitle"], feed["subtitle_detail"] = value, detail
        elif name in ("summary", "itunes:summary"):
            if "summary" in feed and not self.has_content:
                raise Decline
            value, detail = self._content_text(el, attrs, "text/plain")
            feed["summary"], feed["summary_detail"] = value, detail
        elif name in AUTHORS:
            self._author(el, feed, entry=False)
        elif name in ("id", "guid"):
            self._guid(el, feed, attrs, entry=False)
        elif name == "image":
            self._image(el, depth)
        elif name == "itunes:image":
            href = attrs.get("href") or attrs.get("url")
            if href:
                feed["image"] = {"href": href}
        elif name == "textinput":
            self._textinput(el, depth)
        elif name in ("itunes:owner", "contributor"):
            for child in el:
                if name_of(child) not in ("name", "email", "itunes:name", "itunes:email", "uri", "url") or len(child):
                    raise Decline
        elif name in INERT_LEAVES or name in FEED_ONLY_INERT:
            check_inert_tree(el, name)
        elif is_generic(name):
            key = key_of(name)
            if key in READ_GENERIC:
                feed[key] = attrs if attrs else self._pop(key, self._leaf_text(el))[0]
            elif key in SENSITIVE:
                raise Decline
            else:
                check_inert_generic(el)
        else:
            raise Decline

    def _image(self, el: Any, depth: int) -> None:
        image = self.feed.setdefault("image", {})
        self.title_depth = -1
        for child in el:
            name = name_of(child)
            if name not in ("url", "title", "link", "description", "width", "height") or len(child):
                raise Decline
            saved = self.base
            attrs = self._enter(child)
            if name == "url" and self.infeed:
                image["href"] = self._pop("href", child.text or "")[0]
            elif name == "title":
                value = self._pop("title", child.text or "")[0]
                if value:
                    self.title_depth = depth + 1
            elif name == "link" and ("href" in attrs or "url" in attrs or "uri" in attrs):
                raise Decline
            self.base = saved

    def _textinput(self, el: Any, depth: int) -> None:
        self.title_depth = -1
        for child in el:
            name = name_of(child)
            if name not in ("title", "link", "description", "name") or len(child) or len(child.attrib):
                raise Decline
            if name == "title" and self._pop("title", child.text or "")[0]:
                self.title_depth = depth + 1

    # -- text --

    def _leaf_text(self, el: Any) -> str:
        if len(el):
            raise Decline
        return el.text or ""

    def _pop(self, key: str, text: str, ctype: str | None = None, guidislink: bool = True) -> tuple[str, str | None]:
        """feedparser's ``pop`` for a text element: strip, resolve, retype, repair."""
        out = text.strip()
        if key and out and key in RELATIVE and (key != "id" or guidislink):
            out = join_url(self.base, out)
        if ctype == "text/plain" and not self.atom:
            assert FeedParserMixin is not None
            if FeedParserMixin.looks_like_html(out):
                ctype = "text/html"
        if not out.isascii():
            out = repair_text(out)
        return out, ctype

    def _content_text(self, el: Any, attrs: Dict, default: str) -> tuple[str, Dict]:
        """A push_content element: its text and its detail dict."""
        ctype = content_type(attrs.get("type", default))
        if attrs.get("mode") == "base64" or ctype not in ("text/plain", "text/html") or "src" in attrs:
            raise Decline
        base = self.base
        value, found = self._pop("", self._leaf_text(el), ctype)
        return value, {"type": found, "base": base, "value": value}

    # -- shared element handlers --

    def _title(self, el: Any, ctx: Dict, depth: int, attrs: Dict, keep_depth: bool = False) -> None:
        value, detail = self._content_text(el, attrs, "text/plain")
        if not -1 < self.title_depth <= depth:
            ctx["title"], ctx["title_detail"] = value, detail
        if value and not keep_depth:
            self.title_depth = depth

    def _link(self, el: Any, ctx: Dict, attrs: Dict, entry: bool) -> None:
        if len(el):
            raise Decline
        link = dict(attrs)
        link.setdefault("rel", "alternate")
        link.setdefault("type", "application/atom+xml" if link["rel"] == "self" else "text/html")
        move_href(link)
        if "href" in link:
            link["href"] = join_url(self.base, link["href"])
        links = ctx.setdefault("links", [])
        links.append(link)
        if "href" in link:
            if link.get("rel") == "alternate" and content_type(link["type"]) in _HTML_TYPES:
                ctx["link"] = link["href"]
            return
        out = link_text(self._pop("link", el.text or "")[0], entry)
        ctx["link"] = out
        if out or not entry:
            links[-1]["href"] = out

    def _guid(self, el: Any, ctx: Dict, attrs: Dict, entry: bool) -> None:
        is_link = attrs.get("ispermalink", "true") == "true"
        value = self._pop("id", self._leaf_text(el), guidislink=is_link)[0]
        ctx["id"] = value
        ctx.setdefault("guidislink", is_link and "link" not in ctx)
        if is_link:
            ctx.setdefault("link", value)

    def _save_author(self, ctx: Dict, key: str, value: str) -> None:
        ctx.setdefault("author_detail", {})[key] = value
        sync_author(ctx)
        ctx.setdefault("authors", [{}])[-1][key] = value

    def _author(self, el: Any, ctx: Dict, entry: bool) -> None:
        ctx.setdefault("authors", []).append({})
        text = el.text or ""
        for child in el:
            name = name_of(child)
            if name not in AUTHOR_PARTS or len(child):
                raise Decline
            saved = self.base
            self._enter(child)
            if name in ("name", "email"):
                self._save_author(ctx, name, (child.text or "").strip())
            else:
                self._save_author(ctx, "href", self._pop("href", child.text or "")[0])
            self.base = saved
            text += child.tail or ""
        ctx["author"] = self._pop("author", text)[0]
        sync_author(ctx)

    # -- entries --

    def _entry(self, el: Any, depth: int, attrs: Dict) -> None:
        if "lastmod" in attrs or "href" in attrs:
            raise Decline
        entry: Dict = {}
        self.entries.append(entry)
        self.title_depth = -1
        about = attrs.get("rdf:about")
        if about:
            entry["id"] = about
        saved = self.base
        names = NAMES
        handlers = _ENTRY_HANDLERS
        for child in el:
            name = names.get(child.tag) or name_of(child)
            if child.attrib:
                child_attrs = self._enter(child)
            else:
                child_attrs = {}
            handler = handlers.get(name)
            if handler is not None:
                handler(self, child, name, depth + 1, child_attrs, entry)
            else:
                self._entry_child(child, name, depth + 1, child_attrs, entry)
            self.base = saved
        self.has_content = False
        links = entry.get("links")
        if links:
            entry["enclosures"] = enclosures(links)
        if "updated" not in entry and "published" in entry:  # feedparser's own fallback
            entry["updated"] = entry["published"]

    def _entry_child(self, el: Any, name: str, depth: int, attrs: Dict, entry: Dict) -> None:
        handler = _ENTRY_HANDLERS.get(name)
        if handler is not None:
            handler(self, el, name, depth, attrs, entry)
        elif name in INERT_LEAVES or name in ENTRY_INERT:
            if len(el):
                raise Decline
        elif is_generic(name) and key_of(name) not in SENSITIVE:
            check_inert_generic(el)
        else:
            raise Decline

    def _e_title(self, el: Any, name: str, depth: int, attrs: Dict, entry: Dict) -> None:
        self._title(el, entry, depth, attrs, keep_depth=name == "media:title")

    def _e_link(self, el: Any, name: str, depth: int, attrs: Dict, entry: Dict) -> None:
        self._link(el, entry, attrs, entry=True)

    def _e_guid(self, el: Any, name: str, depth: int, attrs: Dict, entry: Dict) -> None:
        self._guid(el, entry, attrs, entry=True)

    def _e_author(self, el: Any, name: str, depth: int, attrs: Dict, entry: Dict) -> None:
        self._author(el, entry, entry=True)

    def _as_content(self, el: Any, attrs: Dict, default: str, entry: Dict) -> None:
        self.has_content = True
        value, detail = self._content_text(el, attrs, default)
        entry.setdefault("content", []).append(detail)
        entry.setdefault("summary", value)

    def _e_summary(self, el: Any, name: str, depth: int, attrs: Dict, entry: Dict) -> None:
        if "summary" in entry and not self.has_content:
            self._as_content(el, attrs, "text/plain", entry)
            return
        default = "text/plain" if name in ("summary", "itunes:summary") else "text/html"
        entry["summary"], entry["summary_detail"] = self._content_text(el, attrs, default)

    def _e_content(self, el: Any, name: str, depth: int, attrs: Dict, entry: Dict) -> None:
        self._as_content(el, attrs, "text/plain" if name == "content" else "text/html", entry)

    def _e_date(self, el: Any, name: str, depth: int, attrs: Dict, entry: Dict) -> None:
        key = "published" if name in DATE_PUBLISHED else "updated"
        entry[key] = self._pop(key, self._leaf_text(el))[0]  # read by parse.py with feeds.dates

    def _e_category(self, el: Any, name: str, depth: int, attrs: Dict, entry: Dict) -> None:
        add_tag(entry, attrs.get("term"), attrs.get("scheme", attrs.get("domain")), attrs.get("label"))
        value = self._pop("category", self._leaf_text(el))[0]
        if value:
            tags = entry["tags"]
            if tags and not tags[-1]["term"]:
                tags[-1]["term"] = value
            else:
                add_tag(entry, value, None, None)

    def _e_enclosure(self, el: Any, name: str, depth: int, attrs: Dict, entry: Dict) -> None:
        if len(el):
            raise Decline
        link = dict(attrs)
        move_href(link)
        link["rel"] = "enclosure"
        entry.setdefault("links", []).append(link)

    def _e_source(self, el: Any, name: str, depth: int, attrs: Dict, entry: Dict) -> None:
        if len(el):
            raise Decline
        self.title_depth = -1

    def _e_contributor(self, el: Any, name: str, depth: int, attrs: Dict, entry: Dict) -> None:
        for child in el:
            if name_of(child) not in AUTHOR_PARTS or len(child):
                raise Decline


_Handler = Callable[[_Reader, Any, str, int, Dict, Dict], None]
_ENTRY_HANDLERS: dict[str, _Handler] = {
    **dict.fromkeys(("title", "dc:title", "media:title"), _Reader._e_title),
    "link": _Reader._e_link,
    **dict.fromkeys(("guid", "id"), _Reader._e_guid),
    **dict.fromkeys(AUTHORS, _Reader._e_author),
    **dict.fromkeys(
        ("description", "dc:description", "media:description", "summary", "itunes:summary"), _Reader._e_summary
    ),
    **dict.fromkeys(("content:encoded", "fullitem", "content"), _Reader._e_content),
    **dict.fromkeys(DATE_PUBLISHED | DATE_UPDATED, _Reader._e_date),
    **dict.fromkeys(("category", "dc:subject", "keywords"), _Reader._e_category),
    "enclosure": _Reader._e_enclosure,
    "source": _Reader._e_source,
    "contributor": _Reader._e_contributor,
}
