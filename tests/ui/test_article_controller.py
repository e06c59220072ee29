"""The shown article's header and the counts follow marks at once; the refresh timer asks only for due feeds."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.utils import format_datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from reader.core.models import FeedStatus
from reader.ui.article_controller import is_today, local_midnight
from reader.ui.article_list import TITLE_COL
from tests.servers import Response
from tests.ui.conftest import DATA, wait_idle


def test_is_today_counts_from_local_midnight():
    now = datetime(2026, 3, 2, 15, 30).astimezone()
    midnight = local_midnight(now)
    assert (midnight.hour, midnight.minute, midnight.date()) == (0, 0, now.date())
    assert is_today(midnight, now)
    assert is_today(now, now)
    assert not is_today(midnight - timedelta(seconds=1), now)
    assert not is_today(None, now)


def long_feed(tmp_path, *, today: bool = False) -> str:
    body = "".join(f"<p>Paragraph {i} of a long story about the harbour.</p>" for i in range(120))
    now = format_datetime(datetime.now().astimezone())
    items = (
        f"<item><title>Long one</title><guid>l1</guid><pubDate>Mon, 02 Mar 2026 08:00:00 GMT</pubDate>"
        f"<description><![CDATA[{body}]]></description></item>"
    )
    if today:
        items += f"<item><title>Fresh one</title><guid>t1</guid><pubDate>{now}</pubDate><description>Today.</description></item>"
    feed = tmp_path / "long.xml"
    feed.write_text(
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>Long</title><link>https://l.example/</link>{items}</channel></rss>",
        encoding="utf-8",
    )
    return str(feed)


def block_html(pane, number: int) -> str:
    cursor = QTextCursor(pane.document().findBlockByNumber(number))
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
    return cursor.selection().toHtml()


def test_saving_updates_the_header_in_place(qtbot, library, make_window, tmp_path):
    library.add_feed(long_feed(tmp_path))
    window = make_window(library)
    shown_ids: list[int] = []
    with qtbot.waitSignal(window.article_shown, timeout=5000):
        window._select_row(0)
    window.article_shown.connect(shown_ids.append)
    pane = window.pane
    assert "★ Saved" not in pane.toPlainText()
    bar = pane.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    position, blocks = bar.value(), pane.document().blockCount()
    pane.document().findBlockByNumber(blocks // 2).setUserState(7)  # a mark that a new layout would drop
    qtbot.keyClick(window.list, Qt.Key.Key_S)
    assert "★ Saved" in pane.toPlainText()  # at once, before the write and without showing it again
    assert pane.document().blockCount() == blocks and bar.value() == position
    assert pane.document().findBlockByNumber(blocks // 2).userState() == 7  # the body was not laid out again
    in_place = block_html(pane, 1)
    qtbot.waitUntil(lambda: library.article(window.list_model.article_id(0)).saved, timeout=5000)
    with qtbot.waitSignal(window.article_shown, timeout=5000):
        window.show_article(window.list_model.article_id(0))
    assert block_html(pane, 1) == in_place  # the same line, formatted the same, as a fresh render
    shown_ids.clear()
    qtbot.keyClick(window.list, Qt.Key.Key_S)
    assert "★ Saved" not in pane.toPlainText()
    wait_idle(qtbot, window)
    assert shown_ids == []
    # the changed header survives a relayout (an image arriving, a palette change)
    qtbot.keyClick(window.list, Qt.Key.Key_S)
    pane._reshow()
    assert "★ Saved" in pane.toPlainText()
    wait_idle(qtbot, window)


def test_marking_an_article_of_today_moves_the_today_count_at_once(qtbot, library, make_window, tmp_path):
    library.set_setting("mark_read_delay_ms", 60_000)  # showing marks nothing during the test
    library.add_feed(long_feed(tmp_path, today=True))
    window = make_window(library)
    qtbot.waitUntil(lambda: window.list_model.row_data(1) is not None, timeout=5000)
    model, tree = window.list_model, window.tree_model
    assert tree.count_of("smart:today") == 1 and tree.count_of("smart:unread") == 2
    fresh = next(r for r in range(model.rowCount()) if model.index(r, TITLE_COL).data() == "Fresh one")
    old = 1 - fresh
    window._select_row(fresh, show=False)
    qtbot.keyClick(window.list, Qt.Key.Key_M)
    assert tree.count_of("smart:today") == 0 and tree.count_of("smart:unread") == 1  # before the write
    window._select_row(old, show=False)
    qtbot.keyClick(window.list, Qt.Key.Key_M)
    assert tree.count_of("smart:today") == 0 and tree.count_of("smart:unread") == 0
    window._select_row(fresh, show=False)
    qtbot.keyClick(window.list, Qt.Key.Key_M)
    assert tree.count_of("smart:today") == 1 and tree.count_of("smart:unread") == 1
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: not window._counts_timer.isActive(), timeout=5000)
    wait_idle(qtbot, window)
    assert tree.count_of("smart:today") == 1 and tree.count_of("smart:unread") == 1  # the library agrees


def test_the_timer_refreshes_due_feeds_and_r_refreshes_all(qtbot, library, make_window, feed_server, monkeypatch):
    feed_server.route("/f.xml", Response(body=(DATA / "world.xml").read_bytes(), content_type="application/rss+xml"))
    library.add_feed(feed_server.url("/f.xml"))
    fetched = feed_server.hits["/f.xml"]
    forced: list[bool] = []
    original = library.refresh_iter

    def recorded(*args, **kwargs):
        forced.append(kwargs.get("force", True))
        return original(*args, **kwargs)

    monkeypatch.setattr(library, "refresh_iter", recorded)
    window = make_window(library)
    with qtbot.waitSignal(window.workers.refresh_finished, timeout=10_000) as blocker:
        window._refresh_timer.timeout.emit()
    assert forced == [False]
    assert feed_server.hits["/f.xml"] == fetched  # just added: not due yet, so not fetched
    assert [r.status for r in blocker.args[0].results] == [FeedStatus.SKIPPED]
    with qtbot.waitSignal(window.workers.refresh_finished, timeout=10_000):
        window.actions.refresh.trigger()
    assert forced == [False, True]
    assert feed_server.hits["/f.xml"] == fetched + 1
    wait_idle(qtbot, window)
