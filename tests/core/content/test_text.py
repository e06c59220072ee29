"""Plain text from HTML, and HTML from plain-text bodies."""

from __future__ import annotations

import re

from reader.core.content.pipeline import prepare, render
from reader.core.content.text import plain_text
from tests.core.content.samples import DATA, assert_safe, headlines, related_links

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
