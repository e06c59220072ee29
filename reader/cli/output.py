"""How the command line prints: JSON field sets, one-line text, the progress bar.

The JSON field names are the contract's (``../shared/CONTRACT.md``): keep them.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, TextIO

from reader.core.models import Article, ArticleImage, Feed, RefreshProgress, Rule, SavedSearch, SearchHit
from reader.i18n import _


def iso(dt: datetime | None) -> str | None:
    """ISO 8601 in UTC with a Z, or None."""
    return None if dt is None else dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def feed_json(feed: Feed) -> dict[str, Any]:
    return {
        "id": feed.id,
        "title": feed.title,
        "url": feed.url,
        "site_url": feed.site_url,
        "folder": feed.folder,
        "unread": feed.unread,
        "last_error": feed.last_error,
        "full_stories": feed.full_stories,
        "account": feed.account_id,
        "login": feed.login,
        "user_agent": feed.user_agent,
    }


def article_json(a: Article) -> dict[str, Any]:
    return {
        "id": a.id,
        "feed_id": a.feed_id,
        "feed_title": a.feed_title,
        "title": a.title,
        "url": a.url,
        "author": a.author,
        "published": iso(a.published),
        "read": a.read,
        "saved": a.saved,
        "categories": list(a.categories),
    }


def image_json(image: ArticleImage) -> dict[str, Any]:
    """A kept or refused image of ``show --json``: ``src`` is its address in ``html`` when kept."""
    return {"url": image.url, "kept": image.hash is not None, "src": image.local_url, "type": image.type,
            "size": image.size or None, "note": image.note}


def enclosures_json(a: Article) -> list[dict[str, Any]]:
    """``show --json``'s enclosures: url, type, length (bytes, or None)."""
    return [{"url": e.url, "type": e.type, "length": e.length} for e in a.enclosures]


def rule_json(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "query": rule.query,
        "action": rule.action.value,
        "matched": rule.matched,
        "enabled": rule.enabled,
    }


def smart_json(search: SavedSearch) -> dict[str, Any]:
    return {"id": search.id, "name": search.name, "query": search.query, "unread": search.unread}


def hit_json(hit: SearchHit) -> dict[str, Any]:
    return {**article_json(hit.article), "snippet": plain_snippet(hit.snippet), "score": round(hit.score, 4)}


def plain_snippet(snippet: str, mark: tuple[str, str] = ("", "")) -> str:
    """A snippet's match marks (\\x02 ... \\x03) replaced by ``mark``, on one line."""
    return " ".join(snippet.replace("\x02", mark[0]).replace("\x03", mark[1]).split())


def one_line(text: str) -> str:
    return " ".join(str(text).split())


def print_json(value: Any, out: TextIO) -> None:
    json.dump(value, out, ensure_ascii=False, indent=2)
    out.write("\n")


class ProgressBar:
    """A one-line progress bar on stderr, only when stderr is a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.enabled = stream.isatty()

    def __call__(self, p: RefreshProgress) -> None:
        if not self.enabled or p.total == 0:
            return
        width = 30
        filled = int(width * p.done / p.total)
        counts = _("%(done)d/%(total)d feeds, %(new)d new") % {"done": p.done, "total": p.total, "new": p.new_articles}
        line = f"\r[{'#' * filled}{'.' * (width - filled)}] {counts}  {p.current[:40]}"
        self.stream.write(line.ljust(100)[:100])
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * 100 + "\r")
            self.stream.flush()
