"""The keyboard reaches everything: a walk through the window without one mouse event, and Tab never traps.

Every key goes to the widget that has the focus at that moment
(``QApplication.focusWidget()``), as it would for a person at the keyboard;
an application-wide event filter fails the walk if any mouse event is seen.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from tests.ui.conftest import DATA, show, wait_idle

MOUSE = {
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove, QEvent.Type.Wheel,
}


class MouseWatch(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in MOUSE and not event.spontaneous():
            self.seen.append(f"{event.type().name} on {type(watched).__name__}")
        return False


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), key, modifier)


def type_text(qtbot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def back_to(qtbot, window) -> None:
    """A dialog closed: the window manager hands the activation back to the window (offscreen has none to do it)."""
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5000)
    if QApplication.focusWidget() is None:
        window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None and focused().window() is window, timeout=5000)


def open_dialog(qtbot, window, key: Qt.Key, modifier: Qt.KeyboardModifier) -> QDialog:
    press(qtbot, key, modifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QDialog), timeout=5000)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, QDialog)
    qtbot.waitUntil(lambda: focused().window() is dialog, timeout=5000)
    return dialog


def test_a_keyboard_only_walk(qtbot, library, make_window):
    watch = MouseWatch()
    QApplication.instance().installEventFilter(watch)
    try:
        window = make_window(library)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=5000)
        window.tree.setFocus()  # where a person starts: the window just opened
        # add a feed: Ctrl+N, type the address, Enter
        dialog = open_dialog(qtbot, window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        assert focused() is dialog.url
        type_text(qtbot, str(DATA / "world.xml"))
        with qtbot.waitSignal(window.list_loaded, timeout=10000):
            press(qtbot, Qt.Key.Key_Return)
        assert [f.title for f in library.feeds()] == ["Harbor & Hill World Desk"]
        back_to(qtbot, window)
        wait_idle(qtbot, window)
        # read three articles with j
        shown = []
        for _ in range(3):
            with qtbot.waitSignal(window.article_shown, timeout=5000) as blocker:
                press(qtbot, Qt.Key.Key_J)
            shown.append(blocker.args[0])
        assert len(set(shown)) == 3
        qtbot.waitUntil(lambda: all(library.article(i).read for i in shown), timeout=5000)
        # save the third with s
        press(qtbot, Qt.Key.Key_S)
        qtbot.waitUntil(lambda: library.article(shown[2]).saved, timeout=5000)
        # search: / then the words, Enter; Esc goes back to the list
        press(qtbot, Qt.Key.Key_Slash)
        assert focused() is window.search_field
        type_text(qtbot, "bridge")
        with qtbot.waitSignal(window.search_shown, timeout=5000) as blocker:
            press(qtbot, Qt.Key.Key_Return)
        assert blocker.args[0] >= 1
        press(qtbot, Qt.Key.Key_Escape)
        assert not window.search_controller.showing() and focused() is window.list
        # Preferences: Ctrl+, opens it, Esc closes it, the focus comes back to the window
        prefs = open_dialog(qtbot, window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
        press(qtbot, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not prefs.isVisible(), timeout=5000)
        back_to(qtbot, window)
        wait_idle(qtbot, window)
    finally:
        QApplication.instance().removeEventFilter(watch)
    assert watch.seen == []


def test_tab_reaches_every_pane_and_the_article_links_and_never_traps(qtbot, feeds_library, make_window):
    window = make_window(feeds_library)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    show(qtbot, window, "smart:all")
    ceasefire = next(a.id for a in feeds_library.articles() if a.title.startswith("Ceasefire"))
    window.open_in_place(ceasefire)
    qtbot.waitUntil(lambda: window.pane.article_id == ceasefire and len(window.pane.links.links) == 4, timeout=5000)
    window.tree.setFocus()
    visited: list[QWidget] = []
    for _ in range(40):
        press(qtbot, Qt.Key.Key_Tab)
        visited.append(focused())
        if focused() is window.tree:
            break
    assert visited[-1] is window.tree, [type(w).__name__ for w in visited]  # Tab comes round: no trap
    assert window.list in visited and window.pane in visited and window.search_field in visited
    links = [w for w in visited if w in window.pane.links.links]
    assert [w.accessibleName() for w in links] == [
        "Original",
        "Bridge reopens after three years of repairs",
        "Market prices climb as the harvest slips",
        "A headline that no article in this library carries at all",
    ]
    # Shift+Tab walks the same way back
    back: list[QWidget] = []
    for _ in range(len(visited)):
        press(qtbot, Qt.Key.Key_Backtab)
        back.append(focused())
    assert back[-1] is window.tree and set(back) == set(visited)


def test_enter_on_a_related_link_opens_its_article(qtbot, feeds_library, make_window):
    window = make_window(feeds_library)
    ceasefire = next(a.id for a in feeds_library.articles() if a.title.startswith("Ceasefire"))
    bridge = next(a.id for a in feeds_library.articles() if a.title.startswith("Bridge"))
    show(qtbot, window, "smart:all")
    window.open_in_place(ceasefire)
    qtbot.waitUntil(lambda: window.pane.article_id == ceasefire and len(window.pane.links.links) == 4, timeout=5000)
    link = window.pane.links.links[1]
    unfocused = link.grab().toImage()
    link.setFocus()
    focused_image = link.grab().toImage()
    highlight = link.palette().color(link.palette().ColorRole.Highlight)

    def near(color) -> bool:
        return abs(color.red() - highlight.red()) + abs(color.green() - highlight.green()) + abs(color.blue() - highlight.blue()) < 60

    assert focused_image != unfocused  # the focus ring is drawn...
    assert any(near(focused_image.pixelColor(x, 1)) for x in range(focused_image.width()))  # ...in the selection colour
    with qtbot.waitSignal(window.article_shown, timeout=5000, check_params_cb=lambda i: i == bridge):
        qtbot.keyClick(link, Qt.Key.Key_Return)
    assert window.opened == []  # Enter opened the link, not the window's "open in browser"
