"""Edits of the subscription tree: its menu, OPML in and out, the sample library, a feed's image policy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl

from reader.core.models import SmartFeed
from reader.ui.dialogs import start_folder
from tests.servers import Response
from tests.ui.conftest import DATA, wait_idle


def test_tree_menu_rename_move_delete_and_drop(qtbot, feeds_library, make_window):
    lib = feeds_library
    window = make_window(lib)
    prompts = window.fake_prompts
    feed = lib.feeds()[0]

    def run(menu_key, label, *answers):
        prompts.answers.extend(answers)
        menu = window.tree_controller.menu(menu_key)
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
    menu = window.tree_controller.menu(f"feed:{feed.id}")
    next(a for a in menu.actions() if a.text() == "Unsubscribe…").trigger()
    wait_idle(qtbot, window)
    assert any(f.id == feed.id for f in lib.feeds()) and prompts.asked[-1] == ("confirm", "Delete Feed")
    run(f"feed:{feed.id}", "Unsubscribe…", True)
    assert all(f.id != feed.id for f in lib.feeds())
    assert not window.tree_model.index_of(f"feed:{feed.id}").isValid()
    # mark all read on a smart feed
    prompts.answers.clear()
    menu = window.tree_controller.menu("smart:unread")
    with qtbot.waitSignal(window.counts_updated, timeout=5000):
        next(a for a in menu.actions() if a.text() == "Mark All Read").trigger()
    assert window.tree_model.count_of("smart:unread") == 0
    assert lib.smart_counts()[SmartFeed.UNREAD] == 0


def test_opml_import_and_export(qtbot, library, make_window, tmp_path, feed_server):

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
        window.tree_controller.import_opml()
    qtbot.waitUntil(lambda: window.tree_model.count_of("smart:unread") == 3, timeout=5000)
    assert [f.path for f in library.folders()] == ["Imported"]
    out = tmp_path / "out.opml"
    window.fake_prompts.answers.append(str(out))
    window.tree_controller.export_opml()
    qtbot.waitUntil(out.exists, timeout=5000)
    # the save dialog proposes a file in the documents (or home) folder, not the working directory (item 12)
    proposed = Path(window.fake_prompts.proposed[-1])
    assert proposed.is_absolute() and proposed.name == "subscriptions.opml"
    assert proposed.parent in (Path(start_folder()), Path.home()) and proposed.parent != Path.cwd()
    assert feed_server.url("/a.xml") in out.read_text(encoding="utf-8")
    # a malformed file imports nothing and says so
    bad = tmp_path / "bad.opml"
    bad.write_text("<opml><body><outline", encoding="utf-8")
    window.fake_prompts.answers.append(str(bad))
    with qtbot.waitSignal(window.status_shown, timeout=5000, check_params_cb=lambda t: t.startswith("Import failed")):
        window.tree_controller.import_opml()
    assert len(library.feeds()) == 1


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
    # the welcome page gives way: the library is not empty any more (issue 12, item 2)
    qtbot.waitUntil(lambda: "No article selected" in window.pane.toPlainText(), timeout=5000)
    assert "Your library is empty" not in window.pane.toPlainText()


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
        menu = window.tree_controller.menu(f"feed:{feed_id}")
        images = next(a for a in menu.actions() if a.text() == "Remote Images").menu()
        action = next(a for a in images.actions() if a.text() == label)
        with qtbot.waitSignal(window.article_shown, timeout=5000):
            action.trigger()
        menu.close()

    choose("Always Load")
    assert library.feed(feed_id).allow_images is True
    assert "heron.jpg" in window.pane.toHtml()
    qtbot.waitUntil(lambda: window.tree_model.feed(feed_id).allow_images is True, timeout=5000)
    menu = window.tree_controller.menu(f"feed:{feed_id}")
    checked = [a.text() for a in next(a for a in menu.actions() if a.text() == "Remote Images").menu().actions() if a.isChecked()]
    menu.close()
    assert checked == ["Always Load"]
    choose("As in Preferences")
    assert library.feed(feed_id).allow_images is None
    assert "heron.jpg" not in window.pane.toHtml()


@pytest.mark.qt_log_ignore("This plugin does not support")  # the offscreen platform on a popup menu
def test_feed_menu_fetch_full_stories_turns_them_on_and_fetches_them(qtbot, library, make_window, feed_server, tmp_path):
    from tests.sites import NewsSite

    site = NewsSite(feed_server)
    site.story("dawn", "The harbour at dawn", teaser="<p>A short teaser.</p>")
    feed_id = library.add_feed(site.feed_url).feed.id
    (article,) = library.articles()
    window = make_window(library)

    def stories_action():
        menu = window.tree_controller.menu(f"feed:{feed_id}")
        action = next(a for a in menu.actions() if a.text() == "Fetch Full Stories")
        return menu, action

    menu, action = stories_action()
    assert action.isCheckable() and not action.isChecked()
    menu.popup(window.tree.viewport().mapToGlobal(window.tree.visualRect(window.tree_model.index_of(f"feed:{feed_id}")).center()))
    qtbot.waitExposed(menu)
    shot = tmp_path / "feed-menu.png"
    menu.grab().save(str(shot))
    print(f"\nscreenshot: {shot}")
    action.trigger()
    menu.close()
    qtbot.waitUntil(lambda: library.full_copy_error(article.id) is None and library.open_article(article.id).full_copy, timeout=10000)
    assert library.feed(feed_id).full_stories
    assert feed_server.hits["/story/dawn"] == 1  # fetched at once, by the refresh the switch asked for
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.tree_model.feed(feed_id).full_stories, timeout=5000)
    menu, action = stories_action()
    assert action.isChecked()
    with qtbot.waitSignal(window.tree_loaded, timeout=5000):
        action.trigger()
    menu.close()
    assert not library.feed(feed_id).full_stories


def test_feed_properties_set_full_stories_images_and_interval(qtbot, feeds_library, make_window, tmp_path):
    lib = feeds_library
    feed = lib.feeds()[0]
    window = make_window(lib)
    menu = window.tree_controller.menu(f"feed:{feed.id}")
    assert "Properties…" in [a.text() for a in menu.actions()]
    menu.close()
    dialog = window.tree_controller.properties_dialog(feed.id)
    assert dialog is not None and not dialog.full_stories.isChecked()
    assert dialog.images.currentText() == "As in Preferences" and dialog.interval.value() == 0
    dialog.full_stories.setChecked(True)
    dialog.images.setCurrentIndex(dialog.images.findText("Never load"))
    dialog.interval.setValue(90)
    shot = tmp_path / "feed-properties.png"
    dialog.grab().save(str(shot))
    print(f"\nscreenshot: {shot}")
    with qtbot.waitSignal(window.tree_loaded, timeout=5000):
        dialog.accept()
    changed = lib.feed(feed.id)
    assert (changed.full_stories, changed.allow_images, changed.refresh_minutes) == (True, False, 90)
    wait_idle(qtbot, window)
    again = window.tree_controller.properties_dialog(feed.id)
    assert again is not None and again.full_stories.isChecked() and again.images.currentText() == "Never load"
    again.reject()


def test_opml_import_summary_stays_readable_with_skipped_reasons(qtbot, library, make_window, tmp_path, feed_server):
    """Issue 12, item 5: the summary is a message the user closes, with every skipped entry and why."""
    feed_server.route("/a.xml", Response(body=(DATA / "world.xml").read_bytes(), content_type="application/rss+xml"))
    opml = tmp_path / "mixed.opml"
    opml.write_text(
        "<?xml version='1.0'?><opml version='2.0'><body>\n"
        f"<outline type='rss' text='A' xmlUrl='{feed_server.url('/a.xml')}'/>\n"
        "<outline type='rss' text='Cmd' xmlUrl='exec:rm -rf ~'/>\n"
        "<outline text='Lost its address'/>\n"
        "<outline type='rss' text='B' xmlUrl='https://b.example/feed'>\n"
        "</body></opml>",
        encoding="utf-8",
    )
    window = make_window(library)
    window.fake_prompts.answers.append(str(opml))
    with qtbot.waitSignal(window.workers.refresh_finished, timeout=10000):
        window.tree_controller.import_opml()
    ((title, text, details),) = window.fake_prompts.informed
    assert title == "Import OPML"
    assert text.startswith("Imported 2 feeds, 0 already present, skipped 3.") and "damaged at line 6" in text
    lines = details.splitlines()
    assert lines[0].startswith("Skipped line 6 of the file: not well-formed XML")
    assert "Skipped exec:rm -rf ~: exec: runs a command" in lines
    assert "Skipped Lost its address: no URL" in lines
    assert not library.folders()  # an outline with no URL and no children is not a folder
