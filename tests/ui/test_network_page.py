"""Preferences → Network: the proxy choice, its checks, its login; and the window storing them."""

from __future__ import annotations

from pathlib import Path

from reader.core.net.proxy import ProxyMode, ProxyServer
from reader.core.secrets import Login
from reader.core.settings import Settings
from reader.ui.dialogs import PreferencesDialog
from reader.ui.network_page import Keep


def test_network_page_edits_the_proxy_settings(qtbot, tmp_path: Path) -> None:
    dialog = PreferencesDialog(Settings())
    qtbot.addWidget(dialog)
    dialog.show()
    page = dialog.network
    assert page.system_choice.isChecked() and not page.manual_form.isEnabled()
    page.manual_choice.setChecked(True)
    assert page.manual_form.isEnabled()
    with qtbot.assertNotEmitted(dialog.accepted):
        dialog.accept()  # a manual proxy without a host stays open, on the Network tab, saying why
    assert dialog.tabs.currentWidget() is page and page.problem_label.text() == "A manual proxy needs a host and a port."
    page.kind.setCurrentIndex(page.kind.findData("socks5"))
    page.host.setText(" proxy.corp ")
    page.port.setValue(1080)
    page.exceptions.setText("localhost, .intranet")
    page.user.setText("ann")
    with qtbot.assertNotEmitted(dialog.accepted):
        dialog.accept()  # a new user name needs its password
    assert page.problem_label.text() == "Give the password for ann."
    page.password.setText("s0cks")
    dialog.tabs.setCurrentWidget(page)
    dialog.grab().save(str(tmp_path / "preferences-network.png"))
    with qtbot.waitSignal(dialog.accepted):
        dialog.accept()
    values = dialog.values()
    assert (values.proxy_mode, values.proxy_kind, values.proxy_host, values.proxy_port) == ("manual", "socks5", "proxy.corp", 1080)
    assert values.proxy_exceptions == "localhost, .intranet"
    assert dialog.proxy_login() == Login("ann", "s0cks")
    assert "s0cks" not in repr(values)


def test_a_stored_proxy_login_is_kept_changed_or_forgotten(qtbot) -> None:
    stored = Settings(proxy_mode="manual", proxy_host="10.0.0.1", proxy_port=3128)
    dialog = PreferencesDialog(stored)
    qtbot.addWidget(dialog)
    page = dialog.network
    assert page.manual_choice.isChecked() and page.host.text() == "10.0.0.1"
    assert dialog.proxy_login() is Keep.STORED  # nothing known yet: leave whatever is stored
    page.set_stored_login("ann")
    assert page.user.text() == "ann" and page.password.placeholderText() == "(stored)"
    assert page.problem() is None and dialog.proxy_login() is Keep.STORED
    page.password.setText("new")
    assert dialog.proxy_login() == Login("ann", "new")
    page.password.clear()
    page.user.clear()
    assert dialog.proxy_login() is None  # cleared: forget it
    page.none_choice.setChecked(True)
    assert dialog.values().proxy_mode == "none" and dialog.values().proxy_host == "10.0.0.1"  # kept for next time


def test_the_window_stores_the_proxy_and_its_login(qtbot, library, make_window) -> None:
    window = make_window(library)
    library.set_proxy_login(Login("old", "old-pw"))
    dialog = window.preferences_dialog()
    qtbot.waitUntil(lambda: dialog.network.user.text() == "old", timeout=5000)
    page = dialog.network
    page.manual_choice.setChecked(True)
    page.host.setText("127.0.0.1")
    page.port.setValue(3128)
    page.exceptions.setText("")
    page.user.setText("ann")
    page.password.setText("pr0xy")
    dialog.accept()
    qtbot.waitUntil(lambda: library.proxy_login() == Login("ann", "pr0xy"), timeout=5000)
    qtbot.waitUntil(lambda: library.settings().proxy_mode == "manual", timeout=5000)
    policy = library.fetcher().proxies
    assert policy.mode is ProxyMode.MANUAL
    assert policy.route("http://127.0.0.1/feed") == ProxyServer("http", "127.0.0.1", 3128, Login("ann", "pr0xy"))


def test_closing_preferences_before_the_login_is_read_is_fine(qtbot, library, make_window) -> None:
    import threading

    from reader.ui.workers import JobKind
    from tests.ui.conftest import wait_idle

    window = make_window(library)
    library.set_proxy_login(Login("ann", "pw"))
    gate = threading.Event()
    window.workers.submit(JobKind.LOGIN, lambda: gate.wait(5))  # holds the lane the user name is read on
    dialog = window.preferences_dialog()
    destroyed = []
    dialog.network.destroyed.connect(lambda *_a: destroyed.append(True))
    dialog.reject()  # deleted on close, before the stored user name arrives
    qtbot.waitUntil(lambda: bool(destroyed), timeout=5000)
    gate.set()
    wait_idle(qtbot, window)
    again = window.preferences_dialog()
    qtbot.waitUntil(lambda: again.network.user.text() == "ann", timeout=5000)
