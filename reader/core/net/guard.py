"""The loopback guard and the guarded sockets every request runs on.

Two guards:

* ``check_network_allowed`` honours ``BYLINE_NETWORK=loopback`` (set by the
  test suite and sandboxed runs): nothing but 127.0.0.0/8 and ::1 is reached.
* ``GuardedBackend`` wraps httpcore's socket backend so that a request's
  cancel event and overall deadline are checked every ``SLICE`` seconds, even
  while the server sends nothing; the fetcher installs a request's ``Guard``
  on the current thread (``install_guard``).
"""

from __future__ import annotations

import ipaddress
import os
import threading
import time
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

from reader.core.errors import FetchError

SLICE = 0.2  # longest single blocking socket read, so cancel is noticed quickly
NETWORK_ENV = "BYLINE_NETWORK"


def check_network_allowed(url: str) -> None:
    """Honour ``BYLINE_NETWORK=loopback``: reach only 127.0.0.0/8 and ::1.

    Test suites and sandboxed runs set it so that nothing — a feed's site link,
    an icon, a saved article's page — can leave the machine.
    """
    if os.environ.get(NETWORK_ENV, "").lower() != "loopback":
        return
    host = (urlsplit(url).hostname or "").strip("[]")
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        if host == "localhost":
            return
    raise FetchError(f"not fetched: {host or url} is outside the loopback network ({NETWORK_ENV}=loopback)")


class Guard:
    """The cancel event and deadline of the request running on this thread."""

    def __init__(self, cancel: threading.Event | None, deadline_at: float) -> None:
        self.cancel = cancel
        self.deadline_at = deadline_at
        self.reason: str | None = None  # "cancel" or "deadline" once tripped
        self.opened: list[httpcore.NetworkStream] = []  # sockets connected under this guard

    def close_opened_since(self, mark: int) -> None:
        """Close the sockets connected since ``len(opened)`` was ``mark``.

        For a connection that failed half-way: httpcore drops the socket of a
        refused SOCKS handshake without closing it.
        """
        for stream in self.opened[mark:]:
            stream.close()

    def tripped(self) -> bool:
        if self.cancel is not None and self.cancel.is_set():
            self.reason = "cancel"
        elif time.monotonic() >= self.deadline_at:
            self.reason = "deadline"
        return self.reason is not None


_local = threading.local()


def current_guard() -> Guard | None:
    return getattr(_local, "guard", None)


class GuardedStream(httpcore.NetworkStream):
    """A socket stream whose reads wake up every ``SLICE`` seconds to check the guard."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        guard = current_guard()
        if guard is None:
            return self._inner.read(max_bytes, timeout)
        end = None if timeout is None else time.monotonic() + timeout
        while True:
            if guard.tripped():
                raise httpcore.ReadTimeout(guard.reason or "stopped")
            now = time.monotonic()
            wait = min(SLICE, max(guard.deadline_at - now, 0.001))
            if end is not None:
                wait = min(wait, max(end - now, 0.001))
            try:
                return self._inner.read(max_bytes, wait)
            except httpcore.ReadTimeout:
                # Nothing arrived in this slice: no data was consumed, so
                # reading again is safe. Give up once the real timeout passed.
                if end is not None and time.monotonic() >= end:
                    raise

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, timeout)

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None) -> httpcore.NetworkStream:
        return GuardedStream(self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's socket backend, with guarded streams and connects bounded by the deadline."""

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        guard = current_guard()
        if guard is not None:
            if guard.tripped():
                raise httpcore.ConnectTimeout(guard.reason or "stopped")
            left = max(guard.deadline_at - time.monotonic(), 0.001)
            timeout = left if timeout is None else min(timeout, left)
        stream = GuardedStream(
            self._inner.connect_tcp(host, port, timeout=timeout, local_address=local_address, socket_options=socket_options)
        )
        if guard is not None:
            guard.opened.append(stream)
        return stream

    def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options: Any = None) -> httpcore.NetworkStream:
        return GuardedStream(self._inner.connect_unix_socket(path, timeout=timeout, socket_options=socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def guard_transport(transport: httpx.HTTPTransport) -> None:
    """Swap the transport's socket backend for the guarded one.

    httpx offers no public hook for this; httpcore's pool keeps its backend
    in ``_network_backend``. If that ever changes, fetches still work and are
    still bounded by the timeouts; only cancel-while-silent gets slower.
    """
    pool = getattr(transport, "_pool", None)
    inner = getattr(pool, "_network_backend", None)
    if isinstance(inner, httpcore.NetworkBackend) and not isinstance(inner, GuardedBackend):
        pool._network_backend = GuardedBackend(inner)  # type: ignore[union-attr]


def install_guard(guard: Guard) -> None:
    """Let ``guard`` watch this thread's socket reads and connects until ``clear_guard``."""
    _local.guard = guard


def clear_guard() -> None:
    _local.guard = None
