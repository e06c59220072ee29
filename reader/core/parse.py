"""Feed bytes -> ParsedFeed: RSS and Atom through feedparser, JSON Feed by hand.

Every format ends in the same shape: plain-text titles, absolute http(s) links,
UTC datetimes, a stable guid per entry and no duplicate guids. Anything that is
not a feed, or that breaks the parser, becomes a ``ParseError``.

feedparser is only ever given an in-memory stream (never a path or URL it could
open), with its own sanitizing and URL resolving turned off: the content
pipeline does both later, once, for the entries that are kept.
"""

from __future__ import annotations

import codecs
import hashlib
import html
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

from reader.core.errors import NotAFeedError, ParseError
from reader.core.models import Enclosure, FeedKind, ParsedEntry, ParsedFeed

MAX_ENTRIES = 5000
MAX_TITLE_CHARS = 1000
MAX_CONTENT_CHARS = 2_000_000
MAX_DESCRIPTION_CHARS = 4000
MAX_GUID_CHARS = 1024
MAX_CATEGORIES = 100
DERIVED_TITLE_WORDS = 10
UNTITLED = "(untitled)"
FUTURE_SLACK = timedelta(days=2)
EPOCH_YEAR = 1970

_INLINE_TAGS = frozenset(
    "a abbr b bdi bdo cite code del dfn em font i ins kbd mark q s samp small span strike strong sub sup tt u var".split()
)
_TAG = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][A-Za-z0-9:-]*)[^<>]*>|<[!?][^<>]*>", re.S)
_XML_DECLARATION_ENCODING = re.compile(rb"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])([^"']*)(["'])""")
_DOCTYPE_TOKEN = re.compile(rb"\"[^\"]*\"|'[^']*'|<!--.*?-->|[\[\]>]", re.S)
_SPACE = re.compile(rb"\s*")
_HTML_SNIFF = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.I)
_EMAIL_THEN_NAME = re.compile(r"^\s*\S+@\S+\s*\((.+)\)\s*$")
_NAME_THEN_EMAIL = re.compile(r"^\s*(.+?)\s*[(<]\s*\S+@[^)>\s]+\s*[)>]\s*$")
# C0 and C1 control characters: never meaningful in a title, and ESC sequences
# would reach the terminal through the command line.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# An absolute http(s) URL that urljoin hands back unchanged, whatever the base:
# ASCII, no whitespace, no ";" params, no empty query or fragment.
_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[^\s?#;\[\]]*)?(?:\?[^\s#]+)?(?:#\S+)?")
_SY_PERIODS = {"hourly": 3600, "daily": 86400, "weekly": 7 * 86400, "monthly": 30 * 86400, "yearly": 365 * 86400}


# --- shared normalizing -------------------------------------------------------------


def _strip_tag(match: re.Match[str]) -> str:
    name = match.group(2)
    return "" if name is None or name.lower() in _INLINE_TAGS else " "


def plain_text(value: str, *, is_html: bool = True, limit: int = MAX_TITLE_CHARS) -> str:
    """Collapse ``value`` to one line of plain text, at most ``limit`` chars.

    HTML tags are dropped and entities decoded when ``is_html``; cheap enough to
    run on every title (regex, no parser tree).
    """
    if is_html:
        if "<" in value:
            value = _TAG.sub(_strip_tag, value)
        if "&" in value:
            value = html.unescape(value)
    return _one_line(value)[:limit].rstrip()


def _one_line(value: str) -> str:
    """Controls to spaces, whitespace runs to one space, ends trimmed."""
    if value.isprintable() and "  " not in value and value == value.strip():
        return value  # the common case: nothing to do (isprintable is False for every control and odd space)
    return " ".join(_CONTROL.sub(" ", value).split())


def _derive_title(content: str, is_html: bool) -> str:
    """A title from the first words of an entry's text, or ``UNTITLED``."""
    words = plain_text(content[:4000], is_html=is_html, limit=4000).split()
    if not words:
        return UNTITLED
    title = " ".join(words[:DERIVED_TITLE_WORDS])
    if len(words) > DERIVED_TITLE_WORDS:
        title += "…"
    return title[:MAX_TITLE_CHARS]


def is_plain_url(url: str) -> bool:
    """True for an absolute http(s) URL that ``urljoin`` returns as it is (skips the join)."""
    return url.isascii() and _PLAIN_URL.fullmatch(url) is not None


def _absolute(url: object, base: str | None = None) -> str | None:
    """``url`` made absolute against ``base``; None unless it ends up http(s)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not url:
        return None
    if is_plain_url(url):
        return url
    if base:
        try:
            url = urljoin(base, url)
        except ValueError:
            return None
    elif url.startswith("//"):
        url = "https:" + url
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def _first_absolute(url: object, *bases: str | None) -> str | None:
    """``url`` resolved against the first base that makes it absolute."""
    for base in bases:
        if base:
            found = _absolute(url, base)
            if found:
                return found
    return _absolute(url)


def _sane_date(value: datetime | None, now: datetime) -> datetime | None:
    """Drop dates before 1970 or more than two days ahead of ``now``."""
    if value is None or value.year < EPOCH_YEAR or value > now + FUTURE_SLACK:
        return None
    return value


def _author_name(value: object) -> str | None:
    """One display name from "Name", "Name (email)", "email (Name)" or "Name <email>"."""
    if not isinstance(value, str):
        return None
    match = _EMAIL_THEN_NAME.match(value) or _NAME_THEN_EMAIL.match(value)
    if match:
        value = match.group(1)
    name = plain_text(value, limit=300)
    return name or None


def _join_authors(names: Iterable[object]) -> str | None:
    seen: list[str] = []
    for raw in names:
        name = _author_name(raw)
        if name and name not in seen:
            seen.append(name)
    return ", ".join(seen)[:MAX_TITLE_CHARS] if seen else None


def _categories(terms: Iterable[object]) -> tuple[str, ...]:
    found: dict[str, str] = {}
    for term in terms:
        if isinstance(term, str):
            text = _one_line(term)[:200]
            if text and text.casefold() not in found:
                found[text.casefold()] = text
                if len(found) >= MAX_CATEGORIES:
                    break
    return tuple(found.values())


def _length(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value == value and value not in (float("inf"), float("-inf")):
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return value if isinstance(value, int) and value >= 0 else None


@dataclass
class _Raw:
    """One entry's fields as read, before guid, title and caps are settled."""

    guid: str | None
    title: str
    url: str | None
    author: str | None
    published: datetime | None
    updated: datetime | None
    content: str
    content_is_html: bool
    summary: str
    base_url: str | None
    categories: tuple[str, ...]
    enclosures: Iterable[tuple[str | None, str | None, int | None]]


def _derive_guid(raw: _Raw) -> str:
    """The feed's id, else the link, else a hash of title, date and content."""
    guid = raw.guid.strip() if raw.guid else ""
    if guid:
        if len(guid) > MAX_GUID_CHARS:
            return "sha1:" + hashlib.sha1(guid.encode("utf-8", "surrogatepass")).hexdigest()
        return guid
    if raw.url:
        return raw.url
    date = raw.published or raw.updated
    key = "\x1f".join((raw.title, date.isoformat() if date else "", raw.content[:MAX_CONTENT_CHARS]))
    return hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()


def _finish_entries(raws: Iterable[_Raw]) -> tuple[ParsedEntry, ...]:
    """Settle guids, titles, dates and caps; keep the first of each guid."""
    now = datetime.now(timezone.utc)
    entries: list[ParsedEntry] = []
    seen: set[str] = set()
    for raw in raws:
        if not (raw.guid or raw.url or raw.title or raw.content.strip()):
            continue  # an empty <item/>: nothing to show or to identify
        guid = _derive_guid(raw)
        if guid in seen:
            continue
        seen.add(guid)
        content = raw.content[:MAX_CONTENT_CHARS]
        enclosures: dict[str, Enclosure] = {}
        for href, mime, length in raw.enclosures:
            if href and href not in enclosures:
                enclosures[href] = Enclosure(url=href, type=mime or None, length=length)
        published = _sane_date(raw.published, now)
        updated = _sane_date(raw.updated, now)
        entries.append(
            ParsedEntry(
                guid=guid,
                title=raw.title or _derive_title(content, raw.content_is_html),
                url=raw.url,
                author=raw.author,
                published=published or updated,
                updated=updated,
                content=content,
                content_is_html=raw.content_is_html,
                summary=raw.summary[:MAX_CONTENT_CHARS],
                base_url=raw.base_url,
                categories=raw.categories,
                enclosures=tuple(enclosures.values()),
            )
        )
        if len(entries) >= MAX_ENTRIES:
            break
    return tuple(entries)


def _feed_title(title: str, site_url: str | None, url: str | None) -> str:
    if title:
        return title
    for candidate in (site_url, url):
        if candidate:
            host = urlsplit(candidate).hostname
            return host or candidate
    return "Untitled feed"


# --- entry point ---------------------------------------------------------------------


Engine = Literal["auto", "fast", "feedparser"]


def parse_feed(
    body: bytes, *, url: str | None = None, content_type: str | None = None, engine: Engine = "auto"
) -> ParsedFeed:
    """Read an RSS, Atom or JSON Feed document.

    Args:
        body: the document as fetched (any encoding).
        url: where it came from; relative links resolve against it.
        content_type: the HTTP Content-Type, if any (a hint for JSON and charset).
        engine: "auto" reads plain RSS/RDF/Atom with the lxml fast path
            (``fastparse``) and everything else with feedparser; "feedparser"
            always uses feedparser; "fast" raises ``FastPathDeclined`` when
            the fast path would hand the document to feedparser (for tests).

    Raises:
        NotAFeedError: the body is a web page (discovery may find its feed).
        ParseError: anything else that is not a readable feed.
    """
    if not body or not body.strip():
        raise ParseError("empty document")
    if _looks_like_json(body, content_type):
        from reader.core.jsonfeed import parse_json

        return parse_json(body, url)
    return _parse_xml(body, url, content_type, engine)


class FastPathDeclined(ParseError):
    """parse_feed(engine="fast"): the fast path would hand this document to feedparser."""


def _looks_like_json(body: bytes, content_type: str | None) -> bool:
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return True
    return bool(content_type and "json" in content_type.lower() and not head.startswith(b"<"))


# --- XML through feedparser ----------------------------------------------------------


def _wide_encoding(body: bytes) -> str | None:
    """The UTF-16/32 codec a body is in, from its BOM or its first '<'."""
    if body.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = body[:4]
    if head == b"\x00\x00\x00<":
        return "utf-32-be"
    if head == b"<\x00\x00\x00":
        return "utf-32-le"
    if head[:3] == b"\x00<\x00" or head[:2] == b"\x00<":
        return "utf-16-be"
    if head[:2] == b"<\x00":
        return "utf-16-le"
    return None


def _declare_utf8(data: bytes) -> bytes:
    return _XML_DECLARATION_ENCODING.sub(rb"\1utf-8\3", data, count=1)


def _charset_param(content_type: str | None) -> str | None:
    if not content_type:
        return None
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            name = value.strip().strip("\"'")
            try:
                return codecs.lookup(name).name if name else None
            except LookupError:
                return None
    return None


def prepare_xml(body: bytes, content_type: str | None = None) -> tuple[bytes, str | None]:
    """Bytes safe to hand feedparser, and the charset to force (or None).

    See ``_prepare_xml``, which also says whether a DOCTYPE was removed.
    """
    data, charset, _ = _prepare_xml(body, content_type)
    return data, charset


def _prepare_xml(body: bytes, content_type: str | None) -> tuple[bytes, str | None, bool]:
    """Bytes safe to hand feedparser, the charset to force (or None), and whether a DOCTYPE went.

    UTF-16/32 is transcoded to UTF-8; a body that is valid UTF-8 is read as
    UTF-8 whatever it declares (servers and templates mislabel; legacy text is
    almost never valid UTF-8 by accident); the DOCTYPE goes (see ``strip_doctype``).
    """
    charset: str | None = None
    wide = _wide_encoding(body)
    if wide:
        try:
            text = body.decode(wide)
        except UnicodeDecodeError as err:
            raise ParseError(f"the document is not valid {wide.upper()} text") from err
        data = _declare_utf8(text.lstrip("\ufeff").encode("utf-8"))
        charset = "utf-8"
    else:
        data = body
        if data.startswith(codecs.BOM_UTF8):
            data = data[3:]
            charset = "utf-8"
        elif not data.isascii():
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                if not _XML_DECLARATION_ENCODING.match(data):
                    charset = _charset_param(content_type)
            else:
                charset = "utf-8"
    # Blank lines before <?xml make expat give up on an otherwise fine feed.
    data = data.lstrip(b" \t\r\n")
    stripped = strip_doctype(data)
    return stripped, charset, len(stripped) != len(data)


def strip_doctype(data: bytes) -> bytes:
    """Remove the DOCTYPE (with its internal subset) from an XML prolog.

    feedparser expands entities declared there; a "billion laughs" subset
    would grow until memory runs out. Nothing after the prolog is touched.
    """
    pos = _SPACE.match(data, 3 if data.startswith(codecs.BOM_UTF8) else 0).end()  # type: ignore[union-attr]
    while pos < len(data):
        if data.startswith(b"<?", pos):
            end = data.find(b"?>", pos + 2)
            if end < 0:
                return data
            pos = end + 2
        elif data.startswith(b"<!--", pos):
            end = data.find(b"-->", pos + 4)
            if end < 0:
                return data
            pos = end + 3
        elif data[pos : pos + 9].upper() == b"<!DOCTYPE":
            return data[:pos] + data[_doctype_end(data, pos + 9) :]
        else:
            return data
        pos = _SPACE.match(data, pos).end()  # type: ignore[union-attr]
    return data


def _doctype_end(data: bytes, pos: int) -> int:
    """Index just past the DOCTYPE that starts before ``pos`` (len(data) if open)."""
    depth = 0
    for match in _DOCTYPE_TOKEN.finditer(data, pos):
        token = match.group()
        if token == b"[":
            depth += 1
        elif token == b"]":
            depth = max(0, depth - 1)
        elif token == b">" and depth == 0:
            return match.end()
    return len(data)


def _describe_bozo(exc: object) -> str | None:
    """One line about why feedparser found the document malformed."""
    if exc is None:
        return None
    name = type(exc).__name__
    if name in ("CharacterEncodingOverride", "NonXMLContentType"):
        return None  # the encoding was recovered; not worth a warning on the feed
    if hasattr(exc, "getLineNumber") and hasattr(exc, "getMessage"):
        return f"not well-formed XML (line {exc.getLineNumber()}: {exc.getMessage()})"
    text = str(exc).strip().splitlines()
    return (f"{name}: {text[0]}" if text else name)[:300]


def _parse_xml(body: bytes, url: str | None, content_type: str | None, engine: Engine) -> ParsedFeed:
    import feedparser  # heavy; only the refresh path needs it

    data, charset, had_doctype = _prepare_xml(body, content_type)
    if engine != "feedparser":
        from reader.core.fastparse import read_feed

        try:
            fast = read_feed(data, charset, had_doctype, url)
        except MemoryError as err:
            raise ParseError("the feed is too large to read") from err
        except Exception:  # a fast-path bug must never cost a feed: feedparser decides
            fast = None
        if fast is not None:
            return _from_feedparser(fast, body, url, content_type)
        if engine == "fast":
            raise FastPathDeclined("the fast path hands this document to feedparser")
    # An XML media type keeps feedparser's encoding rules to "declaration, else
    # UTF-8"; the location roots xml:base (and without it feedparser lets an
    # item's xml:base leak into the items after it).
    headers = {"content-type": f"application/xml; charset={charset}" if charset else "application/xml"}
    if url:
        headers["content-location"] = url
    try:
        result = feedparser.parse(
            io.BytesIO(data),
            response_headers=headers,
            sanitize_html=False,
            resolve_relative_uris=False,
        )
        return _from_feedparser(result, body, url, content_type)
    except (ParseError, NotAFeedError):
        raise
    except (MemoryError, RecursionError) as err:
        raise ParseError("the feed is too large or too deeply nested to read") from err
    except Exception as err:  # feedparser and sgmllib raise anything
        raise ParseError(f"the feed could not be read ({type(err).__name__}: {err})"[:300]) from err


def _feed_kind(version: str) -> FeedKind:
    if version.startswith("atom"):
        return FeedKind.ATOM
    if version in ("rss090", "rss10"):
        return FeedKind.RDF
    return FeedKind.RSS


def _detail_text(detail: Any, fallback: Any = "", limit: int = MAX_TITLE_CHARS) -> str:
    """Plain text from a feedparser *_detail dict (its type says if it is HTML)."""
    if detail:
        value = detail.get("value") or ""
        return plain_text(value, is_html="plain" not in (detail.get("type") or ""), limit=limit)
    return plain_text(fallback, limit=limit) if isinstance(fallback, str) else ""


def _ttl_seconds(feed: Any) -> int | None:
    ttl = _length(feed.get("ttl"))
    if ttl:
        return ttl * 60
    period = _SY_PERIODS.get(str(feed.get("sy_updateperiod") or "").strip().lower())
    if period:
        frequency = _length(feed.get("sy_updatefrequency")) or 1
        return max(60, period // frequency)
    return None


def _enclosure_type(link: Any) -> str | None:
    """The enclosure's media type; feedparser's "text/html" default means none."""
    mime = link.get("type")
    return mime if isinstance(mime, str) and mime and mime != "text/html" else None


def _struct_time(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        year, month, day, hour, minute, second = (int(v) for v in value[:6])
        return datetime(year, month, day, hour, minute, second, tzinfo=timezone.utc)
    except (TypeError, ValueError, OverflowError):
        return None


def _from_feedparser(result: Any, body: bytes, url: str | None, content_type: str | None) -> ParsedFeed:
    feed = result.get("feed") or {}
    version = result.get("version") or ""
    problem = _describe_bozo(result.get("bozo_exception")) if result.get("bozo") else None
    if not version and not result.get("entries"):
        if _HTML_SNIFF.search(body[:4096]) or (content_type or "").lower().startswith("text/html"):
            raise NotAFeedError("this address is a web page, not a feed")
        raise ParseError(f"not an RSS, Atom or JSON feed ({problem})" if problem else "not an RSS, Atom or JSON feed")

    feed_base = _absolute((feed.get("title_detail") or {}).get("base"), url) or url
    site_url = _first_absolute(feed.get("link"), feed_base, url)
    image = feed.get("image") or {}
    icon_url = None
    for candidate in (feed.get("icon"), image.get("href") if hasattr(image, "get") else None, feed.get("logo")):
        icon_url = _first_absolute(candidate, feed_base, site_url)
        if icon_url:
            break
    feed_author = _feedparser_author(feed)
    title = _detail_text(feed.get("title_detail"), feed.get("title"))
    return ParsedFeed(
        kind=_feed_kind(version),
        title=_feed_title(title, site_url, url),
        site_url=site_url,
        description=_detail_text(feed.get("subtitle_detail"), feed.get("subtitle"), MAX_DESCRIPTION_CHARS),
        icon_url=icon_url,
        entries=_finish_entries(_feedparser_entries(result.get("entries") or (), url, site_url, feed_author)),
        problem=problem,
        ttl_seconds=_ttl_seconds(feed),
    )


def _feedparser_author(obj: Any) -> str | None:
    """Author names of a feed or entry.

    A single author is read from feedparser's raw "author" string: its own split
    of "email (Name)" cuts addresses with long top-level domains.
    """
    authors = [a for a in obj.get("authors") or () if hasattr(a, "get")]
    raw = obj.get("author")
    if len(authors) <= 1 and isinstance(raw, str) and raw.strip():
        return _author_name(raw)
    return _join_authors(a.get("name") for a in authors) or _author_name(raw)


def _feedparser_entries(
    entries: Iterable[Any], url: str | None, site_url: str | None, feed_author: str | None
) -> Iterator[_Raw]:
    for entry in entries:
        contents = entry.get("content") or []
        chosen = next((c for c in contents if "html" in (c.get("type") or "")), None)  # html, xhtml
        chosen = chosen or (contents[0] if contents else None)
        summary_detail = entry.get("summary_detail")
        summary = entry.get("summary") or ""
        if chosen is not None:
            detail = chosen
            content = chosen.get("value") or ""
            summary = summary if summary != content else ""
        else:
            detail = summary_detail
            content, summary = summary, ""
        content_is_html = "plain" not in ((detail or {}).get("type") or "text/html")

        xml_base = _absolute((detail or entry.get("title_detail") or {}).get("base"), url)
        if xml_base == url:
            xml_base = None  # only the document's own address, not an xml:base
        link = _first_absolute(entry.get("link"), xml_base or url, site_url)
        author = _feedparser_author(entry) or feed_author
        enclosure_base = xml_base or url or site_url
        yield _Raw(
            guid=entry.get("id") if isinstance(entry.get("id"), str) else None,
            title=_detail_text(entry.get("title_detail"), entry.get("title")),
            url=link,
            author=author,
            published=_struct_time(entry.get("published_parsed")),
            updated=_struct_time(entry.get("updated_parsed")),
            content=content,
            content_is_html=content_is_html,
            summary=summary,
            base_url=xml_base or link or site_url or url,
            categories=_categories(
                (t.get("label") or t.get("term")) for t in entry.get("tags") or () if hasattr(t, "get")
            ),
            enclosures=[
                (_first_absolute(e.get("href"), enclosure_base), _enclosure_type(e), _length(e.get("length")))
                for e in entry.get("enclosures") or ()
                if hasattr(e, "get")
            ],
        )
