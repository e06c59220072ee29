"""Refresh speed: 200 feeds x 50 entries over loopback, cold (all new) and warm (all 304).

Serves the bench corpus (bench/corpus.py) from small servers on 127.0.0.X
addresses (all of 127.0.0.0/8 is loopback on Linux), each answer delayed by
``--latency-ms``, with ETags and 304s. Each refresh runs in a child process
(``--child``) so that its peak memory can be read: the parent samples the RSS
of the child and all its descendants (parse workers included) every 10 ms.

The fetcher caps concurrent requests per host (FetchLimits.per_host, 2): with
every feed on one host that cap, not parsing, bounds the refresh. ``--hosts``
spreads the feeds over that many addresses; ``--per-host`` overrides the cap.

    python -m bench.refresh_speed                          # process/thread/inline, 25 hosts
    python -m bench.refresh_speed --hosts 1 --pools process
    python -m bench.refresh_speed --accel on off           # with and without feedparser-rs
"""

from __future__ import annotations

import argparse
import hashlib
import ipaddress
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bench.corpus import RENDERERS, plan_feeds, render_opml

PLACEHOLDER = "http://bench.invalid/"


# --- servers ---------------------------------------------------------------------------


class _Files(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def __init__(self, host: str, files: dict[str, bytes], latency: float) -> None:
        if not ipaddress.ip_address(host).is_loopback:
            raise ValueError(f"{host} is not a loopback address")
        super().__init__((host, 0), _Handler)
        self.files = {path: (body, '"' + hashlib.sha1(body).hexdigest()[:16] + '"') for path, body in files.items()}
        self.latency = latency
        self.counts = {"ok": 0, "not_modified": 0, "not_found": 0}
        self.lock = threading.Lock()

    def count(self, what: str) -> None:
        with self.lock:
            self.counts[what] += 1

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up on a kept-alive connection (every refresh does, at its end) is not news."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: _Files

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def do_GET(self) -> None:
        srv = self.server
        time.sleep(srv.latency)
        found = srv.files.get(self.path)
        if found is None:
            srv.count("not_found")
            self._answer(404, b"not found\n", {"Content-Type": "text/plain"})
        elif found[1] in (self.headers.get("If-None-Match") or ""):
            srv.count("not_modified")
            self._answer(304, b"", {"ETag": found[1]})
        else:
            srv.count("ok")
            kind = "application/feed+json" if self.path.endswith(".json") else "application/xml"
            self._answer(200, found[0], {"ETag": found[1], "Content-Type": kind})

    def _answer(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@dataclass
class Corpus:
    servers: list[_Files]
    opml: Path
    entries: int

    def counts(self) -> dict[str, int]:
        total = {"ok": 0, "not_modified": 0, "not_found": 0}
        for s in self.servers:
            with s.lock:
                for k, v in s.counts.items():
                    total[k] += v
                    s.counts[k] = 0
        return total

    def stop(self) -> None:
        for s in self.servers:
            s.shutdown()
            s.server_close()


def start_corpus(work: Path, feeds: int, entries: int, hosts: int, latency: float, seed: int = 1) -> Corpus:
    """Render the corpus and serve feed i from host 127.0.0.(2 + i % hosts); write its OPML."""
    plan = plan_feeds(feeds, entries, seed, PLACEHOLDER)
    files: list[dict[str, bytes]] = [{} for _ in range(hosts)]
    for f in plan:
        files[f.index % hosts]["/" + f.path] = RENDERERS[f.kind](f).encode("utf-8")
    servers = [_Files(f"127.0.0.{2 + k}" if hosts > 1 else "127.0.0.1", files[k], latency) for k in range(hosts)]
    for s in servers:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    bases = [f"http://{s.server_address[0]}:{s.server_address[1]}/" for s in servers]
    for k, s in enumerate(servers):  # links inside each feed point at its own host
        s.files = {p: (b.replace(PLACEHOLDER.encode(), bases[k].encode()), etag) for p, (b, etag) in s.files.items()}
    moved = [replace(f, url=f.url.replace(PLACEHOLDER, bases[f.index % hosts])) for f in plan]
    opml = work / "corpus.opml"
    opml.write_text(render_opml(moved), encoding="utf-8")
    return Corpus(servers, opml, sum(len(f.entries) for f in plan))


# --- one measured refresh (the child) --------------------------------------------------------


def child(data: Path, workers: int, per_host: int | None) -> None:
    """Refresh every feed of the library at ``data``; print seconds and counts as JSON."""
    from reader.core.library import open_library

    lib = open_library(data)
    if per_host is not None:
        from reader.core.net.fetch import Fetcher, FetchLimits

        lib._fetcher = Fetcher(FetchLimits(per_host=per_host))  # the bench's own cap (no public hook)
    t0 = time.perf_counter()
    summary = lib.refresh(workers=workers)
    seconds = time.perf_counter() - t0
    lib.close()
    # Counts only: the results' article ids alone can fill the pipe the parent reads at the end.
    counts = {k: getattr(summary, k) for k in ("checked", "new_articles", "not_modified", "failed", "held")}
    print(json.dumps({"seconds": seconds, "summary": counts}))


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            return next((int(line.split()[1]) for line in fh if line.startswith("VmRSS:")), 0)
    except (OSError, ValueError):
        return 0


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants (Linux /proc), in KiB."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            total += _rss_kb(p)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return total


def measure(data: Path, workers: int, per_host: int | None, env: dict[str, str]) -> dict[str, float]:
    """Run one refresh in a child; its seconds, and the peak RSS of the whole process tree."""
    cmd = [sys.executable, "-m", "bench.refresh_speed", "--child", str(data), "--workers", str(workers)]
    if per_host is not None:
        cmd += ["--per-host", str(per_host)]
    # The child writes to files: a pipe nobody reads until the end stops it once 64 KiB are written.
    with tempfile.TemporaryFile() as out_file, tempfile.TemporaryFile() as err_file:
        proc = subprocess.Popen(cmd, stdout=out_file, stderr=err_file, env={**os.environ, **env},
                                cwd=Path(__file__).resolve().parents[1])
        peak = main_peak = 0
        while proc.poll() is None:
            peak = max(peak, _tree_rss_kb(proc.pid))
            main_peak = max(main_peak, _rss_kb(proc.pid))
            time.sleep(0.01)
        out_file.seek(0)
        err_file.seek(0)
        out, err = out_file.read(), err_file.read()
    if proc.returncode != 0:
        raise RuntimeError(f"refresh failed: {err.decode()[-2000:]}")
    got = json.loads(out.decode().strip().splitlines()[-1])
    # Not ru_maxrss: it keeps the RSS of the forked parent from before exec.
    return {"seconds": got["seconds"], "peak_mib": peak / 1024, "main_mib": main_peak / 1024, "summary": got["summary"]}


def subscribe(data: Path, opml: Path) -> None:
    from reader.core.library import open_library

    lib = open_library(data)
    lib.import_opml(opml.read_bytes())
    lib.close()


# --- main ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--hosts", type=int, default=25, help="spread feeds over 127.0.0.2..; 1 = all on 127.0.0.1")
    parser.add_argument("--per-host", type=int, default=None, help="override FetchLimits.per_host (default: the fetcher's)")
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument("--pools", nargs="+", default=["process", "thread", "inline"], choices=["process", "thread", "inline"])
    parser.add_argument("--accel", nargs="+", default=["default"], choices=["default", "on", "off"],
                        help="feedparser-rs accelerator (BYLINE_ACCEL): on, off, or the built-in default")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.workers, args.per_host)
        return 0

    os.environ["BYLINE_NETWORK"] = "loopback"
    with tempfile.TemporaryDirectory(prefix="byline-refresh-speed-") as tmp:
        work = Path(tmp)
        t0 = time.perf_counter()
        corpus = start_corpus(work, args.feeds, args.entries, args.hosts, args.latency_ms / 1000)
        print(f"{args.feeds} feeds x {args.entries} entries ({corpus.entries} entries), {args.latency_ms:g} ms latency, "
              f"{args.hosts} host(s), per-host cap {args.per_host or 'default'}, {args.workers} fetch workers, "
              f"{os.cpu_count()} cores; corpus ready in {time.perf_counter() - t0:.1f} s", flush=True)
        print(f"{'parse in':>9} {'accel':>7} {'cold s':>7} {'entries/s':>10} {'warm s':>7} {'peak MiB':>9} {'main MiB':>9}  served")
        try:
            for pool in args.pools:
                for accel in args.accel:
                    env = {"BYLINE_PARSE_POOL": pool}
                    if accel != "default":
                        env["BYLINE_ACCEL"] = "1" if accel == "on" else "0"
                    for run in range(args.runs):
                        data = work / f"lib-{pool}-{accel}-{run}"
                        subscribe(data, corpus.opml)
                        corpus.counts()
                        cold = measure(data, args.workers, args.per_host, env)
                        cold_counts = corpus.counts()
                        warm = measure(data, args.workers, args.per_host, env)
                        warm_counts = corpus.counts()
                        print(
                            f"{pool:>9} {accel:>7} {cold['seconds']:>7.2f} {corpus.entries / cold['seconds']:>10.0f} "
                            f"{warm['seconds']:>7.2f} {cold['peak_mib']:>9.0f} {cold['main_mib']:>9.0f}  "
                            f"cold {cold_counts}, warm {warm_counts}",
                            flush=True,
                        )
        finally:
            corpus.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
