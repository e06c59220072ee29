"""How fast article bodies go through content.prepare + content.render.

Takes every entry of the shared corpus feeds and every whole article page,
runs prepare (ingest) then render (display) on each, several rounds, and prints
articles per second and MB/s of input for prepare, render and both. A synthetic
5 KB news body (paragraphs, links, an image, a callout) is timed too, since
that is the size the ingest budget is stated for.

``--generated N`` times ``prepare`` alone over N bodies made by bench/corpus.py
(about 7 KB each: paragraphs, links, images, callouts), the mix a cold refresh
of the benchmark corpus prepares, and prints entries/s and µs per entry (CPU).

    python bench/render_speed.py [CORPUS_DIR] [--rounds N] [--generated N]

CORPUS_DIR defaults to ../shared/corpus beside the repository.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

from reader.core.content import pipeline as content

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.corpus import make_body, make_headline

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def _feed_bodies(path: Path) -> list[tuple[str, bool, str | None]]:
    """(body, is_html, base_url) of each entry of one feed file."""
    data = path.read_bytes()
    try:
        from reader.core.feeds.parse import parse_feed

        parsed = parse_feed(data, url=path.as_uri())
        return [(e.content, e.content_is_html, e.base_url) for e in parsed.entries if e.content]
    except Exception:  # noqa: BLE001 - parse.py missing or refusing the file: fall back to feedparser
        import feedparser

        doc = feedparser.parse(io.BytesIO(data), sanitize_html=False, resolve_relative_uris=False)
        out = []
        for entry in doc.entries:
            blocks = entry.get("content") or []
            value = blocks[0] if blocks else entry.get("summary_detail")
            if value and value.get("value"):
                is_html = "html" in (value.get("type") or "text/html")
                out.append((value["value"], is_html, value.get("base") or entry.get("link")))
        return out


def collect(corpus: Path) -> list[tuple[str, bool, str | None]]:
    bodies: list[tuple[str, bool, str | None]] = []
    for path in sorted((corpus / "feeds").glob("*")):
        bodies.extend(_feed_bodies(path))
    for path in sorted((corpus / "articles").glob("*.html")):
        bodies.append((path.read_text(encoding="utf-8", errors="replace"), True, "https://example.com/news/"))
    return bodies


def synthetic_body() -> str:
    para = (
        "<p>The council met on <b>Tuesday</b> to discuss the <a href='/budget/2024'>budget</a>, "
        "which includes new spending on roads, schools and the harbour, officials said. "
        "Critics argued the plan leaves too little for housing.</p>\n"
    )
    body = para * 8 + "<p>[Harbour plan faces a second vote next month]</p>\n"
    body += "<figure><img src='/img/council.jpg' alt='Council chamber'><figcaption>The chamber</figcaption></figure>\n"
    while len(body) < 5000:
        body += para
    return body


def _time(label: str, items: list[tuple[str, bool, str | None]], rounds: int, fn: Callable[..., object]) -> None:
    """Print wall-clock and CPU-time rates (CPU time is steadier on a busy machine)."""
    size = sum(len(body.encode("utf-8")) for body, _, _ in items)
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(rounds):
        for body, is_html, base in items:
            fn(body, is_html, base)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    count = len(items) * rounds
    print(
        f"{label:<34} {count:>6} bodies  {count / wall:>7.0f} articles/s {size * rounds / wall / 1e6:>6.1f} MB/s"
        f"   (per CPU second: {count / cpu:>7.0f} articles, {size * rounds / cpu / 1e6:>5.1f} MB)"
    )


def generated_bodies(count: int, seed: int = 1) -> list[tuple[str, bool, str | None]]:
    """Bodies as bench/corpus.py writes them into its feeds, each with its entry URL as base."""
    rng = random.Random(seed)
    base = "http://127.0.0.1:8000/"
    headlines = [make_headline(rng) for _ in range(max(50, count // 4))]
    return [
        (make_body(rng, base, headlines, rng.randint(3000, 10000)), True, f"{base}site/{i % 200:04d}/story/{i}.html")
        for i in range(count)
    ]


def time_prepare(items: list[tuple[str, bool, str | None]], rounds: int) -> tuple[float, float]:
    """Best-of-``rounds`` CPU seconds per entry for prepare alone, and the mean body size."""
    best = float("inf")
    for _ in range(rounds):
        cpu = time.process_time()
        for body, is_html, base in items:
            content.prepare(body, is_html=is_html, base_url=base)
        best = min(best, time.process_time() - cpu)
    size = sum(len(body.encode("utf-8")) for body, _, _ in items) / len(items)
    return best / len(items), size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--generated", type=int, default=0, metavar="N", help="time prepare over N generated bodies")
    args = parser.parse_args(argv)
    if args.generated:
        items = generated_bodies(args.generated)
        per_entry, size = time_prepare(items, args.rounds)
        print(
            f"prepare (generated, {len(items)} bodies, {size / 1000:.1f} KB mean): "
            f"{1 / per_entry:>7.0f} entries/s per CPU, {per_entry * 1e6:6.1f} µs/entry"
        )
        return 0
    if not (args.corpus / "feeds").is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 1
    items = collect(args.corpus)
    prepared = [(content.prepare(b, is_html=h, base_url=u).html, True, None) for b, h, u in items]
    feeds_only = [item for item in items if len(item[0]) < 100_000]
    synthetic = [(synthetic_body(), True, "https://example.com/news/")] * 500

    def both(body: str, is_html: bool, base: str | None) -> object:
        return content.render(content.prepare(body, is_html=is_html, base_url=base).html)

    print(f"corpus: {len(items)} bodies, {sum(len(b) for b, _, _ in items) / 1e6:.2f} MB of text")
    _time("prepare (corpus)", items, args.rounds, lambda b, h, u: content.prepare(b, is_html=h, base_url=u))
    _time("render (prepared corpus)", prepared, args.rounds, lambda b, h, u: content.render(b))
    _time("prepare+render (corpus)", items, args.rounds, both)
    _time("prepare+render (feed entries)", feeds_only, args.rounds, both)
    _time("prepare (synthetic 5 KB)", synthetic, 1, lambda b, h, u: content.prepare(b, is_html=h, base_url=u))
    _time("prepare+render (synthetic 5 KB)", synthetic, 1, both)
    return 0


if __name__ == "__main__":
    sys.exit(main())
