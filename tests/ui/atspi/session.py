"""Run the window under Xvfb in the current (private) D-Bus session and probe it through AT-SPI.

    dbus-run-session -- python tests/ui/atspi/session.py DATA_DIR OUT_JSON [LANG]

Starts Xvfb on a free display (``-displayfd``), starts the accessibility bus
(activating ``org.a11y.Bus`` before Qt asks for it: Qt only watches for the
service, it does not start it), runs app.py with Qt's AT-SPI bridge forced on,
waits for READY, runs probe.py with the system Python (which also opens and
closes Preferences and Add Feed through the bus) and writes its JSON to
OUT_JSON (stdout is shared with the bus daemons, which talk there).
Every process it started is stopped before it returns.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SYSTEM_PYTHON = "/usr/bin/python3"


def start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    os.close(write)
    number = b""
    while not number.endswith(b"\n"):
        chunk = os.read(read, 16)
        if not chunk:
            raise SystemExit("Xvfb did not start")
        number += chunk
    os.close(read)
    return xvfb, f":{number.decode().strip()}"


def main(data_dir: str, out_json: str, lang: str = "") -> int:
    xvfb, display = start_xvfb()
    app: subprocess.Popen[str] | None = None
    try:
        subprocess.run(
            ["dbus-send", "--session", "--print-reply", "--dest=org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus.GetAddress"],
            check=True, capture_output=True, timeout=30,
        )
        env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1")
        if lang:
            env.update(LANG=lang, LANGUAGE="", LC_ALL="", LC_MESSAGES="")
        app = subprocess.Popen([sys.executable, str(HERE / "app.py"), data_dir], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert app.stdout is not None
        line = app.stdout.readline()  # READY, or "" when the window ended (app.py's own timeout is the test's)
        if line.strip() != "READY":
            app.kill()
            raise SystemExit("the window did not get ready: " + (app.stderr.read()[-3000:] if app.stderr else ""))
        german = lang.startswith("de")
        finished = "geprüft" if german else "Checked"
        dialogs = {"Einstellungen": "Abbrechen", "Feed hinzufügen": "Abbrechen"} if german else {"Preferences": "Cancel", "Add Feed": "Cancel"}
        probe = subprocess.run(
            [SYSTEM_PYTHON, str(HERE / "probe.py"), finished, json.dumps(dialogs)], capture_output=True, text=True, timeout=120, env=env
        )
        if probe.returncode != 0:
            raise SystemExit("probe failed: " + probe.stderr[-2000:])
        Path(out_json).write_text(probe.stdout, encoding="utf-8")
        return 0
    finally:
        if app is not None:
            app.terminate()
            try:
                app.wait(10)
            except subprocess.TimeoutExpired:
                app.kill()
        xvfb.terminate()
        xvfb.wait(10)


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:]))
