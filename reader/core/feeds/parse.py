"""Feed bytes -> ParsedFeed: the dispatcher, and the adapter for feedparser's result.

Every format ends in the same shape: plain-text titles, absolute http(s) links,
UTC datetimes, a stable guid per entry and no duplicate guids. Anything that is
not a feed, or that breaks the parser, becomes a ``ParseError``.

feedparser is only ever given an in-memory stream (never a path or URL it could
open), with its own sanitizing and URL resolving turned off: the content
pipeline does both later, once, for the entries that are kept. Plain
RSS/RDF/Atom skips feedparser through the lxml fast path (``fastpath``, which
hands back the same dict shape); entries are settled in ``entries``, fields
cleaned in ``fields``, bytes prepared in ``prolog``, JSON Feed read in
``jsonfeed``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any, Literal

from reader.core.errors import NotAFeedError, ParseError
from reader.core.feeds.dates import read_date
from reader.core.feeds.entries import MAX_DESCRIPTION_CHARS, RawEntry, feed_title, finish_entries
from reader.core.feeds.fields import (
    MAX_TITLE_CHARS,
    absolute_url,
    author_name,
    clean_categories,
    first_absolute_url,
    join_authors,
    plain_text,
    to_count,
)
from reader.core.feeds.jsonfeed import parse_json
from reader.core.feeds.media import MediaCaption, captioned_figure, entry_media
from reader.core.feeds.prolog import prepare_document
from reader.core.models import FeedKind, ParsedFeed
from reader.i18n import _

__all__ = ["Engine", "FastPathDeclined", "parse_feed"]

_HTML_SNIFF = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.I)
_SY_PERIODS = {"hourly": 3600, "daily": 86400, "weekly": 7 * 86400, "monthly": 30 * 86400, "yearly": 365 * 86400}


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
        raise ParseError(_("empty document"))
    if _looks_like_json(body, content_type):
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


def _describe_bozo(exc: object) -> str | None:
    """One line about why feedparser found the document malformed."""
    if exc is None:
        return None
    name = type(exc).__name__
    if name in ("CharacterEncodingOverride", "NonXMLContentType"):
        return None  # the encoding was recovered; not worth a warning on the feed
    if hasattr(exc, "getLineNumber") and hasattr(exc, "getMessage"):
        return _("not well-formed XML (line %(line)s: %(problem)s)") % {"line": exc.getLineNumber(), "problem": exc.getMessage()}
    text = str(exc).strip().splitlines()
    return (f"{name}: {text[0]}" if text else name)[:300]


def _parse_xml(body: bytes, url: str | None, content_type: str | None, engine: Engine) -> ParsedFeed:
    import feedparser  # heavy; only the refresh path needs it

    data, charset, had_doctype = prepare_document(body, content_type)
    if engine != "feedparser":
        from reader.core.feeds.fastpath.walker import read_feed

        try:
            fast = read_feed(data, charset, had_doctype, url)
        except MemoryError as err:
            raise ParseError(_("the feed is too large to read")) from err
        except Exception:  # noqa: BLE001 - a fast-path bug must never cost a feed: feedparser decides
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
        raise ParseError(_("the feed is too large or too deeply nested to read")) from err
    except Exception as err:  # feedparser and sgmllib raise anything
        raise ParseError((_("the feed could not be read (%(problem)s)") % {"problem": f"{type(err).__name__}: {err}"})[:300]) from err


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
    ttl = to_count(feed.get("ttl"))
    if ttl:
        return ttl * 60
    period = _SY_PERIODS.get(str(feed.get("sy_updateperiod") or "").strip().lower())
    if period:
        frequency = to_count(feed.get("sy_updatefrequency")) or 1
        return max(60, period // frequency)
    return None


def _enclosure_type(link: Any) -> str | None:
    """The enclosure's media type; feedparser's "text/html" default means none."""
    mime = link.get("type")
    return mime if isinstance(mime, str) and mime and mime != "text/html" else None


def _entry_date(entry: Any, key: str) -> datetime | None:
    """An entry's date as the feed wrote it, read by ``feeds.dates``.

    feedparser's own ``*_parsed`` values are not used: its lenient ISO reader
    rolls impossible dates over into real-looking ones.
    """
    return read_date(entry.get(key))


def _from_feedparser(result: Any, body: bytes, url: str | None, content_type: str | None) -> ParsedFeed:
    feed = result.get("feed") or {}
    version = result.get("version") or ""
    problem = _describe_bozo(result.get("bozo_exception")) if result.get("bozo") else None
    if not version and not result.get("entries"):
        if _HTML_SNIFF.search(body[:4096]) or (content_type or "").lower().startswith("text/html"):
            raise NotAFeedError(_("this address is a web page, not a feed"))
        raise ParseError(
            _("not an RSS, Atom or JSON feed (%(problem)s)") % {"problem": problem} if problem else _("not an RSS, Atom or JSON feed")
        )

    feed_base = absolute_url((feed.get("title_detail") or {}).get("base"), url) or url
    site_url = first_absolute_url(feed.get("link"), feed_base, url)
    image = feed.get("image") or {}
    icon_url = None
    for candidate in (feed.get("icon"), image.get("href") if hasattr(image, "get") else None, feed.get("logo")):
        icon_url = first_absolute_url(candidate, feed_base, site_url)
        if icon_url:
            break
    feed_author = _feedparser_author(feed)
    title = _detail_text(feed.get("title_detail"), feed.get("title"))
    return ParsedFeed(
        kind=_feed_kind(version),
        title=feed_title(title, site_url, url),
        site_url=site_url,
        description=_detail_text(feed.get("subtitle_detail"), feed.get("subtitle"), MAX_DESCRIPTION_CHARS),
        icon_url=icon_url,
        entries=finish_entries(
            _feedparser_entries(
                result.get("entries") or (), url, site_url, feed_author, entry_media(body), version.startswith("rss")
            )
        ),
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
        return author_name(raw)
    return join_authors(a.get("name") for a in authors) or author_name(raw)


def _body_and_summary(entry: Any, captions: list[MediaCaption], rss: bool) -> tuple[Any, str, str]:
    """(the detail the body came from, body, summary): the story wins over media captions."""
    texts = {c.text for c in captions}
    contents = [c for c in entry.get("content") or [] if (c.get("value") or "").strip() not in texts]
    summary_detail = entry.get("summary_detail")
    summary = entry.get("summary") or ""
    if summary.strip() in texts:
        summary_detail, summary = None, ""
    chosen = next((c for c in contents if "html" in (c.get("type") or "")), None)  # html, xhtml
    chosen = chosen or (contents[0] if contents else None)
    if chosen is not None:
        detail = chosen
        content = chosen.get("value") or ""
        summary = summary if summary != content else ""
        if captions and rss and "plain" in (detail.get("type") or ""):
            # an RSS <description> read after a caption: feedparser typed it as text, it is HTML
            detail = {**detail, "type": "text/html"}
    elif summary_detail is not None or summary:
        detail = summary_detail
        content, summary = summary, ""
    else:  # nothing but captions (a video's description): the caption is the body, as read
        detail = next(iter(entry.get("content") or []), None) or entry.get("summary_detail")
        content = (detail or {}).get("value") or ""
        return detail, content, ""
    return detail, content, summary


def _with_pictures(content: str, captions: list[MediaCaption]) -> str:
    """The story with each captioned picture it does not already show put before it."""
    figures = [
        captioned_figure(c.image_url, c.text)
        for c in captions
        if c.image_url and c.image_url not in content
    ]
    return "".join(dict.fromkeys(figures)) + content


def _feedparser_entries(
    entries: Iterable[Any],
    url: str | None,
    site_url: str | None,
    feed_author: str | None,
    media: list[list[MediaCaption]] | None = None,
    rss: bool = False,
) -> Iterator[RawEntry]:
    entries = list(entries)
    per_entry = media is not None and len(media) == len(entries)
    loose = [c for group in media or () for c in group]
    for index, entry in enumerate(entries):
        captions = (media[index] if per_entry and media else [MediaCaption(c.text, None) for c in loose])
        detail, content, summary = _body_and_summary(entry, captions, rss)
        content_is_html = "plain" not in ((detail or {}).get("type") or "text/html")
        if content_is_html and captions and content.strip() not in {c.text for c in captions}:
            content = _with_pictures(content, captions)

        xml_base = absolute_url((detail or entry.get("title_detail") or {}).get("base"), url)
        if xml_base == url:
            xml_base = None  # only the document's own address, not an xml:base
        link = first_absolute_url(entry.get("link"), xml_base or url, site_url)
        author = _feedparser_author(entry) or feed_author
        enclosure_base = xml_base or url or site_url
        yield RawEntry(
            guid=entry.get("id") if isinstance(entry.get("id"), str) else None,
            title=_detail_text(entry.get("title_detail"), entry.get("title")),
            url=link,
            author=author,
            published=_entry_date(entry, "published"),
            updated=_entry_date(entry, "updated"),
            content=content,
            content_is_html=content_is_html,
            summary=summary,
            base_url=xml_base or link or site_url or url,
            categories=clean_categories(
                (t.get("label") or t.get("term")) for t in entry.get("tags") or () if hasattr(t, "get")
            ),
            enclosures=[
                (first_absolute_url(e.get("href"), enclosure_base), _enclosure_type(e), to_count(e.get("length")))
                for e in entry.get("enclosures") or ()
                if hasattr(e, "get")
            ],
        )
