"""Library: the one facade the command line and the window share.

``open_library(data_dir)`` opens (creating and migrating) the library file and
wires the pieces together. Each thread that calls into a Library gets its own
SQLite connection, so the window's workers can use one Library object.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from reader import paths
from reader.core import content, opml, refresh
from reader.core.errors import BylineError, NotFoundError
from reader.core.models import (
    AddResult,
    Article,
    ArticleRow,
    DiscoveredFeed,
    Feed,
    FeedResult,
    Folder,
    ImportResult,
    RefreshProgress,
    RefreshSummary,
    Rendered,
    SearchHit,
    Selection,
    SmartFeed,
)
from reader.core.snippet import make_snippet
from reader.core.store import Store
from reader.core.urls import check_feed_url

log = logging.getLogger(__name__)

BACKUP_EVERY = 24 * 3600
BACKUP_KEEP = 7

DEFAULT_SETTINGS: dict[str, Any] = {
    "refresh_interval_minutes": 60,
    "images": False,  # load remote images in articles
    "retention_days": 0,  # 0 keeps everything
    "font_size": 0,  # 0 follows the system font
    "mark_read_delay_ms": 0,
    "workers": refresh.DEFAULT_WORKERS,
}

CHECK_EVERY = 24 * 3600
CHECK_MARK = "last-integrity-check"


def open_library(data_dir: str | Path | None = None, *, check: bool | None = None) -> Library:
    """Open the library in ``data_dir`` (default: the user's data dir).

    Args:
        check: run SQLite's integrity check first: True always, False never,
            None (the default, used by the CLI and the window) when the last
            good check is more than a day old — so a damaged file is caught
            without every start reading the whole library.

    Raises:
        CorruptLibraryError: the file is damaged; it is left untouched.
        StorageError: the file cannot be opened.
    """
    directory = paths.data_dir(data_dir)
    lib = Library(directory)
    mark = directory / CHECK_MARK
    existed = lib.db_path.exists()
    if check is None:
        try:
            check = existed and time.time() - mark.stat().st_mtime > CHECK_EVERY
        except OSError:
            check = existed
    try:
        lib._store(check=bool(check))
        if check or not existed:
            mark.touch()
    except BaseException:
        lib.close()
        raise
    return lib


class Library:
    """Everything a front end may ask of the library.

    Long jobs exist twice: ``refresh_iter`` yields one FeedResult per feed and
    ``refresh`` consumes it into a summary.
    """

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.db_path = data_dir / paths.DB_NAME
        self._local = threading.local()
        self._stores: list[Store] = []
        self._lock = threading.Lock()
        self._fetcher: Any = None

    # --- plumbing ------------------------------------------------------------------------

    def _store(self, *, check: bool = False) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = Store.open(self.db_path, check=check)
            self._local.store = store
            with self._lock:
                self._stores.append(store)
        return store

    @property
    def store(self) -> Store:
        """This thread's connection (for tests and benchmarks)."""
        return self._store()

    def fetcher(self) -> Any:
        """The process's one HTTP client, created on first use."""
        with self._lock:
            if self._fetcher is None:
                from reader.core.fetch import Fetcher

                self._fetcher = Fetcher()
            return self._fetcher

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

    # --- settings --------------------------------------------------------------------------

    def setting(self, key: str) -> Any:
        value = self._store().get_setting(key)
        return DEFAULT_SETTINGS.get(key) if value is None else value

    def set_setting(self, key: str, value: Any) -> None:
        if key not in DEFAULT_SETTINGS:
            raise BylineError(f"unknown setting {key!r}")
        self._store().set_setting(key, value)

    # --- feeds and folders -------------------------------------------------------------------

    def feeds(self) -> list[Feed]:
        return self._store().feeds()

    def feed(self, feed_id: int) -> Feed:
        return self._store().feed(feed_id)

    def folders(self) -> list[Folder]:
        return self._store().folders()

    def folder_id(self, path: str, *, create: bool = False) -> int | None:
        """The id of the folder at ``path`` ("News/World"); None for "" (the top)."""
        parts = split_folder_path(path)
        if not parts:
            return None
        store = self._store()
        found = store.ensure_folder(parts) if create else store.folder_by_path(parts)
        if found is None:
            raise NotFoundError(f"no folder {path!r}")
        return found

    def create_folder(self, path: str) -> int | None:
        return self.folder_id(path, create=True)

    def rename_folder(self, folder_id: int, title: str) -> None:
        title = title.strip()
        if not title or "/" in title:
            raise BylineError("a folder name cannot be empty or contain '/'")
        self._store().rename_folder(folder_id, title)

    def move_folder(self, folder_id: int, parent_id: int | None) -> None:
        self._store().move_folder(folder_id, parent_id)

    def delete_folder(self, folder_id: int) -> None:
        self._store().delete_folder(folder_id)

    def rename_feed(self, feed_id: int, title: str | None) -> None:
        self._store().rename_feed(feed_id, (title or "").strip() or None)

    def move_feed(self, feed_id: int, folder_id: int | None) -> None:
        self._store().move_feed(feed_id, folder_id)

    def delete_feed(self, feed_id: int) -> int:
        """Unsubscribe; returns how many saved articles were kept."""
        return self._store().delete_feed(feed_id)

    def set_feed_images(self, feed_id: int, allow: bool | None) -> None:
        self._store().set_feed_images(feed_id, allow)

    def set_feed_interval(self, feed_id: int, minutes: int | None) -> None:
        """Check this feed every ``minutes`` (None: the global interval); the publisher's ttl stays a floor."""
        if minutes is not None and minutes <= 0:
            raise BylineError("a refresh interval is a number of minutes above 0")
        self._store().set_feed_interval(feed_id, None if minutes is None else minutes * 60)

    def feed_icon(self, feed_id: int) -> tuple[bytes, str | None] | None:
        return self._store().feed_icon(feed_id)

    def discover(self, url: str) -> list[DiscoveredFeed]:
        """The feeds the page at ``url`` offers, best first (the window lets the user choose).

        Raises:
            BylineError: the address is refused or the page cannot be fetched.
        """
        from reader.core import discover

        address = url.strip() if "://" in url else "https://" + url.strip()
        return [DiscoveredFeed(f.url, f.title, f.type) for f in discover.discover(self.fetcher(), check_feed_url(address))]

    def add_feed(self, target: str, *, folder: str = "", title: str | None = None) -> AddResult:
        """Subscribe to a feed URL, a site URL (discovery) or a local feed file, and fetch it once.

        Raises:
            BylineError: the target is refused, unreachable, or not a feed; nothing is stored.
        """
        return refresh.add_feed(self, target, folder=split_folder_path(folder), title=title)

    # --- OPML -----------------------------------------------------------------------------------

    def import_opml(self, data: bytes, *, under: str = "") -> ImportResult:
        """Import an OPML subscription list; nothing is written if the file is malformed."""
        doc = opml.parse_opml(data)
        prefix = tuple(split_folder_path(under))
        store = self._store()
        folders = [prefix + path for path in doc.folders]
        items = [(f.url, f.title, prefix + f.folder, f.site_url) for f in doc.feeds]
        added, present = store.add_feeds(items, folders)
        return ImportResult(added=added, present=present, skipped=tuple(doc.skipped), folders=len(doc.folders))

    def export_opml(self) -> str:
        feeds = [
            opml.OutlineFeed(url=f.url, title=f.title, folder=tuple(split_folder_path(f.folder)), site_url=f.site_url)
            for f in self.feeds()
        ]
        folders = [tuple(split_folder_path(f.path)) for f in self.folders()]
        return opml.write_opml(feeds, folders)

    # --- articles ----------------------------------------------------------------------------------

    def articles(
        self,
        *,
        feed_id: int | None = None,
        folder: str | None = None,
        unread: bool = False,
        saved: bool = False,
        limit: int | None = None,
    ) -> list[Article]:
        if feed_id is not None:
            self.feed(feed_id)
        folder_id = self.folder_id(folder) if folder else None
        selection = Selection(
            smart=SmartFeed.SAVED if saved else None, feed_id=feed_id, folder_id=folder_id, unread_only=unread
        )
        return self._store().articles(selection, limit=limit)

    def article_ids(self, selection: Selection, *, newest_first: bool = True) -> list[int]:
        """Every id in ``selection`` in list order (date, then id)."""
        return self._store().article_ids(selection, newest_first=newest_first)

    def next_unread(self, selection: Selection, after_id: int | None, *, newest_first: bool = True) -> int | None:
        """The first unread id after ``after_id`` in list order; None when there is none."""
        return self._store().next_unread(selection, after_id, newest_first=newest_first)

    def article_rows(self, ids: Sequence[int]) -> list[ArticleRow]:
        return self._store().article_rows(ids)

    def article(self, article_id: int) -> Article:
        return self._store().article(article_id)

    def unread_counts(self) -> dict[int, int]:
        return self._store().unread_counts()

    def smart_counts(self) -> dict[SmartFeed, int]:
        return self._store().smart_counts(_local_midnight())

    def find_article_by_url(self, url: str) -> int | None:
        return self._store().article_id_by_url(url)

    def find_article_by_headline(self, headline: str, *, exclude: int | None = None) -> int | None:
        key = content.normalize_headline(headline)
        return self._store().article_id_by_title_key(key, exclude=exclude) if key else None

    def render(self, article_id: int, *, full_copy: bool = True) -> Rendered:
        """The article body as the pane shows it and ``byline show --html`` prints it."""
        store = self._store()
        article = store.article(article_id)
        body = article.content
        if full_copy and article.has_full_copy:
            body = store.full_copy(article_id)[0] or body
        return content.render(
            body,
            resolve=lambda headline: self.find_article_by_headline(headline, exclude=article_id),
            images=self.images_allowed(article.feed_id),
        )

    def images_allowed(self, feed_id: int | None) -> bool:
        """Whether an article of this feed may load remote images (its own policy, else the global one)."""
        own = self._store().feed_images(feed_id) if feed_id is not None else None
        return own if own is not None else bool(self.setting("images"))

    def mark_read(self, ids: Sequence[int], read: bool = True) -> int:
        self._require_articles(ids)
        return self._store().set_read(ids, read)

    def mark_all_read(self, selection: Selection) -> int:
        return self._store().mark_all_read(selection)

    def mark_saved(self, ids: Sequence[int], saved: bool = True) -> int:
        self._require_articles(ids)
        return self._store().set_saved(ids, saved)

    def _require_articles(self, ids: Sequence[int]) -> None:
        missing = sorted(set(ids) - self._store().existing_article_ids(ids))
        if missing:
            raise NotFoundError(f"no article with id {', '.join(map(str, missing))}")

    def save_full_copy(self, article_id: int) -> str | None:
        """Fetch and store the full story of a saved article. Returns the error, if any."""
        from reader.core import fullcopy

        return fullcopy.save_full_copy(self, article_id)

    def full_copy_error(self, article_id: int) -> str | None:
        return self._store().full_copy(article_id)[1]

    def apply_retention(self, *, now: float | None = None) -> int:
        days = int(self.setting("retention_days") or 0)
        if days <= 0:
            return 0
        now = time.time() if now is None else now
        return self._store().apply_retention(now - days * 86400)

    # --- backups ------------------------------------------------------------------------------------

    def backup(self, *, force: bool = False, now: float | None = None) -> Path | None:
        """Keep a rotating daily backup of what cannot be fetched again.

        A backup holds the subscriptions (as OPML) and every saved article with
        its full copy; ``restore_saved`` brings them back. Returns the new
        file, or None when the newest backup is less than a day old.
        """
        now = time.time() if now is None else now
        folder = self.data_dir / "backups"
        folder.mkdir(exist_ok=True)
        existing = sorted(folder.glob("saved-*.sqlite3"))
        if existing and not force and now - existing[-1].stat().st_mtime < BACKUP_EVERY:
            return None
        stamp = datetime.fromtimestamp(now, tz=timezone.utc).strftime("%Y%m%d-%H%M%S")
        target = folder / f"saved-{stamp}.sqlite3"
        partial = folder / f"saved-{stamp}.part"
        partial.unlink(missing_ok=True)
        try:
            self._store().write_backup(partial, {"opml": self.export_opml(), "written_at": str(now)})
            os.replace(partial, target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        for old in sorted(folder.glob("saved-*.sqlite3"))[:-BACKUP_KEEP]:
            old.unlink(missing_ok=True)
        return target

    def backups(self) -> list[Path]:
        return sorted((self.data_dir / "backups").glob("saved-*.sqlite3"), reverse=True)

    def restore_saved(self, backup: str | Path) -> int:
        """Restore the saved articles (and missing subscriptions) of a backup."""
        path = Path(backup)
        if not path.is_file():
            raise NotFoundError(f"no backup at {path}")
        extras = Store.read_backup_extras(path)
        if extras.get("opml"):
            self.import_opml(extras["opml"].encode("utf-8"))
        return self._store().restore_saved(path)

    # --- search ---------------------------------------------------------------------------------------

    def search(self, text: str, *, saved_only: bool = False, limit: int = 50) -> list[SearchHit]:
        """Full-text search, offline, best match first.

        Raises:
            QueryError: the query cannot be searched (the message says why).
        """
        from reader.core.query import parse_query

        q = parse_query(text)
        saved = True if saved_only else q.saved
        rows = self._store().search(
            q.match,
            saved=saved,
            read=q.read,
            after=q.after.timestamp() if q.after else None,
            before=q.before.timestamp() if q.before else None,
            limit=limit,
        )
        return [SearchHit(article=a, snippet=make_snippet(text, q.terms), score=score) for a, text, score in rows]

    # --- refresh -------------------------------------------------------------------------------------

    def refresh_iter(
        self,
        feed_ids: Sequence[int] | None = None,
        *,
        workers: int | None = None,
        force: bool = True,
        progress: Callable[[RefreshProgress], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> Iterator[FeedResult]:
        """Refresh feeds concurrently, yielding one result per feed as it is stored."""
        if feed_ids is not None:
            known = {f.id for f in self._store().feeds(list(feed_ids))}
            missing = [str(i) for i in feed_ids if i not in known]
            if missing:
                raise NotFoundError(f"no feed with id {', '.join(missing)}")
        n = workers or int(self.setting("workers"))
        yield from refresh.refresh_iter(self, feed_ids, workers=n, force=force, progress=progress, cancel=cancel)

    def refresh(self, feed_ids: Sequence[int] | None = None, **kwargs: Any) -> RefreshSummary:
        results = tuple(self.refresh_iter(feed_ids, **kwargs))
        self.apply_retention()
        self.backup_quietly()
        return summarize(results)

    def backup_quietly(self) -> Path | None:
        """The daily backup, where a failure is logged and never stops the caller's job."""
        try:
            return self.backup()
        except (OSError, BylineError):
            log.warning("the daily backup could not be written", exc_info=True)
            return None


def summarize(results: Sequence[FeedResult]) -> RefreshSummary:
    from reader.core.models import FeedStatus

    checked = [r for r in results if r.status is not FeedStatus.SKIPPED]
    return RefreshSummary(
        checked=len(checked),
        new_articles=sum(r.new for r in results),
        not_modified=sum(r.status is FeedStatus.NOT_MODIFIED for r in results),
        failed=sum(r.status is FeedStatus.FAILED for r in results),
        results=tuple(results),
    )


def split_folder_path(path: str | None) -> list[str]:
    """"News/World" -> ["News", "World"]; empty parts are dropped."""
    return [part.strip() for part in (path or "").split("/") if part.strip()]


def _local_midnight() -> float:
    now = datetime.now().astimezone()
    return now.replace(hour=0, minute=0, second=0, microsecond=0).timestamp()


__all__ = ["Library", "open_library", "split_folder_path", "summarize"]
