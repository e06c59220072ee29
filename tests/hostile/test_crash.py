"""kill -9 the CLI at random points during refresh, import and save: nothing saved or read is lost."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.core.library import open_library
from tests.servers import FeedServer, Response

ROUNDS = int(os.environ.get("BYLINE_CRASH_ROUNDS", "12"))


def feed(n: int, version: int) -> bytes:
    items = "".join(
        f"<item><title>Item {n}-{i} v{version}</title><guid>{n}-{i}</guid><link>https://crash.example.org/{n}/{i}</link>"
        f"<description>&lt;p&gt;{'Words of the story. ' * 40}v{version}&lt;/p&gt;</description></item>"
        for i in range(30)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Crash {n}</title>{items}</channel></rss>'.encode()


def start(data_dir: Path, *args: str, stderr: int = subprocess.DEVNULL) -> subprocess.Popen[bytes]:
    env = {**os.environ, "BYLINE_DATA_DIR": str(data_dir)}
    return subprocess.Popen([sys.executable, "-m", "reader", *args], env=env, stdout=subprocess.DEVNULL, stderr=stderr)


def check(data_dir: Path, read_ids: set[int], saved_ids: set[int]) -> None:
    conn = sqlite3.connect(data_dir / "library.sqlite3")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("INSERT INTO article_fts(article_fts) VALUES ('integrity-check')") is not None
        read = {r[0] for r in conn.execute("SELECT id FROM articles WHERE read = 1")}
        saved = {r[0] for r in conn.execute("SELECT id FROM articles WHERE saved = 1")}
    finally:
        conn.close()
    assert read_ids <= read
    assert saved_ids <= saved


@pytest.mark.slow
def test_kill_9_during_refresh_import_and_save(tmp_path: Path) -> None:
    rng = random.Random(20261126)
    data_dir = tmp_path / "lib"
    with FeedServer(latency=0.01) as server:
        for n in range(10):
            server.route(f"/f{n}.xml", Response(body=feed(n, 0), content_type="application/rss+xml"))
        lib = open_library(data_dir)
        for n in range(10):
            lib.add_feed(server.url(f"/f{n}.xml"))
        ids = [a.id for a in lib.articles()]
        read_ids = set(rng.sample(ids, 60))
        saved_ids = set(rng.sample(ids, 15))
        lib.mark_read(sorted(read_ids))
        lib.mark_saved(sorted(saved_ids))
        lib.close()
        opml = tmp_path / "many.opml"
        outlines = "".join(f'<outline text="x{i}" xmlUrl="https://crash.example.org/x{i}.xml"/>' for i in range(2000))
        opml.write_text(f'<opml version="2.0"><body><outline text="Bulk">{outlines}</outline></body></opml>')
        kills = 0
        for round_no in range(ROUNDS):
            for n in range(10):  # every feed changes so the refresh writes
                server.route(f"/f{n}.xml", Response(body=feed(n, round_no + 1), content_type="application/rss+xml"))
            job = rng.choice(["refresh", "import", "save"])
            args = {"refresh": ["refresh", "--workers", "4"], "import": ["import", str(opml)], "save": ["save", *map(str, rng.sample(ids, 5))]}[job]
            proc = start(data_dir, *args)
            time.sleep(rng.uniform(0.05, 0.6))
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
                kills += 1
            proc.wait(timeout=30)
            check(data_dir, read_ids, saved_ids)
        # after all that, a refresh completes normally
        proc = start(data_dir, "refresh", "--workers", "4", *[str(i) for i in range(1, 11)], stderr=subprocess.PIPE)
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
        check(data_dir, read_ids, saved_ids)
    print(f"crash test: {ROUNDS} rounds, {kills} processes killed mid-job")
    assert kills > 0
