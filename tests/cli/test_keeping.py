"""The commands for what Byline keeps: feed-options, keep-images, save --keep-images, show --feed-text, export-saved --epub."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.cli.test_cli import Run
from tests.images import SCRIPT_SVG, png
from tests.servers import FeedServer
from tests.sites import NewsSite


@pytest.fixture
def site(feed_server: FeedServer) -> NewsSite:
    site = NewsSite(feed_server)
    site.image("/img/dawn.png", png(30, 20))
    site.image("/img/bad.svg", SCRIPT_SVG, "image/svg+xml")
    site.story("dawn", "The harbour at dawn", teaser='<p>A teaser.</p><p><img src="/img/bad.svg" alt="bad"></p>', figures=("/img/dawn.png",))
    return site


@pytest.fixture
def run(data_dir: Path, site: NewsSite) -> Run:
    run = Run(data_dir)
    code, out, err = run("add", site.feed_url)
    assert code == 0, err
    return run


def article_id(run: Run) -> int:
    (article,) = run.json("articles")
    return int(article["id"])


def test_feed_options_shows_and_sets_full_stories_and_images(run: Run, site: NewsSite) -> None:
    code, out, err = run("feed-options", "1")
    assert (code, out) == (0, "1\tHarbour Ledger\nfull stories\toff\nremote images\tdefault (off)\n"), err
    code, out, err = run("feed-options", "1", "--full-stories", "on", "--images", "on")
    assert code == 0 and "full stories\ton\nremote images\ton\n" in out, err
    (feed,) = run.json("feeds")
    assert feed["full_stories"] is True
    assert run("refresh")[0] == 0
    shown = run.json("show", str(article_id(run)))
    assert shown["full_story"] is True and "Perihelion" in shown["text"]
    code, out, err = run("show", str(article_id(run)), "--feed-text", "--text")
    assert code == 0 and "A teaser." in out and "Perihelion" not in out, err
    assert run("feed-options", "1", "--full-stories", "maybe")[0] == 2
    code, _, err = run("feed-options", "99", "--full-stories", "on")
    assert code == 1 and err == "byline: no feed with id 99\n"


def test_a_failed_full_story_is_said_on_stderr_and_the_feed_text_shown(run: Run, site: NewsSite, feed_server: FeedServer) -> None:
    site.stories[0].page_status = 503
    run("feed-options", "1", "--full-stories", "on")
    run("refresh")
    code, out, err = run("show", str(article_id(run)), "--text")
    assert code == 0 and "A teaser." in out
    assert err == "showing the feed's text: the full story could not be kept (server answered 503 Service Unavailable)\n"


def test_keep_images_downloads_and_reports_refusals(run: Run, site: NewsSite) -> None:
    aid = article_id(run)
    code, out, err = run("keep-images", str(aid))
    assert code == 0, err
    assert out == f"article {aid}: 0 images kept, 1 refused\n"
    assert err == f"article {aid}: image {site.url('/img/bad.svg')} not kept: an SVG with a script is refused\n"
    assert run("keep-images", "4242")[0] == 1


def test_save_keep_images_keeps_the_story_images_without_the_feed_allowing_them(run: Run, site: NewsSite) -> None:
    aid = article_id(run)
    code, out, err = run("save", str(aid), "--keep-images")
    assert code == 0, err
    assert "image " + site.url("/img/bad.svg") + " not kept" in err
    shown = run.json("show", str(aid))
    kept = [i for i in shown["images"] if i["kept"]]
    assert len(kept) == 1 and kept[0]["type"] == "image/png" and kept[0]["src"] in shown["html"]
    refused = [i for i in shown["images"] if not i["kept"]]
    assert refused == [{"url": site.url("/img/bad.svg"), "kept": False, "src": None, "type": None, "size": None,
                        "note": "an SVG with a script is refused"}]


def test_save_without_images_allowed_downloads_none(run: Run, site: NewsSite, feed_server: FeedServer) -> None:
    assert run("save", str(article_id(run)))[0] == 0
    assert [r.path for r in feed_server.requests if r.path.startswith("/img/")] == []


def test_export_saved_epub_and_folder(run: Run, tmp_path: Path) -> None:
    aid = article_id(run)
    run("save", str(aid), "--keep-images")
    book, folder = tmp_path / "saved.epub", tmp_path / "pages"
    code, out, err = run("export-saved", str(folder), "--epub", str(book))
    assert code == 0, err
    assert out == f"exported 1 saved article to {folder}\nwrote 1 saved article to the book {book}\n"
    with zipfile.ZipFile(book) as z:
        assert any(name.startswith("OEBPS/images/") and name.endswith(".png") for name in z.namelist())
    assert (folder / "index.html").is_file()
    code, out, err = run("export-saved")
    assert code == 2 and "give a folder (DIR), --epub FILE, or both" in err
    code, out, err = run("export-saved", "--epub", str(tmp_path / "missing" / "dir" / "x.epub"))
    assert code == 1 and err.startswith("byline: cannot write") and err.count("\n") == 1
