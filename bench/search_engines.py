"""SQLite FTS5 beside tantivy on the same generated library: is a second index worth it?

    python bench/search_engines.py --library DIR [--repeats 20]

DIR is a Byline library (e.g. ``bench/run.py --libraries`` keeps the generated
1M one). Issue 15 asks for exact relevance at median < 20 ms / p95 < 100 ms
at 1M, and says to measure a real search engine beside FTS5 if FTS5 cannot.
This prints, per query kind of ``peers.QUERIES``, the median and p95 of:

* ``fts5 newest 1000``: what ``Store.search`` ranks today (bm25 over the
  newest 1,000 matches);
* ``fts5 exact``: ``ORDER BY bm25 LIMIT 50`` over every match;
* ``fts5 rowids``: the newest 1,000 matches without bm25 (what bm25 itself costs);
* ``tantivy``: BM25 top 50 with the same field boosts (title 8, author 3,
  feed 2, body 1), block-max WAND; and how many of its top 50 the exact FTS5
  top 50 shares (the scores differ: tantivy sums per-field BM25).

tantivy (PyPI) runs in its own venv under ``~/.cache/byline-bench`` (it is not
a dependency of Byline); the text it indexes is the text Byline's FTS5 index
holds (``article_fts_source``), exported once to a JSON-lines file there.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.peers import CACHE_DIR, QUERIES, Missing  # noqa: E402

TANTIVY_VENV = CACHE_DIR / "tantivy-venv"
TANTIVY_SPEC = "tantivy==0.27.0"
BM25 = "bm25(article_fts, 8.0, 3.0, 2.0, 1.0)"
SQL = {
    "fts5 newest 1000": f"SELECT rowid, {BM25} FROM article_fts WHERE article_fts MATCH ? ORDER BY rowid DESC LIMIT 1000",
    "fts5 exact": f"SELECT rowid FROM article_fts WHERE article_fts MATCH ? ORDER BY {BM25} LIMIT 50",
    "fts5 rowids": "SELECT rowid FROM article_fts WHERE article_fts MATCH ? ORDER BY rowid DESC LIMIT 1000",
}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def ensure_tantivy() -> Path:
    """The python of a venv holding tantivy (created once)."""
    py = TANTIVY_VENV / "bin" / "python"
    probe = [str(py), "-I", "-c", "import tantivy"]
    if py.exists() and subprocess.run(probe, capture_output=True, check=False).returncode == 0:
        return py
    TANTIVY_VENV.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(TANTIVY_VENV)], check=True, capture_output=True)
    pip = subprocess.run([str(py), "-m", "pip", "install", "-q", TANTIVY_SPEC], capture_output=True, text=True, check=False)
    if pip.returncode != 0:
        raise Missing(f"pip install {TANTIVY_SPEC} failed: {(pip.stderr.strip().splitlines() or ['?'])[-1][:200]}")
    return py


def export_texts(library: Path, out: Path) -> int:
    """The indexed columns of every article, as Byline's FTS5 index sees them, one JSON object a line."""
    from reader import paths
    from reader.core.storage.store import Store

    store = Store.open(library / paths.DB_NAME)
    n = 0
    tmp = out.with_suffix(".part")
    try:
        with tmp.open("w", encoding="utf-8") as f:
            for row in store._conn.execute("SELECT id, title, author, feed, body FROM article_fts_source"):
                f.write(json.dumps(dict(zip(("id", "title", "author", "feed", "body"), row, strict=True))) + "\n")
                n += 1
    finally:
        store.close()
    tmp.rename(out)
    return n


def fts5_figures(library: Path, repeats: int) -> dict[str, dict[str, object]]:
    from reader import paths
    from reader.core.search.query import parse_query
    from reader.core.storage.store import Store

    store = Store.open(library / paths.DB_NAME)
    conn = store._conn
    out: dict[str, dict[str, object]] = {}
    try:
        for kind, text in QUERIES:
            match = parse_query(text).match
            got: dict[str, object] = {"match": match}
            for name, sql in SQL.items():
                conn.execute(sql, (match,)).fetchall()
                times = []
                for _ in range(repeats):
                    t0 = time.perf_counter()
                    conn.execute(sql, (match,)).fetchall()
                    times.append((time.perf_counter() - t0) * 1000)
                got[name] = times
            got["exact ids"] = [r[0] for r in conn.execute(SQL["fts5 exact"], (match,))]
            out[kind] = got
    finally:
        store.close()
    return out


# Runs in the tantivy venv: builds the index once, then times the queries.
_TANTIVY = textwrap.dedent(
    """
    import json, os, sys, time
    import tantivy
    docs, index_dir, queries, repeats = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), int(sys.argv[4])
    fields = ("title", "author", "feed", "body")
    sb = tantivy.SchemaBuilder()
    sb.add_integer_field("id", stored=True, indexed=True, fast=True)
    for name in fields:
        sb.add_text_field(name, stored=False)
    schema = sb.build()
    built = None
    if not os.path.exists(os.path.join(index_dir, "meta.json")):
        os.makedirs(index_dir, exist_ok=True)
        t0 = time.perf_counter()
        index = tantivy.Index(schema, path=index_dir)
        writer = index.writer(heap_size=200_000_000, num_threads=2)
        with open(docs, encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                writer.add_document(tantivy.Document(id=d["id"], **{k: d[k] or "" for k in fields}))
        writer.commit()
        writer.wait_merging_threads()
        built = time.perf_counter() - t0
    t0 = time.perf_counter()
    index = tantivy.Index.open(index_dir)
    index.reload()
    searcher = index.searcher()
    opened = time.perf_counter() - t0
    boosts = {"title": 8.0, "author": 3.0, "feed": 2.0, "body": 1.0}
    out = {"built_s": built, "open_ms": opened * 1000, "docs": searcher.num_docs, "kinds": {}}
    for kind, text in queries:
        try:
            q = index.parse_query(text, list(fields), field_boosts=boosts, conjunction_by_default=True)
        except Exception as err:  # a syntax tantivy's parser does not take
            out["kinds"][kind] = {"error": str(err)[:120]}
            continue
        def run():
            hits = searcher.search(q, 50).hits
            return [searcher.doc(addr)["id"][0] for _score, addr in hits]
        run()
        times = []
        for _ in range(repeats):
            t1 = time.perf_counter()
            ids = run()
            times.append((time.perf_counter() - t1) * 1000)
        out["kinds"][kind] = {"times": times, "ids": ids, "query": text}
    print(json.dumps(out))
    """
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, required=True, help="a Byline data dir")
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args(argv)
    try:
        py = ensure_tantivy()
    except Missing as err:
        print(f"missing: {err}")
        return 3
    work = CACHE_DIR / f"tantivy-{args.library.resolve().name}"
    work.mkdir(parents=True, exist_ok=True)
    docs = work / "docs.jsonl"
    if not docs.exists():
        t0 = time.perf_counter()
        n = export_texts(args.library, docs)
        print(f"exported {n:,} articles' indexed text in {time.perf_counter() - t0:.0f} s")
    fts5 = fts5_figures(args.library, args.repeats)
    done = subprocess.run(
        [str(py), "-I", "-c", _TANTIVY, str(docs), str(work / "index"), json.dumps(QUERIES), str(args.repeats)],
        capture_output=True, text=True, cwd=tempfile.gettempdir(), check=False,
    )
    if done.returncode != 0:
        print(f"missing: tantivy run failed: {(done.stderr.strip().splitlines() or ['?'])[-1][:200]}")
        return 3
    tv = json.loads(done.stdout.strip().splitlines()[-1])
    if tv["built_s"] is not None:
        print(f"tantivy index of {tv['docs']:,} documents built in {tv['built_s']:.0f} s")
    print(f"tantivy index opened in {tv['open_ms']:.1f} ms ({tv['docs']:,} documents)")
    print(f"{'query':13} {'engine':17} {'median ms':>9} {'p95 ms':>8}  shared with the exact FTS5 top 50")
    every: dict[str, list[float]] = {}
    for kind, _text in QUERIES:
        got = fts5[kind]
        for name in SQL:
            times = got[name]
            assert isinstance(times, list)
            every.setdefault(name, []).extend(times)
            print(f"{kind:13} {name:17} {statistics.median(times):9.1f} {percentile(times, 95):8.1f}")
        t = tv["kinds"].get(kind, {})
        if "error" in t:
            print(f"{kind:13} {'tantivy':17} missing: {t['error']}")
            continue
        if not t["ids"]:
            print(f"{kind:13} {'tantivy':17} missing: no hits for {t['query']!r} (its query parser reads it otherwise)")
            continue
        exact = set(got["exact ids"])  # type: ignore[arg-type]
        every.setdefault("tantivy", []).extend(t["times"])
        print(f"{kind:13} {'tantivy':17} {statistics.median(t['times']):9.1f} {percentile(t['times'], 95):8.1f}"
              f"  {len(exact & set(t['ids']))} of {len(exact)}")
    for name, times in every.items():
        print(f"{'all kinds':13} {name:17} {statistics.median(times):9.1f} {percentile(times, 95):8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
