"""The daily integrity check, kept off every path the user waits on.

SQLite's ``quick_check`` reads the whole file: seconds at 100k articles, a
minute or more at a million. Nothing waits for it:

- ``open_library`` never runs it (unless asked with ``check=True``); it only
  reads the verdict of the last check, a small file beside the library;
- the command line starts it, once a day, in a detached low-priority process
  (``start_background_check``) and goes on with the command;
- the window runs ``run_check`` in a worker after it is shown.

A check that finds damage writes ``DAMAGED`` (the one-line message, and the
size and time of the file it checked); from then on ``open_library`` refuses
the file with that message, exactly as if it had found the damage itself,
until the file changes (a restored backup, a rescue) — then the verdict is
dropped and the file is checked again.

    python -m reader.core.integrity DATA_DIR     # what the background process runs
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
import time
from pathlib import Path

from reader import paths
from reader.core.errors import CorruptLibraryError, StorageError
from reader.core.storage.store import Store
from reader.i18n import _

log = logging.getLogger(__name__)

CHECK_EVERY = 24 * 3600
CHECK_MARK = "last-integrity-check"  # touched after every good check
DAMAGED = "integrity-damaged"  # written by a check that found damage
RUNNING = "integrity-check.running"  # held by a background check (pid); stale after STALE_AFTER
STALE_AFTER = 6 * 3600


def _stamp(db: Path) -> list[int]:
    st = db.stat()
    return [st.st_size, st.st_mtime_ns]


def is_due(data_dir: Path, *, now: float | None = None) -> bool:
    """True when the library exists and its last good check is more than a day old (or never happened)."""
    if not (data_dir / paths.DB_NAME).exists():
        return False
    now = time.time() if now is None else now
    try:
        return now - (data_dir / CHECK_MARK).stat().st_mtime > CHECK_EVERY
    except OSError:
        return True


def raise_if_known_damaged(data_dir: Path) -> None:
    """Refuse a file a check found damaged (cheap: reads one small file).

    Raises:
        CorruptLibraryError: the last check found damage and the file has not changed since.
    """
    verdict = data_dir / DAMAGED
    try:
        found = json.loads(verdict.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    try:
        unchanged = found.get("stamp") == _stamp(data_dir / paths.DB_NAME)
    except OSError:
        unchanged = False
    if unchanged:
        stored = found.get("message")  # the check's own words, in the language it ran in
        raise CorruptLibraryError(str(stored or _("the library file is damaged")))
    verdict.unlink(missing_ok=True)  # the file was replaced or repaired: check it again soon
    (data_dir / CHECK_MARK).unlink(missing_ok=True)


def run_check(data_dir: Path, cancel: threading.Event | None = None) -> bool:
    """Check the whole file now (on the caller's thread) and record the verdict.

    Args:
        cancel: set it to stop early (closing the window); nothing is recorded then.

    Returns:
        True when the check finished and found nothing; False when cancelled.

    Raises:
        CorruptLibraryError: the file is damaged (the verdict is kept for later starts too).
        StorageError: the file could not be read at all.
    """
    db = data_dir / paths.DB_NAME
    stamp = _stamp(db)
    try:
        store = Store.open(db)
        try:
            finished = store.check_integrity(cancel)
        finally:
            store.close()
    except CorruptLibraryError as err:
        (data_dir / DAMAGED).write_text(json.dumps({"message": str(err), "stamp": stamp}), encoding="utf-8")
        raise
    if finished:
        (data_dir / CHECK_MARK).touch()
    return finished


def start_background_check(data_dir: Path) -> bool:
    """Start the daily check in a detached low-priority process when it is due; True if one was started."""
    if not is_due(data_dir):
        return False
    running = data_dir / RUNNING
    try:
        if time.time() - running.stat().st_mtime < STALE_AFTER:
            return False  # one is under way
        running.unlink()
    except OSError:
        pass
    try:
        fd = os.open(running, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except OSError:
        return False
    os.close(fd)
    try:
        devnull = os.open(os.devnull, os.O_RDWR)
        try:  # posix_spawn, not Popen: nothing in this process waits for the child or warns that it runs on
            os.posix_spawn(
                sys.executable, [sys.executable, "-m", "reader.core.integrity", str(data_dir)], dict(os.environ),
                file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 0), (os.POSIX_SPAWN_DUP2, devnull, 1),
                              (os.POSIX_SPAWN_DUP2, devnull, 2)],
                setsid=True,
            )
        finally:
            os.close(devnull)
    except OSError as err:
        log.info("the integrity check could not start: %s", err)
        running.unlink(missing_ok=True)
        return False
    return True


def main(argv: list[str]) -> int:
    """The background check: nice, check, record, release the running mark."""
    data_dir = Path(argv[0])
    try:
        os.nice(10)
    except OSError:
        pass
    try:
        run_check(data_dir)
        return 0
    except StorageError:
        return 1
    finally:
        (data_dir / RUNNING).unlink(missing_ok=True)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
