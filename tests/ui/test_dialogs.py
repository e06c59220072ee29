"""Add Feed (with Find Feeds), Feed Properties and Preferences, filled in and accepted as a person would."""

from __future__ import annotations

import shiboken6

from reader.ui.dialogs import READABLE_SIZES
from tests.servers import Response
from tests.ui.conftest import DATA


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
    # the pane follows: the new feed's empty state, not the welcome page (issue 12, item 2)
    qtbot.waitUntil(lambda: "No article selected" in window.pane.toPlainText(), timeout=5000)
    assert "Your library is empty" not in window.pane.toPlainText()
    # a refused address: the dialog stays open, says why inline and keeps what was typed (item 4)
    bad = window.add_feed_dialog()
    bad.url.setText("exec:rm -rf /")
    with qtbot.waitSignal(window.status_shown, timeout=5000, check_params_cb=lambda t: t.startswith("Could not add")):
        bad.accept()
    assert bad.isVisible() and bad.url.text() == "exec:rm -rf /"
    assert bad.error.isVisible() and "runs a command" in bad.error.text()
    bad.url.setText(str(DATA / "city.atom"))
    with qtbot.waitSignal(window.list_loaded, timeout=10000):
        bad.accept()
    assert not shiboken6.isValid(bad) or not bad.isVisible()
    assert len(library.feeds()) == 2
    prefs = window.preferences_dialog()
    prefs.interval.setValue(30)
    prefs.images.setChecked(True)
    prefs.font_size.setValue(15)
    prefs.delay.setValue(500)
    prefs.accept()
    qtbot.waitUntil(lambda: library.setting("mark_read_delay_ms") == 500, timeout=5000)
    assert library.setting("images") is True and library.setting("refresh_interval_minutes") == 30
    assert window.refresh_controller.timer.interval() == 30 * 60_000
    assert window.pane.font().pointSize() == 15


def test_add_feed_dialog_finds_a_sites_feeds_and_adds_the_one_picked(qtbot, library, make_window, feed_server):

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


def test_feed_properties_dialog_shows_the_feed_and_returns_its_options(qtbot):
    from datetime import UTC, datetime

    from PySide6.QtWidgets import QLabel

    from reader.core.models import Feed
    from reader.ui.dialogs import FeedPropertiesDialog

    feed = Feed(
        id=3, url="https://harbour.example/feed.xml", title="Harbour Ledger", folder="News", allow_images=True,
        full_stories=True, refresh_minutes=45, last_checked=datetime(2026, 12, 1, 9, 0, tzinfo=UTC),
        last_error="server answered 503 Service Unavailable",
    )
    dialog = FeedPropertiesDialog(feed)
    qtbot.addWidget(dialog)
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    assert "https://harbour.example/feed.xml" in labels and "News" in labels
    assert any("server answered 503" in text for text in labels)
    assert dialog.values() == (True, True, 45)
    dialog.full_stories.setChecked(False)
    dialog.images.setCurrentIndex(dialog.images.findText("As in Preferences"))
    dialog.interval.setValue(0)
    assert dialog.values() == (False, None, None)

def test_font_size_starts_at_the_size_in_use_and_steps_in_readable_sizes(qtbot, library, make_window):
    """Issue 12, item 6: no "system" then 1, 2, 3 pt; the margins grow with a large font."""
    window = make_window(library)
    system = window.font().pointSize()
    prefs = window.preferences_dialog()
    box = prefs.font_size
    assert box.value() == system and box.text() == f"{system} (system) pt"
    box.stepUp()
    assert box.value() == next(s for s in READABLE_SIZES if s > system)  # one readable step up
    box.setValue(16)
    box.stepUp()
    assert box.value() == 18
    box.stepBy(2)
    assert box.value() == 22
    box.stepDown()
    assert box.value() == 20
    box.setValue(system)
    assert prefs.values().font_size == 0  # untouched: still follows the system
    box.setValue(28)
    prefs.accept()
    qtbot.waitUntil(lambda: library.setting("font_size") == 28, timeout=5000)
    assert window.pane.font().pointSize() == 28
    window.resize(900, 700)
    qtbot.waitUntil(lambda: window.pane.viewport().width() > 0, timeout=2000)
    margin = window.pane.document().rootFrame().frameFormat().leftMargin()
    em = window.pane.fontMetrics().horizontalAdvance("M")
    assert margin >= min(1.5 * em, window.pane.viewport().width() / 6) - 1 and margin > 16
    again = window.preferences_dialog()
    assert again.font_size.value() == 28
    again.reject()
