"""The peers Byline is measured against, and a way to run any command measured.

- newsboat (Debian package), driven with ``newsboat -x reload`` on a private
  config, urls file and cache;
- the Python library ``reader`` (PyPI), in its own virtual environment because
  its top-level module name is the same as Byline's package;
- floors: lxml/json parsing the same bytes, and raw sqlite3 + FTS5.

A peer that cannot be had raises ``Missing`` with the reason; the runner prints
it as "missing: <why>".
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CACHE_DIR = Path(os.environ.get("BYLINE_BENCH_CACHE", Path.home() / ".cache" / "byline-bench"))
READER_VENV = CACHE_DIR / "reader-venv"
READER_SPEC: tuple[str, ...] = ("reader", "sgmllib3k")  # feedparser needs sgmllib at parse time

# The typical queries, by kind: FTS5 syntax, which Byline and reader both accept.
QUERIES: tuple[tuple[str, str], ...] = (
    ("single word", "harbor"),
    ("two words", "harbor storm"),
    ("phrase", '"city council"'),
    ("prefix", "refin*"),
    ("field filter", "title:volcano"),
)


class Missing(Exception):
    """A peer (or a piece of Byline) that is not there; the message says why."""


@dataclass(frozen=True)
class Measured:
    """One child process run: wall seconds, its peak RSS, exit code, output, and CPU seconds.

    ``cpu_seconds`` is user + system time of the whole process tree (every
    descendant that was waited for); ``maxrss_kb`` is the largest single process.
    """

    seconds: float
    maxrss_kb: int
    returncode: int
    stdout: str
    stderr: str
    cpu_seconds: float = 0.0

    def check(self, what: str) -> Measured:
        """Raise ``Missing`` when the process failed."""
        if self.returncode != 0:
            tail = (self.stderr.strip().splitlines() or self.stdout.strip().splitlines() or ["no output"])[-1]
            raise Missing(f"{what} exited {self.returncode}: {tail[:200]}")
        return self


# Runs one command and reports its wall time and peak RSS. A fresh wrapper per
# measurement, because RUSAGE_CHILDREN's ru_maxrss is the max over every child
# the process ever waited for.
_WRAPPER = textwrap.dedent(
    """
    import json, resource, subprocess, sys, time
    report, cmd = sys.argv[1], sys.argv[2:]
    t0 = time.perf_counter()
    rc = subprocess.call(cmd)
    seconds = time.perf_counter() - t0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(report, "w") as fh:
        json.dump({"seconds": seconds, "maxrss_kb": usage.ru_maxrss, "rc": rc,
                   "cpu": usage.ru_utime + usage.ru_stime}, fh)
    """
)


def run_measured(
    cmd: Sequence[str | os.PathLike[str]],
    *,
    cwd: str | os.PathLike[str] | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 600.0,
) -> Measured:
    """Run ``cmd`` in a fresh wrapper process; return its time, memory and output."""
    with tempfile.TemporaryDirectory(prefix="byline-bench-") as tmp:
        report = Path(tmp) / "report.json"
        out = Path(tmp) / "out"
        err = Path(tmp) / "err"
        with out.open("wb") as fo, err.open("wb") as fe:
            try:
                subprocess.run(
                    [sys.executable, "-I", "-c", _WRAPPER, str(report), *map(str, cmd)],
                    cwd=cwd,
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=fo,
                    stderr=fe,
                    timeout=timeout,
                    check=False,
                )
            except subprocess.TimeoutExpired as err_:
                raise Missing(f"{Path(str(cmd[0])).name} did not finish within {timeout:.0f} s") from err_
        stdout = out.read_text(errors="replace")
        stderr = err.read_text(errors="replace")
        if not report.exists():
            raise Missing(f"could not run {cmd[0]}: {stderr.strip()[-200:]}")
        data = json.loads(report.read_text())
    return Measured(data["seconds"], int(data["maxrss_kb"]), int(data["rc"]), stdout, stderr, float(data.get("cpu", 0.0)))


# --- newsboat ----------------------------------------------------------------------

_apt_updated = False


def ensure_newsboat() -> str:
    """The newsboat binary, installed from Debian's packages when missing."""
    global _apt_updated
    found = shutil.which("newsboat")
    if found:
        return found
    apt = shutil.which("apt-get")
    if apt is None:
        raise Missing("newsboat is not installed and apt-get is not available")
    if os.geteuid() != 0:
        raise Missing("newsboat is not installed and installing it needs root (apt-get install newsboat)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if not _apt_updated:
        subprocess.run([apt, "update", "-qq"], env=env, capture_output=True, timeout=300, check=False)
        _apt_updated = True
    done = subprocess.run([apt, "install", "-y", "-qq", "newsboat"], env=env, capture_output=True, text=True, timeout=600, check=False)
    found = shutil.which("newsboat")
    if not found:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise Missing(f"apt-get install newsboat failed: {tail[:200]}")
    return found


@dataclass(frozen=True)
class NewsboatDir:
    """A private newsboat home: config, urls file and cache."""

    root: Path

    @property
    def config(self) -> Path:
        return self.root / "config"

    @property
    def urls(self) -> Path:
        return self.root / "urls"

    @property
    def cache(self) -> Path:
        return self.root / "cache.db"

    @classmethod
    def create(cls, root: Path, urls: Iterable[str], threads: int) -> NewsboatDir:
        root.mkdir(parents=True, exist_ok=True)
        nb = cls(root)
        nb.config.write_text(
            f"reload-threads {threads}\n"
            "download-timeout 60\n"
            "max-items 0\n"
            "show-read-feeds yes\n"
            f'cache-file "{nb.cache}"\n'
        )
        nb.urls.write_text("".join(u + "\n" for u in urls))
        return nb

    def env(self) -> dict[str, str]:
        return {**os.environ, "HOME": str(self.root), "XDG_CONFIG_HOME": str(self.root), "XDG_DATA_HOME": str(self.root)}

    def entries(self) -> int:
        """Items newsboat stored (read from its own cache file)."""
        if not self.cache.exists():
            return 0
        conn = sqlite3.connect(f"file:{self.cache}?mode=ro", uri=True)
        try:
            return int(conn.execute("SELECT count(*) FROM rss_item").fetchone()[0])
        finally:
            conn.close()


def newsboat_reload(binary: str, nb: NewsboatDir, timeout: float = 600.0) -> Measured:
    """``newsboat -x reload`` on the private dir (cold when the cache is absent)."""
    cmd = [binary, "-C", str(nb.config), "-u", str(nb.urls), "-c", str(nb.cache), "-x", "reload"]
    return run_measured(cmd, cwd=nb.root, env=nb.env(), timeout=timeout).check("newsboat -x reload")


def newsboat_import(binary: str, opml: Path, workdir: Path) -> Measured:
    """``newsboat -i FILE`` into an empty urls file."""
    nb = NewsboatDir.create(workdir, [], 1)
    cmd = [binary, "-C", str(nb.config), "-u", str(nb.urls), "-c", str(nb.cache), "-i", str(opml)]
    return run_measured(cmd, cwd=nb.root, env=nb.env()).check("newsboat -i")


# --- reader (PyPI) --------------------------------------------------------------------

# Run by the venv's python with -I from a scratch cwd, so ``import reader`` is
# the PyPI library, never Byline's package.
_READER_SCRIPT = textwrap.dedent(
    '''
    import importlib.util, json, statistics, sys, time
    from datetime import datetime, timezone
    from reader import make_reader

    def urls(path):
        return [u.strip() for u in open(path) if u.strip()]

    def main(action, db, *args):
        r = make_reader(db)
        if action == "update":
            url_file, workers = args[0], int(args[1])
            for u in urls(url_file):
                r.add_feed(u, exist_ok=True)
            r.update_feeds(workers=workers, scheduled=False)  # warm runs fetch every feed too
            counts = r.get_entry_counts()
            failed = sum(1 for f in r.get_feeds() if f.last_exception)
            out = {"entries": counts.total, "failed": failed}
        elif action == "import":
            for u in urls(args[0]):
                r.add_feed(u, exist_ok=True)
            out = {"feeds": r.get_feed_counts().total}
        elif action == "build-lib":
            corpus_py, n, seed, now = args[0], int(args[1]), int(args[2]), float(args[3])
            spec = importlib.util.spec_from_file_location("bench_corpus", corpus_py)
            corpus = importlib.util.module_from_spec(spec)
            sys.modules["bench_corpus"] = corpus
            spec.loader.exec_module(corpus)
            feed = "http://127.0.0.1/reader-lib.xml"
            r.add_feed(feed, exist_ok=True)
            for row in corpus.iter_article_rows(n, seed, now):
                r.add_entry(dict(
                    feed_url=feed, id=row["guid"], title=row["title"], link=row["url"],
                    author=row["author"], summary=row["html"],
                    published=datetime.fromtimestamp(row["published"], timezone.utc),
                ))
            r.enable_search()
            r.update_search()
            out = {"entries": r.get_entry_counts().total}
        elif action == "search":
            queries, repeats = json.loads(args[0]), int(args[1])
            r.enable_search()
            lat = {}
            for kind, q in queries:
                list(r.search_entries(q, limit=20))  # warm-up
                samples = []
                while len(samples) < repeats and (len(samples) < 3 or sum(samples) < 4.0):  # cap slow queries
                    t0 = time.perf_counter()
                    hits = list(r.search_entries(q, limit=20))
                    samples.append(time.perf_counter() - t0)
                lat[kind] = {"samples": samples, "hits": len(hits)}
            out = {"latency": lat}
        else:
            raise SystemExit("unknown action " + action)
        r.close()
        print(json.dumps(out))

    main(*sys.argv[1:])
    '''
)


def ensure_reader() -> Path:
    """The python of a venv holding PyPI ``reader`` (created and installed once)."""
    py = READER_VENV / "bin" / "python"
    probe = [str(py), "-I", "-c", "import reader, sgmllib, sys; sys.exit(0 if hasattr(reader, 'make_reader') else 1)"]
    if py.exists() and subprocess.run(probe, cwd=tempfile.gettempdir(), capture_output=True, check=False).returncode == 0:
        return py
    READER_VENV.parent.mkdir(parents=True, exist_ok=True)
    made = subprocess.run([sys.executable, "-m", "venv", str(READER_VENV)], capture_output=True, text=True, check=False)
    if made.returncode != 0:
        raise Missing(f"cannot create a venv for reader: {made.stderr.strip()[-200:]}")
    pip = subprocess.run(
        [str(py), "-m", "pip", "install", "-q", *READER_SPEC], capture_output=True, text=True, timeout=600, check=False
    )
    if pip.returncode != 0:
        tail = (pip.stderr.strip().splitlines() or ["no output"])[-1]
        raise Missing(f"pip install reader failed: {tail[:200]}")
    if subprocess.run(probe, cwd=tempfile.gettempdir(), capture_output=True, check=False).returncode != 0:
        raise Missing("reader installed but make_reader is not importable")
    return py


def reader_version(py: Path) -> str:
    done = subprocess.run(
        [str(py), "-I", "-c", "import reader; print(reader.__version__)"],
        cwd=tempfile.gettempdir(), capture_output=True, text=True, check=False,
    )
    return done.stdout.strip() or "?"


def reader_call(py: Path, workdir: Path, action: str, db: Path, *args: str, timeout: float = 900.0) -> tuple[Measured, dict[str, Any]]:
    """Run one action of the reader driver script; returns the run and its JSON."""
    workdir.mkdir(parents=True, exist_ok=True)
    script = workdir / "drive_reader.py"
    script.write_text(_READER_SCRIPT)
    m = run_measured([py, "-I", script, action, db, *args], cwd=workdir, timeout=timeout).check(f"reader {action}")
    lines = m.stdout.strip().splitlines()
    if not lines:
        raise Missing(f"reader {action} printed nothing")
    return m, json.loads(lines[-1])


# --- floors ---------------------------------------------------------------------------


def parse_floor(files: Iterable[Path]) -> tuple[float, int]:
    """Seconds for lxml (XML) / json (JSON Feed) to parse the files; entries seen."""
    from lxml import etree

    blobs = [(p.suffix, p.read_bytes()) for p in files]
    entries = 0
    t0 = time.perf_counter()
    for suffix, data in blobs:
        if suffix == ".json":
            entries += len(json.loads(data)["items"])
        else:
            root = etree.fromstring(data)
            entries += sum(1 for el in root.iter() if isinstance(el.tag, str) and etree.QName(el).localname in ("item", "entry"))
    return time.perf_counter() - t0, entries


def fts_floor(rows: Iterable[dict[str, Any]], queries: Sequence[tuple[str, str]], repeats: int) -> dict[str, Any]:
    """Raw sqlite3: insert the rows (table + FTS5) with executemany, then MATCH latency."""
    with tempfile.TemporaryDirectory(prefix="byline-bench-fts-") as tmp:
        conn = sqlite3.connect(Path(tmp) / "floor.sqlite3")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute(
            "CREATE TABLE articles(id INTEGER PRIMARY KEY, guid TEXT UNIQUE, url TEXT, title TEXT, "
            "author TEXT, published REAL, html TEXT, categories TEXT)"
        )
        conn.execute("CREATE VIRTUAL TABLE fts USING fts5(title, author, body)")
        inserted = 0
        spent = [0.0]  # only the SQL, not the generation of the rows
        batch: list[dict[str, Any]] = []

        def flush() -> None:
            t0 = time.perf_counter()
            with conn:
                conn.executemany(
                    "INSERT INTO articles(guid, url, title, author, published, html, categories) VALUES (?,?,?,?,?,?,?)",
                    [(r["guid"], r["url"], r["title"], r["author"], r["published"], r["html"], json.dumps(r["categories"])) for r in batch],
                )
                conn.executemany(
                    "INSERT INTO fts(rowid, title, author, body) SELECT id, ?, ?, ? FROM articles WHERE guid = ?",
                    [(r["title"], r["author"], r["text"], r["guid"]) for r in batch],
                )
            spent[0] += time.perf_counter() - t0

        for row in rows:
            batch.append(row)
            if len(batch) >= 5000:
                flush()
                inserted += len(batch)
                batch = []
        if batch:
            flush()
            inserted += len(batch)
        insert_seconds = spent[0]
        sql = (
            "SELECT a.id, a.title, snippet(fts, 2, char(2), char(3), '…', 12), bm25(fts) "
            "FROM fts JOIN articles a ON a.id = fts.rowid WHERE fts MATCH ? ORDER BY bm25(fts) LIMIT 20"
        )
        latency: dict[str, Any] = {}
        for kind, q in queries:
            conn.execute(sql, (q,)).fetchall()
            samples = []
            while len(samples) < repeats and (len(samples) < 3 or sum(samples) < 4.0):  # cap slow queries
                t = time.perf_counter()
                hits = conn.execute(sql, (q,)).fetchall()
                samples.append(time.perf_counter() - t)
            latency[kind] = {"samples": samples, "hits": len(hits)}
        conn.close()
    return {"inserted": inserted, "insert_seconds": insert_seconds, "latency": latency}


def percentile(samples: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank."""
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    k = max(0, min(len(ordered) - 1, int(round(q / 100 * len(ordered) + 0.5)) - 1))
    return ordered[k]


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples) if samples else float("nan")
