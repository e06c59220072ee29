"""What the window loads before its first list is shown: no dialog, no HTTP client.

Every module the start imports costs the UI thread before the first paint (and,
once PySide6 is loaded, a read of the module's source by PySide's ``__feature__``
import hook). Dialogs load when they are opened; the HTTP client when a refresh,
a feed's menu or a dialog needs it. Counted in a fresh process: the test
process has imported everything already.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

NOT_AT_START = (
    "reader.ui.dialogs",
    "reader.ui.account_dialog",
    "reader.ui.rules_dialog",
    "reader.ui.login_dialog",
    "reader.ui.rescue_offer",
    "reader.core.net.fetch",
    "httpx",
)

CHILD = textwrap.dedent(
    """
    import json, sys
    from reader.core.library import open_library
    from reader.ui import app as ui
    from reader.ui import main_window

    seen = {}
    build, show = main_window.MainWindow.__init__, main_window.MainWindow.show

    def built(self, *args, **kwargs):
        build(self, *args, **kwargs)

        def loaded():
            if "first_list" not in seen:
                seen["first_list"] = sorted(sys.modules)
                self.quit_app()

        self.list_loaded.connect(loaded)

    def shown(self):
        seen.setdefault("show", sorted(sys.modules))
        show(self)

    main_window.MainWindow.__init__ = built
    main_window.MainWindow.show = shown
    library = open_library(sys.argv[1])
    ui.run(library)  # byline gui's own start: returns when the window has quit
    library.close()
    print(json.dumps(seen))
    """
)


def test_no_dialog_and_no_http_client_before_the_first_list(tmp_path, feeds_library):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(feeds_library.data_dir)], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    at_show, at_first_list = set(seen["show"]), set(seen["first_list"])
    assert "reader.ui.main_window" in at_show and "reader.ui.prompts" in at_show
    # the UI modules' own imports, whatever the core's facade pulls in (its imports are the core's business)
    core_facade = {"httpx", "reader.core.net.fetch"} if "httpx" in _facade_imports() else set()
    assert sorted(set(NOT_AT_START) & at_first_list - core_facade) == []
    assert "PySide6.QtNetwork" not in at_show  # the single-instance server listens once the window is shown


def _facade_imports() -> set[str]:
    """What ``reader.core.library`` itself imports (the UI cannot do without the facade)."""
    done = subprocess.run(
        [sys.executable, "-c", "import json, sys, reader.core.library; print(json.dumps(sorted(sys.modules)))"],
        env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=60, check=True,
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))
