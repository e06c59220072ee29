"""The daily integrity check: due once a day, a verdict that outlives the process, cancellable."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest

from reader.core import integrity
from reader.core.errors import CorruptLibraryError
from reader.core.library import open_library
from reader.core.storage.store import Store


def test_due_once_a_day_and_recorded(data_dir: Path) -> None:
    with open_library(data_dir) as lib:
        assert not lib.integrity_due()  # a new library counts as checked
        stale = time.time() - 2 * 86400
        os.utime(data_dir / integrity.CHECK_MARK, (stale, stale))
        assert lib.integrity_due()
        assert lib.check_integrity() is True
        assert not lib.integrity_due()


def test_a_cancelled_check_records_nothing(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with open_library(data_dir):
        pass
    (data_dir / integrity.CHECK_MARK).unlink()
    cancel = threading.Event()
    cancel.set()
    store = Store.open(data_dir / "library.sqlite3")
    try:
        # set before it starts: the interrupt lands at the first step, or the tiny file is done first
        assert store.check_integrity(cancel) in (False, True)
    finally:
        store.close()
    monkeypatch.setattr(Store, "check_integrity", lambda self, cancel=None: False)  # stopped half-way
    assert integrity.run_check(data_dir, cancel) is False
    assert not (data_dir / integrity.CHECK_MARK).exists()


def test_a_damaged_verdict_is_kept_until_the_file_changes(data_dir: Path) -> None:
    with open_library(data_dir):
        pass
    db = data_dir / "library.sqlite3"
    message = "the library file is damaged (test); run byline rescue"
    verdict = {"message": message, "stamp": [db.stat().st_size, db.stat().st_mtime_ns]}
    (data_dir / integrity.DAMAGED).write_text(json.dumps(verdict), encoding="utf-8")
    with pytest.raises(CorruptLibraryError, match="damaged"):
        open_library(data_dir)
    os.utime(db, ns=(db.stat().st_atime_ns, db.stat().st_mtime_ns + 1_000_000_000))  # restored or rescued
    with open_library(data_dir) as lib:
        assert lib.integrity_due()  # the new file is checked again soon
    assert not (data_dir / integrity.DAMAGED).exists()
