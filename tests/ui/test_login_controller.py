"""Feed logins in the window: a 401 during a refresh asks once, Add Feed asks before adding, the feed menu."""

from __future__ import annotations

from reader.core.access import feed_key
from reader.core.net.agent import BROWSER_USER_AGENT
from reader.core.secrets import Login
from tests.servers import FeedServer, Response, basic_login, digest_login
from tests.ui.conftest import DATA, wait_idle

RSS = (DATA / "world.xml").read_bytes()


def give(qtbot, window, user: str, password: str, *, remember: bool = True) -> None:
    """Fill the open Log In dialog and press Log In."""
    qtbot.waitUntil(lambda: window.login_controller.dialog is not None and window.login_controller.dialog.isVisible(), timeout=10000)
    dialog = window.login_controller.dialog
    dialog.user.setText(user)
    dialog.password.setText(password)
    dialog.remember.setChecked(remember)
    dialog.accept()


def test_a_401_in_a_refresh_asks_once_and_the_login_is_remembered(qtbot, library, make_window, feed_server: FeedServer) -> None:
    feed_server.route("/club.xml", basic_login(Response(body=RSS), "ann", "s3cret"))
    feed_id = library.add_feed(feed_server.url("/club.xml"), login=Login("ann", "s3cret")).feed.id
    library.set_feed_login(feed_id, None)  # as if the keyring lost it
    window = make_window(library)
    with qtbot.waitSignal(window.refresh_controller.finished, timeout=10000):
        window.refresh_controller.refresh([feed_id])
    qtbot.waitUntil(lambda: window.login_controller.dialog is not None, timeout=5000)
    dialog = window.login_controller.dialog
    assert dialog.user.text() == "" and not dialog.problem.isVisible()
    with qtbot.waitSignal(window.refresh_controller.finished, timeout=10000):  # the feed is checked again with it
        give(qtbot, window, "ann", "s3cret")
    assert library.secrets.get(feed_key(feed_id)) == Login("ann", "s3cret") and library.feed(feed_id).login
    assert library.feed(feed_id).last_error is None
    assert feed_server.requests[-1].headers["authorization"].startswith("Basic ")

    library.set_feed_login(feed_id, Login("ann", "changed-on-the-server"))
    with qtbot.waitSignal(window.refresh_controller.finished, timeout=10000):
        window.refresh_controller.refresh([feed_id])
    wait_idle(qtbot, window)
    assert window.login_controller.dialog is None  # asked once this session: the feed's error says the rest
    assert "did not accept" in library.feed(feed_id).last_error


def test_a_login_not_remembered_lasts_the_session(qtbot, library, make_window, feed_server: FeedServer) -> None:
    feed_server.route("/club.xml", digest_login(Response(body=RSS), "dan", "d1gest"))
    window = make_window(library)
    dialog = window.add_feed_dialog()
    dialog.url.setText(feed_server.url("/club.xml"))
    with qtbot.waitSignal(window.status_shown, timeout=10000, check_params_cb=lambda t: "asks for a user name" in t):
        dialog.accept()
    assert library.feeds() == []  # nothing stored before the login
    with qtbot.waitSignal(window.tree_loaded, timeout=10000):
        give(qtbot, window, "dan", "d1gest", remember=False)
    (feed,) = library.feeds()
    assert feed.login and feed.url == feed_server.url("/club.xml")
    assert library.secrets.get(feed_key(feed.id)) is None  # not remembered: not in the password store
    assert library.feed_login(feed.id) == Login("dan", "d1gest")
    assert library.refresh().failed == 0


def test_a_wrong_password_while_adding_asks_again(qtbot, library, make_window, feed_server: FeedServer) -> None:
    feed_server.route("/club.xml", basic_login(Response(body=RSS), "ann", "s3cret"))
    window = make_window(library)
    window.tree_controller.add_feed(feed_server.url("/club.xml"), "Clubs")
    give(qtbot, window, "ann", "wrong")
    qtbot.waitUntil(lambda: window.login_controller.dialog is not None and window.login_controller.dialog.problem.isVisible(), timeout=10000)
    with qtbot.waitSignal(window.tree_loaded, timeout=10000):
        give(qtbot, window, "ann", "s3cret")
    (feed,) = library.feeds()
    assert feed.folder == "Clubs" and library.secrets.get(feed_key(feed.id)) == Login("ann", "s3cret")


def test_feed_menu_logs_in_forgets_and_sets_the_user_agent(qtbot, library, make_window, feed_server: FeedServer) -> None:
    feed_server.route("/club.xml", basic_login(Response(body=RSS), "ann", "s3cret"))
    feed_id = library.add_feed(feed_server.url("/club.xml"), login=Login("ann", "s3cret")).feed.id
    window = make_window(library)

    def action(label: str, submenu: str | None = None):
        menu = window.tree_controller.menu(f"feed:{feed_id}")
        if submenu is not None:
            menu = next(a for a in menu.actions() if a.text() == submenu).menu()
        return next((a for a in menu.actions() if a.text() == label), None)

    action("Log In…").trigger()
    qtbot.waitUntil(lambda: window.login_controller.dialog is not None, timeout=5000)
    assert window.login_controller.dialog.user.text() == "ann"  # the stored user name, never the password
    assert window.login_controller.dialog.password.text() == ""
    window.login_controller.dialog.reject()

    assert [a.text() for a in action("Byline’s Own", "User Agent").parent().actions() if a.isChecked()] == ["Byline’s Own"]
    with qtbot.waitSignal(window.tree_loaded, timeout=5000):
        action("A Web Browser’s", "User Agent").trigger()
    assert library.feed(feed_id).user_agent == BROWSER_USER_AGENT
    assert action("A Web Browser’s", "User Agent").isChecked()
    window.fake_prompts.answers.append("FeedBot/2.0")
    with qtbot.waitSignal(window.tree_loaded, timeout=5000):
        action("Custom…", "User Agent").trigger()
    assert library.feed(feed_id).user_agent == "FeedBot/2.0" and action("Custom…", "User Agent").isChecked()

    with qtbot.waitSignal(window.tree_loaded, timeout=5000):
        action("Forget Login").trigger()
    assert not library.feed(feed_id).login and library.secrets.get(feed_key(feed_id)) is None
    assert action("Forget Login") is None


def test_feed_properties_set_the_user_agent(qtbot, library, make_window, tmp_path) -> None:
    feed_id = library.add_feed(str(DATA / "world.xml")).feed.id
    window = make_window(library)
    dialog = window.tree_controller.properties_dialog(feed_id)
    assert dialog.agent.text() == "" and dialog.agent.placeholderText() == "Byline’s own"
    dialog.browser_agent.click()
    assert dialog.user_agent() == BROWSER_USER_AGENT
    dialog.grab().save(str(tmp_path / "properties.png"))
    with qtbot.waitSignal(window.tree_loaded, timeout=5000):
        dialog.accept()
    assert library.feed(feed_id).user_agent == BROWSER_USER_AGENT

    again = window.tree_controller.properties_dialog(feed_id)
    assert again.agent.text() == BROWSER_USER_AGENT
    again.agent.setText("Feed reader ü")  # not plain ASCII: refused, and said so
    with qtbot.waitSignal(window.status_shown, timeout=5000, check_params_cb=lambda t: "User-Agent is plain ASCII" in t):
        again.accept()
    assert library.feed(feed_id).user_agent == BROWSER_USER_AGENT
    cleared = window.tree_controller.properties_dialog(feed_id)
    cleared.agent.clear()
    with qtbot.waitSignal(window.tree_loaded, timeout=5000):
        cleared.accept()
    assert library.feed(feed_id).user_agent is None
