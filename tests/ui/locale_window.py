"""The window in the language of the environment, for test_german.py: its texts as JSON, and screenshots.

    LANG=de_DE.UTF-8 python tests/ui/locale_window.py DATA_DIR OUT_DIR

Builds the window as ``byline`` does (``reader.ui.app``: translators for the
system language before the first widget), on the three test feeds with one
article saved; shows an article, searches, refreshes, opens Preferences and
Add Feed, and writes what a person reads (menus, toolbar, tree, list, status
lines, dialog labels) to OUT_DIR/texts.json, with a list of every label or
button narrower than its text needs, and PNGs of the window and the dialogs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402 - after the path is set
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget  # noqa: E402

from reader import paths  # noqa: E402
from reader.core.library import open_library  # noqa: E402
from reader.ui.app import application  # noqa: E402
from reader.ui.i18n import install_translators  # noqa: E402
from reader.ui.main_window import MainWindow  # noqa: E402

DATA = ROOT / "tests" / "ui" / "data"


def wait_for(signal, timeout_ms: int = 10000) -> list[object]:
    """Run the event loop until ``signal`` fires (or the time is up); returns its arguments."""
    loop = QEventLoop()
    got: list[object] = []

    def fired(*args: object) -> None:
        got.extend(args)
        loop.quit()

    signal.connect(fired)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(fired)
    return got


def settle(ms: int = 200) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def clipped(root: QWidget) -> list[str]:
    """Visible labels and buttons that are narrower than their text needs."""
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or not isinstance(widget, (QLabel, QAbstractButton)):
            continue
        if isinstance(widget, QLabel) and widget.wordWrap():
            continue
        if isinstance(widget.parent(), QLineEdit):
            continue  # a line edit's own action button (Save This Search) paints its icon only, never its text
        if widget.width() < widget.minimumSizeHint().width():
            found.append(f"{type(widget).__name__} {widget.text()!r}: {widget.width()} < {widget.minimumSizeHint().width()}")
    return found


def main(data_dir: str, out_dir: str) -> int:
    out = Path(out_dir)
    lib = open_library(data_dir)
    for name in ("world.xml", "city.atom", "notes.json"):
        lib.add_feed(str(DATA / name))
    lib.mark_saved([next(a.id for a in lib.articles() if a.title.startswith("Glacier"))], True)
    shown = next(a.id for a in lib.articles() if a.title.startswith("Ceasefire"))
    app = application()
    install_translators(app, paths.resources_dir(), lib.settings().language)
    window = MainWindow(lib, open_external=lambda _url: None)
    texts: dict[str, object] = {}
    statuses: list[str] = []
    window.status_shown.connect(statuses.append)
    window.show()
    wait_for(window.list_loaded)
    window.select_key("smart:all")
    wait_for(window.list_loaded)
    window.open_in_place(shown)
    wait_for(window.article_shown)
    settle()
    texts["menus"] = {m.title(): [a.text() for a in m.actions() if a.text()] for m in window.menuBar().findChildren(type(window.menuBar().actions()[0].menu())) if m.title()}
    texts["menubar"] = [a.text() for a in window.menuBar().actions()]
    toolbar = window.findChild(QWidget, "main-toolbar")
    texts["toolbar"] = [a.text() for a in toolbar.actions() if a.text()]
    texts["toolbar_hidden"] = [a.text() for a in toolbar.actions() if a.text() and not toolbar.widgetForAction(a).isVisible()]
    model = window.tree_model
    texts["tree"] = [model.index(r, 0).data() for r in range(model.rowCount())]
    texts["headers"] = [window.list_model.headerData(c, window.list.horizontalHeader().orientation()) for c in range(4)]
    texts["dates"] = [window.list_model.index(r, 3).data() for r in range(window.list_model.rowCount())]
    texts["date_column"] = window.list.horizontalHeader().sectionSize(3)
    texts["date_needed"] = max(window.list.fontMetrics().horizontalAdvance(str(d)) for d in texts["dates"])
    texts["count"] = window.count_label.text()
    texts["pane"] = window.pane.toPlainText()[:400]
    window.grab().save(str(out / "window.png"))
    window.search_controller.search_for("bridge")
    wait_for(window.search_shown)
    window.search_controller.leave()
    window.search_controller.search_for("bridge is:maybe")  # the search language's error, from the core's catalog
    wait_for(window.status_shown)
    window.refresh_controller.refresh()
    wait_for(window.refresh_controller.finished, 20000)
    settle()
    texts["status"] = statuses
    texts["clipped"] = {"window": clipped(window)}
    prefs = window.preferences_dialog()
    settle()
    texts["preferences"] = [w.text() for w in prefs.findChildren(QLabel) if w.text()] + [b.text() for b in prefs.findChildren(QAbstractButton)]
    texts["preferences_title"] = prefs.windowTitle()
    texts["clipped"]["preferences"] = clipped(prefs)
    prefs.grab().save(str(out / "preferences.png"))
    prefs.reject()
    add = window.add_feed_dialog()
    add.url.setText("https://example.org")
    settle()
    texts["add_feed"] = [w.text() for w in add.findChildren(QLabel) if w.text()] + [b.text() for b in add.findChildren(QAbstractButton)]
    texts["add_feed_title"] = add.windowTitle()
    texts["clipped"]["add_feed"] = clipped(add)
    add.grab().save(str(out / "add-feed.png"))
    add.reject()
    feed_id = next(f.id for f in lib.feeds() if f.title.startswith("Harbor"))
    props = window.tree_controller.properties_dialog(feed_id)
    assert props is not None
    settle()
    texts["properties"] = [w.text() for w in props.findChildren(QLabel) if w.text()] + [b.text() for b in props.findChildren(QAbstractButton)]
    texts["properties_title"] = props.windowTitle()
    texts["clipped"]["properties"] = clipped(props)
    props.grab().save(str(out / "properties.png"))
    props.reject()
    account = window.account_controller.add_account_dialog()
    settle()
    texts["account"] = [w.text() for w in account.findChildren(QLabel) if w.text()] + [b.text() for b in account.findChildren(QAbstractButton)]
    texts["account_title"] = account.windowTitle()
    texts["clipped"]["account"] = clipped(account)
    account.grab().save(str(out / "account.png"))
    account.reject()
    (out / "texts.json").write_text(json.dumps(texts, ensure_ascii=False, indent=1), encoding="utf-8")
    window.shutdown()
    lib.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2]))
