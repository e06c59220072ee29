"""HTTP logins for feeds: basic or digest, whichever the server's challenge asks for.

A password is never sent before the server has said how it wants it: the
first request to an address goes without, and a ``401`` with
``WWW-Authenticate: Digest`` (preferred when both are offered) or ``Basic``
gets one answer with the credentials. Once an address has asked this user
for basic, the fetcher remembers it and later requests to that address carry
the header up front, saving a round trip; another feed on the same site (which
may want digest, or another login) is asked first like any other. Digest needs
the server's fresh nonce each time.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Generator, MutableMapping

import httpx

from reader.core.net.urls import host_of, origin_of
from reader.core.secrets import Login

_DIGEST = re.compile(r"(?:^|,)\s*digest\b", re.I)
_BASIC = re.compile(r"(?:^|,)\s*basic\b", re.I)


def challenges(response: httpx.Response) -> set[str]:
    """The schemes a 401 offers, among "basic" and "digest"."""
    found: set[str] = set()
    for value in response.headers.get_list("www-authenticate"):
        if _DIGEST.search(value):
            found.add("digest")
        if _BASIC.search(value):
            found.add("basic")
    return found


def may_carry_login(home: str, target: str) -> bool:
    """Whether a feed's login (its URL is ``home``) may go with a request to ``target``.

    Only to the same origin, or to the same host over https (the usual
    upgrade from http); never to another host, so a redirect cannot fish for it.
    """
    if origin_of(home) == origin_of(target):
        return True
    return host_of(home) == host_of(target) and target.lower().startswith("https:")


def basic_header(login: Login) -> str:
    token = base64.b64encode(f"{login.user}:{login.password}".encode()).decode("ascii")
    return f"Basic {token}"


class FeedAuth(httpx.Auth):
    """Answers one address's challenge with ``login``; see the module docstring.

    Args:
        login: the feed's user name and password.
        address: the URL asked for; with the user name, the key of ``remembered``.
        remembered: key -> "basic" for addresses known to want basic, shared by the fetcher's threads.
    """

    def __init__(self, login: Login, address: str, remembered: MutableMapping[str, str]) -> None:
        self._login = login
        self._key = f"{address}\n{login.user}"
        self._remembered = remembered
        self.offered: set[str] = set()  # what the last 401 asked for, for the caller's message

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        sent_basic = self._remembered.get(self._key) == "basic"
        if sent_basic:
            request.headers["Authorization"] = basic_header(self._login)
        response = yield request
        if response.status_code != 401:
            return
        self.offered = challenges(response)
        if "digest" in self.offered:
            self._remembered.pop(self._key, None)
            digest = httpx.DigestAuth(self._login.user, self._login.password)
            flow = digest.auth_flow(request)
            next(flow)
            try:
                retry = flow.send(response)
            except StopIteration:  # a digest challenge httpx could not read
                return
            yield retry
        elif "basic" in self.offered and not sent_basic:
            self._remembered[self._key] = "basic"
            request.headers["Authorization"] = basic_header(self._login)
            yield request


__all__ = ["FeedAuth", "basic_header", "challenges", "may_carry_login"]
