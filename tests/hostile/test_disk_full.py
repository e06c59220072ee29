"""A disk that fills up during a refresh's checkpoint, a backup, an import and a save (a real tmpfs).

The library stays valid, the user is told in one line (or, for the daily
backup a refresh writes, warned while the refresh itself succeeds), and nothing
already stored is lost. Needs root to mount the tmpfs (CI runs as root; there a
missing tmpfs fails).
"""

from __future__ import annotations

import io
import os
import sqlite3
from pathlib import Path

import pytest

from reader.cli import main as cli_main
from reader.core.library import open_library
from tests.hostile.test_storage import marks, rss, tmpfs
from tests.servers import FeedServer, Response

DB = "library.sqlite3"


def cli(data_dir: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli_main(["--data-dir", str(data_dir), *args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def fill(mnt: Path, leave: int) -> Path:
    """Take all the free space of ``mnt`` but ``leave`` bytes."""
    stats = os.statvfs(mnt)
    free = stats.f_bavail * stats.f_frsize
    filler = mnt / "filler"
    with filler.open("ab") as out:
        out.write(b"\0" * max(0, free - leave))
    return filler


def sound(data_dir: Path) -> None:
    conn = sqlite3.connect(data_dir / DB)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.execute("INSERT INTO article_fts(article_fts) VALUES ('integrity-check')")
    finally:
        conn.close()


def test_checkpoint_after_a_refresh_on_a_full_disk_keeps_every_write(tmp_path: Path) -> None:
    mnt = tmp_path / "mnt"
    with tmpfs(mnt, "8m"):
        data_dir = mnt / "data"
        feed = tmp_path / "f.xml"
        feed.write_text(rss(0, count=40))
        with open_library(data_dir) as lib:
            lib.add_feed(str(feed))
            lib.mark_read([1, 2])
            lib.mark_saved([3])
        feed.write_text(rss(1, count=400, words=60))  # far more pages than are left once the disk is filled
        lib = open_library(data_dir)
        results = lib.refresh_iter()
        first = next(results)  # written to the WAL; the checkpoint comes when the refresh ends
        assert first.new == 360
        filler = fill(mnt, 0)
        assert list(results) == []  # the checkpoint meets the full disk: deferred, not an error
        assert len(lib.articles()) == 400  # every committed write is there (in the WAL)
        with pytest.raises(Exception, match="full") as caught:  # a write that needs room is refused clearly
            for article_id in range(4, 400):
                lib.mark_read([article_id])
        assert "\\n" not in str(caught.value)
        lib.close()
        filler.unlink()
        sound(data_dir)
        read, saved, count = marks(data_dir)
        assert count == 400 and {1, 2} <= read and saved == {3}
        with open_library(data_dir) as lib:
            assert all(a.title.endswith("v1") for a in lib.articles())


def test_backup_on_a_full_disk_is_a_warning_for_a_refresh_and_an_error_for_backup(tmp_path: Path) -> None:
    mnt = tmp_path / "mnt"
    with tmpfs(mnt, "8m"):
        data_dir = mnt / "data"
        feed = tmp_path / "f.xml"
        feed.write_text(rss(0, count=40, words=200))
        with open_library(data_dir) as lib:
            lib.add_feed(str(feed))
            lib.mark_saved(list(range(1, 41)))  # a backup holds every saved article: ~300 KB
            lib.mark_read([5])
            old = lib.backup(force=True, now=0)
        assert old is not None
        os.utime(old, (0, 0))  # a day old: the next refresh writes the daily backup
        before = marks(data_dir)
        filler = fill(mnt, 96 * 1024)
        code, out, err = cli(data_dir, "refresh")
        assert code == 0, err
        assert out.startswith("checked 1 feed,")
        (line,) = err.strip().splitlines()
        assert "daily backup could not be written" in line and "full" in line
        code, out, err = cli(data_dir, "backup")
        assert code == 1 and out == "" and len(err.strip().splitlines()) == 1 and "full" in err, err
        backups = sorted(p.name for p in (data_dir / "backups").iterdir())
        assert backups == [old.name]  # no partial file left, the old backup kept
        assert old.stat().st_size > 100_000
        assert marks(data_dir) == before
        filler.unlink()
        sound(data_dir)
        code, out, err = cli(data_dir, "backup")
        assert code == 0, err


def test_import_on_a_full_disk_imports_nothing(tmp_path: Path) -> None:
    mnt = tmp_path / "mnt"
    with tmpfs(mnt, "4m"):
        data_dir = mnt / "data"
        feed = tmp_path / "f.xml"
        feed.write_text(rss(0, count=20))
        with open_library(data_dir) as lib:
            lib.add_feed(str(feed))
            lib.mark_read([1])
        opml = tmp_path / "many.opml"
        outlines = "".join(f'<outline text="Feed {i} {"x" * 200}" xmlUrl="https://many.example/{i}/{"y" * 200}.xml"/>' for i in range(4000))
        opml.write_text(f'<opml version="2.0"><body><outline text="Bulk">{outlines}</outline></body></opml>')
        before = marks(data_dir)
        filler = fill(mnt, 128 * 1024)
        code, out, err = cli(data_dir, "import", str(opml))
        assert code == 1 and out == "" and len(err.strip().splitlines()) == 1 and "full" in err, (code, out, err)
        assert marks(data_dir) == before
        code, out, err = cli(data_dir, "feeds", "--json")
        assert code == 0 and out.count('"id"') == 1  # not one feed of the import half-written
        filler.unlink()
        sound(data_dir)
        code, out, err = cli(data_dir, "import", str(opml))
        assert code == 0 and out.startswith("added 4000"), err


def test_save_on_a_full_disk_keeps_the_mark_and_says_the_copy_was_not_kept(tmp_path: Path) -> None:
    mnt = tmp_path / "mnt"
    with tmpfs(mnt, "4m"), FeedServer() as server:
        page = "<html><body><article>" + "<p>A very long story about the harbour and its tides.</p>" * 8000 + "</article></body></html>"
        server.route("/story", Response(body=page, content_type="text/html"))
        data_dir = mnt / "data"
        feed = tmp_path / "f.xml"
        feed.write_text(f'<rss version="2.0"><channel><title>T</title><item><title>Story</title><guid>s</guid>'
                        f"<link>{server.url('/story')}</link><description>Teaser</description></item></channel></rss>")
        with open_library(data_dir) as lib:
            lib.add_feed(str(feed))
        filler = fill(mnt, 96 * 1024)
        code, out, err = cli(data_dir, "save", "1")
        (line,) = err.strip().splitlines()
        assert code == 0 and line.startswith("article 1 saved; its full page was not kept: ") and "full" in line, (code, err)
        filler.unlink()
        sound(data_dir)
        read, saved, _ = marks(data_dir)
        assert saved == {1}
        code, out, err = cli(data_dir, "save", "1")  # with room again, the copy is kept
        assert code == 0 and err == "", err
