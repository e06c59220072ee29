"""Library calls off the UI thread, reported back by Qt signals.

This is the only module of the window that starts threads. Work runs on a few
*lanes* (``Lane``): each lane is one Python thread draining its own queue, so a
lane is serial by construction and keeps one SQLite connection for its whole
life (the Library hands each thread its own connection).

* ``READ``    lists of ids, renders, counts, link look-ups, search
* ``WRITE``   marking read/saved, settings, tree edits (the serial writer)
* ``NET``     adding feeds, images, full copies of saved articles, keeping images
* ``REFRESH`` the one running refresh
* ``IDLE``    background care that may take minutes (the daily integrity check)

Every job has a ``JobKind``, which fixes its lane and whether its answers go
stale. Each kind counts generations; when an answer of a *latest-only* kind
arrives on the UI thread and a newer job of the same kind was submitted since
(or ``forget(kind)`` was called), the answer is dropped: a newer selection
made it stale. docs/decisions.md ("Worker lanes") says why.
"""

from __future__ import annotations

import logging
import queue
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal, Slot

from reader.core.errors import BylineError
from reader.core.models import RefreshProgress, RefreshSummary
from reader.ui.i18n import arg, translate

if TYPE_CHECKING:
    from reader.core.library import Library

log = logging.getLogger(__name__)


class Lane(Enum):
    """One worker thread and its queue."""

    READ = "read"
    WRITE = "write"
    NET = "net"
    REFRESH = "refresh"
    IDLE = "idle"


class JobKind(Enum):
    """What a job does: the lane it runs on, and whether a newer job of its kind makes its answer stale.

    Attributes:
        lane: the lane that runs jobs of this kind.
        latest_only: only the newest job's answer is delivered (older ones are dropped).
    """

    # the window's reads: a newer request makes the older answer moot
    TREE = ("tree", Lane.READ, True)
    ICONS = ("icons", Lane.READ, True)
    COUNTS = ("counts", Lane.READ, True)
    SETTINGS = ("settings", Lane.READ, True)
    IDS = ("ids", Lane.READ, True)
    ARTICLE = ("article", Lane.READ, True)
    LINK = ("link", Lane.READ, True)
    SEARCH = ("search", Lane.READ, True)
    PREVIEW = ("preview", Lane.READ, True)  # what a rule's query matches now
    RULES = ("rules", Lane.READ, True)
    DISCOVER = ("discover", Lane.NET, True)
    ACCOUNT_TEST = ("account-test", Lane.NET, True)
    # every answer counts: each job asked for something of its own
    ROWS = ("rows", Lane.READ, False)
    NEXT_UNREAD = ("next-unread", Lane.READ, False)
    FREE = ("free", Lane.READ, False)
    NOTICE = ("notice", Lane.READ, False)  # the notification a refresh or a sync calls for
    EXPORT = ("export", Lane.READ, False)
    MARK = ("mark", Lane.WRITE, False)
    TREE_EDIT = ("tree-edit", Lane.WRITE, False)
    RULE_EDIT = ("rule-edit", Lane.WRITE, False)  # rules and smart feeds: add, change, remove, apply
    IMPORT = ("import", Lane.WRITE, False)
    SAVE_SETTINGS = ("save-settings", Lane.WRITE, False)
    ADD_FEED = ("add-feed", Lane.NET, False)
    LOGIN = ("login", Lane.NET, False)  # the keyring may be slow to answer: never on the READ or WRITE lane
    SAMPLE = ("sample", Lane.NET, False)
    IMAGE = ("image", Lane.NET, False)
    FULL_COPY = ("full-copy", Lane.NET, False)
    KEEP_IMAGES = ("keep-images", Lane.NET, False)
    ACCOUNT = ("account", Lane.NET, False)  # adding or removing an account, editing an account's feeds
    SYNC = ("sync", Lane.REFRESH, False)  # one sync or refresh at a time
    DOWNLOAD = ("download", Lane.NET, False)
    REFRESH = ("refresh", Lane.REFRESH, False)
    INTEGRITY = ("integrity", Lane.IDLE, False)
    RESCUE = ("rescue", Lane.WRITE, False)

    def __init__(self, label: str, lane: Lane, latest_only: bool) -> None:
        self.label = label
        self.lane = lane
        self.latest_only = latest_only


Done = Callable[[Any], None]
Failed = Callable[[str], None]


@dataclass
class _Job:
    kind: JobKind
    generation: int
    fn: Callable[[], Any]
    on_done: Done | None
    on_error: Failed | None


@dataclass(frozen=True)
class _Bug:
    """A job that raised something other than a BylineError: a bug, reported on the UI thread."""

    message: str
    error: Exception


class _Lane:
    """One thread and its queue."""

    def __init__(self, lane: Lane, deliver: Callable[[_Job, bool, Any], None]) -> None:
        self.lane = lane
        self.queue: queue.Queue[_Job | None] = queue.Queue()
        self._deliver = deliver
        self.thread = threading.Thread(target=self._run, name=f"byline-{lane.value}", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            job = self.queue.get()
            if job is None:
                return
            try:
                result = job.fn()
            except BylineError as err:
                self._deliver(job, False, str(err))
            except Exception as err:  # noqa: BLE001 - a bug: one status line, and the excepthook's dialog on the UI thread
                self._deliver(job, False, _Bug(arg(translate("Workers", "unexpected error: %1"), err), err))
            else:
                self._deliver(job, True, result)


class Workers(QObject):
    """Runs jobs on lanes and hands answers back on the UI thread.

    Signals:
        job_done(object job, bool ok, object result): internal relay (any thread -> UI).
        feed_refreshed(FeedResult): one per feed of a running refresh.
        refresh_progressed(RefreshProgress): progress of a running refresh.
        refresh_finished(RefreshSummary or None): the refresh ended (None: it failed).
        sync_progressed(SyncProgress): progress of an account's sync (alone, or within a refresh).
        idle(): every lane is empty and no job is running.
    """

    job_done = Signal(object, bool, object)
    feed_refreshed = Signal(object)
    refresh_progressed = Signal(object)
    refresh_finished = Signal(object)
    sync_progressed = Signal(object)
    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._generations: dict[JobKind, int] = {}
        self._pending = 0
        self._lock = threading.Lock()
        self._refresh_cancel: threading.Event | None = None
        self._closed = False
        self.job_done.connect(self._on_job_done)
        self._lanes = {lane: _Lane(lane, self._relay) for lane in Lane}

    # --- generic jobs -----------------------------------------------------------------

    def submit(
        self,
        kind: JobKind,
        fn: Callable[[], Any],
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> int:
        """Run ``fn`` on the lane of ``kind``; call ``on_done(result)`` or ``on_error(message)`` on the UI thread.

        Returns the job's generation (-1 once the workers are shut down). For a
        latest-only kind the answer is dropped when another job of the same kind
        was submitted after it, or the kind was forgotten.
        """
        if not isinstance(kind, JobKind):  # a free string would get a generation counter of its own
            raise TypeError(f"a job's kind is a JobKind, not {kind!r}")
        if self._closed:
            return -1
        generation = self._bump(kind)
        with self._lock:
            self._pending += 1
        self._lanes[kind.lane].queue.put(_Job(kind, generation, fn, on_done, on_error))
        return generation

    def forget(self, kind: JobKind) -> None:
        """Drop the answers of every job of ``kind`` still running or queued (a latest-only kind)."""
        if not kind.latest_only:
            raise ValueError(f"{kind.name} answers are never dropped; forgetting them would lose work")
        self._bump(kind)

    def _bump(self, kind: JobKind) -> int:
        generation = self._generations.get(kind, 0) + 1
        self._generations[kind] = generation
        return generation

    def generation(self, kind: JobKind) -> int:
        """The generation of the newest job of ``kind``."""
        return self._generations.get(kind, 0)

    def is_busy(self) -> bool:
        with self._lock:
            return self._pending > 0

    def _relay(self, job: _Job, ok: bool, result: Any) -> None:
        """Called on a lane thread: cross to the UI thread by a queued signal."""
        try:
            self.job_done.emit(job, ok, result)
        except RuntimeError:  # the window is gone
            log.debug("answer to %s dropped after close", job.kind.label)

    @Slot(object, bool, object)
    def _on_job_done(self, job: _Job, ok: bool, result: Any) -> None:
        with self._lock:
            self._pending -= 1
            pending = self._pending
        stale = job.kind.latest_only and job.generation != self._generations.get(job.kind)
        bug = result if isinstance(result, _Bug) else None
        if bug is not None:
            result = bug.message
        try:
            if not stale and not self._closed:
                if ok and job.on_done is not None:
                    job.on_done(result)
                elif not ok:
                    if job.on_error is not None:
                        job.on_error(result)
                    else:
                        log.warning("%s: %s", job.kind.label, result)
        finally:  # a bug in a callback (reported by the excepthook) still leaves the count right
            if pending == 0:
                self.idle.emit()
            if bug is not None:  # stale or not, a bug is reported: the window's hook logs it and shows the dialog
                sys.excepthook(type(bug.error), bug.error, bug.error.__traceback__)

    # --- refresh ---------------------------------------------------------------------------

    def refresh(
        self, library: Library, feed_ids: Sequence[int] | None = None, *, force: bool = True, override: bool = False
    ) -> bool:
        """Start ``Library.refresh`` (retention and the daily backup included) unless one is running.

        ``override`` also asks feeds a server told to wait or that are gone. Returns
        False if one was already running.
        """
        if self._refresh_cancel is not None or self._closed:
            return False
        cancel = threading.Event()
        self._refresh_cancel = cancel

        def run() -> RefreshSummary:
            return library.refresh(
                list(feed_ids) if feed_ids else None,
                force=force,
                override=override,
                progress=self._emit_progress,
                cancel=cancel,
                on_result=self.feed_refreshed.emit,
                sync_progress=self.sync_progressed.emit,
            )

        def finished(summary: RefreshSummary | None) -> None:
            self._refresh_cancel = None
            self.refresh_finished.emit(summary)

        def failed(message: str) -> None:
            log.warning("refresh failed: %s", message)
            finished(None)

        self.submit(JobKind.REFRESH, run, finished, failed)
        return True

    def _emit_progress(self, progress: RefreshProgress) -> None:
        self.refresh_progressed.emit(progress)

    def cancel_refresh(self) -> None:
        if self._refresh_cancel is not None:
            self._refresh_cancel.set()

    # --- shutdown ----------------------------------------------------------------------------

    def shutdown(self, timeout: float = 10.0) -> bool:
        """Cancel the refresh, finish queued jobs, stop every lane. True if all threads ended."""
        self._closed = True
        self.cancel_refresh()
        for lane in self._lanes.values():
            lane.queue.put(None)
        alive = False
        for lane in self._lanes.values():
            lane.thread.join(timeout)
            alive = alive or lane.thread.is_alive()
        return not alive
