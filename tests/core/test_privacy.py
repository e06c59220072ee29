"""Privacy stays: opening a thousand articles, saved and unsaved, asks nothing of the network.

A loopback server logs every request. Every article body points at it every
way a web page can (images, tracking pixels, links, callouts, style sheets,
frames, objects, media posters). With the default settings, opening them all
through ``Library.open_article`` sends no request, and the rendered HTML the
pane receives holds no address it would load by itself. What the user turned
on is exactly what may load: a feed whose remote images are allowed renders
its own images, nothing else; images the user kept are local.
"""

from __future__ import annotations

from pathlib import Path

from reader.core.library import Library
from tests.core.export.checks import remote, resource_loads
from tests.images import png
from tests.servers import FeedServer, Response

ARTICLES = 1000


def hostile_body(base: str, n: int) -> str:
    return (
        f'<p>Story {n} with a picture <img src="{base}/img/{n}.png" alt="picture {n}"> and a pixel '
        f'<img src="{base}/pixel.gif?a={n}" width="1" height="1"></p>'
        f'<p style="background:url({base}/bg.png)">styled</p><link rel="stylesheet" href="{base}/style.css">'
        f'<iframe src="{base}/frame"></iframe><object data="{base}/object"></object><embed src="{base}/embed">'
        f'<video poster="{base}/poster.jpg" src="{base}/movie.mp4"></video><audio src="{base}/sound.mp3"></audio>'
        f'<img srcset="{base}/set.png 2x"><picture><source srcset="{base}/source.png"></picture>'
        f'<p><a href="{base}/page/{n}">a link</a></p><p>[<a href="{base}/related/{n}">A related story number {n}</a>]</p>'
        f"<p>[An unresolved related headline {n}]</p>"
        f'<form action="{base}/form"><input type="image" src="{base}/input.png"></form>'
        f'<meta http-equiv="refresh" content="0;url={base}/refresh"><base href="{base}/">'
    )


def feed_file(path: Path, title: str, base: str, numbers: range) -> str:
    items = "".join(
        f"<item><title>Story {n}</title><guid>g{n}</guid><link>{base}/story/{n}</link>"
        f"<description><![CDATA[{hostile_body(base, n)}]]></description></item>"
        for n in numbers
    )
    path.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>{items}</channel></rss>')
    return str(path)


def test_a_thousand_articles_open_without_a_single_request(library: Library, feed_server: FeedServer, tmp_path: Path) -> None:
    base = feed_server.base
    feed_server.route("/img/3.png", Response(body=png(), content_type="image/png"))
    news = library.add_feed(feed_file(tmp_path / "news.xml", "News", base, range(ARTICLES - 100))).feed.id
    pictures = library.add_feed(feed_file(tmp_path / "pictures.xml", "Pictures", base, range(ARTICLES - 100, ARTICLES))).feed.id
    ids = [a.id for a in library.articles()]
    assert len(ids) == ARTICLES
    library.mark_saved(ids[::2])  # half of them saved
    kept = next(a.id for a in library.articles(feed_id=news) if a.title == "Story 3")
    library.keep_images(kept)  # the user asked to keep one article's images: that was a request, then
    assert feed_server.hits["/img/3.png"] == 1
    library.set_feed_images(pictures, True)  # ... and allowed remote images for one feed
    feed_server.reset_stats()

    allowed: dict[int, list[str]] = {}
    for article_id in ids:
        opened = library.open_article(article_id)
        loads = remote(resource_loads(f"<html><body>{opened.rendered.html}</body></html>"))
        if loads:
            allowed[article_id] = loads
        assert opened.images == (opened.article.feed_id == pictures)

    assert feed_server.requests == []  # opening asked nothing of the network
    pictures_ids = {a.id for a in library.articles(feed_id=pictures)}
    assert set(allowed) == pictures_ids  # only the feed the user allowed would load anything ...
    for article_id, loads in allowed.items():
        title = library.article(article_id).title
        number = title.split()[-1]
        assert loads == [f"img@src={base}/img/{number}.png"]  # ... and only its own picture (pixels, styles, frames gone)
    kept_html = library.render(kept).html
    assert "byline:image/" in kept_html and f"{base}/img/3.png" not in kept_html
