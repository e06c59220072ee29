"""A real Miniflux on 127.0.0.1 for the sync tests and the sync benchmark.

    with Miniflux.start(tmp_dir) as server:
        user = server.create_user("alice", "api-secret")   # Google Reader API on
        feed = user.add_feed(feed_server.url("/a.xml"))      # Miniflux fetches it now
        user.mark(entry_ids, "read")                          # "the phone"

Everything runs in a temporary folder and on ports the OS picks: a throwaway
PostgreSQL cluster (Debian's ``initdb``/``pg_ctl``, listening on 127.0.0.1 and
a unix socket in the folder) and Debian's ``miniflux`` binary, which
``scripts/get-miniflux`` downloads once into ``build/miniflux`` (never into the
system). PostgreSQL refuses to run as root, so when the tests run as root the
cluster runs as ``nobody``. Both servers are children of the test process and
get SIGTERM when it dies, even by kill -9, so none outlives a run. Miniflux's
own scheduler is off: a test asks it to fetch a feed when it wants one fetched.

``Unavailable`` says why the server could not be had (no PostgreSQL, no
binary); the tests' fixture turns that into a skip, or into a failure when
``CI=true``.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PG_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


class Unavailable(RuntimeError):
    """Miniflux (or the PostgreSQL it needs) cannot be had on this machine."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pg_bin(name: str) -> str:
    for folder in PG_DIRS:
        if (folder / name).exists():
            return str(folder / name)
    found = shutil.which(name)
    if found is None:
        raise Unavailable(f"PostgreSQL's {name} is not installed (apt-get install postgresql)")
    return found


def die_with_parent() -> None:
    """In a child before exec: get SIGTERM when the test process dies, however it dies (Linux)."""
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def miniflux_binary() -> Path:
    """The cached binary, fetched by scripts/get-miniflux on first use."""
    cached = ROOT / "build" / "miniflux" / "usr" / "bin" / "miniflux"
    if cached.exists():
        return cached
    try:
        out = subprocess.run(
            [str(ROOT / "scripts" / "get-miniflux")], capture_output=True, text=True, timeout=300, check=True
        )
    except (OSError, subprocess.SubprocessError) as err:
        detail = getattr(err, "stderr", "") or str(err)
        raise Unavailable(f"scripts/get-miniflux failed: {detail.strip()[-400:]}") from err
    return Path(out.stdout.strip().splitlines()[-1])


class _Postgres:
    """A throwaway cluster in a temporary folder of its own, run as ``nobody`` when we are root.

    The folder sits directly in the system's temp dir, so that ``nobody`` can
    reach it (pytest's own temp folders are readable by their owner only).
    """

    def __init__(self) -> None:
        import tempfile

        self.folder = Path(tempfile.mkdtemp(prefix="byline-pg-"))
        self.data = self.folder / "pgdata"
        self.sockets = self.folder / "pgsock"
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self._log: Any = None
        self._as: list[str] = []
        if os.geteuid() == 0:
            self._as = ["runuser", "-u", "nobody", "--"]

    def _run(self, *args: str) -> None:
        try:
            subprocess.run([*self._as, *args], capture_output=True, text=True, check=True, timeout=120)
        except subprocess.CalledProcessError as err:
            raise Unavailable(f"{Path(args[0]).name} failed: {(err.stderr or err.stdout).strip()[-400:]}") from err

    def start(self) -> None:
        """initdb, then ``postgres`` itself as our child: it dies with us (PDEATHSIG), even on a kill -9."""
        self.sockets.mkdir(parents=True)
        if self._as:
            os.chmod(self.folder, 0o755)
            for path in (self.folder, self.sockets):
                shutil.chown(path, "nobody", "nogroup")
        self._run(pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8")
        command = [
            pg_bin("postgres"), "-D", str(self.data), "-c", "listen_addresses=127.0.0.1", "-p", str(self.port),
            "-k", str(self.sockets), "-c", "fsync=off", "-c", "full_page_writes=off",
        ]
        if self._as:  # setpriv sets the death signal after it changes user (runuser would fork)
            command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--pdeathsig", "TERM", *command]
        self._log = open(self.folder / "pg.log", "wb")
        self.process = subprocess.Popen(
            command, stdout=self._log, stderr=subprocess.STDOUT, preexec_fn=None if self._as else die_with_parent
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise Unavailable(f"postgres exited: {(self.folder / 'pg.log').read_text(errors='replace')[-400:]}")
            if subprocess.run([pg_bin("pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-q"], timeout=10).returncode == 0:
                return
            time.sleep(0.1)
        raise Unavailable("postgres did not start in 60 s")

    def psql(self, sql: str) -> str:
        out = subprocess.run(
            [pg_bin("psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", "postgres",
             "-v", "ON_ERROR_STOP=1", "-At", "-c", sql],
            capture_output=True, text=True, timeout=60,
        )
        if out.returncode != 0:
            raise RuntimeError(f"psql failed: {out.stderr.strip()}")
        return out.stdout.strip()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # immediate shutdown: the cluster is thrown away
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._log is not None:
            self._log.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres?sslmode=disable"


@dataclass
class User:
    """A Miniflux user: its REST API (basic auth) plays "the phone"."""

    server: Miniflux
    name: str
    password: str
    id: int

    def api(self, method: str, path: str, body: Any = None) -> Any:
        return self.server.rest(method, path, body, auth=(self.name, self.password))

    def add_category(self, title: str) -> int:
        return int(self.api("POST", "/v1/categories", {"title": title})["id"])

    def categories(self) -> dict[str, int]:
        return {c["title"]: int(c["id"]) for c in self.api("GET", "/v1/categories")}

    def add_feed(self, url: str, category: str | None = None) -> int:
        """Subscribe (Miniflux fetches the feed at once); returns Miniflux's feed id."""
        cats = self.categories()
        if category is not None and category not in cats:
            cats[category] = self.add_category(category)
        cat_id = cats[category] if category is not None else min(cats.values())
        return int(self.api("POST", "/v1/feeds", {"feed_url": url, "category_id": cat_id})["feed_id"])

    def refresh_feed(self, feed_id: int) -> None:
        self.api("PUT", f"/v1/feeds/{feed_id}/refresh")

    def entries(self, **query: Any) -> list[dict[str, Any]]:
        """Every entry (newest first) matching the query (status=, starred=, feed_id=)."""
        out: list[dict[str, Any]] = []
        params = {"limit": 1000, "order": "id", "direction": "desc", **query}
        while True:
            qs = "&".join(f"{k}={v}" for k, v in {**params, "offset": len(out)}.items())
            page = self.api("GET", f"/v1/entries?{qs}")
            out += page["entries"]
            if len(out) >= page["total"] or not page["entries"]:
                return out

    def entry(self, entry_id: int) -> dict[str, Any]:
        return dict(self.api("GET", f"/v1/entries/{entry_id}"))

    def mark(self, entry_ids: Sequence[int], status: str) -> None:
        """Set read/unread on the server, as another device would."""
        self.api("PUT", "/v1/entries", {"entry_ids": list(entry_ids), "status": status})

    def star(self, entry_id: int, starred: bool = True) -> None:
        """Star or unstar (Miniflux's call toggles, so it looks first)."""
        if bool(self.entry(entry_id)["starred"]) != starred:
            self.api("PUT", f"/v1/entries/{entry_id}/bookmark")

    def feeds(self) -> list[dict[str, Any]]:
        return list(self.api("GET", "/v1/feeds"))


class Miniflux:
    """A running Miniflux (and its PostgreSQL) in a temporary folder."""

    ADMIN = ("admin", "admin-password-1")

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.pg = _Postgres()
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self._log = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @classmethod
    @contextmanager
    def start(cls, folder: Path) -> Iterator[Miniflux]:
        server = cls(folder)
        try:
            server._start()
            yield server
        finally:
            server.stop()

    def _start(self) -> None:
        binary = miniflux_binary()
        self.pg.start()
        self.pg.psql("CREATE EXTENSION IF NOT EXISTS pgcrypto")
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DATABASE_URL": self.pg.url,
            "RUN_MIGRATIONS": "1",
            "CREATE_ADMIN": "1",
            "ADMIN_USERNAME": self.ADMIN[0],
            "ADMIN_PASSWORD": self.ADMIN[1],
            "LISTEN_ADDR": f"127.0.0.1:{self.port}",
            "BASE_URL": self.url,
            "DISABLE_SCHEDULER_SERVICE": "1",
            "POLLING_FREQUENCY": "100000",
            "WORKER_POOL_SIZE": "4",
            "HTTP_CLIENT_TIMEOUT": "10",
            "LOG_LEVEL": "info",
        }
        self._log = open(self.folder / "miniflux.log", "wb")
        self.process = subprocess.Popen(
            [str(binary)], env=env, stdout=self._log, stderr=subprocess.STDOUT, preexec_fn=die_with_parent
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise Unavailable(f"miniflux exited: {self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthcheck", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.1)
        raise Unavailable(f"miniflux did not start: {self.log_tail()}")

    def log_tail(self) -> str:
        try:
            return (self.folder / "miniflux.log").read_text(errors="replace")[-800:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._log is not None:
            self._log.close()
        self.pg.stop()

    def rest(self, method: str, path: str, body: Any = None, *, auth: tuple[str, str] | None = None) -> Any:
        user, password = auth or self.ADMIN
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method)
        req.add_header("Authorization", "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode())
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                raw = r.read()
        except urllib.error.HTTPError as err:
            raise RuntimeError(f"{method} {path}: {err.code} {err.read()[:300]!r}") from err
        return json.loads(raw) if raw.strip() else None

    def create_user(self, name: str, api_password: str, *, login_password: str = "login-password-1") -> User:
        """A user with the Google Reader API on (user name ``name``, password ``api_password``)."""
        created = self.rest("POST", "/v1/users", {"username": name, "password": login_password})
        user_id = int(created["id"])
        self.set_greader_password(user_id, name, api_password)
        return User(self, name, login_password, user_id)

    def set_greader_password(self, user_id: int, name: str, api_password: str) -> None:
        """Turn on the Google Reader API for a user (bcrypt hash, as Miniflux's settings page stores it)."""
        quoted_name = name.replace("'", "''")
        quoted_pw = api_password.replace("'", "''")
        updated = self.pg.psql(
            f"UPDATE integrations SET googlereader_enabled = true, googlereader_username = '{quoted_name}', "
            f"googlereader_password = crypt('{quoted_pw}', gen_salt('bf', 4)) WHERE user_id = {user_id} RETURNING user_id"
        )
        if not updated:
            raise RuntimeError(f"no integrations row for user {user_id}")


class FaultProxy:
    """A loopback HTTP proxy in front of Miniflux that can fail on purpose.

    ``fail(n, status)`` answers the next ``n`` requests with ``status`` without
    forwarding them; ``lose(n, path)`` forwards the next ``n`` requests to
    ``path`` (the server acts on them) and then answers 500, as when an answer
    is lost; ``before`` runs a function when a request to a path arrives, before
    it is forwarded. ``paths`` counts what came through.
    """

    def __init__(self, target: str) -> None:
        import http.client
        import threading
        from collections import Counter
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        from urllib.parse import urlsplit

        self.target = urlsplit(target)
        self.paths: Counter[str] = Counter()
        self.log: list[tuple[str, int]] = []  # (path, number of "i" ids sent) of every request, in order
        self._fail: list[int] = []
        self._lose: dict[str, int] = {}
        self.before: dict[str, Any] = {}
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
                pass

            def _handle(self) -> None:
                path = self.path.split("?", 1)[0]
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                query = self.path.split("?", 1)[1] if "?" in self.path else ""
                ids = sum(1 for part in (query + "&" + body.decode("latin-1")).split("&") if part.startswith("i="))
                with owner._lock:
                    owner.paths[path] += 1
                    owner.log.append((path, ids))
                    status = owner._fail.pop(0) if owner._fail else None
                    lose = owner._lose.get(path, 0) > 0
                    if lose:
                        owner._lose[path] -= 1
                    hook = owner.before.get(path)
                if status is not None:
                    self._reply(status, b"injected failure")
                    return
                if hook is not None:
                    hook()
                conn = http.client.HTTPConnection(owner.target.hostname, owner.target.port, timeout=60)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection", "accept-encoding")}
                conn.request(self.command, self.path, body=body or None, headers=headers)
                resp = conn.getresponse()
                data = resp.read()
                conn.close()
                if lose:
                    self._reply(500, b"answer lost")
                    return
                self._reply(resp.status, data, resp.getheader("Content-Type"))

            def _reply(self, status: int, data: bytes, content_type: str | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                if content_type:
                    self.send_header("Content-Type", content_type)
                self.end_headers()
                self.wfile.write(data)

            do_GET = _handle  # noqa: N815 - http.server's names
            do_POST = _handle  # noqa: N815 - http.server's names

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def fail(self, count: int, status: int = 500) -> None:
        with self._lock:
            self._fail = [status] * count

    def lose(self, path: str, count: int = 1) -> None:
        with self._lock:
            self._lose[path] = count

    def __enter__(self) -> FaultProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)
