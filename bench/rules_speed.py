"""Rules and smart feeds: what they cost the tree and the refresh.

    python -m bench.rules_speed counts [--articles 1000000] [--data-dir DIR]
    python -m bench.rules_speed refresh [--runs 3] [--latency-ms 50]

``counts``: a generated library (bench.corpus.generate_library; kept under
~/.cache/byline-bench/ unless --data-dir is given) is opened (migrating it if
it is older), given 20 rules of mixed actions applied to every stored article,
and 3 smart feeds (one matching about half the library). Then the tree's counts
(``Library.tree_counts``: unread per feed, All Unread / Today / Saved, every
smart feed) are read 50 times on the UI thread of a QApplication, from a timer,
as the window does. Printed beside them: the same counts done the way the tree
did before schema 8 (GROUP BY over the unread rows, a search per smart feed).

``refresh``: the bench corpus (200 feeds x 50 entries over 25 loopback origins,
bench.refresh_speed) refreshed cold in a child process, interleaved: no rules,
20 rules, 20 rules + 3 smart feeds. Medians of wall and CPU time (the child and
its parse workers).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Twenty rules over the corpus vocabulary, five per action, some limited to a folder. Like real
# mute and notify rules each matches a few percent of the articles at most (the corpus draws
# from ~300 words, so a single body word would match most of them).
RULES: tuple[tuple[str, str], ...] = (
    ("read", "title:strike"),
    ("read", "folder:Sports/Opinion"),
    ("read", '"wildfire drought" OR "drought wildfire"'),
    ("read", "title:(coach OR league)"),
    ("read", 'title:"budget vote"'),
    ("save", "title:treaty title:summit"),
    ("save", "title:verdict"),
    ("save", "folder:Science title:telescope"),
    ("save", '"harbor storm" is:unread'),
    ("save", "title:glacier -folder:News"),
    ("hide", "title:bakery"),
    ("hide", "title:volcano"),
    ("hide", "folder:Culture/Features title:festival"),
    ("hide", "title:concert -folder:Culture"),
    ("hide", 'title:"celebrity"'),
    ("notify", "title:election"),
    ("notify", "earthquake title:survey"),
    ("notify", "title:(satellite OR rocket OR telescope)"),
    ("notify", "folder:News title:parliament"),
    ("notify", "title:mayor after:2020-01-01"),
)
SMART_FEEDS: tuple[tuple[str, str], ...] = (
    ("Harbor (about half the library)", "harbor"),
    ("Storms in titles", "title:storm"),
    ("Sports, unread", "folder:Sports is:unread"),
)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


# --- counts on a big library ------------------------------------------------------------------


def _file_feeds_into_folders(lib: object) -> None:
    """Generated libraries have feeds but no folders: file them like the corpus's OPML (topic/subtopic)."""
    from bench.corpus import _SUBTOPICS, _TOPICS

    feeds = lib.feeds()  # type: ignore[attr-defined]
    for i, feed in enumerate(feeds):
        if feed.folder:
            continue
        path = f"{_TOPICS[i % len(_TOPICS)]}/{_SUBTOPICS[(i // len(_TOPICS)) % len(_SUBTOPICS)]}"
        lib.move_feed(feed.id, lib.create_folder(path))  # type: ignore[attr-defined]


def counts(args: argparse.Namespace) -> int:
    from bench.corpus import generate_library
    from reader.core.library import open_library

    data = args.data_dir or Path.home() / ".cache" / "byline-bench" / f"byline-lib-{args.articles}"
    if not (data / "library.sqlite3").exists():
        started = time.perf_counter()
        generate_library(data, args.articles, seed=1)
        print(f"generated {args.articles} articles in {time.perf_counter() - started:.0f} s", flush=True)
    started = time.perf_counter()
    lib = open_library(data, check=False)
    print(f"opened (and migrated if needed) in {time.perf_counter() - started:.1f} s", flush=True)
    _file_feeds_into_folders(lib)
    if not lib.rules():
        print(f"{'action':7} {'changed':>8} {'apply s':>8}  query")
        for action, query in RULES:
            rule = lib.add_rule(query, action)
            started = time.perf_counter()
            changed = lib.apply_rule(rule.id)
            print(f"{action:7} {changed:8d} {time.perf_counter() - started:8.2f}  {query}", flush=True)
    if not lib.smart_feeds():
        for name, query in SMART_FEEDS:
            started = time.perf_counter()
            smart = lib.add_smart_feed(name, query)
            print(f"smart feed {name!r}: {smart.unread} unread, indexed in {time.perf_counter() - started:.1f} s", flush=True)
    store = lib.store
    hidden = store._conn.execute("SELECT count(*) FROM articles WHERE hidden = 1").fetchone()[0]
    total = store._conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    print(f"{total} articles, {hidden} hidden, {len(lib.rules())} rules, {len(lib.smart_feeds())} smart feeds, "
          f"{len(lib.feeds())} feeds")

    kept = _on_ui_thread(lib.tree_counts, args.repeats)
    print(f"tree counts, kept tallies, on the UI thread: median {statistics.median(kept):.2f} ms, "
          f"p95 {percentile(kept, 95):.2f} ms, max {max(kept):.2f} ms ({args.repeats} reads)")

    def full_count() -> object:
        c = store._conn
        per_feed = c.execute(
            "SELECT feed_id, count(*) FROM articles WHERE read = 0 AND hidden = 0 AND feed_id IS NOT NULL GROUP BY feed_id"
        ).fetchall()
        built_in = [
            c.execute("SELECT count(*) FROM articles WHERE read = 0 AND hidden = 0").fetchone()[0],
            c.execute("SELECT count(*) FROM articles WHERE saved = 1 AND hidden = 0").fetchone()[0],
        ]
        searches = [
            c.execute(
                "SELECT count(*) FROM articles a WHERE a.read = 0 AND a.hidden = 0 AND a.id IN "
                "(SELECT rowid FROM article_fts WHERE article_fts MATCH ?)", (match,)
            ).fetchone()[0]
            for match in ('"harbor"', 'title : "storm"')
        ]
        return per_feed, built_in, searches

    before = _on_ui_thread(full_count, max(3, args.repeats // 10))
    print(f"the same counts done as before schema 8 (GROUP BY, a search per smart feed): "
          f"median {statistics.median(before):.1f} ms, max {max(before):.1f} ms")
    problems = store.count_problems() if args.check else []
    if args.check:
        print("kept counts agree with a full count" if not problems else f"MISMATCH: {problems[:3]}")
    lib.close()
    return 1 if problems else 0


def _on_ui_thread(call: object, repeats: int) -> list[float]:
    """Milliseconds of each ``call()`` made from a timer on a QApplication's UI thread."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    times: list[float] = []

    def once() -> None:
        started = time.perf_counter()
        call()  # type: ignore[operator]
        times.append((time.perf_counter() - started) * 1000)
        if len(times) < repeats:
            QTimer.singleShot(0, once)
        else:
            app.quit()

    QTimer.singleShot(0, once)
    app.exec()
    return times


# --- cold refresh with and without rules ------------------------------------------------------------


def _prepare(data: Path, opml: Path, variant: str) -> None:
    from reader.core.library import open_library

    lib = open_library(data)
    lib.import_opml(opml.read_bytes())
    if variant != "none":
        for action, query in RULES:
            lib.add_rule(query, action)
    if variant == "rules+smart":
        for name, query in SMART_FEEDS:
            lib.add_smart_feed(name, query)
    lib.close()


def _measure(data: Path, workers: int) -> tuple[float, str]:
    """Wall seconds of the refresh (timed inside the child) and its summary."""
    cmd = [sys.executable, "-m", "bench.refresh_speed", "--child", str(data), "--workers", str(workers)]
    done = subprocess.run(cmd, capture_output=True, cwd=ROOT, env={**os.environ, "BYLINE_NETWORK": "loopback"},
                          timeout=1800, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"refresh failed: {done.stderr.decode()[-2000:]}")
    got = json.loads(done.stdout.decode().strip().splitlines()[-1])
    return got["seconds"], got["summary"]


def refresh(args: argparse.Namespace) -> int:
    from bench.refresh_speed import start_corpus

    os.environ["BYLINE_NETWORK"] = "loopback"
    variants = ("none", "rules", "rules+smart")
    walls: dict[str, list[float]] = {v: [] for v in variants}
    cpus: dict[str, list[float]] = {v: [] for v in variants}
    with tempfile.TemporaryDirectory(prefix="byline-rules-speed-") as tmp:
        work = Path(tmp)
        corpus = start_corpus(work, args.feeds, args.entries, args.hosts, args.latency_ms / 1000)
        print(f"{args.feeds} feeds x {args.entries} entries ({corpus.entries}), {args.latency_ms:g} ms latency, "
              f"{args.hosts} hosts, {args.workers} fetch workers, {os.cpu_count()} cores; runs interleaved", flush=True)
        try:
            for run in range(args.runs):
                for variant in variants:
                    data = work / f"lib-{variant}-{run}"
                    _prepare(data, corpus.opml, variant)
                    before = os.times()
                    wall, summary = _measure(data, args.workers)
                    after = os.times()
                    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
                    walls[variant].append(wall)
                    cpus[variant].append(cpu)
                    print(f"run {run + 1} {variant:12} wall {wall:6.2f} s  cpu {cpu:6.2f} s  {summary[:80]}", flush=True)
                    shutil.rmtree(data, ignore_errors=True)
        finally:
            corpus.stop()
    base_wall, base_cpu = statistics.median(walls["none"]), statistics.median(cpus["none"])
    print(f"{'variant':12} {'wall s':>7} {'vs none':>8} {'cpu s':>7} {'vs none':>8}")
    for variant in variants:
        w, c = statistics.median(walls[variant]), statistics.median(cpus[variant])
        print(f"{variant:12} {w:7.2f} {w / base_wall - 1:+8.1%} {c:7.2f} {c / base_cpu - 1:+8.1%}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    p = sub.add_parser("counts", help="the tree's counts with 20 rules on a big library")
    p.add_argument("--articles", type=int, default=1_000_000)
    p.add_argument("--data-dir", type=Path)
    p.add_argument("--repeats", type=int, default=50)
    p.add_argument("--check", action="store_true", help="also compare every kept count with a full count (slow)")
    p.set_defaults(func=counts)
    p = sub.add_parser("refresh", help="cold refresh of the bench corpus with 0 and 20 rules")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--feeds", type=int, default=200)
    p.add_argument("--entries", type=int, default=50)
    p.add_argument("--hosts", type=int, default=25)
    p.add_argument("--latency-ms", type=float, default=50.0)
    p.add_argument("--workers", type=int, default=16)
    p.set_defaults(func=refresh)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
