"""The library file under stress: concurrent marks, damaged files, full disks, read-only places."""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from reader.cli import main as cli_main
from reader.core.errors import CorruptLibraryError, StorageError
from reader.core.integrity import RUNNING
from reader.core.library import CHECK_MARK, Library, open_library
from reader.core.models import FeedStatus
from reader.core.storage.articles import FeedWrite
from reader.core.storage.store import Store

DB = "library.sqlite3"
PAGE = 4096


def rss(version: int, count: int = 60, words: int = 40) -> str:
    items = "".join(
        f"<item><title>Item {i} v{version}</title><guid>g{i}</guid><link>https://ok.example/{i}</link>"
        f"<description>{'words and more words ' * words} v{version}</description></item>"
        for i in range(count)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Store</title>{items}</channel></rss>'


def cli(data_dir: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli_main(["--data-dir", str(data_dir), *args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def marks(data_dir: Path) -> tuple[set[int], set[int], int]:
    conn = sqlite3.connect(data_dir / DB)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        read = {r[0] for r in conn.execute("SELECT id FROM articles WHERE read = 1")}
        saved = {r[0] for r in conn.execute("SELECT id FROM articles WHERE saved = 1")}
        count = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        conn.close()
    return read, saved, count


# --- marks vs refresh ----------------------------------------------------------------------------


def test_marks_made_during_refreshes_are_all_kept(tmp_path: Path, library: Library) -> None:
    path = tmp_path / "f.xml"
    path.write_text(rss(0))
    feed_id = library.add_feed(str(path)).feed.id
    ids = sorted(a.id for a in library.articles(feed_id=feed_id))
    want_read = set(ids[::2])
    want_saved = set(ids[::3])
    done = threading.Event()
    errors: list[BaseException] = []

    def marker() -> None:
        try:
            for n, article_id in enumerate(ids):
                if article_id in want_read:
                    library.mark_read([article_id])
                if article_id in want_saved:
                    library.mark_saved([article_id])
                if n % 5 == 0:
                    time.sleep(0.005)  # spread the marks over the refreshes
        except BaseException as err:  # noqa: BLE001 - pragma: no cover - reported below
            errors.append(err)
        finally:
            done.set()

    thread = threading.Thread(target=marker, name="marker")
    thread.start()
    refreshes = 0
    updated = 0
    while not done.is_set() or refreshes < 5:
        refreshes += 1
        path.write_text(rss(refreshes))  # every entry changes, so each refresh rewrites all of them
        (result,) = library.refresh_iter([feed_id])
        assert result.status is FeedStatus.UPDATED, result.error
        updated += result.updated
    thread.join(timeout=60)
    assert not errors, errors
    read, saved, count = marks(library.data_dir)
    assert count == len(ids)
    assert read == want_read
    assert saved == want_saved
    assert updated >= len(ids) * 5
    assert all(a.title.endswith(f"v{refreshes}") for a in library.articles(feed_id=feed_id))


# --- damaged files --------------------------------------------------------------------------------


def _build(tmp_path: Path, data_dir: Path, count: int = 400) -> None:
    path = tmp_path / "f.xml"
    path.write_text(rss(0, count=count, words=100))
    with open_library(data_dir) as lib:
        lib.add_feed(str(path))
        lib.mark_read([1, 2, 3])
        lib.mark_saved([4])
    assert not (data_dir / f"{DB}-wal").exists() or (data_dir / f"{DB}-wal").stat().st_size == 0
    _last_check_days_ago(data_dir, 2)


def _last_check_days_ago(data_dir: Path, days: float) -> None:
    """Commands check the whole file when the last good check is over a day old."""
    mark = data_dir / CHECK_MARK
    when = time.time() - days * 86400
    os.utime(mark, (when, when))


def _damage_middle_page(db: Path) -> bytes:
    data = bytearray(db.read_bytes())
    pages = len(data) // PAGE
    assert pages > 20
    middle = pages // 2
    data[middle * PAGE : (middle + 1) * PAGE] = bytes((i * 37 + 11) % 251 for i in range(PAGE))
    db.write_bytes(bytes(data))
    return bytes(data)


COMMANDS = [["feeds"], ["articles", "--limit", "5"], ["search", "words"], ["show", "200"], ["refresh"], ["read", "7"], ["save", "--no-copy", "8"]]


def test_garbage_file_is_refused_and_left_untouched(tmp_path: Path, data_dir: Path) -> None:
    db = data_dir / DB
    garbage = bytes((i * 131 + 7) % 256 for i in range(50_000))
    db.write_bytes(garbage)
    for args in COMMANDS:
        code, out, err = cli(data_dir, *args)
        assert code == 1, (args, out, err)
        assert len(err.strip().splitlines()) == 1 and "damaged" in err, err
        assert out == ""
        assert db.read_bytes() == garbage


def test_damaged_page_is_caught_by_the_integrity_check(tmp_path: Path, data_dir: Path) -> None:
    _build(tmp_path, data_dir)
    damaged = _damage_middle_page(data_dir / DB)
    with pytest.raises(CorruptLibraryError) as caught:
        open_library(data_dir, check=True)
    assert "\n" not in str(caught.value)
    assert (data_dir / DB).read_bytes() == damaged


def test_damage_after_a_recent_check_still_gives_one_clear_line(tmp_path: Path, data_dir: Path) -> None:
    """Within a day of a good check nothing reads the whole file; touching the damage is still a message."""
    _build(tmp_path, data_dir)
    _last_check_days_ago(data_dir, 0)
    damaged = _damage_middle_page(data_dir / DB)
    for args in COMMANDS:
        code, _, err = cli(data_dir, *args)
        assert code in (0, 1), (args, err)
        assert "Traceback" not in err and len(err.strip().splitlines()) <= 1, (args, err)
        (data_dir / DB).write_bytes(damaged)
        for extra in (f"{DB}-wal", f"{DB}-shm"):
            (data_dir / extra).unlink(missing_ok=True)


def _wait_for_background_check(data_dir: Path) -> None:
    """The daily check runs in its own process: wait (bounded) until it has left its verdict."""
    deadline = time.monotonic() + 60
    while (data_dir / RUNNING).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not (data_dir / RUNNING).exists(), "the background integrity check did not finish"


def test_damaged_page_is_found_by_the_background_check_then_refused(tmp_path: Path, data_dir: Path) -> None:
    """The command that finds the check due does not wait for it; the ones after the verdict refuse the file."""
    _build(tmp_path, data_dir)
    damaged = _damage_middle_page(data_dir / DB)
    code, out, err = cli(data_dir, "feeds")
    assert code in (0, 1) and "Traceback" not in err and len(err.strip().splitlines()) <= 1, (code, out, err)
    _wait_for_background_check(data_dir)
    assert (data_dir / DB).read_bytes() == damaged
    code, out, err = cli(data_dir, "feeds")
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1 and "damaged" in err, (code, out, err)
    assert (data_dir / DB).read_bytes() == damaged


def test_damaged_page_no_command_writes_or_crashes(tmp_path: Path, data_dir: Path) -> None:
    """Once the daily check has found the damage, no command writes to the file; none ever crashes."""
    _build(tmp_path, data_dir)
    damaged = _damage_middle_page(data_dir / DB)
    cli(data_dir, "feeds")  # starts the check
    _wait_for_background_check(data_dir)
    assert (data_dir / DB).read_bytes() == damaged
    problems = []
    for args in COMMANDS:
        try:
            code, _, err = cli(data_dir, *args)
        except Exception as exc:  # noqa: BLE001 - a traceback for the user
            problems.append(f"{args}: {type(exc).__name__}: {exc}")
            continue
        if code != 1 or len(err.strip().splitlines()) != 1:
            problems.append(f"{args}: exit {code} {err!r}")
        if (data_dir / DB).read_bytes() != damaged:
            problems.append(f"{args}: wrote to the damaged file")
            (data_dir / DB).write_bytes(damaged)
    assert problems == [], "\n".join(problems)


def test_a_replaced_file_is_checked_again(tmp_path: Path, data_dir: Path) -> None:
    """A damaged verdict holds for the file it was made on; a restored file is opened and checked anew."""
    _build(tmp_path, data_dir)
    good = (data_dir / DB).read_bytes()
    _damage_middle_page(data_dir / DB)
    cli(data_dir, "feeds")
    _wait_for_background_check(data_dir)
    assert cli(data_dir, "feeds")[0] == 1
    (data_dir / DB).write_bytes(good)  # the user restores a copy
    code, out, err = cli(data_dir, "feeds")
    assert code == 0 and "Store" in out, (code, out, err)
    _wait_for_background_check(data_dir)
    assert (data_dir / CHECK_MARK).exists()


def test_no_command_waits_for_the_check(tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Work counted: opening the library for a command never runs quick_check in the command's process."""
    _build(tmp_path, data_dir)
    ran: list[int] = []
    real = Store.check_integrity
    monkeypatch.setattr(Store, "check_integrity", lambda self: ran.append(1) or real(self))
    started: list[int] = []
    monkeypatch.setattr("reader.core.integrity.start_background_check", lambda d: started.append(1) or False)
    assert cli_main(["--data-dir", str(data_dir), "feeds"], out=io.StringIO(), err=io.StringIO()) == 0
    assert ran == [] and started == [1]


# --- full disks and read-only places ----------------------------------------------------------------


@pytest.mark.parametrize(
    "message", ["database or disk is full", "attempt to write a readonly database", "disk I/O error"]
)
def test_write_failure_during_refresh_is_clear_and_loses_nothing(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch, message: str
) -> None:
    path = tmp_path / "f.xml"
    path.write_text(rss(0))
    with open_library(data_dir) as lib:
        lib.add_feed(str(path))
        lib.mark_read([1, 2])
        lib.mark_saved([3])
    before = marks(data_dir)
    titles_before = sorted(a["title"] for a in _titles(data_dir))
    path.write_text(rss(1, count=80))

    real = FeedWrite.apply

    def failing(self: FeedWrite, *args: object, **kwargs: object) -> object:
        real(self, *args, **kwargs)  # half the work is done inside the transaction...
        raise sqlite3.OperationalError(message)  # ...then the disk gives out

    monkeypatch.setattr(FeedWrite, "apply", failing)
    with open_library(data_dir) as lib, pytest.raises(StorageError) as caught:
        list(lib.refresh_iter())
    assert "\n" not in str(caught.value)
    code, out, err = cli(data_dir, "refresh")
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1, (code, out, err)
    assert message in err
    assert marks(data_dir) == before
    assert sorted(a["title"] for a in _titles(data_dir)) == titles_before
    monkeypatch.undo()
    monkeypatch.setenv("BYLINE_NETWORK", "loopback")
    code, out, err = cli(data_dir, "refresh")
    assert code == 0, err
    read, saved, count = marks(data_dir)
    assert count == 80 and read == before[0] and saved == before[1]


def _titles(data_dir: Path) -> list[dict[str, str]]:
    conn = sqlite3.connect(data_dir / DB)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute("SELECT title, html FROM articles")]
    finally:
        conn.close()


@contextmanager
def tmpfs(path: Path, size: str) -> Iterator[None]:
    """A tiny tmpfs at ``path`` (root only); skips the test where mounting is not allowed."""
    # CI runs as root on its own machine: there a missing tmpfs is a failure, not a skip.
    give_up = pytest.fail if os.environ.get("CI") == "true" else pytest.skip
    if os.geteuid() != 0 or shutil.which("mount") is None:
        give_up("mounting a tmpfs needs root")
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True)
    if done.returncode != 0:
        give_up(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def _remount(path: Path, options: str) -> None:
    """Remount; a remount read-only can fail with EBUSY for a moment after files on it were closed."""
    for _ in range(20):
        done = subprocess.run(["mount", "-o", f"remount,{options}", str(path)], capture_output=True)
        if done.returncode == 0:
            return
        time.sleep(0.25)
    raise AssertionError(f"cannot remount {path} {options}: {done.stderr.decode().strip()}")


def test_real_full_disk_and_read_only_disk(tmp_path: Path) -> None:
    mnt = tmp_path / "mnt"
    with tmpfs(mnt, "600k"):
        data_dir = mnt / "data"
        path = tmp_path / "f.xml"
        path.write_text(rss(0, count=30, words=50))
        with open_library(data_dir) as lib:
            lib.add_feed(str(path))
            lib.mark_read([1, 2])
            lib.mark_saved([3])
        before = marks(data_dir)

        path.write_text(rss(1, count=600, words=50))  # far more than 600 KB once stored
        code, out, err = cli(data_dir, "refresh")
        assert code == 1 and len(err.strip().splitlines()) == 1, (code, out, err)
        assert "full" in err
        assert marks(data_dir) == before
        # A small write goes in if the failed refresh left room in the write-ahead log; on a disk
        # this full SQLite may have none, and then it too fails cleanly, changing nothing.
        code, out, err = cli(data_dir, "read", "4")
        if code != 0:
            assert code == 1 and "full" in err and len(err.strip().splitlines()) == 1, (code, out, err)
            assert marks(data_dir) == before
            _remount(mnt, "rw,size=1m")  # the user frees some space: the same write goes in
            code, out, err = cli(data_dir, "read", "4")
            assert code == 0, err

        _remount(mnt, "ro")
        try:
            for args in (["feeds"], ["refresh"], ["read", "5"]):
                code, out, err = cli(data_dir, *args)
                assert code == 1 and len(err.strip().splitlines()) == 1, (args, code, out, err)
                assert "Traceback" not in err
        finally:
            _remount(mnt, "rw,size=64m")
        read, saved, count = marks(data_dir)
        assert read == before[0] | {4} and saved == before[1] and count == before[2]
        code, out, err = cli(data_dir, "refresh")
        assert code == 0, err
        assert marks(data_dir)[2] == 600


def test_read_only_file_without_root(tmp_path: Path, data_dir: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root ignores file modes (the tmpfs test covers a read-only disk)")
    path = tmp_path / "f.xml"
    path.write_text(rss(0, count=10))
    with open_library(data_dir) as lib:
        lib.add_feed(str(path))
    before = marks(data_dir)
    path.write_text(rss(1, count=20))
    os.chmod(data_dir / DB, 0o444)
    os.chmod(data_dir, 0o555)
    try:
        code, out, err = cli(data_dir, "refresh")
        assert code == 1 and len(err.strip().splitlines()) == 1, (code, out, err)
    finally:
        os.chmod(data_dir, 0o755)
        os.chmod(data_dir / DB, 0o644)
    assert marks(data_dir) == before
