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
  while the server is silent (socket reads are sliced; see ``GuardedBackend``);
- proxies chosen per request by a ``ProxyPolicy`` (by default the
  environment's ``HTTP_PROXY``, ``HTTPS_PROXY``, ``ALL_PROXY``, ``NO_PROXY``);
  one pooled client per proxy, all on guarded sockets;
- a feed's login (HTTP basic or digest, whichever the server asks for) sent
  only to the feed's own origin, never along a redirect to another one;
- a feed's own User-Agent, for servers that refuse programs they do not know.

Every failure surfaces as ``FetchError`` with a one-line message, the HTTP
status when there was one, and ``retry_after`` seconds for 429/503.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin

import httpx

from reader.core.errors import FetchError, UnsafeURLError
from reader.core.net.agent import USER_AGENT
from reader.core.net.answers import parse_max_age, parse_retry_after, reason_phrase, status_message
from reader.core.net.auth import FeedAuth, may_carry_login
from reader.core.net.decode import Decoder, format_seconds, format_size
from reader.core.net.guard import SLICE, Guard, check_network_allowed, clear_guard, guard_transport, install_guard
from reader.core.net.proxy import ProxyPolicy, ProxyServer
from reader.core.net.urls import check_feed_url, host_of, origin_of
from reader.core.secrets import Login
from reader.i18n import _

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


def _connect_reason(err: Exception) -> str:
    text = str(err) or type(err).__name__
    low = text.lower()
    if "refused" in low:
        return _("connection refused")
    if "name or service not known" in low or "nodename nor servname" in low or "getaddrinfo" in low or "no address associated" in low:
        return _("host not found")
    if "network is unreachable" in low:
        return _("network is unreachable")
    if "certificate" in low or "ssl" in low:
        return _("secure connection failed (%(problem)s)") % {"problem": text}
    return text


def _proxy_error(err: httpx.ProxyError, host: str, proxy: ProxyServer | None) -> FetchError:
    """A proxy that refused a tunnel or a SOCKS connection, as one line."""
    where = _("the proxy %(proxy)s") % {"proxy": proxy.label} if proxy is not None else _("the proxy")
    text = str(err) or type(err).__name__
    low = text.lower()
    if "407" in text or "no acceptable methods" in low:  # an HTTP tunnel or a SOCKS proxy that wants a login
        return FetchError(status_message(407, proxy=proxy), status=407)
    if "username/password" in low:
        return FetchError(_("%(proxy)s did not accept the user name and password: check them in Preferences → Network") % {"proxy": where})
    return FetchError(_("%(proxy)s could not connect to %(host)s: %(err)s") % {"proxy": where, "host": host, "err": text})


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
    """One per process: pooled httpx clients (thread-safe, one per proxy), limits, per-host semaphores.

    Args:
        limits: the bounds of every request.
        user_agent: the User-Agent of every request a feed does not override.
        transport: a fixed transport (tests); every request then uses it and
            the proxy policy is ignored.
        proxies: where requests go (default: the environment's proxy variables).
    """

    def __init__(
        self,
        limits: FetchLimits = FetchLimits(),
        *,
        user_agent: str = USER_AGENT,
        transport: httpx.BaseTransport | None = None,
        proxies: ProxyPolicy | None = None,
    ) -> None:
        self.limits = limits
        self.user_agent = user_agent
        self._fixed_transport = transport
        self._proxies = proxies if proxies is not None else ProxyPolicy.from_environment(os.environ)
        self._clients: dict[ProxyServer | None, httpx.Client] = {}
        self._retired: list[httpx.Client] = []
        self._auth_schemes: dict[str, str] = {}  # (address, user) -> "basic" once it asked for basic
        self._hosts: dict[str, threading.BoundedSemaphore] = {}
        self._hosts_lock = threading.Lock()
        self._closed = False

    # public -------------------------------------------------------------------

    @property
    def proxies(self) -> ProxyPolicy:
        return self._proxies

    def set_proxies(self, policy: ProxyPolicy) -> None:
        """Send later requests as ``policy`` says (Preferences changed); requests in flight finish as they began."""
        with self._hosts_lock:
            self._proxies = policy
            keep = set(policy.servers())
            for server in [s for s in self._clients if s is not None and s not in keep]:
                self._retired.append(self._clients.pop(server))

    def route(self, url: str) -> ProxyServer | None:
        """The proxy a request to ``url`` goes through (None: direct, or a fixed transport)."""
        return None if self._fixed_transport is not None else self._proxies.route(url)

    def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        cancel: threading.Event | None = None,
        accept: str = FEED_ACCEPT,
        max_bytes: int | None = None,
        login: Login | None = None,
        user_agent: str | None = None,
    ) -> FetchResult:
        """GET a feed conditionally, following redirects; see the module docstring for the bounds.

        ``max_bytes`` lowers both size caps for this request (pages, icons).
        ``login`` answers a 401 from the origin of ``url`` (never another one);
        ``user_agent`` replaces the default User-Agent for every hop.

        Raises:
            UnsafeURLError: ``url`` itself is not an http(s) URL.
            FetchError: for every network, HTTP, size, time or redirect failure.
        """
        if self._closed:
            raise FetchError("the fetcher is closed")
        current = start = check_feed_url(url)
        limits = self.limits
        max_body = limits.max_body if max_bytes is None else min(max_bytes, limits.max_body)
        max_decoded = limits.max_decoded if max_bytes is None else min(max_bytes, limits.max_decoded)
        headers = {"Accept": accept}
        if user_agent:
            headers["User-Agent"] = user_agent
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
                    hop_login = login if login is not None and may_carry_login(start, current) else None
                    outcome = self._one(current, headers, guard, max_body, max_decoded, hop_login)
                if isinstance(outcome, FetchResult):
                    break
                status, location = outcome
                hops += 1
                if hops > limits.max_redirects:
                    raise FetchError(
                        _("too many redirects (more than %(limit)d) from %(url)s") % {"limit": limits.max_redirects, "url": url}
                    )
                target = urldefrag(urljoin(current, location))[0]
                try:
                    target = check_feed_url(target)
                except UnsafeURLError as err:
                    raise FetchError(_("refused redirect to %(target)s: %(err)s") % {"target": repr(target[:80]), "err": err}) from err
                if target in seen:
                    raise FetchError(_("redirect loop: %(target)s redirects back to itself") % {"target": target})
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
        with self._hosts_lock:
            clients = [*self._clients.values(), *self._retired]
            self._clients.clear()
            self._retired.clear()
        for client in clients:
            client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # internals ----------------------------------------------------------------

    def _client(self, proxy: ProxyServer | None) -> httpx.Client:
        """The pooled client that sends through ``proxy`` (None: direct), made on first use."""
        with self._hosts_lock:
            if self._closed:
                raise FetchError("the fetcher is closed")
            client = self._clients.get(proxy)
            if client is not None:
                return client
            transport = self._fixed_transport
            if transport is None:
                pool = httpx.Limits(max_connections=self.limits.max_connections, max_keepalive_connections=self.limits.max_connections)
                through = None
                if proxy is not None:
                    auth = (proxy.login.user, proxy.login.password) if proxy.login is not None else None
                    through = httpx.Proxy(proxy.url, auth=auth)
                transport = httpx.HTTPTransport(limits=pool, proxy=through)
                guard_transport(transport)
            limits = self.limits
            client = self._clients[proxy] = httpx.Client(
                transport=transport,
                follow_redirects=False,
                trust_env=False,  # the proxy policy decided already
                timeout=httpx.Timeout(
                    connect=limits.connect_timeout,
                    read=limits.read_timeout,
                    write=limits.read_timeout,
                    pool=limits.deadline,
                ),
                headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"},
                event_hooks={"response": [_stash_location]},
            )
            return client

    def _host_slot(self, url: str, cancel: threading.Event | None, guard: Guard | None) -> _HostSlot:
        host = origin_of(url)
        with self._hosts_lock:
            sem = self._hosts.get(host)
            if sem is None:
                sem = self._hosts[host] = threading.BoundedSemaphore(max(1, self.limits.per_host))
        return _HostSlot(sem, cancel, guard, self.limits.deadline)

    def _one(
        self, url: str, headers: dict[str, str], guard: Guard, max_body: int, max_decoded: int, login: Login | None
    ) -> FetchResult | tuple[int, str]:
        """One request: a result, or (status, location) for a redirect to follow."""
        host = host_of(url)
        proxy = self.route(url)
        check_network_allowed(url)
        if proxy is not None:
            check_network_allowed(proxy.url)
        auth = FeedAuth(login, url, self._auth_schemes) if login is not None else None
        opened = len(guard.opened)
        try:
            with self._client(proxy).stream("GET", url, headers=headers, auth=auth) as resp:
                status = resp.status_code
                if status in _REDIRECTS:
                    location = resp.extensions.get(_LOCATION)
                    if not location:
                        answered = {"status": f"{status} {reason_phrase(status)}"}
                        raise FetchError(_("server answered %(status)s without saying where to") % answered, status=status)
                    return status, location.strip()
                if status >= 300 and status != 304:
                    raise self._status_error(resp, proxy=proxy, auth=auth)
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
        except httpx.TransportError as err:
            if proxy is not None and proxy.scheme.startswith("socks"):
                # httpcore drops the socket of a SOCKS handshake that failed without closing it.
                guard.close_opened_since(opened)
            raise self._transport_error(err, host, guard, proxy) from err
        except httpx.InvalidURL as err:
            raise FetchError(_("invalid URL %(url)s: %(err)s") % {"url": repr(url[:80]), "err": err}) from err

    def _transport_error(self, err: httpx.TransportError, host: str, guard: Guard, proxy: ProxyServer | None) -> FetchError:
        """A network failure as one line, naming the proxy when there was one."""
        via = _(" through the proxy %(proxy)s") % {"proxy": proxy.label} if proxy is not None else ""
        if isinstance(err, httpx.TimeoutException):
            return self._timeout_error(err, host, guard, via)
        if isinstance(err, httpx.ProxyError):
            return _proxy_error(err, host, proxy)
        if isinstance(err, httpx.ConnectError):
            if proxy is not None:
                return FetchError(
                    _("could not connect to the proxy %(proxy)s: %(reason)s") % {"proxy": proxy.label, "reason": _connect_reason(err)}
                )
            return FetchError(_("could not connect to %(host)s: %(reason)s") % {"host": host, "reason": _connect_reason(err)})
        if isinstance(err, httpx.RemoteProtocolError):
            return FetchError(_("%(host)s broke off the response%(via)s (%(err)s)") % {"host": host, "via": via, "err": err})
        if isinstance(err, httpx.ReadError):
            return FetchError(
                _("the connection to %(host)s was lost%(via)s (%(err)s)") % {"host": host, "via": via, "err": err or _("read error")}
            )
        return FetchError(
            _("network error talking to %(host)s%(via)s: %(err)s") % {"host": host, "via": via, "err": err or type(err).__name__}
        )

    def _timeout_error(self, err: Exception, host: str, guard: Guard, via: str = "") -> FetchError:
        guard.tripped()
        if guard.reason == "cancel":
            return FetchError("cancelled")
        if guard.reason == "deadline":
            return FetchError(
                _("timed out after %(time)s: %(host)s was too slow to send the feed%(via)s")
                % {"time": format_seconds(self.limits.deadline), "host": host, "via": via}
            )
        if isinstance(err, httpx.ConnectTimeout):
            return FetchError(
                _("could not connect to %(host)s%(via)s: timed out after %(time)s")
                % {"host": host, "via": via, "time": format_seconds(self.limits.connect_timeout)}
            )
        if isinstance(err, httpx.PoolTimeout):
            return FetchError(_("timed out after %(time)s waiting for a free connection") % {"time": format_seconds(self.limits.deadline)})
        return FetchError(
            _("timed out after %(time)s: %(host)s stopped answering%(via)s")
            % {"time": format_seconds(self.limits.read_timeout), "host": host, "via": via}
        )

    def _status_error(self, resp: httpx.Response, *, proxy: ProxyServer | None = None, auth: FeedAuth | None = None) -> FetchError:
        status = resp.status_code
        retry = parse_retry_after(resp.headers.get("Retry-After")) if status in (429, 503) else None
        message = status_message(status, retry_after=retry, login_sent=auth is not None, proxy=proxy)
        return FetchError(message, status=status, retry_after=retry)

    def _read_body(self, resp: httpx.Response, guard: Guard, max_body: int, max_decoded: int) -> bytes:
        declared = resp.headers.get("Content-Length")
        if declared and declared.strip().isdigit() and int(declared) > max_body:
            raise FetchError(
                _("feed is larger than %(limit)s (%(size)s announced)")
                % {"limit": format_size(max_body), "size": format_size(int(declared))}
            )
        encoding = (resp.headers.get("Content-Encoding") or "identity").strip().lower()
        decoder: Decoder | None
        if encoding in ("identity", ""):
            decoder = None
        elif encoding in ("gzip", "x-gzip"):
            decoder = Decoder("gzip", max_decoded)
        elif encoding == "deflate":
            decoder = Decoder("deflate", max_decoded)
        else:
            raise FetchError(_("the server used a compression Byline cannot read (%(encoding)s)") % {"encoding": encoding})
        # One growing buffer, each chunk let go as soon as it is copied: kept chunks would
        # leave a big body's worth of free blocks in this thread's malloc heap afterwards.
        body = bytearray()
        received = 0
        for chunk in self._raw_chunks(resp, guard):
            received += len(chunk)
            if received > max_body:
                raise FetchError(_("feed is larger than %(limit)s") % {"limit": format_size(max_body)})
            if decoder is None:
                body += chunk
            else:
                for part in decoder.feed(chunk):
                    body += part
            del chunk
        if decoder is not None:
            for part in decoder.finish():
                body += part
        return bytes(body)

    def _raw_chunks(self, resp: httpx.Response, guard: Guard) -> Iterator[bytes]:
        for chunk in resp.iter_raw(_CHUNK):
            if guard.tripped():
                if guard.reason == "cancel":
                    raise FetchError("cancelled")
                host = host_of(str(resp.url))
                raise FetchError(
                    _("timed out after %(time)s: %(host)s was too slow to send the feed")
                    % {"time": format_seconds(self.limits.deadline), "host": host}
                )
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
                raise FetchError(_("timed out after %(time)s waiting to reach the server") % {"time": format_seconds(self._deadline)})

    def __exit__(self, *exc: object) -> None:
        self._sem.release()
