"""Write docs/screenshot.png and docs/screenshot-dark.png: the window at 1280x800 on the sample library.

    python scripts/screenshot.py [OUT.png]   (the dark one is written beside it, "-dark" added)

Runs on the offscreen platform unless QT_QPA_PLATFORM says otherwise; the
library lives in a temporary directory that is removed afterwards.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str]) -> int:
    from reader import paths
    from reader.core.library import open_library
    from reader.ui.app import application, screenshot
    from reader.ui.main_window import sample_files

    out = Path(argv[0]) if argv else ROOT / "docs" / "screenshot.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    application()
    chosen = None
    for target, dark in ((out, False), (out.with_name(f"{out.stem}-dark{out.suffix}"), True)):
        with tempfile.TemporaryDirectory() as tmp:
            lib = open_library(tmp)
            try:
                for path in sample_files(paths.resources_dir()):
                    lib.add_feed(str(path), folder="Sample")
                chosen = screenshot(lib, target, dark=dark)
            finally:
                lib.close()
        print(f"wrote {target} (article {chosen})")
    return 0 if chosen is not None else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
