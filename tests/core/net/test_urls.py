"""Which feed URLs Byline fetches, and the reasons it gives for the rest."""

from __future__ import annotations

import pytest

from reader.core.errors import UnsafeURLError
from reader.core.net.urls import check_feed_url, is_safe_link, unwrap_feed_scheme


@pytest.mark.parametrize("url", ["https://example.org/feed", " http://example.org/rss.xml ", "HTTPS://EXAMPLE.ORG/x"])
def test_http_and_https_are_accepted(url: str) -> None:
    assert check_feed_url(url) == url.strip()


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("exec:~/bin/make-feed.sh", "runs a command"),
        ("filter:~/f.sh:https://example.org/feed", "runs a command"),
        ("|cat /etc/passwd", "piped command"),
        ("file:///etc/passwd", "local file"),
        ("data:text/xml,<rss/>", "inline data"),
        ("javascript:alert(1)", "runs script"),
        ("ftp://example.org/feed", "only http and https"),
        ("example.org/feed", "only http and https"),
        ("https:///nohost", "no host"),
        ("http://[::1", "not a valid URL"),
        ("https://exa mple.org/x", "spaces"),
        ("https://example.org/\nfeed", "control characters"),
        ("", "empty"),
    ],
)
def test_everything_else_is_refused_with_a_reason(url: str, reason: str) -> None:
    with pytest.raises(UnsafeURLError, match=reason):
        check_feed_url(url)


def test_safe_links() -> None:
    assert is_safe_link("https://example.org/a") and is_safe_link("mailto:a@example.org")
    assert not is_safe_link("javascript:alert(1)") and not is_safe_link("http://[::1") and not is_safe_link(None)


def test_feed_scheme_is_unwrapped() -> None:
    assert unwrap_feed_scheme("feed://example.org/rss") == "http://example.org/rss"
    assert unwrap_feed_scheme("feed:https://example.org/rss") == "https://example.org/rss"
    assert unwrap_feed_scheme("/home/me/feed.xml") == "/home/me/feed.xml"


def test_link_variants_cover_scheme_www_slash_fragment_and_tracking() -> None:
    from reader.core.net.urls import link_variants

    variants = link_variants("http://www.news.example/a/b/?utm_source=rss&id=7#c")
    assert variants[0] == "http://www.news.example/a/b/?utm_source=rss&id=7#c"
    assert "https://news.example/a/b?id=7" in variants
    assert "https://www.news.example/a/b/?id=7" in variants
    assert link_variants("mailto:x@example.org") == ["mailto:x@example.org"]
