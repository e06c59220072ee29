"""Fixtures for the window: a small library built from tests/ui/data, and a window on it.

The window gets a fake browser (``opened`` collects URLs), fake prompts (answers
queued by the test) and an empty resources folder unless a test gives one.
Teardown closes the window, checks that no worker thread is left, then closes
the library.
"""

from __future__ import annotations

import threading
from collections import deque
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import QUrl

pytest.importorskip("pytestqt")

DATA = Path(__file__).parent / "data"
FEEDS = ("world.xml", "city.atom", "notes.json")


# The offscreen platform says these for every shown or raised window; they are not faults of ours.
OFFSCREEN_NOISE = ("This plugin does not support propagateSizeHints", r"This plugin does not support raise\(\)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def _no_desktop_bus(monkeypatch: pytest.MonkeyPatch) -> None:
    """Notifications never reach the session bus of the machine running the tests (tests give a private one)."""
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)


@pytest.fixture(autouse=True, scope="session")
def english_catalog(qapp):
    """The window's catalogs as ``byline`` loads them for LANG=C.UTF-8: English, with its plural forms."""
    from reader import paths
    from reader.ui.i18n import install_translators

    install_translators(qapp, paths.resources_dir(), "")
    yield


class FakePrompts:
    """Answers the window's questions from a queue; records what was asked."""

    def __init__(self) -> None:
        self.answers: deque[Any] = deque()
        self.asked: list[tuple[str, str]] = []
        self.proposed: list[str] = []  # what save dialogs proposed
        self.informed: list[tuple[str, str, str]] = []  # messages shown until read: (title, text, details)

    def _next(self, kind: str, title: str) -> Any:
        self.asked.append((kind, title))
        return self.answers.popleft() if self.answers else None

    def confirm(self, parent: Any, title: str, text: str) -> bool:
        return bool(self._next("confirm", title))

    def text(self, parent: Any, title: str, label: str, value: str = "") -> str | None:
        return self._next("text", title)

    def choose(self, parent: Any, title: str, label: str, items: Any) -> str | None:
        return self._next("choose", title)

    def open_file(self, parent: Any, title: str, filters: str) -> str | None:
        return self._next("open_file", title)

    def save_file(self, parent: Any, title: str, name: str, filters: str) -> str | None:
        self.proposed.append(name)
        return self._next("save_file", title)

    def inform(self, parent: Any, title: str, text: str, details: str = "") -> None:
        self.informed.append((title, text, details))


@pytest.fixture
def feeds_library(library):
    """The library fixture with three small feeds (RSS, Atom, JSON Feed) added."""
    for name in FEEDS:
        library.add_feed(str(DATA / name))
    return library


def article_id(lib: Any, title_start: str) -> int:
    return next(a.id for a in lib.articles() if a.title.startswith(title_start))


@pytest.fixture
def make_window(qtbot, tmp_path, library):
    """Build MainWindow(library) with fakes; wait until its tree and list are loaded."""
    from reader.ui.main_window import MainWindow

    made: list[Any] = []

    def make(lib: Any, *, resources: Path | None = None, wait_list: bool = True, **options: Any) -> Any:
        opened: list[str] = []
        prompts = FakePrompts()
        res = resources or (tmp_path / "resources-empty")
        res.mkdir(exist_ok=True)
        window = MainWindow(lib, open_external=opened.append, prompts=prompts, resources=res, **options)
        window.opened = opened
        window.fake_prompts = prompts
        qtbot.addWidget(window)
        made.append(window)
        if wait_list:
            with qtbot.waitSignal(window.list_loaded, timeout=5000):
                window.show()
            wait_idle(qtbot, window)
        else:
            window.show()
        return window

    yield make
    before = {t for t in threading.enumerate() if t.name.startswith("byline-")}
    for window in made:
        window.close()
    for thread in before:
        thread.join(5)
    left = [t.name for t in threading.enumerate() if t.name.startswith("byline-") and t.is_alive()]
    assert not left, f"worker threads still running: {left}"


def wait_idle(qtbot: Any, window: Any, timeout: int = 5000) -> None:
    """Wait until every queued job of the window has answered."""
    qtbot.waitUntil(lambda: not window.workers.is_busy(), timeout=timeout)


def show(qtbot: Any, window: Any, key: str) -> None:
    """Select a tree row and wait for its list."""
    with qtbot.waitSignal(window.list_loaded, timeout=5000):
        assert window.select_key(key)


def open_row(qtbot: Any, window: Any, row: int) -> int:
    """Select a list row and wait until its article is shown; returns its id."""
    expected = window.list_model.article_id(row)
    with qtbot.waitSignal(window.article_shown, timeout=5000, check_params_cb=lambda i: i == expected):
        window._select_row(row)
    return expected


def click_link(qtbot: Any, window: Any, href: str, *, shown: int | None = None) -> None:
    """Click a link in the pane; with ``shown``, wait until that article is shown."""
    if shown is None:
        window.pane.anchorClicked.emit(QUrl(href))
        wait_idle(qtbot, window)
        return
    with qtbot.waitSignal(window.article_shown, timeout=5000, check_params_cb=lambda i: i == shown):
        window.pane.anchorClicked.emit(QUrl(href))


def record_threads(monkeypatch: Any, lib: Any, name: str = "article_rows") -> list[str]:
    """Wrap a Library method to note the thread of every call."""
    threads: list[str] = []
    original = getattr(lib, name)

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread().name)
        return original(*args, **kwargs)

    monkeypatch.setattr(lib, name, wrapped)
    return threads


def rows_shown(window: Any) -> bool:
    """Whether the list has rows and the first one's page arrived."""
    return window.list_model.rowCount() > 0 and window.list_model.row_data(0) is not None


class NotificationService:
    """A private session bus (its own dbus-daemon) with tests/ui/notifyd.py owning the notification service."""

    def __init__(self, folder: Path) -> None:
        import json
        import os
        import shutil
        import subprocess
        import sys

        self._json = json
        daemon = shutil.which("dbus-daemon")
        if daemon is None:
            if os.environ.get("CI", "").lower() == "true":
                pytest.fail("the notification tests need dbus-daemon, and CI must have it (.ci/run installs it)")
            pytest.skip("dbus-daemon is not installed")
        self.address = f"unix:path={folder / 'bus'}"
        self.bus = subprocess.Popen(
            [daemon, "--session", "--nofork", "--nopidfile", f"--address={self.address}", "--print-address"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )
        assert self.bus.stdout is not None
        self.bus.stdout.readline()  # the daemon prints its address once it listens
        root = Path(__file__).resolve().parents[2]
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(root)}
        self.service = subprocess.Popen(
            [sys.executable, "-m", "tests.ui.notifyd", self.address],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=root, env=env,
        )
        ready = self.read()
        assert ready == {"ready": True}, ready

    def read(self) -> dict[str, Any]:
        """The service's next report (a Notify call it answered, or a command done)."""
        assert self.service.stdout is not None
        line = self.service.stdout.readline()
        assert line, self.service.stderr.read() if self.service.stderr else "the service ended"
        found: dict[str, Any] = self._json.loads(line)
        return found

    def ask(self, **command: object) -> None:
        """Act as the person at the desktop: {"click": id} or {"close": id}."""
        assert self.service.stdin is not None
        self.service.stdin.write(self._json.dumps(command) + "\n")
        self.service.stdin.flush()
        assert self.read() == {"done": command}

    def stop(self) -> None:
        for process in (self.service, self.bus):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(5)
                except Exception:  # noqa: BLE001 - a stuck helper is killed
                    process.kill()
                    process.wait(5)
        for stream in (self.service.stdin, self.service.stdout, self.service.stderr, self.bus.stdout):
            if stream is not None:
                stream.close()


@pytest.fixture
def notification_service(tmp_path_factory: pytest.TempPathFactory):
    """A notification service on a private session bus, stopped after the test."""
    service = NotificationService(tmp_path_factory.mktemp("bus"))
    yield service
    service.stop()


def grab(widget: Any, name: str, tmp_path: Path) -> Path:
    """Grab a widget to a PNG to look at ($BYLINE_SHOTS when set, else the test's tmp dir); it must not be blank."""
    import os

    folder = Path(os.environ["BYLINE_SHOTS"]) if os.environ.get("BYLINE_SHOTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    image = widget.grab().toImage()
    assert image.save(str(path))
    assert len({image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}) > 3
    print(f"\nscreenshot: {path}")
    return path
