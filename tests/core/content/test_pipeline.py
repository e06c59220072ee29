"""prepare and render: the three href kinds, image placeholders, whole samples and the seed story."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

from lxml import etree

from reader.core.content.callouts import Callout, find_callouts, normalize_headline
from reader.core.content.pipeline import Prepared, prepare, render
from reader.core.models import ArticleImage, Rendered
from tests.core.content.samples import DATA, URL, H, assert_safe, related_links

# --- rendering: the three href kinds ------------------------------------------------------


def boxed(href: str, headline: str) -> str:
    """A callout as render emits it: the pane's box around the related line."""
    return (
        '<table class="related-box" width="100%" cellspacing="0" cellpadding="0"><tr>'
        '<td class="related-bar" width="3"></td><td class="related-cell">'
        f'<p class="related-line"><span class="related-label">Related</span><br><a class="related" href="{href}">{headline}</a></p>'
        "</td></tr></table>"
    )


def test_render_own_link() -> None:
    calls: list[str] = []

    def resolve(headline: str) -> int | None:
        calls.append(headline)
        return 7

    out = render(f'<p>[<a href="{URL}">{H}</a>]</p>', resolve=resolve)
    assert out.html == boxed(URL, H)
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
    assert out.html.startswith("<p>The pier dates from 1890.</p>" + boxed(URL, H))
    assert f"<li>{boxed('byline:related?q=' + quote(H, safe=''), H)}</li>" in out.html
    assert "[" not in out.html and "]" not in out.html
    assert out.text.split("\n\n")[:2] == ["The pier dates from 1890.", H]


def test_render_text_and_types() -> None:
    out = render(f"<p>Before.</p><p>[{H}]</p><p>After &amp; more.</p>")
    assert isinstance(out, Rendered)
    assert out.text == f"Before.\n\n{H}\n\nAfter & more."


def test_render_empty() -> None:
    assert render("") == Rendered("", "")
    assert render("   ") == Rendered("", "")


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
        f"<link>https://seed.example/</link><item><title>{title}</title><link>https://seed.example/kerry</link>"
        f"<description><![CDATA[{html}]]></description></item></channel></rss>"
    )
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
    from reader.core.content.pipeline import prepare, render

    html = prepare('<figure><img src="https://img.example.org/a.jpg" alt="Gulls"><figcaption>Gulls at dawn</figcaption></figure>').html
    out = render(html).html
    assert '<div class="figure">' in out and '<p class="figcaption">Gulls at dawn</p>' in out
    assert "<figure" not in out


def test_kept_images_show_locally_refused_ones_say_why_and_pixels_go() -> None:
    body = (
        '<p><img src="https://a.example/kept.png" alt="Kept"><img src="https://a.example/bad.svg" alt="Bad">'
        '<img src="https://a.example/other.png" alt="Other"><img src="https://t.example/p.gif" width="1" height="1">tail</p>'
    )
    kept = {
        "https://a.example/kept.png": ArticleImage("https://a.example/kept.png", "ab" * 32, "image/png", 10),
        "https://a.example/bad.svg": ArticleImage("https://a.example/bad.svg", note="an SVG with a script is refused"),
    }
    offline = render(body, images=False, kept=kept).html
    assert f'src="byline:image/{"ab" * 32}"' in offline
    assert "[image: Bad — not kept: an SVG with a script is refused]" in offline and "[image: Other]" in offline
    assert "t.example" not in offline and "tail" in offline
    online = render(body, images=True, kept=kept).html
    assert 'src="https://a.example/other.png"' in online and 'src="https://a.example/bad.svg"' in online
    assert f'src="byline:image/{"ab" * 32}"' in online and "t.example" not in online


def test_prepared_text_is_the_text_of_the_prepared_html() -> None:
    """The store indexes ``Prepared.text`` as ``html_text(Prepared.html)`` (EntryRow.text_is_derived)."""
    from reader.core.content.text import html_text

    bodies = [
        (DATA / "content_story.html").read_text(encoding="utf-8"),
        (DATA / "content_hostile.html").read_text(encoding="utf-8"),
        "<p>Tags: <a href='/t/a'>alpha</a>, <a href='/t/b'>beta</a></p><p>Body &amp; more</p>",
        "<pre>  kept\n  lines </pre><ul><li>one</li><li>two</li></ul>",
    ]
    for body in bodies:
        out = prepare(body, base_url=URL)
        assert out.text == html_text(out.html)
    plain = prepare((DATA / "content_plain.txt").read_text(encoding="utf-8"), is_html=False, base_url=URL)
    assert plain.text == html_text(plain.html)
