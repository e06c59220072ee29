"""Library care: getting back what a damaged library file still holds.

``rescue_library`` reads the damaged file page by page (``storage.rescue``)
and writes every row that still adds up into a new library folder beside the
old one: ``<name>-rescued-<UTC time>``, with the old folder's other files
(backups, settings files) copied along. The damaged file, its ``-wal`` and its
folder are never changed; the user switches to the new folder (``--data-dir``)
or moves it into place once satisfied.
"""

from __future__ import annotations

import logging
import shutil
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from reader import paths
from reader.core import integrity
from reader.core.errors import NotFoundError, StorageError
from reader.core.storage.rescue import RescueCounts, Salvage, read_damaged
from reader.core.storage.store import Store
from reader.i18n import _

log = logging.getLogger(__name__)

CHECK_MARK = integrity.CHECK_MARK  # the new file was just checked
# The library file and what is known about it: none of it holds for the rescued file.
_LIBRARY_FILES = {
    paths.DB_NAME, f"{paths.DB_NAME}-wal", f"{paths.DB_NAME}-shm", f"{paths.DB_NAME}-journal",
    integrity.CHECK_MARK, integrity.DAMAGED, integrity.RUNNING,
}


@dataclass(frozen=True)
class RescueResult:
    """Where the rescued library is, and what it holds.

    Attributes:
        unreadable: parts of the old file that could not be read (pages and cells).
        header_lost: the file's header was overwritten (its page size was worked out).
    """

    path: Path
    counts: RescueCounts
    unreadable: int = 0
    header_lost: bool = False


def rescue_library(data_dir: str | Path | None = None, *, now: float | None = None) -> RescueResult:
    """Recover what the library file in ``data_dir`` still holds into a new folder beside it.

    Raises:
        NotFoundError: there is no library file there.
        StorageError: the new folder cannot be written (it is removed again).
    """
    source = paths.data_dir(data_dir)
    damaged = source / paths.DB_NAME
    if not damaged.is_file():
        raise NotFoundError(_("there is no library file at %(path)s") % {"path": damaged})
    stamp = datetime.fromtimestamp(time.time() if now is None else now, tz=UTC).strftime("%Y%m%d-%H%M%S")
    target = source.parent / f"{source.name}-rescued-{stamp}"
    n = 1
    while target.exists():
        n += 1
        target = source.parent / f"{source.name}-rescued-{stamp}-{n}"
    try:
        target.mkdir(parents=True)
        store = Store.open(target / paths.DB_NAME)
        try:
            salvage = Salvage()
            counts = store.write_rescued(read_damaged(damaged, store.table_shapes(), salvage))
            store.check_integrity()
        finally:
            store.close()
        _copy_the_rest(source, target)
        (target / CHECK_MARK).touch()
    except OSError as err:
        shutil.rmtree(target, ignore_errors=True)
        message = _("cannot write the rescued library at %(path)s: %(err)s")
        raise StorageError(message % {"path": target, "err": err.strerror or err}) from err
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    log.info("rescued %s into %s: %s", damaged, target, counts)
    return RescueResult(target, counts, unreadable=salvage.bad_pages, header_lost=not salvage.header_intact)


def adopt_rescued(data_dir: str | Path | None, rescued: Path, *, now: float | None = None) -> Path:
    """Make a rescued library the one Byline opens: the damaged folder moves aside, the rescued one takes its place.

    Nothing inside either folder changes; the damaged one is kept as
    ``<name>-damaged-<UTC time>`` beside it. Returns the library folder (``data_dir``).

    Raises:
        StorageError: a folder could not be renamed (nothing was moved).
    """
    source = paths.data_dir(data_dir)
    stamp = datetime.fromtimestamp(time.time() if now is None else now, tz=UTC).strftime("%Y%m%d-%H%M%S")
    aside = source.parent / f"{source.name}-damaged-{stamp}"
    try:
        source.rename(aside)
    except OSError as err:
        message = _("cannot move the damaged library aside to %(path)s: %(err)s")
        raise StorageError(message % {"path": aside, "err": err.strerror or err}) from err
    try:
        rescued.rename(source)
    except OSError as err:
        aside.rename(source)
        message = _("cannot put the rescued library at %(path)s: %(err)s")
        raise StorageError(message % {"path": source, "err": err.strerror or err}) from err
    return source


def _copy_the_rest(source: Path, target: Path) -> None:
    """Everything in the old folder but the library file itself: backups, the secrets file, caches."""
    for item in source.iterdir():
        if item.name in _LIBRARY_FILES:
            continue
        if item.is_dir():
            shutil.copytree(item, target / item.name, symlinks=True)
        else:
            shutil.copy2(item, target / item.name)


__all__ = ["RescueResult", "adopt_rescued", "rescue_library"]
