"""Sync accounts in the window, against a real Miniflux: the Add Account dialog and its Test button,
the account's subtree, Sync Now, errors where feed errors show, removing an account, and a sync that
never holds up the window."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from PySide6.QtWidgets import QStyle

from reader.ui.account_controller import DROP, KEEP
from tests.miniflux import FaultProxy
from tests.syncserver import Account, add, article_by_item
from tests.ui.conftest import open_row, show, wait_idle

SHOTS = Path(os.environ.get("BYLINE_SHOTS", "")) if os.environ.get("BYLINE_SHOTS") else None


def shot(widget, name: str, tmp_path: Path) -> Path:
    """Grab a widget to a PNG (in $BYLINE_SHOTS when set, to look at), and check it is not blank."""
    path = (SHOTS or tmp_path) / name
    image = widget.grab().toImage()
    assert image.save(str(path))
    assert len({image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}) > 3
    return path


def menu_action(window, key: str, label: str):
    menu = window.tree_controller.menu(key)
    return next(a for a in menu.actions() if a.text().replace("&", "") == label)


def test_add_account_dialog_tests_then_adds(qtbot, account: Account, make_window, tmp_path) -> None:
    account.feed("news", 3, category="News")
    account.feed("misc", 2)
    lib = account.library()
    window = make_window(lib, wait_list=False)
    dialog = window.account_controller.add_account_dialog()
    assert not dialog.test_button.isEnabled()
    dialog.server.setText(account.miniflux.url)
    dialog.user.setText(account.user.name)
    dialog.password.setText("wrong")
    dialog.name.setText("Miniflux")
    qtbot.mouseClick(dialog.test_button, qtbot_left())
    qtbot.waitUntil(lambda: dialog.test_label.text().startswith("✗"), timeout=10000)
    assert "refused the user name or password" in dialog.test_label.text()

    dialog.password.setText(account.api_password)
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.test_label.text().startswith("✓"), timeout=10000)
    shot(dialog, "add-account-dialog.png", tmp_path)
    assert lib.accounts() == []  # a test stores nothing

    with qtbot.waitSignal(window.tree_loaded, timeout=20000):
        dialog.accept()
    (acc,) = lib.accounts()
    assert lib.secrets.get(f"account:{acc.id}") is not None
    model = window.tree_model
    folder = model.index_of(f"folder:{acc.folder_id}")
    assert folder.data() == "Miniflux"
    news = next(f for f in lib.folders() if f.path == "Miniflux/News")
    assert model.index_of(f"folder:{news.id}").parent() == folder  # the server's category is a folder in it
    assert model.count_of(f"folder:{acc.folder_id}") == 5
    assert "Last sync:" in folder.data(3)  # tooltip (Qt.ToolTipRole)
    wait_idle(qtbot, window)
    window.resize(900, 560)
    shot(window, "account-tree.png", tmp_path)


def qtbot_left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_sync_never_holds_up_the_window_and_errors_show_on_the_account(qtbot, account: Account, make_window, tmp_path) -> None:
    feed = account.feed("slow", 2)
    with FaultProxy(account.miniflux.url) as proxy:
        lib = account.library()
        add(lib, account, url=proxy.url)
        window = make_window(lib)
        (acc,) = lib.accounts()
        target = article_by_item(lib, sorted(e["id"] for e in account.user.entries(feed_id=feed))[0])
        lib.mark_read([target])

        gate = threading.Event()
        proxy.before["/reader/api/0/subscription/list"] = lambda: gate.wait(20)
        window.account_controller.sync_now()
        qtbot.waitUntil(lambda: proxy.paths["/reader/api/0/subscription/list"] == 1, timeout=10000)
        ticks: list[int] = []
        for n in range(5):  # the event loop keeps turning while the server holds the sync
            qtbot.wait(20)
            ticks.append(n)
        window.show_status("still answering")
        assert ticks == [0, 1, 2, 3, 4] and window.account_controller.syncing
        assert window.status_label.text() == "still answering"
        with qtbot.waitSignal(window.tree_loaded, timeout=20000):
            gate.set()
        proxy.before.clear()
        assert "Synced 1 account" in window.status_label.text()
        assert account.user.entry(sorted(e["id"] for e in account.user.entries(feed_id=feed))[0])["status"] == "read"

        account.miniflux.set_greader_password(account.user.id, account.user.name, "changed")
        with qtbot.waitSignal(window.tree_loaded, timeout=20000):
            window.commands.sync.trigger()
        assert "refused the user name or password" in window.status_label.text()
        assert window.status_label.text().count("refused") == 1
        folder = window.tree_model.index_of(f"folder:{acc.folder_id}")
        assert "Last error:" in folder.data(3)
        warning = window.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        assert folder.data(1).pixmap(16).toImage() == warning.pixmap(16).toImage()  # as a failing feed's row
        logins = proxy.paths["/accounts/ClientLogin"]
        window.refresh_controller.refresh(force=False)  # the timer's refresh: the account waits out its pause
        wait_idle(qtbot, window, timeout=20000)
        assert proxy.paths["/accounts/ClientLogin"] == logins  # no loop of refused logins
        window.refresh_controller.refresh(force=True)  # a person's Refresh All tries once, and says why it failed
        wait_idle(qtbot, window, timeout=20000)
        assert proxy.paths["/accounts/ClientLogin"] == logins + 1
        assert "Sync of Miniflux failed" in window.status_label.text()
        shot(window, "account-error.png", tmp_path)


def test_remove_account_keeping_or_dropping_articles(qtbot, account: Account, make_window) -> None:
    account.feed("gone", 3)
    lib = account.library()
    first = add(lib, account, name="First")
    window = make_window(lib)
    folder = lib.account(first).folder_id

    window.fake_prompts.answers.append(None)  # cancelled: nothing happens
    menu_action(window, f"folder:{folder}", "Remove Account…").trigger()
    assert lib.accounts() != []

    window.fake_prompts.answers.append(KEEP)
    with qtbot.waitSignal(window.tree_loaded, timeout=20000):
        menu_action(window, f"folder:{folder}", "Remove Account…").trigger()
    assert lib.accounts() == [] and len(lib.articles()) == 3
    assert not window.tree_model.index_of(f"folder:{folder}").isValid()

    second = add(lib, account, name="Second")
    window.reload_tree()
    wait_idle(qtbot, window)
    window.fake_prompts.answers.append(DROP)
    with qtbot.waitSignal(window.tree_loaded, timeout=20000):
        menu_action(window, f"folder:{lib.account(second).folder_id}", "Remove Account…").trigger()
    assert len(lib.articles()) == 3  # only the kept ones of the first account


def test_the_windows_refresh_syncs_and_marks_come_back(qtbot, account: Account, make_window) -> None:
    feed = account.feed("phone", 3)
    lib = account.library()
    add(lib, account)
    window = make_window(lib)
    lines: list[str] = []
    window.status_shown.connect(lines.append)

    # a star made in the window is queued with the mark, and reaches the server with the refresh
    show(qtbot, window, "smart:all")
    open_row(qtbot, window, 0)
    starred = window.article_controller.article.id
    window.toggle_saved()
    wait_idle(qtbot, window)
    queued = {(c.field, c.value) for c in lib.store.pending_changes(lib.accounts()[0].id)}
    assert ("saved", True) in queued  # (opening it marked it read too: queued as well)
    ids = sorted(e["id"] for e in account.user.entries(feed_id=feed))
    account.user.mark(ids[:2], "read")  # on the phone
    with qtbot.waitSignal(window.tree_loaded, timeout=20000):
        window.commands.refresh.trigger()
    wait_idle(qtbot, window)
    assert "Synced 1 account" in window.status_label.text()
    assert any(line.startswith("Syncing Miniflux: ") for line in lines)  # progress on the way
    (acc,) = lib.accounts()
    opened = int(lib.article(starred).guid)
    unread = set(ids) - set(ids[:2]) - {opened}  # two read on the phone, one opened here
    assert window.tree_model.count_of(f"folder:{acc.folder_id}") == len(unread) == len(lib.articles(unread=True))
    assert lib.article(article_by_item(lib, ids[0])).read and lib.article(article_by_item(lib, ids[1])).read
    assert acc.pending == 0
    assert account.user.entry(int(lib.article(starred).guid))["starred"]
