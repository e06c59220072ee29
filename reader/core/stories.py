"""Full stories per feed: each new article's page, extracted during the refresh that brings it.

For a feed with "Fetch full stories" on, the refresh engine hands each
refreshed feed to ``StoryJobs.queue``. The articles it picks (those that
arrived in the last ``STORY_WINDOW`` and were never tried, at most
``STORIES_PER_FEED`` a refresh, newest first) have their page fetched and
extracted on the refresh's own thread pool, so the fetcher's per-host limit
keeps it polite and the work belongs to the feed's own schedule. Each result
is stored by the refresh's writer thread as the article's full copy (the pane
shows it in place of the feed's text, which stays one click away); a failure
is stored as the reason, so it is shown and not retried every refresh. When
the feed's image policy allows remote images, the story's images are kept
too, one job per image.

    jobs = StoryJobs(store, fetcher, settings, pool.submit, cancel)
    jobs.queue(feed_id)              # after the feed is stored
    ... wait on jobs.futures ...
    jobs.finish(future)              # on the writer thread, for each one done
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from reader.core import saved
from reader.core.content.pipeline import Prepared
from reader.core.errors import BylineError, NotFoundError
from reader.core.net.fetch import Fetcher
from reader.core.settings import Settings
from reader.core.storage.images import ImageRow
from reader.core.storage.store import Store

log = logging.getLogger(__name__)

STORIES_PER_FEED = 20  # pages fetched for one feed in one refresh
STORY_WINDOW = 3 * 86400  # only articles that arrived this recently get their story

Submit = Callable[..., "Future[Any]"]


def _story_job(fetcher: Fetcher, url: str, cancel: threading.Event | None) -> Prepared | str:
    """Fetch and extract one page (on a pool thread): the story, or why there is none."""
    try:
        return saved.fetch_story(fetcher, url, cancel=cancel)
    except BylineError as err:
        return str(err)


class StoryJobs:
    """The full-story work of one refresh: what is in flight, and storing what finished.

    Attributes:
        feeds: the feeds with full stories on, each with its own image policy.
        stored: stories kept so far; failed: stories that could not be kept.
    """

    def __init__(self, store: Store, fetcher: Fetcher, settings: Settings, submit: Submit, cancel: threading.Event | None) -> None:
        self.store = store
        self.fetcher = fetcher
        self.images_default = settings.images
        self.submit = submit
        self.cancel = cancel
        self.feeds = store.full_story_feeds()
        self.stored = 0
        self.failed = 0
        self._stories: dict[Future[Prepared | str], tuple[int, int]] = {}  # -> (article id, feed id)
        self._images: dict[Future[ImageRow], int] = {}  # -> article id

    @property
    def futures(self) -> set[Future[Any]]:
        return {*self._stories, *self._images}

    def owns(self, future: Future[Any]) -> bool:
        return future in self._stories or future in self._images

    def queue(self, feed_id: int, *, now: float | None = None) -> int:
        """Start fetching the stories this feed's recent articles still lack; returns how many."""
        if feed_id not in self.feeds or self._cancelled():
            return 0
        since = (time.time() if now is None else now) - STORY_WINDOW
        wanted = self.store.stories_wanted(feed_id, since=since, limit=STORIES_PER_FEED)
        for article_id, url in wanted:
            self._stories[self.submit(_story_job, self.fetcher, url, self.cancel)] = (article_id, feed_id)
        return len(wanted)

    def finish(self, future: Future[Any]) -> None:
        """Store a finished job's result (on the writer thread)."""
        if future in self._images:
            article_id = self._images.pop(future)
            if not self._cancelled():
                self._record(article_id, [future.result()])
            return
        article_id, feed_id = self._stories.pop(future)
        if self._cancelled():  # a cancelled fetch is not a failure to remember
            return
        story: Prepared | str = future.result()
        try:
            if isinstance(story, str):
                self.store.set_full_copy(article_id, None, None, error=story)
                self.failed += 1
                return
            self.store.set_full_copy(article_id, story.html, story.text)
        except NotFoundError:  # the article went (retention, its feed deleted) meanwhile
            return
        self.stored += 1
        policy = self.feeds[feed_id]
        if policy if policy is not None else self.images_default:
            self._queue_images(article_id)

    def cancel_all(self) -> None:
        for future in self.futures:
            future.cancel()

    def _cancelled(self) -> bool:
        return self.cancel is not None and self.cancel.is_set()

    def _queue_images(self, article_id: int) -> None:
        fetch, reuse = saved.images_wanted(self.store, article_id)
        if reuse:
            self._record(article_id, reuse)
        for url in fetch:
            self._images[self.submit(saved.fetch_image, self.fetcher, url, cancel=self.cancel)] = article_id

    def _record(self, article_id: int, rows: list[ImageRow]) -> None:
        try:
            self.store.record_images(article_id, rows)
        except NotFoundError:
            log.debug("article %d went before its images were stored", article_id)
