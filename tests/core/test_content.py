"""content.py: sanitizing, URL resolution, crumbs, the callout rule, rendering."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from lxml import etree

from reader.core.content import (
    Callout,
    Prepared,
    find_callouts,
    is_callout_text,
    normalize_headline,
    plain_text,
    prepare,
    render,
)
from reader.core.models import Rendered

DATA = Path(__file__).resolve().parents[1] / "data"

_UNSAFE_URL = re.compile(r"^\s*(?:javascript|vbscript|data|file)\s*:", re.IGNORECASE)
_FORBIDDEN_TAGS = {"script", "style", "iframe", "object", "embed", "form", "input", "button", "svg", "math"}


def assert_safe(html: str) -> None:
    """No script element, event handler, style attribute or unsafe URL, by parse and by text."""
    assert "<script" not in html.lower()
    for tag in re.findall(r"<[^>]*>", html):
        assert not re.search(r"\son[a-z]+\s*=", tag, re.IGNORECASE), tag
        assert not re.search(r"\sstyle\s*=", tag, re.IGNORECASE), tag
    if not html.strip():
        return
    root = etree.fromstring(f"<html><body>{html}</body></html>", etree.HTMLParser())
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        assert el.tag.lower() not in _FORBIDDEN_TAGS, el.tag
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), (el.tag, name)
            if name.lower() in ("href", "src", "xlink:href", "action", "background", "srcset"):
                assert not _UNSAFE_URL.match(value), (el.tag, name, value)


def related_links(html: str) -> list[tuple[str, str]]:
    """(headline, href) of every rendered related link, in order."""
    root = etree.fromstring(f"<html><body>{html}</body></html>", etree.HTMLParser())
    return [("".join(a.itertext()), a.get("href")) for a in root.iter("a") if a.get("class") == "related"]


def headlines(html: str) -> list[str]:
    return [c.headline for c in find_callouts(html)]


# --- the text rule -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "[American and Russian militaries don’t agree about much in Syria]",
        "[Harbour works to close]",
        "  [ spaced   out    headline words ]  ",
        "[Read: Why Tunisia, Arab Spring’s sole success story, suffers]",
        "[Related: Bus links to the terminal to be reviewed]",
        "[See also: New ticket machines arrive]",
        "[Trippy Tales: The History of 8 Hallucinogens]",
        "[Our Latest Forecast: Who Will Win The 2020 Democratic Primary?]",
        "[Opinion: Why the ferry needs a second pier]",
        "[On Ukraine’s front lines, U.S.-supplied equipment is falling apart]",
        "[Mr. Smith goes to Washington again]",
        "\u200b[Zero width spaces around it]\ufeff",
        "\u00a0[Harbour works to close]\u00a0",
    ],
)
def test_callout_texts(text: str) -> None:
    assert is_callout_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "he [Kerry] said",
        "The minister [Kerry] said the talks went well.",
        "[1]",
        "[12]",
        "[a]",
        "[]",
        "[ ]",
        "[[nested headline words here]]",
        "[a [b] c and more words]",
        "[one headline] [two headline words]",
        "[Updated]",
        "[Update]",
        "[Video]",
        "[PDF]",
        "[Photos]",
        "[Photos and video]",
        "[Updated with comment from police]",
        "[Note: in the test above, the eyes meant desire]",
        "[Editor's note: an earlier version misnamed the minister]",
        "[Editor’s note: an earlier version misnamed the minister]",
        "[Correction: the vote is on Tuesday, not Monday]",
        "[Disclosure: the author owns shares in the ferry company]",
        "[email protected]",
        "[email\u00a0protected]",
        "[Write to desk@example.com with tips]",
        "[Alden: Lute, did you somehow give me a triple dose of this shit!?]",
        "[Haoyu: Thank you! That is not a dish you are washing though]",
        "[Alden: That time I was]",
        "[Video call from Twenty-seven Hundred and Sixty-third General, Artona I. Connection fee waived.]",
        "[This paragraph was added after publication to explain the vote.]",
        "[This interview has been edited for length and clarity]",
        "[An earlier version of this story misstated the date]",
        "[Originally published in the Island Gazette]",
        "[Photo by Jane Doe for the Island Gazette]",
        "[Music playing in the background]",
        "[unbalanced headline words here",
        "unbalanced headline words here]",
        "[1, 2, 3]",
        "[12 34 56 78]",
        "[…]",
        "",
        "plain sentence without brackets",
    ],
)
def test_not_callout_texts(text: str) -> None:
    assert not is_callout_text(text)


# --- finding callouts in HTML --------------------------------------------------------------

H = "Harbour works to close the north pier"
URL = "https://news.example.org/2024/05/pier"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (f"<p>[{H}]</p>", Callout(H, None)),
        (f"<div>[{H}]</div>", Callout(H, None)),
        (f"<li>[{H}]</li>", Callout(H, None)),
        (f"<blockquote>[{H}]</blockquote>", Callout(H, None)),
        (f"<h3>[{H}]</h3>", Callout(H, None)),
        (f"<p>\n  [{H}]\n</p>", Callout(H, None)),
        (f'<p>[<a href="{URL}">{H}</a>]</p>', Callout(H, URL)),
        (f'<p><a href="{URL}">[{H}]</a></p>', Callout(H, URL)),
        (f'<p><strong><em>[<a href="{URL}">{H}</a>]</em></strong></p>', Callout(H, URL)),
        (f"<p><span><b><i>[{H}]</i></b></span></p>", Callout(H, None)),
        (f'<p><i> <a href="{URL}">[Read: {H}]</a> </i></p>', Callout(H, URL)),
        (f'<p>[Read: <a href="{URL}">{H}</a>]</p>', Callout(H, URL)),
        (f"<p>[Related: {H}]</p>", Callout(H, None)),
        (f"<p>[See also: {H}]</p>", Callout(H, None)),
        (f"<blockquote><p>[{H}]</p></blockquote>", Callout(H, None)),
        (f'<p>The pier dates from 1890. [<a href="{URL}">{H}</a>]</p>', Callout(H, URL)),
        (f'<p>Officials said so. <i>[<a href="{URL}">{H}</a>]</i></p>', Callout(H, URL)),
    ],
)
def test_callout_layouts(html: str, expected: Callout) -> None:
    assert find_callouts(html) == [expected]


@pytest.mark.parametrize(
    "html",
    [
        "<p>The minister [Kerry] said the talks went well.</p>",
        "<p>Ferries run daily.<sup>[1]</sup></p>",
        "<p>Ferries run daily [12].</p>",
        "<p>[]</p>",
        f"<p>[[{H}]]</p>",
        "<p>The timetable is online [PDF].</p>",
        "<p>Ferry timetable changes [Updated]</p>",
        "<p>[Note: the timetable may change again in winter]</p>",
        "<p>[Editor&rsquo;s note: an earlier version gave the wrong time.]</p>",
        "<p>[Correction: the pier closes in June, not July]</p>",
        '<p>(<strong><a href="/cdn-cgi/l/email-protection">[email&#160;protected]</a></strong>)</p>',
        "<p><span>[Alden: Lute, did you give me a triple dose of this!?]</span></p>",
        f"<p>[{H}</p>",
        # a caption sentence with a bracketed link inside is not a whole-block callout
        f'<p>Tourists flee the museum [<a href="{URL}">{H}</a>] as police arrive.</p>',
        # a bracket closing a paragraph without a link of its own stays text
        f"<p>The pier dates from 1890. [{H}]</p>",
        # a bracketed link glued to a sentence that has not ended
        f'<p>Read more about it in [<a href="{URL}">{H}</a>]</p>',
        # a block that holds other blocks is not itself a callout
        f"<div>[<p>{H}</p>]</div>",
        f'<p>[<img src="https://ok.example/a.png">{H}]</p>',
    ],
)
def test_not_callouts_in_html(html: str) -> None:
    assert find_callouts(html) == []


def test_callout_with_two_links_takes_the_one_matching_the_headline() -> None:
    html = f'<p>[<a href="https://a.example/x">Read:</a> <a href="{URL}">{H}</a>]</p>'
    assert find_callouts(html) == [Callout(H, URL)]


@pytest.mark.parametrize(
    "href",
    ["javascript:alert(1)", "data:text/html,hi", "vbscript:msgbox(1)", "/relative/path", "mailto:desk@example.com", "ftp://x.example/"],
)
def test_callout_href_only_when_safe_absolute_http(href: str) -> None:
    assert find_callouts(f'<p>[<a href="{href}">{H}</a>]</p>') == [Callout(H, None)]


def test_callouts_from_plain_text_lines() -> None:
    body = f"First paragraph line one.\nline two.\n[{H}]\nThird line.\n\n[Why autumn storms are getting stronger]"
    prepared = prepare(body, is_html=False)
    assert headlines(prepared.html) == [H, "Why autumn storms are getting stronger"]
    assert "First paragraph line one.\nline two." in prepared.text


# --- rendering: the three href kinds ------------------------------------------------------


def test_render_own_link() -> None:
    calls: list[str] = []

    def resolve(headline: str) -> int | None:
        calls.append(headline)
        return 7

    out = render(f'<p>[<a href="{URL}">{H}</a>]</p>', resolve=resolve)
    assert out.html == f'<p class="related-line"><a class="related" href="{URL}">{H}</a></p>'
    assert calls == []  # an own link needs no lookup


def test_render_resolved_to_library_article() -> None:
    out = render(f"<p>[{H}]</p>", resolve=lambda headline: 42 if headline == H else None)
    assert related_links(out.html) == [(H, "byline:article/42")]


def test_render_unresolved_goes_to_related_search() -> None:
    headline = "Fares “frozen” until 2026 & beyond?"
    out = render(f"<p>[{headline.replace('&', '&amp;')}]</p>", resolve=lambda _h: None)
    assert related_links(out.html) == [(headline, "byline:related?q=" + quote(headline, safe=""))]
    assert out.html.count('href="byline:related?q=') == 1
    assert " " not in related_links(out.html)[0][1]


def test_render_without_resolver() -> None:
    out = render(f"<p>[{H}]</p>")
    assert related_links(out.html) == [(H, "byline:related?q=" + quote(H, safe=""))]


def test_unsafe_callout_link_falls_back_and_comes_out_inert() -> None:
    html = (
        f'<p>[<a href="javascript:alert(1)" onclick="alert(2)">{H}</a>]</p>'
        '<p>[<a href="data:text/html,x">Data link wrapped in a callout</a>]</p>'
        "<p>[Callout with &lt;script&gt;alert(1)&lt;/script&gt; words]</p>"
    )
    out = render(html, resolve=lambda h: 5 if h == H else None)
    links = related_links(out.html)
    assert links[0] == (H, "byline:article/5")
    assert links[1][1].startswith("byline:related?q=")
    assert links[2][0] == "Callout with <script>alert(1)</script> words"
    assert_safe(out.html)


def test_related_line_is_its_own_block() -> None:
    out = render(f'<p>The pier dates from 1890. [<a href="{URL}">{H}</a>]</p><ul><li>[{H}]</li></ul>')
    assert out.html.startswith("<p>The pier dates from 1890.</p>")
    assert f'<p class="related-line"><a class="related" href="{URL}">{H}</a></p>' in out.html
    assert '<li><p class="related-line"><a class="related" href="byline:related?q=' in out.html
    assert "[" not in out.html and "]" not in out.html
    assert out.text.split("\n\n")[:2] == ["The pier dates from 1890.", H]


def test_render_text_and_types() -> None:
    out = render(f"<p>Before.</p><p>[{H}]</p><p>After &amp; more.</p>")
    assert isinstance(out, Rendered)
    assert out.text == f"Before.\n\n{H}\n\nAfter & more."


def test_render_empty() -> None:
    assert render("") == Rendered("", "")
    assert render("   ") == Rendered("", "")


# --- normalization -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("American and Russian militaries don’t agree", "american and russian militaries don't agree"),
        ("“Superminds” explained", '"superminds" explained'),
        ("It‘s ʼtime′", "it's 'time'"),
        ("  Spaces\n\tand   tabs  ", "spaces and tabs"),
        ("[Who will win?]", "who will win"),
        ("„Quote“ here", "quote\" here"),
        ("ÉCOLE Straße", "école strasse"),
    ],
)
def test_normalize_headline_matches(a: str, b: str) -> None:
    assert normalize_headline(a) == normalize_headline(b)


def test_normalize_headline_values() -> None:
    assert normalize_headline("  “Don’t  panic,” he said.  ") == "don't panic,\" he said"
    assert normalize_headline("") == ""
    assert normalize_headline("A-B test") == "a-b test"
    assert normalize_headline("Other") != normalize_headline("Another")


def test_resolve_by_normalized_title_matches_curly_quotes() -> None:
    titles = {normalize_headline("American and Russian militaries don't agree about much in Syria"): 11}
    out = render(
        "<p>[American and Russian militaries don’t agree about much in Syria]</p>",
        resolve=lambda headline: titles.get(normalize_headline(headline)),
    )
    assert [href for _, href in related_links(out.html)] == ["byline:article/11"]


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


# --- plain-text bodies -------------------------------------------------------------------------


def test_plain_text_to_paragraphs_with_links() -> None:
    body = (
        "First line\nsecond line of the paragraph.\r\n\r\nSee https://example.org/a?b=1&c=2. "
        "Or (https://example.org/paren). <b>not bold</b>\n\n\n\nLast."
    )
    prepared = prepare(body, is_html=False)
    assert prepared.html == (
        "<p>First line<br>second line of the paragraph.</p>\n"
        '<p>See <a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer">https://example.org/a?b=1&amp;c=2</a>. '
        'Or (<a href="https://example.org/paren" rel="noopener noreferrer">https://example.org/paren</a>). '
        "&lt;b&gt;not bold&lt;/b&gt;</p>\n<p>Last.</p>"
    )
    assert prepared.text == (
        "First line\nsecond line of the paragraph.\n\n"
        "See https://example.org/a?b=1&c=2. Or (https://example.org/paren). <b>not bold</b>\n\nLast."
    )


def test_plain_text_sample_file() -> None:
    prepared = prepare((DATA / "content_plain.txt").read_text(encoding="utf-8"), is_html=False)
    assert prepared.categories == ("Weather",)
    assert "Posted" not in prepared.html
    assert "&lt;A1&gt;" in prepared.html
    assert headlines(prepared.html) == [
        "Coast road closures: what you need to know",
        "Why autumn storms are getting stronger",
    ]
    assert 'href="https://weather.example.org/warnings/west"' in prepared.html
    assert 'href="https://council.example.gov/news"' in prepared.html
    rendered = render(prepared.html)
    assert len(related_links(rendered.html)) == 2
    assert "Power cuts are possible." in rendered.text


def test_plain_text_javascript_url_is_not_linked() -> None:
    prepared = prepare("javascript:alert(1) and http://ok.example/", is_html=False)
    assert_safe(prepared.html)
    assert prepared.html.count("<a ") == 1


# --- crumbs --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("block", "categories"),
    [
        ("Posted on Posted in World News", ("World News",)),
        ("Posted on May 14, 2024 by Harbour Desk", ()),
        ("Posted on 14 May 2024", ()),
        ("Posted on 2024-05-14 at 10:30", ()),
        ("Posted by admin", ()),
        ("Filed under Politics, Europe", ("Politics", "Europe")),
        ('Posted in <a href="/c/world">World News</a> | <a href="/c/eu">Europe</a>', ("World News", "Europe")),
        ("Tagged NATO, Kerry, Brussels", ()),
        ("Posted on June 1, 2015 by admin Leave a comment", ()),
    ],
)
def test_crumbs_are_dropped(block: str, categories: tuple[str, ...]) -> None:
    prepared = prepare(f"<p>Story text here.</p><p>{block}</p><p>More story.</p>")
    assert prepared.categories == categories
    assert prepared.text == "Story text here.\n\nMore story."


@pytest.mark.parametrize(
    "block",
    [
        "He posted in the forum that the ferry was late.",
        "Posted on Twitter, the video quickly went viral.",
        "Posted in the forum, the message warned users that the update would break everything.",
        "Tagged as a risk by regulators, the bank fell sharply on Monday after the report.",
        "Posted by a neighbour who saw the fire start. Police are investigating the cause now.",
        "Filed under seal, the documents describe the deal in detail and name the buyers.",
    ],
)
def test_sentences_with_crumb_words_are_kept(block: str) -> None:
    prepared = prepare(f"<p>{block}</p>")
    assert prepared.text == block
    assert prepared.categories == ()


def test_crumb_markup_in_spans() -> None:
    html = (
        '<div class="entry-meta"><span class="posted-on">Posted on <a href="/d"><time>March 3, 2016</time></a></span>'
        '<span class="byline"> by <a href="/a">Jane Doe</a></span></div><p>Body.</p>'
    )
    prepared = prepare(html)
    assert prepared.text == "Body."
    assert "Jane" not in prepared.html


# --- images -------------------------------------------------------------------------------------------


def test_images_false_uses_placeholders() -> None:
    html = prepare('<p>Before <img src="https://t.example/pixel.gif" alt="A &lt;b&gt; &quot;cat&quot;"> after<img src="/x.png"></p>').html
    out = render(html, images=False)
    assert "<img" not in out.html
    assert "t.example" not in out.html and "x.png" not in out.html
    root = etree.fromstring(f"<html><body>{out.html}</body></html>", etree.HTMLParser())
    spans = [s for s in root.iter("span") if s.get("class") == "image-placeholder"]
    assert ["".join(s.itertext()) for s in spans] == ['[image: A <b> "cat"]', "[image]"]
    assert "&lt;b&gt;" in out.html
    assert out.text == "Before after"


def test_images_true_keeps_images() -> None:
    out = render('<p><img src="https://x.example/a.png" alt="A"></p>')
    assert '<img src="https://x.example/a.png" alt="A">' in out.html


# --- plain_text ------------------------------------------------------------------------------------------


def test_plain_text_paragraphs() -> None:
    html = (
        "<h1>Title</h1><p>One &amp; <b>two</b>&nbsp;three<br>next line</p>"
        "<script>var hidden = 1;</script><ul><li>a</li><li>b</li></ul>"
        "<pre>line 1\n  line 2</pre><table><tr><td>c1</td><td>c2</td></tr></table>text after"
    )
    assert plain_text(html) == "Title\n\nOne & two three\nnext line\n\na\nb\n\nline 1\nline 2\n\nc1 c2\n\ntext after"
    assert plain_text("") == ""
    assert plain_text("just words") == "just words"


# --- whole samples and the seed story ------------------------------------------------------------------------


def test_story_sample() -> None:
    expected = json.loads((DATA / "content_story.expected.json").read_text(encoding="utf-8"))
    prepared = prepare((DATA / "content_story.html").read_text(encoding="utf-8"), base_url=expected["base_url"])
    assert isinstance(prepared, Prepared)
    assert prepared.categories == tuple(expected["categories"])
    assert find_callouts(prepared.html) == [Callout(h, u) for h, u in expected["callouts"]]
    for gone in expected["text_absent"]:
        assert gone not in prepared.text
    for kept in expected["text_present"]:
        assert kept in prepared.text
    for link in expected["links"]:
        assert f'"{link}"' in prepared.html
    rendered = render(prepared.html, resolve=lambda h: 3 if h.startswith("Harbour") else None)
    links = related_links(rendered.html)
    assert [h for h, _ in links] == [h for h, _ in expected["callouts"]]
    assert links[0][1] == "byline:article/3"
    assert links[-1][1] == "byline:related?q=" + quote(expected["callouts"][-1][0], safe="")
    assert_safe(rendered.html)


def test_prepare_is_stable_when_repeated() -> None:
    body = (DATA / "content_story.html").read_text(encoding="utf-8")
    once = prepare(body, base_url="https://islandnews.example.com/x/")
    twice = prepare(once.html, base_url="https://islandnews.example.com/x/")
    assert twice.html == once.html
    assert twice.text == once.text


def test_deeply_nested_markup_does_not_crash() -> None:
    body = "<div>" * 5000 + f"<p>[{H}]</p>" + "</div>" * 5000 + "<span>" * 5000 + "x"
    prepared = prepare(body)
    rendered = render(prepared.html)
    assert "x" in rendered.text
    assert_safe(rendered.html)


def _seed_item(seed_dir: Path) -> tuple[str, str]:
    """An RSS item built from the seed story: (title, content HTML with <p> paragraphs)."""
    text = next(iter(sorted(seed_dir.glob("*.txt")))).read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    title, body = paragraphs[0], paragraphs[1:]
    html = "".join(f"<p>{p.replace('&', '&amp;').replace('<', '&lt;')}</p>\n" for p in body)
    rss = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Seed</title>'
        "<link>https://seed.example/</link><item><title>{}</title><link>https://seed.example/kerry</link>"
        "<description><![CDATA[{}]]></description></item></channel></rss>"
    ).format(title, html)
    import feedparser

    feed = feedparser.parse(rss.encode("utf-8"), sanitize_html=False, resolve_relative_uris=False)
    entry = feed.entries[0]
    return entry.title, entry.summary


def test_seed_story(seed_dir: Path) -> None:
    title, body = _seed_item(seed_dir)
    assert title.startswith("Kerry in Brussels")
    prepared = prepare(body, base_url="https://seed.example/kerry")
    assert prepared.categories == ("World News",)
    assert "Posted on" not in prepared.html and "Posted on" not in prepared.text
    rendered = render(prepared.html)
    assert "Posted on" not in rendered.html
    expected = [
        "American and Russian militaries don’t agree about much in Syria",
        "On Ukraine’s front lines, U.S.-supplied equipment is falling apart",
    ]
    assert related_links(rendered.html) == [(h, "byline:related?q=" + quote(h, safe="")) for h in expected]
    assert rendered.html.count('class="related"') == 2
    assert "Secretary of State John F. Kerry came to Brussels" in rendered.text
    assert "[" not in rendered.text  # the callouts lost their brackets; nothing else had any
    library = {normalize_headline("American and Russian militaries don't agree about much in Syria"): 9}
    resolved = render(prepared.html, resolve=lambda h: library.get(normalize_headline(h)))
    assert [href for _, href in related_links(resolved.html)][0] == "byline:article/9"


def test_seed_story_as_plain_text(seed_dir: Path) -> None:
    text = next(iter(sorted(seed_dir.glob("*.txt")))).read_text(encoding="utf-8")
    prepared = prepare(text, is_html=False)
    assert prepared.categories == ("World News",)
    assert len(find_callouts(prepared.html)) == 2


def test_prepare_from_many_threads_keeps_each_base() -> None:
    from concurrent.futures import ThreadPoolExecutor

    def work(i: int) -> str:
        return prepare(f'<a href="/s/{i}">x</a><img src="p.png">', base_url=f"https://site{i}.example/d/").html

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(200)))
    for i, html in enumerate(results):
        assert f'href="https://site{i}.example/s/{i}"' in html
        assert f'src="https://site{i}.example/d/p.png"' in html


def test_figures_become_blocks_the_pane_can_lay_out() -> None:
    from reader.core.content import prepare, render

    html = prepare('<figure><img src="https://img.example.org/a.jpg" alt="Gulls"><figcaption>Gulls at dawn</figcaption></figure>').html
    out = render(html).html
    assert '<div class="figure">' in out and '<p class="figcaption">Gulls at dawn</p>' in out
    assert "<figure" not in out


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


# --- text extraction ----------------------------------------------------------------------------


def _reference_text(html: str) -> str:
    """The text rule spelled out slowly: block tags split paragraphs, <br>/<li> split lines."""
    blocks = {"p", "div", "blockquote", "pre", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6",
              "figure", "figcaption", "table", "caption", "hr", "address", "section", "article",
              "header", "footer", "aside", "main", "nav"}  # fmt: skip
    lines = {"br", "li", "dt", "dd", "tr"}
    html = re.sub(r"<pre\b.*?</pre>", lambda m: m.group(0).replace("\n", "<br>"), html, flags=re.S)

    def mark(m: re.Match[str]) -> str:
        name = m.group(1).lower()
        return "\x00P" if name in blocks else "\x00L" if name in lines else " " if name in ("td", "th") else ""

    import html as htmllib

    flat = htmllib.unescape(re.sub(r"</?([a-zA-Z0-9]*)[^>]*>", mark, html))
    paragraphs = []
    for para in flat.split("\x00P"):
        kept = [" ".join(line.split()) for line in para.split("\x00L")]
        if any(kept):
            paragraphs.append("\n".join(line for line in kept if line))
    return "\n\n".join(paragraphs)


def test_text_matches_the_slow_rule_on_varied_markup() -> None:
    import random

    rng = random.Random(7)
    pieces = ["<p>", "</p>", "<br>", "<li>", "</li>", "<ul>", "</ul>", "<b>", "</b>", "<td>", "</td>",
              "<table><tr>", "</tr></table>", "<div>", "</div>", "<pre>a\n  b\n\nc</pre>", "<h2>", "</h2>",
              " ", "  ", "\n", "\t", "\r\n", "\xa0", "&nbsp;", "\u2003", "\u3000", "&amp;", "&lt;b&gt;",
              "word", "two words", "caf\xe9", "\u201cquoted\u201d", "Posted in News", "\u200b"]  # fmt: skip
    for _ in range(400):
        html = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        clean = prepare(html).html
        assert plain_text(html) == _reference_text(clean) or prepare(html).categories, repr(html)
        assert render(clean).text == _reference_text(render(clean).html), repr(html)


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


def test_inline_small_crumb_is_dropped() -> None:
    prepared = prepare("<p>Story text here. <small>Filed under Politics, Europe</small></p><p>More.</p>")
    assert prepared.categories == ("Politics", "Europe")
    assert "Filed" not in prepared.text


def test_crumb_in_a_list_item_is_dropped() -> None:
    prepared = prepare("<ul><li>First point</li><li>Posted in World News</li></ul><p>Body.</p>")
    assert prepared.categories == ("World News",)
    assert prepared.text == "First point\n\nBody."


def test_public_names_stay_importable_from_content() -> None:
    from reader.core import callouts, content

    for name in content.__all__:
        assert getattr(content, name) is not None, name
    for name in ("Callout", "find_callouts", "is_callout_text", "normalize_headline"):
        assert getattr(content, name) is getattr(callouts, name), name
    assert set(content.__all__) >= {
        "Prepared", "Callout", "prepare", "render", "find_callouts", "is_callout_text",
        "normalize_headline", "plain_text",
    }  # fmt: skip


def test_display_sanitizer_leaves_urls_alone_while_ingest_resolves_them() -> None:
    from reader.core.sanitizer import sanitize, sanitize_for_display

    markup = '<p><a href="/x">x</a><script>bad()</script></p>'
    assert 'href="/x"' in sanitize_for_display(markup)
    assert 'href="https://site.example/x"' in sanitize(markup, "https://site.example/d/")
    assert "script" not in sanitize_for_display(markup) and "bad()" not in sanitize(markup)
