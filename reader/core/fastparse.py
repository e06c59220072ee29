"""A fast reader for plain, well-formed RSS, RDF and Atom documents (lxml).

It emulates what feedparser's strict (expat) parser stores under the keys
``parse.py`` reads, and hands back the same dict shape, so both paths share one
normalizer. It only does so for documents it fully understands: any element,
attribute or state it does not model makes ``read_feed`` return None, and the
caller asks feedparser instead. The rules mirror feedparser 6.0 (see its
``mixin.py`` and ``namespaces/_base.py``); ``tests/core/test_fastparse.py``
holds the two paths to the same output.

Parsing is safe by construction: no DTD, no entities, no network, no huge
trees, no recovery (a document lxml finds broken goes to feedparser).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urljoin, urlparse

from lxml import etree

from reader.core.parse import is_plain_url

try:  # feedparser is the reference; without these helpers the fast path stays off
    from feedparser.datetimes import _parse_date as _feedparser_date
    from feedparser.mixin import _FeedParserMixin
except ImportError:  # pragma: no cover - feedparser is a dependency
    _FeedParserMixin = None
    _feedparser_date = None

Dict = dict[str, Any]

_XML_NS = "http://www.w3.org/XML/1998/namespace"
_XML_BASE = "{%s}base" % _XML_NS
_ATOM10 = "http://www.w3.org/2005/Atom"
_RSS10 = "http://purl.org/rss/1.0/"
_RSS090 = "http://my.netscape.com/rdf/simple/0.9/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_KNOWN: dict[str, str] = (
    {k.lower(): v for k, v in _FeedParserMixin.namespaces.items()} if _FeedParserMixin is not None else {}
)
_STD_PREFIXES = frozenset(v.lower() for v in _KNOWN.values() if v)
_SAFE_SCHEMES = frozenset(
    "file ftp gopher h323 hdl http https imap magnet mailto mms news nntp prospero rsync rtsp rtspu sftp shttp "
    "sip sips snews svn svn+ssh telnet wais aim callto cvs facetime feed git gtalk irc ircs irc6 itms msnim "
    "skype ssh smb ymsg".split()
)
_URI_FIXER = re.compile(r"^([A-Za-z][A-Za-z0-9+-.]*://)(/*)(.*?)")
_AMP_REF = re.compile(r"&([A-Za-z0-9_]+);")
_EMAIL = re.compile(
    r"(([a-zA-Z0-9\_\-\.\+]+)@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.)|(([a-zA-Z0-9\-]+\.)+))"
    r"([a-zA-Z]{2,4}|[0-9]{1,3})(\]?))(\?subject=\S+)?"
)
_CP1252 = {c: bytes([c]).decode("cp1252") for c in range(128, 160) if c not in (129, 141, 143, 144, 157)}
_C1 = re.compile("[\x80-\x9f]")
_RELATIVE = frozenset("comments docs href icon id link logo url wfw_comment wfw_commentrss".split())
_HTML_TYPES = frozenset(("text/html", "application/xhtml+xml"))
_TYPE_NAMES = {"text": "text/plain", "plain": "text/plain", "html": "text/html", "xhtml": "application/xhtml+xml"}
# Generic (handler-less) element names whose value parse.py reads, or that would
# land on a key something else reads or tests.
_READ_GENERIC = frozenset(("icon", "logo", "ttl", "sy_updateperiod", "sy_updatefrequency"))
_SENSITIVE = frozenset(
    "title title_detail link links image subtitle subtitle_detail authors author author_detail summary "
    "summary_detail content id tags published_parsed updated_parsed guidislink href textinput source "
    "tagline tagline_detail description description_detail guid category enclosures".split()
)
# Elements with a feedparser handler that only touch keys parse.py never reads.
_INERT_LEAVES = frozenset(
    "language dc:language webmaster dc:publisher rights copyright dc:rights generator admin:generatoragent "
    "admin:errorreportsto published pubdate issued dcterms:issued updated modified lastbuilddate dc:date "
    "dcterms:modified created dcterms:created expirationdate cloud itunes:explicit itunes:block "
    "media:thumbnail media:content info feedburner:browserfriendly newlocation".split()
)
_FEED_ONLY_INERT = frozenset("category keywords dc:subject itunes:keywords media:category itunes:category".split())
_AUTHORS = frozenset(("author", "managingeditor", "dc:creator", "dc:author", "itunes:author"))
_AUTHOR_PARTS = frozenset(("name", "email", "uri", "url", "homepage"))
_DATE_PUBLISHED = frozenset(("published", "pubdate", "issued", "dcterms:issued"))
_DATE_UPDATED = frozenset(("updated", "modified", "lastbuilddate", "dc:date", "dcterms:modified"))
_ENCODINGS = frozenset(
    ("utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252")
    + tuple(f"iso-8859-{n}" for n in range(2, 16))
    + tuple(f"windows-125{n}" for n in range(0, 9))
)
_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")

_RFC822 = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"(\d{4}) (\d{2}):(\d{2}):(\d{2}) (GMT|UT|Z|[+-]\d{4})"
)
_W3DTF = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(Z|[+-]\d{2}:\d{2})")
_MONTHS = {m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}


class _Decline(Exception):
    """The document uses something the fast path does not model."""


def available() -> bool:
    """Whether the fast path can run (feedparser's helpers imported)."""
    return _FeedParserMixin is not None and _feedparser_date is not None


# --- feedparser's small rules, restated ---------------------------------------------


def _urljoin(base: str, uri: str) -> str:
    if is_plain_url(uri):
        return uri
    uri = _URI_FIXER.sub(r"\1\3", uri)
    try:
        return urljoin(base, uri)
    except ValueError:
        return ""


def _safe_absolute(base: str, rel: str | None) -> str:
    if not base:
        return rel or ""
    if not rel:
        try:
            scheme = urlparse(base)[0]
        except ValueError:
            return ""
        return base if not scheme or scheme in _SAFE_SCHEMES else ""
    uri = _urljoin(base, rel)
    return uri if uri.strip().split(":", 1)[0] in _SAFE_SCHEMES else ""


def _content_type(value: str) -> str:
    value = value.lower()
    return _TYPE_NAMES.get(value, value)


def parse_date(value: str) -> tuple[int, ...] | None:
    """A date string as a UTC (Y, M, D, h, m, s) tuple, the way feedparser reads it."""
    text = value.strip()
    match = _W3DTF.fullmatch(text)
    if match:
        y, mo, d, h, mi, s, zone = match.groups()
        offset = timedelta() if zone == "Z" else (1 if zone[0] == "+" else -1) * timedelta(hours=int(zone[1:3]), minutes=int(zone[4:]))
        numbers = (int(y), int(mo), int(d), int(h), int(mi), int(s))
    else:
        match = _RFC822.fullmatch(text)
        if not match:
            return _slow_date(value)
        d, mon, y, h, mi, s, zone = match.groups()
        if zone in ("GMT", "UT", "Z"):
            offset = timedelta()
        else:
            sign = 1 if zone[0] == "+" else -1
            offset = sign * timedelta(hours=int(zone[1:3]), minutes=int(zone[3:]))
        numbers = (int(y), _MONTHS[mon], int(d), int(h), int(mi), int(s))
    try:
        moment = datetime(*numbers) - offset
    except (ValueError, OverflowError):
        return _slow_date(value)
    if not 1 <= moment.year <= 9999:
        return _slow_date(value)
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def _slow_date(value: str) -> tuple[int, ...] | None:
    assert _feedparser_date is not None
    parsed = _feedparser_date(value)
    return tuple(parsed[:6]) if parsed else None


def _sync_author(context: Dict, key: str = "author") -> None:
    """feedparser's ``_sync_author_detail``: name/email between the string and the detail."""
    details = context.get(key + "s") or [{}]
    detail = details[-1]
    if detail:
        name, email = detail.get("name"), detail.get("email")
        if name and email:
            context[key] = f"{name} ({email})"
        elif name:
            context[key] = name
        elif email:
            context[key] = email
        return
    author, email = context.get(key), None
    if not author:
        return
    match = _EMAIL.search(author)
    if match:
        email = match.group(0)
        author = author.replace(email, "").replace("()", "").replace("<>", "").replace("&lt;&gt;", "").strip()
        if author and author[0] == "(":
            author = author[1:]
        if author and author[-1] == ")":
            author = author[:-1]
        author = author.strip()
    if author or email:
        context.setdefault(key + "_detail", detail)
    if author:
        detail["name"] = author
    if email:
        detail["email"] = email


def _add_tag(context: Dict, term: Any, scheme: Any, label: Any) -> None:
    tags = context.setdefault("tags", [])
    if not term and not scheme and not label:
        return
    value = {"term": term, "scheme": scheme, "label": label}
    if value not in tags:
        tags.append(value)


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

    ``data`` and ``charset`` are what ``parse.prepare_xml`` returns.
    """
    if not available() or had_doctype:
        return None
    if charset is None:
        if not data.isascii():
            return None
        declared = _DECLARED.match(data)
        if declared and declared.group(1).decode("ascii").strip().lower() not in _ENCODINGS:
            return None
    elif charset != "utf-8":
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
        _check_prefixes(declared_ns)
        return _Reader(url or "").read(root)
    except (_Decline, RecursionError):
        return None


def _check_prefixes(declared: list[tuple[str | None, str]]) -> None:
    """Decline documents whose prefixes feedparser would map differently from us.

    One URI per prefix in the whole document, one prefix per unknown URI, and a
    known namespace may not hide behind another namespace's standard prefix.
    """
    seen: dict[str | None, str] = {}
    for prefix, uri in declared:
        if seen.setdefault(prefix, uri) != uri:
            raise _Decline
    uris = list(seen.values())
    for prefix, uri in seen.items():
        std = _KNOWN.get(uri.lower())
        if "backend.userland.com/rss" in uri.lower():
            raise _Decline
        if prefix and std is not None and prefix.lower() != std.lower() and prefix.lower() in _STD_PREFIXES:
            raise _Decline
        if prefix and std is None and prefix.lower() in _STD_PREFIXES:
            raise _Decline
        if std is None and uris.count(uri) > 1:
            raise _Decline


_NAMES: dict[str, str] = {}  # tag -> name, for tags whose name does not depend on the prefix


def _name(el: Any) -> str:
    """The element name feedparser dispatches on ("dc:creator", "title", ...)."""
    tag = el.tag
    found = _NAMES.get(tag)
    if found is not None:
        return found
    if not isinstance(tag, str):
        raise _Decline
    if tag[0] != "{":
        name = tag.lower()
    else:
        ns, _, local = tag[1:].partition("}")
        std = _KNOWN.get(ns.lower())
        if std is None:
            prefix = el.prefix
            return f"{prefix}:{local.lower()}" if prefix else local.lower()
        name = f"{std.lower()}:{local.lower()}" if std else local.lower()
    if len(_NAMES) < 10_000:
        _NAMES[tag] = name
    return name


def _key(name: str) -> str:
    return name.replace(":", "_", 1)


def _generic(name: str) -> bool:
    """True when feedparser has no handler for ``name`` (it stores the text under it)."""
    key = _key(name)
    assert _FeedParserMixin is not None
    return not (hasattr(_FeedParserMixin, "_start_" + key) or hasattr(_FeedParserMixin, "_end_" + key))


_GENERIC_CACHE: dict[str, bool] = {}


def _is_generic(name: str) -> bool:
    found = _GENERIC_CACHE.get(name)
    if found is None:
        found = _GENERIC_CACHE[name] = _generic(name)
    return found


def _attrs(el: Any) -> Dict:
    """Attributes as feedparser's strict parser hands them over (lower-case keys)."""
    out: Dict = {}
    for key, value in el.attrib.items():
        if key[0] == "{":
            ns, _, local = key[1:].partition("}")
            std = _KNOWN.get(ns.lower(), "")
            key = f"{std}:{local}" if std else local
        key = key.lower()
        out[key] = value.lower() if key in ("rel", "type") else value
    return out


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
        name = _name(root)
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
            raise _Decline
        self.version = versions.pop() if versions else ""
        attrs = self._enter(root)
        if name == "rss":
            if not self.version.startswith("rss"):
                given = attrs.get("version", "")
                known = {"0.91": "rss091u", "0.92": "rss092", "0.93": "rss093", "0.94": "rss094"}
                self.version = known.get(given) or ("rss20" if given.startswith("2.") else "rss")
            for child in root:
                if _name(child) != "channel":
                    raise _Decline
                self._channel(child, 2)
        elif name == "rdf:rdf":
            if self.version not in ("rss10", "rss090"):
                raise _Decline
            for child in root:
                self._rdf_child(child)
        elif name == "feed" and root.tag == f"{{{_ATOM10}}}feed" and self.version == "atom10":
            self.atom = True
            self.infeed = True
            self._feed_children(root, 2)
        else:
            raise _Decline
        return {"version": self.version, "feed": self.feed, "entries": self.entries, "bozo": False}

    def _enter(self, el: Any) -> Dict:
        """feedparser's per-element xml:base step; returns the element's attributes."""
        if not len(el.attrib):
            return {}
        attrs = _attrs(el)
        given = attrs.get("xml:base", attrs.get("base"))
        if given:
            if not self.base:
                raise _Decline  # feedparser lets it leak into following elements
            self.base = _safe_absolute(self.base, given) or self.base
        return attrs

    def _rdf_child(self, el: Any) -> None:
        name = _name(el)
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
        elif not (_is_generic(name) and _key(name) not in _SENSITIVE and _key(name) not in _READ_GENERIC):
            raise _Decline
        else:
            self._inert_generic(el)
        self.base = saved

    def _channel(self, el: Any, depth: int, attrs: Dict | None = None) -> None:
        saved = self.base
        if attrs is None:
            attrs = self._enter(el)
        if "lastmod" in attrs or "href" in attrs:
            raise _Decline
        self.infeed = True
        self._feed_children(el, depth + 1)
        self.infeed = False
        self.base = saved

    def _feed_children(self, parent: Any, depth: int) -> None:
        for el in parent:
            saved = self.base
            self._feed_child(el, _name(el), depth, self._enter(el))
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
                raise _Decline
            value, detail = self._content_text(el, attrs, "text/html")
            feed["subtitle"], feed["subtitle_detail"] = value, detail
        elif name in ("subtitle", "tagline", "itunes:subtitle"):
            value, detail = self._content_text(el, attrs, "text/plain")
            feed["subtitle"], feed["subtitle_detail"] = value, detail
        elif name in ("summary", "itunes:summary"):
            if "summary" in feed and not self.has_content:
                raise _Decline
            value, detail = self._content_text(el, attrs, "text/plain")
            feed["summary"], feed["summary_detail"] = value, detail
        elif name in _AUTHORS:
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
                if _name(child) not in ("name", "email", "itunes:name", "itunes:email", "uri", "url") or len(child):
                    raise _Decline
        elif name in _INERT_LEAVES or name in _FEED_ONLY_INERT:
            self._inert_tree(el, name)
        elif _is_generic(name):
            key = _key(name)
            if key in _READ_GENERIC:
                feed[key] = attrs if attrs else self._pop(key, self._leaf_text(el))[0]
            elif key in _SENSITIVE:
                raise _Decline
            else:
                self._inert_generic(el)
        else:
            raise _Decline

    def _inert_tree(self, el: Any, name: str) -> None:
        if name in ("itunes:category",):
            for child in el:
                if _name(child) != "itunes:category":
                    raise _Decline
                self._inert_tree(child, "itunes:category")
        elif len(el):
            raise _Decline

    def _inert_generic(self, el: Any) -> None:
        """A handler-less element: fine if its whole subtree is handler-less too."""
        for child in el:
            name = _name(child)
            key = _key(name)
            if not _is_generic(name) or key in _SENSITIVE or key in _READ_GENERIC:
                raise _Decline
            if len(child.attrib):
                attrs = _attrs(child)
                if "xml:base" in attrs or "base" in attrs:
                    raise _Decline
            self._inert_generic(child)

    def _image(self, el: Any, depth: int) -> None:
        image = self.feed.setdefault("image", {})
        self.title_depth = -1
        for child in el:
            name = _name(child)
            if name not in ("url", "title", "link", "description", "width", "height") or len(child):
                raise _Decline
            saved = self.base
            attrs = self._enter(child)
            if name == "url" and self.infeed:
                image["href"] = self._pop("href", child.text or "")[0]
            elif name == "title":
                value = self._pop("title", child.text or "")[0]
                if value:
                    self.title_depth = depth + 1
            elif name == "link" and ("href" in attrs or "url" in attrs or "uri" in attrs):
                raise _Decline
            self.base = saved

    def _textinput(self, el: Any, depth: int) -> None:
        self.title_depth = -1
        for child in el:
            name = _name(child)
            if name not in ("title", "link", "description", "name") or len(child) or len(child.attrib):
                raise _Decline
            if name == "title" and self._pop("title", child.text or "")[0]:
                self.title_depth = depth + 1

    # -- text --

    def _leaf_text(self, el: Any) -> str:
        if len(el):
            raise _Decline
        return el.text or ""

    def _pop(self, key: str, text: str, ctype: str | None = None, guidislink: bool = True) -> tuple[str, str | None]:
        """feedparser's ``pop`` for a text element: strip, resolve, retype, repair."""
        out = text.strip()
        if key and out and key in _RELATIVE and (key != "id" or guidislink):
            out = _urljoin(self.base, out)
        if ctype == "text/plain" and not self.atom:
            assert _FeedParserMixin is not None
            if _FeedParserMixin.looks_like_html(out):
                ctype = "text/html"
        if not out.isascii():
            try:
                out = out.encode("iso-8859-1").decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                pass
            if _C1.search(out):
                out = out.translate(_CP1252)
        return out, ctype

    def _content_text(self, el: Any, attrs: Dict, default: str) -> tuple[str, Dict]:
        """A push_content element: its text and its detail dict."""
        ctype = _content_type(attrs.get("type", default))
        if attrs.get("mode") == "base64" or ctype not in ("text/plain", "text/html") or "src" in attrs:
            raise _Decline
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
            raise _Decline
        link = dict(attrs)
        link.setdefault("rel", "alternate")
        link.setdefault("type", "application/atom+xml" if link["rel"] == "self" else "text/html")
        href = link.get("url", link.get("uri", link.get("href")))
        if href:
            link.pop("url", None)
            link.pop("uri", None)
            link["href"] = href
        if "href" in link:
            link["href"] = _urljoin(self.base, link["href"])
        links = ctx.setdefault("links", [])
        links.append(link)
        if "href" in link:
            if link.get("rel") == "alternate" and _content_type(link["type"]) in _HTML_TYPES:
                ctx["link"] = link["href"]
            return
        out = self._pop("link", el.text or "")[0]
        if entry:
            out = _AMP_REF.sub(r"&\1", out.replace("&amp;", "&"))
            ctx["link"] = out
            if out:
                links[-1]["href"] = out
        else:
            out = _AMP_REF.sub(r"&\1", out)
            ctx["link"] = out
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
        _sync_author(ctx)
        ctx.setdefault("authors", [{}])[-1][key] = value

    def _author(self, el: Any, ctx: Dict, entry: bool) -> None:
        ctx.setdefault("authors", []).append({})
        text = el.text or ""
        for child in el:
            name = _name(child)
            if name not in _AUTHOR_PARTS or len(child):
                raise _Decline
            saved = self.base
            self._enter(child)
            if name in ("name", "email"):
                self._save_author(ctx, name, (child.text or "").strip())
            else:
                self._save_author(ctx, "href", self._pop("href", child.text or "")[0])
            self.base = saved
            text += child.tail or ""
        ctx["author"] = self._pop("author", text)[0]
        _sync_author(ctx)

    # -- entries --

    def _entry(self, el: Any, depth: int, attrs: Dict) -> None:
        if "lastmod" in attrs or "href" in attrs:
            raise _Decline
        entry: Dict = {}
        self.entries.append(entry)
        self.title_depth = -1
        about = attrs.get("rdf:about")
        if about:
            entry["id"] = about
        saved = self.base
        names = _NAMES
        handlers = _ENTRY_HANDLERS
        for child in el:
            name = names.get(child.tag) or _name(child)
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
            entry["enclosures"] = [{k: v for k, v in link.items() if k != "rel"} for link in links if link["rel"] == "enclosure"]
        if "updated_parsed" not in entry and "published_parsed" in entry:
            entry["updated_parsed"] = entry["published_parsed"]

    def _entry_child(self, el: Any, name: str, depth: int, attrs: Dict, entry: Dict) -> None:
        handler = _ENTRY_HANDLERS.get(name)
        if handler is not None:
            handler(self, el, name, depth, attrs, entry)
        elif name in _INERT_LEAVES or name in _ENTRY_INERT:
            if len(el):
                raise _Decline
        elif _is_generic(name) and _key(name) not in _SENSITIVE:
            self._inert_generic(el)
        else:
            raise _Decline

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
        key = "published" if name in _DATE_PUBLISHED else "updated"
        value = self._pop(key, self._leaf_text(el))[0]
        entry[key] = value
        entry[key + "_parsed"] = parse_date(value) if value else None

    def _e_category(self, el: Any, name: str, depth: int, attrs: Dict, entry: Dict) -> None:
        _add_tag(entry, attrs.get("term"), attrs.get("scheme", attrs.get("domain")), attrs.get("label"))
        value = self._pop("category", self._leaf_text(el))[0]
        if value:
            tags = entry["tags"]
            if tags and not tags[-1]["term"]:
                tags[-1]["term"] = value
            else:
                _add_tag(entry, value, None, None)

    def _e_enclosure(self, el: Any, name: str, depth: int, attrs: Dict, entry: Dict) -> None:
        if len(el):
            raise _Decline
        link = dict(attrs)
        href = link.get("url", link.get("uri", link.get("href")))
        if href:
            link.pop("url", None)
            link.pop("uri", None)
            link["href"] = href
        link["rel"] = "enclosure"
        entry.setdefault("links", []).append(link)

    def _e_source(self, el: Any, name: str, depth: int, attrs: Dict, entry: Dict) -> None:
        if len(el):
            raise _Decline
        self.title_depth = -1

    def _e_contributor(self, el: Any, name: str, depth: int, attrs: Dict, entry: Dict) -> None:
        for child in el:
            if _name(child) not in _AUTHOR_PARTS or len(child):
                raise _Decline


_Handler = Callable[[_Reader, Any, str, int, Dict, Dict], None]
_ENTRY_HANDLERS: dict[str, _Handler] = {
    **dict.fromkeys(("title", "dc:title", "media:title"), _Reader._e_title),
    "link": _Reader._e_link,
    **dict.fromkeys(("guid", "id"), _Reader._e_guid),
    **dict.fromkeys(_AUTHORS, _Reader._e_author),
    **dict.fromkeys(
        ("description", "dc:description", "media:description", "summary", "itunes:summary"), _Reader._e_summary
    ),
    **dict.fromkeys(("content:encoded", "fullitem", "content"), _Reader._e_content),
    **dict.fromkeys(_DATE_PUBLISHED | _DATE_UPDATED, _Reader._e_date),
    **dict.fromkeys(("category", "dc:subject", "keywords"), _Reader._e_category),
    "enclosure": _Reader._e_enclosure,
    "source": _Reader._e_source,
    "contributor": _Reader._e_contributor,
}
_ENTRY_INERT = frozenset(("itunes:image", "itunes:subtitle", "subtitle", "tagline", "itunes:link"))
