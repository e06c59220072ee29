"""A loopback HTTP server for the benchmark corpus, with validators and latency.

Serves a directory on 127.0.0.1 only, with ``ETag`` and ``Last-Modified`` on
every file and ``304 Not Modified`` for matching ``If-None-Match`` /
``If-Modified-Since``. Each response can be delayed by a fixed latency, the
server stops by itself after ``max_seconds``, and it counts what it answered
(also readable as JSON at ``/__stats``).

    python bench/server.py DIR --port 0 --latency-ms 50   # first line: its URL

    with serve(dir, latency_ms=50) as url: ...
    with BenchServer(dir) as server: server.url, server.stats
"""

from __future__ import annotations

import argparse
import hashlib
import json
import mimetypes
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

HOST = "127.0.0.1"
STATS_PATH = "/__stats"


@dataclass
class Stats:
    """What the server answered so far."""

    requests: int = 0
    ok: int = 0
    not_modified: int = 0
    not_found: int = 0
    conditional: int = 0  # requests carrying If-None-Match or If-Modified-Since
    bytes_sent: int = 0


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up early (a cancelled or finished peer) is not news."""
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)  # type: ignore[arg-type]

    def __init__(self, root: Path, latency: float, port: int = 0) -> None:
        super().__init__((HOST, port), _Handler)
        self.root = root.resolve()
        self.latency = latency
        self.stats = Stats()
        self.lock = threading.Lock()
        self._validators: dict[Path, tuple[int, str, float]] = {}

    def count(self, **fields: int) -> None:
        with self.lock:
            for name, value in fields.items():
                setattr(self.stats, name, getattr(self.stats, name) + value)

    def validators(self, path: Path) -> tuple[str, float]:
        """(ETag, mtime) of a file; the ETag is a content hash, cached per mtime."""
        st = path.stat()
        with self.lock:
            cached = self._validators.get(path)
        if cached is not None and cached[0] == st.st_mtime_ns:
            return cached[1], cached[2]
        etag = '"' + hashlib.sha1(path.read_bytes()).hexdigest()[:20] + '"'
        with self.lock:
            self._validators[path] = (st.st_mtime_ns, etag, st.st_mtime)
        return etag, st.st_mtime


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server
    server_version = "BylineBench/1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def _send(self, status: int, headers: dict[str, str], body: bytes = b"", head: bool = False) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and not head:
            self.wfile.write(body)
            self.server.count(bytes_sent=len(body))

    def do_HEAD(self) -> None:
        self.do_GET(head=True)

    def do_GET(self, head: bool = False) -> None:
        srv = self.server
        srv.count(requests=1)
        if srv.latency > 0:
            time.sleep(srv.latency)
        url_path = unquote(urlsplit(self.path).path)
        if url_path == STATS_PATH:
            with srv.lock:
                body = json.dumps(asdict(srv.stats)).encode()
            self._send(200, {"Content-Type": "application/json"}, body, head)
            return
        target = (srv.root / url_path.lstrip("/")).resolve()
        if srv.root not in target.parents or not target.is_file():
            srv.count(not_found=1)
            self._send(404, {"Content-Type": "text/plain"}, b"not found\n", head)
            return
        etag, mtime = srv.validators(target)
        validators = {"ETag": etag, "Last-Modified": formatdate(mtime, usegmt=True)}
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if inm or ims:
            srv.count(conditional=1)
        if _not_modified(inm, ims, etag, mtime):
            srv.count(not_modified=1)
            self._send(304, validators, b"", head)
            return
        body = target.read_bytes()
        ctype = _content_type(target)
        srv.count(ok=1)
        self._send(200, {"Content-Type": ctype, **validators}, body, head)


def _not_modified(inm: str | None, ims: str | None, etag: str, mtime: float) -> bool:
    """RFC 9110: If-None-Match wins over If-Modified-Since when both are sent."""
    if inm:
        tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
        return "*" in tags or etag in tags
    if ims:
        try:
            since = parsedate_to_datetime(ims).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            return False
        return int(mtime) <= since
    return False


def _content_type(path: Path) -> str:
    if path.suffix == ".json":
        return "application/feed+json"
    if path.suffix == ".opml":
        return "text/x-opml"
    if path.suffix == ".xml":
        return "application/xml"
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


class BenchServer:
    """The server as an object: ``url`` while running, ``stats`` any time."""

    def __init__(
        self, root: str | Path, latency_ms: float = 0.0, max_seconds: float = 600.0, port: int = 0, sites: int = 1
    ) -> None:
        self.root = Path(root)
        self.port = port
        self.sites = max(1, sites)
        self._more: list[_Server] = []  # the other "sites": the same files on more ports
        self.latency_ms = latency_ms
        self.max_seconds = max_seconds
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._timer: threading.Timer | None = None

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("server is not running")
        return f"http://{HOST}:{self._server.server_address[1]}/"

    @property
    def urls(self) -> list[str]:
        """One base URL per site (port); all serve the same directory and share the counters."""
        return [self.url] + [f"http://{HOST}:{s.server_address[1]}/" for s in self._more]

    @property
    def stats(self) -> Stats:
        """A copy of the counters."""
        if self._server is None:
            return Stats()
        with self._server.lock:
            return Stats(**asdict(self._server.stats))

    def reset_stats(self) -> None:
        if self._server is not None:
            with self._server.lock:
                for name in asdict(self._server.stats):
                    setattr(self._server.stats, name, 0)

    def start(self) -> BenchServer:
        self._server = _Server(self.root, self.latency_ms / 1000.0, self.port)
        self._thread = threading.Thread(target=self._server.serve_forever, name="bench-server", daemon=True)
        self._thread.start()
        for _ in range(self.sites - 1):
            more = _Server(self.root, self.latency_ms / 1000.0, 0)
            more.stats, more.lock = self._server.stats, self._server.lock  # one set of counters
            threading.Thread(target=more.serve_forever, name="bench-site", daemon=True).start()
            self._more.append(more)
        self._timer = threading.Timer(self.max_seconds, self._server.shutdown)
        self._timer.daemon = True
        self._timer.start()
        return self

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        for more in self._more:
            more.shutdown()
            more.server_close()
        self._more = []
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def wait(self) -> None:
        """Block until the server stops (its time limit, or ``stop``)."""
        if self._thread is not None:
            self._thread.join()

    def __enter__(self) -> BenchServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@contextmanager
def serve(root: str | Path, latency_ms: float = 0.0, max_seconds: float = 600.0) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 for the duration of the block; yields the base URL."""
    with BenchServer(root, latency_ms, max_seconds) as server:
        yield server.url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve a directory on 127.0.0.1 with ETag/Last-Modified.")
    parser.add_argument("dir")
    parser.add_argument("--port", type=int, default=0, help="0 (the default) picks a free port")
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--max-seconds", type=float, default=600.0)
    args = parser.parse_args(argv)
    server = BenchServer(args.dir, args.latency_ms, args.max_seconds, args.port).start()
    print(server.url, flush=True)
    try:
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        stats = server.stats
        server.stop()
        print(json.dumps(asdict(stats)), file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
