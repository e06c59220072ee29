"""The window for the AT-SPI test: a library of the three test feeds, one article saved, one shown.

Run by session.py inside a private D-Bus session on Xvfb with Qt's AT-SPI
bridge forced on. Prints READY once the shown article is laid out, then runs
until it is killed.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from reader import paths  # noqa: E402 - after the path is set
from reader.core.library import open_library  # noqa: E402
from reader.ui.accessibility import install_factory  # noqa: E402
from reader.ui.app import application  # noqa: E402
from reader.ui.i18n import install_translators  # noqa: E402
from reader.ui.main_window import MainWindow  # noqa: E402

DATA = ROOT / "tests" / "ui" / "data"


def main(data_dir: str) -> int:
    lib = open_library(data_dir)
    for name in ("world.xml", "city.atom", "notes.json"):
        lib.add_feed(str(DATA / name))
    saved = next(a.id for a in lib.articles() if a.title.startswith("Glacier"))
    lib.mark_saved([saved], True)
    shown = next(a.id for a in lib.articles() if a.title.startswith("Ceasefire"))
    app = application()
    install_factory()
    install_translators(app, paths.resources_dir(), lib.settings().language)
    window = MainWindow(lib, open_external=lambda _url: None)

    def on_list() -> None:
        window.list_loaded.disconnect(on_list)
        row = window.list_model.row_of(shown)
        assert row is not None
        window.list.setFocus()
        window._select_row(row)

    def on_article(article_id: int) -> None:
        if article_id == shown:
            window.article_shown.disconnect(on_article)
            window.pane.links.rebuild()  # the stand-ins exist before READY is said
            print("READY", flush=True)

    window.list_loaded.connect(on_list)
    window.article_shown.connect(on_article)
    window.show()
    try:
        return int(app.exec())
    finally:
        window.shutdown()
        lib.close()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
