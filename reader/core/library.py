"""Library: the one facade the command line and the window share.

``open_library(data_dir)`` opens (creating and migrating) the library file and
wires the pieces: a ``Store`` per thread, the process's ``Fetcher``, the
settings. The application modules (``refresh``, ``subscribe``, ``saved``) are
handed exactly what they need; nothing below this module knows the facade.
Each thread that calls into a Library gets its own SQLite connection, so the
window's workers can share one Library object.

Size: one facade by design (STYLE.md), a little over 600 lines of short
methods that hand work to the modules doing it; the accounts part lives in
``reader.core.sync.facade``, the proxy and feed-login part in
``reader.core.access`` and the rules part in ``reader.core.rules.facade`` (all
mixed in). Split further by family the same way rather than letting a method
grow here.
"""

from __future__ import annotations

import logging
import threading
import time
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader import paths
from reader.core import decide, integrity
from reader.core.access import AccessFacade
from reader.core.errors import BylineError, NotFoundError
from reader.core.files import write_bytes_atomic
from reader.core.models import (
    AddResult,
    Article,
    ArticleImage,
    ArticleRow,
    DiscoveredFeed,
    Feed,
    FeedResult,
    FeedStatus,
    Folder,
    ImportResult,
    OpenedArticle,
    RefreshProgress,
    RefreshSummary,
    Rendered,
    SearchHit,
    Selection,
    SmartFeed,
    StoredImage,
    SyncProgress,
    TreeCounts,
    split_folder_path,
)
from reader.core.net.agent import check_user_agent
from reader.core.net.urls import check_feed_url, link_variants
from reader.core.rules.facade import RulesFacade
from reader.core.search.snippet import make_snippet
from reader.core.secrets import Login, MemorySecrets, Secrets, open_secrets
from reader.core.settings import PROXY_KEYS, Settings
from reader.core.storage.rows import Icon
from reader.core.storage.store import Store
from reader.core.sync.facade import AccountsFacade
from reader.i18n import _

if TYPE_CHECKING:
    from reader.core.export import ExportItem
    from reader.core.net.fetch import Fetcher
    from reader.core.net.greader import GReaderClient
    from reader.core.sync.accounts import SyncClientFactory

log = logging.getLogger(__name__)

CHECK_EVERY = integrity.CHECK_EVERY
CHECK_MARK = integrity.CHECK_MARK
IMAGE_MAX_BYTES = 8 * 1024 * 1024
DOWNLOAD_MAX_BYTES = 512 * 1024 * 1024  # an enclosure is read whole before it is written


def open_library(
    data_dir: str | Path | None = None,
    *,
    fetcher: Fetcher | None = None,
    secrets: Secrets | None = None,
    check: bool | None = None,
    sync_client: SyncClientFactory | None = None,
) -> Library:
    """Open the library in ``data_dir`` (default: the user's data dir) and wire it.

    Args:
        fetcher: the HTTP client to use (tests pass one with their own limits);
            by default one is made on first use and closed with the library.
        secrets: where logins are kept (default: the keyring, else a 0600 file,
            see ``reader.core.secrets``).
        sync_client: makes the client of a sync account's server (tests pass
            one with their own retry timing); by default ``GReaderClient``.
        check: True runs SQLite's integrity check over the whole file first.
            Otherwise nothing here reads the whole file: the daily check runs
            where nobody waits for it (``Library.start_background_check`` for
            the CLI, ``Library.check_integrity`` in a window worker), and a
            file it found damaged is refused here with its message.

    Raises:
        CorruptLibraryError: the file is damaged; it is left untouched.
        StorageError: the file cannot be opened.
    """
    directory = paths.data_dir(data_dir)
    lib = Library(
        directory, fetcher=fetcher, secrets=secrets, secrets_dir=paths.secrets_dir(data_dir), sync_client=sync_client
    )
    existed = lib.db_path.exists()
    try:
        if existed:
            integrity.raise_if_known_damaged(directory)
        lib._connect(check=bool(check))
        if check or not existed:
            (directory / CHECK_MARK).touch()
        lib._move_url_credentials()
    except BaseException:
        lib.close()
        raise
    return lib


class Library(AccessFacade, AccountsFacade, RulesFacade):
    """Everything a front end may ask of the library (the accounts part: ``AccountsFacade``).

    Long jobs exist twice: ``refresh_iter`` yields one FeedResult per feed and
    ``refresh`` consumes it into a summary (retention and the daily backup
    included); the window and the CLI both call ``refresh``.
    """

    def __init__(
        self, data_dir: Path, *, fetcher: Fetcher | None = None, secrets: Secrets | None = None,
        sync_client: SyncClientFactory | None = None,
        secrets_dir: Path | None = None,
    ) -> None:
        self.data_dir = data_dir
        self._secrets = secrets  # opened on first use: the keyring costs 40-80 ms to import
        self._secrets_dir = secrets_dir or data_dir
        self.db_path = data_dir / paths.DB_NAME
        self._local = threading.local()
        self._stores: list[Store] = []
        self._lock = threading.Lock()
        self._fetcher = fetcher
        self._sync_client: SyncClientFactory = sync_client or self._proxied_sync_client
        self._proxies_set = False  # the fetcher follows the proxy preferences once it is first used
        self._session = MemorySecrets()  # feed logins given for this session only ("remember" unticked)

    # --- plumbing ------------------------------------------------------------------------

    @property
    def secrets(self) -> Secrets:
        """Where logins are kept (the keyring, else a 0600 file), opened on first use."""
        if self._secrets is None:
            self._secrets = open_secrets(self._secrets_dir)
        return self._secrets

    @secrets.setter
    def secrets(self, value: Secrets) -> None:
        self._secrets = value

    def _connect(self, *, check: bool = False) -> Store:
        """This thread's connection, opened on first use."""
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = Store.open(self.db_path, check=check)
            self._local.store = store
            with self._lock:
                self._stores.append(store)
        return store

    @property
    def store(self) -> Store:
        """This thread's connection. For tests and benchmarks; production code goes through the methods."""
        return self._connect()

    def fetcher(self) -> Fetcher:
        """The process's one HTTP client, created on first use, sending through the preferred proxy."""
        with self._lock:
            fetcher, ready = self._fetcher, self._proxies_set
        if fetcher is not None and ready:
            return fetcher
        from reader.core.net.fetch import Fetcher

        policy = self.proxy_policy()
        with self._lock:
            if self._fetcher is None:
                self._fetcher = Fetcher(proxies=policy)
            elif not self._proxies_set:
                self._fetcher.set_proxies(policy)
            self._proxies_set = True
            return self._fetcher

    def _proxied_sync_client(self, url: str, user: str, password: str) -> GReaderClient:
        """A sync server's client, through the proxy the preferences choose."""
        from reader.core.net.greader import GReaderClient

        return GReaderClient(url, user, password, proxies=self.proxy_policy())

    def close(self) -> None:
        with self._lock:
            stores, self._stores = self._stores, []
            fetcher, self._fetcher = self._fetcher, None
        for store in stores:
            try:
                store.close()
            except Exception:  # a connection of a finished thread
                log.debug("closing a store failed", exc_info=True)
        self._local = threading.local()
        if fetcher is not None:
            fetcher.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the daily integrity check ---------------------------------------------------------------

    def integrity_due(self) -> bool:
        """True when the last good integrity check is more than a day old."""
        return integrity.is_due(self.data_dir)

    def check_integrity(self, cancel: threading.Event | None = None) -> bool:
        """Check the whole file now, on this thread (the window runs it in a worker once it is shown).

        Returns:
            True when the check finished clean; False when ``cancel`` stopped it first.

        Raises:
            CorruptLibraryError: the file is damaged (later starts refuse it with the same message).
        """
        return integrity.run_check(self.data_dir, cancel)

    def start_background_check(self) -> bool:
        """When due, start the check in a detached low-priority process (the CLI); True if started."""
        return integrity.start_background_check(self.data_dir)

    # --- settings --------------------------------------------------------------------------

    def settings(self) -> Settings:
        return Settings.from_stored(self._connect().stored_settings())

    def update_settings(self, **changes: Any) -> Settings:
        """Change some preferences (checked) and store them; returns the new settings.

        Raises:
            InputError: an unknown key or a value out of range.
        """
        updated = self.settings().replace(**changes)
        self._connect().save_settings({key: getattr(updated, key) for key in changes})
        if set(changes) & set(PROXY_KEYS):
            self._apply_proxies()
        return updated

    def save_settings(self, settings: Settings) -> None:
        settings.check()
        self._connect().save_settings(settings.as_stored())
        self._apply_proxies()

    def setting(self, key: str) -> Any:
        """One preference by name (see ``Settings``)."""
        if key not in Settings.keys():
            raise BylineError(_("unknown setting %(key)s") % {"key": repr(key)})
        return getattr(self.settings(), key)

    def set_setting(self, key: str, value: Any) -> None:
        self.update_settings(**{key: value})

    # --- feeds and folders -------------------------------------------------------------------

    def feeds(self) -> list[Feed]:
        return self._connect().feeds()

    def feed(self, feed_id: int) -> Feed:
        return self._connect().feed(feed_id)

    def folders(self) -> list[Folder]:
        return self._connect().folders()

    def folder_id(self, path: str, *, create: bool = False) -> int | None:
        """The id of the folder at ``path`` ("News/World"); None for "" (the top)."""
        parts = split_folder_path(path)
        if not parts:
            return None
        store = self._connect()
        found = store.ensure_folder(parts) if create else store.folder_by_path(parts)
        if found is None:
            raise NotFoundError(_("no folder %(path)s") % {"path": repr(path)})
        return found

    def create_folder(self, path: str) -> int | None:
        return self.folder_id(path, create=True)

    def rename_folder(self, folder_id: int, title: str) -> None:
        """Rename a folder; an account's category is renamed on its server."""
        title = title.strip()
        if not title or "/" in title:
            raise BylineError(_("a folder name cannot be empty or contain '/'"))
        from reader.core.sync import remote as sync_remote

        if not self._edit_category_on_server(folder_id, lambda st, cl, acc, old: sync_remote.rename_category(
            st, cl, acc, folder_id, old, title
        )):
            self._connect().rename_folder(folder_id, title)

    def move_folder(self, folder_id: int, parent_id: int | None) -> None:
        self._connect().move_folder(folder_id, parent_id)

    def delete_folder(self, folder_id: int) -> None:
        """Delete a folder; its feeds move up. An account's category is deleted on its server
        too, after its feeds move to the server's default category (the account's folder here)."""
        from reader.core.sync import remote as sync_remote

        if not self._edit_category_on_server(folder_id, lambda st, cl, acc, title: sync_remote.delete_category(
            st, cl, acc, folder_id, title
        )):
            self._connect().delete_folder(folder_id)

    def rename_feed(self, feed_id: int, title: str | None) -> None:
        """Set a feed's own title; an account's feed is renamed on its server."""
        from reader.core.sync import remote as sync_remote

        name = (title or "").strip()
        if not self._edit_on_server(feed_id, lambda st, cl, acc, rid: sync_remote.rename(st, cl, acc, rid, name)):
            self._connect().rename_feed(feed_id, name or None)

    def move_feed(self, feed_id: int, folder_id: int | None) -> None:
        """File a feed in a folder; an account's feed moves to that category on its server."""
        from reader.core.sync import remote as sync_remote

        if not self._edit_on_server(feed_id, lambda st, cl, acc, rid: sync_remote.move(
            st, cl, acc, rid, sync_remote.category_for_folder(st, acc, folder_id)
        )):
            self._connect().move_feed(feed_id, folder_id)

    def delete_feed(self, feed_id: int) -> int:
        """Unsubscribe (on its server, for an account's feed; its login is forgotten too); returns how many saved articles were kept."""
        from reader.core.sync import remote as sync_remote

        store = self._connect()
        kept = len(store.articles(Selection(smart=SmartFeed.SAVED, feed_id=feed_id)))
        had_login = store.feed(feed_id).login
        if not self._edit_on_server(feed_id, sync_remote.unsubscribe):
            kept = store.delete_feed(feed_id)
        store.prune_images()
        if had_login:
            self._forget_logins([feed_id])
        return kept

    def remove_feeds(self, feed_ids: Sequence[int]) -> int:
        """Unsubscribe from all of ``feed_ids`` or (an unknown id: NotFoundError) none; returns saved articles kept.

        Their logins are forgotten too.
        """
        store = self._connect()
        with_login = [f.id for f in store.feeds(list(feed_ids)) if f.login]
        kept = store.delete_feeds(feed_ids)
        self._forget_logins(with_login)
        return kept

    def move_feeds(self, feed_ids: Sequence[int], folder: str) -> None:
        """Move feeds into the folder at ``folder`` (created if missing; "" is the top level).
        An unknown id raises NotFoundError before anything moves or a folder is made."""
        store = self._connect()
        for feed_id in feed_ids:
            store.feed(feed_id)  # raises for an unknown id before the folder is made
        store.move_feeds(feed_ids, self.folder_id(folder, create=True))

    def mark_read_where(
        self, *, feed_id: int | None = None, folder: str | None = None, before: datetime | None = None
    ) -> int:
        """Mark read the unread articles of a feed, a folder (with subfolders) or, neither given, the
        library; only those dated before ``before`` when given. Returns the count (NotFoundError: no such)."""
        if feed_id is not None:
            self._connect().feed(feed_id)
        folder_id = self.folder_id(folder) if folder else None
        selection = Selection(
            feed_id=feed_id, folder_id=folder_id, before=None if before is None else before.timestamp()
        )
        return self._connect().mark_all_read(selection)

    def set_feed_images(self, feed_id: int, allow: bool | None) -> None:
        self._connect().set_feed_images(feed_id, allow)

    def set_feed_full_stories(self, feed_id: int, on: bool) -> None:
        """Fetch each new article's page and show its story (on), or show the feed's text (off).

        Stories are fetched by refresh (``reader.core.stories``): the articles
        that arrived in the last few days and were never tried, a few per
        refresh. Turning it off keeps the stories already fetched.
        """
        self._connect().set_feed_full_stories(feed_id, on)

    def set_feed_interval(self, feed_id: int, minutes: int | None) -> None:
        """Check this feed every ``minutes`` (None: the global interval); the publisher's ttl stays a floor."""
        if minutes is not None and minutes <= 0:
            raise BylineError(_("a refresh interval is a number of minutes above 0"))
        self._connect().set_feed_interval(feed_id, None if minutes is None else minutes * 60)

    def feed_icon(self, feed_id: int) -> Icon | None:
        return self._connect().feed_icon(feed_id)

    def discover(self, url: str) -> list[DiscoveredFeed]:
        """The feeds the page at ``url`` offers, best first (the window lets the user choose).

        Raises:
            BylineError: the address is refused or the page cannot be fetched.
        """
        from reader.core import subscribe

        return subscribe.discover(self.fetcher(), url)

    def add_feed(
        self,
        target: str,
        *,
        folder: str = "",
        title: str | None = None,
        login: Login | None = None,
        user_agent: str | None = None,
        remember_login: bool = True,
    ) -> AddResult:
        """Subscribe to a feed URL, a site URL (discovery) or a local feed file, and fetch it once.

        Args:
            login: a user name and password for a feed behind HTTP authentication
                (a ``user:password@`` in the URL serves too); kept in the secrets
                store, or with ``remember_login=False`` for this session only.
            user_agent: the feed's own User-Agent.

        Raises:
            BylineError: the target is refused, unreachable, or not a feed; nothing is stored.
        """
        from reader.core import subscribe

        store = self._connect()
        if (on_server := self._add_to_account(target, split_folder_path(folder), title)) is not None:
            return on_server  # a folder of an account: subscribed on its server
        feed_id, counts, alternatives = subscribe.add_feed(
            store, self.fetcher(), self.settings(), (lambda: self.secrets) if remember_login else (lambda: self._session), target,
            folder=split_folder_path(folder),
            title=title, login=login, user_agent=check_user_agent(user_agent),
        )
        return AddResult(feed=store.feed(feed_id), new_articles=counts.new, alternatives=alternatives)

    # --- OPML -----------------------------------------------------------------------------------

    def import_opml(self, data: bytes, *, under: str = "") -> ImportResult:
        """Import an OPML subscription list; nothing is written if the file is malformed."""
        from reader.core import subscribe

        return subscribe.import_opml(self._connect(), lambda: self.secrets, data, under=under)

    def export_opml(self) -> str:
        from reader.core import subscribe

        return subscribe.export_opml(self.feeds(), self.folders())

    # --- articles ----------------------------------------------------------------------------------

    def _resolved(self, selection: Selection) -> Selection:
        """The selection as the store takes it: Today gets its start."""
        if selection.smart is SmartFeed.TODAY and selection.since is None:
            return replace(selection, since=decide.start_of_today())
        return selection

    def articles(
        self,
        *,
        feed_id: int | None = None,
        folder: str | None = None,
        unread: bool = False,
        saved: bool = False,
        limit: int | None = None,
        smart: int | None = None,
    ) -> list[Article]:
        """Listed articles (never hidden ones), newest first.

        Args:
            smart: only this smart feed's (a saved search's) articles.
        """
        if feed_id is not None:
            self.feed(feed_id)
        if smart is not None:
            self._connect().smart_feed(smart)
        folder_id = self.folder_id(folder) if folder else None
        selection = Selection(
            smart=SmartFeed.SAVED if saved else None, feed_id=feed_id, folder_id=folder_id, unread_only=unread,
            search_id=smart,
        )
        return self._connect().articles(selection, limit=limit)

    def article_ids(self, selection: Selection, *, newest_first: bool = True) -> list[int]:
        """Every id in ``selection`` in list order (date, then id)."""
        return self._connect().article_ids(self._resolved(selection), newest_first=newest_first)

    def article_list_head(self, selection: Selection, n: int, *, newest_first: bool = True) -> tuple[int, list[int], list[ArticleRow]]:
        """How many articles ``selection`` holds, and its first ``n`` ids and rows: what a list shows first."""
        store = self._connect()
        count, ids = store.article_list_head(self._resolved(selection), n, newest_first=newest_first)
        return count, ids, store.article_rows(ids)

    def article_id_array(self, selection: Selection, *, newest_first: bool = True) -> array[int]:
        """``article_ids`` packed (8 bytes an id), read without a Python object per row."""
        return self._connect().article_id_array(self._resolved(selection), newest_first=newest_first)

    def next_unread(self, selection: Selection, after_id: int | None, *, newest_first: bool = True) -> int | None:
        """The first unread id after ``after_id`` in list order; None when there is none."""
        return self._connect().next_unread(self._resolved(selection), after_id, newest_first=newest_first)

    def article_rows(self, ids: Sequence[int]) -> list[ArticleRow]:
        return self._connect().article_rows(ids)

    def article(self, article_id: int) -> Article:
        return self._connect().article(article_id)

    def unread_counts(self) -> dict[int, int]:
        return self._connect().unread_counts()

    def smart_counts(self) -> dict[SmartFeed, int]:
        return self._connect().smart_counts(decide.start_of_today())

    def tree_counts(self) -> TreeCounts:
        """Every count the tree shows, from kept tallies: as quick on a million articles as on a hundred."""
        store = self._connect()
        return TreeCounts(
            feeds=store.unread_counts(),
            smart=store.smart_counts(decide.start_of_today()),
            searches=store.smart_feed_counts(),
        )

    def find_article_by_url(self, url: str) -> int | None:
        """The library article a web link points to (http/https, "www.", a trailing slash,
        a #fragment and tracking parameters do not matter), or None."""
        return self._connect().article_id_by_urls(link_variants(url))

    def find_article_by_headline(self, headline: str, *, exclude: int | None = None) -> int | None:
        from reader.core.content.callouts import normalize_headline

        key = normalize_headline(headline)
        return self._connect().article_id_by_title_key(key, exclude=exclude) if key else None

    def follow_article_link(self, target_id: int, *, headline: str | None = None, source: int | None = None) -> int | None:
        """Where a ``byline:article/ID`` link leads now.

        The link was resolved when its story was rendered; its target may since
        have gone (unsubscribed, pruned). Then the headline is resolved again, as
        ``render`` would do now: another article with that headline, or None
        (search for it, then offer the web). ``headline`` is the link's text.
        """
        from reader.core.content.callouts import normalize_headline

        try:
            target = self._connect().article(target_id)
        except NotFoundError:
            target = None
        # ids of removed articles can be given again: the target must still carry the headline
        if target is not None and (not headline or normalize_headline(target.title) == normalize_headline(headline)):
            return target_id
        return self.find_article_by_headline(headline, exclude=source) if headline else None

    def open_article(self, article_id: int, *, full_copy: bool = True, offline: bool = False) -> OpenedArticle:
        """What the pane shows for one article: the row with its body, rendered, and its image policy.

        Opening never touches the network: kept images are shown from the
        library (``byline:image/<sha256>``), others only by the pane, when the
        image policy allows.

        Args:
            full_copy: show the full copy (a saved article's page or the feed's
                full story) instead of the feed's text, when there is one.
            offline: render as if remote images were never allowed (exports).

        Raises:
            NotFoundError: no such article.
        """
        from reader.core.content.pipeline import render

        store = self._connect()
        article = store.article(article_id)
        body = article.content
        showing_copy = False
        if full_copy and article.has_full_copy:
            copy = store.full_copy(article_id).html
            if copy:
                body, showing_copy = copy, True
        images = False if offline else self._images_allowed(article.feed_allows_images)
        kept = tuple(store.article_images(article_id))
        rendered = render(
            body,
            resolve=lambda headline: self.find_article_by_headline(headline, exclude=article_id),
            images=images,
            kept={i.url: i for i in kept},
        )
        return OpenedArticle(article=article, rendered=rendered, images=images, full_copy=showing_copy, kept_images=kept)

    def render(self, article_id: int, *, full_copy: bool = True) -> Rendered:
        """The article body as the pane shows it and ``byline show --html`` prints it."""
        return self.open_article(article_id, full_copy=full_copy).rendered

    def _images_allowed(self, feed_policy: bool | None) -> bool:
        return feed_policy if feed_policy is not None else self.settings().images

    def images_allowed(self, feed_id: int | None) -> bool:
        """Whether an article of this feed may load remote images (its own policy, else the global one)."""
        return self._images_allowed(self._connect().feed_images(feed_id) if feed_id is not None else None)

    def download(self, url: str, target: Path) -> int:
        """Save an enclosure (a podcast episode, an attachment) to ``target``; returns its size.
        BylineError when refused, unreachable, over ``DOWNLOAD_MAX_BYTES`` or unwritable (nothing half-written)."""
        data, _type = self.fetcher().fetch_bytes(check_feed_url(url), max_bytes=DOWNLOAD_MAX_BYTES)
        write_bytes_atomic(Path(target), bytes(data))
        return len(data)

    def fetch_image(self, url: str) -> bytes:
        """A remote image the pane may show (the caller checked the image policy).

        Raises:
            BylineError: the address is refused, unreachable, or the image too large.
        """
        data, _type = self.fetcher().fetch_bytes(url, max_bytes=IMAGE_MAX_BYTES, accept="image/*")
        return bytes(data)

    def mark_read(self, ids: Sequence[int], read: bool = True) -> int:
        self._require_articles(ids)
        return self._connect().set_read(ids, read)

    def mark_all_read(self, selection: Selection) -> int:
        return self._connect().mark_all_read(self._resolved(selection))

    def mark_saved(self, ids: Sequence[int], saved: bool = True) -> int:
        self._require_articles(ids)
        return self._connect().set_saved(ids, saved)

    def mark_hidden(self, ids: Sequence[int], hidden: bool = True) -> int:
        """Hide articles (kept and searchable, listed and counted nowhere else), or list them again."""
        self._require_articles(ids)
        return self._connect().set_hidden(ids, hidden)

    def _require_articles(self, ids: Sequence[int]) -> None:
        missing = sorted(set(ids) - self._connect().existing_article_ids(ids))
        if missing:
            raise NotFoundError(_("no article with id %(ids)s") % {"ids": ", ".join(map(str, missing))})

    def save_full_copy(self, article_id: int, *, keep_images: bool = False) -> str | None:
        """Fetch and store the full story of a saved article, and keep its images when allowed.

        Images are downloaded into the library when the feed's image policy
        allows remote images, or when ``keep_images`` says the user asked for
        this article; their notes are in ``article_images``.

        Returns:
            Why the full story could not be kept, or None.
        """
        from reader.core import saved

        store = self._connect()
        article = store.article(article_id)
        problem = saved.save_full_copy(store, self.fetcher(), article)
        if keep_images or self._images_allowed(article.feed_allows_images):
            saved.keep_images(store, self.fetcher(), article_id)
        return problem

    def keep_images(self, article_id: int) -> list[ArticleImage]:
        """Download the article's images into the library now (the user asked); returns its image records.

        Raises:
            NotFoundError: no such article.
        """
        from reader.core import saved

        return saved.keep_images(self._connect(), self.fetcher(), article_id)

    def article_images(self, article_id: int) -> list[ArticleImage]:
        """The article's images the library kept, and the ones it refused with the reason."""
        return self._connect().article_images(article_id)

    def image(self, digest: str) -> StoredImage:
        """A kept image by its SHA-256 (the ``byline:image/<sha256>`` of rendered HTML).

        Raises:
            NotFoundError: no image with that hash is kept.
        """
        found = self._connect().image(digest)
        if found is None:
            raise NotFoundError(_("no kept image %(digest)s") % {"digest": digest[:16]})
        return found

    def full_copy_error(self, article_id: int) -> str | None:
        return self._connect().full_copy(article_id).error

    def apply_retention(self, *, now: float | None = None) -> int:
        days = self.settings().retention_days
        if days <= 0:
            return 0
        now = time.time() if now is None else now
        store = self._connect()
        removed = store.apply_retention(now - days * 86400)
        if removed:
            store.prune_images()
        return removed

    # --- saved articles: export and backups ---------------------------------------------------------

    def _export_items(self) -> list[ExportItem]:
        """Every saved article rendered for an export (kept images local, no remote image), newest first."""
        from reader.core.export import ExportItem  # the EPUB writer and friends load only for an export

        return [
            ExportItem(article=a, body=self.open_article(a.id, offline=True).rendered.html)
            for a in self.articles(saved=True)
        ]

    def _image_or_none(self, digest: str) -> StoredImage | None:
        return self._connect().image(digest)

    def export_saved(self, target: str | Path) -> int:
        """Write every saved article as a self-contained HTML page, plus index.html; returns how many.

        Kept images are embedded; nothing in the pages loads from the network.
        """
        css_path = paths.resources_dir() / "article.css"
        css = css_path.read_text(encoding="utf-8") if css_path.is_file() else ""
        from reader.core import export

        return export.export_html(self._export_items(), self._image_or_none, Path(target), css=css)

    def export_epub(self, target: str | Path) -> int:
        """Write every saved article into one EPUB 3 book at ``target``; returns how many chapters."""
        from reader.core import export

        return export.export_epub(self._export_items(), self._image_or_none, Path(target))

    def backup(self, *, force: bool = False, now: float | None = None) -> Path | None:
        """Keep a rotating daily backup of what cannot be fetched again.

        A backup holds the subscriptions (as OPML) and every saved article with
        its full copy; ``restore_saved`` brings them back. Returns the new
        file, or None when the newest backup is less than a day old.
        """
        from reader.core import saved

        when = time.time() if now is None else now
        return saved.write_backup(self._connect(), self._backup_dir, self.export_opml(), force=force, now=when)

    @property
    def _backup_dir(self) -> Path:
        return self.data_dir / "backups"

    def backups(self) -> list[Path]:
        from reader.core import saved

        return saved.backups(self._backup_dir)

    def restore_saved(self, backup: str | Path) -> int:
        """Restore the saved articles (and missing subscriptions) of a backup."""
        from reader.core import saved

        return saved.restore_saved(self._connect(), Path(backup), lambda data: self.import_opml(data))

    def backup_quietly(self) -> Path | None:
        """The daily backup, where a failure is logged and never stops the caller's job."""
        try:
            return self.backup()
        except (OSError, BylineError) as err:
            log.warning("the daily backup could not be written: %s", err)
            return None

    # --- search ---------------------------------------------------------------------------------------

    def search(
        self, text: str, *, saved_only: bool = False, limit: int = 50, exclude: int | None = None
    ) -> list[SearchHit]:
        """Full-text search, offline, best match first.

        Args:
            exclude: an article to leave out (a Related link's own story, whose
                body holds the headline being searched for).

        Raises:
            QueryError: the query cannot be searched (the message says why).
        """
        from reader.core.search.query import parse_query  # the query language: only searches load it

        q = parse_query(text)
        rows = self._connect().search(
            q.match,
            saved=True if saved_only else q.saved,
            read=q.read,
            after=q.after.timestamp() if q.after else None,
            before=q.before.timestamp() if q.before else None,
            limit=limit + (exclude is not None),
            folder=q.folder,
            not_folders=q.not_folders,
        )
        kept = [r for r in rows if r.article.id != exclude][:limit]
        return [
            SearchHit(article=r.article, snippet=make_snippet(r.text, q.terms, prefixes=q.prefixes), score=r.score)
            for r in kept
        ]

    def related_search(self, headline: str, *, source: int | None = None, limit: int = 50) -> list[SearchHit]:
        """The offline search a Related link falls back to (``headline_query``), leaving out
        the story holding the link. Empty when nothing else matches: offer the web."""
        from reader.core.search.query import headline_query

        query = headline_query(headline)
        return self.search(query, limit=limit, exclude=source) if query else []

    # --- refresh -------------------------------------------------------------------------------------

    def refresh_iter(
        self,
        feed_ids: Sequence[int] | None = None,
        *,
        workers: int | None = None,
        force: bool = True, override: bool = False,  # a manual refresh; also held feeds (refresh --force)
        progress: Callable[[RefreshProgress], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> Iterator[FeedResult]:
        """Refresh feeds concurrently, yielding one result per feed as it is stored (see ``refresh.refresh_iter``)."""
        store = self._connect()
        if feed_ids is not None:
            known = {f.id for f in store.feeds(list(feed_ids))}
            missing = [str(i) for i in feed_ids if i not in known]
            if missing:
                raise NotFoundError(_("no feed with id %(id)s") % {"id": ", ".join(missing)})
        from reader.core import refresh

        yield from refresh.refresh_iter(
            store, self.fetcher(), self.settings(), feed_ids,
            workers=workers, force=force, override=override, progress=progress, cancel=cancel,
            logins=self._login_of,
        )

    def refresh(
        self,
        feed_ids: Sequence[int] | None = None,
        *,
        workers: int | None = None,
        force: bool = True, override: bool = False,  # a manual refresh; also held feeds (refresh --force)
        progress: Callable[[RefreshProgress], None] | None = None,
        cancel: threading.Event | None = None,
        on_result: Callable[[FeedResult], None] | None = None,
        sync_progress: Callable[[SyncProgress], None] | None = None,
    ) -> RefreshSummary:
        """Refresh, then apply retention and write the daily backup: the one refresh both front ends run.

        Args:
            on_result: called with each feed's result as it is stored (the window's progress).
            sync_progress: the progress of the accounts' sync that follows the feeds
                (all feeds refreshed: every account, and with ``force=False`` only those not
                backing off; feeds named: the accounts they belong to).
        """
        results: list[FeedResult] = []
        for result in self.refresh_iter(feed_ids, workers=workers, force=force, override=override, progress=progress, cancel=cancel):
            results.append(result)
            if on_result is not None:
                on_result(result)
        synced = self._sync_for_refresh(feed_ids, force=force, cancel=cancel, progress=sync_progress)
        self.apply_retention()
        self.backup_quietly()
        return replace(summarize(results), sync=synced)


def summarize(results: Sequence[FeedResult]) -> RefreshSummary:
    checked = [r for r in results if r.status not in (FeedStatus.SKIPPED, FeedStatus.HELD)]
    return RefreshSummary(
        checked=len(checked),
        new_articles=sum(r.new for r in results),
        not_modified=sum(r.status is FeedStatus.NOT_MODIFIED for r in results),
        failed=sum(r.status is FeedStatus.FAILED for r in results),
        held=sum(r.status is FeedStatus.HELD for r in results),
        results=tuple(results),
    )


__all__ = ["Library", "open_library", "summarize"]
