"""Parse speed: feedparser path against the lxml fast path of parse_feed.

    python bench/parse_speed.py [CORPUS_FEEDS_DIR] [--feeds 200] [--entries 50] [--repeat 3]

Prints entries/s for parse_feed(engine="feedparser") and parse_feed(engine="auto")
over the XML files of a corpus directory (default ../shared/corpus/feeds beside
the repository) and over a generated bench corpus (bench.corpus.write_corpus,
FEEDS x ENTRIES, XML feeds only), plus the share of documents the fast path took.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reader.core.errors import ParseError  # noqa: E402
from reader.core.feeds.parse import FastPathDeclined, parse_feed  # noqa: E402

Doc = tuple[bytes, str]


def best_of(repeat: int, run: Callable[[], object]) -> float:
    """The fastest of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def parse_all(docs: list[Doc], engine: str) -> int:
    """Parse every document; the number of entries read."""
    entries = 0
    for body, url in docs:
        try:
            entries += len(parse_feed(body, url=url, engine=engine).entries)  # type: ignore[arg-type]
        except ParseError:
            pass
    return entries


def fast_share(docs: list[Doc]) -> int:
    taken = 0
    for body, url in docs:
        try:
            parse_feed(body, url=url, engine="fast")
        except FastPathDeclined:
            continue
        except ParseError:
            pass
        taken += 1
    return taken


def report(name: str, docs: list[Doc], repeat: int) -> None:
    entries = parse_all(docs, "feedparser")
    megabytes = sum(len(b) for b, _ in docs) / 1e6
    print(f"{name}: {len(docs)} XML documents, {entries} entries, {megabytes:.1f} MB; "
          f"fast path takes {fast_share(docs)} of {len(docs)}")
    timings = {}
    for engine in ("feedparser", "auto"):
        seconds = best_of(repeat, lambda engine=engine: parse_all(docs, engine))
        timings[engine] = seconds
        print(f"  {engine:<10} {seconds * 1000:9.1f} ms  {entries / seconds:10,.0f} entries/s")
    print(f"  speed-up   {timings['feedparser'] / timings['auto']:9.1f}x")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=ROOT.parent / "shared" / "corpus" / "feeds")
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")

    from bench.corpus import write_corpus

    if args.corpus.is_dir():
        paths = sorted(p for p in args.corpus.iterdir() if p.is_file() and p.suffix != ".json")
        report("corpus", [(p.read_bytes(), "https://corpus.example/feeds/" + p.name) for p in paths], args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        base = "http://127.0.0.1:9/"
        write_corpus(tmp, n_feeds=args.feeds, n_entries=args.entries, base_url=base)
        paths = sorted((Path(tmp) / "feeds").glob("*.xml"))
        docs = [(p.read_bytes(), base + "feeds/" + p.name) for p in paths]
    report(f"bench corpus {args.feeds}x{args.entries}", docs, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
