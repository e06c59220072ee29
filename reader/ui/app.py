"""Application setup: QApplication, palette and style, the main window.

``run(library)`` is what ``byline`` / ``byline gui`` call; it returns the exit
code. An empty library shows a welcome page that offers the bundled sample
library (see ``MainWindow.show_welcome``), so the first window is never blank.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

APP_NAME = "Byline"


def application(argv: list[str] | None = None) -> QApplication:
    """The process's QApplication, created once with Byline's name and style."""
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("byline")
    if "fusion" in [s.lower() for s in _styles()] and app.style().name().lower() in ("windows", ""):
        app.setStyle("Fusion")
    return app


def _styles() -> list[str]:
    from PySide6.QtWidgets import QStyleFactory

    return list(QStyleFactory.keys())


def run(library: Any) -> int:
    """Open the main window on ``library`` and run until it closes. Returns the exit code."""
    from reader.ui.main_window import MainWindow

    app = application()
    window = MainWindow(library)
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: window.pane.apply_style())
    window.show()
    try:
        return int(app.exec())
    finally:
        window.shutdown()


def wait_for(signal: Any, timeout_ms: int = 10_000) -> bool:
    """Run the event loop until ``signal`` fires (for scripts; tests use qtbot). False on timeout."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    fired: list[bool] = []

    def done(*_args: object) -> None:
        fired.append(True)
        loop.quit()

    timer = QTimer(singleShot=True, interval=timeout_ms)
    timer.timeout.connect(loop.quit)
    signal.connect(done)
    timer.start()
    try:
        loop.exec()
    finally:
        timer.stop()
        signal.disconnect(done)
    return bool(fired)


def wait_until(predicate: Any, timeout_ms: int = 10_000) -> bool:
    """Run the event loop until ``predicate()`` is true (checked every 5 ms). False on timeout."""
    import time

    from PySide6.QtCore import QEventLoop

    deadline = time.perf_counter() + timeout_ms / 1000
    while not predicate():
        if time.perf_counter() > deadline:
            return False
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        time.sleep(0.002)
    return True


def dark_palette() -> QPalette:
    """A dark palette for Fusion (used when asked for dark and the platform has none, e.g. offscreen)."""
    p = QPalette()
    colors = {
        QPalette.ColorRole.Window: "#24272b",
        QPalette.ColorRole.WindowText: "#dfe2e6",
        QPalette.ColorRole.Base: "#1b1d20",
        QPalette.ColorRole.AlternateBase: "#222529",
        QPalette.ColorRole.ToolTipBase: "#2d3136",
        QPalette.ColorRole.ToolTipText: "#dfe2e6",
        QPalette.ColorRole.PlaceholderText: "#8b929b",
        QPalette.ColorRole.Text: "#dfe2e6",
        QPalette.ColorRole.Button: "#2d3136",
        QPalette.ColorRole.ButtonText: "#dfe2e6",
        QPalette.ColorRole.BrightText: "#ffffff",
        QPalette.ColorRole.Highlight: "#2f65a8",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#8cb8f0",
        QPalette.ColorRole.Light: "#3a3f45",
        QPalette.ColorRole.Midlight: "#32363b",
        QPalette.ColorRole.Mid: "#2a2d31",
        QPalette.ColorRole.Dark: "#141517",
        QPalette.ColorRole.Shadow: "#000000",
    }
    for role, color in colors.items():
        p.setColor(role, QColor(color))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6b7178"))
    return p


def screenshot(
    library: Any, path: Any, *, size: tuple[int, int] = (1280, 800), resources: Any = None, dark: bool = False
) -> int | None:
    """Open the window on ``library``, show an article that has a Related callout, save a PNG.

    One other article is saved first, so the star and the Saved count show.
    With ``dark`` the window uses a dark palette (and the pane article-dark.css).
    Returns the id of the article shown (None if no article has a callout).
    """
    from pathlib import Path

    from reader.core.models import Selection
    from reader.ui.main_window import MainWindow

    app = application()
    before = app.palette()
    if dark:
        app.setPalette(dark_palette())
    ids = library.article_ids(Selection())
    chosen = next((i for i in ids if 'class="related"' in library.render(i).html), None)
    starred = next((i for i in ids[1:] if i != chosen), None)
    if starred is not None:
        library.mark_saved([starred])
    window = MainWindow(library, open_external=lambda _url: None, resources=Path(resources) if resources else None)
    try:
        window.resize(*size)
        window.show()
        wait_for(window.list_loaded)
        if chosen is not None:
            window.open_in_place(chosen)
            wait_for(window.article_shown)
            wait_for(window.counts_updated, 2000)
        wait_until(lambda: not window.workers.is_busy(), 5000)
        app.processEvents()
        window.grab().save(str(path), "PNG")
        return chosen
    finally:
        window.close()
        if dark:
            app.setPalette(before)
