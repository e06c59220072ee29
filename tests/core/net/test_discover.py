"""Feed and icon discovery: pure page parsing, then against a server on 127.0.0.1."""

from __future__ import annotations

import json
import struct
import zlib

import pytest

from reader.core.errors import FetchError, UnsafeURLError
from reader.core.net.discover import (
    COMMON_PATHS,
    FoundFeed,
    discover,
    fetch_icon,
    find_feed_anchors,
    find_feed_links,
    find_icon_url,
    looks_like_feed,
    looks_like_html,
    sniff_image,
)
from reader.core.net.fetch import Fetcher, FetchLimits
from tests.servers import Response

RSS = b"<?xml version='1.0' encoding='utf-8'?>\n<rss version='2.0'><channel><title>News</title></channel></rss>"
ATOM = b"<?xml version='1.0'?><!-- generated --><feed xmlns='http://www.w3.org/2005/Atom'><title>A</title></feed>"
RDF = b"<?xml version='1.0'?><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' xmlns='http://purl.org/rss/1.0/'></rdf:RDF>"
JSONFEED = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": []}).encode()

PAGE = """<!doctype html>
<html><head>
<title>A site</title>
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/rss+xml" title="Main feed" href="/feed/">
<link rel="alternate" type="application/json" title="API" href="https://example.org/wp-json/wp/v2/pages/2">
<link rel="alternate" type="application/atom+xml" href="atom.xml">
<link rel="Alternate" type="application/feed+json; charset=utf-8" title="JSON" href="//cdn.example.org/feed.json">
<link rel="alternate" type="application/rss+xml" title="Dup" href="https://example.org/feed/#top">
<link rel="alternate" hreflang="fr" href="/fr/">
<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
<link rel="icon" type="image/svg+xml" href="/icon.svg">
<link rel="shortcut icon" href="/static/fav.png">
</head><body><p>Hello</p>
<link rel="alternate" type="application/rdf+xml" href="/index.rdf">
</body></html>"""


def _png(width: int = 1, height: int = 1) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + b"\x00" * width)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


ICO = b"\x00\x00\x01\x00\x01\x00\x10\x10\x00\x00\x01\x00\x20\x00" + b"\x00" * 64


@pytest.fixture
def fetcher():
    f = Fetcher(FetchLimits(read_timeout=2, deadline=5))
    yield f
    f.close()


# --- pure parsing -------------------------------------------------------------


def test_link_rel_alternate_feeds_in_order_absolute_and_deduped():
    found = find_feed_links(PAGE, "https://example.org/blog/post.html")
    assert found == [
        FoundFeed("https://example.org/feed/", "Main feed", "rss"),
        FoundFeed("https://example.org/blog/atom.xml", None, "atom"),
        FoundFeed("https://cdn.example.org/feed.json", "JSON", "json"),
        FoundFeed("https://example.org/index.rdf", None, "rdf"),
    ]


def test_link_rel_from_bytes_and_base_href():
    html = b"<html><head><base href='https://other.example/sub/'><link rel='alternate' type='application/atom+xml' href='a.xml' title='Caf\xc3\xa9'></head></html>"
    assert find_feed_links(html, "https://example.org/") == [FoundFeed("https://other.example/sub/a.xml", "Café", "atom")]


def test_weak_json_type_kept_but_ranked_last():
    html = """<link rel="alternate" type="application/json" href="/feed.json">
    <link rel="alternate" type="application/rss+xml" href="/rss">"""
    urls = [f.url for f in find_feed_links(html, "http://x.example/")]
    assert urls == ["http://x.example/rss", "http://x.example/feed.json"]


@pytest.mark.parametrize("html", ["", "   ", b"", "<p>no links</p>", b"\x00\xff\xfe garbage", "<?xml version='1.0' encoding='utf-8'?><html/>"])
def test_pages_without_feeds(html):
    assert find_feed_links(html, "http://x.example/") == []


def test_anchor_fallback():
    html = '<a href="/about">About</a><a href="/feed/">RSS</a><a href="https://feeds.example.com/site">Sub</a><a href="mailto:x@y">m</a>'
    assert find_feed_anchors(html, "http://x.example/") == ["http://x.example/feed/", "https://feeds.example.com/site"]


@pytest.mark.parametrize(
    ("body", "ok"),
    [
        (RSS, True),
        (ATOM, True),
        (RDF, True),
        (JSONFEED, True),
        (b"\xef\xbb\xbf" + RSS, True),
        ("<?xml version='1.0' encoding='utf-16'?><rss/>".encode("utf-16"), True),
        (b"<!DOCTYPE rss PUBLIC 'x' 'y'>\n<rss version='0.91'/>", True),
        (b"<!doctype html><html><body><rss></rss></body></html>", False),
        (b"<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'/>", False),
        (json.dumps({"version": "1.0", "items": []}).encode(), False),
        (b"{not json", False),
        (b"", False),
        (b"plain text", False),
    ],
)
def test_looks_like_feed(body, ok):
    assert looks_like_feed(body, None) is ok


def test_looks_like_html():
    assert looks_like_html(b"<!DOCTYPE html><html><head></head></html>", "text/html; charset=utf-8")
    assert looks_like_html(b"<html><body>hi", None)
    assert not looks_like_html(RSS, "text/html")  # a feed mislabelled as HTML is still a feed
    assert not looks_like_html(b"plain", "text/plain")


def test_icon_url_prefers_raster_icon_links():
    assert find_icon_url(PAGE, "https://example.org/blog/") == "https://example.org/static/fav.png"
    touch = '<link rel="apple-touch-icon" href="/touch.png"><link rel="mask-icon" href="/m.svg">'
    assert find_icon_url(touch, "https://example.org/x") == "https://example.org/touch.png"
    assert find_icon_url("<p>none</p>", "https://example.org/a/b") == "https://example.org/favicon.ico"
    assert find_icon_url(b"", "http://example.org:8080/") == "http://example.org:8080/favicon.ico"


def test_sniff_image():
    assert sniff_image(_png()) == "image/png"
    assert sniff_image(ICO) == "image/x-icon"
    assert sniff_image(b"GIF89a....") == "image/gif"
    assert sniff_image(b"\xff\xd8\xff\xe0....") == "image/jpeg"
    assert sniff_image(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "image/webp"
    assert sniff_image(b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>") is None
    assert sniff_image(b"<html>") is None


# --- against the local server -------------------------------------------------


def test_discover_page_with_links(feed_server, fetcher):
    html = """<html><head>
    <link rel="alternate" type="application/atom+xml" title="Atom" href="/atom">
    <link rel="alternate" type="application/rss+xml" title="RSS" href="rss.xml">
    </head></html>"""
    feed_server.route("/blog/", Response(body=html, content_type="text/html"))
    found = discover(fetcher, feed_server.url("/blog/"))
    assert found == [
        FoundFeed(feed_server.url("/atom"), "Atom", "atom"),
        FoundFeed(feed_server.url("/blog/rss.xml"), "RSS", "rss"),
    ]
    assert sum(feed_server.hits.values()) == 1  # links are trusted, not probed


def test_discover_relative_links_resolve_against_the_redirected_page(feed_server, fetcher):
    feed_server.route("/", Response.redirect("/home/", 302))
    feed_server.route("/home/", Response(body='<link rel="alternate" type="application/rss+xml" href="feed">', content_type="text/html"))
    assert [f.url for f in discover(fetcher, feed_server.url("/"))] == [feed_server.url("/home/feed")]


def test_discover_page_that_is_itself_a_feed(feed_server, fetcher):
    feed_server.route("/feed.xml", Response(body=RSS, content_type="text/xml"))
    assert discover(fetcher, feed_server.url("/feed.xml")) == [FoundFeed(feed_server.url("/feed.xml"), None, "rss")]


def test_discover_probes_common_paths(feed_server, fetcher):
    feed_server.route("/", Response(body="<html><head><title>No links</title></head></html>", content_type="text/html"))
    feed_server.route("/rss", Response(body="<html>not a feed</html>", content_type="text/html"))
    feed_server.route("/atom.xml", Response(body=ATOM, content_type="application/atom+xml"))
    feed_server.route("/feed.json", Response(body=JSONFEED, content_type="application/feed+json"))
    feed_server.route("/rss.xml", Response.redirect("/atom.xml", 301))  # same feed twice: kept once
    found = discover(fetcher, feed_server.url("/some/page"))  # the page 404s: still probes the site root
    assert found == [FoundFeed(feed_server.url("/atom.xml"), None, "atom"), FoundFeed(feed_server.url("/feed.json"), None, "json")]
    for path in COMMON_PATHS:
        assert feed_server.hits[path] >= 1  # every usual path was tried


def test_discover_follows_obvious_anchor_links_before_common_paths(feed_server, fetcher):
    feed_server.route("/", Response(body='<a href="/subscribe/feed">Subscribe</a>', content_type="text/html"))
    feed_server.route("/subscribe/feed", Response(body=RDF))
    found = discover(fetcher, feed_server.url("/"))
    assert found[0] == FoundFeed(feed_server.url("/subscribe/feed"), None, "rdf")


def test_discover_nothing_found(feed_server, fetcher):
    feed_server.route("/", Response(body="<html></html>", content_type="text/html"))
    assert discover(fetcher, feed_server.url("/")) == []


def test_discover_unreachable_site_raises(fetcher):
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    with pytest.raises(FetchError, match="connection refused"):
        discover(fetcher, f"http://127.0.0.1:{port}/")


def test_discover_refuses_unsafe_urls(fetcher):
    with pytest.raises(UnsafeURLError):
        discover(fetcher, "file:///etc/passwd")


def test_fetch_icon_from_link(feed_server, fetcher):
    png = _png()
    feed_server.route("/", Response(body='<link rel="icon" href="/i/site.png">', content_type="text/html"))
    feed_server.route("/i/site.png", Response(body=png, content_type="image/png"))
    assert fetch_icon(fetcher, feed_server.url("/")) == (png, "image/png")


def test_fetch_icon_falls_back_to_favicon_ico(feed_server, fetcher):
    feed_server.route("/", Response(body="<html></html>", content_type="text/html"))
    feed_server.route("/favicon.ico", Response(body=ICO, content_type="image/vnd.microsoft.icon"))
    assert fetch_icon(fetcher, feed_server.url("/")) == (ICO, "image/x-icon")


def test_fetch_icon_prefers_the_feeds_own_image(feed_server, fetcher):
    png = _png(2, 2)
    feed_server.route("/logo.png", Response(body=png))
    feed_server.route("/favicon.ico", Response(body=ICO))
    assert fetch_icon(fetcher, feed_server.url("/"), feed_server.url("/logo.png")) == (png, "image/png")
    assert feed_server.hits["/favicon.ico"] == 0


def test_fetch_icon_refuses_non_images(feed_server, fetcher):
    svg = b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"
    feed_server.route("/", Response(body='<link rel="icon" href="/evil.png">', content_type="text/html"))
    feed_server.route("/evil.png", Response(body=svg, content_type="image/png"))  # lies about its type
    feed_server.route("/favicon.ico", Response(body=b"<html>404 page</html>", content_type="text/html"))
    assert fetch_icon(fetcher, feed_server.url("/")) is None
    assert feed_server.hits["/evil.png"] == 1 and feed_server.hits["/favicon.ico"] == 1


def test_fetch_icon_too_big_is_skipped(feed_server, fetcher):
    feed_server.route("/", Response(body='<link rel="icon" href="/huge.png">', content_type="text/html"))
    feed_server.route("/huge.png", Response(body=_png() + b"\x00" * (300 * 1024)))
    feed_server.route("/favicon.ico", Response(body=ICO))
    assert fetch_icon(fetcher, feed_server.url("/")) == (ICO, "image/x-icon")


def test_icon_look_up_on_a_404_site_logs_no_warning(feed_server, fetcher, caplog):
    """Issue 12, item 22: a site page that 404s with an empty body is normal, not a decoding warning."""
    import logging

    feed_server.route("/", Response(status=404, body=b""))
    feed_server.route("/favicon.ico", Response(status=404, body=b""))
    with caplog.at_level(logging.DEBUG):
        assert fetch_icon(fetcher, feed_server.url("/")) is None
        assert find_icon_url(b"", feed_server.url("/")) == feed_server.url("/favicon.ico")
        assert find_icon_url(b"  \n", feed_server.url("/")) == feed_server.url("/favicon.ico")
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
