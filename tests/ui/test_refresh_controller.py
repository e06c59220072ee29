"""Refreshing from the window: many feeds from a 127.0.0.1 server while the window answers, cancel, the timer, retention and the backup."""

from __future__ import annotations

import time
from datetime import datetime
from email.utils import format_datetime

from PySide6.QtCore import Qt, QTimer

from reader.core.models import FeedStatus
from tests.servers import Response
from tests.ui.conftest import DATA, wait_idle

FEEDS = 150
ITEMS = 20


def rss(n: int) -> str:
    items = "".join(
        f"<item><title>Feed {n} story {i}</title><link>https://s{n}.example/{i}</link><guid>s{n}-{i}</guid>"
        f"<pubDate>Mon, 02 Mar 2026 {i % 24:02d}:00:00 GMT</pubDate>"
        f"<description><![CDATA[<p>Story {i} of feed {n}, with words to index and a few more sentences.</p>"
        f"<p>[Feed {n} story {(i + 1) % ITEMS}]</p>]]></description></item>"
        for i in range(ITEMS)
    )
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>Feed {n}</title><link>https://s{n}.example/</link>{items}</channel></rss>"


class StallMeter:
    """A 5 ms timer that records the longest gap between its ticks (an event-loop stall)."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self._last = now

    def start(self) -> None:
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        return self.longest


def test_refresh_of_many_feeds_keeps_the_window_responsive(qtbot, library, make_window, feed_server):
    for n in range(FEEDS):
        feed_server.route(f"/f{n}.xml", Response(body=rss(n), content_type="application/rss+xml", etag=f'"{n}"'))
    feed_server.route("/broken.xml", Response(status=500))
    outlines = "".join(f"<outline type='rss' text='F{n}' xmlUrl='{feed_server.url(f'/f{n}.xml')}'/>" for n in range(FEEDS))
    outlines += f"<outline type='rss' text='Broken' xmlUrl='{feed_server.url('/broken.xml')}'/>"
    library.import_opml(f"<?xml version='1.0'?><opml version='2.0'><head/><body><outline text='Many'>{outlines}</outline></body></opml>".encode())
    window = make_window(library)
    per_feed: list[object] = []
    window.workers.feed_refreshed.connect(per_feed.append)
    meter = StallMeter()
    meter.start()
    started = time.perf_counter()
    with qtbot.waitSignal(window.workers.refresh_finished, timeout=120_000) as blocker:
        assert window.refresh_controller.refresh()
        assert window.progress.isVisible() and window.cancel_button.isVisible()
        assert not window.refresh_controller.refresh()  # one refresh at a time
    elapsed = time.perf_counter() - started
    longest = meter.stop()
    print(f"\nrefresh of {FEEDS + 1} feeds ({FEEDS * ITEMS} articles): {elapsed:.2f} s, longest event-loop stall {longest * 1000:.0f} ms")
    assert longest < 1.0
    summary = blocker.args[0]
    assert summary.new_articles == FEEDS * ITEMS and summary.failed == 1
    assert len(per_feed) == FEEDS + 1  # one signal per feed, as each finished
    assert not window.progress.isVisible()
    qtbot.waitUntil(lambda: window.tree_model.count_of("smart:unread") == FEEDS * ITEMS, timeout=10_000)
    broken = next(f for f in library.feeds() if f.url.endswith("/broken.xml"))
    tip = window.tree_model.index_of(f"feed:{broken.id}").data(Qt.ItemDataRole.ToolTipRole)
    assert "Last error" in tip
    folder = library.folders()[0]
    assert window.tree_model.count_of(f"folder:{folder.id}") == FEEDS * ITEMS


def test_refresh_can_be_cancelled(qtbot, library, make_window, feed_server):
    for n in range(20):
        feed_server.route(f"/slow{n}.xml", Response(body=rss(n), content_type="application/rss+xml", delay_before_headers=0.3))
    outlines = "".join(f"<outline type='rss' text='S{n}' xmlUrl='{feed_server.url(f'/slow{n}.xml')}'/>" for n in range(20))
    library.import_opml(f"<opml version='2.0'><body>{outlines}</body></opml>".encode())
    library.set_setting("workers", 2)
    window = make_window(library)
    with qtbot.waitSignal(window.workers.refresh_finished, timeout=30_000) as blocker:
        window.refresh_controller.refresh()
        qtbot.waitUntil(lambda: feed_server.hits.total() > 0 if hasattr(feed_server.hits, "total") else sum(feed_server.hits.values()) > 0, timeout=10_000)
        window.commands.cancel.trigger()
    summary = blocker.args[0]
    assert summary is None or summary.checked < 20


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
        window.refresh_controller.timer.timeout.emit()
    assert forced == [False]
    assert feed_server.hits["/f.xml"] == fetched  # just added: not due yet, so not fetched
    assert [r.status for r in blocker.args[0].results] == [FeedStatus.SKIPPED]
    with qtbot.waitSignal(window.workers.refresh_finished, timeout=10_000):
        window.commands.refresh.trigger()
    assert forced == [False, True]
    assert feed_server.hits["/f.xml"] == fetched + 1
    wait_idle(qtbot, window)


def test_a_refresh_from_the_window_applies_retention_and_writes_the_daily_backup(qtbot, library, make_window, feed_server):
    """The window's refresh is Library.refresh: retention (retention_days) runs and the daily backup is written."""
    now = format_datetime(datetime.now().astimezone())
    items = "".join(
        f"<item><title>{title}</title><guid>{guid}</guid><pubDate>{date}</pubDate><description>Words.</description></item>"
        for title, guid, date in (
            ("Old and unsaved", "old", "Mon, 02 Mar 2020 08:00:00 GMT"),
            ("Old but saved", "kept", "Mon, 02 Mar 2020 09:00:00 GMT"),
            ("Fresh", "fresh", now),
        )
    )
    body = f"<?xml version='1.0'?><rss version='2.0'><channel><title>Aging</title><link>https://a.example/</link>{items}</channel></rss>"
    feed_server.route("/aging.xml", Response(body=body, content_type="application/rss+xml"))
    library.add_feed(feed_server.url("/aging.xml"))
    ids = {a.title: a.id for a in library.articles()}
    library.mark_saved([ids["Old but saved"]])
    library.set_setting("retention_days", 30)
    assert library.backups() == []
    window = make_window(library)
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 3, timeout=5000)
    with qtbot.waitSignal(window.workers.refresh_finished, timeout=10_000) as blocker:
        window.commands.refresh.trigger()
    assert blocker.args[0] is not None and blocker.args[0].failed == 0
    assert {a.title for a in library.articles()} == {"Old but saved", "Fresh"}
    assert len(library.backups()) == 1 and library.backups()[0].stat().st_size > 0
    qtbot.waitUntil(lambda: ids["Old and unsaved"] not in window.list_model.ids, timeout=5000)
    wait_idle(qtbot, window)


def test_a_feed_its_server_told_to_wait_is_held_until_the_feed_menu_forces_it(qtbot, library, make_window, feed_server):
    from reader.ui.tree_controller import FORCED_REFRESH

    feed_server.route("/wait.xml", Response(body=rss(1), content_type="application/rss+xml"))
    feed_id = library.add_feed(feed_server.url("/wait.xml")).feed.id
    feed_server.route("/wait.xml", Response(status=429, headers={"Retry-After": "3600"}))
    (failed,) = library.refresh_iter()
    assert failed.status is FeedStatus.FAILED
    hits = feed_server.hits["/wait.xml"]
    window = make_window(library)
    actions = [a.text() for a in window.tree_controller.menu(f"feed:{feed_id}").actions()]
    assert FORCED_REFRESH in actions and "Refresh" in actions

    feed_server.route("/wait.xml", Response(body=rss(2), content_type="application/rss+xml"))
    with qtbot.waitSignal(window.workers.refresh_finished, timeout=10_000) as blocker:
        window.commands.refresh.trigger()  # the toolbar's Refresh honours the server
    summary = blocker.args[0]
    assert [r.status for r in summary.results] == [FeedStatus.HELD]
    assert feed_server.hits["/wait.xml"] == hits
    assert "held back by their servers" in window.status_label.text()
    assert "not asked again before" in (window.tree_model.feed(feed_id).last_error or "")
    wait_idle(qtbot, window)

    menu = window.tree_controller.menu(f"feed:{feed_id}")
    forced = next(a for a in menu.actions() if a.text() == FORCED_REFRESH)
    with qtbot.waitSignal(window.workers.refresh_finished, timeout=10_000) as blocker:
        forced.trigger()
    (result,) = blocker.args[0].results
    assert result.status is FeedStatus.UPDATED and result.new == ITEMS
    assert feed_server.hits["/wait.xml"] == hits + 1
    wait_idle(qtbot, window)
    assert library.feed(feed_id).wait_until is None
    qtbot.waitUntil(lambda: window.tree_model.feed(feed_id).wait_until is None, timeout=5000)  # the tree reloads
    assert FORCED_REFRESH not in [a.text() for a in window.tree_controller.menu(f"feed:{feed_id}").actions()]
    assert not window.tree_model.feed(feed_id).last_error
