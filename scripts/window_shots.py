"""Write the window pictures of docs/window/: two sizes, light and dark, the sample library and a real story.

    python scripts/window_shots.py [SEED.txt]    (default: the first file of ../shared/seed)

Eight PNGs: 1400x900 and 800x600, light and dark, (a) the sample library on
its storm story (enclosures, a captioned photo, callouts with "!" and ":")
and (b) the seed story (a real news story with "[related]" callouts) beside
the sample. Each picture gets a fresh library in a temporary directory.
Runs on the offscreen platform unless QT_QPA_PLATFORM says otherwise.
"""

from __future__ import annotations

import os
import sys
import tempfile
from html import escape
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt is imported

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshot import wait_for, wait_until

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "window"
SIZES = ((1400, 900), (800, 600))
STORM = "Storm warning! What to pack before the ferries stop"


def seed_feed(seed: Path, folder: Path) -> Path:
    """The seed story (title line, then paragraphs) as a one-item RSS file."""
    lines = seed.read_text(encoding="utf-8").splitlines()
    title, body = lines[0].strip(), [line.strip() for line in lines[1:] if line.strip()]
    html = "".join(f"<p>{escape(p)}</p>" for p in body)
    path = folder / "seed.xml"
    path.write_text(
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>World News (seed story)</title>"
        "<link>https://news.example.com/</link><item>"
        f"<title>{escape(title)}</title><guid>seed-1</guid><link>https://news.example.com/world/seed-story</link>"
        "<pubDate>Tue, 01 Dec 2015 18:00:00 +0000</pubDate>"
        f"<description>{escape(html)}</description></item></channel></rss>",
        encoding="utf-8",
    )
    return path


def shoot(
    library_dir: Path, feeds: list[Path], title: str, size: tuple[int, int], theme: str, out: Path, end: Path | None = None
) -> None:
    from reader.core.library import open_library
    from reader.ui.app import application
    from reader.ui.main_window import MainWindow
    from reader.ui.style import apply_theme

    app = application()
    apply_theme(app, theme)
    lib = open_library(library_dir)
    try:
        for path in feeds:
            lib.add_feed(str(path), folder="Sample" if "sample" in str(path.parent) else "")
        chosen = next(a.id for a in lib.articles() if a.title == title)
        window = MainWindow(lib, open_external=lambda _url: None)
        try:
            window.resize(*size)
            window.show()
            wait_for(window.list_loaded)
            window.select_key("smart:all")
            wait_for(window.list_loaded)
            window.open_in_place(chosen)
            wait_for(window.article_shown)
            wait_until(lambda: not window.workers.is_busy(), 5000)
            app.processEvents()
            window.grab().save(str(out), "PNG")
            if end is not None:  # the same, scrolled to the end of the article (its attachments)
                bar = window.pane.verticalScrollBar()
                bar.setValue(bar.maximum())
                app.processEvents()
                window.grab().save(str(end), "PNG")
        finally:
            window.close()
    finally:
        lib.close()
        apply_theme(app, "system")


def main(argv: list[str]) -> int:
    from reader import paths
    from reader.ui.app import application
    from reader.ui.i18n import install_translators
    from reader.ui.tree_controller import sample_files

    _kept = install_translators(application(), paths.resources_dir())  # as the app does: English plurals too

    seeds = sorted((ROOT.parent / "shared" / "seed").glob("*.txt"))
    seed = Path(argv[0]) if argv else (seeds[0] if seeds else None)
    samples = sample_files(paths.resources_dir())
    OUT.mkdir(parents=True, exist_ok=True)
    for width, height in SIZES:
        for theme in ("light", "dark"):
            cases = [("sample", samples, STORM)]
            if seed is not None:
                with tempfile.TemporaryDirectory() as tmp:
                    story = seed_feed(seed, Path(tmp))
                    title = seed.read_text(encoding="utf-8").splitlines()[0].strip()
                    shot = OUT / f"{width}x{height}-{theme}-seed.png"
                    with tempfile.TemporaryDirectory() as data:
                        shoot(Path(data), [story, *samples], title, (width, height), theme, shot)
                    print(f"wrote {shot}")
            for name, feeds, title in cases:
                shot = OUT / f"{width}x{height}-{theme}-{name}.png"
                end = shot.with_name(shot.stem + "-end.png") if width == SIZES[0][0] else None
                with tempfile.TemporaryDirectory() as data:
                    shoot(Path(data), feeds, title, (width, height), theme, shot, end)
                print(f"wrote {shot}" + (f" and {end}" if end else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
