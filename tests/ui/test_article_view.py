"""The article pane: never a local file, kept images always, remote images only when allowed, zoom, the dark stylesheet."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication

from reader import paths
from tests.servers import Response
from tests.ui.conftest import click_link, open_row, wait_idle


def test_pane_never_reads_local_files(qtbot, feeds_library, make_window, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER", encoding="utf-8")
    window = make_window(feeds_library)
    pane = window.pane
    pane._images_allowed = True  # even when images are allowed
    for url in ("file:///etc/passwd", "/etc/passwd", secret.as_uri(), str(secret), "qrc:/x.png", "data:text/plain,hi"):
        for kind in QTextDocument.ResourceType:
            assert pane.loadResource(kind.value, QUrl(url)) is None, (url, kind)
            assert pane.document().loadResource(kind.value, QUrl(url)) is None, (url, kind)
    pane.show_page(
        f"<link rel='stylesheet' href='{secret.as_uri()}'><img src='{secret}'><img src='{secret.as_uri()}'>"
        f"<iframe src='{secret}'></iframe><p>body</p>"
    )
    assert "TOP-SECRET" not in pane.toHtml() and "TOP-SECRET" not in pane.toPlainText()
    assert pane.document().resource(QTextDocument.ResourceType.ImageResource.value, QUrl(secret.as_uri())) is None


def png_bytes() -> bytes:
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QColor, QImage

    image = QImage(4, 4, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data().data())


def test_remote_images_only_when_allowed(qtbot, library, make_window, feed_server):

    image_url = feed_server.url("/pic.png")
    feed_server.route("/pic.png", Response(body=png_bytes(), content_type="image/png"))
    feed_server.route(
        "/feed.xml",
        Response(
            content_type="application/rss+xml",
            body=(
                "<?xml version='1.0'?><rss version='2.0'><channel><title>Pictures</title><link>https://p.example/</link>"
                f"<item><title>With a picture</title><guid>p1</guid><description><![CDATA[<p>Look:</p><img src='{image_url}' alt='a dot'>]]></description></item>"
                "</channel></rss>"
            ),
        ),
    )
    feed = library.add_feed(feed_server.url("/feed.xml")).feed
    window = make_window(library)
    open_row(qtbot, window, 0)
    wait_idle(qtbot, window)
    assert feed_server.hits.get("/pic.png", 0) == 0
    assert "[image: a dot]" in window.pane.toPlainText()
    library.set_feed_images(feed.id, True)
    with qtbot.waitSignal(window.article_shown, timeout=5000):
        window.show_article(window.list_model.article_id(0))
    qtbot.waitUntil(lambda: window.pane.has_image(image_url), timeout=5000)
    assert feed_server.hits["/pic.png"] == 1
    assert "[image" not in window.pane.toPlainText()


def test_kept_images_answer_only_from_what_the_window_handed_over(qtbot, feeds_library, make_window):
    from PySide6.QtGui import QImage

    window = make_window(feeds_library)
    pane = window.pane
    wanted = []
    pane.image_wanted.connect(wanted.append)
    article = feeds_library.articles()[0]
    kept = QImage.fromData(png_bytes())
    image_kind = QTextDocument.ResourceType.ImageResource.value
    pane.show_article(article, "<p><img src='byline:image/abc'></p>", images=False, kept={"byline:image/abc": kept})
    assert pane.loadResource(image_kind, QUrl("byline:image/abc")) is kept  # shown with remote images off
    assert pane.loadResource(image_kind, QUrl("byline:image/other")) is None
    assert pane.loadResource(QTextDocument.ResourceType.StyleSheetResource.value, QUrl("byline:image/abc")) is None
    assert pane.has_image("byline:image/abc") and wanted == []
    pane.show_article(article, "<p>next</p>", images=True)
    assert pane.loadResource(image_kind, QUrl("byline:image/abc")) is None  # kept images belong to the shown article
    assert wanted == []  # a byline: address is never asked of the network
    pane.show_page("<p>welcome</p>")
    assert not pane.has_image("byline:image/abc")


def test_zoom_in_out_and_back_to_actual_size(qtbot, feeds_library, make_window):
    window = make_window(feeds_library)
    size = window.pane.font().pointSizeF()
    window.list.setFocus()
    qtbot.keyClick(window.list, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.list, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.pane.font().pointSizeF() > size
    qtbot.keyClick(window.list, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.pane.font().pointSizeF() > size
    qtbot.keyClick(window.list, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.pane.font().pointSizeF() == size


def test_a_dark_palette_loads_the_dark_article_css(qtbot, feeds_library, make_window):
    from reader.ui.style import dark_palette

    resources = paths.resources_dir()
    if not (resources / "article-dark.css").is_file():
        pytest.skip("reader/resources/article-dark.css is absent")
    app = QApplication.instance()
    before = app.palette()
    window = make_window(feeds_library, resources=resources)
    try:
        assert not window.pane.dark
        dark_css = (resources / "article-dark.css").read_text(encoding="utf-8")
        assert dark_css not in window.pane.document().defaultStyleSheet()
        app.setPalette(dark_palette())
        qtbot.waitUntil(lambda: window.pane.dark, timeout=2000)
        css = window.pane.document().defaultStyleSheet()
        light_css = (resources / "article.css").read_text(encoding="utf-8")
        assert css.index(light_css) < css.index(dark_css)  # dark overrides come after
    finally:
        app.setPalette(before)
    qtbot.waitUntil(lambda: not window.pane.dark, timeout=2000)


def test_show_html_prints_the_bytes_the_pane_is_given(qtbot, feeds_library, make_window, tmp_path):
    """``byline show ID --html`` and the pane get the same body, byte for byte.

    The pane shows its own header (title, feed, date, ★ Saved) above the body and
    wraps both in ``<html><body>``; the comparison is on the body part: what
    ``ArticlePane.show_article`` receives, and the tail of what ``setHtml``
    receives after that header. ``show`` ends its output with one newline.
    """
    from io import StringIO

    from reader.cli import main

    picture = tmp_path / "pictures.xml"
    picture.write_text(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Pictures</title><link>https://p.example/</link>"
        "<item><title>Herons at dusk</title><guid>h1</guid><description><![CDATA[<p>Look.</p>"
        "<figure><img src='https://img.example.org/heron.jpg' alt='A heron'><figcaption>At dusk.</figcaption></figure>"
        "<p>[Glacier survey finds faster retreat]</p><p>[A headline nobody wrote anywhere]</p>]]></description></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    feeds_library.add_feed(str(picture))
    window = make_window(feeds_library)
    pane = window.pane
    given: list[str] = []
    laid_out: list[str] = []
    show_article, set_html = pane.show_article, pane.setHtml

    def record_show(article, body_html, **kwargs):
        given.append(body_html)
        return show_article(article, body_html, **kwargs)

    def record_set(text):
        laid_out.append(text)
        return set_html(text)

    pane.show_article = record_show
    pane.setHtml = record_set
    bodies: list[str] = []
    for article in feeds_library.articles():
        given.clear()
        laid_out.clear()
        with qtbot.waitSignal(window.article_shown, timeout=5000, check_params_cb=lambda i, a=article.id: i == a):
            window.show_article(article.id)
        out, err = StringIO(), StringIO()
        assert main(["--data-dir", str(feeds_library.data_dir), "show", str(article.id), "--html"], out, err) == 0, err.getvalue()
        printed = out.getvalue().encode("utf-8")
        assert len(given) == 1
        body = given[0]
        assert printed == body.encode("utf-8") + b"\n", article.title
        assert laid_out[-1] == f"<html><body>{pane._header}{body}</body></html>"
        assert laid_out[-1].startswith("<html><body><div class='byline-header'>")
        bodies.append(body)
    assert len(bodies) == 7 and sum(b.count('<a class="related"') for b in bodies) >= 3
    assert any("related-box" in b and "[image: A heron]" in b for b in bodies)  # the box and a placeholder both compared
    wait_idle(qtbot, window)


def test_pre_blocks_wrap_inside_the_pane(qtbot, library, make_window, tmp_path):
    """Issue 12, item 13: a long <pre> line never gives the whole pane a horizontal scrollbar."""
    from reader.paths import resources_dir

    code = "x = '" + "long_identifier_" * 40 + "'"
    path = tmp_path / "code.xml"
    path.write_text(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Code</title>"
        f"<item><title>Snippet</title><guid>c1</guid><description><![CDATA[<p>Intro.</p><pre>{code}</pre>]]></description>"
        "</item></channel></rss>",
        encoding="utf-8",
    )
    library.add_feed(str(path))
    window = make_window(library, resources=resources_dir())
    window.resize(1000, 700)
    shown = next(a.id for a in library.articles())
    with qtbot.waitSignal(window.article_shown, timeout=5000):
        window.open_in_place(shown)
    qtbot.wait(50)
    assert window.pane.horizontalScrollBar().maximum() == 0
    assert "long_identifier_" in window.pane.toPlainText()


def test_enclosures_show_under_the_article_with_type_size_open_and_download(qtbot, library, make_window, tmp_path, feed_server):
    """Issue 12, item 16: podcasts and attachments are listed under the article; Download saves one."""
    from tests.servers import Response

    feed_server.route("/e1.mp3", Response(body=b"ID3" + b"\x00" * 2000, content_type="audio/mpeg"))
    audio = feed_server.url("/e1.mp3")
    path = tmp_path / "cast.xml"
    path.write_text(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Cast</title>"
        "<item><title>Episode one</title><guid>e1</guid><description>Notes.</description>"
        f"<enclosure url='{audio}' type='audio/mpeg' length='4718592'/>"
        "<enclosure url='https://cast.example/files/notes%20one.pdf' type='application/pdf'/></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    library.add_feed(str(path))
    window = make_window(library)
    shown = next(a.id for a in library.articles())
    with qtbot.waitSignal(window.article_shown, timeout=5000):
        window.open_in_place(shown)
    text = window.pane.toPlainText()
    assert "Attachments" in text
    assert "e1.mp3 audio/mpeg · 4.5 MB · Open · Download…" in text
    assert "notes one.pdf application/pdf · Open · Download…" in text
    # Open goes to the browser; Download asks where (the downloads folder proposed) and saves it
    click_link(qtbot, window, audio)
    assert window.opened == [audio]
    target = tmp_path / "saved.mp3"
    window.fake_prompts.answers.append(str(target))
    with qtbot.waitSignal(window.status_shown, timeout=5000, check_params_cb=lambda t: t.startswith("Saved e1.mp3")):
        window.pane.anchorClicked.emit(QUrl("byline:download?url=" + quote(audio, safe="")))
    assert target.read_bytes().startswith(b"ID3") and target.stat().st_size == 2003
    assert window.fake_prompts.proposed[-1].endswith("e1.mp3")


def test_empty_state_gives_the_feed_description_as_plain_text():
    """Issue 12, item 2: the empty state names the feed, says what it is about, and counts."""
    from reader.ui.article_view import empty_state_html

    html = empty_state_html(
        "Harbor", 3, 1, description="<script>alert(1)</script><b>Local</b> news &amp; weather,\n  daily"
    )
    doc = QTextDocument()
    doc.setHtml(html)
    text = doc.toPlainText()
    assert "Local news & weather, daily" in text
    assert "<b>" not in html and "alert" not in html
    assert text.index("Harbor") < text.index("Local news") < text.index("3 articles, 1 unread")
    long = empty_state_html("Harbor", 3, 1, description="word " * 500)
    assert long.count("word") < 100 and "…" in long
    assert "class='description'" not in empty_state_html("Harbor", 0, 0, description="  <p></p> ")
