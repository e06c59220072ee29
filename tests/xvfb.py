"""A virtual X display (Xvfb) on a display number it picks itself, and a way to see a window on it."""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager

from tests.tools import require_tool


@contextmanager
def virtual_display() -> Iterator[str]:
    """Start Xvfb on a free display (``-displayfd``: no clash with other sessions); yield ":N"; stop it."""
    xvfb = require_tool("Xvfb", "xvfb")
    read_end, write_end = os.pipe()
    proc = subprocess.Popen(
        [xvfb, "-displayfd", str(write_end), "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
        pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end, "rb") as pipe:
            number = pipe.readline().strip().decode()
        if not number.isdigit():
            proc.kill()
            raise RuntimeError(f"Xvfb did not start: {proc.communicate(timeout=10)[1].decode(errors='replace')[-500:]}")
        yield f":{number}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        if proc.stderr is not None:
            proc.stderr.close()


_TOP_LEVEL = re.compile(r'^\s+(0x[0-9a-f]+) "(?P<title>[^"]*)": \("byline" "Byline"\)', re.M)


def wait_for_window(display: str, process: subprocess.Popen[bytes], timeout: float = 90) -> str:
    """The title of Byline's first viewable top-level window on ``display``.

    Raises:
        AssertionError: the process ended first, or no window was mapped in time.
    """
    xwininfo = require_tool("xwininfo", "x11-utils")
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if process.poll() is not None:
            raise AssertionError(f"byline exited with {process.returncode} before showing a window")
        tree = subprocess.run([xwininfo, "-display", display, "-root", "-tree"], capture_output=True, text=True, check=False)
        for match in _TOP_LEVEL.finditer(tree.stdout):
            info = subprocess.run([xwininfo, "-display", display, "-id", match.group(1)], capture_output=True, text=True, check=False)
            if "Map State: IsViewable" in info.stdout:
                return match.group("title")
        time.sleep(0.25)
    raise AssertionError(f"no Byline window appeared on {display} within {timeout:.0f} s")
