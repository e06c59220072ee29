"""Logins in the window: ask when a feed's server answers 401, store what the user gives; the proxy's login.

A refresh that meets a 401 asks once per feed and session (a wrong password
does not bring the dialog back every hour; the feed's "Log In…" does), one
dialog at a time, and the feed is checked again once it has a login (after
the running refresh, if one runs). Adding a feed that needs a login asks
before anything is stored. Logins are read and written on the ``NET`` lane:
a keyring may take its time.

Signals:
    status_reported(str): a line for the status bar.
    login_given(int): that feed has a new login; refresh it.
    tree_changed(str): a feed was added or lost its login; reload the tree and select
        this key ("" keeps the selection).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from reader.core.errors import FetchError
from reader.core.models import AddResult, Feed, FeedResult
from reader.core.net.answers import status_message
from reader.core.secrets import Login
from reader.ui.i18n import QT_TRANSLATE_NOOP, arg, translate
from reader.ui.network_page import Keep, NetworkPage
from reader.ui.refresh_controller import RefreshController
from reader.ui.workers import JobKind, Workers

if TYPE_CHECKING:
    from reader.core.library import Library
    from reader.ui.login_dialog import LoginDialog

REFUSED = QT_TRANSLATE_NOOP("LoginController", "The server did not accept the last user name and password.")


@dataclass(frozen=True)
class _Ask:
    """One question waiting for its dialog: about a stored feed, or a feed being added."""

    title: str
    address: str
    problem: str = ""
    user: str = ""
    feed_id: int | None = None
    folder: str = ""


@dataclass(frozen=True)
class NeedsLogin:
    """What adding a feed answers when its server wants a login (instead of raising)."""

    problem: str = ""


def add_or_ask(library: Library, target: str, folder: str, login: Login | None = None, remember: bool = True) -> AddResult | NeedsLogin:
    """``Library.add_feed``, turning a 401 into ``NeedsLogin`` so the window can ask (in a worker)."""
    try:
        return library.add_feed(target, folder=folder, login=login, remember_login=remember)
    except FetchError as err:
        if err.status != 401:
            raise
        return NeedsLogin(translate("LoginController", REFUSED) if login is not None else "")


class LoginController(QObject):
    status_reported = Signal(str)
    login_given = Signal(int)
    tree_changed = Signal(str)

    def __init__(self, library: Library, workers: Workers, refresh: RefreshController, parent: QWidget) -> None:
        super().__init__(parent)
        self.library = library
        self.workers = workers
        self.refresh = refresh
        self.widget = parent
        self.dialog: LoginDialog | None = None
        self._asked: set[int] = set()
        self._waiting: deque[_Ask] = deque()
        self._to_check: set[int] = set()  # feeds given a login while a refresh ran
        refresh.login_needed.connect(self.on_feed_result)
        refresh.finished.connect(self._check_waiting)
        self.login_given.connect(self._check)

    # --- when to ask ------------------------------------------------------------------------------

    def on_feed_result(self, result: FeedResult) -> None:
        """A refresh result: a 401 asks for the feed's login, once per session."""
        if result.http_status != 401 or result.feed_id in self._asked:
            return
        self._asked.add(result.feed_id)
        refused = status_message(401, login_sent=True)  # the core's words, in the same language as result.error
        problem = translate("LoginController", REFUSED) if refused in (result.error or "") else ""
        self.status_reported.emit(arg(translate("LoginController", "“%1” needs a login."), result.title or result.url))
        self._ask(_Ask(result.title or result.url, result.url, problem, feed_id=result.feed_id))

    def ask_for_feed(self, feed_id: int) -> None:
        """The feed menu's "Log In…": ask, with the stored user name filled in."""
        lib = self.library

        def look_up() -> tuple[Feed, str]:
            login = lib.feed_login(feed_id)
            return lib.feed(feed_id), login.user if login is not None else ""

        def ask(answer: tuple[Feed, str]) -> None:
            feed, user = answer
            self._ask(_Ask(feed.title, feed.url, user=user, feed_id=feed.id))

        self.workers.submit(JobKind.LOGIN, look_up, ask, self.status_reported.emit)

    def ask_for_new_feed(self, target: str, folder: str, problem: str = "") -> None:
        """Adding ``target`` met a 401: ask, then add it with the login."""
        self._ask(_Ask(target, target, problem, folder=folder))

    def forget(self, feed_id: int) -> None:
        lib = self.library
        def forgotten(_result: object) -> None:
            self.status_reported.emit(translate("LoginController", "Login forgotten."))
            self.tree_changed.emit("")

        self.workers.submit(JobKind.LOGIN, lambda: lib.set_feed_login(feed_id, None), forgotten, self.status_reported.emit)

    def _check(self, feed_id: int) -> None:
        if not self.refresh.refresh([feed_id]):
            self._to_check.add(feed_id)

    def _check_waiting(self) -> None:
        waiting, self._to_check = sorted(self._to_check), set()
        if waiting and not self.refresh.refresh(waiting):
            self._to_check.update(waiting)

    # --- the proxy's login (Preferences → Network) --------------------------------------------------

    def fill_proxy_user(self, page: NetworkPage) -> None:
        """Show the stored proxy user name on ``page`` once it is read."""
        lib = self.library

        def user() -> str | None:
            login = lib.proxy_login()
            return login.user if login is not None else None

        alive = [page]  # emptied when the dialog closes (and deletes the page) before the answer comes
        page.destroyed.connect(lambda *_args: alive.clear())

        def show(name: str | None) -> None:
            for still_there in alive:
                still_there.set_stored_login(name)

        self.workers.submit(JobKind.LOGIN, user, show, self.status_reported.emit)

    def store_proxy_login(self, login: Login | None | Keep) -> None:
        """Store (or with None forget) the proxy's login; ``Keep.STORED`` leaves it."""
        if isinstance(login, Keep):
            return
        lib = self.library
        self.workers.submit(JobKind.LOGIN, lambda: lib.set_proxy_login(login), None, self.status_reported.emit)

    # --- the dialog ---------------------------------------------------------------------------------

    def _ask(self, ask: _Ask) -> None:
        self._waiting.append(ask)
        self._show_next()

    def _show_next(self) -> None:
        if (self.dialog is not None and self.dialog.isVisible()) or not self._waiting:
            return
        ask = self._waiting.popleft()
        from reader.ui.login_dialog import LoginDialog  # loaded when a feed first asks

        dialog = LoginDialog(ask.title, ask.address, self.widget, user=ask.user, problem=ask.problem, store=self.library.secrets.kind)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._given(ask, *dialog.values()))
        dialog.finished.connect(lambda _code: self._closed(dialog))
        self.dialog = dialog
        dialog.open()

    def _closed(self, dialog: LoginDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        self._show_next()

    def _given(self, ask: _Ask, login: Login, remember: bool) -> None:
        lib = self.library
        if ask.feed_id is None:
            self._add(ask, login, remember)
            return
        feed_id = ask.feed_id

        def stored(_result: object) -> None:
            if remember:
                line = translate("LoginController", "Login saved for “%1”.")
            else:
                line = translate("LoginController", "Login kept for this session for “%1”.")
            self.status_reported.emit(arg(line, ask.title))
            self.login_given.emit(feed_id)

        self.workers.submit(
            JobKind.LOGIN, lambda: lib.set_feed_login(feed_id, login, remember=remember), stored, self.status_reported.emit
        )

    def _add(self, ask: _Ask, login: Login, remember: bool) -> None:
        lib = self.library
        self.status_reported.emit(arg(translate("LoginController", "Adding %1…"), ask.address))

        def added(answer: AddResult | NeedsLogin) -> None:
            if isinstance(answer, NeedsLogin):
                self.ask_for_new_feed(ask.address, ask.folder, answer.problem)
                return
            articles = translate("LoginController", "%Ln article(s)", None, answer.new_articles)
            self.status_reported.emit(arg(translate("LoginController", "Added “%1”: %2."), answer.feed.title, articles))
            self.tree_changed.emit(f"feed:{answer.feed.id}")

        self.workers.submit(
            JobKind.ADD_FEED, lambda: add_or_ask(lib, ask.address, ask.folder, login, remember), added,
            lambda message: self.status_reported.emit(arg(translate("LoginController", "Could not add %1: %2"), ask.address, message)),
        )
