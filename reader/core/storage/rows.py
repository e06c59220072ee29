"""The shapes that cross the storage boundary, and the SQL fragments every domain shares.

Rows going in (``EntryRow``, ``FeedMeta``) and state coming out for the refresh
engine (``FeedState``, ``KnownEntries``) are frozen dataclasses; so is the plan
the application layer decides (``EntryPlan``) and the store carries out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from reader.core.models import Article, Enclosure


def feed_name(alias: str = "f") -> str:
    """The SQL expression of a feed's display name: the user's title, the feed's own, else its URL."""
    p = f"{alias}." if alias else ""
    return f"coalesce({p}user_title, nullif({p}title, ''), {p}url)"


# An article's feed name: its feed's display name, or the name kept when the feed was deleted.
ARTICLE_FEED_NAME = f"coalesce({feed_name('f')}, a.orphan_feed_title, '')"


def utc(ts: float | None) -> datetime | None:
    """UNIX seconds as stored -> an aware UTC datetime (None stays None)."""
    return None if ts is None else datetime.fromtimestamp(ts, tz=UTC)


def enclosures_json(enclosures: Iterable[Enclosure]) -> str:
    return json.dumps([{"url": e.url, "type": e.type, "length": e.length} for e in enclosures])


def enclosures_from_json(text: str | None) -> tuple[Enclosure, ...]:
    return tuple(Enclosure(**e) for e in json.loads(text or "[]"))


# --- rows in -----------------------------------------------------------------------


@dataclass(frozen=True)
class EntryRow:
    """One entry ready to store: prepared HTML, its text and its identity."""

    guid: str
    title: str
    title_key: str
    content_hash: str
    url: str | None = None
    author: str | None = None
    published: float | None = None
    updated: float | None = None
    html: str = ""
    text: str = ""
    is_html: bool = True
    base_url: str | None = None
    categories: tuple[str, ...] = ()
    enclosures: tuple[Enclosure, ...] = ()
    #: True when ``text`` is exactly ``content.html_text(html)`` (what the pipeline
    #: produces): the store then indexes it instead of deriving it again.
    text_is_derived: bool = False


@dataclass(frozen=True)
class FeedMeta:
    """What a successful fetch + parse learned about a feed."""

    checked_at: float
    next_check: float | None
    title: str | None = None
    site_url: str | None = None
    description: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    new_url: str | None = None
    ttl_seconds: int | None = None
    problem: str | None = None


# --- state out -----------------------------------------------------------------------


@dataclass(frozen=True)
class FeedOptions:
    """A feed's settings beyond its address, as an OPML list written by Byline carries them.

    ``interval`` is in seconds (None: the global one); ``allow_images`` None follows the global setting.
    """

    allow_images: bool | None = None
    interval: int | None = None
    full_stories: bool = False
    user_agent: str | None = None


@dataclass(frozen=True)
class FeedState:
    """What the refresh engine needs to decide and to make a conditional request."""

    id: int
    url: str
    title: str
    etag: str | None
    last_modified: str | None
    body_hash: str | None
    last_checked: float | None
    next_check: float | None
    error_count: int
    gone: bool
    ttl_seconds: int | None
    interval_override: int | None
    site_url: str | None
    has_icon: bool
    login: bool = False  # the feed's credentials are in the secrets store
    user_agent: str | None = None  # the feed's own User-Agent (None: Byline's)
    wait_until: float | None = None  # a server's Retry-After: not asked before this, unless forced
    last_error: str | None = None


@dataclass(frozen=True)
class KnownEntries:
    """What the library already holds of a feed's incoming guids.

    Attributes:
        stored: guid -> (article id, content hash) of stored articles.
        buried: guids retention deleted (tombstones); they never come back.
    """

    stored: Mapping[str, tuple[int, str]] = field(default_factory=dict)
    buried: frozenset[str] = frozenset()


@dataclass(frozen=True)
class EntryPlan:
    """What one feed write does with its entries (decided by ``decide.plan_entries``).

    Attributes:
        new: entries to insert, unread.
        changed: (article id, entry) pairs to update in place, keeping read/saved.
        unchanged: entries already stored with the same content hash.
        buried: entries skipped because retention deleted them.
    """

    new: tuple[EntryRow, ...] = ()
    changed: tuple[tuple[int, EntryRow], ...] = ()
    unchanged: int = 0
    buried: int = 0


@dataclass(frozen=True)
class StoreCounts:
    """New and updated articles of one feed write, and the ids inserted."""

    new: int = 0
    updated: int = 0
    new_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class SearchRow:
    """One ranked match: the article, its indexed text (for the snippet), and a higher-is-better score."""

    article: Article
    text: str
    score: float


@dataclass(frozen=True)
class Criteria:
    """What a query in the search language asks of an article, as the store evaluates it.

    Built by the application layer from a parsed query (``reader.core.rules``);
    a smart feed keeps its criteria stored (``as_json``) so the store can index
    its matches on its own whenever articles or feeds change.

    Attributes:
        match: an FTS5 MATCH expression, or None for filters alone.
        saved, read: the article's flags must be these (None: either).
        after, before: its date (UNIX seconds) is at or after / strictly before.
        folder: its feed is filed in this folder (a path or a title) or below it.
        not_folders: its feed is filed in none of these folders (nor below them).
    """

    match: str | None = None
    saved: bool | None = None
    read: bool | None = None
    after: float | None = None
    before: float | None = None
    folder: str | None = None
    not_folders: tuple[str, ...] = ()

    @property
    def uses_folders(self) -> bool:
        """Whether which articles match depends on where their feeds are filed."""
        return self.folder is not None or bool(self.not_folders)

    def as_json(self) -> str:
        return json.dumps({
            "match": self.match, "saved": self.saved, "read": self.read, "after": self.after,
            "before": self.before, "folder": self.folder, "not_folders": list(self.not_folders),
        })

    @classmethod
    def from_json(cls, text: str) -> Criteria:
        d = json.loads(text)
        return cls(
            match=d.get("match"), saved=d.get("saved"), read=d.get("read"), after=d.get("after"),
            before=d.get("before"), folder=d.get("folder"), not_folders=tuple(d.get("not_folders") or ()),
        )


@dataclass(frozen=True)
class FullCopy:
    """A saved article's extracted page: its HTML, or why it could not be kept (both None: never tried)."""

    html: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class Icon:
    """A feed's icon as fetched: the image bytes and their media type."""

    data: bytes
    content_type: str | None = None


# --- sync accounts ---------------------------------------------------------------------


@dataclass(frozen=True)
class PendingChange:
    """A local mark the server has not accepted yet: ``field`` ("read" or "saved") of item ``item_id`` = ``value``."""

    item_id: str
    field: str
    value: bool
    seq: int
    attempts: int = 0


@dataclass(frozen=True)
class RemoteFeed:
    """A subscription as the server lists it, ready to store under the account's folder."""

    remote_id: str
    url: str
    title: str
    site_url: str | None
    folder: tuple[str, ...]  # folder path from the top: the account's name, then its category


@dataclass(frozen=True)
class AccountItem:
    """What the library holds of one server item: its article and marks."""

    article_id: int
    feed_id: int | None
    read: bool
    saved: bool


@dataclass(frozen=True)
class SyncState:
    """An account's sync bookkeeping: back-off and the incremental window."""

    error_count: int = 0
    next_try: float | None = None
    synced_since: float | None = None
