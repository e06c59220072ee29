"""Window start-up and list scrolling on a big library.

    python bench/window_start.py [--articles 100000] [--feeds 20] [--data-dir DIR]

Builds (once) a library of N articles with ``Store.bulk_insert_articles``, then
starts a fresh process that opens the window on it and reports:

* start: process start -> window shown with the first page of its list;
* open stall: the longest event-loop stall while "All Articles" loads;
* scroll stall: the longest stall while the list is scrolled to the end in steps;
* rows: the slowest ``Library.article_rows`` read of a visible page (UI thread).

Stalls are measured with a 5 ms timer recording its largest gap. Runs on the
offscreen platform unless QT_QPA_PLATFORM is set.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

T0 = time.perf_counter()
ROOT = Path(__file__).resolve().parents[1]


def build(data_dir: Path, articles: int, feeds: int) -> None:
    """Fill ``data_dir`` with ``articles`` articles over ``feeds`` feeds (skipped if already there)."""
    from reader.core.library import open_library
    from reader.core.store import EntryRow

    with open_library(data_dir) as lib:
        store = lib.store
        have = sum(1 for _ in lib.article_ids(__import__("reader.core.models", fromlist=["Selection"]).Selection()))
        if have >= articles:
            return
        per_feed = articles // feeds
        now = time.time()
        for f in range(feeds):
            feed_id, _ = store.add_feed(f"https://bench{f}.example/feed.xml", title=f"Bench feed {f}", folder=(f"Folder {f % 4}",))

            def rows(f: int = f):
                for i in range(per_feed):
                    title = f"Story {i} of bench feed {f}: a headline of ordinary length"
                    yield EntryRow(
                        guid=f"b{f}-{i}",
                        title=title,
                        title_key=title.lower(),
                        content_hash=f"h{f}-{i}",
                        url=f"https://bench{f}.example/{i}",
                        published=now - (i * feeds + f) * 60,
                        html=f"<p>Body of story {i} in feed {f}.</p><p>[Story {i + 1} of bench feed {f}: a headline of ordinary length]</p>",
                        text=f"Body of story {i} in feed {f}.",
                    )

            store.bulk_insert_articles(feed_id, rows())


def child(data_dir: Path) -> int:
    """Open the window, report when it is shown, then measure stalls."""
    from PySide6.QtCore import Qt, QTimer

    from reader.core.library import open_library
    from reader.ui.app import application, wait_for
    from reader.ui.main_window import MainWindow
    from reader.ui.workers import emit

    app = application()
    lib = open_library(data_dir)
    slowest = [0.0]
    original_rows = lib.article_rows

    def timed_rows(ids):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return original_rows(ids)
        finally:
            slowest[0] = max(slowest[0], time.perf_counter() - started)

    lib.article_rows = timed_rows  # type: ignore[method-assign]
    window = MainWindow(lib)
    window.resize(1280, 800)
    window.show()
    wait_for(window.list_loaded, 60_000)
    app.processEvents()
    window.list.viewport().repaint()
    print(f"SHOWN {time.perf_counter() - T0:.3f} rows={window.list_model.rowCount()}", flush=True)

    gaps = {"longest": 0.0, "last": time.perf_counter()}

    def tick() -> None:
        now = time.perf_counter()
        gaps["longest"] = max(gaps["longest"], now - gaps["last"])
        gaps["last"] = now

    meter = QTimer()
    meter.setTimerType(Qt.TimerType.PreciseTimer)
    meter.setInterval(5)
    meter.timeout.connect(tick)

    def measure(start: callable, done_signal) -> float:  # type: ignore[valid-type]
        gaps["longest"], gaps["last"] = 0.0, time.perf_counter()
        meter.start()
        start()
        wait_for(done_signal, 120_000)
        meter.stop()
        return gaps["longest"]

    window.select_key("smart:unread")
    open_stall = measure(lambda: window.select_key("smart:all"), window.list_loaded)
    bar = window.list.verticalScrollBar()
    steps = 400

    class Scroller:
        def __init__(self) -> None:
            self.timer = QTimer()
            self.timer.setInterval(10)
            self.timer.timeout.connect(self.step)
            self.n = 0

        def step(self) -> None:
            self.n += 1
            bar.setValue(min(bar.maximum(), bar.maximum() * self.n // steps))
            if self.n >= steps:
                self.timer.stop()
                emit(window.status_shown, "scrolled")

    scroller = Scroller()
    scroll_stall = measure(scroller.timer.start, window.status_shown)
    print(
        f"STALLS open={open_stall * 1000:.0f}ms scroll={scroll_stall * 1000:.0f}ms "
        f"rows_max={slowest[0] * 1000:.1f}ms at_end={bar.value() == bar.maximum()} "
        f"cached_rows={sum(len(p) for p in window.list_model._pages.values())}",
        flush=True,
    )
    window.close()
    lib.close()
    return 0


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=100_000)
    p.add_argument("--feeds", type=int, default=20)
    p.add_argument("--data-dir", type=Path)
    p.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.child:
        return child(args.child)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = args.data_dir or Path(tmp)
        started = time.perf_counter()
        build(data_dir, args.articles, args.feeds)
        print(f"library of {args.articles} articles ready in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--child", str(data_dir)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("SHOWN"):
                print(f"process start -> window shown: {time.perf_counter() - started:.2f} s ({line.strip()})")
            elif line.startswith("STALLS"):
                print(line.strip())
        return proc.wait()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
