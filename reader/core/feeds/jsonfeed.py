"""JSON Feed 1.0/1.1 -> ParsedFeed, read by hand (``parse.parse_feed`` calls it)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from reader.core.errors import ParseError
from reader.core.feeds.dates import read_date
from reader.core.feeds.entries import MAX_DESCRIPTION_CHARS, RawEntry, feed_title, finish_entries
from reader.core.feeds.fields import absolute_url, clean_categories, join_authors, plain_text, to_count
from reader.core.models import FeedKind, ParsedFeed
from reader.i18n import _


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _iso_date(value: object) -> datetime | None:
    """A JSON Feed date (RFC 3339, or another form ``feeds.dates`` reads) as UTC; None when absent or impossible."""
    return read_date(value)


def _json_authors(obj: dict[str, Any]) -> str | None:
    """Names from JSON Feed 1.1 ``authors`` or 1.0 ``author``."""
    authors = obj.get("authors")
    candidates = authors if isinstance(authors, list) else []
    author = obj.get("author")
    if isinstance(author, dict):
        candidates = [*candidates, author]
    return join_authors(a.get("name") for a in candidates if isinstance(a, dict))


def parse_json(body: bytes, url: str | None) -> ParsedFeed:
    try:
        doc = json.loads(body)
    except RecursionError as err:
        raise ParseError(_("the JSON document is nested too deeply to read")) from err
    except (ValueError, UnicodeDecodeError) as err:
        raise ParseError((_("invalid or incomplete JSON (%(err)s)") % {"err": err})[:300]) from err
    if not isinstance(doc, dict):
        raise ParseError(_("the JSON document is not a JSON Feed"))
    version = doc.get("version")
    items = doc.get("items")
    if "rss" in doc and not isinstance(items, list):
        raise ParseError(_("this is RSS-in-JSON, which Byline does not read; try the site's RSS feed"))
    if not (isinstance(version, str) and "jsonfeed.org/version/" in version) and not isinstance(items, list):
        raise ParseError(_("the JSON document is not a JSON Feed"))

    site_url = absolute_url(doc.get("home_page_url"), url)
    icon_url = absolute_url(doc.get("icon"), url or site_url) or absolute_url(doc.get("favicon"), url or site_url)
    feed_author = _json_authors(doc)
    title = plain_text(_str(doc.get("title")) or "")
    return ParsedFeed(
        kind=FeedKind.JSON,
        title=feed_title(title, site_url, url),
        site_url=site_url,
        description=plain_text(_str(doc.get("description")) or "", limit=MAX_DESCRIPTION_CHARS),
        icon_url=icon_url,
        entries=finish_entries(
            _json_entry(item, url, site_url, feed_author)
            for item in (items if isinstance(items, list) else [])
            if isinstance(item, dict)
        ),
    )


def _json_entry(item: dict[str, Any], url: str | None, site_url: str | None, feed_author: str | None) -> RawEntry:
    raw_id = item.get("id")
    guid = str(raw_id) if isinstance(raw_id, (str, int, float)) and not isinstance(raw_id, bool) else None
    base = url or site_url
    link = absolute_url(item.get("url"), base) or absolute_url(item.get("external_url"), base)
    html_body, text_body, summary = _str(item.get("content_html")), _str(item.get("content_text")), _str(item.get("summary"))
    if html_body is not None:
        content, content_is_html = html_body, True
    elif text_body is not None:
        content, content_is_html = text_body, False
    else:
        content, content_is_html, summary = summary or "", False, None
    tags = item.get("tags")
    attachments = item.get("attachments")
    return RawEntry(
        guid=guid,
        title=plain_text(_str(item.get("title")) or ""),
        url=link,
        author=_json_authors(item) or feed_author,
        published=_iso_date(item.get("date_published")),
        updated=_iso_date(item.get("date_modified")),
        content=content,
        content_is_html=content_is_html,
        summary=summary or "",
        base_url=link or site_url or url,
        categories=clean_categories(tags if isinstance(tags, list) else ()),
        enclosures=[
            (absolute_url(a.get("url"), base), _str(a.get("mime_type")), to_count(a.get("size_in_bytes")))
            for a in (attachments if isinstance(attachments, list) else ())
            if isinstance(a, dict)
        ],
    )
