"""Where parsing runs during a refresh: a thread (the default), worker processes, or inline.

On two cores a worker process bought no wall time over a parse thread and cost
45-60 MiB and the pickling of every row (docs/decisions.md, "Refresh: parse on
a thread"): the default is one parse thread beside the fetch threads, whose
SQLite writes release the GIL. ``BYLINE_PARSE_POOL=process`` still selects
worker processes for a real refresh (started with ``spawn``, lazily, shut down
with the pool; if they cannot start, or a worker dies, jobs fall back to a
thread), and ``inline`` parses on the calling thread.

    with ParsePool.for_refresh(feeds=200) as pool:
        future = pool.submit(job, body, url)     # job: a module-level function
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from enum import StrEnum
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

ENV = "BYLINE_PARSE_POOL"  # "process", "thread" or "inline": overrides the choice below
PROCESS_MIN_FEEDS = 8  # kept for callers; processes are chosen only through ENV now


class PoolKind(StrEnum):
    PROCESS = "process"
    THREAD = "thread"
    INLINE = "inline"


def default_workers() -> int:
    """One worker per core the process may use, less the one that fetches and stores (at least one).

    On two cores a second worker was no faster (bench/refresh_speed.py) and costs ~45 MiB.
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, cores - 1)


def choose_kind(feeds: int) -> PoolKind:
    """A thread, unless ``BYLINE_PARSE_POOL`` asks for processes or inline parsing."""
    wanted = os.environ.get(ENV, "").strip().lower()
    if wanted in {k.value for k in PoolKind}:
        return PoolKind(wanted)
    return PoolKind.THREAD


def _warm_up() -> None:
    """Worker initializer: import the parsing stack once, before the first job."""
    import reader.core.content
    import reader.core.feeds.parse  # noqa: F401

    try:
        import feedparser  # noqa: F401
    except ImportError:  # parse.py reports it on first use
        pass


class ParsePool:
    """Runs parse jobs off the network threads; lazily started, closed with ``close``."""

    def __init__(self, kind: PoolKind | str = PoolKind.THREAD, workers: int | None = None) -> None:
        self.kind = PoolKind(kind)
        self.workers = workers or default_workers()
        self._executor: Executor | None = None
        self.fell_back: str | None = None  # why processes were given up, if they were
        self.submitted = 0  # jobs so far (an all-304 refresh submits none and starts nothing)

    @classmethod
    def for_refresh(cls, feeds: int) -> ParsePool:
        return cls(choose_kind(feeds))

    @property
    def started(self) -> bool:
        return self._executor is not None

    def _start(self) -> Executor | None:
        if self._executor is None and self.kind is PoolKind.PROCESS:
            try:
                self._executor = ProcessPoolExecutor(
                    max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"), initializer=_warm_up
                )
            except (OSError, ValueError, ImportError, NotImplementedError) as err:
                self._give_up_processes(f"worker processes could not start ({err})")
        if self._executor is None and self.kind is PoolKind.THREAD:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="byline-parse")
        return self._executor

    def _give_up_processes(self, why: str) -> None:
        log.warning("parsing on a thread instead: %s", why)
        self.fell_back = why
        old, self._executor = self._executor, None
        self.kind = PoolKind.THREAD
        if old is not None:
            old.shutdown(wait=False, cancel_futures=True)

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        """Run ``fn(*args)`` in the pool (inline pools run it now); ``fn`` must be picklable."""
        self.submitted += 1
        executor = self._start()
        if executor is None:
            return _done(fn, *args)
        try:
            return executor.submit(fn, *args)
        except BrokenProcessPool as err:
            self._give_up_processes(f"a parse worker died ({err})")
            return self.submit(fn, *args)
        except RuntimeError as err:  # e.g. cannot start new processes at interpreter exit
            if self.kind is not PoolKind.PROCESS:
                raise
            self._give_up_processes(str(err))
            return self.submit(fn, *args)

    def result(self, future: Future[T], fn: Callable[..., T], *args: Any) -> T:
        """The job's result; a job lost with a dead worker is run again here, on this thread."""
        try:
            return future.result()
        except BrokenProcessPool as err:
            if self.kind is PoolKind.PROCESS:
                self._give_up_processes(f"a parse worker died ({err})")
            return fn(*args)

    def close(self) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _done(fn: Callable[..., T], *args: Any) -> Future[T]:
    """A finished future holding ``fn(*args)`` or its exception."""
    future: Future[T] = Future()
    try:
        future.set_result(fn(*args))
    except BaseException as err:  # noqa: BLE001 - handed to the caller through the future, like an executor does
        future.set_exception(err)
    return future


__all__ = ["ENV", "PROCESS_MIN_FEEDS", "ParsePool", "PoolKind", "choose_kind", "default_workers"]
