"""Full stories per feed: extracted during the refresh that brings an article, politely, the feed's text kept."""

from __future__ import annotations

import threading
import time

import pytest

import reader.core.stories as stories
from reader.core.library import Library, open_library
from reader.core.net.fetch import Fetcher, FetchLimits
from tests.images import png
from tests.servers import FeedServer, Response
from tests.sites import NewsSite


def page_hits(server: FeedServer) -> dict[str, int]:
    return {path: n for path, n in server.hits.items() if path.startswith("/story/")}


@pytest.fixture
def site(feed_server: FeedServer) -> NewsSite:
    site = NewsSite(feed_server)
    site.story("dawn", "The harbour at dawn", teaser="<p>A short teaser about the harbour.</p>")
    site.story("ice", "The winter of the great ice", teaser="<p>A teaser about ice.</p>", word="Icebreaker")
    return site


def test_full_stories_replace_the_teaser_and_keep_the_feed_text(library: Library, site: NewsSite) -> None:
    feed_id = library.add_feed(site.feed_url).feed.id
    assert page_hits(site.server) == {}  # subscribing alone fetches no page
    library.set_feed_full_stories(feed_id, True)
    assert library.feed(feed_id).full_stories
    library.refresh([feed_id])
    assert page_hits(site.server) == {"/story/dawn": 1, "/story/ice": 1}
    ids = {a.title: a.id for a in library.articles()}
    opened = library.open_article(ids["The harbour at dawn"])
    assert opened.full_copy and "Perihelion" in opened.rendered.text and "Subscribe" not in opened.rendered.text
    assert "short teaser" not in opened.rendered.text
    original = library.open_article(ids["The harbour at dawn"], full_copy=False)
    assert not original.full_copy and "short teaser" in original.rendered.text
    assert "Icebreaker" in library.render(ids["The winter of the great ice"]).text
    assert [h.article.id for h in library.search("Icebreaker")] == [ids["The winter of the great ice"]]
    library.refresh([feed_id])
    assert page_hits(site.server) == {"/story/dawn": 1, "/story/ice": 1}  # each page once


def test_without_the_setting_no_page_is_fetched(library: Library, site: NewsSite) -> None:
    feed_id = library.add_feed(site.feed_url).feed.id
    library.refresh([feed_id])
    assert page_hits(site.server) == {}
    assert not any(library.open_article(a.id).full_copy for a in library.articles())


def test_a_failed_story_keeps_the_feed_text_and_says_why(library: Library, site: NewsSite) -> None:
    site.story("gone", "A story whose page is gone", teaser="<p>The feed's own words.</p>", page_status=503)
    site.story("empty", "A page with no story", teaser="<p>Only the teaser.</p>")
    site.server.route("/story/empty", Response(body="<html><body><nav>Home</nav></body></html>", content_type="text/html"))
    feed_id = library.add_feed(site.feed_url).feed.id
    library.set_feed_full_stories(feed_id, True)
    library.refresh([feed_id])
    by_title = {a.title: library.open_article(a.id) for a in library.articles()}
    gone = by_title["A story whose page is gone"]
    assert not gone.full_copy and "feed's own words" in gone.rendered.text
    assert gone.article.full_copy_error == "server answered 503 Service Unavailable"
    empty = by_title["A page with no story"]
    assert not empty.full_copy and empty.article.full_copy_error == "no story text was found on the page (only 4 characters)"
    assert by_title["The harbour at dawn"].full_copy
    library.refresh([feed_id])
    assert page_hits(site.server)["/story/gone"] == 1  # a failure is remembered, not retried every refresh


def test_stories_arrive_with_new_articles_a_few_per_refresh(library: Library, site: NewsSite, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stories, "STORIES_PER_FEED", 1)
    feed_id = library.add_feed(site.feed_url).feed.id
    library.set_feed_full_stories(feed_id, True)
    library.refresh([feed_id])
    assert sum(page_hits(site.server).values()) == 1
    library.refresh([feed_id])  # the feed is unchanged (same bytes): the one left is fetched now
    assert page_hits(site.server) == {"/story/dawn": 1, "/story/ice": 1}
    site.story("tide", "The spring tide", teaser="<p>Tide.</p>", word="Springtide")
    library.refresh([feed_id])
    assert page_hits(site.server) == {"/story/dawn": 1, "/story/ice": 1, "/story/tide": 1}
    tide = next(a for a in library.articles() if a.title == "The spring tide")
    assert "Springtide" in library.render(tide.id).text


def test_only_recent_articles_get_their_story(library: Library, site: NewsSite) -> None:
    feed_id = library.add_feed(site.feed_url).feed.id
    library.store.set_feed_full_stories(feed_id, True)
    engine_jobs = stories.StoryJobs(library.store, library.fetcher(), library.settings(), lambda *a, **k: None, None)  # type: ignore[arg-type,return-value]
    assert engine_jobs.queue(feed_id, now=time.time() + stories.STORY_WINDOW + 60) == 0


def test_story_images_are_kept_when_the_feed_allows_images(library: Library, feed_server: FeedServer) -> None:
    site = NewsSite(feed_server)
    site.image("/img/dawn.png", png(30, 20))
    site.story("dawn", "The harbour at dawn", figures=("/img/dawn.png",))
    feed_id = library.add_feed(site.feed_url).feed.id
    library.set_feed_full_stories(feed_id, True)
    library.refresh([feed_id])
    assert feed_server.hits["/img/dawn.png"] == 0  # images off (the default): the story comes without them
    (article,) = library.articles()
    assert "[image: Figure 1 of The harbour at dawn]" in library.render(article.id).html

    library.set_feed_images(feed_id, True)
    site.story("ice", "The winter of the great ice", figures=("/img/dawn.png",), word="Icebreaker")
    library.refresh([feed_id])
    ice = next(a for a in library.articles() if a.title == "The winter of the great ice")
    (image,) = library.article_images(ice.id)
    assert image.hash and feed_server.hits["/img/dawn.png"] == 1
    assert f'src="byline:image/{image.hash}"' in library.render(ice.id).html


def test_pages_of_one_host_respect_the_per_host_limit(data_dir, feed_server: FeedServer) -> None:
    feed_server.latency = 0.05
    site = NewsSite(feed_server)
    for n in range(8):
        site.story(f"s{n}", f"Story number {n}", word=f"Word{n}")
    with Fetcher(FetchLimits(per_host=2)) as fetcher:
        lib = open_library(data_dir, fetcher=fetcher)
        feed_id = lib.add_feed(site.feed_url).feed.id
        lib.set_feed_full_stories(feed_id, True)
        feed_server.reset_stats()
        lib.refresh([feed_id], workers=8)
        assert sum(page_hits(feed_server).values()) == 8
        assert feed_server.max_active <= 2
        assert all(lib.open_article(a.id).full_copy for a in lib.articles())
        lib.close()


def test_a_cancelled_refresh_leaves_stories_to_fetch_later(library: Library, site: NewsSite) -> None:
    site.server.route("/story/dawn", Response(body=b"<html></html>", content_type="text/html", delay_before_headers=5))
    feed_id = library.add_feed(site.feed_url).feed.id
    library.set_feed_full_stories(feed_id, True)
    cancel = threading.Event()
    for _ in library.refresh_iter([feed_id], cancel=cancel):
        cancel.set()  # the feed is stored; its stories are in flight
    assert all(library.full_copy_error(a.id) is None for a in library.articles())
    assert len(library.store.stories_wanted(feed_id, since=0, limit=10)) >= 1
