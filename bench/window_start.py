"""Window start-up and list scrolling on a big library.

    python bench/window_start.py [--articles 100000] [--feeds 20] [--data-dir DIR]

Builds (once) a library of N articles with ``Store.bulk_insert_articles``, then
starts a fresh process that opens the window on it and reports:

* start: process start -> window shown with the first page of its list;
* open stall: the longest event-loop stall while "All Articles" loads;
* scroll stall: the longest stall while the list is scrolled to the end in steps;
* j stall: the longest stall while j is pressed 200 times, 10 ms apart;
* n stall: the longest stall while n is pressed 50 times over a list where one
  article in 2,000 is unread (each press waits for the previous answer);
* page_read_max: the slowest ``Library.article_rows`` read of a page (now in a worker).

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
    from reader.core.storage.store import EntryRow

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
    from reader.core.models import Selection
    from reader.ui.app import application, wait_for, wait_until
    from reader.ui.main_window import MainWindow

    app = application()
    lib = open_library(data_dir)
    window = MainWindow(lib)
    window.resize(1280, 800)
    window.show()
    wait_for(window.list_loaded, 60_000)
    shown_rows = window.list.visible_rows
    wait_until(lambda: all(window.list_model.row_data(r) is not None for r in shown_rows()), 60_000)
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

    def measure(start, finished) -> float:  # type: ignore[no-untyped-def]
        """Longest gap between 5 ms ticks from ``start()`` until ``finished()`` holds."""
        gaps["longest"], gaps["last"] = 0.0, time.perf_counter()
        meter.start()
        start()
        wait_until(finished, 600_000)
        meter.stop()
        return gaps["longest"]

    def settled() -> bool:
        shown = window.list.visible_rows()
        model = window.list_model
        return not window.workers.is_busy() and all(model.row_data(r) is not None for r in shown)

    window.select_key("smart:unread")
    wait_until(settled, 60_000)
    generation = window.list_model.generation
    started = time.perf_counter()
    open_stall = measure(lambda: window.select_key("smart:all"), lambda: window.list_model.generation != generation and settled())
    open_time = time.perf_counter() - started

    bar = window.list.verticalScrollBar()
    steps = 400

    class Repeater:
        """Calls ``fn`` every ``ms`` milliseconds, ``times`` times."""

        def __init__(self, fn, times: int, ms: int = 10) -> None:  # type: ignore[no-untyped-def]
            self.fn, self.times, self.n = fn, times, 0
            self.timer = QTimer()
            self.timer.setInterval(ms)
            self.timer.timeout.connect(self.step)

        def step(self) -> None:
            self.n += 1
            self.fn(self.n)
            if self.n >= self.times:
                self.timer.stop()

        def done(self) -> bool:
            return self.n >= self.times

    scroller = Repeater(lambda n: bar.setValue(min(bar.maximum(), bar.maximum() * n // steps)), steps)
    scroll_stall = measure(scroller.timer.start, lambda: scroller.done() and settled())
    at_end = bar.value() == bar.maximum()

    window.list.scrollToTop()
    window._select_row(0)
    wait_until(settled, 60_000)
    j = Repeater(lambda _n: window.actions.next.trigger(), 200)
    j_stall = measure(j.timer.start, lambda: j.done() and settled())
    j_row = window.list.currentIndex().row()

    # n over a mostly read list: one unread article in every 2,000
    ids = window.list_model.ids
    lib.mark_all_read(Selection())
    sparse = ids[2000::2000][:60]
    lib.mark_read(sparse, False)
    window.load_list()
    wait_for(window.list_loaded, 60_000)
    window._select_row(0)
    wait_until(settled, 60_000)
    found: list[int] = []
    window.lists.next_found.connect(found.append)
    presses = {"n": 0}

    def press_n() -> None:
        if presses["n"] < 50 and len(found) == presses["n"]:
            presses["n"] += 1
            window.actions.next_unread.trigger()

    presser = QTimer()
    presser.setInterval(1)
    presser.timeout.connect(press_n)
    started = time.perf_counter()
    n_stall = measure(presser.start, lambda: len(found) >= 50 and settled())
    n_time = time.perf_counter() - started
    presser.stop()
    ok = found[:50] == (sparse + [-1])[:50]  # -1: "no more unread" once past the last one
    if not ok:
        print("n found", found[:6], "expected", sparse[:6], flush=True)
    print(
        f"STALLS open={open_stall * 1000:.0f}ms (list in {open_time:.2f}s) scroll={scroll_stall * 1000:.0f}ms "
        f"j200={j_stall * 1000:.0f}ms (row {j_row}) n50={n_stall * 1000:.0f}ms ({n_time:.2f}s, right={ok}) "
        f"page_read_max={window.lists.slowest_page_ms:.1f}ms(worker) at_end={at_end} "
        f"cached_rows={sum(len(p) for p in window.list_model._pages.values())}",
        flush=True,
    )
    window.close()
    for start in range(0, len(ids), 50_000):  # leave the library unread again for the next run
        lib.mark_read(ids[start : start + 50_000], False)
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
            else:
                print(line.strip())
        return proc.wait()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
