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
from PySide6.QtGui import QGuiApplication
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
    signal.connect(lambda *_a: (fired.append(True), loop.quit()))
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    return bool(fired)


def screenshot(library: Any, path: Any, *, size: tuple[int, int] = (1280, 800), resources: Any = None) -> int | None:
    """Open the window on ``library``, show an article that has a Related callout, save a PNG.

    Returns the id of the article shown (None if no article has a callout).
    """
    from pathlib import Path

    from reader.ui.main_window import MainWindow

    app = application()
    window = MainWindow(library, open_external=lambda _url: None, resources=Path(resources) if resources else None)
    try:
        window.resize(*size)
        window.show()
        wait_for(window.list_loaded)
        chosen = None
        for article_id in window.list_model.ids:
            if 'class="related"' in library.render(article_id).html:
                chosen = article_id
                break
        if chosen is not None:
            window.open_in_place(chosen)
            wait_for(window.article_shown)
            wait_for(window.counts_updated, 2000)
        app.processEvents()
        window.grab().save(str(path), "PNG")
        return chosen
    finally:
        window.close()
