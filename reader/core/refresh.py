"""Refreshing: due feeds -> fetch pool -> hash check -> parse -> decide -> store.

Network work runs on a thread pool. A changed body is parsed and its content
prepared in a ParsePool (worker processes for a real refresh, see parsepool.py),
so neither parsing nor storing holds up fetching; each feed is then written in
one short transaction on the calling thread, the only writer. Icons of new
feeds are fetched on the same pool as soon as their feed is stored.

The decisions (when a feed is next due, how long to back off, what an entry
row looks like) are plain functions at the top of this module.
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
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from reader.core import content
from reader.core.errors import BylineError, FetchError, NotAFeedError, ParseError
from reader.core.models import AddResult, FeedResult, FeedStatus, ParsedFeed, RefreshProgress
from reader.core.parse import parse_feed
from reader.core.parsepool import ParsePool
from reader.core.store import EntryRow, FeedMeta, FeedState
from reader.core.urls import check_feed_url

if TYPE_CHECKING:
    from reader.core.fetch import FetchResult
    from reader.core.library import Library

log = logging.getLogger(__name__)

DEFAULT_WORKERS = 16  # bench/fetch_concurrency.py: near-linear gains to 32 at 50 ms latency
MIN_BACKOFF = 15 * 60
MAX_BACKOFF = 24 * 3600
MAX_FLOOR = 7 * 24 * 3600  # a publisher's ttl never stops a feed for more than a week


# --- decisions ------------------------------------------------------------------------------


def next_check_after_success(now: float, interval: int, *, ttl: int | None = None, max_age: int | None = None) -> float:
    """When a feed that just answered is next due.

    The publisher's ttl / sy:updatePeriod and the response's Cache-Control
    max-age are floors under the user's interval.
    """
    floor = min(max(ttl or 0, max_age or 0), MAX_FLOOR)
    return now + max(interval, floor)


def next_check_after_error(now: float, error_count: int, *, retry_after: float | None = None) -> float:
    """Exponential back-off per feed; a server's Retry-After replaces it (between a minute and a week)."""
    if retry_after is not None:
        return now + min(max(float(retry_after), 60.0), float(MAX_FLOOR))
    return now + float(min(MIN_BACKOFF * (2 ** max(error_count, 0)), MAX_BACKOFF))


def is_due(state: FeedState, now: float) -> bool:
    return not state.gone and (state.next_check is None or state.next_check <= now)


def content_hash(*parts: object) -> str:
    h = hashlib.sha1()
    for part in parts:
        h.update(repr(part).encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()


def entry_rows(parsed: ParsedFeed) -> list[EntryRow]:
    """Turn parsed entries into store rows: prepared HTML, text, identity."""
    rows: list[EntryRow] = []
    for e in parsed.entries:
        body = e.content or e.summary
        prepared = content.prepare(body, is_html=e.content_is_html, base_url=e.base_url or e.url)
        categories = e.categories or prepared.categories
        rows.append(
            EntryRow(
                guid=e.guid,
                title=e.title,
                title_key=content.normalize_headline(e.title),
                content_hash=content_hash(e.title, e.url, e.author, body, e.published, e.updated, categories),
                url=e.url,
                author=e.author,
                published=e.published.timestamp() if e.published else None,
                updated=e.updated.timestamp() if e.updated else None,
                html=prepared.html,
                text=prepared.text,
                is_html=True,
                base_url=e.base_url,
                categories=tuple(categories),
                enclosures=e.enclosures,
            )
        )
    return rows


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
    rows = tuple(entry_rows(parsed))
    return _Parsed(feed=replace(parsed, entries=()), rows=rows)


# --- fetching -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Fetched:
    state: FeedState
    result: FetchResult | None = None
    body: bytes = b""
    error: FetchError | None = None
    started: float = 0.0


def is_local(url: str) -> bool:
    return urlsplit(url).scheme == "file"


def read_local(url: str) -> bytes:
    path = Path(url2pathname(urlsplit(url).path))
    try:
        return path.read_bytes()
    except OSError as err:
        raise FetchError(f"cannot read {path}: {err.strerror or err}") from err


def _fetch(lib: Library, state: FeedState, cancel: threading.Event | None) -> _Fetched:
    started = time.time()
    if cancel is not None and cancel.is_set():
        return _Fetched(state, error=FetchError("cancelled"), started=started)
    try:
        if is_local(state.url):
            return _Fetched(state, body=read_local(state.url), started=started)
        result = lib.fetcher().fetch(state.url, etag=state.etag, last_modified=state.last_modified, cancel=cancel)
        return _Fetched(state, result=result, body=result.body, started=started)
    except FetchError as err:
        return _Fetched(state, error=err, started=started)


# --- the engine -----------------------------------------------------------------------------------


def refresh_iter(
    lib: Library,
    feed_ids: Sequence[int] | None = None,
    *,
    workers: int = DEFAULT_WORKERS,
    force: bool = True,
    progress: Callable[[RefreshProgress], None] | None = None,
    cancel: threading.Event | None = None,
) -> Iterator[FeedResult]:
    """Refresh feeds; yield a FeedResult per feed as it is stored.

    Args:
        feed_ids: the feeds to refresh (all when None). Feeds named here are
            checked even when gone or not due.
        force: check every feed now; False checks only the due ones.
        cancel: set it to stop promptly; what was stored stays consistent.
    """
    with lib.store.bulk_writes():
        yield from _refresh(lib, feed_ids, workers=workers, force=force, progress=progress, cancel=cancel)


def _refresh(
    lib: Library,
    feed_ids: Sequence[int] | None,
    *,
    workers: int,
    force: bool,
    progress: Callable[[RefreshProgress], None] | None,
    cancel: threading.Event | None,
) -> Iterator[FeedResult]:
    store = lib.store
    now = time.time()
    states = store.feed_states(feed_ids)
    if feed_ids is not None:
        for s in states:
            if s.gone:
                store.revive_feed(s.id)
        states = store.feed_states(feed_ids)
    todo = [s for s in states if (force and not s.gone) or is_due(s, now)] if feed_ids is None else states
    skipped = [s for s in states if s not in todo]
    for s in skipped:
        yield FeedResult(feed_id=s.id, url=s.url, status=FeedStatus.SKIPPED, title=s.title)
    total = len(todo)
    done = new_total = 0
    interval = int(lib.setting("refresh_interval_minutes")) * 60
    if progress:
        progress(RefreshProgress(done=0, total=total, current="", new_articles=0))
    if not todo:
        return
    pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="byline-fetch")
    parsers = ParsePool.for_refresh(total)
    queue = iter(todo)
    fetches: set[Future[_Fetched]] = set()
    parses: dict[Future[_Parsed], _Pending] = {}
    icons: dict[Future[tuple[bytes, str] | None], list[int]] = {}  # icon fetch -> feed ids
    icon_jobs: dict[tuple[str, str | None], Future[tuple[bytes, str] | None]] = {}  # one look-up per site
    # Bodies fetched but not yet stored are held in memory: keep at most this many.
    window = max(1, workers) + 4
    try:
        while True:
            for state in itertools.islice(queue, max(0, window - len(fetches) - len(parses))):
                fetches.add(pool.submit(_fetch, lib, state, cancel))
            if not (fetches or parses or icons):
                break
            waiting: set[Future[Any]] = {*fetches, *parses, *icons}
            finished, _ = wait(waiting, timeout=0.25, return_when=FIRST_COMPLETED)
            if cancel is not None and cancel.is_set():
                break
            for future in finished:
                if future in icons:
                    found = future.result()
                    for feed_id in icons.pop(future):
                        store.set_feed_icon(feed_id, found[0] if found else None, found[1] if found else None)
                    continue
                if future in fetches:
                    fetches.discard(future)
                    outcome = _triage(lib, future.result(), interval)
                    if isinstance(outcome, _Pending):
                        parses[parsers.submit(_parse_job, *outcome.job)] = outcome
                        continue
                    result, icon = outcome
                else:
                    pending = parses.pop(future)
                    result, icon = _store_parsed(lib, pending, parsers.result(future, _parse_job, *pending.job))
                if icon is not None:
                    key = (origin_of(icon[0]), icon[1])
                    job = icon_jobs.get(key)
                    if job is None:  # feeds of one site share one look-up
                        job = icon_jobs[key] = pool.submit(_fetch_icon, lib, icon, cancel)
                        icons[job] = []
                    if job in icons:
                        icons[job].append(result.feed_id)
                    else:  # that site's look-up already finished
                        found = job.result()
                        store.set_feed_icon(result.feed_id, found[0] if found else None, found[1] if found else None)
                done += 1
                new_total += result.new
                if progress:
                    progress(RefreshProgress(done=done, total=total, current=result.title, new_articles=new_total))
                yield result
    finally:
        leftover: list[Future[Any]] = [*fetches, *parses, *icons]
        for f in leftover:
            f.cancel()
        parsers.close()
        pool.shutdown(wait=True, cancel_futures=True)


def origin_of(url: str) -> str:
    """scheme://host:port — what politeness limits and icon look-ups are shared by."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{parts.port or ''}"


def _fetch_icon(lib: Library, where: tuple[str, str | None], cancel: threading.Event | None) -> tuple[bytes, str] | None:
    """A new feed's icon (the feed's image, else the site's favicon), or None."""
    from reader.core.discover import fetch_icon

    if cancel is not None and cancel.is_set():
        return None
    try:
        return fetch_icon(lib.fetcher(), where[0], where[1])
    except BylineError:
        return None


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


def _failed(lib: Library, state: FeedState, now: float, message: str, *, gone: bool = False, retry_after: float | None = None) -> FeedResult:
    when = None if gone else next_check_after_error(now, state.error_count, retry_after=retry_after)
    lib.store.record_error(state.id, message, now, when, gone=gone)
    return FeedResult(feed_id=state.id, url=state.url, status=FeedStatus.FAILED, error=message, title=state.title)


def _triage(lib: Library, fetched: _Fetched, interval: int) -> _Outcome | _Pending:
    """Settle a fetch that needs no parsing (error, 304, same body), else say what to parse."""
    state, store, now = fetched.state, lib.store, time.time()
    interval = state.interval_override or interval
    icon = None
    if not state.has_icon and not is_local(state.url) and state.site_url and fetched.error is None:
        icon = (state.site_url, None)
    if fetched.error is not None:
        err = fetched.error
        if err.status == 410:
            message = f"{err} (the feed is gone; it will not be checked again until you refresh it)"
            return _failed(lib, state, now, message, gone=True), None
        return _failed(lib, state, now, str(err), retry_after=err.retry_after), None
    res = fetched.result
    max_age = res.max_age if res else None
    if res is not None and res.not_modified:
        store.record_not_modified(state.id, now, next_check_after_success(now, interval, ttl=state.ttl_seconds, max_age=max_age))
        return FeedResult(feed_id=state.id, url=state.url, status=FeedStatus.NOT_MODIFIED, title=state.title), icon
    body_hash = hashlib.sha256(fetched.body).hexdigest()
    if body_hash == state.body_hash:
        store.record_not_modified(state.id, now, next_check_after_success(now, interval, ttl=state.ttl_seconds, max_age=max_age))
        return FeedResult(feed_id=state.id, url=state.url, status=FeedStatus.NOT_MODIFIED, title=state.title), icon
    job = (fetched.body, res.url if res else state.url, res.content_type if res else None)
    return _Pending(state=state, result=res, job=job, body_hash=body_hash, checked_at=now, interval=interval)


def _store_parsed(lib: Library, pending: _Pending, parsed: _Parsed) -> _Outcome:
    """Write one parsed feed in one transaction (on the calling thread)."""
    state, res, now = pending.state, pending.result, pending.checked_at
    icon: tuple[str, str | None] | None = (state.site_url, None) if not state.has_icon and not is_local(state.url) and state.site_url else None
    if parsed.not_a_feed is not None:
        message = f"{parsed.not_a_feed}; the address serves a web page — add the site's address to discover its feed"
        return _failed(lib, state, now, message), icon
    if parsed.feed is None:
        return _failed(lib, state, now, parsed.error or "the feed could not be read"), icon
    feed = parsed.feed
    max_age = res.max_age if res else None
    meta = FeedMeta(
        checked_at=now,
        next_check=next_check_after_success(now, pending.interval, ttl=feed.ttl_seconds, max_age=max_age),
        title=feed.title,
        site_url=feed.site_url,
        description=feed.description,
        etag=res.etag if res else None,
        last_modified=res.last_modified if res else None,
        body_hash=pending.body_hash,
        new_url=res.permanent_url if res else None,
        ttl_seconds=feed.ttl_seconds,
        problem=feed.problem,
    )
    counts = lib.store.store_feed(state.id, meta, parsed.rows)
    if not state.has_icon and not is_local(state.url) and (feed.site_url or feed.icon_url):
        icon = (feed.site_url or state.url, feed.icon_url)
    return (
        FeedResult(
            feed_id=state.id, url=state.url, status=FeedStatus.UPDATED, new=counts.new, updated=counts.updated,
            title=feed.title or state.title,
        ),
        icon,
    )


# --- subscribing --------------------------------------------------------------------------------------


def add_feed(lib: Library, target: str, *, folder: Sequence[str] = (), title: str | None = None) -> AddResult:
    """Subscribe to a feed URL, a site URL or a local file; fetch it once; store it.

    Nothing is stored unless the feed was fetched and parsed.
    """
    alternatives: tuple[str, ...] = ()
    path = Path(target).expanduser()
    res = None
    if "://" not in target and path.is_file():
        url = path.resolve().as_uri()
        body = read_local(url)
    else:
        url = check_feed_url(target)
        existing = lib.store.feed_id_by_url(url)
        if existing is not None:
            return AddResult(feed=lib.feed(existing))
        res = lib.fetcher().fetch(url)
        body = res.body
        url = res.url if res.permanent_url else url
    try:
        parsed = parse_feed(body, url=url, content_type=res.content_type if res else None)
    except NotAFeedError:
        if res is None:
            raise
        found = [f.url for f in lib.discover(res.url)]
        if not found:
            raise NotAFeedError(f"{target} is a web page and no feed was found on it") from None
        url, alternatives = found[0], tuple(found[1:])
        existing = lib.store.feed_id_by_url(url)
        if existing is not None:
            return AddResult(feed=lib.feed(existing), alternatives=alternatives)
        res = lib.fetcher().fetch(url)
        parsed = parse_feed(res.body, url=res.url, content_type=res.content_type)
        body = res.body
    existing = lib.store.feed_id_by_url(url)
    if existing is not None:
        return AddResult(feed=lib.feed(existing), alternatives=alternatives)
    now = time.time()
    interval = int(lib.setting("refresh_interval_minutes")) * 60
    meta = FeedMeta(
        checked_at=now,
        next_check=next_check_after_success(now, interval, ttl=parsed.ttl_seconds, max_age=res.max_age if res else None),
        title=parsed.title,
        site_url=parsed.site_url,
        description=parsed.description,
        etag=res.etag if res else None,
        last_modified=res.last_modified if res else None,
        body_hash=hashlib.sha256(body).hexdigest(),
        ttl_seconds=parsed.ttl_seconds,
        problem=parsed.problem,
    )
    feed_id, counts = lib.store.subscribe(url, meta, entry_rows(parsed), folder=folder, user_title=title)
    return AddResult(feed=lib.feed(feed_id), new_articles=counts.new, alternatives=alternatives)


__all__ = [
    "DEFAULT_WORKERS",
    "add_feed",
    "entry_rows",
    "is_due",
    "next_check_after_error",
    "next_check_after_success",
    "refresh_iter",
]
