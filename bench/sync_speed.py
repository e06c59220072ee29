"""Sync speed against a real Miniflux on 127.0.0.1: a first sync of 200 feeds x 50 items, then an incremental one.

Starts Miniflux and its throwaway PostgreSQL (tests/miniflux.py; the binary is
fetched once by scripts/get-miniflux), serves the feeds from a loopback server,
subscribes a Miniflux user to them (Miniflux fetches each), then times:

* the first sync into an empty library (every item fetched),
* an incremental sync with 50 changes: 25 marks made in Byline (pushed) and
  25 made on the server by "the phone" (pulled),
* an idle sync right after (nothing changed).

Each row gives seconds (median of ``--runs`` for the incremental ones) and the
requests made to the server, by endpoint.

    python -m bench.sync_speed                       # 200 x 50
    python -m bench.sync_speed --feeds 20 --items 50 # a quick look
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from email.utils import formatdate
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reader.core.library import open_library  # noqa: E402
from reader.core.models import SyncResult  # noqa: E402
from tests.miniflux import Miniflux  # noqa: E402
from tests.servers import FeedServer, Response  # noqa: E402


def feed_xml(server: FeedServer, n: int, items: int, now: float) -> str:
    site = server.url(f"/site{n}/")
    body = "".join(
        f"<item><guid isPermaLink='false'>f{n}-{i}</guid><title>Feed {n} story {i}</title>"
        f"<link>{site}{i}</link><description>&lt;p&gt;Story {i} of feed {n}, a paragraph or so of text "
        f"to carry.&lt;/p&gt;</description><pubDate>{formatdate(now - 86400 + i * 60, usegmt=True)}</pubDate></item>"
        for i in range(items)
    )
    return (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>Feed {n}</title><link>{site}</link>"
        f"<description>bench</description>{body}</channel></rss>"
    )


def describe(label: str, seconds: float, result: SyncResult) -> str:
    calls = ", ".join(f"{name} {count}" for name, count in result.requests)
    return (
        f"{label:<34} {seconds:7.2f} s  {result.request_count:4d} requests  "
        f"new {result.new_articles}, sent {result.sent}, received {result.received}  ({calls})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3, help="incremental syncs timed (median)")
    args = parser.parse_args()
    os.environ["BYLINE_NETWORK"] = "loopback"
    os.environ["BYLINE_SECRETS"] = "file"

    with tempfile.TemporaryDirectory() as tmp, FeedServer() as feeds, Miniflux.start(Path(tmp)) as server:
        now = time.time()
        user = server.create_user("bench", "bench-api-password")
        started = time.perf_counter()
        for n in range(args.feeds):
            feeds.route(f"/f{n}.xml", Response(body=feed_xml(feeds, n, args.items, now), content_type="application/rss+xml"))
            feeds.route(f"/site{n}/", Response(body="<html></html>", content_type="text/html"))
            user.add_feed(feeds.url(f"/f{n}.xml"), f"Cat {n % 10}")
        print(f"Miniflux subscribed to {args.feeds} feeds x {args.items} items in {time.perf_counter() - started:.1f} s")

        lib = open_library(Path(tmp) / "library")
        account, _ = lib.add_account("greader", server.url, "bench", "bench-api-password", name="Miniflux", sync=False)
        started = time.perf_counter()
        first = lib.sync([account.id]).results[0]
        print(describe(f"first sync ({first.new_articles} items)", time.perf_counter() - started, first))
        assert first.error is None, first.error

        entries = user.entries(status="unread")
        articles = {a.guid: a.id for a in lib.articles()}
        timings: list[float] = []
        last: SyncResult | None = None
        for run in range(args.runs):
            chunk = entries[run * 50 : run * 50 + 50]
            user.mark([e["id"] for e in chunk[:25]], "read")  # the phone
            lib.mark_read([articles[str(e["id"])] for e in chunk[25:]])  # Byline
            started = time.perf_counter()
            last = lib.sync([account.id]).results[0]
            timings.append(time.perf_counter() - started)
            assert last.error is None and last.sent == 25 and last.received == 25, last
        assert last is not None
        print(describe("incremental sync (50 changes)", statistics.median(timings), last)
              + f"  [runs: {', '.join(f'{t:.2f}' for t in timings)}]")

        from reader.core.net.greader import READ, READING_LIST, GReaderClient

        with GReaderClient(server.url, "bench", "bench-api-password") as client:  # how the id list pages
            paged = client.item_ids(READING_LIST, exclude=READ)
        truth = {str(e["id"]) for e in user.entries(status="unread")}
        print(f"unread ids: {len(truth)} on the server, {len(set(paged))} listed in pages of 1000, "
              f"{len(truth - set(paged))} skipped by the paging")

        started = time.perf_counter()
        idle = lib.sync([account.id]).results[0]
        print(describe("idle sync (nothing changed)", time.perf_counter() - started, idle))
        lib.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
