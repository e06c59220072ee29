"""How long parsing takes: feedparser's own options, then Byline's parse_feed.

    python bench/parse_speed.py [CORPUS_FEEDS_DIR] [--entries 10000] [--repeat 3]

Prints, for the XML files of a corpus directory (default ../shared/corpus/feeds
beside the repository): feedparser with sanitize_html/resolve_relative_uris on
(its defaults) and off (what Byline uses); then parse_feed on the same files;
then parse_feed on one generated RSS feed and one JSON Feed of N entries.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reader.core.errors import ParseError  # noqa: E402
from reader.core.parse import parse_feed  # noqa: E402


def best_of(repeat: int, run: Callable[[], object]) -> float:
    """The fastest of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def generated_rss(entries: int) -> bytes:
    items = "".join(
        f"<item><title>Story number {i} about the harbour</title>"
        f"<link>https://news.example/{i}</link><guid>https://news.example/{i}</guid>"
        f"<pubDate>Mon, 02 Jan 2023 10:{i % 60:02d}:00 GMT</pubDate>"
        f"<description><![CDATA[<p>Paragraph <a href='/x/{i}'>link</a> and <b>bold</b> text for story {i}.</p>]]></description>"
        "</item>"
        for i in range(entries)
    )
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Gen</title>{items}</channel></rss>'.encode()


def generated_json(entries: int) -> bytes:
    items = [
        {
            "id": f"https://news.example/{i}",
            "url": f"https://news.example/{i}",
            "title": f"Story number {i} about the harbour",
            "date_published": "2023-01-02T10:00:00Z",
            "content_html": f"<p>Paragraph <a href='/x/{i}'>link</a> and <b>bold</b> text for story {i}.</p>",
        }
        for i in range(entries)
    ]
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "Gen", "items": items}).encode()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=ROOT.parent / "shared" / "corpus" / "feeds")
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    import feedparser

    warnings.simplefilter("ignore")
    bodies = [p.read_bytes() for p in sorted(args.corpus.glob("*")) if p.is_file() and p.suffix != ".json"]
    entries = sum(len(feedparser.parse(io.BytesIO(b)).entries) for b in bodies)
    print(f"corpus: {len(bodies)} XML files, {entries} entries, {sum(map(len, bodies)) / 1e6:.2f} MB")

    for flag in (True, False):

        def run_feedparser(flag: bool = flag) -> None:
            for body in bodies:
                feedparser.parse(io.BytesIO(body), sanitize_html=flag, resolve_relative_uris=flag)

        print(f"  feedparser sanitize/resolve {'on ' if flag else 'off'}: {best_of(args.repeat, run_feedparser) * 1000:8.1f} ms")

    def run_parse_feed() -> None:
        for body in bodies:
            try:
                parse_feed(body, url="https://corpus.example/feed")
            except ParseError:
                pass

    print(f"  parse_feed (Byline):              {best_of(args.repeat, run_parse_feed) * 1000:8.1f} ms")

    for name, body in (("RSS", generated_rss(args.entries)), ("JSON Feed", generated_json(args.entries))):
        seconds = best_of(args.repeat, lambda body=body: parse_feed(body, url="https://news.example/feed"))
        print(f"generated {name}, {args.entries} entries: {seconds * 1000:8.1f} ms ({args.entries / seconds:,.0f} entries/s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
