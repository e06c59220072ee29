"""A client of the Google Reader API, as FreshRSS, Miniflux, Inoreader, TheOldReader and BazQux speak it.

HTTP only: it logs in, lists, pages and edits, and returns frozen dataclasses;
what to do with them is ``reader.core.sync``'s job. Every call is counted in
``requests`` (by endpoint), so the sync engine and its tests can tell how much
a sync cost.

Dialect facts this client relies on (sources in docs/decisions.md):

* Log in with ``POST accounts/ClientLogin`` (``Email``, ``Passwd``); the
  answer's ``Auth=`` line is the token sent as ``Authorization: GoogleLogin
  auth=TOKEN``.
* A POST also carries a form field ``T``: Miniflux checks only that field (it
  is the auth token there), FreshRSS wants the separate token of ``GET
  reader/api/0/token``. Asking ``token`` works on both.
* Item ids come short (signed decimal, ``stream/items/ids``) or long
  (``tag:google.com,2005:reader/item/`` + 16 hex digits, in item contents).
  ``item_id`` turns both into one canonical form: signed decimal. Ids sent
  (``i``) always go in the long form: Miniflux reads a bare ``i`` as hex, so
  a short decimal id would name another item there.
* Labels are ``user/-/label/X`` or ``user/<number>/label/X``; states likewise
  (``user/-/state/com.google/read``).
* Continuations are opaque strings; none (or an empty one) means the last
  page. Miniflux's is an offset, sent as a string and left out at the end.
* Enclosures carry ``href`` (Google, FreshRSS) or ``url`` (Miniflux).
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx

from reader.core.errors import BylineError, FetchError
from reader.core.net.agent import USER_AGENT
from reader.core.net.guard import check_network_allowed
from reader.core.net.proxy import ProxyPolicy
from reader.i18n import N_, _

log = logging.getLogger(__name__)

API = "reader/api/0"
READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"
READING_LIST = "user/-/state/com.google/reading-list"
LONG_PREFIX = "tag:google.com,2005:reader/item/"
IDS_PAGE = 1000  # ids per stream/items/ids call
CONTENTS_BATCH = 250  # items per stream/items/contents call
EDIT_BATCH = 250  # ids per edit-tag call
MAX_RESPONSE = 64 * 1024 * 1024
RETRY_STATUSES = {429, 500, 502, 503, 504}

_LABEL = re.compile(r"^user/[^/]*/label/(.+)$")
_STATE = re.compile(r"^user/[^/]*/state/com\.google/(.+)$")


class SyncServerError(FetchError):
    """The sync server could not be reached, or answered with an error."""


class SyncAuthError(SyncServerError):
    """The server refused the user name or the password: asking again will not help."""


@dataclass(frozen=True)
class Subscription:
    """A feed the account follows: its stream id (``feed/...``), names and labels (category names)."""

    stream_id: str
    title: str
    url: str
    site_url: str | None
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Item:
    """One item's contents and its state on the server."""

    item_id: str
    stream_id: str
    title: str
    url: str | None
    author: str | None
    published: float | None
    updated: float | None
    html: str
    read: bool
    starred: bool
    labels: tuple[str, ...] = ()
    enclosures: tuple[tuple[str, str | None], ...] = ()


def item_id(raw: str | int) -> str:
    """The canonical form of an item id: signed decimal.

    Raises:
        ValueError: not an item id in any known form.
    """
    text = str(raw).strip()
    if text.startswith(LONG_PREFIX):
        value = int(text[len(LONG_PREFIX):], 16)
        if value >= 1 << 63:
            value -= 1 << 64
        return str(value)
    return str(int(text, 10))


def long_item_id(canonical: str) -> str:
    """The long form (``tag:google.com,2005:reader/item/`` + 16 hex digits) of a canonical id."""
    return f"{LONG_PREFIX}{int(canonical) & 0xFFFFFFFFFFFFFFFF:016x}"


def label_name(stream: str) -> str | None:
    """The category name of a label stream in either form; None for anything else."""
    found = _LABEL.match(stream)
    return found.group(1) if found else None


def state_name(stream: str) -> str | None:
    """``read``, ``starred``, ... of a state stream in either form; None for anything else."""
    found = _STATE.match(stream)
    return found.group(1) if found else None


def label_stream(name: str) -> str:
    return f"user/-/label/{name}"


def api_base(url: str) -> str:
    """The API root a user's server address stands for (trailing ``/reader/api/0`` and slashes dropped)."""
    base = url.strip().rstrip("/")
    for suffix in ("/reader/api/0", "/accounts/ClientLogin"):
        if base.endswith(suffix):
            base = base[: -len(suffix)]
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BylineError(_("not a server address: %(url)s (use http:// or https://)") % {"url": repr(url)})
    return base


class GReaderClient:
    """One account's session with its server. Thread-safe enough for one sync at a time.

    Attributes:
        requests: how many calls were made, by endpoint ("edit-tag", "stream/items/ids", ...).
        retries: how often a call is tried again after a 5xx or a broken connection.
    """

    def __init__(
        self,
        url: str,
        user: str,
        password: str,
        *,
        timeout: float = 30.0,
        retries: int = 2,
        backoff: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
        proxies: ProxyPolicy | None = None,
    ) -> None:
        self.base = api_base(url)
        self.user = user
        self._password = password
        self.retries = retries
        self.backoff = backoff
        self._sleep = sleep
        self._auth: str | None = None
        self._post_token: str | None = None
        self.requests: Counter[str] = Counter()
        self._lock = threading.Lock()
        # The proxy the preferences choose (given ``proxies``), else httpx's reading of the environment.
        self._proxy = proxies.route(self.base) if proxies is not None and transport is None else None
        through = None
        if self._proxy is not None:
            login = self._proxy.login
            through = httpx.Proxy(self._proxy.url, auth=(login.user, login.password) if login is not None else None)
        self._client = httpx.Client(
            transport=transport,
            proxy=through,
            trust_env=proxies is None,
            timeout=httpx.Timeout(timeout),
            follow_redirects=True,
            headers={"User-Agent": USER_AGENT},
        )

    def __repr__(self) -> str:
        return f"GReaderClient({self.base!r}, user={self.user!r})"

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> GReaderClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- transport -----------------------------------------------------------------------

    def _send(
        self,
        method: str,
        path: str,
        *,
        params: Sequence[tuple[str, str | int]] = (),
        data: Sequence[tuple[str, str]] | None = None,
        auth: bool = True,
        retry: bool = True,
    ) -> httpx.Response:
        """One call, tried again on 5xx and broken connections (``retries`` times, with back-off).

        ``data`` is sent as a form (repeated keys kept, as ``i`` and ``s`` need).
        ``retry=False`` for calls that change state: a server may have acted on
        a call whose answer was lost, so the caller looks before sending again.
        """
        url = f"{self.base}/{path}"
        body = None if data is None else urlencode(list(data)).encode("ascii")
        check_network_allowed(url)
        if self._proxy is not None:
            check_network_allowed(self._proxy.url)
        name = path.removeprefix(API + "/")
        attempt = 0
        while True:
            headers = {"Authorization": f"GoogleLogin auth={self._auth}"} if auth and self._auth else {}
            if body is not None:
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            self.requests[name] += 1
            try:
                resp = self._client.request(method, url, params=list(params), content=body, headers=headers)
            except httpx.TimeoutException as err:
                failure: SyncServerError = SyncServerError(_("the sync server %(host)s did not answer in time") % {"host": self._host})
                cause: Exception = err
            except httpx.HTTPError as err:
                unreachable = {"host": self._host, "err": type(err).__name__}
                failure = SyncServerError(_("cannot reach the sync server %(host)s: %(err)s") % unreachable)
                cause = err
            else:
                if resp.status_code < 400:
                    if len(resp.content) > MAX_RESPONSE:
                        raise SyncServerError(_("the sync server %(host)s sent an answer too large to read") % {"host": self._host})
                    return resp
                if resp.status_code not in RETRY_STATUSES:
                    return resp
                answered = {"host": self._host, "status": resp.status_code, "what": name}
                failure = SyncServerError(_("the sync server %(host)s answered %(status)s to %(what)s") % answered, status=resp.status_code)
                cause = failure
            if not retry or attempt >= self.retries:
                raise failure from cause
            attempt += 1
            self.pause(attempt)

    def pause(self, attempt: int) -> None:
        """Wait before try number ``attempt`` + 1 (exponential back-off)."""
        self._sleep(self.backoff * 2 ** (attempt - 1))

    @property
    def _host(self) -> str:
        return urlsplit(self.base).netloc

    def _fail(self, resp: httpx.Response, what: str) -> SyncServerError:
        detail = " ".join(resp.text.split())[:120] if resp.text else ""
        if resp.status_code in (401, 403):
            return SyncAuthError(
                _(
                    "the sync server %(host)s refused the user name or password of %(user)s "
                    "(check the API password in the server's settings)"
                )
                % {"host": self._host, "user": repr(self.user)},
                status=resp.status_code,
            )
        answered = {"host": self._host, "status": resp.status_code, "what": _(what)}
        return SyncServerError(
            _("the sync server %(host)s answered %(status)s to %(what)s") % answered + (f": {detail}" if detail else ""),
            status=resp.status_code,
        )

    def _json(self, resp: httpx.Response, what: str) -> Any:
        try:
            return resp.json()
        except ValueError as err:
            sent = {"host": self._host, "what": _(what)}
            raise SyncServerError(_("the sync server %(host)s sent something that is not JSON for %(what)s") % sent) from err

    def _get(self, path: str, params: Sequence[tuple[str, str | int]] = ()) -> Any:
        self._ensure_login()
        full: list[tuple[str, str | int]] = [*params, ("output", "json")]
        resp = self._send("GET", f"{API}/{path}", params=full)
        if resp.status_code == 401:  # an expired session: log in again, once
            self._auth = None
            self._ensure_login()
            resp = self._send("GET", f"{API}/{path}", params=full)
        if resp.status_code >= 400:
            raise self._fail(resp, path)
        return self._json(resp, path)

    def _post(
        self, path: str, fields: Sequence[tuple[str, str]], *, want_json: bool = False, retry: bool = True
    ) -> Any:
        self._ensure_login()
        for fresh in (False, True):
            if fresh:  # a stale T (FreshRSS answers 401 with Google-Bad-Token) or an expired login
                self._auth = None
                self._post_token = None
                self._ensure_login()
            token = self._token()
            resp = self._send("POST", f"{API}/{path}", data=[*fields, ("T", token), ("output", "json")], retry=retry)
            if resp.status_code != 401:
                break
        if resp.status_code >= 400:
            raise self._fail(resp, path)
        return self._json(resp, path) if want_json else resp.text

    # --- session -------------------------------------------------------------------------------

    def _ensure_login(self) -> None:
        if self._auth is None:
            self.login()

    def login(self) -> None:
        """Log in (ClientLogin). Raises SyncAuthError for a wrong user name or password."""
        resp = self._send(
            "POST", "accounts/ClientLogin", data=[("Email", self.user), ("Passwd", self._password)], auth=False
        )
        if resp.status_code >= 400:
            raise self._fail(resp, N_("the login"))
        for line in resp.text.splitlines():
            key, _equals, value = line.partition("=")
            if key.strip() == "Auth" and value.strip():
                self._auth = value.strip()
                return
        raise SyncServerError(
            _("the sync server %(host)s did not send a login token (is this a Google Reader API address?)") % {"host": self._host}
        )

    def _token(self) -> str:
        if self._post_token is None:
            resp = self._send("GET", f"{API}/token")
            if resp.status_code >= 400:
                raise self._fail(resp, "token")
            self._post_token = resp.text.strip()
        return self._post_token

    def user_info(self) -> dict[str, Any]:
        found = self._get("user-info")
        return found if isinstance(found, dict) else {}

    # --- reading ------------------------------------------------------------------------------------

    def labels(self) -> list[str]:
        """The account's category names (``tag/list``, labels only)."""
        found = self._get("tag/list")
        names: list[str] = []
        for tag in found.get("tags", []) if isinstance(found, dict) else []:
            name = label_name(str(tag.get("id", ""))) if isinstance(tag, dict) else None
            if name:
                names.append(name)
        return names

    def subscriptions(self) -> list[Subscription]:
        found = self._get("subscription/list")
        subs: list[Subscription] = []
        for s in found.get("subscriptions", []) if isinstance(found, dict) else []:
            if not isinstance(s, dict) or not s.get("id"):
                continue
            labels = []
            for cat in s.get("categories") or []:
                name = label_name(str(cat.get("id", ""))) if isinstance(cat, dict) else None
                if name is None and isinstance(cat, dict) and cat.get("label"):
                    name = str(cat["label"])
                if name:
                    labels.append(name)
            stream_id = str(s["id"])
            subs.append(Subscription(
                stream_id=stream_id,
                title=str(s.get("title") or ""),
                url=str(s.get("url") or stream_id.removeprefix("feed/")),
                site_url=str(s["htmlUrl"]) if s.get("htmlUrl") else None,
                labels=tuple(labels),
            ))
        return subs

    def item_ids(
        self, stream: str, *, exclude: str | None = None, since: float | None = None, page: int = IDS_PAGE
    ) -> list[str]:
        """Every item id of ``stream`` (canonical form), following continuations, ``page`` at a time."""
        ids: list[str] = []
        seen: set[str] = set()
        continuation: str | None = None
        while True:
            params: list[tuple[str, str | int]] = [("s", stream), ("n", page)]
            if exclude:
                params.append(("xt", exclude))
            if since is not None:
                params.append(("ot", int(since)))
            if continuation:
                params.append(("c", continuation))
            found = self._get("stream/items/ids", params)
            refs = found.get("itemRefs") or [] if isinstance(found, dict) else []
            for ref in refs:
                try:
                    canonical = item_id(ref["id"])
                except (KeyError, TypeError, ValueError):
                    continue
                if canonical not in seen:
                    seen.add(canonical)
                    ids.append(canonical)
            nxt = found.get("continuation") if isinstance(found, dict) else None
            if not refs or nxt in (None, "", 0, "0") or str(nxt) == continuation:
                return ids
            continuation = str(nxt)

    def items(self, ids: Sequence[str], *, batch: int = CONTENTS_BATCH) -> list[Item]:
        """The contents of ``ids``, ``batch`` per call. Ids the server no longer has are left out."""
        out: list[Item] = []
        for start in range(0, len(ids), batch):
            chunk = ids[start : start + batch]
            try:
                found = self._post("stream/items/contents", [("i", long_item_id(i)) for i in chunk], want_json=True)
            except SyncServerError as err:
                if err.status in (400, 404):  # Miniflux: 400 when none of the ids exists any more
                    continue
                raise
            for raw in found.get("items", []) if isinstance(found, dict) else []:
                parsed = _item(raw)
                if parsed is not None:
                    out.append(parsed)
        return out

    # --- writing ------------------------------------------------------------------------------

    def edit_tag(self, ids: Sequence[str], *, add: str | None = None, remove: str | None = None) -> None:
        """Add or remove a state (``READ``, ``STARRED``) on ``ids``, ``EDIT_BATCH`` per call."""
        for start in range(0, len(ids), EDIT_BATCH):
            fields = [("i", long_item_id(i)) for i in ids[start : start + EDIT_BATCH]]
            if add:
                fields.append(("a", add))
            if remove:
                fields.append(("r", remove))
            self._post("edit-tag", fields, retry=False)

    def subscribe(self, url: str, *, title: str | None = None, label: str | None = None) -> None:
        fields = [("ac", "subscribe"), ("s", f"feed/{url}")]
        if title:
            fields.append(("t", title))
        if label:
            fields.append(("a", label_stream(label)))
        self._post("subscription/edit", fields, retry=False)

    def unsubscribe(self, stream_id: str) -> None:
        self._post("subscription/edit", [("ac", "unsubscribe"), ("s", stream_id)], retry=False)

    def rename_label(self, old: str, new: str) -> None:
        """Rename a category (``rename-tag``); its feeds keep it under the new name."""
        self._post("rename-tag", [("s", label_stream(old)), ("dest", label_stream(new))], retry=False)

    def delete_label(self, name: str) -> None:
        """Delete a category (``disable-tag``). Empty it first: what a server does with its feeds varies."""
        self._post("disable-tag", [("s", label_stream(name))], retry=False)

    def edit_subscription(
        self, stream_id: str, *, title: str | None = None, add_label: str | None = None, remove_label: str | None = None
    ) -> None:
        fields = [("ac", "edit"), ("s", stream_id)]
        if title:
            fields.append(("t", title))
        if add_label:
            fields.append(("a", label_stream(add_label)))
        if remove_label:
            fields.append(("r", label_stream(remove_label)))
        self._post("subscription/edit", fields, retry=False)


def _first_href(value: Any) -> str | None:
    if isinstance(value, list):
        for link in value:
            if isinstance(link, dict) and link.get("href"):
                return str(link["href"])
    return None


def _seconds(raw: Any, scale: float = 1.0) -> float | None:
    try:
        value = float(raw) / scale
    except (TypeError, ValueError):
        return None
    return value if value > 0 else None


def _item(raw: Any) -> Item | None:
    if not isinstance(raw, dict):
        return None
    try:
        canonical = item_id(raw["id"])
    except (KeyError, TypeError, ValueError):
        return None
    states = {state_name(str(c)) for c in raw.get("categories") or []}
    labels = tuple(n for n in (label_name(str(c)) for c in raw.get("categories") or []) if n)
    body = raw.get("content") if isinstance(raw.get("content"), dict) else raw.get("summary")
    html = str(body.get("content") or "") if isinstance(body, dict) else ""
    origin = raw.get("origin")
    if not isinstance(origin, dict):
        origin = {}
    published = _seconds(raw.get("published"))
    if published is None:
        published = _seconds(raw.get("timestampUsec"), 1e6)
    enclosures: list[tuple[str, str | None]] = []
    for enc in raw.get("enclosure") or []:
        href = (enc.get("href") or enc.get("url")) if isinstance(enc, dict) else None  # Miniflux says "url"
        if href:
            enclosures.append((str(href), str(enc["type"]) if enc.get("type") else None))
    return Item(
        item_id=canonical,
        stream_id=str(origin.get("streamId") or ""),
        title=str(raw.get("title") or ""),
        url=_first_href(raw.get("canonical")) or _first_href(raw.get("alternate")),
        author=str(raw["author"]) if raw.get("author") else None,
        published=published,
        updated=_seconds(raw.get("updated")),
        html=html,
        read="read" in states,
        starred="starred" in states,
        labels=labels,
        enclosures=tuple(enclosures),
    )


def chunked(values: Iterable[str], size: int) -> list[list[str]]:
    out: list[list[str]] = []
    for value in values:
        if not out or len(out[-1]) >= size:
            out.append([])
        out[-1].append(value)
    return out


__all__ = [
    "READ",
    "READING_LIST",
    "STARRED",
    "GReaderClient",
    "Item",
    "Subscription",
    "SyncAuthError",
    "SyncServerError",
    "api_base",
    "chunked",
    "item_id",
    "label_name",
    "long_item_id",
]
