"""The window on a sample library at 1280x800, grabbed to a PNG (look at it: tmp dir, or docs/screenshot.png)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage, QPalette

from reader import paths
from reader.core.models import SmartFeed
from reader.ui.app import screenshot
from reader.ui.main_window import sample_files
from tests.ui.conftest import DATA, FEEDS


def test_window_grabs_to_png_on_the_sample_library(qtbot, library, tmp_path):
    files = sample_files(paths.resources_dir()) or [DATA / name for name in FEEDS]
    for path in files:
        library.add_feed(str(path), folder="Sample")
    out = tmp_path / "screenshot.png"
    chosen = screenshot(library, out)
    print(f"\nscreenshot: {out}")
    assert chosen is not None, "no article with a Related callout"
    assert 'class="related"' in library.render(chosen).html
    assert library.article(chosen).read
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    assert Path(out).stat().st_size > 10_000


def test_dark_screenshot_uses_a_dark_pane_and_restores_the_palette(qtbot, library, tmp_path):
    from PySide6.QtWidgets import QApplication

    for name in FEEDS:
        library.add_feed(str(DATA / name))
    before = QApplication.instance().palette().color(QPalette.ColorRole.Base)
    out = tmp_path / "dark.png"
    screenshot(library, out, dark=True)
    image = QImage(str(out))
    pane_background = image.pixelColor(image.width() - 40, image.height() // 2)
    assert pane_background.lightness() < 80, pane_background.name()
    assert QApplication.instance().palette().color(QPalette.ColorRole.Base) == before
    assert library.smart_counts()[SmartFeed.SAVED] == 1  # one article saved, so the star and the count show
