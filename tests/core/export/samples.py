"""A library of saved articles that an export must get right: kept images, callouts, hostile and broken HTML."""

from __future__ import annotations

from pathlib import Path

from reader.core.library import Library
from tests.core.content.samples import DATA
from tests.images import SAFE_SVG, png
from tests.servers import FeedServer
from tests.sites import NewsSite

DAWN = png(40, 30, (30, 90, 160))

# Bodies that break the HTML content models in every way a feed does.
BROKEN = """<p>Intro<ul><li>a list inside a paragraph</li></ul>and its tail</p>
<ul>stray text in a list<li>an item</li><p>a paragraph in a list</p></ul>
<ol><li>one</li>two</ol>
<dl><dd>a description before any term</dd><dt>a term</dt></dl>
<dl><dt>proper term</dt><dd>proper description</dd></dl>
<table><tr><td>cell one</td></tr><p>fostered paragraph</p><tbody><tr><td>cell two</td></tr></tbody></table>
<table><caption>A caption</caption><tr><th colspan="abc">head</th><td rowspan="2">value</td></tr></table>
<table><tbody><tr><td>body</td></tr></tbody><thead><tr><th>head after body</th></tr></thead></table>
<span><div>a block inside a span</div></span>
<h2><p>a paragraph inside a heading</p></h2>
<pre><div>a block inside pre</div></pre>
<blockquote>quoted<li>a stray list item</li><td>a stray cell</td></blockquote>
<p><a href="https://x.example/a b c">a link with spaces</a> <a href="https://x.example/100%zz">a bad percent</a>
<a href="/relative/path">a relative link</a> <a href="#fragment">a fragment</a> <a href="mailto:desk@x.example">mail</a></p>
<p><time datetime="last tuesday">Tuesday</time> <time>2026-11-02</time> <time>yesterday</time>
<del datetime="2026-11-02T10:00Z">old</del> <ins datetime="soon">new</ins></p>
<p><img src="https://x.example/i.png" width="100%" height="auto" alt="a remote image"></p>
<figure><img src="https://x.example/f.png" alt="a figure"><figcaption>Its caption</figcaption></figure>
<p>Controls\x0b and noncharacters \ufffe\uffff and an emoji \U0001F30A and <abbr title="Harbour Master">HM</abbr></p>
<p>A rule inside a paragraph<hr>after it</p>
<table><colgroup span="0"><col span="x"></colgroup><tr><td>after a colgroup</td></tr></table>
"""


def feed_xml(title: str, *items: tuple[str, str, str | None, str]) -> str:
    """RSS with items (guid, title, link or None, html body)."""
    parts = []
    for i, (guid, item_title, link, body) in enumerate(items):
        link_xml = f"<link>{link}</link>" if link else ""
        parts.append(
            f"<item><title>{item_title}</title><guid isPermaLink='false'>{guid}</guid>{link_xml}"
            f"<pubDate>Tue, 03 Nov 2026 {i:02d}:00:00 +0000</pubDate><description><![CDATA[{body}]]></description></item>"
        )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>{"".join(parts)}</channel></rss>'


def saved_library(library: Library, server: FeedServer, tmp_path: Path) -> dict[str, int]:
    """Fill ``library``: a site story saved with its page and images, and saved local articles; returns ids by title."""
    site = NewsSite(server)
    site.image("/img/dawn.png", DAWN)
    site.image("/img/logo.svg", SAFE_SVG, "image/svg+xml")
    site.story("dawn", "The harbour at dawn", teaser='<p>Dawn.</p><p><img src="/img/logo.svg" alt="Logo"></p>', figures=("/img/dawn.png",))
    site.story("logo", "A new logo for the harbour", teaser='<p>The new logo:</p><p><img src="/img/logo.svg" alt="Logo"></p>')
    site.story("ice", "The winter of the great ice", teaser="<p>Not saved.</p>")
    feed_id = library.add_feed(site.feed_url).feed.id
    library.set_feed_images(feed_id, True)

    hostile = (DATA / "content_hostile.html").read_text(encoding="utf-8")
    local = tmp_path / "desk.xml"
    local.write_text(
        feed_xml(
            "The Desk &amp; Co",
            ("broken", "Every way HTML breaks", "https://desk.example/broken", BROKEN.replace("]]>", "")),
            ("hostile", "A hostile body", "https://desk.example/hostile", hostile.replace("]]>", "")),
            ("callouts", "Callouts &lt;&amp;&gt; \"quotes\" \U0001F30A", None,
             "<p>Related reading below.</p><p>[The harbour at dawn]</p><p>[The winter of the great ice]</p>"
             "<p>[A headline nobody has ever written]</p>"),
            ("plain", "A plain text story", "https://desk.example/plain", "Just words.\n\nTwo paragraphs of them."),
        ),
        encoding="utf-8",
    )
    library.add_feed(str(local))
    ids = {a.title: a.id for a in library.articles()}
    saved = [i for title, i in ids.items() if title != "The winter of the great ice"]
    library.mark_saved(saved)
    library.save_full_copy(ids["The harbour at dawn"])
    library.keep_images(ids["A new logo for the harbour"])  # saved without its page: the feed's text and its image
    return ids
