"""Refreshing: due feeds -> fetch pool -> hash check -> parse -> decide -> store.

    for each feed to check (all, the due ones, or those named):
        fetch it on the thread pool (conditional GET; local files are read)
        error?              record it, back off (decide.next_check_after_error)
        304 or same bytes?  touch the check time, done
        otherwise           parse and prepare its entries in the ParsePool
                            decide per entry: new / changed / unchanged / buried
                            write it, with the feeds parsed alongside it, in one
                            transaction (the only writer), the rules acting on
                            the new articles inside it
        full stories on?    fetch its new articles' pages on the same pool (stories.py)
        a new feed's icon is looked up once per site, on the same pool

Network work runs on a thread pool. A changed body is parsed and its content
prepared in a ``ParsePool`` (see parsepool.py), so neither parsing nor storing
holds up fetching; the feeds whose parses finished together are then written
in one short transaction on the calling thread (entries.py turns entries into
rows and writes them). Everything this module needs is passed in: the calling
thread's ``Store``, the process's ``Fetcher`` and the ``Settings``.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from reader.core import decide
from reader.core.entries import (
    content_hash,
    entry_rows,
    quick_repr,
    store_entries,
    take_rows,
    write_entries,
    write_feed,
    write_feeds,
)
from reader.core.errors import BylineError, FetchError, NotAFeedError, ParseError
from reader.core.feeds.parse import parse_feed
from reader.core.models import FeedResult, FeedStatus, ParsedEntry, ParsedFeed, RefreshProgress
from reader.core.net.fetch import Fetcher, FetchResult
from reader.core.net.urls import SAMPLE_PREFIX, host_of, origin_of, sample_name
from reader.core.parsepool import ParsePool
from reader.core.rules.engine import RuleSet
from reader.core.secrets import Login
from reader.core.settings import Settings
from reader.core.storage.rows import EntryRow, FeedMeta, FeedState
from reader.core.storage.store import Store
from reader.core.stories import StoryJobs
from reader.i18n import _
from reader.paths import resources_dir

log = logging.getLogger(__name__)

HELD_BYTES = 4 << 20  # fetched bodies waiting to be parsed and stored: no new fetch past this


# --- parsing ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Parsed:
    """What a parse job sends back: the feed without its raw entries, and the rows to store."""

    feed: ParsedFeed | None = None
    rows: tuple[EntryRow, ...] = ()
    not_a_feed: str | None = None
    error: str | None = None


def _parse_job(body: bytes, url: str, content_type: str | None) -> _Parsed:
    """Parse and prepare one feed (in a worker process or thread); errors come back as values."""
    try:
        parsed = parse_feed(body, url=url, content_type=content_type)
    except NotAFeedError as err:
        return _Parsed(not_a_feed=str(err))
    except ParseError as err:
        return _Parsed(error=str(err))
    entries: list[ParsedEntry | None] = list(parsed.entries)
    feed = replace(parsed, entries=())
    del parsed  # take_rows lets each entry go once its row is made: a big feed is not held twice
    return _Parsed(feed=feed, rows=tuple(take_rows(entries)))


# --- fetching -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Fetched:
    state: FeedState
    result: FetchResult | None = None
    body: bytes = b""
    error: FetchError | None = None


def is_local(url: str) -> bool:
    """A feed read from this machine: a file: URL or a bundled sample feed."""
    return urlsplit(url).scheme == "file" or sample_name(url) is not None


def sample_folder() -> Path:
    """Where the bundled sample feeds are installed."""
    return resources_dir() / "sample"


def sample_url_of(path: Path) -> str | None:
    """``byline:sample/NAME`` for a file of the bundled sample folder, else None."""
    try:
        inside = path.resolve().parent == sample_folder().resolve()
    except OSError:
        return None
    return SAMPLE_PREFIX + path.name if inside and sample_name(SAMPLE_PREFIX + path.name) else None


def read_local(url: str) -> bytes:
    name = sample_name(url)
    if name is not None:
        path = sample_folder() / name
        if not path.is_file():
            raise FetchError(_("the sample feed %(name)s is not installed with this copy of Byline") % {"name": name}, feed=url)
    else:
        path = Path(url2pathname(urlsplit(url).path))
    try:
        return path.read_bytes()
    except OSError as err:
        raise FetchError(_("cannot read %(path)s: %(err)s") % {"path": path, "err": err.strerror or err}, feed=url) from err


def _fetch(fetcher: Fetcher, state: FeedState, cancel: threading.Event | None, login: Login | None = None) -> _Fetched:
    if cancel is not None and cancel.is_set():
        return _Fetched(state, error=FetchError("cancelled"))
    try:
        if is_local(state.url):
            return _Fetched(state, body=read_local(state.url))
        result = fetcher.fetch(
            state.url, etag=state.etag, last_modified=state.last_modified, cancel=cancel, login=login,
            user_agent=state.user_agent,
        )
        return _Fetched(state, result=result, body=result.body)
    except FetchError as err:
        return _Fetched(state, error=err)


def _done(fetched: _Fetched) -> Future[_Fetched]:
    future: Future[_Fetched] = Future()
    future.set_result(fetched)
    return future


def _fetch_icon(fetcher: Fetcher, where: tuple[str, str | None], cancel: threading.Event | None) -> tuple[bytes, str] | None:
    """A new feed's icon (the feed's image, else the site's favicon), or None."""
    if cancel is not None and cancel.is_set():
        return None
    from reader.core.net.discover import fetch_icon  # BeautifulSoup: loaded by the first icon look-up, not by every command

    try:
        return fetch_icon(fetcher, where[0], where[1])
    except BylineError:
        return None


# --- the engine -----------------------------------------------------------------------------------

_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter (malloc.h)
_MMAP_THRESHOLD = 128 << 10  # glibc's starting value, kept from then on
_malloc_tuned: bool | None = None  # None: not tried yet in this process


def _big_blocks_back_to_the_system() -> bool:
    """Keep glibc from recycling a refresh's big blocks in its heaps (Linux; elsewhere nothing is done).

    A fetched body, its text and each prepared entry list are blocks of
    hundreds of KB to MB. glibc maps blocks above a threshold straight from the
    system and unmaps them when freed, but it raises that threshold to the size
    of each such block freed, so afterwards big blocks come from its heaps, one
    per thread (up to 8 per core), where they stay: the refresh's peak grew with
    feed size. Fixing the threshold at glibc's starting value keeps it there.
    40 feeds x 500 entries: peak RSS 166 -> 132 MB, the same CPU (docs/decisions.md).
    """
    global _malloc_tuned
    if _malloc_tuned is None:
        _malloc_tuned = False
        try:
            import ctypes

            libc = ctypes.CDLL(None)
            mallopt = getattr(libc, "mallopt", None)
            if mallopt is not None and hasattr(libc, "gnu_get_libc_version"):
                _malloc_tuned = bool(mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD))
        except (OSError, AttributeError, ValueError):
            log.debug("malloc is left as it is", exc_info=True)
    return _malloc_tuned



def refresh_iter(
    store: Store,
    fetcher: Fetcher,
    settings: Settings,
    feed_ids: Sequence[int] | None = None,
    *,
    workers: int | None = None,
    force: bool = True,
    override: bool = False,
    progress: Callable[[RefreshProgress], None] | None = None,
    cancel: threading.Event | None = None,
    logins: Callable[[int], Login | None] | None = None,
) -> Iterator[FeedResult]:
    """Refresh feeds; yield a FeedResult per feed as it is stored.

    Args:
        store: the calling thread's connection (the only writer of the refresh).
        feed_ids: the feeds to refresh (all when None). Feeds named here are
            checked even when not due.
        workers: concurrent fetches (default: the setting).
        force: check every feed now; False checks only the due ones.
        override: also ask feeds that are gone (410) or that a server told to
            wait (Retry-After); without it they are yielded as HELD, with
            when they will be asked again (``decide.should_ask``).
        cancel: set it to stop promptly; what was stored stays consistent.
        logins: a feed id -> its login, asked on this thread for the feeds
            marked as having one (the secrets store may not like other threads).
    """
    _big_blocks_back_to_the_system()
    engine = _Engine(store, fetcher, settings, workers or settings.workers, cancel, logins)
    with store.bulk_writes():
        yield from engine.run(feed_ids, force=force, override=override, progress=progress)


class _BodySizes:
    """The mean size of the bodies fetched so far: how many more fetches a memory budget leaves room for."""

    # Before any body's size is known, this many fetches start: a burst of big bodies
    # was the peak of a refresh of big feeds. After FIRST_WAIT seconds with none back
    # (slow or dead servers) the window alone limits, so a refresh never stalls on them.
    FIRST = 2
    FIRST_WAIT = 0.5

    def __init__(self, first: int = FIRST, clock: Callable[[], float] = time.monotonic) -> None:
        self.count = 0
        self.total = 0
        self._first = first
        self._clock = clock
        self._started = clock()

    @classmethod
    def for_feeds(cls, first_up: Sequence[FeedState]) -> _BodySizes:
        """The sizes for a refresh whose first fetches are ``first_up``: when each of them can be
        answered 304 (it has a validator), no body is expected and the window is not held back."""
        cold = any(not (s.etag or s.last_modified) for s in first_up)
        return cls(cls.FIRST if cold else len(first_up))

    def add(self, size: int) -> None:
        self.count += 1
        self.total += size

    def room(self, budget: int, *, in_flight: int) -> int:
        """Fetches that may start beside ``in_flight`` ones within ``budget`` bytes (one at least when none runs)."""
        if not self.count:
            if self._clock() - self._started < self.FIRST_WAIT:
                return max(self._first - in_flight, 0)
            return budget
        if not self.total:
            return budget  # only empty bodies so far (304s): the window alone limits
        fits = budget * self.count // self.total - in_flight
        return max(fits, 0 if in_flight else 1)


@dataclass(frozen=True)
class _Pending:
    """A changed body waiting for its parse job."""

    state: FeedState
    result: FetchResult | None
    job: tuple[bytes, str, str | None]  # body, url, content type: _parse_job's arguments
    body_hash: str
    checked_at: float
    interval: int


_Outcome = tuple[FeedResult, "tuple[str, str | None] | None"]  # the result, and where to look for an icon


class _Engine:
    """One refresh: the pools, the futures in flight, and what each finished one means."""

    def __init__(
        self,
        store: Store,
        fetcher: Fetcher,
        settings: Settings,
        workers: int,
        cancel: threading.Event | None,
        logins: Callable[[int], Login | None] | None = None,
    ) -> None:
        self.store = store
        self.fetcher = fetcher
        self.settings = settings
        self.interval = int(settings.refresh_interval_minutes) * 60
        self.workers = max(1, workers)
        self.cancel = cancel
        self.logins = logins
        self.rules = RuleSet.load(store)  # read once: every feed of this refresh meets the same rules

    def _start_fetch(self, pool: ThreadPoolExecutor, state: FeedState) -> Future[_Fetched]:
        """Submit one feed's fetch, its login looked up here, on the calling thread."""
        login = None
        if state.login and self.logins is not None:
            try:
                login = self.logins(state.id)
            except BylineError as err:
                return _done(_Fetched(state, error=FetchError(_("its login could not be read: %(err)s") % {"err": err})))
        return pool.submit(_fetch, self.fetcher, state, self.cancel, login)

    def _todo(
        self, feed_ids: Sequence[int] | None, force: bool, override: bool
    ) -> tuple[list[FeedState], list[FeedState], list[FeedState]]:
        """The feeds to ask, those skipped (not due) and those held (gone, or told to wait)."""
        store, now = self.store, time.time()
        todo: list[FeedState] = []
        skipped: list[FeedState] = []
        held: list[FeedState] = []
        for s in store.feed_states(feed_ids):
            ask = decide.should_ask(s, now, named=feed_ids is not None, force=force, override=override)
            if ask is None:
                held.append(s)
            elif not ask:
                skipped.append(s)
            elif decide.is_held(s, now):  # forced past a 410 or a Retry-After
                store.revive_feed(s.id)
                todo.append(replace(s, gone=False, wait_until=None, next_check=None, error_count=0))
            else:
                todo.append(s)
        return todo, skipped, held

    def run(
        self,
        feed_ids: Sequence[int] | None,
        *,
        force: bool,
        override: bool,
        progress: Callable[[RefreshProgress], None] | None,
    ) -> Iterator[FeedResult]:
        todo, skipped, held = self._todo(feed_ids, force, override)
        for s in skipped:
            yield FeedResult(feed_id=s.id, url=s.url, status=FeedStatus.SKIPPED, title=s.title)
        for s in held:
            yield FeedResult(feed_id=s.id, url=s.url, status=FeedStatus.HELD, error=decide.held_reason(s), title=s.title)
        total = len(todo)
        done = new_total = 0
        if progress:
            progress(RefreshProgress(done=0, total=total, current="", new_articles=0))
        if not todo:
            return
        store, cancel = self.store, self.cancel
        pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="byline-fetch")
        parsers = ParsePool.for_refresh(total)
        queue = iter(todo)
        fetches: set[Future[_Fetched]] = set()
        parses: dict[Future[_Parsed], _Pending] = {}
        icons: dict[Future[tuple[bytes, str] | None], list[int]] = {}  # icon fetch -> feed ids
        icon_jobs: dict[tuple[str, str | None], Future[tuple[bytes, str] | None]] = {}  # one look-up per site
        stories = StoryJobs(store, self.fetcher, self.settings, pool.submit, cancel)  # full stories, per feed
        # Bodies fetched but not yet stored are held in memory: keep at most this many,
        # and start no new fetch while they add up to HELD_BYTES (big feeds parse one by one).
        # A fetch in flight will hold a body too: counted at the mean size of those seen so far.
        window = self.workers + 4
        bodies = _BodySizes.for_feeds(todo[:window])
        try:
            while True:
                held_bytes = sum(len(p.job[0]) for p in parses.values())
                room = window - len(fetches) - len(parses) if held_bytes < HELD_BYTES else 0
                room = min(room, bodies.room(HELD_BYTES - held_bytes, in_flight=len(fetches)))
                for state in itertools.islice(queue, max(0, room)):
                    fetches.add(self._start_fetch(pool, state))
                if not (fetches or parses or icons or stories.futures):
                    break
                waiting: set[Future[Any]] = {*fetches, *parses, *icons, *stories.futures}
                finished, _ = wait(waiting, timeout=0.25, return_when=FIRST_COMPLETED)
                if cancel is not None and cancel.is_set():
                    break
                outcomes: list[_Outcome] = []
                parsed: list[tuple[_Pending, _Parsed]] = []  # written together, after the loop
                for future in finished:
                    if stories.owns(future):
                        stories.finish(future)
                    elif future in icons:
                        found = future.result()
                        for feed_id in icons.pop(future):
                            store.set_feed_icon(feed_id, found[0] if found else None, found[1] if found else None)
                    elif future in fetches:
                        fetches.discard(future)
                        fetched = future.result()
                        bodies.add(len(fetched.body))
                        outcome = self._triage(fetched)
                        if isinstance(outcome, _Pending):
                            parses[parsers.submit(_parse_job, *outcome.job)] = outcome
                        else:
                            outcomes.append(outcome)
                    else:
                        pending = parses.pop(future)
                        found = parsers.result(future, _parse_job, *pending.job)
                        parsed.append((replace(pending, job=(b"", *pending.job[1:])), found))  # the body is done with
                outcomes += self._store_parsed(parsed)
                for result, icon in outcomes:
                    if icon is not None:
                        key = (origin_of(icon[0]), icon[1])
                        job = icon_jobs.get(key)
                        if job is None:  # feeds of one site share one look-up
                            job = icon_jobs[key] = pool.submit(_fetch_icon, self.fetcher, icon, cancel)
                            icons[job] = []
                        if job in icons:
                            icons[job].append(result.feed_id)
                        else:  # that site's look-up already finished
                            found = job.result()
                            store.set_feed_icon(result.feed_id, found[0] if found else None, found[1] if found else None)
                    if result.status in (FeedStatus.UPDATED, FeedStatus.NOT_MODIFIED):
                        stories.queue(result.feed_id)
                    done += 1
                    new_total += result.new
                    if progress:
                        progress(RefreshProgress(done=done, total=total, current=result.title, new_articles=new_total))
                    yield result
        finally:
            leftover: list[Future[Any]] = [*fetches, *parses, *icons]
            for f in leftover:
                f.cancel()
            stories.cancel_all()
            parsers.close()
            pool.shutdown(wait=True, cancel_futures=True)

    def _failed(
        self,
        state: FeedState,
        now: float,
        message: str,
        *,
        gone: bool = False,
        retry_after: float | None = None,
        http_status: int | None = None,
    ) -> FeedResult:
        message = message.replace("FEED_ID", str(state.id))  # "byline login FEED_ID ..." names this feed
        when = None if gone else decide.next_check_after_error(now, state.error_count, retry_after=retry_after)
        wait_until = None if gone else decide.wait_until_after_error(now, retry_after=retry_after)
        if wait_until is not None:
            message = f"{message}; {decide.asked_again_note(wait_until)}"
        self.store.record_error(state.id, message, now, when, gone=gone, wait_until=wait_until)
        return FeedResult(
            feed_id=state.id, url=state.url, status=FeedStatus.FAILED, error=message, title=state.title, http_status=http_status
        )

    @staticmethod
    def _icon_source(state: FeedState) -> tuple[str, str | None] | None:
        if state.has_icon or is_local(state.url) or not state.site_url:
            return None
        return (state.site_url, None)

    def _triage(self, fetched: _Fetched) -> _Outcome | _Pending:
        """Settle a fetch that needs no parsing (error, 304, same body), else say what to parse."""
        state, store, now = fetched.state, self.store, time.time()
        interval = state.interval_override or self.interval
        if fetched.error is not None:
            err = fetched.error
            if err.status == 410:
                message = f"{err}; not asked again until a forced refresh"
                return self._failed(state, now, message, gone=True, http_status=410), None
            return self._failed(state, now, str(err), retry_after=err.retry_after, http_status=err.status), None
        icon = self._icon_source(state)
        res = fetched.result
        max_age = res.max_age if res else None
        body_hash = None
        if res is None or not res.not_modified:
            body_hash = hashlib.sha256(fetched.body).hexdigest()
        if (res is not None and res.not_modified) or body_hash == state.body_hash:
            when = decide.next_check_after_success(now, interval, ttl=state.ttl_seconds, max_age=max_age)
            store.record_not_modified(state.id, now, when)
            return FeedResult(feed_id=state.id, url=state.url, status=FeedStatus.NOT_MODIFIED, title=state.title), icon
        assert body_hash is not None
        job = (fetched.body, res.url if res else state.url, res.content_type if res else None)
        return _Pending(state=state, result=res, job=job, body_hash=body_hash, checked_at=now, interval=interval)

    @staticmethod
    def _new_url(state: FeedState, res: FetchResult | None) -> str | None:
        """Where a permanent redirect moved the feed; a feed with a login keeps its host (its login goes nowhere else)."""
        moved = res.permanent_url if res else None
        if moved and state.login and host_of(moved) != host_of(state.url):
            return None
        return moved

    def _store_parsed(self, parsed: Sequence[tuple[_Pending, _Parsed]]) -> list[_Outcome]:
        """Write the feeds whose parses finished together in one transaction (on the calling thread).

        When storing is the slow lane, parses finish while a write runs and the next write takes
        them all: one commit instead of one per feed. A refresh never waits to gather more.
        """
        outcomes: list[_Outcome] = []
        written: list[tuple[_Pending, ParsedFeed]] = []
        feeds: list[tuple[int, FeedMeta, tuple[EntryRow, ...]]] = []  # what write_feeds takes, in that order
        for pending, found in parsed:
            state, res, now = pending.state, pending.result, pending.checked_at
            if found.not_a_feed is not None:
                message = f"{found.not_a_feed}; the address serves a web page — add the site's address to discover its feed"
                outcomes.append((self._failed(state, now, message), self._icon_source(state)))
            elif found.feed is None:
                outcomes.append((self._failed(state, now, found.error or "the feed could not be read"), self._icon_source(state)))
            else:
                feed, max_age = found.feed, res.max_age if res else None
                meta = FeedMeta(
                    checked_at=now,
                    next_check=decide.next_check_after_success(now, pending.interval, ttl=feed.ttl_seconds, max_age=max_age),
                    title=feed.title,
                    site_url=feed.site_url,
                    description=feed.description,
                    etag=res.etag if res else None,
                    last_modified=res.last_modified if res else None,
                    body_hash=pending.body_hash,
                    new_url=self._new_url(state, res),
                    ttl_seconds=feed.ttl_seconds,
                    problem=feed.problem,
                )
                written.append((pending, feed))
                feeds.append((state.id, meta, found.rows))
        stored = write_feeds(self.store, feeds, self.rules) if feeds else []
        for (pending, feed), (counts, arrival) in zip(written, stored, strict=True):
            state = pending.state
            icon = self._icon_source(state)
            if not state.has_icon and not is_local(state.url) and (feed.site_url or feed.icon_url):
                icon = (feed.site_url or state.url, feed.icon_url)
            result = FeedResult(
                feed_id=state.id, url=state.url, status=FeedStatus.UPDATED, new=counts.new, updated=counts.updated,
                title=feed.title or state.title, fresh=arrival.fresh, flagged=arrival.flagged,
            )
            outcomes.append((result, icon))
        return outcomes


__all__ = [
    "content_hash", "entry_rows", "is_local", "quick_repr", "read_local", "refresh_iter", "store_entries", "write_entries", "write_feed",
    "write_feeds",
]
