"""The allowlist: script never survives, URLs resolve safely, controls and deep nesting are handled."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from reader.core.content.pipeline import prepare, render
from reader.core.content.text import plain_text
from tests.core.content.samples import DATA, assert_safe

# --- sanitizing ------------------------------------------------------------------------------

XSS = {
    "script": "<script>alert(1)</script><p>ok</p>",
    "script-src": '<script src="https://evil.example/x.js"></script>',
    "onerror": '<img src="x" onerror="alert(1)">',
    "onload-body": '<body onload="alert(1)"><p>x</p></body>',
    "onclick": '<p onclick="alert(1)">x</p>',
    "js-href": '<a href="javascript:alert(1)">x</a>',
    "js-case": '<a href="JaVaScRiPt:alert(1)">x</a>',
    "js-tab-entity": '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "js-newline-entity": '<a href="java&#x0A;script:alert(1)">x</a>',
    "js-decimal": '<a href="&#106;avascript:alert(1)">x</a>',
    "js-hex": '<a href="&#x6A;&#x61;vascript:alert(1)">x</a>',
    "js-space": '<a href=" javascript:alert(1)">x</a>',
    "js-control": '<a href="\x01javascript:alert(1)">x</a>',
    "js-unquoted": "<a href=javascript:alert(1)>x</a>",
    "vbscript": '<a href="vbscript:msgbox(1)">x</a>',
    "data-img": '<img src="data:image/png;base64,iVBORw0KGgo=">',
    "data-href": '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
    "file-href": '<a href="file:///etc/passwd">x</a>',
    "svg": "<svg onload=alert(1)><a xlink:href=javascript:alert(1)><text>x</text></a></svg>",
    "svg-script": "<svg><script>alert(1)</script></svg>",
    "math": '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>',
    "style-attr": '<p style="background:url(javascript:alert(1))">x</p>',
    "style-element": "<style>@import 'https://evil.example/x.css';</style><p>x</p>",
    "iframe": '<iframe src="javascript:alert(1)"></iframe>',
    "iframe-srcdoc": '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    "object": '<object data="javascript:alert(1)"></object>',
    "embed": '<embed src="javascript:alert(1)">',
    "form": '<form action="javascript:alert(1)"><input onfocus="alert(1)" autofocus><button>b</button></form>',
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "base": '<base href="javascript:alert(1)//"><a href="x">x</a>',
    "noscript": '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "comment": "<!--<script>alert(1)</script>--><p>x</p>",
    "cdata": "<![CDATA[<script>alert(1)</script>]]>",
    "srcset": '<img src="https://ok.example/a.png" srcset="javascript:alert(1) 1x">',
    "mutation": "<p><svg><style><img src=x onerror=alert(1)></style></svg></p>",
    "table-background": '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    "callout-js": '<p>[<a href="javascript:alert(1)">Unsafe link in a callout here</a>]</p>',
}


@pytest.mark.parametrize("payload", list(XSS.values()), ids=list(XSS))
def test_xss_payloads_are_inert(payload: str) -> None:
    prepared = prepare(payload, base_url="https://example.com/a/")
    assert_safe(prepared.html)
    for tag in re.findall(r"<[^>]*>", prepared.html):
        assert "alert" not in tag, tag  # no payload survives in any attribute
    for images in (True, False):
        rendered = render(prepared.html, images=images)
        assert_safe(rendered.html)
        raw = render(payload, images=images)  # render is safe on unprepared input too
        assert_safe(raw.html)


def test_hostile_sample_file() -> None:
    body = (DATA / "content_hostile.html").read_text(encoding="utf-8")
    prepared = prepare(body, base_url="https://example.com/")
    assert_safe(prepared.html)
    for images in (True, False):
        assert_safe(render(prepared.html, images=images).html)
    assert "Click me" in prepared.text and "cell" in prepared.text
    assert "alert" not in prepared.text.replace("<script>alert(1)</script>", "")
    assert "https://ok.example/" in prepared.html  # safe links survive, without the handler


def test_allowlist_keeps_article_markup() -> None:
    html = (
        '<h2 title="t">Head</h2><p><em>e</em> <strong>s</strong> <a href="https://x.example/">l</a><br>'
        "<sub>1</sub><sup>2</sup> <abbr title=\"NATO\">NATO</abbr> <mark>m</mark> <small>s</small>"
        ' <del datetime="2024-01-01">d</del> <ins>i</ins> <time datetime="2024-05-14">May 14</time></p>'
        "<blockquote><q>q</q> <cite>c</cite></blockquote><pre><code>x = 1\ny = 2</code></pre>"
        '<ul><li>a</li></ul><ol><li>b</li></ol><dl><dt>t</dt><dd>d</dd></dl><hr>'
        '<figure><img src="https://x.example/a.png" alt="A" width="10" height="20"><figcaption>F</figcaption></figure>'
        '<table><caption>C</caption><thead><tr><th colspan="2">h</th></tr></thead>'
        '<tbody><tr><td rowspan="2">1</td><td>2</td></tr></tbody></table>'
    )
    out = prepare(html).html
    for piece in (
        "<h2", "<em>", "<strong>", 'href="https://x.example/"', "<br>", "<sub>", "<sup>", "<abbr",
        "<mark>", "<small>", 'datetime="2024-05-14"', "<blockquote>", "<q>", "<cite>", "<pre><code>",
        "<ul>", "<ol>", "<dl>", "<dt>", "<dd>", "<hr>", "<figure>", 'alt="A"', 'width="10"',
        "<figcaption>", "<caption>", 'colspan="2"', 'rowspan="2"',
    ):  # fmt: skip
        assert piece in out, piece
    assert "class=" not in prepare('<p class="related">x</p>').html  # nobody can fake a related link


def test_links_get_rel() -> None:
    assert 'rel="noopener noreferrer"' in prepare('<a href="https://x.example/">x</a>').html


# --- relative URLs -----------------------------------------------------------------------------

BASE = "https://news.example.com/world/2024/story.html?ref=rss"


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<a href="/about">x</a>', "https://news.example.com/about"),
        ('<a href="other.html">x</a>', "https://news.example.com/world/2024/other.html"),
        ('<a href="../index.html">x</a>', "https://news.example.com/world/index.html"),
        ('<a href="/a/./b/../c">x</a>', "https://news.example.com/a/c"),
        ('<a href="?page=2">x</a>', "https://news.example.com/world/2024/story.html?page=2"),
        ('<a href="#section">x</a>', "https://news.example.com/world/2024/story.html?ref=rss#section"),
        ('<a href="//cdn.example.net/x">x</a>', "https://cdn.example.net/x"),
        ('<img src="img/photo.jpg">', "https://news.example.com/world/2024/img/photo.jpg"),
        ('<img src="/img/a b.jpg">', "https://news.example.com/img/a b.jpg"),
        ('<a href="https://other.example/x">x</a>', "https://other.example/x"),
        ('<a href="mailto:desk@example.com">x</a>', "mailto:desk@example.com"),
        ('<a href="/q?a=1&amp;b=2">x</a>', "https://news.example.com/q?a=1&b=2"),
    ],
)
def test_relative_urls_resolve_against_base(markup: str, expected: str) -> None:
    html = prepare(markup, base_url=BASE).html
    root = etree.fromstring(f"<html><body>{html}</body></html>", etree.HTMLParser())
    values = [el.get("href") or el.get("src") for el in root.iter("a", "img")]
    assert values == [expected]


def test_protocol_relative_follows_an_http_base() -> None:
    html = prepare('<img src="//cdn.example.net/x.png">', base_url="http://plain.example/").html
    assert 'src="http://cdn.example.net/x.png"' in html


def test_without_base_relative_urls_stay_relative_and_harmless() -> None:
    assert 'href="/about"' in prepare('<a href="/about">x</a>').html
    assert 'src="https://cdn.example.net/x.png"' in prepare('<img src="//cdn.example.net/x.png">').html


@pytest.mark.parametrize("base", ["file:///home/user/feed.xml", "javascript:alert(1)//", "data:text/html,x", "not a url"])
def test_unsafe_base_is_not_used(base: str) -> None:
    html = prepare('<a href="/about">x</a><img src="a.png">', base_url=base).html
    assert_safe(html)
    assert "file:" not in html and "javascript:" not in html


def test_mailto_is_not_an_image_source() -> None:
    assert "mailto" not in prepare('<img src="mailto:x@example.com">').html


# --- control characters ---------------------------------------------------------------------


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@pytest.mark.parametrize(
    "body",
    [
        "<p>before\x1b]0;pwned\x07\x1b[2Jafter\x00</p>",
        "<p>before&#27;[2J&#x1B;]0;x&#7;after</p>",
        "<p>c1 \x9b31m and \x85 next\x7f line</p>",
        '<p title="\x1b[31m">t</p><img alt="a&#27;b" src="https://ok.example/i.png">',
        "plain\x1b[31m text\x00 with escapes",
    ],
)
def test_control_characters_never_survive(body: str) -> None:
    for is_html in (True, False):
        prepared = prepare(body, is_html=is_html, base_url="https://ok.example/")
        assert not _CONTROL.search(prepared.html), prepared.html
        assert not _CONTROL.search(prepared.text), prepared.text
        rendered = render(prepared.html)
        assert not _CONTROL.search(rendered.html) and not _CONTROL.search(rendered.text)
        raw = render(body)  # render alone is safe on raw input too
        assert not _CONTROL.search(raw.html) and not _CONTROL.search(raw.text)
        assert not _CONTROL.search(plain_text(body))
    assert prepare(body).text.split()[0] in ("before]0;pwned[2Jafter", "before[2J]0;xafter", "c1", "t", "plain[31m")


@pytest.mark.parametrize("ref", ["\x1b", "&#27;", "&#x1b;", "\x00", "\x08"])
def test_removing_a_control_character_never_makes_a_live_url(ref: str) -> None:
    for base in (None, "https://ok.example/d/"):
        for body in (f'<a href="java{ref}script:alert(1)">x</a>', f'<img src="java{ref}script:alert(1)">'):
            html = prepare(body, base_url=base).html
            assert_safe(html)
            assert "javascript" not in html.replace("ok.example/d/javascript", "")
            assert_safe(render(body).html)


def test_tabs_and_newlines_are_not_controls() -> None:
    prepared = prepare("<pre>a\tb\nc</pre>")
    assert prepared.text == "a b\nc"


def test_lone_surrogates_do_not_crash() -> None:
    prepared = prepare("<p>broken \ud800 json escape</p>")
    assert prepared.text == "broken \ufffd json escape"
    assert "broken" in render("<p>x\udfff</p><p>broken</p>").text


# --- nesting depth ----------------------------------------------------------------------------


def _depth(html: str) -> int:
    root = etree.fromstring(f"<html><body>{html}</body></html>", etree.HTMLParser(huge_tree=True))
    best = 0
    for el in root.iter():
        best = max(best, sum(1 for _ in el.iterancestors()))
    return best


# Shapes html5ever nests ever deeper; each must be capped (and so stay linear).
DEEP_SHAPES = [
    "<div>",
    "<span>",
    "<b>",
    "<div/>",
    "<span><div></span>",
    "<li><ul></li>",
    "<b><div></b>",
    "<p><table><td>",
    '<div title="<br>">',
    "<svg><div>",
    "<i></x>",
    "<q><blockquote></q>",
]


@pytest.mark.parametrize("shape", DEEP_SHAPES)
def test_deep_shapes_are_capped_in_linear_time(shape: str) -> None:
    import time

    body = shape * 20000 + "deep words"
    started = time.process_time()
    prepared = prepare(body, base_url="https://ok.example/")
    rendered = render(prepared.html)
    spent = time.process_time() - started
    assert spent < 3, f"{shape!r} * 20000 took {spent:.1f} s"
    assert "deep words" in prepared.text and "deep words" in rendered.text
    assert _depth(prepared.html) <= 450
    assert_safe(rendered.html)


def test_moderate_nesting_is_kept_as_is() -> None:
    body = "<div>" * 150 + "<p>inner</p>" + "</div>" * 150 + "<p>after</p>" * 300
    prepared = prepare(body)
    assert prepared.html.count("<div>") == 150
    assert prepared.html.count("<p>") == 301
    assert prepared.text == "inner\n\n" + "\n\n".join(["after"] * 300)


def test_long_flat_bodies_keep_all_their_markup() -> None:
    body = "".join(f"<p>Para {i} <b>bold</b> <a href='https://ok.example/{i}'>link</a><br>line</p>" for i in range(400))
    body += "<ul>" + "<li>item" * 300 + "</ul>"  # unclosed list items close each other
    prepared = prepare(body)
    assert prepared.html.count("<p>") == 400
    assert prepared.html.count("<b>") == 400
    assert prepared.html.count("<li>") == 300
    assert _depth(prepared.html) < 10


# --- URLs: the fast path and the resolving path agree ---------------------------------------------


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<a href="https://a.example/x">x</a><img src="/i.png">', ['href="https://a.example/x"', 'src="https://site.example/i.png"']),
        ('<img src="https://a.example/i.png"><a href="rel/y">y</a>', ['src="https://a.example/i.png"', 'href="https://site.example/d/rel/y"']),
        ('<a href="//cdn.example/z">z</a>', ['href="https://cdn.example/z"']),
        ('<a href="https://a.example/x ">x</a>', ['href="https://a.example/x"']),
        ('<a href=" https://a.example/x">x</a>', ['href="https://a.example/x"']),
        ('<a href="HTTPS://a.example/x">x</a>', ['href="HTTPS://a.example/x"']),
        ('<p>text with href="relative" in it</p><a href="https://a.example/">a</a>', ['href="https://a.example/"']),
    ],
)
def test_absolute_and_relative_urls_mixed(markup: str, expected: list[str]) -> None:
    html = prepare(markup, base_url="https://site.example/d/page.html").html
    for want in expected:
        assert want in html, html


def test_mailto_image_source_is_dropped_next_to_absolute_urls() -> None:
    html = prepare('<a href="https://a.example/">a</a><img src="mailto:x@example.com" alt="m">').html
    assert "mailto" not in html and 'href="https://a.example/"' in html


def test_display_sanitizer_leaves_urls_alone_while_ingest_resolves_them() -> None:
    from reader.core.content.sanitizer import sanitize, sanitize_for_display

    markup = '<p><a href="/x">x</a><script>bad()</script></p>'
    assert 'href="/x"' in sanitize_for_display(markup)
    assert 'href="https://site.example/x"' in sanitize(markup, "https://site.example/d/")
    assert "script" not in sanitize_for_display(markup) and "bad()" not in sanitize(markup)
