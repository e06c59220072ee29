"""OPML subscription lists in and out.

``parse_opml`` turns the bytes of an OPML 1.0, 1.1 or 2.0 file (or one with an
unknown version) into an :class:`OPMLDocument`; ``write_opml`` writes OPML 2.0.
Both are pure: bytes in, objects out; objects in, text out.

Reading rules, in the order they are applied to each ``<outline>``:

- Attribute names are matched in any case (``xmlUrl``, ``xmlurl``, ``XMLURL``...);
  namespaced attributes (RSS Guard's ``rssguard:*``) are ignored.
- ``type="include"`` (a link to another OPML file) is skipped, and never fetched.
  Liferea search folders (``type="vfolder"``) and their ``type="rule"`` children
  are skipped: they are queries, not subscriptions.
- An outline with a non-empty ``xmlUrl`` (trimmed) is a feed. Only http and https
  URLs are kept (``check_feed_url``), and Byline's own sample feeds
  (``byline:sample/NAME``, read from the installed resources, never a path); the rest (``exec:``, ``|cmd``, ``file:``...)
  land in ``skipped`` with the reason. A URL seen before is skipped as
  "duplicate": the first place in the document wins. Outlines nested inside a
  feed outline are read as if they sat beside it.
- Any other outline with children is a folder named by its text, else its title,
  else "Untitled folder" (``text`` is what OPML readers display for a folder;
  newsboat agrees). Folders of the same name and parent merge.
- A childless outline without a URL is not a folder: it is skipped with "no
  URL", unless it says it is one (``type="folder"`` or ``"category"``, as Byline
  writes empty folders). Tiny Tiny RSS's settings blocks (``tt-rss-prefs``...) are skipped.
- A feed's title is its ``title``, else its ``text``, else the URL's host.
- ``category="/Tech/Linux,/News"`` (newsboat, listparser) places a feed in the
  folder path of its *first* category, but only for a feed at the top level:
  a real folder always wins over a category. Other categories are ignored.

A bad outline never stops the rest: it is listed in ``skipped``. HTML named
entities (``&nbsp;``, ``&eacute;``) that some exporters write as if XML knew
them are read as the characters they name. Other malformed XML (a stray or
missing closing tag, an undefined entity, a second document) is read again
with lxml's recovering parser: the outlines it can read are kept, and
``damage`` (also the first entry of ``skipped``) says where the file broke.
When recovery finds no feed and no folder, :class:`OPMLError` is raised and
nothing is read. The parser never loads DTDs, never
expands external entities and never touches the network; documents that
declare entities are refused outright.
"""

from __future__ import annotations

import html.entities
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from reader.core.errors import InputError, OPMLError, UnsafeURLError
from reader.core.net.agent import check_user_agent
from reader.core.net.urls import check_feed_url, sample_name, without_credentials

MAX_OUTLINES = 100_000
MAX_BYTES = 128 * 1024 * 1024
UNTITLED_FOLDER = "Untitled folder"
#: Byline's own outline attributes (prefix ``byline:``): a feed's options, so that an
#: export or a backup of Byline brings them back. Other readers ignore them.
BYLINE_NS = "https://byline.invalid/ns/opml/1"
MAX_INTERVAL_MINUTES = 366 * 24 * 60
_OWN = f"{{{BYLINE_NS}}}"

_FEED_TYPES = frozenset({"rss", "atom", "rdf", "feed", "podcast", "json"})
_LIFEREA_TYPES = frozenset({"vfolder", "rule"})
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
_ENTITY_REF = re.compile(rb"&([A-Za-z][A-Za-z0-9]{1,31});")
_UNDEFINED_ENTITY = re.compile(r"Entity '[^']*' not defined")
_LIBXML_POSITION = re.compile(r",? line \d+, column \d+$")
# Characters XML 1.0 cannot carry, even escaped.
_NOT_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class OutlineFeed:
    """One subscription of an OPML list.

    Attributes:
        url: the feed URL (http or https, trimmed).
        title: the outline's title, else its text, else the URL's host.
        folder: the folder path, ``()`` at the top level.
        site_url: the ``htmlUrl``, when it is an http(s) URL.
        images: the feed's remote-image choice (None: the global setting).
        interval_minutes: its own refresh interval (None: the global one).
        full_stories: whether each new article's page is fetched for its story.
        user_agent: its own User-Agent (None: Byline's).
    """

    url: str
    title: str
    folder: tuple[str, ...]
    site_url: str | None = None
    images: bool | None = None
    interval_minutes: int | None = None
    full_stories: bool = False
    user_agent: str | None = None


@dataclass(frozen=True)
class OPMLDocument:
    """A parsed OPML list.

    Attributes:
        title: the ``<head><title>``, or "" when absent.
        feeds: subscriptions in document order, each URL once.
        folders: every folder path, parents before children, empty ones included.
        skipped: ``(what, reason)`` for each outline that was not imported.
        damage: where and how the XML was broken when it had to be recovered, else None.
    """

    title: str
    feeds: tuple[OutlineFeed, ...]
    folders: tuple[tuple[str, ...], ...]
    skipped: tuple[tuple[str, str], ...]
    damage: str | None = None


# --- reading -------------------------------------------------------------------


def parse_opml(data: bytes) -> OPMLDocument:
    """Read an OPML subscription list.

    Raises:
        OPMLError: the bytes are not well-formed XML, not OPML, or too large.
    """
    root, broken = _parse_xml(data)
    if _local_name(root) != "opml":
        raise OPMLError(f"not an OPML file: the document is a <{_local_name(root) or '?'}>, not an <opml>")
    head = _child(root, "head")
    body = _child(root, "body")
    if body is None:
        raise OPMLError("not a usable OPML file: it has no <body>, so no subscriptions")
    count = sum(1 for element in body.iter() if _local_name(element) == "outline")
    if count > MAX_OUTLINES:
        raise OPMLError(f"OPML file too large: {count:,} outlines (at most {MAX_OUTLINES:,} are read)")
    walker = _Walker()
    walker.walk(body)
    if broken is not None:
        # recovery may close <body> at a stray closing tag: outlines after it land beside it
        for stray in (el for el in root if el is not body and _local_name(el) in ("outline", "body")):
            walker.walk(stray if _local_name(stray) == "body" else _Holder(stray))
    damage = None
    skipped = tuple(walker.skipped)
    if broken is not None:
        if not walker.feeds and not walker.folders:
            raise broken  # nothing worth keeping: the plain syntax error
        where, _, what = str(broken).removeprefix("not well-formed XML ").partition(": ")
        damage = f"damaged {where}: {what}" if where.startswith("at line") else f"damaged: {str(broken)}"
        part = where.removeprefix("at ") if where.startswith("at line") else "the file"
        skipped = ((f"{part} of the file", f"not well-formed XML ({what or broken}); the outlines around it that "
                    "could be read were imported"), *skipped)
    return OPMLDocument(
        title=_head_title(head),
        feeds=tuple(walker.feeds),
        folders=tuple(walker.folders),
        skipped=skipped,
        damage=damage,
    )


def _parse_xml(data: bytes) -> tuple[etree._Element, OPMLError | None]:
    """Parse bytes safely into an element tree, or raise OPMLError.

    Returns the root and, when the XML was malformed and had to be recovered,
    the error a strict reading gave.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError("parse_opml expects bytes")
    data = bytes(data)
    if len(data) > MAX_BYTES:
        raise OPMLError(f"OPML file too large: {len(data):,} bytes (at most {MAX_BYTES:,} are read)")
    data, skipped_lines = _trim_prologue(data)
    if not data:
        raise OPMLError("not an OPML file: it is empty")
    broken: OPMLError | None = None
    try:
        root = _strict_parse(data)
    except etree.XMLSyntaxError as err:
        repaired = _replace_html_entities(data) if _UNDEFINED_ENTITY.search(str(err.msg)) else None
        try:
            if repaired is None:
                raise
            root = _strict_parse(repaired)
        except etree.XMLSyntaxError as err2:
            broken = _syntax_error(err2, skipped_lines)
            if str(broken).startswith("OPML file refused"):
                raise broken from err2
            root = _recovering_parse(repaired or data)
            if root is None:
                raise broken from err2
    if root is None:
        raise OPMLError("not an OPML file: no root element")
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise OPMLError("OPML file refused: it declares XML entities, which Byline does not expand")
    return root, broken


def _parser(*, recover: bool) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        recover=recover,
    )


def _strict_parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, _parser(recover=False))


def _recovering_parse(data: bytes) -> etree._Element | None:
    """What libxml2's recovering parser makes of a malformed document (None: nothing)."""
    try:
        return etree.fromstring(data, _parser(recover=True))
    except etree.XMLSyntaxError:
        return None


def _trim_prologue(data: bytes) -> tuple[bytes, int]:
    """Drop a UTF-8 BOM and blank lines before the XML declaration.

    Returns the bytes and how many lines were removed (for error messages).
    """
    if data.startswith(_UTF16_BOMS):
        return data, 0  # the parser reads UTF-16 BOMs itself
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM):]
    trimmed = data.lstrip(b" \t\r\n")
    return trimmed, data[: len(data) - len(trimmed)].count(b"\n")


def _replace_html_entities(data: bytes) -> bytes | None:
    """Rewrite HTML named entities as character references, or None if not possible.

    Only for ASCII-compatible encodings and documents without a DOCTYPE (a DTD
    may define the names itself).
    """
    if data.startswith(_UTF16_BOMS) or b"\x00" in data[:4] or b"<!DOCTYPE" in data[:4096]:
        return None
    changed = False

    def numeric(match: re.Match[bytes]) -> bytes:
        nonlocal changed
        name = match.group(1).decode("ascii")
        if name in _XML_ENTITIES:
            return match.group(0)
        text = html.entities.html5.get(name + ";")
        if text is None:
            return match.group(0)
        changed = True
        return "".join(f"&#{ord(ch)};" for ch in text).encode("ascii")

    repaired = _ENTITY_REF.sub(numeric, data)
    return repaired if changed else None


def _syntax_error(err: etree.XMLSyntaxError, skipped_lines: int) -> OPMLError:
    """A one-line message for a parser error, with the line in the original file."""
    lines = str(err.msg or err).strip().splitlines()
    message = _LIBXML_POSITION.sub("", lines[0]).rstrip(". ") if lines else ""
    message = message or "unreadable"
    if message.startswith("Excessive depth"):
        return OPMLError("OPML file refused: outlines are nested more than 250 levels deep")
    line = err.lineno + skipped_lines if err.lineno else None
    where = f" at line {line}" if line else ""
    return OPMLError(f"not well-formed XML{where}: {message}")


def _local_name(element: etree._Element) -> str:
    """The lower-case tag name without its namespace ("" for comments)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _child(element: etree._Element, name: str) -> etree._Element | None:
    for child in element:
        if _local_name(child) == name:
            return child
    return None


def _head_title(head: etree._Element | None) -> str:
    if head is None:
        return ""
    title = _child(head, "title")
    if title is None:
        return ""
    return _clean("".join(title.itertext()))


def _clean(text: str | None) -> str:
    """Collapse runs of whitespace (titles often carry newlines and indents)."""
    return " ".join(text.split()) if text else ""


def _attributes(element: etree._Element) -> dict[str, str]:
    """Un-namespaced attributes keyed by lower-case name; the first non-empty wins."""
    found: dict[str, str] = {}
    for key, value in element.attrib.items():
        if key.startswith("{"):
            continue
        name = key.lower()
        if name not in found or (not found[name].strip() and value.strip()):
            found[name] = value
    return found


def _options(outline: etree._Element) -> dict[str, Any]:
    """A feed's options from Byline's own attributes; one that does not read right is left out."""
    if not any(key.startswith(_OWN) for key in outline.attrib):  # most outlines: another reader's
        return {}

    def get(name: str) -> str:
        return str(outline.get(f"{{{BYLINE_NS}}}{name}") or "").strip()

    found: dict[str, Any] = {}
    if get("fullStories").lower() == "true":
        found["full_stories"] = True
    images = get("images").lower()
    if images in ("on", "off"):
        found["images"] = images == "on"
    minutes = get("refreshMinutes")
    if minutes.isascii() and minutes.isdigit() and 0 < int(minutes) <= MAX_INTERVAL_MINUTES:
        found["interval_minutes"] = int(minutes)
    try:
        agent = check_user_agent(get("userAgent"))
    except InputError:
        agent = None
    if agent is not None:
        found["user_agent"] = agent
    return found


def _option_attributes(feed: OutlineFeed) -> dict[str, str]:
    attrs = {}
    if feed.full_stories:
        attrs["fullStories"] = "true"
    if feed.images is not None:
        attrs["images"] = "on" if feed.images else "off"
    if feed.interval_minutes is not None:
        attrs["refreshMinutes"] = str(feed.interval_minutes)
    if feed.user_agent:
        attrs["userAgent"] = _xml_text(feed.user_agent)
    return {f"{{{BYLINE_NS}}}{key}": value for key, value in attrs.items()}


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or url
    except ValueError:
        return url


def _category_folder(category: str) -> tuple[str, ...]:
    """The folder path of the first category ("/Tech/Linux,/News" -> ("Tech", "Linux"))."""
    for item in category.split(","):
        path = tuple(part for part in (_clean(p) for p in item.split("/")) if part)
        if path:
            return path
    return ()


def _dedupe_key(url: str) -> str:
    """Scheme and host compare without case; the rest as written."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    return parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower()).geturl()


def _site_url(value: str | None) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        scheme = urlsplit(value).scheme.lower()
    except ValueError:
        return None
    return value if scheme in ("http", "https") else None


class _Holder:
    """Stands in for a parent holding one outline (an outline recovery left outside <body>)."""

    def __init__(self, outline: etree._Element) -> None:
        self._outline = outline

    def __iter__(self) -> Iterator[etree._Element]:
        return iter((self._outline,))


class _Walker:
    """Walks the outline tree iteratively (depth never costs Python stack)."""

    def __init__(self) -> None:
        self.feeds: list[OutlineFeed] = []
        self.folders: list[tuple[str, ...]] = []
        self.skipped: list[tuple[str, str]] = []
        self._folder_set: set[tuple[str, ...]] = set()
        self._seen_urls: set[str] = set()

    def walk(self, body: etree._Element | _Holder) -> None:
        stack: list[tuple[etree._Element, tuple[str, ...]]] = [(o, ()) for o in reversed(_outlines(body))]
        while stack:
            outline, folder = stack.pop()
            children = _outlines(outline)
            inner = self._visit(outline, folder, bool(children))
            if inner is not None:
                stack.extend((child, inner) for child in reversed(children))

    def _visit(self, outline: etree._Element, folder: tuple[str, ...], has_children: bool) -> tuple[str, ...] | None:
        """Record one outline; return the folder its children belong to, or None to skip them."""
        attrs = _attributes(outline)
        kind = attrs.get("type", "").strip().lower()
        name = _clean(attrs.get("title")) or _clean(attrs.get("text"))
        if kind == "include":
            self.skipped.append((without_credentials(attrs.get("url", "")) or name or "(include)", "OPML include not followed"))
            return None
        if kind in _LIFEREA_TYPES:
            reason = "search folder, not a subscription" if kind == "vfolder" else "search rule, not a subscription"
            self.skipped.append((name or f"({kind})", reason))
            return None
        if name.startswith("tt-rss-") and "schema-version" in attrs:
            self.skipped.append((name, "Tiny Tiny RSS settings, not subscriptions"))
            return None
        url = attrs.get("xmlurl", "").strip()
        if not url and kind in _FEED_TYPES:
            url = attrs.get("url", "").strip()
        if url:
            self._add_feed(url, name, folder, attrs, outline)
            return folder
        if has_children:
            # Folders go by text first (the name OPML readers show); feeds by title.
            path = folder + (_clean(attrs.get("text")) or name or UNTITLED_FOLDER,)
            self._add_folder(path)
            return path
        if name and "xmlurl" not in attrs and kind in ("folder", "category"):
            self._add_folder(folder + (_clean(attrs.get("text")) or name,))
        else:
            self.skipped.append((name or "(untitled outline)", "no URL"))
        return None

    def _add_feed(
        self, raw_url: str, name: str, folder: tuple[str, ...], attrs: dict[str, str], outline: etree._Element
    ) -> None:
        try:
            url = raw_url if sample_name(raw_url) else check_feed_url(raw_url)
        except UnsafeURLError as err:
            self.skipped.append((without_credentials(raw_url), _reason(raw_url, err)))
            return
        except ValueError:  # urlsplit on e.g. "http://[::1"
            self.skipped.append((without_credentials(raw_url), "not a valid URL"))
            return
        key = _dedupe_key(url)
        if key in self._seen_urls:
            self.skipped.append((without_credentials(url), "duplicate"))
            return
        self._seen_urls.add(key)
        if not folder and attrs.get("category"):
            folder = _category_folder(attrs["category"])
            if folder:
                self._add_folder(folder)
        self.feeds.append(OutlineFeed(
            url=url, title=name or _host(url), folder=folder, site_url=_site_url(attrs.get("htmlurl")), **_options(outline)
        ))

    def _add_folder(self, path: tuple[str, ...]) -> None:
        for depth in range(1, len(path) + 1):
            prefix = path[:depth]
            if prefix not in self._folder_set:
                self._folder_set.add(prefix)
                self.folders.append(prefix)


def _reason(url: str, err: UnsafeURLError) -> str:
    """The refusal reason without the URL it repeats ("exec: runs a command")."""
    message = str(err)
    prefix = f"refused {without_credentials(url)[:80]!r}: "
    return message[len(prefix):] if message.startswith(prefix) else message


def _outlines(element: etree._Element | _Holder) -> list[etree._Element]:
    return [child for child in element if _local_name(child) == "outline"]


# --- writing -------------------------------------------------------------------


def write_opml(
    feeds: Iterable[OutlineFeed],
    folders: Iterable[tuple[str, ...]] = (),
    *,
    title: str = "Byline subscriptions",
) -> str:
    """Write an OPML 2.0 document of ``feeds``, nested in ``folders``.

    Folders come out in the order given (parents are created as needed), each
    folder's subfolders before its feeds when ``folders`` lists them first;
    folders without feeds are kept. Returns the text, UTF-8 declared.
    """
    feeds = list(feeds)
    options = [_option_attributes(feed) for feed in feeds]
    root = etree.Element("opml", version="2.0", nsmap={"byline": BYLINE_NS} if any(options) else None)
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = _xml_text(title)
    from email.utils import format_datetime  # ~7 ms of imports (socket, calendar...) an import never needs

    etree.SubElement(head, "dateCreated").text = format_datetime(datetime.now(UTC), usegmt=True)
    body = etree.SubElement(root, "body")
    parents: dict[tuple[str, ...], etree._Element] = {(): body}

    def folder_element(path: tuple[str, ...]) -> etree._Element:
        missing = []
        while path not in parents:
            missing.append(path)
            path = path[:-1]
        for each in reversed(missing):
            name = _xml_text(each[-1])
            parents[each] = etree.SubElement(parents[each[:-1]], "outline", text=name, title=name, type="folder")
        return parents[missing[0]] if missing else parents[path]

    for path in folders:
        folder_element(tuple(path))
    for feed, extra in zip(feeds, options, strict=True):
        attrs = {"type": "rss", "text": _xml_text(feed.title), "title": _xml_text(feed.title), "xmlUrl": _xml_text(feed.url)}
        if feed.site_url:
            attrs["htmlUrl"] = _xml_text(feed.site_url)
        attrs.update(extra)
        etree.SubElement(folder_element(tuple(feed.folder)), "outline", attrs)
    text = str(etree.tostring(root, encoding="unicode", pretty_print=True))
    return '<?xml version="1.0" encoding="utf-8"?>\n' + text


def _xml_text(value: str | None) -> str:
    """Text XML 1.0 can hold: control characters and lone surrogates dropped."""
    return _NOT_XML_CHARS.sub("", value or "")
