"""The main window driven with qtbot on a library of three small feeds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextDocument

from reader.core.models import SmartFeed
from reader.ui.article_list import TITLE_COL
from tests.ui.conftest import DATA, article_id, wait_idle


def show(qtbot, window, key):
    with qtbot.waitSignal(window.list_loaded, timeout=5000):
        assert window.select_key(key)


def open_row(qtbot, window, row):
    expected = window.list_model.article_id(row)
    with qtbot.waitSignal(window.article_shown, timeout=5000, check_params_cb=lambda i: i == expected):
        window._select_row(row)
    return expected


def click_link(qtbot, window, href, *, shown=None):
    if shown is None:
        window.pane.anchorClicked.emit(QUrl(href))
        wait_idle(qtbot, window)
        return
    with qtbot.waitSignal(window.article_shown, timeout=5000, check_params_cb=lambda i: i == shown):
        window.pane.anchorClicked.emit(QUrl(href))


def test_selection_flows_from_tree_to_list_to_pane_and_counts_follow(qtbot, feeds_library, make_window):
    lib = feeds_library
    window = make_window(lib)
    assert window.tree_model.count_of("smart:unread") == 6
    assert window.list_model.rowCount() == 6
    feed_id = lib.feeds()[0].id
    show(qtbot, window, f"feed:{feed_id}")
    assert window.list_model.rowCount() == 3
    assert window.tree_model.count_of(f"feed:{feed_id}") == 3
    with qtbot.waitSignal(window.counts_updated, timeout=5000):
        shown = open_row(qtbot, window, 0)
    assert lib.article(shown).read
    assert window.tree_model.count_of(f"feed:{feed_id}") == 2
    assert window.tree_model.count_of("smart:unread") == 5
    assert window.list_model.index(0, TITLE_COL).data(Qt.ItemDataRole.FontRole) is None
    text = window.pane.toPlainText()
    assert lib.article(shown).title in text and "Harbor & Hill World Desk" in text and "Original" in text
    # a folder shows the articles of its feeds
    lib.create_folder("News")
    folder = lib.folders()[0]
    lib.move_feed(feed_id, folder.id)
    with qtbot.waitSignal(window.tree_loaded, timeout=5000):
        window.reload_tree()
    show(qtbot, window, f"folder:{folder.id}")
    assert window.list_model.rowCount() == 3
    assert window.tree_model.count_of(f"folder:{folder.id}") == 2


def test_keys_move_mark_save_and_open(qtbot, feeds_library, make_window):
    lib = feeds_library
    window = make_window(lib)
    show(qtbot, window, "smart:all")
    ids = window.list_model.ids
    open_row(qtbot, window, 0)
    window.list.setFocus()
    with qtbot.waitSignal(window.article_shown, timeout=5000, check_params_cb=lambda i: i == ids[1]):
        qtbot.keyClick(window.list, Qt.Key.Key_J)
    with qtbot.waitSignal(window.article_shown, timeout=5000, check_params_cb=lambda i: i == ids[0]):
        qtbot.keyClick(window.list, Qt.Key.Key_K)
    first = ids[0]
    qtbot.waitUntil(lambda: lib.article(first).read, timeout=5000)
    # s saves (the star shows at once), m toggles read
    wait_idle(qtbot, window)
    qtbot.keyClick(window.list, Qt.Key.Key_S)
    assert window.list_model.index(0, 0).data() == "★"
    assert window.tree_model.count_of("smart:saved") == 1  # at once, before the write
    qtbot.waitUntil(lambda: lib.article(first).saved, timeout=5000)
    qtbot.keyClick(window.list, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: not lib.article(first).read, timeout=5000)
    assert window.list_model.index(0, TITLE_COL).data(Qt.ItemDataRole.FontRole).bold()
    # o and Enter open the original in the (fake) browser
    qtbot.keyClick(window.list, Qt.Key.Key_O)
    qtbot.keyClick(window.list, Qt.Key.Key_Return)
    assert window.opened == [lib.article(first).url] * 2
    # n skips read articles: mark the next one read first
    lib.mark_read([ids[1]])
    with qtbot.waitSignal(window.list_loaded, timeout=5000):
        window.load_list()
    with qtbot.waitSignal(window.article_shown, timeout=5000, check_params_cb=lambda i: i == ids[2]):
        qtbot.keyClick(window.list, Qt.Key.Key_N)
    # space at the end of a short article moves to the next unread one
    with qtbot.waitSignal(window.article_shown, timeout=5000, check_params_cb=lambda i: i == ids[3]):
        qtbot.keyClick(window.list, Qt.Key.Key_Space)
    # / focuses the search field; Ctrl+= zooms the pane
    size = window.pane.font().pointSizeF()
    qtbot.keyClick(window.list, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.pane.font().pointSizeF() > size
    qtbot.keyClick(window.list, Qt.Key.Key_Slash)
    assert window.search_field.hasFocus()
    # every action shows its shortcut in its tooltip
    assert "(J)" in window.actions.next.toolTip() and "Ctrl+Q" in window.actions.quit.toolTip()


def test_space_pages_down_a_long_article_first(qtbot, library, make_window, tmp_path):
    long_body = "".join(f"<p>Paragraph {i} of a long story about the harbour.</p>" for i in range(200))
    feed = tmp_path / "long.xml"
    feed.write_text(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Long</title><link>https://l.example/</link>"
        f"<item><title>Long one</title><guid>l1</guid><description><![CDATA[{long_body}]]></description></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    library.add_feed(str(feed))
    window = make_window(library)
    open_row(qtbot, window, 0)
    bar = window.pane.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0
    qtbot.keyClick(window.list, Qt.Key.Key_Space)
    assert bar.value() > 0


def test_related_links_route_in_place_to_search_or_to_the_browser(qtbot, feeds_library, make_window):
    lib = feeds_library
    window = make_window(lib)
    show(qtbot, window, "smart:all")
    ceasefire = article_id(lib, "Ceasefire")
    with qtbot.waitSignal(window.article_shown, timeout=5000):
        window.open_in_place(ceasefire)
    doc = window.pane.toHtml()
    bridge, market = article_id(lib, "Bridge"), article_id(lib, "Market")
    assert f'href="byline:article/{bridge}"' in doc
    assert 'href="https://news.example.org/city/market-prices"' in doc
    assert "byline:related?q=A%20headline" in doc
    # 1. byline:article/ID opens that article in place
    click_link(qtbot, window, f"byline:article/{bridge}", shown=bridge)
    assert "Bridge reopens" in window.pane.toPlainText()
    # 2. an http link to an article of the library opens it in place
    click_link(qtbot, window, "https://news.example.org/city/market-prices", shown=market)
    # 3a. an unresolved related headline that now matches an article opens it
    night = article_id(lib, "Night buses")
    click_link(qtbot, window, "byline:related?q=Night%20buses%20return%20to%20the%20old%20routes", shown=night)
    # 3b. no match: the offline search runs for the headline
    with qtbot.waitSignal(window.search_shown, timeout=5000):
        window.pane.anchorClicked.emit(QUrl("byline:related?q=Glacier%20retreat%20headline%20nobody%20wrote"))
    assert window.middle.currentWidget() is window.results
    assert window.search_field.text() == "Glacier retreat headline nobody wrote"
    assert window.opened == []
    # other web and mail links go to the browser; anything else is refused
    click_link(qtbot, window, "https://elsewhere.example.net/owls")
    click_link(qtbot, window, "mailto:notes@example.org")
    click_link(qtbot, window, "javascript:alert(1)")
    click_link(qtbot, window, "file:///etc/passwd")
    assert window.opened == ["https://elsewhere.example.net/owls", "mailto:notes@example.org"]
    assert "cannot be opened" in window.status_label.text()


def test_search_replaces_the_list_and_escape_returns(qtbot, feeds_library, make_window):
    window = make_window(feeds_library)
    qtbot.keyClick(window.list, Qt.Key.Key_Slash)
    qtbot.keyClicks(window.search_field, "bridge")
    with qtbot.waitSignal(window.search_shown, timeout=5000) as blocker:
        qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    assert blocker.args[0] == 2
    assert window.middle.currentWidget() is window.results
    assert "<b>bridge</b>" in window.search_model.index(0).data(Qt.UserRole + 4).lower()
    with qtbot.waitSignal(window.article_shown, timeout=5000):
        qtbot.keyClick(window.results, Qt.Key.Key_J)
    qtbot.keyClick(window.results, Qt.Key.Key_Escape)
    assert window.middle.currentWidget() is window.list and window.search_field.text() == ""
    # a query the core cannot read ends in the status bar, not a dialog
    window.search_for('"')
    wait_idle(qtbot, window)


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
    from tests.servers import Response

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


def test_titles_and_names_are_shown_as_text(qtbot, feeds_library, make_window):
    window = make_window(feeds_library)
    city = next(f for f in feeds_library.feeds() if f.title == "City <Notes>")
    index = window.tree_model.index_of(f"feed:{city.id}")
    assert index.data() == "City <Notes>"
    assert "&lt;Notes&gt;" in index.data(Qt.ItemDataRole.ToolTipRole)
    show(qtbot, window, f"feed:{city.id}")
    open_row(qtbot, window, 0)
    assert "City <Notes>" in window.pane.toPlainText()
    glacier = article_id(feeds_library, "Glacier")
    with qtbot.waitSignal(window.article_shown, timeout=5000):
        window.show_article(glacier)
    assert "Glacier survey finds faster retreat" in window.pane.toPlainText()


def test_add_feed_and_preferences_dialogs(qtbot, library, make_window):
    window = make_window(library)
    assert "byline:addfeed" in window.pane.toHtml()  # the empty library's welcome page
    dialog = window.add_feed_dialog()
    assert dialog.isVisible()
    dialog.url.setText(str(DATA / "world.xml"))
    dialog.folder.setCurrentText("News/World")
    with qtbot.waitSignal(window.list_loaded, timeout=10000):
        dialog.accept()
    feeds = library.feeds()
    assert len(feeds) == 1 and feeds[0].folder == "News/World"
    assert window.tree.current_key() == f"feed:{feeds[0].id}"
    assert window.list_model.rowCount() == 3
    # a refused address ends in the status bar
    bad = window.add_feed_dialog()
    bad.url.setText("exec:rm -rf /")
    with qtbot.waitSignal(window.status_shown, timeout=5000, check_params_cb=lambda t: t.startswith("Could not add")):
        bad.accept()
    prefs = window.preferences_dialog()
    prefs.interval.setValue(30)
    prefs.images.setChecked(True)
    prefs.font_size.setValue(15)
    prefs.delay.setValue(500)
    prefs.accept()
    qtbot.waitUntil(lambda: library.setting("mark_read_delay_ms") == 500, timeout=5000)
    assert library.setting("images") is True and library.setting("refresh_interval_minutes") == 30
    assert window._refresh_timer.interval() == 30 * 60_000
    assert window.pane.font().pointSize() == 15


def test_mark_read_waits_for_the_configured_delay(qtbot, feeds_library, make_window):
    feeds_library.set_setting("mark_read_delay_ms", 150)
    window = make_window(feeds_library)
    qtbot.waitUntil(lambda: window.prefs.mark_read_delay_ms == 150, timeout=5000)
    shown = open_row(qtbot, window, 0)
    assert not feeds_library.article(shown).read
    qtbot.waitUntil(lambda: feeds_library.article(shown).read, timeout=5000)


def test_tree_menu_rename_move_delete_and_drop(qtbot, feeds_library, make_window):
    lib = feeds_library
    window = make_window(lib)
    prompts = window.fake_prompts
    feed = lib.feeds()[0]

    def run(menu_key, label, *answers):
        prompts.answers.extend(answers)
        menu = window.tree_edits.menu(menu_key)
        action = next(a for a in menu.actions() if a.text().replace("&", "") == label)
        with qtbot.waitSignal(window.tree_loaded, timeout=5000):
            action.trigger()
        menu.close()

    run(f"feed:{feed.id}", "New Folder…", "Politics")
    folder = lib.folders()[0]
    assert window.tree_model.index_of(f"folder:{folder.id}").isValid()
    run(f"feed:{feed.id}", "Rename…", "Renamed <b>feed</b>")
    assert window.tree_model.index_of(f"feed:{feed.id}").data() == "Renamed <b>feed</b>"
    run(f"feed:{feed.id}", "Check Every…", "15")
    assert lib.feed(feed.id).refresh_minutes == 15
    run(f"feed:{feed.id}", "Check Every…", "")
    assert lib.feed(feed.id).refresh_minutes is None
    run(f"feed:{feed.id}", "Move to Folder…", "Politics")
    assert lib.feed(feed.id).folder_id == folder.id
    assert window.tree_model.index_of(f"feed:{feed.id}").parent() == window.tree_model.index_of(f"folder:{folder.id}")
    # dropping it on the top level moves it back
    model = window.tree_model
    with qtbot.waitSignal(window.tree_loaded, timeout=5000):
        model.dropMimeData(model.mimeData([model.index_of(f"feed:{feed.id}")]), Qt.DropAction.MoveAction, -1, -1, model.index_of("x"))
    assert lib.feed(feed.id).folder_id is None
    # delete asks first; "no" keeps the feed
    prompts.answers.append(False)
    menu = window.tree_edits.menu(f"feed:{feed.id}")
    next(a for a in menu.actions() if a.text() == "Delete…").trigger()
    wait_idle(qtbot, window)
    assert any(f.id == feed.id for f in lib.feeds()) and prompts.asked[-1] == ("confirm", "Delete Feed")
    run(f"feed:{feed.id}", "Delete…", True)
    assert all(f.id != feed.id for f in lib.feeds())
    assert not window.tree_model.index_of(f"feed:{feed.id}").isValid()
    # mark all read on a smart feed
    prompts.answers.clear()
    menu = window.tree_edits.menu("smart:unread")
    with qtbot.waitSignal(window.counts_updated, timeout=5000):
        next(a for a in menu.actions() if a.text() == "Mark All Read").trigger()
    assert window.tree_model.count_of("smart:unread") == 0
    assert lib.smart_counts()[SmartFeed.UNREAD] == 0


def test_opml_import_and_export(qtbot, library, make_window, tmp_path, feed_server):
    from tests.servers import Response

    feed_server.route("/a.xml", Response(body=(DATA / "world.xml").read_bytes(), content_type="application/rss+xml"))
    opml = tmp_path / "subs.opml"
    opml.write_text(
        "<?xml version='1.0'?><opml version='2.0'><head><title>s</title></head><body>"
        f"<outline text='Imported'><outline type='rss' text='A' xmlUrl='{feed_server.url('/a.xml')}'/></outline>"
        "</body></opml>",
        encoding="utf-8",
    )
    window = make_window(library)
    window.fake_prompts.answers.append(str(opml))
    with qtbot.waitSignal(window.workers.refresh_finished, timeout=10000):
        window.tree_edits.import_opml()
    qtbot.waitUntil(lambda: window.tree_model.count_of("smart:unread") == 3, timeout=5000)
    assert [f.path for f in library.folders()] == ["Imported"]
    out = tmp_path / "out.opml"
    window.fake_prompts.answers.append(str(out))
    window.tree_edits.export_opml()
    qtbot.waitUntil(out.exists, timeout=5000)
    assert feed_server.url("/a.xml") in out.read_text(encoding="utf-8")
    # a malformed file imports nothing and says so
    bad = tmp_path / "bad.opml"
    bad.write_text("<opml><body><outline", encoding="utf-8")
    window.fake_prompts.answers.append(str(bad))
    with qtbot.waitSignal(window.status_shown, timeout=5000, check_params_cb=lambda t: t.startswith("Import failed")):
        window.tree_edits.import_opml()
    assert len(library.feeds()) == 1


def test_state_is_restored_on_restart(qtbot, feeds_library, make_window):
    lib = feeds_library
    window = make_window(lib)
    city = next(f for f in lib.feeds() if f.title == "City <Notes>")
    show(qtbot, window, f"feed:{city.id}")
    chosen = open_row(qtbot, window, 1)
    window.resize(700, 500)
    window.splitter.setSizes([200, 300, 500])
    sizes = window.splitter.sizes()
    window.close()
    assert (lib.data_dir / "window.ini").is_file()
    again = make_window(lib, wait_list=False)
    with qtbot.waitSignal(again.article_shown, timeout=5000) as blocker:
        pass
    assert blocker.args == [chosen]
    assert again.tree.current_key() == f"feed:{city.id}"
    assert again.list.currentIndex().row() == 1
    assert again.size().width() == 700 and again.splitter.sizes() == sizes


def test_first_launch_offers_the_sample_library(qtbot, library, make_window, tmp_path):
    resources = tmp_path / "res"
    (resources / "sample").mkdir(parents=True)
    for name in ("world.xml", "city.atom"):
        shutil.copy(DATA / name, resources / "sample" / name)
    (resources / "sample" / "README.txt").write_text("not a feed", encoding="utf-8")
    window = make_window(library, resources=resources)
    assert "byline:sample" in window.pane.toHtml()
    with qtbot.waitSignal(window.tree_loaded, timeout=10000):
        window.pane.anchorClicked.emit(QUrl("byline:sample"))
    assert len(library.feeds()) == 2
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 5, timeout=5000)
    assert window.tree_model.count_of("smart:unread") == 5
    assert [f.path for f in library.folders()] == ["Sample"]


def test_saving_keeps_a_full_copy_and_offers_the_feed_text(qtbot, feeds_library, make_window, monkeypatch):
    lib = feeds_library
    calls = []

    def fake_copy(article_id):
        calls.append(article_id)
        lib.store.set_full_copy(article_id, "<p>The FULL saved page.</p>", "The FULL saved page.")
        return

    monkeypatch.setattr(lib, "save_full_copy", fake_copy, raising=False)
    window = make_window(lib)
    shown = open_row(qtbot, window, 0)
    with qtbot.waitSignal(window.status_shown, timeout=5000, check_params_cb=lambda t: "full offline copy" in t):
        window.toggle_saved()
    assert calls == [shown]
    with qtbot.waitSignal(window.article_shown, timeout=5000):
        window.show_article(shown)
    assert "The FULL saved page." in window.pane.toPlainText()
    assert "byline:feedtext" in window.pane.toHtml()
    click_link(qtbot, window, "byline:feedtext", shown=shown)
    assert "The FULL saved page." not in window.pane.toPlainText()
    assert "byline:fullcopy" in window.pane.toHtml()


@pytest.mark.parametrize("unread_only", [False, True])
def test_unread_only_toggle_and_date_sort(qtbot, feeds_library, make_window, unread_only):
    lib = feeds_library
    lib.mark_read([article_id(lib, "Bridge")])
    window = make_window(lib)
    show(qtbot, window, "smart:all")
    newest = window.list_model.ids[0]
    if unread_only:
        with qtbot.waitSignal(window.list_loaded, timeout=5000):
            window.actions.unread_only.trigger()
        assert window.list_model.rowCount() == 5
    else:
        assert window.list_model.rowCount() == 6
    window._on_header_clicked(3)
    assert window.list_model.ids[-1] == newest
    assert Path(lib.data_dir).is_dir()


def test_add_feed_dialog_finds_a_sites_feeds_and_adds_the_one_picked(qtbot, library, make_window, feed_server):
    from tests.servers import Response

    rss = (DATA / "world.xml").read_bytes()
    feed_server.route("/news.xml", Response(body=rss, content_type="application/rss+xml"))
    feed_server.route("/comments.xml", Response(body=rss.replace(b"<title>", b"<title>Comments on ", 1), content_type="application/rss+xml"))
    feed_server.route("/", Response(content_type="text/html", body=(
        b'<html><head><link rel="alternate" type="application/rss+xml" title="All news" href="/news.xml">'
        b'<link rel="alternate" type="application/rss+xml" title="Comments" href="/comments.xml"></head></html>'
    )))
    window = make_window(library)
    dialog = window.add_feed_dialog()
    dialog.url.setText(feed_server.url("/"))
    assert not dialog.found.isVisible()
    dialog.find_button.click()
    qtbot.waitUntil(lambda: dialog.found.count() == 2, timeout=10000)
    assert dialog.found.isVisible() and "All news" in dialog.found.itemText(0)
    dialog.found.setCurrentIndex(1)
    assert dialog.values()[0] == feed_server.url("/comments.xml")
    with qtbot.waitSignal(window.list_loaded, timeout=10000):
        dialog.accept()
    assert [f.url for f in library.feeds()] == [feed_server.url("/comments.xml")]
    # typing a new address forgets what was found for the old one
    again = window.add_feed_dialog()
    again.url.setText(feed_server.url("/"))
    again.find_button.click()
    qtbot.waitUntil(lambda: again.found.count() == 2, timeout=10000)
    again.url.setText("https://elsewhere.example.org/")
    assert again.found.count() == 0 and not again.found.isVisible()
    feed_server.route("/plain", Response(content_type="text/html", body=b"<html><body>No feeds here.</body></html>"))
    again.url.setText(feed_server.url("/plain"))
    again.find_button.click()
    qtbot.waitUntil(lambda: again.find_status.text() == "No feed was found on that page.", timeout=10000)
    again.reject()


def test_feed_menu_sets_the_feeds_image_policy_and_shows_the_article_again(qtbot, library, make_window, tmp_path):
    path = tmp_path / "pictures.xml"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Pictures</title>'
        "<item><title>Herons at dusk</title><guid>h1</guid>"
        '<description>&lt;p&gt;Look.&lt;/p&gt;&lt;img src="https://img.example.org/heron.jpg" alt="A heron"&gt;</description>'
        "</item></channel></rss>",
        encoding="utf-8",
    )
    feed_id = library.add_feed(str(path)).feed.id
    window = make_window(library)
    with qtbot.waitSignal(window.list_loaded, timeout=5000):
        window.select_key(f"feed:{feed_id}")
    with qtbot.waitSignal(window.article_shown, timeout=5000):
        window._select_row(0)
    assert "heron.jpg" not in window.pane.toHtml()

    def choose(label: str) -> None:
        menu = window.tree_edits.menu(f"feed:{feed_id}")
        images = next(a for a in menu.actions() if a.text() == "Remote Images").menu()
        action = next(a for a in images.actions() if a.text() == label)
        with qtbot.waitSignal(window.article_shown, timeout=5000):
            action.trigger()
        menu.close()

    choose("Always Load")
    assert library.feed(feed_id).allow_images is True
    assert "heron.jpg" in window.pane.toHtml()
    qtbot.waitUntil(lambda: window.tree_model.feed(feed_id).allow_images is True, timeout=5000)
    menu = window.tree_edits.menu(f"feed:{feed_id}")
    checked = [a.text() for a in next(a for a in menu.actions() if a.text() == "Remote Images").menu().actions() if a.isChecked()]
    menu.close()
    assert checked == ["Always Load"]
    choose("As in Preferences")
    assert library.feed(feed_id).allow_images is None
    assert "heron.jpg" not in window.pane.toHtml()
