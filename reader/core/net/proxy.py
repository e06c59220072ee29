"""Which proxy a request goes through: none, the environment's, or the one set in Preferences.

    policy = ProxyPolicy.from_environment(os.environ)     # "system": HTTP(S)_PROXY, ALL_PROXY, NO_PROXY
    policy = ProxyPolicy.manual(ProxyServer("socks5", "10.0.0.1", 1080), exceptions="localhost")
    policy.route("http://example.org/feed")  ->  ProxyServer(...) or None (go direct)

The environment is read the way curl and Python's urllib read it: the
lower-case variable first, then the upper-case one; ``http_proxy`` for http
URLs, ``https_proxy`` for https, ``all_proxy`` for both when those are unset.
``no_proxy`` lists hosts reached directly: ``*`` (everything), a host name
(which also covers its subdomains; a leading dot is allowed), an IP address or
CIDR block, each optionally with ``:port``. A proxy address without a scheme
is an HTTP proxy; without a port it uses its scheme's default (80, 443, 1080).

Proxy passwords travel in ``ProxyServer.login`` and never in a URL string, so
no message or log line built from ``url`` or ``label`` can show one.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import unquote, urlsplit

from reader.core.errors import InputError
from reader.core.secrets import Login
from reader.i18n import _

SCHEMES = ("http", "https", "socks5", "socks5h")
DEFAULT_PORTS = {"http": 80, "https": 443, "socks5": 1080, "socks5h": 1080}


class ProxyMode(StrEnum):
    """Where the proxy comes from (the ``proxy_mode`` setting)."""

    NONE = "none"  # always connect directly
    SYSTEM = "system"  # the environment's proxy variables
    MANUAL = "manual"  # the proxy set in Preferences


@dataclass(frozen=True)
class ProxyServer:
    """One proxy: scheme (http, https, socks5, socks5h), host, port and an optional login."""

    scheme: str
    host: str
    port: int
    login: Login | None = None

    @property
    def url(self) -> str:
        """scheme://host:port, never with the login."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}"

    @property
    def label(self) -> str:
        """host:port, for messages."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"


def parse_proxy_address(text: str) -> ProxyServer:
    """"proxy.corp:3128", "http://u:p@10.0.0.1:8080", "socks5://[::1]:1080" -> a ProxyServer.

    Raises:
        InputError: an empty address, an unknown scheme, no host, or a bad port.
    """
    cleaned = (text or "").strip()
    if not cleaned:
        raise InputError(_("the proxy address is empty"))
    if "://" not in cleaned:
        cleaned = "http://" + cleaned
    try:
        parts = urlsplit(cleaned)
        host = parts.hostname
        port = parts.port
    except ValueError as err:
        shown = {"address": repr(_shown(cleaned)), "err": err}
        raise InputError(_("the proxy address %(address)s is not valid (%(err)s)") % shown) from err
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise InputError(
            _("the proxy address %(address)s uses %(scheme)s:, Byline speaks http, https and socks5 proxies")
            % {"address": repr(_shown(cleaned)), "scheme": scheme}
        )
    if not host:
        raise InputError(_("the proxy address %(address)s has no host name") % {"address": repr(_shown(cleaned))})
    login = None
    if parts.username is not None:
        login = Login(unquote(parts.username), unquote(parts.password or ""))
    return ProxyServer(scheme, host, port or DEFAULT_PORTS[scheme], login)


def _shown(url: str) -> str:
    """A proxy address without its login, for messages."""
    scheme, sep, rest = url.partition("://")
    return scheme + sep + rest.rpartition("@")[2] if sep else url.rpartition("@")[2]


# --- no_proxy ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Exception:
    """One ``no_proxy`` entry: a host suffix or an IP network, and an optional port."""

    domain: str | None
    network: ipaddress.IPv4Network | ipaddress.IPv6Network | None
    port: int | None

    def covers(self, host: str, port: int) -> bool:
        if self.port is not None and self.port != port:
            return False
        if self.network is not None:
            try:
                return ipaddress.ip_address(host) in self.network
            except ValueError:
                return False
        assert self.domain is not None
        return host == self.domain or host.endswith("." + self.domain)


def parse_exceptions(text: str) -> tuple[bool, tuple[_Exception, ...]]:
    """A ``no_proxy`` list -> (everything is direct, the entries). Unreadable entries are ignored."""
    entries: list[_Exception] = []
    for raw in (text or "").replace(";", ",").split(","):
        item = raw.strip().lower()
        if not item:
            continue
        if item == "*":
            return True, ()
        port: int | None = None
        host = item
        if "://" in host:  # "http://example.org" is sometimes written; the host is what counts
            host = host.split("://", 1)[1]
        if host.startswith("["):  # [::1]:8080
            inner, _, after = host[1:].partition("]")
            host = inner
            if after.startswith(":") and after[1:].isdigit():
                port = int(after[1:])
        elif host.count(":") == 1:  # example.org:8080 (IPv6 addresses have several colons)
            name, _, maybe_port = host.partition(":")
            if maybe_port.isdigit():
                host, port = name, int(maybe_port)
        host = host.strip().rstrip("/")
        try:
            entries.append(_Exception(None, ipaddress.ip_network(host, strict=False), port))
            continue
        except ValueError:
            pass
        domain = host.lstrip("*").lstrip(".")
        if domain:
            entries.append(_Exception(domain, None, port))
    return False, tuple(entries)


# --- the policy -------------------------------------------------------------------


@dataclass(frozen=True)
class ProxyPolicy:
    """How each request finds its proxy.

    Attributes:
        mode: where the proxy came from (see ``ProxyMode``).
        http, https: the proxy for http and https URLs (None: direct).
        direct_all: every host is an exception (``no_proxy=*``).
        exceptions: hosts and networks reached directly.
    """

    mode: ProxyMode = ProxyMode.NONE
    http: ProxyServer | None = None
    https: ProxyServer | None = None
    direct_all: bool = False
    exceptions: tuple[_Exception, ...] = ()

    @classmethod
    def direct(cls) -> ProxyPolicy:
        return cls(ProxyMode.NONE)

    @classmethod
    def manual(cls, server: ProxyServer, *, exceptions: str = "") -> ProxyPolicy:
        """Every request through ``server``, except to the hosts ``exceptions`` lists (no_proxy syntax)."""
        direct_all, entries = parse_exceptions(exceptions)
        return cls(ProxyMode.MANUAL, server, server, direct_all, entries)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> ProxyPolicy:
        """The environment's proxies; an unreadable proxy variable is ignored (requests go direct).

        Raises nothing: a typo in a shell profile must not stop Byline from starting.
        """

        def var(name: str) -> str:
            return (environ.get(name.lower()) or environ.get(name.upper()) or "").strip()

        def server(name: str) -> ProxyServer | None:
            value = var(name)
            if not value:
                return None
            try:
                return parse_proxy_address(value)
            except InputError:
                return None

        every = server("all_proxy")
        http = server("http_proxy") or every
        https = server("https_proxy") or every
        direct_all, entries = parse_exceptions(var("no_proxy"))
        return cls(ProxyMode.SYSTEM, http, https, direct_all, entries)

    def route(self, url: str) -> ProxyServer | None:
        """The proxy for ``url``, or None to connect directly."""
        if self.mode is ProxyMode.NONE or self.direct_all:
            return None
        try:
            parts = urlsplit(url)
            host = (parts.hostname or "").lower()
            port = parts.port
        except ValueError:
            return None
        scheme = parts.scheme.lower()
        server = self.https if scheme == "https" else self.http if scheme == "http" else None
        if server is None:
            return None
        port = port or (443 if scheme == "https" else 80)
        if any(entry.covers(host, port) for entry in self.exceptions):
            return None
        return server

    def servers(self) -> tuple[ProxyServer, ...]:
        """Every proxy this policy may use."""
        return tuple(dict.fromkeys(s for s in (self.http, self.https) if s is not None))


__all__ = ["DEFAULT_PORTS", "SCHEMES", "ProxyMode", "ProxyPolicy", "ProxyServer", "parse_exceptions", "parse_proxy_address"]
