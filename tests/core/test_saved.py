"""Saved means kept: images downloaded once, checked, shown offline; refused ones say why; backups bring them back."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from reader.core.errors import NotFoundError
from reader.core.library import Library, open_library
from reader.core.models import IMAGE_URL_PREFIX
from tests.images import SAFE_SVG, SCRIPT_SVG, png
from tests.servers import FeedServer, Response
from tests.sites import NewsSite

DAWN = png(40, 30, (30, 90, 160))
CHART = png(20, 20, (200, 160, 20), stripes=2)


def image_requests(server: FeedServer) -> list[str]:
    return [r.path for r in server.requests if r.path.startswith("/img/")]


@pytest.fixture
def site(feed_server: FeedServer) -> NewsSite:
    site = NewsSite(feed_server)
    site.image("/img/dawn.png", DAWN)
    site.image("/img/chart.png", CHART)
    site.image("/img/logo.svg", SAFE_SVG, "image/svg+xml")
    site.story(
        "dawn", "The harbour at dawn",
        teaser='<p>The light at dawn.</p><p><img src="/img/chart.png" alt="Tide chart"></p><p><img src="/img/logo.svg" alt="Logo"></p>',
        figures=("/img/dawn.png",),
    )
    site.story("ice", "The winter of the great ice", teaser='<p>Ice.</p><p><img src="/img/chart.png" alt="Same chart"></p>', word="Icebreaker")
    return site


def subscribe(library: Library, site: NewsSite, *, images: bool | None) -> dict[str, int]:
    feed_id = library.add_feed(site.feed_url).feed.id
    library.set_feed_images(feed_id, images)
    return {a.title: a.id for a in library.articles(feed_id=feed_id)}


def test_saving_keeps_the_images_and_the_pane_html_shows_them_from_the_library(library: Library, site: NewsSite, feed_server: FeedServer) -> None:
    ids = subscribe(library, site, images=True)
    dawn = ids["The harbour at dawn"]
    library.mark_saved([dawn])
    assert library.save_full_copy(dawn) is None
    kept = {i.url.rsplit("/", 1)[1]: i for i in library.article_images(dawn)}
    assert set(kept) == {"dawn.png", "chart.png", "logo.svg"}
    assert all(i.hash and i.note is None for i in kept.values())
    assert library.image(kept["dawn.png"].hash).data == DAWN
    assert library.image(kept["logo.svg"].hash).type == "image/svg+xml"

    base = feed_server.base
    feed_server.stop()  # offline from here on
    opened = library.open_article(dawn)
    assert opened.full_copy and "Perihelion" in opened.rendered.text
    assert f'src="{IMAGE_URL_PREFIX}{kept["dawn.png"].hash}"' in opened.rendered.html
    assert f'src="{base}' not in opened.rendered.html  # no image points at the site
    feed_text = library.open_article(dawn, full_copy=False).rendered.html
    assert f'src="{IMAGE_URL_PREFIX}{kept["chart.png"].hash}"' in feed_text  # the feed's own images are kept too
    assert library.image(kept["chart.png"].hash).data == CHART


def test_kept_images_show_even_where_remote_images_are_off(library: Library, site: NewsSite) -> None:
    ids = subscribe(library, site, images=None)  # the default: no remote images
    dawn = ids["The harbour at dawn"]
    library.mark_saved([dawn])
    library.save_full_copy(dawn)
    assert image_requests(site.server) == []  # saving alone downloads nothing when images are off
    assert "[image: Tide chart]" in library.render(dawn, full_copy=False).html
    records = library.keep_images(dawn)  # the user asked for this one
    assert len([r for r in records if r.hash]) == 3
    html = library.render(dawn, full_copy=False).html
    assert "[image: Tide chart]" not in html and IMAGE_URL_PREFIX in html
    assert site.server.base + "/img" not in html


def test_a_second_save_sharing_an_image_stores_it_once(library: Library, site: NewsSite) -> None:
    ids = subscribe(library, site, images=True)
    for title in ("The harbour at dawn", "The winter of the great ice"):
        library.mark_saved([ids[title]])
        library.save_full_copy(ids[title])
    assert image_requests(site.server).count("/img/chart.png") == 1  # the second save reused the first's copy
    shared = {i.hash for a in ids.values() for i in library.article_images(a) if i.url.endswith("chart.png")}
    assert len(shared) == 1
    assert library.store.image_totals() == (3, len(DAWN) + len(CHART) + len(library.image(min(
        i.hash for i in library.article_images(ids["The harbour at dawn"]) if i.url.endswith("logo.svg")
    )).data))


def test_the_same_bytes_at_two_addresses_are_stored_once(library: Library, feed_server: FeedServer) -> None:
    site = NewsSite(feed_server)
    site.image("/img/a.png", DAWN)
    site.image("/img/copy-of-a.png", DAWN)
    site.story("two", "Two copies", teaser='<p>x</p><img src="/img/a.png"><img src="/img/copy-of-a.png">')
    (article_id,) = subscribe(library, site, images=True).values()
    library.keep_images(article_id)
    records = library.article_images(article_id)
    assert len(records) == 2 and len({r.hash for r in records}) == 1
    assert library.store.image_totals() == (1, len(DAWN))


def test_hostile_images_are_refused_with_a_clear_note(library: Library, feed_server: FeedServer) -> None:
    site = NewsSite(feed_server)
    site.image("/img/script.svg", SCRIPT_SVG, "image/svg+xml")
    site.image("/img/huge.jpg", b"\xff\xd8\xff", "image/jpeg", content_length=50 * 1024 * 1024)  # announces 50 MB
    site.image("/img/endless.png", png(), "image/png", endless=True, endless_chunk=b"\0" * 65536)  # no length, never ends
    site.image("/img/login.png", b"<!DOCTYPE html><html><body>Please sign in</body></html>", "image/png")
    site.image("/img/fine.png", DAWN)
    site.story(
        "hostile", "Hostile pictures",
        teaser="".join(f'<p><img src="/img/{name}" alt="{name}"></p>' for name in ("script.svg", "huge.jpg", "endless.png", "login.png", "fine.png")),
    )
    (article_id,) = subscribe(library, site, images=None).values()
    notes = {r.url.rsplit("/", 1)[1]: r.note for r in library.keep_images(article_id)}
    assert notes["fine.png"] is None
    assert notes["script.svg"] == "an SVG with a script is refused"
    assert notes["huge.jpg"] == "too large (50 MB announced; images up to 5 MB are kept)"
    assert notes["endless.png"] == "too large (images up to 5 MB are kept)"
    assert notes["login.png"] == "not an image: the server called it image/png but it is an HTML page"
    assert library.store.image_totals() == (1, len(DAWN))
    html = library.render(article_id).html
    assert "[image: login.png — not kept: not an image: the server called it image/png but it is an HTML page]" in html
    assert "[image: script.svg — not kept: an SVG with a script is refused]" in html


def test_a_failed_download_keeps_an_image_kept_before(library: Library, site: NewsSite, feed_server: FeedServer) -> None:
    ids = subscribe(library, site, images=True)
    dawn = ids["The harbour at dawn"]
    library.keep_images(dawn)
    before = library.article_images(dawn)
    feed_server.route("/img/chart.png", Response(status=500))
    library.keep_images(dawn)  # nothing to fetch: every image is already kept
    assert library.article_images(dawn) == before


def test_retention_and_unsubscribing_drop_images_no_article_shows(library: Library, site: NewsSite) -> None:
    ids = subscribe(library, site, images=True)
    for article_id in ids.values():
        library.keep_images(article_id)
    library.mark_saved([ids["The winter of the great ice"]])
    assert library.store.image_totals()[0] == 2  # the feed's chart (shared) and logo: no full copies here
    library.set_setting("retention_days", 1)
    assert library.apply_retention(now=time.time() + 10 * 365 * 86400) == 1
    assert library.store.image_totals() == (1, len(CHART))  # the saved article's chart stays
    feed_id = library.feeds()[0].id
    library.delete_feed(feed_id)
    assert library.store.image_totals() == (1, len(CHART))  # saved articles outlive their feed, images too


def test_unknown_image_hash_is_not_found(library: Library) -> None:
    with pytest.raises(NotFoundError, match="no kept image"):
        library.image("0" * 64)


# --- backups -------------------------------------------------------------------------------------------


def test_backup_and_restore_bring_back_saved_articles_with_their_images(data_dir: Path, site: NewsSite, feed_server: FeedServer) -> None:
    lib = open_library(data_dir)
    ids = subscribe(lib, site, images=True)
    dawn = ids["The harbour at dawn"]
    lib.mark_saved([dawn])
    lib.save_full_copy(dawn)
    unsaved = ids["The winter of the great ice"]
    lib.keep_images(unsaved)  # kept, but not saved: not in the backup
    backup = lib.backup(force=True)
    assert backup is not None
    lib.close()
    with sqlite3.connect(backup) as bk:
        assert bk.execute("SELECT count(*) FROM images").fetchone()[0] == 3
    for path in data_dir.glob("library.sqlite3*"):
        path.unlink()  # disaster
    feed_server.stop()

    lib = open_library(data_dir)
    assert lib.restore_saved(backup) == 1
    (article,) = lib.articles(saved=True)
    records = lib.article_images(article.id)
    assert len(records) == 3 and all(r.hash for r in records)
    html = lib.render(article.id).html
    assert "Perihelion" in html and html.count(f'src="{IMAGE_URL_PREFIX}') == 1  # the full copy's figure
    assert {lib.image(r.hash).data for r in records if r.url.endswith(".png")} == {DAWN, CHART}
    assert lib.restore_saved(backup) == 0  # idempotent
    assert lib.store.image_totals()[0] == 3
    lib.close()


def test_restoring_into_a_library_that_lost_only_the_images(library: Library, site: NewsSite) -> None:
    ids = subscribe(library, site, images=True)
    dawn = ids["The harbour at dawn"]
    library.mark_saved([dawn])
    library.keep_images(dawn)
    backup = library.backup(force=True)
    assert backup is not None
    library.mark_saved([dawn], False)
    library.set_setting("retention_days", 1)
    library.apply_retention(now=time.time() + 10 * 365 * 86400)
    assert library.store.image_totals() == (0, 0)
    assert library.restore_saved(backup) == 1
    (article,) = library.articles(saved=True)
    assert len([r for r in library.article_images(article.id) if r.hash]) == 2  # the feed text's chart and logo


def test_a_backup_written_before_images_were_kept_still_restores(library: Library, tmp_path: Path) -> None:
    old = tmp_path / "saved-20261101-000000.sqlite3"
    with sqlite3.connect(old) as bk:
        bk.execute(
            "CREATE TABLE saved (guid, url, title, title_key, author, published, updated, first_seen, sort_date, html, "
            "is_html, base_url, categories, enclosures, content_hash, read, saved_at, feed_url, feed_name, copy_html, "
            "copy_text, text)"
        )
        bk.execute(
            "INSERT INTO saved VALUES ('g', 'https://old.example/1', 'Old story', 'old story', NULL, 0, NULL, 0, 0, "
            "'<p>old words</p>', 1, NULL, '[]', '[]', 'h', 0, 5, NULL, 'Old feed', NULL, NULL, 'old words')"
        )
        bk.execute("CREATE TABLE extras (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    assert library.restore_saved(old) == 1
    (article,) = library.articles(saved=True)
    assert article.title == "Old story" and library.article_images(article.id) == []
