"""Status lines: 401, 403, 407 and 429 say what the user can do; the others stay plain."""

from __future__ import annotations

from reader.core.net.answers import reason_phrase, status_message
from reader.core.net.proxy import ProxyServer


def test_statuses_with_advice() -> None:
    assert "Log In… in the feed's menu" in status_message(401)
    assert status_message(401, login_sent=True).startswith("the server did not accept the user name and password")
    assert "User Agent → A Web Browser’s in its menu" in status_message(403)
    assert "the proxy p.example:3128 wants a login" in status_message(407, proxy=ProxyServer("http", "p.example", 3128))
    assert "(retry after 90 s)" in status_message(429, retry_after=90.4) and "Check Every…" in status_message(429)


def test_other_statuses_keep_their_plain_message() -> None:
    assert status_message(404) == "server answered 404 Not Found"
    assert status_message(503, retry_after=30) == "server answered 503 Service Unavailable (retry after 30 s)"
    assert status_message(502, proxy=ProxyServer("http", "p.example", 3128)) == (
        "server answered 502 Bad Gateway through the proxy p.example:3128"
    )
    assert "410 Gone" in status_message(410)
    assert reason_phrase(599) == "error"
