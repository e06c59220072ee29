"""The window on a sample library at 1280x800, grabbed to a PNG (look at it: the tmp dir, or docs/screenshot.png).

The window is driven with qtbot here; scripts/screenshot.py, which writes the
pictures in docs/, runs once end to end in a subprocess.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage, QPalette
from PySide6.QtWidgets import QApplication

from reader import paths
from reader.core.models import Selection
from reader.ui.style import dark_palette
from reader.ui.tree_controller import sample_files
from tests.ui.conftest import DATA, FEEDS, wait_idle

ROOT = Path(__file__).resolve().parents[2]


def grab_window(qtbot, make_window, library, out: Path) -> tuple[int | None, QImage]:
    """Open the window at 1280x800 on an article with a Related callout (one other saved), grab it."""
    ids = library.article_ids(Selection())
    chosen = next((i for i in ids if 'class="related"' in library.render(i).html), None)
    library.mark_saved([next(i for i in ids[1:] if i != chosen)])
    window = make_window(library, resources=paths.resources_dir())
    window.resize(1280, 800)
    if chosen is not None:
        with qtbot.waitSignal(window.article_shown, timeout=5000):
            window.open_in_place(chosen)
        qtbot.waitUntil(lambda: library.article(chosen).read, timeout=5000)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.tree_model.count_of("smart:saved") == 1, timeout=5000)
    window.grab().save(str(out), "PNG")
    print(f"\nscreenshot: {out}")
    return chosen, QImage(str(out))


def pane_background(image: QImage) -> int:
    return image.pixelColor(image.width() - 40, image.height() // 2).lightness()


def test_window_grabs_to_png_on_the_sample_library(qtbot, library, make_window, tmp_path):
    files = sample_files(paths.resources_dir()) or [DATA / name for name in FEEDS]
    for path in files:
        library.add_feed(str(path), folder="Sample")
    chosen, image = grab_window(qtbot, make_window, library, tmp_path / "screenshot.png")
    assert chosen is not None, "no article with a Related callout"
    assert 'class="related"' in library.render(chosen).html
    assert (image.width(), image.height()) == (1280, 800)
    assert (tmp_path / "screenshot.png").stat().st_size > 10_000
    assert pane_background(image) > 200


def test_dark_window_uses_a_dark_pane(qtbot, library, make_window, tmp_path):
    for name in FEEDS:
        library.add_feed(str(DATA / name))
    app = QApplication.instance()
    before = app.palette()
    app.setPalette(dark_palette())
    try:
        _chosen, image = grab_window(qtbot, make_window, library, tmp_path / "dark.png")
    finally:
        app.setPalette(before)
    assert pane_background(image) < 80
    assert app.palette().color(QPalette.ColorRole.Base) == before.color(QPalette.ColorRole.Base)


def test_screenshot_script_writes_the_light_and_the_dark_picture(tmp_path):
    """scripts/screenshot.py on its own: two 1280x800 PNGs, the second with a dark pane."""
    out = tmp_path / "shot.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "screenshot.py"), str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    light, dark = QImage(str(out)), QImage(str(tmp_path / "shot-dark.png"))
    assert (light.width(), light.height()) == (dark.width(), dark.height()) == (1280, 800)
    assert pane_background(light) > 200 and pane_background(dark) < 80
