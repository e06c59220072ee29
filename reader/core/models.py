"""Plain, frozen data passed between core modules, the CLI and the window.

Times are ``datetime`` objects in UTC (tz-aware) wherever they leave core;
the store keeps them as UNIX seconds.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

# --- parsing -----------------------------------------------------------------


@dataclass(frozen=True)
class Enclosure:
    """A media file attached to an entry (podcast audio, images...)."""

    url: str
    type: str | None = None
    length: int | None = None


@dataclass(frozen=True)
class ParsedEntry:
    """One entry of a feed, normalized across RSS, Atom and JSON Feed.

    Attributes:
        guid: stable identity within the feed (derived when the feed has none).
        title: plain text (never HTML).
        url: absolute link to the story, or None.
        content: the best body the feed gave (content preferred over summary).
        content_is_html: False when the body is plain text.
        summary: the short summary when the feed gave both.
        base_url: the URL relative links in ``content`` resolve against.
    """

    guid: str
    title: str
    url: str | None = None
    author: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    content: str = ""
    content_is_html: bool = True
    summary: str = ""
    base_url: str | None = None
    categories: tuple[str, ...] = ()
    enclosures: tuple[Enclosure, ...] = ()


class FeedKind(enum.Enum):
    RSS = "rss"
    ATOM = "atom"
    RDF = "rdf"
    JSON = "json"


@dataclass(frozen=True)
class ParsedFeed:
    """A whole feed document, normalized.

    Attributes:
        problem: set when the document was malformed but still yielded entries
            (feedparser's "bozo"); the store records it on the feed.
        ttl_seconds: the publisher's own minimum refresh interval (RSS ttl,
            sy:updatePeriod/Frequency), if any.
    """

    kind: FeedKind
    title: str
    site_url: str | None = None
    description: str = ""
    icon_url: str | None = None
    entries: tuple[ParsedEntry, ...] = ()
    problem: str | None = None
    ttl_seconds: int | None = None


# --- library -----------------------------------------------------------------


def split_folder_path(path: str | None) -> list[str]:
    """A folder's path as its titles: "News/World" -> ["News", "World"]; empty parts are dropped."""
    return [part.strip() for part in (path or "").split("/") if part.strip()]


@dataclass(frozen=True)
class Folder:
    id: int
    parent_id: int | None
    title: str
    position: int = 0
    path: str = ""


@dataclass(frozen=True)
class Feed:
    """A subscription as stored, with its live unread count."""

    id: int
    url: str
    title: str
    folder_id: int | None = None
    folder: str = ""  # folder path, "" at the top level
    site_url: str | None = None
    unread: int = 0
    last_error: str | None = None
    last_checked: datetime | None = None
    gone: bool = False
    allow_images: bool | None = None  # None: follow the global setting
    position: int = 0
    refresh_minutes: int | None = None  # None: the global refresh interval
    full_stories: bool = False  # fetch each new article's page and show its story
    account_id: int | None = None  # the sync account it belongs to; None for a local feed
    description: str = ""  # the publisher's own words about the feed (RSS description, Atom subtitle)
    login: bool = False  # asked with a user name and password (kept in the keyring or the password file)
    user_agent: str | None = None  # the feed's own User-Agent (None: Byline's)
    wait_until: datetime | None = None  # a server asked not to be asked before this (Retry-After)


@dataclass(frozen=True)
class Article:
    """An article row.

    The body (``content``), its enclosures and the full-copy and image fields
    are only filled when one article is read (``Library.article``).

    Attributes:
        full_copy_error: why the saved full copy could not be kept, if it could not.
        feed_allows_images: the feed's own remote-image policy (None: the global setting).
    """

    id: int
    feed_id: int | None
    feed_title: str
    title: str
    url: str | None
    author: str | None
    published: datetime | None
    read: bool
    saved: bool
    categories: tuple[str, ...] = ()
    updated: datetime | None = None
    guid: str = ""
    content: str = ""
    content_is_html: bool = True
    base_url: str | None = None
    enclosures: tuple[Enclosure, ...] = ()
    has_full_copy: bool = False
    full_copy_error: str | None = None
    feed_allows_images: bool | None = None


IMAGE_URL_PREFIX = "byline:image/"  # a kept image's address in rendered HTML: byline:image/<sha256>


@dataclass(frozen=True)
class ArticleImage:
    """One image of an article as the library holds it: kept (``hash``) or refused (``note``).

    Attributes:
        url: where the article's HTML points.
        hash: SHA-256 of the kept bytes (None when refused).
        type: the kept image's media type.
        size: the kept image's size in bytes.
        note: why it was not kept.
    """

    url: str
    hash: str | None = None
    type: str | None = None
    size: int = 0
    note: str | None = None

    @property
    def local_url(self) -> str | None:
        """The address rendered HTML uses for the kept copy (``byline:image/<sha256>``)."""
        return IMAGE_URL_PREFIX + self.hash if self.hash else None


@dataclass(frozen=True)
class StoredImage:
    """A kept image's bytes and media type."""

    data: bytes
    type: str


@dataclass(frozen=True)
class ArticleRow:
    """The few fields the article list shows for one row."""

    id: int
    title: str
    feed_title: str
    date: datetime | None
    read: bool
    saved: bool
    feed_id: int | None = None


@dataclass(frozen=True)
class SearchHit:
    article: Article
    snippet: str  # plain text with matched terms between \x02 and \x03
    score: float


class SmartFeed(enum.Enum):
    ALL = "all"
    UNREAD = "unread"
    TODAY = "today"
    SAVED = "saved"


@dataclass(frozen=True)
class Selection:
    """What the article list shows: a smart feed, a saved search, a feed, a folder, or given articles.

    Hidden articles (a rule's ``hide``) are in no selection; only search finds them.

    Attributes:
        search_id: a saved search (a smart feed the user made, ``SavedSearch``).
        article_ids: exactly these articles (what a notification announced).
        since: only articles dated at or after this UNIX time. The library sets
            it for the Today smart feed (``decide.start_of_today``); callers
            need not.
        before: only articles dated before this UNIX time (``mark-read --before``).
        keep: an article that stays listed although read (the open one, under
            "Unread Only" or in Unread, until the reader moves on).
    """

    smart: SmartFeed | None = None
    feed_id: int | None = None
    folder_id: int | None = None
    unread_only: bool = False
    since: float | None = None
    before: float | None = None
    keep: int | None = None
    search_id: int | None = None
    article_ids: tuple[int, ...] | None = None


class RuleAction(enum.Enum):
    """What a rule does to each article its query matches."""

    READ = "read"  # mute: marked read as it arrives
    SAVE = "save"
    HIDE = "hide"  # kept and searchable, listed and counted nowhere else
    NOTIFY = "notify"  # named in the notification after a refresh


@dataclass(frozen=True)
class Rule:
    """A query in the search language and what to do with the new articles it matches.

    Attributes:
        matched: how many articles it has acted on so far (on arrival and when applied).
    """

    id: int
    name: str
    query: str
    action: RuleAction
    enabled: bool = True
    matched: int = 0


@dataclass(frozen=True)
class SavedSearch:
    """A smart feed the user made: a saved search shown in the tree, with its unread count."""

    id: int
    name: str
    query: str
    unread: int = 0


@dataclass(frozen=True)
class TreeCounts:
    """Every count the tree shows: unread per feed, the built-in smart feeds, and each saved search."""

    feeds: dict[int, int]
    smart: dict[SmartFeed, int]
    searches: dict[int, int]


@dataclass(frozen=True)
class Rendered:
    """An article body ready for the pane: safe HTML and its plain text."""

    html: str
    text: str


@dataclass(frozen=True)
class OpenedArticle:
    """Everything the article pane needs to show one article, read at once.

    Attributes:
        article: the article with its flags, body and enclosures.
        rendered: what ``byline show --html`` prints for it (the full copy when shown).
        images: whether remote images may load for it (its feed's policy, else the setting).
        full_copy: whether ``rendered`` is the saved full copy (or the fetched full story) rather than the feed's text.
        kept_images: the article's images kept in the library; ``rendered`` shows
            them as ``byline:image/<sha256>``, whatever ``images`` says.
    """

    article: Article
    rendered: Rendered
    images: bool
    full_copy: bool = False
    kept_images: tuple[ArticleImage, ...] = ()


# --- results -------------------------------------------------------------------


class FeedStatus(enum.Enum):
    UPDATED = "updated"
    NOT_MODIFIED = "not_modified"
    FAILED = "failed"
    SKIPPED = "skipped"  # not due (a scheduled refresh), or cancelled
    HELD = "held"  # gone (410) or told to wait (Retry-After): only a forced refresh asks it; ``error`` says until when


@dataclass(frozen=True)
class FeedResult:
    """The outcome of refreshing one feed; errors are values, not exceptions.

    Attributes:
        fresh: the new articles left unread and listed (neither muted nor hidden by a rule).
        flagged: (rule id, article id) for each new article a ``notify`` rule matched.
    """

    feed_id: int
    url: str
    status: FeedStatus
    new: int = 0
    updated: int = 0
    error: str | None = None
    title: str = ""
    http_status: int | None = None  # of a failed fetch, when the server answered (401: ask for a login)
    fresh: tuple[int, ...] = ()
    flagged: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class RefreshSummary:
    checked: int = 0
    new_articles: int = 0
    not_modified: int = 0
    failed: int = 0
    held: int = 0  # not asked: gone, or a server asked to wait (see each result's ``error``)
    results: tuple[FeedResult, ...] = ()
    sync: SyncSummary | None = None  # the accounts synced as part of the refresh


# --- accounts and sync ------------------------------------------------------------


@dataclass(frozen=True)
class Account:
    """A feed server Byline syncs with. Its password is in the secrets store, never here.

    Attributes:
        folder_id: the top-level folder its feeds live under (the account's name).
        pending: local changes the server has not accepted yet.
    """

    id: int
    kind: str
    name: str
    url: str
    user: str
    folder_id: int | None = None
    last_sync: datetime | None = None
    last_error: str | None = None
    pending: int = 0


@dataclass(frozen=True)
class SyncProgress:
    """Where a sync is: ``stage`` is "push", "subscriptions", "ids", "items" or "marks"; ``done`` of ``total`` in it."""

    account_id: int
    stage: str
    done: int = 0
    total: int = 0


@dataclass(frozen=True)
class SyncResult:
    """One account's sync; errors are values (``error``), not exceptions.

    Attributes:
        sent: local changes the server accepted.
        received: read/saved marks changed here by the server's state.
        requests: calls made to the server, by endpoint.
        auth_failed: the server refused the login (asking again will not help).
        fresh: the new articles the rules left unread and listed.
        flagged: (rule id, article id) for each new listed article a notify rule matched.
    """

    account_id: int
    name: str
    new_articles: int = 0
    fresh: tuple[int, ...] = ()
    flagged: tuple[tuple[int, int], ...] = ()
    sent: int = 0
    received: int = 0
    error: str | None = None
    auth_failed: bool = False
    requests: tuple[tuple[str, int], ...] = ()

    @property
    def request_count(self) -> int:
        return sum(n for _, n in self.requests)


@dataclass(frozen=True)
class SyncSummary:
    """Every account's sync, as ``byline sync`` prints it."""

    results: tuple[SyncResult, ...] = ()

    @property
    def synced(self) -> int:
        return sum(r.error is None for r in self.results)

    @property
    def failed(self) -> int:
        return sum(r.error is not None for r in self.results)

    @property
    def new_articles(self) -> int:
        return sum(r.new_articles for r in self.results)

    @property
    def sent(self) -> int:
        return sum(r.sent for r in self.results)

    @property
    def received(self) -> int:
        return sum(r.received for r in self.results)


@dataclass(frozen=True)
class Notice:
    """One desktop notification summarising what a refresh brought (``rules.notice``).

    Attributes:
        title: the headline ("12 new articles").
        body: one line per notify rule with matches, then per feed (the busiest first).
        article_ids: what clicking it opens, newest first.
    """

    title: str
    body: str
    article_ids: tuple[int, ...]


@dataclass(frozen=True)
class RefreshProgress:
    done: int
    total: int
    current: str
    new_articles: int


@dataclass(frozen=True)
class ImportResult:
    added: int = 0
    present: int = 0
    skipped: tuple[tuple[str, str], ...] = ()  # (url or title, reason)
    folders: int = 0
    damage: str | None = None  # where a malformed file broke (what was readable was imported)


@dataclass(frozen=True)
class DiscoveredFeed:
    """A feed a web page offers: its address, the title the page gives it, its kind."""

    url: str
    title: str | None = None
    kind: str | None = None  # "rss", "atom", "rdf", "json" or None


@dataclass(frozen=True)
class AddResult:
    feed: Feed
    new_articles: int = 0
    alternatives: tuple[str, ...] = field(default_factory=tuple)
