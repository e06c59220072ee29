"""How many fetch workers? Time N small GETs through one Fetcher at several pool sizes.

Starts its own server on 127.0.0.1 that answers every request after a fixed
latency (50 ms by default, standing in for a distant server), then fetches
``--requests`` feeds with a ThreadPoolExecutor of each ``--workers`` size. The
per-host cap is lifted to the worker count so the pool size is what is
measured (a real refresh spreads over many hosts). Stops by itself.

    python -m bench.fetch_concurrency --requests 200 --latency-ms 50 --workers 4 8 16 32
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from reader.core.net.fetch import Fetcher, FetchLimits

BODY = b"<?xml version='1.0'?><rss version='2.0'><channel><title>bench</title>" + b"<item><title>x</title></item>" * 60 + b"</channel></rss>"


def _server(latency: float) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out as two writes

        def do_GET(self) -> None:
            time.sleep(latency)
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(BODY)))
            self.end_headers()
            self.wfile.write(BODY)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 256  # the default backlog of 5 drops SYNs under load (1 s retransmits)

    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run(requests: int, latency: float, workers: list[int], budget: float) -> list[tuple[int, float]]:
    """(workers, seconds) for each pool size, skipping the rest once ``budget`` seconds are spent."""
    server = _server(latency)
    url = f"http://127.0.0.1:{server.server_address[1]}/feed.xml"
    started = time.monotonic()
    rows: list[tuple[int, float]] = []
    try:
        for count in workers:
            if time.monotonic() - started > budget:
                print(f"budget of {budget:g} s spent; skipping {count} workers", file=sys.stderr)
                continue
            with Fetcher(FetchLimits(per_host=count, max_connections=max(64, count))) as fetcher:
                t0 = time.perf_counter()
                with ThreadPoolExecutor(max_workers=count) as pool:
                    sizes = list(pool.map(lambda _: len(fetcher.fetch(url).body), range(requests)))
                elapsed = time.perf_counter() - t0
            assert all(size == len(BODY) for size in sizes)
            rows.append((count, elapsed))
    finally:
        server.shutdown()
        server.server_close()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--workers", type=int, nargs="+", default=[4, 8, 16, 32])
    parser.add_argument("--budget", type=float, default=60.0, help="stop starting new runs after this many seconds")
    args = parser.parse_args(argv)
    latency = args.latency_ms / 1000
    floor = args.requests * latency
    print(f"{args.requests} GETs, {args.latency_ms:g} ms latency each (serial: {floor:.2f} s)")
    print(f"{'workers':>8} {'seconds':>8} {'req/s':>8} {'speed-up':>9} {'ideal':>6}")
    for count, elapsed in run(args.requests, latency, args.workers, args.budget):
        print(f"{count:>8} {elapsed:>8.2f} {args.requests / elapsed:>8.0f} {floor / elapsed:>9.1f} {count:>6}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
