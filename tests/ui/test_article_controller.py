"""The shown article: links routed in place, marks and counts at once, the header following ★ Saved, the full copy, the read delay."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.utils import format_datetime

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextCursor

from reader.core.decide import start_of_today
from reader.ui.article_controller import dated_today
from reader.ui.article_list import TITLE_COL
from tests.servers import Response
from tests.ui.conftest import article_id, click_link, open_row, rows_shown, show, wait_idle


def test_dated_today_counts_from_the_start_of_today_as_the_library_does():
    now = datetime(2026, 3, 2, 15, 30).astimezone()
    start = start_of_today(now)
    midnight = datetime.fromtimestamp(start).astimezone()
    assert dated_today(midnight, start)
    assert dated_today(now, start)
    assert not dated_today(midnight - timedelta(seconds=1), start)
    assert not dated_today(None, start)
    assert dated_today(datetime.now().astimezone()) and not dated_today(datetime(2020, 1, 1).astimezone())


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
    # 3b. no title matches: the offline search for its words; with no hit either, the web is offered
    with qtbot.waitSignal(window.status_shown, timeout=5000, check_params_cb=lambda t: t.startswith("Nothing in your library yet")):
        window.pane.anchorClicked.emit(QUrl("byline:related?q=Glacier%20retreat%20headline%20nobody%20wrote"))
    assert window.middle.currentWidget() is window.list
    assert "Nothing in your library yet — search the web?" in window.pane.toPlainText()
    assert window.opened == []
    click_link(qtbot, window, "https://duckduckgo.com/?q=Glacier%20retreat%20headline%20nobody%20wrote")
    assert window.opened == ["https://duckduckgo.com/?q=Glacier%20retreat%20headline%20nobody%20wrote"]
    window.opened.clear()
    # other web and mail links go to the browser; anything else is refused
    click_link(qtbot, window, "https://elsewhere.example.net/owls")
    click_link(qtbot, window, "mailto:notes@example.org")
    click_link(qtbot, window, "javascript:alert(1)")
    click_link(qtbot, window, "file:///etc/passwd")
    assert window.opened == ["https://elsewhere.example.net/owls", "mailto:notes@example.org"]
    assert "cannot be opened" in window.status_label.text()


def test_mark_read_waits_for_the_configured_delay(qtbot, feeds_library, make_window):
    feeds_library.set_setting("mark_read_delay_ms", 150)
    window = make_window(feeds_library)
    qtbot.waitUntil(lambda: window.preferences.mark_read_delay_ms == 150, timeout=5000)
    shown = open_row(qtbot, window, 0)
    assert not feeds_library.article(shown).read
    qtbot.waitUntil(lambda: feeds_library.article(shown).read, timeout=5000)


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


def test_m_and_s_change_the_counts_of_the_rows_feed_at_once(qtbot, feeds_library, make_window):
    lib = feeds_library
    lib.set_setting("mark_read_delay_ms", 60_000)  # nothing is marked read by showing it
    window = make_window(lib)
    with qtbot.waitSignal(window.list_loaded, timeout=5000):
        window.select_key("smart:all")
    qtbot.waitUntil(lambda: rows_shown(window), timeout=5000)
    model = window.list_model
    first_feed = model.feed_of(0)
    row = next(r for r in range(model.rowCount()) if model.feed_of(r) != first_feed)
    other_feed = model.feed_of(row)
    with qtbot.waitSignal(window.article_shown, timeout=5000):
        window._select_row(0)
    window._select_row(row, show=False)  # the list moved on; the pane still shows row 0's article
    before = {f: window.tree_model.count_of(f"feed:{f}") for f in (first_feed, other_feed)}
    unread = window.tree_model.count_of("smart:unread")
    qtbot.keyClick(window.list, Qt.Key.Key_M)
    assert window.tree_model.count_of(f"feed:{other_feed}") == before[other_feed] - 1
    assert window.tree_model.count_of(f"feed:{first_feed}") == before[first_feed]
    assert window.tree_model.count_of("smart:unread") == unread - 1
    assert model.flags_of(row) == (True, False)
    target = model.article_id(row)
    qtbot.waitUntil(lambda: lib.article(target).read, timeout=5000)
    qtbot.keyClick(window.list, Qt.Key.Key_S)
    assert window.tree_model.count_of("smart:saved") == 1 and model.flags_of(row) == (True, True)
    qtbot.waitUntil(lambda: lib.article(target).saved, timeout=5000)
    qtbot.keyClick(window.list, Qt.Key.Key_S)
    assert window.tree_model.count_of("smart:saved") == 0
    qtbot.waitUntil(lambda: not lib.article(target).saved, timeout=5000)
    wait_idle(qtbot, window)
    assert window.tree_model.count_of(f"feed:{other_feed}") == before[other_feed] - 1  # the library agrees


def test_one_click_reads_the_article_once(qtbot, feeds_library, make_window, monkeypatch):
    """Showing an article is one Library.open_article: its row and its feed's image policy are read once."""
    from reader.core.library import Library
    from reader.core.storage.store import Store

    calls: list[str] = []

    def counted(cls, name):
        original = getattr(cls, name)

        def wrapper(self, *args, **kwargs):
            calls.append(f"{cls.__name__}.{name}")
            return original(self, *args, **kwargs)

        monkeypatch.setattr(cls, name, wrapper)

    for name in ("open_article", "article", "render", "images_allowed", "feed", "article_rows"):
        counted(Library, name)
    for name in ("article", "feed", "feed_images", "article_rows"):
        counted(Store, name)
    feeds_library.set_setting("mark_read_delay_ms", 60_000)  # no mark is written during the count
    window = make_window(feeds_library)
    show(qtbot, window, "smart:all")
    qtbot.waitUntil(lambda: rows_shown(window), timeout=5000)
    wait_idle(qtbot, window)
    calls.clear()
    open_row(qtbot, window, 2)
    wait_idle(qtbot, window)
    assert sorted(calls) == ["Library.open_article", "Store.article"]


# --- saved means kept: images offline, Keep Images, full stories ----------------------------------------


def kept_site(server):
    """A news site with a saved-worthy story whose teaser and page show pictures (tests.sites)."""
    from tests.images import png
    from tests.sites import NewsSite

    site = NewsSite(server)
    site.image("/img/dawn.png", png(120, 80, (30, 90, 160)))
    site.image("/img/chart.png", png(90, 60, (200, 160, 20), stripes=4))
    site.story("dawn", "The harbour at dawn", teaser='<p>The light at dawn.</p><p><img src="/img/chart.png" alt="Tide chart"></p>',
               figures=("/img/dawn.png",))
    return site


def open_article(qtbot, window, article_id: int) -> None:
    with qtbot.waitSignal(window.article_shown, timeout=5000, check_params_cb=lambda i: i == article_id):
        window.open_in_place(article_id)
    wait_idle(qtbot, window)


def kept_image_in_pane(window, digest: str):
    from PySide6.QtGui import QTextDocument

    return window.pane.document().resource(QTextDocument.ResourceType.ImageResource.value, QUrl(f"byline:image/{digest}"))


def test_a_saved_articles_kept_images_show_with_the_server_stopped(qtbot, library, make_window, feed_server, tmp_path):
    site = kept_site(feed_server)
    feed_id = library.add_feed(site.feed_url).feed.id
    library.set_feed_images(feed_id, True)
    (article,) = library.articles()
    library.mark_saved([article.id])
    assert library.save_full_copy(article.id) is None
    records = {r.url.rsplit("/", 1)[1]: r for r in library.article_images(article.id)}
    assert set(records) == {"dawn.png", "chart.png"}
    feed_server.stop()  # offline: the pane has nothing else to ask
    window = make_window(library)
    wanted = []
    window.pane.image_wanted.connect(wanted.append)
    window.resize(1200, 800)
    open_article(qtbot, window, article.id)
    assert "Perihelion" in window.pane.toPlainText()
    assert "Showing the full saved page" in window.pane.toPlainText()
    image = kept_image_in_pane(window, records["dawn.png"].hash)
    assert image is not None and (image.width(), image.height()) == (120, 80)
    assert wanted == []  # the kept copy is shown; the site is never asked
    shot = tmp_path / "kept-images.png"
    window.grab().save(str(shot))
    print(f"\nscreenshot: {shot}")
    grabbed = window.pane.grab().toImage()
    blue = sum(
        1 for x in range(0, grabbed.width(), 4) for y in range(0, grabbed.height(), 4)
        if grabbed.pixelColor(x, y).name() == "#1e5aa0"
    )
    assert blue > 50  # the picture is painted, not just referenced
    click_link(qtbot, window, "byline:feedtext", shown=article.id)
    assert kept_image_in_pane(window, records["chart.png"].hash) is not None
    assert "The light at dawn." in window.pane.toPlainText() and wanted == []


def test_keep_images_downloads_the_shown_articles_images_even_with_images_off(qtbot, library, make_window, feed_server):
    site = kept_site(feed_server)
    library.add_feed(site.feed_url)
    (article,) = library.articles()
    window = make_window(library)
    open_article(qtbot, window, article.id)
    assert "[image: Tide chart]" in window.pane.toPlainText()
    assert [r.path for r in feed_server.requests if r.path.startswith("/img/")] == []
    with qtbot.waitSignal(window.article_shown, timeout=5000, check_params_cb=lambda i: i == article.id):
        window.commands.keep_images.trigger()
    wait_idle(qtbot, window)
    assert "Kept 1 image for reading offline." in window.status_label.text()
    (record,) = library.article_images(article.id)
    assert kept_image_in_pane(window, record.hash) is not None
    assert "[image: Tide chart]" not in window.pane.toPlainText()


def test_a_full_story_shows_in_place_of_the_teaser_with_the_feeds_text_one_click_away(qtbot, library, make_window, feed_server, tmp_path):
    site = kept_site(feed_server)
    site.story("gone", "A story whose page is gone", teaser="<p>Only the feed's words.</p>", page_status=503)
    feed_id = library.add_feed(site.feed_url).feed.id
    library.set_feed_full_stories(feed_id, True)
    library.refresh([feed_id])
    ids = {a.title: a.id for a in library.articles()}
    window = make_window(library)
    open_article(qtbot, window, ids["The harbour at dawn"])
    text = window.pane.toPlainText()
    assert "Perihelion" in text and "The light at dawn." not in text and "Showing the full story" in text
    window.pane.grab().save(str(tmp_path / "full-story.png"))
    print(f"\nscreenshot: {tmp_path / 'full-story.png'}")
    click_link(qtbot, window, "byline:feedtext", shown=ids["The harbour at dawn"])
    assert "The light at dawn." in window.pane.toPlainText() and "Perihelion" not in window.pane.toPlainText()
    click_link(qtbot, window, "byline:fullcopy", shown=ids["The harbour at dawn"])
    open_article(qtbot, window, ids["A story whose page is gone"])
    text = window.pane.toPlainText()
    assert "Only the feed's words." in text
    assert "the full story could not be fetched (server answered 503 Service Unavailable)" in text
    shot = tmp_path / "full-story-failed.png"
    window.pane.grab().save(str(shot))
    print(f"\nscreenshot: {shot}")


def test_a_sample_of_articles_opened_in_the_window_asks_only_what_the_user_allowed(qtbot, library, make_window, feed_server, tmp_path):
    """The privacy test's window half: every opened article goes through the pane and its image requests."""
    from tests.core.test_privacy import feed_file
    from tests.images import png

    base = feed_server.base
    for n in range(100, 110):
        feed_server.route(f"/img/{n}.png", Response(body=png(10, 10), content_type="image/png"))
    news = library.add_feed(feed_file(tmp_path / "news.xml", "News", base, range(100))).feed.id
    pictures = library.add_feed(feed_file(tmp_path / "pictures.xml", "Pictures", base, range(100, 110))).feed.id
    library.mark_saved([a.id for a in library.articles(feed_id=news)][::2])
    library.set_feed_images(pictures, True)
    window = make_window(library)
    feed_server.reset_stats()
    for article in library.articles():
        open_article(qtbot, window, article.id)
    qtbot.waitUntil(lambda: len(feed_server.requests) >= 10, timeout=10000)
    wait_idle(qtbot, window)
    asked = sorted(r.path for r in feed_server.requests)
    assert asked == sorted(f"/img/{n}.png" for n in range(100, 110))  # the allowed feed's pictures, nothing else


def related_feed(tmp_path, items) -> str:
    """A local feed of (guid, title, body html) items, newest first."""
    body = "".join(
        f"<item><title>{title}</title><guid>{guid}</guid><link>https://desk.example.org/{guid}</link>"
        f"<pubDate>Mon, 02 Nov 2026 {10 - i:02d}:00:00 +0000</pubDate><description><![CDATA[{html}]]></description></item>"
        for i, (guid, title, html) in enumerate(items)
    )
    path = tmp_path / f"desk-{items[0][0]}.xml"
    path.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>{body}</channel></rss>')
    return str(path)


def test_back_and_forward_walk_the_shown_articles(qtbot, feeds_library, make_window):
    """Issue 12, item 7: Back/Forward (Alt+Left/Right, Backspace, the mouse buttons, Esc where free), in the Go menu."""
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QKeySequence, QMouseEvent
    from PySide6.QtWidgets import QApplication, QMenu

    lib = feeds_library
    window = make_window(lib)
    show(qtbot, window, "smart:all")
    go = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&Go")
    assert window.commands.back in go.actions() and window.commands.forward in go.actions()
    assert QKeySequence("Alt+Left") in window.commands.back.shortcuts()
    assert QKeySequence("Backspace") in window.commands.back.shortcuts()
    assert QKeySequence("Alt+Right") in window.commands.forward.shortcuts()
    assert not window.commands.back.isEnabled()
    ceasefire, bridge = article_id(lib, "Ceasefire"), article_id(lib, "Bridge")
    with qtbot.waitSignal(window.article_shown, timeout=5000):
        window.open_in_place(ceasefire)
    click_link(qtbot, window, f"byline:article/{bridge}", shown=bridge)  # a Related link
    assert window.commands.back.isEnabled()
    with qtbot.waitSignal(window.article_shown, timeout=5000, check_params_cb=lambda i: i == ceasefire):
        window.commands.back.trigger()
    assert window.list.currentIndex().row() == window.list_model.row_of(ceasefire)  # the list follows
    assert window.commands.forward.isEnabled() and not window.commands.back.isEnabled()
    with qtbot.waitSignal(window.article_shown, timeout=5000, check_params_cb=lambda i: i == bridge):
        window.commands.forward.trigger()
    # the mouse's back button, anywhere in the window
    press = QMouseEvent(
        QEvent.Type.MouseButtonPress, QPointF(5, 5), QPointF(5, 5), Qt.MouseButton.BackButton,
        Qt.MouseButton.BackButton, Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.article_shown, timeout=5000, check_params_cb=lambda i: i == ceasefire):
        QApplication.sendEvent(window.pane.viewport(), press)
    # Esc, with no search to leave, goes back too
    with qtbot.waitSignal(window.article_shown, timeout=5000, check_params_cb=lambda i: i == bridge):
        window.commands.forward.trigger()
    with qtbot.waitSignal(window.article_shown, timeout=5000, check_params_cb=lambda i: i == ceasefire):
        window.commands.escape.trigger()


def test_related_fallback_search_leaves_the_source_story_out(qtbot, library, make_window, tmp_path):
    """Issue 12, item 8: the offline search for a Related headline never lists the story holding the link."""
    library.add_feed(related_feed(tmp_path, [
        ("src", "Council meets on Tuesday", "<p>Agenda.</p><p>[Lighthouse keepers return to Gull Point]</p>"),
        ("oth", "A winter on the point", "<p>The lighthouse keepers return to Gull Point each winter.</p>"),
    ]))
    window = make_window(library)
    show(qtbot, window, "smart:all")
    source = article_id(library, "Council")
    with qtbot.waitSignal(window.article_shown, timeout=5000):
        window.open_in_place(source)
    with qtbot.waitSignal(window.search_shown, timeout=5000) as blocker:
        click_link(qtbot, window, "byline:related?q=Lighthouse%20keepers%20return%20to%20Gull%20Point")
    assert blocker.args == [1]
    assert [h.article.title for h in window.search_model.hits] == ["A winter on the point"]
    assert window.search_field.text() == "Lighthouse keepers return to Gull Point"
    assert "Islamic" not in window.search_model.index(0).data(Qt.UserRole + 4)


def test_article_link_whose_target_was_removed_resolves_again(qtbot, library, make_window, tmp_path):
    """Issue 12, item 9: no "no article with id N": the headline is resolved again."""
    library.add_feed(related_feed(tmp_path, [
        ("src", "Council meets on Tuesday", "<p>Agenda.</p><p>[Ferry fares rise in spring]</p>"),
    ]))
    target = library.add_feed(related_feed(tmp_path, [("tgt", "Ferry fares rise in spring", "<p>Fares.</p>")]))
    window = make_window(library)
    show(qtbot, window, "smart:all")
    source = article_id(library, "Council")
    gone = article_id(library, "Ferry fares")
    with qtbot.waitSignal(window.article_shown, timeout=5000):
        window.open_in_place(source)
    assert f"byline:article/{gone}" in window.pane.toHtml()
    library.remove_feeds([target.feed.id])  # the target goes while the story is on screen
    with qtbot.waitSignal(window.status_shown, timeout=5000, check_params_cb=lambda t: t.startswith("Nothing in your library yet")):
        click_link(qtbot, window, f"byline:article/{gone}")
    assert "no article with id" not in window.status_label.text()
    assert "Nothing in your library yet — search the web?" in window.pane.toPlainText()
    # a story with that headline arrives: the same stale link now opens it
    library.add_feed(related_feed(tmp_path, [("new", "Ferry Fares Rise in Spring", "<p>Again.</p>")]))
    again = article_id(library, "Ferry Fares")
    with qtbot.waitSignal(window.article_shown, timeout=5000):
        window.commands.back.trigger()
    click_link(qtbot, window, f"byline:article/{gone}", shown=again)


def test_open_without_a_browser_and_full_copy_without_one_say_why(qtbot, feeds_library, make_window):
    """Issue 12, item 11: no silent failures for o and for "show full copy"."""
    from PySide6.QtGui import QGuiApplication

    lib = feeds_library
    window = make_window(lib)
    window.article_controller.open_external = lambda url: False  # no browser on this desktop
    shown = open_row(qtbot, window, 0)
    window.commands.open.trigger()
    url = lib.article(shown).url
    assert window.status_label.text() == f"No web browser could be opened; the address is copied: {url}"
    assert QGuiApplication.clipboard().text() == url
    window.commands.full_copy.trigger()
    assert window.status_label.text().startswith("No full copy of this article: only saved articles keep one")
    assert "fetch the full page now" in window.pane.toPlainText()
    assert 'href="byline:fetchcopy"' in window.pane.toHtml()
