"""A scripted HTTP server on 127.0.0.1 for tests: feeds, validators, and bad behaviour.

    with FeedServer() as server:
        server.route("/feed.xml", Response(body=RSS, content_type="application/rss+xml", etag='"v1"'))
        server.route("/slow", Response(delay_before_headers=5))
        server.route("/echo", lambda request: Response(body=request.headers.get("user-agent", "")))
        fetcher.fetch(server.url("/feed.xml"))
        assert server.hits["/feed.xml"] == 1

A route is a ``Response`` (served as given, with automatic 304 answers when the
request's ``If-None-Match`` / ``If-Modified-Since`` match its ``etag`` /
``last_modified``) or a function ``Request -> Response``. Unknown paths get 404.
``basic_login`` and ``digest_login`` wrap a response in a route that answers
401 with the matching challenge until the request proves the login.

The server counts requests per path (``hits``), keeps every ``Request``
(``requests``), counts TCP connections (``connections``) and the most requests
it was answering at once (``max_active``). ``stop`` wakes every sleeping or
streaming handler and closes every connection, so no thread outlives it.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
import socket
import threading
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Request:
    """What the server saw: method, path (with query), lower-cased headers, client port."""

    method: str
    path: str
    headers: Mapping[str, str]
    client_port: int
    connection: int  # 1-based number of the TCP connection it arrived on


@dataclass
class Response:
    """A scripted answer.

    Attributes:
        delay_before_headers: seconds of silence before the status line.
        stall_after_headers: seconds of silence between the headers and the body.
        drip: (piece_size, interval): send the body ``piece_size`` bytes at a time,
            sleeping ``interval`` seconds between pieces.
        endless: after the body, send ``endless_chunk`` until the client leaves
            (no Content-Length; the connection closes).
        content_length: the Content-Length to announce, true or not (None: the
            real length). A wrong value closes the connection after the body.
        etag, last_modified: validators to send; matching conditional requests
            get 304 (when ``conditional`` is true).
        close: close the connection after this response.
    """

    status: int = 200
    body: bytes | str = b""
    content_type: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    conditional: bool = True
    delay_before_headers: float = 0.0
    stall_after_headers: float = 0.0
    drip: tuple[int, float] | None = None
    endless: bool = False
    endless_chunk: bytes = b"<!-- more and more and more -->\n" * 32
    content_length: int | None = None
    close: bool = False

    @classmethod
    def redirect(cls, location: str, status: int = 301) -> Response:
        return cls(status=status, headers={"Location": location})

    def payload(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


Route = Response | Callable[[Request], Response]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are separate writes: no 40 ms delayed-ACK stalls
    server: FeedServer._HTTPServer

    def setup(self) -> None:
        super().setup()
        self.conn_number = self.server.owner._connected(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.owner._disconnected(self.connection)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        owner = self.server.owner
        request = Request(
            method=self.command,
            path=self.path,
            headers={k.lower(): v for k, v in self.headers.items()},
            client_port=self.client_address[1],
            connection=self.conn_number,
        )
        owner._begin(request)
        try:
            self._serve(owner, request, send_body)
        except (TimeoutError, BrokenPipeError, ConnectionResetError, ConnectionAbortedError, OSError):
            self.close_connection = True
        finally:
            owner._end()

    def _serve(self, owner: FeedServer, request: Request, send_body: bool) -> None:
        response = owner._resolve(request)
        stop = owner.stopping
        wait = owner.latency + response.delay_before_headers
        if wait and stop.wait(wait):
            self.close_connection = True
            return
        status = response.status
        body = response.payload()
        if response.conditional and status == 200 and _not_modified(request, response):
            status, body = 304, b""
        self.send_response(status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        if response.content_type and status != 304:
            self.send_header("Content-Type", response.content_type)
        if response.etag:
            self.send_header("ETag", response.etag)
        if response.last_modified:
            self.send_header("Last-Modified", response.last_modified)
        lying = response.content_length is not None and response.content_length != len(body)
        if response.endless:
            self.close_connection = True
        elif status != 304:
            length = len(body) if response.content_length is None else response.content_length
            self.send_header("Content-Length", str(length))
        if response.close or lying or response.endless:
            self.close_connection = True
            self.send_header("Connection", "close")
        self.end_headers()
        if not send_body or status == 304:
            return
        if response.stall_after_headers and stop.wait(response.stall_after_headers):
            return
        self._send(body, response.drip, stop)
        if response.endless:
            while not stop.is_set():
                self._send(response.endless_chunk, response.drip, stop)
                if response.drip is None and stop.wait(0.001):
                    return

    def _send(self, data: bytes, drip: tuple[int, float] | None, stop: threading.Event) -> None:
        if drip is None:
            self.wfile.write(data)
            return
        size, interval = drip
        for start in range(0, len(data), max(1, size)):
            if stop.is_set():
                return
            self.wfile.write(data[start : start + max(1, size)])
            if stop.wait(interval):
                return


def _not_modified(request: Request, response: Response) -> bool:
    sent_etag = request.headers.get("if-none-match")
    if sent_etag is not None:
        if not response.etag:
            return False
        tags = [t.strip() for t in sent_etag.split(",")]
        return "*" in tags or response.etag in tags
    sent_date = request.headers.get("if-modified-since")
    return bool(response.last_modified and sent_date and sent_date.strip() == response.last_modified)


class FeedServer:
    """The scripted server; see the module docstring. Context-managed start/stop."""

    class _HTTPServer(ThreadingHTTPServer):
        daemon_threads = True
        allow_reuse_address = True
        request_queue_size = 128  # the default of 5 drops connections under concurrent load
        owner: FeedServer

        def process_request(self, request: socket.socket, client_address: object) -> None:  # type: ignore[override]
            thread = threading.Thread(target=self._run, args=(request, client_address), daemon=True, name="feed-server-conn")
            with self.owner._lock:
                self.owner._threads.add(thread)
            thread.start()

        def _run(self, request: socket.socket, client_address: object) -> None:
            try:
                self.process_request_thread(request, client_address)  # type: ignore[arg-type]
            finally:
                with self.owner._lock:
                    self.owner._threads.discard(threading.current_thread())

    def __init__(self, latency: float = 0.0) -> None:
        self.latency = latency
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.requests: list[Request] = []
        self.connections = 0
        self.active = 0
        self.max_active = 0
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._threads: set[threading.Thread] = set()
        self._sockets: set[socket.socket] = set()
        self._httpd: FeedServer._HTTPServer | None = None
        self._loop: threading.Thread | None = None

    # set-up -------------------------------------------------------------------

    def route(self, path: str, answer: Route) -> None:
        """Serve ``answer`` at ``path`` (matched with its query string first, then without)."""
        self.routes[path] = answer

    @property
    def port(self) -> int:
        assert self._httpd is not None, "server not started"
        return self._httpd.server_address[1]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base + path

    def reset_stats(self) -> None:
        with self._lock:
            self.hits.clear()
            self.requests.clear()
            self.connections = 0
            self.max_active = self.active

    # life cycle ---------------------------------------------------------------

    def start(self) -> FeedServer:
        httpd = FeedServer._HTTPServer(("127.0.0.1", 0), _Handler)
        httpd.owner = self
        self._httpd = httpd
        self._loop = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True, name="feed-server")
        self._loop.start()
        return self

    def stop(self) -> None:
        """Stop serving, wake and close every connection, join every thread."""
        if self._httpd is None:
            return
        self.stopping.set()
        self._httpd.shutdown()
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(timeout=5)
        if self._loop is not None:
            self._loop.join(timeout=5)
        self._httpd.server_close()
        self._httpd = None

    def __enter__(self) -> FeedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # called by handlers -------------------------------------------------------

    def _connected(self, sock: socket.socket) -> int:
        with self._lock:
            self.connections += 1
            self._sockets.add(sock)
            return self.connections

    def _disconnected(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.discard(sock)

    def _begin(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)
            self.hits[urlsplit(request.path).path] += 1
            self.active += 1
            self.max_active = max(self.max_active, self.active)

    def _end(self) -> None:
        with self._lock:
            self.active -= 1

    def _resolve(self, request: Request) -> Response:
        answer = self.routes.get(request.path)
        if answer is None:
            answer = self.routes.get(urlsplit(request.path).path)
        if answer is None:
            return Response(status=404, body=b"not found", content_type="text/plain")
        if isinstance(answer, Response):
            return answer
        return answer(request)


# --- routes behind HTTP authentication -----------------------------------------------


def basic_login(answer: Response, user: str, password: str, realm: str = "feeds") -> Callable[[Request], Response]:
    """A route that serves ``answer`` only to requests with this user's Basic credentials."""
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")

    def route(request: Request) -> Response:
        if request.headers.get("authorization") == f"Basic {token}":
            return answer
        return Response(status=401, body=b"login first", headers={"WWW-Authenticate": f'Basic realm="{realm}"'})

    return route


_DIGEST_FIELD = re.compile(r'(\w+)=(?:"([^"]*)"|([^,\s]*))')


def digest_login(
    answer: Response, user: str, password: str, realm: str = "feeds", *, also_basic: bool = False
) -> Callable[[Request], Response]:
    """A route that serves ``answer`` only to a correct RFC 7616 Digest response (MD5, qop=auth).

    Every nonce it hands out is good for one request. With ``also_basic`` the
    challenge offers Basic too, in a header of its own.
    """
    issued: set[str] = set()

    def challenge() -> Response:
        nonce = secrets.token_hex(16)
        issued.add(nonce)
        digest = f'Digest realm="{realm}", qop="auth", algorithm=MD5, nonce="{nonce}", opaque="op"'
        headers = {"WWW-Authenticate": digest}
        if also_basic:
            headers = {"WWW-Authenticate": f'Basic realm="{realm}"', "Www-Authenticate": digest}
        return Response(status=401, body=b"login first", headers=headers)

    def md5(text: str) -> str:
        return hashlib.md5(text.encode()).hexdigest()  # the algorithm the digest challenge names

    def route(request: Request) -> Response:
        header = request.headers.get("authorization", "")
        if not header.startswith("Digest "):
            return challenge()
        fields = {m.group(1): m.group(2) if m.group(2) is not None else m.group(3) for m in _DIGEST_FIELD.finditer(header[7:])}
        nonce = fields.get("nonce", "")
        if nonce not in issued or fields.get("username") != user or fields.get("uri") != request.path:
            return challenge()
        issued.discard(nonce)
        ha1 = md5(f"{user}:{realm}:{password}")
        ha2 = md5(f"{request.method}:{request.path}")
        expected = md5(f"{ha1}:{nonce}:{fields.get('nc')}:{fields.get('cnonce')}:auth:{ha2}")
        return answer if fields.get("response") == expected else challenge()

    return route
