"""The Google Reader API client: id forms, label forms, and FreshRSS's dialect on a scripted server.

Miniflux's dialect is tested against the real server (tests/core/sync/). Here a
small server on 127.0.0.1 speaks what FreshRSS's greader.php speaks (see
docs/decisions.md): a separate 57-character POST token from /token that every
POST must carry as T (401 with ``Google-Bad-Token`` otherwise), ``user/-/label/``
ids, decimal item ids whose long form is hex, string continuations, and
"Uncategorized" as the default category.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from reader.core.errors import BylineError
from reader.core.net.greader import (
    READ,
    READING_LIST,
    STARRED,
    GReaderClient,
    SyncAuthError,
    SyncServerError,
    api_base,
    item_id,
    label_name,
    long_item_id,
)
from reader.core.sync.plan import folder_for

TOKEN = "t" * 57
AUTH = "alice/secret-auth"
ITEMS = [str(1_700_000_000_000_000 + n) for n in range(7)]  # FreshRSS: microsecond ids


def test_item_ids_in_every_form_become_one() -> None:
    assert item_id("123") == "123"
    assert item_id(123) == "123"
    assert item_id("tag:google.com,2005:reader/item/000000000000007b") == "123"
    assert item_id("tag:google.com,2005:reader/item/ffffffffffffffff") == "-1"  # Google's signed short form
    assert long_item_id("123") == "tag:google.com,2005:reader/item/000000000000007b"
    assert long_item_id("-1") == "tag:google.com,2005:reader/item/ffffffffffffffff"
    assert item_id(long_item_id(ITEMS[0])) == ITEMS[0]
    with pytest.raises(ValueError):
        item_id("tag:google.com,2005:reader/item/xyz")


def test_labels_in_both_forms() -> None:
    assert label_name("user/-/label/News") == "News"
    assert label_name("user/12/label/Tech/AI") == "Tech/AI"
    assert label_name("user/-/state/com.google/read") is None
    assert label_name("feed/3") is None


def test_default_categories_sit_under_the_account() -> None:
    assert folder_for("Home", ["All"]) == ("Home",)  # Miniflux
    assert folder_for("Home", ["Uncategorized"]) == ("Home",)  # FreshRSS (English)
    assert folder_for("Home", ["News"]) == ("Home", "News")
    assert folder_for("Home", ["A/B"]) == ("Home", "A-B")  # a folder title holds no "/"
    assert folder_for("Home", []) == ("Home",)


def test_server_addresses() -> None:
    assert api_base("https://rss.example/api/greader.php/") == "https://rss.example/api/greader.php"
    assert api_base("http://127.0.0.1:8080/reader/api/0") == "http://127.0.0.1:8080"
    with pytest.raises(BylineError):
        api_base("ftp://example")


class FreshLike:
    """A scripted server in FreshRSS's dialect, under /api/greader.php."""

    def __init__(self) -> None:
        self.read: set[str] = set()
        self.starred: set[str] = {ITEMS[1]}
        self.posts: list[dict[str, list[str]]] = []
        self.bad_token_once = False
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
                pass

            def do_GET(self) -> None:
                owner.answer(self, "GET", parse_qs(urlsplit(self.path).query))

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                owner.answer(self, "POST", parse_qs(self.rfile.read(length).decode()))

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/api/greader.php"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def send(self, h: BaseHTTPRequestHandler, status: int, body: object, *, headers: dict[str, str] | None = None) -> None:
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        h.send_response(status)
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)

    def answer(self, h: BaseHTTPRequestHandler, method: str, form: dict[str, list[str]]) -> None:
        path = urlsplit(h.path).path.removeprefix("/api/greader.php")
        if path == "/accounts/ClientLogin":
            if form.get("Email") == ["alice"] and form.get("Passwd") == ["pw"]:
                return self.send(h, 200, f"SID={AUTH}\nLSID=null\nAuth={AUTH}\n")
            return self.send(h, 401, "Error=BadAuthentication")
        if h.headers.get("Authorization") != f"GoogleLogin auth={AUTH}":
            return self.send(h, 401, "Unauthorized!", headers={"Google-Bad-Token": "true"})
        if method == "POST":
            if form.get("T") != [TOKEN] or self.bad_token_once:
                self.bad_token_once = False
                return self.send(h, 401, "Unauthorized!", headers={"Google-Bad-Token": "true"})
            self.posts.append(form)
        api = path.removeprefix("/reader/api/0")
        if api == "/token":
            return self.send(h, 200, TOKEN + "\n")
        if api == "/subscription/list":
            return self.send(h, 200, {"subscriptions": [
                {"id": "feed/1", "title": "One", "url": "https://one.example/feed",
                 "htmlUrl": "https://one.example/", "categories": [{"id": "user/-/label/Uncategorized", "label": "Uncategorized"}]},
                {"id": "feed/2", "title": "Two", "url": "https://two.example/feed",
                 "categories": [{"id": "user/-/label/News", "label": "News"}]},
            ]})
        if api == "/stream/items/ids":
            return self.item_ids(h, form)
        if api == "/stream/items/contents":
            wanted = [item_id(i) for i in form.get("i", [])]
            return self.send(h, 200, {"items": [self.item(i) for i in wanted if i in ITEMS]})
        if api == "/edit-tag":
            ids = [item_id(i) for i in form["i"]]
            for tag, on in [(t, True) for t in form.get("a", [])] + [(t, False) for t in form.get("r", [])]:
                target = self.read if tag == READ else self.starred
                (target.update if on else target.difference_update)(ids)
            return self.send(h, 200, "OK")
        return self.send(h, 404, "Not found")

    def item_ids(self, h: BaseHTTPRequestHandler, q: dict[str, list[str]]) -> None:
        stream = q["s"][0]
        ids = sorted(self.starred) if stream == STARRED else list(ITEMS)
        if q.get("xt") == [READ]:
            ids = [i for i in ids if i not in self.read]
        ids.sort(reverse=True)
        start = q.get("c", [""])[0]
        if start:
            ids = [i for i in ids if i <= start]
        page = int(q.get("n", ["20"])[0])
        body: dict[str, object] = {"itemRefs": [{"id": i} for i in ids[:page]]}
        if len(ids) > page:
            body["continuation"] = ids[page]  # FreshRSS: the next entry's id, as a string
        self.send(h, 200, body)

    def item(self, i: str) -> dict[str, object]:
        cats = ["user/-/state/com.google/reading-list", "user/-/label/News"]
        cats += ["user/-/state/com.google/read"] if i in self.read else []
        cats += ["user/-/state/com.google/starred"] if i in self.starred else []
        return {
            "id": long_item_id(i), "title": f"Item {i}", "published": 1_700_000_000, "categories": cats,
            "alternate": [{"href": f"https://two.example/{i}"}], "origin": {"streamId": "feed/2"},
            "summary": {"content": "<p>hello</p>"}, "enclosure": [{"href": "https://two.example/a.mp3", "type": "audio/mpeg"}],
        }


@pytest.fixture
def fresh() -> Iterator[FreshLike]:
    server = FreshLike()
    yield server
    server.close()


def test_freshrss_dialect(fresh: FreshLike) -> None:
    with GReaderClient(fresh.url, "alice", "pw", backoff=0.0) as client:
        subs = client.subscriptions()
        assert [(s.stream_id, s.labels) for s in subs] == [("feed/1", ("Uncategorized",)), ("feed/2", ("News",))]
        assert subs[0].site_url == "https://one.example/"

        ids = client.item_ids(READING_LIST, page=3)  # three pages with string continuations
        assert sorted(ids) == ITEMS
        assert client.requests["stream/items/ids"] == 3
        assert client.item_ids(STARRED) == [ITEMS[1]]

        items = client.items(ids, batch=4)
        assert client.requests["stream/items/contents"] == 2
        assert sorted(i.item_id for i in items) == ITEMS  # long hex ids back to FreshRSS's decimal ones
        starred = next(i for i in items if i.item_id == ITEMS[1])
        assert starred.starred and not starred.read and starred.labels == ("News",)
        assert starred.enclosures == (("https://two.example/a.mp3", "audio/mpeg"),)
        assert starred.url == f"https://two.example/{ITEMS[1]}" and starred.stream_id == "feed/2"

        client.edit_tag(ITEMS[:2], add=READ)
        assert fresh.read == set(ITEMS[:2])
        assert fresh.posts[-1]["T"] == [TOKEN]  # the /token token, not the login's
        assert fresh.posts[-1]["i"][0].startswith("tag:google.com,2005:reader/item/")
        assert client.item_ids(READING_LIST, exclude=READ) == sorted(ITEMS[2:], reverse=True)

        fresh.bad_token_once = True  # a stale T: one fresh token, and the call goes through
        client.edit_tag([ITEMS[3]], add=STARRED)
        assert ITEMS[3] in fresh.starred


def test_a_wrong_password_is_one_clear_error(fresh: FreshLike) -> None:
    with GReaderClient(fresh.url, "alice", "nope") as client:
        with pytest.raises(SyncAuthError, match="refused the user name or password of 'alice'"):
            client.subscriptions()
        assert dict(client.requests) == {"accounts/ClientLogin": 1}


def test_an_address_that_is_not_an_api_says_so(fresh: FreshLike) -> None:
    with GReaderClient(fresh.url + "/nowhere", "alice", "pw", retries=0) as client:
        with pytest.raises(SyncServerError):
            client.login()


def test_a_sync_server_is_reached_through_the_preferred_proxy(fresh: FreshLike) -> None:
    """The Preferences proxy carries sync too (tests/proxies.py records it); the loopback guard covers the proxy."""
    from reader.core.net.proxy import ProxyPolicy, ProxyServer
    from reader.core.secrets import Login
    from tests.proxies import HTTPProxy

    with HTTPProxy(login=("ann", "pr0xy")) as proxy:
        policy = ProxyPolicy.manual(ProxyServer("http", "127.0.0.1", proxy.port, Login("ann", "pr0xy")))
        with GReaderClient(fresh.url, "alice", "pw", proxies=policy) as client:
            assert [s.stream_id for s in client.subscriptions()] == ["feed/1", "feed/2"]
        assert [urlsplit(p.target).path.rsplit("/", 1)[-1] for p in proxy.seen] == ["ClientLogin", "list"]
        assert {p.user for p in proxy.seen} == {"ann"}
        with GReaderClient(fresh.url, "alice", "pw", proxies=ProxyPolicy.direct()) as client:
            client.subscriptions()
        assert len(proxy.seen) == 2
    outside = ProxyPolicy.manual(ProxyServer("http", "proxy.example.com", 3128))
    with GReaderClient(fresh.url, "alice", "pw", proxies=outside) as client, pytest.raises(BylineError, match="outside the loopback"):
        client.subscriptions()
