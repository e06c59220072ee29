"""Two processes, one library: the window's refresher while command lines mark, save, import and search.

A window process (MainWindow, offscreen) presses Refresh again each time a
refresh ends, against feeds that change on every fetch, so every refresh
rewrites articles and the window reads its tree, list and counts again. Meanwhile two command-line processes at once run the CLI
entry point in a loop (each call opens, uses and closes the library, as a
``byline`` process does): read / unread / save / unsave on articles of their
own, imports of OPML files, searches. Every command's exit code and stderr are
kept. At the end: no mark a command reported done is lost, no
"database is locked" (or any storage error) reached a user, every write was
either done or reported, and the file is sound.

    python -m tests.hostile.test_two_processes refresher DIR SECONDS OUT   (the window)
    python -m tests.hostile.test_two_processes cli DIR NAME SECONDS OUT
"""

from __future__ import annotations

import io
import json
import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.servers import FeedServer, Request, Response

SECONDS = float(os.environ.get("BYLINE_TWO_PROCESS_SECONDS", "25"))
FEEDS = 8
ITEMS = 30
ROOT = Path(__file__).resolve().parents[2]
STORAGE_WORDS = ("database is locked", "busy", "could not be used", "damaged", "Traceback")


def _feed(n: int, version: int, base: str) -> bytes:
    items = "".join(
        f"<item><title>Story {n}-{i} v{version}</title><guid>{n}-{i}</guid><link>{base}/page/{n}/{i}</link>"
        f"<description>&lt;p&gt;{'Tide tables and harbour news. ' * 30} v{version}&lt;/p&gt;</description></item>"
        for i in range(ITEMS)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {n}</title>{items}</channel></rss>'.encode()


def _server() -> FeedServer:
    server = FeedServer()
    versions = {"n": 0}

    def feed(request: Request) -> Response:
        versions["n"] += 1  # every fetch a new version: every refresh rewrites its articles
        n = int(request.path.split("/")[-1].split(".")[0].lstrip("f") or 0)
        return Response(body=_feed(n, versions["n"], server.url("")), content_type="application/rss+xml")

    def page(request: Request) -> Response:
        return Response(body=f"<html><body><article><h1>Page</h1>{'<p>The full story, told at length. </p>' * 40}"
                        "</article></body></html>", content_type="text/html")

    for n in range(FEEDS):
        server.route(f"/f{n}.xml", feed)
    for n in range(FEEDS):
        for i in range(ITEMS):
            server.route(f"/page/{n}/{i}", page)
    return server


# --- the processes ---------------------------------------------------------------------------------------


def refresher(data_dir: str, seconds: float, out: str) -> None:
    """The window, refreshing: a MainWindow (offscreen) whose Refresh is pressed again as each one ends.

    Its lists and counts are read again after every refresh, as they are for a
    person. Every status-bar line is kept: a storage error would be shown there.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer

    from reader.core.library import open_library
    from reader.core.models import FeedResult
    from reader.ui.app import application
    from reader.ui.main_window import MainWindow

    counts: dict[str, object] = {"refreshes": 0, "feeds_written": 0, "failed_feeds": 0, "errors": [], "feed_errors": [],
                                 "status_lines": 0}
    lines: list[str] = []
    errors: list[str] = []
    feed_errors: list[str] = []
    app = application()
    deadline = time.monotonic() + seconds
    with open_library(data_dir) as lib:
        window = MainWindow(lib, open_external=lambda url: None)
        window.refresh_controller.set_interval(0)
        window.status_shown.connect(lines.append)

        def feed_done(result: FeedResult) -> None:
            counts["feeds_written"] = int(counts["feeds_written"]) + int(bool(result.new or result.updated))  # type: ignore[call-overload]
            if result.error:
                counts["failed_feeds"] = int(counts["failed_feeds"]) + 1  # type: ignore[call-overload]
                feed_errors.append(result.error)

        def again() -> None:
            counts["refreshes"] = int(counts["refreshes"]) + 1  # type: ignore[call-overload]
            if time.monotonic() < deadline:
                QTimer.singleShot(0, press_refresh)
            else:
                QTimer.singleShot(300, window.close)  # the lists read after the last refresh come in first

        def press_refresh() -> None:
            if not window.refresh_controller.refresh(force=True):  # as the Refresh button does
                errors.append("a refresh was already running")

        window.workers.feed_refreshed.connect(feed_done)
        window.refresh_controller.finished.connect(again)
        window.show()
        QTimer.singleShot(200, press_refresh)
        app.exec()
        window.shutdown()
    # Imported feeds point at a closed port: "N failed" is their due answer. A failed refresh, or a storage word, is not.
    errors += [line for line in lines if any(w in line for w in STORAGE_WORDS) or line.startswith("Refresh failed")]
    counts.update(errors=errors, feed_errors=feed_errors[:5], status_lines=len(lines))
    Path(out).write_text(json.dumps(counts))


def cli(data_dir: str, name: str, seconds: float, out: str) -> None:
    """A command line used in a loop: each call is the CLI's own entry point, opening and closing the library."""
    from reader.cli import main

    rng = random.Random(name)
    own = [int(i) for i in os.environ["BYLINE_OWN_IDS"].split(",")]
    opml_dir = Path(out).parent / f"opml-{name}"
    opml_dir.mkdir(exist_ok=True)
    ops: list[dict[str, object]] = []
    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline:
        n += 1
        roll = rng.random()
        ids = [str(i) for i in rng.sample(own, rng.randint(1, 3))]
        if roll < 0.25:
            args = ["read", *ids]
        elif roll < 0.4:
            args = ["unread", *ids]
        elif roll < 0.5:
            args = ["save", ids[0]] if rng.random() < 0.5 else ["save", "--no-copy", *ids]
        elif roll < 0.6:
            args = ["unsave", *ids]
        elif roll < 0.7:
            path = opml_dir / f"{n}.opml"
            outline = "".join(f'<outline text="x" xmlUrl="http://127.0.0.1:9/{name}-{n}-{k}.xml"/>' for k in range(3))
            path.write_text(f'<opml version="2.0"><body><outline text="Imported {name}">{outline}</outline></body></opml>')
            args = ["import", str(path)]
        else:
            args = ["search", rng.choice(["tide", "harbour", "story", "news", "tables"]), "--limit", "5"]
        stdout, stderr = io.StringIO(), io.StringIO()
        started = time.monotonic()
        code = main(["--data-dir", data_dir, *args], stdout, stderr)
        ops.append({"args": args, "code": code, "stderr": stderr.getvalue(), "done": time.time(),
                    "seconds": round(time.monotonic() - started, 3)})
    Path(out).write_text(json.dumps(ops))


# --- the test ------------------------------------------------------------------------------------------------


def _start(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "tests.hostile.test_two_processes", *args], cwd=ROOT,
                            env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _expected(ops: list[dict[str, object]]) -> tuple[dict[int, bool], dict[int, bool], int]:
    """The final read and saved state each id must have, from the commands reported done (in order)."""
    read: dict[int, bool] = {}
    saved: dict[int, bool] = {}
    unknown = 0
    for op in ops:
        args = [str(a) for a in op["args"]]  # type: ignore[union-attr]
        verb, ids = args[0], [int(a) for a in args[1:] if a.isdigit()]
        table = read if verb in ("read", "unread") else saved if verb in ("save", "unsave") else None
        if table is None:
            continue
        for i in ids:
            if op["code"] == 0:
                table[i] = verb in ("read", "save")
            else:  # reported as not done: the state may be either, so it is not checked
                table.pop(i, None)
                unknown += 1
    return read, saved, unknown


@pytest.mark.slow
def test_window_refreshing_while_two_command_lines_write(tmp_path: Path) -> None:
    from reader.core.library import open_library

    data_dir = tmp_path / "lib"
    with _server() as server:
        with open_library(data_dir) as lib:
            for n in range(FEEDS):
                lib.add_feed(server.url(f"/f{n}.xml"))
            ids = sorted(a.id for a in lib.articles())
        assert len(ids) == FEEDS * ITEMS
        procs = {
            "refresher": _start("refresher", str(data_dir), str(SECONDS), str(tmp_path / "refresher.json")),
            "cli-a": _start("cli", str(data_dir), "a", str(SECONDS), str(tmp_path / "cli-a.json"),
                            env={"BYLINE_OWN_IDS": ",".join(map(str, ids[0::2]))}),
            "cli-b": _start("cli", str(data_dir), "b", str(SECONDS), str(tmp_path / "cli-b.json"),
                            env={"BYLINE_OWN_IDS": ",".join(map(str, ids[1::2]))}),
        }
        stderr = {name: p.communicate(timeout=SECONDS + 120)[1].decode(errors="replace") for name, p in procs.items()}
        for name, p in procs.items():
            assert p.returncode == 0, f"{name}: {stderr[name]}"
            assert "Traceback" not in stderr[name], stderr[name]

    refreshed = json.loads((tmp_path / "refresher.json").read_text())
    ops = json.loads((tmp_path / "cli-a.json").read_text()) + json.loads((tmp_path / "cli-b.json").read_text())
    conn = sqlite3.connect(data_dir / "library.sqlite3")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        state = {r[0]: (bool(r[1]), bool(r[2])) for r in conn.execute("SELECT id, read, saved FROM articles")}
        feeds = conn.execute("SELECT count(*) FROM feeds").fetchone()[0]
    finally:
        conn.close()

    lost = []
    for ops_of_one in (json.loads((tmp_path / f"cli-{n}.json").read_text()) for n in "ab"):
        read, saved, _ = _expected(ops_of_one)
        lost += [("read", i, want) for i, want in read.items() if state[i][0] != want]
        lost += [("saved", i, want) for i, want in saved.items() if state[i][1] != want]
    failed = [op for op in ops if op["code"] != 0]
    troubled = [op for op in ops if any(w in str(op["stderr"]) for w in STORAGE_WORDS)]
    kinds = {verb: sum(1 for op in ops if op["args"][0] == verb) for verb in ("read", "unread", "save", "unsave", "import", "search")}
    slowest = max(float(op["seconds"]) for op in ops)
    imports_done = sum(1 for op in ops if op["args"][0] == "import" and op["code"] == 0)
    print(f"two processes, {SECONDS:.0f} s: the window ran {refreshed['refreshes']} refreshes "
          f"({refreshed['feeds_written']} feed writes, {refreshed['status_lines']} status lines), "
          f"{len(ops)} CLI commands {kinds}, {len(lost)} marks lost, {len(failed)} commands failed, "
          f"{len(troubled)} storage errors shown, {len(refreshed['errors'])} refresh errors, slowest command {slowest:.2f} s")
    assert refreshed["refreshes"] >= 2 and refreshed["feeds_written"] >= FEEDS
    assert len(ops) >= 20
    assert lost == [], lost[:10]
    assert troubled == [], troubled[:3]
    assert refreshed["errors"] == [], refreshed["errors"][:3]
    assert failed == [], failed[:3]  # every write done (none even had to be reported)
    assert feeds == FEEDS + 3 * imports_done  # every import done landed, whole


if __name__ == "__main__":
    role, *rest = sys.argv[1:]
    if role == "refresher":
        refresher(rest[0], float(rest[1]), rest[2])
    else:
        cli(rest[0], rest[1], float(rest[2]), rest[3])
