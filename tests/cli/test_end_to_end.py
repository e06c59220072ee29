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


def test_refresh_honours_retry_after_and_force_overrides_it(feed_server: FeedServer, data_dir: Path) -> None:
    feed_server.route("/courier.xml", Response(body=FEED, content_type="application/rss+xml"))
    feed_id = byline(data_dir, "add", feed_server.url("/courier.xml")).stdout.split("\t")[0]
    feed_server.route("/courier.xml", Response(status=429, headers={"Retry-After": "3600"}))
    first = byline(data_dir, "refresh")
    assert first.returncode == 0 and first.stdout.strip() == "checked 1 feed, 0 new articles, 0 not modified, 1 failed"
    assert "not asked again before" in first.stderr
    hits = feed_server.hits["/courier.xml"]
    (feed,) = json.loads(byline(data_dir, "feeds", "--json").stdout)
    assert "retry after 3600 s" in feed["last_error"] and "not asked again before" in feed["last_error"]

    for args in (["refresh"], ["refresh", feed_id]):  # every manual refresh honours the server
        again = byline(data_dir, *args)
        assert again.returncode == 0, again.stderr
        assert again.stdout.strip() == "checked 0 feeds, 0 new articles, 0 not modified, 0 failed"
        (line,) = again.stderr.strip().splitlines()
        assert line.startswith(f"feed {feed_id} (Riverside Courier): the server asked to wait; not asked again before ")
    assert feed_server.hits["/courier.xml"] == hits

    feed_server.route("/courier.xml", Response(body=FEED, content_type="application/rss+xml"))
    forced = byline(data_dir, "refresh", "--force", feed_id)
    assert forced.returncode == 0, forced.stderr
    assert forced.stdout.strip() == "checked 1 feed, 0 new articles, 1 not modified, 0 failed"
    assert feed_server.hits["/courier.xml"] == hits + 1
    (feed,) = json.loads(byline(data_dir, "feeds", "--json").stdout)
    assert feed["last_error"] is None


def test_refresh_force_asks_a_gone_feed_again(feed_server: FeedServer, data_dir: Path) -> None:
    feed_server.route("/courier.xml", Response(body=FEED, content_type="application/rss+xml"))
    byline(data_dir, "add", feed_server.url("/courier.xml"))
    feed_server.route("/courier.xml", Response(status=410))
    assert "not asked again until a forced refresh" in byline(data_dir, "refresh").stderr
    held = byline(data_dir, "refresh")
    assert "gone (HTTP 410)" in held.stderr and held.stdout.startswith("checked 0 feeds")
    hits = feed_server.hits["/courier.xml"]
    feed_server.route("/courier.xml", Response(body=FEED, content_type="application/rss+xml"))
    forced = byline(data_dir, "refresh", "--force")
    assert forced.returncode == 0 and forced.stdout.startswith("checked 1 feed,"), forced.stderr
    assert feed_server.hits["/courier.xml"] == hits + 1


PAGES = {  # pages where trafilatura finds too little, so readability is asked too
    "/comment.html": b"<!-- nothing but a comment -->",  # readability logged a traceback on this one
    "/empty.html": b"",
    "/teaser.html": b"<html><body><p>Subscribe to read more.</p></body></html>",
}


def test_save_with_a_page_the_extractors_cannot_read_prints_one_line(feed_server: FeedServer, data_dir: Path, tmp_path: Path) -> None:
    items = "".join(
        f"<item><title>Story {n}</title><guid>s{n}</guid><link>{feed_server.url(path)}</link>"
        f"<description>Teaser {n}</description></item>"
        for n, path in enumerate(PAGES)
    )
    feed = tmp_path / "f.xml"
    feed.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Pages</title>{items}</channel></rss>')
    for path, body in PAGES.items():
        feed_server.route(path, Response(body=body, content_type="text/html"))
    assert byline(data_dir, "add", str(feed)).returncode == 0
    ids = {a["title"]: a["id"] for a in json.loads(byline(data_dir, "articles", "--json").stdout)}
    for n in range(len(PAGES)):
        saved = byline(data_dir, "save", str(ids[f"Story {n}"]))
        assert saved.returncode == 0, saved.stderr
        assert "Traceback" not in saved.stderr
        (line,) = saved.stderr.strip().splitlines()
        assert line.startswith(f"article {ids[f'Story {n}']} saved; its full page was not kept: no story text was found on the page")
    assert all(a["saved"] for a in json.loads(byline(data_dir, "articles", "--json").stdout))
