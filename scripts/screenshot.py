"""Write docs/screenshot.png and docs/screenshot-dark.png: the window at 1280x800 on the sample library.

    python scripts/screenshot.py [OUT.png]   (the dark one is written beside it, "-dark" added)

Runs on the offscreen platform unless QT_QPA_PLATFORM says otherwise; each
picture gets a fresh library in a temporary directory that is removed
afterwards. The window shows an article with a Related callout, and one other
article is saved first so the star and the Saved count show.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt is imported

from PySide6.QtCore import QEventLoop, QTimer, SignalInstance
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from reader.core.library import Library

ROOT = Path(__file__).resolve().parents[1]
SIZE = (1280, 800)


def wait_for(signal: SignalInstance, timeout_ms: int = 10_000) -> bool:
    """Run the event loop until ``signal`` fires. False on timeout."""
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


def wait_until(predicate: Callable[[], bool], timeout_ms: int = 10_000) -> bool:
    """Run the event loop until ``predicate()`` is true. False on timeout."""
    deadline = time.perf_counter() + timeout_ms / 1000
    while not predicate():
        if time.perf_counter() > deadline:
            return False
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        time.sleep(0.002)
    return True


def grab(library: Library, out: Path, *, dark: bool = False) -> int | None:
    """Open the window on ``library``, show an article with a Related callout, save a PNG.

    Marks one other article saved first (so the picture shows a star and a
    Saved count). Returns the id of the article shown (None if no article has a callout).
    """
    from reader.core.models import Selection
    from reader.ui.app import application
    from reader.ui.main_window import MainWindow
    from reader.ui.style import dark_palette

    app = application()
    before = app.palette()
    if dark:
        app.setPalette(dark_palette())
    ids = library.article_ids(Selection())
    chosen = next((i for i in ids if 'class="related"' in library.render(i).html), None)
    starred = next((i for i in ids[1:] if i != chosen), None)
    if starred is not None:
        library.mark_saved([starred])
    window = MainWindow(library, open_external=lambda _url: None)
    try:
        window.resize(*SIZE)
        window.show()
        wait_for(window.list_loaded)
        if chosen is not None:
            window.open_in_place(chosen)
            wait_for(window.article_shown)
            wait_for(window.counts_updated, 2000)
        wait_until(lambda: not window.workers.is_busy(), 5000)
        app.processEvents()
        window.grab().save(str(out), "PNG")
        return chosen
    finally:
        window.close()
        if dark:
            app.setPalette(before)


def main(argv: list[str]) -> int:
    from reader import paths
    from reader.core.library import open_library
    from reader.ui.app import application
    from reader.ui.i18n import install_translators
    from reader.ui.tree_controller import sample_files

    out = Path(argv[0]) if argv else ROOT / "docs" / "screenshot.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    _kept = install_translators(application(), paths.resources_dir())  # as the app does: English plurals too
    files = sample_files(paths.resources_dir())
    if not files:
        print("the sample library (reader/resources/sample) is missing", file=sys.stderr)
        return 1
    chosen = None
    for target, dark in ((out, False), (out.with_name(f"{out.stem}-dark{out.suffix}"), True)):
        with tempfile.TemporaryDirectory() as tmp:
            lib = open_library(Path(tmp))
            try:
                for path in files:
                    lib.add_feed(str(path), folder="Sample")
                chosen = grab(lib, target, dark=dark)
            finally:
                lib.close()
        print(f"wrote {target} (article {chosen})")
    return 0 if chosen is not None else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
