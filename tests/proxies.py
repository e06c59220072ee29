"""Proxies on 127.0.0.1 for tests: they forward for real and record what passed through them.

    with HTTPProxy(login=("ann", "pw")) as proxy:
        fetcher = Fetcher(proxies=ProxyPolicy.manual(ProxyServer("http", "127.0.0.1", proxy.port, Login("ann", "pw"))))
        fetcher.fetch(feed_server.url("/feed.xml"))
        assert proxy.seen == [Passed("http://127.0.0.1:PORT/feed.xml", user="ann")]

``HTTPProxy`` is a plain forwarding proxy (absolute-form ``GET`` and ``POST``,
no CONNECT): enough for http:// feeds and sync servers. With ``login`` it answers 407 until the request
carries that Proxy-Authorization. ``SOCKS5Proxy`` speaks RFC 1928 (CONNECT
only) with no authentication, or the user name and password of RFC 1929 when
``login`` is set, and relays bytes both ways. Both count every client
connection they accepted (``connections``) and are stopped by their context
manager, closing every socket and joining every thread.
"""

from __future__ import annotations

import base64
import http.client
import select
import socket
import socketserver
import struct
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HOP_BY_HOP = {
    "connection", "keep-alive", "proxy-authorization", "proxy-authenticate", "proxy-connection",
    "te", "trailer", "transfer-encoding", "upgrade", "content-length",
}


@dataclass(frozen=True)
class Passed:
    """One request that reached the proxy: its target (a URL for HTTP, host:port for SOCKS) and the user it named."""

    target: str
    user: str | None = None
    refused: bool = False


class _Base:
    def __init__(self, login: tuple[str, str] | None = None) -> None:
        self.login = login
        self.seen: list[Passed] = []
        self.connections = 0
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._threads: set[threading.Thread] = set()
        self._server: socketserver.TCPServer | None = None
        self._loop: threading.Thread | None = None
        self.stopping = threading.Event()

    @property
    def port(self) -> int:
        assert self._server is not None, "proxy not started"
        return int(self._server.server_address[1])

    def _record(self, passed: Passed) -> None:
        with self._lock:
            self.seen.append(passed)

    def _track(self, sock: socket.socket, add: bool) -> None:
        with self._lock:
            if add:
                self.connections += 1
                self._sockets.add(sock)
            else:
                self._sockets.discard(sock)

    def _make_server(self) -> socketserver.TCPServer:
        raise NotImplementedError

    def start(self) -> _Base:
        server = self._make_server()
        server.owner = self  # type: ignore[attr-defined]
        self._server = server
        self._loop = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True, name="test-proxy")
        self._loop.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self.stopping.set()
        self._server.shutdown()
        with self._lock:
            sockets = list(self._sockets)
            threads = list(self._threads)
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        for thread in threads:
            thread.join(timeout=5)
        if self._loop is not None:
            self._loop.join(timeout=5)
        self._server.server_close()
        self._server = None


class _ThreadedServer(socketserver.ThreadingMixIn):
    daemon_threads = True
    allow_reuse_address = True
    owner: _Base

    def process_request(self, request: socket.socket, client_address: object) -> None:  # type: ignore[override]
        thread = threading.Thread(target=self._run, args=(request, client_address), daemon=True, name="test-proxy-conn")
        with self.owner._lock:
            self.owner._threads.add(thread)
        thread.start()

    def _run(self, request: socket.socket, client_address: object) -> None:
        self.owner._track(request, True)
        try:
            self.process_request_thread(request, client_address)  # type: ignore[attr-defined]
        finally:
            self.owner._track(request, False)
            with self.owner._lock:
                self.owner._threads.discard(threading.current_thread())


# --- HTTP -------------------------------------------------------------------------


class _HTTPServer(_ThreadedServer, ThreadingHTTPServer):
    pass


class _HTTPProxyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HTTPServer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass

    def do_GET(self) -> None:
        self._forward("GET")

    def do_POST(self) -> None:
        self._forward("POST")

    def _forward(self, method: str) -> None:
        owner = self.server.owner
        length = int(self.headers.get("Content-Length") or 0)
        body_in = self.rfile.read(length) if length else None
        user = _basic_user(self.headers.get("Proxy-Authorization"))
        if owner.login is not None and self.headers.get("Proxy-Authorization") != _basic(owner.login):
            owner._record(Passed(self.path, user, refused=True))
            self._reply(407, b"", {"Proxy-Authenticate": 'Basic realm="test proxy"'})
            return
        owner._record(Passed(self.path, user))
        parts = urlsplit(self.path)
        if parts.scheme != "http" or not parts.hostname:
            self._reply(400, b"absolute http URLs only")
            return
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        upstream = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=30)
        try:
            upstream.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), body=body_in, headers=headers)
            answer = upstream.getresponse()
            body = answer.read()
        except OSError as err:
            self._reply(502, f"upstream failed: {err}".encode())
            return
        finally:
            upstream.close()
        kept = {k: v for k, v in answer.getheaders() if k.lower() not in HOP_BY_HOP}
        self._reply(answer.status, body, kept)

    def do_CONNECT(self) -> None:
        self._reply(501, b"no tunnels here")

    def _reply(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _basic(login: tuple[str, str]) -> str:
    return "Basic " + base64.b64encode(f"{login[0]}:{login[1]}".encode()).decode("ascii")


def _basic_user(header: str | None) -> str | None:
    if not header or not header.startswith("Basic "):
        return None
    try:
        return base64.b64decode(header[6:]).decode().partition(":")[0]
    except ValueError:
        return None


class HTTPProxy(_Base):
    """A forwarding HTTP proxy on 127.0.0.1 (see the module docstring)."""

    def _make_server(self) -> socketserver.TCPServer:
        return _HTTPServer(("127.0.0.1", 0), _HTTPProxyHandler)

    def __enter__(self) -> HTTPProxy:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --- SOCKS5 -----------------------------------------------------------------------


class _SOCKSServer(_ThreadedServer, socketserver.TCPServer):
    pass


def _exactly(sock: socket.socket, count: int) -> bytes:
    data = b""
    while len(data) < count:
        part = sock.recv(count - len(data))
        if not part:
            raise ConnectionError("client left")
        data += part
    return data


class _SOCKSHandler(socketserver.BaseRequestHandler):
    server: _SOCKSServer

    def handle(self) -> None:
        try:
            self._handle()
        except (ConnectionError, OSError):
            pass

    def _handle(self) -> None:
        owner = self.server.owner
        sock: socket.socket = self.request
        version, count = _exactly(sock, 2)
        methods = _exactly(sock, count)
        if version != 5:
            return
        user = None
        if owner.login is not None:
            if 2 not in methods:
                sock.sendall(b"\x05\xff")
                return
            sock.sendall(b"\x05\x02")
            _exactly(sock, 1)
            user = _exactly(sock, _exactly(sock, 1)[0]).decode()
            password = _exactly(sock, _exactly(sock, 1)[0]).decode()
            if (user, password) != owner.login:
                owner._record(Passed("", user, refused=True))
                sock.sendall(b"\x01\x01")
                return
            sock.sendall(b"\x01\x00")
        else:
            sock.sendall(b"\x05\x00")
        _version, command, _reserved, kind = _exactly(sock, 4)
        if kind == 1:
            host = socket.inet_ntoa(_exactly(sock, 4))
        elif kind == 3:
            host = _exactly(sock, _exactly(sock, 1)[0]).decode()
        else:
            host = socket.inet_ntop(socket.AF_INET6, _exactly(sock, 16))
        (port,) = struct.unpack(">H", _exactly(sock, 2))
        owner._record(Passed(f"{host}:{port}", user))
        if command != 1:
            sock.sendall(b"\x05\x07\x00\x01" + bytes(6))
            return
        try:
            upstream = socket.create_connection((host, port), timeout=10)
        except OSError:
            sock.sendall(b"\x05\x05\x00\x01" + bytes(6))
            return
        owner._track(upstream, True)
        try:
            sock.sendall(b"\x05\x00\x00\x01" + bytes(6))
            self._relay(sock, upstream, owner.stopping)
        finally:
            owner._track(upstream, False)
            upstream.close()

    @staticmethod
    def _relay(a: socket.socket, b: socket.socket, stopping: threading.Event) -> None:
        while not stopping.is_set():
            ready, _, _ = select.select([a, b], [], [], 0.1)
            for sock in ready:
                data = sock.recv(65536)
                if not data:
                    return
                (b if sock is a else a).sendall(data)


class SOCKS5Proxy(_Base):
    """A SOCKS5 proxy on 127.0.0.1 (see the module docstring)."""

    def _make_server(self) -> socketserver.TCPServer:
        return _SOCKSServer(("127.0.0.1", 0), _SOCKSHandler)

    def __enter__(self) -> SOCKS5Proxy:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
