"""Media RSS captions never replace the story; each caption stays with its picture."""

from __future__ import annotations

import pytest

from reader.core.feeds.media import MediaCaption, entry_media
from reader.core.feeds.parse import parse_feed

ENGINES = ["auto", "feedparser"]


def _rss(items: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>'
        "<title>Harbour Desk</title><link>https://desk.example/</link><description>d</description>"
        f"{items}</channel></rss>"
    ).encode()


STORY = "&lt;p&gt;The night ferry ran late because the tide was low.&lt;/p&gt;"
CAPTION = "Passengers wait on the quay at dusk"


@pytest.mark.parametrize("engine", ENGINES)
def test_story_wins_over_a_caption_inside_media_content(engine: str) -> None:
    body = _rss(
        "<item><title>Late ferry</title><guid>1</guid>"
        f"<description>{STORY}</description>"
        f'<media:content url="https://desk.example/quay.jpg" medium="image">'
        f"<media:description>{CAPTION}</media:description></media:content></item>"
    )
    entry = parse_feed(body, engine=engine).entries[0]  # type: ignore[arg-type]
    assert entry.content_is_html
    assert "The night ferry ran late" in entry.content
    # the caption stays, beside its own picture, before the story
    figure, _, rest = entry.content.partition("</figure>")
    assert 'src="https://desk.example/quay.jpg"' in figure
    assert f"<figcaption>{CAPTION}</figcaption>" in figure
    assert rest.startswith("<p>The night ferry")


@pytest.mark.parametrize("engine", ENGINES)
def test_caption_before_the_description_does_not_become_the_story(engine: str) -> None:
    body = _rss(
        "<item><title>Late ferry</title><guid>1</guid>"
        f"<media:description>{CAPTION}</media:description>"
        '<media:thumbnail url="https://desk.example/quay.jpg"/>'
        f"<description>{STORY}</description></item>"
    )
    entry = parse_feed(body, engine=engine).entries[0]  # type: ignore[arg-type]
    assert entry.content_is_html  # the RSS description is HTML even when read second
    assert "<p>The night ferry ran late because the tide was low.</p>" in entry.content
    assert entry.content.index(CAPTION) < entry.content.index("The night ferry")
    assert entry.summary == ""


@pytest.mark.parametrize("engine", ENGINES)
def test_picture_already_in_the_story_is_not_repeated(engine: str) -> None:
    story = "&lt;p&gt;&lt;img src='https://desk.example/quay.jpg'&gt; The ferry ran late.&lt;/p&gt;"
    body = _rss(
        "<item><title>Late ferry</title><guid>1</guid>"
        f"<description>{story}</description>"
        f'<media:content url="https://desk.example/quay.jpg" medium="image">'
        f"<media:description>{CAPTION}</media:description></media:content></item>"
    )
    entry = parse_feed(body, engine=engine).entries[0]  # type: ignore[arg-type]
    assert entry.content.count("quay.jpg") == 1
    assert "The ferry ran late." in entry.content


@pytest.mark.parametrize("engine", ENGINES)
def test_a_caption_with_no_story_stays_the_body(engine: str) -> None:
    body = (
        b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
        b'xmlns:media="http://search.yahoo.com/mrss/"><title>Clips</title><id>urn:c</id>'
        b"<updated>2026-01-01T00:00:00Z</updated><entry><id>urn:c:1</id><title>Harbour clip</title>"
        b"<updated>2026-01-01T00:00:00Z</updated><media:group>"
        b'<media:thumbnail url="https://clips.example/1.jpg"/>'
        b"<media:description>Three minutes of gulls over the harbour.</media:description>"
        b"</media:group></entry></feed>"
    )
    entry = parse_feed(body, engine=engine).entries[0]  # type: ignore[arg-type]
    assert entry.content == "Three minutes of gulls over the harbour."  # as before: no figure, no loss


def test_entry_media_pairs_each_caption_with_its_image() -> None:
    body = _rss(
        '<item><guid>1</guid><media:content url="https://x.example/v.mp4" type="video/mp4">'
        '<media:thumbnail url="https://x.example/v.jpg"/><media:description>A clip</media:description>'
        "</media:content></item><item><guid>2</guid><title>no media</title></item>"
    )
    assert entry_media(body) == [[MediaCaption("A clip", "https://x.example/v.jpg")], []]
    assert entry_media(b"<rss><channel><item><description>x</description></item></channel></rss>") is None
