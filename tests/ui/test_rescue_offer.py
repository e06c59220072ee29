"""The window's rescue offer for a damaged library, and the start-up path that shows it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from reader.core.care import adopt_rescued, rescue_library
from reader.core.library import open_library

DB = "library.sqlite3"


def damaged_library(tmp_path: Path) -> Path:
    data = tmp_path / "lib"
    items = "".join(f"<item><title>Story {i}</title><guid>s{i}</guid><description>{'Words. ' * 60}</description></item>" for i in range(50))
    (tmp_path / "f.xml").write_text(f"<rss version='2.0'><channel><title>Courier</title>{items}</channel></rss>")
    with open_library(data) as lib:
        lib.add_feed(str(tmp_path / "f.xml"))
        lib.mark_read([1, 2, 3])
        lib.mark_saved([4])
    raw = bytearray((data / DB).read_bytes())
    raw[:100] = bytes(100)
    (data / DB).write_bytes(bytes(raw))
    return data


def test_rescue_offer_recovers_and_opens_the_rescued_library(qtbot, tmp_path: Path) -> None:
    from reader.ui.rescue_offer import RescueOffer

    data = damaged_library(tmp_path)
    damaged = (data / DB).read_bytes()
    dialog = RescueOffer("the library file is damaged (file is not a database)", lambda: rescue_library(data),
                         lambda rescued: adopt_rescued(data, rescued))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.rescue_button.isVisible() and not dialog.open_button.isVisible()
    with qtbot.waitSignal(dialog.rescue_finished, timeout=20_000) as blocker:
        qtbot.mouseClick(dialog.rescue_button, pytest.importorskip("PySide6.QtCore").Qt.MouseButton.LeftButton)
    result = blocker.args[0]
    assert (result.counts.feeds, result.counts.articles, result.counts.saved, result.counts.read) == (1, 50, 1, 3)
    assert "Recovered 1 feed, 50 articles, 1 saved and 3 read marks" in dialog.message.text()
    assert dialog.open_button.isVisible() and dialog.use_it.isChecked()
    dialog.grab().save(str(tmp_path / "rescue-offer.png"))  # looked at by hand: see docs/window/rescue-offer.png
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.open_button.click()
    assert dialog.result_path == data  # the rescued library took the old one's place
    (aside,) = tmp_path.glob("lib-damaged-*")
    assert (aside / DB).read_bytes() == damaged  # kept, unchanged
    with open_library(data, check=True) as lib:
        assert len(lib.articles()) == 50 and [a.id for a in lib.articles(saved=True)] == [4]


def test_quitting_the_offer_moves_nothing(qtbot, tmp_path: Path) -> None:
    from reader.ui.rescue_offer import RescueOffer

    damaged_library(tmp_path)
    calls: list[str] = []
    dialog = RescueOffer("damaged", lambda: calls.append("rescue"), lambda p: p)  # type: ignore[arg-type, return-value]
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.rejected, timeout=5000):
        dialog.quit_button.click()
    assert calls == [] and dialog.result_path is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.xml", "lib"]


def test_byline_on_a_damaged_library_offers_the_rescue_then_opens_the_window(monkeypatch, tmp_path: Path) -> None:
    import reader.ui.app as app
    from reader.cli import main

    data = damaged_library(tmp_path)
    opened: list[int] = []

    def offer(problem, rescue, adopt):  # the user clicks Rescue, then Open with "use it from now on"
        assert "damaged" in problem
        return adopt(rescue().path)

    monkeypatch.setattr(app, "offer_rescue", offer)
    monkeypatch.setattr(app, "run", lambda lib, reopen=None: opened.append(len(lib.articles())) or 0)
    assert main(["--data-dir", str(data)], io.StringIO(), io.StringIO()) == 0
    assert opened == [50]

    raw = bytearray((data / DB).read_bytes())
    raw[:100] = bytes(100)
    (data / DB).write_bytes(bytes(raw))
    monkeypatch.setattr(app, "offer_rescue", lambda problem, rescue, adopt: None)  # the user quits
    err = io.StringIO()
    assert main(["--data-dir", str(data)], io.StringIO(), err) == 1
    assert "damaged" in err.getvalue() and len(err.getvalue().splitlines()) == 1
    assert opened == [50]


def test_the_daily_check_finding_damage_offers_the_rescue_beside_the_window(qtbot, feeds_library, make_window, tmp_path) -> None:
    """The window is open when its check finds the file damaged: the offer comes up over it; nothing moves
    until the user chooses to open the rescued library, which closes this window (cmd_gui reopens)."""
    from PySide6.QtCore import Qt

    from reader.ui.app import offer_rescue_while_open

    lib = feeds_library
    window = make_window(lib)
    window.resize(900, 560)
    total = len(lib.articles())
    chosen: list[tuple[Path, bool]] = []
    dialog = offer_rescue_while_open(window, "the library file is damaged (test)", lambda p, adopt: chosen.append((p, adopt)))
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.parent() is window and dialog.quit_button.text() == "Not Now"
    assert "found your library file damaged" in dialog.message.text()
    dialog.grab().save(str(tmp_path / "offer-while-open.png"))  # looked at: docs/window/rescue-offer-while-open.png
    with qtbot.waitSignal(dialog.rescue_finished, timeout=20_000) as blocker:
        qtbot.mouseClick(dialog.rescue_button, Qt.MouseButton.LeftButton)
    result = blocker.args[0]
    assert result.counts.articles == total and result.path.parent == lib.data_dir.parent
    assert "closes this window" in dialog.message.text()
    dialog.grab().save(str(tmp_path / "offer-while-open-done.png"))
    assert (lib.data_dir / DB).is_file() and lib.articles()  # nothing moved while the window has it open
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.open_button.click()
    assert chosen == [(result.path, True)]
    qtbot.waitUntil(lambda: not window.isVisible())


def test_not_now_leaves_the_window_and_the_library_as_they_are(qtbot, feeds_library, make_window) -> None:
    from reader.ui.app import offer_rescue_while_open

    window = make_window(feeds_library)
    chosen: list[object] = []
    dialog = offer_rescue_while_open(window, "damaged", lambda p, adopt: chosen.append(p))
    qtbot.waitUntil(dialog.isVisible)
    with qtbot.waitSignal(dialog.rejected, timeout=5000):
        dialog.quit_button.click()
    assert chosen == [] and window.isVisible()
    assert not list(feeds_library.data_dir.parent.glob("*-rescued-*"))


def test_choosing_the_rescued_library_in_the_window_reopens_on_it(monkeypatch, tmp_path: Path) -> None:
    """cmd_gui closes the damaged library, moves it aside, and opens a window on the rescued one."""
    import reader.ui.app as app
    from reader.cli import main

    data = tmp_path / "lib"
    (tmp_path / "f.xml").write_text("<rss version='2.0'><channel><title>Courier</title>"
                                   + "".join(f"<item><title>Story {i}</title><guid>s{i}</guid></item>" for i in range(20))
                                   + "</channel></rss>")
    with open_library(data) as lib:
        lib.add_feed(str(tmp_path / "f.xml"))
        lib.mark_read([2, 5])
    windows: list[tuple[Path, int]] = []

    def run(lib, *, reopen=None):  # the first window's check finds damage; the user opens the rescued library
        windows.append((lib.data_dir, len(lib.articles())))
        if len(windows) == 1:
            reopen(rescue_library(lib.data_dir).path, True)
        return 0

    monkeypatch.setattr(app, "run", run)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert main(["--data-dir", str(data)], io.StringIO(), io.StringIO()) == 0
    assert windows == [(data, 20), (data, 20)]
    (aside,) = tmp_path.glob("lib-damaged-*")
    assert (aside / DB).is_file() and not list(tmp_path.glob("lib-rescued-*"))
    with open_library(data) as lib:
        assert sorted(a.id for a in lib.articles() if a.read) == [2, 5]


def test_run_wires_the_daily_checks_verdict_to_the_offer(qtbot, library) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from reader.ui.app import run
    from reader.ui.main_window import MainWindow
    from reader.ui.rescue_offer import RescueOffer

    offers: list[RescueOffer] = []

    def damage_found() -> None:
        (window,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        window.integrity_failed.emit("the library file is damaged (test)")
        offers.extend(w for w in QApplication.topLevelWidgets() if isinstance(w, RescueOffer) and w.isVisible())
        for offer in offers:
            offer.quit_button.click()  # Not Now
        window.commands.quit.trigger()

    QTimer.singleShot(300, damage_found)
    assert run(library, reopen=lambda path, adopt: None) == 0
    assert len(offers) == 1
