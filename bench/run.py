"""Byline beside its peers: one command, a table of medians.

    python bench/run.py --quick     # 100k-article search; a few minutes on 2 cores
    python bench/run.py --full      # adds the 1M-article search rows

Every figure comes from child processes (fresh for each run), talking HTTP to a
server on 127.0.0.1 only. A piece that is missing (a peer that cannot be
installed, a part of Byline not built yet) is printed as "missing: <why>".
The table is also written to bench/results/latest.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import corpus, peers, targets
from bench.peers import QUERIES, Measured, Missing
from bench.server import BenchServer

REPO = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
BYLINE = "Byline"
SEED = 1
MISSING_EXIT = 3  # the child scripts' "this piece is not there" exit code
REFRESH_BUDGET_S = 1800.0  # interleaved refresh rounds stop starting new rounds past this


@dataclass
class Figure:
    """One row of the table: a benchmark for one tool."""

    bench: str
    tool: str
    unit: str
    samples: list[float] = field(default_factory=list)
    missing: str | None = None
    note: str = ""
    p95: bool = False  # also show the 95th percentile (latencies)
    higher_is_better: bool = False


@dataclass(frozen=True)
class Mode:
    runs: int
    feeds: int
    entries: int
    latency_ms: float
    workers: int
    search_sizes: tuple[int, ...]
    search_repeats: int
    import_feeds: int
    budget_s: float  # per tool and benchmark: stop repeating past this
    sites: int = 1  # the feeds are served from this many loopback origins (1: one site, as in issue 15)


QUICK = Mode(3, 200, 50, 50.0, 8, (100_000,), 10, 1000, 25.0)
FULL = Mode(5, 200, 50, 50.0, 8, (100_000, 1_000_000), 20, 1000, 240.0)


# --- helpers ------------------------------------------------------------------------


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def byline_cmd(data_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "reader", "--data-dir", str(data_dir), *args]


def byline_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("BYLINE_DATA_DIR", "PYTHONDONTWRITEBYTECODE")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def run_byline(data_dir: Path, *args: str, timeout: float = 900.0) -> Measured:
    m = peers.run_measured(byline_cmd(data_dir, *args), cwd=REPO, env=byline_env(), timeout=timeout)
    if m.returncode != 0:
        tail = (m.stderr.strip().splitlines() or ["no output"])[-1]
        raise Missing(f"byline {args[0]} exited {m.returncode}: {tail[:160]}")
    return m


def run_child_script(code: str, *args: str, timeout: float = 1800.0) -> tuple[Measured, dict[str, Any]]:
    """Run a Byline-side helper script; exit 3 with "missing: why" on stderr means missing."""
    m = peers.run_measured([sys.executable, "-c", code, *args], cwd=REPO, env=byline_env(), timeout=timeout)
    if m.returncode == MISSING_EXIT:
        raise Missing(m.stderr.strip().splitlines()[-1].removeprefix("missing: ") if m.stderr.strip() else "unknown")
    if m.returncode != 0:
        tail = (m.stderr.strip().splitlines() or ["no output"])[-1]
        raise Missing(f"helper exited {m.returncode}: {tail[:200]}")
    return m, json.loads(m.stdout.strip().splitlines()[-1])


LIBRARIES: Path | None = None  # --libraries: generated libraries kept here
SEARCH_PEERS = True  # --byline-only turns the search peers off


def library_dir(work: Path, n: int) -> Path:
    """Where the generated library of ``n`` articles is (built there when absent)."""
    return (LIBRARIES or work) / f"byline-lib-{n}"


def repeat(runs: int, budget: float, once: Callable[[int], None]) -> None:
    """Call ``once(i)`` up to ``runs`` times, at least once, stopping past ``budget`` s."""
    t0 = time.perf_counter()
    for i in range(runs):
        once(i)
        if time.perf_counter() - t0 > budget and i + 1 < runs:
            log(f"  budget of {budget:.0f} s spent after {i + 1} run(s)")
            break


def guarded(fig: Figure, fn: Callable[[], None]) -> None:
    """Run ``fn``; a ``Missing`` (or any failure) marks the figure missing instead."""
    try:
        fn()
    except Missing as err:
        fig.missing = str(err)
    except Exception as err:  # noqa: BLE001 - one broken figure must not end the run
        fig.missing = f"{type(err).__name__}: {err}"
    if fig.missing and fig.samples:
        fig.note = (fig.note + f"; later run failed: {fig.missing}").lstrip("; ")
        fig.missing = None
    if fig.missing:
        log(f"  {fig.tool}: missing: {fig.missing}")


# --- refresh ----------------------------------------------------------------------------


def bench_refresh(mode: Mode, work: Path, server: BenchServer, corpus_dir: Path, urls: list[str], figures: list[Figure]) -> None:
    """Cold and warm refresh, in interleaved rounds: Byline, newsboat, reader, Byline, ... (medians of each)."""
    n_feeds, n_entries = mode.feeds, mode.entries
    where = "one origin" if mode.sites == 1 else f"{mode.sites} origins"
    title = f"{n_feeds} feeds x {n_entries} entries from {where}, {mode.latency_ms:.0f} ms latency, {mode.workers} workers"
    opml = corpus_dir / "corpus.opml"
    url_file = corpus_dir / "urls.txt"
    xml_bytes = sum(p.stat().st_size for p in (corpus_dir / "feeds").iterdir())

    def figs(tool: str) -> tuple[Figure, ...]:
        f = (
            Figure(f"cold refresh ({title})", tool, "s"),
            Figure("warm refresh (all 304)", tool, "s"),
            Figure("entries ingested per second (cold)", tool, "entries/s", higher_is_better=True),
            Figure("peak memory of a cold refresh (largest process)", tool, "MB"),
            Figure("CPU of a cold refresh (user+sys, whole process tree)", tool, "s"),
        )
        figures.extend(f)
        return f

    def record(f: tuple[Figure, ...], cold: Measured, entries: int | None, warm: Measured | None) -> None:
        f[0].samples.append(cold.seconds)
        f[3].samples.append(cold.maxrss_kb / 1024)
        f[4].samples.append(cold.cpu_seconds)
        if entries is not None:
            f[2].samples.append(entries / cold.seconds)
        if warm is not None:
            f[1].samples.append(warm.seconds)

    def warm_note(f: Figure, stats: Any) -> None:
        f.note = f"last run: {stats.not_modified}/{stats.requests} answered 304"

    fb = figs(BYLINE)
    fs = Figure("library size after the cold refresh / feed XML (FTS included)", BYLINE, "x")
    figures.append(fs)
    fn = figs("newsboat")
    fr = figs("reader (PyPI)")

    def byline_once(i: int) -> None:
        data = work / f"byline-refresh-{i}"
        run_byline(data, "import", str(opml))
        server.reset_stats()
        cold = run_byline(data, "refresh", "--workers", str(mode.workers))
        found = re.search(r"(\d+) new articles", cold.stdout)
        entries = int(found.group(1)) if found else None
        server.reset_stats()
        warm = run_byline(data, "refresh", "--workers", str(mode.workers))
        stats = server.stats
        record(fb, cold, entries, warm)
        warm_note(fb[1], stats)
        if entries is not None:
            fb[2].note = f"{entries} entries"
        size = sum(p.stat().st_size for p in data.glob("library.sqlite3*"))
        fs.samples.append(size / xml_bytes)
        fs.note = f"last run: {size / 1e6:.1f} MB library for {xml_bytes / 1e6:.1f} MB of feed XML"

    def newsboat_once(i: int) -> None:
        binary = peers.ensure_newsboat()
        nb = peers.NewsboatDir.create(work / f"newsboat-{i}", urls, mode.workers)
        server.reset_stats()
        cold = peers.newsboat_reload(binary, nb)
        entries = nb.entries()
        server.reset_stats()
        warm = peers.newsboat_reload(binary, nb)
        primed = ""
        if server.stats.not_modified == 0:
            # newsboat stores the validators only from its second reload on.
            server.reset_stats()
            warm = peers.newsboat_reload(binary, nb)
            primed = " (after one priming reload: newsboat keeps validators from the 2nd reload on)"
        stats = server.stats
        record(fn, cold, entries, warm)
        warm_note(fn[1], stats)
        fn[1].note += primed
        failed = n_feeds - len({u for u in urls if not u.endswith(".json")})
        fn[2].note = f"{entries} entries; JSON Feed unsupported ({failed} feeds fail)" if failed else f"{entries} entries"

    def reader_once(i: int) -> None:
        py = peers.ensure_reader()
        db = work / f"reader-refresh-{i}" / "db.sqlite"
        server.reset_stats()
        cold, out = peers.reader_call(py, db.parent, "update", db, str(url_file), str(mode.workers))
        server.reset_stats()
        warm, _ = peers.reader_call(py, db.parent, "update", db, str(url_file), str(mode.workers))
        stats = server.stats
        record(fr, cold, int(out["entries"]), warm)
        warm_note(fr[1], stats)
        fr[2].note = f"{out['entries']} entries, {out['failed']} feeds failed"
        fr[0].note = f"reader {peers.reader_version(py)}"

    started = time.perf_counter()
    for i in range(mode.runs):
        for tool, f, once in ((BYLINE, fb, byline_once), ("newsboat", fn, newsboat_once), ("reader", fr, reader_once)):
            if f[0].missing:
                continue
            log(f"refresh round {i + 1}/{mode.runs}: {tool}")
            guarded(f[0], lambda once=once, i=i: once(i))
        if time.perf_counter() - started > REFRESH_BUDGET_S and i + 1 < mode.runs:
            log(f"  refresh budget spent after {i + 1} round(s)")
            break
    for f in (fb, fn, fr):
        for g in f[1:]:
            if f[0].missing and not g.samples:
                g.missing = f[0].missing
    if fb[0].missing and not fs.samples:
        fs.missing = fb[0].missing
    if not fb[0].missing and not fb[2].samples:
        fb[2].missing = "could not read the new-article count from byline refresh's summary"

    # floor: parsing the same bytes, no network, no storage
    log("refresh: lxml floor")
    ff = Figure("entries ingested per second (cold)", "floor: lxml/json parse only", "entries/s", higher_is_better=True)
    figures.append(ff)

    def floor_once(i: int) -> None:
        seconds, entries = peers.parse_floor(sorted((corpus_dir / "feeds").iterdir()))
        ff.samples.append(entries / seconds)
        ff.note = f"{entries} entries, no network or storage"

    guarded(ff, lambda: repeat(mode.runs, mode.budget_s, floor_once))


# --- search -----------------------------------------------------------------------------

_BYLINE_LIBRARY = textwrap.dedent(
    """
    import json, sys
    from bench.corpus import MissingPiece, generate_library
    try:
        n = generate_library(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
    except MissingPiece as err:
        print("missing: " + str(err), file=sys.stderr)
        raise SystemExit(3)
    print(json.dumps({"rows": n}))
    """
)

_BYLINE_SEARCH = textwrap.dedent(
    """
    import json, sys, time
    try:
        from reader.core.library import open_library
        from reader.core.search.query import parse_query
    except ImportError as err:
        print("missing: reader.core.library.open_library (" + str(err) + ")", file=sys.stderr)
        raise SystemExit(3)
    queries, repeats = json.loads(sys.argv[2]), int(sys.argv[3])
    lib = open_library(sys.argv[1])
    conn = lib.store._conn
    BM25 = "bm25(article_fts, 8.0, 3.0, 2.0, 1.0)"
    lat, shared = {}, {}
    for kind, q in queries:
        try:
            lib.search(q, limit=50)
        except Exception as err:
            lat[kind] = {"error": type(err).__name__ + ": " + str(err)}
            continue
        samples = []
        while len(samples) < repeats and (len(samples) < 3 or sum(samples) < 4.0):  # cap slow queries
            t0 = time.perf_counter()
            hits = lib.search(q, limit=50)
            samples.append(time.perf_counter() - t0)
        lat[kind] = {"samples": samples, "hits": len(hits)}
        # Exactness: Byline's top 50 against an exact bm25 top 50 (same weights) over the whole library.
        # A hit counts as shared when its exact score reaches the 50th best (ties are not held against it).
        match = parse_query(q).match
        exact = conn.execute(
            f"SELECT {BM25} FROM article_fts WHERE article_fts MATCH ? ORDER BY {BM25} LIMIT 50", (match,)
        ).fetchall()
        if exact and hits:
            cut = exact[-1][0]
            ids = [h.article.id for h in hits]
            marks = ",".join("?" * len(ids))
            scores = conn.execute(
                f"SELECT {BM25} FROM article_fts WHERE article_fts MATCH ? AND rowid IN ({marks})", (match, *ids)
            ).fetchall()
            shared[kind] = sum(1 for (score,) in scores if score <= cut + 1e-9)
    lib.close()
    print(json.dumps({"latency": lat, "shared": shared}))
    """
)


def _latency_figures(figures: list[Figure], n: int, tool: str) -> tuple[Figure, Figure]:
    label = f"{n:,}"
    med = Figure(f"search latency at {label} articles (5 query kinds)", tool, "ms", p95=True)
    figures.append(med)
    return med, med


def _fill_latency(fig: Figure, latency: dict[str, Any]) -> None:
    errors = []
    hits = []
    for kind, got in latency.items():
        if "error" in got:
            errors.append(f"{kind}: {got['error'][:80]}")
            continue
        fig.samples.extend(s * 1000 for s in got["samples"])
        hits.append(f"{kind} {got['hits']}")
    fig.note = "hits: " + ", ".join(hits)
    if errors:
        fig.note += "; failed: " + "; ".join(errors)
    if not fig.samples:
        raise Missing("every query failed: " + "; ".join(errors))
    if not any(got.get("hits") for got in latency.values()):
        raise Missing("no query found anything (is the search index empty?)")


def bench_search(mode: Mode, work: Path, n: int, figures: list[Figure]) -> None:
    queries = json.dumps(QUERIES)
    reps = str(mode.search_repeats)

    log(f"search {n:,}: Byline (building the library through the store)")
    fb, _ = _latency_figures(figures, n, BYLINE)
    fx = Figure(f"search at {n:,}: top 50 shared with an exact bm25 top 50 (of 50, worst query kind)", BYLINE, "hits",
                higher_is_better=True)
    fp = Figure(f"byline search as a whole process at {n:,} articles", BYLINE, "s")
    figures.extend([fx, fp])

    def byline() -> None:
        data = library_dir(work, n)
        if not data.exists():
            built, _ = run_child_script(_BYLINE_LIBRARY, str(data), str(n), str(SEED), timeout=7200)
            log(f"  built {n:,} rows in {built.seconds:.1f} s")
            fb.note = f"library built in {built.seconds:.0f} s"
        _, out = run_child_script(_BYLINE_SEARCH, str(data), queries, reps)
        note = fb.note
        _fill_latency(fb, out["latency"])
        fb.note += f"; {note}" if note else ""
        shared = out.get("shared") or {}
        if shared:
            fx.samples.append(float(min(shared.values())))
            fx.note = ", ".join(f"{k} {v}" for k, v in shared.items())
        else:
            fx.missing = "no query had an exact top 50 to compare"
        for i in range(mode.runs):
            kind, q = QUERIES[i % len(QUERIES)]
            fp.samples.append(run_byline(data, "search", q, "--limit", "50").seconds)
        fp.note = "byline search QUERY --limit 50, query kinds in turn; Python start-up included"

    guarded(fb, byline)
    for f in (fx, fp):
        if fb.missing and not f.samples:
            f.missing = fb.missing
    if not SEARCH_PEERS:
        return

    log(f"search {n:,}: reader (library cached under {peers.CACHE_DIR})")
    fr, _ = _latency_figures(figures, n, "reader (PyPI)")

    def reader() -> None:
        py = peers.ensure_reader()
        version = peers.reader_version(py)
        db = peers.CACHE_DIR / f"reader-lib-{version}-{n}-{SEED}.sqlite"
        if not db.exists():
            log(f"  building reader's {n:,}-entry library once (add_entry + update_search); slow")
            tmp_db = db.with_suffix(".building")
            for stale in db.parent.glob(tmp_db.name + "*"):
                stale.unlink()
            m, _ = peers.reader_call(
                py, work / "reader-lib", "build-lib", tmp_db, str(Path(corpus.__file__).resolve()), str(n), str(SEED), "0",
                timeout=7200,
            )
            for part in sorted(db.parent.glob(tmp_db.name + "*")):  # reader keeps its index in DB.search
                part.rename(db.parent / (db.name + part.name[len(tmp_db.name):]))
            log(f"  built in {m.seconds:.0f} s")
        _, out = peers.reader_call(py, work / "reader-lib", "search", db, queries, reps)
        _fill_latency(fr, out["latency"])

    guarded(fr, reader)

    log(f"search {n:,}: raw sqlite3 FTS5 floor")
    ff, _ = _latency_figures(figures, n, "floor: raw sqlite3 FTS5")

    def floor() -> None:
        out = peers.fts_floor(corpus.iter_article_rows(n, SEED), QUERIES, mode.search_repeats)
        _fill_latency(ff, out["latency"])
        ff.note += f"; {out['inserted'] / out['insert_seconds']:,.0f} rows/s inserted"

    guarded(ff, floor)


# --- window -------------------------------------------------------------------------------

# Opens the window offscreen on a library and reports when it was first shown;
# with "stall", then starts a refresh and records the longest gap between 5 ms ticks.
_WINDOW = textwrap.dedent(
    """
    import importlib.abc, importlib.util, json, os, sys, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if importlib.util.find_spec("reader.ui") is None or importlib.util.find_spec("reader.ui.app") is None:
        print("missing: window not built yet (no reader.ui.app)", file=sys.stderr)
        raise SystemExit(3)
    data_dir, what, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    os.environ["BYLINE_DATA_DIR"] = data_dir
    import resource
    result = {}

    def finish():
        print(json.dumps(result), flush=True)
        os._exit(0)

    def watch(app):
        # Qt is imported only here, once byline gui has imported it: every module imported after
        # PySide6 costs a read of its source by PySide's __feature__ hook, and importing Qt first
        # (as this child once did) billed all of Byline's core modules for it.
        from PySide6.QtCore import QEvent, QObject, QTimer
        from PySide6.QtWidgets import QMainWindow

        def stall(window):
            starter = None
            for owner in (window, getattr(window, "refresh_controller", None)):
                for name in ("refresh_all", "start_refresh", "refresh"):
                    if starter is None and callable(getattr(owner, name, None)):
                        starter = getattr(owner, name)
            if starter is None:
                print("missing: the window has no refresh_all/start_refresh/refresh method", file=sys.stderr, flush=True)
                os._exit(3)
            gaps = {"last": time.perf_counter(), "max": 0.0}
            def tick():
                now = time.perf_counter()
                gaps["max"] = max(gaps["max"], now - gaps["last"])
                gaps["last"] = now
            timer = QTimer()
            timer.setInterval(5)
            timer.timeout.connect(tick)
            timer.start()
            window._bench_timer = timer
            starter()
            def done():
                result["max_gap_ms"] = gaps["max"] * 1000
                finish()
            QTimer.singleShot(int(seconds * 1000), done)

        def first_page(window):
            result["first_page"] = time.time()
            usage = resource.getrusage(resource.RUSAGE_SELF)
            result["rss_mb"] = usage.ru_maxrss / 1024
            result["cpu_s"] = usage.ru_utime + usage.ru_stime  # every thread of the process, to the first page
            result["modules"] = len(sys.modules)
            model = getattr(window, "list_model", None)
            if model is None or not hasattr(model, "complete"):
                finish()
                return
            def whole():  # the rest of the ids may still be on their way: the peak once they are in
                if not model.complete():
                    QTimer.singleShot(20, whole)
                    return
                result["whole_list"] = time.time()
                result["rss_whole_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                finish()
            whole()

        class Watch(QObject):
            def eventFilter(self, obj, event):
                if event.type() == QEvent.Type.Show and isinstance(obj, QMainWindow) and "shown" not in result:
                    result["shown"] = time.time()
                    result["rss_shown_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                    if what == "start":
                        loaded = getattr(obj, "list_loaded", None)
                        if loaded is not None:  # the first page of the list is the moment it is usable
                            loaded.connect(lambda: first_page(obj))
                            QTimer.singleShot(10_000, finish)
                        else:
                            QTimer.singleShot(0, finish)
                    else:
                        QTimer.singleShot(0, lambda: stall(obj))
                return False

        app.installEventFilter(Watch(app))

    class AppHook(importlib.abc.MetaPathFinder):
        # watch the QApplication reader.ui.app makes, as soon as it is made
        def find_spec(self, name, path=None, target=None):
            if name != "reader.ui.app":
                return None
            sys.meta_path.remove(self)
            spec = importlib.util.find_spec(name)
            inner = spec.loader

            class Loader(importlib.abc.Loader):
                def create_module(self, spec):
                    return inner.create_module(spec)

                def exec_module(self, module):
                    inner.exec_module(module)
                    made = module.application
                    def application(*args, **kwargs):
                        app = made(*args, **kwargs)
                        watch(app)
                        return app
                    module.application = application

            spec.loader = Loader()
            return spec

    sys.meta_path.insert(0, AppHook())
    try:
        from reader.cli import main as cli_main
    except ImportError:
        cli_main = None
    if cli_main is not None:
        cli_main(["--data-dir", data_dir, "gui"])  # the real start path: byline gui
    else:
        from reader.core.library import open_library
        from reader.ui import app as ui
        ui.run(open_library(data_dir))
    print("missing: the window closed before it was shown", file=sys.stderr)
    raise SystemExit(3)
    """
)


def bench_window(mode: Mode, work: Path, server: BenchServer, corpus_dir: Path, figures: list[Figure]) -> None:
    n = mode.search_sizes[-1]
    fs = Figure(f"byline start to window shown (offscreen, {n:,} articles)", BYLINE, "s")
    fl = Figure(f"byline start to the list's first page (offscreen, {n:,} articles)", BYLINE, "s")
    fc = Figure(f"CPU (user+sys, every thread) from the start to the first page ({n:,} articles)", BYLINE, "s")
    fm = Figure(f"main process peak RSS at the first page ({n:,} articles)", BYLINE, "MB")
    fw = Figure(f"main process peak RSS once every id of the list is read ({n:,} articles)", BYLINE, "MB")
    fx = Figure(f"start to main window on Xvfb (Byline: {n:,} articles; RSS Guard: empty)", BYLINE, "s")
    fr = Figure(fx.bench, "RSS Guard (Debian)", "s", note="empty profile; apt-get install rssguard")
    fg = Figure("longest event-loop stall during a refresh (5 ms ticks)", BYLINE, "ms")
    figures.extend([fs, fl, fc, fm, fw, fx, fr, fg])
    data = library_dir(work, n)
    cold = next((f for f in figures if f.tool == BYLINE and f.bench.startswith("cold refresh") and f.samples), None)
    watch_s = min(30.0, max(5.0, 1.2 * peers.median(cold.samples))) if cold else 20.0

    def start_once(i: int) -> None:
        if not data.exists():
            run_child_script(_BYLINE_LIBRARY, str(data), str(n), str(SEED), timeout=7200)
        t0 = time.time()
        _, out = run_child_script(_WINDOW, str(data), "start", "0", timeout=120)
        fs.samples.append(out["shown"] - t0)
        if "first_page" in out:
            fl.samples.append(out["first_page"] - t0)
            fm.samples.append(out["rss_mb"])
        if "cpu_s" in out:
            fc.samples.append(out["cpu_s"])
        if "rss_whole_mb" in out:
            fw.samples.append(out["rss_whole_mb"])
            fw.note = f"every id read {out['whole_list'] - t0:.2f} s after the start (last run)"
        # the same start on a real X server, beside RSS Guard's, in turn
        from bench import window_peers

        try:
            fx.samples.append(window_peers.byline_start(data))
            fr.samples.append(window_peers.rssguard_start())
        except window_peers.NoX as err:
            raise Missing(str(err)) from err

    log("window: start")
    guarded(fs, lambda: repeat(mode.runs, mode.budget_s, start_once))
    for f in (fl, fc, fm, fw, fx, fr):
        if not f.samples:
            f.missing = fs.missing or f.missing or "not measured (see the window start row)"

    def stall_once(i: int) -> None:
        if fs.missing:
            raise Missing(fs.missing)
        d = work / f"byline-window-refresh-{i}"
        run_byline(d, "import", str(corpus_dir / "corpus.opml"))
        _, out = run_child_script(_WINDOW, str(d), "stall", str(watch_s), timeout=180)
        fg.samples.append(out["max_gap_ms"])
        fg.note = f"over {watch_s:.0f} s from the refresh's start (cold, {mode.feeds} feeds)"

    log("window: stall")
    guarded(fg, lambda: repeat(mode.runs, mode.budget_s, stall_once))


# --- big feeds: memory must not grow with feed size ---------------------------------------------

BIG_FEEDS, BIG_ENTRIES = 40, 500  # issue 15: "no more than +20% on 500-entry feeds"


def bench_big_feeds(mode: Mode, work: Path, figures: list[Figure]) -> None:
    """Byline's cold refresh of 40 feeds x 500 entries from one origin: its peak against the 50-entry run's."""
    fb = Figure(f"big feeds: peak memory of a cold refresh, {BIG_FEEDS} feeds x {BIG_ENTRIES} entries (largest process)",
                BYLINE, "MB")
    figures.append(fb)
    corpus_dir = work / "corpus-big"
    corpus_dir.mkdir()

    def once(i: int) -> None:
        data = work / f"byline-big-{i}"
        run_byline(data, "import", str(corpus_dir / "corpus.opml"))
        cold = run_byline(data, "refresh", "--workers", str(mode.workers))
        fb.samples.append(cold.maxrss_kb / 1024)
        found = re.search(r"(\d+) new articles", cold.stdout)
        fb.note = f"last run: {found.group(1) if found else '?'} entries in {cold.seconds:.2f} s"

    with BenchServer(corpus_dir, latency_ms=mode.latency_ms, max_seconds=1800.0, sites=1) as server:
        corpus.write_corpus(corpus_dir, BIG_FEEDS, BIG_ENTRIES, SEED, server.urls)
        log(f"refresh: big feeds, {BIG_FEEDS} x {BIG_ENTRIES} entries at {server.url}")
        guarded(fb, lambda: repeat(mode.runs, mode.budget_s * 4, once))


# --- OPML import ----------------------------------------------------------------------------


def bench_import(mode: Mode, work: Path, base_url: str, figures: list[Figure]) -> None:
    n = mode.import_feeds
    opml = work / f"import-{n}.opml"
    urls = corpus.write_opml_only(opml, n, SEED + 1, base_url)
    url_file = work / f"import-{n}.txt"
    url_file.write_text("".join(u + "\n" for u in urls))
    title = f"OPML import of {n:,} feeds"

    fb = Figure(title, BYLINE, "s")
    fn = Figure(title, "newsboat", "s", note="newsboat -i")
    fr = Figure(title, "reader (PyPI)", "s", note="add_feed loop")
    figures.extend([fb, fn, fr])

    def byline_once(i: int) -> None:
        fb.samples.append(run_byline(work / f"byline-import-{i}", "import", str(opml)).seconds)

    def newsboat_once(i: int) -> None:
        fn.samples.append(peers.newsboat_import(peers.ensure_newsboat(), opml, work / f"newsboat-import-{i}").seconds)

    def reader_once(i: int) -> None:
        db = work / f"reader-import-{i}" / "db.sqlite"
        m, _ = peers.reader_call(peers.ensure_reader(), db.parent, "import", db, str(url_file))
        fr.samples.append(m.seconds)

    log("import: Byline")
    guarded(fb, lambda: repeat(mode.runs, mode.budget_s, byline_once))
    log("import: newsboat")
    guarded(fn, lambda: repeat(mode.runs, mode.budget_s, newsboat_once))
    log("import: reader")
    guarded(fr, lambda: repeat(mode.runs, mode.budget_s, reader_once))


# --- table ------------------------------------------------------------------------------------


def _fmt(value: float) -> str:
    if value != value:  # NaN
        return "-"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def render_table(figures: Sequence[Figure], header: str) -> str:
    """Markdown: one section per benchmark, one row per tool, ratio to Byline."""
    lines = [header, ""]
    lines.append("| benchmark | tool | median | min-max | p95 | n | Byline vs this | note |")
    lines.append("| --- | --- | --- | --- | --- | --- | --- | --- |")
    benches: dict[str, list[Figure]] = {}
    for f in figures:
        benches.setdefault(f.bench, []).append(f)
    for bench, figs in benches.items():
        byline = next((f for f in figs if f.tool == BYLINE and f.samples), None)
        for f in figs:
            if f.missing or not f.samples:
                why = f.missing or "no samples"
                lines.append(f"| {bench} | {f.tool} | missing: {why} | | | 0 | | {f.note} |")
                continue
            med = peers.median(f.samples)
            p95 = _fmt(peers.percentile(f.samples, 95)) + f" {f.unit}" if f.p95 else ""
            ratio = ""
            if byline is not None and f is not byline and med:
                r = peers.median(byline.samples) / med
                better = r > 1 if f.higher_is_better else r < 1
                ratio = f"{r:.2f}x ({'Byline better' if better else 'Byline worse'})" if r != 1 else "1.00x"
            lines.append(
                f"| {bench} | {f.tool} | {_fmt(med)} {f.unit} | {_fmt(min(f.samples))}-{_fmt(max(f.samples))} "
                f"| {p95} | {len(f.samples)} | {ratio} | {f.note} |"
            )
    return "\n".join(lines) + "\n"


# --- main -------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark Byline beside newsboat, reader and raw floors.")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--quick", action="store_true", help="100k-article search, 3 runs (the default)")
    group.add_argument("--full", action="store_true", help="adds 1M-article search, 5 runs")
    parser.add_argument("--only", nargs="*", choices=["refresh", "search", "window", "import"], help="run only these")
    parser.add_argument("--keep", action="store_true", help="keep the work dir (its path is logged)")
    parser.add_argument("--sites", type=int, default=1, help="loopback origins serving the feeds (default 1: one site)")
    parser.add_argument("--runs", type=int, help="rounds per figure (default: 3 quick, 5 full)")
    parser.add_argument("--out", type=Path, default=RESULTS / "latest.md")
    parser.add_argument("--sizes", type=int, nargs="+", help="library sizes for search and window (default: by mode)")
    parser.add_argument("--libraries", type=Path, help="keep generated Byline libraries here between runs (a 1M one takes ~8 min)")
    parser.add_argument("--byline-only", action="store_true", help="search: skip reader and the raw FTS5 floor (reader's 1M library takes hours)")
    args = parser.parse_args(argv)
    mode = replace(FULL if args.full else QUICK, sites=max(1, args.sites))
    if args.runs:
        mode = replace(mode, runs=args.runs)
    if args.sizes:
        mode = replace(mode, search_sizes=tuple(args.sizes))
    global LIBRARIES, SEARCH_PEERS
    LIBRARIES = args.libraries
    SEARCH_PEERS = not args.byline_only
    only = set(args.only or ["refresh", "search", "window", "import"])
    figures: list[Figure] = []
    started = time.perf_counter()

    work = Path(tempfile.mkdtemp(prefix="byline-bench-"))
    # An installed Byline has its bytecode; a checkout run with PYTHONDONTWRITEBYTECODE would compile at every start.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "reader")], check=False, env=byline_env())
    log(f"work dir {work}")
    try:
        corpus_dir = work / "corpus"
        corpus_dir.mkdir()
        max_seconds = 3600.0 if not args.full else 6 * 3600.0
        with BenchServer(corpus_dir, latency_ms=mode.latency_ms, max_seconds=max_seconds, sites=mode.sites) as server:
            log(f"corpus: {mode.feeds} feeds x {mode.entries} entries at {server.url}")
            feeds = corpus.write_corpus(corpus_dir, mode.feeds, mode.entries, SEED, server.urls)
            urls = [f.url for f in feeds]
            if "refresh" in only:  # the default mode serves every feed from one origin
                bench_refresh(mode, work, server, corpus_dir, urls, figures)
                bench_big_feeds(mode, work, figures)
            if "import" in only:
                bench_import(mode, work, server.url, figures)
            if "search" in only:
                for n in mode.search_sizes:
                    bench_search(mode, work, n, figures)
            if "window" in only:
                bench_window(mode, work, server, corpus_dir, figures)
    finally:
        if not args.keep:
            subprocess.run(["rm", "-rf", str(work)], check=False)
    elapsed = time.perf_counter() - started
    header = (
        f"## Byline benchmark ({'full' if args.full else 'quick'})\n\n"
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.machine()}; up to {mode.runs} runs per figure, medians; "
        f"loopback server on 127.0.0.1; took {elapsed:.0f} s.\n"
        f"\"Byline vs this\" is Byline's median divided by this row's median."
    )
    table = render_table(figures, header)
    table += "\n" + targets.render(targets.read_rows(table))
    print(table)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(table)
    log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
