"""Start to window on a real X server: Byline beside RSS Guard, in the same Xvfb.

Each program is started on a private Xvfb display; the time is taken from the
launch to the moment its main window is viewable (``xwininfo`` polled every
5 ms, which adds up to ~10 ms to every figure alike). RSS Guard comes from
Debian (``apt-get install rssguard``) and starts on an empty profile; its
Chromium engine needs QTWEBENGINE_DISABLE_SANDBOX when run as root.

    python bench/window_peers.py --library DATA_DIR --runs 5
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
POLL = 0.005


class NoX(RuntimeError):
    """Xvfb, xwininfo or the program is not there."""


class Display:
    """A private Xvfb display, stopped on exit."""

    def __init__(self) -> None:
        if shutil.which("Xvfb") is None or shutil.which("xwininfo") is None:
            raise NoX("Xvfb and xwininfo are needed (apt-get install xvfb x11-utils)")
        read, write = os.pipe()
        self.log = tempfile.TemporaryFile(mode="w+")  # what Xvfb said: reported when a program cannot use the display
        self.proc = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=self.log,
        )
        os.close(write)
        with os.fdopen(read) as fh:
            number = fh.readline().strip()
        if not number:
            self.proc.kill()
            raise NoX("Xvfb did not start")
        self.name = f":{number}"

    def __enter__(self) -> Display:
        return self

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)
        self.log.close()

    def state(self) -> str:
        """Whether Xvfb still runs, and the last thing it printed (for a failed start's report)."""
        alive = "Xvfb running" if self.proc.poll() is None else f"Xvfb exited ({self.proc.returncode})"
        self.log.seek(0)
        lines = [line for line in self.log.read().splitlines() if line.strip()]
        return f"{alive}; Xvfb said: {lines[-1][:120] if lines else 'nothing'}"


def _viewable(display: str, title: re.Pattern[str]) -> bool:
    env = {**os.environ, "DISPLAY": display}
    tree = subprocess.run(["xwininfo", "-root", "-tree"], env=env, capture_output=True, text=True).stdout
    for line in tree.splitlines():
        found = re.match(r'\s*(0x[0-9a-f]+) "([^"]*)"', line)
        if found and title.search(found.group(2)):
            info = subprocess.run(["xwininfo", "-id", found.group(1)], env=env, capture_output=True, text=True).stdout
            if "IsViewable" in info:
                return True
    return False


def time_to_window(cmd: Sequence[str], env: dict[str, str], title: str, timeout: float = 60.0) -> float:
    """Seconds from launching ``cmd`` to a viewable top-level window whose name matches ``title``."""
    pattern = re.compile(title)
    with Display() as display:
        env = {**env, "DISPLAY": display.name, "QT_QPA_PLATFORM": "xcb"}
        errors = tempfile.TemporaryFile(mode="w+")  # kept: a start that fails says why (Qt aborts without a display)
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        try:
            while time.perf_counter() - t0 < timeout:
                if _viewable(display.name, pattern):
                    return time.perf_counter() - t0
                if proc.poll() is not None:
                    errors.seek(0)
                    said = errors.read().strip().splitlines() or ["nothing on stderr"]
                    # Qt's reason is the line naming the display ("could not connect to display"), not the last one.
                    why = next((line for line in said if "display" in line.lower()), said[-1])[:160]
                    raise NoX(f"{cmd[0]} exited ({proc.returncode}) before its window was shown on {display.name}: "
                              f"{why} ({display.state()})")
                time.sleep(POLL)
            raise NoX(f"no window within {timeout:.0f} s")
        finally:
            errors.close()
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def rssguard_start() -> float:
    """RSS Guard, on an empty profile, to its main window ("RSS Guard 4.x")."""
    binary = shutil.which("rssguard")
    if binary is None:
        raise NoX("rssguard is not installed (apt-get install rssguard)")
    with tempfile.TemporaryDirectory(prefix="rssguard-") as home:
        env = {**os.environ, "HOME": home, "XDG_CONFIG_HOME": f"{home}/config", "XDG_DATA_HOME": f"{home}/data",
               "XDG_CACHE_HOME": f"{home}/cache", "QTWEBENGINE_DISABLE_SANDBOX": "1"}
        return time_to_window([binary], env, r"^RSS Guard \d")


def byline_start(data_dir: Path) -> float:
    """``byline --data-dir DIR gui`` to its main window ("Byline")."""
    env = {k: v for k, v in os.environ.items() if k not in ("BYLINE_DATA_DIR", "PYTHONDONTWRITEBYTECODE")}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return time_to_window([sys.executable, "-m", "reader", "--data-dir", str(data_dir), "gui"], env, r"^Byline")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, required=True, help="a Byline data dir (e.g. a generated 1M library)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    byline: list[float] = []
    rssguard: list[float] = []
    for _ in range(args.runs):  # interleaved rounds
        byline.append(byline_start(args.library))
        rssguard.append(rssguard_start())
    for name, samples in (("Byline", byline), ("RSS Guard (empty)", rssguard)):
        print(f"{name:18} median {statistics.median(samples):.3f} s  min-max {min(samples):.3f}-{max(samples):.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
