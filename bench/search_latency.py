"""Search latency through Library.search on a generated library.

    python bench/search_latency.py --articles 100000 [--data-dir DIR] [--repeats 20]

Generates the library once (bench.corpus.generate_library) unless DIR holds
one, then prints median and 95th-percentile latency per query kind and
overall, for the whole call a front end makes (parse, rank, rows, snippets).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import generate_library  # noqa: E402
from bench.peers import QUERIES  # noqa: E402
from reader.core.library import open_library  # noqa: E402

EXTRA = (("saved filter", "harbor is:saved"), ("date filter", "storm after:2026-11-01"))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--data-dir", type=Path)
    ap.add_argument("--repeats", type=int, default=20)
    args = ap.parse_args()
    data = args.data_dir or Path.home() / ".cache" / "byline-bench" / f"byline-lib-{args.articles}"
    if not (data / "library.sqlite3").exists():
        started = time.perf_counter()
        generate_library(data, args.articles, seed=1)
        print(f"generated {args.articles} articles in {time.perf_counter() - started:.0f} s")
    lib = open_library(data, check=False)
    ids = [a.id for a in lib.articles(limit=200)]
    lib.mark_saved(ids[::10])
    everything: list[float] = []
    print(f"{'query':16} {'text':28} {'median ms':>10} {'p95 ms':>8} {'hits':>5}")
    for kind, text in (*QUERIES, *EXTRA):
        lib.search(text, limit=20)  # warm the cache, as a person searching twice would
        times = []
        for _ in range(args.repeats):
            started = time.perf_counter()
            hits = lib.search(text, limit=20)
            times.append((time.perf_counter() - started) * 1000)
        everything.extend(times)
        print(f"{kind:16} {text:28} {statistics.median(times):10.1f} {percentile(times, 95):8.1f} {len(hits):5d}")
    print(f"{'all queries':45} {statistics.median(everything):10.1f} {percentile(everything, 95):8.1f}")
    lib.mark_saved(ids[::10], False)
    lib.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
