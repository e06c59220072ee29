"""The real `byline` process against a feed server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.servers import FeedServer, Response

FEED = (Path(__file__).resolve().parents[1] / "data" / "cli_city.rss").read_bytes()


def byline(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BYLINE_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "reader", *args], capture_output=True, text=True, timeout=120, env=env, check=False
    )


def test_subscribe_refresh_search_over_http(feed_server: FeedServer, data_dir: Path) -> None:
    feed_server.route("/courier.xml", Response(body=FEED, content_type="application/rss+xml", etag='"v1"'))
    feed_server.route("/gone.xml", Response(status=410))
    added = byline(data_dir, "add", feed_server.url("/courier.xml"), "--folder", "Local")
    assert added.returncode == 0, added.stderr
    assert added.stdout.split("\t")[1].strip() == "Riverside Courier"

    refreshed = byline(data_dir, "refresh")
    assert refreshed.returncode == 0, refreshed.stderr
    assert refreshed.stdout.strip() == "checked 1 feed, 0 new articles, 1 not modified, 0 failed"
    conditional = [r for r in feed_server.requests if r.path == "/courier.xml"][-1]
    assert conditional.headers.get("if-none-match") == '"v1"'

    hits = json.loads(byline(data_dir, "search", "estuary", "--json").stdout)
    assert hits[0]["title"] == "Council weighs a second bridge over the estuary"

    gone = byline(data_dir, "add", feed_server.url("/gone.xml"))
    assert gone.returncode == 1
    assert gone.stderr.startswith("byline: ") and gone.stderr.count("\n") == 1

    dead = byline(data_dir, "add", "http://127.0.0.1:9/feed.xml")
    assert dead.returncode == 1 and "Traceback" not in dead.stderr


def test_cli_never_imports_qt(data_dir: Path) -> None:
    code = (
        "import sys; from reader.cli import main; "
        f"main(['--data-dir', {str(data_dir)!r}, 'feeds']); "
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
