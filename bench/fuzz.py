"""Coverage-guided fuzzing of everything that reads untrusted bytes, for a fixed budget.

    python bench/fuzz.py --minutes 60                 # every target, the budget shared
    python bench/fuzz.py --minutes 10 feed opml       # only these targets
    python bench/fuzz.py --replay FILE --target feed  # run one saved input again

Targets: ``feed`` (``parse_feed``, both XML paths and JSON Feed), ``dates`` (a
date string through all three), ``content`` (``prepare`` then ``render``),
``callouts`` (``find_callouts``), ``opml`` (``parse_opml`` and the import into
a store) and ``query`` (``parse_query``, then the search it compiles to, run on a
small store). Each runs under atheris (libFuzzer's coverage guidance over
Python) in its own child process, niced, with a corpus seeded from tests/data and
../shared/corpus and kept in ``bench/.cache/fuzz/<target>/corpus``.

An input is a *finding* when it raises anything but the target's expected
error (``BylineError``: a ParseError, an OPMLError, a QueryError), or breaks
an invariant the code promises (a date the document did not give, a title
with a line break, a link that is not absolute http(s)). Findings are
written to ``bench/.cache/fuzz/<target>/findings/`` (the input, and a .txt with
the traceback), one per distinct place; the run goes on. A hard crash, a hang
(over ``--timeout`` seconds) or running out of memory stops the child; libFuzzer
keeps that input as ``crash-*``/``timeout-*``/``oom-*`` in the same folder and
the child is started again for what is left of its budget. Every finding
becomes a regression test (tests/bench/test_fuzz.py replays tests/data/fuzz/).

The summary (runs, coverage, findings per target, hours) is printed and
appended to ``bench/results/fuzz.md``. Not run in CI: it is a budget, not a test.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
WORK = REPO / "bench" / ".cache" / "fuzz"
RESULTS = REPO / "bench" / "results" / "fuzz.md"
TARGETS = ("feed", "dates", "content", "callouts", "opml", "query")
SHARES = {"feed": 3, "dates": 1, "content": 2, "callouts": 1, "opml": 1, "query": 1}  # of the budget

if __package__ in (None, ""):
    sys.path.insert(0, str(REPO))


# --- seeds ----------------------------------------------------------------------------------------


def _files(folder: Path, *suffixes: str) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and (not suffixes or p.suffix in suffixes))


_SEED_DATES = [
    "Tue, 10 Jun 2025 12:00:00 GMT", "2025-06-10T12:00:00Z", "2025-06-10T12:00:00.5+02:00", "2025-06-10",
    "-2025-01-01", "2025-13-45T99:99:99Z", "Mon, 32 Jan 2025 10:00:00 +0000", "2025-W23-2", "20250610T120000Z",
    "Sun Jan  4 16:29:06 PST 2004", "2004-02-28T18:14:55-08:00", "10 Jun 25 12:00 EST", "2025-06", "2025",
]
_SEED_QUERIES = [
    "harbor", '"night train"', "ferry -landing", "title:ferry OR author:mina", "is:saved before:2025-01-01",
    "after:2024-12-31 is:unread (river OR lake)", "wo*", "NOT", "\"unclosed", "a AND (b OR -c)", "café",
]


def seeds(target: str) -> list[bytes]:
    data = REPO / "tests" / "data"
    corpus = SHARED / "corpus"
    if target == "feed":
        paths = [*_files(data, ".xml", ".rdf", ".json", ".rss", ".atom"), *_files(corpus / "feeds"),
                 *_files(REPO / "resources" / "sample"), *_files(REPO / "tests" / "ui" / "data")]
        return [p.read_bytes()[:65536] for p in paths]
    if target == "dates":
        return [d.encode() for d in _SEED_DATES]
    if target in ("content", "callouts"):
        paths = [*_files(data, ".html", ".txt"), *_files(corpus / "articles"), *_files(SHARED / "seed")]
        return [p.read_bytes()[:65536] for p in paths]
    if target == "opml":
        return [p.read_bytes()[:65536] for p in [*_files(data, ".opml"), *_files(corpus / "opml")]]
    if target == "query":
        return [q.encode() for q in _SEED_QUERIES]
    raise SystemExit(f"unknown target {target!r}")


# --- the targets (run inside the child) ---------------------------------------------------------------


class Broken(Exception):
    """An invariant the code promises did not hold."""


def _check_text(value: str, what: str) -> None:
    if any(c in value for c in "\r\n\x00"):
        raise Broken(f"{what} has a line break or NUL: {value[:80]!r}")


def _check_url(value: str | None, what: str) -> None:
    if value is not None and not value.lower().startswith(("http://", "https://")):
        raise Broken(f"{what} is not absolute http(s): {value[:80]!r}")


def _check_feed(parsed: object) -> None:
    from reader.core.models import ParsedFeed

    assert isinstance(parsed, ParsedFeed)
    _check_text(parsed.title, "feed title")
    _check_url(parsed.site_url, "site url")
    now = datetime.now(UTC)
    for e in parsed.entries:
        if not e.guid:
            raise Broken("an entry without a guid")
        _check_text(e.title, "entry title")
        _check_url(e.url, "entry url")
        for moment in (e.published, e.updated):
            if moment is not None and (moment.tzinfo is None or moment.year < 1970 or (moment - now).days > 2):
                raise Broken(f"an out-of-range date came through: {moment!r}")


def _check_safe(html: str) -> None:
    """No element of the rendered HTML can run anything (text that only looks like markup is fine)."""
    if not html.strip():
        return
    from lxml import html as lxml_html

    for el in lxml_html.fragment_fromstring(html, create_parent="div").iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag.lower() in ("script", "style", "iframe", "object", "embed", "form"):
            raise Broken(f"a <{el.tag}> survived rendering")
        for name, value in el.attrib.items():
            if name.lower().startswith("on") or name.lower() == "style":
                raise Broken(f"an {name}= attribute survived rendering")
            scheme = "".join(value.split()).lower().partition(":")[0]
            if name.lower() in ("href", "src") and scheme in ("javascript", "vbscript", "data", "file"):
                raise Broken(f"{name}={value[:60]!r} survived rendering")


def _years_in(text: str) -> set[int]:
    digits = "".join(c if c.isdigit() else " " for c in text).split()
    years = {int(d) for d in digits if len(d) == 4}
    years |= {1900 + int(d) for d in digits if len(d) == 2} | {2000 + int(d) for d in digits if len(d) == 2}
    years |= {int(d[:4]) for d in digits if len(d) == 8}  # 20250610
    return years


def _date_documents(text: str) -> list[tuple[str, bytes]]:
    from xml.sax.saxutils import escape

    value = escape(text)
    rss = f"<rss version='2.0'><channel><title>t</title><item><guid>g</guid><title>x</title><pubDate>{value}</pubDate></item></channel></rss>"
    atom = f"<feed xmlns='http://www.w3.org/2005/Atom'><title>t</title><entry><id>g</id><title>x</title><updated>{value}</updated></entry></feed>"
    js = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "g", "title": "x", "date_published": text}]})
    return [("rss", rss.encode()), ("atom", atom.encode()), ("json", js.encode())]


def _target(name: str) -> Callable[[bytes], None]:
    """The function the child runs on each input (imports happen inside atheris' instrumentation)."""
    from reader.core.errors import BylineError

    if name == "feed":
        from reader.core.feeds.parse import parse_feed

        def run_feed(data: bytes) -> None:
            for engine in ("auto", "feedparser"):
                try:
                    parsed = parse_feed(data, url="https://fuzz.example/feed", engine=engine)  # type: ignore[arg-type]
                except BylineError:
                    continue
                _check_feed(parsed)

        return run_feed

    if name == "dates":
        from reader.core.feeds.parse import parse_feed

        def run_dates(data: bytes) -> None:
            text = data.decode("utf-8", "replace")
            if not text.isprintable() or len(text) > 80:
                return
            years = _years_in(text)
            for kind, doc in _date_documents(text):
                engines = ("auto", "feedparser") if kind != "json" else ("auto",)
                for engine in engines:
                    try:
                        parsed = parse_feed(doc, engine=engine)  # type: ignore[arg-type]
                    except BylineError:
                        continue
                    _check_feed(parsed)
                    for e in parsed.entries:
                        moment = e.published
                        if moment is None:
                            continue
                        local = {moment.year}
                        if (moment.month, moment.day) in ((1, 1), (12, 31)) or "W" in text.upper():  # a zone, or an ISO week-year
                            local |= {moment.year - 1, moment.year + 1}
                        if not years & local:
                            raise Broken(f"{kind}/{engine}: {text!r} became {moment.isoformat()}, a year it does not name")

        return run_dates

    if name == "content":
        from reader.core.content.pipeline import prepare, render

        def run_content(data: bytes) -> None:
            text = data.decode("utf-8", "replace")
            is_html = not (data[:1] == b"\x00")
            prepared = prepare(text, is_html=is_html, base_url="https://fuzz.example/story/")
            rendered = render(prepared.html, resolve=lambda headline: 7 if len(headline) % 2 else None, images=len(data) % 2 == 0)
            _check_safe(rendered.html)
            render(text)  # render is also safe on raw HTML

        return run_content

    if name == "callouts":
        from reader.core.content.callouts import find_callouts, is_callout_text, normalize_headline

        def run_callouts(data: bytes) -> None:
            text = data.decode("utf-8", "replace")
            for callout in find_callouts(text):
                _check_text(callout.headline, "callout headline")
                normalize_headline(callout.headline)
            is_callout_text(text[:500])

        return run_callouts

    if name == "opml":
        from reader.core import subscribe
        from reader.core.secrets import MemorySecrets
        from reader.core.storage.store import Store

        store = Store.open(":memory:")
        secrets = MemorySecrets()  # a user:password@ in an outline's URL goes here
        count = [0]

        def run_opml(data: bytes) -> None:
            nonlocal store
            try:
                result = subscribe.import_opml(store, lambda: secrets, data, under="Fuzz")
            except BylineError:
                return
            for _what, reason in result.skipped:
                _check_text(reason, "skip reason")
            for feed in store.feeds():
                if not feed.url.lower().startswith(("http://", "https://")):
                    raise Broken(f"an imported feed has the URL {feed.url[:80]!r}")
            count[0] += 1
            if count[0] % 200 == 0:
                store.close()
                store = Store.open(":memory:")

        return run_opml

    if name == "query":
        from reader.core.search.query import parse_query
        from reader.core.storage.rows import EntryRow, FeedMeta
        from reader.core.storage.store import Store

        store = Store.open(":memory:")
        meta = FeedMeta(checked_at=0.0, next_check=None, title="Harbor", site_url=None, description="", etag=None,
                        last_modified=None, body_hash="x", new_url=None, ttl_seconds=None, problem=None)
        rows = [
            EntryRow(guid=f"g{i}", title=f"Night ferry {i} café", title_key=f"night ferry {i}", content_hash=str(i),
                     url=None, author="Mina", published=1.7e9 + i, updated=None, html=f"<p>river {i} lake</p>",
                     text=f"river {i} lake harbor", is_html=True, base_url=None, categories=(), enclosures=())
            for i in range(20)
        ]
        from reader.core import decide

        with store.new_feed_write("https://fuzz.example/feed", meta, folder=(), user_title=None) as write:
            write.apply(decide.plan_entries(rows, write.known([r.guid for r in rows])))

        def run_query(data: bytes) -> None:
            text = data.decode("utf-8", "replace")
            try:
                q = parse_query(text)
                store.search(q.match, saved=q.saved, read=q.read, after=q.after.timestamp() if q.after else None,
                             before=q.before.timestamp() if q.before else None, limit=5)
            except BylineError:
                return

        return run_query

    raise SystemExit(f"unknown target {name!r}")


def _finding_key(err: BaseException) -> str:
    """One finding per exception type and innermost frame of our code."""
    frames = traceback.extract_tb(err.__traceback__)
    ours = [f for f in frames if "/reader/" in f.filename] or frames
    where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
    text = str(err).split(":")[0][:60] if isinstance(err, Broken) else ""  # the kind of break, not the input
    return hashlib.sha1(f"{type(err).__name__}|{where}|{text}".encode()).hexdigest()[:12]


def child(target: str, folder: Path, libfuzzer_args: list[str]) -> None:
    """Run one target under atheris until libFuzzer stops (budget spent, or a hard crash)."""
    import atheris

    findings = folder / "findings"
    findings.mkdir(parents=True, exist_ok=True)
    known = {p.stem for p in findings.glob("*.txt")}
    with atheris.instrument_imports(include=["reader", "feedparser"]):
        run = _target(target)

    def one_input(data: bytes) -> None:
        try:
            run(data)
        except Exception as err:  # noqa: BLE001 - every unexpected error is what we are looking for
            key = _finding_key(err)
            if key not in known:
                known.add(key)
                (findings / f"{key}.bin").write_bytes(data)
                (findings / f"{key}.txt").write_text("".join(traceback.format_exception(err)))
                print(f"FINDING {key}: {type(err).__name__}: {str(err)[:200]}", file=sys.stderr, flush=True)

    atheris.Setup([sys.argv[0], *libfuzzer_args], one_input)
    atheris.Fuzz()


# --- the driver ----------------------------------------------------------------------------------------


def _prepare_corpus(target: str) -> Path:
    folder = WORK / target
    corpus = folder / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for data in seeds(target):
        (corpus / ("seed-" + hashlib.sha1(data).hexdigest()[:16])).write_bytes(data)
    return folder


def drive(target: str, seconds: float, timeout: int) -> dict[str, object]:
    folder = _prepare_corpus(target)
    started = time.monotonic()
    restarts = runs = 0
    cov = ""
    log = folder / "log.txt"
    while (left := seconds - (time.monotonic() - started)) > 5:
        args = [
            sys.executable, str(Path(__file__).resolve()), "--child", target, "--",
            f"-max_total_time={int(left)}", f"-timeout={timeout}", "-rss_limit_mb=2048", "-max_len=65536",
            f"-artifact_prefix={folder / 'findings'}/", "-print_final_stats=1", str(folder / "corpus"),
        ]
        with log.open("a") as out:
            out.write(f"\n=== {datetime.now(UTC).isoformat()} {' '.join(args[3:])}\n")
            out.flush()
            done = subprocess.run(["nice", "-n", "15", *args], stdout=out, stderr=subprocess.STDOUT, cwd=REPO)
        text = log.read_text(errors="replace")
        tail = text[text.rfind("=== "):]
        for line in tail.splitlines():
            if line.startswith("stat::number_of_executed_units:"):
                runs += int(line.split(":")[-1])
            if " cov: " in line:
                cov = line.split(" cov: ")[1].split()[0]
        if done.returncode != 0:
            restarts += 1
            print(f"{target}: the child stopped ({done.returncode}); restarting for the rest of its budget", flush=True)
    findings = sorted(p.name for p in (folder / "findings").iterdir() if p.suffix == ".txt" or "-" in p.name)
    return {"target": target, "seconds": round(time.monotonic() - started), "runs": runs, "coverage": cov,
            "restarts": restarts, "findings": findings}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("targets", nargs="*", metavar="TARGET", help=f"some of {', '.join(TARGETS)}")
    parser.add_argument("--minutes", type=float, default=60.0, help="the whole budget, shared by the targets")
    parser.add_argument("--timeout", type=int, default=20, help="seconds one input may take before it is a hang")
    parser.add_argument("--child", metavar="TARGET", help=argparse.SUPPRESS)
    parser.add_argument("--replay", metavar="FILE", help="run one saved input through --target and show what happens")
    parser.add_argument("--target", choices=TARGETS, help="the target for --replay")
    argv = sys.argv[1:]
    passed = argv[argv.index("--") + 1 :] if "--" in argv else []  # libFuzzer's own flags, for the child
    args = parser.parse_args(argv[: len(argv) - len(passed) - (1 if passed else 0)])
    if args.child:
        child(args.child, WORK / args.child, passed)
        return 0
    if args.replay:
        run = _target(args.target or "feed")
        run(Path(args.replay).read_bytes())
        print("no error")
        return 0
    try:
        import atheris  # noqa: F401
    except ImportError:
        print("atheris is not installed: pip install -e '.[fuzz]'", file=sys.stderr)
        return 3
    chosen = args.targets or list(TARGETS)
    unknown = [t for t in chosen if t not in TARGETS]
    if unknown:
        parser.error(f"unknown target {unknown[0]!r} (choose from {', '.join(TARGETS)})")
    total = sum(SHARES[t] for t in chosen)
    summary = []
    for target in chosen:
        seconds = args.minutes * 60 * SHARES[target] / total
        print(f"{target}: {seconds / 60:.1f} min", flush=True)
        summary.append(drive(target, seconds, args.timeout))
        print(json.dumps(summary[-1]), flush=True)
    hours = sum(float(s["seconds"]) for s in summary) / 3600  # type: ignore[arg-type]
    lines = [f"\n## {datetime.now(UTC).strftime('%Y-%m-%d %H:%M')} UTC, {hours:.2f} h\n",
             "| target | minutes | inputs run | coverage | restarts | findings |", "| --- | --- | --- | --- | --- | --- |"]
    for s in summary:
        lines.append(f"| {s['target']} | {float(s['seconds']) / 60:.0f} | {s['runs']} | {s['coverage']} | {s['restarts']} | "  # type: ignore[arg-type]
                     f"{len(s['findings'])} {' '.join(s['findings'][:5])}{' …' if len(s['findings']) > 5 else ''} |")  # type: ignore[arg-type]
    RESULTS.parent.mkdir(exist_ok=True)
    with RESULTS.open("a") as out:
        out.write("\n".join(lines) + "\n")
    print("\n".join(lines))
    shutil.rmtree(WORK / "tmp", ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
