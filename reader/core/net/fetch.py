"""HTTP for feeds: one client per process, conditional GET, timeouts, caps, redirects.

A ``Fetcher`` owns one ``httpx.Client`` (thread-safe, keeps connections alive)
and is shared by every worker thread. Each ``fetch`` is bounded on every side:

- connect and read timeouts, plus an overall deadline for the whole request,
  body included, so a server dripping one byte a second is still cut off;
- a cap on the bytes received and a separate cap on the decoded size; gzip and
  deflate are decoded here, incrementally, so a compression bomb is stopped
  after ``max_decoded`` bytes instead of being inflated in memory;
- at most ``max_redirects`` hops, each checked with ``check_feed_url`` (a
  redirect to ``file:`` or any other non-http(s) scheme is refused);
- at most ``per_host`` requests in flight to one origin at a time (8: what
  --workers may spend on one site; docs/decisions.md, "Per-host policy");
- a cancel event that stops the request within a fraction of a second, even
  while the server is silent (socket reads are sliced; see ``GuardedBackend``).

Every failure surfaces as ``FetchError`` with a one-line message, the HTTP
status when there was one, and ``retry_after`` seconds for 429/503.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from urllib.parse import urldefrag, urljoin

import httpx

from reader import __version__
from reader.core.errors import FetchError, UnsafeURLError
from reader.core.net.decode import Decoder, format_seconds, format_size
from reader.core.net.guard import SLICE, Guard, check_network_allowed, clear_guard, guard_transport, install_guard
from reader.core.net.urls import check_feed_url, host_of, origin_of

USER_AGENT = f"Byline/{__version__} (+https://byline.invalid; desktop feed reader)"

#: What a feed request asks for: the feed types first, then anything XML-ish.
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/rdf+xml;q=0.9, application/json;q=0.8, application/xml;q=0.8, "
    "text/xml;q=0.8, */*;q=0.1"
)
#: What a web page request (discovery) asks for.
PAGE_ACCEPT = "text/html, application/xhtml+xml, application/xml;q=0.9, */*;q=0.8"

_REDIRECTS = {301, 302, 303, 307, 308}
_PERMANENT = {301, 308}
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class FetchLimits:
    """Bounds on one request. Times in seconds, sizes in bytes."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    deadline: float = 45.0  # whole request, redirects and body included
    max_body: int = 20 * 1024 * 1024  # raw bytes on the wire
    max_decoded: int = 50 * 1024 * 1024  # after gzip/deflate
    max_redirects: int = 5
    per_host: int = 8  # concurrent requests to one origin (scheme, host, port); docs/decisions.md
    max_connections: int = 64  # open connections in the shared pool, all hosts


@dataclass(frozen=True)
class FetchResult:
    """The final answer of one fetch.

    Attributes:
        url: the final URL after redirects.
        permanent_url: set when every redirect from the requested URL was a
            301/308: the new address to store. None otherwise.
        etag, last_modified: validators to store (on 304, the server's if it
            repeated them, else the ones that were sent).
        max_age: Cache-Control max-age in seconds, if the server gave one.
        not_modified: True for 304; ``body`` is then empty.
    """

    url: str
    status: int
    body: bytes
    etag: str | None
    last_modified: str | None
    content_type: str | None
    permanent_url: str | None
    max_age: int | None
    not_modified: bool


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); None if absent or unreadable."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(int(text))
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now or datetime.now(UTC)
    return max(0.0, (when - current).total_seconds())


def parse_max_age(value: str | None) -> int | None:
    """The max-age of a Cache-Control header, in seconds."""
    if not value:
        return None
    for part in value.split(","):
        name, _, arg = part.strip().partition("=")
        if name.strip().lower() == "max-age":
            arg = arg.strip().strip('"')
            if arg.isdigit():
                return int(arg)
    return None


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "error"


def _connect_reason(err: Exception) -> str:
    text = str(err) or type(err).__name__
    low = text.lower()
    if "refused" in low:
        return "connection refused"
    if "name or service not known" in low or "nodename nor servname" in low or "getaddrinfo" in low or "no address associated" in low:
        return "host not found"
    if "network is unreachable" in low:
        return "network is unreachable"
    if "certificate" in low or "ssl" in low:
        return f"secure connection failed ({text})"
    return text


_LOCATION = "byline.location"


def _stash_location(response: httpx.Response) -> None:
    """Move a redirect's Location aside so httpx does not parse it itself.

    Even with follow_redirects=False httpx builds the next request from
    Location and fails on odd URLs before we can say why we refuse them; the
    fetcher validates every hop itself.
    """
    if response.status_code in _REDIRECTS and "Location" in response.headers:
        response.extensions[_LOCATION] = response.headers["Location"]
        del response.headers["Location"]


# --- the fetcher ----------------------------------------------------------------


class Fetcher:
    """One per process: an httpx.Client with connection reuse (thread-safe), limits, per-host semaphores."""

    def __init__(
        self,
        limits: FetchLimits = FetchLimits(),
        *,
        user_agent: str = USER_AGENT,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.limits = limits
        self.user_agent = user_agent
        if transport is None:
            transport = httpx.HTTPTransport(
                limits=httpx.Limits(max_connections=limits.max_connections, max_keepalive_connections=limits.max_connections),
            )
            guard_transport(transport)
        self._client = httpx.Client(
            transport=transport,
            follow_redirects=False,
            timeout=httpx.Timeout(
                connect=limits.connect_timeout,
                read=limits.read_timeout,
                write=limits.read_timeout,
                pool=limits.deadline,
            ),
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
            event_hooks={"response": [_stash_location]},
        )
        self._hosts: dict[str, threading.BoundedSemaphore] = {}
        self._hosts_lock = threading.Lock()
        self._closed = False

    # public -------------------------------------------------------------------

    def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        cancel: threading.Event | None = None,
        accept: str = FEED_ACCEPT,
        max_bytes: int | None = None,
    ) -> FetchResult:
        """GET a feed conditionally, following redirects; see the module docstring for the bounds.

        ``max_bytes`` lowers both size caps for this request (pages, icons).

        Raises:
            UnsafeURLError: ``url`` itself is not an http(s) URL.
            FetchError: for every network, HTTP, size, time or redirect failure.
        """
        if self._closed:
            raise FetchError("the fetcher is closed")
        current = check_feed_url(url)
        limits = self.limits
        max_body = limits.max_body if max_bytes is None else min(max_bytes, limits.max_body)
        max_decoded = limits.max_decoded if max_bytes is None else min(max_bytes, limits.max_decoded)
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified

        guard: Guard | None = None
        permanent = True
        seen = {current}
        hops = 0
        try:
            while True:
                if cancel is not None and cancel.is_set():
                    raise FetchError("cancelled")
                with self._host_slot(current, cancel, guard):
                    if guard is None:
                        guard = Guard(cancel, time.monotonic() + limits.deadline)
                        install_guard(guard)
                    outcome = self._one(current, headers, guard, max_body, max_decoded)
                if isinstance(outcome, FetchResult):
                    break
                status, location = outcome
                hops += 1
                if hops > limits.max_redirects:
                    raise FetchError(f"too many redirects (more than {limits.max_redirects}) from {url}")
                target = urldefrag(urljoin(current, location))[0]
                try:
                    target = check_feed_url(target)
                except UnsafeURLError as err:
                    raise FetchError(f"refused redirect to {target[:80]!r}: {err}") from err
                if target in seen:
                    raise FetchError(f"redirect loop: {target} redirects back to itself")
                seen.add(target)
                permanent = permanent and status in _PERMANENT
                current = target
        finally:
            clear_guard()

        new_url = outcome.url if permanent and hops and outcome.url != url else None
        if outcome.not_modified:
            return FetchResult(
                url=outcome.url,
                status=outcome.status,
                body=b"",
                etag=outcome.etag or etag,
                last_modified=outcome.last_modified or last_modified,
                content_type=outcome.content_type,
                permanent_url=new_url,
                max_age=outcome.max_age,
                not_modified=True,
            )
        return FetchResult(
            url=outcome.url,
            status=outcome.status,
            body=outcome.body,
            etag=outcome.etag,
            last_modified=outcome.last_modified,
            content_type=outcome.content_type,
            permanent_url=new_url,
            max_age=outcome.max_age,
            not_modified=False,
        )

    def fetch_bytes(
        self, url: str, *, max_bytes: int, accept: str = "*/*", cancel: threading.Event | None = None
    ) -> tuple[bytes, str | None]:
        """A small unconditional GET (a page for discovery, an icon): body and content type."""
        result = self.fetch(url, accept=accept, max_bytes=max_bytes, cancel=cancel)
        return result.body, result.content_type

    def close(self) -> None:
        """Close every pooled connection; further fetches fail."""
        self._closed = True
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # internals ----------------------------------------------------------------

    def _host_slot(self, url: str, cancel: threading.Event | None, guard: Guard | None) -> _HostSlot:
        host = origin_of(url)
        with self._hosts_lock:
            sem = self._hosts.get(host)
            if sem is None:
                sem = self._hosts[host] = threading.BoundedSemaphore(max(1, self.limits.per_host))
        return _HostSlot(sem, cancel, guard, self.limits.deadline)

    def _one(self, url: str, headers: dict[str, str], guard: Guard, max_body: int, max_decoded: int) -> FetchResult | tuple[int, str]:
        """One request: a result, or (status, location) for a redirect to follow."""
        host = host_of(url)
        check_network_allowed(url)
        try:
            with self._client.stream("GET", url, headers=headers) as resp:
                status = resp.status_code
                if status in _REDIRECTS:
                    location = resp.extensions.get(_LOCATION)
                    if not location:
                        raise FetchError(f"server answered {status} {_reason(status)} without saying where to", status=status)
                    return status, location.strip()
                if status >= 300 and status != 304:
                    raise self._status_error(resp)
                if status == 304:
                    body = b""
                else:
                    body = self._read_body(resp, guard, max_body, max_decoded)
                return FetchResult(
                    url=str(resp.url),
                    status=status,
                    body=body,
                    etag=resp.headers.get("ETag"),
                    last_modified=resp.headers.get("Last-Modified"),
                    content_type=resp.headers.get("Content-Type"),
                    permanent_url=None,
                    max_age=parse_max_age(resp.headers.get("Cache-Control")),
                    not_modified=status == 304,
                )
        except FetchError:
            raise
        except httpx.TimeoutException as err:
            raise self._timeout_error(err, host, guard) from err
        except httpx.ConnectError as err:
            raise FetchError(f"could not connect to {host}: {_connect_reason(err)}") from err
        except httpx.RemoteProtocolError as err:
            raise FetchError(f"{host} broke off the response ({err})") from err
        except httpx.ReadError as err:
            raise FetchError(f"the connection to {host} was lost ({err or 'read error'})") from err
        except httpx.TransportError as err:
            raise FetchError(f"network error talking to {host}: {err or type(err).__name__}") from err
        except httpx.InvalidURL as err:
            raise FetchError(f"invalid URL {url[:80]!r}: {err}") from err

    def _timeout_error(self, err: Exception, host: str, guard: Guard) -> FetchError:
        guard.tripped()
        if guard.reason == "cancel":
            return FetchError("cancelled")
        if guard.reason == "deadline":
            return FetchError(f"timed out after {format_seconds(self.limits.deadline)}: {host} was too slow to send the feed")
        if isinstance(err, httpx.ConnectTimeout):
            return FetchError(f"could not connect to {host}: timed out after {format_seconds(self.limits.connect_timeout)}")
        if isinstance(err, httpx.PoolTimeout):
            return FetchError(f"timed out after {format_seconds(self.limits.deadline)} waiting for a free connection")
        return FetchError(f"timed out after {format_seconds(self.limits.read_timeout)}: {host} stopped answering")

    def _status_error(self, resp: httpx.Response) -> FetchError:
        status = resp.status_code
        retry = parse_retry_after(resp.headers.get("Retry-After")) if status in (429, 503) else None
        if status == 410:
            return FetchError("the feed is gone: the server answered 410 Gone (it was removed for good)", status=status)
        message = f"server answered {status} {_reason(status)}"
        if retry is not None:
            message += f" (retry after {int(retry)} s)"
        return FetchError(message, status=status, retry_after=retry)

    def _read_body(self, resp: httpx.Response, guard: Guard, max_body: int, max_decoded: int) -> bytes:
        declared = resp.headers.get("Content-Length")
        if declared and declared.strip().isdigit() and int(declared) > max_body:
            raise FetchError(f"feed is larger than {format_size(max_body)} ({format_size(int(declared))} announced)")
        encoding = (resp.headers.get("Content-Encoding") or "identity").strip().lower()
        decoder: Decoder | None
        if encoding in ("identity", ""):
            decoder = None
        elif encoding in ("gzip", "x-gzip"):
            decoder = Decoder("gzip", max_decoded)
        elif encoding == "deflate":
            decoder = Decoder("deflate", max_decoded)
        else:
            raise FetchError(f"the server used a compression Byline cannot read ({encoding})")
        parts: list[bytes] = []
        received = 0
        for chunk in self._raw_chunks(resp, guard):
            received += len(chunk)
            if received > max_body:
                raise FetchError(f"feed is larger than {format_size(max_body)}")
            if decoder is None:
                parts.append(chunk)
            else:
                parts.extend(decoder.feed(chunk))
        if decoder is not None:
            parts.extend(decoder.finish())
        return b"".join(parts)

    def _raw_chunks(self, resp: httpx.Response, guard: Guard) -> Iterator[bytes]:
        for chunk in resp.iter_raw(_CHUNK):
            if guard.tripped():
                if guard.reason == "cancel":
                    raise FetchError("cancelled")
                host = host_of(str(resp.url))
                raise FetchError(f"timed out after {format_seconds(self.limits.deadline)}: {host} was too slow to send the feed")
            yield chunk


class _HostSlot:
    """Holds one of a host's ``per_host`` slots; waiting for it honours cancel."""

    def __init__(self, sem: threading.BoundedSemaphore, cancel: threading.Event | None, guard: Guard | None, deadline: float) -> None:
        self._sem = sem
        self._cancel = cancel
        self._guard = guard
        self._deadline = deadline

    def __enter__(self) -> None:
        while not self._sem.acquire(timeout=SLICE):
            if self._cancel is not None and self._cancel.is_set():
                raise FetchError("cancelled")
            if self._guard is not None and self._guard.tripped():
                raise FetchError(f"timed out after {format_seconds(self._deadline)} waiting to reach the server")

    def __exit__(self, *exc: object) -> None:
        self._sem.release()
