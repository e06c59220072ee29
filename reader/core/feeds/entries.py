"""Settling entries: every format's raw fields become the same ParsedEntry.

Both XML paths (feedparser and the lxml fast path) and JSON Feed read an entry
into a ``RawEntry``; ``finish_entries`` then settles what every format shares:
a stable guid (derived when the feed has none), a title (derived from the text
when missing), sane dates, caps on sizes, and no duplicate guids.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from reader.core.feeds.fields import MAX_TITLE_CHARS, one_line, plain_text
from reader.core.models import Enclosure, ParsedEntry

MAX_ENTRIES = 5000
MAX_CONTENT_CHARS = 2_000_000
MAX_DESCRIPTION_CHARS = 4000
MAX_GUID_CHARS = 1024
DERIVED_TITLE_WORDS = 10
UNTITLED = "(untitled)"
FUTURE_SLACK = timedelta(days=2)
EPOCH_YEAR = 1970


def derive_title(content: str, is_html: bool) -> str:
    """A title from the first words of an entry's text, or ``UNTITLED``."""
    words = plain_text(content[:4000], is_html=is_html, limit=4000).split()
    if not words:
        return UNTITLED
    title = " ".join(words[:DERIVED_TITLE_WORDS])
    if len(words) > DERIVED_TITLE_WORDS:
        title += "…"
    return title[:MAX_TITLE_CHARS]


def sane_date(value: datetime | None, now: datetime) -> datetime | None:
    """Drop dates before 1970 or more than two days ahead of ``now``."""
    if value is None or value.year < EPOCH_YEAR or value > now + FUTURE_SLACK:
        return None
    return value


@dataclass
class RawEntry:
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


def derive_guid(raw: RawEntry) -> str:
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


def finish_entries(raws: Iterable[RawEntry]) -> tuple[ParsedEntry, ...]:
    """Settle guids, titles, dates and caps; keep the first of each guid."""
    now = datetime.now(UTC)
    entries: list[ParsedEntry] = []
    seen: set[str] = set()
    for raw in raws:
        if not (raw.guid or raw.url or raw.title or raw.content.strip()):
            continue  # an empty <item/>: nothing to show or to identify
        guid = derive_guid(raw)
        if guid in seen:
            continue
        seen.add(guid)
        content = raw.content[:MAX_CONTENT_CHARS]
        enclosures: dict[str, Enclosure] = {}
        for href, mime, length in raw.enclosures:
            if href and href not in enclosures:
                enclosures[href] = Enclosure(url=href, type=mime or None, length=length)
        published = sane_date(raw.published, now)
        updated = sane_date(raw.updated, now)
        entries.append(
            ParsedEntry(
                guid=guid,
                title=raw.title or derive_title(content, raw.content_is_html),
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


def feed_title(title: str, site_url: str | None, url: str | None) -> str:
    if title:
        return title
    for candidate in (site_url, url):
        if candidate:
            try:
                host = urlsplit(candidate).hostname
            except ValueError:
                host = None
            derived = one_line(host or candidate)[:MAX_TITLE_CHARS]
            if derived:
                return derived
    return "Untitled feed"
