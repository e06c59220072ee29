"""Library: rendering with late-resolving callouts, saving with full copies, backups, retention."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from reader.core.errors import NotFoundError
from reader.core.library import open_library
from reader.core.models import Selection
from reader.core.secrets import Login, MemorySecrets
from tests.servers import FeedServer, Response


def feed_file(tmp_path: Path, name: str, *items: tuple[str, str, str], link: str = "https://paper.example.org/") -> Path:
    body = "".join(
        f"<item><title>{title}</title><guid>{guid}</guid><link>{link}{guid}</link>"
        f"<pubDate>Mon, 02 Nov 2026 0{i}:00:00 +0000</pubDate><description><![CDATA[{html}]]></description></item>"
        for i, (guid, title, html) in enumerate(items)
    )
    path = tmp_path / name
    path.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>{name}</title>{body}</channel></rss>')
    return path


def test_callout_resolves_when_the_related_story_arrives_later(library, tmp_path: Path) -> None:
    first = feed_file(tmp_path, "a.xml", ("a1", "Tram line extended", "<p>Work starts in May.</p><p>[Bus depot to close after fifty years]</p>"))
    library.add_feed(str(first))
    (tram,) = library.articles()
    assert 'href="byline:related?q=Bus%20depot%20to%20close%20after%20fifty%20years"' in library.render(tram.id).html
    later = feed_file(tmp_path, "b.xml", ("b1", "Bus Depot To Close After Fifty Years", "<p>The depot shuts.</p>"))
    library.add_feed(str(later))
    depot = [a for a in library.articles() if a.id != tram.id][0]
    assert f'href="byline:article/{depot.id}"' in library.render(tram.id).html


def test_curly_and_straight_quotes_match(library, tmp_path: Path) -> None:
    path = feed_file(
        tmp_path, "q.xml",
        ("q1", "The mayor's last budget", "<p>Numbers.</p>"),
        ("q2", "Council meets", "<p>Agenda.</p><p>[The Mayor’s  last budget]</p>"),
    )
    library.add_feed(str(path))
    ids = {a.title: a.id for a in library.articles()}
    budget = ids["The mayor's last budget"]
    assert f"byline:article/{budget}" in library.render(ids["Council meets"]).html


def test_image_policy_global_and_per_feed(library, tmp_path: Path) -> None:
    path = feed_file(tmp_path, "i.xml", ("i1", "Pictures", '<p><img src="https://img.example.org/x.jpg" alt="A heron"></p>'))
    feed_id = library.add_feed(str(path)).feed.id
    (a,) = library.articles()
    blocked = library.render(a.id).html
    assert "img.example.org" not in blocked and "A heron" in blocked
    library.set_feed_images(feed_id, True)
    assert 'src="https://img.example.org/x.jpg"' in library.render(a.id).html
    library.set_feed_images(feed_id, None)
    library.set_setting("images", True)
    assert 'src="https://img.example.org/x.jpg"' in library.render(a.id).html


STORY_PAGE = b"""<html><head><title>Lighthouse keepers</title></head><body>
<nav>Home | Sections | Subscribe</nav>
<article><h1>The last lighthouse keepers</h1>
<p>For ninety years the keepers of the north light kept a log of every ship that passed the point.</p>
<p>The logbooks, now digitised, mention a marmalade-coloured schooner called the Perihelion no fewer than forty times.</p>
<p>Historians say the logs are the most complete record of coastal traffic anywhere on this coast, and the volunteers
who transcribed them spent three winters at the work, deciphering the handwriting of eleven different keepers.</p>
<p>[Harbour pilots remember the winter of the great ice]</p>
</article><footer>Copyright</footer></body></html>"""


def test_saving_keeps_a_searchable_full_copy(library, feed_server: FeedServer, tmp_path: Path) -> None:
    feed_server.route("/story", Response(body=STORY_PAGE, content_type="text/html"))
    path = feed_file(tmp_path, "l.xml", ("l1", "The last lighthouse keepers", "<p>A teaser about keepers.</p>"), link=feed_server.url("/"))
    path.write_text(path.read_text().replace(feed_server.url("/") + "l1", feed_server.url("/story")))
    library.add_feed(str(path))
    (a,) = library.articles()
    assert library.search("Perihelion") == []
    library.mark_saved([a.id])
    assert library.save_full_copy(a.id) is None
    (hit,) = library.search("Perihelion")
    assert hit.article.id == a.id and "\x02Perihelion\x03" in hit.snippet
    full = library.render(a.id)
    assert "marmalade" in full.text and "Subscribe" not in full.text
    assert 'class="related"' in full.html  # callouts in the full copy are links too
    assert "marmalade" not in library.render(a.id, full_copy=False).text


def test_failed_full_copy_keeps_feed_text_and_can_retry(library, feed_server: FeedServer, tmp_path: Path) -> None:
    feed_server.route("/story", Response(status=503))
    path = feed_file(tmp_path, "l.xml", ("l1", "Keepers", "<p>A teaser about keepers.</p>"), link=feed_server.url("/"))
    path.write_text(path.read_text().replace(feed_server.url("/") + "l1", feed_server.url("/story")))
    library.add_feed(str(path))
    (a,) = library.articles()
    library.mark_saved([a.id])
    error = library.save_full_copy(a.id)
    assert error and "503" in error
    assert library.full_copy_error(a.id) == error
    assert "teaser" in library.render(a.id).text
    feed_server.route("/story", Response(body=STORY_PAGE, content_type="text/html"))
    assert library.save_full_copy(a.id) is None
    assert "Perihelion" in library.render(a.id).text


def test_saved_survive_deletion_and_retention(library, tmp_path: Path) -> None:
    path = feed_file(tmp_path, "r.xml", ("r1", "Keep this one", "<p>kept</p>"), ("r2", "Let this go", "<p>gone</p>"))
    feed_id = library.add_feed(str(path)).feed.id
    ids = {a.title: a.id for a in library.articles()}
    library.mark_saved([ids["Keep this one"]])
    library.set_setting("retention_days", 1)
    assert library.apply_retention(now=time.time() + 10 * 365 * 86400) == 1
    assert [a.title for a in library.articles()] == ["Keep this one"]
    library.delete_feed(feed_id)
    (left,) = library.articles(saved=True)
    assert left.title == "Keep this one" and left.feed_title == "r.xml"
    assert "kept" in library.render(left.id).text


def test_backup_and_restore_saved(data_dir: Path, tmp_path: Path) -> None:
    lib = open_library(data_dir)
    path = feed_file(tmp_path, "s.xml", ("s1", "Treasured story", "<p>unique wombat words</p>"), ("s2", "Other", "<p>x</p>"))
    lib.add_feed(str(path))
    saved_id = [a.id for a in lib.articles() if a.title == "Treasured story"][0]
    lib.mark_saved([saved_id])
    backup = lib.backup()
    assert backup is not None and backup.is_file()
    assert lib.backup() is None  # one a day
    lib.close()
    (data_dir / "library.sqlite3").unlink()  # disaster
    for extra in data_dir.glob("library.sqlite3-*"):
        extra.unlink()
    lib = open_library(data_dir)
    assert lib.restore_saved(backup) == 1
    (a,) = lib.articles(saved=True)
    assert a.title == "Treasured story"
    assert [h.article.id for h in lib.search("wombat")] == [a.id]
    assert [f.url for f in lib.feeds()] == [path.resolve().as_uri()] or lib.feeds() == []
    assert lib.restore_saved(backup) == 0  # idempotent
    lib.close()


def test_backups_rotate(library) -> None:
    now = time.time()
    for day in range(10):
        assert library.backup(now=now + day * 86400 + 1) is not None
    assert len(library.backups()) == 7


def test_unknown_ids_raise(library) -> None:
    with pytest.raises(NotFoundError):
        library.article(404)
    with pytest.raises(NotFoundError):
        library.mark_read([404])
    with pytest.raises(NotFoundError):
        library.feed(404)


def test_callout_keeps_its_own_link_and_the_link_finds_the_library_story(library, tmp_path: Path) -> None:
    """Issue 12, item 19: the publisher's href wins over a title match; opening it finds the story by URL."""
    own = "https://www.paper.example.org/p2/?utm_source=rss#top"
    path = feed_file(
        tmp_path, "own.xml",
        ("p1", "Harbour board meets", f'<p>Agenda.</p><p>[<a href="{own}">The north pier will close in June</a>]</p>'),
        ("p2", "The north pier will close in June", "<p>The pier story.</p>"),
        ("p3", "The north pier will close in June", "<p>A same-titled story elsewhere.</p>"),
    )
    library.add_feed(str(path))
    ids = {a.url: a.id for a in library.articles()}
    html = library.render(ids["https://paper.example.org/p1"]).html
    assert f'href="{own}"' in html.replace("&amp;", "&")
    assert "byline:article/" not in html
    # what the pane does with that link: the same story, found by its own URL
    assert library.find_article_by_url(own) == ids["https://paper.example.org/p2"]
    assert library.find_article_by_url("http://paper.example.org/p2") == ids["https://paper.example.org/p2"]
    assert library.find_article_by_url("https://paper.example.org/p4") is None


def test_undated_entries_keep_the_feed_order(library, tmp_path: Path) -> None:
    """Issue 12, item 20: with no dates, the list shows entries in the order the feed gives them."""
    items = "".join(
        f"<item><title>{t}</title><guid>{t}</guid><description>x</description></item>"
        for t in ("First in feed", "Second in feed", "Third in feed", "Fourth in feed")
    )
    path = tmp_path / "undated.xml"
    path.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>U</title>{items}</channel></rss>')
    library.add_feed(str(path))
    titles = [a.title for a in library.articles()]
    assert titles == ["First in feed", "Second in feed", "Third in feed", "Fourth in feed"]
    feed_id = library.articles()[0].feed_id
    ids = library.article_ids(Selection(feed_id=feed_id))
    assert [library.article(i).title for i in ids] == titles


def test_sample_feeds_survive_an_opml_round_trip(tmp_path: Path) -> None:
    """Issue 12, item 12: the sample feeds export as byline:sample/NAME and import back whole."""
    from reader.core.refresh import sample_folder

    samples = sorted(p for p in sample_folder().iterdir() if p.is_file())
    assert len(samples) >= 4
    with open_library(tmp_path / "one") as one:
        for path in samples:
            one.add_feed(str(path), folder="Sample")
        urls = sorted(f.url for f in one.feeds())
        assert urls == sorted(f"byline:sample/{p.name}" for p in samples)
        exported = one.export_opml()
        articles = len(one.articles())
    assert "file:" not in exported and str(tmp_path) not in exported
    with open_library(tmp_path / "two") as two:
        result = two.import_opml(exported.encode())
        assert (result.added, result.skipped) == (len(samples), ())
        assert sorted(f.url for f in two.feeds()) == urls
        summary = two.refresh()
        assert summary.failed == 0
        assert len(two.articles()) == articles
        assert {f.folder for f in two.feeds()} == {"Sample"}


def test_sample_feed_stored_by_file_url_exports_portably(library, tmp_path: Path) -> None:
    from reader.core.refresh import sample_folder

    path = sorted(sample_folder().iterdir())[0]
    # a library made before sample addresses stored the file: URL; its export is portable all the same
    library.store.add_feeds([(path.resolve().as_uri(), "Old sample", (), None)], [])
    assert f'xmlUrl="byline:sample/{path.name}"' in library.export_opml()


def test_sample_addresses_never_escape_the_sample_folder(library) -> None:
    doc = library.import_opml(
        b'<opml version="2.0"><body>'
        b'<outline text="a" xmlUrl="byline:sample/../../etc/passwd"/>'
        b'<outline text="b" xmlUrl="byline:sample/no-such-sample.xml"/>'
        b"</body></opml>"
    )
    assert doc.added == 1 and doc.skipped[0][0] == "byline:sample/../../etc/passwd"
    (feed,) = library.feeds()
    summary = library.refresh()
    assert summary.failed == 1
    assert "not installed" in (library.feed(feed.id).last_error or "")


def test_related_search_leaves_the_source_story_out(library, tmp_path: Path) -> None:
    """Issue 12, item 8: the fallback search for a Related headline never finds the story holding it."""
    path = feed_file(
        tmp_path, "r.xml",
        ("r1", "Council meets", "<p>Agenda.</p><p>[Why the night ferry is not running: OR the tide -tables]</p>"),
        ("r2", "Ferry news", "<p>The night ferry is not running because the tide tables changed.</p>"),
    )
    library.add_feed(str(path))
    ids = {a.title: a.id for a in library.articles()}
    headline = "Why the night ferry is not running: OR the tide -tables"
    hits = library.related_search(headline, source=ids["Council meets"])
    assert [h.article.id for h in hits] == [ids["Ferry news"]]  # query words, not operators
    assert library.search("night ferry", exclude=ids["Ferry news"])[0].article.id == ids["Council meets"]
    library.remove_feeds([library.articles()[0].feed_id])
    assert library.related_search(headline, source=ids["Council meets"]) == []


def test_article_link_whose_target_was_deleted_is_resolved_again(library, tmp_path: Path) -> None:
    """Issue 12, item 9: a byline:article/ID link to a removed story re-resolves its headline."""
    library.add_feed(str(feed_file(tmp_path, "src.xml", ("s1", "Council meets", "<p>x</p><p>[Bus depot to close after fifty years]</p>"))))
    first = library.add_feed(str(feed_file(tmp_path, "a.xml", ("a1", "Bus depot to close after fifty years", "<p>A.</p>"))))
    ids = {a.title: a.id for a in library.articles()}
    source, target = ids["Council meets"], ids["Bus depot to close after fifty years"]
    assert f"byline:article/{target}" in library.render(source).html
    headline = "Bus depot to close after fifty years"
    assert library.follow_article_link(target, headline=headline, source=source) == target
    library.remove_feeds([first.feed.id])
    assert library.follow_article_link(target, headline=headline, source=source) is None
    library.add_feed(str(feed_file(tmp_path, "b.xml", ("b1", "Bus Depot to Close After Fifty Years", "<p>B.</p>"))))
    again = next(a.id for a in library.articles() if a.title == "Bus Depot to Close After Fifty Years")
    assert library.follow_article_link(target, headline=headline, source=source) == again
    # an id given again to another story does not lead there
    other = library.add_feed(str(feed_file(tmp_path, "c.xml", ("c1", "Tram timetable", "<p>C.</p>"))))
    tram = next(a.id for a in library.articles() if a.title == "Tram timetable")
    assert library.follow_article_link(tram, headline=headline, source=source) == again
    assert other.feed.id and library.follow_article_link(12345, source=source) is None


def test_a_backup_brings_back_each_feeds_options_but_never_its_login(data_dir: Path) -> None:
    lib = open_library(data_dir)
    feed_id = lib.add_feed("byline:sample/fieldnotes.atom").feed.id
    lib.set_feed_images(feed_id, False)
    lib.set_feed_interval(feed_id, 45)
    lib.set_feed_full_stories(feed_id, True)
    lib.set_feed_user_agent(feed_id, "Mozilla/5.0 (X11) Options")
    lib.secrets = MemorySecrets()
    lib.set_feed_login(feed_id, Login("otter", "s3cret-otter-pass"))
    lib.mark_saved([lib.articles()[0].id])
    backup = lib.backup()
    assert backup is not None
    assert b"s3cret-otter-pass" not in backup.read_bytes() and b"otter" not in backup.read_bytes()
    lib.close()
    for extra in data_dir.glob("library.sqlite3*"):
        extra.unlink()  # disaster
    lib = open_library(data_dir)
    assert lib.restore_saved(backup) == 1
    (feed,) = lib.feeds()
    assert (feed.allow_images, feed.refresh_minutes, feed.full_stories, feed.user_agent) == (
        False, 45, True, "Mozilla/5.0 (X11) Options"
    )
    exported = lib.export_opml()
    assert 'byline:refreshMinutes="45"' in exported and "s3cret" not in exported
    lib.close()


def test_importing_options_leaves_a_feed_already_here_as_it_is(library) -> None:
    feed_id = library.add_feed("byline:sample/fieldnotes.atom").feed.id
    theirs = library.export_opml().replace("<outline type", '<outline byline:fullStories="true" type')
    theirs = theirs.replace("<opml ", '<opml xmlns:byline="https://byline.invalid/ns/opml/1" ', 1)
    result = library.import_opml(theirs.encode())
    assert result.added == 0 and result.present == 1
    assert library.feed(feed_id).full_stories is False
