"""A small news site on the loopback ``FeedServer``: a feed, story pages, and their images.

    site = NewsSite(feed_server)
    site.image("/img/dawn.png", png(40, 30))
    site.story("dawn", "The harbour at dawn", teaser='<p>Short.</p><img src="/img/dawn.png">', figure="/img/dawn.png")
    feed_id = library.add_feed(site.feed_url).feed.id

Story pages carry enough text for the extractor to find, plus navigation and
a footer it should drop. Image paths are made absolute against the server.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from tests.servers import FeedServer, Response

STORY_TEXT = (
    "For ninety years the keepers of the north light kept a log of every ship that passed the point, "
    "and the log survives in the county archive.",
    "The logbooks, now digitised, mention a marmalade-coloured schooner called the {word} no fewer than forty times.",
    "Historians say the logs are the most complete record of coastal traffic anywhere on this coast, and the "
    "volunteers who transcribed them spent three winters at the work, deciphering the handwriting of eleven keepers.",
)


@dataclass
class Story:
    slug: str
    title: str
    teaser: str
    word: str
    figures: tuple[str, ...] = ()
    page_status: int = 200
    pub_hour: int = 0


@dataclass
class NewsSite:
    """Routes a feed at ``/feed.xml`` and a page per story at ``/story/<slug>``."""

    server: FeedServer
    title: str = "Harbour Ledger"
    stories: list[Story] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.server.route("/feed.xml", lambda request: Response(body=self.feed(), content_type="application/rss+xml"))

    @property
    def feed_url(self) -> str:
        return self.server.url("/feed.xml")

    def url(self, path: str) -> str:
        return self.server.url(path)

    def image(self, path: str, data: bytes, content_type: str = "image/png", **kw: object) -> str:
        """Serve ``data`` at ``path``; returns its absolute URL."""
        self.server.route(path, Response(body=data, content_type=content_type, **kw))  # type: ignore[arg-type]
        return self.url(path)

    def story(
        self, slug: str, title: str, *, teaser: str = "<p>A teaser.</p>", word: str = "Perihelion",
        figures: tuple[str, ...] = (), page_status: int = 200,
    ) -> Story:
        """Add a story (to the feed and as a page); ``figures`` are image paths shown in the page."""
        story = Story(slug, title, teaser.replace('src="/', f'src="{self.server.base}/'), word, figures, page_status,
                      pub_hour=len(self.stories) % 24)
        self.stories.append(story)
        self.server.route(f"/story/{slug}", lambda request: self.page(story))
        return story

    def page(self, story: Story) -> Response:
        if story.page_status != 200:
            return Response(status=story.page_status, body=b"no", content_type="text/plain")
        paragraphs = [f"<p>{html.escape(t.format(word=story.word))}</p>" for t in STORY_TEXT]
        for i, path in enumerate(story.figures):
            figure = f'<figure><img src="{path}" alt="Figure {i + 1} of {html.escape(story.title)}"><figcaption>Figure {i + 1}.</figcaption></figure>'
            paragraphs.insert(1 + i, figure)
        body = (
            f"<html><head><title>{html.escape(story.title)}</title></head><body><nav>Home | Sections | Subscribe</nav>"
            f"<article><h1>{html.escape(story.title)}</h1>{''.join(paragraphs)}</article>"
            "<footer>Copyright the Harbour Ledger</footer></body></html>"
        )
        return Response(body=body, content_type="text/html; charset=utf-8")

    def feed(self) -> bytes:
        items = "".join(
            f"<item><title>{html.escape(s.title)}</title><guid>{s.slug}</guid><link>{self.url('/story/' + s.slug)}</link>"
            f"<pubDate>Mon, 02 Nov 2026 {s.pub_hour:02d}:00:00 +0000</pubDate>"
            f"<description><![CDATA[{s.teaser}]]></description></item>"
            for s in self.stories
        )
        return (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>{html.escape(self.title)}</title>'
            f"<link>{self.server.base}/</link>{items}</channel></rss>"
        ).encode()
